/* sc-image-loader.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-image-loader"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "base/sc-process.h"

#include "sc-image-loader.h"

typedef struct {
  int        target_width;
  int        target_height;
  ScImageFit fit;
  int        source_width;
  int        source_height;
  gboolean   too_large;
} LoadState;

static GFile *
file_for_uri (const char  *uri,
              GError     **error)
{
  g_autofree char *scheme = g_uri_parse_scheme (uri);

  if (scheme == NULL)
    return g_file_new_for_path (uri);

  if (g_ascii_strcasecmp (scheme, "file") == 0 || g_ascii_strcasecmp (scheme, "resource") == 0)
    return g_file_new_for_uri (uri);

  /* Downloading during a render would stall the show; the shop layer keeps
   * local copies of product images and hands us those. */
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               _("Cannot load image “%s”: only local files and resources can be shown, "
                 "not %s URIs"),
               uri, scheme);
  return NULL;
}

/* Rewords the error for the host: which image, and why, in one sentence. */
static void
prefix_error (GError     **error,
              const char  *uri,
              GError      *cause)
{
  const char *reason = cause->message;

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    reason = _("the file does not exist");

  g_set_error (error, G_IO_ERROR,
               cause->domain == G_IO_ERROR ? cause->code : G_IO_ERROR_INVALID_DATA,
               _("Cannot load image “%s”: %s"), uri, reason);
}

static void
on_size_prepared (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  LoadState       *state)
{
  double scale_x;
  double scale_y;
  double scale;

  state->source_width = width;
  state->source_height = height;

  if (width > SC_IMAGE_MAX_SIDE || height > SC_IMAGE_MAX_SIDE || width <= 0 || height <= 0)
    {
      /* A zero size makes the decoder stop before it allocates the pixels. */
      state->too_large = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }

  /* Decode straight to about the size we draw, never larger than needed. */
  scale_x = (double)state->target_width / width;
  scale_y = (double)state->target_height / height;
  scale = state->fit == SC_IMAGE_FIT_COVER ? MAX (scale_x, scale_y) : MIN (scale_x, scale_y);
  if (scale < 1.0)
    gdk_pixbuf_loader_set_size (loader,
                                MAX (1, (int)ceil (width * scale)),
                                MAX (1, (int)ceil (height * scale)));
}

static GdkPixbuf *
finish_loader (GdkPixbufLoader *loader,
               gboolean         closed,
               GError          *local_error,
               const char      *uri,
               LoadState       *state,
               GError         **error)
{
  GdkPixbuf *pixbuf;

  if (!closed)
    {
      /* Closing after a failed write only repeats that error; the first one
       * is the one that explains what is wrong with the file. */
      gdk_pixbuf_loader_close (loader, local_error == NULL ? &local_error : NULL);
    }

  if (state->too_large)
    {
      g_clear_error (&local_error);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Cannot load image “%s”: it is %d × %d pixels, larger than %d pixels "
                     "on a side"),
                   uri, state->source_width, state->source_height, SC_IMAGE_MAX_SIDE);
      return NULL;
    }

  if (local_error != NULL)
    {
      /* gdk-pixbuf's own, or a loader's (librsvg's XML errors end in a
       * newline) */
      g_strstrip (local_error->message);
      if (local_error->domain != G_IO_ERROR)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("Cannot load image “%s”: it is not a readable image (%s)"),
                     uri, local_error->message);
      else
        prefix_error (error, uri, local_error);
      g_error_free (local_error);
      return NULL;
    }

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Cannot load image “%s”: it is not a readable image"), uri);
      return NULL;
    }

  /* Phone photos are often stored sideways with an EXIF rotation. */
  return gdk_pixbuf_apply_embedded_orientation (pixbuf);
}

static GdkPixbufLoader *
new_loader (LoadState *state)
{
  GdkPixbufLoader *loader = gdk_pixbuf_loader_new ();

  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), state);
  return loader;
}

GdkPixbuf *
sc_image_decode_bytes (GBytes      *data,
                       const char  *uri,
                       int          width,
                       int          height,
                       ScImageFit   fit,
                       GError     **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  GError *local_error = NULL;
  LoadState state = { width, height, fit, 0, 0, FALSE };
  gboolean closed = FALSE;

  g_return_val_if_fail (data != NULL && uri != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  if (g_bytes_get_size (data) > SC_IMAGE_MAX_FILE_SIZE)
    {
      g_autofree char *limit = g_format_size (SC_IMAGE_MAX_FILE_SIZE);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Cannot load image “%s”: the file is larger than the %s limit"),
                   uri, limit);
      return NULL;
    }
  loader = new_loader (&state);
  if (gdk_pixbuf_loader_write_bytes (loader, data, &local_error) && !state.too_large)
    closed = gdk_pixbuf_loader_close (loader, &local_error);
  return finish_loader (loader, closed, local_error, uri, &state, error);
}

/* SVG: brand logos, the demo's pictures */

/* gdk-pixbuf draws SVG with librsvg, and librsvg with libxml2: about 7 MB of
 * library pages that stay in the show's memory for its whole length once an
 * SVG was drawn, for a picture drawn once. A short-lived helper,
 * shopcast-render-image (sc-render-image.c), decodes SVG instead, with the
 * same limits; the show never maps those libraries. */
#define RENDER_HELPER "shopcast-render-image"
/* Helper exit statuses from this on carry a GIOErrorEnum code. */
#define RENDER_STATUS_IO_ERROR 64
#define RENDER_CPU_LIMIT_S     10

/* Only decides which process decodes: a file that is not SVG after all is
 * decoded by the helper just as well. */
static gboolean
looks_like_svg (const guint8 *data,
                gsize         length,
                const char   *uri)
{
  gsize i = 0;

  /* svgz */
  if (length >= 2 && data[0] == 0x1f && data[1] == 0x8b)
    return g_str_has_suffix (uri, ".svgz") || g_str_has_suffix (uri, ".SVGZ");
  if (length >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf)
    i = 3;
  while (i < length && g_ascii_isspace (data[i]))
    i++;
  return i < length && data[i] == '<';
}

/* The helper's path, or NULL when it is not installed (SVG is decoded in
 * this process then, as every other format). */
static const char *
render_helper (void)
{
  static gsize looked;
  static char *path;

  if (g_once_init_enter (&looked))
    {
      path = sc_process_find_helper (RENDER_HELPER);
      if (path == NULL)
        g_debug ("%s is not installed: SVG is decoded in the show's process", RENDER_HELPER);
      g_once_init_leave (&looked, 1);
    }
  return path;
}

static void
limit_helper (gpointer user_data)
{
  struct rlimit cpu = { RENDER_CPU_LIMIT_S, RENDER_CPU_LIMIT_S + 2 };

  /* An SVG built to take forever is stopped by the kernel. */
  setrlimit (RLIMIT_CPU, &cpu);
}

/* The helper's answer: "WIDTH HEIGHT ROWSTRIDE HAS_ALPHA\n" and the pixels
 * of an 8-bit RGB(A) pixbuf. */
static GdkPixbuf *
parse_rendered (GBytes      *out,
                const char  *uri,
                GError     **error)
{
  gsize size = g_bytes_get_size (out);
  const char *data = g_bytes_get_data (out, NULL);
  const char *newline = size > 0 ? memchr (data, '\n', MIN (size, 64)) : NULL;
  g_autofree char *header = NULL;
  g_autoptr(GBytes) pixels = NULL;
  int width, height, rowstride, has_alpha, channels;
  gsize offset, needed;
  char extra;

  if (newline == NULL)
    goto malformed;
  header = g_strndup (data, newline - data);
  if (sscanf (header, "%d %d %d %d%c", &width, &height, &rowstride, &has_alpha, &extra) != 4 ||
      width < 1 || height < 1 || width > SC_IMAGE_MAX_SIDE || height > SC_IMAGE_MAX_SIDE ||
      (has_alpha != 0 && has_alpha != 1))
    goto malformed;
  channels = has_alpha ? 4 : 3;
  if (rowstride < width * channels || rowstride > width * channels + 64)
    goto malformed;
  offset = (gsize)(newline - data) + 1;
  needed = (gsize)rowstride * (gsize)(height - 1) + (gsize)width * (gsize)channels;
  if (size - offset < needed || size - offset > (gsize)rowstride * (gsize)height)
    goto malformed;
  pixels = g_bytes_new_from_bytes (out, offset, size - offset);
  return gdk_pixbuf_new_from_bytes (pixels, GDK_COLORSPACE_RGB, has_alpha, 8, width, height,
                                    rowstride);

malformed:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("Cannot load image “%s”: the image renderer (%s) sent a malformed picture"),
               uri, RENDER_HELPER);
  return NULL;
}

static GdkPixbuf *
decode_in_helper (const char  *helper,
                  GBytes      *data,
                  const char  *uri,
                  LoadState   *state,
                  GError     **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *width = g_strdup_printf ("%d", state->target_width);
  g_autofree char *height = g_strdup_printf ("%d", state->target_height);
  g_autofree char *message = NULL;
  int status;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, limit_helper, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &local_error, helper, width, height,
                                         state->fit == SC_IMAGE_FIT_COVER ? "cover" : "contain",
                                         uri, NULL);
  if (process == NULL ||
      !g_subprocess_communicate (process, data, NULL, &out, &err, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot load image “%s”: the image renderer (%s) could not run: %s"),
                   uri, helper, local_error->message);
      return NULL;
    }

  if (g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0)
    return parse_rendered (out, uri, error);

  /* Its own message, the last line of its stderr, names the image and the
   * reason as ours would, in the user's language; the status says it is one. */
  if (err != NULL && g_bytes_get_size (err) > 0)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (err, NULL), g_bytes_get_size (err));
      const char *line = strrchr (g_strstrip (text), '\n');

      message = g_strdup (line != NULL ? line + 1 : text);
    }
  status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  if (status >= RENDER_STATUS_IO_ERROR && message != NULL && message[0] != '\0' &&
      g_utf8_validate (message, -1, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, status - RENDER_STATUS_IO_ERROR, message);
      return NULL;
    }
  if (g_subprocess_get_if_signaled (process))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("Cannot load image “%s”: the image renderer (%s) was stopped by signal %d%s"),
                 uri, RENDER_HELPER, g_subprocess_get_term_sig (process),
                 g_subprocess_get_term_sig (process) == SIGXCPU
                 ? _(" (it took too long)") : "");
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("Cannot load image “%s”: the image renderer (%s) failed with status %d"),
                 uri, RENDER_HELPER, status);
  return NULL;
}

static GdkPixbuf *
decode (GFile      *file,
        const char *uri,
        LoadState  *state,
        GError    **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GByteArray) svg = NULL;
  g_autofree guint8 *buffer = NULL;
  GError *local_error = NULL;
  const char *helper = render_helper ();
  goffset total = 0;
  gboolean closed = FALSE;

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      prefix_error (error, uri, local_error);
      g_error_free (local_error);
      return NULL;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("Cannot load image “%s”: it is not a regular file"), uri);
      return NULL;
    }

  if (g_file_info_get_size (info) > SC_IMAGE_MAX_FILE_SIZE)
    {
      g_autofree char *size = g_format_size (g_file_info_get_size (info));
      g_autofree char *limit = g_format_size (SC_IMAGE_MAX_FILE_SIZE);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Cannot load image “%s”: the file is %s, larger than the %s limit"),
                   uri, size, limit);
      return NULL;
    }

  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      prefix_error (error, uri, local_error);
      g_error_free (local_error);
      return NULL;
    }

  loader = new_loader (state);

  buffer = g_malloc (64 * 1024);
  for (;;)
    {
      gssize n_read = g_input_stream_read (G_INPUT_STREAM (stream), buffer, 64 * 1024,
                                           NULL, &local_error);

      if (n_read < 0)
        break;
      if (n_read == 0)
        {
          if (svg == NULL)
            closed = gdk_pixbuf_loader_close (loader, &local_error);
          break;
        }

      /* The file may have grown since we looked at its size. */
      total += n_read;
      if (total > SC_IMAGE_MAX_FILE_SIZE)
        {
          g_autofree char *limit = g_format_size (SC_IMAGE_MAX_FILE_SIZE);

          gdk_pixbuf_loader_close (loader, NULL);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                       _("Cannot load image “%s”: the file is larger than the %s limit"),
                       uri, limit);
          return NULL;
        }

      if (total == n_read && helper != NULL && looks_like_svg (buffer, n_read, uri))
        svg = g_byte_array_new ();
      if (svg != NULL)
        {
          g_byte_array_append (svg, buffer, (guint)n_read);
          continue;
        }
      if (!gdk_pixbuf_loader_write (loader, buffer, n_read, &local_error) || state->too_large)
        break;
    }

  if (svg != NULL && local_error == NULL)
    {
      g_autoptr(GBytes) data = g_byte_array_free_to_bytes (g_steal_pointer (&svg));

      /* Nothing was written to the loader: closing it says nothing. */
      gdk_pixbuf_loader_close (loader, NULL);
      return decode_in_helper (helper, data, uri, state, error);
    }
  return finish_loader (loader, closed, local_error, uri, state, error);
}

/* GdkPixbuf is straight-alpha RGBA bytes; cairo wants premultiplied ARGB in
 * native-endian 32-bit words. */
static cairo_surface_t *
surface_from_pixbuf (GdkPixbuf *pixbuf)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  int src_stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *src = gdk_pixbuf_read_pixels (pixbuf);
  gboolean has_alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  cairo_surface_t *surface;
  guint8 *dst;
  int dst_stride;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;

  cairo_surface_flush (surface);
  dst = cairo_image_surface_get_data (surface);
  dst_stride = cairo_image_surface_get_stride (surface);

  for (int y = 0; y < height; y++)
    {
      const guint8 *s = src + (gsize)y * src_stride;
      guint32 *d = (guint32 *)(gpointer)(dst + (gsize)y * dst_stride);

      for (int x = 0; x < width; x++, s += n_channels)
        {
          guint a = has_alpha ? s[3] : 255;
          guint r = (s[0] * a + 127) / 255;
          guint g = (s[1] * a + 127) / 255;
          guint b = (s[2] * a + 127) / 255;

          d[x] = (a << 24) | (r << 16) | (g << 8) | b;
        }
    }

  cairo_surface_mark_dirty (surface);
  return surface;
}

static cairo_surface_t *
fit_surface (cairo_surface_t *image,
             int              width,
             int              height,
             ScImageFit       fit)
{
  int image_width = cairo_image_surface_get_width (image);
  int image_height = cairo_image_surface_get_height (image);
  double scale_x = (double)width / image_width;
  double scale_y = (double)height / image_height;
  double scale = fit == SC_IMAGE_FIT_COVER ? MAX (scale_x, scale_y) : MIN (scale_x, scale_y);
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  cairo_translate (cr, (width - image_width * scale) / 2.0, (height - image_height * scale) / 2.0);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  /* Pad so the edge pixels do not fade into the transparent outside. */
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_rectangle (cr, 0, 0, image_width, image_height);
  cairo_fill (cr);
  cairo_destroy (cr);

  return surface;
}

cairo_surface_t *
sc_image_load (const char  *uri,
               int          width,
               int          height,
               ScImageFit   fit,
               GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  cairo_surface_t *image;
  cairo_surface_t *fitted;
  LoadState state = { 0 };

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = file_for_uri (uri, error);
  if (file == NULL)
    return NULL;

  state.target_width = width;
  state.target_height = height;
  state.fit = fit;
  pixbuf = decode (file, uri, &state, error);
  if (pixbuf == NULL)
    return NULL;

  image = surface_from_pixbuf (pixbuf);
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot load image “%s”: %s"),
                   uri, cairo_status_to_string (cairo_surface_status (image)));
      cairo_surface_destroy (image);
      return NULL;
    }

  fitted = fit_surface (image, width, height, fit);
  cairo_surface_destroy (image);

  return fitted;
}

GdkPixbuf *
sc_image_load_pixbuf (const char  *uri,
                      int          max_width,
                      int          max_height,
                      GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  LoadState state = { 0 };
  double scale;
  int width;
  int height;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (max_width > 0 && max_height > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = file_for_uri (uri, error);
  if (file == NULL)
    return NULL;

  state.target_width = max_width;
  state.target_height = max_height;
  state.fit = SC_IMAGE_FIT_CONTAIN;
  pixbuf = decode (file, uri, &state, error);
  if (pixbuf == NULL)
    return NULL;

  /* Decoding only ever scales down; a small image is scaled up to fit too. */
  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  scale = MIN ((double)max_width / width, (double)max_height / height);
  if (fabs (scale - 1.0) < 0.01)
    return g_steal_pointer (&pixbuf);
  return gdk_pixbuf_scale_simple (pixbuf, MAX (1, (int)(width * scale)),
                                  MAX (1, (int)(height * scale)), GDK_INTERP_BILINEAR);
}

typedef struct {
  char            *key;
  char            *uri;
  cairo_surface_t *surface;   /* NULL: loading, or the image failed */
  gboolean         loading;
} CacheEntry;

/* A small most-recently-used list: a show pins a few dozen products at most,
 * and an old product's image is cheap to load again if it comes back. Loads
 * run in worker threads; the cache is reference counted so a load that
 * finishes after the cache was freed finds it marked dead. */
struct _ScSurfaceCache
{
  GQueue                entries;   /* of CacheEntry, most recently used first */
  guint                 max_entries;
  guint                 loading;
  gboolean              dead;
  ScSurfaceCacheLoaded  loaded;
  gpointer              user_data;
  GCancellable         *cancellable;
};

typedef struct {
  char       *key;
  char       *uri;
  int         width;
  int         height;
  ScImageFit  fit;
} LoadJob;

static void
load_job_free (gpointer data)
{
  LoadJob *job = data;

  g_free (job->key);
  g_free (job->uri);
  g_free (job);
}

static void
cache_entry_free (gpointer data)
{
  CacheEntry *entry = data;

  g_free (entry->key);
  g_free (entry->uri);
  g_clear_pointer (&entry->surface, cairo_surface_destroy);
  g_free (entry);
}

static void
cache_clear (ScSurfaceCache *cache)
{
  g_queue_clear_full (&cache->entries, cache_entry_free);
  g_clear_object (&cache->cancellable);
}

static ScSurfaceCache *
cache_ref (ScSurfaceCache *cache)
{
  return g_rc_box_acquire (cache);
}

static void
cache_unref (ScSurfaceCache *cache)
{
  g_rc_box_release_full (cache, (GDestroyNotify)cache_clear);
}

ScSurfaceCache *
sc_surface_cache_new (guint                 max_entries,
                      ScSurfaceCacheLoaded  loaded,
                      gpointer              user_data)
{
  ScSurfaceCache *cache = g_rc_box_new0 (ScSurfaceCache);

  g_queue_init (&cache->entries);
  cache->max_entries = MAX (max_entries, 1);
  cache->loaded = loaded;
  cache->user_data = user_data;
  cache->cancellable = g_cancellable_new ();

  return cache;
}

void
sc_surface_cache_free (ScSurfaceCache *cache)
{
  if (cache == NULL)
    return;

  cache->dead = TRUE;
  cache->loaded = NULL;
  g_cancellable_cancel (cache->cancellable);
  cache_unref (cache);
}

static void
trim (ScSurfaceCache *cache)
{
  GList *l = cache->entries.tail;

  /* Loads under way stay: their result has somewhere to go. */
  while (cache->entries.length > cache->max_entries && l != NULL)
    {
      GList *prev = l->prev;
      CacheEntry *entry = l->data;

      if (!entry->loading)
        {
          cache_entry_free (entry);
          g_queue_delete_link (&cache->entries, l);
        }
      l = prev;
    }
}

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  LoadJob *job = task_data;
  GError *error = NULL;
  cairo_surface_t *surface = sc_image_load (job->uri, job->width, job->height, job->fit, &error);

  if (surface != NULL)
    g_task_return_pointer (task, surface, (GDestroyNotify)cairo_surface_destroy);
  else
    g_task_return_error (task, error);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ScSurfaceCache *cache = user_data;
  LoadJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  CacheEntry *found = NULL;

  /* After sc_surface_cache_free() the task is cancelled: NULL here, and a
   * decoded surface goes with the task. */
  surface = g_task_propagate_pointer (G_TASK (result), &error);
  if (cache->dead)
    {
      g_clear_pointer (&surface, cairo_surface_destroy);
      cache_unref (cache);
      return;
    }
  cache->loading--;
  for (GList *l = cache->entries.head; l != NULL; l = l->next)
    {
      CacheEntry *entry = l->data;

      if (entry->loading && g_str_equal (entry->key, job->key))
        {
          found = entry;
          break;
        }
    }
  if (found != NULL)
    {
      found->loading = FALSE;
      found->surface = g_steal_pointer (&surface);
    }
  g_clear_pointer (&surface, cairo_surface_destroy);
  trim (cache);
  if (found != NULL && cache->loaded != NULL)
    cache->loaded (job->uri, error, cache->user_data);
  cache_unref (cache);
}

cairo_surface_t *
sc_surface_cache_lookup (ScSurfaceCache *cache,
                         const char     *uri,
                         int             width,
                         int             height,
                         ScImageFit      fit)
{
  g_autofree char *key = NULL;
  g_autoptr(GTask) task = NULL;
  CacheEntry *entry;
  LoadJob *job;

  g_return_val_if_fail (cache != NULL, NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  key = g_strdup_printf ("%dx%d:%d:%s", width, height, (int)fit, uri);

  for (GList *l = cache->entries.head; l != NULL; l = l->next)
    {
      entry = l->data;
      if (g_str_equal (entry->key, key))
        {
          g_queue_unlink (&cache->entries, l);
          g_queue_push_head_link (&cache->entries, l);
          return entry->surface ? cairo_surface_reference (entry->surface) : NULL;
        }
      /* A file that failed at one size fails at every size: report it once.
       * One load of a file at a time, so a failure is found once too. */
      if (entry->surface == NULL && g_str_equal (entry->uri, uri))
        return NULL;
    }

  entry = g_new0 (CacheEntry, 1);
  entry->key = g_strdup (key);
  entry->uri = g_strdup (uri);
  entry->loading = TRUE;
  g_queue_push_head (&cache->entries, entry);
  trim (cache);

  job = g_new0 (LoadJob, 1);
  job->key = g_steal_pointer (&key);
  job->uri = g_strdup (uri);
  job->width = width;
  job->height = height;
  job->fit = fit;
  cache->loading++;
  task = g_task_new (NULL, cache->cancellable, loaded_cb, cache_ref (cache));
  g_task_set_source_tag (task, sc_surface_cache_lookup);
  g_task_set_task_data (task, job, load_job_free);
  g_task_run_in_thread (task, load_in_thread);
  return NULL;
}

guint
sc_surface_cache_get_loading (ScSurfaceCache *cache)
{
  g_return_val_if_fail (cache != NULL, 0);
  return cache->loading;
}

void
sc_surface_cache_forget_failures (ScSurfaceCache *cache)
{
  GList *l;

  g_return_if_fail (cache != NULL);

  l = cache->entries.head;
  while (l != NULL)
    {
      GList *next = l->next;
      CacheEntry *entry = l->data;

      if (entry->surface == NULL && !entry->loading)
        {
          cache_entry_free (entry);
          g_queue_delete_link (&cache->entries, l);
        }
      l = next;
    }
}
