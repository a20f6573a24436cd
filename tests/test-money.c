/* test-money.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "shop/sc-money.h"

static void
test_parse_exact (void)
{
  static const struct { const char *text; const char *cur; gint64 minor; } ok[] = {
    { "19.90", "USD", 1990 }, { "19.9", "USD", 1990 }, { "0.01", "EUR", 1 },
    { "1200", "JPY", 1200 }, { "19.900", "USD", 1990 }, { "5", "GBP", 500 },
    { "1.234", "KWD", 1234 }, { "92233720368547.75", "USD", G_GINT64_CONSTANT (9223372036854775) },
  };
  static const char *bad[] = { "", "abc", "19,90", "-1", "19.", ".5", "19.999", "1e3", " 1" };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor = -1;

      g_assert_true (sc_money_parse (ok[i].text, ok[i].cur, &minor, &error));
      g_assert_no_error (error);
      g_assert_cmpint (minor, ==, ok[i].minor);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor = -1;

      g_assert_false (sc_money_parse (bad[i], "USD", &minor, &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "not a price"));
      g_assert_cmpint (minor, ==, -1);
    }
}

static void
test_format (void)
{
  static const struct { gint64 minor; const char *cur; const char *text; } cases[] = {
    { 1990, "USD", "$19.90" }, { 5, "EUR", "€0.05" }, { 1200, "JPY", "¥1200" },
    { 1990, "CHF", "19.90 CHF" }, { 1234, "KWD", "1.234 KWD" }, { 1990, "XYZ", "19.90 XYZ" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = sc_money_format (cases[i].minor, cases[i].cur);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/shop/money/parse", test_parse_exact);
  g_test_add_func ("/shop/money/format", test_format);
  return g_test_run ();
}
