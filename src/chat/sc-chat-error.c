/* sc-chat-error.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "sc-chat-error.h"

G_DEFINE_QUARK (sc-chat-error-quark, sc_chat_error)
