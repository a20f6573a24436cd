/* sc-fuzz.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

G_BEGIN_DECLS

/* libFuzzer's entry points, defined by each target. */
int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

/* Once per process: criticals and warnings abort (a g_return_if_fail on
 * outside data is a bug the fuzzer must report), no translations, a private
 * temporary folder for the files targets write, caches inside it. */
void      sc_fuzz_init       (void);

/* The input as a NUL-terminated string (it may hold other NULs). */
char     *sc_fuzz_strndup    (const uint8_t  *data,
                              size_t          size);

/* Writes the input to a file named @name in the private folder. */
char     *sc_fuzz_write_file (const char     *name,
                              const uint8_t  *data,
                              size_t          size);

/* Iterates the default main context until @done or @timeout_s; a timeout
 * aborts, naming @what: a parser that never answers is a finding too. */
typedef gboolean (*ScFuzzCondition) (gpointer user_data);
void      sc_fuzz_wait       (ScFuzzCondition  done,
                              gpointer         user_data,
                              double           timeout_s,
                              const char      *what);

/* Runs what is ready on the default main context, then returns once
 * nothing became ready for @quiet_ms. */
void      sc_fuzz_drain      (guint            quiet_ms);

G_END_DECLS
