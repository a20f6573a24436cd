/* sc-fake-shopify.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-fake-shopify"

#include "config.h"

#include <libsoup/soup.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sc-fake-shopify.h"

/* This fake does not parse GraphQL. It tells the three queries Shopcast
 * sends apart by their text ("nodes(ids:", "node(id:" or "products("), reads
 * the variants connection's size from "variants(first: N" in the text,
 * everything else from the JSON variables (first, after, query, ids, id,
 * withShop), and always answers the fields Shopcast's queries select, in
 * Shopify's response shape: data, errors[].extensions.code, and
 * extensions.cost with throttleStatus. */

#define DEFAULT_API_VERSION "2024-10"
#define SHOPIFY_PAGE_SIZE_CAP 250
#define SHOPIFY_MAX_QUERY_COST 1000
/* Not in libsoup 3.2's SoupStatus. */
#define HTTP_TOO_MANY_REQUESTS 429
#define RATE_LIMITS_DOC "https://shopify.dev/api/usage/rate-limits"

typedef struct {
  char     *id;
  char     *title;
  char     *sku;
  char     *price;
  char     *compare_at_price;
  gint64    quantity;
  gboolean  tracked;
  char     *inventory_item_id;
} FakeVariant;

typedef struct {
  char      *id;
  char      *title;
  char      *handle;
  char      *online_store_url;
  char      *image_url;
  gint64     updated_at;   /* Unix seconds, as Shopify's timestamps have no fraction */
  guint64    seq;          /* creation order: breaks updated_at ties, like an id would */
  GPtrArray *variants;     /* FakeVariant * */
} FakeProduct;

typedef enum {
  PLAN_FAILURE,
  PLAN_DELAY,
} PlanKind;

typedef struct {
  PlanKind             kind;
  ScFakeShopifyFailure failure;
  guint                delay_ms;
} Plan;

typedef struct {
  char *path;
  char *json;
} Corruption;

struct _ScFakeShopify
{
  GObject     parent_instance;

  ScFakeServer *server;
  char       *token;
  char       *api_version;
  char       *currency;

  GPtrArray  *products;       /* FakeProduct *, sorted by (updated_at, seq) when sorted */
  gboolean    sorted;
  GHashTable *by_id;          /* GID -> FakeProduct * */
  GHashTable *variants;       /* GID -> FakeVariant * */
  guint64     next_seq;

  GQueue      plans;          /* Plan *, one per request */
  GPtrArray  *corruptions;    /* Corruption *, for the next successful answer */
  double      retry_after;
  guint       page_size_cap;
  guint       max_query_cost;

  gboolean    throttling;
  double      bucket_maximum;
  double      bucket_restore_rate;
  double      bucket_available;
  gint64      bucket_time_us;

  guint       throttled_count;
  GArray     *requested_costs;  /* guint, one per answered query */
  char       *last_query;
  JsonObject *last_variables;
  GQueue      refusals;         /* UserError *, for the next price updates */
  guint       update_count;     /* productVariantsBulkUpdate mutations answered */
};

typedef struct {
  char *field;
  char *message;
  char *code;
} UserError;

static void
user_error_free (UserError *user_error)
{
  g_free (user_error->field);
  g_free (user_error->message);
  g_free (user_error->code);
  g_free (user_error);
}

G_DEFINE_FINAL_TYPE (ScFakeShopify, sc_fake_shopify, G_TYPE_OBJECT)

static void
fake_variant_free (FakeVariant *variant)
{
  g_free (variant->id);
  g_free (variant->title);
  g_free (variant->sku);
  g_free (variant->price);
  g_free (variant->compare_at_price);
  g_free (variant->inventory_item_id);
  g_free (variant);
}

static void
fake_product_free (FakeProduct *product)
{
  g_free (product->id);
  g_free (product->title);
  g_free (product->handle);
  g_free (product->online_store_url);
  g_free (product->image_url);
  g_ptr_array_unref (product->variants);
  g_free (product);
}

static void
corruption_free (Corruption *corruption)
{
  g_free (corruption->path);
  g_free (corruption->json);
  g_free (corruption);
}

/* Ids */

static char *
to_gid (const char *id,
        const char *type)
{
  if (g_str_has_prefix (id, "gid://shopify/"))
    return g_strdup (id);
  return g_strdup_printf ("gid://shopify/%s/%s", type, id);
}

static gint64
parse_time (const char *text)
{
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL)
    return g_get_real_time () / G_USEC_PER_SEC;
  time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL)
    {
      g_critical ("“%s” is not an ISO 8601 date and time", text);
      return 0;
    }
  return g_date_time_to_unix (time);
}

static char *
format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
make_handle (const char *title)
{
  GString *handle = g_string_new (NULL);

  for (const char *p = title; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (handle, g_ascii_tolower (*p));
      else if (handle->len > 0 && handle->str[handle->len - 1] != '-')
        g_string_append_c (handle, '-');
    }
  while (handle->len > 0 && handle->str[handle->len - 1] == '-')
    g_string_truncate (handle, handle->len - 1);
  if (handle->len == 0)
    g_string_append (handle, "product");
  return g_string_free (handle, FALSE);
}

/* Catalog */

void
sc_fake_shopify_add_product (ScFakeShopify *self,
                             const char    *id,
                             const char    *title,
                             const char    *updated_at)
{
  FakeProduct *product;

  g_return_if_fail (SC_IS_FAKE_SHOPIFY (self));
  g_return_if_fail (id != NULL && title != NULL);

  product = g_new0 (FakeProduct, 1);
  product->id = to_gid (id, "Product");
  product->title = g_strdup (title);
  product->handle = make_handle (title);
  product->updated_at = parse_time (updated_at);
  product->seq = self->next_seq++;
  product->variants = g_ptr_array_new_with_free_func ((GDestroyNotify)fake_variant_free);

  if (g_hash_table_contains (self->by_id, product->id))
    {
      g_critical ("The fake already has %s", product->id);
      fake_product_free (product);
      return;
    }
  g_ptr_array_add (self->products, product);
  g_hash_table_insert (self->by_id, product->id, product);
  self->sorted = FALSE;
}

static FakeProduct *
lookup_product (ScFakeShopify *self,
                const char    *id)
{
  g_autofree char *gid = to_gid (id, "Product");

  return g_hash_table_lookup (self->by_id, gid);
}

void
sc_fake_shopify_add_variant (ScFakeShopify *self,
                             const char    *product_id,
                             const char    *variant_id,
                             const char    *title,
                             const char    *sku,
                             const char    *price,
                             const char    *compare_at_price,
                             gint64         quantity,
                             gboolean       tracked)
{
  FakeProduct *product;
  FakeVariant *variant;

  g_return_if_fail (SC_IS_FAKE_SHOPIFY (self));
  g_return_if_fail (variant_id != NULL && title != NULL && price != NULL);

  product = lookup_product (self, product_id);
  if (product == NULL)
    {
      g_critical ("The fake has no product %s", product_id);
      return;
    }

  variant = g_new0 (FakeVariant, 1);
  variant->id = to_gid (variant_id, "ProductVariant");
  variant->title = g_strdup (title);
  variant->sku = g_strdup (sku);
  variant->price = g_strdup (price);
  variant->compare_at_price = g_strdup (compare_at_price);
  variant->quantity = quantity;
  variant->tracked = tracked;
  /* Like Shopify, the inventory item is another object with another id. */
  variant->inventory_item_id = g_strdup_printf ("gid://shopify/InventoryItem/%s07",
                                                strrchr (variant->id, '/') + 1);
  g_ptr_array_add (product->variants, variant);
  g_hash_table_insert (self->variants, variant->id, variant);
}

void
sc_fake_shopify_set_product_links (ScFakeShopify *self,
                                   const char    *product_id,
                                   const char    *online_store_url,
                                   const char    *image_url)
{
  FakeProduct *product;

  g_return_if_fail (SC_IS_FAKE_SHOPIFY (self));

  product = lookup_product (self, product_id);
  if (product == NULL)
    {
      g_critical ("The fake has no product %s", product_id);
      return;
    }
  g_free (product->online_store_url);
  product->online_store_url = g_strdup (online_store_url);
  g_free (product->image_url);
  product->image_url = g_strdup (image_url);
}

guint
sc_fake_shopify_get_n_products (ScFakeShopify *self)
{
  g_return_val_if_fail (SC_IS_FAKE_SHOPIFY (self), 0);

  return self->products->len;
}

gboolean
sc_fake_shopify_set_stock (ScFakeShopify *self,
                           const char    *variant_id,
                           gint64         quantity)
{
  g_autofree char *gid = NULL;
  FakeVariant *variant;

  g_return_val_if_fail (SC_IS_FAKE_SHOPIFY (self), FALSE);

  gid = to_gid (variant_id, "ProductVariant");
  variant = g_hash_table_lookup (self->variants, gid);
  if (variant == NULL)
    return FALSE;
  variant->quantity = quantity;
  return TRUE;
}

gboolean
sc_fake_shopify_set_inventory_item (ScFakeShopify *self,
                                    const char    *variant_id,
                                    const char    *inventory_item_id)
{
  g_autofree char *gid = NULL;
  FakeVariant *variant;

  g_return_val_if_fail (SC_IS_FAKE_SHOPIFY (self), FALSE);
  g_return_val_if_fail (inventory_item_id != NULL, FALSE);

  gid = to_gid (variant_id, "ProductVariant");
  variant = g_hash_table_lookup (self->variants, gid);
  if (variant == NULL)
    return FALSE;
  g_free (variant->inventory_item_id);
  variant->inventory_item_id = to_gid (inventory_item_id, "InventoryItem");
  return TRUE;
}

const char *
sc_fake_shopify_get_inventory_item (ScFakeShopify *self,
                                    const char    *variant_id)
{
  g_autofree char *gid = NULL;
  FakeVariant *variant;

  g_return_val_if_fail (SC_IS_FAKE_SHOPIFY (self), NULL);

  gid = to_gid (variant_id, "ProductVariant");
  variant = g_hash_table_lookup (self->variants, gid);
  return variant != NULL ? variant->inventory_item_id : NULL;
}

gboolean
sc_fake_shopify_set_updated_at (ScFakeShopify *self,
                                const char    *product_id,
                                const char    *updated_at)
{
  FakeProduct *product;

  g_return_val_if_fail (SC_IS_FAKE_SHOPIFY (self), FALSE);

  product = lookup_product (self, product_id);
  if (product == NULL)
    return FALSE;
  product->updated_at = parse_time (updated_at);
  self->sorted = FALSE;
  return TRUE;
}

gboolean
sc_fake_shopify_delete_product (ScFakeShopify *self,
                                const char    *product_id)
{
  FakeProduct *product;

  g_return_val_if_fail (SC_IS_FAKE_SHOPIFY (self), FALSE);

  product = lookup_product (self, product_id);
  if (product == NULL)
    return FALSE;
  for (guint i = 0; i < product->variants->len; i++)
    {
      FakeVariant *variant = g_ptr_array_index (product->variants, i);

      g_hash_table_remove (self->variants, variant->id);
    }
  g_hash_table_remove (self->by_id, product->id);
  g_ptr_array_remove (self->products, product);
  return TRUE;
}

/* Fixtures: REST bodies turned into the GraphQL catalog. */

/* REST ids are JSON integers; json-glib keeps them as exact gint64. */
static char *
rest_id (JsonObject *object,
         const char *type)
{
  JsonNode *node = json_object_get_member (object, "id");

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("gid://shopify/%s/%" G_GINT64_FORMAT, type, json_node_get_int (node));
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return to_gid (json_node_get_string (node), type);
  return NULL;
}

static const char *
rest_string (JsonObject *object,
             const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
add_rest_product (ScFakeShopify  *self,
                  JsonObject     *object,
                  const char     *name,
                  GError        **error)
{
  g_autofree char *id = rest_id (object, "Product");
  const char *title = rest_string (object, "title");
  const char *handle = rest_string (object, "handle");
  const char *image = NULL;
  JsonNode *images = json_object_get_member (object, "images");
  JsonNode *variants = json_object_get_member (object, "variants");
  JsonArray *array;
  FakeProduct *product;

  if (id == NULL || title == NULL || variants == NULL || !JSON_NODE_HOLDS_ARRAY (variants))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: a product needs an integer id, a title and variants", name);
      return FALSE;
    }

  if (images != NULL && JSON_NODE_HOLDS_ARRAY (images) &&
      json_array_get_length (json_node_get_array (images)) > 0)
    {
      JsonNode *first = json_array_get_element (json_node_get_array (images), 0);

      if (JSON_NODE_HOLDS_OBJECT (first))
        image = rest_string (json_node_get_object (first), "src");
    }

  sc_fake_shopify_add_product (self, id, title, rest_string (object, "updated_at"));
  product = g_hash_table_lookup (self->by_id, id);
  if (product == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "%s: %s is there twice", name, id);
      return FALSE;
    }
  if (handle != NULL)
    {
      g_free (product->handle);
      product->handle = g_strdup (handle);
    }
  product->image_url = g_strdup (image);

  array = json_node_get_array (variants);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *variant;
      g_autofree char *variant_id = NULL;
      JsonNode *quantity;
      const char *price;
      const char *variant_title;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      variant = json_node_get_object (node);
      variant_id = rest_id (variant, "ProductVariant");
      price = rest_string (variant, "price");
      quantity = json_object_get_member (variant, "inventory_quantity");
      variant_title = rest_string (variant, "title");
      if (variant_id == NULL || price == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s: variant %u of %s needs an id and a price string", name, i, id);
          return FALSE;
        }
      /* REST says "inventory_management": "shopify" for tracked stock, null otherwise. */
      sc_fake_shopify_add_variant (self, id, variant_id,
                                   variant_title != NULL ? variant_title : "Default Title",
                                   rest_string (variant, "sku"), price,
                                   rest_string (variant, "compare_at_price"),
                                   quantity != NULL && JSON_NODE_HOLDS_VALUE (quantity)
                                   ? json_node_get_int (quantity) : 0,
                                   rest_string (variant, "inventory_management") != NULL);
      {
        JsonNode *item_node = json_object_get_member (variant, "inventory_item_id");

        if (item_node != NULL && JSON_NODE_HOLDS_VALUE (item_node) &&
            json_node_get_value_type (item_node) == G_TYPE_INT64)
          {
            g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                       json_node_get_int (item_node));

            sc_fake_shopify_set_inventory_item (self, variant_id, number);
          }
      }
    }
  return TRUE;
}

gboolean
sc_fake_shopify_load_fixture (ScFakeShopify  *self,
                              const char     *path,
                              GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *full_path = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *products;

  g_return_val_if_fail (SC_IS_FAKE_SHOPIFY (self), FALSE);

  if (g_path_is_absolute (path))
    full_path = g_strdup (path);
  else
    {
      const char *dir = g_getenv ("SHOPCAST_FIXTURES_DIR");

      if (dir == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "SHOPCAST_FIXTURES_DIR is not set; cannot find %s", path);
          return FALSE;
        }
      full_path = g_build_filename (dir, path, NULL);
    }

  if (!json_parser_load_from_file (parser, full_path, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: expected {\"product\": …} or {\"products\": […]}", full_path);
      return FALSE;
    }
  object = json_node_get_object (root);
  if (json_object_has_member (object, "product") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "product")))
    return add_rest_product (self, json_object_get_object_member (object, "product"),
                             full_path, error);

  products = json_object_get_member (object, "products");
  if (products == NULL || !JSON_NODE_HOLDS_ARRAY (products))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: expected {\"product\": …} or {\"products\": […]}", full_path);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (products)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (products), i);

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          !add_rest_product (self, json_node_get_object (node), full_path, error))
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         "%s: products[%u] is not an object", full_path, i);
          return FALSE;
        }
    }
  return TRUE;
}

void
sc_fake_shopify_add_generated (ScFakeShopify *self,
                               guint          n_products,
                               guint          variants_per_product)
{
  static const char * const names[] = {
    "Linen shirt", "قميص كتان", "リネンシャツ", "Льняная рубашка", "亚麻衬衫",
    "Λινό πουκάμισο", "☀️ Summer dress", "שמלת קיץ", "लिनन शर्ट",
  };
  static const char * const sizes[] = { "S", "M", "L", "XL", "XXL" };
  /* 2026-01-01T00:00:00Z */
  const gint64 start = 1767225600;
  guint first = self->next_seq;

  g_return_if_fail (SC_IS_FAKE_SHOPIFY (self));

  for (guint i = first; i < first + n_products; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", 1000000000 + i);
      g_autofree char *title = g_strdup_printf ("%s %u", names[i % G_N_ELEMENTS (names)], i);
      g_autofree char *updated = format_time (start + i);
      FakeProduct *product;

      sc_fake_shopify_add_product (self, id, title, updated);
      product = lookup_product (self, id);
      product->online_store_url = g_strdup_printf ("https://fake-shop.example/products/%s-%u",
                                                   product->handle, i);
      for (guint v = 0; v < variants_per_product; v++)
        {
          guint cents = 990 + (i % 50) * 100 + v * 10;
          g_autofree char *variant_id = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                                         (guint64)5000000000 +
                                                         (guint64)i * 1000 + v);
          g_autofree char *sku = g_strdup_printf ("GEN-%06u-%u", i, v);
          g_autofree char *price = g_strdup_printf ("%u.%02u", cents / 100, cents % 100);
          g_autofree char *compare = NULL;

          if (i % 4 == 0)
            compare = g_strdup_printf ("%u.%02u", (cents + 1000) / 100, (cents + 1000) % 100);
          sc_fake_shopify_add_variant (self, id, variant_id, sizes[v % G_N_ELEMENTS (sizes)],
                                       sku, price, compare, (i * 7 + v * 3) % 40,
                                       (i + v) % 10 != 0);
        }
    }
}

/* Controls */

void
sc_fake_shopify_set_api_version (ScFakeShopify *self,
                                 const char    *version)
{
  g_return_if_fail (SC_IS_FAKE_SHOPIFY (self));

  g_free (self->api_version);
  self->api_version = g_strdup (version);
}

void
sc_fake_shopify_set_currency (ScFakeShopify *self,
                              const char    *currency)
{
  g_return_if_fail (SC_IS_FAKE_SHOPIFY (self));

  g_free (self->currency);
  self->currency = g_strdup (currency);
}

void
sc_fake_shopify_fail_next (ScFakeShopify        *self,
                           ScFakeShopifyFailure  failure,
                           guint                 n_requests)
{
  g_return_if_fail (SC_IS_FAKE_SHOPIFY (self));

  for (guint i = 0; i < n_requests; i++)
    {
      Plan *plan = g_new0 (Plan, 1);

      plan->kind = PLAN_FAILURE;
      plan->failure = failure;
      g_queue_push_tail (&self->plans, plan);
    }
}

void
sc_fake_shopify_delay_next (ScFakeShopify *self,
                            guint          n_requests,
                            guint          delay_ms)
{
  g_return_if_fail (SC_IS_FAKE_SHOPIFY (self));

  for (guint i = 0; i < n_requests; i++)
    {
      Plan *plan = g_new0 (Plan, 1);

      plan->kind = PLAN_DELAY;
      plan->delay_ms = delay_ms;
      g_queue_push_tail (&self->plans, plan);
    }
}

void
sc_fake_shopify_set_retry_after (ScFakeShopify *self,
                                 double         seconds)
{
  g_return_if_fail (SC_IS_FAKE_SHOPIFY (self));

  self->retry_after = seconds;
}

void
sc_fake_shopify_corrupt_next (ScFakeShopify *self,
                              const char    *path,
                              const char    *json)
{
  Corruption *corruption;

  g_return_if_fail (SC_IS_FAKE_SHOPIFY (self));
  g_return_if_fail (path != NULL);

  corruption = g_new0 (Corruption, 1);
  corruption->path = g_strdup (path);
  corruption->json = g_strdup (json);
  g_ptr_array_add (self->corruptions, corruption);
}

static double
bucket_level (ScFakeShopify *self)
{
  double elapsed = (g_get_monotonic_time () - self->bucket_time_us) / (double)G_USEC_PER_SEC;

  return MIN (self->bucket_maximum, self->bucket_available + elapsed * self->bucket_restore_rate);
}

static void
bucket_set (ScFakeShopify *self,
            double         available)
{
  self->bucket_available = available;
  self->bucket_time_us = g_get_monotonic_time ();
}

void
sc_fake_shopify_set_throttling (ScFakeShopify *self,
                                gboolean       enabled)
{
  g_return_if_fail (SC_IS_FAKE_SHOPIFY (self));

  self->throttling = enabled;
}

void
sc_fake_shopify_set_bucket (ScFakeShopify *self,
                            double         maximum,
                            double         restore_rate,
                            double         currently_available)
{
  g_return_if_fail (SC_IS_FAKE_SHOPIFY (self));
  g_return_if_fail (maximum > 0 && restore_rate > 0);

  self->bucket_maximum = maximum;
  self->bucket_restore_rate = restore_rate;
  bucket_set (self, MIN (currently_available, maximum));
}

void
sc_fake_shopify_set_page_size_cap (ScFakeShopify *self,
                                   guint          cap)
{
  g_return_if_fail (SC_IS_FAKE_SHOPIFY (self));
  g_return_if_fail (cap > 0);

  self->page_size_cap = cap;
}

void
sc_fake_shopify_set_max_query_cost (ScFakeShopify *self,
                                    guint          cost)
{
  g_return_if_fail (SC_IS_FAKE_SHOPIFY (self));

  self->max_query_cost = cost;
}

guint
sc_fake_shopify_get_request_count (ScFakeShopify *self)
{
  g_return_val_if_fail (SC_IS_FAKE_SHOPIFY (self), 0);

  return sc_fake_server_get_n_requests (self->server);
}

const GArray *
sc_fake_shopify_get_requested_costs (ScFakeShopify *self)
{
  g_return_val_if_fail (SC_IS_FAKE_SHOPIFY (self), NULL);

  return self->requested_costs;
}

guint
sc_fake_shopify_get_throttled_count (ScFakeShopify *self)
{
  g_return_val_if_fail (SC_IS_FAKE_SHOPIFY (self), 0);

  return self->throttled_count;
}

const char *
sc_fake_shopify_get_last_query (ScFakeShopify *self)
{
  g_return_val_if_fail (SC_IS_FAKE_SHOPIFY (self), NULL);

  return self->last_query;
}

JsonObject *
sc_fake_shopify_get_last_variables (ScFakeShopify *self)
{
  g_return_val_if_fail (SC_IS_FAKE_SHOPIFY (self), NULL);

  return self->last_variables;
}

/* Answers */

static void
respond_text (SoupServerMessage *message,
              guint              status,
              const char        *json)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json; charset=utf-8",
                                    SOUP_MEMORY_COPY, json, strlen (json));
}

static void
respond_node (SoupServerMessage *message,
              guint              status,
              JsonNode          *root,
              gboolean           cut_in_half)
{
  char *text = json_to_string (root, FALSE);
  gsize length = strlen (text);

  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, text, cut_in_half ? length / 2 : length);
}

static void
add_cost (ScFakeShopify *self,
          JsonBuilder   *builder,
          guint          requested,
          gint           actual,
          double         available)
{
  json_builder_set_member_name (builder, "extensions");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cost");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requestedQueryCost");
  json_builder_add_int_value (builder, requested);
  json_builder_set_member_name (builder, "actualQueryCost");
  if (actual >= 0)
    json_builder_add_int_value (builder, actual);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "throttleStatus");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "maximumAvailable");
  json_builder_add_double_value (builder, self->bucket_maximum);
  /* Shopify reports whole points; rounding down keeps clients on the safe side. */
  json_builder_set_member_name (builder, "currentlyAvailable");
  json_builder_add_int_value (builder, (gint64)floor (MAX (available, 0)));
  json_builder_set_member_name (builder, "restoreRate");
  json_builder_add_double_value (builder, self->bucket_restore_rate);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
add_error (JsonBuilder *builder,
           const char  *message,
           const char  *code)
{
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "extensions");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  if (g_str_equal (code, "THROTTLED") || g_str_equal (code, "MAX_COST_EXCEEDED"))
    {
      json_builder_set_member_name (builder, "documentation");
      json_builder_add_string_value (builder, RATE_LIMITS_DOC);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
}

static JsonNode *
error_answer (const char *message,
              const char *code)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_error (builder, message, code);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
throttled_answer (ScFakeShopify *self,
                  guint          requested)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  self->throttled_count++;
  json_builder_begin_object (builder);
  add_error (builder, "Throttled", "THROTTLED");
  add_cost (self, builder, requested, -1, bucket_level (self));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *member,
                     const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* A variants cursor is the index of the last variant of the page. */
static char *
make_variant_cursor (guint index)
{
  g_autofree char *key = g_strdup_printf ("variant:%u", index);

  return g_base64_encode ((const guchar *)key, strlen (key));
}

static gboolean
parse_variant_cursor (const char *cursor,
                      guint      *index)
{
  g_autofree guchar *decoded = NULL;
  g_autofree char *key = NULL;
  gsize length = 0;

  decoded = g_base64_decode (cursor, &length);
  key = g_strndup ((const char *)decoded, length);
  return sscanf (key, "variant:%u", index) == 1;
}

/* variants(first: N, after: …) { pageInfo { … } nodes { … } }; returns
 * how many variants were answered. */
static guint
add_variants (JsonBuilder *builder,
              FakeProduct *product,
              guint        first,
              guint        start)
{
  guint end = MIN (product->variants->len, start + first);

  json_builder_set_member_name (builder, "variants");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pageInfo");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "hasNextPage");
  json_builder_add_boolean_value (builder, end < product->variants->len);
  json_builder_set_member_name (builder, "endCursor");
  if (end > start)
    {
      g_autofree char *cursor = make_variant_cursor (end - 1);

      json_builder_add_string_value (builder, cursor);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "nodes");
  json_builder_begin_array (builder);
  for (guint i = start; i < end; i++)
    {
      FakeVariant *variant = g_ptr_array_index (product->variants, i);

      json_builder_begin_object (builder);
      add_nullable_string (builder, "id", variant->id);
      add_nullable_string (builder, "title", variant->title);
      add_nullable_string (builder, "sku", variant->sku);
      add_nullable_string (builder, "price", variant->price);
      add_nullable_string (builder, "compareAtPrice", variant->compare_at_price);
      json_builder_set_member_name (builder, "inventoryQuantity");
      json_builder_add_int_value (builder, variant->quantity);
      json_builder_set_member_name (builder, "inventoryItem");
      json_builder_begin_object (builder);
      add_nullable_string (builder, "id", variant->inventory_item_id);
      json_builder_set_member_name (builder, "tracked");
      json_builder_add_boolean_value (builder, variant->tracked);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return end - start;
}

/* Returns the actual cost of the product: 1, 3 for its image (featuredMedia,
 * preview, image), 2 for the variants connection and 2 a variant (the
 * variant and its inventoryItem). */
static guint
add_product (JsonBuilder *builder,
             FakeProduct *product,
             gboolean     with_typename,
             guint        variants_first)
{
  g_autofree char *updated = format_time (product->updated_at);
  guint n_variants;

  json_builder_begin_object (builder);
  if (with_typename)
    add_nullable_string (builder, "__typename", "Product");
  add_nullable_string (builder, "id", product->id);
  add_nullable_string (builder, "title", product->title);
  add_nullable_string (builder, "handle", product->handle);
  add_nullable_string (builder, "updatedAt", updated);
  add_nullable_string (builder, "onlineStoreUrl", product->online_store_url);
  /* featuredImage is deprecated; the image is the featured media's preview. */
  json_builder_set_member_name (builder, "featuredMedia");
  if (product->image_url != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "preview");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "image");
      json_builder_begin_object (builder);
      add_nullable_string (builder, "url", product->image_url);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  n_variants = add_variants (builder, product, variants_first, 0);
  json_builder_end_object (builder);
  return 1 + (product->image_url != NULL ? 3 : 0) + 2 + 2 * n_variants;
}

static int
compare_products (gconstpointer a,
                  gconstpointer b)
{
  const FakeProduct *pa = *(FakeProduct * const *)a;
  const FakeProduct *pb = *(FakeProduct * const *)b;

  if (pa->updated_at != pb->updated_at)
    return pa->updated_at < pb->updated_at ? -1 : 1;
  return pa->seq < pb->seq ? -1 : pa->seq > pb->seq;
}

/* The cursor is the sort key of the last product of the page, so a product
 * deleted between two pages does not shift the next one. */
static char *
make_cursor (FakeProduct *product)
{
  g_autofree char *key = g_strdup_printf ("v1:%" G_GINT64_FORMAT ":%" G_GUINT64_FORMAT,
                                          product->updated_at, product->seq);

  return g_base64_encode ((const guchar *)key, strlen (key));
}

static gboolean
parse_cursor (const char *cursor,
              gint64     *updated_at,
              guint64    *seq)
{
  g_autofree guchar *decoded = NULL;
  g_autofree char *key = NULL;
  gsize length = 0;

  decoded = g_base64_decode (cursor, &length);
  key = g_strndup ((const char *)decoded, length);
  return sscanf (key, "v1:%" G_GINT64_FORMAT ":%" G_GUINT64_FORMAT, updated_at, seq) == 2;
}

/* The one search Shopcast sends: updated_at:>='2026-11-25T10:00:00Z' (also
 * accepted: > and unquoted). */
static gboolean
parse_search (const char *search,
              gint64     *since,
              gboolean   *inclusive)
{
  g_autofree char *value = NULL;
  g_autoptr(GDateTime) time = NULL;
  const char *p;

  if (!g_str_has_prefix (search, "updated_at:>"))
    return FALSE;
  p = search + strlen ("updated_at:>");
  *inclusive = *p == '=';
  if (*inclusive)
    p++;
  value = g_strdup (p);
  if ((value[0] == '\'' || value[0] == '"') && strlen (value) >= 2 &&
      value[strlen (value) - 1] == value[0])
    {
      value[strlen (value) - 1] = '\0';
      memmove (value, value + 1, strlen (value));
    }
  time = g_date_time_new_from_iso8601 (value, NULL);
  if (time == NULL)
    return FALSE;
  *since = g_date_time_to_unix (time);
  return TRUE;
}

static JsonNode *
variable (JsonObject *variables,
          const char *name)
{
  return variables != NULL ? json_object_get_member (variables, name) : NULL;
}

static gboolean
variable_string (JsonObject  *variables,
                 const char  *name,
                 const char **value)
{
  JsonNode *node = variable (variables, name);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
asks_for_shop (const char *query,
               JsonObject *variables)
{
  JsonNode *with_shop = variable (variables, "withShop");

  /* Asked for with `@include(if: $withShop)`, or unconditionally. */
  return strstr (query, "shop") != NULL &&
         (strstr (query, "$withShop") == NULL ||
          (with_shop != NULL && JSON_NODE_HOLDS_VALUE (with_shop) &&
           json_node_get_value_type (with_shop) == G_TYPE_BOOLEAN &&
           json_node_get_boolean (with_shop)));
}

/* N in "variants(first: N", 0 when the query asks for no variants. */
static guint
variants_first (const char *query)
{
  const char *p = strstr (query, "variants(first:");

  if (p == NULL)
    return 0;
  p += strlen ("variants(first:");
  while (*p == ' ')
    p++;
  return (guint)MIN (g_ascii_strtoull (p, NULL, 10), 250);
}

/* Shopify's static cost model: an object costs 1, a scalar 0, a connection
 * 2 plus `first` times what one node selects; requested before running,
 * whatever comes back. A product as Shopcast selects it is 1, 3 for
 * featuredMedia { preview { image } }, and its variants connection, each
 * variant 2 with its inventoryItem: 206 with variants(first: 100). The shop
 * is 1 more. */
static guint
requested_cost (const char *query,
                JsonObject *variables)
{
  JsonNode *ids = variable (variables, "ids");
  JsonNode *first = variable (variables, "first");
  guint variants = variants_first (query);
  guint product = 1 + 3 + 2 + 2 * variants;
  guint64 cost;

  if (strstr (query, "nodes(ids:") != NULL)
    cost = (guint64)product * (ids != NULL && JSON_NODE_HOLDS_ARRAY (ids)
                               ? json_array_get_length (json_node_get_array (ids)) : 0);
  else if (strstr (query, "node(id:") != NULL)
    cost = 1 + 2 + 2 * variants;
  else if (first != NULL && JSON_NODE_HOLDS_VALUE (first) &&
           json_node_get_value_type (first) == G_TYPE_INT64)
    cost = 2 + (guint64)product * CLAMP (json_node_get_int (first), 0, 250);
  else
    cost = 2;
  return (guint)MIN (cost, G_MAXUINT / 2) + (asks_for_shop (query, variables) ? 1 : 0);
}

/* productVariantsBulkUpdate */

static void
add_user_error (JsonBuilder *builder,
                const char  *field_path,
                const char  *message,
                const char  *code)
{
  g_auto(GStrv) parts = g_strsplit (field_path, ".", -1);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "field");
  json_builder_begin_array (builder);
  for (guint i = 0; parts[i] != NULL; i++)
    json_builder_add_string_value (builder, parts[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_end_object (builder);
}

/* A Money input is a decimal string; Shopify also coerces numbers, which
 * Shopcast never sends (a double would lose cents), so the fake refuses them. */
static gboolean
is_money (JsonNode *node)
{
  const char *text;
  const char *p;
  gboolean dot = FALSE;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  text = json_node_get_string (node);
  if (text[0] == '\0')
    return FALSE;
  for (p = text; *p != '\0'; p++)
    {
      if (*p == '.' && !dot)
        dot = TRUE;
      else if (!g_ascii_isdigit (*p))
        return FALSE;
    }
  return TRUE;
}

static JsonNode *
answer_bulk_update (ScFakeShopify *self,
                    JsonObject    *variables)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonNode *product_node = variable (variables, "productId");
  JsonNode *variants_node = variable (variables, "variants");
  FakeProduct *product = NULL;
  JsonArray *inputs;
  g_autoptr(GPtrArray) updated = g_ptr_array_new ();
  UserError *refusal;
  const guint cost = 10;
  double available = bucket_level (self);

  g_array_append_val (self->requested_costs, cost);
  if (self->throttling && available < cost)
    return throttled_answer (self, cost);
  if (product_node == NULL || !JSON_NODE_HOLDS_VALUE (product_node) ||
      json_node_get_value_type (product_node) != G_TYPE_STRING)
    return error_answer ("Variable $productId of type ID! was provided invalid value",
                         "INVALID_VARIABLE");
  if (variants_node == NULL || !JSON_NODE_HOLDS_ARRAY (variants_node))
    return error_answer ("Variable $variants of type [ProductVariantsBulkInput!]! was provided "
                         "invalid value", "INVALID_VARIABLE");
  inputs = json_node_get_array (variants_node);
  for (guint i = 0; i < json_array_get_length (inputs); i++)
    {
      JsonNode *input = json_array_get_element (inputs, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (input) ? json_node_get_object (input) : NULL;
      g_autoptr(GList) members = object != NULL ? json_object_get_members (object) : NULL;
      JsonNode *compare_at;

      if (object == NULL)
        return error_answer ("Variable $variants of type [ProductVariantsBulkInput!]! was "
                             "provided invalid value", "INVALID_VARIABLE");
      for (GList *l = members; l != NULL; l = l->next)
        if (!g_str_equal (l->data, "id") && !g_str_equal (l->data, "price") &&
            !g_str_equal (l->data, "compareAtPrice"))
          {
            g_autofree char *text = g_strdup_printf (
              "Variable $variants of type [ProductVariantsBulkInput!]! was provided invalid "
              "value for %u.%s (Field is not defined on ProductVariantsBulkInput)",
              i, (const char *)l->data);

            return error_answer (text, "INVALID_VARIABLE");
          }
      compare_at = json_object_get_member (object, "compareAtPrice");
      if ((json_object_has_member (object, "price") &&
           !is_money (json_object_get_member (object, "price"))) ||
          (compare_at != NULL && !JSON_NODE_HOLDS_NULL (compare_at) && !is_money (compare_at)))
        {
          g_autofree char *text = g_strdup_printf (
            "Variable $variants of type [ProductVariantsBulkInput!]! was provided invalid "
            "value for %u (Money must be a decimal string)", i);

          return error_answer (text, "INVALID_VARIABLE");
        }
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "productVariantsBulkUpdate");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "userErrors");
  json_builder_begin_array (builder);

  product = g_hash_table_lookup (self->by_id, json_node_get_string (product_node));
  refusal = g_queue_pop_head (&self->refusals);
  if (refusal != NULL)
    {
      add_user_error (builder, refusal->field, refusal->message, refusal->code);
      user_error_free (refusal);
    }
  else if (product == NULL)
    add_user_error (builder, "productId", "Product does not exist", "PRODUCT_DOES_NOT_EXIST");
  else
    {
      /* All or nothing, as without allowPartialUpdates. */
      for (guint i = 0; i < json_array_get_length (inputs); i++)
        {
          JsonObject *object = json_array_get_object_element (inputs, i);
          const char *id = json_object_get_string_member_with_default (object, "id", "");
          FakeVariant *variant = g_hash_table_lookup (self->variants, id);
          gboolean in_product = FALSE;

          for (guint j = 0; variant != NULL && j < product->variants->len; j++)
            in_product |= g_ptr_array_index (product->variants, j) == variant;
          if (!in_product)
            {
              g_autofree char *field = g_strdup_printf ("variants.%u.id", i);

              add_user_error (builder, field, "Product variant does not exist",
                              "PRODUCT_VARIANT_DOES_NOT_EXIST");
              g_ptr_array_set_size (updated, 0);
              break;
            }
          g_ptr_array_add (updated, variant);
        }
      for (guint i = 0; i < updated->len; i++)
        {
          JsonObject *object = json_array_get_object_element (inputs, i);
          FakeVariant *variant = g_ptr_array_index (updated, i);
          JsonNode *compare_at = json_object_get_member (object, "compareAtPrice");

          if (json_object_has_member (object, "price"))
            {
              g_free (variant->price);
              variant->price = g_strdup (json_object_get_string_member (object, "price"));
            }
          if (compare_at != NULL)
            {
              g_free (variant->compare_at_price);
              variant->compare_at_price = JSON_NODE_HOLDS_NULL (compare_at)
                                          ? NULL : g_strdup (json_node_get_string (compare_at));
            }
        }
      if (updated->len > 0)
        {
          product->updated_at = g_get_real_time () / G_USEC_PER_SEC;
          self->sorted = FALSE;
        }
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "productVariants");
  if (updated->len == 0)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_array (builder);
      for (guint i = 0; i < updated->len; i++)
        {
          FakeVariant *variant = g_ptr_array_index (updated, i);

          json_builder_begin_object (builder);
          add_nullable_string (builder, "id", variant->id);
          add_nullable_string (builder, "price", variant->price);
          add_nullable_string (builder, "compareAtPrice", variant->compare_at_price);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  self->update_count++;
  if (self->throttling)
    bucket_set (self, available - cost);
  add_cost (self, builder, cost, cost, self->throttling ? available - cost : self->bucket_maximum);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

void
sc_fake_shopify_refuse_next_update (ScFakeShopify *self,
                                    const char    *field,
                                    const char    *message,
                                    const char    *code)
{
  UserError *user_error = g_new0 (UserError, 1);

  user_error->field = g_strdup (field);
  user_error->message = g_strdup (message);
  user_error->code = g_strdup (code);
  g_queue_push_tail (&self->refusals, user_error);
}

gboolean
sc_fake_shopify_get_prices (ScFakeShopify  *self,
                            const char     *variant_id,
                            const char    **price,
                            const char    **compare_at_price)
{
  g_autofree char *gid = to_gid (variant_id, "ProductVariant");
  FakeVariant *variant = g_hash_table_lookup (self->variants, gid);

  if (variant == NULL)
    return FALSE;
  *price = variant->price;
  *compare_at_price = variant->compare_at_price;
  return TRUE;
}

guint
sc_fake_shopify_get_update_count (ScFakeShopify *self)
{
  return self->update_count;
}

/* Answers the query, or refuses it for cost or throttling, as Shopify would. */
static JsonNode *
answer_query (ScFakeShopify *self,
              const char    *query,
              JsonObject    *variables)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean is_nodes = strstr (query, "nodes(ids:") != NULL;
  gboolean is_node = !is_nodes && strstr (query, "node(id:") != NULL;
  gboolean is_products = !is_nodes && !is_node && strstr (query, "products(") != NULL;
  guint n_variants = variants_first (query);
  /* With the rate limit on, Shopify's own single query limit holds too. */
  guint max_cost = self->max_query_cost > 0 ? self->max_query_cost
                   : self->throttling ? SHOPIFY_MAX_QUERY_COST : 0;
  guint actual = 0;
  const char *node_id = NULL;
  gboolean with_shop = asks_for_shop (query, variables);
  guint requested = requested_cost (query, variables);
  guint returned = 0;
  gint64 first = 0;
  JsonArray *ids = NULL;
  const char *after = NULL;
  const char *search = NULL;
  gint64 since = G_MININT64;
  gboolean inclusive = TRUE;

  if (strstr (query, "mutation") != NULL &&
      strstr (query,
              "productVariantsBulkUpdate(productId: $productId, variants: $variants)") != NULL)
    return answer_bulk_update (self, variables);
  if (!is_nodes && !is_node && !is_products)
    return error_answer ("The fake Shopify answers only products(…), nodes(ids: …) and "
                         "node(id: …) queries", "undefinedField");
  g_array_append_val (self->requested_costs, requested);

  if (is_products)
    {
      JsonNode *first_node = variable (variables, "first");

      if (first_node == NULL || !JSON_NODE_HOLDS_VALUE (first_node) ||
          json_node_get_value_type (first_node) != G_TYPE_INT64 ||
          json_node_get_int (first_node) < 1)
        return error_answer ("Variable $first of type Int! was provided invalid value",
                             "INVALID_VARIABLE");
      first = MIN (json_node_get_int (first_node), (gint64)self->page_size_cap);
      if (!variable_string (variables, "after", &after) ||
          !variable_string (variables, "query", &search))
        return error_answer ("Variables $after and $query must be strings", "INVALID_VARIABLE");
      if (search != NULL && !parse_search (search, &since, &inclusive))
        return error_answer ("The fake Shopify understands only updated_at:>='…' searches",
                             "INVALID_VARIABLE");
    }
  else if (is_node)
    {
      if (!variable_string (variables, "id", &node_id) || node_id == NULL ||
          !variable_string (variables, "after", &after))
        return error_answer ("Variable $id of type ID! was provided invalid value",
                             "INVALID_VARIABLE");
    }
  else
    {
      JsonNode *ids_node = variable (variables, "ids");

      if (ids_node == NULL || !JSON_NODE_HOLDS_ARRAY (ids_node))
        return error_answer ("Variable $ids of type [ID!]! was provided invalid value",
                             "INVALID_VARIABLE");
      ids = json_node_get_array (ids_node);
      if (json_array_get_length (ids) > 250)
        return error_answer ("The nodes field takes at most 250 ids", "MAX_INPUT_SIZE_EXCEEDED");
    }
  if (max_cost > 0 && requested > max_cost)
    {
      g_autofree char *message =
        g_strdup_printf ("Query cost is %u, which exceeds the single query max cost limit (%u).",
                         requested, max_cost);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "errors");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, message);
      json_builder_set_member_name (builder, "extensions");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, "MAX_COST_EXCEEDED");
      json_builder_set_member_name (builder, "cost");
      json_builder_add_int_value (builder, requested);
      json_builder_set_member_name (builder, "maxCost");
      json_builder_add_int_value (builder, max_cost);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      return json_builder_get_root (builder);
    }
  if (self->throttling && bucket_level (self) < requested)
    return throttled_answer (self, requested);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  if (with_shop)
    {
      json_builder_set_member_name (builder, "shop");
      json_builder_begin_object (builder);
      add_nullable_string (builder, "currencyCode", self->currency);
      json_builder_end_object (builder);
    }

  if (is_products)
    {
      FakeProduct *last = NULL;
      gboolean has_next = FALSE;
      guint start = 0;
      gint64 after_time = 0;
      guint64 after_seq = 0;

      if (!self->sorted)
        {
          g_ptr_array_sort (self->products, compare_products);
          self->sorted = TRUE;
        }
      if (after != NULL)
        {
          if (!parse_cursor (after, &after_time, &after_seq))
            {
              return error_answer ("Invalid cursor for current pagination sort.",
                                   "INVALID_VARIABLE");
            }
          while (start < self->products->len)
            {
              FakeProduct *product = g_ptr_array_index (self->products, start);

              if (product->updated_at > after_time ||
                  (product->updated_at == after_time && product->seq > after_seq))
                break;
              start++;
            }
        }

      json_builder_set_member_name (builder, "products");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "nodes");
      json_builder_begin_array (builder);
      for (guint i = start; i < self->products->len; i++)
        {
          FakeProduct *product = g_ptr_array_index (self->products, i);

          if (product->updated_at < since || (!inclusive && product->updated_at == since))
            continue;
          if (returned == first)
            {
              has_next = TRUE;
              break;
            }
          actual += add_product (builder, product, FALSE, n_variants);
          last = product;
          returned++;
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "pageInfo");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "hasNextPage");
      json_builder_add_boolean_value (builder, has_next);
      json_builder_set_member_name (builder, "endCursor");
      if (last != NULL)
        {
          g_autofree char *cursor = make_cursor (last);

          json_builder_add_string_value (builder, cursor);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      actual += 2;
    }
  else if (is_node)
    {
      FakeProduct *product = g_hash_table_lookup (self->by_id, node_id);
      guint start = 0;

      if (after != NULL)
        {
          if (!parse_variant_cursor (after, &start))
            return error_answer ("Invalid cursor for current pagination sort.",
                                 "INVALID_VARIABLE");
          start++;
        }
      json_builder_set_member_name (builder, "node");
      if (product == NULL)
        json_builder_add_null_value (builder);
      else
        {
          json_builder_begin_object (builder);
          add_nullable_string (builder, "__typename", "Product");
          actual += 1 + 2 + 2 * add_variants (builder, product, n_variants, start);
          json_builder_end_object (builder);
        }
      actual += 1;
    }
  else
    {
      json_builder_set_member_name (builder, "nodes");
      json_builder_begin_array (builder);
      for (guint i = 0; i < json_array_get_length (ids); i++)
        {
          JsonNode *node = json_array_get_element (ids, i);
          const char *id = JSON_NODE_HOLDS_VALUE (node) &&
                           json_node_get_value_type (node) == G_TYPE_STRING
                           ? json_node_get_string (node) : NULL;
          FakeProduct *product;

          if (id == NULL || !g_str_has_prefix (id, "gid://shopify/"))
            {
              g_autofree char *message = g_strdup_printf ("Invalid global id '%s'",
                                                          id ? id : "");

              return error_answer (message, "argumentLiteralsIncompatible");
            }
          product = g_hash_table_lookup (self->by_id, id);
          if (product != NULL)
            {
              actual += add_product (builder, product, TRUE, n_variants);
              returned++;
            }
          else if (g_hash_table_contains (self->variants, id))
            {
              /* `... on Product` selects nothing from a variant. */
              json_builder_begin_object (builder);
              add_nullable_string (builder, "__typename", "ProductVariant");
              json_builder_end_object (builder);
            }
          else
            json_builder_add_null_value (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  {
    double available;

    actual += with_shop ? 1 : 0;
    if (self->throttling)
      {
        bucket_set (self, bucket_level (self) - actual);
        available = self->bucket_available;
      }
    else
      available = self->bucket_maximum;
    add_cost (self, builder, requested, actual, available);
  }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonNode *
child_node (JsonNode   *node,
            const char *segment)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_get_member (json_node_get_object (node), segment);
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      guint64 index;

      if (!g_ascii_string_to_unsigned (segment, 10, 0, G_MAXUINT, &index, NULL) ||
          index >= json_array_get_length (json_node_get_array (node)))
        return NULL;
      return json_array_get_element (json_node_get_array (node), index);
    }
  return NULL;
}

static void
corrupt (JsonNode   *root,
         Corruption *corruption)
{
  g_auto(GStrv) segments = g_strsplit (corruption->path, ".", -1);
  guint n = g_strv_length (segments);
  g_autoptr(JsonNode) replacement = NULL;
  const char *last = segments[n - 1];
  JsonNode *parent = root;

  for (guint i = 0; parent != NULL && i + 1 < n; i++)
    parent = child_node (parent, segments[i]);
  if (corruption->json != NULL)
    replacement = json_from_string (corruption->json, NULL);
  if (parent == NULL || (corruption->json != NULL && replacement == NULL) ||
      child_node (parent, last) == NULL)
    {
      g_critical ("Cannot corrupt %s with %s", corruption->path,
                  corruption->json ? corruption->json : "nothing");
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (parent))
    {
      if (replacement == NULL)
        json_object_remove_member (json_node_get_object (parent), last);
      else
        json_object_set_member (json_node_get_object (parent), last,
                                g_steal_pointer (&replacement));
    }
  else if (replacement == NULL)
    json_array_remove_element (json_node_get_array (parent),
                               (guint)g_ascii_strtoull (last, NULL, 10));
  else
    {
      /* JsonArray cannot replace an element; the element node is reset in place. */
      JsonNode *element = child_node (parent, last);

      if (JSON_NODE_HOLDS_OBJECT (replacement))
        json_node_init_object (element, json_node_get_object (replacement));
      else if (JSON_NODE_HOLDS_ARRAY (replacement))
        json_node_init_array (element, json_node_get_array (replacement));
      else if (JSON_NODE_HOLDS_NULL (replacement))
        json_node_init_null (element);
      else
        {
          GValue value = G_VALUE_INIT;

          json_node_get_value (replacement, &value);
          json_node_init (element, JSON_NODE_VALUE);
          json_node_set_value (element, &value);
          g_value_unset (&value);
        }
    }
}

static void
handle_request (ScFakeServer      *server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query_params,
                gpointer           user_data)
{
  ScFakeShopify *self = user_data;
  g_autofree char *expected_path = g_strdup_printf ("/admin/api/%s/graphql.json",
                                                    self->api_version);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  const char *token = soup_message_headers_get_one (headers, "X-Shopify-Access-Token");
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree Plan *plan = NULL;
  JsonNode *query_node;
  JsonNode *variables_node;
  JsonObject *object;
  JsonObject *variables = NULL;

  if (!g_str_equal (path, expected_path))
    {
      respond_text (message, SOUP_STATUS_NOT_FOUND, "{\"errors\":\"Not Found\"}");
      return;
    }
  if (g_strcmp0 (soup_server_message_get_method (message), SOUP_METHOD_POST) != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Allow", "POST");
      respond_text (message, SOUP_STATUS_METHOD_NOT_ALLOWED, "{\"errors\":\"Method Not Allowed\"}");
      return;
    }
  if (token == NULL || !g_str_equal (token, self->token))
    {
      respond_text (message, SOUP_STATUS_UNAUTHORIZED,
                    "{\"errors\":\"[API] Invalid API key or access token "
                    "(unrecognized login or wrong password)\"}");
      return;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  if (g_strcmp0 (content_type, "application/json") == 0)
    {
      gsize length;
      const char *data = g_bytes_get_data (body, &length);
      g_autofree char *text = g_strndup (data, length);

      request = json_from_string (text, NULL);
    }
  object = request != NULL && JSON_NODE_HOLDS_OBJECT (request) ? json_node_get_object (request)
                                                               : NULL;
  query_node = object ? json_object_get_member (object, "query") : NULL;
  variables_node = object ? json_object_get_member (object, "variables") : NULL;
  if (query_node == NULL || !JSON_NODE_HOLDS_VALUE (query_node) ||
      json_node_get_value_type (query_node) != G_TYPE_STRING ||
      (variables_node != NULL && !JSON_NODE_HOLDS_OBJECT (variables_node) &&
       !JSON_NODE_HOLDS_NULL (variables_node)))
    {
      respond_text (message, SOUP_STATUS_BAD_REQUEST,
                    "{\"errors\":{\"query\":\"Required parameter missing or invalid\"}}");
      return;
    }
  if (variables_node != NULL && JSON_NODE_HOLDS_OBJECT (variables_node))
    variables = json_node_get_object (variables_node);

  g_free (self->last_query);
  self->last_query = g_strdup (json_node_get_string (query_node));
  g_clear_pointer (&self->last_variables, json_object_unref);
  self->last_variables = variables ? json_object_ref (variables) : json_object_new ();

  plan = g_queue_pop_head (&self->plans);
  if (plan != NULL && plan->kind == PLAN_FAILURE)
    {
      switch (plan->failure)
        {
        case SC_FAKE_SHOPIFY_HTTP_500:
          respond_text (message, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                        "{\"errors\":\"Internal Server Error\"}");
          return;
        case SC_FAKE_SHOPIFY_HTTP_503:
          respond_text (message, SOUP_STATUS_SERVICE_UNAVAILABLE,
                        "{\"errors\":\"Service Unavailable\"}");
          return;
        case SC_FAKE_SHOPIFY_THROTTLED_429:
        case SC_FAKE_SHOPIFY_THROTTLED_200:
          /* As if another app had just emptied the bucket. */
          bucket_set (self, 0);
          answer = throttled_answer (self, requested_cost (self->last_query, variables));
          if (self->retry_after > 0)
            {
              char buf[G_ASCII_DTOSTR_BUF_SIZE];

              soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                            "Retry-After",
                                            g_ascii_formatd (buf, sizeof buf, "%.1f",
                                                             self->retry_after));
            }
          respond_node (message, plan->failure == SC_FAKE_SHOPIFY_THROTTLED_429
                                 ? HTTP_TOO_MANY_REQUESTS : SOUP_STATUS_OK,
                        answer, FALSE);
          return;
        case SC_FAKE_SHOPIFY_DEEP_JSON:
          {
            char *deep = g_malloc (75 * 1024);

            memset (deep, '[', 75 * 1024);
            soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
            soup_server_message_set_response (message, "application/json; charset=utf-8",
                                              SOUP_MEMORY_TAKE, deep, 75 * 1024);
          }
          return;
        case SC_FAKE_SHOPIFY_MALFORMED_JSON:
        default:
          break;
        }
    }

  answer = answer_query (self, self->last_query, variables);
  if (json_object_has_member (json_node_get_object (answer), "data"))
    {
      for (guint i = 0; i < self->corruptions->len; i++)
        corrupt (answer, g_ptr_array_index (self->corruptions, i));
      g_ptr_array_set_size (self->corruptions, 0);
    }
  respond_node (message, SOUP_STATUS_OK, answer,
                plan != NULL && plan->kind == PLAN_FAILURE &&
                plan->failure == SC_FAKE_SHOPIFY_MALFORMED_JSON);
  if (plan != NULL && plan->kind == PLAN_DELAY)
    sc_fake_server_hold (self->server, message, plan->delay_ms);
}

/* GObject */

static void
sc_fake_shopify_dispose (GObject *object)
{
  ScFakeShopify *self = (ScFakeShopify *)object;

  g_clear_object (&self->server);

  G_OBJECT_CLASS (sc_fake_shopify_parent_class)->dispose (object);
}

static void
sc_fake_shopify_finalize (GObject *object)
{
  ScFakeShopify *self = (ScFakeShopify *)object;

  g_free (self->token);
  g_free (self->api_version);
  g_free (self->currency);
  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->variants);
  g_ptr_array_unref (self->products);
  g_queue_clear_full (&self->plans, g_free);
  g_queue_clear_full (&self->refusals, (GDestroyNotify)user_error_free);
  g_ptr_array_unref (self->corruptions);
  g_array_unref (self->requested_costs);
  g_free (self->last_query);
  g_clear_pointer (&self->last_variables, json_object_unref);

  G_OBJECT_CLASS (sc_fake_shopify_parent_class)->finalize (object);
}

static void
sc_fake_shopify_class_init (ScFakeShopifyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_fake_shopify_dispose;
  object_class->finalize = sc_fake_shopify_finalize;
}

static void
sc_fake_shopify_init (ScFakeShopify *self)
{
  self->api_version = g_strdup (DEFAULT_API_VERSION);
  self->currency = g_strdup ("USD");
  self->products = g_ptr_array_new_with_free_func ((GDestroyNotify)fake_product_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->variants = g_hash_table_new (g_str_hash, g_str_equal);
  self->corruptions = g_ptr_array_new_with_free_func ((GDestroyNotify)corruption_free);
  self->requested_costs = g_array_new (FALSE, FALSE, sizeof (guint));
  self->page_size_cap = SHOPIFY_PAGE_SIZE_CAP;
  self->bucket_maximum = 1000;
  self->bucket_restore_rate = 50;
  bucket_set (self, self->bucket_maximum);
  g_queue_init (&self->plans);
  g_queue_init (&self->refusals);
}

ScFakeShopify *
sc_fake_shopify_new (const char  *token,
                     GError     **error)
{
  g_autoptr(ScFakeShopify) self = g_object_new (SC_TYPE_FAKE_SHOPIFY, NULL);

  g_return_val_if_fail (token != NULL, NULL);

  self->token = g_strdup (token);
  self->server = sc_fake_server_new ("fake-shopify ", error);
  if (self->server == NULL)
    return NULL;
  sc_fake_server_add_handler (self->server, NULL, handle_request, self);
  return g_steal_pointer (&self);
}

const char *
sc_fake_shopify_get_url (ScFakeShopify *self)
{
  g_return_val_if_fail (SC_IS_FAKE_SHOPIFY (self), NULL);

  return sc_fake_server_get_url (self->server);
}

guint
sc_fake_shopify_get_port (ScFakeShopify *self)
{
  g_return_val_if_fail (SC_IS_FAKE_SHOPIFY (self), 0);

  return sc_fake_server_get_port (self->server);
}

ScFakeServer *
sc_fake_shopify_get_server (ScFakeShopify *self)
{
  g_return_val_if_fail (SC_IS_FAKE_SHOPIFY (self), NULL);

  return self->server;
}
