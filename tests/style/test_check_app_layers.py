"""Self-test of scripts/check_app_layers.py and scripts/source_sizes.py: small fixture trees (src/app + a fake
src/engine; a repository with src/, web/, bench/, scripts/) in a temp dir, each with one thing right or wrong,
checked through the scripts' command lines (exit code + messages).
Run: python3 tests/style/test_check_app_layers.py (stdlib only; ctest runs it as app_layers_selftest)."""
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

SCRIPTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts")
CHECKER = os.path.join(SCRIPTS, "check_app_layers.py")
SIZES = os.path.join(SCRIPTS, "source_sizes.py")


def function(name, lines, body="  x += 1;"):
    """A C++ function of exactly `lines` lines, signature to closing brace."""
    return "\n".join([f"int {name}(int x) {{"] + [body] * (lines - 3) + ["  return x;", "}"]) + "\n"


class CheckerTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = os.path.join(self.tmp.name, "src", "app")
        self.write("../engine/model.h", "#pragma once\n")
        self.write("../engine/kernels/gemm.h", "#pragma once\n")

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, rel, text):
        path = os.path.normpath(os.path.join(self.root, rel))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(textwrap.dedent(text) if "\n" in text else text)

    def run_checker(self, *extra):
        r = subprocess.run([sys.executable, CHECKER, "--root", self.root, *extra], capture_output=True, text=True)
        return r.returncode, r.stdout

    def assert_fails(self, *needles):
        code, out = self.run_checker()
        self.assertEqual(code, 1, out)
        for needle in needles:
            self.assertIn(needle, out)
        return out

    def assert_passes(self):
        code, out = self.run_checker()
        self.assertEqual((code, out), (0, ""))

    # --- includes ---

    def test_core_may_not_include_ui(self):
        self.write("ui/x.h", "#pragma once\n")
        self.write("core/a.cpp", '#include <vector>\n#include "ui/x.h"\n')
        out = self.assert_fails('core/a.cpp:2: core/ may not include "ui/x.h" (core is UI-free')
        self.assertEqual(len(out.splitlines()), 1)

    def test_core_may_not_include_imgui_sdl_gl_emscripten(self):
        for header in ("<imgui.h>", "<SDL.h>", "<GLES3/gl3.h>", "<emscripten.h>", '"app_context.h"'):
            with self.subTest(header=header):
                self.write("app_context.h", "#pragma once\n")
                self.write("core/a.cpp", f"#include {header}\n")
                self.assert_fails(f"core/a.cpp:1: core/ may not include {header}")

    def test_bare_app_header_fails(self):
        self.write("core/playground.h", "#pragma once\n")
        self.write("core/a.cpp", '#include "playground.h"\n')  # found next to the includer
        self.write("ui/b.cpp", '#include "playground.h"\n')  # found only with core/ on the include path
        self.assert_fails('core/a.cpp:1: core/ may not include "playground.h" (app headers are named with '
                          'their layer: "core/playground.h")', 'ui/b.cpp:1: ui/ may not include "playground.h"')

    def test_core_may_include_engine_headers(self):
        self.write("core/a.cpp", '#include "model.h"\n#include "kernels/gemm.h"\n')
        self.assert_passes()

    def test_relative_app_header_fails(self):
        self.write("core/playground.h", "#pragma once\n")
        self.write("ui/b.cpp", '#include "../core/playground.h"\n')
        self.assert_fails('ui/b.cpp:1: ui/ may not include "../core/playground.h"')

    def test_allowed_includes_pass(self):
        self.write("core/playground.h", '#pragma once\n#include <Eigen/Dense>\n#include <nlohmann/json.hpp>\n')
        self.write("core/a.cpp", '#include "core/playground.h"\n#include "model.h"\n#include "kernels/gemm.h"\n'
                                 '#include <cstdint>\n#include <stdio.h>\n')
        self.write("gfx/gl.h", "#pragma once\n#include <GL/glcorearb.h>\n")
        self.write("gfx/shader.cpp", '#include "gfx/gl.h"\n#include "platform/platform.h"\n#include <imgui.h>\n')
        self.write("platform/platform.h", "#pragma once\n")
        self.write("platform/p.cpp", '#include "gfx/gl.h"\n#include <SDL.h>\n#include <imgui_impl_sdl.h>\n'
                                     '#include <emscripten/html5.h>\n#include <unistd.h>\n#include "model.h"\n')
        self.write("ui/panel.cpp", '#include "core/playground.h"\n#include "gfx/gl.h"\n#include <imgui_internal.h>\n')
        self.write("app_context.h", '#pragma once\n#include "ui/panel.h"\n')
        self.write("bridge/js_api.cpp", '#include "app_context.h"\n#include <emscripten.h>\n')
        self.assert_passes()

    def test_layer_rules(self):
        self.write("gfx/shader.h", "#pragma once\n")
        self.write("app_context.h", "#pragma once\n")
        self.write("platform/p.cpp", '#include "gfx/shader.h"\n')  # only gfx/gl.h is allowed
        self.write("gfx/g.cpp", '#include "core/x.h"\n')
        self.write("ui/u.cpp", '#include "bridge/js.h"\n#include "app_context.h"\n#include <SDL.h>\n')
        self.assert_fails('platform/p.cpp:1: platform/ may not include "gfx/shader.h"',
                          'gfx/g.cpp:1: gfx/ may not include "core/x.h"', 'ui/u.cpp:1: ui/ may not include "bridge/js.h"',
                          'ui/u.cpp:2: ui/ may not include "app_context.h"', "ui/u.cpp:3: ui/ may not include <SDL.h>")

    def test_includes_in_comments_and_strings_are_ignored(self):
        self.write("core/a.cpp", '/*\n#include <imgui.h>\n*/\n// #include <SDL.h>\nconst char* s = R"(\n'
                                 '#include <GL/gl.h>\n)";\n')
        self.assert_passes()

    # --- sizes ---

    def test_file_limit(self):
        self.write("core/ok.h", "//\n" * 400)
        self.assert_passes()
        self.write("core/big.h", "//\n" * 401)
        self.assert_fails("core/big.h:1: file is 401 lines (limit 400)")

    def test_function_limit(self):
        self.write("core/a.cpp", function("fits", 80) + "\n" + function("too_long", 81))
        out = self.assert_fails("core/a.cpp:82: function too_long is 81 lines (limit 80)")
        self.assertNotIn("fits", out)

    def test_lambda_counts_toward_its_function(self):
        lam = "  auto f = [](int y) {\n" + "    y += 1;\n" * 80 + "    return y;\n  };\n"
        self.write("core/a.cpp", "int outer(int x) {\n" + lam + "  return f(x);\n}\n")
        self.assert_fails("core/a.cpp:1: function outer is 86 lines (limit 80)")

    def test_multiline_signature_counts(self):
        self.write("core/a.h", "template <class T>\nint f(T a,\n      T b) const {\n" + "  a += b;\n" * 76 + "}\n")
        self.assert_passes()  # 3 signature lines (the template line included) + 76 + the closing brace = 80
        self.write("core/a.h", "template <class T>\nint f(T a,\n      T b) const {\n" + "  a += b;\n" * 77 + "}\n")
        self.assert_fails("core/a.h:1: function f is 81 lines")

    def test_braces_in_literals_and_comments(self):
        tricky = textwrap.dedent('''\
            int tricky(int x) {
              const char* a = "}}}";  // }}}
              /* { */ char b = '{'; char c = '\\'';
              const char* r = R"js(function() { return ")"; })js", *q = R"(a"{)";
              const char* s = "\\"}";
              int n = std::max(1'000, int('{'));
              return x + n + b + c + a[0] + r[0] + s[0] + q[0];
            }
            ''')
        self.write("core/a.cpp", tricky + function("after", 81))
        self.assert_fails("core/a.cpp:9: function after is 81 lines")
        code, out = self.run_checker("--report")
        self.assertIn("    8  " + self.root + "/core/a.cpp:1  tricky", out)

    def test_scopes_and_where_functions_start(self):
        text = textwrap.dedent('''\
            namespace a {
            extern "C" {
            struct S : Base {
             public:
              S(int v) : v_{v}, w_(v) {
                v_ += 1;
              }
              int get() const noexcept { return v_; }
              int v_{0}, w_{1};
            };
            enum class E : int { kA, kB };
            const int kTable[] = {1, 2, 3};
            int kGrid[2][2] {
              {1, 2}, {3, 4}};
            auto g = [](int x) -> int {
              return x;
            };
            }
            }  // namespace a
            int after_ns() {
              return 1;
            }
            extern "C" int c_api(int x) {
              return x;
            }
            ''')
        self.write("core/a.h", text)
        code, out = self.run_checker("--report")
        self.assertEqual(code, 0)
        self.assertIn("    3  " + self.root + "/core/a.h:5  S", out)
        self.assertIn("    1  " + self.root + "/core/a.h:8  get", out)
        self.assertIn("    3  " + self.root + "/core/a.h:15  g (lambda)", out)
        self.assertIn("    3  " + self.root + "/core/a.h:20  after_ns", out)
        self.assertIn("    3  " + self.root + "/core/a.h:23  c_api", out)
        self.assertIn("5 functions", out)

    def test_report_exits_zero_with_violations(self):
        self.write("core/a.cpp", "#include <imgui.h>\n" + function("too_long", 90))
        code, out = self.run_checker("--report")
        self.assertEqual(code, 0)
        self.assertIn("may not include <imgui.h>", out)
        self.assertIn("Longest functions", out)
        self.assertIn("Largest files", out)


def js_function(head, lines, indent=""):
    """A JS function of exactly `lines` lines: `head` is what precedes its `{` (e.g. "function f(x)")."""
    return "\n".join([f"{indent}{head} {{"] + [f"{indent}  x += 1;"] * (lines - 2) + [f"{indent}}}"]) + "\n"


def py_function(name, lines):
    return "\n".join([f"def {name}(x):"] + ["    x += 1"] * (lines - 2) + ["    return x"]) + "\n"


class SourceSizesTest(unittest.TestCase):
    """source_sizes.py over a fixture repository: every language's functions and the file limit."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.repo = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, rel, text):
        path = os.path.join(self.repo, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    def run_sizes(self, *extra):
        r = subprocess.run([sys.executable, "-B", SIZES, "--repo", self.repo, *extra], capture_output=True, text=True)
        return r.returncode, r.stdout

    def assert_violations(self, *needles):
        code, out = self.run_sizes()
        self.assertEqual(code, 1 if needles else 0, out)
        self.assertEqual(len(out.splitlines()), len(needles), out)
        for needle in needles:
            self.assertIn(needle, out)

    def test_cpp_in_every_tree(self):
        self.write("src/engine/a.cpp", function("fits", 80))
        self.write("bench/b.cpp", function("too_long", 81))
        self.assert_violations("bench/b.cpp:1: function too_long is 81 lines (limit 80)")

    def test_file_limit_for_every_text_file_and_shell_scripts(self):
        self.write("scripts/ok.sh", "echo\n" * 400)
        self.write("scripts/big.sh", "echo\n" * 401)
        self.write("web/style.css", "a {}\n" * 401)
        self.assert_violations("scripts/big.sh:1: file is 401 lines (limit 400)",
                               "web/style.css:1: file is 401 lines (limit 400)")

    def test_tests_may_be_longer(self):
        self.write("scripts/test_x.py", py_function("long", 200) + "#\n" * 400)
        self.write("web/tests/a.js", js_function("function long()", 200))
        self.write("bench/x.test.js", js_function("function long()", 200))
        self.assert_violations()

    def test_js_function_forms(self):
        self.write("web/a.js", js_function("function declared(x)", 81) + js_function("const arrow = (x) =>", 81) +
                   js_function("const one = x =>", 80) + js_function("if (x)", 90))
        self.write("web/b.js", "class K {\n" + js_function("method(a, b)", 81, "  ") +
                   js_function("static async other()", 80, "  ") + "}\n")
        self.assert_violations("web/a.js:1: function declared is 81 lines", "web/a.js:82: function arrow is 81 lines",
                               "web/b.js:2: function method is 81 lines")

    def test_js_braces_in_strings_templates_regexes_and_comments(self):
        body = ("  const s = '}}', t = \"{\", u = `${'}'} }}`; // }\n"
                "  /* { */ const r = /[}{]+\\//g, q = x / 2 / 3;\n")
        self.write("web/a.js", "function tricky(x) {\n" + body + "}\n" + js_function("function after()", 81))
        self.assert_violations("web/a.js:5: function after is 81 lines")

    def test_js_iife_wrapper_is_not_a_function_but_what_it_holds_is(self):
        inner = js_function("function inner()", 81, "  ")
        self.write("web/a.js", "(function () {\n  'use strict';\n" + inner + "})();\n")
        self.write("web/b.js", "(() => {\n" + js_function("function ok()", 80, "  ") + "})();\n")
        self.write("web/c.js", "(function (global) {\n" + js_function("const f = () =>", 10, "  ") + "})(window);\n")
        self.assert_violations("web/a.js:3: function inner is 81 lines")

    def test_python_defs(self):
        text = py_function("fits", 80) + "\n\n" + "class C:\n" + "\n".join(
            "    " + line for line in py_function("method", 81).splitlines()) + "\n\nX = 1\n"
        self.write("scripts/a.py", text)
        self.write("bench/b.py", "async " + py_function("too_long", 90))
        self.assert_violations("scripts/a.py:84: function method is 81 lines", "bench/b.py:1: function too_long is 90")

    def test_report_lists_the_longest_and_exits_zero(self):
        self.write("web/a.js", js_function("function long()", 90))
        code, out = self.run_sizes("--report")
        self.assertEqual(code, 0)
        self.assertIn("     90  web/a.js:1  long", out)
        self.assertIn("Largest files", out)


if __name__ == "__main__":
    unittest.main()
