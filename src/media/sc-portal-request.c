/* sc-portal-request.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-portal-request"

#include "config.h"

#include "sc-portal-request.h"

#define REQUEST_IFACE "org.freedesktop.portal.Request"

G_DEFINE_QUARK (sc-portal-request-error-quark, sc_portal_request_error)

typedef struct {
  GDBusConnection *connection;
  char            *bus_name;
  char            *path;          /* the request waited for */
  guint            response_id;
  gulong           cancelled_id;
  gboolean         waiting;
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->connection);
  g_free (request->bus_name);
  g_free (request->path);
  g_free (request);
}

/* The task returns once: whoever stops waiting first returns it. */
static gboolean
stop_waiting (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  if (!request->waiting)
    return FALSE;
  request->waiting = FALSE;
  if (request->response_id != 0)
    g_dbus_connection_signal_unsubscribe (request->connection, request->response_id);
  request->response_id = 0;
  g_cancellable_disconnect (g_task_get_cancellable (task), request->cancelled_id);
  request->cancelled_id = 0;
  return TRUE;
}

typedef struct {
  GVariant *results;
  guint     response;
} Answer;

static void
answer_free (Answer *answer)
{
  g_variant_unref (answer->results);
  g_free (answer);
}

static void
response_cb (GDBusConnection *connection,
             const char      *sender,
             const char      *path,
             const char      *iface,
             const char      *signal,
             GVariant        *parameters,
             gpointer         user_data)
{
  g_autoptr(GTask) task = g_object_ref (user_data);
  Answer *answer;

  if (!stop_waiting (task))
    return;
  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ua{sv})")))
    {
      g_task_return_new_error (task, SC_PORTAL_REQUEST_ERROR, SC_PORTAL_REQUEST_ERROR_MALFORMED,
                               "%s", g_variant_get_type_string (parameters));
      return;
    }
  answer = g_new0 (Answer, 1);
  g_variant_get (parameters, "(u@a{sv})", &answer->response, &answer->results);
  g_task_return_pointer (task, answer, (GDestroyNotify)answer_free);
}

static void
subscribe (GTask      *task,
           const char *path)
{
  Request *request = g_task_get_task_data (task);

  g_free (request->path);
  request->path = g_strdup (path);
  request->response_id =
    g_dbus_connection_signal_subscribe (request->connection, request->bus_name,
                                        REQUEST_IFACE, "Response", path, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE,
                                        response_cb, g_object_ref (task), g_object_unref);
}

static void
closed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object),
                                                             result, &error);

  /* Already answered or gone (the portal ended it) is as good as closed. */
  if (reply == NULL)
    g_debug ("Close: %s", error->message);
}

void
sc_portal_close (GDBusConnection *connection,
                 const char      *bus_name,
                 const char      *path,
                 const char      *iface)
{
  g_return_if_fail (G_IS_DBUS_CONNECTION (connection));
  g_return_if_fail (path != NULL);

  g_dbus_connection_call (connection, bus_name, path, iface, "Close", NULL, NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, closed_cb, NULL);
}

static gboolean
cancel_idle_cb (gpointer user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  if (stop_waiting (task))
    {
      sc_portal_close (request->connection, request->bus_name, request->path, REQUEST_IFACE);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
    }
  return G_SOURCE_REMOVE;
}

/* Runs where cancel() was called, maybe inside it: the work is done later,
 * in the task's context (a handler may not disconnect itself). */
static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  g_autoptr(GSource) idle = g_idle_source_new ();

  g_source_set_callback (idle, cancel_idle_cb, g_object_ref (user_data), g_object_unref);
  g_source_attach (idle, g_task_get_context (G_TASK (user_data)));
}

static void
called_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  const char *handle = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    {
      if (stop_waiting (task))
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_variant_get (reply, "(&o)", &handle);
  /* Portals before 0.9 made up their own path: follow it (the spec's race). */
  if (request->waiting && g_strcmp0 (handle, request->path) != 0)
    {
      g_dbus_connection_signal_unsubscribe (request->connection, request->response_id);
      subscribe (task, handle);
    }
}

void
sc_portal_request_async (GDBusConnection     *connection,
                         const char          *bus_name,
                         const char          *iface,
                         const char          *method,
                         GVariant            *leading_args,
                         GVariantBuilder     *options,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Request *request = g_new0 (Request, 1);
  g_autofree char *token = g_strdup_printf ("shopcast%u", g_random_int ());
  g_autofree char *sender = g_strdup (g_dbus_connection_get_unique_name (connection) + 1);
  g_autofree char *path = NULL;
  GVariantBuilder args;

  g_return_if_fail (G_IS_DBUS_CONNECTION (connection));
  g_return_if_fail (options != NULL);

  g_task_set_source_tag (task, sc_portal_request_async);
  /* Its own error, not GTask's, once a Response has come. */
  g_task_set_check_cancellable (task, FALSE);
  request->connection = g_object_ref (connection);
  request->bus_name = g_strdup (bus_name);
  g_task_set_task_data (task, request, (GDestroyNotify)request_free);

  /* The spec's request path: SC_PORTAL_PATH/request/SENDER/TOKEN, SENDER the
   * caller's unique name without ':' and with '.' as '_'. */
  g_strdelimit (sender, ".", '_');
  path = g_strdup_printf (SC_PORTAL_PATH "/request/%s/%s", sender, token);
  subscribe (task, path);
  request->waiting = TRUE;
  if (cancellable != NULL)
    request->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb),
                                                   task, NULL);

  g_variant_builder_add (options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_init (&args, G_VARIANT_TYPE_TUPLE);
  if (leading_args != NULL)
    {
      GVariantIter iter;
      GVariant *child;

      g_variant_ref_sink (leading_args);
      g_variant_iter_init (&iter, leading_args);
      while ((child = g_variant_iter_next_value (&iter)) != NULL)
        {
          g_variant_builder_add_value (&args, child);
          g_variant_unref (child);
        }
      g_variant_unref (leading_args);
    }
  g_variant_builder_add_value (&args, g_variant_builder_end (options));
  g_dbus_connection_call (connection, bus_name, SC_PORTAL_PATH, iface, method,
                          g_variant_builder_end (&args), G_VARIANT_TYPE ("(o)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, cancellable, called_cb,
                          g_object_ref (task));
}

GVariant *
sc_portal_request_finish (GAsyncResult  *result,
                          guint         *response,
                          GError       **error)
{
  Answer *answer;
  GVariant *results;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  answer = g_task_propagate_pointer (G_TASK (result), error);
  if (answer == NULL)
    return NULL;
  if (response != NULL)
    *response = answer->response;
  results = g_variant_ref (answer->results);
  answer_free (answer);
  return results;
}
