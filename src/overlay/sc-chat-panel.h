/* sc-chat-panel.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "chat/sc-chat-message.h"
#include "overlay/sc-overlay-draw.h"

G_BEGIN_DECLS

/* The chat panel: as many of @messages (ScChatMessage, oldest first) as fit
 * in @max_height, newest at the bottom, in a surface @width wide and only as
 * tall as its content. NULL when there is nothing to show. When @text is
 * not NULL, the lines shown are appended to it as "author: text". */
cairo_surface_t *sc_chat_panel_render  (const ScDrawContext *ctx,
                                        GPtrArray           *messages,
                                        double               scale,
                                        int                  width,
                                        int                  max_height,
                                        GPtrArray           *text);
/* The featured comment as a lower third, at most @max_width x @max_height
 * and only as wide and tall as its content. */
cairo_surface_t *sc_lower_third_render (const ScDrawContext *ctx,
                                        ScChatMessage       *message,
                                        double               scale,
                                        int                  max_width,
                                        int                  max_height);
/* The colour an author's name is drawn in on the panel. */
ScColor          sc_chat_author_color  (ScChatMessage       *message,
                                        const ScBrandKit    *kit);

G_END_DECLS
