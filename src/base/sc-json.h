/* sc-json.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deeper than this, data is refused before json-glib sees it: json-glib
 * recurses once per level, and ~75 KB of "[" overflows the stack. */
#define SC_JSON_MAX_DEPTH 64

#define SC_JSON_ERROR (sc_json_error_quark ())

typedef enum {
  SC_JSON_ERROR_EMPTY,
  SC_JSON_ERROR_TOO_DEEP,
  SC_JSON_ERROR_SYNTAX,
} ScJsonError;

GQuark    sc_json_error_quark (void);

/* The one way Shopcast parses JSON (files, HTTP answers, webhook bodies).
 * @length is in bytes, or -1 for NUL-terminated @data; @what names the data
 * at the start of every message ("catalog.json", "the answer"). NULL, empty
 * or blank data is SC_JSON_ERROR_EMPTY, nesting deeper than
 * SC_JSON_MAX_DEPTH is SC_JSON_ERROR_TOO_DEEP, anything json-glib refuses is
 * SC_JSON_ERROR_SYNTAX as "what:LINE:COLUMN: message". Returns the root. */
JsonNode *sc_json_parse       (const char  *data,
                               gssize       length,
                               const char  *what,
                               GError     **error);

/* The depth check alone (no parse), for callers that stream: FALSE with
 * SC_JSON_ERROR_TOO_DEEP when arrays and objects nest deeper than
 * @max_depth outside strings. */
gboolean  sc_json_check_depth (const char  *data,
                               gsize        length,
                               guint        max_depth,
                               const char  *what,
                               GError     **error);

G_END_DECLS
