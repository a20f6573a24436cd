/* sc-chat-row.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "chat/sc-chat-message.h"

G_BEGIN_DECLS

#define SC_TYPE_CHAT_ROW (sc_chat_row_get_type ())
G_DECLARE_FINAL_TYPE (ScChatRow, sc_chat_row, SC, CHAT_ROW, GtkWidget)

/* One chat message: platform icon, author, text, and the host's Feature,
 * Hide and Block buttons, which activate "chat.feature", "chat.hide" (the
 * message id) and "chat.block" (id, platform, author) on the chat view. */
GtkWidget     *sc_chat_row_new             (void);
ScChatMessage *sc_chat_row_get_item        (ScChatRow     *self);
void           sc_chat_row_set_item        (ScChatRow     *self,
                                            ScChatMessage *item);
gboolean       sc_chat_row_get_featured    (ScChatRow     *self);
void           sc_chat_row_set_featured    (ScChatRow     *self,
                                            gboolean       featured);
GtkWidget     *sc_chat_row_get_feature_button (ScChatRow  *self);
GtkWidget     *sc_chat_row_get_hide_button    (ScChatRow  *self);
GtkWidget     *sc_chat_row_get_block_button   (ScChatRow  *self);

/* The bundled symbolic icon and the plain name of a chat platform
 * ("twitch", "youtube", "demo"; anything else gets a generic bubble). */
const char    *sc_chat_row_platform_icon   (const char    *platform);
const char    *sc_chat_row_platform_name   (const char    *platform);

G_END_DECLS
