/* fuzz-shopify.c — a Shopify GraphQL Admin API reply, through the provider's
 * own HTTP code: a catalog page, then a refresh of products by id.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "shop/sc-shopify-provider.h"

#include "sc-fuzz.h"
#include "sc-fuzz-http.h"

typedef struct {
  gboolean  done;
  gpointer  result;
  GError   *error;
} Call;

static gboolean
call_done (gpointer user_data)
{
  return ((Call *)user_data)->done;
}

static gboolean
call_done_or_answered (gpointer user_data)
{
  return ((Call *)user_data)->done || sc_fuzz_reply_get ()->finished > 0;
}

/* Once the input was answered and read: a THROTTLED answer makes the
 * provider wait (seconds, by design) before it asks again, so the call is
 * cancelled instead of waited for. */
static void
finish_call (Call         *call,
             GCancellable *cancellable,
             const char   *what)
{
  sc_fuzz_wait (call_done_or_answered, call, 30, what);
  sc_fuzz_drain (5);
  if (!call->done)
    g_cancellable_cancel (cancellable);
  sc_fuzz_wait (call_done, call, 30, what);
}

static void
on_page (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Call *call = user_data;

  call->result = sc_shop_provider_fetch_page_finish (SC_SHOP_PROVIDER (source), result,
                                                     &call->error);
  call->done = TRUE;
}

static void
on_products (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Call *call = user_data;

  call->result = sc_shop_provider_fetch_products_finish (SC_SHOP_PROVIDER (source), result,
                                                         &call->error);
  call->done = TRUE;
}

static ScShopProvider *
provider_new (ScFuzzReply *reply)
{
  g_autoptr(ScShopConfig) config = sc_shop_config_new (SC_SHOP_KIND_SHOPIFY);
  g_autoptr(GError) error = NULL;
  ScShopProvider *provider;

  config->url = g_strdup (sc_fuzz_reply_get_url (reply));
  config->token = g_strdup ("shpat_fuzz");
  config->max_retries = 0;
  config->timeout_s = 10;
  provider = sc_shopify_provider_new (config, &error);
  if (provider == NULL)
    g_error ("%s", error->message);
  return provider;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  sc_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  ScFuzzReply *reply = sc_fuzz_reply_get ();
  const char * const ids[] = { "gid://shopify/Product/1", "2", NULL };
  Call page = { 0 }, products = { 0 };

  sc_fuzz_reply_set (reply, data, size);

  /* A fresh provider each time: its throttle bucket must not make a later
   * request wait for a refill. */
  {
    g_autoptr(ScShopProvider) provider = provider_new (reply);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    sc_shop_provider_fetch_page_async (provider, NULL, NULL, cancellable, on_page, &page);
    finish_call (&page, cancellable, "fetch_page");
  }
  sc_fuzz_reply_set (reply, data, size);
  {
    g_autoptr(ScShopProvider) provider = provider_new (reply);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    sc_shop_provider_fetch_products_async (provider, ids, cancellable, on_products, &products);
    finish_call (&products, cancellable, "fetch_products");
  }

  g_assert ((page.result == NULL) != (page.error == NULL));
  g_assert ((products.result == NULL) != (products.error == NULL));
  g_clear_pointer ((ScProductPage **)&page.result, sc_product_page_free);
  g_clear_pointer ((GPtrArray **)&products.result, g_ptr_array_unref);
  g_clear_error (&page.error);
  g_clear_error (&products.error);
  sc_fuzz_drain (0);
  return 0;
}
