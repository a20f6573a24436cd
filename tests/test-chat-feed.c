/* test-chat-feed.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "chat/sc-chat-feed.h"

/* ---- a source the test drives by hand ---------------------------------- */

#define SC_TYPE_TEST_SOURCE (sc_test_source_get_type ())
G_DECLARE_FINAL_TYPE (ScTestSource, sc_test_source, SC, TEST_SOURCE, GObject)

struct _ScTestSource
{
  GObject            parent_instance;
  char              *platform;
  ScChatSourceState  state;
};

static void test_source_iface_init (ScChatSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScTestSource, sc_test_source, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SC_TYPE_CHAT_SOURCE,
                                                      test_source_iface_init))

enum {
  PROP_0,
  PROP_STATE,
};

static const char *
test_source_get_platform (ScChatSource *source)
{
  return SC_TEST_SOURCE (source)->platform;
}

static void
test_source_start (ScChatSource *source)
{
  SC_TEST_SOURCE (source)->state = SC_CHAT_SOURCE_STATE_CONNECTED;
  sc_chat_source_notify_state (source);
}

static void
test_source_stop (ScChatSource *source)
{
  SC_TEST_SOURCE (source)->state = SC_CHAT_SOURCE_STATE_STOPPED;
  sc_chat_source_notify_state (source);
}

static ScChatSourceState
test_source_get_state (ScChatSource *source)
{
  return SC_TEST_SOURCE (source)->state;
}

static void
test_source_iface_init (ScChatSourceInterface *iface)
{
  iface->get_platform = test_source_get_platform;
  iface->start = test_source_start;
  iface->stop = test_source_stop;
  iface->get_state = test_source_get_state;
}

static void
sc_test_source_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  g_assert_cmpuint (prop_id, ==, PROP_STATE);
  g_value_set_int (value, SC_TEST_SOURCE (object)->state);
}

static void
sc_test_source_finalize (GObject *object)
{
  g_free (SC_TEST_SOURCE (object)->platform);
  G_OBJECT_CLASS (sc_test_source_parent_class)->finalize (object);
}

static void
sc_test_source_class_init (ScTestSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = sc_test_source_get_property;
  object_class->finalize = sc_test_source_finalize;
  g_object_class_override_property (object_class, PROP_STATE, "state");
}

static void
sc_test_source_init (ScTestSource *self)
{
}

static ScTestSource *
test_source_new (const char *platform)
{
  ScTestSource *self = g_object_new (SC_TYPE_TEST_SOURCE, NULL);

  self->platform = g_strdup (platform);
  return self;
}

/* Messages that are still alive anywhere: the memory bound is about them. */
static guint live_messages;

static void
message_finalized (gpointer  data,
                   GObject  *where_the_object_was)
{
  live_messages--;
}

/* @ms: milliseconds into the show. */
static ScChatMessage *
make_message (const char *platform,
              const char *id,
              const char *author,
              const char *text,
              gint64      ms)
{
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (1764100000);
  g_autoptr(GDateTime) time = g_date_time_add (start, ms * G_TIME_SPAN_MILLISECOND);
  ScChatMessage *message = sc_chat_message_new (platform, id, author, NULL, text, time);

  live_messages++;
  g_object_weak_ref (G_OBJECT (message), message_finalized, NULL);
  return message;
}

static void
push (ScTestSource *source,
      const char   *id,
      const char   *author,
      const char   *text,
      gint64        ms)
{
  g_autoptr(ScChatMessage) message = make_message (source->platform, id, author, text, ms);

  sc_chat_source_emit_message (SC_CHAT_SOURCE (source), message);
}

/* ---- what the feed tells -------------------------------------------------- */

/* Everything the feed emitted, and a mirror of the model rebuilt from
 * items-changed alone, as a list view would. */
typedef struct {
  ScChatFeed *feed;
  GPtrArray  *mirror;    /* ScChatMessage */
  GString    *added;     /* "id id …" */
  GString    *removed;
  GString    *blocked;   /* "id:reason …" */
  guint       cleared;
} Recorder;

static void
append_word (GString    *string,
             const char *word)
{
  if (string->len > 0)
    g_string_append_c (string, ' ');
  g_string_append (string, word);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Recorder   *recorder)
{
  g_assert_cmpuint (position + removed, <=, recorder->mirror->len);
  g_ptr_array_remove_range (recorder->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (recorder->mirror, position + i,
                        g_list_model_get_item (model, position + i));
  g_assert_cmpuint (recorder->mirror->len, ==, g_list_model_get_n_items (model));
}

static void
on_message_added (ScChatFeed    *feed,
                  ScChatMessage *message,
                  Recorder      *recorder)
{
  append_word (recorder->added, sc_chat_message_get_id (message));
}

static void
on_message_removed (ScChatFeed *feed,
                    const char *id,
                    Recorder   *recorder)
{
  append_word (recorder->removed, id);
}

static void
on_message_blocked (ScChatFeed    *feed,
                    ScChatMessage *message,
                    const char    *reason,
                    Recorder      *recorder)
{
  g_autofree char *entry = g_strdup_printf ("%s:%s", sc_chat_message_get_id (message), reason);

  append_word (recorder->blocked, entry);
}

static void
on_cleared (ScChatFeed *feed,
            Recorder   *recorder)
{
  recorder->cleared++;
}

static void
recorder_init (Recorder   *recorder,
               ScChatFeed *feed)
{
  recorder->feed = feed;
  recorder->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  recorder->added = g_string_new (NULL);
  recorder->removed = g_string_new (NULL);
  recorder->blocked = g_string_new (NULL);
  recorder->cleared = 0;
  g_signal_connect (feed, "items-changed", G_CALLBACK (on_items_changed), recorder);
  g_signal_connect (feed, "message-added", G_CALLBACK (on_message_added), recorder);
  g_signal_connect (feed, "message-removed", G_CALLBACK (on_message_removed), recorder);
  g_signal_connect (feed, "message-blocked", G_CALLBACK (on_message_blocked), recorder);
  g_signal_connect (feed, "cleared", G_CALLBACK (on_cleared), recorder);
}

static void
recorder_clear (Recorder *recorder)
{
  g_signal_handlers_disconnect_by_data (recorder->feed, recorder);
  g_ptr_array_unref (recorder->mirror);
  g_string_free (recorder->added, TRUE);
  g_string_free (recorder->removed, TRUE);
  g_string_free (recorder->blocked, TRUE);
}

static void
recorder_reset (Recorder *recorder)
{
  g_string_truncate (recorder->added, 0);
  g_string_truncate (recorder->removed, 0);
  g_string_truncate (recorder->blocked, 0);
  recorder->cleared = 0;
}

/* The model's ids in order, checked against the mirror on the way. */
static char *
model_ids (Recorder *recorder)
{
  GListModel *model = G_LIST_MODEL (recorder->feed);
  GString *ids = g_string_new (NULL);
  guint n = g_list_model_get_n_items (model);

  g_assert_cmpuint (n, ==, recorder->mirror->len);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScChatMessage) message = g_list_model_get_item (model, i);

      g_assert_true (message == g_ptr_array_index (recorder->mirror, i));
      append_word (ids, sc_chat_message_get_id (message));
    }
  g_assert_null (g_list_model_get_item (model, n));
  return g_string_free (ids, FALSE);
}

#define assert_model(recorder, expected) \
  G_STMT_START { \
    g_autofree char *ids_ = model_ids (recorder); \
    g_assert_cmpstr (ids_, ==, expected); \
  } G_STMT_END

/* ---- tests --------------------------------------------------------------- */

static void
test_merge (void)
{
  g_autoptr(ScChatFeed) feed = sc_chat_feed_new (0);
  g_autoptr(ScTestSource) twitch = test_source_new ("twitch");
  g_autoptr(ScTestSource) youtube = test_source_new ("youtube");
  Recorder recorder;

  g_assert_cmpuint (sc_chat_feed_get_capacity (feed), ==, SC_CHAT_FEED_DEFAULT_CAPACITY);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (feed)) == SC_TYPE_CHAT_MESSAGE);
  recorder_init (&recorder, feed);
  sc_chat_feed_add_source (feed, SC_CHAT_SOURCE (twitch));
  sc_chat_feed_add_source (feed, SC_CHAT_SOURCE (youtube));
  /* Adding twice does not deliver twice. */
  sc_chat_feed_add_source (feed, SC_CHAT_SOURCE (twitch));

  push (twitch, "t1", "Maya", "hi", 1000);
  push (youtube, "y1", "Tom", "hello", 2000);
  push (twitch, "t2", "Maya", "sold a1", 3000);
  /* YouTube polls: its message from 1.5 s arrives after Twitch's from 3 s. */
  push (youtube, "y2", "Lena", "late", 1500);
  /* Same time: arrival order. */
  push (youtube, "y3", "Lena", "tie", 3000);
  push (twitch, "t3", "Maya", "older than all", 500);

  assert_model (&recorder, "t3 t1 y2 y1 t2 y3");
  g_assert_cmpstr (recorder.added->str, ==, "t1 y1 t2 y2 y3 t3");
  g_assert_cmpstr (recorder.removed->str, ==, "");

  /* A removed source is no longer heard; its messages stay. */
  sc_chat_feed_remove_source (feed, SC_CHAT_SOURCE (youtube));
  push (youtube, "y4", "Tom", "gone", 4000);
  assert_model (&recorder, "t3 t1 y2 y1 t2 y3");

  recorder_clear (&recorder);
}

static void
test_blocked_words (void)
{
  g_autoptr(ScChatFeed) feed = sc_chat_feed_new (100);
  g_autoptr(ScTestSource) twitch = test_source_new ("twitch");
  const char *words[] = { "Crème", "free money", "💩", "詐欺", "  ", NULL };
  g_autoptr(ScChatMessage) probe = NULL;
  Recorder recorder;

  recorder_init (&recorder, feed);
  sc_chat_feed_add_source (feed, SC_CHAT_SOURCE (twitch));
  sc_chat_feed_set_blocked_words (feed, words);
  g_assert_cmpstrv (sc_chat_feed_get_blocked_words (feed), words);

  push (twitch, "1", "a", "creme brulee tonight", 1);
  push (twitch, "2", "a", "CRÈME!", 2);
  push (twitch, "3", "a", "ｃｒｅｍｅ please", 3);
  push (twitch, "4", "a", "cr\u200beme", 4);
  push (twitch, "5", "a", "Cre\xcc\x80me", 5);           /* decomposed accent */
  push (twitch, "6", "a", "cremes and screme", 6);        /* not the whole word */
  push (twitch, "7", "a", "get FREE   money now", 7);
  push (twitch, "8", "a", "free shipping, money back", 8);
  push (twitch, "9", "a", "lol💩", 9);
  push (twitch, "10", "a", "これは詐欺です", 10);
  push (twitch, "11", "a", "a creme-colored scarf", 11);
  push (twitch, "12", "a", "moneyfree free-money", 12);

  g_assert_cmpstr (recorder.blocked->str, ==,
                   "1:blocked-word 2:blocked-word 3:blocked-word 4:blocked-word "
                   "5:blocked-word 7:blocked-word 9:blocked-word 10:blocked-word "
                   "11:blocked-word 12:blocked-word");
  g_assert_cmpstr (recorder.added->str, ==, "6 8");
  assert_model (&recorder, "6 8");

  probe = make_message ("twitch", "x", "b", "CREME", 20);
  g_assert_false (sc_chat_feed_is_allowed (feed, probe));

  recorder_clear (&recorder);
}

static void
test_blocked_authors (void)
{
  g_autoptr(ScChatFeed) feed = sc_chat_feed_new (100);
  g_autoptr(ScTestSource) twitch = test_source_new ("twitch");
  g_autoptr(ScTestSource) youtube = test_source_new ("youtube");
  const char *authors[] = { "@TrollKing", "Zoë", NULL };
  g_auto(GStrv) property = NULL;
  Recorder recorder;

  recorder_init (&recorder, feed);
  sc_chat_feed_add_source (feed, SC_CHAT_SOURCE (twitch));
  sc_chat_feed_add_source (feed, SC_CHAT_SOURCE (youtube));
  g_object_set (feed, "blocked-authors", authors, NULL);
  g_object_get (feed, "blocked-authors", &property, NULL);
  g_assert_cmpstrv (property, authors);

  push (twitch, "1", "trollking", "hi", 1);
  push (youtube, "2", "TROLLKING", "hi", 2);
  push (twitch, "3", "ZOE", "hi", 3);
  push (twitch, "4", "Zoey", "hi", 4);
  push (twitch, "5", "Maya", "trollking is here", 5);
  push (youtube, "6", "ｚｏë", "hi", 6);

  g_assert_cmpstr (recorder.blocked->str, ==,
                   "1:blocked-author 2:blocked-author 3:blocked-author 6:blocked-author");
  assert_model (&recorder, "4 5");

  recorder_clear (&recorder);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_block_later (void)
{
  g_autoptr(ScChatFeed) feed = sc_chat_feed_new (100);
  g_autoptr(ScTestSource) twitch = test_source_new ("twitch");
  const char *words[] = { "SPOILER", NULL };
  const char *authors[] = { "Spammer", NULL };
  guint notified = 0;
  Recorder recorder;

  recorder_init (&recorder, feed);
  sc_chat_feed_add_source (feed, SC_CHAT_SOURCE (twitch));
  g_signal_connect (feed, "notify::blocked-words", G_CALLBACK (on_notify), &notified);

  push (twitch, "1", "Maya", "hello", 1);
  push (twitch, "2", "Tom", "Spoiler: the candle sells out", 2);
  push (twitch, "3", "spammer", "buy followers", 3);
  push (twitch, "4", "Lena", "no spoilers please", 4);
  push (twitch, "5", "Tom", "big spoiler", 5);
  assert_model (&recorder, "1 2 3 4 5");

  sc_chat_feed_set_blocked_words (feed, words);
  g_assert_cmpstr (recorder.removed->str, ==, "2 5");
  assert_model (&recorder, "1 3 4");
  g_assert_cmpuint (notified, ==, 1);
  /* The same list again changes nothing. */
  sc_chat_feed_set_blocked_words (feed, words);
  g_assert_cmpuint (notified, ==, 1);

  sc_chat_feed_set_blocked_authors (feed, authors);
  g_assert_cmpstr (recorder.removed->str, ==, "2 5 3");
  assert_model (&recorder, "1 4");

  push (twitch, "6", "Ben", "SPOILER again", 6);
  g_assert_cmpstr (recorder.blocked->str, ==, "6:blocked-word");

  /* Unblocking lets new messages through; removed ones stay removed. */
  sc_chat_feed_set_blocked_words (feed, NULL);
  g_assert_cmpuint (notified, ==, 2);
  push (twitch, "7", "Ben", "spoiler is fine now", 7);
  assert_model (&recorder, "1 4 7");

  recorder_clear (&recorder);
}

static void
test_hide (void)
{
  g_autoptr(ScChatFeed) feed = sc_chat_feed_new (100);
  g_autoptr(ScTestSource) twitch = test_source_new ("twitch");
  g_autoptr(ScChatMessage) hidden = NULL;
  Recorder recorder;

  recorder_init (&recorder, feed);
  sc_chat_feed_add_source (feed, SC_CHAT_SOURCE (twitch));
  push (twitch, "1", "Maya", "hello", 1);
  push (twitch, "2", "Tom", "rude", 2);
  push (twitch, "3", "Lena", "hi", 3);

  sc_chat_feed_hide (feed, "2");
  g_assert_cmpstr (recorder.removed->str, ==, "2");
  assert_model (&recorder, "1 3");
  sc_chat_feed_hide (feed, "2");
  g_assert_cmpstr (recorder.removed->str, ==, "2");

  /* Re-delivered: still hidden, and not even reported twice. */
  push (twitch, "2", "Tom", "rude", 2);
  assert_model (&recorder, "1 3");
  g_assert_cmpstr (recorder.blocked->str, ==, "");

  /* Hidden before it arrived (the panel is ahead of a slow source). */
  sc_chat_feed_hide (feed, "4");
  push (twitch, "4", "Tom", "ruder", 4);
  g_assert_cmpstr (recorder.blocked->str, ==, "4:hidden");
  assert_model (&recorder, "1 3");

  hidden = make_message ("twitch", "2", "Tom", "rude", 2);
  g_assert_false (sc_chat_feed_is_allowed (feed, hidden));

  recorder_clear (&recorder);
}

static void
test_platform_deletion (void)
{
  g_autoptr(ScChatFeed) feed = sc_chat_feed_new (100);
  g_autoptr(ScTestSource) twitch = test_source_new ("twitch");
  g_autoptr(ScTestSource) youtube = test_source_new ("youtube");
  Recorder recorder;

  recorder_init (&recorder, feed);
  sc_chat_feed_add_source (feed, SC_CHAT_SOURCE (twitch));
  sc_chat_feed_add_source (feed, SC_CHAT_SOURCE (youtube));
  push (twitch, "a", "Maya", "one", 1);
  push (youtube, "a", "Tom", "same id, other platform", 2);
  push (twitch, "b", "Maya", "two", 3);

  sc_chat_source_emit_message_deleted (SC_CHAT_SOURCE (twitch), "a");
  g_assert_cmpstr (recorder.removed->str, ==, "a");
  assert_model (&recorder, "a b");
  {
    g_autoptr(ScChatMessage) left = g_list_model_get_item (G_LIST_MODEL (feed), 0);

    g_assert_cmpstr (sc_chat_message_get_platform (left), ==, "youtube");
  }

  /* Unknown and already deleted ids change nothing. */
  sc_chat_source_emit_message_deleted (SC_CHAT_SOURCE (twitch), "a");
  sc_chat_source_emit_message_deleted (SC_CHAT_SOURCE (twitch), "zzz");
  sc_chat_source_emit_message_deleted (SC_CHAT_SOURCE (twitch), NULL);
  g_assert_cmpstr (recorder.removed->str, ==, "a");
  assert_model (&recorder, "a b");

  recorder_clear (&recorder);
}

static void
test_author_cleared (void)
{
  g_autoptr(ScChatFeed) feed = sc_chat_feed_new (100);
  g_autoptr(ScTestSource) twitch = test_source_new ("twitch");
  g_autoptr(ScTestSource) youtube = test_source_new ("youtube");
  Recorder recorder;

  recorder_init (&recorder, feed);
  sc_chat_feed_add_source (feed, SC_CHAT_SOURCE (twitch));
  sc_chat_feed_add_source (feed, SC_CHAT_SOURCE (youtube));
  push (twitch, "1", "Tom_K", "spam", 1);
  push (twitch, "2", "Maya", "hi", 2);
  push (youtube, "3", "Tom_K", "another Tom on YouTube", 3);
  push (twitch, "4", "TOM_K", "more spam", 4);

  /* Twitch's CLEARCHAT names the login, lower case. */
  sc_chat_source_emit_author_cleared (SC_CHAT_SOURCE (twitch), "tom_k");
  g_assert_cmpstr (recorder.removed->str, ==, "1 4");
  assert_model (&recorder, "2 3");

  recorder_clear (&recorder);
}

static void
test_chat_cleared (void)
{
  g_autoptr(ScChatFeed) feed = sc_chat_feed_new (100);
  g_autoptr(ScTestSource) twitch = test_source_new ("twitch");
  g_autoptr(ScTestSource) youtube = test_source_new ("youtube");
  Recorder recorder;

  recorder_init (&recorder, feed);
  sc_chat_feed_add_source (feed, SC_CHAT_SOURCE (twitch));
  sc_chat_feed_add_source (feed, SC_CHAT_SOURCE (youtube));
  push (twitch, "1", "Maya", "hi", 1);
  push (youtube, "2", "Tom", "hi", 2);
  push (twitch, "3", "Maya", "hi", 3);

  /* Twitch's clear leaves YouTube's chat on screen. */
  sc_chat_source_emit_chat_cleared (SC_CHAT_SOURCE (twitch));
  g_assert_cmpstr (recorder.removed->str, ==, "1 3");
  g_assert_cmpuint (recorder.cleared, ==, 0);
  assert_model (&recorder, "2");

  /* YouTube's clear empties the model: one signal, not one per message. */
  recorder_reset (&recorder);
  push (youtube, "4", "Tom", "hi", 4);
  sc_chat_source_emit_chat_cleared (SC_CHAT_SOURCE (youtube));
  g_assert_cmpuint (recorder.cleared, ==, 1);
  g_assert_cmpstr (recorder.removed->str, ==, "");
  assert_model (&recorder, "");

  /* The chat goes on after a clear. */
  push (twitch, "5", "Maya", "back", 5);
  assert_model (&recorder, "5");

  recorder_clear (&recorder);
}

static void
test_duplicates (void)
{
  g_autoptr(ScChatFeed) feed = sc_chat_feed_new (100);
  g_autoptr(ScTestSource) twitch = test_source_new ("twitch");
  g_autoptr(ScTestSource) youtube = test_source_new ("youtube");
  Recorder recorder;

  recorder_init (&recorder, feed);
  sc_chat_feed_add_source (feed, SC_CHAT_SOURCE (twitch));
  sc_chat_feed_add_source (feed, SC_CHAT_SOURCE (youtube));
  push (youtube, "p1", "Tom", "hi", 1);
  push (youtube, "p2", "Tom", "there", 2);
  /* An overlapping page repeats what was already delivered. */
  push (youtube, "p1", "Tom", "hi", 1);
  push (youtube, "p2", "Tom", "there", 2);
  push (twitch, "p1", "Maya", "same id elsewhere", 3);

  g_assert_cmpstr (recorder.added->str, ==, "p1 p2 p1");
  assert_model (&recorder, "p1 p2 p1");

  recorder_clear (&recorder);
}

static void
test_text_as_typed (void)
{
  g_autoptr(ScChatFeed) feed = sc_chat_feed_new (100);
  g_autoptr(ScTestSource) twitch = test_source_new ("twitch");
  const char *texts[] = {
    "<b>is this real?</b> & more",
    "<span foreground='red'>x</span> &amp;",
    "هل يتوفر بمقاس كبير؟",
    "\u202eevil\u202c and \u200fRTL",
    "送料はいくらですか？",
  };
  const char *words[] = { "nothing-here", NULL };
  Recorder recorder;

  recorder_init (&recorder, feed);
  sc_chat_feed_add_source (feed, SC_CHAT_SOURCE (twitch));
  /* Moderation folds text to compare; what is shown stays untouched. */
  sc_chat_feed_set_blocked_words (feed, words);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);

      push (twitch, id, "Ben", texts[i], i);
    }

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (feed)), ==, G_N_ELEMENTS (texts));
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(ScChatMessage) message = g_list_model_get_item (G_LIST_MODEL (feed), i);

      g_assert_cmpstr (sc_chat_message_get_text (message), ==, texts[i]);
    }

  recorder_clear (&recorder);
}

static void
test_capacity (void)
{
  g_autoptr(ScChatFeed) feed = sc_chat_feed_new (0);
  g_autoptr(ScTestSource) twitch = test_source_new ("twitch");
  const char *words[] = { "spoiler", "free money", NULL };
  guint capacity = SC_CHAT_FEED_DEFAULT_CAPACITY;
  guint n_items_notified = 0;
  guint baseline = live_messages;
  Recorder recorder;

  recorder_init (&recorder, feed);
  sc_chat_feed_add_source (feed, SC_CHAT_SOURCE (twitch));
  sc_chat_feed_set_blocked_words (feed, words);
  g_signal_connect (feed, "notify::n-items", G_CALLBACK (on_notify), &n_items_notified);

  for (guint i = 0; i < 100000; i++)
    {
      g_autofree char *id = g_strdup_printf ("m%u", i);

      push (twitch, id, i % 7 ? "Maya" : "Tom", "so pretty, what does it smell like?", i);
      /* Flat, not just small at the end: never more than the bound alive. */
      if (i % 10000 == 0)
        g_assert_cmpuint (live_messages - baseline, <=, capacity + recorder.mirror->len);
      if (i % 1000 == 0)
        g_string_truncate (recorder.added, 0);
    }

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (feed)), ==, capacity);
  /* The mirror holds the same objects as the feed: none beyond capacity. */
  g_assert_cmpuint (live_messages - baseline, ==, capacity);
  /* n-items stops changing once the feed is full. */
  g_assert_cmpuint (n_items_notified, ==, capacity);
  {
    g_autoptr(ScChatMessage) first = g_list_model_get_item (G_LIST_MODEL (feed), 0);
    g_autoptr(ScChatMessage) last = g_list_model_get_item (G_LIST_MODEL (feed), capacity - 1);

    g_assert_cmpstr (sc_chat_message_get_id (first), ==, "m99500");
    g_assert_cmpstr (sc_chat_message_get_id (last), ==, "m99999");
  }

  /* Older than everything kept: reported, never shown, nothing evicted. */
  push (twitch, "ancient", "Tom", "hello from the past", -5);
  g_assert_true (g_str_has_suffix (recorder.added->str, "ancient"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (feed)), ==, capacity);
  g_assert_cmpuint (live_messages - baseline, ==, capacity);

  recorder_clear (&recorder);
  g_clear_object (&feed);
  g_assert_cmpuint (live_messages, ==, baseline);
}

/* 1,000 messages a second for 10 s of show time from two platforms, the
 * YouTube one delivered in polled batches 300 ms late. */
static void
test_flood (void)
{
  g_autoptr(ScChatFeed) feed = sc_chat_feed_new (200);
  g_autoptr(ScTestSource) twitch = test_source_new ("twitch");
  g_autoptr(ScTestSource) youtube = test_source_new ("youtube");
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ScChatMessage) last = NULL;
  gint64 previous = G_MININT64;
  guint n_items;
  Recorder recorder;

  recorder_init (&recorder, feed);
  sc_chat_feed_add_source (feed, SC_CHAT_SOURCE (twitch));
  sc_chat_feed_add_source (feed, SC_CHAT_SOURCE (youtube));

  for (gint64 ms = 0; ms < 10000; ms++)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, ms);

      if (ms % 2 == 0)
        push (twitch, id, "Maya", "sold a1", ms);
      else
        g_ptr_array_add (pending, make_message ("youtube", id, "Tom", "love it", ms));

      if (ms % 300 == 299)
        {
          for (guint i = 0; i < pending->len; i++)
            sc_chat_source_emit_message (SC_CHAT_SOURCE (youtube),
                                         g_ptr_array_index (pending, i));
          g_ptr_array_set_size (pending, 0);
        }
      if (ms % 1000 == 0)
        g_string_truncate (recorder.added, 0);
    }
  for (guint i = 0; i < pending->len; i++)
    sc_chat_source_emit_message (SC_CHAT_SOURCE (youtube), g_ptr_array_index (pending, i));

  n_items = g_list_model_get_n_items (G_LIST_MODEL (feed));
  g_assert_cmpuint (n_items, ==, 200);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(ScChatMessage) message = g_list_model_get_item (G_LIST_MODEL (feed), i);
      gint64 time = g_date_time_to_unix (sc_chat_message_get_time (message)) * 1000
                    + g_date_time_get_microsecond (sc_chat_message_get_time (message)) / 1000;

      g_assert_cmpint (time, >, previous);
      previous = time;
    }
  last = g_list_model_get_item (G_LIST_MODEL (feed), n_items - 1);
  g_assert_cmpstr (sc_chat_message_get_id (last), ==, "9999");

  recorder_clear (&recorder);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chat/feed/merge", test_merge);
  g_test_add_func ("/chat/feed/blocked-words", test_blocked_words);
  g_test_add_func ("/chat/feed/blocked-authors", test_blocked_authors);
  g_test_add_func ("/chat/feed/block-later", test_block_later);
  g_test_add_func ("/chat/feed/hide", test_hide);
  g_test_add_func ("/chat/feed/platform-deletion", test_platform_deletion);
  g_test_add_func ("/chat/feed/author-cleared", test_author_cleared);
  g_test_add_func ("/chat/feed/chat-cleared", test_chat_cleared);
  g_test_add_func ("/chat/feed/duplicates", test_duplicates);
  g_test_add_func ("/chat/feed/text-as-typed", test_text_as_typed);
  g_test_add_func ("/chat/feed/capacity", test_capacity);
  g_test_add_func ("/chat/feed/flood", test_flood);

  return g_test_run ();
}
