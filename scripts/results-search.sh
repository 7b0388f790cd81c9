#!/usr/bin/env bash
# Search by code on MNIST (docs/results.md, "Search by code"): trains the hashing autoencoder at 16, 32 and 64
# bits (the 32-bit one is the shipped assets/models/hash-32.aep, scripts/make-assets.sh) and runs `aeplay search`
# on each: precision at 100, mAP and ms per query for every method over the 60,000 training images, 1,000 test
# queries. Usage: scripts/results-search.sh [OUT_DIR]   (AEPLAY=path/to/aeplay, default build/src/cli/aeplay)
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
AEPLAY="${AEPLAY:-$AEPLAY_ROOT/build/src/cli/aeplay}"
out="${1:-$AEPLAY_ROOT/build/search}"
mkdir -p "$out"
for bits in 16 32 64; do
  model="$out/hash-$bits.aep"
  [[ -f "$model" ]] || "$AEPLAY" train --preset hash-32 --layers 784,256,"$bits" --seed 1 --quiet --out "$model"
  "$AEPLAY" search "$model" --bits "$bits" --queries 1000 --k 100
done
