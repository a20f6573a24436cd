#!/usr/bin/python3
# bench/measure.py — what one running program costs once it is running.
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   measure.py --warmup S --seconds N [--log FILE] -- COMMAND...
#
# Starts COMMAND, waits S seconds (start-up: the show opening, the catalog,
# the encoder's first keyframes), then reads the CPU time of each of its
# threads (utime + stime of /proc/PID/task/*/stat) at the start and the end of
# a window of N seconds, and the process's peak RSS (VmHWM) at the end. Then
# it sends SIGINT (a show ends, gst-launch -e sends EOS) and waits for it.
# Prints two lines:
#   result: CPU_PERCENT_OF_ONE_CORE PEAK_RSS_MB EXIT_STATUS
#   threads: NAME PERCENT, NAME PERCENT, ...   (busiest first, summed by name)
# GStreamer names a streaming thread after the pad that starts it
# ("compositor:src" in Shopcast and "comp:src" in a gst-launch pipeline are
# the compositor and everything after it, x264 included), GLib its pools.

import argparse
import os
import signal
import subprocess
import sys
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")


def threads(pid):
    """CPU seconds per thread id: (name, seconds)."""
    result = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        result[tid] = (name, (int(fields[11]) + int(fields[12])) / CLK_TCK)
    return result


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--log", default=os.devnull)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command")

    with open(args.log, "w") as log:
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        time.sleep(args.warmup)
        if proc.poll() is not None:
            print(f"measure.py: {command[0]} ended during the warm-up "
                  f"(exit {proc.returncode})", file=sys.stderr)
            sys.exit(1)
        before, t0 = threads(proc.pid), time.monotonic()
        time.sleep(args.seconds)
        after, t1 = threads(proc.pid), time.monotonic()
        rss = peak_rss_mb(proc.pid)
        if proc.poll() is not None:
            print(f"measure.py: {command[0]} ended before the window did "
                  f"(exit {proc.returncode})", file=sys.stderr)
            sys.exit(1)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
    try:
        status = proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()
        status = proc.wait()

    per_name = {}
    for tid, (name, seconds) in after.items():
        spent = seconds - before.get(tid, (name, 0.0))[1]
        per_name[name] = per_name.get(name, 0.0) + spent
    wall = t1 - t0
    total = sum(per_name.values()) / wall * 100
    busiest = sorted(per_name.items(), key=lambda kv: -kv[1])
    print(f"result: {total:.1f} {rss:.1f} {status}")
    print("threads: " + ", ".join(f"{name} {spent / wall * 100:.1f}"
                                  for name, spent in busiest if spent > 0))


if __name__ == "__main__":
    main()
