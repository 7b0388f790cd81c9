#!/usr/bin/env bash
# Browser end-to-end tests: Playwright (npm playwright-core from the set-up's cache) driving Debian's
# chromium with software WebGL2. Needs scripts/setup.sh and scripts/build-web.sh done.
# Screenshots land in build-web/screenshots/. Extra arguments go to `node --test`.
. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/common.sh"
export AEPLAY_SITE="${AEPLAY_SITE:-$AEPLAY_ROOT/build-web/site}"
export AEPLAY_SCREENSHOTS="${AEPLAY_SCREENSHOTS:-$AEPLAY_ROOT/build-web/screenshots}"
[[ -f "$AEPLAY_SITE/aeplay.wasm" ]] || { log "no web build in $AEPLAY_SITE: run scripts/build-web.sh"; exit 1; }
[[ -d "$AEPLAY_NODE_DIR/node_modules/playwright-core" ]] || { log "playwright-core missing: run scripts/setup.sh"; exit 1; }
cd "$AEPLAY_ROOT/tests/e2e"
exec node --test "$@" ./*.test.js
