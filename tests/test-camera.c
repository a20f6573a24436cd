/* test-camera.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* Cameras in the Flatpak sandbox, through the Camera portal, against the
 * fake portal (tests/fake-portal.py) on the test's private session bus:
 * the studio asks for access, opens the PipeWire remote and reads the
 * camera node on it from a real PipeWire on a private runtime folder; the
 * person denying access, no portal, no camera present and malformed
 * answers each give the camera's slate with the reason while the show goes
 * on. SHOPCAST_SANDBOX=1 stands for /.flatpak-info; with 0, the host's
 * device search runs as before and the portal is never asked. */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "media/sc-camera-portal.h"
#include "media/sc-devices.h"
#include "media/sc-media-error.h"
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

/* A fresh fake portal with @first_arg... as options; calls recorded anew. */
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
  f->dir = sc_test_make_tmp_dir ("sc-camera");
  f->record = g_build_filename (f->dir, "portal.jsonl", NULL);
  g_setenv ("SHOPCAST_SANDBOX", "1", TRUE);
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

static JsonObject *
find_call (GPtrArray  *calls,
           const char *method)
{
  for (guint i = 0; i < calls->len; i++)
    {
      JsonObject *call = g_ptr_array_index (calls, i);

      if (g_str_equal (json_object_get_string_member (call, "method"), method))
        return call;
    }
  return NULL;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” is not in “%s”", part, text);
}

/* ---- the client ----------------------------------------------------------- */

typedef struct {
  gboolean  done;
  int       fd;
  GError   *error;
} Result;

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Result *r = user_data;

  r->fd = sc_camera_portal_open_finish (result, &r->error);
  r->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Result *)data)->done;
}

static int
open_camera (GCancellable  *cancellable,
             GError       **error)
{
  Result r = { FALSE, -1, NULL };

  sc_camera_portal_open_async (NULL, cancellable, opened_cb, &r);
  g_assert_true (sc_test_wait_until (is_done, &r, TIMEOUT_S));
  g_assert_true ((r.fd >= 0) != (r.error != NULL));
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.fd;
}

static void
expect_failure (int         code,
                const char *in_message)
{
  g_autoptr(GError) error = NULL;
  int fd = open_camera (NULL, &error);

  g_assert_cmpint (fd, ==, -1);
  g_assert_error (error, SC_MEDIA_ERROR, code);
  g_test_message ("%s", error->message);
  assert_contains (error->message, in_message);
}

static void
test_client (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *call;
  int fd;

  if (!sc_test_require_session_bus ())
    return;

  /* Granted: a real file descriptor over the bus, after AccessCamera. */
  start_portal (f, NULL);
  fd = open_camera (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fcntl (fd, F_GETFD), !=, -1);
  close (fd);
  calls = read_record (f);
  call = find_call (calls, "Camera.AccessCamera");
  g_assert_nonnull (call);
  g_assert_true (json_object_has_member (json_object_get_object_member (call, "options"),
                                         "handle_token"));
  g_assert_nonnull (find_call (calls, "Camera.OpenPipeWireRemote"));
  g_clear_pointer (&calls, g_ptr_array_unref);

  /* The person says no: no remote is asked for. */
  start_portal (f, "--response", "camera=1", NULL);
  expect_failure (SC_MEDIA_ERROR_ACCESS_DENIED, "denied");
  calls = read_record (f);
  g_assert_null (find_call (calls, "Camera.OpenPipeWireRemote"));
  g_clear_pointer (&calls, g_ptr_array_unref);

  start_portal (f, "--response", "camera=2", NULL);
  expect_failure (SC_MEDIA_ERROR_PORTAL_FAILED, "response 2");

  /* No camera: nothing to ask the person about. */
  start_portal (f, "--no-camera", NULL);
  expect_failure (SC_MEDIA_ERROR_NO_CAMERA, "No camera");
  calls = read_record (f);
  g_assert_null (find_call (calls, "Camera.AccessCamera"));
  g_clear_pointer (&calls, g_ptr_array_unref);

  /* Malformed: the property of the wrong type, named. */
  start_portal (f, "--camera-present", "yes", NULL);
  expect_failure (SC_MEDIA_ERROR_PORTAL_FAILED, "“IsCameraPresent” is of type “s”");

  /* A portal without the Camera interface, and none at all. */
  start_portal (f, "--no-camera-interface", NULL);
  expect_failure (SC_MEDIA_ERROR_NO_PORTAL, "no camera access");

  start_portal (f, NULL);
  g_cancellable_cancel (cancellable);
  fd = open_camera (cancellable, &error);
  g_assert_cmpint (fd, ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  stop_portal (f);
  expect_failure (SC_MEDIA_ERROR_NO_PORTAL, "No desktop portal");
}

static void
test_sandbox_detection (void)
{
  g_setenv ("SHOPCAST_SANDBOX", "1", TRUE);
  g_assert_true (sc_camera_portal_in_sandbox ());
  g_setenv ("SHOPCAST_SANDBOX", "0", TRUE);
  g_assert_false (sc_camera_portal_in_sandbox ());
  g_unsetenv ("SHOPCAST_SANDBOX");
  g_assert_cmpint (sc_camera_portal_in_sandbox (), ==,
                   g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS));
}

/* ---- the studio ------------------------------------------------------------ */

/* A show with one camera (@device: its "device", NULL for any). */
static GFile *
write_show (Fixture    *f,
            const char *device)
{
  g_autofree char *path = g_build_filename (f->dir, "camera.shopcast", NULL);
  g_autofree char *member = device != NULL ? g_strdup_printf (", \"device\": \"%s\"", device)
                                           : g_strdup ("");
  g_autofree char *json = g_strdup_printf (
    "{\"title\": \"Camera\","
    " \"sources\": [{\"id\": \"host\", \"kind\": \"camera\", \"label\": \"Camera\"%s},"
    "               {\"id\": \"mic\", \"kind\": \"test-tone\"}],"
    " \"recording\": {\"enabled\": false}}", member);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

/* Starts the camera show in rehearsal, waits for @want_failed source-failed
 * events, checks the show goes on, stops it; returns the camera-access
 * events, the number of failures in @failed and the last one's message in
 * @failure. */
static GPtrArray *
run_show_with (Fixture     *f,
               const char  *device,
               guint        want_failed,
               guint       *failed,
               char       **failure)
{
  g_autoptr(GFile) file = write_show (f, device);

  return sc_test_studio_run (file, f->dir, "camera-access", want_failed, failed, failure);
}

static GPtrArray *
run_show (Fixture  *f,
          guint     want_failed,
          guint    *failed,
          char    **failure)
{
  return run_show_with (f, NULL, want_failed, failed, failure);
}

/* The camera gets its slate with the reason, said in camera-access and in
 * source-failed alike. */
static void
expect_slate (Fixture    *f,
              const char *reason,
              const char *in_message)
{
  g_autoptr(GPtrArray) accesses = NULL;
  g_autofree char *failure = NULL;
  JsonObject *event;
  guint failed = 0;

  accesses = run_show (f, 1, &failed, &failure);
  g_assert_cmpuint (failed, ==, 1);
  g_assert_cmpuint (accesses->len, ==, 1);
  event = g_ptr_array_index (accesses, 0);
  g_assert_cmpstr (json_object_get_string_member (event, "source"), ==, "host");
  g_assert_cmpstr (json_object_get_string_member (event, "method"), ==, "portal");
  g_assert_cmpstr (json_object_get_string_member (event, "reason"), ==, reason);
  g_assert_false (json_object_has_member (event, "node"));
  assert_contains (json_object_get_string_member (event, "message"), in_message);
  g_assert_cmpstr (failure, ==, json_object_get_string_member (event, "message"));
}

static void
test_studio_denied (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) calls = NULL;

  if (!sc_test_require_session_bus ())
    return;
  start_portal (f, "--response", "camera=1", NULL);
  expect_slate (f, "denied", "Camera access was denied");
  calls = read_record (f);
  g_assert_nonnull (find_call (calls, "Camera.AccessCamera"));
  g_assert_null (find_call (calls, "Camera.OpenPipeWireRemote"));
  /* Nor are there cameras to pick from in the show settings. */
  {
    g_autoptr(GPtrArray) devices = sc_devices_list (SC_DEVICE_CAMERA);

    g_assert_cmpuint (devices->len, ==, 0);
  }
}

static void
test_studio_no_portal (Fixture       *f,
                       gconstpointer  data)
{
  if (!sc_test_require_session_bus ())
    return;
  expect_slate (f, "no-portal", "No desktop portal");
}

static void
test_studio_no_camera (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) calls = NULL;

  if (!sc_test_require_session_bus ())
    return;
  start_portal (f, "--no-camera", NULL);
  expect_slate (f, "no-camera", "No camera is connected");
  calls = read_record (f);
  g_assert_null (find_call (calls, "Camera.AccessCamera"));
}

/* Outside the sandbox the portal is never asked: the host's device search
 * (none here) and its slate, as before. */
static void
test_studio_host_path (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) accesses = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  guint failed = 0;

  if (!sc_test_require_session_bus ())
    return;
  g_setenv ("SHOPCAST_SANDBOX", "0", TRUE);
  start_portal (f, NULL);
  accesses = run_show (f, 0, &failed, NULL);
  g_assert_cmpuint (accesses->len, ==, 0);
  calls = read_record (f);
  g_assert_null (find_call (calls, "Camera.AccessCamera"));
}

/* ---- frames through PipeWire ------------------------------------------------ */

/* A PipeWire whose video node has the Camera role (what a webcam is to it). */
static guint
start_camera_node (ScTestPipeWire *pw)
{
  return sc_test_pipewire_start (pw, "video/x-raw,format=YUY2,width=640,height=480,framerate=30/1",
                                 "props,media.class=Video/Source,media.role=Camera,"
                                 "node.name=shopcast-camera,node.description=Shopcast-Test-Camera",
                                 "shopcast-camera");
}

static void
test_studio_granted (Fixture       *f,
                     gconstpointer  data)
{
  ScTestPipeWire pw = { NULL, };
  g_autoptr(GPtrArray) accesses = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autofree char *socket = NULL;
  JsonObject *event;
  guint failed = 0;
  guint id;

  if (!sc_test_require_session_bus () || !sc_test_pipewire_require ())
    return;
  id = start_camera_node (&pw);
  socket = sc_test_pipewire_socket (&pw);
  /* The portal's remote is a connection to that PipeWire, as a real portal's. */
  start_portal (f, "--pipewire", socket, NULL);
  accesses = run_show (f, 0, &failed, NULL);
  g_assert_cmpuint (accesses->len, ==, 1);
  event = g_ptr_array_index (accesses, 0);
  g_assert_cmpstr (json_object_get_string_member (event, "method"), ==, "portal");
  g_assert_false (json_object_has_member (event, "message"));
  /* The node read is the fake camera's. */
  g_assert_cmpint (json_object_get_int_member (event, "node"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (event, "camera"), ==, "Shopcast-Test-Camera");
  /* pipewiresrc reaches PAUSED only once the node feeds it: no slate. */
  g_assert_cmpuint (failed, ==, 0);
  calls = read_record (f);
  g_assert_nonnull (find_call (calls, "Camera.AccessCamera"));
  g_assert_nonnull (find_call (calls, "Camera.OpenPipeWireRemote"));

  g_clear_pointer (&accesses, g_ptr_array_unref);

  /* A source's "device" picks the node by name; one not there is said. */
  accesses = run_show_with (f, "shopcast-camera", 0, &failed, NULL);
  g_assert_cmpuint (failed, ==, 0);
  g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (accesses, 0), "node"), ==, id);
  g_clear_pointer (&accesses, g_ptr_array_unref);
  {
    g_autofree char *failure = NULL;

    accesses = run_show_with (f, "Other Camera", 1, &failed, &failure);
    g_assert_cmpuint (failed, ==, 1);
    event = g_ptr_array_index (accesses, 0);
    g_assert_cmpstr (json_object_get_string_member (event, "reason"), ==, "no-camera");
    g_assert_cmpstr (failure, ==, "The camera “Other Camera” was not found");
  }

  /* The show settings' list is the portal's cameras, by node name. */
  {
    g_autoptr(GPtrArray) devices = sc_devices_list (SC_DEVICE_CAMERA);
    const ScDeviceInfo *info;

    g_assert_cmpuint (devices->len, ==, 1);
    info = g_ptr_array_index (devices, 0);
    g_assert_cmpstr (info->id, ==, "shopcast-camera");
    g_assert_cmpstr (info->name, ==, "Shopcast-Test-Camera");
  }
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
  g_test_add_func ("/camera/sandbox-detection", test_sandbox_detection);
  ADD ("/camera/portal/client", test_client);
  ADD ("/camera/studio/granted", test_studio_granted);
  ADD ("/camera/studio/denied", test_studio_denied);
  ADD ("/camera/studio/no-portal", test_studio_no_portal);
  ADD ("/camera/studio/no-camera", test_studio_no_camera);
  ADD ("/camera/studio/host-path", test_studio_host_path);
#undef ADD
  return g_test_run ();
}
