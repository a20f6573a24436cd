/* sc-layout.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-layout"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sc-layout.h"

/* Every position and size below is in "design units": pixels of a 1280x720
 * canvas. They are scaled to the real canvas and rounded to even numbers,
 * because 4:2:0 video shares one chroma sample between 2x2 pixels and an odd
 * edge would smear the overlay's border colour into its neighbour. */
#define DESIGN_WIDTH  1280.0
#define DESIGN_HEIGHT  720.0

#define MARGIN        24
#define GAP           16
#define BUG_WIDTH     320
#define BUG_HEIGHT    48
#define CARD_WIDTH    560
#define CARD_HEIGHT   224
#define CHAT_WIDTH    400
#define CHAT_HEIGHT   304
#define LOWER_WIDTH   640
#define LOWER_HEIGHT  112
#define INSET_WIDTH   384   /* a small 16:9 video inset (pip, product-focus host) */
#define INSET_HEIGHT  216
#define QR_WIDTH      184   /* a 53-module code (a product URL with its tags) at 3 px */
#define BADGES_INSET   24
#define BADGES_WIDTH  176
#define BADGES_HEIGHT  72
#define END_WIDTH     440

static const char * const layout_names[] = {
  [SC_LAYOUT_SOLO] = "solo",
  [SC_LAYOUT_PIP] = "pip",
  [SC_LAYOUT_SIDE_BY_SIDE] = "side-by-side",
  [SC_LAYOUT_PRODUCT_FOCUS] = "product-focus",
};

const char *
sc_layout_kind_to_string (ScLayoutKind kind)
{
  g_return_val_if_fail ((guint)kind < G_N_ELEMENTS (layout_names), NULL);

  return layout_names[kind];
}

gboolean
sc_layout_kind_from_string (const char   *name,
                            ScLayoutKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (name == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (layout_names); i++)
    {
      if (strcmp (name, layout_names[i]) == 0)
        {
          *kind = (ScLayoutKind)i;
          return TRUE;
        }
    }

  return FALSE;
}

typedef struct {
  int    width;    /* the canvas, rounded down to even */
  int    height;
  double scale;    /* canvas pixels per design unit */
} Canvas;

static int
even (double value)
{
  return 2 * (int)floor (value / 2.0 + 0.5);
}

static int
even_floor (double value)
{
  return 2 * (int)floor (value / 2.0);
}

static int
units (const Canvas *canvas,
       double        design_units)
{
  return even (design_units * canvas->scale);
}

/* A rect given by its distance from the left and top edges. */
static ScRect
from_top_left (const Canvas *canvas,
               double        left,
               double        top,
               double        width,
               double        height)
{
  return (ScRect) {
    units (canvas, left), units (canvas, top), units (canvas, width), units (canvas, height)
  };
}

/* A rect given by its distance from the right edge and the bottom edge, so
 * it stays in its corner on canvases wider or taller than 16:9. */
static ScRect
from_bottom_right (const Canvas *canvas,
                   double        right,
                   double        bottom,
                   double        width,
                   double        height)
{
  int w = units (canvas, width);
  int h = units (canvas, height);

  return (ScRect) {
    canvas->width - units (canvas, right) - w, canvas->height - units (canvas, bottom) - h, w, h
  };
}

static ScRect
from_top_right (const Canvas *canvas,
                double        right,
                double        top,
                double        width,
                double        height)
{
  int w = units (canvas, width);

  return (ScRect) {
    canvas->width - units (canvas, right) - w, units (canvas, top), w, units (canvas, height)
  };
}

static ScRect
from_bottom_left (const Canvas *canvas,
                  double        left,
                  double        bottom,
                  double        width,
                  double        height)
{
  int h = units (canvas, height);

  return (ScRect) {
    units (canvas, left), canvas->height - units (canvas, bottom) - h, units (canvas, width), h
  };
}

/* Rounding can push a rect a pixel or two past a tiny canvas; never let it. */
static void
clamp_rect (const Canvas *canvas,
            ScRect       *rect)
{
  rect->x = CLAMP (rect->x, 0, canvas->width);
  rect->y = CLAMP (rect->y, 0, canvas->height);
  rect->width = CLAMP (rect->width, 0, canvas->width - rect->x);
  rect->height = CLAMP (rect->height, 0, canvas->height - rect->y);
}

static void
place_bug (const Canvas     *canvas,
           ScLayoutGeometry *geometry)
{
  geometry->bug = from_top_left (canvas, MARGIN, MARGIN, BUG_WIDTH, BUG_HEIGHT);
}

/* Solo, pip and side-by-side share one arrangement of the overlays: title
 * top-left, product card bottom-right where viewers look for "buy", chat
 * stacked above it, the featured comment bottom-left. The host stays in the
 * middle of the frame, uncovered. */
static void
place_standard_overlays (const Canvas     *canvas,
                         ScLayoutGeometry *geometry)
{
  place_bug (canvas, geometry);
  geometry->card = from_bottom_right (canvas, MARGIN, MARGIN, CARD_WIDTH, CARD_HEIGHT);
  geometry->chat = from_bottom_right (canvas, MARGIN, MARGIN + CARD_HEIGHT + GAP,
                                      CHAT_WIDTH, CHAT_HEIGHT);
  geometry->lower_third = from_bottom_left (canvas, MARGIN, MARGIN, LOWER_WIDTH, LOWER_HEIGHT);
  geometry->qr = from_bottom_right (canvas, MARGIN + CARD_WIDTH + GAP, MARGIN, QR_WIDTH,
                                    CARD_HEIGHT);
  geometry->end_card = from_bottom_left (canvas, MARGIN, MARGIN + LOWER_HEIGHT + GAP, END_WIDTH,
                                         CARD_HEIGHT);
}

/* The stickers sit on the card's product shot, top-left, as shops put them. */
static void
place_badges (const Canvas     *canvas,
              ScLayoutGeometry *geometry)
{
  geometry->badges = (ScRect) {
    geometry->card.x + units (canvas, BADGES_INSET), geometry->card.y + units (canvas, BADGES_INSET),
    units (canvas, BADGES_WIDTH), units (canvas, BADGES_HEIGHT)
  };
}

static void
layout_solo (const Canvas     *canvas,
             ScLayoutGeometry *geometry)
{
  geometry->slots[0] = (ScRect) { 0, 0, canvas->width, canvas->height };
  geometry->slot_visible[0] = TRUE;
  place_standard_overlays (canvas, geometry);
}

/* Live shopping is about the host handling the product, so the camera keeps
 * the full frame and the screen (a product page, a size chart) is the small
 * inset, top-left under the title where no overlay covers it. */
static void
layout_pip (const Canvas     *canvas,
            ScLayoutGeometry *geometry)
{
  geometry->slots[0] = (ScRect) { 0, 0, canvas->width, canvas->height };
  geometry->slot_visible[0] = TRUE;
  geometry->slot_zorder[0] = 0;
  geometry->slots[1] = from_top_left (canvas, MARGIN, MARGIN + BUG_HEIGHT + GAP,
                                      INSET_WIDTH, INSET_HEIGHT);
  geometry->slot_visible[1] = TRUE;
  geometry->slot_zorder[1] = 1;
  place_standard_overlays (canvas, geometry);
}

/* Two 16:9 halves, letterboxed and centred vertically. The chat moves into
 * the top bar so it does not hide the screen half; the card still has to
 * overlap the bottom of the right half a little to stay legible. */
static void
layout_side_by_side (const Canvas     *canvas,
                     ScLayoutGeometry *geometry)
{
  int half = even_floor (canvas->width / 2.0);
  int w = half;
  int h = even_floor (w * 9.0 / 16.0);
  int x;
  int y;
  double top_bar;

  if (h > canvas->height)
    {
      h = canvas->height;
      w = MIN (half, even_floor (h * 16.0 / 9.0));
    }
  x = even_floor ((half - w) / 2.0);
  y = even_floor ((canvas->height - h) / 2.0);

  geometry->slots[0] = (ScRect) { x, y, w, h };
  geometry->slots[1] = (ScRect) { canvas->width - half + x, y, w, h };
  geometry->slot_visible[0] = TRUE;
  geometry->slot_visible[1] = TRUE;

  place_standard_overlays (canvas, geometry);

  /* The chat fills the top bar beside the title, but never less than three
   * lines: on canvases with thin bars it overlaps the video instead. */
  top_bar = MAX (y / canvas->scale - MARGIN - GAP / 2.0, 140);
  geometry->chat = from_top_right (canvas, MARGIN, MARGIN, CHAT_WIDTH, top_bar);
}

/* The product shot takes the left of the frame with the featured comment
 * under it and the card beside it; the host shrinks to an inset top-right
 * with the chat below. */
static void
layout_product_focus (const Canvas     *canvas,
                      ScLayoutGeometry *geometry)
{
  const double image_top = MARGIN + BUG_HEIGHT + GAP;
  const double image_size = DESIGN_HEIGHT - image_top - GAP - LOWER_HEIGHT - MARGIN;
  const double chat_top = MARGIN + INSET_HEIGHT + GAP;
  const double chat_height = DESIGN_HEIGHT - chat_top - GAP - CARD_HEIGHT - MARGIN;
  int card_x;

  place_bug (canvas, geometry);

  geometry->product_image = from_top_left (canvas, MARGIN, image_top, image_size, image_size);
  geometry->lower_third = from_bottom_left (canvas, MARGIN, MARGIN, image_size, LOWER_HEIGHT);

  card_x = geometry->product_image.x + geometry->product_image.width + units (canvas, GAP);
  geometry->card = from_bottom_left (canvas, 0, MARGIN, CARD_WIDTH, CARD_HEIGHT);
  geometry->card.x = card_x;

  geometry->slots[0] = from_top_right (canvas, MARGIN, MARGIN, INSET_WIDTH, INSET_HEIGHT);
  geometry->slot_visible[0] = TRUE;
  geometry->slot_zorder[0] = 1;

  geometry->chat = from_top_right (canvas, MARGIN, chat_top, INSET_WIDTH, chat_height);

  /* The QR code stands on the card, between the product shot and the chat. */
  geometry->qr = geometry->card;
  geometry->qr.width = units (canvas, QR_WIDTH);
  geometry->qr.y = geometry->card.y - units (canvas, GAP) - geometry->card.height;
  geometry->end_card = from_bottom_left (canvas, MARGIN, MARGIN + LOWER_HEIGHT + GAP, image_size,
                                         CARD_HEIGHT);
}

double
sc_layout_get_scale (int width,
                     int height)
{
  /* Scale with the height, but never so much that the 16:9 design no
   * longer fits across a narrow (4:3, portrait) canvas. */
  return MIN ((height & ~1) / DESIGN_HEIGHT, (width & ~1) / DESIGN_WIDTH);
}

void
sc_layout_compute (ScLayoutKind      kind,
                   int               width,
                   int               height,
                   ScLayoutGeometry *geometry)
{
  Canvas canvas;

  g_return_if_fail ((guint)kind < G_N_ELEMENTS (layout_names));
  g_return_if_fail (width >= 0 && height >= 0);
  g_return_if_fail (geometry != NULL);

  memset (geometry, 0, sizeof *geometry);

  canvas.width = width & ~1;
  canvas.height = height & ~1;
  canvas.scale = sc_layout_get_scale (width, height);
  if (canvas.width == 0 || canvas.height == 0)
    return;

  switch (kind)
    {
    case SC_LAYOUT_SOLO:
      layout_solo (&canvas, geometry);
      break;
    case SC_LAYOUT_PIP:
      layout_pip (&canvas, geometry);
      break;
    case SC_LAYOUT_SIDE_BY_SIDE:
      layout_side_by_side (&canvas, geometry);
      break;
    case SC_LAYOUT_PRODUCT_FOCUS:
      layout_product_focus (&canvas, geometry);
      break;
    default:
      g_assert_not_reached ();
    }
  place_badges (&canvas, geometry);

  for (guint i = 0; i < SC_LAYOUT_N_SLOTS; i++)
    clamp_rect (&canvas, &geometry->slots[i]);
  clamp_rect (&canvas, &geometry->product_image);
  clamp_rect (&canvas, &geometry->card);
  clamp_rect (&canvas, &geometry->chat);
  clamp_rect (&canvas, &geometry->lower_third);
  clamp_rect (&canvas, &geometry->bug);
  clamp_rect (&canvas, &geometry->qr);
  clamp_rect (&canvas, &geometry->badges);
  clamp_rect (&canvas, &geometry->end_card);
}
