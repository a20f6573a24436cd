/* sc-window-actions.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-window-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "ui/sc-chat-view.h"
#include "ui/sc-key-dialog.h"
#include "ui/sc-show-chooser.h"
#include "ui/sc-show-loader.h"
#include "ui/sc-show-settings.h"
#include "ui/sc-start-page.h"
#include "studio/sc-report.h"
#include "ui/sc-window-private.h"

static void
go_live_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->studio == NULL || sc_studio_get_state (self->studio) != SC_STUDIO_STATE_REHEARSAL)
    return;

  /* A new session records anew: an earlier one's failed recording is over
   * (one that fails at once says so again during go_live). */
  _sc_window_clear_problem (self, "recording");
  if (!sc_studio_go_live (self->studio, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not go live: %s"), error->message);

      _sc_window_show_problem (self, "go-live", message);
      return;
    }
  _sc_window_clear_problem (self, "go-live");
}

static void
end_show_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);

  if (self->studio == NULL || sc_studio_get_state (self->studio) != SC_STUDIO_STATE_LIVE)
    return;

  _sc_window_confirm_end_show (self, FALSE);
}

static void
open_folder_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ScWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("Could not open the folder: %s"),
                                                  error->message);

      _sc_window_toast (self, message);
    }
}

static void
open_recording_folder_cb (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);
  const char *path;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *uri = NULL;

  if (self->studio == NULL || (path = sc_studio_get_recording_path (self->studio)) == NULL)
    return;

  /* GtkFileLauncher is GTK 4.10: open the folder itself with the default
   * file manager (through the OpenURI portal in Flatpak). */
  file = g_file_new_for_path (path);
  folder = g_file_get_parent (file);
  uri = g_file_get_uri (folder);
  gtk_show_uri_full (GTK_WINDOW (self), uri, GDK_CURRENT_TIME, self->cancellable,
                     open_folder_cb, g_object_ref (self));
}

/* ---- the show report ----------------------------------------------------- */

typedef struct {
  char   *show;
  char   *folder;
} ReportJob;

static void
report_job_free (ReportJob *job)
{
  g_free (job->show);
  g_free (job->folder);
  g_free (job);
}

static void
write_report_thread (GTask        *task,
                     gpointer      source,
                     gpointer      data,
                     GCancellable *cancellable)
{
  ReportJob *job = data;
  g_autofree char *database = sc_report_database_path ();
  GError *error = NULL;

  if (sc_report_write (database, job->show, job->folder, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
open_report_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ScWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("Could not open the show report: %s"),
                                                  error->message);

      _sc_window_toast (self, message);
    }
}

static void
report_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ScWindow *self = SC_WINDOW (object);
  ReportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *page = NULL;
  g_autofree char *uri = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not write the show report: %s"),
                                                  error->message);

      _sc_window_show_problem (self, "report", message);
      return;
    }
  _sc_window_clear_problem (self, "report");
  page = g_build_filename (job->folder, "report.html", NULL);
  uri = g_filename_to_uri (page, NULL, NULL);
  _sc_window_toast (self, _("The show report is saved"));
  if (uri != NULL)
    gtk_show_uri_full (GTK_WINDOW (self), uri, GDK_CURRENT_TIME, self->cancellable,
                       open_report_cb, g_object_ref (self));
}

static void
report_folder_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(ScWindow) self = user_data;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  ReportJob *job;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  if (folder == NULL || (path = g_file_get_path (folder)) == NULL)
    return;

  job = g_new0 (ReportJob, 1);
  job->show = g_strdup_printf ("%" G_GINT64_FORMAT, self->ended_show_id);
  job->folder = g_steal_pointer (&path);
  task = g_task_new (self, self->cancellable, report_written_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify)report_job_free);
  g_task_run_in_thread (task, write_report_thread);
}

/* The report of the show that ended, into a folder the person picks
 * (through the file chooser portal in the sandbox), then opened. */
static void
show_report_cb (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);
  GtkFileChooserNative *chooser;

  if (self->ended_show_id <= 0)
    return;
  chooser = gtk_file_chooser_native_new (_("Save the Show Report"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Save"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (report_folder_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
dismiss_problem_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  _sc_window_clear_problem (SC_WINDOW (widget), NULL);
}

static void
next_product_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);

  if (self->studio != NULL && !sc_studio_pin_step (self->studio, 1))
    gtk_widget_error_bell (widget);
}

static void
previous_product_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);

  if (self->studio != NULL && !sc_studio_pin_step (self->studio, -1))
    gtk_widget_error_bell (widget);
}

static void
unpin_cb (GtkWidget  *widget,
          const char *action_name,
          GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);

  if (self->studio != NULL)
    sc_studio_unpin (self->studio);
}

/* The end card with the next show: the host puts it up in the last minutes
 * and takes it down again. */
static void
toggle_end_card_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->studio == NULL)
    return;
  if (!sc_studio_set_end_card (self->studio, !sc_studio_get_end_card (self->studio), &error))
    {
      g_message ("%s", error->message);
      gtk_widget_error_bell (widget);
    }
}

static void
layout_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);
  ScLayoutKind layout;

  if (self->studio == NULL)
    return;
  if (!sc_layout_kind_from_string (g_variant_get_string (param, NULL), &layout))
    {
      gtk_widget_error_bell (widget);
      return;
    }
  sc_studio_set_layout (self->studio, layout);
}

/* The shortcuts do what the selected message's own buttons do. */
static void
act_on_selected_message (ScWindow   *self,
                         const char *chat_action)
{
  ScChatMessage *message = sc_chat_view_get_selected_message (SC_CHAT_VIEW (self->chat_view));

  if (message == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  gtk_widget_activate_action (self->chat_view, chat_action, "s",
                              sc_chat_message_get_id (message));
}

static void
feature_message_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  act_on_selected_message (SC_WINDOW (widget), "chat.feature");
}

static void
hide_message_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  act_on_selected_message (SC_WINDOW (widget), "chat.hide");
}

static void
search_products_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);

  gtk_stack_set_visible_child_name (self->side_stack, "products");
  gtk_widget_activate_action (self->product_list, "products.search", NULL);
}

static gboolean
is_live (ScWindow *self)
{
  ScStudioState state = self->studio ? sc_studio_get_state (self->studio) : SC_STUDIO_STATE_IDLE;

  return state == SC_STUDIO_STATE_LIVE || state == SC_STUDIO_STATE_ENDING;
}

/* Another show never replaces a live one: says so, and TRUE while live. */
static gboolean
refuse_while_live (ScWindow *self)
{
  if (!is_live (self))
    return FALSE;
  _sc_window_show_problem (self, "open", _("You are live: end the show before opening "
                                           "another one."));
  return TRUE;
}

/* A fresh window on @show replaces this one, in rehearsal. */
static void
replace_with (ScWindow     *self,
              ScShow       *show,
              const GError *error)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  ScWindow *window;

  if (application == NULL)
    return;
  window = sc_window_new (SC_APPLICATION (application), show);
  gtk_window_present (GTK_WINDOW (window));
  if (show == NULL)
    sc_window_show_error (window, _("Could Not Open the Demo Show"), error->message);
  else
    sc_window_start (window);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* A fresh window on the same show (or the demo) replaces this one. */
static void
reopen (ScWindow *self,
        gboolean  demo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = NULL;

  show = demo || self->show == NULL ? sc_show_new_demo (&error) : g_object_ref (self->show);
  replace_with (self, show, error);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ScWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = sc_show_load_finish (result, &error);

  if (show == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Could not open the show: %s"), error->message);
      _sc_window_show_problem (self, "open", message);
      return;
    }
  /* The host may have gone live while the file was read: never cut a live show. */
  if (is_live (self))
    {
      g_set_object (&self->pending_file, sc_show_get_file (show));
      _sc_window_show_problem (self, "open", _("The show opens when the live show has ended."));
      return;
    }
  replace_with (self, show, NULL);
}

void
_sc_window_load_file (ScWindow *self,
                      GFile    *file)
{
  if (refuse_while_live (self))
    return;
  _sc_window_clear_problem (self, "open");
  sc_show_load_async (file, GTK_WINDOW (self), self->cancellable, loaded_cb,
                      g_object_ref (self));
}

void
_sc_window_apply_pending (ScWindow *self)
{
  g_autoptr(GFile) file = g_steal_pointer (&self->pending_file);

  if (file != NULL)
    _sc_window_load_file (self, file);
}

static void
settings_saved_cb (ScShowSettings *settings,
                   GFile          *file,
                   ScWindow       *self)
{
  if (is_live (self))
    {
      /* Settings change the pipeline; a live show is never restarted for them. */
      g_set_object (&self->pending_file, file);
      _sc_window_show_problem (self, "settings", _("The settings are saved. They apply when "
                                                   "the live show has ended."));
      return;
    }
  _sc_window_load_file (self, file);
}

static void
open_settings (ScWindow *self,
               GFile    *file)
{
  ScShowSettings *settings = sc_show_settings_new (GTK_WINDOW (self), file);

  g_signal_connect_object (settings, "saved", G_CALLBACK (settings_saved_cb), self,
                           G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (settings));
  if (is_live (self))
    _sc_window_toast (self, _("You are live: changes apply after the show"));
}

static void
show_settings_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);

  if (self->show == NULL)
    return;
  /* The demo has no file to keep settings in: the host saves a copy of
   * their own first, and its settings open on that copy. */
  if (sc_show_get_file (self->show) == NULL)
    {
      self->settings_after_save = TRUE;
      _sc_window_toast (self, _("Save your own copy of this show to change its settings"));
      gtk_widget_activate_action (widget, "win.save-as", NULL);
      return;
    }
  open_settings (self, sc_show_get_file (self->show));
}

/* The shortcuts window is built on demand rather than by GtkApplication
 * (gtk/help-overlay.ui) for every window: a hidden toplevel in each window
 * is a subtree assistive technologies and UI robots walk for nothing. */
static void
show_help_overlay_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);

  if (self->shortcuts_window == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource ("/io/github/shopcast/Shopcast/sc-shortcuts-window.ui");

      self->shortcuts_window = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
      gtk_window_set_transient_for (self->shortcuts_window, GTK_WINDOW (self));
      gtk_window_set_destroy_with_parent (self->shortcuts_window, TRUE);
      g_object_add_weak_pointer (G_OBJECT (self->shortcuts_window),
                                 (gpointer *)&self->shortcuts_window);
    }
  gtk_window_present (self->shortcuts_window);
}

static void
new_show_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);

  if (is_live (self))
    return;
  open_settings (self, NULL);
}

static void
chosen_to_open_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ScWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = sc_show_chooser_finish (result, &error);

  if (file == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _sc_window_show_problem (self, "open", error->message);
      return;
    }
  _sc_window_load_file (self, file);
}

static void
open_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);

  if (refuse_while_live (self))
    return;
  sc_show_chooser_open_async (GTK_WINDOW (self), self->cancellable, chosen_to_open_cb,
                              g_object_ref (self));
}

/* ---- recent shows: the start page in a window of its own ------------------ */

static void
start_page_open_show_cb (ScStartPage *page,
                         GFile       *file,
                         ScWindow    *self)
{
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (page))));
  _sc_window_load_file (self, file);
}

static void
start_page_new_show_cb (ScStartPage *page,
                        ScWindow    *self)
{
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (page))));
  gtk_widget_activate_action (GTK_WIDGET (self), "win.new-show", NULL);
}

static void
start_page_open_demo_cb (ScStartPage *page,
                         ScWindow    *self)
{
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (page))));
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-demo", NULL);
}

static void
recent_shows_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);
  GtkWidget *page;
  GtkWidget *header;
  GtkWidget *box;
  AdwWindow *window;

  if (refuse_while_live (self))
    return;
  page = sc_start_page_new ();
  g_signal_connect_object (page, "open-show", G_CALLBACK (start_page_open_show_cb), self,
                           G_CONNECT_DEFAULT);
  g_signal_connect_object (page, "new-show", G_CALLBACK (start_page_new_show_cb), self,
                           G_CONNECT_DEFAULT);
  g_signal_connect_object (page, "open-demo", G_CALLBACK (start_page_open_demo_cb), self,
                           G_CONNECT_DEFAULT);

  header = adw_header_bar_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);

  window = ADW_WINDOW (adw_window_new ());
  gtk_window_set_title (GTK_WINDOW (window), _("Recent Shows"));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 520);
  adw_window_set_content (window, box);
  gtk_window_present (GTK_WINDOW (window));
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(ScWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sc_show_save_finish (SC_SHOW (object), result, &error))
    {
      g_autofree char *message = NULL;

      self->settings_after_save = FALSE;
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Could not save the show: %s"), error->message);
      _sc_window_show_problem (self, "save", message);
      return;
    }
  _sc_window_clear_problem (self, "save");
  sc_recent_shows_add (sc_show_get_file (SC_SHOW (object)));
  _sc_window_toast (self, _("Show saved"));
  if (self->settings_after_save)
    {
      self->settings_after_save = FALSE;
      open_settings (self, sc_show_get_file (SC_SHOW (object)));
    }
}

static void
save_to (ScWindow *self,
         GFile    *file)
{
  sc_show_save_async (self->show, file, self->cancellable, saved_cb, g_object_ref (self));
}

static void
chosen_to_save_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ScWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = sc_show_chooser_finish (result, &error);

  if (file == NULL)
    {
      self->settings_after_save = FALSE;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _sc_window_show_problem (self, "save", error->message);
      return;
    }
  if (self->show != NULL)
    save_to (self, file);
}

static void
save_as_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);

  if (self->show == NULL)
    return;
  sc_show_chooser_save_async (GTK_WINDOW (self), sc_show_get_title (self->show),
                              self->cancellable, chosen_to_save_cb, g_object_ref (self));
}

static void
save_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);
  GFile *file;

  if (self->show == NULL)
    return;
  /* The demo and new shows have no file yet: Save is Save As for them. */
  if ((file = sc_show_get_file (self->show)) == NULL || !g_file_is_native (file))
    save_as_cb (widget, action_name, param);
  else
    save_to (self, file);
}

typedef struct {
  ScWindow *window;
  guint     index;
} KeyRequest;

gboolean
_sc_window_use_key (ScWindow    *self,
                    guint        index,
                    const char  *key,
                    GError     **error)
{
  g_autoptr(ScOutputConfig) config = NULL;
  GPtrArray *outputs;
  GListModel *running;
  guint n;

  if (self->show == NULL || index >= (outputs = sc_show_get_outputs (self->show))->len)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The show has no destination %u"), index + 1);
      return FALSE;
    }
  config = sc_output_config_copy (g_ptr_array_index (outputs, index));
  g_free (config->key);
  config->key = g_strdup (key);
  if (!sc_show_update_output (self->show, index, config, error))
    return FALSE;

  /* The outputs were built when rehearsal began: rehearse again with the key. */
  if (sc_studio_get_state (self->studio) == SC_STUDIO_STATE_REHEARSAL)
    {
      reopen (self, FALSE);
      return TRUE;
    }
  /* Live: the destination whose key was refused (or that is between two
   * attempts) tries again at once with the new one; the rest of the show
   * is not touched. */
  running = sc_studio_get_outputs (self->studio);
  n = g_list_model_get_n_items (running);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScOutput) output = g_list_model_get_item (running, i);
      ScOutputState state = sc_output_get_state (output);

      if (sc_output_is_recording (output)
          || g_strcmp0 (sc_output_get_name (output), config->name) != 0)
        continue;
      if ((state == SC_OUTPUT_STATE_FAILED || state == SC_OUTPUT_STATE_RECONNECTING)
          && sc_output_update_config (output, config))
        sc_output_reconnect_now (output);
    }
  return TRUE;
}

static void
key_stored_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  KeyRequest *request = user_data;
  g_autoptr(ScWindow) self = request->window;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = sc_key_dialog_ask_finish (result, &error);
  guint index = request->index;

  g_free (request);
  if (key == NULL || self->show == NULL || self->studio == NULL)
    return;
  if (!_sc_window_use_key (self, index, key, &error))
    _sc_window_show_problem (self, "key", error->message);
}

static void
add_key_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  ScWindow *self = SC_WINDOW (widget);
  guint index = g_variant_get_uint32 (param);
  const ScOutputConfig *config;
  g_autofree char *purpose = NULL;
  GPtrArray *outputs;
  KeyRequest *request;

  if (self->show == NULL)
    return;
  outputs = sc_show_get_outputs (self->show);
  if (index >= outputs->len)
    return;
  config = g_ptr_array_index (outputs, index);
  if (config->key_env == NULL)
    return;

  if (sc_output_url_is_srt (config->url))
    /* Translators: %s is a destination, e.g. "Studio relay". */
    purpose = g_strdup_printf (_("the SRT passphrase of “%s”"), config->name);
  else
    /* Translators: %s is a destination, e.g. "YouTube". */
    purpose = g_strdup_printf (_("the stream key of “%s”"), config->name);
  request = g_new0 (KeyRequest, 1);
  request->window = g_object_ref (self);
  request->index = index;
  sc_key_dialog_ask_async (GTK_WINDOW (self), config->key_env, purpose, self->cancellable,
                           key_stored_cb, request);
}

static void
open_demo_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  reopen (SC_WINDOW (widget), TRUE);
}

static void
restart_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  reopen (SC_WINDOW (widget), FALSE);
}

void
_sc_window_actions_update (ScWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  ScStudioState state = self->studio ? sc_studio_get_state (self->studio) : SC_STUDIO_STATE_IDLE;
  gboolean running = state == SC_STUDIO_STATE_REHEARSAL || state == SC_STUDIO_STATE_LIVE;
  gboolean selected = self->chat_view != NULL
                      && sc_chat_view_get_selected_message (SC_CHAT_VIEW (self->chat_view)) != NULL;
  gboolean failed = state == SC_STUDIO_STATE_FAILED
                    || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "error") == 0;

  gtk_widget_action_set_enabled (widget, "win.go-live", state == SC_STUDIO_STATE_REHEARSAL);
  gtk_widget_action_set_enabled (widget, "win.end-show", state == SC_STUDIO_STATE_LIVE);
  gtk_widget_action_set_enabled (widget, "win.toggle-mute", running);
  gtk_widget_action_set_enabled (widget, "win.next-product", running);
  gtk_widget_action_set_enabled (widget, "win.previous-product", running);
  gtk_widget_action_set_enabled (widget, "win.unpin", running);
  gtk_widget_action_set_enabled (widget, "win.layout", running);
  gtk_widget_action_set_enabled (widget, "win.toggle-end-card",
                                 running && sc_show_get_next_show (sc_studio_get_show (self->studio)));
  gtk_widget_action_set_enabled (widget, "win.feature-message", running && selected);
  gtk_widget_action_set_enabled (widget, "win.hide-message", running && selected);
  gtk_widget_action_set_enabled (widget, "win.open-recording-folder",
                                 self->studio != NULL
                                 && sc_studio_get_recording_path (self->studio) != NULL
                                 && state != SC_STUDIO_STATE_LIVE);
  gtk_widget_action_set_enabled (widget, "win.show-report",
                                 self->ended_show_id > 0 && !is_live (self));
  gtk_widget_action_set_enabled (widget, "win.restart", failed && self->show != NULL);
  gtk_widget_action_set_enabled (widget, "win.open-demo", failed);
  /* While live too: a destination whose key was refused gets a new one. */
  gtk_widget_action_set_enabled (widget, "win.add-key",
                                 state != SC_STUDIO_STATE_ENDING
                                 && state != SC_STUDIO_STATE_STOPPING);
  gtk_widget_action_set_enabled (widget, "win.show-settings", self->show != NULL);
  gtk_widget_action_set_enabled (widget, "win.save", self->show != NULL);
  gtk_widget_action_set_enabled (widget, "win.save-as", self->show != NULL);
  gtk_widget_action_set_enabled (widget, "win.open", !is_live (self));
  gtk_widget_action_set_enabled (widget, "win.recent-shows", !is_live (self));
  gtk_widget_action_set_enabled (widget, "win.new-show", !is_live (self));
}

void
_sc_window_class_actions_init (ScWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *layouts[] = { "solo", "pip", "side-by-side", "product-focus" };

  gtk_widget_class_install_action (widget_class, "win.go-live", NULL, go_live_cb);
  gtk_widget_class_install_action (widget_class, "win.end-show", NULL, end_show_cb);
  gtk_widget_class_install_property_action (widget_class, "win.toggle-mute", "muted");
  gtk_widget_class_install_action (widget_class, "win.next-product", NULL, next_product_cb);
  gtk_widget_class_install_action (widget_class, "win.previous-product", NULL,
                                   previous_product_cb);
  gtk_widget_class_install_action (widget_class, "win.unpin", NULL, unpin_cb);
  gtk_widget_class_install_action (widget_class, "win.layout", "s", layout_cb);
  gtk_widget_class_install_action (widget_class, "win.toggle-end-card", NULL,
                                   toggle_end_card_cb);
  gtk_widget_class_install_action (widget_class, "win.feature-message", NULL,
                                   feature_message_cb);
  gtk_widget_class_install_action (widget_class, "win.hide-message", NULL, hide_message_cb);
  gtk_widget_class_install_action (widget_class, "win.search-products", NULL,
                                   search_products_cb);
  gtk_widget_class_install_action (widget_class, "win.open-recording-folder", NULL,
                                   open_recording_folder_cb);
  gtk_widget_class_install_action (widget_class, "win.show-report", NULL, show_report_cb);
  gtk_widget_class_install_action (widget_class, "win.dismiss-problem", NULL,
                                   dismiss_problem_cb);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, open_demo_cb);
  gtk_widget_class_install_action (widget_class, "win.add-key", "u", add_key_cb);
  gtk_widget_class_install_action (widget_class, "win.restart", NULL, restart_cb);
  gtk_widget_class_install_action (widget_class, "win.show-settings", NULL, show_settings_cb);
  gtk_widget_class_install_action (widget_class, "win.new-show", NULL, new_show_cb);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   show_help_overlay_cb);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_cb);
  gtk_widget_class_install_action (widget_class, "win.recent-shows", NULL, recent_shows_cb);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_cb);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_cb);

  /* The shortcuts of docs/shortcuts.md. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_L,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.go-live", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_E,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.end-show", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK,
                                       "win.toggle-mute", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK,
                                       "win.next-product", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK,
                                       "win.previous-product", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_u, GDK_CONTROL_MASK,
                                       "win.unpin", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search-products", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.feature-message", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_H,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.hide-message", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_N,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.toggle-end-card", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_question, GDK_CONTROL_MASK,
                                       "win.show-help-overlay", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK,
                                       "win.show-settings", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-show", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_S,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.save-as", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK,
                                         "win.layout", "s", layouts[i]);
}
