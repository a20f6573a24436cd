/* test-overlay-blend.c — the overlay blended into canvas frames
 *
 * Copyright 2026 The Shopcast authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "media/sc-overlay-blend.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)

/* A frame of format and size filled with one Y′CbCr colour. */
static GstBuffer *
make_frame (GstVideoInfo   *info,
            GstVideoFormat  format,
            int             width,
            int             height,
            const char     *colorimetry,
            guint8          y,
            guint8          u,
            guint8          v)
{
  GstBuffer *buffer;
  GstVideoFrame frame;

  gst_video_info_set_format (info, format, width, height);
  g_assert_true (gst_video_colorimetry_from_string (&info->colorimetry, colorimetry));
  buffer = gst_buffer_new_allocate (NULL, GST_VIDEO_INFO_SIZE (info), NULL);
  g_assert_true (gst_video_frame_map (&frame, info, buffer, GST_MAP_WRITE));
  for (int j = 0; j < height; j++)
    memset ((guint8 *)GST_VIDEO_FRAME_COMP_DATA (&frame, 0) +
            j * GST_VIDEO_FRAME_COMP_STRIDE (&frame, 0), y, width);
  for (int j = 0; j < (height + 1) / 2; j++)
    for (int i = 0; i < (width + 1) / 2; i++)
      {
        ((guint8 *)GST_VIDEO_FRAME_COMP_DATA (&frame, 1))[j * GST_VIDEO_FRAME_COMP_STRIDE (&frame, 1) +
                                                          i * GST_VIDEO_FRAME_COMP_PSTRIDE (&frame, 1)] = u;
        ((guint8 *)GST_VIDEO_FRAME_COMP_DATA (&frame, 2))[j * GST_VIDEO_FRAME_COMP_STRIDE (&frame, 2) +
                                                          i * GST_VIDEO_FRAME_COMP_PSTRIDE (&frame, 2)] = v;
      }
  gst_video_frame_unmap (&frame);
  return buffer;
}

static guint8
comp (GstVideoFrame *frame,
      int            c,
      int            x,
      int            y)
{
  if (c > 0)
    x /= 2, y /= 2;
  return ((guint8 *)GST_VIDEO_FRAME_COMP_DATA (frame, c))[y * GST_VIDEO_FRAME_COMP_STRIDE (frame, c) +
                                                        x * GST_VIDEO_FRAME_COMP_PSTRIDE (frame, c)];
}

static cairo_surface_t *
solid_surface (int    width,
               int    height,
               double r,
               double g,
               double b,
               double a)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_rgba (cr, r, g, b, a);
  cairo_paint (cr);
  cairo_destroy (cr);
  return surface;
}

static void
blend (GstBuffer          *buffer,
       const GstVideoInfo *info,
       ScBlendPiece       *piece)
{
  GstVideoFrame frame;

  g_assert_true (gst_video_frame_map (&frame, info, buffer, GST_MAP_READWRITE));
  sc_blend_piece_apply (piece, &frame);
  gst_video_frame_unmap (&frame);
}

/* A colour as GStreamer's own converter writes it in the frame's format
 * and colorimetry: the blend is checked against an independent encoder. */
static void
encode (const GstVideoInfo *info,
        double              r,
        double              g,
        double              b,
        int                 yuv[3])
{
  GstVideoInfo rgb_info, out_info;
  GstVideoConverter *converter;
  g_autoptr(GstBuffer) rgb = NULL;
  g_autoptr(GstBuffer) out = NULL;
  GstVideoFrame in_frame, out_frame;
  GstMapInfo map;

  gst_video_info_set_format (&rgb_info, GST_VIDEO_FORMAT_RGB, 16, 16);
  out_info = *info;
  gst_video_info_set_format (&out_info, GST_VIDEO_INFO_FORMAT (info), 16, 16);
  out_info.colorimetry = info->colorimetry;
  rgb = gst_buffer_new_allocate (NULL, GST_VIDEO_INFO_SIZE (&rgb_info), NULL);
  out = gst_buffer_new_allocate (NULL, GST_VIDEO_INFO_SIZE (&out_info), NULL);
  g_assert_true (gst_buffer_map (rgb, &map, GST_MAP_WRITE));
  for (gsize i = 0; i + 2 < map.size; i += 3)
    {
      map.data[i] = (guint8)(r + 0.5);
      map.data[i + 1] = (guint8)(g + 0.5);
      map.data[i + 2] = (guint8)(b + 0.5);
    }
  gst_buffer_unmap (rgb, &map);
  converter = gst_video_converter_new (&rgb_info, &out_info,
                                       gst_structure_new ("options",
                                                          GST_VIDEO_CONVERTER_OPT_DITHER_METHOD,
                                                          GST_TYPE_VIDEO_DITHER_METHOD,
                                                          GST_VIDEO_DITHER_NONE, NULL));
  g_assert_true (gst_video_frame_map (&in_frame, &rgb_info, rgb, GST_MAP_READ));
  g_assert_true (gst_video_frame_map (&out_frame, &out_info, out, GST_MAP_WRITE));
  gst_video_converter_frame (converter, &in_frame, &out_frame);
  for (int c = 0; c < 3; c++)
    yuv[c] = comp (&out_frame, c, 4, 4);
  gst_video_frame_unmap (&out_frame);
  gst_video_frame_unmap (&in_frame);
  gst_video_converter_free (converter);
}

/* The pixel at x, y is within 2 levels of the colour r, g, b. */
static void
assert_colour (GstBuffer          *buffer,
               const GstVideoInfo *info,
               int                 x,
               int                 y,
               double              r,
               double              g,
               double              b)
{
  GstVideoFrame frame;
  int want[3];

  encode (info, r, g, b, want);
  g_assert_true (gst_video_frame_map (&frame, info, buffer, GST_MAP_READ));
  g_test_message ("at %d,%d: %d %d %d, GStreamer writes %.1f,%.1f,%.1f as %d %d %d", x, y,
                  comp (&frame, 0, x, y), comp (&frame, 1, x, y), comp (&frame, 2, x, y),
                  r, g, b, want[0], want[1], want[2]);
  for (int c = 0; c < 3; c++)
    g_assert_cmpint (ABS (comp (&frame, c, x, y) - want[c]), <=, 2);
  gst_video_frame_unmap (&frame);
}

/* The brand kit's panel colour (#1e1e2e at 80 %) over black and over white
 * comes out as the mix of the two, in each matrix and range a canvas may
 * negotiate. */
static void
test_colour (void)
{
  static const char *colorimetries[] = { "bt601", "bt709", "1:4:0:0" /* full-range BT.601 */ };

  for (guint c = 0; c < G_N_ELEMENTS (colorimetries); c++)
    for (int white = 0; white <= 1; white++)
      {
        g_autoptr(cairo_surface_t) surface = solid_surface (16, 16, 30 / 255.0, 30 / 255.0,
                                                            46 / 255.0, 0.8);
        GstVideoInfo info;
        g_autoptr(GstBuffer) buffer = NULL;
        g_autoptr(ScBlendPiece) piece = NULL;
        gboolean full;
        double under = white ? 255.0 : 0.0;

        GstVideoColorimetry colorimetry;

        g_assert_true (gst_video_colorimetry_from_string (&colorimetry, colorimetries[c]));
        full = colorimetry.range == GST_VIDEO_COLOR_RANGE_0_255;
        /* Black or white in this range. */
        buffer = make_frame (&info, GST_VIDEO_FORMAT_I420, 32, 32, colorimetries[c],
                             white ? (full ? 255 : 235) : (full ? 0 : 16), 128, 128);
        piece = sc_blend_piece_new (surface, 8, 8, &info.colorimetry);
        blend (buffer, &info, piece);

        g_test_message ("%s over %s", colorimetries[c], white ? "white" : "black");
        assert_colour (buffer, &info, 12, 12, 0.8 * 30 + 0.2 * under, 0.8 * 30 + 0.2 * under,
                       0.8 * 46 + 0.2 * under);
        assert_colour (buffer, &info, 2, 2, under, under, under);
      }
}

/* What each byte should be: luma mixed with the pixel's alpha, chroma with
 * the 2×2 block's mean alpha and mean premultiplied colour, in doubles. */
static void
reference (const guint8 *argb,
           int           stride,
           int           sw,
           int           sh,
           int           x,
           int           y,
           GstVideoFrame *frame,
           double        *want_y,
           double        *want_u,
           double        *want_v)
{
  int fw = GST_VIDEO_FRAME_WIDTH (frame), fh = GST_VIDEO_FRAME_HEIGHT (frame);
  double kr = 0.2126, kb = 0.0722, kg = 1 - kr - kb;   /* BT.709, limited range */

  for (int j = 0; j < fh; j++)
    for (int i = 0; i < fw; i++)
      want_y[j * fw + i] = comp (frame, 0, i, j);
  for (int j = 0; j < (fh + 1) / 2; j++)
    for (int i = 0; i < (fw + 1) / 2; i++)
      {
        double a_sum = 0, cb_sum = 0, cr_sum = 0;

        for (int dj = 0; dj < 2; dj++)
          for (int di = 0; di < 2; di++)
            {
              int fx = 2 * i + di, fy = 2 * j + dj;
              int sx = fx - x, sy = fy - y;
              guint32 p;
              double a, r, g, b, luma;

              if (sx < 0 || sy < 0 || sx >= sw || sy >= sh)
                continue;
              p = *(const guint32 *)(const void *)(argb + sy * stride + 4 * sx);
              a = (p >> 24) / 255.0;
              r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
              luma = kr * r + kg * g + kb * b;
              if (fx < fw && fy < fh)
                want_y[fy * fw + fx] = a * 16 + 219.0 / 255 * luma +
                                       (1 - a) * comp (frame, 0, fx, fy);
              a_sum += a;
              cb_sum += a * 128 + 224.0 / 255 * (b - luma) / (2 * (1 - kb));
              cr_sum += a * 128 + 224.0 / 255 * (r - luma) / (2 * (1 - kr));
            }
        want_u[j * ((fw + 1) / 2) + i] = cb_sum / 4 + (1 - a_sum / 4) * comp (frame, 1, 2 * i, 2 * j);
        want_v[j * ((fw + 1) / 2) + i] = cr_sum / 4 + (1 - a_sum / 4) * comp (frame, 2, 2 * i, 2 * j);
      }
}

/* A random overlay with every alpha, at odd places and hanging over each
 * edge: every byte within rounding of the reference, every byte outside
 * untouched; NV12 and I420 give the same picture. */
static void
test_reference (void)
{
  static const int places[][2] = { { 3, 5 }, { 0, 0 }, { -7, 2 }, { 50, -9 }, { 41, 27 }, { -3, -3 } };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261203);

  for (guint n = 0; n < G_N_ELEMENTS (places); n++)
    {
      int sw = 23, sh = 17, x = places[n][0], y = places[n][1], fw = 62, fh = 38;
      g_autoptr(cairo_surface_t) surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, sw, sh);
      guint8 *argb = cairo_image_surface_get_data (surface);
      int stride = cairo_image_surface_get_stride (surface);
      GstVideoInfo info, nv12_info;
      g_autoptr(GstBuffer) buffer = NULL;
      g_autoptr(GstBuffer) nv12 = NULL;
      g_autoptr(ScBlendPiece) piece = NULL;
      g_autofree double *want_y = g_new (double, fw * fh);
      g_autofree double *want_u = g_new (double, (fw / 2 + 1) * (fh / 2 + 1));
      g_autofree double *want_v = g_new (double, (fw / 2 + 1) * (fh / 2 + 1));
      GstVideoFrame frame, nv12_frame;

      for (int j = 0; j < sh; j++)
        for (int i = 0; i < sw; i++)
          {
            guint32 a = g_rand_int_range (rand, 0, 4) == 0 ? 0 : g_rand_int_range (rand, 0, 256);

            /* Premultiplied: no channel above the alpha. */
            *(guint32 *)(void *)(argb + j * stride + 4 * i) =
              a << 24 | (guint32)g_rand_int_range (rand, 0, a + 1) << 16 |
              (guint32)g_rand_int_range (rand, 0, a + 1) << 8 |
              (guint32)g_rand_int_range (rand, 0, a + 1);
          }
      cairo_surface_mark_dirty (surface);

      buffer = make_frame (&info, GST_VIDEO_FORMAT_I420, fw, fh, "bt709", 0, 0, 0);
      nv12 = make_frame (&nv12_info, GST_VIDEO_FORMAT_NV12, fw, fh, "bt709", 0, 0, 0);
      g_assert_true (gst_video_frame_map (&frame, &info, buffer, GST_MAP_READWRITE));
      g_assert_true (gst_video_frame_map (&nv12_frame, &nv12_info, nv12, GST_MAP_READWRITE));
      /* A background with detail in every plane. */
      for (int j = 0; j < fh; j++)
        for (int i = 0; i < fw; i++)
          {
            guint8 v = 16 + (i * 7 + j * 13) % 220;

            ((guint8 *)GST_VIDEO_FRAME_COMP_DATA (&frame, 0))[j * GST_VIDEO_FRAME_COMP_STRIDE (&frame, 0) + i] = v;
            ((guint8 *)GST_VIDEO_FRAME_COMP_DATA (&nv12_frame, 0))[j * GST_VIDEO_FRAME_COMP_STRIDE (&nv12_frame, 0) + i] = v;
            if (i % 2 == 0 && j % 2 == 0)
              for (int c = 1; c <= 2; c++)
                {
                  guint8 cv = 16 + (i * 5 + j * 3 + c * 40) % 225;

                  ((guint8 *)GST_VIDEO_FRAME_COMP_DATA (&frame, c))[j / 2 * GST_VIDEO_FRAME_COMP_STRIDE (&frame, c) +
                                                                    i / 2 * GST_VIDEO_FRAME_COMP_PSTRIDE (&frame, c)] = cv;
                  ((guint8 *)GST_VIDEO_FRAME_COMP_DATA (&nv12_frame, c))[j / 2 * GST_VIDEO_FRAME_COMP_STRIDE (&nv12_frame, c) +
                                                                         i / 2 * GST_VIDEO_FRAME_COMP_PSTRIDE (&nv12_frame, c)] = cv;
                }
          }

      reference (argb, stride, sw, sh, x, y, &frame, want_y, want_u, want_v);
      piece = sc_blend_piece_new (surface, x, y, &info.colorimetry);
      sc_blend_piece_apply (piece, &frame);
      sc_blend_piece_apply (piece, &nv12_frame);

      for (int j = 0; j < fh; j++)
        for (int i = 0; i < fw; i++)
          {
            for (int c = 0; c < 3; c++)
              {
                double want;

                if (c > 0 && (i % 2 != 0 || j % 2 != 0))
                  continue;
                want = c == 0 ? want_y[j * fw + i]
                       : c == 1 ? want_u[j / 2 * ((fw + 1) / 2) + i / 2]
                                : want_v[j / 2 * ((fw + 1) / 2) + i / 2];
                /* Rounded once for the premultiplied value and once for the
                 * mix; chroma also for the block's mean alpha. */
                if (fabs (comp (&frame, c, i, j) - want) > (c == 0 ? 1.0 : 1.5))
                  g_error ("place %d,%d: component %d at %d,%d is %d, want %.2f", x, y, c, i, j,
                           comp (&frame, c, i, j), want);
                g_assert_cmpint (comp (&frame, c, i, j), ==, comp (&nv12_frame, c, i, j));
              }
          }
      gst_video_frame_unmap (&nv12_frame);
      gst_video_frame_unmap (&frame);
    }
}

/* Untouched where the overlay is transparent, byte for byte, and a wholly
 * transparent overlay writes nothing at all. */
static void
assert_same_bytes (GstBuffer *a,
                   GstBuffer *b)
{
  GstMapInfo ma, mb;

  g_assert_true (gst_buffer_map (a, &ma, GST_MAP_READ));
  g_assert_true (gst_buffer_map (b, &mb, GST_MAP_READ));
  g_assert_cmpmem (ma.data, ma.size, mb.data, mb.size);
  gst_buffer_unmap (b, &mb);
  gst_buffer_unmap (a, &ma);
}

static void
test_transparent (void)
{
  g_autoptr(cairo_surface_t) clear = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 40, 20);
  g_autoptr(cairo_surface_t) dot = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 40, 20);
  g_autoptr(ScBlendPiece) clear_piece = NULL;
  g_autoptr(ScBlendPiece) dot_piece = NULL;
  g_autoptr(GstBuffer) buffer = NULL;
  g_autoptr(GstBuffer) before = NULL;
  GstVideoInfo info;
  GstMapInfo a, b;
  gsize differ = 0;
  cairo_t *cr;

  buffer = make_frame (&info, GST_VIDEO_FORMAT_I420, 64, 48, "bt709", 90, 60, 200);
  before = gst_buffer_copy_deep (buffer);
  clear_piece = sc_blend_piece_new (clear, 4, 4, &info.colorimetry);
  blend (buffer, &info, clear_piece);
  assert_same_bytes (buffer, before);

  /* One opaque pixel: one luma byte and one sample of each chroma plane change. */
  cr = cairo_create (dot);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 10, 10, 1, 1);
  cairo_fill (cr);
  cairo_destroy (cr);
  dot_piece = sc_blend_piece_new (dot, 4, 4, &info.colorimetry);
  blend (buffer, &info, dot_piece);
  g_assert_true (gst_buffer_map (buffer, &a, GST_MAP_READ));
  g_assert_true (gst_buffer_map (before, &b, GST_MAP_READ));
  for (gsize i = 0; i < a.size; i++)
    differ += a.data[i] != b.data[i];
  gst_buffer_unmap (before, &b);
  gst_buffer_unmap (buffer, &a);
  g_assert_cmpuint (differ, ==, 3);
}

/* A piece made where an opaque piece of the same size was freed (its planes
 * are reused) still blends nothing for a transparent surface. */
static void
test_reused_planes (void)
{
  g_autoptr(GstBuffer) buffer = NULL;
  g_autoptr(GstBuffer) before = NULL;
  GstVideoInfo info;

  buffer = make_frame (&info, GST_VIDEO_FORMAT_I420, 640, 480, "bt709", 90, 60, 200);
  before = gst_buffer_copy_deep (buffer);
  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(cairo_surface_t) opaque = solid_surface (400, 300, 1, 1, 1, 1);
      g_autoptr(cairo_surface_t) clear = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
      g_autoptr(ScBlendPiece) clear_piece = NULL;

      /* 400 × 300 has planes of 420 KB: over the size glibc maps afresh. */
      sc_blend_piece_unref (sc_blend_piece_new (opaque, 10, 10, &info.colorimetry));
      clear_piece = sc_blend_piece_new (clear, 10, 10, &info.colorimetry);
      blend (buffer, &info, clear_piece);
    }
  assert_same_bytes (buffer, before);
  sc_blend_release_spare ();
}

/* The same surface at the same place for the same colorimetry is the same
 * piece; anything else is not. */
static void
test_identity (void)
{
  g_autoptr(cairo_surface_t) surface = solid_surface (8, 8, 1, 0, 0, 1);
  g_autoptr(cairo_surface_t) other = solid_surface (8, 8, 1, 0, 0, 1);
  GstVideoColorimetry bt601, bt709;
  g_autoptr(ScBlendPiece) piece = NULL;
  int x, y;

  gst_video_colorimetry_from_string (&bt601, "bt601");
  gst_video_colorimetry_from_string (&bt709, "bt709");
  piece = sc_blend_piece_new (surface, 5, 7, &bt601);
  g_assert_true (sc_blend_piece_is (piece, surface, 5, 7, &bt601));
  g_assert_false (sc_blend_piece_is (piece, surface, 5, 7, &bt709));
  g_assert_false (sc_blend_piece_is (piece, surface, 6, 7, &bt601));
  g_assert_false (sc_blend_piece_is (piece, other, 5, 7, &bt601));
  g_assert_true (sc_blend_piece_get_surface (piece) == surface);
  sc_blend_piece_get_position (piece, &x, &y);
  g_assert_cmpint (x, ==, 5);
  g_assert_cmpint (y, ==, 7);
  g_assert_true (sc_blend_supports_format (GST_VIDEO_FORMAT_I420));
  g_assert_true (sc_blend_supports_format (GST_VIDEO_FORMAT_NV12));
  g_assert_false (sc_blend_supports_format (GST_VIDEO_FORMAT_BGRA));
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/overlay-blend/colour", test_colour);
  g_test_add_func ("/overlay-blend/reference", test_reference);
  g_test_add_func ("/overlay-blend/transparent", test_transparent);
  g_test_add_func ("/overlay-blend/reused-planes", test_reused_planes);
  g_test_add_func ("/overlay-blend/identity", test_identity);
  return g_test_run ();
}
