#!/usr/bin/env bash
# Third-party sources for the web build, fetched from Debian's source packages and built into the cache.
# Debian's emscripten has a frozen cache (no ports: -sUSE_SDL=2 fails), so SDL2 is built here with emcmake,
# and Dear ImGui's sources are unpacked for src/app/CMakeLists.txt to compile. Nothing lands in git.
# Idempotent: each step leaves a stamp; a second run only checks the stamps.
#   $AEPLAY_CACHE/src/imgui      -> unpacked imgui source package (AEPLAY_IMGUI_DIR)
#   $AEPLAY_CACHE/src/sdl2       -> unpacked libsdl2 source package
#   $AEPLAY_CACHE/sdl2-wasm      SDL2 built for wasm (AEPLAY_SDL2_WASM_DIR)
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SRC="$AEPLAY_CACHE/src"
SDL2_PREFIX="$AEPLAY_CACHE/sdl2-wasm"
SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
mkdir -p "$SRC"

# apt-get source needs a deb-src line; mirror Debian's deb entries rather than guessing mirrors.
ensure_deb_src() {
  if grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then return; fi
  local main=/etc/apt/sources.list.d/debian.sources
  [[ -f "$main" ]] || { log "no $main to mirror: add a deb-src entry for Debian by hand"; exit 1; }
  log "adding deb-src entries (/etc/apt/sources.list.d/aeplay-src.sources)"
  sed 's/^Types:.*/Types: deb-src/' "$main" | $SUDO tee /etc/apt/sources.list.d/aeplay-src.sources >/dev/null
  $SUDO apt-get update -q
}

# fetch_source <source package> <link name>: download + unpack once, then point $SRC/<link> at it.
fetch_source() {
  local pkg="$1" link="$2"
  [[ -f "$SRC/.stamp-$pkg" && -d "$SRC/$link/" ]] && return
  ensure_deb_src
  log "fetching Debian source package $pkg"
  local tmp="$SRC/.dl-$pkg"
  rm -rf "$tmp" && mkdir -p "$tmp"
  # --download-only: no build-deps, no automatic unpack (we unpack ourselves to know the dir name).
  # A deb-src entry whose index was never fetched makes this fail once: update and retry.
  (cd "$tmp" && apt-get source --download-only -q "$pkg") ||
    { $SUDO apt-get update -q && (cd "$tmp" && apt-get source --download-only -q "$pkg"); }
  local dsc; dsc="$(ls "$tmp"/*.dsc | head -n1)"
  local ver; ver="$(sed -n 's/^Version: //p' "$dsc" | head -n1)"
  local dir="$SRC/$pkg-${ver%%-*}"
  rm -rf "$dir"
  dpkg-source --no-copy --no-check -x "$dsc" "$dir" >/dev/null
  ln -sfn "$(basename "$dir")" "$SRC/$link"
  rm -rf "$tmp"
  echo "$ver" > "$SRC/.stamp-$pkg"
}

build_sdl2_wasm() {
  local ver; ver="$(cat "$SRC/.stamp-libsdl2")"
  [[ -f "$SDL2_PREFIX/.stamp" && "$(cat "$SDL2_PREFIX/.stamp")" == "$ver" ]] && return
  log "building SDL2 $ver for wasm into $SDL2_PREFIX (a few minutes)"
  local bld="$AEPLAY_CACHE/build/sdl2-wasm"
  rm -rf "$bld" "$SDL2_PREFIX"
  local t0=$SECONDS
  emcmake cmake -S "$SRC/sdl2/" -B "$bld" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$SDL2_PREFIX" -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF >/dev/null
  emmake make -C "$bld" -j"$AEPLAY_JOBS" >/dev/null
  make -C "$bld" install >/dev/null
  rm -rf "$bld"
  echo "$ver" > "$SDL2_PREFIX/.stamp"
  log "SDL2 for wasm built in $((SECONDS - t0)) s"
}

fetch_source imgui imgui
fetch_source libsdl2 sdl2
build_sdl2_wasm
log "web deps ready: AEPLAY_IMGUI_DIR=$SRC/imgui AEPLAY_SDL2_WASM_DIR=$SDL2_PREFIX"
