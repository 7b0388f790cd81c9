#!/usr/bin/env bash
# Fuzzes every parser with libFuzzer (clang, ASan + UBSan) for a fixed number of executions per target.
#   scripts/fuzz.sh                   10,000,000 executions per target (the long run; ~tens of minutes)
#   scripts/fuzz.sh 20000             a short run (scripts/test.sh uses this)
#   scripts/fuzz.sh 1000000 idx url   only some targets (idx, model, url, args, safetensors, npz)
# Builds into build-fuzz/ (clang, RelWithDebInfo; AEPLAY_FUZZ_BUILD=DIR and AEPLAY_FUZZ_BUILD_TYPE=TYPE
# choose another: scripts/test.sh reuses its sanitizer build, build-asan), writes the seed corpus (tests/fuzz/make_corpus) into build-fuzz/seeds,
# and keeps each target's growing corpus in $AEPLAY_CACHE/fuzz-corpus/<target> so later runs start from
# what earlier ones found. A crash stops the run: its input is in build-fuzz/artifacts/<target>/; copy it
# into tests/fuzz/regressions/<target>/ (ctest replays that folder in every build) and fix the bug.
# Totals are appended to build-fuzz/fuzz-totals.txt (one line per target and run).
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
runs="${1:-10000000}"
shift || true
targets=("$@")
((${#targets[@]})) || targets=(idx model url args safetensors npz)
[[ "$runs" =~ ^[0-9]+$ ]] || { log "usage: scripts/fuzz.sh [executions] [targets...]"; exit 2; }
command -v clang++ >/dev/null || { log "clang++ not found: run scripts/setup.sh (installs clang, libclang-rt-14-dev)"; exit 1; }

bdir="${AEPLAY_FUZZ_BUILD:-$AEPLAY_ROOT/build-fuzz}"
cmake -S "$AEPLAY_ROOT" -B "$bdir" -DCMAKE_BUILD_TYPE="${AEPLAY_FUZZ_BUILD_TYPE:-RelWithDebInfo}" -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_COMPILER=clang++ -DAEPLAY_FUZZ=ON -DAEPLAY_DATA_DIR="$AEPLAY_DATA" -DAEPLAY_FASHION_DIR="$AEPLAY_FASHION_DATA" >/dev/null
cmake --build "$bdir" -j "$AEPLAY_JOBS" --target make_corpus $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null
"$bdir/tests/fuzz/make_corpus" "$bdir/seeds" "$AEPLAY_DATA" >/dev/null

totals="$bdir/fuzz-totals.txt"
for t in "${targets[@]}"; do
  corpus="$AEPLAY_CACHE/fuzz-corpus/$t"
  mkdir -p "$corpus" "$bdir/artifacts/$t"
  seeds=("$bdir/seeds/$t")
  [[ -d "$AEPLAY_ROOT/tests/fuzz/regressions/$t" ]] && seeds+=("$AEPLAY_ROOT/tests/fuzz/regressions/$t")
  log "fuzz_$t: $runs executions"
  t0=$SECONDS
  # -timeout: an input that takes 10 s is a finding too. The first corpus dir receives new inputs.
  # Input size caps for speed: fuzz_model up to 8 KB (every seed model but the 28 KB 784-4 one; ~20x faster,
  # same header, limit and checksum code), fuzz_url up to 1 KB (~2x faster; the parser's 4096-character cut
  # and the 3 KB regression input are still replayed by ctest).
  # fuzz_safetensors and fuzz_npz: 8 KB too (every seed; the tiny models of each family are 1-3 KB).
  maxlen=(); [[ $t == model || $t == safetensors || $t == npz ]] && maxlen=(-max_len=8192); [[ $t == url ]] && maxlen=(-max_len=1024)
  if ! "$bdir/tests/fuzz/fuzz_$t" -runs="$runs" "${maxlen[@]}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$bdir/artifacts/$t/" "$corpus" "${seeds[@]}" > "$bdir/fuzz-$t.log" 2>&1; then
    tail -n 40 "$bdir/fuzz-$t.log" >&2
    log "fuzz_$t FOUND A CRASH: input in $bdir/artifacts/$t/ (log: $bdir/fuzz-$t.log)"
    exit 1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$bdir/fuzz-$t.log" | grep -o '[0-9]*$' || echo "?")
  cov=$(grep -o 'cov: [0-9]*' "$bdir/fuzz-$t.log" | tail -1 | grep -o '[0-9]*' || echo "?")
  line="$(date -u +%FT%TZ) fuzz_$t: $execs executions, 0 crashes, coverage $cov edges, corpus $(ls "$corpus" | wc -l) inputs, $((SECONDS - t0)) s"
  echo "$line" | tee -a "$totals" >&2
done
