/* sc-money.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Decimal digits after the point for an ISO 4217 currency (JPY has 0). */
guint     sc_money_currency_digits (const char  *currency);
/* Parses an exact decimal string such as "19.90" into minor units. */
gboolean  sc_money_parse           (const char  *text,
                                    const char  *currency,
                                    gint64      *minor_units,
                                    GError     **error);
/* "$19.90", "€19.90", "¥1200", or "19.90 CHF" for currencies without a sign. */
char     *sc_money_format          (gint64       minor_units,
                                    const char  *currency);

G_END_DECLS
