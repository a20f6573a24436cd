/* sc-command-line.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sc-headless.h"

G_BEGIN_DECLS

#define SC_EXIT_BAD_USAGE 2

/* Stores the secret read from standard input under @name; the exit status. */
typedef int (*ScCommandLineStoreSecret) (const char *name);

/* GApplicationClass.local_command_line for both programs: @parent_class's,
 * then a command line GApplication refused (before ::handle-local-options
 * set *@options_parsed) becomes exit status 2 with the usage hint. */
gboolean            sc_command_line_parse            (GApplicationClass        *parent_class,
                                                      GApplication             *application,
                                                      char                   ***arguments,
                                                      int                      *exit_status,
                                                      gboolean                 *options_parsed);
/* The options, their summary and description, on @application. */
void                sc_command_line_setup            (GApplication             *application);
/* The parsed options: runs a command (--version, --check, --report, a
 * headless show, …) and returns its exit status, or -1 when they ask for
 * the window. @store_secret is NULL where secrets cannot be stored. */
int                 sc_command_line_handle           (GVariantDict             *dict,
                                                      ScCommandLineStoreSecret  store_secret);
/* The options a show runs with, headless or in the window. */
void                sc_command_line_read_options     (GVariantDict             *dict,
                                                      ScHeadlessOptions        *options);
void                sc_headless_options_clear        (ScHeadlessOptions        *options);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScHeadlessOptions, sc_headless_options_clear)

/* "Run “shopcast --help” to see all options." on stderr. */
void                sc_command_line_print_usage_hint (void);

G_END_DECLS
