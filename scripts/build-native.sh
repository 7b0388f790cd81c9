#!/usr/bin/env bash
# Builds the engine, the aeplay CLI and the native tests into build/ (Release, -march=native).
# Extra arguments go to cmake's configure step.
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cmake -S "$AEPLAY_ROOT" -B "$AEPLAY_ROOT/build" -DCMAKE_BUILD_TYPE=Release -DAEPLAY_DATA_DIR="$AEPLAY_DATA" -DAEPLAY_FASHION_DIR="$AEPLAY_FASHION_DATA" "$@" >/dev/null
cmake --build "$AEPLAY_ROOT/build" -j "$AEPLAY_JOBS"
