/* test-overlay.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "overlay/sc-chat-panel.h"
#include "overlay/sc-overlay-scene-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)

/* Every test writes its renders here; SHOPCAST_TEST_KEEP_PNG keeps them. */
static char *png_dir;

static const ScLayoutKind all_kinds[] = {
  SC_LAYOUT_SOLO, SC_LAYOUT_PIP, SC_LAYOUT_SIDE_BY_SIDE, SC_LAYOUT_PRODUCT_FOCUS,
};

static char *
test_path (const char *name)
{
  return g_build_filename (png_dir, name, NULL);
}

static void
save_png (cairo_surface_t *surface,
          const char      *name)
{
  g_autofree char *path = test_path (name);

  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  g_test_message ("wrote %s", path);
}

static char *
write_png (const char *name,
           int         width,
           int         height,
           double      red,
           double      green,
           double      blue)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  char *path = test_path (name);

  cairo_set_source_rgb (cr, red, green, blue);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return path;
}

/* A stand-in for a camera frame: a gradient with a bright disc. */
static cairo_surface_t *
make_background (int width,
                 int height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);
  cairo_pattern_t *gradient = cairo_pattern_create_linear (0, 0, width, height);

  cairo_pattern_add_color_stop_rgb (gradient, 0, 0.55, 0.62, 0.70);
  cairo_pattern_add_color_stop_rgb (gradient, 1, 0.25, 0.22, 0.30);
  cairo_set_source (cr, gradient);
  cairo_paint (cr);
  cairo_pattern_destroy (gradient);
  cairo_set_source_rgb (cr, 0.85, 0.72, 0.62);
  cairo_arc (cr, width / 2.0, height / 2.2, height / 4.0, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_destroy (cr);

  return surface;
}

typedef struct {
  guint8 a, r, g, b;   /* premultiplied, as stored */
} Pixel;

static Pixel
get_pixel (cairo_surface_t *surface,
           int              x,
           int              y)
{
  const guint8 *data;
  guint32 word;

  cairo_surface_flush (surface);
  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));
  data = cairo_image_surface_get_data (surface);
  memcpy (&word, data + (gsize)y * cairo_image_surface_get_stride (surface) + 4 * x, 4);

  return (Pixel) { word >> 24, (word >> 16) & 0xff, (word >> 8) & 0xff, word & 0xff };
}

static guint
count_differences (cairo_surface_t *a,
                   cairo_surface_t *b)
{
  int width = cairo_image_surface_get_width (a);
  int height = cairo_image_surface_get_height (a);
  guint n = 0;

  if (width != cairo_image_surface_get_width (b) || height != cairo_image_surface_get_height (b))
    return G_MAXUINT;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        Pixel p = get_pixel (a, x, y);
        Pixel q = get_pixel (b, x, y);

        if (p.a != q.a || p.r != q.r || p.g != q.g || p.b != q.b)
          n++;
      }

  return n;
}

typedef gboolean (*PixelTest) (Pixel p);

static guint
count_pixels (cairo_surface_t *surface,
              int              x0,
              int              y0,
              int              width,
              int              height,
              PixelTest        test)
{
  guint n = 0;

  for (int y = y0; y < y0 + height; y++)
    for (int x = x0; x < x0 + width; x++)
      if (test (get_pixel (surface, x, y)))
        n++;

  return n;
}

/* Text is drawn white on a dark panel. */
static gboolean
is_bright (Pixel p)
{
  return p.r > 150 && p.g > 150 && p.b > 150;
}

/* The default accent, a warm yellow. */
static gboolean
is_accent (Pixel p)
{
  return p.r > 200 && p.g > 150 && p.b < 110;
}

static gboolean
is_colourful (Pixel p)
{
  return ABS (p.r - p.g) > 60 || ABS (p.g - p.b) > 60 || ABS (p.r - p.b) > 60;
}

static void
flush_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Images decode in workers: render once to start them, wait until they are
 * in (or failed), so the next render draws them. */
static void
settle (ScOverlayScene *scene)
{
  g_autoptr(GPtrArray) regions = sc_overlay_scene_render (scene);

  while (sc_overlay_scene_get_images_loading (scene) > 0)
    g_main_context_iteration (NULL, TRUE);
}

static GPtrArray *
render (ScOverlayScene *scene)
{
  settle (scene);
  return sc_overlay_scene_render (scene);
}

static cairo_surface_t *
render_flat (ScOverlayScene  *scene,
             cairo_surface_t *background)
{
  settle (scene);
  return sc_overlay_scene_render_flat (scene, background);
}

/* Connected swapped: the counter comes first. */
static void
count_signal (guint *counter)
{
  (*counter)++;
}

static ScProduct *
make_product (void)
{
  ScProduct *product = sc_product_new ("p1", "Linen overshirt, sand");

  sc_product_set_price (product, 4900);
  sc_product_set_compare_at_price (product, 6900);
  sc_product_set_currency (product, "USD");
  sc_product_set_stock (product, 12);
  sc_product_set_claim_code (product, "A1");
  return product;
}

static ScChatMessage *
make_message (const char *id,
              const char *author,
              const char *color,
              const char *text)
{
  return sc_chat_message_new ("test", id, author, color, text, NULL);
}

/* The region the scene drew at the top-left corner of @rect, if any. */
static cairo_surface_t *
find_region (GPtrArray    *regions,
             const ScRect *rect)
{
  for (guint i = 0; i < regions->len; i++)
    {
      ScOverlayRegion *region = g_ptr_array_index (regions, i);

      if (region->x >= rect->x && region->x < rect->x + rect->width
          && region->y >= rect->y && region->y < rect->y + rect->height)
        return region->surface;
    }
  return NULL;
}

static cairo_surface_t *
render_card (ScOverlayScene *scene)
{
  g_autoptr(GPtrArray) regions = render (scene);
  cairo_surface_t *card = find_region (regions, &sc_overlay_scene_get_geometry (scene)->card);

  g_assert_nonnull (card);
  return cairo_surface_reference (card);
}

static cairo_surface_t *
render_chat (ScOverlayScene *scene)
{
  g_autoptr(GPtrArray) regions = render (scene);
  cairo_surface_t *chat = find_region (regions, &sc_overlay_scene_get_geometry (scene)->chat);

  return chat != NULL ? cairo_surface_reference (chat) : NULL;
}

static gboolean
text_has (GStrv       lines,
          const char *line)
{
  return g_strv_contains ((const char * const *)lines, line);
}

static gboolean
text_has_prefix (GStrv       lines,
                 const char *prefix)
{
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return TRUE;
  return FALSE;
}

static void
test_color_parse (void)
{
  static const char * const bad[] = {
    "", "#", "red", "#12", "#1234", "#12345", "#1234567", "#123456789", "#GGGGGG", "123456",
    " #123456", "#123456 ", "#12 456",
  };
  ScColor color = { 0.5, 0.5, 0.5, 0.5 };

  g_assert_true (sc_color_parse ("#F00", &color));
  g_assert_cmpfloat (color.red, ==, 1.0);
  g_assert_cmpfloat (color.green, ==, 0.0);
  g_assert_cmpfloat (color.alpha, ==, 1.0);

  g_assert_true (sc_color_parse ("#336699", &color));
  g_assert_cmpfloat_with_epsilon (color.red, 0x33 / 255.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (color.blue, 0x99 / 255.0, 1e-9);
  g_assert_cmpfloat (color.alpha, ==, 1.0);

  g_assert_true (sc_color_parse ("#ffffff80", &color));
  g_assert_cmpfloat_with_epsilon (color.alpha, 128 / 255.0, 1e-9);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      ScColor untouched = { 0.25, 0.25, 0.25, 0.25 };

      g_assert_false (sc_color_parse (bad[i], &untouched));
      g_assert_cmpfloat (untouched.red, ==, 0.25);
      g_assert_cmpfloat (untouched.alpha, ==, 0.25);
    }
  g_assert_false (sc_color_parse (NULL, &color));
}

static void
test_brand_kit (void)
{
  g_autoptr(ScBrandKit) kit = sc_brand_kit_new ();
  g_autoptr(ScBrandKit) copy = NULL;
  ScBrandKit *boxed;

  g_assert_cmpstr (kit->font_family, ==, "Cantarell");
  g_assert_null (kit->logo_uri);
  /* A dark translucent card with light text and a bright accent. */
  g_assert_cmpfloat (sc_color_luminance (&kit->primary), <, 0.2);
  g_assert_cmpfloat (kit->primary.alpha, <, 1.0);
  g_assert_cmpfloat (kit->primary.alpha, >, 0.6);
  g_assert_cmpfloat (sc_color_luminance (&kit->accent), >, 0.6);
  g_assert_cmpfloat (sc_color_luminance (&kit->text), >, 0.9);

  g_free (kit->logo_uri);
  kit->logo_uri = g_strdup ("/logo.png");
  copy = sc_brand_kit_copy (kit);
  g_assert_cmpstr (copy->logo_uri, ==, "/logo.png");
  g_assert_true (copy->logo_uri != kit->logo_uri);

  boxed = g_boxed_copy (SC_TYPE_BRAND_KIT, kit);
  g_assert_cmpstr (boxed->font_family, ==, "Cantarell");
  g_boxed_free (SC_TYPE_BRAND_KIT, boxed);
}

static void
test_card_placement (void)
{
  static const int sizes[][2] = { { 1280, 720 }, { 1920, 1080 } };
  g_autoptr(ScProduct) product = make_product ();
  g_autofree char *image = write_png ("placement-red.png", 300, 300, 0.85, 0.1, 0.1);

  sc_product_set_image_uri (product, image);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint k = 0; k < G_N_ELEMENTS (all_kinds); k++)
      {
        int w = sizes[s][0];
        int h = sizes[s][1];
        g_autoptr(ScOverlayScene) scene = sc_overlay_scene_new (w, h);
        cairo_surface_t *flat;
        const ScLayoutGeometry *g;
        const ScRect *card;

        sc_overlay_scene_set_layout (scene, all_kinds[k]);
        sc_overlay_scene_set_product (scene, product);
        g = sc_overlay_scene_get_geometry (scene);
        card = &g->card;
        flat = render_flat (scene, NULL);

        /* Opaque enough to read over any video, all over the card. */
        g_assert_cmpint (get_pixel (flat, card->x + card->width / 2,
                                    card->y + card->height / 2).a, >, 200);
        g_assert_cmpint (get_pixel (flat, card->x + 12, card->y + card->height / 2).a, >, 200);
        g_assert_cmpint (get_pixel (flat, card->x + card->width - 12,
                                    card->y + card->height / 2).a, >, 200);
        g_assert_cmpint (get_pixel (flat, card->x + card->width / 2, card->y + 4).a, >, 200);
        /* Rounded corners, and nothing just outside the card. */
        g_assert_cmpint (get_pixel (flat, card->x, card->y).a, <, 100);
        if (card->y >= 4)
          g_assert_cmpint (get_pixel (flat, card->x + card->width / 2, card->y - 4).a, ==, 0);
        /* Nothing far from the overlays: the host's face. */
        g_assert_cmpint (get_pixel (flat, w / 2, (int)(h * 0.42)).a, ==, 0);
        g_assert_cmpint (get_pixel (flat, w / 2, 2).a, ==, 0);

        if (all_kinds[k] == SC_LAYOUT_PRODUCT_FOCUS)
          {
            const ScRect *shot = &g->product_image;
            Pixel p = get_pixel (flat, shot->x + shot->width / 2, shot->y + shot->height / 2);

            g_assert_cmpint (p.a, ==, 255);
            g_assert_cmpint (p.r, >, 200);
            g_assert_cmpint (p.g, <, 60);
          }

        if (s == 0 && (all_kinds[k] == SC_LAYOUT_SOLO || all_kinds[k] == SC_LAYOUT_PRODUCT_FOCUS))
          {
            g_autofree char *name = g_strdup_printf ("placement-%s.png",
                                                     sc_layout_kind_to_string (all_kinds[k]));
            save_png (flat, name);
          }
        cairo_surface_destroy (flat);
      }
}

static void
test_card_stock_change (void)
{
  g_autoptr(ScOverlayScene) scene = sc_overlay_scene_new (1280, 720);
  g_autoptr(ScProduct) product = make_product ();
  cairo_surface_t *before;
  cairo_surface_t *after;
  g_auto(GStrv) text = NULL;
  guint changed = 0;
  guint64 serial;

  g_signal_connect_swapped (scene, "changed", G_CALLBACK (count_signal), &changed);
  sc_overlay_scene_set_product (scene, product);
  flush_main_context ();
  g_assert_cmpuint (changed, ==, 1);

  before = render_card (scene);
  text = sc_overlay_scene_dup_card_text (scene);
  g_assert_true (text_has (text, "stock: In stock"));
  g_clear_pointer (&text, g_strfreev);

  serial = sc_overlay_scene_get_serial (scene);
  changed = 0;
  sc_product_set_stock (product, 3);
  flush_main_context ();
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (sc_overlay_scene_get_serial (scene), ==, serial + 1);

  after = render_card (scene);
  /* A new surface: the old one may still be in the video pipeline. */
  g_assert_true (after != before);
  g_assert_cmpuint (count_differences (before, after), >, 50);
  text = sc_overlay_scene_dup_card_text (scene);
  g_assert_true (text_has (text, "stock: Only 3 left"));
  save_png (after, "card-low-stock.png");

  /* A burst of changes is one "changed". */
  changed = 0;
  serial = sc_overlay_scene_get_serial (scene);
  for (int i = 0; i < 10; i++)
    sc_product_set_stock (product, 20 + i);
  sc_product_set_title (product, "Linen overshirt, olive");
  sc_product_set_price (product, 3900);
  flush_main_context ();
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (sc_overlay_scene_get_serial (scene), ==, serial + 1);

  /* Setting what is already there is not a change. */
  changed = 0;
  sc_product_set_price (product, 3900);
  sc_overlay_scene_set_product (scene, product);
  sc_overlay_scene_set_layout (scene, SC_LAYOUT_SOLO);
  flush_main_context ();
  g_assert_cmpuint (changed, ==, 0);

  /* Properties the card does not show cause no re-render. */
  sc_product_set_sku (product, "LIN-OS-1");
  flush_main_context ();
  g_assert_cmpuint (changed, ==, 0);

  cairo_surface_destroy (before);
  cairo_surface_destroy (after);
}

static void
test_card_stock_states (void)
{
  g_autoptr(ScOverlayScene) scene = sc_overlay_scene_new (1280, 720);
  g_autoptr(ScProduct) product = make_product ();
  static const struct { gint64 stock; const char *line; } cases[] = {
    { 12, "stock: In stock" }, { 6, "stock: In stock" }, { 5, "stock: Only 5 left" },
    { 3, "stock: Only 3 left" }, { 1, "stock: Only 1 left" }, { 0, "stock: Sold out" },
  };
  cairo_surface_t *untracked;
  cairo_surface_t *in_stock;
  cairo_surface_t *sold_out;
  g_auto(GStrv) text = NULL;
  const ScRect *card;

  /* No claim code: its pill is accent-coloured too. */
  sc_product_set_claim_code (product, NULL);
  sc_overlay_scene_set_product (scene, product);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) lines = NULL;

      sc_product_set_stock (product, cases[i].stock);
      lines = sc_overlay_scene_dup_card_text (scene);
      g_assert_true (text_has (lines, cases[i].line));
    }

  sc_product_set_stock (product, SC_STOCK_UNTRACKED);
  text = sc_overlay_scene_dup_card_text (scene);
  g_assert_false (text_has_prefix (text, "stock:"));
  g_assert_true (text_has (text, "price: $49.00"));
  g_clear_pointer (&text, g_strfreev);
  untracked = render_card (scene);

  sc_product_set_stock (product, 40);
  in_stock = render_card (scene);
  sc_product_set_stock (product, 0);
  sold_out = render_card (scene);
  save_png (sold_out, "card-sold-out.png");

  /* The stock line is pixels, not just text. */
  g_assert_cmpuint (count_differences (untracked, in_stock), >, 50);

  /* Sold out dims the price: no accent left on the card. */
  card = &sc_overlay_scene_get_geometry (scene)->card;
  g_assert_cmpuint (count_pixels (in_stock, 0, 0, card->width, card->height, is_accent), >, 100);
  g_assert_cmpuint (count_pixels (sold_out, 0, 0, card->width, card->height, is_accent), <, 5);

  /* The threshold decides what "low" is. */
  sc_overlay_scene_set_low_stock_threshold (scene, 2);
  sc_product_set_stock (product, 3);
  text = sc_overlay_scene_dup_card_text (scene);
  g_assert_true (text_has (text, "stock: In stock"));
  g_clear_pointer (&text, g_strfreev);
  sc_product_set_stock (product, 2);
  text = sc_overlay_scene_dup_card_text (scene);
  g_assert_true (text_has (text, "stock: Only 2 left"));

  cairo_surface_destroy (untracked);
  cairo_surface_destroy (in_stock);
  cairo_surface_destroy (sold_out);
}

static void
test_card_compare_at (void)
{
  g_autoptr(ScOverlayScene) scene = sc_overlay_scene_new (1280, 720);
  g_autoptr(ScProduct) product = make_product ();
  g_auto(GStrv) text = NULL;
  cairo_surface_t *none;
  cairo_surface_t *higher;
  cairo_surface_t *equal;

  sc_overlay_scene_set_product (scene, product);

  sc_product_set_compare_at_price (product, 0);
  text = sc_overlay_scene_dup_card_text (scene);
  g_assert_false (text_has_prefix (text, "compare-at:"));
  g_clear_pointer (&text, g_strfreev);
  none = render_card (scene);

  sc_product_set_compare_at_price (product, 6900);
  text = sc_overlay_scene_dup_card_text (scene);
  g_assert_true (text_has (text, "compare-at: $69.00"));
  g_clear_pointer (&text, g_strfreev);
  higher = render_card (scene);
  save_png (higher, "card-compare-at.png");
  g_assert_cmpuint (count_differences (none, higher), >, 50);

  /* Equal or lower is not a discount: drawn exactly as without one. */
  sc_product_set_compare_at_price (product, 4900);
  text = sc_overlay_scene_dup_card_text (scene);
  g_assert_false (text_has_prefix (text, "compare-at:"));
  g_clear_pointer (&text, g_strfreev);
  equal = render_card (scene);
  g_assert_cmpuint (count_differences (none, equal), ==, 0);

  sc_product_set_compare_at_price (product, 100);
  text = sc_overlay_scene_dup_card_text (scene);
  g_assert_false (text_has_prefix (text, "compare-at:"));

  cairo_surface_destroy (none);
  cairo_surface_destroy (higher);
  cairo_surface_destroy (equal);
}

/* A flash sale on the card: the sale price, the regular one struck through
 * and the countdown; then "Deal ended" beside the regular price; then the
 * card as it was before the sale. */
static void
test_card_sale (void)
{
  g_autoptr(ScOverlayScene) scene = sc_overlay_scene_new (1280, 720);
  g_autoptr(ScProduct) product = make_product ();
  g_auto(GStrv) text = NULL;
  ScCardSale live = { SC_CARD_SALE_LIVE, 3900, 299 };
  ScCardSale ended = { SC_CARD_SALE_ENDED, 0, 0 };
  g_autofree char *long_countdown = sc_card_sale_format_countdown (3723);
  cairo_surface_t *before;
  cairo_surface_t *on_sale;
  cairo_surface_t *after;
  guint64 serial;

  sc_overlay_scene_set_product (scene, product);
  before = render_card (scene);
  /* The discount badge: $49 against the "was" $69 ... */
  text = sc_overlay_scene_dup_region_text (scene);
  g_assert_true (text_has (text, "badge: −28%"));
  g_clear_pointer (&text, g_strfreev);

  sc_overlay_scene_set_sale (scene, &live);
  /* ... and during the sale $39 against the regular $49 the card strikes. */
  text = sc_overlay_scene_dup_region_text (scene);
  g_assert_true (text_has (text, "badge: −20%"));
  g_clear_pointer (&text, g_strfreev);
  text = sc_overlay_scene_dup_card_text (scene);
  g_assert_true (text_has (text, "price: $39.00"));
  g_assert_true (text_has (text, "compare-at: $49.00"));
  g_assert_true (text_has (text, "sale: Ends in 04:59"));
  g_clear_pointer (&text, g_strfreev);
  on_sale = render_card (scene);
  save_png (on_sale, "card-sale.png");
  g_assert_cmpuint (count_differences (before, on_sale), >, 50);

  /* One second less: a new card; the same second again: nothing to redraw. */
  live.seconds_left = 298;
  sc_overlay_scene_set_sale (scene, &live);
  text = sc_overlay_scene_dup_card_text (scene);
  g_assert_true (text_has (text, "sale: Ends in 04:58"));
  g_clear_pointer (&text, g_strfreev);
  serial = sc_overlay_scene_get_serial (scene);
  sc_overlay_scene_set_sale (scene, &live);
  g_assert_cmpuint (sc_overlay_scene_get_serial (scene), ==, serial);
  g_assert_cmpstr (long_countdown, ==, "1:02:03");

  sc_overlay_scene_set_sale (scene, &ended);
  text = sc_overlay_scene_dup_region_text (scene);
  g_assert_true (text_has (text, "badge: −28%"));
  g_clear_pointer (&text, g_strfreev);
  text = sc_overlay_scene_dup_card_text (scene);
  /* The regular price is back, with the product's own "was" price. */
  g_assert_true (text_has (text, "price: $49.00"));
  g_assert_true (text_has (text, "compare-at: $69.00"));
  g_assert_true (text_has (text, "sale: Deal ended"));
  g_clear_pointer (&text, g_strfreev);

  sc_overlay_scene_set_sale (scene, NULL);
  text = sc_overlay_scene_dup_card_text (scene);
  g_assert_false (text_has_prefix (text, "sale:"));
  after = render_card (scene);
  g_assert_cmpuint (count_differences (before, after), ==, 0);

  cairo_surface_destroy (before);
  cairo_surface_destroy (on_sale);
  cairo_surface_destroy (after);
}

static void
test_card_claim_and_title (void)
{
  g_autoptr(ScOverlayScene) scene = sc_overlay_scene_new (1280, 720);
  g_autoptr(ScProduct) product = make_product ();
  g_auto(GStrv) text = NULL;
  cairo_surface_t *card;
  const ScRect *rect;

  sc_overlay_scene_set_product (scene, product);
  text = sc_overlay_scene_dup_card_text (scene);
  g_assert_true (text_has (text, "call-to-action: Comment SOLD A1"));
  g_assert_true (text_has (text, "title: Linen overshirt, sand"));
  g_clear_pointer (&text, g_strfreev);

  sc_overlay_scene_set_claim_keyword (scene, "CLAIM");
  text = sc_overlay_scene_dup_card_text (scene);
  g_assert_true (text_has (text, "call-to-action: Comment CLAIM A1"));
  g_clear_pointer (&text, g_strfreev);

  sc_product_set_claim_code (product, NULL);
  text = sc_overlay_scene_dup_card_text (scene);
  g_assert_false (text_has_prefix (text, "call-to-action:"));
  g_clear_pointer (&text, g_strfreev);

  /* A title far too long still leaves the price and stock on the card. */
  sc_product_set_claim_code (product, "B12");
  sc_product_set_title (product, "Hand-loomed organic linen overshirt with mother-of-pearl "
                                 "buttons, relaxed fit, garment-dyed in small batches");
  card = render_card (scene);
  save_png (card, "card-long-title.png");
  rect = &sc_overlay_scene_get_geometry (scene)->card;
  g_assert_cmpuint (count_pixels (card, 0, 0, rect->width, rect->height, is_accent), >, 100);
  /* Nothing drawn outside the padding at the card's bottom edge. */
  g_assert_cmpuint (count_pixels (card, rect->height, rect->height - 6,
                                  rect->width - rect->height, 4, is_bright), ==, 0);
  cairo_surface_destroy (card);
}

static void
test_card_follows_product (void)
{
  g_autoptr(ScOverlayScene) scene = sc_overlay_scene_new (1280, 720);
  g_autoptr(ScProduct) product = make_product ();
  g_autoptr(ScProduct) other = make_product ();
  guint notify_id = g_signal_lookup ("notify", G_TYPE_OBJECT);
  g_autoptr(GPtrArray) regions = NULL;
  guint changed = 0;

  g_signal_connect_swapped (scene, "changed", G_CALLBACK (count_signal), &changed);

  sc_overlay_scene_set_product (scene, product);
  g_assert_true (sc_overlay_scene_get_product (scene) == product);
  g_assert_true (g_signal_has_handler_pending (product, notify_id, 0, FALSE));

  sc_overlay_scene_set_product (scene, other);
  g_assert_false (g_signal_has_handler_pending (product, notify_id, 0, FALSE));
  flush_main_context ();
  changed = 0;
  sc_product_set_stock (product, 1);
  flush_main_context ();
  g_assert_cmpuint (changed, ==, 0);

  sc_overlay_scene_set_product (scene, NULL);
  regions = render (scene);
  g_assert_null (find_region (regions, &sc_overlay_scene_get_geometry (scene)->card));

  sc_overlay_scene_set_product (scene, other);
  g_clear_object (&scene);
  g_assert_false (g_signal_has_handler_pending (other, notify_id, 0, FALSE));
  sc_product_set_stock (other, 2);
  flush_main_context ();
}

static void
test_render_cached (void)
{
  g_autoptr(ScOverlayScene) scene = sc_overlay_scene_new (1920, 1080);
  g_autoptr(ScProduct) product = make_product ();
  g_autoptr(ScChatMessage) message = make_message ("m1", "ann", NULL, "Does it come in blue?");
  g_autoptr(ScChatMessage) featured = make_message ("m2", "bo", NULL, "Love this one!");
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) third = NULL;
  g_autoptr(cairo_surface_t) background = make_background (1280, 720);
  cairo_surface_t *flat;
  guint changed = 0;
  guint64 serial;
  gint64 start;
  double card_ms;
  double idle_ms;
  guint n_same = 0;

  sc_overlay_scene_set_product (scene, product);
  sc_overlay_scene_push_chat (scene, message);
  sc_overlay_scene_set_featured (scene, featured);
  sc_overlay_scene_set_title (scene, "Friday linen drop");
  flush_main_context ();
  g_signal_connect_swapped (scene, "changed", G_CALLBACK (count_signal), &changed);

  first = render (scene);
  /* Card, discount badge (the product has a compare-at price), chat, lower
   * third, title. */
  g_assert_cmpuint (first->len, ==, 5);
  serial = sc_overlay_scene_get_serial (scene);

  /* Nothing changed: the very same surfaces, no signal, same serial. */
  second = render (scene);
  g_assert_cmpuint (second->len, ==, first->len);
  for (guint i = 0; i < first->len; i++)
    {
      ScOverlayRegion *a = g_ptr_array_index (first, i);
      ScOverlayRegion *b = g_ptr_array_index (second, i);

      g_assert_true (a->surface == b->surface);
      g_assert_cmpint (a->x, ==, b->x);
      g_assert_cmpint (cairo_image_surface_get_format (a->surface), ==, CAIRO_FORMAT_ARGB32);
    }
  flush_main_context ();
  g_assert_cmpuint (changed, ==, 0);
  g_assert_cmpuint (sc_overlay_scene_get_serial (scene), ==, serial);

  /* A chat message re-draws the chat panel only. */
  sc_overlay_scene_clear_chat (scene);
  sc_overlay_scene_push_chat (scene, featured);
  third = render (scene);
  for (guint i = 0; i < third->len; i++)
    {
      ScOverlayRegion *a = g_ptr_array_index (first, i);
      ScOverlayRegion *b = g_ptr_array_index (third, i);

      if (a->surface == b->surface)
        n_same++;
    }
  g_assert_cmpuint (n_same, ==, 4);

  /* Tightly sized: no region is the size of the canvas. */
  for (guint i = 0; i < third->len; i++)
    {
      ScOverlayRegion *r = g_ptr_array_index (third, i);

      g_assert_cmpint (cairo_image_surface_get_width (r->surface)
                       * cairo_image_surface_get_height (r->surface), <, 1920 * 1080 / 6);
    }

  /* A stock change re-draws the card; an unchanged render re-draws nothing.
   * The times are figures of this machine, not checks: CI is a loaded box. */
  start = g_get_monotonic_time ();
  for (int i = 0; i < 20; i++)
    {
      g_autoptr(GPtrArray) before = sc_overlay_scene_render (scene);
      g_autoptr(GPtrArray) regions = NULL;
      guint redrawn = 0;

      sc_product_set_stock (product, 1 + i % 8);
      regions = sc_overlay_scene_render (scene);
      g_assert_cmpuint (regions->len, ==, before->len);
      for (guint j = 0; j < regions->len; j++)
        redrawn += ((ScOverlayRegion *) g_ptr_array_index (regions, j))->surface !=
                   ((ScOverlayRegion *) g_ptr_array_index (before, j))->surface;
      g_assert_cmpuint (redrawn, ==, 1);
    }
  card_ms = (g_get_monotonic_time () - start) / 20 / 1000.0;

  serial = sc_overlay_scene_get_serial (scene);
  {
    g_autoptr(GPtrArray) before = sc_overlay_scene_render (scene);

    start = g_get_monotonic_time ();
    for (int i = 0; i < 1000; i++)
      {
        g_autoptr(GPtrArray) regions = sc_overlay_scene_render (scene);

        g_assert_cmpuint (regions->len, ==, before->len);
        for (guint j = 0; j < regions->len; j++)
          g_assert_true (((ScOverlayRegion *) g_ptr_array_index (regions, j))->surface ==
                         ((ScOverlayRegion *) g_ptr_array_index (before, j))->surface);
      }
    idle_ms = (g_get_monotonic_time () - start) / 1000 / 1000.0;
  }
  g_assert_cmpuint (sc_overlay_scene_get_serial (scene), ==, serial);

  g_test_message ("card re-render at 1080p: %.2f ms; unchanged render: %.4f ms",
                  card_ms, idle_ms);

  flat = render_flat (scene, background);
  g_assert_cmpint (cairo_image_surface_get_width (flat), ==, 1920);
  /* The background is scaled to the canvas: no transparent edge. */
  g_assert_cmpint (get_pixel (flat, 1919, 1079).a, ==, 255);
  g_assert_cmpint (get_pixel (flat, 1919, 0).a, ==, 255);
  save_png (flat, "scene-1080p.png");
  cairo_surface_destroy (flat);
}

static ScOverlayScene *
chat_scene (void)
{
  ScOverlayScene *scene = sc_overlay_scene_new (1280, 720);
  g_autoptr(ScBrandKit) kit = sc_brand_kit_new ();

  /* A grey panel, so any colour on it came from an emoji. */
  sc_color_parse ("#202020E6", &kit->primary);
  sc_overlay_scene_set_brand_kit (scene, kit);
  return scene;
}

static guint
bright_pixels_of_message (const char *text)
{
  g_autoptr(ScOverlayScene) scene = chat_scene ();
  g_autoptr(ScChatMessage) message = make_message ("m", "ann", "#FFFFFF", text);
  cairo_surface_t *panel;
  guint n;

  sc_overlay_scene_push_chat (scene, message);
  panel = render_chat (scene);
  g_assert_nonnull (panel);
  n = count_pixels (panel, 0, 0, cairo_image_surface_get_width (panel),
                    cairo_image_surface_get_height (panel), is_bright);
  cairo_surface_destroy (panel);

  return n;
}

static void
test_chat_markup_literal (void)
{
  g_autoptr(ScOverlayScene) scene = chat_scene ();
  g_autoptr(ScChatMessage) message = make_message ("m1", "ann", "#FFFFFF",
                                                   "<b>bold</b> &amp; <i>x</i>");
  g_autoptr(ScChatMessage) evil = make_message ("m2", "<span size='90000'>eve", NULL,
                                                "&lt;&#x1F600;");
  g_auto(GStrv) text = NULL;
  cairo_surface_t *panel;
  guint tags;
  guint plain;

  sc_overlay_scene_push_chat (scene, message);
  sc_overlay_scene_push_chat (scene, evil);
  text = sc_overlay_scene_dup_chat_text (scene);
  g_assert_cmpuint (g_strv_length (text), ==, 2);
  g_assert_cmpstr (text[0], ==, "ann: <b>bold</b> &amp; <i>x</i>");
  g_assert_cmpstr (text[1], ==, "<span size='90000'>eve: &lt;&#x1F600;");
  panel = render_chat (scene);
  save_png (panel, "chat-markup.png");
  /* Had the author's span been markup, it would not fit the panel. */
  g_assert_cmpint (cairo_image_surface_get_height (panel), <, 200);
  cairo_surface_destroy (panel);

  /* Drawn as typed: the tags and entity take as much ink as their
   * characters, not the two or one glyphs markup would have made of them. */
  tags = bright_pixels_of_message ("<b>x</b>");
  plain = bright_pixels_of_message ("x");
  g_test_message ("ink of “<b>x</b>”: %u, of “x”: %u", tags, plain);
  g_assert_cmpuint (tags, >, plain * 3 / 2);

  tags = bright_pixels_of_message ("&amp;");
  plain = bright_pixels_of_message ("&");
  g_test_message ("ink of “&amp;”: %u, of “&”: %u", tags, plain);
  g_assert_cmpuint (tags, >, plain * 5 / 4);
}

/* Columns holding text, as a fraction of the panel width. */
static void
ink_columns (cairo_surface_t *panel,
             double          *left,
             double          *right)
{
  int width = cairo_image_surface_get_width (panel);
  int height = cairo_image_surface_get_height (panel);
  int min_x = width;
  int max_x = -1;

  for (int y = 6; y < height - 6; y++)
    for (int x = 6; x < width - 6; x++)
      if (is_bright (get_pixel (panel, x, y)))
        {
          min_x = MIN (min_x, x);
          max_x = MAX (max_x, x);
        }

  *left = (double)min_x / width;
  *right = (double)max_x / width;
}

static void
test_chat_rtl_and_emoji (void)
{
  static const struct { const char *author; const char *text; } rtl[] = {
    { "سارة", "مرحبا بالجميع" },
    { "נועה", "שלום לכולם" },
  };
  g_autoptr(ScOverlayScene) scene = chat_scene ();
  g_autoptr(ScChatMessage) emoji = make_message ("e", "bob", "#FFFFFF", "🛍️🔥🎉😍");
  cairo_surface_t *panel;
  guint coloured;

  for (guint i = 0; i < G_N_ELEMENTS (rtl); i++)
    {
      g_autoptr(ScOverlayScene) rtl_scene = chat_scene ();
      g_autoptr(ScChatMessage) message = make_message ("r", rtl[i].author, "#FFFFFF",
                                                       rtl[i].text);
      g_autofree char *name = g_strdup_printf ("chat-rtl-%u.png", i);
      double left;
      double right;

      sc_overlay_scene_push_chat (rtl_scene, message);
      panel = render_chat (rtl_scene);
      save_png (panel, name);
      ink_columns (panel, &left, &right);
      g_test_message ("%s: ink from %.2f to %.2f of the panel", rtl[i].text, left, right);
      /* Glyphs were drawn, and a right-to-left line sits at the right. */
      g_assert_cmpfloat (right, >, 0.85);
      g_assert_cmpfloat (left, >, 0.3);
      cairo_surface_destroy (panel);
    }

  sc_overlay_scene_push_chat (scene, emoji);
  panel = render_chat (scene);
  save_png (panel, "chat-emoji.png");
  coloured = count_pixels (panel, 0, 0, cairo_image_surface_get_width (panel),
                           cairo_image_surface_get_height (panel), is_colourful);
  g_test_message ("coloured emoji pixels: %u", coloured);
  g_assert_cmpuint (coloured, >, 100);
  cairo_surface_destroy (panel);
}

static void
test_chat_bounded (void)
{
  g_autoptr(ScOverlayScene) scene = sc_overlay_scene_new (1280, 720);
  g_auto(GStrv) text = NULL;
  g_autoptr(cairo_surface_t) background = make_background (1280, 720);
  cairo_surface_t *flat;

  for (int i = 0; i < 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("m%d", i);
      g_autofree char *author = g_strdup_printf ("viewer%d", i);
      g_autofree char *body = g_strdup_printf ("message %d", i);
      g_autoptr(ScChatMessage) message = make_message (id, author, NULL, body);

      sc_overlay_scene_push_chat (scene, message);
    }

  text = sc_overlay_scene_dup_chat_text (scene);
  g_assert_cmpuint (g_strv_length (text), ==, 6);
  g_assert_cmpstr (text[0], ==, "viewer4: message 4");
  g_assert_cmpstr (text[5], ==, "viewer9: message 9");
  g_clear_pointer (&text, g_strfreev);

  /* Dropped messages are gone, not hidden. */
  g_assert_false (sc_overlay_scene_remove_chat (scene, "m2"));

  sc_overlay_scene_set_chat_lines (scene, 3);
  text = sc_overlay_scene_dup_chat_text (scene);
  g_assert_cmpuint (g_strv_length (text), ==, 3);
  g_assert_cmpstr (text[0], ==, "viewer7: message 7");
  g_clear_pointer (&text, g_strfreev);

  {
    g_autoptr(ScChatMessage) long_message =
      make_message ("long", "chatty", NULL,
                    "This is a very long message that goes on and on about the fabric, "
                    "the fit, the colour and the shipping time, far more than two lines");

    sc_overlay_scene_push_chat (scene, long_message);
  }
  flat = render_flat (scene, background);
  save_png (flat, "chat-panel.png");
  cairo_surface_destroy (flat);

  /* Hidden: no region, and back again when shown. */
  sc_overlay_scene_set_chat_visible (scene, FALSE);
  g_assert_null (render_chat (scene));
  sc_overlay_scene_set_chat_visible (scene, TRUE);
  flat = render_chat (scene);
  g_assert_nonnull (flat);
  cairo_surface_destroy (flat);
}

static void
test_chat_author_color (void)
{
  g_autoptr(ScBrandKit) kit = sc_brand_kit_new ();
  g_autoptr(ScChatMessage) a = make_message ("1", "stable-name", NULL, "x");
  g_autoptr(ScChatMessage) b = make_message ("2", "stable-name", NULL, "y");
  g_autoptr(ScChatMessage) navy = make_message ("3", "n", "#000080", "z");
  g_autoptr(ScChatMessage) given = make_message ("4", "g", "#FF8000", "w");
  ScColor ca = sc_chat_author_color (a, kit);
  ScColor cb = sc_chat_author_color (b, kit);
  ScColor cn = sc_chat_author_color (navy, kit);
  ScColor cg = sc_chat_author_color (given, kit);

  g_assert_cmpfloat (ca.red, ==, cb.red);
  g_assert_cmpfloat (ca.green, ==, cb.green);
  g_assert_cmpfloat (ca.blue, ==, cb.blue);
  g_assert_cmpfloat (sc_color_luminance (&ca), >, 0.45);
  /* Too dark for the panel: lightened, still blue. */
  g_assert_cmpfloat (sc_color_luminance (&cn), >, 0.45);
  g_assert_cmpfloat (cn.blue, >, cn.red);
  g_assert_cmpfloat (cg.red, ==, 1.0);
  g_assert_cmpfloat_with_epsilon (cg.green, 0x80 / 255.0, 1e-9);
}

static void
test_chat_remove_and_clear (void)
{
  g_autoptr(ScOverlayScene) scene = chat_scene ();
  g_autoptr(ScOverlayScene) expected_scene = chat_scene ();
  g_autoptr(ScChatMessage) keep = make_message ("keep", "ann", NULL, "Is it machine washable?");
  g_autoptr(ScChatMessage) spam = make_message ("spam", "spammer", NULL,
                                                 "FREE MONEY at spam.example");
  g_auto(GStrv) text = NULL;
  cairo_surface_t *with_spam;
  cairo_surface_t *without_spam;
  cairo_surface_t *expected;
  cairo_surface_t *flat;
  const ScRect *chat;
  guint changed = 0;

  sc_overlay_scene_push_chat (scene, keep);
  sc_overlay_scene_push_chat (scene, spam);
  sc_overlay_scene_push_chat (expected_scene, keep);
  with_spam = render_chat (scene);
  flush_main_context ();
  g_signal_connect_swapped (scene, "changed", G_CALLBACK (count_signal), &changed);

  g_assert_true (sc_overlay_scene_remove_chat (scene, "spam"));
  g_assert_false (sc_overlay_scene_remove_chat (scene, "spam"));
  g_assert_false (sc_overlay_scene_remove_chat (scene, NULL));
  flush_main_context ();
  g_assert_cmpuint (changed, ==, 1);

  text = sc_overlay_scene_dup_chat_text (scene);
  g_assert_cmpuint (g_strv_length (text), ==, 1);
  g_assert_cmpstr (text[0], ==, "ann: Is it machine washable?");

  /* The panel now is pixel for pixel the one that never saw the spam. */
  without_spam = render_chat (scene);
  expected = render_chat (expected_scene);
  g_assert_cmpint (cairo_image_surface_get_height (without_spam), <,
                   cairo_image_surface_get_height (with_spam));
  g_assert_cmpuint (count_differences (without_spam, expected), ==, 0);

  sc_overlay_scene_clear_chat (scene);
  g_assert_null (render_chat (scene));
  g_clear_pointer (&text, g_strfreev);
  text = sc_overlay_scene_dup_chat_text (scene);
  g_assert_cmpuint (g_strv_length (text), ==, 0);
  chat = &sc_overlay_scene_get_geometry (scene)->chat;
  flat = render_flat (scene, NULL);
  g_assert_cmpuint (count_pixels (flat, chat->x, chat->y, chat->width, chat->height, is_bright),
                    ==, 0);
  g_assert_cmpint (get_pixel (flat, chat->x + chat->width / 2,
                              chat->y + chat->height - 10).a, ==, 0);

  cairo_surface_destroy (flat);
  cairo_surface_destroy (with_spam);
  cairo_surface_destroy (without_spam);
  cairo_surface_destroy (expected);
}

typedef struct {
  guint  count;
  char  *uri;
  char  *message;
} ImageFailure;

static void
on_image_failed (ScOverlayScene *scene,
                 const char     *uri,
                 const char     *message,
                 ImageFailure   *failure)
{
  failure->count++;
  g_free (failure->uri);
  g_free (failure->message);
  failure->uri = g_strdup (uri);
  failure->message = g_strdup (message);
}

static void
test_image_good (void)
{
  g_autofree char *path = write_png ("good.png", 400, 300, 0.1, 0.3, 0.9);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  const char * const uris[] = { path, uri };

  for (guint i = 0; i < G_N_ELEMENTS (uris); i++)
    {
      g_autoptr(ScOverlayScene) scene = sc_overlay_scene_new (1280, 720);
      g_autoptr(ScProduct) product = make_product ();
      ImageFailure failure = { 0 };
      cairo_surface_t *card;
      int height;
      Pixel p;

      g_signal_connect (scene, "image-failed", G_CALLBACK (on_image_failed), &failure);
      sc_product_set_image_uri (product, uris[i]);
      sc_overlay_scene_set_product (scene, product);
      card = render_card (scene);
      height = cairo_image_surface_get_height (card);

      /* The square image box sits at the left, centred vertically. */
      p = get_pixel (card, height / 2, height / 2);
      g_assert_cmpint (failure.count, ==, 0);
      g_assert_cmpint (p.a, ==, 255);
      g_assert_cmpint (p.b, >, 200);
      g_assert_cmpint (p.r, <, 60);
      if (i == 0)
        save_png (card, "card-with-image.png");
      cairo_surface_destroy (card);
    }
}

static void
count_changed (ScOverlayScene *scene,
               guint          *count)
{
  (*count)++;
}

/* A shop's https:// image is the placeholder until the studio says where it
 * was downloaded to; then the card shows it. */
static void
test_image_remote (void)
{
  g_autofree char *path = write_png ("remote.png", 400, 300, 0.1, 0.3, 0.9);
  g_autoptr(ScOverlayScene) scene = sc_overlay_scene_new (1280, 720);
  g_autoptr(ScOverlayScene) reference_scene = sc_overlay_scene_new (1280, 720);
  g_autoptr(ScProduct) product = make_product ();
  g_autoptr(ScProduct) reference_product = make_product ();
  const char *uri = "https://cdn.shop.example/files/mug.png";
  ImageFailure failure = { 0 };
  cairo_surface_t *placeholder;
  cairo_surface_t *card;
  guint changed = 0;
  int height;
  Pixel p;

  sc_overlay_scene_set_product (reference_scene, reference_product);
  placeholder = render_card (reference_scene);

  g_signal_connect (scene, "image-failed", G_CALLBACK (on_image_failed), &failure);
  sc_product_set_image_uri (product, uri);
  sc_overlay_scene_set_product (scene, product);
  card = render_card (scene);
  g_assert_cmpuint (failure.count, ==, 0);
  g_assert_cmpuint (count_differences (card, placeholder), ==, 0);
  cairo_surface_destroy (card);

  g_signal_connect (scene, "changed", G_CALLBACK (count_changed), &changed);
  sc_overlay_scene_set_image_location (scene, uri, path);
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpuint (changed, ==, 1);
  card = render_card (scene);
  height = cairo_image_surface_get_height (card);
  p = get_pixel (card, height / 2, height / 2);
  g_assert_cmpuint (failure.count, ==, 0);
  g_assert_cmpint (p.b, >, 200);
  g_assert_cmpint (p.r, <, 60);
  cairo_surface_destroy (card);
  cairo_surface_destroy (placeholder);
  g_free (failure.uri);
  g_free (failure.message);
}

/* Claims on air show next to the stock; untracked stock shows them alone. */
static void
test_card_claimed (void)
{
  g_autoptr(ScOverlayScene) scene = sc_overlay_scene_new (1280, 720);
  g_autoptr(ScProduct) product = make_product ();
  g_auto(GStrv) text = NULL;
  guint changed = 0;

  sc_overlay_scene_set_product (scene, product);
  cairo_surface_destroy (render_card (scene));
  g_signal_connect_swapped (scene, "changed", G_CALLBACK (count_signal), &changed);

  sc_overlay_scene_set_claimed (scene, 5);
  flush_main_context ();
  g_assert_cmpuint (changed, ==, 1);
  cairo_surface_destroy (render_card (scene));
  text = sc_overlay_scene_dup_card_text (scene);
  g_assert_true (text_has (text, "stock: In stock · 5 claimed"));
  g_clear_pointer (&text, g_strfreev);

  sc_overlay_scene_set_claimed (scene, 5);
  flush_main_context ();
  g_assert_cmpuint (changed, ==, 1);

  sc_product_set_stock (product, SC_STOCK_UNTRACKED);
  sc_overlay_scene_set_claimed (scene, 1);
  cairo_surface_destroy (render_card (scene));
  text = sc_overlay_scene_dup_card_text (scene);
  g_assert_true (text_has (text, "stock: 1 claimed"));
}

static void
test_image_bad (void)
{
  g_autofree char *missing = test_path ("missing.png");
  g_autofree char *not_png = test_path ("notes.png");
  g_autofree char *wide = write_png ("wide.png", 5000, 10, 1, 0, 0);
  g_autofree char *huge = test_path ("huge.png");
  g_autofree char *directory = test_path ("folder.png");
  g_autofree char *empty = test_path ("empty.png");
  struct { const char *uri; const char *name; const char *reason; } cases[] = {
    { missing, "missing.png", "does not exist" },
    { not_png, "notes.png", "not a readable image" },
    { wide, "wide.png", "larger than 4096 pixels" },
    { huge, "huge.png", "limit" },
    { directory, "folder.png", "not a regular file" },
    { empty, "empty.png", "not a readable image" },
    { "resource:///io/github/shopcast/none.png", "none.png", "does not exist" },
  };
  g_autoptr(ScOverlayScene) reference_scene = sc_overlay_scene_new (1280, 720);
  g_autoptr(ScProduct) reference_product = make_product ();
  cairo_surface_t *placeholder;
  int fd;

  g_assert_true (g_file_set_contents (not_png, "this is not a PNG\n", -1, NULL));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_cmpint (g_mkdir (directory, 0700), ==, 0);
  /* Sparse: eleven megabytes on paper, nothing on disk. */
  fd = g_open (huge, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 11 * 1000 * 1000), ==, 0);
  g_assert_true (g_close (fd, NULL));

  /* A product without an image shows the placeholder. */
  sc_overlay_scene_set_product (reference_scene, reference_product);
  placeholder = render_card (reference_scene);
  save_png (placeholder, "card-placeholder.png");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ScOverlayScene) scene = sc_overlay_scene_new (1280, 720);
      g_autoptr(ScProduct) product = make_product ();
      ImageFailure failure = { 0 };
      cairo_surface_t *card;

      g_signal_connect (scene, "image-failed", G_CALLBACK (on_image_failed), &failure);
      sc_product_set_image_uri (product, cases[i].uri);
      sc_overlay_scene_set_product (scene, product);
      card = render_card (scene);

      g_test_message ("%s: %s", cases[i].name, failure.message);
      g_assert_cmpuint (failure.count, ==, 1);
      g_assert_cmpstr (failure.uri, ==, cases[i].uri);
      g_assert_nonnull (strstr (failure.message, cases[i].name));
      g_assert_nonnull (strstr (failure.message, cases[i].reason));
      g_assert_cmpuint (count_differences (card, placeholder), ==, 0);
      cairo_surface_destroy (card);

      /* Reported once, even when the card and the large shot both want it. */
      sc_product_set_stock (product, 1);
      sc_overlay_scene_set_layout (scene, SC_LAYOUT_PRODUCT_FOCUS);
      cairo_surface_destroy (render_flat (scene, NULL));
      g_assert_cmpuint (failure.count, ==, 1);

      /* Re-pinning tries again, and reports again. */
      sc_overlay_scene_set_product (scene, NULL);
      sc_overlay_scene_set_product (scene, product);
      cairo_surface_destroy (render_flat (scene, NULL));
      g_assert_cmpuint (failure.count, ==, 2);

      g_free (failure.uri);
      g_free (failure.message);
    }

  g_assert_cmpint (g_rmdir (directory), ==, 0);
  g_assert_cmpint (g_unlink (huge), ==, 0);
  cairo_surface_destroy (placeholder);
}

/* A handler that changes the scene in the middle of a render. */
static void
unpin_on_failure (ScOverlayScene *scene,
                  const char     *uri,
                  const char     *message,
                  gpointer        user_data)
{
  g_auto(GStrv) text = sc_overlay_scene_dup_card_text (scene);

  sc_overlay_scene_set_product (scene, NULL);
}

static void
test_image_failure_reentrancy (void)
{
  g_autoptr(ScOverlayScene) scene = sc_overlay_scene_new (1280, 720);
  ScProduct *product = make_product ();
  g_autoptr(GPtrArray) regions = NULL;

  sc_product_set_image_uri (product, "/nonexistent/shot.png");
  g_signal_connect (scene, "image-failed", G_CALLBACK (unpin_on_failure), NULL);
  sc_overlay_scene_set_product (scene, product);
  /* The scene now holds the only reference. */
  g_object_unref (product);

  regions = render (scene);
  g_clear_pointer (&regions, g_ptr_array_unref);
  /* The unpin done by the handler shows on the next render. */
  regions = render (scene);
  g_assert_null (find_region (regions, &sc_overlay_scene_get_geometry (scene)->card));
}

static void
test_featured_and_bug (void)
{
  g_autoptr(ScOverlayScene) scene = sc_overlay_scene_new (1280, 720);
  g_autoptr(ScChatMessage) featured =
    make_message ("f", "maria_k", "#7CE38B", "Just ordered two, the sand one is gorgeous!");
  g_autofree char *logo = write_png ("logo.png", 64, 64, 1.0, 0.78, 0.24);
  g_autoptr(ScBrandKit) kit = sc_brand_kit_new ();
  g_autoptr(GPtrArray) regions = NULL;
  g_autoptr(cairo_surface_t) background = make_background (1280, 720);
  const ScLayoutGeometry *g = sc_overlay_scene_get_geometry (scene);
  cairo_surface_t *lower;
  cairo_surface_t *bug;
  cairo_surface_t *flat;
  guint changed = 0;

  g_signal_connect_swapped (scene, "changed", G_CALLBACK (count_signal), &changed);
  regions = render (scene);
  g_assert_cmpuint (regions->len, ==, 0);
  g_clear_pointer (&regions, g_ptr_array_unref);

  sc_overlay_scene_set_featured (scene, featured);
  sc_overlay_scene_set_title (scene, "Friday linen drop");
  flush_main_context ();
  g_assert_cmpuint (changed, ==, 1);

  regions = render (scene);
  lower = find_region (regions, &g->lower_third);
  bug = find_region (regions, &g->bug);
  g_assert_nonnull (lower);
  g_assert_nonnull (bug);
  /* Both hug their text. */
  g_assert_cmpint (cairo_image_surface_get_width (bug), <, g->bug.width);
  g_assert_cmpint (cairo_image_surface_get_height (bug), ==, g->bug.height);
  g_assert_cmpint (cairo_image_surface_get_width (lower), <=, g->lower_third.width);
  g_assert_cmpuint (count_pixels (lower, 0, 0, cairo_image_surface_get_width (lower),
                                  cairo_image_surface_get_height (lower), is_bright), >, 100);
  g_clear_pointer (&regions, g_ptr_array_unref);

  g_free (kit->logo_uri);
  kit->logo_uri = g_strdup (logo);
  sc_overlay_scene_set_brand_kit (scene, kit);
  regions = render (scene);
  bug = find_region (regions, &g->bug);
  /* The logo's yellow is inside the pill, before the title. */
  g_assert_cmpuint (count_pixels (bug, 0, 0, cairo_image_surface_get_height (bug),
                                  cairo_image_surface_get_height (bug), is_accent), >, 200);
  g_clear_pointer (&regions, g_ptr_array_unref);

  flat = render_flat (scene, background);
  save_png (flat, "featured-and-bug.png");
  cairo_surface_destroy (flat);

  sc_overlay_scene_set_featured (scene, NULL);
  sc_overlay_scene_set_title (scene, NULL);
  sc_overlay_scene_set_brand_kit (scene, NULL);
  regions = render (scene);
  g_assert_cmpuint (regions->len, ==, 0);
}

static void
test_resize (void)
{
  g_autoptr(ScOverlayScene) scene = sc_overlay_scene_new (1280, 720);
  g_autoptr(ScProduct) product = make_product ();
  cairo_surface_t *small;
  cairo_surface_t *large;
  guint changed = 0;

  sc_overlay_scene_set_product (scene, product);
  small = render_card (scene);
  flush_main_context ();
  g_signal_connect_swapped (scene, "changed", G_CALLBACK (count_signal), &changed);

  sc_overlay_scene_set_size (scene, 1920, 1080);
  flush_main_context ();
  g_assert_cmpuint (changed, ==, 1);
  large = render_card (scene);
  g_assert_cmpint (cairo_image_surface_get_width (large), ==,
                   cairo_image_surface_get_width (small) * 3 / 2);
  g_assert_cmpint (cairo_image_surface_get_height (large), ==, 336);
  save_png (large, "card-1080p.png");

  cairo_surface_destroy (small);
  cairo_surface_destroy (large);
}

static void
remove_png_dir (void)
{
  g_autoptr(GDir) dir = g_dir_open (png_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (png_dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (png_dir);
}

/* Big surfaces reuse the pixels of destroyed ones (the card is redrawn ten
 * times a second on a busy show): a surface made from them is still
 * transparent, whatever was drawn there before, and any size works. */
static void
test_surface_recycled_is_clear (void)
{
  int sizes[][2] = { { 400, 500 }, { 400, 500 }, { 380, 480 }, { 401, 501 }, { 1, 1 }, { 0, 0 } };

  for (guint n = 0; n < G_N_ELEMENTS (sizes); n++)
    {
      cairo_surface_t *surface = sc_draw_surface_new (sizes[n][0], sizes[n][1]);
      int w = cairo_image_surface_get_width (surface);
      int h = cairo_image_surface_get_height (surface);
      int stride = cairo_image_surface_get_stride (surface);
      const guint8 *data;
      cairo_t *cr;

      g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (w, ==, MAX (sizes[n][0], 1));
      g_assert_cmpint (h, ==, MAX (sizes[n][1], 1));
      cairo_surface_flush (surface);
      data = cairo_image_surface_get_data (surface);
      for (int j = 0; j < h; j++)
        for (int i = 0; i < w * 4; i++)
          if (data[(gsize)j * stride + i] != 0)
            g_error ("surface %u: byte %d of row %d is %u, not transparent", n, i, j,
                     data[(gsize)j * stride + i]);
      /* Leave it opaque for the next one to inherit. */
      cr = cairo_create (surface);
      cairo_set_source_rgba (cr, 1, 0.5, 0.25, 1);
      cairo_paint (cr);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  png_dir = g_dir_make_tmp ("shopcast-overlay-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/overlay/draw/surface-recycled-is-clear", test_surface_recycled_is_clear);
  g_test_add_func ("/overlay/brand-kit/color-parse", test_color_parse);
  g_test_add_func ("/overlay/brand-kit/defaults", test_brand_kit);
  g_test_add_func ("/overlay/card/placement", test_card_placement);
  g_test_add_func ("/overlay/card/stock", test_card_stock_change);
  g_test_add_func ("/overlay/card/stock-states", test_card_stock_states);
  g_test_add_func ("/overlay/card/compare-at", test_card_compare_at);
  g_test_add_func ("/overlay/card/sale", test_card_sale);
  g_test_add_func ("/overlay/card/claim-and-title", test_card_claim_and_title);
  g_test_add_func ("/overlay/card/follows-product", test_card_follows_product);
  g_test_add_func ("/overlay/scene/cached", test_render_cached);
  g_test_add_func ("/overlay/scene/resize", test_resize);
  g_test_add_func ("/overlay/chat/markup-literal", test_chat_markup_literal);
  g_test_add_func ("/overlay/chat/rtl-and-emoji", test_chat_rtl_and_emoji);
  g_test_add_func ("/overlay/chat/bounded", test_chat_bounded);
  g_test_add_func ("/overlay/chat/author-color", test_chat_author_color);
  g_test_add_func ("/overlay/chat/remove-and-clear", test_chat_remove_and_clear);
  g_test_add_func ("/overlay/image/good", test_image_good);
  g_test_add_func ("/overlay/image/bad", test_image_bad);
  g_test_add_func ("/overlay/image/remote", test_image_remote);
  g_test_add_func ("/overlay/card/claimed", test_card_claimed);
  g_test_add_func ("/overlay/image/failure-reentrancy", test_image_failure_reentrancy);
  g_test_add_func ("/overlay/featured-and-bug", test_featured_and_bug);

  ret = g_test_run ();

  if (g_getenv ("SHOPCAST_TEST_KEEP_PNG") != NULL)
    g_printerr ("# renders kept in %s\n", png_dir);
  else
    remove_png_dir ();
  g_free (png_dir);

  return ret;
}
