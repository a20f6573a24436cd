# sc_atspi.py — driving Shopcast's window over AT-SPI, shared by
# tests/test-window-atspi.py and bench/window-run.py.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Controls are found by role and accessible name and clicked with xdotool at
# the centre of their extents (GTK 4.8 exposes names, states and extents over
# AT-SPI, but no actions). Quirks, all met in practice:
# - NO_AT_BRIDGE must be unset (this module drops it from os.environ when
#   imported, and start_bus() from the environment it is given): with it
#   neither the app nor this client is on the accessibility bus.
# - The bus and its registry must be up before the app starts (start_bus(),
#   then wait_until(registry_ready, ...)): GTK looks for them once.
# - libatspi (2.46) ignores an application that registers after the client
#   started, because GTK 4.8 has no AT-SPI cache object to read: wait for
#   registered_apps() (plain D-Bus) first, and only then call find_app() or
#   anything else of Atspi.
# Failures raise Failure with a sentence; callers turn it into their report.

import os
import subprocess
import time

# The test suite sets NO_AT_BRIDGE for the other tests; with it the AT-SPI
# client here does not see the application either.
os.environ.pop("NO_AT_BRIDGE", None)

import gi  # noqa: E402

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, Gio, GLib  # noqa: E402,F401

BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"


class Failure(Exception):
    """Something the driver waited for or needed did not happen."""


def pump():
    # The AT-SPI client learns of new applications and objects from D-Bus
    # signals, which arrive through the main context.
    context = GLib.MainContext.default()
    while context.iteration(False):
        pass


def wait_until(condition, timeout, what, interval=0.2):
    """The first true value of condition(), polled for up to timeout seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pump()
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise Failure(f"timed out after {timeout:.0f} s waiting for {what}")


def app_env(base=None):
    """The environment for an app driven over AT-SPI."""
    env = dict(os.environ if base is None else base, GTK_A11Y="atspi")
    env.pop("NO_AT_BRIDGE", None)
    return env


def start_bus(env=None):
    """Starts the accessibility bus of the current D-Bus session (a Popen to
    terminate at the end); wait for registry_ready() before starting the app."""
    if not os.access(BUS_LAUNCHER, os.X_OK):
        raise Failure(f"{BUS_LAUNCHER} is missing (at-spi2-core)")
    return subprocess.Popen([BUS_LAUNCHER, "--launch-immediately"], env=app_env(env),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def a11y_bus():
    session = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    address = session.call_sync("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus",
                                "GetAddress", None, GLib.VariantType("(s)"),
                                Gio.DBusCallFlags.NONE, 2000, None).unpack()[0]
    return Gio.DBusConnection.new_for_address_sync(
        address, Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT
        | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)


def registered_apps():
    # The registry's children, asked over plain D-Bus.
    try:
        bus = a11y_bus()
        children = bus.call_sync("org.a11y.atspi.Registry", "/org/a11y/atspi/accessible/root",
                                 "org.a11y.atspi.Accessible", "GetChildren", None, None,
                                 Gio.DBusCallFlags.NONE, 5000, None).unpack()[0]
        bus.close_sync(None)
        return children
    except GLib.Error:
        return []


def registry_ready():
    # GTK looks for the accessibility bus and its registry once, when it
    # starts: both must be up before the app is launched.
    try:
        bus = a11y_bus()
        bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus",
                      "org.freedesktop.DBus", "StartServiceByName",
                      GLib.Variant("(su)", ("org.a11y.atspi.Registry", 0)),
                      GLib.VariantType("(u)"), Gio.DBusCallFlags.NONE, 10000, None)
        owned = bus.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus",
                              "org.freedesktop.DBus", "NameHasOwner",
                              GLib.Variant("(s)", ("org.a11y.atspi.Registry",)),
                              GLib.VariantType("(b)"), Gio.DBusCallFlags.NONE, 2000,
                              None).unpack()[0]
        bus.close_sync(None)
        return owned
    except GLib.Error:
        return False


def find_app(name):
    desktop = Atspi.get_desktop(0)
    if os.environ.get("SHOPCAST_TEST_DEBUG"):
        print("# desktop:", [desktop.get_child_at_index(i).get_name()
                             for i in range(desktop.get_child_count())], flush=True)
    for i in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(i)
        if app is not None and app.get_name() == name:
            return app
    return None


def walk(node, depth=0):
    if node is None or depth > 60:
        return
    yield node
    try:
        count = node.get_child_count()
    except GLib.Error:
        return
    for i in range(count):
        yield from walk(node.get_child_at_index(i), depth + 1)


def find(app, role, name=None, prefix=None):
    for node in walk(app):
        try:
            if node.get_role() != role:
                continue
            node_name = node.get_name() or ""
        except GLib.Error:
            continue
        if name is not None and node_name == name:
            return node
        if prefix is not None and node_name.startswith(prefix):
            return node
    return None


def showing(node):
    # GTK 4.8 sets "showing" on toplevels only; "visible" is what it has.
    states = node.get_state_set()
    return states.contains(Atspi.StateType.VISIBLE) and states.contains(Atspi.StateType.SENSITIVE)


def find_enabled_button(app, name):
    """The push button called name when it is visible and sensitive, else None."""
    button = find(app, Atspi.Role.PUSH_BUTTON, name=name)
    return button if button is not None and showing(button) else None


def toplevel_of(node):
    while node is not None:
        parent = node.get_parent()
        if parent is None or parent.get_role() == Atspi.Role.APPLICATION:
            return node
        node = parent
    return None


def x_window_for(pid, title):
    # The toplevels of our process; a dialog has no title of its own.
    result = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(pid)],
                            capture_output=True, text=True)
    windows = result.stdout.split()
    for window in windows:
        name = subprocess.run(["xdotool", "getwindowname", window],
                              capture_output=True, text=True).stdout.strip()
        if name == title:
            return window
    return windows[-1] if windows else None


def click(pid, node, window_title):
    extents = node.get_extents(Atspi.CoordType.WINDOW)
    if extents.width <= 0 or extents.height <= 0:
        raise Failure(f"“{node.get_name()}” has no extents")
    window = x_window_for(pid, window_title)
    if window is None:
        raise Failure(f"no X window for “{window_title}”")
    x = extents.x + extents.width // 2
    y = extents.y + extents.height // 2
    subprocess.run(["xdotool", "mousemove", "--window", window, str(x), str(y),
                    "click", "1"], check=True)
