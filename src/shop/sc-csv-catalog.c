/* sc-csv-catalog.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-csv-catalog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "base/sc-file-access.h"
#include "base/sc-error.h"

#include "sc-csv-catalog.h"
#include "sc-money.h"
#include "sc-shop-error.h"

typedef enum {
  COLUMN_TITLE,
  COLUMN_PRICE,
  COLUMN_COMPARE_AT,
  COLUMN_STOCK,
  COLUMN_IMAGE,
  COLUMN_SKU,
  COLUMN_URL,
  COLUMN_ID,
  N_COLUMNS
} Column;

/* Header names after normalize_header(); the first is the one messages use. */
static const char * const column_names[N_COLUMNS][6] = {
  [COLUMN_TITLE] = { "title", "name", "product", "product name", "product title", NULL },
  [COLUMN_PRICE] = { "price", NULL },
  [COLUMN_COMPARE_AT] = { "compare at price", "compare at", "regular price", "was",
                          "was price", NULL },
  [COLUMN_STOCK] = { "stock", "quantity", "qty", "inventory", NULL },
  [COLUMN_IMAGE] = { "image", "image url", "image src", NULL },
  [COLUMN_SKU] = { "sku", NULL },
  [COLUMN_URL] = { "url", "link", NULL },
  [COLUMN_ID] = { "id", NULL },
};

typedef struct {
  const char  *name;        /* the file's basename, first in every message */
  GFile       *folder;      /* where relative image paths resolve */
  const char  *currency;
  char        *sign;        /* "$" for USD; NULL for currencies shown by code */
  const char  *p;
  const char  *end;
  guint        row;         /* of the record last read, the header being 1 */
  GPtrArray   *header;      /* char * */
  int          columns[N_COLUMNS];
  GHashTable  *ids;         /* id -> row, as GUINT_TO_POINTER */
  GError     **error;
} Reader;

/* "catalog.csv: …" */
#define fail(reader, ...) \
  sc_error_fail_at ((reader)->error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA, \
                    (reader)->name, NULL, __VA_ARGS__)

/* Reads one record into @fields (trimmed); *done when the file has no more.
 * A record spans lines when a quoted cell does. */
static gboolean
read_record (Reader    *reader,
             GPtrArray *fields,
             gboolean  *done)
{
  const char *p = reader->p;
  const char *end = reader->end;

  g_ptr_array_set_size (fields, 0);
  *done = p >= end;
  if (*done)
    return TRUE;
  reader->row++;

  for (;;)
    {
      GString *field = g_string_new (NULL);

      if (p < end && *p == '"')
        {
          for (p++; ; p++)
            {
              if (p >= end)
                {
                  g_string_free (field, TRUE);
                  return fail (reader, _("row %u: a quoted cell is not closed (a \" is missing)"),
                               reader->row);
                }
              if (*p == '"')
                {
                  if (p + 1 < end && p[1] == '"')
                    {
                      g_string_append_c (field, '"');
                      p++;
                      continue;
                    }
                  p++;
                  break;
                }
              /* Line breaks in a cell read the same from Windows and Unix files. */
              if (*p == '\r' && p + 1 < end && p[1] == '\n')
                continue;
              g_string_append_c (field, *p);
            }
          if (p < end && *p != ',' && *p != '\r' && *p != '\n')
            {
              g_string_free (field, TRUE);
              return fail (reader, _("row %u: text after the closing quote of a cell "
                                     "(a \" inside a quoted cell is written \"\")"),
                           reader->row);
            }
        }
      else
        {
          const char *start = p;

          while (p < end && *p != ',' && *p != '\r' && *p != '\n')
            p++;
          g_string_append_len (field, start, p - start);
        }
      g_ptr_array_add (fields, g_strstrip (g_string_free (field, FALSE)));

      if (p < end && *p == ',')
        {
          p++;
          continue;
        }
      if (p < end && *p == '\r')
        p++;
      if (p < end && *p == '\n')
        p++;
      break;
    }

  reader->p = p;
  return TRUE;
}

static gboolean
is_blank (GPtrArray *fields)
{
  for (guint i = 0; i < fields->len; i++)
    if (((const char *)g_ptr_array_index (fields, i))[0] != '\0')
      return FALSE;
  return TRUE;
}

/* "Compare_at-Price " -> "compare at price". */
static char *
normalize_header (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  GString *name = g_string_new (NULL);

  for (const char *p = lower; *p != '\0'; p++)
    {
      char c = (*p == '_' || *p == '-' || g_ascii_isspace (*p)) ? ' ' : *p;

      if (c == ' ' && (name->len == 0 || name->str[name->len - 1] == ' '))
        continue;
      g_string_append_c (name, c);
    }
  if (name->len > 0 && name->str[name->len - 1] == ' ')
    g_string_truncate (name, name->len - 1);
  return g_string_free (name, FALSE);
}

static int
find_column (const char *header)
{
  g_autofree char *name = normalize_header (header);

  for (int column = 0; column < N_COLUMNS; column++)
    for (guint i = 0; column_names[column][i] != NULL; i++)
      if (g_str_equal (name, column_names[column][i]))
        return column;
  return -1;
}

static gboolean
read_header (Reader    *reader,
             GPtrArray *fields)
{
  for (int column = 0; column < N_COLUMNS; column++)
    reader->columns[column] = -1;

  if (fields->len == 1 && strpbrk (g_ptr_array_index (fields, 0), ";\t") != NULL)
    return fail (reader, _("the header row has no commas: export the spreadsheet as "
                           "comma-separated values (CSV)"));

  for (guint i = 0; i < fields->len; i++)
    {
      int column = find_column (g_ptr_array_index (fields, i));

      if (column < 0)
        continue;
      if (reader->columns[column] >= 0)
        return fail (reader, _("columns “%s” and “%s” are both the %s; keep one"),
                     (const char *)g_ptr_array_index (fields, reader->columns[column]),
                     (const char *)g_ptr_array_index (fields, i), column_names[column][0]);
      reader->columns[column] = i;
    }

  if (reader->columns[COLUMN_TITLE] < 0)
    return fail (reader, _("no title column: name the column of product names "
                           "“title”, “name” or “product” in the header row"));
  if (reader->columns[COLUMN_PRICE] < 0)
    return fail (reader, _("no price column: name the column of prices “price” "
                           "in the header row"));

  reader->header = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < fields->len; i++)
    g_ptr_array_add (reader->header, g_strdup (g_ptr_array_index (fields, i)));
  return TRUE;
}

/* The cell of @column in this row, "" when the column or cell is absent. */
static const char *
cell (Reader    *reader,
      GPtrArray *fields,
      Column     column)
{
  int index = reader->columns[column];

  if (index < 0 || (guint)index >= fields->len)
    return "";
  return g_ptr_array_index (fields, index);
}

static const char *
header_of (Reader *reader,
           Column  column)
{
  return g_ptr_array_index (reader->header, reader->columns[column]);
}

/* Digits, with commas between groups of three ("1,299"), copied without
 * the commas; FALSE if there are none or the grouping is wrong. */
static gboolean
read_grouped_digits (const char **p,
                     GString     *digits)
{
  guint run = 0;

  for (; g_ascii_isdigit (**p); (*p)++, run++)
    g_string_append_c (digits, **p);
  if (run == 0)
    return FALSE;
  while (**p == ',' && run <= 3)
    {
      (*p)++;
      for (run = 0; g_ascii_isdigit (**p); (*p)++, run++)
        g_string_append_c (digits, **p);
      if (run != 3)
        return FALSE;
    }
  return **p != ',';
}

static gboolean
parse_price (Reader     *reader,
             const char *text,
             gint64     *price)
{
  g_autoptr(GString) plain = g_string_new (NULL);
  const char *p = text;

  if (reader->sign != NULL && g_str_has_prefix (p, reader->sign))
    p += strlen (reader->sign);
  if (!read_grouped_digits (&p, plain))
    return FALSE;
  if (*p == '.')
    {
      g_string_append_c (plain, *p++);
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        g_string_append_c (plain, *p++);
    }
  if (*p != '\0')
    return FALSE;
  return sc_money_parse (plain->str, reader->currency, price, NULL);
}

static gboolean
read_price (Reader     *reader,
            GPtrArray  *fields,
            Column      column,
            gint64     *price)
{
  const char *text = cell (reader, fields, column);

  *price = 0;
  if (text[0] == '\0')
    {
      if (column != COLUMN_PRICE)
        return TRUE;
      return fail (reader, _("row %u, column “%s”: the price is empty"),
                   reader->row, header_of (reader, column));
    }
  if (parse_price (reader, text, price))
    return TRUE;

  if (reader->sign != NULL)
    return fail (reader, _("row %u, column “%s”: “%s” is not a price; write it like "
                           "19.90, %s19.90 or 1,299.00"),
                 reader->row, header_of (reader, column), text, reader->sign);
  return fail (reader, _("row %u, column “%s”: “%s” is not a price; write it like "
                         "19.90 or 1,299.00"),
               reader->row, header_of (reader, column), text);
}

static gboolean
read_stock (Reader    *reader,
            GPtrArray *fields,
            gint64    *stock)
{
  const char *text = cell (reader, fields, COLUMN_STOCK);
  g_autoptr(GString) plain = g_string_new (NULL);
  const char *p = text;
  guint64 value;

  *stock = SC_STOCK_UNTRACKED;
  if (text[0] == '\0')
    return TRUE;
  if (!read_grouped_digits (&p, plain) || *p != '\0' ||
      !g_ascii_string_to_unsigned (plain->str, 10, 0, G_MAXINT64, &value, NULL))
    return fail (reader, _("row %u, column “%s”: “%s” is not a number of items; write a "
                           "whole number, or leave the cell empty when stock is not tracked"),
                 reader->row, header_of (reader, COLUMN_STOCK), text);
  *stock = (gint64)value;
  return TRUE;
}

static char *
resolve_image (Reader     *reader,
               const char *image)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) readable = NULL;

  if (g_uri_peek_scheme (image) != NULL)
    return g_strdup (image);
  if (g_path_is_absolute (image) || reader->folder == NULL)
    file = g_file_new_for_path (image);
  else
    file = g_file_resolve_relative_path (reader->folder, image);
  /* In the sandbox: a host path below a folder the person allowed. */
  readable = sc_file_access_readable (file);
  return g_file_get_uri (readable);
}

/* "Blue Mug (large)" on row 4 -> "blue-mug-large-4": the same on every read
 * of the same file, so the show's rundown keeps pointing at it. */
static char *
make_id (const char *title,
         guint       row)
{
  g_autofree char *ascii = g_str_to_ascii (title, "C");
  GString *id = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0' && id->len < 48; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (id, g_ascii_tolower (*p));
      else if (id->len > 0 && id->str[id->len - 1] != '-')
        g_string_append_c (id, '-');
    }
  if (id->len == 0)
    g_string_append (id, "product-");
  else if (id->str[id->len - 1] != '-')
    g_string_append_c (id, '-');
  g_string_append_printf (id, "%u", row);
  return g_string_free (id, FALSE);
}

static ScProduct *
read_product (Reader    *reader,
              GPtrArray *fields)
{
  g_autoptr(ScProduct) product = NULL;
  g_autofree char *id = NULL;
  const char *title = cell (reader, fields, COLUMN_TITLE);
  const char *sku = cell (reader, fields, COLUMN_SKU);
  const char *image = cell (reader, fields, COLUMN_IMAGE);
  const char *url = cell (reader, fields, COLUMN_URL);
  gint64 price, compare_at, stock;
  gpointer other_row;

  if (fields->len > reader->header->len)
    {
      for (guint i = reader->header->len; i < fields->len; i++)
        if (((const char *)g_ptr_array_index (fields, i))[0] != '\0')
          {
            fail (reader, _("row %u has %u cells but the header has %u (a cell with a comma "
                            "in it needs quotes around it)"),
                  reader->row, fields->len, reader->header->len);
            return NULL;
          }
    }

  if (title[0] == '\0')
    {
      fail (reader, _("row %u, column “%s”: the title is empty"),
            reader->row, header_of (reader, COLUMN_TITLE));
      return NULL;
    }
  if (!read_price (reader, fields, COLUMN_PRICE, &price) ||
      !read_price (reader, fields, COLUMN_COMPARE_AT, &compare_at) ||
      !read_stock (reader, fields, &stock))
    return NULL;

  if (cell (reader, fields, COLUMN_ID)[0] != '\0')
    id = g_strdup (cell (reader, fields, COLUMN_ID));
  else if (sku[0] != '\0')
    id = g_strdup (sku);
  else
    id = make_id (title, reader->row);

  if (g_hash_table_lookup_extended (reader->ids, id, NULL, &other_row))
    {
      fail (reader, _("rows %u and %u have the same id “%s”; every product needs its own "
                      "(without an id column, the SKU is the id)"),
            GPOINTER_TO_UINT (other_row), reader->row, id);
      return NULL;
    }
  g_hash_table_insert (reader->ids, g_strdup (id), GUINT_TO_POINTER (reader->row));

  product = sc_product_new (id, title);
  sc_product_set_currency (product, reader->currency);
  sc_product_set_price (product, price);
  sc_product_set_compare_at_price (product, compare_at);
  sc_product_set_stock (product, stock);
  sc_product_set_sku (product, sku[0] != '\0' ? sku : NULL);
  sc_product_set_url (product, url[0] != '\0' ? url : NULL);
  if (image[0] != '\0')
    {
      g_autofree char *uri = resolve_image (reader, image);
      sc_product_set_image_uri (product, uri);
    }
  return g_steal_pointer (&product);
}

static gboolean
read_catalog (Reader    *reader,
              ScCatalog *catalog)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  gboolean done = FALSE;

  do
    {
      if (!read_record (reader, fields, &done))
        return FALSE;
    }
  while (!done && is_blank (fields));
  if (done)
    return fail (reader, _("the file is empty: it needs a header row and a row per product"));
  if (!read_header (reader, fields))
    return FALSE;

  for (;;)
    {
      g_autoptr(ScProduct) product = NULL;

      if (!read_record (reader, fields, &done))
        return FALSE;
      if (done)
        return TRUE;
      /* Spreadsheets export their empty rows too. */
      if (is_blank (fields))
        continue;
      product = read_product (reader, fields);
      if (product == NULL)
        return FALSE;
      sc_catalog_add (catalog, product);
    }
}

/* The sign sc_money_format puts before amounts of @currency, if any. */
static char *
currency_sign (const char *currency)
{
  g_autofree char *zero = sc_money_format (0, currency);
  const char *digit = zero;

  while (*digit != '\0' && !g_ascii_isdigit (*digit))
    digit++;
  return digit > zero ? g_strndup (zero, digit - zero) : NULL;
}

static guint
line_of (const char *start,
         const char *position)
{
  guint line = 1;

  for (const char *p = start; p < position; p++)
    if (*p == '\n')
      line++;
  return line;
}

ScCatalog *
sc_csv_catalog_load (GFile       *file,
                     const char  *currency,
                     GError     **error)
{
  g_autoptr(ScCatalog) catalog = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autofree char *name = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *sign = NULL;
  const char *text, *invalid;
  gsize length = 0;
  Reader reader;
  gboolean ok;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (currency == NULL)
    currency = "USD";
  name = g_file_get_basename (file);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            NULL, &local_error);
  if (info == NULL)
    {
      g_autofree char *parse_name = g_file_get_parse_name (file);

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_NOT_FOUND,
                     _("%s: the catalog file does not exist (%s)"), name, parse_name);
      else
        g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                     _("%s: cannot read the catalog file: %s"), name, local_error->message);
      return NULL;
    }
  if (g_file_info_get_size (info) > SC_CSV_CATALOG_MAX_FILE_SIZE)
    {
      g_autofree char *size = g_format_size_full (g_file_info_get_size (info),
                                                  G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit = g_format_size_full (SC_CSV_CATALOG_MAX_FILE_SIZE,
                                                   G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("%s: the file is %s; a CSV catalog is at most %s"), name, size, limit);
      return NULL;
    }

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("%s: cannot read the catalog file: %s"), name, local_error->message);
      return NULL;
    }

  /* Excel's "CSV UTF-8" starts with a byte order mark. */
  text = contents;
  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    {
      text += 3;
      length -= 3;
    }
  if (!g_utf8_validate (text, length, &invalid))
    {
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("%s: line %u is not UTF-8 text; export the spreadsheet as “CSV UTF-8”"),
                   name, line_of (text, invalid));
      return NULL;
    }

  folder = g_file_get_parent (file);
  sign = currency_sign (currency);
  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  reader = (Reader) {
    .name = name,
    .folder = folder,
    .currency = currency,
    .sign = sign,
    .p = text,
    .end = text + length,
    .ids = ids,
    .error = error,
  };
  catalog = sc_catalog_new ();
  ok = read_catalog (&reader, catalog);
  g_clear_pointer (&reader.header, g_ptr_array_unref);
  if (!ok)
    return NULL;
  return g_steal_pointer (&catalog);
}
