/* sc-translation.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Shopcast's messages in one locale, looked up in the shopcast.mo files of
 * that locale ("de-DE": de_DE, then de), then the English msgid. It never
 * touches the process locale: a German show on an English desktop gets its
 * overlay words in German while the window stays English. */
typedef struct _ScTranslation ScTranslation;

/* Where the <lang>/LC_MESSAGES/shopcast.mo files are: $SHOPCAST_LOCALEDIR
 * when set (the build tree's po/ for tests and uninstalled runs), else
 * LOCALEDIR. */
const char    *sc_translation_get_localedir (void);

/* Loads the catalogs of @locale (a BCP 47 tag) from @localedir (NULL for
 * sc_translation_get_localedir()). A missing catalog is no error (those
 * words stay English); a corrupt one is (G_IO_ERROR_INVALID_DATA). */
ScTranslation *sc_translation_new           (const char     *locale,
                                             const char     *localedir,
                                             GError        **error);
void           sc_translation_free          (ScTranslation  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScTranslation, sc_translation_free)

/* The shared translation of @locale from the default folder, loaded once
 * per process and kept: never NULL. A corrupt catalog is reported once with
 * g_message() and skipped. */
ScTranslation *sc_translation_get           (const char     *locale);

const char    *sc_translation_get_locale    (ScTranslation  *self);
/* How many catalogs were found (0: everything stays English). */
guint          sc_translation_get_n_catalogs (ScTranslation *self);
/* The translation of @msgid, or @msgid. */
const char    *sc_translation_gettext       (ScTranslation  *self,
                                             const char     *msgid) G_GNUC_FORMAT (2);
/* As ngettext(): the form for @n, or @msgid (n == 1) / @msgid_plural. */
const char    *sc_translation_ngettext      (ScTranslation  *self,
                                             const char     *msgid,
                                             const char     *msgid_plural,
                                             gulong          n) G_GNUC_FORMAT (3);

G_END_DECLS
