/* sc-level-meter.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SC_TYPE_LEVEL_METER (sc_level_meter_get_type ())
G_DECLARE_FINAL_TYPE (ScLevelMeter, sc_level_meter, SC, LEVEL_METER, GtkWidget)

/* A horizontal level meter drawn with the theme's level bar style
 * (levelbar > trough > block). Unlike GtkLevelBar, a new value only redraws
 * the meter: GtkLevelBar reallocates its trough for every value, which lays
 * out the whole window ten times a second while the microphone runs. A value
 * at or above the warning level is drawn with the theme's error colour
 * (style class "warning" on the filled block). Its accessible role is a
 * meter from 0 to 1. */
GtkWidget *sc_level_meter_new               (void);
double     sc_level_meter_get_value         (ScLevelMeter *self);
/* @value is clamped to [0, 1]; NaN counts as 0. */
void       sc_level_meter_set_value         (ScLevelMeter *self,
                                             double        value);
double     sc_level_meter_get_warning_level (ScLevelMeter *self);
void       sc_level_meter_set_warning_level (ScLevelMeter *self,
                                             double        level);

G_END_DECLS
