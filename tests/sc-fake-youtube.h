/* sc-fake-youtube.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "sc-fake-server.h"

G_BEGIN_DECLS

/* Who wrote a message, as authorDetails says. */
typedef enum {
  SC_FAKE_YOUTUBE_AUTHOR_NONE      = 0,
  SC_FAKE_YOUTUBE_AUTHOR_OWNER     = 1 << 0,  /* isChatOwner */
  SC_FAKE_YOUTUBE_AUTHOR_MODERATOR = 1 << 1,  /* isChatModerator */
  SC_FAKE_YOUTUBE_AUTHOR_SPONSOR   = 1 << 2,  /* isChatSponsor */
} ScFakeYouTubeAuthorFlags;

/* What the fake answers the next requests with, instead of a page. */
typedef enum {
  SC_FAKE_YOUTUBE_QUOTA_EXCEEDED,   /* 403 quotaExceeded, Google's body */
  SC_FAKE_YOUTUBE_RATE_LIMITED,     /* 403 rateLimitExceeded */
  SC_FAKE_YOUTUBE_FORBIDDEN,        /* 403 forbidden */
  SC_FAKE_YOUTUBE_CHAT_ENDED,       /* 403 liveChatEnded */
  SC_FAKE_YOUTUBE_SERVER_ERROR,     /* 503 backendError */
  SC_FAKE_YOUTUBE_MALFORMED_JSON,   /* the real page cut in half */
  SC_FAKE_YOUTUBE_DEEP_JSON,        /* a 200 of 75 KB of "[" (a stack overflow for json-glib) */
} ScFakeYouTubeFailure;

/* One request as the fake saw it. */
typedef struct {
  gint64  time_us;          /* g_get_monotonic_time () on arrival */
  char   *page_token;       /* the pageToken asked for, NULL for none */
  char   *key;              /* the key parameter, NULL for none */
  char   *bearer;           /* the "Authorization: Bearer" token, NULL for none */
  guint   status;           /* the HTTP status answered */
  char   *next_page_token;  /* the nextPageToken answered, NULL for none */
  guint   n_items;          /* items answered */
} ScFakeYouTubeRequest;

#define SC_TYPE_FAKE_YOUTUBE (sc_fake_youtube_get_type ())
G_DECLARE_FINAL_TYPE (ScFakeYouTube, sc_fake_youtube, SC, FAKE_YOUTUBE, GObject)

/* The YouTube Data API v3 liveChatMessages.list endpoint
 * (GET /liveChat/messages) on 127.0.0.1 (a free port) for the chat
 * @live_chat_id. It accepts @api_key as the key parameter or @oauth_token
 * as a Bearer token (either may be NULL), insists on part=snippet and
 * authorDetails and a maxResults of 200 to 2000, and answers like Google:
 * 401 without credentials, 400 keyInvalid for a wrong key, 404
 * liveChatNotFound for another chat. It runs in the thread-default main
 * context of its creator. */
ScFakeYouTube *sc_fake_youtube_new                (const char               *live_chat_id,
                                                   const char               *api_key,
                                                   const char               *oauth_token,
                                                   GError                  **error);
/* "http://127.0.0.1:PORT": the API base URL to give the source. */
const char    *sc_fake_youtube_get_url            (ScFakeYouTube            *self);
/* The server underneath: its request log and generic faults (dropped
 * connections, empty or slow bodies). */
ScFakeServer  *sc_fake_youtube_get_server         (ScFakeYouTube            *self);

/* pollingIntervalMillis in every page (default 100). */
void           sc_fake_youtube_set_polling_interval (ScFakeYouTube          *self,
                                                     guint                   millis);
/* At most this many items a page, whatever maxResults asks (0: no cap). */
void           sc_fake_youtube_set_page_size      (ScFakeYouTube            *self,
                                                   guint                     page_size);

/* Chat. Each returns the new item's id (owned by the fake); publishedAt is
 * the time it was added. A request without a pageToken gets everything
 * added so far (the history); a pageToken gets what came after it. */
const char    *sc_fake_youtube_add_text           (ScFakeYouTube            *self,
                                                   const char               *author,
                                                   ScFakeYouTubeAuthorFlags  flags,
                                                   const char               *text);
/* A superChatEvent; displayMessage reads `AMOUNT from AUTHOR: "COMMENT"`. */
const char    *sc_fake_youtube_add_super_chat     (ScFakeYouTube            *self,
                                                   const char               *author,
                                                   ScFakeYouTubeAuthorFlags  flags,
                                                   const char               *amount,
                                                   const char               *comment);
/* A messageDeletedEvent for @deleted_id, by the chat owner. */
const char    *sc_fake_youtube_add_deletion       (ScFakeYouTube            *self,
                                                   const char               *deleted_id);
/* A userBannedEvent (permanent) for @author. */
const char    *sc_fake_youtube_add_ban            (ScFakeYouTube            *self,
                                                   const char               *author);
/* The next page starts @n_items before where its pageToken points, as when
 * YouTube repeats items it already sent. */
void           sc_fake_youtube_rewind_next        (ScFakeYouTube            *self,
                                                   guint                     n_items);

/* Failures, in the order they were queued, one request each. */
void           sc_fake_youtube_fail_next          (ScFakeYouTube            *self,
                                                   ScFakeYouTubeFailure      failure,
                                                   guint                     n_requests);
/* While TRUE, every request gets 403 quotaExceeded. */
void           sc_fake_youtube_set_quota_exceeded (ScFakeYouTube            *self,
                                                   gboolean                  exceeded);
/* The next @n_requests get their answer after @delay_ms. */
void           sc_fake_youtube_delay_next         (ScFakeYouTube            *self,
                                                   guint                     n_requests,
                                                   guint                     delay_ms);
/* From now on pages carry offlineAt (now) and no nextPageToken. */
void           sc_fake_youtube_set_offline        (ScFakeYouTube            *self);
/* In the next page, replaces the value at @path (dot-separated members and
 * array indexes, e.g. "items.3.snippet.publishedAt") with the JSON text
 * @json, or removes it if @json is NULL. */
void           sc_fake_youtube_corrupt_next       (ScFakeYouTube            *self,
                                                   const char               *path,
                                                   const char               *json);

/* What was asked, oldest first. */
guint                       sc_fake_youtube_get_request_count (ScFakeYouTube *self);
const ScFakeYouTubeRequest *sc_fake_youtube_get_request       (ScFakeYouTube *self,
                                                               guint          index);

G_END_DECLS
