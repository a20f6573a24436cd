/* sc-claim-detector.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "chat/sc-chat-message.h"

G_BEGIN_DECLS

/* ---- the grammar ---------------------------------------------------------
 *
 * A claim is, in this order, on the folded text (sc_chat_feed_fold_text():
 * case, accents and fullwidth forms do not matter):
 *   [emoji, punctuation, @mentions]  KEYWORD  CODE  [QUANTITY]  [VARIANT WORDS]
 *   [emoji, punctuation]
 * - KEYWORD: one of the keywords, as whole words ("je prends" is two words);
 *   it must come first: "is A1 sold", "who bought a1", "not sold a1" are not
 *   claims, and "soldier a1" is not "sold".
 * - CODE: a letter and 1 to 3 digits (A1, b12), also written apart ("A 1",
 *   "A-1"); "a1000" is not a claim.
 * - QUANTITY: "2", "x2", "2x", "×2", "x 2", "qty 2", a number word from two
 *   to ten ("two", "zwei", "deux", "dos"), or glued to the code ("a1x2");
 *   1 to 99, anything else numeric there ("0", "100") is not a claim.
 *   Default 1.
 * - VARIANT WORDS: the words left, at most 6; courtesy words ("please",
 *   "bitte", "por favor"…) are dropped. A negation or a cancel among them
 *   ("sold a1 no wait", "cancel"), or a word that takes the claim back or
 *   puts it off ("nvm", "jk", "later", "maybe", "vielleicht", "plus tard",
 *   "es broma"…) means no claim.
 * - Any question mark (?, ¿, ؟, fullwidth ？) means a question, not a claim:
 *   "sold out?", "sold a1?".
 * - Punctuation and emoji between words are ignored ("SOLD: A1!!").
 * - Markup is not stripped: "<b>sold a1</b>" reads as the word "b" first, so
 *   it is not a claim; platforms show markup as typed, so nobody's claim
 *   looks like that.
 * One product per message: a second code is just a variant word. */

/* The keywords used when none are set: English, plus the translations the
 * app ships (German, French, Spanish). */
const char * const *sc_claim_default_keywords (void);
/* The keywords of a show whose file sets none, by its locale's language (a
 * BCP 47 tag, "de-DE"; NULL: English): always "sold", plus the words of
 * that language (de: gekauft kaufe; fr: vendu acheter "je prends"; es:
 * vendido compro "lo quiero"), the one to show on the card first; any other
 * language gets English's (sold buy claim mine). */
const char * const *sc_claim_keywords_for_locale (const char *locale);

typedef struct {
  char  *keyword;        /* the keyword matched, folded: "je prends" */
  char  *code;           /* upper case: "A1" */
  guint  quantity;       /* 1..99 */
  GStrv  variant_words;  /* folded, in order; empty, never NULL */
} ScClaimParse;

void     sc_claim_parse_clear (ScClaimParse       *parse);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScClaimParse, sc_claim_parse_clear)

/* @keywords: NULL for sc_claim_default_keywords(). Returns FALSE when @text
 * is not a claim, and then leaves @out zeroed. @out may be NULL. */
gboolean sc_claim_parse       (const char         *text,
                               const char * const *keywords,
                               ScClaimParse       *out);

/* ---- what a code names, as the studio's lookup tells it ---------------- */

#define SC_CLAIM_STOCK_UNTRACKED (-1)

/* Stock here is what claims may take (SC_CLAIM_STOCK_UNTRACKED: no limit).
 * Variant titles are the shop's ("Blue / M"); variant_stock has one entry
 * per title. */
typedef struct {
  char   *product_id;
  char   *title;
  gint64  stock;
  GStrv   variant_titles;   /* empty, never NULL, when there are no variants */
  gint64 *variant_stock;
  gint64  price;            /* minor units of @currency, the price in force now */
  char   *currency;         /* NULL when no price is known */
  gboolean on_sale;         /* @price is a flash sale's */
} ScClaimTarget;

ScClaimTarget *sc_claim_target_new         (const char    *product_id,
                                            const char    *title,
                                            gint64         stock);
void           sc_claim_target_add_variant (ScClaimTarget *self,
                                            const char    *title,
                                            gint64         stock);
/* The price a claim made now pays (a flash sale's while one runs). */
void           sc_claim_target_set_price   (ScClaimTarget *self,
                                            gint64         price,
                                            const char    *currency,
                                            gboolean       on_sale);
void           sc_claim_target_free        (ScClaimTarget *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScClaimTarget, sc_claim_target_free)

/* Maps a code ("A1", upper case) to a new target, or NULL when no product
 * has that code. Called for every claim, so stock is always current. */
typedef ScClaimTarget *(*ScClaimLookupFunc) (const char *code,
                                             gpointer    user_data);

/* ---- a claim ------------------------------------------------------------ */

#define SC_TYPE_CLAIM (sc_claim_get_type ())

typedef struct {
  char      *platform;
  char      *message_id;
  char      *author;
  char      *author_id;      /* the platform's id of the author, or NULL */
  char      *code;           /* "A1" */
  char      *product_id;
  char      *product_title;
  char      *variant;        /* the matched variant title, or NULL */
  guint      quantity;
  gboolean   waitlisted;     /* did not fit in the stock left */
  GDateTime *time;           /* the message's time */
  gint64     price;          /* unit price in force when claimed, minor units */
  char      *currency;       /* NULL: no price known */
  gboolean   on_sale;        /* claimed during a flash sale, at its price */
} ScClaim;

GType    sc_claim_get_type (void) G_GNUC_CONST;
ScClaim *sc_claim_copy     (const ScClaim *self);
void     sc_claim_free     (ScClaim       *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScClaim, sc_claim_free)

/* ---- the detector ------------------------------------------------------- */

#define SC_TYPE_CLAIM_DETECTOR (sc_claim_detector_get_type ())
G_DECLARE_FINAL_TYPE (ScClaimDetector, sc_claim_detector, SC, CLAIM_DETECTOR, GObject)

/* Turns moderated chat messages into claims, counting units per product so
 * nothing is oversold.
 *
 * Stock: a claim is accepted only if all of it fits: claimed + quantity <=
 * stock for the product, and for the matched variant when its stock is
 * tracked. Otherwise the whole claim is waitlisted (no partial fills);
 * untracked stock never waitlists. Counts are units, not messages.
 *
 * Variant: the variant words, minus label words ("size", "colour", "taille",
 * "talla", "größe"…), must all be words of one variant title (folded and
 * split into words; "small", "medium", "large" equal "s", "m", "l"). Only a
 * single matching title counts: "m" picks "Blue / M" when it is the only M,
 * not when "Red / M" exists too; then the variant is NULL (the host asks).
 * No variant words pick the only variant of a one-variant product.
 *
 * A message (platform + id) makes at most one claim, however often it is
 * processed.
 *
 * Signals:
 *   ::claim (ScClaim *)              an accepted claim
 *   ::claim-waitlisted (ScClaim *)   a claim beyond the stock
 *   ::claim-cancelled (ScClaim *)    a claim taken back (the claim as made)
 *   ::claimed-changed (const char *product_id)  after any of them */
ScClaimDetector    *sc_claim_detector_new            (void);
/* NULL for sc_claim_default_keywords(). */
void                sc_claim_detector_set_keywords   (ScClaimDetector    *self,
                                                      const char * const *keywords);
const char * const *sc_claim_detector_get_keywords   (ScClaimDetector    *self);
/* Without a lookup nothing is a claim. */
void                sc_claim_detector_set_lookup     (ScClaimDetector    *self,
                                                      ScClaimLookupFunc   func,
                                                      gpointer            user_data,
                                                      GDestroyNotify      destroy);
/* Returns the claim, already emitted, or NULL; the caller frees it. */
ScClaim            *sc_claim_detector_process        (ScClaimDetector    *self,
                                                      ScChatMessage      *message)
                                                      G_GNUC_WARN_UNUSED_RESULT;
/* Takes back the claim the message (platform + id) made: an accepted
 * claim's units go back to the product and its variant, so later claims fit
 * again; a waitlisted one leaves the waitlisted count. Emits
 * ::claim-cancelled and ::claimed-changed. SC_CHAT_ERROR_NOT_FOUND when the
 * message made no claim (messages without an id are not remembered),
 * SC_CHAT_ERROR_INVALID_DATA when it is already cancelled. @cancelled, when
 * not NULL, gets a copy of the claim as it was made. */
gboolean            sc_claim_detector_cancel         (ScClaimDetector    *self,
                                                      const char         *platform,
                                                      const char         *message_id,
                                                      ScClaim           **cancelled,
                                                      GError            **error);
gboolean            sc_claim_detector_is_cancelled   (ScClaimDetector    *self,
                                                      const char         *platform,
                                                      const char         *message_id);
/* Units accepted / waitlisted so far for a product (cancelled claims not
 * counted). */
guint               sc_claim_detector_get_claimed    (ScClaimDetector    *self,
                                                      const char         *product_id);
guint               sc_claim_detector_get_waitlisted (ScClaimDetector    *self,
                                                      const char         *product_id);

G_END_DECLS
