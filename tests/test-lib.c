/* test-lib.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The test support library itself: the fake server's log and faults, the
 * event-log readers and the subprocess runner. */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "sc-test.h"

static void
answer_hello (ScFakeServer      *server,
              SoupServerMessage *message,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  const char *text = user_data;

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "text/plain", SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

typedef struct {
  gboolean  done;
  GBytes   *body;
  GError   *error;
} Fetch;

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result,
                                                   &fetch->error);
  fetch->done = TRUE;
}

static gboolean
fetched (gpointer data)
{
  return ((Fetch *) data)->done;
}

/* GET @path; the server runs in this thread, so the client waits async. */
static SoupMessage *
fetch (ScFakeServer  *server,
       const char    *path,
       GBytes       **body,
       GError       **error)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (sc_fake_server_get_url (server), path, NULL);
  SoupMessage *message = soup_message_new (SOUP_METHOD_GET, url);
  Fetch f = { FALSE, NULL, NULL };

  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, on_fetched, &f);
  g_assert_true (sc_test_wait_until (fetched, &f, 30));
  *body = f.body;
  if (f.error != NULL)
    g_propagate_error (error, f.error);
  return message;
}

static void
assert_body (GBytes     *body,
             const char *text)
{
  g_assert_nonnull (body);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), text, strlen (text));
}

static void
test_fake_server_log (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScFakeServer) server = sc_fake_server_new ("fake ", &error);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  const ScFakeRequest *request;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (sc_fake_server_get_url (server), "http://127.0.0.1:"));
  g_assert_cmpuint (sc_fake_server_get_port (server), >, 0);
  sc_fake_server_add_handler (server, NULL, answer_hello, (gpointer) "hello");
  g_assert_null (sc_fake_server_get_last_request (server));

  message = fetch (server, "/a/b?x=1&y=%C3%A9", &body, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
  assert_body (body, "hello");
  g_assert_cmpuint (sc_fake_server_get_n_requests (server), ==, 1);
  request = sc_fake_server_get_last_request (server);
  g_assert_cmpstr (request->method, ==, "GET");
  g_assert_cmpstr (request->path, ==, "/a/b");
  g_assert_cmpstr (request->query, ==, "x=1&y=%C3%A9");
  g_assert_cmpstr (request->line, ==, "/a/b?x=1&y=%C3%A9");
  g_assert_nonnull (soup_message_headers_get_one (request->headers, "Host"));

  sc_fake_server_clear_requests (server);
  g_assert_cmpuint (sc_fake_server_get_n_requests (server), ==, 0);
}

static void
test_fake_server_faults (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScFakeServer) server = sc_fake_server_new (NULL, &error);
  const char *text = "a body long enough to go out in several sixteen-byte chunks";

  g_assert_no_error (error);
  sc_fake_server_add_handler (server, NULL, answer_hello, (gpointer) text);
  sc_fake_server_fail_next (server, 503, 1);
  sc_fake_server_drop_next (server, 1);
  sc_fake_server_empty_next (server, 1);
  sc_fake_server_slow_next (server, 1, 5);
  sc_fake_server_delay_next (server, 1, 50);

  /* In the order queued, one request each. */
  {
    g_autoptr(GBytes) body = NULL;
    g_autoptr(SoupMessage) message = fetch (server, "/", &body, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (message), ==, 503);
  }
  {
    g_autoptr(GBytes) body = NULL;
    g_autoptr(SoupMessage) message = fetch (server, "/", &body, &error);

    /* No answer at all: the client sees the connection end. */
    g_assert_nonnull (error);
    g_assert_null (body);
    g_clear_error (&error);
  }
  {
    g_autoptr(GBytes) body = NULL;
    g_autoptr(SoupMessage) message = fetch (server, "/", &body, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (message), ==, SOUP_STATUS_OK);
    g_assert_cmpuint (g_bytes_get_size (body), ==, 0);
  }
  {
    g_autoptr(GBytes) body = NULL;
    g_autoptr(SoupMessage) message = fetch (server, "/", &body, &error);
    SoupMessageHeaders *headers = soup_message_get_response_headers (message);

    g_assert_no_error (error);
    g_assert_cmpint (soup_message_headers_get_encoding (headers), ==, SOUP_ENCODING_CHUNKED);
    assert_body (body, text);
  }
  {
    g_autoptr(GBytes) body = NULL;
    g_autoptr(SoupMessage) message = fetch (server, "/", &body, &error);

    g_assert_no_error (error);
    assert_body (body, text);
  }
  /* Faults used up: plain answers again. */
  {
    g_autoptr(GBytes) body = NULL;
    g_autoptr(SoupMessage) message = fetch (server, "/", &body, &error);

    g_assert_no_error (error);
    g_assert_cmpint (soup_message_headers_get_encoding (soup_message_get_response_headers
                                                          (message)),
                     ==, SOUP_ENCODING_CONTENT_LENGTH);
    assert_body (body, text);
  }
  g_assert_cmpuint (sc_fake_server_get_n_requests (server), ==, 6);
}

/* A held answer whose client is gone, then a server disposed while it holds
 * one: neither may touch freed memory. */
static void
test_fake_server_hold_cleanup (void)
{
  g_autoptr(GError) error = NULL;
  ScFakeServer *server = sc_fake_server_new (NULL, &error);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (sc_fake_server_get_url (server), "/", NULL);
  g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_GET, url);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Fetch f = { FALSE, NULL, NULL };

  g_assert_no_error (error);
  sc_fake_server_add_handler (server, NULL, answer_hello, (gpointer) "late");
  sc_fake_server_set_delay (server, 60000);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, cancellable,
                                    on_fetched, &f);
  g_assert_true (sc_test_wait_until ((ScTestCondition) sc_fake_server_get_n_requests, server,
                                     30));
  g_cancellable_cancel (cancellable);
  g_assert_true (sc_test_wait_until (fetched, &f, 30));
  g_assert_error (f.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&f.error);
  sc_test_run_for (0.1);
  g_object_unref (server);
  sc_test_run_for (0.1);
}

static void
test_events (void)
{
  g_autofree char *dir = sc_test_make_tmp_dir ("sc-test-lib");
  g_autofree char *path = g_build_filename (dir, "events.jsonl", NULL);
  g_autoptr(GPtrArray) so_far = NULL;
  g_autoptr(GPtrArray) events = NULL;

  /* Not there yet, then a log being written: whole lines only. */
  so_far = sc_test_read_events_so_far (path);
  g_assert_cmpuint (so_far->len, ==, 0);
  g_clear_pointer (&so_far, g_ptr_array_unref);
  g_assert_true (g_file_set_contents (path,
                                      "{\"event\":\"show-started\",\"t\":0.000,\"title\":\"x\"}\n"
                                      "{\"event\":\"stats\",\"t\":1.000,\"frames\":30}\n"
                                      "{\"event\":\"stats\",\"t\":2.0", -1, NULL));
  so_far = sc_test_read_events_so_far (path);
  g_assert_cmpuint (so_far->len, ==, 2);
  g_assert_cmpuint (sc_test_count_events_in_file (path, "stats"), ==, 2);
  g_assert_cmpuint (sc_test_count_events_in_file (path, "show-started"), ==, 1);
  g_assert_false (sc_test_wait_for_events (path, "stats", 3, 0.1));
  g_assert_true (sc_test_wait_for_event (path, "stats", "frames", "30", 1));
  g_assert_false (sc_test_wait_for_event (path, "stats", "frames", "31", 0.1));

  g_assert_true (g_file_set_contents (path,
                                      "{\"event\":\"show-started\",\"t\":0.000,\"title\":\"x\"}\n"
                                      "{\"event\":\"catalog-sync\",\"t\":0.5,\"stale\":true,"
                                      "\"synced_at\":null}\n"
                                      "{\"event\":\"stats\",\"t\":1.000,\"frames\":30}\n"
                                      "{\"event\":\"stats\",\"t\":2.000,\"frames\":60}\n",
                                      -1, NULL));
  events = sc_test_read_events (path);
  g_assert_cmpuint (events->len, ==, 4);
  g_assert_cmpuint (sc_test_count_events (events, "stats"), ==, 2);
  g_assert_cmpfloat (sc_test_event_t (sc_test_last_event (events, "stats")), ==, 2.0);
  g_assert_null (sc_test_last_event (events, "show-ended"));
  g_assert_cmpint (sc_test_find_event (events, 0, "stats", NULL, NULL), ==, 2);
  g_assert_cmpint (sc_test_find_event (events, 3, "stats", NULL, NULL), ==, 3);
  g_assert_cmpint (sc_test_find_event (events, 0, "stats", "frames", "60"), ==, 3);
  g_assert_cmpint (sc_test_find_event (events, 0, "catalog-sync", "stale", "true"), ==, 1);
  g_assert_cmpint (sc_test_find_event (events, 0, "catalog-sync", "synced_at", "null"), ==, 1);
  g_assert_cmpint (sc_test_find_event (events, 0, "show-started", "title", "y"), ==, -1);
  g_assert_cmpint (sc_test_find_event (events, 0, "stats", "missing", "1"), ==, -1);

  sc_test_remove_dir (dir);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS) &&
                  g_getenv ("SHOPCAST_TEST_KEEP") == NULL);
}

static void
test_process (void)
{
  const char *version[] = { "--version", NULL };
  const char *bad[] = { "--no-such-option", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (sc_test_run_shopcast (NULL, version, &out, &err, 60), ==, 0);
  g_assert_nonnull (strstr (out, PACKAGE_VERSION));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sc_test_run_shopcast (NULL, bad, &out, &err, 60), ==, 2);
  g_assert_nonnull (strstr (err, "no-such-option"));

  /* A show that runs until stopped, stopped by a signal it handles. */
  {
    g_autofree char *dir = sc_test_make_tmp_dir ("sc-test-lib");
    g_autofree char *events = g_build_filename (dir, "events.jsonl", NULL);
    /* The demo records; not into the home folder's Videos. */
    g_autofree char *record = g_build_filename (dir, "show.mkv", NULL);
    const char *env[] = { "SC_TEST_LIB_UNUSED=1", "G_MESSAGES_DEBUG", NULL };
    const char *args[] = { "--headless", "--demo", "--events", events, "--record", record, NULL };
    g_autoptr(ScTestProcess) show = sc_test_shopcast_spawn (env, args);

    g_assert_true (sc_test_wait_for_events (events, "stats", 1, 60));
    g_assert_cmpuint (sc_test_process_get_rss_kb (show), >, 0);
    sc_test_process_send_signal (show, SIGINT);
    g_assert_true (sc_test_process_wait (show, 60));
    if (sc_test_process_get_status (show) != 0)
      g_printerr ("%s", sc_test_process_get_stderr (show));
    g_assert_cmpint (sc_test_process_get_status (show), ==, 0);
    g_assert_cmpuint (sc_test_process_get_rss_kb (show), ==, 0);
    g_assert_true (sc_test_wait_for_event (events, "show-ended", NULL, NULL, 1));
    sc_test_remove_dir (dir);
  }
}

static void
test_missing_tool (void)
{
  /* The real rule, in a child: skipped here, failed under CI=true. */
  if (g_test_subprocess ())
    {
      g_assert_false (sc_test_require_tool ("sc-no-such-tool"));
      return;
    }
  g_setenv ("CI", "true", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr_unmatched ("*ERROR*");
  /* Skipped: the child ran to its end (GLib reports no skip to the parent). */
  g_setenv ("CI", "false", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_stderr_unmatched ("*ERROR*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lib/fake-server/log", test_fake_server_log);
  g_test_add_func ("/lib/fake-server/faults", test_fake_server_faults);
  g_test_add_func ("/lib/fake-server/hold-cleanup", test_fake_server_hold_cleanup);
  g_test_add_func ("/lib/events", test_events);
  g_test_add_func ("/lib/process", test_process);
  g_test_add_func ("/lib/missing-tool", test_missing_tool);

  return g_test_run ();
}
