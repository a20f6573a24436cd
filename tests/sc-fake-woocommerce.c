/* sc-fake-woocommerce.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-fake-woocommerce"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "sc-fake-woocommerce.h"

#define API_PREFIX "/wp-json/wc/v3"

typedef enum {
  FAILURE_STATUS,
  FAILURE_THROTTLE,
  FAILURE_DELAY,
  FAILURE_CORRUPT,
} FailureKind;

typedef struct {
  FailureKind          kind;
  guint                remaining;
  guint                status;
  char                *retry_after;
  guint                delay_ms;
  ScFakeWooCorruption  corruption;
} Failure;

/* A product or a variation, as the API shows it. */
typedef struct {
  gint64      id;
  gint64      parent_id;   /* 0 for a product */
  JsonObject *object;
  GPtrArray  *variations;  /* Item *, borrowed from the fake's index; products only */
} Item;

struct _ScFakeWooCommerce
{
  GObject     parent_instance;

  ScFakeServer *server;
  char       *expected_auth;  /* "key:secret" */
  char       *currency;
  gboolean    send_totals;
  GPtrArray  *products;       /* Item *, owned, in the order added */
  GHashTable *items;          /* id -> Item * (products and variations, borrowed) */
  GQueue      failures;       /* Failure * */
  GPtrArray  *requests;       /* char * */
  GHashTable *last_query;     /* char * -> char * */
  gboolean    saw_bad_auth;
  JsonObject *last_body;      /* the last PUT's */
  guint       update_count;   /* PUTs that changed a product or variation */
  gboolean    hold_updates;
  GQueue      held_updates;   /* HeldUpdate *, in arrival order */
};

/* A PUT received while updates are held: applied and answered on release. */
typedef struct {
  SoupServerMessage *message;
  gint64             product_id;
  gint64             variation_id;
} HeldUpdate;

static void
held_update_free (HeldUpdate *held)
{
  g_object_unref (held->message);
  g_free (held);
}

G_DEFINE_FINAL_TYPE (ScFakeWooCommerce, sc_fake_woocommerce, G_TYPE_OBJECT)

static void
failure_free (Failure *failure)
{
  g_free (failure->retry_after);
  g_free (failure);
}

static void
item_free (Item *item)
{
  g_clear_pointer (&item->object, json_object_unref);
  if (item->variations != NULL)
    g_ptr_array_unref (item->variations);
  g_free (item);
}

static void
sc_fake_woocommerce_dispose (GObject *object)
{
  ScFakeWooCommerce *self = (ScFakeWooCommerce *)object;

  g_clear_object (&self->server);

  G_OBJECT_CLASS (sc_fake_woocommerce_parent_class)->dispose (object);
}

static void
sc_fake_woocommerce_finalize (GObject *object)
{
  ScFakeWooCommerce *self = (ScFakeWooCommerce *)object;

  g_free (self->expected_auth);
  g_free (self->currency);
  g_hash_table_unref (self->items);
  for (guint i = 0; i < self->products->len; i++)
    {
      Item *product = g_ptr_array_index (self->products, i);

      for (guint j = 0; j < product->variations->len; j++)
        item_free (g_ptr_array_index (product->variations, j));
    }
  g_ptr_array_unref (self->products);
  g_queue_clear_full (&self->failures, (GDestroyNotify)failure_free);
  g_ptr_array_unref (self->requests);
  g_clear_pointer (&self->last_query, g_hash_table_unref);
  g_clear_pointer (&self->last_body, json_object_unref);
  g_queue_clear_full (&self->held_updates, (GDestroyNotify)held_update_free);

  G_OBJECT_CLASS (sc_fake_woocommerce_parent_class)->finalize (object);
}

static void
sc_fake_woocommerce_class_init (ScFakeWooCommerceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_fake_woocommerce_dispose;
  object_class->finalize = sc_fake_woocommerce_finalize;
}

static void
sc_fake_woocommerce_init (ScFakeWooCommerce *self)
{
  self->currency = g_strdup ("USD");
  self->send_totals = TRUE;
  self->products = g_ptr_array_new_with_free_func ((GDestroyNotify)item_free);
  self->items = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->requests = g_ptr_array_new_with_free_func (g_free);
  g_queue_init (&self->failures);
}

/* Building responses */

static void
send_json (SoupServerMessage *message,
           guint              status,
           JsonNode          *root)
{
  g_autoptr(GRegex) raw = g_regex_new ("\"@raw:([^\"]*)\"", 0, 0, NULL);
  g_autofree char *text = json_to_string (root, FALSE);
  /* Numbers json-glib cannot hold go out as written (sc_fake_woocommerce_set_member). */
  char *body = g_regex_replace (raw, text, -1, 0, "\\1", 0, NULL);
  gsize length = strlen (body);

  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json; charset=UTF-8",
                                    SOUP_MEMORY_TAKE, body, length);
}

/* WordPress REST errors: {"code": …, "message": …, "data": {"status": …}}. */
static void
send_error (SoupServerMessage *message,
            guint              status,
            const char        *code,
            const char        *text)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_int_value (builder, status);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  send_json (message, status, root);
}

static char *
now_string (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");
}

static char *
slugify (const char *name)
{
  GString *slug = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  if (slug->len == 0)
    g_string_append (slug, "product");
  return g_string_free (slug, FALSE);
}


static JsonObject *
links_object (ScFakeWooCommerce *self,
              const char        *self_path,
              const char        *collection_path,
              const char        *up_path)
{
  const char *names[] = { "self", "collection", "up" };
  const char *paths[] = { self_path, collection_path, up_path };
  JsonObject *object = json_object_new ();

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *href = NULL;
      JsonArray *array;
      JsonObject *link;

      if (paths[i] == NULL)
        continue;
      href = g_strconcat (sc_fake_server_get_url (self->server), API_PREFIX, paths[i], NULL);
      link = json_object_new ();
      json_object_set_string_member (link, "href", href);
      array = json_array_new ();
      json_array_add_object_element (array, link);
      json_object_set_array_member (object, names[i], array);
    }
  return object;
}

static JsonObject *
dimensions_object (void)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "length", "");
  json_object_set_string_member (object, "width", "");
  json_object_set_string_member (object, "height", "");
  return object;
}

static JsonObject *
image_object (ScFakeWooCommerce *self,
              gint64             id,
              const char        *date)
{
  g_autofree char *src = g_strdup_printf ("%s/wp-content/uploads/%" G_GINT64_FORMAT ".jpg",
                                          sc_fake_server_get_url (self->server), id);
  JsonObject *object = json_object_new ();

  /* Another id than the product's, and no overflow for the largest ones. */
  json_object_set_int_member (object, "id", id < G_MAXINT64 ? id + 1 : id - 1);
  json_object_set_string_member (object, "date_created", date);
  json_object_set_string_member (object, "date_created_gmt", date);
  json_object_set_string_member (object, "date_modified", date);
  json_object_set_string_member (object, "date_modified_gmt", date);
  json_object_set_string_member (object, "src", src);
  json_object_set_string_member (object, "name", "");
  json_object_set_string_member (object, "alt", "");
  return object;
}

/* The members both products and variations have, in the API's order. */
static void
set_sale_and_stock_members (JsonObject *object,
                            const char *regular_price)
{
  json_object_set_string_member (object, "sku", "");
  json_object_set_string_member (object, "price", regular_price);
  json_object_set_string_member (object, "regular_price", regular_price);
  json_object_set_string_member (object, "sale_price", "");
  json_object_set_null_member (object, "date_on_sale_from");
  json_object_set_null_member (object, "date_on_sale_from_gmt");
  json_object_set_null_member (object, "date_on_sale_to");
  json_object_set_null_member (object, "date_on_sale_to_gmt");
  json_object_set_boolean_member (object, "on_sale", FALSE);
  json_object_set_string_member (object, "status", "publish");
  json_object_set_boolean_member (object, "purchasable", regular_price[0] != '\0');
  json_object_set_boolean_member (object, "virtual", FALSE);
  json_object_set_boolean_member (object, "downloadable", FALSE);
  json_object_set_array_member (object, "downloads", json_array_new ());
  json_object_set_int_member (object, "download_limit", -1);
  json_object_set_int_member (object, "download_expiry", -1);
  json_object_set_string_member (object, "tax_status", "taxable");
  json_object_set_string_member (object, "tax_class", "");
  json_object_set_boolean_member (object, "manage_stock", FALSE);
  json_object_set_null_member (object, "stock_quantity");
  json_object_set_string_member (object, "stock_status", "instock");
  json_object_set_string_member (object, "backorders", "no");
  json_object_set_boolean_member (object, "backorders_allowed", FALSE);
  json_object_set_boolean_member (object, "backordered", FALSE);
  json_object_set_string_member (object, "weight", "");
  json_object_set_object_member (object, "dimensions", dimensions_object ());
  json_object_set_string_member (object, "shipping_class", "");
  json_object_set_int_member (object, "shipping_class_id", 0);
}

static JsonObject *
product_object (ScFakeWooCommerce *self,
                gint64             id,
                const char        *name,
                const char        *type,
                const char        *regular_price)
{
  g_autofree char *date = now_string ();
  g_autofree char *slug = slugify (name);
  g_autofree char *permalink = g_strdup_printf ("%s/product/%s/",
                                                sc_fake_server_get_url (self->server), slug);
  g_autofree char *self_path = g_strdup_printf ("/products/%" G_GINT64_FORMAT, id);
  JsonObject *object = json_object_new ();
  JsonArray *images = json_array_new ();

  json_object_set_int_member (object, "id", id);
  json_object_set_string_member (object, "name", name);
  json_object_set_string_member (object, "slug", slug);
  json_object_set_string_member (object, "permalink", permalink);
  json_object_set_string_member (object, "date_created", date);
  json_object_set_string_member (object, "date_created_gmt", date);
  json_object_set_string_member (object, "date_modified", date);
  json_object_set_string_member (object, "date_modified_gmt", date);
  json_object_set_string_member (object, "type", type);
  json_object_set_boolean_member (object, "featured", FALSE);
  json_object_set_string_member (object, "catalog_visibility", "visible");
  json_object_set_string_member (object, "description", "<p>A product of the fake shop.</p>\n");
  json_object_set_string_member (object, "short_description", "");
  set_sale_and_stock_members (object, regular_price);
  json_object_set_string_member (object, "price_html", "");
  json_object_set_int_member (object, "total_sales", 0);
  json_object_set_string_member (object, "external_url", "");
  json_object_set_string_member (object, "button_text", "");
  json_object_set_boolean_member (object, "sold_individually", FALSE);
  json_object_set_boolean_member (object, "shipping_required", TRUE);
  json_object_set_boolean_member (object, "shipping_taxable", TRUE);
  json_object_set_boolean_member (object, "reviews_allowed", TRUE);
  json_object_set_string_member (object, "average_rating", "0.00");
  json_object_set_int_member (object, "rating_count", 0);
  json_object_set_array_member (object, "related_ids", json_array_new ());
  json_object_set_array_member (object, "upsell_ids", json_array_new ());
  json_object_set_array_member (object, "cross_sell_ids", json_array_new ());
  json_object_set_int_member (object, "parent_id", 0);
  json_object_set_string_member (object, "purchase_note", "");
  json_object_set_array_member (object, "categories", json_array_new ());
  json_object_set_array_member (object, "tags", json_array_new ());
  json_array_add_object_element (images, image_object (self, id, date));
  json_object_set_array_member (object, "images", images);
  json_object_set_array_member (object, "attributes", json_array_new ());
  json_object_set_array_member (object, "default_attributes", json_array_new ());
  json_object_set_array_member (object, "variations", json_array_new ());
  json_object_set_array_member (object, "grouped_products", json_array_new ());
  json_object_set_int_member (object, "menu_order", 0);
  json_object_set_array_member (object, "meta_data", json_array_new ());
  json_object_set_object_member (object, "_links",
                                 links_object (self, self_path, "/products", NULL));
  return object;
}

static JsonObject *
variation_object (ScFakeWooCommerce *self,
                  Item              *product,
                  gint64             id,
                  const char        *regular_price,
                  va_list            attributes)
{
  g_autofree char *date = now_string ();
  g_autofree char *parent_path = g_strdup_printf ("/products/%" G_GINT64_FORMAT, product->id);
  g_autofree char *collection = g_strdup_printf ("%s/variations", parent_path);
  g_autofree char *self_path = g_strdup_printf ("%s/%" G_GINT64_FORMAT, collection, id);
  GString *permalink = g_string_new (json_object_get_string_member (product->object,
                                                                    "permalink"));
  JsonObject *object = json_object_new ();
  JsonArray *array = json_array_new ();
  const char *name;
  gint64 attribute_id = 1;

  while ((name = va_arg (attributes, const char *)) != NULL)
    {
      const char *option = va_arg (attributes, const char *);
      JsonObject *attribute = json_object_new ();
      g_autofree char *key = slugify (name);

      json_object_set_int_member (attribute, "id", attribute_id++);
      json_object_set_string_member (attribute, "name", name);
      json_object_set_string_member (attribute, "option", option);
      json_array_add_object_element (array, attribute);
      g_string_append_printf (permalink, "%cattribute_pa_%s=%s",
                              strchr (permalink->str, '?') ? '&' : '?', key, option);
    }

  json_object_set_int_member (object, "id", id);
  json_object_set_string_member (object, "date_created", date);
  json_object_set_string_member (object, "date_created_gmt", date);
  json_object_set_string_member (object, "date_modified", date);
  json_object_set_string_member (object, "date_modified_gmt", date);
  json_object_set_string_member (object, "description", "");
  json_object_set_string_member (object, "permalink", permalink->str);
  set_sale_and_stock_members (object, regular_price);
  json_object_set_object_member (object, "image", image_object (self, id, date));
  json_object_set_array_member (object, "attributes", array);
  json_object_set_int_member (object, "menu_order", 0);
  json_object_set_array_member (object, "meta_data", json_array_new ());
  json_object_set_object_member (object, "_links",
                                 links_object (self, self_path, collection, parent_path));
  g_string_free (permalink, TRUE);
  return object;
}

/* Keeps what WooCommerce derives in step: the current price, on_sale, the
 * variable product's price range, its variation ids and attributes. */
static void
refresh_product (Item *product)
{
  JsonArray *ids;
  g_autofree char *lowest = NULL;
  double lowest_value = 0;

  if (product->variations->len == 0)
    return;

  ids = json_array_new ();
  for (guint i = 0; i < product->variations->len; i++)
    {
      Item *variation = g_ptr_array_index (product->variations, i);
      const char *price = json_object_get_string_member (variation->object, "price");
      double value = g_ascii_strtod (price, NULL);

      json_array_add_int_element (ids, variation->id);
      if (price[0] != '\0' && (lowest == NULL || value < lowest_value))
        {
          g_free (lowest);
          lowest = g_strdup (price);
          lowest_value = value;
        }
    }
  json_object_set_array_member (product->object, "variations", ids);
  json_object_set_string_member (product->object, "price", lowest != NULL ? lowest : "");
}

static void
touch (Item *item)
{
  g_autofree char *date = now_string ();

  json_object_set_string_member (item->object, "date_modified", date);
  json_object_set_string_member (item->object, "date_modified_gmt", date);
}

static Item *
lookup (ScFakeWooCommerce *self,
        gint64             id)
{
  Item *item = g_hash_table_lookup (self->items, &id);

  g_assert_nonnull (item);
  return item;
}

static void
changed (ScFakeWooCommerce *self,
         Item              *item)
{
  touch (item);
  if (item->parent_id != 0)
    {
      Item *product = lookup (self, item->parent_id);

      refresh_product (product);
      touch (product);
    }
}

/* Catalog controls */

static void
add_item (ScFakeWooCommerce *self,
          Item              *item)
{
  g_assert_false (g_hash_table_contains (self->items, &item->id));
  g_hash_table_insert (self->items, &item->id, item);
}

void
sc_fake_woocommerce_add_simple (ScFakeWooCommerce *self,
                                gint64             id,
                                const char        *name,
                                const char        *regular_price)
{
  Item *item = g_new0 (Item, 1);

  item->id = id;
  item->object = product_object (self, id, name, "simple", regular_price);
  item->variations = g_ptr_array_new ();
  add_item (self, item);
  g_ptr_array_add (self->products, item);
}

void
sc_fake_woocommerce_add_variable (ScFakeWooCommerce *self,
                                  gint64             id,
                                  const char        *name)
{
  Item *item = g_new0 (Item, 1);

  item->id = id;
  item->object = product_object (self, id, name, "variable", "");
  item->variations = g_ptr_array_new ();
  add_item (self, item);
  g_ptr_array_add (self->products, item);
}

void
sc_fake_woocommerce_add_variation (ScFakeWooCommerce *self,
                                   gint64             product_id,
                                   gint64             id,
                                   const char        *regular_price,
                                   ...)
{
  Item *product = lookup (self, product_id);
  Item *item = g_new0 (Item, 1);
  va_list args;

  g_assert_cmpint (product->parent_id, ==, 0);
  va_start (args, regular_price);
  item->id = id;
  item->parent_id = product_id;
  item->object = variation_object (self, product, id, regular_price, args);
  va_end (args);
  add_item (self, item);
  g_ptr_array_add (product->variations, item);
  changed (self, item);
}

void
sc_fake_woocommerce_set_sale_price (ScFakeWooCommerce *self,
                                    gint64             id,
                                    const char        *sale_price)
{
  Item *item = lookup (self, id);
  gboolean on_sale = sale_price != NULL && sale_price[0] != '\0';
  const char *regular = json_object_get_string_member (item->object, "regular_price");

  json_object_set_string_member (item->object, "sale_price", on_sale ? sale_price : "");
  json_object_set_string_member (item->object, "price", on_sale ? sale_price : regular);
  json_object_set_boolean_member (item->object, "on_sale", on_sale);
  changed (self, item);
}

void
sc_fake_woocommerce_set_sku (ScFakeWooCommerce *self,
                             gint64             id,
                             const char        *sku)
{
  Item *item = lookup (self, id);

  json_object_set_string_member (item->object, "sku", sku);
  changed (self, item);
}

void
sc_fake_woocommerce_set_stock (ScFakeWooCommerce *self,
                               gint64             id,
                               gint64             quantity)
{
  Item *item = lookup (self, id);

  json_object_set_boolean_member (item->object, "manage_stock", TRUE);
  json_object_set_int_member (item->object, "stock_quantity", quantity);
  json_object_set_string_member (item->object, "stock_status",
                                 quantity > 0 ? "instock" : "outofstock");
  changed (self, item);
}

void
sc_fake_woocommerce_set_stock_untracked (ScFakeWooCommerce *self,
                                         gint64             id,
                                         const char        *stock_status)
{
  Item *item = lookup (self, id);

  json_object_set_boolean_member (item->object, "manage_stock", FALSE);
  json_object_set_null_member (item->object, "stock_quantity");
  json_object_set_string_member (item->object, "stock_status", stock_status);
  changed (self, item);
}

void
sc_fake_woocommerce_set_stock_parent (ScFakeWooCommerce *self,
                                      gint64             id)
{
  Item *item = lookup (self, id);
  Item *product;
  JsonNode *quantity;

  g_assert_cmpint (item->parent_id, !=, 0);
  product = lookup (self, item->parent_id);
  quantity = json_object_get_member (product->object, "stock_quantity");
  /* WooCommerce shows the product's count on each variation sharing it. */
  json_object_set_string_member (item->object, "manage_stock", "parent");
  json_object_set_member (item->object, "stock_quantity", json_node_copy (quantity));
  json_object_set_string_member (item->object, "stock_status",
                                 json_object_get_string_member (product->object,
                                                                "stock_status"));
  changed (self, item);
}

void
sc_fake_woocommerce_set_status (ScFakeWooCommerce *self,
                                gint64             id,
                                const char        *status)
{
  Item *item = lookup (self, id);

  json_object_set_string_member (item->object, "status", status);
  changed (self, item);
}

void
sc_fake_woocommerce_set_modified (ScFakeWooCommerce *self,
                                  gint64             id,
                                  const char        *date_modified_gmt)
{
  Item *item = lookup (self, id);

  json_object_set_string_member (item->object, "date_modified", date_modified_gmt);
  json_object_set_string_member (item->object, "date_modified_gmt", date_modified_gmt);
}

void
sc_fake_woocommerce_set_member (ScFakeWooCommerce *self,
                                gint64             id,
                                const char        *member,
                                const char        *json)
{
  Item *item = lookup (self, id);
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  if (json == NULL)
    {
      json_object_remove_member (item->object, member);
      return;
    }
  node = json_from_string (json, &error);
  g_assert_no_error (error);
  json_object_set_member (item->object, member, node);
}

void
sc_fake_woocommerce_delete (ScFakeWooCommerce *self,
                            gint64             id)
{
  Item *item = lookup (self, id);
  Item *product = item->parent_id != 0 ? lookup (self, item->parent_id) : NULL;

  g_hash_table_remove (self->items, &id);
  if (product != NULL)
    {
      g_ptr_array_remove (product->variations, item);
      item_free (item);
      refresh_product (product);
      touch (product);
      return;
    }
  for (guint i = 0; i < item->variations->len; i++)
    {
      Item *variation = g_ptr_array_index (item->variations, i);

      g_hash_table_remove (self->items, &variation->id);
      item_free (variation);
    }
  g_ptr_array_set_size (item->variations, 0);
  g_ptr_array_remove (self->products, item);
}

/* Failure controls */

static Failure *
queue_failure (ScFakeWooCommerce *self,
               FailureKind        kind,
               guint              n)
{
  Failure *failure = g_new0 (Failure, 1);

  failure->kind = kind;
  failure->remaining = n;
  g_queue_push_tail (&self->failures, failure);
  return failure;
}

void
sc_fake_woocommerce_fail_next (ScFakeWooCommerce *self,
                               guint              n,
                               guint              status)
{
  queue_failure (self, FAILURE_STATUS, n)->status = status;
}

void
sc_fake_woocommerce_throttle_next (ScFakeWooCommerce *self,
                                   guint              n,
                                   const char        *retry_after)
{
  queue_failure (self, FAILURE_THROTTLE, n)->retry_after = g_strdup (retry_after);
}

void
sc_fake_woocommerce_delay_next (ScFakeWooCommerce *self,
                                guint              n,
                                guint              delay_ms)
{
  queue_failure (self, FAILURE_DELAY, n)->delay_ms = delay_ms;
}

static void handle_update (ScFakeWooCommerce *self,
                           SoupServerMessage *message,
                           gint64             product_id,
                           gint64             variation_id);

void
sc_fake_woocommerce_hold_updates (ScFakeWooCommerce *self,
                                  gboolean           hold)
{
  HeldUpdate *held;

  g_return_if_fail (SC_IS_FAKE_WOOCOMMERCE (self));

  self->hold_updates = hold;
  if (hold)
    return;
  while ((held = g_queue_pop_head (&self->held_updates)) != NULL)
    {
      handle_update (self, held->message, held->product_id, held->variation_id);
      soup_server_message_unpause (held->message);
      held_update_free (held);
    }
}

guint
sc_fake_woocommerce_get_held_update_count (ScFakeWooCommerce *self)
{
  g_return_val_if_fail (SC_IS_FAKE_WOOCOMMERCE (self), 0);
  return g_queue_get_length (&self->held_updates);
}

void
sc_fake_woocommerce_corrupt_next (ScFakeWooCommerce   *self,
                                  guint                n,
                                  ScFakeWooCorruption  corruption)
{
  queue_failure (self, FAILURE_CORRUPT, n)->corruption = corruption;
}

/* The failure for this request, if one is queued; the caller frees it. */
static Failure *
take_failure (ScFakeWooCommerce *self)
{
  Failure *failure = g_queue_peek_head (&self->failures);
  Failure *copy;

  if (failure == NULL)
    return NULL;
  copy = g_memdup2 (failure, sizeof *failure);
  copy->retry_after = g_strdup (failure->retry_after);
  if (--failure->remaining == 0)
    failure_free (g_queue_pop_head (&self->failures));
  return copy;
}

/* Serving */

static gboolean
parse_positive (GHashTable *query,
                const char *name,
                guint64     fallback,
                guint64     max,
                guint64    *value)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, name) : NULL;

  if (text == NULL)
    {
      *value = fallback;
      return TRUE;
    }
  return g_ascii_string_to_unsigned (text, 10, 1, max, value, NULL);
}

static gboolean
param_is_true (GHashTable *query,
               const char *name)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, name) : NULL;

  return g_strcmp0 (text, "true") == 0 || g_strcmp0 (text, "1") == 0;
}

static gboolean
matches (Item       *item,
         GHashTable *query,
         GDateTime  *modified_after,
         GHashTable *include)
{
  const char *status = query != NULL ? g_hash_table_lookup (query, "status") : NULL;

  if (include != NULL && !g_hash_table_contains (include, &item->id))
    return FALSE;
  if (status != NULL && !g_str_equal (status, "any") &&
      g_strcmp0 (json_object_get_string_member (item->object, "status"), status) != 0)
    return FALSE;
  if (modified_after != NULL)
    {
      const char *member = param_is_true (query, "dates_are_gmt") ? "date_modified_gmt"
                                                                  : "date_modified";
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr(GDateTime) modified = NULL;

      modified = g_date_time_new_from_iso8601 (json_object_get_string_member (item->object,
                                                                              member), utc);
      /* WordPress's date query "after" is exclusive. */
      if (modified == NULL || g_date_time_compare (modified, modified_after) <= 0)
        return FALSE;
    }
  return TRUE;
}

static JsonNode *
deep_copy (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  json_node_set_object (node, object);
  text = json_to_string (node, FALSE);
  return json_from_string (text, NULL);
}

/* Answers a collection: per_page, page, include, modified_after and status
 * as WooCommerce reads them, with its X-WP-Total headers. */
static void
send_collection (ScFakeWooCommerce *self,
                 SoupServerMessage *message,
                 GHashTable        *query,
                 GPtrArray         *items,
                 Failure           *failure)
{
  g_autoptr(GHashTable) include = NULL;
  g_autoptr(GDateTime) modified_after = NULL;
  g_autoptr(GPtrArray) selected = g_ptr_array_new ();
  g_autoptr(JsonNode) root = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  const char *text;
  guint64 per_page, page;
  guint total_pages;
  JsonArray *array;

  if (!parse_positive (query, "per_page", 10, 100, &per_page) ||
      !parse_positive (query, "page", 1, G_MAXUINT, &page))
    {
      send_error (message, 400, "rest_invalid_param", "Invalid parameter(s): per_page, page");
      return;
    }

  text = query != NULL ? g_hash_table_lookup (query, "include") : NULL;
  if (text != NULL && text[0] != '\0')
    {
      g_auto(GStrv) ids = g_strsplit (text, ",", -1);

      include = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      for (guint i = 0; ids[i] != NULL; i++)
        {
          gint64 *id = g_new (gint64, 1);

          if (!g_ascii_string_to_signed (ids[i], 10, 0, G_MAXINT64, id, NULL))
            {
              g_free (id);
              send_error (message, 400, "rest_invalid_param", "Invalid parameter(s): include");
              return;
            }
          g_hash_table_add (include, id);
        }
    }

  text = query != NULL ? g_hash_table_lookup (query, "modified_after") : NULL;
  if (text != NULL)
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

      modified_after = g_date_time_new_from_iso8601 (text, utc);
      if (modified_after == NULL)
        {
          send_error (message, 400, "rest_invalid_param",
                      "Invalid parameter(s): modified_after");
          return;
        }
    }

  for (guint i = 0; i < items->len; i++)
    if (matches (g_ptr_array_index (items, i), query, modified_after, include))
      g_ptr_array_add (selected, g_ptr_array_index (items, i));

  total_pages = (selected->len + per_page - 1) / per_page;
  array = json_array_new ();
  for (guint64 i = (page - 1) * per_page; i < MIN (page * per_page, selected->len); i++)
    {
      Item *item = g_ptr_array_index (selected, i);

      json_array_add_object_element (array, json_object_ref (item->object));
    }

  if (failure != NULL && failure->kind == FAILURE_CORRUPT &&
      failure->corruption == SC_FAKE_WOO_WRONG_TYPE && json_array_get_length (array) > 0)
    {
      guint last = json_array_get_length (array) - 1;
      JsonNode *copy = deep_copy (json_array_get_object_element (array, last));

      json_object_set_double_member (json_node_get_object (copy), "price", 19.9);
      json_array_remove_element (array, last);
      json_array_add_element (array, copy);
    }

  root = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (root, array);
  send_json (message, SOUP_STATUS_OK, root);

  if (failure != NULL && failure->kind == FAILURE_CORRUPT &&
      failure->corruption == SC_FAKE_WOO_MALFORMED_JSON)
    {
      g_autofree char *body = json_to_string (root, FALSE);

      soup_server_message_set_response (message, "application/json; charset=UTF-8",
                                        SOUP_MEMORY_COPY, body, strlen (body) / 2);
    }
  if (failure != NULL && failure->kind == FAILURE_CORRUPT &&
      (failure->corruption == SC_FAKE_WOO_EMPTY_BODY ||
       failure->corruption == SC_FAKE_WOO_DEEP_JSON))
    {
      gsize size = failure->corruption == SC_FAKE_WOO_DEEP_JSON ? 75 * 1024 : 0;
      char *body = g_malloc (size + 1);

      memset (body, '[', size);
      /* set_response() appends to what send_json() put there. */
      soup_message_body_truncate (soup_server_message_get_response_body (message));
      soup_server_message_set_response (message, "application/json; charset=UTF-8",
                                        SOUP_MEMORY_TAKE, body, size);
    }

  if (self->send_totals)
    {
      g_autofree char *total = g_strdup_printf ("%u", selected->len);
      g_autofree char *pages = g_strdup_printf ("%u", total_pages);

      soup_message_headers_replace (headers, "X-WP-Total", total);
      soup_message_headers_replace (headers, "X-WP-TotalPages", pages);
    }
}

static void
send_setting (ScFakeWooCommerce *self,
              SoupServerMessage *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  if (self->currency == NULL)
    {
      send_error (message, 403, "woocommerce_rest_cannot_view",
                  "Sorry, you cannot view this resource.");
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "woocommerce_currency");
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, "Currency");
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, "This controls what currency prices are listed at "
                                          "in the catalog.");
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "select");
  json_builder_set_member_name (builder, "default");
  json_builder_add_string_value (builder, "USD");
  json_builder_set_member_name (builder, "options");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, self->currency);
  json_builder_add_string_value (builder, self->currency);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "tip");
  json_builder_add_string_value (builder, "This controls what currency prices are listed at "
                                          "in the catalog.");
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, self->currency);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  send_json (message, SOUP_STATUS_OK, root);
}

static gboolean
is_authorized (ScFakeWooCommerce *self,
               SoupServerMessage *message)
{
  const char *header = soup_message_headers_get_one (
    soup_server_message_get_request_headers (message), "Authorization");
  g_autofree guchar *decoded = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  if (header == NULL || !g_str_has_prefix (header, "Basic "))
    return FALSE;
  decoded = g_base64_decode (header + strlen ("Basic "), &length);
  text = g_strndup ((const char *)decoded, length);
  return g_str_equal (text, self->expected_auth);
}

/* "/products/12/variations" -> 12, else 0. */
static gint64
variations_parent (const char *route)
{
  const char *rest;
  g_autofree char *number = NULL;
  gint64 id = 0;

  if (!g_str_has_prefix (route, "/products/") || !g_str_has_suffix (route, "/variations"))
    return 0;
  rest = route + strlen ("/products/");
  number = g_strndup (rest, strlen (rest) - strlen ("/variations"));
  if (!g_ascii_string_to_signed (number, 10, 1, G_MAXINT64, &id, NULL))
    return 0;
  return id;
}

static void
record_request (ScFakeWooCommerce *self,
                SoupServerMessage *message,
                GHashTable        *query)
{
  GUri *uri = soup_server_message_get_uri (message);
  const char *raw_query = g_uri_get_query (uri);
  GHashTableIter iter;
  gpointer key, value;

  g_ptr_array_add (self->requests, raw_query != NULL
                                   ? g_strconcat (g_uri_get_path (uri), "?", raw_query, NULL)
                                   : g_strdup (g_uri_get_path (uri)));
  g_clear_pointer (&self->last_query, g_hash_table_unref);
  self->last_query = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (query == NULL)
    return;
  g_hash_table_iter_init (&iter, query);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (self->last_query, g_strdup (key), g_strdup (value));
}

/* Updates (PUT /products/<id>, /products/<id>/variations/<id>) */

static gint64
parse_gmt (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, utc);

  return time != NULL ? g_date_time_to_unix (time) : G_MININT64;
}

/* What WooCommerce derives from the sale fields: on_sale and the price. */
static void
update_sale (ScFakeWooCommerce *self,
             Item              *item)
{
  JsonObject *o = item->object;
  const char *regular = json_object_get_string_member (o, "regular_price");
  const char *sale = json_object_get_string_member (o, "sale_price");
  const char *from = json_object_get_string_member_with_default (o, "date_on_sale_from_gmt", NULL);
  const char *to = json_object_get_string_member_with_default (o, "date_on_sale_to_gmt", NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean on_sale = sale[0] != '\0' &&
                     g_ascii_strtod (sale, NULL) < g_ascii_strtod (regular, NULL) &&
                     (from == NULL || parse_gmt (from) <= now) &&
                     (to == NULL || parse_gmt (to) > now);

  json_object_set_string_member (o, "price", on_sale ? sale : regular);
  json_object_set_boolean_member (o, "on_sale", on_sale);
  changed (self, item);
}

static void
set_date (JsonObject *object,
          const char *member,
          JsonNode   *value)
{
  g_autofree char *local = g_strndup (member, strlen (member) - strlen ("_gmt"));

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    {
      json_object_set_null_member (object, member);
      json_object_set_null_member (object, local);
    }
  else
    {
      /* The fake shop's time zone is UTC. */
      json_object_set_string_member (object, member, json_node_get_string (value));
      json_object_set_string_member (object, local, json_node_get_string (value));
    }
}

/* WooCommerce's scheduled-sales job: a sale whose end has passed is
 * removed (sale price and dates cleared), as the real shop does. */
static void
expire_sales (ScFakeWooCommerce *self)
{
  GHashTableIter iter;
  gpointer value;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Item *item = value;
      const char *to = json_object_get_string_member_with_default (item->object,
                                                                   "date_on_sale_to_gmt", NULL);

      if (to == NULL || parse_gmt (to) > now)
        continue;
      json_object_set_string_member (item->object, "sale_price", "");
      set_date (item->object, "date_on_sale_from_gmt", NULL);
      set_date (item->object, "date_on_sale_to_gmt", NULL);
      update_sale (self, item);
    }
}

static gboolean
is_decimal (const char *text)
{
  gboolean dot = FALSE;

  if (text[0] == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '.' && !dot)
        dot = TRUE;
      else if (!g_ascii_isdigit (*p))
        return FALSE;
    }
  return TRUE;
}

/* "/products/12" or "/products/12/variations/34": the item's id and its
 * product's (0 for a product); FALSE for any other route. */
static gboolean
parse_item_route (const char *route,
                  gint64     *product_id,
                  gint64     *variation_id)
{
  g_auto(GStrv) parts = g_strsplit (route, "/", -1);
  guint n = g_strv_length (parts);

  *variation_id = 0;
  if ((n != 3 && n != 5) || parts[0][0] != '\0' || !g_str_equal (parts[1], "products") ||
      !g_ascii_string_to_signed (parts[2], 10, 1, G_MAXINT64, product_id, NULL))
    return FALSE;
  if (n == 5 && (!g_str_equal (parts[3], "variations") ||
                 !g_ascii_string_to_signed (parts[4], 10, 1, G_MAXINT64, variation_id, NULL)))
    return FALSE;
  return TRUE;
}

static void
handle_update (ScFakeWooCommerce *self,
               SoupServerMessage *message,
               gint64             product_id,
               gint64             variation_id)
{
  gint64 id = variation_id != 0 ? variation_id : product_id;
  Item *item = g_hash_table_lookup (self->items, &id);
  g_autoptr(GBytes) body = NULL;
  const char *content_type = soup_message_headers_get_content_type (
    soup_server_message_get_request_headers (message), NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *fields;
  JsonNode *sale;
  const char *dates[] = { "date_on_sale_from_gmt", "date_on_sale_to_gmt",
                          "date_on_sale_from", "date_on_sale_to" };

  body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  if (item == NULL || (variation_id != 0 && item->parent_id != product_id) ||
      (variation_id == 0 && item->parent_id != 0))
    {
      send_error (message, 404, variation_id != 0 ? "woocommerce_rest_product_variation_invalid_id"
                                                  : "woocommerce_rest_product_invalid_id",
                  "Invalid ID.");
      return;
    }
  if (g_strcmp0 (content_type, "application/json") == 0)
    {
      gsize length;
      const char *data = g_bytes_get_data (body, &length);
      g_autofree char *text = g_strndup (data, length);

      root = json_from_string (text, NULL);
    }
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      send_error (message, 400, "rest_invalid_json", "Invalid JSON body passed.");
      return;
    }
  fields = json_node_get_object (root);
  g_clear_pointer (&self->last_body, json_object_unref);
  self->last_body = json_object_ref (fields);

  /* The schema's types: sale_price a string ("" for none), the dates
   * null or an ISO 8601 date-time. */
  sale = json_object_get_member (fields, "sale_price");
  if (sale != NULL && (!JSON_NODE_HOLDS_VALUE (sale) ||
                       json_node_get_value_type (sale) != G_TYPE_STRING ||
                       (json_node_get_string (sale)[0] != '\0' &&
                        !is_decimal (json_node_get_string (sale)))))
    {
      send_error (message, 400, "rest_invalid_param", "Invalid parameter(s): sale_price");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      JsonNode *date = json_object_get_member (fields, dates[i]);

      if (date != NULL && !JSON_NODE_HOLDS_NULL (date) &&
          (!JSON_NODE_HOLDS_VALUE (date) || json_node_get_value_type (date) != G_TYPE_STRING ||
           parse_gmt (json_node_get_string (date)) == G_MININT64))
        {
          g_autofree char *text = g_strdup_printf ("Invalid parameter(s): %s", dates[i]);

          send_error (message, 400, "rest_invalid_param", text);
          return;
        }
    }

  if (sale != NULL)
    json_object_set_string_member (item->object, "sale_price", json_node_get_string (sale));
  for (guint i = 0; i < 2; i++)
    if (json_object_has_member (fields, dates[i]))
      set_date (item->object, dates[i], json_object_get_member (fields, dates[i]));
  update_sale (self, item);
  self->update_count++;

  answer = deep_copy (item->object);
  send_json (message, SOUP_STATUS_OK, answer);
}

static void
handle_api (ScFakeServer      *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  ScFakeWooCommerce *self = user_data;
  const char *route = path + strlen (API_PREFIX);
  g_autoptr(GPtrArray) items = NULL;
  Failure *failure = NULL;
  gint64 parent_id;

  record_request (self, message, query);
  expire_sales (self);

  if (g_str_equal (soup_server_message_get_method (message), SOUP_METHOD_PUT))
    {
      gint64 product_id, variation_id;

      if (!parse_item_route (route, &product_id, &variation_id))
        {
          send_error (message, 404, "rest_no_route",
                      "No route was found matching the URL and request method.");
          return;
        }
      if (!is_authorized (self, message))
        {
          self->saw_bad_auth = TRUE;
          send_error (message, 401, "woocommerce_rest_cannot_edit",
                      "Sorry, you are not allowed to edit this resource.");
          return;
        }
      failure = take_failure (self);
      if (failure != NULL && failure->kind == FAILURE_STATUS)
        {
          send_error (message, failure->status, "internal_server_error",
                      "There has been a critical error on this website.");
          failure_free (failure);
          return;
        }
      if (failure != NULL && failure->kind == FAILURE_THROTTLE)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                        "Retry-After", failure->retry_after);
          send_error (message, 429, "too_many_requests", "Too many requests.");
          failure_free (failure);
          return;
        }
      if (self->hold_updates)
        {
          HeldUpdate *held = g_new0 (HeldUpdate, 1);

          held->message = g_object_ref (message);
          held->product_id = product_id;
          held->variation_id = variation_id;
          g_queue_push_tail (&self->held_updates, held);
          soup_server_message_pause (message);
          g_clear_pointer (&failure, failure_free);
          return;
        }
      handle_update (self, message, product_id, variation_id);
      if (failure != NULL && failure->kind == FAILURE_DELAY)
        sc_fake_server_hold (self->server, message, failure->delay_ms);
      g_clear_pointer (&failure, failure_free);
      return;
    }
  if (!g_str_equal (soup_server_message_get_method (message), SOUP_METHOD_GET))
    {
      send_error (message, 404, "rest_no_route",
                  "No route was found matching the URL and request method.");
      return;
    }
  if (!is_authorized (self, message))
    {
      self->saw_bad_auth = TRUE;
      send_error (message, 401, "woocommerce_rest_cannot_view",
                  "Sorry, you cannot list resources.");
      return;
    }

  if (g_str_equal (route, "/settings/general/woocommerce_currency"))
    {
      send_setting (self, message);
      return;
    }

  parent_id = variations_parent (route);
  if (!g_str_equal (route, "/products") && parent_id == 0)
    {
      send_error (message, 404, "rest_no_route",
                  "No route was found matching the URL and request method.");
      return;
    }

  failure = take_failure (self);
  if (failure != NULL && failure->kind == FAILURE_STATUS)
    {
      send_error (message, failure->status, "internal_server_error",
                  "There has been a critical error on this website.");
      failure_free (failure);
      return;
    }
  if (failure != NULL && failure->kind == FAILURE_THROTTLE)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Retry-After", failure->retry_after);
      send_error (message, 429, "too_many_requests", "Too many requests.");
      failure_free (failure);
      return;
    }

  if (parent_id != 0)
    {
      Item *product = g_hash_table_lookup (self->items, &parent_id);

      if (product == NULL || product->parent_id != 0)
        {
          send_error (message, 404, "woocommerce_rest_product_invalid_id", "Invalid ID.");
          g_clear_pointer (&failure, failure_free);
          return;
        }
      items = g_ptr_array_ref (product->variations);
    }
  else
    items = g_ptr_array_ref (self->products);

  send_collection (self, message, query, items, failure);
  if (failure != NULL && failure->kind == FAILURE_DELAY)
    sc_fake_server_hold (self->server, message, failure->delay_ms);
  g_clear_pointer (&failure, failure_free);
}

static void
handle_other (ScFakeServer      *server,
              SoupServerMessage *message,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  ScFakeWooCommerce *self = user_data;

  record_request (self, message, query);
  send_error (message, 404, "rest_no_route",
              "No route was found matching the URL and request method.");
}

ScFakeWooCommerce *
sc_fake_woocommerce_new (const char  *consumer_key,
                         const char  *consumer_secret,
                         GError     **error)
{
  g_autoptr(ScFakeWooCommerce) self = g_object_new (SC_TYPE_FAKE_WOOCOMMERCE, NULL);

  self->expected_auth = g_strconcat (consumer_key, ":", consumer_secret, NULL);
  self->server = sc_fake_server_new ("fake-woocommerce ", error);
  if (self->server == NULL)
    return NULL;
  sc_fake_server_add_handler (self->server, API_PREFIX, handle_api, self);
  sc_fake_server_add_handler (self->server, NULL, handle_other, self);
  return g_steal_pointer (&self);
}

const char *
sc_fake_woocommerce_get_url (ScFakeWooCommerce *self)
{
  return sc_fake_server_get_url (self->server);
}

ScFakeServer *
sc_fake_woocommerce_get_server (ScFakeWooCommerce *self)
{
  return self->server;
}

void
sc_fake_woocommerce_set_currency (ScFakeWooCommerce *self,
                                  const char        *currency)
{
  g_free (self->currency);
  self->currency = g_strdup (currency);
}

void
sc_fake_woocommerce_set_send_totals (ScFakeWooCommerce *self,
                                     gboolean           send)
{
  self->send_totals = send;
}

guint
sc_fake_woocommerce_get_request_count (ScFakeWooCommerce *self)
{
  return sc_fake_server_get_n_requests (self->server);
}

GPtrArray *
sc_fake_woocommerce_get_requests (ScFakeWooCommerce *self)
{
  return self->requests;
}

const char *
sc_fake_woocommerce_get_last_param (ScFakeWooCommerce *self,
                                    const char        *name)
{
  return self->last_query != NULL ? g_hash_table_lookup (self->last_query, name) : NULL;
}

gboolean
sc_fake_woocommerce_saw_bad_auth (ScFakeWooCommerce *self)
{
  return self->saw_bad_auth;
}

JsonObject *
sc_fake_woocommerce_get_last_body (ScFakeWooCommerce *self)
{
  return self->last_body;
}

guint
sc_fake_woocommerce_get_update_count (ScFakeWooCommerce *self)
{
  return self->update_count;
}

const char *
sc_fake_woocommerce_get_string (ScFakeWooCommerce *self,
                                gint64             id,
                                const char        *member)
{
  Item *item = lookup (self, id);

  expire_sales (self);
  return json_object_get_string_member_with_default (item->object, member, NULL);
}
