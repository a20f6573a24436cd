#!/usr/bin/env python3
# throttle-proxy.py — a TCP proxy on loopback that carries the client's bytes
# to the server at most RATE bits per second (a token bucket), like a weak
# uplink; the server's answers go back at once.
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   throttle-proxy.py TARGET_PORT RATE_BITS_PER_S
# Listens on 127.0.0.1:<free port>, prints "port=N" once it does, then one
# line per event: "connection N", "closed N BYTES" (bytes carried upstream).
# Runs until SIGTERM. Standard library only.

import selectors
import signal
import socket
import sys
import time

# The bucket holds 50 ms of the rate: a short burst goes through at once, a
# sustained excess waits. The receive buffer on the client side is kept
# small, so the sender's own queue grows as a real slow uplink makes it.
BURST_S = 0.05
CLIENT_RCVBUF = 32 * 1024
CHUNK = 4096


def say(line):
    # Whoever started us may have stopped reading: the proxy goes on.
    try:
        print(line, flush=True)
    except OSError:
        pass


def main():
    target_port = int(sys.argv[1])
    rate = float(sys.argv[2]) / 8.0  # bytes per second
    burst = max(CHUNK, rate * BURST_S)

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Set before listen() so accepted sockets inherit it and the window
    # never grows past it.
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, CLIENT_RCVBUF)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    say("port=%d" % listener.getsockname()[1])

    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ, ("accept", None))
    # Per connection: client socket, server socket, bytes waiting for the
    # server, tokens, last refill, bytes carried.
    conns = {}
    count = 0

    def close(n):
        c = conns.pop(n, None)
        if c is None:
            return
        for s in (c["client"], c["server"]):
            try:
                sel.unregister(s)
            except (KeyError, ValueError):
                pass
            s.close()
        say("closed %d %d" % (n, c["carried"]))

    while True:
        now = time.monotonic()
        timeout = 0.01
        for n, c in list(conns.items()):
            c["tokens"] = min(burst, c["tokens"] + (now - c["refill"]) * rate)
            c["refill"] = now
            # Only read from the client what the bucket lets through.
            want = selectors.EVENT_READ if c["tokens"] >= 1 and not c["pending"] else 0
            if want != c["client_events"]:
                if c["client_events"]:
                    sel.unregister(c["client"])
                if want:
                    sel.register(c["client"], want, ("client", n))
                c["client_events"] = want
        for key, _ in sel.select(timeout):
            kind, n = key.data
            if kind == "accept":
                client, _ = listener.accept()
                server = socket.create_connection(("127.0.0.1", target_port))
                client.setblocking(False)
                server.setblocking(False)
                count += 1
                conns[count] = {
                    "client": client, "server": server, "pending": b"",
                    "tokens": burst, "refill": time.monotonic(), "carried": 0,
                    "client_events": 0,
                }
                sel.register(server, selectors.EVENT_READ, ("server", count))
                say("connection %d" % count)
                continue
            c = conns.get(n)
            if c is None:
                continue
            if kind == "client":
                try:
                    data = c["client"].recv(int(min(CHUNK, c["tokens"])))
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    data = b""
                if not data:
                    close(n)
                    continue
                c["tokens"] -= len(data)
                c["pending"] += data
            elif kind == "server":
                try:
                    data = c["server"].recv(65536)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    data = b""
                if not data:
                    close(n)
                    continue
                try:
                    c["client"].sendall(data)
                except OSError:
                    close(n)
                    continue
        # What the bucket let in goes on to the server.
        for n, c in list(conns.items()):
            if c["pending"]:
                try:
                    sent = c["server"].send(c["pending"])
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    close(n)
                    continue
                c["carried"] += sent
                c["pending"] = c["pending"][sent:]


if __name__ == "__main__":
    main()
