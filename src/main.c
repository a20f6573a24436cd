/* main.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "shopcast"

#include "config.h"

#include <errno.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "base/sc-process.h"
#include "ui/sc-application.h"

/* A headless show runs in shopcast-engine (engine-main.c), the same
 * command line without GTK and libadwaita in the process: about 4 MB of
 * their pages a show does not need (docs/performance.md). Only when it
 * cannot be started does the show run here. */
static void
exec_engine_if_headless (char *argv[])
{
  g_autofree char *engine = NULL;
  gboolean headless = FALSE;

  for (int i = 1; argv[i] != NULL && !g_str_equal (argv[i], "--"); i++)
    {
      if (g_str_equal (argv[i], "--headless"))
        headless = TRUE;
      /* Secrets are stored through the window's Secret Service code. */
      if (g_str_has_prefix (argv[i], "--store-secret"))
        return;
    }
  if (!headless || (engine = sc_process_find_helper ("shopcast-engine")) == NULL)
    return;
  execv (engine, argv);
  g_warning ("Could not run %s: %s; the show runs in this process", engine, g_strerror (errno));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ScApplication) app = NULL;
  int status;

  exec_engine_if_headless (argv);

  sc_process_init_locale ();
  /* The locale is set above, once: gtk_init() would set it again from the
   * environment and undo the C.UTF-8 there. */
  gtk_disable_setlocale ();

  g_set_prgname (PACKAGE_NAME);
  g_set_application_name ("Shopcast");

  app = sc_application_new ();

  status = g_application_run (G_APPLICATION (app), argc, argv);

  return status != 0 ? status : sc_application_get_exit_status (app);
}
