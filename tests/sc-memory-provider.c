/* sc-memory-provider.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-memory-provider"

#include "config.h"

#include "sc-memory-provider.h"

struct _ScMemoryProvider
{
  GObject     parent_instance;

  guint       page_size;
  GPtrArray  *products;     /* ScProduct *, shop order */
  GError     *failure;
  GHashTable *page_failures; /* page index -> GError * */
  guint       delay_ms;
  GPtrArray  *log;          /* char * */
  GDateTime  *last_since;
  guint       requests;
  guint       in_flight;
  guint       max_in_flight;
};

static void provider_iface_init (ScShopProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScMemoryProvider, sc_memory_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SC_TYPE_SHOP_PROVIDER, provider_iface_init))

typedef struct {
  ScMemoryProvider *self;
  GTask            *task;
  gpointer          result;
  GDestroyNotify    result_free;
  GError           *error;
} Answer;

static gboolean
answer_now (gpointer user_data)
{
  Answer *answer = user_data;

  answer->self->in_flight--;
  if (answer->error != NULL)
    g_task_return_error (answer->task, answer->error);
  else
    g_task_return_pointer (answer->task, answer->result, answer->result_free);
  g_object_unref (answer->task);
  g_free (answer);
  return G_SOURCE_REMOVE;
}

static void
answer (ScMemoryProvider *self,
        GTask            *task,
        gpointer          result,
        GDestroyNotify    result_free,
        GError           *error)
{
  Answer *pending = g_new0 (Answer, 1);

  pending->self = self;
  pending->task = g_object_ref (task);
  pending->result = result;
  pending->result_free = result_free;
  pending->error = error;
  self->requests++;
  self->in_flight++;
  self->max_in_flight = MAX (self->max_in_flight, self->in_flight);
  if (self->delay_ms > 0)
    g_timeout_add (self->delay_ms, answer_now, pending);
  else
    g_idle_add (answer_now, pending);
}

static const char *
get_name (ScShopProvider *provider)
{
  return "memory";
}

static void
fetch_page_async (ScShopProvider      *provider,
                  const char          *cursor,
                  GDateTime           *updated_since,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  ScMemoryProvider *self = SC_MEMORY_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GPtrArray) matching = g_ptr_array_new ();
  g_autofree char *since = updated_since ? g_date_time_format_iso8601 (updated_since) : NULL;
  guint index = cursor ? (guint)g_ascii_strtoull (cursor, NULL, 10) : 0;
  ScProductPage *page;
  const GError *failure;

  g_ptr_array_add (self->log, g_strdup_printf ("page %u since=%s", index, since ? since : "-"));
  g_clear_pointer (&self->last_since, g_date_time_unref);
  self->last_since = updated_since ? g_date_time_ref (updated_since) : NULL;

  failure = g_hash_table_lookup (self->page_failures, GUINT_TO_POINTER (index));
  if (self->failure != NULL || failure != NULL)
    {
      answer (self, task, NULL, NULL, g_error_copy (self->failure ? self->failure : failure));
      g_hash_table_remove (self->page_failures, GUINT_TO_POINTER (index));
      return;
    }

  for (guint i = 0; i < self->products->len; i++)
    {
      ScProduct *product = g_ptr_array_index (self->products, i);
      GDateTime *updated_at = sc_product_get_updated_at (product);

      if (updated_since == NULL || updated_at == NULL ||
          g_date_time_compare (updated_at, updated_since) >= 0)
        g_ptr_array_add (matching, product);
    }

  page = g_new0 (ScProductPage, 1);
  page->products = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = index * self->page_size;
       i < matching->len && i < (index + 1) * self->page_size; i++)
    g_ptr_array_add (page->products,
                     sc_product_copy (g_ptr_array_index (matching, i)));
  if ((index + 1) * self->page_size < matching->len)
    page->next_cursor = g_strdup_printf ("%u", index + 1);
  answer (self, task, page, (GDestroyNotify)sc_product_page_free, NULL);
}

static ScProductPage *
fetch_page_finish (ScShopProvider  *provider,
                   GAsyncResult    *result,
                   GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fetch_products_async (ScShopProvider      *provider,
                      const char * const  *ids,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  ScMemoryProvider *self = SC_MEMORY_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *joined = g_strjoinv (",", (char **)ids);
  GPtrArray *products;

  g_ptr_array_add (self->log, g_strdup_printf ("products %s", joined));
  if (self->failure != NULL)
    {
      answer (self, task, NULL, NULL, g_error_copy (self->failure));
      return;
    }

  products = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      ScProduct *product = sc_memory_provider_get (self, ids[i]);

      if (product != NULL)
        g_ptr_array_add (products, sc_product_copy (product));
    }
  answer (self, task, products, (GDestroyNotify)g_ptr_array_unref, NULL);
}

static GPtrArray *
fetch_products_finish (ScShopProvider  *provider,
                       GAsyncResult    *result,
                       GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static guint
get_request_count (ScShopProvider *provider)
{
  return SC_MEMORY_PROVIDER (provider)->requests;
}

static void
provider_iface_init (ScShopProviderInterface *iface)
{
  iface->get_name = get_name;
  iface->fetch_page_async = fetch_page_async;
  iface->fetch_page_finish = fetch_page_finish;
  iface->fetch_products_async = fetch_products_async;
  iface->fetch_products_finish = fetch_products_finish;
  iface->get_request_count = get_request_count;
}

static void
sc_memory_provider_finalize (GObject *object)
{
  ScMemoryProvider *self = (ScMemoryProvider *)object;

  g_ptr_array_unref (self->products);
  g_clear_error (&self->failure);
  g_hash_table_unref (self->page_failures);
  g_ptr_array_unref (self->log);
  g_clear_pointer (&self->last_since, g_date_time_unref);

  G_OBJECT_CLASS (sc_memory_provider_parent_class)->finalize (object);
}

static void
sc_memory_provider_class_init (ScMemoryProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_memory_provider_finalize;
}

static void
sc_memory_provider_init (ScMemoryProvider *self)
{
  self->products = g_ptr_array_new_with_free_func (g_object_unref);
  self->page_failures = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)g_error_free);
  self->log = g_ptr_array_new_with_free_func (g_free);
}

ScMemoryProvider *
sc_memory_provider_new (guint page_size)
{
  ScMemoryProvider *self = g_object_new (SC_TYPE_MEMORY_PROVIDER, NULL);

  self->page_size = MAX (page_size, 1);
  return self;
}

static gboolean
find (ScMemoryProvider *self,
      const char       *id,
      guint            *index)
{
  for (guint i = 0; i < self->products->len; i++)
    if (g_strcmp0 (sc_product_get_id (g_ptr_array_index (self->products, i)), id) == 0)
      {
        *index = i;
        return TRUE;
      }
  return FALSE;
}

void
sc_memory_provider_put (ScMemoryProvider *self,
                        ScProduct        *product)
{
  ScProduct *copy = sc_product_copy (product);
  guint index;

  if (find (self, sc_product_get_id (product), &index))
    {
      g_object_unref (g_ptr_array_index (self->products, index));
      g_ptr_array_index (self->products, index) = copy;
    }
  else
    g_ptr_array_add (self->products, copy);
}

ScProduct *
sc_memory_provider_get (ScMemoryProvider *self,
                        const char       *id)
{
  guint index;

  return find (self, id, &index) ? g_ptr_array_index (self->products, index) : NULL;
}

void
sc_memory_provider_set_stock (ScMemoryProvider *self,
                              const char       *id,
                              gint64            stock)
{
  ScProduct *product = sc_memory_provider_get (self, id);
  GListModel *variants;

  g_assert_nonnull (product);
  variants = sc_product_get_variants (product);
  if (g_list_model_get_n_items (variants) > 0)
    {
      /* The first variant holds it all, so the product sums to @stock. */
      for (guint i = 0; i < g_list_model_get_n_items (variants); i++)
        {
          g_autoptr(ScVariant) variant = g_list_model_get_item (variants, i);

          sc_variant_set_stock (variant, i == 0 ? stock : 0);
        }
      sc_product_summarize_variants (product);
    }
  else
    sc_product_set_stock (product, stock);
}

void
sc_memory_provider_remove (ScMemoryProvider *self,
                           const char       *id)
{
  guint index;

  if (find (self, id, &index))
    g_ptr_array_remove_index (self->products, index);
}

void
sc_memory_provider_set_failure (ScMemoryProvider *self,
                                const GError     *error)
{
  g_clear_error (&self->failure);
  self->failure = error ? g_error_copy (error) : NULL;
}

void
sc_memory_provider_fail_page (ScMemoryProvider *self,
                              guint             index,
                              const GError     *error)
{
  g_hash_table_replace (self->page_failures, GUINT_TO_POINTER (index), g_error_copy (error));
}

void
sc_memory_provider_set_delay (ScMemoryProvider *self,
                              guint             ms)
{
  self->delay_ms = ms;
}

GPtrArray *
sc_memory_provider_get_log (ScMemoryProvider *self)
{
  return self->log;
}

guint
sc_memory_provider_count (ScMemoryProvider *self,
                          const char       *prefix)
{
  guint count = 0;

  for (guint i = 0; i < self->log->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (self->log, i), prefix))
      count++;
  return count;
}

GDateTime *
sc_memory_provider_get_last_since (ScMemoryProvider *self)
{
  return self->last_since;
}

guint
sc_memory_provider_get_max_in_flight (ScMemoryProvider *self)
{
  return self->max_in_flight;
}
