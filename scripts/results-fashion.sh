#!/usr/bin/env bash
# Reproduces docs/results.md's Fashion-MNIST table: PCA-30, the 784-256-32 AE, two denoising AEs, the 2-D and
# 20-D VAEs, and the classifier probes, all trained on Fashion-MNIST's 60k training images and measured on
# its 10k test images (the split: scripts/fashion-to-idx.js). Models land in $OUT (default
# build/results-fashion); scripts/make-assets.sh ships the same commands' models. ~20 minutes on 2 cores.
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
AEPLAY="${AEPLAY:-$AEPLAY_ROOT/build/src/cli/aeplay}"
OUT="${OUT:-$AEPLAY_ROOT/build/results-fashion}"
mkdir -p "$OUT"
dense=(--dataset fashion --layers 784,256,32 --epochs 10 --batch 64 --lr 1e-3 --seed 1 --quiet)
train() {  # name, then the flags
  local name=$1; shift
  log "training $name"
  "$AEPLAY" train "$@" --out "$OUT/$name.aep" > "$OUT/$name.train.txt"
  tail -n 3 "$OUT/$name.train.txt"
}
train ae-plain "${dense[@]}"
train dae-gaussian "${dense[@]}" --noise gaussian:0.5
train dae-mask "${dense[@]}" --noise mask:0.5
train vae-2d --preset vae-2d --dataset fashion --seed 1 --quiet
train vae-20d --preset vae-20d --dataset fashion --seed 1 --quiet
log "PCA-30 (closed form)"
"$AEPLAY" pca --dataset fashion --k 30 | tee "$OUT/pca30.txt"
for m in ae-plain dae-gaussian dae-mask; do
  log "evaluating $m"
  "$AEPLAY" eval "$OUT/$m.aep" --noises none,gaussian:0.5,mask:0.5 | tee "$OUT/$m.eval.txt"
done
log "classifier probes (k-NN and linear on the codes; PCA at the same sizes)"
"$AEPLAY" probe "$OUT/ae-plain.aep" "$OUT/dae-gaussian.aep" "$OUT/vae-2d.aep" "$OUT/vae-20d.aep" | tee "$OUT/probe.txt"
