#!/usr/bin/env bash
# `npm start`: the local multi-user Styx. JupyterHub (hub-services/jupyterhub/jupyterhub_config.py)
# with its proxy on http://127.0.0.1:8000/, the catalog as a Hub-managed service at
# /services/catalog/ (embedded database, demo catalog on first run), and a JupyterLab with the
# Styx extension for each user who logs in. Ctrl-C stops everything.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
say() { printf '\033[1;34m[styx]\033[0m %s\n' "$*"; }

port=${STYX_HUB_PORT:-8000}
url=${STYX_PUBLIC_URL:-http://127.0.0.1:$port/}
export STYX_DATA_DIR=${STYX_DATA_DIR:-$HOME/.local/share/styx}
# Request logs would drown the Hub's messages here; STYX_LOG_LEVEL=info brings them back.
export STYX_LOG_LEVEL=${STYX_LOG_LEVEL:-warn}
mkdir -p "$STYX_DATA_DIR/hub"

# An earlier Styx wrote a JupyterLab settings override pointing the panel at a standalone
# catalog; under the Hub the panel finds the catalog service by itself.
rm -f "$root/.venv/share/jupyter/lab/settings/overrides.json"

# Processing runs container jobs on podman's Docker-compatible API when podman is here.
podman_pid=
if [[ ${STYX_PROCESSING:-auto} != off ]] && command -v podman >/dev/null; then
  if ! bash scripts/podman.sh base-image; then
    say "processing: could not build localhost/styx/base (debootstrap needs root); processing stays off"
  else
    sock=$root/.styx/podman/podman.sock
    rm -f "$sock"
    STYX_PODMAN_SOCKET=$sock setsid bash scripts/podman.sh service &
    podman_pid=$!
    until [[ -S $sock ]]; do
      kill -0 "$podman_pid" 2>/dev/null || { echo "podman's API did not start; see above" >&2; exit 1; }
      sleep 0.2
    done
    export STYX_DOCKER_HOST=unix://$sock
  fi
elif [[ ${STYX_PROCESSING:-auto} != off ]]; then
  say "processing is off: podman is not installed. To run container jobs, install it"
  say "  (sudo apt-get install podman runc catatonit debootstrap ...; see scripts/setup.sh), then npm start again"
fi

say "starting JupyterHub; the catalog starts as its service (the first start loads the demo, about 40 s)"
# In its own process group (setsid): whatever happens to the Hub, stopping this script stops
# its proxy, its services and the users' servers too.
(cd "$STYX_DATA_DIR/hub" && exec setsid "$root/.venv/bin/jupyterhub" -f "$root/hub-services/jupyterhub/jupyterhub_config.py") &
hub_pid=$!
stop_all() {
  kill -TERM "$hub_pid" 2>/dev/null || true  # the Hub stops what it started...
  # A user's server in gateway mode takes a while to stop (the Hub interrupts it, waits 10 s,
  # terminates it, waits 5 s): up to 25 s, within Playwright's 30 s for its servers.
  for _ in $(seq 1 50); do kill -0 "$hub_pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$hub_pid" 2>/dev/null || true  # ...and nothing it started outlives it
  # Users' servers and the proxy run in sessions of their own; in gateway mode a server may not
  # have stopped in time (its shutdown waits on the gateway, which the Hub stops first).
  pkill -KILL -f "$root/.venv/bin/jupyterhub-singleuser" 2>/dev/null || true
  pkill -KILL -f "$root/kernels-gateway/launcher/styx_kernel_launcher.py" 2>/dev/null || true
  if [[ -n $podman_pid ]]; then kill -TERM -- "-$podman_pid" 2>/dev/null || true; fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM

# Wait on the catalog's own loopback port (asking through the proxy would log a 404 a second
# until the Hub is up), then once through the Hub.
ready() { node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$1"; }
until ready "http://127.0.0.1:${STYX_CATALOG_PORT:-8081}/services/catalog/" && ready "${url}services/catalog/"; do
  if ! kill -0 "$hub_pid" 2>/dev/null; then
    echo "JupyterHub stopped; see its messages above" >&2
    exit 1
  fi
  sleep 2
done

say "Styx is ready on $url"
say "  log in with any username and the password: ${STYX_DEV_PASSWORD:-styx-dev-password} (STYX_DEV_PASSWORD)"
say "  admin user: ${STYX_ADMIN_USERS:-admin} (Hub admin page: ${url}hub/admin); catalog writers: the group catalog-writers"
say "  catalog (STAC API): ${url}services/catalog/"
if [[ -n $podman_pid ]]; then say "  processing (OGC API – Processes, jobs on podman): ${url}services/processing/"; fi
if [[ ${STYX_HEALTH:-on} != off ]]; then say "  system health (application/health+json): ${url}services/health/health"; fi
wait "$hub_pid"
