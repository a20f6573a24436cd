/* sc-start-page.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SC_TYPE_START_PAGE (sc_start_page_get_type ())
G_DECLARE_FINAL_TYPE (ScStartPage, sc_start_page, SC, START_PAGE, AdwBin)

/* What the window shows with no show open: New Show, Open…, Try the Demo
 * and the recent shows (GtkRecentManager, sc_recent_shows_add()).
 * Signals: open-show (GFile *file) for a recent show or one chosen with
 * Open…; new-show (); open-demo (). */
GtkWidget *sc_start_page_new           (void);
/* Re-reads the recent shows (done each time the page is shown). */
void       sc_start_page_refresh       (ScStartPage *self);
guint      sc_start_page_get_n_recent  (ScStartPage *self);
/* Acts as if the recent show at @index was clicked. */
void       sc_start_page_activate_recent (ScStartPage *self,
                                          guint        index);

G_END_DECLS
