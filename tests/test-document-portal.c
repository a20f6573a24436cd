/* test-document-portal.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* Shows in the Flatpak sandbox, against the fake portal
 * (tests/fake-portal.py, FileChooser and Documents) on the test's private
 * session bus. SHOPCAST_SANDBOX=1 stands for /.flatpak-info.
 *
 * The sandbox is simulated as it is: the show is a document of the
 * document portal (<dir>/doc/SHOW/show.shopcast, alone in its folder),
 * its host folder (<dir>/host/shop) does not exist for the test, as the
 * host's home does not inside Flatpak, and the folder the person allows
 * appears at its document path (<dir>/doc/FOLDER/shop). */

#include "config.h"

#include <adwaita.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "base/sc-file-access.h"
#include "media/sc-document-portal.h"
#include "media/sc-media-error.h"
#include "sc-test.h"
#include "sc-test-fake-portal.h"
#include "shop/sc-catalog.h"
#include "shop/sc-product.h"
#include "studio/sc-show.h"
#include "ui/sc-show-loader.h"

#define TIMEOUT_S 30.0

/* One image next to the catalog, one by its absolute host path. */
#define CATALOG_JSON \
  "{\"currency\": \"EUR\", \"products\": [" \
  " {\"id\": \"mug-01\", \"title\": \"Mug\", \"price\": \"19.90\", \"stock\": 12," \
  "  \"image\": \"images/mug.svg\"}," \
  " {\"id\": \"scarf\", \"title\": \"Scarf\", \"price\": \"39.90\", \"stock\": 2," \
  "  \"image\": \"%s/images/mug.svg\"}" \
  "]}"

static const char svg[] =
  "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"16\" height=\"16\">"
  "<rect width=\"16\" height=\"16\" fill=\"#ffb000\"/></svg>";

typedef struct {
  char        *dir;
  char        *record;
  char        *mount;        /* the document portal's mount point */
  char        *host;         /* the show's folder on the "host": not there */
  char        *show;         /* the show as a document */
  char        *granted;      /* the host folder as a document */
  char        *state;        /* where the grants are remembered */
  GSubprocess *portal;
} Fixture;

static void
write_file (const char *path,
            const char *contents)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *show_json = NULL;
  g_autofree char *catalog = NULL;
  g_autofree char *path = NULL;

  f->dir = sc_test_make_tmp_dir ("sc-docportal");
  f->record = g_build_filename (f->dir, "portal.jsonl", NULL);
  f->mount = g_build_filename (f->dir, "doc", NULL);
  f->host = g_build_filename (f->dir, "host", "shop", NULL);
  f->show = g_build_filename (f->mount, "SHOW1", "show.shopcast", NULL);
  f->granted = g_build_filename (f->mount, "FOLDER1", "shop", NULL);
  f->state = g_build_filename (g_get_user_data_dir (), "shopcast", "granted-folders", NULL);

  /* The catalog next to the show; the logo by its absolute host path. */
  show_json = g_strdup_printf ("{\"title\": \"Sandboxed\","
                               " \"products\": {\"file\": \"catalog.json\"},"
                               " \"brand\": {\"logo\": \"%s/logo.svg\"}}", f->host);
  write_file (f->show, show_json);
  path = g_build_filename (f->granted, "show.shopcast", NULL);
  write_file (path, show_json);
  g_free (path);
  path = g_build_filename (f->granted, "catalog.json", NULL);
  catalog = g_strdup_printf (CATALOG_JSON, f->host);
  write_file (path, catalog);
  g_free (path);
  path = g_build_filename (f->granted, "logo.svg", NULL);
  write_file (path, svg);
  g_free (path);
  path = g_build_filename (f->granted, "images", "mug.svg", NULL);
  write_file (path, svg);
  g_assert_false (g_file_test (f->host, G_FILE_TEST_EXISTS));

  g_setenv ("SHOPCAST_SANDBOX", "1", TRUE);
  g_remove (f->state);
  sc_document_portal_forget ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_fake_portal_stop (&f->portal);
  g_assert_true (sc_test_wait_for_bus_name (SC_DOCUMENT_PORTAL_NAME, FALSE, TIMEOUT_S));
  g_remove (f->state);
  sc_document_portal_forget ();
  g_unsetenv ("SHOPCAST_SANDBOX");
  sc_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->record);
  g_free (f->mount);
  g_free (f->host);
  g_free (f->show);
  g_free (f->granted);
  g_free (f->state);
}

/* The fake portal with the documents SHOW1 (the show) and FOLDER1 (its
 * folder), the file chooser answering @chooser ("cancel", or a path), and
 * @first_arg… (NULL-terminated) on top. */
static void
start_portal (Fixture    *f,
              const char *chooser,
              const char *first_arg,
              ...)
{
  g_autofree char *show_doc = g_strdup_printf ("SHOW1=%s/show.shopcast", f->host);
  g_autofree char *folder_doc = g_strdup_printf ("FOLDER1=%s", f->host);
  g_autoptr(GPtrArray) extra = g_ptr_array_new ();
  const char *fixed[] = { "--documents", f->mount, "--document", show_doc,
                          "--document", folder_doc, "--file-chooser", chooser };
  va_list args;

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (extra, (gpointer)fixed[i]);
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (extra, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (extra, NULL);
  sc_test_fake_portal_startv_array (&f->portal, f->record, (const char * const *)extra->pdata);
  g_assert_true (sc_test_wait_for_bus_name (SC_DOCUMENT_PORTAL_NAME, TRUE, TIMEOUT_S));
}

static guint
count_calls (Fixture    *f,
             const char *method)
{
  g_autoptr(GPtrArray) calls = sc_test_fake_portal_calls (f->record);
  guint n = 0;

  for (guint i = 0; i < calls->len; i++)
    if (g_str_equal (json_object_get_string_member (g_ptr_array_index (calls, i), "method"),
                     method))
      n++;
  return n;
}

static JsonObject *
last_call (Fixture    *f,
           const char *method,
           GPtrArray **keep)
{
  JsonObject *found = NULL;

  *keep = sc_test_fake_portal_calls (f->record);
  for (guint i = 0; i < (*keep)->len; i++)
    if (g_str_equal (json_object_get_string_member (g_ptr_array_index (*keep, i), "method"),
                     method))
      found = g_ptr_array_index (*keep, i);
  g_assert_nonnull (found);
  return found;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” is not in “%s”", part, text);
}

typedef struct {
  gboolean  done;
  GFile    *folder;
  GError   *error;
} Result;

static void
granted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Result *r = user_data;

  r->folder = sc_document_portal_request_folder_finish (result, &r->error);
  r->done = TRUE;
}

static gboolean
result_done (gpointer data)
{
  return ((Result *)data)->done;
}

/* Asks for @folder as the loader does; the answer in @r. */
static void
ask (const char *folder,
     gboolean    is_show_folder,
     Result     *r)
{
  memset (r, 0, sizeof *r);
  sc_document_portal_request_folder_async (NULL, "x11:2a", folder, is_show_folder, NULL,
                                           granted_cb, r);
  g_assert_true (sc_test_wait_until (result_done, r, TIMEOUT_S));
}

static void
result_clear (Result *r)
{
  g_clear_object (&r->folder);
  g_clear_error (&r->error);
}

/* Loads the show document: NULL with @error when it fails. */
static ScShow *
load_show (Fixture  *f,
           GError  **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (f->show);

  return sc_show_new_from_file (file, error);
}

/* The show's catalog outside what the sandbox sees: a clear error naming
 * the host file, the show's folder asked for with the right options, the
 * granted document folder used for the catalog, the logo and the images;
 * the grant remembered at the next start, with no second question. */
static void
test_grant (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = NULL;
  g_autoptr(GPtrArray) keep = NULL;
  g_autoptr(GFile) show_file = g_file_new_for_path (f->show);
  g_autofree char *catalog_host = g_build_filename (f->host, "catalog.json", NULL);
  g_autofree char *logo_host = g_build_filename (f->host, "logo.svg", NULL);
  g_autofree char *logo_doc = g_build_filename (f->granted, "logo.svg", NULL);
  g_autofree char *logo_uri = g_filename_to_uri (logo_doc, NULL, NULL);
  guint folder_lookups = 0;
  g_autofree char *image_doc = g_build_filename (f->granted, "images", "mug.svg", NULL);
  g_autofree char *image_uri = g_filename_to_uri (image_doc, NULL, NULL);
  g_autofree char *state = NULL;
  g_autofree char *folder_path = NULL;
  g_auto(GStrv) blocked = NULL;
  g_autofree char *to_ask = NULL;
  g_autoptr(ScProduct) mug = NULL;
  g_autoptr(ScProduct) scarf = NULL;
  JsonObject *call, *options;
  Result r;

  start_portal (f, f->granted, NULL);

  /* Without the folder: what a headless run reports. */
  g_strfreev (sc_file_access_take_blocked ());
  show = load_show (f, &error);
  g_assert_null (show);
  g_assert_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_NOT_FOUND);
  /* The first error: the logo, by its host path. */
  assert_contains (error->message, logo_host);
  assert_contains (error->message, "outside what the Flatpak sandbox lets Shopcast read");
  assert_contains (error->message, "open this show once in the Shopcast window");
  blocked = sc_file_access_take_blocked ();
  g_assert_nonnull (blocked);
  g_assert_cmpstr (blocked[0], ==, logo_host);
  g_assert_true (g_strv_contains ((const char * const *)blocked, catalog_host));
  to_ask = sc_file_access_folder_to_ask (show_file, blocked[0]);
  g_assert_cmpstr (to_ask, ==, f->host);
  g_clear_error (&error);

  /* The question, and what the portal was asked. */
  ask (to_ask, TRUE, &r);
  g_assert_no_error (r.error);
  folder_path = g_file_get_path (r.folder);
  g_assert_cmpstr (folder_path, ==, f->granted);
  result_clear (&r);
  call = last_call (f, "OpenFile", &keep);
  g_assert_cmpstr (json_object_get_string_member (call, "parent_window"), ==, "x11:2a");
  g_assert_cmpstr (json_object_get_string_member (call, "title"), ==,
                   "Allow Shopcast to Read the Show’s Folder");
  options = json_object_get_object_member (call, "options");
  g_assert_true (json_object_get_boolean_member (options, "directory"));
  g_assert_true (json_object_get_boolean_member (options, "modal"));
  g_assert_cmpstr (json_object_get_string_member (options, "current_folder"), ==, f->host);
  g_assert_cmpstr (json_object_get_string_member (options, "accept_label"), ==,
                   "_Allow Access");
  g_assert_true (g_file_get_contents (f->state, &state, NULL, NULL));
  assert_contains (state, f->granted);

  /* Read again: everything from the granted folder. */
  show = load_show (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sc_show_get_catalog (show))), ==, 2);
  mug = g_object_ref (sc_catalog_lookup (sc_show_get_catalog (show), "mug-01"));
  g_assert_cmpstr (sc_product_get_image_uri (mug), ==, image_uri);
  scarf = g_object_ref (sc_catalog_lookup (sc_show_get_catalog (show), "scarf"));
  g_assert_cmpstr (sc_product_get_image_uri (scarf), ==, image_uri);
  g_assert_cmpstr (sc_show_get_brand_kit (show)->logo_uri, ==, logo_uri);

  /* Written back (the settings window, a new restore token), the show
   * names its files next to itself again, never by document path. */
  {
    g_autoptr(GFile) doc_folder = g_file_get_parent (show_file);
    g_autofree char *written = sc_show_to_data (show, doc_folder);
    g_autoptr(JsonNode) root = json_from_string (written, NULL);
    JsonObject *object = json_node_get_object (root);

    g_assert_cmpstr (json_object_get_string_member (
                       json_object_get_object_member (object, "products"), "file"), ==,
                     "catalog.json");
    g_assert_cmpstr (json_object_get_string_member (
                       json_object_get_object_member (object, "brand"), "logo"), ==,
                     "logo.svg");
    g_assert_null (strstr (written, f->mount));
  }
  g_clear_object (&show);

  /* The next start: the grant comes back from the document portal. */
  sc_document_portal_forget ();
  show = load_show (f, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sc_show_get_catalog (show))), ==, 2);
  g_assert_cmpuint (count_calls (f, "OpenFile"), ==, 1);
  /* Asked for FOLDER1's host path twice: at the grant, and at this start. */
  g_clear_pointer (&keep, g_ptr_array_unref);
  keep = sc_test_fake_portal_calls (f->record);
  for (guint i = 0; i < keep->len; i++)
    {
      JsonObject *each = g_ptr_array_index (keep, i);
      g_autofree char *args = NULL;

      if (!g_str_equal (json_object_get_string_member (each, "method"),
                        "Documents.GetHostPaths"))
        continue;
      args = json_to_string (json_object_get_member (each, "args"), FALSE);
      if (strstr (args, "FOLDER1") != NULL)
        folder_lookups++;
    }
  g_assert_cmpuint (folder_lookups, ==, 2);
}

/* The person cancels: a clear error naming the folder, the show's error
 * unchanged, nothing remembered. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = NULL;
  Result r;

  start_portal (f, "cancel", NULL);
  ask (f->host, TRUE, &r);
  g_assert_null (r.folder);
  g_assert_error (r.error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_CANCELLED);
  assert_contains (r.error->message, f->host);
  result_clear (&r);
  g_assert_false (g_file_test (f->state, G_FILE_TEST_EXISTS));

  show = load_show (f, &error);
  g_assert_null (show);
  g_assert_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_NOT_FOUND);
  assert_contains (error->message, "sandbox");
}

/* Another folder than the show's: the title names it. */
static void
test_other_folder_title (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) keep = NULL;
  Result r;

  start_portal (f, f->granted, NULL);
  ask (f->host, FALSE, &r);
  g_assert_no_error (r.error);
  result_clear (&r);
  g_assert_cmpstr (json_object_get_string_member (last_call (f, "OpenFile", &keep), "title"), ==,
                   "Allow Shopcast to Read the Folder “shop”");
}

/* Malformed answers of the file chooser portal. */
static void
test_bad_uri (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->mount, "NOPE", "shop", NULL);
  g_autofree char *missing_uri = g_filename_to_uri (missing, NULL, NULL);
  Result r;

  start_portal (f, f->granted, "--file-chooser-uri", "https://example.com/shop", NULL);
  ask (f->host, TRUE, &r);
  g_assert_error (r.error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_FAILED);
  assert_contains (r.error->message, "https://example.com/shop");
  assert_contains (r.error->message, "not a local folder");
  result_clear (&r);

  start_portal (f, f->granted, "--file-chooser-uri", missing_uri, NULL);
  ask (f->host, TRUE, &r);
  g_assert_error (r.error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_FAILED);
  assert_contains (r.error->message, missing);
  assert_contains (r.error->message, "does not exist");
  result_clear (&r);

  g_assert_false (g_file_test (f->state, G_FILE_TEST_EXISTS));
}

/* A remembered grant the document portal no longer knows (revoked): it is
 * dropped, and the show's error is the clear one again. */
static void
test_revoked (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *show_doc = g_strdup_printf ("SHOW1=%s/show.shopcast", f->host);
  g_autofree char *line = g_strconcat (f->granted, "\n", NULL);
  g_autofree char *state = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = NULL;
  g_autoptr(GPtrArray) extra = g_ptr_array_new ();

  write_file (f->state, line);
  g_ptr_array_add (extra, (gpointer)"--documents");
  g_ptr_array_add (extra, f->mount);
  g_ptr_array_add (extra, (gpointer)"--document");
  g_ptr_array_add (extra, show_doc);
  g_ptr_array_add (extra, NULL);
  sc_test_fake_portal_startv_array (&f->portal, f->record, (const char * const *)extra->pdata);
  g_assert_true (sc_test_wait_for_bus_name (SC_DOCUMENT_PORTAL_NAME, TRUE, TIMEOUT_S));

  show = load_show (f, &error);
  g_assert_null (show);
  assert_contains (error->message, "sandbox");
  g_assert_true (g_file_get_contents (f->state, &state, NULL, NULL));
  g_assert_cmpstr (state, ==, "");
  g_strfreev (sc_file_access_take_blocked ());
}

/* A show folder inside the granted one: read at its document path. */
static void
test_show_in_granted_folder (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *line = g_strconcat (f->granted, "\n", NULL);
  g_autofree char *show_path = g_build_filename (f->granted, "show.shopcast", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (show_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = NULL;

  write_file (f->state, line);
  start_portal (f, "cancel", NULL);
  show = sc_show_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sc_show_get_catalog (show))), ==, 2);
  g_assert_cmpuint (count_calls (f, "OpenFile"), ==, 0);
}

/* Outside the sandbox nothing changes: host paths as they are, the portal
 * never asked. */
static void
test_not_sandboxed (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *show_path = g_build_filename (f->granted, "show.shopcast", NULL);
  g_autofree char *logo = g_build_filename (f->granted, "logo.svg", NULL);
  g_autofree char *logo_uri = g_filename_to_uri (logo, NULL, NULL);
  g_autofree char *json = g_strdup_printf ("{\"products\": {\"file\": \"catalog.json\"},"
                                           " \"brand\": {\"logo\": \"%s\"}}", logo);
  g_autoptr(GFile) file = g_file_new_for_path (show_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = NULL;

  g_setenv ("SHOPCAST_SANDBOX", "0", TRUE);
  write_file (show_path, json);
  start_portal (f, f->granted, NULL);
  show = sc_show_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sc_show_get_brand_kit (show)->logo_uri, ==, logo_uri);
  g_assert_null (sc_file_access_take_blocked ());
  g_assert_cmpuint (count_calls (f, "Documents.GetMountPoint"), ==, 0);
  g_assert_cmpuint (count_calls (f, "Documents.GetHostPaths"), ==, 0);
}

/* ---- The window's loader ------------------------------------------------- */

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_set_object ((GAsyncResult **)user_data, result);
}

static gboolean
loaded (gpointer data)
{
  return *(GAsyncResult **)data != NULL;
}

/* sc_show_load_async, as the window opens a show (@parent NULL: without a
 * window, as from the command line). */
static ScShow *
window_load (Fixture    *f,
             GtkWindow  *parent,
             GError    **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (f->show);
  g_autoptr(GAsyncResult) result = NULL;

  sc_show_load_async (file, parent, NULL, loaded_cb, &result);
  g_assert_true (sc_test_wait_until (loaded, &result, TIMEOUT_S));
  return sc_show_load_finish (result, error);
}

/* The window asks for the show's folder itself, once, with its X11 window
 * as the dialog's parent, and the show opens; the next time it is not
 * asked again. */
static void
test_window_asks (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *parent = gtk_window_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = NULL;
  g_autoptr(GPtrArray) keep = NULL;
  JsonObject *call;

  start_portal (f, f->granted, NULL);
  gtk_window_present (GTK_WINDOW (parent));
  show = window_load (f, GTK_WINDOW (parent), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sc_show_get_catalog (show))), ==, 2);
  call = last_call (f, "OpenFile", &keep);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (call, "parent_window"),
                                   "x11:"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (call, "options"),
                                                  "current_folder"), ==, f->host);
  g_clear_object (&show);

  show = window_load (f, GTK_WINDOW (parent), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_calls (f, "OpenFile"), ==, 1);
  gtk_window_destroy (GTK_WINDOW (parent));
}

/* The person cancels: the portal's reason, then the show's error naming
 * the file; the folder is asked for once, not again for every file. */
static void
test_window_cancel (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *parent = gtk_window_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *logo_host = g_build_filename (f->host, "logo.svg", NULL);

  start_portal (f, "cancel", NULL);
  gtk_window_present (GTK_WINDOW (parent));
  show = window_load (f, GTK_WINDOW (parent), &error);
  g_assert_null (show);
  g_assert_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_NOT_FOUND);
  refused = g_strdup_printf ("Shopcast was not allowed to read %s\n", f->host);
  g_assert_true (g_str_has_prefix (error->message, refused));
  assert_contains (error->message, logo_host);
  g_assert_cmpuint (count_calls (f, "OpenFile"), ==, 1);
  gtk_window_destroy (GTK_WINDOW (parent));
}

/* Without a window nothing is asked: the error says what to do. */
static void
test_window_none (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = NULL;

  start_portal (f, f->granted, NULL);
  show = window_load (f, NULL, &error);
  g_assert_null (show);
  assert_contains (error->message, "open this show once in the Shopcast window");
  g_assert_cmpuint (count_calls (f, "OpenFile"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Where the grants are remembered: this test's own. */
  data_home = sc_test_make_tmp_dir ("sc-docportal-data");
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  if (!sc_test_require_session_bus ())
    {
      sc_test_remove_dir (data_home);
      return g_test_run ();
    }

#define ADD(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/document-portal/grant", test_grant);
  ADD ("/document-portal/cancel", test_cancel);
  ADD ("/document-portal/other-folder-title", test_other_folder_title);
  ADD ("/document-portal/bad-uri", test_bad_uri);
  ADD ("/document-portal/revoked", test_revoked);
  ADD ("/document-portal/show-in-granted-folder", test_show_in_granted_folder);
  ADD ("/document-portal/not-sandboxed", test_not_sandboxed);
  if (sc_test_require_display ())
    {
      adw_init ();
      ADD ("/document-portal/window/asks", test_window_asks);
      ADD ("/document-portal/window/cancel", test_window_cancel);
      ADD ("/document-portal/window/none", test_window_none);
    }
#undef ADD

  status = g_test_run ();
  sc_test_remove_dir (data_home);
  return status;
}
