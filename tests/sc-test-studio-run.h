/* sc-test-studio-run.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Starts the show in @file in rehearsal, its event log in @dir/events.jsonl;
 * waits until @want_failed source-failed events have come; checks the show
 * still rehearses (it goes on without what failed) and stops it. Returns the
 * events named @collect (JsonObject *, in order); @failed gets the number of
 * source-failed events and @failure (optional) the last one's "error". */
GPtrArray *sc_test_studio_run (GFile       *file,
                               const char  *dir,
                               const char  *collect,
                               guint        want_failed,
                               guint       *failed,
                               char       **failure);

G_END_DECLS
