/* sc-chat-message.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SC_TYPE_CHAT_MESSAGE (sc_chat_message_get_type ())
G_DECLARE_FINAL_TYPE (ScChatMessage, sc_chat_message, SC, CHAT_MESSAGE, GObject)

/* Immutable once made: a message that arrived from a platform. */
ScChatMessage *sc_chat_message_new           (const char    *platform,
                                              const char    *id,
                                              const char    *author,
                                              const char    *color,
                                              const char    *text,
                                              GDateTime     *time);
const char    *sc_chat_message_get_platform  (ScChatMessage *self);
const char    *sc_chat_message_get_id        (ScChatMessage *self);
const char    *sc_chat_message_get_author    (ScChatMessage *self);
/* "#RRGGBB", or NULL when the platform gave none. */
const char    *sc_chat_message_get_color     (ScChatMessage *self);
const char    *sc_chat_message_get_text      (ScChatMessage *self);
GDateTime     *sc_chat_message_get_time      (ScChatMessage *self);
/* Badge names such as "moderator", "subscriber"; NULL-terminated. */
const char * const *sc_chat_message_get_badges (ScChatMessage *self);
void           sc_chat_message_set_badges    (ScChatMessage *self,
                                              const char * const *badges);

/* The platform's id of the author (Twitch user-id, YouTube channel id),
 * which stays when they change their name; NULL when it gave none. */
const char    *sc_chat_message_get_author_id (ScChatMessage *self);
void           sc_chat_message_set_author_id (ScChatMessage *self,
                                              const char    *author_id);

/* A "/me" action (Twitch), shown in the author's colour. */
gboolean       sc_chat_message_get_action    (ScChatMessage *self);
void           sc_chat_message_set_action    (ScChatMessage *self,
                                              gboolean       action);

G_END_DECLS
