/* sc-campaign-url.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A product page's link as viewers scan it: the page's URL with campaign
 * tags (utm_source=shopcast&…) in its query, so the shop's analytics can
 * tell which sales a show brought. */

/* @url with the tags of @tags (alternating names and values,
 * NULL-terminated; NULL or empty: none) set in its query: a parameter of
 * the same name already there is replaced, the others and the fragment are
 * kept, names and values are percent-encoded. NULL with @error (G_URI_ERROR)
 * when @url is not an absolute http:// or https:// URL with a host. */
char     *sc_campaign_url_build      (const char         *url,
                                      const char * const *tags,
                                      GError            **error);
/* What the card writes under the QR code: host and path, no scheme, query
 * or fragment ("shop.example/products/mug"); NULL when @url is not http(s). */
char     *sc_campaign_url_dup_short  (const char         *url);
/* TRUE when @name may be a campaign tag: 1 to 64 ASCII letters, digits,
 * '_', '-' or '.'. */
gboolean  sc_campaign_tag_name_is_valid (const char      *name);

G_END_DECLS
