#!/usr/bin/env bash
# The rate-distortion table and plot of docs/results.md ("What autoencoders are for"): plain autoencoders
# 784-256-k for k = 8, 16, 32, 64 (k = 32 is the shipped ae-plain, the same command), their codes
# quantised to 2..8 bits per dimension, PCA at the same bits, PNG and JPEG of the same digits.
# Models land in $OUT (default build/compress; kept between runs), the plot in $OUT/rd.png.
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
AEPLAY="${AEPLAY:-$AEPLAY_ROOT/build/src/cli/aeplay}"
OUT="${OUT:-$AEPLAY_ROOT/build/compress}"
mkdir -p "$OUT"
cp "$AEPLAY_ROOT/assets/models/ae-plain.aep" "$OUT/code32.aep"
for k in 8 16 64; do
  [[ -f "$OUT/code$k.aep" ]] ||
    "$AEPLAY" train --layers "784,256,$k" --epochs 10 --batch 64 --lr 1e-3 --seed 1 --quiet --out "$OUT/code$k.aep" >/dev/null
done
"$AEPLAY" compress "$OUT"/code{8,16,32,64}.aep --bits 2,3,4,5,6,8 --plot "$OUT/rd.png"
