/* sc-test-ui.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-test-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "data/sc-resources.h"
#include "sc-test.h"
#include "sc-test-ui.h"

void
sc_test_ui_init (int    *argc,
                 char ***argv)
{
  /* Accessible names and states are read through GTK's test backend. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  sc_ui_register_resource ();
  /* What ScApplication's resource base path does for the real app. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    RESOURCE_PATH "/icons");
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, RESOURCE_PATH "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
sc_test_ui_wait (ScTestCondition condition,
                 gpointer        user_data,
                 guint           timeout_s)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (timeout_s, timeout_cb, &expired);
  gboolean done;

  while (!(done = condition (user_data)) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  return done;
}

void
sc_test_ui_spin (guint ms)
{
  gboolean expired = FALSE;

  g_timeout_add (ms, timeout_cb, &expired);
  while (!expired)
    g_main_context_iteration (NULL, TRUE);
}

static void
event_cb (ScEventLog   *log,
          const char   *name,
          JsonObject   *fields,
          ScTestStudio *self)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  json_object_set_string_member (copy, "event", name);
  if (fields != NULL)
    {
      json_object_iter_init (&iter, fields);
      while (json_object_iter_next (&iter, &member, &node))
        json_object_set_member (copy, member, json_node_copy (node));
    }
  g_ptr_array_add (self->events, copy);
}

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError **error = user_data;

  if (!sc_studio_start_finish (SC_STUDIO (object), result, error) && *error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "start failed without an error");
}

static void
preview_frame_cb (ScStudio     *studio,
                  GBytes       *pixels,
                  int           width,
                  int           height,
                  int           stride,
                  ScTestStudio *self)
{
  self->preview_frames++;
}

static gboolean
studio_in_rehearsal (gpointer user_data)
{
  ScTestStudio *self = user_data;
  ScStudioState state = sc_studio_get_state (self->studio);

  return state == SC_STUDIO_STATE_REHEARSAL || state == SC_STUDIO_STATE_FAILED;
}

ScTestStudio *
sc_test_studio_new_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = NULL;
  g_autofree char *recording = NULL;
  ScTestStudio *self = g_new0 (ScTestStudio, 1);

  self->dir = g_dir_make_tmp ("shopcast-ui-XXXXXX", &error);
  g_assert_no_error (error);
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  show = sc_show_new_demo (&error);
  g_assert_no_error (error);
  self->studio = sc_studio_new (show);
  self->log = sc_event_log_new ();
  g_signal_connect (self->log, "event", G_CALLBACK (event_cb), self);
  sc_studio_set_event_log (self->studio, self->log);
  /* Rehearsal records nothing; if it ever did, it would land here. */
  recording = g_build_filename (self->dir, "recording.mkv", NULL);
  sc_studio_set_recording_path (self->studio, recording);
  /* A small preview: the frames the window would show, counted. */
  sc_studio_set_preview_width (self->studio, 160);
  g_signal_connect (self->studio, "preview-frame", G_CALLBACK (preview_frame_cb), self);
  sc_studio_start_async (self->studio, NULL, started_cb, &error);
  g_assert_true (sc_test_ui_wait (studio_in_rehearsal, self, 30));
  g_assert_no_error (error);
  g_assert_cmpint (sc_studio_get_state (self->studio), ==, SC_STUDIO_STATE_REHEARSAL);
  return self;
}

static void
stopped_cb (ScStudio *studio,
            gboolean *stopped)
{
  *stopped = TRUE;
}

static gboolean
is_true (gpointer user_data)
{
  return *(gboolean *)user_data;
}

void
sc_test_studio_free (ScTestStudio *self)
{
  gboolean stopped = FALSE;

  if (self == NULL)
    return;
  g_signal_connect (self->studio, "stopped", G_CALLBACK (stopped_cb), &stopped);
  sc_studio_stop (self->studio);
  g_assert_true (sc_test_ui_wait (is_true, &stopped, 30));
  g_signal_handlers_disconnect_by_data (self->studio, &stopped);
  g_signal_handlers_disconnect_by_data (self->studio, self);
  g_signal_handlers_disconnect_by_data (self->log, self);
  g_clear_object (&self->studio);
  g_clear_object (&self->log);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  sc_test_remove_dir (self->dir);
  g_free (self->dir);
  g_free (self);
}

JsonObject *
sc_test_studio_last_event (ScTestStudio *self,
                           const char   *name)
{
  for (guint i = self->events->len; i > 0; i--)
    {
      JsonObject *event = g_ptr_array_index (self->events, i - 1);

      if (g_strcmp0 (json_object_get_string_member (event, "event"), name) == 0)
        return event;
    }
  return NULL;
}

static gboolean
window_drawn (gpointer user_data)
{
  return gtk_widget_get_mapped (user_data) &&
         gtk_widget_get_width (user_data) > 0;
}

GtkWindow *
sc_test_ui_window_new (GtkWidget *child,
                       int        width,
                       int        height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, child);
  gtk_window_present (window);
  g_assert_true (sc_test_ui_wait (window_drawn, child, 10));
  /* Let the list views create and bind their rows. */
  sc_test_ui_spin (100);
  return window;
}

void
sc_test_ui_window_destroy (GtkWindow *window)
{
  gtk_window_destroy (window);
  sc_test_ui_spin (50);
}

GtkWidget *
sc_test_ui_find_by_label (GtkWidget  *root,
                          const char *label)
{
  g_autofree char *mismatch = NULL;

  if (gtk_widget_get_visible (root))
    {
      mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (root),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL, label);
      if (mismatch == NULL)
        return root;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = sc_test_ui_find_by_label (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
sc_test_ui_find_by_action (GtkWidget  *root,
                           const char *action)
{
  if (GTK_IS_ACTIONABLE (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = sc_test_ui_find_by_action (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
sc_test_ui_find_by_type (GtkWidget *root,
                         GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = sc_test_ui_find_by_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
clicked_cb (GtkButton *button,
            gboolean  *clicked)
{
  *clicked = TRUE;
}

void
sc_test_ui_press (GtkWidget *widget)
{
  gboolean clicked = FALSE;
  /* A hidden message's row can go away with its button. */
  g_autoptr(GtkWidget) hold = g_object_ref (widget);

  g_assert_true (GTK_IS_BUTTON (widget));
  g_signal_connect (widget, "clicked", G_CALLBACK (clicked_cb), &clicked);
  g_assert_true (gtk_widget_activate (widget));
  g_assert_true (sc_test_ui_wait (is_true, &clicked, 10));
  g_signal_handlers_disconnect_by_data (widget, &clicked);
}
