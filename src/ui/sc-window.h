/* sc-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "studio/sc-studio.h"
#include "ui/sc-application.h"

G_BEGIN_DECLS

#define SC_TYPE_WINDOW (sc_window_get_type ())
G_DECLARE_FINAL_TYPE (ScWindow, sc_window, SC, WINDOW, AdwApplicationWindow)

/* A window for @show (NULL for a window that only reports an error). It
 * builds the show's ScStudio but does not start it, so that command-line
 * overrides can be applied to sc_window_get_studio() first. */
ScWindow *sc_window_new        (ScApplication *application,
                                ScShow        *show);
ScShow   *sc_window_get_show   (ScWindow      *self);
ScStudio *sc_window_get_studio (ScWindow      *self);
/* Starts the show in rehearsal off the main thread: a spinner until it is
 * up, the studio then, or a status page saying what went wrong. */
void      sc_window_start      (ScWindow      *self);
void      sc_window_show_error (ScWindow      *self,
                                const char    *title,
                                const char    *description);

G_END_DECLS
