/* sc-test-process.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Programs under test as subprocesses. Every wait dispatches the
 * thread-default main context, so fake servers in the test keep serving. */

/* Waits up to @timeout_s for @process to exit; kills it (SIGKILL) on timeout.
 * Returns TRUE when it exited by itself. */
gboolean          sc_test_subprocess_wait          (GSubprocess       *process,
                                                    double             timeout_s);

typedef struct _ScTestProcess ScTestProcess;

/* The built shopcast ($SHOPCAST_BIN) with @args, its standard output and
 * error captured. @env holds "NAME=VALUE" to set and "NAME" to unset, on top
 * of the test's environment (may be NULL). DISPLAY and WAYLAND_DISPLAY are
 * unset unless @env sets them: shows run headless. */
ScTestProcess    *sc_test_shopcast_spawn           (const char * const *env,
                                                    const char * const *args);
/* The same with a NULL-terminated argument list. */
ScTestProcess    *sc_test_shopcast_spawn_va        (const char * const *env,
                                                    const char        *first_arg,
                                                    ...) G_GNUC_NULL_TERMINATED;
GSubprocess      *sc_test_process_get_subprocess   (ScTestProcess     *self);
void              sc_test_process_send_signal      (ScTestProcess     *self,
                                                    int                signal_num);
/* Waits up to @timeout_s for the exit and for all its output; kills it on
 * timeout. Returns TRUE when it exited by itself. */
gboolean          sc_test_process_wait             (ScTestProcess     *self,
                                                    double             timeout_s);
/* After sc_test_process_wait(): the exit status, or -1 when it was killed by
 * a signal (the test fails with the signal's number then). */
int               sc_test_process_get_status       (ScTestProcess     *self);
const char       *sc_test_process_get_stdout       (ScTestProcess     *self);
const char       *sc_test_process_get_stderr       (ScTestProcess     *self);
/* Its resident memory now (VmRSS), in kB; 0 once it has exited. */
gsize             sc_test_process_get_rss_kb       (ScTestProcess     *self);
void              sc_test_process_free             (ScTestProcess     *self);

/* Runs shopcast to the end (at most @timeout_s) and returns its exit status;
 * @out and @err (may be NULL) receive its output. */
int               sc_test_run_shopcast             (const char * const *env,
                                                    const char * const *args,
                                                    char              **out,
                                                    char              **err,
                                                    double              timeout_s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScTestProcess, sc_test_process_free)

G_END_DECLS
