/* sc-image-loader.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* Product shots come from shops and phones; these limits bound the memory
 * and main-thread time one image can cost during a live show. */
#define SC_IMAGE_MAX_FILE_SIZE (10 * 1000 * 1000)
#define SC_IMAGE_MAX_SIDE      4096

typedef enum {
  SC_IMAGE_FIT_COVER,    /* fill the box, cropping the overflow */
  SC_IMAGE_FIT_CONTAIN,  /* show all of the image, centred, transparent around it */
} ScImageFit;

/* Loads a file path, file:// or resource:// URI into a premultiplied ARGB32
 * surface of exactly @width x @height. Errors are G_IO_ERROR with a message
 * naming the image and the reason, ready to show to the host. */
cairo_surface_t *sc_image_load (const char  *uri,
                                int          width,
                                int          height,
                                ScImageFit   fit,
                                GError     **error);

typedef struct _ScSurfaceCache ScSurfaceCache;

ScSurfaceCache    *sc_surface_cache_new             (guint          max_entries);
void             sc_surface_cache_free            (ScSurfaceCache  *cache);
/* A new reference to the cached or freshly loaded surface, or NULL. @error
 * is set only by the load that failed, so a failure is reported once. */
cairo_surface_t *sc_surface_cache_lookup          (ScSurfaceCache  *cache,
                                                 const char    *uri,
                                                 int            width,
                                                 int            height,
                                                 ScImageFit     fit,
                                                 GError       **error);
/* Lets images that failed be tried again (a product was re-pinned). */
void             sc_surface_cache_forget_failures (ScSurfaceCache  *cache);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScSurfaceCache, sc_surface_cache_free)

G_END_DECLS
