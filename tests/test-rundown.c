/* test-rundown.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* The rundown running a show in rehearsal: segments by the show clock,
 * auto-advance, "next" and manual pins, flash sales that outlast their
 * segment, the card's countdown, and claims at the sale price. Every time
 * asserted is one the show reports about itself (its events), never a
 * wall-clock duration. */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "sc-test.h"
#include "sc-test-studio-run.h"
#include "studio/sc-studio.h"

#define DEMO "resource:///io/github/shopcast/Shopcast/demo/"

/* Test pattern and tone only: no device to wait for. */
static ScShow *
make_show (const char *rundown,
           const char *pinned,
           gboolean    demo_chat)
{
  g_autoptr(GError) error = NULL;
  /* Loading the demo registers its resources, the catalog among them. */
  g_autoptr(ScShow) demo = sc_show_new_demo (&error);
  g_autofree char *data = NULL;
  ScShow *show;

  g_assert_no_error (error);
  data = g_strdup_printf (
    "{\"version\": 1, \"title\": \"Rundown test\","
    " \"canvas\": {\"width\": 320, \"height\": 180, \"fps\": 15},"
    " \"sources\": [{\"id\": \"bars\", \"kind\": \"test-pattern\"},"
    "               {\"id\": \"tone\", \"kind\": \"test-tone\", \"volume\": 0.1}],"
    " \"products\": {\"file\": \"" DEMO "catalog.json\"%s%s%s, \"rundown\": %s},"
    " \"chat\": {\"demo\": %s},"
    " \"recording\": {\"enabled\": false}}",
    pinned ? ", \"pinned\": \"" : "", pinned ? pinned : "", pinned ? "\"" : "",
    rundown, demo_chat ? "true" : "false");
  show = sc_show_new_from_data (data, strlen (data), "rundown-test", NULL, &error);
  g_assert_no_error (error);
  return show;
}

static GPtrArray *
named (GPtrArray  *events,
       const char *name)
{
  GPtrArray *found = g_ptr_array_new ();

  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (json_object_get_string_member (events->pdata[i], "event"), name))
      g_ptr_array_add (found, events->pdata[i]);
  return found;
}

static guint
position_of (GPtrArray  *events,
             const char *name,
             gint64      index)
{
  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (json_object_get_string_member (events->pdata[i], "event"), name) &&
        json_object_get_int_member (events->pdata[i], "index") == index)
      return i;
  g_assert_not_reached ();
}

/* ---- auto-advance ------------------------------------------------------- */

static gboolean
last_segment_ended (ScStudio   *studio,
                    const char *event,
                    JsonObject *fields,
                    gpointer    data)
{
  return g_str_equal (event, "segment-ended") && json_object_get_int_member (fields, "index") == 2;
}

/* Three timed segments, nothing pinned: --auto-advance starts the first and
 * moves on as each one's time is up by the show clock; the sale of the
 * second segment outlasts it and ends on its own time. */
static void
test_auto_advance (void)
{
  g_autofree char *dir = sc_test_make_tmp_dir ("sc-rundown");
  g_autoptr(ScShow) show = make_show (
    "[{\"product\": \"candle-01\", \"minutes\": 0.02, \"notes\": \"light it first\"},"
    " {\"product\": \"mug-01\", \"minutes\": 0.02,"
    "  \"sale\": {\"price\": \"15.00\", \"minutes\": 0.04}},"
    " {\"product\": \"scarf-01\", \"minutes\": 0.04}]", NULL, FALSE);
  g_autoptr(GPtrArray) events = sc_test_studio_run_until (show, dir, TRUE, last_segment_ended,
                                                          NULL);
  g_autoptr(GPtrArray) started = named (events, "segment-started");
  g_autoptr(GPtrArray) ended = named (events, "segment-ended");
  g_autoptr(GPtrArray) sale_started = named (events, "sale-started");
  g_autoptr(GPtrArray) sale_ended = named (events, "sale-ended");
  static const char * const ids[] = { "candle-01", "mug-01", "scarf-01" };
  static const double minutes[] = { 0.02, 0.02, 0.04 };
  gboolean saw_countdown = FALSE;
  JsonObject *e;

  g_assert_cmpuint (started->len, ==, 3);
  g_assert_cmpuint (ended->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *s = started->pdata[i];

      e = ended->pdata[i];
      g_assert_cmpint (json_object_get_int_member (s, "index"), ==, i);
      g_assert_cmpstr (json_object_get_string_member (s, "product_id"), ==, ids[i]);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (s, "minutes"), minutes[i],
                                      1e-9);
      g_assert_cmpint (json_object_get_int_member (e, "index"), ==, i);
      g_assert_cmpstr (json_object_get_string_member (e, "product_id"), ==, ids[i]);
      g_assert_cmpstr (json_object_get_string_member (e, "reason"), ==, "time-up");
      /* On air at least its minutes, by the show's own clock. */
      g_assert_cmpfloat (json_object_get_double_member (e, "seconds_on_air"), >=,
                         minutes[i] * 60 - 0.001);
      /* Each ends before the next starts. */
      g_assert_cmpuint (position_of (events, "segment-ended", i), <,
                        i < 2 ? position_of (events, "segment-started", i + 1) : G_MAXUINT);
    }
  e = started->pdata[0];
  g_assert_cmpstr (json_object_get_string_member (e, "title"), ==, "Fig & Cedar Soy Candle");
  g_assert_cmpstr (json_object_get_string_member (e, "notes"), ==, "light it first");
  g_assert_cmpstr (json_object_get_string_member (e, "next_product_id"), ==, "mug-01");
  g_assert_false (json_object_get_boolean_member (e, "sale"));
  g_assert_true (json_object_get_null_member (started->pdata[1], "notes"));
  g_assert_true (json_object_get_boolean_member (started->pdata[1], "sale"));

  /* The sale: started with its segment, outlasting it, ended on its time. */
  g_assert_cmpuint (sale_started->len, ==, 1);
  g_assert_cmpuint (sale_ended->len, ==, 1);
  e = sale_started->pdata[0];
  g_assert_cmpint (json_object_get_int_member (e, "index"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (e, "product_id"), ==, "mug-01");
  g_assert_cmpint (json_object_get_int_member (e, "price"), ==, 1500);
  g_assert_cmpstr (json_object_get_string_member (e, "price_text"), ==, "€15.00");
  g_assert_cmpint (json_object_get_int_member (e, "regular_price"), ==, 1990);
  g_assert_cmpstr (json_object_get_string_member (e, "currency"), ==, "EUR");
  g_assert_false (json_object_get_boolean_member (e, "apply_to_shop"));
  g_assert_cmpuint (position_of (events, "sale-started", 1), >,
                    position_of (events, "segment-started", 1));
  e = sale_ended->pdata[0];
  g_assert_cmpstr (json_object_get_string_member (e, "reason"), ==, "time-up");
  g_assert_cmpfloat (json_object_get_double_member (e, "seconds"), >=, 0.04 * 60 - 0.001);
  g_assert_cmpuint (position_of (events, "sale-ended", 1), >,
                    position_of (events, "segment-ended", 1));

  /* The card counted down while the mug was pinned; the scarf's card has no sale. */
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *o = events->pdata[i];
      const char *product;

      if (!g_str_equal (json_object_get_string_member (o, "event"), "overlay-updated") ||
          !json_object_has_member (o, "product_id"))
        continue;
      product = json_object_get_string_member (o, "product_id");
      if (g_str_equal (product, "mug-01") && !json_object_get_null_member (o, "sale"))
        {
          g_assert_cmpstr (json_object_get_string_member (o, "sale"), ==, "live");
          g_assert_cmpint (json_object_get_int_member (o, "sale_price"), ==, 1500);
          g_assert_cmpint (json_object_get_int_member (o, "sale_seconds_left"), <=, 3);
          saw_countdown = TRUE;
        }
      if (g_str_equal (product, "scarf-01"))
        g_assert_true (json_object_get_null_member (o, "sale"));
    }
  g_assert_true (saw_countdown);
  sc_test_remove_dir (dir);
}

/* ---- next and manual pins ------------------------------------------------ */

typedef struct {
  guint  step;
  double time_left;
  double next_time_left;
  char  *next_id;
} Manual;

static gboolean
manual_step (ScStudio   *studio,
             const char *event,
             JsonObject *fields,
             gpointer    data)
{
  Manual *m = data;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (event, "segment-started") && !g_str_equal (event, "segment-ended"))
    return FALSE;
  m->step++;
  switch (m->step)
    {
    case 1:  /* segment 0 (the show's pin) started */
      g_assert_cmpint (sc_studio_get_segment_index (studio), ==, 0);
      g_assert_true (sc_studio_get_segment_time_left (studio, &m->time_left));
      m->next_id = g_strdup (sc_studio_get_next_segment (studio)->product_id);
      g_assert_true (sc_studio_pin_step (studio, 1));
      return FALSE;
    case 2:  /* segment 0 ended: "next" */
      return FALSE;
    case 3:  /* segment 1 (the candle again, a product may come twice) */
      g_assert_cmpint (sc_studio_get_segment_index (studio), ==, 1);
      /* Untimed: no time left to give. */
      g_assert_false (sc_studio_get_segment_time_left (studio, &m->next_time_left));
      g_assert_null (sc_studio_get_next_segment (studio));
      /* A product outside the rundown ends the segment and starts none. */
      g_assert_true (sc_studio_pin (studio, "teapot-01", &error));
      g_assert_no_error (error);
      return FALSE;
    case 4:  /* segment 1 ended: "manual-pin" */
      g_assert_cmpint (sc_studio_get_segment_index (studio), ==, -1);
      g_assert_null (sc_studio_get_segment (studio));
      g_assert_true (sc_studio_pin (studio, "mug-01", &error));
      return FALSE;
    default:  /* segment 0 again, by its product */
      return TRUE;
    }
}

static void
test_manual (void)
{
  g_autofree char *dir = sc_test_make_tmp_dir ("sc-rundown");
  g_autoptr(ScShow) show = make_show (
    "[{\"product\": \"mug-01\", \"minutes\": 30}, \"candle-01\"]", "mug-01", FALSE);
  Manual m = { 0, };
  g_autoptr(GPtrArray) events = sc_test_studio_run_until (show, dir, FALSE, manual_step, &m);
  g_autoptr(GPtrArray) started = named (events, "segment-started");
  g_autoptr(GPtrArray) ended = named (events, "segment-ended");

  /* Thirty minutes, less what the show clock has run since it started. */
  g_assert_cmpfloat (m.time_left, <=, 30 * 60);
  g_assert_cmpfloat (m.time_left, >, 29 * 60);
  g_assert_cmpstr (m.next_id, ==, "candle-01");
  g_assert_cmpuint (started->len, ==, 3);
  g_assert_cmpuint (ended->len, ==, 3);
  g_assert_cmpstr (json_object_get_string_member (ended->pdata[0], "reason"), ==, "next");
  g_assert_cmpstr (json_object_get_string_member (ended->pdata[1], "reason"), ==, "manual-pin");
  g_assert_cmpint (json_object_get_int_member (started->pdata[2], "index"), ==, 0);
  /* The segment on when the show stops ends with it. */
  g_assert_cmpstr (json_object_get_string_member (ended->pdata[2], "reason"), ==, "show-ended");
  g_free (m.next_id);
  sc_test_remove_dir (dir);
}

/* ---- claims during a sale ------------------------------------------------ */

static gboolean
scarf_claimed (ScStudio   *studio,
               const char *event,
               JsonObject *fields,
               gpointer    data)
{
  return g_str_equal (event, "claim") &&
         g_str_equal (json_object_get_string_member (fields, "product_id"), "scarf-01");
}

/* The demo chat claims the candle (A1) first, then the scarf (A3): the
 * candle is on sale, the scarf is not. */
static void
test_claim_price (void)
{
  g_autofree char *dir = sc_test_make_tmp_dir ("sc-rundown");
  g_autoptr(ScShow) show = make_show (
    "[{\"product\": \"candle-01\", \"minutes\": 30, \"sale\": {\"price\": \"19.00\"}},"
    " \"mug-01\", \"scarf-01\"]", "candle-01", TRUE);
  g_autoptr(GPtrArray) events = sc_test_studio_run_until (show, dir, FALSE, scarf_claimed, NULL);
  g_autoptr(GPtrArray) claims = named (events, "claim");
  g_autoptr(GPtrArray) sale_ended = named (events, "sale-ended");
  gboolean candle = FALSE;
  gboolean scarf = FALSE;

  for (guint i = 0; i < claims->len; i++)
    {
      JsonObject *claim = claims->pdata[i];
      const char *product = json_object_get_string_member (claim, "product_id");

      if (g_str_equal (product, "candle-01"))
        {
          g_assert_cmpstr (json_object_get_string_member (claim, "price"), ==, "19.00");
          g_assert_cmpstr (json_object_get_string_member (claim, "price_text"), ==, "€19.00");
          g_assert_true (json_object_get_boolean_member (claim, "sale"));
          candle = TRUE;
        }
      else if (g_str_equal (product, "scarf-01"))
        {
          g_assert_cmpstr (json_object_get_string_member (claim, "price"), ==, "39.90");
          g_assert_cmpstr (json_object_get_string_member (claim, "currency"), ==, "EUR");
          g_assert_false (json_object_get_boolean_member (claim, "sale"));
          scarf = TRUE;
        }
    }
  g_assert_true (candle);
  g_assert_true (scarf);
  /* The sale was still on when the show stopped: it ends with the show. */
  g_assert_cmpuint (sale_ended->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (sale_ended->pdata[0], "reason"), ==,
                   "show-ended");
  sc_test_remove_dir (dir);
}

/* ---- the end card at the rundown's end ----------------------------------- */

static gboolean
end_card_shown (ScStudio   *studio,
                const char *event,
                JsonObject *fields,
                gpointer    data)
{
  return g_str_equal (event, "end-card") && json_object_get_boolean_member (fields, "visible");
}

/* A timed rundown of 3.05 + 0.02 minutes with a next show: the end card
 * comes by itself when the rundown has 3 minutes left, by the show clock
 * 4.2 s after the first segment started, and not before. */
static void
test_end_card (void)
{
  g_autofree char *dir = sc_test_make_tmp_dir ("sc-rundown");
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) demo = sc_show_new_demo (&error);
  const char data[] =
    "{\"version\": 1, \"title\": \"Rundown test\","
    " \"canvas\": {\"width\": 320, \"height\": 180, \"fps\": 15},"
    " \"sources\": [{\"id\": \"bars\", \"kind\": \"test-pattern\"},"
    "               {\"id\": \"tone\", \"kind\": \"test-tone\", \"volume\": 0.1}],"
    " \"products\": {\"file\": \"" DEMO "catalog.json\","
    "   \"rundown\": [{\"product\": \"mug-01\", \"minutes\": 3.05},"
    "                 {\"product\": \"scarf-01\", \"minutes\": 0.02}]},"
    " \"next_show\": {\"start\": \"2030-01-04T19:00:00+01:00\", \"minutes\": 60,"
    "                 \"title\": \"Friday Finds\", \"url\": \"https://shop.example/live\"},"
    " \"recording\": {\"enabled\": false}}";
  g_autoptr(ScShow) show = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) started = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  g_autofree char *log_path = NULL;
  double t_card;
  double t_start;

  g_assert_no_error (error);
  show = sc_show_new_from_data (data, strlen (data), "rundown-test", NULL, &error);
  g_assert_no_error (error);
  g_ptr_array_unref (sc_test_studio_run_until (show, dir, TRUE, end_card_shown, NULL));
  /* The log on disk has each event's time by the show clock, `t`. */
  log_path = g_build_filename (dir, "events.jsonl", NULL);
  events = sc_test_read_events (log_path);
  started = named (events, "segment-started");
  cards = named (events, "end-card");
  g_assert_cmpuint (started->len, >=, 1);
  g_assert_cmpuint (cards->len, ==, 1);
  t_start = sc_test_event_t (started->pdata[0]);
  t_card = sc_test_event_t (cards->pdata[0]);
  /* 3.05 + 0.02 minutes is 184.2 s: 180 s before its end is 4.2 s in (the
   * rundown checks its clock 5 times a second). */
  g_assert_cmpfloat (t_card - t_start, >=, 4.2 - 0.01);
  g_assert_cmpfloat (t_card - t_start, <, 4.2 + 10);
  g_assert_cmpstr (json_object_get_string_member (cards->pdata[0], "next_start"), ==,
                   "2030-01-04T19:00:00+01");
  sc_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rundown/auto-advance", test_auto_advance);
  g_test_add_func ("/rundown/next-and-manual-pin", test_manual);
  g_test_add_func ("/rundown/claim-price", test_claim_price);
  g_test_add_func ("/rundown/end-card", test_end_card);

  return g_test_run ();
}
