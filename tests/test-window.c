/* test-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ui/sc-start-page.h"
#include "ui/sc-show-chooser.h"
#include "ui/sc-application.h"
#include "ui/sc-destination-status.h"
#include "ui/sc-health.h"
#include "ui/sc-show-settings.h"
#include "ui/sc-window-private.h"

/* Generous: CI is a loaded two-core machine. */
#define STATE_TIMEOUT_S 30.0

static ScApplication *application;

typedef gboolean (*Condition) (gpointer data);

static gboolean
wait_for (Condition condition,
          gpointer  data,
          double    timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return TRUE;
}

typedef struct {
  ScStudio      *studio;
  ScStudioState  state;
} StateWait;

static gboolean
studio_in_state (gpointer data)
{
  StateWait *wait = data;

  return sc_studio_get_state (wait->studio) == wait->state;
}

static gboolean
wait_for_state (ScStudio      *studio,
                ScStudioState  state)
{
  StateWait wait = { studio, state };

  return wait_for (studio_in_state, &wait, STATE_TIMEOUT_S);
}

/* A loopback port that nothing listens on: connections to it are refused. */
static guint16
unused_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_nonnull (socket);
  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

typedef struct {
  char     *dir;
  char     *recording;
  ScWindow *window;
} Fixture;

static ScShow *
make_show (guint16 rtmp_port)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *outputs = NULL;
  g_autofree char *data = NULL;
  ScShow *show;

  if (rtmp_port != 0)
    outputs = g_strdup_printf ("[{ \"name\": \"Loopback\", "
                               "\"url\": \"rtmp://127.0.0.1:%u/live/test\" }]", rtmp_port);
  else
    outputs = g_strdup ("[]");

  /* Small and light: the tests check what the window does, not the encoder. */
  data = g_strdup_printf ("{ \"version\": 1, \"title\": \"Window Test\","
                          "  \"canvas\": { \"width\": 320, \"height\": 180, \"fps\": 30 },"
                          "  \"sources\": ["
                          "    { \"id\": \"cam\", \"kind\": \"test-pattern\", \"label\": \"Cam\" },"
                          "    { \"id\": \"mic\", \"kind\": \"test-tone\", \"label\": \"Mic\" }"
                          "  ],"
                          "  \"outputs\": %s,"
                          "  \"reconnect\": { \"initial_delay_s\": 1, \"factor\": 1.5,"
                          "                   \"max_delay_s\": 5, \"max_retries\": -1 }"
                          "}", outputs);
  show = sc_show_new_from_data (data, strlen (data), "window-test.shopcast", NULL, &error);
  g_assert_no_error (error);
  return show;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  guint16 port = GPOINTER_TO_UINT (user_data);
  g_autoptr(ScShow) show = make_show (port);
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("shopcast-window-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->recording = g_build_filename (fixture->dir, "show.mkv", NULL);

  fixture->window = sc_window_new (application, show);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  sc_studio_set_recording_path (sc_window_get_studio (fixture->window), fixture->recording);
  gtk_window_present (GTK_WINDOW (fixture->window));
  sc_window_start (fixture->window);
  g_assert_true (wait_for_state (sc_window_get_studio (fixture->window),
                                 SC_STUDIO_STATE_REHEARSAL));
}

static gboolean
window_gone (gpointer data)
{
  Fixture *fixture = data;

  return fixture->window == NULL;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (fixture->window != NULL)
    {
      ScStudio *studio = sc_window_get_studio (fixture->window);

      if (sc_studio_get_state (studio) == SC_STUDIO_STATE_LIVE)
        sc_studio_end_show (studio);
      g_assert_true (wait_for_state (studio, SC_STUDIO_STATE_REHEARSAL));
      gtk_window_close (GTK_WINDOW (fixture->window));
      g_assert_true (wait_for (window_gone, fixture, STATE_TIMEOUT_S));
    }
  g_remove (fixture->recording);
  g_rmdir (fixture->dir);
  g_free (fixture->recording);
  g_free (fixture->dir);
}

static gboolean
confirmation_shown (gpointer data)
{
  return _sc_window_get_confirmation (data) != NULL;
}

static gboolean
recording_written (gpointer data)
{
  Fixture *fixture = data;
  GStatBuf st;

  return g_stat (fixture->recording, &st) == 0 && st.st_size > 0;
}

static void
test_go_live_end_show (Fixture       *fixture,
                       gconstpointer  user_data)
{
  ScStudio *studio = sc_window_get_studio (fixture->window);
  AdwMessageDialog *dialog;

  g_assert_cmpstr (adw_window_title_get_subtitle (fixture->window->window_title), ==,
                   "Rehearsal — not live");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window->go_live_button)));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (fixture->window->go_live_button)));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (fixture->window->end_show_button)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-live", NULL));
  g_assert_true (wait_for_state (studio, SC_STUDIO_STATE_LIVE));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window->live_badge)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->window->strip_stack), ==, "live");
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (fixture->window->end_show_button)));

  /* End Show asks first; "Keep Streaming" keeps the show live. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.end-show", NULL));
  dialog = _sc_window_get_confirmation (fixture->window);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "cancel");
  g_assert_null (_sc_window_get_confirmation (fixture->window));
  g_assert_cmpint (sc_studio_get_state (studio), ==, SC_STUDIO_STATE_LIVE);

  g_assert_true (wait_for (recording_written, fixture, STATE_TIMEOUT_S));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.end-show", NULL));
  g_assert_true (wait_for (confirmation_shown, fixture->window, STATE_TIMEOUT_S));
  adw_message_dialog_response (_sc_window_get_confirmation (fixture->window), "end");
  g_assert_true (wait_for_state (studio, SC_STUDIO_STATE_REHEARSAL));

  /* After the show: where the recording is, and a way to open its folder. */
  g_assert_true (gtk_revealer_get_reveal_child (fixture->window->recording_revealer));
  g_assert_nonnull (strstr (gtk_label_get_text (fixture->window->recording_label), "show.mkv"));
  g_assert_cmpstr (sc_studio_get_recording_path (studio), ==, fixture->recording);
  g_assert_true (recording_written (fixture));
  g_assert_cmpstr (adw_window_title_get_subtitle (fixture->window->window_title), ==,
                   "Rehearsal — not live");
}

static gboolean
output_reconnecting (gpointer data)
{
  GListModel *outputs = sc_studio_get_outputs (data);

  for (guint i = 0; i < g_list_model_get_n_items (outputs); i++)
    {
      g_autoptr(ScOutput) output = g_list_model_get_item (outputs, i);

      if (!sc_output_is_recording (output)
          && sc_output_get_state (output) == SC_OUTPUT_STATE_RECONNECTING)
        return TRUE;
    }
  return FALSE;
}

static ScDestinationStatus *
find_row (ScWindow *window,
          gboolean  recording)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (window->outputs_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (SC_IS_DESTINATION_STATUS (child)
        && sc_output_is_recording (sc_destination_status_get_output (SC_DESTINATION_STATUS (child)))
           == recording)
      return SC_DESTINATION_STATUS (child);
  return NULL;
}

/* The streaming output has failed and retried at least twice. */
static gboolean
output_retried_twice (gpointer data)
{
  GListModel *outputs = sc_studio_get_outputs (data);

  for (guint i = 0; i < g_list_model_get_n_items (outputs); i++)
    {
      g_autoptr(ScOutput) output = g_list_model_get_item (outputs, i);

      if (!sc_output_is_recording (output) && sc_output_get_attempt (output) >= 3
          && sc_output_get_state (output) == SC_OUTPUT_STATE_RECONNECTING)
        return TRUE;
    }
  return FALSE;
}

static void
test_health_amber_while_reconnecting (Fixture       *fixture,
                                      gconstpointer  user_data)
{
  ScStudio *studio = sc_window_get_studio (fixture->window);
  ScDestinationStatus *row;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-live", NULL));
  g_assert_true (wait_for_state (studio, SC_STUDIO_STATE_LIVE));
  g_assert_true (wait_for (output_reconnecting, studio, STATE_TIMEOUT_S));

  _sc_window_update_live (fixture->window);
  /* The light is amber and names the destination, unless the show itself
   * reports lost frames (a loaded machine, a sanitizer build): those rank
   * first and may be red, and the destination's row below still says it is
   * reconnecting. */
  {
    const char *summary = gtk_label_get_text (fixture->window->health_label);
    ScHealthLevel level = sc_health_get_level (_sc_window_get_health (fixture->window));

    g_test_message ("health: %s", summary);
    if (strstr (summary, "frames lost") != NULL)
      g_assert_cmpint (level, >=, SC_HEALTH_WARNING);
    else
      {
        g_assert_cmpint (level, ==, SC_HEALTH_WARNING);
        g_assert_true (gtk_widget_has_css_class (fixture->window->health_light,
                                                 "health-warning"));
        g_assert_nonnull (strstr (summary, "Loopback"));
      }
  }

  /* The destination says it is retrying, and offers to retry now. */
  row = find_row (fixture->window, FALSE);
  g_assert_nonnull (row);
  g_assert_true (g_str_has_prefix (sc_destination_status_get_detail (row), "Connection lost"));

  /* One "reconnecting" toast for the outage, not one per attempt. */
  g_assert_true (wait_for (output_retried_twice, studio, STATE_TIMEOUT_S));
  g_assert_cmpuint (fixture->window->reconnect_toasts, ==, 1);
}

static void
test_close_while_live_asks (Fixture       *fixture,
                            gconstpointer  user_data)
{
  ScStudio *studio = sc_window_get_studio (fixture->window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-live", NULL));
  g_assert_true (wait_for_state (studio, SC_STUDIO_STATE_LIVE));

  /* Closing asks; saying no keeps the window and the show. */
  gtk_window_close (GTK_WINDOW (fixture->window));
  g_assert_nonnull (fixture->window);
  g_assert_nonnull (_sc_window_get_confirmation (fixture->window));
  adw_message_dialog_response (_sc_window_get_confirmation (fixture->window), "cancel");
  g_assert_nonnull (fixture->window);
  g_assert_cmpint (sc_studio_get_state (studio), ==, SC_STUDIO_STATE_LIVE);

  /* Quitting asks too, as it closes the windows. */
  g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);
  g_assert_nonnull (fixture->window);
  g_assert_nonnull (_sc_window_get_confirmation (fixture->window));

  g_assert_true (wait_for (recording_written, fixture, STATE_TIMEOUT_S));
  adw_message_dialog_response (_sc_window_get_confirmation (fixture->window), "end");
  /* The window waits for the recording to be finalised, then goes. */
  g_assert_true (wait_for (window_gone, fixture, STATE_TIMEOUT_S));
  g_assert_true (recording_written (fixture));
}

static gboolean
window_hidden (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

static void
test_preview_paused_while_hidden (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  ScPipeline *pipeline = sc_studio_get_pipeline (sc_window_get_studio (fixture->window));

  g_assert_true (_sc_window_get_preview_active (fixture->window));
  g_assert_cmpint (sc_pipeline_get_preview_width (pipeline), >, 0);

  gtk_widget_hide (GTK_WIDGET (fixture->window));
  g_assert_true (wait_for (window_hidden, fixture->window, STATE_TIMEOUT_S));
  g_assert_false (_sc_window_get_preview_active (fixture->window));
  g_assert_cmpint (sc_pipeline_get_preview_width (pipeline), ==, 0);

  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (_sc_window_get_preview_active (fixture->window));
  g_assert_cmpint (sc_pipeline_get_preview_width (pipeline), >, 0);
}

static void
count_frame (guint *frames)
{
  (*frames)++;
}

static gboolean
frames_arrived (gpointer data)
{
  return *(guint *) data >= 60;
}

/* Frames reach the widget, at the size it is drawn at. The rate is reported,
 * not asserted: CI is a loaded machine. */
static void
test_preview_frames (Fixture       *fixture,
                     gconstpointer  user_data)
{
  ScPipeline *pipeline = sc_studio_get_pipeline (sc_window_get_studio (fixture->window));
  GdkTexture *texture;
  ScPipelineStats before, after;
  guint frames = 0, emitted = 0;
  gint64 start = g_get_monotonic_time ();
  gulong id = g_signal_connect_swapped (fixture->window->preview, "invalidate-contents",
                                        G_CALLBACK (count_frame), &frames);
  gulong emit_id;

  /* preview_frames counts the ::preview-frame emissions, on this thread. */
  sc_pipeline_get_stats (pipeline, &before);
  emit_id = g_signal_connect_swapped (pipeline, "preview-frame",
                                      G_CALLBACK (count_frame), &emitted);
  g_assert_true (wait_for (frames_arrived, &frames, STATE_TIMEOUT_S));
  g_test_message ("preview: %u frames in %.2f s", frames,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  g_signal_handler_disconnect (fixture->window->preview, id);
  g_signal_handler_disconnect (pipeline, emit_id);
  sc_pipeline_get_stats (pipeline, &after);
  g_assert_cmpuint (after.preview_frames - before.preview_frames, ==, emitted);

  texture = sc_preview_get_texture (fixture->window->preview);
  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), <=, 320);
  g_assert_cmpint (sc_pipeline_get_preview_width (pipeline), >, 0);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_query_exists (data, NULL);
}

static gboolean
widget_sensitive (gpointer data)
{
  return gtk_widget_get_sensitive (data);
}

static gboolean
widget_insensitive (gpointer data)
{
  return !gtk_widget_get_sensitive (data);
}

static ScShowSettings *
find_settings (ScWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (SC_IS_SHOW_SETTINGS (toplevel)
          && gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window))
        return SC_SHOW_SETTINGS (toplevel);
    }
  return NULL;
}

/* Save writes the show's file; the settings open on it; Open and New Show
 * are off while live, Save and the settings are not. */
static void
test_file_actions (Fixture       *fixture,
                   gconstpointer  user_data)
{
  ScWindow *window = fixture->window;
  ScStudio *studio = sc_window_get_studio (window);
  g_autofree char *path = g_build_filename (fixture->dir, "saved.shopcast", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GtkWidget *open_button = gtk_button_new ();
  GtkWidget *new_button = gtk_button_new ();
  GtkWidget *save_button = gtk_button_new ();
  ScShowSettings *settings;

  /* Buttons on the actions: their sensitivity is the action's enabled state. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (open_button), "win.open");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (new_button), "win.new-show");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (save_button), "win.save");
  gtk_box_append (window->layout_slot, open_button);
  gtk_box_append (window->layout_slot, new_button);
  gtk_box_append (window->layout_slot, save_button);
  g_assert_true (wait_for (widget_sensitive, open_button, STATE_TIMEOUT_S));
  g_assert_true (gtk_widget_get_sensitive (new_button));

  /* Save writes to the show's file. */
  g_assert_true (sc_show_save (sc_window_get_show (window), file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_delete (file, NULL, &error));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  g_assert_true (wait_for (file_exists, file, STATE_TIMEOUT_S));

  /* The settings open on that file. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-settings", NULL));
  settings = find_settings (window);
  g_assert_nonnull (settings);
  g_assert_true (g_file_equal (sc_show_settings_get_file (settings), file));
  gtk_window_destroy (GTK_WINDOW (settings));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.go-live", NULL));
  g_assert_true (wait_for_state (studio, SC_STUDIO_STATE_LIVE));
  g_assert_true (wait_for (widget_insensitive, open_button, STATE_TIMEOUT_S));
  g_assert_false (gtk_widget_get_sensitive (new_button));
  g_assert_true (gtk_widget_get_sensitive (save_button));

  sc_studio_end_show (studio);
  g_assert_true (wait_for_state (studio, SC_STUDIO_STATE_REHEARSAL));
  g_assert_true (wait_for (widget_sensitive, open_button, STATE_TIMEOUT_S));
  g_assert_true (g_file_delete (file, NULL, NULL));
}

static GtkWidget *
find_start_page (GtkWidget *widget)
{
  if (SC_IS_START_PAGE (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_start_page (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static ScStartPage *
find_recent_shows (ScWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);
      GtkWidget *page;

      if (gtk_window_get_transient_for (toplevel) != GTK_WINDOW (window))
        continue;
      page = find_start_page (GTK_WIDGET (toplevel));
      if (page != NULL)
        return SC_START_PAGE (page);
    }
  return NULL;
}

typedef struct {
  GFile    *file;
  ScWindow *other_than;
} WindowQuery;

/* A window on @query->file other than @query->other_than (whose show was
 * saved to that file too). */
static ScWindow *
find_window_on (WindowQuery *query)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);
      ScShow *show;

      if (!SC_IS_WINDOW (toplevel) || SC_WINDOW (toplevel) == query->other_than)
        continue;
      show = sc_window_get_show (SC_WINDOW (toplevel));
      if (show != NULL && sc_show_get_file (show) != NULL &&
          g_file_equal (sc_show_get_file (show), query->file))
        return SC_WINDOW (toplevel);
    }
  return NULL;
}

static gboolean
window_on_file (gpointer data)
{
  return find_window_on (data) != NULL;
}

static gboolean
has_recent (gpointer data)
{
  sc_start_page_refresh (data);
  return sc_start_page_get_n_recent (data) > 0;
}

/* Recent Shows (the start page) opens a show the host saved before, in a
 * fresh window in rehearsal. */
static void
test_recent_shows (Fixture       *fixture,
                   gconstpointer  user_data)
{
  ScWindow *window = fixture->window;
  g_autofree char *path = g_build_filename (fixture->dir, "recent.shopcast", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  WindowQuery query = { file, window };
  ScStartPage *page;
  ScWindow *opened;

  g_assert_true (sc_show_save (sc_window_get_show (window), file, &error));
  g_assert_no_error (error);
  sc_recent_shows_add (file);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.recent-shows", NULL));
  page = find_recent_shows (window);
  g_assert_nonnull (page);
  g_assert_true (wait_for (has_recent, page, STATE_TIMEOUT_S));
  sc_start_page_activate_recent (page, 0);

  g_assert_true (wait_for (window_on_file, &query, STATE_TIMEOUT_S));
  opened = find_window_on (&query);
  g_assert_true (wait_for_state (sc_window_get_studio (opened), SC_STUDIO_STATE_REHEARSAL));
  /* The show replaced the one before; nothing else is open. */
  g_assert_true (wait_for (window_gone, fixture, STATE_TIMEOUT_S));
  g_assert_null (find_recent_shows (opened));

  gtk_window_close (GTK_WINDOW (opened));
  g_assert_true (g_file_delete (file, NULL, NULL));
}

static gboolean
settings_flag_cleared (gpointer data)
{
  return !((ScWindow *)data)->settings_after_save;
}

/* The demo (a show without a file) has nowhere to keep settings: Show
 * Settings first asks where to save a copy, and opens no blank show. */
static void
test_settings_without_file (Fixture       *fixture,
                            gconstpointer  user_data)
{
  ScWindow *window = fixture->window;

  g_assert_null (sc_show_get_file (sc_window_get_show (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-settings", NULL));
  g_assert_true (window->settings_after_save);
  g_assert_null (find_settings (window));

  /* The host cancels the file chooser: no settings, and Show Settings asks again. */
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
      {
        g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i - 1);

        if (gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window))
          gtk_window_close (toplevel);
      }
  }
  g_assert_true (wait_for (settings_flag_cleared, window, STATE_TIMEOUT_S));
  g_assert_null (find_settings (window));
}

static void
test_health_thresholds (void)
{
  g_autoptr(ScHealth) health = sc_health_new ();
  ScPipelineStats stats = { 0 };

  /* OBS: amber above 1 % of frames lost, red above 5 %. */
  g_assert_cmpint (sc_health_level_for_frames (1000, 0), ==, SC_HEALTH_GOOD);
  g_assert_cmpint (sc_health_level_for_frames (1000, 10), ==, SC_HEALTH_GOOD);
  g_assert_cmpint (sc_health_level_for_frames (1000, 20), ==, SC_HEALTH_WARNING);
  g_assert_cmpint (sc_health_level_for_frames (1000, 60), ==, SC_HEALTH_BAD);
  g_assert_cmpint (sc_health_level_for_output (SC_OUTPUT_STATE_LIVE), ==, SC_HEALTH_GOOD);
  g_assert_cmpint (sc_health_level_for_output (SC_OUTPUT_STATE_RECONNECTING), ==,
                   SC_HEALTH_WARNING);
  g_assert_cmpint (sc_health_level_for_output (SC_OUTPUT_STATE_FAILED), ==, SC_HEALTH_BAD);

  /* Over a window of samples: drops long past no longer count. */
  stats.frames = 100;
  sc_health_update (health, &stats, NULL);
  stats.frames = 200;
  stats.render_drops = 30;
  sc_health_update (health, &stats, NULL);
  g_assert_cmpint (sc_health_get_level (health), ==, SC_HEALTH_BAD);
  for (guint i = 0; i < 12; i++)
    {
      stats.frames += 100;
      sc_health_update (health, &stats, NULL);
    }
  g_assert_cmpint (sc_health_get_level (health), ==, SC_HEALTH_GOOD);

  stats.frames += 100;
  stats.render_drops += 3;
  sc_health_update (health, &stats, NULL);
  g_assert_cmpint (sc_health_get_level (health), ==, SC_HEALTH_GOOD);
  stats.frames += 100;
  stats.render_drops += 20;
  sc_health_update (health, &stats, NULL);
  g_assert_cmpint (sc_health_get_level (health), ==, SC_HEALTH_WARNING);

  sc_health_reset (health);
  g_assert_cmpint (sc_health_get_level (health), ==, SC_HEALTH_GOOD);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  guint16 port;
  int status;

  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  application = sc_application_new ();
  /* Several test programs may run on one session bus. */
  g_application_set_flags (G_APPLICATION (application),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (application), NULL, &error))
    g_error ("Could not register the application: %s", error->message);

  port = unused_port ();

  g_test_add_func ("/window/health/thresholds", test_health_thresholds);
  g_test_add ("/window/go-live-end-show", Fixture, GUINT_TO_POINTER (0),
              fixture_set_up, test_go_live_end_show, fixture_tear_down);
  g_test_add ("/window/health/amber-while-reconnecting", Fixture, GUINT_TO_POINTER (port),
              fixture_set_up, test_health_amber_while_reconnecting, fixture_tear_down);
  g_test_add ("/window/close-while-live-asks", Fixture, GUINT_TO_POINTER (0),
              fixture_set_up, test_close_while_live_asks, fixture_tear_down);
  g_test_add ("/window/preview/frames", Fixture, GUINT_TO_POINTER (0),
              fixture_set_up, test_preview_frames, fixture_tear_down);
  g_test_add ("/window/preview/paused-while-hidden", Fixture, GUINT_TO_POINTER (0),
              fixture_set_up, test_preview_paused_while_hidden, fixture_tear_down);

  g_test_add ("/window/settings-without-file", Fixture, GUINT_TO_POINTER (0),
              fixture_set_up, test_settings_without_file, fixture_tear_down);
  g_test_add ("/window/recent-shows", Fixture, GUINT_TO_POINTER (0),
              fixture_set_up, test_recent_shows, fixture_tear_down);
  g_test_add ("/window/file-actions", Fixture, GUINT_TO_POINTER (0),
              fixture_set_up, test_file_actions, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&application);
  return status;
}
