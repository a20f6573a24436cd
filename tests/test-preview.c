/* test-preview.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-preview"

#include "config.h"

#include <string.h>

#include "ui/sc-preview.h"

typedef struct {
  ScPreview *preview;
  guint      contents_changed;
  guint      size_changed;
} Fixture;

static void
on_invalidate_contents (GdkPaintable *paintable,
                        Fixture      *fixture)
{
  fixture->contents_changed++;
}

static void
on_invalidate_size (GdkPaintable *paintable,
                    Fixture      *fixture)
{
  fixture->size_changed++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->preview = sc_preview_new ();
  g_signal_connect (fixture->preview, "invalidate-contents",
                    G_CALLBACK (on_invalidate_contents), fixture);
  g_signal_connect (fixture->preview, "invalidate-size",
                    G_CALLBACK (on_invalidate_size), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_assert_finalize_object (fixture->preview);
}

/* A frame whose pixel (x, y) is a distinct, valid premultiplied colour;
 * the padding after each row is filled with junk that must not show. */
static GBytes *
make_frame (int width,
            int height,
            int stride)
{
  guint8 *data = g_malloc ((gsize) stride * height);

  memset (data, 0xEE, (gsize) stride * height);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint8 *p = data + (gsize) y * stride + (gsize) x * 4;
        guint8 a = 0x80 + (x + y) % 0x80;

        p[0] = (x * 7) % (a + 1);        /* B */
        p[1] = (y * 13) % (a + 1);       /* G */
        p[2] = ((x + y) * 5) % (a + 1);  /* R */
        p[3] = a;
      }

  return g_bytes_new_take (data, (gsize) stride * height);
}

static void
push_ok (Fixture *fixture,
         int      width,
         int      height,
         int      stride)
{
  g_autoptr(GBytes) pixels = make_frame (width, height, stride);
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_preview_push_frame (fixture->preview, pixels, width, height, stride, &error));
  g_assert_no_error (error);
}

static void
test_before_first_frame (Fixture       *fixture,
                         gconstpointer  user_data)
{
  GdkPaintable *paintable = GDK_PAINTABLE (fixture->preview);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkPaintable) image = NULL;
  graphene_rect_t bounds;
  const GdkRGBA *color;

  g_assert_null (sc_preview_get_texture (fixture->preview));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 0);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, 0);
  g_assert_cmpfloat_with_epsilon (gdk_paintable_get_intrinsic_aspect_ratio (paintable),
                                  16.0 / 9.0, 1e-9);

  image = gdk_paintable_get_current_image (paintable);
  g_assert_nonnull (image);

  /* A black rectangle, so the window is not a hole before the pipeline runs. */
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), 160, 90);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  g_assert_cmpint (gsk_render_node_get_node_type (node), ==, GSK_COLOR_NODE);
  color = gsk_color_node_get_color (node);
  g_assert_cmpfloat (color->red, ==, 0);
  g_assert_cmpfloat (color->green, ==, 0);
  g_assert_cmpfloat (color->blue, ==, 0);
  g_assert_cmpfloat (color->alpha, ==, 1);
  gsk_render_node_get_bounds (node, &bounds);
  g_assert_cmpfloat (bounds.size.width, ==, 160);
  g_assert_cmpfloat (bounds.size.height, ==, 90);
}

static void
test_intrinsic_size (Fixture       *fixture,
                     gconstpointer  user_data)
{
  GdkPaintable *paintable = GDK_PAINTABLE (fixture->preview);

  push_ok (fixture, 320, 180, 320 * 4);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 320);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, 180);
  g_assert_cmpuint (fixture->size_changed, ==, 1);

  /* Same size again: contents change, the size does not. */
  push_ok (fixture, 320, 180, 320 * 4);
  g_assert_cmpuint (fixture->size_changed, ==, 1);

  /* A portrait canvas (phone-first platforms). */
  push_ok (fixture, 90, 160, 90 * 4 + 8);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 90);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, 160);
  g_assert_cmpfloat_with_epsilon (gdk_paintable_get_intrinsic_aspect_ratio (paintable),
                                  90.0 / 160.0, 1e-9);
  g_assert_cmpuint (fixture->size_changed, ==, 2);
}

static void
test_invalidate_contents (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_assert_cmpuint (fixture->contents_changed, ==, 0);

  for (guint i = 1; i <= 5; i++)
    {
      push_ok (fixture, 64, 36, 64 * 4);
      g_assert_cmpuint (fixture->contents_changed, ==, i);
    }

  sc_preview_clear (fixture->preview);
  g_assert_cmpuint (fixture->contents_changed, ==, 6);
  g_assert_null (sc_preview_get_texture (fixture->preview));
  g_assert_cmpfloat_with_epsilon (
    gdk_paintable_get_intrinsic_aspect_ratio (GDK_PAINTABLE (fixture->preview)), 16.0 / 9.0, 1e-9);

  /* Clearing an empty preview has nothing to redraw. */
  sc_preview_clear (fixture->preview);
  g_assert_cmpuint (fixture->contents_changed, ==, 6);
}

static void
assert_texture_matches (GdkTexture *texture,
                        GBytes     *pixels,
                        int         width,
                        int         height,
                        int         stride)
{
  const guint8 *in = g_bytes_get_data (pixels, NULL);
  g_autofree guint32 *out = g_new0 (guint32, (gsize) width * height);

  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, height);

  /* gdk_texture_download() gives native-endian premultiplied ARGB32 words. */
  gdk_texture_download (texture, (guchar *) out, (gsize) width * 4);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guint8 *p = in + (gsize) y * stride + (gsize) x * 4;
        guint32 expected = ((guint32) p[3] << 24) | ((guint32) p[2] << 16)
                           | ((guint32) p[1] << 8) | p[0];

        if (out[(gsize) y * width + x] != expected)
          g_error ("pixel (%d, %d): expected 0x%08x, got 0x%08x",
                   x, y, expected, out[(gsize) y * width + x]);
      }
}

static void
test_pixels (Fixture       *fixture,
             gconstpointer  user_data)
{
  const int width = 37;
  const int height = 21;
  const int stride = 37 * 4 + 12;
  g_autoptr(GBytes) pixels = make_frame (width, height, stride);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  g_assert_true (sc_preview_push_frame (fixture->preview, pixels, width, height, stride, &error));
  g_assert_no_error (error);
  assert_texture_matches (sc_preview_get_texture (fixture->preview), pixels, width, height, stride);

  /* The snapshot draws that very texture, scaled to the area given. */
  gdk_paintable_snapshot (GDK_PAINTABLE (fixture->preview), GDK_SNAPSHOT (snapshot), 370, 210);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_cmpint (gsk_render_node_get_node_type (node), ==, GSK_TEXTURE_NODE);
  g_assert_true (gsk_texture_node_get_texture (node) == sc_preview_get_texture (fixture->preview));
}

/* Draws @node on a cleared ARGB32 image of @width × @height device pixels at
 * @scale device pixels per unit, as GSK's cairo renderer does. */
static cairo_surface_t *
draw_node (GskRenderNode *node,
           int            width,
           int            height,
           double         scale)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr;

  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* The frame's pixels, unchanged, at (@x0, @y0) of @surface. */
static void
assert_surface_shows (cairo_surface_t *surface,
                      int              x0,
                      int              y0,
                      GBytes          *pixels,
                      int              width,
                      int              height,
                      int              stride)
{
  const guint8 *in = g_bytes_get_data (pixels, NULL);
  const guint8 *out = cairo_image_surface_get_data (surface);
  int out_stride = cairo_image_surface_get_stride (surface);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guint8 *p = in + (gsize) y * stride + (gsize) x * 4;
        guint32 expected = ((guint32) p[3] << 24) | ((guint32) p[2] << 16)
                           | ((guint32) p[1] << 8) | p[0];
        guint32 got = *(const guint32 *) (out + (gsize) (y0 + y) * out_stride
                                          + (gsize) (x0 + x) * 4);

        if (got != expected)
          g_error ("pixel (%d, %d): expected 0x%08x, got 0x%08x", x, y, expected, got);
      }
}

/* For GSK's cairo renderer the frame is a cairo node that copies the pixels
 * as they are, at a whole pixel, when it is drawn at its own size. */
static void
test_cairo_pixels (Fixture       *fixture,
                   gconstpointer  user_data)
{
  const int width = 37;
  const int height = 21;
  const int stride = 37 * 4 + 12;
  g_autoptr(GBytes) pixels = make_frame (width, height, stride);
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *drawn;

  g_assert_true (sc_preview_push_frame (fixture->preview, pixels, width, height, stride, &error));
  g_assert_no_error (error);
  sc_preview_set_use_cairo (fixture->preview, TRUE);
  g_assert_true (sc_preview_get_use_cairo (fixture->preview));
  g_assert_cmpuint (fixture->contents_changed, ==, 2);

  /* GtkPicture centres a paintable at half pixels; the frame is not blurred. */
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (10.5, 3));
  gdk_paintable_snapshot (GDK_PAINTABLE (fixture->preview), GDK_SNAPSHOT (snapshot),
                          width + 0.5, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_cmpint (gsk_render_node_get_node_type (node), ==, GSK_CAIRO_NODE);

  /* The node keeps its frame when the next one arrives. */
  push_ok (fixture, 20, 10, 80);
  g_clear_object (&fixture->preview);
  fixture->preview = sc_preview_new ();

  drawn = draw_node (node, 60, 30, 1);
  assert_surface_shows (drawn, 11, 3, pixels, width, height, stride);
  cairo_surface_destroy (drawn);
}

/* The cairo path with @pixels (@width × @height, no padding) as its frame. */
static void
push_cairo_frame (Fixture *fixture,
                  GBytes  *pixels,
                  int      width,
                  int      height)
{
  g_autoptr(GError) error = NULL;

  sc_preview_set_use_cairo (fixture->preview, TRUE);
  g_assert_true (sc_preview_push_frame (fixture->preview, pixels, width, height, width * 4,
                                        &error));
  g_assert_no_error (error);
}

/* The node the preview gives for an area of @width × @height at (@x, @y). */
static GskRenderNode *
snapshot_at (ScPreview *preview,
             double     x,
             double     y,
             double     width,
             double     height)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gdk_paintable_snapshot (GDK_PAINTABLE (preview), GDK_SNAPSHOT (snapshot), width, height);
  return gtk_snapshot_to_node (snapshot);
}

/* On a scale-2 screen the frame has twice the pixels of the area it is drawn
 * in: still a plain copy; a frame of another size is scaled to fill the area. */
static void
test_cairo_scaled (Fixture       *fixture,
                   gconstpointer  user_data)
{
  const int width = 38;
  const int height = 22;
  g_autoptr(GBytes) pixels = make_frame (width, height, width * 4);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderNode) node2 = NULL;
  cairo_surface_t *drawn;
  const guint8 *data;
  int out_stride;

  push_cairo_frame (fixture, pixels, width, height);
  node = snapshot_at (fixture->preview, 2, 1, width / 2.0, height / 2.0);
  drawn = draw_node (node, 2 * 24, 2 * 13, 2);
  assert_surface_shows (drawn, 4, 2, pixels, width, height, width * 4);
  cairo_surface_destroy (drawn);

  /* Three times as large: every pixel of the area is covered, none outside. */
  node2 = snapshot_at (fixture->preview, 0, 0, 3 * width, 3 * height);
  g_assert_cmpint (gsk_render_node_get_node_type (node2), ==, GSK_CAIRO_NODE);
  drawn = draw_node (node2, 3 * width + 1, 3 * height + 1, 1);
  data = cairo_image_surface_get_data (drawn);
  out_stride = cairo_image_surface_get_stride (drawn);
  for (int y = 0; y <= 3 * height; y++)
    for (int x = 0; x <= 3 * width; x++)
      {
        guint8 alpha = data[(gsize) y * out_stride + (gsize) x * 4 + 3];
        gboolean inside = x < 3 * width && y < 3 * height;

        if (inside ? alpha < 0x80 : alpha != 0)
          g_error ("pixel (%d, %d) of the scaled frame has alpha 0x%02x", x, y, alpha);
      }
  cairo_surface_destroy (drawn);
}

/* A frame up to 2 pixels off the area it is drawn in (the window asks for
 * whole pixels, the pipeline keeps the canvas's shape, GtkPicture allocates
 * fractions) is still copied as it is, cropped to the area: scaling it
 * bilinearly instead cost the window's main thread most of its time. */
static void
test_cairo_near_size (Fixture       *fixture,
                      gconstpointer  user_data)
{
  const int width = 40;
  const int height = 23;
  g_autoptr(GBytes) pixels = make_frame (width, height, width * 4);
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *drawn;
  const guint8 *data;
  int out_stride;

  push_cairo_frame (fixture, pixels, width, height);
  /* 39.3 × 21.6 at (5.5, 2): the copy starts at (6, 2) and ends at the
   * area's last whole pixel, 44 × 23. */
  node = snapshot_at (fixture->preview, 5.5, 2, 39.3, 21.6);
  drawn = draw_node (node, 60, 30, 1);
  assert_surface_shows (drawn, 6, 2, pixels, 44 - 6, 23 - 2, width * 4);
  data = cairo_image_surface_get_data (drawn);
  out_stride = cairo_image_surface_get_stride (drawn);
  /* Nothing drawn past the area. */
  for (int y = 0; y < 30; y++)
    g_assert_cmpuint (data[(gsize) y * out_stride + 44 * 4 + 3], ==, 0);
  for (int x = 0; x < 60; x++)
    g_assert_cmpuint (data[(gsize) 23 * out_stride + (gsize) x * 4 + 3], ==, 0);
  cairo_surface_destroy (drawn);
}

static void
test_last_row_without_padding (Fixture       *fixture,
                               gconstpointer  user_data)
{
  /* Pipelines often hand over a buffer that ends right after the last pixel. */
  const int width = 10;
  const int height = 4;
  const int stride = 48;
  g_autoptr(GBytes) padded = make_frame (width, height, stride);
  g_autoptr(GBytes) tight = g_bytes_new_from_bytes (padded, 0,
                                                    stride * (height - 1) + width * 4);
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_preview_push_frame (fixture->preview, tight, width, height, stride, &error));
  g_assert_no_error (error);
  assert_texture_matches (sc_preview_get_texture (fixture->preview), tight, width, height, stride);
}

static void
test_bad_frames (Fixture       *fixture,
                 gconstpointer  user_data)
{
  static const struct {
    int   width;
    int   height;
    int   stride;
    gsize length;
  } cases[] = {
    {    0,   10,       40,  400 },   /* no width */
    {   10,    0,       40,  400 },   /* no height */
    {  -10,   10,       40,  400 },
    {   10,  -10,       40,  400 },
    {   10,   10,       39,  400 },   /* stride shorter than a row */
    {   10,   10,      -40,  400 },
    {   10,   10,       40,  399 },   /* buffer one byte short */
    {   10,   10,       48,  400 },   /* padding makes it short */
    { 1 << 20,  1,  4 << 20, 4 << 20 },   /* absurd width */
    { 10, G_MAXINT,     40,  400 },   /* would overflow a naive size check */
    { G_MAXINT / 4 + 1, 1, G_MAXINT, 400 },
  };
  GdkTexture *before;

  push_ok (fixture, 16, 9, 64);
  before = sc_preview_get_texture (fixture->preview);
  fixture->contents_changed = fixture->size_changed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree guint8 *data = g_malloc0 (cases[i].length);
      g_autoptr(GBytes) pixels = g_bytes_new (data, cases[i].length);
      g_autoptr(GError) error = NULL;

      g_test_message ("case %u: %d x %d, stride %d, %" G_GSIZE_FORMAT " bytes", i,
                      cases[i].width, cases[i].height, cases[i].stride, cases[i].length);
      g_assert_false (sc_preview_push_frame (fixture->preview, pixels, cases[i].width,
                                             cases[i].height, cases[i].stride, &error));
      g_assert_error (error, SC_PREVIEW_ERROR, SC_PREVIEW_ERROR_INVALID_FRAME);
      g_assert_nonnull (error->message);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (sc_preview_push_frame (fixture->preview, NULL, 16, 9, 64, &error));
    g_assert_error (error, SC_PREVIEW_ERROR, SC_PREVIEW_ERROR_INVALID_FRAME);
  }

  /* A rejected frame leaves the previous one on screen and redraws nothing. */
  g_assert_true (sc_preview_get_texture (fixture->preview) == before);
  g_assert_cmpuint (fixture->contents_changed, ==, 0);
  g_assert_cmpuint (fixture->size_changed, ==, 0);

  /* Callers that do not care why may pass no GError. */
  g_assert_false (sc_preview_push_frame (fixture->preview, NULL, 0, 0, 0, NULL));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/ui/preview/before-first-frame", Fixture, NULL,
              fixture_set_up, test_before_first_frame, fixture_tear_down);
  g_test_add ("/ui/preview/intrinsic-size", Fixture, NULL,
              fixture_set_up, test_intrinsic_size, fixture_tear_down);
  g_test_add ("/ui/preview/invalidate-contents", Fixture, NULL,
              fixture_set_up, test_invalidate_contents, fixture_tear_down);
  g_test_add ("/ui/preview/pixels", Fixture, NULL,
              fixture_set_up, test_pixels, fixture_tear_down);
  g_test_add ("/ui/preview/cairo-pixels", Fixture, NULL,
              fixture_set_up, test_cairo_pixels, fixture_tear_down);
  g_test_add ("/ui/preview/cairo-scaled", Fixture, NULL,
              fixture_set_up, test_cairo_scaled, fixture_tear_down);
  g_test_add ("/ui/preview/cairo-near-size", Fixture, NULL,
              fixture_set_up, test_cairo_near_size, fixture_tear_down);
  g_test_add ("/ui/preview/last-row-without-padding", Fixture, NULL,
              fixture_set_up, test_last_row_without_padding, fixture_tear_down);
  g_test_add ("/ui/preview/bad-frames", Fixture, NULL,
              fixture_set_up, test_bad_frames, fixture_tear_down);

  return g_test_run ();
}
