/* main.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "shopcast"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "ui/sc-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ScApplication) app = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname (PACKAGE_NAME);
  g_set_application_name ("Shopcast");

  app = sc_application_new ();

  status = g_application_run (G_APPLICATION (app), argc, argv);

  return status != 0 ? status : sc_application_get_exit_status (app);
}
