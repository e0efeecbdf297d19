#!/usr/bin/env python3
"""A loopback HTTP proxy for the resume test: it passes requests to a plain-HTTP registry
unchanged, except that it drops the connection carrying the Nth PATCH request before a
byte of that request reaches the registry (once), as a network failure between two
chunks of an upload would.

usage: cut_proxy.py LISTEN_PORT REGISTRY_PORT N
"""
import socket, sys, threading

listen_port, target_port, cut_at = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
patches = 0
lock = threading.Lock()


def pump(src, dst):
    try:
        while data := src.recv(65536):
            dst.sendall(data)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve(client):
    global patches
    upstream = socket.create_connection(("127.0.0.1", target_port))
    threading.Thread(target=pump, args=(upstream, client), daemon=True).start()
    buf = b""
    try:
        while True:
            while b"\r\n\r\n" not in buf:
                data = client.recv(65536)
                if not data:
                    raise OSError("client closed")
                buf += data
            head, _, buf = buf.partition(b"\r\n\r\n")
            if head.startswith(b"PATCH "):
                with lock:
                    patches += 1
                    cut = patches == cut_at
                if cut:
                    raise OSError("cut")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            upstream.sendall(head + b"\r\n\r\n")
            while length > 0:
                if not buf:
                    buf = client.recv(65536)
                    if not buf:
                        raise OSError("client closed")
                part, buf = buf[:length], buf[length:]
                upstream.sendall(part)
                length -= len(part)
    except OSError:
        for s in (client, upstream):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()


server = socket.create_server(("127.0.0.1", listen_port))
while True:
    conn, _ = server.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
