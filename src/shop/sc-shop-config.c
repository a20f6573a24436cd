/* sc-shop-config.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-shop-config"

#include "config.h"

#include <string.h>

#include "sc-local-provider.h"
#include "sc-shop-config.h"
#include "sc-shopify-provider.h"
#include "sc-woocommerce-provider.h"

static void
wipe (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

ScShopConfig *
sc_shop_config_new (ScShopKind kind)
{
  ScShopConfig *self = g_new0 (ScShopConfig, 1);

  self->kind = kind;
  self->api_version = g_strdup ("2024-10");
  self->currency = g_strdup ("USD");
  self->refresh_s = 5.0;
  self->full_refresh_s = 300.0;
  self->timeout_s = 15.0;
  self->max_retries = 5;
  self->cache = TRUE;
  return self;
}

ScShopConfig *
sc_shop_config_copy (const ScShopConfig *self)
{
  ScShopConfig *copy = g_memdup2 (self, sizeof *self);

  copy->url = g_strdup (self->url);
  copy->api_version = g_strdup (self->api_version);
  copy->token = g_strdup (self->token);
  copy->consumer_key = g_strdup (self->consumer_key);
  copy->consumer_secret = g_strdup (self->consumer_secret);
  copy->file = g_strdup (self->file);
  copy->currency = g_strdup (self->currency);
  copy->webhook_secret = g_strdup (self->webhook_secret);
  copy->cache_dir = g_strdup (self->cache_dir);
  return copy;
}

void
sc_shop_config_free (ScShopConfig *self)
{
  if (self == NULL)
    return;
  g_free (self->url);
  g_free (self->api_version);
  wipe (self->token);
  wipe (self->consumer_key);
  wipe (self->consumer_secret);
  g_free (self->file);
  g_free (self->currency);
  wipe (self->webhook_secret);
  g_free (self->cache_dir);
  g_free (self);
}

const char *
sc_shop_kind_to_string (ScShopKind kind)
{
  switch (kind)
    {
    case SC_SHOP_KIND_LOCAL:
      return "local";
    case SC_SHOP_KIND_SHOPIFY:
      return "shopify";
    case SC_SHOP_KIND_WOOCOMMERCE:
      return "woocommerce";
    default:
      g_return_val_if_reached (NULL);
    }
}

ScShopProvider *
sc_shop_provider_new_for_config (const ScShopConfig  *config,
                                 GError             **error)
{
  g_return_val_if_fail (config != NULL, NULL);

  switch (config->kind)
    {
    case SC_SHOP_KIND_SHOPIFY:
      return sc_shopify_provider_new (config, error);
    case SC_SHOP_KIND_WOOCOMMERCE:
      return sc_woocommerce_provider_new (config, error);
    case SC_SHOP_KIND_LOCAL:
      return sc_local_provider_new (config, error);
    default:
      g_return_val_if_reached (NULL);
    }
}
