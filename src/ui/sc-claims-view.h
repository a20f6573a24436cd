/* sc-claims-view.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "studio/sc-studio.h"

G_BEGIN_DECLS

#define SC_TYPE_CLAIMS_VIEW (sc_claims_view_get_type ())
G_DECLARE_FINAL_TYPE (ScClaimsView, sc_claims_view, SC, CLAIMS_VIEW, GtkWidget)

/* The claims of the show, per product: each product with claims as a
 * heading (code, title, units claimed and waitlisted), its claims under it
 * (author, platform, quantity, variant, waitlisted), fed by the studio's
 * claim detector. Each claim has a button to cancel it (action
 * "claims.cancel" (platform, message id), asked in a dialog); a cancelled
 * claim stays, struck through and marked "Cancelled". */
GtkWidget  *sc_claims_view_new        (void);
ScStudio   *sc_claims_view_get_studio (ScClaimsView *self);
void        sc_claims_view_set_studio (ScClaimsView *self,
                                       ScStudio     *studio);
/* Every claim seen since the studio was set, in arrival order: a
 * GListStore of ScClaimItem. */
GListModel *sc_claims_view_get_claims (ScClaimsView *self);
/* What the list shows: a GtkTreeListModel of products and their claims. */
GListModel *sc_claims_view_get_model  (ScClaimsView *self);
/* What the dialog's "Cancel Claim" does: sc_studio_cancel_claim(). */
gboolean    sc_claims_view_cancel_claim (ScClaimsView *self,
                                         const char   *platform,
                                         const char   *message_id,
                                         GError      **error);

G_END_DECLS
