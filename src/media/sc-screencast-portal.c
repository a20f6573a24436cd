/* sc-screencast-portal.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-screencast-portal"

#include "config.h"

#include <gio/gunixfdlist.h>
#include <glib/gi18n.h>

#include "sc-media-error.h"
#include "sc-portal-request.h"
#include "sc-screencast-portal.h"

#define PORTAL_PATH SC_PORTAL_PATH
#define SCREENCAST_IFACE "org.freedesktop.portal.ScreenCast"
#define SESSION_IFACE "org.freedesktop.portal.Session"
#define MIN_VERSION 4
#define PERSIST_UNTIL_REVOKED 2
#define CURSOR_EMBEDDED 2

struct _ScScreencastSession
{
  GObject             parent_instance;

  GDBusConnection    *connection;
  char               *handle;        /* the session's object path; NULL once closed */
  guint               version;
  ScScreencastStream  stream;
  char               *restore_token;
  gboolean            restored;
  guint               closed_id;     /* the Session.Closed subscription */
};

G_DEFINE_FINAL_TYPE (ScScreencastSession, sc_screencast_session, G_TYPE_OBJECT)

enum { SIGNAL_CLOSED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *source_type_names[] = { "monitor", "window", "virtual" };

const char *
sc_screencast_source_type_to_string (ScScreencastSourceType type)
{
  switch (type)
    {
    case SC_SCREENCAST_SOURCE_MONITOR:
      return source_type_names[0];
    case SC_SCREENCAST_SOURCE_WINDOW:
      return source_type_names[1];
    case SC_SCREENCAST_SOURCE_VIRTUAL:
      return source_type_names[2];
    case SC_SCREENCAST_SOURCE_NONE:
    default:
      return NULL;
    }
}

gboolean
sc_screencast_source_type_from_string (const char             *name,
                                       ScScreencastSourceType *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (source_type_names); i++)
    if (g_strcmp0 (name, source_type_names[i]) == 0)
      {
        *type = 1 << i;
        return TRUE;
      }
  return FALSE;
}

/* ---- one portal request ------------------------------------------------- */

typedef enum {
  STEP_CREATE_SESSION,
  STEP_SELECT_SOURCES,
  STEP_START,
} Step;

typedef struct {
  GDBusConnection     *connection;
  char                *parent_window;
  char                *restore_token;
  ScScreencastSession *session;
  Step                 step;
  guint                available_types;
  guint                available_cursors;
  gboolean             done;     /* the task has returned */
} StartData;

static void
start_data_free (StartData *data)
{
  g_clear_object (&data->connection);
  g_free (data->parent_window);
  g_free (data->restore_token);
  g_clear_object (&data->session);
  g_free (data);
}

static void step_done (GTask *task, guint response, GVariant *results);


static void
return_error (GTask  *task,
              GError *error)
{
  StartData *data = g_task_get_task_data (task);

  if (data->done)
    {
      g_error_free (error);
      return;
    }
  data->done = TRUE;
  if (data->session != NULL)
    sc_screencast_session_close (data->session);
  g_task_return_error (task, error);
}

/* The portal closes a session by itself when the user stops sharing (the
 * desktop's "stop" button) or the window goes away: Session.Closed. */
static void
session_closed_cb (GDBusConnection *connection,
                   const char      *sender,
                   const char      *path,
                   const char      *iface,
                   const char      *name,
                   GVariant        *parameters,
                   gpointer         user_data)
{
  ScScreencastSession *self = user_data;

  if (self->handle == NULL || g_strcmp0 (path, self->handle) != 0)
    return;
  /* Gone already: nothing to Close. */
  g_clear_pointer (&self->handle, g_free);
  if (self->closed_id != 0)
    {
      g_dbus_connection_signal_unsubscribe (self->connection, self->closed_id);
      self->closed_id = 0;
    }
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0);
}

static void
watch_closed (ScScreencastSession *self)
{
  if (self->closed_id != 0 || self->handle == NULL)
    return;
  self->closed_id =
    g_dbus_connection_signal_subscribe (self->connection, SC_SCREENCAST_PORTAL_NAME,
                                        SESSION_IFACE, "Closed", self->handle, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE, session_closed_cb, self, NULL);
}

static void
request_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) results = NULL;
  guint response = 2;

  results = sc_portal_request_finish (result, &response, &error);
  if (data->done)
    return;
  if (results == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return_error (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                 _("Choosing the screen was cancelled")));
      else if (g_error_matches (error, SC_PORTAL_REQUEST_ERROR, SC_PORTAL_REQUEST_ERROR_MALFORMED))
        return_error (task, g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_FAILED,
                                         _("The screen capture portal answered with %s instead "
                                           "of a response code and results"),
                                         error->message));
      else
        return_error (task, g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_FAILED,
                                         _("The screen capture portal refused: %s"),
                                         error->message));
      return;
    }
  step_done (task, response, results);
}

/* @method with the session (and the parent window, for Start) before the
 * options, answered through a Request. */
static void
call_request (GTask           *task,
              const char      *method,
              GVariantBuilder *options,
              const char      *session_handle,
              const char      *parent_window)
{
  StartData *data = g_task_get_task_data (task);
  GVariant *leading = NULL;

  if (parent_window != NULL)
    leading = g_variant_new ("(os)", session_handle, parent_window);
  else if (session_handle != NULL)
    leading = g_variant_new ("(o)", session_handle);
  sc_portal_request_async (data->connection, SC_SCREENCAST_PORTAL_NAME, SCREENCAST_IFACE,
                           method, leading, options, g_task_get_cancellable (task),
                           request_done_cb, g_object_ref (task));
}

static void
create_session (GTask *task)
{
  g_auto(GVariantBuilder) options = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autofree char *session_token = g_strdup_printf ("shopcast%u", g_random_int ());

  g_variant_builder_add (&options, "{sv}", "session_handle_token",
                         g_variant_new_string (session_token));
  call_request (task, "CreateSession", &options, NULL, NULL);
}

static void
select_sources (GTask *task)
{
  StartData *data = g_task_get_task_data (task);
  g_auto(GVariantBuilder) options = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  guint types = SC_SCREENCAST_SOURCE_MONITOR | SC_SCREENCAST_SOURCE_WINDOW;

  /* A portal that names its source types gets only those it has. */
  if (data->available_types != 0)
    types &= data->available_types;
  if (types == 0)
    types = data->available_types;
  g_variant_builder_add (&options, "{sv}", "types", g_variant_new_uint32 (types));
  g_variant_builder_add (&options, "{sv}", "multiple", g_variant_new_boolean (FALSE));
  if (data->available_cursors & CURSOR_EMBEDDED)
    g_variant_builder_add (&options, "{sv}", "cursor_mode",
                           g_variant_new_uint32 (CURSOR_EMBEDDED));
  g_variant_builder_add (&options, "{sv}", "persist_mode",
                         g_variant_new_uint32 (PERSIST_UNTIL_REVOKED));
  if (data->restore_token != NULL)
    g_variant_builder_add (&options, "{sv}", "restore_token",
                           g_variant_new_string (data->restore_token));
  call_request (task, "SelectSources", &options, data->session->handle, NULL);
}

static void
start (GTask *task)
{
  StartData *data = g_task_get_task_data (task);
  g_auto(GVariantBuilder) options = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  call_request (task, "Start", &options, data->session->handle,
                data->parent_window ? data->parent_window : "");
}

static GError *
malformed (const char *what)
{
  /* TRANSLATORS: %s says what was wrong, e.g. "no stream" */
  return g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_FAILED,
                      _("The screen capture portal gave a malformed answer: %s"), what);
}

static GError *
wrong_type (const char *member,
            GVariant   *value,
            const char *expected)
{
  g_autofree char *what =
    g_strdup_printf (_("“%s” is of type “%s”, expected “%s”"), member,
                     g_variant_get_type_string (value), expected);

  return malformed (what);
}

/* The first stream of Start's results, checked member by member. */
static GError *
read_stream (GVariant           *results,
             ScScreencastStream *stream)
{
  g_autoptr(GVariant) streams = g_variant_lookup_value (results, "streams", NULL);
  g_autoptr(GVariant) props = NULL;
  g_autoptr(GVariant) value = NULL;

  if (streams == NULL)
    return malformed (_("no “streams”"));
  if (!g_variant_is_of_type (streams, G_VARIANT_TYPE ("a(ua{sv})")))
    return wrong_type ("streams", streams, "a(ua{sv})");
  if (g_variant_n_children (streams) == 0)
    return malformed (_("no stream was started"));
  g_variant_get_child (streams, 0, "(u@a{sv})", &stream->node_id, &props);

  if ((value = g_variant_lookup_value (props, "source_type", NULL)) != NULL)
    {
      guint type;

      if (!g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
        return wrong_type ("source_type", value, "u");
      type = g_variant_get_uint32 (value);
      if (sc_screencast_source_type_to_string (type) == NULL)
        {
          g_autofree char *what = g_strdup_printf (_("unknown source type %u"), type);

          return malformed (what);
        }
      stream->source_type = type;
      g_clear_pointer (&value, g_variant_unref);
    }
  if ((value = g_variant_lookup_value (props, "size", NULL)) != NULL)
    {
      if (!g_variant_is_of_type (value, G_VARIANT_TYPE ("(ii)")))
        return wrong_type ("size", value, "(ii)");
      g_variant_get (value, "(ii)", &stream->width, &stream->height);
      if (stream->width <= 0 || stream->height <= 0)
        {
          g_autofree char *what = g_strdup_printf (_("a size of %d × %d"),
                                                   stream->width, stream->height);

          return malformed (what);
        }
      stream->has_size = TRUE;
      g_clear_pointer (&value, g_variant_unref);
    }
  if ((value = g_variant_lookup_value (props, "position", NULL)) != NULL)
    {
      if (!g_variant_is_of_type (value, G_VARIANT_TYPE ("(ii)")))
        return wrong_type ("position", value, "(ii)");
      g_variant_get (value, "(ii)", &stream->x, &stream->y);
      stream->has_position = TRUE;
      g_clear_pointer (&value, g_variant_unref);
    }
  if ((value = g_variant_lookup_value (props, "id", NULL)) != NULL)
    {
      if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        return wrong_type ("id", value, "s");
      stream->id = g_variant_dup_string (value, NULL);
      g_clear_pointer (&value, g_variant_unref);
    }
  if ((value = g_variant_lookup_value (props, "mapping_id", NULL)) != NULL)
    {
      if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        return wrong_type ("mapping_id", value, "s");
      stream->mapping_id = g_variant_dup_string (value, NULL);
    }
  return NULL;
}

static void
step_done (GTask    *task,
           guint     response,
           GVariant *results)
{
  StartData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (response == 1)
    {
      return_error (task, g_error_new_literal (SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_CANCELLED,
                                               _("Choosing the screen was cancelled")));
      return;
    }
  if (response != 0)
    {
      return_error (task, g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_FAILED,
                                       _("The screen capture portal could not share the "
                                         "screen (response %u)"), response));
      return;
    }

  switch (data->step)
    {
    case STEP_CREATE_SESSION:
      {
        g_autoptr(GVariant) handle = g_variant_lookup_value (results, "session_handle", NULL);

        /* The spec says "s"; some portals send an object path. */
        if (handle == NULL)
          error = malformed (_("no “session_handle”"));
        else if (!g_variant_is_of_type (handle, G_VARIANT_TYPE_STRING) &&
                 !g_variant_is_of_type (handle, G_VARIANT_TYPE_OBJECT_PATH))
          error = wrong_type ("session_handle", handle, "s");
        else if (!g_variant_is_object_path (g_variant_get_string (handle, NULL)))
          error = malformed (_("the session handle is not an object path"));
        if (error != NULL)
          {
            return_error (task, error);
            return;
          }
        data->session->handle = g_variant_dup_string (handle, NULL);
        watch_closed (data->session);
        data->step = STEP_SELECT_SOURCES;
        select_sources (task);
      }
      break;

    case STEP_SELECT_SOURCES:
      data->step = STEP_START;
      start (task);
      break;

    case STEP_START:
      {
        g_autoptr(GVariant) token = g_variant_lookup_value (results, "restore_token", NULL);

        error = read_stream (results, &data->session->stream);
        if (error == NULL && token != NULL && !g_variant_is_of_type (token, G_VARIANT_TYPE_STRING))
          error = wrong_type ("restore_token", token, "s");
        if (error != NULL)
          {
            return_error (task, error);
            return;
          }
        if (token != NULL && g_variant_get_string (token, NULL)[0] != '\0')
          data->session->restore_token = g_variant_dup_string (token, NULL);
        data->session->restored = data->restore_token != NULL;
        data->done = TRUE;
        g_task_return_pointer (task, g_steal_pointer (&data->session), g_object_unref);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
properties_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StartData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) props = NULL;
  guint version = 0;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
               g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER))
        g_task_return_new_error (task, SC_MEDIA_ERROR, SC_MEDIA_ERROR_NO_PORTAL,
                                 _("No desktop portal is running (install "
                                   "xdg-desktop-portal and a backend for your desktop)"));
      else
        g_task_return_new_error (task, SC_MEDIA_ERROR, SC_MEDIA_ERROR_NO_PORTAL,
                                 _("The desktop portal offers no screen capture: %s"),
                                 error->message);
      return;
    }
  props = g_variant_get_child_value (reply, 0);
  if (!g_variant_lookup (props, "version", "u", &version) || version < MIN_VERSION)
    {
      g_task_return_new_error (task, SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_TOO_OLD,
                               _("The screen capture portal is version %u; Shopcast needs "
                                 "version %u or later to keep the choice"),
                               version, MIN_VERSION);
      return;
    }
  g_variant_lookup (props, "AvailableSourceTypes", "u", &data->available_types);
  g_variant_lookup (props, "AvailableCursorModes", "u", &data->available_cursors);
  data->session = g_object_new (SC_TYPE_SCREENCAST_SESSION, NULL);
  data->session->connection = g_object_ref (data->connection);
  data->session->version = version;
  data->step = STEP_CREATE_SESSION;
  create_session (task);
}

static void
start_with_connection (GTask           *task,
                       GDBusConnection *connection)
{
  StartData *data = g_task_get_task_data (task);

  data->connection = g_object_ref (connection);
  g_dbus_connection_call (connection, SC_SCREENCAST_PORTAL_NAME, PORTAL_PATH,
                          "org.freedesktop.DBus.Properties", "GetAll",
                          g_variant_new ("(s)", SCREENCAST_IFACE), G_VARIANT_TYPE ("(a{sv})"),
                          G_DBUS_CALL_FLAGS_NONE, -1, g_task_get_cancellable (task),
                          properties_cb, task);
}

static void
bus_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) connection = g_bus_get_finish (result, &error);

  if (connection == NULL)
    {
      g_task_return_new_error (task, SC_MEDIA_ERROR, SC_MEDIA_ERROR_NO_PORTAL,
                               _("No session bus to reach the desktop portal: %s"),
                               error->message);
      g_object_unref (task);
      return;
    }
  start_with_connection (task, connection);
}

void
sc_screencast_session_new_async (GDBusConnection     *connection,
                                 const char          *parent_window,
                                 const char          *restore_token,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  StartData *data = g_new0 (StartData, 1);

  g_return_if_fail (connection == NULL || G_IS_DBUS_CONNECTION (connection));

  g_task_set_source_tag (task, sc_screencast_session_new_async);
  data->parent_window = g_strdup (parent_window);
  data->restore_token = restore_token && *restore_token ? g_strdup (restore_token) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify)start_data_free);
  if (connection != NULL)
    start_with_connection (task, connection);
  else
    g_bus_get (G_BUS_TYPE_SESSION, cancellable, bus_cb, task);
}

ScScreencastSession *
sc_screencast_session_new_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the session ---------------------------------------------------------- */

static void
open_remote_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUnixFDList) fds = NULL;
  g_autoptr(GVariant) reply = NULL;
  int handle, fd;

  reply = g_dbus_connection_call_with_unix_fd_list_finish (G_DBUS_CONNECTION (object), &fds,
                                                           result, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_FAILED,
                                 _("The screen capture portal gave no PipeWire connection: %s"),
                                 error->message);
      return;
    }
  g_variant_get (reply, "(h)", &handle);
  if (fds == NULL || handle < 0 || handle >= g_unix_fd_list_get_length (fds))
    {
      g_task_return_error (task, malformed (_("no file descriptor for the PipeWire "
                                               "connection")));
      return;
    }
  fd = g_unix_fd_list_get (fds, handle, &error);
  if (fd < 0)
    {
      g_task_return_new_error (task, SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_FAILED,
                               _("The PipeWire connection could not be received: %s"),
                               error->message);
      return;
    }
  g_task_return_int (task, fd);
}

void
sc_screencast_session_open_remote_async (ScScreencastSession *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SC_IS_SCREENCAST_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_screencast_session_open_remote_async);
  if (self->handle == NULL)
    {
      g_task_return_new_error (task, SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_FAILED,
                               _("The screen capture session has ended"));
      return;
    }
  g_dbus_connection_call_with_unix_fd_list (self->connection, SC_SCREENCAST_PORTAL_NAME,
                                            PORTAL_PATH, SCREENCAST_IFACE,
                                            "OpenPipeWireRemote",
                                            g_variant_new ("(oa{sv})", self->handle, NULL),
                                            G_VARIANT_TYPE ("(h)"), G_DBUS_CALL_FLAGS_NONE,
                                            -1, NULL, cancellable, open_remote_cb,
                                            g_steal_pointer (&task));
}

int
sc_screencast_session_open_remote_finish (ScScreencastSession  *self,
                                          GAsyncResult         *result,
                                          GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  return g_task_propagate_int (G_TASK (result), error);
}

guint
sc_screencast_session_get_version (ScScreencastSession *self)
{
  g_return_val_if_fail (SC_IS_SCREENCAST_SESSION (self), 0);
  return self->version;
}

const ScScreencastStream *
sc_screencast_session_get_stream (ScScreencastSession *self)
{
  g_return_val_if_fail (SC_IS_SCREENCAST_SESSION (self), NULL);
  return &self->stream;
}

const char *
sc_screencast_session_get_restore_token (ScScreencastSession *self)
{
  g_return_val_if_fail (SC_IS_SCREENCAST_SESSION (self), NULL);
  return self->restore_token;
}

gboolean
sc_screencast_session_get_restored (ScScreencastSession *self)
{
  g_return_val_if_fail (SC_IS_SCREENCAST_SESSION (self), FALSE);
  return self->restored;
}

void
sc_screencast_session_close (ScScreencastSession *self)
{
  g_return_if_fail (SC_IS_SCREENCAST_SESSION (self));

  if (self->closed_id != 0)
    {
      g_dbus_connection_signal_unsubscribe (self->connection, self->closed_id);
      self->closed_id = 0;
    }
  if (self->handle == NULL)
    return;
  sc_portal_close (self->connection, SC_SCREENCAST_PORTAL_NAME, self->handle, SESSION_IFACE);
  g_clear_pointer (&self->handle, g_free);
}

static void
sc_screencast_session_finalize (GObject *object)
{
  ScScreencastSession *self = (ScScreencastSession *)object;

  sc_screencast_session_close (self);
  g_clear_object (&self->connection);
  g_free (self->stream.id);
  g_free (self->stream.mapping_id);
  g_free (self->restore_token);
  G_OBJECT_CLASS (sc_screencast_session_parent_class)->finalize (object);
}

static void
sc_screencast_session_class_init (ScScreencastSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_screencast_session_finalize;

  signals[SIGNAL_CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sc_screencast_session_init (ScScreencastSession *self)
{
}
