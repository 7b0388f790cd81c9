#!/usr/bin/env bash
# Soak run (not part of the test run): MINUTES (default 30) of in-page training with the latent panel open in
# Debian's chromium (software WebGL), sampling the wasm memory, the JS heap and the frame rate every 30 s.
# Prints the table; a flat wasm memory and JS heap after the first epoch is what to look for
# (docs/hardening-and-faults.md, "When things go wrong"). Needs scripts/setup.sh and scripts/build-web.sh done.
# Usage: scripts/soak.sh [minutes] [sample seconds]
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
minutes="${1:-30}"
every="${2:-30}"
export AEPLAY_SITE="${AEPLAY_SITE:-$AEPLAY_ROOT/build-web/site}"
[[ -f "$AEPLAY_SITE/aeplay.wasm" ]] || { log "no web build in $AEPLAY_SITE: run scripts/build-web.sh"; exit 1; }
# The e2e harness ends a test file after 4 minutes; a soak runs longer.
export AEPLAY_E2E_WATCHDOG_MS=$(( (minutes * 60 + 300) * 1000 ))
exec node "$AEPLAY_ROOT/tests/e2e/soak.js" "$minutes" "$every"
