/* sc-destination-row.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-destination-row"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "media/sc-media-config.h"
#include "studio/sc-show.h"
#include "sc-destination-row.h"

struct _ScDestinationRow
{
  AdwExpanderRow  parent_instance;

  GtkWidget      *enabled_switch;
  GtkWidget      *name_row;
  GtkWidget      *platform_row;
  GtkWidget      *url_row;
  GtkWidget      *key_row;
  char           *key_env;
  gboolean        key_stored;
  gboolean        filling;
};

G_DEFINE_FINAL_TYPE (ScDestinationRow, sc_destination_row, ADW_TYPE_EXPANDER_ROW)

enum { SIGNAL_REMOVE, N_SIGNALS };
static guint signals[N_SIGNALS];

static const struct {
  const char *label;
  const char *url;
} platforms[] = {
  [SC_PLATFORM_YOUTUBE] = { N_("YouTube"), "rtmp://a.rtmp.youtube.com/live2" },
  [SC_PLATFORM_TWITCH] = { N_("Twitch"), "rtmp://live.twitch.tv/app" },
  [SC_PLATFORM_FACEBOOK] = { N_("Facebook"), "rtmps://live-api-s.facebook.com:443/rtmp/" },
  [SC_PLATFORM_TIKTOK] = { N_("TikTok"), NULL },
  [SC_PLATFORM_SRT] = { N_("SRT server or relay"), NULL },
  [SC_PLATFORM_CUSTOM] = { N_("Custom RTMP or RTMPS server"), NULL },
};

const char *
sc_platform_get_url (ScPlatform platform)
{
  g_return_val_if_fail (platform <= SC_PLATFORM_CUSTOM, NULL);
  return platforms[platform].url;
}

ScPlatform
sc_platform_from_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  if (url == NULL || url[0] == '\0')
    return SC_PLATFORM_CUSTOM;
  if (sc_output_url_is_srt (url))
    return SC_PLATFORM_SRT;
  for (guint i = 0; i < G_N_ELEMENTS (platforms); i++)
    if (platforms[i].url != NULL && g_ascii_strcasecmp (platforms[i].url, url) == 0)
      return i;
  /* TikTok gives a new server per stream, always on its own domain. */
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  host = uri ? g_uri_get_host (uri) : NULL;
  if (host != NULL && (g_str_has_suffix (host, ".tiktokcdn.com") ||
                       g_str_has_suffix (host, ".tiktok.com") ||
                       g_str_has_suffix (host, ".tiktokv.com")))
    return SC_PLATFORM_TIKTOK;
  return SC_PLATFORM_CUSTOM;
}

gboolean
sc_check_rtmp_url (const char  *url,
                   const char  *what,
                   GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *redacted = NULL;
  const char *path;

  if (url == NULL || url[0] == '\0')
    {
      g_set_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID,
                   _("%s: enter the server URL (rtmp://, rtmps:// or srt://)"), what);
      return FALSE;
    }
  redacted = sc_redact_url (url);
  if (g_ascii_strncasecmp (url, "rtmp://", 7) != 0 && g_ascii_strncasecmp (url, "rtmps://", 8) != 0)
    {
      g_set_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID,
                   _("%s: the server URL must start with rtmp://, rtmps:// or srt://, "
                     "not “%s”"),
                   what, redacted);
      return FALSE;
    }
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID,
                   _("%s: the server URL “%s” has no server name"), what, redacted);
      return FALSE;
    }
  path = g_uri_get_path (uri);
  if (path == NULL || path[0] == '\0' || g_str_equal (path, "/"))
    {
      g_set_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID,
                   _("%s: the server URL “%s” needs the application after the server, "
                     "such as rtmp://a.rtmp.youtube.com/live2"), what, redacted);
      return FALSE;
    }
  return TRUE;
}

static void
sc_destination_row_finalize (GObject *object)
{
  ScDestinationRow *self = SC_DESTINATION_ROW (object);

  g_free (self->key_env);

  G_OBJECT_CLASS (sc_destination_row_parent_class)->finalize (object);
}

static void
sc_destination_row_class_init (ScDestinationRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_destination_row_finalize;

  signals[SIGNAL_REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

/* An SRT destination: chosen as such, or given an srt:// URL. */
static gboolean
is_srt (ScDestinationRow *self)
{
  return adw_combo_row_get_selected (ADW_COMBO_ROW (self->platform_row)) == SC_PLATFORM_SRT
         || sc_output_url_is_srt (gtk_editable_get_text (GTK_EDITABLE (self->url_row)));
}

static void
update_titles (ScDestinationRow *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  ScPlatform platform = adw_combo_row_get_selected (ADW_COMBO_ROW (self->platform_row));
  g_autofree char *subtitle = NULL;
  g_autofree char *label = NULL;
  const char *state;

  gboolean srt = is_srt (self);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 name[0] != '\0' ? name : _("Unnamed destination"));
  /* SRT has no stream key; its optional passphrase is kept the same way. */
  if (self->key_stored)
    state = srt ? _("passphrase stored in the keyring") : _("key stored in the keyring");
  else if (g_getenv (self->key_env) != NULL)
    state = srt ? _("passphrase from the environment") : _("key from the environment");
  else
    state = srt ? _("no passphrase: sent unencrypted") : _("no stream key yet");
  if (srt)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row),
                                   self->key_stored
                                   ? _("SRT passphrase (stored; type to replace it)")
                                   : _("SRT passphrase (optional, 10 to 79 characters)"));
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row),
                                   self->key_stored ? _("Stream key (stored; type to replace it)")
                                                    : _("Stream key"));
  subtitle = g_strdup_printf ("%s · %s", _(platforms[platform].label), state);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);
  label = g_strdup_printf (_("Stream to %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->enabled_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
on_platform_selected (ScDestinationRow *self)
{
  ScPlatform platform = adw_combo_row_get_selected (ADW_COMBO_ROW (self->platform_row));
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));

  update_titles (self);
  if (self->filling)
    return;
  self->filling = TRUE;
  if (platforms[platform].url != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), platforms[platform].url);
  else if ((sc_platform_from_url (url) != SC_PLATFORM_CUSTOM &&
            sc_platform_from_url (url) != platform) ||
           (platform == SC_PLATFORM_SRT && url[0] != '\0' && !sc_output_url_is_srt (url)))
    /* Another platform's server would be wrong here: TikTok gives one per
     * stream, and an SRT server is never an RTMP one. */
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), "");
  update_titles (self);
  self->filling = FALSE;
}

static void
on_url_changed (ScDestinationRow *self)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  ScPlatform detected = sc_platform_from_url (url);
  ScPlatform current = adw_combo_row_get_selected (ADW_COMBO_ROW (self->platform_row));

  gtk_widget_remove_css_class (self->url_row, "error");
  /* srt:// typed by hand makes the key field the passphrase. */
  update_titles (self);
  if (self->filling)
    return;
  if (detected != current && (detected != SC_PLATFORM_CUSTOM || platforms[current].url != NULL))
    {
      self->filling = TRUE;
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->platform_row), detected);
      self->filling = FALSE;
    }
}

static void
on_remove_clicked (ScDestinationRow *self)
{
  g_signal_emit (self, signals[SIGNAL_REMOVE], 0);
}

static void
sc_destination_row_init (ScDestinationRow *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *remove_row;
  GtkWidget *remove_button;

  for (guint i = 0; i < G_N_ELEMENTS (platforms); i++)
    gtk_string_list_append (labels, _(platforms[i].label));

  self->enabled_switch = gtk_switch_new ();
  gtk_widget_set_valign (self->enabled_switch, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (self->enabled_switch, _("Stream to this destination"));
  adw_expander_row_add_action (ADW_EXPANDER_ROW (self), self->enabled_switch);

  self->name_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), _("Name"));
  g_signal_connect_swapped (self->name_row, "changed", G_CALLBACK (update_titles), self);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), self->name_row);

  self->platform_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->platform_row), _("Platform"));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->platform_row), G_LIST_MODEL (labels));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->platform_row), SC_PLATFORM_CUSTOM);
  g_signal_connect_swapped (self->platform_row, "notify::selected",
                            G_CALLBACK (on_platform_selected), self);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), self->platform_row);

  self->url_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row), _("Server URL"));
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self->url_row), GTK_INPUT_PURPOSE_URL);
  g_signal_connect_swapped (self->url_row, "changed", G_CALLBACK (on_url_changed), self);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), self->url_row);

  self->key_row = adw_password_entry_row_new ();
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), self->key_row);

  remove_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (remove_row),
                                 _("Remove this destination from the show"));
  remove_button = gtk_button_new_with_mnemonic (_("_Remove"));
  gtk_widget_add_css_class (remove_button, "destructive-action");
  gtk_widget_set_valign (remove_button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (remove_button, "clicked", G_CALLBACK (on_remove_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (remove_row), remove_button);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), remove_row);
}

static const char *
string_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

ScDestinationRow *
sc_destination_row_new (JsonObject *output,
                        const char *key_env)
{
  ScDestinationRow *self = g_object_new (SC_TYPE_DESTINATION_ROW, NULL);
  const char *url = string_member (output, "url");
  JsonNode *enabled = output ? json_object_get_member (output, "enabled") : NULL;

  g_return_val_if_fail (key_env != NULL, NULL);

  self->key_env = g_strdup (key_env);
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), string_member (output, "name") ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url ?: "");
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->platform_row), sc_platform_from_url (url));
  self->filling = FALSE;
  gtk_switch_set_active (GTK_SWITCH (self->enabled_switch),
                         enabled == NULL || !JSON_NODE_HOLDS_VALUE (enabled) ||
                         json_node_get_boolean (enabled));
  sc_destination_row_set_key_stored (self, FALSE);
  return self;
}

void
sc_destination_row_set_key_stored (ScDestinationRow *self,
                                   gboolean          stored)
{
  g_return_if_fail (SC_IS_DESTINATION_ROW (self));

  self->key_stored = stored;
  update_titles (self);
}

const char *
sc_destination_row_get_name (ScDestinationRow *self)
{
  g_return_val_if_fail (SC_IS_DESTINATION_ROW (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->name_row));
}

const char *
sc_destination_row_get_url (ScDestinationRow *self)
{
  g_return_val_if_fail (SC_IS_DESTINATION_ROW (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->url_row));
}

gboolean
sc_destination_row_get_enabled (ScDestinationRow *self)
{
  g_return_val_if_fail (SC_IS_DESTINATION_ROW (self), FALSE);
  return gtk_switch_get_active (GTK_SWITCH (self->enabled_switch));
}

const char *
sc_destination_row_get_key_env (ScDestinationRow *self)
{
  g_return_val_if_fail (SC_IS_DESTINATION_ROW (self), NULL);
  return self->key_env;
}

char *
sc_destination_row_dup_new_key (ScDestinationRow *self)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (SC_IS_DESTINATION_ROW (self), NULL);

  key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));
  return key[0] != '\0' ? g_steal_pointer (&key) : NULL;
}

gboolean
sc_destination_row_validate (ScDestinationRow *self,
                             GError          **error)
{
  g_autofree char *name = NULL;
  g_autofree char *url = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (SC_IS_DESTINATION_ROW (self), FALSE);

  name = g_strstrip (g_strdup (sc_destination_row_get_name (self)));
  url = g_strstrip (g_strdup (sc_destination_row_get_url (self)));
  if (name[0] == '\0')
    {
      gtk_widget_add_css_class (self->name_row, "error");
      g_set_error_literal (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID,
                           _("A destination has no name: give each one a name, such as "
                             "“YouTube”"));
      return FALSE;
    }
  gtk_widget_remove_css_class (self->name_row, "error");
  if (sc_output_url_is_srt (url))
    {
      g_auto(ScSrtUrl) srt = { NULL, 0, NULL, -1 };
      g_autoptr(GError) srt_error = NULL;

      if (!sc_srt_url_parse (url, &srt, &srt_error))
        {
          gtk_widget_add_css_class (self->url_row, "error");
          adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), TRUE);
          g_set_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID, "%s: %s", name,
                       srt_error->message);
          return FALSE;
        }
    }
  else if (!sc_check_rtmp_url (url, name, error))
    {
      gtk_widget_add_css_class (self->url_row, "error");
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), TRUE);
      return FALSE;
    }
  gtk_widget_remove_css_class (self->url_row, "error");
  key = sc_destination_row_dup_new_key (self);
  /* For SRT the key is the passphrase: libsrt takes 10 to 79 characters. */
  if (key != NULL && sc_output_url_is_srt (url))
    {
      g_autofree char *problem = sc_srt_passphrase_problem (key);

      if (problem != NULL)
        {
          gtk_widget_add_css_class (self->key_row, "error");
          g_set_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID, "%s: %s", name, problem);
          return FALSE;
        }
    }
  /* Pasting the whole URL with the key into the key field is a common slip
   * (an SRT passphrase is any 10 to 79 characters, spaces included). */
  if (key != NULL && !sc_output_url_is_srt (url) &&
      (strstr (key, "://") != NULL || strchr (key, ' ') != NULL))
    {
      gtk_widget_add_css_class (self->key_row, "error");
      g_set_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID,
                   _("%s: the stream key cannot contain spaces or “://”; paste only the "
                     "key, not the server URL"), name);
      return FALSE;
    }
  gtk_widget_remove_css_class (self->key_row, "error");
  return TRUE;
}

JsonObject *
sc_destination_row_to_json (ScDestinationRow *self)
{
  JsonObject *object = json_object_new ();
  g_autofree char *name = NULL;
  g_autofree char *url = NULL;

  g_return_val_if_fail (SC_IS_DESTINATION_ROW (self), NULL);

  name = g_strstrip (g_strdup (sc_destination_row_get_name (self)));
  url = g_strstrip (g_strdup (sc_destination_row_get_url (self)));
  json_object_set_string_member (object, "name", name);
  json_object_set_string_member (object, "url", url);
  json_object_set_string_member (object, "key_env", self->key_env);
  if (!sc_destination_row_get_enabled (self))
    json_object_set_boolean_member (object, "enabled", FALSE);
  return object;
}

GtkEditable *
sc_destination_row_get_name_entry (ScDestinationRow *self)
{
  return GTK_EDITABLE (self->name_row);
}

GtkEditable *
sc_destination_row_get_url_entry (ScDestinationRow *self)
{
  return GTK_EDITABLE (self->url_row);
}

GtkEditable *
sc_destination_row_get_key_entry (ScDestinationRow *self)
{
  return GTK_EDITABLE (self->key_row);
}

GtkSwitch *
sc_destination_row_get_enabled_switch (ScDestinationRow *self)
{
  return GTK_SWITCH (self->enabled_switch);
}

AdwComboRow *
sc_destination_row_get_platform_row (ScDestinationRow *self)
{
  return ADW_COMBO_ROW (self->platform_row);
}
