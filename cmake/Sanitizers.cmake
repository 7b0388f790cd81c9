# Sanitizer and fuzzing builds (see docs/hardening-and-faults.md). Included by the top-level CMakeLists.txt
# after the aeplay_flags interface target exists; every project target links aeplay_flags (through
# aeplay_engine), so the flags reach the engine, the playground core, the CLI and the tests alike.
#
#   -DAEPLAY_SANITIZE=ON  AddressSanitizer + UndefinedBehaviorSanitizer, stop at the first report
#                         (-fno-sanitize-recover=all). Use a separate build directory (build-asan) and a
#                         Debug build at -O1 (scripts/test.sh does): Eigen's own bounds asserts are on too.
#   -DAEPLAY_FUZZ=ON      libFuzzer harnesses in tests/fuzz (clang only): everything is compiled with
#                         -fsanitize=fuzzer-no-link,address,undefined; the harnesses link -fsanitize=fuzzer.
if(EMSCRIPTEN)
  if(AEPLAY_SANITIZE OR AEPLAY_FUZZ)
    message(FATAL_ERROR "AEPLAY_SANITIZE / AEPLAY_FUZZ are for native builds only")
  endif()
  return()
endif()

set(_aeplay_san_flags "")
if(AEPLAY_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "AEPLAY_FUZZ=ON needs clang (libFuzzer): configure with "
                        "-DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang (Debian: clang, libclang-rt-14-dev)")
  endif()
  set(_aeplay_san_flags -fsanitize=fuzzer-no-link,address,undefined)
  # A fuzz build is a sanitizer build too (scripts/test.sh runs the GoogleTest suites in it): tests that
  # cannot run under ASan (test_alloc replaces malloc) check AEPLAY_SANITIZE.
  set(AEPLAY_SANITIZE ON)
elseif(AEPLAY_SANITIZE)
  set(_aeplay_san_flags -fsanitize=address,undefined)
endif()

if(_aeplay_san_flags)
  # -fno-sanitize-recover: a UBSan report is a failure (non-zero exit), not a line in the log.
  # float-divide-by-zero is deliberately not enabled (it is not part of -fsanitize=undefined): IEEE
  # division by zero gives inf/NaN, which the engine detects where it matters (divergence guard).
  # Line tables only: a report's stack still names every function and line, and the build (Eigen's templates
  # in every test) compiles ~10% faster than with full debug info.
  target_compile_options(aeplay_flags INTERFACE ${_aeplay_san_flags} -fno-sanitize-recover=all
                         -fno-omit-frame-pointer $<IF:$<CXX_COMPILER_ID:Clang>,-gline-tables-only,-g1>)
  # The fuzz harnesses add -fsanitize=fuzzer themselves (it brings libFuzzer's main()).
  string(REPLACE "fuzzer-no-link," "" _aeplay_san_link "${_aeplay_san_flags}")
  target_link_options(aeplay_flags INTERFACE ${_aeplay_san_link} -fno-sanitize-recover=all)
  message(STATUS "aeplay: sanitizers on (${_aeplay_san_flags})")
endif()
