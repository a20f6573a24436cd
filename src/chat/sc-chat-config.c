/* sc-chat-config.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-chat-config"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sc-chat-config.h"
#include "sc-chat-source.h"

static void
wipe (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

ScChatConfig *
sc_chat_config_new (ScChatKind kind)
{
  ScChatConfig *self = g_new0 (ScChatConfig, 1);

  self->kind = kind;
  self->url = g_strdup (kind == SC_CHAT_KIND_TWITCH ? "wss://irc-ws.chat.twitch.tv:443"
                                                    : "https://www.googleapis.com/youtube/v3");
  self->reconnect_initial_s = 1.0;
  self->reconnect_max_s = 60.0;
  return self;
}

ScChatConfig *
sc_chat_config_copy (const ScChatConfig *self)
{
  ScChatConfig *copy = g_memdup2 (self, sizeof *self);

  copy->url = g_strdup (self->url);
  copy->channel = g_strdup (self->channel);
  copy->nick = g_strdup (self->nick);
  copy->token = g_strdup (self->token);
  copy->live_chat_id = g_strdup (self->live_chat_id);
  copy->api_key = g_strdup (self->api_key);
  copy->oauth_token = g_strdup (self->oauth_token);
  copy->token_env = g_strdup (self->token_env);
  copy->api_key_env = g_strdup (self->api_key_env);
  copy->oauth_token_env = g_strdup (self->oauth_token_env);
  return copy;
}

void
sc_chat_config_free (ScChatConfig *self)
{
  if (self == NULL)
    return;
  g_free (self->url);
  g_free (self->channel);
  g_free (self->nick);
  wipe (self->token);
  g_free (self->live_chat_id);
  wipe (self->api_key);
  wipe (self->oauth_token);
  g_free (self->token_env);
  g_free (self->api_key_env);
  g_free (self->oauth_token_env);
  g_free (self);
}

/* A key or token never travels in clear to another host. */
static gboolean
check_url (ScJsonReader       *reader,
           const ScChatConfig *config,
           const char         *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url_path = NULL;

  if (config->url == NULL || sc_chat_source_check_url (config->kind, config->url, &error))
    return TRUE;
  url_path = sc_json_path_member (path, "url");
  return sc_json_reader_fail_invalid (reader, url_path, "%s", error->message);
}

ScChatConfig *
sc_chat_config_new_from_json (JsonNode     *node,
                              ScJsonReader *reader,
                              const char   *path)
{
  static const char * const twitch_allowed[] = {
    "platform", "channel", "url", "nick", "token_env", NULL
  };
  static const char * const youtube_allowed[] = {
    "platform", "live_chat_id", "url", "api_key_env", "oauth_token_env", "min_poll_s", NULL
  };
  g_autoptr(ScChatConfig) config = NULL;
  g_autofree char *platform_path = sc_json_path_member (path, "platform");
  JsonObject *object;
  const char *platform = NULL;
  gboolean ok;

  if (!sc_json_reader_expect_object (reader, node, path, _("a chat source object"), &object))
    return NULL;
  if (!sc_json_reader_get_string (reader, object, path, "platform", &platform))
    return NULL;
  if (platform == NULL)
    {
      sc_json_reader_fail_missing (reader, platform_path, _("\"twitch\" or \"youtube\""));
      return NULL;
    }

  if (g_str_equal (platform, "twitch"))
    {
      const char *channel = NULL;

      config = sc_chat_config_new (SC_CHAT_KIND_TWITCH);
      ok = sc_json_reader_check_members (reader, object, path, twitch_allowed);
      ok &= sc_json_reader_get_string (reader, object, path, "channel", &channel);
      ok &= sc_json_reader_dup_string (reader, object, path, "nick", &config->nick);
      ok &= sc_json_reader_dup_string (reader, object, path, "url", &config->url);
      ok &= check_url (reader, config, path);
      if (channel == NULL)
        {
          g_autofree char *channel_path = sc_json_path_member (path, "channel");
          ok = sc_json_reader_fail_missing (reader, channel_path, _("the Twitch channel name"));
        }
      else
        config->channel = g_ascii_strdown (channel[0] == '#' ? channel + 1 : channel, -1);
      /* Without a token the chat is read anonymously, which Twitch allows. */
      if (json_object_has_member (object, "token_env"))
        ok &= sc_json_reader_resolve_secret (reader, object, path, "token_env", TRUE,
                                             &config->token_env, &config->token);
    }
  else if (g_str_equal (platform, "youtube"))
    {
      const char *live_chat_id = NULL;

      config = sc_chat_config_new (SC_CHAT_KIND_YOUTUBE);
      ok = sc_json_reader_check_members (reader, object, path, youtube_allowed);
      ok &= sc_json_reader_get_string (reader, object, path, "live_chat_id", &live_chat_id);
      ok &= sc_json_reader_dup_string (reader, object, path, "url", &config->url);
      ok &= check_url (reader, config, path);
      ok &= sc_json_reader_get_double (reader, object, path, "min_poll_s", 0.1, 3600,
                                       _("seconds between 0.1 and 3600"), &config->min_poll_s);
      if (live_chat_id == NULL)
        {
          g_autofree char *id_path = sc_json_path_member (path, "live_chat_id");
          ok = sc_json_reader_fail_missing (reader, id_path,
                                            _("the live chat id of the broadcast"));
        }
      config->live_chat_id = g_strdup (live_chat_id);
      if (json_object_has_member (object, "oauth_token_env"))
        ok &= sc_json_reader_resolve_secret (reader, object, path, "oauth_token_env", TRUE,
                                             &config->oauth_token_env, &config->oauth_token);
      else
        ok &= sc_json_reader_resolve_secret (reader, object, path, "api_key_env", TRUE,
                                             &config->api_key_env, &config->api_key);
    }
  else
    {
      sc_json_reader_fail_expected (reader, platform_path, _("\"twitch\" or \"youtube\""),
                                    json_object_get_member (object, "platform"));
      return NULL;
    }

  return ok ? g_steal_pointer (&config) : NULL;
}

JsonNode *
sc_chat_config_to_json (const ScChatConfig *self)
{
  g_autoptr(ScChatConfig) defaults = sc_chat_config_new (self->kind);
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  if (self->kind == SC_CHAT_KIND_TWITCH)
    {
      json_object_set_string_member (object, "platform", "twitch");
      if (self->channel != NULL)
        json_object_set_string_member (object, "channel", self->channel);
      if (g_strcmp0 (self->url, defaults->url) != 0 && self->url != NULL)
        json_object_set_string_member (object, "url", self->url);
      if (self->nick != NULL)
        json_object_set_string_member (object, "nick", self->nick);
      if (self->token_env != NULL)
        json_object_set_string_member (object, "token_env", self->token_env);
    }
  else
    {
      json_object_set_string_member (object, "platform", "youtube");
      if (self->live_chat_id != NULL)
        json_object_set_string_member (object, "live_chat_id", self->live_chat_id);
      if (g_strcmp0 (self->url, defaults->url) != 0 && self->url != NULL)
        json_object_set_string_member (object, "url", self->url);
      if (self->api_key_env != NULL)
        json_object_set_string_member (object, "api_key_env", self->api_key_env);
      if (self->oauth_token_env != NULL)
        json_object_set_string_member (object, "oauth_token_env", self->oauth_token_env);
      if (self->min_poll_s != defaults->min_poll_s)
        json_object_set_double_member (object, "min_poll_s", self->min_poll_s);
    }
  json_node_take_object (node, object);
  return node;
}
