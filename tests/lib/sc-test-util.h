/* sc-test-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Tools and temporary directories for every test. GLib only. */

/* The one rule for a missing tool, service or display: the test fails under
 * CI=true (CI installs everything) and is skipped on a developer machine.
 * Always returns FALSE, so a test can `return` right after. */
gboolean          sc_test_report_missing           (const char        *what);
/* Looks in PATH, then in the sbin directories a plain user's PATH lacks. */
char             *sc_test_find_program             (const char        *program);
/* Each reports @program, an element or a service missing as above. */
gboolean          sc_test_require_tool             (const char        *program);
/* A GStreamer element, checked with gst-inspect-1.0 --exists. */
gboolean          sc_test_require_gst_element      (const char        *factory);
/* An X display ($DISPLAY; build-aux/dev runs the suite under Xvfb). */
gboolean          sc_test_require_display          (void);
/* A D-Bus session bus (build-aux/dev runs the suite under dbus-run-session). */
gboolean          sc_test_require_session_bus      (void);

typedef gboolean (*ScTestCondition) (gpointer data);

/* Polls @condition every 20 ms while dispatching the thread-default main
 * context (fakes and pipelines in the test keep running) until it holds or
 * @timeout_s passed. Returns whether it held. */
gboolean          sc_test_wait_until               (ScTestCondition    condition,
                                                    gpointer           data,
                                                    double             timeout_s);
/* Waits up to @timeout_s, dispatching the thread-default main context, until
 * @name has an owner on the session bus (@owned) or has none (!@owned).
 * Returns whether it came to that. */
gboolean          sc_test_wait_for_bus_name        (const char        *name,
                                                    gboolean           owned,
                                                    double             timeout_s);
/* Dispatches the thread-default main context for @seconds. */
void              sc_test_run_for                  (double             seconds);

/* A new private directory under the system's temporary directory, named
 * after @prefix ("sc-headless" -> /tmp/sc-headless-XXXXXX). Never NULL. */
char             *sc_test_make_tmp_dir             (const char        *prefix);
/* Deletes @path and everything below it, unless SHOPCAST_TEST_KEEP is set. */
void              sc_test_remove_dir               (const char        *path);

/* Compiles tests/fixtures/locale/<name>.po with msgfmt into
 * @localedir/<name>/LC_MESSAGES/shopcast.mo for every name in @names, as
 * meson's i18n.gettext lays out po/ ("de", "de_AT"); @big_endian writes
 * them big-endian. FALSE (msgfmt reported missing) when msgfmt is missing. */
gboolean          sc_test_compile_catalogs         (const char        *localedir,
                                                    const char * const *names,
                                                    gboolean           big_endian);

G_END_DECLS
