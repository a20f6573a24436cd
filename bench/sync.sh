#!/usr/bin/env bash
# bench/sync.sh — a full catalog sync of 10,000 products (30,000 variants) from
# the local fake Shopify, and a live 720p show while that sync runs.
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   bench/sync.sh [products] [show-seconds]     defaults: 10000 60
#
# 1. `shopcast --sync-catalog` against tests/fake-shopify-server (no limits):
#    wall time, peak RSS, requests made and the minimum the API allows
#    (ceil(products / 250) pages of `first: 250`).
# 2. `shopcast --headless` on the engine's 720p bench show plus the same shop,
#    with an empty cache, so the whole first sync runs during the live show:
#    dropped frames (render_drops) and whether the sync finished.
# Prints a report and appends it to docs/performance.md (BENCH_NO_DOCS=1: don't).
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
products=${1:-10000}
show_seconds=${2:-60}
builddir=${SHOPCAST_BUILDDIR:-$top/_build}
shopcast=$builddir/src/shopcast
fake=$builddir/tests/fake-shopify-server
doc=$top/docs/performance.md

die () { echo "sync.sh: $*" >&2; exit 1; }
[ -x "$shopcast" ] || die "$shopcast is not built (build-aux/dev test builds it)"
[ -x "$fake" ] || die "$fake is not built"
if [ ! -x /usr/bin/time ]; then
  [ "$(id -u)" -eq 0 ] || die "/usr/bin/time is missing: apt-get install time"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q time >/dev/null
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/shopcast-sync-bench.XXXXXX")
fake_pid=
cleanup () {
  [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null && wait "$fake_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

"$fake" --products "$products" --variants 3 --token shpat_bench >"$work/fake.out" 2>&1 &
fake_pid=$!
for _ in $(seq 100); do
  grep -q '^port=' "$work/fake.out" 2>/dev/null && break
  sleep 0.1
done
port=$(sed -n 's/^port=//p' "$work/fake.out")
[ -n "$port" ] || die "the fake shop did not start: $(cat "$work/fake.out")"

write_show () {
  python3 - "$top/bench/engine-720p.shopcast" "$1" "$port" "$top" <<'PY'
import json, sys
src, dst, port, top = sys.argv[1:]
show = json.load(open(src))
show["title"] = "Sync bench 720p"
show["shop"] = {"provider": "shopify", "url": f"http://127.0.0.1:{port}",
                "token_env": "SHOPCAST_BENCH_TOKEN", "refresh_s": 5, "full_refresh_s": 3600}
show["brand"]["logo"] = f"{top}/data/demo/logo.svg"
show["products"] = {"pinned": "1"}
json.dump(show, open(dst, "w"), indent=2)
PY
}
write_show "$work/sync.shopcast"
export SHOPCAST_BENCH_TOKEN=shpat_bench

# 1. The one-shot sync.
XDG_DATA_HOME=$work/data1 XDG_CACHE_HOME=$work/cache1 \
  /usr/bin/time -v -o "$work/sync.time" "$shopcast" --sync-catalog --show "$work/sync.shopcast" \
  >"$work/summary.json" 2>"$work/sync.err" || die "the sync failed: $(cat "$work/sync.err")"
read -r wall rss <<<"$(awk -F': ' '
  /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; w = s }
  /Maximum resident set size/ { r = $2 / 1024 }
  END { printf "%.2f %.1f\n", w, r }' "$work/sync.time")"
read -r got_products got_variants requests seconds errors <<<"$(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
print(s["products"], s["variants"], s["requests"], round(s["seconds"], 2), len(s["errors"]))
' "$work/summary.json")"
minimum=$(( (products + 249) / 250 ))

# 2. A live show while the same first sync runs (empty cache).
XDG_DATA_HOME=$work/data2 XDG_CACHE_HOME=$work/cache2 \
  /usr/bin/time -v -o "$work/show.time" "$shopcast" --headless --show "$work/sync.shopcast" \
  --duration "$show_seconds" --events "$work/show.jsonl" >/dev/null 2>"$work/show.err" ||
  die "the show failed: $(tail -5 "$work/show.err")"
read -r drops frames synced_at show_cpu show_rss <<<"$(python3 - "$work/show.jsonl" "$work/show.time" <<'PY'
import json, re, sys
stats, synced = None, None
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e["event"] == "stats":
        stats = e
    if e["event"] == "catalog-synced" and synced is None:
        synced = e["t"]
t = open(sys.argv[2]).read()
user = float(re.search(r"User time \(seconds\): ([\d.]+)", t).group(1))
sys_ = float(re.search(r"System time \(seconds\): ([\d.]+)", t).group(1))
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", t).group(1)
secs = 0.0
for part in wall.split(":"):
    secs = secs * 60 + float(part)
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) / 1024
print(stats["render_drops"], stats["frames"], "-" if synced is None else synced,
      round(100 * (user + sys_) / secs, 1), round(rss, 1))
PY
)"

verdict () { awk "BEGIN { print ($1 <= $2) ? \"PASS\" : \"FAIL\" }"; }
report () {
  echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — bench/sync.sh $products $show_seconds"
  echo
  echo "- Command: \`bench/sync.sh $products $show_seconds\` at $(git -C "$top" describe --always --dirty 2>/dev/null || echo unknown)"
  echo "- Machine: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), nproc $(nproc)"
  echo
  echo "| run | wall s | peak RSS MB | products | variants | requests | minimum | errors |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  echo "| --sync-catalog | $wall | $rss | $got_products | $got_variants | $requests | $minimum | $errors |"
  echo
  echo "| live 720p show with the first sync running | CPU % | peak RSS MB | frames | dropped | sync finished at s |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  echo "| ${show_seconds} s | $show_cpu | $show_rss | $frames | $drops | $synced_at |"
  echo
  echo "- full sync wall time: $wall s (target <= 10: $(verdict "$wall" 10))"
  echo "- requests: $requests, minimum $minimum ($( [ "$requests" -eq "$minimum" ] && echo PASS || echo FAIL))"
  echo "- sync peak RSS: $rss MB (target <= 120: $(verdict "$rss" 120))"
  echo "- dropped frames during the sync: $drops (target 0: $(verdict "$drops" 0))"
  echo
}
report | tee "$work/report.md"
if [ -z "${BENCH_NO_DOCS:-}" ]; then
  cat "$work/report.md" >>"$doc"
  echo "sync.sh: appended to docs/performance.md" >&2
fi
