/* sc-output.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "media/sc-media-config.h"

G_BEGIN_DECLS

/* Kept opaque so layers above media/ never include GStreamer. */
typedef struct _GstSample GstSample;

typedef enum {
  SC_OUTPUT_STATE_IDLE,          /* not started */
  SC_OUTPUT_STATE_CONNECTING,    /* first connection under way */
  SC_OUTPUT_STATE_LIVE,          /* data is being written */
  SC_OUTPUT_STATE_RECONNECTING,  /* failed; the next attempt is scheduled */
  SC_OUTPUT_STATE_FAILED,        /* gave up after the configured retries */
  SC_OUTPUT_STATE_STOPPED,       /* finished: EOS written, file finalised */
} ScOutputState;

const char *sc_output_state_to_string (ScOutputState state);

#define SC_TYPE_OUTPUT (sc_output_get_type ())
G_DECLARE_FINAL_TYPE (ScOutput, sc_output, SC, OUTPUT, GObject)

/* One destination of the encoded show: an RTMP server or the recording.
 * Each runs its own small GstPipeline fed with the shared encoded stream,
 * so a destination that fails can be torn down and rebuilt without any
 * effect on the encoders, the recording or the other destinations.
 *
 * Properties "state", "attempt" notify on the main context.
 * Signals: ::keyframe-needed () — (re)connected, please force a keyframe;
 *          ::finished () — stopped for good (after sc_output_finish()). */
ScOutput      *sc_output_new_rtmp          (const ScOutputConfig   *config,
                                            const ScEncodingConfig *encoding);
ScOutput      *sc_output_new_recording     (const char             *path,
                                            ScRecordingFormat       format);
const char    *sc_output_get_name          (ScOutput   *self);
/* The destination for logs and events: redacted URL, or the file path. */
const char    *sc_output_get_display_url   (ScOutput   *self);
gboolean       sc_output_is_recording      (ScOutput   *self);
ScOutputState  sc_output_get_state         (ScOutput   *self);
/* Failed attempts in a row (0 while live). */
guint          sc_output_get_attempt       (ScOutput   *self);
/* Seconds until the next attempt, or -1 when none is scheduled. */
double         sc_output_get_next_retry    (ScOutput   *self);
/* The last failure, redacted, or NULL. */
const char    *sc_output_get_last_error    (ScOutput   *self);
guint64        sc_output_get_bytes         (ScOutput   *self);
guint64        sc_output_get_dropped_frames (ScOutput  *self);
guint          sc_output_get_reconnects    (ScOutput   *self);

void           sc_output_start             (ScOutput   *self);
/* Any thread: one encoded video or audio sample of the show. */
void           sc_output_push              (ScOutput   *self,
                                            GstSample  *sample,
                                            gboolean    is_video);
/* Ends the stream cleanly (EOS, file finalised); ::finished follows. */
void           sc_output_finish            (ScOutput   *self);
/* Skips the wait before the next reconnection attempt. */
void           sc_output_reconnect_now     (ScOutput   *self);

G_END_DECLS
