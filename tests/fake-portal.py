#!/usr/bin/python3
# fake-portal.py
# SPDX-License-Identifier: GPL-3.0-or-later
"""A fake xdg-desktop-portal with the ScreenCast, Camera and FileChooser
interfaces, and with --documents the document portal (Documents), for the
tests.

Owns org.freedesktop.portal.Desktop on the session bus (the test's private
one, under dbus-run-session) and speaks the real Request/Response protocol:
each call returns the request path derived from the caller's unique name and
its handle_token, then emits Response on it. It records every call it gets as
one JSON line (method, options as plain JSON) in --record, hands out restore
tokens (single use, as the portal does) and checks those it is given.

  --version N          the interface's version property (default 5)
  --choose KIND        what the "person" picks: monitor (default) or window
  --response STEP=N    answer STEP (create, select, start, camera) with
                       response N (1 = cancelled or, for camera, denied by
                       the user; 2 = other error)
  --start-results WHAT malformed Start results: no-streams, streams-string,
                       no-stream, size-string
  --pipewire PATH      OpenPipeWireRemote hands out a socket connected to
                       PATH (PipeWire's socket); else one end of a socketpair
  --node ID            the PipeWire node id of the streams it starts
  --close-after S      S seconds after OpenPipeWireRemote the portal closes
                       the session by itself (Session.Closed), as when the
                       person stops sharing from the desktop
  --no-camera          Camera.IsCameraPresent is false
  --camera-present V   Camera.IsCameraPresent is the string V (a malformed
                       property)
  --no-camera-interface  the portal has no Camera interface
  --ready FILE         written once the name is owned
  --file-chooser WHAT  what the "person" does in OpenFile / SaveFile: cancel
                       (default: response 1) or a path, chosen (response 0
                       with its file:// URI in "uris")
  --file-chooser-uri U  the chosen item's URI as it is (malformed answers:
                       another scheme, a path that does not exist)
  --documents MOUNT    also own org.freedesktop.portal.Documents (version 5):
                       GetMountPoint answers MOUNT, GetHostPaths the host
                       paths given with --document
  --document ID=PATH   the document ID (below MOUNT) stands for the host
                       file or folder PATH; repeatable
"""

import argparse
import json
import os
import socket
import sys

import gi
gi.require_version('Gio', '2.0')
from gi.repository import Gio, GLib  # noqa: E402

PATH = '/org/freedesktop/portal/desktop'

XML = '''
<node>
  <interface name="org.freedesktop.portal.ScreenCast">
    <method name="CreateSession">
      <arg type="a{sv}" name="options" direction="in"/>
      <arg type="o" name="handle" direction="out"/>
    </method>
    <method name="SelectSources">
      <arg type="o" name="session_handle" direction="in"/>
      <arg type="a{sv}" name="options" direction="in"/>
      <arg type="o" name="handle" direction="out"/>
    </method>
    <method name="Start">
      <arg type="o" name="session_handle" direction="in"/>
      <arg type="s" name="parent_window" direction="in"/>
      <arg type="a{sv}" name="options" direction="in"/>
      <arg type="o" name="handle" direction="out"/>
    </method>
    <method name="OpenPipeWireRemote">
      <arg type="o" name="session_handle" direction="in"/>
      <arg type="a{sv}" name="options" direction="in"/>
      <arg type="h" name="fd" direction="out"/>
    </method>
    <property name="AvailableSourceTypes" type="u" access="read"/>
    <property name="AvailableCursorModes" type="u" access="read"/>
    <property name="version" type="u" access="read"/>
  </interface>
  <interface name="org.freedesktop.portal.Camera">
    <method name="AccessCamera">
      <arg type="a{sv}" name="options" direction="in"/>
      <arg type="o" name="handle" direction="out"/>
    </method>
    <method name="OpenPipeWireRemote">
      <arg type="a{sv}" name="options" direction="in"/>
      <arg type="h" name="fd" direction="out"/>
    </method>
    <property name="IsCameraPresent" type="b" access="read"/>
    <property name="version" type="u" access="read"/>
  </interface>
  <interface name="org.freedesktop.portal.FileChooser">
    <method name="OpenFile">
      <arg type="s" name="parent_window" direction="in"/>
      <arg type="s" name="title" direction="in"/>
      <arg type="a{sv}" name="options" direction="in"/>
      <arg type="o" name="handle" direction="out"/>
    </method>
    <method name="SaveFile">
      <arg type="s" name="parent_window" direction="in"/>
      <arg type="s" name="title" direction="in"/>
      <arg type="a{sv}" name="options" direction="in"/>
      <arg type="o" name="handle" direction="out"/>
    </method>
    <property name="version" type="u" access="read"/>
  </interface>
  <interface name="org.freedesktop.portal.Documents">
    <method name="GetMountPoint">
      <arg type="ay" name="path" direction="out"/>
    </method>
    <method name="GetHostPaths">
      <arg type="as" name="doc_ids" direction="in"/>
      <arg type="a{say}" name="paths" direction="out"/>
    </method>
    <property name="version" type="u" access="read"/>
  </interface>
  <interface name="org.freedesktop.portal.Request">
    <method name="Close"/>
    <signal name="Response">
      <arg type="u" name="response"/>
      <arg type="a{sv}" name="results"/>
    </signal>
  </interface>
  <interface name="org.freedesktop.portal.Session">
    <method name="Close"/>
    <signal name="Closed">
      <arg type="a{sv}" name="details"/>
    </signal>
  </interface>
</node>
'''

MONITOR, WINDOW = 1, 2
STREAMS = {
    'monitor': (51, {'source_type': GLib.Variant('u', MONITOR),
                     'size': GLib.Variant('(ii)', (1920, 1080)),
                     'position': GLib.Variant('(ii)', (0, 0)),
                     'id': GLib.Variant('s', 'monitor-0'),
                     'mapping_id': GLib.Variant('s', 'DP-1')}),
    'window': (52, {'source_type': GLib.Variant('u', WINDOW),
                    'size': GLib.Variant('(ii)', (800, 600)),
                    'id': GLib.Variant('s', 'window-7')}),
}


def plain(value):
    """A GVariant's value as JSON, variants unpacked."""
    if isinstance(value, GLib.Variant):
        return plain(value.unpack())
    if isinstance(value, bytes):
        return value.rstrip(b'\0').decode('utf-8', 'replace')
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


class Portal:
    def __init__(self, args):
        self.args = args
        self.responses = dict(r.split('=') for r in args.response)
        self.node = Gio.DBusNodeInfo.new_for_xml(XML)
        self.sessions = {}       # path -> {registration, restored choice}
        self.requests = {}       # path -> registration id
        self.tokens = {}         # restore token -> choice, unused ones only
        self.serial = 0
        self.connection = None
        self.camera_granted = set()   # senders the person let use the camera

    def record(self, entry):
        if self.args.record:
            with open(self.args.record, 'a', encoding='utf-8') as f:
                f.write(json.dumps(entry) + '\n')

    def sender_part(self, sender):
        return sender[1:].replace('.', '_')

    # Requests: exported before the reply, answered after it.
    def request(self, sender, options, step, results_fn, code=None, cancel_results=None):
        token = options.get('handle_token', 'fake%d' % self.serial)
        self.serial += 1
        path = '%s/request/%s/%s' % (PATH, self.sender_part(sender), token)
        reg = self.connection.register_object(
            path, self.node.lookup_interface('org.freedesktop.portal.Request'),
            self.on_request_call, None, None)
        self.requests[path] = reg

        def answer():
            if path not in self.requests:
                return False   # closed by the caller
            answer_code = code if code is not None else int(self.responses.get(step, 0))
            results = results_fn() if answer_code == 0 else (cancel_results or {})
            # To the caller, as the portal does: GTK subscribes with
            # G_DBUS_SIGNAL_FLAGS_NO_MATCH_RULE and sees only unicast signals.
            self.connection.emit_signal(
                sender, path, 'org.freedesktop.portal.Request', 'Response',
                GLib.Variant('(ua{sv})', (answer_code, results)))
            self.connection.unregister_object(self.requests.pop(path))
            return False
        GLib.idle_add(answer)
        return path

    def on_request_call(self, connection, sender, path, iface, method, params, invocation):
        self.record({'method': 'Request.Close', 'path': path})
        reg = self.requests.pop(path, None)
        if reg is not None:
            connection.unregister_object(reg)
        invocation.return_value(None)

    def on_session_call(self, connection, sender, path, iface, method, params, invocation):
        self.record({'method': 'Session.Close', 'path': path})
        session = self.sessions.pop(path, None)
        if session is not None:
            connection.unregister_object(session['registration'])
        invocation.return_value(None)

    def close_session(self, path):
        """The portal ends a session by itself, as when the user presses the
        desktop's "stop sharing": Session.Closed to its owner, object gone."""
        session = self.sessions.pop(path, None)
        if session is None:
            return False
        self.record({'method': 'Session.Closed', 'path': path})
        self.connection.emit_signal(session['sender'], path, 'org.freedesktop.portal.Session',
                                    'Closed', GLib.Variant('(a{sv})', ({},)))
        self.connection.unregister_object(session['registration'])
        return False

    def check_session(self, invocation, sender, path):
        session = self.sessions.get(path)
        if session is None or session['sender'] != sender:
            invocation.return_dbus_error('org.freedesktop.portal.Error.NotFound',
                                         'No such session %s' % path)
            return None
        return session

    def on_call(self, connection, sender, path, iface, method, params, invocation):
        args = params.unpack()
        if method == 'CreateSession':
            options = args[0]
            self.record({'method': method, 'options': plain(options)})
            token = options.get('session_handle_token', 'session%d' % self.serial)
            spath = '%s/session/%s/%s' % (PATH, self.sender_part(sender), token)

            def results():
                reg = connection.register_object(
                    spath, self.node.lookup_interface('org.freedesktop.portal.Session'),
                    self.on_session_call, None, None)
                self.sessions[spath] = {'registration': reg, 'sender': sender,
                                        'choice': None, 'persist': 0}
                return {'session_handle': GLib.Variant('s', spath)}
            invocation.return_value(GLib.Variant(
                '(o)', (self.request(sender, options, 'create', results),)))
        elif method == 'SelectSources':
            spath, options = args
            session = self.check_session(invocation, sender, spath)
            if session is None:
                return
            token = options.get('restore_token')
            entry = {'method': method, 'session': spath, 'options': plain(options)}
            if token is not None:
                # Single use: a token given back is spent, valid or not.
                choice = self.tokens.pop(token, None)
                entry['restore_token_valid'] = choice is not None
                session['choice'] = choice
            self.record(entry)
            session['persist'] = options.get('persist_mode', 0)
            invocation.return_value(GLib.Variant(
                '(o)', (self.request(sender, options, 'select', lambda: {}),)))
        elif method == 'Start':
            spath, parent, options = args
            session = self.check_session(invocation, sender, spath)
            if session is None:
                return
            self.record({'method': method, 'session': spath, 'parent_window': parent,
                         'options': plain(options),
                         'restored': session['choice'] is not None})

            def results():
                choice = session['choice'] or self.args.choose
                session['choice'] = choice
                node, props = STREAMS[choice]
                if self.args.node is not None:
                    node = self.args.node
                what = self.args.start_results
                if what == 'no-streams':
                    out = {}
                elif what == 'streams-string':
                    out = {'streams': GLib.Variant('s', 'DP-1')}
                elif what == 'no-stream':
                    out = {'streams': GLib.Variant('a(ua{sv})', [])}
                elif what == 'size-string':
                    bad = dict(props, size=GLib.Variant('s', '1920x1080'))
                    out = {'streams': GLib.Variant('a(ua{sv})', [(node, bad)])}
                else:
                    out = {'streams': GLib.Variant('a(ua{sv})', [(node, props)])}
                if session['persist']:
                    self.serial += 1
                    token = 'token-%d-%s' % (self.serial, choice)
                    self.tokens[token] = choice
                    out['restore_token'] = GLib.Variant('s', token)
                    out['persist_mode'] = GLib.Variant('u', session['persist'])
                return out
            invocation.return_value(GLib.Variant(
                '(o)', (self.request(sender, options, 'start', results),)))
        elif method == 'OpenPipeWireRemote':
            spath, options = args
            session = self.check_session(invocation, sender, spath)
            if session is None:
                return
            self.record({'method': method, 'session': spath})
            self.pipewire_remote(invocation)
            if self.args.close_after is not None:
                GLib.timeout_add(int(self.args.close_after * 1000),
                                 lambda: self.close_session(spath) and False)
        else:
            invocation.return_dbus_error('org.freedesktop.DBus.Error.UnknownMethod', method)

    def pipewire_remote(self, invocation):
        """A connection to the test's PipeWire (a real portal's remote shows
        the cameras only), else one end of a socketpair."""
        if self.args.pipewire:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.connect(self.args.pipewire)
        else:
            sock, self.other_end = socket.socketpair()
        fds = Gio.UnixFDList.new()
        index = fds.append(sock.fileno())
        sock.close()
        invocation.return_value_with_unix_fd_list(GLib.Variant('(h)', (index,)), fds)

    def on_camera_call(self, connection, sender, path, iface, method, params, invocation):
        options = params.unpack()[0]
        self.record({'method': 'Camera.' + method, 'options': plain(options)})
        if method == 'AccessCamera':
            # Granted once, for the whole session of the caller, as the portal
            # keeps the permission in its store.
            def results():
                self.camera_granted.add(sender)
                return {}
            invocation.return_value(GLib.Variant(
                '(o)', (self.request(sender, options, 'camera', results),)))
        elif method == 'OpenPipeWireRemote':
            if sender not in self.camera_granted:
                invocation.return_dbus_error('org.freedesktop.portal.Error.NotAllowed',
                                             'Camera access was not granted')
                return
            self.pipewire_remote(invocation)
        else:
            invocation.return_dbus_error('org.freedesktop.DBus.Error.UnknownMethod', method)

    def on_file_chooser_call(self, connection, sender, path, iface, method, params, invocation):
        parent, title, options = params.unpack()
        recorded = plain(options)
        if isinstance(recorded.get('current_folder'), list):
            # A bytestring (ay, NUL-terminated): recorded as the path it is.
            recorded['current_folder'] = plain(bytes(recorded['current_folder']))
        self.record({'method': method, 'parent_window': parent, 'title': title,
                     'options': recorded})
        chosen = self.args.file_chooser
        if method not in ('OpenFile', 'SaveFile'):
            invocation.return_dbus_error('org.freedesktop.DBus.Error.UnknownMethod', method)
            return
        code = 1 if chosen == 'cancel' else 0

        def results():
            uri = self.args.file_chooser_uri or Gio.File.new_for_path(chosen).get_uri()
            return {'uris': GLib.Variant('as', [uri])}
        # xdg-desktop-portal answers a cancel with an empty "uris" too; GTK 4.8
        # reads it without checking (a crash without it).
        invocation.return_value(GLib.Variant(
            '(o)', (self.request(sender, options, method, results, code,
                                 {'uris': GLib.Variant('as', [])}),)))

    def on_documents_call(self, connection, sender, path, iface, method, params, invocation):
        args = params.unpack()
        self.record({'method': 'Documents.' + method, 'args': plain(args)})
        if method == 'GetMountPoint':
            mount = self.args.documents.encode() + b'\0'
            invocation.return_value(GLib.Variant('(ay)', (mount,)))
        elif method == 'GetHostPaths':
            # Only the documents the portal knows; unknown ids are left out.
            known = dict(d.split('=', 1) for d in self.args.document)
            out = {i: known[i].encode() + b'\0' for i in args[0] if i in known}
            invocation.return_value(GLib.Variant('(a{say})', (out,)))
        else:
            invocation.return_dbus_error('org.freedesktop.DBus.Error.UnknownMethod', method)

    def on_documents_bus(self, connection, name):
        connection.register_object(
            '/org/freedesktop/portal/documents',
            self.node.lookup_interface('org.freedesktop.portal.Documents'),
            self.on_documents_call, self.on_get_property, None)

    def on_get_property(self, connection, sender, path, iface, name):
        if iface == 'org.freedesktop.portal.FileChooser' and name == 'version':
            return GLib.Variant('u', 3)
        if iface == 'org.freedesktop.portal.Camera':
            if name == 'IsCameraPresent':
                if self.args.camera_present is not None:
                    return GLib.Variant('s', self.args.camera_present)
                return GLib.Variant('b', not self.args.no_camera)
            return GLib.Variant('u', 1)
        if name == 'version':
            return GLib.Variant('u', self.args.version)
        if name == 'AvailableSourceTypes':
            return GLib.Variant('u', MONITOR | WINDOW)
        if name == 'AvailableCursorModes':
            return GLib.Variant('u', 1 | 2 | 4)
        return None

    def on_bus(self, connection, name):
        self.connection = connection
        connection.register_object(
            PATH, self.node.lookup_interface('org.freedesktop.portal.ScreenCast'),
            self.on_call, self.on_get_property, None)
        if not self.args.no_camera_interface:
            connection.register_object(
                PATH, self.node.lookup_interface('org.freedesktop.portal.Camera'),
                self.on_camera_call, self.on_get_property, None)
        connection.register_object(
            PATH, self.node.lookup_interface('org.freedesktop.portal.FileChooser'),
            self.on_file_chooser_call, self.on_get_property, None)

    def on_name(self, connection, name):
        if self.args.ready:
            with open(self.args.ready, 'w', encoding='utf-8') as f:
                f.write(connection.get_unique_name() + '\n')

    def on_lost(self, connection, name):
        print('fake-portal: could not own %s' % name, file=sys.stderr)
        sys.exit(1)


def main():
    # Ends with the test that started it, even when the test aborts.
    try:
        import ctypes
        ctypes.CDLL('libc.so.6', use_errno=True).prctl(1, 15)  # PR_SET_PDEATHSIG, SIGTERM
    except OSError:
        pass
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--record')
    parser.add_argument('--version', type=int, default=5)
    parser.add_argument('--choose', default='monitor', choices=list(STREAMS))
    parser.add_argument('--response', action='append', default=[])
    parser.add_argument('--start-results')
    parser.add_argument('--pipewire')
    parser.add_argument('--node', type=int)
    parser.add_argument('--ready')
    parser.add_argument('--no-camera', action='store_true')
    parser.add_argument('--camera-present')
    parser.add_argument('--no-camera-interface', action='store_true')
    parser.add_argument('--file-chooser', default='cancel')
    parser.add_argument('--file-chooser-uri')
    parser.add_argument('--documents')
    parser.add_argument('--document', action='append', default=[])
    # Seconds after OpenPipeWireRemote when the portal closes the session.
    parser.add_argument('--close-after', type=float)
    args = parser.parse_args()
    portal = Portal(args)
    # Owned before the Desktop name, which the tests wait for.
    if args.documents:
        Gio.bus_own_name(Gio.BusType.SESSION, 'org.freedesktop.portal.Documents',
                         Gio.BusNameOwnerFlags.NONE, portal.on_documents_bus, None,
                         portal.on_lost)
    Gio.bus_own_name(Gio.BusType.SESSION, 'org.freedesktop.portal.Desktop',
                     Gio.BusNameOwnerFlags.NONE, portal.on_bus, portal.on_name, portal.on_lost)
    loop = GLib.MainLoop()
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, 15, loop.quit)
    loop.run()


if __name__ == '__main__':
    main()
