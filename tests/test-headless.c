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
#include <sys/resource.h>

#include "sc-test-rtmp.h"

typedef struct {
  char *tmpdir;
} Fixture;

/* Generous: a show of a few seconds on a loaded 2-core machine. */
#define RUN_TIMEOUT_S 120

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->tmpdir = sc_test_make_tmp_dir ("sc-headless");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_remove_dir (f->tmpdir);
  g_free (f->tmpdir);
}

/* Runs shopcast with @args (NULL-terminated), returns the exit status. */
static int
run_shopcast (const char * const  *args,
              char               **out,
              char               **err,
              const char          *key_env_value)
{
  g_autofree char *key = NULL;
  const char *env[] = { NULL, NULL };

  if (key_env_value != NULL)
    env[0] = key = g_strconcat ("SC_TEST_STREAM_KEY=", key_env_value, NULL);
  return sc_test_run_shopcast (env, args, out, err, RUN_TIMEOUT_S);
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
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Keys and tokens never travel over plain http to another host: refused
   * at load, before anything connects. */
  g_assert_true (g_file_set_contents (path,
                                      "{\"chat\": {\"sources\": [{\"platform\": \"youtube\","
                                      " \"live_chat_id\": \"x\", \"api_key_env\": \"HOME\","
                                      " \"url\": \"http://192.0.2.1/youtube/v3\"}]}}", -1, NULL));
  g_assert_cmpint (run_shopcast (args, &out, &err, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "$.chat.sources[0].url"));
  g_assert_nonnull (strstr (err, "unencrypted"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_file_set_contents (path,
                                      "{\"shop\": {\"provider\": \"shopify\", \"token_env\":"
                                      " \"HOME\", \"url\": \"http://127.0.0.1.example.com\"}}",
                                      -1, NULL));
  g_assert_cmpint (run_shopcast (args, &out, &err, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "$.shop.url"));
  g_assert_nonnull (strstr (err, "plain http"));
}

/* The recording's entry in a stats event, or the (only) RTMP output's. */
static JsonObject *
stats_output (JsonObject *stats,
              gboolean    recording)
{
  JsonArray *outputs = json_object_get_array_member (stats, "outputs");

  for (guint i = 0; i < json_array_get_length (outputs); i++)
    {
      JsonObject *o = json_array_get_object_element (outputs, i);

      if (json_object_get_boolean_member (o, "recording") == recording)
        return o;
    }
  g_assert_not_reached ();
}

/* The file holds what the show says it sent to @output, never what the wall
 * clock suggests: on a loaded machine a show starts late and may lose frames,
 * and says so in its counters. */
static void
assert_recording (const char *path,
                  GPtrArray  *events,
                  gboolean    recording)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScTestProbe) probe = sc_test_ffprobe (path, &error);
  JsonObject *started = g_ptr_array_index (events, 0);
  JsonObject *stats = sc_test_last_event (events, "stats");
  JsonObject *o = stats_output (stats, recording);
  double fps = json_object_get_int_member (started, "fps");
  gint64 frames = json_object_get_int_member (stats, "frames");
  gint64 render_drops = json_object_get_int_member (stats, "render_drops");
  gint64 dropped = json_object_get_int_member (o, "dropped_frames");
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
  g_assert_no_error (error);
  g_test_message ("%s: %u packets over %.3f s, largest gap %.3f s; the show: %" G_GINT64_FORMAT
                  " frames, %" G_GINT64_FORMAT " lost before the encoder, %" G_GINT64_FORMAT
                  " dropped by the output", path, span.n_packets, span.span, span.max_gap,
                  frames, render_drops, dropped);
  g_assert_cmpint (frames, >, 0);
  /* Every frame the show sent to this output is in the file. */
  g_assert_cmpint (span.n_packets, ==, frames - dropped);
  /* The file's timeline is the show's: its frames and the holes it reported. */
  g_assert_cmpfloat_with_epsilon (span.span, (frames + render_drops - 1) / fps,
                                  (dropped + 2) / fps);
  g_assert_cmpfloat (span.max_gap, <=, (render_drops + dropped + 1.5) / fps);
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
    const char *args[] = { "--headless", "--demo", "--events", events_path,
                           "--record", record_path, "--snapshot", png_path, "--output", url,
                           "--pin", "mug-01", "--layout", "product-focus", NULL };
    g_autoptr(ScTestProcess) process = sc_test_shopcast_spawn (NULL, args);

    /* Stopped once the show says it has shown chat and run three seconds by
     * its own clock, however long the machine took to get there. */
    g_assert_true (sc_test_wait_for_event (events_path, "chat", NULL, NULL, RUN_TIMEOUT_S));
    g_assert_true (sc_test_wait_for_events (events_path, "stats", 3, RUN_TIMEOUT_S));
    sc_test_process_send_signal (process, SIGINT);
    g_assert_true (sc_test_process_wait (process, RUN_TIMEOUT_S));
    g_assert_cmpint (sc_test_process_get_status (process), ==, 0);
  }

  events = sc_test_read_events (events_path);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (events, 0), "event"), ==,
                   "show-started");
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (events, events->len - 1),
                                                  "event"), ==, "show-ended");
  /* Once a second and once at the end: at least the last one, whatever the load. */
  g_assert_cmpuint (sc_test_count_events (events, "stats"), >=, 1);
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
  outputs = json_object_get_array_member (stats, "outputs");
  g_assert_cmpuint (json_array_get_length (outputs), ==, 2);
  for (guint i = 0; i < json_array_get_length (outputs); i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (outputs, i),
                                                 "bytes"), >, 0);
  /* Frame counters only grow, stats after stats. */
  {
    gint64 frames = 0;

    for (guint i = 0; i < events->len; i++)
      if (g_str_equal (json_object_get_string_member (g_ptr_array_index (events, i), "event"),
                       "stats"))
        {
          gint64 now = json_object_get_int_member (g_ptr_array_index (events, i), "frames");

          g_assert_cmpint (now, >=, frames);
          frames = now;
        }
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

  assert_recording (record_path, events, TRUE);
  g_assert_true (sc_test_rtmp_server_wait_idle (server, 10));
  pieces = sc_test_rtmp_server_list_recordings (server, "demo");
  g_assert_cmpuint (pieces->len, ==, 1);
  assert_recording (g_ptr_array_index (pieces, 0), events, FALSE);

  pixbuf = gdk_pixbuf_new_from_file (png_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 1280);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 720);
}

/* --auto-advance: the rundown runs by itself, each segment moving on when
 * its minutes are up by the show clock; all of it in the event log. */
static void
test_auto_advance (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *events_path = g_build_filename (f->tmpdir, "events.jsonl", NULL);
  g_autofree char *record_path = g_build_filename (f->tmpdir, "rundown.mkv", NULL);
  g_autofree char *show_path = g_build_filename (f->tmpdir, "rundown.shopcast", NULL);
  g_autofree char *catalog_path = g_build_filename (f->tmpdir, "catalog.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  const char *args[] = { "--headless", "--show", show_path, "--auto-advance",
                         "--events", events_path, "--record", record_path, NULL };
  static const char * const ids[] = { "a", "b", "c" };
  guint started = 0;
  guint ended = 0;

  g_file_set_contents (catalog_path,
                       "{\"currency\": \"EUR\", \"products\": ["
                       " {\"id\": \"a\", \"title\": \"A\", \"price\": \"10.00\"},"
                       " {\"id\": \"b\", \"title\": \"B\", \"price\": \"20.00\"},"
                       " {\"id\": \"c\", \"title\": \"C\", \"price\": \"30.00\"}]}",
                       -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (show_path,
                       "{\"version\": 1, \"title\": \"Auto\","
                       " \"canvas\": {\"width\": 320, \"height\": 180, \"fps\": 15},"
                       " \"sources\": [{\"id\": \"bars\", \"kind\": \"test-pattern\"}],"
                       " \"products\": {\"file\": \"catalog.json\", \"rundown\": ["
                       "  {\"product\": \"a\", \"minutes\": 0.02, \"notes\": \"host only\"},"
                       "  {\"product\": \"b\", \"minutes\": 0.02,"
                       "   \"sale\": {\"price\": \"15.00\", \"minutes\": 0.01}},"
                       "  {\"product\": \"c\", \"minutes\": 0.02}]}}", -1, &error);
  g_assert_no_error (error);

  {
    g_autoptr(ScTestProcess) process = sc_test_shopcast_spawn (NULL, args);

    g_assert_true (sc_test_wait_for_events (events_path, "segment-ended", 3, RUN_TIMEOUT_S));
    sc_test_process_send_signal (process, SIGINT);
    g_assert_true (sc_test_process_wait (process, 30));
    g_assert_cmpint (sc_test_process_get_status (process), ==, 0);
  }

  events = sc_test_read_events (events_path);
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *e = g_ptr_array_index (events, i);
      const char *name = json_object_get_string_member (e, "event");

      if (g_str_equal (name, "segment-started"))
        {
          g_assert_cmpuint (started, <, 3);
          g_assert_cmpint (json_object_get_int_member (e, "index"), ==, started);
          g_assert_cmpstr (json_object_get_string_member (e, "product_id"), ==, ids[started]);
          /* Nothing pinned: --auto-advance starts the rundown. */
          g_assert_cmpuint (started, ==, ended);
          started++;
        }
      else if (g_str_equal (name, "segment-ended"))
        {
          g_assert_cmpint (json_object_get_int_member (e, "index"), ==, ended);
          g_assert_cmpstr (json_object_get_string_member (e, "reason"), ==, "time-up");
          g_assert_cmpfloat (json_object_get_double_member (e, "seconds_on_air"), >=, 1.2 - 0.001);
          ended++;
        }
    }
  g_assert_cmpuint (started, ==, 3);
  g_assert_cmpuint (ended, ==, 3);
  g_assert_cmpstr (json_object_get_string_member (sc_test_last_event (events, "sale-ended"),
                                                  "reason"), ==, "time-up");
  g_assert_cmpint (json_object_get_int_member (sc_test_last_event (events, "sale-started"),
                                               "price"), ==, 1500);
  g_assert_cmpuint (sc_test_count_events (events, "pinned"), ==, 3);
}

static void
test_sigint (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *events_path = g_build_filename (f->tmpdir, "events.jsonl", NULL);
  g_autofree char *record_path = g_build_filename (f->tmpdir, "sigint.mkv", NULL);
  const char *args[] = { "--headless", "--demo", "--events", events_path,
                         "--record", record_path, NULL };
  g_autoptr(ScTestProcess) process = NULL;
  g_autoptr(GPtrArray) events = NULL;

  if (!sc_test_require_tool ("ffprobe"))
    return;
  process = sc_test_shopcast_spawn (NULL, args);
  /* Stopped once the show itself says it has recorded for a while: three
   * periodic stats lines, whenever that is on the wall clock. */
  g_assert_true (sc_test_wait_for_events (events_path, "stats", 3, RUN_TIMEOUT_S));

  /* The show runs in shopcast-engine, the same process (exec), without
   * GTK or libadwaita loaded. */
  {
    const char *pid = g_subprocess_get_identifier (sc_test_process_get_subprocess (process));
    g_autofree char *comm_path = g_strdup_printf ("/proc/%s/comm", pid);
    g_autofree char *maps_path = g_strdup_printf ("/proc/%s/maps", pid);
    g_autofree char *comm = NULL;
    g_autofree char *maps = NULL;

    g_assert_true (g_file_get_contents (comm_path, &comm, NULL, NULL));
    g_assert_cmpstr (g_strstrip (comm), ==, "shopcast-engine");
    g_assert_true (g_file_get_contents (maps_path, &maps, NULL, NULL));
    g_assert_nonnull (strstr (maps, "libgstreamer-1.0"));
    g_assert_null (strstr (maps, "libgtk-4"));
    g_assert_null (strstr (maps, "libadwaita-1"));
  }

  sc_test_process_send_signal (process, SIGINT);
  g_assert_true (sc_test_process_wait (process, 30));
  g_assert_cmpint (sc_test_process_get_status (process), ==, 0);

  events = sc_test_read_events (events_path);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (events, events->len - 1),
                                                  "event"), ==, "show-ended");
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (events, events->len - 1),
                                                  "reason"), ==, "stopped");
  g_assert_cmpuint (sc_test_count_events (events, "recording-finished"), ==, 1);
  assert_recording (record_path, events, TRUE);
}

/* A destination that never went live makes the run fail (exit 1) and the
 * summary says which; the recording is kept. show-started says when, which
 * show row and which version. */
static void
test_output_never_live (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *events_path = g_build_filename (f->tmpdir, "events.jsonl", NULL);
  g_autofree char *record_path = g_build_filename (f->tmpdir, "kept.mkv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GRegex) iso = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"
                                       "[+-]\\d\\d:\\d\\d$", 0, 0, NULL);
  /* Port 1 on loopback: nothing listens, every attempt is refused. */
  const char *args[] = { "--headless", "--demo", "--duration", "4", "--events", events_path,
                         "--record", record_path, "--output", "rtmp://127.0.0.1:1/live/nobody",
                         NULL };
  JsonObject *started;

  if (!sc_test_require_tool ("ffprobe"))
    return;
  g_assert_cmpint (run_shopcast (args, &out, &err, NULL), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "summary"));
  g_assert_nonnull (strstr (err, "Destination 1 (rtmp://127.0.0.1:1/live/***)"));
  g_assert_nonnull (strstr (err, "never went live"));
  g_assert_nonnull (strstr (err, "Recording"));
  g_assert_nonnull (strstr (err, record_path));

  events = sc_test_read_events (events_path);
  started = g_ptr_array_index (events, 0);
  g_assert_cmpstr (json_object_get_string_member (started, "event"), ==, "show-started");
  g_assert_true (g_regex_match (iso, json_object_get_string_member (started, "started_at"), 0,
                                NULL));
  g_assert_cmpint (json_object_get_int_member (started, "show_id"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (started, "version"), ==, PACKAGE_VERSION);
  g_assert_cmpuint (sc_test_count_events (events, "live-started"), ==, 1);
  g_assert_cmpuint (sc_test_count_events (events, "live-ended"), ==, 1);
  g_assert_cmpuint (sc_test_count_events (events, "recording-finished"), ==, 1);
  /* The recording is kept and plays. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ScTestProbe) probe = sc_test_ffprobe (record_path, &error);

    g_assert_no_error (error);
    g_assert_nonnull (sc_test_probe_get_stream (probe, "video"));
  }
}

/* --rehearse: nothing recorded before going live; a show stopped while
 * still rehearsing streamed nothing, and exits 1 saying so. */
static void
test_rehearse (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *events_path = g_build_filename (f->tmpdir, "events.jsonl", NULL);
  g_autofree char *record_path = g_build_filename (f->tmpdir, "rehearsed.mkv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) events = NULL;
  const char *rehearse_only[] = { "--headless", "--demo", "--duration", "1", "--rehearse", "30",
                                  "--events", events_path, "--record", record_path, NULL };
  const char *rehearse_then_live[] = { "--headless", "--demo", "--duration", "4", "--rehearse",
                                       "1", "--events", events_path, "--record", record_path,
                                       NULL };
  JsonObject *live;
  int status;

  g_assert_cmpint (run_shopcast (rehearse_only, &out, &err, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "never went live"));
  g_assert_false (g_file_test (record_path, G_FILE_TEST_EXISTS));
  events = sc_test_read_events (events_path);
  g_assert_cmpuint (sc_test_count_events (events, "live-started"), ==, 0);
  g_assert_cmpuint (sc_test_count_events (events, "recording-started"), ==, 0);
  g_clear_pointer (&events, g_ptr_array_unref);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  status = run_shopcast (rehearse_then_live, &out, &err, NULL);
  g_test_message ("%s", err);
  g_assert_cmpint (status, ==, 0);
  events = sc_test_read_events (events_path);
  live = sc_test_last_event (events, "live-started");
  g_assert_nonnull (live);
  /* By the show's own clock, it rehearsed first. */
  g_assert_cmpfloat (json_object_get_double_member (live, "t"), >=, 1.0);
  g_assert_cmpuint (sc_test_count_events (events, "live-ended"), ==, 1);
  g_assert_true (g_file_test (record_path, G_FILE_TEST_EXISTS));
}


/* The output called @name in a stats event, or NULL. */
static JsonObject *
stats_output_named (JsonObject *stats,
                    const char *name)
{
  JsonArray *outputs = json_object_get_array_member (stats, "outputs");

  for (guint i = 0; i < json_array_get_length (outputs); i++)
    {
      JsonObject *o = json_array_get_object_element (outputs, i);

      if (g_strcmp0 (json_object_get_string_member (o, "name"), name) == 0)
        return o;
    }
  return NULL;
}

/* Neither a recording that cannot start nor one that stops is silent: stderr
 * says so at once, the log has an `error` and `recording-failed` (never
 * `recording-finished`), the exit status is 1, and the destination streams on. */
static void
assert_recording_failed (ScTestProcess *process,
                         GPtrArray     *events,
                         const char    *record_path,
                         const char    *says)
{
  const char *err = sc_test_process_get_stderr (process);
  JsonObject *failed = sc_test_last_event (events, "recording-failed");
  JsonObject *error = sc_test_last_event (events, "error");

  g_test_message ("%s", err);
  g_assert_cmpint (sc_test_process_get_status (process), ==, 1);
  g_assert_nonnull (strstr (err, "The recording"));
  g_assert_nonnull (strstr (err, says));
  g_assert_nonnull (strstr (err, "The show goes on"));
  g_assert_cmpuint (sc_test_count_events (events, "recording-failed"), ==, 1);
  g_assert_cmpuint (sc_test_count_events (events, "recording-finished"), ==, 0);
  g_assert_nonnull (failed);
  g_assert_cmpstr (json_object_get_string_member (failed, "path"), ==, record_path);
  g_assert_nonnull (strstr (json_object_get_string_member (failed, "error"), says));
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "domain"), ==, "sc-media-error-quark");
  g_assert_nonnull (strstr (json_object_get_string_member (error, "message"), says));
  /* The destination never stopped: live once, never reconnecting. */
  g_assert_cmpint (sc_test_find_event (events, 0, "output-state", "state", "live"), >=, 0);
  g_assert_cmpint (sc_test_find_event (events, 0, "output-state", "state", "reconnecting"),
                   ==, -1);
}

/* `--record /proc/x.mkv`: nothing can be written there, not even by root. */
static void
test_recording_unwritable (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(ScTestRtmpServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScTestProcess) process = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *events_path = g_build_filename (f->tmpdir, "events.jsonl", NULL);
  g_autofree char *url = NULL;

  if (!sc_test_require_rtmp_server ())
    return;
  server = sc_test_rtmp_server_new (&error);
  g_assert_no_error (error);
  url = sc_test_rtmp_server_get_url (server, "goes-on");
  {
    const char *args[] = { "--headless", "--demo", "--events", events_path,
                           "--record", "/proc/x.mkv", "--output", url, NULL };

    process = sc_test_shopcast_spawn (NULL, args);
  }
  g_assert_true (sc_test_wait_for_event (events_path, "recording-failed", NULL, NULL,
                                         RUN_TIMEOUT_S));
  g_assert_true (sc_test_wait_for_event (events_path, "output-state", "state", "live",
                                         RUN_TIMEOUT_S));
  sc_test_process_send_signal (process, SIGINT);
  g_assert_true (sc_test_process_wait (process, RUN_TIMEOUT_S));

  events = sc_test_read_events (events_path);
  assert_recording_failed (process, events, "/proc/x.mkv", "Cannot write to the folder");
  /* It never started, so it is not announced as started. */
  g_assert_cmpuint (sc_test_count_events (events, "recording-started"), ==, 0);
  g_assert_nonnull (strstr (sc_test_process_get_stderr (process),
                            "Recording /proc/x.mkv: 0.0 s, stopped (Cannot write"));
  g_assert_false (g_file_test ("/proc/x.mkv", G_FILE_TEST_EXISTS));
}

/* The disk fills mid-show, for real: shopcast may write at most 600 kB per
 * file (RLIMIT_FSIZE, with SIGXFSZ ignored, so write() fails with EFBIG as
 * on a full disk). The limit and the ignored signal are set in this process
 * only around the spawn, so nginx and the test itself are not limited. */
static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(ScTestRtmpServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScTestProcess) process = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(ScTestProbe) probe = NULL;
  g_autofree char *events_path = g_build_filename (f->tmpdir, "events.jsonl", NULL);
  g_autofree char *record_path = g_build_filename (f->tmpdir, "full.mkv", NULL);
  g_autofree char *url = NULL;
  struct rlimit saved, limited;
  void (*saved_handler) (int);
  ScTestPacketSpan span;
  gboolean keyframe = FALSE;
  JsonObject *first_after = NULL;
  JsonObject *last;
  int failed_at;

  if (!sc_test_require_rtmp_server () || !sc_test_require_tool ("ffprobe"))
    return;
  server = sc_test_rtmp_server_new (&error);
  g_assert_no_error (error);
  url = sc_test_rtmp_server_get_url (server, "on-air");

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limited = saved;
  limited.rlim_cur = 600 * 1024;
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limited), ==, 0);
  {
    const char *args[] = { "--headless", "--demo", "--events", events_path,
                           "--record", record_path, "--output", url, NULL };
    /* A show database of its own: the shared one grows with every run and
     * would meet the limit itself. */
    g_autofree char *data_home = g_strconcat ("XDG_DATA_HOME=", f->tmpdir, "/data", NULL);
    g_autofree char *cache_home = g_strconcat ("XDG_CACHE_HOME=", f->tmpdir, "/cache", NULL);
    const char *env[] = { data_home, cache_home, NULL };

    process = sc_test_shopcast_spawn (env, args);
  }
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, saved_handler);

  g_assert_true (sc_test_wait_for_event (events_path, "recording-failed", NULL, NULL,
                                         RUN_TIMEOUT_S));
  /* Two stats lines after the failure: the destination's bytes between them. */
  for (;;)
    {
      g_autoptr(GPtrArray) so_far = NULL;
      guint n_stats = sc_test_count_events_in_file (events_path, "stats");

      g_assert_true (sc_test_wait_for_events (events_path, "stats", n_stats + 1, RUN_TIMEOUT_S));
      so_far = sc_test_read_events_so_far (events_path);
      if (sc_test_find_event (so_far, 0, "output-state", "state", "live") >= 0 &&
          sc_test_count_events_in_file (events_path, "stats") >= 3)
        {
          int failed_line = sc_test_find_event (so_far, 0, "recording-failed", NULL, NULL);
          int a = failed_line >= 0 ? sc_test_find_event (so_far, failed_line, "stats", NULL, NULL)
                                   : -1;
          int b = a >= 0 ? sc_test_find_event (so_far, a + 1, "stats", NULL, NULL) : -1;

          if (b >= 0)
            break;
        }
    }
  sc_test_process_send_signal (process, SIGINT);
  g_assert_true (sc_test_process_wait (process, RUN_TIMEOUT_S));

  events = sc_test_read_events (events_path);
  assert_recording_failed (process, events, record_path, "Disk full: recording stopped");
  g_assert_cmpuint (sc_test_count_events (events, "recording-started"), ==, 1);
  g_assert_nonnull (strstr (sc_test_process_get_stderr (process),
                            "stopped (Disk full: recording stopped)"));

  /* The destination went on sending after the recording stopped. */
  failed_at = sc_test_find_event (events, 0, "recording-failed", NULL, NULL);
  g_assert_cmpint (failed_at, >=, 0);
  first_after = g_ptr_array_index (events, sc_test_find_event (events, failed_at, "stats",
                                                               NULL, NULL));
  last = sc_test_last_event (events, "stats");
  g_assert_true (first_after != last);
  g_assert_cmpint (json_object_get_int_member (stats_output_named (last, "Destination 1"),
                                               "bytes"), >,
                   json_object_get_int_member (stats_output_named (first_after, "Destination 1"),
                                               "bytes"));

  /* What was written before the disk filled still plays, from a keyframe. */
  probe = sc_test_ffprobe (record_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sc_test_probe_get_stream (probe, "video")->codec_name, ==, "h264");
  g_assert_true (sc_test_ffprobe_packet_duration (record_path, "v", &span, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (span.n_packets, >, 10);
  g_assert_true (sc_test_ffprobe_first_video_is_keyframe (record_path, &keyframe, &error));
  g_assert_no_error (error);
  g_assert_true (keyframe);
}


static gboolean
hold_connection_cb (GSocketService    *service,
                    GSocketConnection *connection,
                    GObject           *source,
                    GPtrArray         *held)
{
  /* Accepted and held open, never a byte of RTMP handshake back. */
  g_ptr_array_add (held, g_object_ref (connection));
  return TRUE;
}

/* A server that accepts TCP and never answers the RTMP handshake is never
 * `live`: each attempt times out (reconnect.connect_timeout_s), counts
 * toward max_retries with no reset in between, and the output gives up. */
static void
test_silent_server (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ScTestProcess) process = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *show_path = g_build_filename (f->tmpdir, "silent.shopcast", NULL);
  g_autofree char *events_path = g_build_filename (f->tmpdir, "events.jsonl", NULL);
  g_autofree char *show = NULL;
  const char *args[] = { "--headless", "--show", show_path, "--events", events_path, NULL };
  guint expected_attempt = 0;
  guint n_states = 0;
  JsonObject *last = NULL;

  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (service), address,
                                                G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                                NULL, &bound, &error));
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (hold_connection_cb), held);
  g_socket_service_start (service);
  show = g_strdup_printf ("{\"title\": \"Silent\","
                          " \"sources\": [{\"id\": \"host\", \"kind\": \"test-pattern\"}],"
                          " \"outputs\": [{\"name\": \"Silent\","
                          " \"url\": \"rtmp://127.0.0.1:%u/live/silent\"}],"
                          " \"recording\": {\"enabled\": false},"
                          " \"reconnect\": {\"connect_timeout_s\": 1, \"initial_delay_s\": 0.3,"
                          " \"max_retries\": 2}}",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_assert_true (g_file_set_contents (show_path, show, -1, NULL));

  process = sc_test_shopcast_spawn (NULL, args);
  g_assert_true (sc_test_wait_for_event (events_path, "output-state", "state", "failed",
                                         RUN_TIMEOUT_S));
  sc_test_process_send_signal (process, SIGINT);
  g_assert_true (sc_test_process_wait (process, RUN_TIMEOUT_S));
  g_assert_cmpint (sc_test_process_get_status (process), ==, 1);
  g_assert_nonnull (strstr (sc_test_process_get_stderr (process), "never went live"));

  /* As the events tell it: connecting 0, reconnecting 1, connecting 1,
   * reconnecting 2, connecting 2, failed 3; each failure a timeout. */
  events = sc_test_read_events (events_path);
  g_assert_cmpint (sc_test_find_event (events, 0, "output-state", "state", "live"), ==, -1);
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *e = g_ptr_array_index (events, i);
      const char *state;
      guint attempt;

      if (g_strcmp0 (json_object_get_string_member (e, "event"), "output-state") != 0)
        continue;
      state = json_object_get_string_member (e, "state");
      attempt = (guint)json_object_get_int_member (e, "attempt");
      g_test_message ("output-state %s, attempt %u, error %s", state, attempt,
                      json_object_get_string_member_with_default (e, "error", "null"));
      if (g_str_equal (state, "stopped"))
        break;
      n_states++;
      if (g_str_equal (state, "connecting"))
        g_assert_cmpuint (attempt, ==, expected_attempt);
      else
        {
          g_assert_cmpuint (attempt, ==, ++expected_attempt);
          g_assert_nonnull (strstr (json_object_get_string_member (e, "error"),
                                    "no answer in time"));
          g_assert_cmpstr (state, ==, expected_attempt <= 2 ? "reconnecting" : "failed");
        }
      last = e;
    }
  g_assert_cmpuint (n_states, ==, 6);
  g_assert_cmpstr (json_object_get_string_member (last, "state"), ==, "failed");
  /* Each attempt did reach the server. */
  g_assert_cmpuint (held->len, >=, 3);
  g_socket_service_stop (service);
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
  const char *args[] = { "--headless", "--show", show_path, "--events", events_path, NULL };
  const char *env[] = { "SC_TEST_STREAM_KEY=sekrit-stream-key-42", NULL };
  g_autoptr(ScTestProcess) process = NULL;

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

  /* Stopped once the output says it is live, however long that took. */
  process = sc_test_shopcast_spawn (env, args);
  g_assert_true (sc_test_wait_for_event (events_path, "output-state", "state", "live",
                                         RUN_TIMEOUT_S));
  sc_test_process_send_signal (process, SIGINT);
  g_assert_true (sc_test_process_wait (process, RUN_TIMEOUT_S));
  g_assert_cmpint (sc_test_process_get_status (process), ==, 0);
  g_assert_true (g_file_get_contents (events_path, &events, NULL, NULL));
  g_assert_null (strstr (events, "sekrit"));
  g_assert_null (strstr (sc_test_process_get_stderr (process), "sekrit"));
  g_assert_null (strstr (sc_test_process_get_stdout (process), "sekrit"));
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
  g_test_add ("/headless/output-never-live", Fixture, NULL, fixture_set_up,
              test_output_never_live, fixture_tear_down);
  g_test_add ("/headless/rehearse", Fixture, NULL, fixture_set_up, test_rehearse,
              fixture_tear_down);
  g_test_add ("/headless/auto-advance", Fixture, NULL, fixture_set_up, test_auto_advance,
              fixture_tear_down);
  g_test_add ("/headless/sigint", Fixture, NULL, fixture_set_up, test_sigint,
              fixture_tear_down);
  g_test_add ("/headless/recording-unwritable", Fixture, NULL, fixture_set_up,
              test_recording_unwritable, fixture_tear_down);
  g_test_add ("/headless/disk-full", Fixture, NULL, fixture_set_up, test_disk_full,
              fixture_tear_down);
  g_test_add ("/headless/silent-server", Fixture, NULL, fixture_set_up, test_silent_server,
              fixture_tear_down);
  g_test_add ("/headless/key-never-logged", Fixture, NULL, fixture_set_up,
              test_key_never_logged, fixture_tear_down);
  return g_test_run ();
}
