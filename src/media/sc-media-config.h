/* sc-media-config.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "base/sc-redact.h"

G_BEGIN_DECLS

/* Plain descriptions of what the pipeline is to build. The show file
 * (studio/sc-show.c) fills them; media/ builds from them. */

typedef enum {
  SC_SOURCE_TEST_PATTERN,
  SC_SOURCE_IMAGE,
  SC_SOURCE_CAMERA,
  SC_SOURCE_SCREEN,
  SC_SOURCE_MICROPHONE,
  SC_SOURCE_TEST_TONE,
} ScSourceKind;

const char *sc_source_kind_to_string   (ScSourceKind  kind);
gboolean    sc_source_kind_from_string (const char   *name,
                                        ScSourceKind *kind);
gboolean    sc_source_kind_is_video    (ScSourceKind  kind);

typedef struct {
  char         *id;        /* unique in the show, e.g. "host" */
  ScSourceKind  kind;
  char         *label;     /* shown on the slate if it cannot start */
  char         *pattern;   /* test-pattern: videotestsrc pattern nick, e.g. "smpte" */
  char         *path;      /* image: file path or resource:// URI */
  char         *device;    /* camera: device path (/dev/video0) or name; NULL = first */
  double        volume;    /* audio sources, 0..4, 1 = unchanged */
  double        frequency; /* test-tone: Hz */
} ScSourceConfig;

ScSourceConfig *sc_source_config_new  (const char           *id,
                                       ScSourceKind          kind);
ScSourceConfig *sc_source_config_copy (const ScSourceConfig *self);
void            sc_source_config_free (ScSourceConfig       *self);

typedef struct {
  char     *name;     /* "YouTube", shown in the UI and events */
  char     *url;      /* rtmp:// or rtmps:// URL, without the stream key */
  char     *key;      /* the stream key, resolved from key_env; never logged */
  gboolean  enabled;
} ScOutputConfig;

ScOutputConfig *sc_output_config_new  (const char           *name,
                                       const char           *url);
ScOutputConfig *sc_output_config_copy (const ScOutputConfig *self);
void            sc_output_config_free (ScOutputConfig       *self);
/* The URL with the key appended as RTMP expects ("url/key"). */
char           *sc_output_config_full_url (const ScOutputConfig *self);

typedef enum {
  SC_RECORDING_MATROSKA,
  SC_RECORDING_MP4,
} ScRecordingFormat;

typedef struct {
  int    width;                  /* canvas, e.g. 1280 */
  int    height;                 /* e.g. 720 */
  int    fps;                    /* e.g. 30 */
  int    video_bitrate_kbps;     /* e.g. 3500 */
  int    audio_bitrate_kbps;     /* e.g. 128 */
  int    keyframe_interval_s;    /* 2 */
  int    audio_rate;             /* 48000 */
  char  *video_encoder;          /* NULL = best installed; else "x264enc" ... */
  char  *audio_encoder;          /* NULL = best installed */
  /* Reconnection of RTMP outputs. */
  double reconnect_initial_s;    /* 2 */
  double reconnect_factor;       /* 1.5 */
  double reconnect_max_delay_s;  /* 60 */
  int    reconnect_max_retries;  /* -1 = forever */
} ScEncodingConfig;

void sc_encoding_config_init_defaults (ScEncodingConfig *self);
void sc_encoding_config_clear         (ScEncodingConfig *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScSourceConfig, sc_source_config_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScOutputConfig, sc_output_config_free)

G_END_DECLS
