/* test-check.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

/* `shopcast --check FILE` and the check of `--output URL`, run as a user
 * would: the built binary, its exit status, its standard output and error. */

#define STREAM_KEY_VALUE "check-test-stream-key-0123"

typedef struct {
  char *dir;
} Fixture;

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
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (folder, 0700);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
copy_fixture (Fixture    *f,
              const char *name)
{
  g_autofree char *from = g_build_filename (g_getenv ("SHOPCAST_FIXTURES_DIR"), "shows", name,
                                            NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (from, &contents, NULL, &error);
  g_assert_no_error (error);
  write_file (f, name, contents);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("shopcast-check-XXXXXX", &error);
  g_assert_no_error (error);
  copy_fixture (f, "catalog.json");
  copy_fixture (f, "logo.svg");
  copy_fixture (f, "images/slate.png");
  copy_fixture (f, "images/mug.svg");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
}

/* Runs shopcast in the fixture's folder; returns the exit status. */
static int
run_shopcast (Fixture             *f,
              const char * const  *args,
              char               **out,
              char               **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *bin = g_getenv ("SHOPCAST_BIN");

  g_assert_nonnull (bin);
  g_ptr_array_add (argv, (gpointer)bin);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, f->dir);
  /* Neither a display nor a session bus: --check needs none. */
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS",
                                "unix:path=/nonexistent/bus", TRUE);
  g_subprocess_launcher_setenv (launcher, "SHOPCAST_KEY_YOUTUBE", STREAM_KEY_VALUE, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "SHOPCAST_KEY_UNSET");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_test_message ("shopcast %s -> %d\nstdout:\n%s\nstderr:\n%s", args[0],
                  g_subprocess_get_exit_status (process), *out, *err);
  return g_subprocess_get_exit_status (process);
}

static guint
count_lines (const char *text)
{
  guint lines = 0;

  for (const char *p = text; *p != '\0'; p++)
    lines += *p == '\n';
  return lines;
}

static const char *good_show =
  "{\n"
  "  \"title\": \"Friday Night Deals\",\n"
  "  \"canvas\": { \"width\": 1280, \"height\": 720, \"fps\": 30 },\n"
  "  \"sources\": [\n"
  "    { \"id\": \"host\", \"kind\": \"camera\", \"label\": \"Host camera\" },\n"
  "    { \"id\": \"slate\", \"kind\": \"image\", \"path\": \"images/slate.png\" },\n"
  "    { \"id\": \"mic\", \"kind\": \"microphone\", \"volume\": 1.2 }\n"
  "  ],\n"
  "  \"brand\": { \"accent\": \"#ffb000\", \"logo\": \"logo.svg\" },\n"
  "  \"products\": { \"file\": \"catalog.json\", \"pinned\": \"HH-MUG-SAGE\" },\n"
  "  \"outputs\": [\n"
  "    { \"name\": \"YouTube\", \"url\": \"rtmp://a.rtmp.youtube.com/live2\",\n"
  "      \"key_env\": \"SHOPCAST_KEY_YOUTUBE\" }\n"
  "  ],\n"
  "  \"recording\": { \"enabled\": true, \"path\": null, \"format\": \"matroska\" }\n"
  "}\n";

static void
test_good (Fixture       *f,
           gconstpointer  data)
{
  const char *args[] = { "--check", "friday.shopcast", NULL };
  const char *again_args[] = { "--check", "normalised.shopcast", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  write_file (f, "friday.shopcast", good_show);
  g_assert_cmpint (run_shopcast (f, args, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");

  /* The normalised show: JSON, defaults left out, products by id, no key. */
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  g_assert_false (json_object_has_member (root, "canvas"));
  g_assert_false (json_object_has_member (root, "recording"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root,
                                                                                 "products"),
                                                  "pinned"), ==, "mug-01");
  g_assert_null (strstr (out, STREAM_KEY_VALUE));
  g_assert_nonnull (strstr (out, "\"key_env\": \"SHOPCAST_KEY_YOUTUBE\""));
  g_assert_nonnull (strstr (out, "\"path\": \"images/slate.png\""));

  /* Normalised once is normalised: checking the output prints it unchanged. */
  write_file (f, "normalised.shopcast", out);
  g_assert_cmpint (run_shopcast (f, again_args, &out2, &err2), ==, 0);
  g_assert_cmpstr (out2, ==, out);
}

static void
test_every_error (Fixture       *f,
                  gconstpointer  data)
{
  const char *args[] = { "--check", "bad.shopcast", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  write_file (f, "bad.shopcast",
              "{\n"
              "  \"canvas\": { \"fps\": 120 },\n"
              "  \"brand\": { \"logo\": \"missing-logo.svg\" },\n"
              "  \"outputs\": [ { \"url\": \"ftp://x\" } ]\n"
              "}\n");
  g_assert_cmpint (run_shopcast (f, args, &out, &err), ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "bad.shopcast: $.canvas.fps: expected an integer from 1 to 60, "
                                 "got 120\n"));
  g_assert_nonnull (strstr (err, "bad.shopcast: $.brand.logo: the file "));
  g_assert_nonnull (strstr (err, "missing-logo.svg does not exist\n"));
  g_assert_nonnull (strstr (err, "bad.shopcast: $.outputs[0].url: expected an rtmp://, "
                                 "rtmps:// or srt:// URL, got \"ftp://x\"\n"));
  /* Three errors and the count. */
  g_assert_cmpuint (count_lines (err), ==, 4);
  g_assert_true (g_str_has_suffix (err, "bad.shopcast: 3 errors\n"));
}

static void
test_missing_files (Fixture       *f,
                    gconstpointer  data)
{
  const char *args[] = { "--check", "files.shopcast", NULL };
  const char *catalog_args[] = { "--check", "catalog.shopcast", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;

  write_file (f, "files.shopcast",
              "{\"sources\": [{\"id\": \"a\", \"kind\": \"image\", \"path\": \"images/gone.png\"}],"
              " \"products\": {\"file\": \"no-catalog.json\", \"pinned\": \"x\"},"
              " \"encoding\": {\"video_encoder\": \"nosuchencoder\"},"
              " \"outputs\": [{\"url\": \"rtmp://h/app\", \"key_env\": \"SHOPCAST_KEY_UNSET\"}]}");
  g_assert_cmpint (run_shopcast (f, args, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "$.sources[0].path: the file "));
  g_assert_nonnull (strstr (err, "images/gone.png does not exist"));
  g_assert_nonnull (strstr (err, "$.products.file: the file "));
  g_assert_nonnull (strstr (err, "no-catalog.json does not exist"));
  g_assert_nonnull (strstr (err, "$.encoding.video_encoder: the video encoder “nosuchencoder” "
                                 "is not installed"));
  g_assert_nonnull (strstr (err, "$.outputs[0].key_env: environment variable "
                                 "SHOPCAST_KEY_UNSET is not set"));
  /* The pinned product of a catalog that is missing is not an error of its own. */
  g_assert_null (strstr (err, "pinned"));
  g_assert_true (g_str_has_suffix (err, "files.shopcast: 4 errors\n"));

  /* Images the catalog names are opened too. */
  write_file (f, "shop/catalog.json",
              "{\"currency\": \"EUR\", \"products\": [{\"id\": \"a\", \"title\": \"A\", "
              "\"price\": \"1.00\", \"image\": \"pictures/a.svg\"}]}");
  write_file (f, "catalog.shopcast", "{\"products\": {\"file\": \"shop/catalog.json\"}}");
  g_assert_cmpint (run_shopcast (f, catalog_args, &out2, &err2), ==, 2);
  g_assert_nonnull (strstr (err2, "shop/pictures/a.svg does not exist"));
}

static void
test_not_a_show (Fixture       *f,
                 gconstpointer  data)
{
  const char *missing[] = { "--check", "nothing.shopcast", NULL };
  const char *syntax[] = { "--check", "syntax.shopcast", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;

  g_assert_cmpint (run_shopcast (f, missing, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "nothing.shopcast: the show file does not exist"));
  write_file (f, "syntax.shopcast", "{\n  \"layout\": pip\n}\n");
  g_assert_cmpint (run_shopcast (f, syntax, &out2, &err2), ==, 2);
  g_assert_nonnull (strstr (err2, "syntax.shopcast:2:"));
}

/* --output URL says what an output of a show file with that URL says. */
static void
test_output_url (Fixture       *f,
                 gconstpointer  data)
{
  static const struct {
    const char *url;
    const char *says;
  } cases[] = {
    { "ftp://x", "expected an rtmp://, rtmps:// or srt:// URL, got \"ftp://x\"" },
    { "rtmp://", "expected an rtmp:// or rtmps:// URL with a host name, got \"rtmp://\"" },
    { "rtmp://live.example", "expected an RTMP URL with an application, such as "
                             "rtmp://a.rtmp.youtube.com/live2, got \"rtmp://live.example\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *show = g_strdup_printf ("{\"outputs\": [{\"url\": \"%s\"}]}",
                                               cases[i].url);
      g_autofree char *show_says = g_strdup_printf ("url.shopcast: $.outputs[0].url: %s\n",
                                                    cases[i].says);
      g_autofree char *option_says = g_strdup_printf ("shopcast: --output: %s\n",
                                                      cases[i].says);
      const char *check[] = { "--check", "url.shopcast", NULL };
      const char *headless[] = { "--headless", "--demo", "--output", cases[i].url, NULL };
      const char *window[] = { "--demo", "--output", cases[i].url, NULL };
      g_autofree char *out = NULL, *err = NULL;
      g_autofree char *out2 = NULL, *err2 = NULL;
      g_autofree char *out3 = NULL, *err3 = NULL;

      write_file (f, "url.shopcast", show);
      g_assert_cmpint (run_shopcast (f, check, &out, &err), ==, 2);
      g_assert_nonnull (strstr (err, show_says));
      g_assert_cmpint (run_shopcast (f, headless, &out2, &err2), ==, 2);
      g_assert_cmpstr (err2, ==, option_says);
      /* Checked before any window or bus is needed. */
      g_assert_cmpint (run_shopcast (f, window, &out3, &err3), ==, 2);
      g_assert_cmpstr (err3, ==, option_says);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/studio/check/good", test_good);
  ADD ("/studio/check/every-error", test_every_error);
  ADD ("/studio/check/missing-files", test_missing_files);
  ADD ("/studio/check/not-a-show", test_not_a_show);
  ADD ("/studio/check/output-url", test_output_url);

#undef ADD

  return g_test_run ();
}
