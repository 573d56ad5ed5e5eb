#!/usr/bin/env bash
# MinIO (an S3 server) for Styx's results-storage tests, private to this checkout:
#   scripts/minio.sh run   run it in the foreground on loopback (the caller stops it)
#   scripts/minio.sh env   print the variables that point Styx's results at it
# The binary is built from MinIO's Go module by scripts/setup.sh (test mode) into .styx/bin;
# data under .styx/minio (or STYX_MINIO_DIR); port STYX_MINIO_PORT (9000), console
# STYX_MINIO_CONSOLE_PORT (9001); credentials STYX_MINIO_USER / STYX_MINIO_PASSWORD.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${STYX_MINIO_BIN:-$root/.styx/bin/minio}
dir=${STYX_MINIO_DIR:-$root/.styx/minio}
port=${STYX_MINIO_PORT:-9000}
console=${STYX_MINIO_CONSOLE_PORT:-9001}
user=${STYX_MINIO_USER:-styx-results}
password=${STYX_MINIO_PASSWORD:-styx-results-dev-secret}

case ${1:-} in
run)
  if [[ ! -x $bin ]]; then
    echo "minio: $bin is missing; run 'bash scripts/setup.sh test' (it builds MinIO from its Go module)" >&2
    exit 1
  fi
  mkdir -p "$dir"
  export MINIO_ROOT_USER=$user MINIO_ROOT_PASSWORD=$password MINIO_BROWSER=off
  exec "$bin" server --quiet --address "127.0.0.1:$port" --console-address "127.0.0.1:$console" "$dir"
  ;;
env)
  printf 'export STYX_RESULTS_STORAGE=s3 STYX_RESULTS_S3_ENDPOINT=http://127.0.0.1:%s\n' "$port"
  printf 'export STYX_RESULTS_S3_ACCESS_KEY_ID=%q STYX_RESULTS_S3_SECRET_ACCESS_KEY=%q\n' "$user" "$password"
  ;;
*)
  echo "usage: $0 run|env" >&2
  exit 2
  ;;
esac
