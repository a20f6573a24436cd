/* sc-catalog-cache.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-catalog-cache"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "sc-catalog-cache.h"
#include "sc-product.h"
#include "sc-shop-error.h"

/* PRAGMA user_version of the files this code writes. A newer file is
 * refused rather than rewritten: the user may go back to the newer app.
 * 2: variants.inventory_item_id (what Shopify's stock webhooks name). */
#define SCHEMA_VERSION 2

/* Another Shopcast (a headless run beside the GUI) may be writing. */
#define BUSY_TIMEOUT_MS 5000

static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS meta ("
  "  shop TEXT PRIMARY KEY NOT NULL,"
  "  synced_at TEXT NOT NULL,"
  "  products INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS products ("
  "  shop TEXT NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  id TEXT NOT NULL,"
  "  title TEXT,"
  "  sku TEXT,"
  "  url TEXT,"
  "  currency TEXT NOT NULL,"
  "  price INTEGER NOT NULL,"
  "  compare_at_price INTEGER NOT NULL,"
  "  stock INTEGER," /* NULL: the shop does not track it */
  "  image_uri TEXT,"
  "  updated_at TEXT,"
  "  PRIMARY KEY (shop, id));"
  "CREATE TABLE IF NOT EXISTS variants ("
  "  shop TEXT NOT NULL,"
  "  product_id TEXT NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  id TEXT NOT NULL,"
  "  title TEXT,"
  "  sku TEXT,"
  "  price INTEGER NOT NULL,"
  "  compare_at_price INTEGER NOT NULL,"
  "  stock INTEGER,"
  "  inventory_item_id TEXT,"
  "  PRIMARY KEY (shop, product_id, position));";

/* From each older version to the next; a file of version 0 is new. */
static const char migrate_1_sql[] =
  "ALTER TABLE variants ADD COLUMN inventory_item_id TEXT;";

struct _ScCatalogCache
{
  GObject  parent_instance;

  char    *dir;
  char    *path;
  GMutex   mutex;  /* guards @db: saves and loads run in worker threads */
  sqlite3 *db;     /* opened on first use */
};

G_DEFINE_FINAL_TYPE (ScCatalogCache, sc_catalog_cache, G_TYPE_OBJECT)

/* Plain copies of the products, so a worker thread never reads objects the
 * main thread is changing. */
typedef struct {
  char   *id;
  char   *title;
  char   *sku;
  gint64  price;
  gint64  compare_at_price;
  gint64  stock;
  char   *inventory_item_id;
} VariantRow;

typedef struct {
  char      *id;
  char      *title;
  char      *sku;
  char      *url;
  char      *currency;
  char      *image_uri;
  char      *updated_at;
  gint64     price;
  gint64     compare_at_price;
  gint64     stock;
  GPtrArray *variants;  /* VariantRow * */
} ProductRow;

static void
variant_row_free (VariantRow *row)
{
  g_free (row->id);
  g_free (row->title);
  g_free (row->sku);
  g_free (row->inventory_item_id);
  g_free (row);
}

static void
product_row_free (ProductRow *row)
{
  g_free (row->id);
  g_free (row->title);
  g_free (row->sku);
  g_free (row->url);
  g_free (row->currency);
  g_free (row->image_uri);
  g_free (row->updated_at);
  g_ptr_array_unref (row->variants);
  g_free (row);
}

static GPtrArray *
snapshot (GPtrArray *products)
{
  GPtrArray *rows = g_ptr_array_new_full (products->len, (GDestroyNotify)product_row_free);

  for (guint i = 0; i < products->len; i++)
    {
      ScProduct *product = g_ptr_array_index (products, i);
      GListModel *variants = sc_product_get_variants (product);
      guint n = g_list_model_get_n_items (variants);
      ProductRow *row = g_new0 (ProductRow, 1);
      GDateTime *updated_at = sc_product_get_updated_at (product);

      row->id = g_strdup (sc_product_get_id (product));
      row->title = g_strdup (sc_product_get_title (product));
      row->sku = g_strdup (sc_product_get_sku (product));
      row->url = g_strdup (sc_product_get_url (product));
      row->currency = g_strdup (sc_product_get_currency (product));
      row->image_uri = g_strdup (sc_product_get_image_uri (product));
      row->updated_at = updated_at ? g_date_time_format_iso8601 (updated_at) : NULL;
      row->price = sc_product_get_price (product);
      row->compare_at_price = sc_product_get_compare_at_price (product);
      row->stock = sc_product_get_stock (product);
      row->variants = g_ptr_array_new_full (n, (GDestroyNotify)variant_row_free);
      for (guint j = 0; j < n; j++)
        {
          g_autoptr(ScVariant) variant = g_list_model_get_item (variants, j);
          VariantRow *vrow = g_new0 (VariantRow, 1);

          vrow->id = g_strdup (sc_variant_get_id (variant));
          vrow->title = g_strdup (sc_variant_get_title (variant));
          vrow->sku = g_strdup (sc_variant_get_sku (variant));
          vrow->price = sc_variant_get_price (variant);
          vrow->compare_at_price = sc_variant_get_compare_at_price (variant);
          vrow->stock = sc_variant_get_stock (variant);
          vrow->inventory_item_id = g_strdup (sc_variant_get_inventory_item_id (variant));
          g_ptr_array_add (row->variants, vrow);
        }
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static void
sc_catalog_cache_finalize (GObject *object)
{
  ScCatalogCache *self = (ScCatalogCache *)object;

  g_clear_pointer (&self->db, sqlite3_close);
  g_mutex_clear (&self->mutex);
  g_free (self->dir);
  g_free (self->path);

  G_OBJECT_CLASS (sc_catalog_cache_parent_class)->finalize (object);
}

static void
sc_catalog_cache_class_init (ScCatalogCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sc_catalog_cache_finalize;
}

static void
sc_catalog_cache_init (ScCatalogCache *self)
{
  g_mutex_init (&self->mutex);
}

/* No I/O here: the file is opened by the first save or load, in whatever
 * thread runs it. */
ScCatalogCache *
sc_catalog_cache_new (const char *cache_dir)
{
  ScCatalogCache *self = g_object_new (SC_TYPE_CATALOG_CACHE, NULL);

  if (cache_dir != NULL && cache_dir[0] != '\0')
    self->dir = g_strdup (cache_dir);
  else
    self->dir = g_build_filename (g_get_user_data_dir (), "shopcast", NULL);
  self->path = g_build_filename (self->dir, "catalog.sqlite", NULL);
  return self;
}

const char *
sc_catalog_cache_get_path (ScCatalogCache *self)
{
  g_return_val_if_fail (SC_IS_CATALOG_CACHE (self), NULL);
  return self->path;
}

/* Stored in the file, so these names never change with the UI's wording. */
char *
sc_catalog_cache_make_key (const ScShopConfig *config)
{
  const char *kind = "local";
  const char *location;
  gsize length;

  g_return_val_if_fail (config != NULL, NULL);

  switch (config->kind)
    {
    case SC_SHOP_KIND_SHOPIFY:
      kind = "shopify";
      break;
    case SC_SHOP_KIND_WOOCOMMERCE:
      kind = "woocommerce";
      break;
    case SC_SHOP_KIND_LOCAL:
    default:
      break;
    }
  location = config->kind == SC_SHOP_KIND_LOCAL ? config->file : config->url;
  location = location ? location : "";
  /* "https://shop.example/" and "https://shop.example" are one shop. */
  length = strlen (location);
  while (length > 0 && location[length - 1] == '/')
    length--;
  return g_strdup_printf ("%s %.*s", kind, (int)length, location);
}

static gboolean
is_corrupt_code (int rc)
{
  rc &= 0xff;
  return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

static gboolean
set_sqlite_error (ScCatalogCache  *self,
                  int              rc,
                  GError         **error)
{
  g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
               _("Catalog cache %s: %s"), self->path,
               self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
  return FALSE;
}

static int
exec (ScCatalogCache *self,
      const char     *sql)
{
  return sqlite3_exec (self->db, sql, NULL, NULL, NULL);
}

/* Moves the file (and its WAL companions) aside rather than deleting it:
 * it may still hold the only copy of a catalog someone wants back. */
static char *
move_aside (ScCatalogCache *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *target = g_strdup_printf ("%s.corrupt-%s", self->path, stamp);
  static const char * const companions[] = { "-wal", "-shm" };

  for (guint n = 2; g_file_test (target, G_FILE_TEST_EXISTS); n++)
    {
      g_free (target);
      target = g_strdup_printf ("%s.corrupt-%s-%u", self->path, stamp, n);
    }

  if (g_rename (self->path, target) != 0)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (companions); i++)
    {
      g_autofree char *from = g_strconcat (self->path, companions[i], NULL);
      g_autofree char *to = g_strconcat (target, companions[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS))
        g_rename (from, to);
    }
  return g_steal_pointer (&target);
}

static gboolean open_database (ScCatalogCache *self,
                               GError        **error);

/* Called with a corrupt-file result: moves the file aside, starts a fresh
 * one so the next save works, and says so in @error (always FALSE). */
static gboolean
recover_from_corruption (ScCatalogCache  *self,
                         GError         **error)
{
  g_autofree char *moved = NULL;
  g_autoptr(GError) reopen_error = NULL;

  g_clear_pointer (&self->db, sqlite3_close);
  moved = move_aside (self);
  if (moved == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("The catalog cache %s is damaged and could not be moved aside (%s); "
                     "the catalog will be synced from the shop"),
                   self->path, g_strerror (saved_errno));
      return FALSE;
    }
  if (!open_database (self, &reopen_error))
    g_message ("Cannot start a new catalog cache: %s", reopen_error->message);

  g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
               _("The catalog cache was damaged; it was moved to %s and the catalog will be "
                 "synced from the shop"), moved);
  return FALSE;
}

static int
read_user_version (ScCatalogCache *self,
                   int            *version)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *version = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  return rc;
}

/* "ok", or the first problem quick_check found (NULL when it could not run). */
static char *
quick_check (ScCatalogCache *self,
             int            *rc_out)
{
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check(1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          result = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  *rc_out = rc;
  return result;
}

static gboolean
open_database (ScCatalogCache  *self,
               GError         **error)
{
  g_autofree char *check = NULL;
  int version = 0;
  int rc;

  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("Cannot create the catalog cache folder %s: %s"),
                   self->dir, g_strerror (saved_errno));
      return FALSE;
    }

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* The first statements read the header: that is where a file that is not
   * a database shows. */
  rc = read_user_version (self, &version);
  if (rc == SQLITE_OK)
    rc = exec (self, "PRAGMA journal_mode=WAL");
  if (is_corrupt_code (rc))
    return recover_from_corruption (self, error);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }

  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("The catalog cache %s was written by a newer Shopcast (schema %d, this "
                     "version knows %d); it is left as it is and not used"),
                   self->path, version, SCHEMA_VERSION);
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }

  check = quick_check (self, &rc);
  if (is_corrupt_code (rc) || (check != NULL && g_strcmp0 (check, "ok") != 0))
    return recover_from_corruption (self, error);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, error);
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }

  exec (self, "PRAGMA synchronous=NORMAL");
  if (version < SCHEMA_VERSION)
    {
      g_autofree char *sql = g_strdup_printf ("BEGIN IMMEDIATE;%sPRAGMA user_version=%d;COMMIT;",
                                              version == 1 ? migrate_1_sql : schema_sql,
                                              SCHEMA_VERSION);

      rc = exec (self, sql);
      if (rc != SQLITE_OK)
        {
          set_sqlite_error (self, rc, error);
          exec (self, "ROLLBACK");
          g_clear_pointer (&self->db, sqlite3_close);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
ensure_open (ScCatalogCache  *self,
             GError         **error)
{
  if (self->db != NULL)
    return TRUE;
  return open_database (self, error);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           column,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, column);
}

static void
bind_stock (sqlite3_stmt *stmt,
            int           column,
            gint64        stock)
{
  if (stock == SC_STOCK_UNTRACKED)
    sqlite3_bind_null (stmt, column);
  else
    sqlite3_bind_int64 (stmt, column, stock);
}

static int
write_rows (ScCatalogCache *self,
            const char     *key,
            GPtrArray      *rows,
            const char     *synced_at)
{
  sqlite3_stmt *product_stmt = NULL;
  sqlite3_stmt *variant_stmt = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db,
                           "INSERT INTO products (shop, position, id, title, sku, url, currency,"
                           " price, compare_at_price, stock, image_uri, updated_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                           -1, &product_stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (self->db,
                             "INSERT INTO variants (shop, product_id, position, id, title, sku,"
                             " price, compare_at_price, stock, inventory_item_id)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                             -1, &variant_stmt, NULL);

  for (guint i = 0; rc == SQLITE_OK && i < rows->len; i++)
    {
      ProductRow *row = g_ptr_array_index (rows, i);

      sqlite3_reset (product_stmt);
      bind_text (product_stmt, 1, key);
      sqlite3_bind_int64 (product_stmt, 2, i);
      bind_text (product_stmt, 3, row->id);
      bind_text (product_stmt, 4, row->title);
      bind_text (product_stmt, 5, row->sku);
      bind_text (product_stmt, 6, row->url);
      bind_text (product_stmt, 7, row->currency);
      sqlite3_bind_int64 (product_stmt, 8, row->price);
      sqlite3_bind_int64 (product_stmt, 9, row->compare_at_price);
      bind_stock (product_stmt, 10, row->stock);
      bind_text (product_stmt, 11, row->image_uri);
      bind_text (product_stmt, 12, row->updated_at);
      rc = sqlite3_step (product_stmt);
      if (rc != SQLITE_DONE)
        break;
      rc = SQLITE_OK;

      for (guint j = 0; rc == SQLITE_OK && j < row->variants->len; j++)
        {
          VariantRow *vrow = g_ptr_array_index (row->variants, j);

          sqlite3_reset (variant_stmt);
          bind_text (variant_stmt, 1, key);
          bind_text (variant_stmt, 2, row->id);
          sqlite3_bind_int64 (variant_stmt, 3, j);
          bind_text (variant_stmt, 4, vrow->id);
          bind_text (variant_stmt, 5, vrow->title);
          bind_text (variant_stmt, 6, vrow->sku);
          sqlite3_bind_int64 (variant_stmt, 7, vrow->price);
          sqlite3_bind_int64 (variant_stmt, 8, vrow->compare_at_price);
          bind_stock (variant_stmt, 9, vrow->stock);
          bind_text (variant_stmt, 10, vrow->inventory_item_id);
          rc = sqlite3_step (variant_stmt);
          rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
        }
    }
  sqlite3_finalize (product_stmt);
  sqlite3_finalize (variant_stmt);

  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (self->db,
                             "INSERT OR REPLACE INTO meta (shop, synced_at, products)"
                             " VALUES (?1, ?2, ?3)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      bind_text (stmt, 1, key);
      bind_text (stmt, 2, synced_at);
      sqlite3_bind_int64 (stmt, 3, rows->len);
      rc = sqlite3_step (stmt);
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
  sqlite3_finalize (stmt);
  return rc;
}

static int
delete_shop (ScCatalogCache *self,
             const char     *key)
{
  static const char * const statements[] = {
    "DELETE FROM variants WHERE shop = ?1",
    "DELETE FROM products WHERE shop = ?1",
  };
  int rc = SQLITE_OK;

  for (guint i = 0; rc == SQLITE_OK && i < G_N_ELEMENTS (statements); i++)
    {
      sqlite3_stmt *stmt = NULL;

      rc = sqlite3_prepare_v2 (self->db, statements[i], -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        {
          bind_text (stmt, 1, key);
          rc = sqlite3_step (stmt);
          rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
        }
      sqlite3_finalize (stmt);
    }
  return rc;
}

static gboolean
save_rows (ScCatalogCache  *self,
           const char      *key,
           GPtrArray       *rows,
           GDateTime       *synced_at,
           GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autoptr(GError) open_error = NULL;
  g_autofree char *synced = g_date_time_format_iso8601 (synced_at);
  int rc;

  if (!ensure_open (self, &open_error))
    {
      /* A damaged file was replaced by a fresh one: this save fills it. */
      if (self->db == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&open_error));
          return FALSE;
        }
      g_message ("%s", open_error->message);
    }

  rc = exec (self, "BEGIN IMMEDIATE");
  if (rc == SQLITE_OK)
    rc = delete_shop (self, key);
  if (rc == SQLITE_OK)
    rc = write_rows (self, key, rows, synced);
  if (rc == SQLITE_OK)
    rc = exec (self, "COMMIT");
  if (rc != SQLITE_OK)
    {
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("Cannot save the catalog cache %s: %s"), self->path,
                   sqlite3_errmsg (self->db));
      exec (self, "ROLLBACK");
      if (is_corrupt_code (rc))
        {
          g_autoptr(GError) ignored = NULL;
          recover_from_corruption (self, &ignored);
        }
      return FALSE;
    }
  return TRUE;
}

gboolean
sc_catalog_cache_save (ScCatalogCache  *self,
                       const char      *key,
                       GPtrArray       *products,
                       GDateTime       *synced_at,
                       GError         **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (SC_IS_CATALOG_CACHE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (products != NULL, FALSE);
  g_return_val_if_fail (synced_at != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  rows = snapshot (products);
  return save_rows (self, key, rows, synced_at, error);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *)sqlite3_column_text (stmt, column);

  return text != NULL ? g_utf8_make_valid (text, -1) : NULL;
}

static gint64
column_stock (sqlite3_stmt *stmt,
              int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return SC_STOCK_UNTRACKED;
  return MAX (0, sqlite3_column_int64 (stmt, column));
}

static gint64
column_price (sqlite3_stmt *stmt,
              int           column)
{
  return MAX (0, sqlite3_column_int64 (stmt, column));
}

/* product id -> GPtrArray of ScVariant, in order */
static int
read_variants (ScCatalogCache *self,
               const char     *key,
               GHashTable     *variants)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT product_id, id, title, sku, price, compare_at_price, stock,"
                           " inventory_item_id"
                           " FROM variants WHERE shop = ?1 ORDER BY product_id, position",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    bind_text (stmt, 1, key);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *product_id = column_text (stmt, 0);
      g_autofree char *id = column_text (stmt, 1);
      g_autofree char *title = column_text (stmt, 2);
      g_autofree char *sku = column_text (stmt, 3);
      g_autofree char *inventory_item_id = column_text (stmt, 7);
      ScVariant *variant;
      GPtrArray *list;

      rc = SQLITE_OK;
      if (product_id == NULL || id == NULL)
        continue;
      list = g_hash_table_lookup (variants, product_id);
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (variants, g_strdup (product_id), list);
        }
      variant = sc_variant_new (id, title);
      sc_variant_set_sku (variant, sku);
      sc_variant_set_price (variant, column_price (stmt, 4));
      sc_variant_set_compare_at_price (variant, column_price (stmt, 5));
      sc_variant_set_stock (variant, column_stock (stmt, 6));
      sc_variant_set_inventory_item_id (variant, inventory_item_id);
      g_ptr_array_add (list, variant);
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int
read_products (ScCatalogCache *self,
               const char     *key,
               GHashTable     *variants,
               GPtrArray      *products)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT id, title, sku, url, currency, price, compare_at_price, stock,"
                           " image_uri, updated_at FROM products WHERE shop = ?1"
                           " ORDER BY position",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    bind_text (stmt, 1, key);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *id = column_text (stmt, 0);
      g_autofree char *title = column_text (stmt, 1);
      g_autofree char *sku = column_text (stmt, 2);
      g_autofree char *url = column_text (stmt, 3);
      g_autofree char *currency = column_text (stmt, 4);
      g_autofree char *image_uri = column_text (stmt, 8);
      g_autofree char *updated_text = column_text (stmt, 9);
      g_autoptr(GDateTime) updated_at = NULL;
      ScProduct *product;

      rc = SQLITE_OK;
      if (id == NULL)
        continue;
      product = sc_product_new (id, title);
      sc_product_set_variants (product, g_hash_table_lookup (variants, id));
      sc_product_set_sku (product, sku);
      sc_product_set_url (product, url);
      if (currency != NULL)
        sc_product_set_currency (product, currency);
      sc_product_set_price (product, column_price (stmt, 5));
      sc_product_set_compare_at_price (product, column_price (stmt, 6));
      sc_product_set_stock (product, column_stock (stmt, 7));
      sc_product_set_image_uri (product, image_uri);
      if (updated_text != NULL)
        updated_at = g_date_time_new_from_iso8601 (updated_text, NULL);
      sc_product_set_updated_at (product, updated_at);
      g_ptr_array_add (products, product);
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int
read_synced_at (ScCatalogCache  *self,
                const char      *key,
                GDateTime      **synced_at)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT synced_at FROM meta WHERE shop = ?1", -1, &stmt,
                           NULL);
  if (rc == SQLITE_OK)
    {
      bind_text (stmt, 1, key);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          const char *text = (const char *)sqlite3_column_text (stmt, 0);

          *synced_at = text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
          rc = SQLITE_OK;
        }
      else if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  return rc;
}

static GPtrArray *
load_locked (ScCatalogCache  *self,
             const char      *key,
             GDateTime      **synced_at_out,
             GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
  g_autoptr(GHashTable) variants = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GDateTime) synced_at = NULL;
  int rc;

  if (!ensure_open (self, error))
    return NULL;

  /* One read transaction, so a save from another process is seen whole
   * or not at all. */
  rc = exec (self, "BEGIN");
  if (rc == SQLITE_OK)
    rc = read_synced_at (self, key, &synced_at);
  if (rc == SQLITE_OK && synced_at == NULL)
    {
      exec (self, "COMMIT");
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_NOT_FOUND,
                   _("No catalog of this shop is cached yet"));
      return NULL;
    }

  variants = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify)g_ptr_array_unref);
  products = g_ptr_array_new_with_free_func (g_object_unref);
  if (rc == SQLITE_OK)
    rc = read_variants (self, key, variants);
  if (rc == SQLITE_OK)
    rc = read_products (self, key, variants, products);
  if (rc == SQLITE_OK)
    rc = exec (self, "COMMIT");
  if (rc != SQLITE_OK)
    {
      exec (self, "ROLLBACK");
      if (is_corrupt_code (rc))
        {
          recover_from_corruption (self, error);
          return NULL;
        }
      set_sqlite_error (self, rc, error);
      return NULL;
    }

  if (synced_at_out != NULL)
    *synced_at_out = g_steal_pointer (&synced_at);
  return g_steal_pointer (&products);
}

GPtrArray *
sc_catalog_cache_load (ScCatalogCache  *self,
                       const char      *key,
                       GDateTime      **synced_at,
                       GError         **error)
{
  g_return_val_if_fail (SC_IS_CATALOG_CACHE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_locked (self, key, synced_at, error);
}

typedef struct {
  char      *key;
  GPtrArray *rows;       /* save: ProductRow * */
  GDateTime *synced_at;  /* save: in; load: out */
} CacheJob;

static void
cache_job_free (CacheJob *job)
{
  g_free (job->key);
  g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_clear_pointer (&job->synced_at, g_date_time_unref);
  g_free (job);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CacheJob *job = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (save_rows (source_object, job->key, job->rows, job->synced_at, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sc_catalog_cache_save_async (ScCatalogCache      *self,
                             const char          *key,
                             GPtrArray           *products,
                             GDateTime           *synced_at,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CacheJob *job;

  g_return_if_fail (SC_IS_CATALOG_CACHE (self));
  g_return_if_fail (key != NULL);
  g_return_if_fail (products != NULL);
  g_return_if_fail (synced_at != NULL);

  job = g_new0 (CacheJob, 1);
  job->key = g_strdup (key);
  job->rows = snapshot (products);
  job->synced_at = g_date_time_ref (synced_at);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_catalog_cache_save_async);
  g_task_set_task_data (task, job, (GDestroyNotify)cache_job_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
sc_catalog_cache_save_finish (ScCatalogCache  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (SC_IS_CATALOG_CACHE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CacheJob *job = task_data;
  GError *error = NULL;
  GPtrArray *products;

  if (g_task_return_error_if_cancelled (task))
    return;
  products = load_locked (source_object, job->key, &job->synced_at, &error);
  if (products != NULL)
    g_task_return_pointer (task, products, (GDestroyNotify)g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

void
sc_catalog_cache_load_async (ScCatalogCache      *self,
                             const char          *key,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CacheJob *job;

  g_return_if_fail (SC_IS_CATALOG_CACHE (self));
  g_return_if_fail (key != NULL);

  job = g_new0 (CacheJob, 1);
  job->key = g_strdup (key);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_catalog_cache_load_async);
  g_task_set_task_data (task, job, (GDestroyNotify)cache_job_free);
  g_task_run_in_thread (task, load_thread);
}

GPtrArray *
sc_catalog_cache_load_finish (ScCatalogCache  *self,
                              GAsyncResult    *result,
                              GDateTime      **synced_at,
                              GError         **error)
{
  GPtrArray *products;

  g_return_val_if_fail (SC_IS_CATALOG_CACHE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  products = g_task_propagate_pointer (G_TASK (result), error);
  if (products != NULL && synced_at != NULL)
    {
      CacheJob *job = g_task_get_task_data (G_TASK (result));

      *synced_at = job->synced_at ? g_date_time_ref (job->synced_at) : NULL;
    }
  return products;
}
