/* sc-layout.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  SC_LAYOUT_SOLO,
  SC_LAYOUT_PIP,
  SC_LAYOUT_SIDE_BY_SIDE,
  SC_LAYOUT_PRODUCT_FOCUS,
} ScLayoutKind;

#define SC_LAYOUT_N_SLOTS 2

typedef struct {
  int x;
  int y;
  int width;
  int height;
} ScRect;

/* Where everything goes on the canvas for one layout. Slot 0 is the host
 * (camera), slot 1 the second source (screen). A rect of width 0 is unused. */
typedef struct {
  ScRect   slots[SC_LAYOUT_N_SLOTS];
  gboolean slot_visible[SC_LAYOUT_N_SLOTS];
  guint    slot_zorder[SC_LAYOUT_N_SLOTS];
  ScRect   product_image;   /* product-focus only: the large product shot */
  ScRect   card;            /* product card */
  ScRect   chat;            /* chat panel */
  ScRect   lower_third;     /* featured comment */
  ScRect   bug;             /* show title / logo */
  /* Beside the card: the pinned product's QR code. The lower third is
   * narrowed to stay clear of it while it shows (ScOverlayScene). */
  ScRect   qr;
  /* Over the card's product shot: the "LIVE" and discount stickers. */
  ScRect   badges;
  /* The next show with its QR code, at the end of a show; in product-focus
   * it covers the bottom of the product shot. */
  ScRect   end_card;
} ScLayoutGeometry;

const char *sc_layout_kind_to_string   (ScLayoutKind      kind);
gboolean    sc_layout_kind_from_string (const char       *name,
                                        ScLayoutKind     *kind);
/* Canvas pixels per pixel of the 1280x720 design the layouts are drawn at:
 * what everything placed in the rects is scaled by. */
double      sc_layout_get_scale        (int               width,
                                        int               height);
/* Fills @geometry for a canvas of @width x @height (any size, 16:9 or not). */
void        sc_layout_compute          (ScLayoutKind      kind,
                                        int               width,
                                        int               height,
                                        ScLayoutGeometry *geometry);

G_END_DECLS
