/* sc-qr.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "overlay/sc-overlay-draw.h"

G_BEGIN_DECLS

/* The quiet zone every QR code gets, in modules (ISO/IEC 18004 asks for 4). */
#define SC_QR_QUIET_ZONE 4
/* Modules smaller than this many pixels do not survive video compression:
 * such a code is not drawn at all. */
#define SC_QR_MIN_MODULE_PX 2

/* The side of @text's QR code in modules, quiet zone included; 0 when it
 * cannot be encoded (too long). */
int              sc_qr_get_modules     (const char          *text);
/* Draws @text as a QR code, dark modules on white, quiet zone included, in
 * the largest whole number of pixels per module that fits @max_size, at the
 * pixel (x, y). Returns the side drawn, 0 (nothing drawn) when the code
 * does not fit with SC_QR_MIN_MODULE_PX or cannot be encoded. */
int              sc_qr_draw            (cairo_t             *cr,
                                        const char          *text,
                                        int                  x,
                                        int                  y,
                                        int                  max_size);
/* The pinned product's scan-to-buy panel: the QR code of @url and under it
 * @short_link (host and path). NULL when the code does not fit. @text gets
 * "qr: <url>" and "link: <short_link>". */
cairo_surface_t *sc_qr_panel_render    (const ScDrawContext *ctx,
                                        const char          *url,
                                        const char          *short_link,
                                        int                  width,
                                        int                  height,
                                        GPtrArray           *text);

G_END_DECLS
