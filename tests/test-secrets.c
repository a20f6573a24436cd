/* test-secrets.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stream keys and shop tokens in a real Secret Service: a private GNOME
 * Keyring daemon on the test's session bus, with its keyrings in the build
 * tree. */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "sc-test-rtmp.h"
#include "studio/sc-show.h"
#include "ui/sc-secrets.h"

static GSubprocess *keyring;

static gboolean
keyring_on_bus (gpointer data)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) owner = NULL;

  owner = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetNameOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 1000, NULL, NULL);
  return owner != NULL;
}

/* One daemon for the whole run: libsecret keeps its connection to the
 * Secret Service for the life of the process. */
static gboolean
start_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) password = g_bytes_new_static ("test-password", 13);
  g_autofree char *control = g_build_filename (g_get_user_data_dir (), "keyring-control", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  GOutputStream *stdin_pipe;

  if (keyring != NULL)
    return TRUE;
  if (!sc_test_require_tool ("gnome-keyring-daemon"))
    return FALSE;
  if (!sc_test_require_session_bus ())
    return FALSE;
  g_mkdir_with_parents (control, 0700);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  /* The suite's G_DEBUG=fatal-warnings is for our code: with it the daemon
   * aborted on a warning of its own and left the bus in the middle of a call. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  keyring = g_subprocess_launcher_spawn (launcher, &error,
                                         "gnome-keyring-daemon", "--foreground", "--unlock",
                                         "--components=secrets", "--control-directory", control,
                                         NULL);
  g_assert_no_error (error);
  /* --unlock reads the login keyring's password from standard input. */
  stdin_pipe = g_subprocess_get_stdin_pipe (keyring);
  g_output_stream_write_bytes (stdin_pipe, password, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (stdin_pipe, NULL, NULL);
  /* Wait until it owns org.freedesktop.secrets on the bus (generously: the
   * daemon starts slowly on a loaded machine). */
  if (sc_test_wait_until (keyring_on_bus, NULL, 30))
    return TRUE;
  g_test_fail_printf ("gnome-keyring-daemon did not start");
  return FALSE;
}

static void
stop_keyring (void)
{
  if (keyring == NULL)
    return;
  g_subprocess_send_signal (keyring, SIGTERM);
  sc_test_subprocess_wait (keyring, 5);
  g_clear_object (&keyring);
}

static void
test_store_and_lookup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  gboolean stored;

  if (!start_keyring ())
    return;
  stored = sc_secrets_store ("SC_TEST_YOUTUBE_KEY", "abcd-efgh-ijkl", &error);
  g_assert_no_error (error);
  g_assert_true (stored);
  value = sc_secrets_lookup ("SC_TEST_YOUTUBE_KEY", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "abcd-efgh-ijkl");
  g_clear_pointer (&value, g_free);
  value = sc_secrets_lookup ("SC_TEST_NOT_STORED", &error);
  g_assert_no_error (error);
  g_assert_null (value);
}

/* The window loads a show whose key is in the keyring, not the environment;
 * `shopcast --store-secret` put it there, reading it from standard input. */
static void
test_show_uses_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = NULL;
  g_autoptr(GSubprocess) store = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sc-secrets-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "keyed.shopcast", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const ScOutputConfig *output;

  if (!start_keyring ())
    return;
  g_unsetenv ("SC_TEST_STREAM_KEY");
  store = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error, g_getenv ("SHOPCAST_BIN"),
                            "--store-secret", "SC_TEST_STREAM_KEY", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (store, "live-key-from-keyring\n", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (store));

  g_assert_true (g_file_set_contents (path,
                                      "{\"outputs\": [{\"name\": \"YouTube\","
                                      " \"url\": \"rtmp://127.0.0.1:1935/live2\","
                                      " \"key_env\": \"SC_TEST_STREAM_KEY\"}]}", -1, NULL));

  /* Headless: the environment only, and the error says which variable. */
  show = sc_show_new_from_file (file, &error);
  g_assert_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "SC_TEST_STREAM_KEY"));
  g_clear_error (&error);

  /* The window: the Secret Service as well. */
  sc_secrets_install_for_shows ();
  show = sc_show_new_from_file (file, &error);
  g_assert_no_error (error);
  output = g_ptr_array_index (sc_show_get_outputs (show), 0);
  g_assert_cmpstr (output->key, ==, "live-key-from-keyring");
  sc_show_set_secret_lookup (NULL, NULL);

  g_remove (path);
  g_rmdir (dir);
}

static void
on_resolved (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* Every *_env name of a show document is found, with plain words for the
 * dialog, and a disabled output's key is not required. */
static void
test_collect_needs (void)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) needs = NULL;
  g_autoptr(GError) error = NULL;
  ScSecretNeed *need;

  root = json_from_string ("{\"outputs\": ["
                           " {\"name\": \"YouTube\", \"url\": \"rtmp://h/app\","
                           "  \"key_env\": \"SC_KEY_YT\"},"
                           " {\"name\": \"Twitch\", \"url\": \"rtmp://h/app\","
                           "  \"key_env\": \"SC_KEY_TW\", \"enabled\": false},"
                           " {\"name\": \"Again\", \"url\": \"rtmp://h/app\","
                           "  \"key_env\": \"SC_KEY_YT\"}],"
                           " \"shop\": {\"provider\": \"shopify\", \"url\": \"https://s\","
                           "  \"token_env\": \"SC_SHOP_TOKEN\"},"
                           " \"chat\": {\"sources\": [{\"platform\": \"youtube\","
                           "  \"live_chat_id\": \"x\", \"api_key_env\": \"SC_YT_API\"}]}}",
                           &error);
  g_assert_no_error (error);
  needs = sc_secrets_collect_needs (root);
  g_assert_cmpuint (needs->len, ==, 4);
  need = g_ptr_array_index (needs, 0);
  g_assert_cmpstr (need->name, ==, "SC_KEY_YT");
  g_assert_nonnull (strstr (need->purpose, "YouTube"));
  g_assert_true (need->required);
  need = g_ptr_array_index (needs, 1);
  g_assert_cmpstr (need->name, ==, "SC_KEY_TW");
  g_assert_false (need->required);
  need = g_ptr_array_index (needs, 2);
  g_assert_cmpstr (need->name, ==, "SC_SHOP_TOKEN");
  need = g_ptr_array_index (needs, 3);
  g_assert_cmpstr (need->name, ==, "SC_YT_API");

  /* Not a show at all: nothing needed, no crash. */
  g_clear_pointer (&needs, g_ptr_array_unref);
  g_clear_pointer (&root, json_node_unref);
  root = json_from_string ("[1, 2]", &error);
  needs = sc_secrets_collect_needs (root);
  g_assert_cmpuint (needs->len, ==, 0);
}

/* The window's path: every name looked up asynchronously before the show is
 * built, then the show loads from the table without touching the keyring. */
static void
test_resolve_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GHashTable) table = NULL;
  g_autoptr(GPtrArray) needs = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(ScShow) show = NULL;
  const char *text = "{\"outputs\": [{\"name\": \"YouTube\", \"url\": \"rtmp://127.0.0.1/live2\","
                     " \"key_env\": \"SC_TEST_ASYNC_KEY\"},"
                     " {\"name\": \"Twitch\", \"url\": \"rtmp://127.0.0.1/app\","
                     " \"key_env\": \"SC_TEST_ASYNC_MISSING\"}]}";
  const ScOutputConfig *output;

  if (!start_keyring ())
    return;
  g_unsetenv ("SC_TEST_ASYNC_KEY");
  g_unsetenv ("SC_TEST_ASYNC_MISSING");
  /* The keyring lives in the build tree: forget what an earlier run stored. */
  sc_secrets_clear_async ("SC_TEST_ASYNC_MISSING", NULL, on_resolved, &result);
  g_assert_true (sc_secrets_clear_finish (wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  sc_secrets_store_async ("SC_TEST_ASYNC_KEY", "async-key-1", NULL, on_resolved, &result);
  g_assert_true (sc_secrets_store_finish (wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  root = json_from_string (text, &error);
  g_assert_no_error (error);
  needs = sc_secrets_collect_needs (root);
  sc_secrets_resolve_async (needs, NULL, on_resolved, &result);
  table = sc_secrets_resolve_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (table, "SC_TEST_ASYNC_KEY"), ==, "async-key-1");
  g_assert_false (g_hash_table_contains (table, "SC_TEST_ASYNC_MISSING"));
  g_assert_true (sc_secrets_has_value (table, g_ptr_array_index (needs, 0)));
  g_assert_false (sc_secrets_has_value (table, g_ptr_array_index (needs, 1)));

  /* The missing key is named in the show's error. */
  sc_secrets_install_table (table);
  show = sc_show_new_from_data (text, strlen (text), "async.shopcast", NULL, &error);
  g_assert_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "SC_TEST_ASYNC_MISSING"));
  g_clear_error (&error);

  /* Once the window asked for it and stored it, the show loads. */
  g_clear_object (&result);
  sc_secrets_store_async ("SC_TEST_ASYNC_MISSING", "async-key-2", NULL, on_resolved, &result);
  g_assert_true (sc_secrets_store_finish (wait_result (&result), &error));
  g_clear_object (&result);
  g_clear_pointer (&table, g_hash_table_unref);
  sc_secrets_resolve_async (needs, NULL, on_resolved, &result);
  table = sc_secrets_resolve_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  sc_secrets_install_table (table);
  show = sc_show_new_from_data (text, strlen (text), "async.shopcast", NULL, &error);
  g_assert_no_error (error);
  output = g_ptr_array_index (sc_show_get_outputs (show), 0);
  g_assert_cmpstr (output->key, ==, "async-key-1");
  output = g_ptr_array_index (sc_show_get_outputs (show), 1);
  g_assert_cmpstr (output->key, ==, "async-key-2");
  sc_secrets_install_table (NULL);
  sc_show_set_secret_lookup (NULL, NULL);

  /* Cleared, it is missing again. */
  g_clear_object (&result);
  sc_secrets_clear_async ("SC_TEST_ASYNC_MISSING", NULL, on_resolved, &result);
  g_assert_true (sc_secrets_clear_finish (wait_result (&result), &error));
  g_clear_object (&result);
  sc_secrets_lookup_async ("SC_TEST_ASYNC_MISSING", NULL, on_resolved, &result);
  g_assert_null (sc_secrets_lookup_finish (wait_result (&result), &error));
  g_assert_no_error (error);
}

/* A cancelled lookup reports the cancellation instead of "not found". */
static void
test_resolve_cancelled (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) needs = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) table = NULL;

  if (!start_keyring ())
    return;
  g_unsetenv ("SC_TEST_CANCELLED");
  root = json_from_string ("{\"outputs\": [{\"url\": \"rtmp://h/app\","
                           " \"key_env\": \"SC_TEST_CANCELLED\"}]}", &error);
  needs = sc_secrets_collect_needs (root);
  g_cancellable_cancel (cancellable);
  sc_secrets_resolve_async (needs, cancellable, on_resolved, &result);
  table = sc_secrets_resolve_finish (wait_result (&result), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (table);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ui/secrets/store-and-lookup", test_store_and_lookup);
  g_test_add_func ("/ui/secrets/show-uses-keyring", test_show_uses_keyring);
  g_test_add_func ("/ui/secrets/collect-needs", test_collect_needs);
  g_test_add_func ("/ui/secrets/resolve-async", test_resolve_async);
  g_test_add_func ("/ui/secrets/resolve-cancelled", test_resolve_cancelled);
  status = g_test_run ();
  stop_keyring ();
  return status;
}
