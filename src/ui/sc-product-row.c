/* sc-product-row.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-product-row"

#include "config.h"

#include <glib/gi18n.h>

#include "shop/sc-money.h"
#include "ui/sc-product-row.h"

struct _ScProductRow
{
  GtkWidget                parent_instance;

  GtkWidget               *box;
  GtkLabel                *position_label;
  GtkImage                *thumbnail;
  GtkLabel                *title_label;
  GtkLabel                *on_air_label;
  GtkLabel                *next_label;
  GtkLabel                *price_label;
  GtkLabel                *stock_label;
  GtkLabel                *claimed_label;
  GtkLabel                *sku_label;
  GtkButton               *pin_button;

  ScProductListThumbnails *thumbnails;
  GCancellable            *thumbnail_cancellable;
  ScProduct               *item;
  guint                    position;
  guint                    claimed;
  guint                    low_stock;
  gboolean                 pinned;
  gboolean                 next;
  gint64                   sale_price;  /* a flash sale's, or -1 */
};

G_DEFINE_FINAL_TYPE (ScProductRow, sc_product_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  PROP_PINNED,
  PROP_NEXT,
  PROP_POSITION,
  PROP_CLAIMED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The tooltips are made when asked for: gtk_widget_set_tooltip_text() on
 * every row bound asks the X server where the pointer is (a round trip),
 * which made scrolling a 100,000-product list miss frames. */
static gboolean
on_query_tooltip (GtkWidget    *widget,
                  int           x,
                  int           y,
                  gboolean      keyboard,
                  GtkTooltip   *tooltip,
                  ScProductRow *self)
{
  g_autofree char *pin_label = NULL;

  if (self->item == NULL)
    return FALSE;
  if (widget == GTK_WIDGET (self->title_label))
    {
      gtk_tooltip_set_text (tooltip, sc_product_get_title (self->item));
      return TRUE;
    }
  pin_label = g_strdup_printf (_("Pin %s"), sc_product_get_title (self->item));
  gtk_tooltip_set_text (tooltip, pin_label);
  return TRUE;
}

static void
update_texts (ScProductRow *self)
{
  g_autofree char *pin_label = NULL;
  g_autofree char *price = NULL;
  const char *title;
  const char *sku;

  if (self->item == NULL)
    return;
  title = sc_product_get_title (self->item);
  sku = sc_product_get_sku (self->item);
  gtk_label_set_label (self->title_label, title);
  /* What the tooltip says, for assistive technology too. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->title_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, title,
                                  -1);
  if (sku != NULL && *sku != '\0')
    {
      /* Translators: a product's stock keeping unit, e.g. "SKU HH-MUG-SAGE". */
      g_autofree char *sku_text = g_strdup_printf (_("SKU %s"), sku);

      gtk_label_set_label (self->sku_label, sku_text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->sku_label), sku != NULL && *sku != '\0');
  price = sc_money_format (sc_product_get_price (self->item),
                           sc_product_get_currency (self->item));
  if (self->sale_price >= 0)
    {
      /* A flash sale on air: the regular price struck through, as on the
       * card the audience sees. */
      g_autofree char *sale = sc_money_format (self->sale_price,
                                               sc_product_get_currency (self->item));
      g_autofree char *markup = g_markup_printf_escaped ("<s>%s</s> <b>%s</b>", price, sale);
      /* Translators: a product on sale in the product list, read out by
       * screen readers; the first %s is the sale price, the second the
       * regular price, e.g. "On sale: €15.00 instead of €19.90". */
      g_autofree char *described = g_strdup_printf (_("On sale: %s instead of %s"), sale, price);

      gtk_label_set_markup (self->price_label, markup);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->price_label),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, described, -1);
    }
  else
    {
      gtk_label_set_label (self->price_label, price);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->price_label),
                                     GTK_ACCESSIBLE_PROPERTY_LABEL);
    }

  /* Translators: the accessible name of a product's pin button; %s is the title. */
  pin_label = g_strdup_printf (_("Pin %s"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pin_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, pin_label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, pin_label,
                                  -1);
  /* Target before name: a name without its target is a type mismatch. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->pin_button), "s",
                                    sc_product_get_id (self->item));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->pin_button), "products.pin");
}

static void
update_stock (ScProductRow *self)
{
  g_autofree char *text = NULL;
  GtkWidget *badge = GTK_WIDGET (self->stock_label);
  gint64 stock;

  if (self->item == NULL)
    return;
  stock = sc_product_get_stock (self->item);
  gtk_widget_remove_css_class (badge, "sold-out");
  gtk_widget_remove_css_class (badge, "low");
  gtk_widget_remove_css_class (badge, "untracked");
  if (stock == SC_STOCK_UNTRACKED || stock < 0)
    {
      text = g_strdup (_("Stock not tracked"));
      gtk_widget_add_css_class (badge, "untracked");
    }
  else if (stock == 0)
    {
      text = g_strdup (_("Sold out"));
      gtk_widget_add_css_class (badge, "sold-out");
    }
  else if (stock <= self->low_stock)
    {
      /* Translators: low stock; %d is how many are left. */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Only %d left", "Only %d left",
                                           (gulong)stock), (int)stock);
      gtk_widget_add_css_class (badge, "low");
    }
  else
    /* Translators: %d is the number in stock. */
    text = g_strdup_printf (_("%d in stock"), (int)MIN (stock, G_MAXINT));
  gtk_label_set_label (self->stock_label, text);
}

static void
update_claimed (ScProductRow *self)
{
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->claimed_label), self->claimed > 0);
  /* Translators: units viewers claimed in the chat. */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u claimed", "%u claimed",
                                       self->claimed), self->claimed);
  gtk_label_set_label (self->claimed_label, text);
}

static void
update_position (ScProductRow *self)
{
  g_autofree char *text = self->position > 0 ? g_strdup_printf ("%u", self->position) : NULL;

  gtk_label_set_label (self->position_label, text != NULL ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->position_label),
                               self->position > 0 ? _("Place in the rundown") : NULL);
}

static void
update_state (ScProductRow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->on_air_label), self->pinned);
  gtk_widget_set_visible (GTK_WIDGET (self->next_label), self->next && !self->pinned);
  if (self->pinned)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "pinned");
      gtk_widget_add_css_class (GTK_WIDGET (self->pin_button), "accent");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "pinned");
      gtk_widget_remove_css_class (GTK_WIDGET (self->pin_button), "accent");
    }
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->pin_button),
                               GTK_ACCESSIBLE_STATE_PRESSED,
                               self->pinned ? GTK_ACCESSIBLE_TRISTATE_TRUE
                                            : GTK_ACCESSIBLE_TRISTATE_FALSE,
                               -1);
}

static void
thumbnail_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(ScProductRow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  texture = sc_product_list_thumbnails_load_finish (SC_PRODUCT_LIST_THUMBNAILS (object),
                                                    result, &error);
  /* A picture that cannot be had keeps the placeholder: the list is for
   * running the show, and the card on air reports its own image errors. */
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No thumbnail: %s", error->message);
      return;
    }
  /* A newer picture cancels this request, so a texture that arrives is current. */
  gtk_image_set_from_paintable (self->thumbnail, GDK_PAINTABLE (texture));
}

static void
update_thumbnail (ScProductRow *self)
{
  const char *uri;
  GdkTexture *texture;

  g_cancellable_cancel (self->thumbnail_cancellable);
  g_clear_object (&self->thumbnail_cancellable);
  uri = self->item != NULL ? sc_product_get_image_uri (self->item) : NULL;
  texture = self->thumbnails != NULL && uri != NULL
            ? sc_product_list_thumbnails_lookup (self->thumbnails, uri) : NULL;
  if (texture != NULL)
    {
      gtk_image_set_from_paintable (self->thumbnail, GDK_PAINTABLE (texture));
      return;
    }
  gtk_image_set_from_icon_name (self->thumbnail, "image-x-generic-symbolic");
  if (uri == NULL || self->thumbnails == NULL)
    return;
  self->thumbnail_cancellable = g_cancellable_new ();
  sc_product_list_thumbnails_load_async (self->thumbnails, uri, self->thumbnail_cancellable,
                                         thumbnail_loaded_cb, g_object_ref (self));
}

static void
item_notify_cb (ScProduct    *item,
                GParamSpec   *pspec,
                ScProductRow *self)
{
  if (g_str_equal (pspec->name, "stock"))
    update_stock (self);
  else if (g_str_equal (pspec->name, "image-uri"))
    update_thumbnail (self);
  else
    update_texts (self);
}

static void
sc_product_row_dispose (GObject *object)
{
  ScProductRow *self = (ScProductRow *)object;

  sc_product_row_set_item (self, NULL);
  g_cancellable_cancel (self->thumbnail_cancellable);
  g_clear_object (&self->thumbnail_cancellable);
  g_clear_object (&self->thumbnails);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_PRODUCT_ROW);

  G_OBJECT_CLASS (sc_product_row_parent_class)->dispose (object);
}

static void
sc_product_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ScProductRow *self = SC_PRODUCT_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    case PROP_PINNED:
      g_value_set_boolean (value, self->pinned);
      break;
    case PROP_NEXT:
      g_value_set_boolean (value, self->next);
      break;
    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;
    case PROP_CLAIMED:
      g_value_set_uint (value, self->claimed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_product_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ScProductRow *self = SC_PRODUCT_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      sc_product_row_set_item (self, g_value_get_object (value));
      break;
    case PROP_PINNED:
      sc_product_row_set_pinned (self, g_value_get_boolean (value));
      break;
    case PROP_NEXT:
      sc_product_row_set_next (self, g_value_get_boolean (value));
      break;
    case PROP_POSITION:
      sc_product_row_set_position (self, g_value_get_uint (value));
      break;
    case PROP_CLAIMED:
      sc_product_row_set_claimed (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_product_row_class_init (ScProductRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_product_row_dispose;
  object_class->get_property = sc_product_row_get_property;
  object_class->set_property = sc_product_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, SC_TYPE_PRODUCT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PINNED] =
    g_param_spec_boolean ("pinned", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NEXT] =
    g_param_spec_boolean ("next", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_POSITION] =
    g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CLAIMED] =
    g_param_spec_uint ("claimed", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/sc-product-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ScProductRow, box);
  gtk_widget_class_bind_template_child (widget_class, ScProductRow, position_label);
  gtk_widget_class_bind_template_child (widget_class, ScProductRow, thumbnail);
  gtk_widget_class_bind_template_child (widget_class, ScProductRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, ScProductRow, on_air_label);
  gtk_widget_class_bind_template_child (widget_class, ScProductRow, next_label);
  gtk_widget_class_bind_template_child (widget_class, ScProductRow, price_label);
  gtk_widget_class_bind_template_child (widget_class, ScProductRow, stock_label);
  gtk_widget_class_bind_template_child (widget_class, ScProductRow, claimed_label);
  gtk_widget_class_bind_template_child (widget_class, ScProductRow, sku_label);
  gtk_widget_class_bind_template_child (widget_class, ScProductRow, pin_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "productrow");
}

static void
sc_product_row_init (ScProductRow *self)
{
  self->low_stock = 5;
  self->sale_price = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->title_label), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->pin_button), TRUE);
  g_signal_connect (self->title_label, "query-tooltip", G_CALLBACK (on_query_tooltip), self);
  g_signal_connect (self->pin_button, "query-tooltip", G_CALLBACK (on_query_tooltip), self);
}

GtkWidget *
sc_product_row_new (ScProductListThumbnails *thumbnails)
{
  ScProductRow *self;

  g_return_val_if_fail (thumbnails == NULL || SC_IS_PRODUCT_LIST_THUMBNAILS (thumbnails), NULL);

  self = g_object_new (SC_TYPE_PRODUCT_ROW, NULL);
  if (thumbnails != NULL)
    {
      self->thumbnails = g_object_ref (thumbnails);
      gtk_image_set_pixel_size (self->thumbnail,
                                sc_product_list_thumbnails_get_size (thumbnails));
    }
  return GTK_WIDGET (self);
}

ScProduct *
sc_product_row_get_item (ScProductRow *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT_ROW (self), NULL);
  return self->item;
}

void
sc_product_row_set_item (ScProductRow *self,
                         ScProduct    *item)
{
  g_return_if_fail (SC_IS_PRODUCT_ROW (self));
  g_return_if_fail (item == NULL || SC_IS_PRODUCT (item));

  if (self->item == item)
    return;
  if (self->item != NULL)
    g_signal_handlers_disconnect_by_data (self->item, self);
  g_set_object (&self->item, item);
  if (item != NULL)
    {
      g_signal_connect (item, "notify", G_CALLBACK (item_notify_cb), self);
      update_texts (self);
      update_stock (self);
    }
  update_thumbnail (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

gboolean
sc_product_row_get_pinned (ScProductRow *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT_ROW (self), FALSE);
  return self->pinned;
}

void
sc_product_row_set_pinned (ScProductRow *self,
                           gboolean      pinned)
{
  g_return_if_fail (SC_IS_PRODUCT_ROW (self));

  pinned = !!pinned;
  if (self->pinned == pinned)
    return;
  self->pinned = pinned;
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PINNED]);
}

gboolean
sc_product_row_get_next (ScProductRow *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT_ROW (self), FALSE);
  return self->next;
}

void
sc_product_row_set_next (ScProductRow *self,
                         gboolean      next)
{
  g_return_if_fail (SC_IS_PRODUCT_ROW (self));

  next = !!next;
  if (self->next == next)
    return;
  self->next = next;
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT]);
}

guint
sc_product_row_get_position (ScProductRow *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT_ROW (self), 0);
  return self->position;
}

void
sc_product_row_set_position (ScProductRow *self,
                             guint         position)
{
  g_return_if_fail (SC_IS_PRODUCT_ROW (self));

  if (self->position == position)
    return;
  self->position = position;
  update_position (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

guint
sc_product_row_get_claimed (ScProductRow *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT_ROW (self), 0);
  return self->claimed;
}

void
sc_product_row_set_claimed (ScProductRow *self,
                            guint         claimed)
{
  g_return_if_fail (SC_IS_PRODUCT_ROW (self));

  if (self->claimed == claimed)
    return;
  self->claimed = claimed;
  update_claimed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLAIMED]);
}

void
sc_product_row_set_low_stock (ScProductRow *self,
                              guint         threshold)
{
  g_return_if_fail (SC_IS_PRODUCT_ROW (self));

  if (self->low_stock == threshold)
    return;
  self->low_stock = threshold;
  update_stock (self);
}

/* A flash sale's price for the product (minor units), or -1 for none. */
void
sc_product_row_set_sale_price (ScProductRow *self,
                               gint64        sale_price)
{
  g_return_if_fail (SC_IS_PRODUCT_ROW (self));

  sale_price = MAX (sale_price, -1);
  if (self->sale_price == sale_price)
    return;
  self->sale_price = sale_price;
  update_texts (self);
}

gint64
sc_product_row_get_sale_price (ScProductRow *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT_ROW (self), -1);

  return self->sale_price;
}

const char *
sc_product_row_get_stock_text (ScProductRow *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT_ROW (self), NULL);
  return gtk_label_get_label (self->stock_label);
}

GtkWidget *
sc_product_row_get_pin_button (ScProductRow *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT_ROW (self), NULL);
  return GTK_WIDGET (self->pin_button);
}

GdkPaintable *
sc_product_row_get_thumbnail (ScProductRow *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT_ROW (self), NULL);

  if (gtk_image_get_storage_type (self->thumbnail) != GTK_IMAGE_PAINTABLE)
    return NULL;
  return gtk_image_get_paintable (self->thumbnail);
}
