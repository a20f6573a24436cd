/* test-shop-e2e.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shopcast binary on a show whose catalog comes from a (fake, local)
 * Shopify: the shop changes the pinned product's stock during the show and
 * the card follows; a second start without the shop runs from the cache. */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "sc-fake-shopify.h"
#include "sc-test-rtmp.h"

#define TOKEN "shpat_e2e_test_token"
#define PINNED "gid://shopify/Product/1001"
#define PINNED_VARIANT "gid://shopify/ProductVariant/5001"

typedef struct {
  char          *dir;
  ScFakeShopify *shop;
  SoupServer    *images;
  char          *image_url;
  char          *show_path;
} Fixture;

static void
serve_image (SoupServer        *server,
             SoupServerMessage *message,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  GBytes *png = user_data;

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (png, NULL), g_bytes_get_size (png));
}

static GBytes *
make_png (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 256, 256);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, 0x2080e0ff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &data, &size, "png", &error, NULL));
  return g_bytes_new_take (data, size);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *show = NULL;
  GBytes *png = make_png ();

  f->dir = g_dir_make_tmp ("sc-shop-e2e-XXXXXX", NULL);

  /* Product images come from this machine too: nothing may leave it. */
  f->images = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->images, "/apron.png", serve_image, png,
                           (GDestroyNotify)g_bytes_unref);
  g_assert_true (soup_server_listen_local (f->images, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (f->images);
  f->image_url = g_strdup_printf ("http://127.0.0.1:%d/apron.png", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify)g_uri_unref);

  f->shop = sc_fake_shopify_new (TOKEN, &error);
  g_assert_no_error (error);
  sc_fake_shopify_set_currency (f->shop, "EUR");
  sc_fake_shopify_add_product (f->shop, PINNED, "Linen Apron", NULL);
  sc_fake_shopify_add_variant (f->shop, PINNED, PINNED_VARIANT, "Default", "APRON-1", "24.90",
                               "29.90", 7, TRUE);
  sc_fake_shopify_set_product_links (f->shop, PINNED, NULL, f->image_url);
  sc_fake_shopify_add_product (f->shop, "gid://shopify/Product/1002", "Stoneware Bowl", NULL);
  sc_fake_shopify_add_variant (f->shop, "gid://shopify/Product/1002",
                               "gid://shopify/ProductVariant/5002", "Default", "BOWL-1",
                               "18.00", NULL, 3, TRUE);

  f->show_path = g_build_filename (f->dir, "shop.shopcast", NULL);
  show = g_strdup_printf (
    "{\"title\": \"Shop sync\","
    " \"sources\": [{\"id\": \"host\", \"kind\": \"test-pattern\", \"pattern\": \"smpte\"}],"
    " \"layout\": \"solo\","
    " \"shop\": {\"provider\": \"shopify\", \"url\": \"%s\", \"token_env\": \"SC_E2E_TOKEN\","
    "            \"refresh_s\": 0.5, \"timeout_s\": 2, \"max_retries\": 1},"
    " \"products\": {\"pinned\": \"1001\", \"rundown\": [\"1001\", \"1002\"]},"
    " \"recording\": {\"enabled\": false}}",
    sc_fake_shopify_get_url (f->shop));
  g_assert_true (g_file_set_contents (f->show_path, show, -1, NULL));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->shop);
  if (f->images != NULL)
    soup_server_disconnect (f->images);
  g_clear_object (&f->images);
  sc_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->image_url);
  g_free (f->show_path);
}

/* Generous: waits for what the show reports, on a loaded 2-core machine. */
#define WAIT_S 60

/* Starts the show (until stopped); the shop serves from this process. */
static ScTestProcess *
start_show (Fixture    *f,
            const char *name)
{
  g_autofree char *events = g_strdup_printf ("%s/%s.jsonl", f->dir, name);
  g_autofree char *png = g_strdup_printf ("%s/%s.png", f->dir, name);
  /* The catalog and image caches live in the test's folder. */
  g_autofree char *data_home = g_strdup_printf ("XDG_DATA_HOME=%s/data", f->dir);
  g_autofree char *cache_home = g_strdup_printf ("XDG_CACHE_HOME=%s/cache", f->dir);
  const char *env[] = { data_home, cache_home, "SC_E2E_TOKEN=" TOKEN, NULL };
  const char *args[] = { "--headless", "--show", f->show_path, "--events", events,
                         "--snapshot", png, NULL };

  return sc_test_shopcast_spawn (env, args);
}

/* Waits until the show logged @name with @member = @value, then until it has
 * rendered on for two more stats lines (so the snapshot, the last frame,
 * shows it). */
static void
wait_for_event (Fixture    *f,
                const char *show,
                const char *name,
                const char *member,
                const char *value)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.jsonl", f->dir, show);
  guint stats;

  g_assert_true (sc_test_wait_for_event (path, name, member, value, WAIT_S));
  stats = sc_test_count_events_in_file (path, "stats");
  g_assert_true (sc_test_wait_for_events (path, "stats", stats + 2, WAIT_S));
}

/* Stops the show as a user would (SIGINT) and returns its exit status. */
static int
stop_show (ScTestProcess *process)
{
  sc_test_process_send_signal (process, SIGINT);
  g_assert_true (sc_test_process_wait (process, WAIT_S));
  return sc_test_process_get_status (process);
}

static GPtrArray *
read_events (Fixture    *f,
             const char *name)
{
  g_autofree char *path = g_strdup_printf ("%s/%s.jsonl", f->dir, name);

  return sc_test_read_events (path);
}

static const char *
event_name (JsonObject *event)
{
  return json_object_get_string_member (event, "event");
}

static int
find_event (GPtrArray  *events,
            guint       from,
            const char *name,
            const char *member,
            gint64      value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  return sc_test_find_event (events, from, name, member, text);
}

static double
card_difference (const char *a_path,
                 const char *b_path)
{
  g_autoptr(GdkPixbuf) a = gdk_pixbuf_new_from_file (a_path, NULL);
  g_autoptr(GdkPixbuf) b = gdk_pixbuf_new_from_file (b_path, NULL);
  int n = gdk_pixbuf_get_n_channels (a);
  int stride = gdk_pixbuf_get_rowstride (a);
  guint64 total = 0;
  guint count = 0;

  g_assert_nonnull (a);
  g_assert_nonnull (b);
  /* The card's text column in the solo layout at 1280x720 (right half, bottom). */
  for (int y = 472; y < 696; y++)
    for (int x = 920; x < 1256; x++)
      {
        const guchar *pa = gdk_pixbuf_get_pixels (a) + y * stride + x * n;
        const guchar *pb = gdk_pixbuf_get_pixels (b) + y * stride + x * n;

        total += ABS (pa[0] - pb[0]) + ABS (pa[1] - pb[1]) + ABS (pa[2] - pb[2]);
        count++;
      }
  return (double)total / count;
}

static void
test_live_stock (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(ScTestProcess) show = NULL;
  g_autoptr(GPtrArray) steady = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) offline = NULL;
  g_autofree char *steady_png = g_strdup_printf ("%s/steady.png", f->dir);
  g_autofree char *live_png = g_strdup_printf ("%s/live.png", f->dir);
  JsonObject *changed;
  JsonObject *updated;
  int pinned, card, stock_changed, overlay_updated, sync;
  double diff;

  /* 1. The shop as it is: the card shows "In stock" (7 > 5). */
  show = start_show (f, "steady");
  wait_for_event (f, "steady", "overlay-updated", "stock", "7");
  g_assert_cmpint (stop_show (show), ==, 0);
  g_clear_pointer (&show, sc_test_process_free);
  steady = read_events (f, "steady");
  pinned = find_event (steady, 0, "pinned", NULL, 0);
  g_assert_cmpint (pinned, >=, 0);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (steady, pinned),
                                                  "product_id"), ==, PINNED);
  g_assert_cmpint (find_event (steady, 0, "stock-changed", NULL, 0), <, 0);

  /* 2. The shop sells five once the card is on air: the card says "Only 2 left". */
  show = start_show (f, "live");
  wait_for_event (f, "live", "overlay-updated", "stock", "7");
  g_assert_true (sc_fake_shopify_set_stock (f->shop, PINNED_VARIANT, 2));
  wait_for_event (f, "live", "overlay-updated", "stock", "2");
  g_assert_cmpint (stop_show (show), ==, 0);
  g_clear_pointer (&show, sc_test_process_free);
  events = read_events (f, "live");
  card = find_event (events, 0, "overlay-updated", "stock", 7);
  g_assert_cmpint (card, >=, 0);
  stock_changed = find_event (events, card, "stock-changed", "stock", 2);
  g_assert_cmpint (stock_changed, >, card);
  changed = g_ptr_array_index (events, stock_changed);
  g_assert_true (json_object_get_boolean_member (changed, "pinned"));
  g_assert_cmpint (json_object_get_int_member (changed, "old_stock"), ==, 7);
  overlay_updated = find_event (events, stock_changed, "overlay-updated", "stock", 2);
  g_assert_cmpint (overlay_updated, >, stock_changed);
  updated = g_ptr_array_index (events, overlay_updated);
  /* A figure, not a check: how long the card took on this machine. */
  g_test_message ("stock-changed at %.3f s, overlay-updated at %.3f s",
                  sc_test_event_t (changed), sc_test_event_t (updated));

  diff = card_difference (steady_png, live_png);
  g_test_message ("card text column differs by %.2f per pixel", diff);
  g_assert_cmpfloat (diff, >, 1.0);

  /* 3. No shop at all: the last catalog from the cache, marked stale. */
  g_clear_object (&f->shop);
  show = start_show (f, "offline");
  wait_for_event (f, "offline", "catalog-sync", "stale", "true");
  g_assert_cmpint (stop_show (show), ==, 0);
  offline = read_events (f, "offline");
  pinned = find_event (offline, 0, "pinned", NULL, 0);
  g_assert_cmpint (pinned, >=, 0);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (offline, pinned),
                                                  "product_id"), ==, PINNED);
  sync = -1;
  for (guint i = 0; i < offline->len; i++)
    {
      JsonObject *e = g_ptr_array_index (offline, i);

      if (g_str_equal (event_name (e), "catalog-sync") &&
          json_object_get_boolean_member (e, "stale") &&
          !json_object_get_null_member (e, "synced_at"))
        sync = (int)i;
    }
  g_assert_cmpint (sync, >=, 0);
  g_assert_cmpfloat (json_object_get_double_member (g_ptr_array_index (offline, sync), "age_s"),
                     >, 0.0);
}

/* shopcast --sync-catalog: one full sync and a JSON summary. */
static void
test_sync_command (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *data_home = g_strdup_printf ("XDG_DATA_HOME=%s/data", f->dir);
  g_autofree char *plain = g_build_filename (f->dir, "plain.shopcast", NULL);
  const char *env[] = { data_home, "SC_E2E_TOKEN=" TOKEN, NULL };
  const char *sync_args[] = { "--sync-catalog", "--show", f->show_path, NULL };
  const char *plain_args[] = { "--sync-catalog", "--show", plain, NULL };
  JsonObject *summary;

  g_assert_cmpint (sc_test_run_shopcast (env, sync_args, &out, &err, WAIT_S), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  summary = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (summary, "products"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (summary, "variants"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (summary, "requests"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (summary, "errors")),
                    ==, 0);
  g_assert_null (strstr (out, TOKEN));
  g_assert_null (strstr (err, TOKEN));

  /* A show without a shop has nothing to sync: bad usage. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_file_set_contents (plain, "{\"title\": \"Plain\"}", -1, NULL));
  g_assert_cmpint (sc_test_run_shopcast (env, plain_args, &out, &err, WAIT_S), ==, 2);
  g_assert_nonnull (strstr (err, "$.shop"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/shop/e2e/live-stock-and-offline-start", Fixture, NULL, fixture_set_up,
              test_live_stock, fixture_tear_down);
  g_test_add ("/shop/e2e/sync-catalog-command", Fixture, NULL, fixture_set_up,
              test_sync_command, fixture_tear_down);
  return g_test_run ();
}
