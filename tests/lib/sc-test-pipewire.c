/* sc-test-pipewire.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "sc-test-pipewire.h"
#include "sc-test-process.h"
#include "sc-test-util.h"

#define TIMEOUT_S 30.0

/* The daemons end with the test even when it aborts. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocess *
spawn_in (const char         *runtime,
          GSubprocessFlags    flags,
          const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "PIPEWIRE_REMOTE");
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  return process;
}

/* gst-inspect-1.0 --exists wants the plugin at GStreamer's own version,
 * which PipeWire's (0.3.x) never is: ask for the element itself. */
static gboolean
require_element (const char *factory)
{
  const char * const argv[] = { "gst-inspect-1.0", factory, NULL };
  g_autoptr(GSubprocess) inspect = NULL;
  g_autofree char *what = NULL;

  inspect = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                     G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL);
  if (inspect != NULL && g_subprocess_wait (inspect, NULL, NULL) &&
      g_subprocess_get_if_exited (inspect) && g_subprocess_get_exit_status (inspect) == 0)
    return TRUE;
  what = g_strdup_printf ("the GStreamer element %s", factory);
  return sc_test_report_missing (what);
}

gboolean
sc_test_pipewire_require (void)
{
  return sc_test_require_tool ("pipewire") && sc_test_require_tool ("wireplumber") &&
         sc_test_require_tool ("pw-cli") && sc_test_require_tool ("gst-launch-1.0") &&
         sc_test_require_tool ("gst-inspect-1.0") &&
         require_element ("pipewiresrc") && require_element ("pipewiresink");
}

static gboolean
socket_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

typedef struct {
  ScTestPipeWire *pw;
  const char     *node_name;
} NodeWait;

/* The id of the node called @node_name, from pw-cli. */
static gboolean
node_found (gpointer data)
{
  NodeWait *wait = data;
  const char * const argv[] = { "pw-cli", "ls", "Node", NULL };
  g_autoptr(GSubprocess) cli = spawn_in (wait->pw->runtime, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                            G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                         argv);
  g_autofree char *wanted = g_strdup_printf ("node.name = \"%s\"", wait->node_name);
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  guint id = 0;

  if (!g_subprocess_communicate_utf8 (cli, NULL, NULL, &out, NULL, NULL) || out == NULL)
    return FALSE;
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = g_strstrip (lines[i]);

      if (g_str_has_prefix (line, "id "))
        id = (guint)g_ascii_strtoull (line + 3, NULL, 10);
      else if (strstr (line, wanted) != NULL && id != 0)
        {
          wait->pw->node = id;
          return TRUE;
        }
    }
  return FALSE;
}

guint
sc_test_pipewire_start (ScTestPipeWire *self,
                        const char     *caps,
                        const char     *properties,
                        const char     *node_name)
{
  const char * const daemon[] = { "pipewire", NULL };
  const char * const manager[] = { "wireplumber", NULL };
  g_autofree char *stream_properties = g_strdup_printf ("stream-properties=%s", properties);
  const char * const producer[] = {
    "gst-launch-1.0", "-q", "videotestsrc", "is-live=true", "pattern=ball", "!", caps, "!",
    "pipewiresink", "mode=provide", stream_properties, NULL
  };
  GSubprocessFlags quiet = G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE;
  g_autofree char *socket = NULL;
  NodeWait wait = { self, node_name };

  self->runtime = sc_test_make_tmp_dir ("sc-pipewire");
  socket = sc_test_pipewire_socket (self);
  self->daemons[0] = spawn_in (self->runtime, quiet, daemon);
  g_assert_true (sc_test_wait_until (socket_exists, socket, TIMEOUT_S));
  self->daemons[1] = spawn_in (self->runtime, quiet, manager);
  self->daemons[2] = spawn_in (self->runtime, quiet, producer);
  g_assert_true (sc_test_wait_until (node_found, &wait, TIMEOUT_S));
  return self->node;
}

char *
sc_test_pipewire_socket (ScTestPipeWire *self)
{
  return g_build_filename (self->runtime, "pipewire-0", NULL);
}

void
sc_test_pipewire_stop (ScTestPipeWire *self)
{
  for (int i = G_N_ELEMENTS (self->daemons) - 1; i >= 0; i--)
    if (self->daemons[i] != NULL)
      {
        g_subprocess_send_signal (self->daemons[i], SIGTERM);
        sc_test_subprocess_wait (self->daemons[i], TIMEOUT_S);
        g_clear_object (&self->daemons[i]);
      }
  if (self->runtime != NULL)
    sc_test_remove_dir (self->runtime);
  g_clear_pointer (&self->runtime, g_free);
}
