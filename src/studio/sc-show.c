/* sc-show.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-show"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "chat/sc-chat-config.h"
#include "shop/sc-csv-catalog.h"
#include "shop/sc-json-util.h"
#include "shop/sc-shop-config.h"
#include "shop/sc-shop-error.h"
#include "sc-demo-resources.h"
#include "sc-show.h"

/* The format is documented field by field in docs/show-format.md; keep
 * the two in step. */

#define SHOW_FORMAT_VERSION 1
#define DEMO_SHOW_URI "resource:///io/github/shopcast/Shopcast/demo/demo.shopcast"

#define MIN_CANVAS_SIZE 64
#define MAX_CANVAS_WIDTH 3840
#define MAX_CANVAS_HEIGHT 2160

struct _ScShow
{
  GObject            parent_instance;

  char              *title;
  ScEncodingConfig   encoding;
  GPtrArray         *sources;         /* ScSourceConfig * */
  GPtrArray         *outputs;         /* ScOutputConfig * */
  ScLayoutKind       layout;
  ScBrandKit        *brand_kit;
  ScCatalog         *catalog;
  char              *pinned;          /* product id, or NULL */
  GStrv              rundown;         /* product ids, never NULL */
  guint              low_stock_threshold;
  gboolean           chat_visible;
  guint              chat_lines;
  gboolean           demo_chat;
  gboolean           recording_enabled;
  char              *recording_path;  /* absolute, or NULL for the default */
  ScRecordingFormat  recording_format;
  ScShopConfig      *shop;            /* NULL: the catalog file only, no sync */
  GPtrArray         *chat_sources;    /* ScChatConfig * */
  GStrv              blocked_words;   /* NULL when none */
  GStrv              blocked_authors;
  GStrv              claim_keywords;  /* NULL: the default keywords */
  GHashTable        *claim_codes;     /* product id -> code set in the show file */
};

G_DEFINE_FINAL_TYPE (ScShow, sc_show, G_TYPE_OBJECT)

G_DEFINE_QUARK (sc-show-error-quark, sc_show_error)

static void
sc_show_finalize (GObject *object)
{
  ScShow *self = (ScShow *)object;

  g_free (self->title);
  sc_encoding_config_clear (&self->encoding);
  g_ptr_array_unref (self->sources);
  g_ptr_array_unref (self->outputs);
  g_clear_pointer (&self->brand_kit, sc_brand_kit_free);
  g_clear_object (&self->catalog);
  g_free (self->pinned);
  g_strfreev (self->rundown);
  g_free (self->recording_path);

  sc_shop_config_free (self->shop);

  g_clear_pointer (&self->chat_sources, g_ptr_array_unref);
  g_strfreev (self->blocked_words);
  g_strfreev (self->blocked_authors);
  g_strfreev (self->claim_keywords);
  g_clear_pointer (&self->claim_codes, g_hash_table_unref);

  G_OBJECT_CLASS (sc_show_parent_class)->finalize (object);
}

static void
sc_show_class_init (ScShowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_show_finalize;
}

static void
sc_show_init (ScShow *self)
{
  sc_encoding_config_init_defaults (&self->encoding);
  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_source_config_free);
  self->outputs = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_output_config_free);
  self->layout = SC_LAYOUT_PIP;
  self->brand_kit = sc_brand_kit_new ();
  self->rundown = g_new0 (char *, 1);
  self->low_stock_threshold = 5;
  self->chat_visible = TRUE;
  self->chat_lines = 6;
  self->chat_sources = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_chat_config_free);
  self->claim_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->demo_chat = FALSE;
  self->recording_enabled = TRUE;
  self->recording_format = SC_RECORDING_MATROSKA;
}

static ScSecretLookupFunc secret_lookup;
static gpointer secret_lookup_data;

void
sc_show_set_secret_lookup (ScSecretLookupFunc func,
                           gpointer           user_data)
{
  secret_lookup = func;
  secret_lookup_data = user_data;
}

/* Parsing. Every error reads "<file>: <JSON path>: <what is wrong>". */

typedef struct {
  const char  *name;
  GFile       *base;
  GError     **error;
} Parser;

G_GNUC_PRINTF (4, 5)
static gboolean
fail (Parser      *parser,
      ScShowError  code,
      const char  *path,
      const char  *format,
      ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (parser->error, SC_SHOW_ERROR, code, "%s: %s: %s", parser->name, path, detail);
  return FALSE;
}

static gboolean
fail_expected (Parser     *parser,
               const char *path,
               const char *expected,
               JsonNode   *got)
{
  g_autofree char *described = sc_json_describe_node (got);

  return fail (parser, SC_SHOW_ERROR_INVALID, path, _("expected %s, got %s"),
               expected, described);
}

static gboolean
fail_missing (Parser     *parser,
              const char *path,
              const char *expected)
{
  return fail (parser, SC_SHOW_ERROR_INVALID, path, _("expected %s, got nothing"), expected);
}

static char *
member_path (const char *parent,
             const char *member)
{
  return g_strdup_printf ("%s.%s", parent, member);
}

/* Absent and null members both mean "use the default". */
static JsonNode *
get_member (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

static gboolean
check_members (Parser             *parser,
               JsonObject         *object,
               const char         *path,
               const char * const *allowed)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &member, &node))
    {
      if (!g_strv_contains (allowed, member))
        {
          g_autofree char *list = g_strjoinv (", ", (char **)allowed);
          g_autofree char *escaped = g_strescape (member, NULL);

          return fail (parser, SC_SHOW_ERROR_INVALID, path,
                       _("unknown member \"%s\" (expected one of %s)"), escaped, list);
        }
    }
  return TRUE;
}

static gboolean
get_object (Parser      *parser,
            JsonObject  *parent,
            const char  *parent_path,
            const char  *member,
            JsonObject **value)
{
  JsonNode *node = get_member (parent, member);

  *value = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *path = member_path (parent_path, member);
      return fail_expected (parser, path, _("an object"), node);
    }
  *value = json_node_get_object (node);
  return TRUE;
}

static gboolean
get_array (Parser      *parser,
           JsonObject  *parent,
           const char  *parent_path,
           const char  *member,
           JsonArray  **value)
{
  JsonNode *node = get_member (parent, member);

  *value = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *path = member_path (parent_path, member);
      return fail_expected (parser, path, _("an array"), node);
    }
  *value = json_node_get_array (node);
  return TRUE;
}

/* Leaves *value as it was (the default) when the member is absent. */
static gboolean
get_string (Parser      *parser,
            JsonObject  *parent,
            const char  *parent_path,
            const char  *member,
            const char **value)
{
  JsonNode *node = get_member (parent, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      json_node_get_string (node)[0] == '\0')
    {
      g_autofree char *path = member_path (parent_path, member);
      return fail_expected (parser, path, _("a non-empty string"), node);
    }
  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_bool (Parser     *parser,
          JsonObject *parent,
          const char *parent_path,
          const char *member,
          gboolean   *value)
{
  JsonNode *node = get_member (parent, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_autofree char *path = member_path (parent_path, member);
      return fail_expected (parser, path, _("true or false"), node);
    }
  *value = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_int (Parser     *parser,
         JsonObject *parent,
         const char *parent_path,
         const char *member,
         gint64      min,
         gint64      max,
         const char *expected,
         int        *value)
{
  JsonNode *node = get_member (parent, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < min || json_node_get_int (node) > max)
    {
      g_autofree char *path = member_path (parent_path, member);
      return fail_expected (parser, path, expected, node);
    }
  *value = (int)json_node_get_int (node);
  return TRUE;
}

static gboolean
get_double (Parser     *parser,
            JsonObject *parent,
            const char *parent_path,
            const char *member,
            double      min,
            double      max,
            const char *expected,
            double     *value)
{
  JsonNode *node = get_member (parent, member);
  GType type;
  double number;

  if (node == NULL)
    return TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64)
    number = (double)json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    number = json_node_get_double (node);
  else
    number = min - 1.0;
  if (!(number >= min && number <= max))
    {
      g_autofree char *path = member_path (parent_path, member);
      return fail_expected (parser, path, expected, node);
    }
  *value = number;
  return TRUE;
}

/* "~/x", an absolute path, a URI (resource://, file://), or a path
 * relative to the show's folder (the current folder without one). */
static GFile *
resolve_file (Parser     *parser,
              const char *text)
{
  if (g_str_has_prefix (text, "~/"))
    return g_file_new_build_filename (g_get_home_dir (), text + 2, NULL);
  if (g_path_is_absolute (text))
    return g_file_new_for_path (text);
  if (g_uri_peek_scheme (text) != NULL)
    return g_file_new_for_uri (text);
  if (parser->base != NULL)
    return g_file_resolve_relative_path (parser->base, text);
  return g_file_new_for_path (text);
}

static gboolean
check_exists (Parser     *parser,
              GFile      *file,
              const char *path)
{
  g_autofree char *parse_name = NULL;

  if (g_file_query_exists (file, NULL))
    return TRUE;
  parse_name = g_file_get_parse_name (file);
  return fail (parser, SC_SHOW_ERROR_NOT_FOUND, path, _("the file %s does not exist"),
               parse_name);
}

/* Paths for media/: a local path, or a URI for anything else (resources). */
static char *
file_to_path_or_uri (GFile *file)
{
  if (g_file_is_native (file))
    return g_file_get_path (file);
  return g_file_get_uri (file);
}

static gboolean
is_identifier (const char *text)
{
  if (text[0] == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static gboolean
parse_version (Parser     *parser,
               JsonObject *root)
{
  JsonNode *node = get_member (root, "version");
  g_autofree char *version = NULL;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 1)
    return fail_expected (parser, "$.version", "1", node);
  if (json_node_get_int (node) <= SHOW_FORMAT_VERSION)
    return TRUE;
  version = sc_json_describe_node (node);
  return fail (parser, SC_SHOW_ERROR_INVALID, "$.version",
               _("expected at most %d, got %s: the file was written for a newer Shopcast"),
               SHOW_FORMAT_VERSION, version);
}

static gboolean
check_canvas_size (Parser     *parser,
                   JsonObject *canvas,
                   const char *member,
                   int         max,
                   int        *value)
{
  g_autofree char *path = member_path ("$.canvas", member);
  g_autofree char *at_most = g_strdup_printf (_("at most %d"), max);
  g_autofree char *at_least = g_strdup_printf (_("at least %d"), MIN_CANVAS_SIZE);
  JsonNode *node = get_member (canvas, member);

  if (!get_int (parser, canvas, "$.canvas", member, 1, G_MAXINT, _("a positive integer"), value))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (*value > max)
    return fail_expected (parser, path, at_most, node);
  if (*value < MIN_CANVAS_SIZE)
    return fail_expected (parser, path, at_least, node);
  if (*value % 2 != 0)
    return fail_expected (parser, path, _("an even number (video encoders need even sizes)"),
                          node);
  return TRUE;
}

static gboolean
parse_canvas (Parser     *parser,
              JsonObject *root,
              ScShow     *self)
{
  static const char * const allowed[] = { "width", "height", "fps", NULL };
  JsonObject *canvas;

  if (!get_object (parser, root, "$", "canvas", &canvas))
    return FALSE;
  if (canvas == NULL)
    return TRUE;

  return check_members (parser, canvas, "$.canvas", allowed) &&
         check_canvas_size (parser, canvas, "width", MAX_CANVAS_WIDTH, &self->encoding.width) &&
         check_canvas_size (parser, canvas, "height", MAX_CANVAS_HEIGHT,
                            &self->encoding.height) &&
         get_int (parser, canvas, "$.canvas", "fps", 1, 60, _("an integer from 1 to 60"),
                  &self->encoding.fps);
}

static gboolean
get_element_name (Parser      *parser,
                  JsonObject  *object,
                  const char  *member,
                  char       **value)
{
  const char *name = NULL;

  if (!get_string (parser, object, "$.encoding", member, &name))
    return FALSE;
  if (name != NULL && !is_identifier (name))
    {
      g_autofree char *path = member_path ("$.encoding", member);
      return fail_expected (parser, path,
                            _("a GStreamer element name such as \"x264enc\", or null"),
                            json_object_get_member (object, member));
    }
  g_free (*value);
  *value = g_strdup (name);
  return TRUE;
}

static gboolean
parse_encoding (Parser     *parser,
                JsonObject *root,
                ScShow     *self)
{
  static const char * const allowed[] = {
    "video_bitrate_kbps", "audio_bitrate_kbps", "keyframe_interval_s", "video_encoder",
    "audio_encoder", NULL
  };
  JsonObject *encoding;

  if (!get_object (parser, root, "$", "encoding", &encoding))
    return FALSE;
  if (encoding == NULL)
    return TRUE;

  return check_members (parser, encoding, "$.encoding", allowed) &&
         get_int (parser, encoding, "$.encoding", "video_bitrate_kbps", 100, 50000,
                  _("an integer from 100 to 50000"), &self->encoding.video_bitrate_kbps) &&
         get_int (parser, encoding, "$.encoding", "audio_bitrate_kbps", 16, 512,
                  _("an integer from 16 to 512"), &self->encoding.audio_bitrate_kbps) &&
         get_int (parser, encoding, "$.encoding", "keyframe_interval_s", 1, 10,
                  _("an integer from 1 to 10"), &self->encoding.keyframe_interval_s) &&
         get_element_name (parser, encoding, "video_encoder", &self->encoding.video_encoder) &&
         get_element_name (parser, encoding, "audio_encoder", &self->encoding.audio_encoder);
}

/* videotestsrc's pattern nicks: a typo is caught here rather than as a
 * failed source once the show is live. */
static const char * const test_patterns[] = {
  "smpte", "snow", "black", "white", "red", "green", "blue", "checkers-1", "checkers-2",
  "checkers-4", "checkers-8", "circular", "blink", "smpte75", "zone-plate", "gamut",
  "chroma-zone-plate", "solid-color", "ball", "smpte100", "bar", "pinwheel", "spokes",
  "gradient", "colors", "smpte-rp-219", NULL
};

/* Which members each kind of source reads, beyond id, kind and label. */
static gboolean
source_member_applies (ScSourceKind  kind,
                       const char   *member)
{
  if (g_str_equal (member, "pattern"))
    return kind == SC_SOURCE_TEST_PATTERN;
  if (g_str_equal (member, "path"))
    return kind == SC_SOURCE_IMAGE;
  if (g_str_equal (member, "device"))
    return kind == SC_SOURCE_CAMERA || kind == SC_SOURCE_MICROPHONE;
  if (g_str_equal (member, "volume"))
    return kind == SC_SOURCE_MICROPHONE || kind == SC_SOURCE_TEST_TONE;
  if (g_str_equal (member, "frequency"))
    return kind == SC_SOURCE_TEST_TONE;
  return TRUE;
}

static char *
list_source_kinds (void)
{
  GString *list = g_string_new (NULL);

  for (guint kind = SC_SOURCE_TEST_PATTERN; kind <= SC_SOURCE_TEST_TONE; kind++)
    {
      if (list->len > 0)
        g_string_append (list, ", ");
      g_string_append (list, sc_source_kind_to_string (kind));
    }
  return g_string_free (list, FALSE);
}

static ScSourceConfig *
parse_source (Parser     *parser,
              JsonNode   *node,
              const char *path)
{
  static const char * const allowed[] = {
    "id", "kind", "label", "pattern", "path", "device", "volume", "frequency", NULL
  };
  g_autoptr(ScSourceConfig) source = NULL;
  JsonObject *object;
  JsonObjectIter iter;
  const char *member;
  JsonNode *member_node;
  JsonNode *kind_node;
  ScSourceKind kind;
  const char *id = NULL;
  const char *label = NULL;
  const char *pattern = NULL;
  const char *file_path = NULL;
  const char *device = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail_expected (parser, path, _("a source object"), node);
      return NULL;
    }
  object = json_node_get_object (node);
  if (!check_members (parser, object, path, allowed))
    return NULL;

  if (!get_string (parser, object, path, "id", &id))
    return NULL;
  if (id == NULL || !is_identifier (id))
    {
      g_autofree char *id_path = member_path (path, "id");
      const char *expected = _("an id made of letters, digits, \"-\" and \"_\"");

      if (id == NULL)
        fail_missing (parser, id_path, expected);
      else
        fail_expected (parser, id_path, expected, json_object_get_member (object, "id"));
      return NULL;
    }

  kind_node = get_member (object, "kind");
  if (kind_node == NULL || !JSON_NODE_HOLDS_VALUE (kind_node) ||
      json_node_get_value_type (kind_node) != G_TYPE_STRING ||
      !sc_source_kind_from_string (json_node_get_string (kind_node), &kind))
    {
      g_autofree char *kind_path = member_path (path, "kind");
      g_autofree char *kinds = list_source_kinds ();
      g_autofree char *expected = g_strdup_printf (_("one of %s"), kinds);

      if (kind_node == NULL)
        fail_missing (parser, kind_path, expected);
      else
        fail_expected (parser, kind_path, expected, kind_node);
      return NULL;
    }

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &member, &member_node))
    {
      if (!source_member_applies (kind, member))
        {
          g_autofree char *member_p = member_path (path, member);

          fail (parser, SC_SHOW_ERROR_INVALID, member_p, _("not used by %s sources"),
                sc_source_kind_to_string (kind));
          return NULL;
        }
    }

  source = sc_source_config_new (id, kind);
  if (!get_string (parser, object, path, "label", &label) ||
      !get_string (parser, object, path, "pattern", &pattern) ||
      !get_string (parser, object, path, "path", &file_path) ||
      !get_string (parser, object, path, "device", &device) ||
      !get_double (parser, object, path, "volume", 0.0, 4.0,
                   _("a number from 0 to 4 (1 leaves the level as it is)"), &source->volume) ||
      !get_double (parser, object, path, "frequency", 20.0, 20000.0,
                   _("a number of Hz from 20 to 20000"), &source->frequency))
    return NULL;

  source->label = g_strdup (label != NULL ? label : id);
  source->device = g_strdup (device);

  if (kind == SC_SOURCE_TEST_PATTERN)
    {
      if (pattern == NULL)
        pattern = "smpte";
      if (!g_strv_contains (test_patterns, pattern))
        {
          g_autofree char *pattern_path = member_path (path, "pattern");
          g_autofree char *patterns = g_strjoinv (", ", (char **)test_patterns);
          g_autofree char *expected = g_strdup_printf (_("one of %s"), patterns);

          fail_expected (parser, pattern_path, expected, json_object_get_member (object,
                                                                                 "pattern"));
          return NULL;
        }
      source->pattern = g_strdup (pattern);
    }

  if (kind == SC_SOURCE_IMAGE)
    {
      g_autofree char *file_member_path = member_path (path, "path");
      g_autoptr(GFile) file = NULL;

      if (file_path == NULL)
        {
          fail_missing (parser, file_member_path, _("the path of an image file"));
          return NULL;
        }
      file = resolve_file (parser, file_path);
      if (!check_exists (parser, file, file_member_path))
        return NULL;
      source->path = file_to_path_or_uri (file);
    }

  return g_steal_pointer (&source);
}

static gboolean
parse_sources (Parser     *parser,
               JsonObject *root,
               ScShow     *self)
{
  JsonArray *array;
  gboolean has_video = FALSE;

  if (!get_array (parser, root, "$", "sources", &array))
    return FALSE;

  if (array == NULL)
    {
      ScSourceConfig *host = sc_source_config_new ("host", SC_SOURCE_TEST_PATTERN);
      ScSourceConfig *mic = sc_source_config_new ("mic", SC_SOURCE_TEST_TONE);

      host->label = g_strdup (_("Host"));
      host->pattern = g_strdup ("smpte");
      mic->label = g_strdup (_("Microphone"));
      g_ptr_array_add (self->sources, host);
      g_ptr_array_add (self->sources, mic);
      return TRUE;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("$.sources[%u]", i);
      ScSourceConfig *source = parse_source (parser, json_array_get_element (array, i), path);

      if (source == NULL)
        return FALSE;

      for (guint j = 0; j < self->sources->len; j++)
        {
          ScSourceConfig *other = g_ptr_array_index (self->sources, j);

          if (g_str_equal (other->id, source->id))
            {
              g_autofree char *id_path = member_path (path, "id");

              fail (parser, SC_SHOW_ERROR_INVALID, id_path,
                    _("the id \"%s\" is already used by $.sources[%u]"), source->id, j);
              sc_source_config_free (source);
              return FALSE;
            }
        }

      has_video |= sc_source_kind_is_video (source->kind);
      g_ptr_array_add (self->sources, source);
    }

  if (!has_video)
    return fail (parser, SC_SHOW_ERROR_INVALID, "$.sources",
                 _("expected at least one video source (camera, screen, image or "
                   "test-pattern), got none"));
  return TRUE;
}

static gboolean
parse_layout (Parser     *parser,
              JsonObject *root,
              ScShow     *self)
{
  JsonNode *node = get_member (root, "layout");

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      !sc_layout_kind_from_string (json_node_get_string (node), &self->layout))
    {
      g_autoptr(GString) list = g_string_new (NULL);
      g_autofree char *expected = NULL;

      for (guint kind = SC_LAYOUT_SOLO; kind <= SC_LAYOUT_PRODUCT_FOCUS; kind++)
        {
          if (list->len > 0)
            g_string_append (list, ", ");
          g_string_append (list, sc_layout_kind_to_string (kind));
        }
      expected = g_strdup_printf (_("one of %s"), list->str);
      return fail_expected (parser, "$.layout", expected, node);
    }
  return TRUE;
}

static gboolean
get_color (Parser     *parser,
           JsonObject *brand,
           const char *member,
           ScColor    *color)
{
  const char *text = NULL;
  ScColor parsed;

  if (!get_string (parser, brand, "$.brand", member, &text))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!sc_color_parse (text, &parsed))
    {
      g_autofree char *path = member_path ("$.brand", member);
      return fail_expected (parser, path,
                            _("a colour such as \"#ffb000\" or \"#1e1e2ecc\" (with alpha)"),
                            json_object_get_member (brand, member));
    }
  *color = parsed;
  return TRUE;
}

static gboolean
parse_brand (Parser     *parser,
             JsonObject *root,
             ScShow     *self)
{
  static const char * const allowed[] = { "primary", "accent", "text", "font", "logo", NULL };
  ScBrandKit *kit = self->brand_kit;
  JsonObject *brand;
  const char *font = NULL;
  const char *logo = NULL;

  if (!get_object (parser, root, "$", "brand", &brand))
    return FALSE;
  if (brand == NULL)
    return TRUE;

  if (!check_members (parser, brand, "$.brand", allowed) ||
      !get_color (parser, brand, "primary", &kit->primary) ||
      !get_color (parser, brand, "accent", &kit->accent) ||
      !get_color (parser, brand, "text", &kit->text) ||
      !get_string (parser, brand, "$.brand", "font", &font) ||
      !get_string (parser, brand, "$.brand", "logo", &logo))
    return FALSE;

  if (font != NULL)
    {
      g_free (kit->font_family);
      kit->font_family = g_strdup (font);
    }

  if (logo != NULL)
    {
      g_autoptr(GFile) file = resolve_file (parser, logo);

      if (!check_exists (parser, file, "$.brand.logo"))
        return FALSE;
      g_free (kit->logo_uri);
      kit->logo_uri = g_file_get_uri (file);
    }
  else if (json_object_has_member (brand, "logo"))
    g_clear_pointer (&kit->logo_uri, g_free);

  return TRUE;
}

/* A product named by id or SKU; returns its id. */
static const char *
find_product (Parser     *parser,
              ScShow     *self,
              const char *path,
              JsonNode   *node)
{
  ScProduct *product;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      fail_expected (parser, path, _("a product id or SKU"), node);
      return NULL;
    }
  product = sc_catalog_lookup (self->catalog, json_node_get_string (node));
  /* A shop's catalog arrives when the show starts: its ids are checked then. */
  if (product == NULL && self->shop != NULL && self->shop->kind != SC_SHOP_KIND_LOCAL)
    return json_node_get_string (node);
  if (product == NULL)
    {
      g_autofree char *described = sc_json_describe_node (node);

      fail (parser, SC_SHOW_ERROR_INVALID, path,
            _("expected the id or SKU of a product in $.products.file, got %s, "
              "which is not in the catalog"), described);
      return NULL;
    }
  return sc_product_get_id (product);
}

static gboolean
load_catalog (Parser     *parser,
              JsonObject *products,
              ScShow     *self)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFile) file = NULL;
  const char *file_name = NULL;

  if (products != NULL && !get_string (parser, products, "$.products", "file", &file_name))
    return FALSE;

  if (file_name == NULL)
    {
      if (self->shop != NULL && self->shop->kind == SC_SHOP_KIND_LOCAL)
        return fail_missing (parser, "$.products.file",
                             _("the catalog file a \"local\" shop reads"));
      self->catalog = sc_catalog_new ();
      return TRUE;
    }

  file = resolve_file (parser, file_name);
  /* A spreadsheet export, for shops without an online store. */
  if (g_str_has_suffix (file_name, ".csv") || g_str_has_suffix (file_name, ".CSV"))
    self->catalog = sc_csv_catalog_load (file, self->shop ? self->shop->currency : "USD",
                                         &local_error);
  else
    self->catalog = sc_catalog_new_from_file (file, &local_error);
  if (self->catalog != NULL)
    {
      /* A local shop re-reads this same file to follow its stock. */
      if (self->shop != NULL && self->shop->kind == SC_SHOP_KIND_LOCAL)
        self->shop->file = file_to_path_or_uri (file);
      return TRUE;
    }

  /* The catalog's own message names its file and JSON path. */
  if (g_error_matches (local_error, SC_SHOP_ERROR, SC_SHOP_ERROR_NOT_FOUND))
    return check_exists (parser, file, "$.products.file") &&
           fail (parser, SC_SHOW_ERROR_NOT_FOUND, "$.products.file", "%s", local_error->message);
  return fail (parser, SC_SHOW_ERROR_INVALID, "$.products.file", "%s", local_error->message);
}

static gboolean
parse_products (Parser     *parser,
                JsonObject *root,
                ScShow     *self)
{
  static const char * const allowed[] = {
    "file", "pinned", "rundown", "low_stock_threshold", "claim_codes", NULL
  };
  JsonObject *claim_codes = NULL;
  JsonObject *products;
  JsonArray *rundown = NULL;
  JsonNode *pinned;
  int threshold = (int)self->low_stock_threshold;

  if (!get_object (parser, root, "$", "products", &products))
    return FALSE;
  if (products != NULL && !check_members (parser, products, "$.products", allowed))
    return FALSE;
  if (!load_catalog (parser, products, self))
    return FALSE;
  if (products == NULL)
    return TRUE;

  if (!get_int (parser, products, "$.products", "low_stock_threshold", 0, G_MAXINT,
                _("a whole number of items, at least 0"), &threshold))
    return FALSE;
  self->low_stock_threshold = (guint)threshold;

  pinned = get_member (products, "pinned");
  if (pinned != NULL)
    {
      const char *id = find_product (parser, self, "$.products.pinned", pinned);

      if (id == NULL)
        return FALSE;
      self->pinned = g_strdup (id);
    }

  /* Codes the host chose ("comment SOLD M1"), before the automatic A1, A2, … */
  if (!get_object (parser, products, "$.products", "claim_codes", &claim_codes))
    return FALSE;
  if (claim_codes != NULL)
    {
      g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GList) members = json_object_get_members (claim_codes);

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *path = g_strdup_printf ("$.products.claim_codes.%s",
                                                   (const char *)l->data);
          JsonNode *code = json_object_get_member (claim_codes, l->data);
          g_autoptr(JsonNode) key = json_node_init_string (json_node_alloc (), l->data);
          const char *id = find_product (parser, self, path, key);
          const char *text;

          if (id == NULL)
            return FALSE;
          if (!JSON_NODE_HOLDS_VALUE (code) || json_node_get_value_type (code) != G_TYPE_STRING ||
              !g_regex_match_simple ("^[A-Za-z][0-9]{1,3}$", json_node_get_string (code), 0, 0))
            return fail_expected (parser, path, _("a code of a letter and 1 to 3 digits, "
                                                  "such as \"A1\""), code);
          text = json_node_get_string (code);
          if (!g_hash_table_add (seen, g_ascii_strup (text, -1)))
            return fail (parser, SC_SHOW_ERROR_INVALID, path,
                         _("the code %s is given to two products"), text);
          /* Applied with the automatic codes once the whole file is read. */
          g_hash_table_insert (self->claim_codes, g_strdup (id), g_ascii_strup (text, -1));
        }
    }

  if (!get_array (parser, products, "$.products", "rundown", &rundown))
    return FALSE;
  if (rundown != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; i < json_array_get_length (rundown); i++)
        {
          g_autofree char *path = g_strdup_printf ("$.products.rundown[%u]", i);
          const char *id = find_product (parser, self, path, json_array_get_element (rundown, i));

          if (id == NULL)
            return FALSE;
          g_strv_builder_add (builder, id);
        }
      g_strfreev (self->rundown);
      self->rundown = g_strv_builder_end (builder);
    }

  return TRUE;
}

static gboolean resolve_secret (Parser      *parser,
                                JsonObject  *object,
                                const char  *path,
                                const char  *member,
                                gboolean     required,
                                char       **value);

/* An array of non-empty strings, or absent. */
static gboolean
get_string_list (Parser      *parser,
                 JsonObject  *parent,
                 const char  *parent_path,
                 const char  *member,
                 GStrv       *value)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array = NULL;

  if (!get_array (parser, parent, parent_path, member, &array))
    return FALSE;
  if (array == NULL)
    return TRUE;
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          json_node_get_string (node)[0] == '\0')
        {
          g_autofree char *path = g_strdup_printf ("%s.%s[%u]", parent_path, member, i);
          return fail_expected (parser, path, _("a non-empty string"), node);
        }
      g_strv_builder_add (builder, json_node_get_string (node));
    }
  g_strfreev (*value);
  *value = g_strv_builder_end (builder);
  return TRUE;
}

static ScChatConfig *
parse_chat_source (Parser     *parser,
                   JsonNode   *node,
                   const char *path)
{
  static const char * const twitch_allowed[] = {
    "platform", "channel", "url", "nick", "token_env", NULL
  };
  static const char * const youtube_allowed[] = {
    "platform", "live_chat_id", "url", "api_key_env", "oauth_token_env", "min_poll_s", NULL
  };
  g_autoptr(ScChatConfig) config = NULL;
  g_autofree char *platform_path = member_path (path, "platform");
  JsonObject *object;
  const char *platform = NULL;
  const char *url = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail_expected (parser, path, _("a chat source object"), node);
      return NULL;
    }
  object = json_node_get_object (node);
  if (!get_string (parser, object, path, "platform", &platform))
    return NULL;
  if (platform == NULL)
    {
      fail_missing (parser, platform_path, _("\"twitch\" or \"youtube\""));
      return NULL;
    }

  if (g_str_equal (platform, "twitch"))
    {
      const char *channel = NULL;
      const char *nick = NULL;

      config = sc_chat_config_new (SC_CHAT_KIND_TWITCH);
      if (!check_members (parser, object, path, twitch_allowed) ||
          !get_string (parser, object, path, "channel", &channel) ||
          !get_string (parser, object, path, "nick", &nick) ||
          !get_string (parser, object, path, "url", &url))
        return NULL;
      if (channel == NULL)
        {
          g_autofree char *channel_path = member_path (path, "channel");
          fail_missing (parser, channel_path, _("the Twitch channel name"));
          return NULL;
        }
      config->channel = g_ascii_strdown (channel[0] == '#' ? channel + 1 : channel, -1);
      config->nick = g_strdup (nick);
      /* Without a token the chat is read anonymously, which Twitch allows. */
      if (json_object_has_member (object, "token_env") &&
          !resolve_secret (parser, object, path, "token_env", TRUE, &config->token))
        return NULL;
    }
  else if (g_str_equal (platform, "youtube"))
    {
      const char *live_chat_id = NULL;

      config = sc_chat_config_new (SC_CHAT_KIND_YOUTUBE);
      if (!check_members (parser, object, path, youtube_allowed) ||
          !get_string (parser, object, path, "live_chat_id", &live_chat_id) ||
          !get_string (parser, object, path, "url", &url) ||
          !get_double (parser, object, path, "min_poll_s", 0.1, 3600,
                       _("seconds between 0.1 and 3600"), &config->min_poll_s))
        return NULL;
      if (live_chat_id == NULL)
        {
          g_autofree char *id_path = member_path (path, "live_chat_id");
          fail_missing (parser, id_path, _("the live chat id of the broadcast"));
          return NULL;
        }
      config->live_chat_id = g_strdup (live_chat_id);
      if (json_object_has_member (object, "oauth_token_env"))
        {
          if (!resolve_secret (parser, object, path, "oauth_token_env", TRUE,
                               &config->oauth_token))
            return NULL;
        }
      else if (!resolve_secret (parser, object, path, "api_key_env", TRUE, &config->api_key))
        return NULL;
    }
  else
    {
      fail_expected (parser, platform_path, _("\"twitch\" or \"youtube\""),
                     json_object_get_member (object, "platform"));
      return NULL;
    }

  if (url != NULL)
    {
      g_free (config->url);
      config->url = g_strdup (url);
    }
  return g_steal_pointer (&config);
}

static gboolean
parse_chat (Parser     *parser,
            JsonObject *root,
            ScShow     *self)
{
  static const char * const allowed[] = {
    "demo", "visible", "lines", "sources", "blocked_words", "blocked_authors",
    "claim_keywords", NULL
  };
  JsonObject *chat;
  JsonArray *sources = NULL;
  int lines = (int)self->chat_lines;

  if (!get_object (parser, root, "$", "chat", &chat))
    return FALSE;
  if (chat == NULL)
    return TRUE;

  if (!check_members (parser, chat, "$.chat", allowed) ||
      !get_bool (parser, chat, "$.chat", "demo", &self->demo_chat) ||
      !get_bool (parser, chat, "$.chat", "visible", &self->chat_visible) ||
      !get_int (parser, chat, "$.chat", "lines", 1, 20, _("an integer from 1 to 20"), &lines) ||
      !get_string_list (parser, chat, "$.chat", "blocked_words", &self->blocked_words) ||
      !get_string_list (parser, chat, "$.chat", "blocked_authors", &self->blocked_authors) ||
      !get_string_list (parser, chat, "$.chat", "claim_keywords", &self->claim_keywords) ||
      !get_array (parser, chat, "$.chat", "sources", &sources))
    return FALSE;
  self->chat_lines = (guint)lines;

  for (guint i = 0; sources != NULL && i < json_array_get_length (sources); i++)
    {
      g_autofree char *path = g_strdup_printf ("$.chat.sources[%u]", i);
      ScChatConfig *config = parse_chat_source (parser, json_array_get_element (sources, i),
                                                path);

      if (config == NULL)
        return FALSE;
      g_ptr_array_add (self->chat_sources, config);
    }
  return TRUE;
}

/* Messages about URLs show them redacted: a URL may carry the key. */
static gboolean
check_rtmp_url (Parser     *parser,
                const char *path,
                const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *redacted = sc_redact_url (url);
  const char *uri_path;

  if (g_ascii_strncasecmp (url, "rtmp://", 7) != 0 &&
      g_ascii_strncasecmp (url, "rtmps://", 8) != 0)
    return fail (parser, SC_SHOW_ERROR_INVALID, path,
                 _("expected an rtmp:// or rtmps:// URL, got \"%s\""), redacted);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    return fail (parser, SC_SHOW_ERROR_INVALID, path,
                 _("expected an rtmp:// or rtmps:// URL with a host name, got \"%s\""),
                 redacted);

  uri_path = g_uri_get_path (uri);
  if (uri_path == NULL || uri_path[0] == '\0' || g_str_equal (uri_path, "/"))
    return fail (parser, SC_SHOW_ERROR_INVALID, path,
                 _("expected an RTMP URL with an application, such as "
                   "rtmp://a.rtmp.youtube.com/live2, got \"%s\""), redacted);
  return TRUE;
}

static gboolean
is_env_name (const char *name)
{
  if (!g_ascii_isalpha (name[0]) && name[0] != '_')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

/* @member names an environment variable holding a secret; it must be set
 * (and not empty) when @required. The value itself is never echoed. */
static gboolean
resolve_secret (Parser      *parser,
                JsonObject  *object,
                const char  *path,
                const char  *member,
                gboolean     required,
                char       **value)
{
  g_autofree char *member_name_path = member_path (path, member);
  const char *name = NULL;
  const char *secret;

  if (!get_string (parser, object, path, member, &name))
    return FALSE;
  if (name == NULL)
    {
      if (required)
        return fail_missing (parser, member_name_path,
                             _("the name of an environment variable holding the secret"));
      return TRUE;
    }
  if (!is_env_name (name))
    return fail_expected (parser, member_name_path,
                          _("the name of an environment variable such as "
                            "\"SHOPCAST_KEY_YOUTUBE\""),
                          json_object_get_member (object, member));
  secret = g_getenv (name);
  if (secret == NULL && secret_lookup != NULL)
    {
      /* The window keeps secrets in the Secret Service under the same name. */
      char *stored = secret_lookup (name, secret_lookup_data);

      if (stored != NULL)
        {
          g_free (*value);
          *value = stored;
          return TRUE;
        }
    }
  /* Something that is not started (a disabled output) needs no secret to load. */
  if (required && secret == NULL && secret_lookup != NULL)
    return fail (parser, SC_SHOW_ERROR_INVALID, member_name_path,
                 _("environment variable %s is not set, and the Secret Service has no "
                   "secret under that name (shopcast --store-secret %s)"), name, name);
  if (required && secret == NULL)
    return fail (parser, SC_SHOW_ERROR_INVALID, member_name_path,
                 _("environment variable %s is not set"), name);
  if (required && secret[0] == '\0')
    return fail (parser, SC_SHOW_ERROR_INVALID, member_name_path,
                 _("environment variable %s is empty"), name);
  g_free (*value);
  *value = g_strdup (secret);
  return TRUE;
}

static ScOutputConfig *
parse_output (Parser     *parser,
              JsonNode   *node,
              const char *path,
              guint       index)
{
  static const char * const allowed[] = { "name", "url", "key_env", "enabled", NULL };
  g_autoptr(ScOutputConfig) output = NULL;
  g_autofree char *default_name = NULL;
  g_autofree char *url_path = member_path (path, "url");
  JsonObject *object;
  JsonNode *url_node;
  const char *name = NULL;
  gboolean enabled = TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail_expected (parser, path, _("an output object"), node);
      return NULL;
    }
  object = json_node_get_object (node);

  /* Named, not echoed: the value is a secret that must leave the file. */
  if (json_object_has_member (object, "key") || json_object_has_member (object, "stream_key"))
    {
      g_autofree char *key_path =
        member_path (path, json_object_has_member (object, "key") ? "key" : "stream_key");

      fail (parser, SC_SHOW_ERROR_INVALID, key_path,
            _("stream keys never go in the show file: put the key in an environment "
              "variable and name that variable in \"key_env\""));
      return NULL;
    }
  if (!check_members (parser, object, path, allowed))
    return NULL;

  /* The URL is checked by hand: get_string() would echo it unredacted. */
  url_node = get_member (object, "url");
  if (url_node == NULL)
    {
      fail_missing (parser, url_path, _("an rtmp:// or rtmps:// URL"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (url_node) || json_node_get_value_type (url_node) != G_TYPE_STRING)
    {
      fail_expected (parser, url_path, _("an rtmp:// or rtmps:// URL"), url_node);
      return NULL;
    }
  if (!check_rtmp_url (parser, url_path, json_node_get_string (url_node)))
    return NULL;

  default_name = g_strdup_printf (_("Output %u"), index + 1);
  name = default_name;
  if (!get_string (parser, object, path, "name", &name) ||
      !get_bool (parser, object, path, "enabled", &enabled))
    return NULL;

  output = sc_output_config_new (name, json_node_get_string (url_node));
  output->enabled = enabled;

  if (json_object_has_member (object, "key_env") &&
      !resolve_secret (parser, object, path, "key_env", enabled, &output->key))
    return NULL;

  return g_steal_pointer (&output);
}

static gboolean
parse_outputs (Parser     *parser,
               JsonObject *root,
               ScShow     *self)
{
  JsonArray *array;

  if (!get_array (parser, root, "$", "outputs", &array))
    return FALSE;
  if (array == NULL)
    return TRUE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("$.outputs[%u]", i);
      ScOutputConfig *output = parse_output (parser, json_array_get_element (array, i), path, i);

      if (output == NULL)
        return FALSE;

      /* Events and the UI tell outputs apart by name. */
      for (guint j = 0; j < self->outputs->len; j++)
        {
          ScOutputConfig *other = g_ptr_array_index (self->outputs, j);

          if (g_str_equal (other->name, output->name))
            {
              g_autofree char *name_path = member_path (path, "name");
              g_autofree char *escaped = g_strescape (output->name, NULL);

              fail (parser, SC_SHOW_ERROR_INVALID, name_path,
                    _("the name \"%s\" is already used by $.outputs[%u]"), escaped, j);
              sc_output_config_free (output);
              return FALSE;
            }
        }
      g_ptr_array_add (self->outputs, output);
    }
  return TRUE;
}

static gboolean
parse_recording (Parser     *parser,
                 JsonObject *root,
                 ScShow     *self)
{
  static const char * const allowed[] = { "enabled", "path", "format", NULL };
  JsonObject *recording;
  JsonNode *format;
  const char *path = NULL;

  if (!get_object (parser, root, "$", "recording", &recording))
    return FALSE;
  if (recording == NULL)
    return TRUE;

  if (!check_members (parser, recording, "$.recording", allowed) ||
      !get_bool (parser, recording, "$.recording", "enabled", &self->recording_enabled) ||
      !get_string (parser, recording, "$.recording", "path", &path))
    return FALSE;

  if (path != NULL)
    {
      g_autoptr(GFile) file = resolve_file (parser, path);

      if (!g_file_is_native (file))
        {
          fail_expected (parser, "$.recording.path", _("a local file path"),
                         json_object_get_member (recording, "path"));
          return FALSE;
        }
      self->recording_path = g_file_get_path (file);
    }

  format = get_member (recording, "format");
  if (format != NULL)
    {
      const char *text = NULL;

      if (JSON_NODE_HOLDS_VALUE (format) && json_node_get_value_type (format) == G_TYPE_STRING)
        text = json_node_get_string (format);
      if (g_strcmp0 (text, "matroska") == 0)
        self->recording_format = SC_RECORDING_MATROSKA;
      else if (g_strcmp0 (text, "mp4") == 0)
        self->recording_format = SC_RECORDING_MP4;
      else
        return fail_expected (parser, "$.recording.format", _("\"matroska\" or \"mp4\""), format);
    }
  return TRUE;
}

static gboolean
parse_reconnect (Parser     *parser,
                 JsonObject *root,
                 ScShow     *self)
{
  static const char * const allowed[] = {
    "initial_delay_s", "factor", "max_delay_s", "max_retries", NULL
  };
  ScEncodingConfig *encoding = &self->encoding;
  JsonObject *reconnect;

  if (!get_object (parser, root, "$", "reconnect", &reconnect))
    return FALSE;
  if (reconnect == NULL)
    return TRUE;

  if (!check_members (parser, reconnect, "$.reconnect", allowed) ||
      !get_double (parser, reconnect, "$.reconnect", "initial_delay_s", 0.1, 3600.0,
                   _("a number of seconds from 0.1 to 3600"), &encoding->reconnect_initial_s) ||
      !get_double (parser, reconnect, "$.reconnect", "factor", 1.0, 10.0,
                   _("a number from 1 to 10"), &encoding->reconnect_factor) ||
      !get_double (parser, reconnect, "$.reconnect", "max_delay_s", 0.1, 86400.0,
                   _("a number of seconds from 0.1 to 86400"),
                   &encoding->reconnect_max_delay_s) ||
      !get_int (parser, reconnect, "$.reconnect", "max_retries", -1, G_MAXINT,
                _("a whole number of retries, or -1 to retry forever"),
                &encoding->reconnect_max_retries))
    return FALSE;

  if (encoding->reconnect_max_delay_s < encoding->reconnect_initial_s)
    {
      g_autofree char *expected = NULL;
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      expected = g_strdup_printf (_("at least initial_delay_s (%s)"),
                                  g_ascii_formatd (buf, sizeof buf, "%g",
                                                   encoding->reconnect_initial_s));
      return fail_expected (parser, "$.reconnect.max_delay_s", expected,
                            json_object_get_member (reconnect, "max_delay_s"));
    }
  return TRUE;
}

static gboolean
check_shop_url (Parser     *parser,
                const char *path,
                const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;
  const char *host = uri ? g_uri_get_host (uri) : NULL;
  gboolean loopback = g_strcmp0 (host, "localhost") == 0 || g_strcmp0 (host, "::1") == 0 ||
                      g_str_has_prefix (host ? host : "", "127.");

  if (uri == NULL || host == NULL || host[0] == '\0' ||
      (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0))
    return fail (parser, SC_SHOW_ERROR_INVALID, path,
                 _("expected the shop’s https:// address, got “%s”"), url);
  /* Tokens travel in headers: plain http only where nothing leaves the machine. */
  if (g_strcmp0 (scheme, "http") == 0 && !loopback)
    return fail (parser, SC_SHOW_ERROR_INVALID, path,
                 _("expected an https:// address: plain http is only allowed to this "
                   "computer (127.0.0.1, ::1, localhost), got “%s”"), url);
  return TRUE;
}

static gboolean
parse_shop (Parser     *parser,
            JsonObject *root,
            ScShow     *self)
{
  static const char * const allowed[] = {
    "provider", "url", "api_version", "token_env", "key_env", "secret_env", "currency",
    "refresh_s", "full_refresh_s", "timeout_s", "max_retries", "cache", "webhook", NULL
  };
  static const char * const webhook_allowed[] = { "port", "secret_env", NULL };
  g_autoptr(ScShopConfig) shop = NULL;
  JsonObject *object;
  JsonObject *webhook = NULL;
  const char *provider = NULL;
  const char *url = NULL;
  const char *api_version = NULL;
  const char *currency = NULL;
  int max_retries;
  int port = 0;
  ScShopKind kind;

  if (!get_object (parser, root, "$", "shop", &object))
    return FALSE;
  if (object == NULL)
    return TRUE;
  if (!check_members (parser, object, "$.shop", allowed) ||
      !get_string (parser, object, "$.shop", "provider", &provider))
    return FALSE;
  if (provider == NULL)
    return fail_missing (parser, "$.shop.provider", _("\"shopify\", \"woocommerce\" or \"local\""));
  if (g_str_equal (provider, "shopify"))
    kind = SC_SHOP_KIND_SHOPIFY;
  else if (g_str_equal (provider, "woocommerce"))
    kind = SC_SHOP_KIND_WOOCOMMERCE;
  else if (g_str_equal (provider, "local"))
    kind = SC_SHOP_KIND_LOCAL;
  else
    return fail_expected (parser, "$.shop.provider",
                          _("\"shopify\", \"woocommerce\" or \"local\""),
                          json_object_get_member (object, "provider"));

  shop = sc_shop_config_new (kind);
  max_retries = (int)shop->max_retries;
  if (!get_string (parser, object, "$.shop", "url", &url) ||
      !get_string (parser, object, "$.shop", "api_version", &api_version) ||
      !get_string (parser, object, "$.shop", "currency", &currency) ||
      !get_double (parser, object, "$.shop", "refresh_s", 0.1, 3600,
                   _("seconds between 0.1 and 3600"), &shop->refresh_s) ||
      !get_double (parser, object, "$.shop", "full_refresh_s", 1, 86400,
                   _("seconds between 1 and 86400"), &shop->full_refresh_s) ||
      !get_double (parser, object, "$.shop", "timeout_s", 0.1, 600,
                   _("seconds between 0.1 and 600"), &shop->timeout_s) ||
      !get_int (parser, object, "$.shop", "max_retries", 0, 100,
                _("a whole number from 0 to 100"), &max_retries) ||
      !get_bool (parser, object, "$.shop", "cache", &shop->cache))
    return FALSE;
  shop->max_retries = (guint)max_retries;

  if (kind != SC_SHOP_KIND_LOCAL)
    {
      if (url == NULL)
        return fail_missing (parser, "$.shop.url", _("the shop’s https:// address"));
      if (!check_shop_url (parser, "$.shop.url", url))
        return FALSE;
      shop->url = g_strdup (url);
    }
  if (api_version != NULL)
    {
      g_free (shop->api_version);
      shop->api_version = g_strdup (api_version);
    }
  if (currency != NULL)
    {
      g_free (shop->currency);
      shop->currency = g_strdup (currency);
    }
  if (kind == SC_SHOP_KIND_SHOPIFY &&
      !resolve_secret (parser, object, "$.shop", "token_env", TRUE, &shop->token))
    return FALSE;
  if (kind == SC_SHOP_KIND_WOOCOMMERCE &&
      (!resolve_secret (parser, object, "$.shop", "key_env", TRUE, &shop->consumer_key) ||
       !resolve_secret (parser, object, "$.shop", "secret_env", TRUE, &shop->consumer_secret)))
    return FALSE;

  if (!get_object (parser, object, "$.shop", "webhook", &webhook))
    return FALSE;
  if (webhook != NULL)
    {
      if (!check_members (parser, webhook, "$.shop.webhook", webhook_allowed) ||
          !get_int (parser, webhook, "$.shop.webhook", "port", 1, 65535,
                    _("a TCP port from 1 to 65535"), &port))
        return FALSE;
      if (port == 0)
        return fail_missing (parser, "$.shop.webhook.port", _("a TCP port from 1 to 65535"));
      if (!resolve_secret (parser, webhook, "$.shop.webhook", "secret_env", TRUE,
                           &shop->webhook_secret))
        return FALSE;
      shop->webhook_port = port;
    }

  self->shop = g_steal_pointer (&shop);
  return TRUE;
}

static char *
title_from_name (const char *name)
{
  if (g_str_has_suffix (name, ".shopcast") && strlen (name) > strlen (".shopcast"))
    return g_strndup (name, strlen (name) - strlen (".shopcast"));
  return g_strdup (name);
}

static gboolean
parse_show (Parser   *parser,
            JsonNode *root,
            ScShow   *self)
{
  static const char * const allowed[] = {
    "version", "title", "canvas", "encoding", "sources", "layout", "brand", "shop", "products",
    "chat", "outputs", "recording", "reconnect", NULL
  };
  JsonObject *object;
  const char *title = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return fail_expected (parser, "$", _("an object"), root);
  object = json_node_get_object (root);

  /* The version first: a newer file's new members are not typos. */
  if (!parse_version (parser, object) ||
      !check_members (parser, object, "$", allowed) ||
      !get_string (parser, object, "$", "title", &title) ||
      !parse_canvas (parser, object, self) ||
      !parse_encoding (parser, object, self) ||
      !parse_sources (parser, object, self) ||
      !parse_layout (parser, object, self) ||
      !parse_brand (parser, object, self) ||
      !parse_shop (parser, object, self) ||
      !parse_products (parser, object, self) ||
      !parse_chat (parser, object, self) ||
      !parse_outputs (parser, object, self) ||
      !parse_recording (parser, object, self) ||
      !parse_reconnect (parser, object, self))
    return FALSE;

  self->title = title != NULL ? g_strdup (title) : title_from_name (parser->name);
  sc_show_apply_claim_codes (self);
  return TRUE;
}

ScShow *
sc_show_new_from_data (const char  *data,
                       gsize        length,
                       const char  *name,
                       GFile       *base,
                       GError     **error)
{
  g_autoptr(ScShow) self = NULL;
  g_autoptr(JsonParser) json = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  Parser parser;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (base == NULL || G_IS_FILE (base), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (name == NULL)
    name = _("show");

  if (length > SC_SHOW_MAX_FILE_SIZE)
    {
      g_autofree char *size = g_format_size (length);
      g_autofree char *limit = g_format_size (SC_SHOW_MAX_FILE_SIZE);

      g_set_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_TOO_LARGE,
                   _("%s: the file is %s; a show file is at most %s"), name, size, limit);
      return NULL;
    }

  json = json_parser_new ();
  if (length > 0 && !json_parser_load_from_data (json, data, (gssize)length, &local_error))
    {
      /* json-glib reports "<data>:3:7: Parse error: ..."; name the file. */
      const char *message = local_error->message;

      if (g_str_has_prefix (message, "<data>:"))
        g_set_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_SYNTAX, "%s:%s",
                     name, message + strlen ("<data>:"));
      else
        g_set_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_SYNTAX, "%s: %s", name, message);
      return NULL;
    }

  root = length > 0 ? json_parser_get_root (json) : NULL;
  if (root == NULL)
    {
      g_set_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_SYNTAX,
                   _("%s: the file is empty; expected a JSON object"), name);
      return NULL;
    }

  self = g_object_new (SC_TYPE_SHOW, NULL);
  parser = (Parser) { .name = name, .base = base, .error = error };
  if (!parse_show (&parser, root, self))
    return NULL;

  return g_steal_pointer (&self);
}

/* Reads at most SC_SHOW_MAX_FILE_SIZE + 1 bytes, so that a file which
 * grew after its size was checked is still refused without reading it. */
static GBytes *
read_bounded (GFile   *file,
              GError **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  guint8 chunk[64 * 1024];

  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return NULL;

  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), chunk, sizeof chunk, NULL, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      g_byte_array_append (bytes, chunk, (guint)n);
      if (bytes->len > SC_SHOW_MAX_FILE_SIZE)
        break;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

ScShow *
sc_show_new_from_file (GFile   *file,
                       GError **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) base = NULL;
  g_autofree char *name = NULL;
  g_autofree char *parse_name = NULL;
  goffset size;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_file_get_basename (file);
  parse_name = g_file_get_parse_name (file);

  /* The size is checked before reading, so a huge file is never loaded. */
  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
          g_error_matches (local_error, G_RESOURCE_ERROR, G_RESOURCE_ERROR_NOT_FOUND))
        g_set_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_NOT_FOUND,
                     _("%s: the show file does not exist (%s)"), name, parse_name);
      else
        g_set_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_NOT_FOUND,
                     _("%s: cannot read the show file: %s"), name, local_error->message);
      return NULL;
    }
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_NOT_FOUND,
                   _("%s: is a folder, not a show file (%s)"), name, parse_name);
      return NULL;
    }
  size = g_file_info_get_size (info);
  if (size > SC_SHOW_MAX_FILE_SIZE)
    {
      g_autofree char *size_text = g_format_size (size);
      g_autofree char *limit = g_format_size (SC_SHOW_MAX_FILE_SIZE);

      g_set_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_TOO_LARGE,
                   _("%s: the file is %s; a show file is at most %s"), name, size_text, limit);
      return NULL;
    }

  bytes = read_bounded (file, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_NOT_FOUND,
                   _("%s: cannot read the show file: %s"), name, local_error->message);
      return NULL;
    }

  base = g_file_get_parent (file);
  return sc_show_new_from_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                name, base, error);
}

ScShow *
sc_show_new_demo (GError **error)
{
  g_autoptr(GFile) file = NULL;

  /* The demo resource registers itself when linked; it sits in the studio
   * static library, and this reference links it into every program that
   * uses ScShow. */
  (void)sc_demo_get_resource ();

  file = g_file_new_for_uri (DEMO_SHOW_URI);
  return sc_show_new_from_file (file, error);
}

const char *
sc_show_get_title (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), NULL);
  return self->title;
}

const ScEncodingConfig *
sc_show_get_encoding (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), NULL);
  return &self->encoding;
}

GPtrArray *
sc_show_get_sources (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), NULL);
  return self->sources;
}

GPtrArray *
sc_show_get_outputs (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), NULL);
  return self->outputs;
}

ScLayoutKind
sc_show_get_layout (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), SC_LAYOUT_PIP);
  return self->layout;
}

const ScBrandKit *
sc_show_get_brand_kit (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), NULL);
  return self->brand_kit;
}

ScCatalog *
sc_show_get_catalog (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), NULL);
  return self->catalog;
}

const char *
sc_show_get_pinned (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), NULL);
  return self->pinned;
}

const char * const *
sc_show_get_rundown (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), NULL);
  return (const char * const *)self->rundown;
}

guint
sc_show_get_low_stock_threshold (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), 0);
  return self->low_stock_threshold;
}

gboolean
sc_show_get_chat_visible (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), FALSE);
  return self->chat_visible;
}

guint
sc_show_get_chat_lines (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), 0);
  return self->chat_lines;
}

gboolean
sc_show_get_demo_chat (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), FALSE);
  return self->demo_chat;
}

gboolean
sc_show_get_recording_enabled (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), FALSE);
  return self->recording_enabled;
}

const char *
sc_show_get_recording_path (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), NULL);
  return self->recording_path;
}

ScRecordingFormat
sc_show_get_recording_format (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), SC_RECORDING_MATROSKA);
  return self->recording_format;
}

char *
sc_show_build_recording_path (ScShow    *self,
                              GDateTime *when)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *title = NULL;
  const char *videos;

  g_return_val_if_fail (SC_IS_SHOW (self), NULL);

  if (self->recording_path != NULL)
    return g_strdup (self->recording_path);

  if (when == NULL)
    when = now = g_date_time_new_now_local ();
  /* No ":" in the time: the file may be copied to filesystems that refuse it. */
  stamp = g_date_time_format (when, "%Y-%m-%d %H-%M-%S");
  title = g_strdelimit (g_strdup (self->title), "/\\:", '-');
  file_name = g_strdup_printf ("%s %s.%s", title, stamp,
                               self->recording_format == SC_RECORDING_MP4 ? "mp4" : "mkv");

  videos = g_get_user_special_dir (G_USER_DIRECTORY_VIDEOS);
  if (videos != NULL)
    return g_build_filename (videos, "Shopcast", file_name, NULL);
  return g_build_filename (g_get_home_dir (), "Videos", "Shopcast", file_name, NULL);
}

const ScShopConfig *
sc_show_get_shop (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), NULL);
  return self->shop;
}

GPtrArray *
sc_show_get_chat_sources (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), NULL);
  return self->chat_sources;
}

const char * const *
sc_show_get_blocked_words (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), NULL);
  return (const char * const *)self->blocked_words;
}

const char * const *
sc_show_get_blocked_authors (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), NULL);
  return (const char * const *)self->blocked_authors;
}

const char * const *
sc_show_get_claim_keywords (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), NULL);
  return (const char * const *)self->claim_keywords;
}

void
sc_show_apply_claim_codes (ScShow *self)
{
  GHashTableIter iter;
  gpointer id, code;

  g_return_if_fail (SC_IS_SHOW (self));

  g_hash_table_iter_init (&iter, self->claim_codes);
  while (g_hash_table_iter_next (&iter, &id, &code))
    {
      ScProduct *product = sc_catalog_lookup (self->catalog, id);

      if (product != NULL)
        sc_product_set_claim_code (product, code);
    }
  sc_catalog_assign_claim_codes (self->catalog, (const char * const *)self->rundown);
}
