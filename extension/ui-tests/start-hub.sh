#!/usr/bin/env bash
# The multi-user Styx for the Hub UI tests: the real JupyterHub with the Styx configuration, the
# catalog as its service with the demo catalog, processing on podman's API (a private socket)
# and the environments service (no profile defined unless a test makes one, so spawns go on as
# without it), on test ports and a fresh data folder (removed when Playwright stops this server,
# with everything the Hub and podman started).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
data=$(mktemp -d -t styx-ui-hub-XXXXXX)
podman_pid=
cleanup() {
  kill -TERM "$pid" 2>/dev/null || true
  # A user's server in gateway mode takes a while to stop (the Hub interrupts it, waits 10 s,
  # terminates it, waits 5 s): up to 25 s, within Playwright's 30 s for its servers.
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  # Users' servers in gateway mode do not always stop in time (their shutdown waits on the
  # gateway, which the Hub stops first): whatever the Hub left of this run goes too, or it would
  # hold Playwright's output pipes open. They run in sessions of their own, so by name.
  pkill -KILL -f "$root/.venv/bin/jupyterhub-singleuser" 2>/dev/null || true
  pkill -KILL -f "$root/kernels-gateway/launcher/styx_kernel_launcher.py" 2>/dev/null || true
  pkill -KILL -f "configurable-http-proxy --ip 127.0.0.1 --port ${STYX_UI_HUB_PORT:-18000} " 2>/dev/null || true
  # The Styx services the Hub started (a Hub killed before it stops them leaves them probing a
  # Hub that is gone, holding the pipes too), known by this Hub's API address in their environment.
  hub_api="JUPYTERHUB_API_URL=http://127.0.0.1:${STYX_UI_HUB_API_PORT:-18082}/hub/api"
  for environ in /proc/[0-9]*/environ; do
    if grep -qzx -- "$hub_api" "$environ" 2>/dev/null; then
      child=${environ#/proc/}
      kill -KILL "${child%/environ}" 2>/dev/null || true
    fi
  done
  if [[ -n $podman_pid ]]; then kill -TERM -- "-$podman_pid" 2>/dev/null || true; fi
  # Mounts the kernels gateway left in the users' homes (data/ and data/<name>), deepest first:
  # rm -rf through a bind mount would delete the mounted data itself.
  awk -v root="$data/" 'index($2, root) == 1 { print $2 }' /proc/mounts 2>/dev/null | sort -r |
    while read -r point; do umount "$point" || umount -l "$point" || true; done
  if awk -v root="$data/" 'index($2, root) == 1 { found = 1 } END { exit !found }' /proc/mounts 2>/dev/null; then
    echo "start-hub.sh: mounts remain under $data; not removing it" >&2
  else
    rm -rf "$data"
  fi
}
trap cleanup EXIT
trap 'exit 0' INT TERM
cd "$data"
# The POSIX data users may mount (the kernels gateway's data roots); hub-tests/mounts.spec.ts
# puts its dataset here.
datasets=${STYX_UI_HUB_DATASETS:-/tmp/styx-ui-hub-datasets}
mkdir -p "$datasets"
STYX_PODMAN_SOCKET=$data/podman.sock setsid bash "$root/scripts/podman.sh" service &
podman_pid=$!
until [[ -S $data/podman.sock ]]; do kill -0 "$podman_pid" || exit 1; sleep 0.2; done
STYX_DATA_DIR=$data \
  STYX_HUB_PORT=${STYX_UI_HUB_PORT:-18000} \
  STYX_HUB_API_PORT=${STYX_UI_HUB_API_PORT:-18082} \
  STYX_PROXY_API_PORT=${STYX_UI_PROXY_API_PORT:-18001} \
  STYX_CATALOG_PORT=${STYX_UI_HUB_CATALOG_PORT:-18083} \
  STYX_DEV_PASSWORD=${STYX_UI_HUB_PASSWORD:-ui-test-password} \
  STYX_DEMO=auto STYX_LOG_LEVEL=warn STYX_PROCESS_DEVELOPERS=hedy \
  STYX_PROCESSING=on STYX_DOCKER_HOST=unix://$data/podman.sock \
  STYX_PROCESSING_PORT=${STYX_UI_HUB_PROCESSING_PORT:-18084} \
  STYX_KERNELS_PORT=${STYX_UI_HUB_KERNELS_PORT:-18085} \
  STYX_HEALTH_PORT=${STYX_UI_HUB_HEALTH_PORT:-18086} \
  STYX_ENVIRONMENTS=on STYX_ENVIRONMENTS_PORT=${STYX_UI_HUB_ENVIRONMENTS_PORT:-18087} \
  STYX_KERNELS_DATA_ROOTS=$datasets \
  setsid "$root/.venv/bin/jupyterhub" -f "$root/hub-services/jupyterhub/jupyterhub_config.py" &
pid=$!
wait "$pid"
