/* test-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "media/sc-devices.h"
#include "media/sc-media-error.h"
#include "ui/sc-start-page.h"
#include "ui/sc-show-chooser.h"
#include "ui/sc-application.h"
#include "ui/sc-chat-view.h"
#include "ui/sc-destination-status.h"
#include "ui/sc-health.h"
#include "ui/sc-show-settings.h"
#include "ui/sc-key-dialog.h"
#include "ui/sc-window-private.h"

#include <libsoup/soup.h>

#include "sc-test-fake-portal.h"
#include "sc-test-rtmp.h"
#include "sc-test-ui.h"
#include "sc-test-util.h"
#include "sc-test-process.h"

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
  char             *dir;
  char             *recording;
  ScWindow         *window;
  /* Only for the refused-key test. */
  ScTestRtmpServer *server;
  SoupServer       *soup;
} Fixture;

/* What a fixture's show has besides the test sources. */
typedef enum {
  SHOW_PLAIN,
  SHOW_DEMO_CHAT,       /* the scripted demo chat */
} ShowExtra;

static ScShow *
make_show_full (const char *outputs,
                ShowExtra   extra)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  ScShow *show;

  /* Small and light: the tests check what the window does, not the encoder. */
  data = g_strdup_printf ("{ \"version\": 1, \"title\": \"Window Test\","
                          "  \"canvas\": { \"width\": 320, \"height\": 180, \"fps\": 30 },"
                          "  \"sources\": ["
                          "    { \"id\": \"cam\", \"kind\": \"test-pattern\", \"label\": \"Cam\" },"
                          "    { \"id\": \"mic\", \"kind\": \"test-tone\", \"label\": \"Mic\" }"
                          "  ],"
                          "  \"outputs\": %s,%s"
                          "  \"reconnect\": { \"initial_delay_s\": 1, \"factor\": 1.5,"
                          "                   \"max_delay_s\": 5, \"max_retries\": -1 }"
                          "}", outputs,
                          extra == SHOW_DEMO_CHAT ? " \"chat\": { \"demo\": true }," : "");
  show = sc_show_new_from_data (data, strlen (data), "window-test.shopcast", NULL, &error);
  g_assert_no_error (error);
  return show;
}

static ScShow *
make_show (guint16 rtmp_port)
{
  g_autofree char *outputs = NULL;

  if (rtmp_port != 0)
    outputs = g_strdup_printf ("[{ \"name\": \"Loopback\", "
                               "\"url\": \"rtmp://127.0.0.1:%u/live/test\" }]", rtmp_port);
  return make_show_full (outputs != NULL ? outputs : "[]", SHOW_PLAIN);
}

static void
fixture_start (Fixture *fixture,
               ScShow  *show)
{
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

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(ScShow) show = make_show (GPOINTER_TO_UINT (user_data));

  fixture_start (fixture, show);
}

static void
chat_set_up (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(ScShow) show = make_show_full ("[]", SHOW_DEMO_CHAT);

  fixture_start (fixture, show);
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
  g_clear_pointer (&fixture->server, sc_test_rtmp_server_free);
  g_clear_object (&fixture->soup);
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

/* Adaptive down to 1024×600 in every phase of the show: the window's
 * minimum size (what a window manager cannot shrink it below) fits. */
static void
assert_fits_small_screen (ScWindow   *window,
                          const char *phase)
{
  int min_width, min_height;

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min_width, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, 1024,
                      &min_height, NULL, NULL, NULL);
  g_test_message ("%s: minimum %d×%d", phase, min_width, min_height);
  g_assert_cmpint (min_width, <=, 1024);
  g_assert_cmpint (min_height, <=, 600);
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
  assert_fits_small_screen (fixture->window, "rehearsal");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-live", NULL));
  g_assert_true (wait_for_state (studio, SC_STUDIO_STATE_LIVE));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window->live_badge)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (fixture->window->strip_stack), ==, "live");
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (fixture->window->end_show_button)));
  assert_fits_small_screen (fixture->window, "live");

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
  assert_fits_small_screen (fixture->window, "after the show");
  g_assert_cmpstr (sc_studio_get_recording_path (studio), ==, fixture->recording);
  g_assert_true (recording_written (fixture));
  g_assert_cmpstr (adw_window_title_get_subtitle (fixture->window->window_title), ==,
                   "Rehearsal — not live");
}


static gboolean
problem_shown (gpointer data)
{
  ScWindow *window = data;

  return gtk_revealer_get_reveal_child (window->problem_revealer);
}

/* A recording that cannot be written is said in the problem bar while the
 * show stays live; after the show the window does not claim it was saved,
 * and the next live session with a good path takes the problem down. */
static void
test_recording_fails (Fixture       *fixture,
                      gconstpointer  user_data)
{
  ScStudio *studio = sc_window_get_studio (fixture->window);

  /* A first session records (outputs are made at start; a path set now
   * is used when the next session makes them anew). */
  sc_studio_set_recording_path (studio, "/proc/x.mkv");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-live", NULL));
  g_assert_true (wait_for_state (studio, SC_STUDIO_STATE_LIVE));
  g_assert_true (wait_for (recording_written, fixture, STATE_TIMEOUT_S));
  sc_studio_end_show (studio);
  g_assert_true (wait_for_state (studio, SC_STUDIO_STATE_REHEARSAL));
  g_assert_true (gtk_revealer_get_reveal_child (fixture->window->recording_revealer));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-live", NULL));
  g_assert_true (wait_for_state (studio, SC_STUDIO_STATE_LIVE));
  g_assert_true (wait_for (problem_shown, fixture->window, STATE_TIMEOUT_S));
  g_assert_nonnull (strstr (gtk_label_get_text (fixture->window->problem_label),
                            "The recording stopped (Cannot write to the folder"));
  g_assert_nonnull (strstr (gtk_label_get_text (fixture->window->problem_label),
                            "You are still live"));
  g_assert_cmpint (sc_studio_get_state (studio), ==, SC_STUDIO_STATE_LIVE);

  sc_studio_end_show (studio);
  g_assert_true (wait_for_state (studio, SC_STUDIO_STATE_REHEARSAL));
  g_assert_null (sc_studio_get_recording_path (studio));
  g_assert_false (gtk_revealer_get_reveal_child (fixture->window->recording_revealer));
  g_assert_true (problem_shown (fixture->window));

  /* The next session writes the fixture's file again (not "show (2).mkv"). */
  g_remove (fixture->recording);
  sc_studio_set_recording_path (studio, fixture->recording);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-live", NULL));
  g_assert_true (wait_for_state (studio, SC_STUDIO_STATE_LIVE));
  g_assert_false (problem_shown (fixture->window));
  g_assert_true (wait_for (recording_written, fixture, STATE_TIMEOUT_S));
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
emit_level (ScStudio *studio,
            double    peak_db)
{
  g_signal_emit_by_name (studio, "audio-level", peak_db, peak_db);
}

/* While live the microphone warns when it is silent or clips; never in
 * rehearsal, never while muted (the host chose silence). The levels are
 * the studio's ::audio-level reports, given here so the test controls them. */
static void
test_mic_warnings (Fixture       *fixture,
                   gconstpointer  user_data)
{
  ScWindow *window = fixture->window;
  ScStudio *studio = sc_window_get_studio (window);
  GtkWidget *warning = GTK_WIDGET (window->mic_warning);

  /* The real threshold is 10 s of silence; the test does not wait that long. */
  window->silent_seconds = 0;

  emit_level (studio, -INFINITY);
  g_assert_false (gtk_widget_get_visible (warning));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.go-live", NULL));
  g_assert_true (wait_for_state (studio, SC_STUDIO_STATE_LIVE));
  emit_level (studio, -20.0);
  g_assert_false (gtk_widget_get_visible (warning));
  emit_level (studio, -INFINITY);
  g_assert_true (gtk_widget_get_visible (warning));
  g_assert_nonnull (strstr (gtk_label_get_text (window->mic_warning), "silent"));
  emit_level (studio, -20.0);
  g_assert_false (gtk_widget_get_visible (warning));

  /* Muted on purpose: no warning. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-mute", NULL));
  g_assert_true (sc_studio_get_muted (studio));
  emit_level (studio, -INFINITY);
  g_assert_false (gtk_widget_get_visible (warning));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-mute", NULL));
  g_assert_false (sc_studio_get_muted (studio));

  emit_level (studio, -0.2);
  g_assert_true (gtk_widget_get_visible (warning));
  g_assert_nonnull (strstr (gtk_label_get_text (window->mic_warning), "too loud"));
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

static gboolean
studio_page_shown (gpointer data)
{
  ScWindow *window = data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (window->stack), "studio") == 0;
}

/* Spinning spinners in @widget's tree, and those of them that are not mapped. */
static void
count_spinners (GtkWidget *widget,
                guint     *spinning,
                guint     *hidden)
{
  if (GTK_IS_SPINNER (widget) && gtk_spinner_get_spinning (GTK_SPINNER (widget)))
    {
      (*spinning)++;
      if (!gtk_widget_get_mapped (widget))
        (*hidden)++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count_spinners (child, spinning, hidden);
}

/* A spinning spinner is a CSS animation, which GTK 4.8 keeps running on a
 * hidden stack page: a style change and a layout of the whole window every
 * frame of the show. The "starting" page's spinner turns while that page is
 * shown, and only then. */
static void
test_no_hidden_animation (Fixture       *fixture,
                          gconstpointer  user_data)
{
  guint spinning = 0, hidden = 0;

  g_assert_true (wait_for (studio_page_shown, fixture->window, STATE_TIMEOUT_S));
  count_spinners (GTK_WIDGET (fixture->window), &spinning, &hidden);
  g_assert_cmpuint (hidden, ==, 0);
  g_assert_cmpuint (spinning, ==, 0);

  gtk_stack_set_visible_child_name (fixture->window->stack, "starting");
  g_assert_true (gtk_spinner_get_spinning (fixture->window->starting_spinner));
  gtk_stack_set_visible_child_name (fixture->window->stack, "studio");
  g_assert_false (gtk_spinner_get_spinning (fixture->window->starting_spinner));
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
  /* At most 25 of the canvas's 30 frames a second reach the preview: five
   * in six of those offered to its branch (the pipeline's own counters, not
   * the clock; a frame either way in the queue and on its way here). */
  g_test_message ("offered %" G_GUINT64_FORMAT " frames, preview %u",
                  (guint64) (after.preview_offered - before.preview_offered), emitted);
  g_assert_cmpuint (emitted, <=, (after.preview_offered - before.preview_offered) * 5 / 6 + 3);

  texture = sc_preview_get_texture (fixture->window->preview);
  g_assert_nonnull (texture);
  /* Under GSK's cairo renderer frames are painted as cairo surfaces. */
  g_assert_true (sc_preview_get_use_cairo (fixture->window->preview)
                 == GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (GTK_NATIVE (fixture->window))));
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

static gboolean
file_has_content (gpointer data)
{
  g_autofree char *text = NULL;

  return g_file_get_contents (data, &text, NULL, NULL) && text[0] != '\0';
}

/* The demo (a show without a file) has nowhere to keep settings: Show
 * Settings first asks where to save a copy, and opens no blank show. The
 * file chooser is the portal's (GDK_DEBUG=portals, as in the Flatpak),
 * answered by tests/fake-portal.py: GTK 4.8's own save dialog leaks a
 * GFileInfo each time it is shown (LeakSanitizer). */
static void
test_settings_without_file (Fixture       *fixture,
                            gconstpointer  user_data)
{
  ScWindow *window = fixture->window;
  g_autofree char *record = g_build_filename (fixture->dir, "portal.jsonl", NULL);
  g_autoptr(GSubprocess) portal = NULL;
  g_autofree char *calls = NULL;

  sc_test_fake_portal_startv_array (&portal, record,
                                    (const char *[]) { "--file-chooser", "cancel", NULL });

  g_assert_null (sc_show_get_file (sc_window_get_show (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-settings", NULL));
  g_assert_true (window->settings_after_save);
  g_assert_null (find_settings (window));

  /* A save, suggesting a name made from the show's title. */
  g_assert_true (wait_for (file_has_content, record, STATE_TIMEOUT_S));
  g_assert_true (g_file_get_contents (record, &calls, NULL, NULL));
  g_test_message ("portal calls: %s", calls);
  g_assert_nonnull (strstr (calls, "\"method\": \"SaveFile\""));
  g_assert_nonnull (strstr (calls, ".shopcast\""));

  /* The host cancels the file chooser: no settings, and Show Settings asks again. */
  g_assert_true (wait_for (settings_flag_cleared, window, STATE_TIMEOUT_S));
  g_assert_null (find_settings (window));

  sc_test_fake_portal_stop (&portal);
}

static gboolean
report_written (gpointer data)
{
  g_autofree char *page = g_build_filename (data, "report.html", NULL);
  g_autofree char *products = g_build_filename (data, "products.csv", NULL);

  return g_file_test (page, G_FILE_TEST_EXISTS) && g_file_test (products, G_FILE_TEST_EXISTS);
}

/* After a show, Show Report asks for a folder (the portal's file chooser,
 * as in the Flatpak) and writes that show's report into it. */
static void
test_show_report (Fixture       *fixture,
                  gconstpointer  user_data)
{
  ScWindow *window = fixture->window;
  ScStudio *studio = sc_window_get_studio (window);
  GtkWidget *button = sc_test_ui_find_by_action (GTK_WIDGET (window), "win.show-report");
  g_autofree char *record = g_build_filename (fixture->dir, "portal.jsonl", NULL);
  g_autofree char *folder = g_build_filename (fixture->dir, "report", NULL);
  g_autofree char *products_path = g_build_filename (folder, "products.csv", NULL);
  g_autofree char *page_path = g_build_filename (folder, "report.html", NULL);
  g_autofree char *products = NULL;
  g_autofree char *page = NULL;
  g_autofree char *show_line = NULL;
  g_autofree char *calls = NULL;
  g_autoptr(GSubprocess) portal = NULL;
  g_autoptr(GError) error = NULL;

  /* Nothing to report before a show has ended, nor while live. */
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_is_sensitive (button));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.go-live", NULL));
  g_assert_true (wait_for_state (studio, SC_STUDIO_STATE_LIVE));
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_true (wait_for (recording_written, fixture, STATE_TIMEOUT_S));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.end-show", NULL));
  g_assert_true (wait_for (confirmation_shown, window, STATE_TIMEOUT_S));
  adw_message_dialog_response (_sc_window_get_confirmation (window), "end");
  g_assert_true (wait_for_state (studio, SC_STUDIO_STATE_REHEARSAL));
  /* The report is offered where the window says where the recording is. */
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_is_ancestor (button, GTK_WIDGET (window->recording_revealer)));
  g_assert_true (gtk_revealer_get_reveal_child (window->recording_revealer));

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  sc_test_fake_portal_startv_array (&portal, record,
                                    (const char *[]) { "--file-chooser", folder, NULL });

  g_signal_emit_by_name (button, "clicked");
  g_assert_true (wait_for (report_written, folder, STATE_TIMEOUT_S));
  g_assert_true (g_file_get_contents (record, &calls, NULL, NULL));
  g_test_message ("portal calls: %s", calls);
  g_assert_nonnull (strstr (calls, "\"method\": \"OpenFile\""));
  g_assert_nonnull (strstr (calls, "\"directory\": true"));

  /* The report of the show that just ended. */
  g_assert_true (g_file_get_contents (products_path, &products, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (products, "product_id,title,code,sku,seconds_on_air,"));
  g_assert_true (g_file_get_contents (page_path, &page, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (page, "<title>Show report: Window Test</title>"));
  show_line = g_strdup_printf ("Show %" G_GINT64_FORMAT ", started", sc_studio_get_show_id (studio));
  g_assert_nonnull (strstr (page, show_line));

  sc_test_fake_portal_stop (&portal);
}

/* ---- a refused stream key ------------------------------------------------------ */

#define GOOD_KEY "good-key"

/* nginx-rtmp's on_publish: the stream name (the key) is the form's "name";
 * anything but GOOD_KEY is refused, as a platform refuses a wrong key. */
static void
on_publish_cb (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  SoupMessageBody *body = soup_server_message_get_request_body (message);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *form_text = g_strndup (g_bytes_get_data (bytes, NULL),
                                          g_bytes_get_size (bytes));
  g_autoptr(GHashTable) form = soup_form_decode (form_text);

  soup_server_message_set_status (message,
                                  g_strcmp0 (g_hash_table_lookup (form, "name"), GOOD_KEY) == 0
                                  ? SOUP_STATUS_OK : SOUP_STATUS_FORBIDDEN, NULL);
}

static void
refused_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = NULL;
  g_autofree char *on_publish = NULL;
  g_autofree char *outputs = NULL;
  GSList *uris;

  if (!sc_test_require_rtmp_server ())
    return;
  fixture->soup = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->soup, "/publish", on_publish_cb, NULL, NULL);
  g_assert_true (soup_server_listen_local (fixture->soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY,
                                           &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->soup);
  on_publish = g_strdup_printf ("http://127.0.0.1:%d/publish", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  fixture->server = sc_test_rtmp_server_new_with_on_publish (on_publish, &error);
  g_assert_no_error (error);

  outputs = g_strdup_printf ("[{ \"name\": \"Loopback\", "
                             "\"url\": \"rtmp://127.0.0.1:%u/live\", "
                             "\"key_env\": \"SC_WINDOW_TEST_KEY\" }]",
                             sc_test_rtmp_server_get_port (fixture->server));
  /* The key the show found (in the keyring; here the environment, as for
   * headless runs): an old one the platform no longer takes. */
  g_setenv ("SC_WINDOW_TEST_KEY", "old-key", TRUE);
  show = make_show_full (outputs, SHOW_PLAIN);
  g_unsetenv ("SC_WINDOW_TEST_KEY");
  g_assert_cmpstr (((ScOutputConfig *) g_ptr_array_index (sc_show_get_outputs (show), 0))->key,
                   ==, "old-key");
  fixture_start (fixture, show);
}

static ScOutput *
stream_output (ScStudio *studio)
{
  GListModel *outputs = sc_studio_get_outputs (studio);

  for (guint i = 0; i < g_list_model_get_n_items (outputs); i++)
    {
      g_autoptr(ScOutput) output = g_list_model_get_item (outputs, i);

      if (!sc_output_is_recording (output))
        return output;   /* the model holds it */
    }
  return NULL;
}

typedef struct {
  ScStudio      *studio;
  ScOutputState  state;
} OutputWait;

static gboolean
output_in_state (gpointer data)
{
  OutputWait *wait = data;
  ScOutput *output = stream_output (wait->studio);

  return output != NULL && sc_output_get_state (output) == wait->state;
}

static ScKeyDialog *
find_key_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (SC_IS_KEY_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return SC_KEY_DIALOG (window);
    }
  return NULL;
}

static gboolean
key_dialog_shown (gpointer data)
{
  return find_key_dialog () != NULL;
}

static gboolean
key_dialog_gone (gpointer data)
{
  return find_key_dialog () == NULL;
}

/* The platform refuses the key: the destination says so and what to do, the
 * health light is red, Change Key opens the key dialog, and a new key makes
 * the destination go live without ending the show. */
static void
test_key_refused (Fixture       *fixture,
                  gconstpointer  user_data)
{
  ScWindow *window = fixture->window;
  ScStudio *studio;
  ScDestinationStatus *row;
  GtkWidget *button;
  g_autoptr(GError) error = NULL;
  OutputWait wait;

  if (fixture->server == NULL)
    return;
  studio = sc_window_get_studio (window);
  g_assert_cmpuint (sc_test_rtmp_server_count_publishes (fixture->server, "old-key"), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.go-live", NULL));
  g_assert_true (wait_for_state (studio, SC_STUDIO_STATE_LIVE));
  wait = (OutputWait) { studio, SC_OUTPUT_STATE_FAILED };
  g_assert_true (wait_for (output_in_state, &wait, STATE_TIMEOUT_S));
  g_assert_true (g_error_matches (sc_output_get_error (stream_output (studio)), SC_MEDIA_ERROR,
                                  SC_MEDIA_ERROR_KEY_REFUSED));

  row = find_row (window, FALSE);
  g_assert_nonnull (row);
  g_test_message ("%s", sc_destination_status_get_detail (row));
  g_assert_true (g_str_has_prefix (sc_destination_status_get_detail (row),
                                   "The platform refused the stream key. Copy a new key"));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       sc_destination_status_get_detail (row));
  button = sc_test_ui_find_by_label (GTK_WIDGET (row), "Change the stream key of Loopback");
  g_assert_nonnull (button);
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));

  _sc_window_update_live (window);
  g_assert_cmpint (sc_health_get_level (_sc_window_get_health (window)), ==, SC_HEALTH_BAD);
  g_assert_true (gtk_widget_has_css_class (window->health_light, "health-bad"));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (window->health_light),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Health: bad");

  /* The button asks for the key (the dialog stores it in the keyring). */
  gtk_widget_activate (button);
  g_assert_true (wait_for (key_dialog_shown, NULL, STATE_TIMEOUT_S));
  /* "Not Now", as its button does: the response, then the dialog closes. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (find_key_dialog ()), "cancel");
  gtk_window_close (GTK_WINDOW (find_key_dialog ()));
  g_assert_true (wait_for (key_dialog_gone, NULL, STATE_TIMEOUT_S));
  g_assert_cmpint (sc_output_get_state (stream_output (studio)), ==, SC_OUTPUT_STATE_FAILED);

  /* What the dialog does once the key is stored: the destination tries again. */
  g_assert_true (_sc_window_use_key (window, 0, GOOD_KEY, &error));
  g_assert_no_error (error);
  wait.state = SC_OUTPUT_STATE_LIVE;
  g_assert_true (wait_for (output_in_state, &wait, STATE_TIMEOUT_S));
  g_assert_true (sc_test_rtmp_server_wait_for_publish (fixture->server, GOOD_KEY, 1,
                                                       STATE_TIMEOUT_S));
  g_assert_cmpint (sc_studio_get_state (studio), ==, SC_STUDIO_STATE_LIVE);
  g_assert_false (gtk_widget_get_visible (button));
  g_assert_cmpstr (sc_destination_status_get_detail (row), ==, "Live");
}

static void
missing_key_set_up (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(ScShow) show = NULL;
  g_autoptr(ScOutputConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("SC_WINDOW_TEST_KEY", "unused", TRUE);
  show = make_show_full ("[{ \"name\": \"Loopback\", \"url\": \"rtmp://127.0.0.1:1/live\", "
                         "\"key_env\": \"SC_WINDOW_TEST_KEY\" }]", SHOW_PLAIN);
  g_unsetenv ("SC_WINDOW_TEST_KEY");
  /* Nothing in the keyring for this destination, as the loader leaves it. */
  config = sc_output_config_copy (g_ptr_array_index (sc_show_get_outputs (show), 0));
  g_clear_pointer (&config->key, g_free);
  g_assert_true (sc_show_update_output (show, 0, config, &error));
  g_assert_no_error (error);
  fixture_start (fixture, show);
}

/* A missing key is never a dead end: the pre-flight row offers to add it,
 * named for the destination, and the button opens the key dialog. */
static void
test_missing_key (Fixture       *fixture,
                  gconstpointer  user_data)
{
  GtkWidget *button = sc_test_ui_find_by_label (GTK_WIDGET (fixture->window->destinations_box),
                                     "Add the stream key of Loopback");

  g_assert_nonnull (button);
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
  g_assert_true (wait_for (key_dialog_shown, NULL, STATE_TIMEOUT_S));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (find_key_dialog ()), "cancel");
  gtk_window_close (GTK_WINDOW (find_key_dialog ()));
  g_assert_true (wait_for (key_dialog_gone, NULL, STATE_TIMEOUT_S));
}

/* A GtkLabel showing @text in @widget's tree, or NULL. */
static GtkWidget *
find_label_text (GtkWidget  *widget,
                 const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_text (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
srt_set_up (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(ScShow) show = NULL;
  g_autoptr(ScOutputConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("SC_WINDOW_TEST_PASSPHRASE", "unused-passphrase", TRUE);
  show = make_show_full ("[{ \"name\": \"Open Relay\", "
                         "  \"url\": \"srt://127.0.0.1:1?streamid=show\" },"
                         " { \"name\": \"Private Relay\", \"url\": \"srt://127.0.0.1:2\", "
                         "  \"key_env\": \"SC_WINDOW_TEST_PASSPHRASE\" }]", SHOW_PLAIN);
  g_unsetenv ("SC_WINDOW_TEST_PASSPHRASE");
  /* Nothing in the keyring for the second one, as the loader leaves it. */
  config = sc_output_config_copy (g_ptr_array_index (sc_show_get_outputs (show), 1));
  g_clear_pointer (&config->key, g_free);
  g_assert_true (sc_show_update_output (show, 1, config, &error));
  g_assert_no_error (error);
  fixture_start (fixture, show);
}

/* SRT has no stream key: without a passphrase it is sent unencrypted, which
 * is not a missing key; one that should have a passphrase and has none asks
 * for the passphrase, in those words, and the dialog says so too. */
static void
test_preflight_srt (Fixture       *fixture,
                    gconstpointer  user_data)
{
  GtkWidget *box = GTK_WIDGET (fixture->window->destinations_box);
  GtkWidget *open = find_label_text (box, "SRT without passphrase");
  GtkWidget *missing = find_label_text (box, "No SRT passphrase");
  GtkWidget *button = sc_test_ui_find_by_label (box, "Add the SRT passphrase of Private Relay");
  g_autofree char *heading = NULL;

  g_assert_nonnull (open);
  /* The label sits in the text column of the destination's row. */
  g_assert_false (gtk_widget_has_css_class (gtk_widget_get_parent (gtk_widget_get_parent (open)),
                                            "preflight-missing"));
  g_assert_nonnull (missing);
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_parent (gtk_widget_get_parent (missing)),
                                           "preflight-missing"));
  g_assert_null (find_label_text (box, "No stream key"));
  g_assert_null (sc_test_ui_find_by_label (box, "Add the stream key of Open Relay"));
  g_assert_null (sc_test_ui_find_by_label (box, "Add the SRT passphrase of Open Relay"));

  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Add Passphrase…");
  gtk_widget_activate (button);
  g_assert_true (wait_for (key_dialog_shown, NULL, STATE_TIMEOUT_S));
  g_object_get (find_key_dialog (), "heading", &heading, NULL);
  g_assert_cmpstr (heading, ==, "Enter the SRT passphrase of “Private Relay”");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (find_key_dialog ()), "cancel");
  gtk_window_close (GTK_WINDOW (find_key_dialog ()));
  g_assert_true (wait_for (key_dialog_gone, NULL, STATE_TIMEOUT_S));
}

/* ---- chat shortcuts ---------------------------------------------------------- */

static gboolean
feed_has_two (gpointer data)
{
  ScChatFeed *feed = sc_studio_get_chat_feed (data);

  return feed != NULL && g_list_model_get_n_items (G_LIST_MODEL (feed)) >= 2;
}

static gboolean
in_feed (ScStudio   *studio,
         const char *id)
{
  GListModel *feed = G_LIST_MODEL (sc_studio_get_chat_feed (studio));

  for (guint i = 0; i < g_list_model_get_n_items (feed); i++)
    {
      g_autoptr(ScChatMessage) message = g_list_model_get_item (feed, i);

      if (g_str_equal (sc_chat_message_get_id (message), id))
        return TRUE;
    }
  return FALSE;
}

/* The window's class shortcut that triggers @action_name, or NULL. */
static GtkShortcutTrigger *
trigger_for (ScWindow   *window,
             const char *action_name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_NAMED_ACTION (action)
              && g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)),
                              action_name))
            return gtk_shortcut_get_trigger (shortcut);
        }
    }
  return NULL;
}

static void
assert_accelerator (ScWindow   *window,
                    const char *action_name,
                    const char *accelerator)
{
  GtkShortcutTrigger *trigger = trigger_for (window, action_name);
  g_autoptr(GtkShortcutTrigger) expected = gtk_shortcut_trigger_parse_string (accelerator);

  g_assert_nonnull (trigger);
  g_assert_nonnull (expected);
  g_assert_true (gtk_shortcut_trigger_equal (trigger, expected));
}

/* Ctrl+Shift+F and Ctrl+Shift+H act on the selected chat message as its
 * Feature and Hide buttons do; with nothing selected they do nothing. */
static void
test_chat_shortcuts (Fixture       *fixture,
                     gconstpointer  user_data)
{
  ScWindow *window = fixture->window;
  ScStudio *studio = sc_window_get_studio (window);
  ScChatView *view = SC_CHAT_VIEW (window->chat_view);
  GtkSelectionModel *selection;
  g_autoptr(ScChatMessage) newest = NULL;
  g_autoptr(ScChatMessage) older = NULL;
  g_autofree char *older_id = NULL;
  GListModel *feed;
  guint n;

  assert_accelerator (window, "win.feature-message", "<Control><Shift>f");
  assert_accelerator (window, "win.hide-message", "<Control><Shift>h");

  g_assert_true (wait_for (feed_has_two, studio, STATE_TIMEOUT_S));
  feed = G_LIST_MODEL (sc_studio_get_chat_feed (studio));
  selection = GTK_SELECTION_MODEL (gtk_list_view_get_model (
    GTK_LIST_VIEW (sc_chat_view_get_list_view (view))));

  /* Nothing selected: nothing to feature. */
  g_assert_null (sc_chat_view_get_selected_message (view));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.feature-message", NULL);
  g_assert_null (sc_studio_get_featured_id (studio));

  /* The newest message, as a click on it selects it. */
  n = g_list_model_get_n_items (feed);
  newest = g_list_model_get_item (feed, n - 1);
  older = g_list_model_get_item (feed, n - 2);
  older_id = g_strdup (sc_chat_message_get_id (older));
  g_assert_true (gtk_selection_model_select_item (selection, n - 1, TRUE));
  g_assert_true (sc_chat_view_get_selected_message (view) == newest);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.feature-message", NULL));
  g_assert_cmpstr (sc_studio_get_featured_id (studio), ==, sc_chat_message_get_id (newest));
  g_assert_cmpstr (sc_chat_view_get_featured_id (view), ==, sc_chat_message_get_id (newest));
  /* Again, like the button: the lower third goes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.feature-message", NULL));
  g_assert_null (sc_studio_get_featured_id (studio));
  g_assert_null (sc_chat_view_get_featured_id (view));

  /* Hide the older one: off the panel and the video; the selection goes with it. */
  g_assert_true (gtk_selection_model_select_item (selection, n - 2, TRUE));
  g_assert_true (sc_chat_view_get_selected_message (view) == older);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.hide-message", NULL));
  g_assert_false (in_feed (studio, older_id));
  g_assert_true (in_feed (studio, sc_chat_message_get_id (newest)));
  g_assert_null (sc_chat_view_get_selected_message (view));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.hide-message", NULL);
  g_assert_true (in_feed (studio, sc_chat_message_get_id (newest)));
}

static GtkWindow *
find_shortcuts_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_SHORTCUTS_WINDOW (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return GTK_WINDOW (window);
    }
  return NULL;
}

static gboolean
shortcuts_window_shown (gpointer data)
{
  return find_shortcuts_window () != NULL;
}

/* Laid out: measured and allocated, where GTK checks the sizes. */
static gboolean
allocated (gpointer data)
{
  return gtk_widget_get_width (data) > 0 && gtk_widget_get_height (data) > 0;
}

/* Ctrl+? opens the shortcuts window, built on demand and transient for the
 * window; it lays out without a GTK warning (the test runs with fatal
 * warnings: two pages made GTK 4.8 warn 'GtkLabel reported min width -4'),
 * and a second Ctrl+? presents the same window rather than another. */
static void
test_shortcuts_window (Fixture       *fixture,
                       gconstpointer  user_data)
{
  GtkWindow *shortcuts;

  assert_accelerator (fixture->window, "win.show-help-overlay", "<Control>question");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "win.show-help-overlay", NULL));
  g_assert_true (wait_for (shortcuts_window_shown, NULL, STATE_TIMEOUT_S));
  shortcuts = find_shortcuts_window ();
  g_assert_true (wait_for (allocated, shortcuts, STATE_TIMEOUT_S));
  g_assert_true (gtk_window_get_transient_for (shortcuts) == GTK_WINDOW (fixture->window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "win.show-help-overlay", NULL));
  g_assert_true (find_shortcuts_window () == shortcuts);
  gtk_window_close (shortcuts);
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

/* The dynamic bitrate lowered the video for a weak uplink: amber, and the
 * host reads what is sent against what the show asks for; green again once
 * it is back. Frame losses and destinations stay worse than this. */
static void
test_health_weak_uplink (void)
{
  g_autoptr(ScHealth) health = sc_health_new ();
  ScPipelineStats stats = { 0 };

  stats.video_bitrate_wanted_kbps = 3500;
  stats.video_bitrate_kbps = 3500;
  stats.frames = 100;
  sc_health_update (health, &stats, NULL);
  g_assert_cmpint (sc_health_get_level (health), ==, SC_HEALTH_GOOD);

  stats.video_bitrate_kbps = 1500;
  stats.frames += 100;
  sc_health_update (health, &stats, NULL);
  g_assert_cmpint (sc_health_get_level (health), ==, SC_HEALTH_WARNING);
  g_assert_nonnull (strstr (sc_health_get_summary (health), "sending 1.5 of 3.5 Mbit/s"));

  /* Frames lost beyond 5 % say more than the bitrate. */
  stats.frames += 100;
  stats.render_drops += 30;
  sc_health_update (health, &stats, NULL);
  g_assert_cmpint (sc_health_get_level (health), ==, SC_HEALTH_BAD);
  g_assert_null (strstr (sc_health_get_summary (health), "Mbit/s"));

  sc_health_reset (health);
  stats.video_bitrate_kbps = 3500;
  stats.frames += 100;
  sc_health_update (health, &stats, NULL);
  g_assert_cmpint (sc_health_get_level (health), ==, SC_HEALTH_GOOD);
}

/* The pre-flight row names the H.264 encoder the pipeline picked, in the
 * host's words: in the Flatpak that depends on the runtime and its
 * extensions (docs/packaging.md). @user_data: the show's encoder, or NULL. */
static void
encoder_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  const char *encoder = user_data;
  g_autoptr(ScShow) show = make_show (0);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) installed = sc_devices_list_video_encoders ();

  /* A missing one is reported by the test itself (a failure under CI=true). */
  if (encoder != NULL && g_strv_contains ((const char * const *) installed, encoder))
    {
      g_assert_true (sc_show_set_video_encoder (show, encoder, &error));
      g_assert_no_error (error);
    }
  fixture_start (fixture, show);
}

static void
test_preflight_encoder (Fixture       *fixture,
                        gconstpointer  user_data)
{
  const char *wanted = user_data;
  ScPipeline *pipeline = sc_studio_get_pipeline (sc_window_get_studio (fixture->window));
  const char *chosen = sc_pipeline_get_video_encoder (pipeline);
  const char *text = gtk_label_get_label (fixture->window->encoder_detail);
  g_autofree char *expected = NULL;
  const char *tooltip;
  g_auto(GStrv) installed = sc_devices_list_video_encoders ();

  g_assert_nonnull (chosen);
  g_test_message ("encoder %s: “%s”", chosen, text);
  /* The development profile's stripes, only there (meson -Dprofile). */
  g_assert_cmpint (gtk_widget_has_css_class (GTK_WIDGET (fixture->window), "devel"), ==,
                   DEVELOPMENT_PROFILE);
  expected = g_strdup_printf ("Video: %s", _sc_window_describe_video_encoder (chosen));
  g_assert_cmpstr (text, ==, expected);
  tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (fixture->window->encoder_detail));
  g_assert_nonnull (strstr (tooltip, chosen));
  g_assert_nonnull (strstr (tooltip, sc_pipeline_get_audio_encoder (pipeline)));

  /* Names the host reads for the encoders this machine may not have. */
  g_assert_cmpstr (_sc_window_describe_video_encoder ("vah264enc"), ==, "VA-API (hardware)");
  g_assert_cmpstr (_sc_window_describe_video_encoder ("vah264lpenc"), ==, "VA-API (hardware)");
  g_assert_cmpstr (_sc_window_describe_video_encoder ("openh264enc"), ==, "OpenH264 (software)");
  g_assert_cmpstr (_sc_window_describe_video_encoder ("x264enc"), ==, "x264 (software)");
  g_assert_cmpstr (_sc_window_describe_video_encoder ("nvh264enc"), ==, "nvh264enc");

  if (wanted == NULL)
    {
      /* Automatic: the best installed, x264 wherever it is (Debian, CI). */
      g_assert_nonnull (installed[0]);
      g_assert_cmpstr (chosen, ==, installed[0]);
      if (!sc_test_require_gst_element ("x264enc"))
        return;
      g_assert_cmpstr (text, ==, "Video: x264 (software)");
    }
  else
    {
      /* The Flatpak's fallback: OpenH264 from the runtime's extension. */
      if (!sc_test_require_gst_element (wanted))
        return;
      g_assert_cmpstr (chosen, ==, wanted);
      g_assert_cmpstr (text, ==, "Video: OpenH264 (software)");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  guint16 port;
  int status;

  g_setenv ("GTK_A11Y", "test", TRUE);
  /* File choosers through the portal, as in the Flatpak; the tests that
   * open one start tests/fake-portal.py (GDK_DEBUG=portals in GTK 4.8). */
  {
    const char *debug = g_getenv ("GDK_DEBUG");
    g_autofree char *with_portals = g_strconcat (debug != NULL && *debug != '\0' ? debug : "",
                                                 debug != NULL && *debug != '\0' ? ":" : "",
                                                 "portals", NULL);

    g_setenv ("GDK_DEBUG", with_portals, TRUE);
  }
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  application = sc_application_new ();
  /* Several test programs may run on one session bus. */
  g_application_set_flags (G_APPLICATION (application),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (application), NULL, &error))
    g_error ("Could not register the application: %s", error->message);

  port = unused_port ();

  /* The file chooser runs on its own (meson test window-file-chooser), with
   * the sanitizer build's extra suppression for GTK 4.8's leak. */
  if (g_strcmp0 (g_getenv ("SC_TEST_FILE_CHOOSER"), "1") == 0)
    {
      g_test_add ("/window/settings-without-file", Fixture, GUINT_TO_POINTER (0),
                  fixture_set_up, test_settings_without_file, fixture_tear_down);
      g_test_add ("/window/show-report", Fixture, GUINT_TO_POINTER (0),
                  fixture_set_up, test_show_report, fixture_tear_down);
    }
  else
    {
      g_test_add_func ("/window/health/thresholds", test_health_thresholds);
      g_test_add_func ("/window/health/weak-uplink", test_health_weak_uplink);
      g_test_add ("/window/go-live-end-show", Fixture, GUINT_TO_POINTER (0),
                  fixture_set_up, test_go_live_end_show, fixture_tear_down);
      g_test_add ("/window/health/amber-while-reconnecting", Fixture, GUINT_TO_POINTER (port),
                  fixture_set_up, test_health_amber_while_reconnecting, fixture_tear_down);
      g_test_add ("/window/recording-fails", Fixture, GUINT_TO_POINTER (0),
                  fixture_set_up, test_recording_fails, fixture_tear_down);
      g_test_add ("/window/mic-warnings", Fixture, GUINT_TO_POINTER (0),
                  fixture_set_up, test_mic_warnings, fixture_tear_down);
      g_test_add ("/window/close-while-live-asks", Fixture, GUINT_TO_POINTER (0),
                  fixture_set_up, test_close_while_live_asks, fixture_tear_down);
      g_test_add ("/window/no-hidden-animation", Fixture, GUINT_TO_POINTER (0),
                  fixture_set_up, test_no_hidden_animation, fixture_tear_down);
      g_test_add ("/window/preview/frames", Fixture, GUINT_TO_POINTER (0),
                  fixture_set_up, test_preview_frames, fixture_tear_down);
      g_test_add ("/window/preview/paused-while-hidden", Fixture, GUINT_TO_POINTER (0),
                  fixture_set_up, test_preview_paused_while_hidden, fixture_tear_down);

      g_test_add ("/window/key-refused", Fixture, NULL,
                  refused_set_up, test_key_refused, fixture_tear_down);
      g_test_add ("/window/preflight-srt", Fixture, NULL,
                  srt_set_up, test_preflight_srt, fixture_tear_down);
      g_test_add ("/window/preflight-encoder/automatic", Fixture, NULL,
                  encoder_set_up, test_preflight_encoder, fixture_tear_down);
      g_test_add ("/window/preflight-encoder/openh264", Fixture, "openh264enc",
                  encoder_set_up, test_preflight_encoder, fixture_tear_down);
      g_test_add ("/window/missing-key", Fixture, NULL,
                  missing_key_set_up, test_missing_key, fixture_tear_down);
      g_test_add ("/window/shortcuts-window", Fixture, GUINT_TO_POINTER (0),
                  fixture_set_up, test_shortcuts_window, fixture_tear_down);
      g_test_add ("/window/chat-shortcuts", Fixture, NULL,
                  chat_set_up, test_chat_shortcuts, fixture_tear_down);
      g_test_add ("/window/recent-shows", Fixture, GUINT_TO_POINTER (0),
                  fixture_set_up, test_recent_shows, fixture_tear_down);
      g_test_add ("/window/file-actions", Fixture, GUINT_TO_POINTER (0),
                  fixture_set_up, test_file_actions, fixture_tear_down);
    }

  status = g_test_run ();
  g_clear_object (&application);
  return status;
}
