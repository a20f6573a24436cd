/* sc-chat-feed.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-chat-feed"

#include "config.h"

#include <string.h>

#include "sc-chat-feed.h"

/* One message in the model. Entries are ordered by (time_us, serial), so
 * messages with the same time keep their arrival order. */
typedef struct {
  ScChatMessage *message;
  char          *key;      /* platform, '\x1f', id: the index key */
  gint64         time_us;
  guint64        serial;
} Entry;

struct _ScChatFeed
{
  GObject     parent_instance;

  guint       capacity;
  GSequence  *entries;          /* Entry, oldest first */
  GHashTable *index;            /* Entry key (borrowed) -> GSequenceIter */
  guint64     next_serial;

  /* The ids seen lately, visible or not, for dropping re-deliveries. */
  GHashTable *seen;             /* key (owned by seen_order) -> NULL */
  GQueue      seen_order;
  guint       seen_limit;

  GHashTable *hidden;           /* message id -> NULL */
  GPtrArray  *sources;          /* ScChatSource */

  GStrv       blocked_words;    /* as set, for the property */
  GStrv       blocked_authors;
  GHashTable *block_word_set;   /* folded single words */
  GPtrArray  *block_phrases;    /* GStrv of folded words, two or more */
  GPtrArray  *block_substrings; /* folded text matched anywhere */
  GHashTable *block_author_set; /* folded author names */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScChatFeed, sc_chat_feed, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_CAPACITY,
  PROP_N_ITEMS,
  PROP_BLOCKED_WORDS,
  PROP_BLOCKED_AUTHORS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  MESSAGE_ADDED,
  MESSAGE_BLOCKED,
  MESSAGE_REMOVED,
  CLEARED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- text folding ------------------------------------------------------ */

char *
sc_chat_feed_fold_text (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  valid = g_utf8_make_valid (text, -1);
  /* NFKD turns fullwidth and other compatibility forms into plain letters
   * and splits accents off, so they can be dropped below. */
  decomposed = g_utf8_normalize (valid, -1, G_NORMALIZE_NFKD);
  folded = g_utf8_casefold (decomposed, -1);

  out = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Accents, emoji variation selectors, and zero-width characters that
       * would otherwise let "s\u200Bpam" slip past a block. */
      switch (g_unichar_type (c))
        {
        case G_UNICODE_NON_SPACING_MARK:
        case G_UNICODE_ENCLOSING_MARK:
        case G_UNICODE_FORMAT:
          break;

        default:
          g_string_append_unichar (out, c);
        }
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_type (c) == G_UNICODE_SPACING_MARK;
}

/* Words of folded text: runs of letters and digits. */
static GPtrArray *
split_words (const char *folded)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  const char *start = NULL;
  const char *p;

  for (p = folded; ; p = g_utf8_next_char (p))
    {
      gboolean word_char = *p != '\0' && is_word_char (g_utf8_get_char (p));

      if (word_char && start == NULL)
        start = p;
      else if (!word_char && start != NULL)
        {
          g_ptr_array_add (words, g_strndup (start, p - start));
          start = NULL;
        }
      if (*p == '\0')
        break;
    }
  return words;
}

/* Scripts written without spaces between words, where whole-word matching
 * would never match inside a sentence. */
static gboolean
has_unspaced_script (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      switch (g_unichar_get_script (g_utf8_get_char (p)))
        {
        case G_UNICODE_SCRIPT_HAN:
        case G_UNICODE_SCRIPT_HIRAGANA:
        case G_UNICODE_SCRIPT_KATAKANA:
        case G_UNICODE_SCRIPT_THAI:
        case G_UNICODE_SCRIPT_LAO:
        case G_UNICODE_SCRIPT_KHMER:
        case G_UNICODE_SCRIPT_MYANMAR:
          return TRUE;

        default:
          break;
        }
    }
  return FALSE;
}

/* Hosts type "@troll" as often as "troll". */
static char *
fold_author (const char *author)
{
  g_autofree char *folded = sc_chat_feed_fold_text (author);

  g_strstrip (folded);
  if (folded[0] == '@')
    return g_strdup (g_strchug (folded + 1));
  return g_steal_pointer (&folded);
}

/* ---- entries and the index --------------------------------------------- */

static char *
make_key (const char *platform,
          const char *id)
{
  return g_strconcat (platform, "\x1f", id, NULL);
}

static Entry *
entry_new (ScChatMessage *message,
           char          *key,
           guint64        serial)
{
  Entry *entry = g_new0 (Entry, 1);
  GDateTime *time = sc_chat_message_get_time (message);

  entry->message = g_object_ref (message);
  entry->key = key;
  entry->time_us = g_date_time_to_unix (time) * G_USEC_PER_SEC
                   + g_date_time_get_microsecond (time);
  entry->serial = serial;
  return entry;
}

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_object_unref (entry->message);
  g_free (entry->key);
  g_free (entry);
}

static int
entry_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const Entry *ea = a;
  const Entry *eb = b;

  if (ea->time_us != eb->time_us)
    return ea->time_us < eb->time_us ? -1 : 1;
  if (ea->serial != eb->serial)
    return ea->serial < eb->serial ? -1 : 1;
  return 0;
}

static void
notify_n_items (ScChatFeed *self,
                guint       before)
{
  if (g_sequence_get_length (self->entries) != (int)before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* Returns FALSE for an id seen lately on the same platform. */
static gboolean
remember_seen (ScChatFeed *self,
               const char *key)
{
  char *copy;

  if (g_hash_table_contains (self->seen, key))
    return FALSE;

  copy = g_strdup (key);
  g_hash_table_add (self->seen, copy);
  g_queue_push_tail (&self->seen_order, copy);
  if (self->seen_order.length > self->seen_limit)
    {
      g_autofree char *oldest = g_queue_pop_head (&self->seen_order);

      g_hash_table_remove (self->seen, oldest);
    }
  return TRUE;
}

/* Removes one entry by key, if it is still in the model. */
static void
remove_key (ScChatFeed *self,
            const char *key)
{
  GSequenceIter *iter = g_hash_table_lookup (self->index, key);
  g_autofree char *id = NULL;
  Entry *entry;
  guint position;

  if (iter == NULL)
    return;

  entry = g_sequence_get (iter);
  id = g_strdup (sc_chat_message_get_id (entry->message));
  position = g_sequence_iter_get_position (iter);
  g_hash_table_remove (self->index, entry->key);
  g_sequence_remove (iter);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_signal_emit (self, signals[MESSAGE_REMOVED], 0, id);
}

/* Handlers of ::message-removed may change the model, so the keys are
 * collected first and each looked up again when its turn comes. */
static void
remove_keys (ScChatFeed *self,
             GPtrArray  *keys)
{
  g_autoptr(ScChatFeed) hold = g_object_ref (self);
  guint before = g_sequence_get_length (self->entries);

  for (guint i = 0; i < keys->len; i++)
    remove_key (self, g_ptr_array_index (keys, i));
  notify_n_items (self, before);
}

/* ---- moderation -------------------------------------------------------- */

static gboolean
has_blocked_words (ScChatFeed *self)
{
  return g_hash_table_size (self->block_word_set) > 0
         || self->block_phrases->len > 0
         || self->block_substrings->len > 0;
}

static gboolean
text_is_blocked (ScChatFeed *self,
                 const char *text)
{
  g_autofree char *folded = NULL;
  g_autoptr(GPtrArray) words = NULL;

  if (!has_blocked_words (self))
    return FALSE;

  folded = sc_chat_feed_fold_text (text);
  for (guint i = 0; i < self->block_substrings->len; i++)
    if (strstr (folded, g_ptr_array_index (self->block_substrings, i)) != NULL)
      return TRUE;

  words = split_words (folded);
  for (guint i = 0; i < words->len; i++)
    {
      if (g_hash_table_contains (self->block_word_set, g_ptr_array_index (words, i)))
        return TRUE;

      for (guint j = 0; j < self->block_phrases->len; j++)
        {
          char **phrase = g_ptr_array_index (self->block_phrases, j);
          guint k;

          for (k = 0; phrase[k] != NULL && i + k < words->len; k++)
            if (!g_str_equal (phrase[k], g_ptr_array_index (words, i + k)))
              break;
          if (phrase[k] == NULL)
            return TRUE;
        }
    }
  return FALSE;
}

/* NULL when @message may be shown, else why not (a static string). */
static const char *
check_message (ScChatFeed    *self,
               ScChatMessage *message)
{
  const char *id = sc_chat_message_get_id (message);

  if (id != NULL && g_hash_table_contains (self->hidden, id))
    return "hidden";

  if (g_hash_table_size (self->block_author_set) > 0)
    {
      g_autofree char *author = fold_author (sc_chat_message_get_author (message));

      if (g_hash_table_contains (self->block_author_set, author))
        return "blocked-author";
    }

  if (text_is_blocked (self, sc_chat_message_get_text (message)))
    return "blocked-word";

  return NULL;
}

/* A block set during the show also takes away what is already shown. */
static void
remove_disallowed (ScChatFeed *self)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  GSequenceIter *iter;

  for (iter = g_sequence_get_begin_iter (self->entries);
       !g_sequence_iter_is_end (iter);
       iter = g_sequence_iter_next (iter))
    {
      Entry *entry = g_sequence_get (iter);

      if (check_message (self, entry->message) != NULL)
        g_ptr_array_add (keys, g_strdup (entry->key));
    }
  remove_keys (self, keys);
}

static void
compile_blocked_words (ScChatFeed *self)
{
  g_hash_table_remove_all (self->block_word_set);
  g_ptr_array_set_size (self->block_phrases, 0);
  g_ptr_array_set_size (self->block_substrings, 0);

  for (guint i = 0; self->blocked_words[i] != NULL; i++)
    {
      g_autofree char *folded = sc_chat_feed_fold_text (self->blocked_words[i]);
      g_autoptr(GPtrArray) words = NULL;

      g_strstrip (folded);
      if (folded[0] == '\0')
        continue;

      words = split_words (folded);
      /* Emoji and symbols have no words to match whole; nor do scripts
       * without spaces: both match anywhere. */
      if (words->len == 0 || has_unspaced_script (folded))
        g_ptr_array_add (self->block_substrings, g_steal_pointer (&folded));
      else if (words->len == 1)
        g_hash_table_add (self->block_word_set, g_strdup (g_ptr_array_index (words, 0)));
      else
        {
          g_ptr_array_add (words, NULL);
          g_ptr_array_add (self->block_phrases,
                           g_ptr_array_free (g_steal_pointer (&words), FALSE));
        }
    }
}

static char **
strv_copy_or_empty (const char * const *strv)
{
  return strv != NULL ? g_strdupv ((char **)strv) : g_new0 (char *, 1);
}

void
sc_chat_feed_set_blocked_words (ScChatFeed         *self,
                                const char * const *words)
{
  g_auto(GStrv) copy = NULL;

  g_return_if_fail (SC_IS_CHAT_FEED (self));

  copy = strv_copy_or_empty (words);
  if (g_strv_equal ((const char * const *)self->blocked_words, (const char * const *)copy))
    return;

  g_strfreev (self->blocked_words);
  self->blocked_words = g_steal_pointer (&copy);
  compile_blocked_words (self);
  remove_disallowed (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLOCKED_WORDS]);
}

const char * const *
sc_chat_feed_get_blocked_words (ScChatFeed *self)
{
  g_return_val_if_fail (SC_IS_CHAT_FEED (self), NULL);
  return (const char * const *)self->blocked_words;
}

void
sc_chat_feed_set_blocked_authors (ScChatFeed         *self,
                                  const char * const *authors)
{
  g_auto(GStrv) copy = NULL;

  g_return_if_fail (SC_IS_CHAT_FEED (self));

  copy = strv_copy_or_empty (authors);
  if (g_strv_equal ((const char * const *)self->blocked_authors, (const char * const *)copy))
    return;

  g_strfreev (self->blocked_authors);
  self->blocked_authors = g_steal_pointer (&copy);

  g_hash_table_remove_all (self->block_author_set);
  for (guint i = 0; self->blocked_authors[i] != NULL; i++)
    {
      char *folded = fold_author (self->blocked_authors[i]);

      if (folded[0] != '\0')
        g_hash_table_add (self->block_author_set, folded);
      else
        g_free (folded);
    }
  remove_disallowed (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLOCKED_AUTHORS]);
}

const char * const *
sc_chat_feed_get_blocked_authors (ScChatFeed *self)
{
  g_return_val_if_fail (SC_IS_CHAT_FEED (self), NULL);
  return (const char * const *)self->blocked_authors;
}

void
sc_chat_feed_hide (ScChatFeed *self,
                   const char *message_id)
{
  g_autoptr(GPtrArray) keys = NULL;
  GSequenceIter *iter;

  g_return_if_fail (SC_IS_CHAT_FEED (self));
  g_return_if_fail (message_id != NULL);

  if (!g_hash_table_add (self->hidden, g_strdup (message_id)))
    return;

  /* The host clicks one message at a time: a scan of the model is fine. */
  keys = g_ptr_array_new_with_free_func (g_free);
  for (iter = g_sequence_get_begin_iter (self->entries);
       !g_sequence_iter_is_end (iter);
       iter = g_sequence_iter_next (iter))
    {
      Entry *entry = g_sequence_get (iter);

      if (g_strcmp0 (sc_chat_message_get_id (entry->message), message_id) == 0)
        g_ptr_array_add (keys, g_strdup (entry->key));
    }
  remove_keys (self, keys);
}

gboolean
sc_chat_feed_is_allowed (ScChatFeed    *self,
                         ScChatMessage *message)
{
  g_return_val_if_fail (SC_IS_CHAT_FEED (self), FALSE);
  g_return_val_if_fail (SC_IS_CHAT_MESSAGE (message), FALSE);

  return check_message (self, message) == NULL;
}

/* ---- adding messages --------------------------------------------------- */

static void
insert_message (ScChatFeed    *self,
                ScChatMessage *message,
                char          *key)
{
  Entry *entry = entry_new (message, key, self->next_serial++);
  guint before = g_sequence_get_length (self->entries);
  GSequenceIter *last;
  GSequenceIter *iter;
  guint position;

  if (before >= self->capacity)
    {
      GSequenceIter *first = g_sequence_get_begin_iter (self->entries);

      /* Older than everything kept: it would be evicted at once. */
      if (entry_compare (entry, g_sequence_get (first), NULL) < 0)
        {
          entry_free (entry);
          return;
        }

      g_hash_table_remove (self->index, ((Entry *)g_sequence_get (first))->key);
      g_sequence_remove (first);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 1, 0);
    }

  /* The usual case is the newest message: appending avoids the search. */
  last = g_sequence_iter_prev (g_sequence_get_end_iter (self->entries));
  if (g_sequence_iter_is_end (last) || entry_compare (entry, g_sequence_get (last), NULL) >= 0)
    {
      iter = g_sequence_append (self->entries, entry);
      position = g_sequence_get_length (self->entries) - 1;
    }
  else
    {
      iter = g_sequence_insert_sorted (self->entries, entry, entry_compare, NULL);
      position = g_sequence_iter_get_position (iter);
    }
  g_hash_table_insert (self->index, entry->key, iter);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  notify_n_items (self, before);
}

static void
on_source_message (ScChatSource  *source,
                   ScChatMessage *message,
                   ScChatFeed    *self)
{
  g_autoptr(ScChatFeed) hold = g_object_ref (self);
  const char *id = sc_chat_message_get_id (message);
  const char *reason;
  char *key;

  if (id != NULL)
    {
      key = make_key (sc_chat_message_get_platform (message), id);
      if (!remember_seen (self, key))
        {
          g_debug ("Dropped a second delivery of message %s", id);
          g_free (key);
          return;
        }
    }
  else
    {
      /* Without an id it can be neither deduplicated nor deleted, but it
       * still needs a key of its own in the index. */
      key = g_strdup_printf ("%s\x1f\x1e%" G_GUINT64_FORMAT,
                             sc_chat_message_get_platform (message), self->next_serial);
    }

  reason = check_message (self, message);
  if (reason != NULL)
    {
      g_free (key);
      g_signal_emit (self, signals[MESSAGE_BLOCKED], 0, message, reason);
      return;
    }

  insert_message (self, message, key);
  g_signal_emit (self, signals[MESSAGE_ADDED], 0, message);
}

static void
on_source_message_deleted (ScChatSource *source,
                           const char   *id,
                           ScChatFeed   *self)
{
  g_autoptr(ScChatFeed) hold = g_object_ref (self);
  g_autofree char *key = NULL;
  guint before;

  if (id == NULL)
    return;

  key = make_key (sc_chat_source_get_platform (source), id);
  before = g_sequence_get_length (self->entries);
  remove_key (self, key);
  notify_n_items (self, before);
}

static void
on_source_author_cleared (ScChatSource *source,
                          const char   *author,
                          ScChatFeed   *self)
{
  const char *platform = sc_chat_source_get_platform (source);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *folded = NULL;
  GSequenceIter *iter;

  if (author == NULL)
    return;

  /* Twitch clears by login, which is the display name up to case. */
  folded = fold_author (author);
  for (iter = g_sequence_get_begin_iter (self->entries);
       !g_sequence_iter_is_end (iter);
       iter = g_sequence_iter_next (iter))
    {
      Entry *entry = g_sequence_get (iter);
      g_autofree char *entry_author = NULL;

      if (!g_str_equal (sc_chat_message_get_platform (entry->message), platform))
        continue;
      entry_author = fold_author (sc_chat_message_get_author (entry->message));
      if (g_str_equal (entry_author, folded))
        g_ptr_array_add (keys, g_strdup (entry->key));
    }
  remove_keys (self, keys);
}

static void
on_source_chat_cleared (ScChatSource *source,
                        ScChatFeed   *self)
{
  const char *platform = sc_chat_source_get_platform (source);
  g_autoptr(ScChatFeed) hold = g_object_ref (self);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  gboolean only_platform = TRUE;
  GSequenceIter *iter;
  guint n;

  for (iter = g_sequence_get_begin_iter (self->entries);
       !g_sequence_iter_is_end (iter);
       iter = g_sequence_iter_next (iter))
    {
      Entry *entry = g_sequence_get (iter);

      if (g_str_equal (sc_chat_message_get_platform (entry->message), platform))
        g_ptr_array_add (keys, g_strdup (entry->key));
      else
        only_platform = FALSE;
    }

  /* Another platform's chat stays: take this one's messages one by one. */
  if (!only_platform)
    {
      remove_keys (self, keys);
      return;
    }

  n = g_sequence_get_length (self->entries);
  g_hash_table_remove_all (self->index);
  g_sequence_remove_range (g_sequence_get_begin_iter (self->entries),
                           g_sequence_get_end_iter (self->entries));
  if (n > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  g_signal_emit (self, signals[CLEARED], 0);
}

void
sc_chat_feed_add_source (ScChatFeed   *self,
                         ScChatSource *source)
{
  g_return_if_fail (SC_IS_CHAT_FEED (self));
  g_return_if_fail (SC_IS_CHAT_SOURCE (source));

  if (g_ptr_array_find (self->sources, source, NULL))
    return;

  g_ptr_array_add (self->sources, g_object_ref (source));
  g_signal_connect (source, "message", G_CALLBACK (on_source_message), self);
  g_signal_connect (source, "message-deleted", G_CALLBACK (on_source_message_deleted), self);
  g_signal_connect (source, "author-cleared", G_CALLBACK (on_source_author_cleared), self);
  g_signal_connect (source, "chat-cleared", G_CALLBACK (on_source_chat_cleared), self);
}

void
sc_chat_feed_remove_source (ScChatFeed   *self,
                            ScChatSource *source)
{
  guint index;

  g_return_if_fail (SC_IS_CHAT_FEED (self));
  g_return_if_fail (SC_IS_CHAT_SOURCE (source));

  if (!g_ptr_array_find (self->sources, source, &index))
    return;

  g_signal_handlers_disconnect_by_data (source, self);
  g_ptr_array_remove_index (self->sources, index);
}

/* ---- GListModel -------------------------------------------------------- */

static GType
sc_chat_feed_get_item_type (GListModel *model)
{
  return SC_TYPE_CHAT_MESSAGE;
}

static guint
sc_chat_feed_get_n_items (GListModel *model)
{
  return g_sequence_get_length (SC_CHAT_FEED (model)->entries);
}

static gpointer
sc_chat_feed_get_item (GListModel *model,
                       guint       position)
{
  ScChatFeed *self = SC_CHAT_FEED (model);
  GSequenceIter *iter = g_sequence_get_iter_at_pos (self->entries, position);

  if (g_sequence_iter_is_end (iter))
    return NULL;
  return g_object_ref (((Entry *)g_sequence_get (iter))->message);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sc_chat_feed_get_item_type;
  iface->get_n_items = sc_chat_feed_get_n_items;
  iface->get_item = sc_chat_feed_get_item;
}

/* ---- GObject ----------------------------------------------------------- */

static void
sc_chat_feed_dispose (GObject *object)
{
  ScChatFeed *self = (ScChatFeed *)object;

  for (guint i = 0; i < self->sources->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->sources, i), self);
  g_ptr_array_set_size (self->sources, 0);

  G_OBJECT_CLASS (sc_chat_feed_parent_class)->dispose (object);
}

static void
sc_chat_feed_finalize (GObject *object)
{
  ScChatFeed *self = (ScChatFeed *)object;

  g_hash_table_destroy (self->index);
  g_sequence_free (self->entries);
  g_hash_table_destroy (self->seen);
  g_queue_clear_full (&self->seen_order, g_free);
  g_hash_table_destroy (self->hidden);
  g_ptr_array_unref (self->sources);
  g_strfreev (self->blocked_words);
  g_strfreev (self->blocked_authors);
  g_hash_table_destroy (self->block_word_set);
  g_ptr_array_unref (self->block_phrases);
  g_ptr_array_unref (self->block_substrings);
  g_hash_table_destroy (self->block_author_set);

  G_OBJECT_CLASS (sc_chat_feed_parent_class)->finalize (object);
}

static void
sc_chat_feed_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  ScChatFeed *self = SC_CHAT_FEED (object);

  switch (prop_id)
    {
    case PROP_CAPACITY:
      g_value_set_uint (value, self->capacity);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, g_sequence_get_length (self->entries));
      break;

    case PROP_BLOCKED_WORDS:
      g_value_set_boxed (value, self->blocked_words);
      break;

    case PROP_BLOCKED_AUTHORS:
      g_value_set_boxed (value, self->blocked_authors);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_chat_feed_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  ScChatFeed *self = SC_CHAT_FEED (object);

  switch (prop_id)
    {
    case PROP_CAPACITY:
      self->capacity = g_value_get_uint (value);
      self->seen_limit = self->capacity <= G_MAXUINT / 4 ? self->capacity * 4 : G_MAXUINT;
      break;

    case PROP_BLOCKED_WORDS:
      sc_chat_feed_set_blocked_words (self, g_value_get_boxed (value));
      break;

    case PROP_BLOCKED_AUTHORS:
      sc_chat_feed_set_blocked_authors (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_chat_feed_class_init (ScChatFeedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_chat_feed_dispose;
  object_class->finalize = sc_chat_feed_finalize;
  object_class->get_property = sc_chat_feed_get_property;
  object_class->set_property = sc_chat_feed_set_property;

  properties[PROP_CAPACITY] =
    g_param_spec_uint ("capacity", NULL, NULL, 1, G_MAXUINT, SC_CHAT_FEED_DEFAULT_CAPACITY,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BLOCKED_WORDS] =
    g_param_spec_boxed ("blocked-words", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BLOCKED_AUTHORS] =
    g_param_spec_boxed ("blocked-authors", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[MESSAGE_ADDED] =
    g_signal_new ("message-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, SC_TYPE_CHAT_MESSAGE);
  signals[MESSAGE_BLOCKED] =
    g_signal_new ("message-blocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, SC_TYPE_CHAT_MESSAGE, G_TYPE_STRING);
  signals[MESSAGE_REMOVED] =
    g_signal_new ("message-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[CLEARED] =
    g_signal_new ("cleared", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sc_chat_feed_init (ScChatFeed *self)
{
  self->capacity = SC_CHAT_FEED_DEFAULT_CAPACITY;
  self->seen_limit = SC_CHAT_FEED_DEFAULT_CAPACITY * 4;
  self->entries = g_sequence_new (entry_free);
  self->index = g_hash_table_new (g_str_hash, g_str_equal);
  self->seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_queue_init (&self->seen_order);
  self->hidden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->sources = g_ptr_array_new_with_free_func (g_object_unref);
  self->blocked_words = g_new0 (char *, 1);
  self->blocked_authors = g_new0 (char *, 1);
  self->block_word_set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->block_phrases = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  self->block_substrings = g_ptr_array_new_with_free_func (g_free);
  self->block_author_set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* @capacity: how many recent messages the model keeps; 0 for the default. */
ScChatFeed *
sc_chat_feed_new (guint capacity)
{
  return g_object_new (SC_TYPE_CHAT_FEED,
                       "capacity", capacity > 0 ? capacity : SC_CHAT_FEED_DEFAULT_CAPACITY,
                       NULL);
}

guint
sc_chat_feed_get_capacity (ScChatFeed *self)
{
  g_return_val_if_fail (SC_IS_CHAT_FEED (self), 0);
  return self->capacity;
}
