/* sc-sale-journal.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-sale-journal"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "base/sc-backoff.h"
#include "sc-money.h"
#include "sc-sale-journal.h"
#include "sc-shop-error.h"
#include "sc-variant.h"

#define BUSY_TIMEOUT_MS 5000
#define SCHEMA_VERSION 1
#define DEFAULT_FIRST_RETRY_S 2.0
#define DEFAULT_MAX_RETRY_S 60.0

struct _ScSaleJournal
{
  GObject  parent_instance;

  char    *dir;
  char    *path;
  GMutex   lock;          /* guards db */
  sqlite3 *db;            /* opened in a worker on first use */
  double   first_retry_s;
  double   max_retry_s;
};

G_DEFINE_FINAL_TYPE (ScSaleJournal, sc_sale_journal, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (ScSaleEntry, sc_sale_entry, sc_sale_entry_copy, sc_sale_entry_free)

static const char *state_names[] = { "pending", "applied", "restored", "gone" };

const char *
sc_sale_state_to_string (ScSaleState state)
{
  g_return_val_if_fail (state <= SC_SALE_STATE_GONE, NULL);
  return state_names[state];
}

static ScSaleState
state_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (text, state_names[i]) == 0)
      return (ScSaleState)i;
  /* Unknown means the shop may be on the sale price: restore it. */
  return SC_SALE_STATE_PENDING;
}

ScSaleEntry *
sc_sale_entry_copy (const ScSaleEntry *entry)
{
  ScSaleEntry *copy = g_memdup2 (entry, sizeof *entry);

  copy->shop_key = g_strdup (entry->shop_key);
  copy->product_id = g_strdup (entry->product_id);
  copy->variant_id = g_strdup (entry->variant_id);
  copy->title = g_strdup (entry->title);
  copy->currency = g_strdup (entry->currency);
  copy->error = g_strdup (entry->error);
  return copy;
}

void
sc_sale_entry_free (ScSaleEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->shop_key);
  g_free (entry->product_id);
  g_free (entry->variant_id);
  g_free (entry->title);
  g_free (entry->currency);
  g_free (entry->error);
  g_free (entry);
}

/* GObject */

static void
sc_sale_journal_finalize (GObject *object)
{
  ScSaleJournal *self = (ScSaleJournal *)object;

  g_clear_pointer (&self->db, sqlite3_close);
  g_mutex_clear (&self->lock);
  g_free (self->dir);
  g_free (self->path);

  G_OBJECT_CLASS (sc_sale_journal_parent_class)->finalize (object);
}

static void
sc_sale_journal_class_init (ScSaleJournalClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_sale_journal_finalize;
}

static void
sc_sale_journal_init (ScSaleJournal *self)
{
  g_mutex_init (&self->lock);
  self->first_retry_s = DEFAULT_FIRST_RETRY_S;
  self->max_retry_s = DEFAULT_MAX_RETRY_S;
}

ScSaleJournal *
sc_sale_journal_new (const char *dir)
{
  ScSaleJournal *self = g_object_new (SC_TYPE_SALE_JOURNAL, NULL);

  self->dir = dir != NULL ? g_strdup (dir)
                          : g_build_filename (g_get_user_data_dir (), "shopcast", NULL);
  self->path = g_build_filename (self->dir, "sales.sqlite", NULL);
  return self;
}

const char *
sc_sale_journal_get_path (ScSaleJournal *self)
{
  g_return_val_if_fail (SC_IS_SALE_JOURNAL (self), NULL);
  return self->path;
}

void
sc_sale_journal_set_retry_delays (ScSaleJournal *self,
                                  double         initial_s,
                                  double         max_s)
{
  g_return_if_fail (SC_IS_SALE_JOURNAL (self));
  self->first_retry_s = MAX (initial_s, 0.0);
  self->max_retry_s = MAX (max_s, self->first_retry_s);
}

/* The database (worker threads, with the lock held) */

typedef enum {
  DB_OPENING,
  DB_READING,
  DB_WRITING,
} DbAction;

static gboolean
db_fail (ScSaleJournal  *self,
         DbAction        action,
         GError        **error)
{
  const char *why = self->db != NULL ? sqlite3_errmsg (self->db) : "";

  switch (action)
    {
    case DB_OPENING:
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("Cannot open the sale journal %s: %s"), self->path, why);
      break;
    case DB_READING:
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("Cannot read the sale journal %s: %s"), self->path, why);
      break;
    case DB_WRITING:
    default:
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("Cannot write to the sale journal %s: %s"), self->path, why);
      break;
    }
  return FALSE;
}

static gboolean
db_exec (ScSaleJournal  *self,
         const char     *sql,
         GError        **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return db_fail (self, DB_WRITING, error);
  return TRUE;
}

static gboolean
db_open (ScSaleJournal  *self,
         GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  int version = 0;

  if (self->db != NULL)
    return TRUE;
  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("Cannot create the folder %s for the sale journal: %s"), self->dir,
                   g_strerror (saved));
      return FALSE;
    }
  if (sqlite3_open_v2 (self->path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                       NULL) != SQLITE_OK)
    {
      db_fail (self, DB_OPENING, error);
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("The sale journal %s is from a newer Shopcast; update Shopcast to use it"),
                   self->path);
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }
  /* synchronous=FULL: an entry must be on disk before the shop is changed. */
  if (!db_exec (self, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                      "CREATE TABLE IF NOT EXISTS sales ("
                      " id INTEGER PRIMARY KEY,"
                      " shop TEXT NOT NULL,"
                      " product_id TEXT NOT NULL,"
                      " variant_id TEXT,"
                      " title TEXT NOT NULL DEFAULT '',"
                      " currency TEXT,"
                      " original_price INTEGER NOT NULL,"
                      " original_compare_at INTEGER NOT NULL,"
                      " sale_price INTEGER NOT NULL,"
                      " ends_at INTEGER NOT NULL DEFAULT 0,"
                      " state TEXT NOT NULL,"
                      " error TEXT,"
                      " created_at INTEGER NOT NULL,"
                      " updated_at INTEGER NOT NULL);"
                      "CREATE INDEX IF NOT EXISTS sales_open ON sales (shop, state);"
                      "PRAGMA user_version = 1;", error))
    {
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }
  return TRUE;
}

static ScSaleEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  ScSaleEntry *entry = g_new0 (ScSaleEntry, 1);

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->shop_key = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
  entry->product_id = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
  entry->variant_id = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
  entry->title = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
  entry->currency = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
  entry->original_price = sqlite3_column_int64 (stmt, 6);
  entry->original_compare_at = sqlite3_column_int64 (stmt, 7);
  entry->sale_price = sqlite3_column_int64 (stmt, 8);
  entry->ends_at = sqlite3_column_int64 (stmt, 9);
  entry->state = state_from_string ((const char *)sqlite3_column_text (stmt, 10));
  entry->error = g_strdup ((const char *)sqlite3_column_text (stmt, 11));
  return entry;
}

#define SELECT_ENTRY \
  "SELECT id, shop, product_id, variant_id, title, currency, original_price, " \
  "original_compare_at, sale_price, ends_at, state, error FROM sales "

/* Entries of @shop not restored (only @product_id's unless NULL). */
static GPtrArray *
db_list (ScSaleJournal  *self,
         const char     *shop,
         const char     *product_id,
         gboolean        open_only,
         GError        **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!db_open (self, error))
    return NULL;
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_sale_entry_free);
  if (sqlite3_prepare_v2 (self->db,
                          open_only
                          ? SELECT_ENTRY "WHERE shop = ?1 AND (?2 IS NULL OR product_id = ?2) "
                                         "AND state NOT IN ('restored', 'gone') ORDER BY id"
                          : SELECT_ENTRY "ORDER BY id",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      db_fail (self, DB_READING, error);
      return NULL;
    }
  if (open_only)
    {
      sqlite3_bind_text (stmt, 1, shop, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, product_id, -1, SQLITE_TRANSIENT);
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      db_fail (self, DB_READING, error);
      return NULL;
    }
  return g_steal_pointer (&entries);
}

/* Writes @entries as pending in one transaction and fills in their ids;
 * refuses a product that is on sale already (its price in the catalog
 * would be the sale price, not the one to restore). */
static gboolean
db_insert (ScSaleJournal  *self,
           GPtrArray      *entries,
           GError        **error)
{
  ScSaleEntry *first = g_ptr_array_index (entries, 0);
  g_autoptr(GPtrArray) open = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  open = db_list (self, first->shop_key, first->product_id, TRUE, error);
  if (open == NULL)
    return FALSE;
  if (open->len > 0)
    {
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("“%s” is on sale in the shop already; its regular price must be "
                     "restored first"), first->title);
      return FALSE;
    }

  if (!db_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (sqlite3_prepare_v2 (self->db,
                          "INSERT INTO sales (shop, product_id, variant_id, title, currency, "
                          "original_price, original_compare_at, sale_price, ends_at, state, "
                          "created_at, updated_at) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'pending', ?10, ?10)",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto failed;
  for (guint i = 0; i < entries->len; i++)
    {
      ScSaleEntry *entry = g_ptr_array_index (entries, i);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, entry->shop_key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, entry->product_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, entry->variant_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, entry->title != NULL ? entry->title : "", -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, entry->currency, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 6, entry->original_price);
      sqlite3_bind_int64 (stmt, 7, entry->original_compare_at);
      sqlite3_bind_int64 (stmt, 8, entry->sale_price);
      sqlite3_bind_int64 (stmt, 9, entry->ends_at);
      sqlite3_bind_int64 (stmt, 10, now);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        goto failed;
      entry->id = sqlite3_last_insert_rowid (self->db);
    }
  sqlite3_finalize (stmt);
  return db_exec (self, "COMMIT", error);

failed:
  db_fail (self, DB_WRITING, error);
  sqlite3_finalize (stmt);
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
db_set_state (ScSaleJournal  *self,
              ScSaleEntry    *entry,
              GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (!db_open (self, error))
    return FALSE;
  if (sqlite3_prepare_v2 (self->db,
                          "UPDATE sales SET state = ?1, error = ?2, updated_at = ?3 WHERE id = ?4",
                          -1, &stmt, NULL) != SQLITE_OK)
    return db_fail (self, DB_WRITING, error);
  sqlite3_bind_text (stmt, 1, sc_sale_state_to_string (entry->state), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, entry->error, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int64 (stmt, 4, entry->id);
  ok = sqlite3_step (stmt) == SQLITE_DONE;
  sqlite3_finalize (stmt);
  return ok ? TRUE : db_fail (self, DB_WRITING, error);
}

GPtrArray *
sc_sale_journal_list (ScSaleJournal  *self,
                      GError        **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (SC_IS_SALE_JOURNAL (self), NULL);
  locker = g_mutex_locker_new (&self->lock);
  return db_list (self, NULL, NULL, FALSE, error);
}

/* The same, in a worker thread */

typedef enum {
  DB_INSERT,
  DB_SET_STATE,
  DB_LIST_OPEN,
} DbKind;

typedef struct {
  DbKind       kind;
  GPtrArray   *entries;     /* DB_INSERT */
  ScSaleEntry *entry;       /* DB_SET_STATE, borrowed */
  char        *shop;        /* DB_LIST_OPEN */
  char        *product_id;
} DbOp;

static void
db_op_free (DbOp *op)
{
  g_clear_pointer (&op->entries, g_ptr_array_unref);
  g_free (op->shop);
  g_free (op->product_id);
  g_free (op);
}

static void
db_thread (GTask        *task,
           gpointer      source,
           gpointer      task_data,
           GCancellable *cancellable)
{
  ScSaleJournal *self = source;
  DbOp *op = task_data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  GError *error = NULL;
  GPtrArray *list;

  switch (op->kind)
    {
    case DB_INSERT:
      if (db_insert (self, op->entries, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      break;
    case DB_SET_STATE:
      if (db_set_state (self, op->entry, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      break;
    case DB_LIST_OPEN:
    default:
      list = db_list (self, op->shop, op->product_id, TRUE, &error);
      if (list != NULL)
        g_task_return_pointer (task, list, (GDestroyNotify)g_ptr_array_unref);
      else
        g_task_return_error (task, error);
      break;
    }
}

/* Never cancelled: a state the shop has reached is always written down. */
static void
db_run_async (ScSaleJournal       *self,
              DbOp                *op,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, db_run_async);
  g_task_set_task_data (task, op, (GDestroyNotify)db_op_free);
  g_task_run_in_thread (task, db_thread);
}

/* Restoring: each entry in turn gets its original price back; while the
 * shop cannot be reached the same entry is tried again with backoff. */

typedef struct {
  ScShopProvider *provider;
  GPtrArray      *entries;   /* ScSaleEntry * */
  guint           next;
  ScBackoff       backoff;
  GError         *apply_error; /* start_sale: why the sale was undone */
} RestoreOp;

static void
restore_op_free (RestoreOp *op)
{
  g_clear_object (&op->provider);
  g_clear_pointer (&op->entries, g_ptr_array_unref);
  g_clear_error (&op->apply_error);
  sc_backoff_clear (&op->backoff);
  g_free (op);
}

static void restore_next (GTask *task);

static void
restore_finish (GTask *task)
{
  RestoreOp *op = g_task_get_task_data (task);

  if (op->apply_error != NULL)
    g_task_return_error (task, g_steal_pointer (&op->apply_error));
  else
    g_task_return_pointer (task, g_ptr_array_ref (op->entries),
                           (GDestroyNotify)g_ptr_array_unref);
}

static void
on_restore_saved (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RestoreOp *op = g_task_get_task_data (task);
  ScSaleEntry *entry = g_ptr_array_index (op->entries, op->next);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* The shop is right; the next start restores (harmlessly) again. */
      g_message ("Could not write the restored price of %s: %s", entry->product_id,
                 error->message);
    }
  op->next++;
  sc_backoff_reset (&op->backoff);
  restore_next (g_steal_pointer (&task));
}

static void
save_state (GTask       *task,
            ScSaleEntry *entry)
{
  DbOp *db_op = g_new0 (DbOp, 1);

  db_op->kind = DB_SET_STATE;
  db_op->entry = entry;
  db_run_async (g_task_get_source_object (task), db_op, on_restore_saved, task);
}

static gboolean
on_retry_wait_over (GCancellable *cancellable,
                    gpointer      user_data)
{
  GTask *task = user_data;

  if (g_cancellable_is_cancelled (cancellable))
    restore_finish (task);
  else
    restore_next (g_object_ref (task));
  return G_SOURCE_REMOVE;
}

static void
on_restored (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  RestoreOp *op = g_task_get_task_data (task);
  ScSaleEntry *entry = g_ptr_array_index (op->entries, op->next);
  g_autoptr(GError) error = NULL;

  if (sc_shop_provider_set_price_finish (op->provider, result, &error))
    {
      entry->state = SC_SALE_STATE_RESTORED;
      g_clear_pointer (&entry->error, g_free);
      save_state (task, entry);
      return;
    }
  if (g_error_matches (error, SC_SHOP_ERROR, SC_SHOP_ERROR_NOT_FOUND))
    {
      entry->state = SC_SALE_STATE_GONE;
      g_clear_pointer (&entry->error, g_free);
      save_state (task, entry);
      return;
    }

  g_free (entry->error);
  entry->error = g_strdup (error->message);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      restore_finish (task);
      g_object_unref (task);
      return;
    }
  if (g_error_matches (error, SC_SHOP_ERROR, SC_SHOP_ERROR_NETWORK) ||
      g_error_matches (error, SC_SHOP_ERROR, SC_SHOP_ERROR_THROTTLED))
    {
      g_autoptr(GSource) wait = g_cancellable_source_new (g_task_get_cancellable (task));
      double delay;

      delay = sc_backoff_next (&op->backoff);
      g_message ("Could not restore the price of %s (%s); trying again in %.1f s",
                 entry->product_id, error->message, delay);
      g_source_set_ready_time (wait, g_get_monotonic_time () + (gint64)(delay * G_USEC_PER_SEC));
      g_task_attach_source (task, wait, (GSourceFunc)on_retry_wait_over);
      g_object_unref (task);
      return;
    }

  /* Refused (a key without write access, a price the shop rejects): the
   * entry stays for the next start; the others are still tried. */
  g_message ("Could not restore the price of %s: %s", entry->product_id, error->message);
  save_state (task, entry);
}

static void
restore_next (GTask *task)
{
  RestoreOp *op = g_task_get_task_data (task);
  ScSaleEntry *entry;
  ScPriceChange change = { 0, };

  if (op->next >= op->entries->len)
    {
      restore_finish (task);
      g_object_unref (task);
      return;
    }
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      restore_finish (task);
      g_object_unref (task);
      return;
    }

  entry = g_ptr_array_index (op->entries, op->next);
  change.product_id = entry->product_id;
  change.variant_id = entry->variant_id;
  change.currency = entry->currency;
  change.price = entry->original_price;
  change.compare_at = entry->original_compare_at;
  sc_shop_provider_set_price_async (op->provider, &change, g_task_get_cancellable (task),
                                    on_restored, task);
}

static RestoreOp *
restore_op_new (ScSaleJournal  *self,
                ScShopProvider *provider)
{
  RestoreOp *op = g_new0 (RestoreOp, 1);

  op->provider = g_object_ref (provider);
  sc_backoff_init (&op->backoff, self->first_retry_s, self->max_retry_s, 2.0,
                   SC_BACKOFF_DEFAULT_JITTER);
  return op;
}

static void
on_open_listed (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RestoreOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  op->entries = g_task_propagate_pointer (G_TASK (result), &error);
  if (op->entries == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  restore_next (g_steal_pointer (&task));
}

static void
restore_open_async (ScSaleJournal       *self,
                    ScShopProvider      *provider,
                    const char          *product_id,
                    gpointer             source_tag,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  DbOp *db_op = g_new0 (DbOp, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, restore_op_new (self, provider), (GDestroyNotify)restore_op_free);
  if (!sc_shop_provider_can_set_price (provider))
    {
      /* A local file: nothing was ever changed in a shop. */
      g_task_return_pointer (task, g_ptr_array_new (), (GDestroyNotify)g_ptr_array_unref);
      g_free (db_op);
      return;
    }
  db_op->kind = DB_LIST_OPEN;
  db_op->shop = sc_shop_provider_dup_shop_key (provider);
  db_op->product_id = g_strdup (product_id);
  db_run_async (self, db_op, on_open_listed, g_steal_pointer (&task));
}

void
sc_sale_journal_end_sale_async (ScSaleJournal       *self,
                                ScShopProvider      *provider,
                                const char          *product_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (SC_IS_SALE_JOURNAL (self));
  g_return_if_fail (SC_IS_SHOP_PROVIDER (provider));
  g_return_if_fail (product_id != NULL);

  restore_open_async (self, provider, product_id, sc_sale_journal_end_sale_async, cancellable,
                      callback, user_data);
}

GPtrArray *
sc_sale_journal_end_sale_finish (ScSaleJournal  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sc_sale_journal_recover_async (ScSaleJournal       *self,
                               ScShopProvider      *provider,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (SC_IS_SALE_JOURNAL (self));
  g_return_if_fail (SC_IS_SHOP_PROVIDER (provider));

  restore_open_async (self, provider, NULL, sc_sale_journal_recover_async, cancellable,
                      callback, user_data);
}

GPtrArray *
sc_sale_journal_recover_finish (ScSaleJournal  *self,
                                GAsyncResult   *result,
                                GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Starting a sale: entries written, then each variant changed and marked
 * applied; the first failure undoes them all. */

static void apply_next (GTask *task);

static void
undo_sale (GTask  *task,
           GError *error)
{
  RestoreOp *op = g_task_get_task_data (task);

  g_debug ("Undoing a sale: %s", error->message);
  op->apply_error = error;
  op->next = 0;
  restore_next (task);
}

static void
on_applied_saved (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  RestoreOp *op = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      undo_sale (task, error);
      return;
    }
  op->next++;
  apply_next (task);
}

static void
on_applied (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  RestoreOp *op = g_task_get_task_data (task);
  ScSaleEntry *entry = g_ptr_array_index (op->entries, op->next);
  GError *error = NULL;
  DbOp *db_op;

  if (!sc_shop_provider_set_price_finish (op->provider, result, &error))
    {
      undo_sale (task, error);
      return;
    }
  entry->state = SC_SALE_STATE_APPLIED;
  db_op = g_new0 (DbOp, 1);
  db_op->kind = DB_SET_STATE;
  db_op->entry = entry;
  db_run_async (g_task_get_source_object (task), db_op, on_applied_saved, task);
}

static void
apply_next (GTask *task)
{
  RestoreOp *op = g_task_get_task_data (task);
  ScSaleEntry *entry;
  ScPriceChange change = { 0, };
  g_autoptr(GDateTime) ends_at = NULL;

  if (op->next >= op->entries->len)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  entry = g_ptr_array_index (op->entries, op->next);
  if (entry->ends_at > 0)
    ends_at = g_date_time_new_from_unix_utc (entry->ends_at);
  change.product_id = entry->product_id;
  change.variant_id = entry->variant_id;
  change.currency = entry->currency;
  change.price = entry->sale_price;
  change.compare_at = MAX (entry->original_price, entry->original_compare_at);
  change.ends_at = ends_at;
  sc_shop_provider_set_price_async (op->provider, &change, g_task_get_cancellable (task),
                                    on_applied, task);
}

static void
on_inserted (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  apply_next (g_steal_pointer (&task));
}

static ScSaleEntry *
entry_new (const char *shop,
           ScProduct  *product,
           ScVariant  *variant,
           gint64      sale_price,
           GDateTime  *ends_at)
{
  ScSaleEntry *entry = g_new0 (ScSaleEntry, 1);

  entry->shop_key = g_strdup (shop);
  entry->product_id = g_strdup (sc_product_get_id (product));
  entry->variant_id = variant != NULL ? g_strdup (sc_variant_get_id (variant)) : NULL;
  entry->title = g_strdup (sc_product_get_title (product));
  entry->currency = g_strdup (sc_product_get_currency (product));
  entry->original_price = variant != NULL ? sc_variant_get_price (variant)
                                          : sc_product_get_price (product);
  entry->original_compare_at = variant != NULL ? sc_variant_get_compare_at_price (variant)
                                               : sc_product_get_compare_at_price (product);
  entry->sale_price = sale_price;
  entry->ends_at = ends_at != NULL ? g_date_time_to_unix (ends_at) : 0;
  entry->state = SC_SALE_STATE_PENDING;
  return entry;
}

void
sc_sale_journal_start_sale_async (ScSaleJournal       *self,
                                  ScShopProvider      *provider,
                                  ScProduct           *product,
                                  gint64               sale_price,
                                  GDateTime           *ends_at,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *shop = NULL;
  GListModel *variants;
  RestoreOp *op;
  DbOp *db_op;
  guint n;

  g_return_if_fail (SC_IS_SALE_JOURNAL (self));
  g_return_if_fail (SC_IS_SHOP_PROVIDER (provider));
  g_return_if_fail (SC_IS_PRODUCT (product));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_sale_journal_start_sale_async);
  if (!sc_shop_provider_can_set_price (provider))
    {
      g_task_return_new_error (task, SC_SHOP_ERROR, SC_SHOP_ERROR_NOT_SUPPORTED,
                               _("%s cannot change prices in a shop"),
                               sc_shop_provider_get_name (provider));
      return;
    }

  shop = sc_shop_provider_dup_shop_key (provider);
  op = restore_op_new (self, provider);
  op->entries = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_sale_entry_free);
  g_task_set_task_data (task, op, (GDestroyNotify)restore_op_free);

  variants = sc_product_get_variants (product);
  n = variants != NULL ? g_list_model_get_n_items (variants) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScVariant) variant = g_list_model_get_item (variants, i);

      g_ptr_array_add (op->entries, entry_new (shop, product, variant, sale_price, ends_at));
    }
  if (n == 0)
    g_ptr_array_add (op->entries, entry_new (shop, product, NULL, sale_price, ends_at));

  for (guint i = 0; i < op->entries->len; i++)
    {
      ScSaleEntry *entry = g_ptr_array_index (op->entries, i);
      gint64 regular = MAX (entry->original_price, entry->original_compare_at);

      if (sale_price <= 0 || sale_price >= regular)
        {
          g_autofree char *sale_text = sc_money_format (sale_price, entry->currency);
          g_autofree char *regular_text = sc_money_format (regular, entry->currency);

          g_task_return_new_error (task, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                                   _("The sale price %s of “%s” is not below its regular "
                                     "price %s"),
                                   sale_text, entry->title, regular_text);
          return;
        }
    }

  db_op = g_new0 (DbOp, 1);
  db_op->kind = DB_INSERT;
  db_op->entries = g_ptr_array_ref (op->entries);
  db_run_async (self, db_op, on_inserted, g_steal_pointer (&task));
}

gboolean
sc_sale_journal_start_sale_finish (ScSaleJournal  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
