/* sc-application.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SC_TYPE_APPLICATION (sc_application_get_type ())
G_DECLARE_FINAL_TYPE (ScApplication, sc_application, SC, APPLICATION, AdwApplication)

ScApplication *sc_application_new          (void);
/* NULL when the GSettings schema is neither installed nor in the build tree:
 * the app then runs with defaults and remembers nothing. */
GSettings     *sc_application_get_settings (ScApplication *self);
/* The worst exit status of the command lines this process handled itself:
 * g_application_run() returns 0 once a window was shown. */
int            sc_application_get_exit_status (ScApplication *self);

G_END_DECLS
