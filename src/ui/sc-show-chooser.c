/* sc-show-chooser.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-show-chooser"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-show-chooser.h"

#define SHOW_MIME_TYPE "application/x-shopcast"

static void
on_response (GtkNativeDialog *dialog,
             int              response,
             gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      GFile *file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        g_task_return_pointer (task, file, g_object_unref);
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                 _("No file was chosen"));
    }
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
run (GtkFileChooserNative *chooser,
     GtkFileFilter        *filter,
     GCancellable         *cancellable,
     GAsyncReadyCallback   callback,
     gpointer              user_data,
     gpointer              source_tag)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_response), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static GtkFileFilter *
show_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Shopcast shows"));
  gtk_file_filter_add_pattern (filter, "*.shopcast");
  return filter;
}

void
sc_show_chooser_open_async (GtkWindow           *parent,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GtkFileFilter) filter = show_filter ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Open a Show"), parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  run (chooser, filter, cancellable, callback, user_data, sc_show_chooser_open_async);
}

void
sc_show_chooser_save_async (GtkWindow           *parent,
                            const char          *suggested_name,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GtkFileFilter) filter = show_filter ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save the Show"), parent,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  name = g_strdelimit (g_strdup_printf ("%s.shopcast", suggested_name ? suggested_name
                                                                      : _("New Show")),
                       "/\\:", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  run (chooser, filter, cancellable, callback, user_data, sc_show_chooser_save_async);
}

void
sc_show_chooser_image_async (GtkWindow           *parent,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_pixbuf_formats (filter);
  chooser = gtk_file_chooser_native_new (_("Choose the Logo"), parent,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                                         _("_Cancel"));
  run (chooser, filter, cancellable, callback, user_data, sc_show_chooser_image_async);
}

GFile *
sc_show_chooser_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sc_recent_shows_add (GFile *file)
{
  g_autofree char *uri = NULL;
  GtkRecentData data = {
    .mime_type = (char *)SHOW_MIME_TYPE,
    .app_name = (char *)"Shopcast",
    .app_exec = (char *)"shopcast --show %f",
  };

  g_return_if_fail (G_IS_FILE (file));

  /* The demo and other resources are not files the desktop can reopen. */
  if (!g_file_is_native (file))
    return;
  uri = g_file_get_uri (file);
  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

static int
compare_modified (gconstpointer a,
                  gconstpointer b)
{
  GDateTime *da = gtk_recent_info_get_modified (*(GtkRecentInfo **)a);
  GDateTime *db = gtk_recent_info_get_modified (*(GtkRecentInfo **)b);

  return g_date_time_compare (db, da);
}

GPtrArray *
sc_recent_shows_list (guint limit)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  g_autoptr(GPtrArray) infos = g_ptr_array_new ();
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);

  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);

      if (g_str_has_suffix (uri, ".shopcast") && gtk_recent_info_is_local (info) &&
          gtk_recent_info_exists (info))
        g_ptr_array_add (infos, info);
    }
  g_ptr_array_sort (infos, compare_modified);
  for (guint i = 0; i < infos->len && files->len < limit; i++)
    g_ptr_array_add (files,
                     g_file_new_for_uri (gtk_recent_info_get_uri (g_ptr_array_index (infos, i))));
  g_list_free_full (items, (GDestroyNotify)gtk_recent_info_unref);
  return files;
}
