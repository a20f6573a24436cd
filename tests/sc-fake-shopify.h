/* sc-fake-shopify.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "sc-fake-server.h"

G_BEGIN_DECLS

/* What the fake answers the next requests with, instead of its catalog. */
typedef enum {
  SC_FAKE_SHOPIFY_HTTP_500,
  SC_FAKE_SHOPIFY_HTTP_503,
  SC_FAKE_SHOPIFY_THROTTLED_429,  /* a THROTTLED error with HTTP 429; the bucket is drained */
  SC_FAKE_SHOPIFY_THROTTLED_200,  /* the same with HTTP 200, as GraphQL usually answers */
  SC_FAKE_SHOPIFY_MALFORMED_JSON, /* the real answer cut in half */
  SC_FAKE_SHOPIFY_DEEP_JSON,      /* a 200 of 75 KB of "[" (a stack overflow for json-glib) */
} ScFakeShopifyFailure;

#define SC_TYPE_FAKE_SHOPIFY (sc_fake_shopify_get_type ())
G_DECLARE_FINAL_TYPE (ScFakeShopify, sc_fake_shopify, SC, FAKE_SHOPIFY, GObject)

/* A Shopify GraphQL Admin API on 127.0.0.1 (a free port) that accepts
 * @token, for API version "2024-10" unless told otherwise. It runs in the
 * thread-default main context of its creator. */
ScFakeShopify *sc_fake_shopify_new                (const char            *token,
                                                   GError               **error);
/* "http://127.0.0.1:PORT": the shop URL to give the provider. */
const char    *sc_fake_shopify_get_url            (ScFakeShopify         *self);
guint          sc_fake_shopify_get_port           (ScFakeShopify         *self);
/* The server underneath: its request log and generic faults (dropped
 * connections, empty or slow bodies). */
ScFakeServer  *sc_fake_shopify_get_server         (ScFakeShopify         *self);
void           sc_fake_shopify_set_api_version    (ScFakeShopify         *self,
                                                   const char            *version);
/* The shop's currencyCode, "USD" by default. */
void           sc_fake_shopify_set_currency       (ScFakeShopify         *self,
                                                   const char            *currency);

/* Catalog. Ids are GIDs or numeric ids ("123" is gid://shopify/Product/123,
 * or .../ProductVariant/123 for a variant); @updated_at is ISO 8601 (NULL:
 * now); prices are decimal strings, kept as given; @compare_at_price may be
 * NULL. */
void           sc_fake_shopify_add_product        (ScFakeShopify         *self,
                                                   const char            *id,
                                                   const char            *title,
                                                   const char            *updated_at);
void           sc_fake_shopify_add_variant        (ScFakeShopify         *self,
                                                   const char            *product_id,
                                                   const char            *variant_id,
                                                   const char            *title,
                                                   const char            *sku,
                                                   const char            *price,
                                                   const char            *compare_at_price,
                                                   gint64                 quantity,
                                                   gboolean               tracked);
/* onlineStoreUrl and featuredImage.url; NULL serves null. */
void           sc_fake_shopify_set_product_links  (ScFakeShopify         *self,
                                                   const char            *product_id,
                                                   const char            *online_store_url,
                                                   const char            *image_url);
/* Adds the products of a REST body ({"product": {…}} or {"products": […]}),
 * served in GraphQL shape. A relative @path is read from
 * $SHOPCAST_FIXTURES_DIR (e.g. "shopify/product.json"). */
gboolean       sc_fake_shopify_load_fixture       (ScFakeShopify         *self,
                                                   const char            *path,
                                                   GError               **error);
/* Adds @n_products products of @variants_per_product variants: titles in
 * several scripts, prices such as "19.90", some compare-at prices, some
 * untracked variants; updated_at one second apart from 2026-01-01. */
void           sc_fake_shopify_add_generated      (ScFakeShopify         *self,
                                                   guint                  n_products,
                                                   guint                  variants_per_product);
guint          sc_fake_shopify_get_n_products     (ScFakeShopify         *self);

/* Changes between syncs. Like Shopify, a stock change leaves the product's
 * updated_at alone. Each returns FALSE if there is no such product/variant. */
gboolean       sc_fake_shopify_set_stock          (ScFakeShopify         *self,
                                                   const char            *variant_id,
                                                   gint64                 quantity);
/* Each variant's inventory item has an id of its own, as on Shopify (by
 * default the variant's number followed by "07"); this sets another one. */
gboolean       sc_fake_shopify_set_inventory_item (ScFakeShopify         *self,
                                                   const char            *variant_id,
                                                   const char            *inventory_item_id);
/* The variant's inventory item GID, NULL if there is no such variant. */
const char    *sc_fake_shopify_get_inventory_item (ScFakeShopify         *self,
                                                   const char            *variant_id);
gboolean       sc_fake_shopify_set_updated_at     (ScFakeShopify         *self,
                                                   const char            *product_id,
                                                   const char            *updated_at);
gboolean       sc_fake_shopify_delete_product     (ScFakeShopify         *self,
                                                   const char            *product_id);

/* Failures, in the order they were queued, one request each. */
void           sc_fake_shopify_fail_next          (ScFakeShopify         *self,
                                                   ScFakeShopifyFailure   failure,
                                                   guint                  n_requests);
/* The next @n_requests get their real answer after @delay_ms. */
void           sc_fake_shopify_delay_next         (ScFakeShopify         *self,
                                                   guint                  n_requests,
                                                   guint                  delay_ms);
/* Sent with THROTTLED answers when > 0, as seconds. */
void           sc_fake_shopify_set_retry_after    (ScFakeShopify         *self,
                                                   double                 seconds);
/* In the next successful answer, replaces the value at @path (dot-separated
 * members and array indexes, e.g. "data.products.nodes.3.variants.nodes.0.price")
 * with the JSON text @json, or removes the member if @json is NULL. */
void           sc_fake_shopify_corrupt_next       (ScFakeShopify         *self,
                                                   const char            *path,
                                                   const char            *json);

/* Shopify's leaky bucket and static cost model: an object costs 1, a
 * connection 2 + `first` times its node; a product as Shopcast selects it
 * with variants(first: 100) is 206 (1, 3 for featuredMedia's preview image,
 * 2 + 100 × 2 for the variants and their inventory items). The requested
 * cost must be in the bucket or the query is THROTTLED; the actual cost
 * (what came back) is taken out. Off by default: no query is refused and
 * the bucket reads as full. */
void           sc_fake_shopify_set_throttling     (ScFakeShopify         *self,
                                                   gboolean               enabled);
/* Defaults 1000, 50 and full. */
void           sc_fake_shopify_set_bucket         (ScFakeShopify         *self,
                                                   double                 maximum,
                                                   double                 restore_rate,
                                                   double                 currently_available);
/* At most this many products a page whatever `first` asks (default 250). */
void           sc_fake_shopify_set_page_size_cap  (ScFakeShopify         *self,
                                                   guint                  cap);
/* Refuses costlier queries with MAX_COST_EXCEEDED (0, the default: 1,000
 * as Shopify when throttling is on, never when it is off). */
void           sc_fake_shopify_set_max_query_cost (ScFakeShopify         *self,
                                                   guint                  cost);

/* Prices: productVariantsBulkUpdate (productId, variants: [{id, price,
 * compareAtPrice}]) changes them as Shopify does, all or nothing, with
 * userErrors for an unknown product or variant; any other input field,
 * or a price that is not a decimal string, is a GraphQL error. This makes
 * the next update answer with this userError instead and change nothing
 * (@field dot-separated, e.g. "variants.0.price"). */
void           sc_fake_shopify_refuse_next_update (ScFakeShopify         *self,
                                                   const char            *field,
                                                   const char            *message,
                                                   const char            *code);
/* The variant's price and compare-at price as the shop has them now
 * (compare-at NULL when none); FALSE if there is no such variant. */
gboolean       sc_fake_shopify_get_prices         (ScFakeShopify         *self,
                                                   const char            *variant_id,
                                                   const char           **price,
                                                   const char           **compare_at_price);
guint          sc_fake_shopify_get_update_count   (ScFakeShopify         *self);

/* What was asked. */
guint          sc_fake_shopify_get_request_count   (ScFakeShopify        *self);
guint          sc_fake_shopify_get_throttled_count (ScFakeShopify        *self);
/* The requestedQueryCost of every query answered (or refused), in order. */
const GArray  *sc_fake_shopify_get_requested_costs (ScFakeShopify        *self);
/* The GraphQL text and variables of the last well-formed request. */
const char    *sc_fake_shopify_get_last_query      (ScFakeShopify        *self);
JsonObject    *sc_fake_shopify_get_last_variables  (ScFakeShopify        *self);

G_END_DECLS
