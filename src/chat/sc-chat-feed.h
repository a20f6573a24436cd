/* sc-chat-feed.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "chat/sc-chat-message.h"
#include "chat/sc-chat-source.h"

G_BEGIN_DECLS

#define SC_CHAT_FEED_DEFAULT_CAPACITY 500

#define SC_TYPE_CHAT_FEED (sc_chat_feed_get_type ())
G_DECLARE_FINAL_TYPE (ScChatFeed, sc_chat_feed, SC, CHAT_FEED, GObject)

/* The chat the show puts on screen: several ScChatSource merged into one
 * GListModel of ScChatMessage in time order (oldest first, newest last),
 * moderated, and bounded to the last "capacity" messages, so a long show
 * keeps a flat memory footprint. The full log is the studio's business (the
 * event log and SQLite), from ::message-added and ::message-blocked.
 *
 * Order: messages are sorted by their time, ties by arrival. A message older
 * than the newest shown (a slower source) is inserted in its place; one older
 * than everything in a full feed is not shown at all (it would be evicted at
 * once) but still reported by ::message-added.
 *
 * Duplicates: an id seen again from the same platform within the last
 * 4 × capacity messages is dropped silently.
 *
 * Moderation: blocked words and authors compare after folding
 * (sc_chat_feed_fold_text(): compatibility decomposition, case folding,
 * combining marks and invisible format characters dropped), so "Crème",
 * "CREME" and "ｃｒｅｍｅ" all match "creme". A blocked word or phrase matches
 * whole words only ("ass" does not block "class"); phrases match the same
 * words in a row. Words in scripts written without spaces (Han, kana, Thai…)
 * match anywhere in the text instead. Text is never escaped or altered here:
 * markup and right-to-left text stay as typed, the overlay escapes.
 *
 * Signals, all on the main context:
 *   ::message-added (ScChatMessage *)    passed dedupe and moderation
 *   ::message-blocked (ScChatMessage *, const char *reason)
 *                                        refused on arrival; reason is
 *                                        "blocked-word", "blocked-author" or
 *                                        "hidden" (for the event log)
 *   ::message-removed (const char *id)   a message in the model went away: a
 *                                        platform deletion, an author cleared,
 *                                        a hide, or a block set later
 *   ::cleared ()                         a platform cleared its chat and the
 *                                        model is now empty
 * A platform's chat-cleared with other platforms' messages in the model
 * removes only its own, each with ::message-removed.
 * Evictions (the capacity bound) are plain items-changed, not removals.
 *
 * @capacity: messages kept in the model; 0 for SC_CHAT_FEED_DEFAULT_CAPACITY. */
ScChatFeed *sc_chat_feed_new                 (guint               capacity);
guint       sc_chat_feed_get_capacity        (ScChatFeed         *self);

/* The feed holds a reference and listens until removed or disposed. It does
 * not start or stop sources. Removing one keeps its messages on screen. */
void        sc_chat_feed_add_source          (ScChatFeed         *self,
                                              ScChatSource       *source);
void        sc_chat_feed_remove_source       (ScChatFeed         *self,
                                              ScChatSource       *source);

/* NULL or empty unblocks. Setting a block removes matching messages from
 * the model at once. */
void        sc_chat_feed_set_blocked_words   (ScChatFeed         *self,
                                              const char * const *words);
const char * const *sc_chat_feed_get_blocked_words   (ScChatFeed *self);
void        sc_chat_feed_set_blocked_authors (ScChatFeed         *self,
                                              const char * const *authors);
const char * const *sc_chat_feed_get_blocked_authors (ScChatFeed *self);

/* The host hides one message (by id, on whichever platform it came from).
 * Remembered for the rest of the show, so a re-delivery never shows it. */
void        sc_chat_feed_hide                (ScChatFeed         *self,
                                              const char         *message_id);

/* Whether @message would pass moderation now: for things held outside the
 * model (the featured comment) after the blocks changed. */
gboolean    sc_chat_feed_is_allowed          (ScChatFeed         *self,
                                              ScChatMessage      *message);

/* The folding used for moderation and claims. */
char       *sc_chat_feed_fold_text           (const char         *text);

G_END_DECLS
