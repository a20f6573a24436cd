/* sc-json-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A short description of a JSON value for error messages: `"abc"`, `42`,
 * `true`, `null`, "an object", "an array"; long strings are cut at 40
 * characters. */
char *sc_json_describe_node   (JsonNode   *node);

/* The text of a file written by people: 2-space indent, members in the order
 * they were added, `"name": value`, arrays of plain values on one line, and a
 * final newline. The same tree always gives the same bytes. */
char *sc_json_to_pretty_string (JsonNode  *node);

/* How a file named in a document is written back: relative to @base (the
 * document's folder) when it shares a folder below the root with it, else an
 * absolute path, or the URI of a non-local file (resource://). In the
 * sandbox, document paths are written as the host paths they stand for
 * (base/sc-file-access.h), relative to the host folder of @base. */
char *sc_json_file_to_text    (GFile      *file,
                               GFile      *base);

G_END_DECLS
