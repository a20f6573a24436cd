/* sc-studio-chat.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-studio"

#include "config.h"

#include <glib/gi18n.h>

#include "chat/sc-chat-error.h"
#include "chat/sc-demo-chat.h"
#include "chat/sc-twitch-source.h"
#include "chat/sc-youtube-source.h"
#include "sc-studio-private.h"

/* The chat side of a show: the sources, the merged and moderated feed, the
 * claims made in it and the message featured as a lower third. */

/* Recent chat messages kept in memory; the full log is the event log. */
#define CHAT_CAPACITY 500

static void
feed_message_added_cb (ScChatFeed    *feed,
                       ScChatMessage *message,
                       ScStudio      *self)
{
  g_autoptr(ScClaim) claim = NULL;

  sc_overlay_scene_push_chat (self->scene, message);
  _sc_studio_log_chat (self, message);
  claim = sc_claim_detector_process (self->claims, message);
}

static void
feed_message_blocked_cb (ScChatFeed    *feed,
                         ScChatMessage *message,
                         const char    *reason,
                         ScStudio      *self)
{
  _sc_studio_log_chat_blocked (self, message, reason);
}

static void
feed_message_removed_cb (ScChatFeed *feed,
                         const char *id,
                         ScStudio   *self)
{
  JsonObject *fields = json_object_new ();

  sc_overlay_scene_remove_chat (self->scene, id);
  /* Nothing removed stays on air, the lower third included. */
  if (g_strcmp0 (self->featured_id, id) == 0)
    sc_studio_set_featured (self, NULL);
  json_object_set_string_member (fields, "id", id);
  _sc_studio_log_event (self, "chat-removed", fields);
}

static void
feed_cleared_cb (ScChatFeed *feed,
                 ScStudio   *self)
{
  sc_overlay_scene_clear_chat (self->scene);
  if (self->featured_id != NULL)
    sc_studio_set_featured (self, NULL);
  _sc_studio_log_event (self, "chat-cleared", NULL);
}

static void
claim_cb (ScClaimDetector *claims,
          ScClaim         *claim,
          ScStudio        *self)
{
  _sc_studio_log_claim (self, "claim", claim);
}

static void
claim_waitlisted_cb (ScClaimDetector *claims,
                     ScClaim         *claim,
                     ScStudio        *self)
{
  _sc_studio_log_claim (self, "claim-waitlisted", claim);
}

static void
claim_cancelled_cb (ScClaimDetector *claims,
                    ScClaim         *claim,
                    ScStudio        *self)
{
  _sc_studio_log_claim_cancelled (self, claim);
}

static void
claimed_changed_cb (ScClaimDetector *claims,
                    const char      *product_id,
                    ScStudio        *self)
{
  if (self->pinned != NULL && g_strcmp0 (sc_product_get_id (self->pinned), product_id) == 0)
    sc_overlay_scene_set_claimed (self->scene, sc_claim_detector_get_claimed (claims, product_id));
}

/* Where chat meets the shop: a claim code names a product of the catalog. */
static ScClaimTarget *
lookup_claim_target (const char *code,
                     gpointer    user_data)
{
  ScStudio *self = user_data;
  ScProduct *product = sc_catalog_lookup_claim_code (sc_show_get_catalog (self->show), code);
  GListModel *variants;
  ScClaimTarget *target;
  gint64 sale_price;

  if (product == NULL)
    return NULL;
  target = sc_claim_target_new (sc_product_get_id (product), sc_product_get_title (product),
                                sc_product_get_stock (product));
  /* A claim made during a flash sale pays the sale price. */
  if (_sc_studio_get_sale_price (self, sc_product_get_id (product), &sale_price))
    sc_claim_target_set_price (target, sale_price, sc_product_get_currency (product), TRUE);
  else
    sc_claim_target_set_price (target, sc_product_get_price (product),
                               sc_product_get_currency (product), FALSE);
  variants = sc_product_get_variants (product);
  for (guint i = 0; i < g_list_model_get_n_items (variants); i++)
    {
      g_autoptr(ScVariant) variant = g_list_model_get_item (variants, i);

      sc_claim_target_add_variant (target, sc_variant_get_title (variant),
                                   sc_variant_get_stock (variant));
    }
  return target;
}

static void
chat_source_state_cb (ScChatSource *source,
                      GParamSpec   *pspec,
                      ScStudio     *self)
{
  _sc_studio_log_chat_source (self, source, NULL);
}

static void
chat_source_problem_cb (ScChatSource *source,
                        GError       *error,
                        ScStudio     *self)
{
  _sc_studio_log_chat_source (self, source, error);
}

static void
add_chat_source (ScStudio     *self,
                 ScChatSource *source)
{
  /* The concrete type: "notify" is not found on the interface type. */
  GSignalGroup *group = g_signal_group_new (G_OBJECT_TYPE (source));

  g_signal_group_connect (group, "notify::state", G_CALLBACK (chat_source_state_cb), self);
  g_signal_group_connect (group, "problem", G_CALLBACK (chat_source_problem_cb), self);
  g_signal_group_set_target (group, source);
  g_ptr_array_add (self->chat_signals, group);
  sc_chat_feed_add_source (self->feed, source);
  g_ptr_array_add (self->chat_sources, g_object_ref (source));
  sc_chat_source_start (source);
}

void
_sc_studio_chat_init (ScStudio *self)
{
  self->chat_sources = g_ptr_array_new_with_free_func (g_object_unref);
  self->chat_signals = g_ptr_array_new_with_free_func (g_object_unref);

  self->feed_signals = g_signal_group_new (SC_TYPE_CHAT_FEED);
  g_signal_group_connect (self->feed_signals, "message-added",
                          G_CALLBACK (feed_message_added_cb), self);
  g_signal_group_connect (self->feed_signals, "message-blocked",
                          G_CALLBACK (feed_message_blocked_cb), self);
  g_signal_group_connect (self->feed_signals, "message-removed",
                          G_CALLBACK (feed_message_removed_cb), self);
  g_signal_group_connect (self->feed_signals, "cleared", G_CALLBACK (feed_cleared_cb), self);

  self->claims_signals = g_signal_group_new (SC_TYPE_CLAIM_DETECTOR);
  g_signal_group_connect (self->claims_signals, "claim", G_CALLBACK (claim_cb), self);
  g_signal_group_connect (self->claims_signals, "claim-waitlisted",
                          G_CALLBACK (claim_waitlisted_cb), self);
  g_signal_group_connect (self->claims_signals, "claim-cancelled",
                          G_CALLBACK (claim_cancelled_cb), self);
  g_signal_group_connect (self->claims_signals, "claimed-changed",
                          G_CALLBACK (claimed_changed_cb), self);
}

void
_sc_studio_chat_dispose (ScStudio *self)
{
  _sc_studio_chat_stop (self);
  for (guint i = 0; self->chat_signals != NULL && i < self->chat_signals->len; i++)
    g_signal_group_set_target (g_ptr_array_index (self->chat_signals, i), NULL);
  g_clear_pointer (&self->chat_signals, g_ptr_array_unref);
  g_clear_pointer (&self->chat_sources, g_ptr_array_unref);
  if (self->feed_signals != NULL)
    g_signal_group_set_target (self->feed_signals, NULL);
  if (self->claims_signals != NULL)
    g_signal_group_set_target (self->claims_signals, NULL);
  g_clear_object (&self->feed_signals);
  g_clear_object (&self->claims_signals);
  g_clear_object (&self->feed);
  g_clear_object (&self->claims);
  g_clear_pointer (&self->featured_id, g_free);
}

/* The show's claim keywords, else the defaults of its locale. */
const char * const *
_sc_studio_get_claim_keywords (ScStudio *self)
{
  const char * const *keywords = sc_show_get_claim_keywords (self->show);

  return keywords != NULL ? keywords
                          : sc_claim_keywords_for_locale (sc_show_get_locale (self->show));
}

/* The demo script and the show's Twitch and YouTube chats, merged and
 * moderated by the feed, with claims detected on what passed. */
void
_sc_studio_chat_start (ScStudio *self)
{
  GPtrArray *configs = sc_show_get_chat_sources (self->show);

  self->feed = sc_chat_feed_new (CHAT_CAPACITY);
  sc_chat_feed_set_blocked_words (self->feed, sc_show_get_blocked_words (self->show));
  sc_chat_feed_set_blocked_authors (self->feed, sc_show_get_blocked_authors (self->show));
  g_signal_group_set_target (self->feed_signals, self->feed);

  self->claims = sc_claim_detector_new ();
  sc_claim_detector_set_keywords (self->claims, _sc_studio_get_claim_keywords (self));
  sc_claim_detector_set_lookup (self->claims, lookup_claim_target, self, NULL);
  g_signal_group_set_target (self->claims_signals, self->claims);

  if (sc_show_get_demo_chat (self->show))
    {
      g_autoptr(ScDemoChat) demo = sc_demo_chat_new ();

      add_chat_source (self, SC_CHAT_SOURCE (demo));
    }
  for (guint i = 0; i < configs->len; i++)
    {
      const ScChatConfig *config = g_ptr_array_index (configs, i);
      g_autoptr(ScChatSource) source = config->kind == SC_CHAT_KIND_TWITCH
                                       ? sc_twitch_source_new (config)
                                       : sc_youtube_source_new (config);

      add_chat_source (self, source);
    }
}

void
_sc_studio_chat_stop (ScStudio *self)
{
  for (guint i = 0; self->chat_sources != NULL && i < self->chat_sources->len; i++)
    sc_chat_source_stop (g_ptr_array_index (self->chat_sources, i));
}

void
sc_studio_set_featured (ScStudio      *self,
                        ScChatMessage *message)
{
  JsonObject *fields;

  g_return_if_fail (SC_IS_STUDIO (self));

  g_free (self->featured_id);
  self->featured_id = message != NULL ? g_strdup (sc_chat_message_get_id (message)) : NULL;
  sc_overlay_scene_set_featured (self->scene, message);
  fields = json_object_new ();
  if (message != NULL)
    {
      json_object_set_string_member (fields, "id", sc_chat_message_get_id (message));
      json_object_set_string_member (fields, "author", sc_chat_message_get_author (message));
      json_object_set_string_member (fields, "text", sc_chat_message_get_text (message));
    }
  else
    json_object_set_null_member (fields, "id");
  _sc_studio_log_event (self, "featured", fields);
}

const char *
sc_studio_get_featured_id (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), NULL);
  return self->featured_id;
}

void
sc_studio_hide_message (ScStudio   *self,
                        const char *message_id)
{
  g_return_if_fail (SC_IS_STUDIO (self));
  g_return_if_fail (message_id != NULL);

  if (self->feed != NULL)
    sc_chat_feed_hide (self->feed, message_id);
}

ScChatFeed *
sc_studio_get_chat_feed (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), NULL);
  return self->feed;
}

ScClaimDetector *
sc_studio_get_claims (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), NULL);
  return self->claims;
}

gboolean
sc_studio_cancel_claim (ScStudio    *self,
                        const char  *platform,
                        const char  *message_id,
                        GError     **error)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), FALSE);
  g_return_val_if_fail (platform != NULL, FALSE);
  g_return_val_if_fail (message_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->claims == NULL)
    {
      g_set_error (error, SC_CHAT_ERROR, SC_CHAT_ERROR_NOT_FOUND,
                   _("No claim can be cancelled before the show starts"));
      return FALSE;
    }
  /* The detector's ::claim-cancelled logs it (claim_cancelled_cb). */
  return sc_claim_detector_cancel (self->claims, platform, message_id, NULL, error);
}

void
sc_studio_block_author (ScStudio   *self,
                        const char *platform,
                        const char *author)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) authors = NULL;
  const char * const *blocked;
  JsonObject *fields;

  g_return_if_fail (SC_IS_STUDIO (self));
  g_return_if_fail (author != NULL);

  if (self->feed == NULL)
    return;
  blocked = sc_chat_feed_get_blocked_authors (self->feed);
  if (blocked != NULL && g_strv_contains (blocked, author))
    return;
  builder = g_strv_builder_new ();
  if (blocked != NULL)
    g_strv_builder_addv (builder, (const char **)blocked);
  g_strv_builder_add (builder, author);
  authors = g_strv_builder_end (builder);
  /* The feed also takes what this author already said off the panel and video. */
  sc_chat_feed_set_blocked_authors (self->feed, (const char * const *)authors);

  fields = json_object_new ();
  if (platform != NULL)
    json_object_set_string_member (fields, "platform", platform);
  else
    json_object_set_null_member (fields, "platform");
  json_object_set_string_member (fields, "author", author);
  _sc_studio_log_event (self, "author-blocked", fields);
}
