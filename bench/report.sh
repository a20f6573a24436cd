#!/usr/bin/env bash
# bench/report.sh — `shopcast --report` on a show of 8 hours with 100,000 chat
# messages: wall time and peak RSS.
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   bench/report.sh [hours] [chat-messages]     defaults: 8 100000
#
# Generates the show database (the schema ScEventLog writes, in a temporary
# XDG_DATA_HOME): a `stats` line every second, the chat spread over the show
# (one message in 50 a claim, each claim followed by its stock-changed), a pin
# every 5 minutes, live-started/live-ended/show-ended; then times
# `shopcast --report latest --out DIR` with /usr/bin/time -v and checks the
# files it wrote. Targets: < 5 s, < 200 MB. Prints a report and appends it to
# docs/performance.md (BENCH_NO_DOCS=1: don't).
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
hours=${1:-8}
messages=${2:-100000}
builddir=${SHOPCAST_BUILDDIR:-$top/_build}
shopcast=$builddir/src/shopcast
doc=$top/docs/performance.md

die () { echo "report.sh: $*" >&2; exit 1; }
[ -x "$shopcast" ] || die "$shopcast is not built"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (package time)"

work=$(mktemp -d "${TMPDIR:-/tmp}/shopcast-report-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/xdg/shopcast"

python3 - "$work/xdg/shopcast/shows.sqlite" "$hours" "$messages" <<'PY'
import json, random, sqlite3, sys
path, hours, messages = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
random.seed(11)
db = sqlite3.connect(path)
db.executescript("""
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS shows (id INTEGER PRIMARY KEY, title TEXT NOT NULL, started_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (show_id INTEGER NOT NULL REFERENCES shows (id),
  t REAL NOT NULL, event TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_by_show ON events (show_id, event);
""")
show = db.execute("INSERT INTO shows (title, started_at) VALUES (?, ?)",
                  ("Bench marathon", "2026-12-03T08:00:00Z")).lastrowid
end = hours * 3600
products = [(f"p-{i:02d}", f"Product {i} {w}", f"A{i}", f"SKU-{i}", f"{10 + i}.50")
            for i, w in enumerate(["Stoneware", "Candle", "Scarf", "Teapot", "Blanket", "Vase",
                                   "Basket", "Lantern", "Cushion", "Throw", "Bowl", "Jug"], 1)]
stock = {p[0]: 100000 for p in products}
rows = []
def ev(t, name, **data):
    rows.append((t, name, json.dumps(data, separators=(",", ":"))))
ev(0.0, "show-started", title="Bench marathon", started_at="2026-12-03T09:00:00+01:00",
   show_id=show, version="bench", width=1280, height=720, fps=30, layout="pip", locale="en-US")
ev(5.0, "live-started", outputs=[])
for s in range(1, int(end)):
    ev(float(s), "stats", fps=30.0, frames=s * 30, render_drops=0, overlay_updates=s,
       preview_frames=0, video_kbps=3500, outputs=[])
pinned = None
for k in range(int(end // 300)):
    pinned = products[k % len(products)]
    pid, title, code, sku, price = pinned
    ev(k * 300 + 10.0, "pinned", product_id=pid, title=title, code=code, sku=sku, price=price,
       currency="EUR")
words = "love this colour how much is shipping hello from berlin great show wow nice".split()
for n in range(messages):
    t = 6.0 + (end - 12.0) * n / messages
    author = f"viewer{random.randrange(5000)}"
    if n % 50 == 0 and pinned:
        pid, title, code, sku, price = products[int(t // 300) % len(products)]
        q = 1 + n % 3
        ev(t, "chat", platform="twitch", id=f"m{n}", author=author, text=f"SOLD {code} {q}")
        ev(t, "claim", platform="twitch", message_id=f"m{n}", author=author, code=code,
           product_id=pid, title=title, variant=None, quantity=q, claimed=q, sku=sku,
           price=price, currency="EUR")
        ev(t + 0.001, "stock-changed", product_id=pid, old_stock=stock[pid],
           stock=stock[pid] - q, pinned=True)
        stock[pid] -= q
    else:
        text = " ".join(random.choice(words) for _ in range(random.randrange(2, 12)))
        ev(t, "chat", platform=random.choice(["twitch", "youtube"]), id=f"m{n}", author=author,
           text=text)
ev(end - 5, "live-ended")
ev(end, "show-ended", reason="stopped", duration_s=end)
rows.sort(key=lambda r: r[0])
db.executemany("INSERT INTO events (show_id, t, event, data) VALUES (%d, ?, ?, ?)" % show, rows)
db.commit()
print(len(rows))
PY
events=$(sqlite3 "$work/xdg/shopcast/shows.sqlite" "SELECT COUNT(*) FROM events" 2>/dev/null ||
         python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM events').fetchone()[0])" "$work/xdg/shopcast/shows.sqlite")
db_mb=$(du -m "$work/xdg/shopcast/shows.sqlite" | cut -f1)

load=$(cut -d' ' -f1-3 /proc/loadavg)
XDG_DATA_HOME=$work/xdg LC_ALL=C.UTF-8 /usr/bin/time -v "$shopcast" --report latest \
  --out "$work/out" >"$work/stdout" 2>"$work/time" || { cat "$work/time" >&2; die "--report failed"; }
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, a, ":"); s = 0;
                   for (i = 1; i <= n; i++) s = s * 60 + a[i]; printf "%.2f", s }' "$work/time")
user=$(awk -F': ' '/User time/ { print $2 }' "$work/time")
rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time")
rss=$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')
chat_rows=$(( $(python3 -c "import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=''))))" "$work/out/chat.csv") - 1 ))
[ "$chat_rows" -eq "$messages" ] || die "chat.csv has $chat_rows messages, not $messages"
html_kb=$(( $(stat -c %s "$work/out/report.html") / 1024 ))
chapters=$(wc -l <"$work/out/chapters.txt")
pass () { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b) ? "PASS" : "FAIL" }'; }

{
  echo
  echo "## $(date -u '+%Y-%m-%d %H:%M') UTC — bench/report.sh $hours $messages"
  echo
  echo "- Command: \`bench/report.sh $hours $messages\` at $(git -C "$top" describe --always --dirty 2>/dev/null || echo unknown)"
  echo "- Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), nproc $(nproc); load average before the run: $load"
  echo
  echo "| events | database MB | chat rows | report.html KB | chapters | wall s | user s | peak RSS MB |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  echo "| $events | $db_mb | $chat_rows | $html_kb | $chapters | $wall | $user | $rss |"
  echo
  echo "- wall time: $wall s (target < 5: $(pass "$wall" 5))"
  echo "- peak RSS: $rss MB (target < 200: $(pass "$rss" 200))"
} >"$work/report.md"
cat "$work/report.md"
if [ "${BENCH_NO_DOCS:-0}" != 1 ]; then
  cat "$work/report.md" >>"$doc"
  echo "report.sh: appended to docs/performance.md" >&2
fi
