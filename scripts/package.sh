#!/usr/bin/env bash
# The release command: turns the web build (scripts/build-web.sh) into what a teacher uploads.
#   scripts/package.sh                       dist/aeplay-site-VERSION.zip + dist/aeplay-scorm-LESSON-VERSION.zip
#                                            for every lesson (docs/teachers-and-embedding.md)
#   scripts/package.sh --scorm "lesson=pca&noise=gaussian:0.3" --title "PCA with noise"
#                                            one SCORM package for a custom link
# The release folder (build-web/release: the site with its files under v/BUILD/, version.json, SHA256SUMS) is
# made first (scripts/stamp-site.js). VERSION is CMake's project VERSION. Needs node and python3 only.
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
site="${AEPLAY_SITE:-$AEPLAY_ROOT/build-web/site}"
release="$AEPLAY_ROOT/build-web/release"
dist="${AEPLAY_DIST:-$AEPLAY_ROOT/dist}"
[[ -f "$site/aeplay.wasm" ]] || { log "no web build in $site: run scripts/build-web.sh"; exit 1; }
node "$AEPLAY_ROOT/scripts/stamp-site.js" "$site" "$release"
python3 "$AEPLAY_ROOT/scripts/package.py" "$release" "$dist" "$@"
