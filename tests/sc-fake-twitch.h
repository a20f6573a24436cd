/* sc-fake-twitch.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "sc-fake-server.h"

G_BEGIN_DECLS

#define SC_TYPE_FAKE_TWITCH (sc_fake_twitch_get_type ())
G_DECLARE_FINAL_TYPE (ScFakeTwitch, sc_fake_twitch, SC, FAKE_TWITCH, GObject)

/* Twitch chat's IRC over WebSocket on 127.0.0.1, on a free port, at "/":
 * CAP REQ is acknowledged, PASS + NICK get the 001-376 welcome (or, for the
 * bad token, Twitch's NOTICE and a close), JOIN is echoed with 353/366 and a
 * ROOMSTATE, and a client PING gets a PONG. Lines the test sends go to every
 * open connection; each ends with CRLF unless said otherwise. */
ScFakeTwitch *sc_fake_twitch_new              (GError             **error);
/* "ws://127.0.0.1:PORT/" */
const char   *sc_fake_twitch_get_url          (ScFakeTwitch        *self);

/* PASS with this token (with or without "oauth:") is refused. */
void          sc_fake_twitch_set_bad_token    (ScFakeTwitch        *self,
                                               const char          *token);
/* FALSE: client PINGs go unanswered, as from a server that went silent. */
void          sc_fake_twitch_set_answer_pings (ScFakeTwitch        *self,
                                               gboolean             answer);

/* FALSE: new connections are counted, then cut at once, as by a server
 * that is restarting. */
void          sc_fake_twitch_set_accept       (ScFakeTwitch        *self,
                                               gboolean             accept);

/* @text exactly as given (add the CRLF yourself), as one text frame. */
void          sc_fake_twitch_send_raw         (ScFakeTwitch        *self,
                                               const char          *text);
/* @len bytes as one binary frame: for bytes a text frame cannot carry
 * (invalid UTF-8, NUL). */
void          sc_fake_twitch_send_bytes       (ScFakeTwitch        *self,
                                               const char          *data,
                                               gsize                len);
void          sc_fake_twitch_send_lines       (ScFakeTwitch        *self,
                                               const char * const  *lines,
                                               guint                n_lines,
                                               gboolean             one_frame);
/* Each line of the file, one frame each. A relative @path is taken from
 * $SHOPCAST_FIXTURES_DIR ("twitch/chatterino2_irc_lines.txt"). Returns the
 * number of lines sent, 0 with @error set if the file cannot be read. */
guint         sc_fake_twitch_replay_fixture   (ScFakeTwitch        *self,
                                               const char          *path,
                                               GError             **error);
/* "PING :tmi.twitch.tv" */
void          sc_fake_twitch_send_ping        (ScFakeTwitch        *self);
/* The last PONG line a client sent, NULL if none. */
const char   *sc_fake_twitch_get_last_pong    (ScFakeTwitch        *self);
/* ":tmi.twitch.tv RECONNECT" */
void          sc_fake_twitch_send_reconnect   (ScFakeTwitch        *self);
/* Cuts every connection without a WebSocket close. */
void          sc_fake_twitch_drop_connection  (ScFakeTwitch        *self);
/* @n_messages PRIVMSG lines to the joined channel at @per_second, several
 * to a frame as Twitch does, ids "00000000-0000-4000-8000-<12-digit index>"
 * and text "flood <index>", index from 0. */
void          sc_fake_twitch_flood            (ScFakeTwitch        *self,
                                               guint                n_messages,
                                               guint                per_second);
gboolean      sc_fake_twitch_is_flooding      (ScFakeTwitch        *self);

/* Every line clients sent, oldest first, across connections (char *). */
GPtrArray    *sc_fake_twitch_get_received     (ScFakeTwitch        *self);
/* TRUE if a client sent exactly this line. */
gboolean      sc_fake_twitch_has_received     (ScFakeTwitch        *self,
                                               const char          *line);
guint         sc_fake_twitch_get_n_connections (ScFakeTwitch       *self);
/* JOINs answered, across connections. */
guint         sc_fake_twitch_get_n_joins      (ScFakeTwitch        *self);

G_END_DECLS
