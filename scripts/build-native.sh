#!/usr/bin/env bash
# Builds the engine, the aeplay CLI and the native tests into build/ (Release, -march=native).
# Extra arguments go to cmake's configure step.
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cmake -S "$AEPLAY_ROOT" -B "$AEPLAY_ROOT/build" -DCMAKE_BUILD_TYPE=Release -DAEPLAY_DATA_DIR="$AEPLAY_DATA" -DAEPLAY_FASHION_DIR="$AEPLAY_FASHION_DATA" -DAEPLAY_PHOTOS_DIR="$AEPLAY_PHOTOS" "$@" >/dev/null
cmake --build "$AEPLAY_ROOT/build" -j "$AEPLAY_JOBS"
# The photos data set, built once from the photographs of Debian's mate-backgrounds (scripts/setup.sh installs
# it): the decoder is the engine's, so it is built after the CLI.
mate_nature=/usr/share/backgrounds/mate/nature
if [[ ! -f "$AEPLAY_PHOTOS/test-photos-idx1-ubyte" && -d "$mate_nature" ]]; then
  log "building the photos data set from $mate_nature into $AEPLAY_PHOTOS"
  "$AEPLAY_ROOT/build/src/cli/aeplay" make-photos --out "$AEPLAY_PHOTOS"
fi
