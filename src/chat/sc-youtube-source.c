/* sc-youtube-source.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-youtube-source"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <math.h>

#include "base/sc-backoff.h"
#include "base/sc-json.h"
#include "base/sc-json-reader.h"
#include "base/sc-redact.h"

#include "sc-chat-error.h"
#include "sc-youtube-source.h"

/* The default floor between polls comes from YouTube's quota: a new Google
 * Cloud project gets 10,000 units a day and liveChatMessages.list costs 5,
 * so 2,000 polls a day; spread over a 4-hour show, one every 7.2 s. */
#define DAILY_QUOTA_UNITS      10000.0
#define LIST_COST_UNITS        5.0
#define SHOW_SECONDS           (4 * 60 * 60.0)

#define DEFAULT_QUOTA_RETRY_S  (15 * 60.0)
#define DEFAULT_TIMEOUT_S      30
#define DEFAULT_RECONNECT_S    1.0
#define DEFAULT_RECONNECT_MAX_S 60.0
/* The most the API allows: fewer polls are needed to keep up with a busy chat. */
#define MAX_RESULTS            "2000"
/* A few pages' worth: an id older than that is never sent again. */
#define SEEN_IDS_MAX           10000

struct _ScYouTubeSource
{
  GObject            parent_instance;

  ScChatConfig      *config;
  SoupSession       *session;
  GMainContext      *context;       /* where signals are emitted; set by start */
  GCancellable      *cancellable;   /* NULL when not started; cancels the poll in flight */
  GSource           *timer;         /* waits for the next poll */
  ScChatSourceState  state;
  double             quota_retry_s;
  guint              timeout_s;
  guint              generation;    /* bumped by start and stop: a page being read stops */
  gboolean           in_flight;     /* a poll is waiting for its answer */

  char              *page_token;    /* NULL until the first answer */
  gboolean           backlog_done;  /* the first answer, the chat's history, was skipped */
  double             interval_s;    /* YouTube's last pollingIntervalMillis */
  ScBackoff          backoff;       /* the next wait after a 5xx or a timeout */
  GHashTable        *seen;          /* item ids already handled (owns them) */
  GQueue             seen_order;    /* the same ids, oldest first, to bound the table */
};

static void sc_youtube_source_chat_source_init (ScChatSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScYouTubeSource, sc_youtube_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SC_TYPE_CHAT_SOURCE,
                                                      sc_youtube_source_chat_source_init))

enum {
  PROP_0,
  PROP_QUOTA_RETRY_S,
  PROP_TIMEOUT_S,
  N_PROPS,
  PROP_STATE = N_PROPS,
};

static GParamSpec *properties[N_PROPS];

static void poll_now (ScYouTubeSource *self);

double
sc_youtube_source_default_min_poll_s (void)
{
  return SHOW_SECONDS / (DAILY_QUOTA_UNITS / LIST_COST_UNITS);
}

static double
reconnect_initial_s (ScYouTubeSource *self)
{
  return self->config->reconnect_initial_s > 0 ? self->config->reconnect_initial_s
                                               : DEFAULT_RECONNECT_S;
}

static double
reconnect_max_s (ScYouTubeSource *self)
{
  double max = self->config->reconnect_max_s > 0 ? self->config->reconnect_max_s
                                                 : DEFAULT_RECONNECT_MAX_S;

  return MAX (max, reconnect_initial_s (self));
}

static gboolean
uses_token (ScYouTubeSource *self)
{
  return self->config->oauth_token != NULL && self->config->oauth_token[0] != '\0';
}

/* Errors from GIO and libsoup name hosts, not queries, but anything shown or
 * logged goes through here so a key or token can never leak by accident. */
static char *
redact (ScYouTubeSource *self,
        const char      *text)
{
  const ScRedaction secrets[] = {
    { self->config->api_key, "[redacted]" },
    { self->config->oauth_token, "[redacted]" },
  };

  return sc_redact_text (text, secrets, G_N_ELEMENTS (secrets));
}

static void
set_state (ScYouTubeSource   *self,
           ScChatSourceState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_debug ("YouTube chat is %s", sc_chat_source_state_to_string (state));
  sc_chat_source_notify_state (SC_CHAT_SOURCE (self));
}

static void report (ScYouTubeSource *self,
                    ScChatError      code,
                    const char      *format,
                    ...) G_GNUC_PRINTF (3, 4);

static void
report (ScYouTubeSource *self,
        ScChatError      code,
        const char      *format,
        ...)
{
  g_autofree char *text = NULL;
  g_autofree char *safe = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  safe = redact (self, text);
  g_debug ("Problem: %s", safe);
  error = g_error_new_literal (SC_CHAT_ERROR, code, safe);
  sc_chat_source_emit_problem (SC_CHAT_SOURCE (self), error);
}

static char *
format_wait (double seconds)
{
  guint n;

  if (seconds >= 60)
    {
      n = (guint)ceil (seconds / 60);
      return g_strdup_printf (ngettext ("%u minute", "%u minutes", n), n);
    }
  n = MAX ((guint)ceil (seconds), 1);
  return g_strdup_printf (ngettext ("%u second", "%u seconds", n), n);
}

/* Seen ids */

/* FALSE if @id was handled before. */
static gboolean
remember (ScYouTubeSource *self,
          const char      *id)
{
  char *copy;

  if (g_hash_table_contains (self->seen, id))
    return FALSE;

  copy = g_strdup (id);
  g_hash_table_add (self->seen, copy);
  g_queue_push_tail (&self->seen_order, copy);
  while (self->seen_order.length > SEEN_IDS_MAX)
    g_hash_table_remove (self->seen, g_queue_pop_head (&self->seen_order));
  return TRUE;
}

/* Timer */

static void
clear_timer (ScYouTubeSource *self)
{
  if (self->timer == NULL)
    return;
  g_source_destroy (self->timer);
  g_clear_pointer (&self->timer, g_source_unref);
}

static gboolean
on_timer (gpointer user_data)
{
  ScYouTubeSource *self = user_data;

  g_clear_pointer (&self->timer, g_source_unref);
  poll_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_poll (ScYouTubeSource *self,
               double           delay_s)
{
  /* A signal handler may have stopped the source, or restarted it (and so
   * already sent the next poll). */
  if (self->cancellable == NULL || self->in_flight)
    return;

  clear_timer (self);
  self->timer = g_timeout_source_new ((guint)ceil (MAX (delay_s, 0) * 1000));
  g_source_set_static_name (self->timer, "[shopcast] youtube poll");
  g_source_set_callback (self->timer, on_timer, self, NULL);
  g_source_attach (self->timer, self->context);
}

static double
next_poll_delay (ScYouTubeSource *self)
{
  return MAX (self->interval_s, sc_youtube_source_get_min_poll_s (self));
}

/* Failures */

/* 5xx, timeouts, no connection: YouTube will be back, soon. */
static void
fail_transient (ScYouTubeSource *self,
                const char      *what)
{
  double delay = sc_backoff_next (&self->backoff);
  gboolean was_reconnecting = self->state == SC_CHAT_SOURCE_STATE_RECONNECTING;

  set_state (self, SC_CHAT_SOURCE_STATE_RECONNECTING);
  /* One problem an outage: the state says the rest. */
  if (!was_reconnecting)
    {
      g_autofree char *wait = format_wait (delay);

      report (self, SC_CHAT_ERROR_NETWORK,
              _("Lost the YouTube live chat (%s); reconnecting in %s"), what, wait);
    }
  else
    {
      g_autofree char *safe = redact (self, what);

      g_debug ("Still no YouTube chat (%s); next try in %.1f s", safe, delay);
    }
  schedule_poll (self, delay);
}

/* Refused: retrying soon would only be refused again. */
static void
fail_refused (ScYouTubeSource *self,
              ScChatError      code,
              double           retry_s,
              const char      *message)
{
  set_state (self, SC_CHAT_SOURCE_STATE_FAILED);
  report (self, code, "%s", message);
  schedule_poll (self, retry_s);
}

static void
chat_ended (ScYouTubeSource *self,
            const char      *offline_at)
{
  /* Nothing is in flight now; start may read the next broadcast's chat. */
  g_clear_object (&self->cancellable);
  clear_timer (self);
  set_state (self, SC_CHAT_SOURCE_STATE_STOPPED);
  if (offline_at != NULL)
    report (self, SC_CHAT_ERROR_NOT_FOUND,
            _("The YouTube live chat has ended: the stream went offline at %s"), offline_at);
  else
    report (self, SC_CHAT_ERROR_NOT_FOUND, _("The YouTube live chat has ended"));
}

/* JSON: read through ScJsonReader, one per page. A bad item is skipped and
 * its error kept; the page's first error, and how many there were, are
 * reported once. Values are not quoted: they may be what viewers wrote. */

static ScJsonReader *
page_reader_new (void)
{
  ScJsonReader *reader = sc_json_reader_new (_("YouTube sent unusable chat data"),
                                             SC_CHAT_ERROR, SC_CHAT_ERROR_INVALID_DATA,
                                             SC_CHAT_ERROR_INVALID_DATA);

  sc_json_reader_set_quote_values (reader, FALSE);
  return reader;
}

/* Items */

static void
read_message (ScYouTubeSource *self,
              ScJsonReader    *reader,
              JsonObject      *item,
              JsonObject      *snippet,
              const char      *id,
              gboolean         super_chat,
              const char      *path)
{
  g_autofree char *snippet_path = sc_json_path_member (path, "snippet");
  g_autofree char *author_path = sc_json_path_member (path, "authorDetails");
  g_autofree char *details_path = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(ScChatMessage) message = NULL;
  g_autoptr(GPtrArray) badges = g_ptr_array_new ();
  const char *details_name = super_chat ? "superChatDetails" : "textMessageDetails";
  const char *text_name = super_chat ? "userComment" : "messageText";
  const char *text = NULL;
  const char *author;
  JsonObject *author_details;
  JsonObject *details = NULL;
  gboolean owner = FALSE;
  gboolean moderator = FALSE;
  gboolean sponsor = FALSE;

  if (!sc_json_reader_get_date (reader, snippet, snippet_path, "publishedAt", TRUE, NULL,
                                _("an ISO 8601 date and time"), &time))
    return;

  /* displayMessage is what YouTube shows; the details are the fallback. */
  if (!sc_json_reader_get_text (reader, snippet, snippet_path, "displayMessage", FALSE, &text))
    return;
  if (text == NULL)
    {
      details_path = sc_json_path_member (snippet_path, details_name);
      if (!sc_json_reader_get_object (reader, snippet, snippet_path, details_name, &details) ||
          (details != NULL &&
           !sc_json_reader_get_text (reader, details, details_path, text_name, FALSE, &text)))
        return;
      /* An empty displayMessage with nothing behind it is an empty line. */
      if (text == NULL)
        text = sc_json_peek_string (snippet, "displayMessage");
      if (text == NULL)
        {
          g_autofree char *display_path = sc_json_path_member (snippet_path, "displayMessage");

          sc_json_reader_fail_missing (reader, display_path, _("a string"));
          return;
        }
    }

  if (!sc_json_reader_need_object (reader, item, path, "authorDetails", FALSE,
                                   &author_details) ||
      !sc_json_reader_need_string (reader, author_details, author_path, "displayName", FALSE,
                                   &author) ||
      !sc_json_reader_get_bool (reader, author_details, author_path, "isChatOwner", &owner) ||
      !sc_json_reader_get_bool (reader, author_details, author_path, "isChatModerator",
                                &moderator) ||
      !sc_json_reader_get_bool (reader, author_details, author_path, "isChatSponsor", &sponsor))
    return;

  if (owner)
    g_ptr_array_add (badges, (gpointer)"broadcaster");
  if (moderator)
    g_ptr_array_add (badges, (gpointer)"moderator");
  if (sponsor)
    g_ptr_array_add (badges, (gpointer)"member");
  g_ptr_array_add (badges, NULL);

  /* YouTube gives no name colour; the overlay picks one. */
  message = sc_chat_message_new ("youtube", id, author, NULL, text, time);
  sc_chat_message_set_badges (message, (const char * const *)badges->pdata);
  sc_chat_message_set_author_id (message, sc_json_peek_string (author_details, "channelId"));
  sc_chat_source_emit_message (SC_CHAT_SOURCE (self), message);
}

static void
read_deletion (ScYouTubeSource *self,
               ScJsonReader    *reader,
               JsonObject      *snippet,
               const char      *path)
{
  g_autofree char *snippet_path = sc_json_path_member (path, "snippet");
  g_autofree char *details_path = sc_json_path_member (snippet_path, "messageDeletedDetails");
  JsonObject *details;
  const char *deleted_id;

  if (!sc_json_reader_need_object (reader, snippet, snippet_path, "messageDeletedDetails",
                                   FALSE, &details) ||
      !sc_json_reader_need_string (reader, details, details_path, "deletedMessageId", FALSE,
                                   &deleted_id))
    return;
  sc_chat_source_emit_message_deleted (SC_CHAT_SOURCE (self), deleted_id);
}

static void
read_ban (ScYouTubeSource *self,
          ScJsonReader    *reader,
          JsonObject      *snippet,
          const char      *path)
{
  g_autofree char *snippet_path = sc_json_path_member (path, "snippet");
  g_autofree char *details_path = sc_json_path_member (snippet_path, "userBannedDetails");
  g_autofree char *user_path = sc_json_path_member (details_path, "bannedUserDetails");
  JsonObject *details;
  JsonObject *user;
  const char *name = NULL;
  const char *channel = NULL;

  if (!sc_json_reader_need_object (reader, snippet, snippet_path, "userBannedDetails", FALSE,
                                   &details) ||
      !sc_json_reader_need_object (reader, details, details_path, "bannedUserDetails", FALSE,
                                   &user) ||
      !sc_json_reader_get_text (reader, user, user_path, "displayName", FALSE, &name) ||
      !sc_json_reader_get_text (reader, user, user_path, "channelId", FALSE, &channel))
    return;
  if (name == NULL && channel == NULL)
    {
      g_autofree char *name_path = sc_json_path_member (user_path, "displayName");

      sc_json_reader_fail_missing (reader, name_path, _("a string"));
      return;
    }
  /* Messages carry the display name as their author, so that is what the
   * feed matches; the channel id only stands in when there is no name. */
  sc_chat_source_emit_author_cleared (SC_CHAT_SOURCE (self), name != NULL ? name : channel);
}

/* @live is FALSE for the first answer: its items are only remembered. */
static void
read_item (ScYouTubeSource *self,
           ScJsonReader    *reader,
           JsonNode        *item,
           const char      *path,
           gboolean         live)
{
  g_autofree char *snippet_path = sc_json_path_member (path, "snippet");
  JsonObject *object;
  JsonObject *snippet;
  const char *id;
  const char *type;

  if (!sc_json_reader_expect_object (reader, item, path, _("an object"), &object) ||
      !sc_json_reader_need_string (reader, object, path, "id", FALSE, &id))
    return;
  if (!remember (self, id) || !live)
    return;

  if (!sc_json_reader_need_object (reader, object, path, "snippet", FALSE, &snippet) ||
      !sc_json_reader_need_string (reader, snippet, snippet_path, "type", FALSE, &type))
    return;

  if (g_str_equal (type, "textMessageEvent") || g_str_equal (type, "superChatEvent"))
    read_message (self, reader, object, snippet, id, g_str_equal (type, "superChatEvent"), path);
  else if (g_str_equal (type, "messageDeletedEvent"))
    read_deletion (self, reader, snippet, path);
  else if (g_str_equal (type, "userBannedEvent"))
    read_ban (self, reader, snippet, path);
  /* New members, polls, stickers, … are not chat lines. */
}

static void
report_bad_data (ScYouTubeSource *self,
                 ScJsonReader    *reader)
{
  guint count = sc_json_reader_get_n_errors (reader);
  GError *first;

  if (count == 0)
    return;

  first = g_ptr_array_index (sc_json_reader_get_errors (reader), 0);
  if (count == 1)
    report (self, SC_CHAT_ERROR_INVALID_DATA, _("%s; it was skipped"), first->message);
  else
    report (self, SC_CHAT_ERROR_INVALID_DATA,
            ngettext ("%s, and in %u more place; they were skipped",
                      "%s, and in %u more places; they were skipped", count - 1),
            first->message, count - 1);
}

static void
read_page (ScYouTubeSource *self,
           GBytes          *body)
{
  g_autoptr(JsonNode) root_node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScJsonReader) reader = page_reader_new ();
  guint generation = self->generation;
  const char *offline_at = NULL;
  const char *page_token = NULL;
  JsonObject *root;
  JsonArray *items = NULL;
  gint64 interval_ms = 0;
  gboolean live;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);

  /* YouTube answered, whatever the body: the connection is fine. */
  sc_backoff_reset (&self->backoff);
  root_node = sc_json_parse (data, length, _("the answer"), &error);
  if (root_node == NULL)
    {
      set_state (self, SC_CHAT_SOURCE_STATE_CONNECTED);
      report (self, SC_CHAT_ERROR_INVALID_DATA,
              _("YouTube sent malformed chat data at $ (%s); polling goes on"), error->message);
      schedule_poll (self, next_poll_delay (self));
      return;
    }
  sc_json_reader_note_literals (reader, data, length);
  if (!sc_json_reader_expect_object (reader, root_node, "$", _("an object"), &root))
    {
      GError *first = g_ptr_array_index (sc_json_reader_get_errors (reader), 0);

      set_state (self, SC_CHAT_SOURCE_STATE_CONNECTED);
      report (self, SC_CHAT_ERROR_INVALID_DATA, _("%s; polling goes on"), first->message);
      schedule_poll (self, next_poll_delay (self));
      return;
    }

  sc_json_reader_get_text (reader, root, "$", "offlineAt", FALSE, &offline_at);
  if (sc_json_object_get_value (root, "pollingIntervalMillis") != NULL &&
      sc_json_reader_get_int64 (reader, root, "$", "pollingIntervalMillis", G_MININT64,
                                G_MAXINT64, _("an integer"), &interval_ms))
    self->interval_s = MAX (interval_ms, 0) / 1000.0;
  /* Without a next token (an ended chat has none to give) the same page is
   * asked again, and the seen ids keep it from being shown twice. */
  if ((offline_at == NULL
       ? sc_json_reader_need_string (reader, root, "$", "nextPageToken", FALSE, &page_token)
       : sc_json_reader_get_text (reader, root, "$", "nextPageToken", FALSE, &page_token)) &&
      page_token != NULL)
    {
      g_free (self->page_token);
      self->page_token = g_strdup (page_token);
    }
  sc_json_reader_need_array (reader, root, "$", "items", &items);

  live = self->backlog_done;
  self->backlog_done = TRUE;
  if (offline_at == NULL)
    set_state (self, SC_CHAT_SOURCE_STATE_CONNECTED);
  if (self->generation != generation)
    return;

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      g_autofree char *path = sc_json_path_index ("$.items", i);

      read_item (self, reader, json_array_get_element (items, i), path, live);
      /* A handler stopped or restarted the source. */
      if (self->generation != generation)
        return;
    }
  g_debug ("YouTube chat page: %u items%s, next poll in %.1f s",
           items != NULL ? json_array_get_length (items) : 0, live ? "" : " of history",
           next_poll_delay (self));

  report_bad_data (self, reader);
  if (self->generation != generation)
    return;

  if (offline_at != NULL)
    chat_ended (self, offline_at);
  else
    schedule_poll (self, next_poll_delay (self));
}

/* HTTP */

static void
add_reasons (GPtrArray  *reasons,
             JsonObject *object,
             const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *reason;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      reason = sc_json_peek_string (json_node_get_object (element), "reason");
      if (reason != NULL)
        g_ptr_array_add (reasons, g_strdup (reason));
    }
}

/* The reasons in Google's error body: {"error": {"errors": [{"reason": …}],
 * "details": [{"reason": …}]}}; the details say API_KEY_INVALID. */
static GPtrArray *
error_reasons (GBytes *body)
{
  g_autoptr(JsonNode) root = NULL;
  GPtrArray *reasons = g_ptr_array_new_with_free_func (g_free);
  JsonNode *node;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);

  root = sc_json_parse (data, length, "error", NULL);
  if (root == NULL)
    return reasons;
  node = root;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return reasons;
  node = json_object_get_member (json_node_get_object (node), "error");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return reasons;
  add_reasons (reasons, json_node_get_object (node), "errors");
  add_reasons (reasons, json_node_get_object (node), "details");
  return reasons;
}

static gboolean
has_reason (GPtrArray  *reasons,
            const char *reason)
{
  return g_ptr_array_find_with_equal_func (reasons, reason, g_str_equal, NULL);
}

static void
read_refusal (ScYouTubeSource *self,
              guint            status,
              GBytes          *body)
{
  g_autoptr(GPtrArray) reasons = error_reasons (body);
  g_autofree char *what = NULL;
  g_autofree char *wait = NULL;
  g_autofree char *text = NULL;
  double retry_s = reconnect_max_s (self);

  what = reasons->len > 0 ? g_strdup_printf ("HTTP %u, %s", status,
                                             (const char *)g_ptr_array_index (reasons, 0))
                          : g_strdup_printf ("HTTP %u", status);

  if (status >= 500 || status == 429)
    {
      fail_transient (self, what);
      return;
    }

  if (status == SOUP_STATUS_FORBIDDEN && has_reason (reasons, "liveChatEnded"))
    {
      chat_ended (self, NULL);
      return;
    }

  if (status == SOUP_STATUS_FORBIDDEN &&
      (has_reason (reasons, "quotaExceeded") || has_reason (reasons, "dailyLimitExceeded")))
    {
      wait = format_wait (self->quota_retry_s);
      if (uses_token (self))
        text = g_strdup_printf (_("YouTube's daily quota for this sign-in's project is used up; "
                                  "chat will be retried in %s"), wait);
      else
        text = g_strdup_printf (_("YouTube's daily quota for this API key is used up; "
                                  "chat will be retried in %s"), wait);
      fail_refused (self, SC_CHAT_ERROR_QUOTA, self->quota_retry_s, text);
      return;
    }
  /* rateLimitExceeded is not the quota: it says this poll came sooner than
   * pollingIntervalMillis allows. The chat is fine; wait that long and go on. */
  if (status == SOUP_STATUS_FORBIDDEN && has_reason (reasons, "rateLimitExceeded"))
    {
      g_debug ("YouTube says the chat was polled too fast; next poll in %.1f s",
               next_poll_delay (self));
      schedule_poll (self, next_poll_delay (self));
      return;
    }

  wait = format_wait (retry_s);
  /* A chat may not exist until the broadcast starts, or be turned on later. */
  if (status == SOUP_STATUS_NOT_FOUND || has_reason (reasons, "liveChatNotFound"))
    text = g_strdup_printf (_("YouTube has no live chat with this id (%s): check the live "
                              "chat id; retrying in %s"), what, wait);
  else if (has_reason (reasons, "liveChatDisabled"))
    text = g_strdup_printf (_("Live chat is turned off for this YouTube broadcast; "
                              "retrying in %s"), wait);
  if (text != NULL)
    {
      fail_refused (self, SC_CHAT_ERROR_NOT_FOUND, retry_s, text);
      return;
    }

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN ||
      has_reason (reasons, "keyInvalid") || has_reason (reasons, "API_KEY_INVALID"))
    {
      text = g_strdup_printf (_("YouTube refused the chat request (%s): check your API key "
                                "or sign-in; retrying in %s"), what, wait);
      fail_refused (self, SC_CHAT_ERROR_AUTH, retry_s, text);
      return;
    }

  text = g_strdup_printf (_("YouTube refused the chat request (%s); retrying in %s"),
                          what, wait);
  fail_refused (self, SC_CHAT_ERROR_NETWORK, retry_s, text);
}

static void
on_response (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (object);
  g_autoptr(ScYouTubeSource) self = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;

  body = soup_session_send_and_read_finish (session, result, &error);
  /* Stopped or disposed: @user_data may already be gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Handlers of the signals below may drop the last outside reference. */
  self = g_object_ref (SC_YOUTUBE_SOURCE (user_data));
  self->in_flight = FALSE;
  if (body == NULL)
    {
      fail_transient (self, error->message);
      return;
    }

  status = soup_message_get_status (soup_session_get_async_result_message (session, result));
  if (status == SOUP_STATUS_OK)
    read_page (self, body);
  else
    read_refusal (self, status, body);
}

static char *
build_url (ScYouTubeSource *self,
           gboolean         for_log)
{
  GString *url = g_string_new (self->config->url);
  g_autofree char *chat_id = g_uri_escape_string (self->config->live_chat_id, NULL, FALSE);

  while (url->len > 0 && url->str[url->len - 1] == '/')
    g_string_truncate (url, url->len - 1);
  g_string_append_printf (url, "/liveChat/messages?liveChatId=%s"
                          "&part=snippet,authorDetails&maxResults=" MAX_RESULTS, chat_id);
  if (self->page_token != NULL)
    {
      g_autofree char *token = g_uri_escape_string (self->page_token, NULL, FALSE);

      g_string_append_printf (url, "&pageToken=%s", token);
    }
  /* With a token the key is not needed, and sending it would only expose it. */
  if (!uses_token (self) && self->config->api_key != NULL && self->config->api_key[0] != '\0')
    {
      g_autofree char *key = g_uri_escape_string (self->config->api_key, NULL, FALSE);

      g_string_append_printf (url, "&key=%s", for_log ? "[redacted]" : key);
    }
  return g_string_free (url, FALSE);
}

static void
poll_now (ScYouTubeSource *self)
{
  g_autofree char *url = build_url (self, FALSE);
  g_autofree char *log_url = build_url (self, TRUE);
  g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_GET, url);
  SoupMessageHeaders *headers;

  if (message == NULL)
    {
      g_autofree char *safe = redact (self, self->config->url);

      /* A setting, not a passing failure: polling again cannot help. */
      set_state (self, SC_CHAT_SOURCE_STATE_FAILED);
      report (self, SC_CHAT_ERROR_NETWORK, _("“%s” is not a usable YouTube API address"), safe);
      return;
    }

  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (uses_token (self))
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->config->oauth_token, NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
    }

  g_debug ("GET %s", log_url);
  self->in_flight = TRUE;
  /* The answer must arrive in the context the source was started in. */
  g_main_context_push_thread_default (self->context);
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    self->cancellable, on_response, self);
  g_main_context_pop_thread_default (self->context);
}

/* ScChatSource */

static const char *
sc_youtube_source_get_platform (ScChatSource *source)
{
  return "youtube";
}

static void
sc_youtube_source_start (ScChatSource *source)
{
  ScYouTubeSource *self = SC_YOUTUBE_SOURCE (source);
  g_autoptr(GError) error = NULL;

  if (self->cancellable != NULL)
    return;

  self->generation++;
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  /* A restart reads the chat from its present again; the seen ids stay so
   * nothing already shown comes back. */
  g_clear_pointer (&self->page_token, g_free);
  self->backlog_done = FALSE;
  self->interval_s = 0;
  sc_backoff_reset (&self->backoff);
  set_state (self, SC_CHAT_SOURCE_STATE_CONNECTING);

  if (!sc_chat_source_check_url (SC_CHAT_KIND_YOUTUBE, self->config->url, &error))
    {
      /* A setting, not a passing failure: polling again cannot help. */
      set_state (self, SC_CHAT_SOURCE_STATE_FAILED);
      report (self, SC_CHAT_ERROR_INVALID_DATA, "%s", error->message);
      return;
    }
  if (self->config->live_chat_id == NULL || self->config->live_chat_id[0] == '\0')
    {
      set_state (self, SC_CHAT_SOURCE_STATE_FAILED);
      report (self, SC_CHAT_ERROR_NOT_FOUND,
              _("No YouTube live chat id is set: add the broadcast's live chat id to the "
                "show"));
      return;
    }
  poll_now (self);
}

static void
sc_youtube_source_stop (ScChatSource *source)
{
  ScYouTubeSource *self = SC_YOUTUBE_SOURCE (source);

  self->generation++;
  self->in_flight = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  clear_timer (self);
  set_state (self, SC_CHAT_SOURCE_STATE_STOPPED);
}

static ScChatSourceState
sc_youtube_source_get_state (ScChatSource *source)
{
  return SC_YOUTUBE_SOURCE (source)->state;
}

static void
sc_youtube_source_chat_source_init (ScChatSourceInterface *iface)
{
  iface->get_platform = sc_youtube_source_get_platform;
  iface->start = sc_youtube_source_start;
  iface->stop = sc_youtube_source_stop;
  iface->get_state = sc_youtube_source_get_state;
}

/* GObject */

static void
sc_youtube_source_dispose (GObject *object)
{
  ScYouTubeSource *self = (ScYouTubeSource *)object;

  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  clear_timer (self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sc_youtube_source_parent_class)->dispose (object);
}

static void
sc_youtube_source_finalize (GObject *object)
{
  ScYouTubeSource *self = (ScYouTubeSource *)object;

  g_clear_pointer (&self->config, sc_chat_config_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  sc_backoff_clear (&self->backoff);
  g_free (self->page_token);
  g_queue_clear (&self->seen_order);
  g_hash_table_unref (self->seen);

  G_OBJECT_CLASS (sc_youtube_source_parent_class)->finalize (object);
}

static void
sc_youtube_source_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ScYouTubeSource *self = SC_YOUTUBE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_QUOTA_RETRY_S:
      g_value_set_double (value, self->quota_retry_s);
      break;
    case PROP_TIMEOUT_S:
      g_value_set_uint (value, self->timeout_s);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_youtube_source_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  ScYouTubeSource *self = SC_YOUTUBE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_QUOTA_RETRY_S:
      sc_youtube_source_set_quota_retry_s (self, g_value_get_double (value));
      break;
    case PROP_TIMEOUT_S:
      if (self->timeout_s == g_value_get_uint (value))
        break;
      self->timeout_s = g_value_get_uint (value);
      if (self->session != NULL)
        g_object_set (self->session, "timeout", self->timeout_s, NULL);
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_youtube_source_class_init (ScYouTubeSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_youtube_source_dispose;
  object_class->finalize = sc_youtube_source_finalize;
  object_class->get_property = sc_youtube_source_get_property;
  object_class->set_property = sc_youtube_source_set_property;

  /* Seconds to wait after YouTube said the quota is used up. */
  properties[PROP_QUOTA_RETRY_S] =
    g_param_spec_double ("quota-retry-s", NULL, NULL, 0.001, G_MAXDOUBLE, DEFAULT_QUOTA_RETRY_S,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Seconds a poll may take before it counts as a dropped connection. */
  properties[PROP_TIMEOUT_S] =
    g_param_spec_uint ("timeout-s", NULL, NULL, 1, 3600, DEFAULT_TIMEOUT_S,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_STATE, "state");
}

static void
sc_youtube_source_init (ScYouTubeSource *self)
{
  self->state = SC_CHAT_SOURCE_STATE_IDLE;
  self->quota_retry_s = DEFAULT_QUOTA_RETRY_S;
  self->timeout_s = DEFAULT_TIMEOUT_S;
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->seen_order);
}

ScChatSource *
sc_youtube_source_new (const ScChatConfig *config)
{
  ScYouTubeSource *self;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (SC_TYPE_YOUTUBE_SOURCE, NULL);
  self->config = sc_chat_config_copy (config);
  if (self->config->url == NULL || self->config->url[0] == '\0')
    {
      g_free (self->config->url);
      self->config->url = g_strdup ("https://www.googleapis.com/youtube/v3");
    }
  sc_backoff_init (&self->backoff, reconnect_initial_s (self), reconnect_max_s (self), 2.0,
                   SC_BACKOFF_DEFAULT_JITTER);
  self->session = soup_session_new_with_options ("timeout", self->timeout_s,
                                                 "user-agent", "Shopcast/" PACKAGE_VERSION,
                                                 NULL);
  return SC_CHAT_SOURCE (self);
}

double
sc_youtube_source_get_min_poll_s (ScYouTubeSource *self)
{
  g_return_val_if_fail (SC_IS_YOUTUBE_SOURCE (self), sc_youtube_source_default_min_poll_s ());

  return self->config->min_poll_s > 0 ? self->config->min_poll_s
                                      : sc_youtube_source_default_min_poll_s ();
}

double
sc_youtube_source_get_quota_retry_s (ScYouTubeSource *self)
{
  g_return_val_if_fail (SC_IS_YOUTUBE_SOURCE (self), DEFAULT_QUOTA_RETRY_S);

  return self->quota_retry_s;
}

void
sc_youtube_source_set_quota_retry_s (ScYouTubeSource *self,
                                     double           seconds)
{
  g_return_if_fail (SC_IS_YOUTUBE_SOURCE (self));
  g_return_if_fail (seconds > 0);

  if (self->quota_retry_s == seconds)
    return;
  self->quota_retry_s = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUOTA_RETRY_S]);
}
