/* test-layout.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "overlay/sc-layout.h"

static const ScLayoutKind all_kinds[] = {
  SC_LAYOUT_SOLO, SC_LAYOUT_PIP, SC_LAYOUT_SIDE_BY_SIDE, SC_LAYOUT_PRODUCT_FOCUS,
};

/* The two sizes shows stream at, then odd, 4:3, ultra-wide and portrait
 * canvases that must still produce sane, even rects. */
static const struct { int width; int height; gboolean standard; } sizes[] = {
  { 1280, 720, TRUE }, { 1920, 1080, TRUE }, { 1366, 768, FALSE }, { 1281, 721, FALSE },
  { 1024, 768, FALSE }, { 2560, 1080, FALSE }, { 720, 1280, FALSE }, { 640, 360, FALSE },
};

static gboolean
rect_used (const ScRect *r)
{
  return r->width > 0 && r->height > 0;
}

static gboolean
rects_overlap (const ScRect *a,
               const ScRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width
         && a->y < b->y + b->height && b->y < a->y + a->height;
}

static void
assert_rect_ok (const char   *what,
                const ScRect *r,
                int           width,
                int           height)
{
  g_test_message ("%s: %d,%d %dx%d", what, r->x, r->y, r->width, r->height);
  g_assert_cmpint (r->x, >=, 0);
  g_assert_cmpint (r->y, >=, 0);
  g_assert_cmpint (r->width, >=, 0);
  g_assert_cmpint (r->height, >=, 0);
  g_assert_cmpint (r->x + r->width, <=, width);
  g_assert_cmpint (r->y + r->height, <=, height);
  g_assert_cmpint (r->x % 2, ==, 0);
  g_assert_cmpint (r->y % 2, ==, 0);
  g_assert_cmpint (r->width % 2, ==, 0);
  g_assert_cmpint (r->height % 2, ==, 0);
}

static void
test_names (void)
{
  static const char * const names[] = { "solo", "pip", "side-by-side", "product-focus" };
  static const char * const bad[] = { "", "Solo", "picture-in-picture", "side_by_side", "pip " };
  ScLayoutKind kind;

  for (guint i = 0; i < G_N_ELEMENTS (all_kinds); i++)
    {
      g_assert_cmpstr (sc_layout_kind_to_string (all_kinds[i]), ==, names[i]);
      g_assert_true (sc_layout_kind_from_string (names[i], &kind));
      g_assert_cmpint (kind, ==, all_kinds[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      kind = SC_LAYOUT_PIP;
      g_assert_false (sc_layout_kind_from_string (bad[i], &kind));
      g_assert_cmpint (kind, ==, SC_LAYOUT_PIP);
    }
  g_assert_false (sc_layout_kind_from_string (NULL, &kind));
}

static void
test_inside_and_even (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint k = 0; k < G_N_ELEMENTS (all_kinds); k++)
      {
        ScLayoutGeometry g;
        int w = sizes[s].width;
        int h = sizes[s].height;

        g_test_message ("%s at %dx%d", sc_layout_kind_to_string (all_kinds[k]), w, h);
        sc_layout_compute (all_kinds[k], w, h, &g);

        assert_rect_ok ("slot 0", &g.slots[0], w, h);
        assert_rect_ok ("slot 1", &g.slots[1], w, h);
        assert_rect_ok ("product image", &g.product_image, w, h);
        assert_rect_ok ("card", &g.card, w, h);
        assert_rect_ok ("chat", &g.chat, w, h);
        assert_rect_ok ("lower third", &g.lower_third, w, h);
        assert_rect_ok ("bug", &g.bug, w, h);

        g_assert_true (rect_used (&g.card));
        g_assert_true (rect_used (&g.chat));
        g_assert_true (rect_used (&g.lower_third));
        g_assert_true (rect_used (&g.bug));
        for (guint i = 0; i < SC_LAYOUT_N_SLOTS; i++)
          if (g.slot_visible[i])
            g_assert_true (rect_used (&g.slots[i]));
      }
}

/* Overlays never cover one another, nor a small video inset. */
static void
test_no_overlap (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint k = 0; k < G_N_ELEMENTS (all_kinds); k++)
      {
        ScLayoutGeometry g;
        const ScRect *rects[7];
        guint n = 0;

        sc_layout_compute (all_kinds[k], sizes[s].width, sizes[s].height, &g);
        rects[n++] = &g.card;
        rects[n++] = &g.chat;
        rects[n++] = &g.lower_third;
        rects[n++] = &g.bug;
        if (rect_used (&g.product_image))
          rects[n++] = &g.product_image;
        /* An inset is a visible slot smaller than the canvas. */
        for (guint i = 0; i < SC_LAYOUT_N_SLOTS; i++)
          if (g.slot_visible[i] && all_kinds[k] != SC_LAYOUT_SIDE_BY_SIDE
              && g.slots[i].width < sizes[s].width / 2)
            rects[n++] = &g.slots[i];

        for (guint i = 0; i < n; i++)
          for (guint j = i + 1; j < n; j++)
            {
              if (rects_overlap (rects[i], rects[j]))
                g_error ("%s at %dx%d: rect %u (%d,%d %dx%d) overlaps rect %u (%d,%d %dx%d)",
                         sc_layout_kind_to_string (all_kinds[k]),
                         sizes[s].width, sizes[s].height,
                         i, rects[i]->x, rects[i]->y, rects[i]->width, rects[i]->height,
                         j, rects[j]->x, rects[j]->y, rects[j]->width, rects[j]->height);
            }
      }
}

static void
test_slots (void)
{
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      int w = sizes[s].width & ~1;
      int h = sizes[s].height & ~1;
      ScLayoutGeometry g;

      sc_layout_compute (SC_LAYOUT_SOLO, sizes[s].width, sizes[s].height, &g);
      g_assert_true (g.slot_visible[0]);
      g_assert_false (g.slot_visible[1]);
      g_assert_cmpint (g.slots[0].width, ==, w);
      g_assert_cmpint (g.slots[0].height, ==, h);
      g_assert_false (rect_used (&g.product_image));

      /* The host keeps the frame, the screen is the inset drawn above it. */
      sc_layout_compute (SC_LAYOUT_PIP, sizes[s].width, sizes[s].height, &g);
      g_assert_true (g.slot_visible[0] && g.slot_visible[1]);
      g_assert_cmpint (g.slots[0].width, ==, w);
      g_assert_cmpint (g.slots[0].height, ==, h);
      g_assert_cmpint (g.slots[1].width, <, w / 2);
      g_assert_cmpuint (g.slot_zorder[1], >, g.slot_zorder[0]);
      g_assert_cmpfloat_with_epsilon ((double)g.slots[1].width / g.slots[1].height,
                                      16.0 / 9.0, 0.03);

      sc_layout_compute (SC_LAYOUT_SIDE_BY_SIDE, sizes[s].width, sizes[s].height, &g);
      g_assert_true (g.slot_visible[0] && g.slot_visible[1]);
      g_assert_cmpint (g.slots[0].width, ==, g.slots[1].width);
      g_assert_cmpint (g.slots[0].y, ==, g.slots[1].y);
      g_assert_cmpint (g.slots[0].x + g.slots[0].width, <=, g.slots[1].x);
      g_assert_cmpfloat_with_epsilon ((double)g.slots[0].width / g.slots[0].height,
                                      16.0 / 9.0, 0.03);
      /* Letterboxed: the bars above and below are equal to within rounding. */
      g_assert_cmpint (ABS (g.slots[0].y - (h - g.slots[0].y - g.slots[0].height)), <=, 2);

      sc_layout_compute (SC_LAYOUT_PRODUCT_FOCUS, sizes[s].width, sizes[s].height, &g);
      g_assert_true (g.slot_visible[0]);
      g_assert_false (g.slot_visible[1]);
      g_assert_true (rect_used (&g.product_image));
      g_assert_cmpint (g.slots[0].width, <, g.product_image.width);
      /* The large shot is on the left and the card right beside it. */
      g_assert_cmpint (g.product_image.x + g.product_image.width, <=, w / 2);
      g_assert_cmpint (g.card.x, >=, g.product_image.x + g.product_image.width);
      g_assert_cmpint (g.card.x - (g.product_image.x + g.product_image.width), <=,
                       h / 20);
    }
}

static void
test_standard_sizes (void)
{
  ScLayoutGeometry small;
  ScLayoutGeometry large;

  /* 1080p is 720p scaled by 1.5 exactly, so the look is the same. */
  for (guint k = 0; k < G_N_ELEMENTS (all_kinds); k++)
    {
      sc_layout_compute (all_kinds[k], 1280, 720, &small);
      sc_layout_compute (all_kinds[k], 1920, 1080, &large);
      g_assert_cmpint (large.card.width, ==, small.card.width * 3 / 2);
      g_assert_cmpint (large.card.height, ==, small.card.height * 3 / 2);
      g_assert_cmpint (large.card.x, ==, small.card.x * 3 / 2);
      g_assert_cmpint (large.chat.y, ==, small.chat.y * 3 / 2);
      g_assert_cmpint (large.bug.width, ==, small.bug.width * 3 / 2);
    }

  g_assert_cmpfloat (sc_layout_get_scale (1280, 720), ==, 1.0);
  g_assert_cmpfloat (sc_layout_get_scale (1920, 1080), ==, 1.5);
}

static void
test_empty_canvas (void)
{
  ScLayoutGeometry g;

  sc_layout_compute (SC_LAYOUT_PRODUCT_FOCUS, 0, 0, &g);
  g_assert_cmpint (g.card.width, ==, 0);
  g_assert_false (g.slot_visible[0]);

  sc_layout_compute (SC_LAYOUT_SIDE_BY_SIDE, 3, 3, &g);
  assert_rect_ok ("slot 0", &g.slots[0], 3, 3);
  assert_rect_ok ("card", &g.card, 3, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/overlay/layout/names", test_names);
  g_test_add_func ("/overlay/layout/inside-and-even", test_inside_and_even);
  g_test_add_func ("/overlay/layout/no-overlap", test_no_overlap);
  g_test_add_func ("/overlay/layout/slots", test_slots);
  g_test_add_func ("/overlay/layout/standard-sizes", test_standard_sizes);
  g_test_add_func ("/overlay/layout/empty-canvas", test_empty_canvas);

  return g_test_run ();
}
