/* sc-studio-rundown.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-studio"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "shop/sc-money.h"

#include "sc-studio-private.h"

/* The rundown runs the show: which segment is on, how long it has left by
 * the show clock, the flash sales its segments start, and (with
 * auto-advance) moving on when a segment's time is up. Segments start when
 * their product is pinned, however it was pinned. */

/* How often segment and sale times are checked against the show clock. */
#define TICK_MS 200
/* How long the card says "Deal ended" after a sale. */
#define DEAL_ENDED_S 5.0

typedef struct {
  gboolean started;   /* a sale runs once per show */
  gboolean running;
  double   started_at;
  double   ends_at;
  gint64   regular_price;
} SaleState;

double
sc_studio_get_show_time (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), 0);

  if (self->started_at <= 0)
    return 0;
  return (double)(g_get_monotonic_time () - self->started_at) / G_USEC_PER_SEC;
}

static const ScShowSegment *
current_segment (ScStudio *self)
{
  if (self->segment < 0)
    return NULL;
  return sc_show_get_segment (self->show, (guint)self->segment);
}

static SaleState *
sale_state (ScStudio *self,
            guint     index)
{
  if (self->sales == NULL || index >= self->sales->len)
    return NULL;
  return &g_array_index (self->sales, SaleState, index);
}

gboolean
_sc_studio_get_sale_price (ScStudio   *self,
                           const char *product_id,
                           gint64     *price)
{
  gboolean found = FALSE;

  for (guint i = 0; self->sales != NULL && i < self->sales->len; i++)
    {
      SaleState *sale = sale_state (self, i);
      const ScShowSegment *segment = sc_show_get_segment (self->show, i);

      if (!sale->running || g_strcmp0 (segment->product_id, product_id) != 0)
        continue;
      /* Two sales of one product at once: the lower price holds. */
      if (!found || segment->sale_price < *price)
        *price = segment->sale_price;
      found = TRUE;
    }
  return found;
}

/* What the card shows for the pinned product: a running sale's countdown,
 * or "Deal ended" for a few seconds after one. */
static void
update_card (ScStudio *self,
             double    now)
{
  ScCardSale card = { SC_CARD_SALE_NONE, 0, 0 };
  const char *pinned = self->pinned != NULL ? sc_product_get_id (self->pinned) : NULL;

  for (guint i = 0; pinned != NULL && self->sales != NULL && i < self->sales->len; i++)
    {
      SaleState *sale = sale_state (self, i);
      const ScShowSegment *segment = sc_show_get_segment (self->show, i);

      if (!g_str_equal (segment->product_id, pinned))
        continue;
      if (sale->running)
        {
          double left = MAX (0.0, sale->ends_at - now);

          if (card.state == SC_CARD_SALE_LIVE && card.price <= segment->sale_price)
            continue;
          card.state = SC_CARD_SALE_LIVE;
          card.price = segment->sale_price;
          card.seconds_left = (guint)ceil (left);
        }
      else if (sale->started && card.state == SC_CARD_SALE_NONE &&
               now < sale->ends_at + DEAL_ENDED_S)
        card.state = SC_CARD_SALE_ENDED;
    }
  sc_overlay_scene_set_sale (self->scene, &card);
}

static void
start_sale (ScStudio *self,
            guint     index,
            double    now)
{
  const ScShowSegment *segment = sc_show_get_segment (self->show, index);
  SaleState *sale = sale_state (self, index);
  ScProduct *product = sc_catalog_lookup (sc_show_get_catalog (self->show), segment->product_id);

  if (!segment->has_sale || sale == NULL || sale->started || product == NULL)
    return;
  sale->started = TRUE;
  /* A shop's prices are only known now: the show file could not check them. */
  if (segment->sale_price >= sc_product_get_price (product))
    {
      g_autofree char *regular = sc_money_format (sc_product_get_price (product),
                                                  sc_product_get_currency (product));
      g_autofree char *message =
        g_strdup_printf (_("The sale price %s of %s is not lower than its regular price %s: "
                           "no sale"), segment->sale_price_text, segment->product_id, regular);

      _sc_studio_log_error (self, "sale", 0, message);
      return;
    }
  sale->running = TRUE;
  sale->started_at = now;
  sale->ends_at = now + segment->sale_minutes * 60.0;
  sale->regular_price = sc_product_get_price (product);
  _sc_studio_log_sale_started (self, index, product, sale->regular_price, sale->ends_at);
  _sc_studio_emit_sale_started (self, index, segment->product_id, segment->sale_price,
                                sale->regular_price, segment->sale_minutes * 60.0);
  /* "apply_to_shop": the shop sells at the sale price too, until the sale
   * ends (sc-studio-sale.c journals it so no crash leaves it there). */
  if (sc_show_segment_get_apply_to_shop (segment))
    {
      g_autoptr(GDateTime) now_utc = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) ends_at = g_date_time_add_seconds (now_utc,
                                                              segment->sale_minutes * 60.0);

      sc_studio_begin_shop_sale (self, product, segment->sale_price, ends_at);
    }
}

static void
end_sale (ScStudio   *self,
          guint       index,
          double      now,
          const char *reason)
{
  const ScShowSegment *segment = sc_show_get_segment (self->show, index);
  SaleState *sale = sale_state (self, index);

  if (sale == NULL || !sale->running)
    return;
  sale->running = FALSE;
  /* "Deal ended" shows from here, whenever the sale stopped. */
  sale->ends_at = MIN (sale->ends_at, now);
  _sc_studio_log_sale_ended (self, index, segment->product_id, segment->sale_price,
                             sale->regular_price, now - sale->started_at, reason);
  _sc_studio_emit_sale_ended (self, index, segment->product_id, reason);
  if (sc_show_segment_get_apply_to_shop (segment))
    sc_studio_end_shop_sale (self, segment->product_id,
                             g_str_equal (reason, "time-up") ? "expired" : "stopped");
}

static void
end_segment (ScStudio   *self,
             const char *reason)
{
  const ScShowSegment *segment = current_segment (self);
  double now = sc_studio_get_show_time (self);

  if (segment == NULL)
    return;
  _sc_studio_log_segment_ended (self, (guint)self->segment, segment->product_id,
                                now - self->segment_started, reason);
  self->segment = -1;
}

static void
start_segment (ScStudio *self,
               guint     index)
{
  const ScShowSegment *segment = sc_show_get_segment (self->show, index);
  double now = sc_studio_get_show_time (self);

  self->segment = (int)index;
  self->rundown_began = TRUE;
  self->segment_started = now;
  self->segment_timed_out = FALSE;
  _sc_studio_log_segment_started (self, index, segment, self->pinned);
  start_sale (self, index, now);
}

/* The segment a pin of @product starts: the one asked for, else the first
 * with that product after the current one, else the first with it. */
static int
find_segment (ScStudio  *self,
              ScProduct *product,
              int        wanted,
              int        after)
{
  guint n = sc_show_get_n_segments (self->show);
  const char *id;

  if (product == NULL)
    return -1;
  id = sc_product_get_id (product);
  if (wanted >= 0 && (guint)wanted < n &&
      g_str_equal (sc_show_get_segment (self->show, (guint)wanted)->product_id, id))
    return wanted;
  for (guint k = 0; k < n; k++)
    {
      guint i = (guint)(after + 1 + (int)k) % n;

      if (after < 0)
        i = k;
      if (g_str_equal (sc_show_get_segment (self->show, i)->product_id, id))
        return (int)i;
    }
  return -1;
}

void
_sc_studio_rundown_pinned (ScStudio  *self,
                           ScProduct *product)
{
  const char *reason = self->pin_reason != NULL ? self->pin_reason : "manual-pin";
  int wanted = self->pin_segment;
  int index;

  self->pin_reason = NULL;
  self->pin_segment = -1;
  if (!self->rundown_running)
    return;
  index = find_segment (self, product, wanted, self->segment);
  end_segment (self, reason);
  if (index >= 0)
    start_segment (self, (guint)index);
  update_card (self, sc_studio_get_show_time (self));
  _sc_studio_emit_segment_changed (self);
}

/* Moves to segment @index, pinning its product, for @reason. */
static gboolean
go_to_segment (ScStudio   *self,
               guint       index,
               const char *reason)
{
  const ScShowSegment *segment = sc_show_get_segment (self->show, index);
  ScProduct *product = segment != NULL
                       ? sc_catalog_lookup (sc_show_get_catalog (self->show), segment->product_id)
                       : NULL;

  if (product == NULL)
    return FALSE;
  if (product == self->pinned)
    {
      /* The same product again: a new segment all the same. */
      end_segment (self, reason);
      start_segment (self, index);
      update_card (self, sc_studio_get_show_time (self));
      _sc_studio_emit_segment_changed (self);
      return TRUE;
    }
  self->pin_reason = reason;
  self->pin_segment = (int)index;
  _sc_studio_set_pinned (self, product);
  return TRUE;
}

gboolean
_sc_studio_rundown_step (ScStudio *self,
                         int       step,
                         gboolean *handled)
{
  int index;

  *handled = FALSE;
  if (!self->rundown_running || self->segment < 0 || sc_show_get_n_segments (self->show) == 0)
    return FALSE;
  *handled = TRUE;
  index = self->segment + step;
  if (index < 0 || (guint)index >= sc_show_get_n_segments (self->show))
    return FALSE;
  return go_to_segment (self, (guint)index, step > 0 ? "next" : "previous");
}

/* A timed rundown's planned end is near: the end card invites the audience
 * to the next show, once; the host may hide it again. */
static void
maybe_show_end_card (ScStudio *self)
{
  g_autoptr(GError) error = NULL;
  guint n = sc_show_get_n_segments (self->show);
  double left;

  if (self->end_card_planned || self->end_card || self->segment < 0 ||
      sc_show_get_next_show (self->show) == NULL ||
      !sc_studio_get_segment_time_left (self, &left))
    return;
  for (guint i = (guint)self->segment + 1; i < n; i++)
    {
      const ScShowSegment *later = sc_show_get_segment (self->show, i);

      if (later->minutes <= 0)
        return;
      left += later->minutes * 60.0;
    }
  if (left > SC_STUDIO_END_CARD_LEAD_S)
    return;
  self->end_card_planned = TRUE;
  if (!sc_studio_set_end_card (self, TRUE, &error))
    g_debug ("No end card at the rundown's end: %s", error->message);
}

static gboolean
tick_cb (gpointer data)
{
  ScStudio *self = data;
  double now = sc_studio_get_show_time (self);
  const ScShowSegment *segment = current_segment (self);

  for (guint i = 0; self->sales != NULL && i < self->sales->len; i++)
    {
      SaleState *sale = sale_state (self, i);

      if (sale->running && now >= sale->ends_at)
        end_sale (self, i, now, "time-up");
    }

  if (segment != NULL && segment->minutes > 0 && !self->segment_timed_out &&
      now - self->segment_started >= segment->minutes * 60.0)
    {
      self->segment_timed_out = TRUE;
      if (self->auto_advance)
        {
          guint next = (guint)self->segment + 1;

          /* The last segment ends; its product stays pinned. */
          if (!go_to_segment (self, next, "time-up"))
            {
              end_segment (self, "time-up");
              _sc_studio_emit_segment_changed (self);
            }
        }
    }

  /* A shop's catalog arrives after the start: auto-advance begins once the
   * first segment's product is there. */
  if (self->auto_advance && !self->rundown_began && self->pinned == NULL &&
      self->pending_pin == NULL)
    go_to_segment (self, 0, "next");

  maybe_show_end_card (self);
  update_card (self, now);
  return G_SOURCE_CONTINUE;
}

void
_sc_studio_rundown_start (ScStudio *self)
{
  guint n = sc_show_get_n_segments (self->show);
  SaleState none = { 0, };

  g_clear_pointer (&self->sales, g_array_unref);
  self->sales = g_array_sized_new (FALSE, TRUE, sizeof (SaleState), n);
  for (guint i = 0; i < n; i++)
    g_array_append_val (self->sales, none);
  self->segment = -1;
  self->rundown_began = FALSE;
  self->rundown_running = TRUE;
  self->end_card_planned = FALSE;
  if (n == 0)
    return;

  if (self->pinned != NULL)
    {
      int index = find_segment (self, self->pinned, -1, -1);

      if (index >= 0)
        start_segment (self, (guint)index);
    }
  else if (self->auto_advance)
    go_to_segment (self, 0, "next");
  update_card (self, sc_studio_get_show_time (self));
  self->rundown_tick = g_timeout_add (TICK_MS, tick_cb, self);
  _sc_studio_emit_segment_changed (self);
}

void
_sc_studio_rundown_stop (ScStudio *self)
{
  double now = sc_studio_get_show_time (self);

  if (!self->rundown_running)
    return;
  g_clear_handle_id (&self->rundown_tick, g_source_remove);
  end_segment (self, "show-ended");
  for (guint i = 0; self->sales != NULL && i < self->sales->len; i++)
    end_sale (self, i, now, "show-ended");
  self->rundown_running = FALSE;
  _sc_studio_emit_segment_changed (self);
}

void
_sc_studio_rundown_dispose (ScStudio *self)
{
  g_clear_handle_id (&self->rundown_tick, g_source_remove);
  g_clear_pointer (&self->sales, g_array_unref);
  self->rundown_running = FALSE;
}

/* ---- public API -------------------------------------------------------- */

void
sc_studio_set_auto_advance (ScStudio *self,
                            gboolean  auto_advance)
{
  g_return_if_fail (SC_IS_STUDIO (self));
  self->auto_advance = !!auto_advance;
}

gboolean
sc_studio_get_auto_advance (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), FALSE);
  return self->auto_advance;
}

int
sc_studio_get_segment_index (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), -1);
  return self->segment;
}

const ScShowSegment *
sc_studio_get_segment (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), NULL);
  return current_segment (self);
}

const ScShowSegment *
sc_studio_get_next_segment (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), NULL);

  if (self->segment < 0)
    return NULL;
  return sc_show_get_segment (self->show, (guint)self->segment + 1);
}

double
sc_studio_get_segment_elapsed (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), 0);

  if (self->segment < 0)
    return 0;
  return sc_studio_get_show_time (self) - self->segment_started;
}

gboolean
sc_studio_get_segment_time_left (ScStudio *self,
                                 double   *seconds)
{
  const ScShowSegment *segment;

  g_return_val_if_fail (SC_IS_STUDIO (self), FALSE);

  segment = current_segment (self);
  if (segment == NULL || segment->minutes <= 0)
    return FALSE;
  *seconds = segment->minutes * 60.0 - sc_studio_get_segment_elapsed (self);
  return TRUE;
}

gboolean
sc_studio_get_sale (ScStudio   *self,
                    const char *product_id,
                    gint64     *price,
                    double     *seconds_left)
{
  double now;
  gint64 best = 0;
  gboolean found = FALSE;

  g_return_val_if_fail (SC_IS_STUDIO (self), FALSE);
  g_return_val_if_fail (product_id != NULL, FALSE);

  now = sc_studio_get_show_time (self);
  for (guint i = 0; self->sales != NULL && i < self->sales->len; i++)
    {
      SaleState *sale = sale_state (self, i);
      const ScShowSegment *segment = sc_show_get_segment (self->show, i);

      if (!sale->running || !g_str_equal (segment->product_id, product_id))
        continue;
      if (found && segment->sale_price >= best)
        continue;
      found = TRUE;
      best = segment->sale_price;
      if (price != NULL)
        *price = segment->sale_price;
      if (seconds_left != NULL)
        *seconds_left = MAX (0.0, sale->ends_at - now);
    }
  return found;
}
