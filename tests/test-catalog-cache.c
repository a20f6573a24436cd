/* test-catalog-cache.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "shop/sc-catalog-cache.h"
#include "shop/sc-product.h"
#include "shop/sc-shop-error.h"

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("shopcast-cache-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "catalog.sqlite", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

#define BIG_PRODUCT_ID "gid://shopify/Product/9007199254740993"  /* 2^53 + 1 */
#define BIG_VARIANT_ID "9223372036854775807"                      /* 2^63 - 1 */

static GPtrArray *
make_catalog (void)
{
  GPtrArray *products = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) variants = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) updated_at = g_date_time_new_from_iso8601 ("2024-03-05T10:20:30.5+01:00",
                                                                  NULL);
  ScProduct *product;
  ScVariant *variant;

  product = sc_product_new (BIG_PRODUCT_ID, "Tasse à café – 珈琲カップ ☕");
  sc_product_set_currency (product, "EUR");
  sc_product_set_url (product, "https://shop.example/products/tasse");
  sc_product_set_image_uri (product, "https://cdn.example/tasse.png");
  sc_product_set_sku (product, "TASSE");
  sc_product_set_updated_at (product, updated_at);
  variant = sc_variant_new (BIG_VARIANT_ID, "Синий / M");
  sc_variant_set_sku (variant, "TASSE-B-M");
  sc_variant_set_price (variant, 1990);
  sc_variant_set_compare_at_price (variant, 2490);
  sc_variant_set_stock (variant, 7);
  sc_variant_set_inventory_item_id (variant, "gid://shopify/InventoryItem/43729076");
  g_ptr_array_add (variants, variant);
  variant = sc_variant_new ("gid://shopify/ProductVariant/2", "Rouge / L");
  sc_variant_set_price (variant, 2190);
  sc_variant_set_stock (variant, SC_STOCK_UNTRACKED);
  g_ptr_array_add (variants, variant);
  sc_product_set_variants (product, variants);
  sc_product_summarize_variants (product);
  g_ptr_array_add (products, product);

  /* A gift card: no stock tracking, no variants, a price of 1234567.89. */
  product = sc_product_new ("card", "Gift card");
  sc_product_set_currency (product, "USD");
  sc_product_set_price (product, 123456789);
  sc_product_set_stock (product, SC_STOCK_UNTRACKED);
  g_ptr_array_add (products, product);

  product = sc_product_new ("yen", "急須");
  sc_product_set_currency (product, "JPY");
  sc_product_set_price (product, 1200);
  sc_product_set_stock (product, 0);
  g_ptr_array_add (products, product);
  return products;
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(ScCatalogCache) cache = sc_catalog_cache_new (fixture->dir);
  g_autoptr(ScCatalogCache) reopened = NULL;
  g_autoptr(GPtrArray) products = make_catalog ();
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GDateTime) synced_at = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) loaded_at = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScVariant) first = NULL;
  g_autoptr(ScVariant) second = NULL;
  ScProduct *product;

  g_assert_cmpstr (sc_catalog_cache_get_path (cache), ==, fixture->path);
  g_assert_true (sc_catalog_cache_save (cache, "shopify https://a.example", products, synced_at,
                                        &error));
  g_assert_no_error (error);

  /* A new connection reads it back exactly. */
  reopened = sc_catalog_cache_new (fixture->dir);
  loaded = sc_catalog_cache_load (reopened, "shopify https://a.example", &loaded_at, &error);
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (loaded_at, synced_at));
  g_assert_cmpuint (loaded->len, ==, 3);

  product = g_ptr_array_index (loaded, 0);
  g_assert_cmpstr (sc_product_get_id (product), ==, BIG_PRODUCT_ID);
  g_assert_cmpstr (sc_product_get_title (product), ==, "Tasse à café – 珈琲カップ ☕");
  g_assert_cmpstr (sc_product_get_currency (product), ==, "EUR");
  g_assert_cmpstr (sc_product_get_url (product), ==, "https://shop.example/products/tasse");
  g_assert_cmpstr (sc_product_get_image_uri (product), ==, "https://cdn.example/tasse.png");
  g_assert_cmpstr (sc_product_get_sku (product), ==, "TASSE");
  g_assert_cmpint (sc_product_get_price (product), ==, 1990);
  g_assert_cmpint (sc_product_get_compare_at_price (product), ==, 2490);
  g_assert_cmpint (sc_product_get_stock (product), ==, 7);
  g_assert_true (g_date_time_equal (sc_product_get_updated_at (product),
                                    sc_product_get_updated_at (g_ptr_array_index (products,
                                                                                  0))));
  g_assert_cmpuint (g_list_model_get_n_items (sc_product_get_variants (product)), ==, 2);
  first = g_list_model_get_item (sc_product_get_variants (product), 0);
  second = g_list_model_get_item (sc_product_get_variants (product), 1);
  g_assert_cmpstr (sc_variant_get_id (first), ==, BIG_VARIANT_ID);
  g_assert_cmpstr (sc_variant_get_title (first), ==, "Синий / M");
  g_assert_cmpstr (sc_variant_get_sku (first), ==, "TASSE-B-M");
  g_assert_cmpint (sc_variant_get_price (first), ==, 1990);
  g_assert_cmpint (sc_variant_get_compare_at_price (first), ==, 2490);
  g_assert_cmpint (sc_variant_get_stock (first), ==, 7);
  /* Shopify's stock webhooks name it: a cached start must still match them. */
  g_assert_cmpstr (sc_variant_get_inventory_item_id (first), ==,
                   "gid://shopify/InventoryItem/43729076");
  g_assert_null (sc_variant_get_inventory_item_id (second));
  g_assert_cmpstr (sc_variant_get_id (second), ==, "gid://shopify/ProductVariant/2");
  g_assert_null (sc_variant_get_sku (second));
  g_assert_cmpint (sc_variant_get_stock (second), ==, SC_STOCK_UNTRACKED);

  product = g_ptr_array_index (loaded, 1);
  g_assert_cmpstr (sc_product_get_id (product), ==, "card");
  g_assert_cmpint (sc_product_get_price (product), ==, 123456789);
  g_assert_cmpint (sc_product_get_stock (product), ==, SC_STOCK_UNTRACKED);
  g_assert_null (sc_product_get_updated_at (product));
  g_assert_null (sc_product_get_url (product));
  g_assert_cmpuint (g_list_model_get_n_items (sc_product_get_variants (product)), ==, 0);

  product = g_ptr_array_index (loaded, 2);
  g_assert_cmpstr (sc_product_get_title (product), ==, "急須");
  g_assert_cmpstr (sc_product_get_currency (product), ==, "JPY");
  g_assert_cmpint (sc_product_get_stock (product), ==, 0);
}

static void
test_shops_apart (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(ScCatalogCache) cache = sc_catalog_cache_new (fixture->dir);
  g_autoptr(GPtrArray) products = make_catalog ();
  g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  ScShopConfig config = { .kind = SC_SHOP_KIND_WOOCOMMERCE, .url = (char *)"https://b.example/" };
  g_autofree char *key = sc_catalog_cache_make_key (&config);

  g_assert_cmpstr (key, ==, "woocommerce https://b.example");
  g_ptr_array_add (one, sc_product_new ("solo", "Solo"));
  g_assert_true (sc_catalog_cache_save (cache, "shopify https://a.example", products, now, NULL));
  g_assert_true (sc_catalog_cache_save (cache, key, one, now, NULL));

  loaded = sc_catalog_cache_load (cache, key, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 1);
  g_clear_pointer (&loaded, g_ptr_array_unref);
  loaded = sc_catalog_cache_load (cache, "shopify https://a.example", NULL, &error);
  g_assert_cmpuint (loaded->len, ==, 3);
  g_clear_pointer (&loaded, g_ptr_array_unref);

  /* A shop never synced: NOT_FOUND, which is not a failure to report. */
  loaded = sc_catalog_cache_load (cache, "shopify https://c.example", NULL, &error);
  g_assert_null (loaded);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_NOT_FOUND);
}

/* A save that fails half-way leaves the previous catalog whole. */
static void
test_failed_save (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(ScCatalogCache) cache = sc_catalog_cache_new (fixture->dir);
  g_autoptr(GPtrArray) products = make_catalog ();
  g_autoptr(GPtrArray) broken = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GDateTime) first = g_date_time_new_utc (2024, 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) second = g_date_time_new_utc (2024, 1, 2, 0, 0, 0);
  g_autoptr(GDateTime) loaded_at = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_catalog_cache_save (cache, "k", products, first, &error));
  g_assert_no_error (error);

  /* The same id twice cannot be stored: the second insert fails. */
  g_ptr_array_add (broken, sc_product_new ("x", "X"));
  g_ptr_array_add (broken, sc_product_new ("y", "Y"));
  g_ptr_array_add (broken, sc_product_new ("x", "X again"));
  g_assert_false (sc_catalog_cache_save (cache, "k", broken, second, &error));
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  loaded = sc_catalog_cache_load (cache, "k", &loaded_at, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 3);
  g_assert_cmpstr (sc_product_get_id (g_ptr_array_index (loaded, 0)), ==, BIG_PRODUCT_ID);
  g_assert_true (g_date_time_equal (loaded_at, first));
}

static GPtrArray *
corrupt_files (Fixture *fixture)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "catalog.sqlite.corrupt-") &&
        !g_str_has_suffix (name, "-wal") && !g_str_has_suffix (name, "-shm"))
      g_ptr_array_add (names, g_strdup (name));
  return names;
}

static void
test_corrupt (Fixture       *fixture,
              gconstpointer  data)
{
  static const char garbage[] = "this is not an SQLite database, whatever its name says....";
  g_autoptr(ScCatalogCache) cache = NULL;
  g_autoptr(GPtrArray) products = make_catalog ();
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GPtrArray) moved = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autofree char *moved_path = NULL;
  g_autofree char *contents = NULL;

  g_file_set_contents (fixture->path, garbage, -1, &error);
  g_assert_no_error (error);

  cache = sc_catalog_cache_new (fixture->dir);
  loaded = sc_catalog_cache_load (cache, "k", NULL, &error);
  g_assert_null (loaded);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_assert_nonnull (strstr (error->message, "catalog.sqlite.corrupt-"));
  g_clear_error (&error);

  /* The bad file is kept aside, byte for byte. */
  moved = corrupt_files (fixture);
  g_assert_cmpuint (moved->len, ==, 1);
  moved_path = g_build_filename (fixture->dir, g_ptr_array_index (moved, 0), NULL);
  g_file_get_contents (moved_path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, garbage);

  /* A fresh cache took its place and works. */
  g_assert_true (sc_catalog_cache_save (cache, "k", products, now, &error));
  g_assert_no_error (error);
  loaded = sc_catalog_cache_load (cache, "k", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 3);
}

/* Corruption met by a save (not a load) is handled the same way. */
static void
test_corrupt_on_save (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(ScCatalogCache) cache = NULL;
  g_autoptr(GPtrArray) products = make_catalog ();
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GPtrArray) moved = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  guint8 junk[4096];

  for (guint i = 0; i < sizeof junk; i++)
    junk[i] = (guint8)(i * 7 + 3);
  g_file_set_contents (fixture->path, (const char *)junk, sizeof junk, &error);
  g_assert_no_error (error);

  cache = sc_catalog_cache_new (fixture->dir);
  g_assert_true (sc_catalog_cache_save (cache, "k", products, now, &error));
  g_assert_no_error (error);
  moved = corrupt_files (fixture);
  g_assert_cmpuint (moved->len, ==, 1);
  loaded = sc_catalog_cache_load (cache, "k", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 3);
}

static void
test_newer_schema (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(ScCatalogCache) cache = NULL;
  g_autoptr(GPtrArray) products = make_catalog ();
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GPtrArray) moved = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 99;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  cache = sc_catalog_cache_new (fixture->dir);
  loaded = sc_catalog_cache_load (cache, "k", NULL, &error);
  g_assert_null (loaded);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "newer Shopcast"));
  g_clear_error (&error);
  g_assert_false (sc_catalog_cache_save (cache, "k", products, now, &error));
  g_assert_nonnull (strstr (error->message, "newer Shopcast"));

  /* Left as it is: not moved, not rewritten. */
  moved = corrupt_files (fixture);
  g_assert_cmpuint (moved->len, ==, 0);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "SELECT x FROM future", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "SELECT * FROM products", NULL, NULL, NULL), !=, SQLITE_OK);
  sqlite3_close (db);
}

/* A cache written by the version before inventory items (schema 1) is
 * migrated in place: its catalog stays, and new saves keep item ids. */
static void
test_schema_1 (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(ScCatalogCache) cache = NULL;
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GPtrArray) products = make_catalog ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ScVariant) variant = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TABLE meta (shop TEXT PRIMARY KEY NOT NULL,"
                                 " synced_at TEXT NOT NULL, products INTEGER NOT NULL);"
                                 "CREATE TABLE products (shop TEXT NOT NULL,"
                                 " position INTEGER NOT NULL, id TEXT NOT NULL, title TEXT,"
                                 " sku TEXT, url TEXT, currency TEXT NOT NULL,"
                                 " price INTEGER NOT NULL, compare_at_price INTEGER NOT NULL,"
                                 " stock INTEGER, image_uri TEXT, updated_at TEXT,"
                                 " PRIMARY KEY (shop, id));"
                                 "CREATE TABLE variants (shop TEXT NOT NULL,"
                                 " product_id TEXT NOT NULL, position INTEGER NOT NULL,"
                                 " id TEXT NOT NULL, title TEXT, sku TEXT,"
                                 " price INTEGER NOT NULL, compare_at_price INTEGER NOT NULL,"
                                 " stock INTEGER, PRIMARY KEY (shop, product_id, position));"
                                 "INSERT INTO meta VALUES ('k', '2026-11-30T10:00:00Z', 1);"
                                 "INSERT INTO products VALUES ('k', 0, 'p1', 'Mug', NULL, NULL,"
                                 " 'EUR', 1290, 0, 3, NULL, NULL);"
                                 "INSERT INTO variants VALUES ('k', 'p1', 0, 'v1', 'Blue', NULL,"
                                 " 1290, 0, 3);"
                                 "PRAGMA user_version = 1;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  cache = sc_catalog_cache_new (fixture->dir);
  loaded = sc_catalog_cache_load (cache, "k", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 1);
  variant = g_list_model_get_item (sc_product_get_variants (g_ptr_array_index (loaded, 0)), 0);
  g_assert_cmpstr (sc_variant_get_id (variant), ==, "v1");
  g_assert_cmpint (sc_variant_get_stock (variant), ==, 3);
  g_assert_null (sc_variant_get_inventory_item_id (variant));

  g_assert_true (sc_catalog_cache_save (cache, "k", products, now, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 2);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_clear_pointer (&loaded, g_ptr_array_unref);
  g_clear_object (&variant);
  loaded = sc_catalog_cache_load (cache, "k", NULL, &error);
  g_assert_no_error (error);
  variant = g_list_model_get_item (sc_product_get_variants (g_ptr_array_index (loaded, 0)), 0);
  g_assert_cmpstr (sc_variant_get_inventory_item_id (variant), ==,
                   "gid://shopify/InventoryItem/43729076");
}

typedef struct {
  GPtrArray *products;
  GDateTime *synced_at;
  GError    *error;
  gboolean   done;
} AsyncResult;

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  AsyncResult *out = user_data;

  g_assert_true (sc_catalog_cache_save_finish (SC_CATALOG_CACHE (source), result, &out->error));
  out->done = TRUE;
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncResult *out = user_data;

  out->products = sc_catalog_cache_load_finish (SC_CATALOG_CACHE (source), result,
                                                &out->synced_at, &out->error);
  out->done = TRUE;
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(ScCatalogCache) cache = sc_catalog_cache_new (fixture->dir);
  g_autoptr(GPtrArray) products = make_catalog ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  AsyncResult saved = { 0 }, loaded = { 0 };

  sc_catalog_cache_save_async (cache, "k", products, now, NULL, on_saved, &saved);
  /* Copied at once: changing the products now does not change the save. */
  sc_product_set_stock (g_ptr_array_index (products, 2), 99);
  while (!saved.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (saved.error);

  sc_catalog_cache_load_async (cache, "k", NULL, on_loaded, &loaded);
  while (!loaded.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (loaded.error);
  g_assert_cmpuint (loaded.products->len, ==, 3);
  g_assert_cmpint (sc_product_get_stock (g_ptr_array_index (loaded.products, 2)), ==, 0);
  g_assert_true (g_date_time_equal (loaded.synced_at, now));
  g_ptr_array_unref (loaded.products);
  g_date_time_unref (loaded.synced_at);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/shop/cache/round-trip", Fixture, NULL,
              fixture_set_up, test_round_trip, fixture_tear_down);
  g_test_add ("/shop/cache/shops-apart", Fixture, NULL,
              fixture_set_up, test_shops_apart, fixture_tear_down);
  g_test_add ("/shop/cache/failed-save", Fixture, NULL,
              fixture_set_up, test_failed_save, fixture_tear_down);
  g_test_add ("/shop/cache/corrupt", Fixture, NULL,
              fixture_set_up, test_corrupt, fixture_tear_down);
  g_test_add ("/shop/cache/corrupt-on-save", Fixture, NULL,
              fixture_set_up, test_corrupt_on_save, fixture_tear_down);
  g_test_add ("/shop/cache/schema-1", Fixture, NULL,
              fixture_set_up, test_schema_1, fixture_tear_down);
  g_test_add ("/shop/cache/newer-schema", Fixture, NULL,
              fixture_set_up, test_newer_schema, fixture_tear_down);
  g_test_add ("/shop/cache/async", Fixture, NULL,
              fixture_set_up, test_async, fixture_tear_down);

  return g_test_run ();
}
