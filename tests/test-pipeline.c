/* test-pipeline.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <libsoup/soup.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include "media/sc-flv-mux.h"
#include "media/sc-gst-util.h"
#include "media/sc-media-error.h"
#include "media/sc-output.h"
#include "media/sc-pipeline-private.h"
#include "media/sc-source-bin.h"
#include "overlay/sc-overlay-scene.h"
#include "sc-test-rtmp.h"

/* Six seconds of the show, counted on its own clock. */
#define SHOW_FRAMES 180

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

typedef gboolean (*Condition) (gpointer data);

/* Iterates the main context until @condition holds or @timeout_s passes. */
static gboolean
wait_for (Condition condition,
          gpointer  data,
          double    timeout_s)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add ((guint)(timeout_s * 1000), timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return condition (data);
}

typedef struct {
  ScOutput      *output;
  ScOutputState  state;
} StateWait;

static gboolean
state_reached (gpointer data)
{
  StateWait *w = data;

  return sc_output_get_state (w->output) == w->state;
}

static gboolean
wait_for_state (ScOutput      *output,
                ScOutputState  state,
                double         timeout_s)
{
  StateWait w = { output, state };

  return wait_for (state_reached, &w, timeout_s);
}

/* Runs the main loop until the show has encoded @n more frames: its own
 * clock, however long a loaded machine takes for them. */
static void
run_frames (ScPipeline *pipeline,
            guint       n)
{
  ScPipelineStats stats;
  guint64 target;
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (60, timeout_cb, &timed_out);

  sc_pipeline_get_stats (pipeline, &stats);
  target = stats.frames + n;
  while (stats.frames < target && !timed_out)
    {
      g_main_context_iteration (NULL, TRUE);
      sc_pipeline_get_stats (pipeline, &stats);
    }
  if (!timed_out)
    g_source_remove (id);
  g_assert_cmpuint (stats.frames, >=, target);
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

/* Checks a stream's format. */
static void
assert_format (const char *path,
               int         width,
               int         height)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScTestProbe) probe = sc_test_ffprobe (path, &error);
  const ScTestProbeStream *video;
  const ScTestProbeStream *audio;

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
  g_test_message ("%s: avg_frame_rate %.2f, r_frame_rate %.2f", path,
                  video->avg_frame_rate, video->r_frame_rate);
  /* The rate the stream declares; frames lost on a loaded machine lower
   * its measured average, never this. */
  g_assert_cmpfloat_with_epsilon (video->r_frame_rate > 0 ? video->r_frame_rate
                                                          : video->avg_frame_rate, 30.0, 0.5);
  g_assert_cmpstr (audio->codec_name, ==, "aac");
  g_assert_cmpint (audio->sample_rate, ==, 48000);
}

/* A stream that was on for the whole show holds what the show says it sent,
 * never what the wall clock suggests: every frame it encoded (@stats, taken
 * once stopped) less those @output dropped, over the show's own timeline,
 * with no hole but those the show counted. A hole of seconds the counters do
 * not explain fails, however loaded the machine. */
static void
assert_stream (const char            *path,
               int                    width,
               int                    height,
               const ScPipelineStats *stats,
               ScOutput              *output)
{
  g_autoptr(GError) error = NULL;
  ScTestPacketSpan span;
  double fps = 30.0;
  guint64 dropped = sc_output_get_dropped_frames (output);

  assert_format (path, width, height);
  g_assert_true (sc_test_ffprobe_packet_duration (path, "v", &span, &error));
  g_assert_no_error (error);
  g_test_message ("%s: %u video packets over %.3f s, largest gap %.3f s at %.2f s; the show: %"
                  G_GUINT64_FORMAT " frames, %" G_GUINT64_FORMAT " lost before the encoder, %"
                  G_GUINT64_FORMAT " dropped by the output", path, span.n_packets, span.span,
                  span.max_gap, span.max_gap_at, stats->frames, stats->render_drops, dropped);
  g_assert_cmpuint (stats->frames, >, 0);
  /* Every frame the show sent to this output is in it. */
  g_assert_cmpuint (span.n_packets, ==, stats->frames - dropped);
  /* Its timeline is the show's: the frames and the holes the show reported
   * (a gap of k frame intervals is k - 1 counted drops). */
  g_assert_cmpfloat_with_epsilon (span.span, (stats->frames + stats->render_drops - 1) / fps,
                                  (dropped + 2) / fps);
  g_assert_cmpfloat (span.max_gap, <=, (stats->render_drops + dropped + 1.5) / fps);
}

/* Counts the muxers put to work while a show runs: GStreamer's "bin-add-post"
 * tracing hook sees every element added to a pipeline, wherever the code
 * does it ("element-new" misses aggregators such as flvmux, whose
 * constructor does not chain up). */
#define SC_TYPE_MUX_COUNTER (sc_mux_counter_get_type ())
G_DECLARE_FINAL_TYPE (ScMuxCounter, sc_mux_counter, SC, MUX_COUNTER, GstTracer)

struct _ScMuxCounter
{
  GstTracer parent_instance;
};

G_DEFINE_TYPE (ScMuxCounter, sc_mux_counter, GST_TYPE_TRACER)

static gint flvmux_made;
static gint matroskamux_made;
static gint rtmp_chunk_size;    /* of the last rtmp2sink put to work */

static void
sc_mux_counter_class_init (ScMuxCounterClass *klass)
{
}

static void
sc_mux_counter_init (ScMuxCounter *self)
{
}

static void
bin_add_post_cb (GObject      *tracer,
                 GstClockTime  ts,
                 GstBin       *bin,
                 GstElement   *element,
                 gboolean      result)
{
  const char *name = G_OBJECT_TYPE_NAME (element);

  if (!result)
    return;

  if (g_str_equal (name, "GstFlvMux"))
    g_atomic_int_inc (&flvmux_made);
  else if (g_str_equal (name, "GstMatroskaMux"))
    g_atomic_int_inc (&matroskamux_made);
  else if (g_str_equal (name, "GstRtmp2Sink"))
    {
      guint size = 0;

      g_object_get (element, "chunk-size", &size, NULL);
      g_atomic_int_set (&rtmp_chunk_size, (gint)size);
    }
}

static void
count_muxers (void)
{
  static GstTracer *tracer;

  if (tracer == NULL)
    {
      tracer = g_object_new (SC_TYPE_MUX_COUNTER, NULL);
      gst_tracing_register_hook (tracer, "bin-add-post", G_CALLBACK (bin_add_post_cb));
    }
  g_atomic_int_set (&flvmux_made, 0);
  g_atomic_int_set (&matroskamux_made, 0);
  g_atomic_int_set (&rtmp_chunk_size, 0);
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

  if (!sc_test_require_rtmp_server () || !sc_test_require_tool ("ffprobe"))
    return;
  f->server = sc_test_rtmp_server_new (&error);
  g_assert_no_error (error);
  url_a = sc_test_rtmp_server_get_url (f->server, "a");
  url_b = sc_test_rtmp_server_get_url (f->server, "b");

  count_muxers ();
  sc_encoding_config_init_defaults (&encoding);
  make_pipeline (f, &encoding, FALSE);
  a = add_rtmp (f, "A", url_a, &encoding);
  b = add_rtmp (f, "B", url_b, &encoding);
  rec = add_recording (f, rec_path);

  g_assert_true (sc_pipeline_start (f->pipeline, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sc_pipeline_get_video_encoder (f->pipeline), ==, "x264enc");
  g_assert_true (wait_for_state (a, SC_OUTPUT_STATE_LIVE, 30));
  g_assert_true (wait_for_state (b, SC_OUTPUT_STATE_LIVE, 30));
  g_assert_true (wait_for_state (rec, SC_OUTPUT_STATE_LIVE, 30));
  run_frames (f->pipeline, SHOW_FRAMES);
  sc_pipeline_get_stats (f->pipeline, &stats);
  g_test_message ("frames %" G_GUINT64_FORMAT ", fps %.1f, render drops %" G_GUINT64_FORMAT
                  ", late %" G_GUINT64_FORMAT ", bytes to A %" G_GUINT64_FORMAT, stats.frames,
                  stats.fps, stats.render_drops, stats.late_frames, sc_output_get_bytes (a));
  g_assert_cmpint (sc_output_get_state (a), ==, SC_OUTPUT_STATE_LIVE);
  g_assert_cmpint (sc_output_get_state (b), ==, SC_OUTPUT_STATE_LIVE);
  g_assert_cmpint (sc_output_get_state (rec), ==, SC_OUTPUT_STATE_LIVE);
  g_assert_cmpuint (sc_output_get_bytes (a), >, 0);
  /* Encode once, mux FLV once: the second RTMP destination adds only its
   * connection. The recording has its own muxer. */
  g_assert_cmpint (g_atomic_int_get (&flvmux_made), ==, 1);
  g_assert_cmpint (g_atomic_int_get (&matroskamux_made), ==, 1);
  /* OBS's chunk size, not RTMP's default 128: a frame in a few chunks. */
  g_assert_cmpint (g_atomic_int_get (&rtmp_chunk_size), ==, 4096);

  stop_and_wait (f);
  sc_pipeline_get_stats (f->pipeline, &stats);
  g_assert_cmpint (sc_output_get_state (a), ==, SC_OUTPUT_STATE_STOPPED);
  g_assert_cmpint (sc_output_get_state (rec), ==, SC_OUTPUT_STATE_STOPPED);
  g_assert_true (sc_test_rtmp_server_wait_idle (f->server, 10));

  pieces_a = sc_test_rtmp_server_list_recordings (f->server, "a");
  pieces_b = sc_test_rtmp_server_list_recordings (f->server, "b");
  g_assert_cmpuint (pieces_a->len, ==, 1);
  g_assert_cmpuint (pieces_b->len, ==, 1);
  assert_stream (g_ptr_array_index (pieces_a, 0), 1280, 720, &stats, a);
  assert_stream (g_ptr_array_index (pieces_b, 0), 1280, 720, &stats, b);
  assert_stream (rec_path, 1280, 720, &stats, rec);
}

/* An encoder stalled in its streaming thread, once per request, while the
 * canvases the compositor makes meanwhile are counted. */
typedef struct {
  gint     canvases;        /* canvases composited so far */
  gint     stall_us;        /* the next stall's length; 0: none asked for */
  gint     made_in_stall;   /* canvases composited during the last stall */
  gboolean stalled;         /* the stall asked for is over */
} Stall;

static GstPadProbeReturn
count_canvas_cb (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         data)
{
  Stall *stall = data;

  g_atomic_int_inc (&stall->canvases);
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
stall_encoder_cb (GstPad          *pad,
                  GstPadProbeInfo *info,
                  gpointer         data)
{
  Stall *stall = data;
  gint us = g_atomic_int_get (&stall->stall_us);
  gint before;

  if (us == 0)
    return GST_PAD_PROBE_OK;
  g_atomic_int_set (&stall->stall_us, 0);
  before = g_atomic_int_get (&stall->canvases);
  g_usleep (us);
  g_atomic_int_set (&stall->made_in_stall, g_atomic_int_get (&stall->canvases) - before);
  g_atomic_int_set (&stall->stalled, TRUE);
  return GST_PAD_PROBE_OK;
}

static gboolean
stall_over (gpointer data)
{
  return g_atomic_int_get (&((Stall *)data)->stalled);
}

/* Stalls the encoder for @seconds and waits until it is over. */
static void
stall_encoder (Stall  *stall,
               double  seconds)
{
  g_atomic_int_set (&stall->stalled, FALSE);
  g_atomic_int_set (&stall->stall_us, (gint)(seconds * G_USEC_PER_SEC));
  g_assert_true (wait_for (stall_over, stall, 30 + seconds));
}

/* A starved encoder holds the compositor back rather than letting raw
 * canvases pile up in front of it (each one 3 MB at 1080p, kept in the
 * compositor's pool for the rest of the show); a stall longer than the
 * show's second of slack drops the canvases that are too late, and the
 * recording's timeline accounts for every one of them. */
static void
test_encoder_stall (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScOutput) rec = NULL;
  g_autoptr(GstElement) canvas = NULL;
  g_autoptr(GstElement) encoder = NULL;
  g_autoptr(GstPad) canvas_sink = NULL;
  g_autoptr(GstPad) encoder_sink = NULL;
  g_autofree char *rec_path = g_build_filename (f->tmpdir, "stall.mkv", NULL);
  ScEncodingConfig encoding;
  ScPipelineStats before, after;
  Stall stall = { 0, };

  if (!sc_test_require_tool ("ffprobe"))
    return;
  sc_encoding_config_init_defaults (&encoding);
  make_pipeline (f, &encoding, FALSE);
  rec = add_recording (f, rec_path);
  g_assert_true (sc_pipeline_start (f->pipeline, &error));
  g_assert_no_error (error);
  canvas = gst_bin_get_by_name (GST_BIN (sc_pipeline_get_gst_pipeline (f->pipeline)), "canvas");
  encoder = gst_bin_get_by_name (GST_BIN (sc_pipeline_get_gst_pipeline (f->pipeline)),
                                 "video-encoder");
  g_assert_nonnull (canvas);
  g_assert_nonnull (encoder);
  canvas_sink = gst_element_get_static_pad (canvas, "sink");
  encoder_sink = gst_element_get_static_pad (encoder, "sink");
  gst_pad_add_probe (canvas_sink, GST_PAD_PROBE_TYPE_BUFFER, count_canvas_cb, &stall, NULL);
  gst_pad_add_probe (encoder_sink, GST_PAD_PROBE_TYPE_BUFFER, stall_encoder_cb, &stall, NULL);
  g_assert_true (wait_for_state (rec, SC_OUTPUT_STATE_LIVE, 30));
  run_frames (f->pipeline, 30);

  /* A third of a second: nothing is composited until the encoder is back
   * (the one canvas a compositor may have begun before it blocked aside). */
  stall_encoder (&stall, 0.3);
  g_test_message ("0.3 s stall: %d canvases composited meanwhile", stall.made_in_stall);
  g_assert_cmpint (stall.made_in_stall, <=, 1);
  run_frames (f->pipeline, 30);

  /* Two and a half seconds: a second and a half more than the slack, so at
   * least that many frame intervals (45) are dropped, and the show goes on. */
  sc_pipeline_get_stats (f->pipeline, &before);
  stall_encoder (&stall, 2.5);
  g_assert_cmpint (stall.made_in_stall, <=, 1);
  run_frames (f->pipeline, 60);
  sc_pipeline_get_stats (f->pipeline, &after);
  g_test_message ("2.5 s stall: %" G_GUINT64_FORMAT " frames lost before the encoder",
                  after.render_drops - before.render_drops);
  g_assert_cmpuint (after.render_drops - before.render_drops, >=, 45);
  g_assert_cmpuint (after.render_drops - before.render_drops, <=, 2.5 * 30 + 30);

  stop_and_wait (f);
  sc_pipeline_get_stats (f->pipeline, &after);
  g_assert_cmpint (sc_output_get_state (rec), ==, SC_OUTPUT_STATE_STOPPED);
  assert_stream (rec_path, 1280, 720, &after, rec);
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
  ScPipelineStats stats;

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
  g_assert_true (wait_for_state (flaky, SC_OUTPUT_STATE_LIVE, 30));
  g_assert_true (wait_for_state (steady, SC_OUTPUT_STATE_LIVE, 30));
  g_assert_true (wait_for_state (rec, SC_OUTPUT_STATE_LIVE, 30));
  run_frames (f->pipeline, 90);

  sc_test_rtmp_server_stop (f->server);
  g_assert_true (wait_for_state (flaky, SC_OUTPUT_STATE_RECONNECTING, 30));
  g_assert_cmpuint (sc_output_get_attempt (flaky), >=, 1);
  g_assert_cmpint (sc_output_get_state (steady), ==, SC_OUTPUT_STATE_LIVE);
  g_assert_nonnull (sc_output_get_last_error (flaky));
  /* The show goes on while the destination is away. */
  run_frames (f->pipeline, 45);
  g_assert_true (sc_test_rtmp_server_restart (f->server, &error));
  g_assert_no_error (error);

  g_assert_true (wait_for_state (flaky, SC_OUTPUT_STATE_LIVE, 30));
  g_assert_cmpuint (sc_output_get_reconnects (flaky), >=, 1);
  run_frames (f->pipeline, 90);

  stop_and_wait (f);
  sc_pipeline_get_stats (f->pipeline, &stats);
  g_assert_true (g_str_has_prefix (history_of (f, flaky), "connecting,live,reconnecting"));
  g_assert_true (strstr (history_of (f, flaky), "reconnecting,connecting,live") != NULL);
  g_assert_cmpstr (history_of (f, steady), ==, "connecting,live,stopped");
  g_assert_cmpstr (history_of (f, rec), ==, "connecting,live,stopped");

  g_assert_true (sc_test_rtmp_server_wait_idle (f->server, 10));
  g_assert_true (sc_test_rtmp_server_wait_idle (f->server2, 10));
  pieces = sc_test_rtmp_server_list_recordings (f->server, "flaky");
  g_assert_cmpuint (pieces->len, ==, 2);
  steady_pieces = sc_test_rtmp_server_list_recordings (f->server2, "steady");
  g_assert_cmpuint (steady_pieces->len, ==, 1);
  /* The recording and the other destination have no hole from the reconnect:
   * each holds the whole show, as its counters tell it. */
  assert_stream (rec_path, 1280, 720, &stats, rec);
  assert_stream (g_ptr_array_index (steady_pieces, 0), 1280, 720, &stats, steady);
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
  g_autofree char *expected = NULL;
  ScEncodingConfig encoding;
  ScPipelineStats stats;
  guint port;

  if (!sc_test_require_tool ("ffprobe"))
    return;
  /* A loopback port that nothing listens on. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  g_clear_object (&address);
  address = g_socket_get_local_address (socket, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
  url = g_strdup_printf ("rtmp://127.0.0.1:%u/live/nobody", port);
  expected = g_strdup_printf ("Could not connect to 127.0.0.1:%u: connection refused", port);
  g_socket_close (socket, NULL);

  sc_encoding_config_init_defaults (&encoding);
  encoding.reconnect_initial_s = 0.5;
  encoding.reconnect_max_retries = 2;
  make_pipeline (f, &encoding, FALSE);
  dead = add_rtmp (f, "Dead", url, &encoding);
  rec = add_recording (f, rec_path);

  g_assert_true (sc_pipeline_start (f->pipeline, &error));
  g_assert_true (wait_for_state (rec, SC_OUTPUT_STATE_LIVE, 30));
  /* 0.5 s, 0.75 s, then give up. */
  g_assert_true (wait_for_state (dead, SC_OUTPUT_STATE_FAILED, 30));
  g_assert_cmpuint (sc_output_get_attempt (dead), ==, 3);
  g_assert_cmpuint (sc_output_get_reconnects (dead), ==, 2);
  g_assert_true (g_error_matches (sc_output_get_error (dead), SC_MEDIA_ERROR,
                                  SC_MEDIA_ERROR_CONNECTION_REFUSED));
  g_assert_cmpstr (sc_output_get_last_error (dead), ==, expected);
  g_assert_cmpint (sc_output_get_state (rec), ==, SC_OUTPUT_STATE_LIVE);

  /* "Reconnect now" brings a failed destination back into play. */
  sc_output_reconnect_now (dead);
  g_assert_cmpint (sc_output_get_state (dead), ==, SC_OUTPUT_STATE_CONNECTING);
  run_frames (f->pipeline, 30);

  stop_and_wait (f);
  sc_pipeline_get_stats (f->pipeline, &stats);
  assert_stream (rec_path, 1280, 720, &stats, rec);
}

/* Where the overlay is opaque and flat (a pixel and its 8 neighbours one
 * colour), the snapshot shows that colour: the regions were blended into the
 * frames the encoder and the snapshot get. */
static void
assert_overlay_shown (GdkPixbuf *pixbuf,
                      GPtrArray *regions)
{
  const guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  guint checked = 0;

  for (guint r = 0; r < regions->len; r++)
    {
      ScOverlayRegion *region = g_ptr_array_index (regions, r);
      const guint8 *data = cairo_image_surface_get_data (region->surface);
      int stride = cairo_image_surface_get_stride (region->surface);
      int w = cairo_image_surface_get_width (region->surface);
      int h = cairo_image_surface_get_height (region->surface);

      cairo_surface_flush (region->surface);
      for (int j = 1; j < h - 1; j += 3)
        for (int i = 1; i < w - 1; i += 3)
          {
            guint32 p = *(const guint32 *)(const void *)(data + j * stride + 4 * i);
            gboolean flat = (p >> 24) == 255;
            const guint8 *shown;

            for (int dj = -1; dj <= 1 && flat; dj++)
              for (int di = -1; di <= 1 && flat; di++)
                flat = *(const guint32 *)(const void *)(data + (j + dj) * stride + 4 * (i + di)) == p;
            if (!flat || region->x + i >= gdk_pixbuf_get_width (pixbuf) ||
                region->y + j >= gdk_pixbuf_get_height (pixbuf))
              continue;
            shown = pixels + (region->y + j) * rowstride + (region->x + i) * channels;
            if (ABS (shown[0] - (int)((p >> 16) & 0xff)) > 12 ||
                ABS (shown[1] - (int)((p >> 8) & 0xff)) > 12 ||
                ABS (shown[2] - (int)(p & 0xff)) > 12)
              g_error ("region %u at %d,%d: the snapshot shows %d,%d,%d where the overlay is #%06x",
                       r, region->x + i, region->y + j, shown[0], shown[1], shown[2],
                       p & 0xffffff);
            checked++;
          }
    }
  g_test_message ("%u opaque overlay pixels found in the snapshot", checked);
  g_assert_cmpuint (checked, >, 10);
}

static GstPadProbeReturn
count_reconfigure_cb (GstPad          *pad,
                      GstPadProbeInfo *info,
                      gpointer         user_data)
{
  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_RECONFIGURE)
    g_atomic_int_inc ((gint *) user_data);
  return GST_PAD_PROBE_OK;
}

/* The caps an element's "src" pad has negotiated. */
static GstCaps *
current_caps (ScPipeline *pipeline,
              const char *name)
{
  g_autoptr(GstElement) element =
    gst_bin_get_by_name (GST_BIN (sc_pipeline_get_gst_pipeline (pipeline)), name);
  g_autoptr(GstPad) pad = NULL;
  GstCaps *caps;

  g_assert_nonnull (element);
  pad = gst_element_get_static_pad (element, "src");
  caps = gst_pad_get_current_caps (pad);
  g_assert_nonnull (caps);
  return caps;
}

/* The size a source's bin delivers now. Its frames have the canvas's
 * colorimetry and chroma siting, whatever their size, so the compositor
 * copies them in as they are, without converting every frame. */
static void
source_size (ScPipeline *pipeline,
             const char *id,
             int        *width,
             int        *height)
{
  g_autoptr(GstCaps) caps = current_caps (pipeline, id);
  g_autoptr(GstCaps) canvas = current_caps (pipeline, "canvas");
  GstStructure *structure = gst_caps_get_structure (caps, 0);
  const char *fields[] = { "colorimetry", "chroma-site" };

  g_assert_true (gst_structure_get_int (structure, "width", width));
  g_assert_true (gst_structure_get_int (structure, "height", height));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_assert_cmpstr (gst_structure_get_string (structure, fields[i]), ==,
                     gst_structure_get_string (gst_caps_get_structure (canvas, 0), fields[i]));
}

/* The size a source bin's "size" filter asks for now. */
static void
filter_size (GstElement *bin,
             int        *width,
             int        *height)
{
  g_autoptr(GstElement) filter = gst_bin_get_by_name (GST_BIN (bin), "size");
  g_autoptr(GstCaps) caps = NULL;
  const GValue *value;
  GstStructure *structure;

  g_assert_nonnull (filter);
  g_object_get (filter, "caps", &caps, NULL);
  structure = gst_caps_get_structure (caps, 0);
  value = gst_structure_get_value (structure, "width");
  *width = G_VALUE_HOLDS_INT (value) ? g_value_get_int (value) : gst_value_get_int_range_max (value);
  value = gst_structure_get_value (structure, "height");
  *height = G_VALUE_HOLDS_INT (value) ? g_value_get_int (value) : gst_value_get_int_range_max (value);
}

/* sc_source_bin_fit(): sizes are even and at least 16, a range keeps two
 * ends, and sources drawn for the canvas or without video are left alone. */
static void
test_source_fit (void)
{
  g_autoptr(ScSourceConfig) pattern = sc_source_config_new ("host", SC_SOURCE_TEST_PATTERN);
  g_autoptr(ScSourceConfig) tone = sc_source_config_new ("tone", SC_SOURCE_TEST_TONE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) bin = NULL;
  g_autoptr(GstElement) audio = NULL;
  ScEncodingConfig encoding;
  int width, height;

  sc_encoding_config_init_defaults (&encoding);
  bin = gst_object_ref_sink (sc_source_bin_new (pattern, &encoding, &error));
  g_assert_no_error (error);
  filter_size (bin, &width, &height);
  g_assert_cmpint (width, ==, encoding.width);
  g_assert_cmpint (height, ==, encoding.height);
  g_assert_true (sc_source_bin_fit (bin, 385, 217));
  filter_size (bin, &width, &height);
  g_assert_cmpint (width, ==, 384);
  g_assert_cmpint (height, ==, 216);
  g_assert_false (sc_source_bin_fit (bin, 384, 216));
  g_assert_true (sc_source_bin_fit (bin, 0, 3));
  filter_size (bin, &width, &height);
  g_assert_cmpint (width, ==, 16);
  g_assert_cmpint (height, ==, 16);

  audio = gst_object_ref_sink (sc_source_bin_new (tone, &encoding, &error));
  g_assert_no_error (error);
  g_assert_false (sc_source_bin_fit (audio, 384, 216));

  /* A range, for what is scaled (cameras, screens): the same "size"
   * filter in a bin of its own, so no device is opened. */
  {
    g_autoptr(GstElement) scaled = gst_object_ref_sink (gst_bin_new ("scaled"));
    GstElement *filter = gst_element_factory_make ("capsfilter", "size");
    g_autoptr(GstCaps) range =
      gst_caps_from_string ("video/x-raw, width=(int)[ 16, 1280 ], height=(int)[ 16, 720 ]");

    g_object_set (filter, "caps", range, NULL);
    gst_bin_add (GST_BIN (scaled), filter);
    g_assert_true (sc_source_bin_fit (scaled, 8, 8));
    filter_size (scaled, &width, &height);
    g_assert_cmpint (width, ==, 18);
    g_assert_cmpint (height, ==, 18);
    g_assert_true (sc_source_bin_fit (scaled, 640, 360));
    filter_size (scaled, &width, &height);
    g_assert_cmpint (width, ==, 640);
    g_assert_cmpint (height, ==, 360);
    g_assert_false (sc_source_bin_fit (scaled, 641, 361));
  }
  sc_encoding_config_clear (&encoding);
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

  /* No frame yet: a clear error, not a wait for ever. */
  g_assert_false (sc_pipeline_snapshot (f->pipeline, png_path, &error));
  g_assert_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "No frame has been shown yet");
  g_assert_false (g_file_test (png_path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_true (sc_pipeline_start (f->pipeline, &error));
  g_assert_no_error (error);
  /* No camera here: the show runs on with a slate and says so. */
  g_assert_cmpuint (f->failed_sources->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->failed_sources, 0), ==, "camera");

  run_frames (f->pipeline, 30);
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
      {
        ScLayoutGeometry geometry;
        int width, height;

        sc_pipeline_set_layout (f->pipeline, layouts[i]);
        run_frames (f->pipeline, 15);
        /* The screen (slot 1) is drawn at the size of its slot, not
         * scaled down from the canvas's by the compositor; hidden, it keeps
         * the size it had. */
        sc_layout_compute (layouts[i], encoding.width, encoding.height, &geometry);
        source_size (f->pipeline, "screen", &width, &height);
        g_test_message ("%s: screen slot %dx%d, delivered %dx%d",
                        sc_layout_kind_to_string (layouts[i]), geometry.slots[1].width,
                        geometry.slots[1].height, width, height);
        if (geometry.slot_visible[1])
          {
            g_assert_cmpint (width, ==, MAX (geometry.slots[1].width & ~1, 16));
            g_assert_cmpint (height, ==, MAX (geometry.slots[1].height & ~1, 16));
          }
      }
  sc_pipeline_get_stats (f->pipeline, &stats);
  g_test_message ("after the layout changes: %" G_GUINT64_FORMAT " frames, %" G_GUINT64_FORMAT
                  " lost before the encoder", stats.frames, stats.render_drops);
  g_assert_true (sc_pipeline_snapshot (f->pipeline, png_path, &error));
  g_assert_no_error (error);

  stop_and_wait (f);
  /* Stopped: no frame comes any more. */
  {
    g_autofree char *late = g_build_filename (f->tmpdir, "late.png", NULL);

    g_assert_false (sc_pipeline_snapshot (f->pipeline, late, &error));
    g_assert_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_FAILED);
    g_clear_error (&error);
  }
  sc_pipeline_get_stats (f->pipeline, &stats);
  /* Switching layouts leaves no hole the show did not count. */
  assert_stream (rec_path, 1280, 720, &stats, rec);

  pixbuf = gdk_pixbuf_new_from_file (png_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 1280);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 720);
  assert_overlay_shown (pixbuf, regions);
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
  ScPipelineStats stats;

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
  run_frames (f->pipeline, 90);
  g_assert_cmpuint (f->failed_sources->len, ==, 0);
  /* The captured screen is scaled to its half of the canvas in its own
   * thread (keeping its shape); the image is drawn at the canvas's size. */
  {
    ScLayoutGeometry geometry;
    int width, height;

    sc_layout_compute (SC_LAYOUT_SIDE_BY_SIDE, 1280, 720, &geometry);
    source_size (f->pipeline, "screen", &width, &height);
    g_test_message ("screen slot %dx%d, delivered %dx%d", geometry.slots[1].width,
                    geometry.slots[1].height, width, height);
    g_assert_cmpint (width, <=, geometry.slots[1].width);
    g_assert_cmpint (height, <=, geometry.slots[1].height);
    g_assert_true (width == (geometry.slots[1].width & ~1) ||
                   height == (geometry.slots[1].height & ~1));
    source_size (f->pipeline, "shot", &width, &height);
    g_assert_cmpint (width, ==, 1280);
  }
  /* Into the inset: the scaler alone renegotiates; the capture is not
   * asked to (no reconfigure event reaches ximagesrc). */
  {
    g_autoptr(GstElement) bin =
      gst_bin_get_by_name (GST_BIN (sc_pipeline_get_gst_pipeline (f->pipeline)), "screen");
    g_autoptr(GstIterator) it = gst_bin_iterate_sources (GST_BIN (bin));
    GValue item = G_VALUE_INIT;
    g_autoptr(GstPad) capture = NULL;
    ScLayoutGeometry geometry;
    gint reconfigures = 0;
    gulong probe_id;
    int width, height;

    g_assert_cmpint (gst_iterator_next (it, &item), ==, GST_ITERATOR_OK);
    capture = gst_element_get_static_pad (g_value_get_object (&item), "src");
    g_value_unset (&item);
    probe_id = gst_pad_add_probe (capture, GST_PAD_PROBE_TYPE_EVENT_UPSTREAM,
                                  count_reconfigure_cb, &reconfigures, NULL);
    sc_pipeline_set_layout (f->pipeline, SC_LAYOUT_PIP);
    run_frames (f->pipeline, 30);
    sc_layout_compute (SC_LAYOUT_PIP, 1280, 720, &geometry);
    source_size (f->pipeline, "screen", &width, &height);
    g_assert_cmpint (width, <=, geometry.slots[1].width);
    g_assert_cmpint (height, <=, geometry.slots[1].height);
    gst_pad_remove_probe (capture, probe_id);
    g_assert_cmpint (g_atomic_int_get (&reconfigures), ==, 0);
  }
  stop_and_wait (f);
  sc_pipeline_get_stats (f->pipeline, &stats);

  probe = sc_test_ffprobe (rec_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sc_test_probe_get_stream (probe, "video")->codec_name, ==, "h264");
  g_assert_cmpint (sc_test_probe_get_stream (probe, "video")->width, ==, 1280);
  g_assert_cmpstr (sc_test_probe_get_stream (probe, "audio")->codec_name, ==, "aac");
  assert_stream (rec_path, 1280, 720, &stats, rec);
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

/* ---- issue 7: truthful outputs, nothing blocking ------------------------ */

static void
output_failed_cb (ScOutput  *output,
                  GError    *error,
                  GError   **store)
{
  g_clear_error (store);
  *store = g_error_copy (error);
}

static void
test_enums (void)
{
  g_autoptr(GEnumClass) klass = NULL;
  GParamSpec *pspec;

  g_assert_true (G_TYPE_IS_ENUM (SC_TYPE_OUTPUT_STATE));
  g_assert_true (G_TYPE_IS_ENUM (SC_TYPE_PIPELINE_STATE));
  pspec = g_object_class_find_property (g_type_class_ref (SC_TYPE_OUTPUT), "state");
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (pspec) == SC_TYPE_OUTPUT_STATE);
  pspec = g_object_class_find_property (g_type_class_ref (SC_TYPE_PIPELINE), "state");
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (pspec) == SC_TYPE_PIPELINE_STATE);
  klass = g_type_class_ref (SC_TYPE_OUTPUT_STATE);
  g_assert_cmpuint (klass->n_values, ==, 6);
  g_assert_cmpstr (sc_output_state_to_string (SC_OUTPUT_STATE_RECONNECTING), ==,
                   "reconnecting");
  g_assert_cmpstr (sc_pipeline_state_to_string (SC_PIPELINE_STATE_PLAYING), ==, "playing");
}

/* Errors as GStreamer reports them (domain, code, message, debug text as
 * rtmp2sink, filesink and the muxers write them) become typed, plain ones. */
static void
test_error_mapping (void)
{
  static const struct {
    GQuark     (*domain) (void);
    int        code;
    const char *message;
    const char *debug;
    gboolean    live;
    ScMediaError expected;
    const char *expected_message;
  } rtmp[] = {
    { gst_resource_error_quark, GST_RESOURCE_ERROR_OPEN_READ,
      "Connection refused: Could not connect to 127.0.0.1: Connection refused", NULL, FALSE,
      SC_MEDIA_ERROR_CONNECTION_REFUSED,
      "Could not connect to 127.0.0.1:1935: connection refused" },
    { gst_resource_error_quark, GST_RESOURCE_ERROR_FAILED,
      "Failed to connect: 'publish' cmd failed: connection closed remotely",
      "domain g-io-error-quark, code 0", FALSE,
      SC_MEDIA_ERROR_KEY_REFUSED, "The server refused the stream key" },
    { gst_resource_error_quark, GST_RESOURCE_ERROR_FAILED,
      "Failed to connect: Error resolving “nowhere.invalid”: Name or service not known",
      "domain g-resolver-error-quark, code 0", FALSE,
      SC_MEDIA_ERROR_HOST_NOT_FOUND, NULL },
    { gst_resource_error_quark, GST_RESOURCE_ERROR_FAILED,
      "Failed to connect: Socket I/O timed out", "domain g-io-error-quark, code 24", FALSE,
      SC_MEDIA_ERROR_TIMEOUT, NULL },
    { gst_resource_error_quark, GST_RESOURCE_ERROR_WRITE,
      "Connection error: Error sending data: Broken pipe", "domain g-io-error-quark, code 44",
      TRUE, SC_MEDIA_ERROR_CONNECTION_LOST, "The connection to 127.0.0.1:1935 was lost" },
  };
  static const struct {
    int          code;
    const char  *debug;
    ScMediaError expected;
  } files[] = {
    { GST_RESOURCE_ERROR_NO_SPACE_LEFT, "No space left on device", SC_MEDIA_ERROR_DISK_FULL },
    { GST_RESOURCE_ERROR_WRITE, "File too large", SC_MEDIA_ERROR_DISK_FULL },
    { GST_RESOURCE_ERROR_OPEN_WRITE, "system error: Permission denied",
      SC_MEDIA_ERROR_NOT_WRITABLE },
    { GST_RESOURCE_ERROR_SEEK, "Input/output error", SC_MEDIA_ERROR_OUTPUT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rtmp); i++)
    {
      g_autoptr(GError) gst_error = g_error_new_literal (rtmp[i].domain (), rtmp[i].code,
                                                         rtmp[i].message);
      g_autoptr(GError) error = sc_gst_rtmp_error (gst_error, rtmp[i].debug, "127.0.0.1:1935",
                                                   rtmp[i].live ? SC_GST_PHASE_LIVE
                                                                : SC_GST_PHASE_CONNECTING);

      g_assert_error (error, SC_MEDIA_ERROR, (int)rtmp[i].expected);
      if (rtmp[i].expected_message != NULL)
        g_assert_cmpstr (error->message, ==, rtmp[i].expected_message);
      g_assert_null (strstr (error->message, "rtmp2"));
      g_assert_null (strstr (error->message, "cmd"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GError) gst_error = g_error_new_literal (GST_RESOURCE_ERROR, files[i].code,
                                                         "Error while writing to file.");
      g_autoptr(GError) error = sc_gst_recording_error (gst_error, files[i].debug,
                                                        "/videos/show.mkv");

      g_assert_error (error, SC_MEDIA_ERROR, (int)files[i].expected);
      g_assert_null (strstr (error->message, "filesink"));
      g_assert_null (strstr (error->message, "matroskamux"));
    }
}

static void
publish_cb (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  guint *requests = user_data;

  (*requests)++;
  soup_server_message_set_status (message, SOUP_STATUS_FORBIDDEN, NULL);
}

/* nginx asks an on_publish URL (here a SoupServer in the test) whether the
 * key may publish; a 403 closes the connection during publish. */
static void
test_key_refused (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) failure = NULL;
  g_autoptr(SoupServer) soup = NULL;
  g_autoptr(ScOutput) output = NULL;
  g_autofree char *on_publish = NULL;
  g_autofree char *url = NULL;
  GSList *uris;
  guint requests = 0;
  ScEncodingConfig encoding;

  if (!sc_test_require_rtmp_server ())
    return;
  soup = soup_server_new (NULL, NULL);
  soup_server_add_handler (soup, "/publish", publish_cb, &requests, NULL);
  g_assert_true (soup_server_listen_local (soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (soup);
  on_publish = g_strdup_printf ("http://127.0.0.1:%d/publish", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  f->server = sc_test_rtmp_server_new_with_on_publish (on_publish, &error);
  g_assert_no_error (error);
  url = sc_test_rtmp_server_get_url (f->server, "refused");

  sc_encoding_config_init_defaults (&encoding);
  encoding.reconnect_initial_s = 0.2;
  /* Even "forever" ends for a refused key. */
  encoding.reconnect_max_retries = -1;
  make_pipeline (f, &encoding, FALSE);
  output = add_rtmp (f, "Refusing", url, &encoding);
  g_signal_connect (output, "failed", G_CALLBACK (output_failed_cb), &failure);

  g_assert_true (sc_pipeline_start (f->pipeline, &error));
  g_assert_true (wait_for_state (output, SC_OUTPUT_STATE_FAILED, 30));
  g_assert_error (failure, SC_MEDIA_ERROR, SC_MEDIA_ERROR_KEY_REFUSED);
  g_assert_cmpstr (sc_output_get_last_error (output), ==, "The server refused the stream key");
  g_assert_true (g_error_matches (sc_output_get_error (output), SC_MEDIA_ERROR,
                                  SC_MEDIA_ERROR_KEY_REFUSED));
  g_assert_cmpuint (sc_output_get_attempt (output), ==, SC_OUTPUT_KEY_REFUSED_LIMIT);
  g_assert_cmpuint (requests, ==, SC_OUTPUT_KEY_REFUSED_LIMIT);
  g_assert_null (strstr (history_of (f, output), "live"));
  g_assert_cmpint (sc_output_get_next_retry_at (output), ==, 0);
  /* No further attempt once failed. */
  run_for (1);
  g_assert_cmpuint (requests, ==, SC_OUTPUT_KEY_REFUSED_LIMIT);
  stop_and_wait (f);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             GPtrArray         *held)
{
  /* Accepted and held open, never a byte of RTMP handshake back. */
  g_ptr_array_add (held, g_object_ref (connection));
  return TRUE;
}

typedef struct {
  GArray *delays;    /* seconds from scheduling to the next attempt */
  GArray *attempts;  /* the attempt counter, each time it changes */
} RetryLog;

static void
next_retry_cb (ScOutput   *output,
               GParamSpec *pspec,
               RetryLog   *log)
{
  gint64 at = sc_output_get_next_retry_at (output);
  double delay;

  if (at == 0)
    return;
  delay = (double)(at - g_get_monotonic_time ()) / G_USEC_PER_SEC;
  g_array_append_val (log->delays, delay);
}

static void
attempt_cb (ScOutput   *output,
            GParamSpec *pspec,
            RetryLog   *log)
{
  guint attempt = sc_output_get_attempt (output);

  g_array_append_val (log->attempts, attempt);
}

static gboolean
three_attempts (gpointer data)
{
  return sc_output_get_attempt (data) >= 3;
}

static void
test_handshake_timeout (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ScOutput) output = NULL;
  g_autofree char *url = NULL;
  RetryLog log = { g_array_new (FALSE, FALSE, sizeof (double)),
                   g_array_new (FALSE, FALSE, sizeof (guint)) };
  ScEncodingConfig encoding;

  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (service), address,
                                                G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                                NULL, &bound, &error));
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (incoming_cb), held);
  g_socket_service_start (service);
  url = g_strdup_printf ("rtmp://127.0.0.1:%u/live/silent",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  sc_encoding_config_init_defaults (&encoding);
  encoding.connect_timeout_s = 1.0;
  encoding.reconnect_initial_s = 0.3;
  encoding.reconnect_max_retries = -1;
  make_pipeline (f, &encoding, FALSE);
  output = add_rtmp (f, "Silent", url, &encoding);
  g_signal_connect (output, "notify::next-retry-at", G_CALLBACK (next_retry_cb), &log);
  g_signal_connect (output, "notify::attempt", G_CALLBACK (attempt_cb), &log);

  g_assert_true (sc_pipeline_start (f->pipeline, &error));
  g_assert_true (wait_for (three_attempts, output, 60));
  g_assert_null (strstr (history_of (f, output), "live"));
  g_assert_true (g_error_matches (sc_output_get_error (output), SC_MEDIA_ERROR,
                                  SC_MEDIA_ERROR_TIMEOUT));
  g_assert_cmpuint (held->len, >=, 3);
  /* Every timeout counted: 1, 2, 3 with no reset in between. */
  for (guint i = 0; i < log.attempts->len; i++)
    g_assert_cmpuint (g_array_index (log.attempts, guint, i), ==, i + 1);
  /* Growing backoff: 0.3 s, 0.45 s, ... each ±10%. */
  g_assert_cmpuint (log.delays->len, >=, 2);
  for (guint i = 1; i < log.delays->len; i++)
    {
      g_test_message ("retry delay %u: %.3f s", i, g_array_index (log.delays, double, i));
      g_assert_cmpfloat (g_array_index (log.delays, double, i), >,
                         g_array_index (log.delays, double, i - 1));
    }
  stop_and_wait (f);
  g_socket_service_stop (service);
  g_array_unref (log.delays);
  g_array_unref (log.attempts);
}

static gboolean
publishes_at_least (ScTestRtmpServer *server,
                    const char       *name,
                    guint             count)
{
  return sc_test_rtmp_server_wait_for_publish (server, name, count, 20);
}

static void
assert_starts_with_keyframe (const char *path)
{
  g_autoptr(GError) error = NULL;
  gboolean keyframe = FALSE;

  g_assert_true (sc_test_ffprobe_first_video_is_keyframe (path, &keyframe, &error));
  g_assert_no_error (error);
  g_assert_true (keyframe);
}

/* Outputs made before the show (rehearsal) join it later, leave it and come
 * back: each time a new session from a keyframe, the show untouched. */
static void
test_outputs_join_and_leave (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScOutput) rtmp = NULL;
  g_autoptr(ScOutput) rec = NULL;
  g_autoptr(ScOutputConfig) config = NULL;
  g_autofree char *url = NULL;
  g_autofree char *wanted = g_build_filename (f->tmpdir, "show.mkv", NULL);
  g_autofree char *second = g_build_filename (f->tmpdir, "show (2).mkv", NULL);
  g_autofree char *first_path = NULL;
  g_autoptr(GPtrArray) pieces = NULL;
  g_autoptr(GError) probe_error = NULL;
  ScEncodingConfig encoding;
  ScPipelineStats before, after, live, leaving, left;
  ScTestPacketSpan span;
  guint64 dropped;

  if (!sc_test_require_rtmp_server () || !sc_test_require_tool ("ffprobe"))
    return;
  f->server = sc_test_rtmp_server_new (&error);
  g_assert_no_error (error);
  url = sc_test_rtmp_server_get_url (f->server, "join");

  sc_encoding_config_init_defaults (&encoding);
  make_pipeline (f, &encoding, FALSE);
  config = sc_output_config_new ("Join", url);
  rtmp = sc_output_new_rtmp (config, &encoding);
  rec = sc_output_new_recording (wanted, SC_RECORDING_MATROSKA);
  g_signal_connect (rtmp, "notify::state", G_CALLBACK (output_state_cb), f);
  g_signal_connect (rec, "notify::state", G_CALLBACK (output_state_cb), f);
  g_assert_cmpint (sc_output_get_state (rtmp), ==, SC_OUTPUT_STATE_IDLE);

  g_assert_true (sc_pipeline_start (f->pipeline, &error));
  g_assert_no_error (error);
  run_frames (f->pipeline, 45);
  sc_pipeline_get_stats (f->pipeline, &before);

  /* Go live: the outputs join the running show. */
  sc_pipeline_add_output (f->pipeline, rtmp);
  sc_pipeline_add_output (f->pipeline, rec);
  sc_pipeline_force_keyframe (f->pipeline);
  g_assert_true (wait_for_state (rtmp, SC_OUTPUT_STATE_LIVE, 30));
  g_assert_true (wait_for_state (rec, SC_OUTPUT_STATE_LIVE, 30));
  sc_pipeline_get_stats (f->pipeline, &live);
  run_frames (f->pipeline, 60);
  sc_pipeline_get_stats (f->pipeline, &after);
  g_test_message ("frames %" G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT ", render drops %"
                  G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT, before.frames, after.frames,
                  before.render_drops, after.render_drops);
  g_assert_cmpuint (after.frames, >, before.frames);
  g_assert_cmpuint (after.late_frames, <=, after.frames);

  /* A destination disabled and enabled again while live. */
  sc_pipeline_remove_output (f->pipeline, rtmp);
  g_assert_true (wait_for_state (rtmp, SC_OUTPUT_STATE_STOPPED, 20));
  g_assert_false (g_ptr_array_find (sc_pipeline_get_outputs (f->pipeline), rtmp, NULL));
  sc_pipeline_add_output (f->pipeline, rtmp);
  g_assert_true (wait_for_state (rtmp, SC_OUTPUT_STATE_LIVE, 30));
  g_assert_true (publishes_at_least (f->server, "join", 2));
  /* Enabled again before the last session even finished: it follows it. */
  sc_pipeline_remove_output (f->pipeline, rtmp);
  sc_pipeline_add_output (f->pipeline, rtmp);
  g_assert_true (publishes_at_least (f->server, "join", 3));
  g_assert_true (wait_for_state (rtmp, SC_OUTPUT_STATE_LIVE, 30));

  /* The recording too: a new session never overwrites the first file. */
  first_path = g_strdup (sc_output_get_path (rec));
  g_assert_cmpstr (first_path, ==, wanted);
  sc_pipeline_get_stats (f->pipeline, &leaving);
  sc_pipeline_remove_output (f->pipeline, rec);
  g_assert_true (wait_for_state (rec, SC_OUTPUT_STATE_STOPPED, 20));
  sc_pipeline_get_stats (f->pipeline, &left);
  dropped = sc_output_get_dropped_frames (rec);
  sc_pipeline_add_output (f->pipeline, rec);
  g_assert_true (wait_for_state (rec, SC_OUTPUT_STATE_LIVE, 30));
  g_assert_cmpstr (sc_output_get_path (rec), ==, second);
  g_assert_cmpstr (sc_output_get_display_url (rec), ==, second);
  run_frames (f->pipeline, 45);

  stop_and_wait (f);
  g_assert_cmpint (sc_output_get_state (rtmp), ==, SC_OUTPUT_STATE_STOPPED);
  g_assert_true (sc_test_rtmp_server_wait_idle (f->server, 10));
  assert_starts_with_keyframe (first_path);
  assert_starts_with_keyframe (second);

  /* Joining, the destinations coming and going, and leaving cost the first
   * recording no frame the show did not count: it holds every frame encoded
   * while it was live, and its only holes are the show's. */
  g_assert_true (sc_test_ffprobe_packet_duration (first_path, "v", &span, &probe_error));
  g_assert_no_error (probe_error);
  g_test_message ("%s: %u packets, largest gap %.3f s; frames %" G_GUINT64_FORMAT " (live) .. %"
                  G_GUINT64_FORMAT " (leaving) .. %" G_GUINT64_FORMAT " (left), render drops %"
                  G_GUINT64_FORMAT " .. %" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT " dropped",
                  first_path, span.n_packets, span.max_gap, live.frames, leaving.frames,
                  left.frames, before.render_drops, left.render_drops, dropped);
  g_assert_cmpuint (span.n_packets + dropped, >=, leaving.frames - live.frames);
  g_assert_cmpuint (span.n_packets + dropped, <=, left.frames - before.frames);
  g_assert_cmpfloat (span.max_gap, <=,
                     (left.render_drops - before.render_drops + dropped + 1.5) / 30.0);
  pieces = sc_test_rtmp_server_list_recordings (f->server, "join");
  g_assert_cmpuint (pieces->len, >=, 1);
  for (guint i = 0; i < pieces->len; i++)
    assert_starts_with_keyframe (g_ptr_array_index (pieces, i));
}

static void
test_recording_collision (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScOutput) rec = NULL;
  g_autofree char *wanted = g_build_filename (f->tmpdir, "Friday show.mkv", NULL);
  g_autofree char *taken = g_build_filename (f->tmpdir, "Friday show (2).mkv", NULL);
  g_autofree char *expected = g_build_filename (f->tmpdir, "Friday show (3).mkv", NULL);
  g_autofree char *kept = NULL;
  g_autoptr(ScTestProbe) probe = NULL;
  ScEncodingConfig encoding;

  if (!sc_test_require_tool ("ffprobe"))
    return;
  g_assert_true (g_file_set_contents (wanted, "an earlier show", -1, NULL));
  g_assert_true (g_file_set_contents (taken, "another one", -1, NULL));

  sc_encoding_config_init_defaults (&encoding);
  make_pipeline (f, &encoding, FALSE);
  rec = add_recording (f, wanted);
  g_assert_cmpstr (sc_output_get_path (rec), ==, wanted);
  g_assert_true (sc_pipeline_start (f->pipeline, &error));
  g_assert_cmpstr (sc_output_get_path (rec), ==, expected);
  g_assert_true (wait_for_state (rec, SC_OUTPUT_STATE_LIVE, 30));
  run_for (1);
  stop_and_wait (f);

  g_assert_true (g_file_get_contents (wanted, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "an earlier show");
  probe = sc_test_ffprobe (expected, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sc_test_probe_get_stream (probe, "video"));
}

static void
test_recording_unwritable (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) failure = NULL;
  g_autoptr(ScOutput) rec = NULL;
  g_autoptr(ScOutput) rtmp = NULL;
  g_autofree char *blocker = g_build_filename (f->tmpdir, "not-a-folder", NULL);
  g_autofree char *path = g_build_filename (blocker, "videos", "show.mkv", NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *url = NULL;
  ScEncodingConfig encoding;

  if (!sc_test_require_rtmp_server ())
    return;
  /* A file where the folder should be: unwritable even for root. */
  g_assert_true (g_file_set_contents (blocker, "", -1, NULL));
  f->server = sc_test_rtmp_server_new (&error);
  g_assert_no_error (error);
  url = sc_test_rtmp_server_get_url (f->server, "goes-on");

  sc_encoding_config_init_defaults (&encoding);
  make_pipeline (f, &encoding, FALSE);
  rtmp = add_rtmp (f, "Goes on", url, &encoding);
  rec = add_recording (f, path);
  g_signal_connect (rec, "failed", G_CALLBACK (output_failed_cb), &failure);

  g_assert_true (sc_pipeline_start (f->pipeline, &error));
  g_assert_true (wait_for_state (rec, SC_OUTPUT_STATE_FAILED, 30));
  g_assert_error (failure, SC_MEDIA_ERROR, SC_MEDIA_ERROR_NOT_WRITABLE);
  g_assert_nonnull (strstr (failure->message, folder));
  g_assert_true (wait_for_state (rtmp, SC_OUTPUT_STATE_LIVE, 30));
  run_for (1);
  g_assert_cmpint (sc_output_get_state (rtmp), ==, SC_OUTPUT_STATE_LIVE);
  g_assert_cmpint (sc_pipeline_get_state (f->pipeline), ==, SC_PIPELINE_STATE_PLAYING);
  stop_and_wait (f);
}

static gboolean
bytes_grow (gpointer data)
{
  ScOutput *output = data;
  guint64 *seen = g_object_get_data (G_OBJECT (output), "test-bytes");

  return sc_output_get_bytes (output) > *seen;
}

/* The disk fills for real: this process may write at most 600 kB per file
 * (RLIMIT_FSIZE, so write() fails with EFBIG), run in a child process. */
static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) failure = NULL;
  g_autoptr(ScOutput) rec = NULL;
  g_autoptr(ScOutput) rtmp = NULL;
  g_autofree char *path = g_build_filename (f->tmpdir, "full.mkv", NULL);
  g_autofree char *url = NULL;
  g_autoptr(ScTestProbe) probe = NULL;
  ScEncodingConfig encoding;
  ScTestPacketSpan span;
  struct rlimit limit;
  guint64 seen;

  if (!g_test_subprocess ())
    {
      if (!sc_test_require_rtmp_server () || !sc_test_require_tool ("ffprobe"))
        return;
      g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  /* nginx first: it must not inherit the limit. */
  f->server = sc_test_rtmp_server_new (&error);
  g_assert_no_error (error);
  url = sc_test_rtmp_server_get_url (f->server, "on-air");
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  limit.rlim_cur = 600 * 1024;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

  sc_encoding_config_init_defaults (&encoding);
  make_pipeline (f, &encoding, FALSE);
  rtmp = add_rtmp (f, "On air", url, &encoding);
  rec = add_recording (f, path);
  g_signal_connect (rec, "failed", G_CALLBACK (output_failed_cb), &failure);
  g_assert_true (sc_pipeline_start (f->pipeline, &error));
  g_assert_true (wait_for_state (rec, SC_OUTPUT_STATE_LIVE, 30));
  g_assert_true (wait_for_state (rec, SC_OUTPUT_STATE_FAILED, 60));
  g_assert_error (failure, SC_MEDIA_ERROR, SC_MEDIA_ERROR_DISK_FULL);
  g_assert_cmpstr (failure->message, ==, "Disk full: recording stopped");

  /* The destination goes on (on a loaded machine it may only now get live). */
  g_assert_true (wait_for_state (rtmp, SC_OUTPUT_STATE_LIVE, 30));
  seen = sc_output_get_bytes (rtmp);
  g_object_set_data (G_OBJECT (rtmp), "test-bytes", &seen);
  g_assert_true (wait_for (bytes_grow, rtmp, 20));
  g_assert_cmpint (sc_output_get_state (rtmp), ==, SC_OUTPUT_STATE_LIVE);
  stop_and_wait (f);

  /* What was written before the disk filled still plays. */
  probe = sc_test_ffprobe (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sc_test_probe_get_stream (probe, "video")->codec_name, ==, "h264");
  g_assert_true (sc_test_ffprobe_packet_duration (path, "v", &span, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (span.n_packets, >, 10);
  assert_starts_with_keyframe (path);
}

typedef struct {
  GArray *rms;
} Levels;

static void
audio_level_cb (ScPipeline *pipeline,
                double      rms_db,
                double      peak_db,
                Levels     *levels)
{
  g_assert_cmpfloat (peak_db, >=, rms_db);
  g_array_append_val (levels->rms, rms_db);
}

typedef struct {
  Levels *levels;
  guint   count;
} LevelWait;

static gboolean
enough_levels (gpointer data)
{
  LevelWait *w = data;

  return w->levels->rms->len >= w->count;
}

/* The tone at volume 0.1 (about -23 dB RMS) reached the meter at or after
 * level @count. Not "the next level": on a loaded machine (or under ASan)
 * the mixer fills late input with silence, which the meter reports too. */
static gboolean
tone_heard (gpointer data)
{
  LevelWait *w = data;

  for (guint i = w->count; i < w->levels->rms->len; i++)
    {
      double rms = g_array_index (w->levels->rms, double, i);

      if (rms > -40.0 && rms < 0.0)
        return TRUE;
    }
  return FALSE;
}

static void
test_audio_level_and_mute (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Levels levels = { g_array_new (FALSE, FALSE, sizeof (double)) };
  LevelWait w = { &levels, 5 };
  ScEncodingConfig encoding;
  gboolean muted = FALSE;
  guint at_mute;

  sc_encoding_config_init_defaults (&encoding);
  make_pipeline (f, &encoding, FALSE);
  g_signal_connect (f->pipeline, "audio-level", G_CALLBACK (audio_level_cb), &levels);
  g_assert_true (sc_pipeline_start (f->pipeline, &error));
  g_assert_true (wait_for (enough_levels, &w, 20));
  w.count = 0;
  g_assert_true (wait_for (tone_heard, &w, 20));

  sc_pipeline_set_muted (f->pipeline, TRUE);
  g_object_get (f->pipeline, "muted", &muted, NULL);
  g_assert_true (muted);
  at_mute = levels.rms->len;
  w.count = at_mute + 6;
  g_assert_true (wait_for (enough_levels, &w, 20));
  /* One buffer may have been on its way; after that, silence. */
  for (guint i = at_mute + 2; i < levels.rms->len; i++)
    g_assert_cmpfloat (g_array_index (levels.rms, double, i), <, -90.0);

  sc_pipeline_set_muted (f->pipeline, FALSE);
  w.count = levels.rms->len;
  g_assert_true (wait_for (tone_heard, &w, 20));
  stop_and_wait (f);
  g_array_unref (levels.rms);
}

typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
  guint     ticks;
} AsyncStart;

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncStart *start = user_data;

  start->ok = sc_pipeline_start_finish (SC_PIPELINE (object), result, &start->error);
  start->done = TRUE;
}

static gboolean
tick_cb (gpointer data)
{
  AsyncStart *start = data;

  start->ticks++;
  return G_SOURCE_CONTINUE;
}

static gboolean
source_reported (gpointer data)
{
  Fixture *f = data;

  return f->failed_sources->len > 0;
}

typedef struct {
  ScPipeline *pipeline;
  guint64     frames;
} FrameWait;

static gboolean
frames_past (gpointer data)
{
  FrameWait *w = data;
  ScPipelineStats stats;

  sc_pipeline_get_stats (w->pipeline, &stats);
  return stats.frames > w->frames;
}

static gboolean
has_element (ScPipeline *pipeline,
             const char *name)
{
  g_autoptr(GstElement) element =
    gst_bin_get_by_name (GST_BIN (sc_pipeline_get_gst_pipeline (pipeline)), name);

  return element != NULL;
}

static gboolean
element_gone (gpointer data)
{
  Fixture *f = data;

  return !has_element (f->pipeline, "screen");
}

/* A private PipeWire: daemon, session manager and one camera node that no
 * one feeds, so a reader blocks in its state change. */
typedef struct {
  char        *runtime_dir;
  char        *old_runtime_dir;
  GSubprocess *pipewire;
  GSubprocess *wireplumber;
  GSubprocess *camera;
} PipeWire;

static gboolean
socket_exists (gpointer data)
{
  PipeWire *pw = data;
  g_autofree char *socket = g_build_filename (pw->runtime_dir, "pipewire-0", NULL);

  return g_file_test (socket, G_FILE_TEST_EXISTS);
}

static gboolean
camera_node_exists (gpointer data)
{
  g_autofree char *out = NULL;
  g_autoptr(GSubprocess) ls = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL,
                                                "pw-cli", "ls", "Node", NULL);

  if (ls == NULL || !g_subprocess_communicate_utf8 (ls, NULL, NULL, &out, NULL, NULL))
    return FALSE;
  return out != NULL && strstr (out, "ShopcastHangCam") != NULL;
}

static gboolean
pipewire_start (PipeWire *pw)
{
  g_autoptr(GError) error = NULL;
  int tries = 0;

  pw->runtime_dir = g_dir_make_tmp ("sc-pipewire-XXXXXX", &error);
  g_assert_no_error (error);
  pw->old_runtime_dir = g_strdup (g_getenv ("XDG_RUNTIME_DIR"));
  g_setenv ("XDG_RUNTIME_DIR", pw->runtime_dir, TRUE);
  pw->pipewire = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                   G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, "pipewire", NULL);
  g_assert_no_error (error);
  if (!wait_for (socket_exists, pw, 10))
    return FALSE;
  pw->wireplumber = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                      G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                      "wireplumber", NULL);
  g_assert_no_error (error);
  pw->camera = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                 G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                 "gst-launch-1.0", "videotestsrc", "is-live=true", "!",
                                 "video/x-raw,width=320,height=240", "!",
                                 "pipewiresink", "mode=provide", "client-name=ShopcastHangCam",
                                 "stream-properties=props,media.class=Video/Source,"
                                 "node.description=ShopcastHangCam", NULL);
  g_assert_no_error (error);
  while (!camera_node_exists (NULL) && tries++ < 50)
    run_for (0.2);
  return camera_node_exists (NULL);
}

static void
pipewire_stop (PipeWire *pw)
{
  GSubprocess *processes[] = { pw->camera, pw->wireplumber, pw->pipewire };

  for (guint i = 0; i < G_N_ELEMENTS (processes); i++)
    if (processes[i] != NULL)
      {
        g_subprocess_send_signal (processes[i], SIGTERM);
        sc_test_subprocess_wait (processes[i], 5);
        g_object_unref (processes[i]);
      }
  if (pw->old_runtime_dir != NULL)
    g_setenv ("XDG_RUNTIME_DIR", pw->old_runtime_dir, TRUE);
  else
    g_unsetenv ("XDG_RUNTIME_DIR");
  sc_test_remove_dir (pw->runtime_dir);
  g_free (pw->runtime_dir);
  g_free (pw->old_runtime_dir);
}

static void
test_start_async_hanging_camera (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(ScSourceConfig) camera = sc_source_config_new ("camera", SC_SOURCE_CAMERA);
  g_autoptr(ScSourceConfig) screen = sc_source_config_new ("screen", SC_SOURCE_TEST_PATTERN);
  PipeWire pw = { NULL, };
  AsyncStart start = { FALSE, };
  FrameWait frames;
  ScEncodingConfig encoding;
  ScPipelineStats stats;
  guint tick;

  if (!sc_test_require_tool ("pipewire") || !sc_test_require_tool ("wireplumber") ||
      !sc_test_require_tool ("pw-cli") || !sc_test_require_tool ("gst-launch-1.0"))
    return;
  /* gst-inspect-1.0 --exists says no for PipeWire's plugin: ask the registry. */
  if (!sc_gst_has_element ("pipewiresrc"))
    {
      if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
        g_test_fail_printf ("pipewiresrc is not installed (gstreamer1.0-pipewire)");
      else
        g_test_skip ("pipewiresrc is not installed");
      return;
    }
  g_assert_true (pipewire_start (&pw));

  camera->label = g_strdup ("Camera");
  camera->device = g_strdup ("ShopcastHangCam");
  sc_encoding_config_init_defaults (&encoding);
  f->pipeline = sc_pipeline_new (&encoding);
  g_signal_connect (f->pipeline, "stopped", G_CALLBACK (stopped_cb), f);
  g_signal_connect (f->pipeline, "source-failed", G_CALLBACK (source_failed_cb), f);
  sc_pipeline_add_source (f->pipeline, camera);
  sc_pipeline_add_source (f->pipeline, screen);

  /* The main loop keeps turning while the camera hangs. */
  tick = g_timeout_add (50, tick_cb, &start);
  sc_pipeline_start_async (f->pipeline, NULL, started_cb, &start);
  g_assert_cmpint (sc_pipeline_get_state (f->pipeline), ==, SC_PIPELINE_STATE_STARTING);
  g_assert_true (run_until (&start.done, 60));
  g_source_remove (tick);
  g_assert_no_error (start.error);
  g_assert_true (start.ok);
  g_assert_cmpuint (start.ticks, >, 0);
  g_assert_cmpint (sc_pipeline_get_state (f->pipeline), ==, SC_PIPELINE_STATE_PLAYING);

  g_assert_true (wait_for (source_reported, f, 20));
  g_assert_cmpstr (g_ptr_array_index (f->failed_sources, 0), ==, "camera");
  g_assert_true (has_element (f->pipeline, "camera-slate"));
  sc_pipeline_get_stats (f->pipeline, &stats);
  frames.pipeline = f->pipeline;
  frames.frames = stats.frames + 30;
  g_assert_true (wait_for (frames_past, &frames, 20));
  stop_and_wait (f);
  pipewire_stop (&pw);
}

/* A source that breaks mid-show (here its element reports an error, as a
 * camera unplugged does) makes way for its slate; the show keeps going. */
static void
test_source_fails_mid_show (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) bin = NULL;
  g_autoptr(GstIterator) it = NULL;
  GValue item = G_VALUE_INIT;
  ScEncodingConfig encoding;
  ScPipelineStats stats;
  FrameWait frames;

  sc_encoding_config_init_defaults (&encoding);
  make_pipeline (f, &encoding, FALSE);
  g_assert_true (sc_pipeline_start (f->pipeline, &error));
  run_for (1);
  g_assert_cmpuint (f->failed_sources->len, ==, 0);

  bin = gst_bin_get_by_name (GST_BIN (sc_pipeline_get_gst_pipeline (f->pipeline)), "screen");
  g_assert_nonnull (bin);
  it = gst_bin_iterate_sources (GST_BIN (bin));
  g_assert_cmpint (gst_iterator_next (it, &item), ==, GST_ITERATOR_OK);
  gst_element_message_full (g_value_get_object (&item), GST_MESSAGE_ERROR,
                            GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
                            g_strdup ("The device went away"), NULL,
                            __FILE__, G_STRFUNC, __LINE__);
  g_value_unset (&item);

  g_assert_true (wait_for (source_reported, f, 20));
  g_assert_cmpstr (g_ptr_array_index (f->failed_sources, 0), ==, "screen");
  g_assert_true (has_element (f->pipeline, "screen-slate"));
  g_assert_true (wait_for (element_gone, f, 20));
  g_assert_cmpint (sc_pipeline_get_state (f->pipeline), ==, SC_PIPELINE_STATE_PLAYING);

  sc_pipeline_get_stats (f->pipeline, &stats);
  frames.pipeline = f->pipeline;
  frames.frames = stats.frames + 30;
  g_assert_true (wait_for (frames_past, &frames, 20));
  stop_and_wait (f);
}

/* The plain case off the main thread, and a stop asked for while starting. */
static void
test_start_async (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *rec_path = g_build_filename (f->tmpdir, "async.mkv", NULL);
  g_autoptr(ScOutput) rec = NULL;
  AsyncStart start = { FALSE, };
  ScEncodingConfig encoding;

  sc_encoding_config_init_defaults (&encoding);
  make_pipeline (f, &encoding, FALSE);
  rec = add_recording (f, rec_path);
  sc_pipeline_start_async (f->pipeline, NULL, started_cb, &start);
  g_assert_cmpint (sc_pipeline_get_state (f->pipeline), ==, SC_PIPELINE_STATE_STARTING);
  /* Applied once started. */
  sc_pipeline_set_layout (f->pipeline, SC_LAYOUT_SIDE_BY_SIDE);
  g_assert_true (run_until (&start.done, 60));
  g_assert_no_error (start.error);
  g_assert_true (start.ok);
  g_assert_cmpint (sc_pipeline_get_state (f->pipeline), ==, SC_PIPELINE_STATE_PLAYING);
  g_assert_cmpuint (f->failed_sources->len, ==, 0);
  g_assert_true (wait_for_state (rec, SC_OUTPUT_STATE_LIVE, 30));
  stop_and_wait (f);
  g_clear_object (&f->pipeline);

  /* Stopped before the devices were up: it starts, then stops at once. */
  f->stopped = FALSE;
  start.done = FALSE;
  make_pipeline (f, &encoding, FALSE);
  sc_pipeline_start_async (f->pipeline, NULL, started_cb, &start);
  sc_pipeline_stop (f->pipeline);
  g_assert_true (run_until (&start.done, 60));
  g_assert_true (start.ok);
  g_assert_true (run_until (&f->stopped, 30));
  g_assert_cmpint (sc_pipeline_get_state (f->pipeline), ==, SC_PIPELINE_STATE_STOPPED);
}

/* The FLV tag helpers the RTMP destinations use on the shared muxer's tags:
 * a tag's kind, and its timestamp rewritten for one connection, including
 * the extended byte; anything that is not a tag is left alone. */
static void
test_flv_tags (void)
{
  /* A video tag: type 9, 5 bytes of payload, timestamp 0x12345678 with the
   * top byte in the extended field, stream id 0, then the previous size. */
  static const guint8 video[] = {
    0x09, 0x00, 0x00, 0x05, 0x34, 0x56, 0x78, 0x12, 0x00, 0x00, 0x00,
    0x17, 0x01, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x10,
  };
  static const guint8 header[] = { 'F', 'L', 'V', 0x01, 0x05, 0x00, 0x00, 0x00, 0x09 };
  g_autoptr(GstBuffer) tag = gst_buffer_new_memdup (video, sizeof video);
  g_autoptr(GstBuffer) short_tag = gst_buffer_new_memdup (video, 10);
  g_autoptr(GstBuffer) flv_header = gst_buffer_new_memdup (header, sizeof header);
  g_autoptr(GstBuffer) retimed = NULL;
  g_autoptr(GstBuffer) untouched = NULL;
  guint8 out[sizeof video];

  g_assert_cmpuint (sc_flv_tag_type (tag), ==, 9);
  g_assert_cmpuint (sc_flv_tag_type (short_tag), ==, 0);
  g_assert_cmpuint (sc_flv_tag_type (flv_header), ==, 0);

  retimed = sc_flv_tag_retime (tag, 0x01020304);
  g_assert_cmpuint (gst_buffer_extract (retimed, 0, out, sizeof out), ==, sizeof video);
  g_assert_cmpuint (out[4], ==, 0x02);
  g_assert_cmpuint (out[5], ==, 0x03);
  g_assert_cmpuint (out[6], ==, 0x04);
  g_assert_cmpuint (out[7], ==, 0x01);
  /* Only the timestamp changed, and the original is shared, not written. */
  g_assert_cmpmem (out, 4, video, 4);
  g_assert_cmpmem (out + 8, sizeof video - 8, video + 8, sizeof video - 8);
  g_assert_cmpuint (gst_buffer_memcmp (tag, 0, video, sizeof video), ==, 0);

  untouched = sc_flv_tag_retime (short_tag, 7);
  g_assert_cmpuint (gst_buffer_memcmp (untouched, 0, video, 10), ==, 0);
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
  g_test_add ("/media/pipeline/encoder-stall", Fixture, NULL,
              fixture_set_up, test_encoder_stall, fixture_tear_down);
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
  g_test_add_func ("/media/types/enums", test_enums);
  g_test_add_func ("/media/source/fit", test_source_fit);
  g_test_add_func ("/media/errors/mapping", test_error_mapping);
  g_test_add ("/media/output/key-refused", Fixture, NULL,
              fixture_set_up, test_key_refused, fixture_tear_down);
  g_test_add ("/media/output/handshake-timeout", Fixture, NULL,
              fixture_set_up, test_handshake_timeout, fixture_tear_down);
  g_test_add ("/media/pipeline/outputs-join-and-leave", Fixture, NULL,
              fixture_set_up, test_outputs_join_and_leave, fixture_tear_down);
  g_test_add ("/media/output/recording-collision", Fixture, NULL,
              fixture_set_up, test_recording_collision, fixture_tear_down);
  g_test_add ("/media/output/recording-unwritable", Fixture, NULL,
              fixture_set_up, test_recording_unwritable, fixture_tear_down);
  g_test_add ("/media/output/disk-full", Fixture, NULL,
              fixture_set_up, test_disk_full, fixture_tear_down);
  g_test_add ("/media/pipeline/audio-level-and-mute", Fixture, NULL,
              fixture_set_up, test_audio_level_and_mute, fixture_tear_down);
  g_test_add ("/media/pipeline/source-fails-mid-show", Fixture, NULL,
              fixture_set_up, test_source_fails_mid_show, fixture_tear_down);
  g_test_add ("/media/pipeline/start-async", Fixture, NULL,
              fixture_set_up, test_start_async, fixture_tear_down);
  g_test_add ("/media/pipeline/start-async-hanging-camera", Fixture, NULL,
              fixture_set_up, test_start_async_hanging_camera, fixture_tear_down);
  g_test_add_func ("/media/flv/tags", test_flv_tags);
  return g_test_run ();
}
