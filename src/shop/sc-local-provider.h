/* sc-local-provider.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shop/sc-shop-config.h"
#include "shop/sc-shop-provider.h"

G_BEGIN_DECLS

#define SC_TYPE_LOCAL_PROVIDER (sc_local_provider_get_type ())
G_DECLARE_FINAL_TYPE (ScLocalProvider, sc_local_provider, SC, LOCAL_PROVIDER, GObject)

/* A catalog file on this computer, @config->file (a path, or a URI such as
 * resource://): a JSON catalog (docs/show-format.md), or a spreadsheet
 * export when the name ends in ".csv" (see sc-csv-catalog.h; its prices
 * are in @config->currency, default "USD"). Every fetch re-reads the file
 * in a worker thread, so edits show up at the next sync, and returns the
 * whole catalog in one page whatever the updated_since: the file says
 * nothing finer than its own change time. No HTTP, so the request count is 0. */
ScShopProvider *sc_local_provider_new (const ScShopConfig  *config,
                                       GError             **error);

G_END_DECLS
