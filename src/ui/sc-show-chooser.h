/* sc-show-chooser.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Open and Save As for show files (*.shopcast) with GtkFileChooserNative,
 * which goes through the file chooser portal in Flatpak. finish returns
 * the chosen file, or G_IO_ERROR_CANCELLED when the host cancelled. */
void   sc_show_chooser_open_async  (GtkWindow            *parent,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
/* @suggested_name: e.g. the show's title; ".shopcast" is added. */
void   sc_show_chooser_save_async  (GtkWindow            *parent,
                                    const char           *suggested_name,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
/* An image for the brand logo. */
void   sc_show_chooser_image_async (GtkWindow            *parent,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
GFile *sc_show_chooser_finish      (GAsyncResult         *result,
                                    GError              **error);

/* Recent shows, in GtkRecentManager so the desktop sees them too. */
void   sc_recent_shows_add         (GFile                *file);
/* GFile *, most recent first, only files that still exist; at most @limit. */
GPtrArray *sc_recent_shows_list    (guint                 limit);

G_END_DECLS
