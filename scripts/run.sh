#!/usr/bin/env bash
# The main job: set up what is missing, build the web playground and serve it on localhost.
# Prints the URL; works headless (it is a web server). Ctrl-C stops it.
#   scripts/run.sh [--port 8000] [--host 127.0.0.1]
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
"$AEPLAY_ROOT/scripts/setup.sh"
"$AEPLAY_ROOT/scripts/build-web.sh"
exec python3 "$AEPLAY_ROOT/scripts/serve.py" --dir "$AEPLAY_ROOT/build-web/site" "$@"
