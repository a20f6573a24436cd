/* sc-gst-util.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-gst-util"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "sc-gst-util.h"
#include "sc-media-error.h"

GstElement *
sc_gst_make (const char  *factory,
             const char  *name,
             GError     **error)
{
  GstElement *element = gst_element_factory_make (factory, name);

  /* The factory name is what a packager searches for to find the plugin. */
  if (element == NULL)
    g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_MISSING_PLUGIN,
                 _("A GStreamer plugin Shopcast needs is not installed (“%s”)"), factory);
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
  g_debug ("%s: %s (%s)", source, gst_error->message, debug ? debug : "");
  return g_error_new_literal (SC_MEDIA_ERROR, code, gst_error->message);
}

/* rtmp2sink puts the GIO error under its own in the debug text:
 * "domain g-io-error-quark, code 39". */
static gboolean
inner_error (const char *debug,
             GQuark     *domain,
             int        *code)
{
  const char *at = debug ? strstr (debug, "domain ") : NULL;
  char name[64];

  if (at == NULL || sscanf (at, "domain %63[^,], code %d", name, code) != 2)
    return FALSE;
  *domain = g_quark_from_string (name);
  return TRUE;
}

static gboolean
mentions (const GError *gst_error,
          const char   *debug,
          const char   *text)
{
  return strstr (gst_error->message, text) != NULL ||
         (debug != NULL && strstr (debug, text) != NULL);
}

GError *
sc_gst_rtmp_error (const GError *gst_error,
                   const char   *debug,
                   const char   *server,
                   ScGstPhase    phase)
{
  GQuark domain = 0;
  int code = 0;
  gboolean has_inner = inner_error (debug, &domain, &code);

  g_debug ("RTMP to %s: %s (%s)", server, gst_error->message, debug ? debug : "");

  /* A server that accepts the connection and then closes it when asked to
   * publish refuses this stream key (nginx-rtmp on_publish, the platforms). */
  if (g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED) ||
      (phase == SC_GST_PHASE_CONNECTING && mentions (gst_error, debug, "'publish' cmd failed")))
    return g_error_new_literal (SC_MEDIA_ERROR, SC_MEDIA_ERROR_KEY_REFUSED,
                                _("The server refused the stream key"));
  if ((has_inner && domain == G_IO_ERROR && code == G_IO_ERROR_CONNECTION_REFUSED) ||
      mentions (gst_error, debug, "Connection refused"))
    return g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_CONNECTION_REFUSED,
                        _("Could not connect to %s: connection refused"), server);
  if ((has_inner && domain == G_RESOLVER_ERROR) || mentions (gst_error, debug, "resolving"))
    return g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_HOST_NOT_FOUND,
                        _("Could not connect to %s: the server was not found"), server);
  if (has_inner && domain == G_IO_ERROR && code == G_IO_ERROR_TIMED_OUT)
    return g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_TIMEOUT,
                        _("Could not connect to %s: no answer in time"), server);
  if (has_inner && domain == G_IO_ERROR &&
      (code == G_IO_ERROR_HOST_UNREACHABLE || code == G_IO_ERROR_NETWORK_UNREACHABLE))
    return g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_CONNECTION_REFUSED,
                        _("Could not connect to %s: the network cannot reach it"), server);
  if (phase == SC_GST_PHASE_LIVE)
    return g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_CONNECTION_LOST,
                        _("The connection to %s was lost"), server);
  return g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_OUTPUT,
                      _("Could not connect to %s"), server);
}

/* srtsink says what failed: libsrt's reject reason ("Incorrect passphrase",
 * "Peer rejected connection", "Connection timeout") or "Socket is broken or
 * closed" once the peer is gone. */
GError *
sc_gst_srt_error (const GError *gst_error,
                  const char   *debug,
                  const char   *server,
                  ScGstPhase    phase)
{
  /* srtsink puts libsrt's words in the message, GStreamer's in the debug. */
  g_autofree char *both = g_strconcat (gst_error->message, "\n", debug ? debug : "", NULL);
  g_autofree char *text = g_ascii_strdown (both, -1);

  g_debug ("SRT to %s: %s (%s)", server, gst_error->message, debug ? debug : "");

  if (g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED) ||
      strstr (text, "authenticate") != NULL || strstr (text, "passphrase") != NULL ||
      strstr (text, "password required") != NULL)
    return g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_KEY_REFUSED,
                        _("%s refused the stream: the SRT passphrase is wrong or missing"),
                        server);
  /* A listener that rejects the handshake closes the socket before srtsink
   * asks why; a listener that is not there times out instead. */
  if (phase == SC_GST_PHASE_CONNECTING &&
      (strstr (text, "rejected") != NULL || strstr (text, "rejection") != NULL ||
       strstr (text, "does not exist") != NULL))
    return g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_KEY_REFUSED,
                        _("%s refused the stream: check the SRT passphrase and streamid"),
                        server);
  if (strstr (text, "resolve") != NULL)
    return g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_HOST_NOT_FOUND,
                        _("Could not connect to %s: the server was not found"), server);
  if (phase == SC_GST_PHASE_LIVE)
    return g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_CONNECTION_LOST,
                        _("The connection to %s was lost"), server);
  if (strstr (text, "timeout") != NULL || strstr (text, "timed out") != NULL)
    return g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_TIMEOUT,
                        _("Could not connect to %s: no answer in time"), server);
  return g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_OUTPUT,
                      _("Could not connect to %s"), server);
}

GError *
sc_gst_recording_error (const GError *gst_error,
                        const char   *debug,
                        const char   *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_debug ("recording %s: %s (%s)", path, gst_error->message, debug ? debug : "");

  /* A file-size limit (EFBIG) is the same to the user: no more room. */
  if (g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT) ||
      (g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_WRITE) &&
       (mentions (gst_error, debug, g_strerror (ENOSPC)) ||
        mentions (gst_error, debug, g_strerror (EFBIG)))))
    return g_error_new_literal (SC_MEDIA_ERROR, SC_MEDIA_ERROR_DISK_FULL,
                                _("Disk full: recording stopped"));
  if (g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_WRITE) ||
      g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ_WRITE) ||
      g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED))
    return g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_NOT_WRITABLE,
                        _("Cannot write to the folder “%s”: recording stopped"), dir);
  return g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_OUTPUT,
                      _("Could not write the recording “%s”: recording stopped"), path);
}

GstClockTime
sc_gst_running_time (const GstSegment *segment,
                     GstClockTime      ts)
{
  if (!GST_CLOCK_TIME_IS_VALID (ts) || segment == NULL || segment->format != GST_FORMAT_TIME)
    return ts;
  return gst_segment_to_running_time (segment, GST_FORMAT_TIME, ts);
}

GstElement *
sc_gst_make_appsrc (const char  *name,
                    guint64      max_bytes,
                    GError     **error)
{
  GstElement *src = sc_gst_make ("appsrc", name, error);

  if (src != NULL)
    g_object_set (src,
                  "format", GST_FORMAT_TIME,
                  "is-live", FALSE,
                  "block", FALSE,
                  "max-bytes", max_bytes,
                  NULL);
  return src;
}

void
sc_gst_app_src_push (GstAppSrc *src,
                     GstCaps   *caps,
                     GstBuffer *buffer)
{
  g_autoptr(GstCaps) current = gst_app_src_get_caps (src);

  if (caps != NULL && (current == NULL || !gst_caps_is_equal (current, caps)))
    gst_app_src_set_caps (src, caps);
  gst_app_src_push_buffer (src, buffer);
}
