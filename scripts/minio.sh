#!/usr/bin/env bash
# MinIO (an S3 server) for Styx's results storage, private to this checkout:
#   scripts/minio.sh start   start it in the background on loopback; returns once it is live
#   scripts/minio.sh stop    stop it (and wait until it has exited)
#   scripts/minio.sh run     run it in the foreground (the caller stops it; what tests use)
#   scripts/minio.sh env     print the variables that point Styx's results at it
# The binary is built from MinIO's Go module by scripts/setup.sh (test mode) into .styx/bin
# (or STYX_MINIO_BIN). Everything lives in .styx/minio (or STYX_MINIO_DIR): the objects in
# data/, and minio.pid, minio.log, credentials. Ports STYX_MINIO_PORT (9000) and
# STYX_MINIO_CONSOLE_PORT (9001), both on 127.0.0.1. The root user and password are
# STYX_MINIO_USER / STYX_MINIO_PASSWORD, else generated on first use and kept in credentials
# (mode 600), so that `env` prints what the running server accepts.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${STYX_MINIO_BIN:-$root/.styx/bin/minio}
dir=${STYX_MINIO_DIR:-$root/.styx/minio}
port=${STYX_MINIO_PORT:-9000}
console=${STYX_MINIO_CONSOLE_PORT:-9001}
pidfile=$dir/minio.pid
say() { printf '\033[1;34m[minio]\033[0m %s\n' "$*"; }

credentials() {
  if [[ -n ${STYX_MINIO_USER:-} && -n ${STYX_MINIO_PASSWORD:-} ]]; then
    user=$STYX_MINIO_USER password=$STYX_MINIO_PASSWORD
    return
  fi
  mkdir -p "$dir"
  if [[ ! -f $dir/credentials ]]; then
    (
      umask 077
      printf 'user=styx-%s\npassword=%s\n' "$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')" \
        "$(od -An -N20 -tx1 /dev/urandom | tr -d ' \n')" >"$dir/credentials"
    )
  fi
  user=$(sed -n 's/^user=//p' "$dir/credentials")
  password=$(sed -n 's/^password=//p' "$dir/credentials")
}

running() { [[ -f $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

prepare() {
  if [[ ! -x $bin ]]; then
    echo "minio: $bin is missing; run 'bash scripts/setup.sh test' (it builds MinIO from its Go module)" >&2
    exit 1
  fi
  credentials
  mkdir -p "$dir/data"
  export MINIO_ROOT_USER=$user MINIO_ROOT_PASSWORD=$password MINIO_BROWSER=off
  server=("$bin" server --quiet --address "127.0.0.1:$port" --console-address "127.0.0.1:$console" "$dir/data")
}

case ${1:-} in
run)
  prepare
  exec "${server[@]}"
  ;;
start)
  if running; then
    say "already running (pid $(cat "$pidfile")) on 127.0.0.1:$port"
    exit 0
  fi
  prepare
  # setsid: its own session, so that the caller's terminal or test runner ending does not stop it.
  setsid "${server[@]}" >"$dir/minio.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/minio/health/live" 2>/dev/null; then
      say "S3 on http://127.0.0.1:$port (data in $dir/data); 'scripts/minio.sh env' for Styx's variables"
      exit 0
    fi
    if ! running; then
      echo "minio: the server exited; its log ($dir/minio.log) ends with:" >&2
      tail -n 20 "$dir/minio.log" >&2
      rm -f "$pidfile"
      exit 1
    fi
    sleep 0.5
  done
  echo "minio: not live on 127.0.0.1:$port after 60 s; stopping it (log: $dir/minio.log)" >&2
  "$0" stop
  exit 1
  ;;
stop)
  if ! running; then
    rm -f "$pidfile"
    exit 0
  fi
  pid=$(cat "$pidfile")
  kill -TERM "$pid"
  for _ in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "minio: pid $pid ignored SIGTERM for 20 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  say "stopped"
  ;;
env)
  credentials
  printf 'export STYX_RESULTS_STORAGE=s3 STYX_RESULTS_S3_ENDPOINT=http://127.0.0.1:%s\n' "$port"
  printf 'export STYX_RESULTS_S3_ACCESS_KEY_ID=%q STYX_RESULTS_S3_SECRET_ACCESS_KEY=%q\n' "$user" "$password"
  ;;
*)
  echo "usage: $0 start|stop|run|env" >&2
  exit 2
  ;;
esac
