/* sc-source-bin.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

#include "base/sc-translation.h"

#include "media/sc-media-config.h"

G_BEGIN_DECLS

/* A bin with one always "src" pad: video sources give I420 at most the
 * canvas size, audio sources give raw audio at the show's rate. Devices are
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

G_END_DECLS
