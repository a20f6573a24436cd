/* sc-key-dialog.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-key-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sc-key-dialog.h"
#include "sc-secrets.h"

struct _ScKeyDialog
{
  AdwMessageDialog  parent_instance;

  GtkWidget        *entry;
  char             *name;
  char             *purpose;
};

G_DEFINE_FINAL_TYPE (ScKeyDialog, sc_key_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
sc_key_dialog_finalize (GObject *object)
{
  ScKeyDialog *self = SC_KEY_DIALOG (object);

  g_free (self->name);
  g_free (self->purpose);

  G_OBJECT_CLASS (sc_key_dialog_parent_class)->finalize (object);
}

/* GTK 4.8's password entry warns when it is destroyed while focused (it
 * follows the keyboard's Caps Lock state): let go of the focus first. */
static void
sc_key_dialog_response (AdwMessageDialog *dialog,
                        const char       *response)
{
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);

  if (ADW_MESSAGE_DIALOG_CLASS (sc_key_dialog_parent_class)->response != NULL)
    ADW_MESSAGE_DIALOG_CLASS (sc_key_dialog_parent_class)->response (dialog, response);
}

static void
sc_key_dialog_class_init (ScKeyDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_key_dialog_finalize;
  ADW_MESSAGE_DIALOG_CLASS (klass)->response = sc_key_dialog_response;
}

static void
on_entry_changed (GtkEditable *entry,
                  ScKeyDialog *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save", text[0] != '\0');
}

static void
on_entry_activate (GtkWidget   *entry,
                   ScKeyDialog *self)
{
  if (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (self), "save"))
    {
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "save");
      gtk_window_close (GTK_WINDOW (self));
    }
}

static void
sc_key_dialog_init (ScKeyDialog *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);

  self->entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (self->entry), TRUE);
  gtk_widget_set_hexpand (self->entry, TRUE);
  g_signal_connect (self->entry, "changed", G_CALLBACK (on_entry_changed), self);
  g_signal_connect (self->entry, "activate", G_CALLBACK (on_entry_activate), self);
  adw_message_dialog_set_extra_child (dialog, self->entry);

  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Not Now"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "save", FALSE);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
}

ScKeyDialog *
sc_key_dialog_new (GtkWindow  *parent,
                   const char *name,
                   const char *purpose)
{
  ScKeyDialog *self;
  g_autofree char *body = NULL;
  g_autofree char *heading = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (purpose != NULL, NULL);

  /* Translators: %s is e.g. "the stream key of “YouTube”". */
  heading = g_strdup_printf (_("Enter %s"), purpose);
  body = g_strdup_printf (_("It is kept in your keyring under %s, never in the show file. "
                            "Copy it from the platform’s live dashboard."), name);
  self = g_object_new (SC_TYPE_KEY_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", heading,
                       "body", body,
                       NULL);
  self->name = g_strdup (name);
  self->purpose = g_strdup (purpose);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, heading, -1);
  return self;
}

GtkEditable *
sc_key_dialog_get_entry (ScKeyDialog *self)
{
  g_return_val_if_fail (SC_IS_KEY_DIALOG (self), NULL);

  return GTK_EDITABLE (self->entry);
}

typedef struct {
  GtkWindow *parent;
  char      *name;
  char      *purpose;
  char      *value;
} Ask;

static void
ask_free (Ask *ask)
{
  g_clear_object (&ask->parent);
  g_free (ask->name);
  g_free (ask->purpose);
  if (ask->value != NULL)
    memset (ask->value, 0, strlen (ask->value));
  g_free (ask->value);
  g_free (ask);
}

static void present_dialog (GTask      *task,
                            const char *problem);

static void
stored (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Ask *ask = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (sc_secrets_store_finish (result, &error))
    {
      g_task_return_pointer (task, g_strdup (ask->value), g_free);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Asked again with the reason, rather than losing what was typed. */
  present_dialog (g_steal_pointer (&task), error->message);
}

static void
on_response (ScKeyDialog *dialog,
             const char  *response,
             gpointer     user_data)
{
  g_autoptr(GTask) task = user_data;
  Ask *ask = g_task_get_task_data (task);
  GCancellable *cancellable;

  g_signal_handlers_disconnect_by_data (dialog, task);
  if (g_strcmp0 (response, "save") != 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("No value was entered for %s"), ask->name);
      return;
    }

  g_free (ask->value);
  ask->value = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (dialog->entry))));
  cancellable = g_task_get_cancellable (task);
  sc_secrets_store_async (ask->name, ask->value, cancellable, stored, g_steal_pointer (&task));
}

static void
present_dialog (GTask      *task,
                const char *problem)
{
  Ask *ask = g_task_get_task_data (task);
  ScKeyDialog *dialog = sc_key_dialog_new (ask->parent, ask->name, ask->purpose);

  if (problem != NULL)
    {
      g_autofree char *body = g_strdup_printf (_("It could not be stored in your keyring: %s. "
                                                 "Unlock the keyring and try again."), problem);

      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
      if (ask->value != NULL)
        gtk_editable_set_text (GTK_EDITABLE (dialog->entry), ask->value);
    }
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), task);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
sc_key_dialog_ask_async (GtkWindow           *parent,
                         const char          *name,
                         const char          *purpose,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  Ask *ask;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (name != NULL);
  g_return_if_fail (purpose != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sc_key_dialog_ask_async);
  ask = g_new0 (Ask, 1);
  ask->parent = parent ? g_object_ref (parent) : NULL;
  ask->name = g_strdup (name);
  ask->purpose = g_strdup (purpose);
  g_task_set_task_data (task, ask, (GDestroyNotify)ask_free);
  present_dialog (task, NULL);
}

char *
sc_key_dialog_ask_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
