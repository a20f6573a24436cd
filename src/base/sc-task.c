/* sc-task.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "sc-task.h"

typedef struct {
  GTask           *task;
  GTaskThreadFunc  func;
} Run;

static gpointer
run_thread (gpointer data)
{
  Run *run = data;

  run->func (run->task, g_task_get_source_object (run->task), g_task_get_task_data (run->task),
             g_task_get_cancellable (run->task));
  g_object_unref (run->task);
  g_free (run);
  return NULL;
}

void
sc_task_run_in_new_thread (GTask           *task,
                           const char      *name,
                           GTaskThreadFunc  func)
{
  Run *run;
  GThread *thread;

  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (name != NULL);
  g_return_if_fail (func != NULL);

  run = g_new0 (Run, 1);
  run->task = g_object_ref (task);
  run->func = func;
  thread = g_thread_try_new (name, run_thread, run, NULL);
  if (thread != NULL)
    {
      g_thread_unref (thread);
      return;
    }
  g_object_unref (run->task);
  g_free (run);
  g_task_run_in_thread (task, func);
}
