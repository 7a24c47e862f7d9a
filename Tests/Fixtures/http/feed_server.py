#!/usr/bin/env python3
"""A small HTTP server for candor's snapshot tests. It listens on 127.0.0.1 only (port chosen by the system, printed
on the first line of standard output) and serves the files of the folder given as its argument, with an ETag (the
content's SHA-256) and a Last-Modified, answering 304 to a matching If-None-Match. A few paths misbehave on purpose:

  /redirect-to-file    302 to file:///etc/passwd        (another scheme: must be refused)
  /redirect-to-remote  302 to http://example.invalid/  (plain http off loopback: must be refused)
  /big                 2 MiB of text                    (past a size cap)
  /slow                answers after 5 seconds          (past a time-out)
  anything missing     404

Given a certificate and a key after the folder, it serves HTTPS instead (the tests give a self-signed pair, which
candor must refuse: self-signed.crt and self-signed.key, for 127.0.0.1, made for these tests only with `openssl req
-x509 -newkey rsa:2048 -nodes -days 36500 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1`). It stops when its standard input closes (the test ends), so it never outlives the test run.
"""
import hashlib
import http.server
import os
import sys
import threading
import time
from email.utils import formatdate

ROOT = sys.argv[1]


class Handler(http.server.BaseHTTPRequestHandler):
    def send(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/redirect-to-file":
            return self.send(302, headers=[("Location", "file:///etc/passwd")])
        if path == "/redirect-to-remote":
            return self.send(302, headers=[("Location", "http://example.invalid/history.atom")])
        if path == "/moved":
            return self.send(301, headers=[("Location", "/history.atom")])
        if path == "/loop":
            return self.send(302, headers=[("Location", "/loop")])
        if path == "/big":
            return self.send(200, b"x" * (2 << 20), [("Content-Type", "application/atom+xml")])
        if path == "/slow":
            time.sleep(5)
            return self.send(200, b"late", [("Content-Type", "text/plain")])
        file = os.path.join(ROOT, os.path.basename(path))
        if not os.path.isfile(file):
            return self.send(404, b"not found")
        with open(file, "rb") as handle:
            body = handle.read()
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:32]
        modified = formatdate(os.path.getmtime(file), usegmt=True)
        if self.headers.get("If-None-Match") == etag:
            return self.send(304, headers=[("ETag", etag)])
        self.send(200, body, [("Content-Type", "application/atom+xml"), ("ETag", etag), ("Last-Modified", modified)])

    def log_message(self, *arguments):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
if len(sys.argv) > 3:
    # HTTPS with the certificate and key given (a self-signed one: a client that verifies must refuse it).
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[2], sys.argv[3])
    server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()
server.shutdown()
