/* sc-sync-command.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* `shopcast --sync-catalog --show FILE [--events PATH|-]`: one full sync of
 * the show's shop, then a JSON summary on standard output (products,
 * variants, requests, seconds, errors). Returns the exit code: 0 synced,
 * 1 the sync failed, 2 bad usage or show file. */
int sc_sync_command_run (const char *show_path,
                         const char *events_path);

G_END_DECLS
