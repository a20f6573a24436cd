#!/usr/bin/env bash
# bench/catalog.sh — loading a local catalog of N products (default 100,000).
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   bench/catalog.sh [products] [runs]     defaults: 100000 3
#
# Writes a catalog.json of N products (id, title, SKU, price, a third with a
# compare-at price, stock, one of 500 image files, URL: about 200 bytes a
# product, 20 MB for 100,000) and a show naming it with a "local" shop, then
# runs each of these `runs` times under GNU time:
#
# 1. check: `shopcast --check SHOW`: the show and its catalog read as the
#    window reads them, plus every product image looked up.
# 2. sync:  `shopcast --sync-catalog --show SHOW` with an empty cache: the
#    show and catalog read, the catalog read again by the local provider in
#    its thread, merged, and saved to the SQLite cache.
# 3. scroll: _build/tests/bench-product-list on the same catalog (no shop):
#    the window's product list in a 480 x 800 window under Xvfb with
#    GSK_RENDERER=cairo, flung 400 px a frame for 300 frames; per frame the
#    main thread's wall and CPU time from the frame clock's update phase to
#    after-paint (median, 99th percentile, max, frames over 16 ms). The CPU
#    time is the figure on a loaded machine; the wall time includes waiting
#    for a core.
#
# Reports CPU time (user + system, what counts on this loaded 2-core
# machine), wall time and peak RSS as median, min and max, the load average
# before the runs, and appends the report to docs/performance.md
# (BENCH_NO_DOCS=1: don't). SHOPCAST_BUILDDIR picks another build.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
products=${1:-100000}
runs=${2:-3}
builddir=${SHOPCAST_BUILDDIR:-$top/_build}
shopcast=$builddir/src/shopcast
scroll=$builddir/tests/bench-product-list
doc=$top/docs/performance.md

die () { echo "catalog.sh: $*" >&2; exit 1; }
[ -x "$shopcast" ] || die "$shopcast is not built"
[ -x "$scroll" ] || die "$scroll is not built"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install time)"

work=$(mktemp -d "${TMPDIR:-/tmp}/shopcast-catalog-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

python3 - "$products" "$work" <<'PY'
import json, os, sys
n, work = int(sys.argv[1]), sys.argv[2]
adj = ["Stoneware", "Linen", "Cedar", "Woollen", "Canvas", "Copper", "Oak", "Glass"]
noun = ["Mug", "Candle", "Scarf", "Sneakers", "Lamp", "Bowl", "Tote", "Vase"]
col = ["Sage", "Mustard", "Off-White", "Indigo", "Rust", "Charcoal"]
os.makedirs(f"{work}/images")
for i in range(min(n, 500)):
    open(f"{work}/images/p-{i}.jpg", "wb").close()
with open(f"{work}/catalog.json", "w") as f:
    f.write('{\n  "currency": "EUR",\n  "products": [\n')
    for i in range(n):
        p = {"id": "p-%06d" % i,
             "title": "%s %s, %s #%d" % (adj[i % 8], noun[(i // 8) % 8], col[i % 6], i),
             "sku": "SKU-%06d" % i,
             "price": "%d.%02d" % (5 + i % 200, i % 100),
             "stock": i % 50,
             "image": "images/p-%d.jpg" % (i % 500),
             "url": "https://shop.example/products/p-%06d" % i}
        if i % 3 == 0:
            p["compare_at_price"] = "%d.%02d" % (10 + i % 200, i % 100)
        f.write("    " + json.dumps(p) + (",\n" if i < n - 1 else "\n"))
    f.write("  ]\n}\n")
show = {"version": 1, "title": "Catalog bench",
        "canvas": {"width": 1280, "height": 720, "fps": 30},
        "sources": [{"id": "screen", "kind": "test-pattern", "label": "Screen",
                     "pattern": "smpte"}],
        "layout": "solo",
        "products": {"file": "catalog.json", "pinned": "p-000001"},
        "shop": {"provider": "local"},
        "outputs": [], "recording": {"enabled": False}}
json.dump(show, open(f"{work}/catalog.shopcast", "w"), indent=2)
del show["shop"]
json.dump(show, open(f"{work}/list.shopcast", "w"), indent=2)
PY

load=$(cut -d' ' -f1-3 /proc/loadavg)
for i in $(seq "$runs"); do
  /usr/bin/time -v -o "$work/check-$i.time" "$shopcast" --check "$work/catalog.shopcast" \
    >/dev/null 2>"$work/check.err" || die "--check failed: $(tail -3 "$work/check.err")"
  rm -rf "$work/data" "$work/cache"
  XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache \
    /usr/bin/time -v -o "$work/sync-$i.time" "$shopcast" --sync-catalog \
    --show "$work/catalog.shopcast" >"$work/sync-$i.json" 2>"$work/sync.err" ||
    die "--sync-catalog failed: $(tail -3 "$work/sync.err")"
done
for i in $(seq "$runs"); do
  XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache GSK_RENDERER=cairo \
    xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- \
    "$scroll" "$work/list.shopcast" 300 400 2>"$work/scroll.err" | grep '^frames ' \
    >"$work/scroll-$i.txt" || die "bench-product-list failed: $(tail -3 "$work/scroll.err")"
done

report () {
  echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — bench/catalog.sh $products $runs"
  echo
  echo "- Command: \`bench/catalog.sh $products $runs\` at $(git -C "$top" describe --always --dirty 2>/dev/null || echo unknown)${SHOPCAST_BUILDDIR:+ (build $SHOPCAST_BUILDDIR)}"
  echo "- Machine: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), nproc $(nproc), load average before the runs: $load"
  echo
  python3 - "$work" "$runs" "$products" <<'PY'
import json, re, statistics, sys
work, runs, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def read(path):
    t = open(path).read()
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", t).group(1))
    sys_ = float(re.search(r"System time \(seconds\): ([\d.]+)", t).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", t).group(1)
    secs = 0.0
    for part in wall.split(":"):
        secs = secs * 60 + float(part)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) / 1024
    return user + sys_, secs, rss
def fmt(values, digits):
    return "%.*f (%.*f–%.*f)" % (digits, statistics.median(values), digits, min(values),
                                 digits, max(values))
print("| run | CPU s (user+sys), median (min–max) | wall s | peak RSS MB | products |")
print("| --- | ---: | ---: | ---: | ---: |")
for kind in ("check", "sync"):
    rows = [read(f"{work}/{kind}-{i}.time") for i in range(1, runs + 1)]
    got = "-"
    if kind == "sync":
        got = json.load(open(f"{work}/sync-1.json"))["products"]
        if got != n:
            print(f"catalog.sh: the sync read {got} products of {n}", file=sys.stderr)
    print(f"| {kind} | {fmt([r[0] for r in rows], 2)} | {fmt([r[1] for r in rows], 2)} "
          f"| {fmt([r[2] for r in rows], 1)} | {got} |")
print()
print("| product list, GSK_RENDERER=cairo, 300 frames at 400 px | median ms | p99 ms | max ms "
      "| frames over 16 ms |")
print("| --- | ---: | ---: | ---: | ---: |")
scroll = []
for i in range(1, runs + 1):
    f = open(f"{work}/scroll-{i}.txt").read().split()
    scroll.append([float(x) for x in (f[5], f[6], f[7], f[9], f[10], f[11], f[13], f[14])])
best = sorted(scroll, key=lambda r: r[5])[len(scroll) // 2]
for i, r in enumerate(scroll, 1):
    print(f"| run {i}: wall | {r[0]:.2f} | {r[1]:.2f} | {r[2]:.2f} | {int(r[6])} |")
    print(f"| run {i}: main-thread CPU | {r[3]:.2f} | {r[4]:.2f} | {r[5]:.2f} | {int(r[7])} |")
cpu = statistics.median(read(f"{work}/sync-{i}.time")[0] for i in range(1, runs + 1))
rss = statistics.median(read(f"{work}/sync-{i}.time")[2] for i in range(1, runs + 1))
wall = statistics.median(read(f"{work}/sync-{i}.time")[1] for i in range(1, runs + 1))
print()
print(f"- sync CPU time: {cpu:.2f} s (target <= 5: {'PASS' if cpu <= 5 else 'FAIL'})")
print(f"- sync wall time: {wall:.2f} s (target <= 5: {'PASS' if wall <= 5 else 'FAIL'}; "
      "on a loaded machine the wall time is the machine's, the CPU time Shopcast's)")
print(f"- sync peak RSS: {rss:.1f} MB (target <= 200: {'PASS' if rss <= 200 else 'FAIL'})")
print(f"- scrolling, longest frame's main-thread CPU (median run): {best[5]:.2f} ms "
      f"(target <= 16: {'PASS' if best[5] <= 16 else 'FAIL'}); longest wall: "
      f"{best[2]:.2f} ms")
PY
  echo
}
report | tee "$work/report.md"
if [ -z "${BENCH_NO_DOCS:-}" ]; then
  cat "$work/report.md" >>"$doc"
  echo "catalog.sh: appended to docs/performance.md" >&2
fi
