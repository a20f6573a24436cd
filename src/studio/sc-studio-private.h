/* sc-studio-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chat/sc-chat-feed.h"
#include "chat/sc-claim-detector.h"
#include "overlay/sc-overlay-scene.h"
#include "shop/sc-image-cache.h"
#include "shop/sc-inventory-sync.h"
#include "shop/sc-sale-journal.h"
#include "sc-studio.h"

G_BEGIN_DECLS

/* ScStudio is split by collaborator, as GNOME Text Editor splits its window:
 *   sc-studio.c         lifecycle, state, outputs and the live phase
 *   sc-studio-shop.c    catalog sync, images, the pinned product, on air
 *   sc-studio-chat.c    chat sources, the feed, claims, the featured message
 *   sc-studio-events.c  what happens, as event JSON (docs/events.md)
 *   sc-studio-rundown.c the rundown's segments and flash sales, by the show clock
 *   sc-studio-screen.c  screen sources through the ScreenCast portal
 *   sc-studio-camera.c  camera sources through the Camera portal (sandbox)
 *   sc-studio-sale.c    flash-sale prices in the shop, their journal and recovery
 * Handlers are connected through GSignalGroups bound to the current target. */

struct _ScStudio
{
  GObject          parent_instance;

  ScShow          *show;
  ScEventLog      *log;
  ScPipeline      *pipeline;
  ScOverlayScene  *scene;
  GSignalGroup    *pipeline_signals;
  GSignalGroup    *scene_signals;
  GCancellable    *cancellable;
  GError          *error;
  ScStudioState    state;
  ScLayoutKind     layout;
  gboolean         muted;
  int              preview_width;
  gint64           started_at;      /* monotonic, when start began */
  gboolean         preview_started; /* the first preview frame of this start was logged */
  gboolean         stopped_emitted;
  gboolean         announced;       /* show-started is in the log */
  guint            stats_source;
  guint            overlay_timeout;
  gint64           overlay_updated_at;

  /* Outputs and the live phase (sc-studio.c) */
  GPtrArray       *extra_urls;
  char            *recording_path;
  GListStore      *outputs;         /* ScOutput: every destination and the recording */
  GPtrArray       *output_signals;  /* GSignalGroup, one per item of @outputs */
  GHashTable      *disabled;        /* ScOutput the host switched off */
  guint            outputs_ending;  /* outputs still draining after end_show */
  char            *live_recording;  /* the file of the current or last recording */
  gint64           live_started_at;
  GHashTable      *timings;         /* ScOutput -> OutputTiming: time live, went live */
  /* The live session's chapters for the recording (sc-studio.c): what was
   * pinned, from go_live on. */
  GArray          *chapter_starts;  /* double: seconds since go_live */
  GPtrArray       *chapter_titles;  /* char * */
  guint            chapters_writing; /* recordings being remuxed with them */
  gboolean         stop_deferred;   /* the pipeline stopped while they were */

  /* Screens through the portal (sc-studio-screen.c) */
  GPtrArray       *screencasts;     /* ScScreencastSession, open for the show */
  GArray          *screen_fds;      /* int: their PipeWire remotes */
  GDBusConnection *screen_bus;      /* the portals' bus; NULL: the session bus */
  char            *screen_parent_window;

  /* Cameras through the portal in the sandbox (sc-studio-camera.c) */
  int              camera_fd;       /* its PipeWire remote, -1 = none */

  /* Shop (sc-studio-shop.c) */
  ScProduct       *pinned;
  gint64           pinned_stock;
  char            *pending_pin;     /* a shop's product not in the catalog yet */
  GSignalGroup    *pinned_signals;
  GSignalGroup    *sync_signals;
  GSignalGroup    *catalog_signals;
  ScShopProvider  *provider;
  ScInventorySync *sync;
  ScImageCache    *images;
  /* Flash sales in the shop (sc-studio-sale.c) */
  ScSaleJournal   *sale_journal;
  GHashTable      *shop_sales;      /* product id -> TRUE: on sale in the shop */

  /* Chat (sc-studio-chat.c) */
  ScChatFeed      *feed;
  ScClaimDetector *claims;
  GSignalGroup    *feed_signals;
  GSignalGroup    *claims_signals;
  GPtrArray       *chat_sources;    /* ScChatSource: the demo, Twitch, YouTube */
  GPtrArray       *chat_signals;    /* GSignalGroup, one per chat source */
  char            *featured_id;

  /* Rundown (sc-studio-rundown.c) */
  gboolean         rundown_running; /* segments follow pins (from start to stop) */
  gboolean         auto_advance;
  gboolean         rundown_began;   /* a segment has started this show */
  int              segment;         /* the current segment's index, -1: none */
  double           segment_started; /* show time it started */
  gboolean         segment_timed_out;
  const char      *pin_reason;      /* why the coming pin ends the segment */
  int              pin_segment;     /* the segment the coming pin starts, -1: by product */
  guint            rundown_tick;
  GArray          *sales;           /* SaleState (sc-studio-rundown.c), one per segment */

  /* Events (sc-studio-events.c) */
  GHashTable      *last_bytes;      /* ScOutput -> bytes at the previous stats tick */
  gint64           last_stats_time;
  guint64          last_frames;
  double           last_fps;

  /* The end card with the next show (sc-studio-end-card.c). */
  gboolean                 end_card;
  gboolean                 end_card_planned; /* shown by the rundown's end, once */
};

/* How long each output has been live (sc-studio.c). */
typedef struct {
  gint64   live_since;   /* monotonic; 0 when not live */
  gint64   live_us;      /* over the finished live stretches */
  gboolean went_live;
  gboolean failed;       /* a recording that failed: never "finished" */
} OutputTiming;

void        _sc_studio_set_state       (ScStudio        *self,
                                        ScStudioState    state);

/* sc-studio-shop.c */
void        _sc_studio_shop_init       (ScStudio        *self);
void        _sc_studio_shop_dispose    (ScStudio        *self);
gboolean    _sc_studio_shop_start      (ScStudio        *self,
                                        GError         **error);
void        _sc_studio_shop_pin_initial (ScStudio       *self);
void        _sc_studio_set_pinned      (ScStudio        *self,
                                        ScProduct       *product);

/* sc-studio-sale.c */
void        _sc_studio_sale_start      (ScStudio        *self);
void        _sc_studio_sale_stop       (ScStudio        *self);
void        _sc_studio_sale_dispose    (ScStudio        *self);
/* sc-studio-rundown.c */
void        _sc_studio_rundown_start   (ScStudio        *self);
void        _sc_studio_rundown_stop    (ScStudio        *self);
void        _sc_studio_rundown_dispose (ScStudio        *self);
/* After every change of the pinned product. */
void        _sc_studio_rundown_pinned  (ScStudio        *self,
                                        ScProduct       *product);
/* sc_studio_pin_step() by segment; *handled FALSE leaves it to the product order. */
gboolean    _sc_studio_rundown_step    (ScStudio        *self,
                                        int              step,
                                        gboolean        *handled);
/* The lowest running sale price of @product_id. */
gboolean    _sc_studio_get_sale_price  (ScStudio        *self,
                                        const char      *product_id,
                                        gint64          *price);

/* sc-studio.c: the rundown's signals */
void        _sc_studio_emit_segment_changed (ScStudio   *self);
void        _sc_studio_emit_sale_started (ScStudio      *self,
                                          guint          index,
                                          const char    *product_id,
                                          gint64         sale_price,
                                          gint64         regular_price,
                                          double         seconds);
void        _sc_studio_emit_sale_ended (ScStudio        *self,
                                        guint            index,
                                        const char      *product_id,
                                        const char      *reason);

/* sc-studio-chat.c */
void        _sc_studio_chat_init       (ScStudio        *self);
void        _sc_studio_chat_dispose    (ScStudio        *self);
const char * const *_sc_studio_get_claim_keywords (ScStudio *self);
void        _sc_studio_chat_start      (ScStudio        *self);
void        _sc_studio_chat_stop       (ScStudio        *self);

/* sc-studio-events.c */
/* The scene follows the show's QR code, the live badge and the end card. */
void        _sc_studio_update_scene_extras (ScStudio    *self);
void        _sc_studio_log_event       (ScStudio        *self,
                                        const char      *event,
                                        JsonObject      *fields);
JsonObject *_sc_studio_output_json     (ScOutput        *output);
void        _sc_studio_log_error       (ScStudio        *self,
                                        const char      *domain,
                                        int              code,
                                        const char      *message);
void        _sc_studio_log_show_started (ScStudio       *self);
void        _sc_studio_log_show_ended  (ScStudio        *self);
void        _sc_studio_log_preview_started (ScStudio    *self);
void        _sc_studio_log_live_started (ScStudio       *self,
                                         GPtrArray      *outputs);
void        _sc_studio_log_live_ended  (ScStudio        *self,
                                        double           duration_s);
void        _sc_studio_log_overlay     (ScStudio        *self,
                                        guint            regions);
void        _sc_studio_log_pinned      (ScStudio        *self);
/* Notes a chapter of the recording at the current live time (sc-studio.c). */
void        _sc_studio_add_chapter     (ScStudio        *self,
                                        const char      *title);
void        _sc_studio_log_stock_change (ScStudio       *self,
                                         ScProduct      *product,
                                         gint64          old_stock,
                                         gint64          stock);
void        _sc_studio_log_sync_state  (ScStudio        *self,
                                        ScInventorySync *sync);
void        _sc_studio_log_claim       (ScStudio        *self,
                                        const char      *event,
                                        const ScClaim   *claim);
void        _sc_studio_log_claim_cancelled (ScStudio    *self,
                                            const ScClaim *claim);
void        _sc_studio_log_chat        (ScStudio        *self,
                                        ScChatMessage   *message);
void        _sc_studio_log_chat_blocked (ScStudio       *self,
                                         ScChatMessage  *message,
                                         const char     *reason);
void        _sc_studio_log_chat_source (ScStudio        *self,
                                        ScChatSource    *source,
                                        const GError    *problem);
void        _sc_studio_log_output_state (ScStudio       *self,
                                         ScOutput       *output);
void        _sc_studio_log_recording_finished (ScStudio *self,
                                               ScOutput *output,
                                               guint     chapters);
void        _sc_studio_log_recording_failed (ScStudio     *self,
                                             ScOutput     *output,
                                             const GError *error);
void        _sc_studio_log_source_failed (ScStudio      *self,
                                          const char    *id,
                                          const char    *kind,
                                          const char    *message);
void        _sc_studio_log_segment_started (ScStudio            *self,
                                            guint                index,
                                            const ScShowSegment *segment,
                                            ScProduct           *product);
void        _sc_studio_log_segment_ended (ScStudio      *self,
                                          guint          index,
                                          const char    *product_id,
                                          double         seconds,
                                          const char    *reason);
void        _sc_studio_log_sale_started (ScStudio       *self,
                                         guint           index,
                                         ScProduct      *product,
                                         gint64          regular_price,
                                         double          ends_t);
void        _sc_studio_log_sale_ended  (ScStudio        *self,
                                        guint            index,
                                        const char      *product_id,
                                        gint64           sale_price,
                                        gint64           regular_price,
                                        double           seconds,
                                        const char      *reason);
void        _sc_studio_write_stats     (ScStudio        *self);
void        _sc_studio_log_bitrate     (ScStudio        *self,
                                        guint            kbps,
                                        const char      *reason,
                                        const char      *output);

/* sc-studio-screen.c */
void     _sc_studio_screens_prepare_async  (ScStudio            *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean _sc_studio_screens_prepare_finish (ScStudio            *self,
                                            GAsyncResult        *result,
                                            GError             **error);
void     _sc_studio_screens_dispose        (ScStudio            *self);

/* sc-studio-camera.c */
void     _sc_studio_cameras_prepare_async  (ScStudio            *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean _sc_studio_cameras_prepare_finish (ScStudio            *self,
                                            GAsyncResult        *result,
                                            GError             **error);
void     _sc_studio_cameras_dispose        (ScStudio            *self);

G_END_DECLS
