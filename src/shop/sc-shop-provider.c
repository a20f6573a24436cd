/* sc-shop-provider.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-shop-provider"

#include "config.h"

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
