/* sc-check-command.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* `shopcast --check FILE`, as `nginx -t` checks a configuration: reads the
 * show file and opens everything it names (catalog, product images, image
 * sources, logo), checks that the encoders it asks for are installed, then
 * prints the normalised show on standard output and returns 0, or prints
 * every error found on standard error and returns 2. */
int sc_check_command_run (const char *show_path);

G_END_DECLS
