/* sc-product-row.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "shop/sc-product.h"
#include "ui/sc-product-list-thumbnails.h"

G_BEGIN_DECLS

#define SC_TYPE_PRODUCT_ROW (sc_product_row_get_type ())
G_DECLARE_FINAL_TYPE (ScProductRow, sc_product_row, SC, PRODUCT_ROW, GtkWidget)

/* One product of the product list: picture, title, price, stock badge,
 * claimed count, rundown number, and a pin button that activates
 * "products.pin" with the product's id (the list installs the action).
 * The list tells the row what it cannot know alone: pinned, next, its
 * place in the rundown and the claimed count. */
GtkWidget  *sc_product_row_new                (ScProductListThumbnails *thumbnails);
ScProduct  *sc_product_row_get_item           (ScProductRow *self);
void        sc_product_row_set_item           (ScProductRow *self,
                                               ScProduct    *item);
gboolean    sc_product_row_get_pinned         (ScProductRow *self);
void        sc_product_row_set_pinned         (ScProductRow *self,
                                               gboolean      pinned);
gboolean    sc_product_row_get_next           (ScProductRow *self);
void        sc_product_row_set_next           (ScProductRow *self,
                                               gboolean      next);
/* 1-based place in the rundown, 0 when the product is not in it. */
guint       sc_product_row_get_position       (ScProductRow *self);
void        sc_product_row_set_position       (ScProductRow *self,
                                               guint         position);
guint       sc_product_row_get_claimed        (ScProductRow *self);
void        sc_product_row_set_claimed        (ScProductRow *self,
                                               guint         claimed);
/* Stock at or below this (and above 0) is "low". */
void        sc_product_row_set_low_stock      (ScProductRow *self,
                                               guint         threshold);
/* The stock badge's text, as shown (for tests and assistive technology). */
/* A flash sale's price (minor units) shown with the regular price struck
 * through; -1: none. */
void        sc_product_row_set_sale_price     (ScProductRow *self,
                                               gint64        sale_price);
gint64      sc_product_row_get_sale_price     (ScProductRow *self);
const char *sc_product_row_get_stock_text     (ScProductRow *self);
GtkWidget  *sc_product_row_get_pin_button     (ScProductRow *self);
/* The decoded picture, or NULL while the placeholder shows. */
GdkPaintable *sc_product_row_get_thumbnail    (ScProductRow *self);

G_END_DECLS
