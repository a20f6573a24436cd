/* sc-next-show.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-next-show"

#include "config.h"

#include <glib/gi18n.h>
#include <libical/ical.h>
#include <math.h>
#include <string.h>

#include "base/sc-json-util.h"

#include "sc-next-show.h"

#define MAX_MINUTES (24 * 60.0)
#define REMINDER_MINUTES 15

void
sc_next_show_free (ScNextShow *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->start, g_date_time_unref);
  g_free (self->start_text);
  g_free (self->time_zone);
  g_free (self->title);
  g_free (self->url);
  g_free (self->description);
  g_free (self);
}

/* libical writes the VTIMEZONE of a zone from the system's tzdata; a zone
 * it cannot find there cannot go in an invite, so it is refused up front. */
static icaltimezone *
builtin_zone (const char *name)
{
  if (g_str_equal (name, "UTC"))
    return icaltimezone_get_utc_timezone ();
  return icaltimezone_get_builtin_timezone (name);
}

/* ISO 8601 lets a time leave out its seconds ("19:00"), GLib does not. */
static GDateTime *
parse_iso8601 (const char *text,
               GTimeZone  *zone)
{
  GDateTime *time = g_date_time_new_from_iso8601 (text, zone);
  const char *t = strchr (text, 'T');

  if (time == NULL && t != NULL && strlen (t) >= 6 && t[3] == ':' &&
      (t[6] == '\0' || t[6] == 'Z' || t[6] == '+' || t[6] == '-'))
    {
      g_autofree char *with_seconds = g_strdup_printf ("%.*s:00%s", (int)(t + 6 - text), text,
                                                       t + 6);

      time = g_date_time_new_from_iso8601 (with_seconds, zone);
    }
  return time;
}

static gboolean
read_start (ScNextShow   *self,
            JsonObject   *object,
            ScJsonReader *reader,
            const char   *path)
{
  g_autofree char *start_path = sc_json_path_member (path, "start");
  g_autofree char *zone_path = sc_json_path_member (path, "time_zone");
  g_autoptr(GDateTime) with_offset = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  const char *text = NULL;
  const char *zone_name = NULL;

  if (!sc_json_reader_require_string (reader, object, path, "start", &text) ||
      !sc_json_reader_get_string (reader, object, path, "time_zone", &zone_name))
    return FALSE;

  with_offset = parse_iso8601 (text, NULL);
  if (zone_name != NULL)
    {
      zone = g_time_zone_new_identifier (zone_name);
      if (zone == NULL || builtin_zone (zone_name) == NULL)
        return sc_json_reader_fail_invalid (reader, zone_path,
                                            _("expected a time zone name such as "
                                              "\"Europe/Berlin\", got \"%s\""), zone_name);
      if (with_offset != NULL)
        return sc_json_reader_fail_invalid (reader, start_path,
                                            _("give a local time such as \"2026-12-11T19:00\" "
                                              "with time_zone, not a UTC offset too, got \"%s\""),
                                            text);
      self->start = parse_iso8601 (text, zone);
      self->time_zone = g_strdup (zone_name);
    }
  else
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr(GDateTime) local = with_offset ? NULL : parse_iso8601 (text, utc);

      /* A local time alone would be a different moment for every viewer. */
      if (local != NULL)
        return sc_json_reader_fail_invalid (reader, start_path,
                                            _("expected a UTC offset (\"2026-12-11T19:00+01:00\") "
                                              "or a time_zone, got \"%s\""), text);
      self->start = g_steal_pointer (&with_offset);
    }
  if (self->start == NULL)
    return sc_json_reader_fail_invalid (reader, start_path,
                                        _("expected an ISO 8601 date and time such as "
                                          "\"2026-12-11T19:00+01:00\", got \"%s\""), text);
  self->start_text = g_strdup (text);
  return TRUE;
}

static gboolean
read_url (ScNextShow   *self,
          JsonObject   *object,
          ScJsonReader *reader,
          const char   *path)
{
  g_autofree char *url_path = sc_json_path_member (path, "url");
  g_autoptr(GUri) uri = NULL;
  const char *url = NULL;

  if (!sc_json_reader_get_string (reader, object, path, "url", &url))
    return FALSE;
  if (url == NULL)
    return TRUE;
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    return sc_json_reader_fail_invalid (reader, url_path,
                                        _("expected an http:// or https:// address, got \"%s\""),
                                        url);
  self->url = g_strdup (url);
  return TRUE;
}

ScNextShow *
sc_next_show_new_from_json (JsonNode     *node,
                            ScJsonReader *reader,
                            const char   *path)
{
  static const char * const allowed[] = {
    "start", "time_zone", "minutes", "title", "url", "description", NULL
  };
  g_autoptr(ScNextShow) self = g_new0 (ScNextShow, 1);
  JsonObject *object = NULL;
  gboolean ok;

  if (!sc_json_reader_expect_object (reader, node, path, _("an object"), &object))
    return NULL;

  self->minutes = SC_NEXT_SHOW_DEFAULT_MINUTES;
  ok = sc_json_reader_check_members (reader, object, path, allowed);
  ok &= read_start (self, object, reader, path);
  ok &= sc_json_reader_get_double (reader, object, path, "minutes", 1, MAX_MINUTES,
                                   _("a number of minutes from 1 to 1440"), &self->minutes);
  ok &= sc_json_reader_dup_string (reader, object, path, "title", &self->title);
  ok &= read_url (self, object, reader, path);
  ok &= sc_json_reader_dup_string (reader, object, path, "description", &self->description);

  return ok ? g_steal_pointer (&self) : NULL;
}

JsonNode *
sc_next_show_to_json (const ScNextShow *self)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "start", self->start_text);
  if (self->time_zone != NULL)
    json_object_set_string_member (object, "time_zone", self->time_zone);
  if (self->minutes != SC_NEXT_SHOW_DEFAULT_MINUTES)
    {
      if (self->minutes == floor (self->minutes))
        json_object_set_int_member (object, "minutes", (gint64)self->minutes);
      else
        json_object_set_double_member (object, "minutes", self->minutes);
    }
  if (self->title != NULL)
    json_object_set_string_member (object, "title", self->title);
  if (self->url != NULL)
    json_object_set_string_member (object, "url", self->url);
  if (self->description != NULL)
    json_object_set_string_member (object, "description", self->description);
  json_node_take_object (node, object);
  return node;
}

GTimeZone *
sc_next_show_dup_zone (const ScNextShow *self)
{
  if (self->time_zone != NULL)
    return g_time_zone_new_identifier (self->time_zone);
  return g_time_zone_ref (g_date_time_get_timezone (self->start));
}

/* Stable for one show's one start: importing an updated invite replaces
 * the event instead of adding a second one. */
static char *
make_uid (const char *show_title,
          GDateTime  *start)
{
  g_autofree char *key = g_strdup_printf ("%s\n%" G_GINT64_FORMAT, show_title,
                                          g_date_time_to_unix (start));
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

  return g_strdup_printf ("%.32s@shopcast", digest);
}

static struct icaltimetype
to_ical_time (GDateTime    *time,
              icaltimezone *zone)
{
  struct icaltimetype t = icaltime_from_timet_with_zone ((time_t)g_date_time_to_unix (time), FALSE,
                                                        zone);

  /* libical 3.0 converts to @zone but leaves the time marked as UTC,
   * which would write "19:00 Berlin" as "T190000Z". */
  return icaltime_set_timezone (&t, zone);
}

char *
sc_next_show_to_ics (const ScNextShow *self,
                     const char       *show_title,
                     GDateTime        *now,
                     GError          **error)
{
  icaltimezone *zone = builtin_zone (self->time_zone != NULL ? self->time_zone : "UTC");
  icaltimezone *utc = icaltimezone_get_utc_timezone ();
  g_autoptr(GDateTime) end = g_date_time_add_seconds (self->start, self->minutes * 60);
  g_autofree char *uid = make_uid (show_title, self->start);
  g_autofree char *prodid = g_strdup_printf ("-//Shopcast//Shopcast %s//EN", PACKAGE_VERSION);
  const char *title = self->title != NULL ? self->title : show_title;
  icalcomponent *calendar;
  icalcomponent *event;
  icalcomponent *alarm;
  struct icaltriggertype trigger = { 0 };
  char *text;

  if (zone == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The time zone %s is not known to libical"), self->time_zone);
      return NULL;
    }

  calendar = icalcomponent_new_vcalendar ();
  icalcomponent_add_property (calendar, icalproperty_new_prodid (prodid));
  icalcomponent_add_property (calendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (calendar, icalproperty_new_method (ICAL_METHOD_PUBLISH));
  /* A named zone travels with the invite, so a calendar without that zone's
   * rules still shows the right time. Its TZID is the plain IANA name, as
   * Thunderbird, Google and Outlook write it (and match it to their own
   * zones), not libical's "/freeassociation.sourceforge.net/Europe/Berlin". */
  if (zone != utc)
    {
      icalcomponent *vtimezone = icalcomponent_new_clone (icaltimezone_get_component (zone));

      icalproperty_set_tzid (icalcomponent_get_first_property (vtimezone, ICAL_TZID_PROPERTY),
                             self->time_zone);
      /* Only the rules from the show on, as Evolution and Thunderbird send
       * them: libical's zone holds its whole history (23 observances for
       * Berlin, back to 1893's local mean time, an offset with seconds some
       * calendars refuse). */
      icaltimezone_truncate_vtimezone (vtimezone, to_ical_time (self->start, utc),
                                       icaltime_null_time (), FALSE);
      icalcomponent_add_component (calendar, vtimezone);
    }

  event = icalcomponent_new_vevent ();
  icalcomponent_add_property (event, icalproperty_new_uid (uid));
  icalcomponent_add_property (event, icalproperty_new_dtstamp (to_ical_time (now, utc)));
  icalcomponent_set_dtstart (event, to_ical_time (self->start, zone));
  icalcomponent_set_dtend (event, to_ical_time (end, zone));
  if (zone != utc)
    {
      icalproperty_set_parameter (icalcomponent_get_first_property (event, ICAL_DTSTART_PROPERTY),
                                  icalparameter_new_tzid (self->time_zone));
      icalproperty_set_parameter (icalcomponent_get_first_property (event, ICAL_DTEND_PROPERTY),
                                  icalparameter_new_tzid (self->time_zone));
    }
  icalcomponent_add_property (event, icalproperty_new_summary (title));
  if (self->description != NULL)
    icalcomponent_add_property (event, icalproperty_new_description (self->description));
  if (self->url != NULL)
    icalcomponent_add_property (event, icalproperty_new_url (self->url));

  alarm = icalcomponent_new_valarm ();
  icalcomponent_add_property (alarm, icalproperty_new_action (ICAL_ACTION_DISPLAY));
  trigger.duration = icaldurationtype_from_int (-REMINDER_MINUTES * 60);
  icalcomponent_add_property (alarm, icalproperty_new_trigger (trigger));
  /* DISPLAY alarms must say something (RFC 5545, 3.6.6). */
  icalcomponent_add_property (alarm, icalproperty_new_description (title));
  icalcomponent_add_component (event, alarm);
  icalcomponent_add_component (calendar, event);

  text = g_strdup (icalcomponent_as_ical_string (calendar));
  icalcomponent_free (calendar);
  return text;
}
