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

/* A price to set in the shop for one product or variant: what buyers pay
 * and the price shown struck through beside it (0: none). A flash sale is
 * {sale price, regular price, ends_at}; restoring is {the original price,
 * the original compare-at, NULL}. */
typedef struct {
  const char *product_id;
  const char *variant_id;     /* NULL: a product without variants */
  const char *currency;
  gint64      price;          /* minor units */
  gint64      compare_at;     /* minor units, 0: none */
  GDateTime  *ends_at;        /* a sale the shop can end by itself; NULL: no end */
} ScPriceChange;

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
  /* Sets a price in the shop and checks the shop's answer says so. NULL
   * for a provider that cannot change the shop (a local file). Retries
   * what can be retried; SC_SHOP_ERROR_NETWORK when the shop could not be
   * reached, so the change may or may not have been made. */
  void           (*set_price_async)      (ScShopProvider       *self,
                                          const ScPriceChange  *change,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  gboolean       (*set_price_finish)     (ScShopProvider       *self,
                                          GAsyncResult         *result,
                                          GError              **error);
  /* Tells shops apart in the sale journal: the kind and base URL. */
  char          *(*dup_shop_key)         (ScShopProvider       *self);
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
/* FALSE for a local file: nothing to change in a shop. */
gboolean       sc_shop_provider_can_set_price         (ScShopProvider       *self);
/* SC_SHOP_ERROR_NOT_SUPPORTED where sc_shop_provider_can_set_price is FALSE. */
void           sc_shop_provider_set_price_async       (ScShopProvider       *self,
                                                       const ScPriceChange  *change,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean       sc_shop_provider_set_price_finish      (ScShopProvider       *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
/* "woocommerce https://shop.example"; the name alone where the provider
 * has no address. */
char          *sc_shop_provider_dup_shop_key          (ScShopProvider       *self);

G_END_DECLS
