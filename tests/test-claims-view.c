/* test-claims-view.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-claims-view"

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "chat/sc-chat-error.h"
#include "sc-test-ui.h"
#include "ui/sc-claim-item.h"
#include "ui/sc-claims-view.h"
#include "ui/sc-claims-view-row.h"

typedef struct {
  ScTestStudio *studio;
  ScClaimsView *view;
  GtkWindow    *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->studio = sc_test_studio_new_demo ();
  fixture->view = SC_CLAIMS_VIEW (sc_claims_view_new ());
  sc_claims_view_set_studio (fixture->view, fixture->studio->studio);
  fixture->window = sc_test_ui_window_new (GTK_WIDGET (fixture->view), 420, 600);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  sc_test_ui_window_destroy (fixture->window);
  g_clear_pointer (&fixture->studio, sc_test_studio_free);
}

/* A claim as it comes from a chat: through the studio's real detector,
 * with the catalog's stock. */
static void
comment (Fixture    *fixture,
         const char *platform,
         const char *id,
         const char *author,
         const char *text)
{
  g_autoptr(ScChatMessage) message = sc_chat_message_new (platform, id, author, NULL, text, NULL);
  g_autoptr(ScClaim) claim = NULL;

  claim = sc_claim_detector_process (sc_studio_get_claims (fixture->studio->studio), message);
}

static GObject *
tree_item (Fixture *fixture,
           guint    position)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (sc_claims_view_get_model (fixture->view),
                                                         position);

  g_assert_nonnull (row);
  return gtk_tree_list_row_get_item (row);
}

static ScClaimsViewRow *
find_row (Fixture *fixture,
          GObject *item)
{
  GtkWidget *root = GTK_WIDGET (fixture->view);
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, root);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);

      if (SC_IS_CLAIMS_VIEW_ROW (widget) &&
          sc_claims_view_row_get_item (SC_CLAIMS_VIEW_ROW (widget)) == item)
        return SC_CLAIMS_VIEW_ROW (widget);
      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (stack, child);
    }
  return NULL;
}

static char *
row_summary (Fixture *fixture,
             GObject *item)
{
  GtkWidget *root = GTK_WIDGET (fixture->view);
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, root);
  while (stack->len > 0)
    {
      GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);

      if (SC_IS_CLAIMS_VIEW_ROW (widget) &&
          sc_claims_view_row_get_item (SC_CLAIMS_VIEW_ROW (widget)) == item)
        return sc_claims_view_row_get_summary (SC_CLAIMS_VIEW_ROW (widget));
      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (stack, child);
    }
  return NULL;
}

static guint
tree_position (Fixture *fixture,
               GObject *item)
{
  GListModel *tree = sc_claims_view_get_model (fixture->view);

  for (guint i = 0; i < g_list_model_get_n_items (tree); i++)
    {
      g_autoptr(GObject) at = tree_item (fixture, i);

      if (at == item)
        return i;
    }
  g_assert_not_reached ();
}

static ScClaimItem *
claim_from (Fixture    *fixture,
            const char *message_id)
{
  GListModel *claims = sc_claims_view_get_claims (fixture->view);

  for (guint i = 0; i < g_list_model_get_n_items (claims); i++)
    {
      g_autoptr(ScClaimItem) claim = g_list_model_get_item (claims, i);

      if (g_str_equal (sc_claim_item_get_message_id (claim), message_id))
        return g_steal_pointer (&claim);
    }
  return NULL;
}

/* The demo chat claims rundown products; the beanie is not in the rundown,
 * so only this test claims it. */
static void
test_per_product (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(ScClaimItem) first = NULL;
  g_autoptr(ScClaimItem) second = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *text = NULL;
  ScProduct *beanie = sc_catalog_lookup (
    sc_show_get_catalog (sc_studio_get_show (fixture->studio->studio)), "beanie-01");
  guint heading;

  g_assert_nonnull (beanie);
  text = g_strdup_printf ("sold %s x2", sc_product_get_claim_code (beanie));
  comment (fixture, "twitch", "t1", "Nora", text);
  g_free (text);
  text = g_strdup_printf ("SOLD %s", sc_product_get_claim_code (beanie));
  comment (fixture, "youtube", "y1", "Ben", text);

  first = claim_from (fixture, "t1");
  second = claim_from (fixture, "y1");
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_cmpstr (sc_claim_item_get_author (first), ==, "Nora");
  g_assert_cmpstr (sc_claim_item_get_platform (first), ==, "twitch");
  g_assert_cmpuint (sc_claim_item_get_quantity (first), ==, 2);
  g_assert_cmpstr (sc_claim_item_get_product_id (first), ==, "beanie-01");
  g_assert_false (sc_claim_item_get_waitlisted (first));
  g_assert_cmpstr (sc_claim_item_get_platform (second), ==, "youtube");

  /* One heading for the beanie, its two claims right under it. */
  heading = tree_position (fixture, G_OBJECT (beanie));
  g_assert_cmpuint (tree_position (fixture, G_OBJECT (first)), ==, heading + 1);
  g_assert_cmpuint (tree_position (fixture, G_OBJECT (second)), ==, heading + 2);

  sc_test_ui_spin (100);
  summary = row_summary (fixture, G_OBJECT (beanie));
  g_assert_nonnull (summary);
  g_assert_nonnull (strstr (summary, sc_product_get_title (beanie)));
  g_assert_nonnull (strstr (summary, "3 claimed"));
  g_clear_pointer (&summary, g_free);
  summary = row_summary (fixture, G_OBJECT (first));
  g_assert_cmpstr (summary, ==, "Nora × 2");
}

/* Beyond the stock: waitlisted, shown under its product. */
static void
test_waitlisted (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(ScClaimItem) claim = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *text = NULL;
  ScProduct *sneakers = sc_catalog_lookup (
    sc_show_get_catalog (sc_studio_get_show (fixture->studio->studio)), "sneaker-01");

  /* The demo's sneakers are sold out. */
  g_assert_cmpint (sc_product_get_stock (sneakers), ==, 0);
  text = g_strdup_printf ("sold %s size 42", sc_product_get_claim_code (sneakers));
  comment (fixture, "demo", "test-d1", "Chloé", text);
  claim = claim_from (fixture, "test-d1");
  g_assert_nonnull (claim);
  g_assert_true (sc_claim_item_get_waitlisted (claim));
  g_assert_cmpuint (tree_position (fixture, G_OBJECT (claim)), >,
                    tree_position (fixture, G_OBJECT (sneakers)));
  sc_test_ui_spin (100);
  summary = row_summary (fixture, G_OBJECT (claim));
  g_assert_nonnull (summary);
  g_assert_true (g_str_has_prefix (summary, "Chloé × 1"));
  g_assert_true (g_str_has_suffix (summary, " waitlisted"));
  g_clear_pointer (&summary, g_free);
  summary = row_summary (fixture, G_OBJECT (sneakers));
  g_assert_nonnull (strstr (summary, "0 claimed, 1 waitlisted"));
}

/* The demo audience claims by itself: "SOLD A1" comes within seconds. */
static gboolean
has_claims (gpointer user_data)
{
  return g_list_model_get_n_items (user_data) > 0;
}

static void
test_from_chat (Fixture       *fixture,
                gconstpointer  user_data)
{
  GListModel *claims = sc_claims_view_get_claims (fixture->view);
  g_autoptr(ScClaimItem) claim = NULL;

  g_assert_true (sc_test_ui_wait (has_claims, claims, 30));
  claim = g_list_model_get_item (claims, 0);
  g_assert_cmpstr (sc_claim_item_get_platform (claim), ==, "demo");
  g_assert_cmpstr (sc_claim_item_get_code (claim), ==, "A1");
  g_assert_cmpstr (sc_claim_item_get_author (claim), ==, "Lena.B");
}

static AdwMessageDialog *
find_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gboolean
has_dialog (gpointer user_data)
{
  return find_dialog () != NULL;
}

/* The host cancels a claim from its row: asked once, then the claim is
 * struck through and marked cancelled, its units free again, and the
 * studio logs claim-cancelled with what the report reads. */
static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  ScClaimDetector *detector = sc_studio_get_claims (fixture->studio->studio);
  g_autoptr(ScClaimItem) claim = NULL;
  g_autoptr(ScClaimItem) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *text = NULL;
  ScProduct *beanie = sc_catalog_lookup (
    sc_show_get_catalog (sc_studio_get_show (fixture->studio->studio)), "beanie-01");
  ScClaimsViewRow *row;
  GtkWidget *button;
  AdwMessageDialog *dialog;
  JsonObject *event;

  text = g_strdup_printf ("sold %s x2", sc_product_get_claim_code (beanie));
  comment (fixture, "twitch", "t1", "Nora", text);
  g_free (text);
  text = g_strdup_printf ("sold %s", sc_product_get_claim_code (beanie));
  comment (fixture, "youtube", "y1", "Ben", text);
  claim = claim_from (fixture, "t1");
  kept = claim_from (fixture, "y1");
  g_assert_cmpuint (sc_claim_detector_get_claimed (detector, "beanie-01"), ==, 3);
  sc_test_ui_spin (100);

  row = find_row (fixture, G_OBJECT (claim));
  g_assert_nonnull (row);
  button = sc_test_ui_find_by_label (GTK_WIDGET (row), "Cancel the Claim by Nora");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Cancel Claim");

  /* Keeping it changes nothing. */
  sc_test_ui_press (button);
  g_assert_true (sc_test_ui_wait (has_dialog, NULL, 10));
  dialog = find_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Cancel the Claim?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Nora"));
  adw_message_dialog_response (dialog, "keep");
  gtk_window_destroy (GTK_WINDOW (dialog));
  sc_test_ui_spin (50);
  g_assert_false (sc_claim_item_get_cancelled (claim));
  g_assert_cmpuint (sc_claim_detector_get_claimed (detector, "beanie-01"), ==, 3);

  sc_test_ui_press (button);
  g_assert_true (sc_test_ui_wait (has_dialog, NULL, 10));
  dialog = find_dialog ();
  adw_message_dialog_response (dialog, "cancel-claim");
  gtk_window_destroy (GTK_WINDOW (dialog));
  sc_test_ui_spin (100);

  g_assert_true (sc_claim_item_get_cancelled (claim));
  g_assert_false (sc_claim_item_get_cancelled (kept));
  g_assert_cmpuint (sc_claim_detector_get_claimed (detector, "beanie-01"), ==, 1);
  g_assert_false (gtk_widget_get_visible (button));
  summary = row_summary (fixture, G_OBJECT (claim));
  g_assert_cmpstr (summary, ==, "Nora × 2 cancelled");
  g_clear_pointer (&summary, g_free);
  summary = row_summary (fixture, G_OBJECT (beanie));
  g_assert_nonnull (strstr (summary, "1 claimed"));

  event = sc_test_studio_last_event (fixture->studio, "claim-cancelled");
  g_assert_nonnull (event);
  g_assert_cmpstr (json_object_get_string_member (event, "platform"), ==, "twitch");
  g_assert_cmpstr (json_object_get_string_member (event, "message_id"), ==, "t1");
  g_assert_cmpstr (json_object_get_string_member (event, "product_id"), ==, "beanie-01");
  g_assert_cmpint (json_object_get_int_member (event, "quantity"), ==, 2);
  g_assert_false (json_object_get_boolean_member (event, "waitlisted"));
  g_assert_cmpint (json_object_get_int_member (event, "claimed"), ==, 1);

  /* A second time is an error that says so; nothing is logged again. */
  g_assert_false (sc_claims_view_cancel_claim (fixture->view, "twitch", "t1", &error));
  g_assert_error (error, SC_CHAT_ERROR, SC_CHAT_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (sc_claims_view_cancel_claim (fixture->view, "twitch", "nothing", &error));
  g_assert_error (error, SC_CHAT_ERROR, SC_CHAT_ERROR_NOT_FOUND);
  g_assert_true (sc_test_studio_last_event (fixture->studio, "claim-cancelled") == event);
}

int
main (int   argc,
      char *argv[])
{
  sc_test_ui_init (&argc, &argv);

  g_test_add ("/ui/claims-view/per-product", Fixture, NULL,
              fixture_set_up, test_per_product, fixture_tear_down);
  g_test_add ("/ui/claims-view/waitlisted", Fixture, NULL,
              fixture_set_up, test_waitlisted, fixture_tear_down);
  g_test_add ("/ui/claims-view/cancel", Fixture, NULL,
              fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/ui/claims-view/from-chat", Fixture, NULL,
              fixture_set_up, test_from_chat, fixture_tear_down);

  return g_test_run ();
}
