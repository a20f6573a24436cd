/* test-image-cache.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "shop/sc-image-cache.h"
#include "shop/sc-shop-error.h"

/* A real 1 × 1 PNG. */
static const guint8 tiny_png[] = {
  0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
  0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
  0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
  0x42, 0x60, 0x82,
};

/* Headers only: what the size check reads. */
static const guint8 wide_png[] = {
  0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x13, 0x88, 0x00, 0x00, 0x00, 0x0A, 0x08, 0x06, 0x00, 0x00, 0x00,
};
static const guint8 small_jpeg[] = {
  0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
  0x00, 0x01, 0x00, 0x00, 0xFF, 0xDB, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08,
  0x00, 0x20, 0x00, 0x40, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xFF, 0xD9,
};
static const guint8 tall_jpeg[] = {
  0xFF, 0xD8, 0xFF, 0xC2, 0x00, 0x11, 0x08, 0x20, 0x00, 0x00, 0x40, 0x03, 0x01, 0x22, 0x00,
  0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xFF, 0xD9,
};
static const guint8 small_gif[] = {
  'G', 'I', 'F', '8', '9', 'a', 0x40, 0x00, 0x20, 0x00, 0x80, 0x00, 0x00, 0x3B,
};
static const guint8 wide_webp[] = {
  'R', 'I', 'F', 'F', 0x16, 0x00, 0x00, 0x00, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'X',
  0x0A, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x87, 0x13, 0x00, 0x09, 0x00, 0x00,
};
static const guint8 small_webp[] = {
  'R', 'I', 'F', 'F', 0x1A, 0x00, 0x00, 0x00, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'L',
  0x0D, 0x00, 0x00, 0x00, 0x2F, 0x3F, 0xC0, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

typedef struct {
  char        *dir;
  SoupServer  *server;
  guint        port;
  GHashTable  *hits;      /* path -> count */
  guint        slow_now;
  guint        slow_max;
} Fixture;

static void
serve (SoupServerMessage *msg,
       const char        *type,
       const guint8      *data,
       gsize              length)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, type, SOUP_MEMORY_COPY, (const char *)data, length);
}

typedef struct {
  Fixture           *fixture;
  SoupServerMessage *msg;
} Slow;

static gboolean
finish_slow (gpointer user_data)
{
  Slow *slow = user_data;

  slow->fixture->slow_now--;
  serve (slow->msg, "image/png", tiny_png, sizeof tiny_png);
  soup_server_message_unpause (slow->msg);
  g_object_unref (slow->msg);
  g_free (slow);
  return G_SOURCE_REMOVE;
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *fixture = user_data;
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (fixture->hits, path));

  g_hash_table_replace (fixture->hits, g_strdup (path), GUINT_TO_POINTER (count + 1));

  if (g_str_equal (path, "/good.png"))
    serve (msg, "image/png", tiny_png, sizeof tiny_png);
  else if (g_str_equal (path, "/wide.png"))
    serve (msg, "image/png", wide_png, sizeof wide_png);
  else if (g_str_equal (path, "/small.jpg"))
    serve (msg, "image/jpeg", small_jpeg, sizeof small_jpeg);
  else if (g_str_equal (path, "/tall.jpg"))
    serve (msg, "image/jpeg", tall_jpeg, sizeof tall_jpeg);
  else if (g_str_equal (path, "/small.gif"))
    serve (msg, "image/gif", small_gif, sizeof small_gif);
  else if (g_str_equal (path, "/small.webp"))
    serve (msg, "image/webp", small_webp, sizeof small_webp);
  else if (g_str_equal (path, "/wide.webp"))
    serve (msg, "image/webp", wide_webp, sizeof wide_webp);
  else if (g_str_equal (path, "/page.html"))
    serve (msg, "text/html", (const guint8 *)"<html></html>", 13);
  else if (g_str_equal (path, "/lying.png"))
    serve (msg, "image/png", (const guint8 *)"<html></html>", 13);
  else if (g_str_equal (path, "/big-length.png"))
    {
      gsize size = SC_IMAGE_CACHE_MAX_BYTES + 1;
      guint8 *data = g_malloc0 (size);

      memcpy (data, tiny_png, sizeof tiny_png);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_TAKE, (char *)data, size);
    }
  else if (g_str_equal (path, "/big-chunked.png"))
    {
      SoupMessageBody *body = soup_server_message_get_response_body (msg);

      soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                         SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                             "image/png", NULL);
      soup_message_body_append (body, SOUP_MEMORY_COPY, tiny_png, sizeof tiny_png);
      for (guint i = 0; i < 11; i++)
        {
          g_autoptr(GBytes) chunk = g_bytes_new_take (g_malloc0 (1024 * 1024), 1024 * 1024);

          soup_message_body_append_bytes (body, chunk);
        }
      soup_message_body_complete (body);
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
    }
  else if (g_str_has_prefix (path, "/slow/"))
    {
      Slow *slow = g_new0 (Slow, 1);

      slow->fixture = fixture;
      slow->msg = g_object_ref (msg);
      fixture->slow_now++;
      fixture->slow_max = MAX (fixture->slow_max, fixture->slow_now);
      soup_server_message_pause (msg);
      g_timeout_add (100, finish_slow, slow);
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fixture->dir = g_dir_make_tmp ("shopcast-images-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, NULL, handler, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  soup_server_disconnect (fixture->server);
  g_clear_object (&fixture->server);
  g_hash_table_unref (fixture->hits);
  rm_rf (fixture->dir);
  g_free (fixture->dir);
}

static char *
url_for (Fixture    *fixture,
         const char *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", fixture->port, path);
}

static guint
hits (Fixture    *fixture,
      const char *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (fixture->hits, path));
}

typedef struct {
  guint   pending;
  char   *uri;
  GError *error;
} Fetch;

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;

  uri = sc_image_cache_fetch_finish (SC_IMAGE_CACHE (source), result, &error);
  if (fetch->uri == NULL && uri != NULL)
    fetch->uri = g_steal_pointer (&uri);
  if (fetch->error == NULL && error != NULL)
    fetch->error = g_steal_pointer (&error);
  fetch->pending--;
}

static char *
fetch (ScImageCache  *cache,
       const char    *url,
       GError       **error)
{
  Fetch state = { 1, NULL, NULL };

  sc_image_cache_fetch_async (cache, url, NULL, on_fetched, &state);
  while (state.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  if (state.error != NULL)
    g_propagate_error (error, state.error);
  return state.uri;
}

static void
test_good (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(ScImageCache) cache = sc_image_cache_new (fixture->dir);
  g_autoptr(ScImageCache) later = NULL;
  g_autofree char *url = url_for (fixture, "/good.png");
  g_autofree char *uri = NULL;
  g_autofree char *again = NULL;
  g_autofree char *looked_up = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);
  g_autofree char *expected = g_build_filename (fixture->dir, "images", name, NULL);
  g_autoptr(GError) error = NULL;
  Fetch both = { 2, NULL, NULL };
  gsize length;

  g_assert_null (sc_image_cache_lookup (cache, url));

  /* Two requests at once share one download. */
  sc_image_cache_fetch_async (cache, url, NULL, on_fetched, &both);
  sc_image_cache_fetch_async (cache, url, NULL, on_fetched, &both);
  while (both.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (both.error);
  uri = g_steal_pointer (&both.uri);
  g_assert_cmpuint (hits (fixture, "/good.png"), ==, 1);

  path = g_filename_from_uri (uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, expected);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, tiny_png, sizeof tiny_png);

  /* Once on disk, served from there, also by a later cache object. */
  again = fetch (cache, url, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, uri);
  later = sc_image_cache_new (fixture->dir);
  looked_up = sc_image_cache_lookup (later, url);
  g_assert_cmpstr (looked_up, ==, uri);
  g_clear_pointer (&again, g_free);
  again = fetch (later, url, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits (fixture, "/good.png"), ==, 1);
}

static void
test_formats (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(ScImageCache) cache = sc_image_cache_new (fixture->dir);
  const char *good[] = { "/small.jpg", "/small.gif", "/small.webp" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *url = url_for (fixture, good[i]);
      g_autofree char *uri = NULL;
      g_autoptr(GError) error = NULL;

      uri = fetch (cache, url, &error);
      g_assert_no_error (error);
      g_assert_true (g_str_has_prefix (uri, "file://"));
    }
}

static void
assert_refused (Fixture    *fixture,
                const char *path,
                int         code,
                const char *fragment)
{
  g_autoptr(ScImageCache) cache = sc_image_cache_new (fixture->dir);
  g_autofree char *url = g_str_has_prefix (path, "/") ? url_for (fixture, path) : g_strdup (path);
  g_autofree char *uri = NULL;
  g_autofree char *name = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);
  g_autofree char *file = g_build_filename (fixture->dir, "images", name, NULL);
  g_autoptr(GError) error = NULL;

  uri = fetch (cache, url, &error);
  g_assert_null (uri);
  g_assert_error (error, SC_SHOP_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, fragment));
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  assert_refused (fixture, "/big-length.png", SC_SHOP_ERROR_INVALID_DATA, "larger than");
  assert_refused (fixture, "/big-chunked.png", SC_SHOP_ERROR_INVALID_DATA, "larger than");
  assert_refused (fixture, "/wide.png", SC_SHOP_ERROR_INVALID_DATA, "5000 × 10");
  assert_refused (fixture, "/tall.jpg", SC_SHOP_ERROR_INVALID_DATA, "64 × 8192");
  assert_refused (fixture, "/wide.webp", SC_SHOP_ERROR_INVALID_DATA, "5000 × 10");
  assert_refused (fixture, "/page.html", SC_SHOP_ERROR_INVALID_DATA, "not an image (text/html)");
  assert_refused (fixture, "/lying.png", SC_SHOP_ERROR_INVALID_DATA, "not a PNG, JPEG");
  assert_refused (fixture, "/missing.png", SC_SHOP_ERROR_NOT_FOUND, "404");
  /* Refused before any request. */
  assert_refused (fixture, "ftp://127.0.0.1/x.png", SC_SHOP_ERROR_INVALID_DATA, "https");
  assert_refused (fixture, "http://cdn.example/x.png", SC_SHOP_ERROR_INVALID_DATA, "https");
  assert_refused (fixture, "not a url", SC_SHOP_ERROR_INVALID_DATA, "not a valid address");
}

/* A broken image is not fetched again on every pin. */
static void
test_failure_remembered (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(ScImageCache) cache = sc_image_cache_new (fixture->dir);
  g_autofree char *url = url_for (fixture, "/missing.png");

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = fetch (cache, url, &error);

      g_assert_error (error, SC_SHOP_ERROR, SC_SHOP_ERROR_NOT_FOUND);
      g_assert_null (uri);
    }
  g_assert_cmpuint (hits (fixture, "/missing.png"), ==, 1);
}

static void
test_four_at_a_time (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(ScImageCache) cache = sc_image_cache_new (fixture->dir);
  Fetch all = { 10, NULL, NULL };

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *path = g_strdup_printf ("/slow/%u.png", i);
      g_autofree char *url = url_for (fixture, path);

      sc_image_cache_fetch_async (cache, url, NULL, on_fetched, &all);
    }
  while (all.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (all.error);
  g_free (all.uri);
  g_assert_cmpuint (fixture->slow_max, >=, 2);
  g_assert_cmpuint (fixture->slow_max, <=, 4);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(ScImageCache) cache = sc_image_cache_new (fixture->dir);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *url = url_for (fixture, "/slow/cancel.png");
  g_autofree char *name = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);
  g_autofree char *path = g_build_filename (fixture->dir, "images", name, NULL);
  g_autofree char *uri = NULL;
  Fetch state = { 1, NULL, NULL };

  sc_image_cache_fetch_async (cache, url, cancellable, on_fetched, &state);
  g_cancellable_cancel (cancellable);
  while (state.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&state.error);

  /* The download itself went on: the next pin finds it on disk. */
  while (fixture->slow_now > 0 || !g_file_test (path, G_FILE_TEST_EXISTS))
    g_main_context_iteration (NULL, TRUE);
  uri = sc_image_cache_lookup (cache, url);
  g_assert_nonnull (uri);
}

/* The fetch's task may hold the last reference to the cache: answering it
 * then finalizes the cache, and the failure is still remembered first
 * (AddressSanitizer saw a use after free here). */
static void
test_last_reference (Fixture       *fixture,
                     gconstpointer  data)
{
  ScImageCache *cache = sc_image_cache_new (fixture->dir);
  g_autofree char *url = url_for (fixture, "/missing.png");
  Fetch state = { 1, NULL, NULL };

  g_object_add_weak_pointer (G_OBJECT (cache), (gpointer *)&cache);
  sc_image_cache_fetch_async (cache, url, NULL, on_fetched, &state);
  g_object_unref (cache);
  g_assert_nonnull (cache);
  while (state.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (state.error, SC_SHOP_ERROR, SC_SHOP_ERROR_NOT_FOUND);
  g_clear_error (&state.error);
  g_assert_null (state.uri);
  while (cache != NULL && g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (cache);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/shop/images/good", Fixture, NULL,
              fixture_set_up, test_good, fixture_tear_down);
  g_test_add ("/shop/images/formats", Fixture, NULL,
              fixture_set_up, test_formats, fixture_tear_down);
  g_test_add ("/shop/images/refused", Fixture, NULL,
              fixture_set_up, test_refused, fixture_tear_down);
  g_test_add ("/shop/images/failure-remembered", Fixture, NULL,
              fixture_set_up, test_failure_remembered, fixture_tear_down);
  g_test_add ("/shop/images/four-at-a-time", Fixture, NULL,
              fixture_set_up, test_four_at_a_time, fixture_tear_down);
  g_test_add ("/shop/images/cancel", Fixture, NULL,
              fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/shop/images/last-reference", Fixture, NULL,
              fixture_set_up, test_last_reference, fixture_tear_down);

  return g_test_run ();
}
