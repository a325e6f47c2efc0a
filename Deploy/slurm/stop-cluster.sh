#!/usr/bin/env bash
# Stops the cluster Deploy/slurm/start-cluster.sh started in DIR (its slurmctld and slurmd).
set -u
dir=${1:?usage: stop-cluster.sh DIR}
for daemon in slurmd slurmctld; do
    if [ -s "$dir/$daemon.pid" ]; then kill "$(cat "$dir/$daemon.pid")" 2>/dev/null || true; fi
done
sleep 1
