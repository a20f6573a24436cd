/* sc-file-access.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where the files a show names are inside the Flatpak sandbox.
 *
 * The sandbox sees no home folder: a show opened through the file chooser
 * portal arrives as a document of the document portal
 * (/run/user/UID/doc/ID/show.shopcast), alone in its folder, and the files
 * it names next to itself or by absolute path (catalog, logo, images) are
 * not there. Folders the person allowed through the portal appear at their
 * own document paths. This table holds the pairs (host path, path in the
 * sandbox) known so far and maps a show's references onto them; the D-Bus
 * side (asking, remembering) is media/sc-document-portal.c. Thread-safe:
 * shows load in worker threads. Outside the sandbox every function leaves
 * files as they are. */

/* TRUE inside the Flatpak sandbox (/.flatpak-info exists). For tests only,
 * SHOPCAST_SANDBOX=1 says so outside it and SHOPCAST_SANDBOX=0 says not. */
gboolean  sc_file_access_in_sandbox      (void);

/* @host_path (a file or a folder on the host) is readable in the sandbox
 * at @sandbox_path (a document path). @granted: a folder the person allowed
 * (files below it that do not exist are missing, not blocked); FALSE for a
 * document's own folder, which only serves to find the host path of the
 * files next to it. A pair for the same sandbox path is replaced. */
void      sc_file_access_add             (const char *host_path,
                                          const char *sandbox_path,
                                          gboolean    granted);
/* The host path of @file when it is below a known document path, else a
 * reference to @file. */
GFile    *sc_file_access_to_host         (GFile      *file);
/* Where @file (a path as the show names it, host or document) can be read
 * in the sandbox: below a granted folder, its document path; else @file's
 * host path (reference). Outside the sandbox a reference to @file. */
GFile    *sc_file_access_readable        (GFile      *file);
/* TRUE in the sandbox when @file (as sc_file_access_readable() returned it)
 * cannot be read because the sandbox does not see it: a local file below no
 * granted folder whose folder does not exist or cannot be read here. Such a
 * file is noted for sc_file_access_take_blocked(). */
gboolean  sc_file_access_is_blocked      (GFile      *file);
/* The host paths found blocked since the last call (oldest first), or NULL;
 * the list is emptied. */
GStrv     sc_file_access_take_blocked    (void);
/* The host folder to ask the person for so that @blocked_host_path becomes
 * readable: the show's folder (@show_file: its document or host path, may
 * be NULL) when the file is below it, else the file's own folder. */
char     *sc_file_access_folder_to_ask   (GFile      *show_file,
                                          const char *blocked_host_path);
/* For tests: forgets every pair and blocked file (a new start). */
void      sc_file_access_reset           (void);

G_END_DECLS
