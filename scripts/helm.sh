#!/usr/bin/env bash
# Builds helm from its Go module into .styx/bin/helm, for the chart's tests (helm lint and
# helm template in helm/test). Pinned; re-built only when the pin changes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=${STYX_HELM_VERSION:-v3.21.4}
bin=$root/.styx/bin/helm
if [[ "$(cat "$bin.version" 2>/dev/null)" == "$version" && -x $bin ]]; then
  exit 0
fi
printf '\033[1;34m[setup]\033[0m building helm %s from its Go module (a few minutes, once)\n' "$version"
mkdir -p "$root/.styx/bin"
GOBIN=$root/.styx/bin GOFLAGS=-mod=mod go install "helm.sh/helm/v3/cmd/helm@$version"
echo "$version" >"$bin.version"
