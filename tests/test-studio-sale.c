/* test-studio-sale.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* The studio's flash sales in the shop, against the fake WooCommerce: the
 * start restores what an earlier run left on sale (the `sale-restored`
 * event and the studio's toast message), a sale begun on air is set in the
 * shop, and stopping the show ends it. Waits are on events, never
 * durations. */

#include "config.h"

#include <gst/gst.h>
#include <string.h>

#include "sc-fake-woocommerce.h"
#include "sc-test.h"
#include "shop/sc-catalog-cache.h"
#include "shop/sc-sale-journal.h"
#include "shop/sc-shop-config.h"
#include "studio/sc-studio.h"

#define KEY "ck_0123456789abcdef0123456789abcdef01234567"
#define SECRET "cs_fedcba9876543210fedcba9876543210fedcba98"
#define TIMEOUT_S 60.0

typedef struct {
  GPtrArray *names;     /* char * */
  GPtrArray *fields;    /* JsonObject * */
  char      *toast;
  gboolean   started;
} Seen;

static void
event_cb (ScEventLog *log,
          const char *name,
          JsonObject *fields,
          Seen       *seen)
{
  g_ptr_array_add (seen->names, g_strdup (name));
  g_ptr_array_add (seen->fields, json_object_ref (fields));
}

static void
toast_cb (ScStudio   *studio,
          const char *message,
          Seen       *seen)
{
  g_free (seen->toast);
  seen->toast = g_strdup (message);
}

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Seen *seen = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_studio_start_finish (SC_STUDIO (object), result, &error));
  seen->started = TRUE;
}

/* The @nth (from 0) event named @name. */
static JsonObject *
find_event (Seen       *seen,
            const char *name,
            guint       nth)
{
  for (guint i = 0; i < seen->names->len; i++)
    if (g_str_equal (g_ptr_array_index (seen->names, i), name) && nth-- == 0)
      return g_ptr_array_index (seen->fields, i);
  return NULL;
}

static JsonObject *
wait_event (Seen       *seen,
            const char *name,
            guint       nth)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)(TIMEOUT_S * G_USEC_PER_SEC);

  while (find_event (seen, name, nth) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return find_event (seen, name, nth);
}

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

/* An earlier run put the mug on sale and died: the journal, the shop and
 * the catalog cache it left say so. */
static void
leave_on_sale (ScFakeWooCommerce *fake)
{
  g_autoptr(ScShopConfig) config = sc_shop_config_new (SC_SHOP_KIND_WOOCOMMERCE);
  g_autoptr(ScShopProvider) provider = NULL;
  g_autoptr(ScSaleJournal) journal = sc_sale_journal_new (NULL);
  g_autoptr(GAsyncResult) fetched = NULL;
  g_autoptr(GAsyncResult) applied = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;
  const char *ids[] = { "10", NULL };

  config->url = g_strdup (sc_fake_woocommerce_get_url (fake));
  config->consumer_key = g_strdup (KEY);
  config->consumer_secret = g_strdup (SECRET);
  provider = sc_shop_provider_new_for_config (config, &error);
  g_assert_no_error (error);
  sc_shop_provider_fetch_products_async (provider, ids, NULL, on_result, &fetched);
  while (fetched == NULL)
    g_main_context_iteration (NULL, TRUE);
  products = sc_shop_provider_fetch_products_finish (provider, fetched, &error);
  g_assert_no_error (error);
  sc_sale_journal_start_sale_async (journal, provider, g_ptr_array_index (products, 0), 1500,
                                    NULL, NULL, on_result, &applied);
  while (applied == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sc_sale_journal_start_sale_finish (journal, applied, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sc_fake_woocommerce_get_string (fake, 10, "sale_price"), ==, "15.00");

  /* Its catalog, cached with the sale price. */
  {
    g_autoptr(ScCatalogCache) cache = sc_catalog_cache_new (config->cache_dir);
    g_autofree char *key = sc_catalog_cache_make_key (config);
    g_autoptr(GAsyncResult) refetched = NULL;
    g_autoptr(GAsyncResult) saved = NULL;
    g_autoptr(GPtrArray) on_sale = NULL;
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    sc_shop_provider_fetch_products_async (provider, ids, NULL, on_result, &refetched);
    while (refetched == NULL)
      g_main_context_iteration (NULL, TRUE);
    on_sale = sc_shop_provider_fetch_products_finish (provider, refetched, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (on_sale->len, ==, 1);
    g_assert_cmpint (sc_product_get_price (g_ptr_array_index (on_sale, 0)), ==, 1500);
    sc_catalog_cache_save_async (cache, key, on_sale, now, NULL, on_result, &saved);
    while (saved == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (sc_catalog_cache_save_finish (cache, saved, &error));
    g_assert_no_error (error);
  }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A show on the fake WooCommerce, with @products (a "products" member, or
 * ""): test pattern and tone, nothing to wait for. */
static ScShow *
make_show (ScFakeWooCommerce *fake,
           const char        *products)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  ScShow *show;

  g_setenv ("SC_TEST_WOO_KEY", KEY, TRUE);
  g_setenv ("SC_TEST_WOO_SECRET", SECRET, TRUE);
  json = g_strdup_printf (
    "{\"title\": \"Sale\","
    " \"sources\": [{\"id\": \"host\", \"kind\": \"test-pattern\", \"pattern\": \"smpte\"},"
    "               {\"id\": \"mic\", \"kind\": \"test-tone\"}],"
    " \"shop\": {\"provider\": \"woocommerce\", \"url\": \"%s\","
    "            \"key_env\": \"SC_TEST_WOO_KEY\", \"secret_env\": \"SC_TEST_WOO_SECRET\"}%s}",
    sc_fake_woocommerce_get_url (fake), products);
  show = sc_show_new_from_data (json, strlen (json), "sale.shopcast", NULL, &error);
  g_assert_no_error (error);
  return show;
}

/* After sc_studio_stop(): waits until @studio has stopped. */
static void
wait_stopped (ScStudio *studio)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)(TIMEOUT_S * G_USEC_PER_SEC);

  while (sc_studio_get_state (studio) != SC_STUDIO_STATE_STOPPED &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (sc_studio_get_state (studio), ==, SC_STUDIO_STATE_STOPPED);
}

static void
test_studio_sale (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScFakeWooCommerce) fake = NULL;
  g_autoptr(ScShow) show = NULL;
  g_autoptr(ScEventLog) log = NULL;
  g_autoptr(ScStudio) studio = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) ends_at = g_date_time_add_minutes (now, 5);
  g_autofree char *dir = sc_test_make_tmp_dir ("studio-sale");
  g_autofree char *events = g_build_filename (dir, "events.jsonl", NULL);
  Seen seen = { g_ptr_array_new_with_free_func (g_free),
                g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref), NULL,
                FALSE };
  JsonObject *fields;
  ScProduct *mug = NULL;
  gint64 deadline;

  fake = sc_fake_woocommerce_new (KEY, SECRET, &error);
  g_assert_no_error (error);
  sc_fake_woocommerce_add_simple (fake, 10, "Stoneware Mug", "24.00");
  leave_on_sale (fake);

  show = make_show (fake, "");

  log = sc_event_log_new_for_path (events, &error);
  g_assert_no_error (error);
  g_signal_connect (log, "event", G_CALLBACK (event_cb), &seen);
  studio = sc_studio_new (show);
  sc_studio_set_event_log (studio, log);
  g_signal_connect (studio, "shop-sale-restored", G_CALLBACK (toast_cb), &seen);
  /* The restore reaches the shop after the catalog, cached and fetched,
   * came with the sale price. */
  sc_fake_woocommerce_hold_updates (fake, TRUE);
  sc_studio_start_async (studio, NULL, started_cb, &seen);
  g_assert_nonnull (wait_event (&seen, "catalog-synced", 0));
  deadline = g_get_monotonic_time () + (gint64)(TIMEOUT_S * G_USEC_PER_SEC);
  while (sc_fake_woocommerce_get_held_update_count (fake) == 0 &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  mug = sc_catalog_lookup (sc_show_get_catalog (show), "10");
  g_assert_nonnull (mug);
  g_assert_cmpint (sc_product_get_price (mug), ==, 1500);
  g_assert_null (find_event (&seen, "sale-restored", 0));
  sc_fake_woocommerce_hold_updates (fake, FALSE);

  /* The start restored the mug and said so. */
  fields = wait_event (&seen, "sale-restored", 0);
  g_assert_nonnull (fields);
  g_assert_cmpint (json_object_get_int_member (fields, "products"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (fields, "not_restored"), ==, 0);
  g_assert_cmpstr (seen.toast, ==,
                   "Restored the regular price of 1 product a previous show left on sale");
  g_assert_cmpstr (json_object_get_string_member (fields, "message"), ==, seen.toast);
  g_assert_cmpstr (sc_fake_woocommerce_get_string (fake, 10, "sale_price"), ==, "");
  g_assert_cmpstr (sc_fake_woocommerce_get_string (fake, 10, "price"), ==, "24.00");

  /* So does the catalog: a new sale must not take the old sale price for
   * the regular one. */
  g_assert_cmpint (sc_product_get_price (mug), ==, 2400);
  g_assert_cmpint (sc_product_get_compare_at_price (mug), ==, 0);
  deadline = g_get_monotonic_time () + (gint64)(TIMEOUT_S * G_USEC_PER_SEC);
  while (!seen.started && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (seen.started);
  g_assert_true (sc_catalog_lookup (sc_show_get_catalog (show), "10") == mug);

  /* A sale on air. */

  /* Ended while it is still being applied: the end waits for the start,
   * then restores. */
  sc_studio_begin_shop_sale (studio, mug, 1500, ends_at);
  sc_studio_end_shop_sale (studio, "10", "stopped");
  g_assert_nonnull (wait_event (&seen, "shop-sale-applied", 0));
  fields = wait_event (&seen, "shop-sale-ended", 0);
  g_assert_nonnull (fields);
  g_assert_true (json_object_get_boolean_member (fields, "restored"));
  g_assert_cmpstr (sc_fake_woocommerce_get_string (fake, 10, "sale_price"), ==, "");
  g_assert_cmpuint (sc_fake_woocommerce_get_update_count (fake), ==, 4);

  sc_studio_begin_shop_sale (studio, mug, 1500, ends_at);
  fields = wait_event (&seen, "shop-sale-applied", 1);
  g_assert_nonnull (fields);
  g_assert_cmpint (json_object_get_int_member (fields, "sale_price"), ==, 1500);
  g_assert_cmpstr (sc_fake_woocommerce_get_string (fake, 10, "sale_price"), ==, "15.00");

  /* Stopping the show ends it in the shop. */
  sc_studio_stop (studio);
  fields = wait_event (&seen, "shop-sale-ended", 1);
  g_assert_nonnull (fields);
  g_assert_cmpstr (json_object_get_string_member (fields, "reason"), ==, "stopped");
  g_assert_true (json_object_get_boolean_member (fields, "restored"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (fields, "variants")),
                    ==, 1);
  g_assert_cmpstr (sc_fake_woocommerce_get_string (fake, 10, "sale_price"), ==, "");
  g_assert_cmpstr (sc_fake_woocommerce_get_string (fake, 10, "price"), ==, "24.00");

  wait_stopped (studio);
  g_clear_object (&studio);
  sc_event_log_close (log);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_ptr_array_unref (seen.names);
  g_ptr_array_unref (seen.fields);
  g_free (seen.toast);
  sc_test_remove_dir (dir);
}

/* A rundown segment's sale with "apply_to_shop": it is set in the shop when
 * the sale starts on air (auto-advance starts the segment at once) and the
 * regular price is back when its minutes are up by the show clock. */
static void
test_rundown_sale (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScFakeWooCommerce) fake = NULL;
  g_autoptr(ScShow) show = NULL;
  g_autoptr(ScEventLog) log = NULL;
  g_autoptr(ScStudio) studio = NULL;
  g_autofree char *dir = sc_test_make_tmp_dir ("studio-sale");
  g_autofree char *events = g_build_filename (dir, "events.jsonl", NULL);
  Seen seen = { g_ptr_array_new_with_free_func (g_free),
                g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref), NULL,
                FALSE };
  JsonObject *fields;

  fake = sc_fake_woocommerce_new (KEY, SECRET, &error);
  g_assert_no_error (error);
  sc_fake_woocommerce_add_simple (fake, 10, "Stoneware Mug", "24.00");
  sc_fake_woocommerce_add_simple (fake, 11, "Chunky Scarf", "39.90");

  show = make_show (fake,
                    ", \"products\": {\"rundown\": ["
                    "   {\"product\": \"10\", \"minutes\": 0.05,"
                    "    \"sale\": {\"price\": \"15.00\", \"minutes\": 0.05, \"apply_to_shop\": true}},"
                    "   {\"product\": \"11\"}]}");

  log = sc_event_log_new_for_path (events, &error);
  g_assert_no_error (error);
  g_signal_connect (log, "event", G_CALLBACK (event_cb), &seen);
  studio = sc_studio_new (show);
  sc_studio_set_event_log (studio, log);
  sc_studio_set_auto_advance (studio, TRUE);
  sc_studio_start_async (studio, NULL, started_cb, &seen);

  fields = wait_event (&seen, "sale-started", 0);
  g_assert_nonnull (fields);
  g_assert_true (json_object_get_boolean_member (fields, "apply_to_shop"));
  fields = wait_event (&seen, "shop-sale-applied", 0);
  g_assert_nonnull (fields);
  g_assert_cmpint (json_object_get_int_member (fields, "sale_price"), ==, 1500);
  g_assert_cmpstr (sc_fake_woocommerce_get_string (fake, 10, "sale_price"), ==, "15.00");
  g_assert_cmpstr (sc_fake_woocommerce_get_string (fake, 11, "sale_price"), ==, "");

  /* Its minutes up: the sale ends on air and in the shop. */
  fields = wait_event (&seen, "sale-ended", 0);
  g_assert_nonnull (fields);
  g_assert_cmpstr (json_object_get_string_member (fields, "reason"), ==, "time-up");
  fields = wait_event (&seen, "shop-sale-ended", 0);
  g_assert_nonnull (fields);
  g_assert_cmpstr (json_object_get_string_member (fields, "reason"), ==, "expired");
  g_assert_true (json_object_get_boolean_member (fields, "restored"));
  g_assert_cmpstr (sc_fake_woocommerce_get_string (fake, 10, "sale_price"), ==, "");
  g_assert_cmpstr (sc_fake_woocommerce_get_string (fake, 10, "price"), ==, "24.00");

  sc_studio_stop (studio);
  wait_stopped (studio);
  /* Nothing was left for the stop to restore. */
  g_assert_null (find_event (&seen, "shop-sale-ended", 1));
  g_clear_object (&studio);
  sc_event_log_close (log);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_ptr_array_unref (seen.names);
  g_ptr_array_unref (seen.fields);
  g_free (seen.toast);
  sc_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dir = NULL;
  int status;

  /* The journal lives in $XDG_DATA_HOME/shopcast: one of this test's own,
   * set before GLib reads it. */
  data_dir = sc_test_make_tmp_dir ("studio-sale-data");
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/studio/shop-sale", test_studio_sale);
  g_test_add_func ("/studio/rundown-shop-sale", test_rundown_sale);
  status = g_test_run ();
  sc_test_remove_dir (data_dir);
  return status;
}
