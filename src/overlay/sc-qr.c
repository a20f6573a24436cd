/* sc-qr.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-qr"

#include "config.h"

#include <qrencode.h>

#include "sc-qr.h"

/* Sizes in pixels of the 224 px high panel of a 720p canvas. */
#define DESIGN_HEIGHT 224.0
#define PADDING         8.0   /* the code's white quiet zone is margin enough */
#define RADIUS         14.0
#define LINK_SIZE      13.0
#define LINK_GAP        4.0

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QRcode, QRcode_free)

/* Level M: a screen is never torn or stained, but video compression and a
 * phone's camera at a distance blur a code, and M restores 15 % of it. */
static QRcode *
encode (const char *text)
{
  if (text == NULL || *text == '\0')
    return NULL;
  return QRcode_encodeString8bit (text, 0, QR_ECLEVEL_M);
}

int
sc_qr_get_modules (const char *text)
{
  g_autoptr(QRcode) code = encode (text);

  return code != NULL ? code->width + 2 * SC_QR_QUIET_ZONE : 0;
}

int
sc_qr_draw (cairo_t    *cr,
            const char *text,
            int         x,
            int         y,
            int         max_size)
{
  g_autoptr(QRcode) code = encode (text);
  int modules;
  int module_px;
  int side;

  if (code == NULL)
    return 0;

  modules = code->width + 2 * SC_QR_QUIET_ZONE;
  /* Whole pixels per module: a module straddling pixels turns grey, and a
   * decoder thresholds grey badly. */
  module_px = max_size / modules;
  if (module_px < SC_QR_MIN_MODULE_PX)
    return 0;
  side = modules * module_px;

  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_set_source_rgb (cr, 1.0, 1.0, 1.0);
  cairo_rectangle (cr, x, y, side, side);
  cairo_fill (cr);

  cairo_set_source_rgb (cr, 0.0, 0.0, 0.0);
  for (int row = 0; row < code->width; row++)
    {
      for (int column = 0; column < code->width; column++)
        {
          /* Bit 0 of each byte is the module's colour (1 = dark). */
          if (code->data[row * code->width + column] & 1)
            cairo_rectangle (cr, x + (SC_QR_QUIET_ZONE + column) * module_px,
                             y + (SC_QR_QUIET_ZONE + row) * module_px, module_px, module_px);
        }
    }
  cairo_fill (cr);
  cairo_restore (cr);

  return side;
}

cairo_surface_t *
sc_qr_panel_render (const ScDrawContext *ctx,
                    const char          *url,
                    const char          *short_link,
                    int                  width,
                    int                  height,
                    GPtrArray           *text)
{
  double s = height / DESIGN_HEIGHT;
  int padding = (int)(PADDING * s);
  g_autoptr(PangoLayout) link_layout = NULL;
  int link_height = 0;
  int room;
  int modules = sc_qr_get_modules (url);
  int module_px;
  int side;
  int panel_width;
  int panel_height;
  cairo_surface_t *surface;
  cairo_t *cr;

  if (modules == 0)
    return NULL;

  if (short_link != NULL)
    {
      link_layout = sc_draw_layout_new (ctx, LINK_SIZE * s, PANGO_WEIGHT_SEMIBOLD);
      pango_layout_set_text (link_layout, short_link, -1);
      /* Two lines, broken anywhere: a link is read and typed whole, an
       * ellipsis in it would make it useless. */
      pango_layout_set_width (link_layout, (width - 2 * padding) * PANGO_SCALE);
      pango_layout_set_wrap (link_layout, PANGO_WRAP_CHAR);
      pango_layout_set_height (link_layout, -2);
      pango_layout_set_ellipsize (link_layout, PANGO_ELLIPSIZE_MIDDLE);
      pango_layout_set_alignment (link_layout, PANGO_ALIGN_CENTER);
      pango_layout_get_pixel_size (link_layout, NULL, &link_height);
      link_height += (int)(LINK_GAP * s);
    }

  room = MIN (width - 2 * padding, height - 2 * padding - link_height);
  module_px = room / modules;
  if (module_px < SC_QR_MIN_MODULE_PX)
    return NULL;
  side = modules * module_px;

  /* The panel hugs the code, bottom-aligned with the card beside it. */
  panel_width = MIN (width, side + 2 * padding);
  panel_height = MIN (height, side + 2 * padding + link_height);
  surface = sc_draw_surface_new (width, height);
  cr = cairo_create (surface);
  cairo_translate (cr, width - panel_width, height - panel_height);
  sc_draw_panel (cr, ctx->kit, panel_width, panel_height, RADIUS * s);
  sc_qr_draw (cr, url, (panel_width - side) / 2, padding, side);
  if (link_layout != NULL)
    {
      sc_draw_set_color (cr, &ctx->kit->text, 0.9);
      sc_draw_layout_show (cr, link_layout, padding, padding + side + LINK_GAP * s);
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (text != NULL)
    {
      g_ptr_array_add (text, g_strdup_printf ("qr: %s", url));
      if (short_link != NULL)
        g_ptr_array_add (text, g_strdup_printf ("link: %s", short_link));
    }
  return surface;
}
