#!/usr/bin/env bash
# podman for Styx's container jobs, private to this checkout (everything under .styx/podman):
#   scripts/podman.sh configure   write containers.conf and storage.conf (idempotent)
#   scripts/podman.sh base-image  build localhost/styx/base:latest (Debian + python3) once
#   scripts/podman.sh service     run the Docker-compatible API on .styx/podman/podman.sock
#                                 (or STYX_PODMAN_SOCKET; foreground, the caller stops it)
#   scripts/podman.sh env         print the variables that point podman at this set-up
# Facts this follows (../shared/recipes/containers-and-slurm.md): crun fails on hybrid cgroups
# here, runc works; the default ulimits exceed what root may set here; no registry is
# reachable, so images are built from a Debian root filesystem.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
run=${STYX_PODMAN_DIR:-$root/.styx/podman}
say() { printf '\033[1;34m[podman]\033[0m %s\n' "$*"; }

export CONTAINERS_CONF=$run/containers.conf
export CONTAINERS_STORAGE_CONF=$run/storage.conf
export CONTAINERS_REGISTRIES_CONF=$run/registries.conf

configure() {
  mkdir -p "$run"
  cat >"$run/containers.conf.new" <<EOF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$run/events.log"
runtime = "runc"
tmp_dir = "$run/libpod"
EOF
  cat >"$run/storage.conf.new" <<EOF
[storage]
driver = "overlay"
runroot = "$run/storage-run"
graphroot = "$run/storage"
EOF
  # Only local images: never try a registry (none is reachable, and jobs must not pull).
  printf 'unqualified-search-registries = []\n' >"$run/registries.conf.new"
  for f in containers.conf storage.conf registries.conf; do mv "$run/$f.new" "$run/$f"; done
}

base_image() {
  configure
  if podman image exists localhost/styx/base:latest; then return; fi
  say "building localhost/styx/base:latest from a Debian root filesystem (debootstrap, about a minute)"
  local mirror rootfs
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  rootfs=$(mktemp -d "$run/rootfs.XXXXXX")
  debootstrap --variant=minbase --include=python3 bookworm "$rootfs" "$mirror" >"$run/debootstrap.log" 2>&1 ||
    { echo "debootstrap failed; see $run/debootstrap.log" >&2; rm -rf "$rootfs"; exit 1; }
  rm -f "$rootfs"/var/cache/apt/archives/*.deb
  tar --numeric-owner -C "$rootfs" -c . |
    podman import --change 'CMD ["/usr/bin/python3"]' - localhost/styx/base:latest >"$run/import.log" 2>&1
  rm -rf "$rootfs"
}

case ${1:-} in
configure) configure ;;
base-image) base_image ;;
service)
  configure
  exec podman system service --time=0 "unix://${STYX_PODMAN_SOCKET:-$run/podman.sock}"
  ;;
env)
  printf 'export CONTAINERS_CONF=%q CONTAINERS_STORAGE_CONF=%q CONTAINERS_REGISTRIES_CONF=%q\n' \
    "$CONTAINERS_CONF" "$CONTAINERS_STORAGE_CONF" "$CONTAINERS_REGISTRIES_CONF"
  printf 'export DOCKER_HOST=unix://%q\n' "$run/podman.sock"
  ;;
*)
  echo "usage: $0 configure|base-image|service|env" >&2
  exit 2
  ;;
esac
