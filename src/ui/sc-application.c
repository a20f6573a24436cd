/* sc-application.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-application"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "data/sc-resources.h"
#include "overlay/sc-layout.h"
#include "media/sc-media-config.h"
#include "studio/sc-command-line.h"
#include "sc-help.h"
#include "sc-secrets.h"
#include "ui/sc-application.h"
#include "ui/sc-show-loader.h"
#include "ui/sc-window.h"

#define EXIT_RUNTIME_FAILURE 1

struct _ScApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  guint           sigint_source;
  guint           sigterm_source;
  /* GApplication reports 0 for a local command line that opened a window;
   * this keeps a bad show file's 2 for main() to return. */
  int             exit_status;
  /* Whether option parsing got as far as ::handle-local-options; if not,
   * GApplication rejected the command line and we turn its 1 into a 2. */
  gboolean        options_parsed;
};

G_DEFINE_FINAL_TYPE (ScApplication, sc_application, ADW_TYPE_APPLICATION)

static gboolean
sc_application_local_command_line (GApplication   *application,
                                   char         ***arguments,
                                   int            *exit_status)
{
  return sc_command_line_parse (G_APPLICATION_CLASS (sc_application_parent_class), application,
                                arguments, exit_status,
                                &SC_APPLICATION (application)->options_parsed);
}

/* The secret comes on standard input, never on the command line where
 * other users' `ps` would see it. */
static int
store_secret (const char *name)
{
  g_autoptr(GInputStream) input = g_unix_input_stream_new (0, FALSE);
  g_autoptr(GDataInputStream) data = g_data_input_stream_new (input);
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  value = g_data_input_stream_read_line_utf8 (data, NULL, NULL, &error);
  if (value == NULL || value[0] == '\0')
    {
      g_printerr ("%s: %s\n", g_get_prgname (),
                  error ? error->message : _("--store-secret reads the secret from standard "
                                             "input, and it was empty"));
      return SC_EXIT_BAD_USAGE;
    }
  if (!sc_secrets_store (name, g_strchomp (value), &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return EXIT_FAILURE;
    }
  return EXIT_SUCCESS;
}

/* Runs before the application registers on the session bus and before GTK
 * is initialised, so --version and --headless need neither a bus nor a display. */
static int
sc_application_handle_local_options (GApplication *application,
                                     GVariantDict *dict)
{
  ScApplication *self = SC_APPLICATION (application);
  int status;

  self->options_parsed = TRUE;
  status = sc_command_line_handle (dict, store_secret);
  /* The window finds stream keys and shop tokens in the Secret Service too. */
  if (status < 0)
    sc_secrets_install_for_shows ();
  return status;
}

static GSettings *
load_settings (void)
{
  GSettingsSchemaSource *installed = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchemaSource) build_tree = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;

  if (installed != NULL)
    schema = g_settings_schema_source_lookup (installed, APP_ID, TRUE);

  /* Running from the build tree (build-aux/dev run): the schema is compiled
   * there but not installed, and g_settings_new() would abort. */
  if (schema == NULL)
    {
      build_tree = g_settings_schema_source_new_from_directory (SC_BUILD_SCHEMA_DIR, installed,
                                                                FALSE, NULL);
      if (build_tree != NULL)
        schema = g_settings_schema_source_lookup (build_tree, APP_ID, FALSE);
    }

  if (schema == NULL)
    {
      g_message ("GSettings schema %s is not installed; window size and "
                 "last show will not be remembered", APP_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static char *
resolve_path (GApplicationCommandLine *cmdline,
              const char              *arg)
{
  g_autoptr(GFile) file = NULL;

  if (arg == NULL)
    return NULL;

  /* Relative to the directory the command was run in, which differs from
   * ours when the command was forwarded to an already running instance. */
  file = g_application_command_line_create_file_for_arg (cmdline, arg);

  return g_file_get_path (file);
}

/* The show a command line asks for: --show FILE, else the show opened last
 * (@is_last), else NULL for the demo. */
static GFile *
show_file_for (ScApplication            *self,
               GApplicationCommandLine  *cmdline,
               const ScHeadlessOptions  *options,
               gboolean                 *is_last)
{
  g_autofree char *last_path = NULL;

  *is_last = FALSE;
  if (options->show_path != NULL)
    return g_application_command_line_create_file_for_arg (cmdline, options->show_path);
  if (options->demo || self->settings == NULL)
    return NULL;
  last_path = g_settings_get_string (self->settings, "last-show-path");
  if (last_path == NULL || last_path[0] == '\0')
    return NULL;
  *is_last = TRUE;
  return g_file_new_for_path (last_path);
}

static void
remember_show (ScApplication *self,
               GFile         *file)
{
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  /* A GSettings string must be UTF-8; other paths are not remembered. */
  if (self->settings != NULL && path != NULL && g_utf8_validate (path, -1, NULL))
    g_settings_set_string (self->settings, "last-show-path", path);
}

/* Command-line overrides go to the studio before it starts. */
static gboolean
configure_studio (ScStudio                 *studio,
                  GApplicationCommandLine  *cmdline,
                  const ScHeadlessOptions  *options,
                  GError                  **error)
{
  g_autofree char *record_path = NULL;

  for (guint i = 0; options->output_urls != NULL && options->output_urls[i] != NULL; i++)
    sc_studio_add_output_url (studio, options->output_urls[i]);

  record_path = resolve_path (cmdline, options->record_path);
  if (record_path != NULL)
    sc_studio_set_recording_path (studio, record_path);

  if (options->events_path != NULL)
    {
      g_autoptr(ScEventLog) log = NULL;
      g_autofree char *events_path = NULL;

      if (g_strcmp0 (options->events_path, "-") == 0)
        events_path = g_strdup ("-");
      else
        events_path = resolve_path (cmdline, options->events_path);

      log = sc_event_log_new_for_path (events_path, error);
      if (log == NULL)
        return FALSE;
      sc_studio_set_event_log (studio, log);
    }

  return TRUE;
}

/* Layout and pin; failing them leaves the show as it is. */
static void
apply_live_options (ScStudio                *studio,
                    GApplicationCommandLine *cmdline,
                    const ScHeadlessOptions *options)
{
  g_autoptr(GError) error = NULL;
  ScLayoutKind layout;

  if (options->layout != NULL
      && sc_layout_kind_from_string (options->layout, &layout)
      && !sc_studio_set_layout (studio, layout))
    g_application_command_line_printerr (cmdline, _("Could not switch to the layout “%s”\n"),
                                         options->layout);

  if (options->pin != NULL && !sc_studio_pin (studio, options->pin, &error))
    g_application_command_line_printerr (cmdline, _("Could not pin “%s”: %s\n"),
                                         options->pin, error->message);
}

/* One command line of the window, while its show loads off the main loop
 * (file, parse and Secret Service lookups: a locked keyring never freezes
 * the app). */
typedef struct {
  ScApplication           *self;
  GApplicationCommandLine *cmdline;
  ScHeadlessOptions        options;
  GFile                   *file;
  gboolean                 is_last;
} OpenRequest;

static void
open_request_free (OpenRequest *request)
{
  sc_headless_options_clear (&request->options);
  g_clear_object (&request->file);
  g_clear_object (&request->cmdline);
  g_application_release (G_APPLICATION (request->self));
  g_clear_object (&request->self);
  g_free (request);
}

static void
finish_open (OpenRequest *request,
             int          status)
{
  if (!g_application_command_line_get_is_remote (request->cmdline))
    request->self->exit_status = MAX (request->self->exit_status, status);
  g_application_command_line_set_exit_status (request->cmdline, status);
  open_request_free (request);
}

static int
open_show (OpenRequest *request,
           ScShow      *show,
           GError      *load_error)
{
  ScApplication *self = request->self;
  GApplicationCommandLine *cmdline = request->cmdline;
  g_autoptr(GError) error = NULL;
  ScWindow *window = sc_window_new (self, show);

  if (show == NULL)
    {
      g_application_command_line_printerr (cmdline, "%s\n", load_error->message);
      sc_window_show_error (window, _("Could Not Open the Show"), load_error->message);
      gtk_window_present (GTK_WINDOW (window));
      return SC_EXIT_BAD_USAGE;
    }

  if (!configure_studio (sc_window_get_studio (window), cmdline, &request->options, &error))
    {
      g_application_command_line_printerr (cmdline, "%s\n", error->message);
      gtk_window_destroy (GTK_WINDOW (window));
      return EXIT_RUNTIME_FAILURE;
    }

  /* Layout and pin apply before the start too: the show opens with them. */
  apply_live_options (sc_window_get_studio (window), cmdline, &request->options);
  gtk_window_present (GTK_WINDOW (window));
  sc_window_start (window);
  return EXIT_SUCCESS;
}

static void
demo_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  OpenRequest *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = sc_show_load_finish (result, &error);

  finish_open (request, open_show (request, show, error));
}

static void
show_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  OpenRequest *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = sc_show_load_finish (result, &error);

  if (show == NULL && request->is_last)
    {
      /* A moved or deleted show must not lock the user out of the app. */
      g_application_command_line_printerr (request->cmdline,
                                           _("Could not open the last show, opening the "
                                             "demo show instead: %s\n"),
                                           error->message);
      sc_show_load_async (NULL, NULL, NULL, demo_loaded_cb, request);
      return;
    }
  if (show != NULL && !request->is_last)
    remember_show (request->self, request->file);
  finish_open (request, open_show (request, show, error));
}

static int
open_command_line (ScApplication           *self,
                   GApplicationCommandLine *cmdline)
{
  OpenRequest *request;
  GtkWindow *active;

  request = g_new0 (OpenRequest, 1);
  sc_command_line_read_options (g_application_command_line_get_options_dict (cmdline),
                                &request->options);

  /* A plain second launch brings the running studio forward. */
  active = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (active != NULL && !request->options.demo && request->options.show_path == NULL)
    {
      sc_headless_options_clear (&request->options);
      g_free (request);
      gtk_window_present (active);
      return EXIT_SUCCESS;
    }

  request->self = g_object_ref (self);
  request->cmdline = g_object_ref (cmdline);
  request->file = show_file_for (self, cmdline, &request->options, &request->is_last);
  /* Until the show is open (the command line's exit status is set then). */
  g_application_hold (G_APPLICATION (self));
  sc_show_load_async (request->file, NULL, NULL, show_loaded_cb, request);
  return EXIT_SUCCESS;
}

static int
sc_application_command_line (GApplication            *application,
                             GApplicationCommandLine *cmdline)
{
  /* The exit status is set on @cmdline once the show has loaded. */
  return open_command_line (SC_APPLICATION (application), cmdline);
}

static void
sc_application_activate (GApplication *application)
{
  ScApplication *self = SC_APPLICATION (application);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = NULL;
  GtkWindow *active;
  ScWindow *window;

  active = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (active != NULL)
    {
      gtk_window_present (active);
      return;
    }

  show = sc_show_new_demo (&error);
  window = sc_window_new (self, show);
  gtk_window_present (GTK_WINDOW (window));

  if (show == NULL)
    sc_window_show_error (window, _("Could Not Open the Show"), error->message);
  else
    sc_window_start (window);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplication *application = user_data;
  GList *windows = gtk_application_get_windows (application);
  g_autoptr(GList) copy = g_list_copy (windows);

  /* Close rather than quit: each window stops its show and finalises the
   * recording first; the application exits when the last window is gone. */
  for (GList *l = copy; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *application = user_data;
  static const char *developers[] = { "Shopcast developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (application),
                        "modal", TRUE,
                        "application-name", "Shopcast",
                        "application-icon", APP_ID,
                        "developer-name", "Shopcast developers",
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/shopcast/shopcast",
                        "issue-url", "https://github.com/shopcast/shopcast/issues",
                        "copyright", "© 2026 Shopcast developers",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* A logout or Ctrl+C in the terminal closes the windows like app.quit, so
 * the recording is finalised instead of cut off. */
static gboolean
on_quit_signal (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);

  return G_SOURCE_CONTINUE;
}

static void
help_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  sc_help_show (gtk_application_get_active_window (GTK_APPLICATION (user_data)));
}

static const GActionEntry app_actions[] = {
  { .name = "quit", .activate = quit_activated },
  { .name = "about", .activate = about_activated },
  { .name = "help", .activate = help_activated },
};

static void
sc_application_startup (GApplication *application)
{
  ScApplication *self = SC_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *help_accels[] = { "F1", NULL };

  G_APPLICATION_CLASS (sc_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", help_accels);

  self->settings = load_settings ();

  self->sigint_source = g_unix_signal_add (SIGINT, on_quit_signal, self);
  self->sigterm_source = g_unix_signal_add (SIGTERM, on_quit_signal, self);
}

static void
sc_application_shutdown (GApplication *application)
{
  ScApplication *self = SC_APPLICATION (application);

  g_clear_handle_id (&self->sigint_source, g_source_remove);
  g_clear_handle_id (&self->sigterm_source, g_source_remove);

  G_APPLICATION_CLASS (sc_application_parent_class)->shutdown (application);
}

static void
sc_application_dispose (GObject *object)
{
  ScApplication *self = SC_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sc_application_parent_class)->dispose (object);
}

static void
sc_application_class_init (ScApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sc_application_dispose;

  app_class->local_command_line = sc_application_local_command_line;
  app_class->handle_local_options = sc_application_handle_local_options;
  app_class->command_line = sc_application_command_line;
  app_class->activate = sc_application_activate;
  app_class->startup = sc_application_startup;
  app_class->shutdown = sc_application_shutdown;

  /* Registered here, once per process and before any template or style
   * sheet is looked up: the headless runner needs the resources too. */
  sc_ui_register_resource ();
}

static void
sc_application_init (ScApplication *self)
{
  GApplication *application = G_APPLICATION (self);

  sc_command_line_setup (application);
}

ScApplication *
sc_application_new (void)
{
  return g_object_new (SC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

GSettings *
sc_application_get_settings (ScApplication *self)
{
  g_return_val_if_fail (SC_IS_APPLICATION (self), NULL);

  return self->settings;
}

int
sc_application_get_exit_status (ScApplication *self)
{
  g_return_val_if_fail (SC_IS_APPLICATION (self), 1);

  return self->exit_status;
}
