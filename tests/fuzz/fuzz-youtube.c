/* fuzz-youtube.c — a YouTube Data API liveChatMessages.list reply, through
 * the chat source's own HTTP code: a fixed first page (the chat's history,
 * only remembered), then the input as the second, live page.
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "chat/sc-youtube-source.h"

#include "sc-fuzz.h"
#include "sc-fuzz-http.h"

static const char first_page[] =
  "{\"kind\": \"youtube#liveChatMessageListResponse\", \"nextPageToken\": \"p2\","
  " \"pollingIntervalMillis\": 0, \"items\": ["
  "{\"kind\": \"youtube#liveChatMessage\", \"id\": \"m0\","
  " \"snippet\": {\"type\": \"textMessageEvent\", \"liveChatId\": \"fuzz\","
  " \"authorChannelId\": \"c0\", \"publishedAt\": \"2026-12-02T10:00:00Z\","
  " \"displayMessage\": \"hello\", \"textMessageDetails\": {\"messageText\": \"hello\"}},"
  " \"authorDetails\": {\"channelId\": \"c0\", \"displayName\": \"Ann\"}}]}";

typedef struct {
  ScChatSource *source;
  ScFuzzReply  *reply;
  gint64        quiet_since;
  guint         events;
} Run;

static void
on_event (Run *run)
{
  run->events++;
  run->quiet_since = g_get_monotonic_time ();
}

static gboolean
page_handled (gpointer user_data)
{
  Run *run = user_data;
  ScChatSourceState state = sc_chat_source_get_state (run->source);

  /* The next poll was asked for, or the source gave up on the chat. */
  if (run->reply->served >= 3 ||
      state == SC_CHAT_SOURCE_STATE_STOPPED || state == SC_CHAT_SOURCE_STATE_FAILED)
    return TRUE;
  /* A long pollingIntervalMillis: the page was handled once nothing has
   * happened for a while after it was written. */
  if (run->reply->finished < 2)
    {
      run->quiet_since = g_get_monotonic_time ();
      return FALSE;
    }
  return g_get_monotonic_time () - run->quiet_since > 100 * 1000;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  ScFuzzReply *reply;

  sc_fuzz_init ();
  reply = sc_fuzz_reply_get ();
  reply->fixed = g_bytes_new_static (first_page, sizeof first_page - 1);
  reply->n_fixed = 1;
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(ScChatConfig) config = sc_chat_config_new (SC_CHAT_KIND_YOUTUBE);
  Run run = { 0 };

  run.reply = sc_fuzz_reply_get ();
  sc_fuzz_reply_set (run.reply, data, size);
  g_free (config->url);
  config->url = g_strdup (sc_fuzz_reply_get_url (run.reply));
  config->live_chat_id = g_strdup ("fuzz");
  config->api_key = g_strdup ("AIza-fuzz");
  config->min_poll_s = 0.001;
  config->reconnect_initial_s = 0.001;
  config->reconnect_max_s = 0.001;

  run.source = sc_youtube_source_new (config);
  g_signal_connect_swapped (run.source, "message", G_CALLBACK (on_event), &run);
  g_signal_connect_swapped (run.source, "message-deleted", G_CALLBACK (on_event), &run);
  g_signal_connect_swapped (run.source, "author-cleared", G_CALLBACK (on_event), &run);
  g_signal_connect_swapped (run.source, "problem", G_CALLBACK (on_event), &run);
  g_signal_connect_swapped (run.source, "notify::state", G_CALLBACK (on_event), &run);
  sc_chat_source_start (run.source);
  sc_fuzz_wait (page_handled, &run, 30, "the YouTube source");
  sc_chat_source_stop (run.source);
  g_clear_object (&run.source);
  sc_fuzz_drain (0);
  return 0;
}
