/* test-shop-sale.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-shop-sale"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "sc-fake-server.h"
#include "sc-fake-shopify.h"
#include "sc-fake-woocommerce.h"
#include "sc-test-util.h"
#include "shop/sc-sale-journal.h"
#include "shop/sc-shop-config.h"
#include "shop/sc-shop-error.h"
#include "shop/sc-variant.h"

/* Flash sales in a shop, against the fakes: the requests as the real APIs
 * define them, the journal's states, undoing a failed sale, restoring
 * after a lost network and after a crash. */

#define KEY "ck_0123456789abcdef0123456789abcdef01234567"
#define SECRET "cs_fedcba9876543210fedcba9876543210fedcba98"
#define TOKEN "shpat_0123456789abcdef"

typedef struct {
  char              *dir;
  ScFakeWooCommerce *woo;
  ScFakeShopify     *shopify;
  ScShopConfig      *config;
  ScShopProvider    *provider;
  ScSaleJournal     *journal;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = sc_test_make_tmp_dir ("shop-sale");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->journal);
  g_clear_object (&fixture->provider);
  g_clear_pointer (&fixture->config, sc_shop_config_free);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fixture->woo);
  g_clear_object (&fixture->shopify);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  sc_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
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

static void
make_provider (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  fixture->provider = sc_shop_provider_new_for_config (fixture->config, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->journal);
  fixture->journal = sc_sale_journal_new (fixture->dir);
  sc_sale_journal_set_retry_delays (fixture->journal, 0.05, 0.2);
}

static void
setup_woo (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  fixture->woo = sc_fake_woocommerce_new (KEY, SECRET, &error);
  g_assert_no_error (error);
  sc_fake_woocommerce_add_simple (fixture->woo, 10, "Stoneware Mug", "24.00");
  sc_fake_woocommerce_add_variable (fixture->woo, 20, "Linen Apron");
  sc_fake_woocommerce_add_variation (fixture->woo, 20, 21, "30.00", "Color", "Sand", NULL);
  sc_fake_woocommerce_add_variation (fixture->woo, 20, 22, "32.00", "Color", "Ink", NULL);
  fixture->config = sc_shop_config_new (SC_SHOP_KIND_WOOCOMMERCE);
  fixture->config->url = g_strdup (sc_fake_woocommerce_get_url (fixture->woo));
  fixture->config->consumer_key = g_strdup (KEY);
  fixture->config->consumer_secret = g_strdup (SECRET);
  fixture->config->timeout_s = 5;
  fixture->config->max_retries = 0;
  make_provider (fixture);
}

static void
setup_shopify (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  fixture->shopify = sc_fake_shopify_new (TOKEN, &error);
  g_assert_no_error (error);
  sc_fake_shopify_add_product (fixture->shopify, "1", "Stoneware Mug", NULL);
  sc_fake_shopify_add_variant (fixture->shopify, "1", "11", "Sage", "MUG-S", "24.00", NULL,
                               5, TRUE);
  sc_fake_shopify_add_variant (fixture->shopify, "1", "12", "Ink", "MUG-I", "30.00", "35.00",
                               5, TRUE);
  fixture->config = sc_shop_config_new (SC_SHOP_KIND_SHOPIFY);
  fixture->config->url = g_strdup (sc_fake_shopify_get_url (fixture->shopify));
  fixture->config->token = g_strdup (TOKEN);
  g_free (fixture->config->api_version);
  fixture->config->api_version = g_strdup ("2024-10");
  fixture->config->max_retries = 0;
  make_provider (fixture);
}

/* The product as the shop has it now, through the provider. */
static ScProduct *
fetch (Fixture    *fixture,
       const char *id)
{
  const char *ids[] = { id, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;

  sc_shop_provider_fetch_products_async (fixture->provider, ids, NULL, on_result, &result);
  products = sc_shop_provider_fetch_products_finish (fixture->provider, wait_for (&result),
                                                    &error);
  g_assert_no_error (error);
  g_assert_cmpuint (products->len, ==, 1);
  return g_object_ref (g_ptr_array_index (products, 0));
}

static gboolean
start_sale (Fixture    *fixture,
            ScProduct  *product,
            gint64      price,
            GDateTime  *ends_at,
            GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_sale_journal_start_sale_async (fixture->journal, fixture->provider, product, price, ends_at,
                                    NULL, on_result, &result);
  return sc_sale_journal_start_sale_finish (fixture->journal, wait_for (&result), error);
}

static GPtrArray *
end_sale (Fixture    *fixture,
          const char *product_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  sc_sale_journal_end_sale_async (fixture->journal, fixture->provider, product_id, NULL,
                                  on_result, &result);
  entries = sc_sale_journal_end_sale_finish (fixture->journal, wait_for (&result), &error);
  g_assert_no_error (error);
  return entries;
}

static GPtrArray *
recover (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  sc_sale_journal_recover_async (fixture->journal, fixture->provider, NULL, on_result, &result);
  entries = sc_sale_journal_recover_finish (fixture->journal, wait_for (&result), &error);
  g_assert_no_error (error);
  return entries;
}

/* Every entry of the journal is in @state; returns how many there are. */
static guint
assert_journal (ScSaleJournal *journal,
                ScSaleState    state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = sc_sale_journal_list (journal, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      ScSaleEntry *entry = g_ptr_array_index (entries, i);

      g_assert_cmpstr (sc_sale_state_to_string (entry->state), ==,
                       sc_sale_state_to_string (state));
    }
  return entries->len;
}

static void
assert_woo_prices (ScFakeWooCommerce *fake,
                   gint64             id,
                   const char        *price,
                   const char        *sale_price)
{
  g_assert_cmpstr (sc_fake_woocommerce_get_string (fake, id, "price"), ==, price);
  g_assert_cmpstr (sc_fake_woocommerce_get_string (fake, id, "sale_price"), ==, sale_price);
}

static void
assert_shopify_prices (ScFakeShopify *fake,
                       const char    *variant_id,
                       const char    *price,
                       const char    *compare_at)
{
  const char *now_price = NULL;
  const char *now_compare_at = NULL;

  g_assert_true (sc_fake_shopify_get_prices (fake, variant_id, &now_price, &now_compare_at));
  g_assert_cmpstr (now_price, ==, price);
  g_assert_cmpstr (now_compare_at, ==, compare_at);
}

/* WooCommerce */

static void
test_woo_apply_restore (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(ScProduct) mug = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) ends_at = g_date_time_add_minutes (now, 10);
  g_autofree char *ends_text = g_date_time_format (ends_at, "%Y-%m-%dT%H:%M:%S");
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;

  setup_woo (fixture);
  mug = fetch (fixture, "10");
  g_assert_true (start_sale (fixture, mug, 1500, ends_at, &error));
  g_assert_no_error (error);

  /* PUT /products/10 with the sale price and the sale's dates in GMT. */
  body = sc_fake_woocommerce_get_last_body (fixture->woo);
  g_assert_cmpstr (json_object_get_string_member (body, "sale_price"), ==, "15.00");
  g_assert_cmpstr (json_object_get_string_member (body, "date_on_sale_to_gmt"), ==, ends_text);
  g_assert_nonnull (json_object_get_string_member (body, "date_on_sale_from_gmt"));
  g_assert_false (json_object_has_member (body, "regular_price"));
  g_assert_cmpstr (g_ptr_array_index (sc_fake_woocommerce_get_requests (fixture->woo),
                                      sc_fake_woocommerce_get_requests (fixture->woo)->len - 1),
                   ==, "/wp-json/wc/v3/products/10");
  assert_woo_prices (fixture->woo, 10, "15.00", "15.00");
  g_assert_cmpuint (assert_journal (fixture->journal, SC_SALE_STATE_APPLIED), ==, 1);

  /* A second sale on the same product is refused: the first must end. */
  g_assert_false (start_sale (fixture, mug, 1400, ends_at, &error));
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* Ended early: the sale price is cleared, the dates with it. */
  entries = end_sale (fixture, "10");
  g_assert_cmpuint (entries->len, ==, 1);
  body = sc_fake_woocommerce_get_last_body (fixture->woo);
  g_assert_cmpstr (json_object_get_string_member (body, "sale_price"), ==, "");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (body, "date_on_sale_to_gmt")));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (body, "date_on_sale_from_gmt")));
  assert_woo_prices (fixture->woo, 10, "24.00", "");
  g_assert_cmpuint (assert_journal (fixture->journal, SC_SALE_STATE_RESTORED), ==, 1);
}

static void
test_woo_variations (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(ScProduct) apron = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) ends_at = g_date_time_add_minutes (now, 10);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *requests;

  setup_woo (fixture);
  apron = fetch (fixture, "20");
  g_assert_true (start_sale (fixture, apron, 2000, ends_at, &error));
  g_assert_no_error (error);
  assert_woo_prices (fixture->woo, 21, "20.00", "20.00");
  assert_woo_prices (fixture->woo, 22, "20.00", "20.00");
  requests = sc_fake_woocommerce_get_requests (fixture->woo);
  g_assert_cmpstr (g_ptr_array_index (requests, requests->len - 1), ==,
                   "/wp-json/wc/v3/products/20/variations/22");
  g_assert_cmpuint (assert_journal (fixture->journal, SC_SALE_STATE_APPLIED), ==, 2);

  entries = end_sale (fixture, "20");
  g_assert_cmpuint (entries->len, ==, 2);
  assert_woo_prices (fixture->woo, 21, "30.00", "");
  assert_woo_prices (fixture->woo, 22, "32.00", "");
  g_assert_cmpuint (assert_journal (fixture->journal, SC_SALE_STATE_RESTORED), ==, 2);
}

/* A 500 on the change: the shop's state is unknown, so the regular price
 * is written back and the entry ends restored. */
static void
test_woo_http_500 (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(ScProduct) mug = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) ends_at = g_date_time_add_minutes (now, 10);
  g_autoptr(GError) error = NULL;
  guint before;

  setup_woo (fixture);
  mug = fetch (fixture, "10");
  before = sc_fake_woocommerce_get_request_count (fixture->woo);
  sc_fake_woocommerce_fail_next (fixture->woo, 1, 500);
  g_assert_false (start_sale (fixture, mug, 1500, ends_at, &error));
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_NETWORK);
  /* The failed PUT and the restoring one. */
  g_assert_cmpuint (sc_fake_woocommerce_get_request_count (fixture->woo), ==, before + 2);
  g_assert_cmpstr (json_object_get_string_member (sc_fake_woocommerce_get_last_body (fixture->woo),
                                                  "sale_price"), ==, "");
  assert_woo_prices (fixture->woo, 10, "24.00", "");
  g_assert_cmpuint (assert_journal (fixture->journal, SC_SALE_STATE_RESTORED), ==, 1);
}

/* No answer in time, but the shop did make the change: restored all the same. */
static void
test_woo_timeout (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(ScProduct) mug = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) ends_at = g_date_time_add_minutes (now, 10);
  g_autoptr(GError) error = NULL;

  setup_woo (fixture);
  mug = fetch (fixture, "10");
  g_clear_object (&fixture->provider);
  fixture->config->timeout_s = 0.3;
  make_provider (fixture);

  sc_fake_woocommerce_delay_next (fixture->woo, 1, 3000);
  g_assert_false (start_sale (fixture, mug, 1500, ends_at, &error));
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_NETWORK);
  g_assert_cmpuint (sc_fake_woocommerce_get_update_count (fixture->woo), ==, 2);
  assert_woo_prices (fixture->woo, 10, "24.00", "");
  g_assert_cmpuint (assert_journal (fixture->journal, SC_SALE_STATE_RESTORED), ==, 1);
}

/* A sale whose end has passed: the shop already ended it; restoring still
 * writes and checks the regular price. */
static void
test_woo_expired (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(ScProduct) mug = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) ends_at = g_date_time_add_seconds (now, 1.5);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  setup_woo (fixture);
  mug = fetch (fixture, "10");
  g_assert_true (start_sale (fixture, mug, 1500, ends_at, &error));
  g_assert_no_error (error);
  assert_woo_prices (fixture->woo, 10, "15.00", "15.00");
  sc_test_run_for (2.5);
  assert_woo_prices (fixture->woo, 10, "24.00", "");

  entries = recover (fixture);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpint (((ScSaleEntry *)g_ptr_array_index (entries, 0))->state, ==,
                   SC_SALE_STATE_RESTORED);
  assert_woo_prices (fixture->woo, 10, "24.00", "");
  g_assert_cmpuint (assert_journal (fixture->journal, SC_SALE_STATE_RESTORED), ==, 1);
}

static void
test_bad_price (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(ScProduct) mug = NULL;
  g_autoptr(GError) error = NULL;

  setup_woo (fixture);
  mug = fetch (fixture, "10");
  g_assert_false (start_sale (fixture, mug, 2400, NULL, &error));
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "Stoneware Mug"));
  g_clear_error (&error);
  g_assert_false (start_sale (fixture, mug, 0, NULL, &error));
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA);
  g_assert_cmpuint (sc_fake_woocommerce_get_update_count (fixture->woo), ==, 0);
  g_assert_cmpuint (assert_journal (fixture->journal, SC_SALE_STATE_PENDING), ==, 0);
}

/* A journal that cannot be written: no sale starts, and the file is kept. */
static void
test_damaged_journal (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(ScProduct) mug = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const char *garbage = "This is not an SQLite database, but it is where the journal goes.\n";

  setup_woo (fixture);
  g_assert_true (g_file_set_contents (sc_sale_journal_get_path (fixture->journal), garbage, -1,
                                      NULL));
  mug = fetch (fixture, "10");
  g_assert_false (start_sale (fixture, mug, 1500, NULL, &error));
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, sc_sale_journal_get_path (fixture->journal)));
  g_assert_cmpuint (sc_fake_woocommerce_get_update_count (fixture->woo), ==, 0);
  assert_woo_prices (fixture->woo, 10, "24.00", "");
  g_assert_true (g_file_get_contents (sc_sale_journal_get_path (fixture->journal), &contents,
                                      NULL, NULL));
  g_assert_cmpstr (contents, ==, garbage);
}

/* Shopify */

static void
test_shopify_apply_restore (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(ScProduct) mug = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) ends_at = g_date_time_add_minutes (now, 10);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *variables;
  JsonObject *input;

  setup_shopify (fixture);
  mug = fetch (fixture, "1");
  g_assert_true (start_sale (fixture, mug, 2000, ends_at, &error));
  g_assert_no_error (error);

  g_assert_nonnull (strstr (sc_fake_shopify_get_last_query (fixture->shopify),
                            "productVariantsBulkUpdate"));
  variables = sc_fake_shopify_get_last_variables (fixture->shopify);
  g_assert_cmpstr (json_object_get_string_member (variables, "productId"), ==,
                   "gid://shopify/Product/1");
  input = json_array_get_object_element (json_object_get_array_member (variables, "variants"), 0);
  g_assert_cmpstr (json_object_get_string_member (input, "id"), ==,
                   "gid://shopify/ProductVariant/12");
  g_assert_cmpstr (json_object_get_string_member (input, "price"), ==, "20.00");
  g_assert_cmpstr (json_object_get_string_member (input, "compareAtPrice"), ==, "35.00");

  /* The regular price struck through beside the sale price. */
  assert_shopify_prices (fixture->shopify, "11", "20.00", "24.00");
  assert_shopify_prices (fixture->shopify, "12", "20.00", "35.00");
  g_assert_cmpuint (assert_journal (fixture->journal, SC_SALE_STATE_APPLIED), ==, 2);

  entries = end_sale (fixture, "gid://shopify/Product/1");
  g_assert_cmpuint (entries->len, ==, 2);
  assert_shopify_prices (fixture->shopify, "11", "24.00", NULL);
  assert_shopify_prices (fixture->shopify, "12", "30.00", "35.00");
  g_assert_cmpuint (assert_journal (fixture->journal, SC_SALE_STATE_RESTORED), ==, 2);
  g_assert_cmpuint (sc_fake_shopify_get_update_count (fixture->shopify), ==, 4);
}

static void
test_shopify_user_errors (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(ScProduct) mug = NULL;
  g_autoptr(GError) error = NULL;

  setup_shopify (fixture);
  mug = fetch (fixture, "1");
  sc_fake_shopify_refuse_next_update (fixture->shopify, "variants.0.price",
                                      "Price must be less than 1000000000000000000",
                                      "INVALID");
  g_assert_false (start_sale (fixture, mug, 2000, NULL, &error));
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "Price must be less than"));
  /* Refused, and every variant written back to be sure. */
  assert_shopify_prices (fixture->shopify, "11", "24.00", NULL);
  assert_shopify_prices (fixture->shopify, "12", "30.00", "35.00");
  g_assert_cmpuint (assert_journal (fixture->journal, SC_SALE_STATE_RESTORED), ==, 2);
}

/* The mutation's 10 points come from the same bucket as the queries: with
 * the bucket empty it is throttled, waited for and sent again. */
static void
test_shopify_throttled (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(ScProduct) mug = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  const GArray *costs;

  setup_shopify (fixture);
  sc_fake_shopify_set_throttling (fixture->shopify, TRUE);
  mug = fetch (fixture, "1");
  /* Another app emptied the bucket; it refills at 50 points a second. */
  sc_fake_shopify_set_bucket (fixture->shopify, 1000, 50, 0);
  g_assert_true (start_sale (fixture, mug, 2000, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sc_fake_shopify_get_throttled_count (fixture->shopify), >=, 1);
  costs = sc_fake_shopify_get_requested_costs (fixture->shopify);
  g_assert_cmpuint (g_array_index (costs, guint, costs->len - 1), ==, 10);
  assert_shopify_prices (fixture->shopify, "11", "20.00", "24.00");
  assert_shopify_prices (fixture->shopify, "12", "20.00", "35.00");

  entries = end_sale (fixture, sc_product_get_id (mug));
  g_assert_cmpuint (entries->len, ==, 2);
  assert_shopify_prices (fixture->shopify, "11", "24.00", NULL);
  g_assert_cmpuint (assert_journal (fixture->journal, SC_SALE_STATE_RESTORED), ==, 2);
}

/* The network goes down after the sale started and comes back while the
 * restore is being retried. */
static void
test_shopify_network_down (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(ScProduct) mug = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  guint before;

  setup_shopify (fixture);
  mug = fetch (fixture, "1");
  g_assert_true (start_sale (fixture, mug, 2000, NULL, &error));
  g_assert_no_error (error);

  before = sc_fake_server_get_n_requests (sc_fake_shopify_get_server (fixture->shopify));
  sc_fake_server_drop_next (sc_fake_shopify_get_server (fixture->shopify), 3);
  entries = end_sale (fixture, sc_product_get_id (mug));
  g_assert_cmpuint (entries->len, ==, 2);
  for (guint i = 0; i < entries->len; i++)
    g_assert_cmpint (((ScSaleEntry *)g_ptr_array_index (entries, i))->state, ==,
                     SC_SALE_STATE_RESTORED);
  /* Three dropped, then one for each variant. */
  g_assert_cmpuint (sc_fake_server_get_n_requests (sc_fake_shopify_get_server (fixture->shopify)),
                    ==, before + 5);
  assert_shopify_prices (fixture->shopify, "11", "24.00", NULL);
  assert_shopify_prices (fixture->shopify, "12", "30.00", "35.00");
  g_assert_cmpuint (assert_journal (fixture->journal, SC_SALE_STATE_RESTORED), ==, 2);
}

static gboolean
cancel_later (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* Down for good (the shop's server is gone): cancelling the restore, as a
 * closing studio does, keeps the entries for the next start. */
static void
test_shopify_cancelled_keeps (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(ScProduct) mug = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  setup_shopify (fixture);
  mug = fetch (fixture, "1");
  g_assert_true (start_sale (fixture, mug, 2000, NULL, &error));
  g_assert_no_error (error);

  g_clear_object (&fixture->shopify);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_timeout_add (500, cancel_later, cancellable);
  sc_sale_journal_recover_async (fixture->journal, fixture->provider, cancellable, on_result,
                                 &result);
  g_assert_null (sc_sale_journal_recover_finish (fixture->journal, wait_for (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (assert_journal (fixture->journal, SC_SALE_STATE_APPLIED), ==, 2);
}

/* A local catalog has no shop to change. */
static void
test_local_not_supported (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(ScProduct) product = sc_product_new ("p1", "Candle");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *catalog = g_build_filename (fixture->dir, "catalog.csv", NULL);

  g_assert_true (g_file_set_contents (catalog, "id,title,price\np1,Candle,12.00\n", -1, NULL));
  fixture->config = sc_shop_config_new (SC_SHOP_KIND_LOCAL);
  fixture->config->file = g_strdup (catalog);
  make_provider (fixture);
  sc_product_set_price (product, 1200);
  g_assert_false (sc_shop_provider_can_set_price (fixture->provider));
  g_assert_false (start_sale (fixture, product, 900, NULL, &error));
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_NOT_SUPPORTED);
  entries = recover (fixture);
  g_assert_cmpuint (entries->len, ==, 0);
}

/* A crash in the middle of a sale: a child process puts the product on
 * sale and exits without restoring; the next start restores the shop. */

typedef struct {
  GMainContext *context;
  GMainLoop    *loop;
  ScFakeWooCommerce *fake;
  GMutex        lock;
  GCond         ready;
} FakeThread;

static gpointer
fake_thread (gpointer data)
{
  FakeThread *thread = data;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (thread->context);
  g_mutex_lock (&thread->lock);
  thread->fake = sc_fake_woocommerce_new (KEY, SECRET, &error);
  g_assert_no_error (error);
  sc_fake_woocommerce_add_simple (thread->fake, 10, "Stoneware Mug", "24.00");
  g_cond_signal (&thread->ready);
  g_mutex_unlock (&thread->lock);
  g_main_loop_run (thread->loop);
  g_main_context_pop_thread_default (thread->context);
  return NULL;
}

static void
test_crash_child (void)
{
  Fixture fixture = { 0, };
  g_autoptr(ScProduct) mug = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) ends_at = g_date_time_add_minutes (now, 10);
  g_autoptr(GError) error = NULL;

  fixture.dir = g_strdup (g_getenv ("SC_TEST_SALE_DIR"));
  fixture.config = sc_shop_config_new (SC_SHOP_KIND_WOOCOMMERCE);
  fixture.config->url = g_strdup (g_getenv ("SC_TEST_SALE_URL"));
  fixture.config->consumer_key = g_strdup (KEY);
  fixture.config->consumer_secret = g_strdup (SECRET);
  make_provider (&fixture);
  mug = fetch (&fixture, "10");
  g_assert_true (start_sale (&fixture, mug, 1500, ends_at, &error));
  g_assert_no_error (error);
  /* The show dies here: no end_sale, no cleanup. */
  _exit (0);
}

static void
test_crash_recovery (Fixture       *fixture,
                     gconstpointer  data)
{
  FakeThread thread = { 0, };
  GThread *handle;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  ScSaleEntry *entry;

  if (g_test_subprocess ())
    {
      test_crash_child ();
      return;
    }

  /* The fake serves from its own thread while this one waits for the child. */
  thread.context = g_main_context_new ();
  thread.loop = g_main_loop_new (thread.context, FALSE);
  g_mutex_init (&thread.lock);
  g_cond_init (&thread.ready);
  g_mutex_lock (&thread.lock);
  handle = g_thread_new ("fake-woocommerce", fake_thread, &thread);
  while (thread.fake == NULL)
    g_cond_wait (&thread.ready, &thread.lock);
  g_mutex_unlock (&thread.lock);

  g_setenv ("SC_TEST_SALE_URL", sc_fake_woocommerce_get_url (thread.fake), TRUE);
  g_setenv ("SC_TEST_SALE_DIR", fixture->dir, TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_main_loop_quit (thread.loop);
  g_thread_join (handle);

  /* The shop was left on sale, and the journal knows. */
  g_main_context_push_thread_default (thread.context);
  fixture->woo = thread.fake;
  assert_woo_prices (fixture->woo, 10, "15.00", "15.00");
  fixture->config = sc_shop_config_new (SC_SHOP_KIND_WOOCOMMERCE);
  fixture->config->url = g_strdup (sc_fake_woocommerce_get_url (fixture->woo));
  fixture->config->consumer_key = g_strdup (KEY);
  fixture->config->consumer_secret = g_strdup (SECRET);
  fixture->config->max_retries = 0;
  make_provider (fixture);
  g_assert_cmpuint (assert_journal (fixture->journal, SC_SALE_STATE_APPLIED), ==, 1);

  /* The next start. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    sc_sale_journal_recover_async (fixture->journal, fixture->provider, NULL, on_result,
                                   &result);
    while (result == NULL)
      g_main_context_iteration (thread.context, TRUE);
    entries = sc_sale_journal_recover_finish (fixture->journal, result, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpint (entry->state, ==, SC_SALE_STATE_RESTORED);
  g_assert_cmpstr (entry->title, ==, "Stoneware Mug");
  g_assert_cmpint (entry->original_price, ==, 2400);
  assert_woo_prices (fixture->woo, 10, "24.00", "");
  g_assert_cmpuint (assert_journal (fixture->journal, SC_SALE_STATE_RESTORED), ==, 1);

  /* Nothing left for the start after. */
  g_clear_pointer (&entries, g_ptr_array_unref);
  {
    g_autoptr(GAsyncResult) result = NULL;

    sc_sale_journal_recover_async (fixture->journal, fixture->provider, NULL, on_result,
                                   &result);
    while (result == NULL)
      g_main_context_iteration (thread.context, TRUE);
    entries = sc_sale_journal_recover_finish (fixture->journal, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (entries->len, ==, 0);
  }

  g_clear_object (&fixture->journal);
  g_clear_object (&fixture->provider);
  while (g_main_context_iteration (thread.context, FALSE))
    ;
  g_clear_object (&fixture->woo);
  while (g_main_context_iteration (thread.context, FALSE))
    ;
  g_main_context_pop_thread_default (thread.context);
  g_main_loop_unref (thread.loop);
  g_main_context_unref (thread.context);
  g_mutex_clear (&thread.lock);
  g_cond_clear (&thread.ready);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/shop/sale/woocommerce/apply-restore", test_woo_apply_restore);
  ADD ("/shop/sale/woocommerce/variations", test_woo_variations);
  ADD ("/shop/sale/woocommerce/http-500", test_woo_http_500);
  ADD ("/shop/sale/woocommerce/timeout", test_woo_timeout);
  ADD ("/shop/sale/woocommerce/expired", test_woo_expired);
  ADD ("/shop/sale/woocommerce/bad-price", test_bad_price);
  ADD ("/shop/sale/damaged-journal", test_damaged_journal);
  ADD ("/shop/sale/shopify/apply-restore", test_shopify_apply_restore);
  ADD ("/shop/sale/shopify/user-errors", test_shopify_user_errors);
  ADD ("/shop/sale/shopify/throttled", test_shopify_throttled);
  ADD ("/shop/sale/shopify/network-down", test_shopify_network_down);
  ADD ("/shop/sale/shopify/cancelled-keeps", test_shopify_cancelled_keeps);
  ADD ("/shop/sale/local/not-supported", test_local_not_supported);
  ADD ("/shop/sale/crash-recovery", test_crash_recovery);
#undef ADD

  return g_test_run ();
}
