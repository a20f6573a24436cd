/* sc-file-access.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-file-access"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "sc-file-access.h"

typedef struct {
  GFile    *host;
  GFile    *sandbox;
  gboolean  granted;
} Pair;

static GMutex lock;
static GPtrArray *pairs;     /* Pair *, guarded by lock */
static GPtrArray *blocked;   /* char * host paths, guarded by lock */

static void
pair_free (Pair *pair)
{
  g_object_unref (pair->host);
  g_object_unref (pair->sandbox);
  g_free (pair);
}

gboolean
sc_file_access_in_sandbox (void)
{
  const char *forced = g_getenv ("SHOPCAST_SANDBOX");

  if (forced != NULL && *forced != '\0')
    return g_strcmp0 (forced, "0") != 0;
  return g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

/* @file below or at @prefix: @file's equivalent below @replacement. */
static GFile *
rebase (GFile *file,
        GFile *prefix,
        GFile *replacement)
{
  g_autofree char *relative = NULL;

  if (g_file_equal (file, prefix))
    return g_object_ref (replacement);
  relative = g_file_get_relative_path (prefix, file);
  if (relative == NULL)
    return NULL;
  return g_file_resolve_relative_path (replacement, relative);
}

void
sc_file_access_add (const char *host_path,
                    const char *sandbox_path,
                    gboolean    granted)
{
  Pair *pair;

  g_return_if_fail (host_path != NULL && g_path_is_absolute (host_path));
  g_return_if_fail (sandbox_path != NULL && g_path_is_absolute (sandbox_path));

  pair = g_new0 (Pair, 1);
  pair->host = g_file_new_for_path (host_path);
  pair->sandbox = g_file_new_for_path (sandbox_path);
  pair->granted = granted;

  g_mutex_lock (&lock);
  if (pairs == NULL)
    pairs = g_ptr_array_new_with_free_func ((GDestroyNotify)pair_free);
  for (guint i = 0; i < pairs->len; i++)
    {
      Pair *old = g_ptr_array_index (pairs, i);

      if (g_file_equal (old->sandbox, pair->sandbox))
        {
          g_ptr_array_remove_index (pairs, i);
          break;
        }
    }
  g_ptr_array_add (pairs, pair);
  g_mutex_unlock (&lock);
  g_debug ("%s is %s in the sandbox%s", host_path, sandbox_path,
           granted ? " (granted folder)" : "");
}

/* The longest match wins: a folder granted inside another one. Called
 * with the lock held. */
static GFile *
map_locked (GFile    *file,
            gboolean  to_host)
{
  GFile *best = NULL;
  gsize best_length = 0;

  for (guint i = 0; pairs != NULL && i < pairs->len; i++)
    {
      Pair *pair = g_ptr_array_index (pairs, i);
      GFile *from = to_host ? pair->sandbox : pair->host;
      GFile *to = to_host ? pair->host : pair->sandbox;
      g_autofree char *from_path = NULL;
      GFile *mapped;

      if (!to_host && !pair->granted)
        continue;
      mapped = rebase (file, from, to);
      if (mapped == NULL)
        continue;
      from_path = g_file_get_path (from);
      if (best == NULL || strlen (from_path) > best_length)
        {
          g_clear_object (&best);
          best = mapped;
          best_length = strlen (from_path);
        }
      else
        g_object_unref (mapped);
    }
  return best;
}

GFile *
sc_file_access_to_host (GFile *file)
{
  GFile *mapped;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!g_file_is_native (file))
    return g_object_ref (file);
  g_mutex_lock (&lock);
  mapped = map_locked (file, TRUE);
  g_mutex_unlock (&lock);
  return mapped != NULL ? mapped : g_object_ref (file);
}

GFile *
sc_file_access_readable (GFile *file)
{
  g_autoptr(GFile) host = NULL;
  GFile *mapped;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!g_file_is_native (file) || !sc_file_access_in_sandbox ())
    return g_object_ref (file);
  host = sc_file_access_to_host (file);
  g_mutex_lock (&lock);
  mapped = map_locked (host, FALSE);
  g_mutex_unlock (&lock);
  return mapped != NULL ? mapped : g_steal_pointer (&host);
}

/* Below a granted folder, at its document path. */
static gboolean
in_granted_folder (GFile *file)
{
  gboolean found = FALSE;

  g_mutex_lock (&lock);
  for (guint i = 0; pairs != NULL && i < pairs->len && !found; i++)
    {
      Pair *pair = g_ptr_array_index (pairs, i);

      found = pair->granted && (g_file_equal (file, pair->sandbox) ||
                                g_file_has_prefix (file, pair->sandbox));
    }
  g_mutex_unlock (&lock);
  return found;
}

gboolean
sc_file_access_is_blocked (GFile *file)
{
  g_autoptr(GFile) host = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autofree char *path = NULL;
  g_autofree char *parent_path = NULL;
  int saved_errno;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!sc_file_access_in_sandbox () || !g_file_is_native (file) || in_granted_folder (file))
    return FALSE;
  path = g_file_get_path (file);
  if (g_access (path, R_OK) == 0)
    return FALSE;
  saved_errno = errno;
  if (saved_errno != ENOENT && saved_errno != EACCES && saved_errno != ENOTDIR)
    return FALSE;
  /* A file missing from a folder the sandbox sees (~/Videos) is missing. */
  parent = g_file_get_parent (file);
  parent_path = parent != NULL ? g_file_get_path (parent) : NULL;
  if (saved_errno == ENOENT && parent_path != NULL &&
      g_file_test (parent_path, G_FILE_TEST_IS_DIR) && g_access (parent_path, R_OK | X_OK) == 0)
    {
      /* ... unless it is a document's folder, which holds that file only. */
      g_autoptr(GFile) parent_host = sc_file_access_to_host (parent);
      g_autofree char *documents = g_build_filename (g_get_user_runtime_dir (), "doc", NULL);
      g_autoptr(GFile) mount = g_file_new_for_path (documents);

      if (g_file_equal (parent_host, parent) && !g_file_has_prefix (parent, mount))
        return FALSE;
    }

  host = sc_file_access_to_host (file);
  g_mutex_lock (&lock);
  if (blocked == NULL)
    blocked = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (blocked, g_file_get_path (host));
  g_mutex_unlock (&lock);
  return TRUE;
}

GStrv
sc_file_access_take_blocked (void)
{
  GPtrArray *taken;

  g_mutex_lock (&lock);
  taken = g_steal_pointer (&blocked);
  g_mutex_unlock (&lock);
  if (taken == NULL)
    return NULL;
  g_ptr_array_set_free_func (taken, NULL);
  g_ptr_array_add (taken, NULL);
  return (GStrv)g_ptr_array_free (taken, FALSE);
}

char *
sc_file_access_folder_to_ask (GFile      *show_file,
                              const char *blocked_host_path)
{
  g_autoptr(GFile) blocked_file = NULL;

  g_return_val_if_fail (blocked_host_path != NULL, NULL);

  blocked_file = g_file_new_for_path (blocked_host_path);
  if (show_file != NULL)
    {
      g_autoptr(GFile) show_host = sc_file_access_to_host (show_file);
      g_autoptr(GFile) folder = g_file_get_parent (show_host);

      if (folder != NULL && g_file_is_native (folder) && g_file_has_prefix (blocked_file, folder))
        return g_file_get_path (folder);
    }
  return g_path_get_dirname (blocked_host_path);
}

void
sc_file_access_reset (void)
{
  g_mutex_lock (&lock);
  g_clear_pointer (&pairs, g_ptr_array_unref);
  g_clear_pointer (&blocked, g_ptr_array_unref);
  g_mutex_unlock (&lock);
}
