/* sc-test.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The test support library (tests/lib/), all of it. */
#include "sc-fake-server.h"
#include "sc-test-events.h"
#include "sc-test-pipewire.h"
#include "sc-test-process.h"
#include "sc-test-rtmp.h"
#include "sc-test-util.h"
