/* sc-catalog.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-catalog"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "base/sc-file-access.h"
#include "base/sc-json-reader.h"
#include "base/sc-json.h"

#include "sc-catalog.h"
#include "sc-money.h"
#include "sc-shop-error.h"

/* A catalog file is a few hundred bytes a product; anything this big is
 * not a catalog, and must not be read into memory whole. */
#define MAX_CATALOG_FILE_SIZE (32 * 1024 * 1024)

struct _ScCatalog
{
  GObject     parent_instance;

  GPtrArray  *products;   /* ScProduct *, catalog order */
  GHashTable *by_id;      /* id -> ScProduct * (borrowed from @products) */
  GHashTable *by_number;  /* numeric tail of a Shopify GID -> ScProduct * (borrowed) */
  GHashTable *by_sku;     /* casefolded SKU -> ScProduct * (borrowed) */
  /* Rebuilt on the next lookup: a sync of thousands of products would
   * otherwise rebuild it once per product. Products changing their SKU
   * move sc_product_get_sku_serial(): a signal handler on each of 100,000
   * products cost more than the products themselves to connect and to
   * disconnect. */
  gboolean    sku_index_dirty;
  guint       sku_serial;
};

static void list_model_iface_init   (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScCatalog, sc_catalog, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
sc_catalog_get_item_type (GListModel *model)
{
  return SC_TYPE_PRODUCT;
}

static guint
sc_catalog_get_n_items (GListModel *model)
{
  return SC_CATALOG (model)->products->len;
}

static gpointer
sc_catalog_get_item (GListModel *model,
                     guint       position)
{
  ScCatalog *self = SC_CATALOG (model);

  if (position >= self->products->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->products, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sc_catalog_get_item_type;
  iface->get_n_items = sc_catalog_get_n_items;
  iface->get_item = sc_catalog_get_item;
}

static void
sc_catalog_dispose (GObject *object)
{
  ScCatalog *self = (ScCatalog *)object;

  g_hash_table_remove_all (self->by_id);
  g_hash_table_remove_all (self->by_number);
  g_hash_table_remove_all (self->by_sku);
  g_ptr_array_set_size (self->products, 0);

  G_OBJECT_CLASS (sc_catalog_parent_class)->dispose (object);
}

static void
sc_catalog_finalize (GObject *object)
{
  ScCatalog *self = (ScCatalog *)object;

  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->by_number);
  g_hash_table_unref (self->by_sku);
  g_ptr_array_unref (self->products);

  G_OBJECT_CLASS (sc_catalog_parent_class)->finalize (object);
}

static void
sc_catalog_class_init (ScCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_catalog_dispose;
  object_class->finalize = sc_catalog_finalize;
}

static void
sc_catalog_init (ScCatalog *self)
{
  self->products = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_number = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_sku = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

ScCatalog *
sc_catalog_new (void)
{
  return g_object_new (SC_TYPE_CATALOG, NULL);
}

static void
rebuild_sku_index (ScCatalog *self)
{
  g_hash_table_remove_all (self->by_sku);
  self->sku_serial = sc_product_get_sku_serial ();
  for (guint i = 0; i < self->products->len; i++)
    {
      ScProduct *product = g_ptr_array_index (self->products, i);
      const char *sku = sc_product_get_sku (product);

      /* The first product with a SKU wins, as lookups are in catalog order. */
      if (sku != NULL && sku[0] != '\0')
        {
          char *key = g_utf8_casefold (sku, -1);

          if (g_hash_table_contains (self->by_sku, key))
            g_free (key);
          else
            g_hash_table_insert (self->by_sku, key, product);
        }
    }
  self->sku_index_dirty = FALSE;
}

static gboolean
is_number (const char *text)
{
  if (text == NULL || text[0] == '\0')
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

/* "gid://shopify/Product/123" -> "123" (a pointer into @id), else NULL:
 * hosts and `--pin` use the numeric id the Shopify admin shows. */
static const char *
gid_number (const char *id)
{
  const char *slash;

  if (!g_str_has_prefix (id, "gid://"))
    return NULL;
  slash = strrchr (id, '/');
  return is_number (slash + 1) ? slash + 1 : NULL;
}

static void
index_product (ScCatalog *self,
               ScProduct *product)
{
  const char *id = sc_product_get_id (product);
  const char *number = gid_number (id);

  g_hash_table_insert (self->by_id, (gpointer)id, product);
  if (number != NULL && !g_hash_table_contains (self->by_number, number))
    g_hash_table_insert (self->by_number, (gpointer)number, product);
  self->sku_index_dirty = TRUE;
}

static void
unindex_product (ScCatalog *self,
                 ScProduct *product)
{
  const char *id = sc_product_get_id (product);
  const char *number = gid_number (id);

  if (g_hash_table_lookup (self->by_id, id) == product)
    g_hash_table_remove (self->by_id, id);
  if (number != NULL && g_hash_table_lookup (self->by_number, number) == product)
    g_hash_table_remove (self->by_number, number);
  self->sku_index_dirty = TRUE;
}

/* A product whose id is already in the catalog replaces that one in place,
 * so a provider can re-add a product it fetched again. */
void
sc_catalog_add (ScCatalog *self,
                ScProduct *product)
{
  ScProduct *old;
  guint position;

  g_return_if_fail (SC_IS_CATALOG (self));
  g_return_if_fail (SC_IS_PRODUCT (product));

  old = g_hash_table_lookup (self->by_id, sc_product_get_id (product));
  if (old == product)
    return;

  if (old != NULL && g_ptr_array_find (self->products, old, &position))
    {
      unindex_product (self, old);
      index_product (self, product);
      g_ptr_array_index (self->products, position) = g_object_ref (product);
      g_object_unref (old);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
      return;
    }

  index_product (self, product);
  position = self->products->len;
  g_ptr_array_add (self->products, g_object_ref (product));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

gboolean
sc_catalog_remove (ScCatalog  *self,
                   const char *id)
{
  ScProduct *product;
  guint position;

  g_return_val_if_fail (SC_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  product = g_hash_table_lookup (self->by_id, id);
  if (product == NULL || !g_ptr_array_find (self->products, product, &position))
    return FALSE;

  unindex_product (self, product);
  g_ptr_array_remove_index (self->products, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  return TRUE;
}

static gboolean
variants_equal (ScProduct *a,
                ScProduct *b)
{
  GListModel *va = sc_product_get_variants (a);
  GListModel *vb = sc_product_get_variants (b);
  guint n = g_list_model_get_n_items (va);

  if (n != g_list_model_get_n_items (vb))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScVariant) x = g_list_model_get_item (va, i);
      g_autoptr(ScVariant) y = g_list_model_get_item (vb, i);

      if (g_strcmp0 (sc_variant_get_id (x), sc_variant_get_id (y)) != 0 ||
          g_strcmp0 (sc_variant_get_title (x), sc_variant_get_title (y)) != 0 ||
          g_strcmp0 (sc_variant_get_sku (x), sc_variant_get_sku (y)) != 0 ||
          sc_variant_get_price (x) != sc_variant_get_price (y) ||
          sc_variant_get_compare_at_price (x) != sc_variant_get_compare_at_price (y) ||
          sc_variant_get_stock (x) != sc_variant_get_stock (y))
        return FALSE;
    }
  return TRUE;
}

/* Whether sc_product_update_from (@product, @incoming) would change anything. */
static gboolean
product_equal (ScProduct *product,
               ScProduct *incoming)
{
  GDateTime *a = sc_product_get_updated_at (product);
  GDateTime *b = sc_product_get_updated_at (incoming);

  if ((a == NULL) != (b == NULL) || (a != NULL && !g_date_time_equal (a, b)))
    return FALSE;
  if (sc_product_get_claim_code (incoming) != NULL &&
      g_strcmp0 (sc_product_get_claim_code (product), sc_product_get_claim_code (incoming)) != 0)
    return FALSE;
  return g_strcmp0 (sc_product_get_title (product), sc_product_get_title (incoming)) == 0 &&
         g_strcmp0 (sc_product_get_sku (product), sc_product_get_sku (incoming)) == 0 &&
         g_strcmp0 (sc_product_get_url (product), sc_product_get_url (incoming)) == 0 &&
         g_strcmp0 (sc_product_get_currency (product), sc_product_get_currency (incoming)) == 0 &&
         g_strcmp0 (sc_product_get_image_uri (product), sc_product_get_image_uri (incoming)) == 0 &&
         sc_product_get_price (product) == sc_product_get_price (incoming) &&
         sc_product_get_compare_at_price (product) == sc_product_get_compare_at_price (incoming) &&
         sc_product_get_stock (product) == sc_product_get_stock (incoming) &&
         variants_equal (product, incoming);
}

void
sc_catalog_merge (ScCatalog *self,
                  GPtrArray *products,
                  gboolean   complete,
                  guint     *added,
                  guint     *updated,
                  guint     *removed)
{
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GHashTable) changed = NULL;
  g_autoptr(GHashTable) new_by_id = NULL;
  g_autoptr(GPtrArray) appends = NULL;
  guint n_removed = 0;
  guint position;

  g_return_if_fail (SC_IS_CATALOG (self));
  g_return_if_fail (products != NULL);

  /* Ids are borrowed from @products, which outlives these tables. */
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  changed = g_hash_table_new (NULL, NULL);
  new_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  appends = g_ptr_array_new ();

  for (guint i = 0; i < products->len; i++)
    {
      ScProduct *incoming = g_ptr_array_index (products, i);
      const char *id = sc_product_get_id (incoming);
      ScProduct *existing = g_hash_table_lookup (self->by_id, id);
      gpointer index;

      g_hash_table_add (seen, (gpointer)id);
      if (existing == incoming)
        continue;
      if (existing != NULL)
        {
          if (!product_equal (existing, incoming))
            {
              sc_product_update_from (existing, incoming);
              g_hash_table_add (changed, existing);
            }
          continue;
        }
      /* The same id twice in one listing (a shop paging by offset while
       * products change): the later copy is the newer one. */
      if (g_hash_table_lookup_extended (new_by_id, id, NULL, &index))
        g_ptr_array_index (appends, GPOINTER_TO_UINT (index)) = incoming;
      else
        {
          g_hash_table_insert (new_by_id, (gpointer)id, GUINT_TO_POINTER (appends->len));
          g_ptr_array_add (appends, incoming);
        }
    }

  /* Removals run by run from the end, so each items-changed describes the
   * model as it is when the signal is emitted. */
  position = complete ? self->products->len : 0;
  while (position > 0)
    {
      guint end;

      if (g_hash_table_contains (seen, sc_product_get_id (g_ptr_array_index (self->products,
                                                                             position - 1))))
        {
          position--;
          continue;
        }
      end = position;
      while (position > 0 &&
             !g_hash_table_contains (seen, sc_product_get_id (g_ptr_array_index (self->products,
                                                                                 position - 1))))
        position--;
      for (guint i = position; i < end; i++)
        unindex_product (self, g_ptr_array_index (self->products, i));
      g_ptr_array_remove_range (self->products, position, end - position);
      n_removed += end - position;
      g_list_model_items_changed (G_LIST_MODEL (self), position, end - position, 0);
    }

  if (appends->len > 0)
    {
      position = self->products->len;
      for (guint i = 0; i < appends->len; i++)
        {
          ScProduct *product = g_ptr_array_index (appends, i);

          index_product (self, product);
          g_ptr_array_add (self->products, g_object_ref (product));
        }
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, appends->len);
    }

  if (added != NULL)
    *added = appends->len;
  if (updated != NULL)
    *updated = g_hash_table_size (changed);
  if (removed != NULL)
    *removed = n_removed;
}

ScProduct *
sc_catalog_lookup (ScCatalog  *self,
                   const char *id_or_sku)
{
  g_autofree char *key = NULL;
  ScProduct *product;

  g_return_val_if_fail (SC_IS_CATALOG (self), NULL);

  if (id_or_sku == NULL || id_or_sku[0] == '\0')
    return NULL;

  product = g_hash_table_lookup (self->by_id, id_or_sku);
  if (product != NULL)
    return product;

  if (is_number (id_or_sku))
    {
      product = g_hash_table_lookup (self->by_number, id_or_sku);
      if (product != NULL)
        return product;
    }

  /* Shop providers change SKUs on sync; the index follows. */
  if (self->sku_index_dirty || self->sku_serial != sc_product_get_sku_serial ())
    rebuild_sku_index (self);
  key = g_utf8_casefold (id_or_sku, -1);
  return g_hash_table_lookup (self->by_sku, key);
}

gboolean
sc_catalog_find_position (ScCatalog *self,
                          ScProduct *product,
                          guint     *position)
{
  g_return_val_if_fail (SC_IS_CATALOG (self), FALSE);

  return product != NULL && g_ptr_array_find (self->products, product, position);
}

ScProduct *
sc_catalog_lookup_claim_code (ScCatalog  *self,
                              const char *code)
{
  g_return_val_if_fail (SC_IS_CATALOG (self), NULL);

  if (code == NULL || code[0] == '\0')
    return NULL;

  for (guint i = 0; i < self->products->len; i++)
    {
      ScProduct *product = g_ptr_array_index (self->products, i);
      const char *product_code = sc_product_get_claim_code (product);

      if (product_code != NULL && g_ascii_strcasecmp (product_code, code) == 0)
        return product;
    }
  return NULL;
}

static void
assign_next_code (ScProduct  *product,
                  GHashTable *used,
                  guint      *next)
{
  char *code = NULL;

  if (sc_product_get_claim_code (product) != NULL)
    return;

  do
    {
      g_free (code);
      code = g_strdup_printf ("A%u", (*next)++);
    }
  while (g_hash_table_contains (used, code));

  sc_product_set_claim_code (product, code);
  g_hash_table_add (used, code);
}

void
sc_catalog_assign_claim_codes (ScCatalog          *self,
                               const char * const *rundown)
{
  g_autoptr(GHashTable) used = NULL;
  guint next = 1;

  g_return_if_fail (SC_IS_CATALOG (self));

  /* Codes are matched case-insensitively in chat ("sold a3"), so an
   * explicit "a2" blocks "A2" too. */
  used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < self->products->len; i++)
    {
      const char *code = sc_product_get_claim_code (g_ptr_array_index (self->products, i));

      if (code != NULL)
        g_hash_table_add (used, g_ascii_strup (code, -1));
    }

  for (guint i = 0; rundown != NULL && rundown[i] != NULL; i++)
    {
      ScProduct *product = sc_catalog_lookup (self, rundown[i]);

      if (product != NULL)
        assign_next_code (product, used, &next);
    }

  for (guint i = 0; i < self->products->len; i++)
    assign_next_code (g_ptr_array_index (self->products, i), used, &next);
}

/* Loading a catalog file. */

/* Read through ScJsonReader: "catalog.json: $.products[2].price: …". */
typedef struct {
  ScJsonReader *reader;
  GFile        *folder;   /* where relative image paths resolve */
  const char   *currency;
} Loader;

static char *
resolve_image (Loader     *loader,
               const char *image)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) readable = NULL;

  if (g_uri_peek_scheme (image) != NULL)
    return g_strdup (image);
  if (g_path_is_absolute (image) || loader->folder == NULL)
    file = g_file_new_for_path (image);
  else
    file = g_file_resolve_relative_path (loader->folder, image);
  /* In the sandbox: a host path below a folder the person allowed. */
  readable = sc_file_access_readable (file);
  return g_file_get_uri (readable);
}

/* What a product object says, read by either reader. */
enum { FIELD_ID, FIELD_TITLE, FIELD_SKU, FIELD_IMAGE, FIELD_URL, FIELD_CLAIM_CODE,
       N_STRING_FIELDS };

typedef struct {
  const char *strings[N_STRING_FIELDS];   /* NULL: absent or null */
  gint64      price;
  gint64      compare_at_price;
  gint64      stock;
} ProductFields;

static ScProduct *
make_product (Loader              *loader,
              const ProductFields *fields)
{
  ScProduct *product = sc_product_new (fields->strings[FIELD_ID], fields->strings[FIELD_TITLE]);

  sc_product_set_currency (product, loader->currency);
  sc_product_set_sku (product, fields->strings[FIELD_SKU]);
  sc_product_set_price (product, fields->price);
  sc_product_set_compare_at_price (product, fields->compare_at_price);
  sc_product_set_stock (product, fields->stock);
  sc_product_set_url (product, fields->strings[FIELD_URL]);
  sc_product_set_claim_code (product, fields->strings[FIELD_CLAIM_CODE]);
  if (fields->strings[FIELD_IMAGE] != NULL)
    {
      g_autofree char *uri = resolve_image (loader, fields->strings[FIELD_IMAGE]);
      sc_product_set_image_uri (product, uri);
    }
  return product;
}

static ScProduct *
parse_product (Loader     *loader,
               JsonNode   *node,
               const char *path)
{
  static const char *allowed[] = {
    "id", "title", "sku", "price", "compare_at_price", "stock", "image", "url",
    "claim_code", NULL
  };
  const char *price_expected = _("a price as a decimal string such as \"19.90\" "
                                 "(numbers are not exact enough for money)");
  ScJsonReader *reader = loader->reader;
  JsonObject *object;
  const char *id = NULL, *title = NULL, *sku = NULL, *image = NULL, *url = NULL;
  const char *claim_code = NULL;
  gint64 price, compare_at_price;
  gint64 stock = SC_STOCK_UNTRACKED;

  if (!sc_json_reader_expect_object (reader, node, path, _("a product object"), &object) ||
      !sc_json_reader_check_members (reader, object, path, allowed) ||
      !sc_json_reader_require_string (reader, object, path, "id", &id) ||
      !sc_json_reader_require_string (reader, object, path, "title", &title) ||
      !sc_json_reader_get_string (reader, object, path, "sku", &sku) ||
      !sc_money_read (reader, object, path, "price", SC_JSON_DECIMAL_REQUIRED, price_expected,
                      loader->currency, &price, NULL) ||
      !sc_money_read (reader, object, path, "compare_at_price", SC_JSON_DECIMAL_OPTIONAL,
                      price_expected, loader->currency, &compare_at_price, NULL) ||
      !sc_json_reader_get_string (reader, object, path, "image", &image) ||
      !sc_json_reader_get_string (reader, object, path, "url", &url) ||
      !sc_json_reader_get_string (reader, object, path, "claim_code", &claim_code) ||
      !sc_json_reader_get_int64 (reader, object, path, "stock", 0, G_MAXINT64,
                                 _("a whole number of items, at least 0, or null when "
                                   "stock is not tracked"), &stock))
    return NULL;

  return make_product (loader, &(ProductFields) {
                         .strings = { id, title, sku, image, url, claim_code },
                         .price = price, .compare_at_price = compare_at_price,
                         .stock = stock });
}

static gboolean
is_currency_code (const char *text)
{
  return strlen (text) == 3 && g_ascii_isupper (text[0]) && g_ascii_isupper (text[1]) &&
         g_ascii_isupper (text[2]);
}

static gboolean
parse_catalog (Loader     *loader,
               JsonNode   *root,
               ScCatalog  *catalog)
{
  static const char *allowed[] = { "currency", "products", NULL };
  const char *currency_expected = _("an ISO 4217 currency code such as \"EUR\"");
  ScJsonReader *reader = loader->reader;
  g_autoptr(GHashTable) codes = NULL;
  JsonObject *object;
  JsonArray *array;

  if (root == NULL)
    return sc_json_reader_fail_invalid (reader, "$", _("the file is empty"));
  if (!sc_json_reader_expect_object (reader, root, "$", _("an object"), &object) ||
      !sc_json_reader_check_members (reader, object, "$", allowed))
    return FALSE;
  if (sc_json_object_get_value (object, "currency") == NULL)
    return sc_json_reader_fail_missing (reader, "$.currency", currency_expected);
  loader->currency = sc_json_peek_string (object, "currency");
  if (loader->currency == NULL || !is_currency_code (loader->currency))
    return sc_json_reader_fail_expected (reader, "$.currency", currency_expected,
                                         json_object_get_member (object, "currency"));
  if (!sc_json_reader_expect_array (reader, json_object_get_member (object, "products"),
                                    "$.products", _("an array of products"), &array))
    return FALSE;

  /* claim code (upper case) -> index of the product that has it */
  codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("$.products[%u]", i);
      g_autoptr(ScProduct) product = NULL;
      const char *code;

      product = parse_product (loader, json_array_get_element (array, i), path);
      if (product == NULL)
        return FALSE;

      if (g_hash_table_contains (catalog->by_id, sc_product_get_id (product)))
        {
          g_autofree char *id_path = g_strdup_printf ("%s.id", path);
          g_autofree char *escaped = g_strescape (sc_product_get_id (product), NULL);
          return sc_json_reader_fail_invalid (reader, id_path,
                                              _("the id \"%s\" is used by another product too"),
                                              escaped);
        }

      code = sc_product_get_claim_code (product);
      if (code != NULL)
        {
          char *key = g_ascii_strup (code, -1);

          if (g_hash_table_contains (codes, key))
            {
              g_autofree char *code_path = g_strdup_printf ("%s.claim_code", path);
              g_autofree char *escaped = g_strescape (code, NULL);
              guint other = GPOINTER_TO_UINT (g_hash_table_lookup (codes, key));

              g_free (key);
              return sc_json_reader_fail_invalid (reader, code_path,
                                                  _("the claim code \"%s\" is used by "
                                                    "$.products[%u] too"), escaped, other);
            }
          g_hash_table_insert (codes, key, GUINT_TO_POINTER (i));
        }

      sc_catalog_add (catalog, product);
    }
  return TRUE;
}

/* The fast reader: the file in one pass, without a json-glib tree, which
 * for 100,000 products took two thirds of the time and most of the memory.
 * It takes only what it is sure of: strict JSON in the catalog's shape,
 * "currency" before "products", every value as parse_product() wants it.
 * At anything else, valid or not (an error, a duplicate id, a member twice,
 * "\u0000", a number it does not read), it gives up, and the general reader
 * reads the file again: it says what is wrong, with the same words and JSON
 * paths, or reads what the fast one did not. */
typedef struct {
  const char *p;
  const char *end;
  GString    *name;                       /* the member name being read */
  GString    *strings[N_STRING_FIELDS];   /* the product's string members */
  GString    *scratch;                    /* a price */
} Scan;

static void
skip_space (Scan *scan)
{
  while (scan->p < scan->end &&
         (*scan->p == ' ' || *scan->p == '\n' || *scan->p == '\r' || *scan->p == '\t'))
    scan->p++;
}

/* The next character after white space is @c: consumed. */
static gboolean
scan_char (Scan *scan,
           char  c)
{
  skip_space (scan);
  if (scan->p >= scan->end || *scan->p != c)
    return FALSE;
  scan->p++;
  return TRUE;
}

static gboolean
scan_null (Scan *scan)
{
  skip_space (scan);
  if (scan->end - scan->p < 4 || memcmp (scan->p, "null", 4) != 0)
    return FALSE;
  scan->p += 4;
  return TRUE;
}

static gboolean
scan_hex4 (Scan     *scan,
           gunichar *value)
{
  *value = 0;
  if (scan->end - scan->p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (*scan->p++);

      if (digit < 0)
        return FALSE;
      *value = *value * 16 + digit;
    }
  return TRUE;
}

/* A string, decoded into @out: valid UTF-8 without NUL, or FALSE. */
static gboolean
scan_string (Scan    *scan,
             GString *out)
{
  const char *start;

  g_string_truncate (out, 0);
  if (!scan_char (scan, '"'))
    return FALSE;
  for (;;)
    {
      start = scan->p;
      while (scan->p < scan->end && *scan->p != '"' && *scan->p != '\\' &&
             (guchar)*scan->p >= 0x20)
        scan->p++;
      g_string_append_len (out, start, scan->p - start);
      if (scan->p >= scan->end || (guchar)*scan->p < 0x20)
        return FALSE;
      if (*scan->p++ == '"')
        break;
      if (scan->p >= scan->end)
        return FALSE;
      switch (*scan->p++)
        {
        case '"': g_string_append_c (out, '"'); break;
        case '\\': g_string_append_c (out, '\\'); break;
        case '/': g_string_append_c (out, '/'); break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        case 'u':
          {
            gunichar c, low;

            if (!scan_hex4 (scan, &c) || c == 0 || (c >= 0xdc00 && c <= 0xdfff))
              return FALSE;
            if (c >= 0xd800 && c <= 0xdbff)
              {
                if (scan->end - scan->p < 2 || scan->p[0] != '\\' || scan->p[1] != 'u')
                  return FALSE;
                scan->p += 2;
                if (!scan_hex4 (scan, &low) || low < 0xdc00 || low > 0xdfff)
                  return FALSE;
                c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
              }
            g_string_append_unichar (out, c);
          }
          break;
        default:
          return FALSE;
        }
    }
  return g_utf8_validate (out->str, out->len, NULL);
}

/* A count written as one: 0 or digits not starting with 0, within 64 bits. */
static gboolean
scan_count (Scan   *scan,
            gint64 *value)
{
  guint64 n = 0;
  const char *start;

  skip_space (scan);
  start = scan->p;
  while (scan->p < scan->end && g_ascii_isdigit (*scan->p))
    {
      if (n > (G_MAXINT64 - 9) / 10)
        return FALSE;
      n = n * 10 + (*scan->p++ - '0');
    }
  if (scan->p == start || (*start == '0' && scan->p - start > 1))
    return FALSE;
  /* "1.5", "1e3": not a count; the general reader says so. */
  if (scan->p < scan->end && (*scan->p == '.' || *scan->p == 'e' || *scan->p == 'E'))
    return FALSE;
  *value = (gint64)n;
  return TRUE;
}

static gboolean
scan_price (Scan       *scan,
            const char *currency,
            gboolean    optional,
            gint64     *value)
{
  *value = 0;
  skip_space (scan);
  if (optional && scan->p < scan->end && *scan->p == 'n')
    return scan_null (scan);
  return scan_string (scan, scan->scratch) && sc_json_is_decimal_text (scan->scratch->str) &&
         sc_money_parse (scan->scratch->str, currency, value, NULL);
}

static ScProduct *
scan_product (Scan   *scan,
              Loader *loader)
{
  static const char *string_members[N_STRING_FIELDS] = {
    "id", "title", "sku", "image", "url", "claim_code"
  };
  enum { SEEN_PRICE = 1 << N_STRING_FIELDS, SEEN_COMPARE = SEEN_PRICE << 1,
         SEEN_STOCK = SEEN_COMPARE << 1 };
  ProductFields fields = { .stock = SC_STOCK_UNTRACKED };
  guint seen = 0;

  if (!scan_char (scan, '{'))
    return NULL;
  if (scan_char (scan, '}'))
    return NULL;   /* no id: the general reader says so */
  do
    {
      const char *name;
      guint field = N_STRING_FIELDS;

      if (!scan_string (scan, scan->name) || !scan_char (scan, ':'))
        return NULL;
      name = scan->name->str;
      for (guint i = 0; i < N_STRING_FIELDS && field == N_STRING_FIELDS; i++)
        if (strcmp (name, string_members[i]) == 0)
          field = i;

      if (field < N_STRING_FIELDS)
        {
          if (seen & (1u << field))
            return NULL;
          seen |= 1u << field;
          /* id and title are required; a string is never "" here. */
          if (field != FIELD_ID && field != FIELD_TITLE && scan_null (scan))
            continue;
          if (!scan_string (scan, scan->strings[field]) || scan->strings[field]->len == 0)
            return NULL;
          fields.strings[field] = scan->strings[field]->str;
        }
      else if (strcmp (name, "price") == 0)
        {
          if ((seen & SEEN_PRICE) ||
              !scan_price (scan, loader->currency, FALSE, &fields.price))
            return NULL;
          seen |= SEEN_PRICE;
        }
      else if (strcmp (name, "compare_at_price") == 0)
        {
          if ((seen & SEEN_COMPARE) ||
              !scan_price (scan, loader->currency, TRUE, &fields.compare_at_price))
            return NULL;
          seen |= SEEN_COMPARE;
        }
      else if (strcmp (name, "stock") == 0)
        {
          if (seen & SEEN_STOCK)
            return NULL;
          seen |= SEEN_STOCK;
          if (!scan_null (scan) && !scan_count (scan, &fields.stock))
            return NULL;
        }
      else
        return NULL;
    }
  while (scan_char (scan, ','));

  if (!scan_char (scan, '}') || fields.strings[FIELD_ID] == NULL ||
      fields.strings[FIELD_TITLE] == NULL || !(seen & SEEN_PRICE))
    return NULL;
  return make_product (loader, &fields);
}

static gboolean
scan_products (Scan      *scan,
               Loader    *loader,
               ScCatalog *catalog)
{
  g_autoptr(GHashTable) codes = NULL;

  if (!scan_char (scan, '['))
    return FALSE;
  if (scan_char (scan, ']'))
    return TRUE;
  codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  do
    {
      g_autoptr(ScProduct) product = scan_product (scan, loader);
      const char *code;

      if (product == NULL || g_hash_table_contains (catalog->by_id, sc_product_get_id (product)))
        return FALSE;
      code = sc_product_get_claim_code (product);
      if (code != NULL && !g_hash_table_add (codes, g_ascii_strup (code, -1)))
        return FALSE;
      sc_catalog_add (catalog, product);
    }
  while (scan_char (scan, ','));
  return scan_char (scan, ']');
}

/* The catalog, or NULL when the general reader must read @contents. */
static ScCatalog *
scan_catalog (const char *contents,
              gsize       length,
              GFile      *folder)
{
  g_autoptr(ScCatalog) catalog = sc_catalog_new ();
  g_autoptr(GString) currency = g_string_new (NULL);
  Loader loader = { .folder = folder };
  Scan scan = { .p = contents, .end = contents + length };
  gboolean ok;

  if (memchr (contents, '\0', length) != NULL)
    return NULL;
  scan.name = g_string_new (NULL);
  scan.scratch = g_string_new (NULL);
  for (guint i = 0; i < N_STRING_FIELDS; i++)
    scan.strings[i] = g_string_new (NULL);

  ok = scan_char (&scan, '{') &&
       scan_string (&scan, scan.name) && strcmp (scan.name->str, "currency") == 0 &&
       scan_char (&scan, ':') && scan_string (&scan, currency) &&
       is_currency_code (currency->str) && scan_char (&scan, ',');
  loader.currency = currency->str;
  ok = ok &&
       scan_string (&scan, scan.name) && strcmp (scan.name->str, "products") == 0 &&
       scan_char (&scan, ':') && scan_products (&scan, &loader, catalog) &&
       scan_char (&scan, '}');
  skip_space (&scan);
  ok = ok && scan.p == scan.end;

  g_string_free (scan.name, TRUE);
  g_string_free (scan.scratch, TRUE);
  for (guint i = 0; i < N_STRING_FIELDS; i++)
    g_string_free (scan.strings[i], TRUE);
  return ok ? g_steal_pointer (&catalog) : NULL;
}

ScCatalog *
sc_catalog_new_from_file (GFile   *file,
                          GError **error)
{
  g_autoptr(ScCatalog) catalog = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(ScJsonReader) reader = NULL;
  Loader loader;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_file_get_basename (file);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            NULL, &local_error);
  if (info == NULL)
    {
      g_autofree char *parse_name = g_file_get_parse_name (file);

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
          g_error_matches (local_error, G_RESOURCE_ERROR, G_RESOURCE_ERROR_NOT_FOUND))
        g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_NOT_FOUND,
                     _("%s: the catalog file does not exist (%s)"), name, parse_name);
      else
        g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                     _("%s: cannot read the catalog file: %s"), name, local_error->message);
      return NULL;
    }
  if (g_file_info_get_size (info) > MAX_CATALOG_FILE_SIZE)
    {
      g_autofree char *size = g_format_size (g_file_info_get_size (info));
      g_autofree char *limit = g_format_size (MAX_CATALOG_FILE_SIZE);

      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("%s: the file is %s; a catalog file is at most %s"), name, size, limit);
      return NULL;
    }

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("%s: cannot read the catalog file: %s"), name, local_error->message);
      return NULL;
    }

  folder = g_file_get_parent (file);
  catalog = scan_catalog (contents, length, folder);
  if (catalog != NULL)
    return g_steal_pointer (&catalog);

  root = sc_json_parse (contents, length, name, &local_error);
  if (root == NULL)
    {
      g_set_error_literal (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                           local_error->message);
      return NULL;
    }

  reader = sc_json_reader_new (name, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                               SC_SHOP_ERROR_INVALID_DATA);
  sc_json_reader_note_literals (reader, contents, length);
  loader = (Loader) { .reader = reader, .folder = folder };
  catalog = sc_catalog_new ();
  if (!parse_catalog (&loader, root, catalog))
    {
      sc_json_reader_propagate (reader, error);
      return NULL;
    }

  return g_steal_pointer (&catalog);
}
