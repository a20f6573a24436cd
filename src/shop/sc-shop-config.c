/* sc-shop-config.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-shop-config"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "base/sc-redact.h"

#include "sc-local-provider.h"
#include "sc-shop-config.h"
#include "sc-shopify-provider.h"
#include "sc-woocommerce-provider.h"

static void
wipe (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

ScShopConfig *
sc_shop_config_new (ScShopKind kind)
{
  ScShopConfig *self = g_new0 (ScShopConfig, 1);

  self->kind = kind;
  self->api_version = g_strdup ("2024-10");
  self->currency = g_strdup ("USD");
  self->refresh_s = 5.0;
  self->full_refresh_s = 300.0;
  self->timeout_s = 15.0;
  self->max_retries = 5;
  self->cache = TRUE;
  return self;
}

char *
sc_shop_config_get_image_dir (const ScShopConfig *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->cache_dir != NULL)
    return g_strdup (self->cache_dir);
  return g_build_filename (g_get_user_cache_dir (), "shopcast", NULL);
}

ScShopConfig *
sc_shop_config_copy (const ScShopConfig *self)
{
  ScShopConfig *copy = g_memdup2 (self, sizeof *self);

  copy->url = g_strdup (self->url);
  copy->api_version = g_strdup (self->api_version);
  copy->token = g_strdup (self->token);
  copy->consumer_key = g_strdup (self->consumer_key);
  copy->consumer_secret = g_strdup (self->consumer_secret);
  copy->file = g_strdup (self->file);
  copy->currency = g_strdup (self->currency);
  copy->webhook_secret = g_strdup (self->webhook_secret);
  copy->cache_dir = g_strdup (self->cache_dir);
  copy->token_env = g_strdup (self->token_env);
  copy->key_env = g_strdup (self->key_env);
  copy->secret_env = g_strdup (self->secret_env);
  copy->webhook_secret_env = g_strdup (self->webhook_secret_env);
  return copy;
}

void
sc_shop_config_free (ScShopConfig *self)
{
  if (self == NULL)
    return;
  g_free (self->url);
  g_free (self->api_version);
  wipe (self->token);
  wipe (self->consumer_key);
  wipe (self->consumer_secret);
  g_free (self->file);
  g_free (self->currency);
  wipe (self->webhook_secret);
  g_free (self->cache_dir);
  g_free (self->token_env);
  g_free (self->key_env);
  g_free (self->secret_env);
  g_free (self->webhook_secret_env);
  g_free (self);
}

const char *
sc_shop_kind_to_string (ScShopKind kind)
{
  switch (kind)
    {
    case SC_SHOP_KIND_LOCAL:
      return "local";
    case SC_SHOP_KIND_SHOPIFY:
      return "shopify";
    case SC_SHOP_KIND_WOOCOMMERCE:
      return "woocommerce";
    default:
      g_return_val_if_reached (NULL);
    }
}

ScShopProvider *
sc_shop_provider_new_for_config (const ScShopConfig  *config,
                                 GError             **error)
{
  g_return_val_if_fail (config != NULL, NULL);

  switch (config->kind)
    {
    case SC_SHOP_KIND_SHOPIFY:
      return sc_shopify_provider_new (config, error);
    case SC_SHOP_KIND_WOOCOMMERCE:
      return sc_woocommerce_provider_new (config, error);
    case SC_SHOP_KIND_LOCAL:
      return sc_local_provider_new (config, error);
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
sc_shop_url_check (const char   *url,
                   ScJsonReader *reader,
                   const char   *path)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;
  const char *host = uri ? g_uri_get_host (uri) : NULL;
  /* An address, not a name that starts like one: "127.0.0.1.example.com"
   * is somebody else's server. */
  gboolean loopback = sc_host_is_loopback (host);

  if (uri == NULL || host == NULL || host[0] == '\0' ||
      (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0))
    return sc_json_reader_fail_invalid (reader, path,
                                        _("expected the shop’s https:// address, got “%s”"),
                                        url);
  /* Tokens travel in headers: plain http only where nothing leaves the machine. */
  if (g_strcmp0 (scheme, "http") == 0 && !loopback)
    return sc_json_reader_fail_invalid (reader, path,
                                        _("expected an https:// address: plain http is only "
                                          "allowed to this computer (127.0.0.1, ::1, "
                                          "localhost), got “%s”"), url);
  return TRUE;
}

ScShopConfig *
sc_shop_config_new_from_json (JsonNode     *node,
                              ScJsonReader *reader,
                              const char   *path)
{
  static const char * const allowed[] = {
    "provider", "url", "api_version", "token_env", "key_env", "secret_env", "currency",
    "refresh_s", "full_refresh_s", "timeout_s", "max_retries", "cache", "webhook", NULL
  };
  static const char * const webhook_allowed[] = { "port", "secret_env", NULL };
  const char *kinds = _("\"shopify\", \"woocommerce\" or \"local\"");
  g_autofree char *provider_path = sc_json_path_member (path, "provider");
  g_autofree char *url_path = sc_json_path_member (path, "url");
  g_autofree char *webhook_path = sc_json_path_member (path, "webhook");
  g_autoptr(ScShopConfig) shop = NULL;
  JsonObject *object;
  JsonObject *webhook = NULL;
  const char *provider = NULL;
  const char *url = NULL;
  int max_retries;
  int port = 0;
  ScShopKind kind;
  gboolean ok;

  if (!sc_json_reader_expect_object (reader, node, path, _("an object"), &object))
    return NULL;
  ok = sc_json_reader_check_members (reader, object, path, allowed);
  if (!sc_json_reader_get_string (reader, object, path, "provider", &provider))
    return NULL;
  if (provider == NULL)
    {
      sc_json_reader_fail_missing (reader, provider_path, kinds);
      return NULL;
    }
  if (g_str_equal (provider, "shopify"))
    kind = SC_SHOP_KIND_SHOPIFY;
  else if (g_str_equal (provider, "woocommerce"))
    kind = SC_SHOP_KIND_WOOCOMMERCE;
  else if (g_str_equal (provider, "local"))
    kind = SC_SHOP_KIND_LOCAL;
  else
    {
      sc_json_reader_fail_expected (reader, provider_path, kinds,
                                    json_object_get_member (object, "provider"));
      return NULL;
    }

  shop = sc_shop_config_new (kind);
  max_retries = (int)shop->max_retries;
  ok &= sc_json_reader_get_string (reader, object, path, "url", &url);
  ok &= sc_json_reader_dup_string (reader, object, path, "api_version", &shop->api_version);
  ok &= sc_json_reader_dup_string (reader, object, path, "currency", &shop->currency);
  ok &= sc_json_reader_get_double (reader, object, path, "refresh_s", 0.1, 3600,
                                   _("seconds between 0.1 and 3600"), &shop->refresh_s);
  ok &= sc_json_reader_get_double (reader, object, path, "full_refresh_s", 1, 86400,
                                   _("seconds between 1 and 86400"), &shop->full_refresh_s);
  ok &= sc_json_reader_get_double (reader, object, path, "timeout_s", 0.1, 600,
                                   _("seconds between 0.1 and 600"), &shop->timeout_s);
  ok &= sc_json_reader_get_int (reader, object, path, "max_retries", 0, 100,
                                _("a whole number from 0 to 100"), &max_retries);
  ok &= sc_json_reader_get_bool (reader, object, path, "cache", &shop->cache);
  shop->max_retries = (guint)max_retries;

  if (kind != SC_SHOP_KIND_LOCAL)
    {
      if (url == NULL)
        ok = sc_json_reader_fail_missing (reader, url_path, _("the shop’s https:// address"));
      else if (sc_shop_url_check (url, reader, url_path))
        shop->url = g_strdup (url);
      else
        ok = FALSE;
    }
  if (kind == SC_SHOP_KIND_SHOPIFY)
    ok &= sc_json_reader_resolve_secret (reader, object, path, "token_env", TRUE,
                                         &shop->token_env, &shop->token);
  if (kind == SC_SHOP_KIND_WOOCOMMERCE)
    {
      ok &= sc_json_reader_resolve_secret (reader, object, path, "key_env", TRUE,
                                           &shop->key_env, &shop->consumer_key);
      ok &= sc_json_reader_resolve_secret (reader, object, path, "secret_env", TRUE,
                                           &shop->secret_env, &shop->consumer_secret);
    }

  if (!sc_json_reader_get_object (reader, object, path, "webhook", &webhook))
    return NULL;
  if (webhook != NULL)
    {
      ok &= sc_json_reader_check_members (reader, webhook, webhook_path, webhook_allowed);
      if (sc_json_reader_get_int (reader, webhook, webhook_path, "port", 1, 65535,
                                  _("a TCP port from 1 to 65535"), &port) && port == 0)
        {
          g_autofree char *port_path = sc_json_path_member (webhook_path, "port");
          ok = sc_json_reader_fail_missing (reader, port_path, _("a TCP port from 1 to 65535"));
        }
      ok &= sc_json_reader_resolve_secret (reader, webhook, webhook_path, "secret_env", TRUE,
                                           &shop->webhook_secret_env, &shop->webhook_secret);
      shop->webhook_port = port;
    }

  return ok ? g_steal_pointer (&shop) : NULL;
}

JsonNode *
sc_shop_config_to_json (const ScShopConfig *self)
{
  g_autoptr(ScShopConfig) defaults = sc_shop_config_new (self->kind);
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "provider", sc_shop_kind_to_string (self->kind));
  if (self->kind != SC_SHOP_KIND_LOCAL && self->url != NULL)
    json_object_set_string_member (object, "url", self->url);
  if (g_strcmp0 (self->api_version, defaults->api_version) != 0)
    json_object_set_string_member (object, "api_version", self->api_version);
  if (self->token_env != NULL)
    json_object_set_string_member (object, "token_env", self->token_env);
  if (self->key_env != NULL)
    json_object_set_string_member (object, "key_env", self->key_env);
  if (self->secret_env != NULL)
    json_object_set_string_member (object, "secret_env", self->secret_env);
  if (g_strcmp0 (self->currency, defaults->currency) != 0)
    json_object_set_string_member (object, "currency", self->currency);
  if (self->refresh_s != defaults->refresh_s)
    json_object_set_double_member (object, "refresh_s", self->refresh_s);
  if (self->full_refresh_s != defaults->full_refresh_s)
    json_object_set_double_member (object, "full_refresh_s", self->full_refresh_s);
  if (self->timeout_s != defaults->timeout_s)
    json_object_set_double_member (object, "timeout_s", self->timeout_s);
  if (self->max_retries != defaults->max_retries)
    json_object_set_int_member (object, "max_retries", self->max_retries);
  if (self->cache != defaults->cache)
    json_object_set_boolean_member (object, "cache", self->cache);
  if (self->webhook_port > 0)
    {
      JsonObject *webhook = json_object_new ();

      json_object_set_int_member (webhook, "port", self->webhook_port);
      if (self->webhook_secret_env != NULL)
        json_object_set_string_member (webhook, "secret_env", self->webhook_secret_env);
      json_object_set_object_member (object, "webhook", webhook);
    }
  json_node_take_object (node, object);
  return node;
}
