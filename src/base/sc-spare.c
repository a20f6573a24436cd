/* sc-spare.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "sc-spare.h"

gpointer
sc_spare_take (ScSpare *spare,
               gsize    size)
{
  gpointer data = NULL;

  g_mutex_lock (&spare->lock);
  for (guint i = 0; i < SC_SPARE_SLOTS && data == NULL; i++)
    if (spare->data[i] != NULL && spare->size[i] >= size && spare->size[i] / 2 <= size)
      {
        data = g_steal_pointer (&spare->data[i]);
        spare->size[i] = 0;
      }
  g_mutex_unlock (&spare->lock);
  return data;
}

void
sc_spare_give (ScSpare  *spare,
               gpointer  data,
               gsize     size,
               gsize     max_size)
{
  g_mutex_lock (&spare->lock);
  for (guint i = 0; i < SC_SPARE_SLOTS && data != NULL && size <= max_size; i++)
    if (spare->data[i] == NULL)
      {
        spare->data[i] = g_steal_pointer (&data);
        spare->size[i] = size;
      }
  g_mutex_unlock (&spare->lock);
  g_free (data);
}

void
sc_spare_release (ScSpare *spare)
{
  g_mutex_lock (&spare->lock);
  for (guint i = 0; i < SC_SPARE_SLOTS; i++)
    {
      g_clear_pointer (&spare->data[i], g_free);
      spare->size[i] = 0;
    }
  g_mutex_unlock (&spare->lock);
}
