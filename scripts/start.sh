#!/usr/bin/env bash
# `npm start`: the local Styx. The catalog API (embedded database, demo catalog on first run)
# and JupyterLab with the Styx extension, whose panel browses that catalog. Ctrl-C stops both.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
say() { printf '\033[1;34m[styx]\033[0m %s\n' "$*"; }

catalog_port=${STYX_CATALOG_PORT:-8081}
lab_port=${STYX_LAB_PORT:-8888}
notebooks=${STYX_NOTEBOOK_DIR:-$HOME/styx-notebooks}
mkdir -p "$notebooks"

# Request logs would drown JupyterLab's messages here; STYX_LOG_LEVEL=info brings them back.
# Started directly (not through npm run) so that stopping this script stops the catalog too.
(cd catalog-api && STYX_LOG_LEVEL=${STYX_LOG_LEVEL:-warn} exec ../node_modules/.bin/tsx src/server.ts) &
catalog_pid=$!
trap 'kill "$catalog_pid" 2>/dev/null || true; wait "$catalog_pid" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM

# The first start creates the database and loads the demo catalog (about 40 s); wait for it.
say "waiting for the catalog on http://127.0.0.1:$catalog_port/ ..."
until node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "http://127.0.0.1:$catalog_port/"; do
  if ! kill -0 "$catalog_pid" 2>/dev/null; then
    echo "the catalog API stopped; see its messages above" >&2
    exit 1
  fi
  sleep 1
done

# The panel's default catalog is the one just started, whatever its port: JupyterLab's
# settings overrides (defaults a user's own settings still win over), in the project's venv.
overrides=$root/.venv/share/jupyter/lab/settings/overrides.json
mkdir -p "$(dirname "$overrides")"
printf '{"@styx/jupyterlab:catalog": {"catalogUrl": "http://127.0.0.1:%s/"}}\n' "$catalog_port" >"$overrides"

say "JupyterLab on http://127.0.0.1:$lab_port/lab (the Styx panel is in the left sidebar)"
root_flag=()
[[ $(id -u) -eq 0 ]] && root_flag=(--ServerApp.allow_root=True)  # containers and CI run as root
"$root/.venv/bin/jupyter" lab "${root_flag[@]}" --ServerApp.ip=127.0.0.1 --ServerApp.port="$lab_port" \
  --ServerApp.root_dir="$notebooks" --ServerApp.open_browser="${STYX_OPEN_BROWSER:-False}" &
lab_pid=$!
trap 'kill "$lab_pid" "$catalog_pid" 2>/dev/null || true; wait 2>/dev/null || true' EXIT
wait -n "$catalog_pid" "$lab_pid"
