/* sc-show-settings.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-show-settings"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "base/sc-json.h"
#include "base/sc-redact.h"
#include "media/sc-devices.h"
#include "media/sc-media-config.h"
#include "media/sc-screencast-portal.h"
#include "overlay/sc-brand-kit.h"
#include "shop/sc-shop-config.h"
#include "studio/sc-show.h"
#include "sc-screen-capture.h"
#include "sc-secrets.h"
#include "sc-show-chooser.h"
#include "sc-show-settings.h"

/* The settings edit the show file's JSON document, member by member, and
 * leave the rest (rundown, claim codes, reconnect, webhook) untouched; the
 * document is then read back as a ScShow, which checks it exactly as the
 * studio will, and that show writes itself (sc_show_save_async). */

#define NEW_SHOW_TEMPLATE \
  "{\"version\": 1, \"canvas\": {\"width\": 1280, \"height\": 720, " \
  "\"fps\": 30}, \"sources\": [{\"id\": \"host\", \"kind\": \"camera\", \"label\": \"Host " \
  "camera\"}, {\"id\": \"mic\", \"kind\": \"microphone\", \"label\": \"Microphone\"}], " \
  "\"layout\": \"pip\", \"outputs\": []}"

static const struct {
  int width;
  int height;
  const char *label;
} canvas_presets[] = {
  { 1280, 720, N_("Landscape 1280 × 720 (720p)") },
  { 1920, 1080, N_("Landscape 1920 × 1080 (1080p)") },
  { 720, 1280, N_("Portrait 720 × 1280") },
  { 1080, 1920, N_("Portrait 1080 × 1920") },
};

static const int fps_presets[] = { 24, 25, 30, 50, 60 };

typedef enum {
  PROVIDER_NONE,
  PROVIDER_LOCAL,
  PROVIDER_SHOPIFY,
  PROVIDER_WOOCOMMERCE,
} Provider;

struct _ScShowSettings
{
  AdwPreferencesWindow  parent_instance;

  GFile                *file;
  JsonNode             *root;          /* the document as read */
  GHashTable           *secrets;       /* name -> value found when loading */
  GCancellable         *cancellable;   /* loading, probing, testing */
  GCancellable         *test_cancellable;
  GPtrArray            *destinations;  /* ScDestinationRow * */
  GStrv                 encoders;      /* in encoder_row order, after "Automatic" */
  GPtrArray            *cameras;       /* device ids in camera_row order, NULL = none */
  GPtrArray            *microphones;
  char                 *logo;          /* as written in the file, or NULL */
  char                 *error_message;
  gboolean              loaded;
  gboolean              saving;
  /* A screen was chosen through the portal in this window: its token wins. */
  gboolean              screen_chosen;
  gboolean              testing;

  /* Template widgets */
  GtkWidget            *title_row;
  GtkWidget            *destinations_group;
  GtkWidget            *add_destination_button;
  GtkWidget            *no_destinations_row;
  GtkWidget            *canvas_row;
  GtkWidget            *fps_row;
  GtkWidget            *bitrate_spin;
  GtkWidget            *encoder_row;
  GtkWidget            *devices_spinner;
  GtkWidget            *camera_row;
  GtkWidget            *microphone_row;
  GtkWidget            *screen_row;
  GtkWidget            *choose_screen_row;
  GtkWidget            *choose_screen_button;
  GtkWidget            *provider_row;
  GtkWidget            *shop_url_row;
  GtkWidget            *shop_token_row;
  GtkWidget            *shop_secret_row;
  GtkWidget            *test_connection_row;
  GtkWidget            *test_spinner;
  GtkWidget            *test_connection_button;
  GtkWidget            *twitch_row;
  GtkWidget            *youtube_row;
  GtkWidget            *youtube_key_row;
  GtkWidget            *keywords_row;
  GtkWidget            *blocked_words_row;
  GtkWidget            *blocked_authors_row;
  GtkWidget            *primary_button;
  GtkWidget            *accent_button;
  GtkWidget            *text_button;
  GtkWidget            *font_button;
  GtkWidget            *logo_row;
  GtkWidget            *logo_button;
  GtkWidget            *logo_clear_button;

  /* Added around the template's content: the Save bar. */
  GtkWidget            *error_label;
  GtkWidget            *save_button;
};

G_DEFINE_FINAL_TYPE (ScShowSettings, sc_show_settings, ADW_TYPE_PREFERENCES_WINDOW)

enum { PROP_0, PROP_FILE, PROP_LOADED, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SIGNAL_SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* JSON helpers: absent, null and wrong types all read as "not set". */

static JsonObject *
root_object (ScShowSettings *self)
{
  return json_node_get_object (self->root);
}

static JsonObject *
object_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonObject *
ensure_object_member (JsonObject *object,
                      const char *member)
{
  JsonObject *child = object_member (object, member);

  if (child == NULL)
    {
      child = json_object_new ();
      json_object_set_object_member (object, member, child);
    }
  return child;
}

static JsonArray *
array_member (JsonObject *object,
              const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
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

static gint64
int_member (JsonObject *object,
            const char *member,
            gint64      fallback)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

/* Sets a string member, or removes it when @value is NULL or empty. */
static void
set_or_remove_string (JsonObject *object,
                      const char *member,
                      const char *value)
{
  if (value == NULL || value[0] == '\0')
    {
      if (json_object_has_member (object, member))
        json_object_remove_member (object, member);
      return;
    }
  json_object_set_string_member (object, member, value);
}

static char *
entry_text (GtkWidget *editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

static char *
list_to_text (JsonArray *array)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, json_node_get_string (node));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* "sold, mine ,  want" -> ["sold", "mine", "want"]; NULL when empty. */
static JsonArray *
text_to_list (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  JsonArray *array = json_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        json_array_add_string_element (array, parts[i]);
    }
  if (json_array_get_length (array) == 0)
    g_clear_pointer (&array, json_array_unref);
  return array;
}

static void
set_list_member (JsonObject *object,
                 const char *member,
                 GtkWidget  *row)
{
  JsonArray *array = text_to_list (gtk_editable_get_text (GTK_EDITABLE (row)));

  if (array != NULL)
    json_object_set_array_member (object, member, array);
  else if (json_object_has_member (object, member))
    json_object_remove_member (object, member);
}

/* An environment variable name for a new secret, e.g. SHOPCAST_KEY_MY_SHOP. */
static char *
make_env_name (const char *prefix,
               const char *label)
{
  GString *name = g_string_new (prefix);

  for (const char *p = label; p != NULL && *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (name, g_ascii_toupper (*p));
      else if (name->len > 0 && name->str[name->len - 1] != '_')
        g_string_append_c (name, '_');
    }
  while (name->len > 0 && name->str[name->len - 1] == '_')
    g_string_truncate (name, name->len - 1);
  return g_string_free (name, FALSE);
}

static void
show_problem (ScShowSettings *self,
              const char     *message)
{
  g_free (self->error_message);
  self->error_message = g_strdup (message);
  gtk_label_set_text (GTK_LABEL (self->error_label), message ? message : "");
  gtk_widget_set_visible (self->error_label, message != NULL);
}

/* Destinations */

static void update_destinations_placeholder (ScShowSettings *self);

static void
on_destination_remove (ScDestinationRow *row,
                       ScShowSettings   *self)
{
  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->destinations_group),
                                GTK_WIDGET (row));
  g_ptr_array_remove (self->destinations, row);
  update_destinations_placeholder (self);
}

static void
update_destinations_placeholder (ScShowSettings *self)
{
  /* The whole group: an empty boxed list would still draw its frame. */
  gtk_widget_set_visible (gtk_widget_get_ancestor (self->no_destinations_row,
                                                   ADW_TYPE_PREFERENCES_GROUP),
                          self->destinations->len == 0);
}

static gboolean
key_env_in_use (ScShowSettings *self,
                const char     *name)
{
  for (guint i = 0; i < self->destinations->len; i++)
    if (g_str_equal (sc_destination_row_get_key_env (g_ptr_array_index (self->destinations, i)),
                     name))
      return TRUE;
  return FALSE;
}

static ScDestinationRow *
append_destination (ScShowSettings *self,
                    JsonObject     *output,
                    const char     *key_env)
{
  ScDestinationRow *row = sc_destination_row_new (output, key_env);

  g_ptr_array_add (self->destinations, g_object_ref (row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->destinations_group), GTK_WIDGET (row));
  g_signal_connect (row, "remove", G_CALLBACK (on_destination_remove), self);
  if (self->secrets != NULL)
    sc_destination_row_set_key_stored (row, g_hash_table_contains (self->secrets, key_env));
  update_destinations_placeholder (self);
  return row;
}

ScDestinationRow *
sc_show_settings_add_destination (ScShowSettings *self)
{
  g_autofree char *key_env = NULL;
  g_autofree char *name = NULL;
  ScDestinationRow *row;

  g_return_val_if_fail (SC_IS_SHOW_SETTINGS (self), NULL);

  for (guint n = self->destinations->len + 1; key_env == NULL || key_env_in_use (self, key_env);
       n++)
    {
      g_free (key_env);
      key_env = g_strdup_printf ("SHOPCAST_KEY_%u", n);
    }
  name = g_strdup_printf (_("Destination %u"), self->destinations->len + 1);
  row = append_destination (self, NULL, key_env);
  gtk_editable_set_text (sc_destination_row_get_name_entry (row), name);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  return row;
}

static void
on_add_destination (ScShowSettings *self)
{
  ScDestinationRow *row = sc_show_settings_add_destination (self);

  gtk_widget_grab_focus (GTK_WIDGET (sc_destination_row_get_name_entry (row)));
}

/* Filling the widgets from the document */

static void
set_color_button (GtkWidget  *button,
                  const char *text,
                  ScColor     fallback)
{
  ScColor color = fallback;
  GdkRGBA rgba;

  if (text != NULL)
    sc_color_parse (text, &color);
  rgba = (GdkRGBA) { color.red, color.green, color.blue, color.alpha };
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (button), &rgba);
}

static void
update_logo_row (ScShowSettings *self)
{
  g_autofree char *base = self->logo ? g_path_get_basename (self->logo) : NULL;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->logo_row),
                               base ? base : _("No logo on the video"));
  gtk_widget_set_visible (self->logo_clear_button, self->logo != NULL);
}

static Provider
provider_selected (ScShowSettings *self)
{
  return adw_combo_row_get_selected (ADW_COMBO_ROW (self->provider_row));
}

static void
update_shop_rows (ScShowSettings *self)
{
  Provider provider = provider_selected (self);
  gboolean online = provider == PROVIDER_SHOPIFY || provider == PROVIDER_WOOCOMMERCE;
  JsonObject *shop = object_member (root_object (self), "shop");
  const char *token_env = NULL;

  gtk_widget_set_visible (self->shop_url_row, online);
  gtk_widget_set_visible (self->shop_token_row, online);
  gtk_widget_set_visible (self->shop_secret_row, provider == PROVIDER_WOOCOMMERCE);
  gtk_widget_set_visible (self->test_connection_row, online);
  if (provider == PROVIDER_WOOCOMMERCE)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->shop_token_row),
                                     _("Consumer key"));
      token_env = string_member (shop, "key_env");
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->shop_token_row),
                                     _("Admin API access token"));
      token_env = string_member (shop, "token_env");
    }
  if (token_env != NULL && self->secrets != NULL && g_hash_table_contains (self->secrets,
                                                                           token_env))
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->shop_token_row),
                                   provider == PROVIDER_WOOCOMMERCE
                                   ? _("Consumer key (stored; type to replace it)")
                                   : _("Access token (stored; type to replace it)"));
}

static void
fill_from_document (ScShowSettings *self)
{
  JsonObject *show = root_object (self);
  JsonObject *canvas = object_member (show, "canvas");
  JsonObject *encoding = object_member (show, "encoding");
  JsonObject *shop = object_member (show, "shop");
  JsonObject *chat = object_member (show, "chat");
  JsonObject *brand = object_member (show, "brand");
  JsonArray *outputs = array_member (show, "outputs");
  JsonArray *chats = array_member (chat, "sources");
  g_autoptr(GtkStringList) canvas_labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) fps_labels = gtk_string_list_new (NULL);
  g_autoptr(ScBrandKit) kit = sc_brand_kit_new ();
  ScEncodingConfig defaults;
  const char *provider;
  const char *title = string_member (show, "title");
  int width, height, fps;
  guint canvas_index = G_N_ELEMENTS (canvas_presets);
  guint fps_index = 2;
  g_autofree char *keywords = list_to_text (array_member (chat, "claim_keywords"));
  g_autofree char *words = list_to_text (array_member (chat, "blocked_words"));
  g_autofree char *authors = list_to_text (array_member (chat, "blocked_authors"));

  sc_encoding_config_init_defaults (&defaults);

  if (title == NULL && self->file != NULL)
    {
      g_autofree char *base = g_file_get_basename (self->file);

      if (g_str_has_suffix (base, ".shopcast"))
        base[strlen (base) - strlen (".shopcast")] = '\0';
      gtk_editable_set_text (GTK_EDITABLE (self->title_row), base);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (self->title_row), title ? title : "");

  for (guint i = 0; outputs != NULL && i < json_array_get_length (outputs); i++)
    {
      JsonNode *node = json_array_get_element (outputs, i);
      JsonObject *output = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *key_env = string_member (output, "key_env");
      g_autofree char *made = NULL;

      if (output == NULL)
        continue;
      /* A destination without key_env gets one, so its key can be stored. */
      if (key_env == NULL)
        key_env = made = make_env_name ("SHOPCAST_KEY_", string_member (output, "name") ?: "1");
      append_destination (self, output, key_env);
    }

  /* Canvas: the presets, and the file's own size when it is none of them. */
  width = (int)int_member (canvas, "width", defaults.width);
  height = (int)int_member (canvas, "height", defaults.height);
  for (guint i = 0; i < G_N_ELEMENTS (canvas_presets); i++)
    {
      gtk_string_list_append (canvas_labels, _(canvas_presets[i].label));
      if (canvas_presets[i].width == width && canvas_presets[i].height == height)
        canvas_index = i;
    }
  if (canvas_index == G_N_ELEMENTS (canvas_presets))
    {
      g_autofree char *label = g_strdup_printf (_("As in the file: %d × %d"), width, height);

      gtk_string_list_append (canvas_labels, label);
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (self->canvas_row), G_LIST_MODEL (canvas_labels));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->canvas_row), canvas_index);

  fps = (int)int_member (canvas, "fps", defaults.fps);
  fps_index = G_N_ELEMENTS (fps_presets);
  for (guint i = 0; i < G_N_ELEMENTS (fps_presets); i++)
    {
      g_autofree char *label = g_strdup_printf ("%d", fps_presets[i]);

      gtk_string_list_append (fps_labels, label);
      if (fps_presets[i] == fps)
        fps_index = i;
    }
  if (fps_index == G_N_ELEMENTS (fps_presets))
    {
      g_autofree char *label = g_strdup_printf ("%d", fps);

      gtk_string_list_append (fps_labels, label);
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (self->fps_row), G_LIST_MODEL (fps_labels));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->fps_row), fps_index);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->bitrate_spin),
                             int_member (encoding, "video_bitrate_kbps",
                                         defaults.video_bitrate_kbps));

  /* Encoder: automatic, the installed ones, and the file's if it is not. */
  {
    g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
    const char *wanted = string_member (encoding, "video_encoder");
    guint selected = 0;
    guint n = g_strv_length (self->encoders);

    gtk_string_list_append (labels, _("Automatic (the best one installed)"));
    for (guint i = 0; i < n; i++)
      {
        gtk_string_list_append (labels, self->encoders[i]);
        if (g_strcmp0 (wanted, self->encoders[i]) == 0)
          selected = i + 1;
      }
    if (wanted != NULL && selected == 0)
      {
        g_autofree char *label = g_strdup_printf (_("%s (not installed)"), wanted);
        GStrvBuilder *builder = g_strv_builder_new ();

        g_strv_builder_addv (builder, (const char **)self->encoders);
        g_strv_builder_add (builder, wanted);
        g_strfreev (self->encoders);
        self->encoders = g_strv_builder_end (builder);
        g_strv_builder_unref (builder);
        gtk_string_list_append (labels, label);
        selected = n + 1;
      }
    adw_combo_row_set_model (ADW_COMBO_ROW (self->encoder_row), G_LIST_MODEL (labels));
    adw_combo_row_set_selected (ADW_COMBO_ROW (self->encoder_row), selected);
  }

  /* Shop */
  provider = string_member (shop, "provider");
  if (g_strcmp0 (provider, "shopify") == 0)
    adw_combo_row_set_selected (ADW_COMBO_ROW (self->provider_row), PROVIDER_SHOPIFY);
  else if (g_strcmp0 (provider, "woocommerce") == 0)
    adw_combo_row_set_selected (ADW_COMBO_ROW (self->provider_row), PROVIDER_WOOCOMMERCE);
  else if (g_strcmp0 (provider, "local") == 0)
    adw_combo_row_set_selected (ADW_COMBO_ROW (self->provider_row), PROVIDER_LOCAL);
  else
    adw_combo_row_set_selected (ADW_COMBO_ROW (self->provider_row), PROVIDER_NONE);
  gtk_editable_set_text (GTK_EDITABLE (self->shop_url_row), string_member (shop, "url") ?: "");
  update_shop_rows (self);

  /* Chat */
  for (guint i = 0; chats != NULL && i < json_array_get_length (chats); i++)
    {
      JsonNode *node = json_array_get_element (chats, i);
      JsonObject *source = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *platform = string_member (source, "platform");

      if (g_strcmp0 (platform, "twitch") == 0)
        gtk_editable_set_text (GTK_EDITABLE (self->twitch_row),
                               string_member (source, "channel") ?: "");
      else if (g_strcmp0 (platform, "youtube") == 0)
        gtk_editable_set_text (GTK_EDITABLE (self->youtube_row),
                               string_member (source, "live_chat_id") ?: "");
    }
  gtk_editable_set_text (GTK_EDITABLE (self->keywords_row), keywords);
  gtk_editable_set_text (GTK_EDITABLE (self->blocked_words_row), words);
  gtk_editable_set_text (GTK_EDITABLE (self->blocked_authors_row), authors);

  /* Brand */
  set_color_button (self->primary_button, string_member (brand, "primary"), kit->primary);
  set_color_button (self->accent_button, string_member (brand, "accent"), kit->accent);
  set_color_button (self->text_button, string_member (brand, "text"), kit->text);
  gtk_font_chooser_set_font (GTK_FONT_CHOOSER (self->font_button),
                             string_member (brand, "font") ?: kit->font_family);
  g_free (self->logo);
  self->logo = g_strdup (string_member (brand, "logo"));
  update_logo_row (self);
}

/* Devices are probed on a worker: the sound server or a camera may hang. */

typedef struct {
  GPtrArray *cameras;
  GPtrArray *microphones;
} Devices;

static void
devices_free (Devices *devices)
{
  g_clear_pointer (&devices->cameras, g_ptr_array_unref);
  g_clear_pointer (&devices->microphones, g_ptr_array_unref);
  g_free (devices);
}

static void
probe_devices (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Devices *devices = g_new0 (Devices, 1);

  devices->cameras = sc_devices_list (SC_DEVICE_CAMERA);
  devices->microphones = sc_devices_list (SC_DEVICE_MICROPHONE);
  g_task_return_pointer (task, devices, (GDestroyNotify)devices_free);
}

static JsonObject *
find_source_in (JsonObject *show,
                gboolean    video)
{
  JsonArray *sources = array_member (show, "sources");

  for (guint i = 0; sources != NULL && i < json_array_get_length (sources); i++)
    {
      JsonNode *node = json_array_get_element (sources, i);
      JsonObject *source = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *kind = string_member (source, "kind");

      if (video && (g_strcmp0 (kind, "camera") == 0 || g_strcmp0 (kind, "test-pattern") == 0))
        return source;
      if (!video && (g_strcmp0 (kind, "microphone") == 0 || g_strcmp0 (kind, "test-tone") == 0))
        return source;
    }
  return NULL;
}

/* Choices: [none (test signal), any device, devices…, the file's missing one]. */
static void
fill_device_row (GtkWidget  *row,
                 GPtrArray  *ids,
                 GPtrArray  *devices,
                 JsonObject *source,
                 const char *real_kind,
                 const char *none_label,
                 const char *any_label)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  const char *kind = string_member (source, "kind");
  const char *wanted = string_member (source, "device");
  guint selected = 0;

  g_ptr_array_set_size (ids, 0);
  gtk_string_list_append (labels, none_label);
  g_ptr_array_add (ids, NULL);
  gtk_string_list_append (labels, any_label);
  g_ptr_array_add (ids, g_strdup (""));
  if (g_strcmp0 (kind, real_kind) == 0)
    selected = 1;
  for (guint i = 0; devices != NULL && i < devices->len; i++)
    {
      ScDeviceInfo *info = g_ptr_array_index (devices, i);

      gtk_string_list_append (labels, info->name);
      g_ptr_array_add (ids, g_strdup (info->id));
      if (g_strcmp0 (kind, real_kind) == 0 &&
          (g_strcmp0 (wanted, info->id) == 0 || g_strcmp0 (wanted, info->name) == 0))
        selected = ids->len - 1;
    }
  if (g_strcmp0 (kind, real_kind) == 0 && wanted != NULL && selected <= 1)
    {
      g_autofree char *label = g_strdup_printf (_("%s (not connected)"), wanted);

      gtk_string_list_append (labels, label);
      g_ptr_array_add (ids, g_strdup (wanted));
      selected = ids->len - 1;
    }
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
}

static JsonObject *
find_source (ScShowSettings *self,
             gboolean        video)
{
  return find_source_in (root_object (self), video);
}

/* The show's first screen source in the document, or NULL. */
static JsonObject *
find_screen_source (ScShowSettings *self)
{
  JsonArray *sources = array_member (root_object (self), "sources");

  for (guint i = 0; sources != NULL && i < json_array_get_length (sources); i++)
    {
      JsonNode *node = json_array_get_element (sources, i);

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          g_strcmp0 (string_member (json_node_get_object (node), "kind"), "screen") == 0)
        return json_node_get_object (node);
    }
  return NULL;
}

/* What a screen source in the document captures, as the pre-flight says it. */
static char *
describe_screen_source (ScShowSettings *self,
                        JsonObject     *source)
{
  g_autoptr(ScSourceConfig) config = sc_source_config_new ("screen", SC_SOURCE_SCREEN);
  JsonObject *portal = object_member (source, "portal");

  if (g_strcmp0 (string_member (source, "capture"), "portal") == 0)
    {
      config->capture = SC_SCREEN_CAPTURE_PORTAL;
      config->portal.restore_token = g_strdup (string_member (portal, "restore_token"));
      config->portal.source_type = g_strdup (string_member (portal, "source_type"));
      if (portal != NULL && json_object_has_member (portal, "width") &&
          json_object_has_member (portal, "height"))
        {
          config->portal.width = json_object_get_int_member (portal, "width");
          config->portal.height = json_object_get_int_member (portal, "height");
        }
    }
  return sc_screen_capture_describe_source (config, gtk_widget_get_display (GTK_WIDGET (self)));
}

/* A screen source captures the whole desktop or the portal's choice: say
 * which before it is on air. */
static void
fill_screen_row (ScShowSettings *self)
{
  JsonObject *source = find_screen_source (self);
  g_autofree char *what = source ? describe_screen_source (self, source) : NULL;

  gtk_widget_set_visible (self->screen_row, what != NULL);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->screen_row), what ? what : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->choose_screen_row),
                               what ? what : _("No screen in this show"));
}

/* The portal's answer becomes the first screen source (one is added when
 * the show has none); the session itself is closed, the token stays valid. */
static void
screen_chosen (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ScShowSettings) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScScreencastSession) session = sc_screencast_session_new_finish (result, &error);
  const ScScreencastStream *stream;
  JsonObject *source;
  JsonObject *portal;
  const char *type;

  gtk_widget_set_sensitive (self->choose_screen_button, TRUE);
  if (session == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_action_row_set_subtitle (ADW_ACTION_ROW (self->choose_screen_row), error->message);
      return;
    }
  stream = sc_screencast_session_get_stream (session);
  source = find_screen_source (self);
  if (source == NULL)
    {
      JsonObject *root = root_object (self);
      JsonArray *sources = array_member (root, "sources");

      if (sources == NULL)
        {
          sources = json_array_new ();
          json_object_set_array_member (root, "sources", sources);
        }
      source = json_object_new ();
      json_object_set_string_member (source, "id", "screen");
      json_object_set_string_member (source, "kind", "screen");
      json_object_set_string_member (source, "label", _("Screen"));
      json_array_add_object_element (sources, source);
    }
  self->screen_chosen = TRUE;
  portal = json_object_new ();
  if (sc_screencast_session_get_restore_token (session) != NULL)
    json_object_set_string_member (portal, "restore_token",
                                   sc_screencast_session_get_restore_token (session));
  type = sc_screencast_source_type_to_string (stream->source_type);
  if (type != NULL)
    json_object_set_string_member (portal, "source_type", type);
  if (stream->has_size)
    {
      json_object_set_int_member (portal, "width", stream->width);
      json_object_set_int_member (portal, "height", stream->height);
    }
  if (stream->has_position)
    {
      json_object_set_int_member (portal, "x", stream->x);
      json_object_set_int_member (portal, "y", stream->y);
    }
  if (stream->id != NULL)
    json_object_set_string_member (portal, "stream_id", stream->id);
  if (stream->mapping_id != NULL)
    json_object_set_string_member (portal, "mapping_id", stream->mapping_id);
  json_object_set_string_member (source, "capture", "portal");
  json_object_set_object_member (source, "portal", portal);
  sc_screencast_session_close (session);
  fill_screen_row (self);
}

static void
on_choose_screen_clicked (ScShowSettings *self)
{
  g_autofree char *parent = sc_screen_capture_parent_handle (GTK_WIDGET (self));

  gtk_widget_set_sensitive (self->choose_screen_button, FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->choose_screen_row),
                               _("Choose a monitor or a window in the dialog…"));
  sc_screencast_session_new_async (NULL, parent, NULL, self->cancellable, screen_chosen,
                                   g_object_ref (self));
}

static void
fill_devices (ScShowSettings *self,
              Devices        *devices)
{
  fill_screen_row (self);
  fill_device_row (self->camera_row, self->cameras, devices ? devices->cameras : NULL,
                   find_source (self, TRUE), "camera", _("Test pattern (no camera)"),
                   _("The first camera found"));
  fill_device_row (self->microphone_row, self->microphones,
                   devices ? devices->microphones : NULL, find_source (self, FALSE),
                   "microphone", _("Test tone (no microphone)"), _("The default microphone"));
}

static void
devices_probed (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ScShowSettings *self;
  g_autoptr(GError) error = NULL;
  Devices *devices = g_task_propagate_pointer (G_TASK (result), &error);

  if (devices == NULL)
    return;
  self = SC_SHOW_SETTINGS (user_data);
  gtk_spinner_stop (GTK_SPINNER (self->devices_spinner));
  if (self->loaded)
    fill_devices (self, devices);
  devices_free (devices);
}

/* Loading */

static void
loaded (ScShowSettings *self)
{
  self->loaded = TRUE;
  fill_from_document (self);
  fill_devices (self, NULL);
  gtk_widget_set_sensitive (self->save_button, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);

  {
    g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, devices_probed, self);

    gtk_spinner_start (GTK_SPINNER (self->devices_spinner));
    g_task_run_in_thread (task, probe_devices);
  }
}

static void
secrets_resolved (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ScShowSettings *self;
  g_autoptr(GError) error = NULL;
  GHashTable *table = sc_secrets_resolve_finish (result, &error);

  if (table == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SC_SHOW_SETTINGS (user_data);
  self->secrets = table ? table : g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         g_free);
  loaded (self);
}

static void
set_document (ScShowSettings *self,
              JsonNode       *root)
{
  g_autoptr(GPtrArray) needs = NULL;

  self->root = root;
  needs = sc_secrets_collect_needs (self->root);
  sc_secrets_resolve_async (needs, self->cancellable, secrets_resolved, self);
}

static void
file_loaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ScShowSettings *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SC_SHOW_SETTINGS (user_data);
  if (error == NULL && length > SC_SHOW_MAX_FILE_SIZE)
    g_set_error (&error, SC_SHOW_ERROR, SC_SHOW_ERROR_TOO_LARGE,
                 _("The show file is too large to be a show file"));
  /* Nesting too deep for json-glib's recursion is refused with its
   * position first; the tree is then parsed mutable, as the settings edit it. */
  name = g_file_get_basename (G_FILE (source));
  if (error == NULL && sc_json_check_depth (contents, length, SC_JSON_MAX_DEPTH, name, &error))
    {
      parser = json_parser_new ();
      if (json_parser_load_from_data (parser, contents, (gssize)length, &error))
        root = json_parser_steal_root (parser);
      else if (error == NULL)
        g_set_error (&error, SC_SHOW_ERROR, SC_SHOW_ERROR_SYNTAX, _("%s is empty"), name);
    }
  if (error == NULL && (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)))
    g_set_error (&error, SC_SHOW_ERROR, SC_SHOW_ERROR_SYNTAX,
                 _("The file is not a show: it does not hold a JSON object"));
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not read the show: %s"),
                                                  error->message);

      show_problem (self, message);
      return;
    }
  set_document (self, g_steal_pointer (&root));
}

/* Saving */

static gboolean
validate (ScShowSettings  *self,
          GError         **error)
{
  g_autofree char *title = entry_text (self->title_row);
  g_autofree char *url = entry_text (self->shop_url_row);
  g_autofree char *twitch = entry_text (self->twitch_row);
  g_autofree char *youtube = entry_text (self->youtube_row);
  g_autofree char *youtube_key = entry_text (self->youtube_key_row);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Provider provider = provider_selected (self);

  gtk_widget_remove_css_class (self->title_row, "error");
  gtk_widget_remove_css_class (self->shop_url_row, "error");
  gtk_widget_remove_css_class (self->twitch_row, "error");
  gtk_widget_remove_css_class (self->youtube_key_row, "error");

  if (title[0] == '\0')
    {
      gtk_widget_add_css_class (self->title_row, "error");
      g_set_error_literal (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID,
                           _("Give the show a title: it names the recordings"));
      return FALSE;
    }

  for (guint i = 0; i < self->destinations->len; i++)
    {
      ScDestinationRow *row = g_ptr_array_index (self->destinations, i);
      g_autofree char *name = NULL;

      if (!sc_destination_row_validate (row, error))
        return FALSE;
      name = g_strstrip (g_strdup (sc_destination_row_get_name (row)));
      if (!g_hash_table_add (names, g_steal_pointer (&name)))
        {
          gtk_widget_add_css_class (GTK_WIDGET (sc_destination_row_get_name_entry (row)),
                                    "error");
          g_set_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID,
                       _("Two destinations are called “%s”: give each its own name"),
                       sc_destination_row_get_name (row));
          return FALSE;
        }
    }

  if (provider == PROVIDER_SHOPIFY || provider == PROVIDER_WOOCOMMERCE)
    {
      g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
      const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;
      const char *host = uri ? g_uri_get_host (uri) : NULL;
      gboolean loopback = sc_host_is_loopback (host);

      if (uri == NULL || host == NULL || host[0] == '\0' ||
          !(g_strcmp0 (scheme, "https") == 0 || (g_strcmp0 (scheme, "http") == 0 && loopback)))
        {
          gtk_widget_add_css_class (self->shop_url_row, "error");
          g_set_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID,
                       _("The shop address must be the shop’s https:// address, such as "
                         "https://my-shop.myshopify.com, not “%s”"), url);
          return FALSE;
        }
    }

  if (twitch[0] != '\0' &&
      !g_regex_match_simple ("^#?[A-Za-z0-9_]{3,25}$", twitch, 0, 0))
    {
      gtk_widget_add_css_class (self->twitch_row, "error");
      g_set_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID,
                   _("“%s” is not a Twitch channel name: 3 to 25 letters, digits or “_”"),
                   twitch);
      return FALSE;
    }
  if (youtube[0] != '\0' && youtube_key[0] == '\0')
    {
      JsonObject *chat = object_member (root_object (self), "chat");
      JsonArray *chats = array_member (chat, "sources");
      gboolean stored = FALSE;

      for (guint i = 0; chats != NULL && i < json_array_get_length (chats); i++)
        {
          JsonNode *node = json_array_get_element (chats, i);
          JsonObject *source = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
          const char *env = string_member (source, "api_key_env");

          if (env != NULL && (g_getenv (env) != NULL ||
                              g_hash_table_contains (self->secrets, env)))
            stored = TRUE;
          if (string_member (source, "oauth_token_env") != NULL)
            stored = TRUE;
        }
      if (!stored)
        {
          gtk_widget_add_css_class (self->youtube_key_row, "error");
          g_set_error_literal (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID,
                               _("Reading the YouTube chat needs an API key: enter it, or "
                                 "leave the live chat id empty"));
          return FALSE;
        }
    }
  return TRUE;
}

static char *
color_to_text (GtkWidget *button)
{
  GdkRGBA rgba;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  if (rgba.alpha >= 1.0)
    return g_strdup_printf ("#%02x%02x%02x", (int)(rgba.red * 255 + 0.5),
                            (int)(rgba.green * 255 + 0.5), (int)(rgba.blue * 255 + 0.5));
  return g_strdup_printf ("#%02x%02x%02x%02x", (int)(rgba.red * 255 + 0.5),
                          (int)(rgba.green * 255 + 0.5), (int)(rgba.blue * 255 + 0.5),
                          (int)(rgba.alpha * 255 + 0.5));
}

static void
set_device_source (JsonObject *source,
                   GPtrArray  *ids,
                   guint       selected,
                   const char *real_kind,
                   const char *test_kind)
{
  const char *id;

  if (source == NULL || selected >= ids->len)
    return;
  id = g_ptr_array_index (ids, selected);
  if (id == NULL)
    {
      /* Back to the test signal: drop what only the device source reads. */
      if (g_strcmp0 (string_member (source, "kind"), test_kind) != 0)
        {
          json_object_set_string_member (source, "kind", test_kind);
          if (json_object_has_member (source, "device"))
            json_object_remove_member (source, "device");
        }
      return;
    }
  if (g_strcmp0 (string_member (source, "kind"), real_kind) != 0)
    {
      json_object_set_string_member (source, "kind", real_kind);
      if (json_object_has_member (source, "pattern"))
        json_object_remove_member (source, "pattern");
      if (json_object_has_member (source, "frequency"))
        json_object_remove_member (source, "frequency");
      if (g_str_equal (real_kind, "camera") && json_object_has_member (source, "volume"))
        json_object_remove_member (source, "volume");
    }
  set_or_remove_string (source, "device", id);
}

typedef struct {
  char *name;
  char *value;
} PendingSecret;

static void
pending_secret_free (PendingSecret *secret)
{
  g_free (secret->name);
  if (secret->value != NULL)
    memset (secret->value, 0, strlen (secret->value));
  g_free (secret->value);
  g_free (secret);
}

static void
add_secret (GPtrArray  *secrets,
            const char *name,
            GtkWidget  *row)
{
  g_autofree char *value = entry_text (row);
  PendingSecret *secret;

  if (value[0] == '\0' || name == NULL)
    return;
  secret = g_new0 (PendingSecret, 1);
  secret->name = g_strdup (name);
  secret->value = g_steal_pointer (&value);
  g_ptr_array_add (secrets, secret);
}

/* Applies the widgets to a copy of the document; the keys typed go to
 * @secrets, never into the document. */
static JsonNode *
build_document (ScShowSettings *self,
                GPtrArray      *secrets)
{
  JsonNode *root = json_node_copy (self->root);
  JsonObject *show = json_node_get_object (root);
  JsonObject *canvas = ensure_object_member (show, "canvas");
  JsonObject *encoding;
  JsonObject *chat;
  JsonObject *brand;
  JsonArray *outputs = json_array_new ();
  g_autofree char *title = entry_text (self->title_row);
  guint canvas_index = adw_combo_row_get_selected (ADW_COMBO_ROW (self->canvas_row));
  guint fps_index = adw_combo_row_get_selected (ADW_COMBO_ROW (self->fps_row));
  guint encoder_index = adw_combo_row_get_selected (ADW_COMBO_ROW (self->encoder_row));
  int bitrate = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->bitrate_spin));
  Provider provider = provider_selected (self);
  ScEncodingConfig defaults;

  sc_encoding_config_init_defaults (&defaults);
  json_object_set_string_member (show, "title", title);

  for (guint i = 0; i < self->destinations->len; i++)
    {
      ScDestinationRow *row = g_ptr_array_index (self->destinations, i);

      json_array_add_object_element (outputs, sc_destination_row_to_json (row));
      add_secret (secrets, sc_destination_row_get_key_env (row),
                  GTK_WIDGET (sc_destination_row_get_key_entry (row)));
    }
  json_object_set_array_member (show, "outputs", outputs);

  if (canvas_index < G_N_ELEMENTS (canvas_presets))
    {
      json_object_set_int_member (canvas, "width", canvas_presets[canvas_index].width);
      json_object_set_int_member (canvas, "height", canvas_presets[canvas_index].height);
    }
  if (fps_index < G_N_ELEMENTS (fps_presets))
    json_object_set_int_member (canvas, "fps", fps_presets[fps_index]);

  encoding = object_member (show, "encoding");
  if (encoding == NULL && (bitrate != defaults.video_bitrate_kbps || encoder_index > 0))
    encoding = ensure_object_member (show, "encoding");
  if (encoding != NULL)
    {
      if (bitrate != defaults.video_bitrate_kbps ||
          json_object_has_member (encoding, "video_bitrate_kbps"))
        json_object_set_int_member (encoding, "video_bitrate_kbps", bitrate);
      set_or_remove_string (encoding, "video_encoder",
                            encoder_index > 0 ? self->encoders[encoder_index - 1] : NULL);
    }

  set_device_source (find_source_in (show, TRUE), self->cameras,
                     adw_combo_row_get_selected (ADW_COMBO_ROW (self->camera_row)),
                     "camera", "test-pattern");
  set_device_source (find_source_in (show, FALSE), self->microphones,
                     adw_combo_row_get_selected (ADW_COMBO_ROW (self->microphone_row)),
                     "microphone", "test-tone");

  /* Shop */
  if (provider == PROVIDER_NONE)
    {
      if (json_object_has_member (show, "shop"))
        json_object_remove_member (show, "shop");
    }
  else
    {
      JsonObject *shop = ensure_object_member (show, "shop");
      g_autofree char *url = entry_text (self->shop_url_row);

      if (provider == PROVIDER_LOCAL)
        {
          static const char * const online_only[] = {
            "url", "api_version", "token_env", "key_env", "secret_env", "webhook", NULL
          };

          json_object_set_string_member (shop, "provider", "local");
          for (guint i = 0; online_only[i] != NULL; i++)
            if (json_object_has_member (shop, online_only[i]))
              json_object_remove_member (shop, online_only[i]);
        }
      else if (provider == PROVIDER_SHOPIFY)
        {
          json_object_set_string_member (shop, "provider", "shopify");
          json_object_set_string_member (shop, "url", url);
          if (json_object_has_member (shop, "key_env"))
            json_object_remove_member (shop, "key_env");
          if (json_object_has_member (shop, "secret_env"))
            json_object_remove_member (shop, "secret_env");
          if (string_member (shop, "token_env") == NULL)
            json_object_set_string_member (shop, "token_env", "SHOPCAST_SHOPIFY_TOKEN");
          add_secret (secrets, string_member (shop, "token_env"), self->shop_token_row);
        }
      else
        {
          json_object_set_string_member (shop, "provider", "woocommerce");
          json_object_set_string_member (shop, "url", url);
          if (json_object_has_member (shop, "token_env"))
            json_object_remove_member (shop, "token_env");
          if (json_object_has_member (shop, "api_version"))
            json_object_remove_member (shop, "api_version");
          if (string_member (shop, "key_env") == NULL)
            json_object_set_string_member (shop, "key_env", "SHOPCAST_WOOCOMMERCE_KEY");
          if (string_member (shop, "secret_env") == NULL)
            json_object_set_string_member (shop, "secret_env", "SHOPCAST_WOOCOMMERCE_SECRET");
          add_secret (secrets, string_member (shop, "key_env"), self->shop_token_row);
          add_secret (secrets, string_member (shop, "secret_env"), self->shop_secret_row);
        }
    }

  /* Chat: the Twitch and YouTube entries replace their platform's source. */
  chat = ensure_object_member (show, "chat");
  {
    g_autofree char *twitch = entry_text (self->twitch_row);
    g_autofree char *youtube = entry_text (self->youtube_row);
    JsonArray *old = array_member (chat, "sources");
    JsonArray *sources = json_array_new ();
    gboolean twitch_done = FALSE, youtube_done = FALSE;

    for (guint i = 0; old != NULL && i < json_array_get_length (old); i++)
      {
        JsonNode *node = json_array_get_element (old, i);
        JsonObject *source = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
        const char *platform = string_member (source, "platform");

        if (g_strcmp0 (platform, "twitch") == 0 && !twitch_done)
          {
            twitch_done = TRUE;
            if (twitch[0] == '\0')
              continue;
            json_object_set_string_member (source, "channel",
                                           twitch[0] == '#' ? twitch + 1 : twitch);
          }
        else if (g_strcmp0 (platform, "youtube") == 0 && !youtube_done)
          {
            youtube_done = TRUE;
            if (youtube[0] == '\0')
              continue;
            json_object_set_string_member (source, "live_chat_id", youtube);
            if (string_member (source, "oauth_token_env") == NULL &&
                string_member (source, "api_key_env") == NULL)
              json_object_set_string_member (source, "api_key_env", "SHOPCAST_YOUTUBE_API_KEY");
            add_secret (secrets, string_member (source, "api_key_env"), self->youtube_key_row);
          }
        json_array_add_element (sources, json_node_copy (node));
      }
    if (!twitch_done && twitch[0] != '\0')
      {
        JsonObject *source = json_object_new ();

        json_object_set_string_member (source, "platform", "twitch");
        json_object_set_string_member (source, "channel", twitch[0] == '#' ? twitch + 1 : twitch);
        json_array_add_object_element (sources, source);
      }
    if (!youtube_done && youtube[0] != '\0')
      {
        JsonObject *source = json_object_new ();

        json_object_set_string_member (source, "platform", "youtube");
        json_object_set_string_member (source, "live_chat_id", youtube);
        json_object_set_string_member (source, "api_key_env", "SHOPCAST_YOUTUBE_API_KEY");
        add_secret (secrets, "SHOPCAST_YOUTUBE_API_KEY", self->youtube_key_row);
        json_array_add_object_element (sources, source);
      }
    if (json_array_get_length (sources) > 0)
      json_object_set_array_member (chat, "sources", sources);
    else
      {
        json_array_unref (sources);
        if (json_object_has_member (chat, "sources"))
          json_object_remove_member (chat, "sources");
      }
  }
  set_list_member (chat, "claim_keywords", self->keywords_row);
  set_list_member (chat, "blocked_words", self->blocked_words_row);
  set_list_member (chat, "blocked_authors", self->blocked_authors_row);
  if (json_object_get_size (chat) == 0)
    json_object_remove_member (show, "chat");

  /* Brand */
  brand = ensure_object_member (show, "brand");
  {
    g_autofree char *primary = color_to_text (self->primary_button);
    g_autofree char *accent = color_to_text (self->accent_button);
    g_autofree char *text = color_to_text (self->text_button);
    g_autofree char *font = gtk_font_chooser_get_font (GTK_FONT_CHOOSER (self->font_button));
    g_autoptr(PangoFontDescription) desc = font ? pango_font_description_from_string (font)
                                                : NULL;
    const char *family = desc ? pango_font_description_get_family (desc) : NULL;

    json_object_set_string_member (brand, "primary", primary);
    json_object_set_string_member (brand, "accent", accent);
    json_object_set_string_member (brand, "text", text);
    set_or_remove_string (brand, "font", family);
    set_or_remove_string (brand, "logo", self->logo);
  }
  return root;
}

typedef struct {
  GFile      *file;
  GFile      *read_base;  /* where the document's relative paths resolve */
  JsonNode   *root;
  GPtrArray  *secrets;   /* PendingSecret *, stored one after the other */
  guint       next_secret;
  GBytes     *contents;
} Save;

static void
save_free (Save *save)
{
  g_clear_object (&save->file);
  g_clear_object (&save->read_base);
  g_clear_pointer (&save->root, json_node_unref);
  g_clear_pointer (&save->secrets, g_ptr_array_unref);
  g_clear_pointer (&save->contents, g_bytes_unref);
  g_free (save);
}

static void
fail_save (GTask  *task,
           GError *error)
{
  ScShowSettings *self = g_task_get_source_object (task);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("The show was not saved: %s"),
                                                  error->message);
      show_problem (self, message);
    }
  self->saving = FALSE;
  gtk_widget_set_sensitive (self->save_button, TRUE);
  g_task_return_error (task, error);
}

static void
written (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScShowSettings *self = g_task_get_source_object (task);
  Save *save = g_task_get_task_data (task);
  GError *error = NULL;

  if (!sc_show_save_finish (SC_SHOW (source), result, &error))
    {
      fail_save (task, error);
      return;
    }

  g_clear_pointer (&self->root, json_node_unref);
  self->root = g_steal_pointer (&save->root);
  if (self->file == NULL || !g_file_equal (self->file, save->file))
    {
      g_set_object (&self->file, save->file);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
    }
  for (guint i = 0; i < save->secrets->len; i++)
    {
      PendingSecret *secret = g_ptr_array_index (save->secrets, i);
      g_hash_table_replace (self->secrets, g_strdup (secret->name), g_strdup (secret->value));
    }
  for (guint i = 0; i < self->destinations->len; i++)
    {
      ScDestinationRow *row = g_ptr_array_index (self->destinations, i);

      gtk_editable_set_text (sc_destination_row_get_key_entry (row), "");
      sc_destination_row_set_key_stored (row, g_hash_table_contains (
                                           self->secrets, sc_destination_row_get_key_env (row)));
    }
  gtk_editable_set_text (GTK_EDITABLE (self->shop_token_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->shop_secret_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->youtube_key_row), "");
  update_shop_rows (self);

  show_problem (self, NULL);
  self->saving = FALSE;
  gtk_widget_set_sensitive (self->save_button, TRUE);
  sc_recent_shows_add (self->file);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("Show saved")));
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, self->file);
  g_task_return_boolean (task, TRUE);
}

static void
check_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Save *save = task_data;
  g_autofree char *name = g_file_get_basename (save->file);
  GError *error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (save->contents, &length);
  ScShow *show;

  /* Read back as the studio reads it; a key not entered yet is no reason
   * to refuse the save (the window asks for it before going live). */
  show = sc_secrets_parse_show_unresolved (data, length, name, save->read_base, &error);
  if (show == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, show, g_object_unref);
}

static void
checked (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Save *save = g_task_get_task_data (task);
  GError *error = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(ScShow) show = NULL;

  show = g_task_propagate_pointer (G_TASK (result), &error);
  if (show == NULL)
    {
      fail_save (task, error);
      return;
    }
  /* The show's own writer: one file format, relative paths made relative
   * to the folder it is saved in, secrets only by their variable names. */
  sc_show_save_async (show, save->file, cancellable, written, g_steal_pointer (&task));
}

static void store_next_secret (GTask *task);

static void
secret_stored (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  Save *save = g_task_get_task_data (task);
  GError *error = NULL;

  if (!sc_secrets_store_finish (result, &error))
    {
      PendingSecret *secret = g_ptr_array_index (save->secrets, save->next_secret);
      GError *named = g_error_new (error->domain, error->code,
                                   _("the keyring did not take %s: %s"), secret->name,
                                   error->message);

      g_error_free (error);
      fail_save (task, named);
      g_object_unref (task);
      return;
    }
  save->next_secret++;
  store_next_secret (task);
}

static void
store_next_secret (GTask *task)
{
  Save *save = g_task_get_task_data (task);
  PendingSecret *secret;

  if (save->next_secret < save->secrets->len)
    {
      secret = g_ptr_array_index (save->secrets, save->next_secret);
      sc_secrets_store_async (secret->name, secret->value, g_task_get_cancellable (task),
                              secret_stored, task);
      return;
    }
  {
    GTask *check = g_task_new (NULL, g_task_get_cancellable (task), checked, task);

    g_task_set_task_data (check, save, NULL);
    g_task_run_in_thread (check, check_in_thread);
    g_object_unref (check);
  }
}

/* A portal restore token works once: each time the studio starts a show it
 * gets a new one and writes it to the show file. A settings window opened
 * before that still holds the spent token; unless the host chose a screen
 * here, the file's current choice of each screen source is kept. The file
 * is small and local (saving in place), so it is read here; one that cannot
 * be read or parsed leaves the document as it is. */
static void
keep_newer_screen_choices (JsonObject *show,
                           GFile      *file)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *contents = NULL;
  JsonArray *sources = array_member (show, "sources");
  JsonNode *disk_root;
  JsonArray *disk_sources;
  gsize length;

  if (sources == NULL || !g_file_load_contents (file, NULL, &contents, &length, NULL, NULL) ||
      !json_parser_load_from_data (parser, contents, length, NULL))
    return;
  disk_root = json_parser_get_root (parser);
  disk_sources = disk_root != NULL && JSON_NODE_HOLDS_OBJECT (disk_root)
                 ? array_member (json_node_get_object (disk_root), "sources") : NULL;
  if (disk_sources == NULL)
    return;

  for (guint i = 0; i < json_array_get_length (sources); i++)
    {
      JsonNode *node = json_array_get_element (sources, i);
      JsonObject *source = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id = string_member (source, "id");

      if (id == NULL || g_strcmp0 (string_member (source, "kind"), "screen") != 0)
        continue;
      for (guint j = 0; j < json_array_get_length (disk_sources); j++)
        {
          JsonNode *disk_node = json_array_get_element (disk_sources, j);
          JsonObject *disk = JSON_NODE_HOLDS_OBJECT (disk_node)
                             ? json_node_get_object (disk_node) : NULL;
          JsonNode *portal = disk ? json_object_get_member (disk, "portal") : NULL;

          if (g_strcmp0 (string_member (disk, "id"), id) != 0 ||
              g_strcmp0 (string_member (disk, "kind"), "screen") != 0 ||
              g_strcmp0 (string_member (disk, "capture"), "portal") != 0 ||
              portal == NULL || !JSON_NODE_HOLDS_OBJECT (portal))
            continue;
          json_object_set_string_member (source, "capture", "portal");
          json_object_set_member (source, "portal", json_node_copy (portal));
          break;
        }
    }
}

void
sc_show_settings_save_as_async (ScShowSettings      *self,
                                GFile               *file,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autofree char *text = NULL;
  gsize length;
  Save *save;

  g_return_if_fail (SC_IS_SHOW_SETTINGS (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_show_settings_save_async);
  if (!self->loaded || self->saving)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("The show is still being read or saved"));
      return;
    }
  if (!validate (self, &error))
    {
      show_problem (self, error->message);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  save = g_new0 (Save, 1);
  save->file = g_object_ref (file);
  save->secrets = g_ptr_array_new_with_free_func ((GDestroyNotify)pending_secret_free);
  save->root = build_document (self, save->secrets);
  g_task_set_task_data (task, save, (GDestroyNotify)save_free);
  if (!self->screen_chosen && self->file != NULL && g_file_equal (file, self->file))
    keep_newer_screen_choices (json_node_get_object (save->root), file);

  save->read_base = g_file_get_parent (self->file ? self->file : file);

  generator = json_generator_new ();
  json_generator_set_root (generator, save->root);
  text = json_generator_to_data (generator, &length);
  save->contents = g_bytes_new_take (g_steal_pointer (&text), length);

  self->saving = TRUE;
  gtk_widget_set_sensitive (self->save_button, FALSE);
  show_problem (self, NULL);
  store_next_secret (g_steal_pointer (&task));
}

typedef struct {
  GAsyncReadyCallback callback;
  gpointer            user_data;
} Chosen;

static void
save_location_chosen (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScShowSettings *self = g_task_get_source_object (task);
  Chosen *chosen = g_task_get_task_data (task);
  g_autoptr(GFile) file = NULL;
  GError *error = NULL;

  file = sc_show_chooser_finish (result, &error);
  if (file == NULL)
    {
      GTask *failed = g_task_new (self, g_task_get_cancellable (task), chosen->callback,
                                  chosen->user_data);

      g_task_set_source_tag (failed, sc_show_settings_save_async);
      g_task_return_error (failed, error);
      g_object_unref (failed);
      return;
    }
  sc_show_settings_save_as_async (self, file, g_task_get_cancellable (task), chosen->callback,
                                  chosen->user_data);
}

static gboolean
can_write_in_place (GFile *file)
{
  return file != NULL && g_file_is_native (file);
}

void
sc_show_settings_save_async (ScShowSettings      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  Chosen *chosen;
  GTask *task;

  g_return_if_fail (SC_IS_SHOW_SETTINGS (self));

  if (can_write_in_place (self->file))
    {
      sc_show_settings_save_as_async (self, self->file, cancellable, callback, user_data);
      return;
    }
  /* Checked before asking where, so a bad field does not cost a dialog. */
  if (!self->loaded || !validate (self, &error))
    {
      GTask *failed = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (failed, sc_show_settings_save_async);
      if (error == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_BUSY, _("The show is still being read"));
      show_problem (self, error->message);
      g_task_return_error (failed, g_steal_pointer (&error));
      g_object_unref (failed);
      return;
    }
  task = g_task_new (self, cancellable, NULL, NULL);
  chosen = g_new0 (Chosen, 1);
  chosen->callback = callback;
  chosen->user_data = user_data;
  g_task_set_task_data (task, chosen, g_free);
  title = entry_text (self->title_row);
  sc_show_chooser_save_async (GTK_WINDOW (self), title, cancellable, save_location_chosen, task);
}

gboolean
sc_show_settings_save_finish (ScShowSettings  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Test Connection: the shop provider's own first-page request, off the
 * main loop, cancelled when the window closes or the test is run again. */

static void
connection_tested (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ScShowSettings) self = user_data;
  g_autoptr(ScProductPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  page = sc_shop_provider_fetch_page_finish (SC_SHOP_PROVIDER (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_stop (GTK_SPINNER (self->test_spinner));
  gtk_widget_set_sensitive (self->test_connection_button, TRUE);
  self->testing = FALSE;
  if (page == NULL)
    message = g_strdup_printf (_("Could not connect: %s"), error->message);
  else if (page->products->len == 0)
    message = g_strdup (_("Connected. The shop has no products yet."));
  else if (page->next_cursor != NULL)
    message = g_strdup_printf (ngettext ("Connected. The shop has more than %u product.",
                                         "Connected. The shop has more than %u products.",
                                         page->products->len), page->products->len);
  else
    message = g_strdup_printf (ngettext ("Connected. The shop has %u product.",
                                         "Connected. The shop has %u products.",
                                         page->products->len), page->products->len);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->test_connection_row), message);
}

static char *
typed_or_stored (ScShowSettings *self,
                 GtkWidget      *row,
                 const char     *env)
{
  g_autofree char *typed = entry_text (row);

  if (typed[0] != '\0')
    return g_steal_pointer (&typed);
  if (env != NULL && g_getenv (env) != NULL)
    return g_strdup (g_getenv (env));
  if (env != NULL && self->secrets != NULL)
    return g_strdup (g_hash_table_lookup (self->secrets, env));
  return NULL;
}

static void
on_test_connection (ScShowSettings *self)
{
  JsonObject *shop = object_member (root_object (self), "shop");
  Provider provider = provider_selected (self);
  g_autoptr(ScShopConfig) config = NULL;
  g_autoptr(ScShopProvider) shop_provider = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = entry_text (self->shop_url_row);
  const char *api_version = string_member (shop, "api_version");

  g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
  self->test_cancellable = g_cancellable_new ();
  self->testing = FALSE;
  gtk_spinner_stop (GTK_SPINNER (self->test_spinner));
  gtk_widget_set_sensitive (self->test_connection_button, TRUE);

  config = sc_shop_config_new (provider == PROVIDER_SHOPIFY ? SC_SHOP_KIND_SHOPIFY
                                                            : SC_SHOP_KIND_WOOCOMMERCE);
  config->url = g_strdup (url);
  if (api_version != NULL)
    {
      g_free (config->api_version);
      config->api_version = g_strdup (api_version);
    }
  /* One quick answer: the sync's retries are for a running show. */
  config->max_retries = 0;
  if (provider == PROVIDER_SHOPIFY)
    config->token = typed_or_stored (self, self->shop_token_row,
                                     string_member (shop, "token_env") ?: "SHOPCAST_SHOPIFY_TOKEN");
  else
    {
      config->consumer_key = typed_or_stored (self, self->shop_token_row,
                                              string_member (shop, "key_env")
                                              ?: "SHOPCAST_WOOCOMMERCE_KEY");
      config->consumer_secret = typed_or_stored (self, self->shop_secret_row,
                                                 string_member (shop, "secret_env")
                                                 ?: "SHOPCAST_WOOCOMMERCE_SECRET");
    }

  if (url[0] == '\0')
    g_set_error_literal (&error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID,
                         _("enter the shop’s address first"));
  else if ((provider == PROVIDER_SHOPIFY && config->token == NULL) ||
           (provider == PROVIDER_WOOCOMMERCE &&
            (config->consumer_key == NULL || config->consumer_secret == NULL)))
    g_set_error_literal (&error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID,
                         provider == PROVIDER_SHOPIFY
                         ? _("enter the access token first")
                         : _("enter the consumer key and secret first"));
  else
    shop_provider = sc_shop_provider_new_for_config (config, &error);

  if (shop_provider == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not connect: %s"), error->message);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->test_connection_row), message);
      return;
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->test_connection_row),
                               _("Connecting to the shop…"));
  self->testing = TRUE;
  gtk_spinner_start (GTK_SPINNER (self->test_spinner));
  gtk_widget_set_sensitive (self->test_connection_button, FALSE);
  sc_shop_provider_fetch_page_async (shop_provider, NULL, NULL, self->test_cancellable,
                                     connection_tested, g_object_ref (self));
}

static void
on_provider_selected (ScShowSettings *self)
{
  update_shop_rows (self);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->test_connection_row), "");
}

static void
logo_chosen (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ScShowSettings) self = user_data;
  g_autoptr(GFile) file = sc_show_chooser_finish (result, NULL);

  if (file == NULL)
    return;
  g_free (self->logo);
  self->logo = g_file_is_native (file) ? g_file_get_path (file) : g_file_get_uri (file);
  update_logo_row (self);
}

static void
on_logo_clicked (ScShowSettings *self)
{
  sc_show_chooser_image_async (GTK_WINDOW (self), self->cancellable, logo_chosen,
                               g_object_ref (self));
}

static void
on_logo_clear (ScShowSettings *self)
{
  g_clear_pointer (&self->logo, g_free);
  update_logo_row (self);
}

static void
on_saved_by_button (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Problems are already shown in the window. */
  if (!sc_show_settings_save_finish (SC_SHOW_SETTINGS (source), result, &error))
    g_debug ("Not saved: %s", error->message);
}

static void
on_save_clicked (ScShowSettings *self)
{
  sc_show_settings_save_async (self, self->cancellable, on_saved_by_button, NULL);
}

static gboolean
save_shortcut (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  ScShowSettings *self = SC_SHOW_SETTINGS (widget);

  if (!self->loaded || self->saving)
    return FALSE;
  on_save_clicked (self);
  return TRUE;
}

static void
sc_show_settings_dispose (GObject *object)
{
  ScShowSettings *self = SC_SHOW_SETTINGS (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_SHOW_SETTINGS);

  G_OBJECT_CLASS (sc_show_settings_parent_class)->dispose (object);
}

static void
sc_show_settings_finalize (GObject *object)
{
  ScShowSettings *self = SC_SHOW_SETTINGS (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->file);
  g_clear_pointer (&self->root, json_node_unref);
  g_clear_pointer (&self->secrets, g_hash_table_unref);
  g_clear_pointer (&self->destinations, g_ptr_array_unref);
  g_clear_pointer (&self->cameras, g_ptr_array_unref);
  g_clear_pointer (&self->microphones, g_ptr_array_unref);
  g_strfreev (self->encoders);
  g_free (self->logo);
  g_free (self->error_message);

  G_OBJECT_CLASS (sc_show_settings_parent_class)->finalize (object);
}

static void
sc_show_settings_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ScShowSettings *self = SC_SHOW_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_show_settings_class_init (ScShowSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_show_settings_dispose;
  object_class->finalize = sc_show_settings_finalize;
  object_class->get_property = sc_show_settings_get_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/sc-show-settings.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ScShowSettings, name)
  BIND (title_row);
  BIND (destinations_group);
  BIND (add_destination_button);
  BIND (no_destinations_row);
  BIND (canvas_row);
  BIND (fps_row);
  BIND (bitrate_spin);
  BIND (encoder_row);
  BIND (devices_spinner);
  BIND (camera_row);
  BIND (microphone_row);
  BIND (screen_row);
  BIND (choose_screen_row);
  BIND (choose_screen_button);
  BIND (provider_row);
  BIND (shop_url_row);
  BIND (shop_token_row);
  BIND (shop_secret_row);
  BIND (test_connection_row);
  BIND (test_spinner);
  BIND (test_connection_button);
  BIND (twitch_row);
  BIND (youtube_row);
  BIND (youtube_key_row);
  BIND (keywords_row);
  BIND (blocked_words_row);
  BIND (blocked_authors_row);
  BIND (primary_button);
  BIND (accent_button);
  BIND (text_button);
  BIND (font_button);
  BIND (logo_row);
  BIND (logo_button);
  BIND (logo_clear_button);
#undef BIND
}

/* AdwPreferencesWindow 1.2 has no place for buttons: its content goes in a
 * box with a bar below that holds Save and the last problem. */
static void
add_save_bar (ScShowSettings *self)
{
  GtkWidget *content = adw_window_get_content (ADW_WINDOW (self));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = gtk_action_bar_new ();

  g_object_ref (content);
  adw_window_set_content (ADW_WINDOW (self), NULL);
  gtk_widget_set_vexpand (content, TRUE);
  gtk_box_append (GTK_BOX (box), content);
  g_object_unref (content);

  self->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Problem"), -1);
  gtk_action_bar_set_center_widget (GTK_ACTION_BAR (bar), self->error_label);

  self->save_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  gtk_widget_set_sensitive (self->save_button, FALSE);
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (on_save_clicked), self);
  gtk_action_bar_pack_end (GTK_ACTION_BAR (bar), self->save_button);
  gtk_box_append (GTK_BOX (box), bar);

  adw_window_set_content (ADW_WINDOW (self), box);
}

static void
sc_show_settings_init (ScShowSettings *self)
{
  g_autoptr(GtkStringList) providers = gtk_string_list_new (NULL);
  GtkShortcutController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  add_save_bar (self);

  self->cancellable = g_cancellable_new ();
  self->test_cancellable = g_cancellable_new ();
  self->destinations = g_ptr_array_new_with_free_func (g_object_unref);
  self->cameras = g_ptr_array_new_with_free_func (g_free);
  self->microphones = g_ptr_array_new_with_free_func (g_free);
  self->encoders = sc_devices_list_video_encoders ();

  gtk_string_list_append (providers, _("None (no products)"));
  gtk_string_list_append (providers, _("The show’s catalog file"));
  gtk_string_list_append (providers, _("Shopify"));
  gtk_string_list_append (providers, _("WooCommerce"));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->provider_row), G_LIST_MODEL (providers));

  g_signal_connect_swapped (self->add_destination_button, "clicked",
                            G_CALLBACK (on_add_destination), self);
  g_signal_connect_swapped (self->provider_row, "notify::selected",
                            G_CALLBACK (on_provider_selected), self);
  g_signal_connect_swapped (self->test_connection_button, "clicked",
                            G_CALLBACK (on_test_connection), self);
  g_signal_connect_swapped (self->logo_button, "clicked", G_CALLBACK (on_logo_clicked), self);
  g_signal_connect_swapped (self->choose_screen_button, "clicked",
                            G_CALLBACK (on_choose_screen_clicked), self);
  g_signal_connect_swapped (self->logo_clear_button, "clicked", G_CALLBACK (on_logo_clear),
                            self);

  /* Ctrl+S saves here too, as in the window. */
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (
                                                            "<Control>s"),
                                                          gtk_callback_action_new (
                                                            save_shortcut, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (shortcuts));
}

ScShowSettings *
sc_show_settings_new (GtkWindow *parent,
                      GFile     *file)
{
  ScShowSettings *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (file == NULL || G_IS_FILE (file), NULL);

  self = g_object_new (SC_TYPE_SHOW_SETTINGS, "transient-for", parent, NULL);
  if (file != NULL)
    {
      self->file = g_object_ref (file);
      g_file_load_contents_async (file, self->cancellable, file_loaded, self);
    }
  else
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      JsonNode *root;

      json_parser_load_from_data (parser, NEW_SHOW_TEMPLATE, -1, NULL);
      root = json_node_copy (json_parser_get_root (parser));
      json_object_set_string_member (json_node_get_object (root), "title", _("New Show"));
      set_document (self, root);
    }
  return self;
}

GFile *
sc_show_settings_get_file (ScShowSettings *self)
{
  g_return_val_if_fail (SC_IS_SHOW_SETTINGS (self), NULL);
  return self->file;
}

gboolean
sc_show_settings_get_loaded (ScShowSettings *self)
{
  g_return_val_if_fail (SC_IS_SHOW_SETTINGS (self), FALSE);
  return self->loaded;
}

guint
sc_show_settings_get_n_destinations (ScShowSettings *self)
{
  g_return_val_if_fail (SC_IS_SHOW_SETTINGS (self), 0);
  return self->destinations->len;
}

ScDestinationRow *
sc_show_settings_get_destination (ScShowSettings *self,
                                  guint           index)
{
  g_return_val_if_fail (SC_IS_SHOW_SETTINGS (self), NULL);
  g_return_val_if_fail (index < self->destinations->len, NULL);
  return g_ptr_array_index (self->destinations, index);
}

GtkSpinButton *
sc_show_settings_get_bitrate_spin (ScShowSettings *self)
{
  g_return_val_if_fail (SC_IS_SHOW_SETTINGS (self), NULL);
  return GTK_SPIN_BUTTON (self->bitrate_spin);
}

GtkButton *
sc_show_settings_get_choose_screen_button (ScShowSettings *self)
{
  g_return_val_if_fail (SC_IS_SHOW_SETTINGS (self), NULL);
  return GTK_BUTTON (self->choose_screen_button);
}

const char *
sc_show_settings_get_screen_choice (ScShowSettings *self)
{
  g_return_val_if_fail (SC_IS_SHOW_SETTINGS (self), NULL);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (self->choose_screen_row));
}

const char *
sc_show_settings_get_error_message (ScShowSettings *self)
{
  g_return_val_if_fail (SC_IS_SHOW_SETTINGS (self), NULL);
  return self->error_message;
}

void
sc_show_settings_test_connection (ScShowSettings *self)
{
  g_return_if_fail (SC_IS_SHOW_SETTINGS (self));
  on_test_connection (self);
}

gboolean
sc_show_settings_get_testing (ScShowSettings *self)
{
  g_return_val_if_fail (SC_IS_SHOW_SETTINGS (self), FALSE);
  return self->testing;
}

const char *
sc_show_settings_get_connection_result (ScShowSettings *self)
{
  g_return_val_if_fail (SC_IS_SHOW_SETTINGS (self), NULL);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (self->test_connection_row));
}

GtkEditable *
sc_show_settings_get_shop_token_entry (ScShowSettings *self)
{
  g_return_val_if_fail (SC_IS_SHOW_SETTINGS (self), NULL);
  return GTK_EDITABLE (self->shop_token_row);
}

void
sc_show_settings_show_page (ScShowSettings *self,
                            const char     *name)
{
  g_return_if_fail (SC_IS_SHOW_SETTINGS (self));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (self), name);
}

GtkEditable *
sc_show_settings_get_twitch_entry (ScShowSettings *self)
{
  g_return_val_if_fail (SC_IS_SHOW_SETTINGS (self), NULL);
  return GTK_EDITABLE (self->twitch_row);
}

GtkEditable *
sc_show_settings_get_blocked_words_entry (ScShowSettings *self)
{
  g_return_val_if_fail (SC_IS_SHOW_SETTINGS (self), NULL);
  return GTK_EDITABLE (self->blocked_words_row);
}
