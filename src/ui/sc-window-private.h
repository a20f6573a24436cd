/* sc-window-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ui/sc-health.h"
#include "ui/sc-level-meter.h"
#include "ui/sc-preview.h"
#include "ui/sc-window.h"

G_BEGIN_DECLS

struct _ScWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  GtkLabel             *live_badge;
  GtkToggleButton      *mute_button;
  AdwToastOverlay      *toast_overlay;
  GtkRevealer          *problem_revealer;
  GtkLabel             *problem_label;
  GtkStack             *stack;
  AdwStatusPage        *error_page;
  GtkButton            *error_button;
  GtkLabel             *starting_label;
  GtkSpinner           *starting_spinner;
  GtkPicture           *picture;
  GtkStack             *strip_stack;
  /* Pre-flight (rehearsal) */
  GtkLabel             *camera_detail;
  GtkImage             *camera_icon;
  GtkLabel             *mic_detail;
  ScLevelMeter         *mic_level;
  GtkLabel             *shop_detail;
  GtkImage             *shop_icon;
  GtkLabel             *encoder_detail;
  GtkBox               *destinations_box;
  GtkButton            *go_live_button;
  /* Ctrl+?: built when asked for, a weak pointer while it is open. */
  GtkWindow            *shortcuts_window;
  GtkRevealer          *recording_revealer;
  GtkLabel             *recording_label;
  /* Live */
  GtkLabel             *elapsed_label;
  GtkWidget            *health_light;
  GtkLabel             *health_label;
  ScLevelMeter         *live_mic_level;
  GtkLabel             *mic_warning;
  GtkListBox           *outputs_list;
  GtkButton            *end_show_button;
  /* Slots the product list, chat and layout widgets go into. */
  GtkBox               *products_slot;
  GtkBox               *chat_slot;
  GtkBox               *layout_slot;
  GtkBox               *claims_slot;
  GtkStack             *side_stack;
  GtkWidget            *product_list;
  GtkWidget            *chat_view;
  GtkWidget            *claims_view;
  GtkWidget            *layout_switcher;

  /* Owned references */
  GSettings            *settings;
  ScShow               *show;
  ScStudio             *studio;
  GSignalGroup         *studio_signals;
  GSignalGroup         *sync_signals;
  ScPreview            *preview;
  ScHealth             *health;
  GCancellable         *cancellable;
  AdwMessageDialog     *confirm_dialog;
  char                 *problem_key;
  /* Settings saved while live: the show reloads from it once the show ends. */
  GFile                *pending_file;
  gboolean              settings_after_save;  /* the demo: Save As, then the settings */
  /* The show database's row of the last show whose live part ended (the
   * Show Report's), 0 before. */
  gint64                ended_show_id;

  /* "Reconnecting" toasts shown, one per outage (for tests). */
  guint                 reconnect_toasts;
  guint                 close_timeout_id;
  guint                 tick_id;
  guint                 preview_resize_id;
  gulong                toplevel_state_id;
  GdkSurface           *surface;
  int                   preview_width;
  double                silent_since;
  /* The newest microphone level not yet on the meters (-1: none), and when
   * the last preview frame arrived (monotonic µs). */
  double                pending_level;
  gint64                last_preview_frame;
  /* How long the microphone must be silent while live before the warning
   * (SILENT_SECONDS; tests lower it rather than wait). */
  double                silent_seconds;
  gint64                last_clip_warning;
  gboolean              preview_enabled;
  gboolean              minimized;
  gboolean              closing;
  gboolean              close_confirmed;
  gboolean              confirm_closes;
};

/* sc-window-actions.c */
void              _sc_window_class_actions_init (ScWindowClass *klass);
void              _sc_window_actions_update     (ScWindow      *self);

/* Replaces the window with one on @file's show, restarted in rehearsal
 * (NULL: the demo); refused while live. */
void              _sc_window_load_file          (ScWindow      *self,
                                                 GFile         *file);
/* Stores @key as the stream key of the show's destination @index (what the
 * key dialog does after saving it in the keyring): rehearsal restarts with
 * it; while live that destination, if refused or reconnecting, tries again
 * with it at once. */
gboolean          _sc_window_use_key            (ScWindow      *self,
                                                 guint          index,
                                                 const char    *key,
                                                 GError       **error);
/* Called when the live show ended: applies settings saved meanwhile. */
void              _sc_window_apply_pending      (ScWindow      *self);

/* sc-window.c */
void              _sc_window_show_problem       (ScWindow      *self,
                                                 const char    *key,
                                                 const char    *message);
void              _sc_window_clear_problem      (ScWindow      *self,
                                                 const char    *key);
void              _sc_window_toast              (ScWindow      *self,
                                                 const char    *message);
/* Asks before the live show ends; @close also closes the window afterwards. */
void              _sc_window_confirm_end_show   (ScWindow      *self,
                                                 gboolean       close);
/* The confirmation on screen, or NULL (for tests). */
AdwMessageDialog *_sc_window_get_confirmation   (ScWindow      *self);
/* Whether preview frames are asked for (mapped and not minimised). */
gboolean          _sc_window_get_preview_active (ScWindow      *self);
ScHealth         *_sc_window_get_health         (ScWindow      *self);
/* What the host reads for a GStreamer H.264 encoder: "x264 (software)",
 * "VA-API (hardware)", "OpenH264 (software)", else @factory itself. */
const char       *_sc_window_describe_video_encoder (const char *factory);
/* Samples the health light now rather than at the next tick (for tests). */
void              _sc_window_update_live        (ScWindow      *self);

G_END_DECLS
