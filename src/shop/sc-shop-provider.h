/* sc-shop-provider.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "shop/sc-product.h"

G_BEGIN_DECLS

/* One page of a catalog listing. */
typedef struct {
  GPtrArray *products;     /* ScProduct *, with variants and summarized stock */
  char      *next_cursor;  /* opaque; NULL when this was the last page */
  guint      total_pages;  /* when the shop says (WooCommerce), else 0 */
} ScProductPage;

void sc_product_page_free (ScProductPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScProductPage, sc_product_page_free)

#define SC_TYPE_SHOP_PROVIDER (sc_shop_provider_get_type ())
G_DECLARE_INTERFACE (ScShopProvider, sc_shop_provider, SC, SHOP_PROVIDER, GObject)

/* A shop the catalog comes from: Shopify, WooCommerce or a local file.
 * Implementations retry what can be retried (throttling, 5xx, timeouts) on
 * their own and fail with SC_SHOP_ERROR otherwise; they never log secrets. */
struct _ScShopProviderInterface
{
  GTypeInterface parent_iface;

  const char    *(*get_name)             (ScShopProvider       *self);
  /* @cursor NULL: the first page. @updated_since NULL: everything, else only
   * products changed at or after it (the incremental sync). */
  void           (*fetch_page_async)     (ScShopProvider       *self,
                                          const char           *cursor,
                                          GDateTime            *updated_since,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  ScProductPage *(*fetch_page_finish)    (ScShopProvider       *self,
                                          GAsyncResult         *result,
                                          GError              **error);
  /* The few products that matter on air, by id, in one small request. A
   * product that no longer exists is missing from the result. */
  void           (*fetch_products_async) (ScShopProvider       *self,
                                          const char * const   *ids,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  GPtrArray     *(*fetch_products_finish) (ScShopProvider      *self,
                                          GAsyncResult         *result,
                                          GError              **error);
  /* HTTP requests made so far (0 for a local file). */
  guint          (*get_request_count)    (ScShopProvider       *self);
};

const char    *sc_shop_provider_get_name              (ScShopProvider       *self);
void           sc_shop_provider_fetch_page_async      (ScShopProvider       *self,
                                                       const char           *cursor,
                                                       GDateTime            *updated_since,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
ScProductPage *sc_shop_provider_fetch_page_finish     (ScShopProvider       *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void           sc_shop_provider_fetch_products_async  (ScShopProvider       *self,
                                                       const char * const   *ids,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GPtrArray     *sc_shop_provider_fetch_products_finish (ScShopProvider       *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
guint          sc_shop_provider_get_request_count     (ScShopProvider       *self);

G_END_DECLS
