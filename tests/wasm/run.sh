#!/usr/bin/env bash
# Native vs WebAssembly: the same model file and input give the same numbers in both builds.
# Needs the native build in build/ and the web build in build-web/ (scripts/test.sh makes both).
. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/common.sh"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
model="$AEPLAY_ROOT/assets/models/dae-gaussian.aep"
"$AEPLAY_ROOT/build/tests/wasm/engine_check" "$model" "$AEPLAY_DATA" "$out/native.bin"
node --no-experimental-fetch "$AEPLAY_ROOT/build-web/tests/wasm/engine_check.js" "$model" "$AEPLAY_DATA" "$out/wasm.bin"
node "$AEPLAY_ROOT/tests/wasm/compare.js" "$out/native.bin" "$out/wasm.bin"
