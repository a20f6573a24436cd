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
  "               \"audio_encoder\": \"avenc_aac\", \"rate_control\": \"cbr\",\n"
  "               \"profile\": \"main\", \"dynamic_bitrate\": false},\n"
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
  g_assert_cmpint (encoding->rate_control, ==, SC_RATE_CONTROL_CBR);
  g_assert_cmpint (encoding->profile, ==, SC_H264_PROFILE_MAIN);
  g_assert_false (encoding->dynamic_bitrate);
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
  g_assert_cmpint (encoding->rate_control, ==, SC_RATE_CONTROL_AUTO);
  g_assert_cmpint (encoding->profile, ==, SC_H264_PROFILE_AUTO);
  g_assert_true (encoding->dynamic_bitrate);
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
  int fd;

  /* Sparse: 100 MB of size and no data, so making it is instant, and a
   * reader that tried to load it would take memory the test would notice. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 100 * 1024 * 1024), ==, 0);
  g_assert_true (g_close (fd, NULL));

  show = sc_show_new_from_file (file, &error);
  g_assert_null (show);
  g_assert_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_TOO_LARGE);
  g_assert_true (g_str_has_prefix (error->message, "huge.shopcast: "));
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

/* ~75 KB of "[" overflowed json-glib's stack: now a plain error. */
static void
test_deep_nesting (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *deep = g_strnfill (75 * 1024, '[');
  g_autofree char *json = g_strdup_printf ("{\"title\": %s", deep);

  assert_syntax_error (fixture, json, "nested deeper than");
}

typedef struct {
  const char *json;
  int         code;
  const char *path;       /* as it must appear after the file name */
  const char *fragment;   /* also in the message, or NULL */
} BadCase;

#define RUNDOWN(entries) "{\"products\": {\"file\": \"catalog.json\", \"rundown\": " entries "}}"

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
  { "{\"encoding\": {\"rate_control\": \"constant\"}}", SC_SHOW_ERROR_INVALID,
    "$.encoding.rate_control", "\"auto\", \"cbr\" or \"vbr\", got \"constant\"" },
  { "{\"encoding\": {\"profile\": \"high444\"}}", SC_SHOW_ERROR_INVALID,
    "$.encoding.profile", "got \"high444\"" },
  { "{\"encoding\": {\"dynamic_bitrate\": \"yes\"}}", SC_SHOW_ERROR_INVALID,
    "$.encoding.dynamic_bitrate", NULL },
  { "{\"locale\": \"de_DE\"}", SC_SHOW_ERROR_INVALID, "$.locale",
    "expected a BCP 47 language tag such as \"de-DE\", got \"de_DE\"" },
  { "{\"locale\": \"german\"}", SC_SHOW_ERROR_INVALID, "$.locale", "got \"german\"" },
  { "{\"locale\": \"en-UK\"}", SC_SHOW_ERROR_INVALID, "$.locale", "got \"en-UK\"" },
  { "{\"locale\": \"\"}", SC_SHOW_ERROR_INVALID, "$.locale", "got \"\"" },
  { "{\"locale\": 49}", SC_SHOW_ERROR_INVALID, "$.locale", "got 49" },
  { "{\"locale\": [\"de-DE\"]}", SC_SHOW_ERROR_INVALID, "$.locale", NULL },
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
  /* Rundown entries as segments: products.rundown[i] in every path. */
  { RUNDOWN ("[{\"minutes\": 5}]"),
    SC_SHOW_ERROR_INVALID, "$.products.rundown[0].product", "got nothing" },
  { RUNDOWN ("[{\"product\": \"lamp\"}]"),
    SC_SHOW_ERROR_INVALID, "$.products.rundown[0].product", "\"lamp\"" },
  { RUNDOWN ("[\"scarf\", {\"product\": \"mug-01\", \"minutes\": 0}]"),
    SC_SHOW_ERROR_INVALID, "$.products.rundown[1].minutes", "got 0" },
  { RUNDOWN ("[{\"product\": \"mug-01\", \"minutes\": -2}]"),
    SC_SHOW_ERROR_INVALID, "$.products.rundown[0].minutes", "positive number of minutes" },
  { RUNDOWN ("[{\"product\": \"mug-01\", \"minutes\": \"5\"}]"),
    SC_SHOW_ERROR_INVALID, "$.products.rundown[0].minutes", "got \"5\"" },
  { RUNDOWN ("[{\"product\": \"mug-01\", \"minutes\": 2000}]"),
    SC_SHOW_ERROR_INVALID, "$.products.rundown[0].minutes", "got 2000" },
  { RUNDOWN ("[{\"product\": \"mug-01\", \"notes\": 3}]"),
    SC_SHOW_ERROR_INVALID, "$.products.rundown[0].notes", "got 3" },
  { RUNDOWN ("[{\"product\": \"mug-01\", \"length\": 3}]"),
    SC_SHOW_ERROR_INVALID, "$.products.rundown[0]", "\"length\"" },
  { RUNDOWN ("[{\"product\": \"mug-01\", \"sale\": \"15.00\"}]"),
    SC_SHOW_ERROR_INVALID, "$.products.rundown[0].sale", NULL },
  { RUNDOWN ("[{\"product\": \"mug-01\", \"minutes\": 5, \"sale\": {\"price\": 15.0}}]"),
    SC_SHOW_ERROR_INVALID, "$.products.rundown[0].sale.price", "15.0" },
  { RUNDOWN ("[{\"product\": \"mug-01\", \"minutes\": 5, \"sale\": {}}]"),
    SC_SHOW_ERROR_INVALID, "$.products.rundown[0].sale.price", "got nothing" },
  { RUNDOWN ("[{\"product\": \"mug-01\", \"minutes\": 5, \"sale\": {\"price\": \"cheap\"}}]"),
    SC_SHOW_ERROR_INVALID, "$.products.rundown[0].sale.price", "cheap" },
  { RUNDOWN ("[{\"product\": \"mug-01\", \"minutes\": 5, \"sale\": {\"price\": \"19.90\"}}]"),
    SC_SHOW_ERROR_INVALID, "$.products.rundown[0].sale.price", "not lower than the regular price" },
  { RUNDOWN ("[{\"product\": \"HH-MUG\", \"minutes\": 5, \"sale\": {\"price\": \"25.00\"}}]"),
    SC_SHOW_ERROR_INVALID, "$.products.rundown[0].sale.price", "mug-01" },
  { RUNDOWN ("[{\"product\": \"mug-01\", \"minutes\": 5, \"sale\": {\"price\": \"0.00\"}}]"),
    SC_SHOW_ERROR_INVALID, "$.products.rundown[0].sale.price", "more than 0" },
  { RUNDOWN ("[{\"product\": \"mug-01\", \"minutes\": 5, \"sale\": {\"price\": \"15.001\"}}]"),
    SC_SHOW_ERROR_INVALID, "$.products.rundown[0].sale.price", NULL },
  { RUNDOWN ("[{\"product\": \"mug-01\", \"sale\": {\"price\": \"15.00\"}}]"),
    SC_SHOW_ERROR_INVALID, "$.products.rundown[0].sale.minutes", "got nothing" },
  { RUNDOWN ("[{\"product\": \"mug-01\", \"sale\": {\"price\": \"15.00\", \"minutes\": 0}}]"),
    SC_SHOW_ERROR_INVALID, "$.products.rundown[0].sale.minutes", "got 0" },
  { RUNDOWN ("[{\"product\": \"mug-01\", \"minutes\": 5,"
             " \"sale\": {\"price\": \"15.00\", \"apply_to_shop\": \"yes\"}}]"),
    SC_SHOW_ERROR_INVALID, "$.products.rundown[0].sale.apply_to_shop", "true or false" },
  { RUNDOWN ("[{\"product\": \"mug-01\", \"minutes\": 5,"
             " \"sale\": {\"price\": \"15.00\", \"percent\": 20}}]"),
    SC_SHOW_ERROR_INVALID, "$.products.rundown[0].sale", "\"percent\"" },
  { "{\"products\": {\"low_stock_threshold\": -1}}", SC_SHOW_ERROR_INVALID,
    "$.products.low_stock_threshold", "got -1" },
  { "{\"chat\": {\"lines\": 0}}", SC_SHOW_ERROR_INVALID, "$.chat.lines", "got 0" },
  { "{\"chat\": {\"demo\": \"yes\"}}", SC_SHOW_ERROR_INVALID, "$.chat.demo", "true or false" },
  { "{\"outputs\": {}}", SC_SHOW_ERROR_INVALID, "$.outputs", NULL },
  { "{\"outputs\": [{\"name\": \"YT\", \"url\": \"http://live.example/app\"}]}",
    SC_SHOW_ERROR_INVALID, "$.outputs[0].url", "rtmp://, rtmps:// or srt://" },
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
  { "{\"reconnect\": {\"connect_timeout_s\": 0}}", SC_SHOW_ERROR_INVALID,
    "$.reconnect.connect_timeout_s", "got 0" },
  /* json-glib reads these as -1, which max_retries would take for "forever". */
  { "{\"canvas\": {\"width\": 99999999999999999999}}", SC_SHOW_ERROR_INVALID,
    "$.canvas.width", "expected a positive integer, got 99999999999999999999" },
  { "{\"chat\": {\"sources\": [{\"platform\": \"youtube\", \"live_chat_id\": \"x\", "
    "\"url\": \"http://example.com/youtube/v3\"}]}}", SC_SHOW_ERROR_INVALID,
    "$.chat.sources[0].url", "http" },
  { "{\"chat\": {\"sources\": [{\"platform\": \"twitch\", \"channel\": \"shop\", "
    "\"url\": \"ws://irc-ws.chat.twitch.tv:80\"}]}}", SC_SHOW_ERROR_INVALID,
    "$.chat.sources[0].url", "unencrypted" },
  /* A name that starts like a loopback address is another host: no token over http. */
  { "{\"shop\": {\"provider\": \"shopify\", \"url\": \"http://127.0.0.1.example.com\", "
    "\"token_env\": \"HOME\"}}", SC_SHOW_ERROR_INVALID, "$.shop.url", "plain http" },
  { "{\"chat\": {\"sources\": [{\"platform\": \"youtube\", \"live_chat_id\": \"x\", "
    "\"url\": \"http://127.0.0.1.example.com/youtube/v3\"}]}}", SC_SHOW_ERROR_INVALID,
    "$.chat.sources[0].url", "unencrypted" },
  { "{\"reconnect\": {\"max_retries\": 99999999999999999999}}", SC_SHOW_ERROR_INVALID,
    "$.reconnect.max_retries", "got 99999999999999999999" },
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

/* Saving */

#define SHOP_TOKEN_VALUE "shpat_0123456789abcdef"
#define WEBHOOK_SECRET_VALUE "whsec-0123456789"
#define YOUTUBE_KEY_VALUE "AIzaSy-youtube-key-0123"
#define RELAY_KEY_VALUE "relay-key-0123456789"
#define YOUTUBE_STREAM_KEY_VALUE "abcd-efgh-ijkl-mnop"

static const char * const secret_values[] = {
  "live_0123_secret", SHOP_TOKEN_VALUE, WEBHOOK_SECRET_VALUE, YOUTUBE_KEY_VALUE,
  RELAY_KEY_VALUE, YOUTUBE_STREAM_KEY_VALUE, NULL
};

static void
set_example_secrets (void)
{
  g_setenv ("SHOPCAST_SHOPIFY_TOKEN", SHOP_TOKEN_VALUE, TRUE);
  g_setenv ("SHOPCAST_SHOPIFY_WEBHOOK_SECRET", WEBHOOK_SECRET_VALUE, TRUE);
  g_setenv ("SHOPCAST_YOUTUBE_API_KEY", YOUTUBE_KEY_VALUE, TRUE);
  g_setenv ("SHOPCAST_KEY_RELAY", RELAY_KEY_VALUE, TRUE);
  g_setenv ("SHOPCAST_KEY_YOUTUBE", YOUTUBE_STREAM_KEY_VALUE, TRUE);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
copy_fixture (const char *dir,
              const char *name)
{
  g_autofree char *from = g_build_filename (g_getenv ("SHOPCAST_FIXTURES_DIR"), "shows", name,
                                            NULL);
  g_autofree char *to = g_build_filename (dir, name, NULL);
  g_autofree char *folder = g_path_get_dirname (to);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_file_get_contents (from, &contents, &length, &error);
  g_assert_no_error (error);
  g_mkdir_with_parents (folder, 0700);
  g_file_set_contents (to, contents, (gssize)length, &error);
  g_assert_no_error (error);
}

/* A folder with the files the examples of docs/show-format.md name. */
static char *
make_show_folder (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("shopcast-save-XXXXXX", &error);

  g_assert_no_error (error);
  copy_fixture (dir, "catalog.json");
  copy_fixture (dir, "logo.svg");
  copy_fixture (dir, "images/slate.png");
  copy_fixture (dir, "images/mug.svg");
  return dir;
}

/* The ```json blocks of docs/show-format.md that are shows (not catalogs). */
static GPtrArray *
docs_show_examples (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SHOPCAST_SOURCE_DIR"), "docs",
                                            "show-format.md", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *examples = g_ptr_array_new_with_free_func (g_free);
  const char *p;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  for (p = strstr (text, "```json\n"); p != NULL; p = strstr (p, "```json\n"))
    {
      const char *start = p + strlen ("```json\n");
      const char *end = strstr (start, "```");

      g_assert_nonnull (end);
      if (strstr (start, "\"currency\"") == NULL || strstr (start, "\"currency\"") > end)
        g_ptr_array_add (examples, g_strndup (start, end - start));
      p = end + 3;
    }
  return examples;
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
assert_strv_equal0 (const char * const *a,
                    const char * const *b)
{
  if (a == NULL || b == NULL)
    g_assert_true (a == b);
  else
    g_assert_true (g_strv_equal (a, b));
}

/* Everything a show holds, compared member by member. */
static void
assert_shows_equal (ScShow *a,
                    ScShow *b)
{
  const ScEncodingConfig *ea = sc_show_get_encoding (a);
  const ScEncodingConfig *eb = sc_show_get_encoding (b);
  const ScShopConfig *sa = sc_show_get_shop (a);
  const ScShopConfig *sb = sc_show_get_shop (b);
  GPtrArray *list_a, *list_b;

  g_assert_cmpstr (sc_show_get_title (a), ==, sc_show_get_title (b));
  g_assert_cmpint (ea->width, ==, eb->width);
  g_assert_cmpint (ea->height, ==, eb->height);
  g_assert_cmpint (ea->fps, ==, eb->fps);
  g_assert_cmpint (ea->video_bitrate_kbps, ==, eb->video_bitrate_kbps);
  g_assert_cmpint (ea->audio_bitrate_kbps, ==, eb->audio_bitrate_kbps);
  g_assert_cmpint (ea->keyframe_interval_s, ==, eb->keyframe_interval_s);
  g_assert_cmpstr (ea->video_encoder, ==, eb->video_encoder);
  g_assert_cmpstr (ea->audio_encoder, ==, eb->audio_encoder);
  g_assert_cmpint (ea->rate_control, ==, eb->rate_control);
  g_assert_cmpint (ea->profile, ==, eb->profile);
  g_assert_cmpint (ea->dynamic_bitrate, ==, eb->dynamic_bitrate);
  g_assert_cmpfloat (ea->reconnect_initial_s, ==, eb->reconnect_initial_s);
  g_assert_cmpfloat (ea->reconnect_factor, ==, eb->reconnect_factor);
  g_assert_cmpfloat (ea->reconnect_max_delay_s, ==, eb->reconnect_max_delay_s);
  g_assert_cmpint (ea->reconnect_max_retries, ==, eb->reconnect_max_retries);

  list_a = sc_show_get_sources (a);
  list_b = sc_show_get_sources (b);
  g_assert_cmpuint (list_a->len, ==, list_b->len);
  for (guint i = 0; i < list_a->len; i++)
    g_assert_true (sc_source_config_equal (list_a->pdata[i], list_b->pdata[i]));

  list_a = sc_show_get_outputs (a);
  list_b = sc_show_get_outputs (b);
  g_assert_cmpuint (list_a->len, ==, list_b->len);
  for (guint i = 0; i < list_a->len; i++)
    {
      ScOutputConfig *oa = list_a->pdata[i], *ob = list_b->pdata[i];

      g_assert_cmpstr (oa->name, ==, ob->name);
      g_assert_cmpstr (oa->url, ==, ob->url);
      g_assert_cmpstr (oa->key, ==, ob->key);
      g_assert_cmpstr (oa->key_env, ==, ob->key_env);
      g_assert_cmpint (oa->enabled, ==, ob->enabled);
    }

  g_assert_cmpint (sc_show_get_layout (a), ==, sc_show_get_layout (b));
  g_assert_true (sc_brand_kit_equal (sc_show_get_brand_kit (a), sc_show_get_brand_kit (b)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sc_show_get_catalog (a))), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (sc_show_get_catalog (b))));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (sc_show_get_catalog (a))); i++)
    {
      g_autoptr(ScProduct) pa = g_list_model_get_item (G_LIST_MODEL (sc_show_get_catalog (a)), i);
      g_autoptr(ScProduct) pb = g_list_model_get_item (G_LIST_MODEL (sc_show_get_catalog (b)), i);

      g_assert_cmpstr (sc_product_get_id (pa), ==, sc_product_get_id (pb));
      g_assert_cmpstr (sc_product_get_claim_code (pa), ==, sc_product_get_claim_code (pb));
    }
  g_assert_cmpstr (sc_show_get_pinned (a), ==, sc_show_get_pinned (b));
  assert_strv_equal0 (sc_show_get_rundown (a), sc_show_get_rundown (b));
  g_assert_cmpuint (sc_show_get_low_stock_threshold (a), ==, sc_show_get_low_stock_threshold (b));
  g_assert_cmpint (sc_show_get_chat_visible (a), ==, sc_show_get_chat_visible (b));
  g_assert_cmpuint (sc_show_get_chat_lines (a), ==, sc_show_get_chat_lines (b));
  g_assert_cmpint (sc_show_get_demo_chat (a), ==, sc_show_get_demo_chat (b));
  g_assert_cmpint (sc_show_get_recording_enabled (a), ==, sc_show_get_recording_enabled (b));
  g_assert_cmpstr (sc_show_get_recording_path (a), ==, sc_show_get_recording_path (b));
  g_assert_cmpint (sc_show_get_recording_format (a), ==, sc_show_get_recording_format (b));
  assert_strv_equal0 (sc_show_get_blocked_words (a), sc_show_get_blocked_words (b));
  assert_strv_equal0 (sc_show_get_blocked_authors (a), sc_show_get_blocked_authors (b));
  assert_strv_equal0 (sc_show_get_claim_keywords (a), sc_show_get_claim_keywords (b));

  g_assert_true ((sa == NULL) == (sb == NULL));
  if (sa != NULL)
    {
      g_assert_cmpint (sa->kind, ==, sb->kind);
      g_assert_cmpstr (sa->url, ==, sb->url);
      g_assert_cmpstr (sa->api_version, ==, sb->api_version);
      g_assert_cmpstr (sa->token, ==, sb->token);
      g_assert_cmpstr (sa->token_env, ==, sb->token_env);
      g_assert_cmpstr (sa->file, ==, sb->file);
      g_assert_cmpstr (sa->currency, ==, sb->currency);
      g_assert_cmpfloat (sa->refresh_s, ==, sb->refresh_s);
      g_assert_cmpfloat (sa->full_refresh_s, ==, sb->full_refresh_s);
      g_assert_cmpfloat (sa->timeout_s, ==, sb->timeout_s);
      g_assert_cmpuint (sa->max_retries, ==, sb->max_retries);
      g_assert_cmpint (sa->webhook_port, ==, sb->webhook_port);
      g_assert_cmpstr (sa->webhook_secret, ==, sb->webhook_secret);
      g_assert_cmpint (sa->cache, ==, sb->cache);
    }

  list_a = sc_show_get_chat_sources (a);
  list_b = sc_show_get_chat_sources (b);
  g_assert_cmpuint (list_a->len, ==, list_b->len);
  for (guint i = 0; i < list_a->len; i++)
    {
      ScChatConfig *ca = list_a->pdata[i], *cb = list_b->pdata[i];

      g_assert_cmpint (ca->kind, ==, cb->kind);
      g_assert_cmpstr (ca->url, ==, cb->url);
      g_assert_cmpstr (ca->channel, ==, cb->channel);
      g_assert_cmpstr (ca->nick, ==, cb->nick);
      g_assert_cmpstr (ca->token, ==, cb->token);
      g_assert_cmpstr (ca->live_chat_id, ==, cb->live_chat_id);
      g_assert_cmpstr (ca->api_key, ==, cb->api_key);
      g_assert_cmpstr (ca->api_key_env, ==, cb->api_key_env);
      g_assert_cmpfloat (ca->min_poll_s, ==, cb->min_poll_s);
    }
}

/* Saves @show into @dir, reads it back, saves that again: the same show,
 * the same bytes, and no secret. Returns the saved text. */
static char *
assert_round_trip (ScShow     *show,
                   const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "saved.shopcast", NULL);
  g_autofree char *path2 = g_build_filename (dir, "saved-again.shopcast", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) file2 = g_file_new_for_path (path2);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) reloaded = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text2 = NULL;

  g_assert_true (sc_show_save (show, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_equal (sc_show_get_file (show), file));
  text = read_text (path);
  g_test_message ("saved:\n%s", text);

  reloaded = sc_show_new_from_file (file, &error);
  g_assert_no_error (error);
  assert_shows_equal (show, reloaded);

  g_assert_true (sc_show_save (reloaded, file2, &error));
  g_assert_no_error (error);
  text2 = read_text (path2);
  g_assert_cmpstr (text2, ==, text);

  for (guint i = 0; secret_values[i] != NULL; i++)
    g_assert_null (strstr (text, secret_values[i]));
  g_assert_true (g_str_has_suffix (text, "}\n"));
  g_assert_null (strstr (text, "\t"));
  return g_steal_pointer (&text);
}

static void
test_save_docs_examples (void)
{
  g_autoptr(GPtrArray) examples = docs_show_examples ();

  set_example_secrets ();
  /* The full example and the shop and chat example, at least. */
  g_assert_cmpuint (examples->len, >=, 2);
  for (guint i = 0; i < examples->len; i++)
    {
      g_autofree char *dir = make_show_folder ();
      g_autofree char *path = g_build_filename (dir, "example.shopcast", NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(ScShow) show = NULL;
      g_autofree char *text = NULL;

      g_test_message ("example %u", i);
      g_file_set_contents (path, examples->pdata[i], -1, &error);
      g_assert_no_error (error);
      show = sc_show_new_from_file (file, &error);
      g_assert_no_error (error);

      text = assert_round_trip (show, dir);
      /* Files in the show's folder stay relative to it. */
      g_assert_nonnull (strstr (text, "\"file\": \"catalog.json\""));
      g_assert_null (strstr (text, dir));
      remove_tree (dir);
    }
}

static void
test_save_docs_details (void)
{
  g_autoptr(GPtrArray) examples = docs_show_examples ();
  g_autofree char *dir = make_show_folder ();
  g_autofree char *path = g_build_filename (dir, "sunday.shopcast", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = NULL;
  g_autofree char *text = NULL;
  const char *sunday = NULL;

  set_example_secrets ();
  for (guint i = 0; i < examples->len; i++)
    if (strstr (examples->pdata[i], "Sunday Studio Sale") != NULL)
      sunday = examples->pdata[i];
  g_assert_nonnull (sunday);
  g_file_set_contents (path, sunday, -1, &error);
  g_assert_no_error (error);
  show = sc_show_new_from_file (file, &error);
  g_assert_no_error (error);
  text = assert_round_trip (show, dir);

  /* Names kept, values never; SKUs written as ids; defaults left out. */
  g_assert_nonnull (strstr (text, "\"token_env\": \"SHOPCAST_SHOPIFY_TOKEN\""));
  g_assert_nonnull (strstr (text, "\"secret_env\": \"SHOPCAST_SHOPIFY_WEBHOOK_SECRET\""));
  g_assert_nonnull (strstr (text, "\"api_key_env\": \"SHOPCAST_YOUTUBE_API_KEY\""));
  g_assert_nonnull (strstr (text, "\"key_env\": \"SHOPCAST_KEY_RELAY\""));
  g_assert_nonnull (strstr (text, "\"pinned\": \"mug-01\""));
  g_assert_nonnull (strstr (text, "\"channel\": \"cosycorner\""));
  g_assert_nonnull (strstr (text, "\"claim_codes\": {\n      \"scarf-01\": \"S1\"\n    }"));
  g_assert_nonnull (strstr (text, "\"path\": \"recordings/sunday.mp4\""));
  g_assert_nonnull (strstr (text, "\"rundown\": [\"mug-01\", \"scarf-01\"]"));
  g_assert_null (strstr (text, "\"fps\""));
  g_assert_null (strstr (text, "\"enabled\""));
  g_assert_null (strstr (text, "\"api_version\""));
  g_assert_true (g_str_has_prefix (text, "{\n  \"version\": 1,\n  \"title\": \"Sunday Studio "
                                         "Sale\",\n  \"canvas\": {\n    \"width\": 1080,\n"));
  remove_tree (dir);
}

static void
test_save_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = sc_show_new_demo (&error);
  g_autofree char *dir = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_null (sc_show_get_file (show));
  dir = g_dir_make_tmp ("shopcast-save-XXXXXX", &error);
  g_assert_no_error (error);
  text = assert_round_trip (show, dir);
  /* Its files are in the program: named by resource URI. */
  g_assert_nonnull (strstr (text, "\"file\": \"resource:///io/github/shopcast/Shopcast/demo/"
                                  "catalog.json\""));
  remove_tree (dir);
}

static void
test_save_full (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(ScShow) show = load (fixture, full_show);
  g_autofree char *dir = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  /* A different folder: the show's files are named from there. */
  dir = g_dir_make_tmp ("shopcast-save-XXXXXX", &error);
  g_assert_no_error (error);
  text = assert_round_trip (show, dir);
  g_assert_null (strstr (text, "live_0123_secret"));
  remove_tree (dir);
}

static void
count_changed (ScShow *show,
               guint  *count)
{
  (*count)++;
}

static void
test_setters (void)
{
  g_autoptr(ScShow) show = sc_show_new ("Setters");
  g_autoptr(GError) error = NULL;
  g_autoptr(ScOutputConfig) output = sc_output_config_new ("YouTube",
                                                           "rtmp://a.rtmp.youtube.com/live2");
  g_autoptr(ScOutputConfig) bad = NULL;
  g_autoptr(ScBrandKit) kit = sc_brand_kit_copy (sc_show_get_brand_kit (show));
  g_autoptr(ScShopConfig) shop = sc_shop_config_new (SC_SHOP_KIND_SHOPIFY);
  g_autoptr(ScChatConfig) twitch = sc_chat_config_new (SC_CHAT_KIND_TWITCH);
  g_autoptr(GPtrArray) chats = g_ptr_array_new ();
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                  sc_source_config_free);
  g_autoptr(GPtrArray) audio_only = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                     sc_source_config_free);
  g_autofree char *dir = g_dir_make_tmp ("shopcast-setters-XXXXXX", NULL);
  g_autofree char *recording_path = g_build_filename (dir, "rec", "show.mp4", NULL);
  g_autoptr(GFile) base = NULL;
  g_autofree char *text = NULL;
  g_autofree char *before = NULL;
  ScRecordingConfig recording = { TRUE, recording_path, SC_RECORDING_MP4 };
  const char *keywords[] = { "sold", "ich", NULL };
  const char *words[] = { "spoiler", NULL };
  guint changed = 0;

  g_signal_connect (show, "changed", G_CALLBACK (count_changed), &changed);
  before = sc_show_to_data (show, NULL);
  g_assert_cmpstr (before, ==, "{\n  \"version\": 1,\n  \"title\": \"Setters\"\n}\n");

  sc_show_set_title (show, "Spring Sale");
  sc_show_set_title (show, "Spring Sale");
  g_assert_cmpuint (changed, ==, 1);

  g_assert_true (sc_show_set_canvas (show, 1080, 1920, 25, &error));
  g_assert_no_error (error);
  g_assert_false (sc_show_set_canvas (show, 1081, 1920, 25, &error));
  g_assert_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "$.canvas.width: expected an even number"));
  g_clear_error (&error);
  g_assert_cmpint (sc_show_get_encoding (show)->width, ==, 1080);
  g_assert_true (sc_show_set_video_bitrate (show, 6000, &error));
  g_assert_false (sc_show_set_video_bitrate (show, 60, &error));
  g_assert_nonnull (strstr (error->message, "$.encoding.video_bitrate_kbps"));
  g_clear_error (&error);
  g_assert_true (sc_show_set_video_encoder (show, "openh264enc", &error));
  g_assert_false (sc_show_set_video_encoder (show, "x264enc ! fakesink", &error));
  g_clear_error (&error);
  g_assert_cmpuint (changed, ==, 4);

  /* Outputs: checked as the file's, the key never saved. */
  output->key_env = g_strdup ("SC_TEST_KEY_YT");
  output->key = g_strdup ("yt-secret-key-value");
  g_assert_true (sc_show_add_output (show, output, &error));
  g_assert_no_error (error);
  g_assert_false (sc_show_add_output (show, output, &error));
  g_assert_nonnull (strstr (error->message, "$.outputs[1].name: the name \"YouTube\" is "
                                            "already used by $.outputs[0]"));
  g_clear_error (&error);
  bad = sc_output_config_new ("FTP", "ftp://x");
  g_assert_false (sc_show_add_output (show, bad, &error));
  g_assert_nonnull (strstr (error->message, "$.outputs[1].url: expected an rtmp://, rtmps:// "
                                            "or srt:// URL, got \"ftp://x\""));
  g_clear_error (&error);
  g_free (bad->url);
  bad->url = g_strdup ("rtmp://live.twitch.tv/app");
  g_free (bad->name);
  bad->name = g_strdup ("Twitch");
  bad->key_env = g_strdup ("not a name");
  g_assert_false (sc_show_add_output (show, bad, &error));
  g_assert_nonnull (strstr (error->message, "$.outputs[1].key_env"));
  g_clear_error (&error);
  g_clear_pointer (&bad->key_env, g_free);
  g_assert_true (sc_show_add_output (show, bad, &error));
  bad->enabled = FALSE;
  g_assert_true (sc_show_update_output (show, 1, bad, &error));
  g_assert_false (sc_show_update_output (show, 1, output, &error));
  g_clear_error (&error);
  g_assert_cmpuint (sc_show_get_outputs (show)->len, ==, 2);
  g_assert_cmpuint (changed, ==, 7);

  sc_show_set_layout (show, SC_LAYOUT_SIDE_BY_SIDE);
  sc_color_parse ("#102030", &kit->accent);
  g_free (kit->font_family);
  kit->font_family = g_strdup ("Inter");
  g_assert_true (sc_show_set_brand_kit (show, kit, &error));
  kit->logo_uri = g_strdup ("file:///nonexistent/logo.svg");
  g_assert_false (sc_show_set_brand_kit (show, kit, &error));
  g_assert_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_NOT_FOUND);
  g_clear_error (&error);

  shop->url = g_strdup ("https://spring.myshopify.com");
  shop->token_env = g_strdup ("SC_TEST_SHOP_TOKEN");
  shop->token = g_strdup ("shop-token-value");
  sc_show_set_shop (show, shop);
  twitch->channel = g_strdup ("springsale");
  g_ptr_array_add (chats, twitch);
  sc_show_set_shop (show, shop);
  sc_show_set_chat_sources (show, chats);
  sc_show_set_chat_sources (show, chats);
  sc_show_set_claim_keywords (show, keywords);
  sc_show_set_blocked_words (show, words);
  sc_show_set_blocked_words (show, words);
  sc_show_set_chat_visible (show, FALSE);
  g_assert_true (sc_show_set_recording (show, &recording, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 15);

  g_ptr_array_add (audio_only, sc_source_config_new ("mic", SC_SOURCE_MICROPHONE));
  g_assert_false (sc_show_set_sources (show, audio_only, &error));
  g_assert_nonnull (strstr (error->message, "$.sources: expected at least one video source"));
  g_clear_error (&error);
  g_ptr_array_add (sources, sc_source_config_new ("cam", SC_SOURCE_CAMERA));
  g_ptr_array_add (sources, sc_source_config_new ("mic", SC_SOURCE_MICROPHONE));
  ((ScSourceConfig *)sources->pdata[1])->volume = 1.5;
  g_assert_true (sc_show_set_sources (show, sources, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 16);

  base = g_file_new_for_path (dir);
  text = sc_show_to_data (show, base);
  g_test_message ("%s", text);
  g_assert_cmpstr (text, ==,
    "{\n"
    "  \"version\": 1,\n"
    "  \"title\": \"Spring Sale\",\n"
    "  \"canvas\": {\n"
    "    \"width\": 1080,\n"
    "    \"height\": 1920,\n"
    "    \"fps\": 25\n"
    "  },\n"
    "  \"encoding\": {\n"
    "    \"video_bitrate_kbps\": 6000,\n"
    "    \"video_encoder\": \"openh264enc\"\n"
    "  },\n"
    "  \"sources\": [\n"
    "    {\n"
    "      \"id\": \"cam\",\n"
    "      \"kind\": \"camera\"\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"mic\",\n"
    "      \"kind\": \"microphone\",\n"
    "      \"volume\": 1.5\n"
    "    }\n"
    "  ],\n"
    "  \"layout\": \"side-by-side\",\n"
    "  \"brand\": {\n"
    "    \"accent\": \"#102030\",\n"
    "    \"font\": \"Inter\"\n"
    "  },\n"
    "  \"shop\": {\n"
    "    \"provider\": \"shopify\",\n"
    "    \"url\": \"https://spring.myshopify.com\",\n"
    "    \"token_env\": \"SC_TEST_SHOP_TOKEN\"\n"
    "  },\n"
    "  \"chat\": {\n"
    "    \"visible\": false,\n"
    "    \"sources\": [\n"
    "      {\n"
    "        \"platform\": \"twitch\",\n"
    "        \"channel\": \"springsale\"\n"
    "      }\n"
    "    ],\n"
    "    \"blocked_words\": [\"spoiler\"],\n"
    "    \"claim_keywords\": [\"sold\", \"ich\"]\n"
    "  },\n"
    "  \"outputs\": [\n"
    "    {\n"
    "      \"name\": \"YouTube\",\n"
    "      \"url\": \"rtmp://a.rtmp.youtube.com/live2\",\n"
    "      \"key_env\": \"SC_TEST_KEY_YT\"\n"
    "    },\n"
    "    {\n"
    "      \"name\": \"Twitch\",\n"
    "      \"url\": \"rtmp://live.twitch.tv/app\",\n"
    "      \"enabled\": false\n"
    "    }\n"
    "  ],\n"
    "  \"recording\": {\n"
    "    \"path\": \"rec/show.mp4\",\n"
    "    \"format\": \"mp4\"\n"
    "  }\n"
    "}\n");

  sc_show_remove_output (show, 0);
  g_assert_cmpuint (sc_show_get_outputs (show)->len, ==, 1);
  g_assert_cmpuint (changed, ==, 17);
  remove_tree (dir);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GError **error = user_data;

  sc_show_save_finish (SC_SHOW (object), result, error);
  if (*error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "saved");
}

static void
test_save_async (void)
{
  g_autoptr(ScShow) show = sc_show_new ("Async");
  g_autofree char *dir = g_dir_make_tmp ("shopcast-async-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "async.shopcast", NULL);
  g_autofree char *bad_path = g_build_filename (dir, "no-folder", "x.shopcast", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad_path);
  g_autofree char *text = NULL;
  g_autofree char *expected = sc_show_to_data (show, NULL);
  GError *error = NULL;

  sc_show_save_async (show, file, NULL, saved_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  text = read_text (path);
  g_assert_cmpstr (text, ==, expected);
  g_assert_true (g_file_equal (sc_show_get_file (show), file));

  /* A folder that does not exist: the error names the file. */
  sc_show_save_async (show, bad_file, NULL, saved_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "x.shopcast: "));
  g_clear_error (&error);
  g_assert_true (g_file_equal (sc_show_get_file (show), file));
  remove_tree (dir);
}

/* `locale`: the file's (normalised, saved), else the program's from the
 * environment, else en-US. */
static void
test_locale (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) german = NULL;
  g_autoptr(ScShow) from_env = NULL;
  g_autoptr(ScShow) c_locale = NULL;
  g_autoptr(ScShow) reloaded = NULL;
  g_autofree char *saved_all = g_strdup (g_getenv ("LC_ALL"));
  g_autofree char *saved_messages = g_strdup (g_getenv ("LC_MESSAGES"));
  g_autofree char *saved_lang = g_strdup (g_getenv ("LANG"));
  g_autofree char *data = NULL;
  g_autofree char *default_data = NULL;

  g_unsetenv ("LC_ALL");
  g_unsetenv ("LC_MESSAGES");
  g_setenv ("LANG", "fr_FR.UTF-8", TRUE);
  german = sc_show_new_from_data ("{\"locale\": \"DE-de\"}", 19, "berlin.shopcast", NULL,
                                  &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sc_show_get_locale (german), ==, "de-DE");
  g_assert_true (sc_show_get_locale_is_set (german));

  from_env = sc_show_new_from_data ("{}", 2, "paris.shopcast", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sc_show_get_locale (from_env), ==, "fr-FR");
  g_assert_false (sc_show_get_locale_is_set (from_env));

  g_setenv ("LANG", "C.UTF-8", TRUE);
  c_locale = sc_show_new_from_data ("{}", 2, "c.shopcast", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sc_show_get_locale (c_locale), ==, "en-US");

  /* Saved only when the file chose it, normalised. */
  data = sc_show_to_data (german, NULL);
  g_assert_cmpstr (data, ==, "{\n  \"version\": 1,\n  \"title\": \"berlin\",\n"
                             "  \"locale\": \"de-DE\"\n}\n");
  default_data = sc_show_to_data (from_env, NULL);
  g_assert_null (strstr (default_data, "locale"));
  reloaded = sc_show_new_from_data (data, strlen (data), "berlin.shopcast", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sc_show_get_locale (reloaded), ==, "de-DE");

  /* The setter checks as the reader does, and NULL goes back to the default. */
  g_assert_false (sc_show_set_locale (reloaded, "de_DE", &error));
  g_assert_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "$.locale: expected a BCP 47 language tag such as \"de-DE\", got \"de_DE\"");
  g_clear_error (&error);
  g_assert_cmpstr (sc_show_get_locale (reloaded), ==, "de-DE");
  g_assert_true (sc_show_set_locale (reloaded, "es-ES", &error));
  g_assert_cmpstr (sc_show_get_locale (reloaded), ==, "es-ES");
  g_assert_true (sc_show_set_locale (reloaded, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (sc_show_get_locale_is_set (reloaded));

  if (saved_all) g_setenv ("LC_ALL", saved_all, TRUE); else g_unsetenv ("LC_ALL");
  if (saved_messages) g_setenv ("LC_MESSAGES", saved_messages, TRUE); else g_unsetenv ("LC_MESSAGES");
  if (saved_lang) g_setenv ("LANG", saved_lang, TRUE); else g_unsetenv ("LANG");
}

/* Rundown entries as objects: times, notes and a sale; strings beside them. */
static void
test_rundown_segments (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(ScShow) show = load (fixture,
    "{\"products\": {\"file\": \"catalog.json\", \"rundown\": ["
    " \"card\","
    " {\"product\": \"HH-MUG\", \"minutes\": 5, \"notes\": \"show the glaze up close\","
    "  \"sale\": {\"price\": \"15.00\", \"minutes\": 10, \"apply_to_shop\": true}},"
    " {\"product\": \"scarf\", \"minutes\": 0.5},"
    " {\"product\": \"card\", \"minutes\": 2, \"sale\": {\"price\": \"20\"}}]}}");
  g_autoptr(ScShow) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char * const *rundown = sc_show_get_rundown (show);
  const ScShowSegment *segment;

  /* Existing callers still get the product ids, SKUs turned into ids. */
  g_assert_cmpuint (g_strv_length ((char **)rundown), ==, 4);
  g_assert_cmpstr (rundown[1], ==, "mug-01");
  g_assert_cmpuint (sc_show_get_n_segments (show), ==, 4);
  g_assert_null (sc_show_get_segment (show, 4));

  segment = sc_show_get_segment (show, 0);
  g_assert_cmpstr (segment->product_id, ==, "card");
  g_assert_cmpfloat (segment->minutes, ==, 0);
  g_assert_false (segment->has_sale);
  g_assert_false (segment->is_object);

  segment = sc_show_get_segment (show, 1);
  g_assert_cmpstr (segment->product_id, ==, "mug-01");
  g_assert_cmpfloat (segment->minutes, ==, 5);
  g_assert_cmpstr (segment->notes, ==, "show the glaze up close");
  g_assert_true (segment->has_sale);
  g_assert_cmpint (segment->sale_price, ==, 1500);
  g_assert_cmpfloat (segment->sale_minutes, ==, 10);
  g_assert_true (sc_show_segment_get_apply_to_shop (segment));

  segment = sc_show_get_segment (show, 2);
  g_assert_cmpfloat (segment->minutes, ==, 0.5);
  g_assert_null (segment->notes);
  g_assert_false (segment->has_sale);
  g_assert_false (sc_show_segment_get_apply_to_shop (segment));

  /* A sale without its own minutes lasts as long as its segment. */
  segment = sc_show_get_segment (show, 3);
  g_assert_cmpint (segment->sale_price, ==, 2000);
  g_assert_cmpfloat (segment->sale_minutes, ==, 2);
  g_assert_false (sc_show_segment_get_apply_to_shop (segment));

  /* Saved (the settings dialog does) and read back: nothing is lost. */
  text = sc_show_to_data (show, NULL);
  g_assert_nonnull (strstr (text, "\"notes\": \"show the glaze up close\""));
  g_assert_nonnull (strstr (text, "\"apply_to_shop\": true"));
  g_assert_nonnull (strstr (text, "\"minutes\": 0.5"));
  g_assert_nonnull (strstr (text, "\"price\": \"15.00\""));
  reloaded = try_load (fixture, "saved.shopcast", text, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sc_show_get_n_segments (reloaded), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      const ScShowSegment *a = sc_show_get_segment (show, i);
      const ScShowSegment *b = sc_show_get_segment (reloaded, i);

      g_assert_cmpstr (a->product_id, ==, b->product_id);
      g_assert_cmpfloat (a->minutes, ==, b->minutes);
      g_assert_cmpstr (a->notes, ==, b->notes);
      g_assert_cmpint (a->has_sale, ==, b->has_sale);
      g_assert_cmpint (a->sale_price, ==, b->sale_price);
      g_assert_cmpstr (a->sale_price_text, ==, b->sale_price_text);
      g_assert_cmpfloat (a->sale_minutes, ==, b->sale_minutes);
      g_assert_cmpint (a->apply_to_shop, ==, b->apply_to_shop);
      g_assert_cmpint (a->is_object, ==, b->is_object);
    }
  {
    g_autofree char *text2 = sc_show_to_data (reloaded, NULL);

    g_assert_cmpstr (text, ==, text2);
  }
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
  g_test_add_func ("/studio/show/locale", test_locale);
  g_test_add_func ("/studio/show/demo", test_demo);
  ADD ("/studio/show/relative-to-base", test_relative_to_base);
  ADD ("/studio/show/output-with-credentials", test_output_with_credentials);
  ADD ("/studio/show/bad/not-found", test_not_found);
  ADD ("/studio/show/bad/too-large", test_too_large);
  ADD ("/studio/show/bad/syntax", test_syntax);
  ADD ("/studio/show/bad/deep-nesting", test_deep_nesting);
  ADD ("/studio/show/bad/fields", test_bad_fields);
  ADD ("/studio/show/rundown-segments", test_rundown_segments);
  ADD ("/studio/show/bad/key-env", test_bad_key_env);
  ADD ("/studio/show/bad/secrets", test_bad_output_hides_secrets);
  ADD ("/studio/show/save/full", test_save_full);
  g_test_add_func ("/studio/show/save/docs-examples", test_save_docs_examples);
  g_test_add_func ("/studio/show/save/docs-details", test_save_docs_details);
  g_test_add_func ("/studio/show/save/demo", test_save_demo);
  g_test_add_func ("/studio/show/save/async", test_save_async);
  g_test_add_func ("/studio/show/setters", test_setters);

#undef ADD

  return g_test_run ();
}
