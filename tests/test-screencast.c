/* test-screencast.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* Screen capture through the ScreenCast portal, against a fake portal
 * (tests/fake-portal.py) that owns org.freedesktop.portal.Desktop on the
 * test's private session bus and speaks the Request/Response protocol: the
 * options sent, restore tokens kept and reused, the user cancelling, portal
 * errors, malformed answers, no portal at all; the show file keeping the
 * choice; the studio starting a show with it, and without a portal. */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <fcntl.h>
#include <gst/gst.h>
#include <signal.h>
#include <unistd.h>

#include "media/sc-media-error.h"
#include "media/sc-screencast-portal.h"
#include "sc-test.h"
#include "sc-test-fake-portal.h"
#include "sc-test-studio-run.h"
#include "studio/sc-studio.h"

#define TIMEOUT_S 30.0

typedef struct {
  char        *dir;
  char        *record;
  GSubprocess *portal;
} Fixture;

static void
stop_portal (Fixture *f)
{
  sc_test_fake_portal_stop (&f->portal);
}

/* A fresh fake portal with @first_arg... as options; calls are recorded
 * anew. */
static void
start_portal (Fixture    *f,
              const char *first_arg,
              ...)
{
  va_list args;

  va_start (args, first_arg);
  sc_test_fake_portal_startv (&f->portal, f->record, first_arg, args);
  va_end (args);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = sc_test_make_tmp_dir ("sc-screencast");
  f->record = g_build_filename (f->dir, "portal.jsonl", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  stop_portal (f);
  sc_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->record);
}

/* The calls the fake portal recorded, as JSON objects. */
static GPtrArray *
read_record (Fixture *f)
{
  return sc_test_fake_portal_calls (f->record);
}

/* The @n-th (from 0) recorded call of @method, or NULL. */
static JsonObject *
find_call (GPtrArray  *calls,
           const char *method,
           guint       n)
{
  for (guint i = 0; i < calls->len; i++)
    {
      JsonObject *call = g_ptr_array_index (calls, i);

      if (g_str_equal (json_object_get_string_member (call, "method"), method) && n-- == 0)
        return call;
    }
  return NULL;
}

typedef struct {
  gboolean             done;
  ScScreencastSession *session;
  GError              *error;
  int                  fd;
} Result;

static void
session_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Result *r = user_data;

  r->session = sc_screencast_session_new_finish (result, &r->error);
  r->done = TRUE;
}

static void
remote_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Result *r = user_data;

  r->fd = sc_screencast_session_open_remote_finish (SC_SCREENCAST_SESSION (object), result,
                                                    &r->error);
  r->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Result *)data)->done;
}

/* Runs a whole selection; returns the session or NULL with @error. */
static ScScreencastSession *
select_screen (const char    *parent_window,
               const char    *restore_token,
               GCancellable  *cancellable,
               GError       **error)
{
  Result r = { FALSE, NULL, NULL, -1 };

  sc_screencast_session_new_async (NULL, parent_window, restore_token, cancellable,
                                   session_cb, &r);
  g_assert_true (sc_test_wait_until (is_done, &r, TIMEOUT_S));
  g_assert_true ((r.session != NULL) != (r.error != NULL));
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.session;
}

static void
test_first_and_restored (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScScreencastSession) first = NULL;
  g_autoptr(ScScreencastSession) second = NULL;
  g_autoptr(ScScreencastSession) third = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autofree char *token = NULL;
  const ScScreencastStream *stream;
  JsonObject *options;
  JsonObject *call;
  Result r = { FALSE, NULL, NULL, -1 };

  if (!sc_test_require_session_bus ())
    return;
  start_portal (f, NULL);

  first = select_screen ("x11:4e", NULL, NULL, &error);
  g_assert_no_error (error);
  stream = sc_screencast_session_get_stream (first);
  g_assert_cmpuint (stream->node_id, ==, 51);
  g_assert_cmpint (stream->source_type, ==, SC_SCREENCAST_SOURCE_MONITOR);
  g_assert_true (stream->has_size);
  g_assert_cmpint (stream->width, ==, 1920);
  g_assert_cmpint (stream->height, ==, 1080);
  g_assert_true (stream->has_position);
  g_assert_cmpstr (stream->id, ==, "monitor-0");
  g_assert_cmpstr (stream->mapping_id, ==, "DP-1");
  g_assert_false (sc_screencast_session_get_restored (first));
  g_assert_cmpuint (sc_screencast_session_get_version (first), ==, 5);
  token = g_strdup (sc_screencast_session_get_restore_token (first));
  g_assert_nonnull (token);

  /* The remote is a real file descriptor handed over the bus. */
  sc_screencast_session_open_remote_async (first, NULL, remote_cb, &r);
  g_assert_true (sc_test_wait_until (is_done, &r, TIMEOUT_S));
  g_assert_no_error (r.error);
  g_assert_cmpint (r.fd, >=, 0);
  g_assert_cmpint (fcntl (r.fd, F_GETFD), !=, -1);
  close (r.fd);
  sc_screencast_session_close (first);

  calls = read_record (f);
  call = find_call (calls, "SelectSources", 0);
  g_assert_nonnull (call);
  options = json_object_get_object_member (call, "options");
  g_assert_cmpint (json_object_get_int_member (options, "types"), ==, 1 | 2);
  g_assert_false (json_object_get_boolean_member (options, "multiple"));
  g_assert_cmpint (json_object_get_int_member (options, "cursor_mode"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (options, "persist_mode"), ==, 2);
  g_assert_false (json_object_has_member (options, "restore_token"));
  g_assert_true (json_object_has_member (options, "handle_token"));
  call = find_call (calls, "Start", 0);
  g_assert_cmpstr (json_object_get_string_member (call, "parent_window"), ==, "x11:4e");
  g_assert_nonnull (find_call (calls, "OpenPipeWireRemote", 0));
  g_clear_pointer (&calls, g_ptr_array_unref);

  /* The token brings the same monitor back without asking; a new one comes. */
  second = select_screen (NULL, token, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sc_screencast_session_get_restored (second));
  g_assert_cmpint (sc_screencast_session_get_stream (second)->source_type, ==,
                   SC_SCREENCAST_SOURCE_MONITOR);
  g_assert_nonnull (sc_screencast_session_get_restore_token (second));
  g_assert_cmpstr (sc_screencast_session_get_restore_token (second), !=, token);
  calls = read_record (f);
  options = json_object_get_object_member (find_call (calls, "SelectSources", 1), "options");
  g_assert_cmpstr (json_object_get_string_member (options, "restore_token"), ==, token);
  g_assert_true (json_object_get_boolean_member (find_call (calls, "SelectSources", 1),
                                                 "restore_token_valid"));
  g_assert_cmpstr (json_object_get_string_member (find_call (calls, "Start", 1),
                                                  "parent_window"), ==, "");
  g_clear_pointer (&calls, g_ptr_array_unref);

  /* A spent token is refused by the portal, which then asks again. */
  third = select_screen (NULL, token, NULL, &error);
  g_assert_no_error (error);
  calls = read_record (f);
  g_assert_false (json_object_get_boolean_member (find_call (calls, "SelectSources", 2),
                                                  "restore_token_valid"));
}

static void
expect_failure (Fixture    *f,
                int         code,
                const char *in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScScreencastSession) session = select_screen (NULL, NULL, NULL, &error);

  g_assert_null (session);
  g_assert_error (error, SC_MEDIA_ERROR, code);
  g_test_message ("%s", error->message);
  if (in_message != NULL && strstr (error->message, in_message) == NULL)
    g_error ("“%s” is not in “%s”", in_message, error->message);
}

static gboolean
session_closed (gpointer data)
{
  g_autoptr(GPtrArray) calls = read_record (data);

  return find_call (calls, "Session.Close", 0) != NULL;
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  if (!sc_test_require_session_bus ())
    return;
  start_portal (f, "--response", "start=1", NULL);
  expect_failure (f, SC_MEDIA_ERROR_PORTAL_CANCELLED, "cancelled");
  /* The half-made session is closed, not left behind. */
  g_assert_true (sc_test_wait_until (session_closed, f, TIMEOUT_S));

  start_portal (f, "--response", "select=2", NULL);
  expect_failure (f, SC_MEDIA_ERROR_PORTAL_FAILED, "response 2");
  start_portal (f, "--response", "create=2", NULL);
  expect_failure (f, SC_MEDIA_ERROR_PORTAL_FAILED, "response 2");
}

static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  static const struct {
    const char *results;
    const char *message;
  } cases[] = {
    { "no-streams", "“streams”" },
    { "streams-string", "“streams” is of type “s”" },
    { "no-stream", "no stream" },
    { "size-string", "“size” is of type “s”" },
  };

  if (!sc_test_require_session_bus ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      start_portal (f, "--start-results", cases[i].results, NULL);
      expect_failure (f, SC_MEDIA_ERROR_PORTAL_FAILED, cases[i].message);
    }
}

static void
test_too_old_and_missing (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ScScreencastSession) session = NULL;

  if (!sc_test_require_session_bus ())
    return;
  start_portal (f, "--version", "3", NULL);
  expect_failure (f, SC_MEDIA_ERROR_PORTAL_TOO_OLD, "version 3");

  start_portal (f, NULL);
  g_cancellable_cancel (cancellable);
  session = select_screen (NULL, NULL, cancellable, &error);
  g_assert_null (session);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  stop_portal (f);
  expect_failure (f, SC_MEDIA_ERROR_NO_PORTAL, "portal");
}

/* ---- the show file ------------------------------------------------------ */

static ScShow *
show_from (const char  *sources,
           GError     **error)
{
  g_autofree char *json = g_strdup_printf ("{\"title\": \"Screen\", \"sources\": %s}", sources);

  return sc_show_new_from_data (json, strlen (json), "screen.shopcast", NULL, error);
}

static void
test_show_file (void)
{
  static const struct {
    const char *source;
    const char *message;
  } bad[] = {
    { "{\"id\": \"s\", \"kind\": \"screen\", \"capture\": \"wayland\"}",
      "$.sources[0].capture: expected one of x11, portal" },
    { "{\"id\": \"s\", \"kind\": \"camera\", \"capture\": \"portal\"}",
      "$.sources[0].capture: not used by camera sources" },
    { "{\"id\": \"s\", \"kind\": \"screen\", \"portal\": {\"restore_token\": \"t\"}}",
      "$.sources[0].portal: only used with \"capture\": \"portal\"" },
    { "{\"id\": \"s\", \"kind\": \"screen\", \"capture\": \"portal\", \"portal\": []}",
      "$.sources[0].portal: expected the portal's choice" },
    { "{\"id\": \"s\", \"kind\": \"screen\", \"capture\": \"portal\","
      " \"portal\": {\"source_type\": \"screen\"}}",
      "$.sources[0].portal.source_type: expected one of monitor, window, virtual" },
    { "{\"id\": \"s\", \"kind\": \"screen\", \"capture\": \"portal\","
      " \"portal\": {\"width\": 0, \"height\": 10}}",
      "$.sources[0].portal.width: expected a number of pixels from 1 to 16384" },
    { "{\"id\": \"s\", \"kind\": \"screen\", \"capture\": \"portal\","
      " \"portal\": {\"width\": 10}}",
      "$.sources[0].portal: “width” and “height” go together" },
    { "{\"id\": \"s\", \"kind\": \"screen\", \"capture\": \"portal\","
      " \"portal\": {\"x\": 10}}",
      "$.sources[0].portal: “x” and “y” go together" },
    { "{\"id\": \"s\", \"kind\": \"screen\", \"capture\": \"portal\","
      " \"portal\": {\"restore_token\": 7}}",
      "$.sources[0].portal.restore_token" },
    { "{\"id\": \"s\", \"kind\": \"screen\", \"capture\": \"portal\","
      " \"portal\": {\"token\": \"t\"}}",
      "$.sources[0].portal: unknown member \"token\"" },
  };
  const char *good =
    "[{\"id\": \"s\", \"kind\": \"screen\", \"capture\": \"portal\","
    "  \"portal\": {\"restore_token\": \"abc\", \"source_type\": \"monitor\","
    "              \"width\": 1920, \"height\": 1080, \"x\": -1920, \"y\": 0,"
    "              \"stream_id\": \"m0\", \"mapping_id\": \"DP-1\"}}]";
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = show_from (good, &error);
  g_autoptr(ScShow) again = NULL;
  g_autofree char *data = NULL;
  const ScSourceConfig *source;

  g_assert_no_error (error);
  source = g_ptr_array_index (sc_show_get_sources (show), 0);
  g_assert_cmpint (source->capture, ==, SC_SCREEN_CAPTURE_PORTAL);
  g_assert_cmpstr (source->portal.restore_token, ==, "abc");
  g_assert_cmpstr (source->portal.source_type, ==, "monitor");
  g_assert_cmpint (source->portal.width, ==, 1920);
  g_assert_true (source->portal.has_position);
  g_assert_cmpint (source->portal.x, ==, -1920);
  g_assert_cmpstr (source->portal.mapping_id, ==, "DP-1");
  g_assert_cmpint (source->pipewire_fd, ==, -1);

  /* Written back member for member, and read again the same. */
  data = sc_show_to_data (show, NULL);
  g_test_message ("%s", data);
  g_assert_nonnull (strstr (data, "\"restore_token\": \"abc\""));
  again = sc_show_new_from_data (data, strlen (data), "again.shopcast", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sc_source_config_equal (source, g_ptr_array_index (sc_show_get_sources (again),
                                                                    0)));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *sources = g_strdup_printf ("[%s, {\"id\": \"p\", \"kind\": "
                                                  "\"test-pattern\"}]", bad[i].source);
      g_autoptr(ScShow) wrong = NULL;

      g_clear_error (&error);
      wrong = show_from (sources, &error);
      g_assert_null (wrong);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      if (strstr (error->message, bad[i].message) == NULL)
        g_error ("“%s” is not in “%s”", bad[i].message, error->message);
    }
}

/* ---- the studio --------------------------------------------------------- */

/* Runs the show in @file in rehearsal (sc_test_studio_run): its
 * screen-capture events. */
static GPtrArray *
run_show_full (Fixture  *f,
               GFile    *file,
               guint    *failed,
               guint     want_failed,
               char    **failure)
{
  return sc_test_studio_run (file, f->dir, "screen-capture", want_failed, failed, failure);
}

static GPtrArray *
run_show (Fixture *f,
          GFile   *file,
          guint   *failed)
{
  return run_show_full (f, file, failed, 0, NULL);
}

typedef struct {
  GFile      *file;
  const char *not_token;
} TokenWait;

/* The show file on disk has a restore token other than @not_token. */
static char *
stored_token (GFile *file)
{
  g_autoptr(ScShow) show = sc_show_new_from_file (file, NULL);
  GPtrArray *sources;

  if (show == NULL)
    return NULL;
  sources = sc_show_get_sources (show);
  for (guint i = 0; i < sources->len; i++)
    {
      const ScSourceConfig *source = g_ptr_array_index (sources, i);

      if (source->kind == SC_SOURCE_SCREEN)
        return g_strdup (source->portal.restore_token);
    }
  return NULL;
}

static gboolean
token_stored (gpointer data)
{
  TokenWait *wait = data;
  g_autofree char *token = stored_token (wait->file);

  return token != NULL && g_strcmp0 (token, wait->not_token) != 0;
}

static GFile *
write_show (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->dir, "screen.shopcast", NULL);
  const char *json =
    "{\"title\": \"Screen\","
    " \"sources\": [{\"id\": \"screen\", \"kind\": \"screen\", \"capture\": \"portal\"},"
    "               {\"id\": \"mic\", \"kind\": \"test-tone\"}],"
    " \"recording\": {\"enabled\": false}}";
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static void
test_studio_keeps_choice (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) captures = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autofree char *first_token = NULL;
  g_autofree char *second_token = NULL;
  JsonObject *event;
  TokenWait wait = { NULL, NULL };

  if (!sc_test_require_session_bus ())
    return;
  start_portal (f, NULL);
  file = write_show (f);
  wait.file = file;

  /* First show: the portal asks, the choice and its token go to the file. */
  captures = run_show (f, file, NULL);
  g_assert_cmpuint (captures->len, ==, 1);
  event = g_ptr_array_index (captures, 0);
  g_assert_cmpstr (json_object_get_string_member (event, "method"), ==, "portal");
  g_assert_false (json_object_get_boolean_member (event, "restored"));
  g_assert_cmpstr (json_object_get_string_member (event, "source_type"), ==, "monitor");
  g_assert_cmpint (json_object_get_int_member (event, "node"), ==, 51);
  g_assert_true (sc_test_wait_until (token_stored, &wait, TIMEOUT_S));
  first_token = stored_token (file);
  {
    g_autoptr(ScShow) show = sc_show_new_from_file (file, NULL);
    const ScSourceConfig *source = g_ptr_array_index (sc_show_get_sources (show), 0);

    g_assert_cmpstr (source->portal.source_type, ==, "monitor");
    g_assert_cmpint (source->portal.width, ==, 1920);
    g_assert_cmpint (source->portal.height, ==, 1080);
    g_assert_cmpstr (source->portal.mapping_id, ==, "DP-1");
  }
  g_clear_pointer (&captures, g_ptr_array_unref);

  /* Second show: that token is sent, the choice restored, a new token kept. */
  captures = run_show (f, file, NULL);
  event = g_ptr_array_index (captures, 0);
  g_assert_true (json_object_get_boolean_member (event, "restored"));
  calls = read_record (f);
  {
    JsonObject *select = find_call (calls, "SelectSources", 1);

    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (select,
                                                                                "options"),
                                                    "restore_token"), ==, first_token);
    g_assert_true (json_object_get_boolean_member (select, "restore_token_valid"));
  }
  wait.not_token = first_token;
  g_assert_true (sc_test_wait_until (token_stored, &wait, TIMEOUT_S));
  second_token = stored_token (file);
  g_assert_cmpstr (second_token, !=, first_token);
}

static void
test_studio_without_portal (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) captures = NULL;
  JsonObject *event;
  guint failed = 0;

  if (!sc_test_require_session_bus () || !sc_test_require_display ())
    return;
  file = write_show (f);
  captures = run_show (f, file, &failed);
  g_assert_cmpuint (captures->len, ==, 1);
  event = g_ptr_array_index (captures, 0);
  /* The X11 screen instead, and the message says why. */
  g_assert_cmpstr (json_object_get_string_member (event, "method"), ==, "x11");
  g_assert_nonnull (strstr (json_object_get_string_member (event, "message"), "X11"));
  g_assert_cmpuint (failed, ==, 0);
}

static void
test_studio_cancelled (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) captures = NULL;
  JsonObject *event;
  guint failed = 0;

  if (!sc_test_require_session_bus ())
    return;
  start_portal (f, "--response", "start=1", NULL);
  file = write_show (f);
  /* The show goes on, the screen's slate in its place. */
  captures = run_show (f, file, &failed);
  event = g_ptr_array_index (captures, 0);
  g_assert_cmpstr (json_object_get_string_member (event, "method"), ==, "portal");
  g_assert_nonnull (strstr (json_object_get_string_member (event, "message"), "cancelled"));
  g_assert_cmpuint (failed, ==, 1);
}

/* ---- frames through PipeWire -------------------------------------------- */

/* A PipeWire whose video node is what a compositor's screen cast is. */
static guint
start_screen_node (ScTestPipeWire *pw)
{
  return sc_test_pipewire_start (pw, "video/x-raw,format=BGRx,width=640,height=360,framerate=30/1",
                                 "props,media.class=Video/Source,node.name=shopcast-test",
                                 "shopcast-test");
}

static void
test_studio_pipewire_frames (Fixture       *f,
                             gconstpointer  data)
{
  ScTestPipeWire pw = { NULL, };
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) captures = NULL;
  g_autofree char *socket = NULL;
  g_autofree char *node = NULL;
  JsonObject *event;
  guint failed = 0;
  guint id;

  if (!sc_test_require_session_bus () || !sc_test_pipewire_require ())
    return;
  id = start_screen_node (&pw);
  socket = sc_test_pipewire_socket (&pw);
  node = g_strdup_printf ("%u", id);
  /* The portal's remote is a connection to that PipeWire, as a real portal's. */
  start_portal (f, "--pipewire", socket, "--node", node, NULL);
  file = write_show (f);
  captures = run_show (f, file, &failed);
  event = g_ptr_array_index (captures, 0);
  g_assert_cmpstr (json_object_get_string_member (event, "method"), ==, "portal");
  g_assert_cmpint (json_object_get_int_member (event, "node"), ==, id);
  /* pipewiresrc reaches PAUSED only once the node feeds it: no slate. */
  g_assert_cmpuint (failed, ==, 0);
  stop_portal (f);
  sc_test_pipewire_stop (&pw);
}

/* The person stops sharing from the desktop during the show: the portal
 * closes the session, and the screen's slate replaces its last frame, with
 * a reason the host understands, while the show goes on. */
static void
test_studio_portal_closes (Fixture       *f,
                           gconstpointer  data)
{
  ScTestPipeWire pw = { NULL, };
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) captures = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autofree char *socket = NULL;
  g_autofree char *node = NULL;
  g_autofree char *failure = NULL;
  JsonObject *event;
  guint failed = 0;

  if (!sc_test_require_session_bus () || !sc_test_pipewire_require ())
    return;
  node = g_strdup_printf ("%u", start_screen_node (&pw));
  socket = sc_test_pipewire_socket (&pw);
  start_portal (f, "--pipewire", socket, "--node", node, "--close-after", "1.5", NULL);
  file = write_show (f);
  captures = run_show_full (f, file, &failed, 1, &failure);
  g_assert_cmpuint (failed, ==, 1);
  g_assert_cmpstr (failure, ==, "Screen sharing was stopped from the desktop");
  /* Said in the screen-capture events too: started, then stopped. */
  g_assert_cmpuint (captures->len, ==, 2);
  event = g_ptr_array_index (captures, 1);
  g_assert_cmpstr (json_object_get_string_member (event, "message"), ==,
                   "Screen sharing was stopped from the desktop");
  /* A closed session is not closed again. */
  calls = read_record (f);
  g_assert_nonnull (find_call (calls, "Session.Closed", 0));
  g_assert_null (find_call (calls, "Session.Close", 0));
  stop_portal (f);
  sc_test_pipewire_stop (&pw);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/screencast/portal/first-and-restored", test_first_and_restored);
  ADD ("/screencast/portal/cancelled-and-errors", test_cancelled);
  ADD ("/screencast/portal/malformed", test_malformed);
  ADD ("/screencast/portal/too-old-and-missing", test_too_old_and_missing);
  g_test_add_func ("/screencast/show-file", test_show_file);
  ADD ("/screencast/studio/keeps-choice", test_studio_keeps_choice);
  ADD ("/screencast/studio/without-portal", test_studio_without_portal);
  ADD ("/screencast/studio/cancelled", test_studio_cancelled);
  ADD ("/screencast/studio/pipewire-frames", test_studio_pipewire_frames);
  ADD ("/screencast/studio/portal-closes", test_studio_portal_closes);
#undef ADD
  return g_test_run ();
}
