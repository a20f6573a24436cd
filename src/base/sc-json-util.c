/* sc-json-util.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-json-util"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-file-access.h"
#include "sc-json-util.h"

static const char *
non_ascii (void)
{
  static char bytes[129];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < 128; i++)
        bytes[i] = (char)(0x80 + i);
      g_once_init_leave (&initialized, 1);
    }
  return bytes;
}

char *
sc_json_describe_node (JsonNode *node)
{
  g_autofree char *text = NULL;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return g_strdup (_("an object"));
    case JSON_NODE_ARRAY:
      return g_strdup (_("an array"));
    case JSON_NODE_NULL:
      return g_strdup ("null");
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      /* Quotes and control characters are escaped, non-ASCII text is kept
       * readable (g_strescape would turn "Teekanne – 茶" into octal). */
      text = g_strescape (json_node_get_string (node), non_ascii ());
      if (g_utf8_strlen (text, -1) > 40)
        {
          g_autofree char *cut = g_utf8_substring (text, 0, 40);
          return g_strdup_printf ("\"%s…\"", cut);
        }
      return g_strdup_printf ("\"%s\"", text);
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    case G_TYPE_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", json_node_get_double (node)));
      }
    case G_TYPE_INT64:
    default:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    }
}

/* The shortest text that reads back as the same double. */
static void
append_double (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%.15g", value);
  if (g_ascii_strtod (buf, NULL) != value)
    g_ascii_formatd (buf, sizeof buf, "%.17g", value);
  g_string_append (out, buf);
}

static void
append_string (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar)*p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char)c);
        }
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char)c);
    }
  g_string_append_c (out, '"');
}

static gboolean
is_plain (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) || JSON_NODE_HOLDS_NULL (node);
}

static void
append_node (GString  *out,
             JsonNode *node,
             guint     depth)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      return;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          append_string (out, json_node_get_string (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_DOUBLE:
          append_double (out, json_node_get_double (node));
          break;
        case G_TYPE_INT64:
        default:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        }
      return;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint length = json_array_get_length (array);
        gboolean inline_array = TRUE;

        for (guint i = 0; i < length; i++)
          inline_array &= is_plain (json_array_get_element (array, i));
        g_string_append_c (out, '[');
        for (guint i = 0; i < length; i++)
          {
            if (inline_array)
              g_string_append (out, i > 0 ? ", " : "");
            else
              {
                g_string_append (out, i > 0 ? ",\n" : "\n");
                g_string_append_printf (out, "%*s", (int)(depth + 1) * 2, "");
              }
            append_node (out, json_array_get_element (array, i), depth + 1);
          }
        if (!inline_array && length > 0)
          g_string_append_printf (out, "\n%*s", (int)depth * 2, "");
        g_string_append_c (out, ']');
      }
      return;

    case JSON_NODE_OBJECT:
    default:
      {
        JsonObjectIter iter;
        const char *member;
        JsonNode *value;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &member, &value))
          {
            g_string_append (out, first ? "\n" : ",\n");
            g_string_append_printf (out, "%*s", (int)(depth + 1) * 2, "");
            append_string (out, member);
            g_string_append (out, ": ");
            append_node (out, value, depth + 1);
            first = FALSE;
          }
        if (!first)
          g_string_append_printf (out, "\n%*s", (int)depth * 2, "");
        g_string_append_c (out, '}');
      }
      return;
    }
}

char *
sc_json_to_pretty_string (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (node != NULL, NULL);

  append_node (out, node, 0);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

char *
sc_json_file_to_text (GFile *file,
                      GFile *base)
{
  g_autoptr(GFile) ancestor = NULL;
  g_autoptr(GString) up = NULL;
  g_autoptr(GFile) host_file = NULL;
  g_autoptr(GFile) host_base = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* In the sandbox a show names host paths, never the document portal's:
   * those stand for the person's folders only inside this app. */
  host_file = sc_file_access_to_host (file);
  host_base = base != NULL ? sc_file_access_to_host (base) : NULL;
  file = host_file;
  base = host_base;
  if (!g_file_is_native (file))
    return g_file_get_uri (file);
  if (base == NULL || !g_file_is_native (base))
    return g_file_get_path (file);

  /* "../images/x.png" stays relative, but nothing climbs to the root: a
   * file in /usr/share is named absolutely. */
  ancestor = g_object_ref (base);
  up = g_string_new (NULL);
  while (ancestor != NULL && !g_file_equal (ancestor, file) &&
         !g_file_has_prefix (file, ancestor))
    {
      GFile *parent = g_file_get_parent (ancestor);

      g_object_unref (ancestor);
      ancestor = parent;
      g_string_append (up, "../");
    }
  if (ancestor != NULL && g_file_has_prefix (file, ancestor))
    {
      g_autoptr(GFile) parent = g_file_get_parent (ancestor);

      if (parent != NULL)
        {
          g_autofree char *relative = g_file_get_relative_path (ancestor, file);
          return g_strconcat (up->str, relative, NULL);
        }
    }
  return g_file_get_path (file);
}
