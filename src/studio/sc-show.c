/* sc-show.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-show"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "base/sc-campaign-url.h"
#include "base/sc-json.h"
#include "base/sc-json-reader.h"
#include "base/sc-json-util.h"
#include "base/sc-locale.h"
#include "chat/sc-chat-config.h"
#include "media/sc-document-portal.h"
#include "media/sc-gst-util.h"
#include "shop/sc-csv-catalog.h"
#include "shop/sc-money.h"
#include "shop/sc-shop-config.h"
#include "shop/sc-shop-error.h"
#include "sc-demo-resources.h"
#include "sc-next-show.h"
#include "sc-show.h"

/* The show as a whole: each section is read and written by its layer
 * (media/sc-media-config.c, shop/sc-shop-config.c, chat/sc-chat-config.c,
 * overlay/sc-brand-kit.c); this file holds them together, reads the
 * products and chat settings, and saves. The format is documented field by
 * field in docs/show-format.md; keep the two in step. */

#define SHOW_FORMAT_VERSION 1
#define DEMO_SHOW_URI "resource:///io/github/shopcast/Shopcast/demo/demo.shopcast"
#define DEFAULT_LOW_STOCK_THRESHOLD 5
#define DEFAULT_CHAT_LINES 6

struct _ScShow
{
  GObject            parent_instance;

  GFile             *file;            /* read from / saved to, or NULL */
  char              *title;
  ScEncodingConfig   encoding;
  GPtrArray         *sources;         /* ScSourceConfig * */
  GPtrArray         *outputs;         /* ScOutputConfig * */
  ScLayoutKind       layout;
  ScBrandKit        *brand_kit;
  ScCatalog         *catalog;
  char              *catalog_file;    /* local path or URI of products.file, or NULL */
  char              *pinned;          /* product id, or NULL */
  GStrv              rundown;         /* product ids, never NULL */
  GPtrArray         *segments;        /* ScShowSegment *, one per rundown entry */
  guint              low_stock_threshold;
  gboolean           chat_visible;
  guint              chat_lines;
  gboolean           demo_chat;
  ScRecordingConfig  recording;
  ScShopConfig      *shop;            /* NULL: the catalog file only, no sync */
  GPtrArray         *chat_sources;    /* ScChatConfig * */
  GStrv              blocked_words;   /* NULL when none */
  GStrv              blocked_authors;
  GStrv              claim_keywords;  /* NULL: the default keywords */
  char              *locale;          /* BCP 47, normalised; NULL: default_locale */
  char              *default_locale;  /* the program's, when the show was made */
  GHashTable        *claim_codes;     /* product id -> code set in the show file */
  GPtrArray         *claim_code_ids;  /* their ids in file order, for saving */
  gboolean           product_qr;      /* products.qr */
  JsonNode          *utm;             /* products.utm as read (an object), or NULL */
  ScNextShow        *next_show;       /* or NULL */
};

G_DEFINE_FINAL_TYPE (ScShow, sc_show, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (ScShowSegment, sc_show_segment, sc_show_segment_copy, sc_show_segment_free)

ScShowSegment *
sc_show_segment_copy (const ScShowSegment *self)
{
  ScShowSegment *copy = g_memdup2 (self, sizeof *self);

  copy->product_id = g_strdup (self->product_id);
  copy->notes = g_strdup (self->notes);
  copy->sale_price_text = g_strdup (self->sale_price_text);
  return copy;
}

void
sc_show_segment_free (ScShowSegment *self)
{
  if (self == NULL)
    return;
  g_free (self->product_id);
  g_free (self->notes);
  g_free (self->sale_price_text);
  g_free (self);
}

gboolean
sc_show_segment_get_apply_to_shop (const ScShowSegment *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->has_sale && self->apply_to_shop;
}

G_DEFINE_QUARK (sc-show-error-quark, sc_show_error)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_FILE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
sc_show_finalize (GObject *object)
{
  ScShow *self = (ScShow *)object;

  g_clear_object (&self->file);
  g_free (self->title);
  sc_encoding_config_clear (&self->encoding);
  g_ptr_array_unref (self->sources);
  g_ptr_array_unref (self->outputs);
  g_clear_pointer (&self->brand_kit, sc_brand_kit_free);
  g_clear_object (&self->catalog);
  g_free (self->catalog_file);
  g_free (self->pinned);
  g_strfreev (self->rundown);
  g_ptr_array_unref (self->segments);
  sc_recording_config_clear (&self->recording);

  sc_shop_config_free (self->shop);

  g_clear_pointer (&self->chat_sources, g_ptr_array_unref);
  g_strfreev (self->blocked_words);
  g_strfreev (self->blocked_authors);
  g_strfreev (self->claim_keywords);
  g_free (self->locale);
  g_free (self->default_locale);
  g_clear_pointer (&self->claim_codes, g_hash_table_unref);
  g_clear_pointer (&self->claim_code_ids, g_ptr_array_unref);
  g_clear_pointer (&self->utm, json_node_unref);
  g_clear_pointer (&self->next_show, sc_next_show_free);

  G_OBJECT_CLASS (sc_show_parent_class)->finalize (object);
}

static void
sc_show_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  ScShow *self = SC_SHOW (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_show_class_init (ScShowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sc_show_finalize;
  object_class->get_property = sc_show_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Anything that would be saved changed (through a setter). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
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
  self->segments = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_show_segment_free);
  self->low_stock_threshold = DEFAULT_LOW_STOCK_THRESHOLD;
  self->chat_visible = TRUE;
  self->chat_lines = DEFAULT_CHAT_LINES;
  self->chat_sources = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_chat_config_free);
  self->claim_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->default_locale = sc_locale_dup_from_environment ();
  self->claim_code_ids = g_ptr_array_new_with_free_func (g_free);
  self->demo_chat = FALSE;
  sc_recording_config_init_defaults (&self->recording);
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

static ScJsonReader *
show_reader_new (const char *name,
                 GFile      *base)
{
  ScJsonReader *reader = sc_json_reader_new (name, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID,
                                             SC_SHOW_ERROR_NOT_FOUND);

  sc_json_reader_set_base (reader, base);
  sc_json_reader_set_secret_lookup (reader, secret_lookup, secret_lookup_data);
  return reader;
}

/* Reading. Sections the layers own are handed to them; errors are
 * collected in the reader, so a parser goes on after one. */

static gboolean
parse_version (ScJsonReader *reader,
               JsonObject   *root)
{
  JsonNode *node = sc_json_object_get_value (root, "version");
  g_autofree char *version = NULL;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 1)
    return sc_json_reader_fail_expected (reader, "$.version", "1", node);
  version = sc_json_reader_describe (reader, "$.version", node);
  if (json_node_get_int (node) <= SHOW_FORMAT_VERSION && g_ascii_strtoll (version, NULL, 10) ==
      json_node_get_int (node))
    return TRUE;
  return sc_json_reader_fail_invalid (reader, "$.version",
                                      _("expected at most %d, got %s: the file was written for "
                                        "a newer Shopcast"), SHOW_FORMAT_VERSION, version);
}

static gboolean
parse_sources (ScJsonReader *reader,
               JsonObject   *root,
               ScShow       *self)
{
  JsonArray *array = NULL;
  gboolean ok = TRUE;

  if (!sc_json_reader_get_array (reader, root, "$", "sources", &array))
    return FALSE;

  if (array == NULL)
    {
      g_ptr_array_unref (self->sources);
      self->sources = sc_source_config_new_defaults ();
      return TRUE;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = sc_json_path_index ("$.sources", i);
      ScSourceConfig *source = sc_source_config_new_from_json (json_array_get_element (array, i),
                                                               reader, path);

      if (source == NULL)
        ok = FALSE;
      else
        g_ptr_array_add (self->sources, source);
    }
  /* Ids and the video source are checked once every source was read: a
   * broken video source is not also "no video source". */
  return ok && sc_source_configs_check (self->sources, reader, "$.sources");
}

static gboolean
parse_locale (ScJsonReader *reader,
              JsonObject   *root,
              ScShow       *self)
{
  JsonNode *node = sc_json_object_get_value (root, "locale");
  g_autofree char *locale = NULL;

  if (node == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    locale = sc_locale_normalize (json_node_get_string (node));
  if (locale == NULL)
    return sc_json_reader_fail_expected (reader, "$.locale",
                                         _("a BCP 47 language tag such as \"de-DE\""), node);
  g_free (self->locale);
  self->locale = g_steal_pointer (&locale);
  return TRUE;
}

static gboolean
parse_layout (ScJsonReader *reader,
              JsonObject   *root,
              ScShow       *self)
{
  JsonNode *node = sc_json_object_get_value (root, "layout");

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
      return sc_json_reader_fail_expected (reader, "$.layout", expected, node);
    }
  return TRUE;
}

static gboolean
parse_shop (ScJsonReader *reader,
            JsonObject   *root,
            ScShow       *self)
{
  JsonNode *node = sc_json_object_get_value (root, "shop");

  if (node == NULL)
    return TRUE;
  self->shop = sc_shop_config_new_from_json (node, reader, "$.shop");
  return self->shop != NULL;
}

/* Paths for the shop: a local path, or a URI for anything else (resources). */
static char *
file_to_path_or_uri (GFile *file)
{
  if (g_file_is_native (file))
    return g_file_get_path (file);
  return g_file_get_uri (file);
}

static GFile *
file_from_path_or_uri (const char *text)
{
  if (g_uri_peek_scheme (text) != NULL)
    return g_file_new_for_uri (text);
  return g_file_new_for_path (text);
}

static gboolean
remote_shop (ScShow *self)
{
  return self->shop != NULL && self->shop->kind != SC_SHOP_KIND_LOCAL;
}

/* A product named by id or SKU; returns its id. @checked is FALSE when the
 * catalog could not be read: names are not checked against it then. */
static const char *
find_product (ScJsonReader *reader,
              ScShow       *self,
              const char   *path,
              JsonNode     *node,
              gboolean      checked)
{
  ScProduct *product;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      sc_json_reader_fail_expected (reader, path, _("a product id or SKU"), node);
      return NULL;
    }
  product = sc_catalog_lookup (self->catalog, json_node_get_string (node));
  /* A shop's catalog arrives when the show starts: its ids are checked then. */
  if (product == NULL && (remote_shop (self) || !checked))
    return json_node_get_string (node);
  if (product == NULL)
    {
      g_autofree char *described = sc_json_describe_node (node);

      sc_json_reader_fail_invalid (reader, path,
                                   _("expected the id or SKU of a product in $.products.file, "
                                     "got %s, which is not in the catalog"), described);
      return NULL;
    }
  return sc_product_get_id (product);
}

/* --check: the product images the catalog names, where they are files. */
static gboolean
check_product_images (ScJsonReader *reader,
                      ScCatalog    *catalog)
{
  gboolean ok = TRUE;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)); i++)
    {
      g_autoptr(ScProduct) product = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      const char *uri = sc_product_get_image_uri (product);
      g_autofree char *scheme = uri ? g_uri_parse_scheme (uri) : NULL;

      if (uri != NULL && (scheme == NULL || g_str_equal (scheme, "file") ||
                          g_str_equal (scheme, "resource")))
        {
          g_autoptr(GFile) file = file_from_path_or_uri (uri);
          g_autofree char *path = g_strdup_printf (_("$.products.file, product %s"),
                                                   sc_product_get_id (product));

          ok &= sc_json_reader_check_file (reader, file, path);
        }
    }
  return ok;
}

static gboolean
load_catalog (ScJsonReader *reader,
              JsonObject   *products,
              ScShow       *self)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFile) file = NULL;
  const char *file_name = NULL;

  if (products != NULL &&
      !sc_json_reader_get_string (reader, products, "$.products", "file", &file_name))
    return FALSE;

  if (file_name == NULL)
    {
      if (self->shop != NULL && self->shop->kind == SC_SHOP_KIND_LOCAL)
        return sc_json_reader_fail_missing (reader, "$.products.file",
                                            _("the catalog file a \"local\" shop reads"));
      self->catalog = sc_catalog_new ();
      return TRUE;
    }

  file = sc_json_reader_resolve_file (reader, file_name);
  self->catalog_file = file_to_path_or_uri (file);
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
        self->shop->file = g_strdup (self->catalog_file);
      if (sc_json_reader_get_open_files (reader))
        return check_product_images (reader, self->catalog);
      return TRUE;
    }

  self->catalog = sc_catalog_new ();
  /* The catalog's own message names its file and JSON path. */
  if (g_error_matches (local_error, SC_SHOP_ERROR, SC_SHOP_ERROR_NOT_FOUND))
    return sc_json_reader_check_file (reader, file, "$.products.file") &&
           sc_json_reader_fail (reader, SC_SHOW_ERROR_NOT_FOUND, "$.products.file", "%s",
                                local_error->message);
  return sc_json_reader_fail_invalid (reader, "$.products.file", "%s", local_error->message);
}

static gboolean
parse_claim_codes (ScJsonReader *reader,
                   JsonObject   *claim_codes,
                   ScShow       *self,
                   gboolean      checked)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObjectIter iter;
  const char *member;
  JsonNode *code;
  gboolean ok = TRUE;

  json_object_iter_init_ordered (&iter, claim_codes);
  while (json_object_iter_next_ordered (&iter, &member, &code))
    {
      g_autofree char *path = sc_json_path_member ("$.products.claim_codes", member);
      g_autoptr(JsonNode) key = json_node_init_string (json_node_alloc (), member);
      const char *id = find_product (reader, self, path, key, checked);
      const char *text;

      if (id == NULL)
        {
          ok = FALSE;
          continue;
        }
      if (!JSON_NODE_HOLDS_VALUE (code) || json_node_get_value_type (code) != G_TYPE_STRING ||
          !g_regex_match_simple ("^[A-Za-z][0-9]{1,3}$", json_node_get_string (code), 0, 0))
        {
          ok = sc_json_reader_fail_expected (reader, path,
                                             _("a code of a letter and 1 to 3 digits, "
                                               "such as \"A1\""), code);
          continue;
        }
      text = json_node_get_string (code);
      if (!g_hash_table_add (seen, g_ascii_strup (text, -1)))
        {
          ok = sc_json_reader_fail_invalid (reader, path,
                                            _("the code %s is given to two products"), text);
          continue;
        }
      /* Applied with the automatic codes once the whole file is read. */
      if (!g_hash_table_contains (self->claim_codes, id))
        g_ptr_array_add (self->claim_code_ids, g_strdup (id));
      g_hash_table_insert (self->claim_codes, g_strdup (id), g_ascii_strup (text, -1));
    }
  return ok;
}

/* The longest segment or sale: a day. */
#define MAX_SEGMENT_MINUTES (24.0 * 60.0)

/* A rundown entry's "sale": a price lower than the product's, for a time. */
static gboolean
parse_sale (ScJsonReader  *reader,
            ScShow        *self,
            const char    *path,
            JsonObject    *sale,
            ScShowSegment *segment,
            gboolean       checked)
{
  static const char * const allowed[] = { "price", "minutes", "apply_to_shop", NULL };
  ScProduct *product = sc_catalog_lookup (self->catalog, segment->product_id);
  const char *currency = product != NULL ? sc_product_get_currency (product)
                         : self->shop != NULL ? self->shop->currency : "USD";
  g_autofree char *price_path = sc_json_path_member (path, "price");
  gboolean has_price = FALSE;
  gboolean ok;

  ok = sc_json_reader_check_members (reader, sale, path, allowed);
  if (!sc_money_read (reader, sale, path, "price", SC_JSON_DECIMAL_REQUIRED,
                      _("the sale price as a decimal string, such as \"15.00\""),
                      currency, &segment->sale_price, &has_price))
    ok = FALSE;
  else if (segment->sale_price <= 0)
    ok = sc_json_reader_fail_invalid (reader, price_path,
                                      _("a sale price must be more than 0"));
  /* A shop's catalog arrives when the show starts: the studio checks then. */
  else if (checked && product != NULL && segment->sale_price >= sc_product_get_price (product))
    {
      g_autofree char *regular = sc_money_format (sc_product_get_price (product), currency);

      ok = sc_json_reader_fail_invalid (reader, price_path,
                                        _("the sale price %s is not lower than the regular "
                                          "price %s of %s"),
                                        json_object_get_string_member (sale, "price"), regular,
                                        segment->product_id);
    }
  if (has_price)
    segment->sale_price_text = g_strdup (json_object_get_string_member (sale, "price"));

  /* A sale without its own time lasts as long as its segment. */
  segment->sale_minutes = segment->minutes;
  ok &= sc_json_reader_get_double (reader, sale, path, "minutes", DBL_MIN, MAX_SEGMENT_MINUTES,
                                   _("a positive number of minutes, at most 1440"),
                                   &segment->sale_minutes);
  if (segment->sale_minutes <= 0 && sc_json_object_get_value (sale, "minutes") == NULL)
    {
      g_autofree char *minutes_path = sc_json_path_member (path, "minutes");

      ok = sc_json_reader_fail_missing (reader, minutes_path,
                                        _("how many minutes the sale lasts (or the segment’s "
                                          "own \"minutes\")"));
    }
  ok &= sc_json_reader_get_bool (reader, sale, path, "apply_to_shop", &segment->apply_to_shop);
  segment->has_sale = TRUE;
  return ok;
}

/* A rundown entry: a product id or SKU, or an object with "product". */
static ScShowSegment *
parse_segment (ScJsonReader *reader,
               ScShow       *self,
               const char   *path,
               JsonNode     *node,
               gboolean      checked)
{
  static const char * const allowed[] = { "product", "minutes", "notes", "sale", NULL };
  g_autoptr(ScShowSegment) segment = g_new0 (ScShowSegment, 1);
  g_autofree char *product_path = NULL;
  JsonObject *object;
  JsonObject *sale = NULL;
  JsonNode *product;
  const char *id;
  gboolean ok;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      id = find_product (reader, self, path, node, checked);
      if (id == NULL)
        return NULL;
      segment->product_id = g_strdup (id);
      return g_steal_pointer (&segment);
    }

  object = json_node_get_object (node);
  segment->is_object = TRUE;
  ok = sc_json_reader_check_members (reader, object, path, allowed);
  product_path = sc_json_path_member (path, "product");
  product = sc_json_object_get_value (object, "product");
  if (product == NULL)
    {
      sc_json_reader_fail_missing (reader, product_path, _("a product id or SKU"));
      return NULL;
    }
  id = find_product (reader, self, product_path, product, checked);
  if (id == NULL)
    return NULL;
  segment->product_id = g_strdup (id);
  ok &= sc_json_reader_get_double (reader, object, path, "minutes", DBL_MIN, MAX_SEGMENT_MINUTES,
                                   _("a positive number of minutes, at most 1440"),
                                   &segment->minutes);
  ok &= sc_json_reader_dup_string (reader, object, path, "notes", &segment->notes);
  if (!sc_json_reader_get_object (reader, object, path, "sale", &sale))
    ok = FALSE;
  else if (sale != NULL)
    {
      g_autofree char *sale_path = sc_json_path_member (path, "sale");

      ok &= parse_sale (reader, self, sale_path, sale, segment, checked);
    }
  return ok ? g_steal_pointer (&segment) : NULL;
}

/* products.qr and products.utm: the scan-to-buy code and its campaign tags. */
static gboolean
parse_product_qr (ScJsonReader *reader,
                  JsonObject   *products,
                  ScShow       *self)
{
  JsonObject *utm = NULL;
  g_autoptr(GList) members = NULL;
  gboolean ok = TRUE;

  if (!sc_json_reader_get_bool (reader, products, "$.products", "qr", &self->product_qr) ||
      !sc_json_reader_get_object (reader, products, "$.products", "utm", &utm))
    return FALSE;
  if (utm == NULL)
    return TRUE;

  members = json_object_get_members (utm);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *path = sc_json_path_member ("$.products.utm", name);
      JsonNode *value = json_object_get_member (utm, name);

      if (!sc_campaign_tag_name_is_valid (name))
        ok = sc_json_reader_fail_invalid (reader, path,
                                          _("expected a campaign tag name of letters, digits, "
                                            "“_”, “-” or “.” (such as utm_source)"));
      /* null leaves out one of the default tags. */
      else if (!JSON_NODE_HOLDS_NULL (value) &&
               (json_node_get_value_type (value) != G_TYPE_STRING ||
                *json_node_get_string (value) == '\0' ||
                strlen (json_node_get_string (value)) > 256))
        ok = sc_json_reader_fail_expected (reader, path,
                                           _("a non-empty string of at most 256 bytes, or null"),
                                           value);
    }
  if (ok)
    self->utm = json_node_copy (json_object_get_member (products, "utm"));
  return ok;
}

static gboolean
parse_products (ScJsonReader *reader,
                JsonObject   *root,
                ScShow       *self)
{
  static const char * const allowed[] = {
    "file", "pinned", "rundown", "low_stock_threshold", "claim_codes",
    "qr", "utm", NULL
  };
  JsonObject *claim_codes = NULL;
  JsonObject *products = NULL;
  JsonArray *rundown = NULL;
  JsonNode *pinned;
  int threshold = (int)self->low_stock_threshold;
  gboolean checked;
  gboolean ok = TRUE;

  if (!sc_json_reader_get_object (reader, root, "$", "products", &products))
    {
      self->catalog = sc_catalog_new ();
      return FALSE;
    }
  if (products != NULL)
    ok &= sc_json_reader_check_members (reader, products, "$.products", allowed);
  /* Without its catalog, product names cannot be checked: no error for each. */
  checked = load_catalog (reader, products, self);
  ok &= checked;
  if (products == NULL)
    return ok;

  ok &= parse_product_qr (reader, products, self);
  ok &= sc_json_reader_get_int (reader, products, "$.products", "low_stock_threshold", 0,
                                G_MAXINT, _("a whole number of items, at least 0"), &threshold);
  self->low_stock_threshold = (guint)threshold;

  pinned = sc_json_object_get_value (products, "pinned");
  if (pinned != NULL)
    {
      const char *id = find_product (reader, self, "$.products.pinned", pinned, checked);

      if (id == NULL)
        ok = FALSE;
      self->pinned = g_strdup (id);
    }

  /* Codes the host chose ("comment SOLD M1"), before the automatic A1, A2, … */
  if (!sc_json_reader_get_object (reader, products, "$.products", "claim_codes", &claim_codes))
    ok = FALSE;
  else if (claim_codes != NULL)
    ok &= parse_claim_codes (reader, claim_codes, self, checked);

  if (!sc_json_reader_get_array (reader, products, "$.products", "rundown", &rundown))
    ok = FALSE;
  else if (rundown != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      g_ptr_array_set_size (self->segments, 0);
      for (guint i = 0; i < json_array_get_length (rundown); i++)
        {
          g_autofree char *path = sc_json_path_index ("$.products.rundown", i);
          ScShowSegment *segment = parse_segment (reader, self, path,
                                                  json_array_get_element (rundown, i), checked);

          if (segment == NULL)
            {
              ok = FALSE;
              continue;
            }
          g_strv_builder_add (builder, segment->product_id);
          g_ptr_array_add (self->segments, segment);
        }
      g_strfreev (self->rundown);
      self->rundown = g_strv_builder_end (builder);
    }

  return ok;
}

static gboolean
parse_chat (ScJsonReader *reader,
            JsonObject   *root,
            ScShow       *self)
{
  static const char * const allowed[] = {
    "demo", "visible", "lines", "sources", "blocked_words", "blocked_authors",
    "claim_keywords", NULL
  };
  JsonObject *chat = NULL;
  JsonArray *sources = NULL;
  int lines = (int)self->chat_lines;
  gboolean ok;

  if (!sc_json_reader_get_object (reader, root, "$", "chat", &chat))
    return FALSE;
  if (chat == NULL)
    return TRUE;

  ok = sc_json_reader_check_members (reader, chat, "$.chat", allowed);
  ok &= sc_json_reader_get_bool (reader, chat, "$.chat", "demo", &self->demo_chat);
  ok &= sc_json_reader_get_bool (reader, chat, "$.chat", "visible", &self->chat_visible);
  ok &= sc_json_reader_get_int (reader, chat, "$.chat", "lines", 1, 20,
                                _("an integer from 1 to 20"), &lines);
  ok &= sc_json_reader_get_string_list (reader, chat, "$.chat", "blocked_words",
                                        &self->blocked_words);
  ok &= sc_json_reader_get_string_list (reader, chat, "$.chat", "blocked_authors",
                                        &self->blocked_authors);
  ok &= sc_json_reader_get_string_list (reader, chat, "$.chat", "claim_keywords",
                                        &self->claim_keywords);
  ok &= sc_json_reader_get_array (reader, chat, "$.chat", "sources", &sources);
  self->chat_lines = (guint)lines;

  for (guint i = 0; sources != NULL && i < json_array_get_length (sources); i++)
    {
      g_autofree char *path = sc_json_path_index ("$.chat.sources", i);
      ScChatConfig *config = sc_chat_config_new_from_json (json_array_get_element (sources, i),
                                                           reader, path);

      if (config == NULL)
        ok = FALSE;
      else
        g_ptr_array_add (self->chat_sources, config);
    }
  return ok;
}

/* Events and the UI tell outputs apart by name. */
static gboolean
check_output_name (ScJsonReader *reader,
                   GPtrArray    *outputs,
                   const char   *name,
                   guint         index,
                   const char   *path)
{
  for (guint j = 0; j < outputs->len; j++)
    {
      ScOutputConfig *other = g_ptr_array_index (outputs, j);

      if (j != index && g_str_equal (other->name, name))
        {
          g_autofree char *name_path = sc_json_path_member (path, "name");
          g_autofree char *escaped = g_strescape (name, NULL);

          return sc_json_reader_fail_invalid (reader, name_path,
                                              _("the name \"%s\" is already used by "
                                                "$.outputs[%u]"), escaped, j);
        }
    }
  return TRUE;
}

static gboolean
parse_outputs (ScJsonReader *reader,
               JsonObject   *root,
               ScShow       *self)
{
  JsonArray *array = NULL;
  gboolean ok = TRUE;

  if (!sc_json_reader_get_array (reader, root, "$", "outputs", &array))
    return FALSE;
  if (array == NULL)
    return TRUE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = sc_json_path_index ("$.outputs", i);
      ScOutputConfig *output = sc_output_config_new_from_json (json_array_get_element (array, i),
                                                               reader, path, i);

      if (output == NULL)
        {
          ok = FALSE;
          continue;
        }
      if (!check_output_name (reader, self->outputs, output->name, G_MAXUINT, path))
        {
          sc_output_config_free (output);
          ok = FALSE;
          continue;
        }
      g_ptr_array_add (self->outputs, output);
    }
  return ok;
}

/* --check: the encoders the show asks for are installed. */
static gboolean
check_encoders (ScJsonReader           *reader,
                const ScEncodingConfig *encoding)
{
  g_autoptr(GError) video_error = NULL;
  g_autoptr(GError) audio_error = NULL;
  gboolean ok = TRUE;

  if (!sc_gst_check_encoder (encoding->video_encoder, TRUE, &video_error))
    ok = sc_json_reader_fail_invalid (reader, encoding->video_encoder ? "$.encoding.video_encoder"
                                                                      : "$.encoding",
                                      "%s", video_error->message);
  if (!sc_gst_check_encoder (encoding->audio_encoder, FALSE, &audio_error))
    ok = sc_json_reader_fail_invalid (reader, encoding->audio_encoder ? "$.encoding.audio_encoder"
                                                                      : "$.encoding",
                                      "%s", audio_error->message);
  return ok;
}

static char *
title_from_name (const char *name)
{
  if (g_str_has_suffix (name, ".shopcast") && strlen (name) > strlen (".shopcast"))
    return g_strndup (name, strlen (name) - strlen (".shopcast"));
  return g_strdup (name);
}

static gboolean
parse_show (ScJsonReader *reader,
            JsonNode     *root,
            ScShow       *self)
{
  static const char * const allowed[] = {
    "version", "title", "locale", "canvas", "encoding", "sources", "layout", "brand", "shop",
    "products", "chat", "outputs", "recording", "reconnect",
    "next_show", NULL
  };
  JsonObject *object;
  const char *title = NULL;
  gboolean ok;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return sc_json_reader_fail_expected (reader, "$", _("an object"), root);
  object = json_node_get_object (root);

  /* The version first: a newer file's new members are not typos. */
  if (!parse_version (reader, object))
    return FALSE;
  ok = sc_json_reader_check_members (reader, object, "$", allowed);
  ok &= sc_json_reader_get_string (reader, object, "$", "title", &title);
  ok &= parse_locale (reader, object, self);
  ok &= sc_encoding_config_read_canvas (&self->encoding,
                                        json_object_get_member (object, "canvas"),
                                        reader, "$.canvas");
  ok &= sc_encoding_config_read_encoding (&self->encoding,
                                          json_object_get_member (object, "encoding"),
                                          reader, "$.encoding");
  if (sc_json_reader_get_open_files (reader))
    ok &= check_encoders (reader, &self->encoding);
  ok &= parse_sources (reader, object, self);
  ok &= parse_layout (reader, object, self);
  ok &= sc_brand_kit_update_from_json (self->brand_kit, json_object_get_member (object, "brand"),
                                       reader, "$.brand");
  ok &= parse_shop (reader, object, self);
  ok &= parse_products (reader, object, self);
  ok &= parse_chat (reader, object, self);
  ok &= parse_outputs (reader, object, self);
  ok &= sc_recording_config_read_json (&self->recording,
                                       json_object_get_member (object, "recording"),
                                       reader, "$.recording");
  ok &= sc_encoding_config_read_reconnect (&self->encoding,
                                           json_object_get_member (object, "reconnect"),
                                           reader, "$.reconnect");
  if (sc_json_object_get_value (object, "next_show") != NULL)
    {
      self->next_show = sc_next_show_new_from_json (json_object_get_member (object, "next_show"),
                                                    reader, "$.next_show");
      ok &= self->next_show != NULL;
    }
  if (!ok)
    return FALSE;

  self->title = title != NULL ? g_strdup (title)
                              : title_from_name (sc_json_reader_get_name (reader));
  sc_show_apply_claim_codes (self);
  return TRUE;
}

/* Parses @data into @reader's errors; returns the show when there were none. */
static ScShow *
load_data (ScJsonReader *reader,
           const char   *data,
           gsize         length)
{
  g_autoptr(ScShow) self = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name = sc_json_reader_get_name (reader);

  if (length > SC_SHOW_MAX_FILE_SIZE)
    {
      g_autofree char *size = g_format_size (length);
      g_autofree char *limit = g_format_size (SC_SHOW_MAX_FILE_SIZE);

      sc_json_reader_fail (reader, SC_SHOW_ERROR_TOO_LARGE, NULL,
                           _("the file is %s; a show file is at most %s"), size, limit);
      return NULL;
    }

  /* Bounded nesting: a file of "[[[[…" is an error, not a stack overflow. */
  root = sc_json_parse (data, (gssize)length, name, &local_error);
  if (root == NULL)
    {
      if (g_error_matches (local_error, SC_JSON_ERROR, SC_JSON_ERROR_EMPTY))
        sc_json_reader_fail (reader, SC_SHOW_ERROR_SYNTAX, NULL,
                             _("the file is empty; expected a JSON object"));
      else if (g_error_matches (local_error, SC_JSON_ERROR, SC_JSON_ERROR_TOO_DEEP))
        sc_json_reader_fail (reader, SC_SHOW_ERROR_SYNTAX, NULL,
                             _("arrays and objects are nested deeper than %u levels"),
                             SC_JSON_MAX_DEPTH);
      else
        g_ptr_array_add (sc_json_reader_get_errors (reader),
                         g_error_new_literal (SC_SHOW_ERROR, SC_SHOW_ERROR_SYNTAX,
                                              local_error->message));
      return NULL;
    }

  sc_json_reader_note_literals (reader, data, (gssize)length);
  self = g_object_new (SC_TYPE_SHOW, NULL);
  if (!parse_show (reader, root, self) || sc_json_reader_get_n_errors (reader) > 0)
    return NULL;

  return g_steal_pointer (&self);
}

ScShow *
sc_show_new_from_data (const char  *data,
                       gsize        length,
                       const char  *name,
                       GFile       *base,
                       GError     **error)
{
  g_autoptr(ScJsonReader) reader = NULL;
  ScShow *self;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (base == NULL || G_IS_FILE (base), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = show_reader_new (name != NULL ? name : _("show"), base);
  self = load_data (reader, data, length);
  if (self == NULL)
    sc_json_reader_propagate (reader, error);
  return self;
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

static ScShow *
load_file (ScJsonReader *reader,
           GFile        *file)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *parse_name = g_file_get_parse_name (file);
  ScShow *self;
  goffset size;

  /* The size is checked before reading, so a huge file is never loaded. */
  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
          g_error_matches (local_error, G_RESOURCE_ERROR, G_RESOURCE_ERROR_NOT_FOUND))
        sc_json_reader_fail (reader, SC_SHOW_ERROR_NOT_FOUND, NULL,
                             _("the show file does not exist (%s)"), parse_name);
      else
        sc_json_reader_fail (reader, SC_SHOW_ERROR_NOT_FOUND, NULL,
                             _("cannot read the show file: %s"), local_error->message);
      return NULL;
    }
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      sc_json_reader_fail (reader, SC_SHOW_ERROR_NOT_FOUND, NULL,
                           _("is a folder, not a show file (%s)"), parse_name);
      return NULL;
    }
  size = g_file_info_get_size (info);
  if (size > SC_SHOW_MAX_FILE_SIZE)
    {
      g_autofree char *size_text = g_format_size (size);
      g_autofree char *limit = g_format_size (SC_SHOW_MAX_FILE_SIZE);

      sc_json_reader_fail (reader, SC_SHOW_ERROR_TOO_LARGE, NULL,
                           _("the file is %s; a show file is at most %s"), size_text, limit);
      return NULL;
    }

  bytes = read_bounded (file, &local_error);
  if (bytes == NULL)
    {
      sc_json_reader_fail (reader, SC_SHOW_ERROR_NOT_FOUND, NULL,
                           _("cannot read the show file: %s"), local_error->message);
      return NULL;
    }

  self = load_data (reader, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (self != NULL)
    self->file = g_object_ref (file);
  return self;
}

static ScJsonReader *
file_reader_new (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GFile) base = g_file_get_parent (file);

  /* In the sandbox: where the show and the folders allowed before are. */
  sc_document_portal_prepare (file);
  return show_reader_new (name, base);
}

ScShow *
sc_show_new_from_file (GFile   *file,
                       GError **error)
{
  g_autoptr(ScJsonReader) reader = NULL;
  ScShow *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = file_reader_new (file);
  self = load_file (reader, file);
  if (self == NULL)
    sc_json_reader_propagate (reader, error);
  return self;
}

ScShow *
sc_show_check_file (GFile      *file,
                    GPtrArray **errors)
{
  g_autoptr(ScJsonReader) reader = NULL;
  ScShow *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (errors != NULL, NULL);

  reader = file_reader_new (file);
  sc_json_reader_set_open_files (reader, TRUE);
  self = load_file (reader, file);
  *errors = g_ptr_array_ref (sc_json_reader_get_errors (reader));
  return self;
}

ScShow *
sc_show_new_demo (GError **error)
{
  g_autoptr(GFile) file = NULL;
  ScShow *self;

  /* The demo resource registers itself when linked; it sits in the studio
   * static library, and this reference links it into every program that
   * uses ScShow. */
  (void)sc_demo_get_resource ();

  file = g_file_new_for_uri (DEMO_SHOW_URI);
  self = sc_show_new_from_file (file, error);
  /* Read-only: saving the demo is "save as". */
  if (self != NULL)
    g_clear_object (&self->file);
  return self;
}

ScShow *
sc_show_new (const char *title)
{
  ScShow *self = g_object_new (SC_TYPE_SHOW, NULL);

  g_ptr_array_unref (self->sources);
  self->sources = sc_source_config_new_defaults ();
  self->catalog = sc_catalog_new ();
  self->title = g_strdup (title != NULL && title[0] != '\0' ? title : _("New Show"));
  return self;
}

GFile *
sc_show_get_file (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), NULL);
  return self->file;
}

/* Writing */

static gboolean
sources_are_default (GPtrArray *sources)
{
  g_autoptr(GPtrArray) defaults = sc_source_config_new_defaults ();

  if (sources->len != defaults->len)
    return FALSE;
  for (guint i = 0; i < sources->len; i++)
    if (!sc_source_config_equal (g_ptr_array_index (sources, i),
                                 g_ptr_array_index (defaults, i)))
      return FALSE;
  return TRUE;
}

static void
set_node (JsonObject *object,
          const char *member,
          JsonNode   *node)
{
  if (node != NULL)
    json_object_set_member (object, member, node);
}

static JsonArray *
strv_to_array (const char * const *strv)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  return array;
}

/* Whole minutes are written as integers: 5, not 5.0. */
static void
set_minutes_member (JsonObject *object,
                    double      minutes)
{
  if (minutes == floor (minutes) && minutes < G_MAXINT)
    json_object_set_int_member (object, "minutes", (gint64)minutes);
  else
    json_object_set_double_member (object, "minutes", minutes);
}

/* Entries read as strings stay strings; objects keep what they set. */
static JsonArray *
segments_to_array (GPtrArray *segments)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < segments->len; i++)
    {
      const ScShowSegment *segment = g_ptr_array_index (segments, i);
      JsonObject *object;

      if (!segment->is_object)
        {
          json_array_add_string_element (array, segment->product_id);
          continue;
        }
      object = json_object_new ();
      json_object_set_string_member (object, "product", segment->product_id);
      if (segment->minutes > 0)
        set_minutes_member (object, segment->minutes);
      if (segment->notes != NULL)
        json_object_set_string_member (object, "notes", segment->notes);
      if (segment->has_sale)
        {
          JsonObject *sale = json_object_new ();

          json_object_set_string_member (sale, "price", segment->sale_price_text);
          if (segment->sale_minutes != segment->minutes)
            set_minutes_member (sale, segment->sale_minutes);
          if (segment->apply_to_shop)
            json_object_set_boolean_member (sale, "apply_to_shop", TRUE);
          json_object_set_object_member (object, "sale", sale);
        }
      json_array_add_object_element (array, object);
    }
  return array;
}

static JsonNode *
products_to_json (ScShow *self,
                  GFile  *base)
{
  JsonObject *object = json_object_new ();
  JsonNode *node;

  if (self->catalog_file != NULL)
    {
      g_autoptr(GFile) file = file_from_path_or_uri (self->catalog_file);
      g_autofree char *text = sc_json_file_to_text (file, base);

      json_object_set_string_member (object, "file", text);
    }
  if (self->pinned != NULL)
    json_object_set_string_member (object, "pinned", self->pinned);
  if (self->segments->len > 0)
    json_object_set_array_member (object, "rundown", segments_to_array (self->segments));
  if (self->product_qr)
    json_object_set_boolean_member (object, "qr", TRUE);
  if (self->utm != NULL)
    json_object_set_member (object, "utm", json_node_copy (self->utm));
  if (self->low_stock_threshold != DEFAULT_LOW_STOCK_THRESHOLD)
    json_object_set_int_member (object, "low_stock_threshold", self->low_stock_threshold);
  if (self->claim_code_ids->len > 0)
    {
      JsonObject *codes = json_object_new ();

      for (guint i = 0; i < self->claim_code_ids->len; i++)
        {
          const char *id = g_ptr_array_index (self->claim_code_ids, i);

          json_object_set_string_member (codes, id, g_hash_table_lookup (self->claim_codes, id));
        }
      json_object_set_object_member (object, "claim_codes", codes);
    }

  if (json_object_get_size (object) == 0)
    {
      json_object_unref (object);
      return NULL;
    }
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

static JsonNode *
chat_to_json (ScShow *self)
{
  JsonObject *object = json_object_new ();
  JsonNode *node;

  if (self->demo_chat)
    json_object_set_boolean_member (object, "demo", TRUE);
  if (!self->chat_visible)
    json_object_set_boolean_member (object, "visible", FALSE);
  if (self->chat_lines != DEFAULT_CHAT_LINES)
    json_object_set_int_member (object, "lines", self->chat_lines);
  if (self->chat_sources->len > 0)
    {
      JsonArray *sources = json_array_new ();

      for (guint i = 0; i < self->chat_sources->len; i++)
        json_array_add_element (sources,
                                sc_chat_config_to_json (g_ptr_array_index (self->chat_sources,
                                                                           i)));
      json_object_set_array_member (object, "sources", sources);
    }
  if (self->blocked_words != NULL)
    json_object_set_array_member (object, "blocked_words",
                                  strv_to_array ((const char * const *)self->blocked_words));
  if (self->blocked_authors != NULL)
    json_object_set_array_member (object, "blocked_authors",
                                  strv_to_array ((const char * const *)self->blocked_authors));
  if (self->claim_keywords != NULL)
    json_object_set_array_member (object, "claim_keywords",
                                  strv_to_array ((const char * const *)self->claim_keywords));

  if (json_object_get_size (object) == 0)
    {
      json_object_unref (object);
      return NULL;
    }
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

char *
sc_show_to_data (ScShow *self,
                 GFile  *base)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();

  g_return_val_if_fail (SC_IS_SHOW (self), NULL);

  /* The version is always written: a later format tells it apart. */
  json_object_set_int_member (object, "version", SHOW_FORMAT_VERSION);
  json_object_set_string_member (object, "title", self->title);
  /* Only a locale the file chose: the default follows the computer. */
  if (self->locale != NULL)
    json_object_set_string_member (object, "locale", self->locale);
  set_node (object, "canvas", sc_encoding_config_canvas_to_json (&self->encoding));
  set_node (object, "encoding", sc_encoding_config_encoding_to_json (&self->encoding));
  if (!sources_are_default (self->sources))
    {
      JsonArray *sources = json_array_new ();

      for (guint i = 0; i < self->sources->len; i++)
        json_array_add_element (sources,
                                sc_source_config_to_json (g_ptr_array_index (self->sources, i),
                                                          base));
      json_object_set_array_member (object, "sources", sources);
    }
  if (self->layout != SC_LAYOUT_PIP)
    json_object_set_string_member (object, "layout", sc_layout_kind_to_string (self->layout));
  set_node (object, "brand", sc_brand_kit_to_json (self->brand_kit, base));
  if (self->shop != NULL)
    set_node (object, "shop", sc_shop_config_to_json (self->shop));
  set_node (object, "products", products_to_json (self, base));
  set_node (object, "chat", chat_to_json (self));
  if (self->outputs->len > 0)
    {
      JsonArray *outputs = json_array_new ();

      for (guint i = 0; i < self->outputs->len; i++)
        json_array_add_element (outputs,
                                sc_output_config_to_json (g_ptr_array_index (self->outputs, i)));
      json_object_set_array_member (object, "outputs", outputs);
    }
  set_node (object, "recording", sc_recording_config_to_json (&self->recording, base));
  set_node (object, "reconnect", sc_encoding_config_reconnect_to_json (&self->encoding));
  if (self->next_show != NULL)
    set_node (object, "next_show", sc_next_show_to_json (self->next_show));

  json_node_take_object (root, object);
  return sc_json_to_pretty_string (root);
}

static void
set_file (ScShow *self,
          GFile  *file)
{
  if (self->file != NULL && g_file_equal (self->file, file))
    return;
  g_set_object (&self->file, file);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

static void
prefix_save_error (GError **error,
                   GFile   *file)
{
  g_autofree char *name = g_file_get_basename (file);

  g_prefix_error (error, _("%s: cannot save the show: "), name);
}

gboolean
sc_show_save (ScShow  *self,
              GFile   *file,
              GError **error)
{
  g_autoptr(GFile) base = NULL;
  g_autofree char *data = NULL;

  g_return_val_if_fail (SC_IS_SHOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  base = g_file_get_parent (file);
  data = sc_show_to_data (self, base);
  if (!g_file_replace_contents (file, data, strlen (data), NULL, FALSE, G_FILE_CREATE_NONE,
                                NULL, NULL, error))
    {
      prefix_save_error (error, file);
      return FALSE;
    }
  set_file (self, file);
  return TRUE;
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GFile *file = G_FILE (object);

  if (!g_file_replace_contents_finish (file, result, NULL, &error))
    {
      prefix_save_error (&error, file);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  set_file (g_task_get_source_object (task), file);
  g_task_return_boolean (task, TRUE);
}

void
sc_show_save_async (ScShow              *self,
                    GFile               *file,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GFile) base = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *data;

  g_return_if_fail (SC_IS_SHOW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_show_save_async);

  /* The text is made here (it is small and reads the show); GIO writes it
   * from its worker threads. */
  base = g_file_get_parent (file);
  data = sc_show_to_data (self, base);
  bytes = g_bytes_new_take (data, strlen (data));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_NONE,
                                       cancellable, save_cb, g_steal_pointer (&task));
}

gboolean
sc_show_save_finish (ScShow        *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (SC_IS_SHOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Setters */

static void
emit_changed (ScShow *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* A setter's reader: what the setter is given is checked as if it had been
 * read from the show file. */
static ScJsonReader *
setter_reader_new (ScShow *self)
{
  g_autoptr(GFile) base = self->file ? g_file_get_parent (self->file) : NULL;
  g_autofree char *name = self->file ? g_file_get_basename (self->file) : NULL;

  return show_reader_new (name != NULL ? name : self->title, base);
}

void
sc_show_set_title (ScShow     *self,
                   const char *title)
{
  g_return_if_fail (SC_IS_SHOW (self));
  g_return_if_fail (title != NULL && title[0] != '\0');

  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  emit_changed (self);
}

static gboolean
encoding_equal (const ScEncodingConfig *a,
                const ScEncodingConfig *b)
{
  return a->width == b->width && a->height == b->height && a->fps == b->fps &&
         a->video_bitrate_kbps == b->video_bitrate_kbps &&
         a->audio_bitrate_kbps == b->audio_bitrate_kbps &&
         a->keyframe_interval_s == b->keyframe_interval_s &&
         a->audio_rate == b->audio_rate &&
         g_strcmp0 (a->video_encoder, b->video_encoder) == 0 &&
         g_strcmp0 (a->audio_encoder, b->audio_encoder) == 0 &&
         a->rate_control == b->rate_control && a->profile == b->profile &&
         a->dynamic_bitrate == b->dynamic_bitrate &&
         a->reconnect_initial_s == b->reconnect_initial_s &&
         a->reconnect_factor == b->reconnect_factor &&
         a->reconnect_max_delay_s == b->reconnect_max_delay_s &&
         a->reconnect_max_retries == b->reconnect_max_retries &&
         a->connect_timeout_s == b->connect_timeout_s;
}

gboolean
sc_show_set_encoding (ScShow                  *self,
                      const ScEncodingConfig  *encoding,
                      GError                 **error)
{
  g_autoptr(ScJsonReader) reader = NULL;
  g_autoptr(JsonNode) canvas = NULL;
  g_autoptr(JsonNode) codec = NULL;
  g_autoptr(JsonNode) reconnect = NULL;
  ScEncodingConfig checked;

  g_return_val_if_fail (SC_IS_SHOW (self), FALSE);
  g_return_val_if_fail (encoding != NULL, FALSE);

  /* Written out and read back: every rule of the file applies. */
  reader = setter_reader_new (self);
  canvas = sc_encoding_config_canvas_to_json (encoding);
  codec = sc_encoding_config_encoding_to_json (encoding);
  reconnect = sc_encoding_config_reconnect_to_json (encoding);
  sc_encoding_config_init_defaults (&checked);
  sc_encoding_config_read_canvas (&checked, canvas, reader, "$.canvas");
  sc_encoding_config_read_encoding (&checked, codec, reader, "$.encoding");
  sc_encoding_config_read_reconnect (&checked, reconnect, reader, "$.reconnect");
  sc_encoding_config_clear (&checked);
  if (!sc_json_reader_propagate (reader, error))
    return FALSE;

  if (encoding_equal (&self->encoding, encoding))
    return TRUE;
  sc_encoding_config_copy_into (&self->encoding, encoding);
  emit_changed (self);
  return TRUE;
}

gboolean
sc_show_set_canvas (ScShow  *self,
                    int      width,
                    int      height,
                    int      fps,
                    GError **error)
{
  ScEncodingConfig encoding = { 0 };
  gboolean ok;

  g_return_val_if_fail (SC_IS_SHOW (self), FALSE);

  sc_encoding_config_copy_into (&encoding, &self->encoding);
  encoding.width = width;
  encoding.height = height;
  encoding.fps = fps;
  ok = sc_show_set_encoding (self, &encoding, error);
  sc_encoding_config_clear (&encoding);
  return ok;
}

gboolean
sc_show_set_video_bitrate (ScShow  *self,
                           int      kbps,
                           GError **error)
{
  ScEncodingConfig encoding = { 0 };
  gboolean ok;

  g_return_val_if_fail (SC_IS_SHOW (self), FALSE);

  sc_encoding_config_copy_into (&encoding, &self->encoding);
  encoding.video_bitrate_kbps = kbps;
  ok = sc_show_set_encoding (self, &encoding, error);
  sc_encoding_config_clear (&encoding);
  return ok;
}

gboolean
sc_show_set_video_encoder (ScShow      *self,
                           const char  *element_name,
                           GError     **error)
{
  ScEncodingConfig encoding = { 0 };
  gboolean ok;

  g_return_val_if_fail (SC_IS_SHOW (self), FALSE);

  sc_encoding_config_copy_into (&encoding, &self->encoding);
  g_free (encoding.video_encoder);
  encoding.video_encoder = g_strdup (element_name);
  ok = sc_show_set_encoding (self, &encoding, error);
  sc_encoding_config_clear (&encoding);
  return ok;
}

gboolean
sc_show_set_sources (ScShow     *self,
                     GPtrArray  *sources,
                     GError    **error)
{
  g_autoptr(ScJsonReader) reader = NULL;
  g_autoptr(GPtrArray) copy = NULL;
  gboolean same;

  g_return_val_if_fail (SC_IS_SHOW (self), FALSE);
  g_return_val_if_fail (sources != NULL, FALSE);

  reader = setter_reader_new (self);
  copy = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_source_config_free);
  for (guint i = 0; i < sources->len; i++)
    {
      const ScSourceConfig *source = g_ptr_array_index (sources, i);
      g_autoptr(JsonNode) node = sc_source_config_to_json (source, NULL);
      g_autofree char *path = sc_json_path_index ("$.sources", i);
      ScSourceConfig *checked = sc_source_config_new_from_json (node, reader, path);

      if (checked != NULL)
        g_ptr_array_add (copy, checked);
    }
  if (sc_json_reader_get_n_errors (reader) == 0)
    sc_source_configs_check (copy, reader, "$.sources");
  if (!sc_json_reader_propagate (reader, error))
    return FALSE;

  same = copy->len == self->sources->len;
  for (guint i = 0; same && i < copy->len; i++)
    same = sc_source_config_equal (g_ptr_array_index (copy, i),
                                   g_ptr_array_index (self->sources, i));
  if (same)
    return TRUE;
  g_ptr_array_unref (self->sources);
  self->sources = g_steal_pointer (&copy);
  emit_changed (self);
  return TRUE;
}

static ScOutputConfig *
check_output (ScShow                *self,
              const ScOutputConfig  *output,
              guint                  index,
              GError               **error)
{
  g_autoptr(ScJsonReader) reader = setter_reader_new (self);
  g_autofree char *path = sc_json_path_index ("$.outputs", index);
  g_autofree char *key_env_path = sc_json_path_member (path, "key_env");
  g_autofree char *name_path = sc_json_path_member (path, "name");
  g_autofree char *url_path = sc_json_path_member (path, "url");
  ScOutputConfig *copy;

  if (output->name == NULL || output->name[0] == '\0')
    sc_json_reader_fail_missing (reader, name_path, _("a non-empty string"));
  else
    check_output_name (reader, self->outputs, output->name, index, path);
  if (output->url == NULL)
    sc_json_reader_fail_missing (reader, url_path, _("an rtmp://, rtmps:// or srt:// URL"));
  else
    sc_output_url_check (output->url, reader, url_path);
  if (output->key_env != NULL && !sc_json_is_env_name (output->key_env))
    {
      g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), output->key_env);

      sc_json_reader_fail_expected (reader, key_env_path,
                                    _("the name of an environment variable such as "
                                      "\"SHOPCAST_KEY_YOUTUBE\""), node);
    }
  if (!sc_json_reader_propagate (reader, error))
    return NULL;

  copy = sc_output_config_copy (output);
  return copy;
}

static gboolean
output_equal (const ScOutputConfig *a,
              const ScOutputConfig *b)
{
  return g_strcmp0 (a->name, b->name) == 0 && g_strcmp0 (a->url, b->url) == 0 &&
         g_strcmp0 (a->key, b->key) == 0 && g_strcmp0 (a->key_env, b->key_env) == 0 &&
         a->enabled == b->enabled;
}

gboolean
sc_show_add_output (ScShow                *self,
                    const ScOutputConfig  *output,
                    GError               **error)
{
  ScOutputConfig *copy;

  g_return_val_if_fail (SC_IS_SHOW (self), FALSE);
  g_return_val_if_fail (output != NULL, FALSE);

  copy = check_output (self, output, self->outputs->len, error);
  if (copy == NULL)
    return FALSE;
  g_ptr_array_add (self->outputs, copy);
  emit_changed (self);
  return TRUE;
}

gboolean
sc_show_update_output (ScShow                *self,
                       guint                  index,
                       const ScOutputConfig  *output,
                       GError               **error)
{
  ScOutputConfig *copy;

  g_return_val_if_fail (SC_IS_SHOW (self), FALSE);
  g_return_val_if_fail (output != NULL, FALSE);
  g_return_val_if_fail (index < self->outputs->len, FALSE);

  copy = check_output (self, output, index, error);
  if (copy == NULL)
    return FALSE;
  if (output_equal (copy, g_ptr_array_index (self->outputs, index)))
    {
      sc_output_config_free (copy);
      return TRUE;
    }
  sc_output_config_free (g_ptr_array_index (self->outputs, index));
  g_ptr_array_index (self->outputs, index) = copy;
  emit_changed (self);
  return TRUE;
}

void
sc_show_remove_output (ScShow *self,
                       guint   index)
{
  g_return_if_fail (SC_IS_SHOW (self));
  g_return_if_fail (index < self->outputs->len);

  g_ptr_array_remove_index (self->outputs, index);
  emit_changed (self);
}

void
sc_show_set_layout (ScShow       *self,
                    ScLayoutKind  layout)
{
  g_return_if_fail (SC_IS_SHOW (self));
  g_return_if_fail (layout <= SC_LAYOUT_PRODUCT_FOCUS);

  if (self->layout == layout)
    return;
  self->layout = layout;
  emit_changed (self);
}

gboolean
sc_show_set_brand_kit (ScShow            *self,
                       const ScBrandKit  *brand_kit,
                       GError           **error)
{
  g_return_val_if_fail (SC_IS_SHOW (self), FALSE);
  g_return_val_if_fail (brand_kit != NULL, FALSE);

  if (brand_kit->font_family == NULL || brand_kit->font_family[0] == '\0')
    {
      g_set_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID,
                   _("$.brand.font: expected a non-empty string, got nothing"));
      return FALSE;
    }
  if (brand_kit->logo_uri != NULL)
    {
      g_autoptr(ScJsonReader) reader = setter_reader_new (self);
      g_autoptr(GFile) logo = g_file_new_for_uri (brand_kit->logo_uri);

      sc_json_reader_check_file (reader, logo, "$.brand.logo");
      if (!sc_json_reader_propagate (reader, error))
        return FALSE;
    }
  if (sc_brand_kit_equal (self->brand_kit, brand_kit))
    return TRUE;
  sc_brand_kit_free (self->brand_kit);
  self->brand_kit = sc_brand_kit_copy (brand_kit);
  emit_changed (self);
  return TRUE;
}

static gboolean
shops_equal (const ScShopConfig *a,
             const ScShopConfig *b)
{
  g_autoptr(JsonNode) node_a = NULL;
  g_autoptr(JsonNode) node_b = NULL;

  if (a == NULL || b == NULL)
    return a == b;
  /* What is saved, and the secrets it names. */
  node_a = sc_shop_config_to_json (a);
  node_b = sc_shop_config_to_json (b);
  return json_node_equal (node_a, node_b) && g_strcmp0 (a->token, b->token) == 0 &&
         g_strcmp0 (a->consumer_key, b->consumer_key) == 0 &&
         g_strcmp0 (a->consumer_secret, b->consumer_secret) == 0 &&
         g_strcmp0 (a->webhook_secret, b->webhook_secret) == 0;
}

void
sc_show_set_shop (ScShow             *self,
                  const ScShopConfig *shop)
{
  g_return_if_fail (SC_IS_SHOW (self));

  if (shops_equal (self->shop, shop))
    return;
  g_clear_pointer (&self->shop, sc_shop_config_free);
  if (shop != NULL)
    {
      self->shop = sc_shop_config_copy (shop);
      /* A local shop follows the show's catalog file. */
      if (self->shop->kind == SC_SHOP_KIND_LOCAL && self->catalog_file != NULL)
        {
          g_free (self->shop->file);
          self->shop->file = g_strdup (self->catalog_file);
        }
    }
  emit_changed (self);
}

void
sc_show_set_chat_sources (ScShow    *self,
                          GPtrArray *chat_sources)
{
  gboolean same;

  g_return_if_fail (SC_IS_SHOW (self));
  g_return_if_fail (chat_sources != NULL);

  same = chat_sources->len == self->chat_sources->len;
  for (guint i = 0; same && i < chat_sources->len; i++)
    {
      const ScChatConfig *a = g_ptr_array_index (chat_sources, i);
      const ScChatConfig *b = g_ptr_array_index (self->chat_sources, i);
      g_autoptr(JsonNode) node_a = sc_chat_config_to_json (a);
      g_autoptr(JsonNode) node_b = sc_chat_config_to_json (b);

      same = json_node_equal (node_a, node_b) && g_strcmp0 (a->token, b->token) == 0 &&
             g_strcmp0 (a->api_key, b->api_key) == 0 &&
             g_strcmp0 (a->oauth_token, b->oauth_token) == 0;
    }
  if (same)
    return;
  g_ptr_array_set_size (self->chat_sources, 0);
  for (guint i = 0; i < chat_sources->len; i++)
    g_ptr_array_add (self->chat_sources,
                     sc_chat_config_copy (g_ptr_array_index (chat_sources, i)));
  emit_changed (self);
}

void
sc_show_set_chat_visible (ScShow   *self,
                          gboolean  visible)
{
  g_return_if_fail (SC_IS_SHOW (self));

  visible = !!visible;
  if (self->chat_visible == visible)
    return;
  self->chat_visible = visible;
  emit_changed (self);
}

static gboolean
strv_equal0 (const char * const *a,
             const char * const *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal (a, b);
}

/* Replaces *@list unless equal; empty strings are left out. */
static void
set_list (ScShow             *self,
          GStrv              *list,
          const char * const *value)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  GStrv copy = NULL;

  if (value != NULL)
    {
      builder = g_strv_builder_new ();
      for (guint i = 0; value[i] != NULL; i++)
        if (value[i][0] != '\0')
          g_strv_builder_add (builder, value[i]);
      copy = g_strv_builder_end (builder);
    }
  if (strv_equal0 ((const char * const *)*list, (const char * const *)copy))
    {
      g_strfreev (copy);
      return;
    }
  g_strfreev (*list);
  *list = copy;
  emit_changed (self);
}

void
sc_show_set_claim_keywords (ScShow             *self,
                            const char * const *keywords)
{
  g_return_if_fail (SC_IS_SHOW (self));
  set_list (self, &self->claim_keywords, keywords);
}

gboolean
sc_show_set_locale (ScShow      *self,
                    const char  *locale,
                    GError     **error)
{
  g_autofree char *normal = NULL;

  g_return_val_if_fail (SC_IS_SHOW (self), FALSE);

  if (locale != NULL)
    {
      normal = sc_locale_normalize (locale);
      if (normal == NULL)
        {
          g_set_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID,
                       _("$.locale: expected a BCP 47 language tag such as \"de-DE\", got \"%s\""),
                       locale);
          return FALSE;
        }
    }
  if (g_strcmp0 (self->locale, normal) == 0)
    return TRUE;
  g_free (self->locale);
  self->locale = g_steal_pointer (&normal);
  emit_changed (self);
  return TRUE;
}

void
sc_show_set_blocked_words (ScShow             *self,
                           const char * const *words)
{
  g_return_if_fail (SC_IS_SHOW (self));
  set_list (self, &self->blocked_words, words);
}

void
sc_show_set_blocked_authors (ScShow             *self,
                             const char * const *authors)
{
  g_return_if_fail (SC_IS_SHOW (self));
  set_list (self, &self->blocked_authors, authors);
}

gboolean
sc_show_set_recording (ScShow                   *self,
                       const ScRecordingConfig  *recording,
                       GError                  **error)
{
  g_return_val_if_fail (SC_IS_SHOW (self), FALSE);
  g_return_val_if_fail (recording != NULL, FALSE);

  if (recording->path != NULL && !g_path_is_absolute (recording->path))
    {
      g_set_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID,
                   _("$.recording.path: expected an absolute local file path, got “%s”"),
                   recording->path);
      return FALSE;
    }
  if (self->recording.enabled == recording->enabled &&
      self->recording.format == recording->format &&
      g_strcmp0 (self->recording.path, recording->path) == 0)
    return TRUE;
  self->recording.enabled = recording->enabled;
  self->recording.format = recording->format;
  g_free (self->recording.path);
  self->recording.path = g_strdup (recording->path);
  emit_changed (self);
  return TRUE;
}

/* Getters */

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
sc_show_get_n_segments (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), 0);
  return self->segments->len;
}

const ScShowSegment *
sc_show_get_segment (ScShow *self,
                     guint   index)
{
  g_return_val_if_fail (SC_IS_SHOW (self), NULL);
  if (index >= self->segments->len)
    return NULL;
  return g_ptr_array_index (self->segments, index);
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
  return self->recording.enabled;
}

const char *
sc_show_get_recording_path (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), NULL);
  return self->recording.path;
}

ScRecordingFormat
sc_show_get_recording_format (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), SC_RECORDING_MATROSKA);
  return self->recording.format;
}

const ScRecordingConfig *
sc_show_get_recording (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), NULL);
  return &self->recording;
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

  if (self->recording.path != NULL)
    return g_strdup (self->recording.path);

  if (when == NULL)
    when = now = g_date_time_new_now_local ();
  /* No ":" in the time: the file may be copied to filesystems that refuse it. */
  stamp = g_date_time_format (when, "%Y-%m-%d %H-%M-%S");
  title = g_strdelimit (g_strdup (self->title), "/\\:", '-');
  file_name = g_strdup_printf ("%s %s.%s", title, stamp,
                               self->recording.format == SC_RECORDING_MP4 ? "mp4" : "mkv");

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

const char *
sc_show_get_locale (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), NULL);
  return self->locale != NULL ? self->locale : self->default_locale;
}

gboolean
sc_show_get_locale_is_set (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), FALSE);
  return self->locale != NULL;
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

gboolean
sc_show_get_product_qr (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), FALSE);
  return self->product_qr;
}

GStrv
sc_show_dup_campaign_tags (ScShow *self)
{
  const char *defaults[] = {
    "utm_source", "shopcast", "utm_medium", "live", "utm_campaign", self->title,
  };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonObject *utm = self->utm != NULL ? json_node_get_object (self->utm) : NULL;
  g_autoptr(GList) members = utm != NULL ? json_object_get_members (utm) : NULL;

  g_return_val_if_fail (SC_IS_SHOW (self), NULL);

  /* The defaults first, each replaced (or left out, null) by the file's. */
  for (guint i = 0; i < G_N_ELEMENTS (defaults); i += 2)
    {
      JsonNode *value = utm != NULL ? json_object_get_member (utm, defaults[i]) : NULL;

      if (value != NULL && JSON_NODE_HOLDS_NULL (value))
        continue;
      g_strv_builder_add (builder, defaults[i]);
      g_strv_builder_add (builder, value != NULL ? json_node_get_string (value)
                                                 : defaults[i + 1]);
    }
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (utm, l->data);
      gboolean is_default = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (defaults); i += 2)
        is_default |= g_str_equal (defaults[i], l->data);
      if (is_default || JSON_NODE_HOLDS_NULL (value))
        continue;
      g_strv_builder_add (builder, l->data);
      g_strv_builder_add (builder, json_node_get_string (value));
    }
  return g_strv_builder_end (builder);
}

const ScNextShow *
sc_show_get_next_show (ScShow *self)
{
  g_return_val_if_fail (SC_IS_SHOW (self), NULL);
  return self->next_show;
}
