/* sc-end-card.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-end-card"

#include "config.h"

#include <unicode/udat.h>
#include <unicode/udatpg.h>
#include <unicode/ustring.h>

#include "base/sc-locale.h"

#include "sc-end-card.h"
#include "sc-qr.h"

/* Design pixels of the 224 px high card of a 720p canvas. */
#define DESIGN_HEIGHT 224.0
#define PADDING        16.0
#define RADIUS         18.0
#define HEADING_SIZE   23.0
#define TITLE_SIZE     18.0
#define QR_SIZE       150.0   /* 4 px modules for a short link at 720p */

static char *
format_with_skeleton (const char *icu_locale,
                      const char *skeleton,
                      UDate       when)
{
  UErrorCode status = U_ZERO_ERROR;
  UChar uskeleton[32];
  UChar pattern[128];
  UChar result[256];
  UDateTimePatternGenerator *generator;
  UDateFormat *format = NULL;
  int32_t length;
  /* The time was already moved to the wall clock it is shown in. */
  static const UChar utc[] = { 'U', 'T', 'C', 0 };

  u_uastrcpy (uskeleton, skeleton);
  generator = udatpg_open (icu_locale, &status);
  length = udatpg_getBestPattern (generator, uskeleton, -1, pattern, G_N_ELEMENTS (pattern),
                                  &status);
  if (generator != NULL)
    udatpg_close (generator);
  if (U_SUCCESS (status))
    format = udat_open (UDAT_PATTERN, UDAT_PATTERN, icu_locale, utc, -1, pattern, length,
                        &status);
  if (U_SUCCESS (status))
    length = udat_format (format, when, result, G_N_ELEMENTS (result), NULL, &status);
  if (format != NULL)
    udat_close (format);
  if (U_FAILURE (status))
    return NULL;
  return g_utf16_to_utf8 ((const gunichar2 *)result, length, NULL, NULL, NULL);
}

char *
sc_end_card_format_start (GDateTime  *start,
                          GDateTime  *now,
                          GTimeZone  *zone,
                          const char *locale)
{
  g_autoptr(GTimeZone) local = zone != NULL ? g_time_zone_ref (zone) : g_time_zone_new_local ();
  g_autoptr(GDateTime) wall = g_date_time_to_timezone (start, local);
  g_autofree char *icu_locale = sc_locale_dup_icu_id (locale != NULL ? locale
                                                                      : SC_LOCALE_FALLBACK);
  GTimeSpan ahead = g_date_time_difference (start, now);
  /* Within the week a weekday names one day; after that it needs the date. */
  const char *skeleton = ahead < 6 * G_TIME_SPAN_DAY ? "EEEEjmm" : "EEEEMMMMdjmm";
  UDate when = (g_date_time_to_unix (wall) + g_date_time_get_utc_offset (wall) / G_USEC_PER_SEC)
               * 1000.0;
  char *text;

  g_return_val_if_fail (start != NULL && now != NULL, NULL);

  text = format_with_skeleton (icu_locale != NULL ? icu_locale : "en_US", skeleton, when);
  if (text == NULL)
    text = g_date_time_format (wall, "%A %H:%M");
  return text;
}

cairo_surface_t *
sc_end_card_render (const ScDrawContext *ctx,
                    const char          *when,
                    const char          *title,
                    const char          *url,
                    int                  width,
                    int                  height,
                    GPtrArray           *text)
{
  double s = height / DESIGN_HEIGHT;
  int padding = (int)(PADDING * s);
  int qr_size = MIN (height - 2 * padding, (int)(QR_SIZE * s));
  g_autoptr(PangoLayout) heading = NULL;
  g_autoptr(PangoLayout) title_layout = NULL;
  g_autofree char *heading_text = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  int qr_side = 0;
  double text_x;
  double text_width;
  int heading_height;
  int title_height = 0;
  double y;

  surface = sc_draw_surface_new (width, height);
  cr = cairo_create (surface);
  sc_draw_panel (cr, ctx->kit, width, height, RADIUS * s);

  if (url != NULL)
    {
      int max_side = MIN (qr_size, width / 2);
      int modules = sc_qr_get_modules (url);
      int side = modules > 0 ? max_side / modules * modules : 0;

      qr_side = sc_qr_draw (cr, url, padding, (height - side) / 2, max_side);
    }
  text_x = padding + (qr_side > 0 ? qr_side + padding : 0);
  text_width = width - text_x - padding;

  /* Translators: on the video at the end of a show; %s is the weekday and
   * time of the next one, as "Friday 19:00". */
  heading_text = g_strdup_printf (sc_translation_gettext (ctx->translation, "Next show: %s"),
                                  when);
  heading = sc_draw_layout_new (ctx, HEADING_SIZE * s, PANGO_WEIGHT_BOLD);
  pango_layout_set_text (heading, heading_text, -1);
  pango_layout_set_width (heading, (int)(text_width * PANGO_SCALE));
  pango_layout_set_wrap (heading, PANGO_WRAP_WORD);
  pango_layout_set_height (heading, -4);
  pango_layout_set_ellipsize (heading, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (heading, NULL, &heading_height);

  if (title != NULL && *title != '\0')
    {
      title_layout = sc_draw_layout_new (ctx, TITLE_SIZE * s, PANGO_WEIGHT_MEDIUM);
      pango_layout_set_text (title_layout, title, -1);
      pango_layout_set_width (title_layout, (int)(text_width * PANGO_SCALE));
      pango_layout_set_wrap (title_layout, PANGO_WRAP_WORD);
      pango_layout_set_height (title_layout, -2);
      pango_layout_set_ellipsize (title_layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (title_layout, NULL, &title_height);
      title_height += (int)(8 * s);
    }

  y = MAX (padding, (height - heading_height - title_height) / 2.0);
  sc_draw_set_color (cr, &ctx->kit->accent, 1.0);
  sc_draw_layout_show (cr, heading, text_x, y);
  if (title_layout != NULL)
    {
      sc_draw_set_color (cr, &ctx->kit->text, 0.9);
      sc_draw_layout_show (cr, title_layout, text_x, y + heading_height + 8 * s);
    }
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (text != NULL)
    {
      g_ptr_array_add (text, g_strdup_printf ("next-show: %s", heading_text));
      if (title_layout != NULL)
        g_ptr_array_add (text, g_strdup_printf ("title: %s", title));
      if (qr_side > 0)
        g_ptr_array_add (text, g_strdup_printf ("qr: %s", url));
    }
  return surface;
}
