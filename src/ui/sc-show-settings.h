/* sc-show-settings.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sc-destination-row.h"

G_BEGIN_DECLS

#define SC_TYPE_SHOW_SETTINGS (sc_show_settings_get_type ())
G_DECLARE_FINAL_TYPE (ScShowSettings, sc_show_settings, SC, SHOW_SETTINGS, AdwPreferencesWindow)

/* The show's settings, set up once by a brand studio and saved to the show
 * file: destinations, video, sources, shop, chat, brand kit. @file is the
 * show to edit; NULL starts a new show. A show that is not a local file
 * (the demo) is saved with Save As. Members the window does not edit
 * (rundown, claim codes, reconnect, …) are kept as they are.
 *
 * Property "file": where it is saved. Signal "saved" (GFile *file) after
 * the file was written: the window reloads the show from it. */
ScShowSettings   *sc_show_settings_new              (GtkWindow        *parent,
                                                     GFile            *file);
GFile            *sc_show_settings_get_file         (ScShowSettings   *self);

/* Whether the file was read and the fields filled ("loaded" notifies). */
gboolean          sc_show_settings_get_loaded       (ScShowSettings   *self);

/* Validates every field (the first problem is shown in the window and
 * returned), stores new keys in the Secret Service, checks the result the
 * way the show file is read, and writes it. With no local file yet it
 * asks where (Save As). The Save button calls it. */
void              sc_show_settings_save_async       (ScShowSettings   *self,
                                                     GCancellable     *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer          user_data);
gboolean          sc_show_settings_save_finish      (ScShowSettings   *self,
                                                     GAsyncResult     *result,
                                                     GError          **error);
/* Saves to @file instead (Save As). */
void              sc_show_settings_save_as_async    (ScShowSettings   *self,
                                                     GFile            *file,
                                                     GCancellable     *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer          user_data);

/* The destinations shown, in order, and adding one (as the + button does). */
guint             sc_show_settings_get_n_destinations (ScShowSettings *self);
ScDestinationRow *sc_show_settings_get_destination  (ScShowSettings   *self,
                                                     guint             index);
ScDestinationRow *sc_show_settings_add_destination  (ScShowSettings   *self);
GtkSpinButton    *sc_show_settings_get_bitrate_spin (ScShowSettings   *self);
/* Test Connection, as its button does; while it runs get_testing is TRUE,
 * then the result, in plain words, is in get_connection_result. */
void              sc_show_settings_test_connection  (ScShowSettings   *self);
gboolean          sc_show_settings_get_testing      (ScShowSettings   *self);
const char       *sc_show_settings_get_connection_result (ScShowSettings *self);
GtkEditable      *sc_show_settings_get_shop_token_entry (ScShowSettings *self);
GtkEditable      *sc_show_settings_get_twitch_entry (ScShowSettings   *self);
GtkEditable      *sc_show_settings_get_blocked_words_entry (ScShowSettings *self);
/* Choose Screen… on the Sources page, and the line under it: what the
 * show's screen captures, or why choosing failed. */
GtkButton        *sc_show_settings_get_choose_screen_button (ScShowSettings *self);
const char       *sc_show_settings_get_screen_choice (ScShowSettings   *self);
/* Shows a page: "destinations", "video", "sources", "shop" or "chat" (the
 * pre-flight row's fix buttons open the right one). */
void              sc_show_settings_show_page        (ScShowSettings   *self,
                                                     const char       *name);
/* The message of the last failed save, shown under the pages; NULL if none. */
const char       *sc_show_settings_get_error_message (ScShowSettings  *self);

G_END_DECLS
