/* test-woocommerce.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-woocommerce"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "sc-fake-woocommerce.h"
#include "shop/sc-shop-error.h"
#include "shop/sc-woocommerce-provider.h"

#define KEY "ck_0123456789abcdef0123456789abcdef01234567"
#define SECRET "cs_fedcba9876543210fedcba9876543210fedcba98"

typedef struct {
  ScFakeWooCommerce *fake;
  ScShopConfig      *config;
  ScShopProvider    *provider;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->fake = sc_fake_woocommerce_new (KEY, SECRET, &error);
  g_assert_no_error (error);
  fixture->config = sc_shop_config_new (SC_SHOP_KIND_WOOCOMMERCE);
  fixture->config->url = g_strdup (sc_fake_woocommerce_get_url (fixture->fake));
  fixture->config->consumer_key = g_strdup (KEY);
  fixture->config->consumer_secret = g_strdup (SECRET);
  fixture->config->timeout_s = 5;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->provider);
  g_clear_pointer (&fixture->config, sc_shop_config_free);
  /* Let the server see the connections close before it goes. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fixture->fake);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The provider for the fixture's configuration, made on first use so tests
 * can change the configuration first. */
static ScShopProvider *
provider (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  if (fixture->provider == NULL)
    {
      fixture->provider = sc_woocommerce_provider_new (fixture->config, &error);
      g_assert_no_error (error);
    }
  return fixture->provider;
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
fetch_page (Fixture     *fixture,
            const char  *cursor,
            GDateTime   *updated_since,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_shop_provider_fetch_page_async (provider (fixture), cursor, updated_since, NULL,
                                     on_result, &result);
  return sc_shop_provider_fetch_page_finish (provider (fixture), wait_for (&result), error);
}

static ScProductPage *
fetch_page_ok (Fixture    *fixture,
               const char *cursor)
{
  g_autoptr(GError) error = NULL;
  ScProductPage *page = fetch_page (fixture, cursor, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (page);
  return page;
}

static GPtrArray *
fetch_products (Fixture            *fixture,
                const char * const *ids,
                GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_shop_provider_fetch_products_async (provider (fixture), ids, NULL, on_result, &result);
  return sc_shop_provider_fetch_products_finish (provider (fixture), wait_for (&result), error);
}

static ScProduct *
find (GPtrArray  *products,
      const char *id)
{
  for (guint i = 0; i < products->len; i++)
    if (g_str_equal (sc_product_get_id (g_ptr_array_index (products, i)), id))
      return g_ptr_array_index (products, i);
  return NULL;
}

static void
add_products (Fixture *fixture,
              guint    n)
{
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *name = g_strdup_printf ("Product %u", i);

      sc_fake_woocommerce_add_simple (fixture->fake, i, name, "10.00");
    }
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
}

static guint
count_requests (Fixture    *fixture,
                const char *prefix)
{
  GPtrArray *requests = sc_fake_woocommerce_get_requests (fixture->fake);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (requests, i), prefix))
      n++;
  return n;
}

static void
test_pagination (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(ScProductPage) first = NULL;
  g_autoptr(ScProductPage) second = NULL;
  g_autoptr(ScProductPage) third = NULL;
  ScProduct *product;

  add_products (fixture, 250);
  sc_fake_woocommerce_set_currency (fixture->fake, "EUR");

  first = fetch_page_ok (fixture, NULL);
  g_assert_cmpuint (first->products->len, ==, 100);
  g_assert_cmpuint (first->total_pages, ==, 3);
  g_assert_cmpstr (first->next_cursor, ==, "2");
  g_assert_cmpstr (sc_fake_woocommerce_get_last_param (fixture->fake, "per_page"), ==, "100");
  g_assert_cmpstr (sc_fake_woocommerce_get_last_param (fixture->fake, "page"), ==, "1");

  second = fetch_page_ok (fixture, first->next_cursor);
  g_assert_cmpuint (second->products->len, ==, 100);
  g_assert_cmpstr (second->next_cursor, ==, "3");
  g_assert_cmpstr (sc_fake_woocommerce_get_last_param (fixture->fake, "page"), ==, "2");

  third = fetch_page_ok (fixture, second->next_cursor);
  g_assert_cmpuint (third->products->len, ==, 50);
  g_assert_null (third->next_cursor);
  g_assert_cmpuint (third->total_pages, ==, 3);

  product = g_ptr_array_index (third->products, 49);
  g_assert_cmpstr (sc_product_get_id (product), ==, "250");
  g_assert_cmpstr (sc_product_get_title (product), ==, "Product 250");
  g_assert_cmpstr (sc_product_get_currency (product), ==, "EUR");
  g_assert_cmpint (sc_product_get_price (product), ==, 1000);
  g_assert_true (g_str_has_suffix (sc_product_get_image_uri (product), "/250.jpg"));
  g_assert_true (g_str_has_suffix (sc_product_get_url (product), "/product/product-250/"));
  g_assert_nonnull (sc_product_get_updated_at (product));

  /* The currency is asked once, then one request per page. */
  g_assert_cmpuint (count_requests (fixture, "/wp-json/wc/v3/settings/"), ==, 1);
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider (fixture)), ==, 4);
  g_assert_cmpuint (sc_fake_woocommerce_get_request_count (fixture->fake), ==, 4);
  g_assert_cmpstr (sc_woocommerce_provider_get_currency (
                     SC_WOOCOMMERCE_PROVIDER (provider (fixture))), ==, "EUR");
}

static void
test_empty_page_ends (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(ScProductPage) first = NULL;
  g_autoptr(ScProductPage) second = NULL;

  /* Without X-WP-TotalPages, a full page may be followed by an empty one. */
  sc_fake_woocommerce_set_send_totals (fixture->fake, FALSE);
  add_products (fixture, 100);

  first = fetch_page_ok (fixture, NULL);
  g_assert_cmpuint (first->products->len, ==, 100);
  g_assert_cmpuint (first->total_pages, ==, 0);
  g_assert_cmpstr (first->next_cursor, ==, "2");

  second = fetch_page_ok (fixture, first->next_cursor);
  g_assert_cmpuint (second->products->len, ==, 0);
  g_assert_null (second->next_cursor);
}

static void
test_bad_cursor (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScProductPage) page = fetch_page (fixture, "eyJsYXN0IjoxMH0", NULL, &error);

  g_assert_null (page);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA);
  g_assert_cmpuint (sc_fake_woocommerce_get_request_count (fixture->fake), ==, 0);
}

static void
test_variations (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(ScVariant) variant = NULL;
  ScProduct *shirt, *hoodie, *mug;
  GListModel *variants;

  sc_fake_woocommerce_add_variable (fixture->fake, 10, "T-shirt");
  sc_fake_woocommerce_add_variation (fixture->fake, 10, 11, "25.00",
                                     "Color", "Blue", "Size", "M", NULL);
  sc_fake_woocommerce_add_variation (fixture->fake, 10, 12, "22.50",
                                     "Color", "Red", "Size", "L", NULL);
  sc_fake_woocommerce_add_variation (fixture->fake, 10, 13, "30.00",
                                     "Color", "Green", "Size", "XL", NULL);
  sc_fake_woocommerce_set_stock (fixture->fake, 11, 3);
  sc_fake_woocommerce_set_stock (fixture->fake, 12, 4);
  sc_fake_woocommerce_set_sale_price (fixture->fake, 12, "19.90");
  sc_fake_woocommerce_set_sku (fixture->fake, 11, "TS-BLUE-M");

  /* More variations than one page holds. */
  sc_fake_woocommerce_add_variable (fixture->fake, 20, "Hoodie");
  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *size = g_strdup_printf ("%u", i);

      sc_fake_woocommerce_add_variation (fixture->fake, 20, 1000 + i, "40.00",
                                         "Size", size, NULL);
      sc_fake_woocommerce_set_stock (fixture->fake, 1000 + i, 1);
    }

  /* Stock kept on the product, shared by its variations. */
  sc_fake_woocommerce_add_variable (fixture->fake, 30, "Mug");
  sc_fake_woocommerce_set_stock (fixture->fake, 30, 9);
  sc_fake_woocommerce_add_variation (fixture->fake, 30, 31, "12.00", "Color", "White", NULL);
  sc_fake_woocommerce_add_variation (fixture->fake, 30, 32, "12.00", "Color", "Black", NULL);
  sc_fake_woocommerce_set_stock_parent (fixture->fake, 31);
  sc_fake_woocommerce_set_stock_parent (fixture->fake, 32);

  page = fetch_page_ok (fixture, NULL);
  g_assert_cmpuint (page->products->len, ==, 3);

  shirt = find (page->products, "10");
  variants = sc_product_get_variants (shirt);
  g_assert_cmpuint (g_list_model_get_n_items (variants), ==, 3);
  variant = g_list_model_get_item (variants, 0);
  g_assert_cmpstr (sc_variant_get_id (variant), ==, "11");
  g_assert_cmpstr (sc_variant_get_title (variant), ==, "Blue / M");
  g_assert_cmpstr (sc_variant_get_sku (variant), ==, "TS-BLUE-M");
  g_assert_cmpint (sc_variant_get_price (variant), ==, 2500);
  g_assert_cmpint (sc_variant_get_stock (variant), ==, 3);
  g_clear_object (&variant);
  variant = g_list_model_get_item (variants, 1);
  g_assert_cmpstr (sc_variant_get_title (variant), ==, "Red / L");
  g_assert_cmpint (sc_variant_get_price (variant), ==, 1990);
  g_assert_cmpint (sc_variant_get_compare_at_price (variant), ==, 2250);
  g_clear_object (&variant);
  variant = g_list_model_get_item (variants, 2);
  g_assert_cmpint (sc_variant_get_stock (variant), ==, SC_STOCK_UNTRACKED);
  /* The lowest price with its compare-at, and the tracked stock summed. */
  g_assert_cmpint (sc_product_get_price (shirt), ==, 1990);
  g_assert_cmpint (sc_product_get_compare_at_price (shirt), ==, 2250);
  g_assert_cmpint (sc_product_get_stock (shirt), ==, 7);

  hoodie = find (page->products, "20");
  g_assert_cmpuint (g_list_model_get_n_items (sc_product_get_variants (hoodie)), ==, 150);
  g_assert_cmpint (sc_product_get_stock (hoodie), ==, 150);
  g_assert_cmpuint (count_requests (fixture, "/wp-json/wc/v3/products/20/variations"), ==, 2);

  /* Counted once, not once per variation. */
  mug = find (page->products, "30");
  g_assert_cmpuint (g_list_model_get_n_items (sc_product_get_variants (mug)), ==, 2);
  g_assert_cmpint (sc_product_get_stock (mug), ==, 9);

  /* One listing, then the variations: the minimum the API allows. */
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider (fixture)), ==, 1 + 1 + 4);
}

static void
test_stock_untracked (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(ScProductPage) page = NULL;

  add_products (fixture, 3);
  sc_fake_woocommerce_set_stock_untracked (fixture->fake, 1, "instock");
  /* manage_stock on, but no quantity: still nothing to count. */
  sc_fake_woocommerce_set_stock (fixture->fake, 2, 5);
  sc_fake_woocommerce_set_member (fixture->fake, 2, "stock_quantity", "null");
  sc_fake_woocommerce_set_stock (fixture->fake, 3, 12);

  page = fetch_page_ok (fixture, NULL);
  g_assert_cmpint (sc_product_get_stock (find (page->products, "1")), ==, SC_STOCK_UNTRACKED);
  g_assert_cmpint (sc_product_get_stock (find (page->products, "1")), !=, 0);
  g_assert_cmpint (sc_product_get_stock (find (page->products, "2")), ==, SC_STOCK_UNTRACKED);
  g_assert_cmpint (sc_product_get_stock (find (page->products, "3")), ==, 12);
}

static void
test_out_of_stock (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(ScProductPage) page = NULL;

  add_products (fixture, 4);
  sc_fake_woocommerce_set_stock_untracked (fixture->fake, 1, "outofstock");
  sc_fake_woocommerce_set_stock (fixture->fake, 2, 0);
  sc_fake_woocommerce_set_stock (fixture->fake, 3, -2);
  /* Sold out but on backorder: can still be bought, so not "Sold out". */
  sc_fake_woocommerce_set_stock (fixture->fake, 4, 0);
  sc_fake_woocommerce_set_member (fixture->fake, 4, "stock_status", "\"onbackorder\"");

  page = fetch_page_ok (fixture, NULL);
  g_assert_cmpint (sc_product_get_stock (find (page->products, "1")), ==, 0);
  g_assert_cmpint (sc_product_get_stock (find (page->products, "2")), ==, 0);
  g_assert_cmpint (sc_product_get_stock (find (page->products, "3")), ==, 0);
  g_assert_cmpint (sc_product_get_stock (find (page->products, "4")), ==, SC_STOCK_UNTRACKED);
}

static void
test_sale_price (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(ScProductPage) page = NULL;
  ScProduct *product;

  sc_fake_woocommerce_add_simple (fixture->fake, 1, "On sale", "24.90");
  sc_fake_woocommerce_set_sale_price (fixture->fake, 1, "19.90");
  sc_fake_woocommerce_add_simple (fixture->fake, 2, "Full price", "19.90");
  sc_fake_woocommerce_add_simple (fixture->fake, 3, "Sale over", "24.90");
  sc_fake_woocommerce_set_sale_price (fixture->fake, 3, "19.90");
  sc_fake_woocommerce_set_sale_price (fixture->fake, 3, "");
  /* A scheduled sale not started yet: sale_price set, on_sale false. */
  sc_fake_woocommerce_add_simple (fixture->fake, 4, "Sale tomorrow", "24.90");
  sc_fake_woocommerce_set_member (fixture->fake, 4, "sale_price", "\"19.90\"");
  sc_fake_woocommerce_add_simple (fixture->fake, 5, "Large", "1299.99");

  page = fetch_page_ok (fixture, NULL);
  product = find (page->products, "1");
  g_assert_cmpint (sc_product_get_price (product), ==, 1990);
  g_assert_cmpint (sc_product_get_compare_at_price (product), ==, 2490);
  product = find (page->products, "2");
  g_assert_cmpint (sc_product_get_price (product), ==, 1990);
  g_assert_cmpint (sc_product_get_compare_at_price (product), ==, 0);
  product = find (page->products, "3");
  g_assert_cmpint (sc_product_get_price (product), ==, 2490);
  g_assert_cmpint (sc_product_get_compare_at_price (product), ==, 0);
  product = find (page->products, "4");
  g_assert_cmpint (sc_product_get_price (product), ==, 2490);
  g_assert_cmpint (sc_product_get_compare_at_price (product), ==, 0);
  g_assert_cmpint (sc_product_get_price (find (page->products, "5")), ==, 129999);
}

static void
test_store_currency (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(ScProductPage) page = NULL;

  sc_fake_woocommerce_set_currency (fixture->fake, "JPY");
  sc_fake_woocommerce_add_simple (fixture->fake, 1, "Teapot", "1200");

  page = fetch_page_ok (fixture, NULL);
  g_assert_cmpstr (sc_product_get_currency (find (page->products, "1")), ==, "JPY");
  g_assert_cmpint (sc_product_get_price (find (page->products, "1")), ==, 1200);
}

static void
test_currency_fallback (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(ScProductPage) first = NULL;
  g_autoptr(ScProductPage) second = NULL;

  /* A read-only key may not read settings: the show's currency is used. */
  sc_fake_woocommerce_set_currency (fixture->fake, NULL);
  g_free (fixture->config->currency);
  fixture->config->currency = g_strdup ("EUR");
  add_products (fixture, 1);

  first = fetch_page_ok (fixture, NULL);
  g_assert_cmpstr (sc_product_get_currency (find (first->products, "1")), ==, "EUR");
  second = fetch_page_ok (fixture, NULL);
  g_assert_cmpuint (count_requests (fixture, "/wp-json/wc/v3/settings/"), ==, 1);
  g_assert_cmpstr (sc_woocommerce_provider_get_currency (
                     SC_WOOCOMMERCE_PROVIDER (provider (fixture))), ==, "EUR");
}

static void
test_incremental (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("+02:00");
  g_autoptr(GDateTime) since = NULL;
  g_autofree char *updated = NULL;

  add_products (fixture, 3);
  sc_fake_woocommerce_set_modified (fixture->fake, 1, "2024-05-01T10:00:00");
  sc_fake_woocommerce_set_modified (fixture->fake, 2, "2024-05-02T10:00:00");
  sc_fake_woocommerce_set_modified (fixture->fake, 3, "2024-05-03T10:00:00");

  /* 12:00 at +02:00 is product 2's 10:00 GMT: "at or after" includes it. */
  since = g_date_time_new (paris, 2024, 5, 2, 12, 0, 0);
  page = fetch_page (fixture, NULL, since, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->products->len, ==, 2);
  g_assert_nonnull (find (page->products, "2"));
  g_assert_nonnull (find (page->products, "3"));
  g_assert_cmpstr (sc_fake_woocommerce_get_last_param (fixture->fake, "modified_after"), ==,
                   "2024-05-02T09:59:59");
  g_assert_cmpstr (sc_fake_woocommerce_get_last_param (fixture->fake, "dates_are_gmt"), ==,
                   "true");

  updated = g_date_time_format_iso8601 (sc_product_get_updated_at (find (page->products, "3")));
  g_assert_cmpstr (updated, ==, "2024-05-03T10:00:00Z");
}

static void
test_fetch_products (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *ids[] = { "2", "4", "999", "SKU-NOT-AN-ID", "2", NULL };
  const char *with_variable[] = { "3", "10", NULL };
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;
  guint before;

  add_products (fixture, 5);
  sc_fake_woocommerce_add_variable (fixture->fake, 10, "Scarf");
  sc_fake_woocommerce_add_variation (fixture->fake, 10, 11, "15.00", "Color", "Red", NULL);
  sc_fake_woocommerce_set_stock (fixture->fake, 4, 2);
  page = fetch_page_ok (fixture, NULL);

  before = sc_fake_woocommerce_get_request_count (fixture->fake);
  products = fetch_products (fixture, ids, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_fake_woocommerce_get_request_count (fixture->fake), ==, before + 1);
  g_assert_cmpstr (sc_fake_woocommerce_get_last_param (fixture->fake, "include"), ==,
                   "2,4,999");
  g_assert_cmpuint (products->len, ==, 2);
  g_assert_nonnull (find (products, "2"));
  g_assert_cmpint (sc_product_get_stock (find (products, "4")), ==, 2);
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider (fixture)), ==, before + 1);
  g_clear_pointer (&products, g_ptr_array_unref);

  /* A variable product brings its variations along. */
  before = sc_fake_woocommerce_get_request_count (fixture->fake);
  products = fetch_products (fixture, with_variable, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_fake_woocommerce_get_request_count (fixture->fake), ==, before + 2);
  g_assert_cmpuint (products->len, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (sc_product_get_variants (find (products, "10"))),
                    ==, 1);
}

static void
test_retry_after (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(ScProductPage) again = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autofree char *date = NULL;
  gint64 start;

  add_products (fixture, 2);
  fixture->config->max_retries = 1;
  page = fetch_page_ok (fixture, NULL);
  g_clear_pointer (&page, sc_product_page_free);

  sc_fake_woocommerce_throttle_next (fixture->fake, 1, "1");
  start = g_get_monotonic_time ();
  page = fetch_page_ok (fixture, NULL);
  g_assert_cmpfloat (seconds_since (start), >=, 1.0);
  g_assert_cmpuint (page->products->len, ==, 2);

  /* The HTTP date form: whole seconds, so 3 s from now is at least 2 s. */
  now = g_date_time_new_now_utc ();
  later = g_date_time_add_seconds (now, 3);
  date = soup_date_time_to_string (later, SOUP_DATE_HTTP);
  sc_fake_woocommerce_throttle_next (fixture->fake, 1, date);
  start = g_get_monotonic_time ();
  again = fetch_page_ok (fixture, NULL);
  g_assert_cmpfloat (seconds_since (start), >=, 1.5);
  g_assert_cmpuint (again->products->len, ==, 2);
}

static void
test_throttled_too_long (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  add_products (fixture, 1);
  sc_fake_woocommerce_throttle_next (fixture->fake, 1, "3600");
  page = fetch_page (fixture, NULL, NULL, &error);
  g_assert_null (page);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_THROTTLED);
  g_assert_nonnull (strstr (error->message, "3600"));
  /* Not waited out: far below the hour asked, however loaded the machine. */
  g_assert_cmpfloat (seconds_since (start), <, 60);
}

static void
test_server_error_retry (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(ScProductPage) page = NULL;
  gint64 start;

  add_products (fixture, 3);
  sc_fake_woocommerce_fail_next (fixture->fake, 1, 500);
  sc_fake_woocommerce_fail_next (fixture->fake, 1, 503);

  start = g_get_monotonic_time ();
  page = fetch_page_ok (fixture, NULL);
  g_assert_cmpuint (page->products->len, ==, 3);
  /* Backoff of 0.5 s, then 1 s, less at most 10 % of jitter. */
  g_assert_cmpfloat (seconds_since (start), >=, 1.35);
  g_assert_cmpuint (count_requests (fixture, "/wp-json/wc/v3/products"), ==, 3);
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider (fixture)), ==, 4);
}

static void
test_server_error_gives_up (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GError) error = NULL;

  add_products (fixture, 3);
  fixture->config->max_retries = 2;
  sc_fake_woocommerce_fail_next (fixture->fake, 10, 502);

  page = fetch_page (fixture, NULL, NULL, &error);
  g_assert_null (page);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "HTTP 502"));
  g_assert_cmpuint (count_requests (fixture, "/wp-json/wc/v3/products"), ==, 3);
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  add_products (fixture, 3);
  fixture->config->timeout_s = 0.3;
  sc_fake_woocommerce_delay_next (fixture->fake, 1, 2000);

  start = g_get_monotonic_time ();
  page = fetch_page_ok (fixture, NULL);
  g_assert_cmpuint (page->products->len, ==, 3);
  g_assert_cmpfloat (seconds_since (start), >=, 0.3);
  /* Two requests: the slow answer was given up on, not waited for. */
  g_assert_cmpuint (count_requests (fixture, "/wp-json/wc/v3/products"), ==, 2);
  g_clear_pointer (&page, sc_product_page_free);

  /* Never answering in time is a network error, after the retries. */
  fixture->config->max_retries = 1;
  g_clear_object (&fixture->provider);
  sc_fake_woocommerce_delay_next (fixture->fake, 2, 2000);
  page = fetch_page (fixture, NULL, NULL, &error);
  g_assert_null (page);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "no answer within 0.3 s"));
}

static void
test_auth_refused (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GError) error = NULL;

  add_products (fixture, 1);
  g_free (fixture->config->consumer_secret);
  fixture->config->consumer_secret = g_strdup ("cs_wrong_secret_0000000000000000000000000");

  page = fetch_page (fixture, NULL, NULL, &error);
  g_assert_null (page);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_AUTH);
  g_assert_cmpstr (error->message, ==,
                   "WooCommerce refused the consumer key (HTTP 401): check your key and secret");
  g_assert_null (strstr (error->message, "ck_"));
  g_assert_null (strstr (error->message, "cs_"));
  g_assert_true (sc_fake_woocommerce_saw_bad_auth (fixture->fake));
}

static void
assert_invalid_data (Fixture    *fixture,
                     const char *fragment)
{
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = fetch_page (fixture, NULL, NULL, &error);
  g_assert_null (page);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);
}

static void
test_malformed_json (Fixture       *fixture,
                     gconstpointer  data)
{
  add_products (fixture, 3);
  sc_fake_woocommerce_corrupt_next (fixture->fake, 1, SC_FAKE_WOO_MALFORMED_JSON);
  assert_invalid_data (fixture, "malformed JSON for /wp-json/wc/v3/products?per_page=100");
}

/* json-glib reads 99999999999999999999 as -1: the error says what was written. */
static void
test_huge_number (Fixture       *fixture,
                  gconstpointer  data)
{
  add_products (fixture, 3);
  sc_fake_woocommerce_set_stock (fixture->fake, 2, 5);
  sc_fake_woocommerce_set_member (fixture->fake, 2, "stock_quantity",
                                  "\"@raw:99999999999999999999\"");
  assert_invalid_data (fixture, "stock_quantity");
  assert_invalid_data (fixture, "got 99999999999999999999");
}

/* json-glib refuses an empty body without an error: that crashed. */
static void
test_empty_body (Fixture       *fixture,
                 gconstpointer  data)
{
  add_products (fixture, 3);
  sc_fake_woocommerce_corrupt_next (fixture->fake, 1, SC_FAKE_WOO_EMPTY_BODY);
  assert_invalid_data (fixture, "empty answer for /wp-json/wc/v3/products?per_page=100");
}

/* 75 KB of "[" overflowed the stack inside json-glib. */
static void
test_deep_json (Fixture       *fixture,
                gconstpointer  data)
{
  add_products (fixture, 3);
  sc_fake_woocommerce_corrupt_next (fixture->fake, 1, SC_FAKE_WOO_DEEP_JSON);
  assert_invalid_data (fixture, "nested deeper than 64 levels");
}

static void
test_wrong_type (Fixture       *fixture,
                 gconstpointer  data)
{
  add_products (fixture, 4);
  sc_fake_woocommerce_corrupt_next (fixture->fake, 1, SC_FAKE_WOO_WRONG_TYPE);
  assert_invalid_data (fixture, "$[3].price: expected a price as a decimal string");
}

static void
test_wrong_types (Fixture       *fixture,
                  gconstpointer  data)
{
  add_products (fixture, 3);
  sc_fake_woocommerce_set_member (fixture->fake, 2, "stock_quantity", "\"5\"");
  assert_invalid_data (fixture, "$[1].stock_quantity: expected a whole number");
  sc_fake_woocommerce_set_member (fixture->fake, 2, "stock_quantity", "null");

  sc_fake_woocommerce_set_member (fixture->fake, 3, "name", "[\"Mug\"]");
  assert_invalid_data (fixture, "$[2].name: expected a string, got an array");
  sc_fake_woocommerce_set_member (fixture->fake, 3, "name", "\"Mug\"");

  sc_fake_woocommerce_set_member (fixture->fake, 1, "regular_price", "\"19,90\"");
  assert_invalid_data (fixture, "$[0].regular_price");
  sc_fake_woocommerce_set_member (fixture->fake, 1, "regular_price", "\"10.00\"");

  sc_fake_woocommerce_set_member (fixture->fake, 1, "images", "[{\"src\": 7}]");
  assert_invalid_data (fixture, "$[0].images[0].src");
}

static void
test_wrong_type_in_variation (Fixture       *fixture,
                              gconstpointer  data)
{
  sc_fake_woocommerce_add_variable (fixture->fake, 10, "Scarf");
  sc_fake_woocommerce_add_variation (fixture->fake, 10, 11, "15.00", "Color", "Red", NULL);
  sc_fake_woocommerce_add_variation (fixture->fake, 10, 12, "15.00", "Color", "Blue", NULL);
  sc_fake_woocommerce_set_member (fixture->fake, 12, "manage_stock", "\"yes\"");
  assert_invalid_data (fixture, "/products/10/variations?per_page=100&page=1: "
                                "$[1].manage_stock");
}

static void
test_missing_field (Fixture       *fixture,
                    gconstpointer  data)
{
  add_products (fixture, 3);
  sc_fake_woocommerce_set_member (fixture->fake, 2, "price", NULL);
  assert_invalid_data (fixture, "$[1].price: expected a price as a decimal string such as "
                                "\"19.90\", or \"\", got nothing");
  sc_fake_woocommerce_set_member (fixture->fake, 2, "price", "\"10.00\"");
  sc_fake_woocommerce_set_member (fixture->fake, 3, "id", NULL);
  assert_invalid_data (fixture, "$[2].id: expected a positive integer, got nothing");
}

static void
test_big_ids (Fixture       *fixture,
              gconstpointer  data)
{
  const char *ids[] = { "9007199254740993", NULL };
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(ScVariant) variant = NULL;
  g_autoptr(GError) error = NULL;
  ScProduct *bigger;

  /* 2^53 + 1: a double would make it ...992. */
  sc_fake_woocommerce_add_simple (fixture->fake, G_GINT64_CONSTANT (9007199254740993),
                                  "Big", "1.00");
  sc_fake_woocommerce_add_variable (fixture->fake, G_GINT64_CONSTANT (9223372036854775000),
                                    "Bigger");
  sc_fake_woocommerce_add_variation (fixture->fake, G_GINT64_CONSTANT (9223372036854775000),
                                     G_GINT64_CONSTANT (9223372036854775807), "2.00",
                                     "Size", "S", NULL);

  page = fetch_page_ok (fixture, NULL);
  g_assert_nonnull (find (page->products, "9007199254740993"));
  bigger = find (page->products, "9223372036854775000");
  g_assert_nonnull (bigger);
  variant = g_list_model_get_item (sc_product_get_variants (bigger), 0);
  g_assert_cmpstr (sc_variant_get_id (variant), ==, "9223372036854775807");

  products = fetch_products (fixture, ids, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (products->len, ==, 1);
  g_assert_cmpstr (sc_fake_woocommerce_get_last_param (fixture->fake, "include"), ==,
                   "9007199254740993");
}

static void
test_bad_ids (Fixture       *fixture,
              gconstpointer  data)
{
  add_products (fixture, 2);
  sc_fake_woocommerce_set_member (fixture->fake, 2, "id", "\"2\"");
  assert_invalid_data (fixture, "$[1].id: expected a positive integer, got \"2\"");
  sc_fake_woocommerce_set_member (fixture->fake, 2, "id", "2.5");
  assert_invalid_data (fixture, "$[1].id: expected a positive integer, got 2.5");
  /* Beyond 64 bits json-glib reads a double: not an id we can keep exact. */
  sc_fake_woocommerce_set_member (fixture->fake, 2, "id", "18446744073709551617");
  assert_invalid_data (fixture, "$[1].id: expected a positive integer");
}

static void
test_non_latin (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(ScVariant) variant = NULL;
  ScProduct *product;

  sc_fake_woocommerce_add_simple (fixture->fake, 1, "Чайник «Утро» 茶壶 🍵", "19.90");
  sc_fake_woocommerce_add_variable (fixture->fake, 2, "قميص");
  sc_fake_woocommerce_add_variation (fixture->fake, 2, 3, "9.90",
                                     "Größe", "groß", "色", "青", NULL);

  page = fetch_page_ok (fixture, NULL);
  g_assert_cmpstr (sc_product_get_title (find (page->products, "1")), ==,
                   "Чайник «Утро» 茶壶 🍵");
  product = find (page->products, "2");
  g_assert_cmpstr (sc_product_get_title (product), ==, "قميص");
  variant = g_list_model_get_item (sc_product_get_variants (product), 0);
  g_assert_cmpstr (sc_variant_get_title (variant), ==, "groß / 青");
}

static void
test_deleted (Fixture       *fixture,
              gconstpointer  data)
{
  const char *ids[] = { "2", "3", NULL };
  g_autoptr(ScProductPage) before = NULL;
  g_autoptr(ScProductPage) after = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;

  add_products (fixture, 3);
  before = fetch_page_ok (fixture, NULL);
  g_assert_cmpuint (before->products->len, ==, 3);

  sc_fake_woocommerce_delete (fixture->fake, 2);
  after = fetch_page_ok (fixture, NULL);
  g_assert_cmpuint (after->products->len, ==, 2);
  g_assert_null (find (after->products, "2"));

  products = fetch_products (fixture, ids, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (products->len, ==, 1);
  g_assert_nonnull (find (products, "3"));
}

static void
test_deleted_during_sync (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(ScProductPage) page = NULL;

  add_products (fixture, 2);
  sc_fake_woocommerce_add_variable (fixture->fake, 10, "Scarf");
  sc_fake_woocommerce_add_variation (fixture->fake, 10, 11, "15.00", "Color", "Red", NULL);
  /* The listing goes through; the product is gone when its variations are
   * asked for (WooCommerce answers 404). */
  sc_fake_woocommerce_delay_next (fixture->fake, 1, 0);
  sc_fake_woocommerce_fail_next (fixture->fake, 1, 404);

  page = fetch_page_ok (fixture, NULL);
  g_assert_cmpuint (page->products->len, ==, 2);
  g_assert_null (find (page->products, "10"));
}

static void
test_drafts_left_out (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(ScProductPage) page = NULL;

  add_products (fixture, 3);
  sc_fake_woocommerce_set_status (fixture->fake, 2, "draft");
  page = fetch_page_ok (fixture, NULL);
  g_assert_cmpuint (page->products->len, ==, 2);
  g_assert_null (find (page->products, "2"));
  g_assert_cmpstr (sc_fake_woocommerce_get_last_param (fixture->fake, "status"), ==, "publish");
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  gboolean sent = FALSE;

  add_products (fixture, 1);
  sc_fake_woocommerce_throttle_next (fixture->fake, 1, "60");
  sc_shop_provider_fetch_page_async (provider (fixture), NULL, NULL, cancellable,
                                     on_result, &result);
  /* Cancel while the provider waits out the Retry-After. */
  while (!sent)
    {
      g_main_context_iteration (NULL, TRUE);
      sent = count_requests (fixture, "/wp-json/wc/v3/products") == 1;
    }
  g_cancellable_cancel (cancellable);
  page = sc_shop_provider_fetch_page_finish (provider (fixture), wait_for (&result), &error);
  g_assert_null (page);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Well before the 60 s Retry-After, however loaded the machine. */
  g_assert_cmpfloat (seconds_since (start), <, 30);
}

static void
assert_refused (const char *url,
                int         code,
                const char *fragment)
{
  g_autoptr(ScShopConfig) config = sc_shop_config_new (SC_SHOP_KIND_WOOCOMMERCE);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShopProvider) refused = NULL;

  config->url = g_strdup (url);
  config->consumer_key = g_strdup (KEY);
  config->consumer_secret = g_strdup (SECRET);
  refused = sc_woocommerce_provider_new (config, &error);
  g_assert_null (refused);
  g_assert_error (error, SC_SHOP_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);
  g_assert_null (strstr (error->message, KEY));
  g_assert_null (strstr (error->message, SECRET));
}

static void
assert_accepted (const char *url)
{
  g_autoptr(ScShopConfig) config = sc_shop_config_new (SC_SHOP_KIND_WOOCOMMERCE);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShopProvider) accepted = NULL;

  config->url = g_strdup (url);
  config->consumer_key = g_strdup (KEY);
  config->consumer_secret = g_strdup (SECRET);
  accepted = sc_woocommerce_provider_new (config, &error);
  g_assert_no_error (error);
  g_assert_true (SC_IS_SHOP_PROVIDER (accepted));
  g_assert_cmpstr (sc_shop_provider_get_name (accepted), ==, "WooCommerce");
  g_assert_cmpuint (sc_shop_provider_get_request_count (accepted), ==, 0);
}

static void
test_plain_http_refused (void)
{
  g_autoptr(ScShopConfig) config = sc_shop_config_new (SC_SHOP_KIND_WOOCOMMERCE);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShopProvider) refused = NULL;

  assert_refused ("http://shop.example", SC_SHOP_ERROR_INVALID_DATA,
                  "refusing to send the consumer key over plain HTTP to shop.example");
  assert_refused ("http://10.0.0.7:8080/", SC_SHOP_ERROR_INVALID_DATA, "plain HTTP");
  assert_refused ("http://localhost.shop.example", SC_SHOP_ERROR_INVALID_DATA, "plain HTTP");
  assert_refused ("http://128.0.0.1", SC_SHOP_ERROR_INVALID_DATA, "plain HTTP");
  assert_refused ("ftp://shop.example", SC_SHOP_ERROR_INVALID_DATA, "not a shop address");
  assert_refused ("shop.example", SC_SHOP_ERROR_INVALID_DATA, "not a shop address");
  assert_refused ("https://admin:hunter2@shop.example", SC_SHOP_ERROR_INVALID_DATA,
                  "without a user name");

  /* Constructing makes no request, so these hosts are never contacted. */
  assert_accepted ("https://shop.example");
  assert_accepted ("https://shop.example/store/");
  assert_accepted ("http://localhost:9");
  assert_accepted ("http://127.0.0.2:9");
  assert_accepted ("http://[::1]:9");

  config->url = g_strdup ("https://shop.example");
  config->consumer_key = g_strdup (KEY);
  refused = sc_woocommerce_provider_new (config, &error);
  g_assert_null (refused);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_AUTH);
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

  add_test ("/shop/woocommerce/pagination", test_pagination);
  add_test ("/shop/woocommerce/empty-page-ends", test_empty_page_ends);
  add_test ("/shop/woocommerce/bad-cursor", test_bad_cursor);
  add_test ("/shop/woocommerce/variations", test_variations);
  add_test ("/shop/woocommerce/stock-untracked", test_stock_untracked);
  add_test ("/shop/woocommerce/out-of-stock", test_out_of_stock);
  add_test ("/shop/woocommerce/sale-price", test_sale_price);
  add_test ("/shop/woocommerce/store-currency", test_store_currency);
  add_test ("/shop/woocommerce/currency-fallback", test_currency_fallback);
  add_test ("/shop/woocommerce/incremental", test_incremental);
  add_test ("/shop/woocommerce/fetch-products", test_fetch_products);
  add_test ("/shop/woocommerce/retry-after", test_retry_after);
  add_test ("/shop/woocommerce/throttled-too-long", test_throttled_too_long);
  add_test ("/shop/woocommerce/server-error-retry", test_server_error_retry);
  add_test ("/shop/woocommerce/server-error-gives-up", test_server_error_gives_up);
  add_test ("/shop/woocommerce/timeout", test_timeout);
  add_test ("/shop/woocommerce/auth-refused", test_auth_refused);
  add_test ("/shop/woocommerce/malformed-json", test_malformed_json);
  add_test ("/shop/woocommerce/empty-body", test_empty_body);
  add_test ("/shop/woocommerce/huge-number", test_huge_number);
  add_test ("/shop/woocommerce/deep-json", test_deep_json);
  add_test ("/shop/woocommerce/wrong-type", test_wrong_type);
  add_test ("/shop/woocommerce/wrong-types", test_wrong_types);
  add_test ("/shop/woocommerce/wrong-type-in-variation", test_wrong_type_in_variation);
  add_test ("/shop/woocommerce/missing-field", test_missing_field);
  add_test ("/shop/woocommerce/big-ids", test_big_ids);
  add_test ("/shop/woocommerce/bad-ids", test_bad_ids);
  add_test ("/shop/woocommerce/non-latin", test_non_latin);
  add_test ("/shop/woocommerce/deleted", test_deleted);
  add_test ("/shop/woocommerce/deleted-during-sync", test_deleted_during_sync);
  add_test ("/shop/woocommerce/drafts-left-out", test_drafts_left_out);
  add_test ("/shop/woocommerce/cancel", test_cancel);
  g_test_add_func ("/shop/woocommerce/plain-http-refused", test_plain_http_refused);

  return g_test_run ();
}
