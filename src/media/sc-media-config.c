/* sc-media-config.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-media-config"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "base/sc-json-util.h"
#include "sc-media-config.h"
#include "sc-media-error.h"

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

static const char *screen_capture_names[] = {
  [SC_SCREEN_CAPTURE_X11] = "x11",
  [SC_SCREEN_CAPTURE_PORTAL] = "portal",
};

const char *
sc_screen_capture_to_string (ScScreenCapture capture)
{
  g_return_val_if_fail ((guint)capture < G_N_ELEMENTS (screen_capture_names), NULL);
  return screen_capture_names[capture];
}

gboolean
sc_screen_capture_from_string (const char      *name,
                               ScScreenCapture *capture)
{
  for (guint i = 0; i < G_N_ELEMENTS (screen_capture_names); i++)
    if (g_strcmp0 (name, screen_capture_names[i]) == 0)
      {
        *capture = (ScScreenCapture)i;
        return TRUE;
      }
  return FALSE;
}

void
sc_portal_choice_clear (ScPortalChoice *self)
{
  g_free (self->restore_token);
  g_free (self->source_type);
  g_free (self->stream_id);
  g_free (self->mapping_id);
  memset (self, 0, sizeof *self);
}

void
sc_portal_choice_copy_into (ScPortalChoice       *dest,
                            const ScPortalChoice *src)
{
  if (dest == src)
    return;
  sc_portal_choice_clear (dest);
  *dest = *src;
  dest->restore_token = g_strdup (src->restore_token);
  dest->source_type = g_strdup (src->source_type);
  dest->stream_id = g_strdup (src->stream_id);
  dest->mapping_id = g_strdup (src->mapping_id);
}

gboolean
sc_portal_choice_equal (const ScPortalChoice *a,
                        const ScPortalChoice *b)
{
  return g_strcmp0 (a->restore_token, b->restore_token) == 0 &&
         g_strcmp0 (a->source_type, b->source_type) == 0 &&
         a->width == b->width && a->height == b->height &&
         a->has_position == b->has_position &&
         (!a->has_position || (a->x == b->x && a->y == b->y)) &&
         g_strcmp0 (a->stream_id, b->stream_id) == 0 &&
         g_strcmp0 (a->mapping_id, b->mapping_id) == 0;
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
  self->pipewire_fd = -1;
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
  memset (&copy->portal, 0, sizeof copy->portal);
  sc_portal_choice_copy_into (&copy->portal, &self->portal);
  copy->unavailable = g_strdup (self->unavailable);
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
  sc_portal_choice_clear (&self->portal);
  g_free (self->unavailable);
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
  copy->key_env = g_strdup (self->key_env);
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
  g_free (self->key_env);
  g_free (self);
}

char *
sc_output_config_full_url (const ScOutputConfig *self)
{
  if (sc_output_url_is_srt (self->url))
    return g_strdup (self->url);
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
  self->rate_control = SC_RATE_CONTROL_AUTO;
  self->profile = SC_H264_PROFILE_AUTO;
  self->dynamic_bitrate = TRUE;
  self->reconnect_initial_s = 2.0;
  self->reconnect_factor = 1.5;
  self->reconnect_max_delay_s = 60.0;
  /* Bounded like OBS (20 tries, 2 s × 1.5 up to minutes): a destination
   * down for good turns FAILED, and "reconnect now" revives it. */
  self->reconnect_max_retries = 10;
  self->connect_timeout_s = 10.0;
}

void
sc_encoding_config_clear (ScEncodingConfig *self)
{
  g_clear_pointer (&self->video_encoder, g_free);
  g_clear_pointer (&self->audio_encoder, g_free);
}

/* Reading and writing the show file's media sections. Messages name the
 * JSON path; docs/show-format.md describes every member. */

#define MIN_CANVAS_SIZE 64
#define MAX_CANVAS_WIDTH 3840
#define MAX_CANVAS_HEIGHT 2160

void
sc_encoding_config_copy_into (ScEncodingConfig       *dest,
                              const ScEncodingConfig *src)
{
  if (dest == src)
    return;
  sc_encoding_config_clear (dest);
  *dest = *src;
  dest->video_encoder = g_strdup (src->video_encoder);
  dest->audio_encoder = g_strdup (src->audio_encoder);
}

static gboolean
is_identifier (const char *text)
{
  if (text[0] == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static gboolean
read_canvas_size (ScJsonReader *reader,
                  JsonObject   *canvas,
                  const char   *canvas_path,
                  const char   *member,
                  int           max,
                  int          *value)
{
  g_autofree char *path = sc_json_path_member (canvas_path, member);
  g_autofree char *at_most = g_strdup_printf (_("at most %d"), max);
  g_autofree char *at_least = g_strdup_printf (_("at least %d"), MIN_CANVAS_SIZE);
  JsonNode *node = sc_json_object_get_value (canvas, member);
  int size = *value;

  if (!sc_json_reader_get_int (reader, canvas, canvas_path, member, 1, G_MAXINT,
                               _("a positive integer"), &size))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (size > max)
    return sc_json_reader_fail_expected (reader, path, at_most, node);
  if (size < MIN_CANVAS_SIZE)
    return sc_json_reader_fail_expected (reader, path, at_least, node);
  if (size % 2 != 0)
    return sc_json_reader_fail_expected (reader, path,
                                         _("an even number (video encoders need even sizes)"),
                                         node);
  *value = size;
  return TRUE;
}

gboolean
sc_encoding_config_read_canvas (ScEncodingConfig *self,
                                JsonNode         *node,
                                ScJsonReader     *reader,
                                const char       *path)
{
  static const char * const allowed[] = { "width", "height", "fps", NULL };
  JsonObject *canvas;
  gboolean ok;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!sc_json_reader_expect_object (reader, node, path, _("an object"), &canvas))
    return FALSE;

  ok = sc_json_reader_check_members (reader, canvas, path, allowed);
  ok &= read_canvas_size (reader, canvas, path, "width", MAX_CANVAS_WIDTH, &self->width);
  ok &= read_canvas_size (reader, canvas, path, "height", MAX_CANVAS_HEIGHT, &self->height);
  ok &= sc_json_reader_get_int (reader, canvas, path, "fps", 1, 60,
                                _("an integer from 1 to 60"), &self->fps);
  return ok;
}

static gboolean
read_element_name (ScJsonReader  *reader,
                   JsonObject    *object,
                   const char    *object_path,
                   const char    *member,
                   char         **value)
{
  const char *name = NULL;

  if (!sc_json_reader_get_string (reader, object, object_path, member, &name))
    return FALSE;
  if (name != NULL && !is_identifier (name))
    {
      g_autofree char *path = sc_json_path_member (object_path, member);
      return sc_json_reader_fail_expected (reader, path,
                                           _("a GStreamer element name such as \"x264enc\", "
                                             "or null"),
                                           json_object_get_member (object, member));
    }
  g_free (*value);
  *value = g_strdup (name);
  return TRUE;
}

static const char *rate_control_names[] = {
  [SC_RATE_CONTROL_AUTO] = "auto",
  [SC_RATE_CONTROL_CBR] = "cbr",
  [SC_RATE_CONTROL_VBR] = "vbr",
};

static const char *profile_names[] = {
  [SC_H264_PROFILE_AUTO] = "auto",
  [SC_H264_PROFILE_MAIN] = "main",
  [SC_H264_PROFILE_HIGH] = "high",
};

const char *
sc_rate_control_to_string (ScRateControl rate_control)
{
  g_return_val_if_fail ((guint)rate_control < G_N_ELEMENTS (rate_control_names), NULL);
  return rate_control_names[rate_control];
}

const char *
sc_h264_profile_to_string (ScH264Profile profile)
{
  g_return_val_if_fail ((guint)profile < G_N_ELEMENTS (profile_names), NULL);
  return profile_names[profile];
}

/* A string member that must be one of @names; its index goes to @value. */
static gboolean
read_choice (ScJsonReader       *reader,
             JsonObject         *object,
             const char         *object_path,
             const char         *member,
             const char * const *names,
             guint               n_names,
             const char         *expected,
             int                *value)
{
  const char *name = NULL;

  if (!sc_json_reader_get_string (reader, object, object_path, member, &name))
    return FALSE;
  if (name == NULL)
    return TRUE;
  for (guint i = 0; i < n_names; i++)
    if (g_str_equal (name, names[i]))
      {
        *value = (int)i;
        return TRUE;
      }
  {
    g_autofree char *path = sc_json_path_member (object_path, member);

    return sc_json_reader_fail_expected (reader, path, expected,
                                         json_object_get_member (object, member));
  }
}

/* The host of @url ends in @domain ("twitch.tv" matches live.twitch.tv). */
static gboolean
host_in (const char *host,
         const char *domain)
{
  gsize hl = strlen (host), dl = strlen (domain);

  if (hl == dl)
    return g_ascii_strcasecmp (host, domain) == 0;
  return hl > dl && host[hl - dl - 1] == '.' && g_ascii_strcasecmp (host + hl - dl, domain) == 0;
}

void
sc_output_config_get_wishes (const ScOutputConfig *self,
                             ScRateControl        *rate_control,
                             ScH264Profile        *profile)
{
  g_autoptr(GUri) uri = self->url ? g_uri_parse (self->url, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *host = uri ? g_uri_get_host (uri) : NULL;

  *rate_control = SC_RATE_CONTROL_AUTO;
  *profile = SC_H264_PROFILE_AUTO;
  if (host == NULL)
    return;
  /* SRT carries MPEG-TS to a relay or decoder whose latency window and
   * overhead bandwidth are sized from the stream's rate: bursts over it turn
   * into late, dropped packets. Constant bitrate, any profile. */
  if (sc_output_url_is_srt (self->url))
    {
      *rate_control = SC_RATE_CONTROL_CBR;
      return;
    }
  /* Twitch's broadcasting guidelines: strict CBR; Main is what every
   * Twitch player and transcoder takes. */
  if (host_in (host, "twitch.tv") || host_in (host, "contribute.live-video.net"))
    {
      *rate_control = SC_RATE_CONTROL_CBR;
      *profile = SC_H264_PROFILE_MAIN;
    }
  /* YouTube Live and Facebook Live recommend CBR, and take High. */
  else if (host_in (host, "youtube.com") || host_in (host, "facebook.com"))
    {
      *rate_control = SC_RATE_CONTROL_CBR;
      *profile = SC_H264_PROFILE_HIGH;
    }
}

gboolean
sc_encoding_config_read_encoding (ScEncodingConfig *self,
                                  JsonNode         *node,
                                  ScJsonReader     *reader,
                                  const char       *path)
{
  static const char * const allowed[] = {
    "video_bitrate_kbps", "audio_bitrate_kbps", "keyframe_interval_s", "video_encoder",
    "audio_encoder", "rate_control", "profile", "dynamic_bitrate", NULL
  };
  JsonObject *encoding;
  gboolean ok;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!sc_json_reader_expect_object (reader, node, path, _("an object"), &encoding))
    return FALSE;

  ok = sc_json_reader_check_members (reader, encoding, path, allowed);
  ok &= sc_json_reader_get_int (reader, encoding, path, "video_bitrate_kbps", 100, 50000,
                                _("an integer from 100 to 50000"), &self->video_bitrate_kbps);
  ok &= sc_json_reader_get_int (reader, encoding, path, "audio_bitrate_kbps", 16, 512,
                                _("an integer from 16 to 512"), &self->audio_bitrate_kbps);
  ok &= sc_json_reader_get_int (reader, encoding, path, "keyframe_interval_s", 1, 10,
                                _("an integer from 1 to 10"), &self->keyframe_interval_s);
  ok &= read_element_name (reader, encoding, path, "video_encoder", &self->video_encoder);
  ok &= read_element_name (reader, encoding, path, "audio_encoder", &self->audio_encoder);
  ok &= read_choice (reader, encoding, path, "rate_control", rate_control_names,
                     G_N_ELEMENTS (rate_control_names), _("\"auto\", \"cbr\" or \"vbr\""),
                     (int *)&self->rate_control);
  ok &= read_choice (reader, encoding, path, "profile", profile_names,
                     G_N_ELEMENTS (profile_names), _("\"auto\", \"main\" or \"high\""),
                     (int *)&self->profile);
  ok &= sc_json_reader_get_bool (reader, encoding, path, "dynamic_bitrate",
                                 &self->dynamic_bitrate);
  return ok;
}

gboolean
sc_encoding_config_read_reconnect (ScEncodingConfig *self,
                                   JsonNode         *node,
                                   ScJsonReader     *reader,
                                   const char       *path)
{
  static const char * const allowed[] = {
    "initial_delay_s", "factor", "max_delay_s", "max_retries", "connect_timeout_s", NULL
  };
  JsonObject *reconnect;
  gboolean ok;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!sc_json_reader_expect_object (reader, node, path, _("an object"), &reconnect))
    return FALSE;

  ok = sc_json_reader_check_members (reader, reconnect, path, allowed);
  ok &= sc_json_reader_get_double (reader, reconnect, path, "initial_delay_s", 0.1, 3600.0,
                                   _("a number of seconds from 0.1 to 3600"),
                                   &self->reconnect_initial_s);
  ok &= sc_json_reader_get_double (reader, reconnect, path, "factor", 1.0, 10.0,
                                   _("a number from 1 to 10"), &self->reconnect_factor);
  ok &= sc_json_reader_get_double (reader, reconnect, path, "max_delay_s", 0.1, 86400.0,
                                   _("a number of seconds from 0.1 to 86400"),
                                   &self->reconnect_max_delay_s);
  ok &= sc_json_reader_get_int (reader, reconnect, path, "max_retries", -1, G_MAXINT,
                                _("a whole number of retries, or -1 to retry forever"),
                                &self->reconnect_max_retries);
  ok &= sc_json_reader_get_double (reader, reconnect, path, "connect_timeout_s", 0.1, 600.0,
                                   _("a number of seconds from 0.1 to 600"),
                                   &self->connect_timeout_s);
  if (ok && self->reconnect_max_delay_s < self->reconnect_initial_s)
    {
      g_autofree char *expected = NULL;
      g_autofree char *max_path = sc_json_path_member (path, "max_delay_s");
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      expected = g_strdup_printf (_("at least initial_delay_s (%s)"),
                                  g_ascii_formatd (buf, sizeof buf, "%g",
                                                   self->reconnect_initial_s));
      return sc_json_reader_fail_expected (reader, max_path, expected,
                                           json_object_get_member (reconnect, "max_delay_s"));
    }
  return ok;
}

static JsonNode *
object_or_null (JsonObject *object)
{
  JsonNode *node;

  if (json_object_get_size (object) == 0)
    {
      json_object_unref (object);
      return NULL;
    }
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

JsonNode *
sc_encoding_config_canvas_to_json (const ScEncodingConfig *self)
{
  ScEncodingConfig defaults;
  JsonObject *object = json_object_new ();

  sc_encoding_config_init_defaults (&defaults);
  if (self->width != defaults.width)
    json_object_set_int_member (object, "width", self->width);
  if (self->height != defaults.height)
    json_object_set_int_member (object, "height", self->height);
  if (self->fps != defaults.fps)
    json_object_set_int_member (object, "fps", self->fps);
  return object_or_null (object);
}

JsonNode *
sc_encoding_config_encoding_to_json (const ScEncodingConfig *self)
{
  ScEncodingConfig defaults;
  JsonObject *object = json_object_new ();

  sc_encoding_config_init_defaults (&defaults);
  if (self->video_bitrate_kbps != defaults.video_bitrate_kbps)
    json_object_set_int_member (object, "video_bitrate_kbps", self->video_bitrate_kbps);
  if (self->audio_bitrate_kbps != defaults.audio_bitrate_kbps)
    json_object_set_int_member (object, "audio_bitrate_kbps", self->audio_bitrate_kbps);
  if (self->keyframe_interval_s != defaults.keyframe_interval_s)
    json_object_set_int_member (object, "keyframe_interval_s", self->keyframe_interval_s);
  if (self->video_encoder != NULL)
    json_object_set_string_member (object, "video_encoder", self->video_encoder);
  if (self->audio_encoder != NULL)
    json_object_set_string_member (object, "audio_encoder", self->audio_encoder);
  if (self->rate_control != defaults.rate_control)
    json_object_set_string_member (object, "rate_control",
                                   sc_rate_control_to_string (self->rate_control));
  if (self->profile != defaults.profile)
    json_object_set_string_member (object, "profile", sc_h264_profile_to_string (self->profile));
  if (self->dynamic_bitrate != defaults.dynamic_bitrate)
    json_object_set_boolean_member (object, "dynamic_bitrate", self->dynamic_bitrate);
  return object_or_null (object);
}

JsonNode *
sc_encoding_config_reconnect_to_json (const ScEncodingConfig *self)
{
  ScEncodingConfig defaults;
  JsonObject *object = json_object_new ();

  sc_encoding_config_init_defaults (&defaults);
  if (self->reconnect_initial_s != defaults.reconnect_initial_s)
    json_object_set_double_member (object, "initial_delay_s", self->reconnect_initial_s);
  if (self->reconnect_factor != defaults.reconnect_factor)
    json_object_set_double_member (object, "factor", self->reconnect_factor);
  if (self->reconnect_max_delay_s != defaults.reconnect_max_delay_s)
    json_object_set_double_member (object, "max_delay_s", self->reconnect_max_delay_s);
  if (self->reconnect_max_retries != defaults.reconnect_max_retries)
    json_object_set_int_member (object, "max_retries", self->reconnect_max_retries);
  if (self->connect_timeout_s != defaults.connect_timeout_s)
    json_object_set_double_member (object, "connect_timeout_s", self->connect_timeout_s);
  return object_or_null (object);
}

/* Sources */

/* videotestsrc's pattern nicks: a typo is caught here rather than as a
 * failed source once the show is live. */
static const char * const test_patterns[] = {
  "smpte", "snow", "black", "white", "red", "green", "blue", "checkers-1", "checkers-2",
  "checkers-4", "checkers-8", "circular", "blink", "smpte75", "zone-plate", "gamut",
  "chroma-zone-plate", "solid-color", "ball", "smpte100", "bar", "pinwheel", "spokes",
  "gradient", "colors", "smpte-rp-219", NULL
};

/* Which members each kind of source reads, beyond id, kind and label. */
static gboolean
source_member_applies (ScSourceKind  kind,
                       const char   *member)
{
  if (g_str_equal (member, "pattern"))
    return kind == SC_SOURCE_TEST_PATTERN;
  if (g_str_equal (member, "path"))
    return kind == SC_SOURCE_IMAGE;
  if (g_str_equal (member, "device"))
    return kind == SC_SOURCE_CAMERA || kind == SC_SOURCE_MICROPHONE;
  if (g_str_equal (member, "volume"))
    return kind == SC_SOURCE_MICROPHONE || kind == SC_SOURCE_TEST_TONE;
  if (g_str_equal (member, "frequency"))
    return kind == SC_SOURCE_TEST_TONE;
  if (g_str_equal (member, "capture") || g_str_equal (member, "portal"))
    return kind == SC_SOURCE_SCREEN;
  return TRUE;
}

static char *
list_source_kinds (void)
{
  GString *list = g_string_new (NULL);

  for (guint kind = SC_SOURCE_TEST_PATTERN; kind <= SC_SOURCE_TEST_TONE; kind++)
    {
      if (list->len > 0)
        g_string_append (list, ", ");
      g_string_append (list, sc_source_kind_to_string (kind));
    }
  return g_string_free (list, FALSE);
}

/* Paths for media/: a local path, or a URI for anything else (resources). */
static char *
file_to_path_or_uri (GFile *file)
{
  if (g_file_is_native (file))
    return g_file_get_path (file);
  return g_file_get_uri (file);
}

static GFile *
file_from_path_or_uri (const char *text)
{
  if (g_uri_peek_scheme (text) != NULL)
    return g_file_new_for_uri (text);
  return g_file_new_for_path (text);
}

#define MAX_TOKEN_LENGTH 1024
#define MAX_CAPTURE_SIZE 16384
#define MAX_CAPTURE_POSITION 65536

static gboolean
read_portal_choice (ScPortalChoice *choice,
                    JsonObject     *portal,
                    ScJsonReader   *reader,
                    const char     *path)
{
  static const char * const allowed[] = {
    "restore_token", "source_type", "width", "height", "x", "y", "stream_id", "mapping_id",
    NULL
  };
  const char *size_expected = _("a number of pixels from 1 to 16384");
  const char *position_expected = _("a number of pixels from -65536 to 65536");
  g_autofree char *type_path = sc_json_path_member (path, "source_type");
  g_autofree char *token_path = sc_json_path_member (path, "restore_token");
  gboolean ok = sc_json_reader_check_members (reader, portal, path, allowed);
  gboolean has_x = json_object_has_member (portal, "x") &&
                   !json_object_get_null_member (portal, "x");
  gboolean has_y = json_object_has_member (portal, "y") &&
                   !json_object_get_null_member (portal, "y");

  ok &= sc_json_reader_dup_string (reader, portal, path, "restore_token",
                                   &choice->restore_token);
  if (choice->restore_token != NULL && strlen (choice->restore_token) > MAX_TOKEN_LENGTH)
    ok = sc_json_reader_fail_invalid (reader, token_path,
                                      _("longer than %d characters, not a portal's token"),
                                      MAX_TOKEN_LENGTH);
  if (sc_json_reader_dup_string (reader, portal, path, "source_type", &choice->source_type) &&
      choice->source_type != NULL && !g_str_equal (choice->source_type, "monitor") &&
      !g_str_equal (choice->source_type, "window") &&
      !g_str_equal (choice->source_type, "virtual"))
    ok = sc_json_reader_fail_expected (reader, type_path,
                                       _("one of monitor, window, virtual"),
                                       json_object_get_member (portal, "source_type"));
  ok &= sc_json_reader_get_int (reader, portal, path, "width", 1, MAX_CAPTURE_SIZE,
                                size_expected, &choice->width);
  ok &= sc_json_reader_get_int (reader, portal, path, "height", 1, MAX_CAPTURE_SIZE,
                                size_expected, &choice->height);
  if ((choice->width == 0) != (choice->height == 0))
    ok = sc_json_reader_fail_invalid (reader, path, _("“width” and “height” go together"));
  ok &= sc_json_reader_get_int (reader, portal, path, "x", -MAX_CAPTURE_POSITION,
                                MAX_CAPTURE_POSITION, position_expected, &choice->x);
  ok &= sc_json_reader_get_int (reader, portal, path, "y", -MAX_CAPTURE_POSITION,
                                MAX_CAPTURE_POSITION, position_expected, &choice->y);
  if (has_x != has_y)
    ok = sc_json_reader_fail_invalid (reader, path, _("“x” and “y” go together"));
  choice->has_position = has_x && has_y;
  ok &= sc_json_reader_dup_string (reader, portal, path, "stream_id", &choice->stream_id);
  ok &= sc_json_reader_dup_string (reader, portal, path, "mapping_id", &choice->mapping_id);
  return ok;
}

/* "capture" and "portal" of a screen source. */
static gboolean
read_screen_capture (ScSourceConfig *source,
                     JsonObject     *object,
                     ScJsonReader   *reader,
                     const char     *path)
{
  g_autofree char *capture_path = sc_json_path_member (path, "capture");
  g_autofree char *portal_path = sc_json_path_member (path, "portal");
  JsonNode *capture = sc_json_object_get_value (object, "capture");
  JsonNode *portal = sc_json_object_get_value (object, "portal");
  JsonObject *portal_object = NULL;
  gboolean ok = TRUE;

  if (capture != NULL &&
      (!JSON_NODE_HOLDS_VALUE (capture) || json_node_get_value_type (capture) != G_TYPE_STRING ||
       !sc_screen_capture_from_string (json_node_get_string (capture), &source->capture)))
    ok = sc_json_reader_fail_expected (reader, capture_path, _("one of x11, portal"), capture);
  if (portal == NULL)
    return ok;
  if (!sc_json_reader_expect_object (reader, portal, portal_path,
                                     _("the portal's choice (an object)"), &portal_object))
    return FALSE;
  if (ok && source->capture != SC_SCREEN_CAPTURE_PORTAL)
    ok = sc_json_reader_fail_invalid (reader, portal_path,
                                      _("only used with \"capture\": \"portal\""));
  return read_portal_choice (&source->portal, portal_object, reader, portal_path) && ok;
}

ScSourceConfig *
sc_source_config_new_from_json (JsonNode     *node,
                                ScJsonReader *reader,
                                const char   *path)
{
  static const char * const allowed[] = {
    "id", "kind", "label", "pattern", "path", "device", "volume", "frequency",
    "capture", "portal", NULL
  };
  g_autoptr(ScSourceConfig) source = NULL;
  g_autofree char *id_path = sc_json_path_member (path, "id");
  g_autofree char *kind_path = sc_json_path_member (path, "kind");
  JsonObject *object;
  JsonObjectIter iter;
  const char *member;
  JsonNode *member_node;
  JsonNode *kind_node;
  ScSourceKind kind = SC_SOURCE_TEST_PATTERN;
  const char *id = NULL;
  const char *pattern = NULL;
  const char *file_path = NULL;
  gboolean ok;

  if (!sc_json_reader_expect_object (reader, node, path, _("a source object"), &object))
    return NULL;
  ok = sc_json_reader_check_members (reader, object, path, allowed);

  if (sc_json_reader_get_string (reader, object, path, "id", &id) &&
      (id == NULL || !is_identifier (id)))
    {
      const char *expected = _("an id made of letters, digits, \"-\" and \"_\"");

      if (id == NULL)
        sc_json_reader_fail_missing (reader, id_path, expected);
      else
        sc_json_reader_fail_expected (reader, id_path, expected,
                                      json_object_get_member (object, "id"));
      id = NULL;
    }

  kind_node = sc_json_object_get_value (object, "kind");
  if (kind_node == NULL || !JSON_NODE_HOLDS_VALUE (kind_node) ||
      json_node_get_value_type (kind_node) != G_TYPE_STRING ||
      !sc_source_kind_from_string (json_node_get_string (kind_node), &kind))
    {
      g_autofree char *kinds = list_source_kinds ();
      g_autofree char *expected = g_strdup_printf (_("one of %s"), kinds);

      if (kind_node == NULL)
        sc_json_reader_fail_missing (reader, kind_path, expected);
      else
        sc_json_reader_fail_expected (reader, kind_path, expected, kind_node);
      return NULL;
    }
  if (id == NULL || !ok)
    return NULL;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &member, &member_node))
    {
      if (!source_member_applies (kind, member))
        {
          g_autofree char *member_p = sc_json_path_member (path, member);

          ok = sc_json_reader_fail_invalid (reader, member_p, _("not used by %s sources"),
                                            sc_source_kind_to_string (kind));
        }
    }

  source = sc_source_config_new (id, kind);
  ok &= sc_json_reader_dup_string (reader, object, path, "label", &source->label);
  ok &= sc_json_reader_get_string (reader, object, path, "pattern", &pattern);
  ok &= sc_json_reader_get_string (reader, object, path, "path", &file_path);
  ok &= sc_json_reader_dup_string (reader, object, path, "device", &source->device);
  ok &= sc_json_reader_get_double (reader, object, path, "volume", 0.0, 4.0,
                                   _("a number from 0 to 4 (1 leaves the level as it is)"),
                                   &source->volume);
  ok &= sc_json_reader_get_double (reader, object, path, "frequency", 20.0, 20000.0,
                                   _("a number of Hz from 20 to 20000"), &source->frequency);
  if (source->label == NULL)
    source->label = g_strdup (id);

  if (kind == SC_SOURCE_TEST_PATTERN)
    {
      if (pattern == NULL)
        pattern = "smpte";
      if (!g_strv_contains (test_patterns, pattern))
        {
          g_autofree char *pattern_path = sc_json_path_member (path, "pattern");
          g_autofree char *patterns = g_strjoinv (", ", (char **)test_patterns);
          g_autofree char *expected = g_strdup_printf (_("one of %s"), patterns);

          ok = sc_json_reader_fail_expected (reader, pattern_path, expected,
                                             json_object_get_member (object, "pattern"));
        }
      source->pattern = g_strdup (pattern);
    }

  if (kind == SC_SOURCE_SCREEN)
    ok &= read_screen_capture (source, object, reader, path);

  if (kind == SC_SOURCE_IMAGE)
    {
      g_autofree char *file_member_path = sc_json_path_member (path, "path");
      g_autoptr(GFile) file = NULL;

      if (file_path == NULL)
        ok = sc_json_reader_fail_missing (reader, file_member_path,
                                          _("the path of an image file"));
      else
        {
          file = sc_json_reader_resolve_file (reader, file_path);
          ok &= sc_json_reader_check_file (reader, file, file_member_path);
          source->path = file_to_path_or_uri (file);
        }
    }

  return ok ? g_steal_pointer (&source) : NULL;
}

gboolean
sc_source_config_equal (const ScSourceConfig *a,
                        const ScSourceConfig *b)
{
  return g_strcmp0 (a->id, b->id) == 0 && a->kind == b->kind &&
         g_strcmp0 (a->label, b->label) == 0 && g_strcmp0 (a->pattern, b->pattern) == 0 &&
         g_strcmp0 (a->path, b->path) == 0 && g_strcmp0 (a->device, b->device) == 0 &&
         a->volume == b->volume && a->frequency == b->frequency &&
         a->capture == b->capture && sc_portal_choice_equal (&a->portal, &b->portal);
}

JsonNode *
sc_source_config_to_json (const ScSourceConfig *self,
                          GFile                *base)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "id", self->id);
  json_object_set_string_member (object, "kind", sc_source_kind_to_string (self->kind));
  if (self->label != NULL && g_strcmp0 (self->label, self->id) != 0)
    json_object_set_string_member (object, "label", self->label);
  if (self->kind == SC_SOURCE_TEST_PATTERN && g_strcmp0 (self->pattern, "smpte") != 0 &&
      self->pattern != NULL)
    json_object_set_string_member (object, "pattern", self->pattern);
  if (self->kind == SC_SOURCE_IMAGE && self->path != NULL)
    {
      g_autoptr(GFile) file = file_from_path_or_uri (self->path);
      g_autofree char *text = sc_json_file_to_text (file, base);

      json_object_set_string_member (object, "path", text);
    }
  if ((self->kind == SC_SOURCE_CAMERA || self->kind == SC_SOURCE_MICROPHONE) &&
      self->device != NULL)
    json_object_set_string_member (object, "device", self->device);
  if ((self->kind == SC_SOURCE_MICROPHONE || self->kind == SC_SOURCE_TEST_TONE) &&
      self->volume != 1.0)
    json_object_set_double_member (object, "volume", self->volume);
  if (self->kind == SC_SOURCE_TEST_TONE && self->frequency != 440.0)
    json_object_set_double_member (object, "frequency", self->frequency);
  if (self->kind == SC_SOURCE_SCREEN && self->capture == SC_SCREEN_CAPTURE_PORTAL)
    {
      const ScPortalChoice *choice = &self->portal;
      JsonObject *portal = json_object_new ();

      json_object_set_string_member (object, "capture", "portal");
      if (choice->restore_token != NULL)
        json_object_set_string_member (portal, "restore_token", choice->restore_token);
      if (choice->source_type != NULL)
        json_object_set_string_member (portal, "source_type", choice->source_type);
      if (choice->width > 0)
        {
          json_object_set_int_member (portal, "width", choice->width);
          json_object_set_int_member (portal, "height", choice->height);
        }
      if (choice->has_position)
        {
          json_object_set_int_member (portal, "x", choice->x);
          json_object_set_int_member (portal, "y", choice->y);
        }
      if (choice->stream_id != NULL)
        json_object_set_string_member (portal, "stream_id", choice->stream_id);
      if (choice->mapping_id != NULL)
        json_object_set_string_member (portal, "mapping_id", choice->mapping_id);
      if (json_object_get_size (portal) > 0)
        json_object_set_object_member (object, "portal", portal);
      else
        json_object_unref (portal);
    }

  json_node_take_object (node, object);
  return node;
}

GPtrArray *
sc_source_config_new_defaults (void)
{
  GPtrArray *sources = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_source_config_free);
  ScSourceConfig *host = sc_source_config_new ("host", SC_SOURCE_TEST_PATTERN);
  ScSourceConfig *mic = sc_source_config_new ("mic", SC_SOURCE_TEST_TONE);

  host->label = g_strdup (_("Host"));
  host->pattern = g_strdup ("smpte");
  mic->label = g_strdup (_("Microphone"));
  g_ptr_array_add (sources, host);
  g_ptr_array_add (sources, mic);
  return sources;
}

gboolean
sc_source_configs_check (GPtrArray    *sources,
                         ScJsonReader *reader,
                         const char   *path)
{
  gboolean has_video = FALSE;
  gboolean ok = TRUE;

  for (guint i = 0; i < sources->len; i++)
    {
      ScSourceConfig *source = g_ptr_array_index (sources, i);

      for (guint j = 0; j < i; j++)
        {
          ScSourceConfig *other = g_ptr_array_index (sources, j);

          if (g_str_equal (other->id, source->id))
            {
              g_autofree char *item_path = sc_json_path_index (path, i);
              g_autofree char *id_path = sc_json_path_member (item_path, "id");

              ok = sc_json_reader_fail_invalid (reader, id_path,
                                                _("the id \"%s\" is already used by %s[%u]"),
                                                source->id, path, j);
              break;
            }
        }
      has_video |= sc_source_kind_is_video (source->kind);
    }
  if (!has_video)
    return sc_json_reader_fail_invalid (reader, path,
                                        _("expected at least one video source (camera, screen, "
                                          "image or test-pattern), got none"));
  return ok;
}

/* Outputs */

/* Messages about URLs show them redacted: a URL may carry the key. */
gboolean
sc_rtmp_url_check (const char   *url,
                   ScJsonReader *reader,
                   const char   *path)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *redacted = sc_redact_url (url);
  const char *uri_path;

  if (g_ascii_strncasecmp (url, "rtmp://", 7) != 0 &&
      g_ascii_strncasecmp (url, "rtmps://", 8) != 0)
    return sc_json_reader_fail_invalid (reader, path,
                                        _("expected an rtmp:// or rtmps:// URL, got \"%s\""),
                                        redacted);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    return sc_json_reader_fail_invalid (reader, path,
                                        _("expected an rtmp:// or rtmps:// URL with a host "
                                          "name, got \"%s\""), redacted);

  uri_path = g_uri_get_path (uri);
  if (uri_path == NULL || uri_path[0] == '\0' || g_str_equal (uri_path, "/"))
    return sc_json_reader_fail_invalid (reader, path,
                                        _("expected an RTMP URL with an application, such as "
                                          "rtmp://a.rtmp.youtube.com/live2, got \"%s\""),
                                        redacted);
  return TRUE;
}

gboolean
sc_output_url_is_srt (const char *url)
{
  return url != NULL && g_ascii_strncasecmp (url, "srt://", 6) == 0;
}

gboolean
sc_output_url_check (const char   *url,
                     ScJsonReader *reader,
                     const char   *path)
{
  g_autofree char *redacted = NULL;

  if (sc_output_url_is_srt (url))
    return sc_srt_url_check (url, reader, path);
  if (g_ascii_strncasecmp (url, "rtmp://", 7) == 0 || g_ascii_strncasecmp (url, "rtmps://", 8) == 0)
    return sc_rtmp_url_check (url, reader, path);
  redacted = sc_redact_url (url);
  return sc_json_reader_fail_invalid (reader, path,
                                      _("expected an rtmp://, rtmps:// or srt:// URL, got \"%s\""),
                                      redacted);
}

void
sc_srt_url_clear (ScSrtUrl *self)
{
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->streamid, g_free);
  self->port = 0;
  self->latency_ms = -1;
}

/* "9000" -> 9000; anything but 1 to 65535 written in digits -> 0. */
static int
parse_port (const char *text,
            gsize       length)
{
  guint64 value = 0;

  if (length == 0 || length > 5)
    return 0;
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return 0;
      value = value * 10 + (guint64)(text[i] - '0');
    }
  return value >= 1 && value <= 65535 ? (int)value : 0;
}

static gboolean
srt_fail (GError     **error,
          const char  *format,
          ...) G_GNUC_PRINTF (2, 3);

static gboolean
srt_fail (GError     **error,
          const char  *format,
          ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (SC_MEDIA_ERROR, SC_MEDIA_ERROR_INVALID, format, args);
  va_end (args);
  return FALSE;
}

/* One "name=value" of the query. Values are percent-decoded: a streamid in
 * SRT's access-control syntax is written streamid=%23!::r=live/show,m=publish. */
static gboolean
srt_parameter (const char  *param,
               ScSrtUrl    *out,
               GError     **error)
{
  const char *eq = strchr (param, '=');
  g_autofree char *name = g_strndup (param, eq ? (gsize)(eq - param) : strlen (param));
  g_autofree char *value = eq ? g_uri_unescape_string (eq + 1, NULL) : NULL;

  if (g_str_equal (name, "passphrase"))
    return srt_fail (error, _("the SRT passphrase never goes in the show file or on the "
                              "command line: put it in an environment variable and name that "
                              "variable in \"key_env\""));
  if (!g_str_equal (name, "streamid") && !g_str_equal (name, "latency"))
    return srt_fail (error, _("unknown SRT parameter \"%s\": only streamid and latency are "
                              "allowed"), name);
  if (value == NULL)
    return srt_fail (error, _("the SRT parameter \"%s\" needs a value (%s=…)"), name, name);
  if (g_str_equal (name, "streamid"))
    {
      if (out->streamid != NULL)
        return srt_fail (error, _("the SRT parameter \"%s\" is given twice"), name);
      if (value[0] == '\0' || strlen (value) > SC_SRT_STREAMID_MAX)
        return srt_fail (error, _("the SRT streamid must have 1 to %d characters, it has %u"),
                         SC_SRT_STREAMID_MAX, (guint)strlen (value));
      out->streamid = g_steal_pointer (&value);
      return TRUE;
    }

  if (out->latency_ms >= 0)
    return srt_fail (error, _("the SRT parameter \"%s\" is given twice"), name);
  {
    guint64 ms = 0;

    if (!g_ascii_string_to_unsigned (value, 10, SC_SRT_LATENCY_MIN_MS, SC_SRT_LATENCY_MAX_MS,
                                     &ms, NULL))
      return srt_fail (error, _("the SRT latency must be milliseconds from %d to %d, got \"%s\""),
                       SC_SRT_LATENCY_MIN_MS, SC_SRT_LATENCY_MAX_MS, value);
    out->latency_ms = (int)ms;
  }
  return TRUE;
}

gboolean
sc_srt_url_parse (const char  *url,
                  ScSrtUrl    *out,
                  GError     **error)
{
  g_autofree char *redacted = sc_redact_url (url);
  g_auto(ScSrtUrl) parsed = { NULL, 0, NULL, -1 };
  g_auto(GStrv) params = NULL;
  const char *authority;
  const char *authority_end;
  const char *host_end;
  const char *colon;
  const char *query;

  g_return_val_if_fail (url != NULL, FALSE);

  if (!sc_output_url_is_srt (url))
    return srt_fail (error, _("expected an srt:// URL, got \"%s\""), redacted);
  authority = url + 6;
  authority_end = authority + strcspn (authority, "/?#");
  if (memchr (authority, '@', authority_end - authority) != NULL)
    return srt_fail (error, _("an SRT URL has no user name or password: put the passphrase "
                              "in an environment variable named in \"key_env\""));
  /* [::1]:9000 or host:9000 */
  if (authority[0] == '[')
    {
      host_end = memchr (authority, ']', authority_end - authority);
      if (host_end == NULL)
        return srt_fail (error, _("expected an srt://host:port URL, got \"%s\""), redacted);
      parsed.host = g_strndup (authority + 1, host_end - authority - 1);
      colon = host_end + 1 < authority_end && host_end[1] == ':' ? host_end + 1 : NULL;
    }
  else
    {
      colon = memchr (authority, ':', authority_end - authority);
      host_end = colon != NULL ? colon : authority_end;
      parsed.host = g_strndup (authority, host_end - authority);
    }
  if (parsed.host[0] == '\0')
    return srt_fail (error, _("expected an srt://host:port URL with a host name, got \"%s\""),
                     redacted);
  if (colon == NULL)
    return srt_fail (error, _("an SRT URL needs a port, such as srt://relay.example.com:9000, "
                              "got \"%s\""), redacted);
  parsed.port = parse_port (colon + 1, authority_end - colon - 1);
  if (parsed.port == 0)
    {
      g_autofree char *port = g_strndup (colon + 1, authority_end - colon - 1);

      return srt_fail (error, _("the SRT port must be a number from 1 to 65535, got \"%s\""),
                       port);
    }

  if (*authority_end == '/' && authority_end[1] != '\0' && authority_end[1] != '?' &&
      authority_end[1] != '#')
    return srt_fail (error, _("an SRT URL has no path: write srt://host:port?streamid=…, "
                              "got \"%s\""), redacted);
  if (strchr (authority_end, '#') != NULL)
    return srt_fail (error, _("a “#” in an SRT URL must be written %%23, as in "
                              "streamid=%%23!::r=live/show,m=publish"));
  query = strchr (authority_end, '?');
  if (query != NULL && query[1] != '\0')
    {
      params = g_strsplit (query + 1, "&", -1);
      for (guint i = 0; params[i] != NULL; i++)
        if (params[i][0] != '\0' && !srt_parameter (params[i], &parsed, error))
          return FALSE;
    }

  *out = parsed;
  memset (&parsed, 0, sizeof parsed);
  return TRUE;
}

gboolean
sc_srt_url_check (const char   *url,
                  ScJsonReader *reader,
                  const char   *path)
{
  g_auto(ScSrtUrl) parsed = { NULL, 0, NULL, -1 };
  g_autoptr(GError) error = NULL;

  if (!sc_srt_url_parse (url, &parsed, &error))
    return sc_json_reader_fail_invalid (reader, path, "%s", error->message);
  return TRUE;
}

char *
sc_srt_passphrase_problem (const char *passphrase)
{
  gsize length = passphrase != NULL ? strlen (passphrase) : 0;

  if (length >= SC_SRT_PASSPHRASE_MIN && length <= SC_SRT_PASSPHRASE_MAX)
    return NULL;
  return g_strdup_printf (_("an SRT passphrase must have %d to %d characters, this one has %u"),
                          SC_SRT_PASSPHRASE_MIN, SC_SRT_PASSPHRASE_MAX, (guint)length);
}

ScOutputConfig *
sc_output_config_new_from_json (JsonNode     *node,
                                ScJsonReader *reader,
                                const char   *path,
                                guint         index)
{
  static const char * const allowed[] = { "name", "url", "key_env", "enabled", NULL };
  g_autoptr(ScOutputConfig) output = NULL;
  g_autofree char *default_name = NULL;
  g_autofree char *url_path = sc_json_path_member (path, "url");
  JsonObject *object;
  JsonNode *url_node;
  const char *name = NULL;
  gboolean enabled = TRUE;
  gboolean ok = TRUE;

  if (!sc_json_reader_expect_object (reader, node, path, _("an output object"), &object))
    return NULL;

  /* Named, not echoed: the value is a secret that must leave the file. */
  if (json_object_has_member (object, "key") || json_object_has_member (object, "stream_key"))
    {
      g_autofree char *key_path =
        sc_json_path_member (path, json_object_has_member (object, "key") ? "key"
                                                                          : "stream_key");

      sc_json_reader_fail_invalid (reader, key_path,
                                   _("stream keys never go in the show file: put the key in "
                                     "an environment variable and name that variable in "
                                     "\"key_env\""));
      return NULL;
    }
  ok &= sc_json_reader_check_members (reader, object, path, allowed);

  /* The URL is checked by hand: a string getter would echo it unredacted. */
  url_node = sc_json_object_get_value (object, "url");
  if (url_node == NULL)
    ok = sc_json_reader_fail_missing (reader, url_path, _("an rtmp://, rtmps:// or srt:// URL"));
  else if (!JSON_NODE_HOLDS_VALUE (url_node) ||
           json_node_get_value_type (url_node) != G_TYPE_STRING)
    ok = sc_json_reader_fail_expected (reader, url_path, _("an rtmp://, rtmps:// or srt:// URL"),
                                       url_node);
  else
    ok &= sc_output_url_check (json_node_get_string (url_node), reader, url_path);

  default_name = g_strdup_printf (_("Output %u"), index + 1);
  name = default_name;
  ok &= sc_json_reader_get_string (reader, object, path, "name", &name);
  ok &= sc_json_reader_get_bool (reader, object, path, "enabled", &enabled);
  if (!ok)
    return NULL;

  output = sc_output_config_new (name, json_node_get_string (url_node));
  output->enabled = enabled;
  if (sc_json_object_get_value (object, "key_env") != NULL &&
      !sc_json_reader_resolve_secret (reader, object, path, "key_env", enabled,
                                      &output->key_env, &output->key))
    return NULL;
  /* Said at load, naming the variable: libsrt would only refuse the socket. */
  if (sc_output_url_is_srt (output->url) && output->key != NULL)
    {
      g_autofree char *problem = sc_srt_passphrase_problem (output->key);
      g_autofree char *key_env_path = sc_json_path_member (path, "key_env");

      if (problem != NULL)
        {
          sc_json_reader_fail_invalid (reader, key_env_path, _("%s (from $%s)"), problem,
                                       output->key_env);
          return NULL;
        }
    }

  return g_steal_pointer (&output);
}

JsonNode *
sc_output_config_to_json (const ScOutputConfig *self)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "name", self->name);
  json_object_set_string_member (object, "url", self->url);
  if (self->key_env != NULL)
    json_object_set_string_member (object, "key_env", self->key_env);
  if (!self->enabled)
    json_object_set_boolean_member (object, "enabled", FALSE);
  json_node_take_object (node, object);
  return node;
}

ScOutputConfig *
sc_output_config_new_from_url (const char  *name,
                               const char  *url,
                               GError     **error)
{
  g_autoptr(ScJsonReader) reader = NULL;

  g_return_val_if_fail (url != NULL, NULL);

  reader = sc_json_reader_new ("--output", SC_MEDIA_ERROR, SC_MEDIA_ERROR_INVALID,
                               SC_MEDIA_ERROR_INVALID);
  if (!sc_output_url_check (url, reader, NULL))
    {
      sc_json_reader_propagate (reader, error);
      return NULL;
    }
  return sc_output_config_new (name, url);
}

/* Recording */

void
sc_recording_config_init_defaults (ScRecordingConfig *self)
{
  self->enabled = TRUE;
  self->path = NULL;
  self->format = SC_RECORDING_MATROSKA;
}

void
sc_recording_config_clear (ScRecordingConfig *self)
{
  g_clear_pointer (&self->path, g_free);
}

gboolean
sc_recording_config_read_json (ScRecordingConfig *self,
                               JsonNode          *node,
                               ScJsonReader      *reader,
                               const char        *path)
{
  static const char * const allowed[] = { "enabled", "path", "format", NULL };
  g_autofree char *path_path = sc_json_path_member (path, "path");
  g_autofree char *format_path = sc_json_path_member (path, "format");
  JsonObject *recording;
  JsonNode *format;
  const char *file_path = NULL;
  gboolean ok;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!sc_json_reader_expect_object (reader, node, path, _("an object"), &recording))
    return FALSE;

  ok = sc_json_reader_check_members (reader, recording, path, allowed);
  ok &= sc_json_reader_get_bool (reader, recording, path, "enabled", &self->enabled);
  ok &= sc_json_reader_get_string (reader, recording, path, "path", &file_path);

  if (file_path != NULL)
    {
      g_autoptr(GFile) file = sc_json_reader_resolve_file (reader, file_path);

      if (!g_file_is_native (file))
        ok = sc_json_reader_fail_expected (reader, path_path, _("a local file path"),
                                           json_object_get_member (recording, "path"));
      else
        {
          g_free (self->path);
          self->path = g_file_get_path (file);
        }
    }

  format = sc_json_object_get_value (recording, "format");
  if (format != NULL)
    {
      const char *text = NULL;

      if (JSON_NODE_HOLDS_VALUE (format) && json_node_get_value_type (format) == G_TYPE_STRING)
        text = json_node_get_string (format);
      if (g_strcmp0 (text, "matroska") == 0)
        self->format = SC_RECORDING_MATROSKA;
      else if (g_strcmp0 (text, "mp4") == 0)
        self->format = SC_RECORDING_MP4;
      else
        ok = sc_json_reader_fail_expected (reader, format_path, _("\"matroska\" or \"mp4\""),
                                           format);
    }
  return ok;
}

JsonNode *
sc_recording_config_to_json (const ScRecordingConfig *self,
                             GFile                   *base)
{
  JsonObject *object = json_object_new ();

  if (!self->enabled)
    json_object_set_boolean_member (object, "enabled", FALSE);
  if (self->path != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (self->path);
      g_autofree char *text = sc_json_file_to_text (file, base);

      json_object_set_string_member (object, "path", text);
    }
  if (self->format == SC_RECORDING_MP4)
    json_object_set_string_member (object, "format", "mp4");
  return object_or_null (object);
}
