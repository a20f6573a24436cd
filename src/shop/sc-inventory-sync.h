/* sc-inventory-sync.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "shop/sc-catalog.h"
#include "shop/sc-shop-config.h"
#include "shop/sc-shop-provider.h"

G_BEGIN_DECLS

typedef enum {
  SC_INVENTORY_SYNC_STATE_IDLE,           /* not started, or cancelled */
  SC_INVENTORY_SYNC_STATE_LOADING_CACHE,  /* reading the last good catalog */
  SC_INVENTORY_SYNC_STATE_SYNCING,        /* the first full sync is running */
  SC_INVENTORY_SYNC_STATE_LIVE,           /* the catalog follows the shop */
  SC_INVENTORY_SYNC_STATE_OFFLINE,        /* the shop cannot be reached; retrying */
  SC_INVENTORY_SYNC_STATE_FAILED,         /* the shop refused us or sent bad data; retrying */
} ScInventorySyncState;

#define SC_TYPE_INVENTORY_SYNC_STATE (sc_inventory_sync_state_get_type ())
GType sc_inventory_sync_state_get_type (void);

/* What one full sync did, for `shopcast --sync-catalog`. */
typedef struct {
  guint   products;  /* in the catalog afterwards */
  guint   variants;
  guint   requests;  /* HTTP requests the provider made */
  double  seconds;
  GStrv   errors;    /* messages; empty when all went well */
} ScSyncSummary;

void sc_sync_summary_free (ScSyncSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScSyncSummary, sc_sync_summary_free)

#define SC_TYPE_INVENTORY_SYNC (sc_inventory_sync_get_type ())
G_DECLARE_FINAL_TYPE (ScInventorySync, sc_inventory_sync, SC, INVENTORY_SYNC, GObject)

/* Keeps @catalog in sync with @provider: the cached catalog first (offline
 * start), then a full sync, then the on-air products every
 * config->refresh_s, the whole catalog incrementally every
 * config->full_refresh_s, and webhooks when config->webhook_port is set
 * (a negative port picks a free one, for tests). Only the fields of
 * @config it needs are copied; provider secrets are not.
 *
 * Properties: state (ScInventorySyncState), stale (the catalog may be
 * out of date: from the cache, or the last sync failed), synced-at
 * (GDateTime of the last good sync, or of the cached catalog), error (the
 * last error message, NULL after a good sync).
 * Signals:
 *   progress (guint pages, guint products) during a sync, per page;
 *   stock-changed (ScProduct *product, gint64 old_stock, gint64 new_stock)
 *     for any catalog product whose stock a sync, a refresh or a webhook
 *     changed, right after the catalog was updated; @product is the
 *     catalog's own object;
 *   synced (guint added, guint updated, guint removed) after a good sync;
 *   failed (GError *error) when a sync or refresh fails. */
ScInventorySync      *sc_inventory_sync_new              (ScShopProvider      *provider,
                                                          ScCatalog           *catalog,
                                                          const ScShopConfig  *config);
void                  sc_inventory_sync_start            (ScInventorySync     *self);
/* Stops everything start() began, a sync under way included; the catalog
 * keeps what it has. start() may be called again. */
void                  sc_inventory_sync_cancel           (ScInventorySync     *self);
/* The products that matter on air (the pinned one, the next ones in the
 * rundown): ids, numeric Shopify ids or SKUs. NULL or empty: none. */
void                  sc_inventory_sync_set_on_air       (ScInventorySync     *self,
                                                          const char * const  *ids);
ScInventorySyncState  sc_inventory_sync_get_state        (ScInventorySync     *self);
gboolean              sc_inventory_sync_get_stale        (ScInventorySync     *self);
GDateTime            *sc_inventory_sync_get_synced_at    (ScInventorySync     *self);
const char           *sc_inventory_sync_get_error        (ScInventorySync     *self);
/* The webhook receiver's port, 0 when there is none. */
guint                 sc_inventory_sync_get_webhook_port (ScInventorySync     *self);
/* The shop changed @ids (product ids) behind the sync, as a price written
 * back: they are fetched again now, and what a cache load, sync or refresh
 * that began earlier brings of them is not applied over the catalog's. */
void                  sc_inventory_sync_refetch          (ScInventorySync     *self,
                                                          const char * const  *ids);

/* One full sync without the rest (no refresh, no webhooks, no retry): the
 * catalog is replaced and cached only when it completes. The summary is
 * set even when it fails. */
void                  sc_inventory_sync_run_full_async   (ScInventorySync     *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean              sc_inventory_sync_run_full_finish  (ScInventorySync     *self,
                                                          GAsyncResult        *result,
                                                          ScSyncSummary      **summary,
                                                          GError             **error);

G_END_DECLS
