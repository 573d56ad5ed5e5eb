#!/usr/bin/env bash
# The multi-user Styx for the login-flow UI test: the real JupyterHub with the Styx
# configuration, the catalog as its service with the demo catalog, on test ports and a fresh
# data folder (removed when Playwright stops this server, with everything the Hub started).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=$(mktemp -d -t styx-ui-hub-XXXXXX)
cleanup() {
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT
trap 'exit 0' INT TERM
cd "$data"
STYX_DATA_DIR=$data \
  STYX_HUB_PORT=${STYX_UI_HUB_PORT:-18000} \
  STYX_HUB_API_PORT=${STYX_UI_HUB_API_PORT:-18082} \
  STYX_PROXY_API_PORT=${STYX_UI_PROXY_API_PORT:-18001} \
  STYX_CATALOG_PORT=${STYX_UI_HUB_CATALOG_PORT:-18083} \
  STYX_DEV_PASSWORD=${STYX_UI_HUB_PASSWORD:-ui-test-password} \
  STYX_DEMO=auto STYX_LOG_LEVEL=warn \
  setsid "$root/.venv/bin/jupyterhub" -f "$root/hub-services/jupyterhub/jupyterhub_config.py" &
pid=$!
wait "$pid"
