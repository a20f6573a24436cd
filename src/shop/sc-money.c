/* sc-money.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-money"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unicode/ucurr.h>
#include <unicode/unum.h>

#include "base/sc-locale.h"

#include "sc-money.h"
#include "sc-shop-error.h"

static const struct {
  const char *code;
  const char *symbol;
  guint digits;
} currencies[] = {
  { "USD", "$", 2 }, { "CAD", "CA$", 2 }, { "AUD", "A$", 2 }, { "EUR", "€", 2 },
  { "GBP", "£", 2 }, { "JPY", "¥", 0 }, { "KRW", "₩", 0 }, { "INR", "₹", 2 },
  { "CNY", "CN¥", 2 }, { "BRL", "R$", 2 }, { "MXN", "MX$", 2 }, { "CHF", NULL, 2 },
  { "SEK", NULL, 2 }, { "NOK", NULL, 2 }, { "DKK", NULL, 2 }, { "PLN", NULL, 2 },
  { "KWD", NULL, 3 }, { "BHD", NULL, 3 }, { "TND", NULL, 3 },
};

static int
find_currency (const char *currency)
{
  for (guint i = 0; i < G_N_ELEMENTS (currencies); i++)
    if (g_ascii_strcasecmp (currencies[i].code, currency ? currency : "") == 0)
      return i;
  return -1;
}

guint
sc_money_currency_digits (const char *currency)
{
  int i = find_currency (currency);

  return i >= 0 ? currencies[i].digits : 2;
}

gboolean
sc_money_parse (const char  *text,
                const char  *currency,
                gint64      *minor_units,
                GError     **error)
{
  guint digits = sc_money_currency_digits (currency);
  guint64 whole = 0;
  guint64 frac = 0;
  guint frac_len = 0;
  const char *p;

  g_return_val_if_fail (minor_units != NULL, FALSE);

  p = text ? text : "";
  if (*p == '\0')
    goto invalid;

  for (; g_ascii_isdigit (*p); p++)
    {
      if (whole > G_MAXINT64 / 1000 / 10)
        goto invalid;
      whole = whole * 10 + (guint64)(*p - '0');
    }
  if (p == text)
    goto invalid;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        goto invalid;
      for (; g_ascii_isdigit (*p); p++)
        {
          /* Extra digits are only accepted when they are zeros ("19.900"). */
          if (frac_len >= digits)
            {
              if (*p != '0')
                goto invalid;
              continue;
            }
          frac = frac * 10 + (guint64)(*p - '0');
          frac_len++;
        }
    }
  if (*p != '\0')
    goto invalid;

  for (; frac_len < digits; frac_len++)
    frac *= 10;
  for (guint i = 0; i < digits; i++)
    whole *= 10;

  *minor_units = (gint64)(whole + frac);
  return TRUE;

invalid:
  g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
               _("“%s” is not a price: expected a decimal number such as 19.90"),
               text ? text : "");
  return FALSE;
}

char *
sc_money_format (gint64      minor_units,
                 const char *currency)
{
  int i = find_currency (currency);
  guint digits = i >= 0 ? currencies[i].digits : 2;
  const char *symbol = i >= 0 ? currencies[i].symbol : NULL;
  gint64 scale = 1;
  g_autofree char *number = NULL;

  for (guint d = 0; d < digits; d++)
    scale *= 10;

  if (digits > 0)
    number = g_strdup_printf ("%" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT,
                              minor_units / scale, (int)digits, minor_units % scale);
  else
    number = g_strdup_printf ("%" G_GINT64_FORMAT, minor_units);

  if (symbol != NULL)
    return g_strconcat (symbol, number, NULL);
  return g_strdup_printf ("%s %s", number, currency ? currency : "");
}

char *
sc_money_to_decimal (gint64      minor_units,
                     const char *currency)
{
  guint digits = sc_money_currency_digits (currency);
  guint64 magnitude = minor_units < 0 ? (guint64)-(minor_units + 1) + 1 : (guint64)minor_units;
  guint64 scale = 1;

  for (guint d = 0; d < digits; d++)
    scale *= 10;
  if (digits == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT, minor_units < 0 ? "-" : "", magnitude);
  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT,
                          minor_units < 0 ? "-" : "", magnitude / scale, (int)digits,
                          magnitude % scale);
}

static gboolean
is_currency_code (const char *currency)
{
  UErrorCode status = U_ZERO_ERROR;
  UChar code[4];

  if (currency == NULL || strlen (currency) != 3)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    {
      if (!g_ascii_isupper (currency[i]))
        return FALSE;
      code[i] = (UChar)currency[i];
    }
  code[3] = 0;
  /* Any time in history: old codes still name money a shop may hold. */
  return ucurr_isAvailable (code, U_DATE_MIN, U_DATE_MAX, &status) && U_SUCCESS (status);
}

char *
sc_money_format_for_locale (gint64       minor_units,
                            const char  *currency,
                            const char  *locale,
                            GError     **error)
{
  g_autofree char *icu_locale = NULL;
  g_autofree char *decimal = NULL;
  UErrorCode status = U_ZERO_ERROR;
  UNumberFormat *format;
  UChar code[4];
  UChar result[256];
  int32_t length;
  int32_t max_digits;
  char *text;

  if (!is_currency_code (currency))
    {
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("“%s” is not a currency: expected an ISO 4217 code such as EUR"),
                   currency != NULL ? currency : "");
      return NULL;
    }
  icu_locale = sc_locale_dup_icu_id (locale != NULL ? locale : SC_LOCALE_FALLBACK);
  if (icu_locale == NULL)
    icu_locale = g_strdup ("en_US");

  for (guint i = 0; i < 3; i++)
    code[i] = (UChar)currency[i];
  code[3] = 0;

  format = unum_open (UNUM_CURRENCY, NULL, 0, icu_locale, NULL, &status);
  unum_setTextAttribute (format, UNUM_CURRENCY_CODE, code, 3, &status);
  if (U_FAILURE (status))
    {
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("Cannot format prices in %s for %s: %s"), currency,
                   locale != NULL ? locale : SC_LOCALE_FALLBACK, u_errorName (status));
      if (format != NULL)
        unum_close (format);
      return NULL;
    }
  /* ICU shows the currency's usual digits; never fewer than the amount was
   * stored with, so no money is rounded away. */
  max_digits = unum_getAttribute (format, UNUM_MAX_FRACTION_DIGITS);
  if (max_digits < (int32_t)sc_money_currency_digits (currency))
    unum_setAttribute (format, UNUM_MAX_FRACTION_DIGITS,
                       (int32_t)sc_money_currency_digits (currency));
  decimal = sc_money_to_decimal (minor_units, currency);
  length = unum_formatDecimal (format, decimal, -1, result, G_N_ELEMENTS (result), NULL,
                               &status);
  unum_close (format);
  if (U_FAILURE (status) || status == U_STRING_NOT_TERMINATED_WARNING)
    {
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("Cannot format %s %s for %s: %s"), decimal, currency,
                   locale != NULL ? locale : SC_LOCALE_FALLBACK, u_errorName (status));
      return NULL;
    }
  text = g_utf16_to_utf8 ((const gunichar2 *)result, length, NULL, NULL, NULL);
  if (text == NULL)
    g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                 _("Cannot format %s %s for %s"), decimal, currency,
                 locale != NULL ? locale : SC_LOCALE_FALLBACK);
  return text;
}

gboolean
sc_money_read (ScJsonReader       *reader,
               JsonObject         *parent,
               const char         *parent_path,
               const char         *member,
               ScJsonDecimalFlags  flags,
               const char         *expected,
               const char         *currency,
               gint64             *minor_units,
               gboolean           *has_price)
{
  const char *text = NULL;

  if (expected != NULL)
    ;
  else if (flags & SC_JSON_DECIMAL_EMPTY_UNSET)
    expected = _("a price as a decimal string such as \"19.90\", or \"\"");
  else if (flags & (SC_JSON_DECIMAL_NULLABLE | SC_JSON_DECIMAL_OPTIONAL))
    expected = _("a decimal string such as \"19.90\", or null");
  else
    expected = _("a decimal string such as \"19.90\"");

  *minor_units = 0;
  if (has_price != NULL)
    *has_price = FALSE;
  if (!sc_json_reader_need_decimal (reader, parent, parent_path, member, flags, expected,
                                    &text))
    return FALSE;
  /* More digits than the currency has would lose money. */
  if (text != NULL && !sc_money_parse (text, currency, minor_units, NULL))
    {
      g_autofree char *path = sc_json_path_member (parent_path, member);

      return sc_json_reader_fail_expected (reader, path, expected,
                                           json_object_get_member (parent, member));
    }
  if (has_price != NULL)
    *has_price = text != NULL;
  return TRUE;
}
