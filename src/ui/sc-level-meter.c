/* sc-level-meter.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-level-meter"

#include "config.h"

#include <math.h>

#include "sc-level-meter.h"

/* The trough and its blocks: plain widgets that only carry a CSS name, so
 * the theme's "levelbar > trough > block" rules draw them. */
#define SC_TYPE_LEVEL_METER_PART (sc_level_meter_part_get_type ())
G_DECLARE_FINAL_TYPE (ScLevelMeterPart, sc_level_meter_part, SC, LEVEL_METER_PART, GtkWidget)

struct _ScLevelMeterPart
{
  GtkWidget  parent_instance;

  /* On the trough: its filled block, drawn cut to @fraction of its width. */
  GtkWidget *filled;
  double     fraction;
};

G_DEFINE_FINAL_TYPE (ScLevelMeterPart, sc_level_meter_part, GTK_TYPE_WIDGET)

static void
sc_level_meter_part_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  ScLevelMeterPart *self = SC_LEVEL_METER_PART (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (child == self->filled)
        {
          int width = gtk_widget_get_width (child);
          int height = gtk_widget_get_height (child);
          /* Whole pixels, and never narrower than the block is high, so its
           * rounded end stays round. */
          double shown = round (self->fraction * width);
          GskRoundedRect clip;

          if (shown <= 0 || width <= 0 || height <= 0)
            continue;
          shown = MAX (shown, MIN (height, width));
          gsk_rounded_rect_init_from_rect (&clip, &GRAPHENE_RECT_INIT (0, 0, shown, height),
                                           height / 2.0);
          gtk_snapshot_push_rounded_clip (snapshot, &clip);
          gtk_widget_snapshot_child (widget, child, snapshot);
          gtk_snapshot_pop (snapshot);
        }
      else
        gtk_widget_snapshot_child (widget, child, snapshot);
    }
}

static void
sc_level_meter_part_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sc_level_meter_part_parent_class)->dispose (object);
}

static void
sc_level_meter_part_class_init (ScLevelMeterPartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_level_meter_part_dispose;
  widget_class->snapshot = sc_level_meter_part_snapshot;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sc_level_meter_part_init (ScLevelMeterPart *self)
{
}

static GtkWidget *
part_new (const char *css_name,
          const char *style_class,
          GtkWidget  *parent)
{
  GtkWidget *part = g_object_new (SC_TYPE_LEVEL_METER_PART, "css-name", css_name,
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);

  if (style_class != NULL)
    gtk_widget_add_css_class (part, style_class);
  gtk_widget_set_parent (part, parent);
  return part;
}

struct _ScLevelMeter
{
  GtkWidget         parent_instance;

  ScLevelMeterPart *trough;
  double            value;
  double            warning_level;
};

G_DEFINE_FINAL_TYPE (ScLevelMeter, sc_level_meter, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VALUE,
  PROP_WARNING_LEVEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sc_level_meter_dispose (GObject *object)
{
  ScLevelMeter *self = SC_LEVEL_METER (object);

  if (self->trough != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->trough));
      self->trough = NULL;
    }

  G_OBJECT_CLASS (sc_level_meter_parent_class)->dispose (object);
}

static void
sc_level_meter_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ScLevelMeter *self = SC_LEVEL_METER (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_double (value, self->value);
      break;
    case PROP_WARNING_LEVEL:
      g_value_set_double (value, self->warning_level);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_level_meter_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ScLevelMeter *self = SC_LEVEL_METER (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      sc_level_meter_set_value (self, g_value_get_double (value));
      break;
    case PROP_WARNING_LEVEL:
      sc_level_meter_set_warning_level (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_level_meter_class_init (ScLevelMeterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_level_meter_dispose;
  object_class->get_property = sc_level_meter_get_property;
  object_class->set_property = sc_level_meter_set_property;

  properties[PROP_VALUE] =
    g_param_spec_double ("value", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WARNING_LEVEL] =
    g_param_spec_double ("warning-level", NULL, NULL, 0.0, 1.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "levelbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_METER);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sc_level_meter_init (ScLevelMeter *self)
{
  GtkWidget *trough;

  self->warning_level = 1.0;
  gtk_widget_add_css_class (GTK_WIDGET (self), "horizontal");
  trough = part_new ("trough", NULL, GTK_WIDGET (self));
  self->trough = SC_LEVEL_METER_PART (trough);
  part_new ("block", "empty", trough);
  self->trough->filled = part_new ("block", "filled", trough);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 1.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, 0.0,
                                  -1);
}

GtkWidget *
sc_level_meter_new (void)
{
  return g_object_new (SC_TYPE_LEVEL_METER, NULL);
}

double
sc_level_meter_get_value (ScLevelMeter *self)
{
  g_return_val_if_fail (SC_IS_LEVEL_METER (self), 0.0);

  return self->value;
}

static void
update_warning (ScLevelMeter *self)
{
  gboolean warning = self->value > 0 && self->value >= self->warning_level;

  /* Only a change of class restyles; the same class again is a no-op. */
  if (warning != gtk_widget_has_css_class (self->trough->filled, "warning"))
    {
      if (warning)
        gtk_widget_add_css_class (self->trough->filled, "warning");
      else
        gtk_widget_remove_css_class (self->trough->filled, "warning");
    }
}

void
sc_level_meter_set_value (ScLevelMeter *self,
                          double        value)
{
  g_return_if_fail (SC_IS_LEVEL_METER (self));

  value = isnan (value) ? 0.0 : CLAMP (value, 0.0, 1.0);
  if (value == self->value)
    return;

  self->value = value;
  self->trough->fraction = value;
  update_warning (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->trough));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, value, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

double
sc_level_meter_get_warning_level (ScLevelMeter *self)
{
  g_return_val_if_fail (SC_IS_LEVEL_METER (self), 1.0);

  return self->warning_level;
}

void
sc_level_meter_set_warning_level (ScLevelMeter *self,
                                  double        level)
{
  g_return_if_fail (SC_IS_LEVEL_METER (self));

  level = isnan (level) ? 1.0 : CLAMP (level, 0.0, 1.0);
  if (level == self->warning_level)
    return;

  self->warning_level = level;
  update_warning (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WARNING_LEVEL]);
}
