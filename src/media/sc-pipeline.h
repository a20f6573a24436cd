/* sc-pipeline.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "media/sc-media-config.h"
#include "media/sc-output.h"
#include "overlay/sc-layout.h"

G_BEGIN_DECLS

typedef enum {
  SC_PIPELINE_STATE_IDLE,
  SC_PIPELINE_STATE_PLAYING,
  SC_PIPELINE_STATE_STOPPING,
  SC_PIPELINE_STATE_STOPPED,
  SC_PIPELINE_STATE_FAILED,
} ScPipelineState;

typedef struct {
  double  elapsed_s;      /* running time of the show */
  double  fps;            /* frames encoded in the last second */
  guint64 frames;         /* frames encoded since the start */
  guint64 render_drops;   /* frames the live show should have had but lost */
  guint64 overlay_updates;
} ScPipelineStats;

#define SC_TYPE_PIPELINE (sc_pipeline_get_type ())
G_DECLARE_FINAL_TYPE (ScPipeline, sc_pipeline, SC, PIPELINE, GObject)

/* Owns the GstPipeline: sources -> compositor (layout) -> overlay ->
 * encoders (once) -> every ScOutput, plus preview and snapshot branches.
 *
 * Signals (main context):
 *   ::source-failed (const char *id, const char *kind, const char *message)
 *   ::preview-frame (GBytes *pixels, int width, int height, int stride)
 *   ::failed (GError *error)      the show cannot go on
 *   ::stopped ()                  EOS reached every output after _stop()
 * Property "state" (ScPipelineState). */
ScPipeline      *sc_pipeline_new               (const ScEncodingConfig *encoding);
ScPipelineState  sc_pipeline_get_state         (ScPipeline             *self);
const char      *sc_pipeline_get_video_encoder (ScPipeline             *self);
const char      *sc_pipeline_get_audio_encoder (ScPipeline             *self);
/* Before start. A source that cannot start is replaced by a slate (video)
 * or silence (audio) and reported with ::source-failed. */
void             sc_pipeline_add_source        (ScPipeline             *self,
                                                const ScSourceConfig   *config);
/* Before or during the show. */
void             sc_pipeline_add_output        (ScPipeline             *self,
                                                ScOutput               *output);
/* Takes a finished (or never started) output out of the fan-out. */
void             sc_pipeline_remove_output     (ScPipeline             *self,
                                                ScOutput               *output);
GPtrArray       *sc_pipeline_get_outputs       (ScPipeline             *self);
/* The microphone (all show audio) silent in stream and recording. */
void             sc_pipeline_set_muted         (ScPipeline             *self,
                                                gboolean                muted);
gboolean         sc_pipeline_get_muted         (ScPipeline             *self);
void             sc_pipeline_set_preview_width (ScPipeline             *self,
                                                int                     max_width);
void             sc_pipeline_set_layout        (ScPipeline             *self,
                                                ScLayoutKind            layout);
/* Replaces what is drawn over the video with these ScOverlayRegions
 * (an array from sc_overlay_scene_render()); takes effect on the next frame. */
void             sc_pipeline_set_overlay       (ScPipeline             *self,
                                                GPtrArray              *regions);
gboolean         sc_pipeline_start             (ScPipeline             *self,
                                                GError                **error);
void             sc_pipeline_stop              (ScPipeline             *self);
void             sc_pipeline_force_keyframe    (ScPipeline             *self);
void             sc_pipeline_get_stats         (ScPipeline             *self,
                                                ScPipelineStats        *stats);
/* The last composited frame (with overlays) as PNG. */
gboolean         sc_pipeline_snapshot          (ScPipeline             *self,
                                                const char             *png_path,
                                                GError                **error);

G_END_DECLS
