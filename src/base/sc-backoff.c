/* sc-backoff.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-backoff"

#include "config.h"

#include "sc-backoff.h"

void
sc_backoff_init (ScBackoff *self,
                 double     initial_s,
                 double     max_s,
                 double     factor,
                 double     jitter)
{
  g_return_if_fail (self != NULL);

  self->initial_s = MAX (0.0, initial_s);
  self->max_s = MAX (self->initial_s, max_s);
  self->factor = factor > 1.0 ? factor : 2.0;
  self->jitter = CLAMP (jitter, 0.0, 1.0);
  self->attempt = 0;
  self->current_s = 0.0;
  self->rand = g_rand_new ();
}

void
sc_backoff_set_seed (ScBackoff *self,
                     guint32    seed)
{
  g_return_if_fail (self != NULL && self->rand != NULL);
  g_rand_set_seed (self->rand, seed);
}

double
sc_backoff_next (ScBackoff *self)
{
  double spread;

  g_return_val_if_fail (self != NULL && self->rand != NULL, 0.0);

  if (self->attempt == 0)
    self->current_s = self->initial_s;
  else
    self->current_s = MIN (self->current_s * self->factor, self->max_s);
  self->attempt++;

  spread = self->current_s * self->jitter;
  return MAX (0.0, self->current_s + g_rand_double_range (self->rand, -spread, spread));
}

void
sc_backoff_reset (ScBackoff *self)
{
  g_return_if_fail (self != NULL);
  self->attempt = 0;
  self->current_s = 0.0;
}

guint
sc_backoff_get_attempt (const ScBackoff *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->attempt;
}

void
sc_backoff_clear (ScBackoff *self)
{
  g_return_if_fail (self != NULL);
  g_clear_pointer (&self->rand, g_rand_free);
}
