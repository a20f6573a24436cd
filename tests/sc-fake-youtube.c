/* sc-fake-youtube.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-fake-youtube"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#include "sc-fake-youtube.h"

/* The fake keeps the chat as one list; a pageToken is an opaque-looking
 * encoding of a position in it, so paging behaves like YouTube's: the first
 * request gets the history, each later one what came after its token. The
 * answers have the fields and error bodies Google sends. */

#define OWNER_NAME "Shopcast Studio"
#define MAX_RESULTS_DEFAULT 500
#define MAX_RESULTS_MIN 200
#define MAX_RESULTS_MAX 2000

typedef enum {
  ITEM_TEXT,
  ITEM_SUPER_CHAT,
  ITEM_DELETION,
  ITEM_BAN,
} ItemKind;

typedef struct {
  ItemKind                  kind;
  char                     *id;
  char                     *published_at;
  char                     *author;       /* the writer, or the banned author */
  ScFakeYouTubeAuthorFlags  flags;
  char                     *text;         /* the comment of a super chat */
  char                     *amount;       /* "$5.00" */
  char                     *deleted_id;
} FakeItem;

typedef enum {
  PLAN_FAILURE,
  PLAN_DELAY,
} PlanKind;

typedef struct {
  PlanKind             kind;
  ScFakeYouTubeFailure failure;
  guint                delay_ms;
} Plan;

typedef struct {
  char *path;
  char *json;
} Corruption;

struct _ScFakeYouTube
{
  GObject     parent_instance;

  ScFakeServer *server;
  char       *live_chat_id;
  char       *api_key;
  char       *oauth_token;

  GPtrArray  *items;          /* FakeItem * */
  guint       next_id;
  guint       polling_interval;
  guint       page_size;
  guint       rewind;
  gboolean    quota_exceeded;
  char       *offline_at;

  GQueue      plans;          /* Plan *, one per request */
  GPtrArray  *corruptions;    /* Corruption *, for the next page */
  GPtrArray  *requests;       /* ScFakeYouTubeRequest * */
};

G_DEFINE_FINAL_TYPE (ScFakeYouTube, sc_fake_youtube, G_TYPE_OBJECT)

static void
fake_item_free (FakeItem *item)
{
  g_free (item->id);
  g_free (item->published_at);
  g_free (item->author);
  g_free (item->text);
  g_free (item->amount);
  g_free (item->deleted_id);
  g_free (item);
}

static void
corruption_free (Corruption *corruption)
{
  g_free (corruption->path);
  g_free (corruption->json);
  g_free (corruption);
}

static void
request_free (ScFakeYouTubeRequest *request)
{
  g_free (request->page_token);
  g_free (request->key);
  g_free (request->bearer);
  g_free (request->next_page_token);
  g_free (request);
}

/* Chat */

static char *
now_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%f+00:00");
}

static char *
channel_id (const char *author)
{
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, author, -1);

  return g_strdup_printf ("UC%.22s", sum);
}

static FakeItem *
add_item (ScFakeYouTube *self,
          ItemKind       kind,
          const char    *author)
{
  FakeItem *item = g_new0 (FakeItem, 1);

  item->kind = kind;
  item->id = g_strdup_printf ("LCC.fake%06u", ++self->next_id);
  item->published_at = now_text ();
  item->author = g_strdup (author);
  g_ptr_array_add (self->items, item);
  return item;
}

const char *
sc_fake_youtube_add_text (ScFakeYouTube            *self,
                          const char               *author,
                          ScFakeYouTubeAuthorFlags  flags,
                          const char               *text)
{
  FakeItem *item;

  g_return_val_if_fail (SC_IS_FAKE_YOUTUBE (self), NULL);
  g_return_val_if_fail (author != NULL && text != NULL, NULL);

  item = add_item (self, ITEM_TEXT, author);
  item->flags = flags;
  item->text = g_strdup (text);
  return item->id;
}

const char *
sc_fake_youtube_add_super_chat (ScFakeYouTube            *self,
                                const char               *author,
                                ScFakeYouTubeAuthorFlags  flags,
                                const char               *amount,
                                const char               *comment)
{
  FakeItem *item;

  g_return_val_if_fail (SC_IS_FAKE_YOUTUBE (self), NULL);
  g_return_val_if_fail (author != NULL && amount != NULL && comment != NULL, NULL);

  item = add_item (self, ITEM_SUPER_CHAT, author);
  item->flags = flags;
  item->text = g_strdup (comment);
  item->amount = g_strdup (amount);
  return item->id;
}

const char *
sc_fake_youtube_add_deletion (ScFakeYouTube *self,
                              const char    *deleted_id)
{
  FakeItem *item;

  g_return_val_if_fail (SC_IS_FAKE_YOUTUBE (self), NULL);
  g_return_val_if_fail (deleted_id != NULL, NULL);

  item = add_item (self, ITEM_DELETION, OWNER_NAME);
  item->flags = SC_FAKE_YOUTUBE_AUTHOR_OWNER;
  item->deleted_id = g_strdup (deleted_id);
  return item->id;
}

const char *
sc_fake_youtube_add_ban (ScFakeYouTube *self,
                         const char    *author)
{
  FakeItem *item;

  g_return_val_if_fail (SC_IS_FAKE_YOUTUBE (self), NULL);
  g_return_val_if_fail (author != NULL, NULL);

  /* The event's author is the moderator; the banned user is in the details. */
  item = add_item (self, ITEM_BAN, OWNER_NAME);
  item->flags = SC_FAKE_YOUTUBE_AUTHOR_OWNER;
  item->text = g_strdup (author);
  return item->id;
}

void
sc_fake_youtube_rewind_next (ScFakeYouTube *self,
                             guint          n_items)
{
  g_return_if_fail (SC_IS_FAKE_YOUTUBE (self));

  self->rewind = n_items;
}

/* Settings and failures */

void
sc_fake_youtube_set_polling_interval (ScFakeYouTube *self,
                                      guint          millis)
{
  g_return_if_fail (SC_IS_FAKE_YOUTUBE (self));

  self->polling_interval = millis;
}

void
sc_fake_youtube_set_page_size (ScFakeYouTube *self,
                               guint          page_size)
{
  g_return_if_fail (SC_IS_FAKE_YOUTUBE (self));

  self->page_size = page_size;
}

void
sc_fake_youtube_fail_next (ScFakeYouTube        *self,
                           ScFakeYouTubeFailure  failure,
                           guint                 n_requests)
{
  g_return_if_fail (SC_IS_FAKE_YOUTUBE (self));

  for (guint i = 0; i < n_requests; i++)
    {
      Plan *plan = g_new0 (Plan, 1);

      plan->kind = PLAN_FAILURE;
      plan->failure = failure;
      g_queue_push_tail (&self->plans, plan);
    }
}

void
sc_fake_youtube_set_quota_exceeded (ScFakeYouTube *self,
                                    gboolean       exceeded)
{
  g_return_if_fail (SC_IS_FAKE_YOUTUBE (self));

  self->quota_exceeded = exceeded;
}

void
sc_fake_youtube_delay_next (ScFakeYouTube *self,
                            guint          n_requests,
                            guint          delay_ms)
{
  g_return_if_fail (SC_IS_FAKE_YOUTUBE (self));

  for (guint i = 0; i < n_requests; i++)
    {
      Plan *plan = g_new0 (Plan, 1);

      plan->kind = PLAN_DELAY;
      plan->delay_ms = delay_ms;
      g_queue_push_tail (&self->plans, plan);
    }
}

void
sc_fake_youtube_set_offline (ScFakeYouTube *self)
{
  g_return_if_fail (SC_IS_FAKE_YOUTUBE (self));

  if (self->offline_at == NULL)
    self->offline_at = now_text ();
}

void
sc_fake_youtube_corrupt_next (ScFakeYouTube *self,
                              const char    *path,
                              const char    *json)
{
  Corruption *corruption;

  g_return_if_fail (SC_IS_FAKE_YOUTUBE (self));
  g_return_if_fail (path != NULL && path[0] != '\0');

  corruption = g_new0 (Corruption, 1);
  corruption->path = g_strdup (path);
  corruption->json = g_strdup (json);
  g_ptr_array_add (self->corruptions, corruption);
}

guint
sc_fake_youtube_get_request_count (ScFakeYouTube *self)
{
  g_return_val_if_fail (SC_IS_FAKE_YOUTUBE (self), 0);

  return self->requests->len;
}

const ScFakeYouTubeRequest *
sc_fake_youtube_get_request (ScFakeYouTube *self,
                             guint          index)
{
  g_return_val_if_fail (SC_IS_FAKE_YOUTUBE (self), NULL);
  g_return_val_if_fail (index < self->requests->len, NULL);

  return g_ptr_array_index (self->requests, index);
}

const char *
sc_fake_youtube_get_url (ScFakeYouTube *self)
{
  g_return_val_if_fail (SC_IS_FAKE_YOUTUBE (self), NULL);

  return sc_fake_server_get_url (self->server);
}

ScFakeServer *
sc_fake_youtube_get_server (ScFakeYouTube *self)
{
  g_return_val_if_fail (SC_IS_FAKE_YOUTUBE (self), NULL);

  return self->server;
}

/* Page tokens */

static char *
make_token (guint position)
{
  g_autofree char *plain = g_strdup_printf ("fake-chat-position:%u", position);

  return g_base64_encode ((const guchar *)plain, strlen (plain));
}

static gboolean
parse_token (const char *token,
             guint      *position)
{
  g_autofree guchar *plain = NULL;
  g_autofree char *text = NULL;
  guint64 value;
  gsize length;

  plain = g_base64_decode (token, &length);
  text = g_strndup ((const char *)plain, length);
  if (!g_str_has_prefix (text, "fake-chat-position:") ||
      !g_ascii_string_to_unsigned (text + strlen ("fake-chat-position:"), 10, 0, G_MAXUINT,
                                   &value, NULL))
    return FALSE;
  *position = (guint)value;
  return TRUE;
}

/* Answers */

static void
respond_text (SoupServerMessage *message,
              guint              status,
              const char        *json)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "application/json; charset=UTF-8",
                                    SOUP_MEMORY_COPY, json, strlen (json));
}

/* Google's error body: {"error": {"code", "message", "errors": [{…}], "status"}}. */
static void
respond_error (SoupServerMessage *message,
               guint              status,
               const char        *domain,
               const char        *reason,
               const char        *text,
               const char        *status_name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "domain");
  json_builder_add_string_value (builder, domain);
  json_builder_set_member_name (builder, "reason");
  json_builder_add_string_value (builder, reason);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  if (status_name != NULL)
    {
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, status_name);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, TRUE);
  respond_text (message, status, json);
}

static void
respond_quota (SoupServerMessage *message)
{
  respond_error (message, SOUP_STATUS_FORBIDDEN, "youtube.quota", "quotaExceeded",
                 "The request cannot be completed because you have exceeded your "
                 "<a href=\"/youtube/v3/getting-started#quota\">quota</a>.", NULL);
}

static void
respond_failure (SoupServerMessage    *message,
                 ScFakeYouTubeFailure  failure)
{
  switch (failure)
    {
    case SC_FAKE_YOUTUBE_QUOTA_EXCEEDED:
      respond_quota (message);
      break;
    case SC_FAKE_YOUTUBE_RATE_LIMITED:
      respond_error (message, SOUP_STATUS_FORBIDDEN, "youtube.liveChat", "rateLimitExceeded",
                     "The request was sent too quickly after the previous request. This "
                     "error occurs when API requests to retrieve messages are being sent "
                     "more frequently than YouTube's refresh rates, which unnecessarily "
                     "wastes bandwidth and quota.", NULL);
      break;
    case SC_FAKE_YOUTUBE_FORBIDDEN:
      respond_error (message, SOUP_STATUS_FORBIDDEN, "youtube.liveChat", "forbidden",
                     "You do not have the permissions required to retrieve messages for "
                     "the specified live chat.", "PERMISSION_DENIED");
      break;
    case SC_FAKE_YOUTUBE_CHAT_ENDED:
      respond_error (message, SOUP_STATUS_FORBIDDEN, "youtube.liveChat", "liveChatEnded",
                     "The specified live chat is no longer live.", NULL);
      break;
    case SC_FAKE_YOUTUBE_SERVER_ERROR:
      respond_error (message, SOUP_STATUS_SERVICE_UNAVAILABLE, "global", "backendError",
                     "Backend Error", "UNAVAILABLE");
      break;
    case SC_FAKE_YOUTUBE_DEEP_JSON:
      {
        char *deep = g_malloc (75 * 1024);

        memset (deep, '[', 75 * 1024);
        soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (message, "application/json; charset=UTF-8",
                                          SOUP_MEMORY_TAKE, deep, 75 * 1024);
      }
      break;
    case SC_FAKE_YOUTUBE_MALFORMED_JSON:
    default:
      g_assert_not_reached ();
    }
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_boolean (JsonBuilder *builder,
             const char  *name,
             gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static void
add_channel (JsonBuilder *builder,
             const char  *author)
{
  g_autofree char *id = channel_id (author);
  g_autofree char *url = g_strdup_printf ("http://www.youtube.com/channel/%s", id);

  add_string (builder, "channelId", id);
  add_string (builder, "channelUrl", url);
  add_string (builder, "displayName", author);
  add_string (builder, "profileImageUrl", "https://yt4.ggpht.com/fake-profile/photo.jpg");
}

static void
add_fake_item (ScFakeYouTube *self,
               JsonBuilder   *builder,
               FakeItem      *item)
{
  g_autofree char *author_channel = channel_id (item->author);
  g_autofree char *etag = g_compute_checksum_for_string (G_CHECKSUM_MD5, item->id, -1);

  json_builder_begin_object (builder);
  add_string (builder, "kind", "youtube#liveChatMessage");
  add_string (builder, "etag", etag);
  add_string (builder, "id", item->id);

  json_builder_set_member_name (builder, "snippet");
  json_builder_begin_object (builder);
  add_string (builder, "liveChatId", self->live_chat_id);
  add_string (builder, "authorChannelId", author_channel);
  add_string (builder, "publishedAt", item->published_at);
  switch (item->kind)
    {
    case ITEM_TEXT:
      add_string (builder, "type", "textMessageEvent");
      add_boolean (builder, "hasDisplayContent", TRUE);
      add_string (builder, "displayMessage", item->text);
      json_builder_set_member_name (builder, "textMessageDetails");
      json_builder_begin_object (builder);
      add_string (builder, "messageText", item->text);
      json_builder_end_object (builder);
      break;
    case ITEM_SUPER_CHAT:
      {
        g_autofree char *display = g_strdup_printf ("%s from %s: \"%s\"", item->amount,
                                                    item->author, item->text);
        const char *digits = item->amount + strcspn (item->amount, "0123456789");
        g_autofree char *micros = g_strdup_printf ("%.0f", g_ascii_strtod (digits, NULL) * 1e6);

        add_string (builder, "type", "superChatEvent");
        add_boolean (builder, "hasDisplayContent", TRUE);
        add_string (builder, "displayMessage", display);
        json_builder_set_member_name (builder, "superChatDetails");
        json_builder_begin_object (builder);
        /* Google sends 64-bit integers as strings. */
        add_string (builder, "amountMicros", micros);
        add_string (builder, "currency", "USD");
        add_string (builder, "amountDisplayString", item->amount);
        add_string (builder, "userComment", item->text);
        json_builder_set_member_name (builder, "tier");
        json_builder_add_int_value (builder, 2);
        json_builder_end_object (builder);
      }
      break;
    case ITEM_DELETION:
      add_string (builder, "type", "messageDeletedEvent");
      add_boolean (builder, "hasDisplayContent", FALSE);
      json_builder_set_member_name (builder, "messageDeletedDetails");
      json_builder_begin_object (builder);
      add_string (builder, "deletedMessageId", item->deleted_id);
      json_builder_end_object (builder);
      break;
    case ITEM_BAN:
      add_string (builder, "type", "userBannedEvent");
      add_boolean (builder, "hasDisplayContent", FALSE);
      json_builder_set_member_name (builder, "userBannedDetails");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "bannedUserDetails");
      json_builder_begin_object (builder);
      add_channel (builder, item->text);
      json_builder_end_object (builder);
      add_string (builder, "banType", "permanent");
      json_builder_end_object (builder);
      break;
    default:
      g_assert_not_reached ();
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "authorDetails");
  json_builder_begin_object (builder);
  add_channel (builder, item->author);
  add_boolean (builder, "isVerified", FALSE);
  add_boolean (builder, "isChatOwner", (item->flags & SC_FAKE_YOUTUBE_AUTHOR_OWNER) != 0);
  add_boolean (builder, "isChatSponsor", (item->flags & SC_FAKE_YOUTUBE_AUTHOR_SPONSOR) != 0);
  add_boolean (builder, "isChatModerator",
               (item->flags & SC_FAKE_YOUTUBE_AUTHOR_MODERATOR) != 0);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
}

static JsonNode *
child_node (JsonNode   *node,
            const char *segment)
{
  guint64 index;

  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_get_member (json_node_get_object (node), segment);
  if (JSON_NODE_HOLDS_ARRAY (node) &&
      g_ascii_string_to_unsigned (segment, 10, 0, G_MAXUINT, &index, NULL) &&
      index < json_array_get_length (json_node_get_array (node)))
    return json_array_get_element (json_node_get_array (node), index);
  return NULL;
}

static void
corrupt (JsonNode   *root,
         Corruption *corruption)
{
  g_auto(GStrv) segments = g_strsplit (corruption->path, ".", -1);
  guint n = g_strv_length (segments);
  g_autoptr(JsonNode) replacement = NULL;
  const char *last = segments[n - 1];
  JsonNode *parent = root;
  JsonNode *target;

  for (guint i = 0; parent != NULL && i + 1 < n; i++)
    parent = child_node (parent, segments[i]);
  if (corruption->json != NULL)
    replacement = json_from_string (corruption->json, NULL);
  target = parent != NULL ? child_node (parent, last) : NULL;
  if (target == NULL || (corruption->json != NULL && replacement == NULL))
    {
      g_critical ("Cannot corrupt %s with %s", corruption->path,
                  corruption->json ? corruption->json : "nothing");
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (parent))
    {
      if (replacement == NULL)
        json_object_remove_member (json_node_get_object (parent), last);
      else
        json_object_set_member (json_node_get_object (parent), last,
                                g_steal_pointer (&replacement));
    }
  else if (replacement == NULL)
    json_array_remove_element (json_node_get_array (parent),
                               (guint)g_ascii_strtoull (last, NULL, 10));
  else if (JSON_NODE_HOLDS_OBJECT (replacement))
    json_node_init_object (target, json_node_get_object (replacement));
  else if (JSON_NODE_HOLDS_ARRAY (replacement))
    json_node_init_array (target, json_node_get_array (replacement));
  else if (JSON_NODE_HOLDS_NULL (replacement))
    json_node_init_null (target);
  else
    {
      /* JsonArray cannot replace an element; the element node is reset in place. */
      GValue value = G_VALUE_INIT;

      json_node_get_value (replacement, &value);
      json_node_init (target, JSON_NODE_VALUE);
      json_node_set_value (target, &value);
      g_value_unset (&value);
    }
}

static void
respond_page (ScFakeYouTube        *self,
              SoupServerMessage    *message,
              ScFakeYouTubeRequest *request,
              guint                 position,
              guint                 max_results,
              gboolean              cut_in_half)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *etag = NULL;
  guint start = position - MIN (self->rewind, position);
  guint end;
  char *json;
  gsize length;

  if (self->page_size > 0)
    max_results = MIN (max_results, self->page_size);
  /* The first request gets the history; later ones what came since. */
  end = MIN (self->items->len, start + max_results);
  self->rewind = 0;

  json_builder_begin_object (builder);
  add_string (builder, "kind", "youtube#liveChatMessageListResponse");
  etag = g_strdup_printf ("fake-etag-%u-%u", start, end);
  add_string (builder, "etag", etag);
  json_builder_set_member_name (builder, "pollingIntervalMillis");
  json_builder_add_int_value (builder, self->polling_interval);
  if (self->offline_at != NULL)
    add_string (builder, "offlineAt", self->offline_at);
  json_builder_set_member_name (builder, "pageInfo");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "totalResults");
  json_builder_add_int_value (builder, end - start);
  json_builder_set_member_name (builder, "resultsPerPage");
  json_builder_add_int_value (builder, end - start);
  json_builder_end_object (builder);
  if (self->offline_at == NULL)
    {
      request->next_page_token = make_token (end);
      add_string (builder, "nextPageToken", request->next_page_token);
    }
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = start; i < end; i++)
    add_fake_item (self, builder, g_ptr_array_index (self->items, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  request->n_items = end - start;

  root = json_builder_get_root (builder);
  for (guint i = 0; i < self->corruptions->len; i++)
    corrupt (root, g_ptr_array_index (self->corruptions, i));
  g_ptr_array_set_size (self->corruptions, 0);

  json = json_to_string (root, FALSE);
  length = strlen (json);
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/json; charset=UTF-8",
                                    SOUP_MEMORY_TAKE, json, cut_in_half ? length / 2 : length);
}

static gboolean
has_part (const char *part,
          const char *name)
{
  g_auto(GStrv) parts = part != NULL ? g_strsplit (part, ",", -1) : NULL;

  for (guint i = 0; parts != NULL && parts[i] != NULL; i++)
    {
      if (g_str_equal (g_strstrip (parts[i]), name))
        return TRUE;
    }
  return FALSE;
}

/* Checks the request like YouTube does; FALSE once it has answered. */
static gboolean
check_request (ScFakeYouTube        *self,
               SoupServerMessage    *message,
               const char           *path,
               GHashTable           *query,
               ScFakeYouTubeRequest *request,
               guint                *max_results)
{
  const char *chat_id = query ? g_hash_table_lookup (query, "liveChatId") : NULL;
  const char *part = query ? g_hash_table_lookup (query, "part") : NULL;
  const char *max = query ? g_hash_table_lookup (query, "maxResults") : NULL;
  guint64 value = MAX_RESULTS_DEFAULT;

  if (!g_str_equal (path, "/liveChat/messages"))
    {
      respond_error (message, SOUP_STATUS_NOT_FOUND, "global", "notFound", "Not Found",
                     "NOT_FOUND");
      return FALSE;
    }
  if (g_strcmp0 (soup_server_message_get_method (message), SOUP_METHOD_GET) != 0)
    {
      respond_error (message, SOUP_STATUS_METHOD_NOT_ALLOWED, "global", "httpMethodNotAllowed",
                     "HTTP method not allowed", NULL);
      return FALSE;
    }

  if (request->bearer != NULL)
    {
      if (g_strcmp0 (request->bearer, self->oauth_token) != 0)
        {
          respond_error (message, SOUP_STATUS_UNAUTHORIZED, "global", "authError",
                         "Request had invalid authentication credentials. Expected OAuth 2 "
                         "access token, login cookie or other valid authentication "
                         "credential.", "UNAUTHENTICATED");
          return FALSE;
        }
    }
  else if (request->key != NULL)
    {
      if (g_strcmp0 (request->key, self->api_key) != 0)
        {
          respond_text (message, SOUP_STATUS_BAD_REQUEST,
                        "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please "
                        "pass a valid API key.\",\"errors\":[{\"message\":\"API key not "
                        "valid. Please pass a valid API key.\",\"domain\":\"global\","
                        "\"reason\":\"badRequest\"}],\"status\":\"INVALID_ARGUMENT\","
                        "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
                        "\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\","
                        "\"metadata\":{\"service\":\"youtube.googleapis.com\"}}]}}");
          return FALSE;
        }
    }
  else
    {
      respond_error (message, SOUP_STATUS_UNAUTHORIZED, "global", "required",
                     "Request is missing required authentication credential. Expected OAuth 2 "
                     "access token, login cookie or other valid authentication credential.",
                     "UNAUTHENTICATED");
      return FALSE;
    }

  if (chat_id == NULL || part == NULL)
    {
      respond_error (message, SOUP_STATUS_BAD_REQUEST, "global", "required",
                     chat_id == NULL ? "Required parameter: liveChatId"
                                     : "Required parameter: part", "INVALID_ARGUMENT");
      return FALSE;
    }
  if (!has_part (part, "snippet") || !has_part (part, "authorDetails"))
    {
      /* Shopcast needs both; asking for less would lose authors or text. */
      respond_error (message, SOUP_STATUS_BAD_REQUEST, "youtube.part", "unexpectedPart",
                     "part must name snippet and authorDetails", "INVALID_ARGUMENT");
      return FALSE;
    }
  if (max != NULL &&
      !g_ascii_string_to_unsigned (max, 10, MAX_RESULTS_MIN, MAX_RESULTS_MAX, &value, NULL))
    {
      respond_error (message, SOUP_STATUS_BAD_REQUEST, "youtube.parameter", "invalidValue",
                     "Invalid value for parameter maxResults", "INVALID_ARGUMENT");
      return FALSE;
    }
  if (!g_str_equal (chat_id, self->live_chat_id))
    {
      respond_error (message, SOUP_STATUS_NOT_FOUND, "youtube.liveChat", "liveChatNotFound",
                     "The live chat that you are trying to retrieve cannot be found. Check "
                     "the value of the requests <code>liveChatId</code> parameter to ensure "
                     "that it is correct.", NULL);
      return FALSE;
    }
  *max_results = (guint)value;
  return TRUE;
}

static void
handle_request (ScFakeServer      *server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  ScFakeYouTube *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  ScFakeYouTubeRequest *request = g_new0 (ScFakeYouTubeRequest, 1);
  g_autofree Plan *plan = NULL;
  guint max_results = MAX_RESULTS_DEFAULT;
  guint position = 0;

  request->time_us = g_get_monotonic_time ();
  if (query != NULL)
    {
      request->page_token = g_strdup (g_hash_table_lookup (query, "pageToken"));
      request->key = g_strdup (g_hash_table_lookup (query, "key"));
    }
  if (authorization != NULL && g_str_has_prefix (authorization, "Bearer "))
    request->bearer = g_strdup (authorization + strlen ("Bearer "));
  g_ptr_array_add (self->requests, request);

  if (!check_request (self, message, path, query, request, &max_results))
    {
      request->status = soup_server_message_get_status (message);
      return;
    }
  if (request->page_token != NULL && !parse_token (request->page_token, &position))
    {
      respond_error (message, SOUP_STATUS_BAD_REQUEST, "youtube.parameter", "pageTokenInvalid",
                     "The pageToken parameter is not valid.", "INVALID_ARGUMENT");
      request->status = SOUP_STATUS_BAD_REQUEST;
      return;
    }

  plan = g_queue_pop_head (&self->plans);
  if (self->quota_exceeded)
    respond_quota (message);
  else if (plan != NULL && plan->kind == PLAN_FAILURE &&
           plan->failure != SC_FAKE_YOUTUBE_MALFORMED_JSON)
    respond_failure (message, plan->failure);
  else
    respond_page (self, message, request, position, max_results,
                  plan != NULL && plan->kind == PLAN_FAILURE);
  request->status = soup_server_message_get_status (message);

  if (plan != NULL && plan->kind == PLAN_DELAY)
    sc_fake_server_hold (self->server, message, plan->delay_ms);
}

/* GObject */

static void
sc_fake_youtube_dispose (GObject *object)
{
  ScFakeYouTube *self = (ScFakeYouTube *)object;

  g_clear_object (&self->server);

  G_OBJECT_CLASS (sc_fake_youtube_parent_class)->dispose (object);
}

static void
sc_fake_youtube_finalize (GObject *object)
{
  ScFakeYouTube *self = (ScFakeYouTube *)object;

  g_free (self->live_chat_id);
  g_free (self->api_key);
  g_free (self->oauth_token);
  g_free (self->offline_at);
  g_ptr_array_unref (self->items);
  g_queue_clear_full (&self->plans, g_free);
  g_ptr_array_unref (self->corruptions);
  g_ptr_array_unref (self->requests);

  G_OBJECT_CLASS (sc_fake_youtube_parent_class)->finalize (object);
}

static void
sc_fake_youtube_class_init (ScFakeYouTubeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_fake_youtube_dispose;
  object_class->finalize = sc_fake_youtube_finalize;
}

static void
sc_fake_youtube_init (ScFakeYouTube *self)
{
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify)fake_item_free);
  self->corruptions = g_ptr_array_new_with_free_func ((GDestroyNotify)corruption_free);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify)request_free);
  self->polling_interval = 100;
  g_queue_init (&self->plans);
}

ScFakeYouTube *
sc_fake_youtube_new (const char  *live_chat_id,
                     const char  *api_key,
                     const char  *oauth_token,
                     GError     **error)
{
  g_autoptr(ScFakeYouTube) self = g_object_new (SC_TYPE_FAKE_YOUTUBE, NULL);

  g_return_val_if_fail (live_chat_id != NULL, NULL);

  self->live_chat_id = g_strdup (live_chat_id);
  self->api_key = g_strdup (api_key);
  self->oauth_token = g_strdup (oauth_token);
  self->server = sc_fake_server_new ("fake-youtube ", error);
  if (self->server == NULL)
    return NULL;
  sc_fake_server_add_handler (self->server, NULL, handle_request, self);
  return g_steal_pointer (&self);
}
