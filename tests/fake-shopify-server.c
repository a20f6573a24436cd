/* fake-shopify-server.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "fake-shopify-server"

#include "config.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>

#include "sc-fake-shopify.h"

/* Serves a generated catalog from the fake Shopify on a free loopback port
 * for the benchmark: prints "port=NNNN" once it listens, then runs until
 * SIGTERM or SIGINT. */

static gboolean
on_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScFakeShopify) fake = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *token = NULL;
  g_autofree char *currency = NULL;
  int products = 10000;
  int variants = 3;
  gboolean throttle = FALSE;
  const GOptionEntry entries[] = {
    { "products", 0, 0, G_OPTION_ARG_INT, &products, "Products in the catalog (10000)", "N" },
    { "variants", 0, 0, G_OPTION_ARG_INT, &variants, "Variants per product (3)", "M" },
    { "token", 0, 0, G_OPTION_ARG_STRING, &token, "Access token to accept (shpat_fake)", "TOKEN" },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &currency, "The shop's currency (USD)", "CODE" },
    { "throttle", 0, 0, G_OPTION_ARG_NONE, &throttle,
      "Enforce Shopify's rate limits (a 1000-point bucket refilled at 50 a second, "
      "1000 points a query)", NULL },
    { NULL }
  };

  context = g_option_context_new ("- a fake Shopify GraphQL Admin API on 127.0.0.1");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (products < 0 || variants < 0 || variants > 100)
    {
      g_printerr ("--products must be at least 0 and --variants from 0 to 100\n");
      return 2;
    }

  fake = sc_fake_shopify_new (token != NULL ? token : "shpat_fake", &error);
  if (fake == NULL)
    {
      g_printerr ("Cannot listen on 127.0.0.1: %s\n", error->message);
      return 1;
    }
  if (currency != NULL)
    sc_fake_shopify_set_currency (fake, currency);
  sc_fake_shopify_set_throttling (fake, throttle);
  sc_fake_shopify_add_generated (fake, products, variants);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_signal, loop);
  g_unix_signal_add (SIGINT, on_signal, loop);

  g_print ("port=%u\n", sc_fake_shopify_get_port (fake));
  fflush (stdout);

  g_main_loop_run (loop);
  return 0;
}
