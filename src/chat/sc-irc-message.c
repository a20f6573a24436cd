/* sc-irc-message.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-irc-message"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sc-chat-error.h"
#include "sc-irc-message.h"

/* The line is copied once into the message's own block and cut up in place:
 * every string handed out points into it, so a parsed line costs one block,
 * one hash table and one pointer array however many tags it has. */
struct _ScIrcMessage
{
  GHashTable *tags;
  char       *nick;
  char       *user;
  char       *host;
  char       *command;
  GPtrArray  *params;
  char        buffer[];
};

void
sc_irc_message_free (ScIrcMessage *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->tags, g_hash_table_unref);
  g_clear_pointer (&self->params, g_ptr_array_unref);
  g_free (self);
}

static char *
skip_spaces (char *p)
{
  while (*p == ' ')
    p++;
  return p;
}

static char *
nonempty_or_null (char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

/* IRCv3 message-tags escaping; an unknown escape stands for its character,
 * and a backslash that ends the value is dropped, as the spec says. */
static void
unescape_tag_value (char *value)
{
  char *r = value;
  char *w = value;

  while (*r != '\0')
    {
      if (*r != '\\')
        {
          *w++ = *r++;
          continue;
        }
      if (r[1] == '\0')
        break;
      switch (r[1])
        {
        case ':':
          *w++ = ';';
          break;
        case 's':
          *w++ = ' ';
          break;
        case 'r':
          *w++ = '\r';
          break;
        case 'n':
          *w++ = '\n';
          break;
        default:
          *w++ = r[1];
          break;
        }
      r += 2;
    }
  *w = '\0';
}

static void
parse_tags (ScIrcMessage *self,
            char         *tags)
{
  char *p = tags;

  while (p != NULL)
    {
      char *next = strchr (p, ';');
      char *equals;
      char *value;

      if (next != NULL)
        *next++ = '\0';
      equals = strchr (p, '=');
      if (equals != NULL)
        {
          *equals = '\0';
          value = equals + 1;
          unescape_tag_value (value);
        }
      else
        {
          value = p + strlen (p);
        }
      /* A later duplicate wins, as the spec asks. */
      if (*p != '\0')
        g_hash_table_insert (self->tags, p, value);
      p = next;
    }
}

static void
parse_prefix (ScIrcMessage *self,
              char         *prefix)
{
  char *at = strchr (prefix, '@');
  char *bang = strchr (prefix, '!');

  if (at != NULL)
    {
      *at = '\0';
      self->host = nonempty_or_null (at + 1);
    }
  if (bang != NULL && (at == NULL || bang < at))
    {
      *bang = '\0';
      self->user = nonempty_or_null (bang + 1);
    }
  self->nick = nonempty_or_null (prefix);
}

/* A word of letters ("PRIVMSG") or a three-digit numeric reply ("366"). */
static gboolean
command_is_valid (const char *command)
{
  gsize len = 0;
  gboolean digits = g_ascii_isdigit (command[0]);

  for (const char *p = command; *p != '\0'; p++, len++)
    {
      if (digits ? !g_ascii_isdigit (*p) : !g_ascii_isalpha (*p))
        return FALSE;
    }
  return len > 0 && (!digits || len == 3);
}

/* Removes C0 controls, DEL and C1 controls (U+0080 to U+009F, two bytes in
 * UTF-8): they draw as boxes or move text around on screen. A CTCP
 * parameter keeps the \x01 that opens it and the one that closes it. */
static void
strip_controls (char *text)
{
  gboolean ctcp = text[0] == '\x01';
  char *r = text;
  char *w = text;

  for (; *r != '\0'; r++)
    {
      guchar c = (guchar)*r;
      gboolean ctcp_mark = c == 0x01 && ctcp && (r == text || r[1] == '\0');

      if (!ctcp_mark && (c < 0x20 || c == 0x7f))
        continue;
      if (c == 0xc2 && (guchar)r[1] >= 0x80 && (guchar)r[1] <= 0x9f)
        {
          r++;
          continue;
        }
      *w++ = (char)c;
    }
  *w = '\0';
}

static gboolean
fail (GError    **error,
      const char *message)
{
  g_set_error_literal (error, SC_CHAT_ERROR, SC_CHAT_ERROR_INVALID_DATA, message);
  return FALSE;
}

static gboolean
parse_command_and_params (ScIrcMessage  *self,
                          char          *p,
                          GError       **error)
{
  char *end;

  if (*p == '\0')
    return fail (error, _("The IRC line has no command"));

  self->command = p;
  end = strchr (p, ' ');
  if (end != NULL)
    {
      *end = '\0';
      p = end + 1;
    }
  else
    {
      p += strlen (p);
    }

  if (!command_is_valid (self->command))
    {
      g_autofree char *head = g_strndup (self->command, 32);
      g_autofree char *shown = g_strescape (head, NULL);

      g_set_error (error, SC_CHAT_ERROR, SC_CHAT_ERROR_INVALID_DATA,
                   _("The IRC line has an invalid command “%s”: expected a word or a "
                     "three-digit number"), shown);
      return FALSE;
    }
  for (char *c = self->command; *c != '\0'; c++)
    *c = g_ascii_toupper (*c);

  for (p = skip_spaces (p); *p != '\0'; p = skip_spaces (p))
    {
      if (*p == ':')
        {
          g_ptr_array_add (self->params, p + 1);
          break;
        }
      g_ptr_array_add (self->params, p);
      end = strchr (p, ' ');
      if (end == NULL)
        break;
      *end = '\0';
      p = end + 1;
    }

  for (guint i = 0; i < self->params->len; i++)
    strip_controls (g_ptr_array_index (self->params, i));
  return TRUE;
}

ScIrcMessage *
sc_irc_message_parse_len (const char  *line,
                          gssize       length,
                          GError     **error)
{
  g_autoptr(ScIrcMessage) self = NULL;
  g_autofree char *repaired = NULL;
  gsize len;
  char *p;
  char *end;

  g_return_val_if_fail (line != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    {
      len = strlen (line);
    }
  else
    {
      const char *nul = memchr (line, '\0', length);

      len = nul != NULL ? (gsize)(nul - line) : (gsize)length;
    }
  while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
    len--;

  if (len == 0)
    {
      fail (error, _("The IRC line is empty"));
      return NULL;
    }
  if (len > SC_IRC_MESSAGE_MAX_LENGTH)
    {
      /* Formatted apart: gettext cannot extract a G_GSIZE_FORMAT string. */
      g_autofree char *size = g_strdup_printf ("%" G_GSIZE_FORMAT, len);

      g_set_error (error, SC_CHAT_ERROR, SC_CHAT_ERROR_INVALID_DATA,
                   _("The IRC line is %s bytes long, more than the %u allowed"),
                   size, (guint)SC_IRC_MESSAGE_MAX_LENGTH);
      return NULL;
    }

  /* Before anything counts characters or offsets: a line cut inside a
   * multi-byte sequence ("Kappa \xf0") would make g_utf8_* read past it. */
  if (!g_utf8_validate_len (line, len, NULL))
    {
      repaired = g_utf8_make_valid (line, len);
      line = repaired;
      len = strlen (repaired);
    }

  self = g_malloc (sizeof *self + len + 1);
  memset (self, 0, sizeof *self);
  memcpy (self->buffer, line, len);
  self->buffer[len] = '\0';
  self->tags = g_hash_table_new (g_str_hash, g_str_equal);
  self->params = g_ptr_array_new ();

  p = skip_spaces (self->buffer);
  if (*p == '@')
    {
      end = strchr (p, ' ');
      if (end == NULL || *skip_spaces (end) == '\0')
        {
          fail (error, _("The IRC line has tags but no command"));
          return NULL;
        }
      *end = '\0';
      parse_tags (self, p + 1);
      p = skip_spaces (end + 1);
    }
  if (*p == ':')
    {
      end = strchr (p, ' ');
      if (end == NULL || *skip_spaces (end) == '\0')
        {
          fail (error, _("The IRC line has a sender but no command"));
          return NULL;
        }
      *end = '\0';
      parse_prefix (self, p + 1);
      p = skip_spaces (end + 1);
    }

  if (!parse_command_and_params (self, p, error))
    return NULL;

  return g_steal_pointer (&self);
}

ScIrcMessage *
sc_irc_message_parse (const char  *line,
                      GError     **error)
{
  return sc_irc_message_parse_len (line, -1, error);
}

GHashTable *
sc_irc_message_get_tags (ScIrcMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->tags;
}

const char *
sc_irc_message_get_tag (ScIrcMessage *self,
                        const char   *key)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  return g_hash_table_lookup (self->tags, key);
}

const char *
sc_irc_message_get_nick (ScIrcMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->nick;
}

const char *
sc_irc_message_get_user (ScIrcMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->user;
}

const char *
sc_irc_message_get_host (ScIrcMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->host;
}

const char *
sc_irc_message_get_command (ScIrcMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->command;
}

GPtrArray *
sc_irc_message_get_params (ScIrcMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->params;
}

const char *
sc_irc_message_get_param (ScIrcMessage *self,
                          guint         index)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (index >= self->params->len)
    return NULL;
  return g_ptr_array_index (self->params, index);
}
