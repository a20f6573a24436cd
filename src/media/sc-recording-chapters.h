/* sc-recording-chapters.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes chapters (@starts in seconds from the recording's start, ascending;
 * @titles as many; the last ends at @end) into the finished Matroska file @path as its table of
 * contents. matroskamux writes a TOC (GstTocSetter) only with its header, so
 * the file is remuxed, streams copied, never re-encoded, into a temporary
 * file beside it that then replaces it: a failure leaves @path as it was.
 * Blocks for as long as reading and writing the file takes: call it from a
 * worker thread. */
gboolean sc_recording_write_chapters (const char         *path,
                                      const double       *starts,
                                      const char * const *titles,
                                      guint               n,
                                      double              end,
                                      GError            **error);

G_END_DECLS
