/* test-studio.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* ScStudio's phases against a real nginx-rtmp on loopback: rehearsal
 * streams and records nothing, go_live starts every output, end_show
 * finishes them and returns to rehearsal, a second live session, one
 * destination switched off while live; the rundown; blocking an author.
 * Waits are on states and events with generous timeouts, never durations. */

#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <math.h>
#include <string.h>

#include "sc-test.h"
#include "studio/sc-studio.h"

#define TIMEOUT_S 30.0

typedef struct {
  ScTestRtmpServer *server;
  char             *dir;
  char             *record_path;
  char             *events_path;
  ScEventLog       *log;
  ScStudio         *studio;
  GPtrArray        *events;     /* char *: event names, as ::event brought them */
  gboolean          started;
  guint             live_started;
  guint             live_ended;
  guint             levels;
  double            last_peak_db;
} Fixture;

static void
audio_level_cb (ScStudio *studio,
                double    rms_db,
                double    peak_db,
                Fixture  *f)
{
  f->levels++;
  f->last_peak_db = peak_db;
}

static void
event_cb (ScEventLog *log,
          const char *name,
          JsonObject *fields,
          Fixture    *f)
{
  g_ptr_array_add (f->events, g_strdup (name));
}

static guint
count_events (Fixture    *f,
              const char *name)
{
  guint n = 0;

  for (guint i = 0; i < f->events->len; i++)
    n += g_str_equal (g_ptr_array_index (f->events, i), name);
  return n;
}

static void
live_started_cb (ScStudio *studio,
                 Fixture  *f)
{
  f->live_started++;
}

static void
live_ended_cb (ScStudio *studio,
               Fixture  *f)
{
  f->live_ended++;
}

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_studio_start_finish (SC_STUDIO (object), result, &error));
  g_assert_no_error (error);
  f->started = TRUE;
}

typedef gboolean (*Condition) (Fixture *f, gpointer data);

static gboolean
wait_for (Fixture   *f,
          Condition  condition,
          gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)(TIMEOUT_S * G_USEC_PER_SEC);

  while (!condition (f, data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5 * 1000);
    }
  return TRUE;
}

static gboolean
is_started (Fixture  *f,
            gpointer  data)
{
  return f->started;
}

static gboolean
live_ended_n (Fixture  *f,
              gpointer  data)
{
  return f->live_ended >= GPOINTER_TO_UINT (data);
}

static ScOutput *
find_output (Fixture *f,
             gboolean recording)
{
  GListModel *outputs = sc_studio_get_outputs (f->studio);

  for (guint i = 0; i < g_list_model_get_n_items (outputs); i++)
    {
      g_autoptr(ScOutput) output = g_list_model_get_item (outputs, i);

      if (sc_output_is_recording (output) == recording)
        return output;   /* the model holds it */
    }
  return NULL;
}

typedef struct {
  gboolean      recording;
  ScOutputState state;
} OutputWait;

static gboolean
output_in_state (Fixture  *f,
                 gpointer  data)
{
  OutputWait *wait = data;
  ScOutput *output = find_output (f, wait->recording);

  return output != NULL && sc_output_get_state (output) == wait->state;
}

static gboolean
wait_output (Fixture       *f,
             gboolean       recording,
             ScOutputState  state)
{
  OutputWait wait = { recording, state };

  return wait_for (f, output_in_state, &wait);
}

static void
start_studio (Fixture *f,
              ScShow  *show)
{
  g_autoptr(GError) error = NULL;

  f->log = sc_event_log_new_for_path (f->events_path, &error);
  g_assert_no_error (error);
  g_signal_connect (f->log, "event", G_CALLBACK (event_cb), f);
  f->studio = sc_studio_new (show);
  sc_studio_set_event_log (f->studio, f->log);
  g_signal_connect (f->studio, "live-started", G_CALLBACK (live_started_cb), f);
  g_signal_connect (f->studio, "live-ended", G_CALLBACK (live_ended_cb), f);
  g_signal_connect (f->studio, "audio-level", G_CALLBACK (audio_level_cb), f);
  g_assert_cmpint (sc_studio_get_state (f->studio), ==, SC_STUDIO_STATE_IDLE);
  sc_studio_start_async (f->studio, NULL, started_cb, f);
  g_assert_true (wait_for (f, is_started, NULL));
  g_assert_cmpint (sc_studio_get_state (f->studio), ==, SC_STUDIO_STATE_REHEARSAL);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = NULL;
  g_autofree char *url = NULL;
  g_autofree char *json = NULL;

  f->events = g_ptr_array_new_with_free_func (g_free);
  f->dir = g_dir_make_tmp ("sc-studio-XXXXXX", &error);
  g_assert_no_error (error);
  f->record_path = g_build_filename (f->dir, "show.mkv", NULL);
  f->events_path = g_build_filename (f->dir, "events.jsonl", NULL);
  if (!sc_test_require_rtmp_server () || !sc_test_require_tool ("ffprobe"))
    return;
  f->server = sc_test_rtmp_server_new (&error);
  g_assert_no_error (error);
  url = sc_test_rtmp_server_get_url (f->server, "studio");
  json = g_strdup_printf (
    "{\"title\": \"Studio\","
    " \"sources\": [{\"id\": \"host\", \"kind\": \"test-pattern\", \"pattern\": \"smpte\"},"
    "               {\"id\": \"mic\", \"kind\": \"test-tone\"}],"
    " \"outputs\": [{\"name\": \"Local\", \"url\": \"%s\"}],"
    " \"recording\": {\"enabled\": true, \"path\": \"%s\"}}",
    url, f->record_path);
  show = sc_show_new_from_data (json, strlen (json), "studio.shopcast", NULL, &error);
  g_assert_no_error (error);
  start_studio (f, show);
}

/* Paths only: the test makes its own studio. */
static void
plain_set_up (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->events = g_ptr_array_new_with_free_func (g_free);
  f->dir = g_dir_make_tmp ("sc-studio-XXXXXX", &error);
  g_assert_no_error (error);
  f->record_path = g_build_filename (f->dir, "show.mkv", NULL);
  f->events_path = g_build_filename (f->dir, "events.jsonl", NULL);
}

static gboolean
is_stopped (Fixture  *f,
            gpointer  data)
{
  return sc_studio_get_state (f->studio) == SC_STUDIO_STATE_STOPPED;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->studio != NULL)
    {
      sc_studio_stop (f->studio);
      g_assert_true (wait_for (f, is_stopped, NULL));
      g_clear_object (&f->studio);
    }
  if (f->log != NULL)
    sc_event_log_close (f->log);
  g_clear_object (&f->log);
  g_clear_pointer (&f->server, sc_test_rtmp_server_free);
  sc_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->record_path);
  g_free (f->events_path);
  g_ptr_array_unref (f->events);
}

static void
run_for (Fixture *f,
         double   seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64)(seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5 * 1000);
    }
}

static gboolean
levels_at_least (Fixture  *f,
                 gpointer  data)
{
  return f->levels >= GPOINTER_TO_UINT (data);
}

static gboolean
tone_heard (Fixture  *f,
            gpointer  data)
{
  return f->last_peak_db > -40.0;
}

static gboolean
silent (Fixture  *f,
        gpointer  data)
{
  return f->last_peak_db < -90.0;
}

/* Rehearsal: sources, overlay and preview run; nothing reaches the server,
 * nothing is written to disk. The microphone meter runs, and mute silences. */
static void
test_rehearsal (Fixture       *f,
                gconstpointer  data)
{
  ScPipelineStats stats;

  if (f->server == NULL)
    return;
  run_for (f, 3.0);
  sc_studio_get_stats (f->studio, &stats);
  g_test_message ("frames in rehearsal: %" G_GUINT64_FORMAT, stats.frames);
  g_assert_cmpuint (sc_test_rtmp_server_count_publishes (f->server, "studio"), ==, 0);
  g_assert_false (g_file_test (f->record_path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (sc_output_get_state (find_output (f, FALSE)), ==, SC_OUTPUT_STATE_IDLE);
  g_assert_cmpint (sc_output_get_state (find_output (f, TRUE)), ==, SC_OUTPUT_STATE_IDLE);
  g_assert_null (sc_studio_get_recording_path (f->studio));
  g_assert_cmpuint (count_events (f, "live-started"), ==, 0);
  g_assert_cmpuint (count_events (f, "recording-started"), ==, 0);
  g_assert_cmpint (sc_studio_get_state (f->studio), ==, SC_STUDIO_STATE_REHEARSAL);

  /* The test tone is loud; muted, the meter shows what goes out: nothing. */
  g_assert_true (wait_for (f, levels_at_least, GUINT_TO_POINTER (3)));
  /* Heard at some level: a loaded machine's mixer fills late input with
   * silence, which the meter reports too. */
  g_assert_true (wait_for (f, tone_heard, NULL));
  g_test_message ("audio level with the tone: %.1f dB", f->last_peak_db);
  sc_studio_set_muted (f->studio, TRUE);
  g_assert_true (sc_studio_get_muted (f->studio));
  g_assert_true (wait_for (f, silent, NULL));
  sc_studio_set_muted (f->studio, TRUE);
  sc_studio_set_muted (f->studio, FALSE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (count_events (f, "microphone"), ==, 2);
}

static void
assert_playable (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScTestProbe) probe = sc_test_ffprobe (path, &error);
  const ScTestProbeStream *video;

  g_assert_no_error (error);
  video = sc_test_probe_get_stream (probe, "video");
  g_assert_nonnull (video);
  g_assert_cmpstr (video->codec_name, ==, "h264");
  g_assert_nonnull (sc_test_probe_get_stream (probe, "audio"));
}

/* go_live starts both outputs; end_show finishes them, finalises the
 * recording and returns to rehearsal; a second session records anew. */
static void
test_go_live_and_end (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  const char *second;

  if (f->server == NULL)
    return;
  g_assert_true (sc_studio_go_live (f->studio, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sc_studio_get_state (f->studio), ==, SC_STUDIO_STATE_LIVE);
  g_assert_cmpuint (f->live_started, ==, 1);
  /* Not twice. */
  g_assert_false (sc_studio_go_live (f->studio, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_true (wait_output (f, FALSE, SC_OUTPUT_STATE_LIVE));
  g_assert_true (wait_output (f, TRUE, SC_OUTPUT_STATE_LIVE));
  g_assert_true (sc_test_rtmp_server_wait_for_publish (f->server, "studio", 1, TIMEOUT_S));
  first = g_strdup (sc_studio_get_recording_path (f->studio));
  g_assert_cmpstr (first, ==, f->record_path);
  g_assert_cmpuint (count_events (f, "live-started"), ==, 1);
  g_assert_cmpuint (count_events (f, "recording-started"), ==, 1);

  sc_studio_end_show (f->studio);
  g_assert_true (wait_for (f, live_ended_n, GUINT_TO_POINTER (1)));
  g_assert_cmpint (sc_studio_get_state (f->studio), ==, SC_STUDIO_STATE_REHEARSAL);
  g_assert_cmpint (sc_output_get_state (find_output (f, FALSE)), ==, SC_OUTPUT_STATE_STOPPED);
  g_assert_cmpint (sc_output_get_state (find_output (f, TRUE)), ==, SC_OUTPUT_STATE_STOPPED);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (count_events (f, "live-ended"), ==, 1);
  g_assert_cmpuint (count_events (f, "recording-finished"), ==, 1);
  assert_playable (first);

  /* The second session: fresh outputs, a new file next to the first. */
  g_assert_true (sc_studio_go_live (f->studio, &error));
  g_assert_no_error (error);
  g_assert_true (wait_output (f, FALSE, SC_OUTPUT_STATE_LIVE));
  g_assert_true (wait_output (f, TRUE, SC_OUTPUT_STATE_LIVE));
  g_assert_true (sc_test_rtmp_server_wait_for_publish (f->server, "studio", 2, TIMEOUT_S));
  second = sc_studio_get_recording_path (f->studio);
  g_test_message ("recordings: %s, %s", first, second);
  g_assert_cmpstr (second, !=, first);
  sc_studio_end_show (f->studio);
  g_assert_true (wait_for (f, live_ended_n, GUINT_TO_POINTER (2)));
  g_assert_cmpint (sc_studio_get_state (f->studio), ==, SC_STUDIO_STATE_REHEARSAL);
  assert_playable (second);
  assert_playable (first);
}

/* Switching one destination off while live finishes that one only. */
static void
test_output_disabled_while_live (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  ScOutput *rtmp;
  ScOutput *recording;

  if (f->server == NULL)
    return;
  g_assert_true (sc_studio_go_live (f->studio, &error));
  g_assert_no_error (error);
  g_assert_true (wait_output (f, FALSE, SC_OUTPUT_STATE_LIVE));
  g_assert_true (wait_output (f, TRUE, SC_OUTPUT_STATE_LIVE));
  rtmp = find_output (f, FALSE);
  recording = find_output (f, TRUE);

  sc_studio_set_output_enabled (f->studio, rtmp, FALSE);
  g_assert_false (sc_studio_get_output_enabled (f->studio, rtmp));
  g_assert_true (wait_output (f, FALSE, SC_OUTPUT_STATE_STOPPED));
  g_assert_true (sc_test_rtmp_server_wait_idle (f->server, TIMEOUT_S));
  g_assert_cmpint (sc_output_get_state (recording), ==, SC_OUTPUT_STATE_LIVE);
  g_assert_cmpint (sc_studio_get_state (f->studio), ==, SC_STUDIO_STATE_LIVE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (count_events (f, "output-enabled"), ==, 1);
  g_assert_cmpuint (count_events (f, "live-ended"), ==, 0);

  sc_studio_end_show (f->studio);
  g_assert_true (wait_for (f, live_ended_n, GUINT_TO_POINTER (1)));
  assert_playable (f->record_path);
  g_assert_cmpuint (sc_test_rtmp_server_count_publishes (f->server, "studio"), ==, 1);
}

/* The rundown of the demo show, without starting it. */
static void
test_rundown (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = sc_show_new_demo (&error);
  g_autoptr(ScStudio) studio = NULL;
  const char * const *rundown;
  guint n = 0;

  g_assert_no_error (error);
  studio = sc_studio_new (show);
  rundown = sc_show_get_rundown (show);
  while (rundown[n] != NULL)
    n++;
  g_assert_cmpuint (n, >=, 2);

  g_assert_null (sc_studio_get_pinned (studio));
  /* Nothing pinned: "next" starts the rundown, "previous" takes its end. */
  g_assert_true (sc_studio_pin_step (studio, 1));
  g_assert_cmpstr (sc_product_get_id (sc_studio_get_pinned (studio)), ==, rundown[0]);
  g_assert_cmpstr (sc_product_get_id (sc_studio_get_next_in_rundown (studio)), ==, rundown[1]);
  g_assert_false (sc_studio_pin_step (studio, -1));
  g_assert_cmpstr (sc_product_get_id (sc_studio_get_pinned (studio)), ==, rundown[0]);
  for (guint i = 1; i < n; i++)
    {
      g_assert_true (sc_studio_pin_step (studio, 1));
      g_assert_cmpstr (sc_product_get_id (sc_studio_get_pinned (studio)), ==, rundown[i]);
    }
  g_assert_null (sc_studio_get_next_in_rundown (studio));
  g_assert_false (sc_studio_pin_step (studio, 1));
  g_assert_true (sc_studio_pin_step (studio, -1));
  g_assert_cmpstr (sc_product_get_id (sc_studio_get_pinned (studio)), ==, rundown[n - 2]);

  sc_studio_unpin (studio);
  g_assert_null (sc_studio_get_pinned (studio));
  g_assert_true (sc_studio_pin_step (studio, -1));
  g_assert_cmpstr (sc_product_get_id (sc_studio_get_pinned (studio)), ==, rundown[n - 1]);
}

/* Without a rundown, "next" follows the catalog's order. */
static void
test_next_without_rundown (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = sc_test_make_tmp_dir ("shopcast-studio");
  g_autofree char *catalog_path = NULL;
  g_autofree char *show_path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(ScShow) show = NULL;
  g_autoptr(ScStudio) studio = NULL;

  g_assert_no_error (error);
  catalog_path = g_build_filename (dir, "catalog.json", NULL);
  show_path = g_build_filename (dir, "plain.shopcast", NULL);
  g_file_set_contents (catalog_path,
                       "{\"currency\": \"EUR\", \"products\": ["
                       "{\"id\": \"a\", \"title\": \"A\", \"price\": \"1.00\"},"
                       "{\"id\": \"b\", \"title\": \"B\", \"price\": \"2.00\"},"
                       "{\"id\": \"c\", \"title\": \"C\", \"price\": \"3.00\"}]}",
                       -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (show_path,
                       "{\"version\": 1, \"title\": \"Plain\", "
                       "\"sources\": [{\"id\": \"s\", \"kind\": \"test-pattern\", "
                       "\"label\": \"S\"}], \"products\": {\"file\": \"catalog.json\"}}",
                       -1, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (show_path);
  show = sc_show_new_from_file (file, &error);
  g_assert_no_error (error);
  studio = sc_studio_new (show);

  g_assert_cmpstr (sc_product_get_id (sc_studio_get_next_in_rundown (studio)), ==, "a");
  g_assert_true (sc_studio_pin_step (studio, 1));
  g_assert_cmpstr (sc_product_get_id (sc_studio_get_next_in_rundown (studio)), ==, "b");
  g_assert_true (sc_studio_pin_step (studio, 1));
  g_assert_cmpstr (sc_product_get_id (sc_studio_get_next_in_rundown (studio)), ==, "c");
  g_assert_true (sc_studio_pin_step (studio, 1));
  g_assert_null (sc_studio_get_next_in_rundown (studio));

  g_unlink (catalog_path);
  g_unlink (show_path);
  g_rmdir (dir);
}

static gboolean
feed_has_messages (Fixture  *f,
                   gpointer  data)
{
  ScChatFeed *feed = sc_studio_get_chat_feed (f->studio);

  return feed != NULL && g_list_model_get_n_items (G_LIST_MODEL (feed)) >= 2;
}

/* Blocking an author takes what they said off the feed (and so the panel). */
static void
test_block_author (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = sc_show_new_demo (&error);
  g_autoptr(ScChatMessage) first = NULL;
  g_autofree char *author = NULL;
  GListModel *feed;

  g_assert_no_error (error);
  start_studio (f, show);
  g_assert_true (wait_for (f, feed_has_messages, NULL));
  feed = G_LIST_MODEL (sc_studio_get_chat_feed (f->studio));
  first = g_list_model_get_item (feed, 0);
  author = g_strdup (sc_chat_message_get_author (first));

  sc_studio_block_author (f->studio, sc_chat_message_get_platform (first), author);
  for (guint i = 0; i < g_list_model_get_n_items (feed); i++)
    {
      g_autoptr(ScChatMessage) message = g_list_model_get_item (feed, i);

      g_assert_cmpstr (sc_chat_message_get_author (message), !=, author);
    }
  g_assert_true (g_strv_contains (sc_chat_feed_get_blocked_authors (SC_CHAT_FEED (feed)), author));
  /* Blocking twice changes nothing and logs nothing. */
  sc_studio_block_author (f->studio, sc_chat_message_get_platform (first), author);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (count_events (f, "author-blocked"), ==, 1);
}

/* A French show without claim_keywords claims with French words and "sold";
 * one that sets them keeps its own. */
static void
test_locale_keywords (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = sc_show_new_demo (&error);
  const char * const *keywords;

  g_assert_no_error (error);
  g_assert_true (sc_show_set_locale (show, "fr-FR", &error));
  g_assert_no_error (error);
  start_studio (f, show);
  keywords = sc_claim_detector_get_keywords (sc_studio_get_claims (f->studio));
  g_assert_true (g_strv_equal (keywords, sc_claim_keywords_for_locale ("fr-FR")));
  g_assert_cmpstr (keywords[0], ==, "vendu");
  g_assert_true (g_strv_contains (keywords, "sold"));
}

static void
block_set_up (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->events = g_ptr_array_new_with_free_func (g_free);
  f->dir = g_dir_make_tmp ("sc-studio-XXXXXX", &error);
  g_assert_no_error (error);
  f->record_path = g_build_filename (f->dir, "show.mkv", NULL);
  f->events_path = g_build_filename (f->dir, "events.jsonl", NULL);
}

/* ---- the preview's size changed while starting and going live ---------- */

/* The window resizes the preview whenever its picture changes size, which
 * happens while the studio starts and while the host goes live. A resize
 * once stopped the video (not-negotiated from the preview branch,
 * "Internal data stream error" from the sources, which then showed their
 * slates or stalled). */
#define RESIZES 1000

typedef struct {
  Fixture  *f;
  guint     resizes;
  guint     frames;
  int       last_width;      /* of the last preview frame */
  int       asked_width;     /* of the last resize */
  guint     idle_id;
  gboolean  went_live;
  gboolean  failed;
} Resizer;

static void
resize_preview (Resizer *r)
{
  static const int widths[] = { 320, 96, 256, 64, 176, 288, 128 };

  if (r->resizes >= RESIZES || r->f->studio == NULL)
    return;
  r->asked_width = widths[r->resizes++ % G_N_ELEMENTS (widths)];
  sc_pipeline_set_preview_width (sc_studio_get_pipeline (r->f->studio), r->asked_width);
}

static void
go_live_once_cb (gpointer data)
{
  Resizer *r = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_studio_go_live (r->f->studio, &error));
  g_assert_no_error (error);
}

static void
resize_state_cb (ScStudio   *studio,
                 GParamSpec *pspec,
                 Resizer    *r)
{
  ScStudioState state = sc_studio_get_state (studio);

  resize_preview (r);
  if (state == SC_STUDIO_STATE_FAILED)
    r->failed = TRUE;
  /* Go Live as soon as rehearsal starts, the fastest a host can click. */
  if (state == SC_STUDIO_STATE_REHEARSAL && !r->went_live)
    {
      r->went_live = TRUE;
      g_idle_add_once (go_live_once_cb, r);
    }
}

static void
resize_frame_cb (ScStudio *studio,
                 GBytes   *pixels,
                 int       width,
                 int       height,
                 int       stride,
                 Resizer  *r)
{
  r->frames++;
  r->last_width = width;
  resize_preview (r);
}

/* A source that stops shows its slate and the show goes on: for this test
 * that is the failure it looks for. */
static void
resize_source_failed_cb (ScStudio   *studio,
                         const char *id,
                         const char *kind,
                         const char *message,
                         Resizer    *r)
{
  g_test_message ("source %s failed: %s", id, message);
  r->failed = TRUE;
}

static void
resize_output_cb (ScOutput   *output,
                  GParamSpec *pspec,
                  Resizer    *r)
{
  resize_preview (r);
}

/* Between frames the window's main loop resizes as often as it likes. */
static gboolean
resize_idle_cb (gpointer data)
{
  Resizer *r = data;

  resize_preview (r);
  if (r->resizes < RESIZES)
    return G_SOURCE_CONTINUE;
  r->idle_id = 0;
  return G_SOURCE_REMOVE;
}

static gboolean
resized_all (Fixture  *f,
             gpointer  data)
{
  Resizer *r = data;

  return r->failed ||
         (r->resizes >= RESIZES && sc_studio_get_state (f->studio) == SC_STUDIO_STATE_LIVE);
}

typedef struct {
  Resizer *r;
  guint    frames;
} FrameWait;

/* Frames of the last size asked for keep coming: the preview and the
 * pipeline behind it still run. */
static gboolean
frames_of_last_size (Fixture  *f,
                     gpointer  data)
{
  FrameWait *wait = data;

  return wait->r->failed ||
         (wait->r->frames >= wait->frames && wait->r->last_width == wait->r->asked_width);
}

static void
test_preview_resize_while_starting (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = NULL;
  g_autofree char *url = NULL;
  g_autofree char *json = NULL;
  Resizer r = { f, 0 };
  FrameWait wait = { &r, 0 };
  ScPipelineStats before, after;

  if (!sc_test_require_rtmp_server () || !sc_test_require_tool ("ffprobe"))
    return;
  f->server = sc_test_rtmp_server_new (&error);
  g_assert_no_error (error);
  url = sc_test_rtmp_server_get_url (f->server, "resize");
  json = g_strdup_printf (
    "{\"title\": \"Resize\","
    " \"canvas\": {\"width\": 320, \"height\": 180, \"fps\": 30},"
    " \"sources\": [{\"id\": \"host\", \"kind\": \"test-pattern\", \"pattern\": \"ball\"},"
    "               {\"id\": \"mic\", \"kind\": \"test-tone\"}],"
    " \"outputs\": [{\"name\": \"Local\", \"url\": \"%s\"}],"
    " \"recording\": {\"enabled\": true, \"path\": \"%s\"}}",
    url, f->record_path);
  show = sc_show_new_from_data (json, strlen (json), "resize.shopcast", NULL, &error);
  g_assert_no_error (error);

  f->studio = sc_studio_new (show);
  f->log = sc_event_log_new_for_path (f->events_path, &error);
  g_assert_no_error (error);
  sc_studio_set_event_log (f->studio, f->log);
  sc_studio_set_preview_width (f->studio, 320);
  g_signal_connect (f->studio, "notify::state", G_CALLBACK (resize_state_cb), &r);
  g_signal_connect (f->studio, "preview-frame", G_CALLBACK (resize_frame_cb), &r);
  g_signal_connect (f->studio, "live-ended", G_CALLBACK (live_ended_cb), f);
  g_signal_connect (f->studio, "source-failed", G_CALLBACK (resize_source_failed_cb), &r);
  for (guint i = 0; i < g_list_model_get_n_items (sc_studio_get_outputs (f->studio)); i++)
    {
      g_autoptr(ScOutput) output = g_list_model_get_item (sc_studio_get_outputs (f->studio), i);

      g_signal_connect (output, "notify::state", G_CALLBACK (resize_output_cb), &r);
    }
  r.idle_id = g_idle_add (resize_idle_cb, &r);
  sc_studio_start_async (f->studio, NULL, started_cb, f);
  g_assert_true (wait_for (f, is_started, NULL));

  g_assert_true (wait_for (f, resized_all, &r));
  g_test_message ("%u resizes, %u preview frames", r.resizes, r.frames);
  g_assert_false (r.failed);
  g_assert_cmpint (sc_studio_get_state (f->studio), ==, SC_STUDIO_STATE_LIVE);
  g_assert_true (wait_output (f, FALSE, SC_OUTPUT_STATE_LIVE));
  g_assert_true (wait_output (f, TRUE, SC_OUTPUT_STATE_LIVE));

  sc_studio_get_stats (f->studio, &before);
  wait.frames = r.frames + 10;
  g_assert_true (wait_for (f, frames_of_last_size, &wait));
  g_assert_false (r.failed);
  g_assert_cmpint (r.last_width, ==, r.asked_width);
  sc_studio_get_stats (f->studio, &after);
  g_assert_cmpuint (after.frames, >, before.frames);
  g_assert_cmpint (sc_studio_get_state (f->studio), ==, SC_STUDIO_STATE_LIVE);

  g_clear_handle_id (&r.idle_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (f->studio, &r);
  sc_studio_end_show (f->studio);
  g_assert_true (wait_for (f, live_ended_n, GUINT_TO_POINTER (1)));
  assert_playable (f->record_path);

  /* The first preview frame is logged once, with the time it took. */
  sc_event_log_flush (f->log);
  {
    g_autoptr(GPtrArray) events = sc_test_read_events (f->events_path);
    int i = sc_test_find_event (events, 0, "preview-started", NULL, NULL);
    JsonObject *event;

    g_assert_cmpint (i, >=, 0);
    g_assert_cmpint (sc_test_find_event (events, i + 1, "preview-started", NULL, NULL), <, 0);
    event = g_ptr_array_index (events, i);
    g_test_message ("first preview frame %.3f s after the start",
                    json_object_get_double_member (event, "since_start_s"));
    g_assert_cmpfloat (json_object_get_double_member (event, "since_start_s"), >, 0.0);
    g_assert_cmpint (sc_test_find_event (events, 0, "show-started", NULL, NULL), <, i);
  }
}

static void
test_state_nicks (void)
{
  static const char * const nicks[] = {
    "idle", "starting", "rehearsal", "live", "ending", "stopping", "stopped", "failed",
  };
  g_autoptr(GEnumClass) klass = g_type_class_ref (SC_TYPE_STUDIO_STATE);

  g_assert_cmpuint (klass->n_values, ==, G_N_ELEMENTS (nicks));
  for (guint i = 0; i < G_N_ELEMENTS (nicks); i++)
    {
      GEnumValue *value = g_enum_get_value_by_nick (klass, nicks[i]);

      g_assert_nonnull (value);
      g_assert_cmpint (value->value, ==, (int)i);
      g_assert_cmpstr (sc_studio_state_to_string (i), ==, nicks[i]);
    }
  g_assert_cmpstr (sc_studio_state_to_string (99), ==, "unknown");
}

/* The recording gets the live session's chapters (what was pinned, by
 * YouTube's rules) as its Matroska table of contents, at the times the
 * show's own clock gave the pins. */
static void
test_recording_chapters (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *catalog = NULL;
  g_autofree char *json = NULL;
  g_autofree char *probe = NULL;
  const char *titles[] = { "Stoneware Mug, Sage", "Fig & Cedar Soy Candle",
                           "Chunky Knit Scarf, Mustard" };
  double expected[3] = { 0, 0, 0 };
  double live_t;
  JsonArray *chapters;
  int status;
  int i;

  if (!sc_test_require_tool ("ffprobe"))
    return;
  catalog = g_build_filename (g_getenv ("SHOPCAST_FIXTURES_DIR"), "shows", "catalog.json", NULL);
  json = g_strdup_printf (
    "{\"title\": \"Chapters\","
    " \"sources\": [{\"id\": \"host\", \"kind\": \"test-pattern\", \"pattern\": \"smpte\"},"
    "               {\"id\": \"mic\", \"kind\": \"test-tone\"}],"
    " \"products\": {\"file\": \"%s\"},"
    " \"recording\": {\"enabled\": true, \"path\": \"%s\"}}",
    catalog, f->record_path);
  show = sc_show_new_from_data (json, strlen (json), "chapters.shopcast", NULL, &error);
  g_assert_no_error (error);
  start_studio (f, show);

  g_assert_true (sc_studio_pin (f->studio, "mug-01", &error));
  g_assert_no_error (error);
  g_assert_true (sc_studio_go_live (f->studio, &error));
  g_assert_no_error (error);
  g_assert_true (wait_output (f, TRUE, SC_OUTPUT_STATE_LIVE));
  run_for (f, 11);
  g_assert_true (sc_studio_pin (f->studio, "candle-01", &error));
  run_for (f, 11);
  g_assert_true (sc_studio_pin (f->studio, "scarf-01", &error));
  run_for (f, 11);
  sc_studio_end_show (f->studio);
  g_assert_true (wait_for (f, live_ended_n, GUINT_TO_POINTER (1)));
  sc_event_log_flush (f->log);

  events = sc_test_read_events (f->events_path);
  /* No preview asked for (headless): no preview-started. */
  g_assert_cmpint (sc_test_find_event (events, 0, "preview-started", NULL, NULL), <, 0);
  live_t = sc_test_event_t (g_ptr_array_index (events,
                                               sc_test_find_event (events, 0, "live-started",
                                                                   NULL, NULL)));
  for (guint k = 1; k < 3; k++)
    {
      i = sc_test_find_event (events, 0, "pinned", "product_id",
                              k == 1 ? "candle-01" : "scarf-01");
      g_assert_cmpint (i, >=, 0);
      expected[k] = sc_test_event_t (g_ptr_array_index (events, i)) - live_t;
    }
  i = sc_test_find_event (events, 0, "recording-finished", "chapters", "3");
  g_assert_cmpint (i, >=, 0);
  /* live-ended waited for the chapters. */
  g_assert_cmpint (sc_test_find_event (events, i, "live-ended", NULL, NULL), >, i);

  {
    const char *argv[] = { "ffprobe", "-v", "error", "-show_chapters", "-of", "json",
                           f->record_path, NULL };

    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, &probe, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  g_test_message ("%s", probe);
  json_parser_load_from_data (parser, probe, -1, &error);
  g_assert_no_error (error);
  chapters = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "chapters");
  g_assert_cmpuint (json_array_get_length (chapters), ==, 3);
  for (guint k = 0; k < 3; k++)
    {
      JsonObject *chapter = json_array_get_object_element (chapters, k);
      double start = g_ascii_strtod (json_object_get_string_member (chapter, "start_time"), NULL);

      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (chapter,
                                                                                      "tags"),
                                                      "title"), ==, titles[k]);
      g_assert_cmpfloat (fabs (start - expected[k]), <=, 1.0);
    }
  assert_playable (f->record_path);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/studio/live/rehearsal", Fixture, NULL,
              fixture_set_up, test_rehearsal, fixture_tear_down);
  g_test_add ("/studio/live/recording-chapters", Fixture, NULL,
              plain_set_up, test_recording_chapters, fixture_tear_down);
  g_test_add ("/studio/live/go-live-and-end", Fixture, NULL,
              fixture_set_up, test_go_live_and_end, fixture_tear_down);
  g_test_add ("/studio/live/output-disabled", Fixture, NULL,
              fixture_set_up, test_output_disabled_while_live, fixture_tear_down);
  g_test_add_func ("/studio/rundown", test_rundown);
  g_test_add_func ("/studio/next-without-rundown", test_next_without_rundown);
  g_test_add ("/studio/chat/block-author", Fixture, NULL,
              block_set_up, test_block_author, fixture_tear_down);
  g_test_add_func ("/studio/state-nicks", test_state_nicks);
  g_test_add ("/studio/chat/locale-keywords", Fixture, NULL,
              block_set_up, test_locale_keywords, fixture_tear_down);
  g_test_add ("/studio/preview/resize-while-starting", Fixture, NULL,
              plain_set_up, test_preview_resize_while_starting, fixture_tear_down);

  return g_test_run ();
}
