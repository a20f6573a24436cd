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

static char *lookup_placeholder (const char *name);
/* Whether one of the lookups below is the show's (a test may unset it). */
static gboolean table_installed;
static GMutex installed_lock;

static char *
lookup_for_show (const char *name,
                 gpointer    user_data)
{
  g_autoptr(GError) error = NULL;
  char *value = sc_secrets_lookup (name, &error);

  if (value == NULL)
    value = lookup_placeholder (name);

  /* No Secret Service is not an error here: the show then names the
   * variable that is missing, as it does headless. */
  if (error != NULL)
    g_debug ("Secret Service: %s", error->message);
  return value;
}

void
sc_secrets_install_for_shows (void)
{
  g_mutex_lock (&installed_lock);
  table_installed = TRUE;
  g_mutex_unlock (&installed_lock);
  sc_show_set_secret_lookup (lookup_for_show, NULL);
}

static void
lookup_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *value = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, g_free);
}

void
sc_secrets_lookup_async (const char          *name,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (name != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_secrets_lookup_async);
  secret_password_lookup (get_schema (), cancellable, lookup_done, g_steal_pointer (&task),
                          "variable", name, NULL);
}

char *
sc_secrets_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
store_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sc_secrets_store_async (const char          *name,
                        const char          *value,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_secrets_store_async);
  label = g_strdup_printf (_("Shopcast: %s"), name);
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, value, cancellable,
                         store_done, g_steal_pointer (&task), "variable", name, NULL);
}

gboolean
sc_secrets_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sc_secret_need_free (ScSecretNeed *need)
{
  if (need == NULL)
    return;
  g_free (need->name);
  g_free (need->purpose);
  g_free (need);
}

static const char *
string_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
object_member (JsonObject *object,
               const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
array_member (JsonObject *object,
              const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static void
add_need (GPtrArray  *needs,
          JsonObject *object,
          const char *member,
          gboolean    required,
          char       *purpose)
{
  const char *name = string_member (object, member);

  if (name == NULL || name[0] == '\0')
    {
      g_free (purpose);
      return;
    }
  for (guint i = 0; i < needs->len; i++)
    {
      ScSecretNeed *other = g_ptr_array_index (needs, i);

      /* One variable used twice is asked for once, required if either is. */
      if (g_str_equal (other->name, name))
        {
          other->required |= required;
          g_free (purpose);
          return;
        }
    }
  {
    ScSecretNeed *need = g_new0 (ScSecretNeed, 1);

    need->name = g_strdup (name);
    need->purpose = purpose;
    need->required = required;
    g_ptr_array_add (needs, need);
  }
}

GPtrArray *
sc_secrets_collect_needs (JsonNode *root)
{
  GPtrArray *needs = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_secret_need_free);
  JsonObject *show;
  JsonObject *shop;
  JsonArray *outputs;
  JsonArray *chats;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return needs;
  show = json_node_get_object (root);

  outputs = array_member (show, "outputs");
  for (guint i = 0; outputs != NULL && i < json_array_get_length (outputs); i++)
    {
      JsonNode *node = json_array_get_element (outputs, i);
      JsonObject *output = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *enabled = output ? json_object_get_member (output, "enabled") : NULL;
      const char *name = string_member (output, "name");
      g_autofree char *fallback = g_strdup_printf (_("Output %u"), i + 1);
      gboolean required = TRUE;

      if (output == NULL)
        continue;
      if (enabled != NULL && JSON_NODE_HOLDS_VALUE (enabled) &&
          json_node_get_value_type (enabled) == G_TYPE_BOOLEAN)
        required = json_node_get_boolean (enabled);
      add_need (needs, output, "key_env", required,
                g_strdup_printf (_("the stream key of “%s”"), name ? name : fallback));
    }

  shop = object_member (show, "shop");
  if (g_strcmp0 (string_member (shop, "provider"), "shopify") == 0)
    add_need (needs, shop, "token_env", TRUE, g_strdup (_("the Shopify access token")));
  else if (g_strcmp0 (string_member (shop, "provider"), "woocommerce") == 0)
    {
      add_need (needs, shop, "key_env", TRUE, g_strdup (_("the WooCommerce consumer key")));
      add_need (needs, shop, "secret_env", TRUE,
                g_strdup (_("the WooCommerce consumer secret")));
    }
  add_need (needs, object_member (shop, "webhook"), "secret_env", TRUE,
            g_strdup (_("the shop’s webhook secret")));

  chats = array_member (object_member (show, "chat"), "sources");
  for (guint i = 0; chats != NULL && i < json_array_get_length (chats); i++)
    {
      JsonNode *node = json_array_get_element (chats, i);
      JsonObject *chat = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *platform = string_member (chat, "platform");

      if (g_strcmp0 (platform, "twitch") == 0)
        add_need (needs, chat, "token_env", TRUE,
                  g_strdup_printf (_("the Twitch chat token for #%s"),
                                   string_member (chat, "channel") ?: "?"));
      else if (g_strcmp0 (platform, "youtube") == 0)
        {
          /* The show reads the OAuth token when it names one, else the key. */
          if (string_member (chat, "oauth_token_env") != NULL)
            add_need (needs, chat, "oauth_token_env", TRUE,
                      g_strdup (_("the YouTube chat sign-in token")));
          else
            add_need (needs, chat, "api_key_env", TRUE, g_strdup (_("the YouTube API key")));
        }
    }
  return needs;
}

typedef struct {
  GHashTable *table;
  guint       pending;
  GError     *error;
} Resolve;

static void
resolve_free (Resolve *resolve)
{
  g_hash_table_unref (resolve->table);
  g_clear_error (&resolve->error);
  g_free (resolve);
}

typedef struct {
  GTask *task;
  char  *name;
} ResolveOne;

static void
resolve_one_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ResolveOne *one = user_data;
  GTask *task = one->task;
  Resolve *resolve = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *value = sc_secrets_lookup_finish (result, &error);

  if (value != NULL)
    g_hash_table_insert (resolve->table, g_steal_pointer (&one->name), value);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (resolve->error == NULL)
        resolve->error = g_steal_pointer (&error);
    }
  else if (error != NULL)
    /* No Secret Service is not an error: the secret is then missing, as headless. */
    g_debug ("Secret Service, %s: %s", one->name, error->message);

  g_free (one->name);
  g_free (one);

  if (--resolve->pending > 0)
    {
      g_object_unref (task);
      return;
    }
  if (resolve->error != NULL)
    g_task_return_error (task, g_steal_pointer (&resolve->error));
  else
    g_task_return_pointer (task, g_hash_table_ref (resolve->table),
                           (GDestroyNotify)g_hash_table_unref);
  g_object_unref (task);
}

void
sc_secrets_resolve_async (GPtrArray           *needs,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Resolve *resolve;

  g_return_if_fail (needs != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_secrets_resolve_async);
  resolve = g_new0 (Resolve, 1);
  resolve->table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_task_set_task_data (task, resolve, (GDestroyNotify)resolve_free);

  for (guint i = 0; i < needs->len; i++)
    {
      ScSecretNeed *need = g_ptr_array_index (needs, i);
      ResolveOne *one;

      if (g_getenv (need->name) != NULL)
        continue;
      one = g_new0 (ResolveOne, 1);
      one->task = g_object_ref (task);
      one->name = g_strdup (need->name);
      resolve->pending++;
      sc_secrets_lookup_async (need->name, cancellable, resolve_one_done, one);
    }

  if (resolve->pending == 0)
    g_task_return_pointer (task, g_hash_table_ref (resolve->table),
                           (GDestroyNotify)g_hash_table_unref);
}

GHashTable *
sc_secrets_resolve_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
sc_secrets_has_value (GHashTable         *table,
                      const ScSecretNeed *need)
{
  const char *env = g_getenv (need->name);

  if (env != NULL && env[0] != '\0')
    return TRUE;
  return table != NULL && g_hash_table_contains (table, need->name);
}

/* Shows may be parsed on a worker thread while the window replaces the table. */
static GHashTable *installed;

static char *
lookup_in_table (const char *name,
                 gpointer    user_data)
{
  char *value = NULL;

  g_mutex_lock (&installed_lock);
  if (installed != NULL)
    value = g_strdup (g_hash_table_lookup (installed, name));
  g_mutex_unlock (&installed_lock);
  if (value == NULL)
    value = lookup_placeholder (name);
  return value;
}

void
sc_secrets_install_table (GHashTable *table)
{
  GHashTable *copy = NULL;

  if (table != NULL)
    {
      GHashTableIter iter;
      gpointer name, value;

      copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_iter_init (&iter, table);
      while (g_hash_table_iter_next (&iter, &name, &value))
        g_hash_table_insert (copy, g_strdup (name), g_strdup (value));
    }

  g_mutex_lock (&installed_lock);
  g_clear_pointer (&installed, g_hash_table_unref);
  installed = copy;
  table_installed = TRUE;
  g_mutex_unlock (&installed_lock);
  sc_show_set_secret_lookup (lookup_in_table, NULL);
}

static GPrivate placeholders_wanted;

static char *
lookup_placeholder (const char *name)
{
  if (g_private_get (&placeholders_wanted) == NULL)
    return NULL;
  return g_strdup ("placeholder-for-checking");
}

ScShow *
sc_secrets_parse_show_unresolved (const char  *data,
                                  gsize        length,
                                  const char  *name,
                                  GFile       *base,
                                  GError     **error)
{
  ScShow *show;

  g_mutex_lock (&installed_lock);
  if (!table_installed)
    {
      /* Nothing installed yet (a test, or a check before the first show). */
      table_installed = TRUE;
      sc_show_set_secret_lookup (lookup_in_table, NULL);
    }
  g_mutex_unlock (&installed_lock);

  g_private_set (&placeholders_wanted, GINT_TO_POINTER (1));
  show = sc_show_new_from_data (data, length, name, base, error);
  g_private_set (&placeholders_wanted, NULL);
  return show;
}

static void
clear_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
sc_secrets_clear_async (const char          *name,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (name != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_secrets_clear_async);
  secret_password_clear (get_schema (), cancellable, clear_done, g_steal_pointer (&task),
                         "variable", name, NULL);
}

gboolean
sc_secrets_clear_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
