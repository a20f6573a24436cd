/* sc-memory-provider.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shop/sc-shop-provider.h"

G_BEGIN_DECLS

#define SC_TYPE_MEMORY_PROVIDER (sc_memory_provider_get_type ())
G_DECLARE_FINAL_TYPE (ScMemoryProvider, sc_memory_provider, SC, MEMORY_PROVIDER, GObject)

/* A shop in memory for the sync tests: pages of @page_size products, fresh
 * copies on every fetch (as a real provider parses new objects), failures
 * on demand, and a log of every request. */
ScMemoryProvider *sc_memory_provider_new           (guint             page_size);
/* Adds a copy of @product, or replaces the one with its id. */
void              sc_memory_provider_put           (ScMemoryProvider *self,
                                                    ScProduct        *product);
/* The shop's own product, to change in place; NULL if none. */
ScProduct        *sc_memory_provider_get           (ScMemoryProvider *self,
                                                    const char       *id);
void              sc_memory_provider_set_stock     (ScMemoryProvider *self,
                                                    const char       *id,
                                                    gint64            stock);
void              sc_memory_provider_remove        (ScMemoryProvider *self,
                                                    const char       *id);
/* Every request fails with @error (NULL: none fail any more). */
void              sc_memory_provider_set_failure   (ScMemoryProvider *self,
                                                    const GError     *error);
/* The page at @index (0-based) fails once with @error. */
void              sc_memory_provider_fail_page     (ScMemoryProvider *self,
                                                    guint             index,
                                                    const GError     *error);
/* Each answer comes after @ms milliseconds. */
void              sc_memory_provider_set_delay     (ScMemoryProvider *self,
                                                    guint             ms);
/* "page <index> since=<ISO 8601 or ->", "products <id>,<id>" */
GPtrArray        *sc_memory_provider_get_log       (ScMemoryProvider *self);
guint             sc_memory_provider_count         (ScMemoryProvider *self,
                                                    const char       *prefix);
GDateTime        *sc_memory_provider_get_last_since (ScMemoryProvider *self);
/* The most requests that were ever pending at once. */
guint             sc_memory_provider_get_max_in_flight (ScMemoryProvider *self);

G_END_DECLS
