/* test-next-show.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The show file's next_show and products.qr/utm, and the RFC 5545 invite
 * that `shopcast --invite` writes, parsed back with libical. */

#include "config.h"

#include <libical/ical.h>
#include <string.h>

#include "studio/sc-show.h"
#include "sc-test-events.h"
#include "sc-test-process.h"
#include "sc-test-util.h"

#define RUN_TIMEOUT_S 90

static ScShow *
show_from (const char  *json,
           GError     **error)
{
  return sc_show_new_from_data (json, strlen (json), "friday.shopcast", NULL, error);
}

static void
assert_invalid (const char *json,
                const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = show_from (json, &error);

  g_assert_null (show);
  g_assert_error (error, SC_SHOW_ERROR, SC_SHOW_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = show_from (
    "{\"title\": \"Friday Night Deals\", \"next_show\": {\"start\": \"2026-12-11T19:00\","
    " \"time_zone\": \"Europe/Berlin\", \"minutes\": 45, \"title\": \"Advent Special\","
    " \"url\": \"https://shop.example/live\", \"description\": \"Candles, mugs and more\"}}",
    &error);
  g_autoptr(ScShow) offset = NULL;
  g_autoptr(ScShow) again = NULL;
  g_autofree char *data = NULL;
  g_autofree char *data_again = NULL;
  const ScNextShow *next;

  g_assert_no_error (error);
  next = sc_show_get_next_show (show);
  g_assert_nonnull (next);
  g_assert_cmpint (g_date_time_to_unix (next->start), ==, 1797012000);  /* 18:00 UTC */
  g_assert_cmpstr (next->time_zone, ==, "Europe/Berlin");
  g_assert_cmpfloat (next->minutes, ==, 45);
  g_assert_cmpstr (next->title, ==, "Advent Special");
  g_assert_cmpstr (next->url, ==, "https://shop.example/live");

  /* Saved as written, and read back the same. */
  data = sc_show_to_data (show, NULL);
  g_assert_nonnull (strstr (data, "\"next_show\": {"));
  again = show_from (data, &error);
  g_assert_no_error (error);
  data_again = sc_show_to_data (again, NULL);
  g_assert_cmpstr (data, ==, data_again);

  offset = show_from ("{\"next_show\": {\"start\": \"2026-12-11T13:00:00-05:00\"}}", &error);
  g_assert_no_error (error);
  next = sc_show_get_next_show (offset);
  g_assert_cmpint (g_date_time_to_unix (next->start), ==, 1797012000);
  g_assert_null (next->time_zone);
  g_assert_cmpfloat (next->minutes, ==, 60);
  {
    g_autoptr(ScShow) none = show_from ("{}", NULL);

    g_assert_null (sc_show_get_next_show (none));
  }
}

static void
test_parse_bad (void)
{
  assert_invalid ("{\"next_show\": \"friday\"}",
                  "friday.shopcast: $.next_show: expected an object, got \"friday\"");
  assert_invalid ("{\"next_show\": {}}",
                  "friday.shopcast: $.next_show.start: expected a non-empty string, got nothing");
  assert_invalid ("{\"next_show\": {\"start\": \"2026-12-11T19:00\"}}",
                  "friday.shopcast: $.next_show.start: expected a UTC offset "
                  "(\"2026-12-11T19:00+01:00\") or a time_zone, got \"2026-12-11T19:00\"");
  assert_invalid ("{\"next_show\": {\"start\": \"Friday 7pm\"}}",
                  "friday.shopcast: $.next_show.start: expected an ISO 8601 date and time such "
                  "as \"2026-12-11T19:00+01:00\", got \"Friday 7pm\"");
  assert_invalid ("{\"next_show\": {\"start\": \"2026-12-11T19:00\", \"time_zone\": \"Berlin\"}}",
                  "friday.shopcast: $.next_show.time_zone: expected a time zone name such as "
                  "\"Europe/Berlin\", got \"Berlin\"");
  assert_invalid ("{\"next_show\": {\"start\": \"2026-12-11T19:00+01:00\","
                  " \"time_zone\": \"Europe/Berlin\"}}",
                  "friday.shopcast: $.next_show.start: give a local time such as "
                  "\"2026-12-11T19:00\" with time_zone, not a UTC offset too, got "
                  "\"2026-12-11T19:00+01:00\"");
  assert_invalid ("{\"next_show\": {\"start\": \"2026-12-11T19:00Z\", \"minutes\": 0}}",
                  "friday.shopcast: $.next_show.minutes: expected a number of minutes from 1 to "
                  "1440, got 0");
  assert_invalid ("{\"next_show\": {\"start\": \"2026-12-11T19:00Z\", \"url\": \"shop.example\"}}",
                  "friday.shopcast: $.next_show.url: expected an http:// or https:// address, "
                  "got \"shop.example\"");
  assert_invalid ("{\"next_show\": {\"start\": \"2026-12-11T19:00Z\", \"when\": 1}}",
                  "friday.shopcast: $.next_show: unknown member \"when\" (expected one of "
                  "start, time_zone, minutes, title, url, description)");
}

static void
test_utm (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = show_from ("{\"title\": \"Fri\", \"products\": {\"qr\": true,"
                                      " \"utm\": {\"utm_medium\": \"livestream\","
                                      " \"utm_source\": null, \"ref\": \"tv\"}}}", &error);
  g_autoptr(ScShow) plain = show_from ("{\"title\": \"Fri & Sat\"}", NULL);
  g_auto(GStrv) tags = NULL;
  g_auto(GStrv) default_tags = NULL;
  g_autofree char *data = NULL;
  const char * const expected[] = { "utm_medium", "livestream", "utm_campaign", "Fri",
                                    "ref", "tv", NULL };
  const char * const expected_default[] = { "utm_source", "shopcast", "utm_medium", "live",
                                            "utm_campaign", "Fri & Sat", NULL };

  g_assert_no_error (error);
  g_assert_true (sc_show_get_product_qr (show));
  g_assert_false (sc_show_get_product_qr (plain));
  tags = sc_show_dup_campaign_tags (show);
  g_assert_true (g_strv_equal ((const char * const *)tags, expected));
  default_tags = sc_show_dup_campaign_tags (plain);
  g_assert_true (g_strv_equal ((const char * const *)default_tags, expected_default));
  data = sc_show_to_data (show, NULL);
  g_assert_nonnull (strstr (data, "\"qr\": true"));
  g_assert_nonnull (strstr (data, "\"utm_source\": null"));

  assert_invalid ("{\"products\": {\"qr\": \"yes\"}}",
                  "friday.shopcast: $.products.qr: expected true or false, got \"yes\"");
  assert_invalid ("{\"products\": {\"utm\": [\"a\"]}}",
                  "friday.shopcast: $.products.utm: expected an object, got an array");
  assert_invalid ("{\"products\": {\"utm\": {\"utm source\": \"x\"}}}",
                  "friday.shopcast: $.products.utm.utm source: expected a campaign tag name "
                  "of letters, digits, “_”, “-” or “.” (such as utm_source)");
  assert_invalid ("{\"products\": {\"utm\": {\"utm_medium\": 5}}}",
                  "friday.shopcast: $.products.utm.utm_medium: expected a non-empty string of at "
                  "most 256 bytes, or null, got 5");
}

/* RFC 5545 3.1: lines of at most 75 octets, CRLF, continued with a space. */
static void
assert_folded (const char *ics)
{
  g_auto(GStrv) lines = g_strsplit (ics, "\r\n", -1);

  g_assert_true (g_str_has_suffix (ics, "\r\n"));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_cmpuint (strlen (lines[i]), <=, 75);
      g_assert_null (strchr (lines[i], '\n'));
    }
}

static icalcomponent *
first (icalcomponent *parent,
       icalcomponent_kind kind)
{
  icalcomponent *c = icalcomponent_get_first_component (parent, kind);

  g_assert_nonnull (c);
  return c;
}

static void
test_ics (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ScShow) show = show_from (
    "{\"title\": \"Friday Night Deals\", \"next_show\": {\"start\": \"2026-12-11T19:00\","
    " \"time_zone\": \"Europe/Berlin\", \"minutes\": 45,"
    " \"url\": \"https://shop.example/live?ref=invite\","
    " \"description\": \"Kerzen, Becher und Schals aus der Werkstatt – live, mit Rabatten für "
    "alle, die zuschauen, und einer Verlosung am Ende der Sendung.\"}}", &error);
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-12-03T08:00:00Z", NULL);
  g_autoptr(GDateTime) later = g_date_time_new_from_iso8601 ("2026-12-04T08:00:00Z", NULL);
  g_autofree char *ics = NULL;
  g_autofree char *ics_later = NULL;
  icalcomponent *calendar, *event, *alarm, *zone;
  struct icaltimetype start, end;
  struct icaltriggertype trigger;
  icalproperty *dtstart;

  g_assert_no_error (error);
  ics = sc_next_show_to_ics (sc_show_get_next_show (show), "Friday Night Deals", now, &error);
  g_assert_no_error (error);
  g_test_message ("%s", ics);
  assert_folded (ics);

  calendar = icalparser_parse_string (ics);
  g_assert_nonnull (calendar);
  g_assert_cmpint (icalcomponent_isa (calendar), ==, ICAL_VCALENDAR_COMPONENT);
  g_assert_cmpint (icalcomponent_count_errors (calendar), ==, 0);
  g_assert_cmpstr (icalproperty_get_version (icalcomponent_get_first_property (calendar,
                   ICAL_VERSION_PROPERTY)), ==, "2.0");
  g_assert_true (g_str_has_prefix (icalproperty_get_prodid (
    icalcomponent_get_first_property (calendar, ICAL_PRODID_PROPERTY)), "-//Shopcast//"));
  g_assert_cmpint (icalproperty_get_method (icalcomponent_get_first_property (calendar,
                   ICAL_METHOD_PROPERTY)), ==, ICAL_METHOD_PUBLISH);

  zone = first (calendar, ICAL_VTIMEZONE_COMPONENT);
  g_assert_cmpstr (icalproperty_get_tzid (icalcomponent_get_first_property (zone,
                   ICAL_TZID_PROPERTY)), ==, "Europe/Berlin");
  /* The zone's rules from the show on, not its history since 1893 (no local
   * mean time, whose offset has seconds), and they give the right times:
   * +01:00 at the show in December, +02:00 next summer. */
  {
    icaltimezone *sent = icaltimezone_new ();
    struct icaltimetype show_time = icaltime_from_string ("20261211T190000");
    struct icaltimetype summer = icaltime_from_string ("20270701T120000");
    int is_daylight;
    guint observances = 0;

    for (icalcomponent *o = icalcomponent_get_first_component (zone, ICAL_ANY_COMPONENT);
         o != NULL; o = icalcomponent_get_next_component (zone, ICAL_ANY_COMPONENT))
      {
        g_assert_cmpint (icalcomponent_get_dtstart (o).year, >=, 2026);
        observances++;
      }
    g_assert_cmpuint (observances, >=, 2);
    g_assert_cmpuint (observances, <=, 8);
    g_assert_false (g_regex_match_simple ("TZOFFSET(FROM|TO):[+-][0-9]{6}", ics, 0, 0));
    g_assert_true (icaltimezone_set_component (sent, icalcomponent_new_clone (zone)));
    g_assert_cmpint (icaltimezone_get_utc_offset (sent, &show_time, &is_daylight), ==, 3600);
    g_assert_cmpint (icaltimezone_get_utc_offset (sent, &summer, &is_daylight), ==, 7200);
    icaltimezone_free (sent, TRUE);
  }

  event = first (calendar, ICAL_VEVENT_COMPONENT);
  g_assert_true (g_str_has_suffix (icalcomponent_get_uid (event), "@shopcast"));
  g_assert_cmpstr (icalcomponent_get_summary (event), ==, "Friday Night Deals");
  g_assert_true (g_str_has_prefix (icalcomponent_get_description (event), "Kerzen, Becher"));
  g_assert_cmpstr (icalproperty_get_url (icalcomponent_get_first_property (event,
                   ICAL_URL_PROPERTY)), ==, "https://shop.example/live?ref=invite");
  dtstart = icalcomponent_get_first_property (event, ICAL_DTSTART_PROPERTY);
  g_assert_cmpstr (icalparameter_get_tzid (icalproperty_get_first_parameter (dtstart,
                   ICAL_TZID_PARAMETER)), ==, "Europe/Berlin");
  start = icalproperty_get_dtstart (dtstart);
  g_assert_false (icaltime_is_utc (start));
  g_assert_null (strstr (ics, "T190000Z"));
  g_assert_cmpint (start.hour, ==, 19);
  g_assert_cmpint (start.minute, ==, 0);
  g_assert_cmpint (start.day, ==, 11);
  end = icalproperty_get_dtend (icalcomponent_get_first_property (event, ICAL_DTEND_PROPERTY));
  g_assert_cmpint (end.hour, ==, 19);
  g_assert_cmpint (end.minute, ==, 45);
  g_assert_true (icaltime_is_utc (icalproperty_get_dtstamp (
    icalcomponent_get_first_property (event, ICAL_DTSTAMP_PROPERTY))));

  alarm = first (event, ICAL_VALARM_COMPONENT);
  g_assert_cmpint (icalproperty_get_action (icalcomponent_get_first_property (alarm,
                   ICAL_ACTION_PROPERTY)), ==, ICAL_ACTION_DISPLAY);
  trigger = icalproperty_get_trigger (icalcomponent_get_first_property (alarm,
                                      ICAL_TRIGGER_PROPERTY));
  g_assert_cmpint (icaldurationtype_as_int (trigger.duration), ==, -15 * 60);
  g_assert_nonnull (icalcomponent_get_first_property (alarm, ICAL_DESCRIPTION_PROPERTY));

  /* The same show and start: the same UID, whenever the invite is written. */
  ics_later = sc_next_show_to_ics (sc_show_get_next_show (show), "Friday Night Deals", later,
                                   NULL);
  {
    icalcomponent *c2 = icalparser_parse_string (ics_later);

    g_assert_cmpstr (icalcomponent_get_uid (first (c2, ICAL_VEVENT_COMPONENT)), ==,
                     icalcomponent_get_uid (event));
    icalcomponent_free (c2);
  }
  icalcomponent_free (calendar);
}

static void
test_ics_utc (void)
{
  g_autoptr(ScShow) show = show_from ("{\"title\": \"Fri\", \"next_show\": {\"start\":"
                                      " \"2026-12-11T13:00:00-05:00\"}}", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *ics = sc_next_show_to_ics (sc_show_get_next_show (show), "Fri", now, NULL);
  icalcomponent *calendar = icalparser_parse_string (ics);
  icalcomponent *event = first (calendar, ICAL_VEVENT_COMPONENT);
  struct icaltimetype start = icalcomponent_get_dtstart (event);

  assert_folded (ics);
  g_assert_null (icalcomponent_get_first_component (calendar, ICAL_VTIMEZONE_COMPONENT));
  g_assert_nonnull (strstr (ics, "DTSTART:20261211T180000Z\r\n"));
  g_assert_true (icaltime_is_utc (start));
  g_assert_cmpstr (icalcomponent_get_summary (event), ==, "Fri");
  icalcomponent_free (calendar);
}

static void
test_invite_command (void)
{
  g_autofree char *dir = sc_test_make_tmp_dir ("sc-invite");
  g_autofree char *show = g_build_filename (dir, "friday.shopcast", NULL);
  g_autofree char *bare = g_build_filename (dir, "bare.shopcast", NULL);
  g_autofree char *ics = g_build_filename (dir, "next.ics", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  const char * const env[] = { NULL };
  int status;

  g_file_set_contents (show, "{\"title\": \"Friday\", \"next_show\": {\"start\": "
                       "\"2026-12-11T19:00\", \"time_zone\": \"Europe/Berlin\"}}", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (bare, "{\"title\": \"Bare\"}", -1, &error);
  g_assert_no_error (error);

  {
    const char * const args[] = { "--invite", ics, "--show", show, NULL };
    g_autofree char *err = NULL;

    status = sc_test_run_shopcast (env, args, NULL, &err, RUN_TIMEOUT_S);
    g_test_message ("%s", err);
    g_assert_cmpint (status, ==, 0);
    g_file_get_contents (ics, &contents, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (contents, "BEGIN:VCALENDAR\r\n"));
    g_assert_nonnull (strstr (contents, "DTSTART;TZID=Europe/Berlin:20261211T190000\r\n"));
  }
  {
    const char * const args[] = { "--invite", ics, "--show", bare, NULL };
    g_autofree char *err = NULL;

    status = sc_test_run_shopcast (env, args, NULL, &err, RUN_TIMEOUT_S);
    g_assert_cmpint (status, ==, 2);
    g_assert_nonnull (strstr (err, "$.next_show: the show has no next show"));
  }
  {
    const char * const args[] = { "--invite", ics, NULL };
    g_autofree char *err = NULL;

    status = sc_test_run_shopcast (env, args, NULL, &err, RUN_TIMEOUT_S);
    g_assert_cmpint (status, ==, 2);
    g_assert_nonnull (strstr (err, "--invite needs a show"));
  }
  {
    g_autofree char *missing = g_build_filename (dir, "no", "such", "dir", "x.ics", NULL);
    const char * const args[] = { "--invite", missing, "--show", show, NULL };
    g_autofree char *err = NULL;

    status = sc_test_run_shopcast (env, args, NULL, &err, RUN_TIMEOUT_S);
    g_assert_cmpint (status, ==, 1);
  }
  sc_test_remove_dir (dir);
}

/* The whole way: a headless show's --snapshot PNG, read by a real decoder. */
static void
test_snapshot_qr (void)
{
  g_autofree char *dir = sc_test_make_tmp_dir ("sc-qr-snapshot");
  g_autofree char *show = g_build_filename (dir, "friday.shopcast", NULL);
  g_autofree char *bare = g_build_filename (dir, "bare.shopcast", NULL);
  g_autofree char *png = g_build_filename (dir, "snapshot.png", NULL);
  g_autofree char *kept = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "snapshot-qr.png",
                                            NULL);
  g_autofree char *zbarimg = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *decoded = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) codes = NULL;
  const char * const env[] = { "TZ=Europe/Berlin", NULL };
  const char * const args[] = { "--headless", "--show", show, "--duration", "2", "--end-card",
                                "--snapshot", png, NULL };
  const char * const bare_args[] = { "--headless", "--show", bare, "--duration", "2",
                                     "--end-card", NULL };
  int status;

  g_file_set_contents (show,
    "{\"title\": \"Friday Night Deals\", \"locale\": \"de-DE\", \"layout\": \"pip\","
    " \"sources\": [{\"id\": \"host\", \"kind\": \"test-pattern\", \"pattern\": \"gradient\"}],"
    " \"products\": {\"file\": \"resource:///io/github/shopcast/Shopcast/demo/catalog.json\","
    " \"pinned\": \"mug-01\", \"qr\": true, \"utm\": {\"utm_content\": \"card\"}},"
    " \"recording\": {\"enabled\": false},"
    " \"next_show\": {\"start\": \"2031-12-12T19:00\", \"time_zone\": \"Europe/Berlin\","
    " \"url\": \"https://shop.example/live#next\"}}", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (bare, "{\"title\": \"Bare\", \"recording\": {\"enabled\": false}}", -1,
                       &error);
  g_assert_no_error (error);

  /* --end-card without a next show: a usage error, before anything runs. */
  status = sc_test_run_shopcast (env, bare_args, NULL, &err, RUN_TIMEOUT_S);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "--end-card"));
  g_clear_pointer (&err, g_free);

  status = sc_test_run_shopcast (env, args, &out, &err, RUN_TIMEOUT_S);
  g_test_message ("stderr: %s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_test (png, G_FILE_TEST_EXISTS));
  {
    g_autofree char *contents = NULL;
    gsize length;

    g_file_get_contents (png, &contents, &length, &error);
    g_assert_no_error (error);
    g_file_set_contents (kept, contents, length, &error);
    g_assert_no_error (error);
  }

  zbarimg = sc_test_find_program ("zbarimg");
  if (zbarimg == NULL)
    {
      sc_test_report_missing ("zbarimg (zbar-tools)");
      sc_test_remove_dir (dir);
      return;
    }
  {
    const char *argv[] = { zbarimg, "--raw", "-q", png, NULL };

    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &decoded,
                  NULL, &status, &error);
    g_assert_no_error (error);
    g_spawn_check_wait_status (status, &error);
    g_assert_no_error (error);
  }
  codes = g_strsplit (g_strchomp (decoded), "\n", -1);
  g_assert_cmpuint (g_strv_length (codes), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *)codes,
                                  "https://shop.example/products/stoneware-mug-sage?utm_source="
                                  "shopcast&utm_medium=live&utm_campaign=Friday%20Night%20Deals"
                                  "&utm_content=card"));
  g_assert_true (g_strv_contains ((const char * const *)codes, "https://shop.example/live#next"));
  sc_test_remove_dir (dir);
}

/* Without --end-card, a show whose length is known puts the end card up in
 * its last 3 minutes: here, a 2 s show, from the start. */
static void
test_end_card_before_end (void)
{
  g_autofree char *dir = sc_test_make_tmp_dir ("sc-end-card");
  g_autofree char *show = g_build_filename (dir, "friday.shopcast", NULL);
  g_autofree char *events_path = g_build_filename (dir, "events.jsonl", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  /* The studio's clock on New York time (UTC-5, UTC-4 in summer): the card
   * still says the shop's 19:00, as the show file gives it. */
  const char * const env[] = { "TZ=America/New_York", NULL };
  const char * const args[] = { "--headless", "--show", show, "--duration", "2",
                                "--events", events_path, NULL };
  guint n_end_cards = 0;
  int status;

  g_file_set_contents (show, "{\"title\": \"Fri\", \"recording\": {\"enabled\": false},"
                       " \"next_show\": {\"start\": \"2026-12-11T19:00:00+01:00\"}}", -1, &error);
  g_assert_no_error (error);
  status = sc_test_run_shopcast (env, args, NULL, &err, RUN_TIMEOUT_S);
  g_test_message ("stderr: %s", err);
  g_assert_cmpint (status, ==, 0);

  events = sc_test_read_events (events_path);
  for (guint i = 0; i < events->len; i++)
    {
      JsonObject *event = g_ptr_array_index (events, i);

      if (g_str_equal (json_object_get_string_member (event, "event"), "end-card"))
        {
          n_end_cards++;
          g_assert_true (json_object_get_boolean_member (event, "visible"));
          g_assert_cmpstr (json_object_get_string_member (event, "next_start"), ==,
                           "2026-12-11T19:00:00+01");
          /* en-US (the tests' locale): "Friday, December 11 at 7:00 PM", or
           * "Friday at 7:00 PM" within the week before. */
          g_test_message ("shown as: %s", json_object_get_string_member (event, "shown_as"));
          g_assert_nonnull (strstr (json_object_get_string_member (event, "shown_as"), "7:00"));
        }
    }
  g_assert_cmpuint (n_end_cards, ==, 1);
  sc_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/show/next-show/parse", test_parse);
  g_test_add_func ("/show/next-show/parse-bad", test_parse_bad);
  g_test_add_func ("/show/products/utm", test_utm);
  g_test_add_func ("/studio/invite/ics", test_ics);
  g_test_add_func ("/studio/invite/ics-utc", test_ics_utc);
  g_test_add_func ("/studio/invite/command", test_invite_command);
  g_test_add_func ("/headless/snapshot-qr", test_snapshot_qr);
  g_test_add_func ("/headless/end-card-before-end", test_end_card_before_end);
  return g_test_run ();
}
