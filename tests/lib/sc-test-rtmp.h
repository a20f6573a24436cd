/* sc-test-rtmp.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

/* The generic parts of the harness; included here so the tests written
 * against this header keep building. */
#include "sc-test-events.h"
#include "sc-test-process.h"
#include "sc-test-util.h"

G_BEGIN_DECLS

/* Test harness: a private nginx-rtmp server on a free loopback port that records
 * every published stream, plus ffprobe helpers to check what arrived. GLib only,
 * so it links into any test. Waits iterate the thread-default main context. */

/* nginx and its RTMP module (libnginx-mod-rtmp), reported missing as
 * sc_test_report_missing() does. */
gboolean          sc_test_require_rtmp_server      (void);

typedef struct _ScTestRtmpServer ScTestRtmpServer;

/* Starts nginx on 127.0.0.1:<free port> in a fresh temporary directory. Every
 * stream published to rtmp://127.0.0.1:PORT/live/NAME is recorded as one file
 * per publish: DIR/rec/NAME-<unix seconds>.flv (two publishes of one name that
 * start in the same second share, and overwrite, one file). */
ScTestRtmpServer *sc_test_rtmp_server_new          (GError           **error);
guint16           sc_test_rtmp_server_get_port     (ScTestRtmpServer  *self);
/* The temporary directory: nginx.conf, error.log, access.log, rec/. */
const char       *sc_test_rtmp_server_get_dir      (ScTestRtmpServer  *self);
gboolean          sc_test_rtmp_server_is_running   (ScTestRtmpServer  *self);
/* "rtmp://127.0.0.1:PORT/live/@name" */
char             *sc_test_rtmp_server_get_url      (ScTestRtmpServer  *self,
                                                    const char        *name);
/* SIGTERM, then waits for the exit: the port is free and every connected
 * client has seen its connection close when this returns. */
void              sc_test_rtmp_server_stop         (ScTestRtmpServer  *self);
/* Starts again on the same port with the same directory and recordings. */
gboolean          sc_test_rtmp_server_restart      (ScTestRtmpServer  *self,
                                                    GError           **error);
/* Absolute paths of all recorded pieces of stream @name, oldest first. */
GPtrArray        *sc_test_rtmp_server_list_recordings (ScTestRtmpServer *self,
                                                       const char       *name);
/* How many times stream @name was published since the server was made
 * (restarts included), as nginx logged it. */
guint             sc_test_rtmp_server_count_publishes (ScTestRtmpServer *self,
                                                       const char       *name);
/* Waits until stream @name was published at least @count times in all. */
gboolean          sc_test_rtmp_server_wait_for_publish (ScTestRtmpServer *self,
                                                        const char       *name,
                                                        guint             count,
                                                        double           timeout_s);
/* Waits until no client is connected and no recording is open, so every
 * recorded piece is complete on disk. */
gboolean          sc_test_rtmp_server_wait_idle    (ScTestRtmpServer  *self,
                                                    double             timeout_s);
/* Like sc_test_rtmp_server_new(), and every publish is first put to
 * @on_publish_url (nginx-rtmp on_publish: an HTTP POST; a 2xx answer lets
 * the stream in, anything else closes the connection). */
ScTestRtmpServer *sc_test_rtmp_server_new_with_on_publish (const char  *on_publish_url,
                                                           GError     **error);
/* Like sc_test_rtmp_server_new(), and every stream published to it is also
 * pushed on to @push_url (nginx-rtmp push: a relay that fans out), e.g.
 * "rtmp://127.0.0.1:PORT/live" publishes there under the same stream name. */
ScTestRtmpServer *sc_test_rtmp_server_new_with_push (const char  *push_url,
                                                     GError     **error);
/* Stops the server and deletes its directory unless SHOPCAST_TEST_KEEP is set. */
void              sc_test_rtmp_server_free         (ScTestRtmpServer  *self);

typedef struct {
  char   *codec_type;       /* "video", "audio", "data" */
  char   *codec_name;       /* "h264", "aac" */
  char   *profile;          /* "High", "LC"; NULL if none */
  int     width;            /* video; 0 otherwise */
  int     height;
  double  avg_frame_rate;   /* frames per second; 0 when unknown */
  double  r_frame_rate;
  int     sample_rate;      /* audio; 0 otherwise */
  int     channels;
  double  duration;         /* seconds; -1 when the stream has none */
} ScTestProbeStream;

typedef struct {
  char      *format_name;   /* "flv", "matroska,webm", "mov,mp4,m4a,3gp,3g2,mj2" */
  double     duration;      /* seconds; -1 when the container has none */
  GPtrArray *streams;       /* ScTestProbeStream *, in file order */
} ScTestProbe;

/* ffprobe -show_format -show_streams. */
ScTestProbe             *sc_test_ffprobe           (const char        *path_or_url,
                                                    GError           **error);
/* The first stream of @codec_type ("video", "audio"), or NULL. */
const ScTestProbeStream *sc_test_probe_get_stream  (const ScTestProbe *probe,
                                                    const char        *codec_type);
void                     sc_test_probe_free        (ScTestProbe       *probe);

/* Timing of the packets actually in a file: files written live (FLV from
 * nginx, MKV) may carry no duration, and a gap shows a stall or a reconnect. */
typedef struct {
  guint  n_packets;
  double first_pts;         /* seconds */
  double last_pts;
  double span;              /* last_pts - first_pts */
  double max_gap;           /* largest step between consecutive pts */
  double max_gap_at;        /* pts where that step ends */
} ScTestPacketSpan;

/* @select_streams is an ffprobe stream specifier ("v", "a", "v:0"); NULL is "v".
 * Fails when the selection holds no packet with a timestamp. */
gboolean                 sc_test_ffprobe_packet_duration (const char       *path_or_url,
                                                          const char       *select_streams,
                                                          ScTestPacketSpan *span,
                                                          GError          **error);

/* Whether the first video packet of a file is a keyframe (decodes alone). */
gboolean                 sc_test_ffprobe_first_video_is_keyframe (const char  *path_or_url,
                                                                  gboolean    *keyframe,
                                                                  GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScTestRtmpServer, sc_test_rtmp_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScTestProbe, sc_test_probe_free)

G_END_DECLS
