/* engine-main.c — shopcast-engine
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `shopcast --headless …` runs here (main.c hands the command line over):
 * the same options and commands (studio/sc-command-line.c), in a process
 * without GTK and libadwaita. */

#define G_LOG_DOMAIN "shopcast"

#include "config.h"

#include <glib/gi18n.h>

#include "base/sc-process.h"
#include "studio/sc-command-line.h"

#define SC_TYPE_ENGINE (sc_engine_get_type ())
G_DECLARE_FINAL_TYPE (ScEngine, sc_engine, SC, ENGINE, GApplication)

struct _ScEngine
{
  GApplication parent_instance;
  gboolean     options_parsed;
};

G_DEFINE_FINAL_TYPE (ScEngine, sc_engine, G_TYPE_APPLICATION)

static gboolean
sc_engine_local_command_line (GApplication   *application,
                              char         ***arguments,
                              int            *exit_status)
{
  return sc_command_line_parse (G_APPLICATION_CLASS (sc_engine_parent_class), application,
                                arguments, exit_status, &SC_ENGINE (application)->options_parsed);
}

static int
sc_engine_handle_local_options (GApplication *application,
                                GVariantDict *dict)
{
  int status;

  SC_ENGINE (application)->options_parsed = TRUE;
  status = sc_command_line_handle (dict, NULL);
  if (status >= 0)
    return status;
  g_printerr ("%s: %s\n", g_get_prgname (),
              _("this program runs shows without a window: add --headless"));
  return SC_EXIT_BAD_USAGE;
}

static void
sc_engine_class_init (ScEngineClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->local_command_line = sc_engine_local_command_line;
  app_class->handle_local_options = sc_engine_handle_local_options;
}

static void
sc_engine_init (ScEngine *self)
{
  sc_command_line_setup (G_APPLICATION (self));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ScEngine) engine = NULL;

  sc_process_tune_malloc ();
  sc_process_init_locale ();
  /* Messages and --help name the program people ran. */
  g_set_prgname (PACKAGE_NAME);
  g_set_application_name ("Shopcast");

  engine = g_object_new (SC_TYPE_ENGINE, "application-id", APP_ID,
                         "flags", G_APPLICATION_NON_UNIQUE, NULL);
  return g_application_run (G_APPLICATION (engine), argc, argv);
}
