/* test-rtmp-harness.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-rtmp-harness"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sc-test-rtmp.h"

/* Proves the RTMP test harness on its own: gst-launch-1.0 publishes to the
 * harness's nginx, ffprobe reads back what nginx recorded. */

#define FRAMES 90  /* 3 s at 30 fps */

typedef struct {
  ScTestRtmpServer *server;
} Fixture;

static gboolean
require_publisher (void)
{
  static const char * const elements[] = {
    "videotestsrc", "x264enc", "h264parse", "flvmux", "rtmp2sink",
    "audiotestsrc", "audioconvert", "avenc_aac", "aacparse",
  };

  if (!sc_test_require_tool ("gst-launch-1.0"))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    if (!sc_test_require_gst_element (elements[i]))
      return FALSE;

  return TRUE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (!sc_test_require_rtmp_server () || !sc_test_require_tool ("ffprobe") ||
      !require_publisher ())
    return;

  fixture->server = sc_test_rtmp_server_new (&error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->server);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->server, sc_test_rtmp_server_free);
}

/* 320x240 H.264 at 30 fps and 48 kHz stereo AAC in FLV; @frames < 0 runs
 * until the process is stopped or loses its connection. A counted stream is
 * not live: its timestamps come from the frame count, and no clock makes a
 * loaded machine drop frames (a live one lost some once in CI). */
static GSubprocess *
publish (const char *url,
         int         frames)
{
  g_autofree char *launch = sc_test_find_program ("gst-launch-1.0");
  g_autofree char *num_buffers = g_strdup_printf ("num-buffers=%d", frames);
  g_autofree char *location = g_strdup_printf ("location=%s", url);
  const char *is_live = frames < 0 ? "is-live=true" : "is-live=false";
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  /* samplesperbuffer=1600 at 48 kHz is 30 buffers a second, like the video. */
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              launch, "-e",
                              "videotestsrc", is_live, num_buffers, "!",
                              "video/x-raw,format=I420,width=320,height=240,framerate=30/1", "!",
                              "x264enc", "tune=zerolatency", "key-int-max=30", "!",
                              "h264parse", "!",
                              "flvmux", "name=m", "streamable=true", "!",
                              "rtmp2sink", location,
                              "audiotestsrc", is_live, "samplesperbuffer=1600",
                              num_buffers, "!",
                              "audio/x-raw,rate=48000,channels=2", "!",
                              "audioconvert", "!", "avenc_aac", "!", "aacparse", "!", "m.",
                              NULL);
  g_assert_no_error (error);

  return process;
}

static void
publish_and_wait (ScTestRtmpServer *server,
                  const char       *name)
{
  g_autofree char *url = sc_test_rtmp_server_get_url (server, name);
  g_autoptr(GSubprocess) process = publish (url, FRAMES);

  g_assert_true (sc_test_subprocess_wait (process, 30));
  g_assert_true (g_subprocess_get_successful (process));
  g_assert_true (sc_test_rtmp_server_wait_idle (server, 30));
}

static void
assert_recording (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScTestProbe) probe = NULL;
  const ScTestProbeStream *video;
  const ScTestProbeStream *audio;
  ScTestPacketSpan span;

  probe = sc_test_ffprobe (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (probe->format_name, ==, "flv");

  video = sc_test_probe_get_stream (probe, "video");
  g_assert_nonnull (video);
  g_assert_cmpstr (video->codec_name, ==, "h264");
  g_assert_nonnull (video->profile);
  g_assert_cmpint (video->width, ==, 320);
  g_assert_cmpint (video->height, ==, 240);
  g_assert_cmpfloat_with_epsilon (video->avg_frame_rate, 30.0, 1.0);

  audio = sc_test_probe_get_stream (probe, "audio");
  g_assert_nonnull (audio);
  g_assert_cmpstr (audio->codec_name, ==, "aac");
  g_assert_cmpint (audio->sample_rate, ==, 48000);
  g_assert_cmpint (audio->channels, ==, 2);

  if (probe->duration > 0)
    g_assert_cmpfloat_with_epsilon (probe->duration, 3.0, 0.3);

  /* The publisher counted FRAMES frames at 30 fps and timestamped them from
   * that count, so the file holds FRAMES packets over FRAMES - 1 intervals,
   * whatever the load; a gap of k intervals would be k - 1 frames lost on
   * the way, and none are. FLV keeps milliseconds: 33 or 34 ms a step. */
  g_assert_true (sc_test_ffprobe_packet_duration (path, NULL, &span, &error));
  g_assert_no_error (error);
  g_test_message ("%s: %u packets over %.3f s, largest gap %.3f s at %.3f s", path,
                  span.n_packets, span.span, span.max_gap, span.max_gap_at);
  g_assert_cmpuint (span.n_packets, ==, FRAMES);
  g_assert_cmpfloat_with_epsilon (span.span, (FRAMES - 1) / 30.0, 1.5 / 30.0);
  g_assert_cmpfloat (span.max_gap, <, 1.5 / 30.0);

  g_assert_true (sc_test_ffprobe_packet_duration (path, "a", &span, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (span.span, 3.0, 0.2);
}

static gboolean
port_accepts (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  g_socket_client_set_enable_proxy (client, FALSE);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);

  return connection != NULL;
}

static void
test_publish_recording (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) pieces = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autofree char *url = NULL;
  g_autofree char *expected = NULL;

  if (fixture->server == NULL)
    return;

  url = sc_test_rtmp_server_get_url (fixture->server, "show");
  expected = g_strdup_printf ("rtmp://127.0.0.1:%u/live/show",
                              sc_test_rtmp_server_get_port (fixture->server));
  g_assert_cmpstr (url, ==, expected);
  g_assert_true (sc_test_rtmp_server_is_running (fixture->server));

  publish_and_wait (fixture->server, "show");

  pieces = sc_test_rtmp_server_list_recordings (fixture->server, "show");
  g_assert_cmpuint (pieces->len, ==, 1);
  assert_recording (g_ptr_array_index (pieces, 0));
  g_assert_cmpuint (sc_test_rtmp_server_count_publishes (fixture->server, "show"), ==, 1);

  /* "sho" is a prefix of "show" but names no stream. */
  none = sc_test_rtmp_server_list_recordings (fixture->server, "sho");
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (sc_test_rtmp_server_count_publishes (fixture->server, "sho"), ==, 0);
}

static void
test_restart_same_port (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pieces = NULL;
  guint16 port;

  if (fixture->server == NULL)
    return;

  port = sc_test_rtmp_server_get_port (fixture->server);
  publish_and_wait (fixture->server, "show");

  sc_test_rtmp_server_stop (fixture->server);
  g_assert_false (sc_test_rtmp_server_is_running (fixture->server));
  g_assert_false (port_accepts (port));

  g_assert_true (sc_test_rtmp_server_restart (fixture->server, &error));
  g_assert_no_error (error);
  g_assert_true (sc_test_rtmp_server_is_running (fixture->server));
  g_assert_cmpuint (sc_test_rtmp_server_get_port (fixture->server), ==, port);
  g_assert_true (port_accepts (port));

  publish_and_wait (fixture->server, "show");

  pieces = sc_test_rtmp_server_list_recordings (fixture->server, "show");
  g_assert_cmpuint (pieces->len, ==, 2);
  for (guint i = 0; i < pieces->len; i++)
    assert_recording (g_ptr_array_index (pieces, i));
  g_assert_cmpuint (sc_test_rtmp_server_count_publishes (fixture->server, "show"), ==, 2);
}

static void
test_stop_drops_publisher (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) pieces = NULL;
  g_autofree char *url = NULL;
  ScTestPacketSpan span;

  if (fixture->server == NULL)
    return;

  url = sc_test_rtmp_server_get_url (fixture->server, "live-show");
  process = publish (url, -1);
  g_assert_true (sc_test_rtmp_server_wait_for_publish (fixture->server, "live-show", 1, 15));
  g_assert_false (sc_test_rtmp_server_wait_for_publish (fixture->server, "live-show", 2, 1));

  sc_test_rtmp_server_stop (fixture->server);

  /* The publisher sees its connection close and fails on its own. */
  g_assert_true (sc_test_subprocess_wait (process, 30));
  g_assert_false (g_subprocess_get_successful (process));

  /* What arrived before the stop is on disk and readable. */
  pieces = sc_test_rtmp_server_list_recordings (fixture->server, "live-show");
  g_assert_cmpuint (pieces->len, ==, 1);
  g_assert_true (sc_test_ffprobe_packet_duration (g_ptr_array_index (pieces, 0), "v",
                                                  &span, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (span.n_packets, >, 0);
}

static void
test_ffprobe_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScTestProbe) probe = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *text_file = NULL;
  ScTestPacketSpan span;

  if (!sc_test_require_tool ("ffprobe"))
    return;

  probe = sc_test_ffprobe ("/nonexistent/recording.flv", &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "/nonexistent/recording.flv"));
  g_assert_null (probe);
  g_clear_error (&error);

  dir = g_dir_make_tmp ("shopcast-probe-XXXXXX", &error);
  g_assert_no_error (error);
  text_file = g_build_filename (dir, "not-a-video.flv", NULL);
  g_assert_true (g_file_set_contents (text_file, "not a video\n", -1, &error));
  g_assert_no_error (error);

  g_assert_false (sc_test_ffprobe_packet_duration (text_file, NULL, &span, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (span.n_packets, ==, 0);
  g_clear_error (&error);

  g_assert_cmpint (g_unlink (text_file), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/rtmp-harness/publish-recording", Fixture, NULL,
              fixture_set_up, test_publish_recording, fixture_tear_down);
  g_test_add ("/rtmp-harness/restart-same-port", Fixture, NULL,
              fixture_set_up, test_restart_same_port, fixture_tear_down);
  g_test_add ("/rtmp-harness/stop-drops-publisher", Fixture, NULL,
              fixture_set_up, test_stop_drops_publisher, fixture_tear_down);
  g_test_add_func ("/rtmp-harness/ffprobe-errors", test_ffprobe_errors);

  return g_test_run ();
}
