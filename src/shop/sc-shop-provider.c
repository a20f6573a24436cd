/* sc-shop-provider.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-shop-provider"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-shop-error.h"
#include "sc-shop-provider.h"

G_DEFINE_INTERFACE (ScShopProvider, sc_shop_provider, G_TYPE_OBJECT)

static void
sc_shop_provider_default_init (ScShopProviderInterface *iface)
{
}

void
sc_product_page_free (ScProductPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->products, g_ptr_array_unref);
  g_free (page->next_cursor);
  g_free (page);
}

const char *
sc_shop_provider_get_name (ScShopProvider *self)
{
  g_return_val_if_fail (SC_IS_SHOP_PROVIDER (self), NULL);
  return SC_SHOP_PROVIDER_GET_IFACE (self)->get_name (self);
}

void
sc_shop_provider_fetch_page_async (ScShopProvider      *self,
                                   const char          *cursor,
                                   GDateTime           *updated_since,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (SC_IS_SHOP_PROVIDER (self));
  SC_SHOP_PROVIDER_GET_IFACE (self)->fetch_page_async (self, cursor, updated_since,
                                                       cancellable, callback, user_data);
}

ScProductPage *
sc_shop_provider_fetch_page_finish (ScShopProvider  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (SC_IS_SHOP_PROVIDER (self), NULL);
  return SC_SHOP_PROVIDER_GET_IFACE (self)->fetch_page_finish (self, result, error);
}

void
sc_shop_provider_fetch_products_async (ScShopProvider      *self,
                                       const char * const  *ids,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (SC_IS_SHOP_PROVIDER (self));
  SC_SHOP_PROVIDER_GET_IFACE (self)->fetch_products_async (self, ids, cancellable,
                                                           callback, user_data);
}

GPtrArray *
sc_shop_provider_fetch_products_finish (ScShopProvider  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (SC_IS_SHOP_PROVIDER (self), NULL);
  return SC_SHOP_PROVIDER_GET_IFACE (self)->fetch_products_finish (self, result, error);
}

guint
sc_shop_provider_get_request_count (ScShopProvider *self)
{
  ScShopProviderInterface *iface;

  g_return_val_if_fail (SC_IS_SHOP_PROVIDER (self), 0);
  iface = SC_SHOP_PROVIDER_GET_IFACE (self);
  return iface->get_request_count ? iface->get_request_count (self) : 0;
}

gboolean
sc_shop_provider_can_set_price (ScShopProvider *self)
{
  g_return_val_if_fail (SC_IS_SHOP_PROVIDER (self), FALSE);
  return SC_SHOP_PROVIDER_GET_IFACE (self)->set_price_async != NULL;
}

void
sc_shop_provider_set_price_async (ScShopProvider      *self,
                                  const ScPriceChange *change,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ScShopProviderInterface *iface;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SC_IS_SHOP_PROVIDER (self));
  g_return_if_fail (change != NULL && change->product_id != NULL);

  iface = SC_SHOP_PROVIDER_GET_IFACE (self);
  if (iface->set_price_async != NULL)
    {
      iface->set_price_async (self, change, cancellable, callback, user_data);
      return;
    }
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_shop_provider_set_price_async);
  g_task_return_new_error (task, SC_SHOP_ERROR, SC_SHOP_ERROR_NOT_SUPPORTED,
                           _("%s cannot change prices in a shop"),
                           sc_shop_provider_get_name (self));
}

gboolean
sc_shop_provider_set_price_finish (ScShopProvider  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  ScShopProviderInterface *iface;

  g_return_val_if_fail (SC_IS_SHOP_PROVIDER (self), FALSE);
  iface = SC_SHOP_PROVIDER_GET_IFACE (self);
  if (g_async_result_is_tagged (result, sc_shop_provider_set_price_async) ||
      iface->set_price_finish == NULL)
    return g_task_propagate_boolean (G_TASK (result), error);
  return iface->set_price_finish (self, result, error);
}

char *
sc_shop_provider_dup_shop_key (ScShopProvider *self)
{
  ScShopProviderInterface *iface;

  g_return_val_if_fail (SC_IS_SHOP_PROVIDER (self), NULL);
  iface = SC_SHOP_PROVIDER_GET_IFACE (self);
  if (iface->dup_shop_key != NULL)
    return iface->dup_shop_key (self);
  return g_ascii_strdown (sc_shop_provider_get_name (self), -1);
}
