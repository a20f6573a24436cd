/* sc-json.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-json"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sc-json.h"

G_DEFINE_QUARK (sc-json-error-quark, sc_json_error)

/* One pass over the bytes: brackets inside strings (with their escapes) do
 * not count, so only real nesting is refused. Lines and columns count from 1
 * as json-glib's do. */
gboolean
sc_json_check_depth (const char  *data,
                     gsize        length,
                     guint        max_depth,
                     const char  *what,
                     GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;
  guint line = 1;
  const char *line_start = data;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          else if (c == '\n')
            {
              line++;
              line_start = data + i + 1;
            }
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > max_depth)
            {
              g_set_error (error, SC_JSON_ERROR, SC_JSON_ERROR_TOO_DEEP,
                           _("%s is nested deeper than %u levels (line %u, column %u)"),
                           what, max_depth, line, (guint)(data + i - line_start) + 1);
              return FALSE;
            }
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        case '\n':
          line++;
          line_start = data + i + 1;
          break;
        default:
          break;
        }
    }
  return TRUE;
}

static gboolean
is_blank (const char *data,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isspace (data[i]))
        return FALSE;
    }
  return TRUE;
}

/* Where the first top-level value ends, so anything after it can be refused:
 * json-glib 1.6 reads "{}{}" or "8{}" as its first value, silently drops
 * the rest and leaks it. Returns the offset after the first value, or
 * @length when the value does not end (json-glib reports that). */
static gsize
first_value_end (const char *data,
                 gsize       length)
{
  gsize i = 0;
  guint depth = 0;

  while (i < length && g_ascii_isspace (data[i]))
    i++;
  for (; i < length; i++)
    {
      char c = data[i];

      if (c == '"')
        {
          for (i++; i < length && data[i] != '"'; i++)
            if (data[i] == '\\')
              i++;
          if (depth == 0)
            return MIN (i + 1, length);
        }
      else if (c == '{' || c == '[')
        depth++;
      else if (c == '}' || c == ']')
        {
          if (depth <= 1)
            return i + 1;
          depth--;
        }
      else if (depth == 0 && (g_ascii_isspace (c) || c == ',' || c == ':'))
        return i;
      else if (depth == 0 && i + 1 < length && strchr ("{[\"", data[i + 1]) != NULL)
        return i + 1;
    }
  return length;
}

JsonNode *
sc_json_parse (const char  *data,
               gssize       length,
               const char  *what,
               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len;

  g_return_val_if_fail (what != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  len = data == NULL ? 0 : length < 0 ? strlen (data) : (gsize)length;
  /* json-glib refuses NULL without setting an error, and takes blank data
   * for a document without a root: both are "empty" here. */
  if (data == NULL || is_blank (data, len))
    {
      g_set_error (error, SC_JSON_ERROR, SC_JSON_ERROR_EMPTY, _("%s is empty"), what);
      return NULL;
    }
  if (!sc_json_check_depth (data, len, SC_JSON_MAX_DEPTH, what, error))
    return NULL;
  {
    gsize end = first_value_end (data, len);

    if (!is_blank (data + end, len - end))
      {
        guint line = 1;
        const char *line_start = data;

        for (gsize i = 0; i < end; i++)
          if (data[i] == '\n')
            {
              line++;
              line_start = data + i + 1;
            }
        g_set_error (error, SC_JSON_ERROR, SC_JSON_ERROR_SYNTAX,
                     _("%s:%u:%u: more than one value: a document is one object or array"),
                     what, line, (guint)(data + end - line_start) + 1);
        return NULL;
      }
  }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize)len, &local_error))
    {
      const char *message = local_error != NULL ? local_error->message : _("Parse error");

      /* json-glib says "<data>:3:7: Parse error: …"; @what is what the
       * reader can act on. */
      if (g_str_has_prefix (message, "<data>:"))
        g_set_error (error, SC_JSON_ERROR, SC_JSON_ERROR_SYNTAX, "%s:%s",
                     what, message + strlen ("<data>:"));
      else
        g_set_error (error, SC_JSON_ERROR, SC_JSON_ERROR_SYNTAX, "%s: %s", what, message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, SC_JSON_ERROR, SC_JSON_ERROR_EMPTY, _("%s is empty"), what);
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}
