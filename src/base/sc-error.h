/* sc-error.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The helper every parser wrote by hand: sets @error (when not NULL) to
 * "@prefix: @path: detail", leaving out a NULL @prefix or @path, and returns
 * FALSE so a parser can end with `return fail (…)`. The prefix names the file
 * or the request, the path the row ("shop.csv: row 3"). JSON documents
 * are read with ScJsonReader (sc-json-reader.h), which names JSON paths. */
gboolean sc_error_fail_at        (GError     **error,
                                  GQuark       domain,
                                  int          code,
                                  const char  *prefix,
                                  const char  *path,
                                  const char  *format,
                                  ...) G_GNUC_PRINTF (6, 7);
gboolean sc_error_fail_at_valist (GError     **error,
                                  GQuark       domain,
                                  int          code,
                                  const char  *prefix,
                                  const char  *path,
                                  const char  *format,
                                  va_list      args) G_GNUC_PRINTF (6, 0);

G_END_DECLS
