#!/usr/bin/env bash
# The side-by-side benchmark suite (issue 6): the engine natively (1 and 2 threads) and as WebAssembly
# (Node, headless Chromium) against PyTorch CPU, TensorFlow.js-WASM and an OpenBLAS sgemm roofline, all
# measured in this one run on this machine, printed as ONE table with ratios to the peers.
#   bench/suite.sh [--quick]      (--quick: fewer, shorter repetitions; noisier)
# Sets up the peers on first use (bench/setup.sh: apt python3-torch, numpy, threadpoolctl, OpenBLAS; npm
# TensorFlow.js into $AEPLAY_CACHE/bench-node). Builds into build-bench/ (native, OpenMP on) and
# build-bench-wasm/ (emcc -msimd128). Raw JSON lines are kept in build-bench/results.jsonl.
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
reps=7 seconds=0.5
[[ "${1:-}" == --quick ]] && reps=3 seconds=0.25

"$AEPLAY_ROOT/bench/setup.sh" >&2
log "building build-bench (native, OpenMP) and build-bench-wasm (emcc -msimd128)"
cmake -S "$AEPLAY_ROOT" -B "$AEPLAY_ROOT/build-bench" -DCMAKE_BUILD_TYPE=Release -DAEPLAY_BUILD_TESTS=OFF \
  -DAEPLAY_OPENMP=ON -DAEPLAY_DATA_DIR="$AEPLAY_DATA" -DAEPLAY_FASHION_DIR="$AEPLAY_FASHION_DATA" >/dev/null
cmake --build "$AEPLAY_ROOT/build-bench" --target engine_bench -j "$AEPLAY_JOBS" >/dev/null
emcmake cmake -S "$AEPLAY_ROOT" -B "$AEPLAY_ROOT/build-bench-wasm" -DCMAKE_BUILD_TYPE=Release \
  -DAEPLAY_BUILD_TESTS=OFF >/dev/null 2>&1
cmake --build "$AEPLAY_ROOT/build-bench-wasm" --target engine_bench -j "$AEPLAY_JOBS" >/dev/null

out="$AEPLAY_ROOT/build-bench/results.jsonl"
: > "$out"
meta() { printf '{"kind":"meta","step":"%s","load":"%s"}\n' "$1" "$(cut -d' ' -f1 /proc/loadavg)" >> "$out"; }
engine="$AEPLAY_ROOT/build-bench/bench/engine_bench"
images="$AEPLAY_DATA/train-images-idx3-ubyte"
# OpenBLAS must pick its kernels itself (this machine kind presets these for other tools).
py() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$AEPLAY_ROOT/bench/peers.py" "$@" --reps "$reps" --seconds "$seconds"; }

meta start
log "engine, native, 1 thread"
"$engine" --images "$images" --train 64,256 --gemm 64,256 --latency --threads 1 --reps "$reps" --seconds "$seconds" >> "$out"
log "engine, native, 2 threads of Eigen's OpenMP (OMP_WAIT_POLICY unset and PASSIVE, as for PyTorch); the pool: below"
for policy in "" PASSIVE; do
  env ${policy:+OMP_WAIT_POLICY=$policy} "$engine" --images "$images" --train 64,256 --gemm 64,256 --omp-threads 2 \
    --reps "$reps" --seconds "$seconds" | grep -v '"memory"' >> "$out"
done
meta torch
log "PyTorch CPU: torch:BLAS threads 1:1, then the 2-core settings 1:2, 2:1, 2:2 (OMP_WAIT_POLICY unset and PASSIVE)"
py torch --torch-threads 1 --blas-threads 1 >> "$out"
for policy in "" PASSIVE; do
  for tb in "1 2" "2 1" "2 2"; do
    set -- $tb
    if [[ -n "$policy" ]]; then OMP_WAIT_POLICY=$policy py torch --torch-threads "$1" --blas-threads "$2"
    else py torch --torch-threads "$1" --blas-threads "$2"; fi | grep -v '"memory"' >> "$out"
  done
done
log "OpenBLAS sgemm roofline (numpy), 1 and 2 threads"
py roofline --blas-threads 1 >> "$out"
py roofline --blas-threads 2 >> "$out"
meta wasm
log "engine (wasm) and TensorFlow.js-WASM in Node and headless Chromium"
# NODE_PATH off: Debian's node modules (needed by emcc only) break playwright-core's imports.
# Node and Chromium in separate processes: tfjs-node's globals break playwright-core's imports.
# Node without its fetch(): TF.js then reads its .wasm from disk. Chromium's driver keeps fetch (playwright-core
# extends the global Request class).
for where in node chromium; do
  flags=(); [[ $where == node ]] && flags=(--no-experimental-fetch)
  env -u NODE_PATH node "${flags[@]}" --experimental-wasm-relaxed-simd "$AEPLAY_ROOT/bench/js_bench.js" --where "$where" \
    --engine "$AEPLAY_ROOT/build-bench-wasm/bench/engine_bench.js" --reps "$reps" --seconds "$seconds" >> "$out"
done
meta end
/usr/bin/python3 "$AEPLAY_ROOT/bench/table.py" "$out"
echo
if [[ -f "$AEPLAY_ROOT/build-web/site/aeplay.wasm" ]]; then
  log "in-page training through the worker vs engine_bench.js in the same Chromium, per wasm variant (bench/worker.js)"
  env -u NODE_PATH node "$AEPLAY_ROOT/bench/worker.js" --engine "$AEPLAY_ROOT/build-bench-wasm/bench/engine_bench.js" \
    --seconds "$([[ "${1:-}" == --quick ]] && echo 3 || echo 6)"
  log "the page at rest, three embeds, training and pointer latency (bench/page-cpu.js)"
  env -u NODE_PATH node "$AEPLAY_ROOT/bench/page-cpu.js" --seconds "$([[ "${1:-}" == --quick ]] && echo 3 || echo 10)"
else
  log "no web build (scripts/build-web.sh): skipping the in-page training rows (bench/worker.js, bench/page-cpu.js)"
fi
echo
log "the native thread pool: 1 and 2 threads, quiet and with one core kept busy (bench/threads.sh)"
ENGINE_BENCH="$engine" "$AEPLAY_ROOT/bench/threads.sh" ${1:+"$1"}
