/* test-product-list.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-product-list"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "sc-test.h"
#include "sc-test-ui.h"
#include "ui/sc-product-list.h"
#include "ui/sc-product-list-thumbnails.h"
#include "ui/sc-product-row.h"
#include "ui/sc-rundown-cue.h"

typedef struct {
  ScTestStudio  *studio;
  ScProductList *list;
  GtkWindow     *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->studio = sc_test_studio_new_demo ();
  fixture->list = SC_PRODUCT_LIST (sc_product_list_new ());
  sc_product_list_set_studio (fixture->list, fixture->studio->studio);
  /* Tall enough for every demo product to have a row. */
  fixture->window = sc_test_ui_window_new (GTK_WIDGET (fixture->list), 480, 1000);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  sc_test_ui_window_destroy (fixture->window);
  g_clear_pointer (&fixture->studio, sc_test_studio_free);
}

static ScProductRow *
find_row (Fixture    *fixture,
          const char *product_id)
{
  GtkWidget *root = GTK_WIDGET (fixture->list);
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, root);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);

      if (SC_IS_PRODUCT_ROW (widget))
        {
          ScProduct *item = sc_product_row_get_item (SC_PRODUCT_ROW (widget));

          if (item != NULL && g_str_equal (sc_product_get_id (item), product_id))
            return SC_PRODUCT_ROW (widget);
          continue;
        }
      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (stack, child);
    }
  return NULL;
}

static const char *
pinned_id (Fixture *fixture)
{
  ScProduct *pinned = sc_studio_get_pinned (fixture->studio->studio);

  return pinned != NULL ? sc_product_get_id (pinned) : NULL;
}

typedef struct {
  Fixture    *fixture;
  const char *id;
} PinWait;

static gboolean
pinned_is (gpointer user_data)
{
  PinWait *wait = user_data;

  return g_strcmp0 (pinned_id (wait->fixture), wait->id) == 0;
}

/* Rundown first, numbered, in rundown order; the rest after, unnumbered. */
static void
test_rundown_order (Fixture       *fixture,
                    gconstpointer  user_data)
{
  GListModel *model = sc_product_list_get_model (fixture->list);
  const char * const *rundown = sc_show_get_rundown (sc_studio_get_show (fixture->studio->studio));
  guint n_rundown = g_strv_length ((char **)rundown);
  ScCatalog *catalog = sc_show_get_catalog (sc_studio_get_show (fixture->studio->studio));

  g_assert_cmpuint (n_rundown, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (catalog)));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ScProduct) product = g_list_model_get_item (model, i);
      ScProductRow *row = find_row (fixture, sc_product_get_id (product));

      if (i < n_rundown)
        g_assert_cmpstr (sc_product_get_id (product), ==, rundown[i]);
      g_assert_nonnull (row);
      g_assert_cmpuint (sc_product_row_get_position (row), ==, i < n_rundown ? i + 1 : 0);
    }
}

/* The demo show pins the candle at start; the mug comes after it. */
static void
test_pinned_and_next (Fixture       *fixture,
                      gconstpointer  user_data)
{
  ScProduct *next = sc_studio_get_next_in_rundown (fixture->studio->studio);

  g_assert_cmpstr (pinned_id (fixture), ==, "candle-01");
  g_assert_nonnull (next);
  g_assert_cmpstr (sc_product_get_id (next), ==, "mug-01");
  g_assert_true (sc_product_row_get_pinned (find_row (fixture, "candle-01")));
  g_assert_false (sc_product_row_get_next (find_row (fixture, "candle-01")));
  g_assert_true (sc_product_row_get_next (find_row (fixture, "mug-01")));
  g_assert_false (sc_product_row_get_pinned (find_row (fixture, "mug-01")));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (find_row (fixture, "candle-01")),
                                           "pinned"));
}

/* As a screen reader user would: find "Pin <title>" and press it. */
static void
test_pin_button (Fixture       *fixture,
                 gconstpointer  user_data)
{
  GtkWidget *button = sc_test_ui_find_by_label (GTK_WIDGET (fixture->list),
                                                "Pin Chunky Knit Scarf, Mustard");
  PinWait wait = { fixture, "scarf-01" };

  g_assert_nonnull (button);
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_cmpstr (pinned_id (fixture), !=, "scarf-01");
  sc_test_ui_press (button);
  g_assert_true (sc_test_ui_wait (pinned_is, &wait, 10));
  g_assert_true (sc_product_row_get_pinned (find_row (fixture, "scarf-01")));
  g_assert_false (sc_product_row_get_pinned (find_row (fixture, "candle-01")));
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_PRESSED,
                                    GTK_ACCESSIBLE_TRISTATE_TRUE);
  /* The rundown goes on from the pinned product: the blanket is next. */
  g_assert_true (sc_product_row_get_next (find_row (fixture, "blanket-01")));
  g_assert_false (sc_product_row_get_next (find_row (fixture, "mug-01")));
  /* The card went on air: the studio logged the pin. */
  g_assert_nonnull (sc_test_studio_last_event (fixture->studio, "pinned"));
  g_assert_cmpstr (json_object_get_string_member (sc_test_studio_last_event (fixture->studio,
                                                                             "pinned"),
                                                  "product_id"), ==, "scarf-01");
}

static ScRundownCue *
find_cue (GtkWidget *widget)
{
  if (SC_IS_RUNDOWN_CUE (widget))
    return SC_RUNDOWN_CUE (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      ScRundownCue *cue = find_cue (child);

      if (cue != NULL)
        return cue;
    }
  return NULL;
}

static gboolean
cue_has (ScRundownCue *cue,
         const char   *line)
{
  g_auto(GStrv) text = sc_rundown_cue_dup_text (cue);

  return g_strv_contains ((const char * const *)text, line);
}

typedef struct {
  ScRundownCue *cue;
  const char   *line;
} CueWait;

static gboolean
cue_shows (gpointer user_data)
{
  CueWait *wait = user_data;

  return cue_has (wait->cue, wait->line);
}

/* The host's cue: now, time left, next and the notes of the demo's first
 * segment; Next moves it on (the notes are the window's only, never the card's). */
static void
test_cue (Fixture       *fixture,
          gconstpointer  user_data)
{
  ScRundownCue *cue = find_cue (GTK_WIDGET (fixture->list));
  g_auto(GStrv) text = NULL;
  CueWait wait = { cue, "now: Stoneware Mug, Sage\nSegment 2 of 6" };

  g_assert_nonnull (cue);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (cue)));
  g_assert_true (cue_has (cue, "now: Fig & Cedar Soy Candle\nSegment 1 of 6"));
  g_assert_true (cue_has (cue, "next: Stoneware Mug, Sage"));
  g_assert_true (cue_has (cue, "notes: Light it on camera; mention the 40-hour burn time"));
  text = sc_rundown_cue_dup_text (cue);
  /* Four minutes, counted down by the show clock. */
  g_assert_true (g_regex_match_simple ("^time-left: 0[34]:[0-5][0-9]$", text[1], 0, 0));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->list), "products.next", NULL));
  g_assert_true (sc_test_ui_wait (cue_shows, &wait, 10));
  g_assert_true (cue_has (cue, "next: Chunky Knit Scarf, Mustard"));
  g_assert_true (cue_has (cue, "notes: Show the glaze up close"));
}

/* The demo's first segment puts the candle on sale at €19.00: its row
 * shows the sale price; the others their regular price. */
static gboolean
candle_on_sale (gpointer user_data)
{
  Fixture *fixture = user_data;
  ScProductRow *row = find_row (fixture, "candle-01");

  return row != NULL && sc_product_row_get_sale_price (row) == 1900;
}

static void
test_sale_price (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_assert_true (sc_test_ui_wait (candle_on_sale, fixture, 30));
  g_assert_cmpint (sc_product_row_get_sale_price (find_row (fixture, "mug-01")), ==, -1);
}

/* The window's shortcuts: next, previous, unpin. */
static void
test_step_actions (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GtkWidget *list = GTK_WIDGET (fixture->list);

  g_assert_cmpstr (pinned_id (fixture), ==, "candle-01");
  g_assert_true (gtk_widget_activate_action (list, "products.next", NULL));
  g_assert_cmpstr (pinned_id (fixture), ==, "mug-01");
  g_assert_true (gtk_widget_activate_action (list, "products.next", NULL));
  g_assert_cmpstr (pinned_id (fixture), ==, "scarf-01");
  g_assert_true (gtk_widget_activate_action (list, "products.previous", NULL));
  g_assert_cmpstr (pinned_id (fixture), ==, "mug-01");
  g_assert_true (gtk_widget_activate_action (list, "products.unpin", NULL));
  g_assert_null (pinned_id (fixture));
  g_assert_false (sc_product_row_get_pinned (find_row (fixture, "mug-01")));
  g_assert_true (gtk_widget_activate_action (list, "products.pin", "s", "HH-MUG-SAGE"));
  g_assert_cmpstr (pinned_id (fixture), ==, "mug-01");
  /* A product that is not there changes nothing. */
  g_assert_true (gtk_widget_activate_action (list, "products.pin", "s", "no-such-sku"));
  g_assert_cmpstr (pinned_id (fixture), ==, "mug-01");
}

typedef struct {
  ScProductList *list;
  guint          n;
} CountWait;

static gboolean
model_has_n (gpointer user_data)
{
  CountWait *wait = user_data;

  return g_list_model_get_n_items (sc_product_list_get_model (wait->list)) == wait->n;
}

static void
search (Fixture    *fixture,
        const char *text,
        guint       expected)
{
  CountWait wait = { fixture->list, expected };

  gtk_editable_set_text (sc_product_list_get_search_entry (fixture->list), text);
  /* The search entry waits a moment for more typing before it searches. */
  g_assert_true (sc_test_ui_wait (model_has_n, &wait, 10));
}

static void
assert_only (Fixture    *fixture,
             const char *product_id)
{
  g_autoptr(ScProduct) product = g_list_model_get_item (sc_product_list_get_model (fixture->list),
                                                        0);

  g_assert_cmpstr (sc_product_get_id (product), ==, product_id);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  user_data)
{
  ScCatalog *catalog = sc_show_get_catalog (sc_studio_get_show (fixture->studio->studio));
  guint all = g_list_model_get_n_items (G_LIST_MODEL (catalog));

  /* By SKU, any case, any part. */
  search (fixture, "fa-scf", 1);
  assert_only (fixture, "scarf-01");
  search (fixture, "GC-25", 1);
  assert_only (fixture, "giftcard-25");
  /* By title. */
  search (fixture, "  teapot ", 1);
  search (fixture, "SNEAKERS", 1);
  assert_only (fixture, "sneaker-01");
  /* Nothing: the empty page, not an empty list. */
  search (fixture, "no such product", 0);
  /* Enter pins the only match. */
  search (fixture, "HH-MUG", 1);
  g_signal_emit_by_name (sc_product_list_get_search_entry (fixture->list), "activate");
  g_assert_cmpstr (pinned_id (fixture), ==, "mug-01");
  search (fixture, "", all);
}

static void
test_stock_badges (Fixture       *fixture,
                   gconstpointer  user_data)
{
  ScProduct *mug = sc_catalog_lookup (sc_show_get_catalog (sc_studio_get_show (
                                        fixture->studio->studio)), "mug-01");

  /* The demo's threshold for "low" is 5. */
  g_assert_cmpstr (sc_product_row_get_stock_text (find_row (fixture, "candle-01")), ==,
                   "Only 2 left");
  g_assert_cmpstr (sc_product_row_get_stock_text (find_row (fixture, "sneaker-01")), ==,
                   "Sold out");
  g_assert_cmpstr (sc_product_row_get_stock_text (find_row (fixture, "giftcard-25")), ==,
                   "Stock not tracked");
  g_assert_cmpstr (sc_product_row_get_stock_text (find_row (fixture, "mug-01")), ==,
                   "12 in stock");
  /* A sync changing the stock shows at once. */
  sc_product_set_stock (mug, 0);
  g_assert_cmpstr (sc_product_row_get_stock_text (find_row (fixture, "mug-01")), ==,
                   "Sold out");
}

static gboolean
row_has_thumbnail (gpointer user_data)
{
  return sc_product_row_get_thumbnail (user_data) != NULL;
}

static void
test_thumbnails (Fixture       *fixture,
                 gconstpointer  user_data)
{
  ScProductRow *row = find_row (fixture, "teapot-01");
  GdkPaintable *thumbnail;

  g_assert_true (sc_test_ui_wait (row_has_thumbnail, row, 20));
  thumbnail = sc_product_row_get_thumbnail (row);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (thumbnail), ==, 48);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (thumbnail), ==, 48);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
result_ready (gpointer user_data)
{
  return *(GAsyncResult **)user_data != NULL;
}

static GdkTexture *
load (ScProductListThumbnails  *thumbnails,
      const char               *uri,
      GError                  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sc_product_list_thumbnails_load_async (thumbnails, uri, NULL, loaded_cb, &result);
  g_assert_true (sc_test_ui_wait (result_ready, &result, 20));
  return sc_product_list_thumbnails_load_finish (thumbnails, result, error);
}

/* A thumbnail's texture holds straight alpha (what GTK 4.8's cairo renderer
 * draws without going through floats) and gives back the surface's
 * premultiplied pixels when drawn: opaque, clear and two translucent ones. */
static void
test_thumbnail_pixels (void)
{
  static const guint32 premultiplied[] = {
    0xffff0000, 0x00000000, 0x80008000, 0x40200010, 0x01010101, 0xfe7f3f00,
  };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 6, 1);
  g_autoptr(GdkTexture) texture = NULL;
  guint32 back[6];

  memcpy (cairo_image_surface_get_data (surface), premultiplied, sizeof premultiplied);
  cairo_surface_mark_dirty (surface);
  texture = sc_product_list_thumbnails_texture_for_surface (surface);
  cairo_surface_destroy (surface);
  g_assert_true (GDK_IS_MEMORY_TEXTURE (texture));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 6);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 1);
  gdk_texture_download (texture, (guchar *)back, sizeof back);
  for (guint i = 0; i < G_N_ELEMENTS (premultiplied); i++)
    for (guint shift = 0; shift < 32; shift += 8)
      {
        int want = premultiplied[i] >> shift & 0xff;
        int got = back[i] >> shift & 0xff;

        g_assert_cmpint (ABS (want - got), <=, 1);
      }
}

/* Decoded off the main thread, bounded, and every failure says what. */
static void
test_thumbnail_loader (void)
{
  g_autoptr(ScProductListThumbnails) thumbnails = sc_product_list_thumbnails_new (NULL, 32);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("shopcast-thumb-XXXXXX", NULL);
  g_autofree char *junk = g_build_filename (dir, "junk.png", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.png", NULL);

  texture = load (thumbnails, "resource:///io/github/shopcast/Shopcast/demo/images/mug.svg",
                  &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 32);
  g_assert_true (sc_product_list_thumbnails_lookup (
                   thumbnails, "resource:///io/github/shopcast/Shopcast/demo/images/mug.svg")
                 == texture);
  g_clear_object (&texture);

  texture = load (thumbnails, missing, &error);
  g_assert_null (texture);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "missing.png"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (junk, "not a picture", -1, NULL));
  texture = load (thumbnails, junk, &error);
  g_assert_null (texture);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "junk.png"));
  g_clear_error (&error);

  /* A web picture needs the shop's image cache; the demo has no shop. */
  texture = load (thumbnails, "https://shop.example/mug.png", &error);
  g_assert_null (texture);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_null (sc_product_list_thumbnails_lookup (thumbnails, missing));

  g_unlink (junk);
  g_rmdir (dir);
}

static void
picture_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  guint *requests = user_data;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 64, 64);
  g_autoptr(GError) error = NULL;
  char *png = NULL;
  gsize length = 0;

  (*requests)++;
  gdk_pixbuf_fill (pixbuf, 0x3584e4ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &png, &length, "png", &error, NULL));
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_TAKE, png, length);
}

/* A shop's picture is downloaded once into the studio's image cache folder;
 * another loader (the card's, a second list) finds it on disk. */
static void
test_thumbnail_from_shop (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_dir_make_tmp ("shopcast-shop-XXXXXX", NULL);
  g_autofree char *catalog = g_build_filename (dir, "catalog.json", NULL);
  g_autofree char *catalog_json = NULL;
  g_autofree char *url = NULL;
  g_autoslist(GUri) uris = NULL;
  const char *show_json =
    "{ \"version\": 1, \"title\": \"Pictures\","
    "  \"products\": { \"file\": \"catalog.json\" },"
    "  \"shop\": { \"provider\": \"local\" } }";
  guint requests = 0;

  soup_server_add_handler (server, "/mug.png", picture_handler, &requests, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  /* The cache outlives the test: a URL of its own makes the first load a
   * download whatever earlier runs left. */
  {
    g_autofree char *run = g_path_get_basename (dir);

    url = g_strdup_printf ("http://127.0.0.1:%d/mug.png?run=%s", g_uri_get_port (uris->data),
                           run);
  }
  catalog_json = g_strdup_printf ("{ \"currency\": \"EUR\", \"products\": [ { \"id\": \"m\","
                                  " \"title\": \"Mug\", \"price\": \"9.00\", \"stock\": 3,"
                                  " \"image\": \"%s\" } ] }", url);
  g_assert_true (g_file_set_contents (catalog, catalog_json, -1, NULL));
  {
    g_autoptr(GFile) base = g_file_new_for_path (dir);

    show = sc_show_new_from_data (show_json, strlen (show_json), "pictures.shopcast", base,
                                  &error);
  }
  g_assert_no_error (error);
  g_assert_nonnull (sc_show_get_shop (show));

  {
    g_autoptr(ScProductListThumbnails) thumbnails = sc_product_list_thumbnails_new (show, 40);

    texture = load (thumbnails, url, &error);
    g_assert_no_error (error);
    g_assert_cmpint (gdk_texture_get_width (texture), ==, 40);
    g_assert_cmpuint (requests, ==, 1);
    g_clear_object (&texture);
  }
  /* A new loader: the picture comes from the disk cache, not the shop. */
  {
    g_autoptr(ScProductListThumbnails) thumbnails = sc_product_list_thumbnails_new (show, 40);

    texture = load (thumbnails, url, &error);
    g_assert_no_error (error);
    g_assert_cmpint (gdk_texture_get_height (texture), ==, 40);
    g_assert_cmpuint (requests, ==, 1);
  }
  sc_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  sc_test_ui_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ui/product-list/rundown-order", test_rundown_order);
  ADD ("/ui/product-list/pinned-and-next", test_pinned_and_next);
  ADD ("/ui/product-list/pin-button", test_pin_button);
  ADD ("/ui/product-list/step-actions", test_step_actions);
  ADD ("/ui/product-list/rundown-cue", test_cue);
  ADD ("/ui/product-list/sale-price", test_sale_price);
  ADD ("/ui/product-list/search", test_search);
  ADD ("/ui/product-list/stock-badges", test_stock_badges);
  ADD ("/ui/product-list/thumbnails", test_thumbnails);
#undef ADD
  g_test_add_func ("/ui/product-list/thumbnail-loader", test_thumbnail_loader);
  g_test_add_func ("/ui/product-list/thumbnail-pixels", test_thumbnail_pixels);
  g_test_add_func ("/ui/product-list/thumbnail-from-shop", test_thumbnail_from_shop);

  return g_test_run ();
}
