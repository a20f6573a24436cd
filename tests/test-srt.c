/* test-srt.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SRT outputs: srt:// URLs checked with clear errors, and the shopcast
 * binary sending MPEG-TS over SRT to srt-live-transmit (package srt-tools)
 * listening on loopback, which writes what arrives to a file that ffprobe
 * reads. Killing and restarting srt-live-transmit shows the reconnect in
 * the output's events. */

#include "config.h"

#include <signal.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <glib/gstdio.h>

#include <gst/gst.h>

#include "media/sc-media-config.h"
#include "media/sc-media-error.h"
#include "media/sc-output.h"
#include "sc-test-rtmp.h"

/* Generous: a show of a few seconds on a loaded 2-core machine. */
#define RUN_TIMEOUT_S 120

typedef struct {
  char *tmpdir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->tmpdir = sc_test_make_tmp_dir ("sc-srt");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sc_test_remove_dir (f->tmpdir);
  g_free (f->tmpdir);
}

/* URLs */

static void
test_url_errors (void)
{
  static const struct {
    const char *url;
    const char *message;
  } bad[] = {
    { "ftp://x", "expected an rtmp://, rtmps:// or srt:// URL, got \"ftp://x\"" },
    { "srt://relay.example.com", "an SRT URL needs a port" },
    { "srt://relay.example.com:0", "the SRT port must be a number from 1 to 65535, got \"0\"" },
    { "srt://relay.example.com:65536", "from 1 to 65535, got \"65536\"" },
    { "srt://relay.example.com:90x0", "from 1 to 65535, got \"90x0\"" },
    { "srt://relay.example.com:", "from 1 to 65535, got \"\"" },
    { "srt://:9000", "with a host name" },
    { "srt://relay.example.com:9000?mode=listener", "unknown SRT parameter \"mode\"" },
    { "srt://relay.example.com:9000?streamid=a&streamid=b", "\"streamid\" is given twice" },
    { "srt://relay.example.com:9000?latency=5", "milliseconds from 20 to 10000, got \"5\"" },
    { "srt://relay.example.com:9000?latency=fast", "got \"fast\"" },
    { "srt://relay.example.com:9000?latency", "\"latency\" needs a value" },
    { "srt://relay.example.com:9000?streamid=", "streamid must have 1 to 512 characters" },
    { "srt://relay.example.com:9000/live", "an SRT URL has no path" },
    { "srt://relay.example.com:9000?streamid=#!::r=live", "must be written %23" },
    { "srt://me@relay.example.com:9000", "no user name or password" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ScOutputConfig) config = sc_output_config_new_from_url (NULL, bad[i].url,
                                                                        &error);

      g_test_message ("%s: %s", bad[i].url, error ? error->message : "(accepted)");
      g_assert_null (config);
      g_assert_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, bad[i].message));
    }

  /* A passphrase in the URL is refused without being repeated. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ScOutputConfig) config =
      sc_output_config_new_from_url (NULL, "srt://relay.example.com:9000?passphrase=hunter2hunter2",
                                     &error);

    g_assert_null (config);
    g_assert_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "key_env"));
    g_assert_null (strstr (error->message, "hunter2"));
  }
}

static void
test_url_parse (void)
{
  g_auto(ScSrtUrl) url = { NULL, 0, NULL, -1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(ScOutputConfig) config = NULL;
  g_autofree char *full = NULL;
  ScRateControl rate_control;
  ScH264Profile profile;

  g_assert_true (sc_srt_url_parse ("srt://[::1]:9000?streamid=%23!::r=live/show,m=publish"
                                   "&latency=300", &url, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (url.host, ==, "::1");
  g_assert_cmpint (url.port, ==, 9000);
  g_assert_cmpstr (url.streamid, ==, "#!::r=live/show,m=publish");
  g_assert_cmpint (url.latency_ms, ==, 300);
  sc_srt_url_clear (&url);

  g_assert_true (sc_srt_url_parse ("SRT://relay.example.com:4200/", &url, &error));
  g_assert_cmpstr (url.host, ==, "relay.example.com");
  g_assert_cmpint (url.port, ==, 4200);
  g_assert_null (url.streamid);
  g_assert_cmpint (url.latency_ms, ==, -1);

  /* Any host, as rtmp:// takes any host: without a passphrase the stream
   * travels in clear either way, and the passphrase never travels. */
  config = sc_output_config_new_from_url ("Relay", "srt://relay.example.com:9000?latency=120",
                                          &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);
  /* The passphrase goes to the socket, never into a URL. */
  config->key = g_strdup ("correct-horse-battery");
  full = sc_output_config_full_url (config);
  g_assert_cmpstr (full, ==, "srt://relay.example.com:9000?latency=120");
  /* The encoder plan: an SRT destination asks for constant bitrate. */
  sc_output_config_get_wishes (config, &rate_control, &profile);
  g_assert_cmpint (rate_control, ==, SC_RATE_CONTROL_CBR);
  g_assert_cmpint (profile, ==, SC_H264_PROFILE_AUTO);

  {
    g_autofree char *short_one = sc_srt_passphrase_problem ("short");
    g_autofree char *long_one = NULL;
    g_autofree char *too_long = g_strnfill (80, 'x');

    g_assert_nonnull (short_one);
    g_assert_nonnull (strstr (short_one, "10 to 79 characters"));
    g_assert_null (strstr (short_one, "short"));
    g_assert_null (sc_srt_passphrase_problem ("0123456789"));
    long_one = sc_srt_passphrase_problem (too_long);
    g_assert_nonnull (long_one);
  }
}

/* A passphrase from the key store that libsrt cannot take fails the output
 * at once, without retrying and without repeating the passphrase. */
static void
test_bad_passphrase_fails (void)
{
  g_autoptr(ScOutputConfig) config = sc_output_config_new ("Relay",
                                                           "srt://127.0.0.1:9?latency=200");
  g_autoptr(ScOutput) output = NULL;
  ScEncodingConfig encoding;
  const GError *error;

  sc_encoding_config_init_defaults (&encoding);
  config->key = g_strdup ("tiny-pw");
  output = sc_output_new_destination (config, &encoding);
  g_assert_cmpstr (sc_output_get_display_url (output), ==, "srt://127.0.0.1:9/***");
  sc_output_start (output);
  g_assert_cmpint (sc_output_get_state (output), ==, SC_OUTPUT_STATE_FAILED);
  g_assert_cmpfloat (sc_output_get_next_retry (output), <, 0);
  error = sc_output_get_error (output);
  g_assert_error ((GError *)error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "10 to 79 characters"));
  g_assert_null (strstr (error->message, "tiny-pw"));
  /* An RTMP address cannot be swapped in: an output stays what it is. */
  {
    g_autoptr(ScOutputConfig) rtmp = sc_output_config_new ("Relay", "rtmp://127.0.0.1/live");

    g_assert_false (sc_output_update_config (output, rtmp));
  }
  sc_encoding_config_clear (&encoding);
}

/* srt-live-transmit */

/* A UDP port on 127.0.0.1 that was free a moment ago. */
static guint16
free_udp_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                            G_SOCKET_PROTOCOL_UDP, &error);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* Whether a socket is bound to UDP @port on 127.0.0.1 (/proc/net/udp): the
 * listener is ready, as a TCP server would be once it accepts. */
static gboolean
udp_port_bound (gpointer data)
{
  guint16 port = GPOINTER_TO_UINT (data);
  g_autofree char *table = NULL;
  g_autofree char *needle = g_strdup_printf (" 0100007F:%04X ", port);

  return g_file_get_contents ("/proc/net/udp", &table, NULL, NULL) &&
         strstr (table, needle) != NULL;
}

typedef struct {
  GSubprocess *process;
  char        *out_path;
} Listener;

static void
die_with_parent (gpointer data)
{
#ifdef __linux__
  /* A failed assertion must not leave srt-live-transmit holding its port. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

/* srt-live-transmit listening on srt://127.0.0.1:@port (with @passphrase
 * unless NULL), writing the MPEG-TS it receives to @out_path. */
static Listener *
listener_start (const char *tmpdir,
                guint16     port,
                const char *passphrase,
                const char *out_name)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  g_autofree char *program = sc_test_find_program ("srt-live-transmit");
  g_autofree char *err_name = g_strconcat (out_name, ".stderr", NULL);
  g_autofree char *err_path = g_build_filename (tmpdir, err_name, NULL);
  g_autofree char *uri = passphrase != NULL
                         ? g_strdup_printf ("srt://127.0.0.1:%u?mode=listener&passphrase=%s",
                                            port, passphrase)
                         : g_strdup_printf ("srt://127.0.0.1:%u?mode=listener", port);
  Listener *listener = g_new0 (Listener, 1);

  listener->out_path = g_build_filename (tmpdir, out_name, NULL);
  g_subprocess_launcher_set_stdout_file_path (launcher, listener->out_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, err_path);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  listener->process = g_subprocess_launcher_spawn (launcher, &error, program, "-q", uri,
                                                   "file://con", NULL);
  g_assert_no_error (error);
  g_assert_true (sc_test_wait_until (udp_port_bound, GUINT_TO_POINTER (port), 30));
  return listener;
}

static void
listener_stop (Listener *listener)
{
  if (listener->process != NULL)
    {
      g_subprocess_send_signal (listener->process, SIGTERM);
      sc_test_subprocess_wait (listener->process, 30);
      g_clear_object (&listener->process);
    }
}

static void
listener_free (Listener *listener)
{
  listener_stop (listener);
  g_free (listener->out_path);
  g_free (listener);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Listener, listener_free)

/* A show with one SRT destination named "Relay" and no recording. */
static char *
write_show (const char *tmpdir,
            const char *url,
            const char *key_env,
            int         max_retries)
{
  g_autofree char *path = g_build_filename (tmpdir, "srt.shopcast", NULL);
  g_autofree char *key = key_env ? g_strdup_printf (", \"key_env\": \"%s\"", key_env)
                                 : g_strdup ("");
  g_autofree char *show =
    g_strdup_printf ("{\"title\": \"SRT\","
                     " \"sources\": [{\"id\": \"host\", \"kind\": \"test-pattern\"},"
                     "               {\"id\": \"mic\", \"kind\": \"test-tone\"}],"
                     " \"outputs\": [{\"name\": \"Relay\", \"url\": \"%s\"%s}],"
                     " \"recording\": {\"enabled\": false},"
                     " \"reconnect\": {\"initial_delay_s\": 0.3, \"max_retries\": %d}}",
                     url, key, max_retries);

  g_assert_true (g_file_set_contents (path, show, -1, NULL));
  return g_steal_pointer (&path);
}

typedef struct {
  const char *events_path;
  guint       from;
  const char *state;
  int         found;
} StateWait;

static gboolean
state_reached (gpointer data)
{
  StateWait *wait = data;
  g_autoptr(GPtrArray) events = sc_test_read_events_so_far (wait->events_path);

  wait->found = sc_test_find_event (events, wait->from, "output-state", "state", wait->state);
  return wait->found >= 0;
}

/* The index of the first output-state @state at or after @from, waiting. */
static int
wait_for_state (const char *events_path,
                guint       from,
                const char *state)
{
  StateWait wait = { events_path, from, state, -1 };

  g_assert_true (sc_test_wait_until (state_reached, &wait, RUN_TIMEOUT_S));
  return wait.found;
}

/* H.264 and AAC arrived, with media timestamps spanning some time. */
static double
assert_received (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScTestProbe) probe = sc_test_ffprobe (path, &error);
  ScTestPacketSpan video, audio;
  gboolean keyframe = FALSE;

  g_assert_no_error (error);
  g_assert_cmpstr (probe->format_name, ==, "mpegts");
  g_assert_nonnull (sc_test_probe_get_stream (probe, "video"));
  g_assert_cmpstr (sc_test_probe_get_stream (probe, "video")->codec_name, ==, "h264");
  g_assert_cmpint (sc_test_probe_get_stream (probe, "video")->width, ==, 1280);
  g_assert_nonnull (sc_test_probe_get_stream (probe, "audio"));
  g_assert_cmpstr (sc_test_probe_get_stream (probe, "audio")->codec_name, ==, "aac");
  g_assert_cmpint (sc_test_probe_get_stream (probe, "audio")->sample_rate, ==, 48000);

  g_assert_true (sc_test_ffprobe_packet_duration (path, "v", &video, &error));
  g_assert_no_error (error);
  g_assert_true (sc_test_ffprobe_packet_duration (path, "a", &audio, &error));
  g_assert_no_error (error);
  g_test_message ("%s: video %u packets over %.2f s, audio %u packets over %.2f s", path,
                  video.n_packets, video.span, audio.n_packets, audio.span);
  g_assert_cmpfloat (video.span, >, 0);
  g_assert_cmpfloat (audio.span, >, 0);
  /* Each connection starts at a keyframe: a relay can pass it on at once. */
  g_assert_true (sc_test_ffprobe_first_video_is_keyframe (path, &keyframe, &error));
  g_assert_no_error (error);
  g_assert_true (keyframe);
  return video.span;
}

static gboolean
require_srt_tools (void)
{
  return sc_test_require_tool ("srt-live-transmit") && sc_test_require_tool ("ffprobe") &&
         sc_test_require_gst_element ("srtsink") && sc_test_require_gst_element ("mpegtsmux");
}

/* Live, then srt-live-transmit goes away and comes back: the output says it
 * lost the connection, retries with backoff and is live again. */
static void
test_stream_and_reconnect (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(Listener) first = NULL;
  g_autoptr(Listener) second = NULL;
  g_autoptr(ScTestProcess) process = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *events_path = g_build_filename (f->tmpdir, "events.jsonl", NULL);
  g_autofree char *url = NULL;
  g_autofree char *shown_url = NULL;
  g_autofree char *show_path = NULL;
  guint16 port;
  int live, lost, again;
  JsonObject *e;

  if (!require_srt_tools ())
    return;
  port = free_udp_port ();
  url = g_strdup_printf ("srt://127.0.0.1:%u?streamid=shopcast/show&latency=200", port);
  show_path = write_show (f->tmpdir, url, NULL, -1);
  first = listener_start (f->tmpdir, port, NULL, "first.ts");

  {
    const char *args[] = { "--headless", "--show", show_path, "--events", events_path, NULL };

    process = sc_test_shopcast_spawn (NULL, args);
  }
  live = wait_for_state (events_path, 0, "live");
  /* Some stream went through before the listener goes. */
  g_assert_true (sc_test_wait_for_events (events_path, "stats", 2, RUN_TIMEOUT_S));
  listener_stop (first);
  lost = wait_for_state (events_path, live + 1, "reconnecting");

  second = listener_start (f->tmpdir, port, NULL, "second.ts");
  again = wait_for_state (events_path, lost + 1, "live");
  {
    g_autoptr(GPtrArray) so_far = sc_test_read_events_so_far (events_path);
    guint stats = sc_test_count_events (so_far, "stats");

    g_assert_true (sc_test_wait_for_events (events_path, "stats", stats + 2, RUN_TIMEOUT_S));
  }
  sc_test_process_send_signal (process, SIGINT);
  g_assert_true (sc_test_process_wait (process, RUN_TIMEOUT_S));
  g_assert_cmpint (sc_test_process_get_status (process), ==, 0);
  listener_stop (second);

  events = sc_test_read_events (events_path);
  e = g_ptr_array_index (events, live);
  g_assert_cmpstr (json_object_get_string_member (e, "name"), ==, "Relay");
  /* The streamid is not shown: some relays take a stream key there. */
  shown_url = g_strdup_printf ("srt://127.0.0.1:%u/***", port);
  g_assert_cmpstr (json_object_get_string_member (e, "url"), ==, shown_url);
  g_assert_cmpint (json_object_get_int_member (e, "attempt"), ==, 0);
  e = g_ptr_array_index (events, lost);
  g_test_message ("lost: %s", json_object_get_string_member (e, "error"));
  g_assert_cmpint (json_object_get_int_member (e, "attempt"), ==, 1);
  g_assert_nonnull (strstr (json_object_get_string_member (e, "error"), "was lost"));
  g_assert_false (json_object_get_null_member (e, "next_retry_s"));
  /* Every state in between is a retry: connecting or reconnecting. */
  for (int i = lost + 1; i < again; i++)
    {
      const char *state;

      e = g_ptr_array_index (events, i);
      if (g_strcmp0 (json_object_get_string_member (e, "event"), "output-state") != 0 ||
          g_strcmp0 (json_object_get_string_member (e, "name"), "Relay") != 0)
        continue;
      state = json_object_get_string_member (e, "state");
      g_test_message ("then %s, attempt %" G_GINT64_FORMAT ", %s", state,
                      json_object_get_int_member (e, "attempt"),
                      json_object_get_string_member_with_default (e, "error", "null"));
      g_assert_true (g_str_equal (state, "connecting") || g_str_equal (state, "reconnecting"));
      g_assert_cmpint (json_object_get_int_member (e, "attempt"), >=, 1);
    }
  e = g_ptr_array_index (events, again);
  g_assert_cmpint (json_object_get_int_member (e, "attempt"), ==, 0);
  g_assert_cmpint (sc_test_find_event (events, again + 1, "output-state", "state", "stopped"),
                   >, again);
  /* The last stats line counts the reconnect. */
  {
    JsonArray *outputs = json_object_get_array_member (sc_test_last_event (events, "stats"),
                                                       "outputs");
    JsonObject *relay = json_array_get_object_element (outputs, 0);

    g_assert_cmpstr (json_object_get_string_member (relay, "name"), ==, "Relay");
    g_assert_cmpint (json_object_get_int_member (relay, "reconnects"), >=, 1);
    g_assert_cmpint (json_object_get_int_member (relay, "bytes"), >, 0);
  }

  /* What each connection delivered plays: H.264 and AAC from a keyframe. */
  assert_received (first->out_path);
  assert_received (second->out_path);
}

/* The passphrase comes from the environment (the key store in the window),
 * encrypts the stream, and is never written anywhere; a wrong one is a
 * refused key that ends in `failed`. */
static void
test_passphrase (Fixture       *f,
                 gconstpointer  data)
{
  const char *passphrase = "sekrit-srt-passphrase";
  g_autoptr(Listener) listener = NULL;
  g_autofree char *events_path = g_build_filename (f->tmpdir, "events.jsonl", NULL);
  g_autofree char *url = NULL;
  g_autofree char *show_path = NULL;
  g_autofree char *log = NULL;
  guint16 port;

  if (!require_srt_tools ())
    return;
  port = free_udp_port ();
  url = g_strdup_printf ("srt://127.0.0.1:%u?latency=200", port);
  show_path = write_show (f->tmpdir, url, "SC_TEST_SRT_PASSPHRASE", 2);
  listener = listener_start (f->tmpdir, port, passphrase, "secret.ts");

  {
    const char *env[] = { "SC_TEST_SRT_PASSPHRASE=sekrit-srt-passphrase", NULL };
    const char *args[] = { "--headless", "--show", show_path, "--events", events_path, NULL };
    g_autoptr(ScTestProcess) process = sc_test_shopcast_spawn (env, args);

    g_assert_true (sc_test_wait_for_event (events_path, "output-state", "state", "live",
                                           RUN_TIMEOUT_S));
    g_assert_true (sc_test_wait_for_events (events_path, "stats", 2, RUN_TIMEOUT_S));
    sc_test_process_send_signal (process, SIGINT);
    g_assert_true (sc_test_process_wait (process, RUN_TIMEOUT_S));
    g_assert_cmpint (sc_test_process_get_status (process), ==, 0);
    g_assert_null (strstr (sc_test_process_get_stderr (process), passphrase));
    g_assert_null (strstr (sc_test_process_get_stdout (process), passphrase));
  }
  g_assert_true (g_file_get_contents (events_path, &log, NULL, NULL));
  g_assert_null (strstr (log, passphrase));
  listener_stop (listener);
  assert_received (listener->out_path);

  /* A wrong passphrase: the listener refuses each handshake. */
  g_clear_pointer (&listener, listener_free);
  g_assert_cmpint (g_unlink (events_path), ==, 0);
  listener = listener_start (f->tmpdir, port, passphrase, "refused.ts");
  {
    const char *env[] = { "SC_TEST_SRT_PASSPHRASE=not-the-passphrase", NULL };
    const char *args[] = { "--headless", "--show", show_path, "--events", events_path, NULL };
    g_autoptr(ScTestProcess) process = sc_test_shopcast_spawn (env, args);
    g_autoptr(GPtrArray) events = NULL;
    JsonObject *failed;

    g_assert_true (sc_test_wait_for_event (events_path, "output-state", "state", "failed",
                                           RUN_TIMEOUT_S));
    sc_test_process_send_signal (process, SIGINT);
    g_assert_true (sc_test_process_wait (process, RUN_TIMEOUT_S));
    g_assert_cmpint (sc_test_process_get_status (process), ==, 1);
    events = sc_test_read_events (events_path);
    g_assert_cmpint (sc_test_find_event (events, 0, "output-state", "state", "live"), ==, -1);
    failed = g_ptr_array_index (events, sc_test_find_event (events, 0, "output-state", "state",
                                                            "failed"));
    g_test_message ("failed: %s", json_object_get_string_member (failed, "error"));
    g_assert_nonnull (strstr (json_object_get_string_member (failed, "error"),
                              "refused the stream"));
    g_assert_null (strstr (sc_test_process_get_stderr (process), "not-the-passphrase"));
  }

  /* Too short for libsrt: refused at load, naming the variable, not the value. */
  {
    const char *env[] = { "SC_TEST_SRT_PASSPHRASE=tiny", NULL };
    const char *args[] = { "--headless", "--show", show_path, "--duration", "1", NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (sc_test_run_shopcast (env, args, NULL, &err, RUN_TIMEOUT_S), ==, 2);
    g_test_message ("%s", err);
    g_assert_nonnull (strstr (err, "SC_TEST_SRT_PASSPHRASE"));
    g_assert_nonnull (strstr (err, "10 to 79 characters"));
    g_assert_null (strstr (err, "tiny"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);

  g_test_add_func ("/srt/url-errors", test_url_errors);
  g_test_add_func ("/srt/url-parse", test_url_parse);
  g_test_add_func ("/srt/bad-passphrase-fails", test_bad_passphrase_fails);
  g_test_add ("/srt/stream-and-reconnect", Fixture, NULL, fixture_set_up,
              test_stream_and_reconnect, fixture_tear_down);
  g_test_add ("/srt/passphrase", Fixture, NULL, fixture_set_up, test_passphrase,
              fixture_tear_down);

  return g_test_run ();
}
