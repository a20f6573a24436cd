/* sc-media-error.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SC_MEDIA_ERROR (sc_media_error_quark ())

/* Every error of media/ carries one of these codes and a message in plain,
 * translated words that names no GStreamer element: the window shows it as
 * it is and may pick an icon or an action from the code. */
typedef enum {
  SC_MEDIA_ERROR_MISSING_PLUGIN,      /* a needed part of GStreamer is not installed */
  SC_MEDIA_ERROR_SOURCE,              /* a camera, screen, image or mic failed */
  SC_MEDIA_ERROR_OUTPUT,              /* an output failed for another reason */
  SC_MEDIA_ERROR_ENCODER,             /* no usable encoder, or it failed */
  SC_MEDIA_ERROR_INVALID,             /* bad configuration (size, URL, ...) */
  SC_MEDIA_ERROR_FAILED,              /* anything else the pipeline reported */
  SC_MEDIA_ERROR_CONNECTION_REFUSED,  /* nothing listens at the server's address */
  SC_MEDIA_ERROR_HOST_NOT_FOUND,      /* the server's name does not resolve */
  SC_MEDIA_ERROR_TIMEOUT,             /* connecting or publishing took too long */
  SC_MEDIA_ERROR_CONNECTION_LOST,     /* the connection broke while live */
  SC_MEDIA_ERROR_KEY_REFUSED,         /* the server closed the stream at publish */
  SC_MEDIA_ERROR_DISK_FULL,           /* the recording's disk took no more */
  SC_MEDIA_ERROR_NOT_WRITABLE,        /* the recording's folder cannot be written */
  SC_MEDIA_ERROR_NO_PORTAL,           /* no desktop portal offers screen capture */
  SC_MEDIA_ERROR_PORTAL_TOO_OLD,      /* the ScreenCast portal is older than version 4 */
  SC_MEDIA_ERROR_PORTAL_CANCELLED,    /* the person cancelled the portal's dialog */
  SC_MEDIA_ERROR_PORTAL_FAILED,       /* the portal refused, or answered nonsense */
  SC_MEDIA_ERROR_ACCESS_DENIED,       /* the person did not allow the camera */
  SC_MEDIA_ERROR_NO_CAMERA,           /* the camera portal knows no camera */
} ScMediaError;

GQuark sc_media_error_quark (void);

G_END_DECLS
