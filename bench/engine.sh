#!/usr/bin/env bash
# bench/engine.sh — what Shopcast adds to the encoder: Shopcast headless next to
# the bare GStreamer pipeline with one text line, at 720p30 and 1080p30,
# streaming to a local nginx-rtmp; three destinations and a recording against
# one; and how long going live takes.
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   bench/engine.sh [seconds] [runs]    each measured window lasts this long
#                                       (default 60), each run is made this
#                                       many times (default 3), alternating
#
# Per resolution, `runs` times in turn: Shopcast on bench/engine-<res>.shopcast
# (card, chat panel, title and demo chat running, one RTMP destination); the
# bare pipeline (gst-launch-1.0: the same two test patterns composited, ONE
# textoverlay line, x264 with the same settings, AAC, flvmux, rtmp2sink);
# Shopcast changing the pinned product's stock 10 times a second; and at 720p
# Shopcast with three RTMP destinations and the local recording (nginx records
# the first, as in every run, and only takes the other two). Then `runs`
# go-live runs (--rehearse 2: sc_studio_go_live() to the first RTMP output the
# server acknowledged, by the show's own clock).
#
# CPU is measured by bench/measure.py over the steady window (after a 5 s
# warm-up), per thread and in total, in percent of one core; peak RSS is the
# process's VmHWM. A run "keeps real time" when nginx recorded 30 fps without a
# missing frame (and, for Shopcast, render_drops is 0); ratios use only runs
# that kept real time, and say so when a pipeline did not. Each figure is the
# median of the runs with min and max. Prints a report and appends it to
# docs/performance.md. Environment: BENCH_RESOLUTIONS (default "720p 1080p"),
# BENCH_KINDS (default "shopcast text stock three golive": which runs),
# SHOPCAST_BUILDDIR (default _build),
# BENCH_NO_DOCS=1 (print only), SHOPCAST_BENCH_KEEP=1 (keep logs, events and
# recordings).
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-60}
runs=${2:-3}
case $seconds$runs in
  *[!0-9]*) echo "usage: bench/engine.sh [seconds] [runs]" >&2; exit 2 ;;
esac
if [ "$seconds" -lt 5 ] || [ "$runs" -lt 1 ]; then
  echo "usage: bench/engine.sh [seconds ≥ 5] [runs ≥ 1]" >&2
  exit 2
fi
builddir=${SHOPCAST_BUILDDIR:-$top/_build}
shopcast=$builddir/src/shopcast
doc=$top/docs/performance.md
warmup=5
resolutions=${BENCH_RESOLUTIONS:-720p 1080p}
kinds=${BENCH_KINDS:-shopcast text stock three golive}

# shellcheck source=bench/rtmp-server.sh
source "$top/bench/rtmp-server.sh"

die () { echo "engine.sh: $*" >&2; exit 1; }

for tool in gst-launch-1.0 ffprobe python3; do
  command -v "$tool" >/dev/null || die "$tool is missing (build-aux/dev installs it)"
done
[ -x "$shopcast" ] || die "$shopcast is missing: build first (ninja -C _build)"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
work=$(mktemp -d "${TMPDIR:-/tmp}/shopcast-bench.XXXXXX")
cleanup () {
  rtmp_server_stop
  if [ -n "${SHOPCAST_BENCH_KEEP:-}" ]; then
    echo "engine.sh: kept $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rtmp_server_start "$work/rtmp" || die "could not start nginx-rtmp"

# Per run id: cpu rss fps drops frames recfps missing gap status threads.
declare -A cpu rss fps drops frames recfps missing gap status threads

# measure ID CMD...: bench/measure.py over the steady window.
measure () {
  local id=$1 out
  shift
  if ! out=$(python3 "$top/bench/measure.py" --warmup "$warmup" --seconds "$seconds" \
               --log "$work/$id.log" -- "$@" 2>"$work/$id.err"); then
    status[$id]="failed: $(tail -n 1 "$work/$id.err")"
    return 1
  fi
  read -r _ "cpu[$id]" "rss[$id]" _ <<<"$(grep '^result:' <<<"$out")"
  threads[$id]=$(sed -n 's/^threads: //p' <<<"$out")
  status[$id]=ok
}

# recording ID NAME: over all pieces nginx recorded of stream NAME, the video
# frames, the frame rate along the timestamps, the frames missing from a
# 30 fps timeline (frames a live pipeline dropped) and the largest gap in ms.
recording () {
  local id=$1 name=$2 piece
  local -a pieces=()
  for piece in "$RTMP_DIR/rec/$name"-*.flv; do
    [ -e "$piece" ] && pieces+=("$piece")
  done
  read -r "frames[$id]" "recfps[$id]" "missing[$id]" "gap[$id]" < <(
    for piece in "${pieces[@]}"; do
      ffprobe -v error -select_streams v -show_entries packet=pts_time -of csv=p=0 "$piece" |
        grep -E '^[0-9]' | cut -d, -f1 | sort -g |
        awk 'NR > 1 && $1 - last > max { max = $1 - last }
             NR == 1 { first = $1 }
             { last = $1 }
             END { if (NR > 0) print NR, last - first, max }'
    done | awk '
      { frames += $1; time += $2 + 1 / 30; lost = int($2 * 30 + 0.5) + 1 - $1
        if (lost > 0) missing += lost
        if ($3 > max) max = $3 }
      END {
        if (frames == 0) { print "0 - - -"; exit }
        printf "%d %.1f %d %.0f\n", frames, frames / time, missing, max * 1000
      }')
}

# run_stats ID EVENTS: the frame rate between the first and the last "stats"
# event and the render_drops of the last one.
run_stats () {
  read -r "fps[$1]" "drops[$1]" < <(python3 - "$2" <<'EOF'
import json, sys
stats = []
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if isinstance(event, dict) and event.get("event") == "stats":
                stats.append(event)
except OSError:
    pass
if len(stats) < 2:
    print("- -")
    sys.exit()
first, last = stats[0], stats[-1]
try:
    fps = (last["frames"] - first["frames"]) / (last["t"] - first["t"])
except (KeyError, TypeError, ZeroDivisionError):
    fps = None
print("%.1f" % fps if isinstance(fps, (int, float)) else "-", last.get("render_drops", "-"))
EOF
  )
}

# run_shopcast ID RES NAME [EXTRA...]: one destination rtmp://…/NAME.
run_shopcast () {
  local id=$1 res=$2 name=$3
  shift 3
  measure "$id" "$shopcast" --headless --show "$top/bench/engine-$res.shopcast" \
    --duration $((seconds + warmup + 30)) --events "$work/$id.jsonl" \
    --output "$(rtmp_server_url "$name")" "$@" || return 0
  run_stats "$id" "$work/$id.jsonl"
  recording "$id" "$name"
}

even () { echo $(( ($1 + 1) / 2 * 2 )); }

# run_text ID WIDTH HEIGHT NAME: the shape of Shopcast's pipeline with nothing of
# Shopcast — host (ball) full frame, screen (smpte) drawn at the size of the pip
# inset of src/overlay/sc-layout.c (as Shopcast's sources are, since 904f87b;
# before, it was drawn full frame and scaled by the compositor) — and one
# textoverlay line for all the overlays.
run_text () {
  local id=$1 w=$2 h=$3 name=$4
  local px py pw ph
  px=$(even $((24 * w / 1280))) py=$(even $((88 * w / 1280)))
  pw=$(even $((384 * w / 1280))) ph=$(even $((216 * w / 1280)))
  # Both sources in the canvas's colorimetry, as Shopcast's are: without it
  # the inset is BT.601 (its size is SD), the compositor picks that for the
  # canvas and converts the full-frame host every frame (18 points of a core
  # at 1080p, the "pool" thread). 720p and 1080p are both HD: BT.709.
  local hd="colorimetry=bt709,chroma-site=mpeg2"
  measure "$id" gst-launch-1.0 -e \
    compositor name=comp background=black \
      sink_0::zorder=0 \
      sink_1::xpos="$px" sink_1::ypos="$py" sink_1::width="$pw" sink_1::height="$ph" \
      sink_1::zorder=1 ! \
    "video/x-raw,format=I420,width=$w,height=$h,framerate=30/1" ! \
    textoverlay "text=Demo product · \$19.90 · 12 left" "font-desc=Sans Bold 24" \
      halignment=right valignment=bottom shaded-background=true ! \
    x264enc speed-preset=veryfast tune=zerolatency bitrate=3500 key-int-max=60 ! \
    h264parse ! flvmux name=mux streamable=true ! \
    rtmp2sink location="$(rtmp_server_url "$name")" \
    videotestsrc is-live=true pattern=ball ! \
      "video/x-raw,format=I420,width=$w,height=$h,framerate=30/1,$hd" ! comp.sink_0 \
    videotestsrc is-live=true pattern=smpte ! \
      "video/x-raw,format=I420,width=$pw,height=$ph,framerate=30/1,$hd" ! comp.sink_1 \
    audiotestsrc is-live=true ! audio/x-raw,rate=48000,channels=2 ! audioconvert ! \
      avenc_aac bitrate=128000 ! aacparse ! mux. || return 0
  fps[$id]=- drops[$id]=-
  recording "$id" "$name"
}

# go_live ID: rehearse 2 s, go live; the seconds from live-started (logged by
# sc_studio_go_live() itself) to the output's "live" (the server acknowledged
# the published stream's bytes), by the show's clock.
declare -A golive
go_live () {
  local id=$1
  timeout -s INT -k 20 60 "$shopcast" --headless --show "$top/bench/engine-720p.shopcast" \
    --rehearse 2 --duration 6 --events "$work/$id.jsonl" \
    --output "$(rtmp_server_url "$id")" >"$work/$id.log" 2>&1 || true
  golive[$id]=$(python3 - "$work/$id.jsonl" <<'EOF'
import json, sys
started = live = None
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        try:
            e = json.loads(line)
        except ValueError:
            continue
        if e.get("event") == "live-started" and started is None:
            started = e["t"]
        if e.get("event") == "output-state" and e.get("state") == "live" and live is None:
            live = e["t"]
print("%.3f" % (live - started) if started is not None and live is not None else "-")
EOF
  )
}

realtime () {
  local id=$1
  [ "${status[$id]:-}" = ok ] && [ "${frames[$id]:-0}" != 0 ] &&
    [ "${missing[$id]:--}" = 0 ] &&
    awk "BEGIN { exit !(${recfps[$id]} >= 29.5) }" &&
    { [ "${drops[$id]:--}" = - ] || [ "${drops[$id]}" = 0 ]; }
}

wants () { [[ " $kinds " == *" $1 "* ]]; }

ids=()
for res in $resolutions; do
  case $res in
    720p) w=1280 h=720 ;;
    1080p) w=1920 h=1080 ;;
    *) die "BENCH_RESOLUTIONS: unknown resolution $res (720p, 1080p)" ;;
  esac
  for r in $(seq 1 "$runs"); do
    echo "engine.sh: $res run $r of $runs ($kinds), $seconds s each" >&2
    if wants shopcast; then
      run_shopcast "$res-shopcast-$r" "$res" "shopcast-$res-$r"
      ids+=("$res-shopcast-$r")
    fi
    if wants text; then
      run_text "$res-text-$r" "$w" "$h" "text-$res-$r"
      ids+=("$res-text-$r")
    fi
    if wants stock; then
      run_shopcast "$res-stock-$r" "$res" "stock-$res-$r" --bench-stock-changes 10
      ids+=("$res-stock-$r")
    fi
    if [ "$res" = 720p ] && wants three; then
      run_shopcast "$res-three-$r" "$res" "three-a-$res-$r" \
        --output "$(rtmp_server_sink_url "three-b-$res-$r")" \
        --output "$(rtmp_server_sink_url "three-c-$res-$r")" --record "$work/three-$r.mkv"
      ids+=("$res-three-$r")
    fi
  done
done
if wants golive; then
  for r in $(seq 1 "$runs"); do
    echo "engine.sh: go-live run $r of $runs" >&2
    go_live "golive-$r"
  done
fi

# figure KIND FIELD: "median min max n" of FIELD over the runs of KIND that kept
# real time ("- - - 0" when none did).
figure () {
  local kind=$1 field=$2 r id
  local -n values=$field
  for r in $(seq 1 "$runs"); do
    id=$kind-$r
    realtime "$id" && echo "${values[$id]}"
  done | sort -g | awk '{ v[NR] = $1 }
    END {
      if (NR == 0) { print "- - - 0"; exit }
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%.1f %.1f %.1f %d\n", m, v[1], v[NR], NR
    }'
}

calc () { awk "BEGIN { printf \"%.2f\", $1 }"; }
verdict () { awk "BEGIN { print ($1 <= $2) ? \"PASS\" : \"FAIL\" }"; }

table () {
  local id
  printf '| run | CPU %% (one core) | peak RSS MB | fps | render drops |'
  printf ' recorded frames | recorded fps | missing frames | max gap ms | real time |\n'
  printf '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n'
  for id in "${ids[@]}"; do
    if [ "${status[$id]:-}" = ok ]; then
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$id" "${cpu[$id]}" \
        "${rss[$id]}" "${fps[$id]}" "${drops[$id]}" "${frames[$id]}" "${recfps[$id]}" \
        "${missing[$id]}" "${gap[$id]}" "$(realtime "$id" && echo yes || echo "**no**")"
    else
      printf '| %s | | | | | | | | | %s |\n' "$id" "${status[$id]:-not run}"
    fi
  done
}

summary () {
  local res kind m lo hi n
  printf '| %s | %s | %s | %s |\n' "runs (median of those that kept real time)" \
    "CPU % median (min–max)" "peak RSS MB median (max)" "kept real time"
  printf '| --- | ---: | ---: | ---: |\n'
  for res in $resolutions; do
    for kind in shopcast text stock three; do
      wants "$kind" || continue
      [ "$kind" = three ] && [ "$res" != 720p ] && continue
      read -r m lo hi n <<<"$(figure "$res-$kind" cpu)"
      read -r rm _ rhi _ <<<"$(figure "$res-$kind" rss)"
      printf '| %s-%s | %s (%s–%s) | %s (%s) | %s of %s |\n' "$res" "$kind" "$m" "$lo" "$hi" \
        "$rm" "$rhi" "$n" "$runs"
    done
  done
}

targets () {
  local res s t st th ratio rmax limit drops_total r id
  for res in $resolutions; do
    wants shopcast || continue
    read -r s _ _ sn <<<"$(figure "$res-shopcast" cpu)"
    read -r t _ _ tn <<<"$(figure "$res-text" cpu)"
    if ! wants text; then
      :
    elif [ "$tn" = 0 ]; then
      echo "- $res CPU Shopcast / bare with one text line: n/a — the bare pipeline did not keep" \
        "real time in any run (marked **no** above), so no ratio is drawn from it"
    elif [ "$sn" = 0 ]; then
      echo "- $res CPU Shopcast / bare with one text line: n/a — Shopcast did not keep real time"
    else
      ratio=$(calc "$s / $t")
      echo "- **$res CPU Shopcast / bare with one text line: $ratio** (medians $s / $t % of a core," \
        "$sn and $tn runs; target <= 1.10: $(verdict "$ratio" 1.10))"
    fi
    drops_total=0
    for r in $(seq 1 "$runs"); do
      id=$res-shopcast-$r
      if realtime "$id"; then :; else drops_total=$((drops_total + 1)); fi
    done
    echo "- $res Shopcast runs that lost a frame (render drops or missing in the recording):" \
      "$drops_total of $runs (target 0: $(verdict "$drops_total" 0))"
    read -r _ _ rmax _ <<<"$(figure "$res-shopcast" rss)"
    limit=$([ "$res" = 720p ] && echo 120 || echo 150)
    if [ "$rmax" != - ]; then
      echo "- $res peak RSS, the largest of the runs: $rmax MB (target <= $limit:" \
        "$(verdict "$rmax" "$limit"))"
    fi
    read -r st _ _ stn <<<"$(figure "$res-stock" cpu)"
    if [ "$sn" != 0 ] && [ "$stn" != 0 ]; then
      echo "- $res 10 stock changes a second: +$(calc "$st - $s") CPU points (medians;" \
        "target <= 2: $(verdict "$(calc "$st - $s")" 2))"
    fi
  done
  read -r s _ _ sn <<<"$(figure 720p-shopcast cpu)"
  read -r th _ _ thn <<<"$(figure 720p-three cpu)"
  if [ "$sn" != 0 ] && [ "$thn" != 0 ]; then
    echo "- 720p three RTMP destinations and the recording against one destination:" \
      "+$(calc "$th - $s") CPU points (medians $th / $s; target <= 3:" \
      "$(verdict "$(calc "$th - $s")" 3))"
  fi
  local -a lat=()
  for r in $(seq 1 "$runs"); do
    [ "${golive[golive-$r]:--}" != - ] && lat+=("${golive[golive-$r]}")
  done
  if [ "${#lat[@]}" -gt 0 ]; then
    read -r m lo hi <<<"$(printf '%s\n' "${lat[@]}" | sort -g | awk '{ v[NR] = $1 }
      END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%.3f %.3f %.3f\n", m, v[1], v[NR] }')"
    echo "- Go live, sc_studio_go_live() to the first output acknowledged by the server:" \
      "median $m s ($lo–$hi, ${#lat[@]} runs; target <= 1: $(verdict "$hi" 1))"
  elif wants golive; then
    echo "- Go live: n/a (no run logged live-started and a live output; see golive-*.log)"
  fi
}

# The threads of the run whose CPU is the median of its kind.
breakdown () {
  local res kind r id m
  for res in $resolutions; do
    for kind in shopcast text stock three; do
      wants "$kind" || continue
      [ "$kind" = three ] && [ "$res" != 720p ] && continue
      read -r m _ _ _ <<<"$(figure "$res-$kind" cpu)"
      for r in $(seq 1 "$runs"); do
        id=$res-$kind-$r
        if [ "${status[$id]:-}" = ok ] && [ "${cpu[$id]}" = "$m" ]; then
          echo "- $id (${cpu[$id]} %): ${threads[$id]}"
          break
        fi
      done
    done
  done
}

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
gst_version=$(gst-launch-1.0 --version | sed -n 's/^GStreamer //p' | head -n 1)
commit=$(git -C "$top" describe --always --dirty 2>/dev/null || echo unknown)

report () {
  echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — bench/engine.sh $seconds $runs"
  echo
  echo "- Command: \`${BENCH_RESOLUTIONS:+BENCH_RESOLUTIONS=\"$resolutions\" }${BENCH_KINDS:+BENCH_KINDS=\"$kinds\" }bench/engine.sh $seconds $runs\` at $commit"
  echo "- Machine: ${cpu_model:-unknown CPU}, nproc $(nproc)," \
    "$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release)," \
    "GStreamer ${gst_version:-?}, load average before: $load_before, after:" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- CPU over $seconds s after a ${warmup} s warm-up (bench/measure.py), in percent of one core"
  echo
  targets
  echo
  summary
  echo
  table
  echo
  wants golive && echo "Go-live runs (s): $(for r in $(seq 1 "$runs"); do printf '%s ' "${golive[golive-$r]:--}"; done)"
  echo
  echo "CPU per thread, % of one core, of the median run of each kind:"
  echo
  breakdown
  echo
}

report | tee "$work/report.md"

if [ -z "${BENCH_NO_DOCS:-}" ]; then
  { echo; cat "$work/report.md"; } >>"$doc"
  echo "engine.sh: appended to ${doc#"$top"/}" >&2
fi
