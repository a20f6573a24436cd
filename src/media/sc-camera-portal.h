/* sc-camera-portal.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The xdg-desktop-portal Camera interface, spoken with GDBus: in the
 * Flatpak sandbox the cameras are reached through it, not through /dev.
 * IsCameraPresent, AccessCamera (Request/Response: the desktop may ask the
 * person) and OpenPipeWireRemote, a PipeWire connection that shows the
 * cameras only. Every error is an SC_MEDIA_ERROR: NO_PORTAL, NO_CAMERA,
 * ACCESS_DENIED (response 1: the person said no) or PORTAL_FAILED (the
 * portal refused otherwise, or its answer was malformed). */

/* The portal's bus name (the same service as the screen cast's). */
#define SC_CAMERA_PORTAL_NAME "org.freedesktop.portal.Desktop"

/* TRUE inside the Flatpak sandbox (/.flatpak-info exists): cameras come
 * through the portal. sc_file_access_in_sandbox() (base/sc-file-access.h),
 * with its SHOPCAST_SANDBOX override for tests. */
gboolean sc_camera_portal_in_sandbox      (void);

/* Checks a camera is present, asks for access and opens the PipeWire
 * remote. @connection: the session bus when NULL. Cancellable. The result
 * is a connected file descriptor the caller owns, or -1 with @error. */
void     sc_camera_portal_open_async      (GDBusConnection     *connection,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
int      sc_camera_portal_open_finish     (GAsyncResult        *result,
                                           GError             **error);

/* One camera node on a portal's remote. */
typedef struct {
  guint32  node_id;   /* what pipewiresrc's "path" takes */
  char    *name;      /* for people: "Integrated Camera" */
  char    *node_name; /* PipeWire's node.name */
  char    *path;      /* the V4L2 device behind it, when PipeWire says */
} ScCameraNode;

void     sc_camera_node_free              (ScCameraNode        *node);
/* The cameras (Video/Source nodes) on the PipeWire remote @fd (borrowed),
 * those with media.role Camera first. Blocks on PipeWire: call it from a
 * worker thread. An empty array when there are none. */
GPtrArray *sc_camera_portal_list_nodes    (int                  fd,
                                           GError             **error);
/* The node for a camera source's @device (a node name, a name for people
 * or a V4L2 path; NULL: the first), or NULL. */
const ScCameraNode *sc_camera_portal_pick_node (GPtrArray      *nodes,
                                                const char     *device);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScCameraNode, sc_camera_node_free)

G_END_DECLS
