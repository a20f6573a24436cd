/* sc-chat-view.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "studio/sc-studio.h"

G_BEGIN_DECLS

#define SC_TYPE_CHAT_VIEW (sc_chat_view_get_type ())
G_DECLARE_FINAL_TYPE (ScChatView, sc_chat_view, SC, CHAT_VIEW, GtkWidget)

/* The studio's merged, moderated chat, newest at the bottom. It stays at
 * the bottom as messages arrive unless the host scrolled up; then a "Jump
 * to Newest" button appears.
 *
 * Actions:
 *   "chat.feature" (s)      show the message with this id as the lower
 *                           third; the featured one again takes it down
 *   "chat.unfeature"        take the lower third down
 *   "chat.hide" (s)         remove the message from the panel and the video
 *   "chat.block" (sss)      message id, platform, author: hides the message
 *                           at once, then asks before blocking the author
 *   "chat.jump-to-newest"   scroll to the bottom and stay there */
GtkWidget  *sc_chat_view_new             (void);
ScStudio   *sc_chat_view_get_studio      (ScChatView *self);
void        sc_chat_view_set_studio      (ScChatView *self,
                                          ScStudio   *studio);
/* The id of the message this view put on the video, or NULL. */
const char *sc_chat_view_get_featured_id (ScChatView *self);
/* Whether the view follows new messages (the host has not scrolled up). */
gboolean    sc_chat_view_get_sticky      (ScChatView *self);
GtkWidget  *sc_chat_view_get_list_view   (ScChatView *self);
/* The message selected in the list (a click, or the arrow keys), or NULL;
 * "selected-message" notifies when it changes. The window's
 * win.feature-message and win.hide-message act on it. */
ScChatMessage *sc_chat_view_get_selected_message (ScChatView *self);

G_END_DECLS
