// Runs the `aeplay` binary as a user would (test_cli.cpp, test_finetune_cli.cpp): its exit status, stdout and
// stderr, and the check every mistake must pass (one clear line on stderr). The includer defines
// AEPLAY_CLI_PATH (tests/native/CMakeLists.txt).
#pragma once
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "test_util.h"

#ifndef AEPLAY_CLI_PATH
#error "AEPLAY_CLI_PATH must name the aeplay binary (set by tests/native/CMakeLists.txt)"
#endif

namespace clitest {

struct Result {
  int code;  // exit status; 128+N means killed by signal N (a crash)
  std::string out, err;
  std::string first_err_line() const { return err.substr(0, err.find('\n')); }
  int err_lines() const {
    int n = 0;
    for (char c : err) n += c == '\n';
    return n;
  }
};

inline std::string read_text(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

inline std::string quote(const std::string& s) { return "'" + s + "'"; }

// Runs `aeplay ARGS` through the shell, capturing stdout and stderr.
inline Result aeplay(const std::string& args) {
  static const testutil::TempDir capture;  // removed at exit
  const std::string out = capture.file("stdout"), err = capture.file("stderr");
  const std::string cmd = quote(AEPLAY_CLI_PATH) + " " + args + " >" + quote(out) + " 2>" + quote(err) + " </dev/null";
  const int status = std::system(cmd.c_str());
  Result r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_text(out);
  r.err = read_text(err);
  return r;
}

// Exit status 1 (or `code`), and exactly one line on stderr that starts with "aeplay" and contains `needle`.
inline void expect_one_line_error(const std::string& args, const std::string& needle, int code = 1) {
  SCOPED_TRACE("aeplay " + args);
  const Result r = aeplay(args);
  EXPECT_EQ(r.code, code) << "stderr: " << r.err;
  EXPECT_EQ(r.err_lines(), 1) << "stderr: " << r.err;
  EXPECT_EQ(r.err.rfind("aeplay", 0), 0u) << "stderr: " << r.err;
  EXPECT_NE(r.err.find(needle), std::string::npos) << "stderr does not mention '" << needle << "': " << r.err;
}

}  // namespace clitest
