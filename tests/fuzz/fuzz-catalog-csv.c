/* fuzz-catalog-csv.c — a spreadsheet export as a catalog (RFC 4180 CSV).
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "shop/sc-csv-catalog.h"

#include "sc-fuzz.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  sc_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *path = sc_fuzz_write_file ("catalog.csv", data, size);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCatalog) catalog = NULL;

  catalog = sc_csv_catalog_load (file, "USD", &error);
  g_assert ((catalog == NULL) != (error == NULL));
  if (catalog != NULL)
    sc_catalog_assign_claim_codes (catalog, NULL);
  return 0;
}
