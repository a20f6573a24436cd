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
