/* sc-json-reader.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-json-reader"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "sc-file-access.h"
#include "sc-json-reader.h"
#include "sc-json-util.h"

struct _ScJsonReader
{
  char               *name;
  GQuark              domain;
  int                 invalid_code;
  int                 not_found_code;
  GFile              *base;
  ScSecretLookupFunc  secret_lookup;
  gpointer            secret_lookup_data;
  gboolean            open_files;
  gboolean            hide_values;
  GPtrArray          *errors;     /* GError * */
  GHashTable         *literals;   /* JSON path -> number as written, beyond 64 bits */
};

ScJsonReader *
sc_json_reader_new (const char *name,
                    GQuark      domain,
                    int         invalid_code,
                    int         not_found_code)
{
  ScJsonReader *self = g_new0 (ScJsonReader, 1);

  self->name = g_strdup (name);
  self->domain = domain;
  self->invalid_code = invalid_code;
  self->not_found_code = not_found_code;
  self->errors = g_ptr_array_new_with_free_func ((GDestroyNotify)g_error_free);
  self->literals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
sc_json_reader_free (ScJsonReader *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_clear_object (&self->base);
  g_ptr_array_unref (self->errors);
  g_hash_table_unref (self->literals);
  g_free (self);
}

const char *
sc_json_reader_get_name (ScJsonReader *self)
{
  return self->name;
}

void
sc_json_reader_set_base (ScJsonReader *self,
                         GFile        *base)
{
  g_set_object (&self->base, base);
}

GFile *
sc_json_reader_get_base (ScJsonReader *self)
{
  return self->base;
}

void
sc_json_reader_set_secret_lookup (ScJsonReader       *self,
                                  ScSecretLookupFunc  func,
                                  gpointer            user_data)
{
  self->secret_lookup = func;
  self->secret_lookup_data = user_data;
}

void
sc_json_reader_set_open_files (ScJsonReader *self,
                               gboolean      open_files)
{
  self->open_files = open_files;
}

gboolean
sc_json_reader_get_open_files (ScJsonReader *self)
{
  return self->open_files;
}

void
sc_json_reader_set_quote_values (ScJsonReader *self,
                                 gboolean      quote_values)
{
  self->hide_values = !quote_values;
}

static char *
describe_kind (JsonNode *node)
{
  GType type;

  if (node == NULL)
    return g_strdup (_("nothing"));
  /* Objects, arrays and null are described without their contents anyway. */
  if (!JSON_NODE_HOLDS_VALUE (node))
    return sc_json_describe_node (node);
  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return g_strdup (_("a string"));
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (_("true or false"));
  return g_strdup (_("a number"));
}

/* Literal scanning: a small walk over text json-glib already accepted,
 * keeping the JSON path of each value. */

typedef struct {
  const char *p;
  const char *end;
  GHashTable *literals;
} Scan;

static void
scan_space (Scan *scan)
{
  while (scan->p < scan->end && g_ascii_isspace (*scan->p))
    scan->p++;
}

/* Returns the string's text with simple escapes undone (enough for paths). */
static char *
scan_string (Scan *scan)
{
  GString *text = g_string_new (NULL);

  scan->p++;
  while (scan->p < scan->end && *scan->p != '"')
    {
      if (*scan->p == '\\' && scan->p + 1 < scan->end)
        {
          scan->p++;
          g_string_append_c (text, *scan->p == 'n' ? '\n' : *scan->p == 't' ? '\t' : *scan->p);
        }
      else
        g_string_append_c (text, *scan->p);
      scan->p++;
    }
  if (scan->p < scan->end)
    scan->p++;
  return g_string_free (text, FALSE);
}

static void scan_value (Scan *scan, const char *path, guint depth);

static void
scan_number (Scan       *scan,
             const char *path)
{
  const char *start = scan->p;
  gboolean integer = TRUE;

  while (scan->p < scan->end && (g_ascii_isdigit (*scan->p) || strchr ("+-.eE", *scan->p)))
    {
      if (strchr (".eE", *scan->p))
        integer = FALSE;
      scan->p++;
    }
  if (integer)
    {
      g_autofree char *text = g_strndup (start, scan->p - start);
      const char *digits = text[0] == '-' ? text + 1 : text;
      gsize n = strlen (digits);

      /* Longer than G_MAXINT64 (19 digits), or as long and larger. */
      if (n > 19 || (n == 19 && strcmp (digits, text[0] == '-' ? "9223372036854775808"
                                                                 : "9223372036854775807") > 0))
        g_hash_table_replace (scan->literals, g_strdup (path), g_steal_pointer (&text));
    }
  else
    {
      g_autofree char *text = g_strndup (start, scan->p - start);

      /* 1e400 is read as infinity. */
      if (isinf (g_ascii_strtod (text, NULL)))
        g_hash_table_replace (scan->literals, g_strdup (path), g_steal_pointer (&text));
    }
}

static void
scan_value (Scan       *scan,
            const char *path,
            guint       depth)
{
  scan_space (scan);
  if (scan->p >= scan->end || depth > 512)
    return;

  if (*scan->p == '{')
    {
      scan->p++;
      for (;;)
        {
          g_autofree char *key = NULL;
          g_autofree char *child = NULL;

          scan_space (scan);
          if (scan->p >= scan->end || *scan->p == '}' || *scan->p != '"')
            break;
          key = scan_string (scan);
          scan_space (scan);
          if (scan->p < scan->end && *scan->p == ':')
            scan->p++;
          child = sc_json_path_member (path, key);
          scan_value (scan, child, depth + 1);
          scan_space (scan);
          if (scan->p < scan->end && *scan->p == ',')
            scan->p++;
          else
            break;
        }
      if (scan->p < scan->end && *scan->p == '}')
        scan->p++;
    }
  else if (*scan->p == '[')
    {
      scan->p++;
      for (guint i = 0;; i++)
        {
          g_autofree char *child = NULL;

          scan_space (scan);
          if (scan->p >= scan->end || *scan->p == ']')
            break;
          child = sc_json_path_index (path, i);
          scan_value (scan, child, depth + 1);
          scan_space (scan);
          if (scan->p < scan->end && *scan->p == ',')
            scan->p++;
          else
            break;
        }
      if (scan->p < scan->end && *scan->p == ']')
        scan->p++;
    }
  else if (*scan->p == '"')
    g_free (scan_string (scan));
  else if (*scan->p == '-' || g_ascii_isdigit (*scan->p))
    scan_number (scan, path);
  else
    while (scan->p < scan->end && g_ascii_isalpha (*scan->p))
      scan->p++;
}

void
sc_json_reader_note_literals (ScJsonReader *self,
                              const char   *data,
                              gssize        length)
{
  Scan scan;

  g_return_if_fail (self != NULL);

  if (data == NULL)
    return;
  if (length < 0)
    length = (gssize)strlen (data);
  scan = (Scan) { .p = data, .end = data + length, .literals = self->literals };
  scan_value (&scan, "$", 0);
}

gboolean
sc_json_find_unreadable_number (const char  *data,
                                gssize       length,
                                char       **path,
                                char       **text)
{
  g_autoptr(GHashTable) literals = NULL;
  GHashTableIter iter;
  gpointer key, value;
  Scan scan;

  if (data == NULL)
    return FALSE;
  if (length < 0)
    length = (gssize)strlen (data);
  literals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  scan = (Scan) { .p = data, .end = data + length, .literals = literals };
  scan_value (&scan, "$", 0);
  g_hash_table_iter_init (&iter, literals);
  if (!g_hash_table_iter_next (&iter, &key, &value))
    return FALSE;
  if (path != NULL)
    *path = g_strdup (key);
  if (text != NULL)
    *text = g_strdup (value);
  return TRUE;
}

/* Errors */

static gboolean fail_valist (ScJsonReader *self,
                             int           code,
                             const char   *path,
                             const char   *format,
                             va_list       args) G_GNUC_PRINTF (4, 0);

static gboolean
fail_valist (ScJsonReader *self,
             int           code,
             const char   *path,
             const char   *format,
             va_list       args)
{
  g_autofree char *detail = g_strdup_vprintf (format, args);

  if (path == NULL)
    g_ptr_array_add (self->errors, g_error_new (self->domain, code, "%s: %s", self->name, detail));
  else
    g_ptr_array_add (self->errors,
                     g_error_new (self->domain, code, "%s: %s: %s", self->name, path, detail));
  return FALSE;
}

gboolean
sc_json_reader_fail (ScJsonReader *self,
                     int           code,
                     const char   *path,
                     const char   *format,
                     ...)
{
  va_list args;

  va_start (args, format);
  fail_valist (self, code, path, format, args);
  va_end (args);
  return FALSE;
}

gboolean
sc_json_reader_fail_invalid (ScJsonReader *self,
                             const char   *path,
                             const char   *format,
                             ...)
{
  va_list args;

  va_start (args, format);
  fail_valist (self, self->invalid_code, path, format, args);
  va_end (args);
  return FALSE;
}

char *
sc_json_reader_describe (ScJsonReader *self,
                         const char   *path,
                         JsonNode     *node)
{
  const char *literal = path ? g_hash_table_lookup (self->literals, path) : NULL;

  if (self->hide_values || node == NULL)
    return describe_kind (node);
  if (literal != NULL)
    return g_strdup (literal);
  return sc_json_describe_node (node);
}

gboolean
sc_json_reader_fail_expected (ScJsonReader *self,
                              const char   *path,
                              const char   *expected,
                              JsonNode     *got)
{
  g_autofree char *described = sc_json_reader_describe (self, path, got);

  return sc_json_reader_fail_invalid (self, path, _("expected %s, got %s"), expected, described);
}

gboolean
sc_json_reader_fail_missing (ScJsonReader *self,
                             const char   *path,
                             const char   *expected)
{
  return sc_json_reader_fail_invalid (self, path, _("expected %s, got nothing"), expected);
}

guint
sc_json_reader_get_n_errors (ScJsonReader *self)
{
  return self->errors->len;
}

GPtrArray *
sc_json_reader_get_errors (ScJsonReader *self)
{
  return self->errors;
}

gboolean
sc_json_reader_propagate (ScJsonReader  *self,
                          GError       **error)
{
  if (self->errors->len == 0)
    return TRUE;
  g_propagate_error (error, g_error_copy (g_ptr_array_index (self->errors, 0)));
  return FALSE;
}

char *
sc_json_path_member (const char *parent,
                     const char *member)
{
  return g_strdup_printf ("%s.%s", parent, member);
}

char *
sc_json_path_index (const char *parent,
                    guint       index)
{
  return g_strdup_printf ("%s[%u]", parent, index);
}

JsonNode *
sc_json_object_get_value (JsonObject *object,
                          const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

/* Getters */

gboolean
sc_json_reader_check_members (ScJsonReader       *self,
                              JsonObject         *object,
                              const char         *path,
                              const char * const *allowed)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;
  gboolean ok = TRUE;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &member, &node))
    {
      if (!g_strv_contains (allowed, member))
        {
          g_autofree char *list = g_strjoinv (", ", (char **)allowed);
          g_autofree char *escaped = g_strescape (member, NULL);

          ok = sc_json_reader_fail_invalid (self, path,
                                            _("unknown member \"%s\" (expected one of %s)"),
                                            escaped, list);
        }
    }
  return ok;
}

typedef gboolean (*HoldsFunc) (JsonNode *node);

static gboolean
holds_object (JsonNode *node)
{
  return JSON_NODE_HOLDS_OBJECT (node);
}

static gboolean
holds_array (JsonNode *node)
{
  return JSON_NODE_HOLDS_ARRAY (node);
}

/* @node at @path must be there, not null, and what @holds. */
static gboolean
expect_node (ScJsonReader *self,
             JsonNode     *node,
             const char   *path,
             const char   *expected,
             HoldsFunc     holds)
{
  if (node != NULL && holds (node))
    return TRUE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return sc_json_reader_fail_missing (self, path, expected);
  return sc_json_reader_fail_expected (self, path, expected, node);
}

gboolean
sc_json_reader_expect_object (ScJsonReader  *self,
                              JsonNode      *node,
                              const char    *path,
                              const char    *expected,
                              JsonObject   **value)
{
  gboolean ok = expect_node (self, node, path, expected, holds_object);

  *value = ok ? json_node_get_object (node) : NULL;
  return ok;
}

gboolean
sc_json_reader_get_object (ScJsonReader  *self,
                           JsonObject    *parent,
                           const char    *parent_path,
                           const char    *member,
                           JsonObject   **value)
{
  JsonNode *node = sc_json_object_get_value (parent, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *path = sc_json_path_member (parent_path, member);
      return sc_json_reader_fail_expected (self, path, _("an object"), node);
    }
  *value = json_node_get_object (node);
  return TRUE;
}

gboolean
sc_json_reader_get_array (ScJsonReader  *self,
                          JsonObject    *parent,
                          const char    *parent_path,
                          const char    *member,
                          JsonArray    **value)
{
  JsonNode *node = sc_json_object_get_value (parent, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *path = sc_json_path_member (parent_path, member);
      return sc_json_reader_fail_expected (self, path, _("an array"), node);
    }
  *value = json_node_get_array (node);
  return TRUE;
}

static gboolean
holds_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

gboolean
sc_json_reader_get_string (ScJsonReader  *self,
                           JsonObject    *parent,
                           const char    *parent_path,
                           const char    *member,
                           const char   **value)
{
  JsonNode *node = sc_json_object_get_value (parent, member);

  if (node == NULL)
    return TRUE;
  if (!holds_string (node) || json_node_get_string (node)[0] == '\0')
    {
      g_autofree char *path = sc_json_path_member (parent_path, member);
      return sc_json_reader_fail_expected (self, path, _("a non-empty string"), node);
    }
  *value = json_node_get_string (node);
  return TRUE;
}

gboolean
sc_json_reader_require_string (ScJsonReader  *self,
                               JsonObject    *parent,
                               const char    *parent_path,
                               const char    *member,
                               const char   **value)
{
  *value = NULL;
  if (!sc_json_reader_get_string (self, parent, parent_path, member, value))
    return FALSE;
  if (*value == NULL)
    {
      g_autofree char *path = sc_json_path_member (parent_path, member);

      return sc_json_reader_fail_missing (self, path, _("a non-empty string"));
    }
  return TRUE;
}

gboolean
sc_json_reader_dup_string (ScJsonReader  *self,
                           JsonObject    *parent,
                           const char    *parent_path,
                           const char    *member,
                           char         **value)
{
  const char *text = NULL;

  if (!sc_json_reader_get_string (self, parent, parent_path, member, &text))
    return FALSE;
  if (text != NULL)
    {
      g_free (*value);
      *value = g_strdup (text);
    }
  return TRUE;
}

gboolean
sc_json_reader_get_bool (ScJsonReader *self,
                         JsonObject   *parent,
                         const char   *parent_path,
                         const char   *member,
                         gboolean     *value)
{
  JsonNode *node = sc_json_object_get_value (parent, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_autofree char *path = sc_json_path_member (parent_path, member);
      return sc_json_reader_fail_expected (self, path, _("true or false"), node);
    }
  *value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
sc_json_reader_get_int (ScJsonReader *self,
                        JsonObject   *parent,
                        const char   *parent_path,
                        const char   *member,
                        gint64        min,
                        gint64        max,
                        const char   *expected,
                        int          *value)
{
  gint64 number = *value;

  g_return_val_if_fail (min >= G_MININT && max <= G_MAXINT, FALSE);

  if (!sc_json_reader_get_int64 (self, parent, parent_path, member, min, max, expected,
                                 &number))
    return FALSE;
  *value = (int)number;
  return TRUE;
}

gboolean
sc_json_reader_get_double (ScJsonReader *self,
                           JsonObject   *parent,
                           const char   *parent_path,
                           const char   *member,
                           double        min,
                           double        max,
                           const char   *expected,
                           double       *value)
{
  JsonNode *node = sc_json_object_get_value (parent, member);
  g_autofree char *path = NULL;
  GType type;
  double number;

  if (node == NULL)
    return TRUE;
  path = sc_json_path_member (parent_path, member);
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (g_hash_table_contains (self->literals, path))
    number = NAN;
  else if (type == G_TYPE_INT64)
    number = (double)json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    number = json_node_get_double (node);
  else
    number = NAN;
  /* NaN fails both comparisons. */
  if (!(number >= min && number <= max))
    return sc_json_reader_fail_expected (self, path, expected, node);
  *value = number;
  return TRUE;
}

gboolean
sc_json_reader_get_string_list (ScJsonReader *self,
                                JsonObject   *parent,
                                const char   *parent_path,
                                const char   *member,
                                GStrv        *value)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array = NULL;
  gboolean ok = TRUE;

  if (!sc_json_reader_get_array (self, parent, parent_path, member, &array))
    return FALSE;
  if (array == NULL)
    return TRUE;
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!holds_string (node) || json_node_get_string (node)[0] == '\0')
        {
          g_autofree char *list_path = sc_json_path_member (parent_path, member);
          g_autofree char *path = sc_json_path_index (list_path, i);

          ok = sc_json_reader_fail_expected (self, path, _("a non-empty string"), node);
          continue;
        }
      g_strv_builder_add (builder, json_node_get_string (node));
    }
  if (!ok)
    return FALSE;
  g_strfreev (*value);
  *value = g_strv_builder_end (builder);
  return TRUE;
}

/* Getters for server answers: every member present. */

static gboolean
holds_bool (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

/* The member when it is there and @holds it (any value for a NULL @holds),
 * or null when @nullable; else the error is recorded and NULL returned. */
static JsonNode *
need_member (ScJsonReader *self,
             JsonObject   *parent,
             const char   *parent_path,
             const char   *member,
             gboolean      nullable,
             const char   *expected,
             HoldsFunc     holds)
{
  JsonNode *node = json_object_get_member (parent, member);
  g_autofree char *path = NULL;

  if (node != NULL && (JSON_NODE_HOLDS_NULL (node)
                       ? nullable : holds == NULL || holds (node)))
    return node;
  path = sc_json_path_member (parent_path, member);
  if (node == NULL)
    sc_json_reader_fail_missing (self, path, expected);
  else
    sc_json_reader_fail_expected (self, path, expected, node);
  return NULL;
}

static gboolean
fail_member_expected (ScJsonReader *self,
                      const char   *parent_path,
                      const char   *member,
                      const char   *expected,
                      JsonNode     *node)
{
  g_autofree char *path = sc_json_path_member (parent_path, member);

  return sc_json_reader_fail_expected (self, path, expected, node);
}

gboolean
sc_json_reader_need_object (ScJsonReader  *self,
                            JsonObject    *parent,
                            const char    *parent_path,
                            const char    *member,
                            gboolean       nullable,
                            JsonObject   **value)
{
  JsonNode *node = need_member (self, parent, parent_path, member, nullable,
                                nullable ? _("an object or null") : _("an object"),
                                holds_object);

  *value = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  return node != NULL;
}

gboolean
sc_json_reader_need_array (ScJsonReader  *self,
                           JsonObject    *parent,
                           const char    *parent_path,
                           const char    *member,
                           JsonArray    **value)
{
  JsonNode *node = need_member (self, parent, parent_path, member, FALSE, _("an array"),
                                holds_array);

  *value = node != NULL ? json_node_get_array (node) : NULL;
  return node != NULL;
}

gboolean
sc_json_reader_need_string (ScJsonReader  *self,
                            JsonObject    *parent,
                            const char    *parent_path,
                            const char    *member,
                            gboolean       nullable,
                            const char   **value)
{
  JsonNode *node = need_member (self, parent, parent_path, member, nullable,
                                nullable ? _("a string or null") : _("a string"),
                                holds_string);

  *value = node != NULL && holds_string (node) ? json_node_get_string (node) : NULL;
  return node != NULL;
}

gboolean
sc_json_reader_need_bool (ScJsonReader *self,
                          JsonObject   *parent,
                          const char   *parent_path,
                          const char   *member,
                          gboolean     *value)
{
  JsonNode *node = need_member (self, parent, parent_path, member, FALSE, _("true or false"),
                                holds_bool);

  if (node != NULL)
    *value = json_node_get_boolean (node);
  return node != NULL;
}

static gboolean
holds_exact_int (ScJsonReader *self,
                 JsonNode     *node,
                 const char   *path)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64 &&
         !g_hash_table_contains (self->literals, path);
}

/* @node at @path: an integer written as one, from @min to @max. */
static gboolean
read_int64 (ScJsonReader *self,
            JsonNode     *node,
            const char   *path,
            gint64        min,
            gint64        max,
            const char   *expected,
            gint64       *value)
{
  if (!holds_exact_int (self, node, path) ||
      json_node_get_int (node) < min || json_node_get_int (node) > max)
    return sc_json_reader_fail_expected (self, path, expected, node);
  *value = json_node_get_int (node);
  return TRUE;
}

gboolean
sc_json_reader_need_int64 (ScJsonReader *self,
                           JsonObject   *parent,
                           const char   *parent_path,
                           const char   *member,
                           gboolean      nullable,
                           gint64        min,
                           gint64        max,
                           const char   *expected,
                           gint64       *value,
                           gboolean     *is_null)
{
  g_autofree char *path = sc_json_path_member (parent_path, member);
  JsonNode *node;

  if (expected == NULL)
    expected = nullable ? _("an integer or null") : _("an integer");
  node = need_member (self, parent, parent_path, member, nullable, expected, NULL);
  *value = 0;
  if (is_null != NULL)
    *is_null = node != NULL && JSON_NODE_HOLDS_NULL (node);
  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  return read_int64 (self, node, path, min, max, expected, value);
}

gboolean
sc_json_reader_get_int64 (ScJsonReader *self,
                          JsonObject   *parent,
                          const char   *parent_path,
                          const char   *member,
                          gint64        min,
                          gint64        max,
                          const char   *expected,
                          gint64       *value)
{
  g_autofree char *path = NULL;
  JsonNode *node = sc_json_object_get_value (parent, member);

  if (node == NULL)
    return TRUE;
  path = sc_json_path_member (parent_path, member);
  return read_int64 (self, node, path, min, max, expected, value);
}

gboolean
sc_json_reader_get_text (ScJsonReader  *self,
                         JsonObject    *parent,
                         const char    *parent_path,
                         const char    *member,
                         gboolean       required,
                         const char   **value)
{
  JsonNode *node = json_object_get_member (parent, member);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return !required ||
           need_member (self, parent, parent_path, member, FALSE, _("a string"), NULL) != NULL;
  if (!holds_string (node))
    return fail_member_expected (self, parent_path, member, _("a string"), node);
  if (json_node_get_string (node)[0] != '\0')
    *value = json_node_get_string (node);
  return TRUE;
}

gboolean
sc_json_reader_get_date (ScJsonReader  *self,
                         JsonObject    *parent,
                         const char    *parent_path,
                         const char    *member,
                         gboolean       required,
                         GTimeZone     *zone,
                         const char    *expected,
                         GDateTime    **value)
{
  const char *text;

  *value = NULL;
  if (required)
    {
      if (!sc_json_reader_need_string (self, parent, parent_path, member, FALSE, &text))
        return FALSE;
    }
  else if (!sc_json_reader_get_text (self, parent, parent_path, member, FALSE, &text))
    return FALSE;
  if (text == NULL && !required)
    return TRUE;
  *value = g_date_time_new_from_iso8601 (text, zone);
  if (*value == NULL)
    return fail_member_expected (self, parent_path, member, expected,
                                 json_object_get_member (parent, member));
  return TRUE;
}

gboolean
sc_json_reader_need_id (ScJsonReader  *self,
                        JsonObject    *parent,
                        const char    *parent_path,
                        const char    *member,
                        const char    *expected,
                        char         **value,
                        gboolean      *was_integer)
{
  g_autofree char *path = sc_json_path_member (parent_path, member);
  JsonNode *node = need_member (self, parent, parent_path, member, FALSE, expected, NULL);

  if (was_integer != NULL)
    *was_integer = FALSE;
  if (node == NULL)
    return FALSE;
  if (holds_string (node) && json_node_get_string (node)[0] != '\0')
    {
      g_free (*value);
      *value = g_strdup (json_node_get_string (node));
      return TRUE;
    }
  if (holds_exact_int (self, node, path) && json_node_get_int (node) > 0)
    {
      g_free (*value);
      *value = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      if (was_integer != NULL)
        *was_integer = TRUE;
      return TRUE;
    }
  return sc_json_reader_fail_expected (self, path, expected, node);
}

/* "-"? digits ("." digits)? — what a shop writes for an amount. */
gboolean
sc_json_is_decimal_text (const char *text)
{
  const char *p = text[0] == '-' ? text + 1 : text;
  const char *digits = p;

  while (g_ascii_isdigit (*p))
    p++;
  if (p == digits)
    return FALSE;
  if (*p == '.')
    {
      const char *fraction = ++p;

      while (g_ascii_isdigit (*p))
        p++;
      if (p == fraction)
        return FALSE;
    }
  return *p == '\0';
}

gboolean
sc_json_reader_need_decimal (ScJsonReader        *self,
                             JsonObject          *parent,
                             const char          *parent_path,
                             const char          *member,
                             ScJsonDecimalFlags   flags,
                             const char          *expected,
                             const char         **value)
{
  JsonNode *node;
  const char *text;

  *value = NULL;
  if ((flags & SC_JSON_DECIMAL_OPTIONAL) && sc_json_object_get_value (parent, member) == NULL)
    return TRUE;
  node = need_member (self, parent, parent_path, member, flags & SC_JSON_DECIMAL_NULLABLE,
                      expected, holds_string);
  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  text = json_node_get_string (node);
  if (text[0] == '\0' && (flags & SC_JSON_DECIMAL_EMPTY_UNSET))
    return TRUE;
  if (!sc_json_is_decimal_text (text))
    return fail_member_expected (self, parent_path, member, expected, node);
  *value = text;
  return TRUE;
}

gboolean
sc_json_reader_expect_array (ScJsonReader  *self,
                             JsonNode      *node,
                             const char    *path,
                             const char    *expected,
                             JsonArray    **value)
{
  gboolean ok = expect_node (self, node, path, expected, holds_array);

  *value = ok ? json_node_get_array (node) : NULL;
  return ok;
}

const char *
sc_json_peek_string (JsonObject *object,
                     const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && holds_string (node) ? json_node_get_string (node) : NULL;
}

gboolean
sc_json_peek_int64 (JsonObject *object,
                    const char *member,
                    gint64     *value)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

char *
sc_json_peek_id (JsonObject *object,
                 const char *member)
{
  const char *text = sc_json_peek_string (object, member);
  gint64 number;

  if (sc_json_peek_int64 (object, member, &number))
    return g_strdup_printf ("%" G_GINT64_FORMAT, number);
  if (text == NULL || text[0] == '\0')
    return NULL;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return NULL;
  return g_strdup (text);
}

gboolean
sc_json_peek_number (JsonObject *object,
                     const char *member,
                     double     *value)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  GType type = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node)
                                                            : G_TYPE_INVALID;

  if (type == G_TYPE_INT64)
    *value = (double)json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE && isfinite (json_node_get_double (node)))
    *value = json_node_get_double (node);
  else
    return FALSE;
  return TRUE;
}

/* Files and secrets */

GFile *
sc_json_reader_resolve_file (ScJsonReader *self,
                             const char   *text)
{
  g_autoptr(GFile) file = NULL;

  if (g_str_has_prefix (text, "~/"))
    file = g_file_new_build_filename (g_get_home_dir (), text + 2, NULL);
  else if (g_path_is_absolute (text))
    file = g_file_new_for_path (text);
  else if (g_uri_peek_scheme (text) != NULL)
    file = g_file_new_for_uri (text);
  else if (self->base != NULL)
    file = g_file_resolve_relative_path (self->base, text);
  else
    file = g_file_new_for_path (text);
  /* In the sandbox: below a folder the person allowed, at its document path. */
  return sc_file_access_readable (file);
}

gboolean
sc_json_reader_check_file (ScJsonReader *self,
                           GFile        *file,
                           const char   *path)
{
  g_autofree char *parse_name = g_file_get_parse_name (file);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  if (sc_file_access_is_blocked (file))
    return sc_json_reader_fail (self, self->not_found_code, path,
                                _("the file %s is outside what the Flatpak sandbox lets Shopcast "
                                  "read: open this show once in the Shopcast window and allow "
                                  "Shopcast to read the show’s folder"), parse_name);
  if (!self->open_files)
    {
      if (g_file_query_exists (file, NULL))
        return TRUE;
      return sc_json_reader_fail (self, self->not_found_code, path,
                                  _("the file %s does not exist"), parse_name);
    }

  stream = g_file_read (file, NULL, &error);
  if (stream != NULL)
    return TRUE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
      g_error_matches (error, G_RESOURCE_ERROR, G_RESOURCE_ERROR_NOT_FOUND))
    return sc_json_reader_fail (self, self->not_found_code, path,
                                _("the file %s does not exist"), parse_name);
  return sc_json_reader_fail (self, self->not_found_code, path,
                              _("cannot open %s: %s"), parse_name, error->message);
}

gboolean
sc_json_is_env_name (const char *name)
{
  if (name == NULL || (!g_ascii_isalpha (name[0]) && name[0] != '_'))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

gboolean
sc_json_reader_resolve_secret (ScJsonReader  *self,
                               JsonObject    *object,
                               const char    *path,
                               const char    *member,
                               gboolean       required,
                               char         **name_out,
                               char         **value)
{
  g_autofree char *member_name_path = sc_json_path_member (path, member);
  const char *name = NULL;
  const char *secret;

  if (!sc_json_reader_get_string (self, object, path, member, &name))
    return FALSE;
  if (name == NULL)
    {
      if (required)
        return sc_json_reader_fail_missing (self, member_name_path,
                                            _("the name of an environment variable holding "
                                              "the secret"));
      return TRUE;
    }
  if (!sc_json_is_env_name (name))
    return sc_json_reader_fail_expected (self, member_name_path,
                                         _("the name of an environment variable such as "
                                           "\"SHOPCAST_KEY_YOUTUBE\""),
                                         json_object_get_member (object, member));
  if (name_out != NULL)
    {
      g_free (*name_out);
      *name_out = g_strdup (name);
    }

  secret = g_getenv (name);
  if (secret == NULL && self->secret_lookup != NULL)
    {
      /* The window keeps secrets in the Secret Service under the same name. */
      char *stored = self->secret_lookup (name, self->secret_lookup_data);

      if (stored != NULL)
        {
          g_free (*value);
          *value = stored;
          return TRUE;
        }
    }
  /* Something that is not started (a disabled output) needs no secret to load. */
  if (required && secret == NULL && self->secret_lookup != NULL)
    return sc_json_reader_fail_invalid (self, member_name_path,
                                        _("environment variable %s is not set, and the "
                                          "Secret Service has no secret under that name "
                                          "(shopcast --store-secret %s)"), name, name);
  if (required && secret == NULL)
    return sc_json_reader_fail_invalid (self, member_name_path,
                                        _("environment variable %s is not set"), name);
  if (required && secret[0] == '\0')
    return sc_json_reader_fail_invalid (self, member_name_path,
                                        _("environment variable %s is empty"), name);
  g_free (*value);
  *value = g_strdup (secret);
  return TRUE;
}
