/* test-show-settings.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The show settings window on a temporary copy of a show: changes made
 * through its widgets are saved to the file, the stream key goes to a
 * private GNOME Keyring and never into the file, and a bad field is
 * refused with a message and nothing written. */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "data/sc-resources.h"
#include "sc-fake-shopify.h"
#include "sc-test.h"
#include "studio/sc-show.h"
#include "ui/sc-key-dialog.h"
#include "ui/sc-screen-capture.h"
#include "ui/sc-secrets.h"
#include "ui/sc-show-chooser.h"
#include "ui/sc-show-loader.h"
#include "ui/sc-start-page.h"
#include "ui/sc-show-settings.h"

#define SHOW_TEXT \
  "{\n" \
  "  \"version\": 1,\n" \
  "  \"title\": \"Settings Test\",\n" \
  "  \"sources\": [{\"id\": \"host\", \"kind\": \"test-pattern\", \"label\": \"Host\"}],\n" \
  "  \"products\": {\"rundown\": []},\n" \
  "  \"reconnect\": {\"initial_delay_s\": 3},\n" \
  "  \"outputs\": [{\"name\": \"YouTube\", \"url\": \"rtmp://a.rtmp.youtube.com/live2\"," \
  " \"key_env\": \"SC_SETTINGS_TEST_KEY\", \"enabled\": false}]\n" \
  "}\n"

#define SECRET_KEY "settings-secret-key-7391"

static GSubprocess *keyring;

static gboolean
start_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) password = g_bytes_new_static ("test-password", 13);
  g_autofree char *control = g_build_filename (g_get_user_data_dir (), "keyring-control-settings",
                                               NULL);
  g_autofree char *program = g_find_program_in_path ("gnome-keyring-daemon");
  GOutputStream *stdin_pipe;

  if (keyring != NULL)
    return TRUE;
  if (program == NULL || g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
        g_test_fail_printf ("gnome-keyring-daemon or a session bus is missing");
      else
        g_test_skip ("gnome-keyring-daemon or a session bus is missing");
      return FALSE;
    }
  g_mkdir_with_parents (control, 0700);
  keyring = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                              G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                              program, "--foreground", "--unlock", "--components=secrets",
                              "--control-directory", control, NULL);
  g_assert_no_error (error);
  stdin_pipe = g_subprocess_get_stdin_pipe (keyring);
  g_output_stream_write_bytes (stdin_pipe, password, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (stdin_pipe, NULL, NULL);
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
      g_autoptr(GVariant) owner = NULL;

      owner = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "GetNameOwner",
                                           g_variant_new ("(s)", "org.freedesktop.secrets"),
                                           NULL, G_DBUS_CALL_FLAGS_NONE, 1000, NULL, NULL);
      if (owner != NULL)
        return TRUE;
      g_usleep (50 * 1000);
    }
  g_test_fail_printf ("gnome-keyring-daemon did not start");
  return FALSE;
}

static void
stop_keyring (void)
{
  if (keyring == NULL)
    return;
  g_subprocess_send_signal (keyring, SIGTERM);
  g_subprocess_wait (keyring, NULL, NULL);
  g_clear_object (&keyring);
}

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static ScShowSettings *
open_settings (GFile *file)
{
  ScShowSettings *settings = sc_show_settings_new (NULL, file);

  gtk_window_present (GTK_WINDOW (settings));
  while (!sc_show_settings_get_loaded (settings))
    g_main_context_iteration (NULL, TRUE);
  return settings;
}

static gboolean
save (ScShowSettings  *settings,
      GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_show_settings_save_async (settings, NULL, on_result, &result);
  return sc_show_settings_save_finish (settings, wait_result (&result), error);
}

/* The window's way of loading: every secret looked up asynchronously first. */
static ScShow *
load_show (GFile *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) needs = NULL;
  g_autoptr(GHashTable) table = NULL;
  g_autofree char *path = g_file_get_path (file);
  ScShow *show;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  needs = sc_secrets_collect_needs (json_parser_get_root (parser));
  sc_secrets_resolve_async (needs, NULL, on_result, &result);
  table = sc_secrets_resolve_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  sc_secrets_install_table (table);
  show = sc_show_new_from_file (file, &error);
  g_assert_no_error (error);
  return show;
}

/* A show whose keys are not entered yet, read as the settings check it. */
static ScShow *
load_show_unresolved (GFile *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GFile) base = g_file_get_parent (file);
  gsize length;
  ScShow *show;

  g_assert_true (g_file_load_contents (file, NULL, &contents, &length, NULL, &error));
  show = sc_secrets_parse_show_unresolved (contents, length, name, base, &error);
  g_assert_no_error (error);
  return show;
}

static void
test_save_destination (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = sc_test_make_tmp_dir ("sc-settings");
  g_autofree char *path = g_build_filename (dir, "test.shopcast", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *saved = NULL;
  g_autoptr(ScShow) show = NULL;
  ScShowSettings *settings;
  ScDestinationRow *row;
  const ScOutputConfig *output;

  g_autoptr(GAsyncResult) result = NULL;

  if (!start_keyring ())
    return;
  g_unsetenv ("SC_SETTINGS_TEST_KEY");
  /* The keyring lives in the build tree: start without the key. */
  sc_secrets_clear_async ("SC_SETTINGS_TEST_KEY", NULL, on_result, &result);
  g_assert_true (sc_secrets_clear_finish (wait_result (&result), &error));
  g_assert_true (g_file_set_contents (path, SHOW_TEXT, -1, NULL));

  settings = open_settings (file);
  g_assert_cmpuint (sc_show_settings_get_n_destinations (settings), ==, 1);
  row = sc_show_settings_get_destination (settings, 0);
  /* Nothing stored yet: the row says so. */
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)),
                            "no stream key"));
  g_assert_cmpstr (sc_destination_row_get_name (row), ==, "YouTube");
  g_assert_false (sc_destination_row_get_enabled (row));
  /* The platform preset was recognised from the URL. */
  g_assert_cmpuint (adw_combo_row_get_selected (sc_destination_row_get_platform_row (row)), ==,
                    SC_PLATFORM_YOUTUBE);

  /* Choosing a preset fills the URL; then the host edits it by hand. */
  adw_combo_row_set_selected (sc_destination_row_get_platform_row (row), SC_PLATFORM_TWITCH);
  g_assert_cmpstr (sc_destination_row_get_url (row), ==, "rtmp://live.twitch.tv/app");
  gtk_editable_set_text (sc_destination_row_get_name_entry (row), "Studio Server");
  gtk_editable_set_text (sc_destination_row_get_url_entry (row),
                         "rtmps://127.0.0.1:1936/live");
  gtk_switch_set_active (sc_destination_row_get_enabled_switch (row), TRUE);
  gtk_editable_set_text (sc_destination_row_get_key_entry (row), SECRET_KEY);
  gtk_spin_button_set_value (sc_show_settings_get_bitrate_spin (settings), 4200);

  g_assert_true (save (settings, &error));
  g_assert_no_error (error);
  g_assert_null (sc_show_settings_get_error_message (settings));
  gtk_window_destroy (GTK_WINDOW (settings));

  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_null (strstr (saved, SECRET_KEY));
  g_assert_nonnull (strstr (saved, "SC_SETTINGS_TEST_KEY"));

  show = load_show (file);
  g_assert_cmpuint (sc_show_get_outputs (show)->len, ==, 1);
  output = g_ptr_array_index (sc_show_get_outputs (show), 0);
  g_assert_cmpstr (output->name, ==, "Studio Server");
  g_assert_cmpstr (output->url, ==, "rtmps://127.0.0.1:1936/live");
  g_assert_true (output->enabled);
  g_assert_cmpstr (output->key, ==, SECRET_KEY);
  g_assert_cmpint (sc_show_get_encoding (show)->video_bitrate_kbps, ==, 4200);
  g_assert_cmpstr (sc_show_get_title (show), ==, "Settings Test");
  /* What the window does not edit is kept. */
  g_assert_cmpfloat (sc_show_get_encoding (show)->reconnect_initial_s, ==, 3.0);
  sc_secrets_install_table (NULL);

  g_remove (path);
  g_rmdir (dir);
}

#define SRT_PASSPHRASE "srt pass phrase 2604"

/* The SRT preset: choosing it clears an RTMP server, the key field becomes
 * the optional passphrase (libsrt's 10 to 79 characters, spaces allowed),
 * and the destination is saved and loaded as srt:// with its passphrase in
 * the keyring, never in the file. */
static void
test_srt_destination (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = sc_test_make_tmp_dir ("sc-settings");
  g_autofree char *path = g_build_filename (dir, "srt.shopcast", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *saved = NULL;
  g_autoptr(ScShow) show = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  ScShowSettings *settings;
  ScDestinationRow *row;
  AdwComboRow *platform;
  const ScOutputConfig *output;

  if (!start_keyring ())
    return;
  g_unsetenv ("SC_SETTINGS_TEST_KEY");
  sc_secrets_clear_async ("SC_SETTINGS_TEST_KEY", NULL, on_result, &result);
  g_assert_true (sc_secrets_clear_finish (wait_result (&result), &error));
  g_assert_true (g_file_set_contents (path, SHOW_TEXT, -1, NULL));

  settings = open_settings (file);
  row = sc_show_settings_get_destination (settings, 0);
  platform = sc_destination_row_get_platform_row (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
                     sc_destination_row_get_key_entry (row))), ==, "Stream key");

  adw_combo_row_set_selected (platform, SC_PLATFORM_SRT);
  g_assert_cmpstr (sc_destination_row_get_url (row), ==, "");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
                     sc_destination_row_get_key_entry (row))), ==,
                   "SRT passphrase (optional, 10 to 79 characters)");
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)),
                            "SRT server or relay · no passphrase: sent unencrypted"));

  gtk_editable_set_text (sc_destination_row_get_name_entry (row), "Studio Relay");
  gtk_editable_set_text (sc_destination_row_get_url_entry (row),
                         "srt://127.0.0.1:9000?streamid=show&latency=200");
  g_assert_cmpuint (adw_combo_row_get_selected (platform), ==, SC_PLATFORM_SRT);
  gtk_switch_set_active (sc_destination_row_get_enabled_switch (row), TRUE);

  /* Too short for libsrt: refused, the field marked, nothing saved. */
  gtk_editable_set_text (sc_destination_row_get_key_entry (row), "short");
  g_assert_false (save (settings, &error));
  g_assert_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Studio Relay: an SRT passphrase must have 10 to 79"));
  g_assert_null (strstr (error->message, "short"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (sc_destination_row_get_key_entry (row)),
                                           "error"));
  g_clear_error (&error);

  gtk_editable_set_text (sc_destination_row_get_key_entry (row), SRT_PASSPHRASE);
  g_assert_true (save (settings, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (settings));

  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_null (strstr (saved, SRT_PASSPHRASE));
  show = load_show (file);
  output = g_ptr_array_index (sc_show_get_outputs (show), 0);
  g_assert_cmpstr (output->name, ==, "Studio Relay");
  g_assert_cmpstr (output->url, ==, "srt://127.0.0.1:9000?streamid=show&latency=200");
  g_assert_cmpstr (output->key, ==, SRT_PASSPHRASE);

  /* Opened again, the preset is recognised from the URL and the passphrase
   * is known to be stored. */
  settings = open_settings (file);
  row = sc_show_settings_get_destination (settings, 0);
  g_assert_cmpuint (adw_combo_row_get_selected (sc_destination_row_get_platform_row (row)), ==,
                    SC_PLATFORM_SRT);
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)),
                            "passphrase stored in the keyring"));
  /* Back to an RTMP platform: the SRT server goes, the key is a key again. */
  adw_combo_row_set_selected (sc_destination_row_get_platform_row (row), SC_PLATFORM_TWITCH);
  g_assert_cmpstr (sc_destination_row_get_url (row), ==, "rtmp://live.twitch.tv/app");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (
                     sc_destination_row_get_key_entry (row))), ==,
                   "Stream key (stored; type to replace it)");
  gtk_window_destroy (GTK_WINDOW (settings));

  g_clear_object (&result);
  sc_secrets_clear_async ("SC_SETTINGS_TEST_KEY", NULL, on_result, &result);
  g_assert_true (sc_secrets_clear_finish (wait_result (&result), &error));
  g_remove (path);
  g_rmdir (dir);
}

static void
test_invalid_url_not_saved (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = sc_test_make_tmp_dir ("sc-settings");
  g_autofree char *path = g_build_filename (dir, "bad.shopcast", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *after = NULL;
  ScShowSettings *settings;
  ScDestinationRow *row;

  if (!start_keyring ())
    return;
  g_assert_true (g_file_set_contents (path, SHOW_TEXT, -1, NULL));
  settings = open_settings (file);
  row = sc_show_settings_get_destination (settings, 0);

  gtk_editable_set_text (sc_destination_row_get_url_entry (row), "http://example.com/live");
  gtk_editable_set_text (sc_destination_row_get_name_entry (row), "Changed");
  g_assert_false (save (settings, &error));
  g_assert_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "rtmp://"));
  /* The window shows it, and the field is marked. */
  g_assert_cmpstr (sc_show_settings_get_error_message (settings), ==, error->message);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (sc_destination_row_get_url_entry (row)),
                                           "error"));
  g_clear_error (&error);

  /* An RTMP URL without its application is refused too. */
  gtk_editable_set_text (sc_destination_row_get_url_entry (row), "rtmp://example.com");
  g_assert_false (save (settings, &error));
  g_assert_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID);
  g_clear_error (&error);

  /* An SRT URL is checked as in a show file: the port is required. */
  gtk_editable_set_text (sc_destination_row_get_url_entry (row), "srt://relay.example.com");
  g_assert_false (save (settings, &error));
  g_assert_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Changed: an SRT URL needs a port"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (sc_destination_row_get_url_entry (row)),
                                           "error"));
  g_clear_error (&error);

  /* Two destinations of one name cannot be told apart in the window. */
  gtk_editable_set_text (sc_destination_row_get_url_entry (row), "rtmp://example.com/live");
  row = sc_show_settings_add_destination (settings);
  gtk_editable_set_text (sc_destination_row_get_name_entry (row), "Changed");
  gtk_editable_set_text (sc_destination_row_get_url_entry (row), "rtmp://example.com/live");
  g_assert_false (save (settings, &error));
  g_assert_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Changed"));
  g_clear_error (&error);
  gtk_window_destroy (GTK_WINDOW (settings));

  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, SHOW_TEXT);

  g_remove (path);
  g_rmdir (dir);
}

/* A destination added with + and removed again, and one kept: the file
 * lists exactly the kept ones, each with its own key variable. */
static void
test_add_remove_destination (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = sc_test_make_tmp_dir ("sc-settings");
  g_autofree char *path = g_build_filename (dir, "add.shopcast", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(JsonParser) parser = json_parser_new ();
  ScShowSettings *settings;
  ScDestinationRow *row;
  JsonArray *outputs;
  JsonObject *added;

  if (!start_keyring ())
    return;
  g_assert_true (g_file_set_contents (path, SHOW_TEXT, -1, NULL));
  settings = open_settings (file);

  row = sc_show_settings_add_destination (settings);
  adw_combo_row_set_selected (sc_destination_row_get_platform_row (row), SC_PLATFORM_FACEBOOK);
  gtk_editable_set_text (sc_destination_row_get_name_entry (row), "Facebook Page");
  row = sc_show_settings_add_destination (settings);
  g_assert_cmpuint (sc_show_settings_get_n_destinations (settings), ==, 3);
  g_signal_emit_by_name (row, "remove");
  g_assert_cmpuint (sc_show_settings_get_n_destinations (settings), ==, 2);
  g_assert_true (save (settings, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (settings));

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  outputs = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                          "outputs");
  g_assert_cmpuint (json_array_get_length (outputs), ==, 2);
  added = json_array_get_object_element (outputs, 1);
  g_assert_cmpstr (json_object_get_string_member (added, "name"), ==, "Facebook Page");
  g_assert_cmpstr (json_object_get_string_member (added, "url"), ==,
                   "rtmps://live-api-s.facebook.com:443/rtmp/");
  g_assert_cmpstr (json_object_get_string_member (added, "key_env"), !=,
                   "SC_SETTINGS_TEST_KEY");

  g_remove (path);
  g_rmdir (dir);
}

static ScKeyDialog *
find_key_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (SC_IS_KEY_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return SC_KEY_DIALOG (window);
    }
  return NULL;
}

/* Opening a show whose stream key is nowhere: the window asks for it,
 * stores it in the keyring, and the show opens with it. */
static void
test_load_asks_for_missing_key (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *dir = sc_test_make_tmp_dir ("sc-settings");
  g_autofree char *path = g_build_filename (dir, "keyless.shopcast", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(ScShow) show = NULL;
  GtkWidget *parent;
  ScKeyDialog *dialog = NULL;
  const ScOutputConfig *output;

  if (!start_keyring ())
    return;
  g_unsetenv ("SC_SETTINGS_LOAD_KEY");
  sc_secrets_clear_async ("SC_SETTINGS_LOAD_KEY", NULL, on_result, &result);
  g_assert_true (sc_secrets_clear_finish (wait_result (&result), &error));
  g_clear_object (&result);
  g_assert_true (g_file_set_contents (path,
                                      "{\"outputs\": [{\"name\": \"Twitch\","
                                      " \"url\": \"rtmp://127.0.0.1/app\","
                                      " \"key_env\": \"SC_SETTINGS_LOAD_KEY\"}]}", -1, NULL));

  parent = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (parent));
  sc_show_load_async (file, GTK_WINDOW (parent), NULL, on_result, &result);
  while (result == NULL && (dialog = find_key_dialog ()) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)),
                            "Twitch"));
  /* Save stays off until something is typed. */
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  gtk_editable_set_text (sc_key_dialog_get_entry (dialog), "  typed-key-55  ");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  gtk_window_close (GTK_WINDOW (dialog));

  show = sc_show_load_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  output = g_ptr_array_index (sc_show_get_outputs (show), 0);
  g_assert_cmpstr (output->key, ==, "typed-key-55");
  g_clear_object (&result);

  /* It was stored: next time nothing is asked. */
  g_clear_object (&show);
  sc_show_load_async (file, GTK_WINDOW (parent), NULL, on_result, &result);
  show = sc_show_load_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_null (find_key_dialog ());
  output = g_ptr_array_index (sc_show_get_outputs (show), 0);
  g_assert_cmpstr (output->key, ==, "typed-key-55");
  g_clear_object (&result);

  /* Without a window to ask in, the error names the missing variable. */
  sc_secrets_clear_async ("SC_SETTINGS_LOAD_KEY", NULL, on_result, &result);
  g_assert_true (sc_secrets_clear_finish (wait_result (&result), &error));
  g_clear_object (&result);
  g_clear_object (&show);
  sc_show_load_async (file, NULL, NULL, on_result, &result);
  show = sc_show_load_finish (wait_result (&result), &error);
  g_assert_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "SC_SETTINGS_LOAD_KEY"));

  gtk_window_destroy (GTK_WINDOW (parent));
  sc_secrets_install_table (NULL);
  g_remove (path);
  g_rmdir (dir);
}

static void
on_open_show (ScStartPage *page,
              GFile       *file,
              GFile      **out)
{
  g_set_object (out, file);
}

/* Shows saved or opened are listed on the start page, newest first, and
 * clicking one asks the window to open it; deleted ones are left out. */
static void
test_start_page_recent (void)
{
  g_autofree char *dir = sc_test_make_tmp_dir ("sc-settings");
  g_autofree char *kept = g_build_filename (dir, "kept.shopcast", NULL);
  g_autofree char *gone = g_build_filename (dir, "gone.shopcast", NULL);
  g_autoptr(GFile) kept_file = g_file_new_for_path (kept);
  g_autoptr(GFile) gone_file = g_file_new_for_path (gone);
  g_autoptr(GFile) opened = NULL;
  GtkWidget *window = gtk_window_new ();
  ScStartPage *page = SC_START_PAGE (sc_start_page_new ());
  gboolean found = FALSE;

  g_assert_true (g_file_set_contents (kept, SHOW_TEXT, -1, NULL));
  g_assert_true (g_file_set_contents (gone, SHOW_TEXT, -1, NULL));
  sc_recent_shows_add (gone_file);
  sc_recent_shows_add (kept_file);
  g_remove (gone);

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  sc_start_page_refresh (page);
  g_signal_connect (page, "open-show", G_CALLBACK (on_open_show), &opened);
  for (guint i = 0; i < sc_start_page_get_n_recent (page); i++)
    {
      g_clear_object (&opened);
      sc_start_page_activate_recent (page, i);
      g_assert_nonnull (opened);
      g_assert_false (g_file_equal (opened, gone_file));
      if (g_file_equal (opened, kept_file))
        found = TRUE;
    }
  g_assert_true (found);

  gtk_window_destroy (GTK_WINDOW (window));
  g_remove (kept);
  g_rmdir (dir);
}

static void
wait_tested (ScShowSettings *settings)
{
  while (sc_show_settings_get_testing (settings))
    g_main_context_iteration (NULL, TRUE);
}

/* Test Connection asks the shop with the provider's own request and says
 * what happened in plain words: products found, or why it failed. */
static void
test_shop_connection (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScFakeShopify) shop = sc_fake_shopify_new ("shpat_settings_test", &error);
  g_autofree char *dir = sc_test_make_tmp_dir ("sc-settings");
  g_autofree char *path = g_build_filename (dir, "shop.shopcast", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  ScShowSettings *settings;
  const char *result;

  g_assert_no_error (error);
  sc_fake_shopify_add_generated (shop, 3, 1);
  text = g_strdup_printf ("{\"shop\": {\"provider\": \"shopify\", \"url\": \"%s\","
                          " \"token_env\": \"SC_SETTINGS_SHOP_TOKEN\"}}",
                          sc_fake_shopify_get_url (shop));
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_unsetenv ("SC_SETTINGS_SHOP_TOKEN");
  settings = open_settings (file);

  gtk_editable_set_text (sc_show_settings_get_shop_token_entry (settings), "shpat_settings_test");
  sc_show_settings_test_connection (settings);
  g_assert_true (sc_show_settings_get_testing (settings));
  wait_tested (settings);
  result = sc_show_settings_get_connection_result (settings);
  g_assert_cmpstr (result, ==, "Connected. The shop has 3 products.");

  gtk_editable_set_text (sc_show_settings_get_shop_token_entry (settings), "shpat_wrong");
  sc_show_settings_test_connection (settings);
  wait_tested (settings);
  result = sc_show_settings_get_connection_result (settings);
  g_test_message ("refused token: %s", result);
  g_assert_true (g_str_has_prefix (result, "Could not connect: "));
  /* The token is never echoed. */
  g_assert_null (strstr (result, "shpat_wrong"));

  /* A second test cancels the first one: only the last answer counts. */
  gtk_editable_set_text (sc_show_settings_get_shop_token_entry (settings), "shpat_settings_test");
  sc_show_settings_test_connection (settings);
  sc_show_settings_test_connection (settings);
  wait_tested (settings);
  g_assert_cmpstr (sc_show_settings_get_connection_result (settings), ==,
                   "Connected. The shop has 3 products.");

  gtk_window_destroy (GTK_WINDOW (settings));
  g_remove (path);
  g_rmdir (dir);
}

/* The demo is a resource: saved as a file of one's own, the files it names
 * (catalog, logo) still load, and the other pages' fields are saved. */
static void
test_demo_save_as (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) demo = g_file_new_for_uri ("resource:///io/github/shopcast/Shopcast/demo/"
                                              "demo.shopcast");
  g_autofree char *dir = sc_test_make_tmp_dir ("sc-settings");
  g_autofree char *path = g_build_filename (dir, "my demo.shopcast", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(ScShow) show = NULL;
  g_autoptr(ScShow) original = sc_show_new_demo (NULL);
  ScShowSettings *settings;
  GPtrArray *chats;
  const ScChatConfig *chat;

  if (!start_keyring ())
    return;
  settings = open_settings (demo);
  g_assert_true (sc_show_settings_get_file (settings) == demo);
  sc_show_settings_show_page (settings, "chat");
  gtk_editable_set_text (sc_show_settings_get_twitch_entry (settings), "#CosyCorner");
  gtk_editable_set_text (sc_show_settings_get_blocked_words_entry (settings),
                         " spam ,, scam ");
  gtk_spin_button_set_value (sc_show_settings_get_bitrate_spin (settings), 6000);

  sc_show_settings_save_as_async (settings, file, NULL, on_result, &result);
  g_assert_true (sc_show_settings_save_finish (settings, wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_true (g_file_equal (sc_show_settings_get_file (settings), file));
  gtk_window_destroy (GTK_WINDOW (settings));

  show = load_show (file);
  g_assert_cmpstr (sc_show_get_title (show), ==, "Cosy Corner Live");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sc_show_get_catalog (show))), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (sc_show_get_catalog (original))));
  g_assert_nonnull (sc_show_get_brand_kit (show)->logo_uri);
  g_assert_cmpint (sc_show_get_encoding (show)->video_bitrate_kbps, ==, 6000);
  chats = sc_show_get_chat_sources (show);
  g_assert_cmpuint (chats->len, ==, 1);
  chat = g_ptr_array_index (chats, 0);
  g_assert_cmpint (chat->kind, ==, SC_CHAT_KIND_TWITCH);
  g_assert_cmpstr (chat->channel, ==, "cosycorner");
  g_assert_cmpstr (sc_show_get_blocked_words (show)[0], ==, "spam");
  g_assert_cmpstr (sc_show_get_blocked_words (show)[1], ==, "scam");
  g_assert_null (sc_show_get_blocked_words (show)[2]);
  sc_secrets_install_table (NULL);

  g_remove (path);
  g_rmdir (dir);
}

/* New Show: the settings start from a camera, a microphone and no
 * destination, and Save As writes a show the studio opens. */
static void
test_new_show (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *dir = sc_test_make_tmp_dir ("sc-settings");
  g_autofree char *path = g_build_filename (dir, "new.shopcast", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(ScShow) show = NULL;
  ScShowSettings *settings;
  ScDestinationRow *row;
  const ScSourceConfig *source;

  if (!start_keyring ())
    return;
  settings = open_settings (NULL);
  g_assert_null (sc_show_settings_get_file (settings));
  g_assert_cmpuint (sc_show_settings_get_n_destinations (settings), ==, 0);
  row = sc_show_settings_add_destination (settings);
  adw_combo_row_set_selected (sc_destination_row_get_platform_row (row), SC_PLATFORM_YOUTUBE);
  gtk_editable_set_text (sc_destination_row_get_name_entry (row), "YouTube");

  sc_show_settings_save_as_async (settings, file, NULL, on_result, &result);
  g_assert_true (sc_show_settings_save_finish (settings, wait_result (&result), &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (settings));

  show = load_show_unresolved (file);
  g_assert_cmpstr (sc_show_get_title (show), ==, "New Show");
  g_assert_cmpuint (sc_show_get_sources (show)->len, ==, 2);
  source = g_ptr_array_index (sc_show_get_sources (show), 0);
  g_assert_cmpint (source->kind, ==, SC_SOURCE_CAMERA);
  g_assert_cmpuint (sc_show_get_outputs (show)->len, ==, 1);

  g_remove (path);
  g_rmdir (dir);
}

/* The host is told what a screen source shows: the whole desktop. */
static void
test_screen_description (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GdkMonitor) monitor = g_list_model_get_item (gdk_display_get_monitors (display), 0);
  g_autofree char *text = sc_screen_capture_describe (display);
  g_autofree char *size = NULL;
  GdkRectangle geometry;

  g_assert_nonnull (monitor);
  gdk_monitor_get_geometry (monitor, &geometry);
  size = g_strdup_printf ("%d × %d", geometry.width, geometry.height);
  g_assert_true (g_str_has_prefix (text, "The whole screen"));
  if (g_list_model_get_n_items (gdk_display_get_monitors (display)) == 1)
    g_assert_true (g_str_has_suffix (text, size));
}

/* ~75 KB of "[" overflowed json-glib's recursion: both ways the window
 * reads a show file (its loader, the settings) go through the bounded
 * parser and say where the nesting is too deep. */
static void
test_deep_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *dir = sc_test_make_tmp_dir ("sc-settings");
  g_autofree char *path = g_build_filename (dir, "deep.shopcast", NULL);
  g_autofree char *deep = g_strnfill (75 * 1024, '[');
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(ScShow) show = NULL;
  ScShowSettings *settings;
  gint64 deadline;

  g_assert_true (g_file_set_contents (path, deep, -1, NULL));

  sc_show_load_async (file, NULL, NULL, on_result, &result);
  show = sc_show_load_finish (wait_result (&result), &error);
  g_assert_null (show);
  g_assert_nonnull (error);
  g_assert_true (error->domain == SC_SHOW_ERROR);
  g_assert_nonnull (strstr (error->message, "nested deeper than 64 levels"));

  settings = sc_show_settings_new (NULL, file);
  gtk_window_present (GTK_WINDOW (settings));
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (sc_show_settings_get_error_message (settings) == NULL &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (sc_show_settings_get_error_message (settings));
  g_assert_nonnull (strstr (sc_show_settings_get_error_message (settings),
                            "deep.shopcast is nested deeper than 64 levels (line 1, column 65)"));
  g_assert_false (sc_show_settings_get_loaded (settings));
  gtk_window_destroy (GTK_WINDOW (settings));

  g_remove (path);
  g_rmdir (dir);
}

static gboolean
screen_chosen (gpointer data)
{
  return g_str_has_prefix (sc_show_settings_get_screen_choice (data), "Screen: monitor");
}

/* Choose Screen… against the fake portal (tests/fake-portal.py): the
 * choice and its token go into the saved show, the pre-flight line says so. */
static void
test_choose_screen (void)
{
  const char *text = "{\"title\": \"Screen\", \"sources\": "
                     "[{\"id\": \"host\", \"kind\": \"test-pattern\"}]}";
  g_autofree char *dir = sc_test_make_tmp_dir ("sc-settings");
  g_autofree char *path = g_build_filename (dir, "screen.shopcast", NULL);
  g_autofree char *record = g_build_filename (dir, "portal.jsonl", NULL);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "fake-portal.py", NULL);
  g_autofree char *calls = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GSubprocess) portal = NULL;
  g_autoptr(ScShow) show = NULL;
  g_autoptr(GError) error = NULL;
  const ScSourceConfig *screen = NULL;
  ScShowSettings *settings;

  if (!sc_test_require_session_bus ())
    return;
  portal = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "/usr/bin/python3", script,
                             "--record", record, NULL);
  g_assert_no_error (error);
  g_assert_true (sc_test_wait_for_bus_name ("org.freedesktop.portal.Desktop", TRUE, 30));
  g_assert_true (g_file_set_contents (path, text, -1, NULL));

  settings = open_settings (file);
  g_assert_cmpstr (sc_show_settings_get_screen_choice (settings), ==, "No screen in this show");
  g_signal_emit_by_name (sc_show_settings_get_choose_screen_button (settings), "clicked");
  g_assert_true (sc_test_wait_until (screen_chosen, settings, 30));
  g_assert_cmpstr (sc_show_settings_get_screen_choice (settings), ==,
                   "Screen: monitor 1920 × 1080 (restored)");
  g_assert_true (save (settings, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (settings));

  show = sc_show_new_from_file (file, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < sc_show_get_sources (show)->len; i++)
    if (((ScSourceConfig *)g_ptr_array_index (sc_show_get_sources (show), i))->kind ==
        SC_SOURCE_SCREEN)
      screen = g_ptr_array_index (sc_show_get_sources (show), i);
  g_assert_nonnull (screen);
  g_assert_cmpint (screen->capture, ==, SC_SCREEN_CAPTURE_PORTAL);
  g_assert_nonnull (screen->portal.restore_token);
  g_assert_cmpstr (screen->portal.source_type, ==, "monitor");
  g_assert_cmpint (screen->portal.width, ==, 1920);

  /* The dialog belongs to the settings window. */
  g_assert_true (g_file_get_contents (record, &calls, NULL, NULL));
  g_assert_nonnull (strstr (calls, "\"parent_window\": \"x11:"));

  g_subprocess_send_signal (portal, SIGTERM);
  g_subprocess_wait (portal, NULL, NULL);
  g_assert_true (sc_test_wait_for_bus_name ("org.freedesktop.portal.Desktop", FALSE, 30));
  sc_test_remove_dir (dir);
}

/* The pre-flight line for a screen source, X11 or the portal's choice. */
#define SCREEN_SHOW_TEXT(token, title) \
  "{\n" \
  "  \"version\": 1,\n" \
  "  \"title\": \"" title "\",\n" \
  "  \"sources\": [{\"id\": \"host\", \"kind\": \"test-pattern\", \"label\": \"Host\"},\n" \
  "              {\"id\": \"desk\", \"kind\": \"screen\", \"label\": \"Desk\",\n" \
  "               \"capture\": \"portal\", \"portal\": {\"restore_token\": \"" token "\",\n" \
  "               \"source_type\": \"monitor\", \"width\": 1280, \"height\": 720}}]\n" \
  "}\n"

/* A restore token works once. The studio writes the new one to the show file
 * each time it starts; a settings window opened before that must not write
 * the spent one back when the host saves something else. */
static void
test_keeps_newer_screen_token (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = sc_test_make_tmp_dir ("sc-settings");
  g_autofree char *path = g_build_filename (dir, "screen.shopcast", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *saved = NULL;
  ScShowSettings *settings;

  if (!start_keyring ())
    return;
  g_assert_true (g_file_set_contents (path, SCREEN_SHOW_TEXT ("spent-token-1", "Screen Test"), -1,
                                      NULL));
  settings = open_settings (file);
  /* Meanwhile the studio started the show and kept the portal's new token. */
  g_assert_true (g_file_set_contents (path, SCREEN_SHOW_TEXT ("fresh-token-2", "Screen Test"), -1,
                                      NULL));
  gtk_spin_button_set_value (sc_show_settings_get_bitrate_spin (settings), 4321);
  g_assert_true (save (settings, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (settings));

  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "4321"));
  g_assert_nonnull (strstr (saved, "fresh-token-2"));
  g_assert_null (strstr (saved, "spent-token-1"));
  g_remove (path);
  g_rmdir (dir);
}

static void
test_screen_source_description (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(ScSourceConfig) source = sc_source_config_new ("screen", SC_SOURCE_SCREEN);
  g_autofree char *x11 = sc_screen_capture_describe_source (source, display);
  g_autofree char *asked = NULL;
  g_autofree char *monitor = NULL;
  g_autofree char *window = NULL;

  g_assert_true (g_str_has_prefix (x11, "X11: The whole screen"));

  source->capture = SC_SCREEN_CAPTURE_PORTAL;
  asked = sc_screen_capture_describe_source (source, display);
  g_assert_cmpstr (asked, ==, "Screen: chosen when the show starts");

  source->portal.source_type = g_strdup ("monitor");
  source->portal.width = 1920;
  source->portal.height = 1080;
  source->portal.restore_token = g_strdup ("token");
  monitor = sc_screen_capture_describe_source (source, display);
  g_assert_cmpstr (monitor, ==, "Screen: monitor 1920 × 1080 (restored)");

  g_free (source->portal.source_type);
  source->portal.source_type = g_strdup ("window");
  window = sc_screen_capture_describe_source (source, display);
  g_assert_cmpstr (window, ==, "Screen: window (restored)");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  sc_ui_register_resource ();

  g_test_add_func ("/ui/show-settings/save-destination", test_save_destination);
  g_test_add_func ("/ui/show-settings/srt-destination", test_srt_destination);
  g_test_add_func ("/ui/show-settings/keeps-newer-screen-token", test_keeps_newer_screen_token);
  g_test_add_func ("/ui/show-settings/invalid-url-not-saved", test_invalid_url_not_saved);
  g_test_add_func ("/ui/show-settings/add-remove-destination", test_add_remove_destination);
  g_test_add_func ("/ui/show-settings/load-asks-for-missing-key",
                   test_load_asks_for_missing_key);
  g_test_add_func ("/ui/show-settings/start-page-recent", test_start_page_recent);
  g_test_add_func ("/ui/show-settings/shop-connection", test_shop_connection);
  g_test_add_func ("/ui/show-settings/demo-save-as", test_demo_save_as);
  g_test_add_func ("/ui/show-settings/new-show", test_new_show);
  g_test_add_func ("/ui/show-settings/screen-description", test_screen_description);
  g_test_add_func ("/ui/show-settings/deep-json", test_deep_json);
  g_test_add_func ("/ui/show-settings/screen-source-description",
                   test_screen_source_description);
  g_test_add_func ("/ui/show-settings/choose-screen", test_choose_screen);
  status = g_test_run ();
  stop_keyring ();
  return status;
}
