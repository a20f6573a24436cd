/* sc-studio-shop.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-studio"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-studio-private.h"

/* The shop side of a show: the catalog sync, product images, the pinned
 * product and the rundown, and which products are on air. */

/* Products after the pinned one in the rundown that are kept fresh too. */
#define ON_AIR_AHEAD 2

static void ensure_image (ScStudio *self, ScProduct *product);

/* The pinned product's stock, whoever changed it (a sync, a webhook). */
static void
pinned_stock_cb (ScProduct  *product,
                 GParamSpec *pspec,
                 ScStudio   *self)
{
  gint64 stock = sc_product_get_stock (product);
  gint64 old_stock = self->pinned_stock;

  self->pinned_stock = stock;
  _sc_studio_log_stock_change (self, product, old_stock, stock);
}

static void
pinned_image_cb (ScProduct  *product,
                 GParamSpec *pspec,
                 ScStudio   *self)
{
  ensure_image (self, product);
}

/* The pinned product and the next ones in the rundown are kept fresh. */
static void
update_on_air (ScStudio *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) ids = NULL;
  const char * const *rundown;
  guint start = 0;
  guint added = 0;

  if (self->sync == NULL)
    return;
  builder = g_strv_builder_new ();
  rundown = sc_show_get_rundown (self->show);
  if (self->pinned != NULL)
    {
      g_strv_builder_add (builder, sc_product_get_id (self->pinned));
      for (guint i = 0; rundown[i] != NULL; i++)
        if (g_str_equal (rundown[i], sc_product_get_id (self->pinned)))
          start = i + 1;
    }
  else if (self->pending_pin != NULL)
    g_strv_builder_add (builder, self->pending_pin);
  for (guint i = start; rundown[i] != NULL && added < ON_AIR_AHEAD; i++, added++)
    g_strv_builder_add (builder, rundown[i]);
  ids = g_strv_builder_end (builder);
  sc_inventory_sync_set_on_air (self->sync, (const char * const *)ids);
}

typedef struct {
  ScStudio *self;
  char     *uri;
} ImageFetch;

static void
image_fetch_free (ImageFetch *fetch)
{
  g_object_unref (fetch->self);
  g_free (fetch->uri);
  g_free (fetch);
}

static void
image_fetched_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ImageFetch *fetch = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = sc_image_cache_fetch_finish (SC_IMAGE_CACHE (object), result, &error);

  if (path != NULL)
    sc_overlay_scene_set_image_location (fetch->self->scene, fetch->uri, path);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    /* The card keeps its placeholder; the show goes on. */
    _sc_studio_log_error (fetch->self, "shop-image", error->code, error->message);
  image_fetch_free (fetch);
}

/* Shop images are downloaded once into the disk cache, then drawn from
 * there; the overlay decodes them in a worker. */
static void
ensure_image (ScStudio  *self,
              ScProduct *product)
{
  const char *uri = sc_product_get_image_uri (product);
  g_autofree char *cached = NULL;
  ImageFetch *fetch;

  if (self->images == NULL || uri == NULL ||
      (!g_str_has_prefix (uri, "https://") && !g_str_has_prefix (uri, "http://")))
    return;
  cached = sc_image_cache_lookup (self->images, uri);
  if (cached != NULL)
    {
      sc_overlay_scene_set_image_location (self->scene, uri, cached);
      return;
    }
  fetch = g_new0 (ImageFetch, 1);
  fetch->self = g_object_ref (self);
  fetch->uri = g_strdup (uri);
  sc_image_cache_fetch_async (self->images, uri, self->cancellable, image_fetched_cb, fetch);
}

static void
catalog_changed_cb (GListModel *catalog,
                    guint       position,
                    guint       removed,
                    guint       added,
                    ScStudio   *self)
{
  ScProduct *product;

  /* Products that arrive from the shop get their claim codes like the file's. */
  if (added > 0)
    sc_show_apply_claim_codes (self->show);

  /* The show's pin names a shop product that had not arrived yet. */
  if (self->pending_pin == NULL)
    return;
  product = sc_catalog_lookup (SC_CATALOG (catalog), self->pending_pin);
  if (product != NULL)
    _sc_studio_set_pinned (self, product);
}

static void
sync_state_cb (ScInventorySync *sync,
               GParamSpec      *pspec,
               ScStudio        *self)
{
  _sc_studio_log_sync_state (self, sync);
}

static void
sync_progress_cb (ScInventorySync *sync,
                  guint            pages,
                  guint            products,
                  ScStudio        *self)
{
  JsonObject *fields = json_object_new ();

  json_object_set_int_member (fields, "pages", pages);
  json_object_set_int_member (fields, "products", products);
  _sc_studio_log_event (self, "catalog-progress", fields);
}

static void
sync_synced_cb (ScInventorySync *sync,
                guint            added,
                guint            updated,
                guint            removed,
                ScStudio        *self)
{
  ScCatalog *catalog = sc_show_get_catalog (self->show);
  JsonObject *fields = json_object_new ();

  json_object_set_int_member (fields, "added", added);
  json_object_set_int_member (fields, "updated", updated);
  json_object_set_int_member (fields, "removed", removed);
  json_object_set_int_member (fields, "products",
                              g_list_model_get_n_items (G_LIST_MODEL (catalog)));
  _sc_studio_log_event (self, "catalog-synced", fields);
}

static void
sync_stock_changed_cb (ScInventorySync *sync,
                       ScProduct       *product,
                       gint64           old_stock,
                       gint64           stock,
                       ScStudio        *self)
{
  /* The pinned product reports through its own notify, whatever changed it. */
  if (product != self->pinned)
    _sc_studio_log_stock_change (self, product, old_stock, stock);
}

static void
sync_failed_cb (ScInventorySync *sync,
                GError          *error,
                ScStudio        *self)
{
  _sc_studio_log_error (self, g_quark_to_string (error->domain), error->code, error->message);
}

void
_sc_studio_shop_init (ScStudio *self)
{
  self->pinned_signals = g_signal_group_new (SC_TYPE_PRODUCT);
  g_signal_group_connect (self->pinned_signals, "notify::stock",
                          G_CALLBACK (pinned_stock_cb), self);
  g_signal_group_connect (self->pinned_signals, "notify::image-uri",
                          G_CALLBACK (pinned_image_cb), self);

  self->sync_signals = g_signal_group_new (SC_TYPE_INVENTORY_SYNC);
  g_signal_group_connect (self->sync_signals, "notify::state", G_CALLBACK (sync_state_cb), self);
  g_signal_group_connect (self->sync_signals, "progress", G_CALLBACK (sync_progress_cb), self);
  g_signal_group_connect (self->sync_signals, "synced", G_CALLBACK (sync_synced_cb), self);
  g_signal_group_connect (self->sync_signals, "stock-changed",
                          G_CALLBACK (sync_stock_changed_cb), self);
  g_signal_group_connect (self->sync_signals, "failed", G_CALLBACK (sync_failed_cb), self);

  self->catalog_signals = g_signal_group_new (SC_TYPE_CATALOG);
  g_signal_group_connect (self->catalog_signals, "items-changed",
                          G_CALLBACK (catalog_changed_cb), self);
}

void
_sc_studio_shop_dispose (ScStudio *self)
{
  if (self->pinned_signals != NULL)
    g_signal_group_set_target (self->pinned_signals, NULL);
  if (self->sync_signals != NULL)
    g_signal_group_set_target (self->sync_signals, NULL);
  if (self->catalog_signals != NULL)
    g_signal_group_set_target (self->catalog_signals, NULL);
  if (self->sync != NULL)
    sc_inventory_sync_cancel (self->sync);
  g_clear_object (&self->pinned_signals);
  g_clear_object (&self->sync_signals);
  g_clear_object (&self->catalog_signals);
  g_clear_object (&self->pinned);
  g_clear_object (&self->sync);
  g_clear_object (&self->provider);
  g_clear_object (&self->images);
  g_clear_pointer (&self->pending_pin, g_free);
}

/* The show's shop: provider, image cache and the sync, started at once so a
 * cached catalog is there before the first frame. */
gboolean
_sc_studio_shop_start (ScStudio  *self,
                       GError   **error)
{
  const ScShopConfig *config = sc_show_get_shop (self->show);
  ScCatalog *catalog = sc_show_get_catalog (self->show);
  g_autofree char *image_dir = NULL;

  if (config == NULL)
    return TRUE;
  self->provider = sc_shop_provider_new_for_config (config, error);
  if (self->provider == NULL)
    return FALSE;
  image_dir = sc_shop_config_get_image_dir (config);
  self->images = sc_image_cache_new (image_dir);
  self->sync = sc_inventory_sync_new (self->provider, catalog, config);
  g_signal_group_set_target (self->sync_signals, self->sync);
  g_signal_group_set_target (self->catalog_signals, catalog);
  sc_inventory_sync_start (self->sync);
  /* What an earlier run left on sale in this shop gets its price back. */
  _sc_studio_sale_start (self);
  return TRUE;
}

/* A pin from the command line wins over the show file's. A shop's product
 * that is not in the catalog yet is pinned when it arrives. */
void
_sc_studio_shop_pin_initial (ScStudio *self)
{
  const char *pinned = sc_show_get_pinned (self->show);

  if (self->pinned == NULL && self->pending_pin == NULL && pinned != NULL)
    {
      ScProduct *product = sc_catalog_lookup (sc_show_get_catalog (self->show), pinned);

      if (product != NULL)
        _sc_studio_set_pinned (self, product);
      else
        self->pending_pin = g_strdup (pinned);
    }
  else if (self->pinned != NULL)
    _sc_studio_log_pinned (self);
  update_on_air (self);
}

void
_sc_studio_set_pinned (ScStudio  *self,
                       ScProduct *product)
{
  if (self->pinned == product)
    return;
  g_set_object (&self->pinned, product);
  g_clear_pointer (&self->pending_pin, g_free);
  g_signal_group_set_target (self->pinned_signals, product);
  if (product != NULL)
    {
      self->pinned_stock = sc_product_get_stock (product);
      ensure_image (self, product);
    }
  g_object_notify (G_OBJECT (self), "pinned");
  sc_overlay_scene_set_product (self->scene, product);
  sc_overlay_scene_set_claimed (self->scene,
                                self->claims != NULL && product != NULL
                                ? sc_claim_detector_get_claimed (self->claims,
                                                                 sc_product_get_id (product))
                                : 0);
  update_on_air (self);

  /* Before the show starts, show-started is followed by the pin anyway. */
  if (self->state != SC_STUDIO_STATE_IDLE)
    _sc_studio_log_pinned (self);
  _sc_studio_rundown_pinned (self, product);
}

gboolean
sc_studio_pin (ScStudio    *self,
               const char  *id_or_sku,
               GError     **error)
{
  ScProduct *product;

  g_return_val_if_fail (SC_IS_STUDIO (self), FALSE);

  product = sc_catalog_lookup (sc_show_get_catalog (self->show), id_or_sku);
  /* A shop's catalog arrives with the sync: pin it when it is there. */
  if (product == NULL && self->state == SC_STUDIO_STATE_IDLE &&
      sc_show_get_shop (self->show) != NULL &&
      sc_show_get_shop (self->show)->kind != SC_SHOP_KIND_LOCAL)
    {
      g_free (self->pending_pin);
      self->pending_pin = g_strdup (id_or_sku);
      return TRUE;
    }
  if (product == NULL)
    {
      g_set_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID,
                   _("No product with the id or SKU “%s” is in the catalog"), id_or_sku);
      return FALSE;
    }
  _sc_studio_set_pinned (self, product);
  return TRUE;
}

ScProduct *
sc_studio_get_pinned (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), NULL);
  return self->pinned;
}

void
sc_studio_unpin (ScStudio *self)
{
  g_return_if_fail (SC_IS_STUDIO (self));

  g_clear_pointer (&self->pending_pin, g_free);
  _sc_studio_set_pinned (self, NULL);
}

/* The rundown as products of the catalog, in show order; the catalog's own
 * order when the show has none. Products the catalog lacks are skipped. */
static GPtrArray *
rundown_products (ScStudio *self)
{
  ScCatalog *catalog = sc_show_get_catalog (self->show);
  const char * const *rundown = sc_show_get_rundown (self->show);
  GPtrArray *products = g_ptr_array_new_with_free_func (g_object_unref);

  if (rundown != NULL && rundown[0] != NULL)
    {
      for (guint i = 0; rundown[i] != NULL; i++)
        {
          ScProduct *product = sc_catalog_lookup (catalog, rundown[i]);

          if (product != NULL)
            g_ptr_array_add (products, g_object_ref (product));
        }
    }
  else
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (catalog));

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (products, g_list_model_get_item (G_LIST_MODEL (catalog), i));
    }
  return products;
}

static int
rundown_index (GPtrArray *products,
               ScProduct *product)
{
  guint index;

  if (product != NULL && g_ptr_array_find (products, product, &index))
    return (int)index;
  return -1;
}

ScProduct *
sc_studio_get_next_in_rundown (ScStudio *self)
{
  g_autoptr(GPtrArray) products = NULL;
  const char * const *rundown;
  int index;

  g_return_val_if_fail (SC_IS_STUDIO (self), NULL);

  /* Without a rundown, the catalog's order: the product list asks for
   * every row it shows, so no copy of a 100,000-product catalog here. */
  rundown = sc_show_get_rundown (self->show);
  if (rundown == NULL || rundown[0] == NULL)
    {
      ScCatalog *catalog = sc_show_get_catalog (self->show);
      guint position = 0;
      ScProduct *next;

      if (sc_catalog_find_position (catalog, self->pinned, &position))
        position++;
      if (position >= g_list_model_get_n_items (G_LIST_MODEL (catalog)))
        return NULL;
      next = g_list_model_get_item (G_LIST_MODEL (catalog), position);
      /* Owned by the catalog. */
      g_object_unref (next);
      return next;
    }

  products = rundown_products (self);
  index = rundown_index (products, self->pinned);
  if (index + 1 >= (int)products->len)
    return NULL;
  /* Owned by the catalog, which outlives this array. */
  return g_ptr_array_index (products, index + 1);
}

gboolean
sc_studio_pin_step (ScStudio *self,
                    int       step)
{
  g_autoptr(GPtrArray) products = NULL;
  gboolean handled;
  gboolean moved;
  int index;

  g_return_val_if_fail (SC_IS_STUDIO (self), FALSE);
  g_return_val_if_fail (step == 1 || step == -1, FALSE);

  /* In a segment, "next" is the next segment (a product may come twice). */
  moved = _sc_studio_rundown_step (self, step, &handled);
  if (handled)
    return moved;
  products = rundown_products (self);
  index = rundown_index (products, self->pinned);
  /* Nothing pinned: "next" starts the rundown, "previous" ends it. */
  if (index < 0)
    index = step > 0 ? 0 : (int)products->len - 1;
  else
    index += step;
  if (index < 0 || index >= (int)products->len)
    return FALSE;
  self->pin_reason = step > 0 ? "next" : "previous";
  _sc_studio_set_pinned (self, g_ptr_array_index (products, index));
  return TRUE;
}
