#!/usr/bin/env bash
# The native thread pool (src/engine/kernels/thread_pool.h) on this machine: AE-ref training at batch 64 and
# 256 on 1 and 2 threads, on a quiet machine and while another process keeps one core busy (a shell loop
# pinned to nothing, as a student's other program would be), printed as one table with ratios to 1 thread.
# Also bench/suite.sh's "threads" rows. Usage: bench/threads.sh [--quick]
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
reps=7 seconds=0.5
[[ "${1:-}" == --quick ]] && reps=3 seconds=0.3
engine="${ENGINE_BENCH:-$AEPLAY_ROOT/build/bench/engine_bench}"
[[ -x "$engine" ]] || { log "no $engine: run scripts/build-native.sh"; exit 1; }
images="$AEPLAY_DATA/train-images-idx3-ubyte"
run() {  # threads -> "batch samples_per_s" lines
  "$engine" --images "$images" --train 64,256 --threads "$1" --reps "$reps" --seconds "$seconds" |
    python3 -c 'import sys, json
for l in sys.stdin:
    r = json.loads(l)
    if r.get("kind") == "train": print(r["batch"], r["samples_per_s"])'
}
busy_start() { (while :; do :; done) & busy=$!; }
busy_stop() { [[ -n "${busy:-}" ]] || return 0; kill "$busy" 2>/dev/null || true; wait "$busy" 2>/dev/null || true; busy=""; }
trap busy_stop EXIT
log "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
quiet1=$(run 1); quiet2=$(run 2)
busy_start
busy1=$(run 1); busy2=$(run 2)
busy_stop
python3 - "$quiet1" "$quiet2" "$busy1" "$busy2" <<'PY'
import sys
def parse(s): return {int(b): float(v) for b, v in (l.split() for l in s.strip().splitlines())}
q1, q2, b1, b2 = map(parse, sys.argv[1:5])
print("| batch | machine | 1 thread (samples/s) | 2 threads (samples/s) | 2 threads / 1 thread (same load) | 2 threads busy / 1 thread quiet |")
print("|---|---|---|---|---|---|")
for batch in sorted(q1):
    print(f"| {batch} | quiet | {q1[batch]:.0f} | {q2[batch]:.0f} | {q2[batch] / q1[batch]:.2f}x | |")
    print(f"| {batch} | one core busy | {b1[batch]:.0f} | {b2[batch]:.0f} | {b2[batch] / b1[batch]:.2f}x | {b2[batch] / q1[batch]:.2f}x |")
PY
