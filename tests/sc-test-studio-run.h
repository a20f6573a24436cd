/* sc-test-studio-run.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "studio/sc-studio.h"

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

/* Called on the main loop after each event of a run (@fields as the log's
 * ::event gives them); returns TRUE when the run has seen enough. */
typedef gboolean (*ScTestStudioStep) (ScStudio   *studio,
                                      const char *event,
                                      JsonObject *fields,
                                      gpointer    user_data);

/* Starts @show in rehearsal (moving through its rundown by itself when
 * @auto_advance), its event log in @dir/events.jsonl; calls @step after
 * each event until it returns TRUE, then stops the show. Returns every
 * event of the run, show-ended included, in order: JsonObject * with the
 * event's name as "event" first. */
GPtrArray *sc_test_studio_run_until (ScShow           *show,
                                     const char       *dir,
                                     gboolean          auto_advance,
                                     ScTestStudioStep  step,
                                     gpointer          user_data);

G_END_DECLS
