#!/usr/bin/env bash
# Regenerates the pretrained models the playground ships in assets/models/ (docs/results.md: "Pretrained models").
# Usage: scripts/make-assets.sh [mnist|fashion|photos|all]   (default all; AEPLAY=path/to/aeplay, default build/src/cli/aeplay)
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
AEPLAY="${AEPLAY:-$AEPLAY_ROOT/build/src/cli/aeplay}"
which="${1:-all}"
out="$AEPLAY_ROOT/assets/models"
mkdir -p "$out"
common=(--layers 784,256,32 --epochs 10 --batch 64 --lr 1e-3 --seed 1)
# The models ship with float16 weights (half the bytes of the page's first visit; docs/model-files.md states what
# that changes in a reconstruction). Training writes float32; this converts in place (a float16 file stays as is).
compact() { for f in "$out"/*.aep; do "$AEPLAY" convert "$f" "$f" --weights f16 >/dev/null; done; }
# Fashion-MNIST: the same recipes as the MNIST models (scripts/results-fashion.sh trains and measures them).
if [[ "$which" == fashion || "$which" == all ]]; then
  "$AEPLAY" train --dataset fashion "${common[@]}" --out "$out/fashion-ae-plain.aep"
  "$AEPLAY" train --dataset fashion "${common[@]}" --noise gaussian:0.5 --out "$out/fashion-dae-gaussian.aep"
  "$AEPLAY" train --dataset fashion "${common[@]}" --noise mask:0.5 --out "$out/fashion-dae-mask.aep"
  "$AEPLAY" train --dataset fashion --preset vae-2d --seed 1 --out "$out/fashion-vae-2d.aep"
fi
# Colour (docs/results.md: "Colorization"): the colorizer on the photos data set (scripts/build-native.sh builds it).
if [[ "$which" == photos || "$which" == all ]]; then
  "$AEPLAY" train --preset colorize --seed 1 --threads 1 --out "$out/colorize.aep"
fi
[[ "$which" == mnist || "$which" == all ]] || { compact; exit 0; }
"$AEPLAY" train "${common[@]}" --out "$out/ae-plain.aep"
"$AEPLAY" train "${common[@]}" --noise gaussian:0.5 --out "$out/dae-gaussian.aep"
"$AEPLAY" train "${common[@]}" --noise mask:0.5 --out "$out/dae-mask.aep"
"$AEPLAY" train "${common[@]}" --noise saltpepper:0.2 --out "$out/dae-saltpepper.aep"
# One model of every family (the same commands as scripts/results.sh, which also evaluates them).
for preset in linear sparse-l1 sparse-kl contractive vae-2d vae-20d conv stacked; do
  "$AEPLAY" train --preset "$preset" --seed 1 --out "$out/$preset.aep"
done
# What autoencoders are for (docs/results.md): inpainting and super-resolution, wider codes (aeplay restore
# compares them with their baselines).
restore=(--layers 784,256,64 --epochs 8 --batch 64 --lr 1e-3 --seed 1)
"$AEPLAY" train "${restore[@]}" --noise block:12 --out "$out/inpaint-block.aep"
"$AEPLAY" train "${restore[@]}" --noise down:2 --out "$out/superres-2x.aep"
"$AEPLAY" train "${restore[@]}" --noise down:4 --out "$out/superres-4x.aep"
# Search by code (docs/results.md): the hashing autoencoder, 32 bits (scripts/results-search.sh measures it).
"$AEPLAY" train --preset hash-32 --seed 1 --out "$out/hash-32.aep"
# The VAE's likelihood (docs/results.md): a Bernoulli VAE on dynamically binarized MNIST, 200 epochs (~28 min),
# then a second cosine cycle from those weights (a warm restart), 600 epochs at 7e-4 (~57 min).
"$AEPLAY" train --preset vae-bernoulli --seed 1 --save-every 5 --out "$out/vae-bernoulli.aep"
"$AEPLAY" train --preset vae-bernoulli --seed 2 --resume "$out/vae-bernoulli.aep" --epochs 600 --lr 7e-4 \
  --threads 1 --save-every 10 --out "$out/vae-bernoulli.aep"
compact
