#!/usr/bin/env bash
# Styx's container images (images/), built with podman from their Containerfiles:
#   scripts/images.sh bases             the local Debian base images (debootstrap), once
#   scripts/images.sh build [name...]   bases, then `podman build` of each image (all by default):
#                                       notebook, services, processing
#   scripts/images.sh save name...      `podman save --format oci-archive` for Apptainer
#   scripts/images.sh tag name          print the image's tag
#   scripts/images.sh archive name      print where `save` writes its OCI archive
# Idempotent: bases are made once and kept in podman's storage; builds reuse podman's layer
# cache. Uses the private podman of scripts/podman.sh (.styx/podman).
#
# No registry is reachable here, so the Containerfiles' BASE_IMAGE (docker.io/library/debian:…
# for a real deployment) is replaced by a debootstrapped Debian of the same release, tagged
# localhost/styx/debian:<release>-slim (a minbase debootstrap is what debian:<release>-slim is).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
say() { printf '\033[1;34m[images]\033[0m %s\n' "$*"; }
eval "$(bash scripts/podman.sh env)"
bash scripts/podman.sh configure
out=${STYX_IMAGES_DIR:-$root/.styx/images}

names=(notebook services processing)
containerfile() { echo "images/$1/Containerfile"; }
tag() { case $1 in processing) echo localhost/styx/processing-base:latest ;; *) echo "localhost/styx/$1:latest" ;; esac; }
release() { case $1 in services) echo trixie ;; *) echo bookworm ;; esac; }
archive() { echo "$out/$1.oci.tar"; }
known() { [[ " ${names[*]} " == *" $1 "* ]] || { echo "unknown image '$1' (one of: ${names[*]})" >&2; exit 2; }; }

base() {
  local rel=$1 image="localhost/styx/debian:$1-slim" mirror rootfs start=$SECONDS
  if podman image exists "$image"; then return; fi
  say "making $image with debootstrap (Debian $rel minbase; about a minute)"
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  mkdir -p "$out"
  rootfs=$(mktemp -d "$out/rootfs-$rel.XXXXXX")
  if ! debootstrap --variant=minbase "$rel" "$rootfs" "$mirror" >"$out/debootstrap-$rel.log" 2>&1; then
    echo "debootstrap $rel failed; see $out/debootstrap-$rel.log" >&2
    rm -rf "$rootfs"
    exit 1
  fi
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar --numeric-owner -C "$rootfs" -c . | podman import --change 'CMD ["/bin/bash"]' - "$image" >"$out/import-$rel.log" 2>&1
  rm -rf "$rootfs"
  say "$image ready in $((SECONDS - start)) s"
}

build() {
  local name=$1 start=$SECONDS args=()
  known "$name"
  base "$(release "$name")"
  args+=(--build-arg "BASE_IMAGE=localhost/styx/debian:$(release "$name")-slim")
  # The host's package index and TLS trust, when it has its own: PIP_INDEX_URL as a build arg,
  # and a CA bundle (an intercepting proxy's, say) as a build secret, never stored in a layer.
  [[ -n ${PIP_INDEX_URL:-} ]] && args+=(--build-arg "PIP_INDEX_URL=$PIP_INDEX_URL")
  [[ -n ${NPM_CONFIG_REGISTRY:-} ]] && args+=(--build-arg "NPM_CONFIG_REGISTRY=$NPM_CONFIG_REGISTRY")
  local ca=${STYX_BUILD_CA_BUNDLE:-${PIP_CERT:-}}
  if [[ -z $ca ]] && compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
    ca=/etc/ssl/certs/ca-certificates.crt
  fi
  [[ -n $ca && -f $ca ]] && args+=(--secret "id=ca-bundle,src=$ca")
  if [[ $name == notebook && ! -f extension/styx_jupyterlab/labextension/static/style.js ]]; then
    say "the extension is not built yet: npm run build:prod -w extension"
    npm run --silent build:prod -w extension
  fi
  say "podman build $(tag "$name") from $(containerfile "$name")"
  # Docker format: OCI image config has no HEALTHCHECK, and the services image has one.
  podman build --format docker --layers "${args[@]}" -f "$(containerfile "$name")" -t "$(tag "$name")" . \
    >"$out/build-$name.log" 2>&1 || { tail -40 "$out/build-$name.log" >&2; echo "podman build $name failed; see $out/build-$name.log" >&2; exit 1; }
  say "$(tag "$name") built in $((SECONDS - start)) s (log: $out/build-$name.log)"
}

save() {
  local name=$1 start=$SECONDS
  known "$name"
  mkdir -p "$out"
  podman image exists "$(tag "$name")" || build "$name"
  rm -f "$(archive "$name")"
  podman save --format oci-archive -o "$(archive "$name")" "$(tag "$name")"
  say "saved $(archive "$name") in $((SECONDS - start)) s (apptainer build $name.sif images/$name/$name.def)"
}

mkdir -p "$out"
cmd=${1:-}
shift || true
case $cmd in
bases) base bookworm; base trixie ;;
build) for n in "${@:-${names[@]}}"; do build "$n"; done ;;
save) for n in "$@"; do save "$n"; done ;;
tag) known "$1"; tag "$1" ;;
archive) known "$1"; archive "$1" ;;
*)
  echo "usage: $0 bases | build [notebook|services|processing ...] | save name... | tag name | archive name" >&2
  exit 2
  ;;
esac
