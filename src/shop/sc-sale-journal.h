/* sc-sale-journal.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "shop/sc-product.h"
#include "shop/sc-shop-provider.h"

G_BEGIN_DECLS

typedef enum {
  SC_SALE_STATE_PENDING,   /* written before the shop was asked: its price is unknown */
  SC_SALE_STATE_APPLIED,   /* the shop confirmed the sale price */
  SC_SALE_STATE_RESTORED,  /* the shop confirmed the original price again */
  SC_SALE_STATE_GONE,      /* the shop no longer has the product: nothing left on sale */
} ScSaleState;

/* One product or variant a flash sale put on sale in the shop. */
typedef struct {
  gint64       id;
  char        *shop_key;            /* sc_shop_provider_dup_shop_key() */
  char        *product_id;
  char        *variant_id;          /* NULL: a product without variants */
  char        *title;
  char        *currency;
  gint64       original_price;      /* minor units */
  gint64       original_compare_at; /* minor units, 0: none */
  gint64       sale_price;
  gint64       ends_at;             /* Unix time, 0: none */
  ScSaleState  state;
  char        *error;               /* why the last restore failed, or NULL */
} ScSaleEntry;

#define SC_TYPE_SALE_ENTRY (sc_sale_entry_get_type ())
GType        sc_sale_entry_get_type (void) G_GNUC_CONST;
ScSaleEntry *sc_sale_entry_copy     (const ScSaleEntry *entry);
void         sc_sale_entry_free     (ScSaleEntry       *entry);
const char  *sc_sale_state_to_string (ScSaleState      state);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScSaleEntry, sc_sale_entry_free)

#define SC_TYPE_SALE_JOURNAL (sc_sale_journal_get_type ())
G_DECLARE_FINAL_TYPE (ScSaleJournal, sc_sale_journal, SC, SALE_JOURNAL, GObject)

/* Flash-sale prices set in a shop, in <dir>/sales.sqlite ($XDG_DATA_HOME/
 * shopcast when @dir is NULL), written before the shop is changed, so a
 * crash or a lost network never leaves a shop on the sale price: whatever
 * is not restored is restored by sc_sale_journal_recover_async() at the
 * next start. The database is used from worker threads only. */
ScSaleJournal *sc_sale_journal_new              (const char          *dir);
const char    *sc_sale_journal_get_path         (ScSaleJournal       *self);
/* Waits between restore attempts while the shop cannot be reached
 * (default 2 s doubling up to 60 s, with jitter). */
void           sc_sale_journal_set_retry_delays (ScSaleJournal       *self,
                                                 double               initial_s,
                                                 double               max_s);

/* Puts @product (each of its variants) on sale at @sale_price (minor units
 * of its currency) until @ends_at. The struck-through price is the regular
 * one. On failure whatever may have changed is restored before this
 * finishes, and the error says why the sale was not applied. */
void           sc_sale_journal_start_sale_async  (ScSaleJournal       *self,
                                                  ScShopProvider      *provider,
                                                  ScProduct           *product,
                                                  gint64               sale_price,
                                                  GDateTime           *ends_at,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean       sc_sale_journal_start_sale_finish (ScSaleJournal       *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
/* Restores @product_id's prices in the shop. A lost network is retried
 * until the shop answers or @cancellable is cancelled (the entries stay for
 * the next start). Returns the entries handled (ScSaleEntry *), each with
 * its state: RESTORED or GONE, or still APPLIED/PENDING with its error. */
void           sc_sale_journal_end_sale_async    (ScSaleJournal       *self,
                                                  ScShopProvider      *provider,
                                                  const char          *product_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GPtrArray     *sc_sale_journal_end_sale_finish   (ScSaleJournal       *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
/* The same for every entry of @provider's shop not restored yet: what a
 * previous run (a crash, a lost network) left on sale. */
void           sc_sale_journal_recover_async     (ScSaleJournal       *self,
                                                  ScShopProvider      *provider,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GPtrArray     *sc_sale_journal_recover_finish    (ScSaleJournal       *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Every entry, oldest first (tests, diagnostics). Blocking: not for the
 * main loop during a show. */
GPtrArray     *sc_sale_journal_list              (ScSaleJournal       *self,
                                                  GError             **error);

G_END_DECLS
