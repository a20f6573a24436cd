/* test-shopify.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-shopify"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sc-fake-shopify.h"
#include "shop/sc-shop-config.h"
#include "shop/sc-shop-error.h"
#include "shop/sc-shopify-provider.h"

#define TOKEN "shpat_test_3f9c1e0b7a5d"

typedef struct {
  ScFakeShopify *fake;
  ScShopConfig  *config;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->fake = sc_fake_shopify_new (TOKEN, &error);
  g_assert_no_error (error);
  fixture->config = sc_shop_config_new (SC_SHOP_KIND_SHOPIFY);
  fixture->config->url = g_strdup (sc_fake_shopify_get_url (fixture->fake));
  fixture->config->token = g_strdup (TOKEN);
  fixture->config->timeout_s = 10;
  fixture->config->max_retries = 3;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->fake);
  g_clear_pointer (&fixture->config, sc_shop_config_free);
  /* Closed connections finish closing in idle callbacks. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static ScShopProvider *
make_provider (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  ScShopProvider *provider = sc_shopify_provider_new (fixture->config, &error);

  g_assert_no_error (error);
  g_assert_nonnull (provider);
  return provider;
}

static void
on_ready (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static ScProductPage *
fetch_page_cancellable (ScShopProvider  *provider,
                        const char      *cursor,
                        GDateTime       *updated_since,
                        GCancellable    *cancellable,
                        GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_shop_provider_fetch_page_async (provider, cursor, updated_since, cancellable,
                                     on_ready, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return sc_shop_provider_fetch_page_finish (provider, result, error);
}

static ScProductPage *
fetch_page (ScShopProvider  *provider,
            const char      *cursor,
            GDateTime       *updated_since,
            GError         **error)
{
  return fetch_page_cancellable (provider, cursor, updated_since, NULL, error);
}

/* Follows the cursors to the end; returns every product, in order. */
static GPtrArray *
fetch_all (ScShopProvider *provider,
           GDateTime      *updated_since,
           guint          *n_pages)
{
  GPtrArray *products = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *cursor = NULL;

  *n_pages = 0;
  do
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ScProductPage) page = fetch_page (provider, cursor, updated_since, &error);

      g_assert_no_error (error);
      g_assert_nonnull (page);
      (*n_pages)++;
      for (guint i = 0; i < page->products->len; i++)
        g_ptr_array_add (products, g_object_ref (g_ptr_array_index (page->products, i)));
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
    }
  while (cursor != NULL);
  return products;
}

static GPtrArray *
fetch_products (ScShopProvider      *provider,
                const char * const  *ids,
                GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_shop_provider_fetch_products_async (provider, ids, NULL, on_ready, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return sc_shop_provider_fetch_products_finish (provider, result, error);
}

static ScProduct *
find_product (GPtrArray  *products,
              const char *id)
{
  for (guint i = 0; i < products->len; i++)
    if (g_str_equal (sc_product_get_id (g_ptr_array_index (products, i)), id))
      return g_ptr_array_index (products, i);
  return NULL;
}

static const char *
id_at (GPtrArray *products,
       guint      position)
{
  return sc_product_get_id (g_ptr_array_index (products, position));
}

static ScVariant *
variant_at (ScProduct *product,
            guint      position)
{
  g_autoptr(ScVariant) variant = g_list_model_get_item (sc_product_get_variants (product),
                                                        position);

  /* The product keeps its variants alive. */
  return variant;
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
}

static JsonObject *
last_variables (Fixture *fixture)
{
  JsonObject *variables = sc_fake_shopify_get_last_variables (fixture->fake);

  g_assert_nonnull (variables);
  return variables;
}

/* The ids of every nodes(ids:) request the fake received, in order; one
 * array per request. */
static GPtrArray *
sent_id_batches (Fixture *fixture)
{
  GPtrArray *requests = sc_fake_server_get_requests (sc_fake_shopify_get_server (fixture->fake));
  GPtrArray *batches = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

  for (guint i = 0; i < requests->len; i++)
    {
      const ScFakeRequest *request = g_ptr_array_index (requests, i);
      g_autofree char *text = g_strndup (g_bytes_get_data (request->body, NULL),
                                         g_bytes_get_size (request->body));
      g_autoptr(JsonNode) root = json_from_string (text, NULL);
      JsonObject *variables;
      JsonArray *ids;
      GStrv batch;

      g_assert_nonnull (root);
      variables = json_object_get_object_member (json_node_get_object (root), "variables");
      if (!json_object_has_member (variables, "ids"))
        continue;
      ids = json_object_get_array_member (variables, "ids");
      batch = g_new0 (char *, json_array_get_length (ids) + 1);
      for (guint j = 0; j < json_array_get_length (ids); j++)
        batch[j] = g_strdup (json_array_get_string_element (ids, j));
      g_ptr_array_add (batches, batch);
    }
  return batches;
}

/* The recorded REST fixture, served in GraphQL shape, read back exactly. */
static void
test_fixture_product (Fixture       *fixture,
                      gconstpointer  data)
{
  static const struct {
    const char *id;
    const char *title;
    const char *sku;
    gint64 stock;
  } expected[] = {
    { "gid://shopify/ProductVariant/808950810", "Pink", "IPOD2008PINK", 10 },
    { "gid://shopify/ProductVariant/49148385", "Red", "IPOD2008RED", 20 },
    { "gid://shopify/ProductVariant/39072856", "Green", "IPOD2008GREEN", 30 },
    { "gid://shopify/ProductVariant/457924702", "Black", "IPOD2008BLACK", 40 },
  };
  g_autoptr(ScShopProvider) provider = make_provider (fixture);
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) updated = g_date_time_new_from_iso8601 ("2011-10-20T14:05:13-04:00", NULL);
  JsonObject *variables;
  ScProduct *product;

  sc_fake_shopify_load_fixture (fixture->fake, "shopify/product.json", &error);
  g_assert_no_error (error);

  page = fetch_page (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->products->len, ==, 1);
  g_assert_null (page->next_cursor);

  product = g_ptr_array_index (page->products, 0);
  g_assert_cmpstr (sc_product_get_id (product), ==, "gid://shopify/Product/632910392");
  g_assert_cmpstr (sc_product_get_title (product), ==, "IPod Nano - 8GB");
  g_assert_cmpstr (sc_product_get_sku (product), ==, "IPOD2008PINK");
  g_assert_cmpstr (sc_product_get_currency (product), ==, "USD");
  g_assert_cmpstr (sc_product_get_image_uri (product), ==,
                   "http://static.shopify.com/s/files/1/6909/3384/products/ipod-nano.png?0");
  g_assert_null (sc_product_get_url (product));
  g_assert_true (g_date_time_equal (sc_product_get_updated_at (product), updated));
  g_assert_cmpint (sc_product_get_price (product), ==, 19900);
  g_assert_cmpint (sc_product_get_compare_at_price (product), ==, 0);
  g_assert_cmpint (sc_product_get_stock (product), ==, 100);

  g_assert_cmpuint (g_list_model_get_n_items (sc_product_get_variants (product)), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      ScVariant *variant = variant_at (product, i);

      g_assert_cmpstr (sc_variant_get_id (variant), ==, expected[i].id);
      g_assert_cmpstr (sc_variant_get_title (variant), ==, expected[i].title);
      g_assert_cmpstr (sc_variant_get_sku (variant), ==, expected[i].sku);
      g_assert_cmpint (sc_variant_get_price (variant), ==, 19900);
      g_assert_cmpint (sc_variant_get_compare_at_price (variant), ==, 0);
      g_assert_cmpint (sc_variant_get_stock (variant), ==, expected[i].stock);
    }

  /* One request, in the documented shape. */
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider), ==, 1);
  g_assert_cmpuint (sc_fake_shopify_get_request_count (fixture->fake), ==, 1);
  g_assert_nonnull (strstr (sc_fake_shopify_get_last_query (fixture->fake), "products("));
  g_assert_nonnull (strstr (sc_fake_shopify_get_last_query (fixture->fake), "sortKey: UPDATED_AT"));
  g_assert_nonnull (strstr (sc_fake_shopify_get_last_query (fixture->fake), "currencyCode"));
  variables = last_variables (fixture);
  g_assert_cmpint (json_object_get_int_member (variables, "first"), ==, 250);
  g_assert_true (json_object_get_null_member (variables, "after"));
  g_assert_true (json_object_get_null_member (variables, "query"));
  g_assert_true (json_object_get_boolean_member (variables, "withShop"));
}

static void
test_pagination (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(ScShopProvider) provider = make_provider (fixture);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *cursor = NULL;
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  guint sizes[3];
  guint n_pages = 0;

  sc_fake_shopify_add_generated (fixture->fake, 600, 2);

  do
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ScProductPage) page = fetch_page (provider, cursor, NULL, &error);
      JsonObject *variables = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (n_pages, <, 3);
      variables = last_variables (fixture);
      g_assert_cmpint (json_object_get_int_member (variables, "first"), ==, 250);
      if (cursor != NULL)
        g_assert_cmpstr (json_object_get_string_member (variables, "after"), ==, cursor);
      /* The currency is asked once, with the first page. */
      g_assert_true (json_object_get_boolean_member (variables, "withShop") == (cursor == NULL));

      sizes[n_pages++] = page->products->len;
      for (guint i = 0; i < page->products->len; i++)
        g_ptr_array_add (all, g_object_ref (g_ptr_array_index (page->products, i)));
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
    }
  while (cursor != NULL);

  g_assert_cmpuint (n_pages, ==, 3);
  g_assert_cmpuint (sizes[0], ==, 250);
  g_assert_cmpuint (sizes[1], ==, 250);
  g_assert_cmpuint (sizes[2], ==, 100);
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider), ==, 3);
  g_assert_cmpuint (sc_fake_shopify_get_request_count (fixture->fake), ==, 3);

  g_assert_cmpuint (all->len, ==, 600);
  for (guint i = 0; i < all->len; i++)
    {
      ScProduct *product = g_ptr_array_index (all, i);

      g_assert_true (g_hash_table_add (seen, (gpointer)sc_product_get_id (product)));
      g_assert_cmpstr (sc_product_get_currency (product), ==, "USD");
      g_assert_cmpuint (g_list_model_get_n_items (sc_product_get_variants (product)), ==, 2);
      /* Sorted by updated_at, oldest first. */
      if (i > 0)
        {
          ScProduct *previous = g_ptr_array_index (all, i - 1);

          g_assert_cmpint (g_date_time_compare (sc_product_get_updated_at (previous),
                                                sc_product_get_updated_at (product)), <=, 0);
        }
    }
}

/* A shop may return fewer products than asked: the cursor is what counts. */
static void
test_page_size_cap (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(ScShopProvider) provider = make_provider (fixture);
  g_autoptr(GPtrArray) products = NULL;
  guint n_pages;

  sc_fake_shopify_add_generated (fixture->fake, 250, 1);
  sc_fake_shopify_set_page_size_cap (fixture->fake, 100);

  products = fetch_all (provider, NULL, &n_pages);
  g_assert_cmpuint (products->len, ==, 250);
  g_assert_cmpuint (n_pages, ==, 3);
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider), ==, 3);
}

/* A query costing more than Shopify allows is retried with smaller pages. */
static void
test_max_cost (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(ScShopProvider) provider = make_provider (fixture);
  g_autoptr(GPtrArray) products = NULL;
  guint n_pages;

  const GArray *costs;

  sc_fake_shopify_add_generated (fixture->fake, 30, 1);
  sc_fake_shopify_set_max_query_cost (fixture->fake, 1000);

  /* 250 products with variants(first: 100) ask 2 + 250 × 206 + 1 points;
   * Shopify's answer (cost 51503, maxCost 1000) says 4 fit. */
  products = fetch_all (provider, NULL, &n_pages);
  g_assert_cmpuint (products->len, ==, 30);
  g_assert_cmpuint (n_pages, ==, 8);
  /* One refused request, then 7 × 4 + 2. */
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider), ==, 9);
  g_assert_cmpint (json_object_get_int_member (last_variables (fixture), "first"), ==, 4);
  costs = sc_fake_shopify_get_requested_costs (fixture->fake);
  g_assert_cmpuint (costs->len, ==, 9);
  g_assert_cmpuint (g_array_index (costs, guint, 0), ==, 51503);
  for (guint i = 1; i < costs->len; i++)
    g_assert_cmpuint (g_array_index (costs, guint, i), <=, 1000);
}

static void
test_incremental (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(ScShopProvider) provider = make_provider (fixture);
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("+02:00");
  g_autoptr(GDateTime) since = g_date_time_new (zone, 2026, 11, 25, 12, 0, 0);
  guint n_pages;

  static const struct {
    const char *id;
    const char *title;
    const char *updated_at;
  } catalog[] = {
    { "1", "Old", "2026-11-20T08:00:00Z" },
    { "2", "Just before", "2026-11-25T09:59:59Z" },
    { "3", "At the second", "2026-11-25T10:00:00Z" },
    { "4", "Later", "2026-11-26T10:00:00Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (catalog); i++)
    {
      g_autofree char *variant_id = g_strdup_printf ("%s1", catalog[i].id);

      sc_fake_shopify_add_product (fixture->fake, catalog[i].id, catalog[i].title,
                                   catalog[i].updated_at);
      sc_fake_shopify_add_variant (fixture->fake, catalog[i].id, variant_id, "Default Title",
                                   catalog[i].title, "9.00", NULL, 3, TRUE);
    }

  /* 12:00 at +02:00 is 10:00 UTC; Shopify's search wants UTC. */
  products = fetch_all (provider, since, &n_pages);
  g_assert_cmpuint (n_pages, ==, 1);
  g_assert_cmpuint (products->len, ==, 2);
  g_assert_cmpstr (id_at (products, 0), ==, "gid://shopify/Product/3");
  g_assert_cmpstr (id_at (products, 1), ==, "gid://shopify/Product/4");
  g_assert_cmpstr (json_object_get_string_member (last_variables (fixture), "query"), ==,
                   "updated_at:>='2026-11-25T10:00:00Z'");

  /* An edit moves a product into the next incremental sync. */
  g_clear_pointer (&products, g_ptr_array_unref);
  sc_fake_shopify_set_updated_at (fixture->fake, "1", "2026-11-27T00:00:00Z");
  products = fetch_all (provider, since, &n_pages);
  g_assert_cmpuint (products->len, ==, 3);
  g_assert_cmpstr (id_at (products, 2), ==, "gid://shopify/Product/1");
}

static void
test_fetch_products (Fixture       *fixture,
                     gconstpointer  data)
{
  const char * const ids[] = {
    "gid://shopify/Product/1000000003",
    "1000000005",                              /* numeric: the same as its GID */
    "gid://shopify/Product/42",                /* no such product */
    "999",                                     /* no such product either */
    "gid://shopify/ProductVariant/5000003000", /* a variant, not a product */
    "1000000005",                              /* asked twice, fetched once */
    "not-an-id",                               /* cannot be a Shopify id */
    NULL
  };
  const char * const expected_sent[] = {
    "gid://shopify/Product/1000000003", "gid://shopify/Product/1000000005",
    "gid://shopify/Product/42", "gid://shopify/Product/999",
    "gid://shopify/ProductVariant/5000003000",
  };
  g_autoptr(ScShopProvider) provider = make_provider (fixture);
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GPtrArray) batches = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *sent;
  ScProduct *product;

  sc_fake_shopify_add_generated (fixture->fake, 10, 2);

  /* A product with variants(first: 100) costs 206 points: 4 fit under
   * Shopify's 1,000 a query, so the 5 ids take two queries. */
  products = fetch_products (provider, ids, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider), ==, 2);
  g_assert_cmpuint (sc_fake_shopify_get_request_count (fixture->fake), ==, 2);
  g_assert_nonnull (strstr (sc_fake_shopify_get_last_query (fixture->fake), "nodes(ids:"));

  batches = sent_id_batches (fixture);
  g_assert_cmpuint (batches->len, ==, 2);
  g_assert_cmpuint (g_strv_length (g_ptr_array_index (batches, 0)), ==, 4);
  g_assert_cmpuint (g_strv_length (g_ptr_array_index (batches, 1)), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (expected_sent); i++)
    g_assert_cmpstr (((char **)g_ptr_array_index (batches, i / 4))[i % 4], ==, expected_sent[i]);
  sent = json_object_get_array_member (last_variables (fixture), "ids");
  g_assert_cmpuint (json_array_get_length (sent), ==, 1);

  g_assert_cmpuint (products->len, ==, 2);
  product = g_ptr_array_index (products, 0);
  g_assert_cmpstr (sc_product_get_id (product), ==, "gid://shopify/Product/1000000003");
  g_assert_cmpstr (sc_product_get_title (product), ==, "Льняная рубашка 3");
  g_assert_cmpstr (sc_product_get_currency (product), ==, "USD");
  g_assert_cmpuint (g_list_model_get_n_items (sc_product_get_variants (product)), ==, 2);
  g_assert_cmpstr (sc_product_get_id (g_ptr_array_index (products, 1)), ==,
                   "gid://shopify/Product/1000000005");

  /* The hot refresh sees a stock change at once. */
  g_clear_pointer (&products, g_ptr_array_unref);
  g_assert_true (sc_fake_shopify_set_stock (fixture->fake, "5000003000", 0));
  g_assert_true (sc_fake_shopify_set_stock (fixture->fake, "5000003001", 1));
  products = fetch_products (provider, ids, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sc_product_get_stock (g_ptr_array_index (products, 0)), ==, 1);
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider), ==, 4);

  /* Nothing that can be a product: no request at all. */
  g_clear_pointer (&products, g_ptr_array_unref);
  products = fetch_products (provider, (const char * const[]) { "nope", NULL }, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (products->len, ==, 0);
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider), ==, 4);
}

static void
test_throttled (Fixture       *fixture,
                gconstpointer  data)
{
  ScFakeShopifyFailure failure = GPOINTER_TO_INT (data);
  g_autoptr(ScShopProvider) provider = make_provider (fixture);
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  double elapsed;

  sc_fake_shopify_add_generated (fixture->fake, 3, 1);
  /* The page asks more than the bucket holds (2 + 250 × 206 + 1): the
   * provider waits for a full bucket, at 500 a second from empty 2 s. */
  sc_fake_shopify_set_bucket (fixture->fake, 1000, 500, 1000);
  sc_fake_shopify_fail_next (fixture->fake, failure, 1);

  start = g_get_monotonic_time ();
  page = fetch_page (provider, NULL, NULL, &error);
  elapsed = seconds_since (start);
  g_assert_no_error (error);
  g_assert_cmpuint (page->products->len, ==, 3);
  g_assert_cmpuint (sc_fake_shopify_get_throttled_count (fixture->fake), ==, 1);
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider), ==, 2);
  g_assert_cmpfloat (elapsed, >=, 1.9);

  /* Retry-After, when given, is honoured over the bucket estimate. */
  g_clear_pointer (&page, sc_product_page_free);
  sc_fake_shopify_set_bucket (fixture->fake, 1000, 10000, 1000);
  sc_fake_shopify_set_retry_after (fixture->fake, 1.0);
  sc_fake_shopify_fail_next (fixture->fake, failure, 1);
  start = g_get_monotonic_time ();
  page = fetch_page (provider, NULL, NULL, &error);
  elapsed = seconds_since (start);
  g_assert_no_error (error);
  g_assert_cmpuint (page->products->len, ==, 3);
  g_assert_cmpfloat (elapsed, >=, 0.95);
}

/* Throttling does not count against max_retries. */
static void
test_throttled_many (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(ScShopProvider) provider = NULL;
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GError) error = NULL;

  fixture->config->max_retries = 1;
  provider = make_provider (fixture);
  sc_fake_shopify_add_generated (fixture->fake, 3, 1);
  sc_fake_shopify_set_bucket (fixture->fake, 1000, 20000, 1000);
  sc_fake_shopify_fail_next (fixture->fake, SC_FAKE_SHOPIFY_THROTTLED_200, 3);
  sc_fake_shopify_fail_next (fixture->fake, SC_FAKE_SHOPIFY_THROTTLED_429, 2);

  page = fetch_page (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->products->len, ==, 3);
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider), ==, 6);
}

/* With the bucket known to be low, the provider waits before asking rather
 * than being refused. */
static void
test_throttled_proactive (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(ScShopProvider) provider = make_provider (fixture);
  g_autoptr(ScProductPage) first = NULL;
  g_autoptr(ScProductPage) second = NULL;
  g_autoptr(GError) error = NULL;

  /* 100 variants each: a product costs what it asks, 206 points. */
  sc_fake_shopify_add_generated (fixture->fake, 20, 100);
  sc_fake_shopify_set_throttling (fixture->fake, TRUE);
  sc_fake_shopify_set_bucket (fixture->fake, 1000, 400, 1000);

  /* Refused as too costly, then 4 products for 827 points: 173 are left. */
  first = fetch_page (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->products->len, ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (
                      sc_product_get_variants (g_ptr_array_index (first->products, 0))), ==, 100);

  /* The next page needs about 826: the provider waits for them. */
  second = fetch_page (provider, first->next_cursor, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->products->len, ==, 4);
  g_assert_cmpuint (sc_fake_shopify_get_throttled_count (fixture->fake), ==, 0);
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider), ==, 3);
}

/* A hot refresh of more products than one query may cost is split into
 * queries that fit Shopify's 1,000 points (issue 9: it was sent whole and
 * refused with MAX_COST_EXCEEDED). */
static void
test_nodes_batched (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(ScShopProvider) provider = make_provider (fixture);
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GPtrArray) batches = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  const GArray *costs;

  sc_fake_shopify_add_generated (fixture->fake, 10, 3);
  sc_fake_shopify_set_throttling (fixture->fake, TRUE);
  sc_fake_shopify_set_bucket (fixture->fake, 1000, 1000, 1000);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 1000000000 + i);

      g_strv_builder_add (builder, id);
    }
  ids = g_strv_builder_end (builder);

  products = fetch_products (provider, (const char * const *)ids, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (products->len, ==, 10);
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *gid = g_strdup_printf ("gid://shopify/Product/%s", ids[i]);

      g_assert_cmpstr (id_at (products, i), ==, gid);
    }

  /* 206 points a product: 4 + 4 + 2, none refused, none throttled. */
  batches = sent_id_batches (fixture);
  g_assert_cmpuint (batches->len, ==, 3);
  g_assert_cmpuint (g_strv_length (g_ptr_array_index (batches, 0)), ==, 4);
  g_assert_cmpuint (g_strv_length (g_ptr_array_index (batches, 1)), ==, 4);
  g_assert_cmpuint (g_strv_length (g_ptr_array_index (batches, 2)), ==, 2);
  costs = sc_fake_shopify_get_requested_costs (fixture->fake);
  g_assert_cmpuint (costs->len, ==, 3);
  for (guint i = 0; i < costs->len; i++)
    g_assert_cmpuint (g_array_index (costs, guint, i), <=, 1000);
  g_assert_cmpuint (sc_fake_shopify_get_throttled_count (fixture->fake), ==, 0);
}

/* The cost a query may have and what an id costs are the shop's to say:
 * a MAX_COST_EXCEEDED answer (cost, maxCost) resizes the batches. */
static void
test_nodes_cost_learned (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(ScShopProvider) provider = make_provider (fixture);
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GPtrArray) batches = NULL;
  g_autoptr(GError) error = NULL;
  const char * const ids[] = {
    "1000000000", "1000000001", "1000000002", "1000000003", "1000000004",
    "1000000005", "1000000006", "1000000007", NULL
  };
  const GArray *costs;

  sc_fake_shopify_add_generated (fixture->fake, 8, 1);
  sc_fake_shopify_set_max_query_cost (fixture->fake, 500);

  products = fetch_products (provider, ids, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (products->len, ==, 8);

  /* 4 ids (825 points) refused by a shop allowing 500: then 2 at a time. */
  costs = sc_fake_shopify_get_requested_costs (fixture->fake);
  g_assert_cmpuint (costs->len, ==, 5);
  g_assert_cmpuint (g_array_index (costs, guint, 0), ==, 825);
  for (guint i = 1; i < costs->len; i++)
    g_assert_cmpuint (g_array_index (costs, guint, i), <=, 500);
  batches = sent_id_batches (fixture);
  g_assert_cmpuint (batches->len, ==, 5);
  for (guint i = 1; i < batches->len; i++)
    g_assert_cmpuint (g_strv_length (g_ptr_array_index (batches, i)), ==, 2);

  /* The next refresh starts from what was learned: nothing refused. */
  g_clear_pointer (&products, g_ptr_array_unref);
  products = fetch_products (provider, ids, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (products->len, ==, 8);
  g_assert_cmpuint (costs->len, ==, 9);
  for (guint i = 5; i < costs->len; i++)
    g_assert_cmpuint (g_array_index (costs, guint, i), <=, 500);
}

/* More than 100 variants: the rest are paged with node(id:) and
 * variants(after:), not cut off (issue 9). */
static void
test_many_variants (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(ScShopProvider) provider = make_provider (fixture);
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *variants;
  ScProduct *big;
  gint64 total = 0;

  sc_fake_shopify_add_generated (fixture->fake, 1, 250);
  sc_fake_shopify_add_generated (fixture->fake, 2, 3);

  page = fetch_page (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->products->len, ==, 3);
  big = find_product (page->products, "gid://shopify/Product/1000000000");
  g_assert_nonnull (big);
  variants = sc_product_get_variants (big);
  g_assert_cmpuint (g_list_model_get_n_items (variants), ==, 250);
  for (guint i = 0; i < 250; i++)
    {
      g_autoptr(ScVariant) variant = g_list_model_get_item (variants, i);
      g_autofree char *id = g_strdup_printf ("gid://shopify/ProductVariant/%" G_GUINT64_FORMAT,
                                             (guint64)5000000000 + i);

      g_assert_cmpstr (sc_variant_get_id (variant), ==, id);
      if (sc_variant_get_stock (variant) != SC_STOCK_UNTRACKED)
        total += sc_variant_get_stock (variant);
    }
  /* The product's stock counts every variant, not the first 100. */
  g_assert_cmpint (sc_product_get_stock (big), ==, total);
  /* The page, then variants 101-200 and 201-250. */
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider), ==, 3);
  g_assert_nonnull (strstr (sc_fake_shopify_get_last_query (fixture->fake), "node(id:"));
  g_assert_cmpstr (json_object_get_string_member (last_variables (fixture), "id"), ==,
                   "gid://shopify/Product/1000000000");

  /* The hot refresh too. */
  products = fetch_products (provider, (const char * const[]) { "1000000000", NULL }, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (
                      sc_product_get_variants (g_ptr_array_index (products, 0))), ==, 250);
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider), ==, 6);
}

/* The variant's inventory item (what inventory_levels/update names) is read,
 * and the image is featuredMedia's preview (featuredImage is deprecated). */
static void
test_inventory_item_and_media (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(ScShopProvider) provider = make_provider (fixture);
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GError) error = NULL;
  const char *query;
  ScProduct *product;

  sc_fake_shopify_add_product (fixture->fake, "7", "Apron", NULL);
  sc_fake_shopify_add_variant (fixture->fake, "7", "71", "S", "APRON-S", "19.90", NULL, 4, TRUE);
  sc_fake_shopify_add_variant (fixture->fake, "7", "72", "M", "APRON-M", "19.90", NULL, 2, TRUE);
  g_assert_true (sc_fake_shopify_set_inventory_item (fixture->fake, "72", "44012345678"));
  sc_fake_shopify_set_product_links (fixture->fake, "7", NULL,
                                     "https://cdn.shopify.com/s/files/1/apron.jpg");

  page = fetch_page (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  product = g_ptr_array_index (page->products, 0);
  g_assert_cmpstr (sc_variant_get_inventory_item_id (variant_at (product, 0)), ==,
                   sc_fake_shopify_get_inventory_item (fixture->fake, "71"));
  g_assert_cmpstr (sc_variant_get_inventory_item_id (variant_at (product, 0)), !=,
                   sc_variant_get_id (variant_at (product, 0)));
  g_assert_cmpstr (sc_variant_get_inventory_item_id (variant_at (product, 1)), ==,
                   "gid://shopify/InventoryItem/44012345678");
  g_assert_cmpstr (sc_product_get_image_uri (product), ==,
                   "https://cdn.shopify.com/s/files/1/apron.jpg");

  query = sc_fake_shopify_get_last_query (fixture->fake);
  g_assert_nonnull (strstr (query, "featuredMedia { preview { image { url } } }"));
  g_assert_null (strstr (query, "featuredImage"));
  g_assert_nonnull (strstr (query, "inventoryItem { id tracked }"));

  /* A preview still processing (image null until READY) is no image yet. */
  g_clear_pointer (&page, sc_product_page_free);
  sc_fake_shopify_corrupt_next (fixture->fake, "data.products.nodes.0.featuredMedia.preview.image",
                                "null");
  page = fetch_page (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (sc_product_get_image_uri (g_ptr_array_index (page->products, 0)));
}

static gboolean
cancel_later (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_while_waiting (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(ScShopProvider) provider = make_provider (fixture);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  sc_fake_shopify_add_generated (fixture->fake, 3, 1);
  /* From empty at 10 points a second: a 25 s wait. */
  sc_fake_shopify_set_bucket (fixture->fake, 1000, 10, 1000);
  sc_fake_shopify_fail_next (fixture->fake, SC_FAKE_SHOPIFY_THROTTLED_200, 1);

  g_timeout_add (300, cancel_later, cancellable);
  start = g_get_monotonic_time ();
  page = fetch_page_cancellable (provider, NULL, NULL, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (page);
  /* Well before the 25 s wait, however loaded the machine. */
  g_assert_cmpfloat (seconds_since (start), <, 20);
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider), ==, 1);
}

static void
test_retry_5xx (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(ScShopProvider) provider = make_provider (fixture);
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  sc_fake_shopify_add_generated (fixture->fake, 3, 1);
  sc_fake_shopify_fail_next (fixture->fake, SC_FAKE_SHOPIFY_HTTP_500, 1);
  sc_fake_shopify_fail_next (fixture->fake, SC_FAKE_SHOPIFY_HTTP_503, 1);

  start = g_get_monotonic_time ();
  page = fetch_page (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->products->len, ==, 3);
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider), ==, 3);
  /* Backoff: 0.5 s, then 1 s, less at most 10 % of jitter. */
  g_assert_cmpfloat (seconds_since (start), >=, 1.3);
}

static void
test_retry_exhausted (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(ScShopProvider) provider = NULL;
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GError) error = NULL;

  fixture->config->max_retries = 2;
  provider = make_provider (fixture);
  sc_fake_shopify_add_generated (fixture->fake, 3, 1);
  sc_fake_shopify_fail_next (fixture->fake, SC_FAKE_SHOPIFY_HTTP_503, 10);

  page = fetch_page (provider, NULL, NULL, &error);
  g_assert_null (page);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "HTTP 503"));
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider), ==, 3);
}

static void
test_retry_timeout (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(ScShopProvider) provider = NULL;
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  fixture->config->timeout_s = 1;
  provider = make_provider (fixture);
  sc_fake_shopify_add_generated (fixture->fake, 3, 1);
  sc_fake_shopify_delay_next (fixture->fake, 1, 3000);

  start = g_get_monotonic_time ();
  page = fetch_page (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->products->len, ==, 3);
  /* Two requests: the slow answer was given up on, not waited for. */
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider), ==, 2);
  g_assert_cmpfloat (seconds_since (start), >=, 1.0);
}

static void
test_auth (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(ScShopProvider) provider = NULL;
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;

  g_free (fixture->config->token);
  fixture->config->token = g_strdup ("shpat_wrong_5e2d71c4");
  provider = make_provider (fixture);
  sc_fake_shopify_add_generated (fixture->fake, 3, 1);

  page = fetch_page (provider, NULL, NULL, &error);
  g_assert_null (page);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "check your token"));
  g_assert_nonnull (strstr (error->message, "401"));
  g_assert_null (strstr (error->message, "shpat_wrong_5e2d71c4"));
  g_assert_null (strstr (error->message, TOKEN));
  /* Not retried: the token will not get better. */
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider), ==, 1);

  g_clear_error (&error);
  products = fetch_products (provider, (const char * const[]) { "1000000000", NULL }, &error);
  g_assert_null (products);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_AUTH);
}

static void
assert_page_fails (Fixture    *fixture,
                   const char *fragment)
{
  g_autoptr(ScShopProvider) provider = make_provider (fixture);
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GError) error = NULL;

  page = fetch_page (provider, NULL, NULL, &error);
  g_assert_null (page);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not name “%s”", error->message, fragment);
}

/* 75 KB of "[" overflowed the stack inside json-glib. */
static void
test_bad_deep (Fixture       *fixture,
               gconstpointer  data)
{
  sc_fake_shopify_add_generated (fixture->fake, 5, 2);
  sc_fake_shopify_fail_next (fixture->fake, SC_FAKE_SHOPIFY_DEEP_JSON, 1);
  assert_page_fails (fixture, "nested deeper than 64 levels");
}

static void
test_bad_malformed (Fixture       *fixture,
                    gconstpointer  data)
{
  sc_fake_shopify_add_generated (fixture->fake, 5, 2);
  sc_fake_shopify_fail_next (fixture->fake, SC_FAKE_SHOPIFY_MALFORMED_JSON, 1);
  assert_page_fails (fixture, "malformed JSON");
}

static void
test_bad_wrong_type (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(ScShopProvider) provider = make_provider (fixture);
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;

  sc_fake_shopify_add_generated (fixture->fake, 5, 2);

  /* A price as a JSON number could not be kept exact: refused, not rounded. */
  sc_fake_shopify_corrupt_next (fixture->fake,
                                "data.products.nodes.3.variants.nodes.0.price", "19.9");
  assert_page_fails (fixture, "$.data.products.nodes[3].variants.nodes[0].price: "
                              "expected a decimal string such as \"19.90\", got 19.9");

  sc_fake_shopify_corrupt_next (fixture->fake,
                                "data.products.nodes.0.variants.nodes.1.price", "\"12,50\"");
  assert_page_fails (fixture, "$.data.products.nodes[0].variants.nodes[1].price");

  sc_fake_shopify_corrupt_next (fixture->fake,
                                "data.products.nodes.2.variants.nodes.1.inventoryQuantity",
                                "\"7\"");
  assert_page_fails (fixture, "$.data.products.nodes[2].variants.nodes[1].inventoryQuantity: "
                              "expected an integer or null, got \"7\"");

  sc_fake_shopify_corrupt_next (fixture->fake, "data.products.pageInfo.hasNextPage", "\"no\"");
  assert_page_fails (fixture, "$.data.products.pageInfo.hasNextPage");

  sc_fake_shopify_corrupt_next (fixture->fake, "data.products.nodes.1.updatedAt", "\"yesterday\"");
  assert_page_fails (fixture, "$.data.products.nodes[1].updatedAt: expected an ISO 8601");

  sc_fake_shopify_corrupt_next (fixture->fake, "data.products.nodes", "{}");
  assert_page_fails (fixture, "$.data.products.nodes: expected an array, got an object");

  /* The same checks on the hot refresh. */
  sc_fake_shopify_corrupt_next (fixture->fake,
                                "data.nodes.0.variants.nodes.0.compareAtPrice", "true");
  products = fetch_products (provider, (const char * const[]) { "1000000001", NULL }, &error);
  g_assert_null (products);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "$.data.nodes[0].variants.nodes[0].compareAtPrice"));
}

static void
test_bad_missing (Fixture       *fixture,
                  gconstpointer  data)
{
  sc_fake_shopify_add_generated (fixture->fake, 5, 2);

  sc_fake_shopify_corrupt_next (fixture->fake, "data.products.nodes.1.title", NULL);
  assert_page_fails (fixture, "$.data.products.nodes[1].title: expected a string, got nothing");

  sc_fake_shopify_corrupt_next (fixture->fake, "data.products.nodes.4.variants.nodes.1.id", NULL);
  assert_page_fails (fixture, "$.data.products.nodes[4].variants.nodes[1].id");

  sc_fake_shopify_corrupt_next (fixture->fake, "data.products.pageInfo", NULL);
  assert_page_fails (fixture, "$.data.products.pageInfo");

  sc_fake_shopify_corrupt_next (fixture->fake, "data.shop.currencyCode", "null");
  assert_page_fails (fixture, "$.data.shop.currencyCode");

  sc_fake_shopify_corrupt_next (fixture->fake, "data", NULL);
  assert_page_fails (fixture, "$.data: expected an object, got nothing");
}

static char *
write_temp (const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("shopcast-shopify-XXXXXX.json", &path, &error);

  g_assert_no_error (error);
  g_close (fd, NULL);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* Ids above 2^53 would be rounded by a double: they stay strings, and a
 * numeric one is read as an exact integer. */
static void
test_big_ids (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(ScShopProvider) provider = make_provider (fixture);
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_temp (
    "{\"product\": {\"id\": 9007199254740993, \"title\": \"Big\", \"handle\": \"big\","
    " \"updated_at\": \"2026-11-25T10:00:00Z\", \"images\": [],"
    " \"variants\": [{\"id\": 9007199254740995, \"title\": \"Default Title\", \"sku\": \"BIG\","
    " \"price\": \"1.00\", \"compare_at_price\": null, \"inventory_quantity\": 2,"
    " \"inventory_management\": \"shopify\"}]}}");
  JsonArray *sent;
  ScProduct *product;

  sc_fake_shopify_load_fixture (fixture->fake, path, &error);
  g_assert_no_error (error);
  g_unlink (path);
  sc_fake_shopify_add_product (fixture->fake, "gid://shopify/Product/9223372036854775807",
                               "Largest", "2026-11-26T10:00:00Z");
  sc_fake_shopify_add_variant (fixture->fake, "9223372036854775807", "9223372036854775806",
                               "Default Title", "MAX", "2.00", NULL, 1, TRUE);

  page = fetch_page (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->products->len, ==, 2);
  product = g_ptr_array_index (page->products, 0);
  g_assert_cmpstr (sc_product_get_id (product), ==, "gid://shopify/Product/9007199254740993");
  g_assert_cmpstr (sc_variant_get_id (variant_at (product, 0)), ==,
                   "gid://shopify/ProductVariant/9007199254740995");
  g_assert_cmpstr (sc_product_get_id (g_ptr_array_index (page->products, 1)), ==,
                   "gid://shopify/Product/9223372036854775807");

  /* By GID and by numeric id, sent and read back exactly. */
  products = fetch_products (provider, (const char * const[]) {
                               "9007199254740993",
                               "gid://shopify/Product/9223372036854775807",
                               NULL },
                             &error);
  g_assert_no_error (error);
  g_assert_cmpuint (products->len, ==, 2);
  sent = json_object_get_array_member (last_variables (fixture), "ids");
  g_assert_cmpstr (json_array_get_string_element (sent, 0), ==,
                   "gid://shopify/Product/9007199254740993");
  g_assert_nonnull (find_product (products, "gid://shopify/Product/9007199254740993"));
  g_assert_nonnull (find_product (products, "gid://shopify/Product/9223372036854775807"));

  /* A numeric JSON id in the id field is not passed through a double. */
  g_clear_pointer (&products, g_ptr_array_unref);
  sc_fake_shopify_corrupt_next (fixture->fake, "data.nodes.0.id", "9007199254740993");
  sc_fake_shopify_corrupt_next (fixture->fake, "data.nodes.0.variants.nodes.0.id",
                                "9007199254740995");
  products = fetch_products (provider, (const char * const[]) { "9007199254740993", NULL }, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (products->len, ==, 1);
  product = g_ptr_array_index (products, 0);
  g_assert_cmpstr (sc_product_get_id (product), ==, "gid://shopify/Product/9007199254740993");
  g_assert_cmpstr (sc_variant_get_id (variant_at (product, 0)), ==,
                   "gid://shopify/ProductVariant/9007199254740995");

  /* But a fractional one is refused. */
  g_clear_pointer (&products, g_ptr_array_unref);
  sc_fake_shopify_corrupt_next (fixture->fake, "data.nodes.0.id", "9.007199254740993e15");
  products = fetch_products (provider, (const char * const[]) { "9007199254740993", NULL }, &error);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "$.data.nodes[0].id"));
}

static void
test_non_latin (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const titles[] = {
    "قميص كتان أزرق",
    "リネンシャツ・ブルー",
    "Summer 🌞👗 dress 👩🏽‍🎤",
    "Ελληνικό λάδι «Κρήτη»",
  };
  g_autoptr(ScShopProvider) provider = make_provider (fixture);
  g_autoptr(GPtrArray) products = NULL;
  guint n_pages;

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i + 1);
      g_autofree char *variant_id = g_strdup_printf ("%u", i + 101);
      g_autofree char *updated = g_strdup_printf ("2026-11-25T10:00:0%uZ", i);

      sc_fake_shopify_add_product (fixture->fake, id, titles[i], updated);
      sc_fake_shopify_add_variant (fixture->fake, id, variant_id, "مقاس كبير / 大 / 🅻",
                                   "SKU-日本-1", "10.00", NULL, 1, TRUE);
    }

  products = fetch_all (provider, NULL, &n_pages);
  g_assert_cmpuint (products->len, ==, G_N_ELEMENTS (titles));
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      ScProduct *product = g_ptr_array_index (products, i);

      g_assert_cmpstr (sc_product_get_title (product), ==, titles[i]);
      g_assert_cmpstr (sc_product_get_sku (product), ==, "SKU-日本-1");
      g_assert_cmpstr (sc_variant_get_title (variant_at (product, 0)), ==, "مقاس كبير / 大 / 🅻");
    }
}

static void
test_prices_and_stock (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(ScShopProvider) provider = make_provider (fixture);
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GError) error = NULL;
  ScProduct *product;
  ScVariant *variant;

  sc_fake_shopify_add_product (fixture->fake, "1", "Mixed", "2026-11-25T10:00:00Z");
  sc_fake_shopify_add_variant (fixture->fake, "1", "11", "A", "A", "19.90", NULL, 7, TRUE);
  sc_fake_shopify_add_variant (fixture->fake, "1", "12", "B", "", "0.10", "0.20", 5, FALSE);
  /* Oversold: Shopify allows negative stock. */
  sc_fake_shopify_add_variant (fixture->fake, "1", "13", "C", NULL, "25.00", "30.00", -3, TRUE);
  sc_fake_shopify_add_product (fixture->fake, "2", "Null quantity", "2026-11-25T10:00:01Z");
  sc_fake_shopify_add_variant (fixture->fake, "2", "21", "Default Title", "N", "5.00", NULL, 4,
                               TRUE);
  sc_fake_shopify_corrupt_next (fixture->fake,
                                "data.products.nodes.1.variants.nodes.0.inventoryQuantity",
                                "null");

  page = fetch_page (provider, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->products->len, ==, 2);

  product = g_ptr_array_index (page->products, 0);
  variant = variant_at (product, 0);
  g_assert_cmpint (sc_variant_get_price (variant), ==, 1990);
  g_assert_cmpint (sc_variant_get_compare_at_price (variant), ==, 0);
  g_assert_cmpint (sc_variant_get_stock (variant), ==, 7);
  variant = variant_at (product, 1);
  g_assert_cmpint (sc_variant_get_price (variant), ==, 10);
  g_assert_cmpint (sc_variant_get_compare_at_price (variant), ==, 20);
  g_assert_cmpint (sc_variant_get_stock (variant), ==, SC_STOCK_UNTRACKED);
  g_assert_null (sc_variant_get_sku (variant));
  variant = variant_at (product, 2);
  g_assert_cmpint (sc_variant_get_price (variant), ==, 2500);
  g_assert_cmpint (sc_variant_get_compare_at_price (variant), ==, 3000);
  g_assert_cmpint (sc_variant_get_stock (variant), ==, 0);
  g_assert_null (sc_variant_get_sku (variant));
  /* Lowest price with its compare-at; stock of the tracked variants only. */
  g_assert_cmpint (sc_product_get_price (product), ==, 10);
  g_assert_cmpint (sc_product_get_compare_at_price (product), ==, 20);
  g_assert_cmpint (sc_product_get_stock (product), ==, 7);

  product = g_ptr_array_index (page->products, 1);
  g_assert_cmpint (sc_product_get_price (product), ==, 500);
  g_assert_cmpint (sc_product_get_stock (product), ==, SC_STOCK_UNTRACKED);
}

static void
test_currency (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(ScShopProvider) provider = make_provider (fixture);
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;
  ScProduct *product;

  sc_fake_shopify_set_currency (fixture->fake, "JPY");
  sc_fake_shopify_add_product (fixture->fake, "1", "急須", "2026-11-25T10:00:00Z");
  sc_fake_shopify_add_variant (fixture->fake, "1", "11", "Default Title", "KYUSU", "1200.0",
                               NULL, 3, TRUE);

  /* The hot refresh alone asks the currency when it is not known yet. */
  products = fetch_products (provider, (const char * const[]) { "1", NULL }, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (last_variables (fixture), "withShop"));
  product = g_ptr_array_index (products, 0);
  g_assert_cmpstr (sc_product_get_currency (product), ==, "JPY");
  g_assert_cmpint (sc_product_get_price (product), ==, 1200);

  g_clear_pointer (&products, g_ptr_array_unref);
  products = fetch_products (provider, (const char * const[]) { "1", NULL }, &error);
  g_assert_no_error (error);
  g_assert_false (json_object_get_boolean_member (last_variables (fixture), "withShop"));
  g_assert_cmpstr (sc_product_get_currency (g_ptr_array_index (products, 0)), ==, "JPY");
}

static void
test_deleted (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(ScShopProvider) provider = make_provider (fixture);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) refreshed = NULL;
  g_autoptr(GError) error = NULL;
  guint n_pages;

  sc_fake_shopify_add_generated (fixture->fake, 5, 2);
  before = fetch_all (provider, NULL, &n_pages);
  g_assert_cmpuint (before->len, ==, 5);
  g_assert_nonnull (find_product (before, "gid://shopify/Product/1000000002"));

  g_assert_true (sc_fake_shopify_delete_product (fixture->fake,
                                                 "gid://shopify/Product/1000000002"));
  after = fetch_all (provider, NULL, &n_pages);
  g_assert_cmpuint (after->len, ==, 4);
  g_assert_null (find_product (after, "gid://shopify/Product/1000000002"));

  refreshed = fetch_products (provider, (const char * const[]) {
                                "gid://shopify/Product/1000000002", "1000000003", NULL },
                              &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refreshed->len, ==, 1);
  g_assert_cmpstr (sc_product_get_id (g_ptr_array_index (refreshed, 0)), ==,
                   "gid://shopify/Product/1000000003");
}

static void
test_generated_catalog (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(ScShopProvider) provider = make_provider (fixture);
  g_autoptr(GPtrArray) products = NULL;
  guint n_pages, n_variants = 0;

  sc_fake_shopify_add_generated (fixture->fake, 1000, 3);
  products = fetch_all (provider, NULL, &n_pages);
  g_assert_cmpuint (products->len, ==, 1000);
  g_assert_cmpuint (n_pages, ==, 4);
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider), ==, 4);
  for (guint i = 0; i < products->len; i++)
    {
      ScProduct *product = g_ptr_array_index (products, i);

      n_variants += g_list_model_get_n_items (sc_product_get_variants (product));
    }
  g_assert_cmpuint (n_variants, ==, 3000);
  g_assert_cmpstr (sc_product_get_title (g_ptr_array_index (products, 1)), ==, "قميص كتان 1");
  g_assert_cmpstr (sc_product_get_title (g_ptr_array_index (products, 2)), ==, "リネンシャツ 2");
  /* "9.90" and its compare-at "19.90" */
  g_assert_cmpint (sc_product_get_price (g_ptr_array_index (products, 0)), ==, 990);
  g_assert_cmpint (sc_product_get_compare_at_price (g_ptr_array_index (products, 0)), ==, 1990);
}

static void
assert_config_refused (const char *url,
                       const char *token,
                       const char *version,
                       int         code,
                       const char *fragment)
{
  g_autoptr(ScShopConfig) config = sc_shop_config_new (SC_SHOP_KIND_SHOPIFY);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShopProvider) provider = NULL;

  config->url = g_strdup (url);
  config->token = g_strdup (token);
  g_free (config->api_version);
  config->api_version = g_strdup (version);
  provider = sc_shopify_provider_new (config, &error);
  g_assert_null (provider);
  g_assert_error (error, SC_SHOP_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not say “%s”", error->message, fragment);
  if (token != NULL && token[0] != '\0')
    g_assert_null (strstr (error->message, token));
}

static void
assert_config_accepted (const char *url,
                        const char *version)
{
  g_autoptr(ScShopConfig) config = sc_shop_config_new (SC_SHOP_KIND_SHOPIFY);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShopProvider) provider = NULL;

  config->url = g_strdup (url);
  config->token = g_strdup (TOKEN);
  g_free (config->api_version);
  config->api_version = g_strdup (version);
  provider = sc_shopify_provider_new (config, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sc_shop_provider_get_name (provider), ==, "Shopify");
  g_assert_cmpuint (sc_shop_provider_get_request_count (provider), ==, 0);
}

/* Construction sends nothing, so these addresses are never contacted. */
static void
test_config (void)
{
  assert_config_refused ("http://shop.example.com", TOKEN, NULL,
                         SC_SHOP_ERROR_INVALID_DATA, "Refusing plain http:// to shop.example.com");
  assert_config_refused ("http://192.168.1.10:8080", TOKEN, NULL,
                         SC_SHOP_ERROR_INVALID_DATA, "Refusing plain http://");
  assert_config_refused ("ftp://127.0.0.1", TOKEN, NULL, SC_SHOP_ERROR_INVALID_DATA, "https://");
  assert_config_refused ("https://shop.example.com/?x=1", TOKEN, NULL,
                         SC_SHOP_ERROR_INVALID_DATA, "not a shop address");
  assert_config_refused ("not a url", TOKEN, NULL,
                         SC_SHOP_ERROR_INVALID_DATA, "not a shop address");
  assert_config_refused (NULL, TOKEN, NULL, SC_SHOP_ERROR_INVALID_DATA, "url");
  assert_config_refused ("https://shop.example.com", NULL, NULL, SC_SHOP_ERROR_AUTH, "token_env");
  assert_config_refused ("https://shop.example.com", "", NULL, SC_SHOP_ERROR_AUTH, "token_env");
  assert_config_refused ("https://shop.example.com", TOKEN, "../2024-10",
                         SC_SHOP_ERROR_INVALID_DATA, "API version");

  assert_config_accepted ("https://shop.example.com", "2024-10");
  assert_config_accepted ("https://shop.example.com/", NULL);
  assert_config_accepted ("http://127.0.0.1:8080", "2024-10");
  assert_config_accepted ("http://127.0.0.2:8080", "2024-10");
  assert_config_accepted ("http://localhost:8080", "2024-10");
  assert_config_accepted ("http://[::1]:8080", "unstable");
}

/* The provider speaks to the address and API version it was given. */
static void
test_api_version (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(ScShopProvider) provider = NULL;
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GError) error = NULL;

  sc_fake_shopify_set_api_version (fixture->fake, "2025-01");
  provider = make_provider (fixture);
  page = fetch_page (provider, NULL, NULL, &error);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "HTTP 404"));
  g_assert_nonnull (strstr (error->message, "/admin/api/2024-10/graphql.json"));
  g_clear_error (&error);
  g_clear_object (&provider);

  g_free (fixture->config->api_version);
  fixture->config->api_version = g_strdup ("2025-01");
  provider = make_provider (fixture);
  page = fetch_page (provider, NULL, NULL, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/shop/shopify/fixture-product", test_fixture_product);
  ADD ("/shop/shopify/pagination", test_pagination);
  ADD ("/shop/shopify/pagination/page-size-cap", test_page_size_cap);
  ADD ("/shop/shopify/pagination/max-cost", test_max_cost);
  ADD ("/shop/shopify/incremental", test_incremental);
  ADD ("/shop/shopify/fetch-products", test_fetch_products);
  g_test_add ("/shop/shopify/throttled/200", Fixture,
              GINT_TO_POINTER (SC_FAKE_SHOPIFY_THROTTLED_200),
              fixture_set_up, test_throttled, fixture_tear_down);
  g_test_add ("/shop/shopify/throttled/429", Fixture,
              GINT_TO_POINTER (SC_FAKE_SHOPIFY_THROTTLED_429),
              fixture_set_up, test_throttled, fixture_tear_down);
  ADD ("/shop/shopify/throttled/not-a-failure", test_throttled_many);
  ADD ("/shop/shopify/nodes/batched", test_nodes_batched);
  ADD ("/shop/shopify/nodes/cost-learned", test_nodes_cost_learned);
  ADD ("/shop/shopify/many-variants", test_many_variants);
  ADD ("/shop/shopify/inventory-item-and-media", test_inventory_item_and_media);
  ADD ("/shop/shopify/throttled/proactive", test_throttled_proactive);
  ADD ("/shop/shopify/throttled/cancel", test_cancel_while_waiting);
  ADD ("/shop/shopify/retry/5xx", test_retry_5xx);
  ADD ("/shop/shopify/retry/exhausted", test_retry_exhausted);
  ADD ("/shop/shopify/retry/timeout", test_retry_timeout);
  ADD ("/shop/shopify/auth", test_auth);
  ADD ("/shop/shopify/bad/malformed-json", test_bad_malformed);
  ADD ("/shop/shopify/bad/deep-json", test_bad_deep);
  ADD ("/shop/shopify/bad/wrong-type", test_bad_wrong_type);
  ADD ("/shop/shopify/bad/missing-field", test_bad_missing);
  ADD ("/shop/shopify/big-ids", test_big_ids);
  ADD ("/shop/shopify/non-latin", test_non_latin);
  ADD ("/shop/shopify/prices-and-stock", test_prices_and_stock);
  ADD ("/shop/shopify/currency", test_currency);
  ADD ("/shop/shopify/deleted", test_deleted);
  ADD ("/shop/shopify/generated-catalog", test_generated_catalog);
  ADD ("/shop/shopify/api-version", test_api_version);
  g_test_add_func ("/shop/shopify/config", test_config);

#undef ADD

  return g_test_run ();
}
