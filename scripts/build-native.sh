#!/usr/bin/env bash
# Builds the engine, the aeplay CLI and the native tests into build/ (Release, -march=native).
# Extra arguments go to cmake's configure step.
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cmake -S "$AEPLAY_ROOT" -B "$AEPLAY_ROOT/build" -DCMAKE_BUILD_TYPE=Release -DAEPLAY_DATA_DIR="$AEPLAY_DATA" -DAEPLAY_FASHION_DIR="$AEPLAY_FASHION_DATA" -DAEPLAY_PHOTOS_DIR="$AEPLAY_PHOTOS" "$@" >/dev/null
cmake --build "$AEPLAY_ROOT/build" -j "$AEPLAY_JOBS"
# The photos data set, built once from the photographs of Debian's mate-backgrounds and plasma-workspace-wallpapers
# (scripts/setup.sh installs them): the decoder is the engine's, so it is built after the CLI. The stamp names
# the recipe: a set built by an older one is rebuilt.
photos_recipe=2
if [[ "$(cat "$AEPLAY_PHOTOS/.recipe" 2>/dev/null)" != "$photos_recipe" && -d /usr/share/backgrounds/mate/nature &&
      -d /usr/share/wallpapers/Path ]]; then
  log "building the photos data set into $AEPLAY_PHOTOS"
  "$AEPLAY_ROOT/build/src/cli/aeplay" make-photos --out "$AEPLAY_PHOTOS"
  echo "$photos_recipe" > "$AEPLAY_PHOTOS/.recipe"
fi
