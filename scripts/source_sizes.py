#!/usr/bin/env python3
"""The size limits of the whole tree (Python 3, stdlib only): no file over 400 lines and no function over 80 lines
in src/, web/, bench/ and scripts/ (C++, JavaScript, Python; shell scripts and other text: file length only).
Tests may be longer: files named test_*, *_test.*, *.test.js or under a tests/ folder are not measured.

How functions are found, per language (each measured from its first line to its closing line, both included):
  C++         cpp_scan.py's brace-depth scanner (also used by check_app_layers.py): the outermost function
              bodies; lambdas and local classes count toward the function that holds them.
  JavaScript  comments, strings, template literals and regex literals are blanked, then every `{` whose head
              (the code since the last `;`, `{` or `}`) is `function name(...)`, `(...) =>`/`x =>`, or a
              method `name(...)` (not if/for/while/switch/catch) opens a function. Every function is measured,
              nested ones too (a nested function also counts toward its parent), except an immediately invoked
              wrapper `(function () { ... })()` / `(() => { ... })()`, the classic script's module: the
              functions inside it are measured instead.
  Python      every `def` (and `async def`): from its line (decorators not included) to its last non-blank line
              before the next line indented at or left of the `def`.

Usage: source_sizes.py [--repo DIR] [--report]
Exit 1 with one `path:line: ...` line per violation; --report prints the violations, the longest functions and
the largest files, and exits 0.
"""
import argparse
import bisect
import os
import re
import sys

import cpp_scan

FILE_LIMIT = 400
FUNCTION_LIMIT = 80
TREES = ("src", "web", "bench", "scripts")
CPP_EXTS = (".h", ".hh", ".hpp", ".c", ".cc", ".cpp", ".cxx", ".inl", ".ipp")
JS_EXTS = (".js", ".mjs")
TEXT_EXTS = CPP_EXTS + JS_EXTS + (".py", ".sh", ".html", ".css", ".glsl", ".vert", ".frag", ".txt", ".cmake")
SKIP_NAMES = ("package-lock.json",)
JS_NOT_METHODS = {"if", "for", "while", "switch", "catch", "with", "function", "return", "typeof", "await"}
REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^") | {""}


def is_test(rel):
    name = os.path.basename(rel)
    return ("tests/" in rel or name.startswith("test_") or "_test." in name or name.endswith(".test.js"))


# --- JavaScript ---------------------------------------------------------------------------------------------------

def lex_js(text):
    """`text` with comments and the insides of strings, template literals and regex literals blanked (same
    length, same newlines)."""
    out, i, n = [], 0, len(text)
    blank = lambda s: re.sub(r"[^\n]", " ", s)  # noqa: E731
    last = ""  # the last significant character or word written
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif c in "\"'`" or (c == "/" and (last in REGEX_AFTER or last in ("return", "typeof"))):
            j = i + 1
            in_class = False
            while j < n and (text[j] != c or in_class) and (c == "`" or text[j] != "\n"):
                if c == "/" and text[j] in "[]":
                    in_class = text[j] == "["
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + blank(text[i + 1:j - 1]) + text[j - 1:j])
            last = "x"
            i = j
            continue
        elif c.isalnum() or c in "_$":
            m = re.match(r"[\w$]+", text[i:])
            out.append(m.group(0))
            last = m.group(0)
            i += len(m.group(0))
            continue
        else:
            out.append(c)
            if not c.isspace():
                last = c
            i += 1
            continue
        out.append(blank(text[i:j]))
        i = j
    return "".join(out)


def js_function_head(head):
    """The function's name when a `{` after `head` opens a function body, else None."""
    h = head.strip()
    if h.endswith("=>"):
        m = re.search(r"([\w$]+)\s*[=:]\s*(async\s+)?(\([^()]*\)|[\w$]+)\s*=>$", h)
        return (m.group(1) if m else "(arrow)")
    if not h.endswith(")"):
        return None
    m = re.search(r"function\s*\*?\s*([\w$]*)\s*\([^()]*\)$", h, re.S)
    if m:
        return m.group(1) or "(function)"
    m = re.search(r"(?:^|[\s,{;])(?:async\s+|static\s+|get\s+|set\s+)*\*?([\w$]+)\s*\([^()]*\)$", h, re.S)
    if m and m.group(1) not in JS_NOT_METHODS:
        return m.group(1)
    return None


def js_functions(code):
    """Yields (start offset, end offset, name) of every function body in lexed JS code (IIFE wrappers left out)."""
    stack, head_start = [], 0  # stack: (kind, name, head offset, is_iife candidate)
    for i, ch in enumerate(code):
        if ch == "{":
            head = code[head_start:i]
            name = js_function_head(head)
            first = head_start + len(head) - len(head.lstrip())
            wrapper = name is not None and re.match(r"\s*[(!]\s*(async\s+)?(function\b|\()", head) is not None
            stack.append((name, first, wrapper))
            head_start = i + 1
        elif ch == "}":
            if not stack:
                raise ValueError("unmatched '}'")
            name, first, wrapper = stack.pop()
            if name is not None and not (wrapper and re.match(r"\s*\)\s*\(|\s*\(", code[i + 1:i + 40])):
                yield first, i, name
            head_start = i + 1
        elif ch == ";":
            head_start = i + 1
    if stack:
        raise ValueError("unclosed '{'")


# --- Python ---------------------------------------------------------------------------------------------------------

def py_functions(text):
    """Yields (first line, last line, name) of every def (1-based lines)."""
    lines = text.split("\n")
    indent = lambda s: len(s) - len(s.lstrip())  # noqa: E731
    for k, line in enumerate(lines):
        m = re.match(r"(\s*)(async\s+)?def\s+(\w+)", line)
        if not m:
            continue
        last = k
        for j in range(k + 1, len(lines)):
            s = lines[j]
            if not s.strip():
                continue
            if indent(s) <= len(m.group(1)) and not s.lstrip().startswith((")", "]", "}")):
                break
            last = j
        yield k + 1, last + 1, m.group(3)


# --- the tree ---------------------------------------------------------------------------------------------------------

def measure(rel, text):
    """(lines, [(function lines, first line, name)], error or None) of one file."""
    nlines = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    starts = [0] + [k + 1 for k, ch in enumerate(text) if ch == "\n"]
    line_of = lambda offset: bisect.bisect_right(starts, offset)  # noqa: E731 (1-based)
    funcs = []
    try:
        if rel.endswith(CPP_EXTS):
            spans = [(line_of(s), line_of(e), name) for s, e, name in cpp_scan.functions(cpp_scan.lex(text)[0])]
        elif rel.endswith(JS_EXTS):
            spans = [(line_of(s), line_of(e), name) for s, e, name in js_functions(lex_js(text))]
        elif rel.endswith(".py"):
            spans = list(py_functions(text))
        else:
            spans = []
    except ValueError as e:
        return nlines, funcs, f"cannot measure functions: {e}"
    funcs = [(last - first + 1, first, name) for first, last, name in spans]
    return nlines, funcs, None


def scan(repo, trees=TREES):
    """Returns (violations, functions [(lines, rel, line, name)], files [(lines, rel)]) over the trees."""
    violations, funcs, files = [], [], []
    for tree in trees:
        for dirpath, dirnames, filenames in os.walk(os.path.join(repo, tree)):
            dirnames[:] = sorted(d for d in dirnames if d not in ("node_modules", "__pycache__"))
            for name in sorted(filenames):
                full = os.path.join(dirpath, name)
                rel = os.path.relpath(full, repo).replace(os.sep, "/")
                if is_test(rel) or name in SKIP_NAMES or not (name.endswith(TEXT_EXTS) or "." not in name):
                    continue
                with open(full, encoding="utf-8", errors="replace") as f:
                    nlines, file_funcs, error = measure(rel, f.read())
                files.append((nlines, rel))
                if nlines > FILE_LIMIT:
                    violations.append(f"{rel}:1: file is {nlines} lines (limit {FILE_LIMIT})")
                if error:
                    violations.append(f"{rel}:1: {error}")
                for length, first, fname in file_funcs:
                    funcs.append((length, rel, first, fname))
                    if length > FUNCTION_LIMIT:
                        violations.append(f"{rel}:{first}: function {fname} is {length} lines (limit {FUNCTION_LIMIT})")
    return violations, funcs, files


def print_report(violations, funcs, files, prefix="", count=10):
    for v in violations:
        print(prefix + v)
    print(f"\nLongest functions (first line to closing line; limit {FUNCTION_LIMIT}):")
    for length, rel, line, name in sorted(funcs, key=lambda f: (-f[0], f[1], f[2]))[:count]:
        print(f"  {length:5d}  {prefix}{rel}:{line}  {name}")
    print(f"\nLargest files (lines; limit {FILE_LIMIT}):")
    for nlines, rel in sorted(files, key=lambda f: (-f[0], f[1]))[:count]:
        print(f"  {nlines:5d}  {prefix}{rel}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repo", help="the repository (default: the one this script is in)")
    ap.add_argument("--report", action="store_true", help="print sizes and violations, always exit 0")
    args = ap.parse_args(argv)
    repo = os.path.abspath(args.repo or os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    violations, funcs, files = scan(repo)
    if args.report:
        print_report(violations, funcs, files)
        print(f"\n{len(files)} files, {len(funcs)} functions, {len(violations)} violations")
        return 0
    for v in violations:
        print(v)
    if violations:
        print(f"source_sizes: {len(violations)} violation(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
