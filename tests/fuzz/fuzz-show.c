/* fuzz-show.c — the show file (*.shopcast) as sc_show_new_from_data reads it.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "studio/sc-show.h"

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
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = NULL;

  show = sc_show_new_from_data ((const char *)data, size, "fuzz.shopcast", NULL, &error);
  /* Exactly one of them, and an error that says something. */
  g_assert ((show == NULL) != (error == NULL));
  g_assert (error == NULL || (error->message != NULL && error->message[0] != '\0'));
  return 0;
}
