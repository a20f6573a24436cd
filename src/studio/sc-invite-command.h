/* sc-invite-command.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* `shopcast --invite FILE.ics --show SHOW` (or --demo): writes the show's
 * `next_show` as an add-to-calendar invite (RFC 5545). Returns the exit
 * code: 0 written, 1 the file could not be written, 2 bad usage, a bad
 * show file or a show without next_show. */
int sc_invite_command_run (const char *ics_path,
                           const char *show_path,
                           gboolean    demo);

G_END_DECLS
