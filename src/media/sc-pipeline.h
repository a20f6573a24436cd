/* sc-pipeline.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

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
  SC_PIPELINE_STATE_STARTING,   /* sc_pipeline_start_async() is under way */
} ScPipelineState;

GType       sc_pipeline_state_get_type  (void) G_GNUC_CONST;
#define SC_TYPE_PIPELINE_STATE (sc_pipeline_state_get_type ())
const char *sc_pipeline_state_to_string (ScPipelineState state);

/* How long a device (camera, screen, microphone) may take to give its first
 * frame or sample before its slate or silence takes its place. */
#define SC_PIPELINE_DEVICE_TIMEOUT_S 4

typedef struct {
  double  elapsed_s;      /* running time of the show */
  double  fps;            /* frames encoded in the last second */
  guint64 frames;         /* frames encoded since the start */
  guint64 render_drops;   /* frames the live show should have had but lost */
  guint64 overlay_updates;
  guint64 late_frames;    /* frames encoded more than half a second late */
  guint64 output_drops;   /* frames dropped by all outputs together (each:
                           * sc_output_get_dropped_frames()) */
  guint64 preview_frames; /* frames handed to ::preview-frame since the start
                           * (read on the main thread, where they are emitted) */
  guint64 preview_offered; /* canvas frames that reached the preview branch while
                             shown, before its frame-rate cap (25 fps) */
  guint   video_bitrate_kbps; /* the encoder's video bitrate now (dynamic bitrate) */
  guint   bitrate_changes;    /* times the dynamic bitrate changed it */
  guint   video_bitrate_wanted_kbps; /* the show's video bitrate (encoding) */
} ScPipelineStats;

#define SC_TYPE_PIPELINE (sc_pipeline_get_type ())
G_DECLARE_FINAL_TYPE (ScPipeline, sc_pipeline, SC, PIPELINE, GObject)

/* Owns the media pipeline: sources -> compositor (layout) -> overlay ->
 * encoders (once) -> every ScOutput, plus preview and snapshot branches.
 *
 * Signals (main context):
 *   ::source-failed (const char *id, const char *kind, const char *message)
 *   ::preview-frame (GBytes *pixels, int width, int height, int stride)
 *   ::bitrate-changed (guint kbps, const char *reason, const char *output)
 *                                 the dynamic bitrate set the video bitrate to
 *                                 @kbps: reason "congestion" (@output, named,
 *                                 could not keep up) or "recovered" (@output NULL)
 *   ::audio-level (double rms_db, double peak_db)  about 10 times a second,
 *                                 what goes out (silent while muted)
 *   ::failed (GError *error)      the show cannot go on
 *   ::stopped ()                  EOS reached every output after _stop()
 * Properties "state" (ScPipelineState), "muted". */
ScPipeline      *sc_pipeline_new               (const ScEncodingConfig *encoding);
ScPipelineState  sc_pipeline_get_state         (ScPipeline             *self);
const char      *sc_pipeline_get_video_encoder (ScPipeline             *self);
const char      *sc_pipeline_get_audio_encoder (ScPipeline             *self);
/* Before start: a destination of the show, switched on or not. The one
 * encoder's rate control and profile follow what the destinations ask for
 * (sc_output_config_get_wishes()) where the encoding leaves them AUTO. */
void             sc_pipeline_plan_destination  (ScPipeline             *self,
                                                const ScOutputConfig   *config);
/* Once started: what the encoder was built with (never AUTO). */
ScRateControl    sc_pipeline_get_rate_control  (ScPipeline             *self);
ScH264Profile    sc_pipeline_get_profile       (ScPipeline             *self);
/* Before start. A source that cannot start is replaced by a slate (video)
 * or silence (audio) and reported with ::source-failed. */
void             sc_pipeline_add_source        (ScPipeline             *self,
                                                const ScSourceConfig   *config);
/* Before start, for the screen source @id: read the PipeWire @node through
 * @fd (a portal's remote, borrowed: keep it open for the whole show); or,
 * with @fd -1, a non-NULL @unavailable puts its slate up with that reason
 * and NULL keeps the X11 capture. */
void             sc_pipeline_set_screen_stream (ScPipeline             *self,
                                                const char             *id,
                                                int                     fd,
                                                guint32                 node,
                                                const char             *unavailable);
/* Before start, for the camera source @id in the sandbox: read the PipeWire
 * @node through @fd (the camera portal's remote, borrowed: keep it open for
 * the whole show); or, with @fd -1, a non-NULL @unavailable puts its slate
 * up with that reason and NULL keeps the host's device search. */
void             sc_pipeline_set_camera_stream (ScPipeline             *self,
                                                const char             *id,
                                                int                     fd,
                                                guint32                 node,
                                                const char             *unavailable);
/* The source @id stopped for a reason only the caller knows (the portal
 * closed a screen cast): it gets its slate with @message and is reported with
 * ::source-failed, as if its element had failed. Before start it is set up as
 * unavailable; while starting, once the pipeline plays; after a stop, or for
 * a source already failed, nothing happens. Main thread. */
void             sc_pipeline_fail_source       (ScPipeline             *self,
                                                const char             *id,
                                                const char             *message);
/* Before or during the show; during it the output starts at once (a new
 * session from a keyframe it asks for), and no render frame is lost. */
void             sc_pipeline_add_output        (ScPipeline             *self,
                                                ScOutput               *output);
/* During the show: the output finishes cleanly (file finalised) and gets
 * no more data; sc_pipeline_add_output() enables it again. */
void             sc_pipeline_remove_output     (ScPipeline             *self,
                                                ScOutput               *output);
GPtrArray       *sc_pipeline_get_outputs       (ScPipeline             *self);
/* Preview frames at most @max_width wide. Before start, 0 builds no preview;
 * during the show, 0 pauses it (no frame is scaled or sent) and a width
 * resizes it, when it was built. */
void             sc_pipeline_set_preview_width (ScPipeline             *self,
                                                int                     max_width);
/* The width preview frames are made at, 0 while paused or off. */
int              sc_pipeline_get_preview_width (ScPipeline             *self);
/* The audience's locale (BCP 47): the words of the slates that stand in for
 * failed sources. NULL: the program's. Before the show starts. */
void             sc_pipeline_set_locale        (ScPipeline             *self,
                                                const char             *locale);
void             sc_pipeline_set_layout        (ScPipeline             *self,
                                                ScLayoutKind            layout);
/* Replaces what is drawn over the video with these ScOverlayRegions
 * (an array from sc_overlay_scene_render()); takes effect on the next frame. */
void             sc_pipeline_set_overlay       (ScPipeline             *self,
                                                GPtrArray              *regions);
/* Builds and starts on the calling thread; devices are opened there. */
gboolean         sc_pipeline_start             (ScPipeline             *self,
                                                GError                **error);
/* The same off the calling thread: building, opening devices (each given
 * SC_PIPELINE_DEVICE_TIMEOUT_S to deliver, else its slate) and starting.
 * The callback runs on the thread-default context of the caller. */
void             sc_pipeline_start_async       (ScPipeline             *self,
                                                GCancellable           *cancellable,
                                                GAsyncReadyCallback     callback,
                                                gpointer                user_data);
gboolean         sc_pipeline_start_finish      (ScPipeline             *self,
                                                GAsyncResult           *result,
                                                GError                **error);
/* The microphone (every audio source) silent in the stream and recording. */
void             sc_pipeline_set_muted         (ScPipeline             *self,
                                                gboolean                muted);
gboolean         sc_pipeline_get_muted         (ScPipeline             *self);
void             sc_pipeline_stop              (ScPipeline             *self);
void             sc_pipeline_force_keyframe    (ScPipeline             *self);
void             sc_pipeline_get_stats         (ScPipeline             *self,
                                                ScPipelineStats        *stats);
/* The last composited frame (with overlays) as PNG. */
gboolean         sc_pipeline_snapshot          (ScPipeline             *self,
                                                const char             *png_path,
                                                GError                **error);

G_END_DECLS
