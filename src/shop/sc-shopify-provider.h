/* sc-shopify-provider.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shop/sc-shop-config.h"
#include "shop/sc-shop-provider.h"

G_BEGIN_DECLS

#define SC_TYPE_SHOPIFY_PROVIDER (sc_shopify_provider_get_type ())
G_DECLARE_FINAL_TYPE (ScShopifyProvider, sc_shopify_provider, SC, SHOPIFY_PROVIDER, GObject)

/* A Shopify store read through the GraphQL Admin API. @config->url is the
 * store's https:// address (plain http:// only to a loopback host, for tests),
 * @config->token its Admin API access token. Product ids are Shopify GIDs;
 * fetch_products also takes numeric ids ("123"). */
ScShopProvider *sc_shopify_provider_new (const ScShopConfig  *config,
                                         GError             **error);

G_END_DECLS
