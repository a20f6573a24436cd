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

gboolean
sc_gst_check_encoder (const char  *name,
                      gboolean     video,
                      GError     **error)
{
  /* The order sc-pipeline.c tries them in. */
  static const char *video_encoders[] = { "x264enc", "vah264enc", "openh264enc" };
  static const char *audio_encoders[] = { "fdkaacenc", "avenc_aac", "voaacenc" };
  const char **preferred = video ? video_encoders : audio_encoders;

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);

  if (name != NULL)
    {
      if (sc_gst_has_element (name))
        return TRUE;
      g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_MISSING_PLUGIN,
                   video ? _("the video encoder “%s” is not installed")
                         : _("the audio encoder “%s” is not installed"), name);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (video_encoders); i++)
    if (sc_gst_has_element (preferred[i]))
      return TRUE;
  g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_MISSING_PLUGIN,
               video ? _("no H.264 encoder is installed (%s, %s or %s)")
                     : _("no AAC encoder is installed (%s, %s or %s)"),
               preferred[0], preferred[1], preferred[2]);
  return FALSE;
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
