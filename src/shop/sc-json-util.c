/* sc-json-util.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-json-util"

#include "config.h"

#include <glib/gi18n.h>

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
