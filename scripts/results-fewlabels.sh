#!/usr/bin/env bash
# Reproduces docs/results.md's few-labels table: `aeplay finetune` on the shipped plain, denoising, contractive
# and stacked models at N = 100, 600, 1000, 3000 labelled training images (5 seeds each) and at all 60,000
# (1 seed, 3000 steps: 5 epochs), one JSON line per run in $OUT/fewlabels.jsonl (default build/results), then the table in Markdown.
# Takes about 30-40 minutes on 2 shared cores.
#   scripts/results-fewlabels.sh [model ...]     (names in assets/models, without .aep)
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
AEPLAY="${AEPLAY:-$AEPLAY_ROOT/build/src/cli/aeplay}"
OUT="${OUT:-$AEPLAY_ROOT/build/results}"
mkdir -p "$OUT"
models=("$@")
((${#models[@]})) || models=(ae-plain dae-gaussian contractive stacked)
lines="$OUT/fewlabels.jsonl"
: > "$lines"
for n in 100 600 1000 3000 60000; do
  seeds=5 steps=()
  ((n == 60000)) && seeds=1 steps=(--steps 3000)
  for m in "${models[@]}"; do
    log "finetune $m --labels $n --seeds $seeds ${steps[*]}"
    start=$SECONDS
    json="$("$AEPLAY" finetune "$AEPLAY_ROOT/assets/models/$m.aep" --labels "$n" --seeds "$seeds" ${steps[@]+"${steps[@]}"} --json)"
    echo "{\"model\": \"$m\", \"seconds\": $((SECONDS - start)), \"result\": $json}" >> "$lines"
  done
done
/usr/bin/python3 - "$lines" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print("| model | N | seeds | frozen | fine-tuned | from scratch |")
print("|---|---|---|---|---|---|")
for r in rows:
    j = r["result"]
    cell = lambda w: "%.2f ± %.2f" % (100 * j[w]["accuracy_mean"], 100 * j[w]["accuracy_std"])
    print("| `%s` | %d | %d | %s | %s | %s |" % (r["model"], j["labels"], j["seeds"], cell("frozen"), cell("finetuned"), cell("scratch")))
PY
