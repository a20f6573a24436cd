/* sc-show-loader.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "studio/sc-show.h"

G_BEGIN_DECLS

/* Opens a show for the window without ever blocking it: the file is read
 * and parsed on a worker, every secret it names is looked up with the
 * asynchronous Secret Service calls (a locked keyring asks for its
 * password meanwhile), a required key or token found nowhere is asked for
 * with ScKeyDialog (when @parent is given) and stored, and then the show is
 * built from those values. In the Flatpak sandbox, when files the show
 * names are outside what the sandbox sees, the person is asked (with
 * @parent) for the show's folder through the file chooser portal and the
 * show is read again with the folder they allow (media/sc-document-portal.h).
 * @file NULL: the demo show. The file goes into the recent shows. Errors are
 * the show file's (SC_SHOW_ERROR; when the person did not allow the folder,
 * the portal's reason first), or G_IO_ERROR_CANCELLED. */
void    sc_show_load_async  (GFile               *file,
                             GtkWindow           *parent,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data);
ScShow *sc_show_load_finish (GAsyncResult        *result,
                             GError             **error);

G_END_DECLS
