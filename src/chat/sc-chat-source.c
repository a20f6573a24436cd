/* sc-chat-source.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-chat-source"

#include "config.h"

#include <glib/gi18n.h>

#include "base/sc-redact.h"

#include "sc-chat-error.h"
#include "sc-chat-source.h"

G_DEFINE_INTERFACE (ScChatSource, sc_chat_source, G_TYPE_OBJECT)

enum {
  MESSAGE,
  MESSAGE_DELETED,
  AUTHOR_CLEARED,
  CHAT_CLEARED,
  PROBLEM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *state_names[] = {
  [SC_CHAT_SOURCE_STATE_IDLE] = "idle",
  [SC_CHAT_SOURCE_STATE_CONNECTING] = "connecting",
  [SC_CHAT_SOURCE_STATE_CONNECTED] = "connected",
  [SC_CHAT_SOURCE_STATE_RECONNECTING] = "reconnecting",
  [SC_CHAT_SOURCE_STATE_FAILED] = "failed",
  [SC_CHAT_SOURCE_STATE_STOPPED] = "stopped",
};

const char *
sc_chat_source_state_to_string (ScChatSourceState state)
{
  g_return_val_if_fail ((guint)state < G_N_ELEMENTS (state_names), NULL);
  return state_names[state];
}

gboolean
sc_chat_source_check_url (ScChatKind   kind,
                          const char  *url,
                          GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *shown = NULL;
  const char *platform = kind == SC_CHAT_KIND_TWITCH ? "Twitch" : "YouTube";
  const char *secure = kind == SC_CHAT_KIND_TWITCH ? "wss" : "https";
  const char *plain = kind == SC_CHAT_KIND_TWITCH ? "ws" : "http";
  const char *scheme;
  const char *host;

  if (url == NULL || url[0] == '\0')
    return TRUE;

  shown = sc_redact_url (url);
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  if (host == NULL || host[0] == '\0' ||
      (g_ascii_strcasecmp (scheme, secure) != 0 && g_ascii_strcasecmp (scheme, plain) != 0))
    {
      /* TRANSLATORS: the first %s is Twitch or YouTube, the third wss or https. */
      g_set_error (error, SC_CHAT_ERROR, SC_CHAT_ERROR_INVALID_DATA,
                   _("The %s chat address “%s” is not a %s:// address"),
                   platform, shown, secure);
      return FALSE;
    }
  if (g_ascii_strcasecmp (scheme, plain) == 0 && !sc_host_is_loopback (host))
    {
      g_set_error (error, SC_CHAT_ERROR, SC_CHAT_ERROR_INVALID_DATA,
                   _("The %s chat address “%s” is refused: the key or token would travel "
                     "unencrypted; use %s:// (%s:// is only for this computer)"),
                   platform, shown, secure, plain);
      return FALSE;
    }
  return TRUE;
}

static void
sc_chat_source_default_init (ScChatSourceInterface *iface)
{
  g_object_interface_install_property (iface,
    g_param_spec_int ("state", NULL, NULL, SC_CHAT_SOURCE_STATE_IDLE,
                      SC_CHAT_SOURCE_STATE_STOPPED, SC_CHAT_SOURCE_STATE_IDLE,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, SC_TYPE_CHAT_MESSAGE);
  signals[MESSAGE_DELETED] =
    g_signal_new ("message-deleted", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[AUTHOR_CLEARED] =
    g_signal_new ("author-cleared", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[CHAT_CLEARED] =
    g_signal_new ("chat-cleared", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[PROBLEM] =
    g_signal_new ("problem", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

const char *
sc_chat_source_get_platform (ScChatSource *self)
{
  g_return_val_if_fail (SC_IS_CHAT_SOURCE (self), NULL);
  return SC_CHAT_SOURCE_GET_IFACE (self)->get_platform (self);
}

void
sc_chat_source_start (ScChatSource *self)
{
  g_return_if_fail (SC_IS_CHAT_SOURCE (self));
  SC_CHAT_SOURCE_GET_IFACE (self)->start (self);
}

void
sc_chat_source_stop (ScChatSource *self)
{
  g_return_if_fail (SC_IS_CHAT_SOURCE (self));
  SC_CHAT_SOURCE_GET_IFACE (self)->stop (self);
}

ScChatSourceState
sc_chat_source_get_state (ScChatSource *self)
{
  g_return_val_if_fail (SC_IS_CHAT_SOURCE (self), SC_CHAT_SOURCE_STATE_IDLE);
  return SC_CHAT_SOURCE_GET_IFACE (self)->get_state (self);
}

void
sc_chat_source_emit_message (ScChatSource  *self,
                             ScChatMessage *message)
{
  g_signal_emit (self, signals[MESSAGE], 0, message);
}

void
sc_chat_source_emit_message_deleted (ScChatSource *self,
                                     const char   *id)
{
  g_signal_emit (self, signals[MESSAGE_DELETED], 0, id);
}

void
sc_chat_source_emit_author_cleared (ScChatSource *self,
                                    const char   *author)
{
  g_signal_emit (self, signals[AUTHOR_CLEARED], 0, author);
}

void
sc_chat_source_emit_chat_cleared (ScChatSource *self)
{
  g_signal_emit (self, signals[CHAT_CLEARED], 0);
}

void
sc_chat_source_emit_problem (ScChatSource *self,
                             const GError *error)
{
  g_signal_emit (self, signals[PROBLEM], 0, error);
}

void
sc_chat_source_notify_state (ScChatSource *self)
{
  g_object_notify (G_OBJECT (self), "state");
}
