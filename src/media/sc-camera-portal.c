/* sc-camera-portal.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-camera-portal"

#include "config.h"

#include <gio/gunixfdlist.h>
#include <glib/gi18n.h>
#include <gst/gst.h>
#include <unistd.h>

#include "base/sc-file-access.h"

#include "sc-camera-portal.h"
#include "sc-portal-request.h"
#include "sc-media-error.h"

#define PORTAL_PATH SC_PORTAL_PATH
#define CAMERA_IFACE "org.freedesktop.portal.Camera"

gboolean
sc_camera_portal_in_sandbox (void)
{
  return sc_file_access_in_sandbox ();
}

/* ---- AccessCamera and OpenPipeWireRemote ---------------------------------- */

typedef struct {
  GDBusConnection *connection;
  gboolean         done;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_clear_object (&data->connection);
  g_free (data);
}

static GError *
malformed (const char *what)
{
  return g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_FAILED,
                      _("The camera portal's answer was not understood: %s"), what);
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

static void
return_error (GTask  *task,
              GError *error)
{
  OpenData *data = g_task_get_task_data (task);

  if (data->done)
    {
      g_error_free (error);
      return;
    }
  data->done = TRUE;
  g_task_return_error (task, error);
}

static void
remote_opened_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OpenData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GUnixFDList) fds = NULL;
  g_autoptr(GVariant) reply = NULL;
  int handle, fd;

  reply = g_dbus_connection_call_with_unix_fd_list_finish (G_DBUS_CONNECTION (object), &fds,
                                                           result, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return_error (task, g_steal_pointer (&error));
      else
        return_error (task, g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_FAILED,
                                         _("The camera portal gave no PipeWire connection: %s"),
                                         error->message));
      return;
    }
  g_variant_get (reply, "(h)", &handle);
  if (fds == NULL || handle < 0 || handle >= g_unix_fd_list_get_length (fds))
    {
      return_error (task, malformed (_("no file descriptor for the PipeWire connection")));
      return;
    }
  fd = g_unix_fd_list_get (fds, handle, &error);
  if (fd < 0)
    {
      return_error (task, g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_FAILED,
                                       _("The PipeWire connection could not be received: %s"),
                                       error->message));
      return;
    }
  data->done = TRUE;
  g_task_return_int (task, fd);
}

static void
open_remote (GTask *task)
{
  OpenData *data = g_task_get_task_data (task);

  g_dbus_connection_call_with_unix_fd_list (data->connection, SC_CAMERA_PORTAL_NAME,
                                            PORTAL_PATH, CAMERA_IFACE, "OpenPipeWireRemote",
                                            g_variant_new ("(a{sv})", NULL),
                                            G_VARIANT_TYPE ("(h)"), G_DBUS_CALL_FLAGS_NONE,
                                            -1, NULL, g_task_get_cancellable (task),
                                            remote_opened_cb, g_object_ref (task));
}

static void
access_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OpenData *data = g_task_get_task_data (task);
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
                                                 _("Asking for the camera was cancelled")));
      else if (g_error_matches (error, SC_PORTAL_REQUEST_ERROR, SC_PORTAL_REQUEST_ERROR_MALFORMED))
        return_error (task, g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_FAILED,
                                         _("The camera portal answered with %s instead of a "
                                           "response code and results"),
                                         error->message));
      else
        return_error (task, g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_FAILED,
                                         _("The camera portal refused: %s"), error->message));
      return;
    }
  if (response == 0)
    open_remote (task);
  else if (response == 1)
    return_error (task, g_error_new_literal (SC_MEDIA_ERROR, SC_MEDIA_ERROR_ACCESS_DENIED,
                                             _("Camera access was denied: allow Shopcast to "
                                               "use the camera in the desktop's privacy "
                                               "settings")));
  else
    return_error (task, g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_PORTAL_FAILED,
                                     _("The camera portal could not give access to the "
                                       "camera (response %u)"), response));
}

/* AccessCamera, answered through a Request. */
static void
access_camera (GTask *task)
{
  OpenData *data = g_task_get_task_data (task);
  g_auto(GVariantBuilder) options = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  sc_portal_request_async (data->connection, SC_CAMERA_PORTAL_NAME, CAMERA_IFACE,
                           "AccessCamera", NULL, &options, g_task_get_cancellable (task),
                           access_done_cb, g_object_ref (task));
}

static void
present_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return_error (task, g_steal_pointer (&error));
      else if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
               g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER))
        return_error (task, g_error_new_literal (SC_MEDIA_ERROR, SC_MEDIA_ERROR_NO_PORTAL,
                                                 _("No desktop portal is running, so the "
                                                   "camera cannot be reached from the "
                                                   "sandbox")));
      else
        return_error (task, g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_NO_PORTAL,
                                         _("The desktop portal offers no camera access: %s"),
                                         error->message));
      return;
    }
  g_variant_get (reply, "(v)", &value);
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    {
      return_error (task, wrong_type ("IsCameraPresent", value, "b"));
      return;
    }
  if (!g_variant_get_boolean (value))
    {
      return_error (task, g_error_new_literal (SC_MEDIA_ERROR, SC_MEDIA_ERROR_NO_CAMERA,
                                               _("No camera is connected")));
      return;
    }
  access_camera (task);
}

static void
start_with_connection (GTask           *task,
                       GDBusConnection *connection)
{
  OpenData *data = g_task_get_task_data (task);

  data->connection = g_object_ref (connection);
  g_dbus_connection_call (connection, SC_CAMERA_PORTAL_NAME, PORTAL_PATH,
                          "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", CAMERA_IFACE, "IsCameraPresent"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1,
                          g_task_get_cancellable (task), present_cb, task);
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
      return_error (task, g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_NO_PORTAL,
                                       _("No session bus to reach the desktop portal: %s"),
                                       error->message));
      g_object_unref (task);
      return;
    }
  start_with_connection (task, connection);
}

void
sc_camera_portal_open_async (GDBusConnection     *connection,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (connection == NULL || G_IS_DBUS_CONNECTION (connection));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_camera_portal_open_async);
  g_task_set_task_data (task, g_new0 (OpenData, 1), (GDestroyNotify)open_data_free);
  if (connection != NULL)
    start_with_connection (task, connection);
  else
    g_bus_get (G_BUS_TYPE_SESSION, cancellable, bus_cb, task);
}

int
sc_camera_portal_open_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), -1);
  return g_task_propagate_int (G_TASK (result), error);
}

/* ---- the cameras on the remote -------------------------------------------- */

void
sc_camera_node_free (ScCameraNode *node)
{
  if (node == NULL)
    return;
  g_free (node->name);
  g_free (node->node_name);
  g_free (node->path);
  g_free (node);
}

static gboolean
read_node_id (GstDevice    *device,
              GstStructure *props,
              guint32      *id)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (device), "id");
  guint64 number = 0;
  const char *text;

  /* GstPipeWireDevice's "id" is the node's global id. */
  if (pspec != NULL && pspec->value_type == G_TYPE_UINT)
    {
      guint value = 0;

      g_object_get (device, "id", &value, NULL);
      *id = value;
      return TRUE;
    }
  text = props != NULL ? gst_structure_get_string (props, "object.id") : NULL;
  if (text != NULL && g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &number, NULL))
    {
      *id = (guint32)number;
      return TRUE;
    }
  return FALSE;
}

GPtrArray *
sc_camera_portal_list_nodes (int      fd,
                             GError **error)
{
  g_autoptr(GstDeviceProviderFactory) factory = NULL;
  g_autoptr(GstDeviceProvider) provider = NULL;
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(GPtrArray) others = NULL;
  GList *devices;

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
  factory = gst_device_provider_factory_find ("pipewiredeviceprovider");
  if (factory == NULL)
    {
      g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_MISSING_PLUGIN,
                   _("The PipeWire plugin for GStreamer is not installed"));
      return NULL;
    }
  provider = gst_device_provider_factory_get (factory);
  if (provider == NULL)
    {
      g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_MISSING_PLUGIN,
                   _("The PipeWire plugin for GStreamer is not installed"));
      return NULL;
    }
  /* Borrowed: PipeWire's GStreamer core connects with a duplicate of it. A
   * probe, not start/stop (see find_camera in sc-source-bin.c). */
  g_object_set (provider, "fd", fd, NULL);
  devices = gst_device_provider_get_devices (provider);

  cameras = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_camera_node_free);
  others = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_camera_node_free);
  for (GList *l = devices; l != NULL; l = l->next)
    {
      GstDevice *device = l->data;
      g_autoptr(GstStructure) props = gst_device_get_properties (device);
      g_autofree char *klass = gst_device_get_device_class (device);
      g_autoptr(ScCameraNode) node = g_new0 (ScCameraNode, 1);
      const char *role;

      if (!g_str_has_prefix (klass, "Video/Source") ||
          !read_node_id (device, props, &node->node_id))
        continue;
      node->name = gst_device_get_display_name (device);
      if (props != NULL)
        {
          const char *path = gst_structure_get_string (props, "api.v4l2.path");

          node->node_name = g_strdup (gst_structure_get_string (props, "node.name"));
          node->path = g_strdup (path != NULL ? path
                                              : gst_structure_get_string (props, "device.path"));
        }
      role = props != NULL ? gst_structure_get_string (props, "media.role") : NULL;
      /* The portal's remote shows cameras only; a plain remote may show
       * other video nodes (screen casts) too: cameras first. */
      g_ptr_array_add (g_strcmp0 (role, "Camera") == 0 ? cameras : others,
                       g_steal_pointer (&node));
    }
  g_list_free_full (devices, gst_object_unref);
  g_ptr_array_extend_and_steal (cameras, g_steal_pointer (&others));
  return g_steal_pointer (&cameras);
}

const ScCameraNode *
sc_camera_portal_pick_node (GPtrArray  *nodes,
                            const char *device)
{
  g_return_val_if_fail (nodes != NULL, NULL);

  for (guint i = 0; i < nodes->len; i++)
    {
      const ScCameraNode *node = g_ptr_array_index (nodes, i);

      if (device == NULL || g_strcmp0 (device, node->node_name) == 0 ||
          g_strcmp0 (device, node->name) == 0 || g_strcmp0 (device, node->path) == 0)
        return node;
    }
  return NULL;
}
