/* sc-source-bin.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-source-bin"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gst/video/video.h>
#include <glib/gi18n.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "overlay/sc-image-loader.h"
#include "sc-gst-util.h"
#include "sc-media-error.h"
#include "sc-source-bin.h"


/* Links @elements in order inside a new bin and ghosts the last src pad. */
static GstElement *
make_chain_bin (const char  *name,
                GstElement **elements,
                guint        n_elements)
{
  GstElement *bin = gst_bin_new (name);
  g_autoptr(GstPad) src = NULL;

  for (guint i = 0; i < n_elements; i++)
    gst_bin_add (GST_BIN (bin), elements[i]);
  for (guint i = 1; i < n_elements; i++)
    if (!gst_element_link (elements[i - 1], elements[i]))
      g_error ("could not link %s to %s", GST_ELEMENT_NAME (elements[i - 1]),
               GST_ELEMENT_NAME (elements[i]));

  src = gst_element_get_static_pad (elements[n_elements - 1], "src");
  gst_element_add_pad (bin, gst_ghost_pad_new ("src", src));
  return bin;
}

static GstPadProbeReturn
drop_reconfigure_cb (GstPad          *pad,
                     GstPadProbeInfo *info,
                     gpointer         user_data)
{
  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_RECONFIGURE)
    return GST_PAD_PROBE_DROP;
  return GST_PAD_PROBE_OK;
}

/* A new slot size (sc_source_bin_fit()) is the scaler's business alone: it
 * renegotiates its output from the same input. The reconfigure event stops
 * at it, so the camera or the screen capture is not asked to renegotiate
 * its own stream (for pipewiresrc, a new format round with PipeWire) each
 * time the layout changes. */
static void
stop_reconfigure_at (GstElement *scale)
{
  g_autoptr(GstPad) sink = gst_element_get_static_pad (scale, "sink");

  gst_pad_add_probe (sink, GST_PAD_PROBE_TYPE_EVENT_UPSTREAM, drop_reconfigure_cb, NULL, NULL);
}

static void
unref_elements (GstElement **elements,
                guint        n_elements)
{
  for (guint i = 0; i < n_elements; i++)
    if (elements[i] != NULL)
      gst_object_unref (gst_object_ref_sink (elements[i]));
}

/* The capsfilter that sets the size of what a source delivers, in the
 * sources whose picture can be made at any size (sc_source_bin_fit()). */
#define SIZE_FILTER "size"

/* Sets a capsfilter's caps and drops our reference to them. */
static void
set_caps (GstElement *capsfilter,
          GstCaps    *caps)
{
  g_object_set (capsfilter, "caps", caps, NULL);
  gst_caps_unref (caps);
}

/* Every source's frames carry the colorimetry a frame of the canvas's size
 * has (BT.709 for HD), whatever their own size: a picture-in-picture drawn
 * at 576x324 would otherwise be BT.601, the compositor would pick that for
 * the canvas, and then convert the full-size host's frames, every frame. */
static void
set_canvas_colorimetry (GstCaps                *caps,
                        const ScEncodingConfig *encoding)
{
  GstVideoInfo info;
  g_autofree char *colorimetry = NULL;
  g_autofree char *chroma_site = NULL;

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_I420, encoding->width, encoding->height);
  colorimetry = gst_video_colorimetry_to_string (&GST_VIDEO_INFO_COLORIMETRY (&info));
  chroma_site = gst_video_chroma_site_to_string (GST_VIDEO_INFO_CHROMA_SITE (&info));
  if (colorimetry != NULL)
    gst_caps_set_simple (caps, "colorimetry", G_TYPE_STRING, colorimetry, NULL);
  if (chroma_site != NULL)
    gst_caps_set_simple (caps, "chroma-site", G_TYPE_STRING, chroma_site, NULL);
}

static GstCaps *
video_caps (const ScEncodingConfig *encoding,
            gboolean                fixed_size)
{
  GstCaps *caps;

  if (fixed_size)
    caps = gst_caps_new_simple ("video/x-raw",
                                "format", G_TYPE_STRING, "I420",
                                "width", G_TYPE_INT, encoding->width,
                                "height", G_TYPE_INT, encoding->height,
                                "framerate", GST_TYPE_FRACTION, encoding->fps, 1,
                                "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                                NULL);
  else
    caps = gst_caps_new_simple ("video/x-raw",
                                "format", G_TYPE_STRING, "I420",
                                "width", GST_TYPE_INT_RANGE, 16, encoding->width,
                                "height", GST_TYPE_INT_RANGE, 16, encoding->height,
                                "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                                NULL);
  set_canvas_colorimetry (caps, encoding);
  return caps;
}

/* Devices are opened here, synchronously but only up to READY, which for
 * v4l2src, ximagesrc and pulsesrc means opening the device or the server. */
static gboolean
open_device (GstElement  *element,
             const char  *what,
             GError     **error)
{
  if (gst_element_set_state (element, GST_STATE_READY) == GST_STATE_CHANGE_FAILURE)
    {
      gst_element_set_state (element, GST_STATE_NULL);
      g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_SOURCE,
                   _("Could not open the %s"), what);
      return FALSE;
    }
  return TRUE;
}

static GstElement *
make_test_pattern (const ScSourceConfig   *config,
                   const ScEncodingConfig *encoding,
                   GError                **error)
{
  GstElement *e[2] = { NULL, };

  if (!(e[0] = sc_gst_make ("videotestsrc", NULL, error)) ||
      !(e[1] = sc_gst_make ("capsfilter", SIZE_FILTER, error)))
    {
      unref_elements (e, G_N_ELEMENTS (e));
      return NULL;
    }
  g_object_set (e[0], "is-live", TRUE, NULL);
  if (config->pattern != NULL)
    gst_util_set_object_arg (G_OBJECT (e[0]), "pattern", config->pattern);
  set_caps (e[1], video_caps (encoding, TRUE));
  return make_chain_bin (config->id, e, G_N_ELEMENTS (e));
}

/* One image loader for the overlay and the video: the same size and pixel
 * limits, a picture too large refused by its header before decoding. */
static GdkPixbuf *
load_image (const char  *path,
            int          max_width,
            int          max_height,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GdkPixbuf *pixbuf;

  if (path == NULL)
    {
      g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_SOURCE, _("No image was given"));
      return NULL;
    }
  pixbuf = sc_image_load_pixbuf (path, max_width, max_height, &local_error);
  if (pixbuf == NULL)
    g_set_error_literal (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_SOURCE, local_error->message);
  return pixbuf;
}

/* gdkpixbufoverlay (gst-plugins-good 1.22) keeps a reference to the pixbuf
 * it was given and never drops it when it is finalised: a whole frame
 * (2 MB at 720p) lost each time a show with an image source starts
 * (LeakSanitizer, test-pipeline). The bin keeps the element until the bin
 * itself is finalised, then takes the pixbuf back from it, which drops the
 * element's reference, and lets it go. */
static void
release_pixbuf_overlay (gpointer data)
{
  GstElement *overlay = data;

  g_object_set (overlay, "pixbuf", NULL, NULL);
  gst_object_unref (overlay);
}

/* A still image is drawn over a live solid background rather than frozen
 * with imagefreeze, which would not pass on the end-of-stream that ends a show. */
static GstElement *
make_image (const ScSourceConfig   *config,
            const ScEncodingConfig *encoding,
            GError                **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  GstElement *e[3] = { NULL, };
  GstElement *bin;
  int w, h;

  pixbuf = load_image (config->path, encoding->width, encoding->height, error);
  if (pixbuf == NULL)
    return NULL;

  if (!(e[0] = sc_gst_make ("videotestsrc", NULL, error)) ||
      !(e[1] = sc_gst_make ("capsfilter", NULL, error)) ||
      !(e[2] = sc_gst_make ("gdkpixbufoverlay", NULL, error)))
    {
      unref_elements (e, G_N_ELEMENTS (e));
      return NULL;
    }
  w = gdk_pixbuf_get_width (pixbuf);
  h = gdk_pixbuf_get_height (pixbuf);
  g_object_set (e[0], "is-live", TRUE, "pattern", 17 /* solid-color */,
                "foreground-color", 0xff101014, NULL);
  set_caps (e[1], video_caps (encoding, TRUE));
  g_object_set (e[2], "pixbuf", pixbuf,
                "offset-x", (encoding->width - w) / 2,
                "offset-y", (encoding->height - h) / 2,
                NULL);
  bin = make_chain_bin (config->id, e, G_N_ELEMENTS (e));
  g_object_set_data_full (G_OBJECT (bin), "sc-pixbuf-overlay", gst_object_ref (e[2]),
                          release_pixbuf_overlay);
  return bin;
}

static GstDevice *
find_camera (const char *wanted)
{
  g_autoptr(GstDeviceMonitor) monitor = gst_device_monitor_new ();
  GList *devices;
  GstDevice *found = NULL;

  gst_device_monitor_add_filter (monitor, "Video/Source", NULL);
  /* A probe, not start/stop: PipeWire's device provider (0.3.65) frees a
   * proxy twice when it is stopped while its thread loop still handles the
   * connection (AddressSanitizer: double free in gst_device_monitor_stop).
   * Probing a monitor that is not started asks each provider once, on this
   * thread, and closes its connection before it returns. */
  devices = gst_device_monitor_get_devices (monitor);

  for (GList *l = devices; l != NULL && found == NULL; l = l->next)
    {
      GstDevice *device = l->data;
      g_autofree char *name = gst_device_get_display_name (device);
      g_autoptr(GstStructure) props = gst_device_get_properties (device);
      const char *path = NULL;

      if (props != NULL)
        {
          path = gst_structure_get_string (props, "api.v4l2.path");
          if (path == NULL)
            path = gst_structure_get_string (props, "device.path");
        }
      if (wanted == NULL || g_strcmp0 (wanted, path) == 0 || g_strcmp0 (wanted, name) == 0)
        found = gst_object_ref (device);
    }
  g_list_free_full (devices, gst_object_unref);
  return found;
}

/* In the sandbox: the camera portal's PipeWire remote and the node the
 * studio picked on it, into the same convert, scale and caps chain. */
static GstElement *
make_portal_camera (const ScSourceConfig   *config,
                    const ScEncodingConfig *encoding,
                    GError                **error)
{
  g_autofree char *node = g_strdup_printf ("%u", config->pipewire_node);
  GstElement *e[4] = { NULL, };
  int fd;

  if (!(e[0] = sc_gst_make ("pipewiresrc", NULL, error)) ||
      !(e[1] = sc_gst_make ("videoconvert", NULL, error)) ||
      !(e[2] = sc_gst_make ("videoscale", NULL, error)) ||
      !(e[3] = sc_gst_make ("capsfilter", SIZE_FILTER, error)))
    {
      unref_elements (e, G_N_ELEMENTS (e));
      return NULL;
    }
  stop_reconfigure_at (e[2]);
  /* pipewiresrc closes the fd it is given with its connection. */
  fd = dup (config->pipewire_fd);
  if (fd < 0)
    {
      g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_SOURCE,
                   _("The camera connection is gone: %s"), g_strerror (errno));
      unref_elements (e, G_N_ELEMENTS (e));
      return NULL;
    }
  /* Copies: the camera's few buffers go back to it at once, whatever holds
   * the frame downstream (the compositor, a queue). */
  g_object_set (e[0], "fd", fd, "path", node, "do-timestamp", TRUE, "always-copy", TRUE,
                NULL);
  /* Its clock is not the show's: the pipeline keeps the system clock (as
   * for the screen, with pipewiresrc's clock the show did not drain). */
  GST_OBJECT_FLAG_UNSET (e[0], GST_ELEMENT_FLAG_PROVIDE_CLOCK);
  set_caps (e[3], video_caps (encoding, FALSE));
  if (!open_device (e[0], _("camera"), error))
    {
      unref_elements (e, G_N_ELEMENTS (e));
      return NULL;
    }
  return make_chain_bin (config->id, e, G_N_ELEMENTS (e));
}

static GstElement *
make_camera (const ScSourceConfig   *config,
             const ScEncodingConfig *encoding,
             GError                **error)
{
  g_autoptr(GstDevice) device = NULL;
  GstElement *e[4] = { NULL, };

  if (config->unavailable != NULL)
    {
      g_set_error_literal (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_SOURCE, config->unavailable);
      return NULL;
    }
  if (config->pipewire_fd >= 0)
    return make_portal_camera (config, encoding, error);
  device = find_camera (config->device);
  if (device == NULL)
    {
      if (config->device != NULL)
        g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_SOURCE,
                     _("The camera “%s” was not found"), config->device);
      else
        g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_SOURCE, _("No camera was found"));
      return NULL;
    }
  e[0] = gst_device_create_element (device, NULL);
  if (e[0] == NULL)
    {
      g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_SOURCE,
                   _("The camera could not be opened"));
      return NULL;
    }
  if (!(e[1] = sc_gst_make ("videoconvert", NULL, error)) ||
      !(e[2] = sc_gst_make ("videoscale", NULL, error)) ||
      !(e[3] = sc_gst_make ("capsfilter", SIZE_FILTER, error)))
    {
      unref_elements (e, G_N_ELEMENTS (e));
      return NULL;
    }
  stop_reconfigure_at (e[2]);
  set_caps (e[3], video_caps (encoding, FALSE));
  if (!open_device (e[0], _("camera"), error))
    {
      unref_elements (e, G_N_ELEMENTS (e));
      return NULL;
    }
  return make_chain_bin (config->id, e, G_N_ELEMENTS (e));
}

/* The portal's PipeWire stream, or the X11 root window: into the same
 * rate, convert, scale and caps chain. */
static GstElement *
make_screen (const ScSourceConfig   *config,
             const ScEncodingConfig *encoding,
             GError                **error)
{
  GstElement *e[5] = { NULL, };
  gboolean portal = config->pipewire_fd >= 0;
  GstCaps *rate;

  if (config->unavailable != NULL)
    {
      g_set_error_literal (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_SOURCE, config->unavailable);
      return NULL;
    }
  if (!portal && g_getenv ("DISPLAY") == NULL)
    {
      g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_SOURCE,
                   _("Screen capture needs an X11 display"));
      return NULL;
    }
  if (!(e[0] = sc_gst_make (portal ? "pipewiresrc" : "ximagesrc", NULL, error)) ||
      !(e[1] = sc_gst_make ("videorate", NULL, error)) ||
      !(e[2] = sc_gst_make ("videoconvert", NULL, error)) ||
      !(e[3] = sc_gst_make ("videoscale", NULL, error)) ||
      !(e[4] = sc_gst_make ("capsfilter", SIZE_FILTER, error)))
    {
      unref_elements (e, G_N_ELEMENTS (e));
      return NULL;
    }
  stop_reconfigure_at (e[3]);
  if (portal)
    {
      g_autofree char *node = g_strdup_printf ("%u", config->pipewire_node);
      /* pipewiresrc closes the fd it is given with its connection. */
      int fd = dup (config->pipewire_fd);

      if (fd < 0)
        {
          g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_SOURCE,
                       _("The screen capture connection is gone: %s"), g_strerror (errno));
          unref_elements (e, G_N_ELEMENTS (e));
          return NULL;
        }
      /* Screens send frames only when something changes: timestamps from the
       * pipeline clock and copies (the compositor reuses its buffers), and
       * videorate repeats the last frame at the show's rate. */
      g_object_set (e[0], "fd", fd, "path", node, "do-timestamp", TRUE,
                    "always-copy", TRUE, NULL);
      /* Its clock follows the compositor's frames, not the show's: the
       * pipeline keeps the system clock (with it, the show did not drain). */
      GST_OBJECT_FLAG_UNSET (e[0], GST_ELEMENT_FLAG_PROVIDE_CLOCK);
    }
  else
    g_object_set (e[0], "use-damage", FALSE, "show-pointer", TRUE, NULL);
  rate = video_caps (encoding, FALSE);
  gst_caps_set_simple (rate, "framerate", GST_TYPE_FRACTION, encoding->fps, 1, NULL);
  set_caps (e[4], rate);
  if (!open_device (e[0], _("screen"), error))
    {
      unref_elements (e, G_N_ELEMENTS (e));
      return NULL;
    }
  return make_chain_bin (config->id, e, G_N_ELEMENTS (e));
}

static GstElement *
make_audio (const ScSourceConfig   *config,
            const ScEncodingConfig *encoding,
            GError                **error)
{
  GstElement *e[5] = { NULL, };
  gboolean mic = config->kind == SC_SOURCE_MICROPHONE;

  if (!(e[0] = sc_gst_make (mic ? "pulsesrc" : "audiotestsrc", NULL, error)) ||
      !(e[1] = sc_gst_make ("audioconvert", NULL, error)) ||
      !(e[2] = sc_gst_make ("audioresample", NULL, error)) ||
      !(e[3] = sc_gst_make ("volume", NULL, error)) ||
      !(e[4] = sc_gst_make ("capsfilter", NULL, error)))
    {
      unref_elements (e, G_N_ELEMENTS (e));
      return NULL;
    }
  if (mic)
    {
      if (config->device != NULL)
        g_object_set (e[0], "device", config->device, NULL);
    }
  else
    g_object_set (e[0], "is-live", TRUE, "freq", config->frequency, NULL);
  g_object_set (e[3], "volume", config->volume, NULL);
  set_caps (e[4], gst_caps_new_simple ("audio/x-raw",
                                       "rate", G_TYPE_INT, encoding->audio_rate,
                                       "channels", G_TYPE_INT, 2, NULL));
  if (mic && !open_device (e[0], _("microphone"), error))
    {
      unref_elements (e, G_N_ELEMENTS (e));
      return NULL;
    }
  return make_chain_bin (config->id, e, G_N_ELEMENTS (e));
}

GstElement *
sc_source_bin_new (const ScSourceConfig   *config,
                   const ScEncodingConfig *encoding,
                   GError                **error)
{
  switch (config->kind)
    {
    case SC_SOURCE_TEST_PATTERN:
      return make_test_pattern (config, encoding, error);
    case SC_SOURCE_IMAGE:
      return make_image (config, encoding, error);
    case SC_SOURCE_CAMERA:
      return make_camera (config, encoding, error);
    case SC_SOURCE_SCREEN:
      return make_screen (config, encoding, error);
    case SC_SOURCE_MICROPHONE:
    case SC_SOURCE_TEST_TONE:
      return make_audio (config, encoding, error);
    default:
      g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_INVALID,
                   _("Unknown source kind %d"), config->kind);
      return NULL;
    }
}

GstElement *
sc_source_bin_new_slate (const ScSourceConfig   *config,
                         const ScEncodingConfig *encoding,
                         ScTranslation          *translation,
                         const char             *reason,
                         GError                **error)
{
  GstElement *e[3] = { NULL, };
  g_autofree char *text = NULL;
  g_autofree char *font = NULL;
  g_autofree char *name = g_strconcat (config->id, "-slate", NULL);
  const char *label = config->label ? config->label : config->id;

  if (!(e[0] = sc_gst_make ("videotestsrc", NULL, error)) ||
      !(e[1] = sc_gst_make ("capsfilter", NULL, error)) ||
      !(e[2] = sc_gst_make ("textoverlay", NULL, error)))
    {
      unref_elements (e, G_N_ELEMENTS (e));
      return NULL;
    }
  if (translation != NULL)
    /* TRANSLATORS: shown on the video in place of a source, e.g. "Camera — not available" */
    text = g_strdup_printf (sc_translation_gettext (translation, "%s — not available"), label);
  else
    text = g_strdup_printf (_("%s — not available"), label);
  font = g_strdup_printf ("Cantarell Bold %d", MAX (10, encoding->height / 32));
  g_object_set (e[0], "is-live", TRUE, "pattern", 17 /* solid-color */,
                "foreground-color", 0xff2a2a33, NULL);
  set_caps (e[1], video_caps (encoding, TRUE));
  g_object_set (e[2], "text", text, "font-desc", font,
                "valignment", 4 /* center */, "halignment", 1 /* center */,
                "shaded-background", FALSE, "draw-shadow", FALSE,
                "auto-resize", FALSE, "color", 0xffc0c0c8, NULL);
  g_debug ("slate for %s: %s", config->id, reason);
  return make_chain_bin (name, e, G_N_ELEMENTS (e));
}

GstElement *
sc_source_bin_new_silence (const ScEncodingConfig *encoding,
                           GError                **error)
{
  g_autoptr(ScSourceConfig) silence = sc_source_config_new ("silence", SC_SOURCE_TEST_TONE);
  GstElement *bin = make_audio (silence, encoding, error);

  if (bin != NULL)
    {
      g_autoptr(GstIterator) it = gst_bin_iterate_sources (GST_BIN (bin));
      GValue item = G_VALUE_INIT;

      if (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
        {
          g_object_set (g_value_get_object (&item), "wave", 4 /* silence */, NULL);
          g_value_unset (&item);
        }
    }
  return bin;
}

/* A fixed size becomes @size; a range of sizes becomes 16 up to @size (up
 * to 18 when @size is 16: a range needs two ends). The caller makes @size
 * even and at least 16. */
static gboolean
fit_field (GstStructure *structure,
           const char   *field,
           int           size)
{
  const GValue *value = gst_structure_get_value (structure, field);

  if (value == NULL)
    return FALSE;
  if (G_VALUE_HOLDS_INT (value))
    {
      if (g_value_get_int (value) == size)
        return FALSE;
      gst_structure_set (structure, field, G_TYPE_INT, size, NULL);
      return TRUE;
    }
  if (GST_VALUE_HOLDS_INT_RANGE (value))
    {
      if (gst_value_get_int_range_max (value) == MAX (size, 18))
        return FALSE;
      gst_structure_set (structure, field, GST_TYPE_INT_RANGE, 16, MAX (size, 18), NULL);
      return TRUE;
    }
  return FALSE;
}

gboolean
sc_source_bin_fit (GstElement *bin,
                   int         width,
                   int         height)
{
  g_autoptr(GstElement) filter = NULL;
  g_autoptr(GstCaps) caps = NULL;
  gboolean changed = FALSE;

  g_return_val_if_fail (GST_IS_BIN (bin), FALSE);

  filter = gst_bin_get_by_name (GST_BIN (bin), SIZE_FILTER);
  if (filter == NULL)
    return FALSE;
  /* The smallest size sources are asked for (video_caps()). */
  width = MAX (width, 16);
  height = MAX (height, 16);
  g_object_get (filter, "caps", &caps, NULL);
  if (caps == NULL || gst_caps_is_any (caps))
    return FALSE;
  caps = gst_caps_make_writable (caps);
  for (guint i = 0; i < gst_caps_get_size (caps); i++)
    {
      GstStructure *structure = gst_caps_get_structure (caps, i);

      changed |= fit_field (structure, "width", width & ~1);
      changed |= fit_field (structure, "height", height & ~1);
    }
  if (changed)
    g_object_set (filter, "caps", caps, NULL);
  return changed;
}
