/* sc-next-show.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "base/sc-json-reader.h"

G_BEGIN_DECLS

/* The show file's `next_show`: when the next show is, for the invite
 * (shopcast --invite) and the end card. */
typedef struct {
  GDateTime *start;        /* in its own zone: the offset written, or time_zone */
  char      *start_text;   /* as written, for saving */
  char      *time_zone;    /* IANA name ("Europe/Berlin"), or NULL */
  double     minutes;
  char      *title;        /* NULL: the show's title */
  char      *url;
  char      *description;
} ScNextShow;

#define SC_NEXT_SHOW_DEFAULT_MINUTES 60.0

void        sc_next_show_free          (ScNextShow       *self);
/* Reads @node (the member at @path, an object); NULL with the errors in
 * @reader when it is wrong. */
ScNextShow *sc_next_show_new_from_json (JsonNode         *node,
                                        ScJsonReader     *reader,
                                        const char       *path);
JsonNode   *sc_next_show_to_json       (const ScNextShow *self);
/* The zone the next show's time is written in (its time_zone, or UTC
 * offset): a new reference. */
GTimeZone  *sc_next_show_dup_zone      (const ScNextShow *self);
/* An RFC 5545 calendar with the next show as one event (and a reminder 15
 * minutes before), made with libical; @show_title names it when the next
 * show has no title of its own. @now is its DTSTAMP. */
char       *sc_next_show_to_ics        (const ScNextShow *self,
                                        const char       *show_title,
                                        GDateTime        *now,
                                        GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScNextShow, sc_next_show_free)

G_END_DECLS
