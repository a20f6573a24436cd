/* sc-task.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Like g_task_run_in_thread(), in a new thread named @name instead of
 * GTask's shared pool, for work a person is waiting on: the pool runs ten
 * tasks at a time and grows only when one has waited for 0.1 s, so a burst
 * of background work (a list's thumbnails) queues everything behind it.
 * Falls back to the pool when no thread can be made. */
void sc_task_run_in_new_thread (GTask           *task,
                                const char      *name,
                                GTaskThreadFunc  func);

G_END_DECLS
