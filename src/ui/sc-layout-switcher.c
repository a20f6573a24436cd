/* sc-layout-switcher.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-layout-switcher"

#include "config.h"

#include <glib/gi18n.h>

#include "overlay/sc-layout.h"
#include "ui/sc-layout-switcher.h"

struct _ScLayoutSwitcher
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkDrawingArea *solo_thumbnail;
  GtkDrawingArea *pip_thumbnail;
  GtkDrawingArea *side_by_side_thumbnail;
  GtkDrawingArea *product_focus_thumbnail;

  ScStudio       *studio;
  char           *layout;
};

G_DEFINE_FINAL_TYPE (ScLayoutSwitcher, sc_layout_switcher, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STUDIO,
  PROP_LAYOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   width,
              double   height,
              double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
fill_rect (cairo_t      *cr,
           const ScRect *rect,
           double        scale,
           double        x0,
           double        y0,
           const GdkRGBA *color)
{
  if (rect->width <= 0 || rect->height <= 0)
    return;
  gdk_cairo_set_source_rgba (cr, color);
  rounded_rect (cr, x0 + rect->x * scale, y0 + rect->y * scale,
                rect->width * scale, rect->height * scale, 2);
  cairo_fill (cr);
}

/* A schematic of the real geometry (sc_layout_compute), so the thumbnail
 * can never disagree with what the viewers get. */
static void
draw_thumbnail (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        user_data)
{
  ScLayoutKind kind = GPOINTER_TO_INT (user_data);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (area));
  G_GNUC_END_IGNORE_DEPRECATIONS
  ScLayoutGeometry geometry;
  GdkRGBA fg, canvas, host, screen, product, card;
  double scale = MIN (width / 1280.0, height / 720.0);
  double x0 = (width - 1280 * scale) / 2;
  double y0 = (height - 720 * scale) / 2;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (style, &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  canvas = fg;
  canvas.alpha = 0.12;
  host = (GdkRGBA) { 0.21, 0.52, 0.89, 1.0 };     /* the camera: blue */
  screen = (GdkRGBA) { 0.60, 0.60, 0.64, 1.0 };   /* the screen: opaque grey over the camera */
  product = (GdkRGBA) { 0.96, 0.76, 0.07, 1.0 };  /* the product: yellow */
  card = fg;
  card.alpha = 0.85;

  sc_layout_compute (kind, 1280, 720, &geometry);

  gdk_cairo_set_source_rgba (cr, &canvas);
  rounded_rect (cr, x0, y0, 1280 * scale, 720 * scale, 4);
  cairo_fill (cr);

  /* Back to front, as the compositor stacks them. */
  for (guint z = 0; z < SC_LAYOUT_N_SLOTS; z++)
    for (guint i = 0; i < SC_LAYOUT_N_SLOTS; i++)
      if (geometry.slot_visible[i] && geometry.slot_zorder[i] == z)
        fill_rect (cr, &geometry.slots[i], scale, x0, y0, i == 0 ? &host : &screen);
  fill_rect (cr, &geometry.product_image, scale, x0, y0, &product);
  fill_rect (cr, &geometry.card, scale, x0, y0, &card);
}

static gboolean
set_layout_internal (ScLayoutSwitcher *self,
                     const char       *name,
                     gboolean          apply)
{
  ScLayoutKind kind;

  if (!sc_layout_kind_from_string (name, &kind))
    return FALSE;
  if (g_strcmp0 (self->layout, name) != 0)
    {
      g_free (self->layout);
      self->layout = g_strdup (name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYOUT]);
    }
  /* The studio moves the compositor pads and the overlay in place: no
   * pipeline rebuild, so no frame is lost. */
  if (apply && self->studio != NULL)
    sc_studio_set_layout (self->studio, kind);
  return TRUE;
}

static void
studio_layout_cb (ScStudio         *studio,
                  GParamSpec       *pspec,
                  ScLayoutSwitcher *self)
{
  set_layout_internal (self, sc_layout_kind_to_string (sc_studio_get_layout (studio)), FALSE);
}

static void
sc_layout_switcher_dispose (GObject *object)
{
  ScLayoutSwitcher *self = (ScLayoutSwitcher *)object;

  if (self->studio != NULL)
    g_signal_handlers_disconnect_by_data (self->studio, self);
  g_clear_object (&self->studio);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_LAYOUT_SWITCHER);

  G_OBJECT_CLASS (sc_layout_switcher_parent_class)->dispose (object);
}

static void
sc_layout_switcher_finalize (GObject *object)
{
  ScLayoutSwitcher *self = (ScLayoutSwitcher *)object;

  g_free (self->layout);

  G_OBJECT_CLASS (sc_layout_switcher_parent_class)->finalize (object);
}

static void
sc_layout_switcher_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ScLayoutSwitcher *self = SC_LAYOUT_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_STUDIO:
      g_value_set_object (value, self->studio);
      break;
    case PROP_LAYOUT:
      g_value_set_string (value, self->layout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_layout_switcher_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ScLayoutSwitcher *self = SC_LAYOUT_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_STUDIO:
      sc_layout_switcher_set_studio (self, g_value_get_object (value));
      break;
    case PROP_LAYOUT:
      if (!sc_layout_switcher_set_layout (self, g_value_get_string (value)))
        g_warning ("“%s” is not a layout", g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_layout_switcher_class_init (ScLayoutSwitcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_layout_switcher_dispose;
  object_class->finalize = sc_layout_switcher_finalize;
  object_class->get_property = sc_layout_switcher_get_property;
  object_class->set_property = sc_layout_switcher_set_property;

  properties[PROP_STUDIO] =
    g_param_spec_object ("studio", NULL, NULL, SC_TYPE_STUDIO,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LAYOUT] =
    g_param_spec_string ("layout", NULL, NULL, "solo",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/sc-layout-switcher.ui");
  gtk_widget_class_bind_template_child (widget_class, ScLayoutSwitcher, box);
  gtk_widget_class_bind_template_child (widget_class, ScLayoutSwitcher, solo_thumbnail);
  gtk_widget_class_bind_template_child (widget_class, ScLayoutSwitcher, pip_thumbnail);
  gtk_widget_class_bind_template_child (widget_class, ScLayoutSwitcher, side_by_side_thumbnail);
  gtk_widget_class_bind_template_child (widget_class, ScLayoutSwitcher, product_focus_thumbnail);

  gtk_widget_class_install_property_action (widget_class, "layout.set", "layout");

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "layoutswitcher");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sc_layout_switcher_init (ScLayoutSwitcher *self)
{
  self->layout = g_strdup ("solo");
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_drawing_area_set_draw_func (self->solo_thumbnail, draw_thumbnail,
                                  GINT_TO_POINTER (SC_LAYOUT_SOLO), NULL);
  gtk_drawing_area_set_draw_func (self->pip_thumbnail, draw_thumbnail,
                                  GINT_TO_POINTER (SC_LAYOUT_PIP), NULL);
  gtk_drawing_area_set_draw_func (self->side_by_side_thumbnail, draw_thumbnail,
                                  GINT_TO_POINTER (SC_LAYOUT_SIDE_BY_SIDE), NULL);
  gtk_drawing_area_set_draw_func (self->product_focus_thumbnail, draw_thumbnail,
                                  GINT_TO_POINTER (SC_LAYOUT_PRODUCT_FOCUS), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Layouts"),
                                  -1);
}

GtkWidget *
sc_layout_switcher_new (void)
{
  return g_object_new (SC_TYPE_LAYOUT_SWITCHER, NULL);
}

ScStudio *
sc_layout_switcher_get_studio (ScLayoutSwitcher *self)
{
  g_return_val_if_fail (SC_IS_LAYOUT_SWITCHER (self), NULL);
  return self->studio;
}

void
sc_layout_switcher_set_studio (ScLayoutSwitcher *self,
                               ScStudio         *studio)
{
  g_return_if_fail (SC_IS_LAYOUT_SWITCHER (self));
  g_return_if_fail (studio == NULL || SC_IS_STUDIO (studio));

  if (self->studio == studio)
    return;
  if (self->studio != NULL)
    g_signal_handlers_disconnect_by_data (self->studio, self);
  g_set_object (&self->studio, studio);
  if (studio != NULL)
    {
      g_signal_connect (studio, "notify::layout", G_CALLBACK (studio_layout_cb), self);
      studio_layout_cb (studio, NULL, self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STUDIO]);
}

const char *
sc_layout_switcher_get_layout (ScLayoutSwitcher *self)
{
  g_return_val_if_fail (SC_IS_LAYOUT_SWITCHER (self), NULL);
  return self->layout;
}

gboolean
sc_layout_switcher_set_layout (ScLayoutSwitcher *self,
                               const char       *name)
{
  g_return_val_if_fail (SC_IS_LAYOUT_SWITCHER (self), FALSE);
  return set_layout_internal (self, name, TRUE);
}
