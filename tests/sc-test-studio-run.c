/* sc-test-studio-run.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <json-glib/json-glib.h>

#include "sc-test.h"
#include "sc-test-studio-run.h"
#include "studio/sc-studio.h"

#define TIMEOUT_S 30.0

typedef struct {
  const char *collect;
  gboolean    started;
  GPtrArray  *events;
  guint       failed;
  char       *failure;
  guint       want_failed;
} Run;

static void
event_cb (ScEventLog *log,
          const char *name,
          JsonObject *fields,
          Run        *run)
{
  if (g_str_equal (name, run->collect))
    g_ptr_array_add (run->events, json_object_ref (fields));
  if (g_str_equal (name, "source-failed"))
    {
      run->failed++;
      g_free (run->failure);
      run->failure = g_strdup (json_object_get_string_member (fields, "error"));
    }
}

static gboolean
enough_failed (gpointer data)
{
  Run *run = data;

  return run->failed >= run->want_failed;
}

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_studio_start_finish (SC_STUDIO (object), result, &error));
  run->started = TRUE;
}

static gboolean
run_started (gpointer data)
{
  return ((Run *)data)->started;
}

static gboolean
studio_stopped (gpointer data)
{
  return sc_studio_get_state (data) == SC_STUDIO_STATE_STOPPED;
}

GPtrArray *
sc_test_studio_run (GFile       *file,
                    const char  *dir,
                    const char  *collect,
                    guint        want_failed,
                    guint       *failed,
                    char       **failure)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = sc_show_new_from_file (file, &error);
  g_autoptr(ScStudio) studio = NULL;
  g_autoptr(ScEventLog) log = NULL;
  g_autofree char *events = g_build_filename (dir, "events.jsonl", NULL);
  Run run = { collect, FALSE, g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref),
              0, NULL, want_failed };

  g_assert_no_error (error);
  log = sc_event_log_new_for_path (events, &error);
  g_assert_no_error (error);
  g_signal_connect (log, "event", G_CALLBACK (event_cb), &run);
  studio = sc_studio_new (show);
  sc_studio_set_event_log (studio, log);
  sc_studio_start_async (studio, NULL, started_cb, &run);
  g_assert_true (sc_test_wait_until (run_started, &run, TIMEOUT_S));
  g_assert_cmpint (sc_studio_get_state (studio), ==, SC_STUDIO_STATE_REHEARSAL);
  g_assert_true (sc_test_wait_until (enough_failed, &run, TIMEOUT_S));
  /* The show goes on without what failed. */
  g_assert_cmpint (sc_studio_get_state (studio), ==, SC_STUDIO_STATE_REHEARSAL);
  sc_studio_stop (studio);
  g_assert_true (sc_test_wait_until (studio_stopped, studio, TIMEOUT_S));
  sc_event_log_close (log);
  if (failed != NULL)
    *failed = run.failed;
  if (failure != NULL)
    *failure = g_steal_pointer (&run.failure);
  g_free (run.failure);
  return run.events;
}

typedef struct {
  ScStudio         *studio;
  ScTestStudioStep  step;
  gpointer          user_data;
  GPtrArray        *events;
  guint             stepped;    /* events handed to @step so far */
  guint             idle;
  gboolean          started;
  gboolean          done;
} RunUntil;

/* @step runs from an idle, never inside the studio code that logged. */
static gboolean
run_until_step_cb (gpointer data)
{
  RunUntil *run = data;

  run->idle = 0;
  while (!run->done && run->stepped < run->events->len)
    {
      JsonObject *fields = json_object_ref (run->events->pdata[run->stepped++]);
      g_autofree char *name = g_strdup (json_object_get_string_member (fields, "event"));

      json_object_remove_member (fields, "event");
      run->done = run->step (run->studio, name, fields, run->user_data);
      json_object_set_string_member (fields, "event", name);
      json_object_unref (fields);
    }
  return G_SOURCE_REMOVE;
}

static void
run_until_event_cb (ScEventLog *log,
                    const char *name,
                    JsonObject *fields,
                    RunUntil   *run)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  json_object_set_string_member (copy, "event", name);
  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &member, &node))
    json_object_set_member (copy, member, json_node_copy (node));
  g_ptr_array_add (run->events, copy);
  if (!run->done && run->step != NULL && run->idle == 0)
    run->idle = g_idle_add (run_until_step_cb, run);
}

static void
run_until_started_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  RunUntil *run = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (sc_studio_start_finish (SC_STUDIO (object), result, &error));
  run->started = TRUE;
}

static gboolean
run_until_done (gpointer data)
{
  RunUntil *run = data;

  return run->started && run->done;
}

GPtrArray *
sc_test_studio_run_until (ScShow           *show,
                          const char       *dir,
                          gboolean          auto_advance,
                          ScTestStudioStep  step,
                          gpointer          user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScStudio) studio = sc_studio_new (show);
  g_autoptr(ScEventLog) log = NULL;
  g_autofree char *events = g_build_filename (dir, "events.jsonl", NULL);
  RunUntil run = { studio, step, user_data,
                   g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref),
                   0, 0, FALSE, FALSE };

  log = sc_event_log_new_for_path (events, &error);
  g_assert_no_error (error);
  g_signal_connect (log, "event", G_CALLBACK (run_until_event_cb), &run);
  sc_studio_set_event_log (studio, log);
  sc_studio_set_auto_advance (studio, auto_advance);
  sc_studio_start_async (studio, NULL, run_until_started_cb, &run);
  g_assert_true (sc_test_wait_until (run_until_done, &run, 120));
  sc_studio_stop (studio);
  g_assert_true (sc_test_wait_until (studio_stopped, studio, TIMEOUT_S));
  /* ::event comes from the main context: the last ones may still be queued. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  sc_event_log_close (log);
  g_signal_handlers_disconnect_by_data (log, &run);
  g_clear_handle_id (&run.idle, g_source_remove);
  return run.events;
}
