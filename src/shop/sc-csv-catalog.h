/* sc-csv-catalog.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "shop/sc-catalog.h"

G_BEGIN_DECLS

/* A larger file is refused before it is read. */
#define SC_CSV_CATALOG_MAX_FILE_SIZE (50 * 1024 * 1024)

/* Loads a spreadsheet export as a catalog: RFC 4180 CSV (comma-separated,
 * quoted fields with doubled quotes, commas and line breaks inside quotes,
 * CRLF or LF), UTF-8 with or without a BOM, and a header row.
 *
 * Columns are found by header, ignoring case, spaces, "_" and "-":
 *   title: title, name, product, product name, product title (required)
 *   price: price (required)
 *   compare-at price: compare at price, compare at, regular price, was, was price
 *   stock: stock, quantity, qty, inventory (an empty cell: not tracked)
 *   image: image, image url, image src (relative paths: from the CSV's folder)
 *   sku, url (or link), id
 * Other columns are ignored. An empty id is the SKU, else a slug of the title
 * and the row number ("blue-mug-4"), so it stays the same on every read.
 *
 * Prices are in @currency, written "19.90", "$19.90" (the currency's own
 * sign) or "1,299.00" (comma thousands); nothing else, so a European
 * "19,90" is an error rather than 1990.
 *
 * Rows are counted as in a spreadsheet: the header is row 1. Errors are
 * SC_SHOP_ERROR_INVALID_DATA (SC_SHOP_ERROR_NOT_FOUND for a missing file)
 * and name the file, row and column:
 *   catalog.csv: row 7, column “price”: “19,9x” is not a price… */
ScCatalog *sc_csv_catalog_load (GFile       *file,
                                const char  *currency,
                                GError     **error);

G_END_DECLS
