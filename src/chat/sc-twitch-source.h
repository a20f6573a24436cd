/* sc-twitch-source.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "chat/sc-chat-config.h"
#include "chat/sc-chat-source.h"

G_BEGIN_DECLS

#define SC_TYPE_TWITCH_SOURCE (sc_twitch_source_get_type ())
G_DECLARE_FINAL_TYPE (ScTwitchSource, sc_twitch_source, SC, TWITCH_SOURCE, GObject)

/* A Twitch channel's chat over IRC on a WebSocket (config->url; wss://, or
 * ws:// to a loopback host only). Anonymous (justinfan<digits>) without a
 * token; with one, config->nick must be the token's login. Nothing happens
 * until sc_chat_source_start(); signals come on the thread-default main
 * context of that call.
 *
 * "state" is CONNECTED once the server confirms the JOIN: its echo of our own
 * JOIN, or the 366 end of the names list if that comes first. */
ScChatSource *sc_twitch_source_new           (const ScChatConfig *config);

/* After @idle_s seconds without a line from the server, a PING is sent; with
 * no answer within @pong_wait_s more the connection counts as dropped. The
 * defaults (240 s and 30 s) sit under Twitch's own 5-minute PING interval;
 * tests use small values. */
void          sc_twitch_source_set_keepalive (ScTwitchSource     *self,
                                              double              idle_s,
                                              double              pong_wait_s);

G_END_DECLS
