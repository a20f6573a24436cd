/* sc-chat-error.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SC_CHAT_ERROR (sc_chat_error_quark ())

typedef enum {
  SC_CHAT_ERROR_INVALID_DATA,   /* a malformed line or response */
  SC_CHAT_ERROR_AUTH,           /* the token or key was refused */
  SC_CHAT_ERROR_QUOTA,          /* YouTube's daily quota is used up */
  SC_CHAT_ERROR_NETWORK,        /* the server could not be reached or dropped us */
  SC_CHAT_ERROR_NOT_FOUND,      /* no such channel or live chat */
} ScChatError;

GQuark sc_chat_error_quark (void);

G_END_DECLS
