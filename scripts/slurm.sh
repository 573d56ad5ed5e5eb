#!/usr/bin/env bash
# A one-node Slurm for Styx's Slurm job backend, private to this checkout (everything under
# .styx/slurm, or STYX_SLURM_DIR), every daemon on loopback:
#   scripts/slurm.sh start   munged, MariaDB, slurmdbd, slurmctld, slurmd and slurmrestd (JWT);
#                            returns when the node is idle and the REST API answers, and
#                            writes the variables below to <dir>/env
#   scripts/slurm.sh stop    cancels the cluster's jobs, then stops every daemon
#   scripts/slurm.sh env     the variables that point Styx (and sbatch/squeue) at it
#   scripts/slurm.sh token   a JWT for root, valid one hour
# Ports: STYX_SLURMCTLD_PORT (6817), STYX_SLURMD_PORT (6818), STYX_SLURMDBD_PORT (6819),
# STYX_SLURMRESTD_PORT (6820), STYX_SLURM_MARIADB_PORT (3307); another set of ports and
# another STYX_SLURM_DIR give a second cluster beside the first (a CI run beside a local one).
# STYX_SLURM_MIN_JOB_AGE (600): seconds slurmctld keeps a finished job before only the
# accounting (slurmdbd) knows it; the tests shorten it to see that path.
# Facts this follows: ../shared/recipes/containers-and-slurm.md (Debian's Slurm 22.05).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
run=$(mkdir -p "${STYX_SLURM_DIR:-$root/.styx/slurm}" && cd "${STYX_SLURM_DIR:-$root/.styx/slurm}" && pwd)
ctld_port=${STYX_SLURMCTLD_PORT:-6817}
slurmd_port=${STYX_SLURMD_PORT:-6818}
dbd_port=${STYX_SLURMDBD_PORT:-6819}
restd_port=${STYX_SLURMRESTD_PORT:-6820}
db_port=${STYX_SLURM_MARIADB_PORT:-3307}
min_job_age=${STYX_SLURM_MIN_JOB_AGE:-600}
cluster=styx
export SLURM_CONF=$run/etc/slurm.conf
say() { printf '\033[1;34m[slurm]\033[0m %s\n' "$*"; }
die() {
  echo "slurm: $*" >&2
  exit 1
}

configure() {
  mkdir -p "$run"/{etc,state,spool,log,run,munge}
  chmod 0755 "$run" "$run/munge"
  # munge: its own key and socket; the daemon runs as the munge user.
  if [[ ! -f $run/munge/munge.key ]]; then
    dd if=/dev/urandom bs=1 count=1024 of="$run/munge/munge.key" status=none
  fi
  chown -R munge:munge "$run/munge"
  chmod 0400 "$run/munge/munge.key"
  # The JWT key slurmctld checks tokens with (Styx signs its tokens with it, or asks scontrol).
  if [[ ! -f $run/etc/jwt_hs256.key ]]; then
    dd if=/dev/urandom bs=32 count=1 of="$run/etc/jwt_hs256.key" status=none
  fi
  chmod 0600 "$run/etc/jwt_hs256.key"
  local memory cpus
  memory=$(awk '/MemTotal/ {printf "%d", $2 / 1024 / 2}' /proc/meminfo)
  cpus=$(nproc)
  local auth="AuthType=auth/munge
AuthInfo=socket=$run/munge/munge.socket.2
AuthAltTypes=auth/jwt
AuthAltParameters=jwt_key=$run/etc/jwt_hs256.key"
  cat >"$run/etc/slurm.conf" <<EOF
ClusterName=$cluster
SlurmctldHost=localhost
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
$auth
CredType=cred/munge
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=localhost
AccountingStoragePort=$dbd_port
AccountingStoragePass=$run/munge/munge.socket.2
JobAcctGatherType=jobacct_gather/none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
KillWait=10
MinJobAge=$min_job_age
# A job that asks for no memory gets its CPUs' share, not the whole node (Slurm's default with
# CR_Core_Memory), so one-CPU jobs run side by side.
DefMemPerCPU=$((memory / cpus))
StateSaveLocation=$run/state
SlurmdSpoolDir=$run/spool
SlurmctldPidFile=$run/run/slurmctld.pid
SlurmdPidFile=$run/run/slurmd.pid
SlurmctldLogFile=$run/log/slurmctld.log
SlurmdLogFile=$run/log/slurmd.log
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus Boards=1 SocketsPerBoard=1 CoresPerSocket=$cpus ThreadsPerCore=1 RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
  cat >"$run/etc/slurmdbd.conf" <<EOF
$auth
DbdHost=localhost
DbdPort=$dbd_port
SlurmUser=root
PidFile=$run/run/slurmdbd.pid
LogFile=$run/log/slurmdbd.log
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort=$db_port
StorageUser=slurm
StoragePass=styx-slurm-db
StorageLoc=slurm_acct_db
EOF
  chmod 0600 "$run/etc/slurmdbd.conf"
  chmod 0644 "$run/etc/slurm.conf"
}

# Waits until a command succeeds, or says what did not come up.
wait_for() {
  local what=$1 log=$2
  shift 2
  for _ in $(seq 1 150); do
    if "$@" >/dev/null 2>&1; then return; fi
    sleep 0.2
  done
  echo "slurm: $what did not come up; the end of $log:" >&2
  tail -n 20 "$log" >&2 || true
  stop
  exit 1
}

# A daemon that finds its port taken dies with a line in its log; say which variable to change.
port_free() {
  local port=$1 variable=$2
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is already taken (another Slurm or service?); choose another with $variable"
  fi
}

alive() { [[ -f $run/run/$1.pid ]] && kill -0 "$(cat "$run/run/$1.pid")" 2>/dev/null; }

# Runs a daemon in the background in its own session, its pid in run/<name>.pid.
daemon() {
  local name=$1
  shift
  setsid "$@" </dev/null >>"$run/log/$name.out" 2>&1 &
  echo $! >"$run/run/$name.pid"
}

start() {
  for command in munged mariadbd slurmdbd slurmctld slurmd slurmrestd sacctmgr; do
    command -v "$command" >/dev/null ||
      die "$command is missing: run 'bash scripts/setup.sh test' (it installs Slurm, munge and MariaDB from Debian)"
  done
  [[ $(id -u) -eq 0 ]] || die "the local Slurm runs its daemons as root (slurmd must); run as root"
  configure
  # Every port before any daemon: a clash stops the start with nothing half-started.
  alive mariadbd || port_free "$db_port" STYX_SLURM_MARIADB_PORT
  alive slurmdbd || port_free "$dbd_port" STYX_SLURMDBD_PORT
  alive slurmctld || port_free "$ctld_port" STYX_SLURMCTLD_PORT
  alive slurmd || port_free "$slurmd_port" STYX_SLURMD_PORT
  alive slurmrestd || port_free "$restd_port" STYX_SLURMRESTD_PORT
  if ! alive munged; then
    # munged --foreground keeps it our child, with its pid known.
    daemon munged runuser -u munge -- munged --foreground --force \
      --socket="$run/munge/munge.socket.2" --key-file="$run/munge/munge.key" \
      --log-file="$run/munge/munged.log" --seed-file="$run/munge/munged.seed" \
      --pid-file="$run/munge/munged.pid"
    wait_for munged "$run/log/munged.out" munge -S "$run/munge/munge.socket.2" -n
  fi
  if ! alive mariadbd; then
    if [[ ! -d $run/mysql/mysql ]]; then
      mariadb-install-db --user=root --datadir="$run/mysql" --skip-test-db \
        --auth-root-authentication-method=socket >"$run/log/mariadb-install.log" 2>&1 ||
        die "mariadb-install-db failed; see $run/log/mariadb-install.log"
    fi
    daemon mariadbd mariadbd --user=root --datadir="$run/mysql" --socket="$run/mysql.sock" \
      --port="$db_port" --bind-address=127.0.0.1 --skip-name-resolve \
      --pid-file="$run/mysql.pid" --log-error="$run/log/mariadb.log" \
      --innodb-buffer-pool-size=64M --skip-log-bin
    wait_for MariaDB "$run/log/mariadb.log" mariadb -S "$run/mysql.sock" -u root -e 'SELECT 1'
    mariadb -S "$run/mysql.sock" -u root -e "
      CREATE USER IF NOT EXISTS 'slurm'@'127.0.0.1' IDENTIFIED BY 'styx-slurm-db';
      CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY 'styx-slurm-db';
      GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';
      GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost';"
  fi
  if ! alive slurmdbd; then
    # slurmdbd reads slurmdbd.conf beside SLURM_CONF.
    daemon slurmdbd slurmdbd -D
    wait_for slurmdbd "$run/log/slurmdbd.log" sacctmgr -n list cluster
  fi
  sacctmgr -i add cluster "$cluster" >/dev/null 2>&1 || true
  if ! alive slurmctld; then
    daemon slurmctld slurmctld -D -i
    wait_for slurmctld "$run/log/slurmctld.log" scontrol ping
  fi
  if ! alive slurmd; then
    daemon slurmd slurmd -D -N localhost
    wait_for "the node" "$run/log/slurmd.log" bash -c '[[ $(sinfo -h -n localhost -o %t) == idle* ]]'
  fi
  if ! alive slurmrestd; then
    # slurmrestd refuses to run as root: nobody, with JWT for the callers.
    daemon slurmrestd env SLURM_JWT=daemon SLURM_CONF="$SLURM_CONF" \
      setpriv --reuid=nobody --regid=nogroup --clear-groups \
      slurmrestd -a rest_auth/jwt -s openapi/v0.0.38,openapi/dbv0.0.38 "127.0.0.1:$restd_port"
    local token
    token=$(scontrol token username=root lifespan=600 | sed 's/^SLURM_JWT=//')
    wait_for slurmrestd "$run/log/slurmrestd.out" curl -sf \
      -H "X-SLURM-USER-NAME: root" -H "X-SLURM-USER-TOKEN: $token" \
      "http://127.0.0.1:$restd_port/slurm/v0.0.38/ping"
  fi
  print_env >"$run/env"
  say "one-node Slurm up: REST API at http://127.0.0.1:$restd_port/; its variables are in $run/env:"
  cat "$run/env"
}

# Jobs run as root, so that they may use the project's private podman (scripts/podman.sh env
# gives the CONTAINERS_* variables the service passes on to them): Debian has no apptainer.
print_env() {
  printf 'export SLURM_CONF=%q\n' "$SLURM_CONF"
  printf 'export STYX_SLURM_URL=http://127.0.0.1:%s/ STYX_SLURM_USER=root STYX_SLURM_JWT_KEY=%q\n' \
    "$restd_port" "$run/etc/jwt_hs256.key"
  printf 'export STYX_SLURM_RUNTIME=podman\n'
}

stop() {
  # Jobs first: slurmd's end would leave their steps and containers running.
  if alive slurmctld && [[ -n $(squeue -h -o %A 2>/dev/null) ]]; then
    say "cancelling the cluster's jobs"
    squeue -h -o %A | xargs -r scancel 2>/dev/null || true
    # KillWait (10 s) and podman's own stop time, then some.
    for _ in $(seq 1 150); do
      [[ -z $(squeue -h -o %A 2>/dev/null) ]] && break
      sleep 0.2
    done
  fi
  # The REST API and the node first, the accounting and its database last.
  for name in slurmrestd slurmd slurmctld slurmdbd mariadbd munged; do
    if alive "$name"; then
      local pid
      pid=$(cat "$run/run/$name.pid")
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
      done
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$run/run/$name.pid"
  done
  rm -f "$run/env"
}

case ${1:-} in
start) start ;;
stop) stop ;;
env) print_env ;;
token)
  alive slurmctld || die "the cluster in $run is not running; start it with: $0 start"
  scontrol token username=root lifespan=3600 | sed 's/^SLURM_JWT=//'
  ;;
*)
  echo "usage: $0 start|stop|env|token" >&2
  exit 2
  ;;
esac
