/* test-event-log.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "studio/sc-event-log.h"

#define N_THREADS 4
#define N_LINES_PER_THREAD 1000

typedef struct {
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("shopcast-events-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "events.jsonl", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_unlink (fixture->path);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* Parses every line, checking the members every line starts with. */
static GPtrArray *
read_events (const char *path)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  double last_t = 0.0;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (contents[0] == '\0' || g_str_has_suffix (contents, "\n"));

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GRegex) t_format = NULL;
      JsonObjectIter iter;
      const char *member;
      JsonNode *node;
      JsonObject *object;
      double t;

      if (lines[i][0] == '\0')
        {
          g_assert_null (lines[i + 1]);
          break;
        }

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      object = json_node_get_object (json_parser_get_root (parser));

      json_object_iter_init_ordered (&iter, object);
      g_assert_true (json_object_iter_next_ordered (&iter, &member, &node));
      g_assert_cmpstr (member, ==, "event");
      g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
      g_assert_true (json_object_iter_next_ordered (&iter, &member, &node));
      g_assert_cmpstr (member, ==, "t");

      /* Exactly three decimals, as written. */
      t_format = g_regex_new ("^\\{\"event\":\"[^\"]+\",\"t\":[0-9]+\\.[0-9]{3}[,}]", 0, 0, NULL);
      g_assert_true (g_regex_match (t_format, lines[i], 0, NULL));

      t = json_node_get_double (node);
      g_assert_cmpfloat (t, >=, last_t);
      last_t = t;

      g_ptr_array_add (events, json_object_ref (object));
    }
  return g_steal_pointer (&events);
}

static void
test_format (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScEventLog) log = sc_event_log_new_for_path (fixture->path, &error);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonArray) outputs = json_array_new ();
  JsonObject *output = json_object_new ();
  JsonObject *fields;
  JsonObject *event;

  g_assert_no_error (error);
  g_assert_nonnull (log);

  fields = json_object_new ();
  json_object_set_string_member (fields, "title", "Ünïcödé \"show\"\n😍");
  json_object_set_int_member (fields, "width", 1280);
  json_object_set_boolean_member (fields, "live", TRUE);
  json_object_set_null_member (fields, "error");
  /* The log's own members cannot be overridden by a field. */
  json_object_set_string_member (fields, "event", "spoofed");
  json_object_set_double_member (fields, "t", -5.0);
  sc_event_log_write (log, "show-started", fields);

  g_usleep (20 * 1000);
  sc_event_log_write (log, "no-fields", NULL);

  json_object_set_string_member (output, "name", "YouTube");
  json_object_set_double_member (output, "kbps", 3512.5);
  json_array_add_object_element (outputs, output);
  fields = json_object_new ();
  json_object_set_array_member (fields, "outputs", json_array_ref (outputs));
  sc_event_log_write (log, "stats", fields);

  /* mark_start sets t back to 0: what t reads next is at most the time that
   * passed since, however slow the machine. */
  {
    gint64 before = g_get_monotonic_time ();
    double elapsed;

    sc_event_log_mark_start (log);
    elapsed = sc_event_log_get_elapsed (log);
    g_assert_cmpfloat (elapsed, <=, (g_get_monotonic_time () - before) / (double) G_USEC_PER_SEC
                                    + 0.001);
  }

  sc_event_log_flush (log);
  events = read_events (fixture->path);
  g_assert_cmpuint (events->len, ==, 3);

  event = g_ptr_array_index (events, 0);
  g_assert_cmpstr (json_object_get_string_member (event, "event"), ==, "show-started");
  g_assert_cmpstr (json_object_get_string_member (event, "title"), ==, "Ünïcödé \"show\"\n😍");
  g_assert_cmpint (json_object_get_int_member (event, "width"), ==, 1280);
  g_assert_true (json_object_get_boolean_member (event, "live"));
  g_assert_true (json_object_get_null_member (event, "error"));
  g_assert_cmpfloat (json_object_get_double_member (event, "t"), >=, 0.0);
  g_assert_cmpuint (json_object_get_size (event), ==, 6);

  event = g_ptr_array_index (events, 1);
  g_assert_cmpstr (json_object_get_string_member (event, "event"), ==, "no-fields");
  g_assert_cmpuint (json_object_get_size (event), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (event, "t"), >=, 0.02);

  event = g_ptr_array_index (events, 2);
  output = json_array_get_object_element (json_object_get_array_member (event, "outputs"), 0);
  g_assert_cmpstr (json_object_get_string_member (output, "name"), ==, "YouTube");
  g_assert_cmpfloat (json_object_get_double_member (output, "kbps"), ==, 3512.5);

  /* Closing twice, and writing after close, are harmless and write nothing. */
  sc_event_log_close (log);
  sc_event_log_close (log);
  sc_event_log_write (log, "late", json_object_new ());
  sc_event_log_flush (log);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = read_events (fixture->path);
  g_assert_cmpuint (events->len, ==, 3);
}

typedef struct {
  ScEventLog *log;
  guint       thread;
} Writer;

static gpointer
write_lines (gpointer data)
{
  Writer *writer = data;

  for (guint i = 0; i < N_LINES_PER_THREAD; i++)
    {
      JsonObject *fields = json_object_new ();

      json_object_set_int_member (fields, "thread", writer->thread);
      json_object_set_int_member (fields, "seq", i);
      /* Long enough that a torn write would show. */
      json_object_set_string_member (fields, "padding",
                                     "......................................................"
                                     "......................................................");
      sc_event_log_write (writer->log, "tick", fields);
    }
  return NULL;
}

static void
test_threads (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScEventLog) log = sc_event_log_new_for_path (fixture->path, &error);
  g_autoptr(GPtrArray) events = NULL;
  Writer writers[N_THREADS];
  GThread *threads[N_THREADS];
  guint next_seq[N_THREADS] = { 0 };

  g_assert_no_error (error);

  for (guint i = 0; i < N_THREADS; i++)
    {
      writers[i] = (Writer) { log, i };
      threads[i] = g_thread_new ("writer", write_lines, &writers[i]);
    }
  for (guint i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);
  sc_event_log_close (log);

  events = read_events (fixture->path);
  g_assert_cmpuint (events->len, ==, N_THREADS * N_LINES_PER_THREAD);

  /* Each thread's lines are all there, in the order it wrote them. */
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *event = g_ptr_array_index (events, i);
      gint64 thread = json_object_get_int_member (event, "thread");

      g_assert_cmpint (thread, >=, 0);
      g_assert_cmpint (thread, <, N_THREADS);
      g_assert_cmpint (json_object_get_int_member (event, "seq"), ==, next_seq[thread]);
      next_seq[thread]++;
    }
}

typedef struct {
  GThread *main_thread;
  char    *name;
  gint64   value;
  guint    count;
} Seen;

static void
on_event (ScEventLog *log,
          const char *name,
          JsonObject *fields,
          Seen       *seen)
{
  g_assert_true (g_thread_self () == seen->main_thread);
  g_free (seen->name);
  seen->name = g_strdup (name);
  seen->value = json_object_get_int_member_with_default (fields, "value", -1);
  seen->count++;
}

static gpointer
write_from_thread (gpointer data)
{
  JsonObject *fields = json_object_new ();

  json_object_set_int_member (fields, "value", 42);
  sc_event_log_write (data, "from-thread", fields);
  return NULL;
}

static void
test_signal (void)
{
  g_autoptr(ScEventLog) log = sc_event_log_new ();
  Seen seen = { g_thread_self (), NULL, 0, 0 };
  GThread *thread;

  g_signal_connect (log, "event", G_CALLBACK (on_event), &seen);

  thread = g_thread_new ("writer", write_from_thread, log);
  g_thread_join (thread);
  /* Not emitted on the writing thread: it waits for the main context. */
  g_assert_cmpuint (seen.count, ==, 0);
  while (seen.count == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (seen.name, ==, "from-thread");
  g_assert_cmpint (seen.value, ==, 42);

  /* Written from the main thread, the signal comes at once. */
  sc_event_log_write (log, "here", NULL);
  g_assert_cmpuint (seen.count, ==, 2);
  g_assert_cmpstr (seen.name, ==, "here");

  sc_event_log_close (log);
  sc_event_log_write (log, "after-close", NULL);
  g_assert_cmpuint (seen.count, ==, 2);
  g_free (seen.name);
}

static void
test_log_outlives_nothing (void)
{
  ScEventLog *log = sc_event_log_new ();
  Seen seen = { g_thread_self (), NULL, 0, 0 };
  GThread *thread;

  g_signal_connect (log, "event", G_CALLBACK (on_event), &seen);
  thread = g_thread_new ("writer", write_from_thread, log);
  g_thread_join (thread);

  /* A pending emission does not keep the log alive, nor fire on a dead one. */
  g_object_unref (log);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (seen.count, ==, 0);
}

static void
test_stream (void)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(ScEventLog) log = sc_event_log_new_for_stream (stream);
  JsonObject *fields = json_object_new ();
  g_autofree char *text = NULL;

  json_object_set_string_member (fields, "layout", "pip");
  sc_event_log_write (log, "layout", fields);
  sc_event_log_close (log);

  g_assert_true (g_output_stream_is_closed (stream));
  text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)));
  g_assert_true (g_str_has_prefix (text, "{\"event\":\"layout\",\"t\":"));
  g_assert_true (g_str_has_suffix (text, ",\"layout\":\"pip\"}\n"));
}

static void
test_stdout (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ScEventLog) log = sc_event_log_new_for_path ("-", &error);

      g_assert_no_error (error);
      sc_event_log_write (log, "hello", NULL);
      sc_event_log_close (log);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*{\"event\":\"hello\",\"t\":*}\n*");
}

static void
test_bad_path (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "no", "such", "dir.jsonl", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScEventLog) log = sc_event_log_new_for_path (path, &error);

  g_assert_null (log);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, path));
}

/* Every double is written with at most three decimals, wherever it is. */
static void
test_numbers (void)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonArray) array = json_array_new ();
  JsonObject *inner = json_object_new ();
  g_autofree char *text = NULL;

  json_object_set_double_member (object, "fps", 29.970000000000002);
  json_object_set_double_member (object, "duration_s", 3.0299999999999998);
  json_object_set_double_member (object, "sum", 0.1 + 0.2);
  json_object_set_double_member (object, "whole", 12.0);
  json_object_set_double_member (object, "tiny", -0.00001);
  json_object_set_double_member (object, "round_up", 2.9996);
  json_object_set_double_member (object, "nan", NAN);
  json_object_set_int_member (object, "bytes", G_GINT64_CONSTANT (9007199254740993));
  json_array_add_double_element (array, 1.0 / 3.0);
  json_object_set_double_member (inner, "kbps", 3512.4999999);
  json_array_add_object_element (array, inner);
  json_object_set_array_member (object, "list", json_array_ref (array));
  json_object_set_string_member (object, "text", "tab\\there \x01");

  text = sc_event_log_serialize (object);
  g_assert_cmpstr (text, ==,
                   "{\"fps\":29.97,\"duration_s\":3.03,\"sum\":0.3,\"whole\":12.0,"
                   "\"tiny\":0.0,\"round_up\":3.0,\"nan\":null,\"bytes\":9007199254740993,"
                   "\"list\":[0.333,{\"kbps\":3512.5}],\"text\":\"tab\\\\there \\u0001\"}");
}

/* A database another instance holds locked: the file goes on at once, and
 * every event reaches the database once the lock is gone. */
static void
test_database_busy (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *db_path = g_build_filename (fixture->dir, "shows.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScEventLog) log = sc_event_log_new_for_path (fixture->path, &error);
  g_autoptr(GPtrArray) events = NULL;
  sqlite3 *other = NULL;
  sqlite3_stmt *count = NULL;
  gint64 deadline;
  gint64 show_id;

  g_assert_no_error (error);
  g_assert_true (sc_event_log_set_database (log, db_path, "Busy", &error));
  g_assert_no_error (error);
  show_id = sc_event_log_get_show_id (log);
  g_assert_cmpint (show_id, >, 0);

  g_assert_cmpint (sqlite3_open (db_path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);

  for (guint i = 0; i < 500; i++)
    {
      JsonObject *fields = json_object_new ();

      json_object_set_int_member (fields, "seq", i);
      sc_event_log_write (log, "tick", fields);
    }

  /* The file has them all while the database is still locked. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autofree char *contents = NULL;
      guint lines = 0;

      if (g_file_get_contents (fixture->path, &contents, NULL, NULL))
        for (const char *p = contents; *p != '\0'; p++)
          lines += *p == '\n';
      if (lines == 500)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
  /* Longer than one attempt: the writer met the lock and must retry. */
  g_usleep (600 * 1000);
  g_assert_cmpint (sqlite3_exec (other, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);

  sc_event_log_close (log);
  g_assert_cmpint (sqlite3_prepare_v2 (other, "SELECT count(*) FROM events WHERE show_id = ?",
                                       -1, &count, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (count, 1, show_id);
  g_assert_cmpint (sqlite3_step (count), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (count, 0), ==, 500);
  sqlite3_finalize (count);
  g_assert_cmpint (sqlite3_prepare_v2 (other, "PRAGMA journal_mode", -1, &count, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (count), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (count, 0), ==, "wal");
  sqlite3_finalize (count);
  sqlite3_close (other);

  events = read_events (fixture->path);
  g_assert_cmpuint (events->len, ==, 500);
  g_unlink (db_path);
  {
    g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
}

#define N_SHOW_EVENTS 3000

static gpointer
write_show (gpointer data)
{
  ScEventLog *log = data;

  for (guint i = 0; i < N_SHOW_EVENTS; i++)
    {
      JsonObject *fields = json_object_new ();

      json_object_set_int_member (fields, "seq", i);
      sc_event_log_write (log, "chat", fields);
      /* Like a show: a burst, a pause, so both commit many times. */
      if (i % 300 == 299)
        g_usleep (150 * 1000);
    }
  return NULL;
}

/* Two shows on one shows.sqlite, at the same time: each keeps every event. */
static void
test_two_shows (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *db_path = g_build_filename (fixture->dir, "shows.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  ScEventLog *logs[2];
  GThread *threads[2];
  gint64 ids[2];
  sqlite3 *db = NULL;

  for (guint i = 0; i < 2; i++)
    {
      logs[i] = sc_event_log_new ();
      g_assert_true (sc_event_log_set_database (logs[i], db_path, "Show", &error));
      g_assert_no_error (error);
      ids[i] = sc_event_log_get_show_id (logs[i]);
    }
  g_assert_cmpint (ids[0], !=, ids[1]);
  for (guint i = 0; i < 2; i++)
    threads[i] = g_thread_new ("show", write_show, logs[i]);
  for (guint i = 0; i < 2; i++)
    {
      g_thread_join (threads[i]);
      sc_event_log_close (logs[i]);
      g_object_unref (logs[i]);
    }

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  for (guint i = 0; i < 2; i++)
    {
      sqlite3_stmt *count = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*), count(DISTINCT json_extract "
                                           "(data, '$.seq')) FROM events WHERE show_id = ?",
                                           -1, &count, NULL), ==, SQLITE_OK);
      sqlite3_bind_int64 (count, 1, ids[i]);
      g_assert_cmpint (sqlite3_step (count), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int64 (count, 0), ==, N_SHOW_EVENTS);
      g_assert_cmpint (sqlite3_column_int64 (count, 1), ==, N_SHOW_EVENTS);
      sqlite3_finalize (count);
    }
  sqlite3_close (db);
  g_unlink (db_path);
  {
    g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/studio/event-log/format", Fixture, NULL,
              fixture_set_up, test_format, fixture_tear_down);
  g_test_add ("/studio/event-log/threads", Fixture, NULL,
              fixture_set_up, test_threads, fixture_tear_down);
  g_test_add_func ("/studio/event-log/signal", test_signal);
  g_test_add_func ("/studio/event-log/signal-after-unref", test_log_outlives_nothing);
  g_test_add_func ("/studio/event-log/stream", test_stream);
  g_test_add_func ("/studio/event-log/stdout", test_stdout);
  g_test_add ("/studio/event-log/bad-path", Fixture, NULL,
              fixture_set_up, test_bad_path, fixture_tear_down);
  g_test_add_func ("/studio/event-log/numbers", test_numbers);
  g_test_add ("/studio/event-log/database-busy", Fixture, NULL,
              fixture_set_up, test_database_busy, fixture_tear_down);
  g_test_add ("/studio/event-log/two-shows", Fixture, NULL,
              fixture_set_up, test_two_shows, fixture_tear_down);

  return g_test_run ();
}
