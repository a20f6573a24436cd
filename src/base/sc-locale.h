/* sc-locale.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The locale of what the audience sees (a show's `locale`) as a BCP 47 tag
 * ("de-DE"), independent of the process locale, which is never changed. */

#define SC_LOCALE_FALLBACK "en-US"

/* TRUE when @tag is a well-formed BCP 47 tag (language, optional script,
 * region and variants; no extensions) whose language and region ICU knows:
 * "de-DE", "fr", "zh-Hant-TW"; not "de_DE", "german", "en-UK", "". */
gboolean  sc_locale_is_valid           (const char *tag);
/* @tag with the usual case ("DE-de" -> "de-DE"), or NULL when not valid. */
char     *sc_locale_normalize          (const char *tag);
/* The locale of the program's messages as a tag: LC_ALL, else LC_MESSAGES,
 * else LANG ("de_DE.UTF-8@euro" -> "de-DE"); SC_LOCALE_FALLBACK for C,
 * POSIX, unset or anything not valid. */
char     *sc_locale_dup_from_environment (void);
/* The language subtag, lower case: "de" for "de-DE". */
char     *sc_locale_dup_language       (const char *tag);
/* The gettext catalog names to try for @tag, most specific first:
 * "de-DE" -> { "de_DE", "de" }; "de" -> { "de" }. */
GStrv     sc_locale_dup_gettext_names  (const char *tag);
/* The ICU locale id for @tag ("de_DE"). */
char     *sc_locale_dup_icu_id         (const char *tag);

G_END_DECLS
