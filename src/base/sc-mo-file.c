/* sc-mo-file.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-mo-file"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sc-mo-file.h"

#define MO_MAGIC         0x950412deU
#define MO_MAGIC_SWAPPED 0xde120495U
#define MO_HEADER_SIZE   28

typedef enum {
  PLURAL_GERMANIC,   /* (n != 1): English, German, Spanish… */
  PLURAL_FRENCH,     /* (n > 1) */
  PLURAL_NONE,       /* 0: Japanese, Chinese… */
  PLURAL_OTHER,      /* not understood: n == 1 ? 0 : 1 */
} PluralRule;

typedef struct {
  const char *str;   /* NUL-terminated inside the data */
  guint32     len;   /* without the terminating NUL; may hold NULs (plurals) */
} MoString;

struct _ScMoFile
{
  gatomicrefcount  ref_count;
  GBytes          *bytes;
  guint            n_strings;
  MoString        *originals;
  MoString        *translations;
  guint            n_plurals;
  PluralRule       plural_rule;
};

static gboolean
fail (GError    **error,
      const char *name,
      const char *detail)
{
  /* Translators: %s is a translation file (shopcast.mo), then what is wrong with it. */
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("%s is not a valid translation file: %s"), name, detail);
  return FALSE;
}

static gpointer
fail_null (GError    **error,
           const char *name,
           const char *detail)
{
  fail (error, name, detail);
  return NULL;
}

static guint32
read_u32 (const guint8 *data,
          gboolean      swapped)
{
  guint32 value;

  memcpy (&value, data, sizeof value);
  return swapped ? GUINT32_SWAP_LE_BE (value) : value;
}

/* Reads the table of @n (length, offset) pairs at @table_offset into @out,
 * checking each string and its NUL lie inside the @size bytes of @data. */
static gboolean
read_table (const guint8 *data,
            gsize         size,
            gboolean      swapped,
            guint32       table_offset,
            guint32       n,
            MoString     *out,
            const char   *name,
            GError      **error)
{
  if ((guint64)table_offset + (guint64)n * 8 > size || table_offset % 4 != 0)
    return fail (error, name, _("a string table lies outside the file"));

  for (guint32 i = 0; i < n; i++)
    {
      guint32 len = read_u32 (data + table_offset + (gsize)i * 8, swapped);
      guint32 offset = read_u32 (data + table_offset + (gsize)i * 8 + 4, swapped);

      if ((guint64)offset + (guint64)len + 1 > size)
        return fail (error, name, _("a string lies outside the file"));
      if (data[offset + (gsize)len] != '\0')
        return fail (error, name, _("a string is not terminated"));
      out[i].str = (const char *)data + offset;
      out[i].len = len;
    }
  return TRUE;
}

/* Each NUL-separated part (plural forms) must be UTF-8: Pango draws it. */
static gboolean
string_is_utf8 (const MoString *s)
{
  for (gsize at = 0; at <= s->len; at += strlen (s->str + at) + 1)
    if (!g_utf8_validate (s->str + at, -1, NULL))
      return FALSE;
  return TRUE;
}

static void
read_plural_forms (ScMoFile *self)
{
  const char *header = sc_mo_file_lookup (self, "");
  const char *line;
  g_autofree char *expr = NULL;
  GString *compact;
  const char *p;

  self->n_plurals = 2;
  self->plural_rule = PLURAL_GERMANIC;
  if (header == NULL || (line = strstr (header, "Plural-Forms:")) == NULL)
    return;

  line += strlen ("Plural-Forms:");
  p = strstr (line, "nplurals=");
  if (p != NULL)
    {
      guint64 n = g_ascii_strtoull (p + strlen ("nplurals="), NULL, 10);

      self->n_plurals = (guint)CLAMP (n, 1, 6);
    }
  p = strstr (line, "plural=");
  while (p != NULL && p > line && p[-1] == 'n')   /* "nplurals=" also ends in "plural=" */
    p = strstr (p + 1, "plural=");
  if (p == NULL)
    {
      self->plural_rule = PLURAL_OTHER;
      return;
    }
  expr = g_strndup (p + strlen ("plural="), strcspn (p + strlen ("plural="), ";\n"));
  compact = g_string_new (NULL);
  for (const char *c = expr; *c != '\0'; c++)
    if (!g_ascii_isspace (*c) && *c != '(' && *c != ')')
      g_string_append_c (compact, *c);

  if (g_str_equal (compact->str, "n!=1"))
    self->plural_rule = PLURAL_GERMANIC;
  else if (g_str_equal (compact->str, "n>1"))
    self->plural_rule = PLURAL_FRENCH;
  else if (g_str_equal (compact->str, "0"))
    self->plural_rule = PLURAL_NONE;
  else
    self->plural_rule = PLURAL_OTHER;
  g_string_free (compact, TRUE);
}

ScMoFile *
sc_mo_file_new_from_bytes (GBytes      *bytes,
                           const char  *name,
                           GError     **error)
{
  g_autoptr(ScMoFile) self = NULL;
  gsize size;
  const guint8 *data;
  guint32 magic, revision, n, originals, translations;
  gboolean swapped;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (name == NULL)
    name = "shopcast.mo";
  data = g_bytes_get_data (bytes, &size);
  if (size > SC_MO_FILE_MAX_SIZE)
    return fail_null (error, name, _("the file is too large"));
  if (size < MO_HEADER_SIZE)
    return fail_null (error, name, _("the file is too short"));

  memcpy (&magic, data, sizeof magic);
  if (magic == MO_MAGIC)
    swapped = FALSE;
  else if (magic == MO_MAGIC_SWAPPED)
    swapped = TRUE;
  else
    return fail_null (error, name, _("it does not start with the .mo magic number"));

  revision = read_u32 (data + 4, swapped);
  if ((revision >> 16) > 1)
    return fail_null (error, name, _("its format revision is not supported"));
  n = read_u32 (data + 8, swapped);
  originals = read_u32 (data + 12, swapped);
  translations = read_u32 (data + 16, swapped);
  /* Each string has an entry in both tables; this bounds the allocation. */
  if ((guint64)n * 16 > size)
    return fail_null (error, name, _("it claims more strings than it can hold"));

  self = g_new0 (ScMoFile, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->bytes = g_bytes_ref (bytes);
  self->n_strings = n;
  self->originals = g_new0 (MoString, MAX (n, 1));
  self->translations = g_new0 (MoString, MAX (n, 1));

  if (!read_table (data, size, swapped, originals, n, self->originals, name, error) ||
      !read_table (data, size, swapped, translations, n, self->translations, name, error))
    return NULL;

  for (guint32 i = 0; i < n; i++)
    {
      /* The binary search needs the originals in strcmp() order, as msgfmt
       * writes them. */
      if (i > 0 && strcmp (self->originals[i - 1].str, self->originals[i].str) >= 0)
        return fail_null (error, name, _("the original strings are not sorted"));
      if (!string_is_utf8 (&self->translations[i]))
        return fail_null (error, name, _("a translation is not valid UTF-8"));
    }

  read_plural_forms (self);
  return g_steal_pointer (&self);
}

ScMoFile *
sc_mo_file_new_for_path (const char  *path,
                         GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, G_IO_ERROR,
                   g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                   ? G_IO_ERROR_NOT_FOUND : G_IO_ERROR_FAILED,
                   "%s", local_error->message);
      return NULL;
    }
  bytes = g_mapped_file_get_bytes (mapped);
  return sc_mo_file_new_from_bytes (bytes, path, error);
}

ScMoFile *
sc_mo_file_ref (ScMoFile *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sc_mo_file_unref (ScMoFile *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->originals);
  g_free (self->translations);
  g_bytes_unref (self->bytes);
  g_free (self);
}

guint
sc_mo_file_get_n_strings (ScMoFile *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_strings;
}

guint
sc_mo_file_get_n_plurals (ScMoFile *self)
{
  g_return_val_if_fail (self != NULL, 2);

  return self->n_plurals;
}

static const MoString *
find (ScMoFile   *self,
      const char *msgid)
{
  guint lo = 0, hi = self->n_strings;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      int cmp = strcmp (msgid, self->originals[mid].str);

      if (cmp == 0)
        return &self->translations[mid];
      if (cmp < 0)
        hi = mid;
      else
        lo = mid + 1;
    }
  return NULL;
}

const char *
sc_mo_file_lookup (ScMoFile   *self,
                   const char *msgid)
{
  const MoString *found;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (msgid != NULL, NULL);

  found = find (self, msgid);
  if (found == NULL || found->str[0] == '\0')
    return NULL;
  return found->str;
}

const char *
sc_mo_file_lookup_plural (ScMoFile   *self,
                          const char *msgid,
                          const char *msgid_plural,
                          gulong      n)
{
  const MoString *found;
  guint index;
  gsize at = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (msgid != NULL, NULL);

  found = find (self, msgid);
  if (found == NULL || found->str[0] == '\0')
    return NULL;

  switch (self->plural_rule)
    {
    case PLURAL_NONE:
      index = 0;
      break;
    case PLURAL_FRENCH:
      index = n > 1;
      break;
    case PLURAL_GERMANIC:
    case PLURAL_OTHER:
    default:
      index = n != 1;
      break;
    }

  /* Walk to the form; a catalog with fewer forms than asked gives its last. */
  for (guint i = 0; i < index; i++)
    {
      gsize next = at + strlen (found->str + at) + 1;

      if (next > found->len)
        break;
      at = next;
    }
  return found->str + at;
}
