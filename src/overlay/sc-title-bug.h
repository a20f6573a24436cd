/* sc-title-bug.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlay/sc-overlay-draw.h"

G_BEGIN_DECLS

/* The show title (and the brand logo, when there is one) in a small pill,
 * @height high and only as wide as its content, at most @max_width. NULL
 * when there is neither a title nor a logo. */
cairo_surface_t *sc_title_bug_render (const ScDrawContext *ctx,
                                      const char          *title,
                                      double               scale,
                                      int                  max_width,
                                      int                  height);

G_END_DECLS
