/* sc-demo-chat.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "chat/sc-chat-message.h"
#include "chat/sc-chat-source.h"

G_BEGIN_DECLS

#define SC_TYPE_DEMO_CHAT (sc_demo_chat_get_type ())
G_DECLARE_FINAL_TYPE (ScDemoChat, sc_demo_chat, SC, DEMO_CHAT, GObject)

/* The scripted chat of the demo show, an ScChatSource of platform "demo":
 * emits the interface's ::message (ScChatMessage *) on the context that
 * started it, one scripted line after another, looping. "state" is
 * connected while started, stopped after stop. start/stop here are the
 * interface's start/stop. */
ScDemoChat *sc_demo_chat_new   (void);
void        sc_demo_chat_start (ScDemoChat *self);
void        sc_demo_chat_stop  (ScDemoChat *self);
/* Scales the script's delays (1.0 = as written; tests use small values). */
void        sc_demo_chat_set_speed (ScDemoChat *self,
                                    double      speed);

G_END_DECLS
