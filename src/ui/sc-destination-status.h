/* sc-destination-status.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "media/sc-output.h"

G_BEGIN_DECLS

#define SC_TYPE_DESTINATION_STATUS (sc_destination_status_get_type ())
G_DECLARE_FINAL_TYPE (ScDestinationStatus, sc_destination_status, SC, DESTINATION_STATUS,
                      GtkListBoxRow)

/* One destination (or the recording) while live: its state in words, a
 * countdown to the next attempt and Reconnect Now while reconnecting, and
 * what to do when it failed. */
GtkWidget  *sc_destination_status_new        (ScOutput            *output);
ScOutput   *sc_destination_status_get_output (ScDestinationStatus *self);
/* The sentence shown under the name, for tests and assistive technologies. */
const char *sc_destination_status_get_detail (ScDestinationStatus *self);
/* The action of the "Change Key…" button shown when the server refused the
 * stream key (the window's "win.add-key" with the destination's index);
 * without one the row only says what to do. */
void        sc_destination_status_set_key_action (ScDestinationStatus *self,
                                                  const char          *action_name,
                                                  GVariant            *target);

G_END_DECLS
