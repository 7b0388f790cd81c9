#!/usr/bin/env bash
# Set-up for the benchmark suite only (never run by scripts/test.sh or CI): the project's own set-up plus
# the peers: PyTorch CPU, numpy/OpenBLAS and threadpoolctl from Debian, TensorFlow.js (WASM backend) from npm
# into $AEPLAY_CACHE/bench-node (bench/package.json; web/package.json stays as CI installs it).
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
"$AEPLAY_ROOT/scripts/setup.sh"
pkgs=(python3-torch python3-numpy python3-threadpoolctl libopenblas0-pthread)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing benchmark peers: ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
dir="$AEPLAY_CACHE/bench-node"
mkdir -p "$dir"
want="$(sha256sum < "$AEPLAY_ROOT/bench/package.json" | cut -c1-16)"
if [[ ! -f "$dir/.stamp" || "$(cat "$dir/.stamp")" != "$want" ]]; then
  log "installing TensorFlow.js into $dir"
  cp "$AEPLAY_ROOT/bench/package.json" "$dir/"
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error)
  echo "$want" > "$dir/.stamp"
fi
