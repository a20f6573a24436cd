/* sc-discount.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-discount"

#include "config.h"

#include <unicode/unum.h>

#include "base/sc-locale.h"

#include "sc-discount.h"

#define MINUS_SIGN "\xe2\x88\x92"   /* U+2212 */

guint
sc_discount_percent (gint64 regular,
                     gint64 current)
{
  if (regular <= 0 || current < 0 || current >= regular)
    return 0;
  if (regular > G_MAXINT64 / 100)
    return (guint)((regular - current) / (regular / 100));
  return (guint)(((regular - current) * 100) / regular);
}

char *
sc_discount_format (gint64      regular,
                    gint64      current,
                    const char *locale)
{
  guint percent = sc_discount_percent (regular, current);
  g_autofree char *icu_locale = NULL;
  g_autofree char *number = NULL;
  UErrorCode status = U_ZERO_ERROR;
  UNumberFormat *format;
  UChar result[64];
  int32_t length;

  if (percent == 0)
    return NULL;

  icu_locale = sc_locale_dup_icu_id (locale != NULL ? locale : SC_LOCALE_FALLBACK);
  format = unum_open (UNUM_PERCENT, NULL, 0, icu_locale != NULL ? icu_locale : "en_US", NULL,
                      &status);
  /* A percent format multiplies by 100: it is given the fraction. */
  length = unum_formatDouble (format, percent / 100.0, result, G_N_ELEMENTS (result), NULL,
                              &status);
  if (format != NULL)
    unum_close (format);
  if (U_SUCCESS (status))
    number = g_utf16_to_utf8 ((const gunichar2 *)result, length, NULL, NULL, NULL);
  if (number == NULL)
    number = g_strdup_printf ("%u%%", percent);

  /* Shops write a discount with a minus; typographically that is U+2212,
   * whatever sign the locale's numbers use. */
  return g_strconcat (MINUS_SIGN, number, NULL);
}
