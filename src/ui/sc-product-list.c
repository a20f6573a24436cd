/* sc-product-list.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-product-list"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ui/sc-product-list.h"
#include "ui/sc-product-list-thumbnails.h"
#include "ui/sc-product-row.h"
#include "ui/sc-rundown-cue.h"

#define THUMBNAIL_SIZE 48

struct _ScProductList
{
  GtkWidget                parent_instance;

  GtkWidget               *box;
  ScRundownCue            *cue;
  GtkSearchEntry          *search_entry;
  GtkStack                *stack;
  GtkListView             *list_view;

  ScStudio                *studio;
  ScClaimDetector         *claims;
  ScProductListThumbnails *thumbnails;
  GtkCustomFilter         *filter;
  GtkFilterListModel      *filter_model;
  GtkSortListModel        *sort_model;
  GHashTable              *rundown;       /* product id -> 1-based place */
  GHashTable              *bound_rows;    /* ScProductRow set: rows showing a product */
  char                    *search;        /* case-folded, NULL when empty */
  guint                    low_stock;
};

G_DEFINE_FINAL_TYPE (ScProductList, sc_product_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STUDIO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static guint
rundown_place (ScProductList *self,
               ScProduct     *product)
{
  if (self->rundown == NULL)
    return 0;
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->rundown, sc_product_get_id (product)));
}

static gboolean
contains_folded (const char *haystack,
                 const char *folded_needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, folded_needle) != NULL;
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  ScProductList *self = user_data;
  ScProduct *product = item;

  if (self->search == NULL)
    return TRUE;
  return contains_folded (sc_product_get_title (product), self->search) ||
         contains_folded (sc_product_get_sku (product), self->search);
}

/* Rundown first, in its order; the sort is stable, so the rest keep the
 * catalog's order. */
static int
sort_func (gconstpointer a,
           gconstpointer b,
           gpointer      user_data)
{
  ScProductList *self = user_data;
  guint pa = rundown_place (self, SC_PRODUCT ((gpointer)a));
  guint pb = rundown_place (self, SC_PRODUCT ((gpointer)b));

  pa = pa == 0 ? G_MAXUINT : pa;
  pb = pb == 0 ? G_MAXUINT : pb;
  return pa < pb ? GTK_ORDERING_SMALLER : pa > pb ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static void
update_row (ScProductList *self,
            ScProductRow  *row)
{
  ScProduct *product = sc_product_row_get_item (row);
  ScProduct *pinned = self->studio != NULL ? sc_studio_get_pinned (self->studio) : NULL;
  ScProduct *next = self->studio != NULL ? sc_studio_get_next_in_rundown (self->studio) : NULL;
  gint64 sale_price;

  if (product == NULL)
    return;
  sc_product_row_set_pinned (row, product == pinned);
  sc_product_row_set_next (row, product == next);
  sc_product_row_set_position (row, rundown_place (self, product));
  sc_product_row_set_claimed (row, self->claims != NULL
                                   ? sc_claim_detector_get_claimed (self->claims,
                                                                    sc_product_get_id (product))
                                   : 0);
  sc_product_row_set_low_stock (row, self->low_stock);
  if (self->studio == NULL ||
      !sc_studio_get_sale (self->studio, sc_product_get_id (product), &sale_price, NULL))
    sale_price = -1;
  sc_product_row_set_sale_price (row, sale_price);
}

static void
update_rows (ScProductList *self)
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
          ScProductList      *self)
{
  /* The row is what the host acts on; the list item itself is not a stop. */
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_child (list_item, sc_product_row_new (self->thumbnails));
}

static void
bind_cb (GtkListItemFactory *factory,
         GtkListItem        *list_item,
         ScProductList      *self)
{
  ScProductRow *row = SC_PRODUCT_ROW (gtk_list_item_get_child (list_item));

  sc_product_row_set_item (row, gtk_list_item_get_item (list_item));
  g_hash_table_add (self->bound_rows, row);
  update_row (self, row);
}

static void
unbind_cb (GtkListItemFactory *factory,
           GtkListItem        *list_item,
           ScProductList      *self)
{
  ScProductRow *row = SC_PRODUCT_ROW (gtk_list_item_get_child (list_item));

  g_hash_table_remove (self->bound_rows, row);
  sc_product_row_set_item (row, NULL);
}

static void
teardown_cb (GtkListItemFactory *factory,
             GtkListItem        *list_item,
             ScProductList      *self)
{
  GtkWidget *row = gtk_list_item_get_child (list_item);

  if (row != NULL)
    g_hash_table_remove (self->bound_rows, row);
}

static void
update_empty (ScProductList *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->sort_model)) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
}

static void
search_changed_cb (ScProductList  *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_clear_pointer (&self->search, g_free);
  if (*stripped != '\0')
    self->search = g_utf8_casefold (stripped, -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* Enter pins the only product the search found: find it, put it on air. */
static void
search_activate_cb (ScProductList  *self,
                    GtkSearchEntry *entry)
{
  GListModel *model = G_LIST_MODEL (self->sort_model);
  g_autoptr(ScProduct) product = NULL;

  if (g_list_model_get_n_items (model) != 1 || self->studio == NULL)
    return;
  product = g_list_model_get_item (model, 0);
  sc_studio_pin (self->studio, sc_product_get_id (product), NULL);
}

static void
stop_search_cb (ScProductList  *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
scroll_to_pinned (ScProductList *self)
{
  ScProduct *pinned = self->studio != NULL ? sc_studio_get_pinned (self->studio) : NULL;
  GListModel *model = G_LIST_MODEL (self->sort_model);

  if (pinned == NULL)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ScProduct) product = g_list_model_get_item (model, i);

      if (product == pinned)
        {
          gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item",
                                      "u", i);
          return;
        }
    }
}

static void
studio_pinned_cb (ScStudio      *studio,
                  GParamSpec    *pspec,
                  ScProductList *self)
{
  update_rows (self);
  scroll_to_pinned (self);
}

static void
claimed_changed_cb (ScClaimDetector *claims,
                    const char      *product_id,
                    ScProductList   *self)
{
  update_rows (self);
}

/* The claim detector exists once the studio has started. */
static void
follow_claims (ScProductList *self)
{
  ScClaimDetector *claims = self->studio != NULL ? sc_studio_get_claims (self->studio) : NULL;

  if (self->claims == claims)
    return;
  if (self->claims != NULL)
    g_signal_handlers_disconnect_by_data (self->claims, self);
  g_set_object (&self->claims, claims);
  if (claims != NULL)
    g_signal_connect (claims, "claimed-changed", G_CALLBACK (claimed_changed_cb), self);
  update_rows (self);
}

static void
studio_state_cb (ScStudio      *studio,
                 GParamSpec    *pspec,
                 ScProductList *self)
{
  follow_claims (self);
}

static void
pin_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  ScProductList *self = SC_PRODUCT_LIST (widget);
  g_autoptr(GError) error = NULL;

  if (self->studio == NULL)
    return;
  /* The list only offers products of the catalog; one that a sync removed
   * in between is not an error worth a dialog while on air. */
  if (!sc_studio_pin (self->studio, g_variant_get_string (parameter, NULL), &error))
    g_debug ("Not pinned: %s", error->message);
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ScProductList *self = SC_PRODUCT_LIST (widget);

  if (self->studio == NULL)
    return;
  if (!sc_studio_pin_step (self->studio, g_str_equal (action_name, "products.next") ? 1 : -1))
    gtk_widget_error_bell (widget);
}

static void
unpin_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ScProductList *self = SC_PRODUCT_LIST (widget);

  if (self->studio != NULL)
    sc_studio_unpin (self->studio);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ScProductList *self = SC_PRODUCT_LIST (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
update_actions (ScProductList *self)
{
  gboolean has_studio = self->studio != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "products.pin", has_studio);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "products.next", has_studio);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "products.previous", has_studio);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "products.unpin", has_studio);
}

static void
sc_product_list_dispose (GObject *object)
{
  ScProductList *self = (ScProductList *)object;

  sc_product_list_set_studio (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SC_TYPE_PRODUCT_LIST);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->thumbnails);

  G_OBJECT_CLASS (sc_product_list_parent_class)->dispose (object);
}

static void
sc_product_list_finalize (GObject *object)
{
  ScProductList *self = (ScProductList *)object;

  g_clear_pointer (&self->rundown, g_hash_table_unref);
  g_clear_pointer (&self->bound_rows, g_hash_table_unref);
  g_free (self->search);

  G_OBJECT_CLASS (sc_product_list_parent_class)->finalize (object);
}

static void
sc_product_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ScProductList *self = SC_PRODUCT_LIST (object);

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
sc_product_list_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ScProductList *self = SC_PRODUCT_LIST (object);

  switch (prop_id)
    {
    case PROP_STUDIO:
      sc_product_list_set_studio (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_product_list_class_init (ScProductListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sc_product_list_dispose;
  object_class->finalize = sc_product_list_finalize;
  object_class->get_property = sc_product_list_get_property;
  object_class->set_property = sc_product_list_set_property;

  properties[PROP_STUDIO] =
    g_param_spec_object ("studio", NULL, NULL, SC_TYPE_STUDIO,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/sc-product-list.ui");
  gtk_widget_class_bind_template_child (widget_class, ScProductList, box);
  gtk_widget_class_bind_template_child (widget_class, ScProductList, cue);
  gtk_widget_class_bind_template_child (widget_class, ScProductList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ScProductList, stack);
  gtk_widget_class_bind_template_child (widget_class, ScProductList, list_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);

  gtk_widget_class_install_action (widget_class, "products.pin", "s", pin_action);
  gtk_widget_class_install_action (widget_class, "products.next", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "products.previous", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "products.unpin", NULL, unpin_action);
  gtk_widget_class_install_action (widget_class, "products.search", NULL, search_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "productlist");
}

static void
sc_product_list_init (ScProductList *self)
{
  GtkListItemFactory *factory;

  self->bound_rows = g_hash_table_new (NULL, NULL);
  self->low_stock = 5;
  g_type_ensure (SC_TYPE_RUNDOWN_CUE);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->thumbnails = sc_product_list_thumbnails_new (NULL, THUMBNAIL_SIZE);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)),
                                              GTK_SORTER (gtk_custom_sorter_new (sort_func,
                                                                                 self, NULL)));
  g_signal_connect_swapped (self->sort_model, "items-changed", G_CALLBACK (update_empty), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  g_signal_connect (factory, "teardown", G_CALLBACK (teardown_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (
                             g_object_ref (G_LIST_MODEL (self->sort_model)))));
  update_actions (self);
}

GtkWidget *
sc_product_list_new (void)
{
  return g_object_new (SC_TYPE_PRODUCT_LIST, NULL);
}

ScStudio *
sc_product_list_get_studio (ScProductList *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT_LIST (self), NULL);
  return self->studio;
}

void
sc_product_list_set_studio (ScProductList *self,
                            ScStudio      *studio)
{
  ScShow *show;

  g_return_if_fail (SC_IS_PRODUCT_LIST (self));
  g_return_if_fail (studio == NULL || SC_IS_STUDIO (studio));

  if (self->studio == studio)
    return;
  if (self->studio != NULL)
    g_signal_handlers_disconnect_by_data (self->studio, self);
  g_set_object (&self->studio, studio);
  g_clear_pointer (&self->rundown, g_hash_table_unref);
  sc_rundown_cue_set_studio (self->cue, studio);

  show = studio != NULL ? sc_studio_get_show (studio) : NULL;
  if (show != NULL)
    {
      const char * const *rundown = sc_show_get_rundown (show);

      self->rundown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; rundown != NULL && rundown[i] != NULL; i++)
        if (!g_hash_table_contains (self->rundown, rundown[i]))
          g_hash_table_insert (self->rundown, g_strdup (rundown[i]), GUINT_TO_POINTER (i + 1));
      self->low_stock = sc_show_get_low_stock_threshold (show);
      g_set_object (&self->thumbnails, NULL);
      self->thumbnails = sc_product_list_thumbnails_new (show, THUMBNAIL_SIZE);
      g_signal_connect (studio, "notify::pinned", G_CALLBACK (studio_pinned_cb), self);
      g_signal_connect (studio, "notify::state", G_CALLBACK (studio_state_cb), self);
      g_signal_connect_swapped (studio, "sale-started", G_CALLBACK (update_rows), self);
      g_signal_connect_swapped (studio, "sale-ended", G_CALLBACK (update_rows), self);
    }
  /* Rows hold the thumbnail loader they were made with: make them again. */
  {
    g_autoptr(GtkListItemFactory) factory =
      g_object_ref (gtk_list_view_get_factory (self->list_view));

    gtk_list_view_set_factory (self->list_view, NULL);
    gtk_list_view_set_factory (self->list_view, factory);
  }
  gtk_filter_list_model_set_model (self->filter_model,
                                   show != NULL ? G_LIST_MODEL (sc_show_get_catalog (show))
                                                : NULL);
  gtk_sorter_changed (gtk_sort_list_model_get_sorter (self->sort_model),
                      GTK_SORTER_CHANGE_DIFFERENT);
  follow_claims (self);
  update_rows (self);
  update_empty (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STUDIO]);
}

GListModel *
sc_product_list_get_model (ScProductList *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT_LIST (self), NULL);
  return G_LIST_MODEL (self->sort_model);
}

GtkEditable *
sc_product_list_get_search_entry (ScProductList *self)
{
  g_return_val_if_fail (SC_IS_PRODUCT_LIST (self), NULL);
  return GTK_EDITABLE (self->search_entry);
}
