/* sc-chat-config.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One chat to read: the show file's "chat.sources[]" entries (studio/sc-show.c
 * fills them, secrets already resolved from their *_env variables). */
typedef enum {
  SC_CHAT_KIND_TWITCH,
  SC_CHAT_KIND_YOUTUBE,
} ScChatKind;

typedef struct {
  ScChatKind  kind;
  char       *url;            /* twitch: wss://irc-ws.chat.twitch.tv:443 (default);
                                 youtube: https://www.googleapis.com/youtube/v3 (default) */
  /* Twitch */
  char       *channel;        /* without '#', lower case */
  char       *nick;           /* NULL: anonymous read-only (justinfan<digits>) */
  char       *token;          /* user token ("oauth:..." or bare); never logged */
  /* YouTube */
  char       *live_chat_id;
  char       *api_key;        /* never logged */
  char       *oauth_token;    /* never logged; used instead of api_key when set */
  double      min_poll_s;     /* floor between polls; 0: the default that keeps a
                                 day's quota for a 4-hour show */
  /* Both */
  double      reconnect_initial_s;  /* 1 */
  double      reconnect_max_s;      /* 60 */
} ScChatConfig;

ScChatConfig *sc_chat_config_new  (ScChatKind          kind);
ScChatConfig *sc_chat_config_copy (const ScChatConfig *self);
void          sc_chat_config_free (ScChatConfig       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScChatConfig, sc_chat_config_free)

G_END_DECLS
