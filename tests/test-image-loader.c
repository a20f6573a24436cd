/* test-image-loader.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "overlay/sc-image-loader.h"
#include "overlay/sc-overlay-scene.h"

static char *tmp_dir;

static guint32
crc32 (guint32       crc,
       const guint8 *data,
       gsize         len)
{
  static guint32 table[256];

  if (table[1] == 0)
    for (guint32 n = 0; n < 256; n++)
      {
        guint32 c = n;

        for (int k = 0; k < 8; k++)
          c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
      }
  crc ^= 0xffffffffu;
  for (gsize i = 0; i < len; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffffu;
}

static void
put_be32 (GByteArray *out,
          guint32     value)
{
  guint8 bytes[4] = { value >> 24, value >> 16, value >> 8, value };

  g_byte_array_append (out, bytes, 4);
}

static void
put_chunk (GByteArray   *out,
           const char   *type,
           const guint8 *data,
           gsize         len)
{
  guint32 crc = crc32 (0, (const guint8 *)type, 4);

  put_be32 (out, (guint32)len);
  g_byte_array_append (out, (const guint8 *)type, 4);
  if (len > 0)
    g_byte_array_append (out, data, (guint)len);
  crc = crc32 (crc, data, len);
  put_be32 (out, crc);
}

/* A PNG of @side x @side black RGB pixels with the first @rows rows of
 * pixel data: what its header promises is what a decoder allocates (1.2 GB
 * for 20000 x 20000, a 1.2 MB file in full); the loader must refuse it by
 * that header. Fewer rows keep the test quick: deflating 1.2 GB of zeros
 * takes seconds. */
static char *
write_black_png (const char *name,
                 guint32     side,
                 guint32     rows)
{
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 6);
  g_autoptr(GOutputStream) deflate = g_converter_output_stream_new (memory,
                                                                    G_CONVERTER (compressor));
  g_autofree guint8 *row = g_malloc0 (1 + (gsize)side * 3);
  g_autoptr(GError) error = NULL;
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 ihdr[13] = { side >> 24, side >> 16, side >> 8, side,
                      side >> 24, side >> 16, side >> 8, side, 8, 2, 0, 0, 0 };
  char *path = g_build_filename (tmp_dir, name, NULL);

  for (guint32 y = 0; y < rows; y++)
    {
      g_output_stream_write_all (deflate, row, 1 + (gsize)side * 3, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_output_stream_close (deflate, NULL, &error);
  g_assert_no_error (error);

  g_byte_array_append (png, signature, 8);
  put_chunk (png, "IHDR", ihdr, sizeof ihdr);
  put_chunk (png, "IDAT",
             g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (memory)),
             g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory)));
  put_chunk (png, "IEND", NULL, 0);
  g_file_set_contents (path, (const char *)png->data, png->len, &error);
  g_assert_no_error (error);
  return path;
}

static glong
max_rss_kb (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return usage.ru_maxrss;
}

/* The file is small; its header says 20000 x 20000: refused before decoding
 * (issue 9), with the size in the message, for the overlay and for video. */
static void
test_too_many_pixels (void)
{
  g_autofree char *path = write_black_png ("huge-pixels.png", 20000, 500);
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  glong rss_before;
  cairo_surface_t *surface;
  GdkPixbuf *pixbuf;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_test_message ("huge-pixels.png is %" G_GINT64_FORMAT " bytes", (gint64)st.st_size);
  g_assert_cmpint (st.st_size, <, 2 * 1000 * 1000);

  rss_before = max_rss_kb ();
  surface = sc_image_load (path, 400, 400, SC_IMAGE_FIT_COVER, &error);
  g_assert_null (surface);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "huge-pixels.png"));
  g_assert_nonnull (strstr (error->message, "20000 × 20000 pixels"));
  g_assert_nonnull (strstr (error->message, "4096"));
  g_clear_error (&error);

  pixbuf = sc_image_load_pixbuf (path, 1280, 720, &error);
  g_assert_null (pixbuf);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "20000 × 20000 pixels"));

  /* Nothing near the 1.2 GB a decode would take was ever allocated. */
  g_assert_cmpint (max_rss_kb () - rss_before, <, 100 * 1024);
  g_unlink (path);
}

static void
test_file_too_large (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "eleven-mb.png", NULL);
  g_autoptr(GError) error = NULL;
  int fd;

  /* Sparse: eleven megabytes on paper, nothing on disk. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 11 * 1000 * 1000), ==, 0);
  g_assert_true (g_close (fd, NULL));

  g_assert_null (sc_image_load_pixbuf (path, 1280, 720, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (error->message, "eleven-mb.png"));
  g_assert_nonnull (strstr (error->message, "limit"));
  g_unlink (path);
}

static char *
write_small_png (const char *name,
                 int         width,
                 int         height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  char *path = g_build_filename (tmp_dir, name, NULL);

  cairo_set_source_rgb (cr, 0.1, 0.3, 0.9);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

static void
test_pixbuf_fits (void)
{
  g_autofree char *path = write_small_png ("small.png", 320, 100);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = sc_image_load_pixbuf (path, 1280, 720, &error);

  g_assert_no_error (error);
  /* Scaled up to the width, the aspect kept. */
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 1280);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 400);
  g_unlink (path);
}

typedef struct {
  GThread *main_thread;
  guint    calls;
  char    *uri;
  GError  *error;
} Loaded;

static void
loaded_cb (const char   *uri,
           const GError *error,
           gpointer      user_data)
{
  Loaded *loaded = user_data;

  g_assert_true (g_thread_self () == loaded->main_thread);
  loaded->calls++;
  g_free (loaded->uri);
  loaded->uri = g_strdup (uri);
  g_clear_error (&loaded->error);
  if (error != NULL)
    loaded->error = g_error_copy (error);
}

/* The cache never decodes on the caller's thread: the first lookup starts a
 * worker and returns NULL (the placeholder); the callback says when it is in. */
static void
test_cache_async (void)
{
  g_autofree char *good = write_small_png ("good.png", 64, 64);
  g_autofree char *huge = write_black_png ("huge-cache.png", 8000, 100);
  Loaded loaded = { g_thread_self (), 0, NULL, NULL };
  ScSurfaceCache *cache = sc_surface_cache_new (8, loaded_cb, &loaded);
  cairo_surface_t *surface;

  g_assert_null (sc_surface_cache_lookup (cache, good, 32, 32, SC_IMAGE_FIT_COVER));
  g_assert_cmpuint (sc_surface_cache_get_loading (cache), ==, 1);
  /* The same image asked for again while it loads: still one load. */
  g_assert_null (sc_surface_cache_lookup (cache, good, 32, 32, SC_IMAGE_FIT_COVER));
  g_assert_cmpuint (sc_surface_cache_get_loading (cache), ==, 1);
  while (loaded.calls == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (loaded.error);
  g_assert_cmpstr (loaded.uri, ==, good);
  g_assert_cmpuint (sc_surface_cache_get_loading (cache), ==, 0);
  surface = sc_surface_cache_lookup (cache, good, 32, 32, SC_IMAGE_FIT_COVER);
  g_assert_nonnull (surface);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 32);
  cairo_surface_destroy (surface);

  /* A refused image is reported once, through the callback. */
  g_assert_null (sc_surface_cache_lookup (cache, huge, 32, 32, SC_IMAGE_FIT_COVER));
  while (loaded.calls == 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (loaded.error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (loaded.error->message, "8000 × 8000 pixels"));
  g_assert_null (sc_surface_cache_lookup (cache, huge, 64, 64, SC_IMAGE_FIT_COVER));
  g_assert_cmpuint (sc_surface_cache_get_loading (cache), ==, 0);

  /* Freed with a load under way: no callback after the free. */
  sc_surface_cache_forget_failures (cache);
  g_assert_null (sc_surface_cache_lookup (cache, huge, 32, 32, SC_IMAGE_FIT_COVER));
  sc_surface_cache_free (cache);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (loaded.calls, ==, 2);

  g_free (loaded.uri);
  g_clear_error (&loaded.error);
  g_unlink (good);
  g_unlink (huge);
}

static cairo_surface_t *
card_of (ScOverlayScene *scene)
{
  g_autoptr(GPtrArray) regions = sc_overlay_scene_render (scene);
  const ScRect *card = &sc_overlay_scene_get_geometry (scene)->card;

  for (guint i = 0; i < regions->len; i++)
    {
      ScOverlayRegion *region = g_ptr_array_index (regions, i);

      if (region->x == card->x)
        return cairo_surface_reference (region->surface);
    }
  g_assert_not_reached ();
}

static gboolean
same_pixels (cairo_surface_t *a,
             cairo_surface_t *b)
{
  int height = cairo_image_surface_get_height (a);
  int stride = cairo_image_surface_get_stride (a);

  cairo_surface_flush (a);
  cairo_surface_flush (b);
  return height == cairo_image_surface_get_height (b) &&
         stride == cairo_image_surface_get_stride (b) &&
         memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                 (gsize)height * stride) == 0;
}

static void
count_changed (ScOverlayScene *scene,
               guint          *changed)
{
  (*changed)++;
}

/* The product card never waits for its image: the first render draws the
 * placeholder (as for a product without one), the image decodes in a
 * worker, "changed" follows and the next render has it. */
static void
test_card_placeholder (void)
{
  g_autofree char *path = write_small_png ("product.png", 400, 300);
  g_autoptr(ScOverlayScene) scene = sc_overlay_scene_new (1280, 720);
  g_autoptr(ScOverlayScene) bare_scene = sc_overlay_scene_new (1280, 720);
  g_autoptr(ScProduct) product = sc_product_new ("p1", "Linen overshirt, sand");
  g_autoptr(ScProduct) bare = sc_product_new ("p1", "Linen overshirt, sand");
  cairo_surface_t *placeholder;
  cairo_surface_t *first;
  cairo_surface_t *loaded;
  guint changed = 0;

  sc_overlay_scene_set_product (bare_scene, bare);
  placeholder = card_of (bare_scene);

  sc_product_set_image_uri (product, path);
  sc_overlay_scene_set_product (scene, product);
  first = card_of (scene);
  g_assert_true (same_pixels (first, placeholder));
  g_assert_cmpuint (sc_overlay_scene_get_images_loading (scene), ==, 1);

  g_signal_connect (scene, "changed", G_CALLBACK (count_changed), &changed);
  while (sc_overlay_scene_get_images_loading (scene) > 0 || changed == 0)
    g_main_context_iteration (NULL, TRUE);
  loaded = card_of (scene);
  g_assert_false (same_pixels (loaded, placeholder));

  cairo_surface_destroy (placeholder);
  cairo_surface_destroy (first);
  cairo_surface_destroy (loaded);
  g_unlink (path);
}


/* SVG */

static char *
write_file (const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static gboolean
maps_contain (const char *needle)
{
  g_autofree char *maps = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, needle) != NULL;
}

/* ARGB32 of (x, y). */
static guint32
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guint8 *row = cairo_image_surface_get_data (surface) +
                      y * cairo_image_surface_get_stride (surface);
  guint32 pixel;

  memcpy (&pixel, row + 4 * x, 4);
  return pixel;
}

#define RED_SVG "<svg xmlns='http://www.w3.org/2000/svg' width='40' height='20'>" \
                "<rect width='40' height='20' fill='#ff0000'/></svg>"

static void
load_red_svg (void)
{
  g_autofree char *path = write_file ("red.svg", RED_SVG);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  cairo_surface_t *surface;

  /* Drawn at the size asked for, not at its own 40 × 20. */
  surface = sc_image_load (path, 80, 40, SC_IMAGE_FIT_CONTAIN, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 80);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 40);
  g_assert_cmphex (pixel_at (surface, 40, 20), ==, 0xffff0000);
  cairo_surface_destroy (surface);

  pixbuf = sc_image_load_pixbuf (path, 20, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 20);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 10);
  g_assert_cmpint (gdk_pixbuf_get_pixels (pixbuf)[0], ==, 0xff);
  g_assert_cmpint (gdk_pixbuf_get_pixels (pixbuf)[1], ==, 0x00);
  g_unlink (path);
}

/* The helper draws SVG: gdk-pixbuf's SVG loader (and librsvg with it)
 * never loads in the show's process. */
static void
test_svg_helper (void)
{
  if (g_test_subprocess ())
    {
      load_red_svg ();
      g_assert_false (maps_contain ("libpixbufloader-svg"));
      g_assert_false (maps_contain ("librsvg"));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Without the helper (not installed), SVG is decoded here, as before; the
 * check above is one that can fail. */
static void
test_svg_without_helper (void)
{
  if (g_test_subprocess ())
    {
      g_setenv ("SHOPCAST_LIBEXECDIR", tmp_dir, TRUE);
      load_red_svg ();
      g_assert_true (maps_contain ("libpixbufloader-svg"));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* What is wrong with an SVG comes back from the helper as it would have
 * been said here: which image, why, and the same error code. */
static void
test_svg_errors (void)
{
  g_autofree char *broken = write_file ("broken.svg", "<svg xmlns='http://www.w3.org/2000/svg'"
                                                      " width='10' height='10'><rect");
  g_autofree char *huge = write_file ("huge.svg",
                                      "<svg xmlns='http://www.w3.org/2000/svg' width='20000'"
                                      " height='300'><rect width='10' height='10'/></svg>");
  g_autofree char *not_svg = write_file ("not-svg.svg", "<html><body>Not found</body></html>");
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;

  surface = sc_image_load (broken, 100, 100, SC_IMAGE_FIT_COVER, &error);
  g_assert_null (surface);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Cannot load image “"));
  g_assert_nonnull (strstr (error->message, "broken.svg"));
  g_assert_nonnull (strstr (error->message, "not a readable image"));
  g_clear_error (&error);

  surface = sc_image_load (huge, 100, 100, SC_IMAGE_FIT_COVER, &error);
  g_assert_null (surface);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "huge.svg"));
  g_assert_nonnull (strstr (error->message, "20000 × 300 pixels"));
  g_assert_nonnull (strstr (error->message, "4096"));
  g_clear_error (&error);

  surface = sc_image_load (not_svg, 100, 100, SC_IMAGE_FIT_COVER, &error);
  g_assert_null (surface);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "not-svg.svg"));
  g_clear_error (&error);

  g_unlink (broken);
  g_unlink (huge);
  g_unlink (not_svg);
}

/* A helper that answers nonsense, or dies, is an error naming the image;
 * never a crash or a picture made of garbage. */
static void
test_svg_bad_helper (void)
{
  static const char * const helpers[] = {
    /* no header */
    "#!/bin/sh\ncat >/dev/null\nprintf 'hello'\n",
    /* a header that promises more than it sends */
    "#!/bin/sh\ncat >/dev/null\nprintf '100 100 400 1\\nabc'\n",
    /* larger than any image may be */
    "#!/bin/sh\ncat >/dev/null\nprintf '99999 1 399996 1\\n'\n",
    /* a rowstride too small for the width */
    "#!/bin/sh\ncat >/dev/null\nprintf '10 1 8 1\\n12345678'\n",
    /* killed */
    "#!/bin/sh\ncat >/dev/null\nkill -SEGV $$\n",
    /* fails without a word */
    "#!/bin/sh\ncat >/dev/null\nexit 3\n",
  };
  static const char * const expected[] = {
    "sent a malformed picture", "sent a malformed picture", "sent a malformed picture",
    "sent a malformed picture", "was stopped by signal 11", "failed with status 3",
  };

  if (g_test_subprocess ())
    {
      guint i = (guint)g_ascii_strtoull (g_getenv ("SC_TEST_HELPER_CASE"), NULL, 10);
      g_autofree char *dir = g_build_filename (tmp_dir, "helper", NULL);
      g_autofree char *helper = g_build_filename (dir, "shopcast-render-image", NULL);
      g_autofree char *path = write_file ("logo.svg", RED_SVG);
      g_autoptr(GError) error = NULL;
      cairo_surface_t *surface;

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_file_set_contents (helper, helpers[i], -1, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_chmod (helper, 0700), ==, 0);
      g_setenv ("SHOPCAST_LIBEXECDIR", dir, TRUE);

      surface = sc_image_load (path, 64, 64, SC_IMAGE_FIT_CONTAIN, &error);
      g_assert_null (surface);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "Cannot load image “"));
      g_assert_nonnull (strstr (error->message, "logo.svg"));
      g_assert_nonnull (strstr (error->message, expected[i]));
      g_unlink (helper);
      g_rmdir (dir);
      g_unlink (path);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (helpers); i++)
    {
      g_autofree char *index = g_strdup_printf ("%u", i);
      g_setenv ("SC_TEST_HELPER_CASE", index, TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
    }
  g_unsetenv ("SC_TEST_HELPER_CASE");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("sc-image-loader-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/overlay/image-loader/too-many-pixels", test_too_many_pixels);
  g_test_add_func ("/overlay/image-loader/file-too-large", test_file_too_large);
  g_test_add_func ("/overlay/image-loader/pixbuf-fits", test_pixbuf_fits);
  g_test_add_func ("/overlay/image-loader/cache-async", test_cache_async);
  g_test_add_func ("/overlay/image-loader/card-placeholder", test_card_placeholder);
  g_test_add_func ("/overlay/image-loader/svg-helper", test_svg_helper);
  g_test_add_func ("/overlay/image-loader/svg-without-helper", test_svg_without_helper);
  g_test_add_func ("/overlay/image-loader/svg-errors", test_svg_errors);
  g_test_add_func ("/overlay/image-loader/svg-bad-helper", test_svg_bad_helper);

  ret = g_test_run ();
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
