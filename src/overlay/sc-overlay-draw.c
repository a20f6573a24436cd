/* sc-overlay-draw.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-overlay-draw"

#include "config.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

#include "base/sc-spare.h"
#include "sc-overlay-draw.h"

PangoContext *
sc_draw_pango_context_new (void)
{
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (font_map);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Subpixel antialiasing assumes an LCD stripe order; over video it only
   * paints colour fringes. Unhinted metrics keep text the same shape at
   * every canvas size. */
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_SLIGHT);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);

  return context;
}

/* The pixels of the last big surfaces destroyed, for the next surface of
 * about their size: a stock change redraws the card ten times a second
 * (sc-spare.h). Two slots keep what this holds back small (a 1080p card is
 * about 1 MB). */
#define SPARE_MIN_BYTES (128 * 1024)
#define SPARE_MAX_BYTES (8 * 1024 * 1024)

typedef struct {
  guint8 *data;
  gsize   size;
} Pixels;

static ScSpare spare;
static const cairo_user_data_key_t pixels_key;

/* Any thread: the last reference to a surface may be a video frame's. */
static void
pixels_free (void *data)
{
  Pixels *pixels = data;

  sc_spare_give (&spare, pixels->data, pixels->size, SPARE_MAX_BYTES);
  g_free (pixels);
}

cairo_surface_t *
sc_draw_surface_new (int width,
                     int height)
{
  int stride = cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, MAX (width, 1));
  cairo_surface_t *surface;
  Pixels *pixels;
  gsize size;

  width = MAX (width, 1);
  height = MAX (height, 1);
  size = stride > 0 ? (gsize)stride * height : 0;
  if (size < SPARE_MIN_BYTES || size > SPARE_MAX_BYTES)
    return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);

  pixels = g_new (Pixels, 1);
  pixels->size = size;
  pixels->data = sc_spare_take (&spare, size);
  /* A new surface is transparent, as cairo_image_surface_create() makes it. */
  if (pixels->data != NULL)
    memset (pixels->data, 0, size);
  else
    pixels->data = g_malloc0 (size);
  surface = cairo_image_surface_create_for_data (pixels->data, CAIRO_FORMAT_ARGB32,
                                                 width, height, stride);
  if (cairo_surface_set_user_data (surface, &pixels_key, pixels, pixels_free)
      != CAIRO_STATUS_SUCCESS)
    {
      /* An error surface (out of memory): it owns nothing. */
      g_free (pixels->data);
      g_free (pixels);
    }
  return surface;
}

PangoLayout *
sc_draw_layout_new (const ScDrawContext *ctx,
                    double               pixel_size,
                    PangoWeight          weight)
{
  PangoLayout *layout = pango_layout_new (ctx->pango);
  PangoFontDescription *font = pango_font_description_new ();
  const char *family = ctx->kit->font_family;

  pango_font_description_set_family (font, family != NULL && *family != '\0' ? family
                                                                              : "Cantarell");
  pango_font_description_set_absolute_size (font, pixel_size * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  /* Right-to-left chat and titles pick their own direction and alignment. */
  pango_layout_set_auto_dir (layout, TRUE);

  return layout;
}

void
sc_draw_layout_show (cairo_t     *cr,
                     PangoLayout *layout,
                     double       x,
                     double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

void
sc_draw_set_color (cairo_t       *cr,
                   const ScColor *color,
                   double         opacity)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * opacity);
}

void
sc_draw_rounded_rect (cairo_t *cr,
                      double   x,
                      double   y,
                      double   width,
                      double   height,
                      double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2.0);

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

void
sc_draw_panel (cairo_t          *cr,
               const ScBrandKit *kit,
               double            width,
               double            height,
               double            radius)
{
  sc_draw_rounded_rect (cr, 0, 0, width, height, radius);
  sc_draw_set_color (cr, &kit->primary, 1.0);
  cairo_fill_preserve (cr);

  /* A hairline in the text colour separates the panel from video of the
   * same colour as the panel. */
  cairo_save (cr);
  cairo_clip (cr);
  sc_draw_rounded_rect (cr, 0, 0, width, height, radius);
  cairo_set_line_width (cr, 2.0);
  sc_draw_set_color (cr, &kit->text, 0.10);
  cairo_stroke (cr);
  cairo_restore (cr);
}

void
sc_draw_placeholder (cairo_t          *cr,
                     const ScBrandKit *kit,
                     double            x,
                     double            y,
                     double            width,
                     double            height,
                     double            radius)
{
  double size = MIN (width, height) * 0.36;
  double cx = x + width / 2.0;
  double cy = y + height / 2.0;
  double bag_top = cy - size * 0.32;
  double bag_width = size;
  double bag_height = size * 0.82;

  cairo_save (cr);

  sc_draw_rounded_rect (cr, x, y, width, height, radius);
  sc_draw_set_color (cr, &kit->text, 0.10);
  cairo_fill (cr);

  /* A shopping bag: a rounded body and a handle, in outline. */
  cairo_set_line_width (cr, MAX (2.0, size * 0.07));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  sc_draw_set_color (cr, &kit->text, 0.45);

  sc_draw_rounded_rect (cr, cx - bag_width / 2.0, bag_top, bag_width, bag_height, size * 0.1);
  cairo_stroke (cr);

  cairo_new_sub_path (cr);
  cairo_arc (cr, cx, bag_top, bag_width * 0.22, G_PI, 2 * G_PI);
  cairo_stroke (cr);

  cairo_restore (cr);
}

void
sc_draw_image (cairo_t             *cr,
               const ScDrawContext *ctx,
               const char          *uri,
               ScImageFit           fit,
               int                  x,
               int                  y,
               int                  width,
               int                  height,
               double               radius)
{
  cairo_surface_t *image = NULL;

  if (width <= 0 || height <= 0)
    return;

  if (uri != NULL && *uri != '\0')
    image = ctx->load_image (uri, width, height, fit, ctx->load_image_data);

  if (image == NULL)
    {
      sc_draw_placeholder (cr, ctx->kit, x, y, width, height, radius);
      return;
    }

  cairo_save (cr);
  sc_draw_rounded_rect (cr, x, y, width, height, radius);
  cairo_clip (cr);
  cairo_set_source_surface (cr, image, x, y);
  cairo_paint (cr);
  cairo_restore (cr);

  cairo_surface_destroy (image);
}

double
sc_color_luminance (const ScColor *color)
{
  return 0.2126 * color->red + 0.7152 * color->green + 0.0722 * color->blue;
}
