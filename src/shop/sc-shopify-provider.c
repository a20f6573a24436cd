/* sc-shopify-provider.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-shopify-provider"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <math.h>
#include <string.h>

#include "base/sc-backoff.h"
#include "base/sc-json.h"
#include "base/sc-json-reader.h"
#include "sc-money.h"
#include "sc-shop-error.h"
#include "sc-shopify-provider.h"

#define DEFAULT_API_VERSION "2024-10"
#define DEFAULT_TIMEOUT_S 15
/* Shopify's largest page, and the most ids nodes(ids:) takes. */
#define MAX_PAGE_SIZE 250
#define MAX_NODE_IDS 250
/* Variants a product query asks for; more are paged with node(id:). */
#define VARIANTS_PAGE 100
/* Shopify refuses any single query over this many points
 * (MAX_COST_EXCEEDED), whatever the bucket holds. */
#define MAX_QUERY_COST 1000.0
/* What one product of nodes(ids:) costs in Shopify's static model until
 * the shop has said (requestedQueryCost): 1 for the product, 3 for
 * featuredMedia { preview { image } }, 2 + 100 × 2 for the variants and
 * their inventory items. */
#define PRODUCT_COST_GUESS (1 + 3 + 2 + VARIANTS_PAGE * 2)
#define FIRST_BACKOFF_S 0.5
/* Being throttled is the shop pacing us, not a failure: it has its own,
 * generous cap so a busy shop slows a sync down instead of failing it. */
#define MAX_THROTTLED_RETRIES 50
/* Used when a THROTTLED answer says neither Retry-After nor the bucket state. */
#define THROTTLED_FALLBACK_S 1.0
/* No single wait longer than this, whatever the shop says. */
#define MAX_WAIT_S 60.0
/* Not in libsoup 3.2's SoupStatus. */
#define HTTP_TOO_MANY_REQUESTS 429

typedef enum {
  QUERY_PAGE,
  QUERY_NODES,
  QUERY_VARIANTS,
  QUERY_UPDATE,
  N_QUERY_KINDS
} QueryKind;

/* Scalars cost nothing in Shopify's cost model; the variants connection is
 * what makes a page costly (see MAX_COST_EXCEEDED in on_response). */
#define VARIANT_FIELDS \
  "fragment VariantFields on ProductVariant {\n" \
  "  id title sku price compareAtPrice inventoryQuantity\n" \
  "  inventoryItem { id tracked }\n" \
  "}\n"

/* A product with more than 100 variants says hasNextPage; the rest are
 * asked with variants_query. */
#define PRODUCT_FIELDS \
  "fragment ProductFields on Product {\n" \
  "  id title handle updatedAt onlineStoreUrl\n" \
  "  featuredMedia { preview { image { url } } }\n" \
  "  variants(first: " G_STRINGIFY (VARIANTS_PAGE) ") {\n" \
  "    pageInfo { hasNextPage endCursor }\n" \
  "    nodes { ...VariantFields }\n" \
  "  }\n" \
  "}\n" \
  VARIANT_FIELDS

/* sortKey UPDATED_AT: a product edited while the listing runs moves to the
 * end, so it is seen twice at worst, never missed. */
static const char page_query[] =
  "query ShopcastProducts($first: Int!, $after: String, $query: String, $withShop: Boolean!) {\n"
  "  shop @include(if: $withShop) { currencyCode }\n"
  "  products(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {\n"
  "    pageInfo { hasNextPage endCursor }\n"
  "    nodes { ...ProductFields }\n"
  "  }\n"
  "}\n"
  PRODUCT_FIELDS;

/* __typename tells a product from another object whose GID was asked for. */
static const char nodes_query[] =
  "query ShopcastNodes($ids: [ID!]!, $withShop: Boolean!) {\n"
  "  shop @include(if: $withShop) { currencyCode }\n"
  "  nodes(ids: $ids) { __typename ... on Product { ...ProductFields } }\n"
  "}\n"
  PRODUCT_FIELDS;

static const char variants_query[] =
  "query ShopcastVariants($id: ID!, $after: String) {\n"
  "  node(id: $id) {\n"
  "    __typename\n"
  "    ... on Product {\n"
  "      variants(first: " G_STRINGIFY (VARIANTS_PAGE) ", after: $after) {\n"
  "        pageInfo { hasNextPage endCursor }\n"
  "        nodes { ...VariantFields }\n"
  "      }\n"
  "    }\n"
  "  }\n"
  "}\n"
  VARIANT_FIELDS;

/* A price change: Shopify prices belong to variants. compareAtPrice is the
 * price shown struck through; null removes it. */
static const char update_mutation[] =
  "mutation ShopcastSetPrice($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {\n"
  "  productVariantsBulkUpdate(productId: $productId, variants: $variants) {\n"
  "    productVariants { id price compareAtPrice }\n"
  "    userErrors { field message code }\n"
  "  }\n"
  "}\n";

/* What Shopify charges for a mutation. */
#define MUTATION_COST 10.0

struct _ScShopifyProvider
{
  GObject      parent_instance;

  SoupSession *session;
  GUri        *endpoint;        /* {url}/admin/api/{version}/graphql.json */
  char        *token;           /* never logged */
  guint        max_retries;
  guint        page_size;       /* shrinks if the shop finds a page too costly */
  char        *currency;        /* the shop's, NULL until it has told us */
  guint        request_count;

  /* Shopify's leaky bucket as it last reported it, so requests wait for the
   * points they need instead of being refused. */
  gboolean     bucket_known;
  double       bucket_maximum;
  double       bucket_available;
  double       bucket_restore_rate;
  gint64       bucket_time_us;  /* monotonic time of bucket_available */
  double       expected_cost[N_QUERY_KINDS];
  /* What one id of nodes(ids:) costs, from the shop's requestedQueryCost,
   * and the most a single query may cost: refreshes are split to fit. */
  double       node_cost;
  double       max_query_cost;
};

static void shop_provider_iface_init (ScShopProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScShopifyProvider, sc_shopify_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SC_TYPE_SHOP_PROVIDER,
                                                      shop_provider_iface_init))

/* A product whose variants did not fit in one answer. */
typedef struct {
  ScProduct *product;
  GPtrArray *variants;          /* ScVariant *, all read so far */
  char      *cursor;            /* the last one's */
} MoreVariants;

static void
more_variants_free (MoreVariants *more)
{
  g_object_unref (more->product);
  g_ptr_array_unref (more->variants);
  g_free (more->cursor);
  g_free (more);
}

/* One fetch: a page or a refresh by ids, which may take several GraphQL
 * calls (batches of ids that fit the cost limit, then the variants beyond
 * the first 100), each kept across its retries. */
typedef struct {
  QueryKind      origin;        /* QUERY_PAGE or QUERY_NODES: what is returned */
  QueryKind      kind;          /* the call under way */
  char          *cursor;
  char          *search;        /* products(query:), NULL for the whole catalog */
  GPtrArray     *ids;           /* GIDs for nodes(ids:), all of them */
  guint          batch_start;   /* the ids of the call under way */
  guint          batch_len;
  gboolean       with_shop;
  SoupMessage   *message;
  ScBackoff      backoff;       /* 5xx and timeouts; its attempts count against max_retries */
  guint          throttled;
  ScProductPage *page;          /* QUERY_PAGE's answer, once read */
  GPtrArray     *products;      /* QUERY_NODES' answers so far */
  GQueue         more;          /* MoreVariants *, the head is asked next */
  /* QUERY_UPDATE */
  char          *product_gid;
  char          *variant_gid;
  char          *price;         /* decimal strings, as Shopify takes them */
  char          *compare_at;    /* NULL: none */
  char          *currency;
} Request;

static Request *
request_new (QueryKind kind)
{
  Request *request = g_new0 (Request, 1);

  request->origin = kind;
  request->kind = kind;
  g_queue_init (&request->more);
  sc_backoff_init (&request->backoff, FIRST_BACKOFF_S, MAX_WAIT_S, 2.0,
                   SC_BACKOFF_DEFAULT_JITTER);
  return request;
}

static void
request_free (Request *request)
{
  sc_backoff_clear (&request->backoff);
  g_free (request->cursor);
  g_free (request->search);
  g_clear_pointer (&request->ids, g_ptr_array_unref);
  g_clear_pointer (&request->page, sc_product_page_free);
  g_clear_pointer (&request->products, g_ptr_array_unref);
  g_queue_clear_full (&request->more, (GDestroyNotify)more_variants_free);
  g_clear_object (&request->message);
  g_free (request->product_gid);
  g_free (request->variant_gid);
  g_free (request->price);
  g_free (request->compare_at);
  g_free (request->currency);
  g_free (request);
}

/* JSON reading goes through ScJsonReader: every error names the JSON path
 * and what was expected. GraphQL always answers every field it was asked,
 * null or not, so the need_* getters (a missing member is an error even
 * where null is allowed) are used throughout. */

static ScJsonReader *
answer_reader_new (void)
{
  return sc_json_reader_new (_("Shopify sent unexpected data"), SC_SHOP_ERROR,
                             SC_SHOP_ERROR_INVALID_DATA, SC_SHOP_ERROR_INVALID_DATA);
}

/* Ids stay strings end to end. An integer id (json-glib keeps it as an
 * exact gint64, never a double) is turned into the GID it stands for. */
static gboolean
read_id (ScJsonReader  *reader,
         JsonObject    *object,
         const char    *path,
         const char    *gid_type,
         char         **id)
{
  gboolean was_integer;

  if (!sc_json_reader_need_id (reader, object, path, "id", _("a Shopify ID string"), id,
                               &was_integer))
    return FALSE;
  if (was_integer)
    {
      char *gid = g_strdup_printf ("gid://shopify/%s/%s", gid_type, *id);

      g_free (*id);
      *id = gid;
    }
  return TRUE;
}

static ScVariant *
variant_from_node (ScJsonReader *reader,
                   JsonObject   *object,
                   const char   *path,
                   const char   *currency)
{
  g_autofree char *id = NULL;
  g_autofree char *item_path = NULL;
  g_autofree char *item_id = NULL;
  g_autoptr(ScVariant) variant = NULL;
  const char *title;
  const char *sku;
  JsonObject *item;
  gint64 price, compare_at, quantity;
  gboolean quantity_null, tracked;

  if (!read_id (reader, object, path, "ProductVariant", &id) ||
      !sc_json_reader_need_string (reader, object, path, "title", FALSE, &title) ||
      !sc_json_reader_need_string (reader, object, path, "sku", TRUE, &sku) ||
      !sc_money_read (reader, object, path, "price", SC_JSON_DECIMAL_REQUIRED, NULL, currency,
                      &price, NULL) ||
      !sc_money_read (reader, object, path, "compareAtPrice", SC_JSON_DECIMAL_NULLABLE,
                      NULL, currency, &compare_at, NULL) ||
      !sc_json_reader_need_int64 (reader, object, path, "inventoryQuantity", TRUE,
                                  G_MININT64, G_MAXINT64, NULL, &quantity, &quantity_null) ||
      !sc_json_reader_need_object (reader, object, path, "inventoryItem", TRUE, &item))
    return NULL;

  tracked = !quantity_null;
  if (item != NULL)
    {
      gboolean item_tracked;

      item_path = sc_json_path_member (path, "inventoryItem");
      if (!read_id (reader, item, item_path, "InventoryItem", &item_id) ||
          !sc_json_reader_need_bool (reader, item, item_path, "tracked", &item_tracked))
        return NULL;
      tracked = tracked && item_tracked;
    }

  variant = sc_variant_new (id, title);
  sc_variant_set_sku (variant, sku != NULL && sku[0] != '\0' ? sku : NULL);
  sc_variant_set_inventory_item_id (variant, item_id);
  sc_variant_set_price (variant, price);
  sc_variant_set_compare_at_price (variant, compare_at);
  /* Shopify lets an oversold item go below zero; that is sold out, and must
   * not be read as -1, which means untracked. */
  sc_variant_set_stock (variant, tracked ? MAX (quantity, 0) : SC_STOCK_UNTRACKED);
  return g_steal_pointer (&variant);
}

/* featuredMedia { preview { image { url } } }: featuredImage is deprecated.
 * Media without a preview image yet (a video still processing) is no image;
 * *url stays NULL then. */
static gboolean
read_featured_image (ScJsonReader  *reader,
                     JsonObject    *object,
                     const char    *path,
                     const char   **url)
{
  static const char * const members[] = { "featuredMedia", "preview", "image" };
  g_autofree char *current = g_strdup (path);

  *url = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      JsonObject *child;
      char *child_path;

      if (!sc_json_reader_need_object (reader, object, current, members[i], TRUE, &child))
        return FALSE;
      if (child == NULL)
        return TRUE;
      child_path = sc_json_path_member (current, members[i]);
      g_free (current);
      current = child_path;
      object = child;
    }
  return sc_json_reader_need_string (reader, object, current, "url", FALSE, url);
}

/* A variants connection ({pageInfo, nodes}) at @path into @into;
 * *next_cursor is the cursor to go on from, NULL when that was all. */
static gboolean
read_variants (ScJsonReader  *reader,
               JsonObject    *connection,
               const char    *path,
               const char    *currency,
               GPtrArray     *into,
               char         **next_cursor)
{
  g_autofree char *info_path = sc_json_path_member (path, "pageInfo");
  g_autofree char *nodes_path = sc_json_path_member (path, "nodes");
  JsonObject *page_info;
  JsonArray *nodes;
  const char *end_cursor;
  gboolean has_next;
  guint n;

  *next_cursor = NULL;
  if (!sc_json_reader_need_object (reader, connection, path, "pageInfo", FALSE, &page_info) ||
      !sc_json_reader_need_bool (reader, page_info, info_path, "hasNextPage", &has_next) ||
      !sc_json_reader_need_string (reader, page_info, info_path, "endCursor", TRUE,
                                   &end_cursor) ||
      !sc_json_reader_need_array (reader, connection, path, "nodes", &nodes))
    return FALSE;
  n = json_array_get_length (nodes);
  /* A next page without a cursor, or an empty one, would never end. */
  if (has_next && (end_cursor == NULL || end_cursor[0] == '\0' || n == 0))
    {
      g_autofree char *cursor_path = sc_json_path_member (info_path, "endCursor");

      return sc_json_reader_fail_expected (reader, cursor_path,
                                           _("a cursor after some variants, as hasNextPage "
                                             "is true"),
                                           json_object_get_member (page_info, "endCursor"));
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *variant_path = sc_json_path_index (nodes_path, i);
      JsonObject *variant_object;
      ScVariant *variant;

      if (!sc_json_reader_expect_object (reader, json_array_get_element (nodes, i), variant_path,
                                         _("an object"), &variant_object))
        return FALSE;
      variant = variant_from_node (reader, variant_object, variant_path, currency);
      if (variant == NULL)
        return FALSE;
      g_ptr_array_add (into, variant);
    }
  *next_cursor = has_next ? g_strdup (end_cursor) : NULL;
  return TRUE;
}

/* @more gets the product again when it has more variants than came. */
static ScProduct *
product_from_node (ScJsonReader *reader,
                   JsonObject   *object,
                   const char   *path,
                   const char   *currency,
                   GQueue       *more)
{
  g_autofree char *id = NULL;
  g_autofree char *variants_path = NULL;
  g_autofree char *next_cursor = NULL;
  g_autoptr(GDateTime) updated_at = NULL;
  g_autoptr(GPtrArray) variants = NULL;
  g_autoptr(ScProduct) product = NULL;
  const char *title;
  const char *url;
  const char *image_url = NULL;
  JsonObject *variants_object;

  if (!read_id (reader, object, path, "Product", &id) ||
      !sc_json_reader_need_string (reader, object, path, "title", FALSE, &title) ||
      !sc_json_reader_get_date (reader, object, path, "updatedAt", TRUE, NULL,
                                _("an ISO 8601 date and time"), &updated_at) ||
      !sc_json_reader_need_string (reader, object, path, "onlineStoreUrl", TRUE, &url) ||
      !read_featured_image (reader, object, path, &image_url) ||
      !sc_json_reader_need_object (reader, object, path, "variants", FALSE, &variants_object))
    return NULL;

  variants_path = sc_json_path_member (path, "variants");
  variants = g_ptr_array_new_with_free_func (g_object_unref);
  if (!read_variants (reader, variants_object, variants_path, currency, variants, &next_cursor))
    return NULL;

  product = sc_product_new (id, title);
  sc_product_set_currency (product, currency);
  sc_product_set_url (product, url);
  sc_product_set_image_uri (product, image_url);
  sc_product_set_updated_at (product, updated_at);
  if (variants->len > 0)
    sc_product_set_sku (product, sc_variant_get_sku (g_ptr_array_index (variants, 0)));
  sc_product_set_variants (product, variants);
  sc_product_summarize_variants (product);

  if (next_cursor != NULL)
    {
      MoreVariants *rest = g_new0 (MoreVariants, 1);

      rest->product = g_object_ref (product);
      rest->variants = g_ptr_array_ref (variants);
      rest->cursor = g_steal_pointer (&next_cursor);
      g_queue_push_tail (more, rest);
    }
  return g_steal_pointer (&product);
}

/* Reads $.data.shop.currencyCode when it was asked for. */
static gboolean
read_currency (ScShopifyProvider *self,
               ScJsonReader      *reader,
               JsonObject        *data)
{
  JsonObject *shop;
  const char *code;

  if (!sc_json_reader_need_object (reader, data, "$.data", "shop", FALSE, &shop) ||
      !sc_json_reader_need_string (reader, shop, "$.data.shop", "currencyCode", FALSE, &code))
    return FALSE;
  if (strlen (code) != 3)
    return sc_json_reader_fail_expected (reader, "$.data.shop.currencyCode",
                                         _("an ISO 4217 currency code"),
                                         json_object_get_member (shop, "currencyCode"));
  if (g_strcmp0 (self->currency, code) != 0)
    {
      g_free (self->currency);
      self->currency = g_strdup (code);
    }
  return TRUE;
}

/* Any bad product fails the whole page: the sync then keeps the last good
 * catalog rather than one with products silently missing. */
static ScProductPage *
page_from_data (ScShopifyProvider *self,
                ScJsonReader      *reader,
                JsonObject        *data,
                GQueue            *more)
{
  const char *info_path = "$.data.products.pageInfo";
  g_autoptr(ScProductPage) page = g_new0 (ScProductPage, 1);
  JsonObject *products;
  JsonObject *page_info;
  JsonArray *nodes;
  const char *end_cursor;
  gboolean has_next;
  guint n;

  if (!sc_json_reader_need_object (reader, data, "$.data", "products", FALSE, &products) ||
      !sc_json_reader_need_object (reader, products, "$.data.products", "pageInfo", FALSE,
                                   &page_info) ||
      !sc_json_reader_need_bool (reader, page_info, info_path, "hasNextPage", &has_next) ||
      !sc_json_reader_need_string (reader, page_info, info_path, "endCursor", TRUE,
                                   &end_cursor) ||
      !sc_json_reader_need_array (reader, products, "$.data.products", "nodes", &nodes))
    return NULL;
  if (has_next && (end_cursor == NULL || end_cursor[0] == '\0'))
    {
      sc_json_reader_fail_expected (reader, "$.data.products.pageInfo.endCursor",
                                    _("a cursor, as hasNextPage is true"),
                                    json_object_get_member (page_info, "endCursor"));
      return NULL;
    }

  n = json_array_get_length (nodes);
  page->products = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = sc_json_path_index ("$.data.products.nodes", i);
      JsonObject *object;
      ScProduct *product;

      if (!sc_json_reader_expect_object (reader, json_array_get_element (nodes, i), path,
                                         _("an object"), &object))
        return NULL;
      product = product_from_node (reader, object, path, self->currency, more);
      if (product == NULL)
        return NULL;
      g_ptr_array_add (page->products, product);
    }
  page->next_cursor = has_next ? g_strdup (end_cursor) : NULL;
  return g_steal_pointer (&page);
}

/* nodes(ids:) answers in the order asked, null for an id that names nothing. */
static GPtrArray *
products_from_data (ScShopifyProvider *self,
                    ScJsonReader      *reader,
                    JsonObject        *data,
                    GQueue            *more)
{
  g_autoptr(GPtrArray) products = NULL;
  JsonArray *nodes;
  guint n;

  if (!sc_json_reader_need_array (reader, data, "$.data", "nodes", &nodes))
    return NULL;

  n = json_array_get_length (nodes);
  products = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (nodes, i);
      g_autofree char *path = sc_json_path_index ("$.data.nodes", i);
      JsonObject *object;
      const char *type_name;
      ScProduct *product;

      if (JSON_NODE_HOLDS_NULL (node))
        continue;
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          sc_json_reader_fail_expected (reader, path, _("an object or null"), node);
          return NULL;
        }
      object = json_node_get_object (node);
      if (!sc_json_reader_need_string (reader, object, path, "__typename", FALSE, &type_name))
        return NULL;
      if (!g_str_equal (type_name, "Product"))
        continue;
      product = product_from_node (reader, object, path, self->currency, more);
      if (product == NULL)
        return NULL;
      g_ptr_array_add (products, product);
    }
  return g_steal_pointer (&products);
}

/* node(id:) { variants(after:) }: the next variants of the head of
 * request->more; null when the product was deleted meanwhile, which the
 * next sync notices. */
static gboolean
more_variants_from_data (ScJsonReader *reader,
                         JsonObject   *data,
                         MoreVariants *more)
{
  g_autofree char *next_cursor = NULL;
  JsonObject *node;
  JsonObject *connection;

  if (!sc_json_reader_need_object (reader, data, "$.data", "node", TRUE, &node))
    return FALSE;
  g_clear_pointer (&more->cursor, g_free);
  if (node == NULL)
    return TRUE;
  if (!sc_json_reader_need_object (reader, node, "$.data.node", "variants", FALSE,
                                   &connection) ||
      !read_variants (reader, connection, "$.data.node.variants",
                      sc_product_get_currency (more->product), more->variants, &next_cursor))
    return FALSE;
  more->cursor = g_steal_pointer (&next_cursor);
  return TRUE;
}

/* Throttling: Shopify's leaky bucket. */

static double
bucket_now (ScShopifyProvider *self)
{
  double elapsed = (g_get_monotonic_time () - self->bucket_time_us) / (double)G_USEC_PER_SEC;
  double available = self->bucket_available + elapsed * self->bucket_restore_rate;

  return self->bucket_maximum > 0 ? MIN (available, self->bucket_maximum) : available;
}

/* Seconds until the bucket holds @cost points; 0 when it does or is unknown. */
static double
bucket_wait_s (ScShopifyProvider *self,
               double             cost)
{
  double available;

  if (!self->bucket_known || self->bucket_restore_rate <= 0 || cost <= 0)
    return 0;
  /* A query costing more than the bucket holds can never wait long enough. */
  if (self->bucket_maximum > 0)
    cost = MIN (cost, self->bucket_maximum);
  available = bucket_now (self);
  if (available >= cost)
    return 0;
  return MIN ((cost - available) / self->bucket_restore_rate, MAX_WAIT_S);
}

/* Spends the expected cost locally at once, so two requests started
 * together do not both count on the same points. */
static void
bucket_spend (ScShopifyProvider *self,
              double             cost)
{
  if (!self->bucket_known)
    return;
  self->bucket_available = bucket_now (self) - cost;
  self->bucket_time_us = g_get_monotonic_time ();
}

/* The points the call under way is expected to cost. */
static double
request_cost (ScShopifyProvider *self,
              Request           *request)
{
  if (request->kind == QUERY_NODES)
    return self->node_cost * request->batch_len + (request->with_shop ? 1 : 0);
  return self->expected_cost[request->kind];
}

/* How many of the ids left fit in one query: under the single query limit
 * and the bucket's size, at the cost per id the shop last asked. */
static guint
next_batch_len (ScShopifyProvider *self,
                Request           *request)
{
  double limit = self->max_query_cost;
  double fit;
  guint left = request->ids->len - request->batch_start;

  if (self->bucket_known && self->bucket_maximum > 0)
    limit = MIN (limit, self->bucket_maximum);
  fit = floor ((limit - 1) / MAX (self->node_cost, 1.0));
  return (guint)CLAMP (fit, 1.0, (double)MIN (left, MAX_NODE_IDS));
}

/* extensions.cost is advice on pacing, not data: a missing or odd value is
 * ignored rather than failing the request. */
static void
bucket_update (ScShopifyProvider *self,
               Request           *request,
               JsonObject        *root)
{
  JsonNode *extensions = json_object_get_member (root, "extensions");
  JsonNode *cost_node;
  JsonNode *status_node;
  JsonObject *cost;
  JsonObject *status;
  double requested, maximum, available, restore_rate;

  if (extensions == NULL || !JSON_NODE_HOLDS_OBJECT (extensions))
    return;
  cost_node = json_object_get_member (json_node_get_object (extensions), "cost");
  if (cost_node == NULL || !JSON_NODE_HOLDS_OBJECT (cost_node))
    return;
  cost = json_node_get_object (cost_node);

  if (sc_json_peek_number (cost, "requestedQueryCost", &requested) && requested > 0)
    {
      /* A refresh's cost grows with its ids: learn what one costs. */
      if (request->kind == QUERY_NODES && request->batch_len > 0)
        self->node_cost = MAX ((requested - (request->with_shop ? 1 : 0)) / request->batch_len,
                               1.0);
      else
        self->expected_cost[request->kind] = requested;
    }

  status_node = json_object_get_member (cost, "throttleStatus");
  if (status_node == NULL || !JSON_NODE_HOLDS_OBJECT (status_node))
    return;
  status = json_node_get_object (status_node);
  if (!sc_json_peek_number (status, "maximumAvailable", &maximum) ||
      !sc_json_peek_number (status, "currentlyAvailable", &available) ||
      !sc_json_peek_number (status, "restoreRate", &restore_rate))
    return;

  self->bucket_known = TRUE;
  self->bucket_maximum = maximum;
  self->bucket_available = available;
  self->bucket_restore_rate = restore_rate;
  self->bucket_time_us = g_get_monotonic_time ();
}

/* Sending and retrying. */

static GBytes *
request_body (ScShopifyProvider *self,
              Request           *request)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;
  gsize length;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "query");
  json_builder_add_string_value (builder, request->kind == QUERY_PAGE ? page_query
                                          : request->kind == QUERY_NODES ? nodes_query
                                          : request->kind == QUERY_UPDATE ? update_mutation
                                          : variants_query);
  json_builder_set_member_name (builder, "variables");
  json_builder_begin_object (builder);
  if (request->kind == QUERY_UPDATE)
    {
      json_builder_set_member_name (builder, "productId");
      json_builder_add_string_value (builder, request->product_gid);
      json_builder_set_member_name (builder, "variants");
      json_builder_begin_array (builder);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, request->variant_gid);
      json_builder_set_member_name (builder, "price");
      json_builder_add_string_value (builder, request->price);
      json_builder_set_member_name (builder, "compareAtPrice");
      if (request->compare_at != NULL)
        json_builder_add_string_value (builder, request->compare_at);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      json_builder_end_array (builder);
    }
  else if (request->kind == QUERY_VARIANTS)
    {
      MoreVariants *more = g_queue_peek_head (&request->more);

      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, sc_product_get_id (more->product));
      json_builder_set_member_name (builder, "after");
      json_builder_add_string_value (builder, more->cursor);
    }
  else if (request->kind == QUERY_PAGE)
    {
      json_builder_set_member_name (builder, "first");
      json_builder_add_int_value (builder, self->page_size);
      json_builder_set_member_name (builder, "after");
      if (request->cursor != NULL)
        json_builder_add_string_value (builder, request->cursor);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "query");
      if (request->search != NULL)
        json_builder_add_string_value (builder, request->search);
      else
        json_builder_add_null_value (builder);
    }
  else
    {
      json_builder_set_member_name (builder, "ids");
      json_builder_begin_array (builder);
      for (guint i = request->batch_start; i < request->batch_start + request->batch_len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (request->ids, i));
      json_builder_end_array (builder);
    }
  /* Only the queries that declare $withShop get it. */
  if (request->kind == QUERY_PAGE || request->kind == QUERY_NODES)
    {
      json_builder_set_member_name (builder, "withShop");
      json_builder_add_boolean_value (builder, request->with_shop);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}

static void request_start (GTask *task);
static void request_send  (GTask *task);

static gboolean
on_backoff_over (GCancellable *cancellable,
                 gpointer      user_data)
{
  GTask *task = user_data;

  if (!g_task_return_error_if_cancelled (task))
    request_start (g_object_ref (task));
  return G_SOURCE_REMOVE;
}

static gboolean
on_bucket_refilled (GCancellable *cancellable,
                    gpointer      user_data)
{
  GTask *task = user_data;

  if (!g_task_return_error_if_cancelled (task))
    request_send (g_object_ref (task));
  return G_SOURCE_REMOVE;
}

/* Waits on a GSource, never blocking, and wakes at once if cancelled. Takes
 * the caller's reference on @task. */
static void
schedule (GTask                  *task,
          double                  seconds,
          GCancellableSourceFunc  callback)
{
  g_autoptr(GTask) owned = task;
  g_autoptr(GSource) source = g_cancellable_source_new (g_task_get_cancellable (task));

  g_source_set_ready_time (source, g_get_monotonic_time () + (gint64)(seconds * G_USEC_PER_SEC));
  g_task_attach_source (task, source, (GSourceFunc)callback);
}

/* Takes the caller's reference on @task. */
static void
request_start (GTask *task)
{
  ScShopifyProvider *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  double wait = bucket_wait_s (self, request_cost (self, request));

  if (wait > 0)
    {
      g_debug ("Waiting %.2f s for Shopify's rate limit to allow the next query", wait);
      schedule (task, wait, on_bucket_refilled);
      return;
    }
  request_send (task);
}

/* 5xx and timeouts: exponential backoff, then a network error naming the
 * last failure. Takes the caller's reference on @task. */
static void
retry_after_failure (GTask      *task,
                     const char *what)
{
  g_autoptr(GTask) owned = task;
  ScShopifyProvider *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  double delay = sc_backoff_next (&request->backoff);
  guint failures = sc_backoff_get_attempt (&request->backoff);

  if (failures > self->max_retries)
    {
      g_task_return_new_error (task, SC_SHOP_ERROR, SC_SHOP_ERROR_NETWORK,
                               _("Shopify failed %u times in a row, the last time with %s"),
                               failures, what);
      return;
    }
  g_debug ("Shopify failed with %s; retry %u of %u in %.1f s",
           what, failures, self->max_retries, delay);
  schedule (g_steal_pointer (&owned), delay, on_backoff_over);
}

/* Takes the caller's reference on @task. */
static void
retry_throttled (GTask  *task,
                 double  retry_after)
{
  g_autoptr(GTask) owned = task;
  ScShopifyProvider *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  double wait;

  request->throttled++;
  if (request->throttled > MAX_THROTTLED_RETRIES)
    {
      g_task_return_new_error (task, SC_SHOP_ERROR, SC_SHOP_ERROR_THROTTLED,
                               _("Shopify kept throttling the requests (%u times in a row); "
                                 "try again later"),
                               request->throttled);
      return;
    }
  wait = retry_after > 0 ? MIN (retry_after, MAX_WAIT_S)
                         : bucket_wait_s (self, request_cost (self, request));
  if (wait <= 0)
    wait = THROTTLED_FALLBACK_S;
  g_debug ("Throttled by Shopify; retrying in %.2f s", wait);
  schedule (g_steal_pointer (&owned), wait, on_bucket_refilled);
}

static gboolean
is_transient (const GError *error)
{
  /* PARTIAL_INPUT: libsoup's "Connection terminated unexpectedly", a server
   * that closed the connection without an answer. */
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
         g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE);
}

/* Retry-After is seconds here (Shopify sends "2.0"); an HTTP date is ignored
 * in favour of the bucket state. */
static double
parse_retry_after (SoupMessage *message)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                    "Retry-After");
  char *end = NULL;
  double seconds;

  if (value == NULL)
    return 0;
  seconds = g_ascii_strtod (value, &end);
  if (end == value || *end != '\0' || !isfinite (seconds) || seconds < 0)
    return 0;
  return seconds;
}

typedef enum {
  GRAPHQL_OK,
  GRAPHQL_THROTTLED,
  GRAPHQL_TOO_COSTLY,
  GRAPHQL_FAILED,
} GraphqlStatus;

/* Sorts the "errors" member: THROTTLED and MAX_COST_EXCEEDED are handled by
 * waiting or asking for less; anything else fails the request. */
static GraphqlStatus
check_graphql_errors (JsonObject  *root,
                      double      *too_costly,
                      double      *max_cost_out,
                      GError     **error)
{
  JsonNode *errors = json_object_get_member (root, "errors");
  JsonArray *array;
  g_autoptr(GString) messages = NULL;
  gboolean denied = FALSE;

  if (errors == NULL || JSON_NODE_HOLDS_NULL (errors))
    return GRAPHQL_OK;

  /* REST-style errors ("errors": "Not Found") come as a bare string. */
  if (JSON_NODE_HOLDS_VALUE (errors) && json_node_get_value_type (errors) == G_TYPE_STRING)
    {
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("Shopify refused the query: %s"), json_node_get_string (errors));
      return GRAPHQL_FAILED;
    }
  if (!JSON_NODE_HOLDS_ARRAY (errors) || json_array_get_length (json_node_get_array (errors)) == 0)
    {
      g_autoptr(ScJsonReader) reader = answer_reader_new ();

      sc_json_reader_fail_expected (reader, "$.errors", _("an array of errors"), errors);
      sc_json_reader_propagate (reader, error);
      return GRAPHQL_FAILED;
    }

  array = json_node_get_array (errors);
  messages = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *message = sc_json_peek_string (object, "message");
      JsonNode *extensions = object ? json_object_get_member (object, "extensions") : NULL;
      JsonObject *ext = extensions && JSON_NODE_HOLDS_OBJECT (extensions)
                        ? json_node_get_object (extensions) : NULL;
      const char *code_text = sc_json_peek_string (ext, "code");
      double cost, max_cost;

      if (code_text == NULL)
        code_text = "";
      if (g_str_equal (code_text, "THROTTLED"))
        return GRAPHQL_THROTTLED;
      if (g_str_equal (code_text, "MAX_COST_EXCEEDED"))
        {
          /* {"cost": 51503, "maxCost": 1000}; 0 for what is missing. */
          *too_costly = sc_json_peek_number (ext, "cost", &cost) && cost > 0 ? cost : 0;
          *max_cost_out = sc_json_peek_number (ext, "maxCost", &max_cost) && max_cost > 0
                          ? max_cost : 0;
          return GRAPHQL_TOO_COSTLY;
        }
      if (g_str_equal (code_text, "ACCESS_DENIED"))
        denied = TRUE;

      if (messages->len > 0)
        g_string_append (messages, "; ");
      if (message != NULL)
        g_string_append (messages, message);
      else
        g_string_append (messages, _("an error without a message"));
    }

  if (denied)
    g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_AUTH,
                 _("Shopify refused the access token for this query (%s): "
                   "check your token and its access scopes"), messages->str);
  else
    g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                 _("Shopify refused the query: %s"), messages->str);
  return GRAPHQL_FAILED;
}

/* @reader is NULL when the answer is only looked at for pacing advice. */
static JsonNode *
parse_json (GBytes        *body,
            ScJsonReader  *reader,
            GError       **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (body, &length);

  root = sc_json_parse (data, length, _("the answer"), &local_error);
  if (root == NULL)
    {
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("Shopify sent malformed JSON: %s"), local_error->message);
      return NULL;
    }
  if (reader != NULL)
    sc_json_reader_note_literals (reader, data, length);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      if (reader != NULL)
        {
          sc_json_reader_fail_expected (reader, "$", _("an object"), root);
          sc_json_reader_propagate (reader, error);
        }
      return NULL;
    }
  return g_steal_pointer (&root);
}

/* After a good answer: the next call of the same fetch (more variants, then
 * the next batch of ids), or the result. Takes the caller's reference. */
static void
request_next (GTask *task)
{
  ScShopifyProvider *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  /* Each call has its own retries; the currency is known by now. */
  sc_backoff_reset (&request->backoff);
  request->throttled = 0;
  request->with_shop = FALSE;

  if (!g_queue_is_empty (&request->more))
    {
      request->kind = QUERY_VARIANTS;
      request_start (task);
      return;
    }
  if (request->origin == QUERY_NODES && request->batch_start < request->ids->len)
    {
      request->kind = QUERY_NODES;
      request->batch_len = next_batch_len (self, request);
      request_start (task);
      return;
    }

  if (request->origin == QUERY_UPDATE)
    g_task_return_boolean (task, TRUE);
  else if (request->origin == QUERY_PAGE)
    g_task_return_pointer (task, g_steal_pointer (&request->page),
                           (GDestroyNotify)sc_product_page_free);
  else
    g_task_return_pointer (task, g_steal_pointer (&request->products),
                           (GDestroyNotify)g_ptr_array_unref);
  g_object_unref (task);
}

/* "15.0" and "15.00" are the same price; NULL only equals NULL. */
static gboolean
same_amount (const char *a,
             const char *b,
             const char *currency)
{
  gint64 minor_a, minor_b;

  if (a == NULL || b == NULL)
    return a == b;
  return sc_money_parse (a, currency, &minor_a, NULL) &&
         sc_money_parse (b, currency, &minor_b, NULL) && minor_a == minor_b;
}

/* productVariantsBulkUpdate's answer: userErrors (the shop refused, and
 * changed nothing) or the variant as saved, which must carry the price. */
static gboolean
update_from_data (Request       *request,
                  ScJsonReader  *reader,
                  JsonObject    *data,
                  GError       **error)
{
  JsonObject *payload;
  JsonArray *user_errors;
  JsonArray *variants;
  const char *path = "$.data.productVariantsBulkUpdate";

  if (!sc_json_reader_need_object (reader, data, "$.data", "productVariantsBulkUpdate", FALSE,
                                   &payload) ||
      !sc_json_reader_need_array (reader, payload, path, "userErrors", &user_errors))
    return FALSE;
  if (json_array_get_length (user_errors) > 0)
    {
      g_autoptr(GString) messages = g_string_new (NULL);
      gboolean missing = TRUE;

      for (guint i = 0; i < json_array_get_length (user_errors); i++)
        {
          JsonNode *node = json_array_get_element (user_errors, i);
          JsonObject *user_error = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node)
                                                                 : NULL;
          const char *message = sc_json_peek_string (user_error, "message");
          const char *code = sc_json_peek_string (user_error, "code");

          if (messages->len > 0)
            g_string_append (messages, "; ");
          g_string_append (messages, message != NULL ? message : _("an error without a message"));
          if (code != NULL)
            g_string_append_printf (messages, " (%s)", code);
          missing &= code != NULL && g_str_has_suffix (code, "_DOES_NOT_EXIST");
        }
      /* A deleted product or variant: nothing of it is left on sale. */
      g_set_error (error, SC_SHOP_ERROR, missing ? SC_SHOP_ERROR_NOT_FOUND : SC_SHOP_ERROR_REFUSED,
                   _("Shopify refused the price of %s: %s"), request->variant_gid,
                   messages->str);
      return FALSE;
    }
  if (!sc_json_reader_need_array (reader, payload, path, "productVariants", &variants))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (variants); i++)
    {
      JsonNode *node = json_array_get_element (variants, i);
      JsonObject *variant = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *compare_at = sc_json_peek_string (variant, "compareAtPrice");

      if (g_strcmp0 (sc_json_peek_string (variant, "id"), request->variant_gid) != 0)
        continue;
      if (same_amount (sc_json_peek_string (variant, "price"), request->price,
                       request->currency) &&
          same_amount (compare_at, request->compare_at, request->currency))
        return TRUE;
      break;
    }
  g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
               _("Shopify did not confirm the new price of %s"), request->variant_gid);
  return FALSE;
}

static void
on_response (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScShopifyProvider *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(ScJsonReader) reader = NULL;
  g_autofree char *what = NULL;
  const char *reason;
  JsonObject *object;
  JsonObject *data;
  double too_costly = 0;
  double max_cost = 0;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      if (is_transient (error))
        retry_after_failure (g_steal_pointer (&task), error->message);
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, SC_SHOP_ERROR, SC_SHOP_ERROR_NETWORK,
                                 _("Could not reach Shopify at %s: %s"),
                                 g_uri_get_host (self->endpoint), error->message);
      return;
    }

  status = soup_message_get_status (request->message);
  reason = soup_message_get_reason_phrase (request->message);
  what = reason != NULL && reason[0] != '\0' ? g_strdup_printf ("HTTP %u %s", status, reason)
                                              : g_strdup_printf ("HTTP %u", status);

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      g_task_return_new_error (task, SC_SHOP_ERROR, SC_SHOP_ERROR_AUTH,
                               _("Shopify refused the access token (HTTP %u): check your token"),
                               status);
      return;
    }
  if (status == HTTP_TOO_MANY_REQUESTS)
    {
      /* The body of a 429 may still carry the bucket state. */
      root = parse_json (body, NULL, NULL);
      if (root != NULL)
        bucket_update (self, request, json_node_get_object (root));
      retry_throttled (g_steal_pointer (&task), parse_retry_after (request->message));
      return;
    }
  if (status >= 500 && status < 600)
    {
      retry_after_failure (g_steal_pointer (&task), what);
      return;
    }
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *endpoint = g_uri_to_string (self->endpoint);

      g_task_return_new_error (task, SC_SHOP_ERROR, SC_SHOP_ERROR_NETWORK,
                               _("Shopify answered %s for %s: check the shop address and "
                                 "the API version"), what, endpoint);
      return;
    }

  reader = answer_reader_new ();
  root = parse_json (body, reader, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  object = json_node_get_object (root);
  bucket_update (self, request, object);

  switch (check_graphql_errors (object, &too_costly, &max_cost, &error))
    {
    case GRAPHQL_THROTTLED:
      retry_throttled (g_steal_pointer (&task), parse_retry_after (request->message));
      return;
    case GRAPHQL_TOO_COSTLY:
      if (max_cost > 0)
        self->max_query_cost = max_cost;
      if (request->kind == QUERY_PAGE && self->page_size > 1)
        {
          double ratio = too_costly > 0 && max_cost > 0 ? max_cost / too_costly : 0.5;
          guint smaller = (guint)floor (self->page_size * CLAMP (ratio, 0.0, 0.5));

          self->page_size = MAX (smaller, 1);
          g_debug ("A Shopify page costs too much; asking for %u products", self->page_size);
          request_start (g_steal_pointer (&task));
          return;
        }
      if (request->kind == QUERY_NODES && request->batch_len > 1)
        {
          guint before = request->batch_len;

          self->node_cost = too_costly > 0 ? too_costly / request->batch_len
                                           : self->node_cost * 2;
          request->batch_len = MIN (next_batch_len (self, request), before / 2);
          g_debug ("Shopify finds %u products by id too costly; asking for %u at a time",
                   before, request->batch_len);
          request_start (g_steal_pointer (&task));
          return;
        }
      g_task_return_new_error (task, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                               _("Shopify refused the query as too costly"));
      return;
    case GRAPHQL_FAILED:
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    case GRAPHQL_OK:
    default:
      break;
    }

  if (!sc_json_reader_need_object (reader, object, "$", "data", FALSE, &data) ||
      (request->with_shop && !read_currency (self, reader, data)))
    {
      sc_json_reader_propagate (reader, &error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (request->kind == QUERY_UPDATE)
    {
      if (!update_from_data (request, reader, data, &error))
        {
          if (error == NULL)
            sc_json_reader_propagate (reader, &error);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      request_next (g_steal_pointer (&task));
      return;
    }

  switch (request->kind)
    {
    case QUERY_PAGE:
      request->page = page_from_data (self, reader, data, &request->more);
      break;
    case QUERY_NODES:
      {
        g_autoptr(GPtrArray) products = products_from_data (self, reader, data, &request->more);

        if (products != NULL)
          g_ptr_array_extend_and_steal (request->products, g_steal_pointer (&products));
        request->batch_start += request->batch_len;
      }
      break;
    case QUERY_VARIANTS:
    case QUERY_UPDATE:
    case N_QUERY_KINDS:
    default:
      {
        MoreVariants *more = g_queue_peek_head (&request->more);

        if (more_variants_from_data (reader, data, more) && more->cursor == NULL)
          {
            /* All of them: the product as the shop has it. */
            sc_product_set_variants (more->product, more->variants);
            sc_product_summarize_variants (more->product);
            more_variants_free (g_queue_pop_head (&request->more));
          }
      }
      break;
    }
  if (!sc_json_reader_propagate (reader, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  request_next (g_steal_pointer (&task));
}

/* Takes the caller's reference on @task. */
static void
request_send (GTask *task)
{
  ScShopifyProvider *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = request_body (self, request);
  SoupMessageHeaders *headers;

  g_clear_object (&request->message);
  request->message = soup_message_new_from_uri (SOUP_METHOD_POST, self->endpoint);
  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "X-Shopify-Access-Token", self->token);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_set_request_body_from_bytes (request->message, "application/json", body);

  self->request_count++;
  bucket_spend (self, request_cost (self, request));
  soup_session_send_and_read_async (self->session, request->message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), on_response, task);
}

/* ScShopProvider */

static const char *
sc_shopify_provider_get_name (ScShopProvider *provider)
{
  return "Shopify";
}

static char *
format_search (GDateTime *updated_since)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (updated_since);
  g_autofree char *text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");

  return g_strdup_printf ("updated_at:>='%s'", text);
}

static void
sc_shopify_provider_fetch_page_async (ScShopProvider      *provider,
                                      const char          *cursor,
                                      GDateTime           *updated_since,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  ScShopifyProvider *self = SC_SHOPIFY_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Request *request = request_new (QUERY_PAGE);

  g_task_set_source_tag (task, sc_shopify_provider_fetch_page_async);
  request->cursor = g_strdup (cursor);
  request->search = updated_since != NULL ? format_search (updated_since) : NULL;
  /* A listing's first page also refreshes the currency, which the prices need. */
  request->with_shop = cursor == NULL || self->currency == NULL;
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);

  request_start (g_steal_pointer (&task));
}

static ScProductPage *
sc_shopify_provider_fetch_page_finish (ScShopProvider  *provider,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* "123" names the product gid://shopify/Product/123; anything else that is
 * not a GID cannot name a Shopify product. */
static char *
normalize_id (const char *id)
{
  gsize length = strlen (id);

  if (g_str_has_prefix (id, "gid://shopify/"))
    return g_strdup (id);
  if (length == 0 || length > 20)
    return NULL;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return NULL;
  return g_strconcat ("gid://shopify/Product/", id, NULL);
}

static void
sc_shopify_provider_fetch_products_async (ScShopProvider      *provider,
                                          const char * const  *ids,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  ScShopifyProvider *self = SC_SHOPIFY_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  Request *request = request_new (QUERY_NODES);

  g_task_set_source_tag (task, sc_shopify_provider_fetch_products_async);
  request->ids = g_ptr_array_new_with_free_func (g_free);
  request->with_shop = self->currency == NULL;
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      char *gid = normalize_id (ids[i]);

      if (gid == NULL)
        g_debug ("“%s” is not a Shopify product id; it is left out", ids[i]);
      else if (g_hash_table_contains (seen, gid))
        g_free (gid);
      else
        {
          g_ptr_array_add (request->ids, gid);
          g_hash_table_add (seen, gid);
        }
    }

  if (request->ids->len == 0)
    {
      g_task_return_pointer (task, g_ptr_array_new_with_free_func (g_object_unref),
                             (GDestroyNotify)g_ptr_array_unref);
      return;
    }
  /* As many ids a query as fit the cost limit, as many queries as that takes. */
  request->products = g_ptr_array_new_with_free_func (g_object_unref);
  request->batch_len = next_batch_len (self, request);
  request_start (g_steal_pointer (&task));
}

static GPtrArray *
sc_shopify_provider_fetch_products_finish (ScShopProvider  *provider,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static guint
sc_shopify_provider_get_request_count (ScShopProvider *provider)
{
  return SC_SHOPIFY_PROVIDER (provider)->request_count;
}

/* "123" or a GID of @type. */
static char *
normalize_typed_id (const char *id,
                    const char *type)
{
  g_autofree char *gid = normalize_id (id);
  g_autofree char *prefix = g_strconcat ("gid://shopify/", type, "/", NULL);

  if (gid == NULL)
    return NULL;
  if (g_str_has_prefix (id, "gid://shopify/"))
    return g_str_has_prefix (id, prefix) ? g_steal_pointer (&gid) : NULL;
  return g_strconcat (prefix, id, NULL);
}

static void
sc_shopify_provider_set_price_async (ScShopProvider      *provider,
                                     const ScPriceChange *change,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  ScShopifyProvider *self = SC_SHOPIFY_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Request *request;
  g_autofree char *product_gid = normalize_typed_id (change->product_id, "Product");
  g_autofree char *variant_gid = change->variant_id != NULL
                                 ? normalize_typed_id (change->variant_id, "ProductVariant")
                                 : NULL;

  g_task_set_source_tag (task, sc_shopify_provider_set_price_async);
  if (product_gid == NULL || variant_gid == NULL)
    {
      /* Every Shopify product has at least one variant, which holds the price. */
      g_task_return_new_error (task, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                               _("“%s” is not a Shopify product variant"),
                               product_gid == NULL ? change->product_id
                               : change->variant_id != NULL ? change->variant_id : "");
      return;
    }
  if (change->price <= 0)
    {
      g_task_return_new_error (task, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                               _("A sale price must be above zero"));
      return;
    }

  request = request_new (QUERY_UPDATE);
  request->product_gid = g_steal_pointer (&product_gid);
  request->variant_gid = g_steal_pointer (&variant_gid);
  request->price = sc_money_to_decimal (change->price, change->currency);
  request->compare_at = change->compare_at > 0
                        ? sc_money_to_decimal (change->compare_at, change->currency) : NULL;
  request->currency = g_strdup (change->currency);
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);
  request_start (g_steal_pointer (&task));
}

static gboolean
sc_shopify_provider_set_price_finish (ScShopProvider  *provider,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static char *
sc_shopify_provider_dup_shop_key (ScShopProvider *provider)
{
  ScShopifyProvider *self = SC_SHOPIFY_PROVIDER (provider);

  int port = g_uri_get_port (self->endpoint);

  if (port < 0)
    return g_strdup_printf ("shopify %s://%s", g_uri_get_scheme (self->endpoint),
                            g_uri_get_host (self->endpoint));
  return g_strdup_printf ("shopify %s://%s:%d", g_uri_get_scheme (self->endpoint),
                          g_uri_get_host (self->endpoint), port);
}

static void
shop_provider_iface_init (ScShopProviderInterface *iface)
{
  iface->get_name = sc_shopify_provider_get_name;
  iface->fetch_page_async = sc_shopify_provider_fetch_page_async;
  iface->fetch_page_finish = sc_shopify_provider_fetch_page_finish;
  iface->fetch_products_async = sc_shopify_provider_fetch_products_async;
  iface->fetch_products_finish = sc_shopify_provider_fetch_products_finish;
  iface->get_request_count = sc_shopify_provider_get_request_count;
  iface->set_price_async = sc_shopify_provider_set_price_async;
  iface->set_price_finish = sc_shopify_provider_set_price_finish;
  iface->dup_shop_key = sc_shopify_provider_dup_shop_key;
}

/* GObject */

static void
sc_shopify_provider_dispose (GObject *object)
{
  ScShopifyProvider *self = (ScShopifyProvider *)object;

  /* Pending requests hold a reference on us, so by now nothing is in flight. */
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sc_shopify_provider_parent_class)->dispose (object);
}

static void
sc_shopify_provider_finalize (GObject *object)
{
  ScShopifyProvider *self = (ScShopifyProvider *)object;

  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  g_clear_pointer (&self->endpoint, g_uri_unref);
  g_free (self->currency);

  G_OBJECT_CLASS (sc_shopify_provider_parent_class)->finalize (object);
}

static void
sc_shopify_provider_class_init (ScShopifyProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_shopify_provider_dispose;
  object_class->finalize = sc_shopify_provider_finalize;
}

static void
sc_shopify_provider_init (ScShopifyProvider *self)
{
  self->page_size = MAX_PAGE_SIZE;
  self->node_cost = PRODUCT_COST_GUESS;
  self->max_query_cost = MAX_QUERY_COST;
  self->expected_cost[QUERY_UPDATE] = MUTATION_COST;
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
is_api_version (const char *version)
{
  if (version[0] == '\0' || strlen (version) > 20)
    return FALSE;
  for (const char *p = version; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/* The endpoint, or NULL with an error saying what is wrong with the address. */
static GUri *
build_endpoint (const char  *url,
                const char  *version,
                gboolean    *loopback,
                GError     **error)
{
  g_autoptr(GUri) base = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *endpoint = NULL;
  const char *scheme;
  const char *host;

  if (url == NULL || url[0] == '\0')
    {
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("No Shopify shop address: set the shop’s “url”, "
                     "e.g. https://example.myshopify.com"));
      return NULL;
    }
  base = g_uri_parse (url, G_URI_FLAGS_NONE, &local_error);
  if (base == NULL)
    {
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("“%s” is not a shop address: %s"), url, local_error->message);
      return NULL;
    }
  scheme = g_uri_get_scheme (base);
  host = g_uri_get_host (base);
  if (host == NULL || host[0] == '\0' || g_uri_get_query (base) != NULL ||
      g_uri_get_fragment (base) != NULL || g_uri_get_userinfo (base) != NULL ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    {
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("“%s” is not a shop address: expected https://host"), url);
      return NULL;
    }
  *loopback = host_is_loopback (host);
  /* The access token goes with every request: never in clear over a network. */
  if (g_ascii_strcasecmp (scheme, "http") == 0 && !*loopback)
    {
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("Refusing plain http:// to %s: the access token would travel "
                     "unencrypted; use https:// (http:// is only for this computer)"), host);
      return NULL;
    }
  if (!is_api_version (version))
    {
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("“%s” is not a Shopify API version: expected one such as “%s”"),
                   version, DEFAULT_API_VERSION);
      return NULL;
    }

  trimmed = g_strdup (url);
  while (g_str_has_suffix (trimmed, "/"))
    trimmed[strlen (trimmed) - 1] = '\0';
  endpoint = g_strdup_printf ("%s/admin/api/%s/graphql.json", trimmed, version);
  return g_uri_parse (endpoint, G_URI_FLAGS_NONE, error);
}

ScShopProvider *
sc_shopify_provider_new (const ScShopConfig  *config,
                         GError             **error)
{
  g_autoptr(ScShopifyProvider) self = NULL;
  g_autoptr(GUri) endpoint = NULL;
  const char *version;
  gboolean loopback = FALSE;
  guint timeout;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (config->token == NULL || config->token[0] == '\0')
    {
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_AUTH,
                   _("No Shopify access token: set the environment variable named by the "
                     "shop’s “token_env” to the Admin API access token"));
      return NULL;
    }

  version = config->api_version != NULL && config->api_version[0] != '\0'
            ? config->api_version : DEFAULT_API_VERSION;
  endpoint = build_endpoint (config->url, version, &loopback, error);
  if (endpoint == NULL)
    return NULL;

  /* libsoup counts whole seconds of silence; a shorter setting rounds up. */
  timeout = config->timeout_s > 0 ? (guint)ceil (MIN (config->timeout_s, 3600.0))
                                  : DEFAULT_TIMEOUT_S;

  self = g_object_new (SC_TYPE_SHOPIFY_PROVIDER, NULL);
  self->endpoint = g_steal_pointer (&endpoint);
  self->token = g_strdup (config->token);
  self->max_retries = config->max_retries;
  self->session = soup_session_new_with_options ("timeout", timeout,
                                                 "user-agent", "Shopcast/" PACKAGE_VERSION,
                                                 NULL);
  /* A system proxy must not see (or break) traffic to this computer. */
  if (loopback)
    soup_session_set_proxy_resolver (self->session, NULL);

  return SC_SHOP_PROVIDER (g_steal_pointer (&self));
}
