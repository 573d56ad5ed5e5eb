#!/usr/bin/env bash
# Idempotent set-up, run before `npm start` (mode "start") and `npm test` (mode "test").
# Installs only what is missing: npm packages from the lock file, the project virtualenv with
# the pinned PyPI packages of the lock files (uv, itself from PyPI) and the notebook environment,
# the JupyterLab extension (built and installed as a wheel), and when podman is installed its base
# image; for tests only, the test-only PyPI packages, Debian's PostgreSQL 15 + PostGIS 3,
# Chromium, podman, Slurm, RabbitMQ and etcd, and kube-apiserver, MinIO, promtool and Jaeger built
# from Go modules.
# `npm start` never needs root; only the "test" mode may call apt-get.
#
# Independent steps run at the same time, each with its log in .styx/setup-logs/<step>.log; each
# prints when it starts and how long it took, and the step times are appended to
# .styx/setup-times.txt. A new step is one `start_step <name> <command…>` line below.
set -euo pipefail
mode=${1:-start}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

venv=.venv
uv=$venv/bin/uv
uv_version=0.13.9
logs=.styx/setup-logs
mkdir -p "$logs"

# --- The steps. Each decides for itself whether there is anything to do and says `up_to_date`
# when not; they run in the background with their output in their log.

up_to_date() { : >"$logs/$STEP.up-to-date"; }

# npm dependencies, from the lock file. Re-run only when the lock file changed.
# `npm install` keeps every version the lock file pins. (`npm ci` would be stricter, but npm 11
# here writes lock files without other platforms' optional packages and then refuses them in
# `npm ci` as "out of sync".) --loglevel=http logs each download, which the heartbeat counts.
npm_packages() {
  local stamp=node_modules/.styx-lock-stamp
  if [[ -f $stamp ]] && cmp -s package-lock.json "$stamp"; then up_to_date; return; fi
  npm install --no-audit --no-fund --loglevel=http
  cp package-lock.json "$stamp"
}

# The project virtualenv: uv from PyPI (pinned) into it, then the lock file of this mode with uv,
# which downloads and installs in parallel. scripts/requirements.lock holds what `npm start` needs
# (pypgstac, which supplies PgSTAC's SQL; JupyterHub; the extension's wheel builders; the notebook
# environment of images/notebook/requirements.txt, so the local kernel runs what the extension
# writes); scripts/requirements-test.lock adds the test oracles and benchmark peers, at the same
# versions. Both are compiled by scripts/lock-python.sh. pip stays in the virtualenv (venv's own).
python_packages() {
  local lock=scripts/requirements.lock
  [[ $mode == test ]] && lock=scripts/requirements-test.lock
  local stamp=$venv/.styx-${lock##*/}
  if [[ -x $venv/bin/python && -f $stamp ]] && cmp -s "$lock" "$stamp" &&
    [[ $("$uv" --version 2>/dev/null) == "uv $uv_version"* ]]; then
    if [[ $mode == test ]]; then pycsw_packages; fi
    up_to_date
    return
  fi
  [[ -x $venv/bin/python ]] || python3 -m venv "$venv"
  if [[ $("$uv" --version 2>/dev/null) != "uv $uv_version"* ]]; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check "uv==$uv_version"
  fi
  "$uv" pip install --python "$venv/bin/python" -r "$lock"
  rm -f "$venv/.styx-requirements" "$venv/.styx-notebook-requirements" # the pip-era stamps
  cp "$lock" "$stamp"
  if [[ $mode == test ]]; then pycsw_packages; fi
}

# pycsw, the federation tests' OpenSearch server, in a folder of its own that only its process
# puts on PYTHONPATH (scripts/requirements-pycsw.txt says why), again only when its lock changed.
pycsw_packages() {
  local target=$venv/opt/pycsw stamp=$venv/opt/.styx-requirements-pycsw.lock
  if [[ -d $target && -f $stamp ]] && cmp -s scripts/requirements-pycsw.lock "$stamp"; then return; fi
  rm -rf "$target" && mkdir -p "$venv/opt"
  "$uv" pip install --quiet --python "$venv/bin/python" --target "$target" -r scripts/requirements-pycsw.lock
  cp scripts/requirements-pycsw.lock "$stamp"
}

# The JupyterLab extension: built (TypeScript, then JupyterLab's webpack builder) and installed as
# its wheel into the virtualenv's JupyterLab, again only when its sources changed. (The build
# scripts create extension/node_modules: JupyterLab's builder runs `jlpm` when the extension has
# none, and npm workspaces hoist everything to the root's.) Needs both steps above.
extension() {
  local hash stamp=$venv/.styx-extension
  # shellcheck disable=SC2046
  hash=$(cd extension && cat package.json pyproject.toml install.json ../package-lock.json \
    $(find src schema style styx_jupyterlab -type f ! -name '_version.py' ! -path '*/labextension/*' | sort) | sha256sum | cut -d' ' -f1)
  if [[ -f $stamp && $(cat "$stamp") == "$hash" ]]; then up_to_date; return; fi
  npm run build:prod -w extension
  "$uv" pip install --python "$venv/bin/python" --no-deps --no-build-isolation \
    --reinstall-package styx-jupyterlab ./extension
  echo "$hash" >"$stamp"
}

# podman's base image for container jobs (scripts/podman.sh, debootstrap). For `npm start` it
# is optional: when it cannot be built (debootstrap needs root), scripts/start.sh says so and
# leaves processing off, so a failure here does not stop the set-up.
podman_base_image() {
  if (eval "$(bash scripts/podman.sh env)" && podman image exists localhost/styx/base:latest); then
    up_to_date
    return
  fi
  if [[ $mode == test ]]; then
    bash scripts/podman.sh base-image
  elif ! bash scripts/podman.sh base-image; then
    echo "not built; npm start will say why and run without processing"
  fi
}

# For tests: the STAC 1.0.0 and GeoJSON JSON Schemas, offline. stac-validator (inside
# stac-api-validator) fetches them from the web, which this machine cannot reach; pystac 1.10.1's
# wheel (PyPI) carries copies, which the validator test maps the schema URLs to.
stac_schemas() {
  local schemas=$venv/share/stac-schemas tmp
  if [[ -f $schemas/stac-spec/v1.0.0/item.json ]]; then up_to_date; return; fi
  tmp=$(mktemp -d)
  "$venv/bin/pip" download --quiet --disable-pip-version-check --no-deps pystac==1.10.1 -d "$tmp"
  "$venv/bin/python" -m zipfile -e "$tmp"/pystac-1.10.1-*.whl "$tmp/wheel"
  mkdir -p "$schemas"
  cp -r "$tmp/wheel/pystac/validation/jsonschemas/." "$schemas/"
  rm -rf "$tmp"
}

# For tests: the servers they run for real, from Debian, one apt-get at a time (this one step).
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
debian_packages() {
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
  # The Slurm backend's tests: a one-node Slurm with accounting (slurmdbd on MariaDB) and the
  # REST API with JWT (scripts/slurm.sh).
  need "the Slurm job tests" \
    'command -v slurmctld && command -v slurmrestd && command -v slurmdbd && command -v munged && command -v mariadbd && command -v curl && [[ -e /usr/lib/x86_64-linux-gnu/slurm-wlm/auth_jwt.so ]]' \
    slurmctld slurmd slurm-client slurmrestd slurmdbd munge slurm-wlm-jwt-plugin \
    slurm-wlm-mysql-plugin mariadb-server curl
  # Job events on AMQP (scripts/rabbitmq.sh).
  need "the job event tests (RabbitMQ)" 'command -v rabbitmq-server' rabbitmq-server
  # The Kubernetes backend's tests run kube-apiserver (its own step) on Debian's etcd.
  need "the Kubernetes job tests (etcd)" 'command -v etcd' etcd-server
  # The kernels gateway's S3 dataset mounts (rclone FUSE; fusermount3 comes with fuse-overlayfs).
  need "the S3 mount tests (rclone)" 'command -v rclone' rclone
  if [[ -z ${apt_updated:-} ]]; then up_to_date; fi
}

# For tests: results in object storage, MinIO built once from its Go module (a few minutes).
minio() {
  local version=v0.0.0-20260212201848-7aac2a2c5b7c
  if [[ "$(cat .styx/bin/.minio-version 2>/dev/null)" == "$version" && -x .styx/bin/minio ]]; then
    up_to_date
    return
  fi
  say "building MinIO $version from its Go module (a few minutes, once)"
  mkdir -p .styx/bin
  GOBIN=$PWD/.styx/bin GOFLAGS=-mod=mod go install "github.com/minio/minio@$version"
  echo "$version" >.styx/bin/.minio-version
}

# For tests: `promtool check metrics` on every service's /metrics, promtool built once from the
# Prometheus Go module (its cmd/promtool; about as long as kube-apiserver, once).
promtool_binary() {
  local version=v0.316.0
  if [[ "$(cat .styx/bin/.promtool-version 2>/dev/null)" == "$version" && -x .styx/bin/promtool ]]; then
    up_to_date
    return
  fi
  say "building promtool (Prometheus $version) from its Go module (several minutes, once)"
  mkdir -p .styx/bin
  GOBIN=$PWD/.styx/bin GOFLAGS=-mod=mod go install "github.com/prometheus/prometheus/cmd/promtool@$version"
  echo "$version" >.styx/bin/.promtool-version
}

# For tests: the tracing tests' Jaeger (v2, on the OpenTelemetry Collector: OTLP in, its query API
# out, in-memory storage), built once in a Go module of its own that pins it as a tool.
jaeger_binary() {
  local version=v1.75.0 build=.styx/jaeger-build
  if [[ "$(cat .styx/bin/.jaeger-version 2>/dev/null)" == "$version" && -x .styx/bin/jaeger ]]; then
    up_to_date
    return
  fi
  say "building Jaeger $version from its Go module (several minutes, once)"
  rm -rf "$build" && mkdir -p "$build" .styx/bin
  (cd "$build" && go mod init styx.local/jaeger &&
    GOFLAGS=-mod=mod go get -tool "github.com/jaegertracing/jaeger/cmd/jaeger@$version" &&
    GOFLAGS=-mod=mod go build -o ../bin/jaeger github.com/jaegertracing/jaeger/cmd/jaeger)
  echo "$version" >.styx/bin/.jaeger-version
  rm -rf "$build"
}

# --- Running steps: in the background, each in its own process group (so that a failure or
# Ctrl-C stops all of a step's processes), output to its log; its exit status and end time go to
# <step>.rc.

declare -A step_pid step_began step_secs
steps=()
began=$(date +%s)
start_step() {
  local name=$1
  shift
  rm -f "$logs/$name.rc" "$logs/$name.up-to-date"
  steps+=("$name")
  step_began[$name]=$(date +%s)
  say "▶ $name"
  set -m # its own process group
  # (An EXIT trap writes the status: `|| …` around the step would turn off set -e inside it.)
  (
    trap 'echo "$? $(date +%s)" >"$logs/$STEP.rc"' EXIT
    STEP=$name
    "$@"
  ) </dev/null >"$logs/$name.log" 2>&1 &
  set +m
  step_pid[$name]=$!
}

stop_steps() {
  local name
  for name in "${steps[@]}"; do
    [[ -n ${step_secs[$name]:-} ]] || kill -TERM -- "-${step_pid[$name]}" 2>/dev/null || true
  done
}
trap 'stop_steps; exit 130' INT TERM
trap stop_steps EXIT

# What a running step shows in the heartbeat: npm its downloads so far, others their last line.
progress() {
  local log=$logs/$1.log
  case $1 in
  npm-packages) printf '%s registry requests' "$(grep -c 'http fetch GET 200' "$log" 2>/dev/null || true)" ;;
  *) tail -n 1 "$log" 2>/dev/null | tr -d '\r' | sed 's/\x1b\[[0-9;]*m//g' | cut -c1-60 ;;
  esac
}

# Notes every step that has ended since last time; a failed one stops the others and the set-up.
reap() {
  local name rc end
  for name in "${steps[@]}"; do
    [[ -z ${step_secs[$name]:-} && -f $logs/$name.rc ]] || continue
    wait "${step_pid[$name]}" 2>/dev/null || true
    read -r rc end <"$logs/$name.rc"
    step_secs[$name]=$((end - step_began[$name]))
    if [[ $rc != 0 ]]; then
      say "✗ $name failed after ${step_secs[$name]} s; the end of $logs/$name.log:"
      tail -n 40 "$logs/$name.log" >&2
      stop_steps
      summary "failed:$name"
      exit 1
    elif [[ -f $logs/$name.up-to-date ]]; then
      say "✓ $name: up to date"
    else
      say "✓ $name done in ${step_secs[$name]} s"
    fi
  done
}

# Waits for the given steps (every started one when none is given), with a heartbeat every 15 s
# naming each step still running and how far it is.
await() {
  local names=("$@") name waiting beat=$SECONDS line
  ((${#names[@]})) || names=("${steps[@]}")
  while :; do
    reap
    waiting=0
    for name in "${names[@]}"; do [[ -n ${step_secs[$name]:-} ]] || waiting=1; done
    ((waiting)) || return 0
    if ((SECONDS - beat >= 15)); then
      beat=$SECONDS
      line=
      for name in "${steps[@]}"; do
        [[ -z ${step_secs[$name]:-} ]] || continue
        line+="${line:+; }$name $(($(date +%s) - step_began[$name])) s"
        local p
        p=$(progress "$name")
        [[ -z $p ]] || line+=" ($p)"
      done
      say "… still running: $line"
    fi
    sleep 0.5
  done
}

# The table of step times, also appended to .styx/setup-times.txt.
summary() {
  local name secs record=() outcome=${1:-ok}
  say "step times ($mode):"
  for name in "${steps[@]}"; do
    if [[ -z ${step_secs[$name]:-} ]]; then secs='stopped'
    elif [[ -f $logs/$name.up-to-date ]]; then secs='up to date'
    else secs="${step_secs[$name]} s"; fi
    printf '\033[1;34m[setup]\033[0m   %-20s %s\n' "$name" "$secs"
    record+=("$name=${secs// /}")
  done
  local total=$(($(date +%s) - began))
  printf '\033[1;34m[setup]\033[0m   %-20s %s\n' "total (wall clock)" "$total s"
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $mode ${record[*]} total=${total}s $outcome" >>.styx/setup-times.txt
}

# --- The order: what depends on nothing starts at once; apt-get runs in one step only.
say "setting up for npm $mode; logs in $logs/"
start_step npm-packages npm_packages
start_step python-packages python_packages
if [[ $mode == test ]]; then
  start_step debian-packages debian_packages
  start_step kube-apiserver bash scripts/kube-apiserver.sh
  start_step minio minio
  start_step promtool promtool_binary
  start_step jaeger jaeger_binary
  # The Helm chart's tests: helm built once from its Go module.
  start_step helm bash scripts/helm.sh
elif [[ ${STYX_PROCESSING:-auto} != off ]] && command -v podman >/dev/null; then
  start_step podman-base-image podman_base_image
fi
await npm-packages python-packages
start_step extension extension
if [[ $mode == test ]]; then
  start_step stac-schemas stac_schemas
  await debian-packages # podman and debootstrap come from Debian
  start_step podman-base-image podman_base_image
fi
await
summary
say "ready ($mode)"
