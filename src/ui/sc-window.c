/* sc-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ui/sc-preview.h"
#include "ui/sc-window.h"

#define PREVIEW_WIDTH 960
/* A pipeline that never drains must not keep the window open for ever;
 * finalising a long recording takes a few seconds at most. */
#define CLOSE_TIMEOUT_S 20

struct _ScWindow
{
  AdwApplicationWindow  parent_instance;

  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  GtkPicture           *picture;
  GtkLabel             *status_label;
  AdwStatusPage        *error_page;

  GSettings            *settings;
  ScShow               *show;
  ScStudio             *studio;
  GSignalGroup         *studio_signals;
  ScPreview            *preview;
  guint                 close_timeout_id;
  gboolean              preview_enabled;
  gboolean              closing;
};

G_DEFINE_FINAL_TYPE (ScWindow, sc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_SHOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
state_to_label (ScStudioState state)
{
  switch (state)
    {
    case SC_STUDIO_STATE_IDLE: return _("Ready");
    case SC_STUDIO_STATE_STARTING: return _("Starting…");
    case SC_STUDIO_STATE_REHEARSAL: return _("Rehearsal");
    case SC_STUDIO_STATE_LIVE: return _("Live");
    case SC_STUDIO_STATE_ENDING: return _("Ending…");
    case SC_STUDIO_STATE_STOPPING: return _("Stopping…");
    case SC_STUDIO_STATE_STOPPED: return _("Stopped");
    case SC_STUDIO_STATE_FAILED: return _("Failed");
    default: return "";
    }
}

static void
update_status (ScWindow *self)
{
  g_autofree char *text = NULL;
  const char *state;
  GdkTexture *texture;

  if (self->studio == NULL)
    return;

  state = state_to_label (sc_studio_get_state (self->studio));
  texture = sc_preview_get_texture (self->preview);

  if (!self->preview_enabled)
    /* Translators: %s is the studio state, e.g. "Running". */
    text = g_strdup_printf (_("%s · Preview off"), state);
  else if (texture != NULL)
    /* Translators: %s is the studio state; the numbers are the preview size in pixels. */
    text = g_strdup_printf (_("%s · %d × %d"), state,
                            gdk_texture_get_width (texture),
                            gdk_texture_get_height (texture));
  else
    text = g_strdup (state);

  gtk_label_set_label (self->status_label, text);
}

static void
on_preview_frame (ScStudio *studio,
                  GBytes   *pixels,
                  int       width,
                  int       height,
                  int       stride,
                  ScWindow *self)
{
  g_autoptr(GError) error = NULL;
  GdkTexture *before = sc_preview_get_texture (self->preview);
  gboolean size_changed = before == NULL
                          || gdk_texture_get_width (before) != width
                          || gdk_texture_get_height (before) != height;

  /* A bad frame is a bug upstream; say so once rather than thirty times a second. */
  if (!sc_preview_push_frame (self->preview, pixels, width, height, stride, &error))
    {
      g_warning_once ("Dropping preview frames: %s", error->message);
      return;
    }

  if (size_changed)
    update_status (self);
}

static void
on_state_changed (ScStudio   *studio,
                  GParamSpec *pspec,
                  ScWindow   *self)
{
  update_status (self);

  if (sc_studio_get_state (studio) == SC_STUDIO_STATE_FAILED && !self->closing)
    {
      const GError *error = sc_studio_get_error (studio);

      sc_window_show_error (self, _("The Show Stopped"),
                            error != NULL
                            ? error->message
                            : _("The studio ran into an error it could not recover from. "
                                "Start Shopcast again to retry."));
    }
}

static void
on_stopped (ScStudio *studio,
            ScWindow *self)
{
  update_status (self);

  if (self->closing)
    gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
close_timeout_cb (gpointer user_data)
{
  ScWindow *self = user_data;

  self->close_timeout_id = 0;
  g_warning ("The show did not stop within %d seconds; closing anyway", CLOSE_TIMEOUT_S);
  gtk_window_destroy (GTK_WINDOW (self));

  return G_SOURCE_REMOVE;
}

static void
save_window_state (ScWindow *self)
{
  int width;
  int height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  /* The unmaximized size, so that unmaximizing next time restores it. */
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

static gboolean
sc_window_close_request (GtkWindow *window)
{
  ScWindow *self = SC_WINDOW (window);
  ScStudioState state;

  if (self->closing)
    return TRUE;

  save_window_state (self);

  if (self->studio == NULL)
    return GTK_WINDOW_CLASS (sc_window_parent_class)->close_request (window);

  state = sc_studio_get_state (self->studio);
  if (state != SC_STUDIO_STATE_STARTING
      && state != SC_STUDIO_STATE_LIVE
      && state != SC_STUDIO_STATE_STOPPING)
    return GTK_WINDOW_CLASS (sc_window_parent_class)->close_request (window);

  /* Keep the window until the recording is finalised: closing now would cut
   * the file short. ::stopped destroys the window. */
  self->closing = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), FALSE);
  self->close_timeout_id = g_timeout_add_seconds (CLOSE_TIMEOUT_S, close_timeout_cb, self);

  if (state != SC_STUDIO_STATE_STOPPING)
    sc_studio_stop (self->studio);

  return TRUE;
}

static void
sc_window_constructed (GObject *object)
{
  ScWindow *self = SC_WINDOW (object);

  G_OBJECT_CLASS (sc_window_parent_class)->constructed (object);

  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      self->preview_enabled = g_settings_get_boolean (self->settings, "preview-enabled");
    }

  if (self->show == NULL)
    return;

  adw_window_title_set_title (self->window_title, sc_show_get_title (self->show));
  gtk_window_set_title (GTK_WINDOW (self), sc_show_get_title (self->show));

  self->studio = sc_studio_new (self->show);
  sc_studio_set_preview_width (self->studio, self->preview_enabled ? PREVIEW_WIDTH : 0);
  g_signal_group_set_target (self->studio_signals, self->studio);

  update_status (self);
}

static void
sc_window_dispose (GObject *object)
{
  ScWindow *self = SC_WINDOW (object);

  g_clear_handle_id (&self->close_timeout_id, g_source_remove);
  if (self->studio_signals != NULL)
    g_signal_group_set_target (self->studio_signals, NULL);
  g_clear_object (&self->studio_signals);
  g_clear_object (&self->studio);
  g_clear_object (&self->show);
  g_clear_object (&self->preview);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_WINDOW);

  G_OBJECT_CLASS (sc_window_parent_class)->dispose (object);
}

static void
sc_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  ScWindow *self = SC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_SHOW:
      g_value_set_object (value, self->show);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  ScWindow *self = SC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_SHOW:
      self->show = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_window_class_init (ScWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = sc_window_constructed;
  object_class->dispose = sc_window_dispose;
  object_class->get_property = sc_window_get_property;
  object_class->set_property = sc_window_set_property;

  window_class->close_request = sc_window_close_request;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SHOW] =
    g_param_spec_object ("show", NULL, NULL,
                         SC_TYPE_SHOW,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/sc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ScWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, picture);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, error_page);
}

static void
sc_window_init (ScWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->preview_enabled = TRUE;
  self->preview = sc_preview_new ();
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (self->preview));

  self->studio_signals = g_signal_group_new (SC_TYPE_STUDIO);
  g_signal_group_connect_object (self->studio_signals, "preview-frame",
                                 G_CALLBACK (on_preview_frame), self, G_CONNECT_DEFAULT);
  g_signal_group_connect_object (self->studio_signals, "notify::state",
                                 G_CALLBACK (on_state_changed), self, G_CONNECT_DEFAULT);
  g_signal_group_connect_object (self->studio_signals, "stopped",
                                 G_CALLBACK (on_stopped), self, G_CONNECT_DEFAULT);
}

ScWindow *
sc_window_new (ScApplication *application,
               ScShow        *show)
{
  g_return_val_if_fail (SC_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (show == NULL || SC_IS_SHOW (show), NULL);

  return g_object_new (SC_TYPE_WINDOW,
                       "application", application,
                       "settings", sc_application_get_settings (application),
                       "show", show,
                       NULL);
}

ScShow *
sc_window_get_show (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), NULL);

  return self->show;
}

ScStudio *
sc_window_get_studio (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), NULL);

  return self->studio;
}

gboolean
sc_window_start (ScWindow  *self,
                 GError   **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SC_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (self->studio != NULL, FALSE);

  if (!sc_studio_start (self->studio, &local_error))
    {
      sc_window_show_error (self, _("Could Not Start the Show"), local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  update_status (self);

  return TRUE;
}

void
sc_window_show_error (ScWindow   *self,
                      const char *title,
                      const char *description)
{
  g_autofree char *markup = NULL;

  g_return_if_fail (SC_IS_WINDOW (self));
  g_return_if_fail (title != NULL);

  /* The description is Pango markup; error texts quote file names and JSON. */
  if (description != NULL)
    markup = g_markup_escape_text (description, -1);

  adw_window_title_set_subtitle (self->window_title, NULL);
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, markup);
  gtk_stack_set_visible_child_name (self->stack, "error");
}
