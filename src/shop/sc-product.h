/* sc-product.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "shop/sc-variant.h"

G_BEGIN_DECLS

/* Stock of a product whose shop does not track inventory. */
#define SC_STOCK_UNTRACKED (-1)

#define SC_TYPE_PRODUCT (sc_product_get_type ())
G_DECLARE_FINAL_TYPE (ScProduct, sc_product, SC, PRODUCT, GObject)

ScProduct   *sc_product_new                   (const char *id,
                                               const char *title);
const char  *sc_product_get_id                (ScProduct  *self);
const char  *sc_product_get_title             (ScProduct  *self);
void         sc_product_set_title             (ScProduct  *self,
                                               const char *title);
const char  *sc_product_get_sku               (ScProduct  *self);
void         sc_product_set_sku               (ScProduct  *self,
                                               const char *sku);
/* Goes up whenever any product's SKU changes: an index by SKU (ScCatalog's)
 * is rebuilt when it moved, without a signal handler on every product. */
guint        sc_product_get_sku_serial        (void);
const char  *sc_product_get_url               (ScProduct  *self);
void         sc_product_set_url               (ScProduct  *self,
                                               const char *url);
/* Prices are integer minor units (cents) of the currency, never floating point. */
gint64       sc_product_get_price             (ScProduct  *self);
void         sc_product_set_price             (ScProduct  *self,
                                               gint64      price);
/* 0 when the product has no compare-at ("was") price. */
gint64       sc_product_get_compare_at_price  (ScProduct  *self);
void         sc_product_set_compare_at_price  (ScProduct  *self,
                                               gint64      price);
const char  *sc_product_get_currency          (ScProduct  *self);
void         sc_product_set_currency          (ScProduct  *self,
                                               const char *currency);
/* SC_STOCK_UNTRACKED when the shop does not track inventory. */
gint64       sc_product_get_stock             (ScProduct  *self);
void         sc_product_set_stock             (ScProduct  *self,
                                               gint64      stock);
const char  *sc_product_get_image_uri         (ScProduct  *self);
void         sc_product_set_image_uri         (ScProduct  *self,
                                               const char *uri);
/* The short code viewers comment to claim it ("A1"). */
const char  *sc_product_get_claim_code        (ScProduct  *self);
void         sc_product_set_claim_code        (ScProduct  *self,
                                               const char *code);

/* The product's variants, a GListModel of ScVariant (empty for a simple product). */
GListModel  *sc_product_get_variants          (ScProduct  *self);
/* Replaces the variants, keeping (and updating) the objects whose id stays. */
void         sc_product_set_variants          (ScProduct  *self,
                                               GPtrArray  *variants);
/* When the shop last changed it, or NULL if unknown. */
GDateTime   *sc_product_get_updated_at        (ScProduct  *self);
void         sc_product_set_updated_at        (ScProduct  *self,
                                               GDateTime  *updated_at);
/* Sets price, compare-at price and stock from the variants: the lowest price
 * (with its compare-at), and the sum of tracked stock (untracked if none is). */
void         sc_product_summarize_variants    (ScProduct  *self);
/* A detached deep copy (its own variant objects), to change and merge back. */
ScProduct   *sc_product_copy                  (ScProduct  *self);
/* Copies every field of @other (same id) into @self, notifying only what
 * changed, so objects the show holds (the pinned product) stay valid. */
void         sc_product_update_from           (ScProduct  *self,
                                               ScProduct  *other);

G_END_DECLS
