/* sc-test-process.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-test"

#include "config.h"

#include <signal.h>
#include <string.h>

#include "sc-test-process.h"
#include "sc-test-util.h"

#define KILL_TIMEOUT_S 5.0

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

gboolean
sc_test_subprocess_wait (GSubprocess *process,
                         double       timeout_s)
{
  /* Shared with the callback, which may run after this returns. */
  gboolean *exited = g_rc_box_new0 (gboolean);
  gboolean in_time;

  g_subprocess_wait_async (process, NULL, on_process_exited, g_rc_box_acquire (exited));
  in_time = sc_test_wait_until (flag_is_set, exited, timeout_s);
  if (!in_time)
    {
      g_subprocess_force_exit (process);
      sc_test_wait_until (flag_is_set, exited, KILL_TIMEOUT_S);
    }
  g_rc_box_release (exited);

  return in_time;
}

typedef struct {
  gboolean done;
  char    *out;
  char    *err;
} Output;

struct _ScTestProcess
{
  GSubprocess *process;
  Output      *output;     /* g_rc_box shared with the communicate callback */
  gboolean     waited;
};

static void
output_clear (Output *output)
{
  g_free (output->out);
  g_free (output->err);
}

static void
on_communicated (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Output *output = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result,
                                             &output->out, &output->err, &error))
    g_test_message ("reading the output of shopcast: %s", error->message);
  output->done = TRUE;
  g_rc_box_release_full (output, (GDestroyNotify) output_clear);
}

static const char *
binary (void)
{
  const char *bin = g_getenv ("SHOPCAST_BIN");

  if (bin == NULL)
    g_error ("SHOPCAST_BIN is not set: run the tests with meson test");
  return bin;
}

ScTestProcess *
sc_test_shopcast_spawn (const char * const *env,
                        const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  ScTestProcess *self = g_new0 (ScTestProcess, 1);
  Output *output = g_rc_box_new0 (Output);

  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      const char *equals = strchr (env[i], '=');

      if (equals == NULL)
        {
          g_subprocess_launcher_unsetenv (launcher, env[i]);
        }
      else
        {
          g_autofree char *name = g_strndup (env[i], equals - env[i]);

          g_subprocess_launcher_setenv (launcher, name, equals + 1, TRUE);
        }
    }

  g_ptr_array_add (argv, (gpointer) binary ());
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (self->process, NULL, NULL, on_communicated,
                                       g_rc_box_acquire (output));
  self->output = output;
  return self;
}

ScTestProcess *
sc_test_shopcast_spawn_va (const char * const *env,
                           const char         *first_arg,
                           ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return sc_test_shopcast_spawn (env, (const char * const *) args->pdata);
}

GSubprocess *
sc_test_process_get_subprocess (ScTestProcess *self)
{
  return self->process;
}

void
sc_test_process_send_signal (ScTestProcess *self,
                             int            signal_num)
{
  g_subprocess_send_signal (self->process, signal_num);
}

gboolean
sc_test_process_wait (ScTestProcess *self,
                      double         timeout_s)
{
  gboolean in_time = sc_test_subprocess_wait (self->process, timeout_s);

  /* The pipes close with the process: the rest of the output follows. */
  sc_test_wait_until (flag_is_set, &self->output->done, KILL_TIMEOUT_S);
  self->waited = TRUE;
  if (!in_time)
    g_test_message ("shopcast did not exit within %.0f s and was killed", timeout_s);
  return in_time;
}

int
sc_test_process_get_status (ScTestProcess *self)
{
  g_assert_true (self->waited);
  if (!g_subprocess_get_if_exited (self->process))
    {
      g_test_message ("shopcast was killed by signal %d; its errors: %s",
                      g_subprocess_get_if_signaled (self->process) ?
                      g_subprocess_get_term_sig (self->process) : 0,
                      sc_test_process_get_stderr (self));
      return -1;
    }
  return g_subprocess_get_exit_status (self->process);
}

const char *
sc_test_process_get_stdout (ScTestProcess *self)
{
  const char *out = self->output->out;

  return out != NULL ? out : "";
}

const char *
sc_test_process_get_stderr (ScTestProcess *self)
{
  const char *err = self->output->err;

  return err != NULL ? err : "";
}

gsize
sc_test_process_get_rss_kb (ScTestProcess *self)
{
  const char *pid = g_subprocess_get_identifier (self->process);
  g_autofree char *path = NULL;
  g_autofree char *status = NULL;
  const char *line;

  if (pid == NULL)
    return 0;
  path = g_build_filename ("/proc", pid, "status", NULL);
  if (!g_file_get_contents (path, &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");
  return line != NULL ? (gsize) g_ascii_strtoull (line + strlen ("VmRSS:"), NULL, 10) : 0;
}

void
sc_test_process_free (ScTestProcess *self)
{
  if (self == NULL)
    return;

  if (!self->waited)
    sc_test_process_wait (self, 0);
  g_rc_box_release_full (self->output, (GDestroyNotify) output_clear);
  g_clear_object (&self->process);
  g_free (self);
}

int
sc_test_run_shopcast (const char * const  *env,
                      const char * const  *args,
                      char               **out,
                      char               **err,
                      double               timeout_s)
{
  g_autoptr(ScTestProcess) process = sc_test_shopcast_spawn (env, args);
  int status;

  g_assert_true (sc_test_process_wait (process, timeout_s));
  status = sc_test_process_get_status (process);
  if (out != NULL)
    *out = g_strdup (sc_test_process_get_stdout (process));
  if (err != NULL)
    *err = g_strdup (sc_test_process_get_stderr (process));
  return status;
}
