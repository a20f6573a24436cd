/* sc-secrets.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

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
 * Secret Service. */
void      sc_secrets_install_for_shows (void);

G_END_DECLS
