/* fuzz-mo.c — a translation catalog (.mo) as the overlay reads it: loaded
 * with every offset checked, then looked up (singular, plural forms) and the
 * input's first line as a locale tag.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "base/sc-locale.h"
#include "base/sc-mo-file.h"

#include "sc-fuzz.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  sc_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char * const msgids[] = {
    "", "In stock", "Sold out", "Only %d left", "%u claimed", "Comment %1$s %2$s", "%d item",
  };
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScMoFile) mo = sc_mo_file_new_from_bytes (bytes, "fuzz.mo", &error);
  g_autofree char *text = sc_fuzz_strndup (data, MIN (size, 80));
  g_autofree char *tag = g_strndup (text, strcspn (text, "\n"));
  g_autofree char *normal = sc_locale_normalize (tag);

  if (normal != NULL)
    {
      g_auto(GStrv) names = sc_locale_dup_gettext_names (normal);

      g_assert (sc_locale_is_valid (normal) && names[0] != NULL);
    }

  if (mo == NULL)
    {
      g_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA));
      return 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (msgids); i++)
    {
      const char *found = sc_mo_file_lookup (mo, msgids[i]);

      if (found != NULL)
        g_assert (g_utf8_validate (found, -1, NULL));
      for (gulong n = 0; n < 3; n++)
        {
          found = sc_mo_file_lookup_plural (mo, msgids[i], msgids[i], n);
          if (found != NULL)
            g_assert (g_utf8_validate (found, -1, NULL));
        }
    }
  return 0;
}
