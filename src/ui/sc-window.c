/* sc-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ui/sc-chat-view.h"
#include "ui/sc-claims-view.h"
#include "ui/sc-destination-status.h"
#include "ui/sc-layout-switcher.h"
#include "ui/sc-product-list.h"
#include "ui/sc-screen-capture.h"
#include "ui/sc-window-private.h"

/* The preview's width before the widget has been drawn once. */
#define PREVIEW_WIDTH 960
/* The narrowest preview frame asked for. */
#define PREVIEW_MIN_WIDTH 32
#define PREVIEW_RESIZE_DELAY_MS 300
/* A pipeline that never drains must not keep the window open for ever;
 * finalising a long recording takes a few seconds at most. */
#define CLOSE_TIMEOUT_S 20
/* The microphone counts as silent below this peak for this long while live. */
#define SILENT_DB -50.0
#define SILENT_SECONDS 10.0
/* A peak this close to full scale is clipping. */
#define CLIPPING_DB -1.0
#define MIC_FLOOR_DB -60.0
/* How long a level waits for the next preview frame before it is shown on
 * its own: a little more than the preview's 25 fps interval. */
#define LEVEL_WAIT_US (60 * G_TIME_SPAN_MILLISECOND)

G_DEFINE_FINAL_TYPE (ScWindow, sc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_SHOW,
  PROP_MUTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_preview_active (ScWindow *self);

static gboolean
is_running (ScWindow *self)
{
  ScStudioState state;

  if (self->studio == NULL)
    return FALSE;
  state = sc_studio_get_state (self->studio);
  return state == SC_STUDIO_STATE_REHEARSAL
         || state == SC_STUDIO_STATE_LIVE
         || state == SC_STUDIO_STATE_ENDING;
}

/* ---- problems and toasts ------------------------------------------------ */

void
_sc_window_toast (ScWindow   *self,
                  const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* One bar for the problem that matters now; @key says which, so the thing
 * that raised it can take it down again when it is over. */
void
_sc_window_show_problem (ScWindow   *self,
                         const char *key,
                         const char *message)
{
  g_free (self->problem_key);
  self->problem_key = g_strdup (key);
  gtk_label_set_label (self->problem_label, message);
  gtk_revealer_set_reveal_child (self->problem_revealer, TRUE);
}

void
_sc_window_clear_problem (ScWindow   *self,
                          const char *key)
{
  if (key != NULL && g_strcmp0 (self->problem_key, key) != 0)
    return;
  g_clear_pointer (&self->problem_key, g_free);
  gtk_revealer_set_reveal_child (self->problem_revealer, FALSE);
}

/* No mnemonic: GTK 4.8 would name the button "_Try Again Try Again". */
static void
set_error_button (ScWindow   *self,
                  const char *label,
                  const char *action)
{
  gtk_button_set_label (self->error_button, label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->error_button), action);
}

/* ---- pre-flight ---------------------------------------------------------- */

static const ScSourceConfig *
find_source (ScWindow *self,
             gboolean  video)
{
  GPtrArray *sources = sc_show_get_sources (self->show);

  for (guint i = 0; i < sources->len; i++)
    {
      const ScSourceConfig *source = g_ptr_array_index (sources, i);

      if (sc_source_kind_is_video (source->kind) == video
          && source->kind != SC_SOURCE_IMAGE)
        return source;
    }
  return NULL;
}

static void
update_sources_preflight (ScWindow *self)
{
  const ScSourceConfig *camera = find_source (self, TRUE);
  const ScSourceConfig *mic = find_source (self, FALSE);

  if (camera == NULL)
    gtk_label_set_label (self->camera_detail, _("None in this show"));
  else if (camera->kind == SC_SOURCE_CAMERA)
    gtk_label_set_label (self->camera_detail,
                         camera->label ? camera->label
                                       : camera->device ? camera->device : _("First camera"));
  else if (camera->kind == SC_SOURCE_SCREEN)
    {
      g_autofree char *what =
        sc_screen_capture_describe_source (camera, gtk_widget_get_display (GTK_WIDGET (self)));

      gtk_label_set_label (self->camera_detail, what);
    }
  else
    gtk_label_set_label (self->camera_detail, _("Test pattern"));
  gtk_image_set_from_icon_name (self->camera_icon, "camera-web-symbolic");

  if (mic == NULL)
    gtk_label_set_label (self->mic_detail, _("None in this show"));
  else if (mic->kind == SC_SOURCE_TEST_TONE)
    gtk_label_set_label (self->mic_detail, _("Test tone"));
  else
    gtk_label_set_label (self->mic_detail, mic->label ? mic->label : _("Default microphone"));
}

const char *
_sc_window_describe_video_encoder (const char *factory)
{
  if (g_strcmp0 (factory, "x264enc") == 0)
    return _("x264 (software)");
  /* vah264lpenc is the low-power entry point of the same VA-API encoder. */
  if (g_strcmp0 (factory, "vah264enc") == 0 || g_strcmp0 (factory, "vah264lpenc") == 0
      || g_strcmp0 (factory, "vaapih264enc") == 0)
    return _("VA-API (hardware)");
  if (g_strcmp0 (factory, "openh264enc") == 0)
    return _("OpenH264 (software)");
  return factory;
}

/* Which encoder the pipeline found: in the Flatpak it depends on the runtime
 * and its extensions (docs/packaging.md), so the host sees it before going live. */
static void
update_encoder_preflight (ScWindow *self)
{
  ScPipeline *pipeline = self->studio ? sc_studio_get_pipeline (self->studio) : NULL;
  const char *video = pipeline ? sc_pipeline_get_video_encoder (pipeline) : NULL;
  const char *audio = pipeline ? sc_pipeline_get_audio_encoder (pipeline) : NULL;
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;

  if (video == NULL)
    {
      gtk_label_set_label (self->encoder_detail, _("Chosen when the preview starts"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->encoder_detail), NULL);
      return;
    }
  /* Translators: %s is an H.264 encoder, e.g. "x264 (software)". */
  text = g_strdup_printf (_("Video: %s"), _sc_window_describe_video_encoder (video));
  gtk_label_set_label (self->encoder_detail, text);
  /* Translators: GStreamer element names, e.g. "x264enc, avenc_aac". */
  tooltip = g_strdup_printf (_("GStreamer elements: %s, %s"), video, audio ? audio : "—");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->encoder_detail), tooltip);
}

/* An RTMP address needs an application and a stream name; with both in the
 * URL there is no separate key to miss. */
static gboolean
url_names_stream (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_auto(GStrv) parts = NULL;
  guint n = 0;

  if (uri == NULL)
    return FALSE;
  parts = g_strsplit (g_uri_get_path (uri), "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      n++;
  return n >= 2;
}

static GtkWidget *
make_destination_check (const ScOutputConfig *config,
                        guint                 index)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *icon;
  GtkWidget *name = gtk_label_new (config->name);
  GtkWidget *detail;
  const char *detail_text;
  const char *icon_name;
  gboolean missing = FALSE;

  if (!config->enabled)
    {
      detail_text = _("Off in this show");
      icon_name = "network-offline-symbolic";
    }
  else if (config->key != NULL && config->key[0] != '\0')
    {
      detail_text = sc_output_url_is_srt (config->url) ? _("SRT passphrase saved")
                                                       : _("Stream key saved");
      icon_name = "network-transmit-receive-symbolic";
    }
  /* SRT needs no key: without a passphrase it is sent unencrypted. */
  else if (sc_output_url_is_srt (config->url) && config->key_env == NULL)
    {
      detail_text = _("SRT without passphrase");
      icon_name = "network-transmit-receive-symbolic";
    }
  else if (!sc_output_url_is_srt (config->url) && url_names_stream (config->url))
    {
      detail_text = _("Stream name in the address");
      icon_name = "network-transmit-receive-symbolic";
    }
  else
    {
      detail_text = sc_output_url_is_srt (config->url) ? _("No SRT passphrase")
                                                       : _("No stream key");
      icon_name = "dialog-warning-symbolic";
      gtk_widget_add_css_class (box, "preflight-missing");
      missing = config->key_env != NULL;
    }

  icon = gtk_image_new_from_icon_name (icon_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  detail_text, -1);
  detail = gtk_label_new (detail_text);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (detail), 28);
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_box_append (GTK_BOX (text), name);
  gtk_box_append (GTK_BOX (text), detail);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), text);

  /* A missing key is never a dead end: the key dialog stores it. */
  if (missing)
    {
      gboolean srt = sc_output_url_is_srt (config->url);
      GtkWidget *button = gtk_button_new_with_label (srt ? _("Add Passphrase…")
                                                         : _("Add Key…"));
      g_autofree char *label = NULL;

      if (srt)
        /* Translators: %s is a destination, e.g. "Studio relay". */
        label = g_strdup_printf (_("Add the SRT passphrase of %s"), config->name);
      else
        /* Translators: %s is a destination, e.g. "YouTube". */
        label = g_strdup_printf (_("Add the stream key of %s"), config->name);
      gtk_widget_set_tooltip_text (button, label);
      /* With several destinations, "Add Key…" alone does not say which. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", index);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.add-key");
      gtk_box_append (GTK_BOX (box), button);
    }
  return box;
}

static void
update_destinations_preflight (ScWindow *self)
{
  GPtrArray *outputs = sc_show_get_outputs (self->show);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->destinations_box))) != NULL)
    gtk_box_remove (self->destinations_box, child);

  if (outputs->len == 0)
    {
      GtkWidget *label = gtk_label_new (sc_show_get_recording_enabled (self->show)
                                        ? _("No destination: the show is only recorded")
                                        : _("No destination and no recording"));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (self->destinations_box, label);
      return;
    }

  for (guint i = 0; i < outputs->len; i++)
    gtk_box_append (self->destinations_box,
                    make_destination_check (g_ptr_array_index (outputs, i), i));
}

static char *
format_age (GDateTime *when)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan age = g_date_time_difference (now, when) / G_TIME_SPAN_SECOND;

  if (age < 60)
    return g_strdup (_("just now"));
  if (age < 3600)
    /* Translators: how long ago, e.g. "5 min ago". */
    return g_strdup_printf (_("%d min ago"), (int) (age / 60));
  if (age < 48 * 3600)
    return g_strdup_printf (ngettext ("%d hour ago", "%d hours ago", (int) (age / 3600)),
                            (int) (age / 3600));
  return g_strdup_printf (ngettext ("%d day ago", "%d days ago", (int) (age / 86400)),
                          (int) (age / 86400));
}

static void
update_shop_preflight (ScWindow *self)
{
  ScInventorySync *sync = self->studio ? sc_studio_get_inventory_sync (self->studio) : NULL;
  g_autofree char *text = NULL;
  g_autofree char *age = NULL;
  const char *icon = "emblem-ok-symbolic";
  gboolean offline = FALSE;
  guint products = g_list_model_get_n_items (G_LIST_MODEL (sc_show_get_catalog (self->show)));

  if (sync == NULL)
    {
      text = g_strdup_printf (ngettext ("Catalog file, %u product", "Catalog file, %u products",
                                        products), products);
    }
  else
    {
      GDateTime *synced_at = sc_inventory_sync_get_synced_at (sync);

      if (synced_at != NULL)
        age = format_age (synced_at);

      switch (sc_inventory_sync_get_state (sync))
        {
        case SC_INVENTORY_SYNC_STATE_LOADING_CACHE:
        case SC_INVENTORY_SYNC_STATE_SYNCING:
          text = g_strdup (_("Syncing…"));
          icon = "emblem-synchronizing-symbolic";
          break;

        case SC_INVENTORY_SYNC_STATE_OFFLINE:
        case SC_INVENTORY_SYNC_STATE_FAILED:
          offline = TRUE;
          icon = "network-offline-symbolic";
          if (age != NULL)
            /* Translators: %s is an age, e.g. "5 min ago". */
            text = g_strdup_printf (_("Offline, stock from %s"), age);
          else
            text = g_strdup (_("Offline, no stock yet"));
          break;

        case SC_INVENTORY_SYNC_STATE_LIVE:
          if (sc_inventory_sync_get_stale (sync))
            {
              icon = "dialog-warning-symbolic";
              text = g_strdup_printf (_("Stale, synced %s"), age ? age : _("never"));
            }
          else
            text = g_strdup_printf (_("Synced %s"), age ? age : _("just now"));
          break;

        case SC_INVENTORY_SYNC_STATE_IDLE:
        default:
          text = g_strdup (_("Not synced"));
          icon = "dialog-warning-symbolic";
          break;
        }
    }

  gtk_label_set_label (self->shop_detail, text);
  /* Runs every second: setting the same icon again would relayout the window. */
  if (g_strcmp0 (gtk_image_get_icon_name (self->shop_icon), icon) != 0)
    gtk_image_set_from_icon_name (self->shop_icon, icon);

  if (offline && sync != NULL)
    {
      g_autofree char *message = NULL;
      const char *error = sc_inventory_sync_get_error (sync);

      message = g_strdup_printf (_("The shop cannot be reached (%s). Stock on screen may be out "
                                   "of date; Shopcast keeps trying."),
                                 error ? error : _("no connection"));
      _sc_window_show_problem (self, "shop", message);
    }
  else
    _sc_window_clear_problem (self, "shop");
}

/* ---- live view ----------------------------------------------------------- */

static void
health_changed_cb (ScWindow *self)
{
  static const char *classes[] = { "health-good", "health-warning", "health-bad" };
  static const char *names[] = { N_("Health: good"), N_("Health: warning"), N_("Health: bad") };
  ScHealthLevel level = sc_health_get_level (self->health);

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (self->health_light, classes[i]);
  gtk_widget_add_css_class (self->health_light, classes[level]);
  gtk_label_set_label (self->health_label, sc_health_get_summary (self->health));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->health_light),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(names[level]),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  sc_health_get_summary (self->health),
                                  -1);
}

void
_sc_window_update_live (ScWindow *self)
{
  ScPipelineStats stats = { 0 };
  guint seconds;
  g_autofree char *elapsed = NULL;

  if (self->studio == NULL || sc_studio_get_state (self->studio) != SC_STUDIO_STATE_LIVE)
    return;

  seconds = (guint) MAX (0.0, sc_studio_get_live_elapsed (self->studio));
  elapsed = g_strdup_printf ("%u:%02u:%02u", seconds / 3600, (seconds / 60) % 60, seconds % 60);
  gtk_label_set_label (self->elapsed_label, elapsed);

  sc_studio_get_stats (self->studio, &stats);
  sc_health_update (self->health, &stats, sc_studio_get_outputs (self->studio));
}

static gboolean
tick_cb (gpointer user_data)
{
  ScWindow *self = user_data;

  _sc_window_update_live (self);
  update_shop_preflight (self);
  return G_SOURCE_CONTINUE;
}

static void
update_title (ScWindow *self)
{
  ScStudioState state = self->studio ? sc_studio_get_state (self->studio) : SC_STUDIO_STATE_IDLE;
  const char *subtitle;

  switch (state)
    {
    case SC_STUDIO_STATE_IDLE:
    case SC_STUDIO_STATE_STARTING:
      subtitle = _("Starting…");
      break;
    case SC_STUDIO_STATE_REHEARSAL:
      subtitle = _("Rehearsal — not live");
      break;
    case SC_STUDIO_STATE_LIVE:
      subtitle = _("Live — streaming and recording");
      break;
    case SC_STUDIO_STATE_ENDING:
      subtitle = _("Ending the show…");
      break;
    case SC_STUDIO_STATE_STOPPING:
      subtitle = _("Closing…");
      break;
    case SC_STUDIO_STATE_STOPPED:
      subtitle = _("Stopped");
      break;
    case SC_STUDIO_STATE_FAILED:
    default:
      subtitle = _("Stopped by an error");
      break;
    }

  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->live_badge), state == SC_STUDIO_STATE_LIVE);
}

static void
show_recording (ScWindow *self)
{
  const char *path = sc_studio_get_recording_path (self->studio);
  g_autofree char *markup = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;

  /* No file this session (the recording failed at once): no claim. */
  if (path == NULL)
    {
      gtk_revealer_set_reveal_child (self->recording_revealer, FALSE);
      return;
    }
  folder = g_path_get_dirname (path);
  name = g_path_get_basename (path);
  /* Translators: the first %s is a file name, the second its folder. */
  markup = g_markup_printf_escaped (_("The recording <b>%s</b> is saved in %s"), name, folder);
  gtk_label_set_markup (self->recording_label, markup);
  gtk_revealer_set_reveal_child (self->recording_revealer, TRUE);
}

static void
on_state_changed (ScStudio   *studio,
                  GParamSpec *pspec,
                  ScWindow   *self)
{
  ScStudioState state = sc_studio_get_state (studio);

  update_title (self);
  _sc_window_actions_update (self);

  if (state == SC_STUDIO_STATE_LIVE)
    {
      sc_health_reset (self->health);
      self->silent_since = -1;
      gtk_widget_set_visible (GTK_WIDGET (self->mic_warning), FALSE);
      gtk_revealer_set_reveal_child (self->recording_revealer, FALSE);
      gtk_stack_set_visible_child_name (self->strip_stack, "live");
      _sc_window_update_live (self);
    }
  else if (state == SC_STUDIO_STATE_REHEARSAL)
    {
      gtk_stack_set_visible_child_name (self->strip_stack, "rehearsal");
      _sc_window_clear_problem (self, "mic");
    }
  update_encoder_preflight (self);

  if (state == SC_STUDIO_STATE_FAILED && !self->closing)
    {
      const GError *error = sc_studio_get_error (studio);
      g_autofree char *description = NULL;

      description = g_strdup_printf (_("%s\n\nCheck that the camera and microphone are "
                                       "connected and not in use by another program, then "
                                       "try again."),
                                     error != NULL ? error->message
                                                   : _("The studio ran into an error it "
                                                       "could not recover from."));
      sc_window_show_error (self, _("The Show Stopped"), description);
      set_error_button (self, _("Try Again"), "win.restart");
    }
}

static void
on_live_started (ScStudio *studio,
                 ScWindow *self)
{
  _sc_window_toast (self, _("You are live"));
}

/* Prices an earlier show left on sale in the shop were restored. */
static void
on_shop_sale_restored (ScStudio   *studio,
                       const char *message,
                       ScWindow   *self)
{
  _sc_window_toast (self, message);
}

static void
on_live_ended (ScStudio *studio,
               ScWindow *self)
{
  self->ended_show_id = sc_studio_get_show_id (studio);
  show_recording (self);
  _sc_window_actions_update (self);
  _sc_window_toast (self, _("The show has ended"));
  _sc_window_apply_pending (self);
}

static void
set_meters (ScWindow *self,
            double    fraction)
{
  /* Only the meter on screen: the other one is on a hidden page. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self->mic_level)))
    sc_level_meter_set_value (self->mic_level, fraction);
  if (gtk_widget_get_mapped (GTK_WIDGET (self->live_mic_level)))
    sc_level_meter_set_value (self->live_mic_level, fraction);
}

static void
apply_pending_level (ScWindow *self)
{
  if (self->pending_level < 0)
    return;
  set_meters (self, self->pending_level);
  self->pending_level = -1;
}

static void
on_preview_frame (ScStudio *studio,
                  GBytes   *pixels,
                  int       width,
                  int       height,
                  int       stride,
                  ScWindow *self)
{
  g_autoptr(GError) error = NULL;

  /* A bad frame is a bug upstream; say so once rather than thirty times a second. */
  if (!sc_preview_push_frame (self->preview, pixels, width, height, stride, &error))
    g_warning_once ("Dropping preview frames: %s", error->message);
  self->last_preview_frame = g_get_monotonic_time ();
  apply_pending_level (self);
}

static double
level_fraction (double db)
{
  if (!isfinite (db))
    return 0.0;
  return CLAMP ((db - MIC_FLOOR_DB) / -MIC_FLOOR_DB, 0.0, 1.0);
}

static void
on_audio_level (ScStudio *studio,
                double    rms_db,
                double    peak_db,
                ScWindow *self)
{
  double now = g_get_monotonic_time () / (double) G_USEC_PER_SEC;
  gboolean live = sc_studio_get_state (studio) == SC_STUDIO_STATE_LIVE;
  gboolean muted = sc_studio_get_muted (studio);
  const char *warning = NULL;

  /* While the preview runs the meters move with its next frame: one redraw
   * of the window instead of two (preview frames come 25 times a second,
   * levels 10 times, and rarely within the same frame of the window). */
  self->pending_level = level_fraction (peak_db);
  if (g_get_monotonic_time () - self->last_preview_frame > LEVEL_WAIT_US)
    apply_pending_level (self);

  if (!live || muted)
    {
      self->silent_since = -1;
      gtk_widget_set_visible (GTK_WIDGET (self->mic_warning), FALSE);
      return;
    }

  if (!isfinite (peak_db) || peak_db < SILENT_DB)
    {
      if (self->silent_since < 0)
        self->silent_since = now;
      if (now - self->silent_since >= self->silent_seconds)
        warning = _("Your microphone is silent: check that it is plugged in and not muted "
                    "on the device");
    }
  else
    self->silent_since = -1;

  if (peak_db >= CLIPPING_DB)
    self->last_clip_warning = g_get_monotonic_time ();
  /* Clipping is shown for a few seconds, so a single loud word does not flicker. */
  if (self->last_clip_warning != 0
      && g_get_monotonic_time () - self->last_clip_warning < 3 * G_USEC_PER_SEC)
    warning = _("Your microphone is too loud and distorts: move it away or turn its gain "
                "down");

  if (warning != NULL)
    gtk_label_set_label (self->mic_warning, warning);
  gtk_widget_set_visible (GTK_WIDGET (self->mic_warning), warning != NULL);
}

static void
on_muted_changed (ScWindow *self)
{
  gboolean muted = sc_studio_get_muted (self->studio);

  gtk_button_set_icon_name (GTK_BUTTON (self->mute_button),
                            muted ? "microphone-disabled-symbolic"
                                  : "audio-input-microphone-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->mute_button),
                               muted ? _("Unmute Microphone (Ctrl+M)")
                                     : _("Mute Microphone (Ctrl+M)"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
}

static void
on_source_failed (ScStudio   *studio,
                  const char *id,
                  const char *kind,
                  const char *message,
                  ScWindow   *self)
{
  g_autofree char *text = NULL;
  ScSourceKind source_kind = SC_SOURCE_TEST_PATTERN;
  gboolean known = sc_source_kind_from_string (kind, &source_kind);

  if (known && source_kind == SC_SOURCE_MICROPHONE)
    {
      /* Translators: %s says why the microphone failed. */
      text = g_strdup_printf (_("The microphone stopped (%s). The show goes on in silence: "
                                "check the microphone’s cable."), message);
      gtk_label_set_label (self->mic_detail, _("Failed, silent"));
    }
  else
    {
      /* Translators: %s says why the camera or screen failed. */
      text = g_strdup_printf (_("A video source stopped (%s). Viewers see its placeholder "
                                "until you fix it."), message);
      if (known && (source_kind == SC_SOURCE_CAMERA || source_kind == SC_SOURCE_SCREEN))
        {
          gtk_label_set_label (self->camera_detail, _("Failed, placeholder shown"));
          gtk_image_set_from_icon_name (self->camera_icon, "dialog-warning-symbolic");
        }
    }
  _sc_window_show_problem (self, "source", text);
}

static void
on_recording_failed (ScStudio     *studio,
                     const char   *path,
                     const GError *error,
                     ScWindow     *self)
{
  /* Translators: %s says why, e.g. "Disk full: recording stopped". */
  g_autofree char *text = g_strdup_printf (_("The recording stopped (%s). You are still live; "
                                             "what was recorded so far is kept."),
                                           error->message);

  _sc_window_show_problem (self, "recording", text);
}

static void
on_stopped (ScStudio *studio,
            ScWindow *self)
{
  update_title (self);
  _sc_window_actions_update (self);

  if (self->closing)
    gtk_window_destroy (GTK_WINDOW (self));
}

/* Set on an output while it is in an outage the host was told about. */
static GQuark
outage_quark (void)
{
  return g_quark_from_static_string ("sc-window-outage-told");
}

static void
output_state_cb (ScOutput   *output,
                 GParamSpec *pspec,
                 ScWindow   *self)
{
  g_autofree char *text = NULL;

  switch (sc_output_get_state (output))
    {
    case SC_OUTPUT_STATE_RECONNECTING:
      /* Once per outage: each failed attempt passes through here again. */
      if (g_object_get_qdata (G_OBJECT (output), outage_quark ()) != NULL)
        break;
      g_object_set_qdata (G_OBJECT (output), outage_quark (), GINT_TO_POINTER (TRUE));
      /* Translators: %s is a destination, e.g. "YouTube". */
      text = g_strdup_printf (_("%s lost its connection and is reconnecting"),
                              sc_output_get_name (output));
      _sc_window_toast (self, text);
      self->reconnect_toasts++;
      break;
    case SC_OUTPUT_STATE_LIVE:
    case SC_OUTPUT_STATE_IDLE:
    case SC_OUTPUT_STATE_STOPPED:
      g_object_set_qdata (G_OBJECT (output), outage_quark (), NULL);
      break;
    case SC_OUTPUT_STATE_FAILED:
      text = g_strdup_printf (_("%s stopped: see the destinations for what to do"),
                              sc_output_get_name (output));
      _sc_window_toast (self, text);
      break;
    default:
      break;
    }
  _sc_window_update_live (self);
}

/* The show's destination that @output streams to, by name; -1 if none. */
static int
find_output_config (ScWindow *self,
                    ScOutput *output)
{
  GPtrArray *configs = sc_show_get_outputs (self->show);

  if (sc_output_is_recording (output))
    return -1;
  for (guint i = 0; i < configs->len; i++)
    {
      const ScOutputConfig *config = g_ptr_array_index (configs, i);

      if (config->enabled && g_strcmp0 (config->name, sc_output_get_name (output)) == 0)
        return i;
    }
  return -1;
}

static GtkWidget *
create_output_row (gpointer item,
                   gpointer user_data)
{
  ScWindow *self = user_data;
  GtkWidget *row = sc_destination_status_new (SC_OUTPUT (item));
  int index = find_output_config (self, SC_OUTPUT (item));

  g_signal_connect_object (item, "notify::state", G_CALLBACK (output_state_cb), self,
                           G_CONNECT_DEFAULT);
  /* A refused key is never a dead end either: the key dialog stores a new
   * one and the destination tries again with it. */
  if (index >= 0
      && ((const ScOutputConfig *) g_ptr_array_index (sc_show_get_outputs (self->show),
                                                      index))->key_env != NULL)
    sc_destination_status_set_key_action (SC_DESTINATION_STATUS (row), "win.add-key",
                                          g_variant_new_uint32 (index));
  return row;
}

static void
on_sync_changed (ScWindow *self)
{
  update_shop_preflight (self);
}

/* ---- starting ------------------------------------------------------------ */

static void
start_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(ScWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sc_studio_start_finish (SC_STUDIO (object), result, &error))
    {
      g_autofree char *description = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->closing)
        return;
      description = g_strdup_printf (_("%s\n\nCheck the show’s settings and that the camera "
                                       "and microphone are connected, then try again."),
                                     error->message);
      sc_window_show_error (self, _("Could Not Start the Show"), description);
      set_error_button (self, _("Try Again"), "win.restart");
      return;
    }

  g_signal_group_set_target (self->sync_signals, sc_studio_get_inventory_sync (self->studio));
  gtk_list_box_bind_model (self->outputs_list, sc_studio_get_outputs (self->studio),
                           create_output_row, self, NULL);
  update_shop_preflight (self);
  gtk_stack_set_visible_child_name (self->stack, "studio");
  g_clear_handle_id (&self->tick_id, g_source_remove);
  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  update_preview_active (self);
  update_title (self);
  _sc_window_actions_update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->go_live_button));
}

void
sc_window_start (ScWindow *self)
{
  g_return_if_fail (SC_IS_WINDOW (self));
  g_return_if_fail (self->studio != NULL);

  gtk_stack_set_visible_child_name (self->stack, "starting");
  update_title (self);
  {
    /* A screen whose stored choice cannot be restored asks over this window. */
    g_autofree char *parent = sc_screen_capture_parent_handle (GTK_WIDGET (self));

    sc_studio_set_screen_portal (self->studio, NULL, parent);
  }
  sc_studio_start_async (self->studio, self->cancellable, start_cb, g_object_ref (self));
}

/* ---- preview ------------------------------------------------------------- */

/* Frames are asked for only while someone can see them. */
static void
update_preview_active (ScWindow *self)
{
  gboolean active = _sc_window_get_preview_active (self);

  if (!is_running (self))
    return;
  sc_pipeline_set_preview_width (sc_studio_get_pipeline (self->studio),
                                 active ? self->preview_width : 0);
}

gboolean
_sc_window_get_preview_active (ScWindow *self)
{
  return self->preview_enabled
         && gtk_widget_get_mapped (GTK_WIDGET (self))
         && !self->minimized;
}

static gboolean
preview_resize_cb (gpointer user_data)
{
  ScWindow *self = user_data;
  const ScEncodingConfig *encoding = sc_show_get_encoding (self->show);
  int drawn = sc_preview_get_drawn_width (self->preview);
  int width;

  self->preview_resize_id = 0;
  /* Exactly the device pixels drawn: the frame is then copied to the screen
   * as it is (sc-preview.c), where a frame a few pixels off would be scaled
   * bilinearly, which cost the main thread about 0.7 points of a core at 25 fps
   * (when this width was rounded down to an even number, the frame's height
   * came out 1.5 pixels short of a 685-pixel-wide preview's). */
  width = drawn * gtk_widget_get_scale_factor (GTK_WIDGET (self->picture));
  width = CLAMP (width, PREVIEW_MIN_WIDTH, encoding->width);
  if (drawn <= 0 || width == self->preview_width)
    return G_SOURCE_REMOVE;

  self->preview_width = width;
  update_preview_active (self);
  return G_SOURCE_REMOVE;
}

/* Frames the size they are drawn at: no scaling twice, no bytes wasted; the
 * delay keeps an interactive resize from renegotiating the scaler per step. */
static void
drawn_width_cb (ScWindow *self)
{
  if (self->preview_resize_id == 0 && self->preview_enabled)
    self->preview_resize_id = g_timeout_add (PREVIEW_RESIZE_DELAY_MS, preview_resize_cb, self);
}

static void
toplevel_state_cb (GdkToplevel *toplevel,
                   GParamSpec  *pspec,
                   ScWindow    *self)
{
  gboolean minimized = (gdk_toplevel_get_state (toplevel) & GDK_TOPLEVEL_STATE_MINIMIZED) != 0;

  if (minimized == self->minimized)
    return;
  self->minimized = minimized;
  update_preview_active (self);
}

static void
sc_window_map (GtkWidget *widget)
{
  ScWindow *self = SC_WINDOW (widget);
  GdkSurface *surface;

  GTK_WIDGET_CLASS (sc_window_parent_class)->map (widget);

  sc_preview_set_use_cairo (self->preview,
                            GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (GTK_NATIVE (self))));
  surface = gtk_native_get_surface (GTK_NATIVE (self));
  if (GDK_IS_TOPLEVEL (surface) && self->surface == NULL)
    {
      self->surface = g_object_ref (surface);
      self->toplevel_state_id = g_signal_connect (surface, "notify::state",
                                                  G_CALLBACK (toplevel_state_cb), self);
      toplevel_state_cb (GDK_TOPLEVEL (surface), NULL, self);
    }
  update_preview_active (self);
}

static void
sc_window_unmap (GtkWidget *widget)
{
  ScWindow *self = SC_WINDOW (widget);

  if (self->surface != NULL)
    {
      g_clear_signal_handler (&self->toplevel_state_id, self->surface);
      g_clear_object (&self->surface);
    }
  self->minimized = FALSE;

  GTK_WIDGET_CLASS (sc_window_parent_class)->unmap (widget);

  update_preview_active (self);
}

/* ---- closing ------------------------------------------------------------- */

static gboolean
close_timeout_cb (gpointer user_data)
{
  ScWindow *self = user_data;

  self->close_timeout_id = 0;
  g_message ("The show did not stop within %d seconds; closing anyway", CLOSE_TIMEOUT_S);
  gtk_window_destroy (GTK_WINDOW (self));

  return G_SOURCE_REMOVE;
}

static void
save_window_state (ScWindow *self)
{
  int width;
  int height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  /* The unmaximized size, so that unmaximizing next time restores it. */
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

/* Keeps the window until the recording is finalised: closing now would cut
 * the file short. ::stopped destroys the window. */
static void
stop_and_close (ScWindow *self)
{
  ScStudioState state = sc_studio_get_state (self->studio);

  self->closing = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->stack), FALSE);
  adw_window_title_set_subtitle (self->window_title, _("Finishing the recording…"));
  g_cancellable_cancel (self->cancellable);
  self->close_timeout_id = g_timeout_add_seconds (CLOSE_TIMEOUT_S, close_timeout_cb, self);

  if (state != SC_STUDIO_STATE_STOPPING)
    sc_studio_stop (self->studio);
}

static gboolean
sc_window_close_request (GtkWindow *window)
{
  ScWindow *self = SC_WINDOW (window);
  ScStudioState state;

  if (self->closing)
    return TRUE;

  if (self->studio == NULL)
    {
      save_window_state (self);
      return GTK_WINDOW_CLASS (sc_window_parent_class)->close_request (window);
    }

  state = sc_studio_get_state (self->studio);
  if ((state == SC_STUDIO_STATE_LIVE || state == SC_STUDIO_STATE_ENDING)
      && !self->close_confirmed)
    {
      _sc_window_confirm_end_show (self, TRUE);
      return TRUE;
    }

  save_window_state (self);

  if (state == SC_STUDIO_STATE_IDLE || state == SC_STUDIO_STATE_STOPPED
      || state == SC_STUDIO_STATE_FAILED)
    return GTK_WINDOW_CLASS (sc_window_parent_class)->close_request (window);

  stop_and_close (self);
  return TRUE;
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     ScWindow         *self)
{
  gboolean close = self->confirm_closes;

  if (self->confirm_dialog == dialog)
    self->confirm_dialog = NULL;

  if (g_strcmp0 (response, "end") != 0 || self->studio == NULL)
    return;

  if (close)
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
  else if (sc_studio_get_state (self->studio) == SC_STUDIO_STATE_LIVE)
    sc_studio_end_show (self->studio);
}

void
_sc_window_confirm_end_show (ScWindow *self,
                             gboolean  close)
{
  AdwMessageDialog *dialog;
  g_autoptr(GString) names = g_string_new (NULL);
  GListModel *outputs = sc_studio_get_outputs (self->studio);
  g_autofree char *body = NULL;
  guint n = g_list_model_get_n_items (outputs);

  if (self->confirm_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->confirm_dialog));
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScOutput) output = g_list_model_get_item (outputs, i);

      if (sc_output_is_recording (output))
        continue;
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, sc_output_get_name (output));
    }

  if (names->len > 0)
    /* Translators: %s is a list of destinations, e.g. "YouTube, Twitch". */
    body = g_strdup_printf (_("Viewers on %s will see the stream end, and the recording is "
                              "finished."), names->str);
  else
    body = g_strdup (_("The recording is finished."));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       close ? _("End the Show and Close?")
                                                             : _("End the Show?"),
                                                       body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Keep Streaming"),
                                    "end", close ? _("_End Show and Close") : _("_End Show"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "end", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  self->confirm_closes = close;
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self,
                           G_CONNECT_DEFAULT);
  self->confirm_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

AdwMessageDialog *
_sc_window_get_confirmation (ScWindow *self)
{
  return self->confirm_dialog;
}

ScHealth *
_sc_window_get_health (ScWindow *self)
{
  return self->health;
}

/* ---- GObject --------------------------------------------------------------- */

static void
sc_window_constructed (GObject *object)
{
  ScWindow *self = SC_WINDOW (object);

  G_OBJECT_CLASS (sc_window_parent_class)->constructed (object);

  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      self->preview_enabled = g_settings_get_boolean (self->settings, "preview-enabled");
    }

  if (self->show == NULL)
    {
      _sc_window_actions_update (self);
      return;
    }

  adw_window_title_set_title (self->window_title, sc_show_get_title (self->show));
  gtk_window_set_title (GTK_WINDOW (self), sc_show_get_title (self->show));

  self->studio = sc_studio_new (self->show);
  sc_studio_set_preview_width (self->studio, self->preview_enabled ? self->preview_width : 0);
  g_signal_group_set_target (self->studio_signals, self->studio);
  sc_product_list_set_studio (SC_PRODUCT_LIST (self->product_list), self->studio);
  sc_chat_view_set_studio (SC_CHAT_VIEW (self->chat_view), self->studio);
  sc_claims_view_set_studio (SC_CLAIMS_VIEW (self->claims_view), self->studio);
  sc_layout_switcher_set_studio (SC_LAYOUT_SWITCHER (self->layout_switcher), self->studio);

  update_sources_preflight (self);
  update_destinations_preflight (self);
  update_shop_preflight (self);
  update_encoder_preflight (self);
  update_title (self);
  _sc_window_actions_update (self);
}

static void
sc_window_dispose (GObject *object)
{
  ScWindow *self = SC_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->close_timeout_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->preview_resize_id, g_source_remove);
  if (self->surface != NULL)
    g_clear_signal_handler (&self->toplevel_state_id, self->surface);
  g_clear_object (&self->surface);
  if (self->studio_signals != NULL)
    g_signal_group_set_target (self->studio_signals, NULL);
  if (self->sync_signals != NULL)
    g_signal_group_set_target (self->sync_signals, NULL);
  if (self->outputs_list != NULL)
    gtk_list_box_bind_model (self->outputs_list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->studio_signals);
  g_clear_object (&self->sync_signals);
  g_clear_object (&self->studio);
  g_clear_object (&self->show);
  g_clear_object (&self->preview);
  if (self->shortcuts_window != NULL)
    {
      GtkWindow *shortcuts = self->shortcuts_window;

      g_object_remove_weak_pointer (G_OBJECT (shortcuts), (gpointer *)&self->shortcuts_window);
      self->shortcuts_window = NULL;
      gtk_window_destroy (shortcuts);
    }
  g_clear_object (&self->health);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->problem_key, g_free);
  g_clear_object (&self->pending_file);

  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_WINDOW);

  G_OBJECT_CLASS (sc_window_parent_class)->dispose (object);
}

static void
sc_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  ScWindow *self = SC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_SHOW:
      g_value_set_object (value, self->show);
      break;

    case PROP_MUTED:
      g_value_set_boolean (value, self->studio != NULL && sc_studio_get_muted (self->studio));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  ScWindow *self = SC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_SHOW:
      self->show = g_value_dup_object (value);
      break;

    case PROP_MUTED:
      /* The studio notifies "muted", and that notifies ours. */
      if (self->studio != NULL)
        sc_studio_set_muted (self->studio, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_window_class_init (ScWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = sc_window_constructed;
  object_class->dispose = sc_window_dispose;
  object_class->get_property = sc_window_get_property;
  object_class->set_property = sc_window_set_property;

  widget_class->map = sc_window_map;
  widget_class->unmap = sc_window_unmap;

  window_class->close_request = sc_window_close_request;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SHOW] =
    g_param_spec_object ("show", NULL, NULL,
                         SC_TYPE_SHOW,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* The microphone's mute, as a property so win.toggle-mute is a stateful action. */
  properties[PROP_MUTED] =
    g_param_spec_boolean ("muted", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/sc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ScWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, live_badge);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, mute_button);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, problem_revealer);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, problem_label);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, error_button);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, starting_label);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, starting_spinner);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, picture);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, strip_stack);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, camera_detail);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, camera_icon);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, mic_detail);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, mic_level);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, shop_detail);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, shop_icon);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, encoder_detail);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, destinations_box);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, go_live_button);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, recording_revealer);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, recording_label);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, health_light);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, health_label);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, live_mic_level);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, mic_warning);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, outputs_list);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, end_show_button);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, products_slot);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, chat_slot);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, layout_slot);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, claims_slot);
  gtk_widget_class_bind_template_child (widget_class, ScWindow, side_stack);

  _sc_window_class_actions_init (klass);
}

/* The spinner turns only while its page is shown. A spinning GtkSpinner is a
 * CSS animation, and GTK 4.8 keeps animating it on a hidden stack page: a
 * style change, a layout of the whole window and (on X11) a handful of
 * round trips to the X server every frame, for the whole show. */
static void
stack_page_changed_cb (ScWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  gtk_spinner_set_spinning (self->starting_spinner, g_strcmp0 (page, "starting") == 0);
}

static void
sc_window_init (ScWindow *self)
{
  g_type_ensure (SC_TYPE_DESTINATION_STATUS);
  g_type_ensure (SC_TYPE_LEVEL_METER);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->pending_level = -1;
  /* -Dprofile=development: libadwaita stripes the header bar, as in every
   * GNOME app's nightly build, so the Devel window is told apart at a glance. */
  if (DEVELOPMENT_PROFILE)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (stack_page_changed_cb), self, G_CONNECT_SWAPPED);
  stack_page_changed_cb (self);
  /* The meters turn red where the window warns of clipping. */
  sc_level_meter_set_warning_level (self->mic_level, level_fraction (CLIPPING_DB));
  sc_level_meter_set_warning_level (self->live_mic_level, level_fraction (CLIPPING_DB));

  self->product_list = sc_product_list_new ();
  gtk_widget_set_vexpand (self->product_list, TRUE);
  gtk_box_append (self->products_slot, self->product_list);
  self->chat_view = sc_chat_view_new ();
  gtk_widget_set_vexpand (self->chat_view, TRUE);
  /* win.feature-message and win.hide-message act on the selected message. */
  g_signal_connect_object (self->chat_view, "notify::selected-message",
                           G_CALLBACK (_sc_window_actions_update), self, G_CONNECT_SWAPPED);
  gtk_box_append (self->chat_slot, self->chat_view);
  self->claims_view = sc_claims_view_new ();
  gtk_widget_set_vexpand (self->claims_view, TRUE);
  gtk_box_append (self->claims_slot, self->claims_view);
  self->layout_switcher = sc_layout_switcher_new ();
  gtk_box_append (self->layout_slot, self->layout_switcher);

  self->cancellable = g_cancellable_new ();
  self->preview_enabled = TRUE;
  self->preview_width = PREVIEW_WIDTH;
  self->silent_since = -1;
  self->silent_seconds = SILENT_SECONDS;
  self->preview = sc_preview_new ();
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (self->preview));
  g_signal_connect_object (self->preview, "notify::drawn-width", G_CALLBACK (drawn_width_cb),
                           self, G_CONNECT_SWAPPED);

  self->health = sc_health_new ();
  g_signal_connect_object (self->health, "notify", G_CALLBACK (health_changed_cb), self,
                           G_CONNECT_SWAPPED);
  health_changed_cb (self);

  self->studio_signals = g_signal_group_new (SC_TYPE_STUDIO);
  g_signal_group_connect_object (self->studio_signals, "preview-frame",
                                 G_CALLBACK (on_preview_frame), self, G_CONNECT_DEFAULT);
  g_signal_group_connect_object (self->studio_signals, "notify::state",
                                 G_CALLBACK (on_state_changed), self, G_CONNECT_DEFAULT);
  g_signal_group_connect_object (self->studio_signals, "notify::muted",
                                 G_CALLBACK (on_muted_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->studio_signals, "audio-level",
                                 G_CALLBACK (on_audio_level), self, G_CONNECT_DEFAULT);
  g_signal_group_connect_object (self->studio_signals, "source-failed",
                                 G_CALLBACK (on_source_failed), self, G_CONNECT_DEFAULT);
  g_signal_group_connect_object (self->studio_signals, "recording-failed",
                                 G_CALLBACK (on_recording_failed), self, G_CONNECT_DEFAULT);
  g_signal_group_connect_object (self->studio_signals, "live-started",
                                 G_CALLBACK (on_live_started), self, G_CONNECT_DEFAULT);
  g_signal_group_connect_object (self->studio_signals, "live-ended",
                                 G_CALLBACK (on_live_ended), self, G_CONNECT_DEFAULT);
  g_signal_group_connect_object (self->studio_signals, "stopped",
                                 G_CALLBACK (on_stopped), self, G_CONNECT_DEFAULT);
  g_signal_group_connect_object (self->studio_signals, "shop-sale-restored",
                                 G_CALLBACK (on_shop_sale_restored), self, G_CONNECT_DEFAULT);

  self->sync_signals = g_signal_group_new (SC_TYPE_INVENTORY_SYNC);
  g_signal_group_connect_object (self->sync_signals, "notify::state",
                                 G_CALLBACK (on_sync_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->sync_signals, "notify::stale",
                                 G_CALLBACK (on_sync_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->sync_signals, "notify::synced-at",
                                 G_CALLBACK (on_sync_changed), self, G_CONNECT_SWAPPED);
}

ScWindow *
sc_window_new (ScApplication *application,
               ScShow        *show)
{
  g_return_val_if_fail (SC_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (show == NULL || SC_IS_SHOW (show), NULL);

  return g_object_new (SC_TYPE_WINDOW,
                       "application", application,
                       "settings", sc_application_get_settings (application),
                       "show", show,
                       NULL);
}

ScShow *
sc_window_get_show (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), NULL);

  return self->show;
}

ScStudio *
sc_window_get_studio (ScWindow *self)
{
  g_return_val_if_fail (SC_IS_WINDOW (self), NULL);

  return self->studio;
}

void
sc_window_show_error (ScWindow   *self,
                      const char *title,
                      const char *description)
{
  g_autofree char *markup = NULL;

  g_return_if_fail (SC_IS_WINDOW (self));
  g_return_if_fail (title != NULL);

  /* The description is Pango markup; error texts quote file names and JSON. */
  if (description != NULL)
    markup = g_markup_escape_text (description, -1);

  adw_window_title_set_subtitle (self->window_title, NULL);
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, markup);
  gtk_stack_set_visible_child_name (self->stack, "error");
  _sc_window_actions_update (self);
}
