/* test-show.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <fcntl.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "studio/sc-show.h"

#define TEST_KEY_ENV "SHOPCAST_TEST_KEY_YOUTUBE"
#define UNSET_KEY_ENV "SHOPCAST_KEY_X"

typedef struct {
  char *dir;
} Fixture;

static const char *catalog_json =
  "{\"currency\": \"EUR\", \"products\": ["
  " {\"id\": \"mug-01\", \"title\": \"Mug\", \"sku\": \"HH-MUG\", \"price\": \"19.90\","
  "  \"stock\": 12, \"image\": \"images/mug.svg\"},"
  " {\"id\": \"scarf\", \"title\": \"Scarf\", \"price\": \"39.90\", \"stock\": 2},"
  " {\"id\": \"card\", \"title\": \"Gift card\", \"price\": \"25.00\", \"stock\": null}"
  "]}";

static const char *svg =
  "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"16\" height=\"16\">"
  "<rect width=\"16\" height=\"16\" fill=\"#ffb000\"/></svg>";

static void
write_file (Fixture    *fixture,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("shopcast-show-XXXXXX", &error);
  g_assert_no_error (error);
  write_file (fixture, "catalog.json", catalog_json);
  write_file (fixture, "bad-catalog.json",
              "{\"currency\": \"EUR\", \"products\": [{\"id\": \"a\", \"title\": \"A\", "
              "\"price\": 19.9}]}");
  write_file (fixture, "logo.svg", svg);
  write_file (fixture, "slate.svg", svg);
  g_unsetenv (UNSET_KEY_ENV);
  g_setenv (TEST_KEY_ENV, "live_0123_secret", TRUE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_unsetenv (TEST_KEY_ENV);
}

static ScShow *
try_load (Fixture     *fixture,
          const char  *name,
          const char  *json,
          GError     **error)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  write_file (fixture, name, json);
  return sc_show_new_from_file (file, error);
}

static ScShow *
load (Fixture    *fixture,
      const char *json)
{
  g_autoptr(GError) error = NULL;
  ScShow *show = try_load (fixture, "test.shopcast", json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (show);
  return show;
}

static void
assert_color (const ScColor *color,
              double         red,
              double         green,
              double         blue,
              double         alpha)
{
  g_assert_cmpfloat_with_epsilon (color->red, red, 0.002);
  g_assert_cmpfloat_with_epsilon (color->green, green, 0.002);
  g_assert_cmpfloat_with_epsilon (color->blue, blue, 0.002);
  g_assert_cmpfloat_with_epsilon (color->alpha, alpha, 0.002);
}

static const char *full_show =
  "{\n"
  "  \"version\": 1,\n"
  "  \"title\": \"Friday Night Deals\",\n"
  "  \"canvas\": {\"width\": 1920, \"height\": 1080, \"fps\": 60},\n"
  "  \"encoding\": {\"video_bitrate_kbps\": 6000, \"audio_bitrate_kbps\": 160,\n"
  "               \"keyframe_interval_s\": 1, \"video_encoder\": \"x264enc\",\n"
  "               \"audio_encoder\": \"avenc_aac\"},\n"
  "  \"sources\": [\n"
  "    {\"id\": \"host\", \"kind\": \"camera\", \"label\": \"Host\",\n"
  "     \"device\": \"/dev/video2\"},\n"
  "    {\"id\": \"screen\", \"kind\": \"screen\", \"label\": \"Slides\"},\n"
  "    {\"id\": \"bars\", \"kind\": \"test-pattern\", \"pattern\": \"pinwheel\"},\n"
  "    {\"id\": \"slate\", \"kind\": \"image\", \"path\": \"slate.svg\"},\n"
  "    {\"id\": \"mic\", \"kind\": \"microphone\", \"device\": \"alsa_input.usb\",\n"
  "     \"volume\": 1.5},\n"
  "    {\"id\": \"tone\", \"kind\": \"test-tone\", \"volume\": 0.25, \"frequency\": 880}\n"
  "  ],\n"
  "  \"layout\": \"side-by-side\",\n"
  "  \"brand\": {\"primary\": \"#1e1e2ecc\", \"accent\": \"#ff0000\", \"text\": \"#eee\",\n"
  "            \"font\": \"Inter\", \"logo\": \"logo.svg\"},\n"
  "  \"products\": {\"file\": \"catalog.json\", \"pinned\": \"hh-mug\",\n"
  "               \"rundown\": [\"scarf\", \"HH-MUG\"], \"low_stock_threshold\": 3},\n"
  "  \"chat\": {\"demo\": true, \"visible\": false, \"lines\": 10},\n"
  "  \"outputs\": [\n"
  "    {\"name\": \"YouTube\", \"url\": \"rtmp://a.rtmp.youtube.com/live2\",\n"
  "     \"key_env\": \"" TEST_KEY_ENV "\", \"enabled\": true},\n"
  "    {\"name\": \"Backup\", \"url\": \"rtmps://user:pw@live.example:443/app/inline\",\n"
  "     \"key_env\": \"" UNSET_KEY_ENV "\", \"enabled\": false}\n"
  "  ],\n"
  "  \"recording\": {\"enabled\": false, \"path\": \"recordings/show.mp4\", \"format\": \"mp4\"},\n"
  "  \"reconnect\": {\"initial_delay_s\": 1, \"factor\": 2.0, \"max_delay_s\": 30.5,\n"
  "                \"max_retries\": 5}\n"
  "}\n";

static void
test_full (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(ScShow) show = load (fixture, full_show);
  g_autofree char *slate = g_build_filename (fixture->dir, "slate.svg", NULL);
  g_autofree char *logo = g_build_filename (fixture->dir, "logo.svg", NULL);
  g_autofree char *logo_uri = g_filename_to_uri (logo, NULL, NULL);
  g_autofree char *recording = g_build_filename (fixture->dir, "recordings", "show.mp4", NULL);
  g_autofree char *full_url = NULL;
  const ScEncodingConfig *encoding = sc_show_get_encoding (show);
  const ScBrandKit *brand = sc_show_get_brand_kit (show);
  const char * const *rundown = sc_show_get_rundown (show);
  GPtrArray *sources = sc_show_get_sources (show);
  GPtrArray *outputs = sc_show_get_outputs (show);
  ScCatalog *catalog = sc_show_get_catalog (show);
  ScSourceConfig *source;
  ScOutputConfig *output;

  g_assert_cmpstr (sc_show_get_title (show), ==, "Friday Night Deals");

  g_assert_cmpint (encoding->width, ==, 1920);
  g_assert_cmpint (encoding->height, ==, 1080);
  g_assert_cmpint (encoding->fps, ==, 60);
  g_assert_cmpint (encoding->video_bitrate_kbps, ==, 6000);
  g_assert_cmpint (encoding->audio_bitrate_kbps, ==, 160);
  g_assert_cmpint (encoding->keyframe_interval_s, ==, 1);
  g_assert_cmpint (encoding->audio_rate, ==, 48000);
  g_assert_cmpstr (encoding->video_encoder, ==, "x264enc");
  g_assert_cmpstr (encoding->audio_encoder, ==, "avenc_aac");
  g_assert_cmpfloat (encoding->reconnect_initial_s, ==, 1.0);
  g_assert_cmpfloat (encoding->reconnect_factor, ==, 2.0);
  g_assert_cmpfloat (encoding->reconnect_max_delay_s, ==, 30.5);
  g_assert_cmpint (encoding->reconnect_max_retries, ==, 5);

  g_assert_cmpuint (sources->len, ==, 6);
  source = g_ptr_array_index (sources, 0);
  g_assert_cmpstr (source->id, ==, "host");
  g_assert_cmpint (source->kind, ==, SC_SOURCE_CAMERA);
  g_assert_cmpstr (source->label, ==, "Host");
  g_assert_cmpstr (source->device, ==, "/dev/video2");
  source = g_ptr_array_index (sources, 1);
  g_assert_cmpint (source->kind, ==, SC_SOURCE_SCREEN);
  g_assert_cmpstr (source->label, ==, "Slides");
  source = g_ptr_array_index (sources, 2);
  g_assert_cmpint (source->kind, ==, SC_SOURCE_TEST_PATTERN);
  g_assert_cmpstr (source->pattern, ==, "pinwheel");
  g_assert_cmpstr (source->label, ==, "bars");
  source = g_ptr_array_index (sources, 3);
  g_assert_cmpint (source->kind, ==, SC_SOURCE_IMAGE);
  g_assert_cmpstr (source->path, ==, slate);
  source = g_ptr_array_index (sources, 4);
  g_assert_cmpint (source->kind, ==, SC_SOURCE_MICROPHONE);
  g_assert_cmpstr (source->device, ==, "alsa_input.usb");
  g_assert_cmpfloat (source->volume, ==, 1.5);
  source = g_ptr_array_index (sources, 5);
  g_assert_cmpint (source->kind, ==, SC_SOURCE_TEST_TONE);
  g_assert_cmpfloat (source->volume, ==, 0.25);
  g_assert_cmpfloat (source->frequency, ==, 880.0);

  g_assert_cmpint (sc_show_get_layout (show), ==, SC_LAYOUT_SIDE_BY_SIDE);

  assert_color (&brand->primary, 0x1e / 255.0, 0x1e / 255.0, 0x2e / 255.0, 0xcc / 255.0);
  assert_color (&brand->accent, 1.0, 0.0, 0.0, 1.0);
  assert_color (&brand->text, 0xee / 255.0, 0xee / 255.0, 0xee / 255.0, 1.0);
  g_assert_cmpstr (brand->font_family, ==, "Inter");
  g_assert_cmpstr (brand->logo_uri, ==, logo_uri);

  /* Products named by SKU are kept by id; claim codes follow the rundown. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), ==, 3);
  g_assert_cmpstr (sc_show_get_pinned (show), ==, "mug-01");
  g_assert_cmpuint (g_strv_length ((char **)rundown), ==, 2);
  g_assert_cmpstr (rundown[0], ==, "scarf");
  g_assert_cmpstr (rundown[1], ==, "mug-01");
  g_assert_cmpstr (sc_product_get_claim_code (sc_catalog_lookup (catalog, "scarf")), ==, "A1");
  g_assert_cmpstr (sc_product_get_claim_code (sc_catalog_lookup (catalog, "mug-01")), ==, "A2");
  g_assert_cmpstr (sc_product_get_claim_code (sc_catalog_lookup (catalog, "card")), ==, "A3");
  g_assert_cmpuint (sc_show_get_low_stock_threshold (show), ==, 3);

  g_assert_true (sc_show_get_demo_chat (show));
  g_assert_false (sc_show_get_chat_visible (show));
  g_assert_cmpuint (sc_show_get_chat_lines (show), ==, 10);

  g_assert_cmpuint (outputs->len, ==, 2);
  output = g_ptr_array_index (outputs, 0);
  g_assert_cmpstr (output->name, ==, "YouTube");
  g_assert_cmpstr (output->url, ==, "rtmp://a.rtmp.youtube.com/live2");
  g_assert_cmpstr (output->key, ==, "live_0123_secret");
  g_assert_true (output->enabled);
  full_url = sc_output_config_full_url (output);
  g_assert_cmpstr (full_url, ==, "rtmp://a.rtmp.youtube.com/live2/live_0123_secret");
  /* Disabled: its key variable need not be set. */
  output = g_ptr_array_index (outputs, 1);
  g_assert_cmpstr (output->name, ==, "Backup");
  g_assert_false (output->enabled);
  g_assert_null (output->key);

  g_assert_false (sc_show_get_recording_enabled (show));
  g_assert_cmpstr (sc_show_get_recording_path (show), ==, recording);
  g_assert_cmpint (sc_show_get_recording_format (show), ==, SC_RECORDING_MP4);
}

static void
test_defaults (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = sc_show_new_from_data ("{}", 2, "empty.shopcast", NULL, &error);
  g_autoptr(ScBrandKit) default_kit = sc_brand_kit_new ();
  g_autoptr(GDateTime) when = g_date_time_new_local (2024, 11, 29, 20, 5, 9);
  g_autofree char *recording = NULL;
  const ScEncodingConfig *encoding;
  const ScBrandKit *brand;
  ScSourceConfig *source;

  g_assert_no_error (error);
  g_assert_nonnull (show);

  g_assert_cmpstr (sc_show_get_title (show), ==, "empty");
  encoding = sc_show_get_encoding (show);
  g_assert_cmpint (encoding->width, ==, 1280);
  g_assert_cmpint (encoding->height, ==, 720);
  g_assert_cmpint (encoding->fps, ==, 30);
  g_assert_cmpint (encoding->video_bitrate_kbps, ==, 3500);
  g_assert_cmpint (encoding->audio_bitrate_kbps, ==, 128);
  g_assert_cmpint (encoding->keyframe_interval_s, ==, 2);
  g_assert_null (encoding->video_encoder);
  g_assert_null (encoding->audio_encoder);
  g_assert_cmpfloat (encoding->reconnect_initial_s, ==, 2.0);
  g_assert_cmpfloat (encoding->reconnect_factor, ==, 1.5);
  g_assert_cmpfloat (encoding->reconnect_max_delay_s, ==, 60.0);
  g_assert_cmpint (encoding->reconnect_max_retries, ==, 10);

  g_assert_cmpuint (sc_show_get_sources (show)->len, ==, 2);
  source = g_ptr_array_index (sc_show_get_sources (show), 0);
  g_assert_cmpstr (source->id, ==, "host");
  g_assert_cmpint (source->kind, ==, SC_SOURCE_TEST_PATTERN);
  source = g_ptr_array_index (sc_show_get_sources (show), 1);
  g_assert_cmpstr (source->id, ==, "mic");
  g_assert_cmpint (source->kind, ==, SC_SOURCE_TEST_TONE);

  g_assert_cmpint (sc_show_get_layout (show), ==, SC_LAYOUT_PIP);
  brand = sc_show_get_brand_kit (show);
  assert_color (&brand->primary, default_kit->primary.red, default_kit->primary.green,
                default_kit->primary.blue, default_kit->primary.alpha);
  g_assert_cmpstr (brand->font_family, ==, default_kit->font_family);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sc_show_get_catalog (show))), ==, 0);
  g_assert_null (sc_show_get_pinned (show));
  g_assert_nonnull (sc_show_get_rundown (show));
  g_assert_null (sc_show_get_rundown (show)[0]);
  g_assert_cmpuint (sc_show_get_low_stock_threshold (show), ==, 5);
  g_assert_false (sc_show_get_demo_chat (show));
  g_assert_true (sc_show_get_chat_visible (show));
  g_assert_cmpuint (sc_show_get_chat_lines (show), ==, 6);
  g_assert_cmpuint (sc_show_get_outputs (show)->len, ==, 0);
  g_assert_true (sc_show_get_recording_enabled (show));
  g_assert_null (sc_show_get_recording_path (show));
  g_assert_cmpint (sc_show_get_recording_format (show), ==, SC_RECORDING_MATROSKA);

  recording = sc_show_build_recording_path (show, when);
  g_assert_true (g_path_is_absolute (recording));
  g_assert_true (g_str_has_suffix (recording, G_DIR_SEPARATOR_S "Shopcast" G_DIR_SEPARATOR_S
                                   "empty 2024-11-29 20-05-09.mkv"));
}

static void
test_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = sc_show_new_demo (&error);
  const ScEncodingConfig *encoding;
  GPtrArray *sources;
  ScSourceConfig *source;
  ScCatalog *catalog;
  ScProduct *pinned;
  gboolean low = FALSE, sold_out = FALSE, untracked = FALSE, compare_at = FALSE;
  const char *logo_uri;

  g_assert_no_error (error);
  g_assert_nonnull (show);

  encoding = sc_show_get_encoding (show);
  g_assert_cmpint (encoding->width, ==, 1280);
  g_assert_cmpint (encoding->height, ==, 720);
  g_assert_cmpint (encoding->fps, ==, 30);

  sources = sc_show_get_sources (show);
  g_assert_cmpuint (sources->len, ==, 3);
  source = g_ptr_array_index (sources, 0);
  g_assert_cmpstr (source->id, ==, "host");
  g_assert_cmpint (source->kind, ==, SC_SOURCE_CAMERA);
  source = g_ptr_array_index (sources, 1);
  g_assert_cmpstr (source->id, ==, "screen");
  g_assert_cmpint (source->kind, ==, SC_SOURCE_TEST_PATTERN);
  source = g_ptr_array_index (sources, 2);
  g_assert_cmpint (source->kind, ==, SC_SOURCE_TEST_TONE);
  g_assert_cmpfloat (source->volume, ==, 0.1);

  g_assert_cmpint (sc_show_get_layout (show), ==, SC_LAYOUT_PIP);
  g_assert_true (sc_show_get_demo_chat (show));
  g_assert_cmpuint (sc_show_get_outputs (show)->len, ==, 0);
  g_assert_true (sc_show_get_recording_enabled (show));
  g_assert_null (sc_show_get_recording_path (show));

  catalog = sc_show_get_catalog (show);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), >=, 10);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (catalog)), <=, 14);

  /* The pinned product is the low-stock one, first in the rundown. */
  pinned = sc_catalog_lookup (catalog, sc_show_get_pinned (show));
  g_assert_nonnull (pinned);
  g_assert_cmpint (sc_product_get_stock (pinned), >, 0);
  g_assert_cmpint (sc_product_get_stock (pinned), <=, sc_show_get_low_stock_threshold (show));
  g_assert_cmpstr (sc_product_get_claim_code (pinned), ==, "A1");

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (catalog)); i++)
    {
      g_autoptr(ScProduct) product = g_list_model_get_item (G_LIST_MODEL (catalog), i);
      const char *uri = sc_product_get_image_uri (product);
      g_autoptr(GFile) file = NULL;
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(GdkPixbuf) pixbuf = NULL;

      g_assert_cmpstr (sc_product_get_currency (product), ==, "EUR");
      g_assert_cmpint (sc_product_get_price (product), >, 0);
      g_assert_nonnull (sc_product_get_claim_code (product));
      low |= sc_product_get_stock (product) == 2;
      sold_out |= sc_product_get_stock (product) == 0;
      untracked |= sc_product_get_stock (product) == SC_STOCK_UNTRACKED;
      compare_at |= sc_product_get_compare_at_price (product) > sc_product_get_price (product);

      g_assert_true (g_str_has_prefix (uri, "resource:///io/github/shopcast/Shopcast/demo/"));
      file = g_file_new_for_uri (uri);
      stream = G_INPUT_STREAM (g_file_read (file, NULL, &error));
      g_assert_no_error (error);
      pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 512);
      g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 512);
    }
  g_assert_true (low);
  g_assert_true (sold_out);
  g_assert_true (untracked);
  g_assert_true (compare_at);

  logo_uri = sc_show_get_brand_kit (show)->logo_uri;
  g_assert_true (g_str_has_prefix (logo_uri, "resource:///io/github/shopcast/Shopcast/demo/"));
  {
    g_autoptr(GFile) file = g_file_new_for_uri (logo_uri);
    g_autoptr(GInputStream) stream = G_INPUT_STREAM (g_file_read (file, NULL, &error));
    g_autoptr(GdkPixbuf) pixbuf = NULL;

    g_assert_no_error (error);
    pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, &error);
    g_assert_no_error (error);
  }
}

static void
test_not_found (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "missing.shopcast", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = sc_show_new_from_file (file, &error);

  g_assert_null (show);
  g_assert_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "missing.shopcast: "));
}

static void
test_too_large (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "huge.shopcast", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = NULL;
  gint64 started;
  int fd;

  /* Sparse: 100 MB of size and no data, so making it is instant, and a
   * reader that tried to load it would take memory the test would notice. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 100 * 1024 * 1024), ==, 0);
  g_assert_true (g_close (fd, NULL));

  started = g_get_monotonic_time ();
  show = sc_show_new_from_file (file, &error);
  g_assert_null (show);
  g_assert_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_TOO_LARGE);
  g_assert_true (g_str_has_prefix (error->message, "huge.shopcast: "));
  /* A figure, not a check: CI is a loaded machine. */
  g_test_message ("refused in %.3f s",
                  (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
}

static void
assert_syntax_error (Fixture    *fixture,
                     const char *json,
                     const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = try_load (fixture, "bad.shopcast", json, &error);

  g_assert_null (show);
  g_assert_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_SYNTAX);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "bad.shopcast:"));
  g_assert_nonnull (strstr (error->message, fragment));
}

static void
test_syntax (Fixture       *fixture,
             gconstpointer  data)
{
  assert_syntax_error (fixture, "{\n  \"title\": \"x\",\n  \"layout\": pip\n}", "bad.shopcast:3:");
  assert_syntax_error (fixture, "", "empty");
  assert_syntax_error (fixture, "  \n", "empty");
  assert_syntax_error (fixture, "{\"title\": \"\xff\"}", "UTF-8");
}

typedef struct {
  const char *json;
  int         code;
  const char *path;       /* as it must appear after the file name */
  const char *fragment;   /* also in the message, or NULL */
} BadCase;

static const BadCase bad_cases[] = {
  { "[]", SC_SHOW_ERROR_INVALID, "$", "an array" },
  { "{\"layuot\": \"pip\"}", SC_SHOW_ERROR_INVALID, "$", "\"layuot\"" },
  { "{\"version\": 2}", SC_SHOW_ERROR_INVALID, "$.version", "newer" },
  { "{\"version\": \"1\"}", SC_SHOW_ERROR_INVALID, "$.version", "got \"1\"" },
  { "{\"title\": 5}", SC_SHOW_ERROR_INVALID, "$.title", "got 5" },
  { "{\"canvas\": []}", SC_SHOW_ERROR_INVALID, "$.canvas", "an array" },
  { "{\"canvas\": {\"fsp\": 30}}", SC_SHOW_ERROR_INVALID, "$.canvas", "\"fsp\"" },
  { "{\"canvas\": {\"width\": -5}}", SC_SHOW_ERROR_INVALID, "$.canvas.width",
    "expected a positive integer, got -5" },
  { "{\"canvas\": {\"height\": 0}}", SC_SHOW_ERROR_INVALID, "$.canvas.height", "got 0" },
  { "{\"canvas\": {\"width\": 1281}}", SC_SHOW_ERROR_INVALID, "$.canvas.width", "even" },
  { "{\"canvas\": {\"width\": 4000}}", SC_SHOW_ERROR_INVALID, "$.canvas.width", "3840" },
  { "{\"canvas\": {\"height\": 2162}}", SC_SHOW_ERROR_INVALID, "$.canvas.height", "2160" },
  { "{\"canvas\": {\"width\": \"1280\"}}", SC_SHOW_ERROR_INVALID, "$.canvas.width",
    "got \"1280\"" },
  { "{\"canvas\": {\"fps\": 0}}", SC_SHOW_ERROR_INVALID, "$.canvas.fps", "1 to 60" },
  { "{\"canvas\": {\"fps\": 61}}", SC_SHOW_ERROR_INVALID, "$.canvas.fps", "got 61" },
  { "{\"canvas\": {\"fps\": 29.97}}", SC_SHOW_ERROR_INVALID, "$.canvas.fps", "got 29.97" },
  { "{\"encoding\": {\"video_bitrate_kbps\": 0}}", SC_SHOW_ERROR_INVALID,
    "$.encoding.video_bitrate_kbps", NULL },
  { "{\"encoding\": {\"video_encoder\": \"x264enc ! fakesink\"}}", SC_SHOW_ERROR_INVALID,
    "$.encoding.video_encoder", NULL },
  { "{\"layout\": \"mosaic\"}", SC_SHOW_ERROR_INVALID, "$.layout",
    "solo, pip, side-by-side, product-focus" },
  { "{\"sources\": {}}", SC_SHOW_ERROR_INVALID, "$.sources", "an object" },
  { "{\"sources\": [{\"id\": \"cam\", \"kind\": \"webcam\"}]}", SC_SHOW_ERROR_INVALID,
    "$.sources[0].kind", "camera" },
  { "{\"sources\": [{\"id\": \"cam\"}]}", SC_SHOW_ERROR_INVALID, "$.sources[0].kind",
    "got nothing" },
  { "{\"sources\": [{\"kind\": \"camera\"}]}", SC_SHOW_ERROR_INVALID, "$.sources[0].id", NULL },
  { "{\"sources\": [{\"id\": \"host\", \"kind\": \"camera\"},"
    " {\"id\": \"host\", \"kind\": \"screen\"}]}", SC_SHOW_ERROR_INVALID,
    "$.sources[1].id", "\"host\"" },
  { "{\"sources\": [{\"id\": \"mic\", \"kind\": \"microphone\"}]}", SC_SHOW_ERROR_INVALID,
    "$.sources", "video source" },
  { "{\"sources\": []}", SC_SHOW_ERROR_INVALID, "$.sources", "video source" },
  { "{\"sources\": [{\"id\": \"c\", \"kind\": \"camera\", \"pattern\": \"ball\"}]}",
    SC_SHOW_ERROR_INVALID, "$.sources[0].pattern", "camera" },
  { "{\"sources\": [{\"id\": \"t\", \"kind\": \"test-pattern\", \"pattern\": \"rainbow\"}]}",
    SC_SHOW_ERROR_INVALID, "$.sources[0].pattern", "\"rainbow\"" },
  { "{\"sources\": [{\"id\": \"i\", \"kind\": \"image\"}]}", SC_SHOW_ERROR_INVALID,
    "$.sources[0].path", "got nothing" },
  { "{\"sources\": [{\"id\": \"i\", \"kind\": \"image\", \"path\": \"nope.png\"}]}",
    SC_SHOW_ERROR_NOT_FOUND, "$.sources[0].path", "nope.png" },
  { "{\"sources\": [{\"id\": \"c\", \"kind\": \"camera\"},"
    " {\"id\": \"m\", \"kind\": \"microphone\", \"volume\": 5}]}",
    SC_SHOW_ERROR_INVALID, "$.sources[1].volume", "got 5" },
  { "{\"brand\": {\"accent\": \"red\"}}", SC_SHOW_ERROR_INVALID, "$.brand.accent", "\"red\"" },
  { "{\"brand\": {\"logo\": \"nope.svg\"}}", SC_SHOW_ERROR_NOT_FOUND, "$.brand.logo",
    "nope.svg" },
  { "{\"products\": {\"file\": \"nope.json\"}}", SC_SHOW_ERROR_NOT_FOUND, "$.products.file",
    "nope.json" },
  { "{\"products\": {\"file\": \"bad-catalog.json\"}}", SC_SHOW_ERROR_INVALID,
    "$.products.file", "bad-catalog.json: $.products[0].price" },
  { "{\"products\": {\"file\": \"catalog.json\", \"pinned\": \"lamp\"}}", SC_SHOW_ERROR_INVALID,
    "$.products.pinned", "\"lamp\"" },
  { "{\"products\": {\"pinned\": \"mug-01\"}}", SC_SHOW_ERROR_INVALID, "$.products.pinned",
    NULL },
  { "{\"products\": {\"file\": \"catalog.json\", \"rundown\": [\"mug-01\", 7]}}",
    SC_SHOW_ERROR_INVALID, "$.products.rundown[1]", "got 7" },
  { "{\"products\": {\"low_stock_threshold\": -1}}", SC_SHOW_ERROR_INVALID,
    "$.products.low_stock_threshold", "got -1" },
  { "{\"chat\": {\"lines\": 0}}", SC_SHOW_ERROR_INVALID, "$.chat.lines", "got 0" },
  { "{\"chat\": {\"demo\": \"yes\"}}", SC_SHOW_ERROR_INVALID, "$.chat.demo", "true or false" },
  { "{\"outputs\": {}}", SC_SHOW_ERROR_INVALID, "$.outputs", NULL },
  { "{\"outputs\": [{\"name\": \"YT\", \"url\": \"http://live.example/app\"}]}",
    SC_SHOW_ERROR_INVALID, "$.outputs[0].url", "rtmp:// or rtmps://" },
  { "{\"outputs\": [{\"name\": \"YT\", \"url\": \"rtmp://live.example\"}]}",
    SC_SHOW_ERROR_INVALID, "$.outputs[0].url", "application" },
  { "{\"outputs\": [{\"name\": \"YT\"}]}", SC_SHOW_ERROR_INVALID, "$.outputs[0].url",
    "got nothing" },
  { "{\"outputs\": [{\"url\": \"rtmp://a.example/live\"}, {\"url\": \"rtmp://b.example/live\","
    " \"name\": \"Output 1\"}]}", SC_SHOW_ERROR_INVALID, "$.outputs[1].name", "Output 1" },
  { "{\"outputs\": [{\"url\": \"rtmp://a.example/live\", \"key_env\": \"my key\"}]}",
    SC_SHOW_ERROR_INVALID, "$.outputs[0].key_env", NULL },
  { "{\"recording\": {\"format\": \"avi\"}}", SC_SHOW_ERROR_INVALID, "$.recording.format",
    "\"avi\"" },
  { "{\"recording\": {\"enabled\": 1}}", SC_SHOW_ERROR_INVALID, "$.recording.enabled", NULL },
  { "{\"reconnect\": {\"factor\": 0.5}}", SC_SHOW_ERROR_INVALID, "$.reconnect.factor",
    "got 0.5" },
  { "{\"reconnect\": {\"initial_delay_s\": 10, \"max_delay_s\": 5}}", SC_SHOW_ERROR_INVALID,
    "$.reconnect.max_delay_s", "initial_delay_s" },
  { "{\"reconnect\": {\"max_retries\": -2}}", SC_SHOW_ERROR_INVALID, "$.reconnect.max_retries",
    NULL },
};

static void
test_bad_fields (Fixture       *fixture,
                 gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *bad = &bad_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(ScShow) show = try_load (fixture, "bad.shopcast", bad->json, &error);
      g_autofree char *prefix = g_strdup_printf ("bad.shopcast: %s: ", bad->path);

      g_test_message ("%s -> %s", bad->json, error ? error->message : "(loaded)");
      g_assert_null (show);
      g_assert_error (error, SC_SHOW_ERROR, bad->code);
      g_assert_true (g_str_has_prefix (error->message, prefix));
      if (bad->fragment != NULL)
        g_assert_nonnull (strstr (error->message, bad->fragment));
    }
}

static void
test_bad_key_env (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = NULL;

  show = try_load (fixture, "bad.shopcast",
                   "{\"outputs\": [{\"name\": \"X\", \"url\": \"rtmp://live.example/app\","
                   " \"key_env\": \"" UNSET_KEY_ENV "\"}]}", &error);
  g_assert_null (show);
  g_assert_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "bad.shopcast: $.outputs[0].key_env: environment variable "
                   UNSET_KEY_ENV " is not set");
}

/* However a bad output is written, its secrets never reach the message. */
static void
test_bad_output_hides_secrets (Fixture       *fixture,
                               gconstpointer  data)
{
  static const struct { const char *json; const char *path; } cases[] = {
    { "{\"outputs\": [{\"url\": \"https://user:hunter2@live.example/app/sk_live_123\"}]}",
      "$.outputs[0].url" },
    { "{\"outputs\": [{\"url\": \"rtmp://user:hunter2@/app/sk_live_123\"}]}",
      "$.outputs[0].url" },
    { "{\"outputs\": [{\"url\": \"rtmp://live.example/app\", \"key\": \"sk_live_123\"}]}",
      "$.outputs[0].key" },
    { "{\"outputs\": [{\"url\": \"rtmp://live.example/app\", \"stream_key\": \"sk_live_123\"}]}",
      "$.outputs[0].stream_key" },
    /* A well-formed URL with credentials and key is fine; the error is elsewhere. */
    { "{\"outputs\": [{\"url\": \"rtmps://user:hunter2@live.example/app/sk_live_123\","
      " \"enabled\": \"no\"}]}", "$.outputs[0].enabled" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ScShow) show = try_load (fixture, "bad.shopcast", cases[i].json, &error);
      g_autofree char *prefix = g_strdup_printf ("bad.shopcast: %s: ", cases[i].path);

      g_test_message ("%s", error ? error->message : "(loaded)");
      g_assert_null (show);
      g_assert_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, prefix));
      g_assert_null (strstr (error->message, "hunter2"));
      g_assert_null (strstr (error->message, "sk_live_123"));
    }
}

static void
test_output_with_credentials (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(ScShow) show = load (fixture,
                                 "{\"outputs\": [{\"url\": "
                                 "\"rtmps://user:pw@live.example:443/app/inline\"}]}");
  ScOutputConfig *output = g_ptr_array_index (sc_show_get_outputs (show), 0);

  g_assert_cmpstr (output->name, ==, "Output 1");
  g_assert_cmpstr (output->url, ==, "rtmps://user:pw@live.example:443/app/inline");
  g_assert_null (output->key);
  g_assert_true (output->enabled);
}

static void
test_relative_to_base (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char json[] =
    "{\"products\": {\"file\": \"catalog.json\"}, \"brand\": {\"logo\": \"logo.svg\"},"
    " \"recording\": {\"path\": \"out.mkv\"}}";
  g_autoptr(GFile) base = g_file_new_for_path (fixture->dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = NULL;
  g_autofree char *recording = g_build_filename (fixture->dir, "out.mkv", NULL);
  g_autofree char *image = g_build_filename (fixture->dir, "images", "mug.svg", NULL);
  g_autofree char *image_uri = g_filename_to_uri (image, NULL, NULL);
  g_autofree char *built = NULL;

  show = sc_show_new_from_data (json, strlen (json), "inline.shopcast", base, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sc_show_get_recording_path (show), ==, recording);
  built = sc_show_build_recording_path (show, NULL);
  g_assert_cmpstr (built, ==, recording);
  g_assert_cmpstr (sc_product_get_image_uri (sc_catalog_lookup (sc_show_get_catalog (show),
                                                                "mug-01")), ==, image_uri);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/studio/show/full", test_full);
  g_test_add_func ("/studio/show/defaults", test_defaults);
  g_test_add_func ("/studio/show/demo", test_demo);
  ADD ("/studio/show/relative-to-base", test_relative_to_base);
  ADD ("/studio/show/output-with-credentials", test_output_with_credentials);
  ADD ("/studio/show/bad/not-found", test_not_found);
  ADD ("/studio/show/bad/too-large", test_too_large);
  ADD ("/studio/show/bad/syntax", test_syntax);
  ADD ("/studio/show/bad/fields", test_bad_fields);
  ADD ("/studio/show/bad/key-env", test_bad_key_env);
  ADD ("/studio/show/bad/secrets", test_bad_output_hides_secrets);

#undef ADD

  return g_test_run ();
}
