/* fuzz-irc.c — Twitch chat lines: each line through the IRCv3 parser, and
 * the whole input as one WebSocket frame from a Twitch IRC server (the
 * tests' fake) to a connected Twitch source, which turns PRIVMSG, CLEARCHAT,
 * CLEARMSG, USERNOTICE… into chat messages and events.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "chat/sc-irc-message.h"
#include "chat/sc-twitch-source.h"
#include "sc-fake-twitch.h"

#include "sc-fuzz.h"

static ScFakeTwitch *fake;
static ScChatSource *source;
static ScChatConfig *config;

static gboolean
connected (gpointer user_data)
{
  return sc_chat_source_get_state (source) == SC_CHAT_SOURCE_STATE_CONNECTED;
}

static void
on_message (ScChatSource  *chat_source,
            ScChatMessage *message,
            gpointer       user_data)
{
  /* What the chat feed and the overlay read of every message. */
  g_assert (g_utf8_validate (sc_chat_message_get_text (message), -1, NULL));
  g_assert (g_utf8_validate (sc_chat_message_get_author (message), -1, NULL));
  (void)g_utf8_strlen (sc_chat_message_get_text (message), -1);
}

static void
source_restart (void)
{
  if (source != NULL)
    {
      sc_chat_source_stop (source);
      g_clear_object (&source);
      sc_fuzz_drain (0);
    }
  source = sc_twitch_source_new (config);
  g_signal_connect (source, "message", G_CALLBACK (on_message), NULL);
  sc_chat_source_start (source);
  sc_fuzz_wait (connected, NULL, 30, "joining the fake Twitch chat");
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;

  sc_fuzz_init ();
  fake = sc_fake_twitch_new (&error);
  if (fake == NULL)
    g_error ("%s", error->message);
  config = sc_chat_config_new (SC_CHAT_KIND_TWITCH);
  g_free (config->url);
  config->url = g_strdup (sc_fake_twitch_get_url (fake));
  config->channel = g_strdup ("pajlada");
  config->reconnect_initial_s = 0.01;
  config->reconnect_max_s = 0.01;
  source_restart ();
  return 0;
}

static void
parse_lines (const char *data,
             size_t      size)
{
  const char *end = data + size;

  while (data < end)
    {
      const char *newline = memchr (data, '\n', end - data);
      const char *line_end = newline != NULL ? newline : end;
      g_autoptr(ScIrcMessage) message = NULL;
      g_autoptr(GError) error = NULL;

      message = sc_irc_message_parse_len (data, line_end - data, &error);
      g_assert ((message == NULL) != (error == NULL));
      if (message != NULL)
        {
          GHashTableIter iter;
          gpointer key, value;
          GPtrArray *params = sc_irc_message_get_params (message);

          g_assert (g_utf8_validate (sc_irc_message_get_command (message), -1, NULL));
          g_hash_table_iter_init (&iter, sc_irc_message_get_tags (message));
          while (g_hash_table_iter_next (&iter, &key, &value))
            g_assert (g_utf8_validate (key, -1, NULL) && g_utf8_validate (value, -1, NULL));
          for (guint i = 0; i < params->len; i++)
            g_assert (g_utf8_validate (g_ptr_array_index (params, i), -1, NULL));
          (void)sc_irc_message_get_nick (message);
          (void)sc_irc_message_get_param (message, params->len);
        }
      data = line_end + 1;
    }
}

typedef struct {
  guint received;
} Sent;

static gboolean
answered (gpointer user_data)
{
  Sent *sent = user_data;

  return sc_fake_twitch_get_received (fake)->len > sent->received ||
         sc_chat_source_get_state (source) != SC_CHAT_SOURCE_STATE_CONNECTED;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  Sent sent;

  parse_lines ((const char *)data, size);

  /* The frame, then a PING: once the PONG is back, the frame was read. */
  sent.received = sc_fake_twitch_get_received (fake)->len;
  sc_fake_twitch_send_bytes (fake, (const char *)data, size);
  sc_fake_twitch_send_ping (fake);
  sc_fuzz_wait (answered, &sent, 30, "the Twitch source");
  /* RECONNECT, a refused login, a closed connection: start over. */
  if (sc_chat_source_get_state (source) != SC_CHAT_SOURCE_STATE_CONNECTED)
    source_restart ();
  return 0;
}
