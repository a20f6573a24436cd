/* sc-end-card.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlay/sc-overlay-draw.h"

G_BEGIN_DECLS

/* When the next show starts, as the audience of @locale (BCP 47, NULL:
 * en-US) writes it, in the wall-clock time of @zone (NULL: local time): the
 * weekday and time ("Friday 7:00 PM", "Freitag, 19:00") when it is less
 * than 6 days after @now, else the date too ("Friday, December 18, 7:00 PM"). */
char            *sc_end_card_format_start (GDateTime           *start,
                                           GDateTime           *now,
                                           GTimeZone           *zone,
                                           const char          *locale);
/* The card at the end of a show: "Next show: Friday 19:00", the next
 * show's @title, and the QR code of @url (none when NULL or too long).
 * @when is sc_end_card_format_start()'s text. @text gets "next-show: …",
 * "title: …" and "qr: <url>". */
cairo_surface_t *sc_end_card_render       (const ScDrawContext *ctx,
                                           const char          *when,
                                           const char          *title,
                                           const char          *url,
                                           int                  width,
                                           int                  height,
                                           GPtrArray           *text);

G_END_DECLS
