/* sc-screencast-portal.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The xdg-desktop-portal ScreenCast interface (version 4 or later), spoken
 * with GDBus: CreateSession, SelectSources (one monitor or window, cursor
 * drawn in, persistent until revoked), Start and OpenPipeWireRemote. Every
 * error is an SC_MEDIA_ERROR: NO_PORTAL, PORTAL_TOO_OLD, PORTAL_CANCELLED
 * (the person closed the dialog) or PORTAL_FAILED (the portal refused, or
 * its answer was malformed; the message says what was wrong). */

typedef enum {
  SC_SCREENCAST_SOURCE_NONE = 0,     /* the portal did not say */
  SC_SCREENCAST_SOURCE_MONITOR = 1,
  SC_SCREENCAST_SOURCE_WINDOW = 2,
  SC_SCREENCAST_SOURCE_VIRTUAL = 4,
} ScScreencastSourceType;

const char *sc_screencast_source_type_to_string   (ScScreencastSourceType  type);
gboolean    sc_screencast_source_type_from_string (const char             *name,
                                                   ScScreencastSourceType *type);

/* One stream of a started session, as the portal described it. */
typedef struct {
  guint32                node_id;       /* the PipeWire node to read */
  ScScreencastSourceType source_type;
  gboolean               has_size;
  int                    width;
  int                    height;
  gboolean               has_position;  /* monitors in a compositor's layout */
  int                    x;
  int                    y;
  char                  *id;            /* "id" (version 5): stable across restores */
  char                  *mapping_id;    /* "mapping_id": names the monitor's output */
} ScScreencastStream;

#define SC_TYPE_SCREENCAST_SESSION (sc_screencast_session_get_type ())
G_DECLARE_FINAL_TYPE (ScScreencastSession, sc_screencast_session, SC, SCREENCAST_SESSION, GObject)

/* The portal's bus name; tests may point the client at another one. */
#define SC_SCREENCAST_PORTAL_NAME "org.freedesktop.portal.Desktop"

/* Creates a session, asks for one monitor or window and starts it.
 * @connection: the session bus when NULL. @parent_window: "x11:XID", or
 * NULL/"" when there is no such handle (Wayland without an export). With
 * @restore_token (from an earlier session) the portal may reuse that choice
 * without asking. Cancelling closes the pending request and the session. */
void                 sc_screencast_session_new_async    (GDBusConnection     *connection,
                                                         const char          *parent_window,
                                                         const char          *restore_token,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
ScScreencastSession *sc_screencast_session_new_finish   (GAsyncResult        *result,
                                                         GError             **error);
guint                sc_screencast_session_get_version  (ScScreencastSession *self);
/* The stream chosen (multiple=false: there is one). */
const ScScreencastStream *sc_screencast_session_get_stream (ScScreencastSession *self);
/* The token for the next session, a new one each time (single use); NULL
 * when the portal gave none (then the choice is not kept). */
const char          *sc_screencast_session_get_restore_token (ScScreencastSession *self);
/* TRUE when a restore token was sent: the portal restored the earlier
 * choice, or asked again if it could not (it does not say which). */
gboolean             sc_screencast_session_get_restored (ScScreencastSession *self);
/* A connected file descriptor to the PipeWire remote that carries the
 * stream (the caller owns it), or -1 with @error. */
void                 sc_screencast_session_open_remote_async  (ScScreencastSession *self,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
int                  sc_screencast_session_open_remote_finish (ScScreencastSession *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
/* Signal "closed" (): the portal ended the session by itself (the user
 * stopped sharing from the desktop), once; the stream is gone. */
/* Ends the capture (Session.Close); also done when the last reference goes. */
void                 sc_screencast_session_close        (ScScreencastSession *self);

G_END_DECLS
