/* sc-discount.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How much cheaper @current is than @regular (both in minor units of one
 * currency), in whole percent rounded down, so a badge never promises more
 * than the price gives: 24.90 -> 19.90 is 20. 0 when it is not cheaper. */
guint  sc_discount_percent (gint64      regular,
                            gint64      current);
/* The badge text for that discount as @locale (BCP 47, NULL: en-US) writes
 * a percentage, by ICU, with a true minus sign: "−20 %" in de-DE and fr-FR,
 * "−20%" in en-US. NULL when the discount is under 1 %. A compare-at price
 * and a sale price both come here: (compare-at, price) or (price, sale). */
char  *sc_discount_format  (gint64      regular,
                            gint64      current,
                            const char *locale);

G_END_DECLS
