/* sc-destination-row.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SC_TYPE_DESTINATION_ROW (sc_destination_row_get_type ())
G_DECLARE_FINAL_TYPE (ScDestinationRow, sc_destination_row, SC, DESTINATION_ROW, AdwExpanderRow)

/* One of the show's RTMP destinations ("outputs[]") in the show settings:
 * name, platform preset, server URL, stream key (typed here, kept in the
 * Secret Service under key_env, never in the file) and enabled.
 * Signal: remove () when the host asks to remove it. */
ScDestinationRow *sc_destination_row_new          (JsonObject       *output,
                                                   const char       *key_env);

const char       *sc_destination_row_get_name     (ScDestinationRow *self);
const char       *sc_destination_row_get_url      (ScDestinationRow *self);
gboolean          sc_destination_row_get_enabled  (ScDestinationRow *self);
/* The variable the key is filed under, e.g. SHOPCAST_KEY_YOUTUBE. */
const char       *sc_destination_row_get_key_env  (ScDestinationRow *self);
/* A newly typed key, or NULL when the field was left alone. */
char             *sc_destination_row_dup_new_key  (ScDestinationRow *self);
/* Whether the keyring (or environment) already holds the key. */
void              sc_destination_row_set_key_stored (ScDestinationRow *self,
                                                     gboolean          stored);
/* Checks the fields; the message names the destination and the field. */
gboolean          sc_destination_row_validate     (ScDestinationRow *self,
                                                   GError          **error);
/* The "outputs[]" object to save (never the key). */
JsonObject       *sc_destination_row_to_json      (ScDestinationRow *self);

/* The editable widgets, for keyboard users' tests and the window. */
GtkEditable      *sc_destination_row_get_name_entry (ScDestinationRow *self);
GtkEditable      *sc_destination_row_get_url_entry  (ScDestinationRow *self);
GtkEditable      *sc_destination_row_get_key_entry  (ScDestinationRow *self);
GtkSwitch        *sc_destination_row_get_enabled_switch (ScDestinationRow *self);
AdwComboRow      *sc_destination_row_get_platform_row (ScDestinationRow *self);

/* The platform presets: their ingest URLs (TikTok's is given per stream). */
typedef enum {
  SC_PLATFORM_YOUTUBE,
  SC_PLATFORM_TWITCH,
  SC_PLATFORM_FACEBOOK,
  SC_PLATFORM_TIKTOK,
  SC_PLATFORM_SRT,      /* any srt:// server or relay: no fixed URL */
  SC_PLATFORM_CUSTOM,
} ScPlatform;

const char       *sc_platform_get_url      (ScPlatform  platform);
ScPlatform        sc_platform_from_url     (const char *url);
/* Checks an RTMP URL as the show file does; @what names it in the message.
 * (SRT URLs are checked with sc_srt_url_parse().) */
gboolean          sc_check_rtmp_url        (const char  *url,
                                            const char  *what,
                                            GError     **error);

G_END_DECLS
