#!/usr/bin/python3
"""Checks the documentation's links without the network (Python 3 stdlib only).

In README.md, CONTRIBUTING.md and docs/*.md: every relative link and image names a file or folder that exists,
every `#anchor` matches a heading of the target Markdown file (GitHub's slugs: lower case, punctuation dropped,
spaces to hyphens, -1, -2 ... for repeats), every http(s) link is well formed (it is not fetched). README.md is
at most 300 lines, and every page of docs/ says first whom it is for (the first line after its title starts
with "For ").

  check_doc_links.py [--root DIR]            the check; exit status 1 and one line per problem if any
  check_doc_links.py --moved-from REF        lines of REF's README.md found in no page now (a reorganisation's
                                             "nothing lost" check; headings' levels and link targets ignored)
"""
import argparse
import os
import re
import subprocess
import sys
import urllib.parse

README_MAX_LINES = 300
FENCE = re.compile(r'^\s*(```|~~~)')
HEADING = re.compile(r'^(#{1,6})\s+(.*?)\s*#*\s*$')
CODE_SPAN = re.compile(r'(`+)(.+?)\1')
INLINE_LINK = re.compile(r'!?\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)')
REFERENCE_DEF = re.compile(r'^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$')
HTML_LINK = re.compile(r'<(?:a|img)\b[^>]*?\b(?:href|src)="([^"]*)"', re.IGNORECASE)


def doc_files(root):
    """The checked files, relative to root: README.md, CONTRIBUTING.md, docs/*.md (those that exist)."""
    names = [n for n in ('README.md', 'CONTRIBUTING.md') if os.path.isfile(os.path.join(root, n))]
    docs = os.path.join(root, 'docs')
    if os.path.isdir(docs):
        names += sorted(os.path.join('docs', n) for n in os.listdir(docs) if n.endswith('.md'))
    return names


def prose_lines(text):
    """(line number, line) of the lines outside fenced code blocks."""
    fenced = False
    for number, line in enumerate(text.split('\n'), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line


def slug(heading_text):
    """GitHub's anchor for a heading: the rendered text, lower case, punctuation dropped, spaces to hyphens."""
    text = INLINE_LINK.sub(r'\1', heading_text)
    text = re.sub(r'<[^>]+>', '', text)
    text = text.strip().lower()
    text = ''.join(c for c in text if c.isalnum() or c in ' -_')
    return text.replace(' ', '-')


def anchors(text):
    """Every heading's anchor in a Markdown text; repeats get -1, -2, ... as on GitHub."""
    seen = {}
    result = set()
    for _, line in prose_lines(text):
        match = HEADING.match(line)
        if not match:
            continue
        base = slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        result.add(base if count == 0 else f'{base}-{count}')
    return result


def links(text):
    """(line number, target) of every link and image outside code: inline, reference definitions, HTML."""
    for number, line in prose_lines(text):
        line = CODE_SPAN.sub('code', line)
        for match in INLINE_LINK.finditer(line):
            yield number, match.group(2)
        match = REFERENCE_DEF.match(line)
        if match:
            yield number, match.group(1)
        for match in HTML_LINK.finditer(line):
            yield number, match.group(1)


def check_external(target):
    """The problem with an absolute URL, or None. Only the syntax: nothing is fetched."""
    parsed = urllib.parse.urlparse(target)
    if parsed.scheme in ('http', 'https'):
        if not parsed.netloc or re.search(r'\s', target):
            return f'malformed URL {target!r}'
        return None
    if parsed.scheme == 'mailto':
        return None if '@' in parsed.path else f'malformed mail address {target!r}'
    return f'unsupported link scheme {parsed.scheme!r} in {target!r}'


class Checker:
    """Checks the links of Markdown files under one root, reading each target's anchors once."""

    def __init__(self, root):
        self.root = os.path.abspath(root)
        self.anchor_cache = {}

    def anchors_of(self, path):
        if path not in self.anchor_cache:
            with open(path, encoding='utf-8') as f:
                self.anchor_cache[path] = anchors(f.read())
        return self.anchor_cache[path]

    def check_target(self, source, target):
        """The problem with one link of the file `source` (absolute path), or None."""
        if not target:
            return 'empty link target'
        if re.match(r'^[a-zA-Z][a-zA-Z0-9+.-]*:', target):
            return check_external(target)
        path_part, _, anchor = target.partition('#')
        path_part = urllib.parse.unquote(path_part)
        if not path_part:
            path = source
        elif path_part.startswith('/'):
            path = os.path.join(self.root, path_part.lstrip('/'))
        else:
            path = os.path.normpath(os.path.join(os.path.dirname(source), path_part))
        if not os.path.exists(path):
            return f'{target}: no such file {os.path.relpath(path, self.root)}'
        if not anchor:
            return None
        if not path.endswith('.md') or not os.path.isfile(path):
            return f'{target}: an anchor into a file that is not Markdown cannot be checked'
        if anchor not in self.anchors_of(path):
            return f'{target}: no heading with the anchor #{anchor} in {os.path.relpath(path, self.root)}'
        return None

    def check_file(self, name):
        """Problems of one file, as 'name:line: message'."""
        source = os.path.join(self.root, name)
        with open(source, encoding='utf-8') as f:
            text = f.read()
        problems = []
        for number, target in links(text):
            problem = self.check_target(source, target)
            if problem:
                problems.append(f'{name}:{number}: {problem}')
        return problems


def check_readme_length(root):
    path = os.path.join(root, 'README.md')
    if not os.path.isfile(path):
        return ['README.md: missing']
    with open(path, encoding='utf-8') as f:
        count = len(f.read().splitlines())
    if count > README_MAX_LINES:
        return [f'README.md: {count} lines, more than {README_MAX_LINES}: move the detail to docs/']
    return []


def check_audience(root, name):
    """A docs page opens with its title and then a line saying whom it is for ("For ...")."""
    with open(os.path.join(root, name), encoding='utf-8') as f:
        lines = [line for line in f.read().splitlines() if line.strip()]
    if len(lines) < 2 or not HEADING.match(lines[0]) or not lines[1].startswith('For '):
        return [f'{name}:1: a docs page starts with its title, then a line saying whom it is for ("For ...")']
    return []


def check(root):
    """Every problem of the documentation under root."""
    checker = Checker(root)
    problems = check_readme_length(root)
    for name in doc_files(root):
        problems += checker.check_file(name)
        if name.startswith('docs' + os.sep):
            problems += check_audience(root, name)
    return problems


def normalised(line):
    """A line as the moved-from check compares it: heading marks, link targets and brackets left out."""
    line = line.strip().lstrip('#').strip()
    line = re.sub(r'\]\([^)]*\)', ']', line)
    return line.replace('[', '').replace(']', '')


def lines_not_moved(root, ref):
    """Non-empty lines of REF:README.md that no checked file holds now (compared after normalised())."""
    old = subprocess.run(['git', '-C', root, 'show', f'{ref}:README.md'], check=True,
                         capture_output=True, text=True).stdout
    present = set()
    for name in doc_files(root):
        with open(os.path.join(root, name), encoding='utf-8') as f:
            present.update(normalised(line) for line in f.read().splitlines())
    return [(number, line) for number, line in enumerate(old.splitlines(), 1)
            if line.strip() and normalised(line) not in present]


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    default_root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
    parser.add_argument('--root', default=default_root, help='the repository root')
    parser.add_argument('--moved-from', metavar='REF', help="list REF's README lines found in no page now")
    args = parser.parse_args(argv)
    root = os.path.abspath(args.root)
    if args.moved_from:
        missing = lines_not_moved(root, args.moved_from)
        for number, line in missing:
            print(f'{args.moved_from}:README.md:{number}: {line}')
        print(f'{len(missing)} line(s) of {args.moved_from}:README.md not found verbatim')
        return 0
    problems = check(root)
    for problem in problems:
        print(problem)
    files = len(doc_files(root))
    print(f'check_doc_links: {files} file(s), {len(problems)} problem(s)', file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
