/* sc-overlay-scene-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlay/sc-overlay-scene.h"

G_BEGIN_DECLS

/* The text lines of the card as last rendered, "role: text" with the roles
 * title, price, compare-at (drawn struck through), stock and call-to-action;
 * renders first if the card is out of date. NULL-terminated, never NULL. */
GStrv sc_overlay_scene_dup_card_text (ScOverlayScene *self);
/* The chat lines on screen, oldest first, as "author: text". */
GStrv sc_overlay_scene_dup_chat_text (ScOverlayScene *self);

/* The lines of the badges ("badge: LIVE", "badge: −20 %"), the product
 * QR code ("qr: <url>", "link: <host/path>") and the end card
 * ("next-show: …", "title: …", "qr: <url>"), in that order, as last
 * rendered (renders first if out of date). */
GStrv sc_overlay_scene_dup_region_text (ScOverlayScene *self);

G_END_DECLS
