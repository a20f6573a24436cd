/* sc-event-log.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-event-log"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include <math.h>
#include <sqlite3.h>

#include "sc-event-log.h"

/* The log is the record of a show that others parse (docs/events.md).
 * It never sees secrets: callers pass only redacted URLs (sc_redact_url)
 * and never a stream key or shop token, as every line may end up in a
 * support ticket. */

struct _ScEventLog
{
  GObject        parent_instance;

  /* @lock guards everything below it; writers come from any thread. */
  GMutex         lock;
  GOutputStream *stream;       /* NULL: writes nowhere */
  gint64         start_us;     /* monotonic time of t = 0 */
  gboolean       closed;
  gboolean       failed;       /* a write failed; warned once, no more writes */

  GMainContext  *context;      /* where ::event is emitted */
  GThread       *thread;       /* the thread that made the log and runs @context */

  /* The same events in SQLite, for analytics across shows. */
  sqlite3       *db;
  sqlite3_stmt  *insert;
  gint64         show_id;
  gint64         committed_us; /* rows are committed in batches, once a second */
};

G_DEFINE_FINAL_TYPE (ScEventLog, sc_event_log, G_TYPE_OBJECT)

enum {
  EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
commit_locked (ScEventLog *self,
               gboolean    reopen)
{
  if (self->db == NULL)
    return;
  sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (reopen)
    sqlite3_exec (self->db, "BEGIN", NULL, NULL, NULL);
  self->committed_us = g_get_monotonic_time ();
}

static void
close_database_locked (ScEventLog *self)
{
  if (self->db == NULL)
    return;
  commit_locked (self, FALSE);
  g_clear_pointer (&self->insert, sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
}

static void
close_locked (ScEventLog *self)
{
  g_autoptr(GError) error = NULL;

  close_database_locked (self);
  self->closed = TRUE;
  if (self->stream == NULL)
    return;
  if (!self->failed && !g_output_stream_close (self->stream, NULL, &error))
    g_warning ("Could not close the event log: %s", error->message);
  g_clear_object (&self->stream);
}

static void
sc_event_log_dispose (GObject *object)
{
  ScEventLog *self = (ScEventLog *)object;

  g_mutex_lock (&self->lock);
  close_locked (self);
  g_mutex_unlock (&self->lock);

  G_OBJECT_CLASS (sc_event_log_parent_class)->dispose (object);
}

static void
sc_event_log_finalize (GObject *object)
{
  ScEventLog *self = (ScEventLog *)object;

  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->thread, g_thread_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sc_event_log_parent_class)->finalize (object);
}

static void
sc_event_log_class_init (ScEventLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_event_log_dispose;
  object_class->finalize = sc_event_log_finalize;

  /**
   * ScEventLog::event:
   * @name: the event name, e.g. "output-state"
   * @fields: the event's fields (without "event" and "t")
   *
   * Emitted on the main context the log was made in, for every event
   * written before the log was closed, whichever thread wrote it.
   */
  signals[EVENT] =
    g_signal_new ("event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  JSON_TYPE_OBJECT);
}

static void
sc_event_log_init (ScEventLog *self)
{
  g_mutex_init (&self->lock);
  self->start_us = g_get_monotonic_time ();
  self->context = g_main_context_ref_thread_default ();
  self->thread = g_thread_ref (g_thread_self ());
}

ScEventLog *
sc_event_log_new (void)
{
  return g_object_new (SC_TYPE_EVENT_LOG, NULL);
}

ScEventLog *
sc_event_log_new_for_stream (GOutputStream *stream)
{
  ScEventLog *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = sc_event_log_new ();
  self->stream = g_object_ref (stream);
  return self;
}

ScEventLog *
sc_event_log_new_for_path (const char  *path,
                           GError     **error)
{
  g_autoptr(GOutputStream) stream = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_strcmp0 (path, "-") == 0)
    {
      stream = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
      return sc_event_log_new_for_stream (stream);
    }

  /* Not g_file_replace(): it writes a temporary file renamed on close,
   * and a live log must be readable (tail -f) while the show runs. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot write the event log %s: %s"), path, g_strerror (saved_errno));
      return NULL;
    }

  stream = g_unix_output_stream_new (fd, TRUE);
  return sc_event_log_new_for_stream (stream);
}

void
sc_event_log_mark_start (ScEventLog *self)
{
  g_return_if_fail (SC_IS_EVENT_LOG (self));

  g_mutex_lock (&self->lock);
  self->start_us = g_get_monotonic_time ();
  g_mutex_unlock (&self->lock);
}

double
sc_event_log_get_elapsed (ScEventLog *self)
{
  gint64 start_us;

  g_return_val_if_fail (SC_IS_EVENT_LOG (self), 0.0);

  g_mutex_lock (&self->lock);
  start_us = self->start_us;
  g_mutex_unlock (&self->lock);

  return (g_get_monotonic_time () - start_us) / (double)G_USEC_PER_SEC;
}

typedef struct {
  GWeakRef    log;
  char       *event;
  JsonObject *fields;
} Emission;

static void
emission_free (gpointer data)
{
  Emission *emission = data;

  g_weak_ref_clear (&emission->log);
  g_free (emission->event);
  json_object_unref (emission->fields);
  g_free (emission);
}

static gboolean
emit_event (gpointer data)
{
  Emission *emission = data;
  g_autoptr(ScEventLog) self = g_weak_ref_get (&emission->log);

  if (self != NULL)
    g_signal_emit (self, signals[EVENT], 0, emission->event, emission->fields);
  return G_SOURCE_REMOVE;
}

static char *
generate_object (JsonObject *object)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

/* The line is made in two halves: the JSON of the event name and of the
 * fields is generated outside the lock, "t" is added under it. */
typedef struct {
  char     *head;        /* {"event":"name"  (without the closing brace) */
  char     *fields;      /* {...} */
  gboolean  has_fields;
} LineParts;

static void
line_parts_clear (LineParts *parts)
{
  g_clear_pointer (&parts->head, g_free);
  g_clear_pointer (&parts->fields, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LineParts, line_parts_clear)

static void
line_parts_init (LineParts  *parts,
                 const char *event,
                 JsonObject *fields)
{
  g_autoptr(JsonObject) head = json_object_new ();
  char *head_text;

  json_object_set_string_member (head, "event", event);
  head_text = generate_object (head);
  head_text[strlen (head_text) - 1] = '\0';
  parts->head = head_text;
  parts->fields = generate_object (fields);
  parts->has_fields = json_object_get_size (fields) > 0;
}

/* {"event":"name","t":12.345,...fields}. "t" is printed by hand: the
 * generator writes doubles with 17 digits (0.29999999999999999), and the
 * format promises exactly three decimals. */
static GString *
format_line (const LineParts *parts,
             double           t)
{
  char t_text[G_ASCII_DTOSTR_BUF_SIZE];
  GString *line = g_string_new (parts->head);

  g_ascii_formatd (t_text, sizeof t_text, "%.3f", t);
  g_string_append (line, ",\"t\":");
  g_string_append (line, t_text);
  if (parts->has_fields)
    {
      g_string_append_c (line, ',');
      g_string_append (line, parts->fields + 1);
    }
  else
    g_string_append_c (line, '}');
  g_string_append_c (line, '\n');
  return line;
}

void
sc_event_log_write (ScEventLog *self,
                    const char *event,
                    JsonObject *fields)
{
  g_autoptr(JsonObject) owned = fields;
  g_autoptr(GError) error = NULL;
  g_auto(LineParts) parts = { NULL, NULL, FALSE };
  gboolean wanted;

  g_return_if_fail (SC_IS_EVENT_LOG (self));
  g_return_if_fail (event != NULL && event[0] != '\0');

  if (owned == NULL)
    owned = json_object_new ();
  /* "event" and "t" are the log's own; a field of that name would make
   * a line with duplicate keys. */
  if (json_object_has_member (owned, "event"))
    json_object_remove_member (owned, "event");
  if (json_object_has_member (owned, "t"))
    json_object_remove_member (owned, "t");

  line_parts_init (&parts, event, owned);

  g_mutex_lock (&self->lock);
  if (self->closed)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  /* Time is taken under the lock so that t never goes back in the file. */
  if (self->db != NULL)
    {
      gint64 now = g_get_monotonic_time ();
      double t = (now - self->start_us) / (double)G_USEC_PER_SEC;

      sqlite3_bind_int64 (self->insert, 1, self->show_id);
      sqlite3_bind_double (self->insert, 2, round (t * 1000) / 1000);
      sqlite3_bind_text (self->insert, 3, event, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (self->insert, 4, parts.fields, -1, SQLITE_STATIC);
      if (sqlite3_step (self->insert) != SQLITE_DONE)
        {
          g_warning ("Could not store the event in the show database, no more will be: %s",
                     sqlite3_errmsg (self->db));
          g_clear_pointer (&self->insert, sqlite3_finalize);
          g_clear_pointer (&self->db, sqlite3_close);
        }
      else
        {
          sqlite3_reset (self->insert);
          if (now - self->committed_us > G_USEC_PER_SEC)
            commit_locked (self, TRUE);
        }
    }
  if (self->stream != NULL && !self->failed)
    {
      double t = (g_get_monotonic_time () - self->start_us) / (double)G_USEC_PER_SEC;
      g_autoptr(GString) line = format_line (&parts, t);

      /* One write of the whole line: a reader never sees half of it. */
      if (!g_output_stream_write_all (self->stream, line->str, line->len, NULL, NULL, &error))
        {
          self->failed = TRUE;
          g_warning ("Could not write the event log, no more events will be written: %s",
                     error->message);
        }
    }
  g_mutex_unlock (&self->lock);

  /* Only queue work for the main context when someone listens. */
  wanted = g_signal_has_handler_pending (self, signals[EVENT], 0, TRUE);
  if (wanted)
    {
      Emission *emission = g_new0 (Emission, 1);

      g_weak_ref_init (&emission->log, self);
      emission->event = g_strdup (event);
      emission->fields = g_steal_pointer (&owned);
      if (g_thread_self () == self->thread)
        g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_event,
                                    emission, emission_free);
      else
        {
          /* Not g_main_context_invoke(): from a thread without a thread-default
           * context it runs the function right there whenever the main
           * thread is not iterating, and handlers would run on this thread. */
          g_autoptr(GSource) source = g_idle_source_new ();

          g_source_set_priority (source, G_PRIORITY_DEFAULT);
          g_source_set_name (source, "[shopcast] event log signal");
          g_source_set_callback (source, emit_event, emission, emission_free);
          g_source_attach (source, self->context);
        }
    }
}

void
sc_event_log_flush (ScEventLog *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SC_IS_EVENT_LOG (self));

  g_mutex_lock (&self->lock);
  commit_locked (self, TRUE);
  if (self->stream != NULL && !self->failed &&
      !g_output_stream_flush (self->stream, NULL, &error))
    g_warning ("Could not flush the event log: %s", error->message);
  g_mutex_unlock (&self->lock);
}

void
sc_event_log_close (ScEventLog *self)
{
  g_return_if_fail (SC_IS_EVENT_LOG (self));

  g_mutex_lock (&self->lock);
  if (self->stream != NULL && !self->failed)
    g_output_stream_flush (self->stream, NULL, NULL);
  close_locked (self);
  g_mutex_unlock (&self->lock);
}

gboolean
sc_event_log_set_database (ScEventLog  *self,
                           const char  *path,
                           const char  *title,
                           GError     **error)
{
  static const char schema[] =
    "PRAGMA journal_mode=WAL;"
    "CREATE TABLE IF NOT EXISTS shows (id INTEGER PRIMARY KEY, title TEXT NOT NULL,"
    "  started_at TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS events (show_id INTEGER NOT NULL REFERENCES shows (id),"
    "  t REAL NOT NULL, event TEXT NOT NULL, data TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS events_by_show ON events (show_id, event);";
  g_autofree char *dir = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *started = g_date_time_format_iso8601 (now);
  sqlite3 *db = NULL;
  sqlite3_stmt *show = NULL;
  sqlite3_stmt *insert = NULL;

  g_return_val_if_fail (SC_IS_EVENT_LOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  dir = g_path_get_dirname (path);
  g_mkdir_with_parents (dir, 0700);
  if (sqlite3_open (path, &db) != SQLITE_OK ||
      sqlite3_busy_timeout (db, 2000) != SQLITE_OK ||
      sqlite3_exec (db, schema, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT INTO shows (title, started_at) VALUES (?, ?)", -1,
                          &show, NULL) != SQLITE_OK ||
      sqlite3_bind_text (show, 1, title ? title : "", -1, SQLITE_TRANSIENT) != SQLITE_OK ||
      sqlite3_bind_text (show, 2, started, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
      sqlite3_step (show) != SQLITE_DONE ||
      sqlite3_prepare_v2 (db, "INSERT INTO events (show_id, t, event, data) VALUES (?, ?, ?, ?)",
                          -1, &insert, NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot use the show database %s: %s"),
                   path, db ? sqlite3_errmsg (db) : "out of memory");
      sqlite3_finalize (show);
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_finalize (show);

  g_mutex_lock (&self->lock);
  close_database_locked (self);
  self->db = db;
  self->insert = insert;
  self->show_id = sqlite3_last_insert_rowid (db);
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  self->committed_us = g_get_monotonic_time ();
  g_mutex_unlock (&self->lock);
  return TRUE;
}

gint64
sc_event_log_get_show_id (ScEventLog *self)
{
  g_return_val_if_fail (SC_IS_EVENT_LOG (self), 0);
  return self->show_id;
}
