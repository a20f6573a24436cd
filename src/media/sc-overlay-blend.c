/* sc-overlay-blend.c — blending the overlay regions into the canvas frames
 *
 * Copyright 2026 The Shopcast authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GstVideoOverlayComposition blended each rectangle by unpacking every line
 * of the frame it covers to AYUV, mixing in floating-point-free but generic
 * per-pixel code, and packing the line back: about 10 % of the samples of a
 * 1080p show (docs/performance.md). The work that does not change from frame
 * to frame — colour conversion, premultiplying, averaging the alpha over the
 * 2×2 chroma blocks, finding the transparent parts — is done here once per
 * region, so a frame costs one multiply-add per covered byte.
 */

#include "config.h"

#include "base/sc-spare.h"
#include "sc-overlay-blend.h"

#include <math.h>
#include <string.h>

/* The per-byte loops below are the hot path of every frame: let GCC
 * vectorise them (clang does at -O2 already). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize ("tree-vectorize")
#endif

struct _ScBlendPiece {
  gatomicrefcount      ref;
  cairo_surface_t     *surface;
  int                  x;
  int                  y;
  GstVideoColorMatrix  matrix;
  GstVideoColorRange   range;

  /* The planes start at an even place of the frame, so a chroma sample of
   * the piece is a chroma sample of the frame. */
  int                  x0;
  int                  y0;
  int                  width;     /* even */
  int                  height;    /* even */
  guint8              *y_pre;     /* width × height, premultiplied luma */
  guint8              *y_inv;     /* width × height, 255 − alpha */
  guint8              *u_pre;     /* width/2 × height/2 */
  guint8              *v_pre;
  guint8              *c_inv;     /* 255 − the block's mean alpha */
  guint16             *y_span;    /* per luma row: first, end (first == end: nothing) */
  guint16             *c_span;    /* per chroma row */
};

static void
matrix_coefficients (GstVideoColorMatrix  matrix,
                     double              *kr,
                     double              *kb)
{
  if (!gst_video_color_matrix_get_Kr_Kb (matrix, kr, kb))
    {
      /* Unknown: what GStreamer assumes for YUV it has no word on. */
      *kr = 0.299;
      *kb = 0.114;
    }
}

/* Fixed point with 16 fractional bits. */
#define FX_ONE 65536.0

static inline gint32
fx (double v)
{
  return (gint32)lround (v * FX_ONE);
}

/* A byte from a fixed-point value, rounded and clamped; `shift` also
 * divides by the number of samples summed (2: a 2×2 block). Written with
 * MAX and MIN so the loops around it vectorise. */
static inline guint8
fx_byte (gint32 v,
         int    shift)
{
  v = MAX (v, 0);
  v = (v + ((gint32)1 << (15 + shift))) >> (16 + shift);
  return (guint8)MIN (v, 255);
}

/* One row of the surface where the piece has row `j`, zero-padded to the
 * piece's width: the loops below run over plain arrays, without bounds. */
static void
fill_row (const ScBlendPiece *self,
          int                 j,
          guint32            *out)
{
  const guint8 *data = cairo_image_surface_get_data (self->surface);
  int stride = cairo_image_surface_get_stride (self->surface);
  int sw = cairo_image_surface_get_width (self->surface);
  int sh = cairo_image_surface_get_height (self->surface);
  int dx = self->x - self->x0;
  int dy = self->y - self->y0;
  int n = MIN (sw, self->width - dx);

  memset (out, 0, sizeof (guint32) * self->width);
  if (j - dy >= 0 && j - dy < sh && n > 0)
    memcpy (out + dx, data + (gsize)(j - dy) * stride, sizeof (guint32) * n);
}

/* A row's premultiplied luma and 255 − alpha: the bulk of the work, in a
 * loop of its own over arrays that do not overlap, so it vectorises. */
static void
luma_row (const guint32 *restrict row,
          guint8        *restrict yp,
          guint8        *restrict yi,
          int                     width,
          gint32                  ya,
          gint32                  yr,
          gint32                  yg,
          gint32                  yb)
{
  for (int i = 0; i < width; i++)
    {
      guint32 p = row[i];
      gint32 a = (gint32)(p >> 24);
      gint32 r = (gint32)((p >> 16) & 0xff);
      gint32 g = (gint32)((p >> 8) & 0xff);
      gint32 b = (gint32)(p & 0xff);

      yp[i] = fx_byte (ya * a + yr * r + yg * g + yb * b, 0);
      yi[i] = (guint8)(255 - a);
    }
}

/* ca, then the r, g, b factors of Cb, then of Cr. */
typedef struct {
  gint32 ca, ur, ug, ub, vr, vg, vb;
} ChromaCoef;

/* Each chroma sample from its 2×2 block: the conversion is linear, so the
 * block's sums are converted once. Plain arrays again, to vectorise. */
static void
chroma_row (const guint32 *restrict top,
            const guint32 *restrict bottom,
            guint8        *restrict u,
            guint8        *restrict v,
            guint8        *restrict c_inv,
            int                     cw,
            ChromaCoef              k)
{
  for (int i = 0; i < cw; i++)
    {
      guint32 p0 = top[2 * i], p1 = top[2 * i + 1];
      guint32 p2 = bottom[2 * i], p3 = bottom[2 * i + 1];
      gint32 a = (gint32)((p0 >> 24) + (p1 >> 24) + (p2 >> 24) + (p3 >> 24));
      gint32 r = (gint32)(((p0 >> 16) & 0xff) + ((p1 >> 16) & 0xff) +
                          ((p2 >> 16) & 0xff) + ((p3 >> 16) & 0xff));
      gint32 g = (gint32)(((p0 >> 8) & 0xff) + ((p1 >> 8) & 0xff) +
                          ((p2 >> 8) & 0xff) + ((p3 >> 8) & 0xff));
      gint32 b = (gint32)((p0 & 0xff) + (p1 & 0xff) + (p2 & 0xff) + (p3 & 0xff));

      u[i] = fx_byte (k.ca * a + k.ur * r + k.ug * g + k.ub * b, 2);
      v[i] = fx_byte (k.ca * a + k.vr * r + k.vg * g + k.vb * b, 2);
      /* 255 − the block's mean alpha, rounded. */
      c_inv[i] = (guint8)(255 - (a + 2) / 4);
    }
}

static void
convert (ScBlendPiece *self)
{
  int cw = self->width / 2;
  double kr, kb, kg, y_off, y_scale, c_scale, d_cb, d_cr;
  gint32 yr, yg, yb, ya;
  ChromaCoef coef;
  guint32 *rows;

  matrix_coefficients (self->matrix, &kr, &kb);
  kg = 1.0 - kr - kb;
  if (self->range == GST_VIDEO_COLOR_RANGE_0_255)
    y_off = 0.0, y_scale = 1.0, c_scale = 1.0;
  else
    y_off = 16.0, y_scale = 219.0 / 255.0, c_scale = 224.0 / 255.0;
  d_cb = 2.0 * (1.0 - kb);
  d_cr = 2.0 * (1.0 - kr);

  /* Cairo's colours are premultiplied already, so the premultiplied
   * Y′CbCr is linear in r, g, b and the alpha a (offsets scaled by a/255):
   *   Y  = a/255 × y_off + y_scale × (kr r + kg g + kb b)
   *   Cb = a/255 × 128 + c_scale × (b − luma) / (2 (1 − kb))
   *   Cr = a/255 × 128 + c_scale × (r − luma) / (2 (1 − kr))
   * A stock change converts the card ten times a second: integers, rows
   * padded to plain arrays and each 2×2 block's sums converted once keep
   * that cheap (docs/performance.md). */
  yr = fx (y_scale * kr);
  yg = fx (y_scale * kg);
  yb = fx (y_scale * kb);
  ya = fx (y_off / 255.0);
  coef.ur = fx (-c_scale * kr / d_cb);
  coef.ug = fx (-c_scale * kg / d_cb);
  coef.ub = fx (c_scale * (1.0 - kb) / d_cb);
  coef.vr = fx (c_scale * (1.0 - kr) / d_cr);
  coef.vg = fx (-c_scale * kg / d_cr);
  coef.vb = fx (-c_scale * kb / d_cr);
  coef.ca = fx (128.0 / 255.0);

  rows = g_new (guint32, 2 * (gsize)self->width);

  for (int c = 0; c < self->height / 2; c++)
    {
      const guint32 *top = rows;
      const guint32 *bottom = rows + self->width;
      int cfirst = G_MAXINT, cend = 0;

      for (int half = 0; half < 2; half++)
        {
          int j = 2 * c + half;
          guint32 *row = rows + (gsize)half * self->width;
          guint8 *yp = self->y_pre + (gsize)j * self->width;
          guint8 *yi = self->y_inv + (gsize)j * self->width;
          int first = 0, end = self->width;

          fill_row (self, j, row);
          luma_row (row, yp, yi, self->width, ya, yr, yg, yb);
          /* The row's visible part: from its first to its last pixel with
           * any alpha (first == end: none). */
          while (first < end && yi[first] == 255)
            first++;
          while (end > first && yi[end - 1] == 255)
            end--;
          if (first == end)
            first = end = 0;
          self->y_span[2 * j] = (guint16)first;
          self->y_span[2 * j + 1] = (guint16)end;
          if (first != end)
            {
              cfirst = MIN (cfirst, first);
              cend = MAX (cend, end);
            }
        }

      chroma_row (top, bottom, self->u_pre + (gsize)c * cw, self->v_pre + (gsize)c * cw,
                  self->c_inv + (gsize)c * cw, cw, coef);
      if (cend == 0)
        cfirst = cend = 0;
      self->c_span[2 * c] = (guint16)(cfirst / 2);
      self->c_span[2 * c + 1] = (guint16)((cend + 1) / 2);
    }

  g_free (rows);
}

/* The planes of the last pieces freed, for the next piece of about their
 * size: a stock change replaces the card ten times a second, and planes
 * allocated afresh each time (glibc maps anything over 128 KiB anew, see
 * sc_process_tune_malloc()) cost more in page faults than the conversion
 * itself (sc-spare.h). Its two slots: the new piece is made while the old
 * one still lives. */
#define SPARE_MAX_BYTES (16 * 1024 * 1024)

static ScSpare spare;

void
sc_blend_release_spare (void)
{
  sc_spare_release (&spare);
}

static gsize
planes_size (const ScBlendPiece *self)
{
  gsize luma = (gsize)self->width * self->height;

  return 2 * luma + 3 * (luma / 4);
}

ScBlendPiece *
sc_blend_piece_new (cairo_surface_t           *surface,
                    int                        x,
                    int                        y,
                    const GstVideoColorimetry *colorimetry)
{
  ScBlendPiece *self;
  gsize luma, chroma;
  int sw, sh;

  g_return_val_if_fail (surface != NULL, NULL);
  g_return_val_if_fail (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_ARGB32, NULL);
  g_return_val_if_fail (colorimetry != NULL, NULL);

  sw = cairo_image_surface_get_width (surface);
  sh = cairo_image_surface_get_height (surface);
  /* Rows and columns are indexed with 16 bits; no frame is that large. */
  g_return_val_if_fail (sw >= 0 && sw < G_MAXUINT16 - 2 && sh >= 0 && sh < G_MAXUINT16 - 2, NULL);

  self = g_new0 (ScBlendPiece, 1);
  g_atomic_ref_count_init (&self->ref);
  self->surface = cairo_surface_reference (surface);
  self->x = x;
  self->y = y;
  self->matrix = colorimetry->matrix;
  self->range = colorimetry->range;
  self->x0 = x - (x & 1);
  self->y0 = y - (y & 1);
  self->width = (sw + (x & 1) + 1) & ~1;
  self->height = (sh + (y & 1) + 1) & ~1;

  luma = (gsize)self->width * self->height;
  chroma = luma / 4;
  self->y_pre = sc_spare_take (&spare, planes_size (self));
  if (self->y_pre == NULL)
    self->y_pre = g_malloc (planes_size (self));
  self->y_inv = self->y_pre + luma;
  self->u_pre = self->y_inv + luma;
  self->v_pre = self->u_pre + chroma;
  self->c_inv = self->v_pre + chroma;
  self->y_span = g_new0 (guint16, 2 * self->height);
  self->c_span = g_new0 (guint16, self->height);

  cairo_surface_flush (surface);
  convert (self);
  return self;
}

ScBlendPiece *
sc_blend_piece_ref (ScBlendPiece *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
sc_blend_piece_unref (ScBlendPiece *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref))
    return;
  cairo_surface_destroy (self->surface);
  sc_spare_give (&spare, self->y_pre, planes_size (self), SPARE_MAX_BYTES);
  g_free (self->y_span);
  g_free (self->c_span);
  g_free (self);
}

gboolean
sc_blend_piece_is (const ScBlendPiece        *self,
                   cairo_surface_t           *surface,
                   int                        x,
                   int                        y,
                   const GstVideoColorimetry *colorimetry)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->surface == surface && self->x == x && self->y == y &&
         self->matrix == colorimetry->matrix && self->range == colorimetry->range;
}

cairo_surface_t *
sc_blend_piece_get_surface (const ScBlendPiece *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->surface;
}

void
sc_blend_piece_get_position (const ScBlendPiece *self,
                             int                *x,
                             int                *y)
{
  g_return_if_fail (self != NULL);
  if (x != NULL)
    *x = self->x;
  if (y != NULL)
    *y = self->y;
}

gboolean
sc_blend_supports_format (GstVideoFormat format)
{
  return format == GST_VIDEO_FORMAT_I420 || format == GST_VIDEO_FORMAT_YV12 ||
         format == GST_VIDEO_FORMAT_NV12;
}

/* out = pre + in × inv / 255, rounded (t + t/256 + 1) / 256 is t / 255 for
 * every t a byte times a byte can make. */
static inline guint8
mix (guint8 in,
     guint8 pre,
     guint8 inv)
{
  guint t = (guint)in * inv + 128;
  guint v = pre + ((t + (t >> 8)) >> 8);

  return v > 255 ? 255 : (guint8)v;
}

static void
blend_bytes (guint8       *restrict dst,
             const guint8 *restrict pre,
             const guint8 *restrict inv,
             int                    n)
{
  for (int i = 0; i < n; i++)
    dst[i] = mix (dst[i], pre[i], inv[i]);
}

static void
blend_interleaved (guint8       *restrict dst,
                   const guint8 *restrict u_pre,
                   const guint8 *restrict v_pre,
                   const guint8 *restrict inv,
                   int                    n)
{
  for (int i = 0; i < n; i++)
    {
      dst[2 * i] = mix (dst[2 * i], u_pre[i], inv[i]);
      dst[2 * i + 1] = mix (dst[2 * i + 1], v_pre[i], inv[i]);
    }
}

void
sc_blend_piece_apply (const ScBlendPiece *self,
                      GstVideoFrame      *frame)
{
  GstVideoFormat format;
  int fw, fh, cw;
  int j_start, j_end;

  g_return_if_fail (self != NULL);
  g_return_if_fail (frame != NULL);

  format = GST_VIDEO_FRAME_FORMAT (frame);
  g_return_if_fail (sc_blend_supports_format (format));

  fw = GST_VIDEO_FRAME_WIDTH (frame);
  fh = GST_VIDEO_FRAME_HEIGHT (frame);
  cw = self->width / 2;
  j_start = MAX (0, -self->y0);
  j_end = MIN (self->height, fh - self->y0);

  for (int j = j_start; j < j_end; j++)
    {
      int first = MAX (self->y_span[2 * j], -self->x0);
      int end = MIN (self->y_span[2 * j + 1], fw - self->x0);
      guint8 *row;
      gsize k = (gsize)j * self->width;

      if (first >= end)
        continue;
      row = (guint8 *)GST_VIDEO_FRAME_PLANE_DATA (frame, 0) +
            (gsize)(self->y0 + j) * GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0);
      blend_bytes (row + self->x0 + first, self->y_pre + k + first, self->y_inv + k + first,
                   end - first);
    }

  /* The frame's chroma rows and columns, (fw + 1) / 2 and (fh + 1) / 2 of them. */
  j_start = MAX (0, -self->y0 / 2);
  j_end = MIN (self->height / 2, (fh + 1) / 2 - self->y0 / 2);
  for (int j = j_start; j < j_end; j++)
    {
      int first = MAX (self->c_span[2 * j], -self->x0 / 2);
      int end = MIN (self->c_span[2 * j + 1], (fw + 1) / 2 - self->x0 / 2);
      int fy = self->y0 / 2 + j;
      int fx = self->x0 / 2 + first;
      gsize k = (gsize)j * cw + first;

      if (first >= end)
        continue;
      if (format == GST_VIDEO_FORMAT_NV12)
        {
          guint8 *uv = (guint8 *)GST_VIDEO_FRAME_PLANE_DATA (frame, 1) +
                       (gsize)fy * GST_VIDEO_FRAME_PLANE_STRIDE (frame, 1);

          blend_interleaved (uv + 2 * fx, self->u_pre + k, self->v_pre + k, self->c_inv + k,
                             end - first);
        }
      else
        {
          /* GST_VIDEO_COMP_U/V name the right plane for I420 and YV12. */
          guint8 *u = (guint8 *)GST_VIDEO_FRAME_COMP_DATA (frame, GST_VIDEO_COMP_U) +
                      (gsize)fy * GST_VIDEO_FRAME_COMP_STRIDE (frame, GST_VIDEO_COMP_U);
          guint8 *v = (guint8 *)GST_VIDEO_FRAME_COMP_DATA (frame, GST_VIDEO_COMP_V) +
                      (gsize)fy * GST_VIDEO_FRAME_COMP_STRIDE (frame, GST_VIDEO_COMP_V);

          blend_bytes (u + fx, self->u_pre + k, self->c_inv + k, end - first);
          blend_bytes (v + fx, self->v_pre + k, self->c_inv + k, end - first);
        }
    }
}
