/* test-money.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "shop/sc-money.h"
#include "shop/sc-shop-error.h"

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

/* ICU 72's own output, code point by code point: de-DE puts a no-break
 * space (U+00A0) before the sign, fr-FR groups with a narrow no-break space
 * (U+202F) and also puts U+00A0 before the sign. */
static void
test_format_for_locale (void)
{
  static const struct {
    gint64 minor; const char *cur; const char *locale; const char *text;
  } cases[] = {
    { 2400, "EUR", "de-DE", "24,00\u00a0€" },
    { 2400, "EUR", "fr-FR", "24,00\u00a0€" },
    { 2400, "EUR", "en-IE", "€24.00" },
    { 2400, "USD", "en-US", "$24.00" },
    { 1200, "JPY", "ja-JP", "\uffe51,200" },
    { 123456789, "EUR", "de-DE", "1.234.567,89\u00a0€" },
    { 123456789, "EUR", "fr-FR", "1\u202f234\u202f567,89\u00a0€" },
    { 1200, "JPY", "en-US", "¥1,200" },
    { 1200, "JPY", "de-DE", "1.200\u00a0¥" },
    { 1990, "USD", "de-DE", "19,90\u00a0$" },
    { 5, "EUR", "en-US", "€0.05" },
    { 0, "EUR", "de-DE", "0,00\u00a0€" },
    { -1990, "USD", "en-US", "-$19.90" },
    { 1234, "KWD", "en-US", "KWD\u00a01.234" },
    { G_MAXINT64, "USD", "en-US", "$92,233,720,368,547,758.07" },
    { 1990, "CHF", "de-CH", "CHF\u00a019.90" },
    /* A locale ICU has no data for still formats, as its language. */
    { 2400, "EUR", NULL, "€24.00" },
  };
  static const char * const bad[] = { "", "EU", "EURO", "eur", "XYZ", "E1R", "€", "EUR ", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = sc_money_format_for_locale (cases[i].minor, cases[i].cur,
                                                          cases[i].locale, &error);

      g_test_message ("%" G_GINT64_FORMAT " %s in %s", cases[i].minor, cases[i].cur,
                      cases[i].locale);
      g_assert_no_error (error);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = sc_money_format_for_locale (1990, bad[i], "de-DE", &error);

      g_assert_null (text);
      g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, "is not a currency"));
    }
  /* NULL too. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *text = sc_money_format_for_locale (1990, NULL, "de-DE", &error);

    g_assert_null (text);
    g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/shop/money/parse", test_parse_exact);
  g_test_add_func ("/shop/money/format", test_format);
  g_test_add_func ("/shop/money/format-for-locale", test_format_for_locale);
  return g_test_run ();
}
