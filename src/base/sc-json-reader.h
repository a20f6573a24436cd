/* sc-json-reader.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Where secrets named by *_env members and missing from the environment are
 * looked up (the window's Secret Service); returns a new string or NULL. */
typedef char *(*ScSecretLookupFunc) (const char *name,
                                     gpointer    user_data);

/* Reads a JSON document written by people, member by member, with typed
 * getters that check what they read. Every error reads
 * "<name>: <JSON path>: <what is wrong>", in the error domain and codes the
 * caller picks. Errors are collected, not only the first: a getter that
 * fails records the error, leaves its value as it was and returns FALSE, so
 * a parser may go on with the next member and report everything wrong in
 * one go (shopcast --check).
 *
 * Absent and null members both mean "keep the default". */
typedef struct _ScJsonReader ScJsonReader;

ScJsonReader *sc_json_reader_new          (const char    *name,
                                           GQuark         domain,
                                           int            invalid_code,
                                           int            not_found_code);
void          sc_json_reader_free         (ScJsonReader  *self);
const char   *sc_json_reader_get_name     (ScJsonReader  *self);
/* Relative file names resolve against @base (the document's folder). */
void          sc_json_reader_set_base     (ScJsonReader  *self,
                                           GFile         *base);
GFile        *sc_json_reader_get_base     (ScJsonReader  *self);
void          sc_json_reader_set_secret_lookup (ScJsonReader       *self,
                                                ScSecretLookupFunc  func,
                                                gpointer            user_data);
/* Checking mode (shopcast --check): files the document names are opened,
 * not only looked up. */
void          sc_json_reader_set_open_files (ScJsonReader *self,
                                             gboolean      open_files);
gboolean      sc_json_reader_get_open_files (ScJsonReader *self);
/* With FALSE, errors say what kind of value was found ("got a string"),
 * never the value: for data written by others, such as chat lines. */
void          sc_json_reader_set_quote_values (ScJsonReader *self,
                                               gboolean      quote_values);
/* json-glib reads an integer beyond 64 bits as -1 and 1e400 as infinity;
 * this finds such numbers in the text the tree was parsed from, so errors
 * quote what was written and getters refuse them. */
void          sc_json_reader_note_literals (ScJsonReader *self,
                                            const char   *data,
                                            gssize        length);
/* For data read without a reader (webhook bodies): the path and text of a
 * number json-glib cannot hold (an integer beyond 64 bits, a float beyond a
 * double), or FALSE when there is none. Call it on data json-glib accepted. */
gboolean      sc_json_find_unreadable_number (const char  *data,
                                              gssize       length,
                                              char       **path,
                                              char       **text);

/* Errors. Each returns FALSE, for `return sc_json_reader_fail (...)`. A NULL
 * @path gives "<name>: <what is wrong>". */
gboolean      sc_json_reader_fail         (ScJsonReader  *self,
                                           int            code,
                                           const char    *path,
                                           const char    *format,
                                           ...) G_GNUC_PRINTF (4, 5);
gboolean      sc_json_reader_fail_invalid (ScJsonReader  *self,
                                           const char    *path,
                                           const char    *format,
                                           ...) G_GNUC_PRINTF (3, 4);
/* "<path>: expected <expected>, got <what @got is>" */
gboolean      sc_json_reader_fail_expected (ScJsonReader *self,
                                            const char   *path,
                                            const char   *expected,
                                            JsonNode     *got);
/* "<path>: expected <expected>, got nothing" */
gboolean      sc_json_reader_fail_missing (ScJsonReader  *self,
                                           const char    *path,
                                           const char    *expected);
/* How errors describe the value at @path: what was written. */
char         *sc_json_reader_describe     (ScJsonReader  *self,
                                           const char    *path,
                                           JsonNode      *node);
guint         sc_json_reader_get_n_errors (ScJsonReader  *self);
/* GError *, in the order they were found. */
GPtrArray    *sc_json_reader_get_errors   (ScJsonReader  *self);
/* TRUE when nothing failed; else sets @error to the first error. */
gboolean      sc_json_reader_propagate    (ScJsonReader  *self,
                                           GError       **error);

/* "$.a" + "b" = "$.a.b"; "$.a" + 3 = "$.a[3]" */
char         *sc_json_path_member         (const char    *parent,
                                           const char    *member);
char         *sc_json_path_index          (const char    *parent,
                                           guint          index);

/* The member, or NULL when absent or null. */
JsonNode     *sc_json_object_get_value    (JsonObject    *object,
                                           const char    *member);

gboolean sc_json_reader_check_members (ScJsonReader        *self,
                                       JsonObject          *object,
                                       const char          *path,
                                       const char * const  *allowed);
/* @node at @path must be an object; @expected says what it stands for. */
gboolean sc_json_reader_expect_object (ScJsonReader  *self,
                                       JsonNode      *node,
                                       const char    *path,
                                       const char    *expected,
                                       JsonObject   **value);
/* The getters leave *value as it was when the member is absent or null. */
gboolean sc_json_reader_get_object    (ScJsonReader  *self,
                                       JsonObject    *parent,
                                       const char    *parent_path,
                                       const char    *member,
                                       JsonObject   **value);
gboolean sc_json_reader_get_array     (ScJsonReader  *self,
                                       JsonObject    *parent,
                                       const char    *parent_path,
                                       const char    *member,
                                       JsonArray    **value);
/* A non-empty string, pointing into the tree. */
gboolean sc_json_reader_get_string    (ScJsonReader  *self,
                                       JsonObject    *parent,
                                       const char    *parent_path,
                                       const char    *member,
                                       const char   **value);
/* A non-empty string that must be there: absent or null fails too. */
gboolean sc_json_reader_require_string (ScJsonReader *self,
                                        JsonObject   *parent,
                                        const char   *parent_path,
                                        const char   *member,
                                        const char  **value);
/* A non-empty string, copied into *value (freeing what was there). */
gboolean sc_json_reader_dup_string    (ScJsonReader  *self,
                                       JsonObject    *parent,
                                       const char    *parent_path,
                                       const char    *member,
                                       char         **value);
gboolean sc_json_reader_get_bool      (ScJsonReader  *self,
                                       JsonObject    *parent,
                                       const char    *parent_path,
                                       const char    *member,
                                       gboolean      *value);
/* An integer written as one (30, not 30.0) from @min to @max. */
gboolean sc_json_reader_get_int       (ScJsonReader  *self,
                                       JsonObject    *parent,
                                       const char    *parent_path,
                                       const char    *member,
                                       gint64         min,
                                       gint64         max,
                                       const char    *expected,
                                       int           *value);
gboolean sc_json_reader_get_double    (ScJsonReader  *self,
                                       JsonObject    *parent,
                                       const char    *parent_path,
                                       const char    *member,
                                       double         min,
                                       double         max,
                                       const char    *expected,
                                       double        *value);
/* An array of non-empty strings; *value is replaced (NULL-terminated). */
gboolean sc_json_reader_get_string_list (ScJsonReader *self,
                                         JsonObject   *parent,
                                         const char   *parent_path,
                                         const char   *member,
                                         GStrv        *value);

/* The need_* getters are for answers from a server that always sends every
 * member it was asked for (GraphQL, REST): an absent member fails ("got
 * nothing"), and so does null unless @nullable, which gives NULL/FALSE. */
gboolean sc_json_reader_need_object   (ScJsonReader  *self,
                                       JsonObject    *parent,
                                       const char    *parent_path,
                                       const char    *member,
                                       gboolean       nullable,
                                       JsonObject   **value);
gboolean sc_json_reader_need_array    (ScJsonReader  *self,
                                       JsonObject    *parent,
                                       const char    *parent_path,
                                       const char    *member,
                                       JsonArray    **value);
/* Any string, empty too, pointing into the tree. */
gboolean sc_json_reader_need_string   (ScJsonReader  *self,
                                       JsonObject    *parent,
                                       const char    *parent_path,
                                       const char    *member,
                                       gboolean       nullable,
                                       const char   **value);
gboolean sc_json_reader_need_bool     (ScJsonReader  *self,
                                       JsonObject    *parent,
                                       const char    *parent_path,
                                       const char    *member,
                                       gboolean      *value);
/* An integer written as one, from @min to @max; *is_null (may be NULL)
 * tells null apart (then *value is 0). A count sent as 2.5 or "7" is
 * refused. A NULL @expected says "an integer" (", or null"). */
gboolean sc_json_reader_need_int64    (ScJsonReader  *self,
                                       JsonObject    *parent,
                                       const char    *parent_path,
                                       const char    *member,
                                       gboolean       nullable,
                                       gint64         min,
                                       gint64         max,
                                       const char    *expected,
                                       gint64        *value,
                                       gboolean      *is_null);
/* The same for a member that may be absent or null: *value is kept then. */
gboolean sc_json_reader_get_int64     (ScJsonReader  *self,
                                       JsonObject    *parent,
                                       const char    *parent_path,
                                       const char    *member,
                                       gint64         min,
                                       gint64         max,
                                       const char    *expected,
                                       gint64        *value);
/* A string where "" means "not filled in", as REST APIs write it: *value
 * is NULL for "", null or absent; absent and null fail when @required. */
gboolean sc_json_reader_get_text      (ScJsonReader  *self,
                                       JsonObject    *parent,
                                       const char    *parent_path,
                                       const char    *member,
                                       gboolean       required,
                                       const char   **value);
/* An ISO 8601 date and time; @zone is used for text without one (NULL:
 * local time). With @required the member must be there, else absent, null
 * and "" give NULL. */
gboolean sc_json_reader_get_date      (ScJsonReader  *self,
                                       JsonObject    *parent,
                                       const char    *parent_path,
                                       const char    *member,
                                       gboolean       required,
                                       GTimeZone     *zone,
                                       const char    *expected,
                                       GDateTime    **value);
/* An id sent as a non-empty string or a positive integer; either way it
 * comes back as text (the integer's digits), never through a double. */
gboolean sc_json_reader_need_id       (ScJsonReader  *self,
                                       JsonObject    *parent,
                                       const char    *parent_path,
                                       const char    *member,
                                       const char    *expected,
                                       char         **value,
                                       gboolean      *was_integer);
typedef enum {
  SC_JSON_DECIMAL_REQUIRED    = 0,
  SC_JSON_DECIMAL_NULLABLE    = 1 << 0,  /* null gives NULL */
  SC_JSON_DECIMAL_EMPTY_UNSET = 1 << 1,  /* "" gives NULL */
  SC_JSON_DECIMAL_OPTIONAL    = 1 << 2,  /* absent and null give NULL */
} ScJsonDecimalFlags;

/* A decimal number kept exactly as written, sent as a string ("19.90",
 * "-3", "0.5"): money is never read through a double, so a JSON number is
 * refused. Parse the text with sc_money_parse (). */
gboolean sc_json_reader_need_decimal  (ScJsonReader       *self,
                                       JsonObject         *parent,
                                       const char         *parent_path,
                                       const char         *member,
                                       ScJsonDecimalFlags  flags,
                                       const char         *expected,
                                       const char        **value);
/* What sc_json_reader_need_decimal() accepts: "19.90", "-3", "0.5". */
gboolean sc_json_is_decimal_text      (const char         *text);
/* The same, when @node at @path is the value (an array element). */
gboolean sc_json_reader_expect_array  (ScJsonReader  *self,
                                       JsonNode      *node,
                                       const char    *path,
                                       const char    *expected,
                                       JsonArray    **value);
/* Advice a caller may ignore (rate-limit hints): a number at @member, or
 * FALSE without recording any error. */
/* A string member, or NULL (no error) when @object is NULL or it is not one. */
const char *sc_json_peek_string       (JsonObject    *object,
                                       const char    *member);
/* An integer written as one, or FALSE (no error). */
gboolean sc_json_peek_int64           (JsonObject    *object,
                                       const char    *member,
                                       gint64        *value);
/* A numeric id as text: an integer (exact up to 2^63) or a string of
 * digits; NULL (no error) for anything else. */
char    *sc_json_peek_id              (JsonObject    *object,
                                       const char    *member);
gboolean sc_json_peek_number          (JsonObject    *object,
                                       const char    *member,
                                       double        *value);

/* "~/x", an absolute path, a URI (resource://, file://), or a path relative
 * to the base (the current folder without one). */
GFile   *sc_json_reader_resolve_file  (ScJsonReader  *self,
                                       const char    *text);
/* The file must exist (and open for reading in checking mode). */
gboolean sc_json_reader_check_file    (ScJsonReader  *self,
                                       GFile         *file,
                                       const char    *path);
/* @member names an environment variable holding a secret (the name is
 * copied to *name when given); the secret goes to *value. It must be set
 * and not empty when @required. The value itself is never echoed. */
gboolean sc_json_reader_resolve_secret (ScJsonReader  *self,
                                        JsonObject    *object,
                                        const char    *path,
                                        const char    *member,
                                        gboolean       required,
                                        char         **name,
                                        char         **value);
/* Letters, digits and "_", not starting with a digit. */
gboolean sc_json_is_env_name          (const char    *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScJsonReader, sc_json_reader_free)

G_END_DECLS
