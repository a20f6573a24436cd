/* test-campaign.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One scan to buy: the campaign link (base/sc-campaign-url.c), the
 * discount badge's number (shop/sc-discount.c), the QR code drawn by the
 * overlay read back with a real decoder (zbarimg), the badges, and the end
 * card's "Next show: Friday 19:00" in the show's language. */

#include "config.h"

#include <string.h>

#include "base/sc-campaign-url.h"
#include "base/sc-translation.h"
#include "overlay/sc-badges.h"
#include "overlay/sc-end-card.h"
#include "overlay/sc-layout.h"
#include "overlay/sc-overlay-scene-private.h"
#include "overlay/sc-qr.h"
#include "shop/sc-discount.h"
#include "sc-test-util.h"

static const char * const default_tags[] = {
  "utm_source", "shopcast", "utm_medium", "live", "utm_campaign", "Friday Night Deals", NULL
};

static void
assert_campaign_url (const char *url,
                     const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *built = sc_campaign_url_build (url, default_tags, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (built, ==, expected);
}

static void
test_url_tags (void)
{
  assert_campaign_url ("https://shop.example/products/mug",
                       "https://shop.example/products/mug?utm_source=shopcast&utm_medium=live"
                       "&utm_campaign=Friday%20Night%20Deals");
  /* An existing query is kept, a tag already there replaced, the fragment kept. */
  assert_campaign_url ("https://shop.example/p/mug?variant=42&utm_source=newsletter#reviews",
                       "https://shop.example/p/mug?variant=42&utm_source=shopcast&utm_medium=live"
                       "&utm_campaign=Friday%20Night%20Deals#reviews");
  /* A form-encoded name ("utm%5Fmedium") is the same tag. */
  assert_campaign_url ("http://shop.example:8080/a%20b?utm%5Fmedium=x&&q=a+b",
                       "http://shop.example:8080/a%20b?q=a+b&utm_source=shopcast&utm_medium=live"
                       "&utm_campaign=Friday%20Night%20Deals");
  /* No tags: the URL as it was, credentials left out. */
  {
    g_autofree char *plain = sc_campaign_url_build ("https://ann:pw@shop.example/x?y=1", NULL,
                                                    NULL);
    g_assert_cmpstr (plain, ==, "https://shop.example/x?y=1");
  }
}

static void
test_url_encoding (void)
{
  const char * const tags[] = { "utm_campaign", "Café & Crème = 100%/#1?", NULL };
  g_autofree char *built = sc_campaign_url_build ("https://shop.example/p", tags, NULL);

  g_assert_cmpstr (built, ==,
                   "https://shop.example/p?utm_campaign=Caf%C3%A9%20%26%20Cr%C3%A8me%20%3D%20"
                   "100%25%2F%231%3F");
}

static void
test_url_bad (void)
{
  const char * const bad[] = { NULL, "", "shop.example/p", "ftp://shop.example/p",
                               "mailto:ann@shop.example", "https:///p", "https://exa mple/" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *built = sc_campaign_url_build (bad[i], default_tags, &error);

      g_test_message ("%s", bad[i] ? bad[i] : "(null)");
      g_assert_null (built);
      g_assert_error (error, G_URI_ERROR, error->code);
      g_assert_null (sc_campaign_url_dup_short (bad[i]));
    }
}

static void
test_url_short (void)
{
  g_autofree char *a = sc_campaign_url_dup_short ("https://Shop.Example/products/mug?x=1#y");
  g_autofree char *b = sc_campaign_url_dup_short ("https://shop.example/");
  g_autofree char *c = sc_campaign_url_dup_short ("http://shop.example:8080/t%C3%B6pfe/");

  g_assert_cmpstr (a, ==, "shop.example/products/mug");
  g_assert_cmpstr (b, ==, "shop.example");
  g_assert_cmpstr (c, ==, "shop.example:8080/töpfe/");
}

static void
test_tag_names (void)
{
  g_assert_true (sc_campaign_tag_name_is_valid ("utm_source"));
  g_assert_true (sc_campaign_tag_name_is_valid ("ref.id-2"));
  g_assert_false (sc_campaign_tag_name_is_valid (""));
  g_assert_false (sc_campaign_tag_name_is_valid ("utm source"));
  g_assert_false (sc_campaign_tag_name_is_valid ("a=b"));
  g_assert_false (sc_campaign_tag_name_is_valid (NULL));
}

static void
test_discount (void)
{
  g_autofree char *de = sc_discount_format (2490, 1990, "de-DE");
  g_autofree char *fr = sc_discount_format (2490, 1990, "fr-FR");
  g_autofree char *en = sc_discount_format (2490, 1990, "en-US");
  g_autofree char *half = sc_discount_format (1000, 500, NULL);

  g_assert_cmpuint (sc_discount_percent (2490, 1990), ==, 20);
  /* Rounded down: 19.9 % is never sold as 20 %. */
  g_assert_cmpuint (sc_discount_percent (1000, 801), ==, 19);
  g_assert_cmpuint (sc_discount_percent (1000, 1000), ==, 0);
  g_assert_cmpuint (sc_discount_percent (1000, 1200), ==, 0);
  g_assert_cmpuint (sc_discount_percent (0, 0), ==, 0);
  g_assert_cmpuint (sc_discount_percent (G_MAXINT64, G_MAXINT64 / 2), ==, 50);
  /* U+2212, then ICU's number: a no-break space before % in German and French (CLDR 42). */
  g_assert_cmpstr (de, ==, "\xe2\x88\x92" "20\xc2\xa0%");
  g_assert_cmpstr (fr, ==, "\xe2\x88\x92" "20\xc2\xa0%");
  g_assert_cmpstr (en, ==, "\xe2\x88\x92" "20%");
  g_assert_cmpstr (half, ==, "\xe2\x88\x92" "50%");
  g_assert_null (sc_discount_format (1000, 995, "de-DE"));
  g_assert_null (sc_discount_format (1000, 1000, "de-DE"));
}

typedef struct {
  PangoContext *pango;
  ScBrandKit   *kit;
  ScDrawContext ctx;
} Draw;

static void
draw_init (Draw       *draw,
           const char *locale)
{
  draw->pango = sc_draw_pango_context_new ();
  draw->kit = sc_brand_kit_new ();
  draw->ctx = (ScDrawContext) { draw->pango, draw->kit, NULL, NULL,
                                sc_translation_get (locale), locale };
}

static void
draw_clear (Draw *draw)
{
  g_clear_object (&draw->pango);
  g_clear_pointer (&draw->kit, sc_brand_kit_free);
}

/* zbarimg's reading of the PNG, or NULL (reported) when zbarimg is missing. */
static char *
decode_qr (cairo_surface_t *surface,
           const char      *dir)
{
  g_autofree char *zbarimg = sc_test_find_program ("zbarimg");
  g_autofree char *png = g_build_filename (dir, "qr.png", NULL);
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  if (zbarimg == NULL)
    {
      sc_test_report_missing ("zbarimg (zbar-tools)");
      return NULL;
    }
  g_assert_cmpint (cairo_surface_write_to_png (surface, png), ==, CAIRO_STATUS_SUCCESS);
  {
    const char *argv[] = { zbarimg, "--raw", "-q", png, NULL };

    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                  &error);
  }
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  g_strchomp (out);
  return out;
}

/* What a phone sees of a panel composited on a busy picture. */
static cairo_surface_t *
on_background (cairo_surface_t *panel)
{
  int width = cairo_image_surface_get_width (panel) + 40;
  int height = cairo_image_surface_get_height (panel) + 40;
  cairo_surface_t *frame = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (frame);
  cairo_pattern_t *gradient = cairo_pattern_create_linear (0, 0, width, height);

  cairo_pattern_add_color_stop_rgb (gradient, 0, 0.8, 0.3, 0.1);
  cairo_pattern_add_color_stop_rgb (gradient, 1, 0.1, 0.2, 0.7);
  cairo_set_source (cr, gradient);
  cairo_paint (cr);
  cairo_set_source_surface (cr, panel, 20, 20);
  cairo_paint (cr);
  cairo_pattern_destroy (gradient);
  cairo_destroy (cr);
  return frame;
}

static void
test_qr_panel_decodes (void)
{
  g_autofree char *dir = sc_test_make_tmp_dir ("sc-campaign");
  g_autofree char *url = sc_campaign_url_build ("https://shop.example/products/stoneware-mug-sage",
                                                default_tags, NULL);
  g_autoptr(GPtrArray) text = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *decoded = NULL;
  cairo_surface_t *panel;
  cairo_surface_t *frame;
  Draw draw;

  draw_init (&draw, "en-US");
  /* The size the layout gives it on a 720p canvas. */
  panel = sc_qr_panel_render (&draw.ctx, url, "shop.example/products/stoneware-mug-sage",
                              184, 224, text);
  g_assert_nonnull (panel);
  g_assert_cmpuint (text->len, ==, 2);
  {
    g_autofree char *qr_line = g_strconcat ("qr: ", url, NULL);

    g_assert_cmpstr (g_ptr_array_index (text, 0), ==, qr_line);
  }
  g_assert_cmpstr (g_ptr_array_index (text, 1), ==,
                   "link: shop.example/products/stoneware-mug-sage");
  /* 3 px modules at least: what survives 720p video. */
  g_assert_cmpint (sc_qr_get_modules (url) * 3, <=, 184 - 24);

  frame = on_background (panel);
  decoded = decode_qr (frame, dir);
  if (decoded != NULL)
    g_assert_cmpstr (decoded, ==, url);

  cairo_surface_destroy (frame);
  cairo_surface_destroy (panel);
  draw_clear (&draw);
  sc_test_remove_dir (dir);
}

static void
test_qr_too_small (void)
{
  g_autoptr(GString) long_url = g_string_new ("https://shop.example/");
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 50, 50);
  cairo_t *cr = cairo_create (surface);
  int modules;
  Draw draw;

  for (guint i = 0; i < 300; i++)
    g_string_append (long_url, "abcdefghij");
  draw_init (&draw, "en-US");
  /* Under 2 px a module: nothing, rather than a code no phone reads. */
  modules = sc_qr_get_modules ("https://shop.example/p");
  g_assert_cmpint (modules, ==, 25 + 2 * SC_QR_QUIET_ZONE);
  g_assert_cmpint (sc_qr_draw (cr, "https://shop.example/p", 0, 0, 2 * modules - 1), ==, 0);
  g_assert_cmpint (sc_qr_draw (cr, "https://shop.example/p", 0, 0, 2 * modules), ==, 2 * modules);
  /* Too long to encode at all: no panel, no crash. */
  g_assert_cmpint (sc_qr_get_modules (long_url->str), ==, 0);
  g_assert_null (sc_qr_panel_render (&draw.ctx, long_url->str, NULL, 184, 224, NULL));
  g_assert_null (sc_qr_panel_render (&draw.ctx, "", NULL, 184, 224, NULL));
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  draw_clear (&draw);
}

static void
test_badges (void)
{
  g_autoptr(GPtrArray) text = g_ptr_array_new_with_free_func (g_free);
  cairo_surface_t *surface;
  Draw draw;

  draw_init (&draw, "de-DE");
  surface = sc_badges_render (&draw.ctx, 2490, 1990, TRUE, 1.0, 176, 72, text);
  g_assert_nonnull (surface);
  g_assert_cmpuint (text->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (text, 0), ==, "badge: LIVE");
  g_assert_cmpstr (g_ptr_array_index (text, 1), ==, "badge: \xe2\x88\x92" "20\xc2\xa0%");
  cairo_surface_destroy (surface);

  /* Rehearsal and no "was" price: nothing at all. */
  g_assert_null (sc_badges_render (&draw.ctx, 0, 1990, FALSE, 1.0, 176, 72, NULL));
  draw_clear (&draw);

  draw_init (&draw, "fr-FR");
  g_ptr_array_set_size (text, 0);
  surface = sc_badges_render (&draw.ctx, 0, 1990, TRUE, 1.0, 176, 72, text);
  g_assert_cmpuint (text->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (text, 0), ==, "badge: EN DIRECT");
  cairo_surface_destroy (surface);
  draw_clear (&draw);
}

static void
test_end_card_when (void)
{
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(GTimeZone) new_york = g_time_zone_new_identifier ("America/New_York");
  /* Friday 11 December 2026, 19:00 in Berlin, written with New York's offset. */
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 ("2026-12-11T13:00:00-05:00", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-12-07T10:00:00Z", NULL);
  g_autoptr(GDateTime) long_before = g_date_time_new_from_iso8601 ("2026-11-20T10:00:00Z", NULL);
  g_autofree char *de = sc_end_card_format_start (start, now, berlin, "de-DE");
  g_autofree char *en = sc_end_card_format_start (start, now, new_york, "en-US");
  g_autofree char *fr = sc_end_card_format_start (start, now, berlin, "fr-FR");
  g_autofree char *later = sc_end_card_format_start (start, long_before, berlin, "de-DE");

  g_assert_cmpstr (de, ==, "Freitag, 19:00");
  g_assert_cmpstr (en, ==, "Friday 1:00\xe2\x80\xafPM");
  g_assert_cmpstr (fr, ==, "vendredi 19:00");
  /* More than 6 days ahead: the date too. */
  g_assert_cmpstr (later, ==, "Freitag, 11. Dezember um 19:00");
}

static void
test_end_card_scene (void)
{
  g_autoptr(ScOverlayScene) scene = sc_overlay_scene_new (1280, 720);
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 ("2031-12-12T19:00:00+01:00", NULL);
  g_autofree char *dir = sc_test_make_tmp_dir ("sc-campaign");
  g_autofree char *decoded = NULL;
  g_auto(GStrv) lines = NULL;
  cairo_surface_t *flat;

  sc_overlay_scene_set_locale (scene, "de-DE");
  sc_overlay_scene_set_end_card (scene, start, berlin, "Adventsmarkt",
                                 "https://shop.example/live");
  g_assert_true (sc_overlay_scene_get_end_card_visible (scene));
  lines = sc_overlay_scene_dup_region_text (scene);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_cmpstr (lines[0], ==, "next-show: Nächste Sendung: Freitag, 12. Dezember um 19:00");
  g_assert_cmpstr (lines[1], ==, "title: Adventsmarkt");
  g_assert_cmpstr (lines[2], ==, "qr: https://shop.example/live");

  flat = sc_overlay_scene_render_flat (scene, NULL);
  decoded = decode_qr (flat, dir);
  if (decoded != NULL)
    g_assert_cmpstr (decoded, ==, "https://shop.example/live");
  cairo_surface_destroy (flat);

  sc_overlay_scene_set_end_card (scene, NULL, NULL, NULL, NULL);
  g_assert_false (sc_overlay_scene_get_end_card_visible (scene));
  g_clear_pointer (&lines, g_strfreev);
  lines = sc_overlay_scene_dup_region_text (scene);
  g_assert_cmpuint (g_strv_length (lines), ==, 0);
  sc_test_remove_dir (dir);
}

static void
test_scene_product_qr (void)
{
  g_autoptr(ScOverlayScene) scene = sc_overlay_scene_new (1280, 720);
  g_autoptr(ScProduct) product = sc_product_new ("mug-01", "Stoneware Mug");
  g_autofree char *dir = sc_test_make_tmp_dir ("sc-campaign");
  g_autofree char *decoded = NULL;
  g_auto(GStrv) lines = NULL;
  const char *expected = "https://shop.example/products/mug?utm_source=shopcast&utm_medium=live"
                         "&utm_campaign=Friday%20Night%20Deals";
  cairo_surface_t *flat;

  sc_product_set_price (product, 1990);
  sc_product_set_currency (product, "EUR");
  sc_overlay_scene_set_product (scene, product);
  sc_overlay_scene_set_product_qr (scene, TRUE, default_tags);
  /* No page: no code and no error. */
  lines = sc_overlay_scene_dup_region_text (scene);
  g_assert_cmpuint (g_strv_length (lines), ==, 0);
  g_clear_pointer (&lines, g_strfreev);

  sc_product_set_url (product, "https://shop.example/products/mug");
  sc_product_set_compare_at_price (product, 2490);
  sc_overlay_scene_set_live (scene, TRUE);
  lines = sc_overlay_scene_dup_region_text (scene);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==, "badge: LIVE");
  g_assert_cmpstr (lines[1], ==, "badge: \xe2\x88\x92" "20%");
  {
    g_autofree char *qr_line = g_strconcat ("qr: ", expected, NULL);

    g_assert_cmpstr (lines[2], ==, qr_line);
  }
  g_assert_cmpstr (lines[3], ==, "link: shop.example/products/mug");

  flat = sc_overlay_scene_render_flat (scene, NULL);
  decoded = decode_qr (flat, dir);
  if (decoded != NULL)
    g_assert_cmpstr (decoded, ==, expected);
  cairo_surface_destroy (flat);

  /* Not a web page: no code, and the rest stays. */
  sc_product_set_url (product, "ftp://shop.example/mug");
  g_clear_pointer (&lines, g_strfreev);
  lines = sc_overlay_scene_dup_region_text (scene);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  sc_overlay_scene_set_product_qr (scene, FALSE, NULL);
  sc_overlay_scene_set_live (scene, FALSE);
  g_clear_pointer (&lines, g_strfreev);
  lines = sc_overlay_scene_dup_region_text (scene);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  sc_test_remove_dir (dir);
}

static gboolean
overlap (const ScRect *a,
         const ScRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

/* The QR code and the end card never hide the card, the chat or the title;
 * the badges stay on the card. */
static void
test_layout_rects (void)
{
  const int sizes[][2] = { { 1280, 720 }, { 1920, 1080 }, { 1080, 1920 }, { 640, 480 } };

  for (ScLayoutKind kind = SC_LAYOUT_SOLO; kind <= SC_LAYOUT_PRODUCT_FOCUS; kind++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        ScLayoutGeometry g;

        sc_layout_compute (kind, sizes[i][0], sizes[i][1], &g);
        g_test_message ("%s %dx%d", sc_layout_kind_to_string (kind), sizes[i][0], sizes[i][1]);
        g_assert_cmpint (g.qr.width, >, 0);
        g_assert_cmpint (g.end_card.width, >, 0);
        g_assert_false (overlap (&g.qr, &g.card));
        g_assert_false (overlap (&g.qr, &g.bug));
        g_assert_false (overlap (&g.qr, &g.product_image));
        g_assert_false (overlap (&g.end_card, &g.card));
        g_assert_false (overlap (&g.end_card, &g.qr));
        g_assert_false (overlap (&g.end_card, &g.bug));
        g_assert_cmpint (g.badges.x, >=, g.card.x);
        g_assert_cmpint (g.badges.y, >=, g.card.y);
        g_assert_cmpint (g.badges.x + g.badges.width, <=, g.card.x + g.card.width);
        g_assert_cmpint (g.badges.y + g.badges.height, <=, g.card.y + g.card.height);
        g_assert_false (overlap (&g.qr, &g.chat));
        g_assert_false (overlap (&g.end_card, &g.chat));
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/base/campaign-url/tags", test_url_tags);
  g_test_add_func ("/base/campaign-url/encoding", test_url_encoding);
  g_test_add_func ("/base/campaign-url/bad", test_url_bad);
  g_test_add_func ("/base/campaign-url/short", test_url_short);
  g_test_add_func ("/base/campaign-url/tag-names", test_tag_names);
  g_test_add_func ("/shop/discount", test_discount);
  g_test_add_func ("/overlay/qr/panel-decodes", test_qr_panel_decodes);
  g_test_add_func ("/overlay/qr/too-small", test_qr_too_small);
  g_test_add_func ("/overlay/badges", test_badges);
  g_test_add_func ("/overlay/end-card/when", test_end_card_when);
  g_test_add_func ("/overlay/end-card/scene", test_end_card_scene);
  g_test_add_func ("/overlay/scene/product-qr", test_scene_product_qr);
  g_test_add_func ("/overlay/layout/qr-and-end-card", test_layout_rects);
  return g_test_run ();
}
