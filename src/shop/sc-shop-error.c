/* sc-shop-error.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "sc-shop-error.h"

G_DEFINE_QUARK (sc-shop-error-quark, sc_shop_error)
