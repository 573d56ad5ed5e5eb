#!/usr/bin/env bash
# The catalog the UI tests browse: the real catalog API on the embedded database, with the demo
# catalog loaded into a fresh data folder (removed when Playwright stops this server).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
data=$(mktemp -d -t styx-ui-catalog-XXXXXX)
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$data"' EXIT INT TERM
cd "$here/../../catalog-api"
STYX_DATA_DIR=$data STYX_CATALOG_PORT=${STYX_UI_CATALOG_PORT:-18081} STYX_DEMO=auto STYX_LOG_LEVEL=warn \
  ../node_modules/.bin/tsx src/server.ts &
pid=$!
wait "$pid"
