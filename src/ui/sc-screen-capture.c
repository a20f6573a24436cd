/* sc-screen-capture.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-screen-capture"

#include "config.h"

#include <glib/gi18n.h>

#include "sc-screen-capture.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

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

char *
sc_screen_capture_describe_source (const ScSourceConfig *source,
                                   GdkDisplay           *display)
{
  const ScPortalChoice *choice;
  gboolean restored;

  g_return_val_if_fail (source != NULL, NULL);

  if (source->capture != SC_SCREEN_CAPTURE_PORTAL)
    {
      g_autofree char *what = display ? sc_screen_capture_describe (display) : NULL;

      /* TRANSLATORS: %s is e.g. "The whole screen, 1920 × 1080" */
      return what ? g_strdup_printf (_("X11: %s"), what)
                  : g_strdup (_("X11: the whole screen"));
    }
  choice = &source->portal;
  restored = choice->restore_token != NULL;
  if (choice->source_type == NULL)
    return g_strdup (_("Screen: chosen when the show starts"));
  if (g_str_equal (choice->source_type, "monitor") && choice->width > 0)
    return restored ? g_strdup_printf (_("Screen: monitor %d × %d (restored)"),
                                       choice->width, choice->height)
                    : g_strdup_printf (_("Screen: monitor %d × %d (asked at the start)"),
                                       choice->width, choice->height);
  if (g_str_equal (choice->source_type, "monitor"))
    return g_strdup (restored ? _("Screen: monitor (restored)")
                              : _("Screen: monitor (asked at the start)"));
  if (g_str_equal (choice->source_type, "window"))
    return g_strdup (restored ? _("Screen: window (restored)")
                              : _("Screen: window (asked at the start)"));
  return g_strdup (restored ? _("Screen: virtual screen (restored)")
                            : _("Screen: virtual screen (asked at the start)"));
}

char *
sc_screen_capture_parent_handle (GtkWidget *widget)
{
#ifdef GDK_WINDOWING_X11
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = native ? gtk_native_get_surface (native) : NULL;

  if (surface != NULL && GDK_IS_X11_SURFACE (surface))
    return g_strdup_printf ("x11:%lx", (unsigned long)gdk_x11_surface_get_xid (surface));
#endif
  return g_strdup ("");
}
