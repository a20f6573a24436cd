/* test-demo-chat.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "chat/sc-demo-chat.h"

typedef struct {
  GPtrArray *messages;
  gboolean   timed_out;
} Received;

static void
on_message (ScDemoChat    *chat,
            ScChatMessage *message,
            Received      *received)
{
  g_ptr_array_add (received->messages, g_object_ref (message));
}

static gboolean
on_timeout (gpointer data)
{
  Received *received = data;

  received->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
receive (ScDemoChat *chat,
         Received   *received,
         guint       wanted)
{
  guint timeout = g_timeout_add_seconds (20, on_timeout, received);

  while (received->messages->len < wanted && !received->timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (received->timed_out);
  g_source_remove (timeout);
}

static void
test_script (void)
{
  g_autoptr(ScDemoChat) chat = sc_demo_chat_new ();
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  Received received = { messages, FALSE };
  gboolean markup = FALSE, emoji = FALSE, arabic = FALSE, japanese = FALSE, claim = FALSE;
  gint64 started;

  g_signal_connect (chat, "message", G_CALLBACK (on_message), &received);
  sc_demo_chat_set_speed (chat, 100.0);
  started = g_get_monotonic_time ();
  sc_demo_chat_start (chat);
  /* Once through the script and into the second loop. */
  receive (chat, &received, 35);
  sc_demo_chat_stop (chat);
  /* 35 lines of 0.8-3 s each at speed 100: a figure, not a check (CI is loaded). */
  g_test_message ("35 demo lines at speed 100 in %.2f s",
                  (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);

  for (guint i = 0; i < messages->len; i++)
    {
      ScChatMessage *message = g_ptr_array_index (messages, i);
      g_autofree char *expected_id = g_strdup_printf ("demo-%u", i + 1);
      const char *text = sc_chat_message_get_text (message);

      g_assert_cmpstr (sc_chat_message_get_platform (message), ==, "demo");
      g_assert_cmpstr (sc_chat_message_get_id (message), ==, expected_id);
      g_assert_true (g_hash_table_add (ids, (gpointer)sc_chat_message_get_id (message)));
      g_assert_cmpstr (sc_chat_message_get_author (message), !=, "");
      g_assert_true (g_str_has_prefix (sc_chat_message_get_color (message), "#"));
      g_assert_cmpuint (strlen (sc_chat_message_get_color (message)), ==, 7);
      g_assert_nonnull (sc_chat_message_get_time (message));
      g_assert_true (g_utf8_validate (text, -1, NULL));

      markup |= g_str_equal (text, "<b>is this real?</b> & more");
      emoji |= g_str_equal (text, "love it 😍🔥");
      arabic |= g_utf8_get_char (text) >= 0x0600 && g_utf8_get_char (text) <= 0x06FF;
      japanese |= g_utf8_get_char (text) >= 0x3040 && g_utf8_get_char (text) <= 0x9FFF;
      claim |= g_str_equal (text, "SOLD A1") || g_str_equal (text, "sold a3 2");
    }
  g_assert_true (markup);
  g_assert_true (emoji);
  g_assert_true (arabic);
  g_assert_true (japanese);
  g_assert_true (claim);

  /* The second loop repeats the lines with fresh ids. */
  g_assert_cmpstr (sc_chat_message_get_text (g_ptr_array_index (messages, 30)), ==,
                   sc_chat_message_get_text (g_ptr_array_index (messages, 0)));
}

static gboolean
quit_later (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_stop (void)
{
  g_autoptr(ScDemoChat) chat = sc_demo_chat_new ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  Received received = { messages, FALSE };
  gboolean done = FALSE;

  g_signal_connect (chat, "message", G_CALLBACK (on_message), &received);
  sc_demo_chat_start (chat);
  /* Speeding up a running chat applies to the line it waits for. */
  sc_demo_chat_set_speed (chat, 200.0);
  receive (chat, &received, 3);
  sc_demo_chat_stop (chat);
  sc_demo_chat_stop (chat);

  g_ptr_array_set_size (messages, 0);
  g_timeout_add (100, quit_later, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (messages->len, ==, 0);

  /* It resumes where it stopped, ids still counting. */
  sc_demo_chat_start (chat);
  receive (chat, &received, 1);
  g_assert_cmpstr (sc_chat_message_get_id (g_ptr_array_index (messages, 0)), ==, "demo-4");
}

static void
on_notify_state (GObject    *object,
                 GParamSpec *pspec,
                 GPtrArray  *states)
{
  ScChatSourceState state = sc_chat_source_get_state (SC_CHAT_SOURCE (object));

  g_ptr_array_add (states, (gpointer)sc_chat_source_state_to_string (state));
}

/* The studio and the feed see the demo like any platform's chat. */
static void
test_source (void)
{
  g_autoptr(ScDemoChat) chat = sc_demo_chat_new ();
  ScChatSource *source = SC_CHAT_SOURCE (chat);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) states = g_ptr_array_new ();
  Received received = { messages, FALSE };
  int state = -1;

  g_assert_true (SC_IS_CHAT_SOURCE (chat));
  g_assert_cmpstr (sc_chat_source_get_platform (source), ==, "demo");
  g_assert_cmpint (sc_chat_source_get_state (source), ==, SC_CHAT_SOURCE_STATE_IDLE);

  g_signal_connect (chat, "notify::state", G_CALLBACK (on_notify_state), states);
  g_signal_connect (chat, "message", G_CALLBACK (on_message), &received);
  sc_demo_chat_set_speed (chat, 100.0);

  sc_chat_source_start (source);
  g_object_get (chat, "state", &state, NULL);
  g_assert_cmpint (state, ==, SC_CHAT_SOURCE_STATE_CONNECTED);
  /* Starting twice neither restarts the script nor notifies again. */
  sc_demo_chat_start (chat);
  receive (chat, &received, 2);
  g_assert_cmpstr (sc_chat_message_get_id (g_ptr_array_index (messages, 1)), ==, "demo-2");

  sc_chat_source_stop (source);
  g_assert_cmpint (sc_chat_source_get_state (source), ==, SC_CHAT_SOURCE_STATE_STOPPED);
  sc_demo_chat_stop (chat);

  g_assert_cmpuint (states->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (states, 0), ==, "connected");
  g_assert_cmpstr (g_ptr_array_index (states, 1), ==, "stopped");
}

static void
test_dispose_while_running (void)
{
  ScDemoChat *chat = sc_demo_chat_new ();
  gboolean done = FALSE;

  sc_demo_chat_set_speed (chat, 1000.0);
  sc_demo_chat_start (chat);
  g_object_unref (chat);

  /* The pending timer died with the object: nothing fires into freed memory. */
  g_timeout_add (50, quit_later, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chat/demo/script", test_script);
  g_test_add_func ("/chat/demo/stop", test_stop);
  g_test_add_func ("/chat/demo/source", test_source);
  g_test_add_func ("/chat/demo/dispose-while-running", test_dispose_while_running);

  return g_test_run ();
}
