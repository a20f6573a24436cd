/* sc-event-log.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SC_TYPE_EVENT_LOG (sc_event_log_get_type ())
G_DECLARE_FINAL_TYPE (ScEventLog, sc_event_log, SC, EVENT_LOG, GObject)

/* The show's first-party data: one JSON object a line, each with "event"
 * and "t" (seconds since the show started). Safe to call from any thread. */
ScEventLog *sc_event_log_new             (void);   /* writes nowhere; still emits ::event */
/* "-" is standard output. The file is created or truncated. */
ScEventLog *sc_event_log_new_for_path    (const char    *path,
                                          GError       **error);
ScEventLog *sc_event_log_new_for_stream  (GOutputStream *stream);
/* Marks t = 0 (defaults to when the log was made). */
void        sc_event_log_mark_start      (ScEventLog    *self);
double      sc_event_log_get_elapsed     (ScEventLog    *self);
/* Writes {"event": @event, "t": ..., ...@fields}. Takes @fields (may be NULL). */
void        sc_event_log_write           (ScEventLog    *self,
                                          const char    *event,
                                          JsonObject    *fields);
void        sc_event_log_flush           (ScEventLog    *self);
void        sc_event_log_close           (ScEventLog    *self);

G_END_DECLS
