#!/usr/bin/env python3
# count-tests.py — sum the TAP results of a meson test run into "N passed, N failed".
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import re
import sys

passed = failed = skipped = 0
try:
    lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
except OSError as e:
    print(f"count-tests: {e}", file=sys.stderr)
    print("0 passed, 1 failed")
    sys.exit(1)

for line in lines:
    if not line.strip():
        continue
    entry = json.loads(line)
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

print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
