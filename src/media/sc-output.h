/* sc-output.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "media/sc-media-config.h"

G_BEGIN_DECLS

typedef enum {
  SC_OUTPUT_STATE_IDLE,          /* made, not started (rehearsal) */
  SC_OUTPUT_STATE_CONNECTING,    /* an attempt is under way, not yet accepted */
  SC_OUTPUT_STATE_LIVE,          /* publish accepted and stream bytes written */
  SC_OUTPUT_STATE_RECONNECTING,  /* an attempt failed; the next one is scheduled */
  SC_OUTPUT_STATE_FAILED,        /* gave up (retries spent, key refused, disk) */
  SC_OUTPUT_STATE_STOPPED,       /* finished: EOS written, file finalised */
} ScOutputState;

GType       sc_output_state_get_type  (void) G_GNUC_CONST;
#define SC_TYPE_OUTPUT_STATE (sc_output_state_get_type ())
/* The nick: "idle", "connecting", ... as in the event log. */
const char *sc_output_state_to_string (ScOutputState state);

/* A server that refuses the stream key this many times in a row fails the
 * output: retrying a wrong key forever only hides the problem. */
#define SC_OUTPUT_KEY_REFUSED_LIMIT 3

#define SC_TYPE_OUTPUT (sc_output_get_type ())
G_DECLARE_FINAL_TYPE (ScOutput, sc_output, SC, OUTPUT, GObject)

/* One destination of the encoded show: an RTMP server or the recording.
 * Each runs its own small pipeline fed with the shared encoded stream, so a
 * destination that fails can be torn down and rebuilt without any effect on
 * the encoders, the recording or the other destinations.
 *
 * Properties (notify on the main context): "state" (ScOutputState),
 * "attempt", "next-retry-at", "path".
 * Signals: ::keyframe-needed () — a new connection waits for a keyframe;
 *          ::failed (GError *error) — entered FAILED, with the reason;
 *          ::finished () — stopped (after sc_output_finish()). */
ScOutput      *sc_output_new_rtmp          (const ScOutputConfig   *config,
                                            const ScEncodingConfig *encoding);
/* MPEG-TS over SRT (caller) to an srt://host:port?streamid=…&latency=… URL;
 * config->key, when set, is the passphrase. The same states, reconnects and
 * backoff as RTMP; live once the handshake completed, stream bytes went out
 * and the receiver acknowledged them. */
ScOutput      *sc_output_new_srt           (const ScOutputConfig   *config,
                                            const ScEncodingConfig *encoding);
/* RTMP or SRT, by the scheme of config->url. */
ScOutput      *sc_output_new_destination   (const ScOutputConfig   *config,
                                            const ScEncodingConfig *encoding);
/* @path is the wanted file: a session never overwrites, it writes
 * "name (2).mkv", "name (3).mkv", ... when the name is taken. */
ScOutput      *sc_output_new_recording     (const char             *path,
                                            ScRecordingFormat       format);
const char    *sc_output_get_name          (ScOutput   *self);
/* The destination for logs and events: redacted URL, or the file actually
 * written (see sc_output_get_path()). */
const char    *sc_output_get_display_url   (ScOutput   *self);
gboolean       sc_output_is_recording      (ScOutput   *self);
/* Recording: the file of the current or last session (the wanted path
 * before the first start); NULL for RTMP and SRT. */
const char    *sc_output_get_path          (ScOutput   *self);
ScOutputState  sc_output_get_state         (ScOutput   *self);
/* Failed attempts since the output was last live (0 while live). */
guint          sc_output_get_attempt       (ScOutput   *self);
/* Seconds until the next attempt, or -1 when none is scheduled. */
double         sc_output_get_next_retry    (ScOutput   *self);
/* The g_get_monotonic_time() of the next attempt, 0 when none is
 * scheduled; a UI counts down to it ("next-retry-at" notifies). */
gint64         sc_output_get_next_retry_at (ScOutput   *self);
/* The last failure's plain message, or NULL. */
const char    *sc_output_get_last_error    (ScOutput   *self);
/* The last failure (SC_MEDIA_ERROR, typed code), or NULL. */
const GError  *sc_output_get_error         (ScOutput   *self);
/* Counters of the current session. */
guint64        sc_output_get_bytes         (ScOutput   *self);
guint64        sc_output_get_dropped_frames (ScOutput  *self);
guint          sc_output_get_reconnects    (ScOutput   *self);
/* Seconds of stream (its own timestamps) handed to this output and not yet
 * through: waiting for the sink, or written and waiting in the kernel for
 * the server's acknowledgement (Linux). Grows while a server or the uplink
 * cannot keep up. */
double         sc_output_get_queued_time   (ScOutput   *self);
/* The same in bytes: waiting for the muxer and sink, and in the kernel. */
guint64        sc_output_get_queued_bytes  (ScOutput   *self);
/* RTMP while live, on Linux: bytes written to the connection that the
 * kernel has not got acknowledged yet (SIOCOUTQ); 0 when unknown. */
guint64        sc_output_get_unsent_bytes  (ScOutput   *self);

/* From IDLE or STOPPED: starts a new session (new connection, new file).
 * While a finish is still draining, the new session starts right after it
 * (the old session then emits no ::finished). */
void           sc_output_start             (ScOutput   *self);
/* Ends the session cleanly (EOS, file finalised); ::finished follows. */
void           sc_output_finish            (ScOutput   *self);
/* Skips the wait before the next attempt, or revives a FAILED output. */
void           sc_output_reconnect_now     (ScOutput   *self);
/* RTMP or SRT: the address and stream key (passphrase) of @config for the
 * next attempt (the host copied a new key after the server refused the old
 * one). FALSE, and nothing changes, while an attempt is connecting or live,
 * or when @config would turn an RTMP output into an SRT one or back. */
gboolean       sc_output_update_config     (ScOutput             *self,
                                            const ScOutputConfig *config);

G_END_DECLS
