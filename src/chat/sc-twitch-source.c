/* sc-twitch-source.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-twitch-source"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "base/sc-backoff.h"
#include "base/sc-redact.h"

#include "sc-chat-error.h"
#include "sc-irc-message.h"
#include "sc-twitch-source.h"

#define PLATFORM "twitch"
/* Twitch packs many lines into one frame; this bounds what a broken server
 * can make us hold while still fitting a burst of long lines. */
#define MAX_FRAME_SIZE (1024 * 1024)
#define MAX_BADGES 16
#define DEFAULT_IDLE_S 240.0
#define DEFAULT_PONG_WAIT_S 30.0
/* 9999-12-31T23:59:59.999Z: a later tmi-sent-ts is garbage, not a time. */
#define MAX_SENT_TS_MS G_GUINT64_CONSTANT (253402300799999)

/* The pending connect owns this, not the source: when the source is stopped
 * or disposed the cancellable is cancelled first, so the callback knows not
 * to touch a source that may be gone. */
typedef struct {
  ScTwitchSource *self;
  GCancellable   *cancellable;
} ConnectData;

struct _ScTwitchSource
{
  GObject                  parent_instance;

  ScChatConfig            *config;
  char                    *channel;        /* "#name", lower case */
  char                    *login;          /* our nick: the user's, or justinfan<digits> */
  SoupSession             *session;
  GMainContext            *context;        /* where start() was called */
  GUri                    *uri;            /* set by start() once the URL is accepted */

  GCancellable            *cancellable;    /* the pending connect, NULL when none */
  SoupWebsocketConnection *connection;
  GSource                 *retry;          /* the next connect attempt */
  GSource                 *keepalive;      /* watches for a silent connection */
  GSource                 *problem_flush;  /* reports malformed lines held back */

  ScChatSourceState        state;
  gboolean                 running;
  ScBackoff                backoff;        /* the wait before the next reconnect */
  double                   idle_s;
  double                   pong_wait_s;
  gint64                   last_rx_us;
  gboolean                 ping_sent;
  gint64                   last_problem_us;
  guint                    n_held_problems;
  guint64                  n_local_ids;
};

static void sc_twitch_source_chat_source_init (ScChatSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScTwitchSource, sc_twitch_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SC_TYPE_CHAT_SOURCE,
                                                      sc_twitch_source_chat_source_init))

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static void connect_now (ScTwitchSource *self);

static void
set_state (ScTwitchSource    *self,
           ScChatSourceState  state)
{
  if (self->state == state)
    return;

  g_debug ("State %s -> %s", sc_chat_source_state_to_string (self->state),
           sc_chat_source_state_to_string (state));
  self->state = state;
  sc_chat_source_notify_state (SC_CHAT_SOURCE (self));
}

static GSource *
add_timeout (ScTwitchSource *self,
             double          seconds,
             GSourceFunc     func,
             const char     *name)
{
  GSource *source = g_timeout_source_new ((guint)CLAMP (seconds * 1000.0, 0.0, (double)G_MAXUINT));

  g_source_set_name (source, name);
  g_source_set_callback (source, func, self, NULL);
  g_source_attach (source, self->context);
  return source;
}

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
connect_data_free (ConnectData *data)
{
  g_object_unref (data->cancellable);
  g_free (data);
}

static void
cancel_connect (ScTwitchSource *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

static gboolean
release_cb (gpointer data)
{
  return G_SOURCE_REMOVE;
}

/* libsoup goes on using a connection after our handlers for its signals
 * return, so the last reference goes with an idle source (its destroy
 * notify) rather than now. */
static void
drop_connection (ScTwitchSource *self)
{
  SoupWebsocketConnection *connection = g_steal_pointer (&self->connection);
  GSource *idle;

  if (connection == NULL)
    return;

  g_signal_handlers_disconnect_by_data (connection, self);
  if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);

  idle = g_idle_source_new ();
  g_source_set_name (idle, "[shopcast] twitch connection release");
  g_source_set_callback (idle, release_cb, connection, g_object_unref);
  g_source_attach (idle, self->context);
  g_source_unref (idle);
}

static void
teardown (ScTwitchSource *self)
{
  cancel_connect (self);
  clear_source (&self->retry);
  clear_source (&self->keepalive);
  clear_source (&self->problem_flush);
  drop_connection (self);
}

static void
send_line (ScTwitchSource *self,
           const char     *line)
{
  if (self->connection == NULL ||
      soup_websocket_connection_get_state (self->connection) != SOUP_WEBSOCKET_STATE_OPEN)
    return;

  /* The PASS line carries the token: it never reaches a log, not even a
   * debug one. */
  if (g_str_has_prefix (line, "PASS "))
    g_debug ("> PASS ***");
  else
    g_debug ("> %s", line);
  soup_websocket_connection_send_text (self->connection, line);
}

static gboolean
has_token (const ScChatConfig *config)
{
  return config->token != NULL && config->token[0] != '\0';
}

static void
send_login (ScTwitchSource *self)
{
  g_autofree char *nick_line = NULL;

  send_line (self, "CAP REQ :twitch.tv/tags twitch.tv/commands");
  if (has_token (self->config))
    {
      const char *token = self->config->token;
      char *pass_line = g_strconcat ("PASS ", g_str_has_prefix (token, "oauth:") ? "" : "oauth:",
                                     token, NULL);

      send_line (self, pass_line);
      memset (pass_line, 0, strlen (pass_line));
      g_free (pass_line);
    }
  nick_line = g_strconcat ("NICK ", self->login, NULL);
  send_line (self, nick_line);
}

static gboolean
on_retry (gpointer user_data)
{
  ScTwitchSource *self = user_data;

  g_clear_pointer (&self->retry, g_source_unref);
  connect_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (ScTwitchSource *self,
                double          delay_s)
{
  clear_source (&self->retry);
  self->retry = add_timeout (self, delay_s, on_retry, "[shopcast] twitch reconnect");
}

/* Here and below, "state" is notified last: a handler may stop the source,
 * and nothing may be scheduled after that. */
static void
connection_lost (ScTwitchSource *self,
                 const char     *why)
{
  double delay = sc_backoff_next (&self->backoff);

  drop_connection (self);

  g_message ("Twitch chat connection lost (%s); reconnecting in %.1f s", why, delay);
  schedule_retry (self, delay);
  set_state (self, SC_CHAT_SOURCE_STATE_RECONNECTING);
}

/* The server refused us (a bad token, a ban): asking again at once would be
 * refused again, so the next try waits the longest backoff. */
static void
refuse (ScTwitchSource *self,
        GError         *error)
{
  g_message ("Twitch chat refused: %s; retrying in %.0f s", error->message,
             self->config->reconnect_max_s);
  drop_connection (self);
  schedule_retry (self, self->config->reconnect_max_s);
  set_state (self, SC_CHAT_SOURCE_STATE_FAILED);
  if (self->running)
    sc_chat_source_emit_problem (SC_CHAT_SOURCE (self), error);
}

static gboolean
on_problem_flush (gpointer user_data)
{
  ScTwitchSource *self = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->problem_flush, g_source_unref);
  error = g_error_new (SC_CHAT_ERROR, SC_CHAT_ERROR_INVALID_DATA,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "%u more malformed line from Twitch chat was ignored",
                                    "%u more malformed lines from Twitch chat were ignored",
                                    self->n_held_problems),
                       self->n_held_problems);
  self->n_held_problems = 0;
  self->last_problem_us = g_get_monotonic_time ();
  sc_chat_source_emit_problem (SC_CHAT_SOURCE (self), error);
  return G_SOURCE_REMOVE;
}

/* A burst of bad lines must not bury the host in messages: at most one
 * problem a second, the ones held back counted in the next. */
static void
report_malformed (ScTwitchSource *self,
                  const GError   *error)
{
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GError) problem = NULL;

  g_debug ("Ignoring a line: %s", error->message);

  if (self->problem_flush != NULL || now - self->last_problem_us < G_USEC_PER_SEC)
    {
      self->n_held_problems++;
      if (self->problem_flush == NULL)
        self->problem_flush = add_timeout (self,
                                           (self->last_problem_us + G_USEC_PER_SEC - now) / 1e6,
                                           on_problem_flush, "[shopcast] twitch problems");
      return;
    }

  self->last_problem_us = now;
  problem = g_error_new (SC_CHAT_ERROR, SC_CHAT_ERROR_INVALID_DATA,
                         _("A line from Twitch chat was ignored: %s"), error->message);
  sc_chat_source_emit_problem (SC_CHAT_SOURCE (self), problem);
}

static void
report_malformed_literal (ScTwitchSource *self,
                          const char     *message)
{
  g_autoptr(GError) error = g_error_new_literal (SC_CHAT_ERROR, SC_CHAT_ERROR_INVALID_DATA,
                                                 message);

  report_malformed (self, error);
}

static gboolean
is_our_channel (ScTwitchSource *self,
                const char     *channel)
{
  return channel != NULL && g_ascii_strcasecmp (channel, self->channel) == 0;
}

static void
joined (ScTwitchSource *self)
{
  if (self->state == SC_CHAT_SOURCE_STATE_CONNECTED)
    return;
  sc_backoff_reset (&self->backoff);
  set_state (self, SC_CHAT_SOURCE_STATE_CONNECTED);
}

static gboolean
has_controls (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if ((guchar)*p < 0x20 || *p == 0x7f)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isspace (*p))
        return FALSE;
    }
  return TRUE;
}

/* Tag values may carry unescaped line breaks; a login name never does. */
static const char *
pick_author (ScIrcMessage *message)
{
  const char *display_name = sc_irc_message_get_tag (message, "display-name");
  const char *nick = sc_irc_message_get_nick (message);

  if (display_name != NULL && !is_blank (display_name) && !has_controls (display_name))
    return display_name;
  return nick != NULL ? nick : "";
}

static const char *
pick_color (const char *color)
{
  if (color == NULL || color[0] != '#' || strlen (color) != 7)
    return NULL;
  for (guint i = 1; i < 7; i++)
    {
      if (!g_ascii_isxdigit (color[i]))
        return NULL;
    }
  return color;
}

/* "broadcaster/1,subscriber/3072" -> "broadcaster", "subscriber", cut in
 * @buffer (a copy of the tag) and pointed at by @names. */
static guint
split_badges (char        *buffer,
              const char **names)
{
  guint n = 0;
  char *p = buffer;

  while (p != NULL && n < MAX_BADGES)
    {
      char *next = strchr (p, ',');
      char *slash;

      if (next != NULL)
        *next++ = '\0';
      slash = strchr (p, '/');
      if (slash != NULL)
        *slash = '\0';
      if (*p != '\0')
        names[n++] = p;
      p = next;
    }
  names[n] = NULL;
  return n;
}

static GDateTime *
parse_sent_time (const char *value)
{
  guint64 ms;
  GDateTime *seconds;
  GDateTime *time;

  if (value == NULL ||
      !g_ascii_string_to_unsigned (value, 10, 1, MAX_SENT_TS_MS, &ms, NULL))
    return NULL;

  seconds = g_date_time_new_from_unix_utc ((gint64)(ms / 1000));
  if (seconds == NULL || ms % 1000 == 0)
    return seconds;
  time = g_date_time_add (seconds, (GTimeSpan)(ms % 1000) * 1000);
  g_date_time_unref (seconds);
  return time;
}

/* "25:0-4,8-12/1902:6-10": emote ranges in code points of the text. The
 * message keeps no emotes, but a range outside the text says the line and
 * its tags disagree, which is worth a debug line. */
static guint
count_bad_emote_ranges (const char *emotes,
                        glong       text_length)
{
  guint n_bad = 0;
  const char *p = emotes;

  while (*p != '\0')
    {
      const char *colon = strchr (p, ':');
      const char *end = strchr (p, '/');

      if (end == NULL)
        end = p + strlen (p);
      if (colon == NULL || colon > end)
        {
          n_bad++;
        }
      else
        {
          const char *r = colon + 1;

          while (r < end)
            {
              char *stop = NULL;
              guint64 first = g_ascii_strtoull (r, &stop, 10);
              guint64 last = first;

              if (stop == r || *stop != '-')
                {
                  n_bad++;
                  break;
                }
              r = stop + 1;
              last = g_ascii_strtoull (r, &stop, 10);
              if (stop == r || first > last || last >= (guint64)text_length)
                n_bad++;
              r = stop;
              while (r < end && *r != ',')
                r++;
              if (r < end)
                r++;
            }
        }
      p = *end == '/' ? end + 1 : end;
    }
  return n_bad;
}

static void
handle_privmsg (ScTwitchSource *self,
                ScIrcMessage   *message)
{
  const char *text = sc_irc_message_get_param (message, 1);
  const char *id = sc_irc_message_get_tag (message, "id");
  const char *badges_tag = sc_irc_message_get_tag (message, "badges");
  const char *emotes = sc_irc_message_get_tag (message, "emotes");
  const char *badge_names[MAX_BADGES + 1];
  char badge_buffer[256];
  char local_id[48];
  g_autofree char *long_badges = NULL;
  g_autofree char *action_text = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(ScChatMessage) chat_message = NULL;
  gboolean action = FALSE;
  guint n_badges = 0;

  if (text == NULL)
    {
      report_malformed_literal (self, _("A chat message has no text"));
      return;
    }
  if (!is_our_channel (self, sc_irc_message_get_param (message, 0)))
    {
      g_debug ("Ignoring a message to %s", sc_irc_message_get_param (message, 0));
      return;
    }

  if (text[0] == '\x01')
    {
      gsize len;

      if (!g_str_has_prefix (text, "\x01" "ACTION") || (text[7] != ' ' && text[7] != '\x01' &&
                                                        text[7] != '\0'))
        {
          g_debug ("Ignoring a CTCP request that is not an action");
          return;
        }
      /* The closing \x01 is optional: some clients leave it out. */
      text += text[7] == ' ' ? 8 : 7;
      len = strlen (text);
      if (len > 0 && text[len - 1] == '\x01')
        len--;
      action_text = g_strndup (text, len);
      text = action_text;
      action = TRUE;
    }
  if (is_blank (text))
    {
      g_debug ("Ignoring a message with no visible text");
      return;
    }

  if (emotes != NULL && emotes[0] != '\0')
    {
      guint n_bad = count_bad_emote_ranges (emotes, g_utf8_strlen (text, -1));

      if (n_bad > 0)
        g_debug ("Message %s has %u emote ranges outside its text", id ? id : "", n_bad);
    }

  if (id == NULL || id[0] == '\0')
    {
      g_snprintf (local_id, sizeof local_id, "twitch-local-%" G_GUINT64_FORMAT,
                  ++self->n_local_ids);
      id = local_id;
    }

  if (badges_tag != NULL && badges_tag[0] != '\0')
    {
      char *buffer = badge_buffer;

      if (g_strlcpy (badge_buffer, badges_tag, sizeof badge_buffer) >= sizeof badge_buffer)
        buffer = long_badges = g_strdup (badges_tag);
      n_badges = split_badges (buffer, badge_names);
    }

  time = parse_sent_time (sc_irc_message_get_tag (message, "tmi-sent-ts"));
  chat_message = sc_chat_message_new (PLATFORM, id, pick_author (message),
                                      pick_color (sc_irc_message_get_tag (message, "color")),
                                      text, time);
  sc_chat_message_set_author_id (chat_message, sc_irc_message_get_tag (message, "user-id"));
  if (n_badges > 0)
    sc_chat_message_set_badges (chat_message, badge_names);
  if (action)
    sc_chat_message_set_action (chat_message, TRUE);

  sc_chat_source_emit_message (SC_CHAT_SOURCE (self), chat_message);
}

static void
handle_notice (ScTwitchSource *self,
               ScIrcMessage   *message)
{
  const char *msg_id = sc_irc_message_get_tag (message, "msg-id");
  GPtrArray *params = sc_irc_message_get_params (message);
  const char *text = params->len > 0 ? g_ptr_array_index (params, params->len - 1) : "";
  g_autoptr(GError) error = NULL;

  /* Login failures come before the tags capability applies, so they have
   * no msg-id: only their text tells them apart. */
  if (g_strcmp0 (msg_id, "msg_banned") == 0 ||
      strstr (text, "Login authentication failed") != NULL ||
      strstr (text, "Improperly formatted auth") != NULL)
    {
      error = g_error_new (SC_CHAT_ERROR, SC_CHAT_ERROR_AUTH,
                           _("Twitch refused the chat login “%s”: %s"), self->login, text);
      refuse (self, error);
    }
  else if (g_strcmp0 (msg_id, "msg_channel_suspended") == 0)
    {
      error = g_error_new (SC_CHAT_ERROR, SC_CHAT_ERROR_NOT_FOUND,
                           _("The Twitch channel %s cannot be joined: %s"), self->channel, text);
      refuse (self, error);
    }
  else
    {
      g_debug ("Notice (%s): %s", msg_id ? msg_id : "no msg-id", text);
    }
}

static void
handle_line (ScTwitchSource *self,
             const char     *line,
             gsize           len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScIrcMessage) message = sc_irc_message_parse_len (line, len, &error);
  const char *command;
  const char *channel;

  if (message == NULL)
    {
      report_malformed (self, error);
      return;
    }

  command = sc_irc_message_get_command (message);
  channel = sc_irc_message_get_param (message, 0);

  if (strcmp (command, "PRIVMSG") == 0)
    {
      handle_privmsg (self, message);
    }
  else if (strcmp (command, "PING") == 0)
    {
      GPtrArray *params = sc_irc_message_get_params (message);
      g_autofree char *pong = NULL;

      if (params->len > 0)
        pong = g_strconcat ("PONG :", g_ptr_array_index (params, params->len - 1), NULL);
      send_line (self, pong != NULL ? pong : "PONG");
    }
  else if (strcmp (command, "CLEARMSG") == 0)
    {
      const char *target = sc_irc_message_get_tag (message, "target-msg-id");

      if (target == NULL || target[0] == '\0')
        report_malformed_literal (self, _("A message deletion does not say which message"));
      else if (is_our_channel (self, channel))
        sc_chat_source_emit_message_deleted (SC_CHAT_SOURCE (self), target);
    }
  else if (strcmp (command, "CLEARCHAT") == 0)
    {
      const char *login = sc_irc_message_get_param (message, 1);

      if (!is_our_channel (self, channel))
        g_debug ("Ignoring a chat clear in %s", channel ? channel : "no channel");
      else if (login != NULL && !is_blank (login))
        sc_chat_source_emit_author_cleared (SC_CHAT_SOURCE (self), login);
      else
        sc_chat_source_emit_chat_cleared (SC_CHAT_SOURCE (self));
    }
  else if (strcmp (command, "001") == 0)
    {
      g_autofree char *join = g_strconcat ("JOIN ", self->channel, NULL);

      /* Welcome: the login was accepted, so the channel can be joined. */
      send_line (self, join);
    }
  else if (strcmp (command, "JOIN") == 0)
    {
      const char *nick = sc_irc_message_get_nick (message);

      if (nick != NULL && g_ascii_strcasecmp (nick, self->login) == 0 &&
          is_our_channel (self, channel))
        joined (self);
    }
  else if (strcmp (command, "366") == 0)
    {
      if (is_our_channel (self, sc_irc_message_get_param (message, 1)))
        joined (self);
    }
  else if (strcmp (command, "RECONNECT") == 0)
    {
      /* Twitch is about to restart this server: go at once, no backoff. */
      g_debug ("The server asked to reconnect");
      drop_connection (self);
      connect_now (self);
      set_state (self, SC_CHAT_SOURCE_STATE_RECONNECTING);
    }
  else if (strcmp (command, "NOTICE") == 0)
    {
      handle_notice (self, message);
    }
  else
    {
      /* USERNOTICE, ROOMSTATE, USERSTATE, GLOBALUSERSTATE, CAP, PONG and the
       * numeric replies say nothing the studio shows. */
      g_debug ("Ignoring %s", command);
    }
}

static void
on_message (SoupWebsocketConnection *connection,
            int                      type,
            GBytes                  *frame,
            gpointer                 user_data)
{
  g_autoptr(ScTwitchSource) self = g_object_ref (user_data);
  gsize size = 0;
  const char *data = g_bytes_get_data (frame, &size);
  const char *end = data + size;

  self->last_rx_us = g_get_monotonic_time ();
  self->ping_sent = FALSE;

  /* One frame holds one or more lines, each ended by CRLF (or LF, or
   * nothing for the last). A handler may stop the source or a line may
   * replace the connection: the rest of the frame then belongs to no one.
   * A binary frame is read the same way: IRC is bytes, and invalid UTF-8
   * is repaired by ScChatMessage. */
  while (data < end && self->connection == connection)
    {
      const char *eol = data;

      while (eol < end && *eol != '\r' && *eol != '\n')
        eol++;
      if (eol > data)
        handle_line (self, data, eol - data);
      data = eol + 1;
    }
}

static void
on_error (SoupWebsocketConnection *connection,
          GError                  *error,
          gpointer                 user_data)
{
  /* "closed" follows and reconnects; this is the only place that says why. */
  g_message ("Twitch chat connection error: %s", error->message);
}

static void
on_closed (SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  g_autoptr(ScTwitchSource) self = g_object_ref (user_data);
  gushort code = soup_websocket_connection_get_close_code (connection);
  g_autofree char *why = NULL;

  if (code != 0)
    why = g_strdup_printf ("closed by the server, code %u", code);
  connection_lost (self, why != NULL ? why : "closed without a close frame");
}

static void
on_connected (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ConnectData *data = user_data;
  g_autoptr(ScTwitchSource) self = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  gboolean cancelled;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (source_object), result,
                                                      &error);
  cancelled = g_cancellable_is_cancelled (data->cancellable);
  if (!cancelled)
    self = g_object_ref (data->self);
  connect_data_free (data);
  if (cancelled)
    return;

  g_clear_object (&self->cancellable);
  if (connection == NULL)
    {
      connection_lost (self, error->message);
      return;
    }

  self->connection = g_steal_pointer (&connection);
  soup_websocket_connection_set_max_incoming_payload_size (self->connection, MAX_FRAME_SIZE);
  g_signal_connect (self->connection, "message", G_CALLBACK (on_message), self);
  g_signal_connect (self->connection, "error", G_CALLBACK (on_error), self);
  g_signal_connect (self->connection, "closed", G_CALLBACK (on_closed), self);
  self->last_rx_us = g_get_monotonic_time ();
  self->ping_sent = FALSE;
  send_login (self);
}

static void
connect_now (ScTwitchSource *self)
{
  g_autoptr(SoupMessage) message = soup_message_new_from_uri (SOUP_METHOD_GET, self->uri);
  ConnectData *data = g_new0 (ConnectData, 1);

  cancel_connect (self);
  self->cancellable = g_cancellable_new ();
  data->self = self;
  data->cancellable = g_object_ref (self->cancellable);

  g_debug ("Connecting to %s", g_uri_get_host (self->uri));
  soup_session_websocket_connect_async (self->session, message, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->cancellable, on_connected, data);
}

static gboolean
on_keepalive (gpointer user_data)
{
  g_autoptr(ScTwitchSource) self = g_object_ref (user_data);
  gint64 idle_us;

  if (self->connection == NULL)
    return G_SOURCE_CONTINUE;

  idle_us = g_get_monotonic_time () - self->last_rx_us;
  if (idle_us > (self->idle_s + self->pong_wait_s) * G_USEC_PER_SEC)
    {
      connection_lost (self, "no answer to PING");
    }
  else if (!self->ping_sent && idle_us > self->idle_s * G_USEC_PER_SEC)
    {
      send_line (self, "PING :tmi.twitch.tv");
      self->ping_sent = TRUE;
    }
  return G_SOURCE_CONTINUE;
}

static void
start_keepalive (ScTwitchSource *self)
{
  clear_source (&self->keepalive);
  self->keepalive = add_timeout (self, MIN (self->idle_s, self->pong_wait_s) / 3.0,
                                 on_keepalive, "[shopcast] twitch keepalive");
}

/* Twitch logins: letters, digits and underscores. */
static gboolean
is_login_name (const char *name)
{
  if (name == NULL || name[0] == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '_')
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_config (ScTwitchSource  *self,
              GError         **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  uri = g_uri_parse (self->config->url ? self->config->url : "", SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error (error, SC_CHAT_ERROR, SC_CHAT_ERROR_NETWORK,
                   _("The Twitch chat address “%s” is not a valid URL"),
                   self->config->url ? self->config->url : "");
      return FALSE;
    }
  scheme = g_uri_get_scheme (uri);
  /* The login goes over this connection: plain ws:// could show a token to
   * anyone on the path, so it is only for a server on this computer. */
  if (g_ascii_strcasecmp (scheme, "wss") != 0 &&
      !(g_ascii_strcasecmp (scheme, "ws") == 0 && sc_host_is_loopback (g_uri_get_host (uri))))
    {
      g_autofree char *shown = g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO);

      g_set_error (error, SC_CHAT_ERROR, SC_CHAT_ERROR_NETWORK,
                   _("The Twitch chat address “%s” is refused: only wss:// is allowed, "
                     "or ws:// to this computer"), shown);
      return FALSE;
    }
  if (!is_login_name (self->channel + 1))
    {
      g_set_error (error, SC_CHAT_ERROR, SC_CHAT_ERROR_NOT_FOUND,
                   _("“%s” is not a Twitch channel name"),
                   self->config->channel ? self->config->channel : "");
      return FALSE;
    }
  if (!is_login_name (self->login))
    {
      if (self->login[0] == '\0')
        g_set_error_literal (error, SC_CHAT_ERROR, SC_CHAT_ERROR_AUTH,
                             _("A Twitch token needs the account’s login name as the nick"));
      else
        g_set_error (error, SC_CHAT_ERROR, SC_CHAT_ERROR_AUTH,
                     _("“%s” is not a Twitch login name"), self->login);
      return FALSE;
    }

  g_clear_pointer (&self->uri, g_uri_unref);
  self->uri = g_steal_pointer (&uri);
  return TRUE;
}

static const char *
sc_twitch_source_get_platform (ScChatSource *source)
{
  return PLATFORM;
}

static void
sc_twitch_source_start (ScChatSource *source)
{
  ScTwitchSource *self = SC_TWITCH_SOURCE (source);
  g_autoptr(GError) error = NULL;

  if (self->running)
    return;

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  sc_backoff_reset (&self->backoff);

  /* A refused configuration would be refused again: no retry. */
  if (!check_config (self, &error))
    {
      g_message ("Twitch chat not started: %s", error->message);
      set_state (self, SC_CHAT_SOURCE_STATE_FAILED);
      sc_chat_source_emit_problem (source, error);
      return;
    }

  self->running = TRUE;
  start_keepalive (self);
  connect_now (self);
  set_state (self, SC_CHAT_SOURCE_STATE_CONNECTING);
}

static void
sc_twitch_source_stop (ScChatSource *source)
{
  ScTwitchSource *self = SC_TWITCH_SOURCE (source);

  teardown (self);
  self->running = FALSE;
  self->n_held_problems = 0;
  set_state (self, SC_CHAT_SOURCE_STATE_STOPPED);
}

static ScChatSourceState
sc_twitch_source_get_state (ScChatSource *source)
{
  return SC_TWITCH_SOURCE (source)->state;
}

static void
sc_twitch_source_chat_source_init (ScChatSourceInterface *iface)
{
  iface->get_platform = sc_twitch_source_get_platform;
  iface->start = sc_twitch_source_start;
  iface->stop = sc_twitch_source_stop;
  iface->get_state = sc_twitch_source_get_state;
}

static void
sc_twitch_source_dispose (GObject *object)
{
  ScTwitchSource *self = (ScTwitchSource *)object;

  teardown (self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sc_twitch_source_parent_class)->dispose (object);
}

static void
sc_twitch_source_finalize (GObject *object)
{
  ScTwitchSource *self = (ScTwitchSource *)object;

  g_clear_pointer (&self->config, sc_chat_config_free);
  g_clear_pointer (&self->uri, g_uri_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  sc_backoff_clear (&self->backoff);
  g_free (self->channel);
  g_free (self->login);

  G_OBJECT_CLASS (sc_twitch_source_parent_class)->finalize (object);
}

static void
sc_twitch_source_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ScTwitchSource *self = SC_TWITCH_SOURCE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_twitch_source_class_init (ScTwitchSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_twitch_source_dispose;
  object_class->finalize = sc_twitch_source_finalize;
  object_class->get_property = sc_twitch_source_get_property;

  g_object_class_override_property (object_class, PROP_STATE, "state");
}

static void
sc_twitch_source_init (ScTwitchSource *self)
{
  self->state = SC_CHAT_SOURCE_STATE_IDLE;
  self->idle_s = DEFAULT_IDLE_S;
  self->pong_wait_s = DEFAULT_PONG_WAIT_S;
  self->session = soup_session_new_with_options ("user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                                 NULL);
}

ScChatSource *
sc_twitch_source_new (const ScChatConfig *config)
{
  ScTwitchSource *self;
  const char *channel;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (config->kind == SC_CHAT_KIND_TWITCH, NULL);

  self = g_object_new (SC_TYPE_TWITCH_SOURCE, NULL);
  self->config = sc_chat_config_copy (config);
  if (self->config->reconnect_initial_s <= 0.0)
    self->config->reconnect_initial_s = 1.0;
  if (self->config->reconnect_max_s < self->config->reconnect_initial_s)
    self->config->reconnect_max_s = self->config->reconnect_initial_s;
  sc_backoff_init (&self->backoff, self->config->reconnect_initial_s,
                   self->config->reconnect_max_s, 2.0, SC_BACKOFF_DEFAULT_JITTER);

  channel = config->channel ? config->channel : "";
  if (channel[0] == '#')
    channel++;
  self->channel = g_strconcat ("#", channel, NULL);
  for (char *c = self->channel; *c != '\0'; c++)
    *c = g_ascii_tolower (*c);

  if (has_token (config))
    self->login = g_ascii_strdown (config->nick ? config->nick : "", -1);
  else
    self->login = g_strdup_printf ("justinfan%d", g_random_int_range (10000, 100000));

  return SC_CHAT_SOURCE (self);
}

void
sc_twitch_source_set_keepalive (ScTwitchSource *self,
                                double          idle_s,
                                double          pong_wait_s)
{
  g_return_if_fail (SC_IS_TWITCH_SOURCE (self));
  g_return_if_fail (idle_s > 0.0 && pong_wait_s > 0.0);

  self->idle_s = idle_s;
  self->pong_wait_s = pong_wait_s;
  if (self->keepalive != NULL)
    start_keepalive (self);
}
