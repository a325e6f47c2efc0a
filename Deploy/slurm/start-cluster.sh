#!/usr/bin/env bash
# Starts a real single-node Slurm cluster on this machine from Debian's packages (slurm-wlm,
# munge): munged, slurmctld and slurmd on localhost, with a slurm.conf generated for this host
# in DIR (default: a fresh temporary directory). Prints the line to source for the Slurm
# commands to find it:   eval "$(bash Deploy/slurm/start-cluster.sh)"
# Stop it with:          bash Deploy/slurm/stop-cluster.sh "$SLURM_CONF_DIR"
# Needs root (the daemons run as root, as in a container); installs the packages when missing.
set -euo pipefail
dir=${1:-$(mktemp -d /tmp/infer-slurm.XXXXXX)}
mkdir -p "$dir/state" "$dir/spool" "$dir/log"

missing=()
for package in slurm-wlm munge; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi

# munge: a key of its own, the daemon on a socket in DIR
mkdir -p /etc/munge /var/run/munge /var/log/munge /var/lib/munge
if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
fi
chmod 0400 /etc/munge/munge.key
pgrep -x munged >/dev/null || munged --force >&2

host=$(hostname -s)
# ports of its own, so that it never meets another cluster on this machine (an earlier one still up)
port=$((17000 + ($$ % 2000) * 2))
cpus=$(nproc)
memory=$(awk '/MemTotal/ { print int($2 / 1024 * 0.9) }' /proc/meminfo)
cat > "$dir/slurm.conf" <<CONF
ClusterName=infer
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
slurmctld -f "$SLURM_CONF" >&2
slurmd -f "$SLURM_CONF" >&2

# wait until the node takes jobs
for _ in $(seq 1 60); do
    state=$(sinfo -h -o '%T' 2>/dev/null | head -n 1 || true)
    if [ "$state" = "idle" ]; then
        echo "export SLURM_CONF=$SLURM_CONF SLURM_CONF_DIR=$dir"
        exit 0
    fi
    sleep 1
done
echo "the Slurm node did not become idle in 60 s (state: ${state:-none}); logs in $dir/log" >&2
exit 1
