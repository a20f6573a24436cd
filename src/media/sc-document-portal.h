/* sc-document-portal.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Folders of the host for a show in the Flatpak sandbox, through the
 * portals (the table of what maps where is base/sc-file-access.h).
 *
 * Asking: org.freedesktop.portal.FileChooser.OpenFile with "directory"
 * and "current_folder" (the folder the show needs); the portal exports the
 * folder the person picks through the document portal and grants it to the
 * app for good, and hands back its document path.
 *
 * Remembering: the document portal keeps the document and the app's
 * permission across restarts (the file chooser adds it persistent), so the
 * document path stays readable; Shopcast keeps the list of granted document
 * paths in $XDG_DATA_HOME/shopcast/granted-folders and, at the next start,
 * learns their host paths again from org.freedesktop.portal.Documents
 * GetHostPaths (version 5 of that interface). Entries the portal no longer
 * knows (revoked, deleted) are dropped. */

#define SC_DOCUMENT_PORTAL_NAME "org.freedesktop.portal.Documents"
#define SC_DOCUMENT_PORTAL_PATH "/org/freedesktop/portal/documents"

/* In the sandbox, before a show is read: the folders granted in earlier
 * runs (once per process) and the host folder of @show_file when it is a
 * document. Short synchronous calls to the document portal (a worker thread
 * or the command line); a portal that does not answer is logged, not an
 * error: the show's own errors then name the files that stay unreadable.
 * Outside the sandbox it does nothing. @show_file may be NULL. */
void   sc_document_portal_prepare               (GFile               *show_file);

/* Asks the person for @host_folder (the folder to propose; @is_show_folder:
 * it is the show's own) through the file chooser portal on @connection
 * (the session bus when NULL). @parent_window: the portal's window
 * identifier ("x11:…", "wayland:…") or NULL. The result is the granted
 * folder's path in the sandbox; the grant is recorded and remembered.
 * Errors (SC_MEDIA_ERROR): PORTAL_CANCELLED (the person said no),
 * NO_PORTAL, PORTAL_FAILED (refused, or an answer that is not an existing
 * local folder). */
void   sc_document_portal_request_folder_async  (GDBusConnection     *connection,
                                                 const char          *parent_window,
                                                 const char          *host_folder,
                                                 gboolean             is_show_folder,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GFile *sc_document_portal_request_folder_finish (GAsyncResult        *result,
                                                 GError             **error);

/* For tests: forgets what this process learnt (the next prepare reads the
 * remembered grants again, as at a new start). */
void   sc_document_portal_forget                (void);

G_END_DECLS
