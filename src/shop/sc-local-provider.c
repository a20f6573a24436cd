/* sc-local-provider.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-local-provider"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sc-catalog.h"
#include "sc-csv-catalog.h"
#include "sc-local-provider.h"
#include "sc-shop-error.h"

struct _ScLocalProvider
{
  GObject   parent_instance;

  /* Set at construction and never changed: the worker threads read them. */
  GFile    *file;
  gboolean  is_csv;
  char     *currency;
};

static void shop_provider_iface_init (ScShopProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScLocalProvider, sc_local_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SC_TYPE_SHOP_PROVIDER,
                                                      shop_provider_iface_init))

static void
sc_local_provider_finalize (GObject *object)
{
  ScLocalProvider *self = (ScLocalProvider *)object;

  g_clear_object (&self->file);
  g_free (self->currency);

  G_OBJECT_CLASS (sc_local_provider_parent_class)->finalize (object);
}

static void
sc_local_provider_class_init (ScLocalProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sc_local_provider_finalize;
}

static void
sc_local_provider_init (ScLocalProvider *self)
{
}

static gboolean
is_currency_code (const char *text)
{
  return text != NULL && strlen (text) == 3 && g_ascii_isupper (text[0]) &&
         g_ascii_isupper (text[1]) && g_ascii_isupper (text[2]);
}

ScShopProvider *
sc_local_provider_new (const ScShopConfig  *config,
                       GError             **error)
{
  g_autoptr(ScLocalProvider) self = NULL;
  g_autofree char *name = NULL;
  g_autofree char *lower = NULL;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (config->file == NULL || config->file[0] == '\0')
    {
      g_set_error_literal (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                           _("Local catalog: no catalog file is set"));
      return NULL;
    }

  self = g_object_new (SC_TYPE_LOCAL_PROVIDER, NULL);
  if (g_uri_peek_scheme (config->file) != NULL)
    self->file = g_file_new_for_uri (config->file);
  else
    self->file = g_file_new_for_path (config->file);
  name = g_file_get_basename (self->file);
  lower = g_ascii_strdown (name != NULL ? name : "", -1);
  self->is_csv = g_str_has_suffix (lower, ".csv");
  self->currency = g_strdup (is_currency_code (config->currency) ? config->currency : "USD");

  return SC_SHOP_PROVIDER (g_steal_pointer (&self));
}

static GPtrArray *
load_products (ScLocalProvider  *self,
               GError          **error)
{
  g_autoptr(ScCatalog) catalog = NULL;
  GPtrArray *products;
  guint n;

  if (self->is_csv)
    catalog = sc_csv_catalog_load (self->file, self->currency, error);
  else
    catalog = sc_catalog_new_from_file (self->file, error);
  if (catalog == NULL)
    return NULL;

  n = g_list_model_get_n_items (G_LIST_MODEL (catalog));
  products = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (products, g_list_model_get_item (G_LIST_MODEL (catalog), i));
  return products;
}

/* What a worker thread is asked for: the page, or these products. */
typedef struct {
  gboolean   is_page;
  GStrv      ids;
} Load;

static void
load_free (Load *load)
{
  g_strfreev (load->ids);
  g_free (load);
}

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ScLocalProvider *self = source_object;
  Load *load = task_data;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GPtrArray) wanted = NULL;
  g_autoptr(GError) error = NULL;
  ScProductPage *page;

  if (g_task_return_error_if_cancelled (task))
    return;

  products = load_products (self, &error);
  if (products == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (load->is_page)
    {
      page = g_new0 (ScProductPage, 1);
      page->products = g_steal_pointer (&products);
      g_task_return_pointer (task, page, (GDestroyNotify)sc_product_page_free);
      return;
    }

  wanted = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < products->len; i++)
    {
      ScProduct *product = g_ptr_array_index (products, i);

      if (g_strv_contains ((const char * const *)load->ids, sc_product_get_id (product)))
        g_ptr_array_add (wanted, g_object_ref (product));
    }
  g_task_return_pointer (task, g_steal_pointer (&wanted), (GDestroyNotify)g_ptr_array_unref);
}

static const char *
sc_local_provider_get_name (ScShopProvider *provider)
{
  return "Local catalog";
}

static void
sc_local_provider_fetch_page_async (ScShopProvider      *provider,
                                    const char          *cursor,
                                    GDateTime           *updated_since,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  Load *load;

  g_task_set_source_tag (task, sc_local_provider_fetch_page_async);

  /* The first page is the last: no cursor is ever handed out. */
  if (cursor != NULL)
    {
      g_task_return_new_error (task, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                               _("“%s” is not a page of a local catalog"), cursor);
      return;
    }

  load = g_new0 (Load, 1);
  load->is_page = TRUE;
  g_task_set_task_data (task, load, (GDestroyNotify)load_free);
  g_task_run_in_thread (task, load_in_thread);
}

static ScProductPage *
sc_local_provider_fetch_page_finish (ScShopProvider  *provider,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sc_local_provider_fetch_products_async (ScShopProvider      *provider,
                                        const char * const  *ids,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  Load *load = g_new0 (Load, 1);

  g_task_set_source_tag (task, sc_local_provider_fetch_products_async);
  load->ids = g_strdupv ((char **)ids);
  if (load->ids == NULL)
    load->ids = g_new0 (char *, 1);
  g_task_set_task_data (task, load, (GDestroyNotify)load_free);
  g_task_run_in_thread (task, load_in_thread);
}

static GPtrArray *
sc_local_provider_fetch_products_finish (ScShopProvider  *provider,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static guint
sc_local_provider_get_request_count (ScShopProvider *provider)
{
  return 0;
}

static void
shop_provider_iface_init (ScShopProviderInterface *iface)
{
  iface->get_name = sc_local_provider_get_name;
  iface->fetch_page_async = sc_local_provider_fetch_page_async;
  iface->fetch_page_finish = sc_local_provider_fetch_page_finish;
  iface->fetch_products_async = sc_local_provider_fetch_products_async;
  iface->fetch_products_finish = sc_local_provider_fetch_products_finish;
  iface->get_request_count = sc_local_provider_get_request_count;
}
