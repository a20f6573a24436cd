/* sc-flv-mux.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* One FLV muxer for every RTMP destination of a show: the encoded video and
 * audio go in once, and each FLV tag comes out to `func` (in the muxer's
 * streaming thread), whose caller hands it to each destination's sender. */
typedef struct _ScFlvMux ScFlvMux;

typedef void (*ScFlvMuxFunc) (GstSample *tag,
                              gpointer   user_data);

ScFlvMux *sc_flv_mux_new    (ScFlvMuxFunc   func,
                             gpointer       user_data,
                             GError       **error);
void      sc_flv_mux_push   (ScFlvMux      *self,
                             GstSample     *sample,
                             gboolean       is_video);
gboolean  sc_flv_mux_failed (ScFlvMux      *self);
gboolean  sc_flv_mux_drain  (ScFlvMux      *self,
                             guint          timeout_ms);
void      sc_flv_mux_free   (ScFlvMux      *self);

/* An FLV tag's kind (8 audio, 9 video, 18 script data), 0 when the buffer
 * is not a tag. */
guint     sc_flv_tag_type   (GstBuffer     *tag);
/* A copy of `tag` whose FLV timestamp is `ms`. */
GstBuffer *sc_flv_tag_retime (GstBuffer    *tag,
                              guint32       ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScFlvMux, sc_flv_mux_free)

G_END_DECLS
