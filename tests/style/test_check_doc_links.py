"""Self-test of tests/style/check_doc_links.py: small documentation trees in a temp dir, each with one thing right
or wrong, checked through the script's command line (exit code + messages); and GitHub's slugs of real headings.
Run: python3 tests/style/test_check_doc_links.py (stdlib only; ctest runs it as doc_links_selftest)."""
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKER = os.path.join(HERE, "check_doc_links.py")
sys.path.insert(0, HERE)
import check_doc_links  # noqa: E402

GOOD_README = """# Project

![a picture](assets/shot.png)

See [the guide](docs/guide.md#first-steps), [its second part](docs/guide.md#first-steps-1),
[the code](src/main.c), [the site](https://example.org/a?b=1#c) and [us](mailto:a@example.org).

```sh
cat [not a link](nowhere.md)   # inside a code block: not checked
```

`[not a link either](nowhere.md)` in a code span.
"""

GOOD_GUIDE = """# The guide

For readers of this test.

## First steps

## First steps

Back to the [top](#the-guide) and the [README](../README.md#project).
"""


class DocLinksTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        self.write("README.md", GOOD_README)
        self.write("docs/guide.md", GOOD_GUIDE)
        self.write("assets/shot.png", "png")
        self.write("src/main.c", "int main(void) { return 0; }\n")

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, rel, text):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    def run_checker(self):
        r = subprocess.run([sys.executable, "-B", CHECKER, "--root", self.root], capture_output=True, text=True)
        return r.returncode, r.stdout

    def assert_fails(self, *needles):
        code, out = self.run_checker()
        self.assertEqual(code, 1, out)
        for needle in needles:
            self.assertIn(needle, out)

    def test_good_tree_passes(self):
        code, out = self.run_checker()
        self.assertEqual((code, out), (0, ""))

    def test_missing_file(self):
        self.write("docs/guide.md", GOOD_GUIDE + "\nSee [gone](gone.md).\n")
        self.assert_fails("docs/guide.md:11: gone.md: no such file docs/gone.md")

    def test_missing_anchor(self):
        self.write("README.md", GOOD_README.replace("#first-steps-1", "#first-steps-2"))
        self.assert_fails("README.md:5: docs/guide.md#first-steps-2: no heading with the anchor #first-steps-2")

    def test_missing_anchor_in_the_same_file(self):
        self.write("docs/guide.md", GOOD_GUIDE.replace("(#the-guide)", "(#the-guides)"))
        self.assert_fails("docs/guide.md:9: #the-guides: no heading with the anchor")

    def test_anchor_into_a_file_that_is_not_markdown(self):
        self.write("README.md", GOOD_README.replace("(src/main.c)", "(src/main.c#L1)"))
        self.assert_fails("src/main.c#L1: an anchor into a file that is not Markdown cannot be checked")

    def test_missing_image(self):
        self.write("README.md", GOOD_README.replace("assets/shot.png", "assets/gone.png"))
        self.assert_fails("README.md:3: assets/gone.png: no such file")

    def test_malformed_and_foreign_urls(self):
        self.write("docs/guide.md", GOOD_GUIDE + "\n[a](https:///nohost) [b](javascript:alert)\n")
        self.assert_fails("malformed URL 'https:///nohost'", "unsupported link scheme 'javascript'")

    def test_html_and_reference_links(self):
        self.write("docs/guide.md", GOOD_GUIDE + '\n<img src="../gone.png">\n\n[ref]: ../also-gone.md\n')
        self.assert_fails("docs/guide.md:11: ../gone.png: no such file", "docs/guide.md:13: ../also-gone.md")

    def test_readme_too_long(self):
        self.write("README.md", GOOD_README + "line\n" * 300)
        self.assert_fails("README.md: 312 lines, more than 300")

    def test_docs_page_without_its_reader(self):
        self.write("docs/other.md", "# Other\n\nSome text.\n")
        self.assert_fails('docs/other.md:1: a docs page starts with its title, then a line saying whom it is for')

    def test_github_slugs(self):
        cases = {
            "WebAssembly variants: relaxed, simd128, scalar": "webassembly-variants-relaxed-simd128-scalar",
            "All cores natively: the thread pool (`bench/threads.sh`, also the end of `bench/suite.sh`)":
                "all-cores-natively-the-thread-pool-benchthreadssh-also-the-end-of-benchsuitesh",
            "Results on Fashion-MNIST (test set, 10,000 images)": "results-on-fashion-mnist-test-set-10000-images",
            "Model files (`.aep`)": "model-files-aep",
            "aeplay — an autoencoder playground in the browser": "aeplay--an-autoencoder-playground-in-the-browser",
            "See [the guide](guide.md) now": "see-the-guide-now",
            "snake_case stays": "snake_case-stays",
        }
        for heading, expected in cases.items():
            self.assertEqual(check_doc_links.slug(heading), expected, heading)


if __name__ == "__main__":
    unittest.main()
