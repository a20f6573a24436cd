/* sc-secrets.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "studio/sc-show.h"

G_BEGIN_DECLS

/* Stream keys and shop tokens in the Secret Service (GNOME Keyring, KWallet),
 * filed under the name of the environment variable the show file gives
 * ("key_env": "SHOPCAST_KEY_YOUTUBE"), so a show file works the same in the
 * window (keyring) and headless (environment). */
char     *sc_secrets_lookup (const char  *name,
                             GError     **error);
gboolean  sc_secrets_store  (const char  *name,
                             const char  *value,
                             GError     **error);
/* Makes show files resolve secrets missing from the environment from the
 * Secret Service (synchronously: for the command line, not the window). */
void      sc_secrets_install_for_shows (void);

/* The asynchronous calls: a locked keyring asks for its password without
 * freezing the window. lookup_finish returns NULL without error when
 * nothing is stored under @name. */
void      sc_secrets_lookup_async  (const char           *name,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
char     *sc_secrets_lookup_finish (GAsyncResult         *result,
                                    GError              **error);
void      sc_secrets_store_async   (const char           *name,
                                    const char           *value,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean  sc_secrets_store_finish  (GAsyncResult         *result,
                                    GError              **error);
/* Forgets what is stored under @name (nothing stored is not an error). */
void      sc_secrets_clear_async   (const char           *name,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
gboolean  sc_secrets_clear_finish  (GAsyncResult         *result,
                                    GError              **error);

/* One secret a show file names. */
typedef struct {
  char     *name;      /* the environment variable, e.g. SHOPCAST_KEY_YOUTUBE */
  char     *purpose;   /* plain words: "the stream key of “YouTube”" */
  gboolean  required;  /* the show cannot start without it (enabled output, shop) */
} ScSecretNeed;

void          sc_secret_need_free (ScSecretNeed *need);
/* Every *_env name in a show document (outputs, shop, webhook, chat), in
 * file order, each once; the document is not otherwise checked. */
GPtrArray    *sc_secrets_collect_needs (JsonNode *root);

/* Looks every name up that the environment does not set, all at once;
 * returns a table name -> value of the secrets found (missing names are
 * absent). Errors only for a Secret Service that fails; one that is not
 * running at all gives an empty table. */
void          sc_secrets_resolve_async  (GPtrArray            *needs,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
GHashTable   *sc_secrets_resolve_finish (GAsyncResult         *result,
                                         GError              **error);
/* Whether @need has a value: in the environment or in @table. */
gboolean      sc_secrets_has_value      (GHashTable           *table,
                                         const ScSecretNeed   *need);
/* Makes show files resolve secrets missing from the environment from
 * @table (a copy is kept; NULL: from nowhere), so loading a show never
 * waits on the keyring. */
void          sc_secrets_install_table  (GHashTable           *table);

/* Reads a show document as sc_show_new_from_data() does, except that a
 * secret found nowhere is not an error (a placeholder stands in): to check
 * a document before saving, when the key dialog may still fill it in.
 * Safe on a worker thread. */
ScShow       *sc_secrets_parse_show_unresolved (const char  *data,
                                                gsize        length,
                                                const char  *name,
                                                GFile       *base,
                                                GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScSecretNeed, sc_secret_need_free)

G_END_DECLS
