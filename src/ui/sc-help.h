/* sc-help.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The user documentation: the project's page, where the Markdown docs are
 * shown formatted (docs/shortcuts.md says why not installed files). */
#define SC_HELP_URI "https://github.com/shopcast/shopcast#readme"

/* F1 (app.help): opens the help in the browser, through the OpenURI
 * portal in Flatpak. */
void sc_help_show (GtkWindow *parent);

G_END_DECLS
