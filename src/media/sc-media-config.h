/* sc-media-config.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "base/sc-redact.h"
#include "base/sc-json-reader.h"

G_BEGIN_DECLS

/* Plain descriptions of what the pipeline is to build. Each is read from
 * (and written back to) its section of the show file here; studio/sc-show.c
 * holds them together and media/ builds from them.
 *
 * The *_from_json readers report every error to the ScJsonReader (JSON
 * path included) and return NULL / FALSE when something was wrong. The
 * *_to_json writers leave out what has its default value. */

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

typedef enum {
  SC_SCREEN_CAPTURE_X11,     /* ximagesrc: the whole X11 screen */
  SC_SCREEN_CAPTURE_PORTAL,  /* the ScreenCast portal: one monitor or window, PipeWire */
} ScScreenCapture;

const char *sc_screen_capture_to_string   (ScScreenCapture  capture);
gboolean    sc_screen_capture_from_string (const char      *name,
                                           ScScreenCapture *capture);

/* What the ScreenCast portal gave for a screen source (the show file's
 * "portal" object): the token to restore the choice and what was chosen. */
typedef struct {
  char     *restore_token;  /* single use: replaced after each session */
  char     *source_type;    /* "monitor", "window", "virtual"; NULL = not said */
  int       width;          /* 0 = not said */
  int       height;
  gboolean  has_position;
  int       x;
  int       y;
  char     *stream_id;      /* the portal's stream "id", NULL = not said */
  char     *mapping_id;     /* the portal's "mapping_id" (a monitor's output) */
} ScPortalChoice;

void            sc_portal_choice_clear (ScPortalChoice       *self);
void            sc_portal_choice_copy_into (ScPortalChoice       *dest,
                                            const ScPortalChoice *src);
gboolean        sc_portal_choice_equal (const ScPortalChoice *a,
                                        const ScPortalChoice *b);

typedef struct {
  char         *id;        /* unique in the show, e.g. "host" */
  ScSourceKind  kind;
  char         *label;     /* shown on the slate if it cannot start */
  char         *pattern;   /* test-pattern: videotestsrc pattern nick, e.g. "smpte" */
  char         *path;      /* image: file path or resource:// URI */
  char         *device;    /* camera: device path (/dev/video0) or name; NULL = first */
  double        volume;    /* audio sources, 0..4, 1 = unchanged */
  double        frequency; /* test-tone: Hz */
  ScScreenCapture capture; /* screen */
  ScPortalChoice  portal;  /* screen with the portal: its last choice */
  /* Set at run time, never saved: the PipeWire remote (borrowed, the
   * session's owner keeps it open) and node of a started portal session,
   * or why the portal could not give one (the source gets its slate). */
  int             pipewire_fd;     /* -1 = none */
  guint32         pipewire_node;
  char           *unavailable;
} ScSourceConfig;

ScSourceConfig *sc_source_config_new  (const char           *id,
                                       ScSourceKind          kind);
ScSourceConfig *sc_source_config_copy (const ScSourceConfig *self);
void            sc_source_config_free (ScSourceConfig       *self);
gboolean        sc_source_config_equal (const ScSourceConfig *a,
                                        const ScSourceConfig *b);
/* One "sources[]" entry at @path. Files must exist; @path is kept as a
 * local path or a URI. */
ScSourceConfig *sc_source_config_new_from_json (JsonNode             *node,
                                                ScJsonReader         *reader,
                                                const char           *path);
/* Files are written relative to @base (the show file's folder). */
JsonNode       *sc_source_config_to_json (const ScSourceConfig *self,
                                          GFile                *base);
/* The sources of a show without any: a test pattern "host" and a tone "mic". */
GPtrArray      *sc_source_config_new_defaults (void);
/* Checks a whole "sources" list: ids unique, at least one video source. */
gboolean        sc_source_configs_check (GPtrArray            *sources,
                                         ScJsonReader         *reader,
                                         const char           *path);

typedef struct {
  char     *name;     /* "YouTube", shown in the UI and events */
  char     *url;      /* rtmp:// or rtmps:// URL without the stream key, or srt:// */
  char     *key;      /* the stream key (SRT: the passphrase), resolved from key_env;
                       * never logged */
  gboolean  enabled;
  char     *key_env;  /* the environment variable (or stored secret) name; saved */
} ScOutputConfig;

ScOutputConfig *sc_output_config_new  (const char           *name,
                                       const char           *url);
ScOutputConfig *sc_output_config_copy (const ScOutputConfig *self);
void            sc_output_config_free (ScOutputConfig       *self);
/* "outputs[@index]" at @path; the key is resolved from key_env (only
 * required when enabled). */
ScOutputConfig *sc_output_config_new_from_json (JsonNode             *node,
                                                ScJsonReader         *reader,
                                                const char           *path,
                                                guint                 index);
/* Never writes the key, only key_env. */
JsonNode       *sc_output_config_to_json (const ScOutputConfig *self);
/* An output from a bare URL (--output URL), checked exactly as an output in a
 * show file: SC_MEDIA_ERROR_INVALID with the same message. */
ScOutputConfig *sc_output_config_new_from_url (const char           *name,
                                               const char           *url,
                                               GError              **error);
/* rtmp:// or rtmps://, a host and an application; the message shows the URL
 * redacted. */
gboolean        sc_rtmp_url_check     (const char           *url,
                                       ScJsonReader         *reader,
                                       const char           *path);
/* The URL with the key appended as RTMP expects ("url/key"); an srt:// URL
 * as it is (its passphrase is set on the socket, never in a URL). */
char           *sc_output_config_full_url (const ScOutputConfig *self);

/* Any destination URL: rtmp:// and rtmps:// as sc_rtmp_url_check(), srt://
 * as sc_srt_url_check(); anything else is named as not one of them. */
gboolean        sc_output_url_check   (const char           *url,
                                       ScJsonReader         *reader,
                                       const char           *path);
/* Whether @url is an srt:// URL (the scheme only; not checked). */
gboolean        sc_output_url_is_srt  (const char           *url);

/* An SRT destination, srt://host:port?streamid=…&latency=… (caller mode). */
typedef struct {
  char *host;
  int   port;        /* 1..65535, required: SRT has no default port */
  char *streamid;    /* NULL when not given */
  int   latency_ms;  /* -1 when not given (srtsink's default, 125 ms) */
} ScSrtUrl;

#define SC_SRT_LATENCY_MIN_MS 20
#define SC_SRT_LATENCY_MAX_MS 10000
/* libsrt's limits for SRTO_PASSPHRASE and SRTO_STREAMID. */
#define SC_SRT_PASSPHRASE_MIN 10
#define SC_SRT_PASSPHRASE_MAX 79
#define SC_SRT_STREAMID_MAX 512

/* Parses @url: SC_MEDIA_ERROR_INVALID naming what is wrong (a bad port, an
 * unknown or repeated parameter, a passphrase in the URL, a path) with the
 * URL redacted. */
gboolean        sc_srt_url_parse      (const char           *url,
                                       ScSrtUrl             *out,
                                       GError              **error);
void            sc_srt_url_clear      (ScSrtUrl             *self);
/* The same check for a reader (show file, --output). */
gboolean        sc_srt_url_check      (const char           *url,
                                       ScJsonReader         *reader,
                                       const char           *path);
/* NULL when @passphrase is acceptable to libsrt, else why not (translated;
 * never quotes the passphrase). */
char           *sc_srt_passphrase_problem (const char       *passphrase);

typedef enum {
  SC_RECORDING_MATROSKA,
  SC_RECORDING_MP4,
} ScRecordingFormat;

/* The show file's "recording" object. */
typedef struct {
  gboolean           enabled;   /* TRUE */
  char              *path;      /* absolute, or NULL for the default name */
  ScRecordingFormat  format;    /* matroska */
} ScRecordingConfig;

void     sc_recording_config_init_defaults (ScRecordingConfig *self);
void     sc_recording_config_clear         (ScRecordingConfig *self);
gboolean sc_recording_config_read_json     (ScRecordingConfig *self,
                                            JsonNode          *node,
                                            ScJsonReader      *reader,
                                            const char        *path);
/* NULL when everything is the default. */
JsonNode *sc_recording_config_to_json      (const ScRecordingConfig *self,
                                            GFile                   *base);

/* How the encoder spends its bits. CBR sends the target rate every second
 * (filler data in a calm scene), as Twitch requires and YouTube recommends;
 * VBR stays under the target (x264: a VBV of one second at the target). */
typedef enum {
  SC_RATE_CONTROL_AUTO,   /* what the show's destinations ask for */
  SC_RATE_CONTROL_CBR,
  SC_RATE_CONTROL_VBR,
} ScRateControl;

typedef enum {
  SC_H264_PROFILE_AUTO,   /* what the show's destinations ask for */
  SC_H264_PROFILE_MAIN,
  SC_H264_PROFILE_HIGH,
} ScH264Profile;

/* "auto", "cbr", "vbr" / "auto", "main", "high". */
const char *sc_rate_control_to_string (ScRateControl rate_control);
const char *sc_h264_profile_to_string (ScH264Profile profile);

/* What a destination asks of the one encoder, from the platform its URL
 * names (the presets of the show settings): Twitch strict CBR and Main,
 * YouTube CBR and High, Facebook CBR and High; any srt:// destination CBR
 * (MPEG-TS contribution over a link sized for its rate); anything else no
 * wish (AUTO). */
void sc_output_config_get_wishes (const ScOutputConfig *self,
                                  ScRateControl        *rate_control,
                                  ScH264Profile        *profile);

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
  ScRateControl rate_control;    /* AUTO: CBR when a destination asks for it */
  ScH264Profile profile;         /* AUTO: Main when a destination asks for it, else High */
  gboolean dynamic_bitrate;      /* TRUE: lower the video bitrate while a destination
                                  * cannot keep up (docs/design.md) */
  /* Reconnection of RTMP outputs. */
  double reconnect_initial_s;    /* 2 */
  double reconnect_factor;       /* 1.5 */
  double reconnect_max_delay_s;  /* 60 */
  int    reconnect_max_retries;  /* 10; -1 = forever */
  /* How long one attempt may take to be accepted before it counts as failed. */
  double connect_timeout_s;      /* 10 */
} ScEncodingConfig;

void sc_encoding_config_init_defaults (ScEncodingConfig *self);
void sc_encoding_config_clear         (ScEncodingConfig *self);
void sc_encoding_config_copy_into     (ScEncodingConfig       *dest,
                                       const ScEncodingConfig *src);

/* The three sections ScEncodingConfig holds: "canvas", "encoding" and
 * "reconnect"; @node may be NULL (the defaults stay). */
gboolean  sc_encoding_config_read_canvas     (ScEncodingConfig       *self,
                                              JsonNode               *node,
                                              ScJsonReader           *reader,
                                              const char             *path);
gboolean  sc_encoding_config_read_encoding   (ScEncodingConfig       *self,
                                              JsonNode               *node,
                                              ScJsonReader           *reader,
                                              const char             *path);
gboolean  sc_encoding_config_read_reconnect  (ScEncodingConfig       *self,
                                              JsonNode               *node,
                                              ScJsonReader           *reader,
                                              const char             *path);
/* Each NULL when the whole section has its defaults. */
JsonNode *sc_encoding_config_canvas_to_json    (const ScEncodingConfig *self);
JsonNode *sc_encoding_config_encoding_to_json  (const ScEncodingConfig *self);
JsonNode *sc_encoding_config_reconnect_to_json (const ScEncodingConfig *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScSourceConfig, sc_source_config_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScOutputConfig, sc_output_config_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScSrtUrl, sc_srt_url_clear)

G_END_DECLS
