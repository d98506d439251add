#!/usr/bin/env bash
# Starts a throwaway single-node Slurm (munged, slurmctld, slurmd, all as root) for the Slurm
# tests and prints the path of its slurm.conf on the last line. Idempotent: when the cluster
# already answers it only prints the path.
#
#   export TUNESCOPE_TEST_SLURM=$(scripts/start-slurm.sh | tail -n1)
#   SLURM_CONF=$TUNESCOPE_TEST_SLURM sinfo
#
# Everything lives in $TUNESCOPE_SLURM_DIR (default /tmp/tunescope-slurm): its own slurm.conf,
# munge key and socket, state and spool folders, logs. /etc/slurm and /etc/munge are left
# alone, so a real Slurm on the machine is not disturbed; clients find this one through
# SLURM_CONF. One node named after the host with $TUNESCOPE_SLURM_CPUS CPUs (default 4, more
# than the machine may have: slurmd is told to take the configuration as written), no cgroups
# (proctrack/linuxproc, task/none: works in containers and chroots), no accounting, and two
# stand-in GPUs (gres gpu:2 on /dev/null and /dev/zero) so that jobs asking for gres gpu:1 get
# Slurm's CUDA_VISIBLE_DEVICES on a machine without a GPU.
#
#   scripts/start-slurm.sh --stop    stops the three daemons of this folder
set -euo pipefail

DIR=${TUNESCOPE_SLURM_DIR:-/tmp/tunescope-slurm}
CPUS=${TUNESCOPE_SLURM_CPUS:-4}
PORT=${TUNESCOPE_SLURM_PORT:-6917}   # slurmctld; slurmd takes the next port
CONF=$DIR/slurm.conf
export SLURM_CONF=$CONF

say() { echo "start-slurm.sh: $*" >&2; }
show_logs() {
    say "last lines of the logs in $DIR:"
    tail -n 20 "$DIR/slurmctld.log" "$DIR/slurmd.log" "$DIR/munged.log" >&2 2>/dev/null || true
}
trap 'rc=$?; say "failed (exit $rc) at line $LINENO: $BASH_COMMAND"; show_logs; exit $rc' ERR

[ "$(id -u)" -eq 0 ] || { say "needs root (the daemons run as root)"; exit 1; }
for tool in munged slurmctld slurmd sinfo; do
    command -v "$tool" >/dev/null || { say "$tool not found (apt-get install slurm-wlm munge)"; exit 1; }
done

# The daemon of a pid file still runs.
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop_all() {
    for pidfile in "$DIR/slurmd.pid" "$DIR/slurmctld.pid" "$DIR/munged.pid"; do
        if alive "$pidfile"; then
            pid=$(cat "$pidfile")
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        fi
        rm -f "$pidfile"
    done
}

if [ "${1:-}" = --stop ]; then
    stop_all
    exit 0
fi

# The node answers and is usable: nothing to do.
node_ready() {
    timeout 10 sinfo --noheader --responding --format='%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'
}

if alive "$DIR/munged.pid" && alive "$DIR/slurmctld.pid" && alive "$DIR/slurmd.pid" && node_ready; then
    echo "$CONF"
    exit 0
fi
stop_all

# Someone listens on the port (a second checkout's cluster, or one outside a chroot that shares
# this network): take the next free pair, and remember it for later calls.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [ -s "$DIR/port" ]; then
    PORT=$(cat "$DIR/port")
fi
for _ in $(seq 20); do
    if port_taken "$PORT" || port_taken $((PORT + 1)); then PORT=$((PORT + 2)); else break; fi
done

mkdir -p "$DIR/state" "$DIR/spool" "$DIR/munge"
chmod 700 "$DIR/munge"
echo "$PORT" > "$DIR/port"
NODE=$(hostname -s)

# munged insists on a key only its owner can read, in a folder others cannot write.
if [ ! -s "$DIR/munge/munge.key" ]; then
    head -c 1024 /dev/urandom > "$DIR/munge/munge.key"
fi
chmod 400 "$DIR/munge/munge.key"

cat > "$CONF" <<EOF
# Written by scripts/start-slurm.sh: a one-node test cluster for Tunescope's Slurm tests.
ClusterName=tunescope-test
SlurmctldHost=$NODE(127.0.0.1)
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$DIR/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/linux
JobAcctGatherFrequency=1
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
ReturnToService=2
# Quick tests: a cancelled job gets SIGKILL 2 s after SIGTERM, finished jobs stay visible to
# squeue for 5 minutes (Slurm's default), a lost slurmd is noticed within 30 s.
KillWait=2
MinJobAge=300
SlurmdTimeout=30
MessageTimeout=5
JobRequeue=1
# Two stand-in GPUs (gres.conf): jobs that ask for gres gpu:1 get one, and Slurm sets their
# CUDA_VISIBLE_DEVICES, on a machine without any GPU.
GresTypes=gpu
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=2000 Gres=gpu:2 State=UNKNOWN
PartitionName=debug Nodes=$NODE Default=YES MaxTime=INFINITE State=UP
EOF

# slurmd 22.05 loads a cgroup plugin even when nothing uses cgroups (proctrack/linuxproc,
# task/none), and fails where no cgroup filesystem is mounted (a chroot, a container): the v1
# plugin is pointed at an empty folder of ours instead, and never touches the real hierarchy.
mkdir -p "$DIR/cgroup/systemd"
cat > "$DIR/cgroup.conf" <<EOF
CgroupPlugin=cgroup/v1
CgroupMountpoint=$DIR/cgroup
EOF

# Slurm only needs device files to count and number them; these two stand for GPUs 0 and 1.
cat > "$DIR/gres.conf" <<EOF
NodeName=$NODE Name=gpu File=/dev/null
NodeName=$NODE Name=gpu File=/dev/zero
EOF

munged --force --socket="$DIR/munge/munge.socket" --key-file="$DIR/munge/munge.key" \
    --pid-file="$DIR/munged.pid" --log-file="$DIR/munged.log" --seed-file="$DIR/munge/munged.seed"
# -i: forget jobs of an earlier run of this folder (state from a killed test run).
slurmctld -i -f "$CONF"
slurmd -f "$CONF" -N "$NODE"

for _ in $(seq 60); do
    if node_ready; then
        echo "$CONF"
        exit 0
    fi
    # A node left DOWN by an earlier run comes back when told.
    scontrol update nodename="$NODE" state=resume >/dev/null 2>&1 || true
    sleep 0.5
done
say "the node did not become idle within 30 s; sinfo says:"
sinfo -N -l >&2 || true
show_logs
exit 1
