/* sc-gst-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* gst_element_factory_make() that names a missing plugin in a
 * SC_MEDIA_ERROR_MISSING_PLUGIN error instead of returning a bare NULL. */
GstElement *sc_gst_make            (const char  *factory,
                                    const char  *name,
                                    GError     **error);
gboolean    sc_gst_has_element     (const char  *factory);
/* Maps an error message posted on a bus to SC_MEDIA_ERROR, keeping the text. */
GError     *sc_gst_error_from_message (GstMessage *message,
                                       int         code);

G_END_DECLS
