/* sc-fake-woocommerce.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "sc-fake-server.h"

G_BEGIN_DECLS

#define SC_TYPE_FAKE_WOOCOMMERCE (sc_fake_woocommerce_get_type ())
G_DECLARE_FINAL_TYPE (ScFakeWooCommerce, sc_fake_woocommerce, SC, FAKE_WOOCOMMERCE, GObject)

typedef enum {
  SC_FAKE_WOO_MALFORMED_JSON,  /* a 200 whose body is cut in the middle */
  SC_FAKE_WOO_WRONG_TYPE,      /* the last item's "price" is the number 19.9 */
  SC_FAKE_WOO_EMPTY_BODY,      /* a 200 with nothing in the body */
  SC_FAKE_WOO_DEEP_JSON,       /* a 200 of 75 KB of "[" (a stack overflow for json-glib) */
} ScFakeWooCorruption;

/* A WooCommerce REST API v3 (`/wp-json/wc/v3/`) on 127.0.0.1, on a free port,
 * that accepts HTTP Basic auth with this key and secret only. Store currency
 * "USD" until set. Products are listed in the order they were added. */
ScFakeWooCommerce *sc_fake_woocommerce_new             (const char          *consumer_key,
                                                        const char          *consumer_secret,
                                                        GError             **error);
/* "http://127.0.0.1:PORT", without a trailing slash. */
const char        *sc_fake_woocommerce_get_url         (ScFakeWooCommerce   *self);
/* The server underneath: its request log and generic faults (dropped
 * connections, empty or slow bodies). */
ScFakeServer      *sc_fake_woocommerce_get_server      (ScFakeWooCommerce   *self);

/* The `woocommerce_currency` setting; NULL makes the settings route answer
 * 403, as for a key without the right to read settings. */
void               sc_fake_woocommerce_set_currency    (ScFakeWooCommerce   *self,
                                                        const char          *currency);
/* FALSE leaves out X-WP-Total and X-WP-TotalPages, as some proxies do. */
void               sc_fake_woocommerce_set_send_totals (ScFakeWooCommerce   *self,
                                                        gboolean             send);

/* The catalog. Ids are products' and variations' alike; every change sets
 * date_modified_gmt to now, as WooCommerce does. */
void               sc_fake_woocommerce_add_simple      (ScFakeWooCommerce   *self,
                                                        gint64               id,
                                                        const char          *name,
                                                        const char          *regular_price);
void               sc_fake_woocommerce_add_variable    (ScFakeWooCommerce   *self,
                                                        gint64               id,
                                                        const char          *name);
/* Attributes as name, option pairs, then NULL: ("Color", "Blue", NULL). */
void               sc_fake_woocommerce_add_variation   (ScFakeWooCommerce   *self,
                                                        gint64               product_id,
                                                        gint64               id,
                                                        const char          *regular_price,
                                                        ...) G_GNUC_NULL_TERMINATED;
/* "" or NULL ends the sale. */
void               sc_fake_woocommerce_set_sale_price  (ScFakeWooCommerce   *self,
                                                        gint64               id,
                                                        const char          *sale_price);
void               sc_fake_woocommerce_set_sku         (ScFakeWooCommerce   *self,
                                                        gint64               id,
                                                        const char          *sku);
/* manage_stock true with this stock_quantity (stock_status follows it). */
void               sc_fake_woocommerce_set_stock       (ScFakeWooCommerce   *self,
                                                        gint64               id,
                                                        gint64               quantity);
/* manage_stock false, stock_quantity null, and this stock_status. */
void               sc_fake_woocommerce_set_stock_untracked (ScFakeWooCommerce *self,
                                                        gint64               id,
                                                        const char          *stock_status);
/* A variation's manage_stock "parent": it shares its product's count. */
void               sc_fake_woocommerce_set_stock_parent (ScFakeWooCommerce  *self,
                                                        gint64               id);
void               sc_fake_woocommerce_set_status      (ScFakeWooCommerce   *self,
                                                        gint64               id,
                                                        const char          *status);
/* An ISO 8601 UTC date such as "2024-05-01T10:00:00". */
void               sc_fake_woocommerce_set_modified    (ScFakeWooCommerce   *self,
                                                        gint64               id,
                                                        const char          *date_modified_gmt);
/* Replaces a member with this JSON text, or removes it when @json is NULL:
 * for responses with wrong types or missing fields. The string
 * "@raw:TEXT" is sent as TEXT, unquoted: for numbers beyond what json-glib
 * holds (99999999999999999999). */
void               sc_fake_woocommerce_set_member      (ScFakeWooCommerce   *self,
                                                        gint64               id,
                                                        const char          *member,
                                                        const char          *json);
void               sc_fake_woocommerce_delete          (ScFakeWooCommerce   *self,
                                                        gint64               id);

/* Failures for the next @n requests to the products routes (listings and
 * variations; the settings route is never failed this way), in the order
 * they were asked for. */
void               sc_fake_woocommerce_fail_next       (ScFakeWooCommerce   *self,
                                                        guint                n,
                                                        guint                status);
void               sc_fake_woocommerce_throttle_next   (ScFakeWooCommerce   *self,
                                                        guint                n,
                                                        const char          *retry_after);
/* Answers correctly, but only after @delay_ms. */
void               sc_fake_woocommerce_delay_next      (ScFakeWooCommerce   *self,
                                                        guint                n,
                                                        guint                delay_ms);
/* While held, a PUT is neither applied nor answered; releasing (FALSE)
 * applies and answers the held ones in arrival order. */
void               sc_fake_woocommerce_hold_updates    (ScFakeWooCommerce   *self,
                                                        gboolean             hold);
guint              sc_fake_woocommerce_get_held_update_count (ScFakeWooCommerce *self);
void               sc_fake_woocommerce_corrupt_next    (ScFakeWooCommerce   *self,
                                                        guint                n,
                                                        ScFakeWooCorruption  corruption);

/* Updates: PUT /products/<id> and /products/<id>/variations/<id> take
 * sale_price (a decimal string, "" for none) and date_on_sale_from_gmt /
 * date_on_sale_to_gmt (ISO 8601 or null), checked as the REST schema
 * does (400 rest_invalid_param), and answer the item as saved. A sale whose
 * date_on_sale_to has passed is removed, as WooCommerce's scheduled-sales
 * job does. The faults above apply to them too. */
JsonObject        *sc_fake_woocommerce_get_last_body   (ScFakeWooCommerce   *self);
guint              sc_fake_woocommerce_get_update_count (ScFakeWooCommerce  *self);
/* A string member of the item now ("price", "sale_price", …), NULL if null. */
const char        *sc_fake_woocommerce_get_string      (ScFakeWooCommerce   *self,
                                                        gint64               id,
                                                        const char          *member);

/* Every request received, refused ones included. */
guint              sc_fake_woocommerce_get_request_count (ScFakeWooCommerce *self);
/* Each request as path?query, as received, oldest first. */
GPtrArray         *sc_fake_woocommerce_get_requests    (ScFakeWooCommerce   *self);
/* A decoded query parameter of the last request, NULL if it had none. */
const char        *sc_fake_woocommerce_get_last_param  (ScFakeWooCommerce   *self,
                                                        const char          *name);
/* TRUE if a request came without the right credentials. */
gboolean           sc_fake_woocommerce_saw_bad_auth    (ScFakeWooCommerce   *self);

G_END_DECLS
