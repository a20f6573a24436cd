/* sc-help.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-help"

#include "config.h"

#include "sc-help.h"

void
sc_help_show (GtkWindow *parent)
{
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  gtk_show_uri (parent, SC_HELP_URI, GDK_CURRENT_TIME);
}
