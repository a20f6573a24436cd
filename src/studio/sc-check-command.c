/* sc-check-command.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-check-command"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-check-command.h"
#include "sc-show.h"

int
sc_check_command_run (const char *show_path)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) base = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(ScShow) show = NULL;
  g_autofree char *data = NULL;

  if (show_path == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), _("--check needs a show file: --check FILE"));
      return 2;
    }

  file = g_file_new_for_commandline_arg (show_path);
  show = sc_show_check_file (file, &errors);
  if (show == NULL)
    {
      for (guint i = 0; i < errors->len; i++)
        g_printerr ("%s\n", ((GError *)g_ptr_array_index (errors, i))->message);
      g_printerr (ngettext ("%s: %u error\n", "%s: %u errors\n", errors->len),
                  show_path, errors->len);
      return 2;
    }

  base = g_file_get_parent (file);
  data = sc_show_to_data (show, base);
  g_print ("%s", data);
  return 0;
}
