#!/usr/bin/env python3
"""Checks that the bridge between the engine and the page is declared on both sides (Python 3, stdlib only).

The entry points JS calls are listed once, in src/app/bridge/entry_points.h (one X(...) row each); the page's
services C++ calls are listed once, in web/bridge.js (HOST_SERVICES: the objects the module gets as
Module.aeplayHost and Module.aeplayTraining, and their methods). This fails when
  - the page's JavaScript (web/*.js) calls an entry point that entry_points.h does not list (fn.name,
    module._aeplay_name, ccall('aeplay_name', ...)), or entry_points.h lists one no page script calls;
  - C++ (an EM_JS body in src/app) calls a service (Module.aeplayHost.name(...)) that HOST_SERVICES does not
    list, or HOST_SERVICES lists one no C++ calls.
(At start-up the page also refuses a module that lacks a listed entry point, and host objects that lack or add
a service: web/bridge.js.)

Usage: check_bridge.py [--repo DIR]
Exit 1 with one line per problem."""
import argparse
import os
import re
import sys

ROW_RE = re.compile(r"\bX\(\s*[^,]+?,\s*(aeplay_\w+)\s*,")
JS_USE_RES = (re.compile(r"\bfn\.(\w+)"), re.compile(r"\b_(aeplay_\w+)\b"), re.compile(r"""['"](aeplay_\w+)['"]"""))
SERVICE_CALL_RE = re.compile(r"\bModule\.(aeplay[A-Z]\w*)\.(\w+)\b")
SERVICES_RE = re.compile(r"export const HOST_SERVICES = Object\.freeze\(\{(.*?)\}\);", re.S)
SERVICE_ROW_RE = re.compile(r"(aeplay[A-Z]\w*)\s*:\s*\[([^\]]*)\]")
# Page scripts that never call the module: the course page's script and the worker (its own engine build).
NOT_PAGE = ("aeplay-embed.js", "training-worker.js")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def strip_js_comments(text):
    return re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S)


def strip_cpp_comments(text):
    return re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S)


def entry_points(repo):
    """The names entry_points.h lists, in order."""
    text = strip_cpp_comments(read(os.path.join(repo, "src", "app", "bridge", "entry_points.h")))
    return ROW_RE.findall(text)


def js_uses(repo):
    """{entry point name: first 'file:line' that calls it} over the page's scripts."""
    uses = {}
    web = os.path.join(repo, "web")
    for name in sorted(os.listdir(web)):
        if not name.endswith(".js") or name in NOT_PAGE:
            continue
        for n, line in enumerate(strip_js_comments(read(os.path.join(web, name))).splitlines(), 1):
            for i, pattern in enumerate(JS_USE_RES):
                for m in pattern.finditer(line):
                    ep = m.group(1) if i else "aeplay_" + m.group(1)
                    uses.setdefault(ep, f"web/{name}:{n}")
    return uses


def declared_services(repo):
    """{(object, method)} of HOST_SERVICES in web/bridge.js, or None when it is missing."""
    m = SERVICES_RE.search(strip_js_comments(read(os.path.join(repo, "web", "bridge.js"))))
    if not m:
        return None
    return {(obj, name) for obj, names in SERVICE_ROW_RE.findall(m.group(1))
            for name in re.findall(r"""['"](\w+)['"]""", names)}


def cpp_service_calls(repo):
    """{(object, method): first 'file:line'} of the Module.aeplayX.name calls in src/app's C++."""
    calls = {}
    app = os.path.join(repo, "src", "app")
    for dirpath, _, files in os.walk(app):
        for name in sorted(files):
            if not name.endswith((".cpp", ".h")):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, repo)
            for n, line in enumerate(strip_cpp_comments(read(path)).splitlines(), 1):
                for m in SERVICE_CALL_RE.finditer(line):
                    calls.setdefault((m.group(1), m.group(2)), f"{rel}:{n}")
    return calls


def problems(repo):
    out = []
    listed = entry_points(repo)
    if not listed:
        out.append("src/app/bridge/entry_points.h: no X(...) rows found")
    uses = js_uses(repo)
    for name, where in sorted(uses.items(), key=lambda kv: kv[1]):
        if name not in listed:
            out.append(f"{where}: calls {name}, which src/app/bridge/entry_points.h does not list")
    for name in listed:
        if name not in uses:
            out.append(f"src/app/bridge/entry_points.h: {name} is listed but no page script (web/*.js) calls it")
    services = declared_services(repo)
    if services is None:
        return out + ["web/bridge.js: no `export const HOST_SERVICES = Object.freeze({...});` found"]
    calls = cpp_service_calls(repo)
    for (obj, name), where in sorted(calls.items(), key=lambda kv: kv[1]):
        if (obj, name) not in services:
            out.append(f"{where}: calls Module.{obj}.{name}, which web/bridge.js HOST_SERVICES does not list")
    for obj, name in sorted(services):
        if (obj, name) not in calls:
            out.append(f"web/bridge.js: HOST_SERVICES lists {obj}.{name} but no C++ in src/app calls it")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    found = problems(os.path.abspath(ap.parse_args().repo))
    for p in found:
        print(p)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
