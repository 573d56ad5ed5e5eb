#!/usr/bin/env bash
# Builds a real kube-apiserver and kube-controller-manager (for its Job controller) from
# Kubernetes' Go modules into .styx/bin, for the Kubernetes job backend's tests (with Debian's
# etcd). k8s.io/kubernetes cannot be `go install`ed (its go.mod replaces its staging modules with
# local folders), so a tiny wrapper module requires it and points each staging module at its
# published version.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=${STYX_KUBE_VERSION:-1.33.0}
bin=$root/.styx/bin/kube-apiserver
controllers=$root/.styx/bin/kube-controller-manager
if [[ "$(cat "$bin.version" 2>/dev/null)" == "$version" && -x $bin && -x $controllers ]]; then
  exit 0
fi
build=$root/.styx/kube-build
rm -rf "$build"
mkdir -p "$build"
staging=(api apiextensions-apiserver apimachinery apiserver cli-runtime client-go cloud-provider
  cluster-bootstrap code-generator component-base component-helpers controller-manager cri-api
  cri-client csi-translation-lib dynamic-resource-allocation endpointslice externaljwt kms
  kube-aggregator kube-controller-manager kube-proxy kube-scheduler kubectl kubelet metrics
  mount-utils pod-security-admission sample-apiserver sample-cli-plugin sample-controller)
{
  printf 'module styx.local/kube-apiserver\n\ngo 1.24\n\nrequire k8s.io/kubernetes v%s\n\nreplace (\n' "$version"
  for module in "${staging[@]}"; do printf '\tk8s.io/%s => k8s.io/%s v0.%s\n' "$module" "$module" "${version#1.}"; done
  printf ')\n'
} >"$build/go.mod"
printf '//go:build tools\n\npackage tools\n\nimport (\n\t_ "k8s.io/kubernetes/cmd/kube-apiserver"\n\t_ "k8s.io/kubernetes/cmd/kube-controller-manager"\n)\n' >"$build/tools.go"
printf '\033[1;34m[setup]\033[0m building kube-apiserver and kube-controller-manager %s from their Go modules (several minutes, once)\n' "$version"
(cd "$build" && GOFLAGS=-mod=mod go mod tidy >/dev/null 2>&1 &&
  GOFLAGS=-mod=mod go build -o "$bin" k8s.io/kubernetes/cmd/kube-apiserver &&
  GOFLAGS=-mod=mod go build -o "$controllers" k8s.io/kubernetes/cmd/kube-controller-manager)
echo "$version" >"$bin.version"
rm -rf "$build"
