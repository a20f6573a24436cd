/* sc-start-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-start-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sc-show-chooser.h"
#include "sc-start-page.h"

#define MAX_RECENT 8

struct _ScStartPage
{
  AdwBin        parent_instance;

  GPtrArray    *recent;        /* GFile *, in list order */
  GCancellable *cancellable;

  GtkWidget    *new_button;
  GtkWidget    *open_button;
  GtkWidget    *demo_button;
  GtkWidget    *recent_group;
  GtkWidget    *recent_list;
};

G_DEFINE_FINAL_TYPE (ScStartPage, sc_start_page, ADW_TYPE_BIN)

enum { SIGNAL_OPEN_SHOW, SIGNAL_NEW_SHOW, SIGNAL_OPEN_DEMO, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
on_row_activated (GtkListBox    *list,
                  GtkListBoxRow *row,
                  ScStartPage   *self)
{
  sc_start_page_activate_recent (self, (guint)gtk_list_box_row_get_index (row));
}

void
sc_start_page_refresh (ScStartPage *self)
{
  GtkWidget *child;

  g_return_if_fail (SC_IS_START_PAGE (self));

  while ((child = gtk_widget_get_first_child (self->recent_list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->recent_list), child);
  g_clear_pointer (&self->recent, g_ptr_array_unref);
  self->recent = sc_recent_shows_list (MAX_RECENT);

  for (guint i = 0; i < self->recent->len; i++)
    {
      GFile *file = g_ptr_array_index (self->recent, i);
      g_autofree char *name = g_file_get_basename (file);
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autofree char *folder = parent ? g_file_get_parse_name (parent) : NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

      if (g_str_has_suffix (name, ".shopcast"))
        name[strlen (name) - strlen (".shopcast")] = '\0';
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), folder ? folder : "");
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      gtk_list_box_append (GTK_LIST_BOX (self->recent_list), row);
    }
  gtk_widget_set_visible (self->recent_group, self->recent->len > 0);
}

guint
sc_start_page_get_n_recent (ScStartPage *self)
{
  g_return_val_if_fail (SC_IS_START_PAGE (self), 0);
  return self->recent ? self->recent->len : 0;
}

void
sc_start_page_activate_recent (ScStartPage *self,
                               guint        index)
{
  g_return_if_fail (SC_IS_START_PAGE (self));
  g_return_if_fail (self->recent != NULL && index < self->recent->len);

  g_signal_emit (self, signals[SIGNAL_OPEN_SHOW], 0, g_ptr_array_index (self->recent, index));
}

static void
show_chosen (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = sc_show_chooser_finish (result, &error);

  if (file == NULL)
    return;
  g_signal_emit (SC_START_PAGE (user_data), signals[SIGNAL_OPEN_SHOW], 0, file);
}

static void
on_open_clicked (ScStartPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  sc_show_chooser_open_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                              self->cancellable, show_chosen, self);
}

static void
on_new_clicked (ScStartPage *self)
{
  g_signal_emit (self, signals[SIGNAL_NEW_SHOW], 0);
}

static void
on_demo_clicked (ScStartPage *self)
{
  g_signal_emit (self, signals[SIGNAL_OPEN_DEMO], 0);
}

static void
sc_start_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sc_start_page_parent_class)->map (widget);
  sc_start_page_refresh (SC_START_PAGE (widget));
}

static void
sc_start_page_dispose (GObject *object)
{
  ScStartPage *self = SC_START_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_START_PAGE);

  G_OBJECT_CLASS (sc_start_page_parent_class)->dispose (object);
}

static void
sc_start_page_finalize (GObject *object)
{
  ScStartPage *self = SC_START_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->recent, g_ptr_array_unref);

  G_OBJECT_CLASS (sc_start_page_parent_class)->finalize (object);
}

static void
sc_start_page_class_init (ScStartPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_start_page_dispose;
  object_class->finalize = sc_start_page_finalize;
  widget_class->map = sc_start_page_map;

  signals[SIGNAL_OPEN_SHOW] = g_signal_new ("open-show", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, G_TYPE_FILE);
  signals[SIGNAL_NEW_SHOW] = g_signal_new ("new-show", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);
  signals[SIGNAL_OPEN_DEMO] = g_signal_new ("open-demo", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/sc-start-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ScStartPage, new_button);
  gtk_widget_class_bind_template_child (widget_class, ScStartPage, open_button);
  gtk_widget_class_bind_template_child (widget_class, ScStartPage, demo_button);
  gtk_widget_class_bind_template_child (widget_class, ScStartPage, recent_group);
  gtk_widget_class_bind_template_child (widget_class, ScStartPage, recent_list);
}

static void
sc_start_page_init (ScStartPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->new_button, "clicked", G_CALLBACK (on_new_clicked), self);
  g_signal_connect_swapped (self->open_button, "clicked", G_CALLBACK (on_open_clicked), self);
  g_signal_connect_swapped (self->demo_button, "clicked", G_CALLBACK (on_demo_clicked), self);
  g_signal_connect (self->recent_list, "row-activated", G_CALLBACK (on_row_activated), self);
  sc_start_page_refresh (self);
}

GtkWidget *
sc_start_page_new (void)
{
  return g_object_new (SC_TYPE_START_PAGE, NULL);
}
