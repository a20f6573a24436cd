/* sc-catalog-cache.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "shop/sc-shop-config.h"

G_BEGIN_DECLS

#define SC_TYPE_CATALOG_CACHE (sc_catalog_cache_get_type ())
G_DECLARE_FINAL_TYPE (ScCatalogCache, sc_catalog_cache, SC, CATALOG_CACHE, GObject)

/* The last good catalog of each shop, in <cache_dir>/catalog.sqlite, so a
 * show can start without network. Shops are told apart by a key (provider
 * kind and base URL). A damaged file is moved aside to
 * catalog.sqlite.corrupt-<timestamp> and a fresh one is started; a file
 * from a newer Shopcast is left alone and refused. Calls are thread-safe. */
ScCatalogCache *sc_catalog_cache_new         (const char          *cache_dir);
const char     *sc_catalog_cache_get_path    (ScCatalogCache      *self);
/* The key of the shop @config describes: its kind and base URL (or file). */
char           *sc_catalog_cache_make_key    (const ScShopConfig  *config);

/* Replaces the shop's cached catalog (ScProduct *, with variants) in one
 * transaction: on failure the previous one stays. */
gboolean        sc_catalog_cache_save        (ScCatalogCache      *self,
                                              const char          *key,
                                              GPtrArray           *products,
                                              GDateTime           *synced_at,
                                              GError             **error);
/* New ScProduct objects, in the saved order; SC_SHOP_ERROR_NOT_FOUND when
 * nothing was saved for @key yet. */
GPtrArray      *sc_catalog_cache_load        (ScCatalogCache      *self,
                                              const char          *key,
                                              GDateTime          **synced_at,
                                              GError             **error);

/* The same in a worker thread. @products is copied before this returns, so
 * the caller may change them right away. */
void            sc_catalog_cache_save_async  (ScCatalogCache      *self,
                                              const char          *key,
                                              GPtrArray           *products,
                                              GDateTime           *synced_at,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean        sc_catalog_cache_save_finish (ScCatalogCache      *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void            sc_catalog_cache_load_async  (ScCatalogCache      *self,
                                              const char          *key,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GPtrArray      *sc_catalog_cache_load_finish (ScCatalogCache      *self,
                                              GAsyncResult        *result,
                                              GDateTime          **synced_at,
                                              GError             **error);

G_END_DECLS
