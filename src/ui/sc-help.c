/* sc-help.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-help"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sc-help.h"

static void
shown (GObject      *source,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GtkWindow) parent = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (gtk_show_uri_full_finish (parent, result, &error))
    return;
  /* No browser (a kiosk, a bare session): say where the help is instead. */
  body = g_strdup_printf (_("No web browser could be started (%s). The help is at %s"),
                          error->message, SC_HELP_URI);
  dialog = adw_message_dialog_new (parent, _("Could Not Open the Help"), body);
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), FALSE);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
sc_help_show (GtkWindow *parent)
{
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  /* gtk_show_uri_full_finish() needs the window the call was made with. */
  if (parent == NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!g_app_info_launch_default_for_uri (SC_HELP_URI, NULL, &error))
        g_message ("The help is at %s (%s)", SC_HELP_URI, error->message);
      return;
    }
  gtk_show_uri_full (parent, SC_HELP_URI, GDK_CURRENT_TIME, NULL, shown, g_object_ref (parent));
}
