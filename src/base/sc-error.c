/* sc-error.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-error"

#include "config.h"

#include "sc-error.h"

gboolean
sc_error_fail_at_valist (GError     **error,
                         GQuark       domain,
                         int          code,
                         const char  *prefix,
                         const char  *path,
                         const char  *format,
                         va_list      args)
{
  g_autofree char *detail = NULL;

  if (error == NULL)
    return FALSE;
  g_return_val_if_fail (*error == NULL, FALSE);

  detail = g_strdup_vprintf (format, args);
  if (prefix != NULL && path != NULL)
    g_set_error (error, domain, code, "%s: %s: %s", prefix, path, detail);
  else if (prefix != NULL || path != NULL)
    g_set_error (error, domain, code, "%s: %s", prefix != NULL ? prefix : path, detail);
  else
    g_set_error_literal (error, domain, code, detail);
  return FALSE;
}

gboolean
sc_error_fail_at (GError     **error,
                  GQuark       domain,
                  int          code,
                  const char  *prefix,
                  const char  *path,
                  const char  *format,
                  ...)
{
  va_list args;

  va_start (args, format);
  sc_error_fail_at_valist (error, domain, code, prefix, path, format, args);
  va_end (args);
  return FALSE;
}
