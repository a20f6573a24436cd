/* sc-rundown-cue.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "studio/sc-studio.h"

G_BEGIN_DECLS

#define SC_TYPE_RUNDOWN_CUE (sc_rundown_cue_get_type ())
G_DECLARE_FINAL_TYPE (ScRundownCue, sc_rundown_cue, SC, RUNDOWN_CUE, GtkWidget)

/* The host's cue from the rundown: the segment on now, its time left by
 * the show clock, the next one and the host's notes (which never reach the
 * video), with a Next button ("products.next"). Hidden when the show has no
 * rundown. */
GtkWidget  *sc_rundown_cue_new        (void);
void        sc_rundown_cue_set_studio (ScRundownCue *self,
                                       ScStudio     *studio);
/* The texts shown, "role: text" (now, time-left, next, notes), for tests. */
GStrv       sc_rundown_cue_dup_text   (ScRundownCue *self);

G_END_DECLS
