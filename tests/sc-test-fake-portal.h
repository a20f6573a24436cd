/* sc-test-fake-portal.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdarg.h>

#include <gio/gio.h>

G_BEGIN_DECLS

/* tests/fake-portal.py, owning org.freedesktop.portal.Desktop on the test's
 * session bus. Starts a fresh one in *@portal (stopping one already there)
 * with the options @first_arg, @args… (NULL-terminated), recording its calls
 * anew in @record; returns once the name is owned. */
void       sc_test_fake_portal_startv (GSubprocess **portal,
                                       const char   *record,
                                       const char   *first_arg,
                                       va_list       args);
/* The same with the options in the NULL-terminated @args. */
void       sc_test_fake_portal_startv_array (GSubprocess       **portal,
                                             const char         *record,
                                             const char * const *args);
/* Stops *@portal (if any) and waits until the name is gone. */
void       sc_test_fake_portal_stop   (GSubprocess **portal);
/* The calls recorded in @record, as JsonObject * in order. */
GPtrArray *sc_test_fake_portal_calls  (const char   *record);

G_END_DECLS
