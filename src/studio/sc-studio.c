/* sc-studio.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-studio"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "chat/sc-chat-feed.h"
#include "chat/sc-claim-detector.h"
#include "chat/sc-demo-chat.h"
#include "chat/sc-twitch-source.h"
#include "chat/sc-youtube-source.h"
#include "media/sc-media-error.h"
#include "media/sc-pipeline.h"
#include "overlay/sc-overlay-scene.h"
#include "shop/sc-image-cache.h"
#include "shop/sc-inventory-sync.h"
#include "sc-studio.h"

/* Products after the pinned one in the rundown that are kept fresh too. */
#define ON_AIR_AHEAD 2
/* Recent chat messages kept in memory; the full log is the event log. */
#define CHAT_CAPACITY 500
/* Shortest time between two overlay rebuilds. */
#define OVERLAY_INTERVAL_MS 100

struct _ScStudio
{
  GObject          parent_instance;

  ScShow          *show;
  ScEventLog      *log;
  ScPipeline      *pipeline;
  ScOverlayScene  *scene;
  ScChatFeed      *feed;
  ScClaimDetector *claims;
  GPtrArray       *chat_sources;   /* ScChatSource: the demo, Twitch, YouTube */
  char            *featured_id;
  ScProduct       *pinned;
  gint64           pinned_stock;
  char            *pending_pin;    /* a shop's product not in the catalog yet */
  ScShopProvider  *provider;
  ScInventorySync *sync;
  ScImageCache    *images;
  GCancellable    *cancellable;
  GPtrArray       *extra_urls;
  char            *recording_path;
  GListStore      *outputs;        /* ScOutput: every destination and the recording */
  GHashTable      *disabled;       /* ScOutput the host switched off */
  guint            outputs_ending; /* outputs still draining after end_show */
  char            *live_recording; /* the file of the current or last recording */
  gint64           live_started_at;
  gboolean         muted;
  int              preview_width;
  ScStudioState    state;
  ScLayoutKind     layout;
  guint            stats_source;
  guint            overlay_timeout;
  gint64           overlay_updated_at;
  GHashTable      *last_bytes;     /* ScOutput -> bytes at the previous stats tick */
  gint64           last_stats_time;
  guint64          last_frames;
  double           last_fps;
  gint64           started_at;
  gboolean         stopped_emitted;
  GError          *error;
};

G_DEFINE_FINAL_TYPE (ScStudio, sc_studio, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (ScStudioState, sc_studio_state,
  G_DEFINE_ENUM_VALUE (SC_STUDIO_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (SC_STUDIO_STATE_STARTING, "starting"),
  G_DEFINE_ENUM_VALUE (SC_STUDIO_STATE_REHEARSAL, "rehearsal"),
  G_DEFINE_ENUM_VALUE (SC_STUDIO_STATE_LIVE, "live"),
  G_DEFINE_ENUM_VALUE (SC_STUDIO_STATE_ENDING, "ending"),
  G_DEFINE_ENUM_VALUE (SC_STUDIO_STATE_STOPPING, "stopping"),
  G_DEFINE_ENUM_VALUE (SC_STUDIO_STATE_STOPPED, "stopped"),
  G_DEFINE_ENUM_VALUE (SC_STUDIO_STATE_FAILED, "failed"))

enum {
  PROP_0,
  PROP_SHOW,
  PROP_STATE,
  PROP_PINNED,
  PROP_LAYOUT,
  PROP_MUTED,
  N_PROPS
};

enum {
  PREVIEW_FRAME,
  SOURCE_FAILED,
  AUDIO_LEVEL,
  LIVE_STARTED,
  LIVE_ENDED,
  STOPPED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

const char *
sc_studio_state_to_string (ScStudioState state)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SC_TYPE_STUDIO_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);

  return value != NULL ? value->value_nick : "unknown";
}

static void
set_state (ScStudio      *self,
           ScStudioState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
log_event (ScStudio   *self,
           const char *event,
           JsonObject *fields)
{
  if (self->log != NULL)
    sc_event_log_write (self->log, event, fields);
  else if (fields != NULL)
    json_object_unref (fields);
}

static double
round2 (double value)
{
  return round (value * 100) / 100;
}

static JsonObject *
output_object (ScOutput *output)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "name", sc_output_get_name (output));
  json_object_set_string_member (o, "url", sc_output_get_display_url (output));
  json_object_set_string_member (o, "state",
                                 sc_output_state_to_string (sc_output_get_state (output)));
  return o;
}

/* ---- overlay ----------------------------------------------------------- */

static void
update_overlay (ScStudio *self)
{
  g_autoptr(GPtrArray) regions = sc_overlay_scene_render (self->scene);
  JsonObject *fields;

  self->overlay_updated_at = g_get_monotonic_time ();
  sc_pipeline_set_overlay (self->pipeline, regions);

  fields = json_object_new ();
  json_object_set_int_member (fields, "serial", (gint64)sc_overlay_scene_get_serial (self->scene));
  json_object_set_int_member (fields, "regions", regions->len);
  if (self->pinned != NULL)
    {
      json_object_set_string_member (fields, "product_id", sc_product_get_id (self->pinned));
      if (sc_product_get_stock (self->pinned) == SC_STOCK_UNTRACKED)
        json_object_set_null_member (fields, "stock");
      else
        json_object_set_int_member (fields, "stock", sc_product_get_stock (self->pinned));
    }
  log_event (self, "overlay-updated", fields);
}

static gboolean
overlay_timeout_cb (gpointer data)
{
  ScStudio *self = data;

  self->overlay_timeout = 0;
  update_overlay (self);
  return G_SOURCE_REMOVE;
}

/* At most one new overlay per OVERLAY_INTERVAL_MS: a chat flood (1,000
 * messages a second) must not turn into 1,000 renders a second, and a stock
 * change still reaches the video well within a second. */
static void
scene_changed_cb (ScOverlayScene *scene,
                  ScStudio       *self)
{
  gint64 now = g_get_monotonic_time ();
  gint64 due = self->overlay_updated_at + OVERLAY_INTERVAL_MS * 1000;

  if (self->overlay_timeout != 0)
    return;
  if (now >= due)
    {
      update_overlay (self);
      return;
    }
  self->overlay_timeout = g_timeout_add ((guint)((due - now) / 1000) + 1, overlay_timeout_cb, self);
}

static void
scene_image_failed_cb (ScOverlayScene *scene,
                       const char     *uri,
                       const char     *message,
                       ScStudio       *self)
{
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields, "domain", "overlay");
  json_object_set_int_member (fields, "code", 0);
  json_object_set_string_member (fields, "message", message);
  log_event (self, "error", fields);
}

static void
log_stock_change (ScStudio  *self,
                  ScProduct *product,
                  gint64     old_stock,
                  gint64     stock)
{
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields, "product_id", sc_product_get_id (product));
  if (old_stock == SC_STOCK_UNTRACKED)
    json_object_set_null_member (fields, "old_stock");
  else
    json_object_set_int_member (fields, "old_stock", old_stock);
  if (stock == SC_STOCK_UNTRACKED)
    json_object_set_null_member (fields, "stock");
  else
    json_object_set_int_member (fields, "stock", stock);
  json_object_set_boolean_member (fields, "pinned", product == self->pinned);
  log_event (self, "stock-changed", fields);

  if (stock == 0 && old_stock != 0)
    {
      fields = json_object_new ();
      json_object_set_string_member (fields, "product_id", sc_product_get_id (product));
      json_object_set_string_member (fields, "title", sc_product_get_title (product));
      log_event (self, "sold-out", fields);
    }
}

/* The pinned product's stock, whoever changed it (a sync, a webhook). */
static void
pinned_stock_cb (ScProduct  *product,
                 GParamSpec *pspec,
                 ScStudio   *self)
{
  gint64 stock = sc_product_get_stock (product);
  gint64 old_stock = self->pinned_stock;

  self->pinned_stock = stock;
  log_stock_change (self, product, old_stock, stock);
}

static void ensure_image (ScStudio *self, ScProduct *product);

static void
pinned_image_cb (ScProduct  *product,
                 GParamSpec *pspec,
                 ScStudio   *self)
{
  ensure_image (self, product);
}

/* The pinned product and the next ones in the rundown are kept fresh. */
static void
update_on_air (ScStudio *self)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) ids = NULL;
  const char * const *rundown;
  guint start = 0;
  guint added = 0;

  if (self->sync == NULL)
    return;
  builder = g_strv_builder_new ();
  rundown = sc_show_get_rundown (self->show);
  if (self->pinned != NULL)
    {
      g_strv_builder_add (builder, sc_product_get_id (self->pinned));
      for (guint i = 0; rundown[i] != NULL; i++)
        if (g_str_equal (rundown[i], sc_product_get_id (self->pinned)))
          start = i + 1;
    }
  else if (self->pending_pin != NULL)
    g_strv_builder_add (builder, self->pending_pin);
  for (guint i = start; rundown[i] != NULL && added < ON_AIR_AHEAD; i++, added++)
    g_strv_builder_add (builder, rundown[i]);
  ids = g_strv_builder_end (builder);
  sc_inventory_sync_set_on_air (self->sync, (const char * const *)ids);
}

typedef struct {
  ScStudio *self;
  char     *uri;
} ImageFetch;

static void
image_fetch_free (ImageFetch *fetch)
{
  g_object_unref (fetch->self);
  g_free (fetch->uri);
  g_free (fetch);
}

static void
image_fetched_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ImageFetch *fetch = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = sc_image_cache_fetch_finish (SC_IMAGE_CACHE (object), result, &error);

  if (path != NULL)
    sc_overlay_scene_set_image_location (fetch->self->scene, fetch->uri, path);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      JsonObject *fields = json_object_new ();

      /* The card keeps its placeholder; the show goes on. */
      json_object_set_string_member (fields, "domain", "shop-image");
      json_object_set_int_member (fields, "code", error->code);
      json_object_set_string_member (fields, "message", error->message);
      log_event (fetch->self, "error", fields);
    }
  image_fetch_free (fetch);
}

/* Shop images are downloaded once into the disk cache, then drawn from there. */
static void
ensure_image (ScStudio  *self,
              ScProduct *product)
{
  const char *uri = sc_product_get_image_uri (product);
  g_autofree char *cached = NULL;
  ImageFetch *fetch;

  if (self->images == NULL || uri == NULL ||
      (!g_str_has_prefix (uri, "https://") && !g_str_has_prefix (uri, "http://")))
    return;
  cached = sc_image_cache_lookup (self->images, uri);
  if (cached != NULL)
    {
      sc_overlay_scene_set_image_location (self->scene, uri, cached);
      return;
    }
  fetch = g_new0 (ImageFetch, 1);
  fetch->self = g_object_ref (self);
  fetch->uri = g_strdup (uri);
  sc_image_cache_fetch_async (self->images, uri, self->cancellable, image_fetched_cb, fetch);
}

static void set_pinned (ScStudio *self, ScProduct *product);

static void
catalog_changed_cb (GListModel *catalog,
                    guint       position,
                    guint       removed,
                    guint       added,
                    ScStudio   *self)
{
  ScProduct *product;

  /* Products that arrive from the shop get their claim codes like the file's. */
  if (added > 0)
    sc_show_apply_claim_codes (self->show);

  /* The show's pin names a shop product that had not arrived yet. */
  if (self->pending_pin == NULL)
    return;
  product = sc_catalog_lookup (SC_CATALOG (catalog), self->pending_pin);
  if (product != NULL)
    set_pinned (self, product);
}

static void
sync_state_cb (ScInventorySync *sync,
               GParamSpec      *pspec,
               ScStudio        *self)
{
  JsonObject *fields = json_object_new ();
  GDateTime *synced_at = sc_inventory_sync_get_synced_at (sync);
  g_autoptr(GEnumClass) states = g_type_class_ref (SC_TYPE_INVENTORY_SYNC_STATE);
  GEnumValue *state = g_enum_get_value (states, sc_inventory_sync_get_state (sync));

  json_object_set_string_member (fields, "provider",
                                 sc_shop_kind_to_string (sc_show_get_shop (self->show)->kind));
  json_object_set_string_member (fields, "state", state ? state->value_nick : "unknown");
  json_object_set_boolean_member (fields, "stale", sc_inventory_sync_get_stale (sync));
  if (synced_at != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *iso = g_date_time_format_iso8601 (synced_at);

      json_object_set_string_member (fields, "synced_at", iso);
      json_object_set_double_member (fields, "age_s",
                                     round2 ((double)g_date_time_difference (now, synced_at) /
                                             G_USEC_PER_SEC));
    }
  else
    json_object_set_null_member (fields, "synced_at");
  json_object_set_int_member (fields, "products",
                              g_list_model_get_n_items (G_LIST_MODEL (sc_show_get_catalog (self->show))));
  if (sc_inventory_sync_get_error (sync) != NULL)
    json_object_set_string_member (fields, "error", sc_inventory_sync_get_error (sync));
  else
    json_object_set_null_member (fields, "error");
  log_event (self, "catalog-sync", fields);
}

static void
sync_progress_cb (ScInventorySync *sync,
                  guint            pages,
                  guint            products,
                  ScStudio        *self)
{
  JsonObject *fields = json_object_new ();

  json_object_set_int_member (fields, "pages", pages);
  json_object_set_int_member (fields, "products", products);
  log_event (self, "catalog-progress", fields);
}

static void
sync_synced_cb (ScInventorySync *sync,
                guint            added,
                guint            updated,
                guint            removed,
                ScStudio        *self)
{
  JsonObject *fields = json_object_new ();

  json_object_set_int_member (fields, "added", added);
  json_object_set_int_member (fields, "updated", updated);
  json_object_set_int_member (fields, "removed", removed);
  json_object_set_int_member (fields, "products",
                              g_list_model_get_n_items (G_LIST_MODEL (sc_show_get_catalog (self->show))));
  log_event (self, "catalog-synced", fields);
}

static void
sync_stock_changed_cb (ScInventorySync *sync,
                       ScProduct       *product,
                       gint64           old_stock,
                       gint64           stock,
                       ScStudio        *self)
{
  /* The pinned product reports through its own notify, whatever changed it. */
  if (product != self->pinned)
    log_stock_change (self, product, old_stock, stock);
}

static void
sync_failed_cb (ScInventorySync *sync,
                GError          *error,
                ScStudio        *self)
{
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields, "domain", g_quark_to_string (error->domain));
  json_object_set_int_member (fields, "code", error->code);
  json_object_set_string_member (fields, "message", error->message);
  log_event (self, "error", fields);
}

/* The show's shop: provider, image cache and the sync, started at once so a
 * cached catalog is there before the first frame. */
static gboolean
start_shop (ScStudio  *self,
            GError   **error)
{
  const ScShopConfig *config = sc_show_get_shop (self->show);
  ScCatalog *catalog = sc_show_get_catalog (self->show);
  g_autofree char *image_dir = NULL;

  if (config == NULL)
    return TRUE;
  self->provider = sc_shop_provider_new_for_config (config, error);
  if (self->provider == NULL)
    return FALSE;
  image_dir = config->cache_dir != NULL
              ? g_strdup (config->cache_dir)
              : g_build_filename (g_get_user_cache_dir (), "shopcast", NULL);
  self->images = sc_image_cache_new (image_dir);
  self->sync = sc_inventory_sync_new (self->provider, catalog, config);
  g_signal_connect (self->sync, "notify::state", G_CALLBACK (sync_state_cb), self);
  g_signal_connect (self->sync, "progress", G_CALLBACK (sync_progress_cb), self);
  g_signal_connect (self->sync, "synced", G_CALLBACK (sync_synced_cb), self);
  g_signal_connect (self->sync, "stock-changed", G_CALLBACK (sync_stock_changed_cb), self);
  g_signal_connect (self->sync, "failed", G_CALLBACK (sync_failed_cb), self);
  g_signal_connect (catalog, "items-changed", G_CALLBACK (catalog_changed_cb), self);
  sc_inventory_sync_start (self->sync);
  return TRUE;
}

static void
log_pinned (ScStudio *self)
{
  JsonObject *fields = json_object_new ();

  if (self->pinned != NULL)
    {
      json_object_set_string_member (fields, "product_id", sc_product_get_id (self->pinned));
      json_object_set_string_member (fields, "title", sc_product_get_title (self->pinned));
    }
  else
    json_object_set_null_member (fields, "product_id");
  log_event (self, "pinned", fields);
}

static void
set_pinned (ScStudio  *self,
            ScProduct *product)
{
  if (self->pinned == product)
    return;
  if (self->pinned != NULL)
    g_signal_handlers_disconnect_by_data (self->pinned, self);
  g_set_object (&self->pinned, product);
  g_clear_pointer (&self->pending_pin, g_free);
  if (product != NULL)
    {
      self->pinned_stock = sc_product_get_stock (product);
      g_signal_connect (product, "notify::stock", G_CALLBACK (pinned_stock_cb), self);
      g_signal_connect (product, "notify::image-uri", G_CALLBACK (pinned_image_cb), self);
      ensure_image (self, product);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PINNED]);
  sc_overlay_scene_set_product (self->scene, product);
  sc_overlay_scene_set_claimed (self->scene,
                                self->claims != NULL && product != NULL
                                ? sc_claim_detector_get_claimed (self->claims,
                                                                 sc_product_get_id (product))
                                : 0);
  update_on_air (self);

  /* Before the show starts, show-started is followed by the pin anyway. */
  if (self->state != SC_STUDIO_STATE_IDLE)
    log_pinned (self);
}

/* ---- chat -------------------------------------------------------------- */

static void
set_chat_fields (JsonObject    *fields,
                 ScChatMessage *message)
{
  json_object_set_string_member (fields, "platform", sc_chat_message_get_platform (message));
  json_object_set_string_member (fields, "id", sc_chat_message_get_id (message));
  json_object_set_string_member (fields, "author", sc_chat_message_get_author (message));
}

static void
feed_message_added_cb (ScChatFeed    *feed,
                       ScChatMessage *message,
                       ScStudio      *self)
{
  JsonObject *fields = json_object_new ();
  g_autoptr(ScClaim) claim = NULL;

  sc_overlay_scene_push_chat (self->scene, message);
  set_chat_fields (fields, message);
  json_object_set_string_member (fields, "text", sc_chat_message_get_text (message));
  if (sc_chat_message_get_action (message))
    json_object_set_boolean_member (fields, "action", TRUE);
  log_event (self, "chat", fields);
  claim = sc_claim_detector_process (self->claims, message);
}

static void
feed_message_blocked_cb (ScChatFeed    *feed,
                         ScChatMessage *message,
                         const char    *reason,
                         ScStudio      *self)
{
  JsonObject *fields = json_object_new ();

  /* The log keeps who and why, never the blocked text itself. */
  set_chat_fields (fields, message);
  json_object_set_string_member (fields, "reason", reason);
  log_event (self, "chat-blocked", fields);
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
  log_event (self, "chat-removed", fields);
}

static void
feed_cleared_cb (ScChatFeed *feed,
                 ScStudio   *self)
{
  sc_overlay_scene_clear_chat (self->scene);
  if (self->featured_id != NULL)
    sc_studio_set_featured (self, NULL);
  log_event (self, "chat-cleared", NULL);
}

static void
log_claim (ScStudio      *self,
           const char    *event,
           const ScClaim *claim)
{
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields, "platform", claim->platform);
  json_object_set_string_member (fields, "message_id", claim->message_id);
  json_object_set_string_member (fields, "author", claim->author);
  json_object_set_string_member (fields, "code", claim->code);
  json_object_set_string_member (fields, "product_id", claim->product_id);
  json_object_set_string_member (fields, "title", claim->product_title);
  if (claim->variant != NULL)
    json_object_set_string_member (fields, "variant", claim->variant);
  else
    json_object_set_null_member (fields, "variant");
  json_object_set_int_member (fields, "quantity", claim->quantity);
  json_object_set_int_member (fields, "claimed",
                              sc_claim_detector_get_claimed (self->claims, claim->product_id));
  log_event (self, event, fields);
}

static void
claim_cb (ScClaimDetector *claims,
          ScClaim         *claim,
          ScStudio        *self)
{
  log_claim (self, "claim", claim);
}

static void
claim_waitlisted_cb (ScClaimDetector *claims,
                     ScClaim         *claim,
                     ScStudio        *self)
{
  log_claim (self, "claim-waitlisted", claim);
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

  if (product == NULL)
    return NULL;
  target = sc_claim_target_new (sc_product_get_id (product), sc_product_get_title (product),
                                sc_product_get_stock (product));
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
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields, "platform", sc_chat_source_get_platform (source));
  json_object_set_string_member (fields, "state",
                                 sc_chat_source_state_to_string (sc_chat_source_get_state (source)));
  log_event (self, "chat-source", fields);
}

static void
chat_source_problem_cb (ScChatSource *source,
                        GError       *error,
                        ScStudio     *self)
{
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields, "platform", sc_chat_source_get_platform (source));
  json_object_set_string_member (fields, "domain", g_quark_to_string (error->domain));
  json_object_set_int_member (fields, "code", error->code);
  json_object_set_string_member (fields, "message", error->message);
  log_event (self, "chat-problem", fields);
}

static void
add_chat_source (ScStudio     *self,
                 ScChatSource *source)
{
  g_signal_connect (source, "notify::state", G_CALLBACK (chat_source_state_cb), self);
  g_signal_connect (source, "problem", G_CALLBACK (chat_source_problem_cb), self);
  sc_chat_feed_add_source (self->feed, source);
  g_ptr_array_add (self->chat_sources, g_object_ref (source));
  sc_chat_source_start (source);
}

/* The demo script and the show's Twitch and YouTube chats, merged and
 * moderated by the feed, with claims detected on what passed. */
static void
start_chat (ScStudio *self)
{
  GPtrArray *configs = sc_show_get_chat_sources (self->show);

  self->feed = sc_chat_feed_new (CHAT_CAPACITY);
  sc_chat_feed_set_blocked_words (self->feed, sc_show_get_blocked_words (self->show));
  sc_chat_feed_set_blocked_authors (self->feed, sc_show_get_blocked_authors (self->show));
  g_signal_connect (self->feed, "message-added", G_CALLBACK (feed_message_added_cb), self);
  g_signal_connect (self->feed, "message-blocked", G_CALLBACK (feed_message_blocked_cb), self);
  g_signal_connect (self->feed, "message-removed", G_CALLBACK (feed_message_removed_cb), self);
  g_signal_connect (self->feed, "cleared", G_CALLBACK (feed_cleared_cb), self);

  self->claims = sc_claim_detector_new ();
  sc_claim_detector_set_keywords (self->claims, sc_show_get_claim_keywords (self->show));
  sc_claim_detector_set_lookup (self->claims, lookup_claim_target, self, NULL);
  g_signal_connect (self->claims, "claim", G_CALLBACK (claim_cb), self);
  g_signal_connect (self->claims, "claim-waitlisted", G_CALLBACK (claim_waitlisted_cb), self);
  g_signal_connect (self->claims, "claimed-changed", G_CALLBACK (claimed_changed_cb), self);

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

static void
stop_chat (ScStudio *self)
{
  for (guint i = 0; self->chat_sources != NULL && i < self->chat_sources->len; i++)
    sc_chat_source_stop (g_ptr_array_index (self->chat_sources, i));
}

/* ---- pipeline ---------------------------------------------------------- */

static void
source_failed_cb (ScPipeline *pipeline,
                  const char *id,
                  const char *kind,
                  const char *message,
                  ScStudio   *self)
{
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields, "source", id);
  json_object_set_string_member (fields, "kind", kind);
  json_object_set_string_member (fields, "error", message);
  json_object_set_string_member (fields, "replacement",
                                 g_str_equal (kind, "microphone") || g_str_equal (kind, "test-tone")
                                 ? "silence" : "slate");
  log_event (self, "source-failed", fields);
  g_signal_emit (self, signals[SOURCE_FAILED], 0, id, kind, message);
}

static void
preview_frame_cb (ScPipeline *pipeline,
                  GBytes     *pixels,
                  int         width,
                  int         height,
                  int         stride,
                  ScStudio   *self)
{
  g_signal_emit (self, signals[PREVIEW_FRAME], 0, pixels, width, height, stride);
}

static void
pipeline_failed_cb (ScPipeline *pipeline,
                    GError     *error,
                    ScStudio   *self)
{
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields, "domain", g_quark_to_string (error->domain));
  json_object_set_int_member (fields, "code", error->code);
  json_object_set_string_member (fields, "message", error->message);
  log_event (self, "error", fields);
  g_clear_error (&self->error);
  self->error = g_error_copy (error);
  set_state (self, SC_STUDIO_STATE_FAILED);
}

static void
write_stats (ScStudio *self)
{
  ScPipelineStats stats;
  GListModel *outputs = G_LIST_MODEL (self->outputs);
  JsonObject *fields = json_object_new ();
  JsonArray *array = json_array_new ();
  gint64 now = g_get_monotonic_time ();
  double dt = self->last_stats_time > 0
              ? (double)(now - self->last_stats_time) / G_USEC_PER_SEC : 0.0;

  sc_pipeline_get_stats (self->pipeline, &stats);
  /* Frames encoded since the previous line, over the time since then. */
  /* A short interval (the last line, written when the show ends) keeps the
   * previous rate rather than reporting the noise of a few frames. */
  if (dt >= 0.5)
    self->last_fps = round2 ((double)(stats.frames - self->last_frames) / dt);
  json_object_set_double_member (fields, "fps", self->last_fps);
  self->last_frames = stats.frames;
  json_object_set_int_member (fields, "frames", (gint64)stats.frames);
  json_object_set_int_member (fields, "render_drops", (gint64)stats.render_drops);
  json_object_set_int_member (fields, "overlay_updates", (gint64)stats.overlay_updates);

  /* Every output this show started, finished ones included (the last line). */
  for (guint i = 0; i < g_list_model_get_n_items (outputs); i++)
    {
      g_autoptr(ScOutput) output = g_list_model_get_item (outputs, i);
      JsonObject *o;
      guint64 bytes;
      guint64 previous;

      if (sc_output_get_state (output) == SC_OUTPUT_STATE_IDLE)
        continue;
      o = output_object (output);
      bytes = sc_output_get_bytes (output);
      previous = GPOINTER_TO_SIZE (g_hash_table_lookup (self->last_bytes, output));
      json_object_set_boolean_member (o, "recording", sc_output_is_recording (output));
      json_object_set_int_member (o, "bytes", (gint64)bytes);
      json_object_set_double_member (o, "kbps",
                                     dt > 0 && bytes >= previous
                                     ? round2 ((double)(bytes - previous) * 8 / 1000 / dt) : 0.0);
      json_object_set_int_member (o, "dropped_frames",
                                  (gint64)sc_output_get_dropped_frames (output));
      json_object_set_int_member (o, "reconnects", sc_output_get_reconnects (output));
      json_array_add_object_element (array, o);
      g_hash_table_insert (self->last_bytes, output, GSIZE_TO_POINTER ((gsize)bytes));
    }
  json_object_set_array_member (fields, "outputs", array);
  self->last_stats_time = now;
  log_event (self, "stats", fields);
}

static gboolean
stats_cb (gpointer data)
{
  write_stats (data);
  return G_SOURCE_CONTINUE;
}

static void
output_state_cb (ScOutput   *output,
                 GParamSpec *pspec,
                 ScStudio   *self)
{
  JsonObject *fields = output_object (output);
  double next = sc_output_get_next_retry (output);

  json_object_set_int_member (fields, "attempt", sc_output_get_attempt (output));
  if (next >= 0)
    json_object_set_double_member (fields, "next_retry_s", round2 (next));
  else
    json_object_set_null_member (fields, "next_retry_s");
  if (sc_output_get_last_error (output) != NULL &&
      sc_output_get_state (output) != SC_OUTPUT_STATE_LIVE)
    json_object_set_string_member (fields, "error", sc_output_get_last_error (output));
  else
    json_object_set_null_member (fields, "error");
  log_event (self, "output-state", fields);

  if (sc_output_is_recording (output) && sc_output_get_state (output) == SC_OUTPUT_STATE_STOPPED)
    {
      fields = json_object_new ();
      json_object_set_string_member (fields, "path", sc_output_get_display_url (output));
      log_event (self, "recording-finished", fields);
    }
}

static void log_live_ended (ScStudio *self);

static void
pipeline_stopped_cb (ScPipeline *pipeline,
                     ScStudio   *self)
{
  JsonObject *fields = json_object_new ();

  g_clear_handle_id (&self->stats_source, g_source_remove);
  stop_chat (self);
  write_stats (self);
  if (self->live_started_at > 0)
    log_live_ended (self);

  json_object_set_string_member (fields, "reason",
                                 self->state == SC_STUDIO_STATE_FAILED ? "error" : "stopped");
  json_object_set_double_member (fields, "duration_s",
                                 round2 ((double)(g_get_monotonic_time () - self->started_at) /
                                         G_USEC_PER_SEC));
  log_event (self, "show-ended", fields);
  if (self->log != NULL)
    sc_event_log_flush (self->log);

  if (self->state != SC_STUDIO_STATE_FAILED)
    set_state (self, SC_STUDIO_STATE_STOPPED);
  if (!self->stopped_emitted)
    {
      self->stopped_emitted = TRUE;
      g_signal_emit (self, signals[STOPPED], 0);
    }
}

/* ---- GObject ----------------------------------------------------------- */

static void
sc_studio_dispose (GObject *object)
{
  ScStudio *self = (ScStudio *)object;

  g_clear_handle_id (&self->stats_source, g_source_remove);
  g_clear_handle_id (&self->overlay_timeout, g_source_remove);
  if (self->pinned != NULL)
    g_signal_handlers_disconnect_by_data (self->pinned, self);
  g_clear_object (&self->pinned);
  stop_chat (self);
  for (guint i = 0; self->chat_sources != NULL && i < self->chat_sources->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->chat_sources, i), self);
  g_clear_pointer (&self->chat_sources, g_ptr_array_unref);
  if (self->feed != NULL)
    g_signal_handlers_disconnect_by_data (self->feed, self);
  g_clear_object (&self->feed);
  if (self->claims != NULL)
    g_signal_handlers_disconnect_by_data (self->claims, self);
  g_clear_object (&self->claims);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->sync != NULL)
    {
      sc_inventory_sync_cancel (self->sync);
      g_signal_handlers_disconnect_by_data (self->sync, self);
    }
  if (self->show != NULL)
    g_signal_handlers_disconnect_by_data (sc_show_get_catalog (self->show), self);
  g_clear_object (&self->sync);
  g_clear_object (&self->provider);
  g_clear_object (&self->images);
  g_clear_pointer (&self->pending_pin, g_free);
  g_clear_pointer (&self->featured_id, g_free);
  for (guint i = 0; self->outputs != NULL &&
       i < g_list_model_get_n_items (G_LIST_MODEL (self->outputs)); i++)
    {
      g_autoptr(ScOutput) output = g_list_model_get_item (G_LIST_MODEL (self->outputs), i);

      g_signal_handlers_disconnect_by_data (output, self);
    }
  g_clear_object (&self->outputs);
  g_clear_pointer (&self->disabled, g_hash_table_unref);
  g_clear_pointer (&self->live_recording, g_free);
  if (self->pipeline != NULL)
    g_signal_handlers_disconnect_by_data (self->pipeline, self);
  g_clear_object (&self->pipeline);
  if (self->scene != NULL)
    g_signal_handlers_disconnect_by_data (self->scene, self);
  g_clear_object (&self->scene);
  g_clear_object (&self->log);
  g_clear_object (&self->show);
  g_clear_pointer (&self->extra_urls, g_ptr_array_unref);
  g_clear_pointer (&self->last_bytes, g_hash_table_unref);
  g_clear_pointer (&self->recording_path, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (sc_studio_parent_class)->dispose (object);
}

static void
sc_studio_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  ScStudio *self = SC_STUDIO (object);

  switch (prop_id)
    {
    case PROP_SHOW:
      g_value_set_object (value, self->show);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PINNED:
      g_value_set_object (value, self->pinned);
      break;
    case PROP_LAYOUT:
      g_value_set_int (value, self->layout);
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, self->muted);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_studio_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  ScStudio *self = SC_STUDIO (object);

  switch (prop_id)
    {
    case PROP_SHOW:
      self->show = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_studio_constructed (GObject *object)
{
  ScStudio *self = (ScStudio *)object;
  const ScEncodingConfig *encoding = sc_show_get_encoding (self->show);
  GPtrArray *sources = sc_show_get_sources (self->show);

  G_OBJECT_CLASS (sc_studio_parent_class)->constructed (object);

  self->layout = sc_show_get_layout (self->show);
  self->pipeline = sc_pipeline_new (encoding);
  for (guint i = 0; i < sources->len; i++)
    sc_pipeline_add_source (self->pipeline, g_ptr_array_index (sources, i));
  sc_pipeline_set_layout (self->pipeline, self->layout);
  g_signal_connect (self->pipeline, "source-failed", G_CALLBACK (source_failed_cb), self);
  g_signal_connect (self->pipeline, "preview-frame", G_CALLBACK (preview_frame_cb), self);
  g_signal_connect (self->pipeline, "failed", G_CALLBACK (pipeline_failed_cb), self);
  g_signal_connect (self->pipeline, "stopped", G_CALLBACK (pipeline_stopped_cb), self);

  self->scene = sc_overlay_scene_new (encoding->width, encoding->height);
  sc_overlay_scene_set_layout (self->scene, self->layout);
  sc_overlay_scene_set_brand_kit (self->scene, sc_show_get_brand_kit (self->show));
  sc_overlay_scene_set_title (self->scene, sc_show_get_title (self->show));
  sc_overlay_scene_set_low_stock_threshold (self->scene,
                                            sc_show_get_low_stock_threshold (self->show));
  sc_overlay_scene_set_chat_visible (self->scene, sc_show_get_chat_visible (self->show));
  sc_overlay_scene_set_chat_lines (self->scene, sc_show_get_chat_lines (self->show));
  g_signal_connect (self->scene, "changed", G_CALLBACK (scene_changed_cb), self);
  g_signal_connect (self->scene, "image-failed", G_CALLBACK (scene_image_failed_cb), self);
}

static void
sc_studio_class_init (ScStudioClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sc_studio_constructed;
  object_class->dispose = sc_studio_dispose;
  object_class->get_property = sc_studio_get_property;
  object_class->set_property = sc_studio_set_property;

  properties[PROP_SHOW] =
    g_param_spec_object ("show", NULL, NULL, SC_TYPE_SHOW,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SC_TYPE_STUDIO_STATE, SC_STUDIO_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PINNED] =
    g_param_spec_object ("pinned", NULL, NULL, SC_TYPE_PRODUCT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LAYOUT] =
    g_param_spec_int ("layout", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MUTED] =
    g_param_spec_boolean ("muted", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PREVIEW_FRAME] =
    g_signal_new ("preview-frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_BYTES, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT);
  signals[SOURCE_FAILED] =
    g_signal_new ("source-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  signals[AUDIO_LEVEL] =
    g_signal_new ("audio-level", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  signals[LIVE_STARTED] =
    g_signal_new ("live-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[LIVE_ENDED] =
    g_signal_new ("live-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[STOPPED] =
    g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sc_studio_init (ScStudio *self)
{
  self->cancellable = g_cancellable_new ();
  self->chat_sources = g_ptr_array_new_with_free_func (g_object_unref);
  self->extra_urls = g_ptr_array_new_with_free_func (g_free);
  self->last_bytes = g_hash_table_new (NULL, NULL);
  self->outputs = g_list_store_new (SC_TYPE_OUTPUT);
  self->disabled = g_hash_table_new (NULL, NULL);
}

ScStudio *
sc_studio_new (ScShow *show)
{
  g_return_val_if_fail (SC_IS_SHOW (show), NULL);

  return g_object_new (SC_TYPE_STUDIO, "show", show, NULL);
}

ScShow *
sc_studio_get_show (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), NULL);
  return self->show;
}

ScStudioState
sc_studio_get_state (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), SC_STUDIO_STATE_IDLE);
  return self->state;
}

void
sc_studio_set_event_log (ScStudio   *self,
                         ScEventLog *log)
{
  g_return_if_fail (SC_IS_STUDIO (self));
  g_set_object (&self->log, log);
}

void
sc_studio_set_preview_width (ScStudio *self,
                             int       max_width)
{
  g_return_if_fail (SC_IS_STUDIO (self));
  self->preview_width = max_width;
}

void
sc_studio_add_output_url (ScStudio   *self,
                          const char *url)
{
  g_return_if_fail (SC_IS_STUDIO (self));
  g_ptr_array_add (self->extra_urls, g_strdup (url));
}

void
sc_studio_set_recording_path (ScStudio   *self,
                              const char *path)
{
  g_return_if_fail (SC_IS_STUDIO (self));
  g_free (self->recording_path);
  self->recording_path = g_strdup (path);
}

/* ---- outputs and the live phase ----------------------------------------- */

static void
output_finished_cb (ScOutput *output,
                    ScStudio *self);

/* The show's destinations and the recording as IDLE outputs: what go_live
 * starts. Made anew for each live session so every one starts clean. */
static void
build_outputs (ScStudio *self)
{
  const ScEncodingConfig *encoding = sc_show_get_encoding (self->show);
  GPtrArray *configs = sc_show_get_outputs (self->show);
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) was_disabled = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                              g_free, NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->outputs));

  /* What the host switched off stays off in the next session (by name). */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScOutput) old = g_list_model_get_item (G_LIST_MODEL (self->outputs), i);

      if (g_hash_table_contains (self->disabled, old))
        g_hash_table_add (was_disabled, g_strdup (sc_output_get_name (old)));
      g_signal_handlers_disconnect_by_data (old, self);
    }
  g_hash_table_remove_all (self->disabled);
  g_hash_table_remove_all (self->last_bytes);

  for (guint i = 0; i < configs->len; i++)
    {
      const ScOutputConfig *config = g_ptr_array_index (configs, i);

      if (config->enabled)
        g_ptr_array_add (made, sc_output_new_rtmp (config, encoding));
    }
  for (guint i = 0; i < self->extra_urls->len; i++)
    {
      g_autofree char *name = g_strdup_printf (_("Destination %u"), configs->len + i + 1);
      g_autoptr(ScOutputConfig) config =
        sc_output_config_new (name, g_ptr_array_index (self->extra_urls, i));

      g_ptr_array_add (made, sc_output_new_rtmp (config, encoding));
    }
  if (self->recording_path != NULL || sc_show_get_recording_enabled (self->show))
    {
      g_autofree char *path = self->recording_path != NULL
                              ? g_strdup (self->recording_path)
                              : sc_show_build_recording_path (self->show, NULL);

      g_ptr_array_add (made, sc_output_new_recording (path,
                                                      sc_show_get_recording_format (self->show)));
    }

  for (guint i = 0; i < made->len; i++)
    {
      ScOutput *output = g_ptr_array_index (made, i);

      g_signal_connect (output, "notify::state", G_CALLBACK (output_state_cb), self);
      g_signal_connect_after (output, "finished", G_CALLBACK (output_finished_cb), self);
      if (g_hash_table_contains (was_disabled, sc_output_get_name (output)))
        g_hash_table_add (self->disabled, output);
    }
  g_list_store_splice (self->outputs, 0, n, made->pdata, made->len);
}

static void
start_live_output (ScStudio *self,
                   ScOutput *output)
{
  if (sc_output_is_recording (output))
    {
      JsonObject *fields = json_object_new ();

      g_free (self->live_recording);
      self->live_recording = g_strdup (sc_output_get_display_url (output));
      json_object_set_string_member (fields, "path", self->live_recording);
      log_event (self, "recording-started", fields);
    }
  sc_pipeline_add_output (self->pipeline, output);
}

static void
log_live_ended (ScStudio *self)
{
  JsonObject *fields = json_object_new ();

  json_object_set_double_member (fields, "duration_s", round2 (sc_studio_get_live_elapsed (self)));
  self->live_started_at = 0;
  log_event (self, "live-ended", fields);
}

static void
output_finished_cb (ScOutput *output,
                    ScStudio *self)
{
  /* Out of the fan-out: nothing more is pushed to a finished output. */
  sc_pipeline_remove_output (self->pipeline, output);

  if (self->state != SC_STUDIO_STATE_ENDING || self->outputs_ending == 0)
    return;
  if (--self->outputs_ending > 0)
    return;
  log_live_ended (self);
  set_state (self, SC_STUDIO_STATE_REHEARSAL);
  g_signal_emit (self, signals[LIVE_ENDED], 0);
}

static gboolean
output_is_running (ScOutput *output)
{
  ScOutputState state = sc_output_get_state (output);

  return state != SC_OUTPUT_STATE_IDLE && state != SC_OUTPUT_STATE_STOPPED &&
         state != SC_OUTPUT_STATE_FAILED;
}

gboolean
sc_studio_go_live (ScStudio  *self,
                   GError   **error)
{
  JsonObject *fields;
  JsonArray *names;
  guint n;

  g_return_val_if_fail (SC_IS_STUDIO (self), FALSE);

  if (self->state != SC_STUDIO_STATE_REHEARSAL)
    {
      g_set_error (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_INVALID,
                   _("The show can go live only from rehearsal (it is %s)"),
                   sc_studio_state_to_string (self->state));
      return FALSE;
    }

  /* A second live session of the same show starts from fresh outputs. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->outputs));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScOutput) output = g_list_model_get_item (G_LIST_MODEL (self->outputs), i);

      if (sc_output_get_state (output) != SC_OUTPUT_STATE_IDLE)
        {
          build_outputs (self);
          break;
        }
    }

  self->live_started_at = g_get_monotonic_time ();
  names = json_array_new ();
  n = g_list_model_get_n_items (G_LIST_MODEL (self->outputs));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScOutput) output = g_list_model_get_item (G_LIST_MODEL (self->outputs), i);

      if (g_hash_table_contains (self->disabled, output))
        continue;
      start_live_output (self, output);
      json_array_add_object_element (names, output_object (output));
    }
  /* Every destination starts at a keyframe: ask for one now, not in 2 s. */
  sc_pipeline_force_keyframe (self->pipeline);

  fields = json_object_new ();
  json_object_set_array_member (fields, "outputs", names);
  log_event (self, "live-started", fields);
  set_state (self, SC_STUDIO_STATE_LIVE);
  g_signal_emit (self, signals[LIVE_STARTED], 0);
  return TRUE;
}

void
sc_studio_end_show (ScStudio *self)
{
  g_autoptr(GPtrArray) running = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  g_return_if_fail (SC_IS_STUDIO (self));

  if (self->state != SC_STUDIO_STATE_LIVE)
    return;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->outputs));
  for (guint i = 0; i < n; i++)
    {
      ScOutput *output = g_list_model_get_item (G_LIST_MODEL (self->outputs), i);

      if (output_is_running (output))
        g_ptr_array_add (running, output);
      else
        {
          /* Failed or never started: nothing to drain. */
          sc_pipeline_remove_output (self->pipeline, output);
          g_object_unref (output);
        }
    }
  set_state (self, SC_STUDIO_STATE_ENDING);
  self->outputs_ending = running->len;
  if (running->len == 0)
    {
      log_live_ended (self);
      set_state (self, SC_STUDIO_STATE_REHEARSAL);
      g_signal_emit (self, signals[LIVE_ENDED], 0);
      return;
    }
  for (guint i = 0; i < running->len; i++)
    sc_output_finish (g_ptr_array_index (running, i));
}

GListModel *
sc_studio_get_outputs (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), NULL);
  return G_LIST_MODEL (self->outputs);
}

void
sc_studio_set_output_enabled (ScStudio *self,
                              ScOutput *output,
                              gboolean  enabled)
{
  JsonObject *fields;

  g_return_if_fail (SC_IS_STUDIO (self));
  g_return_if_fail (SC_IS_OUTPUT (output));

  if (enabled == !g_hash_table_contains (self->disabled, output))
    return;
  if (enabled)
    g_hash_table_remove (self->disabled, output);
  else
    g_hash_table_add (self->disabled, output);

  if (self->state == SC_STUDIO_STATE_LIVE)
    {
      if (!enabled && output_is_running (output))
        sc_output_finish (output);
      else if (enabled && sc_output_get_state (output) == SC_OUTPUT_STATE_IDLE)
        {
          start_live_output (self, output);
          sc_pipeline_force_keyframe (self->pipeline);
        }
    }

  fields = output_object (output);
  json_object_set_boolean_member (fields, "enabled", enabled);
  log_event (self, "output-enabled", fields);
}

gboolean
sc_studio_get_output_enabled (ScStudio *self,
                              ScOutput *output)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), FALSE);
  return !g_hash_table_contains (self->disabled, output);
}

const char *
sc_studio_get_recording_path (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), NULL);
  return self->live_recording;
}

double
sc_studio_get_live_elapsed (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), 0.0);

  if (self->live_started_at <= 0)
    return 0.0;
  return (double)(g_get_monotonic_time () - self->live_started_at) / G_USEC_PER_SEC;
}

void
sc_studio_get_stats (ScStudio        *self,
                     ScPipelineStats *stats)
{
  g_return_if_fail (SC_IS_STUDIO (self));
  sc_pipeline_get_stats (self->pipeline, stats);
}

gboolean
sc_studio_start (ScStudio  *self,
                 GError   **error)
{
  const ScEncodingConfig *encoding;
  JsonObject *fields;
  const char *pinned;

  g_return_val_if_fail (SC_IS_STUDIO (self), FALSE);
  g_return_val_if_fail (self->state == SC_STUDIO_STATE_IDLE, FALSE);

  encoding = sc_show_get_encoding (self->show);
  set_state (self, SC_STUDIO_STATE_STARTING);
  /* Every show is first-party data: its events also go to the show database. */
  if (self->log == NULL)
    self->log = sc_event_log_new ();
  {
    g_autofree char *db_path = g_build_filename (g_get_user_data_dir (), "shopcast",
                                                 "shows.sqlite", NULL);
    g_autoptr(GError) db_error = NULL;

    if (!sc_event_log_set_database (self->log, db_path, sc_show_get_title (self->show),
                                    &db_error))
      g_warning ("%s", db_error->message);
  }
  sc_event_log_mark_start (self->log);
  self->started_at = g_get_monotonic_time ();

  fields = json_object_new ();
  json_object_set_string_member (fields, "title", sc_show_get_title (self->show));
  json_object_set_int_member (fields, "width", encoding->width);
  json_object_set_int_member (fields, "height", encoding->height);
  json_object_set_int_member (fields, "fps", encoding->fps);
  json_object_set_string_member (fields, "layout", sc_layout_kind_to_string (self->layout));
  log_event (self, "show-started", fields);

  /* Rehearsal: the outputs exist (the window shows them) but nothing is
   * streamed or recorded until go_live. */
  build_outputs (self);

  if (!start_shop (self, error))
    {
      if (error != NULL && *error != NULL)
        self->error = g_error_copy (*error);
      set_state (self, SC_STUDIO_STATE_FAILED);
      return FALSE;
    }

  /* A pin from the command line wins over the show file's. A shop's product
   * that is not in the catalog yet is pinned when it arrives. */
  pinned = sc_show_get_pinned (self->show);
  if (self->pinned == NULL && self->pending_pin == NULL && pinned != NULL)
    {
      ScProduct *product = sc_catalog_lookup (sc_show_get_catalog (self->show), pinned);

      if (product != NULL)
        set_pinned (self, product);
      else
        self->pending_pin = g_strdup (pinned);
    }
  else if (self->pinned != NULL)
    log_pinned (self);
  update_on_air (self);

  sc_pipeline_set_preview_width (self->pipeline, self->preview_width);
  /* The first overlay is drawn before the first frame, not a frame later. */
  {
    g_autoptr(GPtrArray) regions = sc_overlay_scene_render (self->scene);

    sc_pipeline_set_overlay (self->pipeline, regions);
  }
  if (!sc_pipeline_start (self->pipeline, error))
    {
      if (error != NULL && *error != NULL)
        self->error = g_error_copy (*error);
      set_state (self, SC_STUDIO_STATE_FAILED);
      return FALSE;
    }

  start_chat (self);
  self->last_stats_time = g_get_monotonic_time ();
  self->stats_source = g_timeout_add (1000, stats_cb, self);
  set_state (self, SC_STUDIO_STATE_REHEARSAL);
  return TRUE;
}

static void
start_in_idle (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ScStudio *self = source_object;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (sc_studio_start (self, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean
start_idle_cb (gpointer data)
{
  GTask *task = data;

  start_in_idle (task, g_task_get_source_object (task), NULL, g_task_get_cancellable (task));
  return G_SOURCE_REMOVE;
}

void
sc_studio_start_async (ScStudio            *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SC_IS_STUDIO (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_studio_start_async);
  /* The caller gets control back at once; the start runs from the main loop. */
  g_idle_add_full (G_PRIORITY_DEFAULT, start_idle_cb, g_object_ref (task), g_object_unref);
}

gboolean
sc_studio_start_finish (ScStudio      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sc_studio_stop (ScStudio *self)
{
  g_return_if_fail (SC_IS_STUDIO (self));

  if (self->state == SC_STUDIO_STATE_IDLE)
    {
      set_state (self, SC_STUDIO_STATE_STOPPED);
      self->stopped_emitted = TRUE;
      g_signal_emit (self, signals[STOPPED], 0);
      return;
    }
  if (self->state != SC_STUDIO_STATE_REHEARSAL && self->state != SC_STUDIO_STATE_LIVE &&
      self->state != SC_STUDIO_STATE_ENDING)
    return;
  set_state (self, SC_STUDIO_STATE_STOPPING);
  stop_chat (self);
  /* EOS drains the encoders into every output still in the fan-out. */
  sc_pipeline_stop (self->pipeline);
}

gboolean
sc_studio_set_layout (ScStudio     *self,
                      ScLayoutKind  layout)
{
  JsonObject *fields;

  g_return_val_if_fail (SC_IS_STUDIO (self), FALSE);

  if (self->layout == layout)
    return FALSE;
  self->layout = layout;
  sc_pipeline_set_layout (self->pipeline, layout);
  sc_overlay_scene_set_layout (self->scene, layout);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYOUT]);
  if (self->state == SC_STUDIO_STATE_IDLE)
    return TRUE;

  fields = json_object_new ();
  json_object_set_string_member (fields, "layout", sc_layout_kind_to_string (layout));
  log_event (self, "layout", fields);
  return TRUE;
}

gboolean
sc_studio_pin (ScStudio    *self,
               const char  *id_or_sku,
               GError     **error)
{
  ScProduct *product;

  g_return_val_if_fail (SC_IS_STUDIO (self), FALSE);

  product = sc_catalog_lookup (sc_show_get_catalog (self->show), id_or_sku);
  /* A shop's catalog arrives with the sync: pin it when it is there. */
  if (product == NULL && self->state == SC_STUDIO_STATE_IDLE &&
      sc_show_get_shop (self->show) != NULL &&
      sc_show_get_shop (self->show)->kind != SC_SHOP_KIND_LOCAL)
    {
      g_free (self->pending_pin);
      self->pending_pin = g_strdup (id_or_sku);
      return TRUE;
    }
  if (product == NULL)
    {
      g_set_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID,
                   _("No product with the id or SKU “%s” is in the catalog"), id_or_sku);
      return FALSE;
    }
  set_pinned (self, product);
  return TRUE;
}

ScProduct *
sc_studio_get_pinned (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), NULL);
  return self->pinned;
}

ScPipeline *
sc_studio_get_pipeline (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), NULL);
  return self->pipeline;
}

gboolean
sc_studio_snapshot (ScStudio    *self,
                    const char  *png_path,
                    GError     **error)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), FALSE);
  return sc_pipeline_snapshot (self->pipeline, png_path, error);
}

const GError *
sc_studio_get_error (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), NULL);
  return self->error;
}

void
sc_studio_set_featured (ScStudio      *self,
                        ScChatMessage *message)
{
  JsonObject *fields = json_object_new ();

  g_return_if_fail (SC_IS_STUDIO (self));

  g_free (self->featured_id);
  self->featured_id = message != NULL ? g_strdup (sc_chat_message_get_id (message)) : NULL;
  sc_overlay_scene_set_featured (self->scene, message);
  if (message != NULL)
    {
      json_object_set_string_member (fields, "id", sc_chat_message_get_id (message));
      json_object_set_string_member (fields, "author", sc_chat_message_get_author (message));
      json_object_set_string_member (fields, "text", sc_chat_message_get_text (message));
    }
  else
    json_object_set_null_member (fields, "id");
  log_event (self, "featured", fields);
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

ScLayoutKind
sc_studio_get_layout (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), SC_LAYOUT_SOLO);
  return self->layout;
}

void
sc_studio_unpin (ScStudio *self)
{
  g_return_if_fail (SC_IS_STUDIO (self));

  g_clear_pointer (&self->pending_pin, g_free);
  set_pinned (self, NULL);
}

/* The rundown as products of the catalog, in show order; the catalog's own
 * order when the show has none. Products the catalog lacks are skipped. */
static GPtrArray *
rundown_products (ScStudio *self)
{
  ScCatalog *catalog = sc_show_get_catalog (self->show);
  const char * const *rundown = sc_show_get_rundown (self->show);
  GPtrArray *products = g_ptr_array_new_with_free_func (g_object_unref);

  if (rundown != NULL && rundown[0] != NULL)
    {
      for (guint i = 0; rundown[i] != NULL; i++)
        {
          ScProduct *product = sc_catalog_lookup (catalog, rundown[i]);

          if (product != NULL)
            g_ptr_array_add (products, g_object_ref (product));
        }
    }
  else
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (catalog));

      for (guint i = 0; i < n; i++)
        g_ptr_array_add (products, g_list_model_get_item (G_LIST_MODEL (catalog), i));
    }
  return products;
}

static int
rundown_index (GPtrArray *products,
               ScProduct *product)
{
  guint index;

  if (product != NULL && g_ptr_array_find (products, product, &index))
    return (int)index;
  return -1;
}

ScProduct *
sc_studio_get_next_in_rundown (ScStudio *self)
{
  g_autoptr(GPtrArray) products = NULL;
  int index;

  g_return_val_if_fail (SC_IS_STUDIO (self), NULL);

  products = rundown_products (self);
  index = rundown_index (products, self->pinned);
  if (index + 1 >= (int)products->len)
    return NULL;
  /* Owned by the catalog, which outlives this array. */
  return g_ptr_array_index (products, index + 1);
}

gboolean
sc_studio_pin_step (ScStudio *self,
                    int       step)
{
  g_autoptr(GPtrArray) products = NULL;
  int index;

  g_return_val_if_fail (SC_IS_STUDIO (self), FALSE);
  g_return_val_if_fail (step == 1 || step == -1, FALSE);

  products = rundown_products (self);
  index = rundown_index (products, self->pinned);
  /* Nothing pinned: "next" starts the rundown, "previous" ends it. */
  if (index < 0)
    index = step > 0 ? 0 : (int)products->len - 1;
  else
    index += step;
  if (index < 0 || index >= (int)products->len)
    return FALSE;
  set_pinned (self, g_ptr_array_index (products, index));
  return TRUE;
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
  log_event (self, "author-blocked", fields);
}

ScClaimDetector *
sc_studio_get_claims (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), NULL);
  return self->claims;
}

void
sc_studio_set_muted (ScStudio *self,
                     gboolean  muted)
{
  JsonObject *fields;

  g_return_if_fail (SC_IS_STUDIO (self));

  muted = !!muted;
  if (self->muted == muted)
    return;
  self->muted = muted;
  sc_pipeline_set_muted (self->pipeline, muted);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);

  fields = json_object_new ();
  json_object_set_boolean_member (fields, "muted", muted);
  log_event (self, "microphone", fields);
}

gboolean
sc_studio_get_muted (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), FALSE);
  return self->muted;
}
