/* sc-chat-config.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "base/sc-json-reader.h"

G_BEGIN_DECLS

/* One chat to read: the show file's "chat.sources[]" entries, read and
 * written here (secrets resolved from their *_env variables, whose names are
 * what is saved). */
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
  /* Where the secrets were read from; saved instead of the secrets. */
  char       *token_env;
  char       *api_key_env;
  char       *oauth_token_env;
} ScChatConfig;

ScChatConfig *sc_chat_config_new  (ScChatKind          kind);
ScChatConfig *sc_chat_config_copy (const ScChatConfig *self);
void          sc_chat_config_free (ScChatConfig       *self);
/* One "chat.sources[]" entry at @path; errors go to @reader. */
ScChatConfig *sc_chat_config_new_from_json (JsonNode           *node,
                                            ScJsonReader       *reader,
                                            const char         *path);
/* Defaults left out; secrets never written, only their *_env names. */
JsonNode     *sc_chat_config_to_json       (const ScChatConfig *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScChatConfig, sc_chat_config_free)

G_END_DECLS
