/* test-snapshot-locale.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A German show on a process in C: `shopcast --headless --snapshot` draws
 * the demo catalog's card in German, read back from the PNG with tesseract.
 * The strings handed to Pango are checked exactly by /overlay/locale/card-german
 * (test-locale.c); OCR here proves they reach the video. The PNG is kept
 * as tests/snapshot-de-DE.png in the build tree for humans to look at. */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

#include "overlay/sc-layout.h"
#include "sc-test-events.h"
#include "sc-test-process.h"
#include "sc-test-util.h"

#define RUN_TIMEOUT_S 120

static const char show_json[] =
  "{\n"
  "  \"version\": 1,\n"
  "  \"title\": \"Kuschelecke Live\",\n"
  "  \"locale\": \"de-DE\",\n"
  "  \"sources\": [\n"
  "    { \"id\": \"host\", \"kind\": \"test-pattern\", \"pattern\": \"gradient\" },\n"
  "    { \"id\": \"tone\", \"kind\": \"test-tone\", \"volume\": 0.1 }\n"
  "  ],\n"
  "  \"layout\": \"pip\",\n"
  "  \"products\": {\n"
  "    \"file\": \"resource:///io/github/shopcast/Shopcast/demo/catalog.json\",\n"
  "    \"pinned\": \"candle-01\"\n"
  "  },\n"
  "  \"recording\": { \"enabled\": false }\n"
  "}\n";

/* Black text on white for tesseract: the card's light text on its dark
 * panel and the call to action's dark text on the accent both come out
 * readable after a threshold on luminance, three times the size. */
static char *
prepare_for_ocr (GdkPixbuf  *frame,
                 const char *dir)
{
  ScLayoutGeometry geometry;
  g_autoptr(GdkPixbuf) crop = NULL;
  g_autoptr(GdkPixbuf) big = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, "card-ocr.png", NULL);
  int text_x, width, height, stride, channels;
  guchar *pixels;

  sc_layout_compute (SC_LAYOUT_PIP, gdk_pixbuf_get_width (frame), gdk_pixbuf_get_height (frame),
                     &geometry);
  /* The text column, right of the product picture (a square as high as the card). */
  text_x = geometry.card.x + geometry.card.height;
  crop = gdk_pixbuf_new_subpixbuf (frame, text_x, geometry.card.y,
                                   geometry.card.x + geometry.card.width - text_x,
                                   geometry.card.height);
  big = gdk_pixbuf_scale_simple (crop, gdk_pixbuf_get_width (crop) * 3,
                                 gdk_pixbuf_get_height (crop) * 3, GDK_INTERP_BILINEAR);
  width = gdk_pixbuf_get_width (big);
  height = gdk_pixbuf_get_height (big);
  stride = gdk_pixbuf_get_rowstride (big);
  channels = gdk_pixbuf_get_n_channels (big);
  pixels = gdk_pixbuf_get_pixels (big);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guchar *p = pixels + y * stride + x * channels;
        double luma = 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
        guchar v = luma > 127 ? 255 : 0;

        p[0] = p[1] = p[2] = v;
      }
  gdk_pixbuf_save (big, path, "png", &error, NULL);
  g_assert_no_error (error);
  return path;
}

static char *
ocr (const char *tesseract,
     const char *png,
     const char *psm)
{
  const char *argv[] = { tesseract, png, "stdout", "-l", "deu", "--psm", psm, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  return out;
}

/* OCR reads spaces loosely ("Nurnoch"): compare without any. */
static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (out, g_utf8_get_char (p));
  return g_string_free (out, FALSE);
}

static void
test_snapshot_german (void)
{
  g_autofree char *dir = sc_test_make_tmp_dir ("sc-snapshot-locale");
  g_autofree char *localedir = g_build_filename (dir, "locale", NULL);
  g_autofree char *show = g_build_filename (dir, "berlin.shopcast", NULL);
  g_autofree char *png = g_build_filename (dir, "snapshot.png", NULL);
  g_autofree char *events_path = g_build_filename (dir, "events.jsonl", NULL);
  g_autofree char *kept = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "snapshot-de-DE.png",
                                            NULL);
  g_autofree char *localedir_env = g_strconcat ("SHOPCAST_LOCALEDIR=", localedir, NULL);
  g_autofree char *tesseract = NULL;
  g_autofree char *ocr_png = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_lines = NULL;
  g_autofree char *text_column = NULL;
  g_autofree char *squeezed = NULL;
  g_autoptr(GdkPixbuf) frame = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  const char * const names[] = { "de", NULL };
  /* The process speaks C: only the show file says German. */
  const char * const env[] = { localedir_env, "LC_ALL=C.UTF-8", "LANG=C.UTF-8", "LANGUAGE", NULL };
  const char * const args[] = { "--headless", "--show", show, "--duration", "2",
                                "--snapshot", png, "--events", events_path, NULL };
  int status;

  if (!sc_test_compile_catalogs (localedir, names, FALSE))
    return;
  g_file_set_contents (show, show_json, -1, &error);
  g_assert_no_error (error);

  status = sc_test_run_shopcast (env, args, &out, &err, RUN_TIMEOUT_S);
  g_test_message ("stderr: %s", err);
  g_assert_cmpint (status, ==, 0);

  events = sc_test_read_events (events_path);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (events, 0), "event"), ==,
                   "show-started");
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (events, 0), "locale"), ==,
                   "de-DE");

  frame = gdk_pixbuf_new_from_file (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (frame), ==, 1280);
  g_assert_cmpint (gdk_pixbuf_get_height (frame), ==, 720);
  gdk_pixbuf_save (frame, kept, "png", &error, NULL);
  g_assert_no_error (error);

  tesseract = sc_test_find_program ("tesseract");
  if (tesseract == NULL)
    {
      sc_test_report_missing ("tesseract (tesseract-ocr, tesseract-ocr-deu)");
      sc_test_remove_dir (dir);
      return;
    }
  ocr_png = prepare_for_ocr (frame, dir);
  /* Block mode reads the call to action too; single-column mode the rest
   * more surely: both, together. */
  text = ocr (tesseract, ocr_png, "4");
  text_column = ocr (tesseract, ocr_png, "6");
  text_lines = g_strconcat (text, text_column, NULL);
  g_test_message ("OCR: %s", text_lines);
  squeezed = squeeze (text_lines);
  /* candle-01: 24.00 EUR, 2 left, claim code A2; the keyword of de. */
  g_assert_nonnull (strstr (squeezed, "24,00€"));
  g_assert_nonnull (strstr (squeezed, "Nurnoch2übrig"));
  g_assert_nonnull (strstr (squeezed, "KommentiereGEKAUFTA2"));
  g_assert_null (strstr (squeezed, "left"));
  g_assert_null (strstr (squeezed, "Comment"));

  sc_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/headless/snapshot-locale/german", test_snapshot_german);
  return g_test_run ();
}
