/* sc-chat-view.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-chat-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ui/sc-chat-row.h"
#include "ui/sc-chat-view.h"

/* Pixels from the bottom that still count as "at the bottom". */
#define STICKY_SLACK 4.0

struct _ScChatView
{
  GtkWidget          parent_instance;

  GtkStack          *stack;
  GtkScrolledWindow *scrolled_window;
  GtkListView       *list_view;
  GtkRevealer       *jump_revealer;

  ScStudio          *studio;
  ScChatFeed        *feed;
  GtkSingleSelection *selection;
  GHashTable        *bound_rows;    /* ScChatRow set */
  char              *featured_id;
  gboolean           sticky;
  gboolean           autoscrolling;
};

G_DEFINE_FINAL_TYPE (ScChatView, sc_chat_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STUDIO,
  PROP_FEATURED_ID,
  PROP_STICKY,
  PROP_SELECTED_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- sticky scrolling -------------------------------------------------- */

static void
set_sticky (ScChatView *self,
            gboolean    sticky)
{
  gtk_revealer_set_reveal_child (self->jump_revealer, !sticky);
  if (self->sticky == sticky)
    return;
  self->sticky = sticky;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STICKY]);
}

static void
scroll_to_bottom (ScChatView *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  guint n = self->feed != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->feed)) : 0;

  self->autoscrolling = TRUE;
  /* The list view estimates the height of rows it has not measured; asking
   * it for the last item makes it measure the bottom for real. */
  if (n > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", n - 1);
  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_upper (adjustment) -
                            gtk_adjustment_get_page_size (adjustment));
  self->autoscrolling = FALSE;
}

static void
value_changed_cb (GtkAdjustment *adjustment,
                  ScChatView    *self)
{
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  if (self->autoscrolling)
    return;
  /* Only the host moves the view away from the bottom; reaching the bottom
   * again, by any means, makes it follow the chat again. */
  set_sticky (self, gtk_adjustment_get_value (adjustment) >= bottom - STICKY_SLACK);
}

static void
extent_changed_cb (GtkAdjustment *adjustment,
                   GParamSpec    *pspec,
                   ScChatView    *self)
{
  if (self->sticky)
    scroll_to_bottom (self);
}

/* ---- rows -------------------------------------------------------------- */

static void
update_row (ScChatView *self,
            ScChatRow  *row)
{
  ScChatMessage *message = sc_chat_row_get_item (row);

  sc_chat_row_set_featured (row, message != NULL && self->featured_id != NULL &&
                                 g_strcmp0 (sc_chat_message_get_id (message),
                                            self->featured_id) == 0);
}

static void
update_rows (ScChatView *self)
{
  GHashTableIter iter;
  gpointer row;

  g_hash_table_iter_init (&iter, self->bound_rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    update_row (self, row);
}

static void
setup_cb (GtkListItemFactory *factory,
          GtkListItem        *list_item,
          ScChatView         *self)
{
  /* Selectable, so the host can act on a message from the keyboard (the
   * window's Feature/Hide shortcuts); activating a row does nothing. */
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_selectable (list_item, TRUE);
  gtk_list_item_set_child (list_item, sc_chat_row_new ());
}

static void
bind_cb (GtkListItemFactory *factory,
         GtkListItem        *list_item,
         ScChatView         *self)
{
  ScChatRow *row = SC_CHAT_ROW (gtk_list_item_get_child (list_item));

  sc_chat_row_set_item (row, gtk_list_item_get_item (list_item));
  g_hash_table_add (self->bound_rows, row);
  update_row (self, row);
}

static void
unbind_cb (GtkListItemFactory *factory,
           GtkListItem        *list_item,
           ScChatView         *self)
{
  ScChatRow *row = SC_CHAT_ROW (gtk_list_item_get_child (list_item));

  g_hash_table_remove (self->bound_rows, row);
  sc_chat_row_set_item (row, NULL);
}

static void
teardown_cb (GtkListItemFactory *factory,
             GtkListItem        *list_item,
             ScChatView         *self)
{
  GtkWidget *row = gtk_list_item_get_child (list_item);

  if (row != NULL)
    g_hash_table_remove (self->bound_rows, row);
}

/* ---- the feed ---------------------------------------------------------- */

static void
set_featured_id (ScChatView *self,
                 const char *id)
{
  if (g_strcmp0 (self->featured_id, id) == 0)
    return;
  g_free (self->featured_id);
  self->featured_id = g_strdup (id);
  update_rows (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.unfeature", id != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEATURED_ID]);
}

static void
update_empty (ScChatView *self)
{
  gboolean empty = self->feed == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->feed)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "chat");
}

static void
feed_items_changed_cb (GListModel *model,
                       guint       position,
                       guint       removed,
                       guint       added,
                       ScChatView *self)
{
  update_empty (self);
  if (added > 0 && self->sticky)
    scroll_to_bottom (self);
}

/* The studio takes a removed message off the video, the lower third too. */
static void
feed_message_removed_cb (ScChatFeed *feed,
                         const char *id,
                         ScChatView *self)
{
  if (g_strcmp0 (self->featured_id, id) == 0)
    set_featured_id (self, NULL);
}

static void
feed_cleared_cb (ScChatFeed *feed,
                 ScChatView *self)
{
  set_featured_id (self, NULL);
}

/* The feed exists once the studio has started. */
static void
follow_feed (ScChatView *self)
{
  ScChatFeed *feed = self->studio != NULL ? sc_studio_get_chat_feed (self->studio) : NULL;

  if (self->feed == feed)
    return;
  if (self->feed != NULL)
    g_signal_handlers_disconnect_by_data (self->feed, self);
  g_set_object (&self->feed, feed);
  set_featured_id (self, NULL);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (feed));
  if (feed != NULL)
    {
      g_signal_connect (feed, "items-changed", G_CALLBACK (feed_items_changed_cb), self);
      g_signal_connect (feed, "message-removed", G_CALLBACK (feed_message_removed_cb), self);
      g_signal_connect (feed, "cleared", G_CALLBACK (feed_cleared_cb), self);
    }
  update_empty (self);
  set_sticky (self, TRUE);
  scroll_to_bottom (self);
}

static void
studio_state_cb (ScStudio   *studio,
                 GParamSpec *pspec,
                 ScChatView *self)
{
  follow_feed (self);
}

static ScChatMessage *
find_message (ScChatView *self,
              const char *id)
{
  GListModel *model = G_LIST_MODEL (self->feed);

  /* Newest first: the host acts on what just arrived. */
  for (guint i = g_list_model_get_n_items (model); i > 0; i--)
    {
      g_autoptr(ScChatMessage) message = g_list_model_get_item (model, i - 1);

      if (g_strcmp0 (sc_chat_message_get_id (message), id) == 0)
        return g_steal_pointer (&message);
    }
  return NULL;
}

/* ---- actions ----------------------------------------------------------- */

static void
feature_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ScChatView *self = SC_CHAT_VIEW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr(ScChatMessage) message = NULL;

  if (self->studio == NULL || self->feed == NULL)
    return;
  if (g_strcmp0 (self->featured_id, id) == 0)
    {
      sc_studio_set_featured (self->studio, NULL);
      set_featured_id (self, NULL);
      return;
    }
  message = find_message (self, id);
  /* Hidden or evicted in the meantime: nothing to put on air. */
  if (message == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  sc_studio_set_featured (self->studio, message);
  set_featured_id (self, id);
}

static void
unfeature_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ScChatView *self = SC_CHAT_VIEW (widget);

  if (self->studio != NULL && self->featured_id != NULL)
    sc_studio_set_featured (self->studio, NULL);
  set_featured_id (self, NULL);
}

static void
hide_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ScChatView *self = SC_CHAT_VIEW (widget);

  if (self->studio != NULL)
    sc_studio_hide_message (self->studio, g_variant_get_string (parameter, NULL));
}

typedef struct {
  ScChatView *self;
  char       *platform;
  char       *author;
} BlockRequest;

static void
block_request_free (BlockRequest *request)
{
  g_object_unref (request->self);
  g_free (request->platform);
  g_free (request->author);
  g_free (request);
}

static void
block_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   BlockRequest     *request)
{
  if (g_str_equal (response, "block") && request->self->studio != NULL)
    sc_studio_block_author (request->self->studio, request->platform, request->author);
}

/* Blocking lasts for the rest of the show and takes every message of the
 * author off the air, so it is confirmed; the message the host pointed at
 * goes at once, since hiding one message is harmless. */
static void
block_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ScChatView *self = SC_CHAT_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  const char *id, *platform, *author;
  BlockRequest *request;
  GtkWidget *dialog;

  if (self->studio == NULL)
    return;
  g_variant_get (parameter, "(&s&s&s)", &id, &platform, &author);
  sc_studio_hide_message (self->studio, id);

  /* Translators: %s is the chat author's name. */
  heading = g_strdup_printf (_("Block %s?"), author);
  /* Translators: %s is the chat platform, such as "Twitch". */
  body = g_strdup_printf (_("Their messages on %s leave the chat and the video, and new ones "
                            "are not shown for the rest of the show."),
                          sc_chat_row_platform_name (platform));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "block", _("_Block"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "block",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  request = g_new0 (BlockRequest, 1);
  request->self = g_object_ref (self);
  request->platform = g_strdup (platform);
  request->author = g_strdup (author);
  g_signal_connect_data (dialog, "response", G_CALLBACK (block_response_cb), request,
                         (GClosureNotify)(void (*) (void))block_request_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
jump_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ScChatView *self = SC_CHAT_VIEW (widget);

  set_sticky (self, TRUE);
  scroll_to_bottom (self);
}

/* ---- selection --------------------------------------------------------- */

static void
selected_changed_cb (ScChatView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_MESSAGE]);
}

/* ---- GObject ----------------------------------------------------------- */

static void
sc_chat_view_dispose (GObject *object)
{
  ScChatView *self = (ScChatView *)object;

  sc_chat_view_set_studio (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_CHAT_VIEW);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (sc_chat_view_parent_class)->dispose (object);
}

static void
sc_chat_view_finalize (GObject *object)
{
  ScChatView *self = (ScChatView *)object;

  g_clear_pointer (&self->bound_rows, g_hash_table_unref);
  g_free (self->featured_id);

  G_OBJECT_CLASS (sc_chat_view_parent_class)->finalize (object);
}

static void
sc_chat_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  ScChatView *self = SC_CHAT_VIEW (object);

  switch (prop_id)
    {
    case PROP_STUDIO:
      g_value_set_object (value, self->studio);
      break;
    case PROP_FEATURED_ID:
      g_value_set_string (value, self->featured_id);
      break;
    case PROP_STICKY:
      g_value_set_boolean (value, self->sticky);
      break;
    case PROP_SELECTED_MESSAGE:
      g_value_set_object (value, sc_chat_view_get_selected_message (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_chat_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  ScChatView *self = SC_CHAT_VIEW (object);

  switch (prop_id)
    {
    case PROP_STUDIO:
      sc_chat_view_set_studio (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_chat_view_class_init (ScChatViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_chat_view_dispose;
  object_class->finalize = sc_chat_view_finalize;
  object_class->get_property = sc_chat_view_get_property;
  object_class->set_property = sc_chat_view_set_property;

  properties[PROP_STUDIO] =
    g_param_spec_object ("studio", NULL, NULL, SC_TYPE_STUDIO,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FEATURED_ID] =
    g_param_spec_string ("featured-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STICKY] =
    g_param_spec_boolean ("sticky", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELECTED_MESSAGE] =
    g_param_spec_object ("selected-message", NULL, NULL, SC_TYPE_CHAT_MESSAGE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/sc-chat-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ScChatView, stack);
  gtk_widget_class_bind_template_child (widget_class, ScChatView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, ScChatView, list_view);
  gtk_widget_class_bind_template_child (widget_class, ScChatView, jump_revealer);

  gtk_widget_class_install_action (widget_class, "chat.feature", "s", feature_action);
  gtk_widget_class_install_action (widget_class, "chat.unfeature", NULL, unfeature_action);
  gtk_widget_class_install_action (widget_class, "chat.hide", "s", hide_action);
  gtk_widget_class_install_action (widget_class, "chat.block", "(sss)", block_action);
  gtk_widget_class_install_action (widget_class, "chat.jump-to-newest", NULL, jump_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "chatview");
}

static void
sc_chat_view_init (ScChatView *self)
{
  GtkListItemFactory *factory;
  GtkAdjustment *adjustment;

  self->bound_rows = g_hash_table_new (NULL, NULL);
  self->sticky = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  g_signal_connect (factory, "teardown", G_CALLBACK (teardown_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  /* Nothing is selected until the host picks a message; a hidden or evicted
   * message takes the selection with it rather than passing it on. */
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (selected_changed_cb), self);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  g_signal_connect (adjustment, "value-changed", G_CALLBACK (value_changed_cb), self);
  g_signal_connect (adjustment, "notify::upper", G_CALLBACK (extent_changed_cb), self);
  g_signal_connect (adjustment, "notify::page-size", G_CALLBACK (extent_changed_cb), self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.unfeature", FALSE);
  update_empty (self);
}

GtkWidget *
sc_chat_view_new (void)
{
  return g_object_new (SC_TYPE_CHAT_VIEW, NULL);
}

ScStudio *
sc_chat_view_get_studio (ScChatView *self)
{
  g_return_val_if_fail (SC_IS_CHAT_VIEW (self), NULL);
  return self->studio;
}

void
sc_chat_view_set_studio (ScChatView *self,
                         ScStudio   *studio)
{
  g_return_if_fail (SC_IS_CHAT_VIEW (self));
  g_return_if_fail (studio == NULL || SC_IS_STUDIO (studio));

  if (self->studio == studio)
    return;
  if (self->studio != NULL)
    g_signal_handlers_disconnect_by_data (self->studio, self);
  g_set_object (&self->studio, studio);
  if (studio != NULL)
    g_signal_connect (studio, "notify::state", G_CALLBACK (studio_state_cb), self);
  follow_feed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STUDIO]);
}

const char *
sc_chat_view_get_featured_id (ScChatView *self)
{
  g_return_val_if_fail (SC_IS_CHAT_VIEW (self), NULL);
  return self->featured_id;
}

gboolean
sc_chat_view_get_sticky (ScChatView *self)
{
  g_return_val_if_fail (SC_IS_CHAT_VIEW (self), FALSE);
  return self->sticky;
}

GtkWidget *
sc_chat_view_get_list_view (ScChatView *self)
{
  g_return_val_if_fail (SC_IS_CHAT_VIEW (self), NULL);
  return GTK_WIDGET (self->list_view);
}

/* The message the host selected in the list, or NULL. */
ScChatMessage *
sc_chat_view_get_selected_message (ScChatView *self)
{
  g_return_val_if_fail (SC_IS_CHAT_VIEW (self), NULL);
  return gtk_single_selection_get_selected_item (self->selection);
}
