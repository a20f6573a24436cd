#!/usr/bin/env bash
# bench/latency.sh — the time budgets that used to be test assertions: the
# product card re-rendered at 1080p, and the longest main-loop iteration
# (CPU time of the main thread) while a show starts, goes live, takes a chat
# flood and stock changes, and stops. The tests report these figures; this
# script checks them against their targets, on a quiet machine.
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   bench/latency.sh [runs]     each measurement is repeated this often (default 3)
#
# Appends a dated section to docs/performance.md (BENCH_NO_DOCS=1: print only).
# SHOPCAST_BUILDDIR picks the (non-sanitizer) build directory, default _build.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-3}
case $runs in
  '' | *[!0-9]* | 0) echo "usage: bench/latency.sh [runs]" >&2; exit 2 ;;
esac
builddir=${SHOPCAST_BUILDDIR:-$top/_build}
doc=$top/docs/performance.md
card_target=25
iteration_target=50

die () { echo "latency.sh: $*" >&2; exit 1; }
[ -x "$builddir/tests/test-overlay" ] || die "build first: ninja -C $builddir"
command -v xvfb-run >/dev/null || die "xvfb-run is missing (build-aux/dev test installs it)"

export G_TEST_SRCDIR=$top/tests G_TEST_BUILDDIR=$builddir/tests
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR=$builddir/data
export SHOPCAST_SOURCE_DIR=$top SHOPCAST_FIXTURES_DIR=$top/tests/fixtures
export SHOPCAST_BIN=$builddir/src/shopcast
work=$(mktemp -d "${TMPDIR:-/tmp}/shopcast-latency.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
card=() iteration=() phase=()
for ((i = 1; i <= runs; i++)); do
  "$builddir/tests/test-overlay" -p /overlay/scene/cached --verbose >"$work/overlay.log" 2>&1 ||
    die "test-overlay failed: $(tail -n 5 "$work/overlay.log")"
  card+=("$(sed -n 's/.*card re-render at 1080p: \([0-9.]*\) ms.*/\1/p' "$work/overlay.log")")

  xvfb-run -a dbus-run-session -- "$builddir/tests/test-studio-mainloop" --verbose \
    >"$work/mainloop.log" 2>&1 || die "test-studio-mainloop failed: $(tail -n 5 "$work/mainloop.log")"
  read -r ms during < <(sed -n 's/.*longest iteration: \([0-9.]*\) ms of CPU during \(.*\)$/\1 \2/p' \
                          "$work/mainloop.log")
  iteration+=("$ms") phase+=("$during")
done

max () { printf '%s\n' "$@" | sort -g | tail -n 1; }
verdict () { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t) ? "PASS" : "FAIL" }'; }
card_max=$(max "${card[@]}")
iteration_max=$(max "${iteration[@]}")

section () {
  echo "## $(date -u '+%Y-%m-%d %H:%M') UTC — bench/latency.sh $runs"
  echo
  echo "- Command: \`bench/latency.sh $runs\` at $(git -C "$top" describe --always --dirty)"
  echo "- Machine: $(nproc) cores, load average before the runs: $load_before"
  echo "- Product card re-render at 1080p, per run: ${card[*]} ms; worst $card_max ms" \
    "(target <= $card_target: $(verdict "$card_max" "$card_target"))"
  echo "- Longest main-loop iteration (CPU), per run: ${iteration[*]} ms (in: ${phase[*]});" \
    "worst $iteration_max ms (target <= $iteration_target: $(verdict "$iteration_max" "$iteration_target"))"
  echo
}

section
if [ "${BENCH_NO_DOCS:-}" != 1 ]; then
  { echo; section; } >>"$doc"
fi
