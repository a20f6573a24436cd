/* sc-product-list-thumbnails.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-product-list-thumbnails"

#include "config.h"

#include <glib/gi18n.h>

#include "overlay/sc-image-loader.h"
#include "shop/sc-image-cache.h"
#include "ui/sc-product-list-thumbnails.h"

/* A catalog of a few hundred products fits; past that the oldest go. */
#define MAX_TEXTURES 512

struct _ScProductListThumbnails
{
  GObject       parent_instance;

  ScImageCache *images;     /* NULL without a shop */
  GHashTable   *textures;   /* uri -> GdkTexture */
  GQueue        order;      /* uris, oldest first, owned by textures' keys */
  int           size;
};

G_DEFINE_FINAL_TYPE (ScProductListThumbnails, sc_product_list_thumbnails, G_TYPE_OBJECT)

static void
sc_product_list_thumbnails_finalize (GObject *object)
{
  ScProductListThumbnails *self = (ScProductListThumbnails *)object;

  g_clear_object (&self->images);
  g_queue_clear (&self->order);
  g_clear_pointer (&self->textures, g_hash_table_unref);

  G_OBJECT_CLASS (sc_product_list_thumbnails_parent_class)->finalize (object);
}

static void
sc_product_list_thumbnails_class_init (ScProductListThumbnailsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_product_list_thumbnails_finalize;
}

static void
sc_product_list_thumbnails_init (ScProductListThumbnails *self)
{
  self->textures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_queue_init (&self->order);
}

ScProductListThumbnails *
sc_product_list_thumbnails_new (ScShow *show,
                                int     size)
{
  ScProductListThumbnails *self;
  const ScShopConfig *shop;

  g_return_val_if_fail (show == NULL || SC_IS_SHOW (show), NULL);
  g_return_val_if_fail (size > 0 && size <= SC_IMAGE_MAX_SIDE, NULL);

  self = g_object_new (SC_TYPE_PRODUCT_LIST_THUMBNAILS, NULL);
  self->size = size;
  shop = show != NULL ? sc_show_get_shop (show) : NULL;
  /* The studio's image folder, so each picture is fetched once. */
  if (shop != NULL)
    {
      g_autofree char *dir = sc_shop_config_get_image_dir (shop);

      self->images = sc_image_cache_new (dir);
    }
  return self;
}

int
sc_product_list_thumbnails_get_size (ScProductListThumbnails *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT_LIST_THUMBNAILS (self), 0);
  return self->size;
}

GdkTexture *
sc_product_list_thumbnails_lookup (ScProductListThumbnails *self,
                                   const char              *uri)
{
  g_return_val_if_fail (SC_IS_PRODUCT_LIST_THUMBNAILS (self), NULL);

  return uri != NULL ? g_hash_table_lookup (self->textures, uri) : NULL;
}

static void
remember (ScProductListThumbnails *self,
          const char              *uri,
          GdkTexture              *texture)
{
  char *key;

  if (g_hash_table_contains (self->textures, uri))
    return;
  while (g_queue_get_length (&self->order) >= MAX_TEXTURES)
    g_hash_table_remove (self->textures, g_queue_pop_head (&self->order));
  key = g_strdup (uri);
  g_hash_table_insert (self->textures, key, g_object_ref (texture));
  g_queue_push_tail (&self->order, key);
}

typedef struct {
  char *uri;        /* the product's image */
  char *location;   /* what to decode: a path or a file:// / resource:// URI */
  int   size;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->uri);
  g_free (data->location);
  g_free (data);
}

/* The thumbnail's pixels with straight (not premultiplied) alpha, in the
 * byte order of Cairo's ARGB32. GTK 4.8's cairo renderer turns every texture
 * in the window into a cairo surface on every frame it draws, clipped away
 * or not, and it does so for a premultiplied texture through floats (its
 * gdk_memory_convert has no path from a premultiplied format, not even to
 * itself): with the preview running that was every visible row's thumbnail
 * 25 times a second. From straight alpha it takes an integer path. */
GdkTexture *
sc_product_list_thumbnails_texture_for_surface (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int src_stride = cairo_image_surface_get_stride (surface);
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *src;
  guint8 *pixels;
  gsize stride = (gsize)width * 4;

  g_return_val_if_fail (cairo_image_surface_get_format (surface) == CAIRO_FORMAT_ARGB32, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  cairo_surface_flush (surface);
  src = cairo_image_surface_get_data (surface);
  pixels = g_malloc (stride * height);
  for (int y = 0; y < height; y++)
    {
      const guint32 *in = (const guint32 *)(gconstpointer)(src + (gsize)y * src_stride);
      guint32 *out = (guint32 *)(gpointer)(pixels + y * stride);

      for (int x = 0; x < width; x++)
        {
          guint32 p = in[x];
          guint a = p >> 24;

          if (a == 0)
            out[x] = 0;
          else if (a == 255)
            out[x] = p;
          else
            {
              guint r = ((p >> 16 & 0xff) * 255 + a / 2) / a;
              guint g = ((p >> 8 & 0xff) * 255 + a / 2) / a;
              guint b = ((p & 0xff) * 255 + a / 2) / a;

              out[x] = (guint32)a << 24 | MIN (r, 255) << 16 | MIN (g, 255) << 8 | MIN (b, 255);
            }
        }
    }
  /* The texture takes its own reference on the bytes. */
  bytes = g_bytes_new_take (pixels, stride * height);
  return gdk_memory_texture_new (width, height,
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
                                 GDK_MEMORY_B8G8R8A8,
#else
                                 GDK_MEMORY_A8R8G8B8,
#endif
                                 bytes, stride);
}

/* Worker thread: the overlay's loader bounds file size and pixel size
 * before anything is decoded. */
static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  GdkTexture *texture;

  surface = sc_image_load (data->location, data->size, data->size, SC_IMAGE_FIT_CONTAIN, &error);
  if (surface == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  texture = sc_product_list_thumbnails_texture_for_surface (surface);
  cairo_surface_destroy (surface);
  g_task_return_pointer (task, texture, g_object_unref);
}

static void
decode (GTask *task)
{
  g_task_run_in_thread (task, decode_thread);
  g_object_unref (task);
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  LoadData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->location = sc_image_cache_fetch_finish (SC_IMAGE_CACHE (object), result, &error);
  if (data->location == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  decode (task);
}

void
sc_product_list_thumbnails_load_async (ScProductListThumbnails *self,
                                       const char              *uri,
                                       GCancellable            *cancellable,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  GdkTexture *texture;
  LoadData *data;

  g_return_if_fail (SC_IS_PRODUCT_LIST_THUMBNAILS (self));
  g_return_if_fail (uri != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_product_list_thumbnails_load_async);
  texture = g_hash_table_lookup (self->textures, uri);
  if (texture != NULL)
    {
      g_task_return_pointer (task, g_object_ref (texture), g_object_unref);
      return;
    }

  data = g_new0 (LoadData, 1);
  data->uri = g_strdup (uri);
  data->size = self->size;
  g_task_set_task_data (task, data, (GDestroyNotify)load_data_free);

  if (g_str_has_prefix (uri, "https://") || g_str_has_prefix (uri, "http://"))
    {
      if (self->images == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                   _("The picture “%s” is on the web, but the show has no "
                                     "shop to download it through"), uri);
          return;
        }
      sc_image_cache_fetch_async (self->images, uri, cancellable, fetched_cb,
                                  g_steal_pointer (&task));
      return;
    }
  data->location = g_strdup (uri);
  decode (g_steal_pointer (&task));
}

GdkTexture *
sc_product_list_thumbnails_load_finish (ScProductListThumbnails  *self,
                                        GAsyncResult             *result,
                                        GError                  **error)
{
  GdkTexture *texture;
  LoadData *data;

  g_return_val_if_fail (SC_IS_PRODUCT_LIST_THUMBNAILS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  texture = g_task_propagate_pointer (G_TASK (result), error);
  data = g_task_get_task_data (G_TASK (result));
  if (texture != NULL && data != NULL)
    remember (self, data->uri, texture);
  return texture;
}
