/* sc-test-rtmp.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-test-rtmp"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "sc-test-rtmp.h"

/* Debian's nginx is built with --prefix=/usr/share/nginx: relative load_module
 * paths in its modules-available snippets resolve against it. */
#define NGINX_DEBIAN_PREFIX "/usr/share/nginx"
#define NGINX_RTMP_SNIPPET  NGINX_DEBIAN_PREFIX "/modules-available/mod-rtmp.conf"

#define START_TIMEOUT_S 5.0
#define STOP_TIMEOUT_S  5.0

struct _ScTestRtmpServer
{
  char        *dir;
  char        *rec_dir;
  char        *nginx;
  guint16      port;
  GSubprocess *process;
  gboolean    *exited;      /* g_rc_box shared with the wait callback */
  gsize        log_offset;  /* size of error.log when the current process started */
};

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
on_process_exited (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *exited = TRUE;
  g_rc_box_release (exited);
}

/* A flag that turns TRUE once @process has exited and been reaped. */
static gboolean *
watch_exit (GSubprocess *process)
{
  gboolean *exited = g_rc_box_new0 (gboolean);

  g_subprocess_wait_async (process, NULL, on_process_exited, g_rc_box_acquire (exited));
  return exited;
}

/* The load_module argument of Debian's snippet, made absolute. */
static char *
module_from_snippet (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (NGINX_RTMP_SNIPPET, &text, NULL, NULL))
    return NULL;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      char *arg;

      if (!g_str_has_prefix (line, "load_module"))
        continue;

      arg = g_strstrip (line + strlen ("load_module"));
      arg[strcspn (arg, ";")] = '\0';
      g_strstrip (arg);
      if (arg[0] == '"' || arg[0] == '\'')
        {
          arg++;
          arg[strcspn (arg, "\"'")] = '\0';
        }
      if (arg[0] == '\0')
        continue;

      if (g_path_is_absolute (arg))
        return g_strdup (arg);
      return g_build_filename (NGINX_DEBIAN_PREFIX, arg, NULL);
    }

  return NULL;
}

static char *
find_rtmp_module (void)
{
  static const char * const fallbacks[] = {
    "/usr/lib/nginx/modules/ngx_rtmp_module.so",
    "/usr/lib64/nginx/modules/ngx_rtmp_module.so",
  };
  const char *from_env = g_getenv ("SHOPCAST_NGINX_RTMP_MODULE");
  g_autofree char *from_snippet = NULL;

  if (from_env != NULL && g_file_test (from_env, G_FILE_TEST_IS_REGULAR))
    return g_strdup (from_env);

  from_snippet = module_from_snippet ();
  if (from_snippet != NULL && g_file_test (from_snippet, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&from_snippet);

  for (guint i = 0; i < G_N_ELEMENTS (fallbacks); i++)
    if (g_file_test (fallbacks[i], G_FILE_TEST_IS_REGULAR))
      return g_strdup (fallbacks[i]);

  return NULL;
}

gboolean
sc_test_require_rtmp_server (void)
{
  g_autofree char *module = NULL;

  if (!sc_test_require_tool ("nginx"))
    return FALSE;

  module = find_rtmp_module ();
  if (module == NULL)
    return sc_test_report_missing ("the nginx RTMP module (libnginx-mod-rtmp)");

  return TRUE;
}

static guint16
pick_free_port (GError **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return 0;
  if (!g_socket_bind (socket, any_port, FALSE, error))
    return 0;
  bound = g_socket_get_local_address (socket, error);
  if (bound == NULL)
    return 0;

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
port_accepts (guint16 port)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, NULL);
  if (socket == NULL)
    return FALSE;

  return g_socket_connect (socket, address, NULL, NULL);
}

static char *
write_config (const char  *dir,
              const char  *rec_dir,
              const char  *module,
              guint16      port,
              GError     **error)
{
  g_autofree char *path = g_build_filename (dir, "nginx.conf", NULL);
  g_autofree char *text = NULL;

  /* master_process off: one process that never switches user (so no "user"
   * directive, as root or not) and dies with its listening socket on SIGTERM.
   * No http block, so nginx needs none of its /var/lib temp directories. */
  text = g_strdup_printf ("load_module \"%s\";\n"
                          "daemon off;\n"
                          "master_process off;\n"
                          "worker_processes 1;\n"
                          "pid \"%s/nginx.pid\";\n"
                          "error_log \"%s/error.log\" info;\n"
                          "events {\n"
                          "  worker_connections 256;\n"
                          "}\n"
                          "rtmp {\n"
                          "  access_log \"%s/access.log\";\n"
                          "  server {\n"
                          "    listen 127.0.0.1:%u;\n"
                          "    application live {\n"
                          "      live on;\n"
                          "      record all;\n"
                          "      record_path \"%s\";\n"
                          "      record_unique on;\n"
                          "      record_suffix .flv;\n"
                          "    }\n"
                          "  }\n"
                          "}\n",
                          module, dir, dir, dir, port, rec_dir);
  if (!g_file_set_contents (path, text, -1, error))
    return NULL;

  return g_steal_pointer (&path);
}

static void
die_with_parent (gpointer data)
{
#ifdef __linux__
  /* A crashed test must not leave nginx holding its port. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static char *
read_file_from (const char *path,
                gsize       offset)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &text, &length, NULL))
    return g_strdup ("");
  if (offset >= length)
    return g_strdup ("");

  return g_strdup (text + offset);
}

static gsize
file_size (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return 0;

  return (gsize) st.st_size;
}

static gboolean
server_ready_or_exited (gpointer data)
{
  ScTestRtmpServer *self = data;

  return *self->exited || port_accepts (self->port);
}

static gboolean
server_start (ScTestRtmpServer  *self,
              GError           **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *prefix = g_strconcat (self->dir, G_DIR_SEPARATOR_S, NULL);
  g_autofree char *conf = g_build_filename (self->dir, "nginx.conf", NULL);
  g_autofree char *log = g_build_filename (self->dir, "error.log", NULL);
  g_autofree char *err = g_build_filename (self->dir, "nginx.stderr", NULL);

  g_return_val_if_fail (self->process == NULL, FALSE);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_cwd (launcher, self->dir);
  g_subprocess_launcher_set_stderr_file_path (launcher, err);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  self->log_offset = file_size (log);
  self->process = g_subprocess_launcher_spawn (launcher, error, self->nginx,
                                               "-p", prefix, "-c", conf, "-e", log,
                                               NULL);
  if (self->process == NULL)
    return FALSE;
  self->exited = watch_exit (self->process);

  if (!sc_test_wait_until (server_ready_or_exited, self, START_TIMEOUT_S) || *self->exited)
    {
      g_autofree char *stderr_text = read_file_from (err, 0);
      g_autofree char *log_text = read_file_from (log, self->log_offset);
      gboolean exited = *self->exited;

      sc_test_rtmp_server_stop (self);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "nginx %s on 127.0.0.1:%u (%s): %s%s",
                   exited ? "exited instead of listening" : "did not listen within 5 s",
                   self->port, self->dir, g_strstrip (stderr_text), g_strstrip (log_text));
      return FALSE;
    }

  return TRUE;
}

ScTestRtmpServer *
sc_test_rtmp_server_new (GError **error)
{
  g_autoptr(ScTestRtmpServer) self = g_new0 (ScTestRtmpServer, 1);
  g_autofree char *module = NULL;
  g_autofree char *conf = NULL;

  self->nginx = sc_test_find_program ("nginx");
  if (self->nginx == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "nginx is not installed");
      return NULL;
    }
  module = find_rtmp_module ();
  if (module == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "the nginx RTMP module (libnginx-mod-rtmp) is not installed");
      return NULL;
    }

  self->dir = g_dir_make_tmp ("shopcast-rtmp-XXXXXX", error);
  if (self->dir == NULL)
    return NULL;
  self->rec_dir = g_build_filename (self->dir, "rec", NULL);
  if (g_mkdir (self->rec_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "%s: %s", self->rec_dir, g_strerror (saved_errno));
      return NULL;
    }

  self->port = pick_free_port (error);
  if (self->port == 0)
    return NULL;

  conf = write_config (self->dir, self->rec_dir, module, self->port, error);
  if (conf == NULL)
    return NULL;

  if (!server_start (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

guint16
sc_test_rtmp_server_get_port (ScTestRtmpServer *self)
{
  return self->port;
}

const char *
sc_test_rtmp_server_get_dir (ScTestRtmpServer *self)
{
  return self->dir;
}

gboolean
sc_test_rtmp_server_is_running (ScTestRtmpServer *self)
{
  return self->process != NULL && !*self->exited;
}

char *
sc_test_rtmp_server_get_url (ScTestRtmpServer *self,
                             const char       *name)
{
  return g_strdup_printf ("rtmp://127.0.0.1:%u/live/%s", self->port, name);
}

void
sc_test_rtmp_server_stop (ScTestRtmpServer *self)
{
  if (self->process == NULL)
    return;

  if (!*self->exited)
    {
      g_subprocess_send_signal (self->process, SIGTERM);
      if (!sc_test_wait_until (flag_is_set, self->exited, STOP_TIMEOUT_S))
        {
          g_subprocess_force_exit (self->process);
          sc_test_wait_until (flag_is_set, self->exited, STOP_TIMEOUT_S);
        }
    }

  g_clear_object (&self->process);
  g_clear_pointer (&self->exited, g_rc_box_release);
}

gboolean
sc_test_rtmp_server_restart (ScTestRtmpServer  *self,
                             GError           **error)
{
  sc_test_rtmp_server_stop (self);
  return server_start (self, error);
}

typedef struct {
  guint64  stamp;
  char    *path;
} Piece;

static int
compare_pieces (gconstpointer a,
                gconstpointer b)
{
  const Piece *pa = a;
  const Piece *pb = b;

  if (pa->stamp != pb->stamp)
    return pa->stamp < pb->stamp ? -1 : 1;
  return g_strcmp0 (pa->path, pb->path);
}

GPtrArray *
sc_test_rtmp_server_list_recordings (ScTestRtmpServer *self,
                                     const char       *name)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  g_autoptr(GDir) dir = g_dir_open (self->rec_dir, 0, NULL);
  g_autofree char *prefix = g_strconcat (name, "-", NULL);
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      const char *stamp = entry + strlen (prefix);
      char *end = NULL;
      Piece piece;

      /* Exactly NAME-<digits>.flv, so "bench" does not match "bench-2-…". */
      if (!g_str_has_prefix (entry, prefix) || !g_ascii_isdigit (stamp[0]))
        continue;
      piece.stamp = g_ascii_strtoull (stamp, &end, 10);
      if (g_strcmp0 (end, ".flv") != 0)
        continue;
      piece.path = g_build_filename (self->rec_dir, entry, NULL);
      g_array_append_val (pieces, piece);
    }

  g_array_sort (pieces, compare_pieces);
  for (guint i = 0; i < pieces->len; i++)
    g_ptr_array_add (paths, g_array_index (pieces, Piece, i).path);

  return g_steal_pointer (&paths);
}

static guint
count_in_log (ScTestRtmpServer *self,
              gsize             offset,
              const char       *needle)
{
  g_autofree char *log = g_build_filename (self->dir, "error.log", NULL);
  g_autofree char *text = read_file_from (log, offset);
  guint count = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    count++;

  return count;
}

guint
sc_test_rtmp_server_count_publishes (ScTestRtmpServer *self,
                                     const char       *name)
{
  g_autofree char *needle = g_strdup_printf ("publish: name='%s' ", name);

  return count_in_log (self, 0, needle);
}

typedef struct {
  ScTestRtmpServer *server;
  const char       *name;
  guint             count;
} PublishWait;

static gboolean
published_enough (gpointer data)
{
  PublishWait *wait = data;

  return sc_test_rtmp_server_count_publishes (wait->server, wait->name) >= wait->count;
}

gboolean
sc_test_rtmp_server_wait_for_publish (ScTestRtmpServer *self,
                                      const char       *name,
                                      guint             count,
                                      double            timeout_s)
{
  PublishWait wait = { self, name, count };

  return sc_test_wait_until (published_enough, &wait, timeout_s);
}

/* Sessions are logged as "*N client connected" and "*N disconnect," (numbered
 * from 1 again after each start, hence only the current process's part). */
static gboolean
sessions_open (ScTestRtmpServer *self)
{
  return count_in_log (self, self->log_offset, " client connected ") >
         count_in_log (self, self->log_offset, " disconnect, ");
}

static gboolean
recording_open (ScTestRtmpServer *self)
{
  const char *pid = g_subprocess_get_identifier (self->process);
  g_autofree char *fd_dir = NULL;
  g_autofree char *rec_prefix = g_strconcat (self->rec_dir, G_DIR_SEPARATOR_S, NULL);
  g_autoptr(GDir) dir = NULL;
  const char *entry;

  if (pid == NULL)
    return FALSE;
  fd_dir = g_build_filename ("/proc", pid, "fd", NULL);
  dir = g_dir_open (fd_dir, 0, NULL);

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_build_filename (fd_dir, entry, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);

      if (target != NULL && g_str_has_prefix (target, rec_prefix))
        return TRUE;
    }

  return FALSE;
}

static gboolean
server_idle (gpointer data)
{
  ScTestRtmpServer *self = data;

  if (!sc_test_rtmp_server_is_running (self))
    return TRUE;

  return !sessions_open (self) && !recording_open (self);
}

gboolean
sc_test_rtmp_server_wait_idle (ScTestRtmpServer *self,
                               double            timeout_s)
{
  return sc_test_wait_until (server_idle, self, timeout_s);
}

void
sc_test_rtmp_server_free (ScTestRtmpServer *self)
{
  if (self == NULL)
    return;

  sc_test_rtmp_server_stop (self);

  if (self->dir != NULL)
    {
      sc_test_remove_dir (self->dir);
    }

  g_free (self->dir);
  g_free (self->rec_dir);
  g_free (self->nginx);
  g_free (self);
}

/* Runs ffprobe with @args then @path_or_url and returns its standard output. */
static char *
run_ffprobe (const char * const  *args,
             const char          *path_or_url,
             GError             **error)
{
  g_autofree char *ffprobe = sc_test_find_program ("ffprobe");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  if (ffprobe == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "ffprobe is not installed");
      return NULL;
    }

  g_ptr_array_add (argv, ffprobe);
  g_ptr_array_add (argv, (gpointer) "-v");
  g_ptr_array_add (argv, (gpointer) "error");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, (gpointer) path_or_url);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               error);
  if (process == NULL)
    return NULL;
  if (!g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, error))
    return NULL;
  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "ffprobe %s: %s",
                   path_or_url, err != NULL ? g_strstrip (err) : "failed");
      return NULL;
    }

  return g_steal_pointer (&out);
}

/* "30/1" -> 30.0; "0/0" and garbage -> 0. */
static double
parse_rate (const char *text)
{
  char *end = NULL;
  double num;
  double den;

  if (text == NULL)
    return 0;
  num = g_ascii_strtod (text, &end);
  if (end == text || *end != '/')
    return 0;
  den = g_ascii_strtod (end + 1, NULL);

  return den > 0 ? num / den : 0;
}

/* ffprobe prints durations and sample rates as strings, "N/A" when unknown. */
static double
parse_number (const char *text,
              double      unknown)
{
  char *end = NULL;
  double value;

  if (text == NULL)
    return unknown;
  value = g_ascii_strtod (text, &end);

  return end == text ? unknown : value;
}

static void
probe_stream_free (ScTestProbeStream *stream)
{
  g_free (stream->codec_type);
  g_free (stream->codec_name);
  g_free (stream->profile);
  g_free (stream);
}

static void
add_stream (JsonArray *array,
            guint      index,
            JsonNode  *node,
            gpointer   user_data)
{
  GPtrArray *streams = user_data;
  JsonObject *object = json_node_get_object (node);
  ScTestProbeStream *stream;

  if (object == NULL)
    return;

  stream = g_new0 (ScTestProbeStream, 1);
  stream->codec_type = g_strdup (json_object_get_string_member_with_default (object,
                                                                             "codec_type",
                                                                             NULL));
  stream->codec_name = g_strdup (json_object_get_string_member_with_default (object,
                                                                             "codec_name",
                                                                             NULL));
  stream->profile = g_strdup (json_object_get_string_member_with_default (object,
                                                                          "profile", NULL));
  stream->width = json_object_get_int_member_with_default (object, "width", 0);
  stream->height = json_object_get_int_member_with_default (object, "height", 0);
  stream->avg_frame_rate =
    parse_rate (json_object_get_string_member_with_default (object, "avg_frame_rate", NULL));
  stream->r_frame_rate =
    parse_rate (json_object_get_string_member_with_default (object, "r_frame_rate", NULL));
  stream->sample_rate =
    parse_number (json_object_get_string_member_with_default (object, "sample_rate", NULL), 0);
  stream->channels = json_object_get_int_member_with_default (object, "channels", 0);
  stream->duration =
    parse_number (json_object_get_string_member_with_default (object, "duration", NULL), -1);

  g_ptr_array_add (streams, stream);
}

ScTestProbe *
sc_test_ffprobe (const char  *path_or_url,
                 GError     **error)
{
  const char *args[] = {
    "-print_format", "json", "-show_format", "-show_streams", NULL
  };
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(ScTestProbe) probe = NULL;
  JsonNode *root;
  JsonObject *format;
  JsonArray *streams;

  out = run_ffprobe (args, path_or_url, error);
  if (out == NULL)
    return NULL;
  if (!json_parser_load_from_data (parser, out, -1, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "ffprobe %s: output is not a JSON object", path_or_url);
      return NULL;
    }

  probe = g_new0 (ScTestProbe, 1);
  probe->streams = g_ptr_array_new_with_free_func ((GDestroyNotify) probe_stream_free);
  probe->duration = -1;

  format = json_object_get_object_member (json_node_get_object (root), "format");
  if (format != NULL)
    {
      probe->format_name =
        g_strdup (json_object_get_string_member_with_default (format, "format_name", NULL));
      probe->duration =
        parse_number (json_object_get_string_member_with_default (format, "duration", NULL),
                      -1);
    }

  streams = json_object_get_array_member (json_node_get_object (root), "streams");
  if (streams != NULL)
    json_array_foreach_element (streams, add_stream, probe->streams);

  return g_steal_pointer (&probe);
}

const ScTestProbeStream *
sc_test_probe_get_stream (const ScTestProbe *probe,
                          const char        *codec_type)
{
  for (guint i = 0; i < probe->streams->len; i++)
    {
      const ScTestProbeStream *stream = g_ptr_array_index (probe->streams, i);

      if (g_strcmp0 (stream->codec_type, codec_type) == 0)
        return stream;
    }

  return NULL;
}

void
sc_test_probe_free (ScTestProbe *probe)
{
  if (probe == NULL)
    return;

  g_free (probe->format_name);
  g_clear_pointer (&probe->streams, g_ptr_array_unref);
  g_free (probe);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return (da > db) - (da < db);
}

gboolean
sc_test_ffprobe_packet_duration (const char        *path_or_url,
                                 const char        *select_streams,
                                 ScTestPacketSpan  *span,
                                 GError           **error)
{
  const char *args[] = {
    "-select_streams", select_streams != NULL ? select_streams : "v",
    "-show_entries", "packet=pts_time", "-of", "csv=p=0", NULL
  };
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) pts = g_array_new (FALSE, FALSE, sizeof (double));

  memset (span, 0, sizeof *span);

  out = run_ffprobe (args, path_or_url, error);
  if (out == NULL)
    return FALSE;

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *end = NULL;
      double value = g_ascii_strtod (lines[i], &end);

      /* Lines are "1.234000" (maybe with a trailing comma) or "N/A". */
      if (end != lines[i])
        g_array_append_val (pts, value);
    }

  if (pts->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: no timestamped packets in stream selection \"%s\"",
                   path_or_url, args[1]);
      return FALSE;
    }

  /* Packets come in decode order; with B-frames pts is not monotonic. */
  g_array_sort (pts, compare_doubles);
  span->n_packets = pts->len;
  span->first_pts = g_array_index (pts, double, 0);
  span->last_pts = g_array_index (pts, double, pts->len - 1);
  span->span = span->last_pts - span->first_pts;
  for (guint i = 1; i < pts->len; i++)
    {
      double gap = g_array_index (pts, double, i) - g_array_index (pts, double, i - 1);

      if (gap > span->max_gap)
        {
          span->max_gap = gap;
          span->max_gap_at = g_array_index (pts, double, i);
        }
    }

  return TRUE;
}

/* The plain configuration plus one directive in "application live". */
static ScTestRtmpServer *
new_with_directive (const char  *name,
                    const char  *value,
                    GError     **error)
{
  g_autoptr(ScTestRtmpServer) self = sc_test_rtmp_server_new (error);
  g_autofree char *conf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *directive = NULL;
  g_autoptr(GString) edited = NULL;

  if (self == NULL)
    return NULL;
  /* Stop, edit, start again. */
  sc_test_rtmp_server_stop (self);
  conf = g_build_filename (self->dir, "nginx.conf", NULL);
  if (!g_file_get_contents (conf, &text, NULL, error))
    return NULL;
  edited = g_string_new (text);
  directive = g_strdup_printf ("      live on;\n      %s %s;\n", name, value);
  if (g_string_replace (edited, "      live on;\n", directive, 1) != 1)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "nginx.conf has no 'live on;' line to extend");
      return NULL;
    }
  if (!g_file_set_contents (conf, edited->str, -1, error) || !server_start (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

ScTestRtmpServer *
sc_test_rtmp_server_new_with_on_publish (const char  *on_publish_url,
                                         GError     **error)
{
  return new_with_directive ("on_publish", on_publish_url, error);
}

ScTestRtmpServer *
sc_test_rtmp_server_new_with_push (const char  *push_url,
                                   GError     **error)
{
  return new_with_directive ("push", push_url, error);
}

gboolean
sc_test_ffprobe_first_video_is_keyframe (const char  *path_or_url,
                                         gboolean    *keyframe,
                                         GError     **error)
{
  const char *args[] = {
    "-select_streams", "v:0", "-read_intervals", "%+#1",
    "-show_entries", "packet=flags", "-of", "csv=p=0", NULL
  };
  g_autofree char *out = run_ffprobe (args, path_or_url, error);
  g_auto(GStrv) lines = NULL;

  if (out == NULL)
    return FALSE;
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  if (lines[0] == NULL || lines[0][0] == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: no video packet", path_or_url);
      return FALSE;
    }
  /* Flags read "K_" for a keyframe, "__" otherwise. */
  *keyframe = lines[0][0] == 'K';
  return TRUE;
}
