/* sc-devices.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-devices"

#include "config.h"

#include <gst/gst.h>

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

GPtrArray *
sc_devices_list (ScDeviceKind kind)
{
  g_autoptr(GstDeviceMonitor) monitor = NULL;
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_device_info_free);
  GList *devices;

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
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
