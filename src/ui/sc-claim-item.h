/* sc-claim-item.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "chat/sc-claim-detector.h"

G_BEGIN_DECLS

#define SC_TYPE_CLAIM_ITEM (sc_claim_item_get_type ())
G_DECLARE_FINAL_TYPE (ScClaimItem, sc_claim_item, SC, CLAIM_ITEM, GObject)

/* One claim as a list item: an immutable copy of what the claim detector
 * reported (read-only properties of the same names), and whether the host
 * has cancelled it since ("cancelled", notified). */
ScClaimItem *sc_claim_item_new               (const ScClaim *claim);
const char  *sc_claim_item_get_platform      (ScClaimItem   *self);
const char  *sc_claim_item_get_message_id    (ScClaimItem   *self);
const char  *sc_claim_item_get_author        (ScClaimItem   *self);
const char  *sc_claim_item_get_code          (ScClaimItem   *self);
const char  *sc_claim_item_get_product_id    (ScClaimItem   *self);
const char  *sc_claim_item_get_product_title (ScClaimItem   *self);
/* The variant title, or NULL when none was matched. */
const char  *sc_claim_item_get_variant       (ScClaimItem   *self);
guint        sc_claim_item_get_quantity      (ScClaimItem   *self);
gboolean     sc_claim_item_get_waitlisted    (ScClaimItem   *self);
GDateTime   *sc_claim_item_get_time          (ScClaimItem   *self);
gboolean     sc_claim_item_get_cancelled     (ScClaimItem   *self);
void         sc_claim_item_set_cancelled     (ScClaimItem   *self,
                                              gboolean       cancelled);

G_END_DECLS
