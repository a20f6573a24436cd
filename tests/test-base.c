/* test-base.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "base/sc-backoff.h"
#include "base/sc-json-reader.h"
#include "base/sc-json-util.h"
#include "base/sc-process.h"
#include "base/sc-task.h"

#define TEST_ERROR (g_quark_from_static_string ("test-error"))

enum { TEST_INVALID = 7, TEST_NOT_FOUND = 8 };

typedef struct {
  JsonParser   *parser;
  JsonObject   *root;
  ScJsonReader *reader;
} Doc;

static void
doc_load (Doc        *doc,
          const char *json)
{
  g_autoptr(GError) error = NULL;

  doc->parser = json_parser_new ();
  json_parser_load_from_data (doc->parser, json, -1, &error);
  g_assert_no_error (error);
  doc->root = json_node_get_object (json_parser_get_root (doc->parser));
  doc->reader = sc_json_reader_new ("doc.json", TEST_ERROR, TEST_INVALID, TEST_NOT_FOUND);
  sc_json_reader_note_literals (doc->reader, json, -1);
}

static void
doc_clear (Doc *doc)
{
  g_clear_object (&doc->parser);
  g_clear_pointer (&doc->reader, sc_json_reader_free);
}

/* The reader's only error, which must read @message. */
static void
assert_one_error (Doc        *doc,
                  const char *message)
{
  GPtrArray *errors = sc_json_reader_get_errors (doc->reader);

  g_assert_cmpuint (errors->len, ==, 1);
  g_assert_error ((GError *)g_ptr_array_index (errors, 0), TEST_ERROR, TEST_INVALID);
  g_assert_cmpstr (((GError *)g_ptr_array_index (errors, 0))->message, ==, message);
}

static void
test_reader_getters (void)
{
  Doc doc = { 0 };
  JsonObject *object = NULL;
  JsonArray *array = NULL;
  const char *text = "default";
  char *copy = g_strdup ("old");
  gboolean flag = FALSE;
  int number = 3;
  double real = 0.5;
  GStrv list = NULL;

  doc_load (&doc, "{\"o\": {\"s\": \"hi\", \"b\": true, \"i\": 42, \"d\": 2.5, \"di\": 2,"
                  " \"l\": [\"a\", \"b\"], \"n\": null}, \"a\": [1]}");
  g_assert_true (sc_json_reader_get_object (doc.reader, doc.root, "$", "o", &object));
  g_assert_nonnull (object);
  g_assert_true (sc_json_reader_get_array (doc.reader, doc.root, "$", "a", &array));
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_true (sc_json_reader_get_string (doc.reader, object, "$.o", "s", &text));
  g_assert_cmpstr (text, ==, "hi");
  g_assert_true (sc_json_reader_dup_string (doc.reader, object, "$.o", "s", &copy));
  g_assert_cmpstr (copy, ==, "hi");
  g_assert_true (sc_json_reader_get_bool (doc.reader, object, "$.o", "b", &flag));
  g_assert_true (flag);
  g_assert_true (sc_json_reader_get_int (doc.reader, object, "$.o", "i", 0, 100, "n", &number));
  g_assert_cmpint (number, ==, 42);
  g_assert_true (sc_json_reader_get_double (doc.reader, object, "$.o", "d", 0, 10, "x", &real));
  g_assert_cmpfloat (real, ==, 2.5);
  /* An integer is a number too. */
  g_assert_true (sc_json_reader_get_double (doc.reader, object, "$.o", "di", 0, 10, "x", &real));
  g_assert_cmpfloat (real, ==, 2.0);
  g_assert_true (sc_json_reader_get_string_list (doc.reader, object, "$.o", "l", &list));
  g_assert_cmpstrv (list, ((const char *[]) { "a", "b", NULL }));

  /* Absent and null leave the value as it was. */
  text = "kept";
  g_assert_true (sc_json_reader_get_string (doc.reader, object, "$.o", "n", &text));
  g_assert_true (sc_json_reader_get_string (doc.reader, object, "$.o", "absent", &text));
  g_assert_cmpstr (text, ==, "kept");
  g_assert_true (sc_json_reader_get_int (doc.reader, object, "$.o", "n", 0, 1, "n", &number));
  g_assert_cmpint (number, ==, 42);
  g_assert_cmpuint (sc_json_reader_get_n_errors (doc.reader), ==, 0);
  g_assert_true (sc_json_reader_propagate (doc.reader, NULL));

  g_free (copy);
  g_strfreev (list);
  doc_clear (&doc);
}

typedef struct {
  const char *json;
  const char *message;
} BadCase;

static void
test_reader_errors (void)
{
  static const BadCase cases[] = {
    { "{\"o\": {\"i\": \"12\"}}", "doc.json: $.o.i: expected an integer from 1 to 9, got \"12\"" },
    { "{\"o\": {\"i\": 12.0}}", "doc.json: $.o.i: expected an integer from 1 to 9, got 12" },
    { "{\"o\": {\"i\": 10}}", "doc.json: $.o.i: expected an integer from 1 to 9, got 10" },
    { "{\"o\": {\"i\": 99999999999999999999}}",
      "doc.json: $.o.i: expected an integer from 1 to 9, got 99999999999999999999" },
    { "{\"o\": {\"i\": -99999999999999999999}}",
      "doc.json: $.o.i: expected an integer from 1 to 9, got -99999999999999999999" },
    { "{\"o\": {\"s\": \"\"}}", "doc.json: $.o.s: expected a non-empty string, got \"\"" },
    { "{\"o\": {\"s\": 5}}", "doc.json: $.o.s: expected a non-empty string, got 5" },
    { "{\"o\": {\"b\": \"yes\"}}", "doc.json: $.o.b: expected true or false, got \"yes\"" },
    { "{\"o\": {\"d\": true}}", "doc.json: $.o.d: expected a number, got true" },
    { "{\"o\": {\"d\": 1e3}}", "doc.json: $.o.d: expected a number, got 1000" },
    { "{\"o\": {\"l\": [\"a\", 3]}}", "doc.json: $.o.l[1]: expected a non-empty string, got 3" },
    { "{\"o\": {\"l\": {}}}", "doc.json: $.o.l: expected an array, got an object" },
    { "{\"o\": {\"x\": 1}}",
      "doc.json: $.o: unknown member \"x\" (expected one of i, s, b, d, l)" },
    { "{\"o\": [1]}", "doc.json: $.o: expected an object, got an array" },
  };
  static const char * const allowed[] = { "i", "s", "b", "d", "l", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Doc doc = { 0 };
      JsonObject *object = NULL;
      const char *text = NULL;
      gboolean flag = FALSE;
      int number = 5;
      double real = 1;
      GStrv list = NULL;
      gboolean ok;

      g_test_message ("%s", cases[i].json);
      doc_load (&doc, cases[i].json);
      ok = sc_json_reader_get_object (doc.reader, doc.root, "$", "o", &object);
      if (object != NULL)
        {
          ok &= sc_json_reader_check_members (doc.reader, object, "$.o", allowed);
          ok &= sc_json_reader_get_int (doc.reader, object, "$.o", "i", 1, 9,
                                        "an integer from 1 to 9", &number);
          ok &= sc_json_reader_get_string (doc.reader, object, "$.o", "s", &text);
          ok &= sc_json_reader_get_bool (doc.reader, object, "$.o", "b", &flag);
          ok &= sc_json_reader_get_double (doc.reader, object, "$.o", "d", 0, 100,
                                           "a number", &real);
          ok &= sc_json_reader_get_string_list (doc.reader, object, "$.o", "l", &list);
        }
      g_assert_false (ok);
      assert_one_error (&doc, cases[i].message);
      /* A failed getter leaves the value alone. */
      g_assert_cmpint (number, ==, 5);
      g_assert_cmpfloat (real, ==, 1);
      g_assert_null (list);
      doc_clear (&doc);
    }
}

/* Errors are collected: every wrong member is reported, in document order,
 * and propagate() hands out the first. */
static void
test_reader_collects (void)
{
  Doc doc = { 0 };
  g_autoptr(GError) error = NULL;
  GPtrArray *errors;
  int a = 0, b = 0;
  gboolean flag = FALSE;

  doc_load (&doc, "{\"a\": -1, \"b\": 1, \"c\": 3, \"d\": \"x\"}");
  sc_json_reader_get_int (doc.reader, doc.root, "$", "a", 0, 10, "0 to 10", &a);
  sc_json_reader_get_int (doc.reader, doc.root, "$", "b", 0, 10, "0 to 10", &b);
  sc_json_reader_get_bool (doc.reader, doc.root, "$", "c", &flag);
  sc_json_reader_get_bool (doc.reader, doc.root, "$", "d", &flag);
  errors = sc_json_reader_get_errors (doc.reader);
  g_assert_cmpuint (errors->len, ==, 3);
  g_assert_cmpstr (((GError *)errors->pdata[0])->message, ==,
                   "doc.json: $.a: expected 0 to 10, got -1");
  g_assert_cmpstr (((GError *)errors->pdata[1])->message, ==,
                   "doc.json: $.c: expected true or false, got 3");
  g_assert_cmpstr (((GError *)errors->pdata[2])->message, ==,
                   "doc.json: $.d: expected true or false, got \"x\"");
  g_assert_cmpint (b, ==, 1);
  g_assert_false (sc_json_reader_propagate (doc.reader, &error));
  g_assert_error (error, TEST_ERROR, TEST_INVALID);
  g_assert_cmpstr (error->message, ==, "doc.json: $.a: expected 0 to 10, got -1");
  doc_clear (&doc);
}

/* Numbers beyond 64 bits are quoted as written, wherever they are. */
static void
test_reader_big_numbers (void)
{
  Doc doc = { 0 };
  JsonArray *array = NULL;
  JsonObject *item;
  double real = 0;
  int retries = 0;

  doc_load (&doc, "{\"list\": [{\"v\": 1}, {\"v\": 123456789012345678901234567890}],"
                  " \"key \\\"q\\\"\": 1, \"r\": 99999999999999999999,"
                  " \"ok\": 9223372036854775807, \"neg\": -9223372036854775808,"
                  " \"inf\": -1e400}");
  sc_json_reader_get_array (doc.reader, doc.root, "$", "list", &array);
  item = json_array_get_object_element (array, 1);
  g_assert_false (sc_json_reader_get_double (doc.reader, item, "$.list[1]", "v", 0, 1e40,
                                             "a number", &real));
  assert_one_error (&doc, "doc.json: $.list[1].v: expected a number, "
                          "got 123456789012345678901234567890");
  g_ptr_array_set_size (sc_json_reader_get_errors (doc.reader), 0);

  /* -1 is a valid count of retries; what was written is not. */
  g_assert_false (sc_json_reader_get_int (doc.reader, doc.root, "$", "r", -1, G_MAXINT,
                                          "retries", &retries));
  assert_one_error (&doc, "doc.json: $.r: expected retries, got 99999999999999999999");
  g_ptr_array_set_size (sc_json_reader_get_errors (doc.reader), 0);

  g_assert_false (sc_json_reader_get_double (doc.reader, doc.root, "$", "inf", 0, 10,
                                             "a number", &real));
  assert_one_error (&doc, "doc.json: $.inf: expected a number, got -1e400");
  g_ptr_array_set_size (sc_json_reader_get_errors (doc.reader), 0);

  /* The largest and smallest 64-bit integers are numbers json-glib holds. */
  g_assert_true (sc_json_reader_get_double (doc.reader, doc.root, "$", "ok", 0, 1e19,
                                            "a number", &real));
  g_assert_true (sc_json_reader_get_double (doc.reader, doc.root, "$", "neg", -1e19, 0,
                                            "a number", &real));
  g_assert_cmpuint (sc_json_reader_get_n_errors (doc.reader), ==, 0);
  doc_clear (&doc);
}

static void
test_reader_files_and_secrets (void)
{
  g_autoptr(ScJsonReader) reader = NULL;
  g_autoptr(GFile) base = g_file_new_for_path (g_get_tmp_dir ());
  g_autoptr(GFile) relative = NULL;
  g_autoptr(GFile) missing = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *missing_path = NULL;
  JsonObject *root;
  GPtrArray *errors;

  reader = sc_json_reader_new ("doc.json", TEST_ERROR, TEST_INVALID, TEST_NOT_FOUND);
  sc_json_reader_set_base (reader, base);
  relative = sc_json_reader_resolve_file (reader, "x/y.png");
  expected = g_build_filename (g_get_tmp_dir (), "x", "y.png", NULL);
  g_assert_cmpstr (g_file_peek_path (relative), ==, expected);

  missing_path = g_build_filename (g_get_tmp_dir (), "shopcast-no-such-file.png", NULL);
  missing = g_file_new_for_path (missing_path);
  g_assert_false (sc_json_reader_check_file (reader, missing, "$.logo"));
  errors = sc_json_reader_get_errors (reader);
  g_assert_error ((GError *)errors->pdata[0], TEST_ERROR, TEST_NOT_FOUND);
  g_assert_nonnull (strstr (((GError *)errors->pdata[0])->message, missing_path));
  g_ptr_array_set_size (errors, 0);

  g_setenv ("SC_TEST_SECRET", "s3cret-value", TRUE);
  g_unsetenv ("SC_TEST_UNSET");
  json_parser_load_from_data (parser, "{\"set\": \"SC_TEST_SECRET\", \"unset\": "
                                      "\"SC_TEST_UNSET\", \"bad\": \"no-dash\"}", -1, NULL);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (sc_json_reader_resolve_secret (reader, root, "$", "set", TRUE, &name, &value));
  g_assert_cmpstr (name, ==, "SC_TEST_SECRET");
  g_assert_cmpstr (value, ==, "s3cret-value");
  g_assert_false (sc_json_reader_resolve_secret (reader, root, "$", "unset", TRUE, NULL,
                                                 &value));
  g_assert_false (sc_json_reader_resolve_secret (reader, root, "$", "bad", TRUE, NULL, &value));
  g_assert_cmpuint (errors->len, ==, 2);
  g_assert_cmpstr (((GError *)errors->pdata[0])->message, ==,
                   "doc.json: $.unset: environment variable SC_TEST_UNSET is not set");
  g_assert_nonnull (strstr (((GError *)errors->pdata[1])->message, "\"no-dash\""));
  for (guint i = 0; i < errors->len; i++)
    g_assert_null (strstr (((GError *)errors->pdata[i])->message, "s3cret"));
  g_unsetenv ("SC_TEST_SECRET");
}

static void
test_pretty_string (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GError) error = NULL;
  const char *expected =
    "{\n"
    "  \"s\": \"a \\\"q\\\" \\\\ \\n é\",\n"
    "  \"n\": 1.1,\n"
    "  \"i\": -3,\n"
    "  \"list\": [\"x\", 2, true, null],\n"
    "  \"objects\": [\n"
    "    {\n"
    "      \"a\": 1\n"
    "    },\n"
    "    {}\n"
    "  ],\n"
    "  \"empty\": []\n"
    "}\n";

  json_parser_load_from_data (parser, expected, -1, &error);
  g_assert_no_error (error);
  text = sc_json_to_pretty_string (json_parser_get_root (parser));
  g_assert_cmpstr (text, ==, expected);

  /* And it reads back as the same tree. */
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  again = sc_json_to_pretty_string (json_parser_get_root (parser));
  g_assert_cmpstr (again, ==, text);
}

static void
test_file_to_text (void)
{
  g_autoptr(GFile) base = g_file_new_for_path ("/home/ann/shows");
  g_autoptr(GFile) inside = g_file_new_for_path ("/home/ann/shows/images/a.png");
  g_autoptr(GFile) beside = g_file_new_for_path ("/home/ann/catalogs/c.json");
  g_autoptr(GFile) far = g_file_new_for_path ("/usr/share/x.svg");
  g_autoptr(GFile) resource = g_file_new_for_uri ("resource:///io/x/logo.svg");
  g_autofree char *a = sc_json_file_to_text (inside, base);
  g_autofree char *b = sc_json_file_to_text (beside, base);
  g_autofree char *c = sc_json_file_to_text (far, base);
  g_autofree char *d = sc_json_file_to_text (resource, base);
  g_autofree char *e = sc_json_file_to_text (inside, NULL);

  g_assert_cmpstr (a, ==, "images/a.png");
  g_assert_cmpstr (b, ==, "../catalogs/c.json");
  g_assert_cmpstr (c, ==, "/usr/share/x.svg");
  g_assert_cmpstr (d, ==, "resource:///io/x/logo.svg");
  g_assert_cmpstr (e, ==, "/home/ann/shows/images/a.png");
}

static void
test_describe_node (void)
{
  g_autoptr(JsonNode) long_string = json_node_init_string (json_node_alloc (),
                                                           "Teekanne – 茶, a teapot with a very "
                                                           "long name indeed");
  g_autoptr(JsonNode) number = json_node_init_double (json_node_alloc (), 19.9);
  g_autofree char *a = sc_json_describe_node (long_string);
  g_autofree char *b = sc_json_describe_node (number);

  g_assert_cmpstr (a, ==, "\"Teekanne – 茶, a teapot with a very long …\"");
  g_assert_cmpstr (b, ==, "19.9");
}

static void
test_backoff_growth_and_cap (void)
{
  ScBackoff backoff;

  sc_backoff_init (&backoff, 2.0, 10.0, 2.0, 0.0);
  g_assert_cmpfloat (sc_backoff_next (&backoff), ==, 2.0);
  g_assert_cmpfloat (sc_backoff_next (&backoff), ==, 4.0);
  g_assert_cmpfloat (sc_backoff_next (&backoff), ==, 8.0);
  g_assert_cmpfloat (sc_backoff_next (&backoff), ==, 10.0);
  g_assert_cmpfloat (sc_backoff_next (&backoff), ==, 10.0);
  g_assert_cmpuint (sc_backoff_get_attempt (&backoff), ==, 5);

  sc_backoff_reset (&backoff);
  g_assert_cmpuint (sc_backoff_get_attempt (&backoff), ==, 0);
  g_assert_cmpfloat (sc_backoff_next (&backoff), ==, 2.0);
  sc_backoff_clear (&backoff);

  /* A factor that would not grow is replaced by 2; max below initial is initial. */
  sc_backoff_init (&backoff, 3.0, 1.0, 0.5, 0.0);
  g_assert_cmpfloat (sc_backoff_next (&backoff), ==, 3.0);
  g_assert_cmpfloat (sc_backoff_next (&backoff), ==, 3.0);
  sc_backoff_clear (&backoff);
}

static double
backoff_nominal (const ScBackoff *backoff)
{
  return backoff->current_s;
}

static void
test_backoff_jitter (void)
{
  ScBackoff a, b;
  gboolean varied = FALSE;
  double first = -1;

  sc_backoff_init (&a, 1.0, 60.0, 1.5, 0.25);
  sc_backoff_init (&b, 1.0, 60.0, 1.5, 0.25);
  sc_backoff_set_seed (&a, 42);
  sc_backoff_set_seed (&b, 42);
  for (guint i = 0; i < 200; i++)
    {
      double delay = sc_backoff_next (&a);
      double nominal = backoff_nominal (&a);

      /* Within ±25 % of the un-jittered delay, the same for the same seed. */
      g_assert_cmpfloat (delay, >=, nominal * 0.75);
      g_assert_cmpfloat (delay, <=, nominal * 1.25);
      g_assert_cmpfloat (delay, ==, sc_backoff_next (&b));
      if (i % 10 == 0)
        {
          if (first >= 0 && delay / nominal != first)
            varied = TRUE;
          first = delay / nominal;
          sc_backoff_reset (&a);
          sc_backoff_reset (&b);
        }
    }
  g_assert_true (varied);
  sc_backoff_clear (&a);
  sc_backoff_clear (&b);
}

/* After sc_process_tune_malloc(), a large block freed goes back to the
 * system, and the next one that size is mapped again rather than carved from
 * the heap, where it would stay resident once freed (glibc's default raises
 * its mapping threshold to the size of each mapped block freed). */
/* AddressSanitizer brings its own allocator: GCC says so with
 * __SANITIZE_ADDRESS__, clang with __has_feature. */
#if defined (__has_feature)
#if __has_feature (address_sanitizer)
#define TEST_ASAN 1
#endif
#endif
#if defined (__GLIBC__) && !defined (__SANITIZE_ADDRESS__) && !defined (TEST_ASAN)
#define TEST_GLIBC_MALLOC 1
/* Seen from outside, so that the compiler keeps the blocks. */
void *volatile test_block;
#endif

static void
test_process_malloc (void)
{
#ifdef TEST_GLIBC_MALLOC
  const size_t size = 1024 * 1024;
  struct mallinfo2 before, during;

  sc_process_tune_malloc ();
  test_block = malloc (size);
  memset (test_block, 1, size);
  free (test_block);

  before = mallinfo2 ();
  test_block = malloc (size);
  memset (test_block, 2, size);
  during = mallinfo2 ();
  g_test_message ("mapped blocks %zu -> %zu, %zu -> %zu bytes; heap %zu -> %zu bytes",
                  before.hblks, during.hblks, before.hblkhd, during.hblkhd,
                  before.arena, during.arena);
  g_assert_cmpuint (during.hblks, ==, before.hblks + 1);
  g_assert_cmpuint (during.hblkhd, >=, before.hblkhd + size);
  free (test_block);
  g_assert_cmpuint (mallinfo2 ().hblkhd, ==, before.hblkhd);
#else
  g_test_skip ("Only glibc's own malloc is tuned (not AddressSanitizer's)");
#endif
}

/* GTask's pool full of blocked tasks: sc_task_run_in_new_thread() still runs
 * a task at once, in a thread of the name it was given. */
typedef struct {
  GMutex   lock;
  GCond    cond;
  gboolean release;
  guint    blocked;
  guint    finished;
  char    *ran_in;
  gboolean pool_still_blocked;
} PoolBlock;

static void
block_in_pool (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  PoolBlock *block = task_data;

  g_mutex_lock (&block->lock);
  block->blocked++;
  g_cond_broadcast (&block->cond);
  while (!block->release)
    g_cond_wait (&block->cond, &block->lock);
  g_mutex_unlock (&block->lock);
  g_task_return_boolean (task, TRUE);
}

static void
blocker_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PoolBlock *block = user_data;

  g_assert_true (g_task_propagate_boolean (G_TASK (result), NULL));
  block->finished++;
}

static void
thread_name (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PoolBlock *block = task_data;
  char *comm = NULL;

  g_assert_true (g_file_get_contents ("/proc/thread-self/comm", &comm, NULL, NULL));
  g_mutex_lock (&block->lock);
  block->pool_still_blocked = !block->release;
  g_mutex_unlock (&block->lock);
  g_task_return_pointer (task, g_strchomp (comm), g_free);
}

static void
named_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  PoolBlock *block = user_data;

  block->ran_in = g_task_propagate_pointer (G_TASK (result), NULL);
  g_assert_nonnull (block->ran_in);
}

static void
test_task_new_thread (void)
{
  /* GTask's pool runs ten at a time before it starts to grow. */
  const guint pool_size = 10;
  PoolBlock block = { 0 };
  g_autoptr(GTask) named = NULL;

  g_mutex_init (&block.lock);
  g_cond_init (&block.cond);
  for (guint i = 0; i < pool_size; i++)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, blocker_done_cb, &block);

      g_task_set_task_data (task, &block, NULL);
      g_task_run_in_thread (task, block_in_pool);
    }
  g_mutex_lock (&block.lock);
  while (block.blocked < pool_size)
    g_cond_wait (&block.cond, &block.lock);
  g_mutex_unlock (&block.lock);

  named = g_task_new (NULL, NULL, named_done_cb, &block);
  g_task_set_task_data (named, &block, NULL);
  sc_task_run_in_new_thread (named, "sc-test-own", thread_name);
  while (block.ran_in == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (block.ran_in, ==, "sc-test-own");
  g_assert_true (block.pool_still_blocked);

  g_mutex_lock (&block.lock);
  block.release = TRUE;
  g_cond_broadcast (&block.cond);
  g_mutex_unlock (&block.lock);
  while (block.finished < pool_size)
    g_main_context_iteration (NULL, TRUE);
  g_free (block.ran_in);
  g_cond_clear (&block.cond);
  g_mutex_clear (&block.lock);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/base/json-reader/getters", test_reader_getters);
  g_test_add_func ("/base/json-reader/errors", test_reader_errors);
  g_test_add_func ("/base/json-reader/collects", test_reader_collects);
  g_test_add_func ("/base/json-reader/big-numbers", test_reader_big_numbers);
  g_test_add_func ("/base/json-reader/files-and-secrets", test_reader_files_and_secrets);
  g_test_add_func ("/base/json-util/pretty-string", test_pretty_string);
  g_test_add_func ("/base/json-util/file-to-text", test_file_to_text);
  g_test_add_func ("/base/json-util/describe-node", test_describe_node);
  g_test_add_func ("/base/backoff/growth-and-cap", test_backoff_growth_and_cap);
  g_test_add_func ("/base/backoff/jitter", test_backoff_jitter);
  g_test_add_func ("/base/process/malloc", test_process_malloc);
  g_test_add_func ("/base/task/new-thread", test_task_new_thread);

  return g_test_run ();
}
