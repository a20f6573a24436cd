/* sc-woocommerce-provider.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shop/sc-shop-config.h"
#include "shop/sc-shop-provider.h"

G_BEGIN_DECLS

#define SC_TYPE_WOOCOMMERCE_PROVIDER (sc_woocommerce_provider_get_type ())
G_DECLARE_FINAL_TYPE (ScWooCommerceProvider, sc_woocommerce_provider,
                      SC, WOOCOMMERCE_PROVIDER, GObject)

/* A WooCommerce shop over the REST API v3 (`{url}/wp-json/wc/v3/`), with
 * HTTP Basic auth from @config's consumer key and secret. Fails when the key
 * would travel in clear text: the URL must be https:// or a loopback host.
 * Uses @config's url, consumer_key, consumer_secret, currency (only when the
 * shop does not say its own), timeout_s and max_retries. */
ScShopProvider *sc_woocommerce_provider_new          (const ScShopConfig    *config,
                                                      GError               **error);
/* The currency prices are read in: the store's `woocommerce_currency`
 * setting, asked once before the first listing; if the key may not read
 * settings, the configured currency (default "USD"). NULL until then. */
const char     *sc_woocommerce_provider_get_currency (ScWooCommerceProvider  *self);

G_END_DECLS
