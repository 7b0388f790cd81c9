#!/usr/bin/env python3
"""The C++ scanner of the style checks (Python 3, stdlib only), shared by check_app_layers.py (includes and the
size limits of src/app) and source_sizes.py (the size limits of the whole tree).

Function length is measured with a brace-depth scanner, not clang-tidy: readability-function-size needs every
file parsed with its include paths (about a minute for src/app on 2 busy cores), and the emscripten-only files
(web/, *_web.cpp) do not parse natively at all. On the 31 files of src/app that do, the scanner agrees with
clang-tidy 14 on all 187 functions that clang-tidy measures (clang-tidy counts from the line of the opening brace,
this scanner from the signature's first line, so multi-line signatures count here in full). The scanner blanks
comments, string/char literals (raw strings too), and preprocessor lines, then tracks scopes: a `{` at
namespace/class scope opens a function body when what precedes it ends in `)` (or a lambda's `]`), optionally
followed by const/noexcept/override/final/&/&&/mutable/-> trailing type, or by a constructor's
initializer list. Everything inside a body (blocks, lambdas, local classes) counts toward that function. A
function's length is the lines from its signature's first line to its closing brace, both included.
"""
import re

ACCESS_RE = re.compile(r"^\s*(?:(?:public|private|protected)\s*:(?!:)\s*)+")
QUALS = r"(?:\s*(?:const|volatile|noexcept|override|final|mutable|constexpr|try|&&|&|throw\s*\(\s*\)))*\s*"
NOT_NAMES = {"decltype", "alignas", "__attribute__", "noexcept", "throw", "sizeof", "alignof", "static_assert",
             "if", "for", "while", "switch", "return", "void", "int", "float", "double", "char", "bool", "auto"}


# --- lexing: blank comments, literals and preprocessor lines, keeping every newline --------------------------

def lex(text):
    """Returns (code, directives): `code` is `text` with comments, the insides of string/char literals and
    preprocessor directives replaced by spaces (same length, same lines); `directives` is a list of
    (offset, directive text without comments)."""
    out, directives = [], []
    i, n = 0, len(text)
    line_start = True  # only whitespace (or comments) since the last newline

    def blank(s):
        return re.sub(r"[^\n]", " ", s)

    while i < n:
        c = text[i]
        if c == "\n":
            out.append(c)
            line_start = True
            i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(blank(text[i:j]))
            i = j
        elif c == "#" and line_start:
            j, directive = read_directive(text, i)
            directives.append((i, directive))
            out.append(blank(text[i:j]))
            i = j
        elif c.isspace():
            out.append(c)
            i += 1
        elif c.isalpha() or c == "_":
            j = i
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            word = text[i:j]
            if j < n and text[j] == '"' and word in ("R", "LR", "uR", "UR", "u8R"):
                k = raw_string_end(text, j)
                out.append(word + '"' + blank(text[j + 1:k - 1]) + '"')
                i = k
            else:
                out.append(word)
                i = j
            line_start = False
        elif c.isdigit() or (c == "." and i + 1 < n and text[i + 1].isdigit()):
            j = i + 1  # a pp-number, so 1'000'000 digit separators are not char literals
            while j < n and (text[j].isalnum() or text[j] in "._'" or
                             (text[j] in "+-" and text[j - 1] in "eEpP")):
                j += 1
            out.append(text[i:j])
            i = j
            line_start = False
        elif c in "\"'":
            j = skip_quoted(text, i)
            out.append(c + blank(text[i + 1:j - 1]) + c)
            i = j
            line_start = False
        else:
            out.append(c)
            i += 1
            line_start = False
    return "".join(out), directives


def read_directive(text, i):
    """(end offset, directive text without comments) of the preprocessor line starting at i: to the end of the
    line, following backslash continuations and skipping comments."""
    j, parts, n = i, [], len(text)
    while j < n:
        if text[j] == "\n":
            if parts and parts[-1].endswith("\\"):
                parts.append("\n")
                j += 1
                continue
            break
        if text.startswith("//", j):
            k = text.find("\n", j)
            j = n if k < 0 else k
            continue
        if text.startswith("/*", j):
            k = text.find("*/", j + 2)
            j = n if k < 0 else k + 2
            parts.append(" ")
            continue
        if text[j] in "\"'":  # a literal in a directive (#include "x.h", #error 'x')
            k = skip_quoted(text, j)
            parts.append(text[j:k])
            j = k
            continue
        parts.append(text[j])
        j += 1
    return j, "".join(parts)


def skip_quoted(text, i):
    """The offset just past the "..." or '...' literal starting at i (stops at an unescaped newline)."""
    q, j, n = text[i], i + 1, len(text)
    while j < n and text[j] != q and text[j] != "\n":
        j += 2 if text[j] == "\\" else 1
    return min(j + 1, n)


def raw_string_end(text, quote):
    """The offset just past the raw string whose opening quote is at `quote`: R"delim( ... )delim"."""
    paren = text.find("(", quote)
    delim = text[quote + 1:paren] if paren >= 0 else ""
    end = text.find(")" + delim + '"', paren + 1) if paren >= 0 else -1
    return len(text) if end < 0 else end + len(delim) + 2


# --- functions: scopes by brace depth -------------------------------------------------------------------------

def last_toplevel_close(head):
    """Index of the last `)` at bracket depth 0 in head, or -1."""
    depth, last = 0, -1
    for k, ch in enumerate(head):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if ch == ")" and depth == 0:
                last = k
    return last


def first_paren_group(head):
    """(open, close) of the first `(...)` at depth 0 in head, or None."""
    depth, start = 0, -1
    for k, ch in enumerate(head):
        if ch in "([{":
            if ch == "(" and depth == 0:
                start = k
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if ch == ")" and depth == 0 and start >= 0:
                return start, k
    return None


def is_function_head(head):
    """Whether a `{` at namespace/class scope after `head` opens a function (or lambda) body."""
    h = head.rstrip()
    if h.endswith("]"):  # [captures] { ... }: a lambda without a parameter list (not `int table[3] {`)
        return re.search(r"(^|[=(,{])\s*\[[^\[\]]*\]$", h) is not None
    group = first_paren_group(h)
    if group and re.match(QUALS + r":(?!:)", h[group[1] + 1:]):  # Ctor(...) : a_(x), b_{y} {
        return h.endswith(")") or h.endswith("}")  # else the `{` is a member's braced initializer
    close = last_toplevel_close(h)
    if close < 0:
        return False
    tail = h[close + 1:]
    return bool(re.fullmatch(QUALS, tail) or re.match(QUALS + r"->", tail))


def function_name(head):
    if re.search(r"\]\s*(\([^()]*\))?" + QUALS + r"(->.*)?$", head.rstrip(), re.S):
        m = re.search(r"(\w+)\s*=\s*\[", head)
        return (m.group(1) + " (lambda)") if m else "(lambda)"
    depth = 0
    for k, ch in enumerate(head):
        if ch == "(" and depth == 0:
            m = re.search(r"((?:[\w~]+(?:<[^<>]*>)?::)*(?:operator\s*(?:\(\)|[^\s\w(]+|\w+)|~?\w+))\s*$", head[:k])
            if m and m.group(1) not in NOT_NAMES:
                return m.group(1)
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
    return "(unnamed)"


class Frame:
    def __init__(self, kind, head_start):
        self.kind = kind  # "ns", "class", "init" (a braced initializer), "func", "block" (inside a function)
        self.head_start = head_start  # where the declaration being read at this scope began
        self.parens = 0
        self.sig = None  # for a function: (first line offset, name)


def functions(code):
    """Yields (start offset, end offset, name) of each outermost function body in lexed code, or raises
    ValueError when the braces do not balance."""
    stack = [Frame("ns", 0)]
    for i, ch in enumerate(code):
        top = stack[-1]
        if top.kind in ("func", "block"):
            if ch == "{":
                stack.append(Frame("block", i + 1))
            elif ch == "}":
                stack.pop()
                if top.kind == "func":
                    yield top.sig[0], i, top.sig[1]
                    stack[-1].head_start = i + 1
            continue
        if ch in "([":
            top.parens += 1
        elif ch in ")]":
            top.parens = max(0, top.parens - 1)
        elif ch == ";" and top.parens == 0 or ch == "," and top.kind == "init" and top.parens == 0:
            top.head_start = i + 1
        elif ch == "{":
            head = code[top.head_start:i]
            stripped = ACCESS_RE.sub(lambda m: " " * len(m.group(0)), head)
            if top.parens == 0 and re.fullmatch(r"\s*((inline\s+)?namespace\b[\w\s:]*|extern\s*\"\s*\"\s*)", stripped):
                stack.append(Frame("ns", i + 1))
            elif is_function_head(stripped):
                frame = Frame("func", i + 1)
                first = len(stripped) - len(stripped.lstrip())
                frame.sig = (top.head_start + first, function_name(stripped))
                stack.append(frame)
            elif top.parens == 0 and re.search(r"\b(class|struct|union|enum)\b", stripped):
                stack.append(Frame("class", i + 1))
            else:
                stack.append(Frame("init", i + 1))
        elif ch == "}":
            if len(stack) == 1:
                raise ValueError("unmatched '}'")
            stack.pop()
            if top.kind != "init":  # a braced initializer continues its declaration: x_{1}, y_(2) {
                stack[-1].head_start = i + 1
    if len(stack) != 1:
        raise ValueError("unclosed '{'")
