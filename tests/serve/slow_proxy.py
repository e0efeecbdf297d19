#!/usr/bin/env python3
"""A loopback TCP proxy that passes bytes through unchanged (TLS included) but slowly,
about RATE bytes a second each way, so that a copy through it is still running when the
test kills ferry serve.

usage: slow_proxy.py LISTEN_PORT TARGET_PORT RATE
"""
import socket, sys, threading, time

listen_port, target_port, rate = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
chunk = 16384


def pump(src, dst):
    try:
        while data := src.recv(chunk):
            dst.sendall(data)
            time.sleep(len(data) / rate)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


server = socket.create_server(("127.0.0.1", listen_port))
while True:
    client, _ = server.accept()
    upstream = socket.create_connection(("127.0.0.1", target_port))
    threading.Thread(target=pump, args=(client, upstream), daemon=True).start()
    threading.Thread(target=pump, args=(upstream, client), daemon=True).start()
