/* sc-fake-server.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-fake-server"

#include "config.h"

#include <string.h>

#include "sc-fake-server.h"

#define SLOW_CHUNK_SIZE 16

typedef enum {
  FAULT_STATUS,
  FAULT_DROP,
  FAULT_EMPTY,
  FAULT_SLOW,
  FAULT_DELAY,
} FaultKind;

typedef struct {
  FaultKind kind;
  guint     status;
  guint     delay_ms;
} Fault;

typedef struct {
  ScFakeServer        *self;
  ScFakeServerHandler  handler;
  gpointer             user_data;
} Route;

/* An answer on hold: a delay, or a body going out chunk by chunk. */
typedef struct {
  ScFakeServer      *self;
  SoupServerMessage *message;
  guint              source_id;
  GBytes            *rest;       /* slow bodies: what is still to send */
  gsize              sent;
  guint              chunk_delay_ms;
} Held;

struct _ScFakeServer
{
  GObject     parent_instance;

  SoupServer *server;
  guint       port;
  char       *url;
  GPtrArray  *requests;     /* ScFakeRequest * */
  GQueue      faults;       /* Fault * */
  GList      *held;         /* Held * */
  guint       delay_ms;
};

G_DEFINE_FINAL_TYPE (ScFakeServer, sc_fake_server, G_TYPE_OBJECT)

static void
request_free (ScFakeRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_free (request->line);
  g_bytes_unref (request->body);
  soup_message_headers_unref (request->headers);
  g_free (request);
}

static void
held_free (Held *held)
{
  g_clear_handle_id (&held->source_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (held->message, held);
  g_clear_pointer (&held->rest, g_bytes_unref);
  g_object_unref (held->message);
  g_free (held);
}

static void
held_forget (Held *held)
{
  held->self->held = g_list_remove (held->self->held, held);
  held_free (held);
}

/* The client went away or the answer is complete: nothing more to send. */
static void
on_held_gone (Held *held)
{
  held_forget (held);
}

static Held *
hold_message (ScFakeServer      *self,
              SoupServerMessage *message)
{
  Held *held = g_new0 (Held, 1);

  held->self = self;
  held->message = g_object_ref (message);
  g_signal_connect_swapped (message, "disconnected", G_CALLBACK (on_held_gone), held);
  g_signal_connect_swapped (message, "finished", G_CALLBACK (on_held_gone), held);
  self->held = g_list_prepend (self->held, held);
  soup_server_message_pause (message);
  return held;
}

static gboolean
on_hold_over (gpointer data)
{
  Held *held = data;

  held->source_id = 0;
  soup_server_message_unpause (held->message);
  return G_SOURCE_REMOVE;
}

void
sc_fake_server_hold (ScFakeServer      *self,
                     SoupServerMessage *message,
                     guint              delay_ms)
{
  Held *held;

  g_return_if_fail (SC_IS_FAKE_SERVER (self));

  held = hold_message (self, message);
  held->source_id = g_timeout_add (delay_ms, on_hold_over, held);
}

static gboolean
on_next_chunk (gpointer data)
{
  Held *held = data;
  SoupMessageBody *body = soup_server_message_get_response_body (held->message);
  gsize size = g_bytes_get_size (held->rest);
  gsize n = MIN (SLOW_CHUNK_SIZE, size - held->sent);

  soup_message_body_append (body, SOUP_MEMORY_COPY,
                            (const char *) g_bytes_get_data (held->rest, NULL) + held->sent, n);
  held->sent += n;
  if (held->sent >= size)
    {
      held->source_id = 0;
      soup_message_body_complete (body);
      soup_server_message_unpause (held->message);
      return G_SOURCE_REMOVE;
    }
  soup_server_message_unpause (held->message);
  return G_SOURCE_CONTINUE;
}

/* Re-sends the answer's body chunked, a piece at a time. */
static void
send_slowly (ScFakeServer      *self,
             SoupServerMessage *message,
             guint              chunk_delay_ms)
{
  SoupMessageBody *body = soup_server_message_get_response_body (message);
  g_autoptr(GBytes) whole = soup_message_body_flatten (body);
  Held *held;

  if (g_bytes_get_size (whole) == 0)
    return;
  soup_message_body_truncate (body);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (message),
                                     SOUP_ENCODING_CHUNKED);
  held = hold_message (self, message);
  held->rest = g_steal_pointer (&whole);
  held->chunk_delay_ms = chunk_delay_ms;
  held->source_id = g_timeout_add (chunk_delay_ms, on_next_chunk, held);
}

static void
log_request (ScFakeServer      *self,
             SoupServerMessage *message,
             const char        *path)
{
  ScFakeRequest *request = g_new0 (ScFakeRequest, 1);
  GUri *uri = soup_server_message_get_uri (message);
  const char *query = g_uri_get_query (uri);

  request->method = g_strdup (soup_server_message_get_method (message));
  request->path = g_strdup (path);
  request->query = g_strdup (query);
  request->line = query != NULL ? g_strconcat (path, "?", query, NULL) : g_strdup (path);
  request->body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  request->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  {
    SoupMessageHeadersIter iter;
    const char *name;
    const char *value;

    soup_message_headers_iter_init (&iter, soup_server_message_get_request_headers (message));
    while (soup_message_headers_iter_next (&iter, &name, &value))
      soup_message_headers_append (request->headers, name, value);
  }
  g_ptr_array_add (self->requests, request);
}

static void
handle_route (SoupServer        *server,
              SoupServerMessage *message,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Route *route = user_data;
  ScFakeServer *self = route->self;
  g_autofree Fault *fault = g_queue_pop_head (&self->faults);

  log_request (self, message, path);

  if (fault != NULL && fault->kind == FAULT_STATUS)
    {
      g_autofree char *text = g_strdup_printf ("{\"error\":\"injected\",\"status\":%u}",
                                               fault->status);

      soup_server_message_set_status (message, fault->status, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                        text, strlen (text));
      return;
    }
  if (fault != NULL && fault->kind == FAULT_DROP)
    {
      g_autoptr(GIOStream) stream = soup_server_message_steal_connection (message);

      g_io_stream_close (stream, NULL, NULL);
      return;
    }

  route->handler (self, message, path, query, route->user_data);

  if (fault != NULL && fault->kind == FAULT_EMPTY)
    {
      soup_message_body_truncate (soup_server_message_get_response_body (message));
      soup_message_headers_set_content_length
        (soup_server_message_get_response_headers (message), 0);
    }
  else if (fault != NULL && fault->kind == FAULT_SLOW)
    send_slowly (self, message, fault->delay_ms);
  else if (fault != NULL && fault->kind == FAULT_DELAY)
    sc_fake_server_hold (self, message, fault->delay_ms);
  else if (self->delay_ms > 0)
    sc_fake_server_hold (self, message, self->delay_ms);
}

void
sc_fake_server_add_handler (ScFakeServer        *self,
                            const char          *path,
                            ScFakeServerHandler  handler,
                            gpointer             user_data)
{
  Route *route;

  g_return_if_fail (SC_IS_FAKE_SERVER (self));
  g_return_if_fail (handler != NULL);

  route = g_new0 (Route, 1);
  route->self = self;
  route->handler = handler;
  route->user_data = user_data;
  soup_server_add_handler (self->server, path, handle_route, route, g_free);
}

GPtrArray *
sc_fake_server_get_requests (ScFakeServer *self)
{
  g_return_val_if_fail (SC_IS_FAKE_SERVER (self), NULL);

  return self->requests;
}

guint
sc_fake_server_get_n_requests (ScFakeServer *self)
{
  g_return_val_if_fail (SC_IS_FAKE_SERVER (self), 0);

  return self->requests->len;
}

const ScFakeRequest *
sc_fake_server_get_last_request (ScFakeServer *self)
{
  g_return_val_if_fail (SC_IS_FAKE_SERVER (self), NULL);

  if (self->requests->len == 0)
    return NULL;
  return g_ptr_array_index (self->requests, self->requests->len - 1);
}

void
sc_fake_server_clear_requests (ScFakeServer *self)
{
  g_return_if_fail (SC_IS_FAKE_SERVER (self));

  g_ptr_array_set_size (self->requests, 0);
}

static void
queue_faults (ScFakeServer *self,
              FaultKind     kind,
              guint         status,
              guint         delay_ms,
              guint         n_requests)
{
  for (guint i = 0; i < n_requests; i++)
    {
      Fault *fault = g_new0 (Fault, 1);

      fault->kind = kind;
      fault->status = status;
      fault->delay_ms = delay_ms;
      g_queue_push_tail (&self->faults, fault);
    }
}

void
sc_fake_server_fail_next (ScFakeServer *self,
                          guint         status,
                          guint         n_requests)
{
  g_return_if_fail (SC_IS_FAKE_SERVER (self));
  g_return_if_fail (status >= 100 && status < 600);

  queue_faults (self, FAULT_STATUS, status, 0, n_requests);
}

void
sc_fake_server_drop_next (ScFakeServer *self,
                          guint         n_requests)
{
  g_return_if_fail (SC_IS_FAKE_SERVER (self));

  queue_faults (self, FAULT_DROP, 0, 0, n_requests);
}

void
sc_fake_server_empty_next (ScFakeServer *self,
                           guint         n_requests)
{
  g_return_if_fail (SC_IS_FAKE_SERVER (self));

  queue_faults (self, FAULT_EMPTY, 0, 0, n_requests);
}

void
sc_fake_server_slow_next (ScFakeServer *self,
                          guint         n_requests,
                          guint         chunk_delay_ms)
{
  g_return_if_fail (SC_IS_FAKE_SERVER (self));
  g_return_if_fail (chunk_delay_ms > 0);

  queue_faults (self, FAULT_SLOW, 0, chunk_delay_ms, n_requests);
}

void
sc_fake_server_delay_next (ScFakeServer *self,
                           guint         n_requests,
                           guint         delay_ms)
{
  g_return_if_fail (SC_IS_FAKE_SERVER (self));

  queue_faults (self, FAULT_DELAY, 0, delay_ms, n_requests);
}

void
sc_fake_server_set_delay (ScFakeServer *self,
                          guint         delay_ms)
{
  g_return_if_fail (SC_IS_FAKE_SERVER (self));

  self->delay_ms = delay_ms;
}

SoupServer *
sc_fake_server_get_soup_server (ScFakeServer *self)
{
  g_return_val_if_fail (SC_IS_FAKE_SERVER (self), NULL);

  return self->server;
}

guint
sc_fake_server_get_port (ScFakeServer *self)
{
  g_return_val_if_fail (SC_IS_FAKE_SERVER (self), 0);

  return self->port;
}

const char *
sc_fake_server_get_url (ScFakeServer *self)
{
  g_return_val_if_fail (SC_IS_FAKE_SERVER (self), NULL);

  return self->url;
}

static void
sc_fake_server_dispose (GObject *object)
{
  ScFakeServer *self = (ScFakeServer *)object;

  g_list_free_full (g_steal_pointer (&self->held), (GDestroyNotify) held_free);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (sc_fake_server_parent_class)->dispose (object);
}

static void
sc_fake_server_finalize (GObject *object)
{
  ScFakeServer *self = (ScFakeServer *)object;

  g_free (self->url);
  g_ptr_array_unref (self->requests);
  g_queue_clear_full (&self->faults, g_free);

  G_OBJECT_CLASS (sc_fake_server_parent_class)->finalize (object);
}

static void
sc_fake_server_class_init (ScFakeServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_fake_server_dispose;
  object_class->finalize = sc_fake_server_finalize;
}

static void
sc_fake_server_init (ScFakeServer *self)
{
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  g_queue_init (&self->faults);
}

ScFakeServer *
sc_fake_server_new (const char  *server_header,
                    GError     **error)
{
  g_autoptr(ScFakeServer) self = g_object_new (SC_TYPE_FAKE_SERVER, NULL);
  GSList *uris;

  self->server = soup_server_new ("server-header", server_header, NULL);
  if (!soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return NULL;

  uris = soup_server_get_uris (self->server);
  self->port = g_uri_get_port (uris->data);
  self->url = g_strdup_printf ("http://127.0.0.1:%u", self->port);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return g_steal_pointer (&self);
}
