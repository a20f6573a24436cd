/* sc-test-pipewire.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A real PipeWire with its session manager (wireplumber) on a private
 * XDG_RUNTIME_DIR, and one video node fed a moving test pattern by
 * `gst-launch-1.0 … ! pipewiresink mode=provide`: what a compositor's screen
 * cast or a webcam is to PipeWire. Every process dies with the test, even
 * when it aborts. */
typedef struct {
  char        *runtime;      /* the private XDG_RUNTIME_DIR, PipeWire's socket in it */
  GSubprocess *daemons[3];   /* pipewire, wireplumber, the producer */
  guint        node;         /* the producer's node id, from pw-cli */
} ScTestPipeWire;

/* The tools and GStreamer elements the above needs; reports each one missing
 * as sc_test_report_missing() does (a failure under CI=true). */
gboolean    sc_test_pipewire_require (void);
/* Starts it all: @caps for the test pattern (e.g.
 * "video/x-raw,format=BGRx,width=640,height=360,framerate=30/1"),
 * @properties for the node (pipewiresink's stream-properties, e.g.
 * "props,media.class=Video/Source,node.name=shopcast-test"), @node_name the
 * node.name among them. Waits until the node is listed; returns its id. */
guint       sc_test_pipewire_start   (ScTestPipeWire *self,
                                      const char     *caps,
                                      const char     *properties,
                                      const char     *node_name);
/* The socket a client (a portal's OpenPipeWireRemote) connects to. */
char       *sc_test_pipewire_socket  (ScTestPipeWire *self);
/* Stops the processes (producer first) and removes the runtime folder. */
void        sc_test_pipewire_stop    (ScTestPipeWire *self);

G_END_DECLS
