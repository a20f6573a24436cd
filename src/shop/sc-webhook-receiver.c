/* sc-webhook-receiver.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-webhook-receiver"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "base/sc-json.h"
#include "base/sc-json-reader.h"

#include "sc-shop-error.h"
#include "sc-webhook-receiver.h"

struct _ScWebhookReceiver
{
  GObject       parent_instance;

  char         *secret;
  SoupServer   *server;
  guint         port;
  GHashTable   *requests;  /* SoupServerMessage * -> Request *, until "finished" */
  GMainContext *context;   /* where signals are emitted */
  GQueue        events;    /* Event *, accepted and waiting to be emitted */
  GSource      *dispatch;
};

G_DEFINE_FINAL_TYPE (ScWebhookReceiver, sc_webhook_receiver, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RECEIVED,
  REJECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The body of one request, read chunk by chunk so a huge one is never held. */
typedef struct {
  SoupServerMessage *msg;  /* borrowed: freed on its "finished" */
  GByteArray        *body;
  gboolean           too_large;
} Request;

typedef struct {
  char     *topic;
  JsonNode *body;
} Event;

static void
request_free (Request *request)
{
  g_signal_handlers_disconnect_matched (request->msg, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                        request);
  g_byte_array_unref (request->body);
  g_free (request);
}

static void
event_free (Event *event)
{
  g_free (event->topic);
  json_node_unref (event->body);
  g_free (event);
}

static void
sc_webhook_receiver_dispose (GObject *object)
{
  ScWebhookReceiver *self = (ScWebhookReceiver *)object;

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_hash_table_remove_all (self->requests);
  if (self->dispatch != NULL)
    {
      g_source_destroy (self->dispatch);
      g_clear_pointer (&self->dispatch, g_source_unref);
    }
  g_queue_clear_full (&self->events, (GDestroyNotify)event_free);

  G_OBJECT_CLASS (sc_webhook_receiver_parent_class)->dispose (object);
}

static void
sc_webhook_receiver_finalize (GObject *object)
{
  ScWebhookReceiver *self = (ScWebhookReceiver *)object;

  if (self->secret != NULL)
    memset (self->secret, 0, strlen (self->secret));
  g_free (self->secret);
  g_hash_table_unref (self->requests);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (sc_webhook_receiver_parent_class)->finalize (object);
}

static void
sc_webhook_receiver_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ScWebhookReceiver *self = SC_WEBHOOK_RECEIVER (object);

  switch (prop_id)
    {
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_webhook_receiver_class_init (ScWebhookReceiverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_webhook_receiver_dispose;
  object_class->finalize = sc_webhook_receiver_finalize;
  object_class->get_property = sc_webhook_receiver_get_property;

  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[RECEIVED] =
    g_signal_new ("received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, JSON_TYPE_NODE);
  signals[REJECTED] =
    g_signal_new ("rejected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
sc_webhook_receiver_init (ScWebhookReceiver *self)
{
  self->requests = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)request_free);
  self->context = g_main_context_ref_thread_default ();
  g_queue_init (&self->events);
}

ScWebhookReceiver *
sc_webhook_receiver_new (const char *secret)
{
  ScWebhookReceiver *self = g_object_new (SC_TYPE_WEBHOOK_RECEIVER, NULL);

  self->secret = g_strdup (secret);
  return self;
}

guint
sc_webhook_receiver_get_port (ScWebhookReceiver *self)
{
  g_return_val_if_fail (SC_IS_WEBHOOK_RECEIVER (self), 0);
  return self->port;
}

static void
reject (ScWebhookReceiver *self,
        SoupServerMessage *msg,
        guint              status,
        const char        *reason)
{
  /* The log line names the sender and the reason, never a signature or
   * the secret. */
  g_message ("Webhook from %s refused (%u): %s",
             soup_server_message_get_remote_host (msg), status, reason);
  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Connection", "close");
  g_signal_emit (self, signals[REJECTED], 0, reason);
}

static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              Request           *request)
{
  gsize size = g_bytes_get_size (chunk);

  if (request->too_large)
    return;
  if (request->body->len + size > SC_WEBHOOK_MAX_BODY)
    {
      request->too_large = TRUE;
      g_byte_array_set_size (request->body, 0);
      return;
    }
  g_byte_array_append (request->body, g_bytes_get_data (chunk, NULL), size);
}

static void
on_finished (SoupServerMessage *msg,
             ScWebhookReceiver *self)
{
  g_signal_handlers_disconnect_by_func (msg, on_finished, self);
  g_hash_table_remove (self->requests, msg);
}

/* After the headers, before the body: refuse what needs no body to refuse,
 * and read the rest ourselves so a body beyond the limit is dropped as it
 * comes rather than accumulated. */
static void
early_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  ScWebhookReceiver *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  Request *request;

  if (g_strcmp0 (soup_server_message_get_method (msg), SOUP_METHOD_POST) != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", "POST");
      reject (self, msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "not a POST request");
      return;
    }
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > SC_WEBHOOK_MAX_BODY)
    {
      reject (self, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "body larger than 1 MB");
      return;
    }

  request = g_new0 (Request, 1);
  request->msg = msg;
  request->body = g_byte_array_new ();
  g_hash_table_replace (self->requests, msg, request);
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk), request);
  g_signal_connect (msg, "finished", G_CALLBACK (on_finished), self);
}

/* Compares in time that depends only on the lengths, which are public. */
static gboolean
equal_in_constant_time (const char *expected,
                        const char *given)
{
  gsize expected_len = strlen (expected);
  gsize given_len = strlen (given);
  guint8 diff = expected_len != given_len;

  for (gsize i = 0; i < expected_len; i++)
    diff |= (guint8)expected[i] ^ (guint8)given[i < given_len ? i : 0];
  return diff == 0;
}

static gboolean
signature_is_valid (ScWebhookReceiver *self,
                    GByteArray        *body,
                    const char        *signature)
{
  g_autoptr(GHmac) hmac = NULL;
  g_autofree char *expected = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;
  gboolean valid;

  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *)self->secret, strlen (self->secret));
  g_hmac_update (hmac, body->data, body->len);
  g_hmac_get_digest (hmac, digest, &digest_len);
  expected = g_base64_encode (digest, digest_len);
  valid = equal_in_constant_time (expected, signature);
  memset (digest, 0, sizeof digest);
  return valid;
}

/* WooCommerce's ping, the whole body: "webhook_id=" and the webhook's id. */
static gboolean
is_woocommerce_ping (GByteArray *body)
{
  const gsize prefix = strlen ("webhook_id=");

  if (body->len <= prefix || body->len > prefix + 20 ||
      memcmp (body->data, "webhook_id=", prefix) != 0)
    return FALSE;
  for (gsize i = prefix; i < body->len; i++)
    if (!g_ascii_isdigit (body->data[i]))
      return FALSE;
  return TRUE;
}

static gboolean
dispatch_events (gpointer user_data)
{
  ScWebhookReceiver *self = user_data;
  Event *event;

  g_object_ref (self);
  g_clear_pointer (&self->dispatch, g_source_unref);
  while ((event = g_queue_pop_head (&self->events)) != NULL)
    {
      g_signal_emit (self, signals[RECEIVED], 0, event->topic, event->body);
      event_free (event);
    }
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  ScWebhookReceiver *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) json_error = NULL;
  Request *request = g_hash_table_lookup (self->requests, msg);
  const char *signature;
  const char *topic;
  Event *event;

  if (request == NULL)
    {
      reject (self, msg, SOUP_STATUS_BAD_REQUEST, "request without a body");
      return;
    }
  if (request->too_large)
    {
      reject (self, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "body larger than 1 MB");
      return;
    }

  /* Nothing of the body is looked at before its signature checks out. */
  signature = soup_message_headers_get_one (headers, "X-Shopify-Hmac-Sha256");
  topic = soup_message_headers_get_one (headers, "X-Shopify-Topic");
  if (signature == NULL)
    {
      signature = soup_message_headers_get_one (headers, "X-WC-Webhook-Signature");
      topic = soup_message_headers_get_one (headers, "X-WC-Webhook-Topic");
    }
  if (signature == NULL && is_woocommerce_ping (request->body))
    {
      /* Saving a webhook in wp-admin sends this, unsigned, and refuses to
       * save it unless the answer is 2xx. It carries nothing to apply. */
      g_message ("WooCommerce webhook %.*s checks this address (ping): answered 200",
                 (int)(request->body->len - strlen ("webhook_id=")),
                 (const char *)request->body->data + strlen ("webhook_id="));
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      return;
    }
  if (signature == NULL)
    {
      reject (self, msg, SOUP_STATUS_UNAUTHORIZED, "no signature header");
      return;
    }
  if (self->secret == NULL || self->secret[0] == '\0')
    {
      reject (self, msg, SOUP_STATUS_UNAUTHORIZED, "no webhook secret is configured");
      return;
    }
  if (!signature_is_valid (self, request->body, signature))
    {
      reject (self, msg, SOUP_STATUS_UNAUTHORIZED, "bad signature");
      return;
    }

  if (topic == NULL || topic[0] == '\0')
    {
      reject (self, msg, SOUP_STATUS_BAD_REQUEST, "no topic header");
      return;
    }
  root = sc_json_parse ((const char *)request->body->data, request->body->len,
                       "the body", &json_error);
  if (root == NULL)
    {
      reject (self, msg, SOUP_STATUS_BAD_REQUEST, json_error->message);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      reject (self, msg, SOUP_STATUS_BAD_REQUEST, "the body is not a JSON object");
      return;
    }
  /* json-glib reads 99999999999999999999 as -1: a stock that would go on
   * air as "sold out". Refused, naming what was written. */
  {
    g_autofree char *number_path = NULL;
    g_autofree char *number = NULL;

    if (sc_json_find_unreadable_number ((const char *)request->body->data, request->body->len,
                                        &number_path, &number))
      {
        g_autofree char *reason = g_strdup_printf ("the body: %s: %s is out of range",
                                                   number_path, number);

        reject (self, msg, SOUP_STATUS_BAD_REQUEST, reason);
        return;
      }
  }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);

  /* The answer goes out first; the catalog is changed from an idle so a
   * slow handler never delays the shop's delivery. */
  event = g_new0 (Event, 1);
  event->topic = g_strdup (topic);
  event->body = json_node_ref (root);
  g_queue_push_tail (&self->events, event);
  if (self->dispatch == NULL)
    {
      self->dispatch = g_idle_source_new ();
      g_source_set_callback (self->dispatch, dispatch_events, self, NULL);
      g_source_set_static_name (self->dispatch, "[shopcast] webhook dispatch");
      g_source_attach (self->dispatch, self->context);
    }
}

gboolean
sc_webhook_receiver_listen (ScWebhookReceiver  *self,
                            guint               port,
                            GError            **error)
{
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) local_error = NULL;
  GSList *uris;

  g_return_val_if_fail (SC_IS_WEBHOOK_RECEIVER (self), FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  server = soup_server_new ("server-header", "Shopcast ", NULL);
  soup_server_add_early_handler (server, NULL, early_handler, self, NULL);
  soup_server_add_handler (server, NULL, handler, self, NULL);

  /* Loopback only: a relay on this machine forwards the shop's deliveries. */
  if (!soup_server_listen_local (server, port, SOUP_SERVER_LISTEN_IPV4_ONLY, &local_error))
    {
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_NETWORK,
                   _("Cannot listen for webhooks on 127.0.0.1:%u: %s"),
                   port, local_error->message);
      return FALSE;
    }

  uris = soup_server_get_uris (server);
  self->port = uris != NULL ? (guint)g_uri_get_port (uris->data) : port;
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  self->server = g_steal_pointer (&server);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  return TRUE;
}
