/* sc-badges.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlay/sc-overlay-draw.h"

G_BEGIN_DECLS

/* The stickers on the card's product shot, top to bottom: "LIVE" while
 * @live, and the discount ("−20 %", sc_discount_format()) when @current is
 * below @regular (minor units). NULL when there is none. @text gets
 * "badge: <text>" for each, in that order. */
cairo_surface_t *sc_badges_render (const ScDrawContext *ctx,
                                   gint64               regular,
                                   gint64               current,
                                   gboolean             live,
                                   double               scale,
                                   int                  width,
                                   int                  height,
                                   GPtrArray           *text);

G_END_DECLS
