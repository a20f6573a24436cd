/* sc-pipeline-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

#include "media/sc-pipeline.h"

G_BEGIN_DECLS

/* The show's GstPipeline (borrowed), for tests and diagnostics that need to
 * look at or act on its elements; source bins are named by source id. */
GstElement *sc_pipeline_get_gst_pipeline (ScPipeline *self);

G_END_DECLS
