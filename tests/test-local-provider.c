/* test-local-provider.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-local-provider"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "shop/sc-csv-catalog.h"
#include "shop/sc-local-provider.h"
#include "shop/sc-shop-error.h"

typedef struct {
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("shopcast-local-XXXXXX", &error);
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

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static ScShopProvider *
new_provider (const char *path,
              const char *currency)
{
  g_autoptr(ScShopConfig) config = sc_shop_config_new (SC_SHOP_KIND_LOCAL);
  g_autoptr(GError) error = NULL;
  ScShopProvider *provider;

  config->file = g_strdup (path);
  if (currency != NULL)
    {
      g_free (config->currency);
      config->currency = g_strdup (currency);
    }
  provider = sc_local_provider_new (config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (provider);
  return provider;
}

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static ScProductPage *
fetch_page (ScShopProvider  *provider,
            GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_shop_provider_fetch_page_async (provider, NULL, NULL, NULL, on_result, &result);
  return sc_shop_provider_fetch_page_finish (provider, wait_for (&result), error);
}

/* The products of @csv in catalog.csv, prices in @currency. */
static GPtrArray *
load_csv (Fixture    *fixture,
          const char *csv,
          const char *currency)
{
  g_autofree char *path = write_file (fixture, "catalog.csv", csv);
  g_autoptr(ScShopProvider) provider = new_provider (path, currency);
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = fetch_page (provider, &error);
  g_assert_no_error (error);
  g_assert_nonnull (page);
  g_assert_null (page->next_cursor);
  return g_ptr_array_ref (page->products);
}

/* Asserts that loading @csv fails with @code and exactly @message. */
static void
assert_csv_fails (Fixture    *fixture,
                  const char *csv,
                  int         code,
                  const char *message)
{
  g_autofree char *path = write_file (fixture, "catalog.csv", csv);
  g_autoptr(ScShopProvider) provider = new_provider (path, NULL);
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = fetch_page (provider, &error);
  g_assert_null (page);
  g_assert_error (error, SC_SHOP_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
}

static ScProduct *
find (GPtrArray  *products,
      const char *id)
{
  for (guint i = 0; i < products->len; i++)
    if (g_str_equal (sc_product_get_id (g_ptr_array_index (products, i)), id))
      return g_ptr_array_index (products, i);
  g_error ("no product “%s”", id);
  return NULL;
}

static void
test_json (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *image = g_build_filename (fixture->dir, "mug.png", NULL);
  g_autofree char *image_uri = g_filename_to_uri (image, NULL, NULL);
  g_autoptr(ScShopProvider) provider = NULL;
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GError) error = NULL;
  ScProduct *mug, *tee;

  path = write_file (fixture, "catalog.json",
                     "{\"currency\": \"EUR\", \"products\": ["
                     "{\"id\": \"mug\", \"title\": \"Mug\", \"price\": \"12.50\", \"stock\": 3,"
                     " \"image\": \"mug.png\", \"sku\": \"MUG-1\"},"
                     "{\"id\": \"tee\", \"title\": \"Tee\", \"price\": \"19.90\","
                     " \"compare_at_price\": \"24.90\"}]}");
  provider = new_provider (path, NULL);
  g_assert_cmpstr (sc_shop_provider_get_name (provider), ==, "Local catalog");

  page = fetch_page (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->products->len, ==, 2);
  g_assert_null (page->next_cursor);
  mug = find (page->products, "mug");
  g_assert_cmpstr (sc_product_get_currency (mug), ==, "EUR");
  g_assert_cmpint (sc_product_get_price (mug), ==, 1250);
  g_assert_cmpint (sc_product_get_stock (mug), ==, 3);
  g_assert_cmpstr (sc_product_get_image_uri (mug), ==, image_uri);
  tee = find (page->products, "tee");
  g_assert_cmpint (sc_product_get_compare_at_price (tee), ==, 2490);
  g_assert_cmpint (sc_product_get_stock (tee), ==, SC_STOCK_UNTRACKED);
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider), ==, 0);
}

static void
test_json_error (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(ScShopProvider) provider = NULL;
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GError) error = NULL;

  /* The catalog loader's own messages come through. */
  path = write_file (fixture, "catalog.json",
                     "{\"currency\": \"EUR\", \"products\": ["
                     "{\"id\": \"mug\", \"title\": \"Mug\", \"price\": 12.5}]}");
  provider = new_provider (path, NULL);
  page = fetch_page (provider, &error);
  g_assert_null (page);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA);
  g_assert_true (g_str_has_prefix (error->message, "catalog.json: $.products[0].price:"));
}

static void
test_csv_columns (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) products = NULL;
  g_autofree char *image = g_build_filename (fixture->dir, "images", "mug.png", NULL);
  g_autofree char *image_uri = g_filename_to_uri (image, NULL, NULL);
  ScProduct *mug, *tee;

  products = load_csv (fixture,
                       "Name,Price,Was,Quantity,Image URL,SKU,Link,Notes\n"
                       "Stoneware mug,12.50,15.00,3,images/mug.png,MUG-1,"
                       "https://shop.example/mug,fragile\n"
                       "Tee,19.90,,,https://cdn.example/tee.jpg,TEE-1,,\n",
                       NULL);
  g_assert_cmpuint (products->len, ==, 2);

  mug = find (products, "MUG-1");
  g_assert_cmpstr (sc_product_get_title (mug), ==, "Stoneware mug");
  g_assert_cmpstr (sc_product_get_currency (mug), ==, "USD");
  g_assert_cmpint (sc_product_get_price (mug), ==, 1250);
  g_assert_cmpint (sc_product_get_compare_at_price (mug), ==, 1500);
  g_assert_cmpint (sc_product_get_stock (mug), ==, 3);
  g_assert_cmpstr (sc_product_get_sku (mug), ==, "MUG-1");
  g_assert_cmpstr (sc_product_get_url (mug), ==, "https://shop.example/mug");
  g_assert_cmpstr (sc_product_get_image_uri (mug), ==, image_uri);

  /* An empty stock cell: not tracked, never 0. */
  tee = find (products, "TEE-1");
  g_assert_cmpint (sc_product_get_stock (tee), ==, SC_STOCK_UNTRACKED);
  g_assert_cmpint (sc_product_get_compare_at_price (tee), ==, 0);
  g_assert_null (sc_product_get_url (tee));
  g_assert_cmpstr (sc_product_get_image_uri (tee), ==, "https://cdn.example/tee.jpg");
}

static void
test_csv_aliases (Fixture       *fixture,
                  gconstpointer  data)
{
  const struct {
    const char *header;
    gint64      compare_at;
    gint64      stock;
  } cases[] = {
    { "product,PRICE,compare_at_price,inventory,image_src,sku,url,id", 900, 4 },
    { "Title,Price,Compare at price,Stock,Image,SKU,Link,ID", 900, 4 },
    { " Product Title , price , Regular Price , qty , image-url , Sku , URL , Id ", 900, 4 },
    { "product name,price,compare-at,quantity,picture,sku,link,id", 900, 4 },
    { "name,price,was,inventory,image,sku,url,id", 900, 4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *csv = g_strdup_printf ("%s\nScarf,7.00,9.00,4,scarf.png,SC-1,"
                                              "https://shop.example/scarf,scarf\n",
                                              cases[i].header);
      g_autoptr(GPtrArray) products = load_csv (fixture, csv, NULL);
      ScProduct *scarf = find (products, "scarf");

      g_test_message ("header: %s", cases[i].header);
      g_assert_cmpstr (sc_product_get_title (scarf), ==, "Scarf");
      g_assert_cmpint (sc_product_get_price (scarf), ==, 700);
      g_assert_cmpint (sc_product_get_compare_at_price (scarf), ==, cases[i].compare_at);
      g_assert_cmpint (sc_product_get_stock (scarf), ==, cases[i].stock);
      g_assert_cmpstr (sc_product_get_sku (scarf), ==, "SC-1");
      g_assert_cmpstr (sc_product_get_url (scarf), ==, "https://shop.example/scarf");
    }
}

static void
test_csv_quoting (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) products = NULL;

  /* What Excel writes for "CSV UTF-8": a BOM, CRLF, quotes where needed. */
  products = load_csv (fixture,
                       "\xEF\xBB\xBFtitle,price,sku,stock\r\n"
                       "\"Mug, large\",12.50,M-1,2\r\n"
                       "\"The \"\"Best\"\" Tee\",19.90,T-1,\r\n"
                       "\"Two-line\r\nname\",5.00,L-1,1\r\n"
                       ",,,\r\n"
                       "\r\n"
                       "\"Чайник «Утро» 茶壶\",\"1,299.00\",\"K-1\",\"0\"\r\n"
                       "Last,1.00,Z-1,7",
                       NULL);
  g_assert_cmpuint (products->len, ==, 5);
  g_assert_cmpstr (sc_product_get_title (find (products, "M-1")), ==, "Mug, large");
  g_assert_cmpstr (sc_product_get_title (find (products, "T-1")), ==, "The \"Best\" Tee");
  g_assert_cmpint (sc_product_get_stock (find (products, "T-1")), ==, SC_STOCK_UNTRACKED);
  g_assert_cmpstr (sc_product_get_title (find (products, "L-1")), ==, "Two-line\nname");
  g_assert_cmpstr (sc_product_get_title (find (products, "K-1")), ==, "Чайник «Утро» 茶壶");
  g_assert_cmpint (sc_product_get_price (find (products, "K-1")), ==, 129900);
  g_assert_cmpint (sc_product_get_stock (find (products, "K-1")), ==, 0);
  g_assert_cmpint (sc_product_get_stock (find (products, "Z-1")), ==, 7);
}

static void
test_csv_lf_and_header_only (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) products = NULL;

  products = load_csv (fixture, "title,price\nA,1.00\n\"B\nb\",2.00\n", NULL);
  g_assert_cmpuint (products->len, ==, 2);
  g_assert_cmpstr (sc_product_get_title (g_ptr_array_index (products, 1)), ==, "B\nb");
  g_clear_pointer (&products, g_ptr_array_unref);

  products = load_csv (fixture, "title,price\n", NULL);
  g_assert_cmpuint (products->len, ==, 0);
}

static void
test_csv_prices (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) products = NULL;

  products = load_csv (fixture,
                       "title,price,compare at price\n"
                       "A,19.90,\n"
                       "B,$19.90,$24.90\n"
                       "C,\"1,299.00\",\"$1,499\"\n"
                       "D,19.9,\n"
                       "E,\"1,234,567.5\",\n"
                       "F, 7 ,\n",
                       NULL);
  g_assert_cmpint (sc_product_get_price (find (products, "a-2")), ==, 1990);
  g_assert_cmpint (sc_product_get_price (find (products, "b-3")), ==, 1990);
  g_assert_cmpint (sc_product_get_compare_at_price (find (products, "b-3")), ==, 2490);
  g_assert_cmpint (sc_product_get_price (find (products, "c-4")), ==, 129900);
  g_assert_cmpint (sc_product_get_compare_at_price (find (products, "c-4")), ==, 149900);
  g_assert_cmpint (sc_product_get_price (find (products, "d-5")), ==, 1990);
  g_assert_cmpint (sc_product_get_price (find (products, "e-6")), ==, 123456750);
  g_assert_cmpint (sc_product_get_price (find (products, "f-7")), ==, 700);
  g_clear_pointer (&products, g_ptr_array_unref);

  /* The sign must be the catalog currency's own. */
  products = load_csv (fixture, "title,price\nA,€19.90\n", "EUR");
  g_assert_cmpint (sc_product_get_price (g_ptr_array_index (products, 0)), ==, 1990);
  g_assert_cmpstr (sc_product_get_currency (g_ptr_array_index (products, 0)), ==, "EUR");
  g_clear_pointer (&products, g_ptr_array_unref);
  products = load_csv (fixture, "title,price\nA,¥1200\n", "JPY");
  g_assert_cmpint (sc_product_get_price (g_ptr_array_index (products, 0)), ==, 1200);
}

static void
test_csv_bad_price (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *bad[] = { "19,90", "19,9x", "€19.90", "-5.00", "19.999", "1,29.00", "12,3456",
                        "19.", ".50", "USD 19.90", "19.90$", "1 299.00", "0x10", NULL };

  assert_csv_fails (fixture,
                    "title,price\nA,1.00\nB,2.00\nC,3.00\nD,4.00\nE,5.00\nF,19,9x\n",
                    SC_SHOP_ERROR_INVALID_DATA,
                    "catalog.csv: row 7 has 3 cells but the header has 2 (a cell with a comma "
                    "in it needs quotes around it)");
  assert_csv_fails (fixture,
                    "title,price\nA,1.00\nB,2.00\nC,3.00\nD,4.00\nE,5.00\nF,\"19,9x\"\n",
                    SC_SHOP_ERROR_INVALID_DATA,
                    "catalog.csv: row 7, column “price”: “19,9x” is not a price; write it like "
                    "19.90, $19.90 or 1,299.00");

  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autofree char *csv = g_strdup_printf ("title,price\nA,\"%s\"\n", bad[i]);
      g_autofree char *message = g_strdup_printf ("catalog.csv: row 2, column “price”: “%s” is "
                                                  "not a price; write it like 19.90, $19.90 or "
                                                  "1,299.00", bad[i]);

      assert_csv_fails (fixture, csv, SC_SHOP_ERROR_INVALID_DATA, message);
    }

  assert_csv_fails (fixture, "Title,Price,Was\nA,1.00,soon\n", SC_SHOP_ERROR_INVALID_DATA,
                    "catalog.csv: row 2, column “Was”: “soon” is not a price; write it like "
                    "19.90, $19.90 or 1,299.00");
  assert_csv_fails (fixture, "title,price\nA,1.00\nB,\n", SC_SHOP_ERROR_INVALID_DATA,
                    "catalog.csv: row 3, column “price”: the price is empty");
}

static void
test_csv_stock (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) products = NULL;

  products = load_csv (fixture, "title,price,stock,sku\nA,1.00,\"1,200\",A\nB,1.00,0,B\n",
                       NULL);
  g_assert_cmpint (sc_product_get_stock (find (products, "A")), ==, 1200);
  g_assert_cmpint (sc_product_get_stock (find (products, "B")), ==, 0);

  assert_csv_fails (fixture, "title,price,Inventory\nA,1.00,12.5\n", SC_SHOP_ERROR_INVALID_DATA,
                    "catalog.csv: row 2, column “Inventory”: “12.5” is not a number of items; "
                    "write a whole number, or leave the cell empty when stock is not tracked");
  assert_csv_fails (fixture, "title,price,stock\nA,1.00,-1\n", SC_SHOP_ERROR_INVALID_DATA,
                    "catalog.csv: row 2, column “stock”: “-1” is not a number of items; "
                    "write a whole number, or leave the cell empty when stock is not tracked");
}

static void
test_csv_ids (Fixture       *fixture,
              gconstpointer  data)
{
  const char *csv = "title,price,sku\n"
                    "Blue Mug (large),12.00,\n"
                    "Tee,19.90,TEE-1\n"
                    "茶壶,30.00,\n"
                    "Crème brûlée torch,25.00,\n";
  g_autofree char *path = write_file (fixture, "catalog.csv", csv);
  g_autoptr(ScShopProvider) provider = new_provider (path, NULL);
  g_autoptr(ScProductPage) first = NULL;
  g_autoptr(ScProductPage) second = NULL;
  g_autoptr(GPtrArray) with_ids = NULL;

  first = fetch_page (provider, NULL);
  g_assert_nonnull (first);
  g_assert_cmpstr (sc_product_get_id (g_ptr_array_index (first->products, 0)), ==,
                   "blue-mug-large-2");
  g_assert_cmpstr (sc_product_get_id (g_ptr_array_index (first->products, 1)), ==, "TEE-1");
  g_assert_cmpstr (sc_product_get_id (g_ptr_array_index (first->products, 2)), ==,
                   "product-4");
  g_assert_cmpstr (sc_product_get_id (g_ptr_array_index (first->products, 3)), ==,
                   "creme-brulee-torch-5");

  /* The same file gives the same ids, so the rundown keeps working. */
  second = fetch_page (provider, NULL);
  g_assert_nonnull (second);
  for (guint i = 0; i < first->products->len; i++)
    g_assert_cmpstr (sc_product_get_id (g_ptr_array_index (first->products, i)), ==,
                     sc_product_get_id (g_ptr_array_index (second->products, i)));

  with_ids = load_csv (fixture, "id,title,price,sku\nA7,Mug,1.00,MUG-1\n,Tee,2.00,TEE-1\n",
                       NULL);
  g_assert_cmpstr (sc_product_get_id (g_ptr_array_index (with_ids, 0)), ==, "A7");
  g_assert_cmpstr (sc_product_get_id (g_ptr_array_index (with_ids, 1)), ==, "TEE-1");
}

static void
test_csv_duplicate_ids (Fixture       *fixture,
                        gconstpointer  data)
{
  assert_csv_fails (fixture, "title,price,sku\nMug,1.00,MUG-1\nTee,2.00,TEE-1\n"
                             "Big mug,3.00,MUG-1\n",
                    SC_SHOP_ERROR_INVALID_DATA,
                    "catalog.csv: rows 2 and 4 have the same id “MUG-1”; every product needs "
                    "its own (without an id column, the SKU is the id)");
  assert_csv_fails (fixture, "id,title,price\n7,Mug,1.00\n7,Tee,2.00\n",
                    SC_SHOP_ERROR_INVALID_DATA,
                    "catalog.csv: rows 2 and 3 have the same id “7”; every product needs "
                    "its own (without an id column, the SKU is the id)");
}

static void
test_csv_bad_header (Fixture       *fixture,
                     gconstpointer  data)
{
  assert_csv_fails (fixture, "sku,price\nMUG-1,1.00\n", SC_SHOP_ERROR_INVALID_DATA,
                    "catalog.csv: no title column: name the column of product names "
                    "“title”, “name” or “product” in the header row");
  assert_csv_fails (fixture, "title,cost\nMug,1.00\n", SC_SHOP_ERROR_INVALID_DATA,
                    "catalog.csv: no price column: name the column of prices “price” "
                    "in the header row");
  assert_csv_fails (fixture, "title;price\nMug;1,00\n", SC_SHOP_ERROR_INVALID_DATA,
                    "catalog.csv: the header row has no commas: export the spreadsheet as "
                    "comma-separated values (CSV)");
  assert_csv_fails (fixture, "Title,Name,Price\nMug,Mug,1.00\n", SC_SHOP_ERROR_INVALID_DATA,
                    "catalog.csv: columns “Title” and “Name” are both the title; keep one");
  assert_csv_fails (fixture, "title,price\n,1.00\n", SC_SHOP_ERROR_INVALID_DATA,
                    "catalog.csv: row 2, column “title”: the title is empty");
  assert_csv_fails (fixture, "", SC_SHOP_ERROR_INVALID_DATA,
                    "catalog.csv: the file is empty: it needs a header row and a row per "
                    "product");
}

static void
test_csv_malformed (Fixture       *fixture,
                    gconstpointer  data)
{
  assert_csv_fails (fixture, "title,price\nMug,1.00\n\"Tee,2.00\nHat,3.00\n",
                    SC_SHOP_ERROR_INVALID_DATA,
                    "catalog.csv: row 3: a quoted cell is not closed (a \" is missing)");
  assert_csv_fails (fixture, "title,price\n\"Mug\" large,1.00\n", SC_SHOP_ERROR_INVALID_DATA,
                    "catalog.csv: row 2: text after the closing quote of a cell "
                    "(a \" inside a quoted cell is written \"\")");
  /* "Café" saved as Latin-1. */
  assert_csv_fails (fixture, "title,price\nMug,1.00\nCaf\xE9,2.00\n",
                    SC_SHOP_ERROR_INVALID_DATA,
                    "catalog.csv: line 3 is not UTF-8 text; export the spreadsheet as "
                    "“CSV UTF-8”");
}

static void
test_csv_too_large (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "catalog.csv", NULL);
  g_autoptr(ScShopProvider) provider = NULL;
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  int fd;

  /* Sparse: 60 MB that take no disk, and would take seconds to parse. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "title,price\n", 12), ==, 12);
  g_assert_cmpint (ftruncate (fd, 60 * 1024 * 1024), ==, 0);
  close (fd);

  provider = new_provider (path, NULL);
  start = g_get_monotonic_time ();
  page = fetch_page (provider, &error);
  g_assert_null (page);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==,
                   "catalog.csv: the file is 60.0\u00a0MiB; a CSV catalog is at most "
                   "50.0\u00a0MiB");
  /* A figure, not a check: CI is a loaded machine. */
  g_test_message ("refused in %.3f s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

static void
test_reread (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "catalog.csv",
                                      "title,price,stock,sku\nMug,12.00,5,MUG-1\n");
  g_autoptr(ScShopProvider) provider = new_provider (path, NULL);
  g_autoptr(ScProductPage) before = NULL;
  g_autoptr(ScProductPage) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rewritten = NULL;

  before = fetch_page (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->products->len, ==, 1);
  g_assert_cmpint (sc_product_get_stock (find (before->products, "MUG-1")), ==, 5);

  /* The host edits the spreadsheet during the show. */
  rewritten = write_file (fixture, "catalog.csv",
                          "title,price,stock,sku\nMug,11.00,4,MUG-1\nTee,19.90,,TEE-1\n");
  after = fetch_page (provider, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->products->len, ==, 2);
  g_assert_cmpint (sc_product_get_stock (find (after->products, "MUG-1")), ==, 4);
  g_assert_cmpint (sc_product_get_price (find (after->products, "MUG-1")), ==, 1100);
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider), ==, 0);
}

static void
test_fetch_products (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *ids[] = { "TEE-1", "GONE", NULL };
  g_autofree char *path = write_file (fixture, "catalog.csv",
                                      "title,price,sku\nMug,12.00,MUG-1\nTee,19.90,TEE-1\n");
  g_autoptr(ScShopProvider) provider = new_provider (path, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;

  sc_shop_provider_fetch_products_async (provider, ids, NULL, on_result, &result);
  products = sc_shop_provider_fetch_products_finish (provider, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (products->len, ==, 1);
  g_assert_cmpstr (sc_product_get_title (g_ptr_array_index (products, 0)), ==, "Tee");
}

static void
test_missing_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "nowhere.csv", NULL);
  g_autoptr(ScShopProvider) provider = new_provider (path, NULL);
  g_autoptr(ScShopConfig) config = sc_shop_config_new (SC_SHOP_KIND_LOCAL);
  g_autoptr(ScShopProvider) none = NULL;
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  page = fetch_page (provider, &error);
  g_assert_null (page);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* One page only: a cursor was never handed out. */
  sc_shop_provider_fetch_page_async (provider, "2", NULL, NULL, on_result, &result);
  page = sc_shop_provider_fetch_page_finish (provider, wait_for (&result), &error);
  g_assert_null (page);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA);
  g_clear_error (&error);

  none = sc_local_provider_new (config, &error);
  g_assert_null (none);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA);
}

static void
add_test (const char *path,
          void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_test ("/shop/local/json", test_json);
  add_test ("/shop/local/json-error", test_json_error);
  add_test ("/shop/local/csv/columns", test_csv_columns);
  add_test ("/shop/local/csv/aliases", test_csv_aliases);
  add_test ("/shop/local/csv/quoting", test_csv_quoting);
  add_test ("/shop/local/csv/lf-and-header-only", test_csv_lf_and_header_only);
  add_test ("/shop/local/csv/prices", test_csv_prices);
  add_test ("/shop/local/csv/bad-price", test_csv_bad_price);
  add_test ("/shop/local/csv/stock", test_csv_stock);
  add_test ("/shop/local/csv/ids", test_csv_ids);
  add_test ("/shop/local/csv/duplicate-ids", test_csv_duplicate_ids);
  add_test ("/shop/local/csv/bad-header", test_csv_bad_header);
  add_test ("/shop/local/csv/malformed", test_csv_malformed);
  add_test ("/shop/local/csv/too-large", test_csv_too_large);
  add_test ("/shop/local/reread", test_reread);
  add_test ("/shop/local/fetch-products", test_fetch_products);
  add_test ("/shop/local/missing-file", test_missing_file);

  return g_test_run ();
}
