/* sc-inventory-sync.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-inventory-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "base/sc-backoff.h"
#include "base/sc-json-reader.h"

#include "sc-catalog-cache.h"
#include "sc-inventory-sync.h"
#include "sc-money.h"
#include "sc-shop-error.h"
#include "sc-webhook-receiver.h"

#define DEFAULT_REFRESH_S       5.0
#define DEFAULT_FULL_REFRESH_S  300.0
/* The first retry after a failure; it doubles up to full_refresh_s. */
#define FIRST_RETRY_S           2.0
/* An incremental sync asks for changes since the last sync started, minus
 * this, so a shop clock a little behind ours loses nothing. */
#define INCREMENTAL_OVERLAP_S   60
/* Incremental syncs cannot see deletions: every so many passes is a full
 * one (hourly with the default five minutes). */
#define FULL_SYNC_EVERY         12

G_DEFINE_ENUM_TYPE (ScInventorySyncState, sc_inventory_sync_state,
                    G_DEFINE_ENUM_VALUE (SC_INVENTORY_SYNC_STATE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (SC_INVENTORY_SYNC_STATE_LOADING_CACHE, "loading-cache"),
                    G_DEFINE_ENUM_VALUE (SC_INVENTORY_SYNC_STATE_SYNCING, "syncing"),
                    G_DEFINE_ENUM_VALUE (SC_INVENTORY_SYNC_STATE_LIVE, "live"),
                    G_DEFINE_ENUM_VALUE (SC_INVENTORY_SYNC_STATE_OFFLINE, "offline"),
                    G_DEFINE_ENUM_VALUE (SC_INVENTORY_SYNC_STATE_FAILED, "failed"))

typedef struct _Pass Pass;
typedef struct _RefreshOp RefreshOp;

struct _ScInventorySync
{
  GObject               parent_instance;

  ScShopProvider       *provider;
  ScCatalog            *catalog;
  ScCatalogCache       *cache;  /* NULL when the show keeps no cache */
  char                 *cache_key;
  ScShopKind            kind;
  double                refresh_s;
  double                full_refresh_s;
  int                   webhook_port;
  char                 *webhook_secret;
  ScWebhookReceiver    *receiver;

  ScInventorySyncState  state;
  gboolean              stale;
  GDateTime            *synced_at;
  char                 *error;

  /* Everything start() began; cancelled and replaced by cancel(). Callbacks
   * look at their own cancellable before they touch @self. */
  GCancellable         *cancellable;
  gboolean              started;
  Pass                 *pass;            /* the sync under way, or NULL */
  guint                 pass_source;     /* the next sync or retry */
  gboolean              next_pass_complete;
  guint                 passes_since_full;
  ScBackoff             backoff;
  gboolean              had_full_sync;   /* a complete sync succeeded */
  GDateTime            *last_pass_start; /* of the last good sync */

  char                **on_air;
  guint                 refresh_source;
  RefreshOp            *refresh;         /* the refresh under way, or NULL */
  gboolean              refresh_again;
  GPtrArray            *extra_ids;       /* products webhooks asked to fetch */

  /* Products the shop changed behind the sync (sc_inventory_sync_refetch()):
   * id -> the generation of that change. A fetch that began at an earlier
   * generation has stale copies of them: the catalog keeps its own. */
  GHashTable           *changed;
  guint                 generation;
  guint                 cache_generation; /* of the cache load under way */
};

G_DEFINE_FINAL_TYPE (ScInventorySync, sc_inventory_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_STALE,
  PROP_SYNCED_AT,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PROGRESS,
  STOCK_CHANGED,
  SYNCED,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef void (*PassDone) (Pass         *pass,
                          const GError *error);

/* One sync: every page of the listing, kept aside until the last one came,
 * so a failure half-way never touches the catalog. */
struct _Pass
{
  ScInventorySync *self;  /* borrowed: valid while @cancellable is not cancelled
                           * (background syncs) or held by @task (run_full) */
  ScShopProvider  *provider;
  GCancellable    *cancellable;
  GCancellable    *parent;
  gulong           parent_handler;
  GCancellable    *caller;
  gulong           caller_handler;
  gboolean         complete;
  GDateTime       *updated_since;
  GDateTime       *started_at;
  gint64           started_usec;
  guint            requests_at_start;
  char            *cursor;
  guint            pages;
  GPtrArray       *products;  /* ScProduct *, listing order */
  GHashTable      *index;     /* id -> position in @products */
  GTask           *task;      /* run_full only */
  PassDone         done;
  guint            generation;
};

struct _RefreshOp
{
  ScInventorySync *self;  /* borrowed: valid while @cancellable is not cancelled */
  GCancellable    *cancellable;
  GStrv            ids;
  guint            generation;
};

void
sc_sync_summary_free (ScSyncSummary *summary)
{
  if (summary == NULL)
    return;
  g_strfreev (summary->errors);
  g_free (summary);
}

static ScSyncSummary *
summary_copy (const ScSyncSummary *summary)
{
  ScSyncSummary *copy = g_memdup2 (summary, sizeof *summary);

  copy->errors = g_strdupv (summary->errors);
  return copy;
}

static void
summary_add_error (ScSyncSummary *summary,
                   const char    *message)
{
  guint n = g_strv_length (summary->errors);

  summary->errors = g_renew (char *, summary->errors, n + 2);
  summary->errors[n] = g_strdup (message);
  summary->errors[n + 1] = NULL;
}

static guint
to_ms (double seconds)
{
  return (guint)CLAMP (seconds * 1000.0, 1.0, (double)G_MAXUINT);
}

/* Property setters */

static void
set_state (ScInventorySync      *self,
           ScInventorySyncState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_stale (ScInventorySync *self,
           gboolean         stale)
{
  stale = !!stale;
  if (self->stale == stale)
    return;
  self->stale = stale;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE]);
}

static void
set_synced_at (ScInventorySync *self,
               GDateTime       *synced_at)
{
  if (self->synced_at == synced_at ||
      (self->synced_at != NULL && synced_at != NULL &&
       g_date_time_equal (self->synced_at, synced_at)))
    return;
  g_clear_pointer (&self->synced_at, g_date_time_unref);
  self->synced_at = synced_at ? g_date_time_ref (synced_at) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCED_AT]);
}

static void
set_error (ScInventorySync *self,
           const char      *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* Catalog updates */

/* @id is @number, or a Shopify GID ending in it. */
static gboolean
id_matches_number (const char *id,
                   const char *number)
{
  const char *slash;

  if (g_strcmp0 (id, number) == 0)
    return TRUE;
  if (id == NULL || !g_str_has_prefix (id, "gid://"))
    return FALSE;
  slash = strrchr (id, '/');
  return g_strcmp0 (slash + 1, number) == 0;
}

/* sc_catalog_lookup() falls back to SKUs; merging needs the very id. */
static ScProduct *
lookup_exact (ScInventorySync *self,
              const char      *id)
{
  ScProduct *product = sc_catalog_lookup (self->catalog, id);

  if (product != NULL && g_strcmp0 (sc_product_get_id (product), id) == 0)
    return product;
  return NULL;
}

static ScProduct *
lookup_number (ScInventorySync *self,
               const char      *number)
{
  ScProduct *product = sc_catalog_lookup (self->catalog, number);

  if (product != NULL && id_matches_number (sc_product_get_id (product), number))
    return product;
  return NULL;
}

typedef struct {
  ScProduct *product;
  gint64     stock;
} StockBefore;

static void
stock_before_clear (StockBefore *before)
{
  g_clear_object (&before->product);
}

/* Merges @products into the catalog and reports stock changes, on the
 * catalog's own objects, once the catalog is consistent again. */
/* Takes out of @products (fetched from generation @since on) the products
 * the shop changed later: the catalog's own copy stands in for one it has,
 * one it lacks is left for the refetch to add. */
static void
drop_stale (ScInventorySync *self,
            GPtrArray       *products,
            guint            since)
{
  if (g_hash_table_size (self->changed) == 0)
    return;
  for (guint i = 0; i < products->len; i++)
    {
      ScProduct *product = g_ptr_array_index (products, i);
      gpointer changed_at;
      ScProduct *existing;

      if (!SC_IS_PRODUCT (product) ||
          !g_hash_table_lookup_extended (self->changed, sc_product_get_id (product), NULL,
                                         &changed_at) ||
          GPOINTER_TO_UINT (changed_at) <= since)
        continue;
      g_debug ("Product %s changed in the shop after this fetch began; kept as it is",
               sc_product_get_id (product));
      existing = lookup_exact (self, sc_product_get_id (product));
      if (existing != NULL)
        {
          g_ptr_array_index (products, i) = g_object_ref (existing);
          g_object_unref (product);
        }
      else
        g_ptr_array_remove_index (products, i--);
    }
}

static void
apply_products (ScInventorySync *self,
                GPtrArray       *products,
                gboolean         complete,
                guint           *added,
                guint           *updated,
                guint           *removed)
{
  g_autoptr(GArray) before = g_array_new (FALSE, FALSE, sizeof (StockBefore));

  g_array_set_clear_func (before, (GDestroyNotify)stock_before_clear);
  for (guint i = 0; i < products->len; i++)
    {
      ScProduct *existing = lookup_exact (self, sc_product_get_id (g_ptr_array_index (products,
                                                                                       i)));
      StockBefore entry;

      if (existing == NULL)
        continue;
      entry.product = g_object_ref (existing);
      entry.stock = sc_product_get_stock (existing);
      g_array_append_val (before, entry);
    }

  sc_catalog_merge (self->catalog, products, complete, added, updated, removed);

  for (guint i = 0; i < before->len; i++)
    {
      StockBefore *entry = &g_array_index (before, StockBefore, i);
      gint64 stock = sc_product_get_stock (entry->product);

      if (stock != entry->stock)
        g_signal_emit (self, signals[STOCK_CHANGED], 0, entry->product, entry->stock, stock);
    }
}

static GPtrArray *
catalog_products (ScInventorySync *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->catalog));
  GPtrArray *products = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (products, g_list_model_get_item (G_LIST_MODEL (self->catalog), i));
  return products;
}

static void
on_cache_saved (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Only logged: the sync itself went well, and the next one saves again. */
  if (!sc_catalog_cache_save_finish (SC_CATALOG_CACHE (source), result, &error))
    g_message ("%s", error->message);
}

/* Not cancelled with the sync: a good catalog is worth finishing to write. */
static void
save_cache (ScInventorySync     *self,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GPtrArray) products = catalog_products (self);

  sc_catalog_cache_save_async (self->cache, self->cache_key, products, self->synced_at, NULL,
                               callback, user_data);
}

/* Sync state */

/* Network trouble is waited out; a refused token or bad data needs a person. */
static gboolean
is_offline_error (const GError *error)
{
  if (error->domain != SC_SHOP_ERROR)
    return TRUE;
  return error->code == SC_SHOP_ERROR_NETWORK || error->code == SC_SHOP_ERROR_THROTTLED;
}

static void
enter_error (ScInventorySync *self,
             const GError    *error)
{
  ScInventorySyncState state = is_offline_error (error) ? SC_INVENTORY_SYNC_STATE_OFFLINE
                                                        : SC_INVENTORY_SYNC_STATE_FAILED;

  if (self->state != state || g_strcmp0 (self->error, error->message) != 0)
    g_message ("Catalog sync with %s failed: %s",
               sc_shop_provider_get_name (self->provider), error->message);

  g_object_freeze_notify (G_OBJECT (self));
  set_error (self, error->message);
  set_stale (self, TRUE);
  set_state (self, state);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[FAILED], 0, error);
}

static void begin_pass    (ScInventorySync *self,
                           gboolean         complete);
static void begin_refresh (ScInventorySync *self);

static gboolean
on_pass_timeout (gpointer user_data)
{
  ScInventorySync *self = user_data;

  self->pass_source = 0;
  begin_pass (self, self->next_pass_complete);
  return G_SOURCE_REMOVE;
}

static void
schedule_pass (ScInventorySync *self,
               double           seconds,
               gboolean         complete)
{
  g_clear_handle_id (&self->pass_source, g_source_remove);
  self->next_pass_complete = complete;
  self->pass_source = g_timeout_add_full (G_PRIORITY_DEFAULT, to_ms (seconds),
                                          on_pass_timeout, self, NULL);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->pass_source),
                            "[shopcast] catalog sync");
}

static void
schedule_retry (ScInventorySync *self)
{
  if (!self->started)
    return;
  schedule_pass (self, sc_backoff_next (&self->backoff), !self->had_full_sync);
}

static void
schedule_next_pass (ScInventorySync *self)
{
  if (!self->started || self->pass_source != 0)
    return;
  schedule_pass (self, self->full_refresh_s, self->passes_since_full + 1 >= FULL_SYNC_EVERY);
}

/* Passes */

static void
cancel_linked (GCancellable *source,
               gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static Pass *
pass_new (ScInventorySync *self,
          gboolean         complete,
          GDateTime       *updated_since,
          GCancellable    *caller)
{
  Pass *pass = g_new0 (Pass, 1);

  pass->self = self;
  pass->provider = g_object_ref (self->provider);
  pass->cancellable = g_cancellable_new ();
  pass->parent = g_object_ref (self->cancellable);
  pass->parent_handler = g_cancellable_connect (pass->parent, G_CALLBACK (cancel_linked),
                                                g_object_ref (pass->cancellable),
                                                g_object_unref);
  if (caller != NULL)
    {
      pass->caller = g_object_ref (caller);
      pass->caller_handler = g_cancellable_connect (caller, G_CALLBACK (cancel_linked),
                                                    g_object_ref (pass->cancellable),
                                                    g_object_unref);
    }
  pass->complete = complete;
  pass->updated_since = updated_since ? g_date_time_ref (updated_since) : NULL;
  pass->started_at = g_date_time_new_now_utc ();
  pass->started_usec = g_get_monotonic_time ();
  pass->requests_at_start = sc_shop_provider_get_request_count (self->provider);
  pass->products = g_ptr_array_new_with_free_func (g_object_unref);
  pass->index = g_hash_table_new (g_str_hash, g_str_equal);
  pass->generation = self->generation;
  return pass;
}

static void
pass_free (Pass *pass)
{
  if (pass->parent_handler != 0)
    g_cancellable_disconnect (pass->parent, pass->parent_handler);
  if (pass->caller_handler != 0)
    g_cancellable_disconnect (pass->caller, pass->caller_handler);
  g_clear_object (&pass->parent);
  g_clear_object (&pass->caller);
  g_clear_object (&pass->cancellable);
  g_clear_object (&pass->provider);
  g_clear_pointer (&pass->updated_since, g_date_time_unref);
  g_clear_pointer (&pass->started_at, g_date_time_unref);
  g_free (pass->cursor);
  g_hash_table_unref (pass->index);
  g_ptr_array_unref (pass->products);
  g_clear_object (&pass->task);
  g_free (pass);
}

static void
pass_complete (Pass   *pass,
               GError *error)
{
  if (error == NULL && g_cancellable_is_cancelled (pass->cancellable))
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The sync was cancelled"));
  pass->done (pass, error);
  g_clear_error (&error);
  pass_free (pass);
}

static void pass_fetch (Pass *pass);

static void
on_page (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Pass *pass = user_data;
  g_autoptr(ScProductPage) page = NULL;
  ScInventorySync *self;
  GError *error = NULL;

  page = sc_shop_provider_fetch_page_finish (SC_SHOP_PROVIDER (source), result, &error);
  if (g_cancellable_is_cancelled (pass->cancellable))
    {
      g_clear_error (&error);
      pass_complete (pass, NULL);
      return;
    }
  if (page == NULL || page->products == NULL)
    {
      if (error == NULL)
        error = g_error_new (SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                             _("The shop sent a page without products"));
      g_prefix_error (&error, _("Catalog page %u: "), pass->pages + 1);
      pass_complete (pass, error);
      return;
    }

  for (guint i = 0; i < page->products->len; i++)
    {
      ScProduct *product = g_ptr_array_index (page->products, i);
      const char *id;
      gpointer position;

      if (!SC_IS_PRODUCT (product) || (id = sc_product_get_id (product)) == NULL || id[0] == '\0')
        {
          pass_complete (pass, g_error_new (SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                                            _("Catalog page %u: a product has no id"),
                                            pass->pages + 1));
          return;
        }
      /* A shop paging by offset repeats a product when the listing moves
       * under it: the later copy is the newer one. */
      if (g_hash_table_lookup_extended (pass->index, id, NULL, &position))
        {
          guint at = GPOINTER_TO_UINT (position);

          g_hash_table_remove (pass->index, id);
          g_object_unref (g_ptr_array_index (pass->products, at));
          g_ptr_array_index (pass->products, at) = g_object_ref (product);
          g_hash_table_insert (pass->index, (gpointer)sc_product_get_id (product), position);
        }
      else
        {
          g_hash_table_insert (pass->index, (gpointer)id, GUINT_TO_POINTER (pass->products->len));
          g_ptr_array_add (pass->products, g_object_ref (product));
        }
    }
  pass->pages++;

  self = g_object_ref (pass->self);
  g_signal_emit (self, signals[PROGRESS], 0, pass->pages, pass->products->len);
  g_object_unref (self);
  if (g_cancellable_is_cancelled (pass->cancellable))
    {
      pass_complete (pass, NULL);
      return;
    }

  if (page->next_cursor == NULL || page->next_cursor[0] == '\0')
    {
      pass_complete (pass, NULL);
      return;
    }
  if (g_strcmp0 (page->next_cursor, pass->cursor) == 0)
    {
      pass_complete (pass, g_error_new (SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                                        _("Catalog page %u: the shop sent the same page again"),
                                        pass->pages));
      return;
    }
  g_free (pass->cursor);
  pass->cursor = g_steal_pointer (&page->next_cursor);
  pass_fetch (pass);
}

static void
pass_fetch (Pass *pass)
{
  sc_shop_provider_fetch_page_async (pass->provider, pass->cursor, pass->updated_since,
                                     pass->cancellable, on_page, pass);
}

/* The pass went through: only now does the catalog change. */
static void
apply_pass (ScInventorySync *self,
            Pass            *pass)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint added = 0, updated = 0, removed = 0;

  g_hash_table_remove_all (pass->index);  /* its keys belong to the products */
  drop_stale (self, pass->products, pass->generation);
  apply_products (self, pass->products, pass->complete, &added, &updated, &removed);

  if (pass->complete)
    {
      self->had_full_sync = TRUE;
      self->passes_since_full = 0;
    }
  else
    self->passes_since_full++;
  g_clear_pointer (&self->last_pass_start, g_date_time_unref);
  self->last_pass_start = g_date_time_ref (pass->started_at);
  sc_backoff_reset (&self->backoff);

  g_object_freeze_notify (G_OBJECT (self));
  set_synced_at (self, now);
  set_stale (self, FALSE);
  set_error (self, NULL);
  set_state (self, SC_INVENTORY_SYNC_STATE_LIVE);
  g_object_thaw_notify (G_OBJECT (self));

  g_debug ("Catalog sync: %u pages, %u products (%u added, %u changed, %u removed)",
           pass->pages, pass->products->len, added, updated, removed);
  g_signal_emit (self, signals[SYNCED], 0, added, updated, removed);
}

static void
on_pass_done (Pass         *pass,
              const GError *error)
{
  ScInventorySync *self = pass->self;

  /* Cancelled by cancel() or dispose: @self may be gone. */
  if (g_cancellable_is_cancelled (pass->cancellable))
    return;

  self->pass = NULL;
  if (error != NULL)
    {
      enter_error (self, error);
      schedule_retry (self);
      return;
    }
  apply_pass (self, pass);
  if (self->cache != NULL)
    save_cache (self, on_cache_saved, NULL);
  schedule_next_pass (self);
}

static void
begin_pass (ScInventorySync *self,
            gboolean         complete)
{
  g_autoptr(GDateTime) since = NULL;
  Pass *pass;

  g_clear_handle_id (&self->pass_source, g_source_remove);
  if (self->pass != NULL)
    return;

  /* Without a good sync to start from, only a full one makes sense. */
  if (!complete && self->last_pass_start != NULL)
    since = g_date_time_add_seconds (self->last_pass_start, -INCREMENTAL_OVERLAP_S);
  else
    complete = TRUE;

  pass = pass_new (self, complete, since, NULL);
  pass->done = on_pass_done;
  self->pass = pass;
  if (self->state == SC_INVENTORY_SYNC_STATE_IDLE ||
      self->state == SC_INVENTORY_SYNC_STATE_LOADING_CACHE)
    set_state (self, SC_INVENTORY_SYNC_STATE_SYNCING);
  pass_fetch (pass);
}

/* Hot refresh of the on-air products */

static void
refresh_op_free (RefreshOp *op)
{
  g_object_unref (op->cancellable);
  g_strfreev (op->ids);
  g_free (op);
}

static void
on_refreshed (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  RefreshOp *op = user_data;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GHashTable) returned = NULL;
  g_autoptr(GError) error = NULL;
  ScInventorySync *self = op->self;

  products = sc_shop_provider_fetch_products_finish (SC_SHOP_PROVIDER (source), result, &error);
  if (g_cancellable_is_cancelled (op->cancellable))
    {
      refresh_op_free (op);
      return;
    }
  self->refresh = NULL;

  if (products == NULL)
    {
      if (error == NULL)
        error = g_error_new (SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                             _("The shop sent no product list"));
      /* A running sync decides the state; otherwise a live catalog that can
       * no longer be refreshed is not live any more. */
      if (self->pass == NULL && self->state == SC_INVENTORY_SYNC_STATE_LIVE)
        enter_error (self, error);
      else
        g_debug ("Refreshing the on-air products failed: %s", error->message);
    }
  else
    {
      returned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; i < products->len; i++)
        {
          if (!SC_IS_PRODUCT (g_ptr_array_index (products, i)))
            {
              g_ptr_array_remove_index (products, i--);
              continue;
            }
          g_hash_table_add (returned,
                            g_strdup (sc_product_get_id (g_ptr_array_index (products, i))));
        }
      drop_stale (self, products, op->generation);
      apply_products (self, products, FALSE, NULL, NULL, NULL);

      /* The provider leaves out what no longer exists. */
      for (guint i = 0; op->ids[i] != NULL; i++)
        if (!g_hash_table_contains (returned, op->ids[i]) &&
            sc_catalog_remove (self->catalog, op->ids[i]))
          g_debug ("Product %s was deleted in the shop", op->ids[i]);

      /* The shop answers again: resume the sync now, not at the next retry. */
      if (self->started && self->pass == NULL &&
          (self->state == SC_INVENTORY_SYNC_STATE_OFFLINE ||
           self->state == SC_INVENTORY_SYNC_STATE_FAILED))
        begin_pass (self, !self->had_full_sync);
    }

  refresh_op_free (op);
  if (self->refresh_again && self->started)
    {
      self->refresh_again = FALSE;
      begin_refresh (self);
    }
}

static void
begin_refresh (ScInventorySync *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  RefreshOp *op;

  if (self->refresh != NULL)
    {
      self->refresh_again = TRUE;
      return;
    }

  for (guint i = 0; self->on_air != NULL && self->on_air[i] != NULL; i++)
    {
      ScProduct *product = sc_catalog_lookup (self->catalog, self->on_air[i]);
      const char *id = product ? sc_product_get_id (product) : self->on_air[i];

      if (g_hash_table_add (seen, (gpointer)id))
        g_ptr_array_add (ids, g_strdup (id));
    }
  for (guint i = 0; i < self->extra_ids->len; i++)
    {
      const char *id = g_ptr_array_index (self->extra_ids, i);

      if (g_hash_table_add (seen, (gpointer)id))
        g_ptr_array_add (ids, g_strdup (id));
    }
  g_hash_table_remove_all (seen);
  g_ptr_array_set_size (self->extra_ids, 0);
  if (ids->len == 0)
    return;
  g_ptr_array_add (ids, NULL);

  op = g_new0 (RefreshOp, 1);
  op->self = self;
  op->cancellable = g_object_ref (self->cancellable);
  op->ids = (GStrv)g_ptr_array_steal (ids, NULL);
  op->generation = self->generation;
  self->refresh = op;
  sc_shop_provider_fetch_products_async (self->provider, (const char * const *)op->ids,
                                         op->cancellable, on_refreshed, op);
}

/* Never overlaps: a tick while a refresh runs is skipped. */
static gboolean
on_refresh_tick (gpointer user_data)
{
  ScInventorySync *self = user_data;

  if (self->refresh == NULL)
    begin_refresh (self);
  return G_SOURCE_CONTINUE;
}

static void
update_refresh_timer (ScInventorySync *self)
{
  gboolean wanted = self->started && self->on_air != NULL && self->on_air[0] != NULL;

  if (wanted && self->refresh_source == 0)
    {
      self->refresh_source = g_timeout_add_full (G_PRIORITY_DEFAULT, to_ms (self->refresh_s),
                                                 on_refresh_tick, self, NULL);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->refresh_source),
                                "[shopcast] on-air refresh");
    }
  else if (!wanted)
    g_clear_handle_id (&self->refresh_source, g_source_remove);
}

/* Fetches @id (as the provider names it) with the next refresh, now. */
static void
refresh_product_now (ScInventorySync *self,
                     const char      *id)
{
  if (id != NULL)
    g_ptr_array_add (self->extra_ids, g_strdup (id));
  begin_refresh (self);
}

/* Webhooks */

static void
apply_one (ScInventorySync *self,
           ScProduct       *product)
{
  g_autoptr(GPtrArray) products = g_ptr_array_new ();

  g_ptr_array_add (products, product);
  apply_products (self, products, FALSE, NULL, NULL, NULL);
}

/* Shopify inventory_levels/update: { inventory_item_id, available, ... }. */
static void
apply_inventory_level (ScInventorySync *self,
                       JsonObject      *object)
{
  g_autofree char *item = sc_json_peek_id (object, "inventory_item_id");
  g_autoptr(ScProduct) copy = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->catalog));
  gint64 available;

  if (item == NULL || !sc_json_peek_int64 (object, "available", &available))
    {
      g_debug ("inventory_levels/update without an item or a quantity; ignored");
      return;
    }

  /* The webhook names the inventory item, never the variant: they are
   * different objects with different ids (that Shopify's own examples give
   * both the same number is a coincidence). An item the catalog does not
   * know is found by refreshing the products on air. */
  for (guint i = 0; i < n && copy == NULL; i++)
    {
      g_autoptr(ScProduct) product = g_list_model_get_item (G_LIST_MODEL (self->catalog), i);
      GListModel *variants = sc_product_get_variants (product);

      for (guint j = 0; j < g_list_model_get_n_items (variants); j++)
        {
          g_autoptr(ScVariant) variant = g_list_model_get_item (variants, j);

          if (id_matches_number (sc_variant_get_inventory_item_id (variant), item))
            {
              g_autoptr(ScVariant) changed = NULL;

              copy = sc_product_copy (product);
              changed = g_list_model_get_item (sc_product_get_variants (copy), j);
              sc_variant_set_stock (changed, available);
              sc_product_summarize_variants (copy);
              break;
            }
        }
    }

  if (copy != NULL)
    apply_one (self, copy);
  else
    refresh_product_now (self, NULL);
}

/* A webhook body is advice: a value that does not read as expected makes
 * the product be fetched instead, so errors are only logged. */
static ScJsonReader *
webhook_reader_new (void)
{
  return sc_json_reader_new (_("The shop sent a webhook"), SC_SHOP_ERROR,
                             SC_SHOP_ERROR_INVALID_DATA, SC_SHOP_ERROR_INVALID_DATA);
}

/* Logs why a webhook body is not applied directly. */
static void
debug_first_error (ScJsonReader *reader)
{
  if (sc_json_reader_get_n_errors (reader) > 0)
    g_debug ("%s; the product is fetched instead",
             ((GError *)g_ptr_array_index (sc_json_reader_get_errors (reader), 0))->message);
}

/* Applies a REST product's variants to @copy; FALSE when they do not match
 * the catalog's (added or removed variants), which a fetch sorts out. */
static gboolean
apply_shopify_variants (ScJsonReader *reader,
                        ScProduct    *copy,
                        JsonArray    *array)
{
  const ScJsonDecimalFlags flags = SC_JSON_DECIMAL_OPTIONAL | SC_JSON_DECIMAL_EMPTY_UNSET;
  const char *currency = sc_product_get_currency (copy);
  GListModel *variants = sc_product_get_variants (copy);
  guint n = g_list_model_get_n_items (variants);

  if (n == 0 || json_array_get_length (array) != n)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *path = sc_json_path_index ("$.variants", i);
      g_autofree char *id = NULL;
      g_autoptr(ScVariant) variant = NULL;
      JsonObject *object;
      gint64 price, compare_at, stock = SC_STOCK_UNTRACKED;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return FALSE;
      object = json_node_get_object (node);
      id = sc_json_peek_id (object, "id");
      for (guint j = 0; id != NULL && j < n && variant == NULL; j++)
        {
          g_autoptr(ScVariant) candidate = g_list_model_get_item (variants, j);

          if (id_matches_number (sc_variant_get_id (candidate), id))
            variant = g_steal_pointer (&candidate);
        }
      if (variant == NULL ||
          !sc_money_read (reader, object, path, "price", flags, NULL, currency, &price, NULL) ||
          !sc_money_read (reader, object, path, "compare_at_price", flags, NULL, currency,
                          &compare_at, NULL))
        return FALSE;
      /* No inventory management: the shop does not count it. */
      if (sc_json_object_get_value (object, "inventory_management") != NULL &&
          !sc_json_peek_int64 (object, "inventory_quantity", &stock))
        return FALSE;

      if (sc_json_peek_string (object, "title") != NULL)
        sc_variant_set_title (variant, sc_json_peek_string (object, "title"));
      if (json_object_has_member (object, "sku"))
        sc_variant_set_sku (variant, sc_json_peek_string (object, "sku"));
      {
        g_autofree char *item = sc_json_peek_id (object, "inventory_item_id");

        if (item != NULL)
          {
            g_autofree char *gid = g_strconcat ("gid://shopify/InventoryItem/", item, NULL);

            sc_variant_set_inventory_item_id (variant, gid);
          }
      }
      sc_variant_set_price (variant, price);
      sc_variant_set_compare_at_price (variant, compare_at);
      sc_variant_set_stock (variant, stock);
    }
  return TRUE;
}

/* Shopify products/update: the REST product body. */
static void
apply_shopify_product (ScInventorySync *self,
                       JsonObject      *object)
{
  g_autofree char *id = sc_json_peek_id (object, "id");
  g_autofree char *gid = NULL;
  g_autoptr(ScJsonReader) reader = webhook_reader_new ();
  g_autoptr(ScProduct) copy = NULL;
  const char *status = sc_json_peek_string (object, "status");
  JsonNode *variants = json_object_get_member (object, "variants");
  ScProduct *product;

  if (id == NULL)
    {
      g_debug ("products/update without an id; ignored");
      return;
    }
  product = lookup_number (self, id);

  /* A product new to us, or leaving the store (draft, archived): the
   * provider knows what to list. */
  if (product == NULL || (status != NULL && g_strcmp0 (status, "active") != 0) ||
      variants == NULL || !JSON_NODE_HOLDS_ARRAY (variants))
    {
      if (product != NULL)
        gid = g_strdup (sc_product_get_id (product));
      else if (sc_json_peek_string (object, "admin_graphql_api_id") != NULL)
        gid = g_strdup (sc_json_peek_string (object, "admin_graphql_api_id"));
      else if (self->kind == SC_SHOP_KIND_SHOPIFY)
        gid = g_strdup_printf ("gid://shopify/Product/%s", id);
      else
        gid = g_strdup (id);
      refresh_product_now (self, gid);
      return;
    }

  copy = sc_product_copy (product);
  if (!apply_shopify_variants (reader, copy, json_node_get_array (variants)))
    {
      debug_first_error (reader);
      refresh_product_now (self, sc_product_get_id (product));
      return;
    }
  if (sc_json_peek_string (object, "title") != NULL)
    sc_product_set_title (copy, sc_json_peek_string (object, "title"));
  sc_product_summarize_variants (copy);
  apply_one (self, copy);
}

/* WooCommerce prices as its provider reads them: on sale, the sale price is
 * paid and the regular one shown struck through. */
static gboolean
woocommerce_prices (ScJsonReader *reader,
                    JsonObject   *object,
                    const char   *currency,
                    gint64       *price,
                    gint64       *compare_at)
{
  const ScJsonDecimalFlags flags = SC_JSON_DECIMAL_OPTIONAL | SC_JSON_DECIMAL_EMPTY_UNSET;
  JsonNode *on_sale_node = json_object_get_member (object, "on_sale");
  gint64 current = 0, regular = 0, sale = 0;
  gboolean on_sale;

  if (!sc_money_read (reader, object, "$", "price", flags, NULL, currency, &current, NULL) ||
      !sc_money_read (reader, object, "$", "regular_price", flags, NULL, currency, &regular,
                      NULL) ||
      !sc_money_read (reader, object, "$", "sale_price", flags, NULL, currency, &sale, NULL))
    return FALSE;
  if (on_sale_node != NULL && JSON_NODE_HOLDS_VALUE (on_sale_node) &&
      json_node_get_value_type (on_sale_node) == G_TYPE_BOOLEAN)
    on_sale = json_node_get_boolean (on_sale_node);
  else
    on_sale = sale > 0;

  if (on_sale && sale > 0)
    {
      *price = sale;
      *compare_at = regular > sale ? regular : 0;
    }
  else
    {
      *price = current > 0 ? current : regular;
      *compare_at = 0;
    }
  return TRUE;
}

/* WooCommerce product.updated: the REST v3 product. A published simple
 * product with a counted stock is applied directly; anything else
 * (variations, backorders, unpublished) is fetched through the provider,
 * which knows those rules. */
static void
apply_woocommerce_product (ScInventorySync *self,
                           JsonObject      *object)
{
  g_autofree char *id = sc_json_peek_id (object, "id");
  g_autoptr(ScJsonReader) reader = webhook_reader_new ();
  g_autoptr(ScProduct) copy = NULL;
  const char *type = sc_json_peek_string (object, "type");
  const char *status = sc_json_peek_string (object, "status");
  const char *stock_status = sc_json_peek_string (object, "stock_status");
  JsonNode *manage_stock = json_object_get_member (object, "manage_stock");
  ScProduct *product;
  gint64 price, compare_at, stock;

  if (id == NULL)
    {
      g_debug ("product.updated without an id; ignored");
      return;
    }
  product = lookup_number (self, id);
  if (product == NULL)
    {
      refresh_product_now (self, id);
      return;
    }
  if (g_strcmp0 (type, "simple") != 0 || g_strcmp0 (status, "publish") != 0 ||
      g_strcmp0 (stock_status, "onbackorder") == 0 ||
      g_list_model_get_n_items (sc_product_get_variants (product)) > 0 ||
      manage_stock == NULL || !JSON_NODE_HOLDS_VALUE (manage_stock) ||
      json_node_get_value_type (manage_stock) != G_TYPE_BOOLEAN ||
      !json_node_get_boolean (manage_stock) ||
      !sc_json_peek_int64 (object, "stock_quantity", &stock) ||
      !woocommerce_prices (reader, object, sc_product_get_currency (product), &price,
                           &compare_at))
    {
      debug_first_error (reader);
      refresh_product_now (self, sc_product_get_id (product));
      return;
    }

  copy = sc_product_copy (product);
  if (sc_json_peek_string (object, "name") != NULL)
    sc_product_set_title (copy, sc_json_peek_string (object, "name"));
  if (json_object_has_member (object, "sku"))
    sc_product_set_sku (copy, sc_json_peek_string (object, "sku"));
  sc_product_set_price (copy, price);
  sc_product_set_compare_at_price (copy, compare_at);
  /* Oversold counts go below zero; on air that is sold out. */
  sc_product_set_stock (copy, MAX (stock, 0));
  apply_one (self, copy);
}

static void
remove_product (ScInventorySync *self,
                JsonObject      *object)
{
  g_autofree char *id = sc_json_peek_id (object, "id");
  ScProduct *product = id ? lookup_number (self, id) : NULL;

  if (product != NULL)
    sc_catalog_remove (self->catalog, sc_product_get_id (product));
}

static void
on_webhook_received (ScWebhookReceiver *receiver,
                     const char        *topic,
                     JsonNode          *body,
                     ScInventorySync   *self)
{
  JsonObject *object = json_node_get_object (body);

  if (g_strcmp0 (topic, "inventory_levels/update") == 0)
    apply_inventory_level (self, object);
  else if (g_strcmp0 (topic, "products/update") == 0)
    apply_shopify_product (self, object);
  else if (g_strcmp0 (topic, "product.updated") == 0)
    apply_woocommerce_product (self, object);
  else if (g_strcmp0 (topic, "products/delete") == 0 ||
           g_strcmp0 (topic, "product.deleted") == 0)
    remove_product (self, object);
  else
    g_debug ("Webhook topic %s is not used", topic);
}

static void
start_webhooks (ScInventorySync *self)
{
  g_autoptr(ScWebhookReceiver) receiver = NULL;
  g_autoptr(GError) error = NULL;

  if (self->webhook_port == 0 || self->receiver != NULL)
    return;
  /* Without a secret nothing could be verified, so nothing is received. */
  if (self->webhook_secret == NULL || self->webhook_secret[0] == '\0')
    {
      g_message ("A webhook port is set but no webhook secret: webhooks are not received");
      set_error (self, _("Webhooks need a secret; they are not received"));
      return;
    }

  receiver = sc_webhook_receiver_new (self->webhook_secret);
  if (!sc_webhook_receiver_listen (receiver, MAX (self->webhook_port, 0), &error))
    {
      g_message ("%s", error->message);
      set_error (self, error->message);
      return;
    }
  g_signal_connect (receiver, "received", G_CALLBACK (on_webhook_received), self);
  self->receiver = g_steal_pointer (&receiver);
}

static void
stop_webhooks (ScInventorySync *self)
{
  if (self->receiver == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->receiver, self);
  g_clear_object (&self->receiver);
}

/* Cache */

static void
on_cache_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ScInventorySync *self = user_data;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GDateTime) synced_at = NULL;
  g_autoptr(GError) error = NULL;

  products = sc_catalog_cache_load_finish (SC_CATALOG_CACHE (source), result, &synced_at,
                                           &error);
  /* Cancelled with the sync's cancellable: @self may be gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (products != NULL)
    {
      drop_stale (self, products, self->cache_generation);
      apply_products (self, products, FALSE, NULL, NULL, NULL);
      g_object_freeze_notify (G_OBJECT (self));
      set_synced_at (self, synced_at);
      set_stale (self, TRUE);
      g_object_thaw_notify (G_OBJECT (self));
    }
  else if (!g_error_matches (error, SC_SHOP_ERROR, SC_SHOP_ERROR_NOT_FOUND))
    {
      /* A damaged or newer cache: said once, and the sync starts afresh. */
      g_message ("%s", error->message);
      set_error (self, error->message);
    }

  begin_pass (self, TRUE);
}

/* GObject */

static void
stop (ScInventorySync *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->pass_source, g_source_remove);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->pass = NULL;
  self->refresh = NULL;
  self->refresh_again = FALSE;
  g_ptr_array_set_size (self->extra_ids, 0);
  sc_backoff_reset (&self->backoff);
  self->started = FALSE;
  stop_webhooks (self);
}

static void
sc_inventory_sync_dispose (GObject *object)
{
  ScInventorySync *self = (ScInventorySync *)object;

  stop (self);
  g_clear_object (&self->provider);
  g_clear_object (&self->catalog);
  g_clear_object (&self->cache);

  G_OBJECT_CLASS (sc_inventory_sync_parent_class)->dispose (object);
}

static void
sc_inventory_sync_finalize (GObject *object)
{
  ScInventorySync *self = (ScInventorySync *)object;

  g_clear_object (&self->cancellable);
  sc_backoff_clear (&self->backoff);
  g_free (self->cache_key);
  if (self->webhook_secret != NULL)
    memset (self->webhook_secret, 0, strlen (self->webhook_secret));
  g_free (self->webhook_secret);
  g_clear_pointer (&self->synced_at, g_date_time_unref);
  g_clear_pointer (&self->last_pass_start, g_date_time_unref);
  g_free (self->error);
  g_strfreev (self->on_air);
  g_ptr_array_unref (self->extra_ids);
  g_hash_table_unref (self->changed);

  G_OBJECT_CLASS (sc_inventory_sync_parent_class)->finalize (object);
}

static void
sc_inventory_sync_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ScInventorySync *self = SC_INVENTORY_SYNC (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_STALE:
      g_value_set_boolean (value, self->stale);
      break;
    case PROP_SYNCED_AT:
      g_value_set_boxed (value, self->synced_at);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_inventory_sync_class_init (ScInventorySyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = sc_inventory_sync_dispose;
  object_class->finalize = sc_inventory_sync_finalize;
  object_class->get_property = sc_inventory_sync_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SC_TYPE_INVENTORY_SYNC_STATE,
                       SC_INVENTORY_SYNC_STATE_IDLE, flags);
  properties[PROP_STALE] = g_param_spec_boolean ("stale", NULL, NULL, FALSE, flags);
  properties[PROP_SYNCED_AT] =
    g_param_spec_boxed ("synced-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  signals[STOCK_CHANGED] =
    g_signal_new ("stock-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, SC_TYPE_PRODUCT, G_TYPE_INT64, G_TYPE_INT64);
  signals[SYNCED] =
    g_signal_new ("synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
sc_inventory_sync_init (ScInventorySync *self)
{
  self->cancellable = g_cancellable_new ();
  self->extra_ids = g_ptr_array_new_with_free_func (g_free);
  self->changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

ScInventorySync *
sc_inventory_sync_new (ScShopProvider     *provider,
                       ScCatalog          *catalog,
                       const ScShopConfig *config)
{
  ScInventorySync *self;

  g_return_val_if_fail (SC_IS_SHOP_PROVIDER (provider), NULL);
  g_return_val_if_fail (SC_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (SC_TYPE_INVENTORY_SYNC, NULL);
  self->provider = g_object_ref (provider);
  self->catalog = g_object_ref (catalog);
  self->kind = config->kind;
  self->refresh_s = config->refresh_s > 0 ? config->refresh_s : DEFAULT_REFRESH_S;
  self->full_refresh_s = config->full_refresh_s > 0 ? config->full_refresh_s
                                                    : DEFAULT_FULL_REFRESH_S;
  sc_backoff_init (&self->backoff, MIN (FIRST_RETRY_S, self->full_refresh_s),
                   self->full_refresh_s, 2.0, SC_BACKOFF_DEFAULT_JITTER);
  self->webhook_port = config->webhook_port;
  self->webhook_secret = g_strdup (config->webhook_secret);
  if (config->cache)
    {
      self->cache = sc_catalog_cache_new (config->cache_dir);
      self->cache_key = sc_catalog_cache_make_key (config);
    }
  return self;
}

void
sc_inventory_sync_start (ScInventorySync *self)
{
  g_return_if_fail (SC_IS_INVENTORY_SYNC (self));

  if (self->started)
    return;
  self->started = TRUE;

  start_webhooks (self);
  update_refresh_timer (self);

  if (self->cache != NULL && self->pass == NULL)
    {
      set_state (self, SC_INVENTORY_SYNC_STATE_LOADING_CACHE);
      self->cache_generation = self->generation;
      sc_catalog_cache_load_async (self->cache, self->cache_key, self->cancellable,
                                   on_cache_loaded, self);
      return;
    }
  begin_pass (self, TRUE);
}

void
sc_inventory_sync_cancel (ScInventorySync *self)
{
  g_return_if_fail (SC_IS_INVENTORY_SYNC (self));

  stop (self);
  set_state (self, SC_INVENTORY_SYNC_STATE_IDLE);
}

void
sc_inventory_sync_set_on_air (ScInventorySync    *self,
                              const char * const *ids)
{
  g_return_if_fail (SC_IS_INVENTORY_SYNC (self));

  g_strfreev (self->on_air);
  self->on_air = ids != NULL && ids[0] != NULL ? g_strdupv ((char **)ids) : NULL;
  update_refresh_timer (self);
}

ScInventorySyncState
sc_inventory_sync_get_state (ScInventorySync *self)
{
  g_return_val_if_fail (SC_IS_INVENTORY_SYNC (self), SC_INVENTORY_SYNC_STATE_IDLE);
  return self->state;
}

gboolean
sc_inventory_sync_get_stale (ScInventorySync *self)
{
  g_return_val_if_fail (SC_IS_INVENTORY_SYNC (self), FALSE);
  return self->stale;
}

GDateTime *
sc_inventory_sync_get_synced_at (ScInventorySync *self)
{
  g_return_val_if_fail (SC_IS_INVENTORY_SYNC (self), NULL);
  return self->synced_at;
}

const char *
sc_inventory_sync_get_error (ScInventorySync *self)
{
  g_return_val_if_fail (SC_IS_INVENTORY_SYNC (self), NULL);
  return self->error;
}

guint
sc_inventory_sync_get_webhook_port (ScInventorySync *self)
{
  g_return_val_if_fail (SC_IS_INVENTORY_SYNC (self), 0);
  return self->receiver ? sc_webhook_receiver_get_port (self->receiver) : 0;
}

void
sc_inventory_sync_refetch (ScInventorySync    *self,
                           const char * const *ids)
{
  g_return_if_fail (SC_IS_INVENTORY_SYNC (self));

  if (ids == NULL || ids[0] == NULL)
    return;
  self->generation++;
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_hash_table_replace (self->changed, g_strdup (ids[i]),
                            GUINT_TO_POINTER (self->generation));
      g_ptr_array_add (self->extra_ids, g_strdup (ids[i]));
    }
  /* A refresh under way began before the change: another follows it. */
  begin_refresh (self);
}

/* One-shot full sync */

static void
count_catalog (ScInventorySync *self,
               ScSyncSummary   *summary)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->catalog));

  summary->products = n;
  summary->variants = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScProduct) product = g_list_model_get_item (G_LIST_MODEL (self->catalog), i);

      summary->variants += g_list_model_get_n_items (sc_product_get_variants (product));
    }
}

static void
on_run_full_saved (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  ScSyncSummary *summary = g_task_get_task_data (task);

  /* The catalog is synced either way; the summary says what was not kept. */
  if (!sc_catalog_cache_save_finish (SC_CATALOG_CACHE (source), result, &error))
    {
      g_message ("%s", error->message);
      summary_add_error (summary, error->message);
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_run_full_pass_done (Pass         *pass,
                       const GError *error)
{
  ScInventorySync *self = pass->self;  /* held by the task */
  ScSyncSummary *summary = g_task_get_task_data (pass->task);

  if (self->pass == pass)
    self->pass = NULL;
  summary->requests = sc_shop_provider_get_request_count (pass->provider) -
                      pass->requests_at_start;
  summary->seconds = (g_get_monotonic_time () - pass->started_usec) / (double)G_USEC_PER_SEC;

  if (error != NULL)
    {
      summary_add_error (summary, error->message);
      count_catalog (self, summary);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        enter_error (self, error);
      else if (self->state == SC_INVENTORY_SYNC_STATE_SYNCING && !self->started)
        set_state (self, SC_INVENTORY_SYNC_STATE_IDLE);
      g_task_return_error (pass->task, g_error_copy (error));
    }
  else
    {
      apply_pass (self, pass);
      count_catalog (self, summary);
      if (self->cache != NULL)
        save_cache (self, on_run_full_saved, g_object_ref (pass->task));
      else
        g_task_return_boolean (pass->task, TRUE);
    }

  /* A background sync may have been due while this one ran. */
  if (self->started && self->pass == NULL && self->pass_source == 0)
    {
      if (error != NULL)
        schedule_retry (self);
      else
        schedule_next_pass (self);
    }
}

void
sc_inventory_sync_run_full_async (ScInventorySync     *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ScSyncSummary *summary;
  Pass *pass;

  g_return_if_fail (SC_IS_INVENTORY_SYNC (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_inventory_sync_run_full_async);
  summary = g_new0 (ScSyncSummary, 1);
  summary->errors = g_new0 (char *, 1);
  g_task_set_task_data (task, summary, (GDestroyNotify)sc_sync_summary_free);

  if (self->pass != NULL)
    {
      summary_add_error (summary, _("A catalog sync is already running"));
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("A catalog sync is already running"));
      return;
    }

  pass = pass_new (self, TRUE, NULL, cancellable);
  pass->task = g_steal_pointer (&task);
  pass->done = on_run_full_pass_done;
  self->pass = pass;
  if (self->state == SC_INVENTORY_SYNC_STATE_IDLE ||
      self->state == SC_INVENTORY_SYNC_STATE_LOADING_CACHE)
    set_state (self, SC_INVENTORY_SYNC_STATE_SYNCING);
  pass_fetch (pass);
}

gboolean
sc_inventory_sync_run_full_finish (ScInventorySync  *self,
                                   GAsyncResult     *result,
                                   ScSyncSummary   **summary,
                                   GError          **error)
{
  g_return_val_if_fail (SC_IS_INVENTORY_SYNC (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (summary != NULL)
    *summary = summary_copy (g_task_get_task_data (G_TASK (result)));
  return g_task_propagate_boolean (G_TASK (result), error);
}
