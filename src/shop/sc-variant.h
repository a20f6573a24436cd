/* sc-variant.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SC_TYPE_VARIANT (sc_variant_get_type ())
G_DECLARE_FINAL_TYPE (ScVariant, sc_variant, SC, VARIANT, GObject)

/* One purchasable option of a product ("Blue / M"). Prices are integer minor
 * units; stock is SC_STOCK_UNTRACKED (-1) when the shop does not track it. */
ScVariant  *sc_variant_new                  (const char *id,
                                             const char *title);
const char *sc_variant_get_id               (ScVariant  *self);
const char *sc_variant_get_title            (ScVariant  *self);
void        sc_variant_set_title            (ScVariant  *self,
                                             const char *title);
const char *sc_variant_get_sku              (ScVariant  *self);
void        sc_variant_set_sku              (ScVariant  *self,
                                             const char *sku);
gint64      sc_variant_get_price            (ScVariant  *self);
void        sc_variant_set_price            (ScVariant  *self,
                                             gint64      price);
gint64      sc_variant_get_compare_at_price (ScVariant  *self);
void        sc_variant_set_compare_at_price (ScVariant  *self,
                                             gint64      price);
gint64      sc_variant_get_stock            (ScVariant  *self);
void        sc_variant_set_stock            (ScVariant  *self,
                                             gint64      stock);
/* The shop's inventory item behind the variant (Shopify's
 * gid://shopify/InventoryItem/…, which stock webhooks name), or NULL. It is
 * not the variant's id. */
const char *sc_variant_get_inventory_item_id (ScVariant  *self);
void        sc_variant_set_inventory_item_id (ScVariant  *self,
                                              const char *inventory_item_id);
/* Copies every field of @other (same id) into @self, notifying what changed. */
void        sc_variant_update_from          (ScVariant  *self,
                                             ScVariant  *other);

G_END_DECLS
