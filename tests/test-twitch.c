/* test-twitch.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-twitch"

#include "config.h"

#include <string.h>

#include "chat/sc-chat-error.h"
#include "chat/sc-irc-message.h"
#include "chat/sc-twitch-source.h"
#include "sc-fake-twitch.h"

#define FIXTURE_LINES "twitch/chatterino2_irc_lines.txt"
#define TOKEN "sekrit0token0never0logged"

/* Every log line of the process, debug ones included, as "domain: text":
 * the token must never be in one. */
static GPtrArray *captured_logs;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  const char *domain = "";
  const char *message = "";

  for (gsize i = 0; i < n_fields; i++)
    {
      if (strcmp (fields[i].key, "GLIB_DOMAIN") == 0 && fields[i].length < 0)
        domain = fields[i].value;
      else if (strcmp (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
        message = fields[i].value;
    }
  g_ptr_array_add (captured_logs, g_strdup_printf ("%s: %s", domain, message));

  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO | G_LOG_LEVEL_MESSAGE))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
capture_quietly (const char     *domain,
                 GLogLevelFlags  level,
                 const char     *message,
                 gpointer        user_data)
{
  g_ptr_array_add (captured_logs, g_strdup_printf ("%s: %s", domain, message));
}

static gboolean
logs_contain (const char *needle)
{
  for (guint i = 0; i < captured_logs->len; i++)
    {
      if (strstr (g_ptr_array_index (captured_logs, i), needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* The IRC parser */

static char *
fixture_path (void)
{
  const char *dir = g_getenv ("SHOPCAST_FIXTURES_DIR");

  g_assert_nonnull (dir);
  return g_build_filename (dir, FIXTURE_LINES, NULL);
}

static GStrv
fixture_lines (void)
{
  g_autofree char *path = fixture_path ();
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i][0] != '\0')
        g_strv_builder_add (builder, lines[i]);
    }
  return g_strv_builder_end (builder);
}

static ScIrcMessage *
parse_ok (const char *line)
{
  g_autoptr(GError) error = NULL;
  ScIrcMessage *message = sc_irc_message_parse (line, &error);

  g_assert_no_error (error);
  g_assert_nonnull (message);
  return message;
}

static void
assert_params (ScIrcMessage *message,
               ...)
{
  GPtrArray *params = sc_irc_message_get_params (message);
  const char *expected;
  guint i = 0;
  va_list args;

  va_start (args, message);
  while ((expected = va_arg (args, const char *)) != NULL)
    {
      g_assert_cmpuint (i, <, params->len);
      g_assert_cmpstr (g_ptr_array_index (params, i), ==, expected);
      i++;
    }
  va_end (args);
  g_assert_cmpuint (params->len, ==, i);
}

static void
test_irc_fixture_lines (void)
{
  g_auto(GStrv) lines = fixture_lines ();
  g_autoptr(ScIrcMessage) m = NULL;

  g_assert_cmpuint (g_strv_length (lines), ==, 9);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(ScIrcMessage) message = parse_ok (lines[i]);

      g_assert_cmpuint (g_hash_table_size (sc_irc_message_get_tags (message)), >, 0);
    }

  m = parse_ok (lines[0]);
  g_assert_cmpstr (sc_irc_message_get_command (m), ==, "PRIVMSG");
  g_assert_cmpstr (sc_irc_message_get_nick (m), ==, "jammehcow");
  g_assert_cmpstr (sc_irc_message_get_user (m), ==, "jammehcow");
  g_assert_cmpstr (sc_irc_message_get_host (m), ==, "jammehcow.tmi.twitch.tv");
  g_assert_cmpstr (sc_irc_message_get_tag (m, "display-name"), ==, "jammehcow");
  g_assert_cmpstr (sc_irc_message_get_tag (m, "color"), ==, "#EBA2C0");
  g_assert_cmpstr (sc_irc_message_get_tag (m, "badges"), ==, "subscriber/12,no_audio/1");
  g_assert_cmpstr (sc_irc_message_get_tag (m, "emotes"), ==, "25:0-4");
  g_assert_cmpstr (sc_irc_message_get_tag (m, "tmi-sent-ts"), ==, "1662201093248");
  g_assert_cmpstr (sc_irc_message_get_tag (m, "flags"), ==, "");
  g_assert_cmpstr (sc_irc_message_get_tag (m, "user-type"), ==, "");
  g_assert_null (sc_irc_message_get_tag (m, "no-such-tag"));
  g_assert_cmpuint (g_hash_table_size (sc_irc_message_get_tags (m)), ==, 17);
  assert_params (m, "#pajlada", "Kappa", NULL);
  g_clear_pointer (&m, sc_irc_message_free);

  m = parse_ok (lines[1]);
  assert_params (m, "#pajlada", "Kappa 😂 Kappa", NULL);
  g_assert_cmpstr (sc_irc_message_get_tag (m, "emotes"), ==, "25:0-4,8-12");
  g_clear_pointer (&m, sc_irc_message_free);

  /* The CTCP markers of a /me survive the control-character filter. */
  m = parse_ok (lines[2]);
  assert_params (m, "#pajlada", "\x01" "ACTION Kappa\x01", NULL);
  g_clear_pointer (&m, sc_irc_message_free);

  m = parse_ok (lines[3]);
  g_assert_cmpstr (sc_irc_message_get_nick (m), ==, "justinfan64537");
  assert_params (m, "#pajlada", "a", NULL);
  g_clear_pointer (&m, sc_irc_message_free);

  /* A trailing parameter without ':'. */
  m = parse_ok (lines[4]);
  g_assert_cmpstr (sc_irc_message_get_tag (m, "display-name"), ==, "KOOBY_");
  g_assert_cmpstr (sc_irc_message_get_tag (m, "badge-info"), ==, "");
  assert_params (m, "#pajlada", "sup", NULL);
  g_clear_pointer (&m, sc_irc_message_free);

  m = parse_ok (lines[5]);
  g_assert_cmpstr (sc_irc_message_get_command (m), ==, "CLEARMSG");
  g_assert_cmpstr (sc_irc_message_get_nick (m), ==, "tmi.twitch.tv");
  g_assert_null (sc_irc_message_get_user (m));
  g_assert_null (sc_irc_message_get_host (m));
  g_assert_cmpstr (sc_irc_message_get_tag (m, "target-msg-id"), ==,
                   "862716db-9a7c-4563-8480-af799769ae81");
  g_assert_cmpstr (sc_irc_message_get_tag (m, "login"), ==, "kooby_");
  assert_params (m, "#pajlada", "sup", NULL);
  g_clear_pointer (&m, sc_irc_message_free);

  m = parse_ok (lines[6]);
  g_assert_cmpstr (sc_irc_message_get_tag (m, "badges"), ==, "broadcaster/1,subscriber/3072,partner/1");
  assert_params (m, "#pajlada", "asd", NULL);
  g_clear_pointer (&m, sc_irc_message_free);

  for (guint i = 7; i < 9; i++)
    {
      m = parse_ok (lines[i]);
      g_assert_cmpstr (sc_irc_message_get_command (m), ==, "CLEARCHAT");
      assert_params (m, "#pajlada", NULL);
      g_clear_pointer (&m, sc_irc_message_free);
    }
}

static void
test_irc_unescape (void)
{
  g_autoptr(ScIrcMessage) m = NULL;

  m = parse_ok ("@a=semi\\:colon;b=a\\sspace;c=back\\\\slash;d=cr\\rlf\\n;e=trail\\;"
                "f;g=;h=\\b;i=\\\\s;j=x=y :n!u@h PRIVMSG #c :t");
  g_assert_cmpstr (sc_irc_message_get_tag (m, "a"), ==, "semi;colon");
  g_assert_cmpstr (sc_irc_message_get_tag (m, "b"), ==, "a space");
  g_assert_cmpstr (sc_irc_message_get_tag (m, "c"), ==, "back\\slash");
  g_assert_cmpstr (sc_irc_message_get_tag (m, "d"), ==, "cr\rlf\n");
  g_assert_cmpstr (sc_irc_message_get_tag (m, "e"), ==, "trail");
  g_assert_cmpstr (sc_irc_message_get_tag (m, "f"), ==, "");
  g_assert_cmpstr (sc_irc_message_get_tag (m, "g"), ==, "");
  g_assert_cmpstr (sc_irc_message_get_tag (m, "h"), ==, "b");
  g_assert_cmpstr (sc_irc_message_get_tag (m, "i"), ==, "\\s");
  g_assert_cmpstr (sc_irc_message_get_tag (m, "j"), ==, "x=y");
  g_assert_cmpuint (g_hash_table_size (sc_irc_message_get_tags (m)), ==, 10);
  g_clear_pointer (&m, sc_irc_message_free);

  /* The last of a duplicated key wins. */
  m = parse_ok ("@k=1;k=2 PING");
  g_assert_cmpstr (sc_irc_message_get_tag (m, "k"), ==, "2");
  g_clear_pointer (&m, sc_irc_message_free);

  /* Tags are not unescaped twice, and parameters are never unescaped. */
  m = parse_ok ("@system-msg=5\\sraiders\\sfrom\\sShop :tmi.twitch.tv USERNOTICE #c :a\\sb");
  g_assert_cmpstr (sc_irc_message_get_tag (m, "system-msg"), ==, "5 raiders from Shop");
  assert_params (m, "#c", "a\\sb", NULL);
}

static void
test_irc_prefix (void)
{
  g_autoptr(ScIrcMessage) m = NULL;

  m = parse_ok (":nick!user@host.example PRIVMSG #c :x");
  g_assert_cmpstr (sc_irc_message_get_nick (m), ==, "nick");
  g_assert_cmpstr (sc_irc_message_get_user (m), ==, "user");
  g_assert_cmpstr (sc_irc_message_get_host (m), ==, "host.example");
  g_clear_pointer (&m, sc_irc_message_free);

  m = parse_ok (":nick@host.example NOTICE * :x");
  g_assert_cmpstr (sc_irc_message_get_nick (m), ==, "nick");
  g_assert_null (sc_irc_message_get_user (m));
  g_assert_cmpstr (sc_irc_message_get_host (m), ==, "host.example");
  g_clear_pointer (&m, sc_irc_message_free);

  m = parse_ok (":tmi.twitch.tv RECONNECT");
  g_assert_cmpstr (sc_irc_message_get_nick (m), ==, "tmi.twitch.tv");
  g_assert_cmpstr (sc_irc_message_get_command (m), ==, "RECONNECT");
  assert_params (m, NULL);
  g_clear_pointer (&m, sc_irc_message_free);

  m = parse_ok ("PING :tmi.twitch.tv\r\n");
  g_assert_null (sc_irc_message_get_nick (m));
  g_assert_cmpstr (sc_irc_message_get_command (m), ==, "PING");
  assert_params (m, "tmi.twitch.tv", NULL);
  g_assert_cmpstr (sc_irc_message_get_param (m, 0), ==, "tmi.twitch.tv");
  g_assert_null (sc_irc_message_get_param (m, 1));
}

static void
test_irc_params (void)
{
  g_autoptr(ScIrcMessage) m = NULL;

  m = parse_ok ("CAP * ACK :twitch.tv/tags twitch.tv/commands");
  assert_params (m, "*", "ACK", "twitch.tv/tags twitch.tv/commands", NULL);
  g_clear_pointer (&m, sc_irc_message_free);

  m = parse_ok (":n.tmi.twitch.tv 366 n #c :End of /NAMES list");
  g_assert_cmpstr (sc_irc_message_get_command (m), ==, "366");
  assert_params (m, "n", "#c", "End of /NAMES list", NULL);
  g_clear_pointer (&m, sc_irc_message_free);

  m = parse_ok ("privmsg #c :lower-case command");
  g_assert_cmpstr (sc_irc_message_get_command (m), ==, "PRIVMSG");
  g_clear_pointer (&m, sc_irc_message_free);

  m = parse_ok ("PRIVMSG  #c   :  spaces kept  ");
  assert_params (m, "#c", "  spaces kept  ", NULL);
  g_clear_pointer (&m, sc_irc_message_free);

  m = parse_ok ("PRIVMSG #c :colon :inside");
  assert_params (m, "#c", "colon :inside", NULL);
  g_clear_pointer (&m, sc_irc_message_free);

  /* The length form stops at its length and at a NUL. */
  m = sc_irc_message_parse_len ("PING :abcdef", 9, NULL);
  assert_params (m, "abc", NULL);
  g_clear_pointer (&m, sc_irc_message_free);
  m = sc_irc_message_parse_len ("PING :ab\0cd", 11, NULL);
  assert_params (m, "ab", NULL);
}

typedef struct {
  const char *line;
  const char *error;       /* a part of the error message, or NULL */
  const char *command;     /* when it parses */
  const char *last_param;  /* the last parameter, or NULL for none */
} OddLine;

static const OddLine odd_lines[] = {
  { "", "empty", NULL, NULL },
  { "\r\n", "empty", NULL, NULL },
  { "\n", "empty", NULL, NULL },
  { "   ", "no command", NULL, NULL },
  { "@a=b", "tags but no command", NULL, NULL },
  { "@a=b ", "tags but no command", NULL, NULL },
  { "@a=b    \r\n", "tags but no command", NULL, NULL },
  { "@", "tags but no command", NULL, NULL },
  { ":nick!u@h", "sender but no command", NULL, NULL },
  { ":nick!u@h   ", "sender but no command", NULL, NULL },
  { "@a=b :nick", "sender but no command", NULL, NULL },
  { ":", "sender but no command", NULL, NULL },
  { "PRIV-MSG #c :x", "invalid command", NULL, NULL },
  { "12 #c :x", "invalid command", NULL, NULL },
  { "1234 #c :x", "invalid command", NULL, NULL },
  { "001a #c :x", "invalid command", NULL, NULL },
  { ":n 😂 #c :x", "invalid command", NULL, NULL },
  { "<b>PRIVMSG</b> #c :x", "invalid command", NULL, NULL },
  { "@a=b :n PRIV\x02MSG #c :x", "invalid command", NULL, NULL },
  { "\x01", "invalid command", NULL, NULL },
  { "PRIVMSG\t#c :x", "invalid command", NULL, NULL },
  { "\xff\xfe PRIVMSG", "invalid command", NULL, NULL },
  { "PRIVMSG", NULL, "PRIVMSG", NULL },
  { "PRIVMSG #c", NULL, "PRIVMSG", "#c" },
  { "PRIVMSG #c :", NULL, "PRIVMSG", "" },
  { "PRIVMSG #c :<b>bold</b> & <i>", NULL, "PRIVMSG", "<b>bold</b> & <i>" },
  { "PRIVMSG #c :<span foreground=\"red\">x</span>", NULL, "PRIVMSG",
    "<span foreground=\"red\">x</span>" },
  { "PRIVMSG #c :مرحبا بالعالم", NULL, "PRIVMSG", "مرحبا بالعالم" },
  { "PRIVMSG #c :abc\u202edcba", NULL, "PRIVMSG", "abc\u202edcba" },
  { "PRIVMSG #c :שלום world", NULL, "PRIVMSG", "שלום world" },
  { "PRIVMSG #c :caf\xe9 \xff\xfe", NULL, "PRIVMSG", "caf\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd" },
  { "PRIVMSG #c :\xf0\x9f\x98", NULL, "PRIVMSG", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
  { "PRIVMSG #c :a\x02" "b\x03" "4c\x07" "d\x1b[31me\x7f", NULL, "PRIVMSG", "ab4cd[31me" },
  { "PRIVMSG #c :a\xc2\x85" "b\xc2\x9f" "c", NULL, "PRIVMSG", "abc" },
  { "PRIVMSG #c :tab\there", NULL, "PRIVMSG", "tabhere" },
  { "PRIVMSG #c :a\r\nb", NULL, "PRIVMSG", "ab" },
  { "PRIVMSG #c :\x01" "ACTION waves", NULL, "PRIVMSG", "\x01" "ACTION waves" },
  { "PRIVMSG #c :\x01" "ACTION a\x01" "b\x01", NULL, "PRIVMSG", "\x01" "ACTION ab\x01" },
  { "PRIVMSG #c :a\x01" "b\x01", NULL, "PRIVMSG", "ab" },
  { "PRIVMSG #c :\x01", NULL, "PRIVMSG", "\x01" },
  { "@ PRIVMSG #c :empty tags", NULL, "PRIVMSG", "empty tags" },
  { "@;;=x;a PRIVMSG #c :odd tags", NULL, "PRIVMSG", "odd tags" },
  { "@a=b\\ :n PRIVMSG #c :lone backslash", NULL, "PRIVMSG", "lone backslash" },
  { ": PRIVMSG #c :empty sender", NULL, "PRIVMSG", "empty sender" },
  { "  PING :leading spaces", NULL, "PING", "leading spaces" },
  { "PING :x\r", NULL, "PING", "x" },
  { "@emotes=25:0-400 :n!n@n PRIVMSG #c :Kappa", NULL, "PRIVMSG", "Kappa" },
  { "@badges=,,/,x/;color=#GGGGGG :n!n@n PRIVMSG #c :bad tags", NULL, "PRIVMSG", "bad tags" },
  { ":tmi.twitch.tv CLEARCHAT", NULL, "CLEARCHAT", NULL },
  { "RECONNECT", NULL, "RECONNECT", NULL },
  { "PRIVMSG #c hello world", NULL, "PRIVMSG", "world" },
};

static void
test_irc_odd_lines (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (odd_lines); i++)
    {
      const OddLine *odd = &odd_lines[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(ScIrcMessage) m = sc_irc_message_parse (odd->line, &error);

      g_test_message ("line %u", i);
      if (odd->error != NULL)
        {
          g_assert_null (m);
          g_assert_error (error, SC_CHAT_ERROR, SC_CHAT_ERROR_INVALID_DATA);
          g_assert_true (strstr (error->message, odd->error) != NULL);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
        }
      else
        {
          GPtrArray *params;

          g_assert_no_error (error);
          g_assert_nonnull (m);
          g_assert_cmpstr (sc_irc_message_get_command (m), ==, odd->command);
          params = sc_irc_message_get_params (m);
          if (odd->last_param == NULL)
            g_assert_cmpuint (params->len, ==, 0);
          else
            g_assert_cmpstr (g_ptr_array_index (params, params->len - 1), ==, odd->last_param);
        }
    }
}

/* A line cut inside a multi-byte sequence is repaired before anything
 * counts characters in it: g_utf8_strlen on "Kappa \xf0" read past the end. */
static void
test_irc_cut_utf8 (void)
{
  static const char line[] = "@emotes=25:0-4;display-name=Ka\xff :u!u@u.tmi.twitch.tv "
                             "PRIVMSG #c :Kappa \xf0";
  g_autoptr(GError) error = NULL;
  g_autoptr(ScIrcMessage) m = sc_irc_message_parse_len (line, sizeof line - 1, &error);
  const char *text;

  g_assert_no_error (error);
  g_assert_nonnull (m);
  text = sc_irc_message_get_param (m, 1);
  g_assert_cmpstr (text, ==, "Kappa \xef\xbf\xbd");
  g_assert_cmpint (g_utf8_strlen (text, -1), ==, 7);
  g_assert_cmpstr (sc_irc_message_get_tag (m, "display-name"), ==, "Ka\xef\xbf\xbd");
  g_assert_cmpstr (sc_irc_message_get_tag (m, "emotes"), ==, "25:0-4");
}

static char *
make_line (gsize       length,
           const char *head)
{
  char *line = g_malloc (length + 1);
  gsize head_len = strlen (head);

  memcpy (line, head, head_len);
  memset (line + head_len, 'a', length - head_len);
  line[length] = '\0';
  return line;
}

static void
test_irc_long_lines (void)
{
  g_autofree char *longest = make_line (SC_IRC_MESSAGE_MAX_LENGTH, "PRIVMSG #c :");
  g_autofree char *too_long = make_line (SC_IRC_MESSAGE_MAX_LENGTH + 1, "PRIVMSG #c :");
  g_autofree char *huge = make_line (100 * 1024, "@a=");
  g_autoptr(GString) many_tags = g_string_new ("@");
  g_autoptr(GError) error = NULL;
  g_autoptr(ScIrcMessage) m = NULL;

  m = parse_ok (longest);
  g_assert_cmpuint (strlen (sc_irc_message_get_param (m, 1)),
                    ==, SC_IRC_MESSAGE_MAX_LENGTH - strlen ("PRIVMSG #c :"));
  g_clear_pointer (&m, sc_irc_message_free);

  m = sc_irc_message_parse (too_long, &error);
  g_assert_null (m);
  g_assert_error (error, SC_CHAT_ERROR, SC_CHAT_ERROR_INVALID_DATA);
  g_assert_true (strstr (error->message, "65537 bytes") != NULL);
  g_clear_error (&error);

  m = sc_irc_message_parse (huge, &error);
  g_assert_null (m);
  g_assert_error (error, SC_CHAT_ERROR, SC_CHAT_ERROR_INVALID_DATA);
  g_assert_true (strstr (error->message, "102400 bytes") != NULL);
  g_clear_error (&error);

  for (guint i = 0; i < 500; i++)
    g_string_append_printf (many_tags, "tag-%u=value\\s%u;", i, i);
  g_string_append (many_tags, " :n!n@n PRIVMSG #c :many tags");
  m = parse_ok (many_tags->str);
  g_assert_cmpuint (g_hash_table_size (sc_irc_message_get_tags (m)), ==, 500);
  g_assert_cmpstr (sc_irc_message_get_tag (m, "tag-499"), ==, "value 499");
}

/* The source against the fake server */

typedef struct {
  ScFakeTwitch *fake;
  ScChatConfig *config;
  ScChatSource *source;
  GPtrArray    *messages;   /* ScChatMessage * */
  GPtrArray    *events;     /* char *: "message:<id>", "deleted:<id>", "author:<login>", "cleared" */
  GPtrArray    *problems;   /* GError * */
  GArray       *states;     /* ScChatSourceState, every change */
  guint         wake_id;
} Fixture;

static gboolean
wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->fake = sc_fake_twitch_new (&error);
  g_assert_no_error (error);
  f->config = sc_chat_config_new (SC_CHAT_KIND_TWITCH);
  g_free (f->config->url);
  f->config->url = g_strdup (sc_fake_twitch_get_url (f->fake));
  f->config->channel = g_strdup ("pajlada");
  f->config->reconnect_initial_s = 0.1;
  f->config->reconnect_max_s = 0.4;
  f->messages = g_ptr_array_new_with_free_func (g_object_unref);
  f->events = g_ptr_array_new_with_free_func (g_free);
  f->problems = g_ptr_array_new_with_free_func ((GDestroyNotify)g_error_free);
  f->states = g_array_new (FALSE, FALSE, sizeof (ScChatSourceState));
  /* Blocking iterations wake at least this often, so waits can time out. */
  f->wake_id = g_timeout_add (20, wake, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->source);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&f->fake);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_handle_id (&f->wake_id, g_source_remove);
  g_clear_pointer (&f->config, sc_chat_config_free);
  g_ptr_array_unref (f->messages);
  g_ptr_array_unref (f->events);
  g_ptr_array_unref (f->problems);
  g_array_unref (f->states);
}

static void
on_message (ScChatSource  *source,
            ScChatMessage *message,
            Fixture       *f)
{
  g_ptr_array_add (f->messages, g_object_ref (message));
  g_ptr_array_add (f->events, g_strconcat ("message:", sc_chat_message_get_id (message), NULL));
}

static void
on_message_deleted (ScChatSource *source,
                    const char   *id,
                    Fixture      *f)
{
  g_ptr_array_add (f->events, g_strconcat ("deleted:", id, NULL));
}

static void
on_author_cleared (ScChatSource *source,
                   const char   *author,
                   Fixture      *f)
{
  g_ptr_array_add (f->events, g_strconcat ("author:", author, NULL));
}

static void
on_chat_cleared (ScChatSource *source,
                 Fixture      *f)
{
  g_ptr_array_add (f->events, g_strdup ("cleared"));
}

static void
on_problem (ScChatSource *source,
            GError       *error,
            Fixture      *f)
{
  g_ptr_array_add (f->problems, g_error_copy (error));
}

static void
on_state (ScChatSource *source,
          GParamSpec   *pspec,
          Fixture      *f)
{
  ScChatSourceState state = sc_chat_source_get_state (source);

  g_array_append_val (f->states, state);
}

static ScChatSourceState
state (Fixture *f)
{
  return sc_chat_source_get_state (f->source);
}

static gboolean
saw_state (Fixture           *f,
           ScChatSourceState  wanted)
{
  for (guint i = 0; i < f->states->len; i++)
    {
      if (g_array_index (f->states, ScChatSourceState, i) == wanted)
        return TRUE;
    }
  return FALSE;
}

#define WAIT_UNTIL(condition) G_STMT_START {                               \
    gint64 wait_deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;  \
    while (!(condition))                                                   \
      {                                                                    \
        g_assert_cmpint (g_get_monotonic_time (), <, wait_deadline);       \
        g_main_context_iteration (NULL, TRUE);                             \
      }                                                                    \
  } G_STMT_END

static void
spin (double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64)(seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
}

static void
start (Fixture *f)
{
  f->source = sc_twitch_source_new (f->config);
  g_assert_cmpstr (sc_chat_source_get_platform (f->source), ==, "twitch");
  g_assert_cmpint (state (f), ==, SC_CHAT_SOURCE_STATE_IDLE);
  g_signal_connect (f->source, "message", G_CALLBACK (on_message), f);
  g_signal_connect (f->source, "message-deleted", G_CALLBACK (on_message_deleted), f);
  g_signal_connect (f->source, "author-cleared", G_CALLBACK (on_author_cleared), f);
  g_signal_connect (f->source, "chat-cleared", G_CALLBACK (on_chat_cleared), f);
  g_signal_connect (f->source, "problem", G_CALLBACK (on_problem), f);
  g_signal_connect (f->source, "notify::state", G_CALLBACK (on_state), f);
  sc_chat_source_start (f->source);
}

static void
start_and_join (Fixture *f)
{
  start (f);
  WAIT_UNTIL (state (f) == SC_CHAT_SOURCE_STATE_CONNECTED);
}

static guint
count_received (Fixture    *f,
                const char *prefix)
{
  GPtrArray *received = sc_fake_twitch_get_received (f->fake);
  guint n = 0;

  for (guint i = 0; i < received->len; i++)
    {
      if (g_str_has_prefix (g_ptr_array_index (received, i), prefix))
        n++;
    }
  return n;
}

static ScChatMessage *
message_at (Fixture *f,
            guint    index)
{
  g_assert_cmpuint (index, <, f->messages->len);
  return g_ptr_array_index (f->messages, index);
}

static void
assert_badges (ScChatMessage *message,
               const char    *joined)
{
  g_autofree char *badges = g_strjoinv (",", (char **)sc_chat_message_get_badges (message));

  g_assert_cmpstr (badges, ==, joined);
}

static void
test_login_anonymous (Fixture       *f,
                      gconstpointer  data)
{
  GPtrArray *received;
  const char *nick;

  start_and_join (f);

  received = sc_fake_twitch_get_received (f->fake);
  g_assert_cmpuint (received->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (received, 0), ==, "CAP REQ :twitch.tv/tags twitch.tv/commands");
  nick = g_ptr_array_index (received, 1);
  g_assert_true (g_str_has_prefix (nick, "NICK justinfan"));
  g_assert_cmpuint (strlen (nick), ==, strlen ("NICK justinfan") + 5);
  for (const char *d = nick + strlen ("NICK justinfan"); *d != '\0'; d++)
    g_assert_true (g_ascii_isdigit (*d));
  g_assert_cmpstr (g_ptr_array_index (received, 2), ==, "JOIN #pajlada");
  g_assert_cmpuint (count_received (f, "PASS"), ==, 0);

  g_assert_cmpuint (f->states->len, ==, 2);
  g_assert_cmpint (g_array_index (f->states, ScChatSourceState, 0), ==,
                   SC_CHAT_SOURCE_STATE_CONNECTING);
  g_assert_cmpint (g_array_index (f->states, ScChatSourceState, 1), ==,
                   SC_CHAT_SOURCE_STATE_CONNECTED);
  g_assert_cmpuint (f->problems->len, ==, 0);

  sc_chat_source_stop (f->source);
  g_assert_cmpint (state (f), ==, SC_CHAT_SOURCE_STATE_STOPPED);
}

static void
test_login_token (Fixture       *f,
                  gconstpointer  data)
{
  GPtrArray *received;

  f->config->nick = g_strdup ("ShopcastBot");
  f->config->token = g_strdup (TOKEN);
  start_and_join (f);

  received = sc_fake_twitch_get_received (f->fake);
  g_assert_cmpuint (received->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (received, 0), ==, "CAP REQ :twitch.tv/tags twitch.tv/commands");
  g_assert_cmpstr (g_ptr_array_index (received, 1), ==, "PASS oauth:" TOKEN);
  g_assert_cmpstr (g_ptr_array_index (received, 2), ==, "NICK shopcastbot");
  g_assert_cmpstr (g_ptr_array_index (received, 3), ==, "JOIN #pajlada");
  g_assert_cmpuint (f->problems->len, ==, 0);

  /* A token that already says "oauth:" is not prefixed twice. */
  g_clear_object (&f->source);
  g_free (f->config->token);
  f->config->token = g_strdup ("oauth:" TOKEN "2");
  start_and_join (f);
  g_assert_true (sc_fake_twitch_has_received (f->fake, "PASS oauth:" TOKEN "2"));

  /* The debug log was captured, and names the PASS line without its token. */
  g_assert_true (logs_contain ("sc-twitch-source: > NICK shopcastbot"));
  g_assert_true (logs_contain ("sc-twitch-source: > PASS ***"));
  g_assert_false (logs_contain (TOKEN));
}

static void
test_fixture_replay (Fixture       *f,
                     gconstpointer  data)
{
  static const char *expected_events[] = {
    "message:9c2dd916-5a6d-4c1f-9fe7-a081b62a9c6b",
    "message:44f85d39-b5fb-475d-8555-f4244f2f7e82",
    "message:90ef1e46-8baa-4bf2-9c54-272f39d6fa11",
    "message:e5a690e7-74c8-41cb-977f-55b903f6be23",
    "message:862716db-9a7c-4563-8480-af799769ae81",
    "deleted:862716db-9a7c-4563-8480-af799769ae81",
    "message:b4f3ac1d-6335-4567-bb8d-e76dfd83f7e3",
    "cleared",
    "cleared",
  };
  g_autoptr(GError) error = NULL;
  ScChatMessage *m;
  GDateTime *time;

  start_and_join (f);
  g_assert_cmpuint (sc_fake_twitch_replay_fixture (f->fake, FIXTURE_LINES, &error), ==, 9);
  g_assert_no_error (error);
  WAIT_UNTIL (f->events->len == G_N_ELEMENTS (expected_events));
  spin (0.1);

  g_assert_cmpuint (f->events->len, ==, G_N_ELEMENTS (expected_events));
  for (guint i = 0; i < G_N_ELEMENTS (expected_events); i++)
    g_assert_cmpstr (g_ptr_array_index (f->events, i), ==, expected_events[i]);
  g_assert_cmpuint (f->problems->len, ==, 0);

  m = message_at (f, 0);
  g_assert_cmpstr (sc_chat_message_get_platform (m), ==, "twitch");
  g_assert_cmpstr (sc_chat_message_get_author (m), ==, "jammehcow");
  g_assert_cmpstr (sc_chat_message_get_author_id (m), ==, "82674227");
  g_assert_cmpstr (sc_chat_message_get_color (m), ==, "#EBA2C0");
  g_assert_cmpstr (sc_chat_message_get_text (m), ==, "Kappa");
  assert_badges (m, "subscriber,no_audio");
  g_assert_false (sc_chat_message_get_action (m));
  time = sc_chat_message_get_time (m);
  g_assert_cmpint (g_date_time_to_unix (time), ==, 1662201093);
  g_assert_cmpint (g_date_time_get_microsecond (time), ==, 248000);

  /* Emote ranges count code points: the emoji is one. */
  m = message_at (f, 1);
  g_assert_cmpstr (sc_chat_message_get_author (m), ==, "pajlada");
  g_assert_cmpstr (sc_chat_message_get_color (m), ==, "#CC44FF");
  g_assert_cmpstr (sc_chat_message_get_text (m), ==, "Kappa 😂 Kappa");
  g_assert_cmpint (g_utf8_strlen (sc_chat_message_get_text (m), -1), ==, 13);
  assert_badges (m, "broadcaster,subscriber,partner");

  m = message_at (f, 2);
  g_assert_true (sc_chat_message_get_action (m));
  g_assert_cmpstr (sc_chat_message_get_text (m), ==, "Kappa");
  g_assert_cmpstr (sc_chat_message_get_author (m), ==, "pajlada");

  m = message_at (f, 3);
  g_assert_cmpstr (sc_chat_message_get_author (m), ==, "justinfan64537");
  g_assert_cmpstr (sc_chat_message_get_color (m), ==, "#FF0000");
  g_assert_cmpstr (sc_chat_message_get_text (m), ==, "a");
  assert_badges (m, "subscriber");

  m = message_at (f, 4);
  g_assert_cmpstr (sc_chat_message_get_author (m), ==, "KOOBY_");
  g_assert_cmpstr (sc_chat_message_get_color (m), ==, "#B9CCED");
  g_assert_cmpstr (sc_chat_message_get_text (m), ==, "sup");
  assert_badges (m, "no_audio");
  g_assert_cmpint (g_date_time_to_unix (sc_chat_message_get_time (m)), ==, 1757929402);

  m = message_at (f, 5);
  g_assert_cmpstr (sc_chat_message_get_text (m), ==, "asd");
  assert_badges (m, "broadcaster,subscriber,partner");
}

static void
test_emote_emoji (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(GStrv) lines = fixture_lines ();

  start_and_join (f);
  sc_fake_twitch_send_lines (f->fake, (const char * const *)&lines[1], 1, TRUE);
  WAIT_UNTIL (f->messages->len == 1);
  g_assert_cmpstr (sc_chat_message_get_text (message_at (f, 0)), ==, "Kappa 😂 Kappa");
  g_assert_cmpuint (f->problems->len, ==, 0);
}

static void
test_several_lines_per_frame (Fixture       *f,
                              gconstpointer  data)
{
  g_auto(GStrv) lines = fixture_lines ();

  start_and_join (f);
  sc_fake_twitch_send_lines (f->fake, (const char * const *)lines, g_strv_length (lines), TRUE);
  WAIT_UNTIL (f->events->len == 9);
  g_assert_cmpuint (f->messages->len, ==, 6);
  g_assert_cmpstr (g_ptr_array_index (f->events, 5), ==,
                   "deleted:862716db-9a7c-4563-8480-af799769ae81");
  g_assert_cmpuint (f->problems->len, ==, 0);
}

static void
test_clearchat_author (Fixture       *f,
                       gconstpointer  data)
{
  const char *lines[] = {
    "@ban-duration=600;room-id=11148817;target-user-id=82674227;tmi-sent-ts=1662201100000 "
    ":tmi.twitch.tv CLEARCHAT #pajlada :jammehcow",
    "@room-id=11148817;target-user-id=71642781;tmi-sent-ts=1662201100001 "
    ":tmi.twitch.tv CLEARCHAT #pajlada :kooby_",
    "@room-id=1;target-user-id=2 :tmi.twitch.tv CLEARCHAT #elsewhere :someone",
    "@room-id=1;target-msg-id=abc :tmi.twitch.tv CLEARMSG #elsewhere :x",
    "@room-id=11148817;tmi-sent-ts=1662201100002 :tmi.twitch.tv CLEARCHAT #pajlada",
  };

  start_and_join (f);
  sc_fake_twitch_send_lines (f->fake, lines, G_N_ELEMENTS (lines), FALSE);
  WAIT_UNTIL (f->events->len == 3);
  spin (0.1);
  g_assert_cmpuint (f->events->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (f->events, 0), ==, "author:jammehcow");
  g_assert_cmpstr (g_ptr_array_index (f->events, 1), ==, "author:kooby_");
  g_assert_cmpstr (g_ptr_array_index (f->events, 2), ==, "cleared");
  g_assert_cmpuint (f->problems->len, ==, 0);
}

static void
test_ping (Fixture       *f,
           gconstpointer  data)
{
  start_and_join (f);
  g_assert_null (sc_fake_twitch_get_last_pong (f->fake));
  sc_fake_twitch_send_ping (f->fake);
  WAIT_UNTIL (sc_fake_twitch_get_last_pong (f->fake) != NULL);
  g_assert_cmpstr (sc_fake_twitch_get_last_pong (f->fake), ==, "PONG :tmi.twitch.tv");
  g_assert_cmpint (state (f), ==, SC_CHAT_SOURCE_STATE_CONNECTED);
}

static void
test_reconnect (Fixture       *f,
                gconstpointer  data)
{
  const char *line = "@id=after-reconnect;display-name=Maya :maya!maya@maya.tmi.twitch.tv "
                     "PRIVMSG #pajlada :still here";

  /* RECONNECT has no backoff: with one this long, the wait below (20 s at
   * most, however loaded the machine) would run out first. */
  f->config->reconnect_initial_s = 60.0;
  f->config->reconnect_max_s = 120.0;
  start_and_join (f);
  g_array_set_size (f->states, 0);

  sc_fake_twitch_send_reconnect (f->fake);
  WAIT_UNTIL (sc_fake_twitch_get_n_joins (f->fake) == 2 &&
              state (f) == SC_CHAT_SOURCE_STATE_CONNECTED);
  g_assert_cmpuint (sc_fake_twitch_get_n_connections (f->fake), ==, 2);
  g_assert_cmpuint (count_received (f, "JOIN #pajlada"), ==, 2);
  g_assert_cmpuint (count_received (f, "CAP REQ"), ==, 2);
  g_assert_true (saw_state (f, SC_CHAT_SOURCE_STATE_RECONNECTING));

  sc_fake_twitch_send_lines (f->fake, &line, 1, TRUE);
  WAIT_UNTIL (f->messages->len == 1);
  g_assert_cmpstr (sc_chat_message_get_id (message_at (f, 0)), ==, "after-reconnect");
  g_assert_cmpstr (sc_chat_message_get_text (message_at (f, 0)), ==, "still here");
  g_assert_cmpuint (f->problems->len, ==, 0);
}

static void
test_drop (Fixture       *f,
           gconstpointer  data)
{
  const char *line = ":maya!maya@maya.tmi.twitch.tv PRIVMSG #pajlada :back again";
  const double expected_waits[] = { 0.1, 0.2, 0.4, 0.4 };
  double waits[G_N_ELEMENTS (expected_waits)];
  guint n_waits = 0;
  guint first_log;

  start_and_join (f);
  g_array_set_size (f->states, 0);

  /* While the server refuses, each wait doubles up to reconnect_max_s: the
   * waits as the source chose and logged them, not as a loaded machine's
   * wall clock saw them. */
  first_log = captured_logs->len;
  sc_fake_twitch_set_accept (f->fake, FALSE);
  sc_fake_twitch_drop_connection (f->fake);
  WAIT_UNTIL (state (f) == SC_CHAT_SOURCE_STATE_RECONNECTING);
  for (guint i = 0; i < G_N_ELEMENTS (expected_waits); i++)
    WAIT_UNTIL (sc_fake_twitch_get_n_connections (f->fake) == i + 2);
  for (guint i = first_log; i < captured_logs->len && n_waits < G_N_ELEMENTS (waits); i++)
    {
      const char *found = strstr (g_ptr_array_index (captured_logs, i), "; reconnecting in ");

      if (found != NULL)
        waits[n_waits++] = g_ascii_strtod (found + strlen ("; reconnecting in "), NULL);
    }
  g_assert_cmpuint (n_waits, ==, G_N_ELEMENTS (expected_waits));
  for (guint i = 0; i < G_N_ELEMENTS (expected_waits); i++)
    {
      g_test_message ("reconnect %u after %.1f s", i + 1, waits[i]);
      /* The logged waits carry ±10 % of jitter (SC_BACKOFF_DEFAULT_JITTER),
       * printed with one decimal. */
      g_assert_cmpfloat (waits[i], >=, expected_waits[i] * 0.9 - 0.05);
      g_assert_cmpfloat (waits[i], <=, expected_waits[i] * 1.1 + 0.05);
    }
  g_assert_cmpint (state (f), ==, SC_CHAT_SOURCE_STATE_RECONNECTING);

  sc_fake_twitch_set_accept (f->fake, TRUE);
  WAIT_UNTIL (state (f) == SC_CHAT_SOURCE_STATE_CONNECTED);
  g_assert_cmpuint (count_received (f, "JOIN #pajlada"), ==, 2);
  sc_fake_twitch_send_lines (f->fake, &line, 1, TRUE);
  WAIT_UNTIL (f->messages->len == 1);
  g_assert_cmpstr (sc_chat_message_get_author (message_at (f, 0)), ==, "maya");
  g_assert_cmpstr (sc_chat_message_get_text (message_at (f, 0)), ==, "back again");
  g_assert_cmpuint (f->problems->len, ==, 0);

  /* Joined again: the backoff starts over. */
  first_log = captured_logs->len;
  sc_fake_twitch_drop_connection (f->fake);
  WAIT_UNTIL (state (f) == SC_CHAT_SOURCE_STATE_RECONNECTING);
  WAIT_UNTIL (state (f) == SC_CHAT_SOURCE_STATE_CONNECTED);
  for (guint i = first_log; i < captured_logs->len; i++)
    if (strstr (g_ptr_array_index (captured_logs, i), "; reconnecting in ") != NULL)
      g_assert_nonnull (strstr (g_ptr_array_index (captured_logs, i), "reconnecting in 0.1 s"));
}

static void
test_bad_token (Fixture       *f,
                gconstpointer  data)
{
  const GError *problem;
  gint64 failed;

  f->config->nick = g_strdup ("shopcastbot");
  f->config->token = g_strdup (TOKEN);
  f->config->reconnect_max_s = 0.5;
  sc_fake_twitch_set_bad_token (f->fake, TOKEN);
  start (f);

  WAIT_UNTIL (f->problems->len == 1);
  failed = g_get_monotonic_time ();
  problem = g_ptr_array_index (f->problems, 0);
  g_assert_error (problem, SC_CHAT_ERROR, SC_CHAT_ERROR_AUTH);
  g_assert_true (strstr (problem->message, "Login authentication failed") != NULL);
  g_assert_false (strstr (problem->message, TOKEN) != NULL);
  g_assert_cmpint (state (f), ==, SC_CHAT_SOURCE_STATE_FAILED);
  g_assert_cmpuint (count_received (f, "JOIN"), ==, 0);

  /* Tried again, but only after the longest backoff. */
  WAIT_UNTIL (sc_fake_twitch_get_n_connections (f->fake) == 2);
  g_assert_cmpint (g_get_monotonic_time () - failed, >=, 0.45 * G_USEC_PER_SEC);
  WAIT_UNTIL (f->problems->len == 2);
  g_assert_cmpint (state (f), ==, SC_CHAT_SOURCE_STATE_FAILED);
  g_assert_false (saw_state (f, SC_CHAT_SOURCE_STATE_CONNECTED));
  g_assert_false (logs_contain (TOKEN));
}

static void
test_refused_config (Fixture       *f,
                     gconstpointer  data)
{
  static const struct {
    const char *url;
    const char *channel;
    const char *nick;
    const char *token;
    int         code;
  } cases[] = {
    { "ws://example.com/", "pajlada", NULL, NULL, SC_CHAT_ERROR_NETWORK },
    { "ws://irc-ws.chat.twitch.tv:80", "pajlada", NULL, NULL, SC_CHAT_ERROR_NETWORK },
    { "ws://192.168.1.20:8080/", "pajlada", NULL, NULL, SC_CHAT_ERROR_NETWORK },
    { "http://127.0.0.1:1/", "pajlada", NULL, NULL, SC_CHAT_ERROR_NETWORK },
    { "not a url", "pajlada", NULL, NULL, SC_CHAT_ERROR_NETWORK },
    { "ws://127.0.0.1:1/", "two words", NULL, NULL, SC_CHAT_ERROR_NOT_FOUND },
    { "ws://127.0.0.1:1/", "", NULL, NULL, SC_CHAT_ERROR_NOT_FOUND },
    { "ws://127.0.0.1:1/", "pajlada", NULL, TOKEN, SC_CHAT_ERROR_AUTH },
    { "ws://127.0.0.1:1/", "pajlada", "bad nick", TOKEN, SC_CHAT_ERROR_AUTH },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const GError *problem;

      g_test_message ("case %u: %s", i, cases[i].url);
      g_clear_object (&f->source);
      g_ptr_array_set_size (f->problems, 0);
      g_free (f->config->url);
      f->config->url = g_strdup (cases[i].url);
      g_free (f->config->channel);
      f->config->channel = g_strdup (cases[i].channel);
      g_free (f->config->nick);
      f->config->nick = g_strdup (cases[i].nick);
      g_free (f->config->token);
      f->config->token = g_strdup (cases[i].token);

      start (f);
      g_assert_cmpint (state (f), ==, SC_CHAT_SOURCE_STATE_FAILED);
      g_assert_cmpuint (f->problems->len, ==, 1);
      problem = g_ptr_array_index (f->problems, 0);
      g_assert_error (problem, SC_CHAT_ERROR, cases[i].code);
      g_assert_false (strstr (problem->message, TOKEN) != NULL);
      spin (0.05);
      g_assert_cmpint (state (f), ==, SC_CHAT_SOURCE_STATE_FAILED);
    }
  g_assert_cmpuint (sc_fake_twitch_get_n_connections (f->fake), ==, 0);
}

static void
test_odd_lines (Fixture       *f,
                gconstpointer  data)
{
  const char *lines[] = {
    "",
    "@a=b",
    ":u!u@u.tmi.twitch.tv PRIVMSG #pajlada :<b>bold</b> & <i>",
    ":u!u@u.tmi.twitch.tv PRIVMSG #pajlada :مرحبا بالعالم",
    ":u!u@u.tmi.twitch.tv PRIVMSG #pajlada :a\x02" "b\x1b[0mc",
    ":u!u@u.tmi.twitch.tv PRIVMSG #pajlada :\x01" "ACTION waves",
    "@display-name=Evil\\nName;color=red :evil!evil@evil.tmi.twitch.tv PRIVMSG #pajlada :hi",
    ":u!u@u.tmi.twitch.tv PRIVMSG #pajlada :\x01" "VERSION\x01",
    ":u!u@u.tmi.twitch.tv PRIVMSG #pajlada :\x02\x03",
    ":u!u@u.tmi.twitch.tv PRIVMSG #other :not ours",
    "@tmi-sent-ts=99999999999999999999;emotes=25:0-400,x-y :u!u@u.tmi.twitch.tv "
    "PRIVMSG #pajlada :odd tags",
  };
  static const char binary[] = ":u!u@u.tmi.twitch.tv PRIVMSG #pajlada :caf\xe9\r\n"
                               ":u!u@u.tmi.twitch.tv PRIVMSG #pajlada :ab\0cd\r\n";
  const char *more_bad[] = { "12 x", ":only-a-sender" };
  const char *last = ":u!u@u.tmi.twitch.tv PRIVMSG #pajlada :end";
  g_autofree char *huge = make_line (100 * 1024, ":u!u@u PRIVMSG #pajlada :");
  const GError *problem;

  start_and_join (f);
  sc_fake_twitch_send_lines (f->fake, lines, G_N_ELEMENTS (lines), TRUE);
  sc_fake_twitch_send_bytes (f->fake, binary, sizeof binary - 1);
  sc_fake_twitch_send_raw (f->fake, huge);
  sc_fake_twitch_send_lines (f->fake, more_bad, G_N_ELEMENTS (more_bad), FALSE);
  sc_fake_twitch_send_lines (f->fake, &last, 1, TRUE);
  WAIT_UNTIL (f->messages->len >= 9);

  g_assert_cmpstr (sc_chat_message_get_text (message_at (f, 0)), ==, "<b>bold</b> & <i>");
  g_assert_cmpstr (sc_chat_message_get_text (message_at (f, 1)), ==, "مرحبا بالعالم");
  g_assert_cmpstr (sc_chat_message_get_text (message_at (f, 2)), ==, "ab[0mc");
  g_assert_cmpstr (sc_chat_message_get_text (message_at (f, 3)), ==, "waves");
  g_assert_true (sc_chat_message_get_action (message_at (f, 3)));
  g_assert_cmpstr (sc_chat_message_get_author (message_at (f, 4)), ==, "evil");
  g_assert_null (sc_chat_message_get_color (message_at (f, 4)));
  g_assert_cmpstr (sc_chat_message_get_text (message_at (f, 5)), ==, "odd tags");
  g_assert_cmpstr (sc_chat_message_get_text (message_at (f, 6)), ==, "caf\xef\xbf\xbd");
  g_assert_cmpstr (sc_chat_message_get_text (message_at (f, 7)), ==, "ab");
  for (guint i = 0; i < f->messages->len; i++)
    {
      ScChatMessage *m = message_at (f, i);

      g_assert_true (g_utf8_validate (sc_chat_message_get_text (m), -1, NULL));
      g_assert_nonnull (sc_chat_message_get_id (m));
      g_assert_true (g_str_has_prefix (sc_chat_message_get_id (m), "twitch-local-"));
      g_assert_nonnull (sc_chat_message_get_time (m));
    }

  /* One problem at once; the next three held back and counted. */
  g_assert_cmpuint (f->problems->len, ==, 1);
  problem = g_ptr_array_index (f->problems, 0);
  g_assert_error (problem, SC_CHAT_ERROR, SC_CHAT_ERROR_INVALID_DATA);
  g_assert_true (strstr (problem->message, "tags but no command") != NULL);

  g_assert_cmpuint (f->messages->len, ==, 9);
  g_assert_cmpstr (sc_chat_message_get_text (message_at (f, 8)), ==, "end");
  WAIT_UNTIL (f->problems->len == 2);
  problem = g_ptr_array_index (f->problems, 1);
  g_assert_error (problem, SC_CHAT_ERROR, SC_CHAT_ERROR_INVALID_DATA);
  g_assert_true (strstr (problem->message, "3 more") != NULL);
  spin (1.2);
  g_assert_cmpuint (f->problems->len, ==, 2);
  g_assert_cmpint (state (f), ==, SC_CHAT_SOURCE_STATE_CONNECTED);
  g_assert_cmpuint (sc_fake_twitch_get_n_connections (f->fake), ==, 1);
}

/* The PRIVMSG of issue 9: emotes, and text that ends in a cut sequence. */
static void
test_emotes_cut_utf8 (Fixture       *f,
                      gconstpointer  data)
{
  static const char line[] = "@emotes=25:0-4,6-6;id=cut-1 :u!u@u.tmi.twitch.tv "
                             "PRIVMSG #pajlada :Kappa \xf0\r\n";
  const char *last = ":u!u@u.tmi.twitch.tv PRIVMSG #pajlada :end";
  guint first_log = captured_logs->len;

  start_and_join (f);
  sc_fake_twitch_send_bytes (f->fake, line, sizeof line - 1);
  sc_fake_twitch_send_lines (f->fake, &last, 1, TRUE);
  WAIT_UNTIL (f->messages->len >= 2);

  g_assert_cmpstr (sc_chat_message_get_id (message_at (f, 0)), ==, "cut-1");
  g_assert_cmpstr (sc_chat_message_get_text (message_at (f, 0)), ==, "Kappa \xef\xbf\xbd");
  g_assert_cmpstr (sc_chat_message_get_text (message_at (f, 1)), ==, "end");
  g_assert_cmpuint (f->problems->len, ==, 0);
  for (guint i = first_log; i < captured_logs->len; i++)
    g_assert_null (strstr (g_ptr_array_index (captured_logs, i), "emote ranges outside"));
}

static void
test_keepalive (Fixture       *f,
                gconstpointer  data)
{
  start (f);
  sc_twitch_source_set_keepalive (SC_TWITCH_SOURCE (f->source), 0.3, 0.3);
  WAIT_UNTIL (state (f) == SC_CHAT_SOURCE_STATE_CONNECTED);

  /* A quiet but answering server keeps the connection. */
  WAIT_UNTIL (count_received (f, "PING :tmi.twitch.tv") >= 2);
  g_assert_cmpuint (sc_fake_twitch_get_n_connections (f->fake), ==, 1);

  /* A silent one is left for a new connection. */
  sc_fake_twitch_set_answer_pings (f->fake, FALSE);
  WAIT_UNTIL (sc_fake_twitch_get_n_connections (f->fake) == 2);
  WAIT_UNTIL (sc_fake_twitch_get_n_joins (f->fake) == 2 &&
              state (f) == SC_CHAT_SOURCE_STATE_CONNECTED);
  g_assert_true (saw_state (f, SC_CHAT_SOURCE_STATE_RECONNECTING));
  g_assert_cmpuint (f->problems->len, ==, 0);
}

typedef struct {
  guint    n_received;
  gboolean in_order;
} FloodCount;

static void
on_flood_message (ScChatSource  *source,
                  ScChatMessage *message,
                  FloodCount    *count)
{
  char expected_id[64];
  char expected_text[32];

  g_snprintf (expected_id, sizeof expected_id, "00000000-0000-4000-8000-%012u",
              count->n_received);
  g_snprintf (expected_text, sizeof expected_text, "flood %u", count->n_received);
  if (strcmp (sc_chat_message_get_id (message), expected_id) != 0 ||
      strcmp (sc_chat_message_get_text (message), expected_text) != 0)
    count->in_order = FALSE;
  count->n_received++;
}

static void
test_flood (Fixture       *f,
            gconstpointer  data)
{
  FloodCount count = { 0, TRUE };
  gint64 started;
  double elapsed;

  start_and_join (f);
  g_signal_handlers_disconnect_by_func (f->source, on_message, f);
  g_signal_connect (f->source, "message", G_CALLBACK (on_flood_message), &count);

  started = g_get_monotonic_time ();
  sc_fake_twitch_flood (f->fake, 10000, 2000);
  WAIT_UNTIL (count.n_received == 10000);
  elapsed = (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC;
  /* A figure of this machine, not a check: CI is a loaded box. */
  g_test_message ("10000 messages at 2000/s received in %.2f s", elapsed);

  g_assert_true (count.in_order);
  g_assert_false (sc_fake_twitch_is_flooding (f->fake));
  g_assert_cmpuint (f->problems->len, ==, 0);
  g_assert_cmpint (state (f), ==, SC_CHAT_SOURCE_STATE_CONNECTED);
  g_assert_cmpuint (sc_fake_twitch_get_n_connections (f->fake), ==, 1);
}

static void
test_stop_and_dispose (Fixture       *f,
                       gconstpointer  data)
{
  const char *line = ":u!u@u.tmi.twitch.tv PRIVMSG #pajlada :too late";

  start_and_join (f);
  sc_chat_source_stop (f->source);
  g_assert_cmpint (state (f), ==, SC_CHAT_SOURCE_STATE_STOPPED);
  sc_fake_twitch_send_lines (f->fake, &line, 1, TRUE);
  spin (0.2);
  g_assert_cmpuint (f->messages->len, ==, 0);

  /* Started again, it connects again. */
  sc_chat_source_start (f->source);
  WAIT_UNTIL (state (f) == SC_CHAT_SOURCE_STATE_CONNECTED);
  g_assert_cmpuint (sc_fake_twitch_get_n_connections (f->fake), ==, 2);

  /* Disposed while connecting and while waiting to reconnect: the pending
   * connect and timers go with it. */
  g_clear_object (&f->source);
  start (f);
  g_clear_object (&f->source);
  spin (0.2);
  start_and_join (f);
  sc_fake_twitch_drop_connection (f->fake);
  WAIT_UNTIL (state (f) == SC_CHAT_SOURCE_STATE_RECONNECTING);
  g_clear_object (&f->source);
  spin (0.3);
  g_assert_cmpuint (f->problems->len, ==, 0);
}

static void
add_fake_test (const char *path,
               void (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  /* Debug lines are produced (and captured) so the token check sees them. */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  captured_logs = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  /* The test harness prints every debug line; libsoup's and GIO's, one per
   * frame or socket step, are captured for the check without burying the
   * TAP log. */
  g_log_set_handler ("libsoup", G_LOG_LEVEL_DEBUG, capture_quietly, NULL);
  g_log_set_handler ("GLib-GIO", G_LOG_LEVEL_DEBUG, capture_quietly, NULL);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chat/twitch/irc/fixture-lines", test_irc_fixture_lines);
  g_test_add_func ("/chat/twitch/irc/unescape", test_irc_unescape);
  g_test_add_func ("/chat/twitch/irc/prefix", test_irc_prefix);
  g_test_add_func ("/chat/twitch/irc/params", test_irc_params);
  g_test_add_func ("/chat/twitch/irc/odd-lines", test_irc_odd_lines);
  g_test_add_func ("/chat/twitch/irc/long-lines", test_irc_long_lines);
  g_test_add_func ("/chat/twitch/irc/cut-utf8", test_irc_cut_utf8);

  add_fake_test ("/chat/twitch/login/anonymous", test_login_anonymous);
  add_fake_test ("/chat/twitch/login/token", test_login_token);
  add_fake_test ("/chat/twitch/login/bad-token", test_bad_token);
  add_fake_test ("/chat/twitch/refused-config", test_refused_config);
  add_fake_test ("/chat/twitch/fixture-replay", test_fixture_replay);
  add_fake_test ("/chat/twitch/emote-emoji", test_emote_emoji);
  add_fake_test ("/chat/twitch/emotes-cut-utf8", test_emotes_cut_utf8);
  add_fake_test ("/chat/twitch/several-lines-per-frame", test_several_lines_per_frame);
  add_fake_test ("/chat/twitch/clearchat-author", test_clearchat_author);
  add_fake_test ("/chat/twitch/ping", test_ping);
  add_fake_test ("/chat/twitch/reconnect", test_reconnect);
  add_fake_test ("/chat/twitch/drop", test_drop);
  add_fake_test ("/chat/twitch/keepalive", test_keepalive);
  add_fake_test ("/chat/twitch/odd-lines", test_odd_lines);
  add_fake_test ("/chat/twitch/flood", test_flood);
  add_fake_test ("/chat/twitch/stop-and-dispose", test_stop_and_dispose);

  return g_test_run ();
}
