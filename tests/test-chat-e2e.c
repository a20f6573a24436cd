/* test-chat-e2e.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shopcast binary reading a (fake, local) Twitch chat: moderation,
 * platform deletions and comment-to-buy claims end up in the event log, and
 * a flood of 1,000 messages a second leaves the video untouched. */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
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

static GSubprocess *
start_show (Fixture    *f,
            const char *name,
            double      duration)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GError) error = NULL;
  g_autofree char *events = g_strdup_printf ("%s/%s.jsonl", f->dir, name);
  g_autofree char *png = g_strdup_printf ("%s/%s.png", f->dir, name);
  g_autofree char *seconds = g_strdup_printf ("%g", duration);
  GSubprocess *process;

  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("SHOPCAST_BIN"),
                                         "--headless", "--show", f->show_path,
                                         "--duration", seconds, "--events", events,
                                         "--snapshot", png, NULL);
  g_assert_no_error (error);
  return process;
}

static gboolean
wait_for_join (Fixture *f)
{
  for (guint i = 0; i < 100 && sc_fake_twitch_get_n_joins (f->twitch) == 0; i++)
    {
      g_usleep (50 * 1000);
      while (g_main_context_iteration (NULL, FALSE));
    }
  return sc_fake_twitch_get_n_joins (f->twitch) > 0;
}

static void
run_for (double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64)(seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
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
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *m1 = privmsg ("m1", "mia", "Mia", "hello <b>world</b> &amp; all");
  g_autofree char *m2 = privmsg ("m2", "alice", "Alice", "SOLD A1");
  g_autofree char *m3 = privmsg ("m3", "troll", "Troll", "big SPOILER ahead");
  g_autofree char *m4 = privmsg ("m4", "bob", "Bob", "sold a1 2");
  g_autofree char *m5 = privmsg ("m5", "carl", "Carl", "is A1 sold out?");
  const char *clear = "@login=mia;room-id=1;target-msg-id=m1;tmi-sent-ts=1 "
                      ":tmi.twitch.tv CLEARMSG #shopcast :hello";
  JsonObject *e;

  process = start_show (f, "claims", 7);
  g_assert_true (wait_for_join (f));
  {
    const char * const lines[] = { m1, m2, m3, m4, m5 };

    sc_fake_twitch_send_lines (f->twitch, lines, G_N_ELEMENTS (lines), TRUE);
  }
  run_for (1.0);
  sc_fake_twitch_send_raw (f->twitch, clear);
  g_assert_true (sc_test_subprocess_wait (process, 40));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

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

static gsize
rss_kb (GSubprocess *process)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (process));
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents (path, &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");
  return line ? (gsize)g_ascii_strtoull (line + 6, NULL, 10) : 0;
}

static void
test_flood (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) events = NULL;
  JsonObject *stats = NULL;
  JsonObject *last_chat = NULL;
  gsize early, late;

  process = start_show (f, "flood", 16);
  g_assert_true (wait_for_join (f));
  sc_fake_twitch_flood (f->twitch, 10000, 1000);
  run_for (3);
  early = rss_kb (process);
  run_for (7.5);
  late = rss_kb (process);
  g_test_message ("RSS during the flood: %zu kB after 3 s, %zu kB after 10.5 s", early, late);
  g_assert_true (sc_test_subprocess_wait (process, 60));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  events = read_events (f, "flood");
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *e = g_ptr_array_index (events, i);
      const char *name = json_object_get_string_member (e, "event");

      if (g_str_equal (name, "stats"))
        stats = e;
      else if (g_str_equal (name, "chat"))
        last_chat = e;
    }
  g_test_message ("%u chat events, %" G_GINT64_FORMAT " frames, %" G_GINT64_FORMAT " dropped",
                  sc_test_count_events (events, "chat"), json_object_get_int_member (stats, "frames"),
                  json_object_get_int_member (stats, "render_drops"));
  /* Every message got through, and the video did not lose a frame. */
  g_assert_cmpuint (sc_test_count_events (events, "chat"), ==, 10000);
  g_assert_cmpint (json_object_get_int_member (stats, "render_drops"), ==, 0);
  /* The newest message is the last one shown. */
  g_assert_true (g_str_has_suffix (json_object_get_string_member (last_chat, "id"), "10000") ||
                 g_str_has_suffix (json_object_get_string_member (last_chat, "id"), "9999"));
  /* Bounded memory: the feed keeps the newest 500 messages, not all of them. */
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
