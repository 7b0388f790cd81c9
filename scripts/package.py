#!/usr/bin/env python3
"""Writes aeplay's release packages from a release folder (scripts/stamp-site.js's output; Python 3, stdlib only).

  dist/aeplay-site-VERSION.zip           the static site (version.json and SHA256SUMS inside): any host serves it
  dist/aeplay-scorm-LESSON-VERSION.zip   one SCORM 1.2 package per lesson (src/app/core/lessons.cpp): a launch
                                         page, imsmanifest.xml naming every file, and only what the lesson needs
                                         (its model, its data set's test set, the training set only when the
                                         lesson trains)
  --scorm "QUERY" --title "TITLE"        instead: one package for a custom link (QUERY as the page's URL takes
                                         it, e.g. "lesson=pca&noise=gaussian:0.3"), dist/aeplay-scorm-NAME-VERSION.zip

Usage: package.py RELEASE DIST [--scorm QUERY --title TITLE [--name NAME]] [--lesson NAME ...] [--no-site]"""
import argparse
import html
import json
import os
import re
import sys
import urllib.parse
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA_DIRS = {"mnist": "data", "fashion": "data/fashion"}  # web/loader.js's DATA_DIRS
# A lesson row of src/app/core/lessons.cpp: {"name", "title", "model", "noise", Layout::X, kPanels, "preset", ...
LESSON_RE = re.compile(r'\{"([a-z0-9-]+)",\s*"((?:[^"\\]|\\.)*)",\s*"([a-z0-9-]+)",\s*"([^"]*)",\s*Layout::(\w+),'
                       r'\s*(\w+),\s*"([^"]*)"', re.S)
# The Panels constants of lessons.cpp that open the Train panel.
TRAIN_PANELS_RE = re.compile(r"constexpr Panels (\w+)\{([^}]*)\}")


SEARCH_LESSONS = {"search-by-code"}  # search the training set (src/app/core/search_view.h)


def lessons():
    """[{name, title, model, trains}] from src/app/core/lessons.cpp (the one list of the lessons)."""
    with open(os.path.join(ROOT, "src/app/core/lessons.cpp"), encoding="utf-8") as f:
        text = f.read()
    train_panels = set()
    for name, fields in TRAIN_PANELS_RE.findall(text):
        flags = [f.strip() for f in fields.split(",")]
        if len(flags) > 1 and flags[1] == "true":  # Panels{model, train, inside, latent, ...}
            train_panels.add(name)
    table = text[text.find("kLessons[] = {"):text.find("const std::vector<Lesson>& lessons()")]  # the rows of kLessons
    # "trains": the package carries the training set (a lesson that trains, or that searches it).
    out = [{"name": n, "title": t.replace('\\"', '"'), "model": m,
            "trains": p in train_panels or bool(preset) or n in SEARCH_LESSONS}
           for n, t, m, _noise, _layout, p, preset in LESSON_RE.findall(table)]
    rows = len(re.findall(r'^\s*\{"[a-z0-9-]+",', table, re.M))  # a lesson row starts {"name",
    if not out or rows != len(out):
        sys.exit(f"package.py: read {len(out)} of the {rows} lesson rows of src/app/core/lessons.cpp: a row's form "
                 '{"name", "title", "model", "noise", Layout::X, kPanels, "preset", "caption"} changed?')
    return out


def manifest_xml(ident, title, files):
    t = html.escape(title)
    rows = "\n".join(f'      <file href="{html.escape(f)}"/>' for f in files)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{html.escape(ident)}" version="1.0"
          xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
          xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="aeplay">
    <organization identifier="aeplay">
      <title>{t}</title>
      <item identifier="lesson" identifierref="launch" isvisible="true">
        <title>{t}</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="launch" type="webcontent" adlcp:scormtype="sco" href="launch.html">
{rows}
    </resource>
  </resources>
</manifest>
"""


def launch_html(title, query):
    """The SCO's launch page: the lesson's page in this same window (so it finds the platform's API from
    here, web/scorm.js), with scorm=1 in its URL."""
    target = "index.html?scorm=1&" + query
    return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{html.escape(title)}</title>
  <link rel="icon" href="data:,">
  <script>location.replace({json.dumps(target)});</script>
</head>
<body><p><a href="{html.escape(target)}">{html.escape(title)}</a></p></body>
</html>
"""


def write_zip(path, members):
    """members: [(name in the zip, bytes or a file path)], written in that order with fixed dates."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, src in members:
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            if not isinstance(src, bytes):
                with open(src, "rb") as f:
                    src = f.read()
            data = src
            z.writestr(info, data, compresslevel=9)


def walk(root):
    for d, dirs, names in os.walk(root):
        dirs.sort()
        for n in sorted(names):
            yield os.path.relpath(os.path.join(d, n), root).replace(os.sep, "/")


def package_files(release, build, model, dataset, trains):
    """The site files one lesson needs: the page, the module (every variant), its model, its data set."""
    files = ["index.html", "version.json"] + [f"v/{build}/{n}" for n in sorted(os.listdir(os.path.join(release, "v", build)))]
    files.append(f"assets/models/{model}.aep")
    parts = ["t10k-head", "t10k"] + (["train"] if trains else [])
    for part in parts:
        for kind in ("images-idx3", "labels-idx1"):
            files.append(f"{DATA_DIRS[dataset]}/{part}-{kind}-ubyte.gz")
    missing = [f for f in files if not os.path.isfile(os.path.join(release, f))]
    if missing:
        sys.exit(f"package.py: {release} lacks {', '.join(missing)}")
    return files


def scorm_package(release, dist, version, build, name, title, query, model, dataset, trains):
    files = package_files(release, build, model, dataset, trains)
    launch = launch_html(title, query).encode()
    listed = ["launch.html"] + files
    manifest = manifest_xml(f"aeplay-{name}-{version}", title, listed).encode()
    out = os.path.join(dist, f"aeplay-scorm-{name}-{version}.zip")
    write_zip(out, [("imsmanifest.xml", manifest), ("launch.html", launch)] +
              [(f, os.path.join(release, f)) for f in files])
    return out


def main():
    ap = argparse.ArgumentParser(description="aeplay's release packages (site zip, SCORM 1.2 packages)")
    ap.add_argument("release")
    ap.add_argument("dist")
    ap.add_argument("--scorm", help='a custom link\'s query, e.g. "lesson=pca&noise=gaussian:0.3"')
    ap.add_argument("--title", help="the custom package's title")
    ap.add_argument("--name", help="the custom package's file name part (default: from the title)")
    ap.add_argument("--no-site", action="store_true", help="skip the site zip")
    ap.add_argument("--lesson", action="append", help="only this lesson's package (repeatable)")
    a = ap.parse_args()
    with open(os.path.join(a.release, "version.json"), encoding="utf-8") as f:
        meta = json.load(f)
    version, build = meta["version"], meta["build"]
    os.makedirs(a.dist, exist_ok=True)
    written = []
    if a.scorm is not None:
        if not a.title:
            sys.exit("package.py: --scorm needs --title (what the platform shows)")
        q = dict(urllib.parse.parse_qsl(a.scorm.lstrip("?"), keep_blank_values=True))
        by_name = {l["name"]: l for l in lessons()}
        if "lesson" in q and q["lesson"] not in by_name:
            sys.exit(f"package.py: no lesson '{q['lesson']}' (lessons: {', '.join(by_name)})")
        lesson = by_name.get(q.get("lesson"), {"model": "dae-gaussian", "trains": False})
        model = q.get("model", lesson["model"])
        dataset = q.get("dataset", "fashion" if model.startswith("fashion-") else "mnist")
        if dataset not in DATA_DIRS:
            sys.exit(f"package.py: dataset={dataset}: a package holds mnist or fashion")
        trains = lesson["trains"] or "train" in q.get("panels", "").split(",")
        name = a.name or re.sub(r"[^a-z0-9]+", "-", a.title.lower()).strip("-") or "custom"
        written.append(scorm_package(a.release, a.dist, version, build, name, a.title, a.scorm.lstrip("?"), model,
                                     dataset, trains))
    else:
        chosen = [l for l in lessons() if not a.lesson or l["name"] in a.lesson]
        unknown = set(a.lesson or []) - {l["name"] for l in chosen}
        if unknown:
            sys.exit(f"package.py: no lesson {', '.join(sorted(unknown))}")
        for l in chosen:
            dataset = "fashion" if l["model"].startswith("fashion-") else "mnist"
            written.append(scorm_package(a.release, a.dist, version, build, l["name"], f"aeplay: {l['title']}",
                                         "lesson=" + l["name"], l["model"], dataset, l["trains"]))
        if not a.no_site:
            out = os.path.join(a.dist, f"aeplay-site-{version}.zip")
            write_zip(out, [(f, os.path.join(a.release, f)) for f in walk(a.release)])
            written.append(out)
    for w in written:
        print(f"{w}  {os.path.getsize(w) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
