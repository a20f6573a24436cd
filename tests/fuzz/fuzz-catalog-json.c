/* fuzz-catalog-json.c — a local catalog file (JSON, docs/show-format.md).
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "shop/sc-catalog.h"

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
  g_autofree char *path = sc_fuzz_write_file ("catalog.json", data, size);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScCatalog) catalog = NULL;

  catalog = sc_catalog_new_from_file (file, &error);
  g_assert ((catalog == NULL) != (error == NULL));
  if (catalog != NULL)
    {
      /* What the show does next with a catalog it loaded. */
      sc_catalog_assign_claim_codes (catalog, NULL);
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)); i++)
        {
          g_autoptr(ScProduct) product = g_list_model_get_item (G_LIST_MODEL (catalog), i);

          g_assert (sc_catalog_lookup (catalog, sc_product_get_id (product)) != NULL);
          g_assert (sc_catalog_lookup_claim_code (catalog,
                                                  sc_product_get_claim_code (product)) != NULL);
        }
    }
  return 0;
}
