/* sc-command-line.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-command-line"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <glib/gi18n.h>

#include "media/sc-media-config.h"
#include "overlay/sc-layout.h"
#include "sc-check-command.h"
#include "sc-command-line.h"
#include "sc-headless.h"
#include "sc-invite-command.h"
#include "sc-report.h"
#include "sc-sync-command.h"

/* The options of `shopcast` and what they do without a window: the studio
 * window (ui/sc-application.c) and the headless engine (engine-main.c, no
 * GTK in its process) parse the same table and run the same commands. */

static const GOptionEntry option_entries[] = {
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { "headless", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Run the show without a window (needs --demo or --show)"), NULL },
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open the built-in demo show"), NULL },
  { "store-secret", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Store the stream key or token read from standard input in the Secret Service "
       "under NAME (the name a show file gives in key_env or token_env), and exit"),
    N_("NAME") },
  { "sync-catalog", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Sync the catalog of the --show file’s shop once, print a JSON summary and exit"),
    NULL },
  { "check", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Check the show file FILE and the files it names; print it normalised, or every "
       "error found, and exit"), N_("FILE") },
  { "report", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Write the report of show SHOW (its number, or “latest”) from the show database to "
       "the --out folder, and exit"), N_("SHOW") },
  { "out", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("The folder --report writes to"), N_("DIR") },
  { "show", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the show file FILE"), N_("FILE") },
  { "duration", 0, 0, G_OPTION_ARG_DOUBLE, NULL,
    N_("Stop a headless show after SECONDS (default: when interrupted)"), N_("SECONDS") },
  { "rehearse", 0, 0, G_OPTION_ARG_DOUBLE, NULL,
    N_("Rehearse a headless show for SECONDS before going live (default: live at once)"),
    N_("SECONDS") },
  { "output", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL,
    N_("Also stream to the RTMP URL (may be given more than once)"), N_("URL") },
  { "record", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Record to PATH instead of the show’s recording path"), N_("PATH") },
  { "events", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write the event log as JSON lines to PATH (“-” for standard output)"), N_("PATH") },
  { "snapshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Save the composited picture of a headless show as PNG"), N_("PNG") },
  { "pin", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Pin the product with this id or SKU when the show starts"), N_("PRODUCT_ID") },
  { "layout", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Start with the layout NAME: solo, pip, side-by-side or product-focus"), N_("NAME") },
  { "auto-advance", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Move on to the next product of the rundown when a segment’s minutes are up "
       "(headless)"), NULL },
  { "invite", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write the --show file’s next show as a calendar invite to FILE (.ics) and exit"),
    N_("FILE") },
  { "end-card", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the end card with the next show from the start of a headless show"), NULL },
  /* Hidden: for bench/ only, so not worth a translator's time. */
  { "bench-stock-changes", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_DOUBLE, NULL,
    "Change the pinned product's stock RATE times a second (headless)", "RATE" },
  { NULL }
};

void
sc_headless_options_clear (ScHeadlessOptions *options)
{
  g_clear_pointer (&options->show_path, g_free);
  g_clear_pointer (&options->output_urls, g_strfreev);
  g_clear_pointer (&options->record_path, g_free);
  g_clear_pointer (&options->events_path, g_free);
  g_clear_pointer (&options->snapshot_path, g_free);
  g_clear_pointer (&options->pin, g_free);
  g_clear_pointer (&options->layout, g_free);
}


/* The GUI takes the same options as the headless runner, so one struct
 * carries them both ways. */
void
sc_command_line_read_options (GVariantDict      *dict,
                              ScHeadlessOptions *options)
{
  options->demo = g_variant_dict_contains (dict, "demo");
  g_variant_dict_lookup (dict, "show", "^ay", &options->show_path);
  g_variant_dict_lookup (dict, "duration", "d", &options->duration_s);
  g_variant_dict_lookup (dict, "rehearse", "d", &options->rehearse_s);
  g_variant_dict_lookup (dict, "output", "^as", &options->output_urls);
  g_variant_dict_lookup (dict, "record", "^ay", &options->record_path);
  g_variant_dict_lookup (dict, "events", "^ay", &options->events_path);
  g_variant_dict_lookup (dict, "snapshot", "^ay", &options->snapshot_path);
  g_variant_dict_lookup (dict, "pin", "s", &options->pin);
  g_variant_dict_lookup (dict, "layout", "s", &options->layout);
  options->auto_advance = g_variant_dict_contains (dict, "auto-advance");
  options->end_card = g_variant_dict_contains (dict, "end-card");
  g_variant_dict_lookup (dict, "bench-stock-changes", "d", &options->bench_stock_changes);
}

static gboolean
check_usage (const ScHeadlessOptions  *options,
             gboolean                  headless,
             GError                  **error)
{
  ScLayoutKind layout;

  if (options->demo && options->show_path != NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--demo and --show cannot be used together"));
      return FALSE;
    }

  if (!isfinite (options->duration_s) || options->duration_s < 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--duration needs a number of seconds, 0 or more"));
      return FALSE;
    }

  if (!isfinite (options->rehearse_s) || options->rehearse_s < 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--rehearse needs a number of seconds, 0 or more"));
      return FALSE;
    }

  if (!isfinite (options->bench_stock_changes) || options->bench_stock_changes < 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--bench-stock-changes needs a rate, 0 or more"));
      return FALSE;
    }

  if (options->layout != NULL && !sc_layout_kind_from_string (options->layout, &layout))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Unknown layout “%s”: use solo, pip, side-by-side or product-focus"),
                   options->layout);
      return FALSE;
    }

  if (headless && !options->demo && options->show_path == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--headless needs a show: add --demo or --show FILE"));
      return FALSE;
    }

  if (!headless && (options->duration_s > 0 || options->snapshot_path != NULL
                    || options->bench_stock_changes > 0 || options->rehearse_s > 0))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--duration, --rehearse, --snapshot and --bench-stock-changes "
                             "work only with --headless"));
      return FALSE;
    }

  /* In the window the host moves on with Next. */
  if (!headless && options->auto_advance)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--auto-advance works only with --headless"));
      return FALSE;
    }

  if (!headless && options->end_card)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--end-card works only with --headless (in the window: Show or "
                             "Hide the End Card in the main menu)"));
      return FALSE;
    }

  return TRUE;
}

void
sc_command_line_print_usage_hint (void)
{
  /* Translators: %s is the program name, "shopcast". */
  g_printerr (_("Run “%s --help” to see all options.\n"), g_get_prgname ());
}

gboolean
sc_command_line_parse (GApplicationClass   *parent_class,
                       GApplication        *application,
                       char              ***arguments,
                       int                 *exit_status,
                       gboolean            *options_parsed)
{
  gboolean handled;

  *options_parsed = FALSE;
  handled = parent_class->local_command_line (application, arguments, exit_status);
  /* GApplication refused the command line (its 1) before our handler ran. */
  if (handled && !*options_parsed && *exit_status != 0)
    {
      sc_command_line_print_usage_hint ();
      *exit_status = SC_EXIT_BAD_USAGE;
    }
  return handled;
}

void
sc_command_line_setup (GApplication *application)
{
  g_application_add_main_option_entries (application, option_entries);
  g_application_set_option_context_parameter_string (application,
                                                     _("— host live shopping shows"));
  g_application_set_option_context_summary (application,
                                            _("Opens the studio window on a show. With "
                                              "--headless, runs the show without a display "
                                              "and logs its events."));
  g_application_set_option_context_description (application,
                                                _("Exit status: 0 the show ran, 1 runtime "
                                                  "failure, 2 bad usage or bad show file."));
}

int
sc_command_line_handle (GVariantDict            *dict,
                        ScCommandLineStoreSecret  store_secret)
{
  g_auto(ScHeadlessOptions) options = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean headless;

  if (g_variant_dict_contains (dict, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  headless = g_variant_dict_contains (dict, "headless");
  sc_command_line_read_options (dict, &options);

  if (g_variant_dict_contains (dict, "store-secret"))
    {
      const char *name = NULL;

      g_variant_dict_lookup (dict, "store-secret", "&s", &name);
      if (store_secret == NULL)
        {
          g_printerr ("%s: %s\n", g_get_prgname (),
                      _("--store-secret cannot be used with --headless"));
          return SC_EXIT_BAD_USAGE;
        }
      return store_secret (name);
    }

  if (g_variant_dict_contains (dict, "check"))
    {
      const char *check_path = NULL;

      g_variant_dict_lookup (dict, "check", "^&ay", &check_path);
      return sc_check_command_run (check_path);
    }

  /* --output URL is checked as an output in a show file is. */
  for (guint i = 0; options.output_urls != NULL && options.output_urls[i] != NULL; i++)
    {
      g_autoptr(ScOutputConfig) output =
        sc_output_config_new_from_url (NULL, options.output_urls[i], &error);

      if (output == NULL)
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          return SC_EXIT_BAD_USAGE;
        }
    }

  /* One-shot commands: no show runs, no window opens. */
  if (g_variant_dict_contains (dict, "invite"))
    {
      const char *ics_path = NULL;

      g_variant_dict_lookup (dict, "invite", "^&ay", &ics_path);
      if (headless)
        {
          g_printerr ("%s: %s\n", g_get_prgname (),
                      _("--invite takes --show FILE or --demo, not --headless"));
          return SC_EXIT_BAD_USAGE;
        }
      return sc_invite_command_run (ics_path, options.show_path, options.demo);
    }

  if (g_variant_dict_contains (dict, "report"))
    {
      const char *report = NULL;
      const char *out_dir = NULL;

      if (headless || options.demo || options.show_path != NULL ||
          g_variant_dict_contains (dict, "sync-catalog"))
        {
          g_printerr ("%s: %s\n", g_get_prgname (), _("--report takes --out DIR, nothing else"));
          return SC_EXIT_BAD_USAGE;
        }
      g_variant_dict_lookup (dict, "report", "&s", &report);
      g_variant_dict_lookup (dict, "out", "^&ay", &out_dir);
      return sc_report_command_run (report, out_dir);
    }
  if (g_variant_dict_contains (dict, "out"))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("--out goes with --report"));
      return SC_EXIT_BAD_USAGE;
    }
  if (g_variant_dict_contains (dict, "sync-catalog"))
    {
      if (headless || options.demo)
        {
          g_printerr ("%s: %s\n", g_get_prgname (),
                      _("--sync-catalog takes --show FILE (and --events), nothing else"));
          return SC_EXIT_BAD_USAGE;
        }
      return sc_sync_command_run (options.show_path, options.events_path);
    }

  if (!check_usage (&options, headless, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      sc_command_line_print_usage_hint ();
      return SC_EXIT_BAD_USAGE;
    }

  if (headless)
    return sc_headless_run (&options);
  return -1;
}

