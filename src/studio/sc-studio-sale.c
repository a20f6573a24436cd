/* sc-studio-sale.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-studio"

#include "config.h"

#include <glib/gi18n.h>

#include "shop/sc-shop-error.h"
#include "sc-studio-private.h"

/* Flash-sale prices in the show's shop. The journal (ScSaleJournal) holds
 * every change before it is made; here the studio starts and ends sales
 * and, when it opens the shop, restores what an earlier run left on sale. */

/* Weak: a restore waiting for the network must not keep a finished
 * studio alive (its dispose cancels the restore; the next start resumes). */
typedef struct {
  GWeakRef  self;
  char     *product_id;
  char     *title;
  char     *reason;
  gint64    sale_price;
  char     *currency;
  gint64    ends_at;
} SaleCall;

static SaleCall *
sale_call_new (ScStudio   *self,
               const char *product_id)
{
  SaleCall *call = g_new0 (SaleCall, 1);

  g_weak_ref_init (&call->self, self);
  call->product_id = g_strdup (product_id);
  return call;
}

static void
sale_call_free (SaleCall *call)
{
  g_weak_ref_clear (&call->self);
  g_free (call->product_id);
  g_free (call->title);
  g_free (call->reason);
  g_free (call->currency);
  g_free (call);
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_time);

  return g_date_time_format_iso8601 (time);
}

/* Distinct products among @entries whose price is back (@restored), or not. */
static guint
count_products (GPtrArray *entries,
                gboolean   restored)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < entries->len; i++)
    {
      ScSaleEntry *entry = g_ptr_array_index (entries, i);
      gboolean done = entry->state == SC_SALE_STATE_RESTORED ||
                      entry->state == SC_SALE_STATE_GONE;

      if (done == restored)
        g_hash_table_add (seen, entry->product_id);
    }
  return g_hash_table_size (seen);
}

static JsonArray *
entries_json (GPtrArray *entries)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < entries->len; i++)
    {
      ScSaleEntry *entry = g_ptr_array_index (entries, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "product_id", entry->product_id);
      if (entry->variant_id != NULL)
        json_object_set_string_member (o, "variant_id", entry->variant_id);
      else
        json_object_set_null_member (o, "variant_id");
      json_object_set_string_member (o, "title", entry->title);
      json_object_set_string_member (o, "state", sc_sale_state_to_string (entry->state));
      json_object_set_int_member (o, "price", entry->original_price);
      json_object_set_int_member (o, "sale_price", entry->sale_price);
      if (entry->error != NULL)
        json_object_set_string_member (o, "error", entry->error);
      json_array_add_object_element (array, o);
    }
  return array;
}

/* Starting. An end asked for while the start is still changing the shop
 * waits for it: restoring half-way would let the rest of the start put
 * variants on sale after their restore. */

typedef struct {
  gboolean  applying;
  char     *end_reason;   /* an end that waits for the start, or NULL */
} ShopSale;

static void
shop_sale_free (ShopSale *sale)
{
  g_free (sale->end_reason);
  g_free (sale);
}

static void
finish_applying (ScStudio   *self,
                 const char *product_id)
{
  ShopSale *sale = self->shop_sales != NULL ? g_hash_table_lookup (self->shop_sales, product_id)
                                            : NULL;
  g_autofree char *reason = NULL;

  if (sale == NULL)
    return;
  sale->applying = FALSE;
  reason = g_steal_pointer (&sale->end_reason);
  if (reason != NULL)
    sc_studio_end_shop_sale (self, product_id, reason);
}

static void
sale_started_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SaleCall *call = user_data;
  g_autoptr(ScStudio) self = g_weak_ref_get (&call->self);
  g_autoptr(GError) error = NULL;
  JsonObject *fields;

  if (self == NULL)
    {
      sc_sale_journal_start_sale_finish (SC_SALE_JOURNAL (source), result, NULL);
      sale_call_free (call);
      return;
    }
  fields = json_object_new ();

  json_object_set_string_member (fields, "product_id", call->product_id);
  json_object_set_string_member (fields, "title", call->title);
  json_object_set_int_member (fields, "sale_price", call->sale_price);
  json_object_set_string_member (fields, "currency", call->currency);
  if (sc_sale_journal_start_sale_finish (SC_SALE_JOURNAL (source), result, &error))
    {
      g_autofree char *ends_at = call->ends_at > 0 ? format_time (call->ends_at) : NULL;

      if (ends_at != NULL)
        json_object_set_string_member (fields, "ends_at", ends_at);
      else
        json_object_set_null_member (fields, "ends_at");
      _sc_studio_log_event (self, "shop-sale-applied", fields);
    }
  else
    {
      json_object_set_string_member (fields, "error", error->message);
      json_object_set_boolean_member (fields, "supported",
                                      !g_error_matches (error, SC_SHOP_ERROR,
                                                        SC_SHOP_ERROR_NOT_SUPPORTED));
      _sc_studio_log_event (self, "shop-sale-failed", fields);
      /* The journal wrote the regular price back already. */
      finish_applying (self, call->product_id);
      if (self->shop_sales != NULL)
        g_hash_table_remove (self->shop_sales, call->product_id);
      sale_call_free (call);
      return;
    }
  finish_applying (self, call->product_id);
  sale_call_free (call);
}

void
sc_studio_begin_shop_sale (ScStudio  *self,
                           ScProduct *product,
                           gint64     sale_price,
                           GDateTime *ends_at)
{
  SaleCall *call;

  g_return_if_fail (SC_IS_STUDIO (self));
  g_return_if_fail (SC_IS_PRODUCT (product));

  call = sale_call_new (self, sc_product_get_id (product));
  call->title = g_strdup (sc_product_get_title (product));
  call->sale_price = sale_price;
  call->currency = g_strdup (sc_product_get_currency (product));
  call->ends_at = ends_at != NULL ? g_date_time_to_unix (ends_at) : 0;

  if (self->provider == NULL || self->sale_journal == NULL)
    {
      JsonObject *fields = json_object_new ();

      json_object_set_string_member (fields, "product_id", call->product_id);
      json_object_set_string_member (fields, "title", call->title);
      json_object_set_int_member (fields, "sale_price", sale_price);
      json_object_set_string_member (fields, "currency", call->currency);
      json_object_set_string_member (fields, "error", _("The show has no shop to change"));
      json_object_set_boolean_member (fields, "supported", FALSE);
      _sc_studio_log_event (self, "shop-sale-failed", fields);
      sale_call_free (call);
      return;
    }

  {
    ShopSale *sale = g_new0 (ShopSale, 1);

    sale->applying = TRUE;
    g_hash_table_replace (self->shop_sales, g_strdup (call->product_id), sale);
  }
  sc_sale_journal_start_sale_async (self->sale_journal, self->provider, product, sale_price,
                                    ends_at, self->cancellable, sale_started_cb, call);
}

/* Ending */

static void
sale_ended_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SaleCall *call = user_data;
  g_autoptr(ScStudio) self = g_weak_ref_get (&call->self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  JsonObject *fields;

  entries = sc_sale_journal_end_sale_finish (SC_SALE_JOURNAL (source), result, &error);
  /* Cancelled: the studio is going away; the next start restores. */
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      sale_call_free (call);
      return;
    }
  fields = json_object_new ();
  json_object_set_string_member (fields, "product_id", call->product_id);
  json_object_set_string_member (fields, "reason", call->reason);
  if (entries != NULL)
    {
      json_object_set_boolean_member (fields, "restored", count_products (entries, FALSE) == 0);
      json_object_set_array_member (fields, "variants", entries_json (entries));
    }
  else
    {
      json_object_set_boolean_member (fields, "restored", FALSE);
      json_object_set_string_member (fields, "error", error->message);
    }
  _sc_studio_log_event (self, "shop-sale-ended", fields);
  sale_call_free (call);
}

void
sc_studio_end_shop_sale (ScStudio   *self,
                         const char *product_id,
                         const char *reason)
{
  SaleCall *call;
  ShopSale *sale;

  g_return_if_fail (SC_IS_STUDIO (self));
  g_return_if_fail (product_id != NULL);

  if (self->provider == NULL || self->sale_journal == NULL ||
      !sc_shop_provider_can_set_price (self->provider))
    return;

  sale = g_hash_table_lookup (self->shop_sales, product_id);
  if (sale != NULL && sale->applying)
    {
      g_free (sale->end_reason);
      sale->end_reason = g_strdup (reason != NULL ? reason : "stopped");
      return;
    }
  g_hash_table_remove (self->shop_sales, product_id);
  call = sale_call_new (self, product_id);
  call->reason = g_strdup (reason != NULL ? reason : "stopped");
  sc_sale_journal_end_sale_async (self->sale_journal, self->provider, product_id,
                                  self->cancellable, sale_ended_cb, call);
}

/* Recovery, when the studio opens its shop */

/* The catalog may hold the sale prices (from the cache, or fetched before
 * the restore): it gets the regular ones now, and the sync fetches those
 * products again, ignoring what any fetch begun earlier brings of them. */
static void
catalog_restored (ScStudio  *self,
                  GPtrArray *entries)
{
  ScCatalog *catalog = sc_show_get_catalog (self->show);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < entries->len; i++)
    {
      ScSaleEntry *entry = g_ptr_array_index (entries, i);
      ScProduct *product;

      if (entry->state != SC_SALE_STATE_RESTORED)
        continue;
      if (g_hash_table_add (seen, entry->product_id))
        g_ptr_array_add (ids, entry->product_id);
      product = sc_catalog_lookup (catalog, entry->product_id);
      if (product == NULL || g_strcmp0 (sc_product_get_id (product), entry->product_id) != 0)
        continue;
      if (entry->variant_id == NULL)
        {
          sc_product_set_price (product, entry->original_price);
          sc_product_set_compare_at_price (product, entry->original_compare_at);
          continue;
        }
      for (guint j = 0; j < g_list_model_get_n_items (sc_product_get_variants (product)); j++)
        {
          g_autoptr(ScVariant) variant = g_list_model_get_item (sc_product_get_variants (product),
                                                                j);

          if (g_strcmp0 (sc_variant_get_id (variant), entry->variant_id) != 0)
            continue;
          sc_variant_set_price (variant, entry->original_price);
          sc_variant_set_compare_at_price (variant, entry->original_compare_at);
          sc_product_summarize_variants (product);
          break;
        }
    }
  if (ids->len == 0 || self->sync == NULL)
    return;
  g_ptr_array_add (ids, NULL);
  sc_inventory_sync_refetch (self->sync, (const char * const *)ids->pdata);
}

static void
recovered_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(ScStudio) self = g_weak_ref_get (weak);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *message = NULL;
  JsonObject *fields;
  guint restored, left;

  g_weak_ref_clear (weak);
  g_free (weak);
  entries = sc_sale_journal_recover_finish (SC_SALE_JOURNAL (source), result, &error);
  if (self == NULL)
    return;
  if (entries == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _sc_studio_log_error (self, g_quark_to_string (error->domain), error->code,
                              error->message);
      return;
    }
  if (entries->len == 0)
    return;

  catalog_restored (self, entries);
  restored = count_products (entries, TRUE);
  left = count_products (entries, FALSE);
  if (restored > 0)
    message = g_strdup_printf (ngettext ("Restored the regular price of %u product a previous "
                                         "show left on sale",
                                         "Restored the regular price of %u products a previous "
                                         "show left on sale", restored),
                               restored);
  else
    message = g_strdup_printf (ngettext ("Could not restore the regular price of %u product a "
                                         "previous show left on sale",
                                         "Could not restore the regular price of %u products a "
                                         "previous show left on sale", left),
                               left);

  fields = json_object_new ();
  json_object_set_int_member (fields, "products", restored);
  json_object_set_int_member (fields, "not_restored", left);
  json_object_set_string_member (fields, "message", message);
  json_object_set_array_member (fields, "variants", entries_json (entries));
  _sc_studio_log_event (self, "sale-restored", fields);
  g_signal_emit_by_name (self, "shop-sale-restored", message);
}

void
_sc_studio_sale_start (ScStudio *self)
{
  const ScShopConfig *config = sc_show_get_shop (self->show);
  GWeakRef *weak;

  if (self->provider == NULL || !sc_shop_provider_can_set_price (self->provider))
    return;
  self->sale_journal = sc_sale_journal_new (config != NULL ? config->cache_dir : NULL);
  self->shop_sales = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify)shop_sale_free);
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  sc_sale_journal_recover_async (self->sale_journal, self->provider, self->cancellable,
                                 recovered_cb, weak);
}

/* The show ended: every sale still on in the shop ends now. */
void
_sc_studio_sale_stop (ScStudio *self)
{
  g_autofree gpointer *ids = NULL;
  guint n = 0;

  if (self->shop_sales == NULL)
    return;
  ids = g_hash_table_get_keys_as_array (self->shop_sales, &n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup (ids[i]);

      sc_studio_end_shop_sale (self, id, "stopped");
    }
}

void
_sc_studio_sale_dispose (ScStudio *self)
{
  g_clear_pointer (&self->shop_sales, g_hash_table_unref);
  g_clear_object (&self->sale_journal);
}
