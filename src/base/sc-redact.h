/* sc-redact.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Keeping secrets out of logs, events and messages, and off the wire in
 * clear text. */

/* Credentials (user:pass@) and everything after the first path element are
 * replaced by three stars: RTMP URLs carry the stream key as the element
 * after the application ("rtmp://host/live2/KEY"); a query may carry a key. */
char     *sc_redact_url       (const char *url);

typedef struct {
  const char *secret;    /* NULL or "": nothing to hide */
  const char *shown_as;  /* what the reader sees instead */
} ScRedaction;

/* @text with every occurrence of each secret replaced, in the given order
 * (a full URL before the key inside it). */
char     *sc_redact_text      (const char        *text,
                               const ScRedaction *redactions,
                               gsize              n_redactions);

/* localhost, 127.0.0.0/8 and ::1 (with or without brackets): where plain
 * http:// or ws:// may carry a key, because nothing leaves this computer. */
gboolean  sc_host_is_loopback (const char *host);

G_END_DECLS
