/* sc-chat-message.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-chat-message"

#include "config.h"

#include "sc-chat-message.h"

struct _ScChatMessage
{
  GObject    parent_instance;

  char      *platform;
  char      *id;
  char      *author;
  char      *color;
  char      *text;
  GDateTime *time;
  GStrv      badges;
  char      *author_id;
  gboolean   action;
};

G_DEFINE_FINAL_TYPE (ScChatMessage, sc_chat_message, G_TYPE_OBJECT)

static void
sc_chat_message_finalize (GObject *object)
{
  ScChatMessage *self = (ScChatMessage *)object;

  g_free (self->platform);
  g_free (self->id);
  g_free (self->author);
  g_free (self->color);
  g_free (self->text);
  g_clear_pointer (&self->time, g_date_time_unref);
  g_strfreev (self->badges);
  g_free (self->author_id);

  G_OBJECT_CLASS (sc_chat_message_parent_class)->finalize (object);
}

static void
sc_chat_message_class_init (ScChatMessageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sc_chat_message_finalize;
}

static void
sc_chat_message_init (ScChatMessage *self)
{
}

/* Invalid UTF-8 from the network is repaired here, once, so nothing
 * downstream (Pango, JSON) ever sees it. */
static char *
dup_valid (const char *text)
{
  if (text == NULL)
    return NULL;
  return g_utf8_make_valid (text, -1);
}

ScChatMessage *
sc_chat_message_new (const char *platform,
                     const char *id,
                     const char *author,
                     const char *color,
                     const char *text,
                     GDateTime  *time)
{
  ScChatMessage *self = g_object_new (SC_TYPE_CHAT_MESSAGE, NULL);

  self->platform = g_strdup (platform ? platform : "unknown");
  self->id = dup_valid (id);
  self->author = dup_valid (author ? author : "");
  self->color = g_strdup (color);
  self->text = dup_valid (text ? text : "");
  self->time = time ? g_date_time_ref (time) : g_date_time_new_now_utc ();
  self->badges = g_new0 (char *, 1);

  return self;
}

const char *
sc_chat_message_get_platform (ScChatMessage *self)
{
  g_return_val_if_fail (SC_IS_CHAT_MESSAGE (self), NULL);
  return self->platform;
}

const char *
sc_chat_message_get_id (ScChatMessage *self)
{
  g_return_val_if_fail (SC_IS_CHAT_MESSAGE (self), NULL);
  return self->id;
}

const char *
sc_chat_message_get_author (ScChatMessage *self)
{
  g_return_val_if_fail (SC_IS_CHAT_MESSAGE (self), NULL);
  return self->author;
}

const char *
sc_chat_message_get_color (ScChatMessage *self)
{
  g_return_val_if_fail (SC_IS_CHAT_MESSAGE (self), NULL);
  return self->color;
}

const char *
sc_chat_message_get_text (ScChatMessage *self)
{
  g_return_val_if_fail (SC_IS_CHAT_MESSAGE (self), NULL);
  return self->text;
}

GDateTime *
sc_chat_message_get_time (ScChatMessage *self)
{
  g_return_val_if_fail (SC_IS_CHAT_MESSAGE (self), NULL);
  return self->time;
}

const char *
sc_chat_message_get_author_id (ScChatMessage *self)
{
  g_return_val_if_fail (SC_IS_CHAT_MESSAGE (self), NULL);
  return self->author_id;
}

void
sc_chat_message_set_author_id (ScChatMessage *self,
                               const char    *author_id)
{
  g_return_if_fail (SC_IS_CHAT_MESSAGE (self));
  g_free (self->author_id);
  self->author_id = author_id != NULL && author_id[0] != '\0' ? g_strdup (author_id) : NULL;
}

const char * const *
sc_chat_message_get_badges (ScChatMessage *self)
{
  g_return_val_if_fail (SC_IS_CHAT_MESSAGE (self), NULL);
  return (const char * const *)self->badges;
}

void
sc_chat_message_set_badges (ScChatMessage      *self,
                            const char * const *badges)
{
  g_return_if_fail (SC_IS_CHAT_MESSAGE (self));

  g_strfreev (self->badges);
  self->badges = badges ? g_strdupv ((char **)badges) : g_new0 (char *, 1);
}

gboolean
sc_chat_message_get_action (ScChatMessage *self)
{
  g_return_val_if_fail (SC_IS_CHAT_MESSAGE (self), FALSE);
  return self->action;
}

void
sc_chat_message_set_action (ScChatMessage *self,
                            gboolean       action)
{
  g_return_if_fail (SC_IS_CHAT_MESSAGE (self));
  self->action = action;
}
