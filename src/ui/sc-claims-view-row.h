/* sc-claims-view-row.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chat/sc-claim-detector.h"

G_BEGIN_DECLS

#define SC_TYPE_CLAIMS_VIEW_ROW (sc_claims_view_row_get_type ())
G_DECLARE_FINAL_TYPE (ScClaimsViewRow, sc_claims_view_row, SC, CLAIMS_VIEW_ROW, GtkWidget)

/* A row of the claims view: for an ScProduct item, the product's heading
 * with its claimed and waitlisted units; for an ScClaimItem, one claim
 * (author, platform, quantity, variant, waitlisted). */
GtkWidget  *sc_claims_view_row_new         (void);
GObject    *sc_claims_view_row_get_item    (ScClaimsViewRow *self);
void        sc_claims_view_row_set_item    (ScClaimsViewRow *self,
                                            GObject         *item);
/* Where a product heading reads its counts; set before items. */
void        sc_claims_view_row_set_claims  (ScClaimsViewRow *self,
                                            ScClaimDetector *claims);
/* The text of the row as shown, for tests and assistive technology. */
char       *sc_claims_view_row_get_summary (ScClaimsViewRow *self);

G_END_DECLS
