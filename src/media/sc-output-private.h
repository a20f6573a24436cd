/* sc-output-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

#include "media/sc-output.h"

G_BEGIN_DECLS

/* Any thread: one encoded video or audio sample of the show. Only the
 * pipeline calls this, so GStreamer stays out of the public headers. */
void sc_output_push (ScOutput  *self,
                     GstSample *sample,
                     gboolean   is_video);

/* RTMP destinations take the FLV tags of the show's one FLV muxer
 * (ScFlvMux) instead of the encoded samples: any thread. */
gboolean sc_output_takes_flv (ScOutput  *self);
void     sc_output_push_flv  (ScOutput  *self,
                              GstSample *sample);

G_END_DECLS
