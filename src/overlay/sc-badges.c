/* sc-badges.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-badges"

#include "config.h"

#include "shop/sc-discount.h"

#include "sc-badges.h"

/* Design pixels of a 720p canvas. */
#define BADGE_SIZE  17.0
#define PAD_X       10.0
#define PAD_Y        4.0
#define GAP          6.0

/* Broadcast red, whatever the brand: viewers know it as "on air". */
static const ScColor live_color = { 0.88, 0.11, 0.14, 1.0 };
static const ScColor white = { 1.0, 1.0, 1.0, 1.0 };
static const ScColor ink = { 0.07, 0.07, 0.09, 1.0 };

/* Draws one pill at (0, y) and returns its height. */
static double
draw_badge (cairo_t             *cr,
            const ScDrawContext *ctx,
            const char          *label,
            const ScColor       *background,
            const ScColor       *foreground,
            gboolean             dot,
            double               s,
            double               y,
            double               max_width)
{
  g_autoptr(PangoLayout) layout = sc_draw_layout_new (ctx, BADGE_SIZE * s, PANGO_WEIGHT_BOLD);
  double dot_room = dot ? 14 * s : 0;
  int text_width, text_height;
  double width, height;

  pango_layout_set_text (layout, label, -1);
  pango_layout_set_width (layout, (int)((max_width - 2 * PAD_X * s - dot_room) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  width = text_width + 2 * PAD_X * s + dot_room;
  height = text_height + 2 * PAD_Y * s;

  sc_draw_rounded_rect (cr, 0, y, width, height, height / 2.0);
  sc_draw_set_color (cr, background, 1.0);
  cairo_fill (cr);
  sc_draw_set_color (cr, foreground, 1.0);
  if (dot)
    {
      cairo_arc (cr, PAD_X * s + 4 * s, y + height / 2.0, 4 * s, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  sc_draw_layout_show (cr, layout, PAD_X * s + dot_room, y + PAD_Y * s);
  return height;
}

cairo_surface_t *
sc_badges_render (const ScDrawContext *ctx,
                  gint64               regular,
                  gint64               current,
                  gboolean             live,
                  double               scale,
                  int                  width,
                  int                  height,
                  GPtrArray           *text)
{
  g_autofree char *discount = sc_discount_format (regular, current, ctx->locale);
  const char *live_label = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  double y = 0;

  if (!live && discount == NULL)
    return NULL;

  surface = sc_draw_surface_new (width, height);
  cr = cairo_create (surface);
  if (live)
    {
      /* Translators: the badge on the video while a show is streamed, in the
       * capitals a broadcast uses (German: LIVE, French: EN DIRECT). */
      live_label = sc_translation_gettext (ctx->translation, "LIVE");
      y += draw_badge (cr, ctx, live_label, &live_color, &white, TRUE, scale, y, width);
      y += GAP * scale;
    }
  if (discount != NULL)
    {
      const ScColor *on_accent = sc_color_luminance (&ctx->kit->accent) > 0.5 ? &ink : &white;

      draw_badge (cr, ctx, discount, &ctx->kit->accent, on_accent, FALSE, scale, y, width);
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (text != NULL)
    {
      if (live_label != NULL)
        g_ptr_array_add (text, g_strdup_printf ("badge: %s", live_label));
      if (discount != NULL)
        g_ptr_array_add (text, g_strdup_printf ("badge: %s", discount));
    }
  return surface;
}
