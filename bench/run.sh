#!/usr/bin/env bash
# Benchmarks (numbers only, nothing asserted): native training throughput (aeplay bench) and the web
# playground (bench/web.js: bytes shipped, load time, latency, in-page training, frames per second).
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
"$AEPLAY_ROOT/scripts/setup.sh"
"$AEPLAY_ROOT/scripts/build-native.sh" >/dev/null
"$AEPLAY_ROOT/scripts/build-web.sh" >/dev/null
echo "== native training throughput"
# docs/benchmarks.md's table is of one thread; the default is every core.
"$AEPLAY_ROOT/build/src/cli/aeplay" bench --threads 1
echo
echo "== web playground"
node "$AEPLAY_ROOT/bench/web.js"
