/* sc-devices.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-devices"

#include "config.h"

#include <gst/gst.h>

#include <unistd.h>

#include "sc-camera-portal.h"
#include "sc-devices.h"
#include "sc-gst-util.h"

void
sc_device_info_free (ScDeviceInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info->name);
  g_free (info);
}

/* The value the camera and microphone sources look devices up by
 * (media/sc-source-bin.c): the V4L2 path, the sound server's source name. */
static char *
device_id (GstDevice *device)
{
  g_autoptr(GstStructure) props = gst_device_get_properties (device);
  const char *path = NULL;
  char *internal = NULL;

  if (props != NULL)
    {
      path = gst_structure_get_string (props, "api.v4l2.path");
      if (path == NULL)
        path = gst_structure_get_string (props, "device.path");
    }
  if (path != NULL)
    return g_strdup (path);
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (device), "internal-name") != NULL)
    g_object_get (device, "internal-name", &internal, NULL);
  if (internal != NULL)
    return internal;
  return gst_device_get_display_name (device);
}

typedef struct {
  gboolean  done;
  int       fd;
  GError   *error;
} PortalWait;

static void
portal_opened_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  PortalWait *wait = user_data;

  wait->fd = sc_camera_portal_open_finish (result, &wait->error);
  wait->done = TRUE;
}

/* In the sandbox the cameras are those on the Camera portal's remote, by
 * their node names (what the studio matches a source's "device" against).
 * On the caller's worker thread, with a main context of its own for the
 * portal's answers. */
static GPtrArray *
list_portal_cameras (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GError) error = NULL;
  PortalWait wait = { FALSE, -1, NULL };
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_device_info_free);

  g_main_context_push_thread_default (context);
  sc_camera_portal_open_async (NULL, NULL, portal_opened_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (context, TRUE);
  /* What the client left behind (its subscriptions' ends) runs here too. */
  while (g_main_context_pending (context))
    g_main_context_iteration (context, FALSE);
  g_main_context_pop_thread_default (context);

  if (wait.fd < 0)
    {
      g_debug ("No cameras from the portal: %s", wait.error->message);
      g_clear_error (&wait.error);
      return result;
    }
  nodes = sc_camera_portal_list_nodes (wait.fd, &error);
  close (wait.fd);
  if (nodes == NULL)
    {
      g_debug ("No cameras from the portal: %s", error->message);
      return result;
    }
  for (guint i = 0; i < nodes->len; i++)
    {
      const ScCameraNode *node = g_ptr_array_index (nodes, i);
      ScDeviceInfo *info = g_new0 (ScDeviceInfo, 1);

      info->id = g_strdup (node->node_name != NULL ? node->node_name : node->name);
      info->name = g_strdup (node->name != NULL ? node->name : node->node_name);
      if (info->id == NULL)
        sc_device_info_free (info);
      else
        g_ptr_array_add (result, info);
    }
  return result;
}

GPtrArray *
sc_devices_list (ScDeviceKind kind)
{
  g_autoptr(GstDeviceMonitor) monitor = NULL;
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_device_info_free);
  GList *devices;

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
  if (kind == SC_DEVICE_CAMERA && sc_camera_portal_in_sandbox ())
    {
      g_ptr_array_unref (result);
      return list_portal_cameras ();
    }
  monitor = gst_device_monitor_new ();
  gst_device_monitor_add_filter (monitor,
                                 kind == SC_DEVICE_CAMERA ? "Video/Source" : "Audio/Source",
                                 NULL);
  /* A probe, not start/stop (see find_camera in sc-source-bin.c). */
  devices = gst_device_monitor_get_devices (monitor);

  for (GList *l = devices; l != NULL; l = l->next)
    {
      ScDeviceInfo *info = g_new0 (ScDeviceInfo, 1);
      gboolean seen = FALSE;

      info->id = device_id (l->data);
      info->name = gst_device_get_display_name (l->data);
      /* Several providers (V4L2, PipeWire) may list one device. */
      for (guint i = 0; i < result->len && !seen; i++)
        seen = g_str_equal (((ScDeviceInfo *)g_ptr_array_index (result, i))->id, info->id);
      if (seen)
        sc_device_info_free (info);
      else
        g_ptr_array_add (result, info);
    }
  g_list_free_full (devices, gst_object_unref);
  return result;
}

GStrv
sc_devices_list_video_encoders (void)
{
  /* The order media/sc-pipeline.c picks them in when the show names none. */
  static const char * const known[] = { "x264enc", "vah264enc", "openh264enc", NULL };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
  for (guint i = 0; known[i] != NULL; i++)
    if (sc_gst_has_element (known[i]))
      g_strv_builder_add (builder, known[i]);
  return g_strv_builder_end (builder);
}
