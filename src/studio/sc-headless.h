/* sc-headless.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gboolean  demo;
  char     *show_path;
  double    duration_s;      /* <= 0: until SIGINT/SIGTERM; counts from the start */
  double    rehearse_s;      /* > 0: rehearse this long before going live */
  char    **output_urls;     /* extra RTMP destinations */
  char     *record_path;
  char     *events_path;     /* "-" = stdout */
  char     *snapshot_path;
  char     *pin;
  char     *layout;
  gboolean  auto_advance;    /* move through the rundown by its segments' minutes */
  gboolean  end_card;        /* show the end card from the start */
  /* Benchmarks only: change the pinned product's stock this many times a second. */
  double    bench_stock_changes;
} ScHeadlessOptions;

/* Runs a show without a display. Returns the process exit code:
 * 0 the show ran, 1 runtime failure, 2 bad usage or bad show file. */
int sc_headless_run (const ScHeadlessOptions *options);

G_END_DECLS
