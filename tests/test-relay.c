/* test-relay.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * docs/scaling.md: when the uplink cannot carry every destination, the show
 * goes out once to a relay that fans out. Here an nginx-rtmp relay on
 * loopback pushes on to a second nginx (standing in for a platform), the
 * shopcast binary streams once to the relay, and ffprobe reads what arrived
 * at the second one. */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "sc-test-rtmp.h"

/* Generous: a show of a few seconds on a loaded 2-core machine. */
#define RUN_TIMEOUT_S 120

/* Whether the platform's recording of "show" holds a few video packets:
 * nginx-rtmp passes video on to a new subscriber (the push) from the next
 * keyframe only, so this waits for what arrived, not for a time. */
static gboolean
platform_has_video (gpointer data)
{
  ScTestRtmpServer *platform = data;
  g_autoptr(GPtrArray) pieces = sc_test_rtmp_server_list_recordings (platform, "show");
  ScTestPacketSpan span;

  return pieces->len > 0 &&
         sc_test_ffprobe_packet_duration (g_ptr_array_index (pieces, 0), "v", &span, NULL) &&
         span.n_packets >= 10;
}

static void
test_push_relay (void)
{
  g_autoptr(ScTestRtmpServer) platform = NULL;
  g_autoptr(ScTestRtmpServer) relay = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScTestProcess) process = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) relayed = NULL;
  g_autoptr(GPtrArray) received = NULL;
  g_autoptr(ScTestProbe) probe = NULL;
  g_autofree char *tmpdir = sc_test_make_tmp_dir ("sc-relay");
  g_autofree char *events_path = g_build_filename (tmpdir, "events.jsonl", NULL);
  g_autofree char *show_path = g_build_filename (tmpdir, "relay.shopcast", NULL);
  g_autofree char *push_url = NULL;
  g_autofree char *relay_url = NULL;
  g_autofree char *show = NULL;
  JsonArray *outputs;
  ScTestPacketSpan video, audio;

  if (!sc_test_require_rtmp_server () || !sc_test_require_tool ("ffprobe"))
    return;

  /* The platform first: the relay pushes every stream it gets on to it,
   * under the same stream name. */
  platform = sc_test_rtmp_server_new (&error);
  g_assert_no_error (error);
  push_url = g_strdup_printf ("rtmp://127.0.0.1:%u/live",
                              sc_test_rtmp_server_get_port (platform));
  relay = sc_test_rtmp_server_new_with_push (push_url, &error);
  g_assert_no_error (error);
  relay_url = sc_test_rtmp_server_get_url (relay, "show");

  show = g_strdup_printf ("{\"title\": \"Relayed\","
                          " \"sources\": [{\"id\": \"host\", \"kind\": \"test-pattern\"},"
                          "               {\"id\": \"mic\", \"kind\": \"test-tone\"}],"
                          " \"outputs\": [{\"name\": \"Relay\", \"url\": \"%s\"}],"
                          " \"recording\": {\"enabled\": false}}", relay_url);
  g_assert_true (g_file_set_contents (show_path, show, -1, NULL));

  {
    const char *args[] = { "--headless", "--show", show_path, "--events", events_path, NULL };

    process = sc_test_shopcast_spawn (NULL, args);
  }
  g_assert_true (sc_test_wait_for_event (events_path, "output-state", "state", "live",
                                         RUN_TIMEOUT_S));
  /* The relay took the stream and published it on to the platform. */
  g_assert_true (sc_test_rtmp_server_wait_for_publish (relay, "show", 1, RUN_TIMEOUT_S));
  g_assert_true (sc_test_rtmp_server_wait_for_publish (platform, "show", 1, RUN_TIMEOUT_S));
  g_assert_true (sc_test_wait_until (platform_has_video, platform, RUN_TIMEOUT_S));
  sc_test_process_send_signal (process, SIGINT);
  g_assert_true (sc_test_process_wait (process, RUN_TIMEOUT_S));
  g_assert_cmpint (sc_test_process_get_status (process), ==, 0);

  /* Shopcast sent the show once: one destination, one connection. */
  events = sc_test_read_events (events_path);
  outputs = json_object_get_array_member (sc_test_last_event (events, "stats"), "outputs");
  g_assert_cmpuint (json_array_get_length (outputs), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (outputs, 0),
                                               "reconnects"), ==, 0);
  g_assert_cmpuint (sc_test_rtmp_server_count_publishes (relay, "show"), ==, 1);

  g_assert_true (sc_test_rtmp_server_wait_idle (relay, 30));
  g_assert_true (sc_test_rtmp_server_wait_idle (platform, 30));
  relayed = sc_test_rtmp_server_list_recordings (relay, "show");
  received = sc_test_rtmp_server_list_recordings (platform, "show");
  g_assert_cmpuint (relayed->len, ==, 1);
  g_assert_cmpuint (received->len, ==, 1);

  /* What reached the platform through the relay plays: H.264 and AAC. */
  probe = sc_test_ffprobe (g_ptr_array_index (received, 0), &error);
  g_assert_no_error (error);
  g_assert_nonnull (sc_test_probe_get_stream (probe, "video"));
  g_assert_cmpstr (sc_test_probe_get_stream (probe, "video")->codec_name, ==, "h264");
  g_assert_cmpint (sc_test_probe_get_stream (probe, "video")->width, ==, 1280);
  g_assert_cmpint (sc_test_probe_get_stream (probe, "video")->height, ==, 720);
  g_assert_nonnull (sc_test_probe_get_stream (probe, "audio"));
  g_assert_cmpstr (sc_test_probe_get_stream (probe, "audio")->codec_name, ==, "aac");
  g_assert_cmpint (sc_test_probe_get_stream (probe, "audio")->sample_rate, ==, 48000);
  g_assert_true (sc_test_ffprobe_packet_duration (g_ptr_array_index (received, 0), "v",
                                                  &video, &error));
  g_assert_no_error (error);
  g_assert_true (sc_test_ffprobe_packet_duration (g_ptr_array_index (received, 0), "a",
                                                  &audio, &error));
  g_assert_no_error (error);
  g_test_message ("at the platform: video %u packets over %.2f s, audio %u over %.2f s",
                  video.n_packets, video.span, audio.n_packets, audio.span);
  g_assert_cmpfloat (video.span, >, 0);
  g_assert_cmpfloat (audio.span, >, 0);
  {
    gboolean keyframe = FALSE;

    g_assert_true (sc_test_ffprobe_first_video_is_keyframe (g_ptr_array_index (received, 0),
                                                            &keyframe, &error));
    g_assert_no_error (error);
    g_assert_true (keyframe);
  }
  /* By the stream's own timestamps the relay passed on no more than it got. */
  {
    ScTestPacketSpan at_relay;

    g_assert_true (sc_test_ffprobe_packet_duration (g_ptr_array_index (relayed, 0), "v",
                                                    &at_relay, &error));
    g_assert_no_error (error);
    g_test_message ("at the relay: video %u packets over %.2f s", at_relay.n_packets,
                    at_relay.span);
    g_assert_cmpuint (video.n_packets, <=, at_relay.n_packets);
  }

  sc_test_remove_dir (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/relay/nginx-push", test_push_relay);

  return g_test_run ();
}
