/* sc-show.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "chat/sc-chat-config.h"
#include "media/sc-media-config.h"
#include "overlay/sc-brand-kit.h"
#include "overlay/sc-layout.h"
#include "shop/sc-catalog.h"
#include "shop/sc-shop-config.h"

G_BEGIN_DECLS

#define SC_SHOW_ERROR (sc_show_error_quark ())

typedef enum {
  SC_SHOW_ERROR_NOT_FOUND,   /* the file (or a file it names) does not exist */
  SC_SHOW_ERROR_SYNTAX,      /* not JSON */
  SC_SHOW_ERROR_INVALID,     /* JSON, but a field is wrong: message names the path */
  SC_SHOW_ERROR_TOO_LARGE,   /* over the size limit */
} ScShowError;

GQuark sc_show_error_quark (void);

#define SC_SHOW_MAX_FILE_SIZE (4 * 1024 * 1024)

/* Where secrets missing from the environment are looked up (the window's
 * Secret Service); returns a new string or NULL. */
typedef char *(*ScSecretLookupFunc) (const char *name,
                                     gpointer    user_data);

/* Process-wide: set once at start-up, before any show is loaded. */
void sc_show_set_secret_lookup (ScSecretLookupFunc func,
                                gpointer           user_data);

#define SC_TYPE_SHOW (sc_show_get_type ())
G_DECLARE_FINAL_TYPE (ScShow, sc_show, SC, SHOW, GObject)

/* A show document (*.shopcast). Errors read like
 * "demo.shopcast: $.canvas.width: expected a positive integer, got -5". */
ScShow                 *sc_show_new_from_file      (GFile       *file,
                                                    GError     **error);
/* @base is where relative paths in the document resolve (may be NULL). */
ScShow                 *sc_show_new_from_data      (const char  *data,
                                                    gsize        length,
                                                    const char  *name,
                                                    GFile       *base,
                                                    GError     **error);
/* The embedded demo show (resource:///io/github/shopcast/Shopcast/demo/). */
ScShow                 *sc_show_new_demo           (GError     **error);

const char             *sc_show_get_title          (ScShow      *self);
const ScEncodingConfig *sc_show_get_encoding       (ScShow      *self);
/* ScSourceConfig *, video and audio, in file order. */
GPtrArray              *sc_show_get_sources        (ScShow      *self);
/* ScOutputConfig *, keys already resolved from their key_env. */
GPtrArray              *sc_show_get_outputs        (ScShow      *self);
ScLayoutKind            sc_show_get_layout         (ScShow      *self);
const ScBrandKit       *sc_show_get_brand_kit      (ScShow      *self);
ScCatalog              *sc_show_get_catalog        (ScShow      *self);
/* Product id (or SKU) pinned when the show starts, or NULL. */
const char             *sc_show_get_pinned         (ScShow      *self);
const char * const     *sc_show_get_rundown        (ScShow      *self);
guint                   sc_show_get_low_stock_threshold (ScShow *self);
gboolean                sc_show_get_chat_visible   (ScShow      *self);
guint                   sc_show_get_chat_lines     (ScShow      *self);
/* Whether the scripted demo chat runs. */
gboolean                sc_show_get_demo_chat      (ScShow      *self);
gboolean                sc_show_get_recording_enabled (ScShow   *self);
/* NULL means the default: ~/Videos/Shopcast/<title> <date>.mkv */
const char             *sc_show_get_recording_path (ScShow      *self);
ScRecordingFormat       sc_show_get_recording_format (ScShow    *self);
/* The file to record to: the recording path, or else the default one for a
 * show started at @when (NULL = now). Creates no folder. */
char                   *sc_show_build_recording_path (ScShow    *self,
                                                      GDateTime *when);

/* ScChatConfig * of the show's Twitch and YouTube chats, secrets resolved. */
GPtrArray              *sc_show_get_chat_sources   (ScShow      *self);
/* NULL-terminated, or NULL when the show sets none. */
const char * const     *sc_show_get_blocked_words  (ScShow      *self);
const char * const     *sc_show_get_blocked_authors (ScShow     *self);
/* NULL: the default claim keywords. */
const char * const     *sc_show_get_claim_keywords (ScShow      *self);
/* Gives the catalog's products their claim codes: those the show file sets,
 * then A1, A2, … (again after a shop's products arrive). */
void                    sc_show_apply_claim_codes  (ScShow      *self);
/* The shop the catalog is synced with, or NULL for a catalog file alone. */
const ScShopConfig     *sc_show_get_shop           (ScShow      *self);

G_END_DECLS
