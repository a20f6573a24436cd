/* sc-test-events.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The event logs (JSON lines, docs/events.md) the binary writes. */

/* The JSON lines of a finished event log as JsonObjects, each checked to be a
 * whole line whose first members are "event" and "t". */
GPtrArray        *sc_test_read_events              (const char        *path);
/* The whole lines of a log still being written (none when it does not exist
 * yet), unchecked: for waiting on a running show. */
GPtrArray        *sc_test_read_events_so_far       (const char        *path);
guint             sc_test_count_events             (GPtrArray         *events,
                                                    const char        *name);
/* The last event called @name, or NULL. */
JsonObject       *sc_test_last_event               (GPtrArray         *events,
                                                    const char        *name);
/* The index of the first event called @name at or after @from whose member
 * @member (unless NULL) reads @value: a string as is, an integer in decimal,
 * "true"/"false", "null". -1 when there is none. */
int               sc_test_find_event               (GPtrArray         *events,
                                                    guint              from,
                                                    const char        *name,
                                                    const char        *member,
                                                    const char        *value);
/* Counts the lines of @name in the log at @path without parsing them, so a
 * test can watch a log of thousands of lines. */
guint             sc_test_count_events_in_file     (const char        *path,
                                                    const char        *name);
/* Waits, dispatching the thread-default main context, until the log at
 * @path holds an event as sc_test_find_event() matches it. */
gboolean          sc_test_wait_for_event           (const char        *path,
                                                    const char        *name,
                                                    const char        *member,
                                                    const char        *value,
                                                    double             timeout_s);
/* Waits until the log at @path holds at least @count events called @name. */
gboolean          sc_test_wait_for_events          (const char        *path,
                                                    const char        *name,
                                                    guint              count,
                                                    double             timeout_s);
/* The show's own clock: `t` of @event. */
double            sc_test_event_t                  (JsonObject        *event);

G_END_DECLS
