/* sc-show-loader.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-show-loader"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "base/sc-file-access.h"
#include "base/sc-json.h"
#include "media/sc-document-portal.h"

#include "sc-key-dialog.h"
#include "sc-screen-capture.h"
#include "sc-secrets.h"
#include "sc-show-chooser.h"
#include "sc-show-loader.h"

typedef struct {
  GFile      *file;     /* NULL: the demo */
  GtkWindow  *parent;
  GPtrArray  *needs;    /* ScSecretNeed * */
  GHashTable *table;
  guint       next;     /* the need asked about next */
  GStrv       blocked;  /* host paths the sandbox did not see, last build */
  GHashTable *asked;    /* folders asked for through the portal */
  GError     *error;    /* the last build's, while a folder is asked for */
} Load;

static void
load_free (Load *load)
{
  g_clear_object (&load->file);
  g_clear_object (&load->parent);
  g_clear_pointer (&load->needs, g_ptr_array_unref);
  g_clear_pointer (&load->table, g_hash_table_unref);
  g_clear_pointer (&load->blocked, g_strfreev);
  g_clear_pointer (&load->asked, g_hash_table_unref);
  g_clear_error (&load->error);
  g_free (load);
}

/* Worker: which secrets the file names. A file that cannot be read or is
 * not JSON names none; the show's own reader reports it properly below. */
static void
read_needs (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Load *load = task_data;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  /* The bounded parser: nesting too deep for json-glib's recursion is
   * refused here and reported by the show's reader below. */
  if (load->file != NULL &&
      g_file_load_contents (load->file, cancellable, &contents, &length, NULL, NULL) &&
      length <= SC_SHOW_MAX_FILE_SIZE)
    root = sc_json_parse (contents, (gssize)length, "show", NULL);
  load->needs = sc_secrets_collect_needs (root);
  g_task_return_boolean (task, TRUE);
}

static void
build_show (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Load *load = task_data;
  GError *error = NULL;
  ScShow *show;

  /* Reading the catalog and checking images is disk work: not on the main loop. */
  g_strfreev (sc_file_access_take_blocked ());
  if (load->file != NULL)
    show = sc_show_new_from_file (load->file, &error);
  else
    show = sc_show_new_demo (&error);
  if (show == NULL)
    {
      g_strfreev (load->blocked);
      load->blocked = sc_file_access_take_blocked ();
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, show, g_object_unref);
}

static void run_build (GTask *task);

static void
folder_granted (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  Load *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) folder = sc_document_portal_request_folder_finish (result, &error);

  if (folder == NULL)
    {
      /* The show's own error names the file; the portal's says why. */
      GError *show_error = g_steal_pointer (&load->error);

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&show_error, "%s\n", error->message);
      g_task_return_error (task, show_error);
      g_object_unref (task);
      return;
    }
  g_clear_error (&load->error);
  run_build (task);
}

/* In the sandbox, a show whose files the sandbox does not see: ask the
 * person for the folder (each folder once per load), then read it again. */
static gboolean
ask_for_folder (GTask *task)
{
  Load *load = g_task_get_task_data (task);
  g_autofree char *folder = NULL;
  g_autofree char *handle = NULL;
  g_autoptr(GFile) show_host = NULL;
  g_autoptr(GFile) show_folder = NULL;
  g_autofree char *show_folder_path = NULL;

  if (load->parent == NULL || load->blocked == NULL || load->blocked[0] == NULL ||
      !sc_file_access_in_sandbox ())
    return FALSE;
  folder = sc_file_access_folder_to_ask (load->file, load->blocked[0]);
  if (g_hash_table_contains (load->asked, folder))
    return FALSE;
  g_hash_table_add (load->asked, g_strdup (folder));

  show_host = load->file ? sc_file_access_to_host (load->file) : NULL;
  show_folder = show_host ? g_file_get_parent (show_host) : NULL;
  show_folder_path = show_folder ? g_file_get_path (show_folder) : NULL;
  handle = sc_screen_capture_parent_handle (GTK_WIDGET (load->parent));
  sc_document_portal_request_folder_async (NULL, handle, folder,
                                           g_strcmp0 (folder, show_folder_path) == 0,
                                           g_task_get_cancellable (task), folder_granted, task);
  return TRUE;
}

static void
built (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  GTask *task = user_data;
  Load *load = g_task_get_task_data (task);
  GError *error = NULL;
  ScShow *show = g_task_propagate_pointer (G_TASK (result), &error);

  if (show != NULL)
    {
      g_task_return_pointer (task, show, g_object_unref);
      g_object_unref (task);
      return;
    }
  load->error = error;
  if (ask_for_folder (task))
    return;
  g_task_return_error (task, g_steal_pointer (&load->error));
  g_object_unref (task);
}

/* @task: the caller's; a reference is handed over. */
static void
run_build (GTask *task)
{
  GTask *build = g_task_new (NULL, g_task_get_cancellable (task), built, task);

  g_task_set_task_data (build, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (build, build_show);
  g_object_unref (build);
}

static void ask_next (GTask *task);

static void
key_entered (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  Load *load = g_task_get_task_data (task);
  ScSecretNeed *need = g_ptr_array_index (load->needs, load->next);
  g_autoptr(GError) error = NULL;
  char *value = sc_key_dialog_ask_finish (result, &error);

  /* Not Now: the show's error then names what is missing. */
  if (value != NULL)
    g_hash_table_replace (load->table, g_strdup (need->name), value);
  load->next++;
  ask_next (task);
}

static void
ask_next (GTask *task)
{
  Load *load = g_task_get_task_data (task);

  for (; load->parent != NULL && load->next < load->needs->len; load->next++)
    {
      ScSecretNeed *need = g_ptr_array_index (load->needs, load->next);

      if (need->required && !sc_secrets_has_value (load->table, need))
        {
          sc_key_dialog_ask_async (load->parent, need->name, need->purpose,
                                   g_task_get_cancellable (task), key_entered, task);
          return;
        }
    }

  sc_secrets_install_table (load->table);
  run_build (task);
}

static void
resolved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  Load *load = g_task_get_task_data (task);
  GError *error = NULL;

  load->table = sc_secrets_resolve_finish (result, &error);
  if (load->table == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  ask_next (task);
}

static void
needs_read (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  Load *load = g_task_get_task_data (task);

  sc_secrets_resolve_async (load->needs, g_task_get_cancellable (task), resolved, task);
}

void
sc_show_load_async (GFile               *file,
                    GtkWindow           *parent,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;
  GTask *read;
  Load *load;

  g_return_if_fail (file == NULL || G_IS_FILE (file));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_show_load_async);
  load = g_new0 (Load, 1);
  load->file = file ? g_object_ref (file) : NULL;
  load->parent = parent ? g_object_ref (parent) : NULL;
  load->asked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_task_set_task_data (task, load, (GDestroyNotify)load_free);
  if (file != NULL)
    sc_recent_shows_add (file);

  /* A second task for the worker: the first one returns the show. */
  read = g_task_new (NULL, cancellable, needs_read, task);
  g_task_set_task_data (read, load, NULL);
  g_task_run_in_thread (read, read_needs);
  g_object_unref (read);
}

ScShow *
sc_show_load_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
