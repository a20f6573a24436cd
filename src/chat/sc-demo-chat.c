/* sc-demo-chat.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-demo-chat"

#include "config.h"

#include "sc-demo-chat.h"

typedef struct {
  const char *author;
  const char *color;
  double      delay_s;  /* wait before this line */
  const char *text;
} ScriptLine;

/* The demo show's audience. Claim codes follow the demo rundown (A1 is the
 * pinned candle, A3 the scarf, A6 the sold-out sneakers), and the script
 * carries what real chat throws at the overlay: emoji, right-to-left and
 * CJK text, and markup characters that must be shown as typed. */
static const ScriptLine script[] = {
  { "Maya",    "#e66100", 1.2, "Hi everyone! Just joined 👋" },
  { "Tom_K",   "#1c71d8", 2.0, "that candle looks amazing, what does it smell like?" },
  { "Lena.B",  "#c061cb", 1.5, "SOLD A1" },
  { "Priya",   "#26a269", 2.5, "Do you ship to Ireland?" },
  { "Jonas",   "#a51d2d", 1.8, "how long does shipping take to Germany?" },
  { "Sofia",   "#ff7800", 1.0, "love it 😍🔥" },
  { "Karim",   "#2ec27e", 2.2, "هل يتوفر بمقاس كبير؟" },
  { "Yuki",    "#3584e4", 2.8, "送料はいくらですか？" },
  { "Emma_R",  "#9141ac", 1.4, "is the scarf one size fits all?" },
  { "Daniel",  "#865e3c", 2.0, "sold a3 2" },
  { "Chloé",   "#e01b24", 1.6, "the mug in sage is so pretty" },
  { "Ben",     "#1a5fb4", 3.0, "<b>is this real?</b> & more" },
  { "Aisha",   "#c64600", 1.2, "what sizes do the sneakers come in?" },
  { "Maya",    "#e66100", 2.4, "Can I pick up in store instead?" },
  { "Lukas",   "#4a86cf", 1.9, "is the blanket machine washable?" },
  { "Nora",    "#613583", 1.1, "SOLD A2" },
  { "Tom_K",   "#1c71d8", 2.6, "does the candle come gift wrapped?" },
  { "Inès",    "#b5835a", 1.7, "free shipping over 50€?" },
  { "Priya",   "#26a269", 0.8, "Sold A4" },
  { "Marco",   "#33d17a", 2.3, "Are the sneakers true to size? I'm usually a 42" },
  { "Sofia",   "#ff7800", 1.3, "just got my teapot from last week, it's gorgeous 🫖" },
  { "Oliver",  "#62a0ea", 2.1, "any discount codes today?" },
  { "Hana",    "#dc8add", 1.5, "Is the beanie itchy or soft?" },
  { "Jonas",   "#a51d2d", 2.9, "sold a5" },
  { "Lena.B",  "#c061cb", 1.0, "how many candles are left??" },
  { "Emma_R",  "#9141ac", 2.0, "can I return it if the colour isn't right?" },
  { "Daniel",  "#865e3c", 1.6, "what's the delivery time to Austria?" },
  { "Chloé",   "#e01b24", 2.4, "SOLD A6 please" },
  { "Ben",     "#1a5fb4", 1.8, "are the bed socks one size?" },
  { "Aisha",   "#c64600", 2.7, "great show, see you next week! ✨" },
};

struct _ScDemoChat
{
  GObject       parent_instance;

  GMainContext *context;    /* where ::message is emitted; set by start */
  GSource      *timer;      /* waits for the next line; NULL when stopped */
  guint         next_line;
  guint64       n_sent;     /* ids keep counting across loops of the script */
  double        speed;
  ScChatSourceState state;
};

static void chat_source_iface_init (ScChatSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ScDemoChat, sc_demo_chat, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (SC_TYPE_CHAT_SOURCE,
                                                      chat_source_iface_init))

enum {
  PROP_0,
  PROP_STATE,
};

static void schedule_next_line (ScDemoChat *self);

static void
set_state (ScDemoChat        *self,
           ScChatSourceState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  sc_chat_source_notify_state (SC_CHAT_SOURCE (self));
}

static void
cancel_timer (ScDemoChat *self)
{
  if (self->timer == NULL)
    return;
  g_source_destroy (self->timer);
  g_clear_pointer (&self->timer, g_source_unref);
}

static gboolean
on_timer (gpointer user_data)
{
  ScDemoChat *self = user_data;
  const ScriptLine *line = &script[self->next_line];
  g_autoptr(ScChatMessage) message = NULL;
  g_autoptr(ScDemoChat) hold = g_object_ref (self);
  g_autofree char *id = NULL;

  id = g_strdup_printf ("demo-%" G_GUINT64_FORMAT, ++self->n_sent);
  message = sc_chat_message_new ("demo", id, line->author, line->color, line->text, NULL);
  self->next_line = (self->next_line + 1) % G_N_ELEMENTS (script);

  /* Schedule before emitting, so a handler that calls stop() wins. */
  g_clear_pointer (&self->timer, g_source_unref);
  schedule_next_line (self);

  sc_chat_source_emit_message (SC_CHAT_SOURCE (self), message);
  return G_SOURCE_REMOVE;
}

static void
schedule_next_line (ScDemoChat *self)
{
  double delay_ms = script[self->next_line].delay_s * 1000.0 / self->speed;

  self->timer = g_timeout_source_new ((guint)CLAMP (delay_ms, 1.0, 3600000.0));
  g_source_set_name (self->timer, "[shopcast] demo chat");
  g_source_set_callback (self->timer, on_timer, self, NULL);
  g_source_attach (self->timer, self->context);
}

static void
sc_demo_chat_dispose (GObject *object)
{
  ScDemoChat *self = (ScDemoChat *)object;

  cancel_timer (self);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (sc_demo_chat_parent_class)->dispose (object);
}

static void
sc_demo_chat_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  ScDemoChat *self = SC_DEMO_CHAT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_demo_chat_class_init (ScDemoChatClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_demo_chat_dispose;
  object_class->get_property = sc_demo_chat_get_property;

  g_object_class_override_property (object_class, PROP_STATE, "state");
}

static void
sc_demo_chat_init (ScDemoChat *self)
{
  self->speed = 1.0;
  self->state = SC_CHAT_SOURCE_STATE_IDLE;
}

ScDemoChat *
sc_demo_chat_new (void)
{
  return g_object_new (SC_TYPE_DEMO_CHAT, NULL);
}

static const char *
demo_chat_get_platform (ScChatSource *source)
{
  return "demo";
}

/* Messages are emitted on the thread-default main context of the caller,
 * which is the main context everywhere Shopcast calls this. */
static void
demo_chat_start (ScChatSource *source)
{
  ScDemoChat *self = SC_DEMO_CHAT (source);

  if (self->timer != NULL)
    return;

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  schedule_next_line (self);
  /* A script needs no connection: it is connected as soon as it runs. */
  set_state (self, SC_CHAT_SOURCE_STATE_CONNECTED);
}

static void
demo_chat_stop (ScChatSource *source)
{
  ScDemoChat *self = SC_DEMO_CHAT (source);

  cancel_timer (self);
  if (self->state != SC_CHAT_SOURCE_STATE_IDLE)
    set_state (self, SC_CHAT_SOURCE_STATE_STOPPED);
}

static ScChatSourceState
demo_chat_get_state (ScChatSource *source)
{
  return SC_DEMO_CHAT (source)->state;
}

static void
chat_source_iface_init (ScChatSourceInterface *iface)
{
  iface->get_platform = demo_chat_get_platform;
  iface->start = demo_chat_start;
  iface->stop = demo_chat_stop;
  iface->get_state = demo_chat_get_state;
}

void
sc_demo_chat_start (ScDemoChat *self)
{
  g_return_if_fail (SC_IS_DEMO_CHAT (self));

  sc_chat_source_start (SC_CHAT_SOURCE (self));
}

void
sc_demo_chat_stop (ScDemoChat *self)
{
  g_return_if_fail (SC_IS_DEMO_CHAT (self));

  sc_chat_source_stop (SC_CHAT_SOURCE (self));
}

void
sc_demo_chat_set_speed (ScDemoChat *self,
                        double      speed)
{
  g_return_if_fail (SC_IS_DEMO_CHAT (self));
  g_return_if_fail (speed > 0.0);

  if (self->speed == speed)
    return;
  self->speed = speed;

  /* The pending wait was scaled by the old speed: start it again. */
  if (self->timer != NULL)
    {
      cancel_timer (self);
      schedule_next_line (self);
    }
}
