/* sc-recording-chapters.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-recording-chapters"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "sc-media-error.h"
#include "sc-recording-chapters.h"

static GstToc *
make_toc (const double       *starts,
          const char * const *titles,
          guint               n,
          double              end)
{
  GstToc *toc = gst_toc_new (GST_TOC_SCOPE_GLOBAL);
  GstTocEntry *edition = gst_toc_entry_new (GST_TOC_ENTRY_TYPE_EDITION, "shopcast");

  gst_toc_entry_set_start_stop_times (edition, 0, (gint64)(MAX (end, 0) * GST_SECOND));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *uid = g_strdup_printf ("chapter-%u", i + 1);
      GstTocEntry *chapter = gst_toc_entry_new (GST_TOC_ENTRY_TYPE_CHAPTER, uid);
      gint64 start = (gint64)(MAX (starts[i], 0) * GST_SECOND);
      gint64 stop = (gint64)(MAX (i + 1 < n ? starts[i + 1] : end, starts[i]) * GST_SECOND);

      gst_toc_entry_set_start_stop_times (chapter, start, stop);
      gst_toc_entry_set_tags (chapter, gst_tag_list_new (GST_TAG_TITLE, titles[i], NULL));
      gst_toc_entry_append_sub_entry (edition, chapter);
    }
  gst_toc_append_entry (toc, edition);
  return toc;
}

/* The file's own TOC (an earlier run's chapters) would replace ours. */
static GstPadProbeReturn
drop_toc_cb (GstPad          *pad,
             GstPadProbeInfo *info,
             gpointer         data)
{
  return GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_TOC ? GST_PAD_PROBE_DROP
                                                                         : GST_PAD_PROBE_OK;
}

/* Each stream of the demuxer to a new pad of the muxer, as it was. */
static void
pad_added_cb (GstElement *demux,
              GstPad     *pad,
              GstElement *mux)
{
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  g_autoptr(GstPad) sink = NULL;
  g_autoptr(GstPad) queue_sink = NULL;
  g_autoptr(GstPad) queue_src = NULL;
  GstElement *queue;
  const char *name;
  const char *template;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  name = caps != NULL && !gst_caps_is_empty (caps)
         ? gst_structure_get_name (gst_caps_get_structure (caps, 0)) : "";
  template = g_str_has_prefix (name, "video/") ? "video_%u"
             : g_str_has_prefix (name, "audio/") ? "audio_%u" : "subtitle_%u";
  /* One thread pushes every stream: a queue each, or the muxer, waiting
   * for the audio while the video push holds that thread, never gets it. */
  queue = gst_element_factory_make ("queue", NULL);
  sink = gst_element_request_pad_simple (mux, template);
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, drop_toc_cb, NULL, NULL);
  if (queue != NULL)
    {
      g_object_set (queue, "max-size-buffers", 0, "max-size-bytes", 0,
                    "max-size-time", (guint64)0, NULL);
      gst_bin_add (GST_BIN (GST_ELEMENT_PARENT (demux)), queue);
      gst_element_sync_state_with_parent (queue);
      queue_sink = gst_element_get_static_pad (queue, "sink");
      queue_src = gst_element_get_static_pad (queue, "src");
    }
  if (sink == NULL || queue_sink == NULL || gst_pad_link (pad, queue_sink) != GST_PAD_LINK_OK ||
      gst_pad_link (queue_src, sink) != GST_PAD_LINK_OK)
    {
      g_autoptr(GError) error = g_error_new (GST_STREAM_ERROR, GST_STREAM_ERROR_FORMAT,
                                             "cannot copy its %s stream", name);

      gst_element_post_message (demux, gst_message_new_error (GST_OBJECT (demux), error, NULL));
    }
}

gboolean
sc_recording_write_chapters (const char         *path,
                             const double       *starts,
                             const char * const *titles,
                             guint               n,
                             double              end,
                             GError            **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  g_autoptr(GstToc) toc = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  GstElement *src, *demux, *mux, *sink;
  gboolean ok = FALSE;

  g_return_val_if_fail (path != NULL, FALSE);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp = g_strdup_printf ("%s/.%s.chapters-%u.mkv", dir, base, (guint)g_random_int ());

  pipeline = gst_pipeline_new ("sc-recording-chapters");
  src = gst_element_factory_make ("filesrc", NULL);
  demux = gst_element_factory_make ("matroskademux", NULL);
  mux = gst_element_factory_make ("matroskamux", NULL);
  sink = gst_element_factory_make ("filesink", NULL);
  if (src == NULL || demux == NULL || mux == NULL || sink == NULL)
    {
      g_set_error_literal (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_MISSING_PLUGIN,
                           _("Cannot write chapters: the Matroska elements of GStreamer are missing"));
      g_clear_pointer (&src, gst_object_unref);
      g_clear_pointer (&demux, gst_object_unref);
      g_clear_pointer (&mux, gst_object_unref);
      g_clear_pointer (&sink, gst_object_unref);
      return FALSE;
    }
  gst_object_ref_sink (pipeline);
  g_object_set (src, "location", path, NULL);
  g_object_set (sink, "location", tmp, NULL);
  gst_bin_add_many (GST_BIN (pipeline), src, demux, mux, sink, NULL);
  gst_element_link (src, demux);
  gst_element_link (mux, sink);
  g_signal_connect (demux, "pad-added", G_CALLBACK (pad_added_cb), mux);

  /* Before the first buffer: matroskamux writes the TOC with its header. */
  toc = make_toc (starts, titles, n, end);
  gst_toc_setter_set_toc (GST_TOC_SETTER (mux), toc);

  bus = gst_element_get_bus (pipeline);
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) != GST_STATE_CHANGE_FAILURE)
    message = gst_bus_timed_pop_filtered (bus, GST_CLOCK_TIME_NONE,
                                          GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  if (message != NULL && GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
    ok = TRUE;
  else
    {
      g_autoptr(GError) gst_error = NULL;

      if (message != NULL)
        gst_message_parse_error (message, &gst_error, NULL);
      g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_OUTPUT,
                   _("Cannot write chapters into %s: %s"), path,
                   gst_error ? gst_error->message : _("the file could not be read"));
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);

  if (ok && g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_OUTPUT,
                   _("Cannot write chapters into %s: %s"), path, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (tmp);
  return ok;
}
