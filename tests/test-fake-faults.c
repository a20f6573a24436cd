/* test-fake-faults.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shop providers against what a real server sometimes does, injected by
 * ScFakeServer under the fakes: a connection closed without an answer, an
 * answer with an empty body, a body that trickles in. Then the YouTube chat
 * source, which must ride them out. */

#include "config.h"

#include <string.h>

#include "chat/sc-chat-config.h"
#include "chat/sc-youtube-source.h"
#include "sc-fake-shopify.h"
#include "sc-fake-woocommerce.h"
#include "sc-fake-youtube.h"
#include "sc-test.h"
#include "shop/sc-shop-config.h"
#include "shop/sc-shop-error.h"
#include "shop/sc-shopify-provider.h"
#include "shop/sc-woocommerce-provider.h"

#define TOKEN "shpat_faults_5b0c"
#define KEY "ck_faults"
#define SECRET "cs_faults"

typedef struct {
  ScFakeShopify     *shopify;
  ScFakeWooCommerce *woo;
  ScShopConfig      *config;
  ScFakeServer      *server;   /* the one under the fake in use */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean woo = GPOINTER_TO_INT (data);

  if (woo)
    {
      f->woo = sc_fake_woocommerce_new (KEY, SECRET, &error);
      g_assert_no_error (error);
      for (gint64 id = 1; id <= 3; id++)
        {
          g_autofree char *name = g_strdup_printf ("Product %" G_GINT64_FORMAT, id);

          sc_fake_woocommerce_add_simple (f->woo, id, name, "10.00");
        }
      f->config = sc_shop_config_new (SC_SHOP_KIND_WOOCOMMERCE);
      f->config->url = g_strdup (sc_fake_woocommerce_get_url (f->woo));
      f->config->consumer_key = g_strdup (KEY);
      f->config->consumer_secret = g_strdup (SECRET);
      f->server = sc_fake_woocommerce_get_server (f->woo);
    }
  else
    {
      f->shopify = sc_fake_shopify_new (TOKEN, &error);
      g_assert_no_error (error);
      sc_fake_shopify_add_generated (f->shopify, 3, 1);
      f->config = sc_shop_config_new (SC_SHOP_KIND_SHOPIFY);
      f->config->url = g_strdup (sc_fake_shopify_get_url (f->shopify));
      f->config->token = g_strdup (TOKEN);
      f->server = sc_fake_shopify_get_server (f->shopify);
    }
  f->config->timeout_s = 10;
  f->config->max_retries = 3;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->shopify);
  g_clear_object (&f->woo);
  g_clear_pointer (&f->config, sc_shop_config_free);
  /* Closed connections finish closing in idle callbacks. */
  sc_test_run_for (0.05);
}

static ScShopProvider *
make_provider (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  ScShopProvider *provider = f->shopify != NULL ? sc_shopify_provider_new (f->config, &error)
                                                : sc_woocommerce_provider_new (f->config, &error);

  g_assert_no_error (error);
  return provider;
}

static void
on_ready (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
is_set (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static ScProductPage *
fetch_page (Fixture  *f,
            GError  **error)
{
  g_autoptr(ScShopProvider) provider = make_provider (f);
  g_autoptr(GAsyncResult) result = NULL;

  sc_shop_provider_fetch_page_async (provider, NULL, NULL, NULL, on_ready, &result);
  g_assert_true (sc_test_wait_until (is_set, &result, 120));
  return sc_shop_provider_fetch_page_finish (provider, result, error);
}

/* A dropped connection is retried like any network failure. */
static void
test_dropped_then_answered (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScProductPage) page = NULL;

  sc_fake_server_drop_next (f->server, 1);
  page = fetch_page (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->products->len, ==, 3);
  g_assert_cmpuint (sc_fake_server_get_n_requests (f->server), >=, 2);
}

/* Dropped every time: a network error once the retries are spent. */
static void
test_always_dropped (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScProductPage) page = NULL;

  f->config->max_retries = 1;
  sc_fake_server_drop_next (f->server, 100);
  page = fetch_page (f, &error);
  g_test_message ("%s", error != NULL ? error->message : "(no error)");
  g_assert_null (page);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_NETWORK);
  g_assert_cmpstr (error->message, !=, "");
}

/* 200 with nothing in it: bad data, said so, never a crash or an empty page. */
static void
test_empty_body (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScProductPage) page = NULL;

  f->config->max_retries = 0;
  sc_fake_server_empty_next (f->server, 100);
  page = fetch_page (f, &error);
  g_test_message ("%s", error != NULL ? error->message : "(no error)");
  g_assert_null (page);
  g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, !=, "");
}

/* A body that comes in 16-byte pieces is read to its end. */
static void
test_slow_body (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScProductPage) page = NULL;

  sc_fake_server_slow_next (f->server, 100, 1);
  page = fetch_page (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->products->len, ==, 3);
}

typedef struct {
  guint messages;
  guint problems;
} ChatSeen;

static void
on_chat_message (ScChatSource  *source,
                 ScChatMessage *message,
                 ChatSeen      *seen)
{
  seen->messages++;
}

static void
on_chat_problem (ScChatSource *source,
                 GError       *error,
                 ChatSeen     *seen)
{
  g_test_message ("problem: %s", error->message);
  seen->problems++;
}

static gboolean
chat_has_messages (gpointer data)
{
  return ((ChatSeen *) data)->messages >= 2;
}

static gboolean
faults_used (gpointer data)
{
  return sc_fake_server_get_n_requests (data) > 4;
}

/* Polls that come back empty, dropped or slow: the source says so, keeps
 * polling, and the chat arrives once the server behaves. */
static void
test_youtube_rides_out_faults (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScFakeYouTube) fake = sc_fake_youtube_new ("fault-chat", "fault-key", NULL,
                                                       &error);
  g_autoptr(ScChatConfig) config = sc_chat_config_new (SC_CHAT_KIND_YOUTUBE);
  g_autoptr(ScChatSource) source = NULL;
  ScFakeServer *server;
  ChatSeen seen = { 0, 0 };

  g_assert_no_error (error);
  server = sc_fake_youtube_get_server (fake);
  sc_fake_youtube_set_polling_interval (fake, 50);
  g_free (config->url);
  config->url = g_strdup (sc_fake_youtube_get_url (fake));
  config->live_chat_id = g_strdup ("fault-chat");
  config->api_key = g_strdup ("fault-key");
  config->min_poll_s = 0.05;
  config->reconnect_initial_s = 0.1;
  config->reconnect_max_s = 0.4;
  source = sc_youtube_source_new (config);
  g_object_set (source, "timeout-s", 5, NULL);
  g_signal_connect (source, "message", G_CALLBACK (on_chat_message), &seen);
  g_signal_connect (source, "problem", G_CALLBACK (on_chat_problem), &seen);

  sc_fake_server_empty_next (server, 2);
  sc_fake_server_drop_next (server, 1);
  sc_fake_server_slow_next (server, 1, 1);
  sc_chat_source_start (source);
  /* What was said before is history, not shown: the chat comes after. */
  g_assert_true (sc_test_wait_until (faults_used, server, 60));
  sc_fake_youtube_add_text (fake, "Ana", 0, "first");
  sc_fake_youtube_add_text (fake, "Ben", 0, "second");
  g_assert_true (sc_test_wait_until (chat_has_messages, &seen, 60));
  g_assert_cmpuint (seen.messages, ==, 2);
  /* The two empty answers, each reported. The dropped one is reported too
   * unless libsoup resent the GET itself (it does once when a reused
   * connection closes), so it is not counted here. */
  g_assert_cmpuint (seen.problems, >=, 2);
  sc_chat_source_stop (source);
  sc_test_run_for (0.05);
}

int
main (int   argc,
      char *argv[])
{
  static const struct {
    const char *name;
    void (*func) (Fixture *, gconstpointer);
  } cases[] = {
    { "dropped-then-answered", test_dropped_then_answered },
    { "always-dropped", test_always_dropped },
    { "empty-body", test_empty_body },
    { "slow-body", test_slow_body },
  };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (int woo = 0; woo <= 1; woo++)
      {
        g_autofree char *path = g_strdup_printf ("/shop/faults/%s/%s",
                                                 woo ? "woocommerce" : "shopify", cases[i].name);

        g_test_add (path, Fixture, GINT_TO_POINTER (woo), fixture_set_up, cases[i].func,
                    fixture_tear_down);
      }
  g_test_add_func ("/chat/faults/youtube", test_youtube_rides_out_faults);
  return g_test_run ();
}
