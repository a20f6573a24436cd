/* test-youtube.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-youtube"

#include "config.h"

#include <string.h>

#include "chat/sc-chat-config.h"
#include "chat/sc-chat-error.h"
#include "chat/sc-youtube-source.h"
#include "sc-fake-youtube.h"

#define CHAT_ID     "Cg0KC2Zha2Vfc2hvd18xKicKGFVDZmFrZV9jaGFubmVsXzEyMzQ1Njc4OTASC2Zha2Vfc2hvd18x"
#define API_KEY     "AIzaSyShopcastFakeKey-0123456789_abcd"
#define OAUTH_TOKEN "ya29.a0ShopcastFakeOAuthToken-9876543210"
#define WRONG_KEY   "AIzaSyShopcastWrongKey-5555555555_efgh"
#define WRONG_TOKEN "ya29.a0ShopcastWrongOAuthToken-1111111"

/* Every log line of the process, to check that no secret is ever logged. */
static GPtrArray *log_lines;

typedef struct {
  ScFakeYouTube *fake;
  ScChatConfig  *config;
  ScChatSource  *source;
  GPtrArray     *messages;   /* ScChatMessage * */
  GPtrArray     *deleted;    /* char * */
  GPtrArray     *cleared;    /* char * */
  GPtrArray     *problems;   /* GError * */
  GArray        *states;     /* ScChatSourceState, one per change */
} Fixture;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "MESSAGE"))
        g_ptr_array_add (log_lines, fields[i].length < 0
                                    ? g_strdup (fields[i].value)
                                    : g_strndup (fields[i].value, fields[i].length));
    }
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static gboolean
on_wait_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until @condition holds, failing after @timeout_s. */
#define WAIT_FOR(condition, timeout_s)                                                \
  G_STMT_START {                                                                      \
    gboolean timed_out_ = FALSE;                                                      \
    guint timeout_id_ = g_timeout_add ((guint)((timeout_s) * 1000), on_wait_timeout,  \
                                       &timed_out_);                                  \
    while (!(condition) && !timed_out_)                                               \
      g_main_context_iteration (NULL, TRUE);                                          \
    if (!timed_out_)                                                                  \
      g_source_remove (timeout_id_);                                                  \
    g_assert_true (condition);                                                        \
  } G_STMT_END

/* Runs the main context for @seconds, to see that nothing happens. */
static void
spin (double seconds)
{
  gboolean over = FALSE;

  g_timeout_add ((guint)(seconds * 1000), on_wait_timeout, &over);
  while (!over)
    g_main_context_iteration (NULL, TRUE);
}

static void
on_message (ScChatSource  *source,
            ScChatMessage *message,
            Fixture       *fixture)
{
  g_ptr_array_add (fixture->messages, g_object_ref (message));
}

static void
on_message_deleted (ScChatSource *source,
                    const char   *id,
                    Fixture      *fixture)
{
  g_ptr_array_add (fixture->deleted, g_strdup (id));
}

static void
on_author_cleared (ScChatSource *source,
                   const char   *author,
                   Fixture      *fixture)
{
  g_ptr_array_add (fixture->cleared, g_strdup (author));
}

static void
on_problem (ScChatSource *source,
            GError       *error,
            Fixture      *fixture)
{
  g_test_message ("problem: %s", error->message);
  g_ptr_array_add (fixture->problems, g_error_copy (error));
}

static void
on_state (ScChatSource *source,
          GParamSpec   *pspec,
          Fixture      *fixture)
{
  ScChatSourceState state = sc_chat_source_get_state (source);

  g_array_append_val (fixture->states, state);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->fake = sc_fake_youtube_new (CHAT_ID, API_KEY, OAUTH_TOKEN, &error);
  g_assert_no_error (error);
  sc_fake_youtube_set_polling_interval (fixture->fake, 50);

  fixture->config = sc_chat_config_new (SC_CHAT_KIND_YOUTUBE);
  g_free (fixture->config->url);
  fixture->config->url = g_strdup (sc_fake_youtube_get_url (fixture->fake));
  fixture->config->live_chat_id = g_strdup (CHAT_ID);
  fixture->config->api_key = g_strdup (API_KEY);
  fixture->config->min_poll_s = 0.05;
  fixture->config->reconnect_initial_s = 0.1;
  fixture->config->reconnect_max_s = 0.4;

  fixture->messages = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->deleted = g_ptr_array_new_with_free_func (g_free);
  fixture->cleared = g_ptr_array_new_with_free_func (g_free);
  fixture->problems = g_ptr_array_new_with_free_func ((GDestroyNotify)g_error_free);
  fixture->states = g_array_new (FALSE, FALSE, sizeof (ScChatSourceState));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  for (guint i = 0; i < fixture->problems->len; i++)
    {
      GError *problem = g_ptr_array_index (fixture->problems, i);

      g_assert_null (strstr (problem->message, API_KEY));
      g_assert_null (strstr (problem->message, OAUTH_TOKEN));
    }

  g_clear_object (&fixture->source);
  g_clear_object (&fixture->fake);
  g_clear_pointer (&fixture->config, sc_chat_config_free);
  g_ptr_array_unref (fixture->messages);
  g_ptr_array_unref (fixture->deleted);
  g_ptr_array_unref (fixture->cleared);
  g_ptr_array_unref (fixture->problems);
  g_array_unref (fixture->states);
  /* Closed connections finish closing in idle callbacks. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A source for the fixture's config, with short waits for tests. */
static ScChatSource *
make_source (Fixture *fixture)
{
  ScChatSource *source = sc_youtube_source_new (fixture->config);

  g_assert_true (SC_IS_YOUTUBE_SOURCE (source));
  g_assert_cmpstr (sc_chat_source_get_platform (source), ==, "youtube");
  g_assert_cmpint (sc_chat_source_get_state (source), ==, SC_CHAT_SOURCE_STATE_IDLE);
  g_object_set (source, "quota-retry-s", 0.5, "timeout-s", 5, NULL);
  g_signal_connect (source, "message", G_CALLBACK (on_message), fixture);
  g_signal_connect (source, "message-deleted", G_CALLBACK (on_message_deleted), fixture);
  g_signal_connect (source, "author-cleared", G_CALLBACK (on_author_cleared), fixture);
  g_signal_connect (source, "problem", G_CALLBACK (on_problem), fixture);
  g_signal_connect (source, "notify::state", G_CALLBACK (on_state), fixture);
  return source;
}

static ScChatSourceState
state_of (Fixture *fixture)
{
  return sc_chat_source_get_state (fixture->source);
}

static guint
n_requests (Fixture *fixture)
{
  return sc_fake_youtube_get_request_count (fixture->fake);
}

/* Starts the source and waits until the history page has been read. */
static void
start_connected (Fixture *fixture)
{
  if (fixture->source == NULL)
    fixture->source = make_source (fixture);
  sc_chat_source_start (fixture->source);
  WAIT_FOR (state_of (fixture) == SC_CHAT_SOURCE_STATE_CONNECTED, 10);
}

static double
gap_s (Fixture *fixture,
       guint    index)
{
  const ScFakeYouTubeRequest *before = sc_fake_youtube_get_request (fixture->fake, index - 1);
  const ScFakeYouTubeRequest *after = sc_fake_youtube_get_request (fixture->fake, index);

  return (after->time_us - before->time_us) / (double)G_USEC_PER_SEC;
}

static ScChatMessage *
message_at (Fixture *fixture,
            guint    index)
{
  return g_ptr_array_index (fixture->messages, index);
}

static GError *
problem_at (Fixture *fixture,
            guint    index)
{
  return g_ptr_array_index (fixture->problems, index);
}

static gboolean
saw_state (Fixture           *fixture,
           ScChatSourceState  state)
{
  for (guint i = 0; i < fixture->states->len; i++)
    {
      if (g_array_index (fixture->states, ScChatSourceState, i) == state)
        return TRUE;
    }
  return FALSE;
}

static char *
badges_text (ScChatMessage *message)
{
  return g_strjoinv (",", (char **)sc_chat_message_get_badges (message));
}

/* Tests */

static void
test_backlog_not_replayed (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *old_id = sc_fake_youtube_add_text (fixture->fake, "Maya",
                                                 SC_FAKE_YOUTUBE_AUTHOR_NONE, "said before");

  sc_fake_youtube_add_super_chat (fixture->fake, "Tom", SC_FAKE_YOUTUBE_AUTHOR_NONE, "$2.00",
                                  "an old super chat");
  sc_fake_youtube_add_deletion (fixture->fake, old_id);

  start_connected (fixture);
  WAIT_FOR (n_requests (fixture) >= 3, 10);
  g_assert_cmpuint (sc_fake_youtube_get_request (fixture->fake, 0)->n_items, ==, 3);
  g_assert_cmpuint (fixture->messages->len, ==, 0);
  g_assert_cmpuint (fixture->deleted->len, ==, 0);

  /* YouTube repeating the history must not bring it on screen either. */
  sc_fake_youtube_add_text (fixture->fake, "Lena", SC_FAKE_YOUTUBE_AUTHOR_NONE, "new here");
  sc_fake_youtube_rewind_next (fixture->fake, 4);
  WAIT_FOR (fixture->messages->len >= 1, 10);
  spin (0.3);
  g_assert_cmpuint (fixture->messages->len, ==, 1);
  g_assert_cmpstr (sc_chat_message_get_text (message_at (fixture, 0)), ==, "new here");
  g_assert_cmpuint (fixture->deleted->len, ==, 0);
  g_assert_cmpuint (fixture->problems->len, ==, 0);
}

static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  const char *ids[5];
  guint n_full_pages = 0;

  sc_fake_youtube_add_text (fixture->fake, "Maya", SC_FAKE_YOUTUBE_AUTHOR_NONE, "history");
  start_connected (fixture);

  sc_fake_youtube_set_page_size (fixture->fake, 2);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u", i + 1);

      ids[i] = sc_fake_youtube_add_text (fixture->fake, "Jonas", SC_FAKE_YOUTUBE_AUTHOR_NONE,
                                         text);
    }
  WAIT_FOR (fixture->messages->len >= G_N_ELEMENTS (ids), 10);
  g_assert_cmpuint (fixture->messages->len, ==, G_N_ELEMENTS (ids));

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      ScChatMessage *message = message_at (fixture, i);
      g_autofree char *text = g_strdup_printf ("message %u", i + 1);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      g_assert_cmpstr (sc_chat_message_get_platform (message), ==, "youtube");
      g_assert_cmpstr (sc_chat_message_get_id (message), ==, ids[i]);
      g_assert_cmpstr (sc_chat_message_get_author (message), ==, "Jonas");
      g_assert_null (sc_chat_message_get_color (message));
      g_assert_cmpstr (sc_chat_message_get_text (message), ==, text);
      g_assert_cmpint (g_date_time_difference (now, sc_chat_message_get_time (message)),
                       <, 60 * G_USEC_PER_SEC);
    }

  /* Each request asks for the page the previous answer pointed to. */
  g_assert_null (sc_fake_youtube_get_request (fixture->fake, 0)->page_token);
  for (guint i = 1; i < n_requests (fixture); i++)
    {
      const ScFakeYouTubeRequest *before = sc_fake_youtube_get_request (fixture->fake, i - 1);
      const ScFakeYouTubeRequest *request = sc_fake_youtube_get_request (fixture->fake, i);

      g_assert_cmpuint (before->status, ==, 200);
      g_assert_nonnull (request->page_token);
      g_assert_cmpstr (request->page_token, ==, before->next_page_token);
      if (request->n_items == 2)
        n_full_pages++;
    }
  g_assert_cmpuint (n_full_pages, >=, 2);
}

static void
test_polling_interval (Fixture       *fixture,
                       gconstpointer  data)
{
  sc_fake_youtube_set_polling_interval (fixture->fake, 300);
  start_connected (fixture);
  WAIT_FOR (n_requests (fixture) >= 4, 10);

  for (guint i = 1; i < 4; i++)
    g_assert_cmpfloat (gap_s (fixture, i), >=, 0.3);
}

static void
test_polling_floor (Fixture       *fixture,
                    gconstpointer  data)
{
  sc_fake_youtube_set_polling_interval (fixture->fake, 100);
  fixture->config->min_poll_s = 0.5;
  start_connected (fixture);
  WAIT_FOR (n_requests (fixture) >= 3, 10);

  for (guint i = 1; i < 3; i++)
    g_assert_cmpfloat (gap_s (fixture, i), >=, 0.5);
}

static void
test_default_floor (Fixture       *fixture,
                    gconstpointer  data)
{
  const double values[] = { 0, -1 };
  g_autoptr(ScChatSource) tuned = NULL;

  /* 10,000 units a day / 5 units a call = 2,000 calls; 4 h = 14,400 s. */
  g_assert_cmpfloat_with_epsilon (sc_youtube_source_default_min_poll_s (), 7.2, 1e-9);

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(ScChatSource) source = NULL;

      fixture->config->min_poll_s = values[i];
      source = sc_youtube_source_new (fixture->config);
      g_assert_cmpfloat_with_epsilon (sc_youtube_source_get_min_poll_s (SC_YOUTUBE_SOURCE (source)),
                                      7.2, 1e-9);
    }
  fixture->config->min_poll_s = 0.5;
  tuned = sc_youtube_source_new (fixture->config);
  g_assert_cmpfloat_with_epsilon (sc_youtube_source_get_min_poll_s (SC_YOUTUBE_SOURCE (tuned)),
                                  0.5, 1e-9);

  /* A fast pollingIntervalMillis does not beat the default floor. */
  fixture->config->min_poll_s = 0;
  sc_fake_youtube_set_polling_interval (fixture->fake, 100);
  start_connected (fixture);
  spin (1.0);
  g_assert_cmpuint (n_requests (fixture), ==, 1);
}

static void
test_super_chat (Fixture       *fixture,
                 gconstpointer  data)
{
  start_connected (fixture);
  sc_fake_youtube_add_super_chat (fixture->fake, "Ama", SC_FAKE_YOUTUBE_AUTHOR_NONE, "$5.00",
                                  "Love the candle!");
  WAIT_FOR (fixture->messages->len >= 1, 10);

  g_assert_cmpstr (sc_chat_message_get_author (message_at (fixture, 0)), ==, "Ama");
  /* The fake's channel id: "UC" and the author's SHA-1, cut. */
  {
    g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, "Ama", -1);
    g_autofree char *id = g_strdup_printf ("UC%.22s", sum);

    g_assert_cmpstr (sc_chat_message_get_author_id (message_at (fixture, 0)), ==, id);
  }
  g_assert_cmpstr (sc_chat_message_get_text (message_at (fixture, 0)), ==,
                   "$5.00 from Ama: \"Love the candle!\"");
}

static void
test_message_deleted (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *id;

  start_connected (fixture);
  id = sc_fake_youtube_add_text (fixture->fake, "Spammy", SC_FAKE_YOUTUBE_AUTHOR_NONE,
                                 "buy followers at example.com");
  WAIT_FOR (fixture->messages->len >= 1, 10);
  sc_fake_youtube_add_deletion (fixture->fake, id);
  WAIT_FOR (fixture->deleted->len >= 1, 10);

  g_assert_cmpstr (g_ptr_array_index (fixture->deleted, 0), ==, id);
  g_assert_cmpuint (fixture->messages->len, ==, 1);
}

static void
test_user_banned (Fixture       *fixture,
                  gconstpointer  data)
{
  start_connected (fixture);
  sc_fake_youtube_add_text (fixture->fake, "Troll", SC_FAKE_YOUTUBE_AUTHOR_NONE, "spam spam");
  sc_fake_youtube_add_ban (fixture->fake, "Troll");
  WAIT_FOR (fixture->cleared->len >= 1, 10);

  g_assert_cmpstr (g_ptr_array_index (fixture->cleared, 0), ==, "Troll");
  /* The ban is not a chat line. */
  g_assert_cmpuint (fixture->messages->len, ==, 1);
}

static void
test_badges (Fixture       *fixture,
             gconstpointer  data)
{
  const struct {
    ScFakeYouTubeAuthorFlags  flags;
    const char               *badges;
  } cases[] = {
    { SC_FAKE_YOUTUBE_AUTHOR_NONE, "" },
    { SC_FAKE_YOUTUBE_AUTHOR_OWNER, "broadcaster" },
    { SC_FAKE_YOUTUBE_AUTHOR_MODERATOR, "moderator" },
    { SC_FAKE_YOUTUBE_AUTHOR_SPONSOR, "member" },
    { SC_FAKE_YOUTUBE_AUTHOR_MODERATOR | SC_FAKE_YOUTUBE_AUTHOR_SPONSOR, "moderator,member" },
  };

  start_connected (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    sc_fake_youtube_add_text (fixture->fake, "Priya", cases[i].flags, "hello");
  WAIT_FOR (fixture->messages->len >= G_N_ELEMENTS (cases), 10);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *badges = badges_text (message_at (fixture, i));

      g_assert_cmpstr (badges, ==, cases[i].badges);
    }
}

static void
test_api_key (Fixture       *fixture,
              gconstpointer  data)
{
  start_connected (fixture);
  sc_fake_youtube_add_text (fixture->fake, "Maya", SC_FAKE_YOUTUBE_AUTHOR_NONE, "hi");
  WAIT_FOR (fixture->messages->len >= 1, 10);

  for (guint i = 0; i < n_requests (fixture); i++)
    {
      const ScFakeYouTubeRequest *request = sc_fake_youtube_get_request (fixture->fake, i);

      g_assert_cmpstr (request->key, ==, API_KEY);
      g_assert_null (request->bearer);
    }
}

static void
test_oauth_token (Fixture       *fixture,
                  gconstpointer  data)
{
  /* With a token the key stays home, even when the show has one too. */
  fixture->config->oauth_token = g_strdup (OAUTH_TOKEN);
  start_connected (fixture);
  sc_fake_youtube_add_text (fixture->fake, "Maya", SC_FAKE_YOUTUBE_AUTHOR_NONE, "hi");
  WAIT_FOR (fixture->messages->len >= 1, 10);

  for (guint i = 0; i < n_requests (fixture); i++)
    {
      const ScFakeYouTubeRequest *request = sc_fake_youtube_get_request (fixture->fake, i);

      g_assert_cmpstr (request->bearer, ==, OAUTH_TOKEN);
      g_assert_null (request->key);
    }
}

static void
test_quota_exceeded (Fixture       *fixture,
                     gconstpointer  data)
{
  GError *problem;

  sc_fake_youtube_set_quota_exceeded (fixture->fake, TRUE);
  fixture->source = make_source (fixture);
  sc_chat_source_start (fixture->source);
  WAIT_FOR (fixture->problems->len >= 1, 10);

  problem = problem_at (fixture, 0);
  g_assert_error (problem, SC_CHAT_ERROR, SC_CHAT_ERROR_QUOTA);
  g_assert_nonnull (strstr (problem->message,
                            "YouTube's daily quota for this API key is used up"));
  g_assert_nonnull (strstr (problem->message, "chat will be retried in 1 second"));
  g_assert_cmpint (state_of (fixture), ==, SC_CHAT_SOURCE_STATE_FAILED);
  g_assert_cmpuint (sc_fake_youtube_get_request (fixture->fake, 0)->status, ==, 403);

  /* The quota resets; the source comes back by itself after quota-retry-s. */
  sc_fake_youtube_set_quota_exceeded (fixture->fake, FALSE);
  WAIT_FOR (state_of (fixture) == SC_CHAT_SOURCE_STATE_CONNECTED, 10);
  g_assert_cmpuint (n_requests (fixture), ==, 2);
  g_assert_cmpfloat (gap_s (fixture, 1), >=, 0.5);

  sc_fake_youtube_add_text (fixture->fake, "Maya", SC_FAKE_YOUTUBE_AUTHOR_NONE, "back again");
  WAIT_FOR (fixture->messages->len >= 1, 10);
  g_assert_cmpuint (fixture->problems->len, ==, 1);
}

static void
test_quota_message (Fixture       *fixture,
                    gconstpointer  data)
{
  start_connected (fixture);
  g_object_set (fixture->source, "quota-retry-s", 15 * 60.0, NULL);
  sc_fake_youtube_fail_next (fixture->fake, SC_FAKE_YOUTUBE_QUOTA_EXCEEDED, 1);
  WAIT_FOR (fixture->problems->len >= 1, 10);

  g_assert_error (problem_at (fixture, 0), SC_CHAT_ERROR, SC_CHAT_ERROR_QUOTA);
  g_assert_cmpstr (problem_at (fixture, 0)->message, ==,
                   "YouTube's daily quota for this API key is used up; "
                   "chat will be retried in 15 minutes");
  g_assert_cmpint (state_of (fixture), ==, SC_CHAT_SOURCE_STATE_FAILED);
}

/* rateLimitExceeded means "polled sooner than pollingIntervalMillis", not
 * "quota used up": the source waits the interval and goes on, it does not
 * fail for quota-retry-s. */
static void
test_rate_limited (Fixture       *fixture,
                   gconstpointer  data)
{
  guint first;

  sc_fake_youtube_set_polling_interval (fixture->fake, 300);
  start_connected (fixture);
  g_object_set (fixture->source, "quota-retry-s", 15 * 60.0, NULL);
  first = n_requests (fixture);
  sc_fake_youtube_fail_next (fixture->fake, SC_FAKE_YOUTUBE_RATE_LIMITED, 2);
  WAIT_FOR (n_requests (fixture) >= first + 3, 10);

  g_assert_cmpuint (sc_fake_youtube_get_request (fixture->fake, first)->status, ==, 403);
  g_assert_cmpuint (sc_fake_youtube_get_request (fixture->fake, first + 1)->status, ==, 403);
  g_assert_cmpuint (sc_fake_youtube_get_request (fixture->fake, first + 2)->status, ==, 200);
  /* Each retry waited the interval YouTube asked for, no less. */
  g_assert_cmpfloat (gap_s (fixture, first + 1), >=, 0.3);
  g_assert_cmpfloat (gap_s (fixture, first + 2), >=, 0.3);
  g_assert_cmpuint (fixture->problems->len, ==, 0);
  g_assert_false (saw_state (fixture, SC_CHAT_SOURCE_STATE_FAILED));
  g_assert_cmpint (state_of (fixture), ==, SC_CHAT_SOURCE_STATE_CONNECTED);

  sc_fake_youtube_add_text (fixture->fake, "Maya", SC_FAKE_YOUTUBE_AUTHOR_NONE, "still here");
  WAIT_FOR (fixture->messages->len >= 1, 10);
  g_assert_cmpstr (sc_chat_message_get_text (message_at (fixture, 0)), ==, "still here");
  g_assert_cmpuint (fixture->problems->len, ==, 0);
}

static void
test_auth (Fixture       *fixture,
           gconstpointer  data)
{
  const char *tokens[] = { WRONG_TOKEN, NULL };
  const char *keys[] = { API_KEY, WRONG_KEY };

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      GError *problem;
      guint first = n_requests (fixture);

      g_clear_object (&fixture->source);
      g_ptr_array_set_size (fixture->problems, 0);
      g_free (fixture->config->oauth_token);
      fixture->config->oauth_token = g_strdup (tokens[i]);
      g_free (fixture->config->api_key);
      fixture->config->api_key = g_strdup (keys[i]);

      fixture->source = make_source (fixture);
      sc_chat_source_start (fixture->source);
      WAIT_FOR (fixture->problems->len >= 1, 10);
      problem = problem_at (fixture, 0);
      g_assert_error (problem, SC_CHAT_ERROR, SC_CHAT_ERROR_AUTH);
      g_assert_nonnull (strstr (problem->message, "check your API key or sign-in"));
      g_assert_null (strstr (problem->message, WRONG_KEY));
      g_assert_null (strstr (problem->message, WRONG_TOKEN));
      g_assert_cmpint (state_of (fixture), ==, SC_CHAT_SOURCE_STATE_FAILED);
      g_assert_cmpuint (sc_fake_youtube_get_request (fixture->fake, first)->status, ==,
                        i == 0 ? 401 : 400);

      /* Retried, but only after the longest backoff. */
      WAIT_FOR (n_requests (fixture) >= first + 2, 10);
      g_assert_cmpfloat (gap_s (fixture, first + 1), >=, fixture->config->reconnect_max_s);
    }

  /* 403 forbidden is a refusal of the credentials too. */
  g_clear_object (&fixture->source);
  g_ptr_array_set_size (fixture->problems, 0);
  g_clear_pointer (&fixture->config->oauth_token, g_free);
  g_free (fixture->config->api_key);
  fixture->config->api_key = g_strdup (API_KEY);
  start_connected (fixture);
  sc_fake_youtube_fail_next (fixture->fake, SC_FAKE_YOUTUBE_FORBIDDEN, 1);
  WAIT_FOR (fixture->problems->len >= 1, 10);
  g_assert_error (problem_at (fixture, 0), SC_CHAT_ERROR, SC_CHAT_ERROR_AUTH);
  WAIT_FOR (state_of (fixture) == SC_CHAT_SOURCE_STATE_CONNECTED, 10);
}

static void
test_not_found (Fixture       *fixture,
                gconstpointer  data)
{
  g_free (fixture->config->live_chat_id);
  fixture->config->live_chat_id = g_strdup ("no-such-chat");
  fixture->source = make_source (fixture);
  sc_chat_source_start (fixture->source);
  WAIT_FOR (fixture->problems->len >= 1, 10);

  g_assert_error (problem_at (fixture, 0), SC_CHAT_ERROR, SC_CHAT_ERROR_NOT_FOUND);
  g_assert_cmpint (state_of (fixture), ==, SC_CHAT_SOURCE_STATE_FAILED);
  g_assert_cmpuint (sc_fake_youtube_get_request (fixture->fake, 0)->status, ==, 404);
}

static void
test_server_error (Fixture       *fixture,
                   gconstpointer  data)
{
  sc_fake_youtube_fail_next (fixture->fake, SC_FAKE_YOUTUBE_SERVER_ERROR, 3);
  fixture->source = make_source (fixture);
  sc_chat_source_start (fixture->source);
  WAIT_FOR (state_of (fixture) == SC_CHAT_SOURCE_STATE_CONNECTED, 10);

  g_assert_true (saw_state (fixture, SC_CHAT_SOURCE_STATE_RECONNECTING));
  g_assert_cmpuint (n_requests (fixture), ==, 4);
  /* 0.1 s, doubled each time, up to reconnect_max_s, less at most the 10 %
   * of jitter (SC_BACKOFF_DEFAULT_JITTER). */
  g_assert_cmpfloat (gap_s (fixture, 1), >=, 0.09);
  g_assert_cmpfloat (gap_s (fixture, 2), >=, 0.18);
  g_assert_cmpfloat (gap_s (fixture, 3), >=, 0.36);
  /* One problem for the whole outage. */
  g_assert_cmpuint (fixture->problems->len, ==, 1);
  g_assert_error (problem_at (fixture, 0), SC_CHAT_ERROR, SC_CHAT_ERROR_NETWORK);

  sc_fake_youtube_add_text (fixture->fake, "Maya", SC_FAKE_YOUTUBE_AUTHOR_NONE, "still here");
  WAIT_FOR (fixture->messages->len >= 1, 10);
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  fixture->source = make_source (fixture);
  g_object_set (fixture->source, "timeout-s", 1, NULL);
  sc_fake_youtube_delay_next (fixture->fake, 1, 3000);
  sc_chat_source_start (fixture->source);
  WAIT_FOR (state_of (fixture) == SC_CHAT_SOURCE_STATE_RECONNECTING, 10);

  g_assert_cmpuint (fixture->problems->len, ==, 1);
  g_assert_error (problem_at (fixture, 0), SC_CHAT_ERROR, SC_CHAT_ERROR_NETWORK);
  WAIT_FOR (state_of (fixture) == SC_CHAT_SOURCE_STATE_CONNECTED, 10);

  sc_fake_youtube_add_text (fixture->fake, "Maya", SC_FAKE_YOUTUBE_AUTHOR_NONE, "made it");
  WAIT_FOR (fixture->messages->len >= 1, 10);
}

static void
test_malformed_json (Fixture       *fixture,
                     gconstpointer  data)
{
  start_connected (fixture);
  sc_fake_youtube_fail_next (fixture->fake, SC_FAKE_YOUTUBE_MALFORMED_JSON, 1);
  WAIT_FOR (fixture->problems->len >= 1, 10);

  g_assert_error (problem_at (fixture, 0), SC_CHAT_ERROR, SC_CHAT_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (problem_at (fixture, 0)->message, " at $ "));

  sc_fake_youtube_add_text (fixture->fake, "Maya", SC_FAKE_YOUTUBE_AUTHOR_NONE, "after it");
  WAIT_FOR (fixture->messages->len >= 1, 10);
  g_assert_cmpstr (sc_chat_message_get_text (message_at (fixture, 0)), ==, "after it");
  g_assert_cmpuint (fixture->problems->len, ==, 1);
}

/* 75 KB of "[" overflowed the stack inside json-glib. */
static void
test_deep_json (Fixture       *fixture,
                gconstpointer  data)
{
  start_connected (fixture);
  sc_fake_youtube_fail_next (fixture->fake, SC_FAKE_YOUTUBE_DEEP_JSON, 1);
  WAIT_FOR (fixture->problems->len >= 1, 10);

  g_assert_error (problem_at (fixture, 0), SC_CHAT_ERROR, SC_CHAT_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (problem_at (fixture, 0)->message, "nested deeper than 64 levels"));

  sc_fake_youtube_add_text (fixture->fake, "Maya", SC_FAKE_YOUTUBE_AUTHOR_NONE, "after it");
  WAIT_FOR (fixture->messages->len >= 1, 10);
  g_assert_cmpstr (sc_chat_message_get_text (message_at (fixture, 0)), ==, "after it");
  g_assert_cmpuint (fixture->problems->len, ==, 1);
}

/* The API key goes in every request: never in clear to another computer. */
static void
test_plain_http_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  static const struct { ScChatKind kind; const char *url; gboolean ok; } cases[] = {
    { SC_CHAT_KIND_YOUTUBE, "https://www.googleapis.com/youtube/v3", TRUE },
    { SC_CHAT_KIND_YOUTUBE, "http://127.0.0.1:8080/youtube/v3", TRUE },
    { SC_CHAT_KIND_YOUTUBE, "http://localhost/youtube/v3", TRUE },
    { SC_CHAT_KIND_YOUTUBE, "http://[::1]:8080/youtube/v3", TRUE },
    { SC_CHAT_KIND_YOUTUBE, NULL, TRUE },
    { SC_CHAT_KIND_YOUTUBE, "http://www.googleapis.com/youtube/v3", FALSE },
    { SC_CHAT_KIND_YOUTUBE, "http://192.0.2.1/youtube/v3?key=" API_KEY, FALSE },
    { SC_CHAT_KIND_YOUTUBE, "ftp://www.googleapis.com/youtube/v3", FALSE },
    { SC_CHAT_KIND_YOUTUBE, "wss://www.googleapis.com/youtube/v3", FALSE },
    { SC_CHAT_KIND_TWITCH, "wss://irc-ws.chat.twitch.tv:443", TRUE },
    { SC_CHAT_KIND_TWITCH, "ws://127.0.0.1:6667", TRUE },
    { SC_CHAT_KIND_TWITCH, "ws://irc-ws.chat.twitch.tv:80", FALSE },
    { SC_CHAT_KIND_TWITCH, "https://irc-ws.chat.twitch.tv", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = sc_chat_source_check_url (cases[i].kind, cases[i].url, &error);

      g_test_message ("%s", cases[i].url ? cases[i].url : "(default)");
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        {
          g_assert_no_error (error);
          continue;
        }
      g_assert_error (error, SC_CHAT_ERROR, SC_CHAT_ERROR_INVALID_DATA);
      g_assert_null (strstr (error->message, API_KEY));
    }

  /* The source itself refuses too, before any request. */
  g_free (fixture->config->url);
  fixture->config->url = g_strdup ("http://192.0.2.1/youtube/v3");
  fixture->source = make_source (fixture);
  sc_chat_source_start (fixture->source);
  g_assert_cmpint (state_of (fixture), ==, SC_CHAT_SOURCE_STATE_FAILED);
  g_assert_cmpuint (fixture->problems->len, ==, 1);
  g_assert_error (problem_at (fixture, 0), SC_CHAT_ERROR, SC_CHAT_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (problem_at (fixture, 0)->message, "https://"));
  g_assert_cmpuint (sc_fake_youtube_get_request_count (fixture->fake), ==, 0);
}

static void
test_wrong_type (Fixture       *fixture,
                 gconstpointer  data)
{
  start_connected (fixture);

  sc_fake_youtube_add_text (fixture->fake, "Maya", SC_FAKE_YOUTUBE_AUTHOR_NONE, "first");
  sc_fake_youtube_add_text (fixture->fake, "Tom", SC_FAKE_YOUTUBE_AUTHOR_NONE, "broken");
  sc_fake_youtube_add_text (fixture->fake, "Lena", SC_FAKE_YOUTUBE_AUTHOR_NONE, "third");
  sc_fake_youtube_corrupt_next (fixture->fake, "items.1.snippet.publishedAt", "42");
  WAIT_FOR (fixture->problems->len >= 1, 10);

  g_assert_error (problem_at (fixture, 0), SC_CHAT_ERROR, SC_CHAT_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (problem_at (fixture, 0)->message,
                            "$.items[1].snippet.publishedAt"));
  g_assert_cmpuint (fixture->messages->len, ==, 2);
  g_assert_cmpstr (sc_chat_message_get_text (message_at (fixture, 0)), ==, "first");
  g_assert_cmpstr (sc_chat_message_get_text (message_at (fixture, 1)), ==, "third");

  /* A missing member, and a bad top-level value, are named the same way. */
  sc_fake_youtube_add_text (fixture->fake, "Sofia", SC_FAKE_YOUTUBE_AUTHOR_NONE, "no author");
  sc_fake_youtube_corrupt_next (fixture->fake, "items.0.authorDetails", NULL);
  WAIT_FOR (fixture->problems->len >= 2, 10);
  g_assert_nonnull (strstr (problem_at (fixture, 1)->message, "$.items[0].authorDetails"));

  sc_fake_youtube_corrupt_next (fixture->fake, "pollingIntervalMillis", "\"soon\"");
  WAIT_FOR (fixture->problems->len >= 3, 10);
  g_assert_nonnull (strstr (problem_at (fixture, 2)->message, "$.pollingIntervalMillis"));

  /* Polling goes on. */
  sc_fake_youtube_add_text (fixture->fake, "Karim", SC_FAKE_YOUTUBE_AUTHOR_NONE, "fine again");
  WAIT_FOR (fixture->messages->len >= 3, 10);
  g_assert_cmpstr (sc_chat_message_get_text (message_at (fixture, 2)), ==, "fine again");
  g_assert_cmpuint (fixture->problems->len, ==, 3);
  g_assert_cmpint (state_of (fixture), ==, SC_CHAT_SOURCE_STATE_CONNECTED);
}

static void
test_offline (Fixture       *fixture,
              gconstpointer  data)
{
  guint count;

  start_connected (fixture);
  sc_fake_youtube_add_text (fixture->fake, "Maya", SC_FAKE_YOUTUBE_AUTHOR_NONE, "bye!");
  sc_fake_youtube_set_offline (fixture->fake);
  WAIT_FOR (state_of (fixture) == SC_CHAT_SOURCE_STATE_STOPPED, 10);

  /* The last page is still read. */
  g_assert_cmpuint (fixture->messages->len, ==, 1);
  g_assert_cmpuint (fixture->problems->len, ==, 1);
  g_assert_nonnull (strstr (problem_at (fixture, 0)->message, "live chat has ended"));
  count = n_requests (fixture);
  spin (0.3);
  g_assert_cmpuint (n_requests (fixture), ==, count);
}

static void
test_chat_ended (Fixture       *fixture,
                 gconstpointer  data)
{
  guint count;

  start_connected (fixture);
  sc_fake_youtube_fail_next (fixture->fake, SC_FAKE_YOUTUBE_CHAT_ENDED, 1);
  WAIT_FOR (state_of (fixture) == SC_CHAT_SOURCE_STATE_STOPPED, 10);

  g_assert_cmpuint (fixture->problems->len, ==, 1);
  g_assert_nonnull (strstr (problem_at (fixture, 0)->message, "live chat has ended"));
  count = n_requests (fixture);
  spin (0.3);
  g_assert_cmpuint (n_requests (fixture), ==, count);
}

static void
test_secrets_not_logged (Fixture       *fixture,
                         gconstpointer  data)
{
  gboolean saw_request = FALSE;

  g_ptr_array_set_size (log_lines, 0);

  /* Through every path that logs: requests, history, quota, 5xx, bad data,
   * a refused key, a refused token. */
  start_connected (fixture);
  sc_fake_youtube_fail_next (fixture->fake, SC_FAKE_YOUTUBE_QUOTA_EXCEEDED, 1);
  sc_fake_youtube_fail_next (fixture->fake, SC_FAKE_YOUTUBE_SERVER_ERROR, 1);
  sc_fake_youtube_fail_next (fixture->fake, SC_FAKE_YOUTUBE_MALFORMED_JSON, 1);
  WAIT_FOR (fixture->problems->len >= 3, 10);
  sc_fake_youtube_add_text (fixture->fake, "Maya", SC_FAKE_YOUTUBE_AUTHOR_NONE, "hi");
  WAIT_FOR (fixture->messages->len >= 1, 10);

  g_clear_object (&fixture->source);
  g_free (fixture->config->api_key);
  fixture->config->api_key = g_strdup (WRONG_KEY);
  fixture->source = make_source (fixture);
  sc_chat_source_start (fixture->source);
  WAIT_FOR (fixture->problems->len >= 4, 10);

  g_clear_object (&fixture->source);
  fixture->config->oauth_token = g_strdup (WRONG_TOKEN);
  fixture->source = make_source (fixture);
  sc_chat_source_start (fixture->source);
  WAIT_FOR (fixture->problems->len >= 5, 10);

  for (guint i = 0; i < log_lines->len; i++)
    {
      const char *line = g_ptr_array_index (log_lines, i);

      g_assert_null (strstr (line, API_KEY));
      g_assert_null (strstr (line, WRONG_KEY));
      g_assert_null (strstr (line, OAUTH_TOKEN));
      g_assert_null (strstr (line, WRONG_TOKEN));
      if (strstr (line, "/liveChat/messages?") != NULL && strstr (line, "key=[redacted]"))
        saw_request = TRUE;
    }
  /* The capture did see the source's request lines. */
  g_assert_true (saw_request);

  for (guint i = 0; i < fixture->problems->len; i++)
    {
      const char *message = problem_at (fixture, i)->message;

      g_assert_null (strstr (message, WRONG_KEY));
      g_assert_null (strstr (message, WRONG_TOKEN));
    }
}

static void
test_text_as_typed (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *texts[] = {
    "مرحبا بالجميع، هل يتوفر بمقاس كبير؟",
    "送料はいくらですか？",
    "Привет! Сколько стоит доставка?",
    "<b>is this real?</b> & <i>more</i> &amp;",
    "love it 😍🔥 שלום",
  };

  start_connected (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    sc_fake_youtube_add_text (fixture->fake, i == 0 ? "كريم" : "Yuki",
                              SC_FAKE_YOUTUBE_AUTHOR_NONE, texts[i]);
  WAIT_FOR (fixture->messages->len >= G_N_ELEMENTS (texts), 10);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_assert_cmpstr (sc_chat_message_get_text (message_at (fixture, i)), ==, texts[i]);
  g_assert_cmpstr (sc_chat_message_get_author (message_at (fixture, 0)), ==, "كريم");
  g_assert_cmpuint (fixture->problems->len, ==, 0);
}

static void
test_stop_and_dispose (Fixture       *fixture,
                       gconstpointer  data)
{
  guint count;

  /* Stopped while a request is in flight: its answer is dropped. */
  sc_fake_youtube_delay_next (fixture->fake, 1, 300);
  fixture->source = make_source (fixture);
  sc_chat_source_start (fixture->source);
  WAIT_FOR (n_requests (fixture) >= 1, 10);
  sc_chat_source_stop (fixture->source);
  g_assert_cmpint (state_of (fixture), ==, SC_CHAT_SOURCE_STATE_STOPPED);
  count = n_requests (fixture);
  sc_fake_youtube_add_text (fixture->fake, "Maya", SC_FAKE_YOUTUBE_AUTHOR_NONE, "unheard");
  spin (0.6);
  g_assert_cmpuint (n_requests (fixture), ==, count);
  g_assert_false (saw_state (fixture, SC_CHAT_SOURCE_STATE_CONNECTED));
  g_assert_cmpint (state_of (fixture), ==, SC_CHAT_SOURCE_STATE_STOPPED);

  /* Started again, it reads from the present on: "unheard" is history. */
  sc_chat_source_start (fixture->source);
  WAIT_FOR (state_of (fixture) == SC_CHAT_SOURCE_STATE_CONNECTED, 10);
  sc_fake_youtube_add_text (fixture->fake, "Maya", SC_FAKE_YOUTUBE_AUTHOR_NONE, "heard");
  WAIT_FOR (fixture->messages->len >= 1, 10);
  g_assert_cmpstr (sc_chat_message_get_text (message_at (fixture, 0)), ==, "heard");

  /* Disposed with an answer on its way. */
  sc_fake_youtube_delay_next (fixture->fake, 1, 500);
  count = n_requests (fixture);
  WAIT_FOR (n_requests (fixture) > count, 10);
  g_clear_object (&fixture->source);
  count = n_requests (fixture);
  spin (1.0);
  g_assert_cmpuint (n_requests (fixture), ==, count);
}

static void
add_test (const char *path,
          void      (*test) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, test, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  log_lines = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

  add_test ("/chat/youtube/backlog-not-replayed", test_backlog_not_replayed);
  add_test ("/chat/youtube/paging", test_paging);
  add_test ("/chat/youtube/polling-interval", test_polling_interval);
  add_test ("/chat/youtube/polling-floor", test_polling_floor);
  add_test ("/chat/youtube/default-floor", test_default_floor);
  add_test ("/chat/youtube/super-chat", test_super_chat);
  add_test ("/chat/youtube/message-deleted", test_message_deleted);
  add_test ("/chat/youtube/user-banned", test_user_banned);
  add_test ("/chat/youtube/badges", test_badges);
  add_test ("/chat/youtube/api-key", test_api_key);
  add_test ("/chat/youtube/oauth-token", test_oauth_token);
  add_test ("/chat/youtube/quota-exceeded", test_quota_exceeded);
  add_test ("/chat/youtube/quota-message", test_quota_message);
  add_test ("/chat/youtube/rate-limited", test_rate_limited);
  add_test ("/chat/youtube/auth", test_auth);
  add_test ("/chat/youtube/not-found", test_not_found);
  add_test ("/chat/youtube/server-error", test_server_error);
  add_test ("/chat/youtube/timeout", test_timeout);
  add_test ("/chat/youtube/malformed-json", test_malformed_json);
  add_test ("/chat/youtube/wrong-type", test_wrong_type);
  add_test ("/chat/youtube/offline", test_offline);
  add_test ("/chat/youtube/chat-ended", test_chat_ended);
  add_test ("/chat/youtube/secrets-not-logged", test_secrets_not_logged);
  add_test ("/chat/youtube/text-as-typed", test_text_as_typed);
  add_test ("/chat/youtube/stop-and-dispose", test_stop_and_dispose);
  add_test ("/chat/youtube/bad/deep-json", test_deep_json);
  add_test ("/chat/youtube/plain-http-refused", test_plain_http_refused);

  return g_test_run ();
}
