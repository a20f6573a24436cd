/* sc-portal-request.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SC_PORTAL_PATH "/org/freedesktop/portal/desktop"

#define SC_PORTAL_REQUEST_ERROR (sc_portal_request_error_quark ())
GQuark sc_portal_request_error_quark (void);

typedef enum {
  /* Response came with other arguments than (ua{sv}); the message is
   * their type string. */
  SC_PORTAL_REQUEST_ERROR_MALFORMED,
} ScPortalRequestError;

/* One call of a portal method that answers through a Request object
 * (org.freedesktop.portal.Request, as AccessCamera, CreateSession, Start):
 * @method of @iface on @bus_name at SC_PORTAL_PATH with @leading_args (a
 * tuple of the arguments before the options, or NULL; floating references
 * are sunk) and @options, to which "handle_token" is added (the builder is
 * ended here). Response is subscribed to before the call, on the path the
 * spec derives from the caller's unique name and the token, and followed to
 * the path an older portal returns instead. Cancelling closes the request and
 * finishes with G_IO_ERROR_CANCELLED. A failed call finishes with its D-Bus
 * error; a Response of another type with SC_PORTAL_REQUEST_ERROR_MALFORMED. */
void      sc_portal_request_async  (GDBusConnection      *connection,
                                    const char           *bus_name,
                                    const char           *iface,
                                    const char           *method,
                                    GVariant             *leading_args,
                                    GVariantBuilder      *options,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
/* The results (a{sv}) and in @response the response code (0 success, 1
 * cancelled by the person, 2 other). */
GVariant *sc_portal_request_finish (GAsyncResult         *result,
                                    guint                *response,
                                    GError              **error);

/* Closes a portal object (a Request, a Session) without waiting: one that is
 * gone already is as good as closed. */
void      sc_portal_close          (GDBusConnection      *connection,
                                    const char           *bus_name,
                                    const char           *path,
                                    const char           *iface);

G_END_DECLS
