/* sc-test-fake-portal.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>

#include "sc-test.h"
#include "sc-test-fake-portal.h"

#define PORTAL_NAME "org.freedesktop.portal.Desktop"
#define TIMEOUT_S 30.0

void
sc_test_fake_portal_stop (GSubprocess **portal)
{
  if (*portal == NULL)
    return;
  g_subprocess_send_signal (*portal, SIGTERM);
  sc_test_subprocess_wait (*portal, TIMEOUT_S);
  g_clear_object (portal);
  g_assert_true (sc_test_wait_for_bus_name (PORTAL_NAME, FALSE, TIMEOUT_S));
}

void
sc_test_fake_portal_startv (GSubprocess **portal,
                            const char   *record,
                            const char   *first_arg,
                            va_list       args)
{
  g_autoptr(GPtrArray) options = g_ptr_array_new ();

  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (options, (char *)arg);
  g_ptr_array_add (options, NULL);
  sc_test_fake_portal_startv_array (portal, record, (const char * const *)options->pdata);
}

void
sc_test_fake_portal_startv_array (GSubprocess       **portal,
                                  const char         *record,
                                  const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "fake-portal.py", NULL);
  g_autoptr(GError) error = NULL;

  sc_test_fake_portal_stop (portal);
  g_remove (record);
  g_ptr_array_add (argv, (char *)"/usr/bin/python3");
  g_ptr_array_add (argv, script);
  g_ptr_array_add (argv, (char *)"--record");
  g_ptr_array_add (argv, (char *)record);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);
  *portal = g_subprocess_newv ((const char * const *)argv->pdata, G_SUBPROCESS_FLAGS_NONE,
                               &error);
  g_assert_no_error (error);
  g_assert_true (sc_test_wait_for_bus_name (PORTAL_NAME, TRUE, TIMEOUT_S));
}

GPtrArray *
sc_test_fake_portal_calls (const char *record)
{
  GPtrArray *calls = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (record, &text, NULL, NULL))
    return calls;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) node = NULL;

      if (lines[i][0] == '\0')
        continue;
      node = json_from_string (lines[i], NULL);
      g_assert_nonnull (node);
      g_ptr_array_add (calls, json_object_ref (json_node_get_object (node)));
    }
  return calls;
}
