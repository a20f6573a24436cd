/* sc-source-bin.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

#include "base/sc-translation.h"

#include "media/sc-media-config.h"

G_BEGIN_DECLS

/* A bin with one always "src" pad: video sources give I420 at most the
 * canvas size (and at most their slot's, sc_source_bin_fit()), audio sources give raw audio at the show's rate. Devices are
 * opened (state READY) here so a missing camera, display or microphone is
 * reported now, as an error, rather than failing the running show. */
GstElement *sc_source_bin_new         (const ScSourceConfig   *config,
                                       const ScEncodingConfig *encoding,
                                       GError                **error);
/* The labelled stand-in for a video source that cannot run, its words in
 * the audience's language (@translation, sc-translation.h; NULL: the
 * program's). */
GstElement *sc_source_bin_new_slate   (const ScSourceConfig   *config,
                                       const ScEncodingConfig *encoding,
                                       ScTranslation          *translation,
                                       const char             *reason,
                                       GError                **error);
/* Silence, for a microphone that cannot run or a show without audio. */
GstElement *sc_source_bin_new_silence (const ScEncodingConfig *encoding,
                                       GError                **error);

/* Makes a video source deliver frames of at most @width × @height, the size
 * of its slot in the layout: scaled (or drawn) in the source's own thread,
 * so the compositor queues and converts frames of that size, not the
 * canvas's. Changing it renegotiates the source between two frames. Returns
 * whether the size changed; FALSE for sources drawn at the canvas size
 * (images, slates) and for audio. */
gboolean    sc_source_bin_fit         (GstElement             *bin,
                                       int                     width,
                                       int                     height);

G_END_DECLS
