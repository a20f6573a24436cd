/* test-report.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

#include "studio/sc-event-log.h"
#include "studio/sc-report.h"
#include "sc-test.h"

/* A scripted show written into a show database as ScEventLog writes it,
 * with the times chosen by the script (a real show's come from its clock),
 * then the report, every file parsed and checked against the script. */

typedef struct {
  char    *dir;
  char    *database;
  char    *out;
  gint64   show_id;
  sqlite3 *db;
} Fixture;

static void
add_event (Fixture    *f,
           double      t,
           const char *event,
           const char *json)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (f->db, "INSERT INTO events (show_id, t, event, data) "
                                       "VALUES (?, ?, ?, ?)", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, f->show_id);
  sqlite3_bind_double (stmt, 2, t);
  sqlite3_bind_text (stmt, 3, event, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, json, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/* A new show in the database, by ScEventLog itself (schema, shows row). */
static void
open_show (Fixture    *f,
           const char *title)
{
  g_autoptr(ScEventLog) log = sc_event_log_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_event_log_set_database (log, f->database, title, &error));
  g_assert_no_error (error);
  f->show_id = sc_event_log_get_show_id (log);
  g_assert_cmpint (f->show_id, >, 0);
  sc_event_log_close (log);
  if (f->db == NULL)
    g_assert_cmpint (sqlite3_open (f->database, &f->db), ==, SQLITE_OK);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = sc_test_make_tmp_dir ("sc-report");
  f->database = g_build_filename (f->dir, "shows.sqlite", NULL);
  f->out = g_build_filename (f->dir, "out", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->db, sqlite3_close);
  sc_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->database);
  g_free (f->out);
}

/* The script: live from t = 5 to 320; the mug, a 5 s candle (too short for
 * a chapter), the mug again, the scarf, the candle; claims, a waitlisted
 * one, stock from the shop, chat with hostile names and texts. */
static void
write_script (Fixture *f)
{
  open_show (f, "Cosy Corner Live");
  add_event (f, 0, "show-started",
             "{\"title\":\"Cosy Corner Live\",\"started_at\":\"2026-12-03T10:00:00+01:00\","
             "\"show_id\":1,\"version\":\"0.1.0\",\"width\":1280,\"height\":720,\"fps\":30,"
             "\"layout\":\"pip\",\"locale\":\"en-US\"}");
  add_event (f, 2, "pinned",
             "{\"product_id\":\"mug-01\",\"title\":\"Stoneware Mug, Sage\",\"code\":\"A1\","
             "\"sku\":\"MUG-SAGE\",\"price\":\"24.00\",\"currency\":\"EUR\"}");
  add_event (f, 3, "stats", "{\"fps\":30.0,\"frames\":90,\"outputs\":[]}");
  add_event (f, 5, "live-started", "{\"outputs\":[]}");
  add_event (f, 10, "chat",
             "{\"platform\":\"twitch\",\"id\":\"m1\",\"author\":\"<script>alert(1)</script>\","
             "\"text\":\"hi <b>all</b> & welcome\"}");
  add_event (f, 12, "chat",
             "{\"platform\":\"youtube\",\"id\":\"m2\",\"author\":\"=cmd|' /C calc'!A0\","
             "\"text\":\"=HYPERLINK(\\\"http://evil.example\\\")\"}");
  add_event (f, 14, "chat",
             "{\"platform\":\"demo\",\"id\":\"m3\",\"author\":\"Quoted, Person\","
             "\"text\":\"He said \\\"great, thanks\\\"\\nbye\"}");
  add_event (f, 16, "chat", "{\"platform\":\"demo\",\"id\":\"m4\",\"author\":\"Eve\",\"text\":\"-2+3\"}");
  add_event (f, 17, "chat", "{\"platform\":\"demo\",\"id\":\"m5\",\"author\":\"Eve\",\"text\":\"@SUM(B9)\"}");
  add_event (f, 18, "chat", "{\"platform\":\"demo\",\"id\":\"m6\",\"author\":\"Fay\",\"text\":\"that sage colour!\"}");
  add_event (f, 20, "chat", "{\"platform\":\"twitch\",\"id\":\"m7\",\"author\":\"Ana\",\"text\":\"SOLD A1 2\",\"author_id\":\"4711\"}");
  add_event (f, 20, "claim",
             "{\"platform\":\"twitch\",\"message_id\":\"m7\",\"author\":\"Ana\",\"author_id\":\"4711\",\"code\":\"A1\","
             "\"product_id\":\"mug-01\",\"title\":\"Stoneware Mug, Sage\",\"variant\":null,"
             "\"quantity\":2,\"claimed\":2,\"sku\":\"MUG-SAGE\",\"price\":\"24.00\",\"currency\":\"EUR\"}");
  add_event (f, 21, "stock-changed",
             "{\"product_id\":\"mug-01\",\"old_stock\":10,\"stock\":8,\"pinned\":true}");
  add_event (f, 30, "chat", "{\"platform\":\"demo\",\"id\":\"m8\",\"author\":\"Gil\",\"text\":\"spam spam\"}");
  add_event (f, 31, "chat-removed", "{\"id\":\"m8\"}");
  add_event (f, 32, "chat-blocked",
             "{\"platform\":\"demo\",\"id\":\"m9\",\"author\":\"Gil\",\"reason\":\"author\"}");
  add_event (f, 40, "chat", "{not json");
  add_event (f, 41, "claim", "[1,2]");
  add_event (f, 65, "pinned",
             "{\"product_id\":\"candle-01\",\"title\":\"Fig & Cedar Soy Candle\",\"code\":\"A2\","
             "\"sku\":\"CANDLE-FIG\",\"price\":\"18.50\",\"currency\":\"EUR\"}");
  add_event (f, 70, "pinned",
             "{\"product_id\":\"mug-01\",\"title\":\"Stoneware Mug, Sage\",\"code\":\"A1\","
             "\"sku\":\"MUG-SAGE\",\"price\":\"24.00\",\"currency\":\"EUR\"}");
  add_event (f, 125, "pinned",
             "{\"product_id\":\"scarf-01\",\"title\":\"Wool Scarf\",\"code\":\"A3\","
             "\"sku\":\"SCARF\",\"price\":\"30.00\",\"currency\":\"EUR\"}");
  add_event (f, 130, "chat", "{\"platform\":\"youtube\",\"id\":\"m10\",\"author\":\"Ben\",\"text\":\"SOLD A3 red\"}");
  add_event (f, 130, "claim",
             "{\"platform\":\"youtube\",\"message_id\":\"m10\",\"author\":\"Ben\",\"code\":\"A3\","
             "\"product_id\":\"scarf-01\",\"title\":\"Wool Scarf\",\"variant\":\"Red\","
             "\"quantity\":1,\"claimed\":1,\"sku\":\"SCARF-RED\",\"price\":\"30.00\",\"currency\":\"EUR\"}");
  add_event (f, 131, "stock-changed",
             "{\"product_id\":\"scarf-01\",\"old_stock\":1,\"stock\":0,\"pinned\":true}");
  add_event (f, 131, "sold-out", "{\"product_id\":\"scarf-01\",\"title\":\"Wool Scarf\"}");
  add_event (f, 140, "chat", "{\"platform\":\"twitch\",\"id\":\"m11\",\"author\":\"Cara\",\"text\":\"sold a3\"}");
  add_event (f, 140, "claim-waitlisted",
             "{\"platform\":\"twitch\",\"message_id\":\"m11\",\"author\":\"Cara\",\"code\":\"A3\","
             "\"product_id\":\"scarf-01\",\"title\":\"Wool Scarf\",\"variant\":null,"
             "\"quantity\":1,\"claimed\":1,\"sku\":\"SCARF\",\"price\":\"30.00\",\"currency\":\"EUR\"}");
  add_event (f, 150, "chat", "{\"platform\":\"demo\",\"id\":\"m12\",\"author\":\"Hal\",\"text\":\"wool or acrylic?\"}");
  add_event (f, 200, "pinned",
             "{\"product_id\":\"candle-01\",\"title\":\"Fig & Cedar Soy Candle\",\"code\":\"A2\","
             "\"sku\":\"CANDLE-FIG\",\"price\":\"18.50\",\"currency\":\"EUR\"}");
  add_event (f, 205, "chat", "{\"platform\":\"demo\",\"id\":\"m13\",\"author\":\"Ida\",\"text\":\"Cedar smells great\"}");
  add_event (f, 210, "chat", "{\"platform\":\"twitch\",\"id\":\"m14\",\"author\":\"Dan\",\"text\":\"SOLD A2 3\"}");
  add_event (f, 210, "claim",
             "{\"platform\":\"twitch\",\"message_id\":\"m14\",\"author\":\"Dan\",\"code\":\"A2\","
             "\"product_id\":\"candle-01\",\"title\":\"Fig & Cedar Soy Candle\",\"variant\":null,"
             "\"quantity\":3,\"claimed\":3,\"sku\":\"CANDLE-FIG\",\"price\":\"18.50\",\"currency\":\"EUR\"}");
  add_event (f, 211, "stock-changed",
             "{\"product_id\":\"candle-01\",\"old_stock\":5,\"stock\":2,\"pinned\":true}");
  add_event (f, 250, "stock-changed",
             "{\"product_id\":\"scarf-01\",\"old_stock\":0,\"stock\":4,\"pinned\":false}");
  add_event (f, 300, "pinned", "{\"product_id\":null}");
  add_event (f, 320, "live-ended", "{}");
  add_event (f, 321, "show-ended", "{\"reason\":\"stopped\",\"duration_s\":321.0}");
}

/* ---- RFC 4180 ----------------------------------------------------------- */

static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  GPtrArray *fields = g_ptr_array_new ();
  GString *field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          p++;
          for (;;)
            {
              g_assert_true (*p != '\0');   /* an unterminated quote */
              if (*p == '"' && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p += 2;
                }
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                g_string_append_c (field, *p++);
            }
        }
      while (*p != '\0' && *p != ',' && *p != '\r')
        {
          g_assert_true (*p != '"' && *p != '\n');   /* quoted when needed */
          g_string_append_c (field, *p++);
        }
      g_ptr_array_add (fields, g_string_free (field, FALSE));
      field = g_string_new (NULL);
      if (*p == ',')
        {
          p++;
          continue;
        }
      g_assert_true (p[0] == '\r' && p[1] == '\n');   /* CRLF line ends */
      p += 2;
      g_ptr_array_add (fields, NULL);
      g_ptr_array_add (rows, g_ptr_array_free (fields, FALSE));
      fields = g_ptr_array_new ();
    }
  g_assert_cmpuint (fields->len, ==, 0);
  g_ptr_array_free (fields, TRUE);
  g_string_free (field, TRUE);
  return rows;
}

static GPtrArray *
read_csv (const char *dir,
          const char *name,
          const char *header)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *rows;
  g_autofree char *first = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  rows = parse_csv (text);
  g_assert_cmpuint (rows->len, >=, 1);
  first = g_strjoinv (",", g_ptr_array_index (rows, 0));
  g_assert_cmpstr (first, ==, header);
  for (guint i = 1; i < rows->len; i++)
    g_assert_cmpuint (g_strv_length (g_ptr_array_index (rows, i)), ==,
                      g_strv_length (g_ptr_array_index (rows, 0)));
  return rows;
}

static const char *
cell (GPtrArray *rows,
      guint      row,
      guint      column)
{
  return ((GStrv)g_ptr_array_index (rows, row))[column];
}

static guint
find_row (GPtrArray  *rows,
          guint       column,
          const char *value)
{
  for (guint i = 1; i < rows->len; i++)
    if (g_strcmp0 (cell (rows, i, column), value) == 0)
      return i;
  g_assert_not_reached ();
}

/* ---- the tests ---------------------------------------------------------- */

static void
test_report_files (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(ScReportSummary) summary = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GPtrArray) chat = NULL;
  g_autofree char *chapters = NULL;
  g_autofree char *chapters_path = NULL;
  guint r;

  write_script (f);
  g_assert_true (sc_report_write (f->database, "latest", f->out, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpint (summary.show_id, ==, f->show_id);
  g_assert_cmpuint (summary.skipped_rows, ==, 2);   /* "{not json", "[1,2]" */
  g_assert_cmpuint (summary.products, ==, 3);
  g_assert_cmpuint (summary.claims, ==, 4);
  g_assert_cmpuint (summary.chapters, ==, 3);
  g_assert_null (summary.chapters_note);

  products = read_csv (f->out, "products.csv",
                       "product_id,title,code,sku,seconds_on_air,times_pinned,chat_mentions,"
                       "claims,waitlisted,quantity_claimed,stock_start,stock_end,sold,"
                       "claimed_value,currency");
  g_assert_cmpuint (products->len, ==, 4);
  r = find_row (products, 0, "mug-01");
  g_assert_cmpstr (cell (products, r, 1), ==, "Stoneware Mug, Sage");
  g_assert_cmpstr (cell (products, r, 2), ==, "A1");
  g_assert_cmpstr (cell (products, r, 3), ==, "MUG-SAGE");
  g_assert_cmpstr (cell (products, r, 4), ==, "115.000");   /* 5–65 live, 70–125 */
  g_assert_cmpstr (cell (products, r, 5), ==, "2");
  g_assert_cmpstr (cell (products, r, 6), ==, "2");         /* "SOLD A1 2", "sage" */
  g_assert_cmpstr (cell (products, r, 7), ==, "1");
  g_assert_cmpstr (cell (products, r, 8), ==, "0");
  g_assert_cmpstr (cell (products, r, 9), ==, "2");
  g_assert_cmpstr (cell (products, r, 10), ==, "10");
  g_assert_cmpstr (cell (products, r, 11), ==, "8");
  g_assert_cmpstr (cell (products, r, 12), ==, "2");
  g_assert_cmpstr (cell (products, r, 13), ==, "48.00");
  g_assert_cmpstr (cell (products, r, 14), ==, "EUR");
  r = find_row (products, 0, "candle-01");
  g_assert_cmpstr (cell (products, r, 4), ==, "105.000");   /* 65–70, 200–300 */
  g_assert_cmpstr (cell (products, r, 5), ==, "2");
  g_assert_cmpstr (cell (products, r, 6), ==, "2");         /* "SOLD A2 3", "Cedar" */
  g_assert_cmpstr (cell (products, r, 9), ==, "3");
  g_assert_cmpstr (cell (products, r, 12), ==, "3");
  g_assert_cmpstr (cell (products, r, 13), ==, "55.50");
  r = find_row (products, 0, "scarf-01");
  g_assert_cmpstr (cell (products, r, 4), ==, "75.000");
  g_assert_cmpstr (cell (products, r, 6), ==, "3");         /* A3 twice, "wool" */
  g_assert_cmpstr (cell (products, r, 7), ==, "1");
  g_assert_cmpstr (cell (products, r, 8), ==, "1");
  g_assert_cmpstr (cell (products, r, 10), ==, "1");
  g_assert_cmpstr (cell (products, r, 11), ==, "4");        /* restocked */
  g_assert_cmpstr (cell (products, r, 12), ==, "1");
  g_assert_cmpstr (cell (products, r, 13), ==, "30.00");

  claims = read_csv (f->out, "claims.csv",
                     "time,platform,author,author_id,product_id,title,sku,variant,quantity,"
                     "price,currency,status,message_id");
  g_assert_cmpuint (claims->len, ==, 5);
  g_assert_cmpstr (cell (claims, 1, 0), ==, "2026-12-03T10:00:20.000+01:00");
  g_assert_cmpstr (cell (claims, 1, 2), ==, "Ana");
  g_assert_cmpstr (cell (claims, 1, 3), ==, "4711");
  g_assert_cmpstr (cell (claims, 1, 5), ==, "Stoneware Mug, Sage");
  g_assert_cmpstr (cell (claims, 1, 8), ==, "2");
  g_assert_cmpstr (cell (claims, 1, 9), ==, "24.00");
  g_assert_cmpstr (cell (claims, 1, 11), ==, "claimed");
  g_assert_cmpstr (cell (claims, 1, 12), ==, "m7");
  g_assert_cmpstr (cell (claims, 2, 6), ==, "SCARF-RED");
  g_assert_cmpstr (cell (claims, 2, 7), ==, "Red");
  g_assert_cmpstr (cell (claims, 3, 11), ==, "waitlisted");
  g_assert_cmpstr (cell (claims, 4, 0), ==, "2026-12-03T10:03:30.000+01:00");

  chat = read_csv (f->out, "chat.csv", "time,platform,message_id,author,author_id,text,hidden");
  g_assert_cmpuint (chat->len, ==, 1 + 14);   /* 13 messages and the blocked one */
  r = find_row (chat, 2, "m1");
  g_assert_cmpstr (cell (chat, r, 3), ==, "<script>alert(1)</script>");
  /* Formula injection: a leading apostrophe makes a spreadsheet show text. */
  r = find_row (chat, 2, "m2");
  g_assert_cmpstr (cell (chat, r, 3), ==, "'=cmd|' /C calc'!A0");
  g_assert_cmpstr (cell (chat, r, 5), ==, "'=HYPERLINK(\"http://evil.example\")");
  r = find_row (chat, 2, "m3");
  g_assert_cmpstr (cell (chat, r, 3), ==, "Quoted, Person");
  g_assert_cmpstr (cell (chat, r, 5), ==, "He said \"great, thanks\"\nbye");
  g_assert_cmpstr (cell (chat, find_row (chat, 2, "m4"), 5), ==, "'-2+3");
  g_assert_cmpstr (cell (chat, find_row (chat, 2, "m5"), 5), ==, "'@SUM(B9)");
  g_assert_cmpstr (cell (chat, find_row (chat, 2, "m1"), 6), ==, "no");
  g_assert_cmpstr (cell (chat, find_row (chat, 2, "m7"), 4), ==, "4711");
  g_assert_cmpstr (cell (chat, find_row (chat, 2, "m8"), 6), ==, "removed");
  g_assert_cmpstr (cell (chat, find_row (chat, 2, "m9"), 6), ==, "blocked");
  g_assert_cmpstr (cell (chat, find_row (chat, 2, "m9"), 5), ==, "");

  /* Relative to live-started (t = 5); the 5 s candle is no chapter. */
  chapters_path = g_build_filename (f->out, "chapters.txt", NULL);
  g_file_get_contents (chapters_path, &chapters, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chapters, ==,
                   "00:00 Stoneware Mug, Sage\n"
                   "02:00 Wool Scarf\n"
                   "03:15 Fig & Cedar Soy Candle\n");
}

/* The HTML escapes what chat authors wrote and loads nothing. */
static void
test_report_html (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *html = NULL;

  write_script (f);
  g_assert_true (sc_report_write (f->database, "latest", f->out, NULL, &error));
  g_assert_no_error (error);
  path = g_build_filename (f->out, "report.html", NULL);
  g_file_get_contents (path, &html, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (html, "<title>Show report: Cosy Corner Live</title>"));
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "alert(1)</"));
  g_assert_null (strstr (html, " src="));
  g_assert_null (strstr (html, "<link"));
  g_assert_null (strstr (html, "evil.example"));   /* chat text is not in the page */
  g_assert_nonnull (strstr (html, "default-src 'none'"));
  g_assert_nonnull (strstr (html, "Fig &amp; Cedar Soy Candle"));
  /* Two inline SVGs, their ids kept apart. */
  g_assert_nonnull (strstr (html, "id=\"timeline-"));
  g_assert_nonnull (strstr (html, "id=\"products-"));
  g_assert_null (strstr (html, "id=\"glyph"));
  g_assert_nonnull (strstr (html, "2 events could not be read"));
}

static gboolean
is_colour (const guint8 *p,
           guint8        red,
           guint8        green,
           guint8        blue)
{
  return ABS (p[0] - red) <= 2 && ABS (p[1] - green) <= 2 && ABS (p[2] - blue) <= 2;
}

/* Opened by a real browser: the page renders, both charts' colours show. */
static void
test_report_chromium (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *chromium = sc_test_find_program ("chromium");
  g_autofree char *tesseract = NULL;
  g_autofree char *html = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *png = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *screenshot_arg = NULL;
  g_autofree char *profile_arg = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  guint chat_pixels = 0, claim_pixels = 0, white = 0, total;
  const guint8 *pixels;
  int stride, channels;

  if (chromium == NULL)
    {
      sc_test_report_missing ("chromium");
      return;
    }
  write_script (f);
  g_assert_true (sc_report_write (f->database, "latest", f->out, NULL, &error));
  g_assert_no_error (error);
  html = g_build_filename (f->out, "report.html", NULL);
  uri = g_filename_to_uri (html, NULL, &error);
  g_assert_no_error (error);
  png = g_build_filename (f->dir, "shot.png", NULL);
  profile = g_build_filename (f->dir, "chromium", NULL);
  screenshot_arg = g_strconcat ("--screenshot=", png, NULL);
  profile_arg = g_strconcat ("--user-data-dir=", profile, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "HOME", f->dir, TRUE);
  /* Headless needs neither the session bus nor the display. On the suite's
   * shared bus Chromium would start the accessibility bus and the keyring,
   * whose password prompter then sits on the X display and stalls the
   * AT-SPI window test that runs after this one. */
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  /* file:// only: no proxy, no updates, no metrics, no DNS prefetch. */
  process = g_subprocess_launcher_spawn (launcher, &error, chromium, "--headless",
                                         "--no-sandbox", "--disable-gpu",
                                         "--password-store=basic",
                                         "--disable-background-networking",
                                         "--disable-component-update", "--disable-sync",
                                         "--disable-default-apps", "--disable-extensions",
                                         "--no-first-run", "--no-default-browser-check",
                                         "--no-proxy-server", "--dns-prefetch-disable",
                                         "--metrics-recording-only", "--hide-scrollbars",
                                         "--disable-features=Translate,MediaRouter,OptimizationHints",
                                         profile_arg, screenshot_arg, "--window-size=1200,1600",
                                         uri, NULL);
  g_assert_no_error (error);
  g_assert_true (sc_test_subprocess_wait (process, 120));
  g_assert_true (g_file_test (png, G_FILE_TEST_EXISTS));

  pixbuf = gdk_pixbuf_new_from_file (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 1200);
  pixels = gdk_pixbuf_read_pixels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  channels = gdk_pixbuf_get_n_channels (pixbuf);
  total = gdk_pixbuf_get_width (pixbuf) * gdk_pixbuf_get_height (pixbuf);
  for (int y = 0; y < gdk_pixbuf_get_height (pixbuf); y++)
    for (int x = 0; x < gdk_pixbuf_get_width (pixbuf); x++)
      {
        const guint8 *p = pixels + y * stride + x * channels;

        chat_pixels += is_colour (p, 0x35, 0x84, 0xe4);
        claim_pixels += is_colour (p, 0xe6, 0x61, 0x00);
        white += p[0] >= 0xf8 && p[1] >= 0xf8 && p[2] >= 0xf8;
      }
  g_test_message ("chat-blue pixels %u, claim-orange %u, white-ish %u of %u", chat_pixels,
                  claim_pixels, white, total);
  /* Not blank, and both charts drawn (bars and legends in both colours). */
  g_assert_cmpuint (white, <, total * 98 / 100);
  g_assert_cmpuint (chat_pixels, >, 500);
  g_assert_cmpuint (claim_pixels, >, 500);

  tesseract = sc_test_find_program ("tesseract");
  if (tesseract != NULL)
    {
      g_autofree char *text = NULL;
      g_autoptr(GSubprocess) ocr =
        g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                          &error, "tesseract", png, "-", "--psm", "3", NULL);

      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (ocr, NULL, NULL, &text, NULL, &error);
      g_assert_no_error (error);
      g_test_message ("OCR: %.200s", text);
      g_assert_nonnull (strstr (text, "Cosy Corner Live"));
    }
  else
    sc_test_report_missing ("tesseract");
}

static void
test_report_errors (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = g_build_filename (f->dir, "empty.sqlite", NULL);

  /* No database yet. */
  g_assert_false (sc_report_write (f->database, "latest", f->out, NULL, &error));
  g_assert_error (error, SC_REPORT_ERROR, SC_REPORT_ERROR_NO_DATABASE);
  g_assert_nonnull (strstr (error->message, "no show has run yet"));
  g_clear_error (&error);

  /* An empty file: SQLite opens it, it has no tables. */
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_false (sc_report_write (empty, "latest", f->out, NULL, &error));
  g_assert_error (error, SC_REPORT_ERROR, SC_REPORT_ERROR_NO_SHOW);
  g_assert_nonnull (strstr (error->message, "has no shows"));
  g_clear_error (&error);

  /* Not a show. */
  g_assert_false (sc_report_write (f->database, "last", f->out, NULL, &error));
  g_assert_error (error, SC_REPORT_ERROR, SC_REPORT_ERROR_BAD_SHOW);
  g_clear_error (&error);
  g_assert_false (sc_report_write (f->database, "-3", f->out, NULL, &error));
  g_assert_error (error, SC_REPORT_ERROR, SC_REPORT_ERROR_BAD_SHOW);
  g_clear_error (&error);

  write_script (f);
  g_assert_false (sc_report_write (f->database, "999", f->out, NULL, &error));
  g_assert_error (error, SC_REPORT_ERROR, SC_REPORT_ERROR_NO_SHOW);
  g_assert_nonnull (strstr (error->message, "has no show 999"));
  g_clear_error (&error);

  /* A folder that cannot be made. */
  g_assert_false (sc_report_write (f->database, "latest", "/proc/shopcast-report", NULL, &error));
  g_assert_error (error, SC_REPORT_ERROR, SC_REPORT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "/proc/shopcast-report"));
  g_clear_error (&error);

  /* By number, the same show. */
  {
    g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, f->show_id);

    g_assert_true (sc_report_write (f->database, number, f->out, NULL, &error));
    g_assert_no_error (error);
  }
}

/* YouTube's rules, on their own. */
static void
test_report_chapter_rules (void)
{
  static const double starts[] = { 3, 15, 30, 35, 50, 95 };
  static const char * const titles[] = { "A", "B", "C", "B", "B", "D" };
  g_autoptr(GPtrArray) chapters = sc_report_chapters_make (starts, titles, 6, 100, "Intro");
  g_autoptr(GPtrArray) few = sc_report_chapters_make (starts, titles, 1, 12, "Intro");
  ScReportChapter *c;

  /* B at 35 and 50 merge; Intro 0–3 is too short, so A moves to 0; C 30–35
   * too short, so B goes on over it (and merges with B at 35); D 95–100 too
   * short: A at 0, B at 15. */
  g_assert_cmpuint (chapters->len, ==, 2);
  c = g_ptr_array_index (chapters, 0);
  g_assert_cmpfloat (c->start, ==, 0);
  g_assert_cmpstr (c->title, ==, "A");
  c = g_ptr_array_index (chapters, 1);
  g_assert_cmpfloat (c->start, ==, 15);
  g_assert_cmpstr (c->title, ==, "B");
  for (guint i = 0; i + 1 < chapters->len; i++)
    g_assert_cmpfloat (((ScReportChapter *)g_ptr_array_index (chapters, i + 1))->start -
                       ((ScReportChapter *)g_ptr_array_index (chapters, i))->start, >=, 10);

  g_assert_cmpuint (few->len, ==, 1);
}

/* The command line: exit codes and messages. */
static void
test_report_command (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *xdg = g_build_filename (f->dir, "xdg", NULL);
  g_autofree char *env_xdg = g_strconcat ("XDG_DATA_HOME=", xdg, NULL);
  const char *env[] = { env_xdg, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  {
    const char *args[] = { "--report", "latest", "--out", f->out, NULL };

    status = sc_test_run_shopcast (env, args, &out, &err, 60);
    g_assert_cmpint (status, ==, 2);
    g_assert_nonnull (strstr (err, "no show has run yet"));
    g_clear_pointer (&err, g_free);
    g_clear_pointer (&out, g_free);
  }

  g_free (f->database);
  f->database = g_build_filename (xdg, "shopcast", "shows.sqlite", NULL);
  write_script (f);

  {
    const char *args[] = { "--report", "latest", NULL };

    g_assert_cmpint (sc_test_run_shopcast (env, args, NULL, &err, 60), ==, 2);
    g_assert_nonnull (strstr (err, "--out"));
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "--report", "4000", "--out", f->out, NULL };

    g_assert_cmpint (sc_test_run_shopcast (env, args, NULL, &err, 60), ==, 2);
    g_assert_nonnull (strstr (err, "has no show 4000"));
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "--report", "latest", "--out", "/proc/shopcast-report", NULL };

    g_assert_cmpint (sc_test_run_shopcast (env, args, NULL, &err, 60), ==, 1);
    g_assert_nonnull (strstr (err, "/proc/shopcast-report"));
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "--report", "latest", "--out", f->out, NULL };

    g_assert_cmpint (sc_test_run_shopcast (env, args, &out, &err, 60), ==, 0);
    g_assert_nonnull (strstr (out, "3 products, 4 claims, 14 chat messages, 3 chapters"));
    g_assert_nonnull (strstr (err, "2 events could not be read"));
  }
}

static char *
read_out (Fixture    *f,
          const char *name)
{
  g_autofree char *path = g_build_filename (f->out, name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* A real show: the demo run headless (its scripted chat claims), then the
 * report of it, checked against its own event log. */
static void
test_report_headless_demo (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *xdg = g_build_filename (f->dir, "xdg", NULL);
  g_autofree char *env_xdg = g_strconcat ("XDG_DATA_HOME=", xdg, NULL);
  g_autofree char *events_path = g_build_filename (f->dir, "events.jsonl", NULL);
  /* The demo records; not into the home folder's Videos. */
  g_autofree char *record_path = g_build_filename (f->dir, "show.mkv", NULL);
  const char *env[] = { env_xdg, NULL };
  const char *run[] = { "--headless", "--demo", "--duration", "12", "--events", events_path,
                        "--record", record_path, NULL };
  const char *report[] = { "--report", "latest", "--out", f->out, NULL };
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GPtrArray) chat = NULL;
  g_autoptr(GPtrArray) products = NULL;
  guint n_claims, n_pins = 0, row;
  JsonObject *claim;
  const char *pinned_id = NULL;

  g_assert_cmpint (sc_test_run_shopcast (env, run, NULL, NULL, 120), ==, 0);
  g_assert_cmpint (sc_test_run_shopcast (env, report, NULL, NULL, 60), ==, 0);
  events = sc_test_read_events (events_path);

  chat = read_csv (f->out, "chat.csv", "time,platform,message_id,author,author_id,text,hidden");
  g_assert_cmpuint (chat->len - 1, ==,
                    sc_test_count_events (events, "chat") +
                    sc_test_count_events (events, "chat-blocked"));
  g_assert_cmpuint (chat->len - 1, >, 0);

  claims = read_csv (f->out, "claims.csv",
                     "time,platform,author,author_id,product_id,title,sku,variant,quantity,"
                     "price,currency,status,message_id");
  n_claims = sc_test_count_events (events, "claim") +
             sc_test_count_events (events, "claim-waitlisted");
  g_assert_cmpuint (claims->len - 1, ==, n_claims);
  claim = sc_test_last_event (events, "claim");
  if (claim != NULL)
    {
      row = find_row (claims, 12, json_object_get_string_member (claim, "message_id"));
      g_assert_cmpstr (cell (claims, row, 9), ==, json_object_get_string_member (claim, "price"));
      g_assert_cmpstr (cell (claims, row, 10), ==,
                       json_object_get_string_member (claim, "currency"));
      g_assert_cmpstr (cell (claims, row, 6), ==, json_object_get_string_member (claim, "sku"));
    }
  else
    g_test_message ("the demo chat made no claim in 12 s");

  products = read_csv (f->out, "products.csv",
                       "product_id,title,code,sku,seconds_on_air,times_pinned,chat_mentions,"
                       "claims,waitlisted,quantity_claimed,stock_start,stock_end,sold,"
                       "claimed_value,currency");
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *event = g_ptr_array_index (events, i);

      if (g_str_equal (json_object_get_string_member (event, "event"), "pinned") &&
          !json_object_get_null_member (event, "product_id"))
        {
          pinned_id = json_object_get_string_member (event, "product_id");
          n_pins++;
        }
    }
  g_assert_nonnull (pinned_id);   /* the demo pins its first product */
  row = find_row (products, 0, pinned_id);
  if (n_pins == 1)
    g_assert_cmpstr (cell (products, row, 5), ==, "1");
}

/* Issue 11's scripted show: a rundown of three timed segments (the second
 * with a flash sale), the demo chat's scripted claims and stock changes on
 * the pinned product, run headless with --auto-advance; then --report, and
 * every file checked against what the show's own event log says happened. */
static double
chapter_seconds (const char *line)
{
  guint m = 0, sec = 0;

  g_assert_cmpint (sscanf (line, "%u:%u", &m, &sec), ==, 2);
  return m * 60.0 + sec;
}

static void
test_report_scripted_rundown (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *xdg = g_build_filename (f->dir, "xdg", NULL);
  g_autofree char *env_xdg = g_strconcat ("XDG_DATA_HOME=", xdg, NULL);
  g_autofree char *events_path = g_build_filename (f->dir, "events.jsonl", NULL);
  g_autofree char *show_path = g_build_filename (f->dir, "rundown.shopcast", NULL);
  g_autofree char *mkv = g_build_filename (f->dir, "rundown.mkv", NULL);
  g_autofree char *catalog = g_test_build_filename (G_TEST_DIST, "..", "data", "demo",
                                                    "catalog.json", NULL);
  g_autofree char *show_json = NULL;
  g_autofree char *chapters = NULL;
  g_autofree char *probe_out = NULL;
  g_auto(GStrv) lines = NULL;
  const char *env[] = { env_xdg, NULL };
  const char *run[] = { "--headless", "--show", show_path, "--auto-advance", "--duration", "40",
                        "--bench-stock-changes", "1", "--events", events_path, NULL };
  const char *report[] = { "--report", "latest", "--out", f->out, NULL };
  /* Claim codes follow the rundown: A1 the scarf, A2 the candle on sale,
   * A3 the mug; the demo chat claims A2 about 30 s in, during the sale.
   * The rundown starts with the show and the video with going live, a
   * moment later (seconds on a loaded machine under AddressSanitizer), so
   * the first segment is 15 s: its chapter must still be 10 s long for
   * YouTube after that moment is taken from it (at 10.8 s it was not, once).
   * The last one runs to the end, 40 s: 14 s. */
  const char *ids[] = { "scarf-01", "candle-01", "mug-01" };
  const char *probe[] = { "ffprobe", "-v", "error", "-show_chapters", "-of", "json", mkv, NULL };
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  g_autoptr(GPtrArray) chat = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *mkv_chapters;
  double live_t = -1;
  double segment_t[3] = { -1, -1, -1 };
  guint n_segments = 0, n_sale_claims = 0;
  int status = -1;

  show_json = g_strdup_printf (
    "{\"version\": 1, \"title\": \"Rundown report\","
    " \"canvas\": {\"width\": 320, \"height\": 180, \"fps\": 15},"
    " \"sources\": [{\"id\": \"bars\", \"kind\": \"test-pattern\"},"
    "               {\"id\": \"tone\", \"kind\": \"test-tone\", \"volume\": 0.1}],"
    " \"products\": {\"file\": \"%s\", \"rundown\": ["
    "   {\"product\": \"scarf-01\", \"minutes\": 0.25},"
    "   {\"product\": \"candle-01\", \"minutes\": 0.18,"
    "    \"sale\": {\"price\": \"15.00\", \"minutes\": 0.5}},"
    "   {\"product\": \"mug-01\", \"minutes\": 0.18}]},"
    " \"chat\": {\"demo\": true},"
    " \"recording\": {\"path\": \"%s\"}}", catalog, mkv);
  g_file_set_contents (show_path, show_json, -1, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sc_test_run_shopcast (env, run, NULL, NULL, 180), ==, 0);
  g_assert_cmpint (sc_test_run_shopcast (env, report, NULL, NULL, 60), ==, 0);
  events = sc_test_read_events (events_path);

  /* The rundown ran: three segments, by the show clock. */
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *e = g_ptr_array_index (events, i);
      const char *name = json_object_get_string_member (e, "event");

      if (g_str_equal (name, "live-started") && live_t < 0)
        live_t = sc_test_event_t (e);
      else if (g_str_equal (name, "segment-started"))
        {
          gint64 index = json_object_get_int_member (e, "index");

          g_assert_cmpint (index, ==, n_segments);
          g_assert_cmpstr (json_object_get_string_member (e, "product_id"), ==, ids[index]);
          segment_t[n_segments++] = sc_test_event_t (e);
        }
      else if ((g_str_equal (name, "claim") || g_str_equal (name, "claim-waitlisted")) &&
               json_object_get_boolean_member (e, "sale"))
        {
          g_assert_cmpstr (json_object_get_string_member (e, "product_id"), ==, "candle-01");
          g_assert_cmpstr (json_object_get_string_member (e, "price"), ==, "15.00");
          n_sale_claims++;
        }
    }
  g_assert_cmpuint (n_segments, ==, 3);
  g_assert_cmpfloat (live_t, >=, 0);
  g_assert_cmpuint (sc_test_count_events (events, "sale-started"), ==, 1);
  g_assert_cmpuint (n_sale_claims, >=, 1);

  /* chapters.txt: one chapter a segment, each within 1 s of its segment's
   * start on the video's clock (from live-started); the first at 00:00. */
  chapters = read_out (f, "chapters.txt");
  lines = g_strsplit (g_strchomp (chapters), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "00:00 "));
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *line = g_strdup (lines[i]);

      g_strchomp (line);
      if (i > 0)
        g_assert_cmpfloat (fabs (chapter_seconds (line) - (segment_t[i] - live_t)), <=, 1.0);
    }
  g_assert_nonnull (strstr (lines[0], "Knit Scarf"));
  g_assert_nonnull (strstr (lines[1], "Soy Candle"));
  g_assert_nonnull (strstr (lines[2], "Stoneware Mug"));

  /* The same chapters in the recording. */
  g_assert_true (g_spawn_sync (NULL, (char **)probe, NULL, G_SPAWN_SEARCH_PATH |
                               G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &probe_out, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (json_parser_load_from_data (parser, probe_out, -1, &error));
  g_assert_no_error (error);
  mkv_chapters = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                               "chapters");
  g_assert_cmpuint (json_array_get_length (mkv_chapters), ==, 3);
  for (guint i = 1; i < 3; i++)
    {
      JsonObject *c = json_array_get_object_element (mkv_chapters, i);
      double start = g_ascii_strtod (json_object_get_string_member (c, "start_time"), NULL);

      g_assert_cmpfloat (fabs (start - (segment_t[i] - live_t)), <=, 1.0);
    }

  /* Every claim and message the log has, exactly. */
  claims = read_csv (f->out, "claims.csv",
                     "time,platform,author,author_id,product_id,title,sku,variant,quantity,"
                     "price,currency,status,message_id");
  g_assert_cmpuint (claims->len - 1, ==,
                    sc_test_count_events (events, "claim") +
                    sc_test_count_events (events, "claim-waitlisted"));
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *e = g_ptr_array_index (events, i);
      const char *name = json_object_get_string_member (e, "event");
      guint row;

      if (!g_str_equal (name, "claim") && !g_str_equal (name, "claim-waitlisted"))
        continue;
      row = find_row (claims, 12, json_object_get_string_member (e, "message_id"));
      g_assert_cmpstr (cell (claims, row, 4), ==, json_object_get_string_member (e, "product_id"));
      g_assert_cmpstr (cell (claims, row, 9), ==, json_object_get_string_member (e, "price"));
      g_assert_cmpstr (cell (claims, row, 11), ==,
                       g_str_equal (name, "claim") ? "claimed" : "waitlisted");
    }
  chat = read_csv (f->out, "chat.csv", "time,platform,message_id,author,author_id,text,hidden");
  g_assert_cmpuint (chat->len - 1, ==,
                    sc_test_count_events (events, "chat") +
                    sc_test_count_events (events, "chat-blocked"));
  g_assert_cmpuint (chat->len - 1, >, 0);

  /* Per product: pins, claims and the stock the shop reported. */
  products = read_csv (f->out, "products.csv",
                       "product_id,title,code,sku,seconds_on_air,times_pinned,chat_mentions,"
                       "claims,waitlisted,quantity_claimed,stock_start,stock_end,sold,"
                       "claimed_value,currency");
  for (guint p = 0; p < G_N_ELEMENTS (ids); p++)
    {
      guint row = find_row (products, 0, ids[p]);
      guint pins = 0, n_claims = 0, n_waitlisted = 0;
      JsonObject *last_stock = NULL;
      g_autofree char *pins_text = NULL;
      g_autofree char *claims_text = NULL;
      g_autofree char *waitlisted_text = NULL;

      for (guint i = 0; i < events->len; i++)
        {
          JsonObject *e = g_ptr_array_index (events, i);
          const char *name = json_object_get_string_member (e, "event");
          const char *id = json_object_get_string_member_with_default (e, "product_id", NULL);

          if (g_strcmp0 (id, ids[p]) != 0)
            continue;
          if (g_str_equal (name, "pinned"))
            pins++;
          else if (g_str_equal (name, "claim"))
            n_claims++;
          else if (g_str_equal (name, "claim-waitlisted"))
            n_waitlisted++;
          else if (g_str_equal (name, "stock-changed"))
            last_stock = e;
        }
      pins_text = g_strdup_printf ("%u", pins);
      claims_text = g_strdup_printf ("%u", n_claims);
      waitlisted_text = g_strdup_printf ("%u", n_waitlisted);
      g_assert_cmpstr (cell (products, row, 5), ==, pins_text);
      g_assert_cmpstr (cell (products, row, 7), ==, claims_text);
      g_assert_cmpstr (cell (products, row, 8), ==, waitlisted_text);
      /* --bench-stock-changes changes the pinned product's stock each second. */
      g_assert_nonnull (last_stock);
      {
        g_autofree char *stock = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                  json_object_get_int_member (last_stock, "stock"));

        g_assert_cmpstr (cell (products, row, 11), ==, stock);
      }
    }
}

/* With rundown segments, they make the chapters, not the pins. */
static void
test_report_segments (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(ScReportSummary) summary = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *chapters = NULL;

  open_show (f, "Segments");
  add_event (f, 0, "show-started",
             "{\"title\":\"Segments\",\"started_at\":\"2026-12-03T10:00:00Z\"}");
  add_event (f, 1, "segment-started", "{\"index\":0,\"title\":\"Welcome\",\"product_id\":null}");
  add_event (f, 2, "pinned", "{\"product_id\":\"mug-01\",\"title\":\"Stoneware Mug, Sage\"}");
  add_event (f, 5, "live-started", "{}");
  add_event (f, 40, "pinned", "{\"product_id\":\"scarf-01\",\"title\":\"Wool Scarf\"}");
  add_event (f, 60, "segment-ended", "{\"index\":0}");
  add_event (f, 60, "segment-started", "{\"index\":1,\"product_id\":\"mug-01\"}");
  add_event (f, 200, "segment-started",
             "{\"index\":2,\"title\":\"Flash sale: Candle\",\"product_id\":\"candle-01\"}");
  add_event (f, 300, "live-ended", "{}");
  add_event (f, 301, "show-ended", "{\"reason\":\"stopped\",\"duration_s\":301.0}");

  g_assert_true (sc_report_write (f->database, "latest", f->out, &summary, &error));
  g_assert_no_error (error);
  chapters = read_out (f, "chapters.txt");
  g_assert_cmpstr (chapters, ==,
                   "00:00 Welcome\n"
                   "00:55 Stoneware Mug, Sage\n"
                   "03:15 Flash sale: Candle\n");
}

/* Fewer than 3 chapters: an empty chapters.txt, and why. */
static void
test_report_few_chapters (Fixture       *f,
                          gconstpointer  data)
{
  g_auto(ScReportSummary) summary = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *chapters = NULL;
  g_autofree char *html = NULL;

  open_show (f, "Short");
  add_event (f, 0, "show-started", "{\"title\":\"Short\",\"started_at\":\"2026-12-03T10:00:00Z\"}");
  add_event (f, 1, "live-started", "{}");
  add_event (f, 2, "pinned", "{\"product_id\":\"mug-01\",\"title\":\"Stoneware Mug, Sage\"}");
  add_event (f, 30, "pinned", "{\"product_id\":\"scarf-01\",\"title\":\"Wool Scarf\"}");
  add_event (f, 35, "pinned", "{\"product_id\":\"candle-01\",\"title\":\"Candle\"}");
  add_event (f, 60, "show-ended", "{\"reason\":\"stopped\",\"duration_s\":60.0}");

  g_assert_true (sc_report_write (f->database, "latest", f->out, &summary, &error));
  g_assert_no_error (error);
  /* Mug 0–29 (Intro 0–1 too short), Scarf 29–34 too short, Candle 34–59: 2. */
  g_assert_cmpuint (summary.chapters, ==, 0);
  g_assert_nonnull (summary.chapters_note);
  g_assert_nonnull (strstr (summary.chapters_note, "Only 2 chapters"));
  chapters = read_out (f, "chapters.txt");
  g_assert_cmpstr (chapters, ==, "");
  html = read_out (f, "report.html");
  g_assert_nonnull (strstr (html, "Only 2 chapters"));
}

/* The host cancelled a claim and a waitlisted one, as the studio logs it
 * (docs/events.md): they stay in claims.csv as cancelled and leave the
 * counts of products.csv; the same id on another platform is another claim. */
static void
test_report_cancelled (Fixture       *f,
                       gconstpointer  data)
{
  g_auto(ScReportSummary) summary = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GPtrArray) claims = NULL;
  guint r;

  open_show (f, "Cancel Live");
  add_event (f, 0, "show-started",
             "{\"title\":\"Cancel Live\",\"started_at\":\"2026-12-03T10:00:00+01:00\"}");
  add_event (f, 1, "pinned",
             "{\"product_id\":\"mug-01\",\"title\":\"Stoneware Mug, Sage\",\"code\":\"A1\","
             "\"sku\":\"MUG-SAGE\",\"price\":\"24.00\",\"currency\":\"EUR\"}");
  add_event (f, 10, "claim",
             "{\"platform\":\"twitch\",\"message_id\":\"m1\",\"author\":\"Ana\",\"code\":\"A1\","
             "\"product_id\":\"mug-01\",\"title\":\"Stoneware Mug, Sage\",\"variant\":null,"
             "\"quantity\":2,\"claimed\":2,\"sku\":\"MUG-SAGE\",\"price\":\"24.00\",\"currency\":\"EUR\"}");
  add_event (f, 11, "claim",
             "{\"platform\":\"youtube\",\"message_id\":\"m1\",\"author\":\"Ben\",\"code\":\"A1\","
             "\"product_id\":\"mug-01\",\"title\":\"Stoneware Mug, Sage\",\"variant\":null,"
             "\"quantity\":1,\"claimed\":3,\"sku\":\"MUG-SAGE\",\"price\":\"24.00\",\"currency\":\"EUR\"}");
  add_event (f, 12, "claim-waitlisted",
             "{\"platform\":\"twitch\",\"message_id\":\"m2\",\"author\":\"Cara\",\"code\":\"A1\","
             "\"product_id\":\"mug-01\",\"title\":\"Stoneware Mug, Sage\",\"variant\":null,"
             "\"quantity\":5,\"claimed\":3,\"sku\":\"MUG-SAGE\",\"price\":\"24.00\",\"currency\":\"EUR\"}");
  add_event (f, 20, "claim-cancelled",
             "{\"platform\":\"twitch\",\"message_id\":\"m1\",\"author\":\"Ana\",\"author_id\":null,"
             "\"code\":\"A1\",\"product_id\":\"mug-01\",\"title\":\"Stoneware Mug, Sage\","
             "\"variant\":null,\"quantity\":2,\"waitlisted\":false,\"claimed\":1,"
             "\"waitlisted_units\":5}");
  add_event (f, 21, "claim-cancelled",
             "{\"platform\":\"twitch\",\"message_id\":\"m2\",\"author\":\"Cara\",\"author_id\":null,"
             "\"code\":\"A1\",\"product_id\":\"mug-01\",\"title\":\"Stoneware Mug, Sage\","
             "\"variant\":null,\"quantity\":5,\"waitlisted\":true,\"claimed\":1,"
             "\"waitlisted_units\":0}");
  add_event (f, 30, "show-ended", "{\"reason\":\"stopped\",\"duration_s\":30.0}");

  g_assert_true (sc_report_write (f->database, "latest", f->out, &summary, &error));
  g_assert_no_error (error);

  claims = read_csv (f->out, "claims.csv",
                     "time,platform,author,author_id,product_id,title,sku,variant,quantity,"
                     "price,currency,status,message_id");
  g_assert_cmpuint (claims->len, ==, 4);
  g_assert_cmpstr (cell (claims, 1, 2), ==, "Ana");
  g_assert_cmpstr (cell (claims, 1, 11), ==, "cancelled");
  g_assert_cmpstr (cell (claims, 2, 2), ==, "Ben");
  g_assert_cmpstr (cell (claims, 2, 11), ==, "claimed");
  g_assert_cmpstr (cell (claims, 3, 2), ==, "Cara");
  g_assert_cmpstr (cell (claims, 3, 11), ==, "cancelled");

  products = read_csv (f->out, "products.csv",
                       "product_id,title,code,sku,seconds_on_air,times_pinned,chat_mentions,"
                       "claims,waitlisted,quantity_claimed,stock_start,stock_end,sold,"
                       "claimed_value,currency");
  r = find_row (products, 0, "mug-01");
  g_assert_cmpstr (cell (products, r, 7), ==, "1");       /* Ben's only */
  g_assert_cmpstr (cell (products, r, 8), ==, "0");
  g_assert_cmpstr (cell (products, r, 9), ==, "1");
  g_assert_cmpstr (cell (products, r, 13), ==, "24.00");
}

/* Drawn path coordinates of the report's first chart (the timeline), glyph
 * definitions left out: x, y, x, y, ... */
static GArray *
timeline_points (const char *html)
{
  const char *start = strstr (html, "<svg");
  const char *end = start ? strstr (start, "</svg>") : NULL;
  const char *p;
  GArray *points = g_array_new (FALSE, FALSE, sizeof (double));

  g_assert_nonnull (end);
  g_assert_nonnull (g_strstr_len (start, end - start, "id=\"timeline-"));
  p = g_strstr_len (start, end - start, "</defs>");
  p = p != NULL ? p : start;
  while ((p = g_strstr_len (p, end - p, " d=\"")) != NULL)
    {
      p += 4;
      while (*p != '"' && p < end)
        {
          char *next;
          double v;

          if (g_ascii_isalpha (*p) || *p == ' ')
            {
              p++;
              continue;
            }
          v = g_ascii_strtod (p, &next);
          g_assert_true (next > p);
          g_array_append_val (points, v);
          p = next;
        }
    }
  return points;
}

/* A show of 8 seconds: its timeline spans one minute and every bar and band
 * stays inside the chart (the per-minute bars were once scaled to the show's
 * 8 s and drawn 7.5 times the chart's width); a product whose stock never
 * moved has its stock at the start and the end from its pin. */
static void
test_report_short_show (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GArray) points = NULL;
  g_autofree char *path = NULL;
  g_autofree char *html = NULL;
  double band_right = 0;
  guint r;

  open_show (f, "Short Live");
  add_event (f, 0, "show-started",
             "{\"title\":\"Short Live\",\"started_at\":\"2026-12-03T10:00:00+01:00\"}");
  add_event (f, 0.2, "pinned",
             "{\"product_id\":\"candle-01\",\"title\":\"Fig & Cedar Soy Candle\",\"code\":\"A1\","
             "\"sku\":\"CANDLE-FIG\",\"price\":\"19.00\",\"currency\":\"EUR\",\"stock\":3}");
  add_event (f, 2, "chat", "{\"platform\":\"demo\",\"id\":\"m1\",\"author\":\"Maya\",\"text\":\"hi\"}");
  add_event (f, 3, "chat", "{\"platform\":\"demo\",\"id\":\"m2\",\"author\":\"Tom\",\"text\":\"nice\"}");
  add_event (f, 5, "chat", "{\"platform\":\"demo\",\"id\":\"m3\",\"author\":\"Lena\",\"text\":\"SOLD A1\"}");
  add_event (f, 5, "claim",
             "{\"platform\":\"demo\",\"message_id\":\"m3\",\"author\":\"Lena\",\"code\":\"A1\","
             "\"product_id\":\"candle-01\",\"title\":\"Fig & Cedar Soy Candle\",\"variant\":null,"
             "\"quantity\":1,\"claimed\":1,\"sku\":\"CANDLE-FIG\",\"price\":\"19.00\",\"currency\":\"EUR\"}");
  add_event (f, 8, "show-ended", "{\"reason\":\"stopped\",\"duration_s\":8.0}");

  g_assert_true (sc_report_write (f->database, "latest", f->out, NULL, &error));
  g_assert_no_error (error);

  products = read_csv (f->out, "products.csv",
                       "product_id,title,code,sku,seconds_on_air,times_pinned,chat_mentions,"
                       "claims,waitlisted,quantity_claimed,stock_start,stock_end,sold,"
                       "claimed_value,currency");
  r = find_row (products, 0, "candle-01");
  g_assert_cmpstr (cell (products, r, 10), ==, "3");
  g_assert_cmpstr (cell (products, r, 11), ==, "3");
  g_assert_cmpstr (cell (products, r, 12), ==, "0");

  path = g_build_filename (f->out, "report.html", NULL);
  g_file_get_contents (path, &html, NULL, &error);
  g_assert_no_error (error);
  points = timeline_points (html);
  g_assert_cmpuint (points->len, >, 8);
  for (guint i = 0; i + 1 < points->len; i += 2)
    {
      double x = g_array_index (points, double, i);

      /* The chart is 1000 wide with its plot from 50 to 950. */
      g_assert_cmpfloat (x, >=, 0);
      g_assert_cmpfloat (x, <=, 951);
      /* The on-air band is the path that starts at 0.2 s at the plot's
       * top: its right edge is at 8 s of the axis's 60. */
      if (fabs (x - (50 + 900 * 0.2 / 60)) < 0.1 && fabs (g_array_index (points, double, i + 1) - 40) < 0.1 &&
          band_right == 0 && i + 2 < points->len)
        band_right = g_array_index (points, double, i + 2);
    }
  g_assert_cmpfloat_with_epsilon (band_right, 50 + 900 * 8.0 / 60, 0.5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/report/files", Fixture, NULL, fixture_set_up, test_report_files,
              fixture_tear_down);
  g_test_add ("/report/html", Fixture, NULL, fixture_set_up, test_report_html,
              fixture_tear_down);
  g_test_add ("/report/chromium", Fixture, NULL, fixture_set_up, test_report_chromium,
              fixture_tear_down);
  g_test_add ("/report/errors", Fixture, NULL, fixture_set_up, test_report_errors,
              fixture_tear_down);
  g_test_add ("/report/command", Fixture, NULL, fixture_set_up, test_report_command,
              fixture_tear_down);
  g_test_add ("/report/headless-demo", Fixture, NULL, fixture_set_up,
              test_report_headless_demo, fixture_tear_down);
  g_test_add ("/report/segments", Fixture, NULL, fixture_set_up, test_report_segments,
              fixture_tear_down);
  g_test_add ("/report/scripted-rundown", Fixture, NULL, fixture_set_up,
              test_report_scripted_rundown, fixture_tear_down);
  g_test_add ("/report/few-chapters", Fixture, NULL, fixture_set_up, test_report_few_chapters,
              fixture_tear_down);
  g_test_add_func ("/report/chapter-rules", test_report_chapter_rules);
  g_test_add ("/report/short-show", Fixture, NULL, fixture_set_up, test_report_short_show,
              fixture_tear_down);
  g_test_add ("/report/cancelled", Fixture, NULL, fixture_set_up, test_report_cancelled,
              fixture_tear_down);

  return g_test_run ();
}
