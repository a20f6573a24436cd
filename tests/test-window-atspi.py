#!/usr/bin/python3
# test-window-atspi.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The window end to end, driven the way an assistive technology or a UI robot
# drives it: controls are found over AT-SPI by role and accessible name, and
# clicked with xdotool at the centre of their extents (GTK 4.8 exposes names,
# states and extents over AT-SPI, but no actions; tests/lib/sc_atspi.py). A real nginx-rtmp on
# loopback receives the stream; ffprobe checks what arrived and the recording.
# Run by meson under the suite's Xvfb and D-Bus session; prints TAP.

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

# Generous: CI is a loaded 2-core machine, and waiting costs nothing when all is well.
STATE_TIMEOUT = 180.0
CI = os.environ.get("CI") == "true"

step = 0
DEBUG_APP = []


def tap_ok(description):
    global step
    step += 1
    print(f"ok {step} - {description}", flush=True)


def bail(message):
    if os.environ.get("SHOPCAST_TEST_DEBUG") and DEBUG_APP:
        for node in walk(DEBUG_APP[0]):
            try:
                print("#", node.get_role_name(), repr(node.get_name()),
                      [s.value_nick for s in node.get_state_set().get_states()], flush=True)
            except GLib.Error:
                pass
    print(f"not ok {step + 1} - {message}", flush=True)
    print(f"1..{step + 1}", flush=True)
    sys.exit(1)


def skip_all(reason):
    # A missing tool skips on a developer's machine and fails in CI.
    if CI:
        bail(f"missing under CI=true: {reason}")
    print(f"1..0 # SKIP {reason}", flush=True)
    sys.exit(0)


# The AT-SPI driving code (and its quirks) is shared with bench/window-run.py.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
try:
    import sc_atspi
    from sc_atspi import (Atspi, Failure, GLib, click, find, find_app,
                          registered_apps, registry_ready, showing, walk)
except (ImportError, ValueError) as error:
    skip_all(f"gi.repository.Atspi (gir1.2-atspi-2.0): {error}")

for tool in ("xdotool", "ffprobe"):
    if shutil.which(tool) is None:
        skip_all(tool)
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/sbin/nginx") if os.access(p, os.X_OK)), None)
if NGINX is None:
    skip_all("nginx")
RTMP_MODULE = next((p for p in (os.environ.get("SHOPCAST_NGINX_RTMP_MODULE", ""),
                                "/usr/lib/nginx/modules/ngx_rtmp_module.so",
                                "/usr/lib64/nginx/modules/ngx_rtmp_module.so")
                    if p and os.path.isfile(p)), None)
if RTMP_MODULE is None:
    skip_all("the nginx RTMP module (libnginx-mod-rtmp)")
if not os.access(sc_atspi.BUS_LAUNCHER, os.X_OK):
    skip_all("at-spi-bus-launcher (at-spi2-core)")
if not os.environ.get("DISPLAY"):
    skip_all("an X display (run under xvfb-run)")

SHOPCAST = os.environ["SHOPCAST_BIN"]
SOURCE_DIR = os.environ["SHOPCAST_SOURCE_DIR"]


def wait_until(condition, timeout, what):
    try:
        return sc_atspi.wait_until(condition, timeout, what)
    except Failure as error:
        bail(str(error))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_nginx(directory, port):
    rec = os.path.join(directory, "rec")
    os.makedirs(rec)
    conf = os.path.join(directory, "nginx.conf")
    with open(conf, "w") as f:
        # One process that never switches user and no http block: nginx needs
        # nothing of /var/lib and runs as root or not.
        f.write(f"""load_module "{RTMP_MODULE}";
daemon off;
master_process off;
worker_processes 1;
pid "{directory}/nginx.pid";
error_log "{directory}/error.log" info;
events {{ worker_connections 64; }}
rtmp {{
  server {{
    listen 127.0.0.1:{port};
    application live {{
      live on;
      record all;
      record_path "{rec}";
      record_unique on;
    }}
  }}
}}
""")
    process = subprocess.Popen([NGINX, "-p", directory, "-c", conf],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def listening():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            return process.poll() is not None and bail("nginx exited instead of listening")
    wait_until(listening, 15, "nginx to listen")
    return process


def publishes(directory):
    try:
        with open(os.path.join(directory, "error.log")) as f:
            return f.read().count("publish: name='e2e' ")
    except FileNotFoundError:
        return 0


def ffprobe(target, timeout=30):
    result = subprocess.run(["ffprobe", "-v", "error", "-rw_timeout", "15000000",
                             "-show_streams", "-show_format", "-of", "json", target],
                            capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        return None
    return json.loads(result.stdout)


def read_events(path):
    events = []
    try:
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line:
                    events.append(json.loads(line))
    except FileNotFoundError:
        pass
    return events


# ---- the test -----------------------------------------------------------------

def main():
    tmp = tempfile.mkdtemp(prefix="shopcast-atspi-")
    nginx = None
    app_process = None
    bus = None
    try:
        port = free_port()
        nginx = start_nginx(tmp, port)
        url = f"rtmp://127.0.0.1:{port}/live/e2e"
        recording = os.path.join(tmp, "show.mkv")
        events_path = os.path.join(tmp, "events.jsonl")
        show_path = os.path.join(tmp, "e2e.shopcast")
        catalog = os.path.join(SOURCE_DIR, "data", "demo", "catalog.json")
        with open(show_path, "w") as f:
            json.dump({
                "version": 1,
                "title": "Robot Show",
                "canvas": {"width": 640, "height": 360, "fps": 25},
                "sources": [
                    {"id": "cam", "kind": "test-pattern", "label": "Camera", "pattern": "ball"},
                    {"id": "mic", "kind": "test-tone", "label": "Microphone", "volume": 0.2},
                ],
                "layout": "solo",
                "products": {"file": catalog, "pinned": "candle-01",
                             "rundown": ["candle-01", "mug-01", "scarf-01"]},
                "outputs": [{"name": "Local Server", "url": url}],
                "recording": {"enabled": True, "path": recording, "format": "matroska"},
            }, f)

        env = sc_atspi.app_env()
        bus = sc_atspi.start_bus(env)
        wait_until(registry_ready, STATE_TIMEOUT, "the AT-SPI registry")
        app_process = subprocess.Popen([SHOPCAST, "--show", show_path, "--events", events_path],
                                       env=env)
        # libatspi (2.46) ignores an application that registers after it
        # started, because GTK 4.8 has no AT-SPI cache object to read: wait on
        # D-Bus for the registration, and only then start the AT-SPI client.
        wait_until(lambda: len(registered_apps()) > 0, STATE_TIMEOUT,
                   "the app to register on the accessibility bus")
        app = wait_until(lambda: find_app("shopcast"), STATE_TIMEOUT, "the app on AT-SPI")
        DEBUG_APP.append(app)
        tap_ok("the window is on the accessibility bus")

        go_live = wait_until(lambda: (lambda b: b if b is not None and showing(b) else None)(
            find(app, Atspi.Role.PUSH_BUTTON, name="Go Live")), STATE_TIMEOUT,
            "an enabled “Go Live” button (rehearsal)")
        tap_ok("“Go Live” is found by role and name and is enabled in rehearsal")

        time.sleep(2)
        if publishes(tmp) != 0 or os.listdir(os.path.join(tmp, "rec")):
            bail("something was published during rehearsal")
        if any(e.get("event") == "live-started" for e in read_events(events_path)):
            bail("the show went live before Go Live")
        tap_ok("nothing is published before Go Live")

        click(app_process.pid, go_live, "Robot Show")
        wait_until(lambda: publishes(tmp) >= 1, STATE_TIMEOUT, "nginx to receive the publish")
        probe = wait_until(lambda: ffprobe(url), STATE_TIMEOUT, "ffprobe to read the live stream")
        kinds = sorted(s["codec_type"] for s in probe["streams"])
        if "video" not in kinds or "audio" not in kinds:
            bail(f"the live stream has {kinds}, not video and audio")
        tap_ok("clicking “Go Live” publishes video and audio to nginx")

        pin = find(app, Atspi.Role.PUSH_BUTTON, name="Pin Stoneware Mug, Sage")
        if pin is None:
            bail("no “Pin Stoneware Mug, Sage” button")
        click(app_process.pid, pin, "Robot Show")
        wait_until(lambda: any(e.get("event") == "pinned" and e.get("product_id") == "mug-01"
                               for e in read_events(events_path)),
                   STATE_TIMEOUT, "the mug to be pinned")
        tap_ok("the “Pin …” button puts the product on air")

        end_show = find(app, Atspi.Role.PUSH_BUTTON, name="End Show")
        if end_show is None or not showing(end_show):
            bail("no enabled “End Show” button while live")
        click(app_process.pid, end_show, "Robot Show")

        def labelled(node, text):
            # GTK 4.8 names a button with a mnemonic "_End Show End Show": look
            # at its label instead.
            for child in walk(node, 50):
                if child.get_role() == Atspi.Role.LABEL and child.get_name() == text:
                    return True
            return False

        def confirm_buttons():
            buttons = []
            dialogs = [app.get_child_at_index(i) for i in range(app.get_child_count())]
            for node in (n for d in dialogs if d.get_role() == Atspi.Role.DIALOG
                         for n in walk(d)):
                try:
                    if (node.get_role() == Atspi.Role.PUSH_BUTTON and showing(node)
                            and labelled(node, "End Show")):
                        extents = node.get_extents(Atspi.CoordType.WINDOW)
                        if extents.width > 0 and extents.height > 0:
                            buttons.append(node)
                except GLib.Error:
                    continue
            return buttons
        confirms = wait_until(confirm_buttons, STATE_TIMEOUT, "the End Show confirmation")
        if any(e.get("event") == "live-ended" for e in read_events(events_path)):
            bail("the show ended before it was confirmed")
        tap_ok("End Show asks for confirmation first")

        # The dialog lays its buttons out twice (wide and narrow); one is on screen.
        def ended():
            return any(e.get("event") == "live-ended" for e in read_events(events_path))
        for confirm in confirms:
            click(app_process.pid, confirm, "")
            deadline = time.monotonic() + 10
            while not ended() and time.monotonic() < deadline:
                time.sleep(0.2)
            if ended():
                break
        wait_until(ended, STATE_TIMEOUT, "the show to end")
        probe = wait_until(lambda: os.path.exists(recording) and ffprobe(recording),
                           STATE_TIMEOUT, "a readable recording")
        kinds = sorted(s["codec_type"] for s in probe["streams"])
        if "video" not in kinds or "audio" not in kinds:
            bail(f"the recording has {kinds}, not video and audio")
        if float(probe["format"].get("duration", 0)) <= 0:
            bail("the recording has no duration")
        tap_ok("confirming ends the show and the recording has video and audio")

        wait_until(lambda: (lambda b: b if b is not None and showing(b) else None)(
            find(app, Atspi.Role.PUSH_BUTTON, name="Go Live")), STATE_TIMEOUT,
            "rehearsal again")
        if find(app, Atspi.Role.PUSH_BUTTON, name="Open Folder") is None:
            bail("no “Open Folder” button after the show")
        tap_ok("after the show: back in rehearsal, with Open Folder")

        app_process.send_signal(signal.SIGTERM)
        if app_process.wait(timeout=STATE_TIMEOUT) != 0:
            bail("the app did not exit cleanly")
        app_process = None
        tap_ok("the app quits cleanly when not live")
        print(f"1..{step}", flush=True)
    finally:
        if app_process is not None:
            app_process.kill()
            app_process.wait()
        if bus is not None:
            bus.terminate()
            bus.wait()
        if nginx is not None:
            nginx.terminate()
            nginx.wait()
        if not os.environ.get("SHOPCAST_TEST_KEEP"):
            shutil.rmtree(tmp, ignore_errors=True)


try:
    main()
except Failure as error:
    bail(str(error))
