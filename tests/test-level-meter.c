/* test-level-meter.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-level-meter"

#include "config.h"

#include <math.h>

#include "sc-test-ui.h"
#include "ui/sc-level-meter.h"

#define TIMEOUT_S 10

static GtkWidget *
filled_block (GtkWidget *meter)
{
  GtkWidget *trough = gtk_widget_get_first_child (meter);

  g_assert_nonnull (trough);
  g_assert_cmpstr (gtk_widget_get_css_name (trough), ==, "trough");
  for (GtkWidget *block = gtk_widget_get_first_child (trough); block != NULL;
       block = gtk_widget_get_next_sibling (block))
    if (gtk_widget_has_css_class (block, "filled"))
      return block;
  g_assert_not_reached ();
}

static void
count_notify (guint *count)
{
  (*count)++;
}

/* Values are clamped to the meter's 0–1, NaN reads as silence, and only a
 * change notifies. The theme's level bar rules apply: levelbar > trough >
 * block.empty and block.filled. */
static void
test_value (void)
{
  GtkWidget *meter = g_object_ref_sink (sc_level_meter_new ());
  ScLevelMeter *self = SC_LEVEL_METER (meter);
  guint notified = 0;

  g_assert_cmpstr (gtk_widget_get_css_name (meter), ==, "levelbar");
  g_assert_true (gtk_widget_has_css_class (meter, "horizontal"));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (meter)), ==,
                   GTK_ACCESSIBLE_ROLE_METER);
  g_assert_nonnull (filled_block (meter));
  g_signal_connect_swapped (meter, "notify::value", G_CALLBACK (count_notify), &notified);

  g_assert_cmpfloat (sc_level_meter_get_value (self), ==, 0.0);
  sc_level_meter_set_value (self, 0.5);
  g_assert_cmpfloat (sc_level_meter_get_value (self), ==, 0.5);
  g_assert_cmpuint (notified, ==, 1);
  sc_level_meter_set_value (self, 0.5);
  g_assert_cmpuint (notified, ==, 1);
  sc_level_meter_set_value (self, 7.0);
  g_assert_cmpfloat (sc_level_meter_get_value (self), ==, 1.0);
  sc_level_meter_set_value (self, -INFINITY);
  g_assert_cmpfloat (sc_level_meter_get_value (self), ==, 0.0);
  sc_level_meter_set_value (self, 0.25);
  sc_level_meter_set_value (self, NAN);
  g_assert_cmpfloat (sc_level_meter_get_value (self), ==, 0.0);
  g_assert_cmpuint (notified, ==, 5);

  g_object_set (meter, "value", 0.75, NULL);
  g_assert_cmpfloat (sc_level_meter_get_value (self), ==, 0.75);

  g_object_unref (meter);
}

/* At or above the warning level the filled block carries "warning" (the
 * error colour in style.css); below it, or silent, it does not. */
static void
test_warning (void)
{
  GtkWidget *meter = g_object_ref_sink (sc_level_meter_new ());
  ScLevelMeter *self = SC_LEVEL_METER (meter);
  GtkWidget *filled = filled_block (meter);

  g_assert_cmpfloat (sc_level_meter_get_warning_level (self), ==, 1.0);
  sc_level_meter_set_value (self, 0.99);
  g_assert_false (gtk_widget_has_css_class (filled, "warning"));
  sc_level_meter_set_warning_level (self, 0.9);
  g_assert_true (gtk_widget_has_css_class (filled, "warning"));
  sc_level_meter_set_value (self, 0.5);
  g_assert_false (gtk_widget_has_css_class (filled, "warning"));
  sc_level_meter_set_value (self, 0.9);
  g_assert_true (gtk_widget_has_css_class (filled, "warning"));
  sc_level_meter_set_warning_level (self, 0.0);
  sc_level_meter_set_value (self, 0.0);
  g_assert_false (gtk_widget_has_css_class (filled, "warning"));

  g_object_unref (meter);
}

typedef struct {
  guint layouts;
  guint paints;
} Phases;

static void
count_layout (GdkFrameClock *clock,
              Phases        *phases)
{
  phases->layouts++;
}

static void
count_paint (GdkFrameClock *clock,
             Phases        *phases)
{
  phases->paints++;
}

typedef struct {
  Phases *phases;
  guint   paints;
} PaintWait;

static gboolean
painted_since (gpointer data)
{
  PaintWait *wait = data;

  return wait->phases->paints > wait->paints;
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* Sets 20 values on @meter in a window, each followed by a frame of the
 * window, and counts the frame clock's layout phases meanwhile. */
static Phases
count_phases (GtkWidget *meter,
              void     (*set_value) (GtkWidget *meter, double value))
{
  GtkWindow *window = sc_test_ui_window_new (meter, 200, 40);
  GdkFrameClock *clock;
  Phases phases = { 0, 0 };
  gulong layout_id, paint_id;

  g_assert_true (sc_test_ui_wait (widget_mapped, meter, TIMEOUT_S));
  /* The window's own first layouts and frames settle. */
  sc_test_ui_spin (300);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  layout_id = g_signal_connect (clock, "layout", G_CALLBACK (count_layout), &phases);
  paint_id = g_signal_connect (clock, "paint", G_CALLBACK (count_paint), &phases);

  for (guint i = 0; i < 20; i++)
    {
      PaintWait wait = { &phases, phases.paints };

      set_value (meter, (i % 10) / 10.0 + 0.05);
      g_assert_true (sc_test_ui_wait (painted_since, &wait, TIMEOUT_S));
    }

  g_signal_handler_disconnect (clock, layout_id);
  g_signal_handler_disconnect (clock, paint_id);
  g_test_message ("20 values: %u frames, %u layouts", phases.paints, phases.layouts);
  sc_test_ui_window_destroy (window);
  return phases;
}

static void
set_meter_value (GtkWidget *meter,
                 double     value)
{
  sc_level_meter_set_value (SC_LEVEL_METER (meter), value);
}

static void
set_level_bar_value (GtkWidget *meter,
                     double     value)
{
  gtk_level_bar_set_value (GTK_LEVEL_BAR (meter), value);
}

/* A new value redraws the meter and nothing else: no layout of the window
 * (on X11 each costs several round trips to the X server, and the meters
 * move ten times a second for the whole show). */
static void
test_redraw_only (void)
{
  Phases phases = count_phases (sc_level_meter_new (), set_meter_value);

  g_assert_cmpuint (phases.paints, >=, 20);
  g_assert_cmpuint (phases.layouts, ==, 0);
}

/* The same count sees GTK 4.8's GtkLevelBar lay the window out for its
 * values, which is why the window does not use it: proof that the count
 * above can fail. */
static void
test_level_bar_lays_out (void)
{
  Phases phases = count_phases (gtk_level_bar_new (), set_level_bar_value);

  g_assert_cmpuint (phases.paints, >=, 20);
  g_assert_cmpuint (phases.layouts, >=, 20);
}

int
main (int   argc,
      char *argv[])
{
  sc_test_ui_init (&argc, &argv);

  g_test_add_func ("/ui/level-meter/value", test_value);
  g_test_add_func ("/ui/level-meter/warning", test_warning);
  g_test_add_func ("/ui/level-meter/redraw-only", test_redraw_only);
  g_test_add_func ("/ui/level-meter/level-bar-lays-out", test_level_bar_lays_out);

  return g_test_run ();
}
