/* sc-overlay-draw.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "base/sc-translation.h"
#include "overlay/sc-brand-kit.h"
#include "overlay/sc-image-loader.h"

G_BEGIN_DECLS

/* Returns a new reference to the image at @uri fitted into @width x
 * @height, or NULL when it cannot be shown (the caller draws a placeholder). */
typedef cairo_surface_t *(*ScDrawImageFunc) (const char *uri,
                                             int         width,
                                             int         height,
                                             ScImageFit  fit,
                                             gpointer    user_data);

/* What every overlay renderer needs: fonts, the brand look, images, and the
 * audience's language: @translation for the overlay's words (NULL: English),
 * @locale (a BCP 47 tag, NULL: en-US) for prices. */
typedef struct {
  PangoContext     *pango;
  const ScBrandKit *kit;
  ScDrawImageFunc   load_image;
  gpointer          load_image_data;
  ScTranslation    *translation;
  const char       *locale;
} ScDrawContext;

PangoContext    *sc_draw_pango_context_new (void);
cairo_surface_t *sc_draw_surface_new       (int                  width,
                                            int                  height);
PangoLayout     *sc_draw_layout_new        (const ScDrawContext *ctx,
                                            double               pixel_size,
                                            PangoWeight          weight);
void             sc_draw_layout_show       (cairo_t             *cr,
                                            PangoLayout         *layout,
                                            double               x,
                                            double               y);
void             sc_draw_set_color         (cairo_t             *cr,
                                            const ScColor       *color,
                                            double               opacity);
void             sc_draw_rounded_rect      (cairo_t             *cr,
                                            double               x,
                                            double               y,
                                            double               width,
                                            double               height,
                                            double               radius);
/* The translucent rounded box behind every overlay panel. */
void             sc_draw_panel             (cairo_t             *cr,
                                            const ScBrandKit    *kit,
                                            double               width,
                                            double               height,
                                            double               radius);
/* The image at @uri clipped to a rounded box, or a neutral placeholder. */
void             sc_draw_image             (cairo_t             *cr,
                                            const ScDrawContext *ctx,
                                            const char          *uri,
                                            ScImageFit           fit,
                                            int                  x,
                                            int                  y,
                                            int                  width,
                                            int                  height,
                                            double               radius);
void             sc_draw_placeholder       (cairo_t             *cr,
                                            const ScBrandKit    *kit,
                                            double               x,
                                            double               y,
                                            double               width,
                                            double               height,
                                            double               radius);
double           sc_color_luminance        (const ScColor       *color);

G_END_DECLS
