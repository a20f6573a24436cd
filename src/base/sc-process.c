/* sc-process.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-process"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "sc-process.h"

char *
sc_process_find_helper (const char *name)
{
  const char *dir = g_getenv ("SHOPCAST_LIBEXECDIR");
  g_autofree char *exe = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  if (dir != NULL && dir[0] != '\0')
    path = g_build_filename (dir, name, NULL);
  else
    {
      exe = g_file_read_link ("/proc/self/exe", NULL);
      if (exe != NULL)
        {
          g_autofree char *exe_dir = g_path_get_dirname (exe);

          path = g_build_filename (exe_dir, name, NULL);
        }
      if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        {
          g_free (path);
          path = g_build_filename (LIBEXECDIR, name, NULL);
        }
    }
  if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    return NULL;
  return g_steal_pointer (&path);
}

/* The block size from which malloc() maps memory of its own for a block and
 * unmaps it on free(): glibc's default, fixed. */
#define MMAP_THRESHOLD (128 * 1024)

void
sc_process_tune_malloc (void)
{
#ifdef __GLIBC__
  /* By default glibc raises this threshold to the size of every mapped block
   * that is freed (up to 32 MB), after which blocks that size come from the
   * heap and, once freed, stay resident among small live ones. A show
   * re-renders its chat panel and product card (0.2 to 1.2 MB each) from
   * worker threads for hours; with the threshold moving, a 1080p show's
   * resident memory grew by 4.5 MB in its first 45 s of demo chat, and not
   * with it fixed (bench/engine.sh, docs/performance.md). Setting it by hand
   * fixes it; GLIBC_TUNABLES=glibc.malloc.mmap_threshold still wins. */
  if (g_getenv ("GLIBC_TUNABLES") == NULL || strstr (g_getenv ("GLIBC_TUNABLES"),
                                                      "mmap_threshold") == NULL)
    mallopt (M_MMAP_THRESHOLD, MMAP_THRESHOLD);
#endif
}

void
sc_process_init_locale (void)
{
  const char *localedir = g_getenv ("SHOPCAST_LOCALEDIR");
  const char *messages;

  setlocale (LC_ALL, "");
  /* In the plain C locale glibc ignores LANGUAGE and GLib prints ASCII; its
   * UTF-8 twin honours LANGUAGE (LANGUAGE=de shopcast --help) and keeps
   * everything else as C. */
  messages = setlocale (LC_MESSAGES, NULL);
  if (messages != NULL && (g_str_equal (messages, "C") || g_str_equal (messages, "POSIX")) &&
      setlocale (LC_MESSAGES, "C.UTF-8") != NULL)
    setlocale (LC_CTYPE, "C.UTF-8");
  /* Run from the build tree, the catalogs are there (build-aux/dev, tests). */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && localedir[0] != '\0' ? localedir
                                                                              : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
