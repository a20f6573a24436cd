/* test-locale.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "base/sc-locale.h"
#include "base/sc-mo-file.h"
#include "base/sc-translation.h"
#include "media/sc-source-bin.h"
#include "overlay/sc-overlay-scene-private.h"
#include "sc-test-util.h"

/* The catalogs of tests/fixtures/locale/, compiled once per process. */
static char *localedir;
static char *localedir_big;

static const char * const catalog_names[] = { "de", "de_AT", "fr", "ja", NULL };

static gboolean
have_catalogs (void)
{
  return localedir != NULL;
}

static char *
catalog_path (const char *dir,
              const char *name)
{
  return g_build_filename (dir, name, "LC_MESSAGES", "shopcast.mo", NULL);
}

static GBytes *
read_catalog (const char *name)
{
  g_autofree char *path = catalog_path (localedir, name);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize size = 0;

  g_file_get_contents (path, &data, &size, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, size);
}

static void
test_tags (void)
{
  static const struct { const char *tag; const char *normal; } ok[] = {
    { "de-DE", "de-DE" }, { "de", "de" }, { "DE-de", "de-DE" }, { "fr-FR", "fr-FR" },
    { "en-IE", "en-IE" }, { "ja-JP", "ja-JP" }, { "zh-Hant-TW", "zh-Hant-TW" },
    { "es-419", "es-419" }, { "sr-Latn-RS", "sr-Latn-RS" },
  };
  static const char * const bad[] = {
    "", "de_DE", "german", "de-DE.UTF-8", "en-UK", "xq", "xq-DE", "de-", "-DE", "d", "de DE",
    "de-DE-x-private", "de-u-co-phonebk", "C", "POSIX", "e\xc3\xa9", "12-DE",
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autofree char *normal = sc_locale_normalize (ok[i].tag);

      g_assert_true (sc_locale_is_valid (ok[i].tag));
      g_assert_cmpstr (normal, ==, ok[i].normal);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("bad tag “%s”", bad[i]);
      g_assert_false (sc_locale_is_valid (bad[i]));
      g_assert_null (sc_locale_normalize (bad[i]));
    }
  g_assert_false (sc_locale_is_valid (NULL));

  {
    g_auto(GStrv) names = sc_locale_dup_gettext_names ("de-DE");
    g_auto(GStrv) short_names = sc_locale_dup_gettext_names ("fr");
    const char * const de_names[] = { "de_DE", "de", NULL };
    const char * const fr_names[] = { "fr", NULL };

    g_assert_true (g_strv_equal ((const char * const *)names, de_names));
    g_assert_true (g_strv_equal ((const char * const *)short_names, fr_names));
  }
}

static void
test_from_environment (void)
{
  static const struct { const char *lc_all, *lc_messages, *lang, *tag; } cases[] = {
    { NULL, NULL, "de_DE.UTF-8", "de-DE" },
    { NULL, "fr_FR.UTF-8", "de_DE.UTF-8", "fr-FR" },
    { "es_ES@euro", "fr_FR.UTF-8", "de_DE.UTF-8", "es-ES" },
    { "C", NULL, "de_DE.UTF-8", "en-US" },
    { NULL, NULL, "C.UTF-8", "en-US" },
    { NULL, NULL, "POSIX", "en-US" },
    { NULL, NULL, NULL, "en-US" },
    { NULL, NULL, "klingon", "en-US" },
  };
  g_autofree char *saved_all = g_strdup (g_getenv ("LC_ALL"));
  g_autofree char *saved_messages = g_strdup (g_getenv ("LC_MESSAGES"));
  g_autofree char *saved_lang = g_strdup (g_getenv ("LANG"));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *tag = NULL;

      if (cases[i].lc_all) g_setenv ("LC_ALL", cases[i].lc_all, TRUE); else g_unsetenv ("LC_ALL");
      if (cases[i].lc_messages)
        g_setenv ("LC_MESSAGES", cases[i].lc_messages, TRUE);
      else
        g_unsetenv ("LC_MESSAGES");
      if (cases[i].lang) g_setenv ("LANG", cases[i].lang, TRUE); else g_unsetenv ("LANG");
      tag = sc_locale_dup_from_environment ();
      g_assert_cmpstr (tag, ==, cases[i].tag);
    }

  if (saved_all) g_setenv ("LC_ALL", saved_all, TRUE); else g_unsetenv ("LC_ALL");
  if (saved_messages) g_setenv ("LC_MESSAGES", saved_messages, TRUE); else g_unsetenv ("LC_MESSAGES");
  if (saved_lang) g_setenv ("LANG", saved_lang, TRUE); else g_unsetenv ("LANG");
}

static void
check_german (const char *dir)
{
  g_autofree char *path = catalog_path (dir, "de");
  g_autoptr(GError) error = NULL;
  g_autoptr(ScMoFile) mo = sc_mo_file_new_for_path (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (mo);
  g_assert_cmpuint (sc_mo_file_get_n_plurals (mo), ==, 2);
  g_assert_cmpstr (sc_mo_file_lookup (mo, "In stock"), ==, "Auf Lager");
  g_assert_cmpstr (sc_mo_file_lookup (mo, "Sold out"), ==, "Ausverkauft");
  g_assert_cmpstr (sc_mo_file_lookup (mo, "Comment %1$s %2$s"), ==, "Kommentiere %1$s %2$s");
  g_assert_cmpstr (sc_mo_file_lookup_plural (mo, "Only %d left", "Only %d left", 2), ==,
                   "Nur noch %d übrig");
  /* Not in the catalog, and in it without a translation: both NULL. */
  g_assert_null (sc_mo_file_lookup (mo, "Next show"));
  g_assert_null (sc_mo_file_lookup (mo, "Untranslated here"));
  g_assert_null (sc_mo_file_lookup (mo, "In stoc"));
  g_assert_null (sc_mo_file_lookup (mo, "In stock!"));
}

static void
test_mo_lookup (void)
{
  if (!have_catalogs ())
    return;
  check_german (localedir);
  /* msgfmt --endianness=big: the same answers. */
  check_german (localedir_big);
}

static void
test_mo_plurals (void)
{
  static const struct { const char *name; gulong n; const char *form; } cases[] = {
    { "de", 0, "%d Artikel (mehrere)" }, { "de", 1, "%d Artikel (eins)" },
    { "de", 2, "%d Artikel (mehrere)" }, { "de", 21, "%d Artikel (mehrere)" },
    { "fr", 0, "%d article" }, { "fr", 1, "%d article" }, { "fr", 2, "%d articles" },
    { "ja", 0, "%d 点" }, { "ja", 1, "%d 点" }, { "ja", 7, "%d 点" },
  };

  if (!have_catalogs ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = catalog_path (localedir, cases[i].name);
      g_autoptr(GError) error = NULL;
      g_autoptr(ScMoFile) mo = sc_mo_file_new_for_path (path, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (sc_mo_file_lookup_plural (mo, "%d item", "%d items", cases[i].n), ==,
                       cases[i].form);
    }
}

static void
expect_invalid (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScMoFile) mo = sc_mo_file_new_from_bytes (bytes, "broken.mo", &error);

  g_assert_null (mo);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "broken.mo is not a valid translation file"));
}

static GBytes *
patched (GBytes  *bytes,
         gsize    offset,
         guint32  value)
{
  gsize size;
  guint8 *data = g_memdup2 (g_bytes_get_data (bytes, &size), g_bytes_get_size (bytes));

  g_assert_cmpuint (offset + 4, <=, size);
  memcpy (data + offset, &value, 4);
  return g_bytes_new_take (data, size);
}

/* Every truncation, crafted headers, and random damage: errors, never a
 * crash or a read outside the data (the sanitizer build checks that). */
static void
test_mo_corrupt (void)
{
  g_autoptr(GBytes) good = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261203);
  const guint8 *data;
  gsize size;
  guint32 originals, translations;

  if (!have_catalogs ())
    return;
  good = read_catalog ("de");
  data = g_bytes_get_data (good, &size);
  memcpy (&originals, data + 12, 4);
  memcpy (&translations, data + 16, 4);

  for (gsize len = 0; len < size; len++)
    {
      g_autoptr(GBytes) cut = g_bytes_new_from_bytes (good, 0, len);

      expect_invalid (cut);
    }

  {
    g_autoptr(GBytes) magic = patched (good, 0, 0x12345678);
    g_autoptr(GBytes) revision = patched (good, 4, 0x00020000);
    g_autoptr(GBytes) many = patched (good, 8, G_MAXUINT32);
    g_autoptr(GBytes) table_out = patched (good, 12, (guint32)size - 4);
    g_autoptr(GBytes) table_wrap = patched (good, 16, G_MAXUINT32 - 3);
    /* The first original's length and offset. */
    g_autoptr(GBytes) long_string = patched (good, originals, (guint32)size);
    g_autoptr(GBytes) far_string = patched (good, originals + 4, G_MAXUINT32 - 1);
    /* The first translation one byte longer: the byte after it is not its NUL. */
    g_autoptr(GBytes) unterminated = NULL;
    guint32 first_length;

    expect_invalid (magic);
    expect_invalid (revision);
    expect_invalid (many);
    expect_invalid (table_out);
    expect_invalid (table_wrap);
    expect_invalid (long_string);
    expect_invalid (far_string);
    memcpy (&first_length, data + translations, 4);
    unterminated = patched (good, translations, first_length + 1);
    expect_invalid (unterminated);
  }

  /* Random bytes changed: whatever loads must answer lookups safely. */
  for (guint round = 0; round < 2000; round++)
    {
      guint8 *copy = g_memdup2 (data, size);
      g_autoptr(GBytes) damaged = NULL;
      g_autoptr(ScMoFile) mo = NULL;
      g_autoptr(GError) error = NULL;
      guint changes = g_rand_int_range (rand, 1, 8);

      for (guint c = 0; c < changes; c++)
        copy[g_rand_int_range (rand, 0, (gint32)size)] = (guint8)g_rand_int_range (rand, 0, 256);
      damaged = g_bytes_new_take (copy, size);
      mo = sc_mo_file_new_from_bytes (damaged, "broken.mo", &error);
      if (mo == NULL)
        {
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
          continue;
        }
      (void)sc_mo_file_lookup (mo, "In stock");
      (void)sc_mo_file_lookup (mo, "");
      (void)sc_mo_file_lookup_plural (mo, "Only %d left", "Only %d left", 3);
    }

  {
    g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
    g_autoptr(GError) error = NULL;
    g_autoptr(ScMoFile) missing = sc_mo_file_new_for_path ("/nonexistent/shopcast.mo", &error);

    expect_invalid (empty);
    g_assert_null (missing);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  }
}

/* de-AT: de_AT's own word, then de's, then English; the process stays in C. */
static void
test_translation_fallback (void)
{
  g_autoptr(ScTranslation) at = NULL;
  g_autoptr(ScTranslation) de = NULL;
  g_autoptr(ScTranslation) en = NULL;
  g_autoptr(ScTranslation) ja = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *messages_before = NULL;

  if (!have_catalogs ())
    return;
  messages_before = g_strdup (setlocale (LC_MESSAGES, NULL));

  at = sc_translation_new ("de-AT", localedir, &error);
  g_assert_no_error (error);
  de = sc_translation_new ("de-DE", localedir, &error);
  g_assert_no_error (error);
  en = sc_translation_new ("en-US", localedir, &error);
  g_assert_no_error (error);
  ja = sc_translation_new ("ja-JP", localedir, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (sc_translation_get_n_catalogs (at), ==, 2);
  g_assert_cmpuint (sc_translation_get_n_catalogs (de), ==, 1);
  g_assert_cmpuint (sc_translation_get_n_catalogs (en), ==, 0);
  g_assert_cmpstr (sc_translation_gettext (at, "In stock"), ==, "Lagernd");
  g_assert_cmpstr (sc_translation_gettext (at, "Sold out"), ==, "Ausverkauft");
  g_assert_cmpstr (sc_translation_gettext (de, "In stock"), ==, "Auf Lager");
  g_assert_cmpstr (sc_translation_gettext (de, "Untranslated here"), ==, "Untranslated here");
  g_assert_cmpstr (sc_translation_gettext (en, "In stock"), ==, "In stock");
  g_assert_cmpstr (sc_translation_ngettext (en, "%d item", "%d items", 1), ==, "%d item");
  g_assert_cmpstr (sc_translation_ngettext (en, "%d item", "%d items", 0), ==, "%d items");
  g_assert_cmpstr (sc_translation_ngettext (at, "%d item", "%d items", 3), ==,
                   "%d Artikel (mehrere)");
  g_assert_cmpstr (sc_translation_ngettext (ja, "%d item", "%d items", 3), ==, "%d 点");
  g_assert_cmpstr (sc_translation_ngettext (NULL, "%d item", "%d items", 3), ==, "%d items");

  /* The process's own messages are untouched: still C, still English. */
  g_assert_cmpstr (setlocale (LC_MESSAGES, NULL), ==, messages_before);
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "In stock"), ==, "In stock");
}

static void
test_translation_corrupt (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *mo_dir = NULL;
  g_autofree char *mo = NULL;
  g_autoptr(ScTranslation) translation = NULL;
  g_autoptr(GError) error = NULL;

  dir = sc_test_make_tmp_dir ("sc-locale");
  mo_dir = g_build_filename (dir, "de", "LC_MESSAGES", NULL);
  g_assert_cmpint (g_mkdir_with_parents (mo_dir, 0700), ==, 0);
  mo = g_build_filename (mo_dir, "shopcast.mo", NULL);
  g_file_set_contents (mo, "\xde\x12\x04\x95 not really", -1, &error);
  g_assert_no_error (error);

  translation = sc_translation_new ("de-DE", dir, &error);
  g_assert_null (translation);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "shopcast.mo is not a valid translation file"));
  sc_test_remove_dir (dir);
}

static ScProduct *
make_product (gint64 stock)
{
  ScProduct *product = sc_product_new ("mug-01", "Steinzeugbecher, Salbei");

  sc_product_set_price (product, 2400);
  sc_product_set_currency (product, "EUR");
  sc_product_set_stock (product, stock);
  sc_product_set_claim_code (product, "A1");
  return product;
}

static gboolean
has_line (GStrv       lines,
          const char *line)
{
  if (!g_strv_contains ((const char * const *)lines, line))
    {
      g_autofree char *all = g_strjoinv (" | ", lines);

      g_test_message ("“%s” not in: %s", line, all);
      return FALSE;
    }
  return TRUE;
}

/* A German show on a C/English process: the card's words and price. */
static void
test_card_german (void)
{
  g_autoptr(ScOverlayScene) scene = sc_overlay_scene_new (1280, 720);
  g_autoptr(ScProduct) product = make_product (2);
  g_auto(GStrv) text = NULL;
  g_auto(GStrv) english = NULL;
  g_auto(GStrv) sold_out = NULL;

  if (!have_catalogs ())
    return;
  g_setenv ("SHOPCAST_LOCALEDIR", localedir, TRUE);

  sc_overlay_scene_set_layout (scene, SC_LAYOUT_PIP);
  sc_overlay_scene_set_product (scene, product);
  english = sc_overlay_scene_dup_card_text (scene);
  g_assert_true (has_line (english, "stock: Only 2 left"));
  g_assert_true (has_line (english, "price: €24.00"));

  sc_overlay_scene_set_locale (scene, "de-DE");
  sc_overlay_scene_set_claim_keyword (scene, "GEKAUFT");
  g_assert_cmpstr (sc_overlay_scene_get_locale (scene), ==, "de-DE");
  text = sc_overlay_scene_dup_card_text (scene);
  g_assert_true (has_line (text, "stock: Nur noch 2 übrig"));
  /* ICU 72: the amount, a no-break space (U+00A0), the euro sign. */
  g_assert_true (has_line (text, "price: 24,00\u00a0€"));
  g_assert_true (has_line (text, "call-to-action: Kommentiere GEKAUFT A1"));

  sc_product_set_stock (product, 0);
  sold_out = sc_overlay_scene_dup_card_text (scene);
  g_assert_true (has_line (sold_out, "stock: Ausverkauft"));

  /* A flash sale's countdown and its end speak German too. */
  {
    ScCardSale sale = { SC_CARD_SALE_LIVE, 1900, 65 };
    g_auto(GStrv) on_sale = NULL;
    g_auto(GStrv) ended = NULL;

    sc_overlay_scene_set_sale (scene, &sale);
    on_sale = sc_overlay_scene_dup_card_text (scene);
    g_assert_true (has_line (on_sale, "sale: Endet in 01:05"));
    g_assert_true (has_line (on_sale, "price: 19,00\u00a0€"));
    g_assert_true (has_line (on_sale, "compare-at: 24,00\u00a0€"));
    sale.state = SC_CARD_SALE_ENDED;
    sc_overlay_scene_set_sale (scene, &sale);
    ended = sc_overlay_scene_dup_card_text (scene);
    g_assert_true (has_line (ended, "sale: Angebot beendet"));
  }

  g_unsetenv ("SHOPCAST_LOCALEDIR");
}

/* The slate standing in for a missing camera speaks the show's language. */
static void
test_slate_german (void)
{
  g_autoptr(ScSourceConfig) config = sc_source_config_new ("host", SC_SOURCE_CAMERA);
  g_autoptr(GError) error = NULL;
  ScEncodingConfig encoding;
  const char * const labels[][2] = {
    { "de-DE", "Kamera — nicht verfügbar" }, { "en-US", "Kamera — not available" },
  };

  if (!have_catalogs ())
    return;
  g_free (config->label);
  config->label = g_strdup ("Kamera");
  sc_encoding_config_init_defaults (&encoding);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autoptr(ScTranslation) translation = sc_translation_new (labels[i][0], localedir, &error);
      g_autoptr(GstElement) bin = NULL;
      g_autoptr(GstElement) overlay = NULL;
      g_autofree char *text = NULL;
      GstIterator *it;
      GValue item = G_VALUE_INIT;

      g_assert_no_error (error);
      bin = gst_object_ref_sink (sc_source_bin_new_slate (config, &encoding, translation,
                                                          "test", &error));
      g_assert_no_error (error);
      it = gst_bin_iterate_all_by_element_factory_name (GST_BIN (bin), "textoverlay");
      g_assert_cmpint (gst_iterator_next (it, &item), ==, GST_ITERATOR_OK);
      overlay = g_value_dup_object (&item);
      g_value_unset (&item);
      gst_iterator_free (it);
      g_object_get (overlay, "text", &text, NULL);
      g_assert_cmpstr (text, ==, labels[i][1]);
    }
  sc_encoding_config_clear (&encoding);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  int status;

  /* The process runs in C whatever the machine's locale, as the brief of the
   * feature says: the show's language never comes from it. */
  setlocale (LC_ALL, "C.UTF-8");
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  dir = sc_test_make_tmp_dir ("sc-locale");
  localedir = g_build_filename (dir, "little", NULL);
  localedir_big = g_build_filename (dir, "big", NULL);
  if (!sc_test_compile_catalogs (localedir, catalog_names, FALSE) ||
      !sc_test_compile_catalogs (localedir_big, catalog_names, TRUE))
    g_clear_pointer (&localedir, g_free);

  g_test_add_func ("/base/locale/tags", test_tags);
  g_test_add_func ("/base/locale/from-environment", test_from_environment);
  g_test_add_func ("/base/mo/lookup", test_mo_lookup);
  g_test_add_func ("/base/mo/plurals", test_mo_plurals);
  g_test_add_func ("/base/mo/corrupt", test_mo_corrupt);
  g_test_add_func ("/base/translation/fallback", test_translation_fallback);
  g_test_add_func ("/base/translation/corrupt", test_translation_corrupt);
  g_test_add_func ("/overlay/locale/card-german", test_card_german);
  g_test_add_func ("/media/locale/slate-german", test_slate_german);
  status = g_test_run ();

  sc_test_remove_dir (dir);
  g_free (localedir);
  g_free (localedir_big);
  return status;
}
