/* sc-spare.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The last big buffers freed, kept for the next one of about their size.
 * Glibc maps anything over 128 KiB afresh (sc_process_tune_malloc()), and
 * something redrawn ten times a second pays more in page faults than in
 * drawing. Any thread. Declare a pool with `static ScSpare pool;`. */
#define SC_SPARE_SLOTS 2

typedef struct {
  GMutex  lock;
  gpointer data[SC_SPARE_SLOTS];
  gsize    size[SC_SPARE_SLOTS];
} ScSpare;

/* A kept buffer of at least @size bytes and at most twice that (its old
 * contents), or NULL. */
gpointer sc_spare_take    (ScSpare  *spare,
                           gsize     size);
/* Keeps @data (@size bytes, from g_malloc) if a slot is free and @size is
 * at most @max_size; frees it otherwise. */
void     sc_spare_give    (ScSpare  *spare,
                           gpointer  data,
                           gsize     size,
                           gsize     max_size);
void     sc_spare_release (ScSpare  *spare);

G_END_DECLS
