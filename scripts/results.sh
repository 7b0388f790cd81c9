#!/usr/bin/env bash
# Reproduces docs/results.md's results tables: trains every family's preset at code size 32 (plus the VAE at
# 2 and 20, the overcomplete pair) on the 60k MNIST training images and evaluates it on the 10k test
# images. Models land in $OUT (default build/results); the pretrained playground models are copied from
# here by scripts/make-assets.sh. Takes about 15-30 minutes on 2 cores.
#   scripts/results.sh [preset ...]
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
AEPLAY="${AEPLAY:-$AEPLAY_ROOT/build/src/cli/aeplay}"
OUT="${OUT:-$AEPLAY_ROOT/build/results}"
mkdir -p "$OUT"
presets=("$@")
((${#presets[@]})) || presets=(undercomplete linear sparse-l1 sparse-kl contractive denoising-gaussian denoising-mask
                               denoising-saltpepper denoising-dropout vae-2d vae-20d vae-32d conv stacked overcomplete
                               overcomplete-denoising)
for p in "${presets[@]}"; do
  log "training $p"
  "$AEPLAY" train --preset "$p" --seed 1 --out "$OUT/$p.aep" --quiet > "$OUT/$p.train.txt"
  "$AEPLAY" eval "$OUT/$p.aep" --noises none,gaussian:0.3,gaussian:0.5,mask:0.25,mask:0.5,saltpepper:0.1,saltpepper:0.2,dropout:0.3 \
    --json > "$OUT/$p.eval.json"
  tail -n 4 "$OUT/$p.train.txt"
done
