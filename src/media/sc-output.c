/* sc-output.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-output"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/app/gstappsrc.h>
#include <math.h>
#include <string.h>

#include "sc-gst-util.h"
#include "sc-media-error.h"
#include "sc-output.h"

/* How long a clean finish may take before the output is torn down anyway. */
#define FINISH_TIMEOUT_MS 8000

struct _ScOutput
{
  GObject            parent_instance;

  gboolean           recording;
  char              *name;
  char              *display_url;
  char              *full_url;       /* with the stream key: never logged */
  char              *key;
  ScRecordingFormat  format;
  double             retry_initial;
  double             retry_factor;
  double             retry_max_delay;
  int                max_retries;
  guint64            max_queued_bytes;
  GMainContext      *context;

  /* Shared with the streaming threads that push samples. */
  GMutex             lock;
  GstElement        *pipeline;
  GstAppSrc         *video_src;
  GstAppSrc         *audio_src;
  GstClockTime       base;
  gboolean           waiting_keyframe;
  gboolean           finishing;
  guint              generation;

  /* Counters, updated with atomics from any thread. */
  guint64            bytes;
  guint64            dropped_frames;
  guint              buffers_at_sink;

  /* Main thread only. */
  ScOutputState      state;
  guint              attempt;
  guint              reconnects;
  char              *last_error;
  guint              retry_source;
  gint64             retry_at;
  guint              bus_watch;
  guint              finish_timeout;
  gboolean           finish_requested;
};

G_DEFINE_FINAL_TYPE (ScOutput, sc_output, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_ATTEMPT,
  N_PROPS
};

enum {
  KEYFRAME_NEEDED,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *state_names[] = {
  [SC_OUTPUT_STATE_IDLE] = "idle",
  [SC_OUTPUT_STATE_CONNECTING] = "connecting",
  [SC_OUTPUT_STATE_LIVE] = "live",
  [SC_OUTPUT_STATE_RECONNECTING] = "reconnecting",
  [SC_OUTPUT_STATE_FAILED] = "failed",
  [SC_OUTPUT_STATE_STOPPED] = "stopped",
};

const char *
sc_output_state_to_string (ScOutputState state)
{
  g_return_val_if_fail ((guint)state < G_N_ELEMENTS (state_names), NULL);
  return state_names[state];
}

static void build_pipeline (ScOutput *self);

static void
set_state (ScOutput      *self,
           ScOutputState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_attempt (ScOutput *self,
             guint     attempt)
{
  if (self->attempt == attempt)
    return;
  self->attempt = attempt;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPT]);
}

/* The stream key must never reach a log or an event, whatever an element
 * put in its error text. */
static char *
redact (ScOutput   *self,
        const char *text)
{
  const ScRedaction secrets[] = {
    { self->full_url, self->display_url },
    { self->key, "***" },
  };

  return sc_redact_text (text, secrets, G_N_ELEMENTS (secrets));
}

static gpointer
teardown_thread (gpointer data)
{
  GstElement *pipeline = data;

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
  return NULL;
}

/* Stops the current pipeline without waiting: setting a pipeline whose
 * server vanished to NULL can take a while, so it happens in a thread. */
static void
teardown (ScOutput *self)
{
  GstElement *pipeline;

  g_mutex_lock (&self->lock);
  pipeline = g_steal_pointer (&self->pipeline);
  g_clear_object (&self->video_src);
  g_clear_object (&self->audio_src);
  self->generation++;
  g_mutex_unlock (&self->lock);

  g_clear_handle_id (&self->bus_watch, g_source_remove);
  g_clear_handle_id (&self->finish_timeout, g_source_remove);
  if (pipeline != NULL)
    g_thread_unref (g_thread_new ("sc-output-teardown", teardown_thread, pipeline));
}

static void
finish_now (ScOutput *self)
{
  teardown (self);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_at = 0;
  set_state (self, SC_OUTPUT_STATE_STOPPED);
  g_signal_emit (self, signals[FINISHED], 0);
}

static gboolean
retry_cb (gpointer data)
{
  ScOutput *self = data;

  self->retry_source = 0;
  self->retry_at = 0;
  self->reconnects++;
  g_debug ("%s: reconnecting (attempt %u)", self->name, self->attempt + 1);
  build_pipeline (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (ScOutput *self)
{
  double delay;

  set_attempt (self, self->attempt + 1);
  if (self->max_retries >= 0 && self->attempt > (guint)self->max_retries)
    {
      self->retry_at = 0;
      set_state (self, SC_OUTPUT_STATE_FAILED);
      return;
    }
  delay = self->retry_initial * pow (self->retry_factor, (double)self->attempt - 1);
  delay = MIN (delay, self->retry_max_delay);
  self->retry_at = g_get_monotonic_time () + (gint64)(delay * G_USEC_PER_SEC);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_source = g_timeout_add ((guint)(delay * 1000), retry_cb, self);
  set_state (self, SC_OUTPUT_STATE_RECONNECTING);
}

typedef struct {
  ScOutput *self;
  guint     generation;
} LiveData;

static gboolean
mark_live_cb (gpointer data)
{
  LiveData *live = data;
  ScOutput *self = live->self;

  if (live->generation == self->generation && self->pipeline != NULL &&
      self->state == SC_OUTPUT_STATE_CONNECTING)
    {
      set_attempt (self, 0);
      g_clear_pointer (&self->last_error, g_free);
      set_state (self, SC_OUTPUT_STATE_LIVE);
    }
  return G_SOURCE_REMOVE;
}

static void
live_data_free (gpointer data)
{
  LiveData *live = data;

  g_object_unref (live->self);
  g_free (live);
}

/* A buffer arriving at the sink means the previous one was written: the
 * second one proves the connection is up. */
static GstPadProbeReturn
sink_probe_cb (GstPad          *pad,
               GstPadProbeInfo *info,
               gpointer         user_data)
{
  ScOutput *self = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  guint generation = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (pad), "sc-generation"));

  if (buffer == NULL)
    return GST_PAD_PROBE_OK;

  if (g_atomic_int_add (&self->buffers_at_sink, 1) == 1)
    {
      LiveData *live = g_new0 (LiveData, 1);

      live->self = g_object_ref (self);
      live->generation = generation;
      g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, mark_live_cb,
                                  live, live_data_free);
    }
  /* Bytes are counted when the previous write has returned, close enough for kbps. */
  __atomic_add_fetch (&self->bytes, gst_buffer_get_size (buffer), __ATOMIC_RELAXED);
  return GST_PAD_PROBE_OK;
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  ScOutput *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = sc_gst_error_from_message (message, SC_MEDIA_ERROR_OUTPUT);

        g_free (self->last_error);
        self->last_error = redact (self, error->message);
        g_debug ("%s failed: %s", self->name, self->last_error);
        self->bus_watch = 0;
        teardown (self);
        if (self->finish_requested)
          finish_now (self);
        else
          schedule_retry (self);
        return G_SOURCE_REMOVE;
      }

    case GST_MESSAGE_EOS:
      self->bus_watch = 0;
      finish_now (self);
      return G_SOURCE_REMOVE;

    case GST_MESSAGE_WARNING:
      {
        g_autoptr(GError) warning = NULL;
        g_autofree char *text = NULL;

        gst_message_parse_warning (message, &warning, NULL);
        text = redact (self, warning->message);
        g_debug ("%s: %s", self->name, text);
        break;
      }

    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static GstAppSrc *
make_app_src (ScOutput    *self,
              const char  *name,
              GError     **error)
{
  GstElement *src = sc_gst_make ("appsrc", name, error);

  if (src == NULL)
    return NULL;
  /* Our own check in sc_output_push() drops whole GOPs before this hard limit. */
  g_object_set (src,
                "format", GST_FORMAT_TIME,
                "is-live", FALSE,
                "block", FALSE,
                "max-bytes", (guint64)self->max_queued_bytes * 2,
                NULL);
  return GST_APP_SRC (src);
}

static gboolean
link_to_mux (GstElement *src,
             GstElement *mux,
             const char *template_name)
{
  g_autoptr(GstPad) srcpad = gst_element_get_static_pad (src, "src");
  g_autoptr(GstPad) muxpad = gst_element_request_pad_simple (mux, template_name);

  return muxpad != NULL && gst_pad_link (srcpad, muxpad) == GST_PAD_LINK_OK;
}

static void
fail_to_build (ScOutput *self,
               GError   *error)
{
  g_free (self->last_error);
  self->last_error = redact (self, error->message);
  schedule_retry (self);
}

static void
build_pipeline (ScOutput *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstPad) sinkpad = NULL;
  GstAppSrc *video_src;
  GstAppSrc *audio_src;
  GstElement *mux;
  GstElement *sink;
  const char *video_pad = "video_%u";
  const char *audio_pad = "audio_%u";

  g_assert (self->pipeline == NULL);

  pipeline = gst_object_ref_sink (gst_pipeline_new (NULL));
  if (!(video_src = make_app_src (self, "video", &error)) ||
      !(audio_src = make_app_src (self, "audio", &error)))
    {
      if (video_src != NULL)
        gst_object_unref (gst_object_ref_sink (video_src));
      fail_to_build (self, error);
      return;
    }
  gst_bin_add_many (GST_BIN (pipeline), GST_ELEMENT (video_src), GST_ELEMENT (audio_src), NULL);

  if (!self->recording)
    {
      mux = sc_gst_make ("flvmux", NULL, &error);
      sink = mux ? sc_gst_make ("rtmp2sink", NULL, &error) : NULL;
      video_pad = "video";
      audio_pad = "audio";
      if (mux != NULL)
        g_object_set (mux, "streamable", TRUE, NULL);
      if (sink != NULL)
        g_object_set (sink, "location", self->full_url, "async-connect", TRUE, NULL);
    }
  else
    {
      g_autofree char *dir = g_path_get_dirname (self->display_url);

      g_mkdir_with_parents (dir, 0755);
      mux = sc_gst_make (self->format == SC_RECORDING_MP4 ? "mp4mux" : "matroskamux",
                         NULL, &error);
      sink = mux ? sc_gst_make ("filesink", NULL, &error) : NULL;
      /* Fragmented MP4 stays playable if the app dies; Matroska always does. */
      if (mux != NULL && self->format == SC_RECORDING_MP4)
        g_object_set (mux, "fragment-duration", 1000, NULL);
      if (sink != NULL)
        g_object_set (sink, "location", self->display_url, NULL);
    }
  if (mux == NULL || sink == NULL)
    {
      if (mux != NULL)
        gst_object_unref (gst_object_ref_sink (mux));
      fail_to_build (self, error);
      return;
    }
  /* The stream is already paced by the live show; sinks must not wait on a clock. */
  g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
  gst_bin_add_many (GST_BIN (pipeline), mux, sink, NULL);

  if (!link_to_mux (GST_ELEMENT (video_src), mux, video_pad) ||
      !link_to_mux (GST_ELEMENT (audio_src), mux, audio_pad) ||
      !gst_element_link (mux, sink))
    {
      g_set_error (&error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_OUTPUT,
                   _("Could not link the %s output"), GST_ELEMENT_NAME (mux));
      fail_to_build (self, error);
      return;
    }

  g_mutex_lock (&self->lock);
  self->generation++;
  self->pipeline = gst_object_ref (pipeline);
  self->video_src = gst_object_ref (video_src);
  self->audio_src = gst_object_ref (audio_src);
  self->base = GST_CLOCK_TIME_NONE;
  self->waiting_keyframe = TRUE;
  self->finishing = FALSE;
  g_atomic_int_set (&self->buffers_at_sink, 0);
  sinkpad = gst_element_get_static_pad (sink, "sink");
  g_object_set_data (G_OBJECT (sinkpad), "sc-generation", GUINT_TO_POINTER (self->generation));
  g_mutex_unlock (&self->lock);

  gst_pad_add_probe (sinkpad, GST_PAD_PROBE_TYPE_BUFFER, sink_probe_cb, self, NULL);
  bus = gst_element_get_bus (pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);

  set_state (self, SC_OUTPUT_STATE_CONNECTING);
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GError) start_error =
        g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_OUTPUT,
                     _("Could not start the output to %s"), self->display_url);

      g_clear_handle_id (&self->bus_watch, g_source_remove);
      teardown (self);
      fail_to_build (self, start_error);
      return;
    }
  g_signal_emit (self, signals[KEYFRAME_NEEDED], 0);
}

static void
sc_output_dispose (GObject *object)
{
  ScOutput *self = (ScOutput *)object;

  g_clear_handle_id (&self->retry_source, g_source_remove);
  teardown (self);

  G_OBJECT_CLASS (sc_output_parent_class)->dispose (object);
}

static void
sc_output_finalize (GObject *object)
{
  ScOutput *self = (ScOutput *)object;

  g_free (self->name);
  g_free (self->display_url);
  if (self->full_url != NULL)
    memset (self->full_url, 0, strlen (self->full_url));
  g_free (self->full_url);
  if (self->key != NULL)
    memset (self->key, 0, strlen (self->key));
  g_free (self->key);
  g_free (self->last_error);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sc_output_parent_class)->finalize (object);
}

static void
sc_output_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  ScOutput *self = SC_OUTPUT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_ATTEMPT:
      g_value_set_uint (value, self->attempt);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_output_class_init (ScOutputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_output_dispose;
  object_class->finalize = sc_output_finalize;
  object_class->get_property = sc_output_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, SC_OUTPUT_STATE_IDLE, SC_OUTPUT_STATE_STOPPED,
                      SC_OUTPUT_STATE_IDLE,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ATTEMPT] =
    g_param_spec_uint ("attempt", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[KEYFRAME_NEEDED] =
    g_signal_new ("keyframe-needed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sc_output_init (ScOutput *self)
{
  g_mutex_init (&self->lock);
  self->context = g_main_context_ref_thread_default ();
  self->base = GST_CLOCK_TIME_NONE;
  self->retry_initial = 2.0;
  self->retry_factor = 1.5;
  self->retry_max_delay = 60.0;
  self->max_retries = -1;
}

ScOutput *
sc_output_new_rtmp (const ScOutputConfig   *config,
                    const ScEncodingConfig *encoding)
{
  ScOutput *self = g_object_new (SC_TYPE_OUTPUT, NULL);
  guint64 bytes_per_s = (guint64)(encoding->video_bitrate_kbps +
                                  encoding->audio_bitrate_kbps) * 1000 / 8;

  self->name = g_strdup (config->name ? config->name : "RTMP");
  self->full_url = sc_output_config_full_url (config);
  self->display_url = sc_redact_url (self->full_url);
  self->key = g_strdup (config->key);
  self->retry_initial = MAX (0.05, encoding->reconnect_initial_s);
  self->retry_factor = MAX (1.0, encoding->reconnect_factor);
  self->retry_max_delay = MAX (self->retry_initial, encoding->reconnect_max_delay_s);
  self->max_retries = encoding->reconnect_max_retries;
  /* About three seconds of stream may wait for a slow server before we drop. */
  self->max_queued_bytes = MAX (bytes_per_s * 3, 512 * 1024);
  return self;
}

ScOutput *
sc_output_new_recording (const char        *path,
                         ScRecordingFormat  format)
{
  ScOutput *self = g_object_new (SC_TYPE_OUTPUT, NULL);

  self->recording = TRUE;
  self->name = g_strdup (_("Recording"));
  self->display_url = g_strdup (path);
  self->format = format;
  /* A disk is fast: a large margin so nothing of the show is ever lost. */
  self->max_queued_bytes = 256 * 1024 * 1024;
  self->max_retries = 0;
  return self;
}

const char *
sc_output_get_name (ScOutput *self)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), NULL);
  return self->name;
}

const char *
sc_output_get_display_url (ScOutput *self)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), NULL);
  return self->display_url;
}

gboolean
sc_output_is_recording (ScOutput *self)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), FALSE);
  return self->recording;
}

ScOutputState
sc_output_get_state (ScOutput *self)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), SC_OUTPUT_STATE_IDLE);
  return self->state;
}

guint
sc_output_get_attempt (ScOutput *self)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), 0);
  return self->attempt;
}

double
sc_output_get_next_retry (ScOutput *self)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), -1);

  if (self->retry_at == 0)
    return -1;
  return MAX (0.0, (double)(self->retry_at - g_get_monotonic_time ()) / G_USEC_PER_SEC);
}

const char *
sc_output_get_last_error (ScOutput *self)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), NULL);
  return self->last_error;
}

guint64
sc_output_get_bytes (ScOutput *self)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), 0);
  return __atomic_load_n (&self->bytes, __ATOMIC_RELAXED);
}

guint64
sc_output_get_dropped_frames (ScOutput *self)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), 0);
  return __atomic_load_n (&self->dropped_frames, __ATOMIC_RELAXED);
}

guint
sc_output_get_reconnects (ScOutput *self)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), 0);
  return self->reconnects;
}

void
sc_output_start (ScOutput *self)
{
  g_return_if_fail (SC_IS_OUTPUT (self));
  g_return_if_fail (self->state == SC_OUTPUT_STATE_IDLE);

  build_pipeline (self);
}

/* Timestamps in the show's running time: encoders shift their segment (x264enc
 * starts at 1000 hours so DTS can precede PTS), audio does not. */
static GstClockTime
running_time (const GstSegment *segment,
              GstClockTime      ts)
{
  if (!GST_CLOCK_TIME_IS_VALID (ts) || segment == NULL || segment->format != GST_FORMAT_TIME)
    return ts;
  return gst_segment_to_running_time (segment, GST_FORMAT_TIME, ts);
}

void
sc_output_push (ScOutput  *self,
                GstSample *sample,
                gboolean   is_video)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstCaps *caps = gst_sample_get_caps (sample);
  const GstSegment *segment = gst_sample_get_segment (sample);
  g_autoptr(GstAppSrc) src = NULL;
  g_autoptr(GstCaps) current = NULL;
  GstBuffer *copy;
  GstClockTime pts, dts, ts;
  guint64 level;

  if (buffer == NULL)
    return;
  pts = running_time (segment, GST_BUFFER_PTS (buffer));
  dts = running_time (segment, GST_BUFFER_DTS (buffer));
  ts = GST_CLOCK_TIME_IS_VALID (dts) ? dts : pts;

  g_mutex_lock (&self->lock);
  if (self->video_src == NULL || self->finishing)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  level = gst_app_src_get_current_level_bytes (self->video_src) +
          gst_app_src_get_current_level_bytes (self->audio_src);

  if (is_video)
    {
      gboolean keyframe = !GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT);

      /* A destination that cannot keep up loses whole GOPs, never single
       * frames, so what it does send always decodes. */
      if (level > self->max_queued_bytes)
        {
          self->waiting_keyframe = TRUE;
          __atomic_add_fetch (&self->dropped_frames, 1, __ATOMIC_RELAXED);
          g_mutex_unlock (&self->lock);
          return;
        }
      if (self->waiting_keyframe)
        {
          if (!keyframe)
            {
              if (GST_CLOCK_TIME_IS_VALID (self->base))
                __atomic_add_fetch (&self->dropped_frames, 1, __ATOMIC_RELAXED);
              g_mutex_unlock (&self->lock);
              return;
            }
          self->waiting_keyframe = FALSE;
          if (!GST_CLOCK_TIME_IS_VALID (self->base))
            self->base = ts;
        }
      src = gst_object_ref (self->video_src);
    }
  else
    {
      if (!GST_CLOCK_TIME_IS_VALID (self->base) || level > self->max_queued_bytes)
        {
          g_mutex_unlock (&self->lock);
          return;
        }
      src = gst_object_ref (self->audio_src);
    }

  /* Every connection starts its timeline at its first keyframe. */
  if (!GST_CLOCK_TIME_IS_VALID (ts) || ts < self->base)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  copy = gst_buffer_copy (buffer);
  GST_BUFFER_PTS (copy) = GST_CLOCK_TIME_IS_VALID (pts) && pts >= self->base
                          ? pts - self->base : GST_CLOCK_TIME_NONE;
  GST_BUFFER_DTS (copy) = GST_CLOCK_TIME_IS_VALID (dts) ? dts - self->base : GST_CLOCK_TIME_NONE;
  g_mutex_unlock (&self->lock);

  current = gst_app_src_get_caps (src);
  if (caps != NULL && (current == NULL || !gst_caps_is_equal (current, caps)))
    gst_app_src_set_caps (src, caps);
  gst_app_src_push_buffer (src, copy);
}

static gboolean
finish_timeout_cb (gpointer data)
{
  ScOutput *self = data;

  self->finish_timeout = 0;
  g_debug ("%s did not finish in time; stopping it", self->name);
  finish_now (self);
  return G_SOURCE_REMOVE;
}

void
sc_output_finish (ScOutput *self)
{
  g_autoptr(GstAppSrc) video_src = NULL;
  g_autoptr(GstAppSrc) audio_src = NULL;

  g_return_if_fail (SC_IS_OUTPUT (self));

  if (self->finish_requested)
    return;
  self->finish_requested = TRUE;

  g_mutex_lock (&self->lock);
  if (self->video_src != NULL && !self->finishing)
    {
      self->finishing = TRUE;
      video_src = gst_object_ref (self->video_src);
      audio_src = gst_object_ref (self->audio_src);
    }
  g_mutex_unlock (&self->lock);

  if (video_src == NULL)
    {
      finish_now (self);
      return;
    }
  gst_app_src_end_of_stream (video_src);
  gst_app_src_end_of_stream (audio_src);
  self->finish_timeout = g_timeout_add (FINISH_TIMEOUT_MS, finish_timeout_cb, self);
}

void
sc_output_reconnect_now (ScOutput *self)
{
  g_return_if_fail (SC_IS_OUTPUT (self));

  if (self->finish_requested)
    return;
  if (self->state != SC_OUTPUT_STATE_RECONNECTING && self->state != SC_OUTPUT_STATE_FAILED)
    return;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  retry_cb (self);
}
