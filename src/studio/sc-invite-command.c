/* sc-invite-command.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-invite-command"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-invite-command.h"
#include "sc-show.h"

int
sc_invite_command_run (const char *ics_path,
                       const char *show_path,
                       gboolean    demo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *ics = NULL;
  const ScNextShow *next_show;

  if ((show_path == NULL) == !demo)
    {
      g_printerr ("shopcast: %s\n", _("--invite needs a show: add --show FILE or --demo"));
      return 2;
    }
  if (ics_path == NULL || *ics_path == '\0')
    {
      g_printerr ("shopcast: %s\n", _("--invite needs the name of the .ics file to write"));
      return 2;
    }

  if (demo)
    show = sc_show_new_demo (&error);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (show_path);

      show = sc_show_new_from_file (file, &error);
    }
  if (show == NULL)
    {
      g_printerr ("shopcast: %s\n", error->message);
      return 2;
    }

  next_show = sc_show_get_next_show (show);
  if (next_show == NULL)
    {
      g_printerr ("shopcast: %s: %s\n", demo ? "demo.shopcast" : show_path,
                  _("$.next_show: the show has no next show to invite to: add “next_show” "
                    "with its “start”"));
      return 2;
    }

  ics = sc_next_show_to_ics (next_show, sc_show_get_title (show), now, &error);
  if (ics == NULL)
    {
      g_printerr ("shopcast: %s\n", error->message);
      return 2;
    }
  if (!g_file_set_contents (ics_path, ics, -1, &error))
    {
      g_printerr ("shopcast: %s\n", error->message);
      return 1;
    }
  return 0;
}
