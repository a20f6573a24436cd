/* sc-fuzz.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-fuzz"

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sc-fuzz.h"

static char *tmp_dir;

static void
remove_tmp_dir (void)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (tmp_dir == NULL)
    return;
  dir = g_dir_open (tmp_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
}

void
sc_fuzz_init (void)
{
  g_autoptr(GError) error = NULL;

  if (tmp_dir != NULL)
    return;

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GIO_USE_VFS", "local", TRUE);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  tmp_dir = g_dir_make_tmp ("shopcast-fuzz-XXXXXX", &error);
  if (tmp_dir == NULL)
    g_error ("no temporary folder: %s", error->message);
  g_setenv ("XDG_CACHE_HOME", tmp_dir, TRUE);
  g_setenv ("XDG_DATA_HOME", tmp_dir, TRUE);
  atexit (remove_tmp_dir);
}

char *
sc_fuzz_strndup (const uint8_t *data,
                 size_t         size)
{
  char *text = g_malloc (size + 1);

  if (size > 0)
    memcpy (text, data, size);
  text[size] = '\0';
  return text;
}

char *
sc_fuzz_write_file (const char    *name,
                    const uint8_t *data,
                    size_t         size)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmp_dir, name, NULL);

  if (!g_file_set_contents (path, (const char *)data, size, &error))
    g_error ("cannot write %s: %s", path, error->message);
  return path;
}

static gboolean
wake (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

void
sc_fuzz_wait (ScFuzzCondition  done,
              gpointer         user_data,
              double           timeout_s,
              const char      *what)
{
  gint64 end = g_get_monotonic_time () + (gint64)(timeout_s * G_USEC_PER_SEC);
  guint wake_id = g_timeout_add (10, wake, NULL);

  while (!done (user_data))
    {
      if (g_get_monotonic_time () > end)
        g_error ("%s did not finish in %.0f s", what, timeout_s);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake_id);
}

void
sc_fuzz_drain (guint quiet_ms)
{
  gint64 quiet_since = g_get_monotonic_time ();

  while (g_get_monotonic_time () - quiet_since < (gint64)quiet_ms * 1000)
    {
      if (g_main_context_iteration (NULL, FALSE))
        quiet_since = g_get_monotonic_time ();
      else
        g_usleep (500);
    }
}
