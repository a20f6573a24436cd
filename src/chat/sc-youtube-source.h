/* sc-youtube-source.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "chat/sc-chat-config.h"
#include "chat/sc-chat-source.h"

G_BEGIN_DECLS

#define SC_TYPE_YOUTUBE_SOURCE (sc_youtube_source_get_type ())
G_DECLARE_FINAL_TYPE (ScYouTubeSource, sc_youtube_source, SC, YOUTUBE_SOURCE, GObject)

/* A YouTube live chat, read by polling the Data API v3 liveChatMessages.list
 * (GET {url}/liveChat/messages) with an API key, or with an OAuth token
 * (sent as "Authorization: Bearer", and then no key).
 *
 * - The chat history in the first answer is not replayed: it was said
 *   before the show was watching, so only later pages emit ::message.
 * - Polls are pollingIntervalMillis apart, and never closer than the floor
 *   that keeps a day's quota for a 4-hour show: a call costs 5 units of the
 *   default 10,000 a day, so 2,000 calls a day, over 4 hours one call every
 *   14,400 s / 2,000 = 7.2 s. config->min_poll_s replaces the floor when > 0.
 * - Quota used up (403 quotaExceeded or rateLimitExceeded): ::problem
 *   SC_CHAT_ERROR_QUOTA, state FAILED, retried after "quota-retry-s"
 *   (15 minutes). A refused key or token (401, 403 forbidden): AUTH, FAILED,
 *   retried after reconnect_max_s. 5xx and timeouts: RECONNECTING with
 *   exponential backoff. The chat ended (offlineAt, 403 liveChatEnded):
 *   STOPPED. Bad data: one INVALID_DATA problem a page naming the JSON path;
 *   the bad items are skipped and polling goes on.
 *
 * The key and the token never appear in a log line or a problem. */
ScChatSource *sc_youtube_source_new            (const ScChatConfig *config);

/* The least time between two polls in seconds: config->min_poll_s when > 0,
 * else sc_youtube_source_default_min_poll_s (). */
double        sc_youtube_source_get_min_poll_s (ScYouTubeSource    *self);
/* 7.2: the floor that makes the default daily quota last a 4-hour show. */
double        sc_youtube_source_default_min_poll_s (void);

/* How long to wait after YouTube said the quota is used up (default 900 s). */
double        sc_youtube_source_get_quota_retry_s (ScYouTubeSource *self);
void          sc_youtube_source_set_quota_retry_s (ScYouTubeSource *self,
                                                   double           seconds);

G_END_DECLS
