/* test-headless.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shopcast binary as a user or a script runs it: exit codes, the event
 * log, the recording, the snapshot and a real RTMP server on loopback. */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "sc-test-rtmp.h"

typedef struct {
  char *tmpdir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->tmpdir = g_dir_make_tmp ("sc-headless-XXXXXX", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_remove_dir (f->tmpdir);
  g_free (f->tmpdir);
}

static const char *
binary (void)
{
  const char *bin = g_getenv ("SHOPCAST_BIN");

  g_assert_nonnull (bin);
  return bin;
}

/* Runs shopcast with @args (NULL-terminated), returns the exit status. */
static int
run_shopcast (const char * const  *args,
              char               **out,
              char               **err,
              const char          *key_env_value)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer)binary ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  if (key_env_value != NULL)
    g_subprocess_launcher_setenv (launcher, "SC_TEST_STREAM_KEY", key_env_value, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  static const struct {
    const char *args[6];
    int status;
    const char *says;
  } cases[] = {
    { { "--headless", NULL }, 2, "--demo" },
    { { "--headless", "--demo", "--show", "x.shopcast", NULL }, 2, "--demo" },
    { { "--headless", "--demo", "--duration", "abc", NULL }, 2, "duration" },
    { { "--headless", "--demo", "--layout", "mosaic", NULL }, 2, "mosaic" },
    { { "--headless", "--demo", "--output", "http://127.0.0.1/x", NULL }, 2, "rtmp://" },
    { { "--headless", "--show", "/nonexistent/show.shopcast", NULL }, 2, "show.shopcast" },
    { { "--headless", "--demo", "--pin", "no-such-product", NULL }, 2, "no-such-product" },
    { { "--headless", "--demo", "--no-such-option", NULL }, 2, "no-such-option" },
    { { "--version", NULL }, 0, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = run_shopcast (cases[i].args, &out, &err, NULL);

      g_test_message ("%s %s: %d, %s", cases[i].args[0], cases[i].args[1] ? cases[i].args[1] : "",
                      status, err);
      g_assert_cmpint (status, ==, cases[i].status);
      if (cases[i].says != NULL)
        g_assert_nonnull (strstr (err, cases[i].says));
    }

  {
    const char *args[] = { "--version", NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    run_shopcast (args, &out, &err, NULL);
    g_assert_nonnull (strstr (out, PACKAGE_VERSION));
  }
}

static void
test_bad_show_file (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmpdir, "broken.shopcast", NULL);
  const char *args[] = { "--headless", "--show", path, "--duration", "1", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (path, "{\"canvas\": {\"width\": -5}}", -1, NULL));
  g_assert_cmpint (run_shopcast (args, &out, &err, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "broken.shopcast"));
  g_assert_nonnull (strstr (err, "width"));
}

static void
assert_recording (const char *path,
                  double      duration)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScTestProbe) probe = sc_test_ffprobe (path, &error);
  const ScTestProbeStream *video;
  ScTestPacketSpan span;

  g_assert_no_error (error);
  video = sc_test_probe_get_stream (probe, "video");
  g_assert_nonnull (video);
  g_assert_cmpstr (video->codec_name, ==, "h264");
  g_assert_cmpint (video->width, ==, 1280);
  g_assert_cmpint (video->height, ==, 720);
  g_assert_nonnull (sc_test_probe_get_stream (probe, "audio"));
  g_assert_true (sc_test_ffprobe_packet_duration (path, "v", &span, &error));
  g_test_message ("%s: %.2f s, largest gap %.3f s", path, span.span, span.max_gap);
  g_assert_cmpfloat_with_epsilon (span.span, duration, 1.2);
  g_assert_cmpfloat (span.max_gap, <, 0.1);
}

/* How long the show says the recording ran: from its output-state "live"
 * to "stopped". Wall time from the test's side includes the start-up of a
 * loaded machine, which the file does not. */
static double
recording_live_s (GPtrArray  *events,
                  const char *path)
{
  double live = -1, stopped = -1;

  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *e = g_ptr_array_index (events, i);

      if (!g_str_equal (json_object_get_string_member (e, "event"), "output-state") ||
          g_strcmp0 (json_object_get_string_member (e, "url"), path) != 0)
        continue;
      if (g_str_equal (json_object_get_string_member (e, "state"), "live") && live < 0)
        live = json_object_get_double_member (e, "t");
      else if (g_str_equal (json_object_get_string_member (e, "state"), "stopped"))
        stopped = json_object_get_double_member (e, "t");
    }
  g_assert_cmpfloat (live, >=, 0);
  g_assert_cmpfloat (stopped, >, live);
  return stopped - live;
}

static void
test_demo_show (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(ScTestRtmpServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *events_path = g_build_filename (f->tmpdir, "events.jsonl", NULL);
  g_autofree char *record_path = g_build_filename (f->tmpdir, "demo.mkv", NULL);
  g_autofree char *png_path = g_build_filename (f->tmpdir, "snapshot.png", NULL);
  g_autofree char *url = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) pieces = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  JsonObject *stats;
  JsonArray *outputs;

  if (!sc_test_require_rtmp_server () || !sc_test_require_tool ("ffprobe"))
    return;
  server = sc_test_rtmp_server_new (&error);
  g_assert_no_error (error);
  url = sc_test_rtmp_server_get_url (server, "demo");

  {
    const char *args[] = { "--headless", "--demo", "--duration", "6", "--events", events_path,
                           "--record", record_path, "--snapshot", png_path, "--output", url,
                           "--pin", "mug-01", "--layout", "product-focus", NULL };

    g_assert_cmpint (run_shopcast (args, &out, &err, NULL), ==, 0);
  }

  events = sc_test_read_events (events_path);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (events, 0), "event"), ==,
                   "show-started");
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (events, events->len - 1),
                                                  "event"), ==, "show-ended");
  g_assert_cmpuint (sc_test_count_events (events, "stats"), >=, 5);
  /* The command line's layout and pin win over the show file's, from the start. */
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (events, 0), "layout"), ==,
                   "product-focus");
  g_assert_cmpuint (sc_test_count_events (events, "layout"), ==, 0);
  g_assert_cmpuint (sc_test_count_events (events, "pinned"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (sc_test_last_event (events, "pinned"), "product_id"),
                   ==, "mug-01");
  g_assert_cmpuint (sc_test_count_events (events, "overlay-updated"), >=, 1);
  g_assert_cmpuint (sc_test_count_events (events, "recording-finished"), ==, 1);
  /* The demo's camera does not exist here: a slate, reported, never a failed show. */
  g_assert_cmpuint (sc_test_count_events (events, "source-failed"), >=, 1);
  g_assert_cmpuint (sc_test_count_events (events, "chat"), >=, 1);

  stats = sc_test_last_event (events, "stats");
  g_assert_cmpint (json_object_get_int_member (stats, "render_drops"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (stats, "frames"), >=, 170);
  outputs = json_object_get_array_member (stats, "outputs");
  g_assert_cmpuint (json_array_get_length (outputs), ==, 2);
  for (guint i = 0; i < json_array_get_length (outputs); i++)
    {
      JsonObject *o = json_array_get_object_element (outputs, i);

      g_assert_cmpint (json_object_get_int_member (o, "bytes"), >, 100000);
      g_assert_cmpint (json_object_get_int_member (o, "dropped_frames"), ==, 0);
    }

  /* The same events went to the show database, under a new show. */
  {
    g_autofree char *db_path = g_build_filename (g_get_user_data_dir (), "shopcast",
                                                 "shows.sqlite", NULL);
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT COUNT(*), SUM(event = 'chat') FROM events "
                                             "WHERE show_id = (SELECT MAX(id) FROM shows "
                                             "WHERE title = 'Cosy Corner Live')",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, events->len);
    g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, sc_test_count_events (events, "chat"));
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }

  assert_recording (record_path, 6.0);
  g_assert_true (sc_test_rtmp_server_wait_idle (server, 10));
  pieces = sc_test_rtmp_server_list_recordings (server, "demo");
  g_assert_cmpuint (pieces->len, ==, 1);
  assert_recording (g_ptr_array_index (pieces, 0), 6.0);

  pixbuf = gdk_pixbuf_new_from_file (png_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 1280);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 720);
}

static gboolean
send_sigint_cb (gpointer data)
{
  g_subprocess_send_signal (data, SIGINT);
  return G_SOURCE_REMOVE;
}

static void
test_sigint (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *events_path = g_build_filename (f->tmpdir, "events.jsonl", NULL);
  g_autofree char *record_path = g_build_filename (f->tmpdir, "sigint.mkv", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;

  if (!sc_test_require_tool ("ffprobe"))
    return;
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, binary (),
                              "--headless", "--demo", "--events", events_path,
                              "--record", record_path, NULL);
  g_assert_no_error (error);
  g_timeout_add (4000, send_sigint_cb, process);
  g_assert_true (sc_test_subprocess_wait (process, 30));
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  events = sc_test_read_events (events_path);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (events, events->len - 1),
                                                  "event"), ==, "show-ended");
  assert_recording (record_path, recording_live_s (events, record_path));
}

static void
test_key_never_logged (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(ScTestRtmpServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *show_path = g_build_filename (f->tmpdir, "keyed.shopcast", NULL);
  g_autofree char *events_path = g_build_filename (f->tmpdir, "events.jsonl", NULL);
  g_autofree char *show = NULL;
  g_autofree char *url = NULL;
  g_autofree char *events = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "--headless", "--show", show_path, "--duration", "4",
                         "--events", events_path, NULL };

  if (!sc_test_require_rtmp_server ())
    return;
  server = sc_test_rtmp_server_new (&error);
  g_assert_no_error (error);
  url = g_strdup_printf ("rtmp://127.0.0.1:%u/live", sc_test_rtmp_server_get_port (server));
  show = g_strdup_printf ("{\"title\": \"Keyed\","
                          " \"sources\": [{\"id\": \"host\", \"kind\": \"test-pattern\"}],"
                          " \"outputs\": [{\"name\": \"Local\", \"url\": \"%s\","
                          " \"key_env\": \"SC_TEST_STREAM_KEY\"}],"
                          " \"recording\": {\"enabled\": false}}", url);
  g_assert_true (g_file_set_contents (show_path, show, -1, NULL));

  g_assert_cmpint (run_shopcast (args, &out, &err, "sekrit-stream-key-42"), ==, 0);
  g_assert_true (g_file_get_contents (events_path, &events, NULL, NULL));
  g_assert_null (strstr (events, "sekrit"));
  g_assert_null (strstr (err, "sekrit"));
  g_assert_null (strstr (out, "sekrit"));
  g_assert_nonnull (strstr (events, "\"state\":\"live\""));
  /* The key reached the server as the stream name. */
  g_assert_true (sc_test_rtmp_server_wait_idle (server, 10));
  {
    g_autoptr(GPtrArray) pieces = sc_test_rtmp_server_list_recordings (server,
                                                                       "sekrit-stream-key-42");

    g_assert_cmpuint (pieces->len, ==, 1);
  }

  /* Without the variable the show does not start, and says which one is missing. */
  {
    const char *args2[] = { "--headless", "--show", show_path, "--duration", "1", NULL };
    g_autofree char *out2 = NULL;
    g_autofree char *err2 = NULL;

    g_assert_cmpint (run_shopcast (args2, &out2, &err2, NULL), ==, 2);
    g_assert_nonnull (strstr (err2, "SC_TEST_STREAM_KEY"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/headless/usage", Fixture, NULL, fixture_set_up, test_usage, fixture_tear_down);
  g_test_add ("/headless/bad-show-file", Fixture, NULL, fixture_set_up, test_bad_show_file,
              fixture_tear_down);
  g_test_add ("/headless/demo-show", Fixture, NULL, fixture_set_up, test_demo_show,
              fixture_tear_down);
  g_test_add ("/headless/sigint", Fixture, NULL, fixture_set_up, test_sigint,
              fixture_tear_down);
  g_test_add ("/headless/key-never-logged", Fixture, NULL, fixture_set_up,
              test_key_never_logged, fixture_tear_down);
  return g_test_run ();
}
