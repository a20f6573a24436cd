/* sc-layout-switcher.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "studio/sc-studio.h"

G_BEGIN_DECLS

#define SC_TYPE_LAYOUT_SWITCHER (sc_layout_switcher_get_type ())
G_DECLARE_FINAL_TYPE (ScLayoutSwitcher, sc_layout_switcher, SC, LAYOUT_SWITCHER, GtkWidget)

/* One button per layout, each with a schematic thumbnail drawn from the real
 * layout geometry. Pressing one switches the studio at once; the switcher
 * follows the studio's "layout" when something else changes it.
 *
 * Action: "layout.set" (string state: "solo", "pip", "side-by-side",
 * "product-focus"), the "layout" property as a stateful action. */
GtkWidget   *sc_layout_switcher_new        (void);
ScStudio    *sc_layout_switcher_get_studio (ScLayoutSwitcher *self);
void         sc_layout_switcher_set_studio (ScLayoutSwitcher *self,
                                            ScStudio         *studio);
/* The selected layout's name, as sc_layout_kind_to_string() spells it. */
const char  *sc_layout_switcher_get_layout (ScLayoutSwitcher *self);
/* FALSE (and nothing changes) when @name is not a layout. */
gboolean     sc_layout_switcher_set_layout (ScLayoutSwitcher *self,
                                            const char       *name);

G_END_DECLS
