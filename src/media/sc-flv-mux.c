/* sc-flv-mux.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-flv-mux"

#include "config.h"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <string.h>

#include "sc-flv-mux.h"
#include "sc-gst-util.h"

/* The muxer only ever waits for the other stream's next sample; this bound
 * is for a stream that stopped altogether (about 20 s of a 3.5 Mbit/s show). */
#define MAX_WAITING_BYTES (8 * 1024 * 1024)
#define FLV_TAG_HEADER_SIZE 11

struct _ScFlvMux
{
  GstElement   *pipeline;
  GstAppSrc    *video;
  GstAppSrc    *audio;
  ScFlvMuxFunc  func;
  gpointer      user_data;

  GMutex        lock;
  GCond         cond;
  gboolean      eos;
  gint          failed;     /* atomic: read for every sample */
};

static GstFlowReturn
new_sample_cb (GstAppSink *sink,
               gpointer    user_data)
{
  ScFlvMux *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);

  if (sample == NULL)
    return GST_FLOW_EOS;
  self->func (sample, self->user_data);
  return GST_FLOW_OK;
}

static void
eos_cb (GstAppSink *sink,
        gpointer    user_data)
{
  ScFlvMux *self = user_data;

  g_mutex_lock (&self->lock);
  self->eos = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

/* Any thread: a muxer error means the encoders' output is not what they
 * announced; the caller makes a new muxer. */
static GstBusSyncReply
bus_sync_cb (GstBus     *bus,
             GstMessage *message,
             gpointer    user_data)
{
  ScFlvMux *self = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *debug = NULL;

      gst_message_parse_error (message, &error, &debug);
      g_warning ("The FLV muxer of the RTMP destinations failed: %s (%s)",
                 error->message, debug ? debug : "");
      g_mutex_lock (&self->lock);
      g_atomic_int_set (&self->failed, TRUE);
      g_cond_broadcast (&self->cond);
      g_mutex_unlock (&self->lock);
    }
  /* Nobody reads this bus: a sync handler that drops a message owns it. */
  gst_message_unref (message);
  return GST_BUS_DROP;
}

static GstAppSrc *
make_src (const char  *name,
          GError     **error)
{
  GstElement *src = sc_gst_make_appsrc (name, MAX_WAITING_BYTES, error);

  if (src == NULL)
    return NULL;
  /* GStreamer 1.20+: past the bound, the oldest samples go. */
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (src), "leaky-type") != NULL)
    gst_util_set_object_arg (G_OBJECT (src), "leaky-type", "downstream");
  return GST_APP_SRC (src);
}

ScFlvMux *
sc_flv_mux_new (ScFlvMuxFunc   func,
                gpointer       user_data,
                GError       **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstAppSinkCallbacks callbacks = { .eos = eos_cb, .new_sample = new_sample_cb };
  GstAppSrc *video, *audio;
  GstElement *mux, *sink;
  ScFlvMux *self;

  g_return_val_if_fail (func != NULL, NULL);

  pipeline = gst_object_ref_sink (gst_pipeline_new ("flv-mux"));
  video = make_src ("flv-video", error);
  audio = video ? make_src ("flv-audio", error) : NULL;
  mux = audio ? sc_gst_make ("flvmux", NULL, error) : NULL;
  sink = mux ? sc_gst_make ("appsink", NULL, error) : NULL;
  /* Added one by one, so the pipeline frees whatever was made. */
  if (video != NULL)
    gst_bin_add (GST_BIN (pipeline), GST_ELEMENT (video));
  if (audio != NULL)
    gst_bin_add (GST_BIN (pipeline), GST_ELEMENT (audio));
  if (mux != NULL)
    gst_bin_add (GST_BIN (pipeline), mux);
  if (sink == NULL)
    return NULL;
  gst_bin_add (GST_BIN (pipeline), sink);
  /* Streamable: no seek back to write the duration, and the headers (FLV
   * header, metadata, codec configuration) travel in the caps, where each
   * rtmp2sink finds them for each new connection. */
  g_object_set (mux, "streamable", TRUE, NULL);
  /* Paced by the live show already. */
  g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);

  if (!gst_element_link_pads (GST_ELEMENT (video), "src", mux, "video") ||
      !gst_element_link_pads (GST_ELEMENT (audio), "src", mux, "audio") ||
      !gst_element_link (mux, sink))
    {
      g_set_error_literal (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
                           "Could not link the FLV muxer");
      return NULL;
    }

  self = g_new0 (ScFlvMux, 1);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->func = func;
  self->user_data = user_data;
  self->video = GST_APP_SRC (gst_object_ref (video));
  self->audio = GST_APP_SRC (gst_object_ref (audio));
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);
  bus = gst_element_get_bus (pipeline);
  gst_bus_set_sync_handler (bus, bus_sync_cb, self, NULL);
  self->pipeline = g_steal_pointer (&pipeline);

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error_literal (error, GST_CORE_ERROR, GST_CORE_ERROR_STATE_CHANGE,
                           "Could not start the FLV muxer");
      sc_flv_mux_free (self);
      return NULL;
    }
  g_debug ("FLV muxer %p started", (void *)self);
  return self;
}

/* Any thread (the encoders' appsinks). */
void
sc_flv_mux_push (ScFlvMux  *self,
                 GstSample *sample,
                 gboolean   is_video)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstCaps *caps = gst_sample_get_caps (sample);
  const GstSegment *segment = gst_sample_get_segment (sample);
  GstAppSrc *src = is_video ? self->video : self->audio;
  GstBuffer *copy;

  if (buffer == NULL)
    return;
  copy = gst_buffer_copy (buffer);
  GST_BUFFER_PTS (copy) = sc_gst_running_time (segment, GST_BUFFER_PTS (buffer));
  GST_BUFFER_DTS (copy) = sc_gst_running_time (segment, GST_BUFFER_DTS (buffer));
  sc_gst_app_src_push (src, caps, copy);
}

gboolean
sc_flv_mux_failed (ScFlvMux *self)
{
  return g_atomic_int_get (&self->failed);
}

/* Ends both streams and waits until every tag has gone to `func`. */
gboolean
sc_flv_mux_drain (ScFlvMux *self,
                  guint     timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64)timeout_ms * G_TIME_SPAN_MILLISECOND;
  gboolean drained;

  gst_app_src_end_of_stream (self->video);
  gst_app_src_end_of_stream (self->audio);
  g_mutex_lock (&self->lock);
  while (!self->eos && !self->failed)
    if (!g_cond_wait_until (&self->cond, &self->lock, end))
      break;
  drained = self->eos;
  g_mutex_unlock (&self->lock);
  return drained;
}

void
sc_flv_mux_free (ScFlvMux *self)
{
  if (self == NULL)
    return;
  g_debug ("FLV muxer %p freed", (void *)self);
  if (self->pipeline != NULL)
    {
      g_autoptr(GstBus) bus = gst_element_get_bus (self->pipeline);

      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      gst_bus_set_sync_handler (bus, NULL, NULL, NULL);
      gst_object_unref (self->pipeline);
    }
  g_clear_object (&self->video);
  g_clear_object (&self->audio);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self);
}

guint
sc_flv_tag_type (GstBuffer *tag)
{
  guint8 type = 0;

  if (gst_buffer_get_size (tag) < FLV_TAG_HEADER_SIZE ||
      gst_buffer_extract (tag, 0, &type, 1) != 1)
    return 0;
  /* The low five bits; the top ones mark filtered (encrypted) tags. */
  type &= 0x1f;
  return type == 8 || type == 9 || type == 18 ? type : 0;
}

GstBuffer *
sc_flv_tag_retime (GstBuffer *tag,
                   guint32    ms)
{
  GstBuffer *copy = gst_buffer_copy_deep (tag);
  GstMapInfo map;

  if (gst_buffer_map (copy, &map, GST_MAP_WRITE))
    {
      if (map.size >= FLV_TAG_HEADER_SIZE)
        {
          /* 24 bits, then the top 8 ("TimestampExtended"). */
          map.data[4] = (ms >> 16) & 0xff;
          map.data[5] = (ms >> 8) & 0xff;
          map.data[6] = ms & 0xff;
          map.data[7] = (ms >> 24) & 0xff;
        }
      gst_buffer_unmap (copy, &map);
    }
  return copy;
}
