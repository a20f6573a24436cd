/* sc-shop-config.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "base/sc-json-reader.h"
#include "shop/sc-shop-provider.h"

G_BEGIN_DECLS

typedef enum {
  SC_SHOP_KIND_LOCAL,        /* a catalog file: JSON (docs/show-format.md) or CSV */
  SC_SHOP_KIND_SHOPIFY,
  SC_SHOP_KIND_WOOCOMMERCE,
} ScShopKind;

/* Where the catalog comes from and how it is kept in sync: the show file's
 * "shop" object, read and written here (secrets resolved from the *_env
 * names, which are what is saved). */
typedef struct {
  ScShopKind  kind;
  char       *url;              /* base URL: https://shop.example, or http://127.0.0.1:PORT */
  char       *api_version;      /* Shopify Admin API version, e.g. "2024-10" */
  char       *token;            /* Shopify access token (from token_env); never logged */
  char       *consumer_key;     /* WooCommerce (from key_env); never logged */
  char       *consumer_secret;  /* WooCommerce (from secret_env); never logged */
  char       *file;             /* local: catalog file path (JSON or .csv) */
  char       *currency;         /* local CSV: currency of its prices, default "USD" */
  double      refresh_s;        /* on-air products, default 5 */
  double      full_refresh_s;   /* incremental catalog sync, default 300 */
  double      timeout_s;        /* one HTTP request, default 15 */
  guint       max_retries;      /* on 5xx, timeouts, throttling; default 5 */
  int         webhook_port;     /* 0: no webhook receiver */
  char       *webhook_secret;   /* from secret_env; never logged */
  gboolean    cache;            /* keep the catalog in SQLite for offline starts; default TRUE */
  char       *cache_dir;        /* NULL: $XDG_DATA_HOME/shopcast */
  /* The names the secrets were read from; saved instead of the secrets. */
  char       *token_env;
  char       *key_env;
  char       *secret_env;
  char       *webhook_secret_env;
} ScShopConfig;

ScShopConfig   *sc_shop_config_new   (ScShopKind          kind);
ScShopConfig   *sc_shop_config_copy  (const ScShopConfig *self);
void            sc_shop_config_free  (ScShopConfig       *self);
/* Where the shop's product images are cached: cache_dir, or the user's
 * cache folder. The studio's card and the window's list share it, so each
 * picture is downloaded once. */
char           *sc_shop_config_get_image_dir (const ScShopConfig *self);
const char     *sc_shop_kind_to_string (ScShopKind        kind);
/* The show file's "shop" object at @path; errors go to @reader. The local
 * provider's file is the show's products.file: the show fills it in. */
ScShopConfig   *sc_shop_config_new_from_json (JsonNode           *node,
                                              ScJsonReader       *reader,
                                              const char         *path);
/* Defaults left out; secrets never written, only their *_env names. */
JsonNode       *sc_shop_config_to_json (const ScShopConfig *self);
/* https://, or plain http:// to this computer only. */
gboolean        sc_shop_url_check      (const char         *url,
                                        ScJsonReader       *reader,
                                        const char         *path);
/* The provider this configuration describes. */
ScShopProvider *sc_shop_provider_new_for_config (const ScShopConfig *config,
                                                 GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScShopConfig, sc_shop_config_free)

G_END_DECLS
