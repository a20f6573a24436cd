/* sc-image-loader.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
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
 * naming the image and the reason, ready to show to the host. Blocks (disk,
 * decoding): the overlay calls it from worker threads. */
cairo_surface_t *sc_image_load (const char  *uri,
                                int          width,
                                int          height,
                                ScImageFit   fit,
                                GError     **error);

/* The same checks (file size, pixels on a side, read by the header before
 * any pixel is decoded), for a still image shown as a video source: a
 * straight-alpha pixbuf scaled to fit @max_width x @max_height. Blocks:
 * call it off the main thread. */
GdkPixbuf       *sc_image_load_pixbuf (const char  *uri,
                                       int          max_width,
                                       int          max_height,
                                       GError     **error);

/* Decodes an image held in memory, in this process, with the same limits:
 * for the SVG helper (shopcast-render-image), which does it for the show. */
GdkPixbuf       *sc_image_decode_bytes (GBytes      *data,
                                        const char  *uri,
                                        int          width,
                                        int          height,
                                        ScImageFit   fit,
                                        GError     **error);

typedef struct _ScSurfaceCache ScSurfaceCache;

/* A load finished (main context): @error is NULL when the image is in. */
typedef void (*ScSurfaceCacheLoaded) (const char   *uri,
                                      const GError *error,
                                      gpointer      user_data);

/* Decoded surfaces by URI and size. Images decode in worker threads: a
 * lookup returns the surface when it is in, or NULL and starts the load
 * (the caller draws a placeholder); @loaded says when it is done, on the
 * thread-default main context of the caller. */
ScSurfaceCache  *sc_surface_cache_new             (guint                 max_entries,
                                                   ScSurfaceCacheLoaded  loaded,
                                                   gpointer              user_data);
/* Loads still running finish without calling @loaded. */
void             sc_surface_cache_free            (ScSurfaceCache  *cache);
/* A new reference to the cached surface, or NULL: loading, or failed (a
 * failure is reported once, through @loaded). */
cairo_surface_t *sc_surface_cache_lookup          (ScSurfaceCache  *cache,
                                                   const char      *uri,
                                                   int              width,
                                                   int              height,
                                                   ScImageFit       fit);
/* Loads under way. */
guint            sc_surface_cache_get_loading     (ScSurfaceCache  *cache);
/* Lets images that failed be tried again (a product was re-pinned). */
void             sc_surface_cache_forget_failures (ScSurfaceCache  *cache);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScSurfaceCache, sc_surface_cache_free)

G_END_DECLS
