#!/usr/bin/env bash
# Idempotent set-up, run before `npm start` (mode "start") and `npm test` (mode "test").
# Installs only what is missing: npm packages from the lock file, the project virtualenv with
# pinned PyPI packages and the notebook environment, the JupyterLab extension (built and
# installed as a wheel), and for tests only, Debian's PostgreSQL 15 + PostGIS 3 and Chromium.
# `npm start` never needs root; only the "test" mode may call apt-get.
set -euo pipefail
mode=${1:-start}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

# 1. npm dependencies, from the lock file. Re-run only when the lock file changed.
stamp=node_modules/.styx-lock-stamp
if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
  say "installing npm dependencies from package-lock.json"
  # `npm install` keeps every version the lock file pins. (`npm ci` would be stricter, but
  # npm 11 here writes lock files without other platforms' optional packages and then
  # refuses them in `npm ci` as "out of sync".)
  npm install --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

# 2. The project virtualenv with pinned PyPI packages (pypgstac supplies PgSTAC's SQL).
venv=.venv
req=scripts/requirements.txt
if [[ ! -x $venv/bin/python ]]; then
  say "creating the project virtualenv in $venv"
  python3 -m venv "$venv"
fi
if ! cmp -s "$req" "$venv/.styx-requirements"; then
  say "installing pinned Python packages into $venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"
  cp "$req" "$venv/.styx-requirements"
fi

# 3. The notebook environment (JupyterLab, ipykernel and the libraries the generated code uses),
# the same pinned list as the notebook image, so the local kernel runs what the extension writes.
nbreq=images/notebook/requirements.txt
if ! cmp -s "$nbreq" "$venv/.styx-notebook-requirements"; then
  say "installing the notebook environment (JupyterLab, xarray, rioxarray, geopandas, odc-stac...) into $venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$nbreq"
  cp "$nbreq" "$venv/.styx-notebook-requirements"
fi

# 4. The JupyterLab extension: built (TypeScript, then JupyterLab's webpack builder) and
# installed as its wheel into the virtualenv's JupyterLab, again only when its sources changed.
# (The build scripts create extension/node_modules: JupyterLab's builder runs `jlpm` when the
# extension has none, and npm workspaces hoist everything to the root's.)
ext_hash=$(cd extension && cat package.json pyproject.toml install.json ../package-lock.json \
  $(find src schema style styx_jupyterlab -type f ! -name '_version.py' ! -path '*/labextension/*' | sort) | sha256sum | cut -d' ' -f1)
ext_stamp=$venv/.styx-extension
if [[ ! -f $ext_stamp ]] || [[ $(cat "$ext_stamp") != "$ext_hash" ]]; then
  say "building the Styx JupyterLab extension"
  npm run --silent build:prod -w extension
  say "installing the extension's wheel into $venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps --no-build-isolation --force-reinstall ./extension
  echo "$ext_hash" > "$ext_stamp"
fi

# 5. For tests: the STAC 1.0.0 and GeoJSON JSON Schemas, offline. stac-validator (inside
# stac-api-validator) fetches them from the web, which this machine cannot reach; pystac 1.10.1's
# wheel (PyPI) carries copies, which the validator test maps the schema URLs to.
schemas=$venv/share/stac-schemas
if [[ $mode == test && ! -f $schemas/stac-spec/v1.0.0/item.json ]]; then
  say "extracting the STAC 1.0.0 JSON Schemas from pystac 1.10.1's wheel"
  tmp=$(mktemp -d)
  "$venv/bin/pip" download --quiet --disable-pip-version-check --no-deps pystac==1.10.1 -d "$tmp"
  "$venv/bin/python" -m zipfile -e "$tmp"/pystac-1.10.1-*.whl "$tmp/wheel"
  mkdir -p "$schemas"
  cp -r "$tmp/wheel/pystac/validation/jsonschemas/." "$schemas/"
  rm -rf "$tmp"
fi

# 6. For tests: the servers they run for real, from Debian (and MinIO from its Go module).
# Installs Debian packages when a check fails: need "what for" "check" package…
need() {
  local why=$1 check=$2
  shift 2
  if eval "$check" >/dev/null 2>&1; then return; fi
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: $why need: apt-get install $*; run as root or install them" >&2
    exit 1
  fi
  say "installing $* from Debian ($why)"
  export DEBIAN_FRONTEND=noninteractive
  if [[ -z ${apt_updated:-} ]]; then
    apt-get update -qq
    apt_updated=1
  fi
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
if [[ $mode == test ]]; then
  need "the catalog tests (PostgreSQL 15 + PostGIS 3)" \
    '[[ -x /usr/lib/postgresql/15/bin/postgres && -f /usr/share/postgresql/15/extension/postgis.control ]]' \
    postgresql-15 postgresql-15-postgis-3 postgresql-contrib
  # Playwright cannot download its own browser here; galata drives Debian's.
  need "the UI tests" '[[ -x /usr/bin/chromium ]]' chromium
  # The container job backend's tests run real podman (its Docker-compatible API), with runc
  # (crun fails on this kind of machine's hybrid cgroups) and catatonit as the jobs' init; the
  # base image is built from a Debian root filesystem (debootstrap), since no registry is
  # reachable. See scripts/podman.sh.
  need "the container job tests" \
    'command -v podman && command -v runc && command -v debootstrap && [[ -x /usr/libexec/podman/catatonit ]]' \
    podman runc fuse-overlayfs slirp4netns uidmap netavark aardvark-dns \
    containernetworking-plugins catatonit debootstrap
  bash scripts/podman.sh base-image
  # The Slurm backend's tests: a one-node Slurm with accounting (slurmdbd on MariaDB) and the
  # REST API with JWT (scripts/slurm.sh).
  need "the Slurm job tests" \
    'command -v slurmctld && command -v slurmrestd && command -v slurmdbd && command -v munged && command -v mariadbd && command -v curl && [[ -e /usr/lib/x86_64-linux-gnu/slurm-wlm/auth_jwt.so ]]' \
    slurmctld slurmd slurm-client slurmrestd slurmdbd munge slurm-wlm-jwt-plugin \
    slurm-wlm-mysql-plugin mariadb-server curl
  # Job events on AMQP (scripts/rabbitmq.sh).
  need "the job event tests (RabbitMQ)" 'command -v rabbitmq-server' rabbitmq-server
  # The Kubernetes backend's tests: a real kube-apiserver built from Kubernetes' Go modules
  # (scripts/kube-apiserver.sh, several minutes, once) on Debian's etcd.
  need "the Kubernetes job tests (etcd)" 'command -v etcd' etcd-server
  bash scripts/kube-apiserver.sh
  # Results in object storage: MinIO, built once from its Go module (a few minutes).
  minio_version=v0.0.0-20260212201848-7aac2a2c5b7c
  if [[ "$(cat .styx/bin/.minio-version 2>/dev/null)" != "$minio_version" || ! -x .styx/bin/minio ]]; then
    say "building MinIO $minio_version from its Go module (a few minutes, once)"
    mkdir -p .styx/bin
    GOBIN=$PWD/.styx/bin GOFLAGS=-mod=mod go install "github.com/minio/minio@$minio_version"
    echo "$minio_version" >.styx/bin/.minio-version
  fi
fi
say "ready ($mode)"
