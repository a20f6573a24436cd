/* sc-event-log.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SC_TYPE_EVENT_LOG (sc_event_log_get_type ())
G_DECLARE_FINAL_TYPE (ScEventLog, sc_event_log, SC, EVENT_LOG, GObject)

/* The show's first-party data: one JSON object a line, each with "event"
 * and "t" (seconds since the show started). Safe to call from any thread:
 * writing only queues the line; one writer thread per log writes the file
 * and the database. */
ScEventLog *sc_event_log_new             (void);   /* writes nowhere; still emits ::event */
/* "-" is standard output. The file is created or truncated. */
ScEventLog *sc_event_log_new_for_path    (const char    *path,
                                          GError       **error);
ScEventLog *sc_event_log_new_for_stream  (GOutputStream *stream);
/* The JSON of @object as the log writes it: members in order, numbers with
 * at most three decimals (29.97, never 29.970000000000002). */
char       *sc_event_log_serialize       (JsonObject    *object);
/* Marks t = 0 (defaults to when the log was made). */
void        sc_event_log_mark_start      (ScEventLog    *self);
double      sc_event_log_get_elapsed     (ScEventLog    *self);
/* Writes {"event": @event, "t": ..., ...@fields}. Takes @fields (may be NULL). */
void        sc_event_log_write           (ScEventLog    *self,
                                          const char    *event,
                                          JsonObject    *fields);
/* Waits until everything written before is in the file and the database.
 * Blocks: for tests and the end of a command-line run, not the main loop. */
void        sc_event_log_flush           (ScEventLog    *self);
/* The same without waiting: the writer thread completes the task. */
void        sc_event_log_flush_async     (ScEventLog          *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean    sc_event_log_flush_finish    (ScEventLog          *self,
                                          GAsyncResult        *result,
                                          GError             **error);
/* Flushes, closes the file and the database, and stops the writer thread;
 * later writes are dropped. Blocks until done. */
void        sc_event_log_close           (ScEventLog    *self);

/* Also stores every event in SQLite at @path (created if needed, WAL,
 * synchronous=NORMAL): one row in "shows" for this show, one in "events"
 * (show_id, t, event, data as the JSON of the event's members) per event,
 * committed about once a second and on flush/close. A database busy with
 * another instance is retried by the writer thread; no event is lost.
 * Blocks while it opens the database: call it off the main thread. */
gboolean    sc_event_log_set_database    (ScEventLog    *self,
                                          const char    *path,
                                          const char    *title,
                                          GError       **error);
/* The show's row id in the database, 0 without one. */
gint64      sc_event_log_get_show_id     (ScEventLog    *self);

G_END_DECLS
