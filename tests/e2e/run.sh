#!/usr/bin/env bash
# Browser end-to-end tests: Playwright (npm playwright-core from the set-up's cache) driving Debian's
# chromium with software WebGL2. Needs scripts/setup.sh and scripts/build-web.sh done.
# Screenshots land in build-web/screenshots/, benchmark-style numbers the tests observe (printed as
# "bench: ...") also in build-web/e2e-bench.jsonl.
# Usage: tests/e2e/run.sh [node --test options] [some.test.js ...]   (no test files given: all of them)
. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/common.sh"
export AEPLAY_SITE="${AEPLAY_SITE:-$AEPLAY_ROOT/build-web/site}"
export AEPLAY_SCREENSHOTS="${AEPLAY_SCREENSHOTS:-$AEPLAY_ROOT/build-web/screenshots}"
export AEPLAY_E2E_BENCH="${AEPLAY_E2E_BENCH:-$AEPLAY_ROOT/build-web/e2e-bench.jsonl}"
[[ -f "$AEPLAY_SITE/aeplay.wasm" ]] || { log "no web build in $AEPLAY_SITE: run scripts/build-web.sh"; exit 1; }
[[ -d "$AEPLAY_NODE_DIR/node_modules/playwright-core" ]] || { log "playwright-core missing: run scripts/setup.sh"; exit 1; }
files=()
opts=()
for a in "$@"; do
  if [[ "$a" == *.test.js ]]; then
    if [[ -f "$a" ]]; then files+=("$(realpath "$a")"); else files+=("$a"); fi  # else: relative to tests/e2e
  else
    opts+=("$a")
  fi
done
cd "$AEPLAY_ROOT/tests/e2e"
mkdir -p "$(dirname "$AEPLAY_E2E_BENCH")"
: > "$AEPLAY_E2E_BENCH"
run() {  # run CONCURRENCY FILE...
  local jobs="$1"; shift
  node --test --test-concurrency="$jobs" --test-timeout=200000 ${opts[@]+"${opts[@]}"} "$@"
}
(( ${#files[@]} )) && { run 1 "${files[@]}"; exit; }
# The whole suite. The files that measure time (frames drawn at rest, main-thread tasks while the worker
# trains, the first visit under CPU throttling) run one at a time with the machine to themselves; the
# rest, whose assertions do not depend on speed, run AEPLAY_E2E_JOBS files at once (each drives its own
# chromium and serves its own site on a free port).
timed=(./idle.test.js ./worker.test.js ./firstvisit.test.js)
rest=()
for f in ./*.test.js; do [[ " ${timed[*]} " == *" $f "* ]] || rest+=("$f"); done
status=0
run 1 "${timed[@]}" || status=$?
run "${AEPLAY_E2E_JOBS:-2}" "${rest[@]}" || status=$?
exit "$status"
