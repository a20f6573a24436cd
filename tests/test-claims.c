/* test-claims.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "chat/sc-chat-error.h"
#include "chat/sc-claim-detector.h"

/* ---- the grammar --------------------------------------------------------- */

typedef struct {
  const char *text;
  const char *keyword;   /* NULL: not a claim */
  const char *code;
  guint       quantity;
  const char *variant;   /* the variant words, joined by spaces */
} GrammarCase;

static const GrammarCase grammar_cases[] = {
  /* What the issue and the demo script promise. */
  { "sold a1", "sold", "A1", 1, "" },
  { "SOLD A1 2", "sold", "A1", 2, "" },
  { "Sold A1 size M", "sold", "A1", 1, "size m" },
  { "buy a1 x2 blue", "buy", "A1", 2, "blue" },
  { "🔥 SOLD A1!!", "sold", "A1", 1, "" },
  { "ＳＯＬＤ Ａ１", "sold", "A1", 1, "" },
  { "ｓｏｌｄ\u3000ａ１\u3000２", "sold", "A1", 2, "" },
  { "vendido a3", "vendido", "A3", 1, "" },
  { "je prends B2", "je prends", "B2", 1, "" },
  { "gekauft a1 2x", "gekauft", "A1", 2, "" },
  { "SOLD A6 please", "sold", "A6", 1, "" },
  { "sold a3 2", "sold", "A3", 2, "" },
  { "Sold A4", "sold", "A4", 1, "" },
  /* Mentions, symbols, other forms of the quantity. */
  { "@shopcast_host sold b12", "sold", "B12", 1, "" },
  { "@host, @co-host: SOLD A2", "sold", "A2", 1, "" },
  { "claim c7 ×3", "claim", "C7", 3, "" },
  { "mine A1x2", "mine", "A1", 2, "" },
  { "buy a1 qty 3 red", "buy", "A1", 3, "red" },
  { "kaufe A1 x 2", "kaufe", "A1", 2, "" },
  { "SOLD: A1 💖💖", "sold", "A1", 1, "" },
  { "acheter a9 99", "acheter", "A9", 99, "" },
  { "sold a100 1", "sold", "A100", 1, "" },
  { "sold a1 2\ufe0f\u20e3", "sold", "A1", 2, "" },
  { "Sold A1 2 Blue / M", "sold", "A1", 2, "blue m" },
  { "SOLD A1 Größe 38", "sold", "A1", 1, "grosse 38" },
  /* The translations, with their courtesy words. */
  { "compro a2 talla M por favor", "compro", "A2", 1, "talla m" },
  { "lo quiero A5 azul", "lo quiero", "A5", 1, "azul" },
  { "Vendu a2 taille L merci", "vendu", "A2", 1, "taille l" },
  { "VENDÚ a2", "vendu", "A2", 1, "" },
  { "kaufe a3 bitte", "kaufe", "A3", 1, "" },
  /* The code written apart, quantities as words (issue 9). */
  { "SOLD A 1 medium", "sold", "A1", 1, "medium" },
  { "sold A-1 XL", "sold", "A1", 1, "xl" },
  { "sold a 12 x3", "sold", "A12", 3, "" },
  { "sold A-1x2 red", "sold", "A1", 2, "red" },
  { "sold A1 two", "sold", "A1", 2, "" },
  { "sold A1 x2", "sold", "A1", 2, "" },
  { "buy a1 x two", "buy", "A1", 2, "" },
  { "kaufe A1 zwei blau", "kaufe", "A1", 2, "blau" },
  { "vendu a2 deux taille M", "vendu", "A2", 2, "taille m" },
  { "compro a1 dos", "compro", "A1", 2, "" },
  { "sold a1 one size", "sold", "A1", 1, "one size" },
  /* Questions and negations. */
  { "sold out?", NULL },
  { "is A1 sold?", NULL },
  { "A1 sold out already?", NULL },
  { "not sold a1", NULL },
  { "who bought a1", NULL },
  { "sold a1?", NULL },
  { "SOLD A1 2 ?", NULL },
  { "¿lo quiero a1?", NULL },
  { "sold a1 no wait", NULL },
  { "sold a1 cancel", NULL },
  /* Taken back or put off (issue 9), in every language of the keywords. */
  { "sold a1 nvm", NULL },
  { "sold a1 jk", NULL },
  { "sold A1 just kidding", NULL },
  { "buy A1 later maybe", NULL },
  { "sold a1 2 maybe", NULL },
  { "sold a1 never mind", NULL },
  { "gekauft a1 vielleicht", NULL },
  { "kaufe A1 später", NULL },
  { "gekauft a1 nur Spaß", NULL },
  { "kaufe a1 vergiss es", NULL },
  { "vendu a1 peut-être", NULL },
  { "je prends a1 plus tard", NULL },
  { "vendu A1 je rigole", NULL },
  { "acheter a1 laisse tomber", NULL },
  { "compro a1 quizás", NULL },
  { "lo quiero A1 más tarde", NULL },
  { "vendido a1 es broma", NULL },
  { "compro a1 tal vez luego", NULL },
  { "sold a 1000", NULL },
  { "sold a x", NULL },
  { "sold out", NULL },
  { "ich kaufe a1", NULL },
  { "Maya sold a1", NULL },
  { "A1 sold", NULL },
  /* Bad codes and quantities. */
  { "sold a1000", NULL },
  { "sold a1 0", NULL },
  { "sold a1 100", NULL },
  { "sold a1 x0", NULL },
  { "sold 1a", NULL },
  { "sold aa1", NULL },
  { "sold", NULL },
  { "soldier a1", NULL },
  { "buy buy buy", NULL },
  /* Ordinary chat. */
  { "", NULL },
  { "🔥🔥🔥", NULL },
  { "love it 😍🔥", NULL },
  { "هل يتوفر بمقاس كبير؟", NULL },
  { "送料はいくらですか？", NULL },
  { "A1を買いたいです", NULL },
  { "<b>sold a1</b>", NULL },
  { "sold a1 I really love this one so much honestly", NULL },
  { "how many candles are left??", NULL },
};

static void
test_grammar (void)
{
  guint positive = 0;
  guint negative = 0;

  for (guint i = 0; i < G_N_ELEMENTS (grammar_cases); i++)
    {
      const GrammarCase *c = &grammar_cases[i];
      g_auto(ScClaimParse) parse = { 0 };
      gboolean is_claim = sc_claim_parse (c->text, NULL, &parse);

      g_test_message ("%s", c->text);
      g_assert_cmpint (is_claim, ==, c->keyword != NULL);
      g_assert_cmpint (is_claim, ==, sc_claim_parse (c->text, NULL, NULL));
      if (!is_claim)
        {
          g_assert_null (parse.keyword);
          g_assert_null (parse.code);
          g_assert_null (parse.variant_words);
          negative++;
          continue;
        }
      {
        g_autofree char *variant = g_strjoinv (" ", parse.variant_words);

        g_assert_cmpstr (parse.keyword, ==, c->keyword);
        g_assert_cmpstr (parse.code, ==, c->code);
        g_assert_cmpuint (parse.quantity, ==, c->quantity);
        g_assert_cmpstr (variant, ==, c->variant);
      }
      positive++;
    }

  g_assert_cmpuint (positive + negative, >=, 40);
  g_assert_cmpuint (positive, >=, 20);
  g_assert_cmpuint (negative, >=, 20);
}

static void
test_custom_keywords (void)
{
  const char *keywords[] = { "ich nehme", "Réservé", NULL };
  g_auto(ScClaimParse) parse = { 0 };

  g_assert_true (sc_claim_parse ("Ich nehme A1 2", keywords, &parse));
  g_assert_cmpstr (parse.keyword, ==, "ich nehme");
  g_assert_cmpuint (parse.quantity, ==, 2);
  g_assert_true (sc_claim_parse ("reserve b3", keywords, NULL));
  /* The defaults are replaced, not extended. */
  g_assert_false (sc_claim_parse ("sold a1", keywords, NULL));
  g_assert_true (g_strv_contains (sc_claim_default_keywords (), "je prends"));
  g_assert_false (sc_claim_parse (NULL, NULL, NULL));
}

/* ---- a shop for the lookup ------------------------------------------------ */

typedef struct {
  const char *code;
  const char *id;
  const char *title;
  gint64      stock;
  const char *variants[4];
  gint64      variant_stock[4];
} TestProduct;

typedef struct {
  TestProduct products[4];
  guint       lookups;
} TestShop;

static ScClaimTarget *
lookup_code (const char *code,
             gpointer    user_data)
{
  TestShop *shop = user_data;

  shop->lookups++;
  for (guint i = 0; i < G_N_ELEMENTS (shop->products); i++)
    {
      TestProduct *product = &shop->products[i];
      ScClaimTarget *target;

      if (product->code == NULL || !g_str_equal (product->code, code))
        continue;

      target = sc_claim_target_new (product->id, product->title, product->stock);
      for (guint v = 0; product->variants[v] != NULL; v++)
        sc_claim_target_add_variant (target, product->variants[v], product->variant_stock[v]);
      return target;
    }
  return NULL;
}

static TestShop *
test_shop_new (void)
{
  TestShop *shop = g_new0 (TestShop, 1);

  shop->products[0] = (TestProduct) { "A1", "candle", "Fig candle", 3 };
  shop->products[1] = (TestProduct) {
    "A2", "tee", "Linen tee", 20,
    { "Blue / M", "Blue / L", "Red / M" }, { 1, 5, 5 },
  };
  shop->products[2] = (TestProduct) { "A3", "scarf", "Wool scarf", SC_CLAIM_STOCK_UNTRACKED,
                                      { "One size" }, { SC_CLAIM_STOCK_UNTRACKED } };
  return shop;
}

typedef struct {
  GPtrArray *claims;       /* ScClaim, accepted */
  GPtrArray *waitlisted;   /* ScClaim */
  GString   *changed;      /* product ids */
} Events;

static void
on_claim (ScClaimDetector *detector,
          ScClaim         *claim,
          Events          *events)
{
  g_assert_false (claim->waitlisted);
  g_ptr_array_add (events->claims, sc_claim_copy (claim));
}

static void
on_claim_waitlisted (ScClaimDetector *detector,
                     ScClaim         *claim,
                     Events          *events)
{
  g_assert_true (claim->waitlisted);
  g_ptr_array_add (events->waitlisted, sc_claim_copy (claim));
}

static void
on_claimed_changed (ScClaimDetector *detector,
                    const char      *product_id,
                    Events          *events)
{
  if (events->changed->len > 0)
    g_string_append_c (events->changed, ' ');
  g_string_append (events->changed, product_id);
}

typedef struct {
  ScClaimDetector *detector;
  TestShop        *shop;
  Events           events;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->detector = sc_claim_detector_new ();
  fixture->shop = test_shop_new ();
  sc_claim_detector_set_lookup (fixture->detector, lookup_code, fixture->shop, g_free);
  fixture->events.claims = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_claim_free);
  fixture->events.waitlisted = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_claim_free);
  fixture->events.changed = g_string_new (NULL);
  g_signal_connect (fixture->detector, "claim", G_CALLBACK (on_claim), &fixture->events);
  g_signal_connect (fixture->detector, "claim-waitlisted",
                    G_CALLBACK (on_claim_waitlisted), &fixture->events);
  g_signal_connect (fixture->detector, "claimed-changed",
                    G_CALLBACK (on_claimed_changed), &fixture->events);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->detector);
  g_ptr_array_unref (fixture->events.claims);
  g_ptr_array_unref (fixture->events.waitlisted);
  g_string_free (fixture->events.changed, TRUE);
}

static ScClaim *
process (Fixture    *fixture,
         const char *platform,
         const char *id,
         const char *author,
         const char *text)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (1764100000);
  g_autoptr(ScChatMessage) message = sc_chat_message_new (platform, id, author, NULL, text, time);

  return sc_claim_detector_process (fixture->detector, message);
}

/* ---- the detector --------------------------------------------------------- */

static void
test_claim_fields (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(ScClaim) claim = process (fixture, "twitch", "m1", "Lena.B", "🔥 SOLD A1!!");
  g_autoptr(ScClaim) copy = NULL;

  g_assert_nonnull (claim);
  g_assert_cmpstr (claim->platform, ==, "twitch");
  g_assert_cmpstr (claim->message_id, ==, "m1");
  g_assert_cmpstr (claim->author, ==, "Lena.B");
  g_assert_cmpstr (claim->code, ==, "A1");
  g_assert_cmpstr (claim->product_id, ==, "candle");
  g_assert_cmpstr (claim->product_title, ==, "Fig candle");
  g_assert_null (claim->variant);
  g_assert_cmpuint (claim->quantity, ==, 1);
  g_assert_false (claim->waitlisted);
  g_assert_cmpint (g_date_time_to_unix (claim->time), ==, 1764100000);

  copy = g_boxed_copy (SC_TYPE_CLAIM, claim);
  g_assert_cmpstr (copy->author, ==, "Lena.B");
  g_assert_cmpuint (fixture->events.claims->len, ==, 1);
  g_assert_cmpstr (fixture->events.changed->str, ==, "candle");

  /* Chat that is not a claim costs no lookup. */
  g_assert_null (process (fixture, "twitch", "m2", "Tom", "is A1 sold?"));
  g_assert_cmpuint (fixture->shop->lookups, ==, 1);
}

static void
test_dedupe (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(ScClaim) first = process (fixture, "twitch", "m1", "Lena", "sold a1");
  g_autoptr(ScClaim) again = process (fixture, "twitch", "m1", "Lena", "sold a1");
  g_autoptr(ScClaim) elsewhere = process (fixture, "youtube", "m1", "Lena", "sold a1");

  g_assert_nonnull (first);
  g_assert_null (again);
  /* Ids are per platform: the same id on YouTube is another message. */
  g_assert_nonnull (elsewhere);
  g_assert_cmpuint (sc_claim_detector_get_claimed (fixture->detector, "candle"), ==, 2);
  g_assert_cmpuint (fixture->events.claims->len, ==, 2);
  g_assert_cmpstr (fixture->events.changed->str, ==, "candle candle");
}

static void
test_waitlist (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(ScClaim) two = process (fixture, "twitch", "1", "Lena", "sold a1 2");
  g_autoptr(ScClaim) one = process (fixture, "twitch", "2", "Tom", "sold a1");
  g_autoptr(ScClaim) late = process (fixture, "twitch", "3", "Maya", "sold a1");

  g_assert_false (two->waitlisted);
  g_assert_false (one->waitlisted);
  g_assert_true (late->waitlisted);
  g_assert_cmpuint (sc_claim_detector_get_claimed (fixture->detector, "candle"), ==, 3);
  g_assert_cmpuint (sc_claim_detector_get_waitlisted (fixture->detector, "candle"), ==, 1);
  g_assert_cmpuint (fixture->events.claims->len, ==, 2);
  g_assert_cmpuint (fixture->events.waitlisted->len, ==, 1);
  g_assert_cmpstr (((ScClaim *)g_ptr_array_index (fixture->events.waitlisted, 0))->author,
                   ==, "Maya");
  g_assert_cmpstr (fixture->events.changed->str, ==, "candle candle candle");
  g_assert_cmpuint (sc_claim_detector_get_claimed (fixture->detector, "nothing"), ==, 0);
  g_assert_cmpuint (sc_claim_detector_get_waitlisted (fixture->detector, "nothing"), ==, 0);
}

/* All of a claim waits when it does not fit entirely: never half an order. */
static void
test_no_partial_fill (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(ScClaim) two = process (fixture, "twitch", "1", "Lena", "sold a1 2");
  g_autoptr(ScClaim) another_two = process (fixture, "twitch", "2", "Tom", "sold a1 x2");
  g_autoptr(ScClaim) one = process (fixture, "twitch", "3", "Maya", "sold a1");

  g_assert_false (two->waitlisted);
  g_assert_true (another_two->waitlisted);
  g_assert_false (one->waitlisted);
  g_assert_cmpuint (sc_claim_detector_get_claimed (fixture->detector, "candle"), ==, 3);
  g_assert_cmpuint (sc_claim_detector_get_waitlisted (fixture->detector, "candle"), ==, 2);
}

static void
test_untracked (Fixture       *fixture,
                gconstpointer  data)
{
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);
      g_autoptr(ScClaim) claim = process (fixture, "youtube", id, "Ben", "buy a3 99");

      g_assert_false (claim->waitlisted);
    }
  g_assert_cmpuint (sc_claim_detector_get_claimed (fixture->detector, "scarf"), ==, 50 * 99);
  g_assert_cmpuint (sc_claim_detector_get_waitlisted (fixture->detector, "scarf"), ==, 0);
}

static void
test_variants (Fixture       *fixture,
               gconstpointer  data)
{
  const struct {
    const char *text;
    const char *variant;
    gboolean    waitlisted;
  } cases[] = {
    { "sold a2 blue m", "Blue / M", FALSE },
    { "sold a2 size M", NULL, FALSE },          /* Blue / M or Red / M */
    { "sold a2 red", "Red / M", FALSE },
    { "sold a2 L", "Blue / L", FALSE },
    { "sold a2 2 Medium BLUE", "Blue / M", TRUE },  /* one Blue / M, already claimed */
    { "sold a2 green", NULL, FALSE },
    { "sold a2 blue", NULL, FALSE },            /* M or L */
    { "sold a2 red size m please", "Red / M", FALSE },
    { "sold a3", "One size", FALSE },           /* the only variant */
    { "compro a3 talla única", NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i);
      g_autoptr(ScClaim) claim = process (fixture, "twitch", id, "Aisha", cases[i].text);

      g_test_message ("%s", cases[i].text);
      g_assert_nonnull (claim);
      g_assert_cmpstr (claim->variant, ==, cases[i].variant);
      g_assert_cmpint (claim->waitlisted, ==, cases[i].waitlisted);
    }
  /* Product counts hold every accepted unit, variant or not. */
  g_assert_cmpuint (sc_claim_detector_get_claimed (fixture->detector, "tee"), ==, 7);
  g_assert_cmpuint (sc_claim_detector_get_waitlisted (fixture->detector, "tee"), ==, 2);
}

static void
test_unknown_code (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(ScClaimDetector) no_lookup = sc_claim_detector_new ();
  g_autoptr(ScChatMessage) message = sc_chat_message_new ("demo", "1", "Nora", NULL,
                                                          "sold a1", NULL);

  g_assert_null (process (fixture, "twitch", "1", "Nora", "sold z9"));
  g_assert_cmpuint (fixture->shop->lookups, ==, 1);
  g_assert_cmpuint (fixture->events.claims->len, ==, 0);
  g_assert_cmpuint (fixture->events.waitlisted->len, ==, 0);
  g_assert_cmpstr (fixture->events.changed->str, ==, "");

  /* Once the show assigns the code, the same message id is not burnt. */
  fixture->shop->products[3] = (TestProduct) { "Z9", "mug", "Sage mug", 4 };
  {
    g_autoptr(ScClaim) claim = process (fixture, "twitch", "1", "Nora", "sold z9");

    g_assert_nonnull (claim);
    g_assert_cmpstr (claim->product_id, ==, "mug");
  }

  /* Without a lookup the studio has no products: nothing is a claim. */
  g_assert_null (sc_claim_detector_process (no_lookup, message));
}

static void
test_stock_refresh (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(ScClaim) first = NULL;
  g_autoptr(ScClaim) second = NULL;
  g_autoptr(ScClaim) third = NULL;

  fixture->shop->products[0].stock = 1;
  first = process (fixture, "twitch", "1", "Lena", "sold a1");
  second = process (fixture, "twitch", "2", "Tom", "sold a1");
  g_assert_false (first->waitlisted);
  g_assert_true (second->waitlisted);

  /* The shop restocked: the lookup says so on the next claim. */
  fixture->shop->products[0].stock = 5;
  third = process (fixture, "twitch", "3", "Maya", "sold a1 3");
  g_assert_false (third->waitlisted);
  g_assert_cmpuint (sc_claim_detector_get_claimed (fixture->detector, "candle"), ==, 4);
  g_assert_cmpuint (sc_claim_detector_get_waitlisted (fixture->detector, "candle"), ==, 1);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_keywords (Fixture       *fixture,
               gconstpointer  data)
{
  const char *keywords[] = { "ich nehme", NULL };
  g_auto(GStrv) property = NULL;
  guint notified = 0;

  g_assert_cmpstrv (sc_claim_detector_get_keywords (fixture->detector),
                    sc_claim_default_keywords ());
  g_signal_connect (fixture->detector, "notify::keywords", G_CALLBACK (on_notify), &notified);

  sc_claim_detector_set_keywords (fixture->detector, keywords);
  sc_claim_detector_set_keywords (fixture->detector, keywords);
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (fixture->detector, "keywords", &property, NULL);
  g_assert_cmpstrv (property, keywords);

  g_assert_null (process (fixture, "twitch", "1", "Jonas", "sold a1"));
  {
    g_autoptr(ScClaim) claim = process (fixture, "twitch", "2", "Jonas", "Ich nehme A1");

    g_assert_nonnull (claim);
  }

  sc_claim_detector_set_keywords (fixture->detector, NULL);
  g_assert_cmpuint (notified, ==, 2);
  {
    g_autoptr(ScClaim) claim = process (fixture, "twitch", "1", "Jonas", "sold a1");

    g_assert_nonnull (claim);
  }
}

/* A show without claim_keywords: "sold" always, plus its language's words;
 * English's for the languages without a table. */
static void
test_locale_keywords (void)
{
  static const struct { const char *locale; const char *text; gboolean claim; } cases[] = {
    { "de-DE", "SOLD A1", TRUE }, { "de-DE", "gekauft a1 2x", TRUE },
    { "de-DE", "kaufe A1 blau", TRUE }, { "de-AT", "Gekauft A2", TRUE },
    { "de-DE", "vendu a1", FALSE }, { "de-DE", "buy a1", FALSE },
    { "fr-FR", "sold a1", TRUE }, { "fr-FR", "je prends B2 taille M", TRUE },
    { "fr-CA", "vendu a1", TRUE }, { "fr-FR", "gekauft a1", FALSE },
    { "es-ES", "lo quiero A5 azul", TRUE }, { "es-MX", "compro a1 dos", TRUE },
    { "es-ES", "sold a1", TRUE }, { "es-ES", "kaufe a1", FALSE },
    { "en-US", "sold a1", TRUE }, { "en-GB", "mine a1", TRUE }, { "en-US", "gekauft a1", FALSE },
    { "ja-JP", "sold a1", TRUE }, { "ja-JP", "buy a1", TRUE }, { "it-IT", "claim a1", TRUE },
    { NULL, "sold a1", TRUE }, { NULL, "vendido a1", FALSE },
  };
  const char * const first[][2] = {
    { "de-DE", "gekauft" }, { "fr-FR", "vendu" }, { "es-ES", "vendido" }, { "en-US", "sold" },
    { "ja-JP", "sold" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char * const *keywords = sc_claim_keywords_for_locale (cases[i].locale);

      g_test_message ("%s: %s", cases[i].locale, cases[i].text);
      g_assert_true (g_strv_contains (keywords, "sold"));
      g_assert_cmpint (sc_claim_parse (cases[i].text, keywords, NULL), ==, cases[i].claim);
    }
  /* The card shows the first. */
  for (guint i = 0; i < G_N_ELEMENTS (first); i++)
    g_assert_cmpstr (sc_claim_keywords_for_locale (first[i][0])[0], ==, first[i][1]);
}

/* Cancelling gives an accepted claim's units back, to the product and its
 * variant, and takes a waitlisted one off the waitlist; once only. */
static void
on_claim_cancelled (ScClaimDetector *detector,
                    ScClaim         *claim,
                    GPtrArray       *cancelled)
{
  g_ptr_array_add (cancelled, sc_claim_copy (claim));
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) cancelled = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_claim_free);
  g_autoptr(ScClaim) two = process (fixture, "twitch", "1", "Lena", "sold a1 2");
  g_autoptr(ScClaim) one = process (fixture, "twitch", "2", "Tom", "sold a1");
  g_autoptr(ScClaim) late = process (fixture, "twitch", "3", "Maya", "sold a1 2");
  g_autoptr(ScClaim) after = NULL;
  g_autoptr(ScClaim) taken = NULL;
  g_autoptr(GError) error = NULL;

  g_signal_connect (fixture->detector, "claim-cancelled",
                    G_CALLBACK (on_claim_cancelled), cancelled);
  g_assert_true (late->waitlisted);
  g_assert_cmpuint (sc_claim_detector_get_claimed (fixture->detector, "candle"), ==, 3);
  g_assert_cmpuint (sc_claim_detector_get_waitlisted (fixture->detector, "candle"), ==, 2);
  g_string_truncate (fixture->events.changed, 0);

  g_assert_true (sc_claim_detector_cancel (fixture->detector, "twitch", "1", &taken, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (taken->author, ==, "Lena");
  g_assert_cmpuint (taken->quantity, ==, 2);
  g_assert_false (taken->waitlisted);
  g_assert_cmpuint (cancelled->len, ==, 1);
  g_assert_cmpstr (((ScClaim *)g_ptr_array_index (cancelled, 0))->message_id, ==, "1");
  g_assert_cmpstr (fixture->events.changed->str, ==, "candle");
  g_assert_cmpuint (sc_claim_detector_get_claimed (fixture->detector, "candle"), ==, 1);
  g_assert_cmpuint (sc_claim_detector_get_waitlisted (fixture->detector, "candle"), ==, 2);
  g_assert_true (sc_claim_detector_is_cancelled (fixture->detector, "twitch", "1"));
  g_assert_false (sc_claim_detector_is_cancelled (fixture->detector, "twitch", "2"));

  /* The two units are free again: the next claim for two fits. */
  after = process (fixture, "twitch", "4", "Ben", "sold a1 2");
  g_assert_false (after->waitlisted);
  g_assert_cmpuint (sc_claim_detector_get_claimed (fixture->detector, "candle"), ==, 3);

  /* A waitlisted claim leaves the waitlist; the claimed count stays. */
  g_assert_true (sc_claim_detector_cancel (fixture->detector, "twitch", "3", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sc_claim_detector_get_claimed (fixture->detector, "candle"), ==, 3);
  g_assert_cmpuint (sc_claim_detector_get_waitlisted (fixture->detector, "candle"), ==, 0);
  g_assert_true (((ScClaim *)g_ptr_array_index (cancelled, 1))->waitlisted);

  /* Twice, or a message that made no claim: errors, counts untouched. */
  g_assert_false (sc_claim_detector_cancel (fixture->detector, "twitch", "1", NULL, &error));
  g_assert_error (error, SC_CHAT_ERROR, SC_CHAT_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "Lena"));
  g_clear_error (&error);
  g_assert_false (sc_claim_detector_cancel (fixture->detector, "youtube", "1", NULL, &error));
  g_assert_error (error, SC_CHAT_ERROR, SC_CHAT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "youtube"));
  g_clear_error (&error);
  g_assert_false (sc_claim_detector_cancel (fixture->detector, "twitch", "nope", &taken, &error));
  g_assert_error (error, SC_CHAT_ERROR, SC_CHAT_ERROR_NOT_FOUND);
  g_assert_cmpuint (cancelled->len, ==, 2);
  g_assert_cmpuint (sc_claim_detector_get_claimed (fixture->detector, "candle"), ==, 3);
  g_assert_cmpuint (sc_claim_detector_get_waitlisted (fixture->detector, "candle"), ==, 0);
  /* A cancelled message is still not claimed again when it comes back. */
  g_assert_null (process (fixture, "twitch", "1", "Lena", "sold a1 2"));
}

/* The variant's units come back too: the one Blue / M fits again. */
static void
test_cancel_variant (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(ScClaim) first = process (fixture, "twitch", "1", "Aisha", "sold a2 blue m");
  g_autoptr(ScClaim) second = process (fixture, "twitch", "2", "Ben", "sold a2 blue m");
  g_autoptr(ScClaim) third = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (first->waitlisted);
  g_assert_true (second->waitlisted);
  g_assert_true (sc_claim_detector_cancel (fixture->detector, "twitch", "1", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sc_claim_detector_get_claimed (fixture->detector, "tee"), ==, 0);
  third = process (fixture, "twitch", "3", "Chloé", "sold a2 blue m");
  g_assert_cmpstr (third->variant, ==, "Blue / M");
  g_assert_false (third->waitlisted);
  g_assert_cmpuint (sc_claim_detector_get_claimed (fixture->detector, "tee"), ==, 1);
  g_assert_cmpuint (sc_claim_detector_get_waitlisted (fixture->detector, "tee"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chat/claims/grammar", test_grammar);
  g_test_add_func ("/chat/claims/custom-keywords", test_custom_keywords);
  g_test_add_func ("/chat/claims/locale-keywords", test_locale_keywords);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/chat/claims/detector/fields", test_claim_fields);
  ADD ("/chat/claims/detector/dedupe", test_dedupe);
  ADD ("/chat/claims/detector/waitlist", test_waitlist);
  ADD ("/chat/claims/detector/no-partial-fill", test_no_partial_fill);
  ADD ("/chat/claims/detector/untracked", test_untracked);
  ADD ("/chat/claims/detector/variants", test_variants);
  ADD ("/chat/claims/detector/unknown-code", test_unknown_code);
  ADD ("/chat/claims/detector/stock-refresh", test_stock_refresh);
  ADD ("/chat/claims/detector/keywords", test_keywords);
  ADD ("/chat/claims/detector/cancel", test_cancel);
  ADD ("/chat/claims/detector/cancel-variant", test_cancel_variant);
#undef ADD

  return g_test_run ();
}
