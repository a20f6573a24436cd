/* sc-output.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-output"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/app/gstappsrc.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/sockios.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#endif

#include "base/sc-backoff.h"
#include "sc-flv-mux.h"
#include "sc-gst-util.h"
#include "sc-media-error.h"
#include "sc-output-private.h"

/* The RTMP chunk size the destinations announce (OBS's too). */
#define RTMP_CHUNK_SIZE 4096
/* How long a clean finish may take before the output is torn down anyway. */
#define FINISH_TIMEOUT_MS 8000
/* How often a connecting output looks whether its server took the stream. */
#define LIVE_POLL_MS 100
/* Buffers whose byte position and time the sink probe remembers: about ten
 * seconds of stream, to find which stream time still waits in the kernel. */
#define SENT_RING 1024

/* Random spread of each retry delay: ±10% keeps successive delays growing
 * (factor 1.5) while outputs that lost one server come back apart. */
#define RETRY_JITTER 0.1

struct _ScOutput
{
  GObject            parent_instance;

  gboolean           recording;
  gboolean           srt;            /* MPEG-TS over SRT instead of FLV over RTMP */
  ScSrtUrl           srt_url;        /* SRT: host, port, streamid, latency */
  GError            *config_error;   /* SRT: why the destination cannot work at all */
  char              *name;
  char              *display_url;
  char              *server;         /* "host:port", for messages */
  int                port;           /* the RTMP server's TCP port (0 for SRT) */
  guint64            send_buffer;    /* bytes the kernel may hold for the server */
  GArray            *old_sockets;    /* fds to the server's port before this attempt */
  int                socket_fd;      /* this session's connection, -1 when unknown */
  char              *full_url;       /* with the stream key: never logged */
  char              *key;
  char              *wanted_path;    /* recording: as configured */
  char              *path;           /* recording: the file of this session */
  ScRecordingFormat  format;
  ScBackoff          backoff;
  int                max_retries;
  double             connect_timeout_s;
  guint64            max_queued_bytes;
  GMainContext      *context;

  /* Shared with the streaming threads that push samples. */
  GMutex             lock;
  GstElement        *pipeline;
  GstElement        *sink;
  GstAppSrc         *video_src;      /* RTMP: the FLV tags */
  GstAppSrc         *audio_src;      /* NULL for RTMP */
  GstClockTime       base;
  gboolean           waiting_keyframe;
  gboolean           finishing;
  guint              generation;

  /* The sink's buffers: where each ended in the byte count, and its time. */
  GMutex             ring_lock;
  guint64            ring_bytes[SENT_RING];
  GstClockTime       ring_ts[SENT_RING];
  guint              ring_next;
  guint              ring_len;

  /* Counters, updated with atomics from any thread. */
  guint64            pushed_ts;      /* last video DTS handed to the muxer, +1 (0: none) */
  guint64            sent_ts;        /* last stream time that reached the sink, +1 */
  guint64            bytes;
  guint64            dropped_frames;
  guint              buffers_at_sink;

  /* Main thread only. */
  ScOutputState      state;
  guint              attempt;
  guint              refused;        /* key refusals in a row */
  guint              reconnects;
  GError            *error;
  guint              retry_source;
  gint64             retry_at;
  guint              bus_watch;
  guint              live_poll;
  guint              connect_timeout;
  guint              finish_timeout;
  gboolean           finish_requested;
  gboolean           restart_pending;
};

G_DEFINE_FINAL_TYPE (ScOutput, sc_output, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (ScOutputState, sc_output_state,
  G_DEFINE_ENUM_VALUE (SC_OUTPUT_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (SC_OUTPUT_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (SC_OUTPUT_STATE_LIVE, "live"),
  G_DEFINE_ENUM_VALUE (SC_OUTPUT_STATE_RECONNECTING, "reconnecting"),
  G_DEFINE_ENUM_VALUE (SC_OUTPUT_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (SC_OUTPUT_STATE_STOPPED, "stopped"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_ATTEMPT,
  PROP_NEXT_RETRY_AT,
  PROP_PATH,
  N_PROPS
};

enum {
  KEYFRAME_NEEDED,
  FAILED,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

const char *
sc_output_state_to_string (ScOutputState state)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SC_TYPE_OUTPUT_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);

  g_return_val_if_fail (value != NULL, NULL);
  /* Nicks are static strings of the registered type, which is never unloaded. */
  return value->value_nick;
}

static void build_pipeline (ScOutput *self);
static void start_session (ScOutput *self);
static void release_socket (ScOutput *self);

static void
set_state (ScOutput      *self,
           ScOutputState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_attempt (ScOutput *self,
             guint     attempt)
{
  if (self->attempt == attempt)
    return;
  self->attempt = attempt;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPT]);
}

static void
set_retry_at (ScOutput *self,
              gint64    retry_at)
{
  if (self->retry_at == retry_at)
    return;
  self->retry_at = retry_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_RETRY_AT]);
}

/* The stream key must never reach a log or an event, whatever an element
 * put in its error text. */
static char *
redact (ScOutput   *self,
        const char *text)
{
  const ScRedaction secrets[] = {
    { self->full_url, self->display_url },
    { self->key, "***" },
  };

  return sc_redact_text (text, secrets, G_N_ELEMENTS (secrets));
}

static void
set_error (ScOutput *self,
           GError   *error)
{
  g_autofree char *message = redact (self, error->message);

  g_clear_error (&self->error);
  self->error = g_error_new_literal (error->domain, error->code, message);
  g_debug ("%s: %s", self->name, message);
}

static gpointer
teardown_thread (gpointer data)
{
  GstElement *pipeline = data;

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
  return NULL;
}

/* Stops the current pipeline without waiting: setting a pipeline whose
 * server vanished to NULL can take a while, so it happens in a thread. */
static void
teardown (ScOutput *self)
{
  GstElement *pipeline;

  g_mutex_lock (&self->lock);
  pipeline = g_steal_pointer (&self->pipeline);
  g_clear_object (&self->sink);
  g_clear_object (&self->video_src);
  g_clear_object (&self->audio_src);
  self->generation++;
  g_mutex_unlock (&self->lock);

  release_socket (self);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  g_clear_handle_id (&self->finish_timeout, g_source_remove);
  g_clear_handle_id (&self->live_poll, g_source_remove);
  g_clear_handle_id (&self->connect_timeout, g_source_remove);
  if (pipeline != NULL)
    g_thread_unref (g_thread_new ("sc-output-teardown", teardown_thread, pipeline));
}

static void
finish_now (ScOutput *self)
{
  teardown (self);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  set_retry_at (self, 0);
  set_state (self, SC_OUTPUT_STATE_STOPPED);
  /* Started again while finishing: whoever started it waits for the new
   * session's ::finished, not this one's. */
  if (self->restart_pending)
    {
      self->restart_pending = FALSE;
      start_session (self);
      return;
    }
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
give_up (ScOutput *self)
{
  g_clear_handle_id (&self->retry_source, g_source_remove);
  set_retry_at (self, 0);
  set_state (self, SC_OUTPUT_STATE_FAILED);
  g_signal_emit (self, signals[FAILED], 0, self->error);
}

static gboolean
retry_cb (gpointer data)
{
  ScOutput *self = data;

  self->retry_source = 0;
  set_retry_at (self, 0);
  self->reconnects++;
  g_debug ("%s: attempt %u", self->name, self->attempt + 1);
  build_pipeline (self);
  return G_SOURCE_REMOVE;
}

/* One attempt failed: what is running goes, and either the next attempt is
 * scheduled with backoff or the output gives up. The attempt counter only
 * goes back to zero once an attempt was really live. */
static void
attempt_failed (ScOutput *self,
                GError   *error)
{
  double delay;

  teardown (self);
  set_error (self, error);
  if (self->finish_requested)
    {
      finish_now (self);
      return;
    }

  set_attempt (self, self->attempt + 1);
  if (g_error_matches (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_KEY_REFUSED))
    self->refused++;
  else
    self->refused = 0;

  /* Nothing is gained by writing a recording again after its disk or folder
   * failed; a refused key needs the user; and retries are bounded. */
  if (self->recording ||
      g_error_matches (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_INVALID) ||
      self->refused >= SC_OUTPUT_KEY_REFUSED_LIMIT ||
      (self->max_retries >= 0 && self->attempt > (guint)self->max_retries))
    {
      give_up (self);
      return;
    }

  delay = sc_backoff_next (&self->backoff);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_source = g_timeout_add ((guint)(delay * 1000), retry_cb, self);
  set_retry_at (self, g_get_monotonic_time () + (gint64)(delay * G_USEC_PER_SEC));
  set_state (self, SC_OUTPUT_STATE_RECONNECTING);
}

static guint64
rtmp_bytes_written (ScOutput *self)
{
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstStructure) stats = NULL;
  guint64 written = 0;

  g_mutex_lock (&self->lock);
  if (self->sink != NULL)
    sink = gst_object_ref (self->sink);
  g_mutex_unlock (&self->lock);
  if (sink == NULL)
    return 0;
  g_object_get (sink, "stats", &stats, NULL);
  if (stats == NULL)
    return 0;
  if (!self->srt)
    {
      gst_structure_get_uint64 (stats, "out-bytes-total", &written);
      return written;
    }
  /* SRT: the handshake completed (srtsink writes nothing before), stream
   * bytes went out, and the receiver acknowledged some: its ACKs are the
   * SRT counterpart of an accepted publish. */
  {
    int acks = 0;

    gst_structure_get_uint64 (stats, "bytes-sent-total", &written);
    gst_structure_get_int (stats, "packet-ack-received", &acks);
    return acks > 0 ? written : 0;
  }
}

/* A slow uplink has to show as a queue we can see. rtmp2sink does not give
 * its socket out, and Linux lets a loopback or LAN socket's send buffer grow
 * to 4 MB: ten seconds of a 3.5 Mbit/s stream would vanish into the kernel
 * before the sink blocked. So, as OBS does (rtmp-stream.c: about one second
 * of stream), the process's TCP sockets to the server's port get a send
 * buffer of about a second of the stream; the kernel doubles the value. */
#ifdef __linux__
/* The port of @fd's peer when it is a TCP socket, else 0. */
static int
peer_port (int fd)
{
  struct stat st;
  struct sockaddr_storage peer;
  socklen_t len = sizeof peer;
  int type = 0;
  socklen_t optlen = sizeof type;

  if (fstat (fd, &st) != 0 || !S_ISSOCK (st.st_mode) ||
      getsockopt (fd, SOL_SOCKET, SO_TYPE, &type, &optlen) != 0 || type != SOCK_STREAM ||
      getpeername (fd, (struct sockaddr *)&peer, &len) != 0)
    return 0;
  if (peer.ss_family == AF_INET)
    return ntohs (((struct sockaddr_in *)&peer)->sin_port);
  if (peer.ss_family == AF_INET6)
    return ntohs (((struct sockaddr_in6 *)&peer)->sin6_port);
  return 0;
}

/* The process's open TCP sockets to @port. */
static GArray *
sockets_to (int port)
{
  GArray *fds = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;

  while (port > 0 && dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      int fd = atoi (name);

      if (peer_port (fd) == port)
        g_array_append_val (fds, fd);
    }
  return fds;
}
#endif

/* Before an attempt connects: the sockets to the server that are not ours. */
static void
note_old_sockets (ScOutput *self)
{
  release_socket (self);
  g_clear_pointer (&self->old_sockets, g_array_unref);
#ifdef __linux__
  if (!self->recording)
    self->old_sockets = sockets_to (self->port);
#endif
}

/* A slow uplink has to show as a queue we can see. rtmp2sink does not give
 * its socket out, and Linux lets a loopback or LAN socket's send buffer grow
 * to 4 MB: ten seconds of a 3.5 Mbit/s stream would vanish into the kernel
 * before the sink blocked. So once live, the new socket to the server is
 * found among the process's descriptors (the one that was not there before
 * the attempt), its send buffer is set to about a second of the stream, as
 * OBS does (rtmp-stream.c), and what waits in it is read with SIOCOUTQ. */
/* Sockets an output has taken as its own (fd -> ScOutput), main thread. */
static GHashTable *claimed_sockets;

static void
release_socket (ScOutput *self)
{
  if (self->socket_fd >= 0 && claimed_sockets != NULL &&
      g_hash_table_lookup (claimed_sockets, GINT_TO_POINTER (self->socket_fd)) == self)
    g_hash_table_remove (claimed_sockets, GINT_TO_POINTER (self->socket_fd));
  self->socket_fd = -1;
}

static void
find_socket (ScOutput *self)
{
#ifdef __linux__
  g_autoptr(GArray) fds = NULL;
  int wanted = (int)MIN ((guint64)G_MAXINT / 2, self->send_buffer / 2);
  int mine = -1;
  guint candidates = 0;

  release_socket (self);
  if (self->recording || self->port <= 0)
    return;
  if (claimed_sockets == NULL)
    claimed_sockets = g_hash_table_new (NULL, NULL);
  fds = sockets_to (self->port);
  for (guint i = 0; i < fds->len; i++)
    {
      int fd = g_array_index (fds, int, i);
      gboolean old = FALSE;
      int current = 0;
      socklen_t optlen = sizeof current;

      for (guint j = 0; self->old_sockets != NULL && j < self->old_sockets->len; j++)
        old |= g_array_index (self->old_sockets, int, j) == fd;
      if (old || g_hash_table_contains (claimed_sockets, GINT_TO_POINTER (fd)))
        continue;
      /* Every new connection to an RTMP port is one of ours: each gets the
       * small buffer, even when it is not clear which is whose. */
      if (getsockopt (fd, SOL_SOCKET, SO_SNDBUF, &current, &optlen) == 0 &&
          current > wanted * 2 &&
          setsockopt (fd, SOL_SOCKET, SO_SNDBUF, &wanted, sizeof wanted) == 0)
        g_debug ("%s: send buffer %d -> %d bytes", self->name, current, wanted * 2);
      mine = fd;
      candidates++;
    }
  g_clear_pointer (&self->old_sockets, g_array_unref);
  /* Two outputs that connected to the same port at once cannot be told
   * apart: then only the queue before the sink counts. */
  if (candidates == 1)
    {
      self->socket_fd = mine;
      g_hash_table_insert (claimed_sockets, GINT_TO_POINTER (mine), self);
    }
  else if (candidates > 1)
    g_debug ("%s: %u new connections to port %d; not watching one", self->name, candidates,
             self->port);
#endif
}

guint64
sc_output_get_unsent_bytes (ScOutput *self)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), 0);

#ifdef __linux__
  {
    int unsent = 0;

    /* The descriptor may have been closed and reused since: check it still
     * leads to the server. */
    if (self->socket_fd >= 0 && self->state == SC_OUTPUT_STATE_LIVE &&
        peer_port (self->socket_fd) == self->port &&
        ioctl (self->socket_fd, SIOCOUTQ, &unsent) == 0 && unsent > 0)
      return (guint64)unsent;
  }
#endif
  return 0;
}

/* LIVE means the stream really goes out: for RTMP the server accepted the
 * publish (the sink renders nothing before it says so) and bytes of the
 * stream were written to the socket; for a file, bytes reached the disk. */
static gboolean
live_poll_cb (gpointer data)
{
  ScOutput *self = data;

  if (self->state != SC_OUTPUT_STATE_CONNECTING)
    {
      self->live_poll = 0;
      return G_SOURCE_REMOVE;
    }
  if (g_atomic_int_get (&self->buffers_at_sink) < 2)
    return G_SOURCE_CONTINUE;
  if (!self->recording && rtmp_bytes_written (self) == 0)
    return G_SOURCE_CONTINUE;

  self->live_poll = 0;
  g_clear_handle_id (&self->connect_timeout, g_source_remove);
  sc_backoff_reset (&self->backoff);
  self->refused = 0;
  set_attempt (self, 0);
  g_clear_error (&self->error);
  find_socket (self);
  set_state (self, SC_OUTPUT_STATE_LIVE);
  return G_SOURCE_REMOVE;
}

static gboolean
connect_timeout_cb (gpointer data)
{
  ScOutput *self = data;
  g_autoptr(GError) error = NULL;

  self->connect_timeout = 0;
  if (self->state != SC_OUTPUT_STATE_CONNECTING)
    return G_SOURCE_REMOVE;
  if (self->recording)
    error = g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_TIMEOUT,
                         _("The recording “%s” could not start in time"), self->path);
  else
    error = g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_TIMEOUT,
                         _("Could not connect to %s: no answer in time"), self->server);
  attempt_failed (self, error);
  return G_SOURCE_REMOVE;
}

static GstPadProbeReturn
sink_probe_cb (GstPad          *pad,
               GstPadProbeInfo *info,
               gpointer         user_data)
{
  ScOutput *self = user_data;
  GstBuffer *buffer = NULL;
  GstBufferList *list = NULL;
  guint64 bytes;
  gsize size = 0;

  if (GST_PAD_PROBE_INFO_TYPE (info) & GST_PAD_PROBE_TYPE_BUFFER_LIST)
    {
      /* mpegtsmux hands its packets on as lists: one render of them all. */
      list = GST_PAD_PROBE_INFO_BUFFER_LIST (info);
      if (list == NULL || gst_buffer_list_length (list) == 0)
        return GST_PAD_PROBE_OK;
      size = gst_buffer_list_calculate_size (list);
      for (guint i = 0; i < gst_buffer_list_length (list); i++)
        if (GST_BUFFER_DTS_OR_PTS (gst_buffer_list_get (list, i)) != GST_CLOCK_TIME_NONE)
          buffer = gst_buffer_list_get (list, i);
      if (buffer == NULL)
        buffer = gst_buffer_list_get (list, 0);
    }
  else
    {
      buffer = GST_PAD_PROBE_INFO_BUFFER (info);
      if (buffer == NULL)
        return GST_PAD_PROBE_OK;
      size = gst_buffer_get_size (buffer);
    }
  /* A buffer arriving means the sink's previous render returned. */
  g_atomic_int_inc (&self->buffers_at_sink);
  bytes = __atomic_add_fetch (&self->bytes, size, __ATOMIC_RELAXED);
  if (GST_BUFFER_DTS_OR_PTS (buffer) != GST_CLOCK_TIME_NONE)
    {
      __atomic_store_n (&self->sent_ts, GST_BUFFER_DTS_OR_PTS (buffer) + 1, __ATOMIC_RELAXED);
      g_mutex_lock (&self->ring_lock);
      self->ring_bytes[self->ring_next] = bytes;
      self->ring_ts[self->ring_next] = GST_BUFFER_DTS_OR_PTS (buffer);
      self->ring_next = (self->ring_next + 1) % SENT_RING;
      self->ring_len = MIN (SENT_RING, self->ring_len + 1);
      g_mutex_unlock (&self->ring_lock);
    }
  return GST_PAD_PROBE_OK;
}

/* The attempt failed with an error from its pipeline: a typed, plain error. */
static void
error_message (ScOutput   *self,
               GstMessage *message)
{
  g_autoptr(GError) gst_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *debug = NULL;

  gst_message_parse_error (message, &gst_error, &debug);
  if (self->recording)
    error = sc_gst_recording_error (gst_error, debug, self->path);
  else if (self->srt)
    error = sc_gst_srt_error (gst_error, debug, self->server,
                              self->state == SC_OUTPUT_STATE_LIVE
                              ? SC_GST_PHASE_LIVE : SC_GST_PHASE_CONNECTING);
  else
    error = sc_gst_rtmp_error (gst_error, debug, self->server,
                               self->state == SC_OUTPUT_STATE_LIVE
                               ? SC_GST_PHASE_LIVE : SC_GST_PHASE_CONNECTING);
  attempt_failed (self, error);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    user_data)
{
  ScOutput *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      /* Returning REMOVE drops this watch; teardown must not remove it too. */
      self->bus_watch = 0;
      error_message (self, message);
      return G_SOURCE_REMOVE;

    case GST_MESSAGE_EOS:
      self->bus_watch = 0;
      finish_now (self);
      return G_SOURCE_REMOVE;

    case GST_MESSAGE_WARNING:
      {
        g_autoptr(GError) warning = NULL;
        g_autofree char *text = NULL;

        gst_message_parse_warning (message, &warning, NULL);
        text = redact (self, warning->message);
        g_debug ("%s: %s", self->name, text);
        break;
      }

    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static GstAppSrc *
make_app_src (ScOutput    *self,
              const char  *name,
              GError     **error)
{
  /* Our own check in admit_locked() drops whole GOPs before this hard limit. */
  GstElement *src = sc_gst_make_appsrc (name, self->max_queued_bytes * 2, error);

  return src != NULL ? GST_APP_SRC (src) : NULL;
}

static gboolean
link_to_mux (GstElement *src,
             GstElement *mux,
             const char *template_name)
{
  g_autoptr(GstPad) srcpad = gst_element_get_static_pad (src, "src");
  g_autoptr(GstPad) muxpad = gst_element_request_pad_simple (mux, template_name);

  return muxpad != NULL && gst_pad_link (srcpad, muxpad) == GST_PAD_LINK_OK;
}

/* "show.mkv" when free, else "show (2).mkv", "show (3).mkv", ... */
static char *
unique_path (const char *wanted)
{
  g_autofree char *dir = g_path_get_dirname (wanted);
  g_autofree char *base = g_path_get_basename (wanted);
  const char *dot = strrchr (base, '.');
  g_autofree char *stem = g_strndup (base, dot && dot != base ? (gsize)(dot - base)
                                                              : strlen (base));
  const char *ext = dot && dot != base ? dot : "";

  if (!g_file_test (wanted, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
    return g_strdup (wanted);
  for (guint n = 2; ; n++)
    {
      g_autofree char *name = g_strdup_printf ("%s (%u)%s", stem, n, ext);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
        return g_steal_pointer (&path);
    }
}

/* Checked before the muxer opens anything, so the error names the folder. */
static gboolean
prepare_recording (ScOutput  *self,
                   GError   **error)
{
  g_autofree char *dir = g_path_get_dirname (self->wanted_path);

  if (g_mkdir_with_parents (dir, 0755) != 0 || access (dir, W_OK) != 0)
    {
      g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_NOT_WRITABLE,
                   _("Cannot write to the folder “%s”: recording stopped"), dir);
      return FALSE;
    }
  g_free (self->path);
  self->path = unique_path (self->wanted_path);
  g_free (self->display_url);
  self->display_url = g_strdup (self->path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
  return TRUE;
}

/* SRT and recordings: the output muxes the show's samples itself. */
static gboolean
link_muxed (ScOutput    *self,
            GstElement  *pipeline,
            GstAppSrc   *video_src,
            GstAppSrc   *audio_src,
            GstElement **sink_out,
            GError     **error)
{
  GstElement *video_in = GST_ELEMENT (video_src);
  GstElement *mux;
  GstElement *sink;
  const char *video_pad = "video_%u";
  const char *audio_pad = "audio_%u";

  if (self->srt)
    {
      GstElement *parse = sc_gst_make ("h264parse", NULL, error);

      /* MPEG-TS wants H.264 as a byte stream, with SPS and PPS before every
       * keyframe so a relay or player that joins mid-stream can decode. */
      if (parse == NULL)
        return FALSE;
      g_object_set (parse, "config-interval", -1, NULL);
      gst_bin_add (GST_BIN (pipeline), parse);
      if (!gst_element_link (video_in, parse))
        goto link_failed;
      video_in = parse;
      mux = sc_gst_make ("mpegtsmux", NULL, error);
      sink = mux ? sc_gst_make ("srtsink", NULL, error) : NULL;
      video_pad = "sink_%d";
      audio_pad = "sink_%d";
      /* Seven 188-byte packets fill one SRT message (1316 bytes). */
      if (mux != NULL)
        g_object_set (mux, "alignment", 7, NULL);
      if (sink != NULL)
        {
          g_autofree char *uri = strchr (self->srt_url.host, ':') != NULL
                                 ? g_strdup_printf ("srt://[%s]:%d", self->srt_url.host,
                                                    self->srt_url.port)
                                 : g_strdup_printf ("srt://%s:%d", self->srt_url.host,
                                                    self->srt_url.port);

          /* Our own reconnect (backoff, states, events), not srtsink's. */
          g_object_set (sink, "uri", uri, "auto-reconnect", FALSE, NULL);
          if (self->srt_url.latency_ms >= 0)
            g_object_set (sink, "latency", self->srt_url.latency_ms, NULL);
          if (self->srt_url.streamid != NULL)
            g_object_set (sink, "streamid", self->srt_url.streamid, NULL);
          if (self->key != NULL && self->key[0] != '\0')
            g_object_set (sink, "passphrase", self->key, NULL);
        }
    }
  else
    {
      mux = sc_gst_make (self->format == SC_RECORDING_MP4 ? "mp4mux" : "matroskamux",
                         NULL, error);
      sink = mux ? sc_gst_make ("filesink", NULL, error) : NULL;
      /* Fragmented MP4 stays playable if the app dies; Matroska always does. */
      if (mux != NULL && self->format == SC_RECORDING_MP4)
        g_object_set (mux, "fragment-duration", 1000, NULL);
      if (sink != NULL)
        g_object_set (sink, "location", self->path, NULL);
    }
  if (mux == NULL || sink == NULL)
    {
      if (mux != NULL)
        gst_object_unref (gst_object_ref_sink (mux));
      return FALSE;
    }
  /* The stream is already paced by the live show; sinks must not wait on a clock. */
  g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
  gst_bin_add_many (GST_BIN (pipeline), mux, sink, NULL);

  if (!link_to_mux (video_in, mux, video_pad) ||
      !link_to_mux (GST_ELEMENT (audio_src), mux, audio_pad) ||
      !gst_element_link (mux, sink))
    goto link_failed;
  *sink_out = sink;
  return TRUE;

link_failed:
  g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_OUTPUT,
               _("Could not prepare the output “%s”"), self->name);
  return FALSE;
}

static void
build_pipeline (ScOutput *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstPad) sinkpad = NULL;
  GstAppSrc *video_src = NULL;
  GstAppSrc *audio_src = NULL;
  GstElement *sink = NULL;

  g_assert (self->pipeline == NULL);

  set_state (self, SC_OUTPUT_STATE_CONNECTING);
  note_old_sockets (self);
  if (self->recording && !prepare_recording (self, &error))
    {
      attempt_failed (self, error);
      return;
    }
  if (self->config_error != NULL)
    {
      attempt_failed (self, self->config_error);
      return;
    }

  pipeline = gst_object_ref_sink (gst_pipeline_new (NULL));
  if (sc_output_takes_flv (self))
    {
      /* The show's one FLV muxer made the tags; this connection only sends
       * them (sc_output_push_flv()). */
      if (!(video_src = make_app_src (self, "flv", &error)) ||
          !(sink = sc_gst_make ("rtmp2sink", NULL, &error)))
        {
          if (video_src != NULL)
            gst_object_unref (gst_object_ref_sink (video_src));
          attempt_failed (self, error);
          return;
        }
      g_object_set (sink, "location", self->full_url, "async-connect", TRUE,
                    "sync", FALSE, "async", FALSE, NULL);
      /* RTMP's default of 128-byte chunks cuts a frame into a hundred
       * pieces, each serialised and written on its own; OBS announces 4096
       * to every service, and so do we. */
      if (g_object_class_find_property (G_OBJECT_GET_CLASS (sink), "chunk-size") != NULL)
        g_object_set (sink, "chunk-size", RTMP_CHUNK_SIZE, NULL);
      gst_bin_add_many (GST_BIN (pipeline), GST_ELEMENT (video_src), sink, NULL);
      if (!gst_element_link (GST_ELEMENT (video_src), sink))
        {
          g_set_error (&error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_OUTPUT,
                       _("Could not prepare the output “%s”"), self->name);
          attempt_failed (self, error);
          return;
        }
    }
  else if (!(video_src = make_app_src (self, "video", &error)) ||
           !(audio_src = make_app_src (self, "audio", &error)))
    {
      if (video_src != NULL)
        gst_object_unref (gst_object_ref_sink (video_src));
      attempt_failed (self, error);
      return;
    }
  else
    {
      gst_bin_add_many (GST_BIN (pipeline), GST_ELEMENT (video_src), GST_ELEMENT (audio_src), NULL);
      if (!link_muxed (self, pipeline, video_src, audio_src, &sink, &error))
        {
          attempt_failed (self, error);
          return;
        }
    }

  g_mutex_lock (&self->lock);
  self->generation++;
  self->pipeline = gst_object_ref (pipeline);
  self->sink = gst_object_ref (sink);
  self->video_src = gst_object_ref (video_src);
  self->audio_src = audio_src ? gst_object_ref (audio_src) : NULL;
  self->base = GST_CLOCK_TIME_NONE;
  self->waiting_keyframe = TRUE;
  self->finishing = FALSE;
  g_atomic_int_set (&self->buffers_at_sink, 0);
  __atomic_store_n (&self->pushed_ts, 0, __ATOMIC_RELAXED);
  __atomic_store_n (&self->sent_ts, 0, __ATOMIC_RELAXED);
  g_mutex_unlock (&self->lock);
  g_mutex_lock (&self->ring_lock);
  self->ring_len = 0;
  g_mutex_unlock (&self->ring_lock);

  sinkpad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (sinkpad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST,
                     sink_probe_cb, self, NULL);
  bus = gst_element_get_bus (pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  self->live_poll = g_timeout_add (LIVE_POLL_MS, live_poll_cb, self);
  self->connect_timeout = g_timeout_add ((guint)(self->connect_timeout_s * 1000),
                                         connect_timeout_cb, self);

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

      /* The sink said why on the bus (a file that cannot be opened). */
      if (message != NULL)
        {
          error_message (self, message);
          return;
        }
      if (self->recording)
        g_set_error (&error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_NOT_WRITABLE,
                     _("Could not open the recording “%s”"), self->path);
      else
        g_set_error (&error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_OUTPUT,
                     _("Could not connect to %s"), self->server);
      attempt_failed (self, error);
      return;
    }
  g_signal_emit (self, signals[KEYFRAME_NEEDED], 0);
}

static void
start_session (ScOutput *self)
{
  self->finish_requested = FALSE;
  self->reconnects = 0;
  self->refused = 0;
  __atomic_store_n (&self->bytes, 0, __ATOMIC_RELAXED);
  __atomic_store_n (&self->dropped_frames, 0, __ATOMIC_RELAXED);
  sc_backoff_reset (&self->backoff);
  g_clear_error (&self->error);
  set_attempt (self, 0);
  build_pipeline (self);
}

static void
sc_output_dispose (GObject *object)
{
  ScOutput *self = (ScOutput *)object;

  g_clear_handle_id (&self->retry_source, g_source_remove);
  teardown (self);

  G_OBJECT_CLASS (sc_output_parent_class)->dispose (object);
}

static void
wipe (char **secret)
{
  if (*secret != NULL)
    memset (*secret, 0, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static void
sc_output_finalize (GObject *object)
{
  ScOutput *self = (ScOutput *)object;

  g_free (self->name);
  g_free (self->display_url);
  g_free (self->server);
  sc_srt_url_clear (&self->srt_url);
  g_clear_error (&self->config_error);
  g_free (self->wanted_path);
  g_free (self->path);
  g_clear_pointer (&self->old_sockets, g_array_unref);
  wipe (&self->full_url);
  wipe (&self->key);
  g_clear_error (&self->error);
  sc_backoff_clear (&self->backoff);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->ring_lock);

  G_OBJECT_CLASS (sc_output_parent_class)->finalize (object);
}

static void
sc_output_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  ScOutput *self = SC_OUTPUT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ATTEMPT:
      g_value_set_uint (value, self->attempt);
      break;
    case PROP_NEXT_RETRY_AT:
      g_value_set_int64 (value, self->retry_at);
      break;
    case PROP_PATH:
      g_value_set_string (value, sc_output_get_path (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_output_class_init (ScOutputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_output_dispose;
  object_class->finalize = sc_output_finalize;
  object_class->get_property = sc_output_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SC_TYPE_OUTPUT_STATE, SC_OUTPUT_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ATTEMPT] =
    g_param_spec_uint ("attempt", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NEXT_RETRY_AT] =
    g_param_spec_int64 ("next-retry-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[KEYFRAME_NEEDED] =
    g_signal_new ("keyframe-needed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sc_output_init (ScOutput *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->ring_lock);
  self->context = g_main_context_ref_thread_default ();
  self->base = GST_CLOCK_TIME_NONE;
  self->socket_fd = -1;
  self->srt_url.latency_ms = -1;
  sc_backoff_init (&self->backoff, 2.0, 60.0, 1.5, RETRY_JITTER);
  self->max_retries = 10;
  self->connect_timeout_s = 10.0;
}

/* "host:port" of an rtmp:// URL, for messages; the URL itself when odd. */
static char *
server_of (const char *url,
           int        *port_out)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  int port;

  *port_out = 0;
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return sc_redact_url (url);
  port = g_uri_get_port (uri);
  if (port < 0)
    port = g_str_equal (g_uri_get_scheme (uri), "rtmps") ? 443 : 1935;
  *port_out = port;
  return g_strdup_printf ("%s:%d", g_uri_get_host (uri), port);
}

/* The address (and key or passphrase) of @config, for the next attempt. */
static void
set_destination (ScOutput             *self,
                 const ScOutputConfig *config)
{
  wipe (&self->full_url);
  wipe (&self->key);
  g_free (self->display_url);
  g_free (self->server);
  sc_srt_url_clear (&self->srt_url);
  g_clear_error (&self->config_error);

  self->full_url = sc_output_config_full_url (config);
  self->display_url = sc_redact_url (self->full_url);
  self->key = g_strdup (config->key);
  if (!self->srt)
    {
      self->server = server_of (config->url ? config->url : "", &self->port);
      return;
    }

  /* Checked when the show was read; what still fails here (a passphrase
   * from the key store) fails every attempt, so the output gives up. */
  self->port = 0;
  if (sc_srt_url_parse (config->url ? config->url : "", &self->srt_url, &self->config_error))
    {
      g_autofree char *problem = NULL;

      self->server = g_strdup_printf (strchr (self->srt_url.host, ':') ? "[%s]:%d" : "%s:%d",
                                      self->srt_url.host, self->srt_url.port);
      if (self->key != NULL && self->key[0] != '\0' &&
          (problem = sc_srt_passphrase_problem (self->key)) != NULL)
        self->config_error = g_error_new_literal (SC_MEDIA_ERROR, SC_MEDIA_ERROR_INVALID,
                                                  problem);
    }
  else
    self->server = g_strdup (self->display_url);
}

static ScOutput *
new_stream (const ScOutputConfig   *config,
            const ScEncodingConfig *encoding,
            gboolean                srt)
{
  ScOutput *self = g_object_new (SC_TYPE_OUTPUT, NULL);
  guint64 bytes_per_s = (guint64)(encoding->video_bitrate_kbps +
                                  encoding->audio_bitrate_kbps) * 1000 / 8;
  double initial = MAX (0.05, encoding->reconnect_initial_s);

  self->srt = srt;
  self->name = g_strdup (config->name ? config->name : srt ? "SRT" : "RTMP");
  set_destination (self, config);
  sc_backoff_clear (&self->backoff);
  sc_backoff_init (&self->backoff, initial, MAX (initial, encoding->reconnect_max_delay_s),
                   encoding->reconnect_factor > 1.0 ? encoding->reconnect_factor : 1.0001,
                   RETRY_JITTER);
  self->max_retries = encoding->reconnect_max_retries;
  if (encoding->connect_timeout_s > 0)
    self->connect_timeout_s = encoding->connect_timeout_s;
  /* About three seconds of stream may wait for a slow server before we drop. */
  self->max_queued_bytes = MAX (bytes_per_s * 3, 512 * 1024);
  self->send_buffer = MAX (bytes_per_s, 64 * 1024);
  return self;
}

ScOutput *
sc_output_new_rtmp (const ScOutputConfig   *config,
                    const ScEncodingConfig *encoding)
{
  return new_stream (config, encoding, FALSE);
}

ScOutput *
sc_output_new_srt (const ScOutputConfig   *config,
                   const ScEncodingConfig *encoding)
{
  return new_stream (config, encoding, TRUE);
}

ScOutput *
sc_output_new_destination (const ScOutputConfig   *config,
                           const ScEncodingConfig *encoding)
{
  return new_stream (config, encoding, sc_output_url_is_srt (config->url));
}

ScOutput *
sc_output_new_recording (const char        *path,
                         ScRecordingFormat  format)
{
  ScOutput *self = g_object_new (SC_TYPE_OUTPUT, NULL);

  self->recording = TRUE;
  self->name = g_strdup (_("Recording"));
  self->wanted_path = g_strdup (path);
  self->display_url = g_strdup (path);
  self->format = format;
  /* A disk is fast: a large margin so nothing of the show is ever lost. */
  self->max_queued_bytes = 256 * 1024 * 1024;
  self->max_retries = 0;
  return self;
}

const char *
sc_output_get_name (ScOutput *self)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), NULL);
  return self->name;
}

const char *
sc_output_get_display_url (ScOutput *self)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), NULL);
  return self->display_url;
}

gboolean
sc_output_is_recording (ScOutput *self)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), FALSE);
  return self->recording;
}

const char *
sc_output_get_path (ScOutput *self)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), NULL);
  return self->path != NULL ? self->path : self->wanted_path;
}

ScOutputState
sc_output_get_state (ScOutput *self)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), SC_OUTPUT_STATE_IDLE);
  return self->state;
}

guint
sc_output_get_attempt (ScOutput *self)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), 0);
  return self->attempt;
}

double
sc_output_get_next_retry (ScOutput *self)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), -1);

  if (self->retry_at == 0)
    return -1;
  return MAX (0.0, (double)(self->retry_at - g_get_monotonic_time ()) / G_USEC_PER_SEC);
}

gint64
sc_output_get_next_retry_at (ScOutput *self)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), 0);
  return self->retry_at;
}

const char *
sc_output_get_last_error (ScOutput *self)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), NULL);
  return self->error != NULL ? self->error->message : NULL;
}

const GError *
sc_output_get_error (ScOutput *self)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), NULL);
  return self->error;
}

guint64
sc_output_get_bytes (ScOutput *self)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), 0);
  return __atomic_load_n (&self->bytes, __ATOMIC_RELAXED);
}

guint64
sc_output_get_dropped_frames (ScOutput *self)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), 0);
  return __atomic_load_n (&self->dropped_frames, __ATOMIC_RELAXED);
}

/* What waits in this output's appsrcs (one for RTMP, two otherwise). */
static guint64
queued_locked (ScOutput *self)
{
  guint64 level = 0;

  if (self->video_src != NULL)
    level += gst_app_src_get_current_level_bytes (self->video_src);
  if (self->audio_src != NULL)
    level += gst_app_src_get_current_level_bytes (self->audio_src);
  return level;
}

guint64
sc_output_get_queued_bytes (ScOutput *self)
{
  guint64 level = 0;

  g_return_val_if_fail (SC_IS_OUTPUT (self), 0);

  g_mutex_lock (&self->lock);
  level = queued_locked (self);
  g_mutex_unlock (&self->lock);
  return level + sc_output_get_unsent_bytes (self);
}

double
sc_output_get_queued_time (ScOutput *self)
{
  guint64 pushed, sent, unsent;

  g_return_val_if_fail (SC_IS_OUTPUT (self), 0.0);

  pushed = __atomic_load_n (&self->pushed_ts, __ATOMIC_RELAXED);
  sent = __atomic_load_n (&self->sent_ts, __ATOMIC_RELAXED);
  if (pushed == 0 || sent == 0)
    return 0.0;
  /* What still waits in the kernel: the time of the newest buffer that
   * ended before what the server acknowledged. */
  unsent = sc_output_get_unsent_bytes (self);
  if (unsent > 0)
    {
      guint64 acked = __atomic_load_n (&self->bytes, __ATOMIC_RELAXED);

      acked = acked > unsent ? acked - unsent : 0;
      g_mutex_lock (&self->ring_lock);
      for (guint i = 0; i < self->ring_len; i++)
        {
          guint at = (self->ring_next + SENT_RING - 1 - i) % SENT_RING;

          sent = self->ring_ts[at] + 1;
          if (self->ring_bytes[at] <= acked)
            break;
        }
      g_mutex_unlock (&self->ring_lock);
    }
  if (pushed <= sent)
    return 0.0;
  return (double)(pushed - sent) / GST_SECOND;
}

guint
sc_output_get_reconnects (ScOutput *self)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), 0);
  return self->reconnects;
}

void
sc_output_start (ScOutput *self)
{
  g_return_if_fail (SC_IS_OUTPUT (self));

  if (self->state == SC_OUTPUT_STATE_IDLE || self->state == SC_OUTPUT_STATE_STOPPED)
    {
      start_session (self);
      return;
    }
  /* Re-enabled while the last session is still finalising its file. */
  if (self->finish_requested)
    {
      self->restart_pending = TRUE;
      return;
    }
  g_debug ("%s: already started (%s)", self->name, sc_output_state_to_string (self->state));
}

/* Under self->lock: whether a sample goes to this connection. A
 * destination that cannot keep up loses whole GOPs, never single frames, so
 * what it does send always decodes; audio waits for the first keyframe; and
 * every connection starts its timeline at its first keyframe (`base`). */
static gboolean
admit_locked (ScOutput     *self,
              gboolean      is_video,
              gboolean      keyframe,
              GstClockTime  ts)
{
  gboolean full = queued_locked (self) > self->max_queued_bytes;

  if (is_video)
    {
      if (full)
        {
          self->waiting_keyframe = TRUE;
          __atomic_add_fetch (&self->dropped_frames, 1, __ATOMIC_RELAXED);
          return FALSE;
        }
      if (self->waiting_keyframe)
        {
          if (!keyframe)
            {
              if (GST_CLOCK_TIME_IS_VALID (self->base))
                __atomic_add_fetch (&self->dropped_frames, 1, __ATOMIC_RELAXED);
              return FALSE;
            }
          self->waiting_keyframe = FALSE;
          if (!GST_CLOCK_TIME_IS_VALID (self->base))
            self->base = ts;
        }
    }
  else if (!GST_CLOCK_TIME_IS_VALID (self->base) || full)
    return FALSE;
  return GST_CLOCK_TIME_IS_VALID (ts) && ts >= self->base;
}

void
sc_output_push (ScOutput  *self,
                GstSample *sample,
                gboolean   is_video)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstCaps *caps = gst_sample_get_caps (sample);
  const GstSegment *segment = gst_sample_get_segment (sample);
  g_autoptr(GstAppSrc) src = NULL;
  GstBuffer *copy;
  GstClockTime pts, dts, ts;

  if (buffer == NULL)
    return;
  pts = sc_gst_running_time (segment, GST_BUFFER_PTS (buffer));
  dts = sc_gst_running_time (segment, GST_BUFFER_DTS (buffer));
  ts = GST_CLOCK_TIME_IS_VALID (dts) ? dts : pts;

  g_mutex_lock (&self->lock);
  if (self->video_src == NULL || self->audio_src == NULL || self->finishing)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  if (!admit_locked (self, is_video,
                     !GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT), ts))
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  src = gst_object_ref (is_video ? self->video_src : self->audio_src);
  copy = gst_buffer_copy (buffer);
  GST_BUFFER_PTS (copy) = GST_CLOCK_TIME_IS_VALID (pts) && pts >= self->base
                          ? pts - self->base : GST_CLOCK_TIME_NONE;
  GST_BUFFER_DTS (copy) = GST_CLOCK_TIME_IS_VALID (dts) ? dts - self->base : GST_CLOCK_TIME_NONE;
  if (is_video)
    __atomic_store_n (&self->pushed_ts, ts - self->base + 1, __ATOMIC_RELAXED);
  g_mutex_unlock (&self->lock);

  sc_gst_app_src_push (src, caps, copy);
}

gboolean
sc_output_takes_flv (ScOutput *self)
{
  return !self->recording && !self->srt;
}

void
sc_output_push_flv (ScOutput  *self,
                    GstSample *sample)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstCaps *caps = gst_sample_get_caps (sample);
  g_autoptr(GstAppSrc) src = NULL;
  GstBuffer *copy;
  GstClockTime ts;
  guint type;

  /* The headers reach each connection through the caps' streamheader. */
  if (buffer == NULL || GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_HEADER))
    return;
  type = sc_flv_tag_type (buffer);
  /* A tag's buffer carries its running time (the DTS for video). */
  ts = GST_BUFFER_PTS (buffer);
  if (type == 0 || !GST_CLOCK_TIME_IS_VALID (ts))
    return;

  g_mutex_lock (&self->lock);
  if (self->video_src == NULL || self->finishing)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  if (!admit_locked (self, type == 9,
                     !GST_BUFFER_FLAG_IS_SET (buffer, GST_BUFFER_FLAG_DELTA_UNIT), ts))
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  ts -= self->base;
  if (type == 9)
    __atomic_store_n (&self->pushed_ts, ts + 1, __ATOMIC_RELAXED);
  src = gst_object_ref (self->video_src);
  g_mutex_unlock (&self->lock);

  copy = sc_flv_tag_retime (buffer, (guint32)(ts / GST_MSECOND));
  GST_BUFFER_PTS (copy) = ts;
  GST_BUFFER_DTS (copy) = ts;
  sc_gst_app_src_push (src, caps, copy);
}

static gboolean
finish_timeout_cb (gpointer data)
{
  ScOutput *self = data;

  self->finish_timeout = 0;
  g_debug ("%s did not finish in time; stopping it", self->name);
  finish_now (self);
  return G_SOURCE_REMOVE;
}

void
sc_output_finish (ScOutput *self)
{
  g_autoptr(GstAppSrc) video_src = NULL;
  g_autoptr(GstAppSrc) audio_src = NULL;

  g_return_if_fail (SC_IS_OUTPUT (self));

  if (self->finish_requested)
    return;
  self->finish_requested = TRUE;

  g_mutex_lock (&self->lock);
  if (self->video_src != NULL && !self->finishing)
    {
      self->finishing = TRUE;
      video_src = gst_object_ref (self->video_src);
      audio_src = self->audio_src ? gst_object_ref (self->audio_src) : NULL;
    }
  g_mutex_unlock (&self->lock);

  /* Nothing to finalise for a server that has not taken the stream yet. */
  if (video_src == NULL || (!self->recording && self->state != SC_OUTPUT_STATE_LIVE))
    {
      finish_now (self);
      return;
    }
  g_clear_handle_id (&self->connect_timeout, g_source_remove);
  gst_app_src_end_of_stream (video_src);
  if (audio_src != NULL)
    gst_app_src_end_of_stream (audio_src);
  self->finish_timeout = g_timeout_add (FINISH_TIMEOUT_MS, finish_timeout_cb, self);
}

gboolean
sc_output_update_config (ScOutput             *self,
                         const ScOutputConfig *config)
{
  g_return_val_if_fail (SC_IS_OUTPUT (self), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);

  /* The running pipeline was built from the old address. */
  if (self->recording || self->state == SC_OUTPUT_STATE_CONNECTING
      || self->state == SC_OUTPUT_STATE_LIVE)
    return FALSE;
  /* An output stays what it is: RTMP or SRT. */
  if (self->srt != sc_output_url_is_srt (config->url))
    return FALSE;
  set_destination (self, config);
  /* A new key is not the key the server refused. */
  self->refused = 0;
  return TRUE;
}

void
sc_output_reconnect_now (ScOutput *self)
{
  g_return_if_fail (SC_IS_OUTPUT (self));

  if (self->finish_requested)
    return;
  if (self->state != SC_OUTPUT_STATE_RECONNECTING && self->state != SC_OUTPUT_STATE_FAILED)
    return;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  retry_cb (self);
}
