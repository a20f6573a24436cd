/* sc-media-error.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "sc-media-error.h"

G_DEFINE_QUARK (sc-media-error-quark, sc_media_error)
