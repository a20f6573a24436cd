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

/* Also stores every event in SQLite at @path (created if needed): one row
 * in "shows" for this show, one in "events" (show_id, t, event, data as the
 * JSON of the event's members) per event, committed at least once a second
 * and on flush/close. */
gboolean    sc_event_log_set_database    (ScEventLog    *self,
                                          const char    *path,
                                          const char    *title,
                                          GError       **error);
/* The show's row id in the database, 0 without one. */
gint64      sc_event_log_get_show_id     (ScEventLog    *self);

G_END_DECLS
