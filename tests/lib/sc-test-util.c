/* sc-test-util.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-test"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "sc-test-util.h"

gboolean
sc_test_report_missing (const char *what)
{
  if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
    g_test_fail_printf ("%s is required under CI=true but is missing", what);
  else
    g_test_skip_printf ("%s is missing", what);

  return FALSE;
}

char *
sc_test_find_program (const char *program)
{
  static const char * const sbin_dirs[] = { "/usr/local/sbin", "/usr/sbin", "/sbin" };
  char *path = g_find_program_in_path (program);

  for (guint i = 0; path == NULL && i < G_N_ELEMENTS (sbin_dirs); i++)
    {
      g_autofree char *candidate = g_build_filename (sbin_dirs[i], program, NULL);

      if (g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE))
        path = g_steal_pointer (&candidate);
    }

  return path;
}

gboolean
sc_test_compile_catalogs (const char         *localedir,
                          const char * const *names,
                          gboolean            big_endian)
{
  g_autofree char *msgfmt = sc_test_find_program ("msgfmt");

  if (msgfmt == NULL)
    return sc_test_report_missing ("msgfmt");

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *po_name = g_strconcat (names[i], ".po", NULL);
      g_autofree char *po = g_build_filename (g_getenv ("SHOPCAST_FIXTURES_DIR"), "locale",
                                              po_name, NULL);
      g_autofree char *dir = g_build_filename (localedir, names[i], "LC_MESSAGES", NULL);
      g_autofree char *mo = g_build_filename (dir, "shopcast.mo", NULL);
      const char *argv[] = { msgfmt, big_endian ? "--endianness=big" : "--endianness=little",
                             "-o", mo, po, NULL };
      g_autoptr(GError) error = NULL;
      int status = 0;

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                    &status, &error);
      g_assert_no_error (error);
      g_spawn_check_wait_status (status, &error);
      g_assert_no_error (error);
    }
  return TRUE;
}

gboolean
sc_test_require_tool (const char *program)
{
  g_autofree char *path = sc_test_find_program (program);

  if (path == NULL)
    return sc_test_report_missing (program);

  return TRUE;
}

gboolean
sc_test_require_gst_element (const char *factory)
{
  g_autofree char *inspect = sc_test_find_program ("gst-inspect-1.0");
  g_autofree char *what = NULL;
  g_autoptr(GSubprocess) process = NULL;

  if (inspect == NULL)
    return sc_test_report_missing ("gst-inspect-1.0");

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                              G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              NULL, inspect, "--exists", factory, NULL);
  if (process != NULL && g_subprocess_wait (process, NULL, NULL) &&
      g_subprocess_get_successful (process))
    return TRUE;

  what = g_strdup_printf ("the GStreamer element %s", factory);
  return sc_test_report_missing (what);
}

gboolean
sc_test_require_display (void)
{
  if (g_getenv ("DISPLAY") == NULL || g_getenv ("DISPLAY")[0] == '\0')
    return sc_test_report_missing ("an X display (build-aux/dev runs Xvfb)");

  return TRUE;
}

gboolean
sc_test_require_session_bus (void)
{
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    return sc_test_report_missing ("a session bus (build-aux/dev runs dbus-run-session)");

  return TRUE;
}

static gboolean
on_tick (gpointer data)
{
  gboolean *fired = data;

  *fired = TRUE;
  return G_SOURCE_REMOVE;
}

static void
iterate_for_ms (GMainContext *context,
                guint         ms)
{
  g_autoptr(GSource) tick = g_timeout_source_new (ms);
  gboolean fired = FALSE;

  g_source_set_callback (tick, on_tick, &fired, NULL);
  g_source_attach (tick, context);
  while (!fired)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (tick);
}

gboolean
sc_test_wait_until (ScTestCondition condition,
                    gpointer        data,
                    double          timeout_s)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  while (!condition (data))
    {
      if (g_get_monotonic_time () >= deadline)
        return FALSE;
      iterate_for_ms (context, 20);
    }

  return TRUE;
}

typedef struct {
  const char *name;
  gboolean    owned;
} BusNameWait;

static gboolean
bus_name_as_wanted (gpointer data)
{
  BusNameWait *wait = data;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  if (bus != NULL)
    reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                         "org.freedesktop.DBus", "NameHasOwner",
                                         g_variant_new ("(s)", wait->name),
                                         G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                         NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned == wait->owned;
}

gboolean
sc_test_wait_for_bus_name (const char *name,
                           gboolean    owned,
                           double      timeout_s)
{
  BusNameWait wait = { name, owned != FALSE };

  return sc_test_wait_until (bus_name_as_wanted, &wait, timeout_s);
}

void
sc_test_run_for (double seconds)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();

  iterate_for_ms (context, (guint) (seconds * 1000));
}

char *
sc_test_make_tmp_dir (const char *prefix)
{
  g_autofree char *template = g_strconcat (prefix, "-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *entry;

      while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, entry, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}

void
sc_test_remove_dir (const char *path)
{
  if (path == NULL)
    return;
  if (g_getenv ("SHOPCAST_TEST_KEEP") != NULL)
    g_test_message ("kept %s", path);
  else
    remove_tree (path);
}
