/* sc-headless.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-headless"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <gst/gst.h>
#include <signal.h>
#include <stdio.h>

#include "sc-headless.h"
#include "sc-studio.h"

typedef struct {
  const ScHeadlessOptions *options;
  ScStudio                *studio;
  GMainLoop               *loop;
  guint                    duration_source;
  guint                    rehearse_source;
  guint                    bench_index;
  guint                    bench_source;
  guint                    end_card_source;
  gboolean                 stopping;
  gboolean                 start_failed;
  GError                  *recording_error;  /* the recording failed for good */
} Run;

static void
print_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static void
print_error (const char *format,
             ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("shopcast: %s\n", text);
}

static void
stop_show (Run *run)
{
  g_autoptr(GError) error = NULL;

  if (run->stopping)
    return;
  run->stopping = TRUE;
  /* The snapshot is the last frame of the show, overlays included. */
  if (run->options->snapshot_path != NULL &&
      !sc_studio_snapshot (run->studio, run->options->snapshot_path, &error))
    print_error (_("Could not write the snapshot: %s"), error->message);
  sc_studio_stop (run->studio);
}

static gboolean
end_card_cb (gpointer data)
{
  Run *run = data;
  g_autoptr(GError) error = NULL;

  run->end_card_source = 0;
  if (!sc_studio_set_end_card (run->studio, TRUE, &error))
    print_error ("%s", error->message);
  return G_SOURCE_REMOVE;
}

static gboolean
duration_cb (gpointer data)
{
  Run *run = data;

  run->duration_source = 0;
  stop_show (run);
  return G_SOURCE_REMOVE;
}

static void
go_live (Run *run)
{
  g_autoptr(GError) error = NULL;

  if (!sc_studio_go_live (run->studio, &error))
    {
      print_error (_("The show could not go live: %s"), error->message);
      stop_show (run);
    }
}

static gboolean
rehearse_over_cb (gpointer data)
{
  Run *run = data;

  run->rehearse_source = 0;
  if (!run->stopping)
    go_live (run);
  return G_SOURCE_REMOVE;
}

static gboolean
signal_cb (gpointer data)
{
  stop_show (data);
  return G_SOURCE_CONTINUE;
}

static void
stopped_cb (ScStudio *studio,
            Run      *run)
{
  g_main_loop_quit (run->loop);
}


/* Loud at once, and the exit status says so; the destinations go on. */
static void
recording_failed_cb (ScStudio     *studio,
                     const char   *path,
                     const GError *error,
                     Run          *run)
{
  print_error (_("The recording %s failed: %s. The show goes on without it."),
               path, error->message);
  g_clear_error (&run->recording_error);
  run->recording_error = g_error_copy (error);
}

static void
state_cb (ScStudio   *studio,
          GParamSpec *pspec,
          Run        *run)
{
  /* A show that failed still drains and finalises its recording first. */
  if (sc_studio_get_state (studio) == SC_STUDIO_STATE_FAILED)
    run->stopping = TRUE;
}

/* Benchmarks only: moves the pinned product's stock between 1 and 20. */
static gboolean
bench_stock_cb (gpointer data)
{
  Run *run = data;
  ScProduct *product = sc_studio_get_pinned (run->studio);

  if (product != NULL)
    sc_product_set_stock (product, 1 + (run->bench_index++ % 20));
  return G_SOURCE_CONTINUE;
}

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;
  const ScHeadlessOptions *options = run->options;
  g_autoptr(GError) error = NULL;

  if (!sc_studio_start_finish (run->studio, result, &error))
    {
      print_error (_("The show could not start: %s"), error->message);
      run->start_failed = TRUE;
      g_main_loop_quit (run->loop);
      return;
    }
  /* SIGINT or SIGTERM while the devices were opening. */
  if (run->stopping)
    {
      run->stopping = FALSE;
      stop_show (run);
      return;
    }
  if (options->duration_s > 0)
    run->duration_source = g_timeout_add ((guint)(options->duration_s * 1000), duration_cb, run);
  /* The end card: at once with --end-card, else in the last minutes of a
   * show whose length is known (--duration), when there is a next show. */
  if (options->end_card)
    end_card_cb (run);
  else if (options->duration_s > 0 && sc_show_get_next_show (sc_studio_get_show (run->studio)))
    run->end_card_source =
      g_timeout_add ((guint)(MAX (0, options->duration_s - SC_STUDIO_END_CARD_LEAD_S) * 1000),
                     end_card_cb, run);
  /* Headless shows go live at once, unless told to rehearse first. */
  if (options->rehearse_s > 0)
    run->rehearse_source = g_timeout_add ((guint)(options->rehearse_s * 1000),
                                          rehearse_over_cb, run);
  else
    go_live (run);
  if (options->bench_stock_changes > 0)
    run->bench_source = g_timeout_add ((guint)MAX (1, 1000 / options->bench_stock_changes),
                                       bench_stock_cb, run);
}

/* What happened to each destination and the recording, for whoever ran the
 * show from a script. FALSE when an enabled output never went live. */
static gboolean
print_summary (Run *run)
{
  GListModel *outputs = sc_studio_get_outputs (run->studio);
  guint n = g_list_model_get_n_items (outputs);
  gboolean all_live = TRUE;

  /* A show stopped before it went live streamed nothing: that fails too. */
  if (n == 0)
    return TRUE;
  g_printerr ("%s\n", _("shopcast: summary"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScOutput) output = g_list_model_get_item (outputs, i);
      double live_s = sc_studio_get_output_live_time (run->studio, output);
      gboolean enabled = sc_studio_get_output_enabled (run->studio, output);
      const char *state = sc_output_state_to_string (sc_output_get_state (output));

      if (sc_output_is_recording (output))
        {
          g_printerr (_("  Recording %s: %.1f s, %s"), sc_output_get_display_url (output),
                      live_s, state);
        }
      else
        {
          g_autofree char *sent = g_format_size (sc_output_get_bytes (output));
          guint reconnects = sc_output_get_reconnects (output);
          g_autofree char *reconnect_text =
            g_strdup_printf (ngettext ("%u reconnect", "%u reconnects", reconnects), reconnects);

          g_printerr (_("  %s (%s): live %.1f s, %s, %s sent, %s"),
                      sc_output_get_name (output), sc_output_get_display_url (output), live_s,
                      reconnect_text, sent, state);
        }
      /* What ::recording-failed said; an error while finishing is not one. */
      if (sc_output_is_recording (output) && run->recording_error != NULL)
        {
          g_printerr (" (%s)", run->recording_error->message);
          all_live = FALSE;
        }
      else if (enabled && !sc_studio_get_output_went_live (run->studio, output))
        {
          g_printerr (" %s", _("(never went live)"));
          all_live = FALSE;
        }
      else if (!enabled)
        g_printerr (" %s", _("(switched off)"));
      g_printerr ("\n");
    }
  return all_live;
}

int
sc_headless_run (const ScHeadlessOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = NULL;
  g_autoptr(ScEventLog) log = NULL;
  g_autoptr(ScStudio) studio = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  ScLayoutKind layout;
  Run run = { options, };
  guint sigint, sigterm;
  int status;

  if (options->demo == (options->show_path != NULL))
    {
      print_error (_("--headless needs either --demo or --show FILE"));
      return 2;
    }
  if (options->duration_s < 0)
    {
      print_error (_("--duration must be a positive number of seconds"));
      return 2;
    }
  for (guint i = 0; options->output_urls != NULL && options->output_urls[i] != NULL; i++)
    {
      /* Checked exactly as an output of a show file. */
      g_autoptr(ScOutputConfig) output =
        sc_output_config_new_from_url (NULL, options->output_urls[i], &error);

      if (output == NULL)
        {
          print_error ("%s", error->message);
          return 2;
        }
    }
  if (options->layout != NULL && !sc_layout_kind_from_string (options->layout, &layout))
    {
      print_error (_("--layout %s: expected solo, pip, side-by-side or product-focus"),
                   options->layout);
      return 2;
    }

  gst_init (NULL, NULL);

  if (options->demo)
    show = sc_show_new_demo (&error);
  else
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (options->show_path);

      show = sc_show_new_from_file (file, &error);
    }
  if (show == NULL)
    {
      print_error ("%s", error->message);
      return 2;
    }

  if (options->events_path != NULL)
    {
      log = sc_event_log_new_for_path (options->events_path, &error);
      if (log == NULL)
        {
          print_error (_("Cannot write the event log: %s"), error->message);
          return 2;
        }
    }

  studio = sc_studio_new (show);
  if (log != NULL)
    sc_studio_set_event_log (studio, log);
  for (guint i = 0; options->output_urls != NULL && options->output_urls[i] != NULL; i++)
    sc_studio_add_output_url (studio, options->output_urls[i]);
  if (options->record_path != NULL)
    sc_studio_set_recording_path (studio, options->record_path);
  if (options->layout != NULL)
    sc_studio_set_layout (studio, layout);
  sc_studio_set_auto_advance (studio, options->auto_advance);
  if (options->end_card && sc_show_get_next_show (show) == NULL)
    {
      print_error (_("--end-card: the show has no next_show to show"));
      return 2;
    }
  if (options->pin != NULL && !sc_studio_pin (studio, options->pin, &error))
    {
      print_error ("--pin: %s", error->message);
      return 2;
    }

  loop = g_main_loop_new (NULL, FALSE);
  run.studio = studio;
  run.loop = loop;
  g_signal_connect (studio, "stopped", G_CALLBACK (stopped_cb), &run);
  g_signal_connect (studio, "notify::state", G_CALLBACK (state_cb), &run);
  g_signal_connect (studio, "recording-failed", G_CALLBACK (recording_failed_cb), &run);
  sigint = g_unix_signal_add (SIGINT, signal_cb, &run);
  sigterm = g_unix_signal_add (SIGTERM, signal_cb, &run);
  /* Devices and the show database open off the main thread; the show
   * runs from started_cb on. */
  sc_studio_start_async (studio, NULL, started_cb, &run);

  g_main_loop_run (loop);

  g_clear_handle_id (&sigint, g_source_remove);
  g_clear_handle_id (&sigterm, g_source_remove);
  g_clear_handle_id (&run.duration_source, g_source_remove);
  g_clear_handle_id (&run.end_card_source, g_source_remove);
  g_clear_handle_id (&run.rehearse_source, g_source_remove);
  g_clear_handle_id (&run.bench_source, g_source_remove);
  g_signal_handlers_disconnect_by_data (studio, &run);

  if (run.start_failed)
    status = 1;
  else
    {
      gboolean all_live = print_summary (&run);

      status = sc_studio_get_state (studio) == SC_STUDIO_STATE_FAILED || !all_live ||
               run.recording_error != NULL ? 1 : 0;
    }
  g_clear_error (&run.recording_error);
  if (log != NULL)
    sc_event_log_close (log);
  return status;
}
