/* sc-health.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "media/sc-pipeline.h"

G_BEGIN_DECLS

typedef enum {
  SC_HEALTH_GOOD,     /* green */
  SC_HEALTH_WARNING,  /* amber: 1 % of frames lost, or a destination reconnecting */
  SC_HEALTH_BAD,      /* red: 5 % of frames lost, or a destination failed */
} ScHealthLevel;

GType sc_health_level_get_type (void) G_GNUC_CONST;
#define SC_TYPE_HEALTH_LEVEL (sc_health_level_get_type ())

/* OBS colours its dropped-frame figure amber above 1 % and red above 5 %. */
#define SC_HEALTH_WARNING_RATIO 0.01
#define SC_HEALTH_BAD_RATIO     0.05

ScHealthLevel sc_health_level_for_frames (guint64       frames,
                                          guint64       lost);
ScHealthLevel sc_health_level_for_output (ScOutputState state);

#define SC_TYPE_HEALTH (sc_health_get_type ())
G_DECLARE_FINAL_TYPE (ScHealth, sc_health, SC, HEALTH, GObject)

/* The health light of a live show: frames lost over the last few seconds
 * (render drops and destinations' dropped frames) and the destinations'
 * states; the worst wins. Properties "level" (ScHealthLevel) and "summary"
 * (a sentence for the host) notify when they change. */
ScHealth      *sc_health_new         (void);
/* One sample, about once a second: the pipeline's counters and the
 * ScOutputs of the show. */
void           sc_health_update      (ScHealth              *self,
                                      const ScPipelineStats *stats,
                                      GListModel            *outputs);
/* Forgets the samples (a new live session starts from green). */
void           sc_health_reset       (ScHealth              *self);
ScHealthLevel  sc_health_get_level   (ScHealth              *self);
const char    *sc_health_get_summary (ScHealth              *self);

G_END_DECLS
