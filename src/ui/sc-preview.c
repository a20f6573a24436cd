/* sc-preview.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-preview"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sc-preview.h"

/* Larger than any canvas a show may ask for; guards the size arithmetic. */
#define MAX_FRAME_SIDE 16384
#define BYTES_PER_PIXEL 4

struct _ScPreview
{
  GObject          parent_instance;

  GdkTexture      *texture;
  /* The same pixels for cairo: GTK 4.8's cairo renderer turns a texture into
   * a cairo surface every frame through floats (gdk_memory_convert), the
   * costliest thing the window did; this surface is painted as it is. */
  cairo_surface_t *surface;
  gboolean         use_cairo;
  int              drawn_width;
};

static void paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScPreview, sc_preview, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, paintable_iface_init))

G_DEFINE_QUARK (sc-preview-error-quark, sc_preview_error)

enum {
  PROP_0,
  PROP_DRAWN_WIDTH,
  PROP_USE_CAIRO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Ties the frame's pixels to its surface. */
static const cairo_user_data_key_t frame_key;

/* The frame goes into the node's recording as a raster source, not as a
 * surface pattern: a recording keeps a copy-on-write snapshot of a surface,
 * and the frame's surface going away copies the whole frame once more. These
 * callbacks hand the surface over as it is and count its users. */
static cairo_surface_t *
frame_acquire (cairo_pattern_t             *pattern,
               void                        *data,
               cairo_surface_t             *target,
               const cairo_rectangle_int_t *extents)
{
  return cairo_surface_reference (data);
}

static void
frame_release (cairo_pattern_t *pattern,
               void            *data,
               cairo_surface_t *surface)
{
  cairo_surface_destroy (surface);
}

static cairo_status_t
frame_copy (cairo_pattern_t       *pattern,
            void                  *data,
            const cairo_pattern_t *other)
{
  cairo_surface_reference (data);
  return CAIRO_STATUS_SUCCESS;
}

static void
frame_finish (cairo_pattern_t *pattern,
              void            *data)
{
  cairo_surface_destroy (data);
}

/* Paints the frame into @cr over @width × @height. A frame made for this size
 * (in device pixels, ±2 for rounding: the window asks for whole pixels, the
 * pipeline keeps the canvas's shape, GtkPicture allocates fractions) is
 * copied 1:1 to whole device pixels, cropped to the area or leaving at most
 * a 2-pixel strip of the letterbox's black,
 * which pixman does as a blit: GtkPicture may centre it at a half pixel, and
 * a frame drawn there would be filtered and its edges blended. Any other size
 * (while the pipeline catches up with a resize, or a widget larger than the
 * canvas) is scaled bilinearly. */
static void
draw_frame (ScPreview *self,
            cairo_t   *cr,
            double     width,
            double     height)
{
  int frame_width = cairo_image_surface_get_width (self->surface);
  int frame_height = cairo_image_surface_get_height (self->surface);
  double k = MAX (1.0, round (frame_width / width));
  cairo_pattern_t *source;
  cairo_matrix_t matrix;

  source = cairo_pattern_create_raster_source (cairo_surface_reference (self->surface),
                                               CAIRO_CONTENT_COLOR_ALPHA,
                                               frame_width, frame_height);
  cairo_raster_source_pattern_set_acquire (source, frame_acquire, frame_release);
  cairo_raster_source_pattern_set_copy (source, frame_copy);
  cairo_raster_source_pattern_set_finish (source, frame_finish);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);

  if (fabs (frame_width - k * width) <= 2 && fabs (frame_height - k * height) <= 2)
    {
      double x = 0, y = 0, left, top, right, bottom;

      /* In device pixels of the node: k of them per unit. */
      cairo_user_to_device (cr, &x, &y);
      x *= k;
      y *= k;
      left = round (x);
      top = round (y);
      right = MIN (left + frame_width, floor (x + k * width));
      bottom = MIN (top + frame_height, floor (y + k * height));
      cairo_matrix_init_translate (&matrix, -left, -top);
      cairo_pattern_set_matrix (source, &matrix);
      cairo_pattern_set_filter (source, CAIRO_FILTER_NEAREST);
      cairo_identity_matrix (cr);
      cairo_scale (cr, 1.0 / k, 1.0 / k);
      left = MAX (left, ceil (x));
      top = MAX (top, ceil (y));
      cairo_rectangle (cr, left, top, MAX (0, right - left), MAX (0, bottom - top));
    }
  else
    {
      cairo_scale (cr, width / frame_width, height / frame_height);
      cairo_pattern_set_filter (source, CAIRO_FILTER_BILINEAR);
      /* The edges sample the frame's own edge, not the transparency beyond. */
      cairo_pattern_set_extend (source, CAIRO_EXTEND_PAD);
      cairo_rectangle (cr, 0, 0, frame_width, frame_height);
    }

  cairo_set_source (cr, source);
  cairo_fill (cr);
  cairo_pattern_destroy (source);
}

static void
sc_preview_snapshot (GdkPaintable *paintable,
                     GdkSnapshot  *snapshot,
                     double        width,
                     double        height)
{
  ScPreview *self = SC_PREVIEW (paintable);
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, width, height);
  int drawn_width = (int) ceil (width);

  /* The window asks for frames of the size they are drawn at. */
  if (drawn_width != self->drawn_width)
    {
      self->drawn_width = drawn_width;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAWN_WIDTH]);
    }

  if (self->use_cairo && self->surface != NULL)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (GTK_SNAPSHOT (snapshot), &bounds);

      draw_frame (self, cr, width, height);
      cairo_destroy (cr);
    }
  else if (self->texture != NULL)
    gtk_snapshot_append_texture (GTK_SNAPSHOT (snapshot), self->texture, &bounds);
  else
    gtk_snapshot_append_color (GTK_SNAPSHOT (snapshot), &(GdkRGBA) { 0, 0, 0, 1 }, &bounds);
}

static GdkPaintable *
sc_preview_get_current_image (GdkPaintable *paintable)
{
  ScPreview *self = SC_PREVIEW (paintable);

  if (self->texture != NULL)
    return GDK_PAINTABLE (g_object_ref (self->texture));

  return gdk_paintable_new_empty (0, 0);
}

static int
sc_preview_get_intrinsic_width (GdkPaintable *paintable)
{
  ScPreview *self = SC_PREVIEW (paintable);

  return self->texture != NULL ? gdk_texture_get_width (self->texture) : 0;
}

static int
sc_preview_get_intrinsic_height (GdkPaintable *paintable)
{
  ScPreview *self = SC_PREVIEW (paintable);

  return self->texture != NULL ? gdk_texture_get_height (self->texture) : 0;
}

static double
sc_preview_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  ScPreview *self = SC_PREVIEW (paintable);

  if (self->texture == NULL)
    return 16.0 / 9.0;

  return (double) gdk_texture_get_width (self->texture)
         / (double) gdk_texture_get_height (self->texture);
}

static void
paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = sc_preview_snapshot;
  iface->get_current_image = sc_preview_get_current_image;
  iface->get_intrinsic_width = sc_preview_get_intrinsic_width;
  iface->get_intrinsic_height = sc_preview_get_intrinsic_height;
  iface->get_intrinsic_aspect_ratio = sc_preview_get_intrinsic_aspect_ratio;
}

static void
sc_preview_dispose (GObject *object)
{
  ScPreview *self = SC_PREVIEW (object);

  g_clear_object (&self->texture);
  g_clear_pointer (&self->surface, cairo_surface_destroy);

  G_OBJECT_CLASS (sc_preview_parent_class)->dispose (object);
}

static void
sc_preview_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  ScPreview *self = SC_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_DRAWN_WIDTH:
      g_value_set_int (value, self->drawn_width);
      break;
    case PROP_USE_CAIRO:
      g_value_set_boolean (value, self->use_cairo);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_preview_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  ScPreview *self = SC_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_USE_CAIRO:
      sc_preview_set_use_cairo (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_preview_class_init (ScPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_preview_dispose;
  object_class->get_property = sc_preview_get_property;
  object_class->set_property = sc_preview_set_property;

  properties[PROP_DRAWN_WIDTH] =
    g_param_spec_int ("drawn-width", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_USE_CAIRO] =
    g_param_spec_boolean ("use-cairo", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_preview_init (ScPreview *self)
{
}

ScPreview *
sc_preview_new (void)
{
  return g_object_new (SC_TYPE_PREVIEW, NULL);
}

static gboolean
check_frame (GBytes  *pixels,
             int      width,
             int      height,
             int      stride,
             GError **error)
{
  gsize needed;

  if (pixels == NULL)
    {
      g_set_error_literal (error, SC_PREVIEW_ERROR, SC_PREVIEW_ERROR_INVALID_FRAME,
                           _("The preview frame has no pixels"));
      return FALSE;
    }

  if (width <= 0 || height <= 0 || width > MAX_FRAME_SIDE || height > MAX_FRAME_SIDE)
    {
      g_set_error (error, SC_PREVIEW_ERROR, SC_PREVIEW_ERROR_INVALID_FRAME,
                   _("The preview frame size %d × %d is not valid"), width, height);
      return FALSE;
    }

  if (stride < width * BYTES_PER_PIXEL)
    {
      g_set_error (error, SC_PREVIEW_ERROR, SC_PREVIEW_ERROR_INVALID_FRAME,
                   _("The preview frame stride %d is too small for a width of %d"),
                   stride, width);
      return FALSE;
    }

  /* The last row only needs its pixels, not the padding after them. */
  needed = (gsize) stride * (gsize) (height - 1) + (gsize) width * BYTES_PER_PIXEL;
  if (g_bytes_get_size (pixels) < needed)
    {
      /* Formatted apart: gettext cannot extract a G_GSIZE_FORMAT string. */
      g_autofree char *have_text = g_strdup_printf ("%" G_GSIZE_FORMAT,
                                                    g_bytes_get_size (pixels));
      g_autofree char *needed_text = g_strdup_printf ("%" G_GSIZE_FORMAT, needed);

      g_set_error (error, SC_PREVIEW_ERROR, SC_PREVIEW_ERROR_INVALID_FRAME,
                   _("The preview frame has %s bytes, %s are needed"),
                   have_text, needed_text);
      return FALSE;
    }

  return TRUE;
}

gboolean
sc_preview_push_frame (ScPreview  *self,
                       GBytes     *pixels,
                       int         width,
                       int         height,
                       int         stride,
                       GError    **error)
{
  gboolean size_changed;

  g_return_val_if_fail (SC_IS_PREVIEW (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_frame (pixels, width, height, stride, error))
    return FALSE;

  size_changed = self->texture == NULL
                 || gdk_texture_get_width (self->texture) != width
                 || gdk_texture_get_height (self->texture) != height;

  g_clear_object (&self->texture);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  /* The texture and the surface keep a reference on @pixels: no copy per frame. */
  self->texture = gdk_memory_texture_new (width, height, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED,
                                          pixels, stride);
  if (stride % 4 == 0)
    {
      /* Premultiplied BGRA bytes are CAIRO_FORMAT_ARGB32 on little-endian
       * machines; elsewhere the texture is drawn instead. */
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
      self->surface = cairo_image_surface_create_for_data ((guchar *) g_bytes_get_data (pixels,
                                                                                        NULL),
                                                           CAIRO_FORMAT_ARGB32,
                                                           width, height, stride);
      if (cairo_surface_status (self->surface) != CAIRO_STATUS_SUCCESS)
        g_clear_pointer (&self->surface, cairo_surface_destroy);
      else
        cairo_surface_set_user_data (self->surface, &frame_key, g_bytes_ref (pixels),
                                     (cairo_destroy_func_t) g_bytes_unref);
#endif
    }

  if (size_changed)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));

  return TRUE;
}

GdkTexture *
sc_preview_get_texture (ScPreview *self)
{
  g_return_val_if_fail (SC_IS_PREVIEW (self), NULL);

  return self->texture;
}

void
sc_preview_clear (ScPreview *self)
{
  g_return_if_fail (SC_IS_PREVIEW (self));

  if (self->texture == NULL)
    return;

  g_clear_object (&self->texture);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

void
sc_preview_set_use_cairo (ScPreview *self,
                          gboolean   use_cairo)
{
  g_return_if_fail (SC_IS_PREVIEW (self));

  use_cairo = !!use_cairo;
  if (use_cairo == self->use_cairo)
    return;
  self->use_cairo = use_cairo;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USE_CAIRO]);
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

gboolean
sc_preview_get_use_cairo (ScPreview *self)
{
  g_return_val_if_fail (SC_IS_PREVIEW (self), FALSE);

  return self->use_cairo;
}

int
sc_preview_get_drawn_width (ScPreview *self)
{
  g_return_val_if_fail (SC_IS_PREVIEW (self), 0);

  return self->drawn_width;
}
