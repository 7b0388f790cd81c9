#!/usr/bin/env python3
"""Serves the built web playground (a static folder) on localhost and prints its URL.

Any static file server works; this one makes sure .wasm is sent as application/wasm (needed for streaming
compilation), turns off caching so a rebuild shows up on reload, and compresses like a real host: gzip
(Content-Encoding) for html, css, js, json, wasm, the .data package and .aep models when the browser accepts
it; the .gz data files go out as they are (the page gunzips them). No COOP/COEP headers: the app is
single-threaded and must keep working inside an <iframe> on other sites.

  python3 scripts/serve.py [--port 8000] [--host 127.0.0.1] [--dir build-web/site]
"""
import argparse
import functools
import gzip
import http.server
import io
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript", ".data": "application/octet-stream"}

    compressed_types = {".html", ".css", ".js", ".mjs", ".json", ".wasm", ".data", ".aep", ".svg", ".txt"}
    gzip_cache = {}  # (path, size, mtime) -> gzipped bytes: each file is compressed once

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def accepts_gzip(self):
        for part in self.headers.get("Accept-Encoding", "").split(","):
            name, _, params = part.strip().lower().partition(";")
            q = params.strip()
            if name.strip() in ("gzip", "*") and not (q.startswith("q=") and float(q[2:] or 0) == 0):
                return True
        return False

    def send_head(self):
        path = self.translate_path(self.path)
        if (os.path.splitext(path)[1] not in self.compressed_types or not os.path.isfile(path)
                or not self.accepts_gzip()):
            return super().send_head()
        st = os.stat(path)
        key = (path, st.st_size, st.st_mtime_ns)
        body = self.gzip_cache.get(key)
        if body is None:
            with open(path, "rb") as f:
                body = gzip.compress(f.read(), compresslevel=6, mtime=0)  # level 6: zlib's, most hosts'
            self.gzip_cache[key] = body
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=8000)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--dir", default=os.path.join(ROOT, "build-web", "site"))
    args = ap.parse_args()
    if not os.path.isfile(os.path.join(args.dir, "aeplay.wasm")):
        sys.exit(f"serve.py: no web build in {args.dir}: run scripts/build-web.sh first")
    handler = functools.partial(Handler, directory=args.dir)
    with http.server.ThreadingHTTPServer((args.host, args.port), handler) as httpd:
        print(f"aeplay: serving {args.dir} at http://{args.host}:{httpd.server_address[1]}/ (Ctrl-C to stop)",
              flush=True)
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
