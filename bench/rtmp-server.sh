#!/usr/bin/env bash
# bench/rtmp-server.sh — a private nginx-rtmp on a free loopback port that records
# every stream published to rtmp://127.0.0.1:PORT/live/NAME as DIR/rec/NAME-<unix s>.flv
# (and takes, without recording, what is published to rtmp://127.0.0.1:PORT/sink/NAME).
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The shell twin of tests/sc-test-rtmp.c (the same nginx configuration, plus the
# unrecorded "sink" application).
#   source bench/rtmp-server.sh; rtmp_server_start DIR; ...; rtmp_server_stop
#     sets RTMP_PORT, RTMP_PID, RTMP_DIR; rtmp_server_url NAME prints the URL.
#   bench/rtmp-server.sh [DIR]     runs one in the foreground until Ctrl-C.

# Set by rtmp_server_start for the caller.
# shellcheck disable=SC2034
RTMP_PORT='' RTMP_PID='' RTMP_DIR=''

rtmp_find_nginx () {
  local d
  command -v nginx 2>/dev/null && return 0
  for d in /usr/local/sbin /usr/sbin /sbin; do
    [ -x "$d/nginx" ] && { echo "$d/nginx"; return 0; }
  done
  return 1
}

# Debian's snippet says "load_module modules/ngx_rtmp_module.so;", relative to
# nginx's build prefix /usr/share/nginx.
rtmp_find_module () {
  local snippet=/usr/share/nginx/modules-available/mod-rtmp.conf path
  if [ -n "${SHOPCAST_NGINX_RTMP_MODULE:-}" ] && [ -f "$SHOPCAST_NGINX_RTMP_MODULE" ]; then
    echo "$SHOPCAST_NGINX_RTMP_MODULE"; return 0
  fi
  if [ -f "$snippet" ]; then
    path=$(sed -n 's/^[[:space:]]*load_module[[:space:]]\+["'\'']\?\([^"'\'';]*\).*/\1/p' \
           "$snippet" | head -n 1)
    case $path in
      "") ;;
      /*) [ -f "$path" ] && { echo "$path"; return 0; } ;;
      *) [ -f "/usr/share/nginx/$path" ] && { echo "/usr/share/nginx/$path"; return 0; } ;;
    esac
  fi
  for path in /usr/lib/nginx/modules/ngx_rtmp_module.so \
              /usr/lib64/nginx/modules/ngx_rtmp_module.so; do
    [ -f "$path" ] && { echo "$path"; return 0; }
  done
  return 1
}

rtmp_port_open () {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A port nothing listens on, from the range the kernel does not hand out itself.
rtmp_free_port () {
  local port _
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 12000))
    rtmp_port_open "$port" || { echo "$port"; return 0; }
  done
  return 1
}

rtmp_server_url () {
  echo "rtmp://127.0.0.1:$RTMP_PORT/live/$1"
}

# rtmp_server_sink_url NAME: a stream nginx takes and does not record (the
# extra destinations of a run, so that nginx's disk writes do not compete
# with the run for the two cores).
rtmp_server_sink_url () {
  echo "rtmp://127.0.0.1:$RTMP_PORT/sink/$1"
}

rtmp_server_start () {
  local dir=$1 nginx module _
  nginx=$(rtmp_find_nginx) || { echo "rtmp-server: nginx is not installed" >&2; return 1; }
  module=$(rtmp_find_module) || {
    echo "rtmp-server: the nginx RTMP module (libnginx-mod-rtmp) is not installed" >&2
    return 1
  }
  RTMP_PORT=$(rtmp_free_port) || { echo "rtmp-server: no free port" >&2; return 1; }
  # shellcheck disable=SC2034
  RTMP_DIR=$dir
  mkdir -p "$dir/rec"

  # master_process off: one process, no user switch (root or not), gone with its
  # socket on SIGTERM. No http block, so nothing under /var/lib/nginx is needed.
  cat > "$dir/nginx.conf" <<EOF
load_module "$module";
daemon off;
master_process off;
worker_processes 1;
pid "$dir/nginx.pid";
error_log "$dir/error.log" info;
events {
  worker_connections 256;
}
rtmp {
  access_log "$dir/access.log";
  server {
    listen 127.0.0.1:$RTMP_PORT;
    application live {
      live on;
      record all;
      record_path "$dir/rec";
      record_unique on;
      record_suffix .flv;
    }
    application sink {
      live on;
    }
  }
}
EOF

  rtmp_server_launch
}

# Starts nginx on the configuration rtmp_server_start wrote and waits for its port.
rtmp_server_launch () {
  local dir=$RTMP_DIR nginx _
  nginx=$(rtmp_find_nginx) || { echo "rtmp-server: nginx is not installed" >&2; return 1; }
  "$nginx" -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" \
    >/dev/null 2>"$dir/nginx.stderr" &
  RTMP_PID=$!
  for _ in $(seq 1 100); do
    rtmp_port_open "$RTMP_PORT" && return 0
    if ! kill -0 "$RTMP_PID" 2>/dev/null; then
      echo "rtmp-server: nginx exited:" >&2
      cat "$dir/nginx.stderr" >&2
      RTMP_PID=
      return 1
    fi
    sleep 0.05
  done
  echo "rtmp-server: nginx did not listen on 127.0.0.1:$RTMP_PORT within 5 s" >&2
  rtmp_server_stop
  return 1
}

rtmp_server_stop () {
  [ -n "$RTMP_PID" ] || return 0
  kill -TERM "$RTMP_PID" 2>/dev/null || true
  wait "$RTMP_PID" 2>/dev/null || true
  RTMP_PID=
}

# The server goes away and comes back on the same port after $1 seconds (as
# an ingest server restarting): publishers see their connection cut.
rtmp_server_restart () {
  rtmp_server_stop
  sleep "${1:-0}"
  rtmp_server_launch
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  dir=${1:-$(mktemp -d "${TMPDIR:-/tmp}/shopcast-rtmp.XXXXXX")}
  trap rtmp_server_stop EXIT
  trap 'exit 130' INT TERM
  rtmp_server_start "$dir"
  echo "nginx-rtmp on $(rtmp_server_url NAME), recordings in $dir/rec (Ctrl-C stops)"
  wait "$RTMP_PID"
fi
