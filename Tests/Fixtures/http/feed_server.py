#!/usr/bin/env python3
"""A small HTTP server for candor's snapshot tests. It listens on 127.0.0.1 only (port chosen by the system, printed
on the first line of standard output) and serves the files of the folder given as its argument, with an ETag (the
content's SHA-256) and a Last-Modified, answering 304 to a matching If-None-Match. A few paths misbehave on purpose:

  /redirect-to-file    302 to file:///etc/passwd        (another scheme: must be refused)
  /redirect-to-remote  302 to http://example.invalid/  (plain http off loopback: must be refused)
  /big                 2 MiB of text                    (past a size cap)
  /slow                answers after 5 seconds          (past a time-out)
  anything missing     404

It stops when its standard input closes (the test ends), so it never outlives the test run.
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
print(server.server_address[1], flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()
server.shutdown()
