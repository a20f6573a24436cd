/* sc-chat-row.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-chat-row"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ui/sc-chat-row.h"

struct _ScChatRow
{
  GtkWidget      parent_instance;

  GtkWidget     *box;
  GtkImage      *platform_icon;
  GtkLabel      *author_label;
  GtkLabel      *text_label;
  GtkButton     *feature_button;
  GtkButton     *hide_button;
  GtkButton     *block_button;

  ScChatMessage *item;
  gboolean       featured;
};

G_DEFINE_FINAL_TYPE (ScChatRow, sc_chat_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  PROP_FEATURED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
sc_chat_row_platform_icon (const char *platform)
{
  if (g_strcmp0 (platform, "twitch") == 0)
    return "shopcast-twitch-symbolic";
  if (g_strcmp0 (platform, "youtube") == 0)
    return "shopcast-youtube-symbolic";
  if (g_strcmp0 (platform, "demo") == 0)
    return "shopcast-demo-chat-symbolic";
  return "chat-message-new-symbolic";
}

const char *
sc_chat_row_platform_name (const char *platform)
{
  if (g_strcmp0 (platform, "twitch") == 0)
    return "Twitch";
  if (g_strcmp0 (platform, "youtube") == 0)
    return "YouTube";
  if (g_strcmp0 (platform, "demo") == 0)
    return _("Demo chat");
  return platform != NULL ? platform : "";
}

static void
set_button_name (GtkButton  *button,
                 const char *name)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), name);
}

static void
update_featured (ScChatRow *self)
{
  const char *author = self->item != NULL ? sc_chat_message_get_author (self->item) : "";
  g_autofree char *name = NULL;

  if (self->featured)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "featured");
      gtk_widget_add_css_class (GTK_WIDGET (self->feature_button), "accent");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "featured");
      gtk_widget_remove_css_class (GTK_WIDGET (self->feature_button), "accent");
    }
  /* Pressing Feature again takes the lower third down; the name stays the
   * same and the pressed state says which it is. */
  /* Translators: %s is the chat author's name. */
  name = g_strdup_printf (_("Feature message from %s"), author);
  set_button_name (self->feature_button, name);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->feature_button),
                               GTK_ACCESSIBLE_STATE_PRESSED,
                               self->featured ? GTK_ACCESSIBLE_TRISTATE_TRUE
                                              : GTK_ACCESSIBLE_TRISTATE_FALSE,
                               -1);
}

static void
update_item (ScChatRow *self)
{
  g_autofree char *hide_name = NULL;
  g_autofree char *block_name = NULL;
  g_autofree char *author_markup = NULL;
  const char *platform;
  const char *author;
  const char *color;

  if (self->item == NULL)
    return;
  platform = sc_chat_message_get_platform (self->item);
  author = sc_chat_message_get_author (self->item);
  color = sc_chat_message_get_color (self->item);

  gtk_image_set_from_icon_name (self->platform_icon, sc_chat_row_platform_icon (platform));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->platform_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  sc_chat_row_platform_name (platform),
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->platform_icon),
                               sc_chat_row_platform_name (platform));

  /* The author's colour comes from the platform; the name is escaped, the
   * colour is used only when it is a plain #RRGGBB. */
  if (color != NULL && color[0] == '#' && strlen (color) == 7 &&
      strspn (color + 1, "0123456789abcdefABCDEF") == 6)
    author_markup = g_markup_printf_escaped ("<span foreground=\"%s\">%s</span>", color, author);
  else
    author_markup = g_markup_escape_text (author, -1);
  gtk_label_set_markup (self->author_label, author_markup);

  /* Chat text is shown as typed: never parsed as markup. */
  gtk_label_set_use_markup (self->text_label, FALSE);
  gtk_label_set_label (self->text_label, sc_chat_message_get_text (self->item));
  if (sc_chat_message_get_action (self->item))
    gtk_widget_add_css_class (GTK_WIDGET (self->text_label), "chat-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->text_label), "chat-action");

  /* Translators: %s is the chat author's name. */
  hide_name = g_strdup_printf (_("Hide message from %s"), author);
  set_button_name (self->hide_button, hide_name);
  /* Translators: %s is the chat author's name. */
  block_name = g_strdup_printf (_("Block %s"), author);
  set_button_name (self->block_button, block_name);

  /* Targets before names: a name without its target is a type mismatch. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->feature_button), "s",
                                    sc_chat_message_get_id (self->item));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->hide_button), "s",
                                    sc_chat_message_get_id (self->item));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->block_button), "(sss)",
                                    sc_chat_message_get_id (self->item), platform, author);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->feature_button), "chat.feature");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->hide_button), "chat.hide");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->block_button), "chat.block");
  update_featured (self);
}

static void
sc_chat_row_dispose (GObject *object)
{
  ScChatRow *self = (ScChatRow *)object;

  g_clear_object (&self->item);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_CHAT_ROW);

  G_OBJECT_CLASS (sc_chat_row_parent_class)->dispose (object);
}

static void
sc_chat_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  ScChatRow *self = SC_CHAT_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    case PROP_FEATURED:
      g_value_set_boolean (value, self->featured);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_chat_row_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  ScChatRow *self = SC_CHAT_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      sc_chat_row_set_item (self, g_value_get_object (value));
      break;
    case PROP_FEATURED:
      sc_chat_row_set_featured (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_chat_row_class_init (ScChatRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_chat_row_dispose;
  object_class->get_property = sc_chat_row_get_property;
  object_class->set_property = sc_chat_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, SC_TYPE_CHAT_MESSAGE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FEATURED] =
    g_param_spec_boolean ("featured", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/sc-chat-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ScChatRow, box);
  gtk_widget_class_bind_template_child (widget_class, ScChatRow, platform_icon);
  gtk_widget_class_bind_template_child (widget_class, ScChatRow, author_label);
  gtk_widget_class_bind_template_child (widget_class, ScChatRow, text_label);
  gtk_widget_class_bind_template_child (widget_class, ScChatRow, feature_button);
  gtk_widget_class_bind_template_child (widget_class, ScChatRow, hide_button);
  gtk_widget_class_bind_template_child (widget_class, ScChatRow, block_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "chatrow");
}

static void
sc_chat_row_init (ScChatRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sc_chat_row_new (void)
{
  return g_object_new (SC_TYPE_CHAT_ROW, NULL);
}

ScChatMessage *
sc_chat_row_get_item (ScChatRow *self)
{
  g_return_val_if_fail (SC_IS_CHAT_ROW (self), NULL);
  return self->item;
}

void
sc_chat_row_set_item (ScChatRow     *self,
                      ScChatMessage *item)
{
  g_return_if_fail (SC_IS_CHAT_ROW (self));
  g_return_if_fail (item == NULL || SC_IS_CHAT_MESSAGE (item));

  if (!g_set_object (&self->item, item))
    return;
  update_item (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

gboolean
sc_chat_row_get_featured (ScChatRow *self)
{
  g_return_val_if_fail (SC_IS_CHAT_ROW (self), FALSE);
  return self->featured;
}

void
sc_chat_row_set_featured (ScChatRow *self,
                          gboolean   featured)
{
  g_return_if_fail (SC_IS_CHAT_ROW (self));

  featured = !!featured;
  if (self->featured == featured)
    return;
  self->featured = featured;
  update_featured (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEATURED]);
}

GtkWidget *
sc_chat_row_get_feature_button (ScChatRow *self)
{
  g_return_val_if_fail (SC_IS_CHAT_ROW (self), NULL);
  return GTK_WIDGET (self->feature_button);
}

GtkWidget *
sc_chat_row_get_hide_button (ScChatRow *self)
{
  g_return_val_if_fail (SC_IS_CHAT_ROW (self), NULL);
  return GTK_WIDGET (self->hide_button);
}

GtkWidget *
sc_chat_row_get_block_button (ScChatRow *self)
{
  g_return_val_if_fail (SC_IS_CHAT_ROW (self), NULL);
  return GTK_WIDGET (self->block_button);
}
