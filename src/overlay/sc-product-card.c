/* sc-product-card.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-product-card"

#include "config.h"

#include <pango/pangocairo.h>

#include "shop/sc-money.h"

#include "sc-product-card.h"

/* The card is designed at 224 px high (a 720p canvas) and scaled from there:
 * sizes below are in those pixels. */
#define DESIGN_HEIGHT  224.0
#define PADDING         16.0
#define RADIUS          18.0
#define IMAGE_RADIUS    12.0
#define IMAGE_GAP       20.0
#define TITLE_SIZE      28.0
#define PRICE_SIZE      32.0
#define COMPARE_SIZE    22.0
#define STOCK_SIZE      20.0
#define ACTION_SIZE     19.0
#define SALE_SIZE       19.0

typedef enum {
  STOCK_UNTRACKED,
  STOCK_IN_STOCK,
  STOCK_LOW,
  STOCK_SOLD_OUT,
} StockState;

/* Fixed signal colours: viewers read green/amber/red as stock levels
 * whatever the show's brand colours are. */
static const ScColor in_stock_color = { 0.24, 0.86, 0.52, 1.0 };
static const ScColor low_stock_color = { 1.0, 0.69, 0.13, 1.0 };
static const ScColor sold_out_color = { 1.0, 0.42, 0.42, 1.0 };
/* The countdown's pill: urgent red whatever the brand is. */
static const ScColor sale_color = { 0.86, 0.15, 0.2, 1.0 };

gboolean
sc_card_sale_equal (const ScCardSale *a,
                    const ScCardSale *b)
{
  ScCardSaleState state_a = a != NULL ? a->state : SC_CARD_SALE_NONE;
  ScCardSaleState state_b = b != NULL ? b->state : SC_CARD_SALE_NONE;

  if (state_a != state_b)
    return FALSE;
  if (state_a != SC_CARD_SALE_LIVE)
    return TRUE;
  return a->price == b->price && a->seconds_left == b->seconds_left;
}

char *
sc_card_sale_format_countdown (guint seconds)
{
  if (seconds >= 3600)
    return g_strdup_printf ("%u:%02u:%02u", seconds / 3600, seconds / 60 % 60, seconds % 60);
  return g_strdup_printf ("%02u:%02u", seconds / 60, seconds % 60);
}

static StockState
get_stock_state (ScProduct *product,
                 guint      low_stock_threshold)
{
  gint64 stock = sc_product_get_stock (product);

  if (stock < 0)
    return STOCK_UNTRACKED;
  if (stock == 0)
    return STOCK_SOLD_OUT;
  if (stock <= (gint64)low_stock_threshold)
    return STOCK_LOW;
  return STOCK_IN_STOCK;
}

/* The card speaks the show's language (ctx->translation), not the desktop's:
 * po/meson.build tells xgettext that sc_translation_gettext() and
 * sc_translation_ngettext() mark messages as _() and ngettext() do. */
static char *
dup_stock_text (const ScDrawContext *ctx,
                ScProduct           *product,
                StockState           state)
{
  gint64 stock = sc_product_get_stock (product);

  switch (state)
    {
    case STOCK_IN_STOCK:
      return g_strdup (sc_translation_gettext (ctx->translation, "In stock"));
    case STOCK_LOW:
      return g_strdup_printf (sc_translation_ngettext (ctx->translation, "Only %d left",
                                                       "Only %d left", (gulong)stock),
                              (int)stock);
    case STOCK_SOLD_OUT:
      return g_strdup (sc_translation_gettext (ctx->translation, "Sold out"));
    case STOCK_UNTRACKED:
    default:
      return NULL;
    }
}

/* As the audience writes prices ("24,00 €" in Germany); a currency ICU does
 * not know is shown as the plain amount and its code rather than nothing. */
static char *
format_price (const ScDrawContext *ctx,
              gint64               minor_units,
              const char          *currency)
{
  g_autoptr(GError) error = NULL;
  char *text = sc_money_format_for_locale (minor_units, currency, ctx->locale, &error);

  if (text == NULL)
    {
      g_debug ("%s", error->message);
      text = sc_money_format (minor_units, currency);
    }
  return text;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

static double
layout_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

static double
layout_baseline (PangoLayout *layout)
{
  return pango_layout_get_baseline (layout) / (double)PANGO_SCALE;
}

/* Dark text on a light accent, light text on a dark one. */
static ScColor
contrasting_color (const ScColor *background)
{
  if (sc_color_luminance (background) > 0.5)
    return (ScColor) { 0.07, 0.07, 0.09, 1.0 };
  return (ScColor) { 1.0, 1.0, 1.0, 1.0 };
}

/* The line under the price during a sale, in the show's language. */
static char *
dup_sale_text (const ScDrawContext *ctx,
               const ScCardSale    *sale)
{
  g_autofree char *countdown = NULL;

  if (sale == NULL || sale->state == SC_CARD_SALE_NONE)
    return NULL;
  if (sale->state == SC_CARD_SALE_ENDED)
    /* Translators: on the product card when a flash sale's time is up. */
    return g_strdup (sc_translation_gettext (ctx->translation, "Deal ended"));
  countdown = sc_card_sale_format_countdown (sale->seconds_left);
  /* Translators: a flash sale's countdown on the product card; %s is the
   * time left as minutes and seconds, such as 04:59. */
  return g_strdup_printf (sc_translation_gettext (ctx->translation, "Ends in %s"), countdown);
}

/* The sale's pill (countdown or "Deal ended") at @y; returns its height. */
static double
draw_sale_pill (cairo_t          *cr,
                const ScBrandKit *kit,
                PangoLayout      *layout,
                gboolean          live,
                double            x,
                double            y,
                double            s)
{
  double height = layout_height (layout) + 10 * s;
  double width = layout_width (layout) + 24 * s;

  sc_draw_rounded_rect (cr, x, y, width, height, height / 2.0);
  if (live)
    sc_draw_set_color (cr, &sale_color, 1.0);
  else
    sc_draw_set_color (cr, &kit->text, 0.25);
  cairo_fill (cr);
  sc_draw_set_color (cr, &(ScColor) { 1.0, 1.0, 1.0, 1.0 }, 1.0);
  sc_draw_layout_show (cr, layout, x + 12 * s, y + 5 * s);
  return height;
}

cairo_surface_t *
sc_product_card_render (const ScDrawContext *ctx,
                        ScProduct           *product,
                        guint                low_stock_threshold,
                        const char          *claim_keyword,
                        guint                claimed,
                        const ScCardSale    *sale,
                        int                  width,
                        int                  height,
                        GPtrArray           *text)
{
  const ScBrandKit *kit = ctx->kit;
  double s = height / DESIGN_HEIGHT;
  double padding = PADDING * s;
  double image_size = MIN (height - 2 * padding, width * 0.4);
  double text_x = padding + image_size + IMAGE_GAP * s;
  double text_width = width - text_x - padding;
  StockState stock_state = get_stock_state (product, low_stock_threshold);
  gboolean on_sale = sale != NULL && sale->state == SC_CARD_SALE_LIVE;
  /* On sale, the regular price is the one struck through. */
  gint64 price = on_sale ? sale->price : sc_product_get_price (product);
  gint64 compare_at = on_sale ? sc_product_get_price (product)
                              : sc_product_get_compare_at_price (product);
  const char *currency = sc_product_get_currency (product);
  const char *title = sc_product_get_title (product);
  const char *claim_code = sc_product_get_claim_code (product);
  gboolean dimmed = stock_state == STOCK_SOLD_OUT;
  g_autoptr(PangoLayout) title_layout = NULL;
  g_autoptr(PangoLayout) price_layout = NULL;
  g_autoptr(PangoLayout) compare_layout = NULL;
  g_autoptr(PangoLayout) stock_layout = NULL;
  g_autoptr(PangoLayout) action_layout = NULL;
  g_autoptr(PangoLayout) sale_layout = NULL;
  g_autofree char *sale_text = NULL;
  double sale_height = 0;
  g_autofree char *price_text = NULL;
  g_autofree char *compare_text = NULL;
  g_autofree char *stock_text = NULL;
  g_autofree char *action_text = NULL;
  double line_gap = 6 * s;
  double action_height = 0;
  double block_height;
  double y;
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = sc_draw_surface_new (width, height);
  cr = cairo_create (surface);

  sc_draw_panel (cr, kit, width, height, RADIUS * s);
  sc_draw_image (cr, ctx, sc_product_get_image_uri (product), SC_IMAGE_FIT_COVER,
                 (int)padding, (int)padding, (int)image_size, (int)image_size, IMAGE_RADIUS * s);

  title_layout = sc_draw_layout_new (ctx, TITLE_SIZE * s, PANGO_WEIGHT_SEMIBOLD);
  pango_layout_set_text (title_layout, title != NULL ? title : "", -1);
  pango_layout_set_width (title_layout, (int)(text_width * PANGO_SCALE));
  pango_layout_set_wrap (title_layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (title_layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (title_layout, -2);

  price_text = format_price (ctx, price, currency);
  price_layout = sc_draw_layout_new (ctx, PRICE_SIZE * s, PANGO_WEIGHT_BOLD);
  pango_layout_set_text (price_layout, price_text, -1);

  /* A "was" price only sells when it is higher than the price. */
  if (compare_at > price)
    {
      double room = text_width - layout_width (price_layout) - 12 * s;
      PangoAttrList *attrs = pango_attr_list_new ();

      compare_text = format_price (ctx, compare_at, currency);
      compare_layout = sc_draw_layout_new (ctx, COMPARE_SIZE * s, PANGO_WEIGHT_NORMAL);
      pango_layout_set_text (compare_layout, compare_text, -1);
      pango_attr_list_insert (attrs, pango_attr_strikethrough_new (TRUE));
      pango_layout_set_attributes (compare_layout, attrs);
      pango_attr_list_unref (attrs);
      pango_layout_set_width (compare_layout, (int)(MAX (room, 0) * PANGO_SCALE));
      pango_layout_set_ellipsize (compare_layout, PANGO_ELLIPSIZE_END);
    }

  stock_text = dup_stock_text (ctx, product, stock_state);
  /* Claims made on air so far: social proof next to the stock. */
  if (claimed > 0)
    {
      g_autofree char *claims =
        g_strdup_printf (sc_translation_ngettext (ctx->translation, "%u claimed", "%u claimed",
                                                  claimed), claimed);
      char *joined = stock_text != NULL ? g_strdup_printf ("%s · %s", stock_text, claims)
                                        : g_strdup (claims);

      g_free (stock_text);
      stock_text = joined;
    }
  if (stock_text != NULL)
    {
      stock_layout = sc_draw_layout_new (ctx, STOCK_SIZE * s, PANGO_WEIGHT_MEDIUM);
      pango_layout_set_text (stock_layout, stock_text, -1);
    }

  sale_text = dup_sale_text (ctx, sale);
  if (sale_text != NULL)
    {
      sale_layout = sc_draw_layout_new (ctx, SALE_SIZE * s, PANGO_WEIGHT_BOLD);
      pango_layout_set_text (sale_layout, sale_text, -1);
      sale_height = layout_height (sale_layout) + 10 * s;
    }

  if (claim_code != NULL && *claim_code != '\0')
    {
      /* Translators: the call to action on the product card. %1$s is the
       * keyword viewers comment to claim (such as SOLD), %2$s the product's
       * claim code (such as A1). */
      action_text = g_strdup_printf (sc_translation_gettext (ctx->translation, "Comment %1$s %2$s"),
                                     claim_keyword != NULL ? claim_keyword : "SOLD", claim_code);
      action_layout = sc_draw_layout_new (ctx, ACTION_SIZE * s, PANGO_WEIGHT_BOLD);
      pango_layout_set_text (action_layout, action_text, -1);
      pango_layout_set_width (action_layout, (int)((text_width - 28 * s) * PANGO_SCALE));
      pango_layout_set_ellipsize (action_layout, PANGO_ELLIPSIZE_END);
      action_height = layout_height (action_layout) + 12 * s;
    }

  /* Long titles give up their second line before anything overlaps. */
  block_height = layout_height (title_layout) + line_gap + layout_height (price_layout)
                 + (stock_layout ? line_gap + layout_height (stock_layout) : 0)
                 + (sale_layout ? line_gap + sale_height : 0)
                 + (action_layout ? 2 * line_gap + action_height : 0);
  if (block_height > height - 2 * padding && pango_layout_get_line_count (title_layout) > 1)
    {
      double second_line = layout_height (title_layout);

      pango_layout_set_height (title_layout, -1);
      block_height -= second_line - layout_height (title_layout);
    }

  /* Centre the text block on the image so short cards look balanced. */
  y = MAX (padding, (height - block_height) / 2.0);

  sc_draw_set_color (cr, &kit->text, 1.0);
  sc_draw_layout_show (cr, title_layout, text_x, y);
  y += layout_height (title_layout) + line_gap;

  if (dimmed)
    sc_draw_set_color (cr, &kit->text, 0.45);
  else
    sc_draw_set_color (cr, &kit->accent, 1.0);
  sc_draw_layout_show (cr, price_layout, text_x, y);

  if (compare_layout != NULL)
    {
      double compare_x = text_x + layout_width (price_layout) + 12 * s;
      double compare_y = y + layout_baseline (price_layout) - layout_baseline (compare_layout);

      sc_draw_set_color (cr, &kit->text, dimmed ? 0.35 : 0.6);
      sc_draw_layout_show (cr, compare_layout, compare_x, compare_y);
    }
  y += layout_height (price_layout);

  if (sale_layout != NULL)
    {
      y += line_gap;
      y += draw_sale_pill (cr, kit, sale_layout, on_sale, text_x, y, s);
    }

  if (stock_layout != NULL)
    {
      const ScColor *color = stock_state == STOCK_SOLD_OUT ? &sold_out_color
                             : stock_state == STOCK_LOW ? &low_stock_color
                             : &in_stock_color;
      double stock_height = layout_height (stock_layout);
      double dot = 5 * s;

      y += line_gap;
      sc_draw_set_color (cr, color, 1.0);
      cairo_arc (cr, text_x + dot, y + stock_height / 2.0, dot, 0, 2 * G_PI);
      cairo_fill (cr);

      if (stock_state == STOCK_IN_STOCK)
        sc_draw_set_color (cr, &kit->text, 0.85);
      sc_draw_layout_show (cr, stock_layout, text_x + 3 * dot, y);
      y += stock_height;
    }

  if (action_layout != NULL)
    {
      ScColor on_accent = contrasting_color (&kit->accent);
      double pill_width = layout_width (action_layout) + 28 * s;

      y += 2 * line_gap;
      sc_draw_rounded_rect (cr, text_x, y, pill_width, action_height, action_height / 2.0);
      sc_draw_set_color (cr, &kit->accent, dimmed ? 0.45 : 1.0);
      cairo_fill (cr);
      sc_draw_set_color (cr, &on_accent, 1.0);
      sc_draw_layout_show (cr, action_layout, text_x + 14 * s, y + 6 * s);
    }

  cairo_destroy (cr);
  cairo_surface_flush (surface);

  if (text != NULL)
    {
      g_ptr_array_add (text, g_strdup_printf ("title: %s", title != NULL ? title : ""));
      g_ptr_array_add (text, g_strdup_printf ("price: %s", price_text));
      if (compare_text != NULL)
        g_ptr_array_add (text, g_strdup_printf ("compare-at: %s", compare_text));
      if (stock_text != NULL)
        g_ptr_array_add (text, g_strdup_printf ("stock: %s", stock_text));
      if (sale_text != NULL)
        g_ptr_array_add (text, g_strdup_printf ("sale: %s", sale_text));
      if (action_text != NULL)
        g_ptr_array_add (text, g_strdup_printf ("call-to-action: %s", action_text));
    }

  return surface;
}

cairo_surface_t *
sc_product_image_render (const ScDrawContext *ctx,
                         ScProduct           *product,
                         int                  width,
                         int                  height)
{
  double s = height / 480.0;
  int inset = (int)(16 * s);
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = sc_draw_surface_new (width, height);
  cr = cairo_create (surface);

  /* Contain, not cover: in close-up the whole product must be visible. */
  sc_draw_panel (cr, ctx->kit, width, height, 24 * s);
  sc_draw_image (cr, ctx, sc_product_get_image_uri (product), SC_IMAGE_FIT_CONTAIN,
                 inset, inset, width - 2 * inset, height - 2 * inset, 14 * s);

  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}
