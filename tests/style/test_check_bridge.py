"""Self-test of scripts/check_bridge.py: a fixture repository (src/app/bridge/entry_points.h, an EM_JS file,
web/*.js with HOST_SERVICES) in a temp dir, declared on both sides, then with one thing declared on one side only.
Run: python3 tests/style/test_check_bridge.py (stdlib only; ctest runs it as bridge_declared_selftest)."""
import os
import subprocess
import sys
import tempfile
import unittest

CHECKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "check_bridge.py")

ENTRY_POINTS = """\
#define AEPLAY_ENTRY_POINTS(X) \\
  X(const char*, aeplay_state_json, (), "string", "") \\
  X(void, aeplay_set_seed, (double seed), "null", "number") \\
  /* X(void, aeplay_commented_out, (), "null", "") */ \\
  X(int, aeplay_frame_count, (), "number", "")
"""
HOST_WEB = """\
EM_JS(void, js_download, (const char* name), { Module.aeplayHost.download(UTF8ToString(name)); });
EM_JS(int, js_available, (), { return Module.aeplayTraining.available() ? 1 : 0; });
// Module.aeplayHost.inAComment() is not a call
"""
BRIDGE_JS = """\
export const HOST_SERVICES = Object.freeze({
  aeplayHost: ['download'],
  aeplayTraining: ['available'],
});
"""
API_JS = """\
export const state = () => JSON.parse(fn.state_json());
export const seed = (s) => fn.set_seed(s);
export const frames = (m) => m._aeplay_frame_count();
// fn.not_called_in_a_comment()
"""


class BridgeCheckTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.files = {"src/app/bridge/entry_points.h": ENTRY_POINTS, "src/app/platform/host_web.cpp": HOST_WEB,
                      "web/bridge.js": BRIDGE_JS, "web/api.js": API_JS,
                      "web/aeplay-embed.js": "call.fn.not_the_pages_own();\n"}

    def tearDown(self):
        self.tmp.cleanup()

    def run_checker(self):
        for rel, text in self.files.items():
            path = os.path.join(self.tmp.name, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
        r = subprocess.run([sys.executable, "-B", CHECKER, "--repo", self.tmp.name], capture_output=True, text=True)
        return r.returncode, r.stdout

    def assert_fails(self, needle):
        code, out = self.run_checker()
        self.assertEqual(code, 1, out)
        self.assertIn(needle, out)
        self.assertEqual(len(out.splitlines()), 1, out)

    def test_declared_on_both_sides_passes(self):
        self.assertEqual(self.run_checker(), (0, ""))

    def test_an_entry_point_js_calls_but_entry_points_h_does_not_list(self):
        self.files["web/api.js"] += "export const undo = () => fn.undo();\n"
        self.assert_fails("web/api.js:5: calls aeplay_undo, which src/app/bridge/entry_points.h does not list")

    def test_a_ccall_by_name_counts_as_a_call(self):
        self.files["web/api.js"] += "m.ccall('aeplay_notify', null, ['string'], ['hi']);\n"
        self.assert_fails("calls aeplay_notify, which src/app/bridge/entry_points.h does not list")

    def test_an_entry_point_listed_but_never_called(self):
        self.files["web/api.js"] = API_JS.replace("export const seed = (s) => fn.set_seed(s);\n", "")
        self.assert_fails("entry_points.h: aeplay_set_seed is listed but no page script (web/*.js) calls it")

    def test_a_service_cpp_calls_but_host_services_does_not_list(self):
        self.files["src/app/platform/host_web.cpp"] += "EM_JS(void, js_x, (), { Module.aeplayHost.setQuery(''); });\n"
        self.assert_fails("host_web.cpp:4: calls Module.aeplayHost.setQuery, which web/bridge.js HOST_SERVICES")

    def test_a_service_listed_but_called_by_no_cpp(self):
        self.files["web/bridge.js"] = BRIDGE_JS.replace("['download']", "['download', 'forgetTrained']")
        self.assert_fails("web/bridge.js: HOST_SERVICES lists aeplayHost.forgetTrained but no C++ in src/app calls it")

    def test_a_missing_declaration_is_a_problem(self):
        self.files["web/bridge.js"] = "export const SERVICES = {};\n"
        self.assert_fails("web/bridge.js: no `export const HOST_SERVICES")


if __name__ == "__main__":
    unittest.main()
