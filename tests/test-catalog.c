/* test-catalog.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "shop/sc-catalog.h"
#include "shop/sc-shop-error.h"

typedef struct {
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("shopcast-catalog-XXXXXX", &error);
  g_assert_no_error (error);
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
}

static GFile *
write_catalog (Fixture    *fixture,
               const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "catalog.json", NULL);

  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static ScCatalog *
load (Fixture    *fixture,
      const char *json)
{
  g_autoptr(GFile) file = write_catalog (fixture, json);
  g_autoptr(GError) error = NULL;
  ScCatalog *catalog = sc_catalog_new_from_file (file, &error);

  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  return catalog;
}

/* Asserts the load fails with @code and a message naming the file and @path. */
static void
assert_load_fails (Fixture    *fixture,
                   const char *json,
                   int         code,
                   const char *path,
                   const char *fragment)
{
  g_autoptr(GFile) file = write_catalog (fixture, json);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCatalog) catalog = sc_catalog_new_from_file (file, &error);

  g_assert_null (catalog);
  g_assert_error (error, SC_SHOP_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "catalog.json:"));
  if (path != NULL)
    g_assert_nonnull (strstr (error->message, path));
  if (fragment != NULL)
    g_assert_nonnull (strstr (error->message, fragment));
}

static const char *full_catalog =
  "{\"currency\": \"EUR\", \"products\": ["
  " {\"id\": \"mug-01\", \"title\": \"Mug\", \"sku\": \"HH-MUG\", \"price\": \"19.90\","
  "  \"compare_at_price\": \"24.90\", \"stock\": 12, \"image\": \"images/mug.svg\","
  "  \"url\": \"https://shop.example/mug\"},"
  " {\"id\": \"card\", \"title\": \"Gift card\", \"price\": \"25\", \"stock\": null,"
  "  \"image\": \"https://cdn.example/card.png\"},"
  " {\"id\": \"scarf\", \"title\": \"Scarf\", \"sku\": \"fa-scf\", \"price\": \"0.10\","
  "  \"stock\": 0, \"claim_code\": \"A2\"},"
  " {\"id\": \"candle\", \"title\": \"Candle\", \"price\": \"1234567.89\"}"
  "]}";

static void
test_load_exact (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(ScCatalog) catalog = load (fixture, full_catalog);
  g_autoptr(ScProduct) mug = NULL;
  g_autofree char *image = g_build_filename (fixture->dir, "images", "mug.svg", NULL);
  g_autofree char *image_uri = g_filename_to_uri (image, NULL, NULL);
  ScProduct *product;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (catalog)) == SC_TYPE_PRODUCT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 4);

  mug = g_list_model_get_item (G_LIST_MODEL (catalog), 0);
  g_assert_cmpstr (sc_product_get_id (mug), ==, "mug-01");
  g_assert_cmpstr (sc_product_get_title (mug), ==, "Mug");
  g_assert_cmpstr (sc_product_get_sku (mug), ==, "HH-MUG");
  g_assert_cmpint (sc_product_get_price (mug), ==, 1990);
  g_assert_cmpint (sc_product_get_compare_at_price (mug), ==, 2490);
  g_assert_cmpstr (sc_product_get_currency (mug), ==, "EUR");
  g_assert_cmpint (sc_product_get_stock (mug), ==, 12);
  g_assert_cmpstr (sc_product_get_image_uri (mug), ==, image_uri);
  g_assert_cmpstr (sc_product_get_url (mug), ==, "https://shop.example/mug");
  g_assert_null (sc_product_get_claim_code (mug));

  product = sc_catalog_lookup (catalog, "card");
  g_assert_cmpint (sc_product_get_price (product), ==, 2500);
  g_assert_cmpint (sc_product_get_compare_at_price (product), ==, 0);
  g_assert_cmpint (sc_product_get_stock (product), ==, SC_STOCK_UNTRACKED);
  g_assert_cmpstr (sc_product_get_image_uri (product), ==, "https://cdn.example/card.png");

  product = sc_catalog_lookup (catalog, "scarf");
  g_assert_cmpint (sc_product_get_price (product), ==, 10);
  g_assert_cmpint (sc_product_get_stock (product), ==, 0);
  g_assert_cmpstr (sc_product_get_claim_code (product), ==, "A2");

  /* Absent stock is untracked, like null. */
  product = sc_catalog_lookup (catalog, "candle");
  g_assert_cmpint (sc_product_get_price (product), ==, 123456789);
  g_assert_cmpint (sc_product_get_stock (product), ==, SC_STOCK_UNTRACKED);
  g_assert_null (sc_product_get_image_uri (product));
}

static void
test_lookup (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(ScCatalog) catalog = load (fixture, full_catalog);
  ScProduct *mug = sc_catalog_lookup (catalog, "mug-01");

  g_assert_nonnull (mug);
  g_assert_true (sc_catalog_lookup (catalog, "HH-MUG") == mug);
  g_assert_true (sc_catalog_lookup (catalog, "hh-mug") == mug);
  g_assert_true (sc_catalog_lookup (catalog, "FA-SCF") == sc_catalog_lookup (catalog, "scarf"));
  g_assert_null (sc_catalog_lookup (catalog, "nope"));
  g_assert_null (sc_catalog_lookup (catalog, ""));
  /* Ids are exact; only SKUs ignore case. */
  g_assert_null (sc_catalog_lookup (catalog, "MUG-01"));

  /* The SKU index follows a product whose SKU changes. */
  sc_product_set_sku (mug, "NEW-SKU");
  g_assert_null (sc_catalog_lookup (catalog, "hh-mug"));
  g_assert_true (sc_catalog_lookup (catalog, "new-sku") == mug);

  g_assert_true (sc_catalog_lookup_claim_code (catalog, "a2") ==
                 sc_catalog_lookup (catalog, "scarf"));
  g_assert_null (sc_catalog_lookup_claim_code (catalog, "A9"));
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *calls)
{
  (*calls)++;
}

static void
test_add_replaces (void)
{
  g_autoptr(ScCatalog) catalog = sc_catalog_new ();
  g_autoptr(ScProduct) first = sc_product_new ("a", "First");
  g_autoptr(ScProduct) second = sc_product_new ("b", "Second");
  g_autoptr(ScProduct) again = sc_product_new ("a", "First, fetched again");
  g_autoptr(ScProduct) item = NULL;
  guint calls = 0;

  g_signal_connect (catalog, "items-changed", G_CALLBACK (on_items_changed), &calls);
  sc_catalog_add (catalog, first);
  sc_catalog_add (catalog, second);
  sc_catalog_add (catalog, again);
  g_assert_cmpuint (calls, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 2);
  item = g_list_model_get_item (G_LIST_MODEL (catalog), 0);
  g_assert_true (item == again);
  g_assert_true (sc_catalog_lookup (catalog, "a") == again);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (catalog), 2));
}

static void
test_claim_codes (void)
{
  static const char *ids[] = { "p1", "p2", "p3", "p4", "p5", "p6" };
  static const char * const rundown[] = { "p5", "missing", "p3", "p5", NULL };
  g_autoptr(ScCatalog) catalog = sc_catalog_new ();

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(ScProduct) product = sc_product_new (ids[i], ids[i]);

      sc_catalog_add (catalog, product);
    }
  /* Explicit codes are kept, and never handed out again (in any case). */
  sc_product_set_claim_code (sc_catalog_lookup (catalog, "p4"), "a2");
  sc_product_set_claim_code (sc_catalog_lookup (catalog, "p6"), "VIP");

  sc_catalog_assign_claim_codes (catalog, rundown);

  g_assert_cmpstr (sc_product_get_claim_code (sc_catalog_lookup (catalog, "p5")), ==, "A1");
  g_assert_cmpstr (sc_product_get_claim_code (sc_catalog_lookup (catalog, "p3")), ==, "A3");
  g_assert_cmpstr (sc_product_get_claim_code (sc_catalog_lookup (catalog, "p1")), ==, "A4");
  g_assert_cmpstr (sc_product_get_claim_code (sc_catalog_lookup (catalog, "p2")), ==, "A5");
  g_assert_cmpstr (sc_product_get_claim_code (sc_catalog_lookup (catalog, "p4")), ==, "a2");
  g_assert_cmpstr (sc_product_get_claim_code (sc_catalog_lookup (catalog, "p6")), ==, "VIP");

  /* Assigning again changes nothing. */
  sc_catalog_assign_claim_codes (catalog, NULL);
  g_assert_cmpstr (sc_product_get_claim_code (sc_catalog_lookup (catalog, "p5")), ==, "A1");
  g_assert_cmpstr (sc_product_get_claim_code (sc_catalog_lookup (catalog, "p2")), ==, "A5");
}

static void
test_bad_price (Fixture       *fixture,
                gconstpointer  data)
{
  /* A JSON number is refused: the message says why strings are needed. */
  assert_load_fails (fixture,
                     "{\"currency\": \"EUR\", \"products\": ["
                     " {\"id\": \"a\", \"title\": \"A\", \"price\": \"1.00\"},"
                     " {\"id\": \"b\", \"title\": \"B\", \"price\": 19.9}]}",
                     SC_SHOP_ERROR_INVALID_DATA, "$.products[1].price: expected",
                     "got 19.9");
  assert_load_fails (fixture,
                     "{\"currency\": \"EUR\", \"products\": ["
                     " {\"id\": \"a\", \"title\": \"A\", \"price\": 19.9}]}",
                     SC_SHOP_ERROR_INVALID_DATA, "$.products[0].price", "not exact");
  assert_load_fails (fixture,
                     "{\"currency\": \"EUR\", \"products\": ["
                     " {\"id\": \"a\", \"title\": \"A\", \"price\": \"19,90\"}]}",
                     SC_SHOP_ERROR_INVALID_DATA, "$.products[0].price", "\"19,90\"");
  /* More digits than the currency has would lose money. */
  assert_load_fails (fixture,
                     "{\"currency\": \"EUR\", \"products\": ["
                     " {\"id\": \"a\", \"title\": \"A\", \"price\": \"19.999\"}]}",
                     SC_SHOP_ERROR_INVALID_DATA, "$.products[0].price", NULL);
  assert_load_fails (fixture,
                     "{\"currency\": \"EUR\", \"products\": ["
                     " {\"id\": \"a\", \"title\": \"A\"}]}",
                     SC_SHOP_ERROR_INVALID_DATA, "$.products[0].price", "got nothing");
  assert_load_fails (fixture,
                     "{\"currency\": \"EUR\", \"products\": ["
                     " {\"id\": \"a\", \"title\": \"A\", \"price\": \"1\","
                     "  \"compare_at_price\": 2}]}",
                     SC_SHOP_ERROR_INVALID_DATA, "$.products[0].compare_at_price", NULL);
}

static void
test_bad_other (Fixture       *fixture,
                gconstpointer  data)
{
  assert_load_fails (fixture,
                     "{\"currency\": \"EUR\", \"products\": ["
                     " {\"id\": \"a\", \"title\": \"A\", \"price\": \"1\"},"
                     " {\"id\": \"a\", \"title\": \"B\", \"price\": \"2\"}]}",
                     SC_SHOP_ERROR_INVALID_DATA, "$.products[1].id", "\"a\"");
  assert_load_fails (fixture,
                     "{\"currency\": \"EUR\", \"products\": ["
                     " {\"id\": \"a\", \"title\": \"A\", \"price\": \"1\", \"stock\": -1}]}",
                     SC_SHOP_ERROR_INVALID_DATA, "$.products[0].stock", "got -1");
  assert_load_fails (fixture,
                     "{\"currency\": \"EUR\", \"products\": ["
                     " {\"id\": \"a\", \"title\": \"A\", \"price\": \"1\", \"stock\": 2.5}]}",
                     SC_SHOP_ERROR_INVALID_DATA, "$.products[0].stock", "got 2.5");
  assert_load_fails (fixture,
                     "{\"currency\": \"EUR\", \"products\": ["
                     " {\"id\": \"a\", \"title\": \"A\", \"price\": \"1\", \"claim_code\": \"X\"},"
                     " {\"id\": \"b\", \"title\": \"B\", \"price\": \"1\","
                     "  \"claim_code\": \"x\"}]}",
                     SC_SHOP_ERROR_INVALID_DATA, "$.products[1].claim_code", NULL);
  assert_load_fails (fixture,
                     "{\"currency\": \"EUR\", \"products\": ["
                     " {\"id\": \"a\", \"title\": \"A\", \"price\": \"1\", \"prize\": \"1\"}]}",
                     SC_SHOP_ERROR_INVALID_DATA, "$.products[0]", "prize");
  assert_load_fails (fixture,
                     "{\"currency\": \"EUR\", \"products\": ["
                     " {\"title\": \"A\", \"price\": \"1\"}]}",
                     SC_SHOP_ERROR_INVALID_DATA, "$.products[0].id", NULL);
  assert_load_fails (fixture, "{\"currency\": \"euro\", \"products\": []}",
                     SC_SHOP_ERROR_INVALID_DATA, "$.currency", "\"euro\"");
  assert_load_fails (fixture, "{\"products\": []}",
                     SC_SHOP_ERROR_INVALID_DATA, "$.currency", NULL);
  assert_load_fails (fixture, "{\"currency\": \"EUR\", \"products\": {}}",
                     SC_SHOP_ERROR_INVALID_DATA, "$.products", "an object");
  assert_load_fails (fixture, "[]", SC_SHOP_ERROR_INVALID_DATA, "$", NULL);
  assert_load_fails (fixture, "{\"currency\": \"EUR\",\n \"products\": [}",
                     SC_SHOP_ERROR_INVALID_DATA, ":2:", NULL);
}

/* 75 KB of "[" overflowed the stack inside json-glib; an empty file is
 * said to be empty rather than "not an object". */
static void
test_deep_and_empty (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *bodies[] = { NULL, "", " \n" };
  const char *fragments[] = { "catalog.json is nested deeper than 64 levels (line 2, column 65)",
                              "catalog.json is empty", "catalog.json is empty" };
  g_autofree char *deep = g_malloc (75 * 1024 + 3);

  deep[0] = '\n';
  memset (deep + 1, '[', 75 * 1024);
  deep[75 * 1024 + 1] = '\0';
  bodies[0] = deep;
  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GFile) file = write_catalog (fixture, bodies[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(ScCatalog) catalog = sc_catalog_new_from_file (file, &error);

      g_assert_null (catalog);
      g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA);
      g_assert_cmpstr (error->message, ==, fragments[i]);
    }
}

static void
test_missing_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "nope.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCatalog) catalog = sc_catalog_new_from_file (file, &error);

  g_assert_null (catalog);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nope.json"));
}

/* A copy is detached: its variants are new objects with the same values. */
static void
assert_same_products (ScCatalog *a,
                      ScCatalog *b)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (a));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (b)), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScProduct) x = g_list_model_get_item (G_LIST_MODEL (a), i);
      g_autoptr(ScProduct) y = g_list_model_get_item (G_LIST_MODEL (b), i);

      g_assert_cmpstr (sc_product_get_id (x), ==, sc_product_get_id (y));
      g_assert_cmpstr (sc_product_get_title (x), ==, sc_product_get_title (y));
      g_assert_cmpstr (sc_product_get_sku (x), ==, sc_product_get_sku (y));
      g_assert_cmpstr (sc_product_get_url (x), ==, sc_product_get_url (y));
      g_assert_cmpstr (sc_product_get_image_uri (x), ==, sc_product_get_image_uri (y));
      g_assert_cmpstr (sc_product_get_claim_code (x), ==, sc_product_get_claim_code (y));
      g_assert_cmpstr (sc_product_get_currency (x), ==, sc_product_get_currency (y));
      g_assert_cmpint (sc_product_get_price (x), ==, sc_product_get_price (y));
      g_assert_cmpint (sc_product_get_compare_at_price (x), ==,
                       sc_product_get_compare_at_price (y));
      g_assert_cmpint (sc_product_get_stock (x), ==, sc_product_get_stock (y));
    }
}

/* Files in the shape Shopcast writes go through the one-pass reader; the
 * same products with "products" before "currency" through the general one
 * (json-glib). Both must read the same, escapes and nulls included. */
static void
test_load_readers_agree (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *products =
    "[{\"id\": \"caf\\u00e9\", \"title\": \"Caf\\u00e9 \\\"Noir\\\" \\ud83d\\ude00\\n\\t\\/\","
    "  \"sku\": \"K\\u00d6-1\", \"price\": \"1200\", \"compare_at_price\": null,"
    "  \"stock\": 9223372036854775, \"image\": \"img/a b.png\", \"url\": null,"
    "  \"claim_code\": \"z9\"},"
    " {\"title\": \"Order\", \"stock\": null, \"price\": \"3\", \"id\": \"o\","
    "  \"image\": \"/abs/b.png\", \"compare_at_price\": \"7\", \"sku\": null},"
    " {\"id\": \"u\", \"title\": \"Ünïcödé ✓\", \"price\": \"0\", \"stock\": 0,"
    "  \"image\": \"https://cdn.example/x.png\", \"url\": \"https://shop.example/u\"}]";
  g_autofree char *fast = g_strdup_printf ("{\"currency\": \"JPY\",\r\n\t\"products\": %s}\n",
                                           products);
  g_autofree char *general = g_strdup_printf ("{\"products\": %s, \"currency\": \"JPY\"}",
                                              products);
  g_autoptr(ScCatalog) a = load (fixture, fast);
  g_autoptr(ScCatalog) b = load (fixture, general);
  g_autoptr(ScProduct) first = g_list_model_get_item (G_LIST_MODEL (a), 0);
  g_autoptr(ScProduct) second = g_list_model_get_item (G_LIST_MODEL (a), 1);

  assert_same_products (a, b);
  g_assert_cmpstr (sc_product_get_id (first), ==, "café");
  g_assert_cmpstr (sc_product_get_title (first), ==, "Café \"Noir\" 😀\n\t/");
  g_assert_cmpint (sc_product_get_price (first), ==, 1200);
  g_assert_cmpint (sc_product_get_stock (first), ==, G_GINT64_CONSTANT (9223372036854775));
  g_assert_true (g_str_has_suffix (sc_product_get_image_uri (first), "/img/a%20b.png"));
  g_assert_null (sc_product_get_url (first));
  g_assert_cmpint (sc_product_get_price (second), ==, 3);
  g_assert_cmpint (sc_product_get_compare_at_price (second), ==, 7);
  g_assert_cmpint (sc_product_get_stock (second), ==, SC_STOCK_UNTRACKED);
  g_assert_cmpstr (sc_product_get_image_uri (second), ==, "file:///abs/b.png");
}

static char *
big_catalog (guint       n,
             const char *last)
{
  GString *json = g_string_new ("{\n  \"currency\": \"EUR\",\n  \"products\": [\n");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json,
                            "    {\"id\": \"p-%06u\", \"title\": \"Product %u\", "
                            "\"sku\": \"SKU-%06u\", \"price\": \"%u.%02u\", \"stock\": %u, "
                            "\"image\": \"images/p-%u.jpg\", "
                            "\"url\": \"https://shop.example/p-%06u\"},\n",
                            i, i, i, 5 + i % 200, i % 100, i % 50, i % 500, i);
  g_string_append_printf (json, "    %s\n  ]\n}\n", last);
  return g_string_free (json, FALSE);
}

/* 100,000 products load whole and right (bench/catalog.sh measures how
 * fast and in how much memory). */
static void
test_load_100k (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *json = big_catalog (100000, "{\"id\": \"last\", \"title\": \"Last\", "
                                                "\"price\": \"1.00\", \"claim_code\": \"A7\"}");
  g_autoptr(ScCatalog) catalog = load (fixture, json);
  g_autoptr(ScProduct) last = NULL;
  const guint samples[] = { 0, 1, 4999, 50000, 99999 };

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 100001);
  for (guint k = 0; k < G_N_ELEMENTS (samples); k++)
    {
      guint i = samples[k];
      g_autoptr(ScProduct) product = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      g_autofree char *id = g_strdup_printf ("p-%06u", i);
      g_autofree char *title = g_strdup_printf ("Product %u", i);
      g_autofree char *sku = g_strdup_printf ("sku-%06u", i);
      g_autofree char *image = g_strdup_printf ("/images/p-%u.jpg", i % 500);

      g_assert_cmpstr (sc_product_get_id (product), ==, id);
      g_assert_cmpstr (sc_product_get_title (product), ==, title);
      g_assert_cmpstr (sc_product_get_currency (product), ==, "EUR");
      g_assert_cmpint (sc_product_get_price (product), ==, (5 + i % 200) * 100 + i % 100);
      g_assert_cmpint (sc_product_get_stock (product), ==, i % 50);
      g_assert_true (g_str_has_suffix (sc_product_get_image_uri (product), image));
      g_assert_true (sc_catalog_lookup (catalog, id) == product);
      g_assert_true (sc_catalog_lookup (catalog, sku) == product);
    }

  /* The SKU index follows a change made after it was built. */
  last = g_list_model_get_item (G_LIST_MODEL (catalog), 100000);
  g_assert_null (sc_catalog_lookup (catalog, "NEW-SKU"));
  sc_product_set_sku (last, "NEW-SKU");
  g_assert_true (sc_catalog_lookup (catalog, "new-sku") == last);

  sc_catalog_assign_claim_codes (catalog, NULL);
  g_assert_cmpstr (sc_product_get_claim_code (last), ==, "A7");
  {
    g_autoptr(ScProduct) p6 = g_list_model_get_item (G_LIST_MODEL (catalog), 6);
    g_autoptr(ScProduct) p7 = g_list_model_get_item (G_LIST_MODEL (catalog), 99999);

    g_assert_cmpstr (sc_product_get_claim_code (p6), ==, "A8");   /* A7 is taken */
    g_assert_cmpstr (sc_product_get_claim_code (p7), ==, "A100001");
  }
}

/* A mistake after 20,000 good products is found and named as in a small
 * file (the one-pass reader gives up, the general one says why). */
static void
test_load_100k_bad_last (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *dup = big_catalog (20000, "{\"id\": \"p-000042\", \"title\": \"Again\", "
                                               "\"price\": \"1.00\"}");
  g_autofree char *price = big_catalog (20000, "{\"id\": \"x\", \"title\": \"X\", "
                                                 "\"price\": 1.5}");

  assert_load_fails (fixture, dup, SC_SHOP_ERROR_INVALID_DATA, "$.products[20000].id",
                     "the id \"p-000042\" is used by another product too");
  assert_load_fails (fixture, price, SC_SHOP_ERROR_INVALID_DATA, "$.products[20000].price",
                     "got 1.5");
}

static void
test_product_copy (void)
{
  g_autoptr(ScProduct) product = sc_product_new ("gid://shopify/Product/9007199254740993", "Mug");
  g_autoptr(ScProduct) copy = NULL;
  g_autoptr(GPtrArray) variants = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ScVariant) original = NULL;
  g_autoptr(ScVariant) cloned = NULL;
  ScVariant *variant = sc_variant_new ("v1", "Blue / M");

  sc_variant_set_price (variant, 1990);
  sc_variant_set_stock (variant, 4);
  g_ptr_array_add (variants, variant);
  sc_product_set_variants (product, variants);
  sc_product_summarize_variants (product);
  sc_product_set_claim_code (product, "A7");

  copy = sc_product_copy (product);
  g_assert_cmpstr (sc_product_get_id (copy), ==, "gid://shopify/Product/9007199254740993");
  g_assert_cmpint (sc_product_get_price (copy), ==, 1990);
  g_assert_cmpint (sc_product_get_stock (copy), ==, 4);
  g_assert_cmpstr (sc_product_get_claim_code (copy), ==, "A7");
  original = g_list_model_get_item (sc_product_get_variants (product), 0);
  cloned = g_list_model_get_item (sc_product_get_variants (copy), 0);
  g_assert_true (original != cloned);
  g_assert_cmpstr (sc_variant_get_title (cloned), ==, "Blue / M");
  sc_variant_set_stock (cloned, 0);
  g_assert_cmpint (sc_variant_get_stock (original), ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/shop/catalog/load/exact", Fixture, NULL,
              fixture_set_up, test_load_exact, fixture_tear_down);
  g_test_add ("/shop/catalog/lookup", Fixture, NULL,
              fixture_set_up, test_lookup, fixture_tear_down);
  g_test_add_func ("/shop/catalog/add-replaces", test_add_replaces);
  g_test_add_func ("/shop/catalog/claim-codes", test_claim_codes);
  g_test_add ("/shop/catalog/bad/price", Fixture, NULL,
              fixture_set_up, test_bad_price, fixture_tear_down);
  g_test_add ("/shop/catalog/bad/other", Fixture, NULL,
              fixture_set_up, test_bad_other, fixture_tear_down);
  g_test_add ("/shop/catalog/bad/deep-and-empty", Fixture, NULL,
              fixture_set_up, test_deep_and_empty, fixture_tear_down);
  g_test_add ("/shop/catalog/bad/missing-file", Fixture, NULL,
              fixture_set_up, test_missing_file, fixture_tear_down);
  g_test_add ("/shop/catalog/load/readers-agree", Fixture, NULL,
              fixture_set_up, test_load_readers_agree, fixture_tear_down);
  g_test_add ("/shop/catalog/load/100k", Fixture, NULL,
              fixture_set_up, test_load_100k, fixture_tear_down);
  g_test_add ("/shop/catalog/bad/after-20000", Fixture, NULL,
              fixture_set_up, test_load_100k_bad_last, fixture_tear_down);

  g_test_add_func ("/shop/product/copy", test_product_copy);
  return g_test_run ();
}
