/* sc-product-card.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlay/sc-overlay-draw.h"
#include "shop/sc-product.h"

G_BEGIN_DECLS

/* The pinned product's card, @width x @height. When @text is not NULL the
 * lines drawn are appended to it as "role: text" strings (roles: title,
 * price, compare-at, stock, call-to-action), for tests and accessibility. */
cairo_surface_t *sc_product_card_render  (const ScDrawContext *ctx,
                                          ScProduct           *product,
                                          guint                low_stock_threshold,
                                          const char          *claim_keyword,
                                          guint                claimed,
                                          int                  width,
                                          int                  height,
                                          GPtrArray           *text);
/* The large product shot of the product-focus layout. */
cairo_surface_t *sc_product_image_render (const ScDrawContext *ctx,
                                          ScProduct           *product,
                                          int                  width,
                                          int                  height);

G_END_DECLS
