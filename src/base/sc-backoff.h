/* sc-backoff.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exponential backoff with random jitter, for every retry loop (RTMP outputs,
 * chat sources, shop requests): initial, initial×factor, … up to max, each
 * delay spread by ±jitter so many clients that lost the same server do not
 * come back in the same instant. */
/* What retry loops use unless they have a reason not to: ±10 %. */
#define SC_BACKOFF_DEFAULT_JITTER 0.1

typedef struct {
  double  initial_s;
  double  max_s;
  double  factor;     /* > 1 */
  double  jitter;     /* 0 … 1: fraction of the delay added or taken at random */
  guint   attempt;    /* delays handed out since the last reset */
  double  current_s;  /* the un-jittered delay of the last attempt */
  GRand  *rand;
} ScBackoff;

void   sc_backoff_init   (ScBackoff *self,
                          double     initial_s,
                          double     max_s,
                          double     factor,
                          double     jitter);
/* Tests: a fixed seed gives the same delays every run. */
void   sc_backoff_set_seed (ScBackoff *self,
                            guint32    seed);
/* The next delay in seconds (jittered, never below zero), and one more attempt. */
double sc_backoff_next   (ScBackoff *self);
/* After a success: the next delay is the initial one again. */
void   sc_backoff_reset  (ScBackoff *self);
guint  sc_backoff_get_attempt (const ScBackoff *self);
void   sc_backoff_clear  (ScBackoff *self);

G_END_DECLS
