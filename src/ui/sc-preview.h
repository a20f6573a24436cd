/* sc-preview.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SC_PREVIEW_ERROR (sc_preview_error_quark ())

typedef enum {
  SC_PREVIEW_ERROR_INVALID_FRAME,   /* size, stride or buffer length do not fit */
} ScPreviewError;

GQuark sc_preview_error_quark (void);

#define SC_TYPE_PREVIEW (sc_preview_get_type ())
G_DECLARE_FINAL_TYPE (ScPreview, sc_preview, SC, PREVIEW, GObject)

/* A GdkPaintable showing the studio's latest preview frame. Before the first
 * frame it is a black 16:9 rectangle. */
ScPreview  *sc_preview_new         (void);
/* @pixels holds premultiplied BGRA rows of @stride bytes. A frame that does
 * not fit its description is rejected and the previous frame stays. */
gboolean    sc_preview_push_frame  (ScPreview  *self,
                                    GBytes     *pixels,
                                    int         width,
                                    int         height,
                                    int         stride,
                                    GError    **error);
/* The latest frame, or NULL before the first one. */
GdkTexture *sc_preview_get_texture (ScPreview  *self);
/* Drops the frame, back to the black rectangle. */
void        sc_preview_clear       (ScPreview  *self);
/* The width in logical pixels it was last drawn at ("drawn-width", 0
 * before it was drawn): the size frames are worth making. */
int         sc_preview_get_drawn_width (ScPreview *self);
/* Whether frames are drawn as cairo image surfaces ("use-cairo") rather than
 * textures: right for GSK's cairo renderer, which would convert each texture
 * to a cairo surface per frame; a GL renderer uploads textures as they are. */
void        sc_preview_set_use_cairo   (ScPreview *self,
                                        gboolean   use_cairo);
gboolean    sc_preview_get_use_cairo   (ScPreview *self);

G_END_DECLS
