/* sc-rundown-cue.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-rundown-cue"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "ui/sc-rundown-cue.h"

struct _ScRundownCue
{
  GtkWidget     parent_instance;

  GtkWidget    *group;
  AdwActionRow *now_row;
  GtkLabel     *time_label;
  AdwActionRow *next_row;
  AdwActionRow *notes_row;

  ScStudio     *studio;
  guint         tick;
};

G_DEFINE_FINAL_TYPE (ScRundownCue, sc_rundown_cue, GTK_TYPE_WIDGET)

static char *
format_clock (double seconds)
{
  guint s = (guint)ceil (MAX (0.0, seconds));

  if (s >= 3600)
    return g_strdup_printf ("%u:%02u:%02u", s / 3600, s / 60 % 60, s % 60);
  return g_strdup_printf ("%02u:%02u", s / 60, s % 60);
}

static const char *
product_title (ScStudio   *studio,
               const char *id)
{
  ScProduct *product = sc_catalog_lookup (sc_show_get_catalog (sc_studio_get_show (studio)), id);

  return product != NULL ? sc_product_get_title (product) : id;
}

static void
update (ScRundownCue *self)
{
  ScShow *show = self->studio != NULL ? sc_studio_get_show (self->studio) : NULL;
  guint n = show != NULL ? sc_show_get_n_segments (show) : 0;
  const ScShowSegment *segment;
  const ScShowSegment *next;
  g_autofree char *now_text = NULL;
  g_autofree char *time_text = NULL;
  double left;

  gtk_widget_set_visible (GTK_WIDGET (self), n > 0);
  if (n == 0)
    return;
  segment = sc_studio_get_segment (self->studio);
  next = sc_studio_get_next_segment (self->studio);

  if (segment != NULL)
    {
      /* Translators: the rundown's current segment, such as "Segment 2 of 3". */
      g_autofree char *place = g_strdup_printf (_("Segment %d of %u"),
                                                sc_studio_get_segment_index (self->studio) + 1, n);

      now_text = g_strdup_printf ("%s\n%s", product_title (self->studio, segment->product_id),
                                  place);
    }
  else
    now_text = g_strdup (_("Pin a product of the rundown to start its segment"));
  adw_action_row_set_subtitle (self->now_row, now_text);

  if (segment == NULL)
    time_text = g_strdup ("");
  else if (!sc_studio_get_segment_time_left (self->studio, &left))
    time_text = g_strdup (_("Untimed"));
  else if (left >= 0)
    time_text = format_clock (left);
  else
    {
      g_autofree char *over = format_clock (-left);

      /* Translators: a segment that ran over its minutes; %s is minutes and seconds. */
      time_text = g_strdup_printf (_("Over by %s"), over);
    }
  gtk_label_set_text (self->time_label, time_text);
  gtk_widget_set_visible (GTK_WIDGET (self->time_label), *time_text != '\0');
  if (segment != NULL && sc_studio_get_segment_time_left (self->studio, &left) && left < 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->time_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->time_label), "error");

  adw_action_row_set_subtitle (self->next_row,
                               next != NULL ? product_title (self->studio, next->product_id)
                                            : _("End of the rundown"));
  gtk_widget_set_visible (GTK_WIDGET (self->next_row), segment != NULL);

  /* The host's notes: here only, never drawn on the video. */
  gtk_widget_set_visible (GTK_WIDGET (self->notes_row), segment != NULL && segment->notes != NULL);
  adw_action_row_set_subtitle (self->notes_row,
                               segment != NULL && segment->notes != NULL ? segment->notes : "");
}

static gboolean
tick_cb (gpointer data)
{
  update (data);
  return G_SOURCE_CONTINUE;
}

void
sc_rundown_cue_set_studio (ScRundownCue *self,
                           ScStudio     *studio)
{
  g_return_if_fail (SC_IS_RUNDOWN_CUE (self));

  if (self->studio == studio)
    return;
  if (self->studio != NULL)
    g_signal_handlers_disconnect_by_data (self->studio, self);
  g_clear_handle_id (&self->tick, g_source_remove);
  g_set_object (&self->studio, studio);
  if (studio != NULL)
    {
      g_signal_connect_swapped (studio, "segment-changed", G_CALLBACK (update), self);
      /* The time left follows the show clock, redrawn twice a second. */
      self->tick = g_timeout_add (500, tick_cb, self);
    }
  update (self);
}

GStrv
sc_rundown_cue_dup_text (ScRundownCue *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *now = NULL;
  g_autofree char *left = NULL;
  g_autofree char *next = NULL;
  g_autofree char *notes = NULL;

  g_return_val_if_fail (SC_IS_RUNDOWN_CUE (self), NULL);

  now = g_strdup_printf ("now: %s", adw_action_row_get_subtitle (self->now_row));
  g_strv_builder_add (builder, now);
  if (gtk_widget_get_visible (GTK_WIDGET (self->time_label)))
    {
      left = g_strdup_printf ("time-left: %s", gtk_label_get_text (self->time_label));
      g_strv_builder_add (builder, left);
    }
  if (gtk_widget_get_visible (GTK_WIDGET (self->next_row)))
    {
      next = g_strdup_printf ("next: %s", adw_action_row_get_subtitle (self->next_row));
      g_strv_builder_add (builder, next);
    }
  if (gtk_widget_get_visible (GTK_WIDGET (self->notes_row)))
    {
      notes = g_strdup_printf ("notes: %s", adw_action_row_get_subtitle (self->notes_row));
      g_strv_builder_add (builder, notes);
    }
  return g_strv_builder_end (builder);
}

static void
sc_rundown_cue_dispose (GObject *object)
{
  ScRundownCue *self = SC_RUNDOWN_CUE (object);

  sc_rundown_cue_set_studio (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_RUNDOWN_CUE);
  G_OBJECT_CLASS (sc_rundown_cue_parent_class)->dispose (object);
}

static void
sc_rundown_cue_class_init (ScRundownCueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_rundown_cue_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/sc-rundown-cue.ui");
  gtk_widget_class_bind_template_child (widget_class, ScRundownCue, group);
  gtk_widget_class_bind_template_child (widget_class, ScRundownCue, now_row);
  gtk_widget_class_bind_template_child (widget_class, ScRundownCue, time_label);
  gtk_widget_class_bind_template_child (widget_class, ScRundownCue, next_row);
  gtk_widget_class_bind_template_child (widget_class, ScRundownCue, notes_row);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sc_rundown_cue_init (ScRundownCue *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
sc_rundown_cue_new (void)
{
  return g_object_new (SC_TYPE_RUNDOWN_CUE, NULL);
}
