/* sc-fuzz-http.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-fuzz"

#include "config.h"

#include "sc-fuzz.h"
#include "sc-fuzz-http.h"

static void
on_finished (SoupServerMessage *message,
             gpointer           user_data)
{
  ScFuzzReply *self = user_data;

  self->finished++;
}

static void
on_request (ScFakeServer      *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  ScFuzzReply *self = user_data;
  GBytes *body = self->fixed != NULL && self->served < self->n_fixed ? self->fixed
                                                                      : self->body;
  gsize size = 0;
  gconstpointer data = body != NULL ? g_bytes_get_data (body, &size) : NULL;

  self->served++;
  g_signal_connect (message, "finished", G_CALLBACK (on_finished), self);
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/json; charset=utf-8",
                                    SOUP_MEMORY_COPY, data, size);
}

ScFuzzReply *
sc_fuzz_reply_get (void)
{
  static ScFuzzReply *self;
  g_autoptr(GError) error = NULL;

  if (self != NULL)
    return self;
  self = g_new0 (ScFuzzReply, 1);
  self->server = sc_fake_server_new ("fuzz", &error);
  if (self->server == NULL)
    g_error ("no loopback server: %s", error->message);
  sc_fake_server_add_handler (self->server, NULL, on_request, self);
  return self;
}

void
sc_fuzz_reply_set (ScFuzzReply   *self,
                   const uint8_t *data,
                   size_t         size)
{
  g_clear_pointer (&self->body, g_bytes_unref);
  self->body = g_bytes_new (data, size);
  self->served = 0;
  self->finished = 0;
  /* The log of every request would grow for the whole run. */
  sc_fake_server_clear_requests (self->server);
}

const char *
sc_fuzz_reply_get_url (ScFuzzReply *self)
{
  return sc_fake_server_get_url (self->server);
}
