/* sc-chat-panel.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-chat-panel"

#include "config.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

#include "sc-chat-panel.h"

/* Sizes in pixels of a 720p canvas, multiplied by the scene's scale. */
#define CHAT_PADDING     14.0
#define CHAT_SPACING      8.0
#define CHAT_TEXT_SIZE   20.0
#define CHAT_RADIUS      16.0
#define LOWER_PADDING_X  18.0
#define LOWER_PADDING_Y  12.0
#define LOWER_BAR         6.0
#define LOWER_AUTHOR     18.0
#define LOWER_TEXT       24.0

/* Bright enough on a dark panel, and distinct from one another, for authors
 * whose platform gives no colour. */
static const char * const author_palette[] = {
  "#FF7A7A", "#FFB454", "#FFE066", "#7CE38B", "#5CD6D6", "#6EB5FF", "#B39DFF", "#FF8AD8",
};

static int
even_ceil (double value)
{
  return 2 * (int)ceil (value / 2.0);
}

ScColor
sc_chat_author_color (ScChatMessage    *message,
                      const ScBrandKit *kit)
{
  const char *author = sc_chat_message_get_author (message);
  gboolean dark_panel = sc_color_luminance (&kit->primary) < 0.5;
  ScColor color;
  double luminance;

  if (!sc_color_parse (sc_chat_message_get_color (message), &color))
    {
      guint index = g_str_hash (author) % G_N_ELEMENTS (author_palette);

      sc_color_parse (author_palette[index], &color);
    }
  color.alpha = 1.0;

  /* Viewers pick any colour, navy included; blend it toward the panel's
   * opposite so every name stays readable. */
  luminance = sc_color_luminance (&color);
  if (dark_panel && luminance < 0.45)
    {
      color.red = (color.red + 1.0) / 2.0;
      color.green = (color.green + 1.0) / 2.0;
      color.blue = (color.blue + 1.0) / 2.0;
    }
  else if (!dark_panel && luminance > 0.55)
    {
      color.red /= 2.0;
      color.green /= 2.0;
      color.blue /= 2.0;
    }

  return color;
}

static PangoAttribute *
foreground_attr (const ScColor *color,
                 guint          start,
                 guint          end)
{
  PangoAttribute *attr = pango_attr_foreground_new ((guint16)(color->red * 65535),
                                                    (guint16)(color->green * 65535),
                                                    (guint16)(color->blue * 65535));

  attr->start_index = start;
  attr->end_index = end;
  return attr;
}

static PangoAttribute *
bold_attr (guint start,
           guint end)
{
  PangoAttribute *attr = pango_attr_weight_new (PANGO_WEIGHT_BOLD);

  attr->start_index = start;
  attr->end_index = end;
  return attr;
}

/* Chat is one line of thought per message: line breaks and tabs sent by a
 * viewer would only waste the two lines the panel gives each message. */
static char *
dup_single_line (const char *text)
{
  char *copy = g_strdup (text);

  for (char *p = copy; *p != '\0'; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t')
      *p = ' ';

  return copy;
}

/* Author and message go in as plain text with attributes, never as markup,
 * so "<b>" and "&amp;" typed by a viewer show exactly as typed. */
static PangoLayout *
message_layout_new (const ScDrawContext *ctx,
                    ScChatMessage       *message,
                    double               scale,
                    int                  width,
                    char               **line)
{
  PangoLayout *layout = sc_draw_layout_new (ctx, CHAT_TEXT_SIZE * scale, PANGO_WEIGHT_NORMAL);
  g_autofree char *author = dup_single_line (sc_chat_message_get_author (message));
  g_autofree char *body = dup_single_line (sc_chat_message_get_text (message));
  ScColor color = sc_chat_author_color (message, ctx->kit);
  PangoAttrList *attrs = pango_attr_list_new ();
  guint author_end = strlen (author);
  char *text;

  text = g_strconcat (author, ": ", body, NULL);

  pango_attr_list_insert (attrs, bold_attr (0, author_end + 1));
  pango_attr_list_insert (attrs, foreground_attr (&color, 0, author_end + 1));
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);

  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (layout, -2);

  *line = text;
  return layout;
}

cairo_surface_t *
sc_chat_panel_render (const ScDrawContext *ctx,
                      GPtrArray           *messages,
                      double               scale,
                      int                  width,
                      int                  max_height,
                      GPtrArray           *text)
{
  double padding = CHAT_PADDING * scale;
  double spacing = CHAT_SPACING * scale;
  int text_width = (int)(width - 2 * padding);
  g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  double content_height = 0;
  int height;
  double y;
  cairo_surface_t *surface;
  cairo_t *cr;

  if (messages == NULL || messages->len == 0 || text_width <= 0)
    return NULL;

  /* Newest first, until the panel is full; older messages scroll away. */
  for (guint i = messages->len; i > 0; i--)
    {
      char *line = NULL;
      PangoLayout *layout = message_layout_new (ctx, g_ptr_array_index (messages, i - 1),
                                                scale, text_width, &line);
      int layout_height;
      double needed;

      pango_layout_get_pixel_size (layout, NULL, &layout_height);
      needed = content_height + (layouts->len > 0 ? spacing : 0) + layout_height;
      if (needed + 2 * padding > max_height)
        {
          g_object_unref (layout);
          g_free (line);
          break;
        }

      content_height = needed;
      g_ptr_array_insert (layouts, 0, layout);
      g_ptr_array_insert (lines, 0, line);
    }

  if (layouts->len == 0)
    return NULL;

  height = MIN (even_ceil (content_height + 2 * padding), max_height);
  surface = sc_draw_surface_new (width, height);
  cr = cairo_create (surface);

  sc_draw_panel (cr, ctx->kit, width, height, CHAT_RADIUS * scale);

  y = padding;
  sc_draw_set_color (cr, &ctx->kit->text, 1.0);
  for (guint i = 0; i < layouts->len; i++)
    {
      PangoLayout *layout = g_ptr_array_index (layouts, i);
      int layout_height;

      sc_draw_layout_show (cr, layout, padding, y);
      pango_layout_get_pixel_size (layout, NULL, &layout_height);
      y += layout_height + spacing;

      if (text != NULL)
        g_ptr_array_add (text, g_strdup (g_ptr_array_index (lines, i)));
    }

  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

cairo_surface_t *
sc_lower_third_render (const ScDrawContext *ctx,
                       ScChatMessage       *message,
                       double               scale,
                       int                  max_width,
                       int                  max_height)
{
  const ScBrandKit *kit = ctx->kit;
  double padding_x = LOWER_PADDING_X * scale;
  double padding_y = LOWER_PADDING_Y * scale;
  double bar = LOWER_BAR * scale;
  double text_x = bar + padding_x;
  int text_width = (int)(max_width - text_x - padding_x);
  g_autoptr(PangoLayout) author_layout = NULL;
  g_autoptr(PangoLayout) text_layout = NULL;
  g_autofree char *author = NULL;
  g_autofree char *body = NULL;
  PangoRectangle author_rect;
  PangoRectangle text_rect;
  int width;
  int height;
  cairo_surface_t *surface;
  cairo_t *cr;

  if (text_width <= 0 || max_height <= 0)
    return NULL;

  author = dup_single_line (sc_chat_message_get_author (message));
  author_layout = sc_draw_layout_new (ctx, LOWER_AUTHOR * scale, PANGO_WEIGHT_BOLD);
  pango_layout_set_text (author_layout, author, -1);
  pango_layout_set_width (author_layout, text_width * PANGO_SCALE);
  pango_layout_set_ellipsize (author_layout, PANGO_ELLIPSIZE_END);

  body = dup_single_line (sc_chat_message_get_text (message));
  text_layout = sc_draw_layout_new (ctx, LOWER_TEXT * scale, PANGO_WEIGHT_NORMAL);
  pango_layout_set_text (text_layout, body, -1);
  pango_layout_set_width (text_layout, text_width * PANGO_SCALE);
  pango_layout_set_wrap (text_layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (text_layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (text_layout, -2);

  pango_layout_get_pixel_extents (author_layout, NULL, &author_rect);
  pango_layout_get_pixel_extents (text_layout, NULL, &text_rect);

  /* Hug the text: a short comment gets a short bar, not 640 empty pixels. */
  width = even_ceil (text_x + MAX (author_rect.width, text_rect.width) + padding_x);
  width = MIN (MAX (width, (int)(max_height * 2)), max_width);
  height = MIN (even_ceil (2 * padding_y + author_rect.height + 2 * scale + text_rect.height),
                max_height);

  /* Narrow the layouts to the hugging width so RTL text aligns to its edge. */
  pango_layout_set_width (author_layout, (int)((width - text_x - padding_x) * PANGO_SCALE));
  pango_layout_set_width (text_layout, (int)((width - text_x - padding_x) * PANGO_SCALE));

  surface = sc_draw_surface_new (width, height);
  cr = cairo_create (surface);

  sc_draw_panel (cr, kit, width, height, 14 * scale);

  cairo_save (cr);
  sc_draw_rounded_rect (cr, 0, 0, width, height, 14 * scale);
  cairo_clip (cr);
  cairo_rectangle (cr, 0, 0, bar, height);
  sc_draw_set_color (cr, &kit->accent, 1.0);
  cairo_fill (cr);
  cairo_restore (cr);

  sc_draw_set_color (cr, &kit->accent, 1.0);
  sc_draw_layout_show (cr, author_layout, text_x, padding_y);
  sc_draw_set_color (cr, &kit->text, 1.0);
  sc_draw_layout_show (cr, text_layout, text_x, padding_y + author_rect.height + 2 * scale);

  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}
