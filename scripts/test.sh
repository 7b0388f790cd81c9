#!/usr/bin/env bash
# Runs every test: native GoogleTest suites (ctest), native-vs-WebAssembly engine check (Node), and
# browser end-to-end tests (Playwright + Debian chromium). Sets up whatever is missing first.
#   scripts/test.sh            everything
#   scripts/test.sh native     only the native build and ctest
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
what="${1:-all}"
start=$SECONDS

"$AEPLAY_ROOT/scripts/setup.sh" "$([[ $what == native ]] && echo native || echo all)"

log "native build + GoogleTest suites"
"$AEPLAY_ROOT/scripts/build-native.sh"
ctest --test-dir "$AEPLAY_ROOT/build" --output-on-failure -j "$AEPLAY_JOBS"
[[ "$what" == native ]] && { log "native tests passed ($((SECONDS - start)) s)"; exit 0; }

log "WebAssembly build"
"$AEPLAY_ROOT/scripts/build-web.sh"
log "native vs WebAssembly engine check (Node)"
"$AEPLAY_ROOT/tests/wasm/run.sh"
log "browser end-to-end tests (chromium)"
"$AEPLAY_ROOT/tests/e2e/run.sh"
log "all tests passed ($((SECONDS - start)) s)"
