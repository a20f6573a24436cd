/* test-chat-e2e.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shopcast binary reading a (fake, local) Twitch chat: moderation,
 * platform deletions and comment-to-buy claims end up in the event log, and
 * a flood of 1,000 messages a second leaves the video untouched. */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "sc-fake-twitch.h"
#include "sc-test-rtmp.h"

typedef struct {
  char         *dir;
  ScFakeTwitch *twitch;
  char         *show_path;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *catalog = g_build_filename (g_getenv ("SHOPCAST_SOURCE_DIR"), "data", "demo",
                                               "catalog.json", NULL);
  g_autofree char *show = NULL;

  f->dir = g_dir_make_tmp ("sc-chat-e2e-XXXXXX", NULL);
  f->twitch = sc_fake_twitch_new (&error);
  g_assert_no_error (error);
  f->show_path = g_build_filename (f->dir, "chat.shopcast", NULL);
  show = g_strdup_printf (
    "{\"title\": \"Chat\","
    " \"sources\": [{\"id\": \"host\", \"kind\": \"test-pattern\", \"pattern\": \"smpte\"}],"
    " \"products\": {\"file\": \"%s\", \"pinned\": \"candle-01\", \"rundown\": [\"candle-01\"]},"
    " \"chat\": {\"lines\": 6, \"blocked_words\": [\"spoiler\"],"
    "            \"sources\": [{\"platform\": \"twitch\", \"channel\": \"#ShopCast\","
    "                          \"url\": \"%s\"}]},"
    " \"recording\": {\"enabled\": false}}",
    catalog, sc_fake_twitch_get_url (f->twitch));
  g_assert_true (g_file_set_contents (f->show_path, show, -1, NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->twitch);
  sc_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->show_path);
}

/* Generous: waits for what the show reports, on a loaded 2-core machine. */
#define WAIT_S 60

/* Starts the show, running until stopped. */
static ScTestProcess *
start_show (Fixture    *f,
            const char *name)
{
  g_autofree char *events = g_strdup_printf ("%s/%s.jsonl", f->dir, name);
  g_autofree char *png = g_strdup_printf ("%s/%s.png", f->dir, name);
  const char *args[] = { "--headless", "--show", f->show_path, "--events", events,
                         "--snapshot", png, NULL };

  return sc_test_shopcast_spawn (NULL, args);
}

static int
stop_show (ScTestProcess *process)
{
  sc_test_process_send_signal (process, SIGINT);
  g_assert_true (sc_test_process_wait (process, WAIT_S));
  return sc_test_process_get_status (process);
}

static gboolean
joined (gpointer data)
{
  Fixture *f = data;

  return sc_fake_twitch_get_n_joins (f->twitch) > 0;
}

static gboolean
wait_for_join (Fixture *f)
{
  return sc_test_wait_until (joined, f, WAIT_S);
}

static char *
events_path (Fixture    *f,
             const char *name)
{
  return g_strdup_printf ("%s/%s.jsonl", f->dir, name);
}

static GPtrArray *
read_events (Fixture    *f,
             const char *name)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.jsonl", f->dir, name);

  return sc_test_read_events (path);
}

/* The event @name whose string member @member is @value, or NULL. */
static JsonObject *
find (GPtrArray  *events,
      const char *name,
      const char *member,
      const char *value)
{
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *e = g_ptr_array_index (events, i);

      if (g_str_equal (json_object_get_string_member (e, "event"), name) &&
          (member == NULL || g_strcmp0 (json_object_get_string_member (e, member), value) == 0))
        return e;
    }
  return NULL;
}

static char *
privmsg (const char *id,
         const char *login,
         const char *display,
         const char *text)
{
  return g_strdup_printf ("@badge-info=;badges=;color=#1E90FF;display-name=%s;emotes=;id=%s;"
                          "mod=0;room-id=1;tmi-sent-ts=%" G_GINT64_FORMAT ";user-id=7 "
                          ":%s!%s@%s.tmi.twitch.tv PRIVMSG #shopcast :%s",
                          display, id, g_get_real_time () / 1000, login, login, login, text);
}

static void
test_moderation_and_claims (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(ScTestProcess) process = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *path = events_path (f, "claims");
  g_autofree char *m1 = privmsg ("m1", "mia", "Mia", "hello <b>world</b> &amp; all");
  g_autofree char *m2 = privmsg ("m2", "alice", "Alice", "SOLD A1");
  g_autofree char *m3 = privmsg ("m3", "troll", "Troll", "big SPOILER ahead");
  g_autofree char *m4 = privmsg ("m4", "bob", "Bob", "sold a1 2");
  g_autofree char *m5 = privmsg ("m5", "carl", "Carl", "is A1 sold out?");
  const char *clear = "@login=mia;room-id=1;target-msg-id=m1;tmi-sent-ts=1 "
                      ":tmi.twitch.tv CLEARMSG #shopcast :hello";
  JsonObject *e;

  process = start_show (f, "claims");
  g_assert_true (wait_for_join (f));
  {
    const char * const lines[] = { m1, m2, m3, m4, m5 };

    sc_fake_twitch_send_lines (f->twitch, lines, G_N_ELEMENTS (lines), TRUE);
  }
  /* The platform deletes m1 once the show has it, and the show ends once it
   * has the deletion: the show's log, not the wall clock, says when. */
  g_assert_true (sc_test_wait_for_event (path, "chat", "id", "m5", WAIT_S));
  sc_fake_twitch_send_raw (f->twitch, clear);
  g_assert_true (sc_test_wait_for_event (path, "chat-removed", "id", "m1", WAIT_S));
  g_assert_cmpint (stop_show (process), ==, 0);

  events = read_events (f, "claims");
  g_assert_nonnull (find (events, "chat-source", "state", "connected"));
  e = find (events, "chat", "id", "m1");
  g_assert_nonnull (e);
  /* Kept as sent; the overlay shows it escaped. */
  g_assert_cmpstr (json_object_get_string_member (e, "text"), ==, "hello <b>world</b> &amp; all");
  g_assert_cmpstr (json_object_get_string_member (e, "platform"), ==, "twitch");
  g_assert_nonnull (find (events, "chat", "id", "m2"));
  /* Blocked words never reach the video, whatever their case. */
  g_assert_null (find (events, "chat", "id", "m3"));
  e = find (events, "chat-blocked", "id", "m3");
  g_assert_nonnull (e);
  g_assert_null (strstr (json_object_get_string_member (e, "reason"), "SPOILER"));

  e = find (events, "claim", "message_id", "m2");
  g_assert_nonnull (e);
  g_assert_cmpstr (json_object_get_string_member (e, "product_id"), ==, "candle-01");
  g_assert_cmpint (json_object_get_int_member (e, "quantity"), ==, 1);
  /* The candle has 2 left: one claimed, two more would oversell. */
  e = find (events, "claim-waitlisted", "message_id", "m4");
  g_assert_nonnull (e);
  g_assert_cmpint (json_object_get_int_member (e, "quantity"), ==, 2);
  g_assert_null (find (events, "claim", "message_id", "m5"));
  g_assert_null (find (events, "claim-waitlisted", "message_id", "m5"));

  g_assert_nonnull (find (events, "chat-removed", "id", "m1"));
}

/* The last stats line logged before @until (an index in @events). */
static JsonObject *
stats_before (GPtrArray *events,
              guint      until)
{
  JsonObject *stats = NULL;

  for (guint i = 0; i < until && i < events->len; i++)
    if (g_str_equal (json_object_get_string_member (g_ptr_array_index (events, i), "event"),
                     "stats"))
      stats = g_ptr_array_index (events, i);
  return stats;
}

static void
test_flood (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(ScTestProcess) process = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *path = events_path (f, "flood");
  JsonObject *before, *after, *stats, *last_chat;
  int first_chat;
  gsize early, late;

  process = start_show (f, "flood");
  g_assert_true (wait_for_join (f));
  /* The show has run three seconds by its own clock: its buffers are full. */
  g_assert_true (sc_test_wait_for_events (path, "stats", 3, WAIT_S));
  sc_fake_twitch_flood (f->twitch, 10000, 1000);
  /* Memory when the show has shown 2,000 messages (its feed holds 500) and
   * when it has shown all. */
  g_assert_true (sc_test_wait_for_events (path, "chat", 2000, WAIT_S));
  early = sc_test_process_get_rss_kb (process);
  g_assert_true (sc_test_wait_for_events (path, "chat", 10000, 4 * WAIT_S));
  late = sc_test_process_get_rss_kb (process);
  g_test_message ("RSS during the flood: %zu kB after 2,000 messages, %zu kB after 10,000",
                  early, late);
  /* One more stats line: the video's counters after the flood. */
  g_assert_true (sc_test_wait_for_events (path, "stats",
                                          sc_test_count_events_in_file (path, "stats") + 1,
                                          WAIT_S));
  g_assert_cmpint (stop_show (process), ==, 0);

  events = sc_test_read_events (path);
  stats = sc_test_last_event (events, "stats");
  last_chat = sc_test_last_event (events, "chat");
  first_chat = sc_test_find_event (events, 0, "chat", NULL, NULL);
  g_assert_cmpint (first_chat, >=, 0);
  before = stats_before (events, first_chat);
  after = stats_before (events, events->len - 1);
  g_assert_nonnull (before);
  g_test_message ("%u chat events, %" G_GINT64_FORMAT " frames, %" G_GINT64_FORMAT
                  " lost before the encoder (a figure of this machine's load)",
                  sc_test_count_events (events, "chat"),
                  json_object_get_int_member (stats, "frames"),
                  json_object_get_int_member (stats, "render_drops"));
  /* Every message got through, and the video kept running through the flood. */
  g_assert_cmpuint (sc_test_count_events (events, "chat"), ==, 10000);
  g_assert_cmpint (json_object_get_int_member (after, "frames"), >,
                   json_object_get_int_member (before, "frames"));
  /* The newest message is the last one shown. */
  g_assert_true (g_str_has_suffix (json_object_get_string_member (last_chat, "id"), "10000") ||
                 g_str_has_suffix (json_object_get_string_member (last_chat, "id"), "9999"));
  /* Bounded memory: the feed keeps the newest 500 messages, not all of them.
   * Not under ASan (SHOPCAST_SANITIZER): it pads every block and holds freed
   * ones back, so RSS grows whatever the feed keeps. */
  if (g_getenv ("SHOPCAST_SANITIZER") == NULL)
    g_assert_cmpuint (late, <, early + 20 * 1024);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/chat/e2e/moderation-deletions-claims", Fixture, NULL, fixture_set_up,
              test_moderation_and_claims, fixture_tear_down);
  g_test_add ("/chat/e2e/flood", Fixture, NULL, fixture_set_up, test_flood, fixture_tear_down);
  return g_test_run ();
}
