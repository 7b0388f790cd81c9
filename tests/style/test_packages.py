#!/usr/bin/env python3
"""scripts/package.py's SCORM packages, for every lesson of src/app/core/lessons.cpp (Python 3 stdlib only, no web
build needed): on a release folder of stand-in files (the real layout: index.html, version.json, v/BUILD/, the
shipped models, the data sets' file names), each package's imsmanifest.xml is at the zip's root, well-formed,
SCORM 1.2 (schemaversion, a sco resource launching launch.html), names exactly the files in the zip; a lesson that
does not train carries no training images, one that trains does; launch.html opens the lesson with scorm=1; the
site zip holds version.json and SHA256SUMS; a custom link's package and bad arguments."""
import json
import os
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import package  # noqa: E402  (scripts/package.py)

NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}
BUILD = "0123456789ab"


def fake_release(root):
    files = ["index.html", "lessons.html", "sw.js", "SHA256SUMS"] + [f"v/{BUILD}/{n}" for n in (
        "main.js", "aeplay.js", "aeplay.wasm", "aeplay.data", "aeplay-worker.js", "aeplay-worker.wasm")]
    for models in (os.path.join(ROOT, "assets", "models"),):
        files += [f"assets/models/{n}" for n in os.listdir(models)]
    for d in package.DATA_DIRS.values():
        files += [f"{d}/{p}-{k}-ubyte.gz" for p in ("t10k-head", "t10k", "train") for k in ("images-idx3", "labels-idx1")]
    for f in files:
        os.makedirs(os.path.dirname(os.path.join(root, f)) or root, exist_ok=True)
        with open(os.path.join(root, f), "wb") as out:
            out.write(f.encode() * 3)
    with open(os.path.join(root, "version.json"), "w") as out:
        json.dump({"name": "aeplay", "version": "9.8.7", "build": BUILD, "precache": [], "files": {}}, out)


def run(*args):
    return subprocess.run([sys.executable, "-B", os.path.join(ROOT, "scripts", "package.py"), *args],
                          capture_output=True, text=True)


class Packages(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.release = os.path.join(cls.tmp.name, "release")
        cls.dist = os.path.join(cls.tmp.name, "dist")
        fake_release(cls.release)
        r = run(cls.release, cls.dist)
        assert r.returncode == 0, r.stderr
        cls.lessons = package.lessons()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def check_package(self, path, query):
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            self.assertIn("imsmanifest.xml", names)  # at the root
            root = ET.fromstring(z.read("imsmanifest.xml"))  # well-formed
            self.assertEqual(root.findtext("cp:metadata/cp:schemaversion", namespaces=NS), "1.2")
            res = root.findall("cp:resources/cp:resource", NS)
            self.assertEqual(len(res), 1)
            self.assertEqual(res[0].get(f"{{{NS['adlcp']}}}scormtype"), "sco")
            self.assertEqual(res[0].get("href"), "launch.html")
            listed = [f.get("href") for f in res[0].findall("cp:file", NS)]
            self.assertEqual(sorted(listed), sorted(n for n in names if n != "imsmanifest.xml"))
            item = root.find("cp:organizations/cp:organization/cp:item", NS)
            self.assertEqual(item.get("identifierref"), res[0].get("identifier"))
            launch = z.read("launch.html").decode()
            self.assertIn(json.dumps("index.html?scorm=1&" + query), launch)
            return names

    def test_every_lesson_has_a_package(self):
        self.assertGreaterEqual(len(self.lessons), 14)
        for lesson in self.lessons:
            with self.subTest(lesson=lesson["name"]):
                path = os.path.join(self.dist, f"aeplay-scorm-{lesson['name']}-9.8.7.zip")
                names = self.check_package(path, "lesson=" + lesson["name"])
                self.assertIn(f"assets/models/{lesson['model']}.aep", names)
                self.assertEqual(len([n for n in names if n.startswith("assets/")]), 1, "only its model")
                self.assertEqual(any("/train-" in n for n in names), lesson["trains"])
                self.assertIn(f"v/{BUILD}/aeplay.wasm", names)

    def test_training_is_known(self):
        trains = {l["name"]: l["trains"] for l in self.lessons}
        self.assertTrue(trains["overcomplete"])
        self.assertFalse(trains["denoising-mask"])

    def test_site_zip(self):
        with zipfile.ZipFile(os.path.join(self.dist, "aeplay-site-9.8.7.zip")) as z:
            names = z.namelist()
        for n in ("index.html", "version.json", "SHA256SUMS", "sw.js", f"v/{BUILD}/aeplay.wasm"):
            self.assertIn(n, names)

    def test_custom_link(self):
        out = os.path.join(self.tmp.name, "custom")
        r = run(self.release, out, "--scorm", "lesson=pca&noise=gaussian:0.3", "--title", "PCA & noise")
        self.assertEqual(r.returncode, 0, r.stderr)
        names = self.check_package(os.path.join(out, "aeplay-scorm-pca-noise-9.8.7.zip"), "lesson=pca&noise=gaussian:0.3")
        self.assertIn("assets/models/linear.aep", names)

    def test_bad_arguments(self):
        r = run(self.release, self.tmp.name, "--scorm", "lesson=nope", "--title", "x")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("no lesson 'nope'", r.stderr)
        r = run(self.release, self.tmp.name, "--scorm", "lesson=pca")
        self.assertIn("--scorm needs --title", r.stderr)


if __name__ == "__main__":
    unittest.main()
