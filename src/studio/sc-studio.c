/* sc-studio.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-studio"

#include "config.h"

#include <glib/gi18n.h>

#include "base/sc-task.h"
#include "media/sc-media-error.h"
#include "media/sc-recording-chapters.h"
#include "sc-report.h"
#include "sc-studio-private.h"

/* Lifecycle, state, outputs and the live phase. The shop, the chat and the
 * event JSON live in sc-studio-shop.c, sc-studio-chat.c, sc-studio-events.c. */

/* Shortest time between two overlay rebuilds. */
#define OVERLAY_INTERVAL_MS 100

G_DEFINE_FINAL_TYPE (ScStudio, sc_studio, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (ScStudioState, sc_studio_state,
  G_DEFINE_ENUM_VALUE (SC_STUDIO_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (SC_STUDIO_STATE_STARTING, "starting"),
  G_DEFINE_ENUM_VALUE (SC_STUDIO_STATE_REHEARSAL, "rehearsal"),
  G_DEFINE_ENUM_VALUE (SC_STUDIO_STATE_LIVE, "live"),
  G_DEFINE_ENUM_VALUE (SC_STUDIO_STATE_ENDING, "ending"),
  G_DEFINE_ENUM_VALUE (SC_STUDIO_STATE_STOPPING, "stopping"),
  G_DEFINE_ENUM_VALUE (SC_STUDIO_STATE_STOPPED, "stopped"),
  G_DEFINE_ENUM_VALUE (SC_STUDIO_STATE_FAILED, "failed"))

enum {
  PROP_0,
  PROP_SHOW,
  PROP_STATE,
  PROP_PINNED,
  PROP_LAYOUT,
  PROP_MUTED,
  N_PROPS
};

enum {
  PREVIEW_FRAME,
  SOURCE_FAILED,
  AUDIO_LEVEL,
  LIVE_STARTED,
  LIVE_ENDED,
  RECORDING_FAILED,
  STOPPED,
  SHOP_SALE_RESTORED,
  SEGMENT_CHANGED,
  SALE_STARTED,
  SALE_ENDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

const char *
sc_studio_state_to_string (ScStudioState state)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SC_TYPE_STUDIO_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);

  return value != NULL ? value->value_nick : "unknown";
}

void
_sc_studio_set_state (ScStudio      *self,
                      ScStudioState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  _sc_studio_update_scene_extras (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
fail (ScStudio     *self,
      const GError *error)
{
  g_clear_error (&self->error);
  self->error = g_error_copy (error);
  _sc_studio_set_state (self, SC_STUDIO_STATE_FAILED);
}

/* ---- overlay ------------------------------------------------------------ */

static void
update_overlay (ScStudio *self)
{
  g_autoptr(GPtrArray) regions = sc_overlay_scene_render (self->scene);

  self->overlay_updated_at = g_get_monotonic_time ();
  sc_pipeline_set_overlay (self->pipeline, regions);
  _sc_studio_log_overlay (self, regions->len);
}

static gboolean
overlay_timeout_cb (gpointer data)
{
  ScStudio *self = data;

  self->overlay_timeout = 0;
  update_overlay (self);
  return G_SOURCE_REMOVE;
}

/* At most one new overlay per OVERLAY_INTERVAL_MS: a chat flood (1,000
 * messages a second) must not turn into 1,000 renders a second, and a stock
 * change still reaches the video well within a second. */
static void
scene_changed_cb (ScOverlayScene *scene,
                  ScStudio       *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 due = self->overlay_updated_at + OVERLAY_INTERVAL_MS * 1000;

  /* Before the show starts, the start draws the first overlay itself. */
  if (self->overlay_timeout != 0 || !self->announced)
    return;
  if (now >= due)
    {
      update_overlay (self);
      return;
    }
  self->overlay_timeout = g_timeout_add ((guint)((due - now) / 1000) + 1, overlay_timeout_cb, self);
}

static void
scene_image_failed_cb (ScOverlayScene *scene,
                       const char     *uri,
                       const char     *message,
                       ScStudio       *self)
{
  _sc_studio_log_error (self, "overlay", 0, message);
}

/* ---- pipeline ----------------------------------------------------------- */

static void
source_failed_cb (ScPipeline *pipeline,
                  const char *id,
                  const char *kind,
                  const char *message,
                  ScStudio   *self)
{
  _sc_studio_log_source_failed (self, id, kind, message);
  g_signal_emit (self, signals[SOURCE_FAILED], 0, id, kind, message);
}

static void
bitrate_changed_cb (ScPipeline *pipeline,
                    guint       kbps,
                    const char *reason,
                    const char *output,
                    ScStudio   *self)
{
  _sc_studio_log_bitrate (self, kbps, reason, output);
}

static void
preview_frame_cb (ScPipeline *pipeline,
                  GBytes     *pixels,
                  int         width,
                  int         height,
                  int         stride,
                  ScStudio   *self)
{
  if (!self->preview_started)
    {
      self->preview_started = TRUE;
      _sc_studio_log_preview_started (self);
    }
  g_signal_emit (self, signals[PREVIEW_FRAME], 0, pixels, width, height, stride);
}

static void
audio_level_cb (ScPipeline *pipeline,
                double      rms_db,
                double      peak_db,
                ScStudio   *self)
{
  g_signal_emit (self, signals[AUDIO_LEVEL], 0, rms_db, peak_db);
}

static void
pipeline_failed_cb (ScPipeline *pipeline,
                    GError     *error,
                    ScStudio   *self)
{
  _sc_studio_log_error (self, g_quark_to_string (error->domain), error->code, error->message);
  fail (self, error);
}

static gboolean
stats_cb (gpointer data)
{
  _sc_studio_write_stats (data);
  return G_SOURCE_CONTINUE;
}

static void log_live_ended (ScStudio *self);

static void
pipeline_stopped_cb (ScPipeline *pipeline,
                     ScStudio   *self)
{
  /* The recording is getting its chapters: the show ends once it has. */
  if (self->chapters_writing > 0)
    {
      self->stop_deferred = TRUE;
      return;
    }
  self->stop_deferred = FALSE;
  g_clear_handle_id (&self->stats_source, g_source_remove);
  _sc_studio_chat_stop (self);
  _sc_studio_rundown_stop (self);
  _sc_studio_write_stats (self);
  if (self->live_started_at > 0)
    log_live_ended (self);
  _sc_studio_log_show_ended (self);
  /* Without waiting: the writer thread commits and flushes. */
  if (self->log != NULL)
    sc_event_log_flush_async (self->log, NULL, NULL, NULL);

  if (self->state != SC_STUDIO_STATE_FAILED)
    _sc_studio_set_state (self, SC_STUDIO_STATE_STOPPED);
  if (!self->stopped_emitted)
    {
      self->stopped_emitted = TRUE;
      g_signal_emit (self, signals[STOPPED], 0);
    }
}

/* ---- outputs and the live phase ---------------------------------------- */

static OutputTiming *
get_timing (ScStudio *self,
            ScOutput *output)
{
  OutputTiming *timing = g_hash_table_lookup (self->timings, output);

  if (timing == NULL)
    {
      timing = g_new0 (OutputTiming, 1);
      g_hash_table_insert (self->timings, g_object_ref (output), timing);
    }
  return timing;
}

static void recording_stopped (ScStudio *self, ScOutput *output);

static void
output_state_cb (ScOutput   *output,
                 GParamSpec *pspec,
                 ScStudio   *self)
{
  OutputTiming *timing = get_timing (self, output);
  gint64 now = g_get_monotonic_time ();

  if (sc_output_get_state (output) == SC_OUTPUT_STATE_LIVE)
    {
      if (timing->live_since == 0)
        timing->live_since = now;
      timing->went_live = TRUE;
      timing->failed = FALSE;
    }
  else if (timing->live_since != 0)
    {
      timing->live_us += now - timing->live_since;
      timing->live_since = 0;
    }
  _sc_studio_log_output_state (self, output);

  if (!sc_output_is_recording (output))
    return;
  if (sc_output_get_state (output) == SC_OUTPUT_STATE_FAILED && !timing->failed)
    {
      const GError *error = sc_output_get_error (output);
      g_autoptr(GError) unknown = NULL;

      if (error == NULL)
        error = unknown = g_error_new_literal (SC_MEDIA_ERROR, SC_MEDIA_ERROR_OUTPUT,
                                               _("The recording stopped"));
      /* Said once; the outputs and the show go on without it. */
      timing->failed = TRUE;
      _sc_studio_log_recording_failed (self, output, error);
      g_signal_emit (self, signals[RECORDING_FAILED], 0, sc_output_get_display_url (output),
                     error);
    }
  else if (sc_output_get_state (output) == SC_OUTPUT_STATE_STOPPED && !timing->failed)
    recording_stopped (self, output);
}

/* ---- chapters in the recording ----------------------------------------- */

void
_sc_studio_add_chapter (ScStudio   *self,
                        const char *title)
{
  double t;

  if (self->state != SC_STUDIO_STATE_LIVE || self->live_started_at == 0 || title == NULL)
    return;
  t = sc_studio_get_live_elapsed (self);
  g_array_append_val (self->chapter_starts, t);
  g_ptr_array_add (self->chapter_titles, g_strdup (title));
}

static void
reset_chapters (ScStudio *self)
{
  g_array_set_size (self->chapter_starts, 0);
  g_ptr_array_set_size (self->chapter_titles, 0);
  /* What is pinned when the show goes live opens the video. */
  if (self->pinned != NULL)
    {
      double zero = 0;

      g_array_append_val (self->chapter_starts, zero);
      g_ptr_array_add (self->chapter_titles, g_strdup (sc_product_get_title (self->pinned)));
    }
}

typedef struct {
  ScOutput *output;
  char     *path;
  double   *starts;
  GStrv     titles;
  guint     n;
  double    end;
} ChapterJob;

static void
chapter_job_free (ChapterJob *job)
{
  g_clear_object (&job->output);
  g_free (job->path);
  g_free (job->starts);
  g_strfreev (job->titles);
  g_free (job);
}

static void
write_chapters_thread (GTask        *task,
                       gpointer      source,
                       gpointer      data,
                       GCancellable *cancellable)
{
  ChapterJob *job = data;
  GError *error = NULL;

  if (sc_recording_write_chapters (job->path, job->starts, (const char * const *)job->titles,
                                   job->n, job->end, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void finish_ending (ScStudio *self);

static void
chapters_written_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ScStudio *self = SC_STUDIO (object);
  ChapterJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  guint written = job->n;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* The file is as it was: playable, without chapters. */
      _sc_studio_log_error (self, g_quark_to_string (error->domain), error->code, error->message);
      written = 0;
    }
  _sc_studio_log_recording_finished (self, job->output, written);
  self->chapters_writing--;
  if (self->state == SC_STUDIO_STATE_ENDING && self->outputs_ending > 0 &&
      --self->outputs_ending == 0)
    finish_ending (self);
  if (self->stop_deferred && self->chapters_writing == 0)
    pipeline_stopped_cb (self->pipeline, self);
}

/* The recording is finalised. Matroska gets the session's chapters (by
 * YouTube's rules, as chapters.txt of the report) before it is announced
 * finished; live-ended and the end of the show wait for it. */
static void
recording_stopped (ScStudio *self,
                   ScOutput *output)
{
  const char *path = sc_output_get_path (output);
  g_autoptr(GPtrArray) chapters = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *lower = path ? g_ascii_strdown (path, -1) : NULL;
  ChapterJob *job;

  if (lower != NULL && g_str_has_suffix (lower, ".mkv") && self->chapter_starts->len > 0)
    chapters = sc_report_chapters_make ((const double *)(gpointer)self->chapter_starts->data,
                                        (const char * const *)self->chapter_titles->pdata,
                                        self->chapter_starts->len,
                                        sc_studio_get_live_elapsed (self), _("Intro"));
  if (chapters == NULL || chapters->len < 3)
    {
      _sc_studio_log_recording_finished (self, output, 0);
      return;
    }

  job = g_new0 (ChapterJob, 1);
  job->output = g_object_ref (output);
  job->path = g_strdup (path);
  job->n = chapters->len;
  job->end = sc_studio_get_live_elapsed (self);
  job->starts = g_new0 (double, chapters->len);
  job->titles = g_new0 (char *, chapters->len + 1);
  for (guint i = 0; i < chapters->len; i++)
    {
      ScReportChapter *chapter = g_ptr_array_index (chapters, i);

      job->starts[i] = chapter->start;
      job->titles[i] = g_strdup (chapter->title);
    }
  self->chapters_writing++;
  /* ::finished follows this state change: one more to wait for. */
  if (self->state == SC_STUDIO_STATE_ENDING)
    self->outputs_ending++;
  task = g_task_new (self, NULL, chapters_written_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify)chapter_job_free);
  g_task_run_in_thread (task, write_chapters_thread);
}

static void
log_live_ended (ScStudio *self)
{
  _sc_studio_log_live_ended (self, sc_studio_get_live_elapsed (self));
  self->live_started_at = 0;
}

static void
output_finished_cb (ScOutput *output,
                    ScStudio *self)
{
  /* Out of the fan-out: nothing more is pushed to a finished output. */
  sc_pipeline_remove_output (self->pipeline, output);

  if (self->state != SC_STUDIO_STATE_ENDING || self->outputs_ending == 0)
    return;
  if (--self->outputs_ending > 0)
    return;
  finish_ending (self);
}

static void
finish_ending (ScStudio *self)
{
  log_live_ended (self);
  _sc_studio_set_state (self, SC_STUDIO_STATE_REHEARSAL);
  g_signal_emit (self, signals[LIVE_ENDED], 0);
}

static void output_path_cb (ScOutput *output, GParamSpec *pspec, ScStudio *self);

/* The show's destinations and the recording as IDLE outputs: what go_live
 * starts. Made anew for each live session so every one starts clean. */
static void
build_outputs (ScStudio *self)
{
  const ScEncodingConfig *encoding = sc_show_get_encoding (self->show);
  GPtrArray *configs = sc_show_get_outputs (self->show);
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) was_disabled = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                              g_free, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->outputs));

  /* What the host switched off stays off in the next session (by name). */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScOutput) old = g_list_model_get_item (G_LIST_MODEL (self->outputs), i);

      if (g_hash_table_contains (self->disabled, old))
        g_hash_table_add (was_disabled, g_strdup (sc_output_get_name (old)));
    }
  g_hash_table_remove_all (self->disabled);
  g_hash_table_remove_all (self->last_bytes);
  for (guint i = 0; i < self->output_signals->len; i++)
    g_signal_group_set_target (g_ptr_array_index (self->output_signals, i), NULL);
  g_ptr_array_set_size (self->output_signals, 0);

  for (guint i = 0; i < configs->len; i++)
    {
      const ScOutputConfig *config = g_ptr_array_index (configs, i);

      if (config->enabled)
        g_ptr_array_add (made, sc_output_new_destination (config, encoding));
    }
  for (guint i = 0; i < self->extra_urls->len; i++)
    {
      g_autofree char *name = g_strdup_printf (_("Destination %u"), configs->len + i + 1);
      g_autoptr(ScOutputConfig) config =
        sc_output_config_new (name, g_ptr_array_index (self->extra_urls, i));

      g_ptr_array_add (made, sc_output_new_destination (config, encoding));
    }
  if (self->recording_path != NULL || sc_show_get_recording_enabled (self->show))
    {
      g_autofree char *path = self->recording_path != NULL
                              ? g_strdup (self->recording_path)
                              : sc_show_build_recording_path (self->show, NULL);

      g_ptr_array_add (made, sc_output_new_recording (path,
                                                      sc_show_get_recording_format (self->show)));
    }

  for (guint i = 0; i < made->len; i++)
    {
      ScOutput *output = g_ptr_array_index (made, i);
      GSignalGroup *group = g_signal_group_new (SC_TYPE_OUTPUT);

      g_signal_group_connect (group, "notify::state", G_CALLBACK (output_state_cb), self);
      if (sc_output_is_recording (output))
        g_signal_group_connect (group, "notify::path", G_CALLBACK (output_path_cb), self);
      g_signal_group_connect_after (group, "finished", G_CALLBACK (output_finished_cb), self);
      g_signal_group_set_target (group, output);
      g_ptr_array_add (self->output_signals, group);
      if (g_hash_table_contains (was_disabled, sc_output_get_name (output)))
        g_hash_table_add (self->disabled, output);
    }
  g_list_store_splice (self->outputs, 0, n, made->pdata, made->len);
}

static void
start_live_output (ScStudio *self,
                   ScOutput *output)
{
  sc_pipeline_add_output (self->pipeline, output);
  /* A recording that failed at once (no folder) has said so already. */
  if (sc_output_is_recording (output) &&
      sc_output_get_state (output) != SC_OUTPUT_STATE_FAILED)
    {
      JsonObject *fields = json_object_new ();

      /* The file actually written: a taken name becomes "name (2).mkv". */
      g_free (self->live_recording);
      self->live_recording = g_strdup (sc_output_get_path (output));
      json_object_set_string_member (fields, "path", self->live_recording);
      _sc_studio_log_event (self, "recording-started", fields);
    }
}

static void
output_path_cb (ScOutput   *output,
                GParamSpec *pspec,
                ScStudio   *self)
{
  if (self->state != SC_STUDIO_STATE_LIVE && self->state != SC_STUDIO_STATE_ENDING)
    return;
  g_free (self->live_recording);
  self->live_recording = g_strdup (sc_output_get_path (output));
}

static gboolean
output_is_running (ScOutput *output)
{
  ScOutputState state = sc_output_get_state (output);

  return state != SC_OUTPUT_STATE_IDLE && state != SC_OUTPUT_STATE_STOPPED &&
         state != SC_OUTPUT_STATE_FAILED;
}

gboolean
sc_studio_go_live (ScStudio  *self,
                   GError   **error)
{
  g_autoptr(GPtrArray) started = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  g_return_val_if_fail (SC_IS_STUDIO (self), FALSE);

  if (self->state != SC_STUDIO_STATE_REHEARSAL)
    {
      g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_INVALID,
                   _("The show can go live only from rehearsal (it is %s)"),
                   sc_studio_state_to_string (self->state));
      return FALSE;
    }

  /* A second live session of the same show starts from fresh outputs. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->outputs));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScOutput) output = g_list_model_get_item (G_LIST_MODEL (self->outputs), i);

      if (sc_output_get_state (output) != SC_OUTPUT_STATE_IDLE)
        {
          build_outputs (self);
          break;
        }
    }

  self->live_started_at = g_get_monotonic_time ();
  reset_chapters (self);
  /* This session's file, once it is written: never the previous session's
   * when this one's recording fails at once. */
  g_clear_pointer (&self->live_recording, g_free);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->outputs));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScOutput) output = g_list_model_get_item (G_LIST_MODEL (self->outputs), i);

      if (!g_hash_table_contains (self->disabled, output))
        g_ptr_array_add (started, g_steal_pointer (&output));
    }
  /* live-started comes first; each output then reports its own states. */
  _sc_studio_log_live_started (self, started);
  for (guint i = 0; i < started->len; i++)
    start_live_output (self, g_ptr_array_index (started, i));
  /* Every destination starts at a keyframe: ask for one now, not in 2 s. */
  sc_pipeline_force_keyframe (self->pipeline);

  _sc_studio_set_state (self, SC_STUDIO_STATE_LIVE);
  g_signal_emit (self, signals[LIVE_STARTED], 0);
  return TRUE;
}

void
sc_studio_end_show (ScStudio *self)
{
  g_autoptr(GPtrArray) running = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  g_return_if_fail (SC_IS_STUDIO (self));

  if (self->state != SC_STUDIO_STATE_LIVE)
    return;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->outputs));
  for (guint i = 0; i < n; i++)
    {
      ScOutput *output = g_list_model_get_item (G_LIST_MODEL (self->outputs), i);

      if (output_is_running (output))
        g_ptr_array_add (running, output);
      else
        {
          /* Failed or never started: nothing to drain. */
          sc_pipeline_remove_output (self->pipeline, output);
          g_object_unref (output);
        }
    }
  _sc_studio_set_state (self, SC_STUDIO_STATE_ENDING);
  self->outputs_ending = running->len;
  if (running->len == 0)
    {
      log_live_ended (self);
      _sc_studio_set_state (self, SC_STUDIO_STATE_REHEARSAL);
      g_signal_emit (self, signals[LIVE_ENDED], 0);
      return;
    }
  for (guint i = 0; i < running->len; i++)
    sc_output_finish (g_ptr_array_index (running, i));
}

GListModel *
sc_studio_get_outputs (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), NULL);
  return G_LIST_MODEL (self->outputs);
}

void
sc_studio_set_output_enabled (ScStudio *self,
                              ScOutput *output,
                              gboolean  enabled)
{
  JsonObject *fields;

  g_return_if_fail (SC_IS_STUDIO (self));
  g_return_if_fail (SC_IS_OUTPUT (output));

  if (enabled == !g_hash_table_contains (self->disabled, output))
    return;
  if (enabled)
    g_hash_table_remove (self->disabled, output);
  else
    g_hash_table_add (self->disabled, output);

  if (self->state == SC_STUDIO_STATE_LIVE)
    {
      if (!enabled && output_is_running (output))
        sc_output_finish (output);
      else if (enabled && sc_output_get_state (output) == SC_OUTPUT_STATE_IDLE)
        {
          start_live_output (self, output);
          sc_pipeline_force_keyframe (self->pipeline);
        }
    }

  fields = _sc_studio_output_json (output);
  json_object_set_boolean_member (fields, "enabled", enabled);
  _sc_studio_log_event (self, "output-enabled", fields);
}

gboolean
sc_studio_get_output_enabled (ScStudio *self,
                              ScOutput *output)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), FALSE);
  return !g_hash_table_contains (self->disabled, output);
}

double
sc_studio_get_output_live_time (ScStudio *self,
                                ScOutput *output)
{
  OutputTiming *timing;
  gint64 live_us;

  g_return_val_if_fail (SC_IS_STUDIO (self), 0.0);
  g_return_val_if_fail (SC_IS_OUTPUT (output), 0.0);

  timing = g_hash_table_lookup (self->timings, output);
  if (timing == NULL)
    return 0.0;
  live_us = timing->live_us;
  if (timing->live_since != 0)
    live_us += g_get_monotonic_time () - timing->live_since;
  return (double)live_us / G_USEC_PER_SEC;
}

gboolean
sc_studio_get_output_went_live (ScStudio *self,
                                ScOutput *output)
{
  OutputTiming *timing;

  g_return_val_if_fail (SC_IS_STUDIO (self), FALSE);
  g_return_val_if_fail (SC_IS_OUTPUT (output), FALSE);

  timing = g_hash_table_lookup (self->timings, output);
  return timing != NULL && timing->went_live;
}

const char *
sc_studio_get_recording_path (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), NULL);
  return self->live_recording;
}

gint64
sc_studio_get_show_id (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), 0);
  return self->log != NULL ? sc_event_log_get_show_id (self->log) : 0;
}

double
sc_studio_get_live_elapsed (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), 0.0);

  if (self->live_started_at <= 0)
    return 0.0;
  return (double)(g_get_monotonic_time () - self->live_started_at) / G_USEC_PER_SEC;
}

void
sc_studio_get_stats (ScStudio        *self,
                     ScPipelineStats *stats)
{
  g_return_if_fail (SC_IS_STUDIO (self));
  sc_pipeline_get_stats (self->pipeline, stats);
}

/* ---- start and stop ----------------------------------------------------- */

static char *
database_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "shopcast", "shows.sqlite", NULL);
}

/* Every show is first-party data: its events also go to the show database.
 * Opening it may wait for another instance: never on the main thread. */
static void
open_database_in_thread (GTask        *task,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  ScStudio *self = source_object;
  g_autofree char *path = database_path ();
  GError *error = NULL;

  if (sc_event_log_set_database (self->log, path, sc_show_get_title (self->show), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
prepare_start (ScStudio *self)
{
  _sc_studio_set_state (self, SC_STUDIO_STATE_STARTING);
  if (self->log == NULL)
    self->log = sc_event_log_new ();
  self->started_at = g_get_monotonic_time ();
  self->preview_started = FALSE;
}

static void
database_warning (const GError *error)
{
  /* The show goes on without the database; the event file still has it all. */
  g_warning ("%s", error->message);
}

/* What follows the database: show-started, the shop, the overlay; the
 * pipeline comes next. */
static gboolean
start_shop_and_overlay (ScStudio  *self,
                        GError   **error)
{
  sc_event_log_mark_start (self->log);
  _sc_studio_log_show_started (self);

  /* Rehearsal: the outputs exist (the window shows them) but nothing is
   * streamed or recorded until go_live. */
  build_outputs (self);

  if (!_sc_studio_shop_start (self, error))
    return FALSE;
  _sc_studio_shop_pin_initial (self);
  _sc_studio_rundown_start (self);

  sc_pipeline_set_preview_width (self->pipeline, self->preview_width);
  /* The first overlay is drawn before the first frame, not a frame later. */
  {
    g_autoptr(GPtrArray) regions = sc_overlay_scene_render (self->scene);

    sc_pipeline_set_overlay (self->pipeline, regions);
  }
  return TRUE;
}

static void
finish_start (ScStudio *self)
{
  _sc_studio_chat_start (self);
  self->last_stats_time = g_get_monotonic_time ();
  self->stats_source = g_timeout_add (1000, stats_cb, self);
  _sc_studio_set_state (self, SC_STUDIO_STATE_REHEARSAL);
}

gboolean
sc_studio_start (ScStudio  *self,
                 GError   **error)
{
  g_autofree char *path = database_path ();
  g_autoptr(GError) db_error = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SC_IS_STUDIO (self), FALSE);
  g_return_val_if_fail (self->state == SC_STUDIO_STATE_IDLE, FALSE);

  prepare_start (self);
  if (!sc_event_log_set_database (self->log, path, sc_show_get_title (self->show), &db_error))
    database_warning (db_error);
  if (!start_shop_and_overlay (self, &local_error) ||
      !sc_pipeline_start (self->pipeline, &local_error))
    {
      fail (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  finish_start (self);
  return TRUE;
}

static void
pipeline_started_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScStudio *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!sc_pipeline_start_finish (SC_PIPELINE (object), result, &error))
    {
      fail (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  finish_start (self);
  g_task_return_boolean (task, TRUE);
}

/* A step before the pipeline (screens, cameras) failed or was cancelled:
 * back to idle when cancelled, else the show fails; the start returns it. */
static void
prepare_failed (ScStudio *self,
                GTask    *task,
                GError   *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _sc_studio_set_state (self, SC_STUDIO_STATE_IDLE);
  else
    fail (self, error);
  g_task_return_error (task, error);
}

static void
cameras_prepared_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ScStudio *self = SC_STUDIO (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  if (!_sc_studio_cameras_prepare_finish (self, result, &error))
    {
      prepare_failed (self, task, g_steal_pointer (&error));
      return;
    }
  /* Devices open and come up off the main thread; one that hangs times
   * out into its slate. */
  cancellable = g_task_get_cancellable (task);
  sc_pipeline_start_async (self->pipeline, cancellable, pipeline_started_cb,
                           g_steal_pointer (&task));
}

static void
screens_prepared_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ScStudio *self = SC_STUDIO (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  if (!_sc_studio_screens_prepare_finish (self, result, &error))
    {
      prepare_failed (self, task, g_steal_pointer (&error));
      return;
    }
  /* In the sandbox, cameras through the portal: their PipeWire nodes. */
  cancellable = g_task_get_cancellable (task);
  _sc_studio_cameras_prepare_async (self, cancellable, cameras_prepared_cb,
                                    g_steal_pointer (&task));
}

static void
database_opened_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ScStudio *self = SC_STUDIO (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    database_warning (error);
  g_clear_error (&error);

  if (g_task_return_error_if_cancelled (task))
    {
      _sc_studio_set_state (self, SC_STUDIO_STATE_IDLE);
      return;
    }
  if (!start_shop_and_overlay (self, &error))
    {
      fail (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The one encoder is made for every destination the show may stream to. */
  {
    GPtrArray *configs = sc_show_get_outputs (self->show);

    for (guint i = 0; i < configs->len; i++)
      sc_pipeline_plan_destination (self->pipeline, g_ptr_array_index (configs, i));
    for (guint i = 0; i < self->extra_urls->len; i++)
      {
        g_autoptr(ScOutputConfig) config =
          sc_output_config_new (NULL, g_ptr_array_index (self->extra_urls, i));

        sc_pipeline_plan_destination (self->pipeline, config);
      }
  }
  /* Screens through the portal first: their PipeWire streams. */
  cancellable = g_task_get_cancellable (task);
  _sc_studio_screens_prepare_async (self, cancellable, screens_prepared_cb,
                                    g_steal_pointer (&task));
}

void
sc_studio_start_async (ScStudio            *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) open = NULL;

  g_return_if_fail (SC_IS_STUDIO (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_studio_start_async);
  if (self->state != SC_STUDIO_STATE_IDLE)
    {
      g_task_return_new_error (task, SC_MEDIA_ERROR, SC_MEDIA_ERROR_INVALID,
                               _("The show has already been started"));
      return;
    }
  prepare_start (self);
  open = g_task_new (self, cancellable, database_opened_cb, g_steal_pointer (&task));
  g_task_set_source_tag (open, open_database_in_thread);
  /* Not in GTask's pool: the product list's thumbnails fill it when a show
   * opens, and the start waited there for a thread, 0.13 s once in five. */
  sc_task_run_in_new_thread (open, "sc-db-open", open_database_in_thread);
}

gboolean
sc_studio_start_finish (ScStudio      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sc_studio_stop (ScStudio *self)
{
  g_return_if_fail (SC_IS_STUDIO (self));

  if (self->state == SC_STUDIO_STATE_IDLE)
    {
      _sc_studio_set_state (self, SC_STUDIO_STATE_STOPPED);
      self->stopped_emitted = TRUE;
      g_signal_emit (self, signals[STOPPED], 0);
      return;
    }
  if (self->state != SC_STUDIO_STATE_REHEARSAL && self->state != SC_STUDIO_STATE_LIVE &&
      self->state != SC_STUDIO_STATE_ENDING)
    return;
  _sc_studio_set_state (self, SC_STUDIO_STATE_STOPPING);
  _sc_studio_chat_stop (self);
  _sc_studio_sale_stop (self);
  /* EOS drains the encoders into every output still in the fan-out. */
  sc_pipeline_stop (self->pipeline);
}

/* ---- the rundown's signals (sc-studio-rundown.c) ----------------------- */

void
_sc_studio_emit_segment_changed (ScStudio *self)
{
  g_signal_emit (self, signals[SEGMENT_CHANGED], 0);
}

void
_sc_studio_emit_sale_started (ScStudio   *self,
                              guint       index,
                              const char *product_id,
                              gint64      sale_price,
                              gint64      regular_price,
                              double      seconds)
{
  g_signal_emit (self, signals[SALE_STARTED], 0, index, product_id, sale_price, regular_price,
                 seconds);
}

void
_sc_studio_emit_sale_ended (ScStudio   *self,
                            guint       index,
                            const char *product_id,
                            const char *reason)
{
  g_signal_emit (self, signals[SALE_ENDED], 0, index, product_id, reason);
}

/* ---- GObject ------------------------------------------------------------ */

static void
sc_studio_dispose (GObject *object)
{
  ScStudio *self = (ScStudio *)object;

  g_clear_handle_id (&self->stats_source, g_source_remove);
  g_clear_handle_id (&self->overlay_timeout, g_source_remove);
  _sc_studio_rundown_dispose (self);
  g_cancellable_cancel (self->cancellable);
  _sc_studio_chat_dispose (self);
  _sc_studio_shop_dispose (self);
  _sc_studio_sale_dispose (self);
  for (guint i = 0; self->output_signals != NULL && i < self->output_signals->len; i++)
    g_signal_group_set_target (g_ptr_array_index (self->output_signals, i), NULL);
  g_clear_pointer (&self->output_signals, g_ptr_array_unref);
  g_clear_object (&self->outputs);
  g_clear_pointer (&self->disabled, g_hash_table_unref);
  g_clear_pointer (&self->timings, g_hash_table_unref);
  g_clear_pointer (&self->chapter_starts, g_array_unref);
  g_clear_pointer (&self->chapter_titles, g_ptr_array_unref);
  g_clear_pointer (&self->live_recording, g_free);
  if (self->pipeline_signals != NULL)
    g_signal_group_set_target (self->pipeline_signals, NULL);
  if (self->scene_signals != NULL)
    g_signal_group_set_target (self->scene_signals, NULL);
  g_clear_object (&self->pipeline_signals);
  g_clear_object (&self->scene_signals);
  g_clear_object (&self->pipeline);
  _sc_studio_screens_dispose (self);
  _sc_studio_cameras_dispose (self);
  g_clear_object (&self->scene);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->log);
  g_clear_object (&self->show);
  g_clear_pointer (&self->extra_urls, g_ptr_array_unref);
  g_clear_pointer (&self->last_bytes, g_hash_table_unref);
  g_clear_pointer (&self->recording_path, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (sc_studio_parent_class)->dispose (object);
}

static void
sc_studio_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  ScStudio *self = SC_STUDIO (object);

  switch (prop_id)
    {
    case PROP_SHOW:
      g_value_set_object (value, self->show);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PINNED:
      g_value_set_object (value, self->pinned);
      break;
    case PROP_LAYOUT:
      g_value_set_int (value, self->layout);
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, self->muted);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_studio_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  ScStudio *self = SC_STUDIO (object);

  switch (prop_id)
    {
    case PROP_SHOW:
      self->show = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_studio_constructed (GObject *object)
{
  ScStudio *self = (ScStudio *)object;
  const ScEncodingConfig *encoding = sc_show_get_encoding (self->show);
  GPtrArray *sources = sc_show_get_sources (self->show);

  G_OBJECT_CLASS (sc_studio_parent_class)->constructed (object);

  self->layout = sc_show_get_layout (self->show);
  self->pipeline = sc_pipeline_new (encoding);
  sc_pipeline_set_locale (self->pipeline, sc_show_get_locale (self->show));
  for (guint i = 0; i < sources->len; i++)
    sc_pipeline_add_source (self->pipeline, g_ptr_array_index (sources, i));
  sc_pipeline_set_layout (self->pipeline, self->layout);
  g_signal_group_set_target (self->pipeline_signals, self->pipeline);

  self->scene = sc_overlay_scene_new (encoding->width, encoding->height);
  sc_overlay_scene_set_layout (self->scene, self->layout);
  sc_overlay_scene_set_brand_kit (self->scene, sc_show_get_brand_kit (self->show));
  sc_overlay_scene_set_title (self->scene, sc_show_get_title (self->show));
  sc_overlay_scene_set_low_stock_threshold (self->scene,
                                            sc_show_get_low_stock_threshold (self->show));
  sc_overlay_scene_set_chat_visible (self->scene, sc_show_get_chat_visible (self->show));
  sc_overlay_scene_set_chat_lines (self->scene, sc_show_get_chat_lines (self->show));
  sc_overlay_scene_set_locale (self->scene, sc_show_get_locale (self->show));
  /* The card asks for the first claim keyword, as the audience types it. */
  if (_sc_studio_get_claim_keywords (self)[0] != NULL)
    {
      g_autofree char *keyword = g_utf8_strup (_sc_studio_get_claim_keywords (self)[0], -1);

      sc_overlay_scene_set_claim_keyword (self->scene, keyword);
    }
  _sc_studio_update_scene_extras (self);
  g_signal_group_set_target (self->scene_signals, self->scene);
}

static void
sc_studio_class_init (ScStudioClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sc_studio_constructed;
  object_class->dispose = sc_studio_dispose;
  object_class->get_property = sc_studio_get_property;
  object_class->set_property = sc_studio_set_property;

  properties[PROP_SHOW] =
    g_param_spec_object ("show", NULL, NULL, SC_TYPE_SHOW,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SC_TYPE_STUDIO_STATE, SC_STUDIO_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PINNED] =
    g_param_spec_object ("pinned", NULL, NULL, SC_TYPE_PRODUCT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LAYOUT] =
    g_param_spec_int ("layout", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MUTED] =
    g_param_spec_boolean ("muted", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PREVIEW_FRAME] =
    g_signal_new ("preview-frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_BYTES, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT);
  signals[SOURCE_FAILED] =
    g_signal_new ("source-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  signals[AUDIO_LEVEL] =
    g_signal_new ("audio-level", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  signals[LIVE_STARTED] =
    g_signal_new ("live-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[LIVE_ENDED] =
    g_signal_new ("live-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[RECORDING_FAILED] =
    g_signal_new ("recording-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);
  signals[STOPPED] =
    g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Opening the shop restored prices an earlier run left on sale; the
   * argument says so for a toast ("Restored the regular price of 2 …"). */
  signals[SHOP_SALE_RESTORED] =
    g_signal_new ("shop-sale-restored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SEGMENT_CHANGED] =
    g_signal_new ("segment-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SALE_STARTED] =
    g_signal_new ("sale-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 5,
                  G_TYPE_UINT, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_INT64, G_TYPE_DOUBLE);
  signals[SALE_ENDED] =
    g_signal_new ("sale-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_STRING, G_TYPE_STRING);
}

static void
sc_studio_init (ScStudio *self)
{
  self->cancellable = g_cancellable_new ();
  self->extra_urls = g_ptr_array_new_with_free_func (g_free);
  self->last_bytes = g_hash_table_new (NULL, NULL);
  self->outputs = g_list_store_new (SC_TYPE_OUTPUT);
  self->output_signals = g_ptr_array_new_with_free_func (g_object_unref);
  self->disabled = g_hash_table_new (NULL, NULL);
  self->timings = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
  self->chapter_starts = g_array_new (FALSE, FALSE, sizeof (double));
  self->chapter_titles = g_ptr_array_new_with_free_func (g_free);
  self->screencasts = g_ptr_array_new_with_free_func (g_object_unref);
  self->screen_fds = g_array_new (FALSE, FALSE, sizeof (int));
  self->camera_fd = -1;
  self->segment = -1;
  self->pin_segment = -1;

  self->pipeline_signals = g_signal_group_new (SC_TYPE_PIPELINE);
  g_signal_group_connect (self->pipeline_signals, "source-failed",
                          G_CALLBACK (source_failed_cb), self);
  g_signal_group_connect (self->pipeline_signals, "bitrate-changed",
                          G_CALLBACK (bitrate_changed_cb), self);
  g_signal_group_connect (self->pipeline_signals, "preview-frame",
                          G_CALLBACK (preview_frame_cb), self);
  g_signal_group_connect (self->pipeline_signals, "audio-level",
                          G_CALLBACK (audio_level_cb), self);
  g_signal_group_connect (self->pipeline_signals, "failed", G_CALLBACK (pipeline_failed_cb), self);
  g_signal_group_connect (self->pipeline_signals, "stopped",
                          G_CALLBACK (pipeline_stopped_cb), self);

  self->scene_signals = g_signal_group_new (SC_TYPE_OVERLAY_SCENE);
  g_signal_group_connect (self->scene_signals, "changed", G_CALLBACK (scene_changed_cb), self);
  g_signal_group_connect (self->scene_signals, "image-failed",
                          G_CALLBACK (scene_image_failed_cb), self);

  _sc_studio_shop_init (self);
  _sc_studio_chat_init (self);
}

ScStudio *
sc_studio_new (ScShow *show)
{
  g_return_val_if_fail (SC_IS_SHOW (show), NULL);

  return g_object_new (SC_TYPE_STUDIO, "show", show, NULL);
}

ScShow *
sc_studio_get_show (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), NULL);
  return self->show;
}

ScStudioState
sc_studio_get_state (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), SC_STUDIO_STATE_IDLE);
  return self->state;
}

void
sc_studio_set_event_log (ScStudio   *self,
                         ScEventLog *log)
{
  g_return_if_fail (SC_IS_STUDIO (self));
  g_set_object (&self->log, log);
}

void
sc_studio_set_preview_width (ScStudio *self,
                             int       max_width)
{
  g_return_if_fail (SC_IS_STUDIO (self));
  self->preview_width = max_width;
}

void
sc_studio_add_output_url (ScStudio   *self,
                          const char *url)
{
  g_return_if_fail (SC_IS_STUDIO (self));
  g_ptr_array_add (self->extra_urls, g_strdup (url));
}

void
sc_studio_set_recording_path (ScStudio   *self,
                              const char *path)
{
  g_return_if_fail (SC_IS_STUDIO (self));
  g_free (self->recording_path);
  self->recording_path = g_strdup (path);
}

gboolean
sc_studio_set_layout (ScStudio     *self,
                      ScLayoutKind  layout)
{
  JsonObject *fields;

  g_return_val_if_fail (SC_IS_STUDIO (self), FALSE);

  if (self->layout == layout)
    return FALSE;
  self->layout = layout;
  sc_pipeline_set_layout (self->pipeline, layout);
  sc_overlay_scene_set_layout (self->scene, layout);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYOUT]);
  if (self->state == SC_STUDIO_STATE_IDLE)
    return TRUE;

  fields = json_object_new ();
  json_object_set_string_member (fields, "layout", sc_layout_kind_to_string (layout));
  _sc_studio_log_event (self, "layout", fields);
  return TRUE;
}

ScLayoutKind
sc_studio_get_layout (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), SC_LAYOUT_SOLO);
  return self->layout;
}

ScPipeline *
sc_studio_get_pipeline (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), NULL);
  return self->pipeline;
}

gboolean
sc_studio_snapshot (ScStudio    *self,
                    const char  *png_path,
                    GError     **error)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), FALSE);
  return sc_pipeline_snapshot (self->pipeline, png_path, error);
}

const GError *
sc_studio_get_error (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), NULL);
  return self->error;
}

void
sc_studio_set_muted (ScStudio *self,
                     gboolean  muted)
{
  JsonObject *fields;

  g_return_if_fail (SC_IS_STUDIO (self));

  muted = !!muted;
  if (self->muted == muted)
    return;
  self->muted = muted;
  sc_pipeline_set_muted (self->pipeline, muted);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);

  fields = json_object_new ();
  json_object_set_boolean_member (fields, "muted", muted);
  _sc_studio_log_event (self, "microphone", fields);
}

gboolean
sc_studio_get_muted (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), FALSE);
  return self->muted;
}

ScInventorySync *
sc_studio_get_inventory_sync (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), NULL);
  return self->sync;
}
