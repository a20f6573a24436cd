/* sc-chat-config.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-chat-config"

#include "config.h"

#include <string.h>

#include "sc-chat-config.h"

static void
wipe (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

ScChatConfig *
sc_chat_config_new (ScChatKind kind)
{
  ScChatConfig *self = g_new0 (ScChatConfig, 1);

  self->kind = kind;
  self->url = g_strdup (kind == SC_CHAT_KIND_TWITCH ? "wss://irc-ws.chat.twitch.tv:443"
                                                    : "https://www.googleapis.com/youtube/v3");
  self->reconnect_initial_s = 1.0;
  self->reconnect_max_s = 60.0;
  return self;
}

ScChatConfig *
sc_chat_config_copy (const ScChatConfig *self)
{
  ScChatConfig *copy = g_memdup2 (self, sizeof *self);

  copy->url = g_strdup (self->url);
  copy->channel = g_strdup (self->channel);
  copy->nick = g_strdup (self->nick);
  copy->token = g_strdup (self->token);
  copy->live_chat_id = g_strdup (self->live_chat_id);
  copy->api_key = g_strdup (self->api_key);
  copy->oauth_token = g_strdup (self->oauth_token);
  return copy;
}

void
sc_chat_config_free (ScChatConfig *self)
{
  if (self == NULL)
    return;
  g_free (self->url);
  g_free (self->channel);
  g_free (self->nick);
  wipe (self->token);
  g_free (self->live_chat_id);
  wipe (self->api_key);
  wipe (self->oauth_token);
  g_free (self);
}
