/* sc-image-cache.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Limits of a product image: bigger files or pictures are refused (the
 * overlay draws its placeholder) rather than decoded on a live show. */
#define SC_IMAGE_CACHE_MAX_BYTES (10 * 1024 * 1024)
#define SC_IMAGE_CACHE_MAX_SIDE  4096

#define SC_TYPE_IMAGE_CACHE (sc_image_cache_get_type ())
G_DECLARE_FINAL_TYPE (ScImageCache, sc_image_cache, SC, IMAGE_CACHE, GObject)

/* Product images downloaded once into <cache_dir>/images/<sha256 of URL>
 * (@cache_dir NULL: $XDG_DATA_HOME/shopcast), at most 4 at a time. Only
 * https URLs, and http to a loopback host; PNG, JPEG, WebP or GIF whose
 * header says at most SC_IMAGE_CACHE_MAX_SIDE pixels a side. */
ScImageCache *sc_image_cache_new          (const char          *cache_dir);
/* The file:// URI of @url's image when it is already on disk, else NULL. */
char         *sc_image_cache_lookup       (ScImageCache        *self,
                                           const char          *url);
/* Completes with the file:// URI of the image, at once when it is already
 * on disk. Several requests for one URL share one download. */
void          sc_image_cache_fetch_async  (ScImageCache        *self,
                                           const char          *url,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
char         *sc_image_cache_fetch_finish (ScImageCache        *self,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
