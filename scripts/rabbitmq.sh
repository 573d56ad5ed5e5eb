#!/usr/bin/env bash
# RabbitMQ for the processing service's job events, private to this checkout:
#   scripts/rabbitmq.sh run   run it in the foreground on loopback (SIGTERM stops it and its epmd)
#   scripts/rabbitmq.sh env   the variable that points Styx's processing at it
# Data under .styx/rabbitmq (or STYX_RABBITMQ_DIR); ports STYX_RABBITMQ_PORT (5672), the Erlang
# distribution STYX_RABBITMQ_DIST_PORT (25672) and epmd STYX_RABBITMQ_EPMD_PORT (4369), all on
# 127.0.0.1, so a second broker (another run) can sit beside the first. No management plugin;
# the built-in `guest` user, which RabbitMQ accepts only over loopback.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${STYX_RABBITMQ_DIR:-$root/.styx/rabbitmq}
port=${STYX_RABBITMQ_PORT:-5672}
dist_port=${STYX_RABBITMQ_DIST_PORT:-25672}
epmd_port=${STYX_RABBITMQ_EPMD_PORT:-4369}

case ${1:-} in
run)
  command -v rabbitmq-server >/dev/null ||
    { echo "rabbitmq: rabbitmq-server is missing; run 'bash scripts/setup.sh test'" >&2; exit 1; }
  mkdir -p "$dir/mnesia" "$dir/log"
  : >"$dir/enabled_plugins"
  export HOME=$dir ERL_EPMD_PORT=$epmd_port ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_NODENAME=styx-$port@localhost RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT=$port RABBITMQ_DIST_PORT=$dist_port
  export RABBITMQ_MNESIA_BASE=$dir/mnesia RABBITMQ_LOG_BASE=$dir/log
  export RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins RABBITMQ_CONFIG_FILE=$dir/rabbitmq
  export RABBITMQ_ADVANCED_CONFIG_FILE=$dir/advanced.config RABBITMQ_CONF_ENV_FILE=$dir/rabbitmq-env.conf
  # epmd started here, so that it stops with the broker.
  epmd -port "$epmd_port" -address 127.0.0.1 &
  epmd_pid=$!
  # Debian's /usr/sbin/rabbitmq-server switches to the rabbitmq user; the broker's own script
  # runs as whoever starts it, with the folders above.
  /usr/lib/rabbitmq/bin/rabbitmq-server &
  server_pid=$!
  stop() {
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    epmd -port "$epmd_port" -kill >/dev/null 2>&1 || kill "$epmd_pid" 2>/dev/null || true
  }
  trap stop EXIT
  trap 'exit 0' INT TERM
  wait "$server_pid"
  ;;
env)
  printf 'export STYX_PROCESSING_AMQP_URL=amqp://guest:guest@127.0.0.1:%s\n' "$port"
  ;;
*)
  echo "usage: $0 run|env" >&2
  exit 2
  ;;
esac
