/* test-ingest.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* The stream as a strict ingest server sees it (constant bitrate, a keyframe
 * every 2.000 s, no B-frames, monotonic DTS for a player pulling it live),
 * and a show that lives through a weak uplink (a bandwidth-limiting proxy on
 * loopback): every assertion is on what the stream's own timestamps or the
 * program's counters say, never on the wall clock. */

#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "media/sc-media-error.h"
#include "media/sc-output.h"
#include "media/sc-pipeline.h"
#include "sc-test-rtmp.h"

#define FPS 30

typedef struct {
  ScTestRtmpServer *server;
  char             *tmpdir;
  ScPipeline       *pipeline;
  gboolean          stopped;
  GString          *history;       /* states of the watched output */
  GPtrArray        *bitrate_log;   /* "kbps reason output" */
  GSubprocess      *proxy;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->tmpdir = sc_test_make_tmp_dir ("sc-ingest");
  f->history = g_string_new (NULL);
  f->bitrate_log = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->pipeline);
  if (f->proxy != NULL)
    {
      g_subprocess_send_signal (f->proxy, SIGTERM);
      sc_test_subprocess_wait (f->proxy, 10);
      g_clear_object (&f->proxy);
    }
  g_clear_pointer (&f->server, sc_test_rtmp_server_free);
  sc_test_remove_dir (f->tmpdir);
  g_free (f->tmpdir);
  g_string_free (f->history, TRUE);
  g_ptr_array_unref (f->bitrate_log);
}

static void
stopped_cb (ScPipeline *pipeline,
            Fixture    *f)
{
  f->stopped = TRUE;
}

static void
state_cb (ScOutput   *output,
          GParamSpec *pspec,
          Fixture    *f)
{
  g_string_append_printf (f->history, "%s%s", f->history->len ? "," : "",
                          sc_output_state_to_string (sc_output_get_state (output)));
  g_test_message ("%s: %s %s", sc_output_get_name (output),
                  sc_output_state_to_string (sc_output_get_state (output)),
                  sc_output_get_last_error (output) ? sc_output_get_last_error (output) : "");
}

static void
bitrate_cb (ScPipeline *pipeline,
            guint       kbps,
            const char *reason,
            const char *output,
            Fixture    *f)
{
  g_ptr_array_add (f->bitrate_log, g_strdup_printf ("%u %s %s", kbps, reason,
                                                    output ? output : "-"));
  g_test_message ("video bitrate %u kbps (%s, %s)", kbps, reason, output ? output : "-");
}

/* The demo show's picture: a camera that is not there (its slate), the test
 * card as the screen, a tone; a calm scene, where VBR spends little. */
static void
make_pipeline (Fixture          *f,
               ScEncodingConfig *encoding)
{
  g_autoptr(ScSourceConfig) camera = sc_source_config_new ("host", SC_SOURCE_CAMERA);
  g_autoptr(ScSourceConfig) screen = sc_source_config_new ("screen", SC_SOURCE_TEST_PATTERN);
  g_autoptr(ScSourceConfig) tone = sc_source_config_new ("mic", SC_SOURCE_TEST_TONE);

  camera->label = g_strdup ("Host camera");
  camera->device = g_strdup ("/dev/video-that-does-not-exist");
  screen->pattern = g_strdup ("smpte");
  tone->volume = 0.1;

  f->pipeline = sc_pipeline_new (encoding);
  g_signal_connect (f->pipeline, "stopped", G_CALLBACK (stopped_cb), f);
  g_signal_connect (f->pipeline, "bitrate-changed", G_CALLBACK (bitrate_cb), f);
  sc_pipeline_add_source (f->pipeline, camera);
  sc_pipeline_add_source (f->pipeline, screen);
  sc_pipeline_add_source (f->pipeline, tone);
  sc_pipeline_set_layout (f->pipeline, SC_LAYOUT_PIP);
}

static ScOutput *
add_rtmp (Fixture          *f,
          const char       *url,
          ScEncodingConfig *encoding)
{
  g_autoptr(ScOutputConfig) config = sc_output_config_new ("Ingest", url);
  ScOutput *output = sc_output_new_rtmp (config, encoding);

  g_signal_connect (output, "notify::state", G_CALLBACK (state_cb), f);
  sc_pipeline_add_output (f->pipeline, output);
  return output;
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
frames_reached (gpointer data)
{
  gpointer *args = data;
  ScPipelineStats stats;

  sc_pipeline_get_stats (args[0], &stats);
  return stats.frames >= *(guint64 *)args[1];
}

/* Until the show has encoded @n frames in all: its own clock. */
static void
run_until_frame (ScPipeline *pipeline,
                 guint64     n)
{
  gpointer args[] = { pipeline, &n };

  g_assert_true (sc_test_wait_until (frames_reached, args, 240));
}

static gboolean
is_stopped (gpointer data)
{
  return ((Fixture *)data)->stopped;
}

static void
stop_and_wait (Fixture *f)
{
  sc_pipeline_stop (f->pipeline);
  g_assert_true (sc_test_wait_until (is_stopped, f, 30));
}

/* ---- the stream as an ingest server reads it --------------------------- */

typedef struct {
  gboolean video;
  gboolean key;
  double   pts;
  double   dts;
  guint    size;
} Packet;

/* ffprobe -show_packets: every packet of the file, in file order. */
static GArray *
read_packets (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GSubprocess) probe = NULL;
  g_auto(GStrv) lines = NULL;
  GArray *packets = g_array_new (FALSE, TRUE, sizeof (Packet));

  probe = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error, "ffprobe", "-v", "error", "-show_packets",
                            "-show_entries", "packet=codec_type,pts_time,dts_time,size,flags",
                            "-of", "csv=p=0", path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (probe, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (probe));
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);
      Packet p = { 0, };

      /* codec_type,pts_time,dts_time,size,flags (side data may follow). */
      if (g_strv_length (fields) < 5 || g_str_equal (fields[1], "N/A"))
        continue;
      p.video = g_str_equal (fields[0], "video");
      p.pts = g_ascii_strtod (fields[1], NULL);
      p.dts = g_str_equal (fields[2], "N/A") ? p.pts : g_ascii_strtod (fields[2], NULL);
      p.size = (guint)g_ascii_strtoull (fields[3], NULL, 10);
      p.key = fields[4][0] == 'K';
      g_array_append_val (packets, p);
    }
  return packets;
}

/* What a strict ingest server checks, read from the packets of @path. */
static void
assert_ingest_ready (const char *path,
                     int         video_kbps)
{
  g_autoptr(GArray) packets = read_packets (path);
  g_autoptr(GArray) seconds = g_array_new (FALSE, TRUE, sizeof (guint64));
  g_autoptr(GArray) frames = g_array_new (FALSE, TRUE, sizeof (guint));
  double last_dts[2] = { -1, -1 };
  double last_key = -1, last_pts = -1;
  guint since_key = 0, intervals = 0, full_seconds = 0;
  gboolean hole = FALSE;
  double first_pts = -1;

  g_test_message ("%s: %u packets", path, packets->len);
  g_assert_cmpuint (packets->len, >, 0);
  for (guint i = 0; i < packets->len; i++)
    {
      Packet *p = &g_array_index (packets, Packet, i);

      /* Monotonic DTS in each stream, as a player's muxer demands. */
      if (last_dts[p->video] >= 0)
        g_assert_cmpfloat (p->dts, >, last_dts[p->video]);
      last_dts[p->video] = p->dts;
      if (!p->video)
        continue;

      /* No B-frames: every frame is shown in the order it is sent. */
      g_assert_cmpfloat_with_epsilon (p->pts, p->dts, 0.0005);
      if (first_pts < 0)
        {
          first_pts = p->pts;
          g_assert_true (p->key);
        }
      if (last_pts >= 0 && p->pts - last_pts > 1.5 / FPS)
        hole = TRUE;
      last_pts = p->pts;

      /* A keyframe every 2 s: 60 frames apart, and 2.000 s apart when no
       * frame was lost before the encoder in between (a loaded machine). */
      if (p->key)
        {
          /* The output asks for a keyframe when its session starts, to begin
           * on one; on a slow machine (the sanitizer build) the encoder's own
           * first keyframe may already be out, so a second one follows a
           * frame or two later. The 2 s count starts from that one. */
          if (last_key == first_pts && intervals == 0 && since_key < 2 * FPS)
            g_test_message ("a session-start keyframe %u frames after the first", since_key);
          else if (last_key >= 0)
            {
              g_assert_cmpuint (since_key, ==, 2 * FPS);
              if (!hole)
                g_assert_cmpfloat_with_epsilon (p->pts - last_key, 2.0, 0.0015);
              intervals++;
            }
          last_key = p->pts;
          since_key = 0;
          hole = FALSE;
        }
      since_key++;

      {
        guint second = (guint)floor (p->pts - first_pts);

        if (second >= seconds->len)
          {
            g_array_set_size (seconds, second + 1);
            g_array_set_size (frames, second + 1);
          }
        g_array_index (seconds, guint64, second) += p->size;
        g_array_index (frames, guint, second)++;
      }
    }
  g_assert_cmpuint (intervals, >=, 5);

  /* The video's bitrate each second of the stream's own time, within 15 %
   * of the target; seconds with frames lost before the encoder (fewer than
   * 30) say nothing about rate control and are left out. The last second
   * may be cut short. */
  for (guint s = 0; s + 1 < seconds->len; s++)
    {
      double kbps = g_array_index (seconds, guint64, s) * 8 / 1000.0;

      g_test_message ("second %u: %u frames, %.0f kbps", s, g_array_index (frames, guint, s),
                      kbps);
      if (g_array_index (frames, guint, s) != FPS)
        continue;
      g_assert_cmpfloat (kbps, >=, video_kbps * 0.85);
      g_assert_cmpfloat (kbps, <=, video_kbps * 1.15);
      full_seconds++;
    }
  g_assert_cmpuint (full_seconds, >=, 5);
}

static void
test_wishes (void)
{
  const struct {
    const char    *url;
    ScRateControl  rate_control;
    ScH264Profile  profile;
  } cases[] = {
    { "rtmp://live.twitch.tv/app", SC_RATE_CONTROL_CBR, SC_H264_PROFILE_MAIN },
    { "rtmp://fra05.contribute.live-video.net/app", SC_RATE_CONTROL_CBR, SC_H264_PROFILE_MAIN },
    { "rtmp://a.rtmp.youtube.com/live2", SC_RATE_CONTROL_CBR, SC_H264_PROFILE_HIGH },
    { "rtmps://live-api-s.facebook.com:443/rtmp", SC_RATE_CONTROL_CBR, SC_H264_PROFILE_HIGH },
    { "rtmp://nottwitch.tv/app", SC_RATE_CONTROL_AUTO, SC_H264_PROFILE_AUTO },
    { "rtmp://127.0.0.1:1935/live", SC_RATE_CONTROL_AUTO, SC_H264_PROFILE_AUTO },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ScOutputConfig) config = sc_output_config_new ("X", cases[i].url);
      ScRateControl rate_control;
      ScH264Profile profile;

      sc_output_config_get_wishes (config, &rate_control, &profile);
      g_assert_cmpint (rate_control, ==, cases[i].rate_control);
      g_assert_cmpint (profile, ==, cases[i].profile);
    }
}

typedef struct {
  GSubprocess *process;
  gboolean     done;
} Pull;

static void
pull_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ((Pull *)user_data)->done = TRUE;
}

static gboolean
pull_done (gpointer data)
{
  return ((Pull *)data)->done;
}

static guint
count_in (const char *text,
          const char *needle)
{
  guint n = 0;

  for (const char *p = text; (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;
  return n;
}

/* The demo's calm picture to a destination that wants strict CBR (Twitch),
 * pulled live by ffmpeg as a player would, and the recorded FLV and MKV
 * checked packet by packet. */
static void
test_platform_checks (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScOutput) out = NULL;
  g_autoptr(ScOutput) rec = NULL;
  g_autoptr(ScOutputConfig) twitch = sc_output_config_new ("Twitch", "rtmp://live.twitch.tv/app");
  g_autoptr(GPtrArray) pieces = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *url = NULL;
  g_autofree char *rec_path = g_build_filename (f->tmpdir, "show.mkv", NULL);
  g_autofree char *log_path = g_build_filename (f->tmpdir, "ffmpeg.log", NULL);
  g_autofree char *log = NULL;
  ScEncodingConfig encoding;
  Pull pull = { 0, };
  StateWait live;

  if (!sc_test_require_rtmp_server () || !sc_test_require_tool ("ffprobe") ||
      !sc_test_require_tool ("ffmpeg"))
    return;
  f->server = sc_test_rtmp_server_new (&error);
  g_assert_no_error (error);
  url = sc_test_rtmp_server_get_url (f->server, "ingest");

  sc_encoding_config_init_defaults (&encoding);
  /* A fixed rate: a CPU stall on a loaded machine must not look like a
   * slow uplink and change it (the weak uplink has its own test). */
  encoding.dynamic_bitrate = FALSE;
  make_pipeline (f, &encoding);
  sc_pipeline_plan_destination (f->pipeline, twitch);
  out = add_rtmp (f, url, &encoding);
  rec = sc_output_new_recording (rec_path, SC_RECORDING_MATROSKA);
  sc_pipeline_add_output (f->pipeline, rec);

  g_assert_true (sc_pipeline_start (f->pipeline, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sc_pipeline_get_video_encoder (f->pipeline), ==, "x264enc");
  g_assert_cmpint (sc_pipeline_get_rate_control (f->pipeline), ==, SC_RATE_CONTROL_CBR);
  g_assert_cmpint (sc_pipeline_get_profile (f->pipeline), ==, SC_H264_PROFILE_MAIN);
  live = (StateWait) { out, SC_OUTPUT_STATE_LIVE };
  g_assert_true (sc_test_wait_until (state_reached, &live, 30));

  /* A player joining the live stream, for 20 s of the stream's time. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  pull.process = g_subprocess_launcher_spawn (launcher, &error, "ffmpeg", "-hide_banner",
                                              "-nostats", "-nostdin", "-i", url, "-t", "20",
                                              "-f", "null", "-", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (pull.process, NULL, pull_done_cb, &pull);
  g_assert_true (sc_test_wait_until (pull_done, &pull, 180));
  g_assert_true (g_subprocess_get_successful (pull.process));
  g_clear_object (&pull.process);
  stop_and_wait (f);

  g_assert_true (g_file_get_contents (log_path, &log, NULL, NULL));
  g_test_message ("ffmpeg: %u lines", count_in (log, "\n"));
  g_assert_cmpuint (count_in (log, "non monotonically increasing dts"), ==, 0);
  g_assert_cmpuint (count_in (log, "Non-monotonous DTS"), ==, 0);
  g_assert_nonnull (strstr (log, "Video: h264 (Main)"));

  g_assert_true (sc_test_rtmp_server_wait_idle (f->server, 10));
  pieces = sc_test_rtmp_server_list_recordings (f->server, "ingest");
  g_assert_cmpuint (pieces->len, ==, 1);
  assert_ingest_ready (g_ptr_array_index (pieces, 0), encoding.video_bitrate_kbps);
  assert_ingest_ready (rec_path, encoding.video_bitrate_kbps);
}

/* ---- a weak uplink ------------------------------------------------------ */

/* tests/throttle-proxy.py in front of @port at @bits_per_s; returns its port. */
static guint16
start_proxy (Fixture *f,
             guint16  port,
             guint    bits_per_s)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "throttle-proxy.py", NULL);
  g_autofree char *port_arg = g_strdup_printf ("%u", port);
  g_autofree char *rate_arg = g_strdup_printf ("%u", bits_per_s);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;

  f->proxy = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "python3", script,
                               port_arg, rate_arg, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (f->proxy));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "port="));
  return (guint16)atoi (line + 5);
}

/* A 3.5 Mbit/s show through a 1.5 Mbit/s uplink, for 60 s of the show's own
 * time: it stays live on one connection, lowers its bitrate until what it
 * sends fits, and drops no frame (so no keyframe) after its first 10 s. */
static void
test_weak_uplink (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScOutput) out = NULL;
  g_autofree char *url = NULL;
  const guint limit_kbps = 1500;
  ScEncodingConfig encoding;
  ScPipelineStats stats;
  guint64 dropped_at_10s;
  StateWait live;
  gboolean lowered = FALSE;

  if (!sc_test_require_rtmp_server () || !sc_test_require_tool ("python3"))
    return;
  f->server = sc_test_rtmp_server_new (&error);
  g_assert_no_error (error);
  url = g_strdup_printf ("rtmp://127.0.0.1:%u/live/weak",
                         start_proxy (f, sc_test_rtmp_server_get_port (f->server),
                                      limit_kbps * 1000));

  sc_encoding_config_init_defaults (&encoding);
  encoding.rate_control = SC_RATE_CONTROL_CBR;
  g_assert_cmpint (encoding.video_bitrate_kbps + encoding.audio_bitrate_kbps, >,
                   (int)limit_kbps * 2);
  g_assert_true (encoding.dynamic_bitrate);
  make_pipeline (f, &encoding);
  out = add_rtmp (f, url, &encoding);

  g_assert_true (sc_pipeline_start (f->pipeline, &error));
  g_assert_no_error (error);
  live = (StateWait) { out, SC_OUTPUT_STATE_LIVE };
  g_assert_true (sc_test_wait_until (state_reached, &live, 30));

  run_until_frame (f->pipeline, 10 * FPS);
  dropped_at_10s = sc_output_get_dropped_frames (out);
  run_until_frame (f->pipeline, 60 * FPS);
  sc_pipeline_get_stats (f->pipeline, &stats);
  g_test_message ("after 60 s of stream: video %u kbps, %u changes, %" G_GUINT64_FORMAT
                  " dropped (%" G_GUINT64_FORMAT " in the first 10 s), queued %.2f s, %"
                  G_GUINT64_FORMAT " bytes, %u reconnects", stats.video_bitrate_kbps,
                  stats.bitrate_changes, sc_output_get_dropped_frames (out), dropped_at_10s,
                  sc_output_get_queued_time (out), sc_output_get_bytes (out),
                  sc_output_get_reconnects (out));

  /* Live all along on its first connection. */
  g_assert_cmpstr (f->history->str, ==, "connecting,live");
  g_assert_cmpuint (sc_output_get_reconnects (out), ==, 0);
  /* No frame, so no keyframe, lost once the bitrate had come down. */
  g_assert_cmpuint (sc_output_get_dropped_frames (out), ==, dropped_at_10s);
  /* It said why it lowered, and settled under the uplink. */
  for (guint i = 0; i < f->bitrate_log->len; i++)
    lowered |= g_str_has_suffix (g_ptr_array_index (f->bitrate_log, i), " congestion Ingest");
  g_assert_true (lowered);
  g_assert_cmpuint (stats.bitrate_changes, ==, f->bitrate_log->len);
  g_assert_cmpuint (stats.video_bitrate_kbps + encoding.audio_bitrate_kbps, <, limit_kbps);
  g_assert_cmpfloat (sc_output_get_queued_time (out), <, 2.0);

  stop_and_wait (f);
  g_assert_cmpstr (f->history->str, ==, "connecting,live,stopped");
}

/* The same through the shopcast binary: the event log says what the window
 * shows ("Lowered bitrate to N kbps" on the destination it names). */
static void
test_weak_uplink_events (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScTestProcess) show = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *url = NULL;
  g_autofree char *show_path = g_build_filename (f->tmpdir, "weak.shopcast", NULL);
  g_autofree char *log_path = g_build_filename (f->tmpdir, "events.jsonl", NULL);
  JsonObject *bitrate, *stats;
  int at;

  if (!sc_test_require_rtmp_server () || !sc_test_require_tool ("python3"))
    return;
  f->server = sc_test_rtmp_server_new (&error);
  g_assert_no_error (error);
  url = g_strdup_printf ("rtmp://127.0.0.1:%u/live/weak",
                         start_proxy (f, sc_test_rtmp_server_get_port (f->server), 1500000));
  g_assert_true (g_file_set_contents (show_path,
    "{ \"version\": 1, \"title\": \"Weak uplink\",\n"
    "  \"encoding\": { \"rate_control\": \"cbr\" },\n"
    "  \"sources\": [ { \"id\": \"host\", \"kind\": \"test-pattern\", \"pattern\": \"ball\" },\n"
    "               { \"id\": \"mic\", \"kind\": \"test-tone\", \"volume\": 0.1 } ],\n"
    "  \"recording\": { \"enabled\": false } }\n", -1, &error));
  g_assert_no_error (error);

  show = sc_test_shopcast_spawn_va (NULL, "--headless", "--show", show_path, "--output", url,
                                    "--events", log_path, NULL);
  g_assert_true (sc_test_wait_for_event (log_path, "bitrate", "reason", "congestion", 120));
  /* Two more stats lines, so one comes after the change. */
  g_assert_true (sc_test_wait_for_events (log_path, "stats",
                                          sc_test_count_events_in_file (log_path, "stats") + 2,
                                          60));
  sc_test_process_send_signal (show, SIGTERM);
  g_assert_true (sc_test_process_wait (show, 60));
  g_assert_cmpint (sc_test_process_get_status (show), ==, 0);

  events = sc_test_read_events (log_path);
  at = sc_test_find_event (events, 0, "bitrate", "reason", "congestion");
  g_assert_cmpint (at, >=, 0);
  bitrate = g_ptr_array_index (events, at);
  g_assert_cmpstr (json_object_get_string_member (bitrate, "output"), ==, "Destination 1");
  g_assert_cmpint (json_object_get_int_member (bitrate, "target_kbps"), ==, 3500);
  g_assert_cmpint (json_object_get_int_member (bitrate, "kbps"), <, 3500);
  stats = sc_test_last_event (events, "stats");
  g_assert_cmpint (json_object_get_int_member (stats, "video_kbps"), <, 3500);
  /* Lowered, not reconnected. */
  g_assert_cmpint (sc_test_find_event (events, 0, "output-state", "state", "reconnecting"), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/ingest/wishes", test_wishes);
  g_test_add ("/media/ingest/platform-checks", Fixture, NULL,
              fixture_set_up, test_platform_checks, fixture_tear_down);
  g_test_add ("/media/ingest/weak-uplink", Fixture, NULL,
              fixture_set_up, test_weak_uplink, fixture_tear_down);
  g_test_add ("/media/ingest/weak-uplink-events", Fixture, NULL,
              fixture_set_up, test_weak_uplink_events, fixture_tear_down);
  return g_test_run ();
}
