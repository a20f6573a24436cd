/* test-pipeline.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <string.h>

#include "media/sc-media-error.h"
#include "media/sc-output.h"
#include "media/sc-pipeline.h"
#include "overlay/sc-overlay-scene.h"
#include "sc-test-rtmp.h"

#define DURATION_S 6.0

typedef struct {
  ScTestRtmpServer *server;
  ScTestRtmpServer *server2;
  char             *tmpdir;
  ScPipeline       *pipeline;
  gboolean          stopped;
  GPtrArray        *failed_sources;
  GHashTable       *state_history;   /* ScOutput -> GString of states */
} Fixture;

static void
string_free (gpointer data)
{
  g_string_free (data, TRUE);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->tmpdir = g_dir_make_tmp ("sc-pipeline-XXXXXX", NULL);
  f->failed_sources = g_ptr_array_new_with_free_func (g_free);
  f->state_history = g_hash_table_new_full (NULL, NULL, NULL, string_free);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->pipeline);
  g_clear_pointer (&f->server, sc_test_rtmp_server_free);
  g_clear_pointer (&f->server2, sc_test_rtmp_server_free);
  sc_test_remove_dir (f->tmpdir);
  g_free (f->tmpdir);
  g_ptr_array_unref (f->failed_sources);
  g_hash_table_unref (f->state_history);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @seconds of wall time. */
static void
run_for (double seconds)
{
  gboolean done = FALSE;

  g_timeout_add ((guint)(seconds * 1000), timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
run_until (gboolean *flag,
           double    timeout_s)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add ((guint)(timeout_s * 1000), timeout_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return *flag;
}

static void
stopped_cb (ScPipeline *pipeline,
            Fixture    *f)
{
  f->stopped = TRUE;
}

static void
source_failed_cb (ScPipeline *pipeline,
                  const char *id,
                  const char *kind,
                  const char *message,
                  Fixture    *f)
{
  g_test_message ("source %s (%s) failed: %s", id, kind, message);
  g_ptr_array_add (f->failed_sources, g_strdup (id));
}

static void
output_state_cb (ScOutput   *output,
                 GParamSpec *pspec,
                 Fixture    *f)
{
  GString *history = g_hash_table_lookup (f->state_history, output);

  if (history == NULL)
    g_hash_table_insert (f->state_history, output, history = g_string_new (NULL));
  g_string_append_printf (history, "%s%s", history->len ? "," : "",
                          sc_output_state_to_string (sc_output_get_state (output)));
  g_test_message ("%s: %s (attempt %u) %s", sc_output_get_name (output),
                  sc_output_state_to_string (sc_output_get_state (output)),
                  sc_output_get_attempt (output),
                  sc_output_get_last_error (output) ? sc_output_get_last_error (output) : "");
}

static const char *
history_of (Fixture  *f,
            ScOutput *output)
{
  GString *history = g_hash_table_lookup (f->state_history, output);

  return history ? history->str : "";
}

static void
make_pipeline (Fixture          *f,
               ScEncodingConfig *encoding,
               gboolean          with_camera)
{
  g_autoptr(ScSourceConfig) host = sc_source_config_new ("host", SC_SOURCE_TEST_PATTERN);
  g_autoptr(ScSourceConfig) screen = sc_source_config_new ("screen", SC_SOURCE_TEST_PATTERN);
  g_autoptr(ScSourceConfig) tone = sc_source_config_new ("tone", SC_SOURCE_TEST_TONE);
  g_autoptr(ScSourceConfig) camera = sc_source_config_new ("camera", SC_SOURCE_CAMERA);

  host->pattern = g_strdup ("ball");
  screen->pattern = g_strdup ("smpte");
  tone->volume = 0.1;
  camera->label = g_strdup ("Camera");
  camera->device = g_strdup ("/dev/video-that-does-not-exist");

  f->pipeline = sc_pipeline_new (encoding);
  g_signal_connect (f->pipeline, "stopped", G_CALLBACK (stopped_cb), f);
  g_signal_connect (f->pipeline, "source-failed", G_CALLBACK (source_failed_cb), f);
  sc_pipeline_add_source (f->pipeline, with_camera ? camera : host);
  sc_pipeline_add_source (f->pipeline, screen);
  sc_pipeline_add_source (f->pipeline, tone);
  sc_pipeline_set_layout (f->pipeline, SC_LAYOUT_PIP);
}

static ScOutput *
add_rtmp (Fixture          *f,
          const char       *name,
          const char       *url,
          ScEncodingConfig *encoding)
{
  g_autoptr(ScOutputConfig) config = sc_output_config_new (name, url);
  ScOutput *output = sc_output_new_rtmp (config, encoding);

  g_signal_connect (output, "notify::state", G_CALLBACK (output_state_cb), f);
  sc_pipeline_add_output (f->pipeline, output);
  return output;
}

static ScOutput *
add_recording (Fixture    *f,
               const char *path)
{
  ScOutput *output = sc_output_new_recording (path, SC_RECORDING_MATROSKA);

  g_signal_connect (output, "notify::state", G_CALLBACK (output_state_cb), f);
  sc_pipeline_add_output (f->pipeline, output);
  return output;
}

static void
stop_and_wait (Fixture *f)
{
  sc_pipeline_stop (f->pipeline);
  g_assert_true (run_until (&f->stopped, 20));
}

static void
assert_stream (const char *path,
               int         width,
               int         height,
               double      duration,
               double      tolerance)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScTestProbe) probe = sc_test_ffprobe (path, &error);
  const ScTestProbeStream *video;
  const ScTestProbeStream *audio;
  ScTestPacketSpan span;

  g_assert_no_error (error);
  video = sc_test_probe_get_stream (probe, "video");
  audio = sc_test_probe_get_stream (probe, "audio");
  g_assert_nonnull (video);
  g_assert_nonnull (audio);
  g_assert_cmpstr (video->codec_name, ==, "h264");
  /* Not High 4:4:4, which the platforms refuse. */
  g_assert_true (g_strcmp0 (video->profile, "High") == 0 ||
                 g_strcmp0 (video->profile, "Main") == 0 ||
                 g_strcmp0 (video->profile, "Constrained Baseline") == 0);
  g_assert_cmpint (video->width, ==, width);
  g_assert_cmpint (video->height, ==, height);
  g_assert_cmpfloat_with_epsilon (video->avg_frame_rate > 0 ? video->avg_frame_rate
                                                            : video->r_frame_rate, 30.0, 0.5);
  g_assert_cmpstr (audio->codec_name, ==, "aac");
  g_assert_cmpint (audio->sample_rate, ==, 48000);

  g_assert_true (sc_test_ffprobe_packet_duration (path, "v", &span, &error));
  g_assert_no_error (error);
  g_test_message ("%s: %u video packets over %.2f s, largest gap %.3f s at %.2f s",
                  path, span.n_packets, span.span, span.max_gap, span.max_gap_at);
  g_assert_cmpfloat_with_epsilon (span.span, duration, tolerance);
  /* Continuous video: no hole longer than two frames. */
  g_assert_cmpfloat (span.max_gap, <, 2.5 / 30.0);
  g_assert_cmpfloat_with_epsilon ((double)span.n_packets, span.span * 30.0 + 1, 3.0);
}

static void
test_two_destinations (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScOutput) a = NULL;
  g_autoptr(ScOutput) b = NULL;
  g_autoptr(ScOutput) rec = NULL;
  g_autofree char *url_a = NULL;
  g_autofree char *url_b = NULL;
  g_autofree char *rec_path = g_build_filename (f->tmpdir, "show.mkv", NULL);
  g_autoptr(GPtrArray) pieces_a = NULL;
  g_autoptr(GPtrArray) pieces_b = NULL;
  ScEncodingConfig encoding;
  ScPipelineStats stats;
  gint64 started;
  double wall;

  if (!sc_test_require_rtmp_server () || !sc_test_require_tool ("ffprobe"))
    return;
  f->server = sc_test_rtmp_server_new (&error);
  g_assert_no_error (error);
  url_a = sc_test_rtmp_server_get_url (f->server, "a");
  url_b = sc_test_rtmp_server_get_url (f->server, "b");

  sc_encoding_config_init_defaults (&encoding);
  make_pipeline (f, &encoding, FALSE);
  a = add_rtmp (f, "A", url_a, &encoding);
  b = add_rtmp (f, "B", url_b, &encoding);
  rec = add_recording (f, rec_path);

  g_assert_true (sc_pipeline_start (f->pipeline, &error));
  g_assert_no_error (error);
  started = g_get_monotonic_time ();
  g_assert_cmpstr (sc_pipeline_get_video_encoder (f->pipeline), ==, "x264enc");
  run_for (DURATION_S);
  sc_pipeline_get_stats (f->pipeline, &stats);
  g_test_message ("frames %" G_GUINT64_FORMAT ", fps %.1f, bytes to A %" G_GUINT64_FORMAT,
                  stats.frames, stats.fps, sc_output_get_bytes (a));
  g_assert_cmpint (sc_output_get_state (a), ==, SC_OUTPUT_STATE_LIVE);
  g_assert_cmpint (sc_output_get_state (b), ==, SC_OUTPUT_STATE_LIVE);
  g_assert_cmpint (sc_output_get_state (rec), ==, SC_OUTPUT_STATE_LIVE);
  sc_pipeline_get_stats (f->pipeline, &stats);
  g_assert_cmpfloat_with_epsilon (stats.fps, 30.0, 1.5);
  g_assert_cmpuint (stats.render_drops, ==, 0);
  g_assert_cmpuint (sc_output_get_bytes (a), >, 100000);

  stop_and_wait (f);
  wall = (double)(g_get_monotonic_time () - started) / G_USEC_PER_SEC;
  g_assert_cmpint (sc_output_get_state (a), ==, SC_OUTPUT_STATE_STOPPED);
  g_assert_cmpint (sc_output_get_state (rec), ==, SC_OUTPUT_STATE_STOPPED);
  g_assert_true (sc_test_rtmp_server_wait_idle (f->server, 10));

  pieces_a = sc_test_rtmp_server_list_recordings (f->server, "a");
  pieces_b = sc_test_rtmp_server_list_recordings (f->server, "b");
  g_assert_cmpuint (pieces_a->len, ==, 1);
  g_assert_cmpuint (pieces_b->len, ==, 1);
  assert_stream (g_ptr_array_index (pieces_a, 0), 1280, 720, wall, 1.0);
  assert_stream (g_ptr_array_index (pieces_b, 0), 1280, 720, wall, 1.0);
  assert_stream (rec_path, 1280, 720, wall, 1.0);
}

static void
test_reconnect (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScOutput) flaky = NULL;
  g_autoptr(ScOutput) steady = NULL;
  g_autoptr(ScOutput) rec = NULL;
  g_autofree char *url_flaky = NULL;
  g_autofree char *url_steady = NULL;
  g_autofree char *rec_path = g_build_filename (f->tmpdir, "show.mkv", NULL);
  g_autoptr(GPtrArray) pieces = NULL;
  g_autoptr(GPtrArray) steady_pieces = NULL;
  ScEncodingConfig encoding;
  gint64 started;
  double wall;

  if (!sc_test_require_rtmp_server () || !sc_test_require_tool ("ffprobe"))
    return;
  f->server = sc_test_rtmp_server_new (&error);
  g_assert_no_error (error);
  f->server2 = sc_test_rtmp_server_new (&error);
  g_assert_no_error (error);
  url_flaky = sc_test_rtmp_server_get_url (f->server, "flaky");
  url_steady = sc_test_rtmp_server_get_url (f->server2, "steady");

  sc_encoding_config_init_defaults (&encoding);
  make_pipeline (f, &encoding, FALSE);
  flaky = add_rtmp (f, "Flaky", url_flaky, &encoding);
  steady = add_rtmp (f, "Steady", url_steady, &encoding);
  rec = add_recording (f, rec_path);

  g_assert_true (sc_pipeline_start (f->pipeline, &error));
  started = g_get_monotonic_time ();
  run_for (3);
  g_assert_cmpint (sc_output_get_state (flaky), ==, SC_OUTPUT_STATE_LIVE);

  sc_test_rtmp_server_stop (f->server);
  run_for (1.0);
  g_assert_cmpint (sc_output_get_state (flaky), ==, SC_OUTPUT_STATE_RECONNECTING);
  g_assert_cmpuint (sc_output_get_attempt (flaky), >=, 1);
  g_assert_cmpint (sc_output_get_state (steady), ==, SC_OUTPUT_STATE_LIVE);
  g_assert_nonnull (sc_output_get_last_error (flaky));
  run_for (1.5);
  g_assert_true (sc_test_rtmp_server_restart (f->server, &error));
  g_assert_no_error (error);

  /* First retry 2 s after the failure, then 3 s, 4.5 s: live again within 8 s. */
  for (int i = 0; i < 80 && sc_output_get_state (flaky) != SC_OUTPUT_STATE_LIVE; i++)
    run_for (0.1);
  g_assert_cmpint (sc_output_get_state (flaky), ==, SC_OUTPUT_STATE_LIVE);
  g_assert_cmpuint (sc_output_get_reconnects (flaky), >=, 1);
  run_for (3);

  stop_and_wait (f);
  wall = (double)(g_get_monotonic_time () - started) / G_USEC_PER_SEC;
  g_assert_true (g_str_has_prefix (history_of (f, flaky), "connecting,live,reconnecting"));
  g_assert_true (strstr (history_of (f, flaky), "reconnecting,connecting,live") != NULL);
  g_assert_cmpstr (history_of (f, steady), ==, "connecting,live,stopped");
  g_assert_cmpstr (history_of (f, rec), ==, "connecting,live,stopped");
  g_assert_cmpuint (sc_output_get_dropped_frames (steady), ==, 0);

  g_assert_true (sc_test_rtmp_server_wait_idle (f->server, 10));
  g_assert_true (sc_test_rtmp_server_wait_idle (f->server2, 10));
  pieces = sc_test_rtmp_server_list_recordings (f->server, "flaky");
  g_assert_cmpuint (pieces->len, ==, 2);
  steady_pieces = sc_test_rtmp_server_list_recordings (f->server2, "steady");
  g_assert_cmpuint (steady_pieces->len, ==, 1);
  /* The recording and the other destination have no gap: wall time, continuous. */
  assert_stream (rec_path, 1280, 720, wall, 1.0);
  assert_stream (g_ptr_array_index (steady_pieces, 0), 1280, 720, wall, 1.0);
  /* The reconnected piece starts with a keyframe and decodes as a whole stream. */
  {
    g_autoptr(ScTestProbe) probe = sc_test_ffprobe (g_ptr_array_index (pieces, 1), &error);

    g_assert_no_error (error);
    g_assert_nonnull (sc_test_probe_get_stream (probe, "video"));
  }
}

static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScOutput) dead = NULL;
  g_autoptr(ScOutput) rec = NULL;
  g_autofree char *rec_path = g_build_filename (f->tmpdir, "show.mkv", NULL);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *url = NULL;
  ScEncodingConfig encoding;
  gint64 started;
  double wall;

  if (!sc_test_require_tool ("ffprobe"))
    return;
  /* A loopback port that nothing listens on. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  g_clear_object (&address);
  address = g_socket_get_local_address (socket, NULL);
  url = g_strdup_printf ("rtmp://127.0.0.1:%u/live/nobody",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)));
  g_socket_close (socket, NULL);

  sc_encoding_config_init_defaults (&encoding);
  encoding.reconnect_initial_s = 0.5;
  encoding.reconnect_max_retries = 2;
  make_pipeline (f, &encoding, FALSE);
  dead = add_rtmp (f, "Dead", url, &encoding);
  rec = add_recording (f, rec_path);

  g_assert_true (sc_pipeline_start (f->pipeline, &error));
  started = g_get_monotonic_time ();
  run_for (4);
  /* 0.5 s, 0.75 s, then give up. */
  g_assert_cmpint (sc_output_get_state (dead), ==, SC_OUTPUT_STATE_FAILED);
  g_assert_cmpuint (sc_output_get_attempt (dead), ==, 3);
  g_assert_cmpuint (sc_output_get_reconnects (dead), ==, 2);
  g_assert_cmpint (sc_output_get_state (rec), ==, SC_OUTPUT_STATE_LIVE);

  /* "Reconnect now" brings a failed destination back into play. */
  sc_output_reconnect_now (dead);
  g_assert_cmpint (sc_output_get_state (dead), ==, SC_OUTPUT_STATE_CONNECTING);
  run_for (1);

  stop_and_wait (f);
  wall = (double)(g_get_monotonic_time () - started) / G_USEC_PER_SEC;
  assert_stream (rec_path, 1280, 720, wall, 1.0);
}

static void
test_layouts_and_slate (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScOutput) rec = NULL;
  g_autoptr(ScOverlayScene) scene = NULL;
  g_autoptr(GPtrArray) regions = NULL;
  g_autoptr(ScProduct) product = NULL;
  g_autofree char *rec_path = g_build_filename (f->tmpdir, "show.mkv", NULL);
  g_autofree char *png_path = g_build_filename (f->tmpdir, "snapshot.png", NULL);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  ScEncodingConfig encoding;
  ScPipelineStats stats;
  static const ScLayoutKind layouts[] = {
    SC_LAYOUT_SOLO, SC_LAYOUT_SIDE_BY_SIDE, SC_LAYOUT_PRODUCT_FOCUS, SC_LAYOUT_PIP,
  };
  gint64 started;
  double wall;

  if (!sc_test_require_tool ("ffprobe"))
    return;
  sc_encoding_config_init_defaults (&encoding);
  make_pipeline (f, &encoding, TRUE);
  rec = add_recording (f, rec_path);

  scene = sc_overlay_scene_new (encoding.width, encoding.height);
  product = sc_product_new ("p1", "Test mug");
  sc_product_set_price (product, 1990);
  sc_product_set_stock (product, 3);
  sc_overlay_scene_set_product (scene, product);
  sc_overlay_scene_set_layout (scene, SC_LAYOUT_PIP);
  regions = sc_overlay_scene_render (scene);
  sc_pipeline_set_overlay (f->pipeline, regions);

  g_assert_true (sc_pipeline_start (f->pipeline, &error));
  g_assert_no_error (error);
  started = g_get_monotonic_time ();
  /* No camera here: the show runs on with a slate and says so. */
  g_assert_cmpuint (f->failed_sources->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->failed_sources, 0), ==, "camera");

  run_for (1);
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
      {
        sc_pipeline_set_layout (f->pipeline, layouts[i]);
        run_for (0.5);
      }
  sc_pipeline_get_stats (f->pipeline, &stats);
  g_assert_cmpuint (stats.render_drops, ==, 0);
  g_assert_true (sc_pipeline_snapshot (f->pipeline, png_path, &error));
  g_assert_no_error (error);

  stop_and_wait (f);
  wall = (double)(g_get_monotonic_time () - started) / G_USEC_PER_SEC;
  assert_stream (rec_path, 1280, 720, wall, 1.0);

  pixbuf = gdk_pixbuf_new_from_file (png_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 1280);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 720);
}

static void
test_missing_encoder (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  ScEncodingConfig encoding;

  sc_encoding_config_init_defaults (&encoding);
  encoding.video_encoder = g_strdup ("nosuchh264enc");
  make_pipeline (f, &encoding, FALSE);
  sc_encoding_config_clear (&encoding);

  g_assert_false (sc_pipeline_start (f->pipeline, &error));
  g_assert_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_ENCODER);
  g_assert_nonnull (strstr (error->message, "nosuchh264enc"));
  g_assert_cmpint (sc_pipeline_get_state (f->pipeline), ==, SC_PIPELINE_STATE_FAILED);
}

/* The other encoders the engine falls back to, and the image and screen
 * sources (the suite runs under Xvfb, so there is a screen to capture). */
static void
test_fallback_encoders_and_sources (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScOutput) rec = NULL;
  g_autoptr(ScSourceConfig) image = sc_source_config_new ("shot", SC_SOURCE_IMAGE);
  g_autoptr(ScSourceConfig) screen = sc_source_config_new ("screen", SC_SOURCE_SCREEN);
  g_autoptr(ScSourceConfig) tone = sc_source_config_new ("tone", SC_SOURCE_TEST_TONE);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 320, 240);
  g_autofree char *png = g_build_filename (f->tmpdir, "shot.png", NULL);
  g_autofree char *rec_path = g_build_filename (f->tmpdir, "fallback.mkv", NULL);
  g_autoptr(ScTestProbe) probe = NULL;
  ScEncodingConfig encoding;
  ScTestPacketSpan span;

  if (!sc_test_require_tool ("ffprobe"))
    return;
  if (g_getenv ("DISPLAY") == NULL)
    {
      if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
        g_test_fail_printf ("no X display for screen capture (build-aux/dev runs Xvfb)");
      else
        g_test_skip ("no X display for screen capture");
      return;
    }
  gdk_pixbuf_fill (pixbuf, 0x20c040ff);
  g_assert_true (gdk_pixbuf_save (pixbuf, png, "png", &error, NULL));
  image->path = g_strdup (png);

  sc_encoding_config_init_defaults (&encoding);
  encoding.video_encoder = g_strdup ("openh264enc");
  encoding.audio_encoder = g_strdup ("voaacenc");
  f->pipeline = sc_pipeline_new (&encoding);
  sc_encoding_config_clear (&encoding);
  g_signal_connect (f->pipeline, "stopped", G_CALLBACK (stopped_cb), f);
  g_signal_connect (f->pipeline, "source-failed", G_CALLBACK (source_failed_cb), f);
  sc_pipeline_add_source (f->pipeline, image);
  sc_pipeline_add_source (f->pipeline, screen);
  sc_pipeline_add_source (f->pipeline, tone);
  sc_pipeline_set_layout (f->pipeline, SC_LAYOUT_SIDE_BY_SIDE);
  rec = add_recording (f, rec_path);

  g_assert_true (sc_pipeline_start (f->pipeline, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sc_pipeline_get_video_encoder (f->pipeline), ==, "openh264enc");
  g_assert_cmpstr (sc_pipeline_get_audio_encoder (f->pipeline), ==, "voaacenc");
  run_for (3);
  g_assert_cmpuint (f->failed_sources->len, ==, 0);
  stop_and_wait (f);

  probe = sc_test_ffprobe (rec_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sc_test_probe_get_stream (probe, "video")->codec_name, ==, "h264");
  g_assert_cmpint (sc_test_probe_get_stream (probe, "video")->width, ==, 1280);
  g_assert_cmpstr (sc_test_probe_get_stream (probe, "audio")->codec_name, ==, "aac");
  g_assert_true (sc_test_ffprobe_packet_duration (rec_path, "v", &span, &error));
  g_assert_cmpfloat_with_epsilon (span.span, 3.0, 1.0);
}

static void
test_redact (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl", "rtmp://a.rtmp.youtube.com/live2/***" },
    { "rtmps://user:pass@live.example:443/app/key?x=1", "rtmps://***@live.example:443/app/***" },
    { "rtmp://127.0.0.1:1935/live", "rtmp://127.0.0.1:1935/live" },
    { "rtmp://host", "rtmp://host" },
    { "not a url", "***" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = sc_redact_url (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_key_never_shown (void)
{
  g_autoptr(ScOutputConfig) config = sc_output_config_new ("X", "rtmp://127.0.0.1:1/live");
  g_autoptr(ScOutput) output = NULL;
  g_autofree char *full = NULL;
  ScEncodingConfig encoding;

  sc_encoding_config_init_defaults (&encoding);
  config->key = g_strdup ("SECRET-KEY-123");
  full = sc_output_config_full_url (config);
  g_assert_cmpstr (full, ==, "rtmp://127.0.0.1:1/live/SECRET-KEY-123");
  output = sc_output_new_rtmp (config, &encoding);
  g_assert_null (strstr (sc_output_get_display_url (output), "SECRET"));
  g_assert_cmpstr (sc_output_get_display_url (output), ==, "rtmp://127.0.0.1:1/live/***");
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/output/redact", test_redact);
  g_test_add_func ("/media/output/key-never-shown", test_key_never_shown);
  g_test_add ("/media/pipeline/missing-encoder", Fixture, NULL,
              fixture_set_up, test_missing_encoder, fixture_tear_down);
  g_test_add ("/media/pipeline/two-destinations-and-recording", Fixture, NULL,
              fixture_set_up, test_two_destinations, fixture_tear_down);
  g_test_add ("/media/pipeline/reconnect", Fixture, NULL,
              fixture_set_up, test_reconnect, fixture_tear_down);
  g_test_add ("/media/pipeline/unreachable-destination", Fixture, NULL,
              fixture_set_up, test_unreachable, fixture_tear_down);
  g_test_add ("/media/pipeline/layouts-and-slate", Fixture, NULL,
              fixture_set_up, test_layouts_and_slate, fixture_tear_down);
  g_test_add ("/media/pipeline/fallback-encoders-image-and-screen", Fixture, NULL,
              fixture_set_up, test_fallback_encoders_and_sources, fixture_tear_down);
  return g_test_run ();
}
