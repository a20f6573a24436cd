/* sc-irc-message.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Twitch sends lines far over IRC's 512 bytes (8 KB of tags alone is allowed);
 * anything longer than this is refused rather than parsed. */
#define SC_IRC_MESSAGE_MAX_LENGTH 65536

/* One IRCv3 line: `[@tags ][:prefix ]COMMAND[ params][ :trailing]`. Pure
 * parsing, no I/O. Strings are valid until the message is freed, and valid
 * UTF-8: a line with invalid sequences is repaired (U+FFFD) before parsing. */
typedef struct _ScIrcMessage ScIrcMessage;

/* A trailing "\r\n" is ignored and a NUL ends the line. Errors are
 * SC_CHAT_ERROR_INVALID_DATA and say what is wrong. Control characters are
 * removed from the parameters, except a \x01 that opens a CTCP parameter
 * ("\x01ACTION ...") and the one closing it. */
ScIrcMessage *sc_irc_message_parse       (const char   *line,
                                          GError      **error);
/* The same for @length bytes of @line (-1: up to its NUL), so lines can be
 * parsed straight out of a larger buffer. */
ScIrcMessage *sc_irc_message_parse_len   (const char   *line,
                                          gssize        length,
                                          GError      **error);
void          sc_irc_message_free        (ScIrcMessage *self);

/* Key -> value, both char *, values unescaped (`\:` `\s` `\\` `\r` `\n`);
 * a tag without '=' has the value "". Never NULL. */
GHashTable   *sc_irc_message_get_tags    (ScIrcMessage *self);
const char   *sc_irc_message_get_tag     (ScIrcMessage *self,
                                          const char   *key);
/* From `nick!user@host`; NULL when absent. A server name ("tmi.twitch.tv")
 * is in the nick: IRC cannot tell them apart. */
const char   *sc_irc_message_get_nick    (ScIrcMessage *self);
const char   *sc_irc_message_get_user    (ScIrcMessage *self);
const char   *sc_irc_message_get_host    (ScIrcMessage *self);
/* Upper-cased: "PRIVMSG", "001". */
const char   *sc_irc_message_get_command (ScIrcMessage *self);
/* The parameters (char *), the trailing one last whether or not it had a ':'.
 * Never NULL. */
GPtrArray    *sc_irc_message_get_params  (ScIrcMessage *self);
/* NULL when there is no such parameter. */
const char   *sc_irc_message_get_param   (ScIrcMessage *self,
                                          guint         index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScIrcMessage, sc_irc_message_free)

G_END_DECLS
