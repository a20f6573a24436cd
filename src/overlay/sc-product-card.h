/* sc-product-card.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlay/sc-overlay-draw.h"
#include "shop/sc-product.h"

G_BEGIN_DECLS

/* A flash sale on the card: LIVE shows @price with the regular price struck
 * through and "Ends in 04:59"; ENDED says "Deal ended" beside the regular
 * price for a few seconds after the sale. */
typedef enum {
  SC_CARD_SALE_NONE,
  SC_CARD_SALE_LIVE,
  SC_CARD_SALE_ENDED,
} ScCardSaleState;

typedef struct {
  ScCardSaleState state;
  gint64          price;         /* minor units, the product's currency (LIVE) */
  guint           seconds_left;  /* LIVE: whole seconds, rounded up */
} ScCardSale;

gboolean sc_card_sale_equal (const ScCardSale *a,
                             const ScCardSale *b);
/* "04:59", "1:02:03" */
char    *sc_card_sale_format_countdown (guint seconds);

/* The pinned product's card, @width x @height. @sale may be NULL (no sale).
 * When @text is not NULL the lines drawn are appended to it as "role: text"
 * strings (roles: title, price, compare-at, stock, sale, call-to-action),
 * for tests and accessibility. */
cairo_surface_t *sc_product_card_render  (const ScDrawContext *ctx,
                                          ScProduct           *product,
                                          guint                low_stock_threshold,
                                          const char          *claim_keyword,
                                          guint                claimed,
                                          const ScCardSale    *sale,
                                          int                  width,
                                          int                  height,
                                          GPtrArray           *text);
/* The large product shot of the product-focus layout. */
cairo_surface_t *sc_product_image_render (const ScDrawContext *ctx,
                                          ScProduct           *product,
                                          int                  width,
                                          int                  height);

G_END_DECLS
