/* sc-woocommerce-provider.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-woocommerce-provider"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "base/sc-backoff.h"
#include "base/sc-json.h"
#include "base/sc-json-reader.h"
#include "sc-money.h"
#include "sc-shop-error.h"
#include "sc-woocommerce-provider.h"

#define API_PREFIX "/wp-json/wc/v3"
/* The largest page WooCommerce serves. */
#define PER_PAGE 100
/* Variable products whose variations are fetched at once: enough to hide the
 * shop's latency, few enough to stay under libsoup's connections per host. */
#define MAX_PARALLEL_VARIATIONS 4
#define FIRST_BACKOFF_MS 500
#define MAX_BACKOFF_MS 30000
/* Waiting longer than this on a Retry-After would leave stale stock on air
 * for minutes; better to fail and let the sync try again later. */
#define MAX_RETRY_AFTER_S 120
#define DEFAULT_TIMEOUT_S 15.0
#define DEFAULT_CURRENCY "USD"

struct _ScWooCommerceProvider
{
  GObject       parent_instance;

  SoupSession  *session;
  char         *base_url;           /* no trailing slash, no credentials */
  char         *authorization;      /* "Basic …"; never logged */
  char         *fallback_currency;
  char         *currency;           /* NULL until the shop was asked */
  double        timeout_s;
  guint         max_retries;
  guint         request_count;
};

static void shop_provider_iface_init (ScShopProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScWooCommerceProvider, sc_woocommerce_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SC_TYPE_SHOP_PROVIDER,
                                                      shop_provider_iface_init))

static void
sc_woocommerce_provider_dispose (GObject *object)
{
  ScWooCommerceProvider *self = (ScWooCommerceProvider *)object;

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sc_woocommerce_provider_parent_class)->dispose (object);
}

static void
sc_woocommerce_provider_finalize (GObject *object)
{
  ScWooCommerceProvider *self = (ScWooCommerceProvider *)object;

  /* The header holds the secret, only base64-encoded: do not leave it in
   * freed memory. */
  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_free (self->authorization);
  g_free (self->base_url);
  g_free (self->fallback_currency);
  g_free (self->currency);

  G_OBJECT_CLASS (sc_woocommerce_provider_parent_class)->finalize (object);
}

static void
sc_woocommerce_provider_class_init (ScWooCommerceProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_woocommerce_provider_dispose;
  object_class->finalize = sc_woocommerce_provider_finalize;
}

static void
sc_woocommerce_provider_init (ScWooCommerceProvider *self)
{
}

/* Construction */

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
is_currency_code (const char *text)
{
  return text != NULL && strlen (text) == 3 && g_ascii_isupper (text[0]) &&
         g_ascii_isupper (text[1]) && g_ascii_isupper (text[2]);
}

static char *
make_authorization (const char *key,
                    const char *secret)
{
  g_autofree char *pair = g_strconcat (key, ":", secret, NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *)pair, strlen (pair));
  char *header = g_strconcat ("Basic ", encoded, NULL);

  memset (pair, 0, strlen (pair));
  memset (encoded, 0, strlen (encoded));
  return header;
}

ScShopProvider *
sc_woocommerce_provider_new (const ScShopConfig  *config,
                             GError             **error)
{
  g_autoptr(ScWooCommerceProvider) self = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme, *host;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (config->url == NULL || config->url[0] == '\0')
    {
      g_set_error_literal (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                           _("WooCommerce: the shop URL is missing"));
      return NULL;
    }
  uri = g_uri_parse (config->url, G_URI_FLAGS_NONE, &local_error);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  if (uri == NULL || host == NULL || host[0] == '\0' ||
      (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0))
    {
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("WooCommerce: “%s” is not a shop address such as https://shop.example"),
                   config->url);
      return NULL;
    }
  /* Credentials belong in key_env/secret_env, and a query or fragment would
   * corrupt every request URL built from this base. */
  if (g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("WooCommerce: the shop address must be just the site, such as "
                     "https://shop.example, without a user name, query or fragment"));
      return NULL;
    }
  if (g_strcmp0 (scheme, "http") == 0 && !is_loopback_host (host))
    {
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("WooCommerce: refusing to send the consumer key over plain HTTP to %s, "
                     "where anyone on the way could read it; use https://%s"),
                   host, host);
      return NULL;
    }
  if (config->consumer_key == NULL || config->consumer_key[0] == '\0' ||
      config->consumer_secret == NULL || config->consumer_secret[0] == '\0')
    {
      g_set_error_literal (error, SC_SHOP_ERROR, SC_SHOP_ERROR_AUTH,
                           _("WooCommerce: the consumer key or secret is missing"));
      return NULL;
    }

  self = g_object_new (SC_TYPE_WOOCOMMERCE_PROVIDER, NULL);

  self->base_url = g_uri_to_string (uri);
  /* "https://shop.example/" and "https://shop.example" are the same shop. */
  while (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';

  self->authorization = make_authorization (config->consumer_key, config->consumer_secret);
  self->fallback_currency = g_strdup (is_currency_code (config->currency) ? config->currency
                                                                            : DEFAULT_CURRENCY);
  self->timeout_s = config->timeout_s > 0 ? config->timeout_s : DEFAULT_TIMEOUT_S;
  self->max_retries = config->max_retries;
  /* Timeouts are ours (fractional, per attempt, retried), not libsoup's. */
  self->session = soup_session_new_with_options ("user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                                 NULL);

  return SC_SHOP_PROVIDER (g_steal_pointer (&self));
}

const char *
sc_woocommerce_provider_get_currency (ScWooCommerceProvider *self)
{
  g_return_val_if_fail (SC_IS_WOOCOMMERCE_PROVIDER (self), NULL);
  return self->currency;
}

/* One GET with retries */

typedef struct {
  char         *path;                /* below API_PREFIX, with the query */
  const char   *method;              /* SOUP_METHOD_GET or _PUT */
  GBytes       *request_body;        /* JSON for a PUT, else NULL */
  guint         attempts;
  ScBackoff     backoff;             /* the waits after network failures and 5xx */
  gboolean      timed_out;
  guint         timeout_id;
  GCancellable *attempt_cancellable; /* cancelled by the caller or the timeout */
  gulong        cancelled_id;
  GSource      *wait_source;
  GSource      *wait_cancel_source;
  guint         total_pages;         /* X-WP-TotalPages, 0 when absent */
  GBytes       *body;                /* the JSON answered, for numbers beyond 64 bits */
} Request;

static void
request_free (Request *request)
{
  g_assert (request->timeout_id == 0);
  g_assert (request->wait_source == NULL);
  g_clear_object (&request->attempt_cancellable);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_pointer (&request->request_body, g_bytes_unref);
  sc_backoff_clear (&request->backoff);
  g_free (request->path);
  g_free (request);
}

static void send_attempt (GTask *task);

static void
on_caller_cancelled (GCancellable *cancellable,
                     GCancellable *attempt_cancellable)
{
  g_cancellable_cancel (attempt_cancellable);
}

static gboolean
on_attempt_timeout (gpointer data)
{
  Request *request = data;

  request->timeout_id = 0;
  request->timed_out = TRUE;
  g_cancellable_cancel (request->attempt_cancellable);
  return G_SOURCE_REMOVE;
}

static void
clear_wait (Request *request)
{
  if (request->wait_source != NULL)
    g_source_destroy (request->wait_source);
  g_clear_pointer (&request->wait_source, g_source_unref);
  if (request->wait_cancel_source != NULL)
    g_source_destroy (request->wait_cancel_source);
  g_clear_pointer (&request->wait_cancel_source, g_source_unref);
}

static gboolean
on_wait_done (gpointer data)
{
  GTask *task = data;

  clear_wait (g_task_get_task_data (task));
  send_attempt (task);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static gboolean
on_wait_cancelled (GCancellable *cancellable,
                   gpointer      data)
{
  GTask *task = data;

  clear_wait (g_task_get_task_data (task));
  g_task_return_error_if_cancelled (task);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

/* Tries again after @delay_ms, or fails with @code once the retries are used
 * up. @reason says what went wrong, for the final error. */
static void
retry_later (GTask      *task,
             guint       delay_ms,
             ScShopError code,
             const char *reason)
{
  ScWooCommerceProvider *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (request->attempts > self->max_retries)
    {
      if (code == SC_SHOP_ERROR_THROTTLED)
        g_task_return_new_error (task, SC_SHOP_ERROR, code,
                                 _("WooCommerce kept asking to slow down (%s) after %u attempts"),
                                 reason, request->attempts);
      else
        g_task_return_new_error (task, SC_SHOP_ERROR, code,
                                 _("Cannot reach the WooCommerce shop: %s, after %u attempts"),
                                 reason, request->attempts);
      return;
    }

  g_debug ("%s: %s; trying again in %u ms", request->path, reason, delay_ms);
  request->wait_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (request->wait_source, on_wait_done, g_object_ref (task), NULL);
  g_source_attach (request->wait_source, g_task_get_context (task));
  if (cancellable != NULL)
    {
      request->wait_cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (request->wait_cancel_source, (GSourceFunc)on_wait_cancelled,
                             task, NULL);
      g_source_attach (request->wait_cancel_source, g_task_get_context (task));
    }
}

static guint
backoff_ms (Request *request)
{
  return (guint)(sc_backoff_next (&request->backoff) * 1000);
}

/* Retry-After is either seconds or an HTTP date; -1 if absent or unreadable. */
static gint64
retry_after_ms (SoupMessage *message)
{
  const char *value;
  guint64 seconds;
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) now = NULL;
  GTimeSpan span;

  value = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                        "Retry-After");
  if (value == NULL)
    return -1;
  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT32, &seconds, NULL))
    return (gint64)seconds * 1000;

  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return -1;
  now = g_date_time_new_now_utc ();
  span = g_date_time_difference (date, now);
  return span > 0 ? span / G_TIME_SPAN_MILLISECOND : 0;
}

static char *
error_code_of (GBytes *body)
{
  g_autoptr(JsonNode) root = NULL;
  const char *code;
  gsize length;
  const char *data;

  if (body == NULL)
    return NULL;
  data = g_bytes_get_data (body, &length);
  root = sc_json_parse (data, length, "error", NULL);
  if (root == NULL)
    return NULL;
  code = JSON_NODE_HOLDS_OBJECT (root)
         ? sc_json_peek_string (json_node_get_object (root), "code") : NULL;
  return code != NULL ? g_strescape (code, NULL) : NULL;
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (source);
  g_autoptr(GTask) task = user_data;
  ScWooCommerceProvider *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  SoupMessage *message = soup_session_get_async_result_message (session, result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *reason = NULL;
  const char *total_pages;
  const char *data;
  gsize length;
  guint status;
  gint64 wait_ms;

  body = soup_session_send_and_read_finish (session, result, &error);

  g_clear_handle_id (&request->timeout_id, g_source_remove);
  if (request->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), request->cancelled_id);
  request->cancelled_id = 0;
  g_clear_object (&request->attempt_cancellable);

  if (body == NULL)
    {
      if (g_task_return_error_if_cancelled (task))
        return;
      if (request->timed_out)
        {
          reason = g_strdup_printf (_("no answer within %g s"), self->timeout_s);
          retry_later (task, backoff_ms (request), SC_SHOP_ERROR_NETWORK, reason);
        }
      else if (error->domain == G_TLS_ERROR)
        g_task_return_new_error (task, SC_SHOP_ERROR, SC_SHOP_ERROR_NETWORK,
                                 _("Cannot connect securely to the WooCommerce shop: %s"),
                                 error->message);
      else
        retry_later (task, backoff_ms (request), SC_SHOP_ERROR_NETWORK, error->message);
      return;
    }

  status = soup_message_get_status (message);
  if (status == 429 /* Too Many Requests */)
    {
      wait_ms = retry_after_ms (message);
      if (wait_ms > (gint64)MAX_RETRY_AFTER_S * 1000)
        {
          /* Formatted apart: gettext cannot extract a G_GINT64_FORMAT string. */
          g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, wait_ms / 1000);

          g_task_return_new_error (task, SC_SHOP_ERROR, SC_SHOP_ERROR_THROTTLED,
                                   _("WooCommerce asked to wait %s s before the next request"),
                                   seconds);
          return;
        }
      retry_later (task, wait_ms >= 0 ? (guint)wait_ms : backoff_ms (request),
                   SC_SHOP_ERROR_THROTTLED, "HTTP 429");
      return;
    }
  if (status >= 500)
    {
      reason = g_strdup_printf ("HTTP %u", status);
      retry_later (task, backoff_ms (request), SC_SHOP_ERROR_NETWORK, reason);
      return;
    }
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      g_task_return_new_error (task, SC_SHOP_ERROR, SC_SHOP_ERROR_AUTH,
                               _("WooCommerce refused the consumer key (HTTP %u): "
                                 "check your key and secret"), status);
      return;
    }
  if (SOUP_STATUS_IS_REDIRECTION (status))
    {
      /* Following it could carry the key to another host, or from https to
       * http; the user can put the final address in the show instead. */
      const char *location = soup_message_headers_get_one (
        soup_message_get_response_headers (message), "Location");

      g_task_return_new_error (task, SC_SHOP_ERROR, SC_SHOP_ERROR_NETWORK,
                               _("The WooCommerce shop redirects to %s (HTTP %u): use that "
                                 "address as the shop URL"),
                               location != NULL ? location : "another address", status);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *code = error_code_of (body);
      const char *why = code != NULL ? code : soup_message_get_reason_phrase (message);

      g_task_return_new_error (task, SC_SHOP_ERROR,
                               status == SOUP_STATUS_NOT_FOUND ? SC_SHOP_ERROR_NOT_FOUND
                                                               : SC_SHOP_ERROR_INVALID_DATA,
                               _("WooCommerce answered HTTP %u (%s) to %s%s"),
                               status, why, API_PREFIX, request->path);
      return;
    }

  data = g_bytes_get_data (body, &length);
  root = sc_json_parse (data, length, _("the answer"), &error);
  if (root == NULL && g_error_matches (error, SC_JSON_ERROR, SC_JSON_ERROR_EMPTY))
    {
      g_task_return_new_error (task, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                               _("WooCommerce sent an empty answer for %s%s"),
                               API_PREFIX, request->path);
      return;
    }
  if (root == NULL)
    {
      g_task_return_new_error (task, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                               _("WooCommerce sent malformed JSON for %s%s: %s"),
                               API_PREFIX, request->path, error->message);
      return;
    }

  g_clear_pointer (&request->body, g_bytes_unref);
  request->body = g_bytes_ref (body);
  total_pages = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                              "X-WP-TotalPages");
  if (total_pages != NULL)
    {
      guint64 value = 0;

      /* Without it, the listing still ends at a short or empty page. */
      if (g_ascii_string_to_unsigned (total_pages, 10, 0, G_MAXUINT, &value, NULL))
        request->total_pages = (guint)value;
    }

  g_task_return_pointer (task, g_steal_pointer (&root), (GDestroyNotify)json_node_unref);
}

static void
send_attempt (GTask *task)
{
  ScWooCommerceProvider *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autofree char *url = g_strconcat (self->base_url, API_PREFIX, request->path, NULL);
  g_autoptr(SoupMessage) message = NULL;
  SoupMessageHeaders *headers;

  if (g_task_return_error_if_cancelled (task))
    return;

  message = soup_message_new (request->method, url);
  if (message == NULL)
    {
      g_task_return_new_error (task, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                               _("Cannot build a WooCommerce request for %s"), request->path);
      return;
    }
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Authorization", self->authorization);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (request->request_body != NULL)
    soup_message_set_request_body_from_bytes (message, "application/json",
                                              request->request_body);

  self->request_count++;
  request->attempts++;
  request->timed_out = FALSE;
  request->total_pages = 0;
  request->attempt_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    request->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                   g_object_ref (request->attempt_cancellable),
                                                   g_object_unref);
  request->timeout_id = g_timeout_add ((guint)(self->timeout_s * 1000), on_attempt_timeout,
                                       request);

  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    request->attempt_cancellable, on_sent, g_object_ref (task));
}

/* Sends @method to @path (below /wp-json/wc/v3, with its query), with the
 * JSON @body if not NULL, and parses the JSON answer. */
static void
woo_send_async (ScWooCommerceProvider *self,
                const char            *method,
                const char            *path,
                GBytes                *body,
                GCancellable          *cancellable,
                GAsyncReadyCallback    callback,
                gpointer               user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);

  g_task_set_source_tag (task, woo_send_async);
  request->path = g_strdup (path);
  request->method = method;
  request->request_body = body != NULL ? g_bytes_ref (body) : NULL;
  sc_backoff_init (&request->backoff, FIRST_BACKOFF_MS / 1000.0, MAX_BACKOFF_MS / 1000.0, 2.0,
                   SC_BACKOFF_DEFAULT_JITTER);
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);
  send_attempt (task);
}

static void
woo_get_async (ScWooCommerceProvider *self,
               const char            *path,
               GCancellable          *cancellable,
               GAsyncReadyCallback    callback,
               gpointer               user_data)
{
  woo_send_async (self, SOUP_METHOD_GET, path, NULL, cancellable, callback, user_data);
}

/* With @reader, numbers written beyond 64 bits are noted in it, so an
 * error says what was written rather than what json-glib made of it. */
static JsonNode *
woo_get_finish (ScWooCommerceProvider  *self,
                GAsyncResult           *result,
                guint                  *total_pages,
                ScJsonReader           *reader,
                GError                **error)
{
  Request *request = g_task_get_task_data (G_TASK (result));
  JsonNode *root;

  if (total_pages != NULL)
    *total_pages = request->total_pages;
  root = g_task_propagate_pointer (G_TASK (result), error);
  if (root != NULL && reader != NULL && request->body != NULL)
    {
      gsize length = 0;
      const char *data = g_bytes_get_data (request->body, &length);

      sc_json_reader_note_literals (reader, data, (gssize)length);
    }
  return root;
}

/* Reading products: through ScJsonReader, so every error names the request
 * and the JSON path: "WooCommerce sent unexpected data for
 * /wp-json/wc/v3/products…: $[3].price: …". */

static ScJsonReader *
answer_reader_new (const char *request_path)
{
  g_autofree char *name = g_strdup_printf (_("WooCommerce sent unexpected data for %s%s"),
                                           API_PREFIX, request_path);

  return sc_json_reader_new (name, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                             SC_SHOP_ERROR_INVALID_DATA);
}

/* Ids are integers; json-glib reads the ones up to 2^63 exactly, so ids
 * beyond what a double holds (2^53) survive. */
static gboolean
read_id (ScJsonReader  *reader,
         JsonObject    *object,
         const char    *path,
         char         **id)
{
  gint64 number;

  if (!sc_json_reader_need_int64 (reader, object, path, "id", FALSE, 1, G_MAXINT64,
                                  _("a positive integer"), &number, NULL))
    return FALSE;
  *id = g_strdup_printf ("%" G_GINT64_FORMAT, number);
  return TRUE;
}

/* On sale, the sale price is what the viewer pays and the regular price is
 * shown struck through; otherwise `price` is the current price. WooCommerce
 * prices are decimal strings, "" when not set. */
static gboolean
read_prices (ScJsonReader *reader,
             JsonObject   *object,
             const char   *path,
             const char   *currency,
             gint64       *price,
             gint64       *compare_at)
{
  const ScJsonDecimalFlags flags = SC_JSON_DECIMAL_EMPTY_UNSET;
  gint64 current, regular, sale;
  gboolean has_current, has_regular, has_sale, on_sale;

  if (!sc_money_read (reader, object, path, "price", flags, NULL, currency, &current,
                      &has_current) ||
      !sc_money_read (reader, object, path, "regular_price", flags, NULL, currency, &regular,
                      &has_regular) ||
      !sc_money_read (reader, object, path, "sale_price", flags, NULL, currency, &sale, &has_sale))
    return FALSE;

  on_sale = has_sale;
  if (!sc_json_reader_get_bool (reader, object, path, "on_sale", &on_sale))
    return FALSE;

  if (on_sale && has_sale)
    {
      *price = sale;
      *compare_at = has_regular && regular > sale ? regular : 0;
    }
  else
    {
      *price = has_current ? current : has_regular ? regular : 0;
      *compare_at = 0;
    }
  return TRUE;
}

/* Stock as ScProduct counts it. A variation whose manage_stock is "parent"
 * shares its product's count: *uses_parent is set and *stock is @parent_stock. */
static gboolean
read_stock (ScJsonReader *reader,
            JsonObject   *object,
            const char   *path,
            gboolean      is_variation,
            gint64        parent_stock,
            gboolean     *uses_parent,
            gint64       *stock)
{
  JsonNode *manage = sc_json_object_get_value (object, "manage_stock");
  const char *status = NULL;
  gboolean has_quantity = sc_json_object_get_value (object, "stock_quantity") != NULL;
  gboolean managed = FALSE;
  gint64 quantity = 0;

  *uses_parent = FALSE;
  if (is_variation && g_strcmp0 (sc_json_peek_string (object, "manage_stock"), "parent") == 0)
    *uses_parent = TRUE;
  else if (manage != NULL && JSON_NODE_HOLDS_VALUE (manage) &&
           json_node_get_value_type (manage) == G_TYPE_BOOLEAN)
    managed = json_node_get_boolean (manage);
  else if (manage != NULL)
    {
      g_autofree char *manage_path = sc_json_path_member (path, "manage_stock");

      return sc_json_reader_fail_expected (reader, manage_path,
                                           is_variation ? _("true, false or \"parent\"")
                                                        : _("true or false"),
                                           manage);
    }

  if (!sc_json_reader_get_int64 (reader, object, path, "stock_quantity", G_MININT64,
                                 G_MAXINT64,
                                 _("a whole number, or null when stock is not tracked"),
                                 &quantity) ||
      !sc_json_reader_get_text (reader, object, path, "stock_status", FALSE, &status))
    return FALSE;

  if (*uses_parent)
    *stock = parent_stock;
  else if (managed && has_quantity)
    *stock = MAX (quantity, 0);
  else
    *stock = SC_STOCK_UNTRACKED;

  /* An untracked product the shop marks sold out is sold out; a product on
   * backorder can still be bought, so it must not read "Sold out" on air. */
  if (g_strcmp0 (status, "outofstock") == 0 && *stock == SC_STOCK_UNTRACKED)
    *stock = 0;
  else if (g_strcmp0 (status, "onbackorder") == 0 && *stock == 0)
    *stock = SC_STOCK_UNTRACKED;
  return TRUE;
}

static gboolean
is_published (JsonObject *object)
{
  const char *status = sc_json_peek_string (object, "status");

  /* Only a string status is a post status (the docs even show `true`). */
  return status == NULL || g_str_equal (status, "publish");
}

/* A variable product waiting for its variations. */
typedef struct {
  ScProduct *product;
  char      *id;
  gint64     parent_stock;
  guint      page;
  GPtrArray *variants;     /* ScVariant * */
  gint64     own_stock;    /* sum over variations counting their own stock */
  gboolean   shares_parent_stock;
  gboolean   deleted;
} VariableJob;

static void
variable_job_free (VariableJob *job)
{
  g_clear_object (&job->product);
  g_clear_pointer (&job->variants, g_ptr_array_unref);
  g_free (job->id);
  g_free (job);
}

static gint64
add_stock (gint64 total,
           gint64 stock)
{
  if (stock == SC_STOCK_UNTRACKED)
    return total;
  return (total == SC_STOCK_UNTRACKED ? 0 : total) + stock;
}

/* Returns the product, and a job in *job if its variations must be fetched.
 * Returns NULL without error for a product that is not published. */
static ScProduct *
parse_product (ScJsonReader  *reader,
               const char    *currency,
               JsonNode      *node,
               const char    *path,
               VariableJob  **job)
{
  g_autoptr(ScProduct) product = NULL;
  g_autoptr(GDateTime) modified = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *id = NULL;
  JsonObject *object;
  JsonArray *images = NULL;
  const char *name, *type, *sku, *permalink;
  const char *image = NULL;
  gint64 price, compare_at, stock;
  gboolean uses_parent;

  *job = NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      sc_json_reader_fail_expected (reader, path, _("a product object"), node);
      return NULL;
    }
  object = json_node_get_object (node);

  /* The *_gmt dates carry no zone: they are UTC. */
  if (!read_id (reader, object, path, &id) ||
      !sc_json_reader_get_text (reader, object, path, "name", TRUE, &name) ||
      !sc_json_reader_get_text (reader, object, path, "type", FALSE, &type) ||
      !sc_json_reader_get_text (reader, object, path, "sku", FALSE, &sku) ||
      !sc_json_reader_get_text (reader, object, path, "permalink", FALSE, &permalink) ||
      !read_prices (reader, object, path, currency, &price, &compare_at) ||
      !read_stock (reader, object, path, FALSE, SC_STOCK_UNTRACKED, &uses_parent, &stock) ||
      !sc_json_reader_get_date (reader, object, path, "date_modified_gmt", FALSE, utc,
                                _("a date such as \"2024-05-01T10:00:00\""), &modified) ||
      !sc_json_reader_get_array (reader, object, path, "images", &images))
    return NULL;

  if (images != NULL && json_array_get_length (images) > 0)
    {
      g_autofree char *images_path = sc_json_path_member (path, "images");
      g_autofree char *first_path = sc_json_path_index (images_path, 0);
      JsonObject *first;

      if (!sc_json_reader_expect_object (reader, json_array_get_element (images, 0),
                                         first_path, _("an image object"), &first) ||
          !sc_json_reader_get_text (reader, first, first_path, "src", TRUE, &image))
        return NULL;
    }

  if (!is_published (object))
    return NULL;

  product = sc_product_new (id, name != NULL ? name : "");
  sc_product_set_currency (product, currency);
  sc_product_set_sku (product, sku);
  sc_product_set_url (product, permalink);
  sc_product_set_image_uri (product, image);
  sc_product_set_price (product, price);
  sc_product_set_compare_at_price (product, compare_at);
  sc_product_set_stock (product, stock);
  sc_product_set_updated_at (product, modified);

  if (g_strcmp0 (type, "variable") == 0)
    {
      *job = g_new0 (VariableJob, 1);
      (*job)->product = g_object_ref (product);
      (*job)->id = g_strdup (id);
      (*job)->parent_stock = stock;
      (*job)->page = 1;
      (*job)->variants = g_ptr_array_new_with_free_func (g_object_unref);
      (*job)->own_stock = SC_STOCK_UNTRACKED;
    }
  return g_steal_pointer (&product);
}

static gboolean
parse_variation (ScJsonReader *reader,
                 const char   *currency,
                 JsonNode     *node,
                 const char   *path,
                 VariableJob  *job)
{
  g_autoptr(ScVariant) variant = NULL;
  g_autoptr(GString) title = g_string_new (NULL);
  g_autofree char *id = NULL;
  JsonObject *object;
  JsonArray *attributes = NULL;
  const char *sku;
  gint64 price, compare_at, stock;
  gboolean uses_parent;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return sc_json_reader_fail_expected (reader, path, _("a variation object"), node);
  object = json_node_get_object (node);

  if (!read_id (reader, object, path, &id) ||
      !sc_json_reader_get_text (reader, object, path, "sku", FALSE, &sku) ||
      !read_prices (reader, object, path, currency, &price, &compare_at) ||
      !read_stock (reader, object, path, TRUE, job->parent_stock, &uses_parent, &stock) ||
      !sc_json_reader_get_array (reader, object, path, "attributes", &attributes))
    return FALSE;

  if (attributes != NULL)
    {
      g_autofree char *attributes_path = sc_json_path_member (path, "attributes");

      for (guint i = 0; i < json_array_get_length (attributes); i++)
        {
          g_autofree char *attribute_path = sc_json_path_index (attributes_path, i);
          JsonObject *attribute;
          const char *option;

          if (!sc_json_reader_expect_object (reader, json_array_get_element (attributes, i),
                                             attribute_path, _("an attribute object"),
                                             &attribute) ||
              !sc_json_reader_get_text (reader, attribute, attribute_path, "option", TRUE,
                                        &option))
            return FALSE;
          if (option == NULL)
            continue;
          if (title->len > 0)
            g_string_append (title, " / ");
          g_string_append (title, option);
        }
    }

  if (!is_published (object))
    return TRUE;

  /* "Any size" variations have no option of their own to show. */
  if (title->len == 0)
    g_string_append (title, sku != NULL ? sku : id);

  variant = sc_variant_new (id, title->str);
  sc_variant_set_sku (variant, sku);
  sc_variant_set_price (variant, price);
  sc_variant_set_compare_at_price (variant, compare_at);
  sc_variant_set_stock (variant, stock);

  if (uses_parent)
    job->shares_parent_stock = TRUE;
  else
    job->own_stock = add_stock (job->own_stock, stock);
  g_ptr_array_add (job->variants, g_steal_pointer (&variant));
  return TRUE;
}

static void
variable_job_complete (VariableJob *job)
{
  if (job->variants->len == 0)
    return;
  sc_product_set_variants (job->product, job->variants);
  sc_product_summarize_variants (job->product);
  /* Variations sharing the product's count would each add it again. */
  if (job->shares_parent_stock)
    sc_product_set_stock (job->product, add_stock (job->own_stock, job->parent_stock));
}

/* Listing products, then the variations of the variable ones */

typedef struct {
  GQueue        paths;        /* char *: product listings still to request */
  GCancellable *cancellable;  /* every request of the operation */
  gulong        cancelled_id;
  GPtrArray    *products;     /* ScProduct *, in the shop's order */
  GPtrArray    *jobs;         /* VariableJob * */
  guint         next_job;
  guint         running;
  gboolean      failed;
  gboolean      is_page;
  guint         page;
  guint         total_pages;
  char         *next_cursor;
} ListOp;

static void
list_op_free (ListOp *op)
{
  g_queue_clear_full (&op->paths, g_free);
  g_clear_pointer (&op->products, g_ptr_array_unref);
  g_clear_pointer (&op->jobs, g_ptr_array_unref);
  g_free (op->next_cursor);
  g_clear_object (&op->cancellable);
  g_free (op);
}

static void
on_operation_cancelled (GCancellable *cancellable,
                        GCancellable *op_cancellable)
{
  g_cancellable_cancel (op_cancellable);
}

/* Called when the operation ends, never from within a "cancelled" handler. */
static void
list_op_disconnect (GTask *task)
{
  ListOp *op = g_task_get_task_data (task);

  if (op->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), op->cancelled_id);
  op->cancelled_id = 0;
}

static void
list_op_fail (GTask  *task,
              GError *error)
{
  ListOp *op = g_task_get_task_data (task);

  if (op->failed)
    {
      g_error_free (error);
      return;
    }
  op->failed = TRUE;
  list_op_disconnect (task);
  /* The other requests of the operation are useless now. */
  g_cancellable_cancel (op->cancellable);
  g_task_return_error (task, error);
}

static void
list_op_return (GTask *task)
{
  ListOp *op = g_task_get_task_data (task);
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) deleted = g_hash_table_new (NULL, NULL);

  list_op_disconnect (task);
  for (guint i = 0; i < op->jobs->len; i++)
    {
      VariableJob *job = g_ptr_array_index (op->jobs, i);

      if (job->deleted)
        g_hash_table_add (deleted, job->product);
      else
        variable_job_complete (job);
    }
  for (guint i = 0; i < op->products->len; i++)
    {
      ScProduct *product = g_ptr_array_index (op->products, i);

      if (!g_hash_table_contains (deleted, product))
        g_ptr_array_add (products, g_object_ref (product));
    }

  if (op->is_page)
    {
      ScProductPage *page = g_new0 (ScProductPage, 1);

      page->products = g_steal_pointer (&products);
      page->next_cursor = g_steal_pointer (&op->next_cursor);
      page->total_pages = op->total_pages;
      g_task_return_pointer (task, page, (GDestroyNotify)sc_product_page_free);
    }
  else
    g_task_return_pointer (task, g_steal_pointer (&products),
                           (GDestroyNotify)g_ptr_array_unref);
}

static void request_variations (GTask *task, VariableJob *job);

static void
start_variation_jobs (GTask *task)
{
  ListOp *op = g_task_get_task_data (task);

  while (op->running < MAX_PARALLEL_VARIATIONS && op->next_job < op->jobs->len)
    {
      op->running++;
      request_variations (task, g_ptr_array_index (op->jobs, op->next_job++));
    }
  if (op->running == 0)
    list_op_return (task);
}

typedef struct {
  GTask       *task;
  VariableJob *job;
} JobRequest;

static void
on_variations (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  ScWooCommerceProvider *self = SC_WOOCOMMERCE_PROVIDER (source);
  JobRequest *job_request = user_data;
  g_autoptr(GTask) task = job_request->task;
  VariableJob *job = job_request->job;
  ListOp *op = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(ScJsonReader) reader = NULL;
  JsonArray *array;
  guint total_pages = 0;

  g_free (job_request);
  path = g_strdup_printf ("/products/%s/variations?per_page=%u&page=%u",
                          job->id, PER_PAGE, job->page);
  reader = answer_reader_new (path);
  root = woo_get_finish (self, result, &total_pages, reader, &error);
  if (op->failed)
    return;

  if (root == NULL)
    {
      /* Deleted between the listing and now: gone, like any deleted product. */
      if (g_error_matches (error, SC_SHOP_ERROR, SC_SHOP_ERROR_NOT_FOUND))
        {
          job->deleted = TRUE;
          op->running--;
          start_variation_jobs (task);
          return;
        }
      list_op_fail (task, g_steal_pointer (&error));
      return;
    }

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      sc_json_reader_fail_expected (reader, "$", _("an array of variations"), root);
      sc_json_reader_propagate (reader, &error);
      list_op_fail (task, g_steal_pointer (&error));
      return;
    }
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *element_path = g_strdup_printf ("$[%u]", i);

      if (!parse_variation (reader, self->currency, json_array_get_element (array, i),
                            element_path, job))
        {
          sc_json_reader_propagate (reader, &error);
          list_op_fail (task, g_steal_pointer (&error));
          return;
        }
    }

  if (json_array_get_length (array) > 0 &&
      (total_pages > 0 ? job->page < total_pages : json_array_get_length (array) >= PER_PAGE))
    {
      job->page++;
      request_variations (task, job);
      return;
    }

  op->running--;
  start_variation_jobs (task);
}

static void
request_variations (GTask       *task,
                    VariableJob *job)
{
  ScWooCommerceProvider *self = g_task_get_source_object (task);
  ListOp *op = g_task_get_task_data (task);
  g_autofree char *path = g_strdup_printf ("/products/%s/variations?per_page=%u&page=%u",
                                           job->id, PER_PAGE, job->page);
  JobRequest *job_request = g_new0 (JobRequest, 1);

  job_request->task = g_object_ref (task);
  job_request->job = job;
  woo_get_async (self, path, op->cancellable, on_variations, job_request);
}

static void request_next_listing (GTask *task);

static void
on_listing (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  ScWooCommerceProvider *self = SC_WOOCOMMERCE_PROVIDER (source);
  g_autoptr(GTask) task = user_data;
  ListOp *op = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_queue_pop_head (&op->paths);
  g_autoptr(ScJsonReader) reader = answer_reader_new (path);
  JsonArray *array;
  guint total_pages = 0;
  guint n;

  root = woo_get_finish (self, result, &total_pages, reader, &error);
  if (root == NULL)
    {
      list_op_fail (task, g_steal_pointer (&error));
      return;
    }
  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      sc_json_reader_fail_expected (reader, "$", _("an array of products"), root);
      sc_json_reader_propagate (reader, &error);
      list_op_fail (task, g_steal_pointer (&error));
      return;
    }

  array = json_node_get_array (root);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *element_path = g_strdup_printf ("$[%u]", i);
      g_autoptr(ScProduct) product = NULL;
      VariableJob *job = NULL;

      product = parse_product (reader, self->currency, json_array_get_element (array, i),
                               element_path, &job);
      if (!sc_json_reader_propagate (reader, &error))
        {
          list_op_fail (task, g_steal_pointer (&error));
          return;
        }
      if (product != NULL)
        g_ptr_array_add (op->products, g_steal_pointer (&product));
      if (job != NULL)
        g_ptr_array_add (op->jobs, job);
    }

  if (op->is_page)
    {
      gboolean more;

      /* The header is authoritative; without it a short page is the last.
       * An empty page always ends the listing, whatever the header said. */
      op->total_pages = total_pages;
      if (n == 0)
        more = FALSE;
      else if (total_pages > 0)
        more = op->page < total_pages;
      else
        more = n >= PER_PAGE;
      if (more)
        op->next_cursor = g_strdup_printf ("%u", op->page + 1);
    }

  request_next_listing (task);
}

static void
request_next_listing (GTask *task)
{
  ScWooCommerceProvider *self = g_task_get_source_object (task);
  ListOp *op = g_task_get_task_data (task);
  const char *path = g_queue_peek_head (&op->paths);

  if (path == NULL)
    {
      start_variation_jobs (task);
      return;
    }
  woo_get_async (self, path, op->cancellable, on_listing, g_object_ref (task));
}

static void
on_currency (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ScWooCommerceProvider *self = SC_WOOCOMMERCE_PROVIDER (source);
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  const char *value = NULL;

  root = woo_get_finish (self, result, NULL, NULL, &error);
  if (root == NULL &&
      !g_error_matches (error, SC_SHOP_ERROR, SC_SHOP_ERROR_AUTH) &&
      !g_error_matches (error, SC_SHOP_ERROR, SC_SHOP_ERROR_NOT_FOUND) &&
      !g_error_matches (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA))
    {
      /* Unreachable now: the listing would fail too, and guessing the
       * currency would put wrong prices on air. Ask again next time. */
      list_op_fail (task, g_steal_pointer (&error));
      return;
    }

  value = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
          ? sc_json_peek_string (json_node_get_object (root), "value") : NULL;
  if (self->currency == NULL)
    {
      if (is_currency_code (value))
        self->currency = g_strdup (value);
      else
        {
          /* A read-only key may not be allowed to read settings. */
          g_debug ("The shop did not say its currency (%s); using %s",
                   error != NULL ? error->message : "no currency code in the setting",
                   self->fallback_currency);
          self->currency = g_strdup (self->fallback_currency);
        }
    }

  request_next_listing (task);
}

static void
list_op_start (ScWooCommerceProvider *self,
               GTask                 *task,
               ListOp                *op)
{
  GCancellable *cancellable = g_task_get_cancellable (task);

  op->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    op->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_operation_cancelled),
                                              g_object_ref (op->cancellable), g_object_unref);
  op->products = g_ptr_array_new_with_free_func (g_object_unref);
  op->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify)variable_job_free);
  g_task_set_task_data (task, op, (GDestroyNotify)list_op_free);

  if (self->currency != NULL)
    request_next_listing (task);
  else
    woo_get_async (self, "/settings/general/woocommerce_currency", op->cancellable,
                   on_currency, g_object_ref (task));
}

/* ScShopProvider */

static const char *
sc_woocommerce_provider_get_name (ScShopProvider *provider)
{
  return "WooCommerce";
}

static void
sc_woocommerce_provider_fetch_page_async (ScShopProvider      *provider,
                                          const char          *cursor,
                                          GDateTime           *updated_since,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  ScWooCommerceProvider *self = SC_WOOCOMMERCE_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GString) path = g_string_new ("/products");
  ListOp *op;
  guint64 page = 1;

  g_task_set_source_tag (task, sc_woocommerce_provider_fetch_page_async);

  if (cursor != NULL && !g_ascii_string_to_unsigned (cursor, 10, 1, G_MAXUINT, &page, NULL))
    {
      g_task_return_new_error (task, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                               _("“%s” is not a WooCommerce page cursor"), cursor);
      return;
    }

  /* Drafts and private products are not for sale on air. */
  g_string_append_printf (path, "?per_page=%u&page=%u&status=publish", PER_PAGE, (guint)page);
  if (updated_since != NULL)
    {
      /* modified_after is strict and to the second; one second earlier
       * keeps "at or after" (a product fetched twice is harmless). */
      g_autoptr(GDateTime) utc = g_date_time_to_utc (updated_since);
      g_autoptr(GDateTime) earlier = g_date_time_add_seconds (utc, -1);
      g_autofree char *since = g_date_time_format (earlier, "%Y-%m-%dT%H:%M:%S");
      g_autofree char *escaped = g_uri_escape_string (since, NULL, FALSE);

      g_string_append_printf (path, "&modified_after=%s&dates_are_gmt=true", escaped);
    }

  op = g_new0 (ListOp, 1);
  op->is_page = TRUE;
  op->page = (guint)page;
  g_queue_push_tail (&op->paths, g_string_free (g_steal_pointer (&path), FALSE));
  list_op_start (self, task, op);
}

static ScProductPage *
sc_woocommerce_provider_fetch_page_finish (ScShopProvider  *provider,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Shop ids are positive decimal integers; anything else (a SKU, another
 * shop's id) cannot name a WooCommerce product. */
static gboolean
is_product_id (const char *id)
{
  return id != NULL && g_ascii_isdigit (id[0]) &&
         g_ascii_string_to_unsigned (id, 10, 1, G_MAXINT64, NULL, NULL);
}

static void
sc_woocommerce_provider_fetch_products_async (ScShopProvider      *provider,
                                              const char * const  *ids,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  ScWooCommerceProvider *self = SC_WOOCOMMERCE_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) wanted = g_ptr_array_new ();
  ListOp *op;

  g_task_set_source_tag (task, sc_woocommerce_provider_fetch_products_async);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    if (is_product_id (ids[i]) && g_hash_table_add (seen, (gpointer)ids[i]))
      g_ptr_array_add (wanted, (gpointer)ids[i]);

  if (wanted->len == 0)
    {
      g_task_return_pointer (task, g_ptr_array_new_with_free_func (g_object_unref),
                             (GDestroyNotify)g_ptr_array_unref);
      return;
    }

  op = g_new0 (ListOp, 1);
  /* One request per page of ids: include= is answered within per_page. */
  for (guint start = 0; start < wanted->len; start += PER_PAGE)
    {
      GString *path = g_string_new ("/products?include=");

      for (guint i = start; i < MIN (start + PER_PAGE, wanted->len); i++)
        {
          if (i > start)
            g_string_append_c (path, ',');
          g_string_append (path, g_ptr_array_index (wanted, i));
        }
      g_string_append_printf (path, "&per_page=%u&status=publish", PER_PAGE);
      g_queue_push_tail (&op->paths, g_string_free (path, FALSE));
    }
  list_op_start (self, task, op);
}

static GPtrArray *
sc_woocommerce_provider_fetch_products_finish (ScShopProvider  *provider,
                                               GAsyncResult    *result,
                                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Prices in the shop: a flash sale is the product's or variation's
 * sale_price with date_on_sale_to_gmt, so the shop ends it by itself even
 * if Shopcast is gone; restoring clears it (or puts back the sale the
 * product had before). regular_price is never touched. */

static GBytes *
sale_body (const ScPriceChange *change)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gboolean on_sale = change->compare_at > 0;
  char *text;
  gsize length;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sale_price");
  if (on_sale)
    {
      g_autofree char *price = sc_money_to_decimal (change->price, change->currency);

      json_builder_add_string_value (builder, price);
    }
  else
    json_builder_add_string_value (builder, "");
  /* The _gmt dates: the shop's own time zone is not known here. null
   * clears a date (an empty string is not a valid date-time). */
  json_builder_set_member_name (builder, "date_on_sale_from_gmt");
  if (on_sale && change->ends_at != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *from = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");

      json_builder_add_string_value (builder, from);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "date_on_sale_to_gmt");
  if (on_sale && change->ends_at != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (change->ends_at);
      g_autofree char *to = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");

      json_builder_add_string_value (builder, to);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}

typedef struct {
  char   *path;
  char   *currency;
  gint64  sale_price;   /* 0: no sale */
} PriceOp;

static void
price_op_free (PriceOp *op)
{
  g_free (op->path);
  g_free (op->currency);
  g_free (op);
}

static void
on_price_set (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ScWooCommerceProvider *self = SC_WOOCOMMERCE_PROVIDER (source);
  g_autoptr(GTask) task = user_data;
  PriceOp *op = g_task_get_task_data (task);
  g_autoptr(ScJsonReader) reader = answer_reader_new (op->path);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gint64 sale = 0;
  gboolean has_sale = FALSE;

  root = woo_get_finish (self, result, NULL, reader, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      sc_json_reader_fail_expected (reader, "$", _("a product"), root);
      sc_json_reader_propagate (reader, &error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The answer is the product as saved: it must say what was asked. */
  if (!sc_money_read (reader, json_node_get_object (root), "$", "sale_price",
                      SC_JSON_DECIMAL_EMPTY_UNSET, NULL, op->currency, &sale, &has_sale))
    {
      sc_json_reader_propagate (reader, &error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if ((op->sale_price > 0) != has_sale || (has_sale && sale != op->sale_price))
    {
      g_task_return_new_error (task, SC_SHOP_ERROR, SC_SHOP_ERROR_REFUSED,
                               _("WooCommerce did not save the sale price of %s%s"),
                               API_PREFIX, op->path);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
sc_woocommerce_provider_set_price_async (ScShopProvider      *provider,
                                         const ScPriceChange *change,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  ScWooCommerceProvider *self = SC_WOOCOMMERCE_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GBytes) body = NULL;
  PriceOp *op;

  g_task_set_source_tag (task, sc_woocommerce_provider_set_price_async);

  if (!is_product_id (change->product_id) ||
      (change->variant_id != NULL && !is_product_id (change->variant_id)))
    {
      g_task_return_new_error (task, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                               _("“%s” is not a WooCommerce product id"),
                               is_product_id (change->product_id) ? change->variant_id
                                                                  : change->product_id);
      return;
    }
  if (change->compare_at > 0 && change->price <= 0)
    {
      g_task_return_new_error (task, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                               _("A sale price must be above zero"));
      return;
    }

  op = g_new0 (PriceOp, 1);
  op->path = change->variant_id != NULL
             ? g_strdup_printf ("/products/%s/variations/%s", change->product_id,
                                change->variant_id)
             : g_strdup_printf ("/products/%s", change->product_id);
  op->currency = g_strdup (change->currency);
  op->sale_price = change->compare_at > 0 ? change->price : 0;
  g_task_set_task_data (task, op, (GDestroyNotify)price_op_free);

  body = sale_body (change);
  woo_send_async (self, SOUP_METHOD_PUT, op->path, body, cancellable, on_price_set,
                  g_steal_pointer (&task));
}

static gboolean
sc_woocommerce_provider_set_price_finish (ScShopProvider  *provider,
                                          GAsyncResult    *result,
                                          GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static char *
sc_woocommerce_provider_dup_shop_key (ScShopProvider *provider)
{
  return g_strconcat ("woocommerce ", SC_WOOCOMMERCE_PROVIDER (provider)->base_url, NULL);
}

static guint
sc_woocommerce_provider_get_request_count (ScShopProvider *provider)
{
  return SC_WOOCOMMERCE_PROVIDER (provider)->request_count;
}

static void
shop_provider_iface_init (ScShopProviderInterface *iface)
{
  iface->get_name = sc_woocommerce_provider_get_name;
  iface->fetch_page_async = sc_woocommerce_provider_fetch_page_async;
  iface->fetch_page_finish = sc_woocommerce_provider_fetch_page_finish;
  iface->fetch_products_async = sc_woocommerce_provider_fetch_products_async;
  iface->fetch_products_finish = sc_woocommerce_provider_fetch_products_finish;
  iface->get_request_count = sc_woocommerce_provider_get_request_count;
  iface->set_price_async = sc_woocommerce_provider_set_price_async;
  iface->set_price_finish = sc_woocommerce_provider_set_price_finish;
  iface->dup_shop_key = sc_woocommerce_provider_dup_shop_key;
}
