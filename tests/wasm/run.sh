#!/usr/bin/env bash
# Native vs WebAssembly: the same model file and input give the same numbers natively and in every wasm variant.
# Needs the native build in build/ and the web build in build-web/ (scripts/test.sh makes both).
. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/common.sh"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
model="$AEPLAY_ROOT/assets/models/dae-gaussian.aep"
"$AEPLAY_ROOT/build/tests/wasm/engine_check" "$model" "$AEPLAY_DATA" "$out/native.bin"
# Each wasm variant (web/wasm-variant.js) against native: simd128, relaxed (the simd128 build with
# gemm_relaxed.wasm in its table) and scalar (built without SIMD by scripts/build-web.sh).
wasm="$AEPLAY_ROOT/build-web/tests/wasm/engine_check.js"
node --no-experimental-fetch "$wasm" "$model" "$AEPLAY_DATA" "$out/simd128.bin"
node --no-experimental-fetch --experimental-wasm-relaxed-simd "$AEPLAY_ROOT/tests/wasm/relaxed.js" \
  "$AEPLAY_ROOT/build-web/site/aeplay-gemm-relaxed.wasm" "$wasm" "$model" "$AEPLAY_DATA" "$out/relaxed.bin"
node --no-experimental-fetch "$AEPLAY_ROOT/build-web-scalar/tests/wasm/engine_check-scalar.js" "$model" "$AEPLAY_DATA" \
  "$out/scalar.bin"
for variant in simd128 relaxed scalar; do
  echo "wasm $variant:"
  node "$AEPLAY_ROOT/tests/wasm/compare.js" "$out/native.bin" "$out/$variant.bin"
done
