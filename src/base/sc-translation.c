/* sc-translation.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-translation"

#include "config.h"

#include <gio/gio.h>

#include "sc-locale.h"
#include "sc-mo-file.h"
#include "sc-translation.h"

struct _ScTranslation
{
  char      *locale;
  GPtrArray *catalogs;   /* ScMoFile *, most specific first */
};

const char *
sc_translation_get_localedir (void)
{
  const char *dir = g_getenv ("SHOPCAST_LOCALEDIR");

  return dir != NULL && *dir != '\0' ? dir : LOCALEDIR;
}

static ScTranslation *
translation_new (const char  *locale,
                 const char  *localedir,
                 gboolean     skip_corrupt,
                 GError     **error)
{
  g_autoptr(ScTranslation) self = g_new0 (ScTranslation, 1);
  g_auto(GStrv) names = NULL;

  g_return_val_if_fail (locale != NULL, NULL);

  if (localedir == NULL)
    localedir = sc_translation_get_localedir ();
  self->locale = g_strdup (locale);
  self->catalogs = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_mo_file_unref);

  names = sc_locale_dup_gettext_names (locale);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (localedir, names[i], "LC_MESSAGES",
                                                GETTEXT_PACKAGE ".mo", NULL);
      g_autoptr(GError) local_error = NULL;
      ScMoFile *catalog = sc_mo_file_new_for_path (path, &local_error);

      if (catalog != NULL)
        g_ptr_array_add (self->catalogs, catalog);
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        continue;
      else if (skip_corrupt)
        g_message ("%s", local_error->message);
      else
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  return g_steal_pointer (&self);
}

ScTranslation *
sc_translation_new (const char  *locale,
                    const char  *localedir,
                    GError     **error)
{
  return translation_new (locale, localedir, FALSE, error);
}

void
sc_translation_free (ScTranslation *self)
{
  if (self == NULL)
    return;
  g_free (self->locale);
  g_ptr_array_unref (self->catalogs);
  g_free (self);
}

ScTranslation *
sc_translation_get (const char *locale)
{
  G_LOCK_DEFINE_STATIC (shared);
  static GHashTable *shared = NULL;
  g_autofree char *key = NULL;
  ScTranslation *self;

  g_return_val_if_fail (locale != NULL, NULL);

  /* The folder is part of the key: tests point SHOPCAST_LOCALEDIR elsewhere. */
  key = g_strconcat (sc_translation_get_localedir (), "\n", locale, NULL);
  G_LOCK (shared);
  if (shared == NULL)
    shared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify)sc_translation_free);
  self = g_hash_table_lookup (shared, key);
  if (self == NULL)
    {
      self = translation_new (locale, NULL, TRUE, NULL);
      g_hash_table_insert (shared, g_steal_pointer (&key), self);
    }
  G_UNLOCK (shared);
  return self;
}

const char *
sc_translation_get_locale (ScTranslation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->locale;
}

guint
sc_translation_get_n_catalogs (ScTranslation *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->catalogs->len;
}

const char *
sc_translation_gettext (ScTranslation *self,
                        const char    *msgid)
{
  g_return_val_if_fail (msgid != NULL, NULL);

  for (guint i = 0; self != NULL && i < self->catalogs->len; i++)
    {
      const char *found = sc_mo_file_lookup (g_ptr_array_index (self->catalogs, i), msgid);

      if (found != NULL)
        return found;
    }
  return msgid;
}

const char *
sc_translation_ngettext (ScTranslation *self,
                         const char    *msgid,
                         const char    *msgid_plural,
                         gulong         n)
{
  g_return_val_if_fail (msgid != NULL, NULL);
  g_return_val_if_fail (msgid_plural != NULL, NULL);

  for (guint i = 0; self != NULL && i < self->catalogs->len; i++)
    {
      const char *found = sc_mo_file_lookup_plural (g_ptr_array_index (self->catalogs, i),
                                                    msgid, msgid_plural, n);

      if (found != NULL)
        return found;
    }
  return n == 1 ? msgid : msgid_plural;
}
