/* sc-secrets.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-secrets"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "studio/sc-show.h"
#include "sc-secrets.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    APP_ID ".Secret", SECRET_SCHEMA_NONE,
    {
      { "variable", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

char *
sc_secrets_lookup (const char  *name,
                   GError     **error)
{
  g_return_val_if_fail (name != NULL, NULL);

  return secret_password_lookup_sync (get_schema (), NULL, error, "variable", name, NULL);
}

gboolean
sc_secrets_store (const char  *name,
                  const char  *value,
                  GError     **error)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  /* Translators: the label of a stored stream key or token in the keyring. */
  label = g_strdup_printf (_("Shopcast: %s"), name);
  return secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, label, value,
                                     NULL, error, "variable", name, NULL);
}

static char *
lookup_for_show (const char *name,
                 gpointer    user_data)
{
  g_autoptr(GError) error = NULL;
  char *value = sc_secrets_lookup (name, &error);

  /* No Secret Service is not an error here: the show then names the
   * variable that is missing, as it does headless. */
  if (error != NULL)
    g_debug ("Secret Service: %s", error->message);
  return value;
}

void
sc_secrets_install_for_shows (void)
{
  sc_show_set_secret_lookup (lookup_for_show, NULL);
}
