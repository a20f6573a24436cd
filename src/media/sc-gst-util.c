/* sc-gst-util.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-gst-util"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-gst-util.h"
#include "sc-media-error.h"

GstElement *
sc_gst_make (const char  *factory,
             const char  *name,
             GError     **error)
{
  GstElement *element = gst_element_factory_make (factory, name);

  if (element == NULL)
    g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_MISSING_PLUGIN,
                 _("The GStreamer element “%s” is not installed"), factory);
  return element;
}

gboolean
sc_gst_has_element (const char *factory)
{
  g_autoptr(GstElementFactory) f = gst_element_factory_find (factory);

  return f != NULL;
}

GError *
sc_gst_error_from_message (GstMessage *message,
                           int         code)
{
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;
  g_autofree char *source = NULL;

  gst_message_parse_error (message, &gst_error, &debug);
  source = gst_object_get_name (GST_MESSAGE_SRC (message));
  if (debug != NULL)
    g_debug ("%s: %s (%s)", source, gst_error->message, debug);
  return g_error_new (SC_MEDIA_ERROR, code, "%s: %s", source, gst_error->message);
}
