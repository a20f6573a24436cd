/* main.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "shopcast"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "ui/sc-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ScApplication) app = NULL;
  int status;

  const char *localedir = g_getenv ("SHOPCAST_LOCALEDIR");
  const char *messages;

  setlocale (LC_ALL, "");
  /* In the plain C locale glibc ignores LANGUAGE and GLib prints ASCII; its
   * UTF-8 twin honours LANGUAGE (LANGUAGE=de shopcast --help) and keeps
   * everything else as C. */
  messages = setlocale (LC_MESSAGES, NULL);
  if (messages != NULL && (g_str_equal (messages, "C") || g_str_equal (messages, "POSIX")) &&
      setlocale (LC_MESSAGES, "C.UTF-8") != NULL)
    setlocale (LC_CTYPE, "C.UTF-8");
  /* The locale is set here, once: gtk_init() would set it again from the
   * environment and undo the C.UTF-8 above. */
  gtk_disable_setlocale ();
  /* Run from the build tree, the catalogs are there (build-aux/dev, tests). */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && localedir[0] != '\0' ? localedir
                                                                              : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_prgname (PACKAGE_NAME);
  g_set_application_name ("Shopcast");

  app = sc_application_new ();

  status = g_application_run (G_APPLICATION (app), argc, argv);

  return status != 0 ? status : sc_application_get_exit_status (app);
}
