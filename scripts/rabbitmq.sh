#!/usr/bin/env bash
# RabbitMQ for the processing service's job events, private to this checkout (Debian's
# rabbitmq-server, no management plugin):
#   scripts/rabbitmq.sh start   start it in the background on loopback; returns once it speaks AMQP
#   scripts/rabbitmq.sh stop    stop it and its epmd; nothing of it is left running
#   scripts/rabbitmq.sh env     the variable that points Styx's processing at it
# Data, logs and the password under .styx/rabbitmq (or STYX_RABBITMQ_DIR). Ports, all on
# 127.0.0.1 so that a second broker (a CI run beside a local one) can sit beside the first:
# AMQP STYX_RABBITMQ_PORT (5672), Erlang distribution STYX_RABBITMQ_DIST_PORT (25672), epmd
# STYX_RABBITMQ_EPMD_PORT (4369); node name STYX_RABBITMQ_NODE (styx-<AMQP port>@localhost).
# Styx connects as STYX_RABBITMQ_USER (styx) with STYX_RABBITMQ_PASSWORD (generated at the
# first start, kept in <dir>/password); there is no `guest` user.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${STYX_RABBITMQ_DIR:-$root/.styx/rabbitmq}
port=${STYX_RABBITMQ_PORT:-5672}
dist_port=${STYX_RABBITMQ_DIST_PORT:-25672}
epmd_port=${STYX_RABBITMQ_EPMD_PORT:-4369}
node=${STYX_RABBITMQ_NODE:-styx-$port@localhost}
user=${STYX_RABBITMQ_USER:-styx}
# Debian's /usr/sbin/rabbitmq-* switch to the rabbitmq user; the scripts behind them run as
# whoever starts them, with the folders below.
bin=/usr/lib/rabbitmq/bin
say() { printf '\033[1;34m[rabbitmq]\033[0m %s\n' "$*"; }

# The environment every RabbitMQ command here shares: the same node, ports, cookie (in HOME).
export HOME=$dir ERL_EPMD_PORT=$epmd_port ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_NODENAME=$node RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=$port RABBITMQ_DIST_PORT=$dist_port
export RABBITMQ_MNESIA_BASE=$dir/mnesia RABBITMQ_LOG_BASE=$dir/log
export RABBITMQ_PID_FILE=$dir/rabbitmq.pid
export RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins RABBITMQ_CONFIG_FILE=$dir/rabbitmq
export RABBITMQ_ADVANCED_CONFIG_FILE=$dir/advanced.config RABBITMQ_CONF_ENV_FILE=$dir/rabbitmq-env.conf

# The password: STYX_RABBITMQ_PASSWORD, else the one kept, else a new one; kept in any case.
password() {
  mkdir -p "$dir"
  if [[ -n ${STYX_RABBITMQ_PASSWORD:-} ]]; then
    (umask 077 && printf '%s' "$STYX_RABBITMQ_PASSWORD" >"$dir/password")
  elif [[ ! -s $dir/password ]]; then
    (umask 077 && od -An -tx1 -N18 /dev/urandom | tr -d ' \n' >"$dir/password")
  fi
  cat "$dir/password"
}

alive() { [[ -s $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# The AMQP 0-9-1 protocol header (§4.2.2); a broker ready for clients answers with a
# Connection.Start method frame, whose first byte is the frame type 1.
speaks_amqp() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$port"
    printf 'AMQP\0\0\11\1' >&3
    IFS= read -r -s -t 5 -N 1 -u 3 reply
    [[ $reply == $'\x01' ]]
  ) 2>/dev/null
}

start() {
  command -v epmd >/dev/null && [[ -x $bin/rabbitmq-server ]] ||
    { echo "rabbitmq: rabbitmq-server is missing; run 'bash scripts/setup.sh test'" >&2; exit 1; }
  if alive "$dir/server.pid"; then
    say "already running ($node, amqp://127.0.0.1:$port)"
    return
  fi
  mkdir -p "$dir/mnesia" "$dir/log"
  local pass before
  before=$(cat "$dir/password" 2>/dev/null || true)
  pass=$(password)
  printf '[].\n' >"$dir/enabled_plugins"
  # The user Styx connects as, created on the first boot only (an empty database); RabbitMQ
  # then creates no `guest`. The file holds the password: only its owner reads it.
  (umask 077 && cat >"$dir/rabbitmq.conf" <<EOF
default_user = $user
default_pass = $pass
default_vhost = /
log.console = false
log.file.level = warning
EOF
  )
  local first_boot=true
  [[ -n $(ls -A "$dir/mnesia") ]] && first_boot=false
  epmd -daemon -port "$epmd_port" -address 127.0.0.1
  say "starting $node (amqp://127.0.0.1:$port, logs in $dir/log)"
  setsid "$bin/rabbitmq-server" >"$dir/log/console.log" 2>&1 </dev/null &
  echo $! >"$dir/server.pid"
  local deadline=$((SECONDS + ${STYX_RABBITMQ_START_TIMEOUT:-120}))
  until speaks_amqp; do
    if ! alive "$dir/server.pid" || ((SECONDS > deadline)); then
      echo "rabbitmq: $node did not come up; the end of $dir/log/console.log:" >&2
      tail -n 20 "$dir/log/console.log" >&2 || true
      stop
      exit 1
    fi
    sleep 0.3
  done
  # A password changed since the first boot is set on the existing user.
  if ! $first_boot && [[ $pass != "$before" ]]; then
    "$bin/rabbitmqctl" -q change_password "$user" "$pass" >/dev/null
  fi
  say "ready"
}

# Waits up to $2 seconds for the process whose id is in file $1 to end; true if it did.
ended() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    alive "$1" || return 0
    sleep 0.1
  done
  return 1
}

stop() {
  # The wrapper stops the Erlang VM gracefully on SIGTERM; the VM's own pid is the fallback.
  if alive "$dir/server.pid"; then kill -TERM "$(cat "$dir/server.pid")"; fi
  if ! ended "$dir/server.pid" 60 || ! ended "$dir/rabbitmq.pid" 10; then
    say "not stopping: killing it"
    for f in server.pid rabbitmq.pid; do
      if alive "$dir/$f"; then kill -KILL "$(cat "$dir/$f")"; fi
    done
    ended "$dir/rabbitmq.pid" 5 || true
  fi
  rm -f "$dir/server.pid" "$dir/rabbitmq.pid"
  # epmd refuses `-kill` while a node is registered: the broker has just gone, so none is.
  epmd -port "$epmd_port" -kill >/dev/null 2>&1 || true
  local left
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    # The VM names its home (this folder) on its command line, the node name it does not.
    left=$(pgrep -f "epmd .*-port $epmd_port( |$)|beam.* -home $dir( |$)" || true)
    [[ -z $left ]] && return 0
    sleep 0.2
  done
  say "left behind, killed: $left"
  # shellcheck disable=SC2086 # one pid per word
  kill -KILL $left 2>/dev/null || true
}

case ${1:-} in
start) start ;;
stop) stop ;;
env)
  printf 'export STYX_PROCESSING_AMQP_URL=amqp://%s:%s@127.0.0.1:%s\n' "$user" "$(password)" "$port"
  ;;
*)
  echo "usage: $0 start|stop|env" >&2
  exit 2
  ;;
esac
