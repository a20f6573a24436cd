/* sc-webhook-receiver.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Bodies above this are answered 413 and never kept in memory whole. */
#define SC_WEBHOOK_MAX_BODY (1024 * 1024)

#define SC_TYPE_WEBHOOK_RECEIVER (sc_webhook_receiver_get_type ())
G_DECLARE_FINAL_TYPE (ScWebhookReceiver, sc_webhook_receiver, SC, WEBHOOK_RECEIVER, GObject)

/* An HTTP server on 127.0.0.1 for shop webhooks that the user relays to
 * this machine (Shopify, WooCommerce). Every POST must carry a valid
 * HMAC-SHA256 signature of its raw body (X-Shopify-Hmac-Sha256 or
 * X-WC-Webhook-Signature, base64) made with @secret; it is checked before
 * anything is parsed, and a bad or missing one is answered 401. The one
 * unsigned request answered 200 is WooCommerce's ping (the body
 * "webhook_id=N", sent when a webhook is saved in wp-admin): it changes
 * nothing and emits nothing.
 *
 * Signals, on the main context, after the 200 answer was queued:
 *   received (const char *topic, JsonNode *body): an authentic webhook;
 *     @topic as the shop names it ("inventory_levels/update",
 *     "products/update", "product.updated"), @body its JSON object.
 *   rejected (const char *reason): a request that was refused. */
ScWebhookReceiver *sc_webhook_receiver_new    (const char          *secret);
/* Listens on 127.0.0.1:@port; 0 picks a free port (tests). */
gboolean           sc_webhook_receiver_listen (ScWebhookReceiver   *self,
                                               guint                port,
                                               GError             **error);
/* The port listened on, 0 before sc_webhook_receiver_listen(). */
guint              sc_webhook_receiver_get_port (ScWebhookReceiver *self);

G_END_DECLS
