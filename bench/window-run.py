#!/usr/bin/python3
# bench/window-run.py — one run of bench/window.sh: Shopcast live on a show,
# headless or in its window, and what the process costs once it is live.
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   window-run.py --mode headless|window --shopcast BIN --show FILE --output URL
#                 --events FILE --seconds N [--warmup S] [--log FILE]
#
# headless: `shopcast --headless`, live at once. window: the window (run this
# under xvfb-run and dbus-run-session; the renderer is the caller's
# GSK_RENDERER), "Go Live" found over AT-SPI and clicked with xdotool
# (tests/lib/sc_atspi.py). Once `live-started` is logged and the warm-up has
# passed, CPU time (utime + stime of /proc/PID/stat) is read at the start and
# the end of a window of N seconds; the frame rates come from the show's own
# `stats` events over the same window. Prints one line (services the D-Bus
# session starts may print too):
#   result: cpu_percent_of_one_core peak_rss_mb encoder_fps render_drops preview_fps xvfb_cpu
# ("-" for what does not apply), preceded by the CPU of each of its threads
# over the same window, busiest first:
#   threads: NAME PERCENT, NAME PERCENT, ...
# and by how fast the show came up and went live:
#   timing: PREVIEW_S PROCESS_TO_PREVIEW_S GO_LIVE_S
# (the preview-started event's since_start_s; the process's start to that
# event, polled every 50 ms; live-started to the first output "live", i.e.
# the server acknowledged the stream, by the show's clock).
# or exits 1 with the reason on stderr.

import argparse
import json
import os
import signal
import subprocess
import sys
import time

import measure  # bench/measure.py, beside this script

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STATE_TIMEOUT = 60.0
CLK_TCK = os.sysconf("SC_CLK_TCK")


def fail(message):
    print(f"window-run.py: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def cpu_seconds(pid):
    """utime + stime of every thread of pid, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        stat = f.read()
    # The command name is in parentheses and may hold spaces: count after it.
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def thread_seconds(pid):
    """utime + stime per thread name of pid, in seconds: GStreamer names its
    streaming threads after the element whose pad starts them (a queue's
    "preview-queue:src"), GLib its pools ("pool-shopcast"). Threads that share
    a name are summed."""
    times = {}
    for name, seconds in measure.threads(pid).values():
        times[name] = times.get(name, 0.0) + seconds
    return times


def xvfb_pid():
    """The Xvfb serving $DISPLAY, whose drawing of the window is part of its
    cost, or None (headless, or another X server)."""
    display = os.environ.get("DISPLAY", "")
    if not display:
        return None
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        if argv and os.path.basename(argv[0]) == b"Xvfb" and display.encode() in argv:
            return int(entry)
    return None


def read_events(path):
    events = []
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    event = json.loads(line)
                except ValueError:
                    continue  # a line still being written
                if isinstance(event, dict):
                    events.append(event)
    except FileNotFoundError:
        pass
    return events


def last_stats(path):
    stats = [e for e in read_events(path) if e.get("event") == "stats"]
    return stats[-1] if stats else None


def wait_for(condition, timeout, what, process):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if process.poll() is not None:
            fail(f"shopcast exited ({process.returncode}) while waiting for {what}")
        time.sleep(0.2)
    fail(f"timed out after {timeout:.0f} s waiting for {what}")


def check_sources(path):
    # A run whose sources were replaced by slates measures something else.
    for event in read_events(path):
        if event.get("event") == "source-failed":
            fail(f"source “{event.get('source')}” failed ({event.get('error')}); "
                 "the run measures nothing")


def go_live_in_window(args, process):
    import sc_atspi

    # Rehearsal first runs for a few preview frames: Go Live is enabled before
    # the pipeline is up, and this measures the show, not its start.
    wait_for(lambda: (lambda s: s is not None and s.get("preview_frames", 0) >= 10)(
        last_stats(args.events)), STATE_TIMEOUT, "the preview to run in rehearsal", process)
    check_sources(args.events)
    try:
        sc_atspi.wait_until(lambda: len(sc_atspi.registered_apps()) > 0, STATE_TIMEOUT,
                            "the app to register on the accessibility bus")
        app = sc_atspi.wait_until(lambda: sc_atspi.find_app("shopcast"), STATE_TIMEOUT,
                                  "the app on AT-SPI")
        button = sc_atspi.wait_until(lambda: sc_atspi.find_enabled_button(app, "Go Live"),
                                     STATE_TIMEOUT, "an enabled “Go Live” button")
        with open(args.show, encoding="utf-8") as f:
            title = json.load(f).get("title", "")
        sc_atspi.click(process.pid, button, title)
    except sc_atspi.Failure as error:
        fail(str(error))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=("headless", "window"), required=True)
    parser.add_argument("--shopcast", required=True)
    parser.add_argument("--show", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--events", required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--log", default=os.devnull)
    args = parser.parse_args()

    command = [args.shopcast, "--show", args.show, "--output", args.output,
               "--events", args.events]
    bus = None
    if args.mode == "headless":
        command.insert(1, "--headless")
        env = dict(os.environ)
    else:
        sys.path.insert(0, os.path.join(TOP, "tests", "lib"))
        try:
            import sc_atspi
        except (ImportError, ValueError) as error:
            fail(f"gi.repository.Atspi (gir1.2-atspi-2.0): {error}")
        if not os.environ.get("DISPLAY"):
            fail("no X display (run under xvfb-run)")
        env = sc_atspi.app_env()
        try:
            bus = sc_atspi.start_bus(env)
            sc_atspi.wait_until(sc_atspi.registry_ready, STATE_TIMEOUT, "the AT-SPI registry")
        except sc_atspi.Failure as error:
            fail(str(error))

    log = open(args.log, "w")
    spawned = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    to_preview = None
    try:
        if args.mode == "window":
            # From the process's start to the first preview frame, polled
            # every 50 ms (the event's own since_start_s counts from
            # sc_studio_start(), after the window is up).
            deadline = time.monotonic() + STATE_TIMEOUT
            while to_preview is None and time.monotonic() < deadline:
                if any(e.get("event") == "preview-started" for e in read_events(args.events)):
                    to_preview = time.monotonic() - spawned
                elif process.poll() is not None:
                    fail(f"shopcast exited ({process.returncode}) before its first preview frame")
                else:
                    time.sleep(0.05)
            go_live_in_window(args, process)
        wait_for(lambda: any(e.get("event") == "live-started" for e in read_events(args.events)),
                 STATE_TIMEOUT, "the live-started event", process)
        time.sleep(args.warmup)

        xvfb = xvfb_pid() if args.mode == "window" else None
        first = wait_for(lambda: last_stats(args.events), STATE_TIMEOUT, "a stats event",
                         process)
        t0, cpu0 = time.monotonic(), cpu_seconds(process.pid)
        threads0 = thread_seconds(process.pid)
        xcpu0 = cpu_seconds(xvfb) if xvfb else None
        time.sleep(args.seconds)
        t1, cpu1 = time.monotonic(), cpu_seconds(process.pid)
        threads1 = thread_seconds(process.pid)
        xcpu1 = cpu_seconds(xvfb) if xvfb else None
        rss = measure.peak_rss_mb(process.pid)
        last = last_stats(args.events)
        if process.poll() is not None:
            fail(f"shopcast exited ({process.returncode}) during the measurement")
        check_sources(args.events)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if bus is not None:
            bus.terminate()
            bus.wait()
        log.close()

    dt = last["t"] - first["t"]
    if dt <= 0:
        fail("no stats event was written during the measurement")
    fps = (last["frames"] - first["frames"]) / dt
    if fps < 1:
        fail(f"the show encoded no frames during the measurement ({last['frames']} in all)")
    if args.mode == "window":
        if "preview_frames" not in last:
            fail("the stats events have no preview_frames (an older shopcast?)")
        preview = "%.1f" % ((last["preview_frames"] - first["preview_frames"]) / dt)
    else:
        preview = "-"
    xvfb_cpu = "%.1f" % (100 * (xcpu1 - xcpu0) / (t1 - t0)) if xvfb else "-"
    # Threads that started during the window count from zero; a thread that
    # ended during it is lost (none of the show's long-lived ones do).
    busy = sorted(((threads1[name] - threads0.get(name, 0.0), name) for name in threads1),
                  reverse=True)
    print("threads: " + ", ".join("%s %.1f" % (name, 100 * seconds / (t1 - t0))
                                  for seconds, name in busy if seconds > 0), flush=True)
    events = read_events(args.events)
    preview_started = next((e for e in events if e.get("event") == "preview-started"), None)
    live_started = next((e for e in events if e.get("event") == "live-started"), None)
    output_live = next((e for e in events if e.get("event") == "output-state"
                        and e.get("state") == "live"), None)
    print("timing: %s %s %s" % (
        "%.3f" % preview_started["since_start_s"] if preview_started else "-",
        "%.2f" % to_preview if to_preview is not None else "-",
        "%.3f" % (output_live["t"] - live_started["t"]) if live_started and output_live else "-"),
        flush=True)
    print("result: %.1f %.1f %.1f %d %s %s" % (100 * (cpu1 - cpu0) / (t1 - t0), rss, fps,
                                       last["render_drops"], preview, xvfb_cpu), flush=True)


if __name__ == "__main__":
    main()
