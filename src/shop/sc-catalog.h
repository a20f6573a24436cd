/* sc-catalog.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "shop/sc-product.h"

G_BEGIN_DECLS

#define SC_TYPE_CATALOG (sc_catalog_get_type ())
G_DECLARE_FINAL_TYPE (ScCatalog, sc_catalog, SC, CATALOG, GObject)

/* A GListModel of ScProduct, in catalog order. */
ScCatalog *sc_catalog_new                (void);
/* Loads a local catalog file (JSON, see docs/show-format.md). @file may be
 * a resource:// file. Errors name the file, the JSON path and what was
 * expected. Relative image paths are resolved against the file's folder. */
ScCatalog *sc_catalog_new_from_file      (GFile        *file,
                                          GError      **error);
void       sc_catalog_add                (ScCatalog    *self,
                                          ScProduct    *product);
/* By id, or else by the numeric part of a Shopify GID ("123" finds
 * "gid://shopify/Product/123"), or else by SKU (case-insensitive);
 * transfer none, NULL if none. */
ScProduct *sc_catalog_lookup             (ScCatalog    *self,
                                          const char   *id_or_sku);
/* Merges what a sync fetched (ScProduct *): a product whose id is in the
 * catalog is updated in place (sc_product_update_from, so objects the show
 * holds stay valid and notify what changed, claim codes stay), new ones are
 * appended, and when @complete (a full listing) products missing from
 * @products are removed. Counts are optional; @updated counts the products
 * that actually changed. */
void       sc_catalog_merge              (ScCatalog    *self,
                                          GPtrArray    *products,
                                          gboolean      complete,
                                          guint        *added,
                                          guint        *updated,
                                          guint        *removed);
/* Removes the product with exactly this id; FALSE if there is none. */
gboolean   sc_catalog_remove             (ScCatalog    *self,
                                          const char   *id);
/* By claim code ("a3" finds "A3"); transfer none, NULL if none. */
/* Where @product is in the catalog's order, without taking references. */
gboolean   sc_catalog_find_position     (ScCatalog    *self,
                                         ScProduct    *product,
                                         guint        *position);
ScProduct *sc_catalog_lookup_claim_code  (ScCatalog    *self,
                                          const char   *code);
/* Gives every product without a code one: A1, A2, ... in @rundown order
 * (product ids), then catalog order. Codes set in the file are kept. */
void       sc_catalog_assign_claim_codes (ScCatalog    *self,
                                          const char * const *rundown);

G_END_DECLS
