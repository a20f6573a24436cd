/* fuzz-webhook.c — a correctly signed shop webhook (Shopify or WooCommerce)
 * posted to the inventory sync's receiver, which applies it to a catalog.
 * The first input byte picks the topic, the rest is the body.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "shop/sc-inventory-sync.h"
#include "sc-memory-provider.h"

#include "sc-fuzz.h"

#define SECRET "fuzz-webhook-secret"

static const struct {
  const char *signature_header;
  const char *topic_header;
  const char *topic;
} topics[] = {
  { "X-Shopify-Hmac-Sha256", "X-Shopify-Topic", "inventory_levels/update" },
  { "X-Shopify-Hmac-Sha256", "X-Shopify-Topic", "products/update" },
  { "X-Shopify-Hmac-Sha256", "X-Shopify-Topic", "products/delete" },
  { "X-WC-Webhook-Signature", "X-WC-Webhook-Topic", "product.updated" },
  { "X-WC-Webhook-Signature", "X-WC-Webhook-Topic", "product.deleted" },
  { "X-Shopify-Hmac-Sha256", "X-Shopify-Topic", "orders/create" },
};

static ScMemoryProvider *provider;
static ScCatalog *catalog;
static ScInventorySync *inventory_sync;
static SoupSession *session;
static char *url;

static void
add_product (const char *id,
             guint       n_variants,
             gint64      stock)
{
  g_autoptr(ScProduct) product = sc_product_new (id, "Product");
  g_autoptr(GPtrArray) variants = g_ptr_array_new_with_free_func (g_object_unref);

  sc_product_set_currency (product, "USD");
  sc_product_set_price (product, 1990);
  sc_product_set_stock (product, stock);
  for (guint i = 0; i < n_variants; i++)
    {
      g_autofree char *variant_id = g_strdup_printf ("gid://shopify/ProductVariant/%u", 800 + i);
      ScVariant *variant = sc_variant_new (variant_id, "Blue / M");

      sc_variant_set_price (variant, 1990);
      sc_variant_set_stock (variant, stock);
      g_ptr_array_add (variants, variant);
    }
  if (n_variants > 0)
    {
      sc_product_set_variants (product, variants);
      sc_product_summarize_variants (product);
    }
  sc_memory_provider_put (provider, product);
}

static gboolean
sync_live (gpointer user_data)
{
  return sc_inventory_sync_get_state (inventory_sync) == SC_INVENTORY_SYNC_STATE_LIVE;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  static ScShopConfig config = { 0 };

  sc_fuzz_init ();
  config.kind = SC_SHOP_KIND_SHOPIFY;
  config.url = (char *)"http://127.0.0.1:9";
  config.refresh_s = 3600;
  config.full_refresh_s = 3600;
  config.webhook_port = -1;
  config.webhook_secret = (char *)SECRET;
  config.cache = FALSE;

  provider = sc_memory_provider_new (10);
  add_product ("gid://shopify/Product/632910392", 3, 5);
  add_product ("42", 0, 5);
  add_product ("43", 0, -1);
  catalog = sc_catalog_new ();
  inventory_sync = sc_inventory_sync_new (SC_SHOP_PROVIDER (provider), catalog, &config);
  sc_inventory_sync_start (inventory_sync);
  sc_fuzz_wait (sync_live, NULL, 30, "the first sync");
  url = g_strdup_printf ("http://127.0.0.1:%u/webhooks",
                         sc_inventory_sync_get_webhook_port (inventory_sync));
  session = soup_session_new ();
  return 0;
}

typedef struct {
  gboolean done;
  guint    status;
} Post;

static gboolean
post_done (gpointer user_data)
{
  return ((Post *)user_data)->done;
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Post *post = user_data;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (answer == NULL)
    g_error ("the webhook receiver did not answer: %s", error->message);
  post->status = soup_message_get_status (soup_session_get_async_result_message (
                                            SOUP_SESSION (source), result));
  post->done = TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  guint which = size > 0 ? data[0] % G_N_ELEMENTS (topics) : 0;
  const char *body = size > 0 ? (const char *)data + 1 : "";
  gsize length = size > 0 ? size - 1 : 0;
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *)SECRET, strlen (SECRET));
  g_autoptr(GBytes) bytes = g_bytes_new (body, length);
  g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_POST, url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  g_autofree char *signature = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  Post post = { 0 };

  g_hmac_update (hmac, (const guchar *)body, length);
  g_hmac_get_digest (hmac, digest, &digest_len);
  signature = g_base64_encode (digest, digest_len);
  soup_message_headers_replace (headers, topics[which].signature_header, signature);
  soup_message_headers_replace (headers, topics[which].topic_header, topics[which].topic);
  soup_message_set_request_body_from_bytes (message, "application/json", bytes);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, on_sent, &post);
  sc_fuzz_wait (post_done, &post, 30, "the webhook");
  /* A signed body is never refused as unauthentic; too large or not JSON may be. */
  g_assert (post.status != SOUP_STATUS_UNAUTHORIZED);
  /* Whatever the webhook asked to fetch from the shop. */
  sc_fuzz_drain (2);
  return 0;
}
