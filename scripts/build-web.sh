#!/usr/bin/env bash
# Builds the web playground into build-web/site/: one static folder (page, aeplay.js/.wasm/.data) that any
# static server can host. Needs the set-up done once (scripts/setup.sh). Extra arguments go to cmake's
# configure step. Serve it with: python3 scripts/serve.py
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
build="$AEPLAY_ROOT/build-web"

if [[ ! -f "$AEPLAY_CACHE/sdl2-wasm/.stamp" || ! -f "$AEPLAY_CACHE/src/imgui/imgui.h" ]]; then
  log "SDL2 for wasm / Dear ImGui sources missing in $AEPLAY_CACHE: run scripts/setup.sh first"
  exit 1
fi
log "configuring $build"
emcmake cmake -S "$AEPLAY_ROOT" -B "$build" -DCMAKE_BUILD_TYPE=Release -DAEPLAY_BUILD_APP=ON \
  -DAEPLAY_CACHE="$AEPLAY_CACHE" -DAEPLAY_IMGUI_DIR="$AEPLAY_CACHE/src/imgui" \
  -DAEPLAY_SDL2_WASM_DIR="$AEPLAY_CACHE/sdl2-wasm" "$@" >/dev/null
log "building"
cmake --build "$build" -j "$AEPLAY_JOBS"
# The scalar build (no SIMD) for the few browsers without WebAssembly SIMD: the page and the worker's engine
# again without -msimd128, their files (aeplay-scalar.*, aeplay-worker-scalar.*) copied beside the others.
log "building the scalar variant (build-web-scalar)"
scalar="$AEPLAY_ROOT/build-web-scalar"
emcmake cmake -S "$AEPLAY_ROOT" -B "$scalar" -DCMAKE_BUILD_TYPE=Release -DAEPLAY_BUILD_APP=ON -DAEPLAY_WASM_SIMD=OFF \
  -DAEPLAY_BUILD_TESTS=ON -DAEPLAY_BUILD_BENCH=OFF \
  -DAEPLAY_CACHE="$AEPLAY_CACHE" -DAEPLAY_IMGUI_DIR="$AEPLAY_CACHE/src/imgui" \
  -DAEPLAY_SDL2_WASM_DIR="$AEPLAY_CACHE/sdl2-wasm" "$@" >/dev/null
cmake --build "$scalar" --target aeplay_app aeplay_worker engine_check -j "$AEPLAY_JOBS"
for f in aeplay-scalar.js aeplay-scalar.wasm aeplay-scalar.data aeplay-worker-scalar.js aeplay-worker-scalar.wasm; do
  cmake -E copy_if_different "$scalar/site/$f" "$build/site/$f"
done
# The release layout (the page's and module's files under v/BUILD/, version.json, the service worker at the root):
# build-web/release, what scripts/package.sh zips (hard links to the site's files where it can).
node "$AEPLAY_ROOT/scripts/stamp-site.js" "$build/site" "$build/release"
log "web playground built: $build/site (serve: python3 scripts/serve.py); its release: $build/release"
