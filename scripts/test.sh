#!/usr/bin/env bash
# Runs every test: native GoogleTest suites (ctest), native-vs-WebAssembly engine check (Node), and
# browser end-to-end tests (Playwright + Debian chromium). Sets up whatever is missing first.
#   scripts/test.sh            everything
#   scripts/test.sh native     only the native build and ctest
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
what="${1:-all}"
start=$SECONDS
# Each stage is logged with the seconds since the start, so a CI log shows where the time goes.
step() { log "[$((SECONDS - start)) s] $*"; }

"$AEPLAY_ROOT/scripts/setup.sh" "$([[ $what == native ]] && echo native || echo all)"

step "native build + GoogleTest suites"
"$AEPLAY_ROOT/scripts/build-native.sh"
ctest --test-dir "$AEPLAY_ROOT/build" --output-on-failure -j "$AEPLAY_JOBS"

# One clang build serves both: every target is compiled with ASan + UBSan (-fno-sanitize-recover) and
# libFuzzer's coverage instrumentation; the GoogleTest suites run there, then each fuzz target briefly.
step "GoogleTest suites under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan: clang, Debug -O1)"
asan="$AEPLAY_ROOT/build-asan"
cmake -S "$AEPLAY_ROOT" -B "$asan" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1" -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_COMPILER=clang++ -DAEPLAY_FUZZ=ON -DAEPLAY_BUILD_BENCH=OFF -DAEPLAY_DATA_DIR="$AEPLAY_DATA" -DAEPLAY_FASHION_DIR="$AEPLAY_FASHION_DATA" >/dev/null
cmake --build "$asan" -j "$AEPLAY_JOBS"
# Excluded here (they run in the plain build above): two tests that assert wall-clock bounds on all of
# MNIST (PCA-30 fit < 30 s; a linear AE trained to the PCA subspace within the 120 s ctest limit), which
# sanitizer instrumentation at -O1 makes 3-5x slower. Their code paths run here on smaller data (the
# other Pca tests, the family and trainer tests).
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir "$asan" --output-on-failure -j "$AEPLAY_JOBS" \
  -E '^(Pca\.Pca30OnMnistGivesThePublished13point87|LinearAutoencoder\.SpansThePcaSubspaceOnMnist)$'

# The native thread pool under ThreadSanitizer: its jobs, the threaded GEMM and Adam against one thread, the
# step chooser and a two-thread training run (a data race there would not show in the builds above).
step "the thread pool under ThreadSanitizer (build-tsan: clang, Debug -O1; test_kernels, test_optim, test_trainer)"
tsan="$AEPLAY_ROOT/build-tsan"
cmake -S "$AEPLAY_ROOT" -B "$tsan" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-gline-tables-only -O1 -fsanitize=thread" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DAEPLAY_BUILD_BENCH=OFF -DAEPLAY_DATA_DIR="$AEPLAY_DATA" -DAEPLAY_FASHION_DIR="$AEPLAY_FASHION_DATA" >/dev/null
cmake --build "$tsan" -j "$AEPLAY_JOBS" --target test_kernels test_optim test_trainer
TSAN_OPTIONS=halt_on_error=1 ctest --test-dir "$tsan" --output-on-failure -j "$AEPLAY_JOBS" \
  -R '^(ThreadPool\..*|StepThreads\..*|Optim\.AdamOnThePool.*|Trainer\.TwoThreads.*)$'

step "short fuzz run: every parser, libFuzzer + ASan + UBSan (scripts/fuzz.sh; the long run is scripts/fuzz.sh alone)"
AEPLAY_FUZZ_BUILD="$asan" AEPLAY_FUZZ_BUILD_TYPE=Debug "$AEPLAY_ROOT/scripts/fuzz.sh" "${AEPLAY_FUZZ_RUNS:-50000}"
[[ "$what" == native ]] && { step "native tests passed ($((SECONDS - start)) s)"; exit 0; }

step "WebAssembly build"
"$AEPLAY_ROOT/scripts/build-web.sh"
step "native vs WebAssembly engine check (Node)"
"$AEPLAY_ROOT/tests/wasm/run.sh"
step "browser end-to-end tests (chromium)"
"$AEPLAY_ROOT/tests/e2e/run.sh"
step "all tests passed ($((SECONDS - start)) s)"
