/* fuzz-claims.c — comment-to-buy claims: the grammar (default keywords,
 * and keywords from the input's first line when it has several), then the
 * detector with products that have variants and limited stock.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "chat/sc-claim-detector.h"

#include "sc-fuzz.h"

static ScClaimDetector *detector;
static guint64 counter;

static ScClaimTarget *
lookup (const char *code,
        gpointer    user_data)
{
  ScClaimTarget *target;

  if (g_strcmp0 (code, "A1") == 0)
    {
      target = sc_claim_target_new ("p1", "Linen shirt", 3);
      sc_claim_target_add_variant (target, "Blue / M", 1);
      sc_claim_target_add_variant (target, "Blue / L", 2);
      sc_claim_target_add_variant (target, "Red / M", SC_CLAIM_STOCK_UNTRACKED);
      return target;
    }
  if (g_strcmp0 (code, "B2") == 0)
    return sc_claim_target_new ("p2", "Mug", SC_CLAIM_STOCK_UNTRACKED);
  if (code[0] == 'C')
    return sc_claim_target_new ("p3", "Scarf", 0);
  return NULL;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  sc_fuzz_init ();
  detector = sc_claim_detector_new ();
  sc_claim_detector_set_lookup (detector, lookup, NULL, NULL);
  return 0;
}

static void
check_parse (const char         *text,
             const char * const *keywords)
{
  g_auto(ScClaimParse) parse = { 0 };

  if (!sc_claim_parse (text, keywords, &parse))
    {
      g_assert (parse.code == NULL && parse.keyword == NULL);
      return;
    }
  g_assert (parse.quantity >= 1 && parse.quantity <= 99);
  g_assert (parse.code != NULL && g_ascii_isupper (parse.code[0]));
  g_assert (strlen (parse.code) >= 2 && strlen (parse.code) <= 4);
  g_assert (parse.variant_words != NULL && g_strv_length (parse.variant_words) <= 6);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* Chat sources hand on valid UTF-8 only. */
  g_autofree char *text = g_utf8_make_valid ((const char *)data, size);
  const char *newline = strchr (text, '\n');
  g_autofree char *id = g_strdup_printf ("m%" G_GUINT64_FORMAT, counter++);
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (1764669600);
  g_autoptr(ScChatMessage) message = NULL;
  g_autoptr(ScClaim) claim = NULL;

  check_parse (text, NULL);
  if (newline != NULL)
    {
      g_autofree char *first = g_strndup (text, newline - text);
      g_auto(GStrv) keywords = g_strsplit (first, "|", 8);

      check_parse (newline + 1, (const char * const *)keywords);
    }

  message = sc_chat_message_new ("twitch", id, "viewer", NULL, text, now);
  claim = sc_claim_detector_process (detector, message);
  if (claim != NULL)
    {
      g_assert (claim->quantity >= 1 && claim->quantity <= 99);
      g_assert (sc_claim_detector_get_claimed (detector, claim->product_id) +
                sc_claim_detector_get_waitlisted (detector, claim->product_id) > 0);
    }
  return 0;
}
