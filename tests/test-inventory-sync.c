/* test-inventory-sync.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "shop/sc-catalog-cache.h"
#include "shop/sc-inventory-sync.h"
#include "shop/sc-shop-error.h"
#include "sc-memory-provider.h"

typedef struct {
  ScProduct *product;
  gint64     old_stock;
  gint64     new_stock;
} StockChange;

typedef struct {
  char             *dir;
  ScShopConfig      config;
  ScMemoryProvider *provider;
  ScCatalog        *catalog;
  ScInventorySync  *sync;
  GPtrArray        *progress;       /* "pages/products" */
  GArray           *stock_changes;  /* StockChange */
  GPtrArray        *states;         /* state nicks, in order */
  GPtrArray        *errors;         /* values of the error property */
  guint             synced;
  guint             added, updated, removed;
  guint             failed;
  GError           *last_failure;
  guint             cancel_at_page;
} Fixture;

static void
stock_change_clear (StockChange *change)
{
  g_clear_object (&change->product);
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static ScProduct *
make_product (guint n)
{
  g_autofree char *id = g_strdup_printf ("p%u", n);
  g_autofree char *title = g_strdup_printf ("Product %u", n);
  g_autofree char *sku = g_strdup_printf ("SKU-P%u", n);
  g_autoptr(GDateTime) updated_at = g_date_time_new_utc (2024, 1, 1, 0, 0, 0);
  ScProduct *product = sc_product_new (id, title);

  sc_product_set_sku (product, sku);
  sc_product_set_currency (product, "EUR");
  sc_product_set_price (product, 1000 + n);
  sc_product_set_stock (product, n * 10);
  sc_product_set_updated_at (product, updated_at);
  return product;
}

static void
fill_provider (ScMemoryProvider *provider,
               guint             n)
{
  for (guint i = 1; i <= n; i++)
    {
      g_autoptr(ScProduct) product = make_product (i);

      sc_memory_provider_put (provider, product);
    }
}

static void
on_progress (ScInventorySync *sync,
             guint            pages,
             guint            products,
             Fixture         *fixture)
{
  g_ptr_array_add (fixture->progress, g_strdup_printf ("%u/%u", pages, products));
  if (fixture->cancel_at_page != 0 && pages == fixture->cancel_at_page)
    sc_inventory_sync_cancel (sync);
}

static void
on_stock_changed (ScInventorySync *sync,
                  ScProduct       *product,
                  gint64           old_stock,
                  gint64           new_stock,
                  Fixture         *fixture)
{
  StockChange change = { g_object_ref (product), old_stock, new_stock };

  /* Emitted after the catalog was updated. */
  g_assert_cmpint (sc_product_get_stock (product), ==, new_stock);
  g_array_append_val (fixture->stock_changes, change);
}

static void
on_synced (ScInventorySync *sync,
           guint            added,
           guint            updated,
           guint            removed,
           Fixture         *fixture)
{
  fixture->synced++;
  fixture->added = added;
  fixture->updated = updated;
  fixture->removed = removed;
}

static void
on_failed (ScInventorySync *sync,
           GError          *error,
           Fixture         *fixture)
{
  fixture->failed++;
  g_clear_error (&fixture->last_failure);
  fixture->last_failure = g_error_copy (error);
}

static void
on_state (ScInventorySync *sync,
          GParamSpec      *pspec,
          Fixture         *fixture)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SC_TYPE_INVENTORY_SYNC_STATE);
  GEnumValue *value = g_enum_get_value (klass, sc_inventory_sync_get_state (sync));

  g_ptr_array_add (fixture->states, g_strdup (value->value_nick));
}

static void
on_error (ScInventorySync *sync,
          GParamSpec      *pspec,
          Fixture         *fixture)
{
  g_ptr_array_add (fixture->errors, g_strdup (sc_inventory_sync_get_error (sync)));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("shopcast-sync-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->config.kind = SC_SHOP_KIND_SHOPIFY;
  fixture->config.url = (char *)"http://127.0.0.1:9";
  fixture->config.refresh_s = 0.1;
  fixture->config.full_refresh_s = 60;
  fixture->config.cache = TRUE;
  fixture->config.cache_dir = fixture->dir;
  fixture->provider = sc_memory_provider_new (2);
  fixture->catalog = sc_catalog_new ();
  fixture->progress = g_ptr_array_new_with_free_func (g_free);
  fixture->stock_changes = g_array_new (FALSE, TRUE, sizeof (StockChange));
  g_array_set_clear_func (fixture->stock_changes, (GDestroyNotify)stock_change_clear);
  fixture->states = g_ptr_array_new_with_free_func (g_free);
  fixture->errors = g_ptr_array_new_with_free_func (g_free);
}

/* The sync is made by each test once the config is as it wants it. */
static void
make_sync (Fixture *fixture)
{
  fixture->sync = sc_inventory_sync_new (SC_SHOP_PROVIDER (fixture->provider), fixture->catalog,
                                         &fixture->config);
  g_signal_connect (fixture->sync, "progress", G_CALLBACK (on_progress), fixture);
  g_signal_connect (fixture->sync, "stock-changed", G_CALLBACK (on_stock_changed), fixture);
  g_signal_connect (fixture->sync, "synced", G_CALLBACK (on_synced), fixture);
  g_signal_connect (fixture->sync, "failed", G_CALLBACK (on_failed), fixture);
  g_signal_connect (fixture->sync, "notify::state", G_CALLBACK (on_state), fixture);
  g_signal_connect (fixture->sync, "notify::error", G_CALLBACK (on_error), fixture);
}

static void
drop_sync (Fixture *fixture)
{
  if (fixture->sync != NULL)
    g_signal_handlers_disconnect_by_data (fixture->sync, fixture);
  g_clear_object (&fixture->sync);
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin (double seconds)
{
  gboolean done = FALSE;

  g_timeout_add ((guint)(seconds * 1000), set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

typedef gboolean (*Condition) (Fixture *fixture, gconstpointer data);

/* Runs the main loop until @condition holds; the bound is generous, a
 * slow machine only makes this slower, never fail. */
static void
wait_for (Fixture       *fixture,
          Condition      condition,
          gconstpointer  data,
          const char    *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (20, set_flag, &timed_out);

  while (!condition (fixture, data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  if (!condition (fixture, data))
    g_error ("Timed out waiting for %s", what);
}

static gboolean
state_is (Fixture       *fixture,
          gconstpointer  data)
{
  ScInventorySyncState state = GPOINTER_TO_INT (data);

  return sc_inventory_sync_get_state (fixture->sync) == state;
}

static void
wait_state (Fixture              *fixture,
            ScInventorySyncState  state)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SC_TYPE_INVENTORY_SYNC_STATE);

  wait_for (fixture, state_is, GINT_TO_POINTER (state),
            g_enum_get_value (klass, state)->value_nick);
}

static gboolean
cache_has (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(ScCatalogCache) cache = sc_catalog_cache_new (fixture->dir);
  g_autofree char *key = sc_catalog_cache_make_key (&fixture->config);
  g_autoptr(GPtrArray) products = sc_catalog_cache_load (cache, key, NULL, NULL);

  return products != NULL && products->len == GPOINTER_TO_UINT (data);
}

static gint64
cached_stock (Fixture    *fixture,
              const char *id)
{
  g_autoptr(ScCatalogCache) cache = sc_catalog_cache_new (fixture->dir);
  g_autofree char *key = sc_catalog_cache_make_key (&fixture->config);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = sc_catalog_cache_load (cache, key, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < products->len; i++)
    if (g_str_equal (sc_product_get_id (g_ptr_array_index (products, i)), id))
      return sc_product_get_stock (g_ptr_array_index (products, i));
  g_assert_not_reached ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  drop_sync (fixture);
  /* Let finished cache writes and cancelled requests run their course. */
  spin (0.05);
  g_clear_object (&fixture->provider);
  g_clear_object (&fixture->catalog);
  g_ptr_array_unref (fixture->progress);
  g_array_unref (fixture->stock_changes);
  g_ptr_array_unref (fixture->states);
  g_ptr_array_unref (fixture->errors);
  g_clear_error (&fixture->last_failure);
  rm_rf (fixture->dir);
  g_free (fixture->dir);
}

typedef struct {
  gboolean       done;
  gboolean       ok;
  ScSyncSummary *summary;
  GError        *error;
} RunFull;

static void
on_run_full (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  RunFull *run = user_data;

  run->ok = sc_inventory_sync_run_full_finish (SC_INVENTORY_SYNC (source), result,
                                               &run->summary, &run->error);
  run->done = TRUE;
}

static gboolean
run_full (Fixture        *fixture,
          ScSyncSummary **summary,
          GError        **error)
{
  RunFull run = { 0 };

  sc_inventory_sync_run_full_async (fixture->sync, NULL, on_run_full, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  if (summary != NULL)
    *summary = run.summary;
  else
    sc_sync_summary_free (run.summary);
  if (run.error != NULL)
    g_propagate_error (error, run.error);
  return run.ok;
}

static void
assert_strv (GPtrArray         *array,
             const char * const *expected)
{
  guint n = g_strv_length ((char **)expected);

  for (guint i = 0; i < MIN (n, array->len); i++)
    g_assert_cmpstr (g_ptr_array_index (array, i), ==, expected[i]);
  g_assert_cmpuint (array->len, ==, n);
}

/* Catalog merge */

typedef struct {
  guint position, removed, added;
} Change;

static void
record_items_changed (GListModel *model,
                      guint       position,
                      guint       removed,
                      guint       added,
                      GArray     *changes)
{
  Change change = { position, removed, added };

  g_array_append_val (changes, change);
}

static void
test_merge (void)
{
  g_autoptr(ScCatalog) catalog = sc_catalog_new ();
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) second = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(ScProduct) kept = NULL;
  const char *ids[] = { "gid://shopify/Product/1", "gid://shopify/Product/2",
                        "gid://shopify/Product/3", "gid://shopify/Product/4",
                        "gid://shopify/Product/5" };
  ScProduct *pinned;
  guint added, updated, removed;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      ScProduct *product = sc_product_new (ids[i], "Same");

      sc_product_set_stock (product, 5);
      g_ptr_array_add (first, product);
    }
  sc_catalog_merge (catalog, first, TRUE, &added, &updated, &removed);
  g_assert_cmpuint (added, ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 5);

  /* The numeric Shopify id finds the GID; other numbers do not. */
  pinned = sc_catalog_lookup (catalog, "3");
  g_assert_nonnull (pinned);
  g_assert_cmpstr (sc_product_get_id (pinned), ==, "gid://shopify/Product/3");
  g_assert_null (sc_catalog_lookup (catalog, "33"));
  kept = g_object_ref (pinned);
  sc_product_set_claim_code (pinned, "A1");

  /* 2 and 4 are gone, 3 changed, 6 is new, 1 and 5 are the same. */
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      ScProduct *product;

      if (i == 1 || i == 3)
        continue;
      product = sc_product_new (ids[i], i == 2 ? "Changed" : "Same");
      sc_product_set_stock (product, i == 2 ? 7 : 5);
      g_ptr_array_add (second, product);
    }
  g_ptr_array_add (second, sc_product_new ("gid://shopify/Product/6", "New"));

  g_signal_connect (catalog, "items-changed", G_CALLBACK (record_items_changed), changes);
  sc_catalog_merge (catalog, second, TRUE, &added, &updated, &removed);
  g_assert_cmpuint (added, ==, 1);
  g_assert_cmpuint (updated, ==, 1);
  g_assert_cmpuint (removed, ==, 2);

  /* Removals run by run from the end, then one append. */
  g_assert_cmpuint (changes->len, ==, 3);
  g_assert_cmpuint (g_array_index (changes, Change, 0).position, ==, 3);
  g_assert_cmpuint (g_array_index (changes, Change, 0).removed, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 1).position, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 1).removed, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 2).position, ==, 3);
  g_assert_cmpuint (g_array_index (changes, Change, 2).added, ==, 1);

  /* The pinned object was updated in place and keeps its claim code. */
  g_assert_true (sc_catalog_lookup (catalog, "gid://shopify/Product/3") == kept);
  g_assert_cmpstr (sc_product_get_title (kept), ==, "Changed");
  g_assert_cmpint (sc_product_get_stock (kept), ==, 7);
  g_assert_cmpstr (sc_product_get_claim_code (kept), ==, "A1");
  g_assert_null (sc_catalog_lookup (catalog, "2"));
  g_assert_nonnull (sc_catalog_lookup (catalog, "6"));

  /* Not complete: nothing is removed. */
  g_array_set_size (changes, 0);
  g_ptr_array_set_size (second, 1);
  sc_catalog_merge (catalog, second, FALSE, &added, &updated, &removed);
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpuint (updated, ==, 0);
  g_assert_cmpuint (changes->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 4);

  g_assert_true (sc_catalog_remove (catalog, "gid://shopify/Product/6"));
  g_assert_false (sc_catalog_remove (catalog, "gid://shopify/Product/6"));
  g_assert_null (sc_catalog_lookup (catalog, "6"));
}

/* First sync */

static void
test_first_sync (Fixture       *fixture,
                 gconstpointer  data)
{
  static const char * const progress[] = { "1/2", "2/4", "3/6", "4/8", "5/9", NULL };
  static const char * const states[] = { "loading-cache", "syncing", "live", NULL };
  g_autoptr(ScProduct) first = NULL;

  fill_provider (fixture->provider, 9);
  make_sync (fixture);
  sc_inventory_sync_start (fixture->sync);
  wait_state (fixture, SC_INVENTORY_SYNC_STATE_LIVE);

  assert_strv (fixture->progress, progress);
  assert_strv (fixture->states, states);
  g_assert_cmpuint (fixture->synced, ==, 1);
  g_assert_cmpuint (fixture->added, ==, 9);
  g_assert_cmpuint (fixture->failed, ==, 0);
  g_assert_false (sc_inventory_sync_get_stale (fixture->sync));
  g_assert_nonnull (sc_inventory_sync_get_synced_at (fixture->sync));
  g_assert_null (sc_inventory_sync_get_error (fixture->sync));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->catalog)), ==, 9);
  first = g_list_model_get_item (G_LIST_MODEL (fixture->catalog), 0);
  g_assert_cmpstr (sc_product_get_id (first), ==, "p1");
  g_assert_cmpuint (sc_memory_provider_count (fixture->provider, "page "), ==, 5);

  /* The good catalog was written to the cache. */
  wait_for (fixture, cache_has, GUINT_TO_POINTER (9), "the cache");
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  fill_provider (fixture->provider, 9);
  sc_memory_provider_set_delay (fixture->provider, 20);
  fixture->config.cache = FALSE;
  fixture->cancel_at_page = 2;
  make_sync (fixture);
  sc_inventory_sync_start (fixture->sync);
  wait_state (fixture, SC_INVENTORY_SYNC_STATE_IDLE);
  spin (0.2);

  g_assert_cmpuint (fixture->progress->len, ==, 2);
  g_assert_cmpuint (sc_memory_provider_count (fixture->provider, "page "), ==, 2);
  g_assert_cmpuint (fixture->synced, ==, 0);
  g_assert_cmpuint (fixture->failed, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->catalog)), ==, 0);
  g_assert_cmpint (sc_inventory_sync_get_state (fixture->sync), ==,
                   SC_INVENTORY_SYNC_STATE_IDLE);

  /* It can start again, and this time finishes. */
  fixture->cancel_at_page = 0;
  sc_inventory_sync_start (fixture->sync);
  wait_state (fixture, SC_INVENTORY_SYNC_STATE_LIVE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->catalog)), ==, 9);
}

/* Offline start from the cache, then the network returns. */
static void
test_offline_start (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) offline = g_error_new_literal (SC_SHOP_ERROR, SC_SHOP_ERROR_NETWORK,
                                                   "Could not connect: Connection refused");
  g_autoptr(GDateTime) first_synced_at = NULL;
  g_autoptr(ScProduct) pinned = NULL;
  StockChange *change;

  fill_provider (fixture->provider, 3);
  make_sync (fixture);
  sc_inventory_sync_start (fixture->sync);
  wait_state (fixture, SC_INVENTORY_SYNC_STATE_LIVE);
  wait_for (fixture, cache_has, GUINT_TO_POINTER (3), "the cache");
  first_synced_at = g_date_time_ref (sc_inventory_sync_get_synced_at (fixture->sync));
  drop_sync (fixture);

  /* A new start: another catalog, and the shop cannot be reached. */
  g_clear_object (&fixture->catalog);
  fixture->catalog = sc_catalog_new ();
  sc_memory_provider_set_failure (fixture->provider, offline);
  sc_memory_provider_set_stock (fixture->provider, "p2", 3);
  fixture->config.full_refresh_s = 0.3;
  g_ptr_array_set_size (fixture->states, 0);
  make_sync (fixture);
  sc_inventory_sync_start (fixture->sync);
  wait_state (fixture, SC_INVENTORY_SYNC_STATE_OFFLINE);

  /* The last good catalog, marked stale with its age. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->catalog)), ==, 3);
  pinned = g_object_ref (sc_catalog_lookup (fixture->catalog, "p2"));
  g_assert_cmpint (sc_product_get_stock (pinned), ==, 20);
  g_assert_true (sc_inventory_sync_get_stale (fixture->sync));
  g_assert_nonnull (sc_inventory_sync_get_synced_at (fixture->sync));
  g_assert_true (g_date_time_equal (sc_inventory_sync_get_synced_at (fixture->sync),
                                    first_synced_at));
  g_assert_cmpuint (fixture->failed, >=, 1);
  g_assert_error (fixture->last_failure, SC_SHOP_ERROR, SC_SHOP_ERROR_NETWORK);
  g_assert_nonnull (strstr (sc_inventory_sync_get_error (fixture->sync), "Connection refused"));
  g_assert_cmpstr (g_ptr_array_index (fixture->states, 0), ==, "loading-cache");

  /* It keeps retrying; when the network returns, it resumes by itself. */
  spin (0.4);
  g_assert_cmpuint (sc_memory_provider_count (fixture->provider, "page 0"), >=, 3);
  sc_memory_provider_set_failure (fixture->provider, NULL);
  wait_state (fixture, SC_INVENTORY_SYNC_STATE_LIVE);
  g_assert_false (sc_inventory_sync_get_stale (fixture->sync));
  g_assert_null (sc_inventory_sync_get_error (fixture->sync));
  g_assert_cmpint (g_date_time_compare (sc_inventory_sync_get_synced_at (fixture->sync),
                                        first_synced_at), >, 0);

  /* The object the show held is the one that changed. */
  g_assert_true (sc_catalog_lookup (fixture->catalog, "p2") == pinned);
  g_assert_cmpint (sc_product_get_stock (pinned), ==, 3);
  g_assert_cmpuint (fixture->stock_changes->len, ==, 1);
  change = &g_array_index (fixture->stock_changes, StockChange, 0);
  g_assert_true (change->product == pinned);
  g_assert_cmpint (change->old_stock, ==, 20);
  g_assert_cmpint (change->new_stock, ==, 3);
}

static void
test_malformed_page (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) malformed = g_error_new_literal (SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                                                     "$.data.products: expected an object");
  g_autoptr(ScSyncSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  fill_provider (fixture->provider, 9);
  make_sync (fixture);
  g_assert_true (run_full (fixture, NULL, NULL));
  g_assert_cmpint (cached_stock (fixture, "p1"), ==, 10);

  /* Page 1 succeeds with new stock, page 3 is malformed: nothing applies. */
  sc_memory_provider_set_stock (fixture->provider, "p1", 1);
  sc_memory_provider_set_stock (fixture->provider, "p9", 9);
  sc_memory_provider_fail_page (fixture->provider, 2, malformed);
  g_ptr_array_set_size (fixture->progress, 0);
  g_assert_false (run_full (fixture, &summary, &error));
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "page 3"));
  g_assert_cmpuint (g_strv_length (summary->errors), ==, 1);
  g_assert_cmpuint (fixture->progress->len, ==, 2);

  g_assert_cmpint (sc_product_get_stock (sc_catalog_lookup (fixture->catalog, "p1")), ==, 10);
  g_assert_cmpint (sc_product_get_stock (sc_catalog_lookup (fixture->catalog, "p9")), ==, 90);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->catalog)), ==, 9);
  g_assert_cmpuint (fixture->stock_changes->len, ==, 0);
  g_assert_cmpint (cached_stock (fixture, "p1"), ==, 10);
  g_assert_cmpint (sc_inventory_sync_get_state (fixture->sync), ==,
                   SC_INVENTORY_SYNC_STATE_FAILED);
  g_assert_true (sc_inventory_sync_get_stale (fixture->sync));

  /* The next good sync applies it all. */
  g_assert_true (run_full (fixture, NULL, NULL));
  g_assert_cmpint (sc_product_get_stock (sc_catalog_lookup (fixture->catalog, "p1")), ==, 1);
  g_assert_cmpint (sc_product_get_stock (sc_catalog_lookup (fixture->catalog, "p9")), ==, 9);
  g_assert_cmpint (cached_stock (fixture, "p1"), ==, 1);
  g_assert_cmpuint (fixture->stock_changes->len, ==, 2);
}

/* A failed first sync is retried with backoff until it goes through. */
static void
test_retry (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) malformed = g_error_new_literal (SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                                                     "Malformed JSON");

  fill_provider (fixture->provider, 5);
  sc_memory_provider_fail_page (fixture->provider, 1, malformed);
  fixture->config.full_refresh_s = 0.2;
  make_sync (fixture);
  sc_inventory_sync_start (fixture->sync);
  wait_state (fixture, SC_INVENTORY_SYNC_STATE_FAILED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->catalog)), ==, 0);
  wait_state (fixture, SC_INVENTORY_SYNC_STATE_LIVE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->catalog)), ==, 5);
  g_assert_cmpuint (fixture->failed, ==, 1);
}

static void
test_deleted_full (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(ScProduct) gone = NULL;

  fill_provider (fixture->provider, 5);
  make_sync (fixture);
  g_assert_true (run_full (fixture, NULL, NULL));
  gone = g_object_ref (sc_catalog_lookup (fixture->catalog, "p3"));

  sc_memory_provider_remove (fixture->provider, "p3");
  g_assert_true (run_full (fixture, NULL, NULL));
  g_assert_cmpuint (fixture->removed, ==, 1);
  g_assert_cmpuint (fixture->added, ==, 0);
  g_assert_null (sc_catalog_lookup (fixture->catalog, "p3"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->catalog)), ==, 4);
  g_assert_cmpint (cached_stock (fixture, "p4"), ==, 40);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_stock_changed (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(ScProduct) held = NULL;
  StockChange *change;
  guint notified = 0;

  fill_provider (fixture->provider, 4);
  make_sync (fixture);
  g_assert_true (run_full (fixture, NULL, NULL));
  g_assert_cmpuint (fixture->stock_changes->len, ==, 0);
  held = g_object_ref (sc_catalog_lookup (fixture->catalog, "p2"));
  g_signal_connect (held, "notify::stock", G_CALLBACK (count_notify), &notified);

  sc_memory_provider_set_stock (fixture->provider, "p2", 0);
  g_assert_true (run_full (fixture, NULL, NULL));

  g_assert_cmpuint (fixture->updated, ==, 1);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (fixture->stock_changes->len, ==, 1);
  change = &g_array_index (fixture->stock_changes, StockChange, 0);
  g_assert_true (change->product == held);
  g_assert_cmpint (change->old_stock, ==, 20);
  g_assert_cmpint (change->new_stock, ==, 0);
  g_signal_handlers_disconnect_by_data (held, &notified);
}

static void
test_run_full_summary (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(ScSyncSummary) summary = NULL;
  g_autoptr(ScProduct) with_variants = make_product (7);
  g_autoptr(GPtrArray) variants = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (variants, sc_variant_new ("v1", "S"));
  g_ptr_array_add (variants, sc_variant_new ("v2", "M"));
  sc_product_set_variants (with_variants, variants);
  fill_provider (fixture->provider, 6);
  sc_memory_provider_put (fixture->provider, with_variants);
  make_sync (fixture);

  g_assert_true (run_full (fixture, &summary, NULL));
  g_assert_cmpuint (summary->products, ==, 7);
  g_assert_cmpuint (summary->variants, ==, 2);
  g_assert_cmpuint (summary->requests, ==, 4);
  g_assert_cmpfloat (summary->seconds, >=, 0);
  g_assert_cmpuint (g_strv_length (summary->errors), ==, 0);
  /* Saved before the summary came back, for `--sync-catalog`. */
  g_assert_true (cache_has (fixture, GUINT_TO_POINTER (7)));
}

static gboolean
log_has (Fixture       *fixture,
         gconstpointer  data)
{
  return sc_memory_provider_count (fixture->provider, data) > 0;
}

static gboolean
product_gone (Fixture       *fixture,
              gconstpointer  data)
{
  return sc_catalog_lookup (fixture->catalog, data) == NULL;
}

static gboolean
has_stock_changes (Fixture       *fixture,
                   gconstpointer  data)
{
  return fixture->stock_changes->len >= GPOINTER_TO_UINT (data);
}

static void
test_hot_refresh (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char * const on_air[] = { "p2", "sku-p4", NULL };
  g_autoptr(ScProduct) pinned = NULL;
  GPtrArray *log;
  guint before, refreshes = 0;
  StockChange *change;

  fill_provider (fixture->provider, 5);
  make_sync (fixture);
  sc_inventory_sync_start (fixture->sync);
  wait_state (fixture, SC_INVENTORY_SYNC_STATE_LIVE);
  pinned = g_object_ref (sc_catalog_lookup (fixture->catalog, "p2"));

  /* refresh_s is 0.1 s: about ten ticks in one second, each one request
   * for exactly the on-air products (a SKU resolved to its product). */
  before = sc_memory_provider_get_log (fixture->provider)->len;
  sc_inventory_sync_set_on_air (fixture->sync, on_air);
  spin (1.0);
  log = sc_memory_provider_get_log (fixture->provider);
  for (guint i = before; i < log->len; i++)
    {
      g_assert_cmpstr (g_ptr_array_index (log, i), ==, "products p2,p4");
      refreshes++;
    }
  g_test_message ("%u refreshes in 1 s", refreshes);
  g_assert_cmpuint (refreshes, >=, 4);
  g_assert_cmpuint (refreshes, <=, 11);

  /* A slow shop: ticks while a refresh runs are skipped, never stacked. */
  sc_memory_provider_set_delay (fixture->provider, 250);
  before = log->len;
  spin (1.0);
  g_assert_cmpuint (log->len - before, <=, 5);
  g_assert_cmpuint (sc_memory_provider_get_max_in_flight (fixture->provider), ==, 1);
  sc_memory_provider_set_delay (fixture->provider, 0);

  /* Stock of the pinned product changes in the shop. */
  sc_memory_provider_set_stock (fixture->provider, "p2", 1);
  wait_for (fixture, has_stock_changes, GUINT_TO_POINTER (1), "stock-changed");
  change = &g_array_index (fixture->stock_changes, StockChange, 0);
  g_assert_true (change->product == pinned);
  g_assert_cmpint (change->old_stock, ==, 20);
  g_assert_cmpint (change->new_stock, ==, 1);
  g_assert_true (sc_catalog_lookup (fixture->catalog, "p2") == pinned);

  /* A product deleted in the shop leaves the catalog at the next refresh. */
  sc_memory_provider_remove (fixture->provider, "p4");
  wait_for (fixture, product_gone, "p4", "p4 to be removed");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->catalog)), ==, 4);

  /* Off air: no more refreshes. */
  sc_inventory_sync_set_on_air (fixture->sync, NULL);
  spin (0.05);
  before = log->len;
  spin (0.4);
  g_assert_cmpuint (log->len, ==, before);
}

/* A price written back behind the sync (a sale's restore): a sync that
 * fetched the product before the change must not put the old price back
 * over the refetched one. */
static void
test_refetch (Fixture       *fixture,
              gconstpointer  data)
{
  static const char * const changed[] = { "p1", NULL };
  g_autoptr(ScProduct) restored = NULL;
  ScProduct *p1;
  RunFull run = { 0 };
  guint before;
  GPtrArray *log;

  fill_provider (fixture->provider, 3);
  make_sync (fixture);
  sc_inventory_sync_start (fixture->sync);
  wait_state (fixture, SC_INVENTORY_SYNC_STATE_LIVE);
  p1 = sc_catalog_lookup (fixture->catalog, "p1");
  g_assert_cmpint (sc_product_get_price (p1), ==, 1001);

  /* A full sync asks for its first page (p1 at 10.01), then p1 changes in
   * the shop and is refetched. The sync's answers arrive later. */
  sc_memory_provider_set_delay (fixture->provider, 200);
  log = sc_memory_provider_get_log (fixture->provider);
  before = log->len;
  sc_inventory_sync_run_full_async (fixture->sync, NULL, on_run_full, &run);
  g_assert_cmpuint (log->len, ==, before + 1);
  restored = sc_product_copy (sc_memory_provider_get (fixture->provider, "p1"));
  sc_product_set_price (restored, 555);
  sc_memory_provider_put (fixture->provider, restored);
  sc_inventory_sync_refetch (fixture->sync, changed);
  g_assert_cmpstr (g_ptr_array_index (log, log->len - 1), ==, "products p1");

  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (run.ok);
  g_assert_no_error (run.error);
  g_clear_pointer (&run.summary, sc_sync_summary_free);

  /* The sync went through, p1 kept the refetched price, on the same
   * object, and nothing went missing. */
  g_assert_true (sc_catalog_lookup (fixture->catalog, "p1") == p1);
  g_assert_cmpint (sc_product_get_price (p1), ==, 555);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->catalog)), ==, 3);
  sc_memory_provider_set_delay (fixture->provider, 0);

  /* A sync that begins after the change applies p1 again. */
  g_object_unref (restored);
  restored = sc_product_copy (p1);
  sc_product_set_price (restored, 777);
  sc_memory_provider_put (fixture->provider, restored);
  memset (&run, 0, sizeof run);
  sc_inventory_sync_run_full_async (fixture->sync, NULL, on_run_full, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (run.ok);
  g_clear_pointer (&run.summary, sc_sync_summary_free);
  g_assert_cmpint (sc_product_get_price (p1), ==, 777);
}

static void
test_incremental (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDateTime) started = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(ScProduct) held = NULL;
  ScProduct *changed;
  GDateTime *since;
  GTimeSpan offset;

  fill_provider (fixture->provider, 5);
  fixture->config.full_refresh_s = 0.2;
  make_sync (fixture);
  sc_inventory_sync_start (fixture->sync);
  wait_state (fixture, SC_INVENTORY_SYNC_STATE_LIVE);
  held = g_object_ref (sc_catalog_lookup (fixture->catalog, "p5"));

  /* Only p5 changed since: the incremental sync carries it alone. */
  now = g_date_time_new_now_utc ();
  changed = sc_memory_provider_get (fixture->provider, "p5");
  sc_product_set_updated_at (changed, now);
  sc_product_set_stock (changed, 2);
  wait_for (fixture, log_has, "page 0 since=2", "an incremental sync");
  wait_for (fixture, has_stock_changes, GUINT_TO_POINTER (1), "stock-changed");

  since = sc_memory_provider_get_last_since (fixture->provider);
  g_assert_nonnull (since);
  /* The last sync's start, a minute earlier for clock skew. */
  offset = g_date_time_difference (since, started);
  g_assert_cmpint (offset, <=, -59 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (offset, >=, -61 * G_TIME_SPAN_SECOND);

  g_assert_true (g_array_index (fixture->stock_changes, StockChange, 0).product == held);
  g_assert_cmpint (sc_product_get_stock (held), ==, 2);
  /* Incremental: products not in the answer stay. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->catalog)), ==, 5);
  g_assert_cmpint (sc_inventory_sync_get_state (fixture->sync), ==,
                   SC_INVENTORY_SYNC_STATE_LIVE);
}

static void
test_corrupt_cache (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "catalog.sqlite", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  gboolean moved = FALSE;
  const char *name;

  g_file_set_contents (path, "not a database, just some bytes that are long enough",
                       -1, &error);
  g_assert_no_error (error);
  fill_provider (fixture->provider, 3);
  make_sync (fixture);
  sc_inventory_sync_start (fixture->sync);
  wait_state (fixture, SC_INVENTORY_SYNC_STATE_LIVE);

  /* Said once, then the sync started afresh and the new cache works. */
  g_assert_cmpuint (fixture->errors->len, >=, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->errors, 0), "damaged"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->catalog)), ==, 3);
  wait_for (fixture, cache_has, GUINT_TO_POINTER (3), "the new cache");

  dir = g_dir_open (fixture->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    moved |= g_str_has_prefix (name, "catalog.sqlite.corrupt-");
  g_assert_true (moved);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shop/sync/merge", test_merge);
  g_test_add ("/shop/sync/first-sync", Fixture, NULL,
              fixture_set_up, test_first_sync, fixture_tear_down);
  g_test_add ("/shop/sync/cancel", Fixture, NULL,
              fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/shop/sync/offline-start", Fixture, NULL,
              fixture_set_up, test_offline_start, fixture_tear_down);
  g_test_add ("/shop/sync/malformed-page", Fixture, NULL,
              fixture_set_up, test_malformed_page, fixture_tear_down);
  g_test_add ("/shop/sync/retry", Fixture, NULL,
              fixture_set_up, test_retry, fixture_tear_down);
  g_test_add ("/shop/sync/deleted-full", Fixture, NULL,
              fixture_set_up, test_deleted_full, fixture_tear_down);
  g_test_add ("/shop/sync/stock-changed", Fixture, NULL,
              fixture_set_up, test_stock_changed, fixture_tear_down);
  g_test_add ("/shop/sync/run-full-summary", Fixture, NULL,
              fixture_set_up, test_run_full_summary, fixture_tear_down);
  g_test_add ("/shop/sync/hot-refresh", Fixture, NULL,
              fixture_set_up, test_hot_refresh, fixture_tear_down);
  g_test_add ("/shop/sync/refetch", Fixture, NULL,
              fixture_set_up, test_refetch, fixture_tear_down);
  g_test_add ("/shop/sync/incremental", Fixture, NULL,
              fixture_set_up, test_incremental, fixture_tear_down);
  g_test_add ("/shop/sync/corrupt-cache", Fixture, NULL,
              fixture_set_up, test_corrupt_cache, fixture_tear_down);

  return g_test_run ();
}
