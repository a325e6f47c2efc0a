#!/usr/bin/env bash
# The Slurm recipes, run for real: starts a single-node Slurm cluster on this machine
# (start-cluster.sh), submits a bootstrap job array with its merge job and a chains job array with
# its summarize job, and a calibration job array with its merge job (each chained with
# --dependency=afterok), waits for them, and checks that the merged bootstrap and the merged
# calibration study are the bytes of one local run and the summarized chains the numbers of one
# local run. Run by .ci/run after the tests, with the infer they built:
#   bash Deploy/slurm/test-on-cluster.sh [path/to/infer]
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
[ -x "${1:-.build/debug/infer}" ] || swift build --product infer >&2
infer=$(realpath "${1:-.build/debug/infer}")
data=$(realpath Tests/References/fit/gamma.csv)
work=$(mktemp -d /tmp/infer-slurm-test.XXXXXX)
cluster="$work/cluster"

eval "$(bash "$repo/Deploy/slurm/start-cluster.sh" "$cluster")"
trap 'bash "$repo/Deploy/slurm/stop-cluster.sh" "$cluster"' EXIT
echo "Slurm cluster up: $(sinfo -h -o '%P %D %T %c CPUs')"

mkdir -p "$work/bootstrap" "$work/sample" "$work/calibrate"
cd "$work"
bootstrap_options=(--model gamma --resamples 999 --method bca --seed 7)
sample_options=(--model gamma --chains 4 --warmup 300 --draws 300 --seed 7)
calibrate_options=(--model poisson --prior "gamma(2,1)" --sizes 10,40 --replications 200 --resamples 199 --methods wald,bca,credible --seed 7)

shards=$(sbatch --parsable --array=1-4 --export=ALL,INFER="$infer",DATA="$data",OUT="$work/bootstrap" \
    "$repo/Deploy/slurm/bootstrap-shards.sbatch" "${bootstrap_options[@]}")
merge=$(sbatch --parsable --dependency=afterok:"$shards" --export=ALL,INFER="$infer",DATA="$data",OUT="$work/bootstrap" \
    "$repo/Deploy/slurm/bootstrap-merge.sbatch" "${bootstrap_options[@]}")
chains=$(sbatch --parsable --array=1-4 --export=ALL,INFER="$infer",DATA="$data",OUT="$work/sample" \
    "$repo/Deploy/slurm/chains.sbatch" "${sample_options[@]}")
summary=$(sbatch --parsable --dependency=afterok:"$chains" --export=ALL,INFER="$infer",OUT="$work/sample" \
    "$repo/Deploy/slurm/summarize.sbatch")
studies=$(sbatch --parsable --array=1-4 --export=ALL,INFER="$infer",OUT="$work/calibrate" \
    "$repo/Deploy/slurm/calibrate-shards.sbatch" "${calibrate_options[@]}")
studied=$(sbatch --parsable --dependency=afterok:"$studies" --export=ALL,INFER="$infer",OUT="$work/calibrate" \
    "$repo/Deploy/slurm/calibrate-merge.sbatch" "${calibrate_options[@]}")
echo "submitted: bootstrap array $shards, merge $merge, chains array $chains, summarize $summary, calibration array $studies, merge $studied"

# wait for every job to leave the queue (at most 4 minutes)
for _ in $(seq 1 240); do
    [ -z "$(squeue -h -o '%i' 2>/dev/null)" ] && break
    sleep 1
done
if [ -n "$(squeue -h -o '%i')" ]; then
    echo "jobs still queued after 4 minutes:" >&2
    squeue >&2
    exit 1
fi

status=0
"$infer" bootstrap "$data" --format json --quiet "${bootstrap_options[@]}" > "$work/local-bootstrap.json"
if [ -s "$work/bootstrap/bootstrap.json" ] && cmp -s "$work/local-bootstrap.json" "$work/bootstrap/bootstrap.json"; then
    echo "bootstrap: 4 shards on Slurm, merged = one local run, byte for byte ($(wc -c < "$work/local-bootstrap.json") bytes)"
else
    echo "bootstrap: the merged shards differ from one local run (or the merge job failed):" >&2
    cat "$work"/infer-bootstrap*.log >&2 || true
    status=1
fi
"$infer" sample "$data" --format json --quiet "${sample_options[@]}" > "$work/local-sample.json"
# summarize adds the files it read; the chains and every parameter's numbers follow "chains"
local_part=$(sed 's/.*"chains":/"chains":/' "$work/local-sample.json")
cluster_part=$(sed 's/.*"chains":/"chains":/' "$work/sample/sample.json" 2>/dev/null || true)
if [ -n "$cluster_part" ] && [ "$local_part" = "$cluster_part" ]; then
    echo "sample: 4 chains on Slurm, summarized = one local run's numbers"
else
    echo "sample: the summarized chains differ from one local run (or a job failed):" >&2
    cat "$work"/infer-chain*.log "$work"/infer-summarize*.log >&2 || true
    status=1
fi
"$infer" calibrate --format json --quiet "${calibrate_options[@]}" > "$work/local-calibrate.json"
if [ -s "$work/calibrate/calibrate.json" ] && cmp -s "$work/local-calibrate.json" "$work/calibrate/calibrate.json"; then
    echo "calibrate: 4 shards on Slurm, merged = one local study, byte for byte ($(wc -c < "$work/local-calibrate.json") bytes)"
else
    echo "calibrate: the merged shards differ from one local study (or a job failed):" >&2
    cat "$work"/infer-calibrate*.log >&2 || true
    status=1
fi
[ $status -eq 0 ] && rm -rf "$work/bootstrap" "$work/sample" "$work/calibrate"
exit $status
