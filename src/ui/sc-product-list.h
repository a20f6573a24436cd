/* sc-product-list.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "studio/sc-studio.h"

G_BEGIN_DECLS

#define SC_TYPE_PRODUCT_LIST (sc_product_list_get_type ())
G_DECLARE_FINAL_TYPE (ScProductList, sc_product_list, SC, PRODUCT_LIST, GtkWidget)

/* The show's catalog as the host runs it: rundown products first, in
 * rundown order and numbered, then the rest in catalog order; the pinned
 * product highlighted ("On Air"), the next one marked; search by title or
 * SKU. Pinning puts the card on air at once.
 *
 * Actions (for the window's shortcuts):
 *   "products.pin" (s)     pin the product with this id or SKU
 *   "products.next"        pin the next product of the rundown
 *   "products.previous"    pin the previous product of the rundown
 *   "products.unpin"       take the card off the air
 *   "products.search"      focus the search entry */
GtkWidget   *sc_product_list_new              (void);
ScStudio    *sc_product_list_get_studio       (ScProductList *self);
void         sc_product_list_set_studio       (ScProductList *self,
                                               ScStudio      *studio);
/* The rows shown after the search, in their order (a GListModel of
 * ScProduct): for tests and for the window's "n products" text. */
GListModel  *sc_product_list_get_model        (ScProductList *self);
GtkEditable *sc_product_list_get_search_entry (ScProductList *self);

G_END_DECLS
