/* sc-campaign-url.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-campaign-url"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sc-campaign-url.h"

gboolean
sc_campaign_tag_name_is_valid (const char *name)
{
  gsize length;

  if (name == NULL)
    return FALSE;
  length = strlen (name);
  if (length == 0 || length > 64)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (name[i]) && name[i] != '_' && name[i] != '-' && name[i] != '.')
      return FALSE;
  return TRUE;
}

static GUri *
parse_web_url (const char  *url,
               GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, G_URI_ERROR, G_URI_ERROR_FAILED, _("The product has no page"));
      return NULL;
    }
  /* Encoded as it came: a path or query the shop escaped stays as it is. */
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, error);
  if (uri == NULL)
    return NULL;
  scheme = g_uri_get_scheme (uri);
  if ((g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
      || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, G_URI_ERROR, G_URI_ERROR_BAD_SCHEME,
                   _("“%s” is not a web page: expected an http:// or https:// address"), url);
      return NULL;
    }
  /* GUri takes these as they are; a QR code of them would not open. */
  if (strpbrk (url, " \t\r\n\"<>\\^`{|}") != NULL)
    {
      g_set_error (error, G_URI_ERROR, G_URI_ERROR_FAILED,
                   _("“%s” is not a valid address: it has spaces or characters that must be "
                     "percent-encoded"), url);
      return NULL;
    }
  return g_steal_pointer (&uri);
}

/* The name of one "name=value" query parameter, decoded (NULL if malformed). */
static char *
dup_parameter_name (const char *parameter)
{
  const char *equals = strchr (parameter, '=');
  g_autofree char *raw = equals ? g_strndup (parameter, equals - parameter) : g_strdup (parameter);

  /* '+' is a space in form-encoded queries. */
  g_strdelimit (raw, "+", ' ');
  return g_uri_unescape_string (raw, NULL);
}

static gboolean
tags_contain (const char * const *tags,
              const char         *name)
{
  for (guint i = 0; name != NULL && tags != NULL && tags[i] != NULL && tags[i + 1] != NULL; i += 2)
    if (g_str_equal (tags[i], name))
      return TRUE;
  return FALSE;
}

char *
sc_campaign_url_build (const char         *url,
                       const char * const *tags,
                       GError            **error)
{
  g_autoptr(GUri) uri = parse_web_url (url, error);
  g_autoptr(GString) query = NULL;
  const char *old_query;

  if (uri == NULL)
    return NULL;

  query = g_string_new (NULL);
  old_query = g_uri_get_query (uri);
  if (old_query != NULL)
    {
      g_auto(GStrv) parameters = g_strsplit (old_query, "&", -1);

      for (guint i = 0; parameters[i] != NULL; i++)
        {
          g_autofree char *name = dup_parameter_name (parameters[i]);

          if (parameters[i][0] == '\0' || tags_contain (tags, name))
            continue;
          if (query->len > 0)
            g_string_append_c (query, '&');
          g_string_append (query, parameters[i]);
        }
    }
  for (guint i = 0; tags != NULL && tags[i] != NULL && tags[i + 1] != NULL; i += 2)
    {
      g_autofree char *name = g_uri_escape_string (tags[i], NULL, FALSE);
      g_autofree char *value = g_uri_escape_string (tags[i + 1], NULL, FALSE);

      if (query->len > 0)
        g_string_append_c (query, '&');
      g_string_append_printf (query, "%s=%s", name, value);
    }

  /* The user info is left out: a page viewers open never needs a login in it. */
  return g_uri_join (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                     g_uri_get_port (uri), g_uri_get_path (uri),
                     query->len > 0 ? query->str : NULL, g_uri_get_fragment (uri));
}

char *
sc_campaign_url_dup_short (const char *url)
{
  g_autoptr(GUri) uri = parse_web_url (url, NULL);
  g_autofree char *host = NULL;
  const char *path;

  if (uri == NULL)
    return NULL;

  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  path = g_uri_get_path (uri);
  if (path == NULL || g_str_equal (path, "/"))
    path = "";
  /* Percent escapes are unreadable on screen: show the path decoded when
   * it is valid UTF-8, which is how browsers show it too. */
  {
    g_autofree char *decoded = g_uri_unescape_string (path, "/");
    const char *shown = decoded != NULL && g_utf8_validate (decoded, -1, NULL) ? decoded : path;

    if (g_uri_get_port (uri) > 0)
      return g_strdup_printf ("%s:%d%s", host, g_uri_get_port (uri), shown);
    return g_strconcat (host, shown, NULL);
  }
}
