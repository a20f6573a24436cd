/* sc-mo-file.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A GNU gettext message catalog (.mo) read by Shopcast itself, so the
 * overlay can speak the show's language without changing the process
 * locale. Every offset and length is checked against the data when it is
 * loaded: a corrupt or truncated file is a G_IO_ERROR_INVALID_DATA error
 * naming the file, never a read outside it. Either byte order; lookups are
 * a binary search of the sorted originals (the optional hash table is not
 * used). Immutable once loaded, so it may be shared between threads. */
typedef struct _ScMoFile ScMoFile;

/* The largest .mo accepted; Shopcast's own are about 100 kB. */
#define SC_MO_FILE_MAX_SIZE (16 * 1024 * 1024)

ScMoFile   *sc_mo_file_new_from_bytes (GBytes      *bytes,
                                       const char  *name,
                                       GError     **error);
/* G_IO_ERROR_NOT_FOUND when @path does not exist. */
ScMoFile   *sc_mo_file_new_for_path   (const char  *path,
                                       GError     **error);
ScMoFile   *sc_mo_file_ref            (ScMoFile    *self);
void        sc_mo_file_unref          (ScMoFile    *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScMoFile, sc_mo_file_unref)

guint       sc_mo_file_get_n_strings  (ScMoFile    *self);
/* The translation of @msgid, or NULL when the catalog has none (or an
 * empty one). For a plural entry, its first form. */
const char *sc_mo_file_lookup         (ScMoFile    *self,
                                       const char  *msgid);
/* The form of @msgid (whose English plural is @msgid_plural) for @n, or NULL
 * when the catalog has no translation. The form is chosen by the header's
 * Plural-Forms: plural=0, (n != 1) and (n > 1) are understood; any other
 * rule picks the first form for n == 1 and the second otherwise (right for
 * most languages, and always better than English on a German show). */
const char *sc_mo_file_lookup_plural  (ScMoFile    *self,
                                       const char  *msgid,
                                       const char  *msgid_plural,
                                       gulong       n);
/* The header's nplurals (2 when it has none). */
guint       sc_mo_file_get_n_plurals  (ScMoFile    *self);

G_END_DECLS
