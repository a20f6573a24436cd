/* test-chat-view.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-chat-view"

#include "config.h"

#include <adwaita.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "sc-test-ui.h"
#include "ui/sc-chat-row.h"
#include "ui/sc-chat-view.h"

typedef struct {
  ScTestStudio *studio;
  ScChatView   *view;
  GtkWindow    *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  int height = GPOINTER_TO_INT (user_data);

  fixture->studio = sc_test_studio_new_demo ();
  fixture->view = SC_CHAT_VIEW (sc_chat_view_new ());
  sc_chat_view_set_studio (fixture->view, fixture->studio->studio);
  fixture->window = sc_test_ui_window_new (GTK_WIDGET (fixture->view), 420,
                                           height > 0 ? height : 800);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  sc_test_ui_window_destroy (fixture->window);
  g_clear_pointer (&fixture->studio, sc_test_studio_free);
}

static GListModel *
feed (Fixture *fixture)
{
  return G_LIST_MODEL (sc_studio_get_chat_feed (fixture->studio->studio));
}

typedef struct {
  Fixture *fixture;
  guint    n;
} CountWait;

static gboolean
feed_has_n (gpointer user_data)
{
  CountWait *wait = user_data;

  return g_list_model_get_n_items (feed (wait->fixture)) >= wait->n;
}

/* The demo chat's first lines arrive within a few seconds. */
static ScChatMessage *
wait_for_message (Fixture *fixture,
                  guint    n)
{
  CountWait wait = { fixture, n };

  g_assert_true (sc_test_ui_wait (feed_has_n, &wait, 30));
  /* Let the list bind the new rows. */
  sc_test_ui_spin (100);
  return g_list_model_get_item (feed (fixture), n - 1);
}

static gboolean
in_feed (Fixture    *fixture,
         const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (feed (fixture)); i++)
    {
      g_autoptr(ScChatMessage) message = g_list_model_get_item (feed (fixture), i);

      if (g_str_equal (sc_chat_message_get_id (message), id))
        return TRUE;
    }
  return FALSE;
}

/* @action is "Feature message from", "Hide message from" or "Block". */
static GtkWidget *
button_for (Fixture       *fixture,
            const char    *action,
            ScChatMessage *message)
{
  g_autofree char *label = g_strdup_printf ("%s %s", action,
                                            sc_chat_message_get_author (message));
  GtkWidget *button = sc_test_ui_find_by_label (GTK_WIDGET (fixture->view), label);

  g_assert_nonnull (button);
  g_assert_true (GTK_IS_BUTTON (button));
  return button;
}

/* The pixels of the frame's lower third (where a featured comment goes),
 * from the studio's snapshot of the composited frame, overlays included. */
static GBytes *
lower_third_pixels (Fixture *fixture)
{
  ScStudio *studio = fixture->studio->studio;
  const ScEncodingConfig *encoding = sc_show_get_encoding (sc_studio_get_show (studio));
  g_autofree char *path = g_build_filename (fixture->studio->dir, "frame.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) frame = NULL;
  GByteArray *packed;
  gsize row_bytes;
  ScLayoutGeometry geometry;
  ScRect rect;

  sc_layout_compute (sc_studio_get_layout (studio), encoding->width, encoding->height,
                     &geometry);
  rect = geometry.lower_third;
  g_assert_cmpint (rect.width, >, 0);
  g_assert_true (sc_studio_snapshot (studio, path, &error));
  g_assert_no_error (error);
  frame = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  row_bytes = (gsize)rect.width * gdk_pixbuf_get_n_channels (frame);
  packed = g_byte_array_sized_new (row_bytes * rect.height);
  /* Only the pixels: the padding at the end of a row is not part of the image. */
  for (int y = rect.y; y < rect.y + rect.height; y++)
    g_byte_array_append (packed,
                         gdk_pixbuf_read_pixels (frame) +
                         (gsize)y * gdk_pixbuf_get_rowstride (frame) +
                         (gsize)rect.x * gdk_pixbuf_get_n_channels (frame),
                         row_bytes);
  return g_byte_array_free_to_bytes (packed);
}

typedef struct {
  Fixture *fixture;
  GBytes  *pixels;
  gboolean equal;   /* wait until equal to @pixels, or until different */
} PixelsWait;

static gboolean
lower_third_is (PixelsWait *wait)
{
  g_autoptr(GBytes) now = lower_third_pixels (wait->fixture);

  return g_bytes_equal (now, wait->pixels) == wait->equal;
}

/* A snapshot is a PNG of a whole frame: look a few times a second and let
 * the studio's overlay work run freely in between. */
static gboolean
wait_lower_third (PixelsWait *wait,
                  guint       timeout_s)
{
  for (guint i = 0; i < timeout_s * 4; i++)
    {
      sc_test_ui_spin (250);
      if (lower_third_is (wait))
        return TRUE;
    }
  return FALSE;
}

static void
test_feature (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(ScChatMessage) message = wait_for_message (fixture, 1);
  const char *id = sc_chat_message_get_id (message);
  GtkWidget *button = button_for (fixture, "Feature message from", message);
  JsonObject *event;
  g_autoptr(GBytes) before = NULL;
  PixelsWait wait = { fixture, NULL, FALSE };

  /* Nothing moves in the demo's lower third (a still slate behind it). */
  before = lower_third_pixels (fixture);
  sc_test_ui_spin (300);
  wait.pixels = before;
  wait.equal = TRUE;
  g_assert_true (lower_third_is (&wait));

  sc_test_ui_press (button);
  g_assert_cmpstr (sc_chat_view_get_featured_id (fixture->view), ==, id);
  /* The comment is drawn on the video, in the lower third. */
  wait.equal = FALSE;
  g_assert_true (wait_lower_third (&wait, 30));
  /* The studio put it on the overlay scene as the lower third, and says so. */
  event = sc_test_studio_last_event (fixture->studio, "featured");
  g_assert_nonnull (event);
  g_assert_cmpstr (json_object_get_string_member (event, "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (event, "author"), ==,
                   sc_chat_message_get_author (message));
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_STATE_PRESSED,
                                    GTK_ACCESSIBLE_TRISTATE_TRUE);

  /* Pressed again, the lower third goes: the frame is as before. */
  sc_test_ui_press (button);
  g_assert_null (sc_chat_view_get_featured_id (fixture->view));
  wait.equal = TRUE;
  g_assert_true (wait_lower_third (&wait, 30));
  event = sc_test_studio_last_event (fixture->studio, "featured");
  g_assert_true (json_object_get_null_member (event, "id"));

  /* Hiding the featured message takes the lower third down too. */
  sc_test_ui_press (button);
  g_assert_cmpstr (sc_chat_view_get_featured_id (fixture->view), ==, id);
  sc_studio_hide_message (fixture->studio->studio, id);
  g_assert_null (sc_chat_view_get_featured_id (fixture->view));
  event = sc_test_studio_last_event (fixture->studio, "featured");
  g_assert_true (json_object_get_null_member (event, "id"));
}

static void
test_hide (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(ScChatMessage) message = wait_for_message (fixture, 2);
  g_autofree char *id = g_strdup (sc_chat_message_get_id (message));
  JsonObject *event;

  g_assert_true (in_feed (fixture, id));
  sc_test_ui_press (button_for (fixture, "Hide message from", message));
  /* Off the panel and the video at once. */
  g_assert_false (in_feed (fixture, id));
  event = sc_test_studio_last_event (fixture->studio, "chat-removed");
  g_assert_nonnull (event);
  g_assert_cmpstr (json_object_get_string_member (event, "id"), ==, id);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
author_blocked (Fixture    *fixture,
                const char *author)
{
  const char * const *blocked =
    sc_chat_feed_get_blocked_authors (sc_studio_get_chat_feed (fixture->studio->studio));

  return blocked != NULL && g_strv_contains (blocked, author);
}

/* Block hides the message at once and asks before blocking the author. */
static void
test_block (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(ScChatMessage) first = wait_for_message (fixture, 1);
  g_autoptr(ScChatMessage) second = wait_for_message (fixture, 2);
  AdwMessageDialog *dialog;

  /* Cancelled: the message is hidden, the author is not blocked. */
  sc_test_ui_press (button_for (fixture, "Block", first));
  g_assert_false (in_feed (fixture, sc_chat_message_get_id (first)));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "block"), ==, "_Block");
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_false (author_blocked (fixture, sc_chat_message_get_author (first)));

  /* Confirmed: the author is blocked for the rest of the show. */
  sc_test_ui_press (button_for (fixture, "Block", second));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "block");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (author_blocked (fixture, sc_chat_message_get_author (second)));
  g_assert_false (in_feed (fixture, sc_chat_message_get_id (second)));
}

static GtkAdjustment *
vadjustment (Fixture *fixture)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (sc_chat_view_get_list_view (fixture->view),
                                                 GTK_TYPE_SCROLLED_WINDOW);

  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
}

static gboolean
at_bottom (Fixture *fixture)
{
  GtkAdjustment *adj = vadjustment (fixture);

  return gtk_adjustment_get_value (adj) >=
         gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj) - 4;
}

static gboolean
overflows (gpointer user_data)
{
  GtkAdjustment *adj = vadjustment (user_data);

  return gtk_adjustment_get_upper (adj) > gtk_adjustment_get_page_size (adj) * 1.5;
}

/* Newest at the bottom and followed, unless the host scrolled up. */
static void
test_sticky (Fixture       *fixture,
             gconstpointer  user_data)
{
  GtkAdjustment *adj = vadjustment (fixture);
  g_autoptr(ScChatMessage) last = NULL;
  guint n;

  g_assert_true (sc_test_ui_wait (overflows, fixture, 40));
  sc_test_ui_spin (200);
  g_assert_true (sc_chat_view_get_sticky (fixture->view));
  g_assert_true (at_bottom (fixture));

  /* The host scrolls up to read: the view stays there as messages come. */
  gtk_adjustment_set_value (adj, 0);
  g_assert_false (sc_chat_view_get_sticky (fixture->view));
  n = g_list_model_get_n_items (feed (fixture));
  last = wait_for_message (fixture, n + 1);
  g_assert_cmpfloat (gtk_adjustment_get_value (adj), ==, 0);
  g_assert_false (sc_chat_view_get_sticky (fixture->view));
  g_assert_nonnull (sc_test_ui_find_by_type (GTK_WIDGET (fixture->view), GTK_TYPE_REVEALER));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (
    sc_test_ui_find_by_type (GTK_WIDGET (fixture->view), GTK_TYPE_REVEALER))));

  /* "Jump to Newest" goes back down and follows again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view),
                                             "chat.jump-to-newest", NULL));
  sc_test_ui_spin (200);
  g_assert_true (sc_chat_view_get_sticky (fixture->view));
  g_assert_true (at_bottom (fixture));
  g_clear_object (&last);
  last = wait_for_message (fixture, g_list_model_get_n_items (feed (fixture)) + 1);
  sc_test_ui_spin (200);
  g_assert_true (at_bottom (fixture));

  /* Selecting the newest message (for the window's Feature/Hide shortcuts)
   * keeps the view following the chat. */
  n = g_list_model_get_n_items (feed (fixture));
  g_assert_true (gtk_selection_model_select_item (
    GTK_SELECTION_MODEL (gtk_list_view_get_model (
      GTK_LIST_VIEW (sc_chat_view_get_list_view (fixture->view)))), n - 1, TRUE));
  g_assert_true (sc_chat_view_get_selected_message (fixture->view) == last);
  g_clear_object (&last);
  last = wait_for_message (fixture, n + 1);
  sc_test_ui_spin (200);
  g_assert_true (sc_chat_view_get_sticky (fixture->view));
  g_assert_true (at_bottom (fixture));
}

/* Each platform has its own bundled icon and a name a screen reader says. */
static void
test_platform_icons (void)
{
  const char *platforms[] = { "twitch", "youtube", "demo" };
  const char *names[] = { "Twitch", "YouTube", "Demo chat" };
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());

  for (guint i = 0; i < G_N_ELEMENTS (platforms); i++)
    {
      g_autoptr(ScChatMessage) message =
        sc_chat_message_new (platforms[i], "m1", "Ana <b>", "#zzzzzz", "<i>hi</i> & bye", NULL);
      GtkWidget *row = g_object_ref_sink (sc_chat_row_new ());
      GtkWidget *icon;

      g_assert_true (gtk_icon_theme_has_icon (theme, sc_chat_row_platform_icon (platforms[i])));
      for (guint j = 0; j < i; j++)
        g_assert_cmpstr (sc_chat_row_platform_icon (platforms[i]), !=,
                         sc_chat_row_platform_icon (platforms[j]));
      sc_chat_row_set_item (SC_CHAT_ROW (row), message);
      icon = sc_test_ui_find_by_label (row, names[i]);
      g_assert_nonnull (icon);
      g_assert_true (GTK_IS_IMAGE (icon));
      g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (icon)), ==,
                       sc_chat_row_platform_icon (platforms[i]));
      /* Author and text are shown as typed, never as markup. */
      g_assert_nonnull (sc_test_ui_find_by_label (row, "Feature message from Ana <b>"));
      g_assert_nonnull (sc_test_ui_find_by_label (row, "Hide message from Ana <b>"));
      g_assert_nonnull (sc_test_ui_find_by_label (row, "Block Ana <b>"));
      g_object_unref (row);
    }
}

int
main (int   argc,
      char *argv[])
{
  sc_test_ui_init (&argc, &argv);

  g_test_add ("/ui/chat-view/feature", Fixture, NULL,
              fixture_set_up, test_feature, fixture_tear_down);
  g_test_add ("/ui/chat-view/hide", Fixture, NULL,
              fixture_set_up, test_hide, fixture_tear_down);
  g_test_add ("/ui/chat-view/block", Fixture, NULL,
              fixture_set_up, test_block, fixture_tear_down);
  g_test_add ("/ui/chat-view/sticky", Fixture, GINT_TO_POINTER (160),
              fixture_set_up, test_sticky, fixture_tear_down);
  g_test_add_func ("/ui/chat-view/platform-icons", test_platform_icons);

  return g_test_run ();
}
