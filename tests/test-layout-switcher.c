/* test-layout-switcher.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-layout-switcher"

#include "config.h"

#include "sc-test-ui.h"
#include "ui/sc-layout-switcher.h"

typedef struct {
  ScTestStudio     *studio;
  ScLayoutSwitcher *switcher;
  GtkWindow        *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->studio = sc_test_studio_new_demo ();
  fixture->switcher = SC_LAYOUT_SWITCHER (sc_layout_switcher_new ());
  sc_layout_switcher_set_studio (fixture->switcher, fixture->studio->studio);
  fixture->window = sc_test_ui_window_new (GTK_WIDGET (fixture->switcher), 520, 120);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  sc_test_ui_window_destroy (fixture->window);
  g_clear_pointer (&fixture->studio, sc_test_studio_free);
}

typedef struct {
  ScTestStudio *studio;
  guint         frames;
} FramesWait;

static gboolean
frames_after (gpointer user_data)
{
  FramesWait *wait = user_data;

  return wait->studio->preview_frames > wait->frames;
}

static const struct {
  const char   *label;
  const char   *name;
  ScLayoutKind  kind;
} layouts[] = {
  { "Layout: Solo", "solo", SC_LAYOUT_SOLO },
  { "Layout: Side by Side", "side-by-side", SC_LAYOUT_SIDE_BY_SIDE },
  { "Layout: Product Focus", "product-focus", SC_LAYOUT_PRODUCT_FOCUS },
  { "Layout: Picture in Picture", "pip", SC_LAYOUT_PIP },
};

/* Each button switches the studio at once, and the video goes on: new
 * frames come after every switch. */
static void
test_switch (Fixture       *fixture,
             gconstpointer  user_data)
{
  ScStudio *studio = fixture->studio->studio;
  ScPipelineStats before, after;

  /* The demo show starts in picture-in-picture. */
  g_assert_cmpint (sc_studio_get_layout (studio), ==, SC_LAYOUT_PIP);
  g_assert_cmpstr (sc_layout_switcher_get_layout (fixture->switcher), ==, "pip");

  sc_studio_get_stats (studio, &before);
  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    {
      GtkWidget *button = sc_test_ui_find_by_label (GTK_WIDGET (fixture->switcher),
                                                    layouts[i].label);
      FramesWait wait = { fixture->studio, 0 };
      JsonObject *event;

      g_assert_nonnull (button);
      g_assert_true (GTK_IS_TOGGLE_BUTTON (button));
      sc_test_ui_press (button);
      g_assert_cmpint (sc_studio_get_layout (studio), ==, layouts[i].kind);
      g_assert_cmpstr (sc_layout_switcher_get_layout (fixture->switcher), ==, layouts[i].name);
      event = sc_test_studio_last_event (fixture->studio, "layout");
      g_assert_nonnull (event);
      g_assert_cmpstr (json_object_get_string_member (event, "layout"), ==, layouts[i].name);
      /* The button shows which layout is on. */
      sc_test_ui_spin (50);
      g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));

      wait.frames = fixture->studio->preview_frames;
      g_assert_true (sc_test_ui_wait (frames_after, &wait, 30));
    }
  sc_studio_get_stats (studio, &after);
  /* Drops depend on how loaded the machine is, so they are reported here and
   * measured by bench/; a switch itself only moves compositor pads. */
  g_test_message ("render drops across %u layout switches: %" G_GUINT64_FORMAT
                  " (before: %" G_GUINT64_FORMAT "), frames %" G_GUINT64_FORMAT " -> %"
                  G_GUINT64_FORMAT, (guint)G_N_ELEMENTS (layouts),
                  after.render_drops - before.render_drops, before.render_drops,
                  before.frames, after.frames);
}

/* A layout chosen elsewhere (a shortcut, the show file) shows here. */
static void
test_follows_studio (Fixture       *fixture,
                     gconstpointer  user_data)
{
  GtkWidget *solo = sc_test_ui_find_by_label (GTK_WIDGET (fixture->switcher), "Layout: Solo");

  sc_studio_set_layout (fixture->studio->studio, SC_LAYOUT_SOLO);
  g_assert_cmpstr (sc_layout_switcher_get_layout (fixture->switcher), ==, "solo");
  sc_test_ui_spin (50);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (solo)));

  /* Through the widget's action, as a shortcut would. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->switcher), "layout.set", "s",
                                             "product-focus"));
  g_assert_cmpint (sc_studio_get_layout (fixture->studio->studio), ==, SC_LAYOUT_PRODUCT_FOCUS);
  sc_test_ui_spin (50);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (solo)));

  /* Not a layout: refused, nothing changes. */
  g_assert_false (sc_layout_switcher_set_layout (fixture->switcher, "mosaic"));
  g_assert_cmpstr (sc_layout_switcher_get_layout (fixture->switcher), ==, "product-focus");
  g_assert_cmpint (sc_studio_get_layout (fixture->studio->studio), ==, SC_LAYOUT_PRODUCT_FOCUS);
}

int
main (int   argc,
      char *argv[])
{
  sc_test_ui_init (&argc, &argv);

  g_test_add ("/ui/layout-switcher/switch", Fixture, NULL,
              fixture_set_up, test_switch, fixture_tear_down);
  g_test_add ("/ui/layout-switcher/follows-studio", Fixture, NULL,
              fixture_set_up, test_follows_studio, fixture_tear_down);

  return g_test_run ();
}
