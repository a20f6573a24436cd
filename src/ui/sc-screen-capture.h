/* sc-screen-capture.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "media/sc-media-config.h"

G_BEGIN_DECLS

/* What a show's screen source puts on air, in plain words, for the
 * pre-flight row: the screen is captured with X11 (media/, ximagesrc), which
 * takes the whole desktop, every monitor. Returns e.g. "The whole screen:
 * 2 monitors, 3840 × 1080", or NULL when @display has no monitor. */
char *sc_screen_capture_describe (GdkDisplay *display);

/* The pre-flight line for a screen source: with the portal, what its
 * stored choice captures, e.g. "Screen: monitor 1920 × 1080 (restored)" or
 * "Screen: window (restored)"; with X11 "X11: the whole screen, …". */
char *sc_screen_capture_describe_source (const ScSourceConfig *source,
                                         GdkDisplay           *display);
/* The parent window handle for the portal's dialog: "x11:XID" on X11,
 * "" elsewhere. */
char *sc_screen_capture_parent_handle   (GtkWidget            *widget);

G_END_DECLS
