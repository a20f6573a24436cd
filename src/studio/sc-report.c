/* sc-report.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-report"

#include "config.h"

#include <cairo-svg.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <sqlite3.h>
#include <string.h>

#include "shop/sc-money.h"
#include "sc-report.h"

/* One pass over the show's events (one prepared statement, each row's JSON
 * parsed once, by one reused parser), everything kept in memory (100,000
 * chat messages are a few megabytes), then the files are written from it.
 * docs/report.md describes every file. */

G_DEFINE_QUARK (sc-report-error-quark, sc_report_error)

#define MIN_CHAPTER_S 10.0
#define MIN_CHAPTERS 3

/* GNOME palette: chat blue, claims orange, and the on-air bands. */
#define CHAT_RGB 0x35, 0x84, 0xe4
#define CLAIM_RGB 0xe6, 0x61, 0x00

static const guint8 band_palette[][3] = {
  { 0x8f, 0xf0, 0xa4 }, { 0xf9, 0xf0, 0x6b }, { 0xdc, 0x8a, 0xdd },
  { 0x99, 0xc1, 0xf1 }, { 0xff, 0xbe, 0x6f }, { 0xcd, 0xab, 0x8f },
  { 0xf6, 0x61, 0x51 }, { 0xde, 0xdd, 0xda },
};

typedef struct {
  char    *id;
  char    *title;
  char    *code;
  char    *sku;
  char    *currency;
  guint    order;
  double   on_air_s;
  guint    pinned;
  guint    mentions;
  guint    claims;
  guint    waitlisted;
  gint64   quantity;
  gboolean has_stock_start;
  gint64   stock_start;
  gboolean has_stock_end;
  gint64   stock_end;
  gint64   sold;
  gint64   value;          /* minor units of @currency */
  gboolean has_value;
  guint    stamp;          /* the last chat message that mentioned it, +1 */
} Product;

typedef struct {
  double      t;
  const char *platform;
  const char *id;
  const char *author;
  const char *author_id;
  const char *text;
  const char *hidden;      /* NULL: shown */
} ChatRow;

typedef struct {
  double      t;
  const char *platform;
  const char *author;
  const char *author_id;
  const char *message_id;
  Product    *product;
  const char *sku;
  const char *variant;
  const char *price;
  const char *currency;
  gint64      quantity;
  const char *status;
} ClaimRow;

typedef struct {
  double   start;
  double   end;
  Product *product;
} Band;

typedef struct {
  double  t;
  char   *title;
} Mark;

typedef struct {
  gint64        show_id;
  char         *title;
  char         *started_at;
  GDateTime    *start_time;
  char         *version;

  GStringChunk *strings;
  GHashTable   *products;        /* id -> Product */
  GPtrArray    *product_order;   /* Product, first seen first */
  GArray       *chat;            /* ChatRow */
  GHashTable   *chat_by_id;      /* message id -> index + 1 */
  GArray       *claims;          /* ClaimRow */
  GArray       *bands;           /* Band */
  GArray       *pins;            /* Mark: pinned products */
  GArray       *segments;        /* Mark: segment-started */
  guint         skipped;
  guint         blocked;

  Product      *on_air;
  double        on_air_since;
  double        last_t;
  double        live_start;
  double        live_end;
  gboolean      has_live_start;
  gboolean      has_live_end;
  double        end_t;
  gboolean      has_end;

  GPtrArray    *chapters;        /* ScReportChapter */
  char         *chapters_note;
} Report;

static void
product_free (Product *p)
{
  g_free (p->id);
  g_free (p->title);
  g_free (p->code);
  g_free (p->sku);
  g_free (p->currency);
  g_free (p);
}

static void
mark_clear (Mark *mark)
{
  g_free (mark->title);
}

static void
chapter_free (ScReportChapter *chapter)
{
  g_free (chapter->title);
  g_free (chapter);
}

static void
report_clear (Report *r)
{
  g_free (r->title);
  g_free (r->started_at);
  g_clear_pointer (&r->start_time, g_date_time_unref);
  g_free (r->version);
  g_clear_pointer (&r->strings, g_string_chunk_free);
  g_clear_pointer (&r->products, g_hash_table_unref);
  g_clear_pointer (&r->product_order, g_ptr_array_unref);
  g_clear_pointer (&r->chat, g_array_unref);
  g_clear_pointer (&r->chat_by_id, g_hash_table_unref);
  g_clear_pointer (&r->claims, g_array_unref);
  g_clear_pointer (&r->bands, g_array_unref);
  g_clear_pointer (&r->pins, g_array_unref);
  g_clear_pointer (&r->segments, g_array_unref);
  g_clear_pointer (&r->chapters, g_ptr_array_unref);
  g_free (r->chapters_note);
}

void
sc_report_summary_clear (ScReportSummary *summary)
{
  g_clear_pointer (&summary->title, g_free);
  g_clear_pointer (&summary->chapters_note, g_free);
}

char *
sc_report_database_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "shopcast", "shows.sqlite", NULL);
}

/* ---- reading the events ------------------------------------------------- */

static const char *
get_string (JsonObject *o,
            const char *name)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
get_int (JsonObject *o,
         const char *name,
         gint64     *value)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    *value = json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE && isfinite (json_node_get_double (node)))
    *value = (gint64)json_node_get_double (node);
  else
    return FALSE;
  return TRUE;
}

static const char *
intern (Report     *r,
        const char *text)
{
  return text != NULL ? g_string_chunk_insert_const (r->strings, text) : NULL;
}

static Product *
ensure_product (Report     *r,
                const char *id,
                const char *title)
{
  Product *p;

  if (id == NULL)
    return NULL;
  p = g_hash_table_lookup (r->products, id);
  if (p == NULL)
    {
      p = g_new0 (Product, 1);
      p->id = g_strdup (id);
      p->order = r->product_order->len;
      g_hash_table_insert (r->products, p->id, p);
      g_ptr_array_add (r->product_order, p);
    }
  if (title != NULL && p->title == NULL)
    p->title = g_strdup (title);
  return p;
}

static void
update_product_facts (Product    *p,
                      JsonObject *o)
{
  const char *code = get_string (o, "code");
  const char *sku = get_string (o, "sku");
  const char *currency = get_string (o, "currency");

  if (code != NULL && p->code == NULL)
    p->code = g_strdup (code);
  /* A variant's SKU is the claim's; the product's comes with its pin. */
  if (sku != NULL && p->sku == NULL && json_object_has_member (o, "variant") == FALSE)
    p->sku = g_strdup (sku);
  if (currency != NULL && p->currency == NULL)
    p->currency = g_strdup (currency);
}

static void
close_band (Report *r,
            double  t)
{
  Band band;

  if (r->on_air == NULL)
    return;
  band.start = r->on_air_since;
  band.end = MAX (t, r->on_air_since);
  band.product = r->on_air;
  g_array_append_val (r->bands, band);
  r->on_air = NULL;
}

static void
add_mark (GArray     *marks,
          double      t,
          const char *title)
{
  Mark mark = { t, g_strdup (title) };

  g_array_append_val (marks, mark);
}

static void
on_pinned (Report     *r,
           double      t,
           JsonObject *o)
{
  Product *p = ensure_product (r, get_string (o, "product_id"), get_string (o, "title"));
  gint64 stock;

  close_band (r, t);
  if (p == NULL)
    return;
  update_product_facts (p, o);
  /* Its stock when pinned: a product whose stock never moves still has a
   * start and an end (stock-changed events refine both). */
  if (get_int (o, "stock", &stock))
    {
      if (!p->has_stock_start)
        {
          p->has_stock_start = TRUE;
          p->stock_start = stock;
        }
      p->has_stock_end = TRUE;
      p->stock_end = stock;
    }
  p->pinned++;
  r->on_air = p;
  r->on_air_since = t;
  add_mark (r->pins, t, p->title ? p->title : p->id);
}

static void
on_chat (Report     *r,
         double      t,
         const char *event,
         JsonObject *o)
{
  ChatRow row = { 0, };
  const char *id = get_string (o, "id");

  row.t = t;
  row.platform = intern (r, get_string (o, "platform"));
  row.id = intern (r, id);
  row.author = intern (r, get_string (o, "author"));
  row.author_id = intern (r, get_string (o, "author_id"));
  if (g_str_equal (event, "chat-blocked"))
    {
      row.hidden = "blocked";
      r->blocked++;
    }
  else
    row.text = intern (r, get_string (o, "text"));
  g_array_append_val (r->chat, row);
  if (id != NULL && row.hidden == NULL)
    g_hash_table_insert (r->chat_by_id, (gpointer)row.id, GUINT_TO_POINTER (r->chat->len));
}

static void
on_chat_removed (Report     *r,
                 JsonObject *o)
{
  const char *id = get_string (o, "id");
  guint index = id ? GPOINTER_TO_UINT (g_hash_table_lookup (r->chat_by_id, id)) : 0;

  if (index > 0)
    g_array_index (r->chat, ChatRow, index - 1).hidden = "removed";
}

static void
on_chat_cleared (Report *r)
{
  for (guint i = 0; i < r->chat->len; i++)
    {
      ChatRow *row = &g_array_index (r->chat, ChatRow, i);

      if (row->hidden == NULL)
        row->hidden = "cleared";
    }
}

static void
on_claim (Report     *r,
          double      t,
          gboolean    waitlisted,
          JsonObject *o)
{
  ClaimRow row = { 0, };
  Product *p = ensure_product (r, get_string (o, "product_id"), get_string (o, "title"));
  gint64 quantity = 1;

  if (p == NULL)
    {
      r->skipped++;
      return;
    }
  update_product_facts (p, o);
  get_int (o, "quantity", &quantity);
  row.t = t;
  row.platform = intern (r, get_string (o, "platform"));
  row.author = intern (r, get_string (o, "author"));
  row.author_id = intern (r, get_string (o, "author_id"));
  row.message_id = intern (r, get_string (o, "message_id"));
  row.product = p;
  row.sku = intern (r, get_string (o, "sku"));
  row.variant = intern (r, get_string (o, "variant"));
  row.price = intern (r, get_string (o, "price"));
  row.currency = intern (r, get_string (o, "currency"));
  row.quantity = quantity;
  row.status = waitlisted ? "waitlisted" : "claimed";
  g_array_append_val (r->claims, row);
}

static void
on_claim_cancelled (Report     *r,
                    JsonObject *o)
{
  const char *id = get_string (o, "message_id");
  const char *platform = get_string (o, "platform");

  /* Message ids are per platform: the same id on YouTube is another claim. */
  for (guint i = r->claims->len; id != NULL && i > 0; i--)
    {
      ClaimRow *row = &g_array_index (r->claims, ClaimRow, i - 1);

      if (g_strcmp0 (row->message_id, id) == 0 &&
          (platform == NULL || g_strcmp0 (row->platform, platform) == 0))
        {
          row->status = "cancelled";
          break;
        }
    }
}

static void
on_stock_changed (Report     *r,
                  JsonObject *o)
{
  Product *p = ensure_product (r, get_string (o, "product_id"), NULL);
  gint64 old_stock, stock;
  gboolean has_old = get_int (o, "old_stock", &old_stock);
  gboolean has_new = get_int (o, "stock", &stock);

  if (p == NULL)
    return;
  if (!p->has_stock_start && has_old)
    {
      p->has_stock_start = TRUE;
      p->stock_start = old_stock;
    }
  if (has_new)
    {
      p->has_stock_end = TRUE;
      p->stock_end = stock;
    }
  if (has_old && has_new && stock < old_stock)
    p->sold += old_stock - stock;
}

static void
on_segment_started (Report     *r,
                    double      t,
                    JsonObject *o)
{
  const char *title = get_string (o, "title");
  const char *product_id = get_string (o, "product_id");
  Product *p;

  if (product_id == NULL)
    product_id = get_string (o, "product");
  p = ensure_product (r, product_id, NULL);
  if (title == NULL && p != NULL)
    title = p->title ? p->title : p->id;
  if (title != NULL)
    add_mark (r->segments, t, title);
}

static void
on_event (Report     *r,
          double      t,
          const char *event,
          JsonObject *o)
{
  if (g_str_equal (event, "show-started"))
    {
      const char *started_at = get_string (o, "started_at");
      const char *version = get_string (o, "version");

      if (started_at != NULL)
        {
          g_free (r->started_at);
          r->started_at = g_strdup (started_at);
        }
      if (version != NULL && r->version == NULL)
        r->version = g_strdup (version);
    }
  else if (g_str_equal (event, "pinned"))
    on_pinned (r, t, o);
  else if (g_str_equal (event, "chat") || g_str_equal (event, "chat-blocked"))
    on_chat (r, t, event, o);
  else if (g_str_equal (event, "chat-removed"))
    on_chat_removed (r, o);
  else if (g_str_equal (event, "chat-cleared"))
    on_chat_cleared (r);
  else if (g_str_equal (event, "claim"))
    on_claim (r, t, FALSE, o);
  else if (g_str_equal (event, "claim-waitlisted"))
    on_claim (r, t, TRUE, o);
  else if (g_str_equal (event, "claim-cancelled"))
    on_claim_cancelled (r, o);
  else if (g_str_equal (event, "stock-changed"))
    on_stock_changed (r, o);
  else if (g_str_equal (event, "segment-started"))
    on_segment_started (r, t, o);
  else if (g_str_equal (event, "live-started") && !r->has_live_start)
    {
      r->has_live_start = TRUE;
      r->live_start = t;
    }
  else if (g_str_equal (event, "live-ended"))
    {
      r->has_live_end = TRUE;
      r->live_end = t;
    }
  else if (g_str_equal (event, "show-ended"))
    {
      r->has_end = TRUE;
      r->end_t = t;
    }
}

/* Events the report reads; the rest (stats, output states…) are skipped
 * before their JSON is parsed. */
static gboolean
is_wanted (const char *event)
{
  static const char * const wanted[] = {
    "show-started", "pinned", "chat", "chat-blocked", "chat-removed", "chat-cleared",
    "claim", "claim-waitlisted", "claim-cancelled", "stock-changed", "segment-started",
    "live-started", "live-ended", "show-ended", NULL
  };

  return g_strv_contains (wanted, event);
}

static gboolean
open_database (const char  *path,
               sqlite3    **db,
               GError     **error)
{
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SC_REPORT_ERROR, SC_REPORT_ERROR_NO_DATABASE,
                   _("There is no show database at %s: no show has run yet"), path);
      return FALSE;
    }
  if (sqlite3_open_v2 (path, db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_set_error (error, SC_REPORT_ERROR, SC_REPORT_ERROR_DATABASE,
                   _("Cannot read the show database %s: %s"), path,
                   *db ? sqlite3_errmsg (*db) : g_strerror (ENOMEM));
      g_clear_pointer (db, sqlite3_close);
      return FALSE;
    }
  sqlite3_busy_timeout (*db, 2000);
  return TRUE;
}

static gboolean
parse_show (const char  *show,
            gint64      *id,
            GError     **error)
{
  guint64 value;

  if (g_strcmp0 (show, "latest") == 0)
    {
      *id = 0;
      return TRUE;
    }
  if (show == NULL || !g_ascii_string_to_unsigned (show, 10, 1, G_MAXINT64, &value, NULL))
    {
      g_set_error (error, SC_REPORT_ERROR, SC_REPORT_ERROR_BAD_SHOW,
                   _("“%s” is not a show: give a show number or “latest”"), show ? show : "");
      return FALSE;
    }
  *id = (gint64)value;
  return TRUE;
}

static gboolean
read_show (sqlite3     *db,
           const char  *path,
           gint64       id,
           Report      *r,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  const char *sql = id > 0 ? "SELECT id, title, started_at FROM shows WHERE id = ?"
                           : "SELECT id, title, started_at FROM shows ORDER BY id DESC LIMIT 1";
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      if (strstr (sqlite3_errmsg (db), "no such table") != NULL)
        g_set_error (error, SC_REPORT_ERROR, SC_REPORT_ERROR_NO_SHOW,
                     _("The show database %s has no shows"), path);
      else
        g_set_error (error, SC_REPORT_ERROR, SC_REPORT_ERROR_DATABASE,
                     _("Cannot read the show database %s: %s"), path, sqlite3_errmsg (db));
      return FALSE;
    }
  if (id > 0)
    sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      r->show_id = sqlite3_column_int64 (stmt, 0);
      r->title = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      r->started_at = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
    }
  else if (rc == SQLITE_DONE && id > 0)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      /* Translators: the first %s is a file, the second a show's number. */
      g_set_error (error, SC_REPORT_ERROR, SC_REPORT_ERROR_NO_SHOW,
                   _("The show database %s has no show %s"), path, number);
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, SC_REPORT_ERROR, SC_REPORT_ERROR_NO_SHOW,
                 _("The show database %s has no shows"), path);
  else
    g_set_error (error, SC_REPORT_ERROR, SC_REPORT_ERROR_DATABASE,
                 _("Cannot read the show database %s: %s"), path, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return rc == SQLITE_ROW;
}

static gboolean
read_events (sqlite3     *db,
             const char  *path,
             Report      *r,
             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT t, event, data FROM events WHERE show_id = ? ORDER BY rowid",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, SC_REPORT_ERROR, SC_REPORT_ERROR_DATABASE,
                   _("Cannot read the show database %s: %s"), path, sqlite3_errmsg (db));
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, r->show_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      double t = sqlite3_column_double (stmt, 0);
      const char *event = (const char *)sqlite3_column_text (stmt, 1);
      const char *data = (const char *)sqlite3_column_text (stmt, 2);
      int length = sqlite3_column_bytes (stmt, 2);
      JsonNode *root;

      if (!isfinite (t) || event == NULL)
        {
          r->skipped++;
          continue;
        }
      r->last_t = MAX (r->last_t, t);
      if (!is_wanted (event))
        continue;
      if (data == NULL || !json_parser_load_from_data (parser, data, length, NULL) ||
          (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        {
          r->skipped++;
          continue;
        }
      on_event (r, t, event, json_node_get_object (root));
    }
  if (rc != SQLITE_DONE)
    g_set_error (error, SC_REPORT_ERROR, SC_REPORT_ERROR_DATABASE,
                 _("Cannot read the show database %s: %s"), path, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

/* ---- what follows from the events --------------------------------------- */

static double
video_start (Report *r)
{
  return r->has_live_start ? r->live_start : 0;
}

static double
video_end (Report *r)
{
  if (r->has_live_start && r->has_live_end && r->live_end >= r->live_start)
    return r->live_end;
  return r->end_t;
}

/* Chat mentions: a product's claim code as a word, or a word of its title
 * (4 letters or more) that no other product's title has. */
static GStrv
fold_words (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  GPtrArray *words = g_ptr_array_new ();
  const char *start = NULL;

  for (const char *p = folded;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        {
          if (start == NULL)
            start = p;
          continue;
        }
      if (start != NULL)
        g_ptr_array_add (words, g_strndup (start, p - start));
      start = NULL;
      if (c == 0)
        break;
    }
  g_ptr_array_add (words, NULL);
  return (GStrv)g_ptr_array_free (words, FALSE);
}

static void
count_mentions (Report *r)
{
  g_autoptr(GHashTable) words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  static Product ambiguous;

  for (guint i = 0; i < r->product_order->len; i++)
    {
      Product *p = g_ptr_array_index (r->product_order, i);
      g_auto(GStrv) title_words = fold_words (p->title ? p->title : "");

      for (guint j = 0; title_words[j] != NULL; j++)
        {
          Product *other;

          if (g_utf8_strlen (title_words[j], -1) < 4)
            continue;
          other = g_hash_table_lookup (words, title_words[j]);
          if (other == NULL)
            g_hash_table_insert (words, g_strdup (title_words[j]), p);
          else if (other != p)
            g_hash_table_insert (words, g_strdup (title_words[j]), &ambiguous);
        }
      if (p->code != NULL)
        g_hash_table_insert (words, g_utf8_casefold (p->code, -1), p);
    }
  if (g_hash_table_size (words) == 0)
    return;

  for (guint i = 0; i < r->chat->len; i++)
    {
      ChatRow *row = &g_array_index (r->chat, ChatRow, i);
      g_auto(GStrv) message_words = NULL;

      if (row->text == NULL)
        continue;
      message_words = fold_words (row->text);
      for (guint j = 0; message_words[j] != NULL; j++)
        {
          Product *p = g_hash_table_lookup (words, message_words[j]);

          if (p != NULL && p != &ambiguous && p->stamp != i + 1)
            {
              p->stamp = i + 1;
              p->mentions++;
            }
        }
    }
}

static void
total_up (Report *r)
{
  double from, to;

  if (!r->has_end)
    r->end_t = r->last_t;
  close_band (r, r->end_t);

  /* On air counts while live; a show that never went live counts whole. */
  from = video_start (r);
  to = video_end (r);
  for (guint i = 0; i < r->bands->len; i++)
    {
      Band *band = &g_array_index (r->bands, Band, i);
      double start = MAX (band->start, from);
      double end = MIN (band->end, to);

      if (end > start)
        band->product->on_air_s += end - start;
    }

  for (guint i = 0; i < r->claims->len; i++)
    {
      ClaimRow *row = &g_array_index (r->claims, ClaimRow, i);
      Product *p = row->product;
      gint64 price;

      if (g_str_equal (row->status, "waitlisted"))
        {
          p->waitlisted++;
          continue;
        }
      if (g_str_equal (row->status, "cancelled"))
        continue;
      p->claims++;
      p->quantity += row->quantity;
      if (row->price != NULL && row->currency != NULL &&
          (p->currency == NULL || g_str_equal (p->currency, row->currency)) &&
          sc_money_parse (row->price, row->currency, &price, NULL))
        {
          if (p->currency == NULL)
            p->currency = g_strdup (row->currency);
          p->value += price * row->quantity;
          p->has_value = TRUE;
        }
    }
  count_mentions (r);
}

static void
remove_chapter (GPtrArray *chapters,
                guint      index)
{
  g_ptr_array_remove_index (chapters, index);
}

GPtrArray *
sc_report_chapters_make (const double       *starts,
                         const char * const *titles,
                         guint               n,
                         double              video_end,
                         const char         *intro)
{
  GPtrArray *chapters = g_ptr_array_new_with_free_func ((GDestroyNotify)chapter_free);
  gboolean changed = TRUE;

  for (guint i = 0; i < n; i++)
    {
      ScReportChapter *chapter;
      double start = MAX (starts[i], 0);

      if (start >= video_end)
        break;
      /* A later candidate at the same moment replaces the one before. */
      if (chapters->len > 0 &&
          ((ScReportChapter *)g_ptr_array_index (chapters, chapters->len - 1))->start == start)
        remove_chapter (chapters, chapters->len - 1);
      chapter = g_new0 (ScReportChapter, 1);
      chapter->start = start;
      chapter->title = g_strdelimit (g_strdup (titles[i]), "\r\n\t", ' ');
      g_ptr_array_add (chapters, chapter);
    }
  if (chapters->len == 0 || ((ScReportChapter *)g_ptr_array_index (chapters, 0))->start > 0)
    {
      ScReportChapter *chapter = g_new0 (ScReportChapter, 1);

      chapter->title = g_strdup (intro);
      g_ptr_array_insert (chapters, 0, chapter);
    }

  while (changed)
    {
      changed = FALSE;
      /* Neighbours with the same title are one chapter. */
      for (guint i = 1; i < chapters->len; i++)
        {
          ScReportChapter *a = g_ptr_array_index (chapters, i - 1);
          ScReportChapter *b = g_ptr_array_index (chapters, i);

          if (g_str_equal (a->title, b->title))
            {
              remove_chapter (chapters, i);
              changed = TRUE;
              break;
            }
        }
      if (changed)
        continue;
      /* One too short: the chapter before it goes on over it; the first
       * one, at 0, gives its place to the next. */
      for (guint i = 0; i < chapters->len && chapters->len > 1; i++)
        {
          ScReportChapter *c = g_ptr_array_index (chapters, i);
          double end = i + 1 < chapters->len
                       ? ((ScReportChapter *)g_ptr_array_index (chapters, i + 1))->start
                       : video_end;

          if (end - c->start >= MIN_CHAPTER_S)
            continue;
          if (i == 0)
            {
              ((ScReportChapter *)g_ptr_array_index (chapters, 1))->start = 0;
              remove_chapter (chapters, 0);
            }
          else
            remove_chapter (chapters, i);
          changed = TRUE;
          break;
        }
    }
  return chapters;
}

static void
make_chapters (Report *r)
{
  GArray *marks = r->segments->len > 0 ? r->segments : r->pins;
  double from = video_start (r);
  double length = video_end (r) - from;
  g_autofree double *starts = g_new0 (double, marks->len + 1);
  g_autofree const char **titles = g_new0 (const char *, marks->len + 1);
  guint n = 0;

  /* What was on air when the video began starts it. */
  for (guint i = 0; i < marks->len; i++)
    {
      Mark *mark = &g_array_index (marks, Mark, i);

      if (mark->t <= from)
        {
          starts[0] = 0;
          titles[0] = mark->title;
          n = 1;
        }
    }
  for (guint i = 0; i < marks->len; i++)
    {
      Mark *mark = &g_array_index (marks, Mark, i);

      if (mark->t > from)
        {
          starts[n] = mark->t - from;
          titles[n] = mark->title;
          n++;
        }
    }
  /* Translators: the title of the first chapter of a show's video, before
   * the first product. */
  r->chapters = sc_report_chapters_make (starts, titles, n, length, _("Intro"));
  if (r->chapters->len < MIN_CHAPTERS)
    r->chapters_note =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                    "Only %u chapter of at least 10 seconds: YouTube needs 3, so chapters.txt is empty.",
                                    "Only %u chapters of at least 10 seconds: YouTube needs 3, so chapters.txt is empty.",
                                    r->chapters->len),
                       r->chapters->len);
}

/* ---- formatting --------------------------------------------------------- */

static char *
format_clock (double   seconds,
              gboolean hours)
{
  gint64 s = (gint64)floor (MAX (seconds, 0));

  if (hours)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int)(s / 60 % 60),
                            (int)(s % 60));
  return g_strdup_printf ("%02" G_GINT64_FORMAT ":%02d", s / 60, (int)(s % 60));
}

static char *
format_decimal (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.3f", value));
}

static char *
format_money_plain (gint64      minor_units,
                    const char *currency)
{
  guint digits = sc_money_currency_digits (currency);
  gint64 scale = 1;

  for (guint i = 0; i < digits; i++)
    scale *= 10;
  if (digits == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, minor_units);
  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT,
                          minor_units < 0 && minor_units > -scale ? "-" : "",
                          minor_units / scale, (int)digits, ABS (minor_units % scale));
}

/* ISO 8601 with milliseconds and the show's offset. */
static void
append_time (GString *out,
             Report  *r,
             double   t)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *text = NULL;
  g_autofree char *zone = NULL;
  gint64 ms = (gint64)llround (t * 1000);

  if (r->start_time == NULL)
    {
      g_string_append (out, "");
      return;
    }
  time = g_date_time_add (r->start_time, ms * 1000);
  text = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");
  zone = g_date_time_format (time, "%:z");
  g_string_append_printf (out, "%s.%03d%s", text, g_date_time_get_microsecond (time) / 1000,
                          g_str_equal (zone, "+00:00") ? "Z" : zone);
}

/* RFC 4180, and a text cell a spreadsheet would run as a formula (= + - @,
 * or a tab or carriage return first) gets a leading apostrophe. */
static void
append_csv_text (GString    *out,
                 const char *text)
{
  gboolean quote;

  if (text == NULL)
    return;
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_autofree char *valid = g_utf8_make_valid (text, -1);

      append_csv_text (out, valid);
      return;
    }
  quote = strpbrk (text, ",\"\r\n") != NULL;
  if (quote)
    g_string_append_c (out, '"');
  if (strchr ("=+-@\t\r", text[0]) != NULL && text[0] != '\0')
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
}

static void
append_csv_number (GString *out,
                   gboolean has_value,
                   gint64   value)
{
  if (has_value)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

static void
end_csv_row (GString *out)
{
  g_string_append (out, "\r\n");
}

static void
append_html (GString    *out,
             const char *text)
{
  g_autofree char *escaped = NULL;

  if (text == NULL)
    return;
  escaped = g_markup_escape_text (text, -1);
  g_string_append (out, escaped);
}

/* ---- the files ---------------------------------------------------------- */

static gboolean
write_file (const char  *dir,
            const char  *name,
            GString     *contents,
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) local_error = NULL;

  if (!g_file_set_contents_full (path, contents->str, contents->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local_error))
    {
      g_set_error (error, SC_REPORT_ERROR, SC_REPORT_ERROR_WRITE,
                   _("Cannot write the report: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

static GString *
make_products_csv (Report *r)
{
  GString *out = g_string_new ("product_id,title,code,sku,seconds_on_air,times_pinned,"
                               "chat_mentions,claims,waitlisted,quantity_claimed,stock_start,"
                               "stock_end,sold,claimed_value,currency\r\n");

  for (guint i = 0; i < r->product_order->len; i++)
    {
      Product *p = g_ptr_array_index (r->product_order, i);
      g_autofree char *on_air = format_decimal (p->on_air_s);

      append_csv_text (out, p->id);
      g_string_append_c (out, ',');
      append_csv_text (out, p->title);
      g_string_append_c (out, ',');
      append_csv_text (out, p->code);
      g_string_append_c (out, ',');
      append_csv_text (out, p->sku);
      g_string_append_printf (out, ",%s,%u,%u,%u,%u,%" G_GINT64_FORMAT ",", on_air, p->pinned,
                              p->mentions, p->claims, p->waitlisted, p->quantity);
      append_csv_number (out, p->has_stock_start, p->stock_start);
      g_string_append_c (out, ',');
      append_csv_number (out, p->has_stock_end, p->stock_end);
      g_string_append_c (out, ',');
      append_csv_number (out, p->has_stock_start || p->has_stock_end, p->sold);
      g_string_append_c (out, ',');
      if (p->has_value)
        {
          g_autofree char *value = format_money_plain (p->value, p->currency);

          g_string_append (out, value);
        }
      g_string_append_c (out, ',');
      append_csv_text (out, p->has_value ? p->currency : NULL);
      end_csv_row (out);
    }
  return out;
}

static GString *
make_claims_csv (Report *r)
{
  GString *out = g_string_new ("time,platform,author,author_id,product_id,title,sku,variant,"
                               "quantity,price,currency,status,message_id\r\n");

  for (guint i = 0; i < r->claims->len; i++)
    {
      ClaimRow *row = &g_array_index (r->claims, ClaimRow, i);

      append_time (out, r, row->t);
      g_string_append_c (out, ',');
      append_csv_text (out, row->platform);
      g_string_append_c (out, ',');
      append_csv_text (out, row->author);
      g_string_append_c (out, ',');
      append_csv_text (out, row->author_id);
      g_string_append_c (out, ',');
      append_csv_text (out, row->product->id);
      g_string_append_c (out, ',');
      append_csv_text (out, row->product->title);
      g_string_append_c (out, ',');
      append_csv_text (out, row->sku);
      g_string_append_c (out, ',');
      append_csv_text (out, row->variant);
      g_string_append_printf (out, ",%" G_GINT64_FORMAT ",", row->quantity);
      append_csv_text (out, row->price);
      g_string_append_c (out, ',');
      append_csv_text (out, row->currency);
      g_string_append_c (out, ',');
      g_string_append (out, row->status);
      g_string_append_c (out, ',');
      append_csv_text (out, row->message_id);
      end_csv_row (out);
    }
  return out;
}

static GString *
make_chat_csv (Report *r)
{
  GString *out = g_string_sized_new (64 + r->chat->len * 96);

  g_string_append (out, "time,platform,message_id,author,author_id,text,hidden\r\n");
  for (guint i = 0; i < r->chat->len; i++)
    {
      ChatRow *row = &g_array_index (r->chat, ChatRow, i);

      append_time (out, r, row->t);
      g_string_append_c (out, ',');
      append_csv_text (out, row->platform);
      g_string_append_c (out, ',');
      append_csv_text (out, row->id);
      g_string_append_c (out, ',');
      append_csv_text (out, row->author);
      g_string_append_c (out, ',');
      append_csv_text (out, row->author_id);
      g_string_append_c (out, ',');
      append_csv_text (out, row->text);
      g_string_append_c (out, ',');
      g_string_append (out, row->hidden ? row->hidden : "no");
      end_csv_row (out);
    }
  return out;
}

static GString *
make_chapters_txt (Report *r)
{
  GString *out = g_string_new (NULL);
  gboolean hours = video_end (r) - video_start (r) >= 3600;

  if (r->chapters->len < MIN_CHAPTERS)
    return out;
  for (guint i = 0; i < r->chapters->len; i++)
    {
      ScReportChapter *chapter = g_ptr_array_index (r->chapters, i);
      g_autofree char *clock = format_clock (chapter->start, hours);

      g_string_append_printf (out, "%s %s\n", clock, chapter->title);
    }
  return out;
}

/* ---- charts ------------------------------------------------------------- */

static cairo_status_t
svg_write_cb (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_string_append_len (closure, (const char *)data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
set_rgb (cairo_t *cr,
         guint8   red,
         guint8   green,
         guint8   blue)
{
  cairo_set_source_rgb (cr, red / 255.0, green / 255.0, blue / 255.0);
}

static void
draw_text (cairo_t    *cr,
           const char *text,
           double      x,
           double      y,
           double      align,   /* 0 left, 0.5 centred, 1 right */
           double      max_width)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 11");
  int width, height;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int)(max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_move_to (cr, x - width * align, y - height / 2.0);
  pango_cairo_show_layout (cr, layout);
}

/* Two inline SVGs in one page must not share ids (cairo names glyphs and
 * clips "glyph0-1", "clip1" in each), and the XML prolog goes. */
static void
append_svg (GString    *out,
            GString    *svg,
            const char *prefix)
{
  const char *start = strstr (svg->str, "<svg");
  g_autoptr(GString) text = g_string_new (start ? start : "");
  g_autofree char *id = g_strdup_printf ("id=\"%s-", prefix);
  g_autofree char *href = g_strdup_printf ("href=\"#%s-", prefix);
  g_autofree char *url = g_strdup_printf ("url(#%s-", prefix);

  g_string_replace (text, "id=\"", id, 0);
  g_string_replace (text, "href=\"#", href, 0);
  g_string_replace (text, "url(#", url, 0);
  g_string_append (out, text->str);
}

static const guint8 *
band_colour (Product *p)
{
  return band_palette[p->order % G_N_ELEMENTS (band_palette)];
}

static void
draw_timeline (Report  *r,
               GString *svg)
{
  const double width = 1000, height = 340;
  const double left = 50, right = 50, top = 40, bottom = 50;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  /* The axis spans whole minutes, as the per-minute bars do: a show of 8 s
   * or 61 s is drawn on an axis of 1 or 2 minutes, never a bar wider than
   * the plot. */
  guint minutes = MAX ((guint)ceil (MAX (r->end_t, 0) / 60.0), 1);
  double end = minutes * 60.0;
  g_autofree guint *chat = g_new0 (guint, minutes + 1);
  g_autofree guint *claims = g_new0 (guint, minutes + 1);
  guint chat_max = 1, claims_max = 1;
  guint step;
  cairo_surface_t *surface;
  cairo_t *cr;

  for (guint i = 0; i < r->chat->len; i++)
    {
      ChatRow *row = &g_array_index (r->chat, ChatRow, i);
      guint m = MIN ((guint)(MAX (row->t, 0) / 60), minutes - 1);

      chat[m]++;
      chat_max = MAX (chat_max, chat[m]);
    }
  for (guint i = 0; i < r->claims->len; i++)
    {
      ClaimRow *row = &g_array_index (r->claims, ClaimRow, i);
      guint m = MIN ((guint)(MAX (row->t, 0) / 60), minutes - 1);

      claims[m]++;
      claims_max = MAX (claims_max, claims[m]);
    }

  surface = cairo_svg_surface_create_for_stream (svg_write_cb, svg, width, height);
  cairo_svg_surface_restrict_to_version (surface, CAIRO_SVG_VERSION_1_1);
  cr = cairo_create (surface);

  set_rgb (cr, 0xff, 0xff, 0xff);
  cairo_paint (cr);

  /* On-air products as bands behind the bars. */
  for (guint i = 0; i < r->bands->len; i++)
    {
      Band *band = &g_array_index (r->bands, Band, i);
      const guint8 *c = band_colour (band->product);
      double x0 = left + plot_w * band->start / end;
      double x1 = left + plot_w * band->end / end;

      set_rgb (cr, c[0], c[1], c[2]);
      cairo_rectangle (cr, x0, top, MAX (x1 - x0, 1), plot_h);
      cairo_fill (cr);
    }

  /* Chat messages per minute (left scale), claims per minute (right). */
  for (guint m = 0; m < minutes; m++)
    {
      double x = left + plot_w * (m * 60.0) / end;
      double w = MAX (plot_w * 60.0 / end, 1);
      double h;

      if (chat[m] > 0)
        {
          h = plot_h * chat[m] / chat_max;
          set_rgb (cr, CHAT_RGB);
          cairo_rectangle (cr, x + w * 0.1, top + plot_h - h, MAX (w * 0.4, 1), h);
          cairo_fill (cr);
        }
      if (claims[m] > 0)
        {
          h = plot_h * claims[m] / claims_max;
          set_rgb (cr, CLAIM_RGB);
          cairo_rectangle (cr, x + w * 0.5, top + plot_h - h, MAX (w * 0.4, 1), h);
          cairo_fill (cr);
        }
    }

  /* Axes and ticks: at most about 12 labels, on whole minutes. */
  set_rgb (cr, 0x3d, 0x38, 0x46);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, left, top + plot_h + 0.5);
  cairo_line_to (cr, left + plot_w, top + plot_h + 0.5);
  cairo_stroke (cr);
  {
    static const guint steps[] = { 1, 2, 5, 10, 15, 30, 60, 120, 240 };

    step = steps[G_N_ELEMENTS (steps) - 1];
    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      if (minutes / steps[i] <= 12)
        {
          step = steps[i];
          break;
        }
  }
  for (guint m = 0; m <= minutes; m += step)
    {
      double x = left + plot_w * MIN (m * 60.0, end) / end;
      g_autofree char *label = format_clock (m * 60.0, TRUE);

      cairo_move_to (cr, floor (x) + 0.5, top + plot_h);
      cairo_line_to (cr, floor (x) + 0.5, top + plot_h + 5);
      cairo_stroke (cr);
      draw_text (cr, label, x, top + plot_h + 16, 0.5, 0);
    }
  {
    g_autofree char *chat_label = g_strdup_printf ("%u", chat_max);
    g_autofree char *claims_label = g_strdup_printf ("%u", claims_max);

    set_rgb (cr, CHAT_RGB);
    draw_text (cr, chat_label, left - 6, top, 1, 0);
    set_rgb (cr, CLAIM_RGB);
    draw_text (cr, claims_label, left + plot_w + 6, top, 0, 0);
  }

  /* The legend. */
  set_rgb (cr, CHAT_RGB);
  cairo_rectangle (cr, left, 10, 14, 14);
  cairo_fill (cr);
  set_rgb (cr, 0x24, 0x1f, 0x31);
  draw_text (cr, _("Chat messages per minute"), left + 20, 17, 0, 360);
  set_rgb (cr, CLAIM_RGB);
  cairo_rectangle (cr, left + 400, 10, 14, 14);
  cairo_fill (cr);
  set_rgb (cr, 0x24, 0x1f, 0x31);
  draw_text (cr, _("Claims per minute"), left + 420, 17, 0, 360);
  /* Translators: below the show's timeline chart: time since the show started. */
  draw_text (cr, _("Time since the start (h:mm:ss)"), left + plot_w / 2, height - 12, 0.5, 0);

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
}

static void
draw_products (Report  *r,
               GString *svg)
{
  const double row_h = 44, label_w = 300, left = 10, width = 1000, top = 40;
  guint n = r->product_order->len;
  double height = top + MAX (n, 1) * row_h + 10;
  double bar_w = width - left - label_w - 80;
  gint64 quantity_max = 1;
  guint mentions_max = 1;
  cairo_surface_t *surface;
  cairo_t *cr;

  for (guint i = 0; i < n; i++)
    {
      Product *p = g_ptr_array_index (r->product_order, i);

      quantity_max = MAX (quantity_max, p->quantity);
      mentions_max = MAX (mentions_max, p->mentions);
    }

  surface = cairo_svg_surface_create_for_stream (svg_write_cb, svg, width, height);
  cairo_svg_surface_restrict_to_version (surface, CAIRO_SVG_VERSION_1_1);
  cr = cairo_create (surface);
  set_rgb (cr, 0xff, 0xff, 0xff);
  cairo_paint (cr);

  set_rgb (cr, CLAIM_RGB);
  cairo_rectangle (cr, left, 10, 14, 14);
  cairo_fill (cr);
  set_rgb (cr, 0x24, 0x1f, 0x31);
  draw_text (cr, _("Units claimed"), left + 20, 17, 0, 300);
  set_rgb (cr, CHAT_RGB);
  cairo_rectangle (cr, left + 340, 10, 14, 14);
  cairo_fill (cr);
  set_rgb (cr, 0x24, 0x1f, 0x31);
  draw_text (cr, _("Chat mentions"), left + 360, 17, 0, 300);

  for (guint i = 0; i < n; i++)
    {
      Product *p = g_ptr_array_index (r->product_order, i);
      const guint8 *c = band_colour (p);
      double y = top + i * row_h;
      double w;
      g_autofree char *quantity = g_strdup_printf ("%" G_GINT64_FORMAT, p->quantity);
      g_autofree char *mentions = g_strdup_printf ("%u", p->mentions);

      set_rgb (cr, c[0], c[1], c[2]);
      cairo_rectangle (cr, left, y + 6, 10, row_h - 12);
      cairo_fill (cr);
      set_rgb (cr, 0x24, 0x1f, 0x31);
      draw_text (cr, p->title ? p->title : p->id, left + 16, y + row_h / 2, 0, label_w - 24);

      w = bar_w * p->quantity / quantity_max;
      set_rgb (cr, CLAIM_RGB);
      cairo_rectangle (cr, left + label_w, y + 4, MAX (w, 1), row_h / 2 - 6);
      cairo_fill (cr);
      draw_text (cr, quantity, left + label_w + MAX (w, 1) + 6, y + 4 + (row_h / 2 - 6) / 2, 0, 0);

      w = bar_w * p->mentions / mentions_max;
      set_rgb (cr, CHAT_RGB);
      cairo_rectangle (cr, left + label_w, y + row_h / 2, MAX (w, 1), row_h / 2 - 6);
      cairo_fill (cr);
      draw_text (cr, mentions, left + label_w + MAX (w, 1) + 6, y + row_h / 2 + (row_h / 2 - 6) / 2,
                 0, 0);
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
}

/* ---- report.html -------------------------------------------------------- */

static const char page_style[] =
  "body{font-family:Cantarell,'Noto Sans',sans-serif;color:#241f31;background:#fafafa;"
  "margin:24px auto;max-width:1040px;padding:0 16px}"
  "h1{font-size:28px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 8px}"
  ".sub{color:#5e5c64;margin:0 0 16px}"
  ".figures{display:flex;flex-wrap:wrap;gap:12px;padding:0;margin:0;list-style:none}"
  ".figures li{background:#fff;border:1px solid #deddda;border-radius:8px;padding:10px 14px;"
  "min-width:130px}"
  ".figures b{display:block;font-size:24px}.figures span{color:#5e5c64;font-size:13px}"
  "svg{display:block;max-width:100%;height:auto;background:#fff;border:1px solid #deddda;"
  "border-radius:8px}"
  "table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}"
  "th,td{border-bottom:1px solid #deddda;padding:6px 8px;text-align:left}"
  "td.n{text-align:right;font-variant-numeric:tabular-nums}"
  "pre{background:#fff;border:1px solid #deddda;padding:10px;border-radius:8px}"
  ".note{color:#9c6e03}footer{color:#5e5c64;font-size:13px;margin-top:32px}";

static void
append_figure (GString    *out,
               const char *value,
               const char *label)
{
  g_string_append (out, "<li><b>");
  append_html (out, value);
  g_string_append (out, "</b><span>");
  append_html (out, label);
  g_string_append (out, "</span></li>");
}

static char *
ui_language (void)
{
  const char *name = g_get_language_names ()[0];
  g_autofree char *tag = g_strdup (name ? name : "en");
  char *cut = strpbrk (tag, ".@");

  if (cut != NULL)
    *cut = '\0';
  if (g_str_equal (tag, "C") || g_str_equal (tag, "POSIX") || tag[0] == '\0')
    return g_strdup ("en");
  return g_strdelimit (g_steal_pointer (&tag), "_", '-');
}

static GString *
make_html (Report *r)
{
  GString *out = g_string_sized_new (64 * 1024);
  g_autoptr(GString) timeline = g_string_new (NULL);
  g_autoptr(GString) products = g_string_new (NULL);
  g_autoptr(GHashTable) chatters = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autofree char *lang = ui_language ();
  g_autofree char *heading = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *live = NULL;
  g_autofree char *start = NULL;
  guint shown = 0, hidden = 0, claims = 0, waitlisted = 0;
  gint64 units = 0;

  for (guint i = 0; i < r->chat->len; i++)
    {
      ChatRow *row = &g_array_index (r->chat, ChatRow, i);

      if (row->hidden == NULL)
        shown++;
      else
        hidden++;
      if (row->author != NULL)
        g_hash_table_add (chatters, (gpointer)row->author);
    }
  for (guint i = 0; i < r->product_order->len; i++)
    {
      Product *p = g_ptr_array_index (r->product_order, i);
      gint64 *sum;

      claims += p->claims;
      waitlisted += p->waitlisted;
      units += p->quantity;
      if (!p->has_value)
        continue;
      sum = g_hash_table_lookup (values, p->currency);
      if (sum == NULL)
        {
          sum = g_new0 (gint64, 1);
          g_hash_table_insert (values, p->currency, sum);
        }
      *sum += p->value;
    }

  draw_timeline (r, timeline);
  draw_products (r, products);

  /* Translators: the title of the report page; %s is the show's title. */
  heading = g_strdup_printf (_("Show report: %s"), r->title ? r->title : "");
  duration = format_clock (r->end_t, TRUE);
  if (r->has_live_start)
    live = format_clock (video_end (r) - r->live_start, TRUE);
  if (r->start_time != NULL)
    start = g_date_time_format (r->start_time, "%Y-%m-%d %H:%M %:z");

  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"");
  append_html (out, lang);
  g_string_append (out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                   "style-src 'unsafe-inline'\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<title>");
  append_html (out, heading);
  g_string_append_printf (out, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", page_style);
  append_html (out, heading);
  g_string_append (out, "</h1>\n<p class=\"sub\">");
  /* Translators: under the report's title: the show's number in the show
   * database and when it started. */
  {
    g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, r->show_id);
    g_autofree char *sub = g_strdup_printf (_("Show %s, started %s"), number,
                                            start ? start : "?");
    append_html (out, sub);
  }
  g_string_append (out, "</p>\n<ul class=\"figures\">");
  append_figure (out, duration, _("Show length"));
  if (live != NULL)
    append_figure (out, live, _("Live"));
  {
    g_autofree char *text = g_strdup_printf ("%u", shown);
    append_figure (out, text, _("Chat messages"));
    g_free (text);
    text = g_strdup_printf ("%u", hidden);
    append_figure (out, text, _("Hidden messages"));
    g_free (text);
    text = g_strdup_printf ("%u", g_hash_table_size (chatters));
    append_figure (out, text, _("People in the chat"));
    g_free (text);
    text = g_strdup_printf ("%u", claims);
    append_figure (out, text, _("Claims"));
    g_free (text);
    text = g_strdup_printf ("%" G_GINT64_FORMAT, units);
    append_figure (out, text, _("Units claimed"));
    g_free (text);
    text = g_strdup_printf ("%u", waitlisted);
    append_figure (out, text, _("Waitlisted"));
  }
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, values);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        g_autofree char *money = sc_money_format (*(gint64 *)value, key);

        append_figure (out, money, _("Claimed value"));
      }
  }
  g_string_append (out, "</ul>\n<h2>");
  append_html (out, _("Timeline"));
  g_string_append (out, "</h2>\n");
  append_svg (out, timeline, "timeline");
  g_string_append (out, "\n<h2>");
  append_html (out, _("Products"));
  g_string_append (out, "</h2>\n");
  append_svg (out, products, "products");

  g_string_append (out, "\n<table>\n<tr><th>");
  append_html (out, _("Product"));
  g_string_append (out, "</th><th>");
  append_html (out, _("On air"));
  g_string_append (out, "</th><th>");
  append_html (out, _("Pinned"));
  g_string_append (out, "</th><th>");
  append_html (out, _("Chat mentions"));
  g_string_append (out, "</th><th>");
  append_html (out, _("Claims"));
  g_string_append (out, "</th><th>");
  append_html (out, _("Units claimed"));
  g_string_append (out, "</th><th>");
  append_html (out, _("Waitlisted"));
  g_string_append (out, "</th><th>");
  append_html (out, _("Claimed value"));
  g_string_append (out, "</th></tr>\n");
  for (guint i = 0; i < r->product_order->len; i++)
    {
      Product *p = g_ptr_array_index (r->product_order, i);
      g_autofree char *on_air = format_clock (p->on_air_s, TRUE);
      g_autofree char *value = p->has_value ? sc_money_format (p->value, p->currency) : NULL;

      g_string_append (out, "<tr><td>");
      append_html (out, p->title ? p->title : p->id);
      g_string_append_printf (out, "</td><td class=\"n\">%s</td><td class=\"n\">%u</td>"
                              "<td class=\"n\">%u</td><td class=\"n\">%u</td>"
                              "<td class=\"n\">%" G_GINT64_FORMAT "</td><td class=\"n\">%u</td>"
                              "<td class=\"n\">",
                              on_air, p->pinned, p->mentions, p->claims, p->quantity,
                              p->waitlisted);
      append_html (out, value);
      g_string_append (out, "</td></tr>\n");
    }
  g_string_append (out, "</table>\n<h2>");
  append_html (out, _("Chapters"));
  g_string_append (out, "</h2>\n");
  if (r->chapters_note != NULL)
    {
      g_string_append (out, "<p class=\"note\">");
      append_html (out, r->chapters_note);
      g_string_append (out, "</p>\n");
    }
  else
    {
      g_autoptr(GString) chapters = make_chapters_txt (r);

      g_string_append (out, "<pre>");
      append_html (out, chapters->str);
      g_string_append (out, "</pre>\n");
    }
  if (r->skipped > 0)
    {
      g_autofree char *note =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u event could not be read and was left out.",
                                      "%u events could not be read and were left out.",
                                      r->skipped),
                         r->skipped);

      g_string_append (out, "<p class=\"note\">");
      append_html (out, note);
      g_string_append (out, "</p>\n");
    }
  g_string_append (out, "<footer>");
  append_html (out, _("Made by Shopcast from the show’s own records. This report stays on this "
                      "computer unless you send it."));
  g_string_append (out, "</footer>\n</body>\n</html>\n");
  return out;
}

/* ---- together ----------------------------------------------------------- */

gboolean
sc_report_write (const char       *database,
                 const char       *show,
                 const char       *out_dir,
                 ScReportSummary  *summary,
                 GError          **error)
{
  Report r = { 0, };
  sqlite3 *db = NULL;
  gint64 id;
  gboolean ok = FALSE;
  g_autoptr(GString) products = NULL;
  g_autoptr(GString) claims = NULL;
  g_autoptr(GString) chat = NULL;
  g_autoptr(GString) chapters = NULL;
  g_autoptr(GString) html = NULL;

  g_return_val_if_fail (database != NULL, FALSE);
  g_return_val_if_fail (out_dir != NULL, FALSE);

  if (!parse_show (show, &id, error) || !open_database (database, &db, error))
    return FALSE;

  r.strings = g_string_chunk_new (64 * 1024);
  r.products = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, NULL);
  r.product_order = g_ptr_array_new_with_free_func ((GDestroyNotify)product_free);
  r.chat = g_array_new (FALSE, FALSE, sizeof (ChatRow));
  r.chat_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  r.claims = g_array_new (FALSE, FALSE, sizeof (ClaimRow));
  r.bands = g_array_new (FALSE, FALSE, sizeof (Band));
  r.pins = g_array_new (FALSE, FALSE, sizeof (Mark));
  g_array_set_clear_func (r.pins, (GDestroyNotify)mark_clear);
  r.segments = g_array_new (FALSE, FALSE, sizeof (Mark));
  g_array_set_clear_func (r.segments, (GDestroyNotify)mark_clear);

  /* One read transaction: a show still writing cannot change it midway. */
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  if (!read_show (db, database, id, &r, error) || !read_events (db, database, &r, error))
    goto out;
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);

  if (r.started_at != NULL)
    r.start_time = g_date_time_new_from_iso8601 (r.started_at, NULL);
  total_up (&r);
  make_chapters (&r);

  if (g_mkdir_with_parents (out_dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, SC_REPORT_ERROR, SC_REPORT_ERROR_WRITE,
                   _("Cannot create the folder %s: %s"), out_dir, g_strerror (saved));
      goto out;
    }
  products = make_products_csv (&r);
  claims = make_claims_csv (&r);
  chat = make_chat_csv (&r);
  chapters = make_chapters_txt (&r);
  html = make_html (&r);
  if (!write_file (out_dir, "products.csv", products, error) ||
      !write_file (out_dir, "claims.csv", claims, error) ||
      !write_file (out_dir, "chat.csv", chat, error) ||
      !write_file (out_dir, "chapters.txt", chapters, error) ||
      !write_file (out_dir, "report.html", html, error))
    goto out;

  if (summary != NULL)
    {
      summary->show_id = r.show_id;
      summary->title = g_strdup (r.title);
      summary->products = r.product_order->len;
      summary->claims = r.claims->len;
      summary->chat_messages = r.chat->len;
      summary->chapters = r.chapters_note ? 0 : r.chapters->len;
      summary->chapters_note = g_strdup (r.chapters_note);
      summary->skipped_rows = r.skipped;
    }
  ok = TRUE;

out:
  sqlite3_close (db);
  report_clear (&r);
  return ok;
}

int
sc_report_command_run (const char *show,
                       const char *out_dir)
{
  g_auto(ScReportSummary) summary = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *database = NULL;
  g_autofree char *number = NULL;

  if (out_dir == NULL || out_dir[0] == '\0')
    {
      g_printerr ("shopcast: %s\n", _("--report needs --out DIR, the folder to write it to"));
      return 2;
    }
  database = sc_report_database_path ();
  if (!sc_report_write (database, show, out_dir, &summary, &error))
    {
      g_printerr ("shopcast: %s\n", error->message);
      return error->code == SC_REPORT_ERROR_DATABASE || error->code == SC_REPORT_ERROR_WRITE ? 1
                                                                                            : 2;
    }
  if (summary.skipped_rows > 0)
    {
      g_printerr ("shopcast: ");
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u event could not be read and was left out.",
                               "%u events could not be read and were left out.",
                               summary.skipped_rows),
                  summary.skipped_rows);
      g_printerr ("\n");
    }
  if (summary.chapters_note != NULL)
    g_printerr ("shopcast: %s\n", summary.chapters_note);
  number = g_strdup_printf ("%" G_GINT64_FORMAT, summary.show_id);
  /* Translators: the first %s is a show's number, the second a folder; the
   * numbers count what the report holds. */
  g_print (_("Wrote the report of show %s to %s: %u products, %u claims, "
             "%u chat messages, %u chapters, %u events skipped\n"),
           number, out_dir, summary.products, summary.claims, summary.chat_messages,
           summary.chapters, summary.skipped_rows);
  return 0;
}
