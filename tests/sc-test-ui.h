/* sc-test-ui.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "studio/sc-studio.h"

G_BEGIN_DECLS

/* What the widget tests share: a demo studio in rehearsal, a window to put
 * a widget in, waiting on the main loop, and finding controls by their
 * accessible name, as assistive technology would. */

/* gtk_test_init + libadwaita, the app's resources and bundled icons. */
void        sc_test_ui_init              (int          *argc,
                                          char       ***argv);

typedef struct {
  ScStudio   *studio;
  ScEventLog *log;
  GPtrArray  *events;   /* JsonObject *, with "event" set, in order */
  char       *dir;      /* the test's own folder (recording, caches) */
  guint       preview_frames;  /* ::preview-frame emissions so far */
} ScTestStudio;

/* The embedded demo show, started and in rehearsal (fails the test if it
 * does not get there within 30 s). */
ScTestStudio *sc_test_studio_new_demo    (void);
/* Stops the studio, waits for ::stopped and frees everything. */
void        sc_test_studio_free          (ScTestStudio *self);
/* The last event called @name the studio logged, or NULL. */
JsonObject *sc_test_studio_last_event    (ScTestStudio *self,
                                          const char   *name);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScTestStudio, sc_test_studio_free)

typedef gboolean (*ScTestCondition) (gpointer user_data);
/* Runs the main loop until @condition holds or @timeout_s passed. */
gboolean    sc_test_ui_wait              (ScTestCondition  condition,
                                          gpointer         user_data,
                                          guint            timeout_s);
/* Runs the main loop for about @ms milliseconds. */
void        sc_test_ui_spin              (guint            ms);

/* A window of @width x @height showing @child, presented and drawn. */
GtkWindow  *sc_test_ui_window_new        (GtkWidget       *child,
                                          int              width,
                                          int              height);
/* Destroys @window and lets the destruction finish. */
void        sc_test_ui_window_destroy    (GtkWindow       *window);

/* Activates @widget as assistive technology does (gtk_widget_activate) and
 * lets a button's press finish: a button clicks when its press animation
 * ends, a moment later. */
void        sc_test_ui_press             (GtkWidget       *widget);

/* The first widget under @root whose accessible label is exactly @label. */
GtkWidget  *sc_test_ui_find_by_label     (GtkWidget       *root,
                                          const char      *label);
/* The first actionable widget (a button) under @root that activates
 * @action ("win.show-report"), or NULL. */
GtkWidget  *sc_test_ui_find_by_action    (GtkWidget       *root,
                                          const char      *action);
/* The first widget under @root of @type, or NULL. */
GtkWidget  *sc_test_ui_find_by_type      (GtkWidget       *root,
                                          GType            type);

G_END_DECLS
