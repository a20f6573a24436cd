/* sc-destination-status.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-destination-status"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "media/sc-media-error.h"
#include "ui/sc-destination-status.h"

struct _ScDestinationStatus
{
  GtkListBoxRow  parent_instance;

  GtkImage      *icon;
  GtkLabel      *name_label;
  GtkLabel      *detail_label;
  GtkButton     *reconnect_button;
  GtkButton     *key_button;

  ScOutput      *output;
  guint          countdown_id;
};

G_DEFINE_FINAL_TYPE (ScDestinationStatus, sc_destination_status, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_OUTPUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *state_classes[] = { "dest-idle", "dest-live", "dest-warning", "dest-failed" };

static void
set_state_class (ScDestinationStatus *self,
                 const char          *class)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self), state_classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (self), class);
}

static gboolean
key_refused (ScOutput *output)
{
  return g_error_matches (sc_output_get_error (output), SC_MEDIA_ERROR,
                          SC_MEDIA_ERROR_KEY_REFUSED);
}

static char *
failed_text (ScDestinationStatus *self)
{
  ScOutput *output = self->output;
  const char *error = sc_output_get_last_error (output);

  if (sc_output_is_recording (output))
    return g_strdup_printf (_("The recording stopped: %s. Free some disk space or choose "
                              "another folder in Show Settings."),
                            error != NULL ? error : _("unknown error"));

  /* A refused publish means the key, not the network: say which to fix. */
  if (key_refused (output)
      && gtk_actionable_get_action_name (GTK_ACTIONABLE (self->key_button)) != NULL)
    /* Translators: %s is a destination, e.g. "YouTube". */
    return g_strdup_printf (_("The platform refused the stream key. Copy a new key from the "
                              "stream settings of your %s account, then press Change Key: "
                              "the stream starts again with it."),
                            sc_output_get_name (output));
  if (key_refused (output))
    return g_strdup_printf (_("The platform refused the stream key. Copy a new key from the "
                              "stream settings of your %s account into Show Settings, then "
                              "go live again."),
                            sc_output_get_name (output));

  return g_strdup_printf (_("Gave up: %s. Check the address and your connection, then go "
                            "live again."), error != NULL ? error : _("no connection"));
}

static void
update (ScDestinationStatus *self)
{
  g_autofree char *detail = NULL;
  ScOutputState state = sc_output_get_state (self->output);
  gboolean recording = sc_output_is_recording (self->output);
  gboolean reconnecting = FALSE;
  gboolean refused = FALSE;

  switch (state)
    {
    case SC_OUTPUT_STATE_IDLE:
      detail = g_strdup (recording ? _("Records when you go live")
                                   : _("Starts when you go live"));
      gtk_image_set_from_icon_name (self->icon, recording ? "media-record-symbolic"
                                                          : "network-idle-symbolic");
      set_state_class (self, "dest-idle");
      break;

    case SC_OUTPUT_STATE_CONNECTING:
      detail = g_strdup (_("Connecting…"));
      gtk_image_set_from_icon_name (self->icon, "network-transmit-symbolic");
      set_state_class (self, "dest-warning");
      break;

    case SC_OUTPUT_STATE_LIVE:
      detail = g_strdup (recording ? _("Recording") : _("Live"));
      gtk_image_set_from_icon_name (self->icon, recording ? "media-record-symbolic"
                                                          : "network-transmit-receive-symbolic");
      set_state_class (self, "dest-live");
      break;

    case SC_OUTPUT_STATE_RECONNECTING:
      {
        double next = sc_output_get_next_retry (self->output);
        guint attempt = sc_output_get_attempt (self->output);

        reconnecting = TRUE;
        if (next >= 0)
          /* Translators: the first %u is seconds, the second the attempt number. */
          detail = g_strdup_printf (ngettext ("Connection lost. Trying again in %u second "
                                              "(attempt %u)",
                                              "Connection lost. Trying again in %u seconds "
                                              "(attempt %u)",
                                              (guint) ceil (next)),
                                    (guint) ceil (next), attempt + 1);
        else
          detail = g_strdup (_("Connection lost. Trying again…"));
        gtk_image_set_from_icon_name (self->icon, "network-error-symbolic");
        set_state_class (self, "dest-warning");
      }
      break;

    case SC_OUTPUT_STATE_FAILED:
      detail = failed_text (self);
      refused = key_refused (self->output)
                && gtk_actionable_get_action_name (GTK_ACTIONABLE (self->key_button)) != NULL;
      gtk_image_set_from_icon_name (self->icon, "dialog-error-symbolic");
      set_state_class (self, "dest-failed");
      break;

    case SC_OUTPUT_STATE_STOPPED:
    default:
      detail = g_strdup (recording ? _("Recording finished") : _("Finished"));
      gtk_image_set_from_icon_name (self->icon, "object-select-symbolic");
      set_state_class (self, "dest-idle");
      break;
    }

  gtk_label_set_label (self->detail_label, detail);
  gtk_widget_set_visible (GTK_WIDGET (self->reconnect_button), reconnecting);
  gtk_widget_set_visible (GTK_WIDGET (self->key_button), refused);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, sc_output_get_name (self->output),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, detail,
                                  -1);
}

static gboolean
countdown_cb (gpointer user_data)
{
  update (user_data);
  return G_SOURCE_CONTINUE;
}

static void
state_changed_cb (ScDestinationStatus *self)
{
  gboolean counting = sc_output_get_state (self->output) == SC_OUTPUT_STATE_RECONNECTING;

  /* The countdown ticks only while there is something to count down. */
  if (counting && self->countdown_id == 0)
    self->countdown_id = g_timeout_add_seconds (1, countdown_cb, self);
  else if (!counting)
    g_clear_handle_id (&self->countdown_id, g_source_remove);

  update (self);
}

static void
reconnect_clicked_cb (ScDestinationStatus *self)
{
  sc_output_reconnect_now (self->output);
}

static void
sc_destination_status_constructed (GObject *object)
{
  ScDestinationStatus *self = SC_DESTINATION_STATUS (object);
  g_autofree char *reconnect_label = NULL;
  g_autofree char *key_label = NULL;

  G_OBJECT_CLASS (sc_destination_status_parent_class)->constructed (object);

  gtk_label_set_label (self->name_label, sc_output_get_name (self->output));
  /* Translators: %s is a destination, e.g. "YouTube". */
  reconnect_label = g_strdup_printf (_("Reconnect to %s now"), sc_output_get_name (self->output));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reconnect_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, reconnect_label, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->reconnect_button), reconnect_label);
  /* Translators: %s is a destination, e.g. "YouTube". */
  key_label = g_strdup_printf (_("Change the stream key of %s"), sc_output_get_name (self->output));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->key_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, key_label, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->key_button), key_label);
  g_signal_connect_object (self->output, "notify::state", G_CALLBACK (state_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->output, "notify::attempt", G_CALLBACK (update),
                           self, G_CONNECT_SWAPPED);
  state_changed_cb (self);
}

static void
sc_destination_status_dispose (GObject *object)
{
  ScDestinationStatus *self = SC_DESTINATION_STATUS (object);

  g_clear_handle_id (&self->countdown_id, g_source_remove);
  g_clear_object (&self->output);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_DESTINATION_STATUS);

  G_OBJECT_CLASS (sc_destination_status_parent_class)->dispose (object);
}

static void
sc_destination_status_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ScDestinationStatus *self = SC_DESTINATION_STATUS (object);

  switch (prop_id)
    {
    case PROP_OUTPUT:
      g_value_set_object (value, self->output);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_destination_status_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ScDestinationStatus *self = SC_DESTINATION_STATUS (object);

  switch (prop_id)
    {
    case PROP_OUTPUT:
      self->output = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_destination_status_class_init (ScDestinationStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sc_destination_status_constructed;
  object_class->dispose = sc_destination_status_dispose;
  object_class->get_property = sc_destination_status_get_property;
  object_class->set_property = sc_destination_status_set_property;

  properties[PROP_OUTPUT] =
    g_param_spec_object ("output", NULL, NULL, SC_TYPE_OUTPUT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/sc-destination-status.ui");
  gtk_widget_class_bind_template_child (widget_class, ScDestinationStatus, icon);
  gtk_widget_class_bind_template_child (widget_class, ScDestinationStatus, name_label);
  gtk_widget_class_bind_template_child (widget_class, ScDestinationStatus, detail_label);
  gtk_widget_class_bind_template_child (widget_class, ScDestinationStatus, reconnect_button);
  gtk_widget_class_bind_template_child (widget_class, ScDestinationStatus, key_button);
  gtk_widget_class_bind_template_callback (widget_class, reconnect_clicked_cb);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST_ITEM);
}

static void
sc_destination_status_init (ScDestinationStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sc_destination_status_new (ScOutput *output)
{
  g_return_val_if_fail (SC_IS_OUTPUT (output), NULL);

  return g_object_new (SC_TYPE_DESTINATION_STATUS, "output", output, NULL);
}

ScOutput *
sc_destination_status_get_output (ScDestinationStatus *self)
{
  g_return_val_if_fail (SC_IS_DESTINATION_STATUS (self), NULL);
  return self->output;
}

const char *
sc_destination_status_get_detail (ScDestinationStatus *self)
{
  g_return_val_if_fail (SC_IS_DESTINATION_STATUS (self), NULL);
  return gtk_label_get_label (self->detail_label);
}

void
sc_destination_status_set_key_action (ScDestinationStatus *self,
                                      const char          *action_name,
                                      GVariant            *target)
{
  g_return_if_fail (SC_IS_DESTINATION_STATUS (self));

  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->key_button), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->key_button), action_name);
  update (self);
}
