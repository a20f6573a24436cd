/* sc-title-bug.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-title-bug"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>

#include "sc-title-bug.h"

#define BUG_PADDING   18.0
#define BUG_LOGO_GAP  10.0
#define BUG_TEXT_SIZE 20.0

cairo_surface_t *
sc_title_bug_render (const ScDrawContext *ctx,
                     const char          *title,
                     double               scale,
                     int                  max_width,
                     int                  height)
{
  const ScBrandKit *kit = ctx->kit;
  double padding = BUG_PADDING * scale;
  int logo_size = (int)(height - 2 * 8 * scale);
  g_autoptr(PangoLayout) layout = NULL;
  cairo_surface_t *logo = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  double x = padding;
  double text_room;
  int text_width = 0;
  int text_height = 0;
  int width;

  if (height <= 0 || max_width <= 0)
    return NULL;

  /* A logo that fails is left out: a placeholder glyph in the show's
   * corner would look like a broken stream, not a missing file. */
  if (kit->logo_uri != NULL && *kit->logo_uri != '\0' && logo_size > 0)
    logo = ctx->load_image (kit->logo_uri, logo_size, logo_size, SC_IMAGE_FIT_CONTAIN,
                            ctx->load_image_data);

  if (logo == NULL && (title == NULL || *title == '\0'))
    return NULL;

  text_room = max_width - 2 * padding - (logo ? logo_size + BUG_LOGO_GAP * scale : 0);
  if (title != NULL && *title != '\0' && text_room > 0)
    {
      layout = sc_draw_layout_new (ctx, BUG_TEXT_SIZE * scale, PANGO_WEIGHT_BOLD);
      pango_layout_set_text (layout, title, -1);
      pango_layout_set_width (layout, (int)(text_room * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (layout, TRUE);
      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      /* Shrink the layout to the text so a right-to-left title is not
       * pushed to the far end of an otherwise empty pill. */
      pango_layout_set_width (layout, text_width * PANGO_SCALE);
    }

  width = (int)ceil (2 * padding + (logo ? logo_size : 0)
                     + (logo && layout ? BUG_LOGO_GAP * scale : 0) + text_width);
  width = MIN (2 * ((width + 1) / 2), max_width);

  surface = sc_draw_surface_new (width, height);
  cr = cairo_create (surface);

  sc_draw_panel (cr, kit, width, height, height / 2.0);

  if (logo != NULL)
    {
      cairo_set_source_surface (cr, logo, x, (height - logo_size) / 2.0);
      cairo_paint (cr);
      x += logo_size + BUG_LOGO_GAP * scale;
      cairo_surface_destroy (logo);
    }

  if (layout != NULL)
    {
      sc_draw_set_color (cr, &kit->text, 1.0);
      sc_draw_layout_show (cr, layout, x, (height - text_height) / 2.0);
    }

  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}
