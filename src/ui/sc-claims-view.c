/* sc-claims-view.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-claims-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ui/sc-claim-item.h"
#include "ui/sc-claims-view-row.h"
#include "ui/sc-claims-view.h"

struct _ScClaimsView
{
  GtkWidget           parent_instance;

  GtkStack           *stack;
  GtkListView        *list_view;

  ScStudio           *studio;
  ScClaimDetector    *claims;
  GListStore         *all_claims;     /* ScClaimItem, arrival order */
  GHashTable         *per_product;    /* product id -> GListStore of ScClaimItem */
  GtkCustomFilter    *filter;
  GtkFilterListModel *products;       /* the catalog's products with claims */
  GtkTreeListModel   *tree;
};

G_DEFINE_FINAL_TYPE (ScClaimsView, sc_claims_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STUDIO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
has_claims (gpointer item,
            gpointer user_data)
{
  ScClaimsView *self = user_data;

  return g_hash_table_contains (self->per_product, sc_product_get_id (SC_PRODUCT (item)));
}

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  ScClaimsView *self = user_data;
  GListStore *store;

  if (!SC_IS_PRODUCT (item))
    return NULL;
  store = g_hash_table_lookup (self->per_product, sc_product_get_id (SC_PRODUCT (item)));
  return store != NULL ? g_object_ref (G_LIST_MODEL (store)) : NULL;
}

static void
update_empty (ScClaimsView *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->all_claims)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "claims");
}

static void
add_claim (ScClaimsView  *self,
           const ScClaim *claim)
{
  g_autoptr(ScClaimItem) item = sc_claim_item_new (claim);
  GListStore *store = g_hash_table_lookup (self->per_product, claim->product_id);
  gboolean new_product = store == NULL;

  if (new_product)
    {
      store = g_list_store_new (SC_TYPE_CLAIM_ITEM);
      g_hash_table_insert (self->per_product, g_strdup (claim->product_id), store);
    }
  g_list_store_append (store, item);
  g_list_store_append (self->all_claims, item);
  /* The store exists before the product's heading does, so the heading
   * comes with its claims already under it. */
  if (new_product)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_LESS_STRICT);
  update_empty (self);
}

static void
claim_cb (ScClaimDetector *claims,
          ScClaim         *claim,
          ScClaimsView    *self)
{
  add_claim (self, claim);
}

static ScClaimItem *
find_claim (ScClaimsView *self,
            const char   *platform,
            const char   *message_id)
{
  GListModel *claims = G_LIST_MODEL (self->all_claims);

  for (guint i = 0; i < g_list_model_get_n_items (claims); i++)
    {
      g_autoptr(ScClaimItem) item = g_list_model_get_item (claims, i);

      if (g_strcmp0 (sc_claim_item_get_platform (item), platform) == 0 &&
          g_strcmp0 (sc_claim_item_get_message_id (item), message_id) == 0)
        return g_steal_pointer (&item);
    }
  return NULL;
}

static void
claim_cancelled_cb (ScClaimDetector *claims,
                    ScClaim         *claim,
                    ScClaimsView    *self)
{
  g_autoptr(ScClaimItem) item = find_claim (self, claim->platform, claim->message_id);

  if (item != NULL)
    sc_claim_item_set_cancelled (item, TRUE);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     ScClaimsView     *self)
{
  const char *platform = g_object_get_data (G_OBJECT (dialog), "platform");
  const char *message_id = g_object_get_data (G_OBJECT (dialog), "message-id");
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *problem;

  if (g_strcmp0 (response, "cancel-claim") != 0)
    return;
  if (sc_claims_view_cancel_claim (self, platform, message_id, &error))
    return;
  problem = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (
                                                          GTK_WIDGET (self))),
                                                        _("Could Not Cancel the Claim"),
                                                        error->message));
  adw_message_dialog_add_response (problem, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (problem));
}

/* A cancel is asked once: a tap next to a live order must not lose it. */
static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ScClaimsView *self = SC_CLAIMS_VIEW (widget);
  g_autoptr(ScClaimItem) item = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  const char *platform;
  const char *message_id;
  GtkRoot *root;

  g_variant_get (parameter, "(&s&s)", &platform, &message_id);
  item = find_claim (self, platform, message_id);
  root = gtk_widget_get_root (widget);
  if (item == NULL || sc_claim_item_get_cancelled (item) || !GTK_IS_WINDOW (root))
    return;

  if (sc_claim_item_get_waitlisted (item))
    /* Translators: %s is who claimed, the second %s a product title. */
    body = g_strdup_printf (_("%s leaves the waitlist for %s."),
                            sc_claim_item_get_author (item),
                            sc_claim_item_get_product_title (item));
  else
    /* Translators: who claimed, units and product title: "Ana no longer claims 2 × Mug". */
    body = g_strdup_printf (_("%s no longer claims %u × %s, so others can claim it again."),
                            sc_claim_item_get_author (item),
                            sc_claim_item_get_quantity (item),
                            sc_claim_item_get_product_title (item));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (root),
                                                       _("Cancel the Claim?"), body));
  adw_message_dialog_add_responses (dialog,
                                    "keep", _("_Keep Claim"),
                                    "cancel-claim", _("_Cancel Claim"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "cancel-claim", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_object_set_data_full (G_OBJECT (dialog), "platform", g_strdup (platform), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "message-id", g_strdup (message_id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self,
                           G_CONNECT_DEFAULT);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
setup_cb (GtkListItemFactory *factory,
          GtkListItem        *list_item,
          ScClaimsView       *self)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *row = sc_claims_view_row_new ();

  /* Full width: every cancel button sits at the same edge, whatever the name. */
  gtk_widget_set_hexpand (row, TRUE);
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), row);
  gtk_list_item_set_child (list_item, expander);
}

static void
bind_cb (GtkListItemFactory *factory,
         GtkListItem        *list_item,
         ScClaimsView       *self)
{
  GtkTreeExpander *expander = GTK_TREE_EXPANDER (gtk_list_item_get_child (list_item));
  GtkTreeListRow *tree_row = gtk_list_item_get_item (list_item);
  ScClaimsViewRow *row = SC_CLAIMS_VIEW_ROW (gtk_tree_expander_get_child (expander));
  g_autoptr(GObject) item = gtk_tree_list_row_get_item (tree_row);

  gtk_tree_expander_set_list_row (expander, tree_row);
  sc_claims_view_row_set_claims (row, self->claims);
  sc_claims_view_row_set_item (row, item);
}

static void
unbind_cb (GtkListItemFactory *factory,
           GtkListItem        *list_item,
           ScClaimsView       *self)
{
  GtkTreeExpander *expander = GTK_TREE_EXPANDER (gtk_list_item_get_child (list_item));
  ScClaimsViewRow *row = SC_CLAIMS_VIEW_ROW (gtk_tree_expander_get_child (expander));

  gtk_tree_expander_set_list_row (expander, NULL);
  sc_claims_view_row_set_item (row, NULL);
}

/* The claim detector exists once the studio has started. */
static void
follow_claims (ScClaimsView *self)
{
  ScClaimDetector *claims = self->studio != NULL ? sc_studio_get_claims (self->studio) : NULL;

  if (self->claims == claims)
    return;
  if (self->claims != NULL)
    g_signal_handlers_disconnect_by_data (self->claims, self);
  g_set_object (&self->claims, claims);
  if (claims != NULL)
    {
      g_signal_connect (claims, "claim", G_CALLBACK (claim_cb), self);
      g_signal_connect (claims, "claim-waitlisted", G_CALLBACK (claim_cb), self);
      g_signal_connect (claims, "claim-cancelled", G_CALLBACK (claim_cancelled_cb), self);
    }
}

static void
studio_state_cb (ScStudio     *studio,
                 GParamSpec   *pspec,
                 ScClaimsView *self)
{
  follow_claims (self);
}

static void
sc_claims_view_dispose (GObject *object)
{
  ScClaimsView *self = (ScClaimsView *)object;

  sc_claims_view_set_studio (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_CLAIMS_VIEW);
  g_clear_object (&self->tree);
  g_clear_object (&self->products);
  g_clear_object (&self->filter);
  g_clear_object (&self->all_claims);
  g_clear_pointer (&self->per_product, g_hash_table_unref);

  G_OBJECT_CLASS (sc_claims_view_parent_class)->dispose (object);
}

static void
sc_claims_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ScClaimsView *self = SC_CLAIMS_VIEW (object);

  switch (prop_id)
    {
    case PROP_STUDIO:
      g_value_set_object (value, self->studio);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_claims_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ScClaimsView *self = SC_CLAIMS_VIEW (object);

  switch (prop_id)
    {
    case PROP_STUDIO:
      sc_claims_view_set_studio (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_claims_view_class_init (ScClaimsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_claims_view_dispose;
  object_class->get_property = sc_claims_view_get_property;
  object_class->set_property = sc_claims_view_set_property;

  properties[PROP_STUDIO] =
    g_param_spec_object ("studio", NULL, NULL, SC_TYPE_STUDIO,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/sc-claims-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ScClaimsView, stack);
  gtk_widget_class_bind_template_child (widget_class, ScClaimsView, list_view);

  gtk_widget_class_install_action (widget_class, "claims.cancel", "(ss)", cancel_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "claimsview");
}

static void
sc_claims_view_init (ScClaimsView *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->all_claims = g_list_store_new (SC_TYPE_CLAIM_ITEM);
  self->per_product = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->filter = gtk_custom_filter_new (has_claims, self, NULL);
  self->products = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  self->tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->products)),
                                        FALSE, TRUE, create_children, self, NULL);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (
                             g_object_ref (G_LIST_MODEL (self->tree)))));
  update_empty (self);
}

GtkWidget *
sc_claims_view_new (void)
{
  return g_object_new (SC_TYPE_CLAIMS_VIEW, NULL);
}

ScStudio *
sc_claims_view_get_studio (ScClaimsView *self)
{
  g_return_val_if_fail (SC_IS_CLAIMS_VIEW (self), NULL);
  return self->studio;
}

void
sc_claims_view_set_studio (ScClaimsView *self,
                           ScStudio     *studio)
{
  ScShow *show;

  g_return_if_fail (SC_IS_CLAIMS_VIEW (self));
  g_return_if_fail (studio == NULL || SC_IS_STUDIO (studio));

  if (self->studio == studio)
    return;
  if (self->studio != NULL)
    g_signal_handlers_disconnect_by_data (self->studio, self);
  g_set_object (&self->studio, studio);
  /* Another show's claims do not belong here. */
  g_list_store_remove_all (self->all_claims);
  g_hash_table_remove_all (self->per_product);
  show = studio != NULL ? sc_studio_get_show (studio) : NULL;
  gtk_filter_list_model_set_model (self->products,
                                   show != NULL ? G_LIST_MODEL (sc_show_get_catalog (show))
                                                : NULL);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  if (studio != NULL)
    g_signal_connect (studio, "notify::state", G_CALLBACK (studio_state_cb), self);
  follow_claims (self);
  update_empty (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STUDIO]);
}

GListModel *
sc_claims_view_get_claims (ScClaimsView *self)
{
  g_return_val_if_fail (SC_IS_CLAIMS_VIEW (self), NULL);
  return G_LIST_MODEL (self->all_claims);
}

GListModel *
sc_claims_view_get_model (ScClaimsView *self)
{
  g_return_val_if_fail (SC_IS_CLAIMS_VIEW (self), NULL);
  return G_LIST_MODEL (self->tree);
}

gboolean
sc_claims_view_cancel_claim (ScClaimsView  *self,
                             const char    *platform,
                             const char    *message_id,
                             GError       **error)
{
  g_return_val_if_fail (SC_IS_CLAIMS_VIEW (self), FALSE);
  g_return_val_if_fail (platform != NULL && message_id != NULL, FALSE);

  if (self->studio == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("No claim can be cancelled before the show starts"));
      return FALSE;
    }
  /* The item is marked by the detector's ::claim-cancelled. */
  return sc_studio_cancel_claim (self->studio, platform, message_id, error);
}
