/* sc-show.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "base/sc-json-reader.h"
#include "chat/sc-chat-config.h"
#include "media/sc-media-config.h"
#include "overlay/sc-brand-kit.h"
#include "overlay/sc-layout.h"
#include "shop/sc-catalog.h"
#include "shop/sc-shop-config.h"
#include "studio/sc-next-show.h"

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

/* Process-wide: where secrets missing from the environment are looked up
 * (ScSecretLookupFunc, base/sc-json-reader.h). */
/* Process-wide: set once at start-up, before any show is loaded. */
void sc_show_set_secret_lookup (ScSecretLookupFunc func,
                                gpointer           user_data);

/* One entry of products.rundown (docs/show-format.md): a product, how long
 * it is on (0: no time set), the host's notes (never on video) and an
 * optional flash sale. A plain string entry has only the product. */
typedef struct {
  char     *product_id;
  double    minutes;          /* > 0, or 0 when not set */
  char     *notes;            /* or NULL */
  gboolean  has_sale;
  char     *sale_price_text;  /* the decimal string as written, "15.00" */
  gint64    sale_price;       /* minor units of the show's currency */
  double    sale_minutes;     /* > 0 when has_sale */
  gboolean  apply_to_shop;
  gboolean  is_object;        /* written as an object: saved as one */
} ScShowSegment;

#define SC_TYPE_SHOW_SEGMENT (sc_show_segment_get_type ())
GType          sc_show_segment_get_type     (void) G_GNUC_CONST;
ScShowSegment *sc_show_segment_copy         (const ScShowSegment *self);
void           sc_show_segment_free         (ScShowSegment       *self);
/* Whether the sale is also set in the shop for its duration. */
gboolean       sc_show_segment_get_apply_to_shop (const ScShowSegment *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScShowSegment, sc_show_segment_free)

#define SC_TYPE_SHOW (sc_show_get_type ())
G_DECLARE_FINAL_TYPE (ScShow, sc_show, SC, SHOW, GObject)

/* A show document (*.shopcast): read, edited with the setters below (each
 * emits ::changed), and saved. Errors read like
 * "demo.shopcast: $.canvas.width: expected a positive integer, got -5". */
ScShow                 *sc_show_new_from_file      (GFile       *file,
                                                    GError     **error);
/* A new show with every default (a test pattern and a tone as sources). */
ScShow                 *sc_show_new                (const char  *title);
/* shopcast --check: reads @file and opens everything it names, collecting
 * every error found instead of stopping at the first. Returns the show, or
 * NULL with *errors (GError *, never empty) set. */
ScShow                 *sc_show_check_file         (GFile       *file,
                                                    GPtrArray  **errors);
/* @base is where relative paths in the document resolve (may be NULL). */
ScShow                 *sc_show_new_from_data      (const char  *data,
                                                    gsize        length,
                                                    const char  *name,
                                                    GFile       *base,
                                                    GError     **error);
/* The embedded demo show (resource:///io/github/shopcast/Shopcast/demo/). */
ScShow                 *sc_show_new_demo           (GError     **error);

/* The file the show was read from or last saved to; NULL for the demo, a
 * new show or one read from data. */
GFile                  *sc_show_get_file           (ScShow      *self);

/* The show file's text: 2-space indent, members in the documented order,
 * defaults left out, no secret (only key_env / token_env names); files it
 * names are relative to @base (the folder it is saved to) where they can be.
 * The same show always gives the same bytes. */
char                   *sc_show_to_data            (ScShow      *self,
                                                    GFile       *base);
/* Writes the show to @file (which becomes sc_show_get_file()). */
gboolean                sc_show_save               (ScShow      *self,
                                                    GFile       *file,
                                                    GError     **error);
/* The same, the writing off the main thread. */
void                    sc_show_save_async         (ScShow              *self,
                                                    GFile               *file,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean                sc_show_save_finish        (ScShow              *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

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
/* The rundown's product ids, in order (one per segment). */
const char * const     *sc_show_get_rundown        (ScShow      *self);
/* The rundown's segments: sc_show_get_n_segments() of them, NULL beyond. */
guint                   sc_show_get_n_segments     (ScShow      *self);
const ScShowSegment    *sc_show_get_segment        (ScShow      *self,
                                                    guint        index);
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
/* NULL: the default claim keywords (those of the show's locale,
 * sc_claim_keywords_for_locale()). */
const char * const     *sc_show_get_claim_keywords (ScShow      *self);
/* The audience's locale, a BCP 47 tag ("de-DE"): the file's `locale`, or
 * the program's (LC_ALL, LC_MESSAGES, LANG; en-US for C). Never NULL. */
const char             *sc_show_get_locale         (ScShow      *self);
/* Whether the file set `locale` (only then is it saved). */
gboolean                sc_show_get_locale_is_set  (ScShow      *self);
/* Gives the catalog's products their claim codes: those the show file sets,
 * then A1, A2, … (again after a shop's products arrive). */
void                    sc_show_apply_claim_codes  (ScShow      *self);
/* The shop the catalog is synced with, or NULL for a catalog file alone. */
const ScShopConfig     *sc_show_get_shop           (ScShow      *self);
const ScRecordingConfig *sc_show_get_recording     (ScShow      *self);
/* products.qr: the card shows the pinned product's QR code. */
gboolean                sc_show_get_product_qr     (ScShow      *self);
/* The campaign tags of the QR code's link, names and values alternating:
 * utm_source=shopcast, utm_medium=live, utm_campaign=<title>, as
 * products.utm changes, leaves out (null) or adds to them. */
GStrv                   sc_show_dup_campaign_tags  (ScShow      *self);
/* `next_show`, or NULL. */
const ScNextShow       *sc_show_get_next_show      (ScShow      *self);

/* Setters. Each checks what it is given as the show file's reader would
 * (the same messages, SC_SHOW_ERROR_INVALID), changes nothing on error, and
 * emits ::changed when something changed. Configs are copied. */
void      sc_show_set_title          (ScShow                  *self,
                                      const char              *title);
gboolean  sc_show_set_canvas         (ScShow                  *self,
                                      int                      width,
                                      int                      height,
                                      int                      fps,
                                      GError                 **error);
gboolean  sc_show_set_video_bitrate  (ScShow                  *self,
                                      int                      kbps,
                                      GError                 **error);
/* NULL: the best one installed. */
gboolean  sc_show_set_video_encoder  (ScShow                  *self,
                                      const char              *element_name,
                                      GError                 **error);
/* Everything the encoding holds (canvas, bit rates, encoders, reconnect). */
gboolean  sc_show_set_encoding       (ScShow                  *self,
                                      const ScEncodingConfig  *encoding,
                                      GError                 **error);
/* ScSourceConfig *: ids unique, at least one video source. */
gboolean  sc_show_set_sources        (ScShow                  *self,
                                      GPtrArray               *sources,
                                      GError                 **error);
/* Outputs: name unique and not empty, an RTMP URL with host and application,
 * key_env a variable name or NULL. The key is taken as given. */
gboolean  sc_show_add_output         (ScShow                  *self,
                                      const ScOutputConfig    *output,
                                      GError                 **error);
gboolean  sc_show_update_output      (ScShow                  *self,
                                      guint                    index,
                                      const ScOutputConfig    *output,
                                      GError                 **error);
void      sc_show_remove_output      (ScShow                  *self,
                                      guint                    index);
void      sc_show_set_layout         (ScShow                  *self,
                                      ScLayoutKind             layout);
/* The logo, when set, must exist. */
gboolean  sc_show_set_brand_kit      (ScShow                  *self,
                                      const ScBrandKit        *brand_kit,
                                      GError                 **error);
/* NULL: no shop, the catalog file alone. */
void      sc_show_set_shop           (ScShow                  *self,
                                      const ScShopConfig      *shop);
/* ScChatConfig * */
void      sc_show_set_chat_sources   (ScShow                  *self,
                                      GPtrArray               *chat_sources);
void      sc_show_set_chat_visible   (ScShow                  *self,
                                      gboolean                 visible);
/* NULL: the default keywords / no list. Empty strings are refused. */
/* NULL: the default, the program's locale. */
gboolean  sc_show_set_locale         (ScShow                  *self,
                                      const char              *locale,
                                      GError                 **error);
void      sc_show_set_claim_keywords (ScShow                  *self,
                                      const char * const      *keywords);
void      sc_show_set_blocked_words  (ScShow                  *self,
                                      const char * const      *words);
void      sc_show_set_blocked_authors (ScShow                 *self,
                                       const char * const     *authors);
/* A NULL path is the default name; else a local absolute path. */
gboolean  sc_show_set_recording      (ScShow                  *self,
                                      const ScRecordingConfig *recording,
                                      GError                 **error);

G_END_DECLS
