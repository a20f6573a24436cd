/* ui-lists-gallery.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "ui-lists-gallery"

#include "config.h"

#include <stdlib.h>

#include "sc-test-ui.h"
#include "ui/sc-chat-view.h"
#include "ui/sc-claims-view.h"
#include "ui/sc-layout-switcher.h"
#include "ui/sc-product-list.h"

/* Not a test: the four widgets on a demo studio in rehearsal, side by side,
 * for looking at them (and for screenshots under Xvfb). Runs until closed,
 * or for the number of seconds given as the first argument; with
 * "scroll-up N" after it, scrolls the chat to the top after N seconds,
 * as a host reading back would. */
static gboolean
quit_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
close_request_cb (GtkWindow *window,
                  gboolean  *done)
{
  *done = TRUE;
  return TRUE;
}

static gboolean
scroll_up_cb (gpointer user_data)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (sc_chat_view_get_list_view (user_data),
                                                 GTK_TYPE_SCROLLED_WINDOW);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                            0);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ScTestStudio) studio = NULL;
  GtkWidget *box, *middle, *product_list, *chat, *claims, *switcher;
  GtkWindow *window;
  gboolean done = FALSE;

  sc_test_ui_init (&argc, &argv);
  studio = sc_test_studio_new_demo ();

  product_list = sc_product_list_new ();
  sc_product_list_set_studio (SC_PRODUCT_LIST (product_list), studio->studio);
  gtk_widget_set_size_request (product_list, 380, -1);
  switcher = sc_layout_switcher_new ();
  sc_layout_switcher_set_studio (SC_LAYOUT_SWITCHER (switcher), studio->studio);
  claims = sc_claims_view_new ();
  sc_claims_view_set_studio (SC_CLAIMS_VIEW (claims), studio->studio);
  gtk_widget_set_vexpand (claims, TRUE);
  chat = sc_chat_view_new ();
  sc_chat_view_set_studio (SC_CHAT_VIEW (chat), studio->studio);
  gtk_widget_set_size_request (chat, 380, -1);

  middle = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_hexpand (middle, TRUE);
  gtk_box_append (GTK_BOX (middle), switcher);
  gtk_box_append (GTK_BOX (middle), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (middle), claims);
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_box_append (GTK_BOX (box), product_list);
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (box), middle);
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (box), chat);

  window = sc_test_ui_window_new (box, 1240, 760);
  gtk_window_set_title (window, "Shopcast widgets");
  g_signal_connect (window, "close-request", G_CALLBACK (close_request_cb), &done);
  if (argc > 1)
    g_timeout_add_seconds (MAX (1, atoi (argv[1])), quit_cb, &done);
  if (argc > 3 && g_str_equal (argv[2], "scroll-up"))
    g_timeout_add_seconds (MAX (1, atoi (argv[3])), scroll_up_cb, chat);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  sc_test_ui_window_destroy (window);
  return 0;
}
