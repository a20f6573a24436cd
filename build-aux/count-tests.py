#!/usr/bin/env python3
# count-tests.py — sum the TAP results of meson test runs into "N passed, N failed".
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Reads meson's testlog.json (one JSON object per test) of each run given
# (build-aux/dev test: the normal and the sanitizer build); a missing log is
# a failure. Subtests are the
# TAP lines of each binary; a binary without TAP output (validate-data, the
# cli checks) counts as one. The last line printed is always the summary.
import json
import re
import sys


def main(path):
    passed = failed = skipped = 0
    try:
        with open(path, encoding="utf-8") as log:
            lines = log.read().splitlines()
    except OSError as e:
        print(f"count-tests: {e}", file=sys.stderr)
        return 0, 1, 0

    entries = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except ValueError as e:
            print(f"count-tests: {path}:{number}: {e}", file=sys.stderr)
            failed += 1
            continue
        entries += 1
        p = f = s = 0
        for out in (entry.get("stdout") or "").splitlines():
            m = re.match(r"^(not ok|ok)\b(.*)$", out)
            if not m:
                continue
            if re.search(r"#\s*SKIP", m.group(2), re.I):
                s += 1
            elif m.group(1) == "ok":
                p += 1
            else:
                f += 1
        result = entry.get("result")
        # A binary that crashed or timed out counts as a failure even after passing subtests.
        if result not in ("OK", "EXPECTEDFAIL", "SKIP") and f == 0:
            f += 1
            print(f"count-tests: {entry.get('name')} ended {result}", file=sys.stderr)
        if p == f == s == 0 and result == "OK":
            p = 1
        passed += p
        failed += f
        skipped += s

    if entries == 0:
        print(f"count-tests: {path} holds no test results", file=sys.stderr)
        failed += 1
    return passed, failed, skipped


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print("usage: count-tests.py BUILDDIR/meson-logs/testlog.json...", file=sys.stderr)
        sys.exit(2)
    passed = failed = skipped = 0
    for log_path in sys.argv[1:]:
        p, f, s = main(log_path)
        print(f"count-tests: {log_path}: {p} passed, {f} failed, {s} skipped", file=sys.stderr)
        passed, failed, skipped = passed + p, failed + f, skipped + s
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    sys.exit(1 if failed else 0)
