/* test-claims-view.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-claims-view"

#include "config.h"

#include <string.h>

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

int
main (int   argc,
      char *argv[])
{
  sc_test_ui_init (&argc, &argv);

  g_test_add ("/ui/claims-view/per-product", Fixture, NULL,
              fixture_set_up, test_per_product, fixture_tear_down);
  g_test_add ("/ui/claims-view/waitlisted", Fixture, NULL,
              fixture_set_up, test_waitlisted, fixture_tear_down);
  g_test_add ("/ui/claims-view/from-chat", Fixture, NULL,
              fixture_set_up, test_from_chat, fixture_tear_down);

  return g_test_run ();
}
