/* sc-pipeline.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-pipeline"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <math.h>
#include <string.h>
#include <gst/video/video.h>

#include "base/sc-task.h"
#include "overlay/sc-overlay-scene.h"
#include "sc-flv-mux.h"
#include "sc-gst-util.h"
#include "sc-media-error.h"
#include "sc-overlay-blend.h"
#include "sc-output-private.h"
#include "sc-pipeline-private.h"
#include "sc-source-bin.h"

/* Longest a clean stop may take before everything is torn down anyway. */
#define STOP_TIMEOUT_MS 15000
/* Ending the FLV muxer's streams gives out its last tags at once. */
#define FLV_DRAIN_TIMEOUT_MS 2000
/* The preview window's frame rate at most (issue: at least 25). */
#define PREVIEW_MAX_FPS 25
/* Set on a source bin on its way out: what it still says does not matter. */
#define RETIRED_KEY "sc-pipeline-retired"
/* Set on an ScOutput while it counts in outputs_running. */
#define RUNNING_KEY "sc-pipeline-running"
/* A frame leaving the encoder this long after it was captured is late. */
#define LATE_FRAME_NS (GST_SECOND / 2)
/* A canvas that reaches the encoder this long after its capture time is
 * dropped rather than encoded, so that a starved encoder catches up with the
 * show instead of putting it ever further behind (see build_video()). */
#define TOO_LATE_NS GST_SECOND

/* Dynamic bitrate (after OBS's rtmp-stream.c; docs/design.md): how often the
 * destinations' queues are looked at, how much queued stream is congestion,
 * how little is drained, and the pacing of the steps. */
#define BITRATE_TICK_MS 500
#define CONGESTED_S 0.5
#define DRAINED_S 0.25
#define LOWER_EVERY_US (1 * G_USEC_PER_SEC)
#define RAISE_AFTER_US (4 * G_USEC_PER_SEC)
/* After a congestion, steps up stop short of what the uplink was seen to
 * carry for this long, doubled each time trying more congested it again. */
#define CEILING_HOLD_US (30 * G_USEC_PER_SEC)
#define CEILING_HOLD_MAX_US (600 * G_USEC_PER_SEC)
/* The throughput estimate covers the last two seconds of bytes sent. */
#define THROUGHPUT_WINDOW_US (2 * G_USEC_PER_SEC)
#define THROUGHPUT_SAMPLES 8

typedef struct {
  ScSourceConfig *config;
  GstElement     *bin;
  GstPad         *mixer_pad;   /* compositor or audiomixer request pad */
  int             slot;        /* layout slot for video, -1 for none */
  gboolean        failed;
  gboolean        opened;      /* start_async: already PAUSED, locked meanwhile */
  gint            delivered;   /* atomic: a buffer left the source bin */
  char           *timeout_reason;  /* start_async: did not deliver in time */
} Source;

/* A device being opened by its own thread during start_async: a device
 * that hangs is left to its thread, and the show goes on without it. */
typedef struct {
  gint              ref_count;
  GMutex            lock;
  GCond             cond;
  ScSourceConfig   *config;
  ScEncodingConfig  encoding;
  gboolean          done;
  GstElement       *bin;       /* left here by a late thread: freed with the struct */
  GError           *error;
} DeviceOpen;

/* Bytes an output's sink took, sampled each bitrate tick. */
typedef struct {
  gint64  time[THROUGHPUT_SAMPLES];
  guint64 bytes[THROUGHPUT_SAMPLES];
  guint   n;
} Throughput;

struct _ScPipeline
{
  GObject                      parent_instance;

  ScEncodingConfig             encoding;
  ScTranslation               *translation;   /* the audience's, for slates; shared */
  GMainContext                *context;
  char                        *video_encoder_name;
  char                        *audio_encoder_name;

  GstElement                  *pipeline;
  GstElement                  *compositor;
  GstElement                  *audiomixer;
  GstElement                  *video_encoder;
  /* sc_pipeline_snapshot(): the canvas probe hands over the next frame.
   * Nothing holds a frame between snapshots (a branch with a last-sample
   * sink kept two canvas frames alive all show long: 6 MB at 1080p). */
  GMutex                       snapshot_lock;
  GCond                        snapshot_cond;
  gint                         snapshot_wanted;  /* atomic */
  GstSample                   *snapshot;
  GstElement                  *mute;
  gboolean                     muted;
  gboolean                     stop_requested;   /* sc_pipeline_stop() while starting */
  gboolean                     layout_pending;   /* sc_pipeline_set_layout() while starting */
  GThread                     *main_thread;
  GPtrArray                   *sources;        /* Source */
  int                          n_video_slots;
  ScLayoutKind                 layout;
  int                          preview_width;
  ScPipelineState              state;
  guint                        bus_watch;
  guint                        stats_source;
  guint                        stop_timeout;
  gboolean                     video_eos;
  gboolean                     audio_eos;
  gboolean                     pipeline_eos;
  guint                        outputs_running;
  gint64                       started_at;

  /* Outputs are read by the encoder threads. */
  GMutex                       outputs_lock;
  GPtrArray                   *outputs;        /* ScOutput */
  ScFlvMux                    *flv_mux;        /* for every RTMP output, made on demand */
  gboolean                     flv_mux_warned;

  /* Read by the canvas's streaming thread on every frame (blend_canvas_cb). */
  GMutex                       overlay_lock;
  GPtrArray                   *blend_pieces;       /* ScBlendPiece, replaced whole */
  GstVideoColorimetry          blend_colorimetry;  /* the canvas's, as negotiated */
  guint64                      overlay_updates;
  GstVideoInfo                 canvas_info;        /* canvas thread only */
  gboolean                     canvas_info_set;
  GstSegment                   canvas_segment;     /* canvas thread only */
  gboolean                     canvas_segment_set;

  /* Written by the encoder thread, read on the main thread. */
  guint64                      frames;
  guint64                      drops;
  guint64                      late;
  GstClockTime                 last_pts;
  guint64                      frames_at_tick;
  gint64                       tick_time;
  double                       fps;
  gint                         preview_pending;
  guint64                      preview_frames;  /* main thread only */
  /* The window pauses the preview while it is hidden: read on the streaming thread. */
  gint                         preview_paused;
  GstClockTime                 preview_next_pts;  /* preview branch's thread only */
  guint64                      preview_offered;   /* atomic */
  GstElement                  *preview_caps;
  /* A new preview size, applied by the preview branch's own streaming thread
   * between two frames (preview_resize_cb); NULL when there is none. */
  GstCaps                     *preview_pending_caps;


  /* Rate control: what the destinations asked for (sc_pipeline_plan_destination),
   * what the encoder was built with, and the dynamic bitrate (main thread). */
  ScRateControl                wished_rate_control;
  ScH264Profile                wished_profile;
  ScRateControl                rate_control;
  ScH264Profile                profile;
  gboolean                     bitrate_adjustable;
  guint                        video_kbps;        /* the encoder's bitrate now */
  guint                        bitrate_changes;
  guint                        bitrate_source;
  gint64                       bitrate_changed_at;
  gint64                       drained_since;
  guint                        ceiling_kbps;
  gint64                       ceiling_until;
  gint64                       ceiling_hold;
  guint64                      queued_at_change;  /* bytes */
  GHashTable                  *throughput;        /* ScOutput -> Throughput */
};

G_DEFINE_FINAL_TYPE (ScPipeline, sc_pipeline, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (ScPipelineState, sc_pipeline_state,
  G_DEFINE_ENUM_VALUE (SC_PIPELINE_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (SC_PIPELINE_STATE_PLAYING, "playing"),
  G_DEFINE_ENUM_VALUE (SC_PIPELINE_STATE_STOPPING, "stopping"),
  G_DEFINE_ENUM_VALUE (SC_PIPELINE_STATE_STOPPED, "stopped"),
  G_DEFINE_ENUM_VALUE (SC_PIPELINE_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (SC_PIPELINE_STATE_STARTING, "starting"))

const char *
sc_pipeline_state_to_string (ScPipelineState state)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SC_TYPE_PIPELINE_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);

  g_return_val_if_fail (value != NULL, NULL);
  return value->value_nick;
}

enum {
  PROP_0,
  PROP_STATE,
  PROP_MUTED,
  N_PROPS
};

enum {
  SOURCE_FAILED,
  BITRATE_CHANGED,
  PREVIEW_FRAME,
  AUDIO_LEVEL,
  FAILED,
  STOPPED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
source_free (gpointer data)
{
  Source *source = data;

  sc_source_config_free (source->config);
  g_clear_object (&source->mixer_pad);
  g_free (source->timeout_reason);
  g_free (source);
}

static void
set_state (ScPipeline      *self,
           ScPipelineState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* ---- building ---------------------------------------------------------- */

static GstElement *
add_element (ScPipeline  *self,
             const char  *factory,
             const char  *name,
             GError     **error)
{
  GstElement *element = sc_gst_make (factory, name, error);

  if (element != NULL)
    gst_bin_add (GST_BIN (self->pipeline), element);
  return element;
}

static gboolean
link_chain (GError     **error,
            GstElement  *first,
            ...)
{
  GstElement *prev = first;
  GstElement *next;
  va_list args;
  gboolean ok = TRUE;

  va_start (args, first);
  while (ok && (next = va_arg (args, GstElement *)) != NULL)
    {
      if (!gst_element_link (prev, next))
        {
          g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_FAILED,
                       _("Could not link %s to %s"), GST_ELEMENT_NAME (prev),
                       GST_ELEMENT_NAME (next));
          ok = FALSE;
        }
      prev = next;
    }
  va_end (args);
  return ok;
}

static void
set_caps (GstElement *capsfilter,
          GstCaps    *caps)
{
  g_object_set (capsfilter, "caps", caps, NULL);
  gst_caps_unref (caps);
}

/* One encoder feeds every destination: CBR when any destination asks for it
 * (a VBR destination takes a CBR stream; the reverse is refused by Twitch),
 * Main when any asks for it (every High decoder plays Main). The wishes of
 * every destination of the show count, switched on or not, because one can
 * be switched on while live and the rate control cannot change then. */
static void
resolve_rate_control (ScPipeline *self)
{
  self->rate_control = self->encoding.rate_control;
  if (self->rate_control == SC_RATE_CONTROL_AUTO)
    self->rate_control = self->wished_rate_control == SC_RATE_CONTROL_CBR
                         ? SC_RATE_CONTROL_CBR : SC_RATE_CONTROL_VBR;
  self->profile = self->encoding.profile;
  if (self->profile == SC_H264_PROFILE_AUTO)
    self->profile = self->wished_profile == SC_H264_PROFILE_MAIN
                    ? SC_H264_PROFILE_MAIN : SC_H264_PROFILE_HIGH;
}

static GstElement *
make_video_encoder (ScPipeline  *self,
                    GError     **error)
{
  static const char *preferred[] = { "x264enc", "vah264enc", "openh264enc" };
  const ScEncodingConfig *enc = &self->encoding;
  int gop = MAX (1, enc->fps * enc->keyframe_interval_s);
  GstElement *encoder = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (preferred) && encoder == NULL; i++)
    {
      const char *name = enc->video_encoder ? enc->video_encoder : preferred[i];

      if (sc_gst_has_element (name))
        encoder = add_element (self, name, "video-encoder", error);
      if (enc->video_encoder != NULL)
        break;
    }
  if (encoder == NULL)
    {
      g_clear_error (error);
      g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_ENCODER,
                   enc->video_encoder
                   ? _("The video encoder “%s” is not installed")
                   : _("No H.264 encoder is installed (x264enc, vah264enc or openh264enc)%s"),
                   enc->video_encoder ? enc->video_encoder : "");
      return NULL;
    }

  self->video_encoder_name = gst_object_get_name (GST_OBJECT (gst_element_get_factory (encoder)));
  resolve_rate_control (self);
  self->video_kbps = (guint)enc->video_bitrate_kbps;
  if (g_str_equal (self->video_encoder_name, "x264enc"))
    {
      const char *options = "";

      /* zerolatency: no B-frames and no lookahead; one IDR every
       * keyframe_interval_s exactly (no scene-cut keyframes in between). */
      gst_util_set_object_arg (G_OBJECT (encoder), "tune", "zerolatency");
      gst_util_set_object_arg (G_OBJECT (encoder), "speed-preset", "veryfast");
      /* CBR: x264's filler method sends the target every second. With NAL HRD
       * signalling x264 refuses new VBV parameters while encoding ("VBV
       * parameters cannot be changed when NAL HRD is in use"), so it is only
       * used when the bitrate never changes (OBS chose the same). */
      if (self->rate_control == SC_RATE_CONTROL_CBR)
        options = enc->dynamic_bitrate ? "scenecut=0:filler=1"
                                       : "scenecut=0:nal-hrd=cbr:filler=1";
      else
        options = "scenecut=0";
      g_object_set (encoder, "bitrate", (guint)enc->video_bitrate_kbps,
                    "key-int-max", (guint)gop, "vbv-buf-capacity", 1000u,
                    "option-string", options, NULL);
      self->bitrate_adjustable = TRUE;
    }
  else if (g_str_equal (self->video_encoder_name, "vah264enc"))
    {
      gst_util_set_object_arg (G_OBJECT (encoder), "rate-control",
                               self->rate_control == SC_RATE_CONTROL_CBR ? "cbr" : "vbr");
      g_object_set (encoder, "bitrate", (guint)enc->video_bitrate_kbps,
                    "key-int-max", (guint)gop, NULL);
      if (g_object_class_find_property (G_OBJECT_GET_CLASS (encoder), "b-frames") != NULL)
        g_object_set (encoder, "b-frames", 0u, NULL);
      self->bitrate_adjustable = TRUE;
    }
  else if (g_str_equal (self->video_encoder_name, "openh264enc"))
    {
      /* OpenH264 has no filler data: a calm scene stays under the target
       * even when CBR is asked for (docs/design.md). Its default "quality"
       * mode ignores the bitrate altogether. */
      gst_util_set_object_arg (G_OBJECT (encoder), "complexity", "low");
      gst_util_set_object_arg (G_OBJECT (encoder), "rate-control", "bitrate");
      g_object_set (encoder, "bitrate", (guint)enc->video_bitrate_kbps * 1000,
                    "max-bitrate", (guint)enc->video_bitrate_kbps * 1000,
                    "enable-frame-skip", FALSE,
                    "gop-size", (guint)gop, NULL);
      self->bitrate_adjustable = TRUE;
    }
  return encoder;
}

static GstElement *
make_audio_encoder (ScPipeline  *self,
                    GError     **error)
{
  static const char *preferred[] = { "fdkaacenc", "avenc_aac", "voaacenc" };
  const ScEncodingConfig *enc = &self->encoding;
  GstElement *encoder = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (preferred) && encoder == NULL; i++)
    {
      const char *name = enc->audio_encoder ? enc->audio_encoder : preferred[i];

      if (sc_gst_has_element (name))
        encoder = add_element (self, name, "audio-encoder", error);
      if (enc->audio_encoder != NULL)
        break;
    }
  if (encoder == NULL)
    {
      g_clear_error (error);
      g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_ENCODER,
                   enc->audio_encoder
                   ? _("The audio encoder “%s” is not installed")
                   : _("No AAC encoder is installed (fdkaacenc, avenc_aac or voaacenc)%s"),
                   enc->audio_encoder ? enc->audio_encoder : "");
      return NULL;
    }
  self->audio_encoder_name = gst_object_get_name (GST_OBJECT (gst_element_get_factory (encoder)));
  g_object_set (encoder, "bitrate", enc->audio_bitrate_kbps * 1000, NULL);
  return encoder;
}

/* ---- streaming-thread callbacks ----------------------------------------- */

/* A set of pieces converted for colorimetry: the ones of @old that already
 * are, and the others converted again from their surfaces. */
static GPtrArray *
reconvert_pieces (GPtrArray                 *old,
                  const GstVideoColorimetry *colorimetry)
{
  GPtrArray *pieces = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_blend_piece_unref);

  for (guint i = 0; i < old->len; i++)
    {
      ScBlendPiece *piece = g_ptr_array_index (old, i);
      cairo_surface_t *surface = sc_blend_piece_get_surface (piece);
      int x, y;

      sc_blend_piece_get_position (piece, &x, &y);
      if (sc_blend_piece_is (piece, surface, x, y, colorimetry))
        g_ptr_array_add (pieces, sc_blend_piece_ref (piece));
      else
        g_ptr_array_add (pieces, sc_blend_piece_new (surface, x, y, colorimetry));
    }
  return pieces;
}

/* The overlay regions are blended into each canvas frame in place, between
 * the canvas caps and the tee, so the encoder, the snapshot and the preview
 * all see them. */
/* How long sc_pipeline_snapshot() waits for the next frame. */
#define SNAPSHOT_WAIT_S 2

/* Streaming thread: the frame, overlays drawn, for a waiting snapshot. */
static void
hand_over_snapshot (ScPipeline *self,
                    GstPad     *pad,
                    GstBuffer  *buffer)
{
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);

  g_mutex_lock (&self->snapshot_lock);
  if (self->snapshot_wanted && caps != NULL)
    {
      g_clear_pointer (&self->snapshot, gst_sample_unref);
      self->snapshot = gst_sample_new (buffer, caps, NULL, NULL);
      g_atomic_int_set (&self->snapshot_wanted, FALSE);
      g_cond_broadcast (&self->snapshot_cond);
    }
  g_mutex_unlock (&self->snapshot_lock);
}

/* Streaming thread: a frame's capture time (its running time in @segment)
 * is more than @threshold behind the running time of @element's clock now. */
static gboolean
is_behind (GstElement       *element,
           const GstSegment *segment,
           GstClockTime      pts,
           GstClockTime      threshold)
{
  g_autoptr(GstClock) clock = NULL;
  GstClockTime running, now, base;

  if (segment == NULL || !GST_CLOCK_TIME_IS_VALID (pts))
    return FALSE;
  clock = gst_element_get_clock (element);
  if (clock == NULL)
    return FALSE;
  running = gst_segment_to_running_time (segment, GST_FORMAT_TIME, pts);
  base = gst_element_get_base_time (element);
  now = gst_clock_get_time (clock);
  return GST_CLOCK_TIME_IS_VALID (running) && now > base &&
         now - base > running + threshold;
}

static GstPadProbeReturn
blend_canvas_cb (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  ScPipeline *self = user_data;
  g_autoptr(GPtrArray) pieces = NULL;
  GstBuffer *buffer;
  GstVideoFrame frame;

  if (info->type & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM)
    {
      GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
      GstCaps *caps;

      if (GST_EVENT_TYPE (event) == GST_EVENT_SEGMENT)
        {
          const GstSegment *segment;

          gst_event_parse_segment (event, &segment);
          gst_segment_copy_into (segment, &self->canvas_segment);
          self->canvas_segment_set = TRUE;
          return GST_PAD_PROBE_OK;
        }
      if (GST_EVENT_TYPE (event) != GST_EVENT_CAPS)
        return GST_PAD_PROBE_OK;
      gst_event_parse_caps (event, &caps);
      self->canvas_info_set = gst_video_info_from_caps (&self->canvas_info, caps) &&
                              sc_blend_supports_format (GST_VIDEO_INFO_FORMAT (&self->canvas_info));
      if (!self->canvas_info_set)
        {
          g_warning ("The overlay cannot be drawn on %" GST_PTR_FORMAT, caps);
          return GST_PAD_PROBE_OK;
        }
      g_mutex_lock (&self->overlay_lock);
      self->blend_colorimetry = self->canvas_info.colorimetry;
      /* Pieces made before the caps were known are converted again, once. */
      if (self->blend_pieces != NULL)
        {
          GPtrArray *old = self->blend_pieces;

          self->blend_pieces = reconvert_pieces (old, &self->blend_colorimetry);
          g_ptr_array_unref (old);
        }
      g_mutex_unlock (&self->overlay_lock);
      return GST_PAD_PROBE_OK;
    }

  if (!self->canvas_info_set)
    return GST_PAD_PROBE_OK;
  /* The canvas is more than TOO_LATE_NS behind the show's clock. The encoder
   * runs in the compositor's thread, so this is how far a starved encoder has
   * held the compositor back; the hole the dropped canvases leave is counted
   * as render drops when the next frame is encoded. */
  if (self->canvas_segment_set &&
      is_behind (self->compositor, &self->canvas_segment,
                 GST_BUFFER_PTS (GST_PAD_PROBE_INFO_BUFFER (info)), TOO_LATE_NS))
    return GST_PAD_PROBE_DROP;
  g_mutex_lock (&self->overlay_lock);
  if (self->blend_pieces != NULL && self->blend_pieces->len > 0)
    pieces = g_ptr_array_ref (self->blend_pieces);
  g_mutex_unlock (&self->overlay_lock);

  if (pieces != NULL)
    {
      /* The compositor's own frame: writable without a copy. */
      buffer = gst_buffer_make_writable (GST_PAD_PROBE_INFO_BUFFER (info));
      GST_PAD_PROBE_INFO_DATA (info) = buffer;
      if (gst_video_frame_map (&frame, &self->canvas_info, buffer, GST_MAP_READWRITE))
        {
          for (guint i = 0; i < pieces->len; i++)
            sc_blend_piece_apply (g_ptr_array_index (pieces, i), &frame);
          gst_video_frame_unmap (&frame);
        }
    }
  if (g_atomic_int_get (&self->snapshot_wanted))
    hand_over_snapshot (self, pad, GST_PAD_PROBE_INFO_BUFFER (info));
  return GST_PAD_PROBE_OK;
}

/* The FLV muxer's thread: each tag to each RTMP output. */
static void
flv_tag_cb (GstSample *tag,
            gpointer   user_data)
{
  ScPipeline *self = user_data;

  g_mutex_lock (&self->outputs_lock);
  for (guint i = 0; self->outputs != NULL && i < self->outputs->len; i++)
    {
      ScOutput *output = g_ptr_array_index (self->outputs, i);

      if (sc_output_takes_flv (output))
        sc_output_push_flv (output, tag);
    }
  g_mutex_unlock (&self->outputs_lock);
}

/* The encoders' threads. Recordings and SRT outputs mux the samples
 * themselves; the RTMP outputs share one FLV muxer, so a second and third
 * destination cost only their connection. */
static void
push_to_outputs (ScPipeline *self,
                 GstSample  *sample,
                 gboolean    is_video)
{
  g_autoptr(ScFlvMux) failed = NULL;
  gboolean flv = FALSE;
  gboolean made = FALSE;

  g_mutex_lock (&self->outputs_lock);
  for (guint i = 0; i < self->outputs->len; i++)
    {
      ScOutput *output = g_ptr_array_index (self->outputs, i);

      if (sc_output_takes_flv (output))
        flv = TRUE;
      else
        sc_output_push (output, sample, is_video);
    }
  if (self->flv_mux != NULL && sc_flv_mux_failed (self->flv_mux))
    failed = g_steal_pointer (&self->flv_mux);
  if (flv && self->flv_mux == NULL)
    {
      g_autoptr(GError) error = NULL;

      self->flv_mux = sc_flv_mux_new (flv_tag_cb, self, &error);
      made = self->flv_mux != NULL;
      if (error != NULL && !self->flv_mux_warned)
        {
          g_warning ("RTMP destinations get no stream: %s", error->message);
          self->flv_mux_warned = TRUE;
        }
    }
  if (self->flv_mux != NULL)
    sc_flv_mux_push (self->flv_mux, sample, is_video);
  g_mutex_unlock (&self->outputs_lock);

  /* A new muxer's destinations start at a keyframe: ask for one now. */
  if (made)
    sc_pipeline_force_keyframe (self);
}

/* Main thread: every tag of the show to the RTMP outputs, then no muxer
 * until the next show. */
static void
drain_flv_mux (ScPipeline *self)
{
  g_autoptr(ScFlvMux) mux = NULL;

  g_mutex_lock (&self->outputs_lock);
  mux = g_steal_pointer (&self->flv_mux);
  g_mutex_unlock (&self->outputs_lock);
  if (mux != NULL && !sc_flv_mux_drain (mux, FLV_DRAIN_TIMEOUT_MS))
    g_debug ("the FLV muxer did not drain in time");
}

static GstFlowReturn
video_sample_cb (GstAppSink *sink,
                 gpointer    user_data)
{
  ScPipeline *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer;
  GstClockTime pts;
  GstClockTime frame = GST_SECOND / MAX (1, self->encoding.fps);

  if (sample == NULL)
    return GST_FLOW_EOS;
  buffer = gst_sample_get_buffer (sample);
  pts = GST_BUFFER_PTS (buffer);

  /* A live show has one frame per frame interval: a hole in the timestamps
   * is frames that were dropped before they reached the encoder. */
  if (GST_CLOCK_TIME_IS_VALID (self->last_pts) && GST_CLOCK_TIME_IS_VALID (pts) &&
      pts > self->last_pts + frame + frame / 2)
    {
      guint64 lost = (pts - self->last_pts + frame / 2) / frame - 1;

      __atomic_add_fetch (&self->drops, lost, __ATOMIC_RELAXED);
      g_debug ("%" G_GUINT64_FORMAT " frames lost before %" GST_TIME_FORMAT, lost,
               GST_TIME_ARGS (pts));
    }
  if (GST_CLOCK_TIME_IS_VALID (pts))
    self->last_pts = pts;
  __atomic_add_fetch (&self->frames, 1, __ATOMIC_RELAXED);
  /* Late against the pipeline's own clock. */
  if (is_behind (GST_ELEMENT (sink), gst_sample_get_segment (sample), pts, LATE_FRAME_NS))
    __atomic_add_fetch (&self->late, 1, __ATOMIC_RELAXED);

  push_to_outputs (self, sample, TRUE);
  return GST_FLOW_OK;
}

static GstFlowReturn
audio_sample_cb (GstAppSink *sink,
                 gpointer    user_data)
{
  ScPipeline *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);

  if (sample == NULL)
    return GST_FLOW_EOS;
  push_to_outputs (self, sample, FALSE);
  return GST_FLOW_OK;
}

static void check_stopped (ScPipeline *self);
static void run_on_main (ScPipeline *self, GSourceFunc func, gpointer data,
                         GDestroyNotify destroy);
static void emit_audio_level (ScPipeline *self, const GstStructure *s);

static void
finish_outputs (ScPipeline *self)
{
  g_autoptr(GPtrArray) outputs = NULL;

  drain_flv_mux (self);

  g_mutex_lock (&self->outputs_lock);
  outputs = g_ptr_array_copy (self->outputs, (GCopyFunc)(void (*)(void))g_object_ref, NULL);
  g_ptr_array_set_free_func (outputs, g_object_unref);
  g_mutex_unlock (&self->outputs_lock);

  for (guint i = 0; i < outputs->len; i++)
    sc_output_finish (g_ptr_array_index (outputs, i));
}

static gboolean
stream_eos_cb (gpointer data)
{
  ScPipeline *self = data;

  if (self->video_eos && self->audio_eos && self->state == SC_PIPELINE_STATE_STOPPING)
    {
      finish_outputs (self);
      check_stopped (self);
    }
  return G_SOURCE_REMOVE;
}

static void
video_eos_cb (GstAppSink *sink,
              gpointer    user_data)
{
  ScPipeline *self = user_data;

  self->video_eos = TRUE;
  run_on_main (self, stream_eos_cb, g_object_ref (self), g_object_unref);
}

static void
audio_eos_cb (GstAppSink *sink,
              gpointer    user_data)
{
  ScPipeline *self = user_data;

  self->audio_eos = TRUE;
  run_on_main (self, stream_eos_cb, g_object_ref (self), g_object_unref);
}

typedef struct {
  ScPipeline *self;
  GBytes     *pixels;
  int         width;
  int         height;
  int         stride;
} PreviewFrame;

static gboolean
emit_preview_cb (gpointer data)
{
  PreviewFrame *frame = data;

  g_atomic_int_set (&frame->self->preview_pending, 0);
  frame->self->preview_frames++;
  g_signal_emit (frame->self, signals[PREVIEW_FRAME], 0, frame->pixels,
                 frame->width, frame->height, frame->stride);
  return G_SOURCE_REMOVE;
}

static void
preview_frame_free (gpointer data)
{
  PreviewFrame *frame = data;

  g_object_unref (frame->self);
  g_bytes_unref (frame->pixels);
  g_free (frame);
}

typedef struct {
  GstBuffer  *buffer;
  GstMapInfo  map;
} MappedBuffer;

static void
mapped_buffer_free (gpointer data)
{
  MappedBuffer *mapped = data;

  gst_buffer_unmap (mapped->buffer, &mapped->map);
  gst_buffer_unref (mapped->buffer);
  g_free (mapped);
}

static GstFlowReturn
preview_sample_cb (GstAppSink *sink,
                   gpointer    user_data)
{
  ScPipeline *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  MappedBuffer *mapped;
  PreviewFrame *frame;
  GstVideoInfo info;

  if (sample == NULL)
    return GST_FLOW_EOS;
  /* A main loop that is busy gets the newest frame, not a backlog. */
  if (!g_atomic_int_compare_and_exchange (&self->preview_pending, 0, 1))
    return GST_FLOW_OK;
  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample)))
    return GST_FLOW_OK;

  mapped = g_new0 (MappedBuffer, 1);
  mapped->buffer = gst_buffer_ref (gst_sample_get_buffer (sample));
  if (!gst_buffer_map (mapped->buffer, &mapped->map, GST_MAP_READ))
    {
      gst_buffer_unref (mapped->buffer);
      g_free (mapped);
      g_atomic_int_set (&self->preview_pending, 0);
      return GST_FLOW_OK;
    }
  frame = g_new0 (PreviewFrame, 1);
  frame->self = g_object_ref (self);
  frame->width = GST_VIDEO_INFO_WIDTH (&info);
  frame->height = GST_VIDEO_INFO_HEIGHT (&info);
  frame->stride = GST_VIDEO_INFO_PLANE_STRIDE (&info, 0);
  frame->pixels = g_bytes_new_with_free_func (mapped->map.data, mapped->map.size,
                                              mapped_buffer_free, mapped);
  run_on_main (self, emit_preview_cb, frame, preview_frame_free);
  return GST_FLOW_OK;
}

/* A paused preview drops frames before they are scaled and converted, so a
 * hidden window costs nothing. A shown one gets at most PREVIEW_MAX_FPS
 * frames a second (of a 30 fps canvas, five frames in six): each costs a
 * scale, a conversion and a copy to the screen, and a preview the host
 * glances at does not need every frame the encoder gets. */
static GstPadProbeReturn
preview_gate_cb (GstPad          *pad,
                 GstPadProbeInfo *info,
                 gpointer         user_data)
{
  ScPipeline *self = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstClockTime pts = buffer != NULL ? GST_BUFFER_PTS (buffer) : GST_CLOCK_TIME_NONE;
  const GstClockTime interval = GST_SECOND / PREVIEW_MAX_FPS;

  if (g_atomic_int_get (&self->preview_paused))
    return GST_PAD_PROBE_DROP;
  __atomic_add_fetch (&self->preview_offered, 1, __ATOMIC_RELAXED);
  if (!GST_CLOCK_TIME_IS_VALID (pts))
    return GST_PAD_PROBE_OK;
  /* The first frame, or a jump either way (a new segment, a stall): start
   * counting from this frame. */
  if (!GST_CLOCK_TIME_IS_VALID (self->preview_next_pts)
      || pts > self->preview_next_pts + 2 * interval
      || pts + GST_SECOND < self->preview_next_pts)
    {
      self->preview_next_pts = pts + interval;
      return GST_PAD_PROBE_OK;
    }
  /* A couple of milliseconds of slack for timestamps rounded to the frame. */
  if (pts + 2 * GST_MSECOND < self->preview_next_pts)
    return GST_PAD_PROBE_DROP;
  self->preview_next_pts += interval;
  return GST_PAD_PROBE_OK;
}

/* Setting a capsfilter's caps sends a reconfigure event upstream at once; if
 * that happens on the main thread while a frame is between the scaler and the
 * capsfilter, that frame still has the old size, the elements after the
 * scaler cannot convert it, and not-negotiated travels back through the tee
 * and stops the whole pipeline ("Internal data stream error" from the
 * sources). Changing the caps here, in the branch's streaming thread before
 * the next frame enters it, leaves no frame in flight. */
static GstPadProbeReturn
preview_resize_cb (GstPad          *pad,
                   GstPadProbeInfo *info,
                   gpointer         user_data)
{
  ScPipeline *self = user_data;
  GstCaps *caps = g_atomic_pointer_exchange (&self->preview_pending_caps, NULL);

  if (caps != NULL)
    set_caps (self->preview_caps, caps);
  return GST_PAD_PROBE_OK;
}

static void
set_preview_pending_caps (ScPipeline *self,
                          GstCaps    *caps)
{
  GstCaps *old = g_atomic_pointer_exchange (&self->preview_pending_caps, caps);

  if (old != NULL)
    gst_caps_unref (old);
}

static GstCaps *
preview_caps_for_width (ScPipeline *self,
                        int         width)
{
  /* BGRA has no chroma to subsample: any size, the canvas's shape rounded
   * to the nearest pixel, so the window copies the frame as it is. */
  int pw = MIN (width, self->encoding.width);
  int ph = (int)(((gint64)pw * self->encoding.height * 2 + self->encoding.width)
                 / (2 * self->encoding.width));

  return gst_caps_new_simple ("video/x-raw",
                              "format", G_TYPE_STRING, "BGRA",
                              "width", G_TYPE_INT, MAX (pw, 2),
                              "height", G_TYPE_INT, MAX (ph, 2), NULL);
}

/* ---- layout ------------------------------------------------------------ */

static void
apply_layout (ScPipeline *self)
{
  ScLayoutGeometry geometry;

  sc_layout_compute (self->layout, self->encoding.width, self->encoding.height, &geometry);
  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);
      const ScRect *rect;
      gboolean visible;

      if (source->slot < 0 || source->mixer_pad == NULL)
        continue;
      rect = &geometry.slots[source->slot];
      visible = geometry.slot_visible[source->slot] && rect->width > 0 && rect->height > 0;
      /* The pad's properties and the source's size change: the canvas's
       * caps stay as they are, and the source renegotiates between two of
       * its frames, which the compositor fits into the new slot meanwhile,
       * so no frame is lost. A slot smaller than the canvas gets frames of
       * its own size: at 1080p the picture-in-picture's frames are 0.3 MB
       * instead of 3 MB, in every queue and pool between the source and
       * the compositor (12 MB less in all; docs/performance.md). */
      if (visible && source->bin != NULL)
        sc_source_bin_fit (source->bin, rect->width, rect->height);
      g_object_set (source->mixer_pad,
                    "xpos", rect->x, "ypos", rect->y,
                    "width", MAX (rect->width, 2), "height", MAX (rect->height, 2),
                    "zorder", geometry.slot_zorder[source->slot],
                    "alpha", visible ? 1.0 : 0.0,
                    NULL);
    }
}

/* ---- sources ----------------------------------------------------------- */

static GstElement *
fallback_bin (ScPipeline     *self,
              Source         *source,
              const char     *reason,
              GError        **error)
{
  if (sc_source_kind_is_video (source->config->kind))
    return sc_source_bin_new_slate (source->config, &self->encoding, self->translation, reason,
                                    error);
  return sc_source_bin_new_silence (&self->encoding, error);
}

typedef struct {
  ScPipeline *self;
  char       *id;
  char       *kind;
  char       *message;
} SourceFailure;

static void
source_failure_free (gpointer data)
{
  SourceFailure *failure = data;

  g_object_unref (failure->self);
  g_free (failure->id);
  g_free (failure->kind);
  g_free (failure->message);
  g_free (failure);
}

static gboolean
emit_source_failed_cb (gpointer data)
{
  SourceFailure *failure = data;

  g_signal_emit (failure->self, signals[SOURCE_FAILED], 0, failure->id, failure->kind,
                 failure->message);
  return G_SOURCE_REMOVE;
}

/* Runs @func on the pipeline's main context, from whichever thread: an idle
 * source, so it never runs on the calling (worker or streaming) thread. */
static void
run_on_main (ScPipeline     *self,
             GSourceFunc     func,
             gpointer        data,
             GDestroyNotify  destroy)
{
  g_autoptr(GSource) idle = g_idle_source_new ();

  g_source_set_priority (idle, G_PRIORITY_DEFAULT);
  g_source_set_callback (idle, func, data, destroy);
  g_source_attach (idle, self->context);
}

static void
report_source_failed (ScPipeline *self,
                      Source     *source,
                      const char *message)
{
  SourceFailure *failure = g_new0 (SourceFailure, 1);

  source->failed = TRUE;
  failure->self = g_object_ref (self);
  failure->id = g_strdup (source->config->id);
  failure->kind = g_strdup (sc_source_kind_to_string (source->config->kind));
  failure->message = g_strdup (message);
  if (g_thread_self () == self->main_thread)
    {
      emit_source_failed_cb (failure);
      source_failure_free (failure);
    }
  else
    run_on_main (self, emit_source_failed_cb, failure, source_failure_free);
}

static GstPadProbeReturn
delivered_probe_cb (GstPad          *pad,
                    GstPadProbeInfo *info,
                    gpointer         user_data)
{
  Source *source = user_data;

  g_atomic_int_set (&source->delivered, 1);
  return GST_PAD_PROBE_REMOVE;
}

static gboolean
attach_source (ScPipeline  *self,
               Source      *source,
               GError     **error)
{
  g_autoptr(GstPad) src = NULL;
  GstElement *mixer;

  mixer = source->slot >= 0 ? self->compositor : self->audiomixer;
  if (source->mixer_pad == NULL)
    {
      source->mixer_pad = gst_element_request_pad_simple (mixer, "sink_%u");
      if (source->slot >= 0)
        gst_util_set_object_arg (G_OBJECT (source->mixer_pad), "sizing-policy",
                                 "keep-aspect-ratio");
    }
  gst_bin_add (GST_BIN (self->pipeline), source->bin);
  src = gst_element_get_static_pad (source->bin, "src");
  g_atomic_int_set (&source->delivered, 0);
  gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
                     delivered_probe_cb, source, NULL);
  if (gst_pad_link (src, source->mixer_pad) != GST_PAD_LINK_OK)
    {
      g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_SOURCE,
                   _("Could not connect the source “%s”"), source->config->id);
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  ScPipeline *self;
  Source     *source;
  GstElement *old;
  char       *message;
  gint        unlinked;
} Replacement;

static void
replacement_free (gpointer data)
{
  Replacement *r = data;

  g_object_unref (r->self);
  gst_object_unref (r->old);
  g_free (r->message);
  g_free (r);
}

/* A streaming thread of the pipeline: a source that hangs in its state
 * change holds this one, never the main loop. */
static void
teardown_source_async (GstElement *old,
                       gpointer    user_data)
{
  GstObject *parent = gst_object_get_parent (GST_OBJECT (old));

  gst_element_set_state (old, GST_STATE_NULL);
  if (parent != NULL)
    {
      gst_bin_remove (GST_BIN (parent), old);
      gst_object_unref (parent);
    }
}

static gboolean
attach_slate_cb (gpointer data)
{
  Replacement *r = data;
  ScPipeline *self = r->self;
  Source *source = r->source;
  g_autoptr(GError) error = NULL;

  if (self->sources == NULL || self->pipeline == NULL)
    return G_SOURCE_REMOVE;
  source->bin = fallback_bin (self, source, r->message, &error);
  if (source->bin == NULL || !attach_source (self, source, &error))
    g_debug ("no fallback for %s: %s", source->config->id, error->message);
  else
    gst_element_sync_state_with_parent (source->bin);
  report_source_failed (self, source, r->message);
  return G_SOURCE_REMOVE;
}

static GstPadProbeReturn
unlink_idle_cb (GstPad          *pad,
                GstPadProbeInfo *info,
                gpointer         user_data)
{
  Replacement *r = user_data;

  /* IDLE probes may be called more than once; the swap happens once. */
  if (!g_atomic_int_compare_and_exchange (&r->unlinked, 0, 1))
    return GST_PAD_PROBE_REMOVE;
  gst_pad_unlink (pad, r->source->mixer_pad);
  gst_element_set_locked_state (r->old, TRUE);
  gst_element_call_async (r->old, teardown_source_async, NULL, NULL);
  run_on_main (r->self, attach_slate_cb, r, replacement_free);
  return GST_PAD_PROBE_REMOVE;
}

/* A source that breaks while live (a camera unplugged) is swapped for its
 * slate on the same mixer pad, so the layout and the show go on: unlinked
 * when its pad is idle, stopped off the main thread, slate linked after. */
static void
replace_failed_source (ScPipeline *self,
                       Source     *source,
                       const char *message)
{
  g_autoptr(GstPad) src = NULL;
  Replacement *r;

  if (source->bin == NULL)
    return;
  source->failed = TRUE;
  src = gst_element_get_static_pad (source->bin, "src");
  r = g_new0 (Replacement, 1);
  r->self = g_object_ref (self);
  r->source = source;
  /* The pipeline owns the bin; this reference keeps it until the swap is done. */
  r->old = gst_object_ref (g_steal_pointer (&source->bin));
  r->message = g_strdup (message);
  g_object_set_data (G_OBJECT (r->old), RETIRED_KEY, GINT_TO_POINTER (1));
  gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_IDLE, unlink_idle_cb, r, NULL);
}

static Source *
find_source_of (ScPipeline *self,
                GstObject  *object)
{
  for (GstObject *o = object; o != NULL; o = GST_OBJECT_PARENT (o))
    for (guint i = 0; i < self->sources->len; i++)
      {
        Source *source = g_ptr_array_index (self->sources, i);

        if (source->bin != NULL && GST_OBJECT (source->bin) == o)
          return source;
      }
  return NULL;
}

/* ---- bus, stats, stop -------------------------------------------------- */

static gboolean
stop_timeout_cb (gpointer data)
{
  ScPipeline *self = data;

  self->stop_timeout = 0;
  g_debug ("the pipeline did not drain in time; stopping it");
  self->pipeline_eos = TRUE;
  self->outputs_running = 0;
  check_stopped (self);
  return G_SOURCE_REMOVE;
}

static void
check_stopped (ScPipeline *self)
{
  if (self->state != SC_PIPELINE_STATE_STOPPING && self->state != SC_PIPELINE_STATE_FAILED)
    return;
  if (self->outputs_running > 0 || !self->pipeline_eos)
    return;

  g_clear_handle_id (&self->stop_timeout, g_source_remove);
  g_clear_handle_id (&self->stats_source, g_source_remove);
  g_clear_handle_id (&self->bitrate_source, g_source_remove);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  if (self->state == SC_PIPELINE_STATE_STOPPING)
    set_state (self, SC_PIPELINE_STATE_STOPPED);
  sc_blend_release_spare ();
  g_signal_emit (self, signals[STOPPED], 0);
}

static void
fail (ScPipeline *self,
      GError     *error)
{
  if (self->state == SC_PIPELINE_STATE_FAILED || self->state == SC_PIPELINE_STATE_STOPPED)
    return;
  set_state (self, SC_PIPELINE_STATE_FAILED);
  g_signal_emit (self, signals[FAILED], 0, error);
  /* Whatever was recorded so far is finalised so nothing is lost. */
  self->pipeline_eos = TRUE;
  finish_outputs (self);
  if (self->stop_timeout == 0)
    self->stop_timeout = g_timeout_add (STOP_TIMEOUT_MS, stop_timeout_cb, self);
  check_stopped (self);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  ScPipeline *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        Source *source = find_source_of (self, GST_MESSAGE_SRC (message));
        g_autoptr(GError) error = NULL;

        /* A replaced source, unlinked, reports "not linked" as it goes. */
        for (GstObject *o = GST_MESSAGE_SRC (message); o != NULL; o = GST_OBJECT_PARENT (o))
          if (g_object_get_data (G_OBJECT (o), RETIRED_KEY) != NULL)
            return G_SOURCE_CONTINUE;

        error = sc_gst_error_from_message (message, source ? SC_MEDIA_ERROR_SOURCE
                                                           : SC_MEDIA_ERROR_FAILED);
        if (source != NULL && !source->failed)
          replace_failed_source (self, source, error->message);
        else if (source == NULL)
          fail (self, error);
        break;
      }

    case GST_MESSAGE_EOS:
      self->pipeline_eos = TRUE;
      check_stopped (self);
      break;

    case GST_MESSAGE_WARNING:
      {
        g_autoptr(GError) warning = NULL;

        gst_message_parse_warning (message, &warning, NULL);
        g_debug ("%s: %s", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)), warning->message);
        break;
      }

    case GST_MESSAGE_ELEMENT:
      if (gst_message_has_name (message, "level"))
        emit_audio_level (self, gst_message_get_structure (message));
      break;

    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

/* The loudest channel, in dB (-inf silence .. 0 full scale). */
static double
loudest (const GstStructure *s,
         const char         *field)
{
  const GValue *list = gst_structure_get_value (s, field);
  double best = -INFINITY;
  GValueArray *array;

  /* level still posts a GValueArray, deprecated in GLib. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (list == NULL || G_VALUE_TYPE (list) != g_value_array_get_type ())
    return best;
  array = g_value_get_boxed (list);
  for (guint i = 0; i < array->n_values; i++)
    {
      GValue *v = g_value_array_get_nth (array, i);

      if (G_VALUE_HOLDS_DOUBLE (v))
        best = MAX (best, g_value_get_double (v));
    }
  G_GNUC_END_IGNORE_DEPRECATIONS
  return best;
}

/* Below any sound a microphone delivers (24-bit silence is -144 dB). */
#define LEVEL_FLOOR_DB -200.0

static double
audible_db (double db)
{
  return isnan (db) || db < LEVEL_FLOOR_DB ? -INFINITY : db;
}

static void
emit_audio_level (ScPipeline         *self,
                  const GstStructure *s)
{
  /* On digital silence level reports -inf, NaN or a denormal's -350 dB,
   * and not always the same for peak and RMS: a meter gets -inf for all of
   * them, and a peak never below the RMS of the same block. */
  double rms = audible_db (loudest (s, "rms"));
  double peak = MAX (audible_db (loudest (s, "peak")), rms);

  g_signal_emit (self, signals[AUDIO_LEVEL], 0, rms, peak);
}

static gboolean
stats_tick_cb (gpointer data)
{
  ScPipeline *self = data;
  gint64 now = g_get_monotonic_time ();
  guint64 frames = __atomic_load_n (&self->frames, __ATOMIC_RELAXED);

  if (self->tick_time > 0 && now > self->tick_time)
    self->fps = (double)(frames - self->frames_at_tick) * G_USEC_PER_SEC /
                (double)(now - self->tick_time);
  self->frames_at_tick = frames;
  self->tick_time = now;
  return G_SOURCE_CONTINUE;
}

static void
output_finished_cb (ScOutput   *output,
                    ScPipeline *self)
{
  if (g_object_steal_data (G_OBJECT (output), RUNNING_KEY) != NULL && self->outputs_running > 0)
    self->outputs_running--;
  check_stopped (self);
}

static void
output_keyframe_needed_cb (ScOutput   *output,
                           ScPipeline *self)
{
  sc_pipeline_force_keyframe (self);
}

/* ---- dynamic bitrate ---------------------------------------------------- */

static void
set_video_bitrate (ScPipeline *self,
                   guint       kbps,
                   const char *reason,
                   ScOutput   *output)
{
  guint target = (guint)self->encoding.video_bitrate_kbps;

  if (kbps == self->video_kbps || self->video_encoder == NULL)
    return;
  if (g_str_equal (self->video_encoder_name, "x264enc"))
    {
      /* The VBV keeps its size in bits: x264 writes out a smaller buffer's
       * worth of filler at once when it shrinks (one 316 KB frame going from
       * 3500 to 1000 kbps), a burst the slow uplink cannot take. */
      guint vbv_ms = (guint)MIN (10000, (guint64)1000 * target / MAX (1u, kbps));

      g_object_set (self->video_encoder, "bitrate", kbps, "vbv-buf-capacity", MAX (1000u, vbv_ms),
                    NULL);
    }
  else if (g_str_equal (self->video_encoder_name, "openh264enc"))
    g_object_set (self->video_encoder, "bitrate", kbps * 1000, "max-bitrate", kbps * 1000, NULL);
  else
    g_object_set (self->video_encoder, "bitrate", kbps, NULL);

  g_debug ("video bitrate %u -> %u kbps (%s)", self->video_kbps, kbps, reason);
  self->video_kbps = kbps;
  self->bitrate_changes++;
  self->bitrate_changed_at = g_get_monotonic_time ();
  g_signal_emit (self, signals[BITRATE_CHANGED], 0, kbps, reason,
                 output != NULL ? sc_output_get_name (output) : NULL);
}

/* What got through to @output's server per second over the last seconds, in kbps
 * (0 while there is less than a second to go by). */
static guint
sample_throughput (ScPipeline *self,
                   ScOutput   *output,
                   gint64      now)
{
  Throughput *t = g_hash_table_lookup (self->throughput, output);
  guint64 unsent = sc_output_get_unsent_bytes (output);
  guint64 written = sc_output_get_bytes (output);
  /* What got through: written less what still waits in the kernel. */
  guint64 bytes = written > unsent ? written - unsent : 0;
  guint first = 0;

  if (t == NULL)
    g_hash_table_insert (self->throughput, g_object_ref (output), t = g_new0 (Throughput, 1));
  /* A new session counts from zero: start over. */
  if (t->n > 0 && bytes < t->bytes[t->n - 1])
    t->n = 0;
  if (t->n == THROUGHPUT_SAMPLES)
    {
      memmove (t->time, t->time + 1, sizeof t->time[0] * (THROUGHPUT_SAMPLES - 1));
      memmove (t->bytes, t->bytes + 1, sizeof t->bytes[0] * (THROUGHPUT_SAMPLES - 1));
      t->n--;
    }
  t->time[t->n] = now;
  t->bytes[t->n] = bytes;
  t->n++;
  while (first + 1 < t->n && now - t->time[first + 1] >= THROUGHPUT_WINDOW_US)
    first++;
  if (now - t->time[first] < G_USEC_PER_SEC)
    return 0;
  return (guint)((t->bytes[t->n - 1] - t->bytes[first]) * 8 * 1000 /
                 (guint64)(now - t->time[first]));
}

/* Every BITRATE_TICK_MS while playing: a destination with more than
 * CONGESTED_S of stream waiting lowers the video bitrate to 80 % of what its
 * uplink was seen to carry (less the audio); once every destination has
 * drained for RAISE_AFTER_US, it goes up again by a tenth of the show's
 * bitrate per step, at most to what the uplink carried while CEILING_HOLD_US
 * lasts. As OBS's dynamic bitrate does, with a ceiling so it settles. */
static gboolean
bitrate_tick_cb (gpointer data)
{
  ScPipeline *self = data;
  gint64 now = g_get_monotonic_time ();
  guint target = (guint)self->encoding.video_bitrate_kbps;
  guint audio = (guint)self->encoding.audio_bitrate_kbps;
  guint floor_kbps = MAX (100u, target / 10);
  g_autoptr(GPtrArray) outputs = NULL;
  ScOutput *congested = NULL;
  guint congested_kbps = 0;
  guint64 worst_bytes = 0;
  gboolean drained = TRUE;

  g_mutex_lock (&self->outputs_lock);
  outputs = g_ptr_array_copy (self->outputs, (GCopyFunc)(void (*)(void))g_object_ref, NULL);
  g_ptr_array_set_free_func (outputs, g_object_unref);
  g_mutex_unlock (&self->outputs_lock);

  for (guint i = 0; i < outputs->len; i++)
    {
      ScOutput *output = g_ptr_array_index (outputs, i);
      double queued;
      guint kbps;

      if (sc_output_is_recording (output) ||
          sc_output_get_state (output) != SC_OUTPUT_STATE_LIVE)
        {
          g_hash_table_remove (self->throughput, output);
          continue;
        }
      kbps = sample_throughput (self, output, now);
      queued = sc_output_get_queued_time (output);
      if (queued >= DRAINED_S)
        drained = FALSE;
      if (queued >= CONGESTED_S)
        worst_bytes = MAX (worst_bytes, sc_output_get_queued_bytes (output));
      if (queued >= CONGESTED_S && (congested == NULL || kbps < congested_kbps))
        {
          congested = output;
          congested_kbps = kbps;
        }
    }

  if (congested != NULL)
    {
      guint carried, lower;

      self->drained_since = 0;
      /* After a step down the backlog needs time to drain, slowly when the
       * new rate is just under the uplink: step again only while it grows
       * (in bytes: in stream time it grows a while longer, as what was made
       * at the old rate goes out). */
      if (now - self->bitrate_changed_at < LOWER_EVERY_US ||
          (self->queued_at_change > 0 && worst_bytes <= self->queued_at_change))
        return G_SOURCE_CONTINUE;
      /* Without an estimate yet, a tenth down per step. */
      carried = congested_kbps > audio ? congested_kbps - audio : 0;
      lower = carried > 0 ? carried * 8 / 10 / 50 * 50 : self->video_kbps;
      lower = MIN (lower, self->video_kbps - self->video_kbps / 10);
      /* A stalled sink measures next to nothing: at most half per step. */
      lower = MAX (lower, self->video_kbps / 2);
      lower = MAX (lower, floor_kbps);
      if (lower < self->video_kbps)
        {
          /* Congested again soon after trying more: wait longer next time. */
          if (self->ceiling_until > 0 && now >= self->ceiling_until &&
              now < self->ceiling_until + 4 * RAISE_AFTER_US)
            self->ceiling_hold = MIN (CEILING_HOLD_MAX_US, self->ceiling_hold * 2);
          else if (self->ceiling_until == 0 || now >= self->ceiling_until)
            self->ceiling_hold = CEILING_HOLD_US;
          self->ceiling_kbps = MAX (lower, carried * 90 / 100 / 50 * 50);
          self->ceiling_until = now + self->ceiling_hold;
          set_video_bitrate (self, lower, "congestion", congested);
          self->queued_at_change = worst_bytes;
        }
      return G_SOURCE_CONTINUE;
    }
  self->queued_at_change = 0;
  if (!drained)
    {
      self->drained_since = 0;
      return G_SOURCE_CONTINUE;
    }
  if (self->drained_since == 0)
    self->drained_since = now;
  if (self->video_kbps < target && now - self->drained_since >= RAISE_AFTER_US &&
      now - self->bitrate_changed_at >= RAISE_AFTER_US)
    {
      guint higher = MIN (target, self->video_kbps + MAX (1u, target / 10));

      if (now < self->ceiling_until)
        higher = MIN (higher, self->ceiling_kbps);
      if (higher > self->video_kbps)
        set_video_bitrate (self, higher, "recovered", NULL);
    }
  return G_SOURCE_CONTINUE;
}

/* ---- GObject ----------------------------------------------------------- */

static void
sc_pipeline_dispose (GObject *object)
{
  ScPipeline *self = (ScPipeline *)object;

  g_clear_handle_id (&self->bus_watch, g_source_remove);
  g_clear_handle_id (&self->stats_source, g_source_remove);
  g_clear_handle_id (&self->stop_timeout, g_source_remove);
  g_clear_handle_id (&self->bitrate_source, g_source_remove);
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->throughput, g_hash_table_unref);
  self->preview_caps = NULL;  /* owned by the pipeline */
  set_preview_pending_caps (self, NULL);
  g_clear_object (&self->pipeline);

  /* Its thread takes outputs_lock: freed outside it, before the outputs. */
  drain_flv_mux (self);
  g_mutex_lock (&self->outputs_lock);
  if (self->outputs != NULL)
    for (guint i = 0; i < self->outputs->len; i++)
      g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->outputs, i), self);
  g_clear_pointer (&self->outputs, g_ptr_array_unref);
  g_mutex_unlock (&self->outputs_lock);

  g_mutex_lock (&self->overlay_lock);
  g_clear_pointer (&self->blend_pieces, g_ptr_array_unref);
  g_mutex_unlock (&self->overlay_lock);

  G_OBJECT_CLASS (sc_pipeline_parent_class)->dispose (object);
}

static void
sc_pipeline_finalize (GObject *object)
{
  ScPipeline *self = (ScPipeline *)object;

  sc_encoding_config_clear (&self->encoding);
  g_free (self->video_encoder_name);
  g_free (self->audio_encoder_name);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->outputs_lock);
  g_mutex_clear (&self->overlay_lock);
  g_mutex_clear (&self->snapshot_lock);
  g_cond_clear (&self->snapshot_cond);
  g_clear_pointer (&self->snapshot, gst_sample_unref);

  G_OBJECT_CLASS (sc_pipeline_parent_class)->finalize (object);
}

static void
sc_pipeline_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  ScPipeline *self = SC_PIPELINE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, self->muted);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_pipeline_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  ScPipeline *self = SC_PIPELINE (object);

  switch (prop_id)
    {
    case PROP_MUTED:
      sc_pipeline_set_muted (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_pipeline_class_init (ScPipelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_pipeline_dispose;
  object_class->finalize = sc_pipeline_finalize;
  object_class->get_property = sc_pipeline_get_property;
  object_class->set_property = sc_pipeline_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SC_TYPE_PIPELINE_STATE, SC_PIPELINE_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MUTED] =
    g_param_spec_boolean ("muted", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SOURCE_FAILED] =
    g_signal_new ("source-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  signals[BITRATE_CHANGED] =
    g_signal_new ("bitrate-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_UINT, G_TYPE_STRING, G_TYPE_STRING);
  signals[PREVIEW_FRAME] =
    g_signal_new ("preview-frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_BYTES, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT);
  signals[AUDIO_LEVEL] =
    g_signal_new ("audio-level", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[STOPPED] =
    g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sc_pipeline_init (ScPipeline *self)
{
  g_mutex_init (&self->outputs_lock);
  g_mutex_init (&self->overlay_lock);
  g_mutex_init (&self->snapshot_lock);
  g_cond_init (&self->snapshot_cond);
  /* Until the canvas's caps say otherwise (blend_canvas_cb). */
  gst_video_colorimetry_from_string (&self->blend_colorimetry, GST_VIDEO_COLORIMETRY_BT601);
  self->context = g_main_context_ref_thread_default ();
  self->main_thread = g_thread_self ();
  self->sources = g_ptr_array_new_with_free_func (source_free);
  self->outputs = g_ptr_array_new_with_free_func (g_object_unref);
  self->layout = SC_LAYOUT_SOLO;
  self->last_pts = GST_CLOCK_TIME_NONE;
  self->throughput = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
}

ScPipeline *
sc_pipeline_new (const ScEncodingConfig *encoding)
{
  ScPipeline *self;

  g_return_val_if_fail (encoding != NULL, NULL);

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);

  self = g_object_new (SC_TYPE_PIPELINE, NULL);
  self->encoding = *encoding;
  self->encoding.video_encoder = g_strdup (encoding->video_encoder);
  self->encoding.audio_encoder = g_strdup (encoding->audio_encoder);
  self->pipeline = gst_object_ref_sink (gst_pipeline_new ("show"));
  return self;
}

ScPipelineState
sc_pipeline_get_state (ScPipeline *self)
{
  g_return_val_if_fail (SC_IS_PIPELINE (self), SC_PIPELINE_STATE_IDLE);
  return self->state;
}

const char *
sc_pipeline_get_video_encoder (ScPipeline *self)
{
  g_return_val_if_fail (SC_IS_PIPELINE (self), NULL);
  return self->video_encoder_name;
}

const char *
sc_pipeline_get_audio_encoder (ScPipeline *self)
{
  g_return_val_if_fail (SC_IS_PIPELINE (self), NULL);
  return self->audio_encoder_name;
}

void
sc_pipeline_plan_destination (ScPipeline           *self,
                              const ScOutputConfig *config)
{
  ScRateControl rate_control;
  ScH264Profile profile;

  g_return_if_fail (SC_IS_PIPELINE (self));
  g_return_if_fail (config != NULL);

  sc_output_config_get_wishes (config, &rate_control, &profile);
  if (rate_control == SC_RATE_CONTROL_CBR)
    self->wished_rate_control = SC_RATE_CONTROL_CBR;
  if (profile == SC_H264_PROFILE_MAIN ||
      (profile == SC_H264_PROFILE_HIGH && self->wished_profile == SC_H264_PROFILE_AUTO))
    self->wished_profile = profile;
}

ScRateControl
sc_pipeline_get_rate_control (ScPipeline *self)
{
  g_return_val_if_fail (SC_IS_PIPELINE (self), SC_RATE_CONTROL_AUTO);
  return self->rate_control;
}

ScH264Profile
sc_pipeline_get_profile (ScPipeline *self)
{
  g_return_val_if_fail (SC_IS_PIPELINE (self), SC_H264_PROFILE_AUTO);
  return self->profile;
}

void
sc_pipeline_add_source (ScPipeline           *self,
                        const ScSourceConfig *config)
{
  Source *source;

  g_return_if_fail (SC_IS_PIPELINE (self));
  g_return_if_fail (self->state == SC_PIPELINE_STATE_IDLE);

  source = g_new0 (Source, 1);
  source->config = sc_source_config_copy (config);
  source->slot = -1;
  if (sc_source_kind_is_video (config->kind))
    {
      /* Layouts place two video sources: the host and a second one. */
      if (self->n_video_slots >= SC_LAYOUT_N_SLOTS)
        {
          g_debug ("source %s: layouts show two video sources; ignored", config->id);
          source_free (source);
          return;
        }
      source->slot = self->n_video_slots++;
    }
  g_ptr_array_add (self->sources, source);
}

static void
set_stream (ScPipeline   *self,
            ScSourceKind  kind,
            const char   *id,
            int           fd,
            guint32       node,
            const char   *unavailable)
{
  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      if (source->config->kind != kind || g_strcmp0 (source->config->id, id) != 0)
        continue;
      source->config->pipewire_fd = fd;
      source->config->pipewire_node = node;
      g_free (source->config->unavailable);
      source->config->unavailable = fd < 0 ? g_strdup (unavailable) : NULL;
    }
}

void
sc_pipeline_set_screen_stream (ScPipeline *self,
                               const char *id,
                               int         fd,
                               guint32     node,
                               const char *unavailable)
{
  g_return_if_fail (SC_IS_PIPELINE (self));
  g_return_if_fail (self->state == SC_PIPELINE_STATE_IDLE);

  set_stream (self, SC_SOURCE_SCREEN, id, fd, node, unavailable);
}

void
sc_pipeline_set_camera_stream (ScPipeline *self,
                               const char *id,
                               int         fd,
                               guint32     node,
                               const char *unavailable)
{
  g_return_if_fail (SC_IS_PIPELINE (self));
  g_return_if_fail (self->state == SC_PIPELINE_STATE_IDLE);

  set_stream (self, SC_SOURCE_CAMERA, id, fd, node, unavailable);
}

/* A failure that waits for the pipeline to play: a SourceFailure without a
 * kind, tried again. */
static gboolean
retry_fail_source_cb (gpointer data)
{
  SourceFailure *pending = data;

  sc_pipeline_fail_source (pending->self, pending->id, pending->message);
  return G_SOURCE_REMOVE;
}

void
sc_pipeline_fail_source (ScPipeline *self,
                         const char *id,
                         const char *message)
{
  g_return_if_fail (SC_IS_PIPELINE (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (message != NULL);

  if (self->state == SC_PIPELINE_STATE_IDLE)
    {
      for (guint i = 0; i < self->sources->len; i++)
        {
          Source *source = g_ptr_array_index (self->sources, i);

          if (g_strcmp0 (source->config->id, id) != 0)
            continue;
          source->config->pipewire_fd = -1;
          g_free (source->config->unavailable);
          source->config->unavailable = g_strdup (message);
        }
      return;
    }
  /* The sources are being built on a worker thread: once it is done. */
  if (self->state == SC_PIPELINE_STATE_STARTING)
    {
      SourceFailure *pending = g_new0 (SourceFailure, 1);
      g_autoptr(GSource) timeout = g_timeout_source_new (100);

      pending->self = g_object_ref (self);
      pending->id = g_strdup (id);
      pending->message = g_strdup (message);
      g_source_set_callback (timeout, retry_fail_source_cb, pending, source_failure_free);
      g_source_attach (timeout, self->context);
      return;
    }
  if (self->state != SC_PIPELINE_STATE_PLAYING)
    return;
  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      if (g_strcmp0 (source->config->id, id) == 0 && !source->failed && source->bin != NULL)
        replace_failed_source (self, source, message);
    }
}

static void
start_output (ScPipeline *self,
              ScOutput   *output)
{
  if (g_object_get_data (G_OBJECT (output), RUNNING_KEY) == NULL)
    {
      self->outputs_running++;
      g_object_set_data (G_OBJECT (output), RUNNING_KEY, GINT_TO_POINTER (1));
    }
  g_signal_handlers_disconnect_by_data (output, self);
  g_signal_connect (output, "finished", G_CALLBACK (output_finished_cb), self);
  g_signal_connect (output, "keyframe-needed", G_CALLBACK (output_keyframe_needed_cb), self);
  sc_output_start (output);
}

void
sc_pipeline_add_output (ScPipeline *self,
                        ScOutput   *output)
{
  gboolean known;

  g_return_if_fail (SC_IS_PIPELINE (self));
  g_return_if_fail (SC_IS_OUTPUT (output));

  g_mutex_lock (&self->outputs_lock);
  known = g_ptr_array_find (self->outputs, output, NULL);
  if (!known)
    g_ptr_array_add (self->outputs, g_object_ref (output));
  g_mutex_unlock (&self->outputs_lock);
  if (known)
    {
      g_debug ("output %s was already added", sc_output_get_name (output));
      return;
    }

  /* The output's own small pipeline starts beside the running show: the
   * show's pipeline is not touched, so no render frame is lost. */
  if (self->state == SC_PIPELINE_STATE_PLAYING)
    start_output (self, output);
}

void
sc_pipeline_remove_output (ScPipeline *self,
                           ScOutput   *output)
{
  g_autoptr(ScOutput) removed = NULL;
  guint index;

  g_return_if_fail (SC_IS_PIPELINE (self));
  g_return_if_fail (SC_IS_OUTPUT (output));

  g_mutex_lock (&self->outputs_lock);
  if (g_ptr_array_find (self->outputs, output, &index))
    removed = g_ptr_array_steal_index (self->outputs, index);
  g_mutex_unlock (&self->outputs_lock);
  if (removed == NULL)
    return;

  g_signal_handlers_disconnect_by_data (removed, self);
  if (g_object_steal_data (G_OBJECT (removed), RUNNING_KEY) != NULL && self->outputs_running > 0)
    self->outputs_running--;
  if (sc_output_get_state (removed) != SC_OUTPUT_STATE_IDLE)
    sc_output_finish (removed);
  check_stopped (self);
}

void
sc_pipeline_set_muted (ScPipeline *self,
                       gboolean    muted)
{
  g_return_if_fail (SC_IS_PIPELINE (self));

  muted = !!muted;
  if (self->muted == muted)
    return;
  self->muted = muted;
  if (self->mute != NULL)
    g_object_set (self->mute, "mute", muted, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
}

gboolean
sc_pipeline_get_muted (ScPipeline *self)
{
  g_return_val_if_fail (SC_IS_PIPELINE (self), FALSE);
  return self->muted;
}

GPtrArray *
sc_pipeline_get_outputs (ScPipeline *self)
{
  g_return_val_if_fail (SC_IS_PIPELINE (self), NULL);
  return self->outputs;
}

void
sc_pipeline_set_preview_width (ScPipeline *self,
                               int         max_width)
{
  g_return_if_fail (SC_IS_PIPELINE (self));

  /* Without a preview branch (none asked for at start) there is nothing to resize. */
  if (self->state != SC_PIPELINE_STATE_IDLE && self->preview_caps == NULL)
    return;

  g_atomic_int_set (&self->preview_paused, max_width <= 0);
  if (max_width <= 0 || max_width == self->preview_width)
    return;
  self->preview_width = max_width;
  /* Never from here: see preview_resize_cb. The last size asked for wins. */
  if (self->preview_caps != NULL)
    set_preview_pending_caps (self, preview_caps_for_width (self, max_width));
}

int
sc_pipeline_get_preview_width (ScPipeline *self)
{
  g_return_val_if_fail (SC_IS_PIPELINE (self), 0);

  return g_atomic_int_get (&self->preview_paused) ? 0 : self->preview_width;
}

void
sc_pipeline_set_locale (ScPipeline *self,
                        const char *locale)
{
  g_return_if_fail (SC_IS_PIPELINE (self));

  self->translation = locale != NULL ? sc_translation_get (locale) : NULL;
}

void
sc_pipeline_set_layout (ScPipeline   *self,
                        ScLayoutKind  layout)
{
  g_return_if_fail (SC_IS_PIPELINE (self));

  self->layout = layout;
  /* While starting, the worker thread owns the sources; started() applies it. */
  if (self->state == SC_PIPELINE_STATE_STARTING)
    self->layout_pending = TRUE;
  else if (self->compositor != NULL && self->state == SC_PIPELINE_STATE_PLAYING)
    apply_layout (self);
}

void
sc_pipeline_set_overlay (ScPipeline *self,
                         GPtrArray  *regions)
{
  GPtrArray *pieces = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_blend_piece_unref);
  g_autoptr(GPtrArray) old = NULL;
  GstVideoColorimetry colorimetry;

  g_return_if_fail (SC_IS_PIPELINE (self));

  g_mutex_lock (&self->overlay_lock);
  if (self->blend_pieces != NULL)
    old = g_ptr_array_ref (self->blend_pieces);
  colorimetry = self->blend_colorimetry;
  g_mutex_unlock (&self->overlay_lock);

  for (guint i = 0; regions != NULL && i < regions->len; i++)
    {
      ScOverlayRegion *region = g_ptr_array_index (regions, i);
      ScBlendPiece *piece = NULL;

      if (cairo_image_surface_get_width (region->surface) <= 0 ||
          cairo_image_surface_get_height (region->surface) <= 0)
        continue;
      /* The scene never draws into a surface twice: the same surface at the
       * same place is the same piece, so a stock change converts the card
       * alone, not the chat panel and the rest. */
      for (guint j = 0; old != NULL && j < old->len && piece == NULL; j++)
        if (sc_blend_piece_is (g_ptr_array_index (old, j), region->surface, region->x,
                               region->y, &colorimetry))
          piece = sc_blend_piece_ref (g_ptr_array_index (old, j));
      if (piece == NULL)
        piece = sc_blend_piece_new (region->surface, region->x, region->y, &colorimetry);
      g_ptr_array_add (pieces, piece);
    }

  g_mutex_lock (&self->overlay_lock);
  /* The canvas's caps arrived meanwhile: convert for them. */
  if (!gst_video_colorimetry_is_equal (&colorimetry, &self->blend_colorimetry))
    {
      GPtrArray *converted = reconvert_pieces (pieces, &self->blend_colorimetry);

      g_ptr_array_unref (pieces);
      pieces = converted;
    }
  g_clear_pointer (&self->blend_pieces, g_ptr_array_unref);
  self->blend_pieces = pieces;
  self->overlay_updates++;
  g_mutex_unlock (&self->overlay_lock);
}

static gboolean
build_video (ScPipeline  *self,
             GError     **error)
{
  const ScEncodingConfig *enc = &self->encoding;
  GstElement *capsfilter, *tee, *encoder, *profile, *parse, *h264caps, *sink;
  GstElement *preview_queue, *convert, *preview_caps, *preview_sink;
  GstAppSinkCallbacks video_callbacks = { .eos = video_eos_cb, .new_sample = video_sample_cb };
  GstAppSinkCallbacks preview_callbacks = { .new_sample = preview_sample_cb };

  if (!(self->compositor = add_element (self, "compositor", "compositor", error)) ||
      !(capsfilter = add_element (self, "capsfilter", "canvas", error)) ||
      !(tee = add_element (self, "tee", "video-tee", error)) ||
      !(encoder = make_video_encoder (self, error)) ||
      !(profile = add_element (self, "capsfilter", "encoder-profile", error)) ||
      !(parse = add_element (self, "h264parse", NULL, error)) ||
      !(h264caps = add_element (self, "capsfilter", NULL, error)) ||
      !(sink = add_element (self, "appsink", "video-sink", error)))
    return FALSE;

  self->video_encoder = encoder;
  gst_util_set_object_arg (G_OBJECT (self->compositor), "background", "black");
  /* Pinning I420 keeps the compositor and x264 in 8-bit 4:2:0: cheaper, and
   * High 4:4:4 streams are refused by the platforms. */
  set_caps (capsfilter, gst_caps_new_simple ("video/x-raw",
                                             "format", G_TYPE_STRING, "I420",
                                             "width", G_TYPE_INT, enc->width,
                                             "height", G_TYPE_INT, enc->height,
                                             "framerate", GST_TYPE_FRACTION, enc->fps, 1,
                                             "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                                             NULL));
  {
    g_autoptr(GstPad) canvas = gst_element_get_static_pad (capsfilter, "src");

    gst_pad_add_probe (canvas, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                       blend_canvas_cb, self, NULL);
  }
  g_object_set (tee, "allow-not-linked", TRUE, NULL);
  /* The profile the destinations asked for; OpenH264 makes its own
   * (Constrained Baseline, which every platform takes). */
  if (!g_str_equal (self->video_encoder_name, "openh264enc"))
    set_caps (profile, gst_caps_new_simple ("video/x-h264", "profile", G_TYPE_STRING,
                                            sc_h264_profile_to_string (self->profile), NULL));
  g_object_set (parse, "config-interval", -1, NULL);
  set_caps (h264caps, gst_caps_new_simple ("video/x-h264",
                                           "stream-format", G_TYPE_STRING, "avc",
                                           "alignment", G_TYPE_STRING, "au", NULL));
  g_object_set (sink, "sync", FALSE, "async", FALSE, "emit-signals", FALSE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &video_callbacks, self, NULL);

  /* The encoder runs in the compositor's own thread, with no queue between
   * them, as the bare `compositor ! x264enc` pipeline does. A queue there let
   * the compositor run ahead of the encoder, and every frame it ran ahead
   * was one more canvas in the compositor's pool, for good: 2 frames
   * (6 MB at 1080p) in a quiet show, and a 37 MB step the one time a soak's
   * encoder was starved of CPU. Now a starved encoder holds the compositor
   * back instead, and the compositor then catches up, one canvas per frame
   * interval: a stall of up to TOO_LATE_NS costs no frame (the slack the
   * queue's second gave), and beyond it blend_canvas_cb() drops the canvases
   * that are too late, counted as render drops, so that the show stays
   * within a second of real time whatever the encoder's speed. */
  if (!link_chain (error, self->compositor, capsfilter, tee, encoder, profile,
                   parse, h264caps, sink, NULL))
    return FALSE;

  if (self->preview_width <= 0)
    return TRUE;

  if (!(preview_queue = add_element (self, "queue", "preview-queue", error)) ||
      !(convert = add_element (self, "videoconvertscale", "preview-convert", error)) ||
      !(preview_caps = add_element (self, "capsfilter", NULL, error)) ||
      !(preview_sink = add_element (self, "appsink", "preview-sink", error)))
    return FALSE;
  g_object_set (preview_queue, "max-size-buffers", 1, "max-size-time", (guint64)0,
                "max-size-bytes", 0, "leaky", 2, NULL);
  /* Scaled and converted to BGRA in one pass (videoscale ! videoconvert wrote
   * and read a scaled I420 frame in between), and the half-size chroma taken
   * as it is rather than upsampled first: at the preview's size the
   * difference cannot be seen, and the branch costs half as much (1.6 ms
   * against 3.1 ms a 720p frame here). */
  gst_util_set_object_arg (G_OBJECT (convert), "chroma-mode", "none");
  set_caps (preview_caps, preview_caps_for_width (self, self->preview_width));
  self->preview_caps = preview_caps;
  set_preview_pending_caps (self, NULL);
  self->preview_next_pts = GST_CLOCK_TIME_NONE;
  {
    g_autoptr(GstPad) gate = gst_element_get_static_pad (preview_queue, "sink");
    g_autoptr(GstPad) resize = gst_element_get_static_pad (preview_queue, "src");

    gst_pad_add_probe (gate, GST_PAD_PROBE_TYPE_BUFFER, preview_gate_cb, self, NULL);
    gst_pad_add_probe (resize, GST_PAD_PROBE_TYPE_BUFFER, preview_resize_cb, self, NULL);
  }
  g_object_set (preview_sink, "sync", FALSE, "async", FALSE, "max-buffers", 1,
                "drop", TRUE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (preview_sink), &preview_callbacks, self, NULL);
  return link_chain (error, tee, preview_queue, convert, preview_caps, preview_sink, NULL);
}

static gboolean
build_audio (ScPipeline  *self,
             GError     **error)
{
  GstElement *convert, *resample, *capsfilter, *encoder, *parse, *sink, *level;
  GstAppSinkCallbacks callbacks = { .eos = audio_eos_cb, .new_sample = audio_sample_cb };

  if (!(self->audiomixer = add_element (self, "audiomixer", "audiomixer", error)) ||
      !(self->mute = add_element (self, "volume", "mute", error)) ||
      !(level = add_element (self, "level", "level", error)) ||
      !(convert = add_element (self, "audioconvert", NULL, error)) ||
      !(resample = add_element (self, "audioresample", NULL, error)) ||
      !(capsfilter = add_element (self, "capsfilter", NULL, error)) ||
      !(encoder = make_audio_encoder (self, error)) ||
      !(parse = add_element (self, "aacparse", NULL, error)) ||
      !(sink = add_element (self, "appsink", "audio-sink", error)))
    return FALSE;

  set_caps (capsfilter, gst_caps_new_simple ("audio/x-raw",
                                             "rate", G_TYPE_INT, self->encoding.audio_rate,
                                             "channels", G_TYPE_INT, 2, NULL));
  g_object_set (sink, "sync", FALSE, "async", FALSE, "emit-signals", FALSE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);
  /* Muting after the mixer silences every audio source at once, and the
   * meter after it shows what the audience hears. */
  g_object_set (self->mute, "mute", self->muted, NULL);
  g_object_set (level, "interval", (guint64)(100 * GST_MSECOND), "post-messages", TRUE, NULL);
  return link_chain (error, self->audiomixer, self->mute, level, convert, resample, capsfilter,
                     encoder, parse, sink, NULL);
}

static gboolean
is_device (ScSourceKind kind)
{
  return kind == SC_SOURCE_CAMERA || kind == SC_SOURCE_SCREEN || kind == SC_SOURCE_MICROPHONE;
}

static const char *
device_timeout_message (ScSourceKind kind)
{
  switch (kind)
    {
    case SC_SOURCE_CAMERA:
      return _("The camera did not respond in time");
    case SC_SOURCE_SCREEN:
      return _("Screen capture did not respond in time");
    case SC_SOURCE_MICROPHONE:
      return _("The microphone did not respond in time");
    default:
      return _("The source did not respond in time");
    }
}

static DeviceOpen *
device_open_ref (DeviceOpen *d)
{
  g_atomic_int_inc (&d->ref_count);
  return d;
}

static void
device_open_unref (DeviceOpen *d)
{
  if (!g_atomic_int_dec_and_test (&d->ref_count))
    return;
  if (d->bin != NULL)
    {
      gst_element_set_state (d->bin, GST_STATE_NULL);
      gst_object_unref (gst_object_ref_sink (d->bin));
    }
  g_clear_error (&d->error);
  sc_source_config_free (d->config);
  g_mutex_clear (&d->lock);
  g_cond_clear (&d->cond);
  g_free (d);
}

static gpointer
device_open_thread (gpointer data)
{
  DeviceOpen *d = data;
  g_autoptr(GError) error = NULL;
  GstElement *bin = sc_source_bin_new (d->config, &d->encoding, &error);

  /* PipeWire sources block here, in READY to PAUSED, until a node feeds them. */
  if (bin != NULL && gst_element_set_state (bin, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE)
    {
      gst_element_set_state (bin, GST_STATE_NULL);
      gst_object_unref (gst_object_ref_sink (bin));
      bin = NULL;
      g_set_error_literal (&error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_SOURCE,
                           device_timeout_message (d->config->kind));
    }

  g_mutex_lock (&d->lock);
  d->bin = bin;
  d->error = g_steal_pointer (&error);
  d->done = TRUE;
  g_cond_signal (&d->cond);
  g_mutex_unlock (&d->lock);
  device_open_unref (d);
  return NULL;
}

/* Opens a device in its own thread and waits for it a few seconds at most;
 * a device stuck in its driver or daemon is left behind with its thread. */
static GstElement *
open_device_guarded (ScPipeline            *self,
                     const ScSourceConfig  *config,
                     GError               **error)
{
  DeviceOpen *d = g_new0 (DeviceOpen, 1);
  gint64 deadline = g_get_monotonic_time () + SC_PIPELINE_DEVICE_TIMEOUT_S * G_USEC_PER_SEC;
  GstElement *bin = NULL;

  d->ref_count = 1;
  g_mutex_init (&d->lock);
  g_cond_init (&d->cond);
  d->config = sc_source_config_copy (config);
  d->encoding = self->encoding;
  d->encoding.video_encoder = NULL;
  d->encoding.audio_encoder = NULL;
  g_thread_unref (g_thread_new ("sc-device-open", device_open_thread, device_open_ref (d)));

  g_mutex_lock (&d->lock);
  while (!d->done)
    if (!g_cond_wait_until (&d->cond, &d->lock, deadline))
      break;
  if (d->done)
    {
      bin = g_steal_pointer (&d->bin);
      if (bin == NULL)
        g_propagate_error (error, g_steal_pointer (&d->error));
    }
  else
    {
      g_set_error_literal (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_TIMEOUT,
                           device_timeout_message (config->kind));
    }
  g_mutex_unlock (&d->lock);
  device_open_unref (d);
  return bin;
}

static gboolean
build_sources (ScPipeline  *self,
               gboolean     guarded,
               GError     **error)
{
  gboolean have_audio = FALSE;

  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);
      g_autoptr(GError) source_error = NULL;

      if (guarded && is_device (source->config->kind))
        {
          source->bin = open_device_guarded (self, source->config, &source_error);
          /* The pipeline's way up from NULL would take it down and up again. */
          source->opened = source->bin != NULL;
          if (source->opened)
            gst_element_set_locked_state (source->bin, TRUE);
        }
      else
        source->bin = sc_source_bin_new (source->config, &self->encoding, &source_error);
      if (source->bin == NULL)
        {
          if (g_error_matches (source_error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_MISSING_PLUGIN) &&
              source->config->kind == SC_SOURCE_TEST_PATTERN)
            {
              g_propagate_error (error, g_steal_pointer (&source_error));
              return FALSE;
            }
          source->bin = fallback_bin (self, source, source_error->message, error);
          if (source->bin == NULL)
            return FALSE;
          report_source_failed (self, source, source_error->message);
        }
      if (!attach_source (self, source, error))
        return FALSE;
      have_audio |= source->slot < 0;
    }

  /* Platforms expect an audio track even when the show has no microphone. */
  if (!have_audio)
    {
      Source *silence = g_new0 (Source, 1);

      silence->config = sc_source_config_new ("silence", SC_SOURCE_TEST_TONE);
      silence->slot = -1;
      silence->bin = sc_source_bin_new_silence (&self->encoding, error);
      if (silence->bin == NULL)
        {
          source_free (silence);
          return FALSE;
        }
      g_ptr_array_add (self->sources, silence);
      if (!attach_source (self, silence, error))
        return FALSE;
    }
  if (self->n_video_slots == 0)
    {
      g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_INVALID,
                   _("The show has no video source"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_canvas (ScPipeline  *self,
              GError     **error)
{
  if (self->encoding.width < 16 || self->encoding.height < 16 ||
      self->encoding.width % 2 != 0 || self->encoding.height % 2 != 0 ||
      self->encoding.fps < 1)
    {
      g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_INVALID,
                   _("Invalid canvas %d×%d at %d fps"), self->encoding.width,
                   self->encoding.height, self->encoding.fps);
      return FALSE;
    }
  return TRUE;
}

/* Building and PLAYING: the part that may touch devices. */
static gboolean
build_and_play (ScPipeline  *self,
                gboolean     guarded,
                GError     **error)
{
  if (!build_video (self, error) || !build_audio (self, error) ||
      !build_sources (self, guarded, error))
    return FALSE;
  apply_layout (self);

  /* Live sources: PLAYING returns at once (no preroll). */
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_FAILED,
                   _("The show’s pipeline could not start"));
      return FALSE;
    }
  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      if (source->opened)
        {
          gst_element_set_locked_state (source->bin, FALSE);
          gst_element_sync_state_with_parent (source->bin);
        }
    }
  return TRUE;
}

static void
start_failed (ScPipeline *self)
{
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  gst_element_set_state (self->pipeline, GST_STATE_NULL);
  set_state (self, SC_PIPELINE_STATE_FAILED);
}

/* Main thread, once the pipeline plays. */
static void
started (ScPipeline *self)
{
  if (self->bus_watch == 0)
    {
      g_autoptr(GstBus) bus = gst_element_get_bus (self->pipeline);

      self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
    }
  self->started_at = g_get_monotonic_time ();
  self->tick_time = self->started_at;
  self->stats_source = g_timeout_add (1000, stats_tick_cb, self);
  if (self->encoding.dynamic_bitrate && self->bitrate_adjustable)
    self->bitrate_source = g_timeout_add (BITRATE_TICK_MS, bitrate_tick_cb, self);
  set_state (self, SC_PIPELINE_STATE_PLAYING);
  /* Only when it changed meanwhile: setting pad sizes again costs a frame. */
  if (self->layout_pending)
    apply_layout (self);
  self->layout_pending = FALSE;

  for (guint i = 0; i < self->outputs->len; i++)
    start_output (self, g_ptr_array_index (self->outputs, i));
}

gboolean
sc_pipeline_start (ScPipeline  *self,
                   GError     **error)
{
  g_autoptr(GstBus) bus = NULL;

  g_return_val_if_fail (SC_IS_PIPELINE (self), FALSE);
  g_return_val_if_fail (self->state == SC_PIPELINE_STATE_IDLE, FALSE);

  if (!check_canvas (self, error))
    return FALSE;
  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  if (!build_and_play (self, FALSE, error))
    {
      start_failed (self);
      return FALSE;
    }
  started (self);
  return TRUE;
}

static void
start_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ScPipeline *self = source_object;
  GError *error = NULL;
  gint64 deadline;
  gboolean waiting = TRUE;

  if (!build_and_play (self, TRUE, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* A device may open and then never deliver (a PipeWire camera nobody
   * feeds): it gets its slate, like a device that could not open. */
  deadline = g_get_monotonic_time () + SC_PIPELINE_DEVICE_TIMEOUT_S * G_USEC_PER_SEC;
  while (waiting && g_get_monotonic_time () < deadline &&
         !g_cancellable_is_cancelled (cancellable))
    {
      waiting = FALSE;
      for (guint i = 0; i < self->sources->len; i++)
        {
          Source *source = g_ptr_array_index (self->sources, i);

          if (is_device (source->config->kind) && !source->failed &&
              !g_atomic_int_get (&source->delivered))
            waiting = TRUE;
        }
      if (waiting)
        g_usleep (20 * 1000);
    }
  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      if (is_device (source->config->kind) && !source->failed &&
          !g_atomic_int_get (&source->delivered))
        source->timeout_reason = g_strdup (device_timeout_message (source->config->kind));
    }
  g_task_return_boolean (task, TRUE);
}

static void
start_thread_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ScPipeline *self = SC_PIPELINE (object);
  g_autoptr(GTask) outer = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      g_task_return_error_if_cancelled (outer))
    {
      start_failed (self);
      if (error != NULL)
        g_task_return_error (outer, error);
      return;
    }
  started (self);
  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = g_ptr_array_index (self->sources, i);

      if (source->timeout_reason != NULL)
        replace_failed_source (self, source, source->timeout_reason);
    }
  g_task_return_boolean (outer, TRUE);
  if (self->stop_requested)
    sc_pipeline_stop (self);
}

void
sc_pipeline_start_async (ScPipeline          *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  GError *error = NULL;

  g_return_if_fail (SC_IS_PIPELINE (self));
  g_return_if_fail (self->state == SC_PIPELINE_STATE_IDLE);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, sc_pipeline_start_async);
  if (!check_canvas (self, &error))
    {
      set_state (self, SC_PIPELINE_STATE_FAILED);
      g_task_return_error (outer, error);
      return;
    }
  set_state (self, SC_PIPELINE_STATE_STARTING);
  inner = g_task_new (self, cancellable, start_thread_done, g_steal_pointer (&outer));
  /* Not in GTask's pool: when the window opens a show, the product list's
   * thumbnails fill it, and the start waited 0.2-0.4 s for a thread there
   * in three starts of eight, the first preview with it. */
  sc_task_run_in_new_thread (inner, "sc-start", start_thread);
}

gboolean
sc_pipeline_start_finish (ScPipeline    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (SC_IS_PIPELINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* What gst_element_send_event (pipeline, EOS) does, source by source, but
 * for pipewiresrc: its send_event (PipeWire 0.3.65) takes the EOS and never
 * releases it (LeakSanitizer, test-screencast). Its EOS goes to the element
 * it feeds instead, which is where pipewiresrc would push it; the source then
 * stops on the EOS flow return of its next buffer. */
static void
send_eos_to_source (const GValue *item,
                    gpointer      user_data)
{
  GstElement *element = g_value_get_object (item);
  GstElementFactory *factory;

  if (GST_IS_BIN (element) || !GST_OBJECT_FLAG_IS_SET (element, GST_ELEMENT_FLAG_SOURCE))
    return;
  factory = gst_element_get_factory (element);
  if (factory != NULL && g_str_equal (GST_OBJECT_NAME (factory), "pipewiresrc"))
    {
      g_autoptr(GstPad) src = gst_element_get_static_pad (element, "src");
      g_autoptr(GstPad) peer = src != NULL ? gst_pad_get_peer (src) : NULL;

      if (peer != NULL)
        gst_pad_send_event (peer, gst_event_new_eos ());
      return;
    }
  gst_element_send_event (element, gst_event_new_eos ());
}

static void
send_eos_to_sources (ScPipeline *self)
{
  g_autoptr(GstIterator) it = gst_bin_iterate_recurse (GST_BIN (self->pipeline));

  while (gst_iterator_foreach (it, send_eos_to_source, self) == GST_ITERATOR_RESYNC)
    gst_iterator_resync (it);
}

void
sc_pipeline_stop (ScPipeline *self)
{
  g_return_if_fail (SC_IS_PIPELINE (self));

  if (self->state == SC_PIPELINE_STATE_STARTING)
    {
      /* Devices are being opened in a thread: stop once they are. */
      self->stop_requested = TRUE;
      return;
    }
  if (self->state != SC_PIPELINE_STATE_PLAYING)
    {
      if (self->state == SC_PIPELINE_STATE_IDLE)
        {
          set_state (self, SC_PIPELINE_STATE_STOPPED);
          g_signal_emit (self, signals[STOPPED], 0);
        }
      return;
    }
  set_state (self, SC_PIPELINE_STATE_STOPPING);
  self->stop_timeout = g_timeout_add (STOP_TIMEOUT_MS, stop_timeout_cb, self);
  /* EOS from every source drains the encoders into the outputs, which then
   * finalise their streams and files. */
  send_eos_to_sources (self);
}

void
sc_pipeline_force_keyframe (ScPipeline *self)
{
  g_autoptr(GstPad) pad = NULL;

  g_return_if_fail (SC_IS_PIPELINE (self));

  if (self->video_encoder == NULL)
    return;
  pad = gst_element_get_static_pad (self->video_encoder, "src");
  gst_pad_send_event (pad, gst_video_event_new_upstream_force_key_unit (GST_CLOCK_TIME_NONE,
                                                                         TRUE, 0));
}

void
sc_pipeline_get_stats (ScPipeline      *self,
                       ScPipelineStats *stats)
{
  g_return_if_fail (SC_IS_PIPELINE (self));

  stats->elapsed_s = self->started_at > 0
                     ? (double)(g_get_monotonic_time () - self->started_at) / G_USEC_PER_SEC
                     : 0.0;
  stats->fps = self->fps;
  stats->frames = __atomic_load_n (&self->frames, __ATOMIC_RELAXED);
  stats->render_drops = __atomic_load_n (&self->drops, __ATOMIC_RELAXED);
  stats->late_frames = __atomic_load_n (&self->late, __ATOMIC_RELAXED);
  stats->preview_frames = self->preview_frames;
  stats->preview_offered = __atomic_load_n (&self->preview_offered, __ATOMIC_RELAXED);
  stats->video_bitrate_kbps = self->video_kbps;
  stats->bitrate_changes = self->bitrate_changes;
  stats->video_bitrate_wanted_kbps = (guint)self->encoding.video_bitrate_kbps;
  stats->output_drops = 0;
  g_mutex_lock (&self->outputs_lock);
  for (guint i = 0; i < self->outputs->len; i++)
    stats->output_drops += sc_output_get_dropped_frames (g_ptr_array_index (self->outputs, i));
  g_mutex_unlock (&self->outputs_lock);
  g_mutex_lock (&self->overlay_lock);
  stats->overlay_updates = self->overlay_updates;
  g_mutex_unlock (&self->overlay_lock);
}

gboolean
sc_pipeline_snapshot (ScPipeline  *self,
                      const char  *png_path,
                      GError     **error)
{
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(GstSample) png = NULL;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GError) convert_error = NULL;
  GstMapInfo map;
  gboolean ok;
  gint64 deadline;

  g_return_val_if_fail (SC_IS_PIPELINE (self), FALSE);

  /* The next frame, drawn within a frame's time while the show runs. */
  deadline = g_get_monotonic_time () + SNAPSHOT_WAIT_S * G_TIME_SPAN_SECOND;
  g_mutex_lock (&self->snapshot_lock);
  g_clear_pointer (&self->snapshot, gst_sample_unref);
  if (self->pipeline != NULL)
    {
      g_atomic_int_set (&self->snapshot_wanted, TRUE);
      while (self->snapshot == NULL &&
             g_cond_wait_until (&self->snapshot_cond, &self->snapshot_lock, deadline))
        ;
      g_atomic_int_set (&self->snapshot_wanted, FALSE);
    }
  sample = g_steal_pointer (&self->snapshot);
  g_mutex_unlock (&self->snapshot_lock);
  if (sample == NULL)
    {
      g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_FAILED,
                   _("No frame has been shown yet"));
      return FALSE;
    }
  caps = gst_caps_new_empty_simple ("image/png");
  png = gst_video_convert_sample (sample, caps, 5 * GST_SECOND, &convert_error);
  if (png == NULL)
    {
      g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_FAILED,
                   _("Could not make a PNG of the frame: %s"), convert_error->message);
      return FALSE;
    }
  gst_buffer_map (gst_sample_get_buffer (png), &map, GST_MAP_READ);
  ok = g_file_set_contents (png_path, (const char *)map.data, map.size, error);
  gst_buffer_unmap (gst_sample_get_buffer (png), &map);
  return ok;
}

GstElement *
sc_pipeline_get_gst_pipeline (ScPipeline *self)
{
  g_return_val_if_fail (SC_IS_PIPELINE (self), NULL);
  return self->pipeline;
}
