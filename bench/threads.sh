#!/usr/bin/env bash
# The native thread pool (src/engine/kernels/thread_pool.h) on this machine: AE-ref training at batch 64 and
# 256 on 1 thread, on 2 threads of the pool on every step (--fixed-threads), and on 2 threads as `aeplay
# train` runs them (each step on the pool or on one thread, whichever measures faster now:
# kernels/step_threads.h); on a quiet machine and while another process keeps one core busy (a shell loop
# pinned to nothing, as a student's other program would be). The three settings take turns, round after
# round, and each figure is the median of its rounds: this VM's speed drifts by 10-20% from minute to minute,
# which would otherwise land on whichever setting ran at the wrong moment. One table, ratios to 1 thread.
# Also bench/suite.sh's "threads" rows. Usage: bench/threads.sh [--quick]
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
rounds=5 reps=3 seconds=0.4
[[ "${1:-}" == --quick ]] && rounds=3 reps=3 seconds=0.25
engine="${ENGINE_BENCH:-$AEPLAY_ROOT/build/bench/engine_bench}"
[[ -x "$engine" ]] || { log "no $engine: run scripts/build-native.sh"; exit 1; }
images="$AEPLAY_DATA/train-images-idx3-ubyte"
results=$(mktemp)
run() {  # load setting engine-options... -> "load setting batch samples_per_s" lines appended to $results
  local load=$1 setting=$2
  shift 2
  "$engine" --images "$images" --train 64,256 --reps "$reps" --seconds "$seconds" "$@" |
    python3 -c 'import sys, json
for l in sys.stdin:
    r = json.loads(l)
    if r.get("kind") == "train": print(sys.argv[1], sys.argv[2], r["batch"], r["samples_per_s"])' "$load" "$setting" >> "$results"
}
rounds_of() {  # load
  for ((round = 0; round < rounds; ++round)); do
    run "$1" one --threads 1
    run "$1" fixed --threads 2 --fixed-threads
    run "$1" adaptive --threads 2
  done
}
busy_start() { (while :; do :; done) & busy=$!; }
busy_stop() { [[ -n "${busy:-}" ]] || return 0; kill "$busy" 2>/dev/null || true; wait "$busy" 2>/dev/null || true; busy=""; }
trap 'busy_stop; rm -f "$results"' EXIT
log "load before: $(cut -d' ' -f1-3 /proc/loadavg); $rounds rounds"
rounds_of quiet
busy_start
rounds_of busy
busy_stop
python3 - "$results" <<'PY'
import sys, statistics
from collections import defaultdict
runs = defaultdict(list)
for line in open(sys.argv[1]):
    load, setting, batch, sps = line.split()
    runs[(load, setting, int(batch))].append(float(sps))
m = {k: statistics.median(v) for k, v in runs.items()}
print("| batch | machine | 1 thread (samples/s) | 2 threads, pool on every step | 2 threads as `aeplay train` (pool or one thread, measured) "
      "| pool / 1 thread | as `aeplay train` / 1 thread | as `aeplay train`, busy / 1 thread quiet |")
print("|---|---|---|---|---|---|---|---|")
for batch in sorted({k[2] for k in m}):
    for load, name in (("quiet", "quiet"), ("busy", "one core busy")):
        one, fixed, adaptive = (m[(load, s, batch)] for s in ("one", "fixed", "adaptive"))
        last = f"{adaptive / m[('quiet', 'one', batch)]:.2f}x" if load == "busy" else ""
        print(f"| {batch} | {name} | {one:.0f} | {fixed:.0f} | {adaptive:.0f} | {fixed / one:.2f}x | {adaptive / one:.2f}x | {last} |")
PY
