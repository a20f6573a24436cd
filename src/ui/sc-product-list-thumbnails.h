/* sc-product-list-thumbnails.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "studio/sc-show.h"

G_BEGIN_DECLS

#define SC_TYPE_PRODUCT_LIST_THUMBNAILS (sc_product_list_thumbnails_get_type ())
G_DECLARE_FINAL_TYPE (ScProductListThumbnails, sc_product_list_thumbnails,
                      SC, PRODUCT_LIST_THUMBNAILS, GObject)

/* Product pictures for the product list, @size pixels square. Local and
 * resource images are decoded in a worker thread with the overlay's loader
 * and limits; a shop's http(s) images come through the same disk cache
 * (and folder) the studio downloads them into for the product card.
 * Decoded textures are kept in memory, so scrolling never decodes twice. */
ScProductListThumbnails *sc_product_list_thumbnails_new         (ScShow   *show,
                                                                 int       size);
int                      sc_product_list_thumbnails_get_size    (ScProductListThumbnails *self);
/* The texture when it is already decoded, else NULL (transfer none). */
GdkTexture              *sc_product_list_thumbnails_lookup      (ScProductListThumbnails *self,
                                                                 const char              *uri);
void        sc_product_list_thumbnails_load_async  (ScProductListThumbnails  *self,
                                                    const char               *uri,
                                                    GCancellable             *cancellable,
                                                    GAsyncReadyCallback       callback,
                                                    gpointer                  user_data);
GdkTexture *sc_product_list_thumbnails_load_finish (ScProductListThumbnails  *self,
                                                    GAsyncResult             *result,
                                                    GError                  **error);

/* A texture of @surface's pixels (CAIRO_FORMAT_ARGB32) with straight alpha,
 * the form GTK 4.8's cairo renderer draws without converting through floats. */
GdkTexture *sc_product_list_thumbnails_texture_for_surface (cairo_surface_t *surface);

G_END_DECLS
