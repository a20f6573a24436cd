/* sc-overlay-blend.h — blending the overlay regions into the canvas frames
 *
 * Copyright 2026 The Shopcast authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

/* One overlay region converted, once, to what is added to a frame: luma and
 * 2×2 chroma premultiplied by their alpha in the frame's colour matrix and
 * range, the inverse alpha at both resolutions, and for every row the span
 * that is not transparent. Blending a frame is then, for each byte of those
 * spans, out = premultiplied + in × (255 − alpha) / 255: no colour maths, no
 * unpacking of lines, and nothing done for the transparent parts.
 *
 * A piece is immutable and reference-counted, so the streaming thread may
 * blend it while the main thread builds the next set. */
typedef struct _ScBlendPiece ScBlendPiece;

/* surface: a cairo ARGB32 image (premultiplied alpha), drawn at x, y of the
 * frame (either may be odd or negative; what falls outside is clipped). */
ScBlendPiece    *sc_blend_piece_new       (cairo_surface_t           *surface,
                                           int                        x,
                                           int                        y,
                                           const GstVideoColorimetry *colorimetry);
ScBlendPiece    *sc_blend_piece_ref       (ScBlendPiece              *piece);
void             sc_blend_piece_unref     (ScBlendPiece              *piece);
/* Frees the planes kept for the next piece (at the end of a show). */
void             sc_blend_release_spare   (void);

/* Whether the piece is this surface at x, y converted for colorimetry. */
gboolean         sc_blend_piece_is        (const ScBlendPiece        *piece,
                                           cairo_surface_t           *surface,
                                           int                        x,
                                           int                        y,
                                           const GstVideoColorimetry *colorimetry);
cairo_surface_t *sc_blend_piece_get_surface (const ScBlendPiece      *piece);
void             sc_blend_piece_get_position (const ScBlendPiece     *piece,
                                              int                    *x,
                                              int                    *y);

/* Whether sc_blend_piece_apply() can blend into frames of this format. */
gboolean         sc_blend_supports_format (GstVideoFormat             format);

/* Blends the piece into a frame mapped for writing (I420, YV12 or NV12). */
void             sc_blend_piece_apply     (const ScBlendPiece        *piece,
                                           GstVideoFrame             *frame);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScBlendPiece, sc_blend_piece_unref)

G_END_DECLS
