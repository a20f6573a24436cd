/* sc-product.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-product"

#include "config.h"

#include "sc-product.h"

struct _ScProduct
{
  GObject parent_instance;

  char   *id;
  char   *title;
  char   *sku;
  char   *url;
  char   *currency;   /* a GRefString, interned: a catalog has one or two */
  char   *image_uri;
  char   *claim_code;
  gint64  price;
  gint64  compare_at_price;
  gint64  stock;
  GListStore *variants;    /* created when first asked for: most have none */
  GDateTime  *updated_at;
};

G_DEFINE_FINAL_TYPE (ScProduct, sc_product, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_SKU,
  PROP_URL,
  PROP_PRICE,
  PROP_COMPARE_AT_PRICE,
  PROP_CURRENCY,
  PROP_STOCK,
  PROP_IMAGE_URI,
  PROP_CLAIM_CODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static guint sku_serial;

static void
sc_product_finalize (GObject *object)
{
  ScProduct *self = (ScProduct *)object;

  g_free (self->id);
  g_free (self->title);
  g_free (self->sku);
  g_free (self->url);
  g_clear_pointer (&self->currency, g_ref_string_release);
  g_free (self->image_uri);
  g_free (self->claim_code);
  g_clear_object (&self->variants);
  g_clear_pointer (&self->updated_at, g_date_time_unref);

  G_OBJECT_CLASS (sc_product_parent_class)->finalize (object);
}

static void
sc_product_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  ScProduct *self = SC_PRODUCT (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_SKU: g_value_set_string (value, self->sku); break;
    case PROP_URL: g_value_set_string (value, self->url); break;
    case PROP_PRICE: g_value_set_int64 (value, self->price); break;
    case PROP_COMPARE_AT_PRICE: g_value_set_int64 (value, self->compare_at_price); break;
    case PROP_CURRENCY: g_value_set_string (value, self->currency); break;
    case PROP_STOCK: g_value_set_int64 (value, self->stock); break;
    case PROP_IMAGE_URI: g_value_set_string (value, self->image_uri); break;
    case PROP_CLAIM_CODE: g_value_set_string (value, self->claim_code); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_product_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  ScProduct *self = SC_PRODUCT (object);

  switch (prop_id)
    {
    case PROP_ID: self->id = g_value_dup_string (value); break;
    case PROP_TITLE: sc_product_set_title (self, g_value_get_string (value)); break;
    case PROP_SKU: sc_product_set_sku (self, g_value_get_string (value)); break;
    case PROP_URL: sc_product_set_url (self, g_value_get_string (value)); break;
    case PROP_PRICE: sc_product_set_price (self, g_value_get_int64 (value)); break;
    case PROP_COMPARE_AT_PRICE:
      sc_product_set_compare_at_price (self, g_value_get_int64 (value));
      break;
    case PROP_CURRENCY: sc_product_set_currency (self, g_value_get_string (value)); break;
    case PROP_STOCK: sc_product_set_stock (self, g_value_get_int64 (value)); break;
    case PROP_IMAGE_URI: sc_product_set_image_uri (self, g_value_get_string (value)); break;
    case PROP_CLAIM_CODE: sc_product_set_claim_code (self, g_value_get_string (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_product_class_init (ScProductClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = sc_product_finalize;
  object_class->get_property = sc_product_get_property;
  object_class->set_property = sc_product_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, rw);
  properties[PROP_SKU] = g_param_spec_string ("sku", NULL, NULL, NULL, rw);
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, rw);
  properties[PROP_PRICE] =
    g_param_spec_int64 ("price", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_COMPARE_AT_PRICE] =
    g_param_spec_int64 ("compare-at-price", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_CURRENCY] = g_param_spec_string ("currency", NULL, NULL, "USD", rw);
  properties[PROP_STOCK] =
    g_param_spec_int64 ("stock", NULL, NULL, SC_STOCK_UNTRACKED, G_MAXINT64,
                        SC_STOCK_UNTRACKED, rw);
  properties[PROP_IMAGE_URI] = g_param_spec_string ("image-uri", NULL, NULL, NULL, rw);
  properties[PROP_CLAIM_CODE] = g_param_spec_string ("claim-code", NULL, NULL, NULL, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_product_init (ScProduct *self)
{
  self->currency = g_ref_string_new_intern ("USD");
  self->stock = SC_STOCK_UNTRACKED;
}

/* The variants, or NULL while there are none and nobody asked for them. */
static guint
n_variants (ScProduct *self)
{
  return self->variants != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->variants)) : 0;
}

ScProduct *
sc_product_new (const char *id,
                const char *title)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (SC_TYPE_PRODUCT, "id", id, "title", title, NULL);
}

static void
set_string (ScProduct  *self,
            char      **field,
            const char *value,
            guint       prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  if (prop == PROP_SKU)
    g_atomic_int_inc (&sku_serial);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

guint
sc_product_get_sku_serial (void)
{
  return (guint)g_atomic_int_get (&sku_serial);
}

const char *
sc_product_get_id (ScProduct *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT (self), NULL);
  return self->id;
}

const char *
sc_product_get_title (ScProduct *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT (self), NULL);
  return self->title;
}

void
sc_product_set_title (ScProduct  *self,
                      const char *title)
{
  g_return_if_fail (SC_IS_PRODUCT (self));
  set_string (self, &self->title, title, PROP_TITLE);
}

const char *
sc_product_get_sku (ScProduct *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT (self), NULL);
  return self->sku;
}

void
sc_product_set_sku (ScProduct  *self,
                    const char *sku)
{
  g_return_if_fail (SC_IS_PRODUCT (self));
  set_string (self, &self->sku, sku, PROP_SKU);
}

const char *
sc_product_get_url (ScProduct *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT (self), NULL);
  return self->url;
}

void
sc_product_set_url (ScProduct  *self,
                    const char *url)
{
  g_return_if_fail (SC_IS_PRODUCT (self));
  set_string (self, &self->url, url, PROP_URL);
}

gint64
sc_product_get_price (ScProduct *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT (self), 0);
  return self->price;
}

void
sc_product_set_price (ScProduct *self,
                      gint64     price)
{
  g_return_if_fail (SC_IS_PRODUCT (self));
  g_return_if_fail (price >= 0);

  if (self->price == price)
    return;
  self->price = price;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRICE]);
}

gint64
sc_product_get_compare_at_price (ScProduct *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT (self), 0);
  return self->compare_at_price;
}

void
sc_product_set_compare_at_price (ScProduct *self,
                                 gint64     price)
{
  g_return_if_fail (SC_IS_PRODUCT (self));
  g_return_if_fail (price >= 0);

  if (self->compare_at_price == price)
    return;
  self->compare_at_price = price;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARE_AT_PRICE]);
}

const char *
sc_product_get_currency (ScProduct *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT (self), NULL);
  return self->currency;
}

void
sc_product_set_currency (ScProduct  *self,
                         const char *currency)
{
  g_return_if_fail (SC_IS_PRODUCT (self));
  if (g_strcmp0 (self->currency, currency) == 0)
    return;
  g_clear_pointer (&self->currency, g_ref_string_release);
  if (currency != NULL)
    self->currency = g_ref_string_new_intern (currency);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENCY]);
}

gint64
sc_product_get_stock (ScProduct *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT (self), SC_STOCK_UNTRACKED);
  return self->stock;
}

void
sc_product_set_stock (ScProduct *self,
                      gint64     stock)
{
  g_return_if_fail (SC_IS_PRODUCT (self));

  if (stock < 0)
    stock = stock == SC_STOCK_UNTRACKED ? SC_STOCK_UNTRACKED : 0;
  if (self->stock == stock)
    return;
  self->stock = stock;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STOCK]);
}

const char *
sc_product_get_image_uri (ScProduct *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT (self), NULL);
  return self->image_uri;
}

void
sc_product_set_image_uri (ScProduct  *self,
                          const char *uri)
{
  g_return_if_fail (SC_IS_PRODUCT (self));
  set_string (self, &self->image_uri, uri, PROP_IMAGE_URI);
}

const char *
sc_product_get_claim_code (ScProduct *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT (self), NULL);
  return self->claim_code;
}

void
sc_product_set_claim_code (ScProduct  *self,
                           const char *code)
{
  g_return_if_fail (SC_IS_PRODUCT (self));
  set_string (self, &self->claim_code, code, PROP_CLAIM_CODE);
}

GListModel *
sc_product_get_variants (ScProduct *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT (self), NULL);
  if (self->variants == NULL)
    self->variants = g_list_store_new (SC_TYPE_VARIANT);
  return G_LIST_MODEL (self->variants);
}

void
sc_product_set_variants (ScProduct *self,
                         GPtrArray *variants)
{
  g_autoptr(GPtrArray) merged = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  g_return_if_fail (SC_IS_PRODUCT (self));

  n = n_variants (self);
  if (n == 0 && (variants == NULL || variants->len == 0))
    return;
  if (self->variants == NULL)
    self->variants = g_list_store_new (SC_TYPE_VARIANT);
  for (guint i = 0; variants != NULL && i < variants->len; i++)
    {
      ScVariant *incoming = g_ptr_array_index (variants, i);
      ScVariant *kept = NULL;

      for (guint j = 0; j < n && kept == NULL; j++)
        {
          g_autoptr(ScVariant) old = g_list_model_get_item (G_LIST_MODEL (self->variants), j);

          if (g_strcmp0 (sc_variant_get_id (old), sc_variant_get_id (incoming)) == 0)
            kept = g_object_ref (old);
        }
      if (kept != NULL)
        sc_variant_update_from (kept, incoming);
      else
        kept = g_object_ref (incoming);
      g_ptr_array_add (merged, kept);
    }
  g_list_store_splice (self->variants, 0, n, merged->pdata, merged->len);
}

GDateTime *
sc_product_get_updated_at (ScProduct *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT (self), NULL);
  return self->updated_at;
}

void
sc_product_set_updated_at (ScProduct *self,
                           GDateTime *updated_at)
{
  g_return_if_fail (SC_IS_PRODUCT (self));

  if (updated_at != NULL)
    g_date_time_ref (updated_at);
  g_clear_pointer (&self->updated_at, g_date_time_unref);
  self->updated_at = updated_at;
}

void
sc_product_summarize_variants (ScProduct *self)
{
  guint n;
  gint64 price = -1, compare_at = 0, stock = SC_STOCK_UNTRACKED;

  g_return_if_fail (SC_IS_PRODUCT (self));

  n = n_variants (self);
  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScVariant) variant = g_list_model_get_item (G_LIST_MODEL (self->variants), i);
      gint64 s = sc_variant_get_stock (variant);

      if (price < 0 || sc_variant_get_price (variant) < price)
        {
          price = sc_variant_get_price (variant);
          compare_at = sc_variant_get_compare_at_price (variant);
        }
      if (s != SC_STOCK_UNTRACKED)
        stock = (stock == SC_STOCK_UNTRACKED ? 0 : stock) + s;
    }
  g_object_freeze_notify (G_OBJECT (self));
  sc_product_set_price (self, price);
  sc_product_set_compare_at_price (self, compare_at);
  sc_product_set_stock (self, stock);
  g_object_thaw_notify (G_OBJECT (self));
}

void
sc_product_update_from (ScProduct *self,
                        ScProduct *other)
{
  g_autoptr(GPtrArray) variants = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  g_return_if_fail (SC_IS_PRODUCT (self));
  g_return_if_fail (SC_IS_PRODUCT (other));

  n = n_variants (other);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (variants, g_list_model_get_item (G_LIST_MODEL (other->variants), i));

  g_object_freeze_notify (G_OBJECT (self));
  sc_product_set_title (self, other->title);
  sc_product_set_sku (self, other->sku);
  sc_product_set_url (self, other->url);
  sc_product_set_currency (self, other->currency);
  sc_product_set_price (self, other->price);
  sc_product_set_compare_at_price (self, other->compare_at_price);
  sc_product_set_stock (self, other->stock);
  sc_product_set_image_uri (self, other->image_uri);
  /* A code given by the show stays; the shop never sends one. */
  if (other->claim_code != NULL)
    sc_product_set_claim_code (self, other->claim_code);
  sc_product_set_updated_at (self, other->updated_at);
  sc_product_set_variants (self, variants);
  g_object_thaw_notify (G_OBJECT (self));
}

ScProduct *
sc_product_copy (ScProduct *self)
{
  g_autoptr(GPtrArray) variants = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *model;
  ScProduct *copy;

  g_return_val_if_fail (SC_IS_PRODUCT (self), NULL);

  model = G_LIST_MODEL (self->variants);
  for (guint i = 0; i < n_variants (self); i++)
    {
      g_autoptr(ScVariant) variant = g_list_model_get_item (model, i);
      ScVariant *clone = sc_variant_new (sc_variant_get_id (variant), NULL);

      sc_variant_update_from (clone, variant);
      g_ptr_array_add (variants, clone);
    }
  copy = sc_product_new (self->id, self->title);
  sc_product_set_sku (copy, self->sku);
  sc_product_set_url (copy, self->url);
  sc_product_set_currency (copy, self->currency);
  sc_product_set_price (copy, self->price);
  sc_product_set_compare_at_price (copy, self->compare_at_price);
  sc_product_set_stock (copy, self->stock);
  sc_product_set_image_uri (copy, self->image_uri);
  sc_product_set_claim_code (copy, self->claim_code);
  sc_product_set_updated_at (copy, self->updated_at);
  sc_product_set_variants (copy, variants);
  return copy;
}
