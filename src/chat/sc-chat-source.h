/* sc-chat-source.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "chat/sc-chat-config.h"
#include "chat/sc-chat-message.h"

G_BEGIN_DECLS

typedef enum {
  SC_CHAT_SOURCE_STATE_IDLE,
  SC_CHAT_SOURCE_STATE_CONNECTING,
  SC_CHAT_SOURCE_STATE_CONNECTED,
  SC_CHAT_SOURCE_STATE_RECONNECTING,  /* dropped, retrying with backoff */
  SC_CHAT_SOURCE_STATE_FAILED,        /* refused (bad token, quota): retrying later */
  SC_CHAT_SOURCE_STATE_STOPPED,
} ScChatSourceState;

const char *sc_chat_source_state_to_string (ScChatSourceState state);

/* Every chat source sends a key or token with each request or login, so
 * plain http:// (YouTube) or ws:// (Twitch) is refused unless the server is on
 * this computer; a NULL or empty @url is the platform's default. The show
 * loader calls this for each source so a bad address stops the show at load;
 * the sources call it again when they start. SC_CHAT_ERROR_INVALID_DATA. */
gboolean    sc_chat_source_check_url       (ScChatKind   kind,
                                            const char  *url,
                                            GError     **error);

#define SC_TYPE_CHAT_SOURCE (sc_chat_source_get_type ())
G_DECLARE_INTERFACE (ScChatSource, sc_chat_source, SC, CHAT_SOURCE, GObject)

/* A platform's live chat: Twitch, YouTube or the demo script.
 *
 * Signals, all on the main context the source was started in:
 *   ::message (ScChatMessage *)          a new message
 *   ::message-deleted (const char *id)   the platform removed one message
 *   ::author-cleared (const char *author) the platform removed an author's
 *                                        messages (a timeout or a ban)
 *   ::chat-cleared ()                    the platform cleared the whole chat
 *   ::problem (GError *)                 something to tell the host (a bad
 *                                        line, a refused token, quota); the
 *                                        source goes on or retries itself
 * Property "state" (ScChatSourceState), notified on the main context. */
struct _ScChatSourceInterface
{
  GTypeInterface parent_iface;

  const char        *(*get_platform) (ScChatSource *self);   /* "twitch", "youtube", "demo" */
  void               (*start)        (ScChatSource *self);
  void               (*stop)         (ScChatSource *self);
  ScChatSourceState  (*get_state)    (ScChatSource *self);
};

const char        *sc_chat_source_get_platform (ScChatSource *self);
void               sc_chat_source_start        (ScChatSource *self);
void               sc_chat_source_stop         (ScChatSource *self);
ScChatSourceState  sc_chat_source_get_state    (ScChatSource *self);

/* For implementations: emit the interface's signals. */
void sc_chat_source_emit_message         (ScChatSource  *self,
                                          ScChatMessage *message);
void sc_chat_source_emit_message_deleted (ScChatSource  *self,
                                          const char    *id);
void sc_chat_source_emit_author_cleared  (ScChatSource  *self,
                                          const char    *author);
void sc_chat_source_emit_chat_cleared    (ScChatSource  *self);
void sc_chat_source_emit_problem         (ScChatSource  *self,
                                          const GError  *error);
/* Implementations call this from their state setter so "state" notifies. */
void sc_chat_source_notify_state         (ScChatSource  *self);

G_END_DECLS
