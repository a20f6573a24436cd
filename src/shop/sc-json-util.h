/* sc-json-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A short description of a JSON value for error messages: `"abc"`, `42`,
 * `true`, `null`, "an object", "an array"; long strings are cut at 40
 * characters. */
char *sc_json_describe_node (JsonNode *node);

G_END_DECLS
