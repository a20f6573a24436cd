/* sc-money.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "base/sc-json-reader.h"

G_BEGIN_DECLS

/* Decimal digits after the point for an ISO 4217 currency (JPY has 0). */
guint     sc_money_currency_digits (const char  *currency);
/* Parses an exact decimal string such as "19.90" into minor units. */
gboolean  sc_money_parse           (const char  *text,
                                    const char  *currency,
                                    gint64      *minor_units,
                                    GError     **error);
/* A price a shop sent as a decimal string at @parent_path.@member, in
 * minor units of @currency; *has_price (may be NULL) is FALSE and the
 * price 0 when @flags let it be unset. A NULL @expected describes a
 * decimal string (and what @flags let through). Anything else, a JSON number
 * included, is an error naming the path. */
gboolean  sc_money_read            (ScJsonReader       *reader,
                                    JsonObject         *parent,
                                    const char         *parent_path,
                                    const char         *member,
                                    ScJsonDecimalFlags  flags,
                                    const char         *expected,
                                    const char         *currency,
                                    gint64             *minor_units,
                                    gboolean           *has_price);
/* The exact decimal a shop's API takes, without a sign: "24.00", "1200"
 * (JPY), "-5.00". */
char     *sc_money_to_decimal      (gint64       minor_units,
                                    const char  *currency);
/* "$19.90", "€19.90", "¥1200", or "19.90 CHF" for currencies without a sign:
 * the same in every locale (the window's product list, the CSV import).
 * What the audience sees goes through sc_money_format_for_locale(). */
char     *sc_money_format          (gint64       minor_units,
                                    const char  *currency);

/* @minor_units of @currency (an ISO 4217 code ICU knows, in capitals) as
 * written in @locale (a BCP 47 tag), by ICU: "24,00 €" in de-DE,
 * "€24.00" in en-IE, "¥1,200" in ja-JP. Exact: the amount reaches ICU as a
 * decimal string, never a double. An unknown currency is an
 * SC_SHOP_ERROR_INVALID_DATA error naming it. */
char     *sc_money_format_for_locale (gint64       minor_units,
                                      const char  *currency,
                                      const char  *locale,
                                      GError     **error);

G_END_DECLS
