/* test-base-json.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "base/sc-backoff.h"
#include "base/sc-error.h"
#include "base/sc-json.h"
#include "base/sc-json-reader.h"
#include "base/sc-redact.h"

static char *
repeat (char  c,
        gsize n)
{
  char *text = g_malloc (n + 1);

  memset (text, c, n);
  text[n] = '\0';
  return text;
}

/* 75 KB of "[" overflowed the stack inside json-glib. */
static void
test_deep (void)
{
  g_autofree char *deep = repeat ('[', 75 * 1024);
  g_autofree char *objects = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sc_json_parse (deep, -1, "reply.json", &error);
  GString *nested = g_string_new (NULL);

  g_assert_null (node);
  g_assert_error (error, SC_JSON_ERROR, SC_JSON_ERROR_TOO_DEEP);
  g_assert_cmpstr (error->message, ==,
                   "reply.json is nested deeper than 64 levels (line 1, column 65)");
  g_clear_error (&error);

  /* Objects count as well as arrays, on any line. */
  for (guint i = 0; i < 65; i++)
    g_string_append (nested, "{\"a\":\n");
  objects = g_string_free (nested, FALSE);
  node = sc_json_parse (objects, -1, "reply.json", &error);
  g_assert_null (node);
  g_assert_error (error, SC_JSON_ERROR, SC_JSON_ERROR_TOO_DEEP);
  g_assert_nonnull (strstr (error->message, "(line 65, column 1)"));
}

/* 64 levels are fine; brackets inside strings, escaped quotes included, are
 * text and do not count. */
static void
test_limit (void)
{
  g_autofree char *open = repeat ('[', SC_JSON_MAX_DEPTH);
  g_autofree char *close = repeat (']', SC_JSON_MAX_DEPTH);
  g_autofree char *at_limit = g_strconcat (open, close, NULL);
  g_autofree char *brackets = repeat ('[', 200);
  g_autofree char *in_string = g_strdup_printf ("{\"a\\\"[\": \"%s\", \"b\": [[1]]}", brackets);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonNode *inner;

  node = sc_json_parse (at_limit, -1, "data", &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  g_clear_pointer (&node, json_node_unref);

  node = sc_json_parse (in_string, strlen (in_string), "data", &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  inner = json_object_get_member (json_node_get_object (node), "a\"[");
  g_assert_cmpstr (json_node_get_string (inner), ==, brackets);

  /* Only @length bytes are read: the rest may be anything. */
  g_clear_pointer (&node, json_node_unref);
  node = sc_json_parse ("[1]garbage", 3, "data", &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_array_get_int_element (json_node_get_array (node), 0), ==, 1);

  g_assert_true (sc_json_check_depth ("[[]]", 4, 2, "data", &error));
  g_assert_false (sc_json_check_depth ("[[[]]]", 6, 2, "data", &error));
  g_assert_error (error, SC_JSON_ERROR, SC_JSON_ERROR_TOO_DEEP);
}

/* json-glib refuses NULL without setting an error: that crashed the
 * WooCommerce provider on a 200 with an empty body. */
static void
test_empty (void)
{
  const char *inputs[] = { NULL, "", "  \n\t" };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = sc_json_parse (inputs[i], -1, "the answer", &error);

      g_assert_null (node);
      g_assert_error (error, SC_JSON_ERROR, SC_JSON_ERROR_EMPTY);
      g_assert_cmpstr (error->message, ==, "the answer is empty");
    }
}

static void
test_syntax (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = sc_json_parse ("{\"a\": 1,\n \"b\": [}", -1, "shop.json", &error);

  g_assert_null (node);
  g_assert_error (error, SC_JSON_ERROR, SC_JSON_ERROR_SYNTAX);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "shop.json:2:"));
  g_assert_null (strstr (error->message, "<data>"));
}

/* json-glib 1.6 takes "{}{}" or "8{}" for its first value, drops the rest
 * and leaks it (found by tests/fuzz/fuzz-show): one document, one value. */
static void
test_one_value (void)
{
  const char *refused[][2] = {
    { "{}{}", "show.json:1:3: more than one value: a document is one object or array" },
    { "8{}", "show.json:1:2: more than one value: a document is one object or array" },
    { "{\"a\": 1}\n  [2]", "show.json:1:9: more than one value: a document is one object or array" },
    { "\"x\"\"y\"", "show.json:1:4: more than one value: a document is one object or array" },
  };
  const char *accepted[] = {
    " {\"a\": \"}{\", \"b\": [\"]\\\"[\"]}\n\n",
    "[1, {\"c\": []}] ",
    "-12.5e3",
    "\"text\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = sc_json_parse (refused[i][0], -1, "show.json", &error);

      g_assert_null (node);
      g_assert_error (error, SC_JSON_ERROR, SC_JSON_ERROR_SYNTAX);
      g_assert_cmpstr (error->message, ==, refused[i][1]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = sc_json_parse (accepted[i], -1, "show.json", &error);

      g_assert_no_error (error);
      g_assert_nonnull (node);
    }
}

static void
test_redact_url (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl", "rtmp://a.rtmp.youtube.com/live2/***" },
    { "rtmps://user:pass@live.example:443/app/key?x=1", "rtmps://***@live.example:443/app/***" },
    { "rtmp://127.0.0.1:1935/live", "rtmp://127.0.0.1:1935/live" },
    { "rtmp://host", "rtmp://host" },
    { "rtmp://host?key=secret", "rtmp://host/***" },
    { "https://www.googleapis.com/youtube/v3?key=secret",
      "https://www.googleapis.com/youtube/***" },
    { "https://shop.example/wp-json?consumer_key=ck", "https://shop.example/wp-json/***" },
    { "not a url", "***" },
    { NULL, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = sc_redact_url (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_redact_text (void)
{
  const ScRedaction secrets[] = {
    { "rtmp://host/live/KEY", "rtmp://host/live/***" },
    { "KEY", "***" },
    { NULL, "never" },
    { "", "never" },
  };
  g_autofree char *out = sc_redact_text ("connect rtmp://host/live/KEY failed; key KEY",
                                         secrets, G_N_ELEMENTS (secrets));

  g_assert_cmpstr (out, ==, "connect rtmp://host/live/*** failed; key ***");
}

static void
test_loopback (void)
{
  const char *yes[] = { "localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]" };
  const char *no[] = { NULL, "", "example.com", "192.0.2.1", "::2", "127.0.0.1.example.com",
                       "localhost.example.com", "[" };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    g_assert_true (sc_host_is_loopback (yes[i]));
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    g_assert_false (sc_host_is_loopback (no[i]));
}

static void
test_backoff_doubles (void)
{
  const double expected[] = { 0.5, 1, 2, 4, 5, 5 };
  ScBackoff backoff;

  sc_backoff_init (&backoff, 0.5, 5, 2, 0);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpfloat (sc_backoff_next (&backoff), ==, expected[i]);
  g_assert_cmpuint (sc_backoff_get_attempt (&backoff), ==, G_N_ELEMENTS (expected));
  sc_backoff_reset (&backoff);
  g_assert_cmpuint (sc_backoff_get_attempt (&backoff), ==, 0);
  g_assert_cmpfloat (sc_backoff_next (&backoff), ==, 0.5);
  sc_backoff_clear (&backoff);
}

/* Jitter stays within its fraction, really varies, and a seed repeats it. */
static void
test_backoff_jitter (void)
{
  ScBackoff a, b;
  guint different = 0;

  sc_backoff_init (&a, 1, 1, 2, SC_BACKOFF_DEFAULT_JITTER);
  sc_backoff_init (&b, 1, 1, 2, SC_BACKOFF_DEFAULT_JITTER);
  sc_backoff_set_seed (&a, 42);
  sc_backoff_set_seed (&b, 42);
  for (guint i = 0; i < 100; i++)
    {
      double delay = sc_backoff_next (&a);

      g_assert_cmpfloat (delay, >=, 0.9);
      g_assert_cmpfloat (delay, <=, 1.1);
      g_assert_cmpfloat (delay, ==, sc_backoff_next (&b));
      if (delay != 1.0)
        different++;
    }
  g_assert_cmpuint (different, >, 90);
  sc_backoff_clear (&a);
  sc_backoff_clear (&b);
}

static gboolean
parse_price (const char  *text,
             GError     **error)
{
  if (g_str_equal (text, "19.90"))
    return TRUE;
  return sc_error_fail_at (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "catalog.json",
                           "$.products[2].price", "expected %s, got \"%s\"", "a price", text);
}

static void
test_error_fail_at (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (parse_price ("19.90", &error));
  g_assert_no_error (error);
  g_assert_false (parse_price ("cheap", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==,
                   "catalog.json: $.products[2].price: expected a price, got \"cheap\"");
  g_clear_error (&error);

  g_assert_false (sc_error_fail_at (&error, G_IO_ERROR, G_IO_ERROR_FAILED, "shop.csv", NULL,
                                    "row %u: no title", 3));
  g_assert_cmpstr (error->message, ==, "shop.csv: row 3: no title");
  g_clear_error (&error);
  g_assert_false (sc_error_fail_at (&error, G_IO_ERROR, G_IO_ERROR_FAILED, NULL, NULL, "%d%%", 5));
  g_assert_cmpstr (error->message, ==, "5%");
  /* A caller that does not want the error still gets FALSE. */
  g_assert_false (parse_price ("cheap", NULL));
}

static JsonObject *
parse_object (const char    *text,
              ScJsonReader  *reader,
              JsonNode     **root)
{
  g_autoptr(GError) error = NULL;

  *root = sc_json_parse (text, -1, "test", &error);
  g_assert_no_error (error);
  if (reader != NULL)
    sc_json_reader_note_literals (reader, text, -1);
  return json_node_get_object (*root);
}

/* The message of the error found last. */
static const char *
last_error (ScJsonReader *reader)
{
  GPtrArray *errors = sc_json_reader_get_errors (reader);

  g_assert_cmpuint (errors->len, >, 0);
  return ((GError *)g_ptr_array_index (errors, errors->len - 1))->message;
}

/* Server answers: absent fails, null only where allowed. */
static void
test_reader_need (void)
{
  g_autoptr(ScJsonReader) reader = sc_json_reader_new ("Shop sent", G_IO_ERROR,
                                                       G_IO_ERROR_INVALID_DATA,
                                                       G_IO_ERROR_NOT_FOUND);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = parse_object ("{\"s\": \"\", \"n\": null, \"o\": {}, \"a\": [1],"
                                     " \"b\": true, \"i\": -3, \"d\": 2.5, \"q\": \"7\","
                                     " \"big\": 123456789012345678901234567890,"
                                     " \"gid\": \"gid://x/1\", \"num\": 9007199254740993}",
                                     reader, &root);
  JsonObject *child = NULL;
  JsonArray *array = NULL;
  const char *text = NULL;
  gboolean flag = FALSE, is_null = FALSE, was_integer = FALSE;
  gint64 number = 0;
  g_autofree char *id = NULL;

  g_assert_true (sc_json_reader_need_string (reader, object, "$", "s", FALSE, &text));
  g_assert_cmpstr (text, ==, "");
  g_assert_true (sc_json_reader_need_string (reader, object, "$", "n", TRUE, &text));
  g_assert_null (text);
  g_assert_false (sc_json_reader_need_string (reader, object, "$", "n", FALSE, &text));
  g_assert_cmpstr (last_error (reader), ==, "Shop sent: $.n: expected a string, got null");
  g_assert_false (sc_json_reader_need_string (reader, object, "$", "gone", TRUE, &text));
  g_assert_cmpstr (last_error (reader), ==,
                   "Shop sent: $.gone: expected a string or null, got nothing");
  g_assert_true (sc_json_reader_need_object (reader, object, "$", "o", FALSE, &child));
  g_assert_nonnull (child);
  g_assert_true (sc_json_reader_need_object (reader, object, "$", "n", TRUE, &child));
  g_assert_null (child);
  g_assert_false (sc_json_reader_need_array (reader, object, "$", "o", &array));
  g_assert_cmpstr (last_error (reader), ==, "Shop sent: $.o: expected an array, got an object");
  g_assert_true (sc_json_reader_need_array (reader, object, "$", "a", &array));
  g_assert_true (sc_json_reader_need_bool (reader, object, "$", "b", &flag));
  g_assert_true (flag);

  g_assert_true (sc_json_reader_need_int64 (reader, object, "$", "i", FALSE, G_MININT64,
                                            G_MAXINT64, NULL, &number, NULL));
  g_assert_cmpint (number, ==, -3);
  g_assert_true (sc_json_reader_need_int64 (reader, object, "$", "n", TRUE, G_MININT64,
                                            G_MAXINT64, NULL, &number, &is_null));
  g_assert_true (is_null);
  g_assert_false (sc_json_reader_need_int64 (reader, object, "$", "d", TRUE, G_MININT64,
                                             G_MAXINT64, NULL, &number, NULL));
  g_assert_cmpstr (last_error (reader), ==,
                   "Shop sent: $.d: expected an integer or null, got 2.5");
  g_assert_false (sc_json_reader_need_int64 (reader, object, "$", "q", FALSE, G_MININT64,
                                             G_MAXINT64, NULL, &number, NULL));
  g_assert_cmpstr (last_error (reader), ==, "Shop sent: $.q: expected an integer, got \"7\"");
  g_assert_false (sc_json_reader_need_int64 (reader, object, "$", "i", FALSE, 1, G_MAXINT64,
                                             "a positive integer", &number, NULL));
  /* Beyond 64 bits: quoted as written, never read as -1. */
  g_assert_false (sc_json_reader_need_int64 (reader, object, "$", "big", FALSE, G_MININT64,
                                             G_MAXINT64, NULL, &number, NULL));
  g_assert_cmpstr (last_error (reader), ==,
                   "Shop sent: $.big: expected an integer, got 123456789012345678901234567890");

  g_assert_true (sc_json_reader_need_id (reader, object, "$", "gid", "an id", &id,
                                         &was_integer));
  g_assert_cmpstr (id, ==, "gid://x/1");
  g_assert_false (was_integer);
  /* Past 2^53: still exact, as it never goes through a double. */
  g_assert_true (sc_json_reader_need_id (reader, object, "$", "num", "an id", &id,
                                         &was_integer));
  g_assert_cmpstr (id, ==, "9007199254740993");
  g_assert_true (was_integer);
  g_assert_false (sc_json_reader_need_id (reader, object, "$", "i", "an id", &id, NULL));
  g_assert_false (sc_json_reader_need_id (reader, object, "$", "s", "an id", &id, NULL));
  g_assert_cmpstr (last_error (reader), ==, "Shop sent: $.s: expected an id, got \"\"");

  g_assert_cmpuint (sc_json_reader_get_n_errors (reader), ==, 9);
}

static void
test_reader_decimal (void)
{
  g_autoptr(ScJsonReader) reader = sc_json_reader_new ("f", G_IO_ERROR,
                                                       G_IO_ERROR_INVALID_DATA,
                                                       G_IO_ERROR_NOT_FOUND);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = parse_object ("{\"p\": \"19.90\", \"neg\": \"-3\", \"e\": \"\","
                                     " \"num\": 19.9, \"comma\": \"12,50\", \"dot\": \"1.\","
                                     " \"n\": null}", reader, &root);
  const char *good[] = { "p", "neg" };
  const char *bad[] = { "num", "comma", "dot" };
  const char *text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (sc_json_reader_need_decimal (reader, object, "$", good[i],
                                                SC_JSON_DECIMAL_REQUIRED, "a price", &text));
  g_assert_cmpstr (text, ==, "-3");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (sc_json_reader_need_decimal (reader, object, "$", bad[i],
                                                 SC_JSON_DECIMAL_REQUIRED, "a price", &text));
  g_assert_cmpstr (((GError *)g_ptr_array_index (sc_json_reader_get_errors (reader), 0))->message,
                   ==, "f: $.num: expected a price, got 19.9");

  g_assert_false (sc_json_reader_need_decimal (reader, object, "$", "e",
                                               SC_JSON_DECIMAL_REQUIRED, "a price", &text));
  g_assert_true (sc_json_reader_need_decimal (reader, object, "$", "e",
                                              SC_JSON_DECIMAL_EMPTY_UNSET, "a price", &text));
  g_assert_null (text);
  g_assert_false (sc_json_reader_need_decimal (reader, object, "$", "n",
                                               SC_JSON_DECIMAL_REQUIRED, "a price", &text));
  g_assert_true (sc_json_reader_need_decimal (reader, object, "$", "n",
                                              SC_JSON_DECIMAL_NULLABLE, "a price", &text));
  g_assert_false (sc_json_reader_need_decimal (reader, object, "$", "gone",
                                               SC_JSON_DECIMAL_NULLABLE, "a price", &text));
  g_assert_true (sc_json_reader_need_decimal (reader, object, "$", "gone",
                                              SC_JSON_DECIMAL_OPTIONAL, "a price", &text));
  g_assert_null (text);
  g_assert_cmpuint (sc_json_reader_get_n_errors (reader), ==, 6);
}

static void
test_reader_text_date (void)
{
  g_autoptr(ScJsonReader) reader = sc_json_reader_new ("f", G_IO_ERROR,
                                                       G_IO_ERROR_INVALID_DATA,
                                                       G_IO_ERROR_NOT_FOUND);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  JsonObject *object = parse_object ("{\"e\": \"\", \"t\": \"x\", \"n\": 4,"
                                     " \"when\": \"2024-05-01T10:00:00\", \"bad\": \"soon\","
                                     " \"k\": 10}", reader, &root);
  g_autoptr(GDateTime) date = NULL;
  const char *text = "keep";
  gint64 number = 5;

  g_assert_true (sc_json_reader_get_text (reader, object, "$", "e", TRUE, &text));
  g_assert_null (text);
  g_assert_true (sc_json_reader_get_text (reader, object, "$", "gone", FALSE, &text));
  g_assert_null (text);
  g_assert_false (sc_json_reader_get_text (reader, object, "$", "gone", TRUE, &text));
  g_assert_false (sc_json_reader_get_text (reader, object, "$", "n", FALSE, &text));
  g_assert_true (sc_json_reader_require_string (reader, object, "$", "t", &text));
  g_assert_false (sc_json_reader_require_string (reader, object, "$", "e", &text));
  g_assert_false (sc_json_reader_require_string (reader, object, "$", "gone", &text));

  g_assert_true (sc_json_reader_get_date (reader, object, "$", "when", TRUE, utc, "a date",
                                          &date));
  g_assert_cmpint (g_date_time_get_hour (date), ==, 10);
  g_assert_cmpint (g_date_time_get_utc_offset (date), ==, 0);
  g_clear_pointer (&date, g_date_time_unref);
  g_assert_true (sc_json_reader_get_date (reader, object, "$", "e", FALSE, utc, "a date",
                                          &date));
  g_assert_null (date);
  g_assert_false (sc_json_reader_get_date (reader, object, "$", "bad", FALSE, utc, "a date",
                                           &date));
  g_assert_false (sc_json_reader_get_date (reader, object, "$", "gone", TRUE, utc, "a date",
                                           &date));

  g_assert_true (sc_json_reader_get_int64 (reader, object, "$", "gone", 0, 9, "a digit",
                                           &number));
  g_assert_cmpint (number, ==, 5);
  g_assert_false (sc_json_reader_get_int64 (reader, object, "$", "k", 0, 9, "a digit",
                                            &number));
  g_assert_cmpint (number, ==, 5);
  g_assert_cmpuint (sc_json_reader_get_n_errors (reader), ==, 7);
}

/* Chat lines are viewers' words: errors say what kind of value was sent. */
static void
test_reader_hide_values (void)
{
  g_autoptr(ScJsonReader) reader = sc_json_reader_new ("chat", G_IO_ERROR,
                                                       G_IO_ERROR_INVALID_DATA,
                                                       G_IO_ERROR_NOT_FOUND);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = parse_object ("{\"t\": \"my phone is 555\", \"v\": [{\"reason\": 3},"
                                     " {\"reason\": \"quota\"}]}", reader, &root);
  gboolean flag;
  gint64 number;

  sc_json_reader_set_quote_values (reader, FALSE);
  g_assert_false (sc_json_reader_need_bool (reader, object, "$", "t", &flag));
  g_assert_cmpstr (last_error (reader), ==, "chat: $.t: expected true or false, got a string");

  g_assert_null (sc_json_peek_string (object, "v"));
  g_assert_false (sc_json_peek_int64 (object, "t", &number));
  g_assert_null (sc_json_peek_string (NULL, "v"));
  g_assert_cmpstr (sc_json_peek_string (json_array_get_object_element (
                     json_object_get_array_member (object, "v"), 1), "reason"), ==, "quota");
}

/* Webhook bodies: numeric ids as integers or digit strings, no errors. */
static void
test_peek_id (void)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = parse_object ("{\"i\": 9007199254740993, \"s\": \"42\","
                                     " \"g\": \"gid://x/1\", \"e\": \"\", \"d\": 1.5}",
                                     NULL, &root);
  g_autofree char *i = sc_json_peek_id (object, "i");
  g_autofree char *str = sc_json_peek_id (object, "s");
  gint64 number = 0;

  g_assert_cmpstr (i, ==, "9007199254740993");
  g_assert_cmpstr (str, ==, "42");
  g_assert_null (sc_json_peek_id (object, "g"));
  g_assert_null (sc_json_peek_id (object, "e"));
  g_assert_null (sc_json_peek_id (object, "d"));
  g_assert_null (sc_json_peek_id (object, "gone"));
  g_assert_true (sc_json_peek_int64 (object, "i", &number));
  g_assert_cmpint (number, ==, G_GINT64_CONSTANT (9007199254740993));
  g_assert_false (sc_json_peek_int64 (object, "d", &number));
}

/* Numbers json-glib cannot hold, found in the text for data read without a
 * reader; strings that look like them are not numbers. */
static void
test_unreadable_number (void)
{
  static const struct {
    const char *json;
    const char *path;
    const char *text;
  } cases[] = {
    { "{\"available\": 99999999999999999999}", "$.available", "99999999999999999999" },
    { "{\"a\": [1, {\"b\": -9223372036854775809}]}", "$.a[1].b", "-9223372036854775809" },
    { "{\"x\": 1e400}", "$.x", "1e400" },
    { "{\"ok\": 9223372036854775807, \"s\": \"99999999999999999999\"}", NULL, NULL },
    { "[-9223372036854775808, 0.5, -1]", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = NULL;
      g_autofree char *text = NULL;
      gboolean found = sc_json_find_unreadable_number (cases[i].json, -1, &path, &text);

      g_assert_cmpint (found, ==, cases[i].path != NULL);
      g_assert_cmpstr (path, ==, cases[i].path);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
  g_assert_false (sc_json_find_unreadable_number (NULL, 0, NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/base/json/deep", test_deep);
  g_test_add_func ("/base/json/limit", test_limit);
  g_test_add_func ("/base/json/empty", test_empty);
  g_test_add_func ("/base/json/syntax", test_syntax);
  g_test_add_func ("/base/json/one-value", test_one_value);
  g_test_add_func ("/base/redact/url", test_redact_url);
  g_test_add_func ("/base/redact/text", test_redact_text);
  g_test_add_func ("/base/redact/loopback", test_loopback);
  g_test_add_func ("/base/backoff/doubles", test_backoff_doubles);
  g_test_add_func ("/base/backoff/jitter", test_backoff_jitter);
  g_test_add_func ("/base/error/fail-at", test_error_fail_at);
  g_test_add_func ("/base/json-reader/need", test_reader_need);
  g_test_add_func ("/base/json-reader/decimal", test_reader_decimal);
  g_test_add_func ("/base/json-reader/text-date", test_reader_text_date);
  g_test_add_func ("/base/json-reader/hide-values", test_reader_hide_values);
  g_test_add_func ("/base/json-reader/peek-id", test_peek_id);
  g_test_add_func ("/base/json-reader/unreadable-number", test_unreadable_number);

  return g_test_run ();
}
