#!/usr/bin/env python3
"""Serves the built web playground (a static folder) on localhost and prints its URL.

Any static file server works; this one only makes sure .wasm is sent as application/wasm (needed for
streaming compilation) and turns off caching so a rebuild shows up on reload. No COOP/COEP headers:
the app is single-threaded and must keep working inside an <iframe> on other sites.

  python3 scripts/serve.py [--port 8000] [--host 127.0.0.1] [--dir build-web/site]
"""
import argparse
import functools
import http.server
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript", ".data": "application/octet-stream"}

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()


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
