/* sc-claim-detector.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-claim-detector"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sc-chat-error.h"
#include "sc-chat-feed.h"
#include "sc-claim-detector.h"

#define MAX_VARIANT_WORDS 6

static const char * const default_keywords[] = {
  "sold", "buy", "claim", "mine",
  "gekauft", "kaufe",
  "vendu", "acheter", "je prends",
  "vendido", "compro", "lo quiero",
  NULL
};

/* The defaults of a show by its locale's language (docs/chat.md): the words
 * the audience of that market comments, first the one the card shows
 * ("Kommentiere GEKAUFT A1"), and always "sold", the word live-selling
 * platforms taught viewers everywhere. Other languages get English's. */
static const char * const english_keywords[] = { "sold", "buy", "claim", "mine", NULL };
static const char * const german_keywords[] = { "gekauft", "kaufe", "sold", NULL };
static const char * const french_keywords[] = { "vendu", "acheter", "je prends", "sold", NULL };
static const char * const spanish_keywords[] = { "vendido", "compro", "lo quiero", "sold", NULL };

static const struct {
  const char         *language;
  const char * const *keywords;
} locale_keywords[] = {
  { "en", english_keywords },
  { "de", german_keywords },
  { "fr", french_keywords },
  { "es", spanish_keywords },
};

/* Politeness around a claim, not part of it. */
static const char * const courtesy_words[] = {
  "please", "pls", "plz", "thanks", "thx", "ty",
  "bitte", "danke",
  "svp", "stp", "merci",
  "por", "favor", "porfa", "gracias",
  NULL
};

/* After the code these turn a claim into its opposite. */
static const char * const negation_words[] = {
  "not", "no", "dont", "don", "never", "cancel", "cancelled", "canceled",
  "nicht", "kein", "keine", "nein", "storno",
  "pas", "non", "annule", "annuler",
  "nunca", "cancelar", "cancelo",
  NULL
};

/* After the code these take the claim back or put it off: "sold a1 nvm",
 * "buy a1 later maybe". Phrases are matched as whole words, in order, on
 * the folded text ("peut-être" is "peut etre"). */
static const char * const retraction_phrases[] = {
  "nvm", "nevermind", "never mind", "jk", "jkjk", "j k", "just kidding", "kidding", "joking",
  "maybe", "perhaps", "later", "idk",
  "vielleicht", "vllt", "vlt", "evtl", "eventuell", "später", "spaeter", "nur spaß",
  "spaß", "scherz", "vergiss es",
  "peut-être", "peutetre", "ptet", "ptetre", "plus tard", "tard", "laisse tomber",
  "oublie", "je rigole", "jrigole", "blague",
  "quizás", "quiza", "quizá", "tal vez", "talvez", "luego", "después", "más tarde",
  "tarde", "olvídalo", "da igual", "es broma", "broma",
  NULL
};

/* Quantities written as words, 2 to 10, in the languages of the keywords.
 * One is the default anyway, and "one"/"un"/"ein" also start variant titles
 * ("One size") or are articles ("vendu a1 une taille M"). */
static const struct {
  const char *word;
  int         value;
} number_words[] = {
  { "two", 2 }, { "three", 3 }, { "four", 4 }, { "five", 5 },
  { "six", 6 }, { "seven", 7 }, { "eight", 8 }, { "nine", 9 }, { "ten", 10 },
  { "zwei", 2 }, { "drei", 3 }, { "vier", 4 }, { "funf", 5 },
  { "fuenf", 5 }, { "sechs", 6 }, { "sieben", 7 }, { "acht", 8 }, { "neun", 9 },
  { "zehn", 10 },
  { "deux", 2 }, { "trois", 3 }, { "quatre", 4 }, { "cinq", 5 }, { "sept", 7 },
  { "huit", 8 }, { "neuf", 9 }, { "dix", 10 },
  { "dos", 2 }, { "tres", 3 }, { "cuatro", 4 }, { "cinco", 5 }, { "seis", 6 },
  { "siete", 7 }, { "ocho", 8 }, { "nueve", 9 }, { "diez", 10 },
};

/* Words that name what follows ("size M"), folded as the text is. */
static const char * const label_words[] = {
  "size", "sz", "color", "colour", "in", "the",
  "grosse", "gr", "farbe",
  "taille", "couleur", "en",
  "talla",
  NULL
};

typedef struct {
  guint claimed;
  guint waitlisted;
} Counts;

/* A claim the detector made, kept so it can be cancelled. */
typedef struct {
  ScClaim  *claim;
  gboolean  cancelled;
} Made;

static void
made_free (Made *made)
{
  sc_claim_free (made->claim);
  g_free (made);
}

struct _ScClaimDetector
{
  GObject            parent_instance;

  GStrv              keywords;        /* as set */
  GPtrArray         *keyword_words;   /* GStrv of folded words, per keyword */

  ScClaimLookupFunc  lookup;
  gpointer           lookup_data;
  GDestroyNotify     lookup_destroy;

  GHashTable        *claimed_messages; /* platform '\x1f' id -> Made */
  GHashTable        *products;         /* product id -> Counts */
  GHashTable        *variants;         /* product id '\x1f' variant title -> units */
};

G_DEFINE_FINAL_TYPE (ScClaimDetector, sc_claim_detector, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (ScClaim, sc_claim, sc_claim_copy, sc_claim_free)

enum {
  PROP_0,
  PROP_KEYWORDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CLAIM,
  CLAIM_WAITLISTED,
  CLAIM_CANCELLED,
  CLAIMED_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- words ------------------------------------------------------------- */

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_type (c) == G_UNICODE_SPACING_MARK;
}

/* Words of folded text. "×" joins words as "x", so "×2" reads like "x2";
 * @mentions are dropped; *question tells whether a question mark was seen. */
static GPtrArray *
tokenize (const char *folded,
          gboolean   *question)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) word = g_string_new (NULL);
  gboolean in_mention = FALSE;
  gboolean asked = FALSE;

  for (const char *p = folded; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '?' || c == 0x00BF || c == 0x061F)
        asked = TRUE;

      /* Logins carry "_", "." and "-": "@tom_k" is one mention. */
      if (c != 0 && (is_word_char (c) || c == 0x00D7 ||
                     (in_mention && (c == '_' || c == '.' || c == '-'))))
        {
          if (c == 0x00D7)
            g_string_append_c (word, 'x');
          else
            g_string_append_unichar (word, c);
          continue;
        }

      if (word->len > 0 && !in_mention)
        g_ptr_array_add (words, g_strndup (word->str, word->len));
      g_string_truncate (word, 0);
      in_mention = c == '@';

      if (c == 0)
        break;
    }

  if (question != NULL)
    *question = asked;
  return words;
}

static GPtrArray *
fold_words (const char *text)
{
  g_autofree char *folded = sc_chat_feed_fold_text (text);

  return tokenize (folded, NULL);
}

static gboolean
word_in (const char         *word,
         const char * const *list)
{
  return g_strv_contains (list, word);
}

/* The value of an all-ASCII-digit word, saturated at 1000 (never a
 * quantity), or of a number word ("two", "zwei"); -1 for anything else. */
static int
number_value (const char *word,
              gsize       len)
{
  int value = 0;

  if (len == 0)
    return -1;
  if (!g_ascii_isdigit (word[0]))
    {
      for (guint i = 0; i < G_N_ELEMENTS (number_words); i++)
        if (strlen (number_words[i].word) == len &&
            strncmp (number_words[i].word, word, len) == 0)
          return number_words[i].value;
      return -1;
    }
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (word[i]))
        return -1;
      value = MIN (value * 10 + (word[i] - '0'), 1000);
    }
  return value;
}

/* A code: a letter and 1 to 3 digits, optionally "x" and a quantity, which
 * goes to *glued_quantity (-1: none). */
static gboolean
parse_code (const char *word,
            char      **code,
            int        *glued_quantity)
{
  gsize len = strlen (word);
  gsize digits = 0;

  if (len < 2 || !g_ascii_islower (word[0]))
    return FALSE;
  while (g_ascii_isdigit (word[1 + digits]))
    digits++;
  if (digits < 1 || digits > 3)
    return FALSE;

  *glued_quantity = -1;
  if (word[1 + digits] != '\0')
    {
      if (word[1 + digits] != 'x')
        return FALSE;
      *glued_quantity = number_value (word + 2 + digits, len - 2 - digits);
      if (*glued_quantity < 0)
        return FALSE;
    }

  *code = g_ascii_strup (word, 1 + digits);
  return TRUE;
}

/* How many words the quantity at @i takes (0: none there); *quantity gets
 * its value, which may be out of range. */
static guint
parse_quantity (GPtrArray *words,
                guint      i,
                int       *quantity)
{
  const char *word = g_ptr_array_index (words, i);
  gsize len = strlen (word);
  const char *next = i + 1 < words->len ? g_ptr_array_index (words, i + 1) : NULL;

  if ((*quantity = number_value (word, len)) >= 0)
    return 1;
  if (word[0] == 'x' && (*quantity = number_value (word + 1, len - 1)) >= 0)
    return 1;
  if (word[len - 1] == 'x' && (*quantity = number_value (word, len - 1)) >= 0)
    return 1;
  if (g_str_has_prefix (word, "qty") && (*quantity = number_value (word + 3, len - 3)) >= 0)
    return 1;
  if ((g_str_equal (word, "x") || g_str_equal (word, "qty")) && next != NULL &&
      (*quantity = number_value (next, strlen (next))) >= 0)
    return 2;
  return 0;
}

/* The longest keyword that the words start with, or NULL. */
static char **
match_keyword (GPtrArray *keyword_words,
               GPtrArray *words)
{
  char **best = NULL;
  guint best_len = 0;

  for (guint k = 0; k < keyword_words->len; k++)
    {
      char **keyword = g_ptr_array_index (keyword_words, k);
      guint n = g_strv_length (keyword);
      guint i;

      if (n == 0 || n > words->len || n <= best_len)
        continue;
      for (i = 0; i < n; i++)
        if (!g_str_equal (keyword[i], g_ptr_array_index (words, i)))
          break;
      if (i == n)
        {
          best = keyword;
          best_len = n;
        }
    }
  return best;
}

static GPtrArray *
compile_keywords (const char * const *keywords)
{
  GPtrArray *compiled = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

  for (guint i = 0; keywords[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) words = fold_words (keywords[i]);

      if (words->len == 0)
        continue;
      g_ptr_array_add (words, NULL);
      g_ptr_array_add (compiled, g_ptr_array_free (g_steal_pointer (&words), FALSE));
    }
  return compiled;
}

/* Built once: folding a table costs far more than parsing a message. */
static GPtrArray *
get_retractions (void)
{
  static GPtrArray *retractions;

  if (g_once_init_enter (&retractions))
    g_once_init_leave (&retractions, compile_keywords (retraction_phrases));
  return retractions;
}

static GPtrArray *
get_default_keywords (void)
{
  static GPtrArray *compiled;

  if (g_once_init_enter (&compiled))
    g_once_init_leave (&compiled, compile_keywords (default_keywords));
  return compiled;
}

/* Whether one of @phrases starts at words[@i]. */
static gboolean
phrase_at (GPtrArray *phrases,
           GPtrArray *words,
           guint      i)
{
  for (guint k = 0; k < phrases->len; k++)
    {
      char **phrase = g_ptr_array_index (phrases, k);
      guint j;

      for (j = 0; phrase[j] != NULL; j++)
        if (i + j >= words->len || !g_str_equal (phrase[j], g_ptr_array_index (words, i + j)))
          break;
      if (j > 0 && phrase[j] == NULL)
        return TRUE;
    }
  return FALSE;
}

/* The code at words[@i]: "a1", or split by a space or a hyphen ("A 1",
 * "A-1", "a-1x2"). Returns how many words it took, 0 for no code. */
static guint
parse_code_at (GPtrArray  *words,
               guint       i,
               char      **code,
               int        *glued_quantity)
{
  const char *word = g_ptr_array_index (words, i);
  const char *next = i + 1 < words->len ? g_ptr_array_index (words, i + 1) : NULL;

  if (parse_code (word, code, glued_quantity))
    return 1;
  if (g_ascii_islower (word[0]) && word[1] == '\0' && next != NULL && g_ascii_isdigit (next[0]))
    {
      g_autofree char *joined = g_strconcat (word, next, NULL);

      if (parse_code (joined, code, glued_quantity))
        return 2;
    }
  return 0;
}

static gboolean
parse_with (const char   *text,
            GPtrArray    *keyword_words,
            ScClaimParse *out)
{
  g_autofree char *folded = NULL;
  g_autoptr(GPtrArray) words = NULL;
  g_autoptr(GPtrArray) variant = NULL;
  g_autofree char *code = NULL;
  char **keyword;
  gboolean question;
  int quantity = 1;
  int glued = -1;
  guint taken;
  guint i;

  if (text == NULL)
    return FALSE;

  folded = sc_chat_feed_fold_text (text);
  words = tokenize (folded, &question);
  if (question)
    return FALSE;

  keyword = match_keyword (keyword_words, words);
  if (keyword == NULL)
    return FALSE;
  i = g_strv_length (keyword);

  if (i >= words->len)
    return FALSE;
  taken = parse_code_at (words, i, &code, &glued);
  if (taken == 0)
    return FALSE;
  i += taken;

  if (glued >= 0)
    quantity = glued;
  else if (i < words->len)
    {
      int value;
      guint used = parse_quantity (words, i, &value);

      if (used > 0)
        {
          quantity = value;
          i += used;
        }
    }
  if (quantity < 1 || quantity > 99)
    return FALSE;

  variant = g_ptr_array_new ();
  for (; i < words->len; i++)
    {
      const char *word = g_ptr_array_index (words, i);

      if (word_in (word, negation_words) || phrase_at (get_retractions (), words, i))
        return FALSE;
      if (!word_in (word, courtesy_words))
        g_ptr_array_add (variant, (gpointer)word);
    }
  /* A sentence that happens to start like a claim is chat, not an order. */
  if (variant->len > MAX_VARIANT_WORDS)
    return FALSE;

  if (out != NULL)
    {
      out->keyword = g_strjoinv (" ", keyword);
      out->code = g_steal_pointer (&code);
      out->quantity = quantity;
      out->variant_words = g_new0 (char *, variant->len + 1);
      for (guint j = 0; j < variant->len; j++)
        out->variant_words[j] = g_strdup (g_ptr_array_index (variant, j));
    }
  return TRUE;
}

const char * const *
sc_claim_default_keywords (void)
{
  return default_keywords;
}

const char * const *
sc_claim_keywords_for_locale (const char *locale)
{
  gsize len;

  if (locale == NULL)
    return english_keywords;
  len = strcspn (locale, "-_");
  for (guint i = 0; i < G_N_ELEMENTS (locale_keywords); i++)
    if (strlen (locale_keywords[i].language) == len &&
        g_ascii_strncasecmp (locale, locale_keywords[i].language, len) == 0)
      return locale_keywords[i].keywords;
  return english_keywords;
}

void
sc_claim_parse_clear (ScClaimParse *parse)
{
  g_clear_pointer (&parse->keyword, g_free);
  g_clear_pointer (&parse->code, g_free);
  g_clear_pointer (&parse->variant_words, g_strfreev);
  parse->quantity = 0;
}

gboolean
sc_claim_parse (const char         *text,
                const char * const *keywords,
                ScClaimParse       *out)
{
  g_autoptr(GPtrArray) compiled = NULL;

  if (out != NULL)
    memset (out, 0, sizeof *out);
  if (keywords == NULL)
    return parse_with (text, get_default_keywords (), out);
  compiled = compile_keywords (keywords);
  return parse_with (text, compiled, out);
}

/* ---- targets and claims ------------------------------------------------ */

ScClaimTarget *
sc_claim_target_new (const char *product_id,
                     const char *title,
                     gint64      stock)
{
  ScClaimTarget *self;

  g_return_val_if_fail (product_id != NULL, NULL);

  self = g_new0 (ScClaimTarget, 1);
  self->product_id = g_strdup (product_id);
  self->title = g_strdup (title ? title : "");
  self->stock = stock < 0 ? SC_CLAIM_STOCK_UNTRACKED : stock;
  self->variant_titles = g_new0 (char *, 1);
  return self;
}

void
sc_claim_target_add_variant (ScClaimTarget *self,
                             const char    *title,
                             gint64         stock)
{
  guint n;

  g_return_if_fail (self != NULL);
  g_return_if_fail (title != NULL);

  n = g_strv_length (self->variant_titles);
  self->variant_titles = g_renew (char *, self->variant_titles, n + 2);
  self->variant_titles[n] = g_strdup (title);
  self->variant_titles[n + 1] = NULL;
  self->variant_stock = g_renew (gint64, self->variant_stock, n + 1);
  self->variant_stock[n] = stock < 0 ? SC_CLAIM_STOCK_UNTRACKED : stock;
}

void
sc_claim_target_set_price (ScClaimTarget *self,
                           gint64         price,
                           const char    *currency,
                           gboolean       on_sale)
{
  g_return_if_fail (self != NULL);

  self->price = price;
  g_free (self->currency);
  self->currency = g_strdup (currency);
  self->on_sale = on_sale;
}

void
sc_claim_target_free (ScClaimTarget *self)
{
  if (self == NULL)
    return;
  g_free (self->currency);
  g_free (self->product_id);
  g_free (self->title);
  g_strfreev (self->variant_titles);
  g_free (self->variant_stock);
  g_free (self);
}

ScClaim *
sc_claim_copy (const ScClaim *self)
{
  ScClaim *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (ScClaim, 1);
  copy->platform = g_strdup (self->platform);
  copy->message_id = g_strdup (self->message_id);
  copy->author = g_strdup (self->author);
  copy->author_id = g_strdup (self->author_id);
  copy->code = g_strdup (self->code);
  copy->product_id = g_strdup (self->product_id);
  copy->product_title = g_strdup (self->product_title);
  copy->variant = g_strdup (self->variant);
  copy->quantity = self->quantity;
  copy->waitlisted = self->waitlisted;
  copy->time = self->time ? g_date_time_ref (self->time) : NULL;
  copy->price = self->price;
  copy->currency = g_strdup (self->currency);
  copy->on_sale = self->on_sale;
  return copy;
}

void
sc_claim_free (ScClaim *self)
{
  if (self == NULL)
    return;
  g_free (self->platform);
  g_free (self->message_id);
  g_free (self->author);
  g_free (self->author_id);
  g_free (self->code);
  g_free (self->product_id);
  g_free (self->product_title);
  g_free (self->variant);
  g_free (self->currency);
  g_clear_pointer (&self->time, g_date_time_unref);
  g_free (self);
}

/* ---- variants ---------------------------------------------------------- */

static const char *
size_word (const char *word)
{
  if (g_str_equal (word, "small"))
    return "s";
  if (g_str_equal (word, "medium"))
    return "m";
  if (g_str_equal (word, "large"))
    return "l";
  return word;
}

static gboolean
title_has_word (GPtrArray  *title_words,
                const char *word)
{
  for (guint i = 0; i < title_words->len; i++)
    if (g_str_equal (size_word (g_ptr_array_index (title_words, i)), size_word (word)))
      return TRUE;
  return FALSE;
}

/* The index of the one variant title holding every significant word, or -1
 * when none or several do. */
static int
match_variant (const ScClaimTarget *target,
               const char * const  *words)
{
  int found = -1;

  for (guint v = 0; target->variant_titles[v] != NULL; v++)
    {
      g_autoptr(GPtrArray) title_words = fold_words (target->variant_titles[v]);
      gboolean all = TRUE;

      for (guint w = 0; words[w] != NULL && all; w++)
        if (!word_in (words[w], label_words))
          all = title_has_word (title_words, words[w]);

      if (!all)
        continue;
      if (found >= 0)
        return -1;
      found = v;
    }
  return found;
}

/* ---- the detector ------------------------------------------------------ */

static Counts *
get_counts (ScClaimDetector *self,
            const char      *product_id)
{
  Counts *counts = g_hash_table_lookup (self->products, product_id);

  if (counts == NULL)
    {
      counts = g_new0 (Counts, 1);
      g_hash_table_insert (self->products, g_strdup (product_id), counts);
    }
  return counts;
}

static gboolean
fits (gint64 stock,
      guint  claimed,
      guint  quantity)
{
  return stock == SC_CLAIM_STOCK_UNTRACKED || (gint64)claimed + quantity <= stock;
}

ScClaim *
sc_claim_detector_process (ScClaimDetector *self,
                           ScChatMessage   *message)
{
  g_auto(ScClaimParse) parse = { 0 };
  g_autoptr(ScClaimTarget) target = NULL;
  g_autofree char *message_key = NULL;
  g_autofree char *variant_key = NULL;
  const char *id;
  ScClaim *claim;
  Counts *counts;
  guint variant_claimed = 0;
  int variant = -1;

  g_return_val_if_fail (SC_IS_CLAIM_DETECTOR (self), NULL);
  g_return_val_if_fail (SC_IS_CHAT_MESSAGE (message), NULL);

  if (self->lookup == NULL)
    return NULL;

  id = sc_chat_message_get_id (message);
  if (id != NULL)
    {
      message_key = g_strconcat (sc_chat_message_get_platform (message), "\x1f", id, NULL);
      if (g_hash_table_contains (self->claimed_messages, message_key))
        return NULL;
    }

  if (!parse_with (sc_chat_message_get_text (message), self->keyword_words, &parse))
    return NULL;

  target = self->lookup (parse.code, self->lookup_data);
  if (target == NULL)
    {
      g_debug ("No product has the code %s", parse.code);
      return NULL;
    }

  variant = match_variant (target, (const char * const *)parse.variant_words);
  if (variant >= 0)
    {
      variant_key = g_strconcat (target->product_id, "\x1f",
                                 target->variant_titles[variant], NULL);
      variant_claimed = GPOINTER_TO_UINT (g_hash_table_lookup (self->variants, variant_key));
    }

  counts = get_counts (self, target->product_id);

  claim = g_new0 (ScClaim, 1);
  claim->platform = g_strdup (sc_chat_message_get_platform (message));
  claim->message_id = g_strdup (id);
  claim->author = g_strdup (sc_chat_message_get_author (message));
  claim->author_id = g_strdup (sc_chat_message_get_author_id (message));
  claim->code = g_strdup (parse.code);
  claim->product_id = g_strdup (target->product_id);
  claim->product_title = g_strdup (target->title);
  claim->variant = variant >= 0 ? g_strdup (target->variant_titles[variant]) : NULL;
  claim->quantity = parse.quantity;
  claim->time = g_date_time_ref (sc_chat_message_get_time (message));
  claim->price = target->price;
  claim->currency = g_strdup (target->currency);
  claim->on_sale = target->on_sale;
  claim->waitlisted =
    !fits (target->stock, counts->claimed, parse.quantity) ||
    (variant >= 0 && !fits (target->variant_stock[variant], variant_claimed, parse.quantity));

  if (claim->waitlisted)
    counts->waitlisted += claim->quantity;
  else
    {
      counts->claimed += claim->quantity;
      if (variant_key != NULL)
        g_hash_table_insert (self->variants, g_steal_pointer (&variant_key),
                             GUINT_TO_POINTER (variant_claimed + claim->quantity));
    }

  if (message_key != NULL)
    {
      Made *made = g_new0 (Made, 1);

      made->claim = sc_claim_copy (claim);
      g_hash_table_insert (self->claimed_messages, g_steal_pointer (&message_key), made);
    }

  g_signal_emit (self, signals[claim->waitlisted ? CLAIM_WAITLISTED : CLAIM], 0, claim);
  g_signal_emit (self, signals[CLAIMED_CHANGED], 0, claim->product_id);
  return claim;
}

gboolean
sc_claim_detector_cancel (ScClaimDetector  *self,
                          const char       *platform,
                          const char       *message_id,
                          ScClaim         **cancelled,
                          GError          **error)
{
  g_autofree char *key = NULL;
  Made *made;
  Counts *counts;

  g_return_val_if_fail (SC_IS_CLAIM_DETECTOR (self), FALSE);
  g_return_val_if_fail (platform != NULL, FALSE);
  g_return_val_if_fail (message_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  key = g_strconcat (platform, "\x1f", message_id, NULL);
  made = g_hash_table_lookup (self->claimed_messages, key);
  if (made == NULL)
    {
      g_set_error (error, SC_CHAT_ERROR, SC_CHAT_ERROR_NOT_FOUND,
                   /* Translators: the first %s is a chat platform ("twitch"), the
                    * second a message id. */
                   _("No claim was made by the %s message “%s”"), platform, message_id);
      return FALSE;
    }
  if (made->cancelled)
    {
      g_set_error (error, SC_CHAT_ERROR, SC_CHAT_ERROR_INVALID_DATA,
                   /* Translators: %s is the name of who claimed the product. */
                   _("The claim by %s is already cancelled"), made->claim->author);
      return FALSE;
    }

  made->cancelled = TRUE;
  counts = get_counts (self, made->claim->product_id);
  if (made->claim->waitlisted)
    counts->waitlisted -= MIN (counts->waitlisted, made->claim->quantity);
  else
    {
      counts->claimed -= MIN (counts->claimed, made->claim->quantity);
      if (made->claim->variant != NULL)
        {
          g_autofree char *variant_key = g_strconcat (made->claim->product_id, "\x1f",
                                                      made->claim->variant, NULL);
          guint units = GPOINTER_TO_UINT (g_hash_table_lookup (self->variants, variant_key));

          g_hash_table_insert (self->variants, g_steal_pointer (&variant_key),
                               GUINT_TO_POINTER (units - MIN (units, made->claim->quantity)));
        }
    }

  g_signal_emit (self, signals[CLAIM_CANCELLED], 0, made->claim);
  g_signal_emit (self, signals[CLAIMED_CHANGED], 0, made->claim->product_id);
  if (cancelled != NULL)
    *cancelled = sc_claim_copy (made->claim);
  return TRUE;
}

gboolean
sc_claim_detector_is_cancelled (ScClaimDetector *self,
                                const char      *platform,
                                const char      *message_id)
{
  g_autofree char *key = NULL;
  Made *made;

  g_return_val_if_fail (SC_IS_CLAIM_DETECTOR (self), FALSE);
  g_return_val_if_fail (platform != NULL && message_id != NULL, FALSE);

  key = g_strconcat (platform, "\x1f", message_id, NULL);
  made = g_hash_table_lookup (self->claimed_messages, key);
  return made != NULL && made->cancelled;
}

guint
sc_claim_detector_get_claimed (ScClaimDetector *self,
                               const char      *product_id)
{
  Counts *counts;

  g_return_val_if_fail (SC_IS_CLAIM_DETECTOR (self), 0);
  g_return_val_if_fail (product_id != NULL, 0);

  counts = g_hash_table_lookup (self->products, product_id);
  return counts ? counts->claimed : 0;
}

guint
sc_claim_detector_get_waitlisted (ScClaimDetector *self,
                                  const char      *product_id)
{
  Counts *counts;

  g_return_val_if_fail (SC_IS_CLAIM_DETECTOR (self), 0);
  g_return_val_if_fail (product_id != NULL, 0);

  counts = g_hash_table_lookup (self->products, product_id);
  return counts ? counts->waitlisted : 0;
}

void
sc_claim_detector_set_keywords (ScClaimDetector    *self,
                                const char * const *keywords)
{
  g_auto(GStrv) copy = NULL;

  g_return_if_fail (SC_IS_CLAIM_DETECTOR (self));

  copy = g_strdupv ((char **)(keywords ? keywords : default_keywords));
  if (self->keywords != NULL &&
      g_strv_equal ((const char * const *)self->keywords, (const char * const *)copy))
    return;

  g_strfreev (self->keywords);
  self->keywords = g_steal_pointer (&copy);
  g_clear_pointer (&self->keyword_words, g_ptr_array_unref);
  self->keyword_words = compile_keywords ((const char * const *)self->keywords);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYWORDS]);
}

const char * const *
sc_claim_detector_get_keywords (ScClaimDetector *self)
{
  g_return_val_if_fail (SC_IS_CLAIM_DETECTOR (self), NULL);
  return (const char * const *)self->keywords;
}

void
sc_claim_detector_set_lookup (ScClaimDetector   *self,
                              ScClaimLookupFunc  func,
                              gpointer           user_data,
                              GDestroyNotify     destroy)
{
  g_return_if_fail (SC_IS_CLAIM_DETECTOR (self));

  if (self->lookup_destroy != NULL)
    self->lookup_destroy (self->lookup_data);
  self->lookup = func;
  self->lookup_data = user_data;
  self->lookup_destroy = destroy;
}

static void
sc_claim_detector_finalize (GObject *object)
{
  ScClaimDetector *self = (ScClaimDetector *)object;

  if (self->lookup_destroy != NULL)
    self->lookup_destroy (self->lookup_data);
  g_strfreev (self->keywords);
  g_ptr_array_unref (self->keyword_words);
  g_hash_table_destroy (self->claimed_messages);
  g_hash_table_destroy (self->products);
  g_hash_table_destroy (self->variants);

  G_OBJECT_CLASS (sc_claim_detector_parent_class)->finalize (object);
}

static void
sc_claim_detector_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ScClaimDetector *self = SC_CLAIM_DETECTOR (object);

  switch (prop_id)
    {
    case PROP_KEYWORDS:
      g_value_set_boxed (value, self->keywords);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_claim_detector_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  ScClaimDetector *self = SC_CLAIM_DETECTOR (object);

  switch (prop_id)
    {
    case PROP_KEYWORDS:
      sc_claim_detector_set_keywords (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_claim_detector_class_init (ScClaimDetectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sc_claim_detector_finalize;
  object_class->get_property = sc_claim_detector_get_property;
  object_class->set_property = sc_claim_detector_set_property;

  properties[PROP_KEYWORDS] =
    g_param_spec_boxed ("keywords", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CLAIM] =
    g_signal_new ("claim", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  SC_TYPE_CLAIM | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[CLAIM_WAITLISTED] =
    g_signal_new ("claim-waitlisted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  SC_TYPE_CLAIM | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[CLAIM_CANCELLED] =
    g_signal_new ("claim-cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  SC_TYPE_CLAIM | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[CLAIMED_CHANGED] =
    g_signal_new ("claimed-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
sc_claim_detector_init (ScClaimDetector *self)
{
  self->keywords = g_strdupv ((char **)default_keywords);
  self->keyword_words = compile_keywords (default_keywords);
  self->claimed_messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                  (GDestroyNotify)made_free);
  self->products = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->variants = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

ScClaimDetector *
sc_claim_detector_new (void)
{
  return g_object_new (SC_TYPE_CLAIM_DETECTOR, NULL);
}
