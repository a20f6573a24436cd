#!/usr/bin/env bash
# bench/engine.sh — what Shopcast's engine costs next to the same-shaped bare
# GStreamer pipeline, at 720p30 and 1080p30, streaming to a local nginx-rtmp.
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   bench/engine.sh [seconds]        each run lasts this long (default 60)
#
# Runs per resolution: Shopcast headless on bench/engine-<res>.shopcast, the bare
# pipeline (gst-launch-1.0), and Shopcast again changing the pinned product's stock
# 10 times a second. Prints a table and appends a dated section to
# docs/performance.md. Environment: SHOPCAST_BUILDDIR (default _build),
# BENCH_NO_DOCS=1 (print only), SHOPCAST_BENCH_KEEP=1 (keep logs and recordings).
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-60}
case $seconds in
  '' | *[!0-9]* | 0) echo "usage: bench/engine.sh [seconds]" >&2; exit 2 ;;
esac
builddir=${SHOPCAST_BUILDDIR:-$top/_build}
shopcast=$builddir/src/shopcast
doc=$top/docs/performance.md

# shellcheck source=bench/rtmp-server.sh
source "$top/bench/rtmp-server.sh"

die () { echo "engine.sh: $*" >&2; exit 1; }

for tool in gst-launch-1.0 ffprobe python3 timeout; do
  command -v "$tool" >/dev/null || die "$tool is missing (build-aux/dev installs it)"
done
if [ ! -x /usr/bin/time ]; then
  [ "$(id -u)" -eq 0 ] || die "/usr/bin/time is missing: apt-get install time"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q time >/dev/null
fi

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

# Values of the last run, read by the table code.
declare -A cpu rss fps drops frames recfps missing gap status

# measure ID CMD...: runs CMD under GNU time; CPU is (user + sys) / wall, in
# percent of one core; peak RSS is that of the largest process.
measure () {
  local id=$1 rc=0
  shift
  /usr/bin/time -v -o "$work/$id.time" "$@" >"$work/$id.log" 2>&1 || rc=$?
  read -r "cpu[$id]" "rss[$id]" < <(awk -F': ' '
    /User time \(seconds\)/ { user = $2 }
    /System time \(seconds\)/ { sys = $2 }
    /Elapsed \(wall clock\)/ {
      n = split($2, part, ":"); wall = 0
      for (i = 1; i <= n; i++) wall = wall * 60 + part[i]
    }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%.1f %.1f\n", (wall > 0 ? 100 * (user + sys) / wall : 0), rss / 1024 }
  ' "$work/$id.time")
  return "$rc"
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
# event (the last one may cover only the moment the show stopped) and the
# render_drops of the last one.
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
if not stats:
    print("- -")
    sys.exit()
first, last = stats[0], stats[-1]
try:
    fps = (last["frames"] - first["frames"]) / (last["t"] - first["t"])
except (KeyError, TypeError, ZeroDivisionError):
    fps = last.get("fps")
print("%.1f" % fps if isinstance(fps, (int, float)) else "-", last.get("render_drops", "-"))
EOF
  )
}

# The runner exists and writes events (an empty log means it did not run a show).
shopcast_works () {
  [ -x "$shopcast" ] &&
    timeout -s INT -k 10 30 "$shopcast" --headless --demo --duration 3 --record "$work/probe.mkv" \
      --events "$work/probe-events.jsonl" >"$work/probe.log" 2>&1 &&
    [ -s "$work/probe-events.jsonl" ]
}

# run_shopcast ID RES NAME [EXTRA...]
run_shopcast () {
  local id=$1 res=$2 name=$3 rc=0
  shift 3
  measure "$id" timeout -s INT -k 20 $((seconds + 60)) \
    "$shopcast" --headless --show "$top/bench/engine-$res.shopcast" --duration "$seconds" \
    --events "$work/$id.jsonl" --output "$(rtmp_server_url "$name")" "$@" || rc=$?
  if [ "$rc" -ne 0 ]; then
    if [ $# -gt 0 ] && grep -qiE -- "$1|unknown option" "$work/$id.log"; then
      status[$id]="n/a (option $1 rejected)"
    else
      status[$id]="failed (exit $rc, see $id.log)"
    fi
    return
  fi
  status[$id]=ok
  run_stats "$id" "$work/$id.jsonl"
  recording "$id" "$name"
}

even () { echo $(( ($1 + 1) / 2 * 2 )); }

# overlay_png FILE W H: a translucent panel (the brand kit's #1e1e2ecc) as PNG.
overlay_png () {
  gst-launch-1.0 -q videotestsrc num-buffers=1 pattern=solid-color \
    foreground-color=0xcc1e1e2e ! "video/x-raw,format=RGBA,width=$2,height=$3" ! \
    pngenc ! filesink location="$1" >/dev/null
}

# run_bare ID WIDTH HEIGHT NAME KIND: the shape of Shopcast's pipeline with nothing
# of Shopcast — host (ball) full frame, screen (smpte) scaled into the pip inset of
# src/overlay/sc-layout.c. KIND "overlays": the product card, chat panel and title
# pill as translucent images of their sizes and places in the layout, blended by
# gdkpixbufoverlay (the same GstVideoOverlayComposition blend Shopcast uses);
# KIND "text": only a textoverlay line, for reference.
run_bare () {
  local id=$1 w=$2 h=$3 name=$4 kind=$5 rc=0
  local px py pw ph s
  local -a overlays
  px=$(even $((24 * w / 1280))) py=$(even $((88 * w / 1280)))
  pw=$(even $((384 * w / 1280))) ph=$(even $((216 * w / 1280)))
  if [ "$kind" = overlays ]; then
    # Rects of the pip layout at 1280x720 (scaled for other sizes): card, chat, pill.
    overlays=()
    for s in "card 696 472 560 224" "chat 856 152 400 304" "pill 24 24 320 48"; do
      # shellcheck disable=SC2086 # the fields are split on purpose
      set -- $s
      overlay_png "$work/$1-$w.png" "$(even $(($4 * w / 1280)))" "$(even $(($5 * w / 1280)))"
      overlays+=(gdkpixbufoverlay "location=$work/$1-$w.png" \
                 "offset-x=$(even $(($2 * w / 1280)))" "offset-y=$(even $(($3 * w / 1280)))" !)
    done
  else
    overlays=(textoverlay "text=Demo product · \$19.90 · 12 left" "font-desc=Sans Bold 24" \
              halignment=right valignment=bottom shaded-background=true !)
  fi
  measure "$id" timeout -s INT -k 20 "$seconds" gst-launch-1.0 -e \
    compositor name=comp background=black \
      sink_0::zorder=0 \
      sink_1::xpos="$px" sink_1::ypos="$py" sink_1::width="$pw" sink_1::height="$ph" \
      sink_1::zorder=1 ! \
    "video/x-raw,format=I420,width=$w,height=$h,framerate=30/1" ! \
    "${overlays[@]}" \
    x264enc speed-preset=veryfast tune=zerolatency bitrate=3500 key-int-max=60 ! \
    h264parse ! flvmux name=mux streamable=true ! \
    rtmp2sink location="$(rtmp_server_url "$name")" \
    videotestsrc is-live=true pattern=ball ! \
      "video/x-raw,format=I420,width=$w,height=$h,framerate=30/1" ! comp.sink_0 \
    videotestsrc is-live=true pattern=smpte ! \
      "video/x-raw,format=I420,width=$w,height=$h,framerate=30/1" ! comp.sink_1 \
    audiotestsrc is-live=true ! audio/x-raw,rate=48000,channels=2 ! audioconvert ! \
      avenc_aac bitrate=128000 ! aacparse ! mux. || rc=$?
  # timeout exits 124 when it had to send the INT that ends the run.
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ]; then
    status[$id]="failed (exit $rc, see $id.log)"
    return
  fi
  status[$id]=ok fps[$id]=- drops[$id]=-
  recording "$id" "$name"
}

have_shopcast=1
if ! shopcast_works; then
  have_shopcast=0
  echo "engine.sh: $shopcast --headless --demo does not run; Shopcast rows are n/a" >&2
fi

ids=()
for res in 720p 1080p; do
  case $res in
    720p) w=1280 h=720 ;;
    1080p) w=1920 h=1080 ;;
  esac
  if [ "$have_shopcast" -eq 1 ]; then
    echo "engine.sh: $res Shopcast, $seconds s" >&2
    run_shopcast "$res-shopcast" "$res" "shopcast-$res"
  else
    status[$res-shopcast]="n/a (no headless runner)"
  fi
  echo "engine.sh: $res bare pipeline with the same overlays, $seconds s" >&2
  run_bare "$res-bare" "$w" "$h" "bare-$res" overlays
  echo "engine.sh: $res bare pipeline with one text line, $seconds s" >&2
  run_bare "$res-bare-text" "$w" "$h" "bare-text-$res" text
  if [ "$have_shopcast" -eq 1 ]; then
    # Twice each, alternating: one run of a saturated 2-core machine varies by
    # several CPU points, more than the 2-point budget being measured.
    echo "engine.sh: $res Shopcast + 10 stock changes/s, $seconds s" >&2
    run_shopcast "$res-stock" "$res" "stock-$res" --bench-stock-changes 10
    echo "engine.sh: $res Shopcast again, $seconds s" >&2
    run_shopcast "$res-shopcast2" "$res" "shopcast2-$res"
    echo "engine.sh: $res Shopcast + 10 stock changes/s again, $seconds s" >&2
    run_shopcast "$res-stock2" "$res" "stock2-$res" --bench-stock-changes 10
  else
    status[$res-stock]="n/a (no headless runner)"
  fi
  ids+=("$res-shopcast" "$res-bare" "$res-bare-text" "$res-stock" "$res-shopcast2" "$res-stock2")
done

# calc EXPR: awk arithmetic; "-" when an operand is missing.
calc () { awk "BEGIN { printf \"%.2f\", $1 }"; }
ok () { [ "${status[$1]:-}" = ok ]; }

table () {
  local id
  printf '| run | CPU %% (one core) | peak RSS MB | fps | dropped |'
  printf ' recorded frames | recorded fps | missing frames | max gap ms | status |\n'
  printf '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n'
  for id in "${ids[@]}"; do
    if ok "$id"; then
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | ok |\n' "$id" "${cpu[$id]}" \
        "${rss[$id]}" "${fps[$id]}" "${drops[$id]}" "${frames[$id]}" "${recfps[$id]}" \
        "${missing[$id]}" "${gap[$id]}"
    else
      printf '| %s | | | | | | | | | %s |\n' "$id" "${status[$id]}"
    fi
  done
}

# verdict VALUE LIMIT: PASS when VALUE <= LIMIT.
verdict () { awk "BEGIN { print ($1 <= $2) ? \"PASS\" : \"FAIL\" }"; }

targets () {
  local res ratio overhead
  for res in 720p 1080p; do
    if ok "$res-shopcast" && ok "$res-bare"; then
      ratio=$(calc "${cpu[$res-shopcast]} / ${cpu[$res-bare]}")
      echo "- $res CPU Shopcast/bare: $ratio (target <= 1.10: $(verdict "$ratio" 1.10));" \
        "RSS Shopcast/bare: $(calc "${rss[$res-shopcast]} / ${rss[$res-bare]}")"
      if ok "$res-bare-text"; then
        echo "  (against the bare pipeline with one text line instead of the overlays:" \
          "$(calc "${cpu[$res-shopcast]} / ${cpu[$res-bare-text]}"))"
      fi
    else
      echo "- $res CPU Shopcast/bare: n/a"
    fi
    if ok "$res-shopcast" && [ "${drops[$res-shopcast]}" != - ]; then
      echo "- $res dropped frames: ${drops[$res-shopcast]}" \
        "(target 0: $(verdict "${drops[$res-shopcast]}" 0))"
    else
      echo "- $res dropped frames: n/a"
    fi
    if ok "$res-shopcast" && ok "$res-stock" && ok "$res-shopcast2" && ok "$res-stock2"; then
      overhead=$(calc "(${cpu[$res-stock]} + ${cpu[$res-stock2]} - ${cpu[$res-shopcast]} - ${cpu[$res-shopcast2]}) / 2")
      echo "- $res stock-update overhead: $overhead CPU points, mean of two alternating pairs" \
        "(target <= 2: $(verdict "$overhead" 2))"
    else
      echo "- $res stock-update overhead: n/a"
    fi
  done
  if ok 720p-shopcast; then
    echo "- 720p peak RSS: ${rss[720p-shopcast]} MB" \
      "(target <= 150: $(verdict "${rss[720p-shopcast]}" 150))"
  else
    echo "- 720p peak RSS: n/a"
  fi
}

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
gst_version=$(gst-launch-1.0 --version | sed -n 's/^GStreamer //p' | head -n 1)
commit=$(git -C "$top" describe --always --dirty 2>/dev/null || echo unknown)

report () {
  echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — bench/engine.sh $seconds"
  echo
  echo "- Command: \`bench/engine.sh $seconds\` at $commit"
  echo "- Machine: ${cpu_model:-unknown CPU}, nproc $(nproc)," \
    "$(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release)," \
    "GStreamer ${gst_version:-?}, load average before the runs: $load_before"
  echo
  table
  echo
  targets
  echo
}

report | tee "$work/report.md"

if [ -z "${BENCH_NO_DOCS:-}" ]; then
  { echo; cat "$work/report.md"; } >>"$doc"
  echo "engine.sh: appended to ${doc#"$top"/}" >&2
fi
