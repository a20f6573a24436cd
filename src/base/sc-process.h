/* sc-process.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The path of Shopcast's helper program @name (shopcast-engine,
 * shopcast-render-image), or NULL when it is not installed: in
 * $SHOPCAST_LIBEXECDIR when set, else beside the running program (the build
 * tree), else in the installed libexecdir. */
char *sc_process_find_helper (const char *name);

/* The process's locale and message catalogs, once, first thing in main(). */
void  sc_process_init_locale (void);

/* Large blocks (frames, overlay surfaces, rendered chat) go back to the
 * system when they are freed, rather than staying in the heap for good;
 * first thing in main(), before any thread starts. For shopcast-engine
 * only: the window allocates a texture and a cairo surface of that size for
 * every preview frame, and mapping them afresh each time cost its main
 * thread 21 % of a core instead of 6 % (bench/window.sh, 19:40 UTC). */
void  sc_process_tune_malloc (void);

G_END_DECLS
