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
  GObject     parent_instance;

  GdkTexture *texture;
  int         drawn_width;
};

static void paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScPreview, sc_preview, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, paintable_iface_init))

G_DEFINE_QUARK (sc-preview-error-quark, sc_preview_error)

enum {
  PROP_0,
  PROP_DRAWN_WIDTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

  if (self->texture != NULL)
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

  properties[PROP_DRAWN_WIDTH] =
    g_param_spec_int ("drawn-width", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
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
  /* The texture keeps a reference on @pixels: no copy per frame. */
  self->texture = gdk_memory_texture_new (width, height, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED,
                                          pixels, stride);

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
  gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

int
sc_preview_get_drawn_width (ScPreview *self)
{
  g_return_val_if_fail (SC_IS_PREVIEW (self), 0);

  return self->drawn_width;
}
