/* sc-overlay-scene.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "chat/sc-chat-message.h"
#include "overlay/sc-brand-kit.h"
#include "overlay/sc-layout.h"
#include "overlay/sc-product-card.h"
#include "shop/sc-product.h"

G_BEGIN_DECLS

/* One pre-rendered piece of the overlay, placed at (x, y) on the canvas.
 * surface is CAIRO_FORMAT_ARGB32 (premultiplied), owned by the region. */
typedef struct {
  int              x;
  int              y;
  cairo_surface_t *surface;
} ScOverlayRegion;

void sc_overlay_region_free (ScOverlayRegion *region);

#define SC_TYPE_OVERLAY_SCENE (sc_overlay_scene_get_type ())
G_DECLARE_FINAL_TYPE (ScOverlayScene, sc_overlay_scene, SC, OVERLAY_SCENE, GObject)

/* Everything drawn over the video. Setters only mark what changed; the
 * "changed" signal (main thread) says a new render is due. Rendering
 * re-draws only the regions whose content changed, never per frame.
 *
 * Signals: "changed" (no arguments), emitted once per batch of changes from
 * an idle at G_PRIORITY_HIGH_IDLE; "image-failed" (const char *uri, const
 * char *message), emitted the first time an image cannot be shown (it stays
 * a placeholder). Images (product shots, the logo) decode in worker threads:
 * a render draws the placeholder until the image is in, then "changed".
 *
 * The scene is main-thread only, like any GObject with signals. The surfaces
 * it returns are never drawn into again once returned, so they may be handed
 * to a streaming thread as they are. */
ScOverlayScene *sc_overlay_scene_new                 (int              width,
                                                      int              height);
void            sc_overlay_scene_set_size            (ScOverlayScene  *self,
                                                      int              width,
                                                      int              height);
void            sc_overlay_scene_set_layout          (ScOverlayScene  *self,
                                                      ScLayoutKind     layout);
ScLayoutKind    sc_overlay_scene_get_layout          (ScOverlayScene  *self);
/* Copies @kit; NULL restores the default look. */
void            sc_overlay_scene_set_brand_kit       (ScOverlayScene  *self,
                                                      const ScBrandKit *kit);
/* The pinned product (or NULL); the scene follows its notify:: signals. */
void            sc_overlay_scene_set_product         (ScOverlayScene  *self,
                                                      ScProduct       *product);
ScProduct      *sc_overlay_scene_get_product         (ScOverlayScene  *self);
/* "Only N left" at or below this stock; default 5. */
void            sc_overlay_scene_set_low_stock_threshold (ScOverlayScene *self,
                                                      guint            threshold);
void            sc_overlay_scene_set_chat_visible    (ScOverlayScene  *self,
                                                      gboolean         visible);
/* How many of the newest messages the panel shows; default 6. */
void            sc_overlay_scene_set_chat_lines      (ScOverlayScene  *self,
                                                      guint            lines);
void            sc_overlay_scene_push_chat           (ScOverlayScene  *self,
                                                      ScChatMessage   *message);
/* Removes a message (a platform deletion); TRUE if it was on screen. */
gboolean        sc_overlay_scene_remove_chat         (ScOverlayScene  *self,
                                                      const char      *message_id);
void            sc_overlay_scene_clear_chat          (ScOverlayScene  *self);
/* The featured comment shown as a lower third, or NULL to hide it. */
void            sc_overlay_scene_set_featured        (ScOverlayScene  *self,
                                                      ScChatMessage   *message);
void            sc_overlay_scene_set_title           (ScOverlayScene  *self,
                                                      const char      *title);
/* Renders what changed and returns all visible regions, in drawing order:
 * a new GPtrArray of ScOverlayRegion, free with g_ptr_array_unref(). */
GPtrArray      *sc_overlay_scene_render              (ScOverlayScene  *self);
/* Renders the scene over @background (or transparent) into one surface of
 * the canvas size, for snapshots and tests. */
cairo_surface_t *sc_overlay_scene_render_flat        (ScOverlayScene  *self,
                                                      cairo_surface_t *background);
/* Increments every time the visible content changes. */
guint64         sc_overlay_scene_get_serial          (ScOverlayScene  *self);
/* Images decoding in workers; each one in (or failed) makes "changed". */
guint           sc_overlay_scene_get_images_loading  (ScOverlayScene  *self);
/* The word viewers comment before the claim code ("SOLD", the default), as
 * configured for the show's claim detector. */
void            sc_overlay_scene_set_claim_keyword   (ScOverlayScene  *self,
                                                      const char      *keyword);
/* The audience's locale (a BCP 47 tag, NULL for en-US): the card's words
 * come from that language's shopcast.mo (sc_translation_get()), its prices
 * are written as there (sc_money_format_for_locale()), whatever the
 * process locale is. */
void            sc_overlay_scene_set_locale          (ScOverlayScene  *self,
                                                      const char      *locale);
const char     *sc_overlay_scene_get_locale          (ScOverlayScene  *self);
/* Where the current layout puts everything on the canvas. */
const ScLayoutGeometry *sc_overlay_scene_get_geometry (ScOverlayScene *self);

/* Where a remote image (a shop's https:// product image) was downloaded to.
 * Until it is known, such an image is drawn as the placeholder, without
 * "image-failed". NULL @local_path forgets it. */
void            sc_overlay_scene_set_image_location  (ScOverlayScene  *self,
                                                      const char      *uri,
                                                      const char      *local_path);

/* How many viewers claimed the pinned product so far ("5 claimed" on the
 * card; 0 shows nothing). */
void            sc_overlay_scene_set_claimed         (ScOverlayScene  *self,
                                                      guint            claimed);

/* The pinned product's flash sale as the card shows it (NULL: none). The
 * studio sets it from the show clock, once a second while a sale runs. */
void            sc_overlay_scene_set_sale            (ScOverlayScene   *self,
                                                      const ScCardSale *sale);
const ScCardSale *sc_overlay_scene_get_sale          (ScOverlayScene   *self);
/* The scan-to-buy QR code beside the card: the pinned product's page (its
 * url) with @tags (alternating campaign tag names and values, such as
 * utm_source, shopcast) in the query, and its host and path as text. A
 * product without a page shows no code. Off by default. */
void            sc_overlay_scene_set_product_qr      (ScOverlayScene     *self,
                                                      gboolean            enabled,
                                                      const char * const *tags);
/* Whether the show is streamed: the card's product shot says "LIVE". */
void            sc_overlay_scene_set_live            (ScOverlayScene  *self,
                                                      gboolean         live);
gboolean        sc_overlay_scene_get_live            (ScOverlayScene  *self);
/* The end card: "Next show: Friday 19:00" (@start in @zone, NULL: local
 * time, in the scene's locale), @title and the QR code of @url (may be
 * NULL). A NULL @start hides it. */
void            sc_overlay_scene_set_end_card        (ScOverlayScene  *self,
                                                      GDateTime       *start,
                                                      GTimeZone       *zone,
                                                      const char      *title,
                                                      const char      *url);
gboolean        sc_overlay_scene_get_end_card_visible (ScOverlayScene *self);

G_END_DECLS
