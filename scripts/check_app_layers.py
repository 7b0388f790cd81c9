#!/usr/bin/env python3
"""Checks the layering and the size limits of src/app (Python 3, stdlib only).

Layers (the first folder under src/app) and what each may #include:
  core/      UI-free library: core/, engine headers (src/engine, bare names like "model.h"), the C++ standard
             library, Eigen, nlohmann json. Nothing else (no ImGui/SDL/GL/emscripten, no other app layer).
  gfx/       GL helpers: gfx/, platform/, engine headers, std, GL, ImGui.
  platform/  SDL2/GL/emscripten host: platform/, "gfx/gl.h" only from gfx/, engine headers, any system header.
  ui/        ImGui panels: ui/, core/, gfx/, platform/, engine headers, std, ImGui, Eigen, nlohmann.
  bridge/    the JS bridge, and the root files (app_context.*, app_main.cpp): anything.
App headers are always named with their layer ("core/playground.h"): a bare or relative name that finds a file
in an app layer folder is a violation everywhere. A bare name is resolved as the compiler would: the includer's
own folder first (an app header), then src/engine (fine), then the other layer folders (a violation).

Size limits: no file in src/app over 400 lines, no function over 80 lines, measured by cpp_scan.py's brace-depth
scanner (its docstring says how). source_sizes.py applies the same limits to the whole tree (src/, web/, bench/,
scripts/, in C++, JavaScript and Python).

Usage: check_app_layers.py [--root DIR] [--engine DIR] [--report]
Exit 1 with one `file:line: ...` line per violation; --report prints the violations, the 10 longest functions
and the 10 largest files, and exits 0.
"""
import argparse
import bisect
import os
import re
import sys
import time

from cpp_scan import functions, lex

FILE_LIMIT = 400
FUNCTION_LIMIT = 80
LAYERS = ("core", "gfx", "platform", "ui", "bridge")
SOURCE_EXTS = (".h", ".hh", ".hpp", ".c", ".cc", ".cpp", ".cxx", ".inl", ".ipp")

STD_HEADERS = set("""
algorithm any array atomic bit bitset cassert ccomplex cctype cerrno cfenv cfloat charconv chrono cinttypes
ciso646 climits clocale cmath codecvt compare complex concepts condition_variable csetjmp csignal cstdalign
cstdarg cstdbool cstddef cstdint cstdio cstdlib cstring ctgmath ctime cuchar cwchar cwctype deque exception
execution filesystem forward_list fstream functional future initializer_list iomanip ios iosfwd iostream istream
iterator limits list locale map memory memory_resource mutex new numbers numeric optional ostream queue random
ranges ratio regex scoped_allocator set shared_mutex source_location span sstream stack stdexcept streambuf
string string_view strstream system_error thread tuple type_traits typeindex typeinfo unordered_map
unordered_set utility valarray variant vector version
assert.h ctype.h errno.h fenv.h float.h inttypes.h limits.h locale.h math.h setjmp.h signal.h stdarg.h
stdbool.h stddef.h stdint.h stdio.h stdlib.h string.h time.h uchar.h wchar.h wctype.h
""".split())

# What an include that is neither an app nor an engine header is, by its name.
EXTERNAL_KINDS = (
    ("eigen", re.compile(r"(unsupported/)?Eigen/")),
    ("nlohmann", re.compile(r"nlohmann/")),
    ("imgui", re.compile(r"(backends/)?(imgui\w*|imconfig|imstb_\w+)\.h$")),
    ("sdl", re.compile(r"(SDL2/)?SDL(_\w+)?\.h$")),
    ("gl", re.compile(r"(GL|GLES\d?|EGL|KHR|glad|epoxy|GLFW)/")),
    ("emscripten", re.compile(r"emscripten(\.h$|/)")),
)

# layer -> (app layers it may include, external kinds it may include ("*": any), why)
RULES = {
    "core": ({"core"}, {"std", "eigen", "nlohmann"}, "core is UI-free: engine, std, Eigen, nlohmann only"),
    "gfx": ({"gfx", "platform"}, {"std", "gl", "imgui"}, "gfx is GL helpers: gfx/, platform/, engine, GL, ImGui only"),
    "platform": ({"platform"}, "*", "platform is the host layer: platform/, \"gfx/gl.h\", engine, system headers"),
    "ui": ({"ui", "core", "gfx", "platform"}, {"std", "imgui", "eigen", "nlohmann"},
           "ui draws ImGui panels over core/gfx/platform; SDL, GL and emscripten go through platform/ or gfx/"),
}
EXCEPTIONS = {("platform", "gfx/gl.h")}  # (includer layer, included path) allowed despite RULES

INCLUDE_RE = re.compile(r'\s*#\s*include\s*([<"])([^>"]*)[>"]')

# --- includes --------------------------------------------------------------------------------------------------

def layer_of(rel):
    parts = rel.split("/")
    if len(parts) == 1:
        return "root"
    return parts[0] if parts[0] in LAYERS else None


def classify(path, delim, includer_dir, root, engine):
    """What an include names: (kind, canonical app path or None). kind is an app layer, "root", "engine",
    "bare" (an app header named without its layer, or relatively), or an external kind ("std", "imgui"...)."""
    first = path.split("/")[0]
    if first in LAYERS:
        return first, path
    if delim == '"':
        own = os.path.normpath(os.path.join(includer_dir, path))
        if os.path.isfile(own) and os.path.commonpath([own, root]) == root:
            rel = os.path.relpath(own, root).replace(os.sep, "/")
            if layer_of(rel) not in ("root", None) or ".." in path.split("/"):
                return "bare", rel
            return "root", rel
    if ".." not in path.split("/") and os.path.isfile(os.path.join(root, path)):
        return "root", path
    if engine and os.path.isfile(os.path.join(engine, path)):
        return "engine", None
    for layer in LAYERS:
        if os.path.isfile(os.path.join(root, layer, path)):
            return "bare", layer + "/" + path
    if path in STD_HEADERS:
        return "std", None
    for kind, pattern in EXTERNAL_KINDS:
        if pattern.match(path):
            return kind, None
    return "other", None


def check_includes(rel, directives, line_of, root, engine):
    layer = layer_of(rel)
    includer_dir = os.path.dirname(os.path.join(root, rel))
    for offset, directive in directives:
        m = INCLUDE_RE.match(directive)
        if not m:
            continue
        delim, path = m.groups()
        shown = delim + path + (">" if delim == "<" else '"')
        kind, app_path = classify(path, delim, includer_dir, root, engine)
        who = f"{layer}/" if layer in LAYERS else "the app root" if layer == "root" else rel.split("/")[0] + "/"
        where = f"{rel}:{line_of(offset)}: {who} may not include {shown}"
        if kind == "bare":
            yield f'{where} (app headers are named with their layer: "{app_path}")'
            continue
        if layer not in RULES:
            continue  # bridge/ and the root may include anything
        layers, externals, why = RULES[layer]
        if (layer, path) in EXCEPTIONS or kind == "engine" or kind in layers:
            continue
        if kind not in LAYERS and kind != "root" and (externals == "*" or kind in externals):
            continue
        yield f"{where} ({why})"


# --- the tree ----------------------------------------------------------------------------------------------------

def scan(root, engine):
    """Returns (violations, functions [(lines, rel, line, name)], files [(lines, rel)])."""
    violations, funcs, files = [], [], []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root).replace(os.sep, "/")
            with open(full, encoding="utf-8", errors="replace") as f:
                text = f.read()
            nlines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
            files.append((nlines, rel))
            if nlines > FILE_LIMIT:
                violations.append(f"{rel}:1: file is {nlines} lines (limit {FILE_LIMIT})")
            if not name.endswith(SOURCE_EXTS):
                continue
            if layer_of(rel) is None:
                violations.append(f"{rel}:1: not in a layer folder ({', '.join(LAYERS)}) or the src/app root")
            starts = [0] + [k + 1 for k, ch in enumerate(text) if ch == "\n"]
            line_of = lambda offset: bisect.bisect_right(starts, offset)  # noqa: E731 (1-based)
            code, directives = lex(text)
            violations.extend(check_includes(rel, directives, line_of, root, engine))
            try:
                for start, end, fname in functions(code):
                    first, length = line_of(start), line_of(end) - line_of(start) + 1
                    funcs.append((length, rel, first, fname))
                    if length > FUNCTION_LIMIT:
                        violations.append(f"{rel}:{first}: function {fname} is {length} lines (limit {FUNCTION_LIMIT})")
            except ValueError as e:
                violations.append(f"{rel}:1: cannot measure functions: {e} (braces split across #if branches?)")
    return violations, funcs, files


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", help="the app tree (default: src/app of this repo)")
    ap.add_argument("--engine", help="the engine headers (default: ROOT/../engine)")
    ap.add_argument("--report", action="store_true", help="print sizes and violations, always exit 0")
    args = ap.parse_args(argv)
    root = os.path.abspath(args.root or os.path.join(repo, "src", "app"))
    engine = os.path.abspath(args.engine or os.path.join(root, "..", "engine"))
    shown_root = "src/app" if args.root is None else args.root.rstrip("/")
    if not os.path.isdir(root):
        print(f"check_app_layers: no such folder {root}", file=sys.stderr)
        return 2
    t0 = time.monotonic()
    violations, funcs, files = scan(root, engine if os.path.isdir(engine) else None)
    elapsed = time.monotonic() - t0
    for v in violations:
        print(f"{shown_root}/{v}")
    if args.report:
        print(f"\nLongest functions (signature to closing brace, brace-depth scanner; limit {FUNCTION_LIMIT}):")
        for length, rel, line, name in sorted(funcs, key=lambda f: (-f[0], f[1], f[2]))[:10]:
            print(f"  {length:5d}  {shown_root}/{rel}:{line}  {name}")
        print(f"\nLargest files (lines; limit {FILE_LIMIT}):")
        for nlines, rel in sorted(files, key=lambda f: (-f[0], f[1]))[:10]:
            print(f"  {nlines:5d}  {shown_root}/{rel}")
        print(f"\n{len(files)} files, {len(funcs)} functions, {len(violations)} violations, {elapsed:.2f} s")
        return 0
    if violations:
        print(f"check_app_layers: {len(violations)} violation(s) in {shown_root}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
