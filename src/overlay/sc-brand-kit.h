/* sc-brand-kit.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "base/sc-json-reader.h"

G_BEGIN_DECLS

typedef struct {
  double red;
  double green;
  double blue;
  double alpha;
} ScColor;

/* Parses "#RGB", "#RRGGBB" or "#RRGGBBAA". */
gboolean sc_color_parse (const char *text,
                         ScColor    *color);
/* "#RRGGBB", or "#RRGGBBAA" when not opaque; reads back as the same colour
 * (to 8 bits a channel). */
char    *sc_color_to_string (const ScColor *color);

#define SC_TYPE_BRAND_KIT (sc_brand_kit_get_type ())

/* The show's look: colours and font of everything drawn over the video. */
typedef struct {
  ScColor  primary;      /* card and panel background */
  ScColor  accent;       /* price, claim code, highlights */
  ScColor  text;         /* body text on primary */
  char    *font_family;  /* e.g. "Cantarell" */
  char    *logo_uri;     /* file path, file:// or resource:// URI, or NULL */
} ScBrandKit;

GType       sc_brand_kit_get_type (void) G_GNUC_CONST;
ScBrandKit *sc_brand_kit_new      (void);   /* the default Shopcast look */
ScBrandKit *sc_brand_kit_copy     (const ScBrandKit *self);
void        sc_brand_kit_free     (ScBrandKit       *self);
gboolean    sc_brand_kit_equal    (const ScBrandKit *a,
                                   const ScBrandKit *b);
/* The show file's "brand" object at @path over @self (NULL @node changes
 * nothing); the logo must exist. Errors go to @reader. */
gboolean    sc_brand_kit_update_from_json (ScBrandKit   *self,
                                           JsonNode     *node,
                                           ScJsonReader *reader,
                                           const char   *path);
/* NULL when it is the default look; the logo relative to @base. */
JsonNode   *sc_brand_kit_to_json  (const ScBrandKit *self,
                                   GFile            *base);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScBrandKit, sc_brand_kit_free)

G_END_DECLS
