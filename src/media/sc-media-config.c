/* sc-media-config.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-media-config"

#include "config.h"

#include <string.h>

#include "sc-media-config.h"

static const char *source_kind_names[] = {
  [SC_SOURCE_TEST_PATTERN] = "test-pattern",
  [SC_SOURCE_IMAGE] = "image",
  [SC_SOURCE_CAMERA] = "camera",
  [SC_SOURCE_SCREEN] = "screen",
  [SC_SOURCE_MICROPHONE] = "microphone",
  [SC_SOURCE_TEST_TONE] = "test-tone",
};

const char *
sc_source_kind_to_string (ScSourceKind kind)
{
  g_return_val_if_fail ((guint)kind < G_N_ELEMENTS (source_kind_names), NULL);
  return source_kind_names[kind];
}

gboolean
sc_source_kind_from_string (const char   *name,
                            ScSourceKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (source_kind_names); i++)
    {
      if (g_strcmp0 (name, source_kind_names[i]) == 0)
        {
          *kind = (ScSourceKind)i;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
sc_source_kind_is_video (ScSourceKind kind)
{
  return kind == SC_SOURCE_TEST_PATTERN || kind == SC_SOURCE_IMAGE ||
         kind == SC_SOURCE_CAMERA || kind == SC_SOURCE_SCREEN;
}

ScSourceConfig *
sc_source_config_new (const char   *id,
                      ScSourceKind  kind)
{
  ScSourceConfig *self = g_new0 (ScSourceConfig, 1);

  self->id = g_strdup (id);
  self->kind = kind;
  self->volume = 1.0;
  self->frequency = 440.0;
  return self;
}

ScSourceConfig *
sc_source_config_copy (const ScSourceConfig *self)
{
  ScSourceConfig *copy = g_memdup2 (self, sizeof *self);

  copy->id = g_strdup (self->id);
  copy->label = g_strdup (self->label);
  copy->pattern = g_strdup (self->pattern);
  copy->path = g_strdup (self->path);
  copy->device = g_strdup (self->device);
  return copy;
}

void
sc_source_config_free (ScSourceConfig *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->label);
  g_free (self->pattern);
  g_free (self->path);
  g_free (self->device);
  g_free (self);
}

ScOutputConfig *
sc_output_config_new (const char *name,
                      const char *url)
{
  ScOutputConfig *self = g_new0 (ScOutputConfig, 1);

  self->name = g_strdup (name);
  self->url = g_strdup (url);
  self->enabled = TRUE;
  return self;
}

ScOutputConfig *
sc_output_config_copy (const ScOutputConfig *self)
{
  ScOutputConfig *copy = g_memdup2 (self, sizeof *self);

  copy->name = g_strdup (self->name);
  copy->url = g_strdup (self->url);
  copy->key = g_strdup (self->key);
  return copy;
}

void
sc_output_config_free (ScOutputConfig *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->url);
  if (self->key != NULL)
    memset (self->key, 0, strlen (self->key));
  g_free (self->key);
  g_free (self);
}

char *
sc_output_config_full_url (const ScOutputConfig *self)
{
  if (self->key == NULL || self->key[0] == '\0')
    return g_strdup (self->url);
  if (g_str_has_suffix (self->url, "/"))
    return g_strconcat (self->url, self->key, NULL);
  return g_strconcat (self->url, "/", self->key, NULL);
}

void
sc_encoding_config_init_defaults (ScEncodingConfig *self)
{
  memset (self, 0, sizeof *self);
  self->width = 1280;
  self->height = 720;
  self->fps = 30;
  self->video_bitrate_kbps = 3500;
  self->audio_bitrate_kbps = 128;
  self->keyframe_interval_s = 2;
  self->audio_rate = 48000;
  self->reconnect_initial_s = 2.0;
  self->reconnect_factor = 1.5;
  self->reconnect_max_delay_s = 60.0;
  self->reconnect_max_retries = -1;
}

void
sc_encoding_config_clear (ScEncodingConfig *self)
{
  g_clear_pointer (&self->video_encoder, g_free);
  g_clear_pointer (&self->audio_encoder, g_free);
}
