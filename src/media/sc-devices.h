/* sc-devices.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the show settings offer to pick from, as plain strings: no
 * GStreamer types leave media/. */

typedef enum {
  SC_DEVICE_CAMERA,
  SC_DEVICE_MICROPHONE,
} ScDeviceKind;

typedef struct {
  char *id;    /* what a source's "device" takes: /dev/video0, or a sound server name */
  char *name;  /* for people: "Integrated Camera" */
} ScDeviceInfo;

void       sc_device_info_free           (ScDeviceInfo *info);
/* The devices present now (ScDeviceInfo *). Probing can block on the
 * devices or the sound server: call it from a worker thread. In the
 * sandbox the cameras are those of the Camera portal (asking it for access,
 * which the desktop may ask the person about), by PipeWire node name. */
GPtrArray *sc_devices_list               (ScDeviceKind  kind);
/* The H.264 encoders the pipeline can use that are installed, best first
 * (the pipeline's own order), e.g. { "x264enc", "openh264enc", NULL }. */
GStrv      sc_devices_list_video_encoders (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScDeviceInfo, sc_device_info_free)

G_END_DECLS
