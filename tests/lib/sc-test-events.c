/* sc-test-events.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-test"

#include "config.h"

#include <string.h>

#include "sc-test-events.h"
#include "sc-test-util.h"

GPtrArray *
sc_test_read_events (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_suffix (contents, "\n"));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GList) members = NULL;
      JsonObject *object;

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      members = json_object_get_members (object);
      g_assert_cmpstr (members->data, ==, "event");
      g_assert_cmpstr (members->next->data, ==, "t");
      g_ptr_array_add (events, json_object_ref (object));
    }
  return events;
}

GPtrArray *
sc_test_read_events_so_far (const char *path)
{
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  char *end;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return events;
  /* Only whole lines: the show may be writing the next one. */
  end = strrchr (contents, '\n');
  if (end == NULL)
    return events;
  *end = '\0';
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;

      if (json_parser_load_from_data (parser, lines[i], -1, NULL) &&
          (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
        g_ptr_array_add (events, json_object_ref (json_node_get_object (root)));
    }
  return events;
}

static const char *
event_name (JsonObject *event)
{
  return json_object_get_string_member_with_default (event, "event", "");
}

guint
sc_test_count_events (GPtrArray  *events,
                      const char *name)
{
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    n += g_str_equal (event_name (g_ptr_array_index (events, i)), name);
  return n;
}

JsonObject *
sc_test_last_event (GPtrArray  *events,
                    const char *name)
{
  for (guint i = events->len; i > 0; i--)
    if (g_str_equal (event_name (g_ptr_array_index (events, i - 1)), name))
      return g_ptr_array_index (events, i - 1);
  return NULL;
}

static gboolean
member_reads (JsonObject *event,
              const char *member,
              const char *value)
{
  JsonNode *node = json_object_get_member (event, member);
  g_autofree char *text = NULL;

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (node))
    return g_strcmp0 (value, "null") == 0;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strcmp0 (json_node_get_string (node), value) == 0;
    case G_TYPE_INT64:
      text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return g_strcmp0 (text, value) == 0;
    case G_TYPE_BOOLEAN:
      return g_strcmp0 (json_node_get_boolean (node) ? "true" : "false", value) == 0;
    default:
      return FALSE;
    }
}

int
sc_test_find_event (GPtrArray  *events,
                    guint       from,
                    const char *name,
                    const char *member,
                    const char *value)
{
  for (guint i = from; i < events->len; i++)
    {
      JsonObject *event = g_ptr_array_index (events, i);

      if (g_str_equal (event_name (event), name) &&
          (member == NULL || member_reads (event, member, value)))
        return (int)i;
    }
  return -1;
}

guint
sc_test_count_events_in_file (const char *path,
                              const char *name)
{
  g_autofree char *contents = NULL;
  g_autofree char *needle = g_strdup_printf ("{\"event\":\"%s\",", name);
  guint n = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  if (g_str_has_prefix (contents, needle))
    n++;
  g_free (needle);
  needle = g_strdup_printf ("\n{\"event\":\"%s\",", name);
  for (const char *p = strstr (contents, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

typedef struct {
  const char *path;
  const char *name;
  const char *member;
  const char *value;
  guint       count;
} EventWait;

static gboolean
event_logged (gpointer data)
{
  EventWait *wait = data;
  g_autoptr(GPtrArray) events = sc_test_read_events_so_far (wait->path);

  return sc_test_find_event (events, 0, wait->name, wait->member, wait->value) >= 0;
}

gboolean
sc_test_wait_for_event (const char *path,
                        const char *name,
                        const char *member,
                        const char *value,
                        double      timeout_s)
{
  EventWait wait = { path, name, member, value, 0 };

  return sc_test_wait_until (event_logged, &wait, timeout_s);
}

static gboolean
events_logged (gpointer data)
{
  EventWait *wait = data;

  return sc_test_count_events_in_file (wait->path, wait->name) >= wait->count;
}

gboolean
sc_test_wait_for_events (const char *path,
                         const char *name,
                         guint       count,
                         double      timeout_s)
{
  EventWait wait = { path, name, NULL, NULL, count };

  return sc_test_wait_until (events_logged, &wait, timeout_s);
}

double
sc_test_event_t (JsonObject *event)
{
  g_assert_nonnull (event);
  return json_object_get_double_member (event, "t");
}
