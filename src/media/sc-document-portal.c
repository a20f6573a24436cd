/* sc-document-portal.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-document-portal"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "base/sc-file-access.h"

#include "sc-document-portal.h"
#include "sc-media-error.h"
#include "sc-portal-request.h"

#define DESKTOP_NAME "org.freedesktop.portal.Desktop"
#define FILE_CHOOSER_IFACE "org.freedesktop.portal.FileChooser"
#define DOCUMENTS_IFACE "org.freedesktop.portal.Documents"
#define CALL_TIMEOUT_MS 10000

static GMutex lock;
static gboolean restored;   /* guarded by lock */

static char *
state_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "shopcast", "granted-folders", NULL);
}

/* ---- The document portal ---------------------------------------------------- */

static char *
get_mount_point (GDBusConnection  *connection,
                 GError          **error)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) local_error = NULL;
  char *path = NULL;

  reply = g_dbus_connection_call_sync (connection, SC_DOCUMENT_PORTAL_NAME,
                                       SC_DOCUMENT_PORTAL_PATH, DOCUMENTS_IFACE, "GetMountPoint",
                                       NULL, G_VARIANT_TYPE ("(ay)"), G_DBUS_CALL_FLAGS_NONE,
                                       CALL_TIMEOUT_MS, NULL, &local_error);
  if (reply == NULL)
    {
      g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_FAILED,
                   _("The document portal did not answer: %s"), local_error->message);
      return NULL;
    }
  g_variant_get (reply, "(^ay)", &path);
  return path;
}

/* The document id of @path below @mount ("<mount>/<id>/…"), or NULL. */
static char *
document_id (const char *mount,
             const char *path)
{
  g_autoptr(GFile) mount_file = g_file_new_for_path (mount);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *relative = g_file_get_relative_path (mount_file, file);
  char *slash;

  if (relative == NULL || relative[0] == '\0')
    return NULL;
  slash = strchr (relative, '/');
  if (slash != NULL)
    *slash = '\0';
  return g_steal_pointer (&relative);
}

/* GetHostPaths: document id → host path, for the ids the portal knows
 * and lets this app see. */
static GHashTable *
get_host_paths (GDBusConnection     *connection,
                const char * const  *ids,
                GError             **error)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GVariantIter) iter = NULL;
  GHashTable *paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *id;
  GVariant *value;

  reply = g_dbus_connection_call_sync (connection, SC_DOCUMENT_PORTAL_NAME,
                                       SC_DOCUMENT_PORTAL_PATH, DOCUMENTS_IFACE, "GetHostPaths",
                                       g_variant_new ("(^as)", ids), G_VARIANT_TYPE ("(a{say})"),
                                       G_DBUS_CALL_FLAGS_NONE, CALL_TIMEOUT_MS, NULL,
                                       &local_error);
  if (reply == NULL)
    {
      g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_FAILED,
                   _("The document portal did not tell where its documents are on the host "
                     "(GetHostPaths, document portal version 5): %s"),
                   local_error->message);
      g_hash_table_unref (paths);
      return NULL;
    }
  g_variant_get (reply, "(a{say})", &iter);
  while (g_variant_iter_loop (iter, "{&s@ay}", &id, &value))
    {
      g_autofree char *host = g_variant_dup_bytestring (value, NULL);

      if (g_path_is_absolute (host))
        g_hash_table_replace (paths, g_strdup (id), g_steal_pointer (&host));
    }
  return paths;
}

/* A document's entry in the sandbox is <mount>/<id>/<name of the host file
 * or folder>; files below a folder document follow its host path. */
static char *
document_root (const char *mount,
               const char *id,
               const char *host)
{
  g_autofree char *name = g_path_get_basename (host);

  return g_build_filename (mount, id, name, NULL);
}

/* ---- Remembered grants ------------------------------------------------------ */

static GStrv
read_state (void)
{
  g_autofree char *path = state_path ();
  g_autofree char *text = NULL;
  g_autoptr(GStrvBuilder) lines = g_strv_builder_new ();
  g_auto(GStrv) split = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strv_builder_end (lines);
  split = g_strsplit (text, "\n", -1);
  for (guint i = 0; split[i] != NULL; i++)
    if (g_path_is_absolute (split[i]))
      g_strv_builder_add (lines, split[i]);
  return g_strv_builder_end (lines);
}

static void
write_state (const char * const *lines)
{
  g_autofree char *path = state_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *body = g_strjoinv ("\n", (GStrv)lines);
  g_autofree char *joined = g_strconcat (body, lines[0] != NULL ? "\n" : "", NULL);
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (path, joined, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_message ("Could not remember the granted folders in %s: %s", path,
               error != NULL ? error->message : g_strerror (errno));
}

/* Called with the lock held, once per process. */
static void
restore_locked (GDBusConnection *connection)
{
  g_auto(GStrv) lines = read_state ();
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autoptr(GHashTable) hosts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mount = NULL;
  g_auto(GStrv) id_list = NULL;
  g_auto(GStrv) kept_list = NULL;

  if (lines[0] == NULL)
    return;
  mount = get_mount_point (connection, &error);
  if (mount == NULL)
    {
      g_message ("The folders allowed before are not restored: %s", error->message);
      return;
    }
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *id = document_id (mount, lines[i]);

      if (id != NULL)
        g_strv_builder_add (ids, id);
    }
  id_list = g_strv_builder_end (ids);
  if (id_list[0] != NULL)
    {
      hosts = get_host_paths (connection, (const char * const *)id_list, &error);
      if (hosts == NULL)
        {
          /* Kept for a later start: the portal may answer then. */
          g_message ("The folders allowed before are not restored: %s", error->message);
          return;
        }
    }
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *id = document_id (mount, lines[i]);
      const char *host = id != NULL ? g_hash_table_lookup (hosts, id) : NULL;

      if (host != NULL)
        {
          g_autofree char *root = document_root (mount, id, host);
          g_autoptr(GFile) root_file = g_file_new_for_path (root);
          g_autoptr(GFile) line_file = g_file_new_for_path (lines[i]);
          g_autofree char *relative = g_file_get_relative_path (root_file, line_file);
          g_autofree char *host_path = relative ? g_build_filename (host, relative, NULL)
                                                : g_strdup (host);

          sc_file_access_add (host_path, lines[i], TRUE);
          g_strv_builder_add (kept, lines[i]);
        }
      else if (id == NULL && g_file_test (lines[i], G_FILE_TEST_IS_DIR))
        {
          /* A folder the sandbox sees as it is (the portal gave its path). */
          sc_file_access_add (lines[i], lines[i], TRUE);
          g_strv_builder_add (kept, lines[i]);
        }
      else
        g_debug ("%s is no longer granted", lines[i]);
    }
  kept_list = g_strv_builder_end (kept);
  if (g_strv_length (kept_list) != g_strv_length (lines))
    write_state ((const char * const *)kept_list);
}

static void
remember (const char *sandbox_path)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;

  g_mutex_lock (&lock);
  lines = read_state ();
  if (!g_strv_contains ((const char * const *)lines, sandbox_path))
    {
      g_strv_builder_addv (builder, (const char **)lines);
      g_strv_builder_add (builder, sandbox_path);
      updated = g_strv_builder_end (builder);
      write_state ((const char * const *)updated);
    }
  g_mutex_unlock (&lock);
}

void
sc_document_portal_prepare (GFile *show_file)
{
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) show_host = NULL;
  g_autoptr(GHashTable) hosts = NULL;
  g_autofree char *mount = NULL;
  g_autofree char *path = NULL;
  g_autofree char *id = NULL;
  const char *host;

  g_return_if_fail (show_file == NULL || G_IS_FILE (show_file));

  if (!sc_file_access_in_sandbox ())
    return;
  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (connection == NULL)
    {
      g_message ("No session bus for the document portal: %s", error->message);
      return;
    }
  g_mutex_lock (&lock);
  if (!restored)
    restore_locked (connection);
  restored = TRUE;
  g_mutex_unlock (&lock);

  if (show_file == NULL || !g_file_is_native (show_file))
    return;
  /* Known already: below a granted folder, or asked before. */
  show_host = sc_file_access_to_host (show_file);
  if (!g_file_equal (show_host, show_file))
    return;
  path = g_file_get_path (show_file);
  mount = get_mount_point (connection, &error);
  if (mount == NULL)
    {
      g_message ("The show's folder on the host is not known: %s", error->message);
      return;
    }
  id = document_id (mount, path);
  if (id == NULL)
    return;
  hosts = get_host_paths (connection, (const char *[]){ id, NULL }, &error);
  host = hosts != NULL ? g_hash_table_lookup (hosts, id) : NULL;
  if (host == NULL)
    {
      g_message ("The show's folder on the host is not known: %s",
                 error != NULL ? error->message : "no host path");
      return;
    }
  /* The document's folder stands for the host folder of the show: the
   * names next to the show resolve there. */
  {
    g_autofree char *host_folder = g_path_get_dirname (host);
    g_autofree char *doc_folder = g_build_filename (mount, id, NULL);

    sc_file_access_add (host_folder, doc_folder, FALSE);
  }
}

void
sc_document_portal_forget (void)
{
  g_mutex_lock (&lock);
  restored = FALSE;
  g_mutex_unlock (&lock);
  sc_file_access_reset ();
}

/* ---- Asking for a folder ---------------------------------------------------- */

typedef struct {
  GDBusConnection *connection;
  char            *host_folder;
  char            *chosen;      /* the path the portal handed back */
} AskData;

static void
ask_data_free (AskData *data)
{
  g_clear_object (&data->connection);
  g_free (data->host_folder);
  g_free (data->chosen);
  g_free (data);
}

/* Worker: the chosen folder's host path, recorded and remembered. */
static void
grant (GTask        *task,
       gpointer      source,
       gpointer      task_data,
       GCancellable *cancellable)
{
  AskData *data = task_data;
  g_autoptr(GHashTable) hosts = NULL;
  g_autofree char *mount = NULL;
  g_autofree char *id = NULL;
  GError *error = NULL;
  const char *host;

  mount = get_mount_point (data->connection, &error);
  if (mount == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  id = document_id (mount, data->chosen);
  if (id == NULL)
    {
      /* Not a document: the sandbox reads the folder as it is. */
      sc_file_access_add (data->chosen, data->chosen, TRUE);
      remember (data->chosen);
      g_task_return_pointer (task, g_file_new_for_path (data->chosen), g_object_unref);
      return;
    }
  hosts = get_host_paths (data->connection, (const char *[]){ id, NULL }, &error);
  if (hosts == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  host = g_hash_table_lookup (hosts, id);
  if (host == NULL)
    {
      g_task_return_new_error (task, SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_FAILED,
                               _("The document portal does not know the folder it handed out "
                                 "(%s)"), data->chosen);
      return;
    }
  {
    g_autofree char *root = document_root (mount, id, host);
    g_autoptr(GFile) root_file = g_file_new_for_path (root);
    g_autoptr(GFile) chosen_file = g_file_new_for_path (data->chosen);
    g_autofree char *relative = g_file_get_relative_path (root_file, chosen_file);
    g_autofree char *host_path = relative ? g_build_filename (host, relative, NULL)
                                          : g_strdup (host);

    sc_file_access_add (host_path, data->chosen, TRUE);
  }
  remember (data->chosen);
  g_task_return_pointer (task, g_file_new_for_path (data->chosen), g_object_unref);
}

static void
chosen_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AskData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) results = NULL;
  g_autoptr(GVariant) uris = NULL;
  g_autofree char *scheme = NULL;
  const char *uri;
  guint response = 2;

  results = sc_portal_request_finish (result, &response, &error);
  if (results == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
               g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
               g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_INTERFACE))
        g_task_return_new_error (task, SC_MEDIA_ERROR, SC_MEDIA_ERROR_NO_PORTAL,
                                 _("No file chooser portal to ask for %s: %s"),
                                 data->host_folder, error->message);
      else
        g_task_return_new_error (task, SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_FAILED,
                                 _("The file chooser portal refused to ask for %s: %s"),
                                 data->host_folder, error->message);
      return;
    }
  if (response == 1)
    {
      g_task_return_new_error (task, SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_CANCELLED,
                               _("Shopcast was not allowed to read %s"), data->host_folder);
      return;
    }
  if (response != 0)
    {
      g_task_return_new_error (task, SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_FAILED,
                               _("The file chooser portal could not ask for %s (response %u)"),
                               data->host_folder, response);
      return;
    }
  uris = g_variant_lookup_value (results, "uris", G_VARIANT_TYPE_STRING_ARRAY);
  if (uris == NULL || g_variant_n_children (uris) == 0)
    {
      g_task_return_new_error (task, SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_FAILED,
                               _("The file chooser portal handed back no folder for %s"),
                               data->host_folder);
      return;
    }
  g_variant_get_child (uris, 0, "&s", &uri);
  scheme = g_uri_parse_scheme (uri);
  data->chosen = g_strcmp0 (scheme, "file") == 0 ? g_filename_from_uri (uri, NULL, NULL) : NULL;
  if (data->chosen == NULL)
    {
      g_task_return_new_error (task, SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_FAILED,
                               _("The file chooser portal handed back “%s”, which is not a "
                                 "local folder"), uri);
      return;
    }
  if (!g_file_test (data->chosen, G_FILE_TEST_IS_DIR))
    {
      g_task_return_new_error (task, SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_FAILED,
                               _("The folder the file chooser portal handed back does not "
                                 "exist: %s"), data->chosen);
      return;
    }
  g_task_run_in_thread (task, grant);
}

void
sc_document_portal_request_folder_async (GDBusConnection     *connection,
                                         const char          *parent_window,
                                         const char          *host_folder,
                                         gboolean             is_show_folder,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GVariantBuilder) options = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  AskData *data;

  g_return_if_fail (connection == NULL || G_IS_DBUS_CONNECTION (connection));
  g_return_if_fail (host_folder != NULL && g_path_is_absolute (host_folder));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_document_portal_request_folder_async);
  data = g_new0 (AskData, 1);
  data->host_folder = g_strdup (host_folder);
  g_task_set_task_data (task, data, (GDestroyNotify)ask_data_free);
  data->connection = connection != NULL ? g_object_ref (connection)
                                        : g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (data->connection == NULL)
    {
      g_task_return_new_error (task, SC_MEDIA_ERROR, SC_MEDIA_ERROR_NO_PORTAL,
                               _("No file chooser portal to ask for %s: %s"), host_folder,
                               error->message);
      return;
    }

  /* The dialog says why it comes up: a show needs what is in there. */
  name = g_path_get_basename (host_folder);
  title = is_show_folder ? g_strdup (_("Allow Shopcast to Read the Show’s Folder"))
                         : g_strdup_printf (_("Allow Shopcast to Read the Folder “%s”"), name);
  g_variant_builder_add (&options, "{sv}", "directory", g_variant_new_boolean (TRUE));
  g_variant_builder_add (&options, "{sv}", "modal", g_variant_new_boolean (TRUE));
  g_variant_builder_add (&options, "{sv}", "accept_label",
                         g_variant_new_string (_("_Allow Access")));
  g_variant_builder_add (&options, "{sv}", "current_folder",
                         g_variant_new_bytestring (host_folder));
  sc_portal_request_async (data->connection, DESKTOP_NAME, FILE_CHOOSER_IFACE, "OpenFile",
                           g_variant_new ("(ss)", parent_window ? parent_window : "", title),
                           &options, cancellable, chosen_cb, g_object_ref (task));
}

GFile *
sc_document_portal_request_folder_finish (GAsyncResult  *result,
                                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
