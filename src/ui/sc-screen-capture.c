/* sc-screen-capture.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-screen-capture"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-screen-capture.h"

char *
sc_screen_capture_describe (GdkDisplay *display)
{
  GListModel *monitors;
  GdkRectangle area = { 0, };
  guint n;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), NULL);

  monitors = gdk_display_get_monitors (display);
  n = g_list_model_get_n_items (monitors);
  if (n == 0)
    return NULL;
  /* The X11 root window spans every monitor: their union is what is shown. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);
      GdkRectangle geometry;

      gdk_monitor_get_geometry (monitor, &geometry);
      if (i == 0)
        area = geometry;
      else
        gdk_rectangle_union (&area, &geometry, &area);
    }
  if (n == 1)
    return g_strdup_printf (_("The whole screen, %d × %d"), area.width, area.height);
  return g_strdup_printf (ngettext ("The whole screen: %u monitor, %d × %d",
                                    "The whole screen: %u monitors, %d × %d", n),
                          n, area.width, area.height);
}
