/* sc-event-log.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-event-log"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "sc-event-log.h"

/* The log is the record of a show that others parse (docs/events.md).
 * It never sees secrets: callers pass only redacted URLs (sc_redact_url)
 * and never a stream key or shop token, as every line may end up in a
 * support ticket.
 *
 * Threads: sc_event_log_write() only formats the line and queues it; one
 * writer thread per log does every write to the file and to SQLite, so a
 * slow disk or a database locked by another instance never stalls the
 * caller (the main loop during a show). */

/* How long one attempt waits for another connection's write lock. */
#define BUSY_TIMEOUT_MS 200
/* Rows are committed in batches, at most this far apart. */
#define COMMIT_INTERVAL_US G_USEC_PER_SEC
/* Waits between attempts when the database stays busy. */
#define RETRY_MIN_US (100 * 1000)
#define RETRY_MAX_US (2 * G_USEC_PER_SEC)
/* When the log is closed, how long a busy database is waited for. */
#define CLOSE_PATIENCE_US (30 * G_USEC_PER_SEC)

typedef enum {
  MESSAGE_LINE,
  MESSAGE_DATABASE,
  MESSAGE_FLUSH,
  MESSAGE_CLOSE,
} MessageKind;

/* A caller waiting for the writer (flush, close). */
typedef struct {
  GMutex   lock;
  GCond    cond;
  gboolean done;
} Waiter;

typedef struct {
  MessageKind   kind;
  /* LINE */
  char         *event;
  double        t;
  char         *line;     /* the whole line, newline included */
  char         *data;     /* the JSON of the fields, for SQLite */
  /* DATABASE */
  sqlite3      *db;
  sqlite3_stmt *insert;
  gint64        show_id;
  /* FLUSH, CLOSE: one of them, or none */
  Waiter       *waiter;
  GTask        *task;
} Message;

typedef struct {
  gint64  show_id;
  double  t;
  char   *event;
  char   *data;
} Row;

/* Owned by the writer thread alone once it runs. */
typedef struct {
  GOutputStream *stream;
  gboolean       failed;        /* a file write failed; warned once, no more writes */
  sqlite3       *db;
  sqlite3_stmt  *insert;
  gint64         show_id;
  GQueue         pending;       /* Row: events not yet committed to SQLite */
  gint64         committed_us;
  gint64         retry_us;      /* the current wait after a busy attempt */
  gint64         retry_due_us;  /* no attempt before this time */
} Writer;

struct _ScEventLog
{
  GObject        parent_instance;

  /* @lock guards what follows; callers come from any thread. It is held
   * while "t" is taken and the line queued, so t never goes back. */
  GMutex         lock;
  gint64         start_us;     /* monotonic time of t = 0 */
  gboolean       closed;
  gint64         show_id;
  GAsyncQueue   *queue;        /* Message, to the writer */
  GThread       *writer_thread;
  Writer        *writer;       /* handed to the thread when it starts */

  GMainContext  *context;      /* where ::event is emitted */
  GThread       *thread;       /* the thread that made the log and runs @context */
};

G_DEFINE_FINAL_TYPE (ScEventLog, sc_event_log, G_TYPE_OBJECT)

enum {
  EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- JSON with short numbers ------------------------------------------- */

static void append_node (GString *out, JsonNode *node);

static void
append_string (GString    *out,
               const char *text)
{
  g_autofree char *valid = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar)*p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char)c);
        }
    }
  g_string_append_c (out, '"');
}

/* At most three decimals, trailing zeros dropped (29.97, 3.03, 12.0): the
 * generator of json-glib writes 17 digits (29.970000000000002). */
static void
append_double (GString *out,
               double   value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE + 320];
  gsize len;

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }
  value = round (value * 1000) / 1000;
  if (value == 0)
    value = 0;   /* no "-0.0" */
  g_ascii_formatd (text, sizeof text, "%.3f", value);
  len = strlen (text);
  while (len > 0 && text[len - 1] == '0')
    text[--len] = '\0';
  if (len > 0 && text[len - 1] == '.')
    {
      text[len++] = '0';
      text[len] = '\0';
    }
  g_string_append (out, text);
}

static void
append_object (GString    *out,
               JsonObject *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      append_string (out, name);
      g_string_append_c (out, ':');
      append_node (out, node);
    }
  g_string_append_c (out, '}');
}

static void
append_node (GString  *out,
             JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      append_object (out, json_node_get_object (node));
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          append_string (out, json_node_get_string (node));
          break;
        case G_TYPE_DOUBLE:
          append_double (out, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        default:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
        }
      break;
    default:
      g_string_append (out, "null");
    }
}

char *
sc_event_log_serialize (JsonObject *object)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (object != NULL, NULL);

  append_object (out, object);
  return g_string_free (out, FALSE);
}

/* ---- the writer thread -------------------------------------------------- */

static void
row_free (gpointer data)
{
  Row *row = data;

  g_free (row->event);
  g_free (row->data);
  g_free (row);
}

static void
waiter_done (Waiter *waiter)
{
  g_mutex_lock (&waiter->lock);
  waiter->done = TRUE;
  g_cond_signal (&waiter->cond);
  g_mutex_unlock (&waiter->lock);
}

static void
message_free (Message *message)
{
  g_free (message->event);
  g_free (message->line);
  g_free (message->data);
  g_clear_object (&message->task);
  g_free (message);
}

static gboolean
is_busy (int code)
{
  code &= 0xff;
  return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

static void
writer_close_database (Writer *writer)
{
  g_clear_pointer (&writer->insert, sqlite3_finalize);
  g_clear_pointer (&writer->db, sqlite3_close);
  g_queue_clear_full (&writer->pending, row_free);
}

/* Stores every pending row in one transaction. A busy database (another
 * instance writing) keeps the rows for the next attempt: nothing is lost,
 * and the file goes on meanwhile. */
static gboolean
writer_store (Writer *writer)
{
  int rc;

  if (writer->db == NULL || writer->pending.length == 0)
    return TRUE;

  rc = sqlite3_exec (writer->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  for (GList *l = writer->pending.head; rc == SQLITE_OK && l != NULL; l = l->next)
    {
      Row *row = l->data;

      sqlite3_bind_int64 (writer->insert, 1, row->show_id);
      sqlite3_bind_double (writer->insert, 2, row->t);
      sqlite3_bind_text (writer->insert, 3, row->event, -1, SQLITE_STATIC);
      sqlite3_bind_text (writer->insert, 4, row->data, -1, SQLITE_STATIC);
      rc = sqlite3_step (writer->insert);
      sqlite3_reset (writer->insert);
      sqlite3_clear_bindings (writer->insert);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (writer->db, "COMMIT", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    {
      g_queue_clear_full (&writer->pending, row_free);
      writer->committed_us = g_get_monotonic_time ();
      writer->retry_us = 0;
      writer->retry_due_us = 0;
      return TRUE;
    }

  if (!sqlite3_get_autocommit (writer->db))
    sqlite3_exec (writer->db, "ROLLBACK", NULL, NULL, NULL);
  if (is_busy (rc))
    {
      writer->retry_us = CLAMP (writer->retry_us * 2, RETRY_MIN_US, RETRY_MAX_US);
      writer->retry_due_us = g_get_monotonic_time () + writer->retry_us;
      return FALSE;
    }
  g_warning ("Could not store events in the show database, no more will be: %s",
             sqlite3_errmsg (writer->db));
  writer_close_database (writer);
  return TRUE;
}

/* For flush and close: tries until stored, for a while. */
static void
writer_store_patiently (Writer *writer,
                        gint64  patience_us)
{
  gint64 give_up = g_get_monotonic_time () + patience_us;

  while (!writer_store (writer))
    {
      if (g_get_monotonic_time () >= give_up)
        {
          g_warning ("The show database stayed busy; %u events were not stored in it",
                     writer->pending.length);
          return;
        }
      g_usleep (MIN (writer->retry_us, RETRY_MAX_US));
    }
}

static void
writer_write_line (Writer        *writer,
                   const Message *message)
{
  g_autoptr(GError) error = NULL;

  if (writer->db != NULL)
    {
      Row *row = g_new0 (Row, 1);

      row->show_id = writer->show_id;
      row->t = round (message->t * 1000) / 1000;
      row->event = g_strdup (message->event);
      row->data = g_strdup (message->data);
      g_queue_push_tail (&writer->pending, row);
    }
  if (writer->stream == NULL || writer->failed)
    return;
  /* One write of the whole line: a reader never sees half of it. */
  if (!g_output_stream_write_all (writer->stream, message->line, strlen (message->line),
                                  NULL, NULL, &error))
    {
      writer->failed = TRUE;
      g_warning ("Could not write the event log, no more events will be written: %s",
                 error->message);
    }
}

static void
writer_flush_stream (Writer *writer)
{
  g_autoptr(GError) error = NULL;

  if (writer->stream != NULL && !writer->failed &&
      !g_output_stream_flush (writer->stream, NULL, &error))
    g_warning ("Could not flush the event log: %s", error->message);
}

static gpointer
writer_main (gpointer data)
{
  ScEventLog *self = data;
  Writer *writer;
  gboolean running = TRUE;

  g_mutex_lock (&self->lock);
  writer = g_steal_pointer (&self->writer);
  g_mutex_unlock (&self->lock);

  while (running)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 wait_us = G_USEC_PER_SEC;
      Message *message;

      if (writer->db != NULL && writer->pending.length > 0)
        {
          gint64 due = MAX (writer->committed_us + COMMIT_INTERVAL_US, writer->retry_due_us);

          wait_us = CLAMP (due - now, 1, G_USEC_PER_SEC);
        }
      message = g_async_queue_timeout_pop (self->queue, (guint64)wait_us);

      /* Whatever else is queued is handled in the same turn. */
      while (message != NULL)
        {
          switch (message->kind)
            {
            case MESSAGE_LINE:
              writer_write_line (writer, message);
              break;
            case MESSAGE_DATABASE:
              writer_store_patiently (writer, CLOSE_PATIENCE_US);
              writer_close_database (writer);
              writer->db = message->db;
              writer->insert = message->insert;
              writer->show_id = message->show_id;
              writer->committed_us = g_get_monotonic_time ();
              sqlite3_busy_timeout (writer->db, BUSY_TIMEOUT_MS);
              break;
            case MESSAGE_FLUSH:
              writer_store_patiently (writer, CLOSE_PATIENCE_US);
              writer_flush_stream (writer);
              break;
            case MESSAGE_CLOSE:
              {
                g_autoptr(GError) error = NULL;

                writer_store_patiently (writer, CLOSE_PATIENCE_US);
                writer_close_database (writer);
                writer_flush_stream (writer);
                if (writer->stream != NULL && !writer->failed &&
                    !g_output_stream_close (writer->stream, NULL, &error))
                  g_warning ("Could not close the event log: %s", error->message);
                g_clear_object (&writer->stream);
                running = FALSE;
              }
              break;
            default:
              g_assert_not_reached ();
            }
          if (message->waiter != NULL)
            waiter_done (message->waiter);
          if (message->task != NULL)
            g_task_return_boolean (message->task, TRUE);
          message_free (message);
          message = running ? g_async_queue_try_pop (self->queue) : NULL;
        }

      now = g_get_monotonic_time ();
      if (running && writer->db != NULL && writer->pending.length > 0 &&
          now >= writer->retry_due_us && now - writer->committed_us >= COMMIT_INTERVAL_US)
        writer_store (writer);
    }

  g_queue_clear_full (&writer->pending, row_free);
  g_free (writer);
  return NULL;
}

/* Called with @lock held. */
static void
ensure_writer_locked (ScEventLog *self)
{
  if (self->writer_thread != NULL)
    return;
  if (self->writer == NULL)
    self->writer = g_new0 (Writer, 1);
  self->writer_thread = g_thread_new ("sc-event-log", writer_main, self);
}

/* Waits until the writer has handled everything queued before. */
static void
send_and_wait (ScEventLog  *self,
               MessageKind  kind)
{
  Waiter waiter = { 0 };
  Message *message = g_new0 (Message, 1);

  g_mutex_init (&waiter.lock);
  g_cond_init (&waiter.cond);
  message->kind = kind;
  message->waiter = &waiter;
  g_async_queue_push (self->queue, message);

  g_mutex_lock (&waiter.lock);
  while (!waiter.done)
    g_cond_wait (&waiter.cond, &waiter.lock);
  g_mutex_unlock (&waiter.lock);
  g_mutex_clear (&waiter.lock);
  g_cond_clear (&waiter.cond);
}

/* ---- GObject ------------------------------------------------------------ */

static void
sc_event_log_dispose (GObject *object)
{
  sc_event_log_close (SC_EVENT_LOG (object));

  G_OBJECT_CLASS (sc_event_log_parent_class)->dispose (object);
}

static void
sc_event_log_finalize (GObject *object)
{
  ScEventLog *self = (ScEventLog *)object;

  if (self->writer != NULL)
    {
      g_clear_object (&self->writer->stream);
      g_free (self->writer);
    }
  g_clear_pointer (&self->queue, g_async_queue_unref);
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
  self->queue = g_async_queue_new_full ((GDestroyNotify)message_free);
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
  g_mutex_lock (&self->lock);
  self->writer = g_new0 (Writer, 1);
  self->writer->stream = g_object_ref (stream);
  ensure_writer_locked (self);
  g_mutex_unlock (&self->lock);
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

/* {"event":"name","t":12.345,...fields}. "t" always has three decimals. */
static char *
format_line (const char *event,
             double      t,
             const char *fields)
{
  char t_text[G_ASCII_DTOSTR_BUF_SIZE];
  GString *line = g_string_new ("{\"event\":");

  append_string (line, event);
  g_ascii_formatd (t_text, sizeof t_text, "%.3f", t);
  g_string_append (line, ",\"t\":");
  g_string_append (line, t_text);
  if (fields[1] != '}')
    {
      g_string_append_c (line, ',');
      g_string_append (line, fields + 1);
    }
  else
    g_string_append_c (line, '}');
  g_string_append_c (line, '\n');
  return g_string_free (line, FALSE);
}

void
sc_event_log_write (ScEventLog *self,
                    const char *event,
                    JsonObject *fields)
{
  g_autoptr(JsonObject) owned = fields;
  g_autofree char *data = NULL;
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

  data = sc_event_log_serialize (owned);

  g_mutex_lock (&self->lock);
  if (self->closed)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  if (self->writer_thread != NULL)
    {
      Message *message = g_new0 (Message, 1);

      message->kind = MESSAGE_LINE;
      message->event = g_strdup (event);
      message->t = (g_get_monotonic_time () - self->start_us) / (double)G_USEC_PER_SEC;
      message->line = format_line (event, message->t, data);
      message->data = g_steal_pointer (&data);
      g_async_queue_push (self->queue, message);
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
  gboolean running;

  g_return_if_fail (SC_IS_EVENT_LOG (self));

  g_mutex_lock (&self->lock);
  running = self->writer_thread != NULL && !self->closed;
  g_mutex_unlock (&self->lock);
  if (running)
    send_and_wait (self, MESSAGE_FLUSH);
}

void
sc_event_log_flush_async (ScEventLog          *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SC_IS_EVENT_LOG (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_event_log_flush_async);
  g_mutex_lock (&self->lock);
  if (self->writer_thread != NULL && !self->closed)
    {
      Message *message = g_new0 (Message, 1);

      message->kind = MESSAGE_FLUSH;
      message->task = g_steal_pointer (&task);
      g_async_queue_push (self->queue, message);
    }
  g_mutex_unlock (&self->lock);
  if (task != NULL)
    g_task_return_boolean (task, TRUE);
}

gboolean
sc_event_log_flush_finish (ScEventLog    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sc_event_log_close (ScEventLog *self)
{
  GThread *thread;

  g_return_if_fail (SC_IS_EVENT_LOG (self));

  g_mutex_lock (&self->lock);
  if (self->closed)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  self->closed = TRUE;
  thread = g_steal_pointer (&self->writer_thread);
  g_mutex_unlock (&self->lock);

  if (thread == NULL)
    return;
  /* Nothing is queued after this: writers see @closed. */
  send_and_wait (self, MESSAGE_CLOSE);
  g_thread_join (thread);
}

/* Steps through one statement, waiting out another instance's lock: this
 * runs before the show (off the main thread), never during it. */
static int
step_patiently (sqlite3      *db,
                sqlite3_stmt *statement)
{
  gint64 give_up = g_get_monotonic_time () + CLOSE_PATIENCE_US;
  int rc;

  while (is_busy (rc = sqlite3_step (statement)) && g_get_monotonic_time () < give_up)
    {
      sqlite3_reset (statement);
      g_usleep (RETRY_MIN_US);
    }
  return rc;
}

static int
exec_patiently (sqlite3    *db,
                const char *sql)
{
  gint64 give_up = g_get_monotonic_time () + CLOSE_PATIENCE_US;
  int rc;

  while (is_busy (rc = sqlite3_exec (db, sql, NULL, NULL, NULL)) &&
         g_get_monotonic_time () < give_up)
    g_usleep (RETRY_MIN_US);
  return rc;
}

gboolean
sc_event_log_set_database (ScEventLog  *self,
                           const char  *path,
                           const char  *title,
                           GError     **error)
{
  static const char schema[] =
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
  Message *message;

  g_return_val_if_fail (SC_IS_EVENT_LOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  dir = g_path_get_dirname (path);
  g_mkdir_with_parents (dir, 0700);
  /* WAL: readers (a report, a second show) never block the writer; NORMAL
   * is durable across crashes of the program, and syncs less often. */
  if (sqlite3_open (path, &db) != SQLITE_OK ||
      sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS) != SQLITE_OK ||
      exec_patiently (db, "PRAGMA journal_mode=WAL") != SQLITE_OK ||
      exec_patiently (db, "PRAGMA synchronous=NORMAL") != SQLITE_OK ||
      exec_patiently (db, schema) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT INTO shows (title, started_at) VALUES (?, ?)", -1,
                          &show, NULL) != SQLITE_OK ||
      sqlite3_bind_text (show, 1, title ? title : "", -1, SQLITE_TRANSIENT) != SQLITE_OK ||
      sqlite3_bind_text (show, 2, started, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
      step_patiently (db, show) != SQLITE_DONE ||
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

  message = g_new0 (Message, 1);
  message->kind = MESSAGE_DATABASE;
  message->db = db;
  message->insert = insert;
  message->show_id = sqlite3_last_insert_rowid (db);

  g_mutex_lock (&self->lock);
  if (self->closed)
    {
      g_mutex_unlock (&self->lock);
      sqlite3_finalize (insert);
      sqlite3_close (db);
      message_free (message);
      return TRUE;
    }
  self->show_id = message->show_id;
  ensure_writer_locked (self);
  g_async_queue_push (self->queue, message);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

gint64
sc_event_log_get_show_id (ScEventLog *self)
{
  gint64 show_id;

  g_return_val_if_fail (SC_IS_EVENT_LOG (self), 0);

  g_mutex_lock (&self->lock);
  show_id = self->show_id;
  g_mutex_unlock (&self->lock);
  return show_id;
}
