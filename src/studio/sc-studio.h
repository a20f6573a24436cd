/* sc-studio.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "chat/sc-chat-feed.h"
#include "chat/sc-chat-message.h"
#include "media/sc-pipeline.h"
#include "studio/sc-event-log.h"
#include "studio/sc-show.h"

G_BEGIN_DECLS

typedef enum {
  SC_STUDIO_STATE_IDLE,      /* built, not started */
  SC_STUDIO_STATE_STARTING,
  SC_STUDIO_STATE_RUNNING,   /* previewing, recording and/or live */
  SC_STUDIO_STATE_STOPPING,  /* draining: EOS, finalising the recording */
  SC_STUDIO_STATE_STOPPED,
  SC_STUDIO_STATE_FAILED,
} ScStudioState;

#define SC_TYPE_STUDIO (sc_studio_get_type ())
G_DECLARE_FINAL_TYPE (ScStudio, sc_studio, SC, STUDIO, GObject)

/* One live session of a show: catalog + chat + pipeline + event log.
 *
 * Signals (all on the main context):
 *   ::preview-frame (GBytes *pixels, int width, int height, int stride)
 *       premultiplied BGRA frames (GDK_MEMORY_B8G8R8A8_PREMULTIPLIED), only
 *       while preview is enabled.
 *   ::stopped ()  the show has ended and everything is flushed.
 * Properties: "show" (ScShow, construct-only), "state" (ScStudioState). */
ScStudio      *sc_studio_new                 (ScShow      *show);
ScShow        *sc_studio_get_show            (ScStudio    *self);
ScStudioState  sc_studio_get_state           (ScStudio    *self);
void           sc_studio_set_event_log       (ScStudio    *self,
                                              ScEventLog  *log);
/* Preview frames at most @max_width wide (0 turns preview off). Call before start. */
void           sc_studio_set_preview_width   (ScStudio    *self,
                                              int          max_width);
/* Overrides from the command line; call before start. */
void           sc_studio_add_output_url      (ScStudio    *self,
                                              const char  *url);
void           sc_studio_set_recording_path  (ScStudio    *self,
                                              const char  *path);
gboolean       sc_studio_start               (ScStudio    *self,
                                              GError     **error);
/* Ends the show cleanly: EOS through every branch, recording finalised.
 * ::stopped is emitted when done. */
void           sc_studio_stop                (ScStudio    *self);
gboolean       sc_studio_set_layout          (ScStudio    *self,
                                              ScLayoutKind layout);
/* By product id or SKU. */
gboolean       sc_studio_pin                 (ScStudio    *self,
                                              const char  *id_or_sku,
                                              GError     **error);
/* Why the studio is in SC_STUDIO_STATE_FAILED, or NULL. */
const GError  *sc_studio_get_error           (ScStudio    *self);
ScProduct     *sc_studio_get_pinned          (ScStudio    *self);
/* The engine, for tests and the UI's health view. */
ScPipeline    *sc_studio_get_pipeline        (ScStudio    *self);
/* The host hides one message: off the panel and the video at once. */
void           sc_studio_hide_message        (ScStudio      *self,
                                              const char    *message_id);
/* The merged, moderated chat (NULL before start), a GListModel of messages. */
ScChatFeed    *sc_studio_get_chat_feed       (ScStudio      *self);
/* Shows @message as a lower third (NULL hides it). */
void           sc_studio_set_featured        (ScStudio      *self,
                                              ScChatMessage *message);
/* Writes the current composited frame (video + overlays) as PNG. */
gboolean       sc_studio_snapshot            (ScStudio    *self,
                                              const char  *png_path,
                                              GError     **error);

G_END_DECLS
