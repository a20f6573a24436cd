/* sc-key-dialog.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SC_TYPE_KEY_DIALOG (sc_key_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ScKeyDialog, sc_key_dialog, SC, KEY_DIALOG, AdwMessageDialog)

/* Asks for a missing stream key or shop token and stores it in the Secret
 * Service under @name (the show file's key_env/token_env), so a missing
 * key is never a dead end. @purpose is plain words: "the stream key of
 * “YouTube”". If storing fails the dialog comes back with the reason.
 * finish returns the value stored, or G_IO_ERROR_CANCELLED when the host
 * chose Not Now. */
void        sc_key_dialog_ask_async  (GtkWindow            *parent,
                                      const char           *name,
                                      const char           *purpose,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
char       *sc_key_dialog_ask_finish (GAsyncResult         *result,
                                      GError              **error);

/* The dialog alone (ask_async presents one); "save" stores the entry's text. */
ScKeyDialog *sc_key_dialog_new       (GtkWindow            *parent,
                                      const char           *name,
                                      const char           *purpose);
GtkEditable *sc_key_dialog_get_entry (ScKeyDialog          *self);

G_END_DECLS
