/* sc-studio-end-card.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-studio"

#include "config.h"

#include <glib/gi18n.h>

#include "media/sc-media-error.h"
#include "overlay/sc-end-card.h"

#include "sc-studio-private.h"

/* What the scene shows besides the pinned product and the chat: the
 * product's QR code (products.qr), "LIVE" while live, and the end card. */

static void
show_end_card (ScStudio         *self,
               const ScNextShow *next_show)
{
  /* The time as the show file gives it: in its time_zone, or at the offset
   * its start was written with. A studio whose clock is on another zone
   * (a cloud machine on UTC, a brand's studio abroad) still announces
   * "19:00" for a shop's 19:00. */
  if (next_show != NULL)
    {
      g_autoptr(GTimeZone) zone = sc_next_show_dup_zone (next_show);

      sc_overlay_scene_set_end_card (self->scene, next_show->start, zone,
                                     next_show->title != NULL ? next_show->title
                                                              : sc_show_get_title (self->show),
                                     next_show->url);
    }
  else
    sc_overlay_scene_set_end_card (self->scene, NULL, NULL, NULL, NULL);
}

void
_sc_studio_update_scene_extras (ScStudio *self)
{
  g_auto(GStrv) tags = NULL;

  if (self->scene == NULL || self->show == NULL)
    return;

  tags = sc_show_dup_campaign_tags (self->show);
  sc_overlay_scene_set_product_qr (self->scene, sc_show_get_product_qr (self->show),
                                   (const char * const *)tags);
  /* Ending: the outputs are finishing, the audience still sees the last
   * frames, and they are still live. */
  sc_overlay_scene_set_live (self->scene, self->state == SC_STUDIO_STATE_LIVE ||
                                          self->state == SC_STUDIO_STATE_ENDING);
  /* A restarted show's new scene gets the end card back. */
  if (self->end_card)
    show_end_card (self, sc_show_get_next_show (self->show));
}

gboolean
sc_studio_set_end_card (ScStudio  *self,
                        gboolean   visible,
                        GError   **error)
{
  const ScNextShow *next_show;
  JsonObject *fields;

  g_return_val_if_fail (SC_IS_STUDIO (self), FALSE);

  visible = !!visible;
  next_show = self->show != NULL ? sc_show_get_next_show (self->show) : NULL;
  if (visible && next_show == NULL)
    {
      g_set_error_literal (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID,
                           _("The show has no next_show to show on the end card"));
      return FALSE;
    }
  if (self->scene == NULL)
    {
      g_set_error_literal (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_INVALID,
                           _("The end card can be shown only once the show has started"));
      return FALSE;
    }
  if (self->end_card == visible)
    return TRUE;

  self->end_card = visible;
  show_end_card (self, visible ? next_show : NULL);

  fields = json_object_new ();
  json_object_set_boolean_member (fields, "visible", visible);
  if (visible)
    {
      g_autofree char *start = g_date_time_format_iso8601 (next_show->start);
      g_autoptr(GTimeZone) zone = sc_next_show_dup_zone (next_show);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *shown = sc_end_card_format_start (next_show->start, now, zone,
                                                         sc_show_get_locale (self->show));

      json_object_set_string_member (fields, "next_start", start);
      json_object_set_string_member (fields, "shown_as", shown);
    }
  _sc_studio_log_event (self, "end-card", fields);
  return TRUE;
}

gboolean
sc_studio_get_end_card (ScStudio *self)
{
  g_return_val_if_fail (SC_IS_STUDIO (self), FALSE);

  return self->end_card;
}
