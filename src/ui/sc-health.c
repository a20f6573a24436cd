/* sc-health.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-health"

#include "config.h"

#include <glib/gi18n.h>

#include "ui/sc-health.h"

/* Samples kept: about ten seconds at one a second. A drop long ago does not
 * keep the light amber for the rest of the show. */
#define WINDOW 10

typedef struct {
  guint64 frames;
  guint64 lost;
} Sample;

struct _ScHealth
{
  GObject        parent_instance;

  Sample         samples[WINDOW];
  guint          n_samples;
  guint          next;
  ScHealthLevel  level;
  char          *summary;
};

G_DEFINE_FINAL_TYPE (ScHealth, sc_health, G_TYPE_OBJECT)
G_DEFINE_ENUM_TYPE (ScHealthLevel, sc_health_level,
                    G_DEFINE_ENUM_VALUE (SC_HEALTH_GOOD, "good"),
                    G_DEFINE_ENUM_VALUE (SC_HEALTH_WARNING, "warning"),
                    G_DEFINE_ENUM_VALUE (SC_HEALTH_BAD, "bad"))

enum {
  PROP_0,
  PROP_LEVEL,
  PROP_SUMMARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

ScHealthLevel
sc_health_level_for_frames (guint64 frames,
                            guint64 lost)
{
  double ratio;

  if (lost == 0)
    return SC_HEALTH_GOOD;
  ratio = (double) lost / (double) (frames + lost);
  if (ratio > SC_HEALTH_BAD_RATIO)
    return SC_HEALTH_BAD;
  if (ratio > SC_HEALTH_WARNING_RATIO)
    return SC_HEALTH_WARNING;
  return SC_HEALTH_GOOD;
}

ScHealthLevel
sc_health_level_for_output (ScOutputState state)
{
  switch (state)
    {
    case SC_OUTPUT_STATE_CONNECTING:
    case SC_OUTPUT_STATE_RECONNECTING:
      return SC_HEALTH_WARNING;
    case SC_OUTPUT_STATE_FAILED:
      return SC_HEALTH_BAD;
    case SC_OUTPUT_STATE_IDLE:
    case SC_OUTPUT_STATE_LIVE:
    case SC_OUTPUT_STATE_STOPPED:
    default:
      return SC_HEALTH_GOOD;
    }
}

static void
set_result (ScHealth      *self,
            ScHealthLevel  level,
            char          *summary)
{
  if (self->level != level)
    {
      self->level = level;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEVEL]);
    }
  if (g_strcmp0 (self->summary, summary) != 0)
    {
      g_free (self->summary);
      self->summary = summary;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
    }
  else
    g_free (summary);
}

void
sc_health_update (ScHealth              *self,
                  const ScPipelineStats *stats,
                  GListModel            *outputs)
{
  ScHealthLevel level = SC_HEALTH_GOOD;
  ScHealthLevel frames_level;
  g_autofree char *summary = NULL;
  const Sample *oldest;
  Sample sample;
  guint n_outputs;

  g_return_if_fail (SC_IS_HEALTH (self));
  g_return_if_fail (stats != NULL);

  sample.frames = stats->frames;
  sample.lost = stats->render_drops;
  n_outputs = outputs != NULL ? g_list_model_get_n_items (outputs) : 0;
  for (guint i = 0; i < n_outputs; i++)
    {
      g_autoptr(ScOutput) output = g_list_model_get_item (outputs, i);

      sample.lost += sc_output_get_dropped_frames (output);
    }

  oldest = self->n_samples == WINDOW ? &self->samples[self->next]
                                     : &self->samples[0];
  if (self->n_samples == 0)
    oldest = &sample;
  /* Counters restart with a new pipeline; start the window again then. */
  if (sample.frames < oldest->frames || sample.lost < oldest->lost)
    {
      self->n_samples = 0;
      self->next = 0;
      oldest = &sample;
    }
  frames_level = sc_health_level_for_frames (sample.frames - oldest->frames,
                                             sample.lost - oldest->lost);
  if (frames_level != SC_HEALTH_GOOD)
    {
      double percent = 100.0 * (double) (sample.lost - oldest->lost)
                       / (double) (sample.frames - oldest->frames
                                   + sample.lost - oldest->lost);

      level = frames_level;
      /* Translators: %.1f is a percentage of video frames, e.g. "2.5". */
      summary = g_strdup_printf (_("%.1f %% of frames lost in the last seconds: close other "
                                   "programs or lower the bitrate"), percent);
    }

  /* The dynamic bitrate lowered the video for a weak uplink: the show goes
   * on, softer, and the host should know why (and that it recovers). */
  if (level == SC_HEALTH_GOOD && stats->video_bitrate_wanted_kbps > 0
      && stats->video_bitrate_kbps > 0
      && stats->video_bitrate_kbps < stats->video_bitrate_wanted_kbps)
    {
      level = SC_HEALTH_WARNING;
      /* Translators: both are bitrates in Mbit/s, e.g. "Weak connection:
       * sending 1.2 of 3.5 Mbit/s". */
      summary = g_strdup_printf (_("Weak connection: sending %.1f of %.1f Mbit/s, a softer "
                                   "picture until the connection recovers"),
                                 stats->video_bitrate_kbps / 1000.0,
                                 stats->video_bitrate_wanted_kbps / 1000.0);
    }

  self->samples[self->next] = sample;
  self->next = (self->next + 1) % WINDOW;
  self->n_samples = MIN (self->n_samples + 1, WINDOW);

  for (guint i = 0; i < n_outputs; i++)
    {
      g_autoptr(ScOutput) output = g_list_model_get_item (outputs, i);
      ScOutputState state = sc_output_get_state (output);
      ScHealthLevel output_level = sc_health_level_for_output (state);

      if (output_level <= level)
        continue;
      level = output_level;
      g_clear_pointer (&summary, g_free);
      if (state == SC_OUTPUT_STATE_FAILED)
        /* Translators: %s is a destination's name, e.g. "YouTube". */
        summary = g_strdup_printf (_("%s stopped: see below what to do"),
                                   sc_output_get_name (output));
      else if (state == SC_OUTPUT_STATE_RECONNECTING)
        summary = g_strdup_printf (_("%s is reconnecting"), sc_output_get_name (output));
      else
        summary = g_strdup_printf (_("%s is connecting"), sc_output_get_name (output));
    }

  if (summary == NULL)
    summary = g_strdup (_("Everything is running well"));
  set_result (self, level, g_steal_pointer (&summary));
}

void
sc_health_reset (ScHealth *self)
{
  g_return_if_fail (SC_IS_HEALTH (self));

  self->n_samples = 0;
  self->next = 0;
  set_result (self, SC_HEALTH_GOOD, g_strdup (_("Everything is running well")));
}

ScHealthLevel
sc_health_get_level (ScHealth *self)
{
  g_return_val_if_fail (SC_IS_HEALTH (self), SC_HEALTH_GOOD);
  return self->level;
}

const char *
sc_health_get_summary (ScHealth *self)
{
  g_return_val_if_fail (SC_IS_HEALTH (self), NULL);
  return self->summary;
}

static void
sc_health_finalize (GObject *object)
{
  ScHealth *self = SC_HEALTH (object);

  g_free (self->summary);

  G_OBJECT_CLASS (sc_health_parent_class)->finalize (object);
}

static void
sc_health_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  ScHealth *self = SC_HEALTH (object);

  switch (prop_id)
    {
    case PROP_LEVEL:
      g_value_set_enum (value, self->level);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_health_class_init (ScHealthClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sc_health_finalize;
  object_class->get_property = sc_health_get_property;

  properties[PROP_LEVEL] =
    g_param_spec_enum ("level", NULL, NULL, SC_TYPE_HEALTH_LEVEL, SC_HEALTH_GOOD,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_health_init (ScHealth *self)
{
  self->summary = g_strdup (_("Everything is running well"));
}

ScHealth *
sc_health_new (void)
{
  return g_object_new (SC_TYPE_HEALTH, NULL);
}
