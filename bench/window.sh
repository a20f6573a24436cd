#!/usr/bin/env bash
# bench/window.sh — what the window costs: Shopcast live at 720p30 in its window
# (under Xvfb) next to the same show headless, streaming to a local nginx-rtmp.
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   bench/window.sh [seconds]        each measurement lasts this long (default 20)
#
# Runs headless, window, headless, window, ... (BENCH_PAIRS pairs, default 3) on
# bench/engine-720p.shopcast (alternated: one run of a loaded 2-core machine varies
# by several CPU points; the headline is the median of the pairs' ratios, with min
# and max), then one window run with GTK's GL renderer as a reference. The window runs use GSK_RENDERER=cairo:
# under Xvfb GL is llvmpipe, software GL on the CPU, which no user's desktop pays.
# After each pair, bench/preview-floor.c (built with the project) runs under the
# same Xvfb and renderer: a window holding only the preview, converted and drawn
# as Shopcast's is, at the size the window's preview has in these runs
# (BENCH_FLOOR_SIZE, default "669 376"): the least any 25 fps preview costs here.
# bench/window-run.py does one run: it goes live (Go Live clicked over AT-SPI in
# the window), waits 3 s, and reads the process's CPU time, peak RSS and the
# show's stats events over the measurement. Prints a table and appends a dated
# section to docs/performance.md. Environment: SHOPCAST_BUILDDIR (default _build),
# BENCH_PAIRS (default 3), BENCH_FLOOR_SIZE (default "669 376"),
# BENCH_NO_DOCS=1 (print only), BENCH_NO_GL=1 (no GL reference run),
# SHOPCAST_BENCH_KEEP=1 (keep logs and events).
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-20}
case $seconds in
  '' | *[!0-9]* | 0) echo "usage: bench/window.sh [seconds]" >&2; exit 2 ;;
esac
builddir=${SHOPCAST_BUILDDIR:-$top/_build}
shopcast=$builddir/src/shopcast
floor_bin=$builddir/bench/preview-floor
floor_size=${BENCH_FLOOR_SIZE:-669 376}
show=$top/bench/engine-720p.shopcast
doc=$top/docs/performance.md
# Debian's python3: gi.repository.Atspi comes from gir1.2-atspi-2.0.
python=/usr/bin/python3

# shellcheck source=bench/rtmp-server.sh
source "$top/bench/rtmp-server.sh"

die () { echo "window.sh: $*" >&2; exit 1; }

[ -x "$shopcast" ] || die "$shopcast is missing: build first (ninja -C _build)"
[ -x "$floor_bin" ] || die "$floor_bin is missing: build first (ninja -C _build)"
case $floor_size in
  *[!0-9\ ]* | '') die "BENCH_FLOOR_SIZE must be \"WIDTH HEIGHT\"" ;;
esac
[ -x "$python" ] || die "$python is missing"
for tool in xvfb-run dbus-run-session xdotool; do
  command -v "$tool" >/dev/null || die "$tool is missing (build-aux/dev installs it)"
done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
work=$(mktemp -d "${TMPDIR:-/tmp}/shopcast-window-bench.XXXXXX")
cleanup () {
  rtmp_server_stop
  if [ -n "${SHOPCAST_BENCH_KEEP:-}" ]; then
    echo "window.sh: kept $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rtmp_server_start "$work/rtmp" || die "could not start nginx-rtmp"

# Values of each run, read by the table code.
declare -A cpu rss fps drops preview xcpu status renderer note threads first spawn golive
declare -A floor floor_fps
ok () { [ "${status[$1]:-}" = ok ]; }

# run ID MODE [RENDERER]: run_once, and once more when it failed (a show whose
# sources failed to start measures nothing); the first failure stays in the table.
run () {
  run_once "$@"
  ok "$1" && return 0
  note[$1]="retried after: ${status[$1]}"
  run_once "$@"
}

# run_once ID MODE [RENDERER]: one run of window-run.py; RENDERER cairo or gl.
run_once () {
  local id=$1 mode=$2 gsk=${3:-} rc=0 line
  local -a cmd=("$python" "$top/bench/window-run.py" --mode "$mode" --shopcast "$shopcast"
                --show "$show" --output "$(rtmp_server_url "$id")" --events "$work/$id.jsonl"
                --seconds "$seconds" --log "$work/$id.log")
  echo "window.sh: $id ($mode${gsk:+, $gsk renderer}), $seconds s" >&2
  if [ "$mode" = window ]; then
    if [ "$gsk" = cairo ]; then
      renderer[$id]=cairo
      cmd=(env GSK_RENDERER=cairo "${cmd[@]}")
    else
      # GTK's default renderer: GL, on llvmpipe under Xvfb.
      renderer[$id]="gl (llvmpipe)"
      cmd=(env -u GSK_RENDERER "${cmd[@]}")
    fi
    cmd=(xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- "${cmd[@]}")
  else
    renderer[$id]=-
  fi
  # The D-Bus session's services (the AT-SPI registry) print on the same stdout.
  timeout -s TERM -k 20 $((seconds + 240)) "${cmd[@]}" >"$work/$id.out" 2>"$work/$id.err" ||
    rc=$?
  line=$(sed -n 's/^result: //p' "$work/$id.out" | tail -n 1)
  threads[$id]=$(sed -n 's/^threads: //p' "$work/$id.out" | tail -n 1)
  if [ "$rc" -ne 0 ] || [ -z "$line" ]; then
    status[$id]="failed: $(grep -h 'window-run.py:' "$work/$id.err" | tail -n 1 |
                           sed 's/^window-run.py: //')"
    [ "${status[$id]}" != "failed: " ] || status[$id]="failed (exit $rc, see $id.err)"
    echo "window.sh: $id ${status[$id]}" >&2
    return 0
  fi
  read -r "cpu[$id]" "rss[$id]" "fps[$id]" "drops[$id]" "preview[$id]" "xcpu[$id]" <<<"$line"
  read -r "first[$id]" "spawn[$id]" "golive[$id]" \
    <<<"$(sed -n 's/^timing: //p' "$work/$id.out" | tail -n 1)"
  status[$id]=ok
}

# run_floor ID: the floor program, its main thread and preview-queue in % of
# one core (empty when it failed; its stderr is kept in the work folder).
run_floor () {
  local id=$1 out
  echo "window.sh: $id (a window with only the preview, cairo renderer), $seconds s" >&2
  # shellcheck disable=SC2086  # floor_size is "WIDTH HEIGHT"
  out=$(timeout -s TERM -k 20 $((seconds + 60)) \
          xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- \
          env GSK_RENDERER=cairo "$floor_bin" "$seconds" $floor_size 2>"$work/$id.err") || true
  # "TOTAL (MAIN + PREVIEW-QUEUE)"
  floor[$id]=$(awk '$1 == "thread:" && $2 == "preview-floor" { m = $3; n++ }
                    $1 == "thread:" && $2 ~ /^preview-queue/ { q = $3; n++ }
                    END { if (n == 2) printf "%.1f (%.1f + %.1f)", m + q, m, q }' <<<"$out")
  floor_fps[$id]=$(sed -n 's/^painted: \([0-9.]*\) fps$/\1/p' <<<"$out")
  [ -n "${floor[$id]}" ] || echo "window.sh: $id failed (see $id.err)" >&2
}

# Pairs, each a headless run then a window run: the ratio of a pair compares
# runs a minute apart on this noisy machine; the headline is the median pair.
pairs=${BENCH_PAIRS:-3}
case $pairs in
  '' | *[!0-9]* | 0) die "BENCH_PAIRS must be a whole number of at least 1" ;;
esac
ids=()
windows=()
for ((pair = 1; pair <= pairs; pair++)); do
  ids+=("headless-$pair" "window-$pair")
  windows+=("window-$pair")
  run "headless-$pair" headless
  run "window-$pair" window cairo
  run_floor "floor-$pair"
done
if [ -z "${BENCH_NO_GL:-}" ]; then
  ids+=(window-gl)
  run window-gl window gl
fi

calc () { awk "BEGIN { printf \"%.2f\", $1 }"; }
# at_most VALUE LIMIT / at_least VALUE LIMIT: PASS or FAIL.
at_most () { awk "BEGIN { print ($1 <= $2) ? \"PASS\" : \"FAIL\" }"; }
at_least () { awk "BEGIN { print ($1 >= $2) ? \"PASS\" : \"FAIL\" }"; }

table () {
  local id
  printf '| run | renderer | CPU %% (one core) | peak RSS MB | encoder fps | render drops |'
  printf ' preview fps | Xvfb CPU %% | first preview s (process s) | go live s | status |\n'
  printf '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n'
  for id in "${ids[@]}"; do
    if ok "$id"; then
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s (%s) | %s | ok%s |\n' "$id" \
        "${renderer[$id]}" "${cpu[$id]}" "${rss[$id]}" "${fps[$id]}" "${drops[$id]}" \
        "${preview[$id]}" "${xcpu[$id]}" "${first[$id]:--}" "${spawn[$id]:--}" \
        "${golive[$id]:--}" "${note[$id]:+ (${note[$id]})}"
    else
      printf '| %s | %s | | | | | | | | | %s |\n' "$id" "${renderer[$id]:-}" "${status[$id]:-}"
    fi
  done
}

# median MIN MAX of the numbers on standard input, one per line.
median_min_max () {
  sort -g | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.2f %.2f %.2f", m, v[1], v[NR] }'
}

targets () {
  local ratio all id pair worst_drops=0 min_preview='' ratios=() median lo hi
  for ((pair = 1; pair <= pairs; pair++)); do
    if ! ok "headless-$pair" || ! ok "window-$pair"; then
      continue
    fi
    ratios+=("$(calc "${cpu[window-$pair]} / ${cpu[headless-$pair]}")")
  done
  if [ "${#ratios[@]}" -eq "$pairs" ]; then
    read -r median lo hi <<<"$(printf '%s\n' "${ratios[@]}" | median_min_max)"
    all=$(for id in "${windows[@]}"; do echo "${cpu[$id]}"; done | paste -sd+ -)
    ratio=$(calc "($all) / ($(for ((pair = 1; pair <= pairs; pair++)); do
                                echo "${cpu[headless-$pair]}"; done | paste -sd+ -))")
    echo "- CPU window (cairo) / headless: $median, the median of $pairs pairs (min $lo," \
      "max $hi; target <= 1.15: $(at_most "$median" 1.15)); per pair: ${ratios[*]}; all window runs over all headless runs: $ratio"
    for id in "${windows[@]}"; do
      [ "${drops[$id]}" -gt "$worst_drops" ] && worst_drops=${drops[$id]}
      if [ -z "$min_preview" ] || [ "$(at_most "${preview[$id]}" "$min_preview")" = PASS ]; then
        min_preview=${preview[$id]}
      fi
    done
    # What only the window runs: its main thread (GTK) and the preview branch's
    # scale and conversion; steadier than the whole process on a noisy machine.
    echo "- The window's own threads (main thread + preview-queue), % of one core:" \
      "$(for id in "${windows[@]}"; do
           tr ',' '\n' <<<"${threads[$id]:-}" |
             awk '$1 == "shopcast" || $1 ~ /^preview-queue/ { s += $2 } END { printf "%.1f\n", s }'
         done | paste -sd' ' - | sed 's/ /, /g')"
    local floors budget
    floors=$(for ((pair = 1; pair <= pairs; pair++)); do
               echo "${floor[floor-$pair]:-failed}, ${floor_fps[floor-$pair]:-?} fps"
             done | paste -sd';' - | sed 's/;/; /g')
    budget=$(for ((pair = 1; pair <= pairs; pair++)); do echo "${cpu[headless-$pair]}"; done |
               median_min_max | awk '{ printf "%.1f", 0.15 * $1 }')
    echo "- The floor: a window holding only the preview (bench/preview-floor.c," \
      "${floor_size/ /x} BGRA at 25 fps, converted as Shopcast's and painted 1:1 through a" \
      "cairo node; cairo renderer), its main thread + preview-queue (each), % of one core:" \
      "$floors; what 1.15 leaves the window over the median headless run: $budget"
    echo "- Dropped frames in the window runs (render_drops since the show started):" \
      "$worst_drops at most (target 0: $(at_most "$worst_drops" 0))"
    echo "- Preview frame rate (cairo): $min_preview fps at least" \
      "(target >= 25: $(at_least "$min_preview" 25))"
    local worst_first worst_spawn worst_live
    worst_first=$(for id in "${windows[@]}"; do echo "${first[$id]:--}"; done | sort -g | tail -n 1)
    worst_spawn=$(for id in "${windows[@]}"; do echo "${spawn[$id]:--}"; done | sort -g | tail -n 1)
    worst_live=$(for id in "${windows[@]}"; do echo "${golive[$id]:--}"; done | sort -g | tail -n 1)
    if [ "$worst_first" != - ]; then
      echo "- First preview frame: $worst_first s after sc_studio_start() at most (the" \
        "preview-started event; target <= 1: $(at_most "$worst_first" 1)); $worst_spawn s" \
        "from the process's start, window and GTK included"
    fi
    if [ "$worst_live" != - ]; then
      echo "- Go Live clicked to the first output the server acknowledged: $worst_live s at" \
        "most (live-started to output-state live; target <= 1: $(at_most "$worst_live" 1))"
    fi
  else
    echo "- n/a: a run failed (see the table)"
  fi
  if ok window-gl && [ "${#ratios[@]}" -eq "$pairs" ]; then
    echo "- Reference, GL (ngl on llvmpipe, software): CPU window / headless" \
      "$(calc "$pairs * ${cpu[window-gl]} / ($(for ((pair = 1; pair <= pairs; pair++)); do
                                               echo "${cpu[headless-$pair]}"; done |
                                               paste -sd+ -))")," \
      "preview ${preview[window-gl]} fps, render drops ${drops[window-gl]}"
  fi
}

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
gtk_version=$(pkg-config --modversion gtk4 2>/dev/null || echo '?')
commit=$(git -C "$top" describe --always --dirty 2>/dev/null || echo unknown)

# The busiest threads of each run (GStreamer names a streaming thread after the
# element pad that starts it; the main thread is "shopcast").
thread_lines () {
  local id
  for id in "${ids[@]}"; do
    ok "$id" && [ -n "${threads[$id]:-}" ] || continue
    echo "- $id: $(tr ',' '\n' <<<"${threads[$id]}" | head -n 8 | paste -sd ',' - |
                   sed 's/^ *//')"
  done
}

report () {
  echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — bench/window.sh $seconds"
  echo
  echo "- Command: \`bench/window.sh $seconds\` at $commit"
  echo "- Machine: ${cpu_model:-unknown CPU}, nproc $(nproc)," \
    "$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release)," \
    "GTK $gtk_version, load average before the runs: $load_before"
  echo "- Show: bench/engine-720p.shopcast (1280x720 at 30 fps, pip, product card, chat)," \
    "live to a local nginx-rtmp. Window runs under Xvfb 1280x800x24 with the renderer named" \
    "in the table; CPU is that of the shopcast process over $seconds s from 3 s after" \
    "live-started, in percent of one core (Xvfb's own CPU apart); fps from its stats events."
  echo
  table
  echo
  targets
  echo
  echo "CPU per thread, % of one core over the same window (the eight busiest):"
  echo
  thread_lines
  echo
}

report | tee "$work/report.md"

if [ -z "${BENCH_NO_DOCS:-}" ]; then
  { echo; cat "$work/report.md"; } >>"$doc"
  echo "window.sh: appended to ${doc#"$top"/}" >&2
fi
