/* sc-studio.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "chat/sc-chat-feed.h"
#include "chat/sc-chat-message.h"
#include "chat/sc-claim-detector.h"
#include "media/sc-pipeline.h"
#include "shop/sc-inventory-sync.h"
#include "studio/sc-event-log.h"
#include "studio/sc-show.h"

G_BEGIN_DECLS

/* One show's life: IDLE -> STARTING -> REHEARSAL <-> LIVE (-> ENDING ->
 * REHEARSAL) ... -> STOPPING -> STOPPED, or FAILED from anywhere. */
typedef enum {
  SC_STUDIO_STATE_IDLE,       /* built, not started */
  SC_STUDIO_STATE_STARTING,   /* devices opening, off the main thread */
  SC_STUDIO_STATE_REHEARSAL,  /* preview, overlays, chat, shop; nothing streamed or recorded */
  SC_STUDIO_STATE_LIVE,       /* outputs and the recording run */
  SC_STUDIO_STATE_ENDING,     /* outputs draining (EOS, recording finalised), then REHEARSAL */
  SC_STUDIO_STATE_STOPPING,   /* the whole pipeline draining */
  SC_STUDIO_STATE_STOPPED,
  SC_STUDIO_STATE_FAILED,
} ScStudioState;

GType        sc_studio_state_get_type  (void) G_GNUC_CONST;
#define SC_TYPE_STUDIO_STATE (sc_studio_state_get_type ())
const char  *sc_studio_state_to_string (ScStudioState state);

#define SC_TYPE_STUDIO (sc_studio_get_type ())
G_DECLARE_FINAL_TYPE (ScStudio, sc_studio, SC, STUDIO, GObject)

/* One session of a show: catalog + chat + pipeline + event log. The window
 * and --headless drive the same object.
 *
 * Signals (all on the main context):
 *   ::preview-frame (GBytes *pixels, int width, int height, int stride)
 *       premultiplied BGRA frames (GDK_MEMORY_B8G8R8A8_PREMULTIPLIED), only
 *       while preview is enabled.
 *   ::source-failed (const char *id, const char *kind, const char *message)
 *       a camera, screen, image or microphone failed and shows its slate.
 *   ::audio-level (double rms_db, double peak_db)  the microphone, ~10 a second.
 *   ::live-started ()  outputs and recording began (after go_live).
 *   ::live-ended ()    every output finished, the recording is finalised.
 *   ::recording-failed (const char *path, GError *error)  the recording stopped
 *       for good (folder not writable, disk full); the outputs go on. What
 *       was written before stays playable.
 *   ::stopped ()  the show has ended and everything is flushed.
 *   ::segment-changed ()  the rundown's current segment changed (or ended).
 *   ::sale-started (guint index, const char *product_id, gint64 sale_price,
 *       gint64 regular_price, double seconds)  segment @index's flash sale
 *       began: prices in minor units of the product's currency; it lasts
 *       @seconds by the show clock. sc_show_segment_get_apply_to_shop() on
 *       sc_show_get_segment (show, index) says whether the shop follows.
 *   ::sale-ended (guint index, const char *product_id, const char *reason)
 *       reason "time-up" or "show-ended"; the regular price is back.
 * Properties: "show" (ScShow, construct-only), "state" (ScStudioState),
 * "pinned" (ScProduct), "layout" (ScLayoutKind), "muted" (gboolean). */
ScStudio      *sc_studio_new                 (ScShow      *show);
ScShow        *sc_studio_get_show            (ScStudio    *self);
ScStudioState  sc_studio_get_state           (ScStudio    *self);
void           sc_studio_set_event_log       (ScStudio    *self,
                                              ScEventLog  *log);
/* Preview frames at most @max_width wide (0 turns preview off). Call before start. */
void           sc_studio_set_preview_width   (ScStudio    *self,
                                              int          max_width);
/* Overrides from the command line; call before start. */
void           sc_studio_add_output_url      (ScStudio    *self,
                                              const char  *url);
void           sc_studio_set_recording_path  (ScStudio    *self,
                                              const char  *path);
/* The same start on the calling thread: it opens the show database and the
 * devices there, so it blocks. For tests; the window and --headless use
 * sc_studio_start_async(). */
gboolean       sc_studio_start               (ScStudio    *self,
                                              GError     **error);
/* Opens the show database and the devices off the main thread (a device
 * that hangs times out into its slate), logs show-started, starts the shop
 * sync, chat and preview, and finishes in REHEARSAL. */
void           sc_studio_start_async         (ScStudio            *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean       sc_studio_start_finish        (ScStudio            *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* REHEARSAL -> LIVE: starts every enabled output and the recording from a
 * keyframe; sources and preview are not touched. */
/* Before start: where screen sources with "capture": "portal" find the
 * ScreenCast portal (NULL: the session bus) and the window its dialog
 * belongs to ("x11:XID", or NULL). */
void           sc_studio_set_screen_portal   (ScStudio        *self,
                                              GDBusConnection *connection,
                                              const char      *parent_window);
gboolean       sc_studio_go_live             (ScStudio    *self,
                                              GError     **error);
/* LIVE -> ENDING -> REHEARSAL: EOS to every output, recording finalised;
 * ::live-ended follows. */
void           sc_studio_end_show            (ScStudio    *self);
/* Ends everything (the live part first when live); ::stopped follows. */
void           sc_studio_stop                (ScStudio    *self);

/* Every destination of the show and the recording (ScOutput), from start
 * on: IDLE in rehearsal, started by go_live. */
GListModel    *sc_studio_get_outputs         (ScStudio    *self);
/* While live, starts or finishes one destination; in rehearsal, whether
 * go_live starts it. */
void           sc_studio_set_output_enabled  (ScStudio    *self,
                                              ScOutput    *output,
                                              gboolean     enabled);
gboolean       sc_studio_get_output_enabled  (ScStudio    *self,
                                              ScOutput    *output);
/* Seconds @output has been live (for the recording: writing) over the show. */
double         sc_studio_get_output_live_time (ScStudio   *self,
                                              ScOutput    *output);
/* Whether @output was live at least once. */
gboolean       sc_studio_get_output_went_live (ScStudio   *self,
                                              ScOutput    *output);
/* The file of the current or last recording, or NULL. */
const char    *sc_studio_get_recording_path  (ScStudio    *self);
/* This show's row in the show database (sc_report_write() takes it), 0
 * without one (no database, or not started). */
gint64         sc_studio_get_show_id         (ScStudio    *self);
/* Seconds since go_live (0 when not live). */
double         sc_studio_get_live_elapsed    (ScStudio    *self);
void           sc_studio_get_stats           (ScStudio        *self,
                                              ScPipelineStats *stats);
void           sc_studio_set_muted           (ScStudio    *self,
                                              gboolean     muted);
gboolean       sc_studio_get_muted           (ScStudio    *self);
ScLayoutKind   sc_studio_get_layout          (ScStudio    *self);
gboolean       sc_studio_set_layout          (ScStudio    *self,
                                              ScLayoutKind layout);
/* By product id or SKU. */
gboolean       sc_studio_pin                 (ScStudio    *self,
                                              const char  *id_or_sku,
                                              GError     **error);
/* Flash sales in the shop (sc-studio-sale.c, docs/shop-sync.md). Puts
 * @product (each variant) on sale at @sale_price (minor units of its
 * currency) until @ends_at in the show's shop, journaled first so a crash
 * never leaves the shop on the sale price. Asynchronous: the outcome is a
 * `shop-sale-applied` or `shop-sale-failed` event. Without a shop that can
 * change prices (a local catalog file) it does nothing but log
 * `shop-sale-failed` with `supported: false`. */
void           sc_studio_begin_shop_sale     (ScStudio    *self,
                                              ScProduct   *product,
                                              gint64       sale_price,
                                              GDateTime   *ends_at);
/* Restores the regular price of @product_id in the shop: @reason is
 * "expired" (the countdown reached zero) or "stopped" (the show or segment
 * ended early). Logs `shop-sale-ended`; a lost network is retried until
 * the shop answers, or left to the next start's recovery. */
void           sc_studio_end_shop_sale       (ScStudio    *self,
                                              const char  *product_id,
                                              const char  *reason);
/* Why the studio is in SC_STUDIO_STATE_FAILED, or NULL. */
const GError  *sc_studio_get_error           (ScStudio    *self);
ScProduct     *sc_studio_get_pinned          (ScStudio    *self);
/* NULL unpins. */
void           sc_studio_unpin               (ScStudio    *self);
/* Pins the next (@step 1) or previous (@step -1) product of the rundown
 * (the catalog's order when the show has no rundown). FALSE at either end. */
gboolean       sc_studio_pin_step            (ScStudio    *self,
                                              int          step);
/* The product the rundown puts after the pinned one, or NULL. */
ScProduct     *sc_studio_get_next_in_rundown (ScStudio    *self);
/* ---- the rundown (sc-studio-rundown.c) ----
 * Pinning a product of the rundown starts its segment (and its sale, once
 * per show); times are by the show clock. */
/* Seconds since the show started (the event log's t), monotonic. */
double         sc_studio_get_show_time       (ScStudio    *self);
/* Move on by itself when a timed segment's time is up (--auto-advance);
 * set before start: with nothing pinned the rundown then starts at once. */
void           sc_studio_set_auto_advance    (ScStudio    *self,
                                              gboolean     auto_advance);
gboolean       sc_studio_get_auto_advance    (ScStudio    *self);
/* The current segment (index into sc_show_get_segment()), -1 / NULL: none. */
int            sc_studio_get_segment_index   (ScStudio    *self);
const ScShowSegment *sc_studio_get_segment   (ScStudio    *self);
/* The segment after the current one, or NULL. */
const ScShowSegment *sc_studio_get_next_segment (ScStudio *self);
/* Seconds the current segment has been on. */
double         sc_studio_get_segment_elapsed (ScStudio    *self);
/* Seconds left of a timed segment (negative: over time); FALSE when there
 * is no segment or it has no time. */
gboolean       sc_studio_get_segment_time_left (ScStudio  *self,
                                              double      *seconds);
/* Whether @product_id is on a flash sale now: its price (minor units) and
 * the seconds left (either may be NULL). */
gboolean       sc_studio_get_sale            (ScStudio    *self,
                                              const char  *product_id,
                                              gint64      *price,
                                              double      *seconds_left);
/* The engine, for tests and the UI's health view. */
ScPipeline    *sc_studio_get_pipeline        (ScStudio    *self);
/* The host hides one message: off the panel and the video at once. */
void           sc_studio_hide_message        (ScStudio      *self,
                                              const char    *message_id);
/* The host blocks @author on @platform for the rest of the show: their
 * messages leave the panel and the video, later ones are blocked. */
void           sc_studio_block_author        (ScStudio      *self,
                                              const char    *platform,
                                              const char    *author);
/* The claims made during the show (NULL before start). */
ScClaimDetector *sc_studio_get_claims        (ScStudio      *self);
/* The host takes back the claim the message made (a viewer changed their
 * mind, a double order): its units are free again, the event log gets
 * `claim-cancelled`. Errors as sc_claim_detector_cancel(), and
 * SC_CHAT_ERROR_NOT_FOUND before the show started. */
gboolean       sc_studio_cancel_claim        (ScStudio      *self,
                                              const char    *platform,
                                              const char    *message_id,
                                              GError       **error);
/* The merged, moderated chat (NULL before start), a GListModel of messages. */
ScChatFeed    *sc_studio_get_chat_feed       (ScStudio      *self);
/* Shows @message as a lower third (NULL hides it). */
void           sc_studio_set_featured        (ScStudio      *self,
                                              ScChatMessage *message);
/* The id of the message shown as the lower third, or NULL. */
const char    *sc_studio_get_featured_id     (ScStudio      *self);
/* Writes the current composited frame (video + overlays) as PNG. */
gboolean       sc_studio_snapshot            (ScStudio    *self,
                                              const char  *png_path,
                                              GError     **error);
/* The shop's catalog sync (NULL without a shop, or before start), for the
 * window's pre-flight check: state, stale, synced-at. */
ScInventorySync *sc_studio_get_inventory_sync (ScStudio   *self);

/* The end card shows by itself this long before the show's planned end:
 * the end of a timed rundown, or of a headless --duration. */
#define SC_STUDIO_END_CARD_LEAD_S (3 * 60.0)

/* Shows (or hides) the end card: "Next show: Friday 19:00" with the QR code
 * of next_show.url, in the show's locale. FALSE with @error when the show
 * has no next_show, or has not started. Event `end-card`. */
gboolean         sc_studio_set_end_card        (ScStudio   *self,
                                                gboolean    visible,
                                                GError    **error);
gboolean         sc_studio_get_end_card        (ScStudio   *self);

G_END_DECLS
