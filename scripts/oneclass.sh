#!/usr/bin/env bash
# One-class anomaly detection on MNIST (docs/results.md: "What autoencoders are for"): for each digit d, an
# autoencoder trained on the training images of d only, its reconstruction error as the anomaly score,
# and the AUROC of the test images of d (normal) against the other nine digits' (anomalous), beside
# Deep SVDD's per-digit figures (Ruff et al., ICML 2018, Table 1). About a minute on 2 cores.
#   scripts/oneclass.sh [EPOCHS]   (default 20; models land in $OUT, default build/oneclass)
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
AEPLAY="${AEPLAY:-$AEPLAY_ROOT/build/src/cli/aeplay}"
OUT="${OUT:-$AEPLAY_ROOT/build/oneclass}"
EPOCHS="${1:-20}"
mkdir -p "$OUT"
deep_svdd=(98.0 99.7 91.7 91.9 94.9 88.5 98.3 94.6 93.9 96.5)  # One-Class Deep SVDD, AUROC in %
printf '%-6s %12s %16s\n' digit "AE AUROC %" "Deep SVDD %"
sum_ae=0 sum_svdd=0
for d in 0 1 2 3 4 5 6 7 8 9; do
  "$AEPLAY" train --classes "$d" --layers 784,128,32 --epochs "$EPOCHS" --seed 1 --quiet --out "$OUT/digit$d.aep" >/dev/null
  auc=$("$AEPLAY" anomaly "$OUT/digit$d.aep" --normal "mnist:$d" | awk '/^AUROC/ { printf "%.1f", 100 * $2 }')
  printf '%-6s %12s %16s\n' "$d" "$auc" "${deep_svdd[$d]}"
  sum_ae=$(awk -v a="$sum_ae" -v b="$auc" 'BEGIN { print a + b }')
  sum_svdd=$(awk -v a="$sum_svdd" -v b="${deep_svdd[$d]}" 'BEGIN { print a + b }')
done
awk -v a="$sum_ae" -v b="$sum_svdd" 'BEGIN { printf "%-6s %12.1f %16.1f\n", "mean", a / 10, b / 10 }'
