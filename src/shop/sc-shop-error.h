/* sc-shop-error.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SC_SHOP_ERROR (sc_shop_error_quark ())

typedef enum {
  SC_SHOP_ERROR_INVALID_DATA,   /* a file or response has the wrong shape */
  SC_SHOP_ERROR_NOT_FOUND,      /* no such product or file */
  SC_SHOP_ERROR_AUTH,           /* the token was refused */
  SC_SHOP_ERROR_NETWORK,        /* the shop could not be reached */
  SC_SHOP_ERROR_THROTTLED,      /* the shop asked us to slow down */
  SC_SHOP_ERROR_NOT_SUPPORTED,  /* this shop cannot do that (a local file's prices) */
  SC_SHOP_ERROR_REFUSED,        /* the shop understood and refused (Shopify userErrors) */
} ScShopError;

GQuark sc_shop_error_quark (void);

G_END_DECLS
