/* sc-fuzz-http.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sc-fake-server.h"

G_BEGIN_DECLS

/* An HTTP server on loopback (the tests' ScFakeServer) that answers every
 * request with the fuzz input as a 200 application/json body, after
 * @n_fixed requests answered with a fixed body, so a target reaches the
 * parser of a real reply through the provider's own HTTP code. */
typedef struct {
  ScFakeServer *server;
  GBytes       *fixed;      /* NULL: none */
  guint         n_fixed;
  GBytes       *body;       /* the current input */
  guint         served;     /* answers sent for the current input */
  guint         finished;   /* of them, completely written */
} ScFuzzReply;

ScFuzzReply *sc_fuzz_reply_get     (void);
/* A new input; resets the counters. */
void         sc_fuzz_reply_set     (ScFuzzReply   *self,
                                    const uint8_t *data,
                                    size_t         size);
const char  *sc_fuzz_reply_get_url (ScFuzzReply   *self);

G_END_DECLS
