/* sc-image-cache.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-image-cache"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "base/sc-redact.h"

#include "sc-image-cache.h"
#include "sc-shop-error.h"

#define MAX_DOWNLOADS  4
#define READ_CHUNK     (64 * 1024)
#define TIMEOUT_S      30

struct _ScImageCache
{
  GObject       parent_instance;

  char         *dir;          /* <cache_dir>/images */
  SoupSession  *session;
  GCancellable *cancellable;  /* every download; cancelled in dispose */
  GHashTable   *downloads;    /* URL -> Download *, queued or running */
  GQueue        queue;        /* Download *, waiting for a slot */
  guint         active;
  GHashTable   *failures;     /* URL -> GError *: what retrying cannot fix */
};

G_DEFINE_FINAL_TYPE (ScImageCache, sc_image_cache, G_TYPE_OBJECT)

typedef struct _Download Download;

/* One caller of sc_image_cache_fetch_async() waiting for a download. */
typedef struct {
  GTask    *task;           /* NULL once answered */
  GSource  *cancel_source;  /* answers the caller at once when it cancels */
} Waiter;

struct _Download
{
  ScImageCache *self;         /* borrowed: valid while @cancellable is not cancelled */
  GCancellable *cancellable;
  char         *url;
  char         *path;
  GPtrArray    *waiters;      /* Waiter * */
  SoupMessage  *msg;
  GInputStream *stream;
  GByteArray   *data;
};

static void
waiter_free (Waiter *waiter)
{
  if (waiter->cancel_source != NULL)
    {
      g_source_destroy (waiter->cancel_source);
      g_source_unref (waiter->cancel_source);
    }
  g_clear_object (&waiter->task);
  g_free (waiter);
}

static void
download_free (Download *download)
{
  g_object_unref (download->cancellable);
  g_free (download->url);
  g_free (download->path);
  g_ptr_array_unref (download->waiters);
  g_clear_object (&download->msg);
  g_clear_object (&download->stream);
  g_clear_pointer (&download->data, g_byte_array_unref);
  g_free (download);
}

static void
download_answer (Download     *download,
                 const char   *uri,
                 const GError *error)
{
  for (guint i = 0; i < download->waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (download->waiters, i);

      if (waiter->task == NULL)
        continue;
      if (error != NULL)
        g_task_return_error (waiter->task, g_error_copy (error));
      else
        g_task_return_pointer (waiter->task, g_strdup (uri), g_free);
      g_clear_object (&waiter->task);
    }
}

static void
sc_image_cache_dispose (GObject *object)
{
  ScImageCache *self = (ScImageCache *)object;
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                 "The image cache was closed");
  GHashTableIter iter;
  Download *download;

  g_hash_table_iter_init (&iter, self->downloads);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&download))
    download_answer (download, NULL, error);
  g_hash_table_remove_all (self->downloads);
  /* Running downloads free themselves when they see the cancellation. */
  g_cancellable_cancel (self->cancellable);
  g_queue_clear_full (&self->queue, (GDestroyNotify)download_free);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sc_image_cache_parent_class)->dispose (object);
}

static void
sc_image_cache_finalize (GObject *object)
{
  ScImageCache *self = (ScImageCache *)object;

  g_free (self->dir);
  g_clear_object (&self->cancellable);
  g_hash_table_unref (self->downloads);
  g_hash_table_unref (self->failures);

  G_OBJECT_CLASS (sc_image_cache_parent_class)->finalize (object);
}

static void
sc_image_cache_class_init (ScImageCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_image_cache_dispose;
  object_class->finalize = sc_image_cache_finalize;
}

static void
sc_image_cache_init (ScImageCache *self)
{
  self->cancellable = g_cancellable_new ();
  self->downloads = g_hash_table_new (g_str_hash, g_str_equal);
  self->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)g_error_free);
  g_queue_init (&self->queue);
  self->session = soup_session_new_with_options ("max-conns", MAX_DOWNLOADS,
                                                 "max-conns-per-host", MAX_DOWNLOADS,
                                                 "timeout", TIMEOUT_S,
                                                 "user-agent", "Shopcast/" PACKAGE_VERSION,
                                                 NULL);
}

ScImageCache *
sc_image_cache_new (const char *cache_dir)
{
  ScImageCache *self = g_object_new (SC_TYPE_IMAGE_CACHE, NULL);

  if (cache_dir != NULL && cache_dir[0] != '\0')
    self->dir = g_build_filename (cache_dir, "images", NULL);
  else
    self->dir = g_build_filename (g_get_user_data_dir (), "shopcast", "images", NULL);
  return self;
}

static char *
path_for_url (ScImageCache *self,
              const char   *url)
{
  g_autofree char *name = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);

  return g_build_filename (self->dir, name, NULL);
}

char *
sc_image_cache_lookup (ScImageCache *self,
                       const char   *url)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (SC_IS_IMAGE_CACHE (self), NULL);

  if (url == NULL)
    return NULL;
  path = path_for_url (self, url);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  return g_filename_to_uri (path, NULL, NULL);
}

/* Plain http only to this machine (test servers); a shop's CDN is https. */
static gboolean
check_uri (GUri        *uri,
           const char  *url,
           GError     **error)
{
  const char *scheme = g_uri_get_scheme (uri);
  const char *host = g_uri_get_host (uri);

  if (host == NULL || host[0] == '\0' ||
      (g_ascii_strcasecmp (scheme, "https") != 0 &&
       !(g_ascii_strcasecmp (scheme, "http") == 0 && sc_host_is_loopback (host))))
    {
      g_set_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                   _("Product image %s: only https addresses are downloaded"), url);
      return FALSE;
    }
  return TRUE;
}

static guint32
read_be32 (const guint8 *p)
{
  return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

static guint
read_le16 (const guint8 *p)
{
  return (guint)p[0] | (guint)p[1] << 8;
}

static guint32
read_le24 (const guint8 *p)
{
  return (guint32)p[0] | (guint32)p[1] << 8 | (guint32)p[2] << 16;
}

static gboolean
jpeg_size (const guint8 *data,
           gsize         len,
           guint32      *width,
           guint32      *height)
{
  gsize i = 2;

  while (i + 4 <= len)
    {
      guint8 marker;
      gsize segment;

      if (data[i] != 0xFF)
        return FALSE;
      marker = data[i + 1];
      if (marker == 0xFF)
        {
          i++;
          continue;
        }
      i += 2;
      /* Markers without a length. */
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8))
        continue;
      /* Image data or the end before any frame header. */
      if (marker == 0xD9 || marker == 0xDA)
        return FALSE;
      segment = (gsize)data[i] << 8 | data[i + 1];
      if (segment < 2)
        return FALSE;
      /* SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC). */
      if (marker >= 0xC0 && marker <= 0xCF &&
          marker != 0xC4 && marker != 0xC8 && marker != 0xCC)
        {
          if (i + 7 > len)
            return FALSE;
          *height = (guint32)data[i + 3] << 8 | data[i + 4];
          *width = (guint32)data[i + 5] << 8 | data[i + 6];
          return TRUE;
        }
      i += segment;
    }
  return FALSE;
}

/* Reads the picture size from the file header, so an image too big to
 * decode on a live show is refused without decoding it. */
static gboolean
image_size (const guint8 *data,
            gsize         len,
            guint32      *width,
            guint32      *height)
{
  static const guint8 png_signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

  if (len >= 24 && memcmp (data, png_signature, sizeof png_signature) == 0 &&
      memcmp (data + 12, "IHDR", 4) == 0)
    {
      *width = read_be32 (data + 16);
      *height = read_be32 (data + 20);
      return TRUE;
    }
  if (len >= 10 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0))
    {
      *width = read_le16 (data + 6);
      *height = read_le16 (data + 8);
      return TRUE;
    }
  if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
    return jpeg_size (data, len, width, height);
  if (len >= 30 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    {
      if (memcmp (data + 12, "VP8 ", 4) == 0 &&
          data[23] == 0x9D && data[24] == 0x01 && data[25] == 0x2A)
        {
          *width = read_le16 (data + 26) & 0x3FFF;
          *height = read_le16 (data + 28) & 0x3FFF;
          return TRUE;
        }
      if (memcmp (data + 12, "VP8L", 4) == 0 && data[20] == 0x2F)
        {
          guint32 bits = (guint32)data[21] | (guint32)data[22] << 8 |
                         (guint32)data[23] << 16 | (guint32)data[24] << 24;

          *width = (bits & 0x3FFF) + 1;
          *height = ((bits >> 14) & 0x3FFF) + 1;
          return TRUE;
        }
      if (memcmp (data + 12, "VP8X", 4) == 0)
        {
          *width = read_le24 (data + 24) + 1;
          *height = read_le24 (data + 27) + 1;
          return TRUE;
        }
    }
  return FALSE;
}

static void pump (ScImageCache *self);

/* Answers the waiters and frees @download; @permanent failures are
 * remembered so a broken image is not fetched again on every pin. */
static void
download_finish (Download   *download,
                 GError     *error,
                 gboolean    permanent)
{
  g_autoptr(ScImageCache) self = NULL;

  if (g_cancellable_is_cancelled (download->cancellable))
    {
      /* The cache was disposed: its waiters were answered then. */
      g_clear_error (&error);
      download_free (download);
      return;
    }
  /* A waiter's task may hold the last reference to the cache (its source
   * object): answering it must not finalize the cache under this function. */
  self = g_object_ref (download->self);

  if (error != NULL)
    g_message ("%s", error->message);

  if (error == NULL)
    {
      g_autofree char *uri = g_filename_to_uri (download->path, NULL, NULL);

      download_answer (download, uri, NULL);
    }
  else
    {
      download_answer (download, NULL, error);
      if (permanent)
        g_hash_table_replace (self->failures, g_strdup (download->url), g_error_copy (error));
    }
  g_clear_error (&error);

  g_hash_table_remove (self->downloads, download->url);
  self->active--;
  download_free (download);
  pump (self);
}

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Download *download = user_data;
  g_autoptr(GError) local_error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &local_error))
    {
      download_finish (download,
                       g_error_new (SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                                    _("Product image %s: cannot store it: %s"),
                                    download->url, local_error->message),
                       FALSE);
      return;
    }
  download_finish (download, NULL, FALSE);
}

static void
store (Download *download)
{
  g_autoptr(GFile) file = g_file_new_for_path (download->path);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *dir = g_path_get_dirname (download->path);
  guint32 width = 0, height = 0;

  if (!image_size (download->data->data, download->data->len, &width, &height) ||
      width == 0 || height == 0)
    {
      download_finish (download,
                       g_error_new (SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                                    _("Product image %s is not a PNG, JPEG, WebP or GIF image"),
                                    download->url),
                       TRUE);
      return;
    }
  if (width > SC_IMAGE_CACHE_MAX_SIDE || height > SC_IMAGE_CACHE_MAX_SIDE)
    {
      download_finish (download,
                       g_error_new (SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                                    _("Product image %s is %u × %u pixels; at most %u a side "
                                      "are shown"),
                                    download->url, width, height, SC_IMAGE_CACHE_MAX_SIDE),
                       TRUE);
      return;
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      download_finish (download,
                       g_error_new (SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                                    _("Cannot create the image cache folder %s: %s"),
                                    dir, g_strerror (saved_errno)),
                       FALSE);
      return;
    }

  /* Written to a temporary file and renamed: a half-written image is never
   * taken for a cached one. */
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&download->data));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                       download->cancellable, on_written, download);
}

static GError *
too_large_error (Download *download)
{
  g_autofree char *limit = g_format_size (SC_IMAGE_CACHE_MAX_BYTES);

  return g_error_new (SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                      _("Product image %s is larger than %s"), download->url, limit);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Download *download = user_data;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &local_error);
  if (bytes == NULL)
    {
      download_finish (download,
                       g_error_new (SC_SHOP_ERROR, SC_SHOP_ERROR_NETWORK,
                                    _("Product image %s: %s"), download->url,
                                    local_error->message),
                       FALSE);
      return;
    }
  if (g_bytes_get_size (bytes) == 0)
    {
      store (download);
      return;
    }
  /* Checked while reading too: a chunked answer has no length up front. */
  if (download->data->len + g_bytes_get_size (bytes) > SC_IMAGE_CACHE_MAX_BYTES)
    {
      download_finish (download, too_large_error (download), TRUE);
      return;
    }
  g_byte_array_append (download->data, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_input_stream_read_bytes_async (download->stream, READ_CHUNK, G_PRIORITY_LOW,
                                   download->cancellable, on_read, download);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Download *download = user_data;
  g_autoptr(GError) local_error = NULL;
  SoupMessageHeaders *headers;
  const char *content_type;
  GError *error = NULL;
  guint status;

  download->stream = soup_session_send_finish (SOUP_SESSION (source), result, &local_error);
  if (download->stream == NULL)
    {
      download_finish (download,
                       g_error_new (SC_SHOP_ERROR, SC_SHOP_ERROR_NETWORK,
                                    _("Product image %s: %s"), download->url,
                                    local_error->message),
                       FALSE);
      return;
    }

  /* A redirect may lead elsewhere: the same rule holds for where it ends. */
  if (!check_uri (soup_message_get_uri (download->msg), download->url, &error))
    {
      download_finish (download, error, TRUE);
      return;
    }

  status = soup_message_get_status (download->msg);
  if (status != SOUP_STATUS_OK)
    {
      int code = SC_SHOP_ERROR_INVALID_DATA;

      if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE)
        code = SC_SHOP_ERROR_NOT_FOUND;
      /* 429: too many requests, worth another try later. */
      else if (status >= 500 || status == 429)
        code = SC_SHOP_ERROR_NETWORK;
      download_finish (download,
                       g_error_new (SC_SHOP_ERROR, code, _("Product image %s: HTTP %u %s"),
                                    download->url, status,
                                    soup_message_get_reason_phrase (download->msg)),
                       code != SC_SHOP_ERROR_NETWORK);
      return;
    }

  headers = soup_message_get_response_headers (download->msg);
  content_type = soup_message_headers_get_content_type (headers, NULL);
  if (content_type == NULL || !g_str_has_prefix (content_type, "image/"))
    {
      download_finish (download,
                       g_error_new (SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                                    _("Product image %s is not an image (%s)"), download->url,
                                    content_type ? content_type : _("no content type")),
                       TRUE);
      return;
    }
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > SC_IMAGE_CACHE_MAX_BYTES)
    {
      download_finish (download, too_large_error (download), TRUE);
      return;
    }

  download->data = g_byte_array_new ();
  g_input_stream_read_bytes_async (download->stream, READ_CHUNK, G_PRIORITY_LOW,
                                   download->cancellable, on_read, download);
}

static void
pump (ScImageCache *self)
{
  Download *download;

  while (self->active < MAX_DOWNLOADS && (download = g_queue_pop_head (&self->queue)) != NULL)
    {
      self->active++;
      download->msg = soup_message_new (SOUP_METHOD_GET, download->url);
      soup_message_headers_replace (soup_message_get_request_headers (download->msg), "Accept",
                                    "image/png, image/jpeg, image/webp, image/gif");
      soup_session_send_async (self->session, download->msg, G_PRIORITY_LOW,
                               download->cancellable, on_sent, download);
    }
}

static gboolean
on_waiter_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  Waiter *waiter = user_data;

  /* The download goes on for other callers (and the next pin). */
  if (waiter->task != NULL)
    {
      g_task_return_error_if_cancelled (waiter->task);
      g_clear_object (&waiter->task);
    }
  g_clear_pointer (&waiter->cancel_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

void
sc_image_cache_fetch_async (ScImageCache        *self,
                            const char          *url,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const GError *failure;
  Download *download;
  Waiter *waiter;

  g_return_if_fail (SC_IS_IMAGE_CACHE (self));
  g_return_if_fail (url != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_image_cache_fetch_async);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      g_task_return_new_error (task, SC_SHOP_ERROR, SC_SHOP_ERROR_INVALID_DATA,
                               _("Product image %s: not a valid address"), url);
      return;
    }
  if (!check_uri (uri, url, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  path = path_for_url (self, url);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_task_return_pointer (task, g_filename_to_uri (path, NULL, NULL), g_free);
      return;
    }
  failure = g_hash_table_lookup (self->failures, url);
  if (failure != NULL)
    {
      g_task_return_error (task, g_error_copy (failure));
      return;
    }

  download = g_hash_table_lookup (self->downloads, url);
  if (download == NULL)
    {
      download = g_new0 (Download, 1);
      download->self = self;
      download->cancellable = g_object_ref (self->cancellable);
      download->url = g_strdup (url);
      download->path = g_steal_pointer (&path);
      download->waiters = g_ptr_array_new_with_free_func ((GDestroyNotify)waiter_free);
      g_hash_table_insert (self->downloads, download->url, download);
      g_queue_push_tail (&self->queue, download);
    }

  waiter = g_new0 (Waiter, 1);
  waiter->task = g_steal_pointer (&task);
  if (cancellable != NULL)
    {
      waiter->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (waiter->cancel_source, G_SOURCE_FUNC (on_waiter_cancelled),
                             waiter, NULL);
      g_source_attach (waiter->cancel_source, g_task_get_context (waiter->task));
    }
  g_ptr_array_add (download->waiters, waiter);

  pump (self);
}

char *
sc_image_cache_fetch_finish (ScImageCache  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (SC_IS_IMAGE_CACHE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
