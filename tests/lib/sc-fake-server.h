/* sc-fake-server.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define SC_TYPE_FAKE_SERVER (sc_fake_server_get_type ())
G_DECLARE_FINAL_TYPE (ScFakeServer, sc_fake_server, SC, FAKE_SERVER, GObject)

/* The base of the protocol fakes (tests/sc-fake-*.c): an HTTP server on
 * 127.0.0.1 on a free port, in the thread-default main context of its
 * creator, that logs every request and injects faults into any fake's
 * answers. The fake owns the protocol; this owns the socket. */

typedef void (*ScFakeServerHandler) (ScFakeServer      *server,
                                     SoupServerMessage *message,
                                     const char        *path,
                                     GHashTable        *query,
                                     gpointer           user_data);

typedef struct {
  char  *method;         /* "GET" */
  char  *path;           /* "/wp-json/wc/v3/products" */
  char  *query;          /* the raw query string as received, NULL without one */
  char  *line;           /* "path?query" (or "path"), as a test reads it */
  GBytes *body;          /* the request body (maybe empty) */
  SoupMessageHeaders *headers;
} ScFakeRequest;

/* @server_header (may be NULL) is sent as the Server header. */
ScFakeServer     *sc_fake_server_new               (const char          *server_header,
                                                    GError             **error);
/* The libsoup server, for what this does not wrap (WebSocket handlers). */
SoupServer       *sc_fake_server_get_soup_server   (ScFakeServer        *self);
guint             sc_fake_server_get_port          (ScFakeServer        *self);
/* "http://127.0.0.1:PORT" */
const char       *sc_fake_server_get_url           (ScFakeServer        *self);

/* Requests under @path (NULL: all) go to @handler, logged and with the queued
 * faults applied. */
void              sc_fake_server_add_handler       (ScFakeServer        *self,
                                                    const char          *path,
                                                    ScFakeServerHandler  handler,
                                                    gpointer             user_data);

/* The request log, oldest first: every request, refused and failed ones
 * included (ScFakeRequest *). */
GPtrArray        *sc_fake_server_get_requests      (ScFakeServer        *self);
guint             sc_fake_server_get_n_requests    (ScFakeServer        *self);
/* The newest request, NULL before the first. */
const ScFakeRequest *sc_fake_server_get_last_request (ScFakeServer      *self);
void              sc_fake_server_clear_requests    (ScFakeServer        *self);

/* Holds @message's answer (already set, or set before the delay ends) for
 * @delay_ms. Safe when the client goes away or the server is disposed first. */
void              sc_fake_server_hold              (ScFakeServer        *self,
                                                    SoupServerMessage   *message,
                                                    guint                delay_ms);

/* Faults for the next @n_requests, in the order they were queued, one
 * request each, before any fault the fake itself queues. */
/* The answer is @status with a short JSON body; the fake never sees it. */
void              sc_fake_server_fail_next         (ScFakeServer        *self,
                                                    guint                status,
                                                    guint                n_requests);
/* The connection is closed without an answer. */
void              sc_fake_server_drop_next         (ScFakeServer        *self,
                                                    guint                n_requests);
/* The fake's status and headers with an empty body. */
void              sc_fake_server_empty_next        (ScFakeServer        *self,
                                                    guint                n_requests);
/* The fake's answer, its body sent in 16-byte chunks @chunk_delay_ms apart. */
void              sc_fake_server_slow_next         (ScFakeServer        *self,
                                                    guint                n_requests,
                                                    guint                chunk_delay_ms);
/* The fake's answer after @delay_ms. */
void              sc_fake_server_delay_next        (ScFakeServer        *self,
                                                    guint                n_requests,
                                                    guint                delay_ms);
/* Every answer after @delay_ms (0, the default: at once). */
void              sc_fake_server_set_delay         (ScFakeServer        *self,
                                                    guint                delay_ms);

G_END_DECLS
