#!/usr/bin/python3
# test-window-screenshot.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The window in demo mode, as a person sees it: a PNG of the window, checked
# for content (size, not blank, a colourful preview). Written to the build
# tree; with SHOPCAST_UPDATE_SCREENSHOTS=1 also to docs/screenshots/ for the
# README. Run by meson under the suite's Xvfb and D-Bus session; prints TAP.

import os
import shutil
import subprocess
import sys
import tempfile
import time

CI = os.environ.get("CI") == "true"
TITLE = "Cosy Corner Live"


def skip_all(reason):
    if CI:
        print(f"not ok 1 - missing under CI=true: {reason}\n1..1", flush=True)
        sys.exit(1)
    print(f"1..0 # SKIP {reason}", flush=True)
    sys.exit(0)


def bail(message):
    print(f"not ok 1 - {message}\n1..1", flush=True)
    sys.exit(1)


for tool in ("xdotool", "import", "identify"):
    if shutil.which(tool) is None:
        skip_all(tool)
if not os.environ.get("DISPLAY"):
    skip_all("an X display (run under xvfb-run)")


def measure(png):
    # Width, height, colour spread and how many colours the picture has.
    out = subprocess.run(["identify", "-format", "%w %h %[fx:standard_deviation] %k", png],
                         capture_output=True, text=True, check=True).stdout.split()
    return int(out[0]), int(out[1]), float(out[2]), int(out[3])


def main():
    build_dir = os.environ.get("G_TEST_BUILDDIR", tempfile.gettempdir())
    out = os.path.join(build_dir, "shopcast-window.png")
    env = dict(os.environ)
    app = subprocess.Popen([os.environ["SHOPCAST_BIN"], "--demo"], env=env)
    try:
        window = None
        deadline = time.monotonic() + 60
        while window is None and time.monotonic() < deadline:
            found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name",
                                    f"^{TITLE}$"], capture_output=True, text=True)
            window = found.stdout.split()[0] if found.returncode == 0 else None
            time.sleep(0.5)
        if window is None:
            bail("the demo window did not appear within 60 s")
        subprocess.run(["xdotool", "windowsize", window, "1280", "800"], check=True)

        # The preview is live once the picture is colourful; poll, do not guess.
        deadline = time.monotonic() + 60
        while True:
            time.sleep(2)
            subprocess.run(["import", "-window", window, out], check=True)
            width, height, spread, colours = measure(out)
            if spread > 0.1 and colours > 2000:
                break
            if time.monotonic() > deadline:
                bail(f"the window stayed plain ({colours} colours, spread {spread:.3f})")
        if width < 1000 or height < 600:
            bail(f"the window is {width}×{height}, smaller than asked")
        print(f"ok 1 - the demo window is {width}×{height} with {colours} colours", flush=True)

        if os.environ.get("SHOPCAST_UPDATE_SCREENSHOTS") == "1":
            docs = os.path.join(os.environ["SHOPCAST_SOURCE_DIR"], "docs", "screenshots")
            os.makedirs(docs, exist_ok=True)
            shutil.copyfile(out, os.path.join(docs, "studio.png"))
        print("1..1", flush=True)
    finally:
        app.terminate()
        app.wait(timeout=60)


main()
