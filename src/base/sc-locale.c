/* sc-locale.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-locale"

#include "config.h"

#include <string.h>
#include <unicode/uloc.h>

#include "sc-locale.h"

static gboolean
all_chars (const char *s,
           gsize       len,
           gboolean  (*pred) (gchar))
{
  for (gsize i = 0; i < len; i++)
    if (!pred (s[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_alpha (gchar c)
{
  return g_ascii_isalpha (c);
}

static gboolean
is_digit (gchar c)
{
  return g_ascii_isdigit (c);
}

static gboolean
is_alnum (gchar c)
{
  return g_ascii_isalnum (c);
}

/* RFC 5646 langtag without extlang, extensions or private use: what a show
 * needs, and what a typo ("de_DE", "german") never is. */
static gboolean
is_well_formed (const char *tag)
{
  g_auto(GStrv) parts = NULL;
  guint i = 0;

  if (tag == NULL || *tag == '\0' || strlen (tag) > 64)
    return FALSE;
  parts = g_strsplit (tag, "-", -1);

  /* language: 2 or 3 letters */
  if (!(strlen (parts[0]) == 2 || strlen (parts[0]) == 3) ||
      !all_chars (parts[0], strlen (parts[0]), is_alpha))
    return FALSE;
  i = 1;
  /* script: 4 letters */
  if (parts[i] != NULL && strlen (parts[i]) == 4 && all_chars (parts[i], 4, is_alpha))
    i++;
  /* region: 2 letters or 3 digits */
  if (parts[i] != NULL &&
      ((strlen (parts[i]) == 2 && all_chars (parts[i], 2, is_alpha)) ||
       (strlen (parts[i]) == 3 && all_chars (parts[i], 3, is_digit))))
    i++;
  /* variants: 5 to 8 alphanumerics, or a digit and 3 alphanumerics */
  for (; parts[i] != NULL; i++)
    {
      gsize len = strlen (parts[i]);

      if (!all_chars (parts[i], len, is_alnum))
        return FALSE;
      if (!((len >= 5 && len <= 8) || (len == 4 && g_ascii_isdigit (parts[i][0]))))
        return FALSE;
    }
  return TRUE;
}

char *
sc_locale_dup_icu_id (const char *tag)
{
  char id[ULOC_FULLNAME_CAPACITY] = "";
  UErrorCode status = U_ZERO_ERROR;
  int32_t parsed = 0;

  g_return_val_if_fail (tag != NULL, NULL);

  uloc_forLanguageTag (tag, id, sizeof id, &parsed, &status);
  if (U_FAILURE (status) || status == U_STRING_NOT_TERMINATED_WARNING ||
      parsed != (int32_t)strlen (tag))
    return NULL;
  return g_strdup (id);
}

gboolean
sc_locale_is_valid (const char *tag)
{
  g_autofree char *id = NULL;
  char country[ULOC_COUNTRY_CAPACITY] = "";
  UErrorCode status = U_ZERO_ERROR;

  if (!is_well_formed (tag))
    return FALSE;
  id = sc_locale_dup_icu_id (tag);
  if (id == NULL)
    return FALSE;
  /* Well-formed is not enough: "xq-DE" or "en-UK" are typos. ICU names the
   * ISO 639 languages and ISO 3166 regions it knows in three letters. */
  if (*uloc_getISO3Language (id) == '\0')
    return FALSE;
  uloc_getCountry (id, country, sizeof country, &status);
  if (U_FAILURE (status))
    return FALSE;
  if (*country != '\0' && *uloc_getISO3Country (id) == '\0' && !g_ascii_isdigit (*country))
    return FALSE;
  return TRUE;
}

char *
sc_locale_normalize (const char *tag)
{
  g_autofree char *id = NULL;
  char out[ULOC_FULLNAME_CAPACITY] = "";
  UErrorCode status = U_ZERO_ERROR;

  if (!sc_locale_is_valid (tag))
    return NULL;
  id = sc_locale_dup_icu_id (tag);
  uloc_toLanguageTag (id, out, sizeof out, TRUE, &status);
  if (U_FAILURE (status) || status == U_STRING_NOT_TERMINATED_WARNING)
    return NULL;
  return g_strdup (out);
}

char *
sc_locale_dup_from_environment (void)
{
  static const char * const variables[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    {
      const char *value = g_getenv (variables[i]);
      g_autofree char *tag = NULL;
      char *normal;

      if (value == NULL || *value == '\0')
        continue;
      /* The first one set decides, as for setlocale(): LC_ALL=C means C. */
      tag = g_strndup (value, strcspn (value, ".@"));
      g_strdelimit (tag, "_", '-');
      normal = sc_locale_normalize (tag);
      return normal != NULL ? normal : g_strdup (SC_LOCALE_FALLBACK);
    }
  return g_strdup (SC_LOCALE_FALLBACK);
}

char *
sc_locale_dup_language (const char *tag)
{
  g_return_val_if_fail (tag != NULL, NULL);

  return g_ascii_strdown (tag, strcspn (tag, "-_"));
}

GStrv
sc_locale_dup_gettext_names (const char *tag)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autofree char *id = sc_locale_dup_icu_id (tag);
  g_autofree char *language = sc_locale_dup_language (tag);
  char country[ULOC_COUNTRY_CAPACITY] = "";
  UErrorCode status = U_ZERO_ERROR;

  if (id != NULL)
    uloc_getCountry (id, country, sizeof country, &status);
  if (U_SUCCESS (status) && *country != '\0')
    {
      g_autofree char *name = g_strdup_printf ("%s_%s", language, country);

      g_strv_builder_add (names, name);
    }
  g_strv_builder_add (names, language);
  return g_strv_builder_end (names);
}
