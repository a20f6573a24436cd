/* sc-claims-view-row.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-claims-view-row"

#include "config.h"

#include <glib/gi18n.h>

#include "shop/sc-product.h"
#include "ui/sc-chat-row.h"
#include "ui/sc-claim-item.h"
#include "ui/sc-claims-view-row.h"

struct _ScClaimsViewRow
{
  GtkWidget        parent_instance;

  GtkWidget       *box;
  GtkImage        *platform_icon;
  GtkLabel        *title_label;
  GtkLabel        *detail_label;
  GtkLabel        *waitlisted_label;
  GtkLabel        *cancelled_label;
  GtkButton       *cancel_button;

  ScClaimDetector *claims;
  GObject         *item;
};

G_DEFINE_FINAL_TYPE (ScClaimsViewRow, sc_claims_view_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A cancelled claim stays in the list, struck through and dimmed. */
static void
set_struck (ScClaimsViewRow *self,
            gboolean         struck)
{
  g_autoptr(PangoAttrList) attrs = NULL;

  if (struck)
    {
      attrs = pango_attr_list_new ();
      pango_attr_list_insert (attrs, pango_attr_strikethrough_new (TRUE));
    }
  gtk_label_set_attributes (self->title_label, attrs);
  gtk_label_set_attributes (self->detail_label, attrs);
  if (struck)
    gtk_widget_add_css_class (self->box, "dim-label");
  else
    gtk_widget_remove_css_class (self->box, "dim-label");
}

static void
show_product (ScClaimsViewRow *self,
              ScProduct       *product)
{
  const char *id = sc_product_get_id (product);
  const char *code = sc_product_get_claim_code (product);
  guint claimed = self->claims != NULL ? sc_claim_detector_get_claimed (self->claims, id) : 0;
  guint waitlisted = self->claims != NULL ? sc_claim_detector_get_waitlisted (self->claims, id)
                                          : 0;
  g_autofree char *title = NULL;
  g_autofree char *detail = NULL;

  /* Translators: a product heading in the claims list: claim code and title. */
  title = code != NULL ? g_strdup_printf (_("%s · %s"), code, sc_product_get_title (product))
                       : g_strdup (sc_product_get_title (product));
  if (waitlisted > 0)
    /* Translators: units claimed and units waitlisted for a product. */
    detail = g_strdup_printf (_("%u claimed, %u waitlisted"), claimed, waitlisted);
  else
    /* Translators: units claimed for a product. */
    detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u claimed", "%u claimed", claimed),
                              claimed);
  gtk_widget_set_visible (GTK_WIDGET (self->platform_icon), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->waitlisted_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->cancelled_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  set_struck (self, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "heading");
  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->detail_label, detail);
}

static void
show_claim (ScClaimsViewRow *self,
            ScClaimItem     *claim)
{
  const char *platform = sc_claim_item_get_platform (claim);
  const char *variant = sc_claim_item_get_variant (claim);
  gboolean cancelled = sc_claim_item_get_cancelled (claim);
  g_autofree char *detail = NULL;
  g_autofree char *cancel_label = NULL;

  gtk_image_set_from_icon_name (self->platform_icon, sc_chat_row_platform_icon (platform));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->platform_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  sc_chat_row_platform_name (platform),
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->platform_icon),
                               sc_chat_row_platform_name (platform));
  gtk_widget_set_visible (GTK_WIDGET (self->platform_icon), TRUE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->title_label), "heading");
  gtk_label_set_label (self->title_label, sc_claim_item_get_author (claim));
  if (variant != NULL)
    /* Translators: quantity and variant of a claim, e.g. "× 2 · Blue / M". */
    detail = g_strdup_printf (_("× %u · %s"), sc_claim_item_get_quantity (claim), variant);
  else
    /* Translators: quantity of a claim, e.g. "× 2". */
    detail = g_strdup_printf (_("× %u"), sc_claim_item_get_quantity (claim));
  gtk_label_set_label (self->detail_label, detail);
  gtk_widget_set_visible (GTK_WIDGET (self->waitlisted_label),
                          sc_claim_item_get_waitlisted (claim) && !cancelled);
  gtk_widget_set_visible (GTK_WIDGET (self->cancelled_label), cancelled);
  set_struck (self, cancelled);

  /* Only a message with an id can be named to the detector again. */
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button),
                          !cancelled && sc_claim_item_get_message_id (claim) != NULL);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->cancel_button), "(ss)", platform,
                                    sc_claim_item_get_message_id (claim)
                                    ? sc_claim_item_get_message_id (claim) : "");
  /* Named only once it has a target: the action takes (platform, message id). */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->cancel_button), "claims.cancel");
  /* Translators: accessible name of a claim's cancel button; %s is who claimed. */
  cancel_label = g_strdup_printf (_("Cancel the Claim by %s"), sc_claim_item_get_author (claim));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->cancel_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, cancel_label,
                                  -1);
}

static void
update (ScClaimsViewRow *self)
{
  if (SC_IS_PRODUCT (self->item))
    show_product (self, SC_PRODUCT (self->item));
  else if (SC_IS_CLAIM_ITEM (self->item))
    show_claim (self, SC_CLAIM_ITEM (self->item));
}

static void
item_cancelled_cb (GObject         *item,
                   GParamSpec      *pspec,
                   ScClaimsViewRow *self)
{
  update (self);
}

static void
claimed_changed_cb (ScClaimDetector *claims,
                    const char      *product_id,
                    ScClaimsViewRow *self)
{
  if (SC_IS_PRODUCT (self->item) &&
      g_strcmp0 (sc_product_get_id (SC_PRODUCT (self->item)), product_id) == 0)
    update (self);
}

static void
sc_claims_view_row_dispose (GObject *object)
{
  ScClaimsViewRow *self = (ScClaimsViewRow *)object;

  sc_claims_view_row_set_claims (self, NULL);
  sc_claims_view_row_set_item (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_CLAIMS_VIEW_ROW);

  G_OBJECT_CLASS (sc_claims_view_row_parent_class)->dispose (object);
}

static void
sc_claims_view_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  ScClaimsViewRow *self = SC_CLAIMS_VIEW_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_claims_view_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  ScClaimsViewRow *self = SC_CLAIMS_VIEW_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      sc_claims_view_row_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_claims_view_row_class_init (ScClaimsViewRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_claims_view_row_dispose;
  object_class->get_property = sc_claims_view_row_get_property;
  object_class->set_property = sc_claims_view_row_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/sc-claims-view-row.ui");
  gtk_widget_class_bind_template_child (widget_class, ScClaimsViewRow, box);
  gtk_widget_class_bind_template_child (widget_class, ScClaimsViewRow, platform_icon);
  gtk_widget_class_bind_template_child (widget_class, ScClaimsViewRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, ScClaimsViewRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, ScClaimsViewRow, waitlisted_label);
  gtk_widget_class_bind_template_child (widget_class, ScClaimsViewRow, cancelled_label);
  gtk_widget_class_bind_template_child (widget_class, ScClaimsViewRow, cancel_button);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "claimrow");
}

static void
sc_claims_view_row_init (ScClaimsViewRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sc_claims_view_row_new (void)
{
  return g_object_new (SC_TYPE_CLAIMS_VIEW_ROW, NULL);
}

GObject *
sc_claims_view_row_get_item (ScClaimsViewRow *self)
{
  g_return_val_if_fail (SC_IS_CLAIMS_VIEW_ROW (self), NULL);
  return self->item;
}

void
sc_claims_view_row_set_item (ScClaimsViewRow *self,
                             GObject         *item)
{
  g_return_if_fail (SC_IS_CLAIMS_VIEW_ROW (self));
  g_return_if_fail (item == NULL || SC_IS_PRODUCT (item) || SC_IS_CLAIM_ITEM (item));

  if (self->item == item)
    return;
  if (self->item != NULL)
    g_signal_handlers_disconnect_by_func (self->item, item_cancelled_cb, self);
  g_set_object (&self->item, item);
  if (SC_IS_CLAIM_ITEM (item))
    g_signal_connect (item, "notify::cancelled", G_CALLBACK (item_cancelled_cb), self);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

void
sc_claims_view_row_set_claims (ScClaimsViewRow *self,
                               ScClaimDetector *claims)
{
  g_return_if_fail (SC_IS_CLAIMS_VIEW_ROW (self));

  if (self->claims == claims)
    return;
  if (self->claims != NULL)
    g_signal_handlers_disconnect_by_data (self->claims, self);
  g_set_object (&self->claims, claims);
  if (claims != NULL)
    g_signal_connect (claims, "claimed-changed", G_CALLBACK (claimed_changed_cb), self);
  update (self);
}

char *
sc_claims_view_row_get_summary (ScClaimsViewRow *self)
{
  g_return_val_if_fail (SC_IS_CLAIMS_VIEW_ROW (self), NULL);

  return g_strdup_printf ("%s %s%s%s", gtk_label_get_label (self->title_label),
                          gtk_label_get_label (self->detail_label),
                          gtk_widget_get_visible (GTK_WIDGET (self->waitlisted_label))
                          ? " waitlisted" : "",
                          gtk_widget_get_visible (GTK_WIDGET (self->cancelled_label))
                          ? " cancelled" : "");
}
