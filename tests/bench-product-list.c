/* bench-product-list.c — the window's product list scrolled through a large
 * catalog, frame by frame (bench/catalog.sh runs it; not a test: it measures
 * durations).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-product-list SHOW [FRAMES] [PIXELS_PER_FRAME]
 *
 * Opens the show's catalog in an ScProductList in a 480 x 800 window, then
 * on each frame of GTK's frame clock moves the list's vertical adjustment
 * by PIXELS_PER_FRAME (default 400: a fling, new rows every frame) for
 * FRAMES frames (default 300), jumping back to the top at the end. For each
 * frame it takes the main thread's wall and CPU time from the frame clock's
 * "update" phase to the end of "after-paint" (what the toolkit and the list
 * spent on that frame) and prints the median, 99th percentile and maximum:
 *   frames N rows R wall_ms median p99 max cpu_ms median p99 max over16 W C
 * (W, C: frames whose wall or CPU time was over 16 ms). Run it under Xvfb;
 * the renderer is the caller's GSK_RENDERER. */

#include "config.h"

#include <time.h>

#include "sc-test-ui.h"
#include "studio/sc-show.h"
#include "ui/sc-product-list.h"

typedef struct {
  GtkAdjustment *adjustment;
  guint          frames;
  guint          wanted;
  double         step;
  gint64         wall_start;
  gint64         cpu_start;
  GArray        *wall;   /* double ms */
  GArray        *cpu;
  gboolean       done;
} Run;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64)ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
on_update (GdkFrameClock *clock,
           Run           *run)
{
  double value, upper;

  run->wall_start = g_get_monotonic_time ();
  run->cpu_start = thread_cpu_us ();
  if (run->done)
    return;
  value = gtk_adjustment_get_value (run->adjustment) + run->step;
  upper = gtk_adjustment_get_upper (run->adjustment) -
          gtk_adjustment_get_page_size (run->adjustment);
  gtk_adjustment_set_value (run->adjustment, value > upper ? 0 : value);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_UPDATE);
}

static void
on_after_paint (GdkFrameClock *clock,
                Run           *run)
{
  double wall, cpu;

  if (run->done || run->wall_start == 0)
    return;
  wall = (g_get_monotonic_time () - run->wall_start) / 1000.0;
  cpu = (thread_cpu_us () - run->cpu_start) / 1000.0;
  g_array_append_val (run->wall, wall);
  g_array_append_val (run->cpu, cpu);
  if (++run->frames >= run->wanted)
    run->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Run *)data)->done;
}

static gboolean
has_rows (gpointer data)
{
  return g_list_model_get_n_items (sc_product_list_get_model (data)) > 0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static void
summarize (GArray  *values,
           double  *median,
           double  *p99,
           double  *max,
           guint   *over)
{
  g_array_sort (values, compare_double);
  *median = g_array_index (values, double, values->len / 2);
  *p99 = g_array_index (values, double, MIN (values->len - 1, values->len * 99 / 100));
  *max = g_array_index (values, double, values->len - 1);
  *over = 0;
  for (guint i = 0; i < values->len; i++)
    *over += g_array_index (values, double, i) > 16.0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(ScShow) show = NULL;
  g_autoptr(ScStudio) studio = NULL;
  ScProductList *list;
  GtkWindow *window;
  GtkWidget *view;
  GdkFrameClock *clock;
  Run run = { 0, };
  double wall_median, wall_p99, wall_max, cpu_median, cpu_p99, cpu_max;
  guint wall_over, cpu_over;

  sc_test_ui_init (&argc, &argv);
  if (argc < 2)
    {
      g_printerr ("usage: bench-product-list SHOW [FRAMES] [PIXELS_PER_FRAME]\n");
      return 2;
    }
  run.wanted = argc > 2 ? (guint)g_ascii_strtoull (argv[2], NULL, 10) : 300;
  run.step = argc > 3 ? g_ascii_strtod (argv[3], NULL) : 400;
  if (run.wanted == 0 || run.step <= 0)
    {
      g_printerr ("bench-product-list: FRAMES and PIXELS_PER_FRAME must be positive\n");
      return 2;
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  show = sc_show_new_from_file (file, &error);
  if (show == NULL)
    {
      g_printerr ("bench-product-list: %s\n", error->message);
      return 1;
    }
  studio = sc_studio_new (show);
  list = SC_PRODUCT_LIST (sc_product_list_new ());
  sc_product_list_set_studio (list, studio);
  window = sc_test_ui_window_new (GTK_WIDGET (list), 480, 800);
  if (!sc_test_ui_wait (has_rows, list, 60))
    {
      g_printerr ("bench-product-list: the list stayed empty\n");
      return 1;
    }
  sc_test_ui_spin (500);

  view = sc_test_ui_find_by_type (GTK_WIDGET (list), GTK_TYPE_LIST_VIEW);
  if (view == NULL)
    {
      g_printerr ("bench-product-list: no GtkListView in the product list\n");
      return 1;
    }
  run.adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  run.wall = g_array_new (FALSE, FALSE, sizeof (double));
  run.cpu = g_array_new (FALSE, FALSE, sizeof (double));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "update", G_CALLBACK (on_update), &run);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &run);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_UPDATE);
  if (!sc_test_ui_wait (is_done, &run, 300))
    {
      g_printerr ("bench-product-list: %u of %u frames in 300 s\n", run.frames, run.wanted);
      return 1;
    }
  g_signal_handlers_disconnect_by_data (clock, &run);

  summarize (run.wall, &wall_median, &wall_p99, &wall_max, &wall_over);
  summarize (run.cpu, &cpu_median, &cpu_p99, &cpu_max, &cpu_over);
  g_print ("frames %u rows %u wall_ms %.2f %.2f %.2f cpu_ms %.2f %.2f %.2f over16 %u %u\n",
           run.frames, g_list_model_get_n_items (sc_product_list_get_model (list)),
           wall_median, wall_p99, wall_max, cpu_median, cpu_p99, cpu_max, wall_over, cpu_over);

  sc_test_ui_window_destroy (window);
  g_array_unref (run.wall);
  g_array_unref (run.cpu);
  return 0;
}
