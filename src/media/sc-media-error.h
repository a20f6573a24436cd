/* sc-media-error.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SC_MEDIA_ERROR (sc_media_error_quark ())

typedef enum {
  SC_MEDIA_ERROR_MISSING_PLUGIN,  /* a GStreamer element is not installed */
  SC_MEDIA_ERROR_SOURCE,          /* a camera, screen, image or mic failed */
  SC_MEDIA_ERROR_OUTPUT,          /* an RTMP destination or the recording failed */
  SC_MEDIA_ERROR_ENCODER,         /* no usable encoder, or it failed */
  SC_MEDIA_ERROR_INVALID,         /* bad configuration (size, URL, ...) */
  SC_MEDIA_ERROR_FAILED,          /* anything else the pipeline reported */
} ScMediaError;

GQuark sc_media_error_quark (void);

G_END_DECLS
