/* sc-redact.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-redact"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "sc-redact.h"

char *
sc_redact_url (const char *url)
{
  g_autofree char *scheme = NULL;
  const char *rest;
  const char *slash;
  const char *at;
  const char *app_end;
  GString *out;

  if (url == NULL)
    return g_strdup ("");

  rest = strstr (url, "://");
  if (rest == NULL)
    return g_strdup ("***");
  scheme = g_strndup (url, rest - url);
  rest += 3;

  out = g_string_new (scheme);
  g_string_append (out, "://");

  slash = strpbrk (rest, "/?#");
  at = memchr (rest, '@', slash ? (gsize)(slash - rest) : strlen (rest));
  if (at != NULL)
    {
      g_string_append (out, "***@");
      rest = at + 1;
    }
  if (slash == NULL)
    {
      g_string_append (out, rest);
      return g_string_free (out, FALSE);
    }
  g_string_append_len (out, rest, slash - rest);
  /* "rtmp://host?key": no application to keep. */
  if (*slash != '/')
    {
      g_string_append (out, "/***");
      return g_string_free (out, FALSE);
    }

  /* Keep the application name, hide what follows it. */
  app_end = strpbrk (slash + 1, "/?#");
  if (app_end == NULL)
    g_string_append (out, slash);
  else
    {
      g_string_append_len (out, slash, app_end - slash);
      g_string_append (out, "/***");
    }
  return g_string_free (out, FALSE);
}

char *
sc_redact_text (const char        *text,
                const ScRedaction *redactions,
                gsize              n_redactions)
{
  GString *out;

  if (text == NULL)
    return g_strdup ("");
  out = g_string_new (text);
  for (gsize i = 0; i < n_redactions; i++)
    {
      const ScRedaction *r = &redactions[i];

      if (r->secret != NULL && r->secret[0] != '\0')
        g_string_replace (out, r->secret, r->shown_as != NULL ? r->shown_as : "***", 0);
    }
  return g_string_free (out, FALSE);
}

gboolean
sc_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;
  gsize len;

  if (host == NULL || host[0] == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  len = strlen (host);
  if (host[0] == '[' && host[len - 1] == ']')
    host = bare = g_strndup (host + 1, len - 2);
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}
