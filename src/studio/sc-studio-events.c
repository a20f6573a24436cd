/* sc-studio-events.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-studio"

#include "config.h"

#include <glib/gi18n.h>

#include "shop/sc-money.h"
#include "shop/sc-variant.h"

#include "sc-studio-private.h"

/* What happens in a show, as the events of docs/events.md. Only JSON is
 * built here; the other parts of ScStudio decide when. The event log rounds
 * every number to three decimals when it writes it. */

void
_sc_studio_log_event (ScStudio   *self,
                      const char *event,
                      JsonObject *fields)
{
  if (self->log != NULL)
    sc_event_log_write (self->log, event, fields);
  else if (fields != NULL)
    json_object_unref (fields);
}

JsonObject *
_sc_studio_output_json (ScOutput *output)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "name", sc_output_get_name (output));
  json_object_set_string_member (o, "url", sc_output_get_display_url (output));
  json_object_set_string_member (o, "state",
                                 sc_output_state_to_string (sc_output_get_state (output)));
  return o;
}

void
_sc_studio_log_error (ScStudio   *self,
                      const char *domain,
                      int         code,
                      const char *message)
{
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields, "domain", domain);
  json_object_set_int_member (fields, "code", code);
  json_object_set_string_member (fields, "message", message);
  _sc_studio_log_event (self, "error", fields);
}

static guint
catalog_size (ScStudio *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (sc_show_get_catalog (self->show)));
}

static void
set_stock_member (JsonObject *fields,
                  const char *name,
                  gint64      stock)
{
  if (stock == SC_STOCK_UNTRACKED)
    json_object_set_null_member (fields, name);
  else
    json_object_set_int_member (fields, name, stock);
}

void
_sc_studio_log_show_started (ScStudio *self)
{
  const ScEncodingConfig *encoding = sc_show_get_encoding (self->show);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *started_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
  JsonObject *fields = json_object_new ();
  gint64 show_id = self->log != NULL ? sc_event_log_get_show_id (self->log) : 0;

  json_object_set_string_member (fields, "title", sc_show_get_title (self->show));
  json_object_set_string_member (fields, "started_at", started_at);
  if (show_id > 0)
    json_object_set_int_member (fields, "show_id", show_id);
  else
    json_object_set_null_member (fields, "show_id");
  json_object_set_string_member (fields, "version", PACKAGE_VERSION);
  json_object_set_int_member (fields, "width", encoding->width);
  json_object_set_int_member (fields, "height", encoding->height);
  json_object_set_int_member (fields, "fps", encoding->fps);
  json_object_set_string_member (fields, "layout", sc_layout_kind_to_string (self->layout));
  json_object_set_string_member (fields, "locale", sc_show_get_locale (self->show));
  _sc_studio_log_event (self, "show-started", fields);
  self->announced = TRUE;
}

void
_sc_studio_log_show_ended (ScStudio *self)
{
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields, "reason",
                                 self->state == SC_STUDIO_STATE_FAILED ? "error" : "stopped");
  json_object_set_double_member (fields, "duration_s",
                                 (double)(g_get_monotonic_time () - self->started_at) /
                                 G_USEC_PER_SEC);
  _sc_studio_log_event (self, "show-ended", fields);
}

/* The first preview frame reached the window's side (the main loop) after
 * sc_studio_start(): how long the host looked at an empty preview. */
void
_sc_studio_log_preview_started (ScStudio *self)
{
  JsonObject *fields = json_object_new ();

  json_object_set_double_member (fields, "since_start_s",
                                 (double)(g_get_monotonic_time () - self->started_at) /
                                 G_USEC_PER_SEC);
  _sc_studio_log_event (self, "preview-started", fields);
}

void
_sc_studio_log_live_started (ScStudio  *self,
                             GPtrArray *outputs)
{
  JsonObject *fields = json_object_new ();
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < outputs->len; i++)
    {
      ScOutput *output = g_ptr_array_index (outputs, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "name", sc_output_get_name (output));
      json_object_set_string_member (o, "url", sc_output_get_display_url (output));
      json_object_set_boolean_member (o, "recording", sc_output_is_recording (output));
      json_array_add_object_element (array, o);
    }
  json_object_set_array_member (fields, "outputs", array);
  _sc_studio_log_event (self, "live-started", fields);
}

void
_sc_studio_log_live_ended (ScStudio *self,
                           double    duration_s)
{
  JsonObject *fields = json_object_new ();

  json_object_set_double_member (fields, "duration_s", duration_s);
  if (self->live_recording != NULL)
    json_object_set_string_member (fields, "recording", self->live_recording);
  else
    json_object_set_null_member (fields, "recording");
  _sc_studio_log_event (self, "live-ended", fields);
}

void
_sc_studio_log_overlay (ScStudio *self,
                        guint     regions)
{
  JsonObject *fields = json_object_new ();

  json_object_set_int_member (fields, "serial", (gint64)sc_overlay_scene_get_serial (self->scene));
  json_object_set_int_member (fields, "regions", regions);
  if (self->pinned != NULL)
    {
      const ScCardSale *sale = sc_overlay_scene_get_sale (self->scene);

      json_object_set_string_member (fields, "product_id", sc_product_get_id (self->pinned));
      set_stock_member (fields, "stock", sc_product_get_stock (self->pinned));
      /* What the card says of a flash sale: its countdown, or that it ended. */
      if (sale->state == SC_CARD_SALE_LIVE)
        {
          json_object_set_string_member (fields, "sale", "live");
          json_object_set_int_member (fields, "sale_price", sale->price);
          json_object_set_int_member (fields, "sale_seconds_left", sale->seconds_left);
        }
      else
        {
          if (sale->state == SC_CARD_SALE_ENDED)
            json_object_set_string_member (fields, "sale", "ended");
          else
            json_object_set_null_member (fields, "sale");
          json_object_set_null_member (fields, "sale_price");
          json_object_set_null_member (fields, "sale_seconds_left");
        }
    }
  _sc_studio_log_event (self, "overlay-updated", fields);
}

/* A price as the shop writes it, an exact decimal string ("24.00", "1200"
 * for JPY): never a double. */
static char *
price_to_decimal (gint64      minor_units,
                  const char *currency)
{
  guint digits = sc_money_currency_digits (currency);
  gint64 scale = 1;
  gint64 whole;
  gint64 fraction;

  for (guint i = 0; i < digits; i++)
    scale *= 10;
  whole = minor_units / scale;
  fraction = ABS (minor_units % scale);
  if (digits == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, minor_units);
  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT,
                          minor_units < 0 && whole == 0 ? "-" : "", whole, (int)digits, fraction);
}

/* What a report needs to know of a product beyond its id: its SKU, price
 * and currency (of @variant when one is named and found). Returns the price
 * in minor units (0 without a product). */
static gint64
set_sale_fields (JsonObject *fields,
                 ScProduct  *product,
                 const char *variant)
{
  const char *sku = product ? sc_product_get_sku (product) : NULL;
  const char *currency = product ? sc_product_get_currency (product) : NULL;
  gint64 price = product ? sc_product_get_price (product) : 0;
  GListModel *variants = product ? sc_product_get_variants (product) : NULL;

  for (guint i = 0; variant != NULL && variants != NULL && i < g_list_model_get_n_items (variants); i++)
    {
      g_autoptr(ScVariant) v = g_list_model_get_item (variants, i);

      if (g_strcmp0 (sc_variant_get_title (v), variant) == 0)
        {
          if (sc_variant_get_sku (v) != NULL && sc_variant_get_sku (v)[0] != '\0')
            sku = sc_variant_get_sku (v);
          price = sc_variant_get_price (v);
          break;
        }
    }
  if (sku != NULL && sku[0] != '\0')
    json_object_set_string_member (fields, "sku", sku);
  else
    json_object_set_null_member (fields, "sku");
  if (product != NULL && currency != NULL && currency[0] != '\0')
    {
      g_autofree char *decimal = price_to_decimal (price, currency);

      json_object_set_string_member (fields, "price", decimal);
      json_object_set_string_member (fields, "currency", currency);
    }
  else
    {
      json_object_set_null_member (fields, "price");
      json_object_set_null_member (fields, "currency");
    }
  return price;
}

void
_sc_studio_log_pinned (ScStudio *self)
{
  JsonObject *fields = json_object_new ();

  if (self->pinned != NULL)
    {
      json_object_set_string_member (fields, "product_id", sc_product_get_id (self->pinned));
      json_object_set_string_member (fields, "title", sc_product_get_title (self->pinned));
      if (sc_product_get_claim_code (self->pinned) != NULL)
        json_object_set_string_member (fields, "code", sc_product_get_claim_code (self->pinned));
      else
        json_object_set_null_member (fields, "code");
      set_sale_fields (fields, self->pinned, NULL);
      set_stock_member (fields, "stock", sc_product_get_stock (self->pinned));
      _sc_studio_add_chapter (self, sc_product_get_title (self->pinned));
    }
  else
    json_object_set_null_member (fields, "product_id");
  _sc_studio_log_event (self, "pinned", fields);
}

void
_sc_studio_log_stock_change (ScStudio  *self,
                             ScProduct *product,
                             gint64     old_stock,
                             gint64     stock)
{
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields, "product_id", sc_product_get_id (product));
  set_stock_member (fields, "old_stock", old_stock);
  set_stock_member (fields, "stock", stock);
  json_object_set_boolean_member (fields, "pinned", product == self->pinned);
  _sc_studio_log_event (self, "stock-changed", fields);

  if (stock == 0 && old_stock != 0)
    {
      fields = json_object_new ();
      json_object_set_string_member (fields, "product_id", sc_product_get_id (product));
      json_object_set_string_member (fields, "title", sc_product_get_title (product));
      _sc_studio_log_event (self, "sold-out", fields);
    }
}

void
_sc_studio_log_sync_state (ScStudio        *self,
                           ScInventorySync *sync)
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
                                     (double)g_date_time_difference (now, synced_at) /
                                     G_USEC_PER_SEC);
    }
  else
    json_object_set_null_member (fields, "synced_at");
  json_object_set_int_member (fields, "products", catalog_size (self));
  if (sc_inventory_sync_get_error (sync) != NULL)
    json_object_set_string_member (fields, "error", sc_inventory_sync_get_error (sync));
  else
    json_object_set_null_member (fields, "error");
  _sc_studio_log_event (self, "catalog-sync", fields);
}

/* Who claimed what, as every claim event says it. */
static void
set_claim_fields (JsonObject    *fields,
                  const ScClaim *claim)
{
  json_object_set_string_member (fields, "platform", claim->platform);
  json_object_set_string_member (fields, "message_id", claim->message_id);
  json_object_set_string_member (fields, "author", claim->author);
  if (claim->author_id != NULL)
    json_object_set_string_member (fields, "author_id", claim->author_id);
  else
    json_object_set_null_member (fields, "author_id");
  json_object_set_string_member (fields, "code", claim->code);
  json_object_set_string_member (fields, "product_id", claim->product_id);
  json_object_set_string_member (fields, "title", claim->product_title);
  if (claim->variant != NULL)
    json_object_set_string_member (fields, "variant", claim->variant);
  else
    json_object_set_null_member (fields, "variant");
  json_object_set_int_member (fields, "quantity", claim->quantity);
}

void
_sc_studio_log_claim (ScStudio      *self,
                      const char    *event,
                      const ScClaim *claim)
{
  JsonObject *fields = json_object_new ();

  set_claim_fields (fields, claim);
  json_object_set_int_member (fields, "claimed",
                              sc_claim_detector_get_claimed (self->claims, claim->product_id));
  {
    gint64 price = set_sale_fields (fields,
                                    sc_catalog_lookup (sc_show_get_catalog (self->show),
                                                       claim->product_id),
                                    claim->variant);
    const char *currency = json_object_get_string_member_with_default (fields, "currency", NULL);

    /* During a flash sale the claim is at the sale price (sc-studio-rundown.c). */
    if (claim->on_sale && claim->currency != NULL)
      {
        g_autofree char *decimal = price_to_decimal (claim->price, claim->currency);

        price = claim->price;
        currency = claim->currency;
        json_object_set_string_member (fields, "price", decimal);
        json_object_set_string_member (fields, "currency", currency);
      }
    if (currency != NULL)
      {
        g_autofree char *price_text = sc_money_format (price, currency);

        json_object_set_string_member (fields, "price_text", price_text);
      }
    else
      json_object_set_null_member (fields, "price_text");
  }
  json_object_set_boolean_member (fields, "sale", claim->on_sale);
  _sc_studio_log_event (self, event, fields);
}

/* What the report needs to find the claim (platform + message id) and what
 * a reader of the log needs without looking it up. */
void
_sc_studio_log_claim_cancelled (ScStudio      *self,
                                const ScClaim *claim)
{
  JsonObject *fields = json_object_new ();

  set_claim_fields (fields, claim);
  json_object_set_boolean_member (fields, "waitlisted", claim->waitlisted);
  json_object_set_int_member (fields, "claimed",
                              sc_claim_detector_get_claimed (self->claims, claim->product_id));
  json_object_set_int_member (fields, "waitlisted_units",
                              sc_claim_detector_get_waitlisted (self->claims,
                                                                claim->product_id));
  _sc_studio_log_event (self, "claim-cancelled", fields);
}

static void
set_chat_fields (JsonObject    *fields,
                 ScChatMessage *message)
{
  json_object_set_string_member (fields, "platform", sc_chat_message_get_platform (message));
  json_object_set_string_member (fields, "id", sc_chat_message_get_id (message));
  json_object_set_string_member (fields, "author", sc_chat_message_get_author (message));
}

void
_sc_studio_log_chat (ScStudio      *self,
                     ScChatMessage *message)
{
  JsonObject *fields = json_object_new ();

  set_chat_fields (fields, message);
  json_object_set_string_member (fields, "text", sc_chat_message_get_text (message));
  if (sc_chat_message_get_author_id (message) != NULL)
    json_object_set_string_member (fields, "author_id", sc_chat_message_get_author_id (message));
  else
    json_object_set_null_member (fields, "author_id");
  if (sc_chat_message_get_action (message))
    json_object_set_boolean_member (fields, "action", TRUE);
  _sc_studio_log_event (self, "chat", fields);
}

void
_sc_studio_log_chat_blocked (ScStudio      *self,
                             ScChatMessage *message,
                             const char    *reason)
{
  JsonObject *fields = json_object_new ();

  /* The log keeps who and why, never the blocked text itself. */
  set_chat_fields (fields, message);
  json_object_set_string_member (fields, "reason", reason);
  _sc_studio_log_event (self, "chat-blocked", fields);
}

/* The source's state, or with @problem, what went wrong with it. */
void
_sc_studio_log_chat_source (ScStudio     *self,
                            ScChatSource *source,
                            const GError *problem)
{
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields, "platform", sc_chat_source_get_platform (source));
  if (problem == NULL)
    {
      json_object_set_string_member (fields, "state",
                                     sc_chat_source_state_to_string (
                                       sc_chat_source_get_state (source)));
      _sc_studio_log_event (self, "chat-source", fields);
      return;
    }
  json_object_set_string_member (fields, "domain", g_quark_to_string (problem->domain));
  json_object_set_int_member (fields, "code", problem->code);
  json_object_set_string_member (fields, "message", problem->message);
  _sc_studio_log_event (self, "chat-problem", fields);
}

void
_sc_studio_log_output_state (ScStudio *self,
                             ScOutput *output)
{
  JsonObject *fields = _sc_studio_output_json (output);
  double next = sc_output_get_next_retry (output);

  json_object_set_int_member (fields, "attempt", sc_output_get_attempt (output));
  if (next >= 0)
    json_object_set_double_member (fields, "next_retry_s", next);
  else
    json_object_set_null_member (fields, "next_retry_s");
  if (sc_output_get_last_error (output) != NULL &&
      sc_output_get_state (output) != SC_OUTPUT_STATE_LIVE)
    json_object_set_string_member (fields, "error", sc_output_get_last_error (output));
  else
    json_object_set_null_member (fields, "error");
  _sc_studio_log_event (self, "output-state", fields);
}

void
_sc_studio_log_recording_finished (ScStudio *self,
                                   ScOutput *output,
                                   guint     chapters)
{
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields, "path", sc_output_get_display_url (output));
  json_object_set_int_member (fields, "chapters", chapters);
  _sc_studio_log_event (self, "recording-finished", fields);
}

/* The recording stopped for good (folder not writable, disk full): an
 * `error` like any other, and `recording-failed` in place of the
 * `recording-finished` that will not come. */
void
_sc_studio_log_recording_failed (ScStudio     *self,
                                 ScOutput     *output,
                                 const GError *error)
{
  JsonObject *fields = json_object_new ();

  _sc_studio_log_error (self, g_quark_to_string (error->domain), error->code, error->message);
  json_object_set_string_member (fields, "path", sc_output_get_display_url (output));
  json_object_set_string_member (fields, "domain", g_quark_to_string (error->domain));
  json_object_set_int_member (fields, "code", error->code);
  json_object_set_string_member (fields, "error", error->message);
  json_object_set_int_member (fields, "bytes", (gint64)sc_output_get_bytes (output));
  _sc_studio_log_event (self, "recording-failed", fields);
}

void
_sc_studio_log_source_failed (ScStudio   *self,
                              const char *id,
                              const char *kind,
                              const char *message)
{
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields, "source", id);
  json_object_set_string_member (fields, "kind", kind);
  json_object_set_string_member (fields, "error", message);
  json_object_set_string_member (fields, "replacement",
                                 g_str_equal (kind, "microphone") || g_str_equal (kind, "test-tone")
                                 ? "silence" : "slate");
  _sc_studio_log_event (self, "source-failed", fields);
}

void
_sc_studio_log_bitrate (ScStudio   *self,
                        guint       kbps,
                        const char *reason,
                        const char *output)
{
  JsonObject *fields = json_object_new ();

  json_object_set_int_member (fields, "kbps", kbps);
  json_object_set_int_member (fields, "target_kbps",
                              sc_show_get_encoding (self->show)->video_bitrate_kbps);
  json_object_set_string_member (fields, "reason", reason);
  if (output != NULL)
    json_object_set_string_member (fields, "output", output);
  else
    json_object_set_null_member (fields, "output");
  _sc_studio_log_event (self, "bitrate", fields);
}

void
_sc_studio_write_stats (ScStudio *self)
{
  ScPipelineStats stats;
  GListModel *outputs = G_LIST_MODEL (self->outputs);
  guint n = g_list_model_get_n_items (outputs);
  JsonObject *fields = json_object_new ();
  JsonArray *array = json_array_new ();
  gint64 now = g_get_monotonic_time ();
  double dt = self->last_stats_time > 0
              ? (double)(now - self->last_stats_time) / G_USEC_PER_SEC : 0.0;

  sc_pipeline_get_stats (self->pipeline, &stats);
  /* Frames encoded since the previous line, over the time since then. A
   * short interval (the last line, written when the show ends) keeps the
   * previous rate rather than reporting the noise of a few frames. */
  if (dt >= 0.5)
    self->last_fps = (double)(stats.frames - self->last_frames) / dt;
  json_object_set_double_member (fields, "fps", self->last_fps);
  self->last_frames = stats.frames;
  json_object_set_int_member (fields, "frames", (gint64)stats.frames);
  json_object_set_int_member (fields, "render_drops", (gint64)stats.render_drops);
  json_object_set_int_member (fields, "overlay_updates", (gint64)stats.overlay_updates);
  json_object_set_int_member (fields, "preview_frames", (gint64)stats.preview_frames);
  json_object_set_int_member (fields, "video_kbps", stats.video_bitrate_kbps);

  /* The outputs of this live session, finished ones included: the last
   * line of a show has every output's final count. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ScOutput) output = g_list_model_get_item (outputs, i);
      guint64 bytes = sc_output_get_bytes (output);
      guint64 previous = GPOINTER_TO_SIZE (g_hash_table_lookup (self->last_bytes, output));
      JsonObject *o;

      if (sc_output_get_state (output) == SC_OUTPUT_STATE_IDLE)
        continue;
      o = _sc_studio_output_json (output);

      json_object_set_boolean_member (o, "recording", sc_output_is_recording (output));
      json_object_set_int_member (o, "bytes", (gint64)bytes);
      json_object_set_double_member (o, "kbps",
                                     dt > 0 && bytes >= previous
                                     ? (double)(bytes - previous) * 8 / 1000 / dt : 0.0);
      json_object_set_int_member (o, "dropped_frames",
                                  (gint64)sc_output_get_dropped_frames (output));
      json_object_set_int_member (o, "reconnects", sc_output_get_reconnects (output));
      json_object_set_double_member (o, "queued_s", sc_output_get_queued_time (output));
      json_array_add_object_element (array, o);
      g_hash_table_insert (self->last_bytes, output, GSIZE_TO_POINTER ((gsize)bytes));
    }
  json_object_set_array_member (fields, "outputs", array);
  self->last_stats_time = now;
  _sc_studio_log_event (self, "stats", fields);
}

static void
set_minutes_or_null (JsonObject *fields,
                     const char *name,
                     double      minutes)
{
  if (minutes > 0)
    json_object_set_double_member (fields, name, minutes);
  else
    json_object_set_null_member (fields, name);
}

static void
set_price_members (JsonObject *fields,
                   const char *prefix,
                   gint64      price,
                   const char *currency)
{
  g_autofree char *name = g_strconcat (prefix, "price", NULL);
  g_autofree char *text_name = g_strconcat (prefix, "price_text", NULL);
  g_autofree char *text = sc_money_format (price, currency);

  json_object_set_int_member (fields, name, price);
  json_object_set_string_member (fields, text_name, text);
}

void
_sc_studio_log_segment_started (ScStudio            *self,
                                guint                index,
                                const ScShowSegment *segment,
                                ScProduct           *product)
{
  JsonObject *fields = json_object_new ();
  const ScShowSegment *next = sc_show_get_segment (self->show, index + 1);

  json_object_set_int_member (fields, "index", index);
  json_object_set_string_member (fields, "product_id", segment->product_id);
  json_object_set_string_member (fields, "title",
                                 product != NULL ? sc_product_get_title (product) : "");
  set_minutes_or_null (fields, "minutes", segment->minutes);
  /* The host's notes: the log stays on this computer; never on video. */
  if (segment->notes != NULL)
    json_object_set_string_member (fields, "notes", segment->notes);
  else
    json_object_set_null_member (fields, "notes");
  json_object_set_boolean_member (fields, "sale", segment->has_sale);
  if (next != NULL)
    json_object_set_string_member (fields, "next_product_id", next->product_id);
  else
    json_object_set_null_member (fields, "next_product_id");
  _sc_studio_log_event (self, "segment-started", fields);
}

void
_sc_studio_log_segment_ended (ScStudio   *self,
                              guint       index,
                              const char *product_id,
                              double      seconds,
                              const char *reason)
{
  JsonObject *fields = json_object_new ();

  json_object_set_int_member (fields, "index", index);
  json_object_set_string_member (fields, "product_id", product_id);
  json_object_set_double_member (fields, "seconds_on_air", seconds);
  json_object_set_string_member (fields, "reason", reason);
  _sc_studio_log_event (self, "segment-ended", fields);
}

void
_sc_studio_log_sale_started (ScStudio  *self,
                             guint      index,
                             ScProduct *product,
                             gint64     regular_price,
                             double     ends_t)
{
  const ScShowSegment *segment = sc_show_get_segment (self->show, index);
  const char *currency = sc_product_get_currency (product);
  JsonObject *fields = json_object_new ();

  json_object_set_int_member (fields, "index", index);
  json_object_set_string_member (fields, "product_id", segment->product_id);
  set_price_members (fields, "", segment->sale_price, currency);
  set_price_members (fields, "regular_", regular_price, currency);
  json_object_set_string_member (fields, "currency", currency);
  json_object_set_double_member (fields, "minutes", segment->sale_minutes);
  json_object_set_double_member (fields, "ends_t", ends_t);
  json_object_set_boolean_member (fields, "apply_to_shop",
                                  sc_show_segment_get_apply_to_shop (segment));
  _sc_studio_log_event (self, "sale-started", fields);
}

void
_sc_studio_log_sale_ended (ScStudio   *self,
                           guint       index,
                           const char *product_id,
                           gint64      sale_price,
                           gint64      regular_price,
                           double      seconds,
                           const char *reason)
{
  ScProduct *product = sc_catalog_lookup (sc_show_get_catalog (self->show), product_id);
  const char *currency = product != NULL ? sc_product_get_currency (product) : "USD";
  JsonObject *fields = json_object_new ();

  json_object_set_int_member (fields, "index", index);
  json_object_set_string_member (fields, "product_id", product_id);
  set_price_members (fields, "", sale_price, currency);
  set_price_members (fields, "regular_", regular_price, currency);
  json_object_set_string_member (fields, "currency", currency);
  json_object_set_double_member (fields, "seconds", seconds);
  json_object_set_string_member (fields, "reason", reason);
  _sc_studio_log_event (self, "sale-ended", fields);
}
