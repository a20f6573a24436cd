/* sc-variant.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-variant"

#include "config.h"

#include "sc-product.h"
#include "sc-variant.h"

struct _ScVariant
{
  GObject  parent_instance;

  char    *id;
  char    *title;
  char    *sku;
  gint64   price;
  gint64   compare_at_price;
  gint64   stock;
  char    *inventory_item_id;
};

G_DEFINE_FINAL_TYPE (ScVariant, sc_variant, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_SKU,
  PROP_PRICE,
  PROP_COMPARE_AT_PRICE,
  PROP_STOCK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sc_variant_finalize (GObject *object)
{
  ScVariant *self = (ScVariant *)object;

  g_free (self->id);
  g_free (self->title);
  g_free (self->sku);
  g_free (self->inventory_item_id);

  G_OBJECT_CLASS (sc_variant_parent_class)->finalize (object);
}

static void
sc_variant_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  ScVariant *self = SC_VARIANT (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_SKU: g_value_set_string (value, self->sku); break;
    case PROP_PRICE: g_value_set_int64 (value, self->price); break;
    case PROP_COMPARE_AT_PRICE: g_value_set_int64 (value, self->compare_at_price); break;
    case PROP_STOCK: g_value_set_int64 (value, self->stock); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_variant_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  ScVariant *self = SC_VARIANT (object);

  switch (prop_id)
    {
    case PROP_ID: self->id = g_value_dup_string (value); break;
    case PROP_TITLE: sc_variant_set_title (self, g_value_get_string (value)); break;
    case PROP_SKU: sc_variant_set_sku (self, g_value_get_string (value)); break;
    case PROP_PRICE: sc_variant_set_price (self, g_value_get_int64 (value)); break;
    case PROP_COMPARE_AT_PRICE:
      sc_variant_set_compare_at_price (self, g_value_get_int64 (value));
      break;
    case PROP_STOCK: sc_variant_set_stock (self, g_value_get_int64 (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_variant_class_init (ScVariantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = sc_variant_finalize;
  object_class->get_property = sc_variant_get_property;
  object_class->set_property = sc_variant_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, rw);
  properties[PROP_SKU] = g_param_spec_string ("sku", NULL, NULL, NULL, rw);
  properties[PROP_PRICE] = g_param_spec_int64 ("price", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_COMPARE_AT_PRICE] =
    g_param_spec_int64 ("compare-at-price", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_STOCK] =
    g_param_spec_int64 ("stock", NULL, NULL, SC_STOCK_UNTRACKED, G_MAXINT64,
                        SC_STOCK_UNTRACKED, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_variant_init (ScVariant *self)
{
  self->stock = SC_STOCK_UNTRACKED;
}

ScVariant *
sc_variant_new (const char *id,
                const char *title)
{
  g_return_val_if_fail (id != NULL, NULL);
  return g_object_new (SC_TYPE_VARIANT, "id", id, "title", title, NULL);
}

static void
set_string (ScVariant   *self,
            char       **field,
            const char  *value,
            guint        prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_int (ScVariant *self,
         gint64    *field,
         gint64     value,
         guint      prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

const char *
sc_variant_get_id (ScVariant *self)
{
  g_return_val_if_fail (SC_IS_VARIANT (self), NULL);
  return self->id;
}

const char *
sc_variant_get_title (ScVariant *self)
{
  g_return_val_if_fail (SC_IS_VARIANT (self), NULL);
  return self->title;
}

void
sc_variant_set_title (ScVariant  *self,
                      const char *title)
{
  g_return_if_fail (SC_IS_VARIANT (self));
  set_string (self, &self->title, title, PROP_TITLE);
}

const char *
sc_variant_get_sku (ScVariant *self)
{
  g_return_val_if_fail (SC_IS_VARIANT (self), NULL);
  return self->sku;
}

void
sc_variant_set_sku (ScVariant  *self,
                    const char *sku)
{
  g_return_if_fail (SC_IS_VARIANT (self));
  set_string (self, &self->sku, sku, PROP_SKU);
}

gint64
sc_variant_get_price (ScVariant *self)
{
  g_return_val_if_fail (SC_IS_VARIANT (self), 0);
  return self->price;
}

void
sc_variant_set_price (ScVariant *self,
                      gint64     price)
{
  g_return_if_fail (SC_IS_VARIANT (self));
  g_return_if_fail (price >= 0);
  set_int (self, &self->price, price, PROP_PRICE);
}

gint64
sc_variant_get_compare_at_price (ScVariant *self)
{
  g_return_val_if_fail (SC_IS_VARIANT (self), 0);
  return self->compare_at_price;
}

void
sc_variant_set_compare_at_price (ScVariant *self,
                                 gint64     price)
{
  g_return_if_fail (SC_IS_VARIANT (self));
  g_return_if_fail (price >= 0);
  set_int (self, &self->compare_at_price, price, PROP_COMPARE_AT_PRICE);
}

gint64
sc_variant_get_stock (ScVariant *self)
{
  g_return_val_if_fail (SC_IS_VARIANT (self), SC_STOCK_UNTRACKED);
  return self->stock;
}

void
sc_variant_set_stock (ScVariant *self,
                      gint64     stock)
{
  g_return_if_fail (SC_IS_VARIANT (self));
  if (stock < 0)
    stock = stock == SC_STOCK_UNTRACKED ? SC_STOCK_UNTRACKED : 0;
  set_int (self, &self->stock, stock, PROP_STOCK);
}

const char *
sc_variant_get_inventory_item_id (ScVariant *self)
{
  g_return_val_if_fail (SC_IS_VARIANT (self), NULL);
  return self->inventory_item_id;
}

/* Not a property: nothing on screen shows it. */
void
sc_variant_set_inventory_item_id (ScVariant  *self,
                                  const char *inventory_item_id)
{
  g_return_if_fail (SC_IS_VARIANT (self));
  if (g_strcmp0 (self->inventory_item_id, inventory_item_id) == 0)
    return;
  g_free (self->inventory_item_id);
  self->inventory_item_id = g_strdup (inventory_item_id);
}

void
sc_variant_update_from (ScVariant *self,
                        ScVariant *other)
{
  g_return_if_fail (SC_IS_VARIANT (self));
  g_return_if_fail (SC_IS_VARIANT (other));

  g_object_freeze_notify (G_OBJECT (self));
  sc_variant_set_title (self, other->title);
  sc_variant_set_sku (self, other->sku);
  sc_variant_set_price (self, other->price);
  sc_variant_set_compare_at_price (self, other->compare_at_price);
  sc_variant_set_stock (self, other->stock);
  sc_variant_set_inventory_item_id (self, other->inventory_item_id);
  g_object_thaw_notify (G_OBJECT (self));
}
