/* sc-gst-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/app/gstappsrc.h>
#include <gst/gst.h>

G_BEGIN_DECLS

/* gst_element_factory_make() that reports a missing plugin in a
 * SC_MEDIA_ERROR_MISSING_PLUGIN error instead of returning a bare NULL. */
GstElement *sc_gst_make            (const char  *factory,
                                    const char  *name,
                                    GError     **error);
gboolean    sc_gst_has_element     (const char  *factory);
/* An appsrc for encoded samples handed over from another pipeline: TIME
 * format, not live, never blocking the thread that pushes, @max_bytes
 * queued at most (the caller drops before that). */
GstElement *sc_gst_make_appsrc     (const char  *name,
                                    guint64      max_bytes,
                                    GError     **error);
/* Whether the pipeline will find its encoder: @name when it is set, else
 * one of those it picks from (x264enc, vah264enc, openh264enc for video;
 * fdkaacenc, avenc_aac, voaacenc for audio). SC_MEDIA_ERROR_MISSING_PLUGIN
 * in plain words otherwise. Initialises GStreamer when needed. */
gboolean    sc_gst_check_encoder   (const char  *name,
                                    gboolean     video,
                                    GError     **error);
/* Pushes @buffer (taken) into @src, first giving @src the sample's @caps
 * when they are new. */
void        sc_gst_app_src_push    (GstAppSrc   *src,
                                    GstCaps     *caps,
                                    GstBuffer   *buffer);
/* @ts in the running time of @segment: encoders shift their segment
 * (x264enc starts at 1000 hours so DTS can precede PTS), audio does not.
 * @ts as it is without a TIME segment. */
GstClockTime sc_gst_running_time   (const GstSegment *segment,
                                    GstClockTime      ts);
/* Maps an error message posted on a bus to SC_MEDIA_ERROR @code with the
 * element's own text (logged, for sources whose text is all we have). */
GError     *sc_gst_error_from_message (GstMessage *message,
                                       int         code);

/* What an output knows about itself when its sink fails. */
typedef enum {
  SC_GST_PHASE_CONNECTING,   /* not yet accepted by the server */
  SC_GST_PHASE_LIVE,         /* data was flowing */
} ScGstPhase;

/* Maps an error from an RTMP sink (GStreamer error, its debug text) onto a
 * typed SC_MEDIA_ERROR with a plain message naming @server ("host:port"). */
GError     *sc_gst_rtmp_error      (const GError *gst_error,
                                    const char   *debug,
                                    const char   *server,
                                    ScGstPhase    phase);
/* The same for srtsink (caller mode) sending to @server: a passphrase or
 * streamid the server rejects is SC_MEDIA_ERROR_KEY_REFUSED. */
GError     *sc_gst_srt_error       (const GError *gst_error,
                                    const char   *debug,
                                    const char   *server,
                                    ScGstPhase    phase);
/* The same for the recording's muxer or file sink writing @path. */
GError     *sc_gst_recording_error (const GError *gst_error,
                                    const char   *debug,
                                    const char   *path);

G_END_DECLS
