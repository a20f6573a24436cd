/* bench/preview-floor.c — the least a 25 fps preview can cost in a GTK 4 window.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A window holding nothing but a preview: a live 1280x720 I420 test pattern at
 * 30 fps, five frames in six scaled and converted to BGRA at the preview's
 * size in a "preview-queue" thread (videoconvertscale chroma-mode=none, as
 * Shopcast's preview branch does), handed to the main thread and painted 1:1
 * through a cairo node (as sc-preview.c does for GTK's cairo renderer). No
 * compositor, no encoder, no other widget.
 *
 * After WARMUP seconds it reads its threads' CPU time from /proc/self/task for
 * SECONDS seconds, prints one line per thread and the frames it painted, and
 * quits. bench/window.sh builds and runs it; by hand:
 *
 *   cc -O2 -o preview-floor bench/preview-floor.c \
 *      $(pkg-config --cflags --libs gtk4 gstreamer-app-1.0 gstreamer-video-1.0)
 *   GSK_RENDERER=cairo xvfb-run -a dbus-run-session ./preview-floor 20 669 376
 */

#include <gtk/gtk.h>
#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define WARMUP 3

typedef struct {
  GtkWidget        parent_instance;
  cairo_surface_t *frame;
  guint            painted;
} FloorView;

typedef GtkWidgetClass FloorViewClass;

GType floor_view_get_type (void);

G_DEFINE_TYPE (FloorView, floor_view, GTK_TYPE_WIDGET)

static void
floor_view_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  FloorView *self = (FloorView *) widget;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->frame == NULL)
    {
      gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 1 },
                                 &GRAPHENE_RECT_INIT (0, 0, width, height));
      return;
    }
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_surface (cr, self->frame, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  self->painted++;
}

static void
floor_view_finalize (GObject *object)
{
  g_clear_pointer (&((FloorView *) object)->frame, cairo_surface_destroy);
  G_OBJECT_CLASS (floor_view_parent_class)->finalize (object);
}

static void
floor_view_class_init (FloorViewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = floor_view_finalize;
  klass->snapshot = floor_view_snapshot;
}

static void
floor_view_init (FloorView *self)
{
}

typedef struct {
  FloorView       *view;
  cairo_surface_t *frame;
} Frame;

static const cairo_user_data_key_t buffer_key;

static void
unmap_buffer (gpointer data)
{
  GstVideoFrame *frame = data;
  GstBuffer *buffer = frame->buffer;

  gst_video_frame_unmap (frame);
  gst_buffer_unref (buffer);
  g_free (frame);
}

static gboolean
show_frame (gpointer data)
{
  Frame *frame = data;

  g_clear_pointer (&frame->view->frame, cairo_surface_destroy);
  frame->view->frame = frame->frame;
  gtk_widget_queue_draw (GTK_WIDGET (frame->view));
  g_object_unref (frame->view);
  g_free (frame);
  return G_SOURCE_REMOVE;
}

static GstFlowReturn
new_sample (GstAppSink *sink,
            gpointer    user_data)
{
  GstSample *sample = gst_app_sink_pull_sample (sink);
  GstVideoFrame *video = g_new0 (GstVideoFrame, 1);
  GstVideoInfo info;
  Frame *frame;

  if (sample == NULL)
    return GST_FLOW_EOS;
  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample)) ||
      !gst_video_frame_map (video, &info, gst_buffer_ref (gst_sample_get_buffer (sample)),
                            GST_MAP_READ))
    g_error ("preview-floor: cannot map a frame");
  gst_sample_unref (sample);
  frame = g_new0 (Frame, 1);
  frame->view = g_object_ref (user_data);
  frame->frame = cairo_image_surface_create_for_data (GST_VIDEO_FRAME_PLANE_DATA (video, 0),
                                                      CAIRO_FORMAT_ARGB32,
                                                      GST_VIDEO_FRAME_WIDTH (video),
                                                      GST_VIDEO_FRAME_HEIGHT (video),
                                                      GST_VIDEO_FRAME_PLANE_STRIDE (video, 0));
  cairo_surface_set_user_data (frame->frame, &buffer_key, video, unmap_buffer);
  g_main_context_invoke (NULL, show_frame, frame);
  return GST_FLOW_OK;
}

/* Thread id -> name and CPU ticks (utime + stime), from /proc/self/task. */
static GHashTable *
read_threads (void)
{
  GHashTable *ticks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GDir *dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;

  while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/stat", tid);
      g_autofree char *stat = NULL;
      g_auto(GStrv) fields = NULL;
      const char *open, *close;

      if (!g_file_get_contents (path, &stat, NULL, NULL) ||
          (open = strchr (stat, '(')) == NULL || (close = strrchr (stat, ')')) == NULL)
        continue;
      /* Fields after the name: state is the 3rd of the line, utime the 14th. */
      fields = g_strsplit (close + 2, " ", 0);
      if (g_strv_length (fields) < 13)
        continue;
      g_hash_table_insert (ticks,
                           g_strdup_printf ("%s %.*s", tid, (int) (close - open - 1), open + 1),
                           GSIZE_TO_POINTER (g_ascii_strtoull (fields[11], NULL, 10)
                                             + g_ascii_strtoull (fields[12], NULL, 10)));
    }
  if (dir != NULL)
    g_dir_close (dir);
  return ticks;
}

typedef struct {
  GtkWindow  *window;
  FloorView  *view;
  GHashTable *start;
  guint       painted;
  int         seconds;
} Measure;

static gboolean
measure_end (gpointer data)
{
  Measure *m = data;
  g_autoptr(GHashTable) end = read_threads ();
  double hz = sysconf (_SC_CLK_TCK);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, end);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gsize before = GPOINTER_TO_SIZE (g_hash_table_lookup (m->start, key));
      gsize after = GPOINTER_TO_SIZE (value);

      if (after > before)
        printf ("thread: %s %.1f\n", strchr (key, ' ') + 1,
                100.0 * (after - before) / hz / m->seconds);
    }
  printf ("painted: %.1f fps\n", (double) (m->view->painted - m->painted) / m->seconds);
  fflush (stdout);
  gtk_window_destroy (m->window);
  return G_SOURCE_REMOVE;
}

static gboolean
measure_start (gpointer data)
{
  Measure *m = data;

  m->start = read_threads ();
  m->painted = m->view->painted;
  g_timeout_add_seconds (m->seconds, measure_end, m);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  int seconds = argc > 1 ? atoi (argv[1]) : 20;
  int width = argc > 2 ? atoi (argv[2]) : 669;
  int height = argc > 3 ? atoi (argv[3]) : 376;
  g_autofree char *description = NULL;
  g_autoptr(GError) error = NULL;
  GstElement *pipeline, *sink;
  GtkWidget *window, *box, *view;
  Measure m = { 0 };

  if (seconds <= 0 || width < 2 || height < 2)
    {
      fprintf (stderr, "usage: preview-floor [seconds] [width] [height]\n");
      return 2;
    }
  gtk_init ();
  gst_init (&argc, &argv);

  description = g_strdup_printf ("videotestsrc is-live=true pattern=smpte ! "
                                 "video/x-raw,format=I420,width=1280,height=720,framerate=30/1 ! "
                                 "queue name=preview-queue leaky=downstream max-size-buffers=1 "
                                 "max-size-bytes=0 max-size-time=0 ! "
                                 "videorate drop-only=true max-rate=25 ! "
                                 "videoconvertscale chroma-mode=none ! "
                                 "video/x-raw,format=BGRA,width=%d,height=%d ! "
                                 "appsink name=sink sync=false max-buffers=1 drop=true",
                                 width, height);
  pipeline = gst_parse_launch (description, &error);
  if (pipeline == NULL)
    {
      fprintf (stderr, "preview-floor: %s\n", error->message);
      return 1;
    }

  view = g_object_new (floor_view_get_type (), NULL);
  gtk_widget_set_size_request (view, width, height);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_start (box, 24);
  gtk_widget_set_margin_end (box, 24);
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_box_append (GTK_BOX (box), view);
  gtk_box_append (GTK_BOX (box), gtk_label_new ("Only the preview is redrawn"));
  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), "Preview floor");
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));

  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_app_sink_set_callbacks (GST_APP_SINK (sink),
                              &(GstAppSinkCallbacks) { .new_sample = new_sample },
                              view, NULL);
  gst_object_unref (sink);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);

  m.window = GTK_WINDOW (window);
  m.view = (FloorView *) view;
  m.seconds = seconds;
  g_timeout_add_seconds (WARMUP, measure_start, &m);
  while (g_list_model_get_n_items (gtk_window_get_toplevels ()) > 0)
    g_main_context_iteration (NULL, TRUE);

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
  g_clear_pointer (&m.start, g_hash_table_unref);
  return 0;
}
