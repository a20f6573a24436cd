/* test-webhook.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "shop/sc-inventory-sync.h"
#include "shop/sc-shop-error.h"
#include "shop/sc-webhook-receiver.h"
#include "sc-memory-provider.h"

#define SECRET "hush-0123456789"
#define IPOD   "gid://shopify/Product/632910392"

typedef struct {
  ScShopConfig      config;
  ScMemoryProvider *provider;
  ScCatalog        *catalog;
  ScInventorySync  *sync;
  SoupSession      *session;
  guint             stock_changes;
} Fixture;

static const char * const ipod_variants[] = { "808950810", "49148385", "39072856", "457924702" };
/* Their inventory items. The recorded webhook names item 808950810, which in
 * Shopify's example is the Pink variant's; on a real shop an item's id is
 * never its variant's, as for the three others here. */
static const char * const ipod_items[] = { "808950810", "61432857", "61432858", "61432859" };

static void
add_ipod (ScMemoryProvider *provider)
{
  g_autoptr(ScProduct) product = sc_product_new (IPOD, "iPod Nano");
  g_autoptr(GPtrArray) variants = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (ipod_variants); i++)
    {
      g_autofree char *id = g_strconcat ("gid://shopify/ProductVariant/", ipod_variants[i], NULL);
      g_autofree char *item = g_strconcat ("gid://shopify/InventoryItem/", ipod_items[i], NULL);
      ScVariant *variant = sc_variant_new (id, "Old title");

      sc_variant_set_inventory_item_id (variant, item);
      sc_variant_set_price (variant, 19900);
      sc_variant_set_stock (variant, 1);
      g_ptr_array_add (variants, variant);
    }
  sc_product_set_variants (product, variants);
  sc_product_summarize_variants (product);
  sc_memory_provider_put (provider, product);
}

static void
add_simple (ScMemoryProvider *provider,
            const char       *id,
            gint64            stock)
{
  g_autoptr(ScProduct) product = sc_product_new (id, "Mug");

  sc_product_set_currency (product, "EUR");
  sc_product_set_price (product, 2490);
  sc_product_set_stock (product, stock);
  sc_memory_provider_put (provider, product);
}

static void
on_stock_changed (ScInventorySync *sync,
                  ScProduct       *product,
                  gint64           old_stock,
                  gint64           new_stock,
                  Fixture         *fixture)
{
  fixture->stock_changes++;
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

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  gboolean timed_out = FALSE;
  guint id;

  fixture->config.kind = SC_SHOP_KIND_SHOPIFY;
  fixture->config.url = (char *)"http://127.0.0.1:9";
  fixture->config.refresh_s = 600;
  fixture->config.full_refresh_s = 600;
  fixture->config.webhook_port = -1;
  fixture->config.webhook_secret = (char *)SECRET;
  fixture->config.cache = FALSE;
  fixture->provider = sc_memory_provider_new (10);
  add_ipod (fixture->provider);
  add_simple (fixture->provider, "42", 5);
  add_simple (fixture->provider, "43", 5);
  fixture->catalog = sc_catalog_new ();
  fixture->sync = sc_inventory_sync_new (SC_SHOP_PROVIDER (fixture->provider), fixture->catalog,
                                         &fixture->config);
  g_signal_connect (fixture->sync, "stock-changed", G_CALLBACK (on_stock_changed), fixture);
  fixture->session = soup_session_new ();

  sc_inventory_sync_start (fixture->sync);
  id = g_timeout_add_seconds (20, set_flag, &timed_out);
  while (sc_inventory_sync_get_state (fixture->sync) != SC_INVENTORY_SYNC_STATE_LIVE &&
         !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
  g_assert_cmpuint (sc_inventory_sync_get_webhook_port (fixture->sync), >, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->sync);
  spin (0.02);
  g_clear_object (&fixture->catalog);
  g_clear_object (&fixture->provider);
}

static char *
sign (const char *secret,
      const char *body,
      gsize       length)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *)secret, strlen (secret));
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_hmac_update (hmac, (const guchar *)body, length);
  g_hmac_get_digest (hmac, digest, &digest_len);
  return g_base64_encode (digest, digest_len);
}

typedef struct {
  gboolean  done;
  GBytes   *answer;
} Post;

static void
on_posted (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Post *post = user_data;

  post->answer = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  post->done = TRUE;
}

/* Sends @msg from this thread's main loop, where the receiver runs too. */
static guint
send (SoupSession *session,
      SoupMessage *msg)
{
  Post post = { 0 };

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_posted, &post);
  while (!post.done)
    g_main_context_iteration (NULL, TRUE);
  g_clear_pointer (&post.answer, g_bytes_unref);
  return soup_message_get_status (msg);
}

static SoupMessage *
new_post (guint       port,
          const char *signature_header,
          const char *signature,
          const char *topic_header,
          const char *topic,
          const char *body,
          gsize       length)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/webhooks", port);
  g_autoptr(GBytes) bytes = g_bytes_new (body, length);
  SoupMessage *msg = soup_message_new (SOUP_METHOD_POST, url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  if (signature_header != NULL)
    soup_message_headers_replace (headers, signature_header, signature);
  if (topic_header != NULL)
    soup_message_headers_replace (headers, topic_header, topic);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  return msg;
}

static guint
post_shopify (Fixture    *fixture,
              const char *topic,
              const char *body)
{
  g_autofree char *signature = sign (SECRET, body, strlen (body));
  g_autoptr(SoupMessage) msg = new_post (sc_inventory_sync_get_webhook_port (fixture->sync),
                                         "X-Shopify-Hmac-Sha256", signature,
                                         "X-Shopify-Topic", topic, body, strlen (body));

  return send (fixture->session, msg);
}

static guint
post_woocommerce (Fixture    *fixture,
                  const char *topic,
                  const char *body)
{
  g_autofree char *signature = sign (SECRET, body, strlen (body));
  g_autoptr(SoupMessage) msg = new_post (sc_inventory_sync_get_webhook_port (fixture->sync),
                                         "X-WC-Webhook-Signature", signature,
                                         "X-WC-Webhook-Topic", topic, body, strlen (body));

  return send (fixture->session, msg);
}

/* The fixture's object under @member, as the webhook sends it (unwrapped). */
static char *
load_fixture (const char *name,
              const char *member)
{
  const char *dir = g_getenv ("SHOPCAST_FIXTURES_DIR");
  g_autofree char *path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (dir);
  path = g_build_filename (dir, "shopify", name, NULL);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  node = json_node_init_object (json_node_alloc (),
                                json_object_get_object_member (
                                  json_node_get_object (json_parser_get_root (parser)), member));
  return json_to_string (node, FALSE);
}

static gint64
variant_stock (Fixture    *fixture,
               const char *number)
{
  ScProduct *product = sc_catalog_lookup (fixture->catalog, "632910392");
  GListModel *variants = sc_product_get_variants (product);

  for (guint i = 0; i < g_list_model_get_n_items (variants); i++)
    {
      g_autoptr(ScVariant) variant = g_list_model_get_item (variants, i);

      if (g_str_has_suffix (sc_variant_get_id (variant), number))
        return sc_variant_get_stock (variant);
    }
  g_assert_not_reached ();
}

static void
wait_stock_changes (Fixture *fixture,
                    guint    count)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, set_flag, &timed_out);

  while (fixture->stock_changes < count && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static void
wait_log (Fixture    *fixture,
          const char *entry)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, set_flag, &timed_out);

  while (sc_memory_provider_count (fixture->provider, entry) == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static void
test_shopify_inventory (Fixture       *fixture,
                        gconstpointer  data)
{
  static const char * const on_air[] = { "632910392", NULL };
  g_autofree char *body = load_fixture ("inventory_level.json", "inventory_level");
  ScProduct *ipod = sc_catalog_lookup (fixture->catalog, IPOD);
  const char *unknown = "{\"inventory_item_id\":271878346596884015,\"location_id\":1,"
                        "\"available\":0}";
  guint requests = sc_memory_provider_get_log (fixture->provider)->len;

  g_assert_cmpint (sc_product_get_stock (ipod), ==, 4);
  g_assert_cmpuint (post_shopify (fixture, "inventory_levels/update", body), ==, 200);
  wait_stock_changes (fixture, 1);

  /* Item 808950810 is the Pink variant: 6 available; applied directly. */
  g_assert_cmpint (variant_stock (fixture, "808950810"), ==, 6);
  g_assert_cmpint (sc_product_get_stock (ipod), ==, 9);
  g_assert_true (sc_catalog_lookup (fixture->catalog, IPOD) == ipod);
  g_assert_cmpuint (sc_memory_provider_get_log (fixture->provider)->len, ==, requests);

  /* The Red variant's item, whose id is not the variant's: matched through
   * the item (comparing with variant ids never matched). */
  g_assert_cmpuint (post_shopify (fixture, "inventory_levels/update",
                                  "{\"inventory_item_id\":61432857,\"location_id\":905684977,"
                                  "\"available\":3,\"updated_at\":\"2026-12-02T10:00:00-05:00\","
                                  "\"admin_graphql_api_id\":"
                                  "\"gid://shopify/InventoryLevel/905684977?inventory_item_id="
                                  "61432857\"}"), ==, 200);
  wait_stock_changes (fixture, 2);
  g_assert_cmpint (variant_stock (fixture, "49148385"), ==, 3);
  g_assert_cmpint (sc_product_get_stock (ipod), ==, 11);
  g_assert_cmpuint (sc_memory_provider_get_log (fixture->provider)->len, ==, requests);

  /* An item we cannot place: the on-air products are refreshed at once. */
  sc_inventory_sync_set_on_air (fixture->sync, on_air);
  g_assert_cmpuint (post_shopify (fixture, "inventory_levels/update", unknown), ==, 200);
  wait_log (fixture, "products " IPOD);
}

/* A variant's id is not an inventory item's: a webhook naming the number of
 * the Black variant (whose item is 61432859) must not touch it. */
static void
test_shopify_inventory_not_variant (Fixture       *fixture,
                                    gconstpointer  data)
{
  static const char * const on_air[] = { "632910392", NULL };

  sc_inventory_sync_set_on_air (fixture->sync, on_air);
  g_assert_cmpuint (post_shopify (fixture, "inventory_levels/update",
                                  "{\"inventory_item_id\":457924702,\"location_id\":1,"
                                  "\"available\":0}"), ==, 200);
  wait_log (fixture, "products " IPOD);
  spin (0.1);
  g_assert_cmpint (variant_stock (fixture, "457924702"), ==, 1);
}

static void
test_shopify_product (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *body = load_fixture ("product.json", "product");
  ScProduct *ipod = sc_catalog_lookup (fixture->catalog, IPOD);
  g_autoptr(ScVariant) pink = NULL;

  g_assert_cmpuint (post_shopify (fixture, "products/update", body), ==, 200);
  wait_stock_changes (fixture, 1);

  /* The REST body of the recorded fixture: 10 + 20 + 30 + 40. */
  g_assert_true (sc_catalog_lookup (fixture->catalog, IPOD) == ipod);
  g_assert_cmpstr (sc_product_get_title (ipod), ==, "IPod Nano - 8GB");
  g_assert_cmpint (sc_product_get_stock (ipod), ==, 100);
  g_assert_cmpint (sc_product_get_price (ipod), ==, 19900);
  pink = g_list_model_get_item (sc_product_get_variants (ipod), 0);
  g_assert_cmpstr (sc_variant_get_title (pink), ==, "Pink");
  g_assert_cmpstr (sc_variant_get_sku (pink), ==, "IPOD2008PINK");
  g_assert_cmpint (sc_variant_get_stock (pink), ==, 10);
  g_assert_cmpint (variant_stock (fixture, "457924702"), ==, 40);

  /* A product we do not have yet is fetched by its id. */
  g_assert_cmpuint (post_shopify (fixture, "products/update",
                                  "{\"id\": 9007199254740993, \"title\": \"New\","
                                  " \"variants\": []}"), ==, 200);
  wait_log (fixture, "products gid://shopify/Product/9007199254740993");
}

static void
test_woocommerce (Fixture       *fixture,
                  gconstpointer  data)
{
  ScProduct *mug = sc_catalog_lookup (fixture->catalog, "42");

  g_assert_cmpuint (post_woocommerce (fixture, "product.updated",
                                      "{\"id\": 42, \"name\": \"Mug\", \"type\": \"simple\","
                                      " \"status\": \"publish\", \"sku\": \"MUG\","
                                      " \"price\": \"19.90\", \"regular_price\": \"24.90\","
                                      " \"sale_price\": \"19.90\", \"on_sale\": true,"
                                      " \"manage_stock\": true, \"stock_quantity\": 2,"
                                      " \"stock_status\": \"instock\", \"variations\": []}"),
                    ==, 200);
  wait_stock_changes (fixture, 1);
  g_assert_true (sc_catalog_lookup (fixture->catalog, "42") == mug);
  g_assert_cmpint (sc_product_get_stock (mug), ==, 2);
  g_assert_cmpint (sc_product_get_price (mug), ==, 1990);
  g_assert_cmpint (sc_product_get_compare_at_price (mug), ==, 2490);
  g_assert_cmpstr (sc_product_get_sku (mug), ==, "MUG");

  /* A variable product's stock is in its variations: fetched instead. */
  g_assert_cmpuint (post_woocommerce (fixture, "product.updated",
                                      "{\"id\": 43, \"type\": \"variable\","
                                      " \"status\": \"publish\", \"variations\": [44, 45]}"),
                    ==, 200);
  wait_log (fixture, "products 43");
}

static void
test_bad_signature (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *body = load_fixture ("inventory_level.json", "inventory_level");
  g_autofree char *wrong_secret = sign ("not-the-secret", body, strlen (body));
  g_autofree char *other_body = sign (SECRET, "{}", 2);
  guint port = sc_inventory_sync_get_webhook_port (fixture->sync);
  const char *signatures[] = { wrong_secret, other_body, "", "bm90IGEgc2lnbmF0dXJl" };
  g_autoptr(SoupMessage) unsigned_msg = NULL;
  g_autoptr(SoupMessage) malformed = NULL;
  g_autofree char *malformed_signature = sign (SECRET, "{not json", 9);
  guint requests = sc_memory_provider_get_log (fixture->provider)->len;

  for (guint i = 0; i < G_N_ELEMENTS (signatures); i++)
    {
      g_autoptr(SoupMessage) msg = new_post (port, "X-Shopify-Hmac-Sha256", signatures[i],
                                             "X-Shopify-Topic", "inventory_levels/update",
                                             body, strlen (body));

      g_assert_cmpuint (send (fixture->session, msg), ==, 401);
    }
  unsigned_msg = new_post (port, NULL, NULL, "X-Shopify-Topic", "inventory_levels/update",
                           body, strlen (body));
  g_assert_cmpuint (send (fixture->session, unsigned_msg), ==, 401);

  /* Signed, but not JSON. */
  malformed = new_post (port, "X-WC-Webhook-Signature", malformed_signature,
                        "X-WC-Webhook-Topic", "product.updated", "{not json", 9);
  g_assert_cmpuint (send (fixture->session, malformed), ==, 400);

  /* Nothing changed, nothing was fetched. */
  spin (0.1);
  g_assert_cmpuint (fixture->stock_changes, ==, 0);
  g_assert_cmpint (variant_stock (fixture, "808950810"), ==, 1);
  g_assert_cmpuint (sc_memory_provider_get_log (fixture->provider)->len, ==, requests);
}

/* Saving a webhook in wp-admin posts "webhook_id=N", unsigned, as a form,
 * and fails to save unless the answer is 2xx (WC_Webhook::deliver_ping). */
static void
test_woocommerce_ping (Fixture       *fixture,
                       gconstpointer  data)
{
  guint port = sc_inventory_sync_get_webhook_port (fixture->sync);
  const char *not_pings[] = { "webhook_id=", "webhook_id=12&x=1", "webhook_id=abc",
                              "{\"webhook_id\": 12}", "webhook_id=123456789012345678901234" };
  guint requests = sc_memory_provider_get_log (fixture->provider)->len;
  g_autoptr(SoupMessage) ping = NULL;
  g_autoptr(GBytes) form = g_bytes_new_static ("webhook_id=12", strlen ("webhook_id=12"));
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/webhooks", port);

  ping = soup_message_new (SOUP_METHOD_POST, url);
  soup_message_headers_replace (soup_message_get_request_headers (ping), "User-Agent",
                                "WooCommerce/8.5.2 Hookshot (WordPress/6.4.3)");
  soup_message_set_request_body_from_bytes (ping, "application/x-www-form-urlencoded", form);
  g_assert_cmpuint (send (fixture->session, ping), ==, 200);

  /* Anything else unsigned is still refused. */
  for (guint i = 0; i < G_N_ELEMENTS (not_pings); i++)
    {
      g_autoptr(SoupMessage) msg = new_post (port, NULL, NULL, NULL, NULL, not_pings[i],
                                             strlen (not_pings[i]));

      g_assert_cmpuint (send (fixture->session, msg), ==, 401);
    }

  /* The ping changed nothing and fetched nothing. */
  spin (0.1);
  g_assert_cmpuint (fixture->stock_changes, ==, 0);
  g_assert_cmpint (sc_product_get_stock (sc_catalog_lookup (fixture->catalog, "42")), ==, 5);
  g_assert_cmpuint (sc_memory_provider_get_log (fixture->provider)->len, ==, requests);
}

/* A body stream without a length, so the client sends it chunked. */
static GInputStream *
chunked_stream (gsize size)
{
  GInputStream *stream = g_memory_input_stream_new ();

  for (gsize sent = 0; sent < size; sent += 64 * 1024)
    g_memory_input_stream_add_data (G_MEMORY_INPUT_STREAM (stream),
                                    g_malloc0 (64 * 1024), 64 * 1024, g_free);
  return stream;
}

static void
test_too_large (Fixture       *fixture,
                gconstpointer  data)
{
  guint port = sc_inventory_sync_get_webhook_port (fixture->sync);
  gsize size = SC_WEBHOOK_MAX_BODY + 1;
  g_autofree char *body = g_malloc (size);
  g_autofree char *signature = NULL;
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  g_autoptr(SoupMessage) sized = NULL;
  g_autoptr(SoupMessage) chunked = NULL;
  g_autoptr(SoupMessage) get = NULL;
  g_autoptr(GInputStream) stream = chunked_stream (2 * SC_WEBHOOK_MAX_BODY);

  memset (body, ' ', size);
  signature = sign (SECRET, body, size);
  sized = new_post (port, "X-Shopify-Hmac-Sha256", signature, "X-Shopify-Topic",
                    "products/update", body, size);
  g_assert_cmpuint (send (fixture->session, sized), ==, 413);

  chunked = soup_message_new (SOUP_METHOD_POST, url);
  soup_message_headers_replace (soup_message_get_request_headers (chunked),
                                "X-Shopify-Hmac-Sha256", signature);
  soup_message_set_request_body (chunked, "application/json", stream, -1);
  g_assert_cmpuint (send (fixture->session, chunked), ==, 413);

  get = soup_message_new (SOUP_METHOD_GET, url);
  g_assert_cmpuint (send (fixture->session, get), ==, 405);
  g_assert_cmpuint (fixture->stock_changes, ==, 0);
}

typedef struct {
  GPtrArray *received;
  GPtrArray *rejected;
} Events;

static void
on_received (ScWebhookReceiver *receiver,
             const char        *topic,
             JsonNode          *body,
             Events            *events)
{
  g_autofree char *json = json_to_string (body, FALSE);

  g_ptr_array_add (events->received, g_strdup_printf ("%s %s", topic, json));
}

static void
on_rejected (ScWebhookReceiver *receiver,
             const char        *reason,
             Events            *events)
{
  g_ptr_array_add (events->rejected, g_strdup (reason));
}

/* The receiver alone: its signals, and that it answers before applying. */
static void
test_receiver (void)
{
  g_autoptr(ScWebhookReceiver) receiver = sc_webhook_receiver_new (SECRET);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) good = NULL;
  g_autoptr(SoupMessage) bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *signature = sign (SECRET, "{\"id\":1}", 8);
  Events events = { g_ptr_array_new_with_free_func (g_free),
                    g_ptr_array_new_with_free_func (g_free) };
  guint port;

  g_assert_true (sc_webhook_receiver_listen (receiver, 0, &error));
  g_assert_no_error (error);
  port = sc_webhook_receiver_get_port (receiver);
  g_assert_cmpuint (port, >, 0);
  g_signal_connect (receiver, "received", G_CALLBACK (on_received), &events);
  g_signal_connect (receiver, "rejected", G_CALLBACK (on_rejected), &events);

  good = new_post (port, "X-Shopify-Hmac-Sha256", signature, "X-Shopify-Topic",
                   "products/update", "{\"id\":1}", 8);
  g_assert_cmpuint (send (session, good), ==, 200);
  spin (0.05);
  g_assert_cmpuint (events.received->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (events.received, 0), ==, "products/update {\"id\":1}");

  bad = new_post (port, "X-Shopify-Hmac-Sha256", signature, "X-Shopify-Topic",
                  "products/update", "{\"id\":2}", 8);
  g_assert_cmpuint (send (session, bad), ==, 401);
  spin (0.05);
  g_assert_cmpuint (events.received->len, ==, 1);
  g_assert_cmpuint (events.rejected->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (events.rejected, 0), ==, "bad signature");

  g_signal_handlers_disconnect_by_data (receiver, &events);
  g_ptr_array_unref (events.received);
  g_ptr_array_unref (events.rejected);
}

/* A correctly signed body of 75 KB of "[" overflowed the stack inside
 * json-glib: it is refused with a reason, and the receiver goes on. */
static void
test_deep_body (void)
{
  g_autoptr(ScWebhookReceiver) receiver = sc_webhook_receiver_new (SECRET);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) deep = NULL;
  g_autoptr(SoupMessage) good = NULL;
  g_autoptr(GError) error = NULL;
  gsize size = 75 * 1024;
  g_autofree char *body = g_malloc (size);
  g_autofree char *deep_signature = NULL;
  g_autofree char *signature = sign (SECRET, "{\"id\":1}", 8);
  Events events = { g_ptr_array_new_with_free_func (g_free),
                    g_ptr_array_new_with_free_func (g_free) };
  guint port;

  memset (body, '[', size);
  deep_signature = sign (SECRET, body, size);
  g_assert_true (sc_webhook_receiver_listen (receiver, 0, &error));
  g_assert_no_error (error);
  port = sc_webhook_receiver_get_port (receiver);
  g_signal_connect (receiver, "received", G_CALLBACK (on_received), &events);
  g_signal_connect (receiver, "rejected", G_CALLBACK (on_rejected), &events);

  deep = new_post (port, "X-Shopify-Hmac-Sha256", deep_signature, "X-Shopify-Topic",
                   "products/update", body, size);
  g_assert_cmpuint (send (session, deep), ==, 400);
  g_assert_cmpuint (events.rejected->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (events.rejected, 0),
                            "nested deeper than 64 levels"));

  good = new_post (port, "X-Shopify-Hmac-Sha256", signature, "X-Shopify-Topic",
                   "products/update", "{\"id\":1}", 8);
  g_assert_cmpuint (send (session, good), ==, 200);
  spin (0.05);
  g_assert_cmpuint (events.received->len, ==, 1);

  g_signal_handlers_disconnect_by_data (receiver, &events);
  g_ptr_array_unref (events.received);
  g_ptr_array_unref (events.rejected);
}

/* json-glib reads 99999999999999999999 as -1: a signed inventory update
 * with it would have put "sold out" on air. Refused, naming what was sent. */
static void
test_huge_number (void)
{
  static const char body[] = "{\"inventory_item_id\": 271878346596884015, "
                             "\"available\": 99999999999999999999}";
  g_autoptr(ScWebhookReceiver) receiver = sc_webhook_receiver_new (SECRET);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) huge = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *signature = sign (SECRET, body, sizeof body - 1);
  Events events = { g_ptr_array_new_with_free_func (g_free),
                    g_ptr_array_new_with_free_func (g_free) };
  guint port;

  g_assert_true (sc_webhook_receiver_listen (receiver, 0, &error));
  g_assert_no_error (error);
  port = sc_webhook_receiver_get_port (receiver);
  g_signal_connect (receiver, "received", G_CALLBACK (on_received), &events);
  g_signal_connect (receiver, "rejected", G_CALLBACK (on_rejected), &events);

  huge = new_post (port, "X-Shopify-Hmac-Sha256", signature, "X-Shopify-Topic",
                   "inventory_levels/update", body, sizeof body - 1);
  g_assert_cmpuint (send (session, huge), ==, 400);
  spin (0.05);
  g_assert_cmpuint (events.received->len, ==, 0);
  g_assert_cmpuint (events.rejected->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (events.rejected, 0), ==,
                   "the body: $.available: 99999999999999999999 is out of range");

  g_signal_handlers_disconnect_by_data (receiver, &events);
  g_ptr_array_unref (events.received);
  g_ptr_array_unref (events.rejected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shop/webhook/receiver", test_receiver);
  g_test_add_func ("/shop/webhook/deep-body", test_deep_body);
  g_test_add_func ("/shop/webhook/huge-number", test_huge_number);
  g_test_add ("/shop/webhook/shopify-inventory", Fixture, NULL,
              fixture_set_up, test_shopify_inventory, fixture_tear_down);
  g_test_add ("/shop/webhook/shopify-inventory-not-variant", Fixture, NULL,
              fixture_set_up, test_shopify_inventory_not_variant, fixture_tear_down);
  g_test_add ("/shop/webhook/shopify-product", Fixture, NULL,
              fixture_set_up, test_shopify_product, fixture_tear_down);
  g_test_add ("/shop/webhook/woocommerce", Fixture, NULL,
              fixture_set_up, test_woocommerce, fixture_tear_down);
  g_test_add ("/shop/webhook/woocommerce-ping", Fixture, NULL,
              fixture_set_up, test_woocommerce_ping, fixture_tear_down);
  g_test_add ("/shop/webhook/bad-signature", Fixture, NULL,
              fixture_set_up, test_bad_signature, fixture_tear_down);
  g_test_add ("/shop/webhook/too-large", Fixture, NULL,
              fixture_set_up, test_too_large, fixture_tear_down);

  return g_test_run ();
}
