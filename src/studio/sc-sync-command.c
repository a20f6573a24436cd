/* sc-sync-command.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-sync-command"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "shop/sc-inventory-sync.h"
#include "sc-event-log.h"
#include "sc-show.h"
#include "sc-sync-command.h"

typedef struct {
  GMainLoop     *loop;
  ScSyncSummary *summary;
  GError        *error;
} Run;

static void
progress_cb (ScInventorySync *sync,
             guint            pages,
             guint            products,
             ScEventLog      *log)
{
  JsonObject *fields = json_object_new ();

  json_object_set_int_member (fields, "pages", pages);
  json_object_set_int_member (fields, "products", products);
  sc_event_log_write (log, "catalog-progress", fields);
}

static void
synced_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Run *run = user_data;

  sc_inventory_sync_run_full_finish (SC_INVENTORY_SYNC (object), result, &run->summary,
                                     &run->error);
  g_main_loop_quit (run->loop);
}

static char *
summary_to_json (const ScSyncSummary *summary,
                 const GError        *error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "products");
  json_builder_add_int_value (builder, summary ? summary->products : 0);
  json_builder_set_member_name (builder, "variants");
  json_builder_add_int_value (builder, summary ? summary->variants : 0);
  json_builder_set_member_name (builder, "requests");
  json_builder_add_int_value (builder, summary ? summary->requests : 0);
  json_builder_set_member_name (builder, "seconds");
  json_builder_add_double_value (builder, summary ? summary->seconds : 0.0);
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  for (guint i = 0; summary != NULL && summary->errors != NULL && summary->errors[i]; i++)
    json_builder_add_string_value (builder, summary->errors[i]);
  if (error != NULL && (summary == NULL || summary->errors == NULL || summary->errors[0] == NULL))
    json_builder_add_string_value (builder, error->message);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

int
sc_sync_command_run (const char *show_path,
                     const char *events_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(ScShow) show = NULL;
  g_autoptr(ScEventLog) log = NULL;
  g_autoptr(ScShopProvider) provider = NULL;
  g_autoptr(ScInventorySync) sync = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *json = NULL;
  const ScShopConfig *config;
  Run run = { NULL, };

  if (show_path == NULL)
    {
      g_printerr ("shopcast: %s\n", _("--sync-catalog needs --show FILE"));
      return 2;
    }
  file = g_file_new_for_commandline_arg (show_path);
  show = sc_show_new_from_file (file, &error);
  if (show == NULL)
    {
      g_printerr ("shopcast: %s\n", error->message);
      return 2;
    }
  config = sc_show_get_shop (show);
  if (config == NULL)
    {
      g_printerr ("shopcast: %s: %s\n", show_path,
                  _("$.shop: the show has no shop to sync with"));
      return 2;
    }
  provider = sc_shop_provider_new_for_config (config, &error);
  if (provider == NULL)
    {
      g_printerr ("shopcast: %s\n", error->message);
      return 2;
    }
  if (events_path != NULL)
    {
      log = sc_event_log_new_for_path (events_path, &error);
      if (log == NULL)
        {
          g_printerr ("shopcast: %s: %s\n", _("Cannot write the event log"), error->message);
          return 2;
        }
    }

  sync = sc_inventory_sync_new (provider, sc_show_get_catalog (show), config);
  if (log != NULL)
    g_signal_connect (sync, "progress", G_CALLBACK (progress_cb), log);
  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  sc_inventory_sync_run_full_async (sync, NULL, synced_cb, &run);
  g_main_loop_run (loop);

  json = summary_to_json (run.summary, run.error);
  g_print ("%s\n", json);
  if (log != NULL)
    sc_event_log_close (log);
  g_clear_pointer (&run.summary, sc_sync_summary_free);
  if (run.error != NULL)
    {
      g_printerr ("shopcast: %s\n", run.error->message);
      g_clear_error (&run.error);
      return 1;
    }
  return 0;
}
