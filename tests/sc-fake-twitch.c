/* sc-fake-twitch.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-fake-twitch"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "sc-fake-twitch.h"

#define FLOOD_TICK_MS 10

typedef struct {
  ScFakeTwitch            *fake;
  SoupWebsocketConnection *connection;
  GSocket                 *socket;
  char                    *pass;
  char                    *nick;      /* set once logged in */
} Client;

struct _ScFakeTwitch
{
  GObject     parent_instance;

  ScFakeServer *server;
  char       *url;
  char       *bad_token;
  gboolean    answer_pings;
  gboolean    accept;
  GPtrArray  *clients;        /* Client *; kept to the end, libsoup may still use a closed one */
  GPtrArray  *received;       /* char * */
  char       *last_pong;
  char       *channel;        /* the last channel joined, "#name" */
  guint       n_joins;

  GSource    *flood;
  guint       flood_total;
  guint       flood_sent;
  guint       flood_per_second;
  gint64      flood_started_us;
};

G_DEFINE_FINAL_TYPE (ScFakeTwitch, sc_fake_twitch, G_TYPE_OBJECT)

/* Viewers of the flood: display name and login. */
static const struct {
  const char *display_name;
  const char *login;
  const char *color;
  const char *badges;
} viewers[] = {
  { "ShopFan_22", "shopfan_22", "#1E90FF", "subscriber/6" },
  { "maya_k", "maya_k", "#FF69B4", "" },
  { "DealHunter", "dealhunter", "", "premium/1" },
  { "Lena_B", "lena_b", "#2E8B57", "moderator/1,subscriber/12" },
  { "nightowl", "nightowl", "#DAA520", "" },
};

static void
client_free (Client *client)
{
  g_signal_handlers_disconnect_by_data (client->connection, client);
  if (soup_websocket_connection_get_state (client->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (client->connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  g_clear_object (&client->connection);
  g_clear_object (&client->socket);
  g_free (client->pass);
  g_free (client->nick);
  g_free (client);
}

static gboolean
client_is_open (Client *client)
{
  return soup_websocket_connection_get_state (client->connection) == SOUP_WEBSOCKET_STATE_OPEN;
}

static void
send_to (Client     *client,
         const char *text)
{
  if (client_is_open (client))
    soup_websocket_connection_send_text (client->connection, text);
}

static void
send_to_all (ScFakeTwitch *self,
             const char   *text)
{
  for (guint i = 0; i < self->clients->len; i++)
    send_to (g_ptr_array_index (self->clients, i), text);
}

static void
log_in (Client     *client,
        const char *nick)
{
  ScFakeTwitch *self = client->fake;
  const char *token = client->pass;
  g_autofree char *login = g_ascii_strdown (nick, -1);
  g_autofree char *welcome = NULL;

  if (token != NULL && g_str_has_prefix (token, "oauth:"))
    token += strlen ("oauth:");

  /* As Twitch: only justinfan logins may come without a token. */
  if ((token == NULL && !g_str_has_prefix (login, "justinfan")) ||
      (token != NULL && token[0] == '\0'))
    {
      send_to (client, ":tmi.twitch.tv NOTICE * :Improperly formatted auth\r\n");
      soup_websocket_connection_close (client->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      return;
    }
  if (token != NULL && self->bad_token != NULL && strcmp (token, self->bad_token) == 0)
    {
      send_to (client, ":tmi.twitch.tv NOTICE * :Login authentication failed\r\n");
      soup_websocket_connection_close (client->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      return;
    }

  g_free (client->nick);
  client->nick = g_strdup (login);
  welcome = g_strdup_printf (":tmi.twitch.tv 001 %1$s :Welcome, GLHF!\r\n"
                             ":tmi.twitch.tv 002 %1$s :Your host is tmi.twitch.tv\r\n"
                             ":tmi.twitch.tv 003 %1$s :This server is rather new\r\n"
                             ":tmi.twitch.tv 004 %1$s :-\r\n"
                             ":tmi.twitch.tv 375 %1$s :-\r\n"
                             ":tmi.twitch.tv 372 %1$s :You are in a maze of twisty passages, "
                             "all alike.\r\n"
                             ":tmi.twitch.tv 376 %1$s :>\r\n", login);
  send_to (client, welcome);
  if (token != NULL)
    {
      g_autofree char *state = g_strdup_printf ("@badge-info=;badges=;color=;display-name=%s;"
                                                "emote-sets=0;user-id=4242;user-type= "
                                                ":tmi.twitch.tv GLOBALUSERSTATE\r\n", nick);
      send_to (client, state);
    }
}

static void
join (Client     *client,
      const char *channel)
{
  ScFakeTwitch *self = client->fake;
  const char *nick = client->nick;
  g_autofree char *lines = NULL;

  /* Twitch ignores a JOIN before the login is accepted. */
  if (nick == NULL)
    return;

  lines = g_strdup_printf (":%1$s!%1$s@%1$s.tmi.twitch.tv JOIN %2$s\r\n"
                           ":%1$s.tmi.twitch.tv 353 %1$s = %2$s :%1$s\r\n"
                           ":%1$s.tmi.twitch.tv 366 %1$s %2$s :End of /NAMES list\r\n",
                           nick, channel);
  send_to (client, lines);
  g_clear_pointer (&lines, g_free);
  lines = g_strdup_printf ("@emote-only=0;followers-only=-1;r9k=0;room-id=11148817;slow=0;"
                           "subs-only=0 :tmi.twitch.tv ROOMSTATE %s\r\n", channel);
  send_to (client, lines);

  g_free (self->channel);
  self->channel = g_strdup (channel);
  self->n_joins++;
}

static void
handle_client_line (Client     *client,
                    const char *line)
{
  ScFakeTwitch *self = client->fake;

  g_ptr_array_add (self->received, g_strdup (line));

  if (g_str_has_prefix (line, "CAP REQ :"))
    {
      g_autofree char *ack = g_strdup_printf (":tmi.twitch.tv CAP * ACK :%s\r\n",
                                              line + strlen ("CAP REQ :"));

      send_to (client, ack);
    }
  else if (g_str_has_prefix (line, "PASS "))
    {
      g_free (client->pass);
      client->pass = g_strdup (line + strlen ("PASS "));
    }
  else if (g_str_has_prefix (line, "NICK "))
    {
      log_in (client, line + strlen ("NICK "));
    }
  else if (g_str_has_prefix (line, "JOIN "))
    {
      join (client, line + strlen ("JOIN "));
    }
  else if (g_str_has_prefix (line, "PING"))
    {
      const char *arg = strchr (line, ':');
      g_autofree char *pong = g_strdup_printf (":tmi.twitch.tv PONG tmi.twitch.tv :%s\r\n",
                                               arg != NULL ? arg + 1 : "tmi.twitch.tv");

      if (self->answer_pings)
        send_to (client, pong);
    }
  else if (g_str_has_prefix (line, "PONG"))
    {
      g_free (self->last_pong);
      self->last_pong = g_strdup (line);
    }
}

static void
on_client_message (SoupWebsocketConnection *connection,
                   int                      type,
                   GBytes                  *message,
                   gpointer                 user_data)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (message, &size);
  const char *end = data + size;

  while (data < end)
    {
      const char *eol = data;

      while (eol < end && *eol != '\r' && *eol != '\n')
        eol++;
      if (eol > data)
        {
          g_autofree char *line = g_strndup (data, eol - data);

          handle_client_line (user_data, line);
        }
      data = eol + 1;
    }
}

static void
on_websocket (SoupServer              *server,
              SoupServerMessage       *message,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  ScFakeTwitch *self = user_data;
  Client *client = g_new0 (Client, 1);

  client->fake = self;
  client->connection = g_object_ref (connection);
  client->socket = g_object_ref (soup_server_message_get_socket (message));
  g_signal_connect (connection, "message", G_CALLBACK (on_client_message), client);
  g_ptr_array_add (self->clients, client);
  if (!self->accept)
    g_socket_shutdown (client->socket, TRUE, TRUE, NULL);
}

static void
sc_fake_twitch_dispose (GObject *object)
{
  ScFakeTwitch *self = (ScFakeTwitch *)object;

  if (self->flood != NULL)
    {
      g_source_destroy (self->flood);
      g_clear_pointer (&self->flood, g_source_unref);
    }
  g_clear_pointer (&self->clients, g_ptr_array_unref);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (sc_fake_twitch_parent_class)->dispose (object);
}

static void
sc_fake_twitch_finalize (GObject *object)
{
  ScFakeTwitch *self = (ScFakeTwitch *)object;

  g_free (self->url);
  g_free (self->bad_token);
  g_ptr_array_unref (self->received);
  g_free (self->last_pong);
  g_free (self->channel);

  G_OBJECT_CLASS (sc_fake_twitch_parent_class)->finalize (object);
}

static void
sc_fake_twitch_class_init (ScFakeTwitchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_fake_twitch_dispose;
  object_class->finalize = sc_fake_twitch_finalize;
}

static void
sc_fake_twitch_init (ScFakeTwitch *self)
{
  self->answer_pings = TRUE;
  self->accept = TRUE;
  self->clients = g_ptr_array_new_with_free_func ((GDestroyNotify)client_free);
  self->received = g_ptr_array_new_with_free_func (g_free);
}

ScFakeTwitch *
sc_fake_twitch_new (GError **error)
{
  g_autoptr(ScFakeTwitch) self = g_object_new (SC_TYPE_FAKE_TWITCH, NULL);

  self->server = sc_fake_server_new (NULL, error);
  if (self->server == NULL)
    return NULL;
  /* The WebSocket upgrade is libsoup's own route, beside the base's. */
  soup_server_add_websocket_handler (sc_fake_server_get_soup_server (self->server), "/", NULL,
                                     NULL, on_websocket, self, NULL);
  self->url = g_strdup_printf ("ws://127.0.0.1:%u/", sc_fake_server_get_port (self->server));

  return g_steal_pointer (&self);
}

const char *
sc_fake_twitch_get_url (ScFakeTwitch *self)
{
  g_return_val_if_fail (SC_IS_FAKE_TWITCH (self), NULL);
  return self->url;
}

void
sc_fake_twitch_set_bad_token (ScFakeTwitch *self,
                              const char   *token)
{
  g_return_if_fail (SC_IS_FAKE_TWITCH (self));

  g_free (self->bad_token);
  if (token != NULL && g_str_has_prefix (token, "oauth:"))
    token += strlen ("oauth:");
  self->bad_token = g_strdup (token);
}

void
sc_fake_twitch_set_answer_pings (ScFakeTwitch *self,
                                 gboolean      answer)
{
  g_return_if_fail (SC_IS_FAKE_TWITCH (self));
  self->answer_pings = answer;
}

void
sc_fake_twitch_set_accept (ScFakeTwitch *self,
                           gboolean      accept)
{
  g_return_if_fail (SC_IS_FAKE_TWITCH (self));
  self->accept = accept;
}

void
sc_fake_twitch_send_raw (ScFakeTwitch *self,
                         const char   *text)
{
  g_return_if_fail (SC_IS_FAKE_TWITCH (self));
  send_to_all (self, text);
}

void
sc_fake_twitch_send_bytes (ScFakeTwitch *self,
                           const char   *data,
                           gsize         len)
{
  g_return_if_fail (SC_IS_FAKE_TWITCH (self));

  for (guint i = 0; i < self->clients->len; i++)
    {
      Client *client = g_ptr_array_index (self->clients, i);

      if (client_is_open (client))
        soup_websocket_connection_send_binary (client->connection, data, len);
    }
}

void
sc_fake_twitch_send_lines (ScFakeTwitch       *self,
                           const char * const *lines,
                           guint               n_lines,
                           gboolean            one_frame)
{
  g_autoptr(GString) frame = g_string_new (NULL);

  g_return_if_fail (SC_IS_FAKE_TWITCH (self));

  for (guint i = 0; i < n_lines; i++)
    {
      g_string_append (frame, lines[i]);
      g_string_append (frame, "\r\n");
      if (!one_frame)
        {
          send_to_all (self, frame->str);
          g_string_truncate (frame, 0);
        }
    }
  if (frame->len > 0)
    send_to_all (self, frame->str);
}

guint
sc_fake_twitch_replay_fixture (ScFakeTwitch  *self,
                               const char    *path,
                               GError       **error)
{
  g_autofree char *full_path = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_sent = 0;

  g_return_val_if_fail (SC_IS_FAKE_TWITCH (self), 0);

  if (g_path_is_absolute (path))
    {
      full_path = g_strdup (path);
    }
  else
    {
      const char *dir = g_getenv ("SHOPCAST_FIXTURES_DIR");

      if (dir == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "SHOPCAST_FIXTURES_DIR is not set, so %s cannot be found", path);
          return 0;
        }
      full_path = g_build_filename (dir, path, NULL);
    }
  if (!g_file_get_contents (full_path, &contents, NULL, error))
    return 0;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *frame = NULL;

      if (lines[i][0] == '\0')
        continue;
      frame = g_strconcat (lines[i], "\r\n", NULL);
      send_to_all (self, frame);
      n_sent++;
    }
  return n_sent;
}

void
sc_fake_twitch_send_ping (ScFakeTwitch *self)
{
  g_return_if_fail (SC_IS_FAKE_TWITCH (self));
  send_to_all (self, "PING :tmi.twitch.tv\r\n");
}

const char *
sc_fake_twitch_get_last_pong (ScFakeTwitch *self)
{
  g_return_val_if_fail (SC_IS_FAKE_TWITCH (self), NULL);
  return self->last_pong;
}

void
sc_fake_twitch_send_reconnect (ScFakeTwitch *self)
{
  g_return_if_fail (SC_IS_FAKE_TWITCH (self));
  send_to_all (self, ":tmi.twitch.tv RECONNECT\r\n");
}

/* Shutting the socket down (not closing it: libsoup still polls it) is what
 * a crashed server or a lost route looks like: EOF, no close frame. */
void
sc_fake_twitch_drop_connection (ScFakeTwitch *self)
{
  g_return_if_fail (SC_IS_FAKE_TWITCH (self));

  for (guint i = 0; i < self->clients->len; i++)
    {
      Client *client = g_ptr_array_index (self->clients, i);

      if (client_is_open (client))
        g_socket_shutdown (client->socket, TRUE, TRUE, NULL);
    }
}

static void
append_flood_line (ScFakeTwitch *self,
                   GString      *frame,
                   guint         index)
{
  guint v = index % G_N_ELEMENTS (viewers);

  g_string_append_printf (frame,
                          "@badge-info=;badges=%s;color=%s;display-name=%s;emotes=;first-msg=0;"
                          "flags=;id=00000000-0000-4000-8000-%012u;mod=0;returning-chatter=0;"
                          "room-id=11148817;subscriber=0;tmi-sent-ts=%" G_GINT64_FORMAT ";"
                          "turbo=0;user-id=%u;user-type= :%s!%s@%s.tmi.twitch.tv PRIVMSG %s "
                          ":flood %u\r\n",
                          viewers[v].badges, viewers[v].color, viewers[v].display_name, index,
                          g_get_real_time () / 1000, 90000 + v, viewers[v].login,
                          viewers[v].login, viewers[v].login,
                          self->channel != NULL ? self->channel : "#shopcast", index);
}

/* Like Twitch, lines that are due together go out in one frame. */
static gboolean
on_flood_tick (gpointer user_data)
{
  ScFakeTwitch *self = user_data;
  gint64 elapsed_us = g_get_monotonic_time () - self->flood_started_us;
  guint64 due = (guint64)elapsed_us * self->flood_per_second / G_USEC_PER_SEC + 1;
  g_autoptr(GString) frame = g_string_new (NULL);

  due = MIN (due, self->flood_total);
  for (; self->flood_sent < due; self->flood_sent++)
    append_flood_line (self, frame, self->flood_sent);
  if (frame->len > 0)
    send_to_all (self, frame->str);

  if (self->flood_sent < self->flood_total)
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&self->flood, g_source_unref);
  return G_SOURCE_REMOVE;
}

void
sc_fake_twitch_flood (ScFakeTwitch *self,
                      guint         n_messages,
                      guint         per_second)
{
  g_return_if_fail (SC_IS_FAKE_TWITCH (self));
  g_return_if_fail (per_second > 0);
  g_return_if_fail (self->flood == NULL);

  self->flood_total = n_messages;
  self->flood_sent = 0;
  self->flood_per_second = per_second;
  self->flood_started_us = g_get_monotonic_time ();
  self->flood = g_timeout_source_new (FLOOD_TICK_MS);
  g_source_set_name (self->flood, "[shopcast] fake twitch flood");
  g_source_set_callback (self->flood, on_flood_tick, self, NULL);
  g_source_attach (self->flood, g_main_context_get_thread_default ());
}

gboolean
sc_fake_twitch_is_flooding (ScFakeTwitch *self)
{
  g_return_val_if_fail (SC_IS_FAKE_TWITCH (self), FALSE);
  return self->flood != NULL;
}

GPtrArray *
sc_fake_twitch_get_received (ScFakeTwitch *self)
{
  g_return_val_if_fail (SC_IS_FAKE_TWITCH (self), NULL);
  return self->received;
}

gboolean
sc_fake_twitch_has_received (ScFakeTwitch *self,
                             const char   *line)
{
  g_return_val_if_fail (SC_IS_FAKE_TWITCH (self), FALSE);

  for (guint i = 0; i < self->received->len; i++)
    {
      if (strcmp (g_ptr_array_index (self->received, i), line) == 0)
        return TRUE;
    }
  return FALSE;
}

guint
sc_fake_twitch_get_n_connections (ScFakeTwitch *self)
{
  g_return_val_if_fail (SC_IS_FAKE_TWITCH (self), 0);
  return self->clients->len;
}

guint
sc_fake_twitch_get_n_joins (ScFakeTwitch *self)
{
  g_return_val_if_fail (SC_IS_FAKE_TWITCH (self), 0);
  return self->n_joins;
}
