/* sc-screen-capture.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What a show's screen source puts on air, in plain words, for the
 * pre-flight row: the screen is captured with X11 (media/, ximagesrc), which
 * takes the whole desktop, every monitor. Returns e.g. "The whole screen:
 * 2 monitors, 3840 × 1080", or NULL when @display has no monitor. */
char *sc_screen_capture_describe (GdkDisplay *display);

G_END_DECLS
