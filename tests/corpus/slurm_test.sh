#!/usr/bin/env bash
# End-to-end test of scripts/slurm on a real (private, one-node) Slurm cluster: a corpus run split
# into 4 shards by a job array and merged by a dependent job must conclude what one process does.
#
#   slurm_test.sh ATTNSCOPE SHARED_DIR SCRATCH_DIR
#
# SCRATCH_DIR is emptied and holds the cluster, both runs and the job logs (kept for inspection).
set -euo pipefail

[ $# -eq 3 ] || {
  echo "usage: slurm_test.sh ATTNSCOPE SHARED_DIR SCRATCH_DIR" >&2
  exit 2
}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
export ATTNSCOPE=$1
shared=$(cd "$2" && pwd)
scratch=$3
model=$shared/fixtures/models/tiny-bert
corpus=$shared/data/ud/en_ewt-ud-dev.conllu
readonly SHARDS=4 JOB_TIMEOUT_S=600

fail() {
  echo "slurm_test: $*" >&2
  exit 1
}

rm -rf "$scratch"
mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd)
cluster=$scratch/cluster
export SLURM_CONF=$cluster/slurm.conf

# On any exit: show the job logs if something failed, then stop the daemons, always.
finish() {
  local status=$?
  if [ "$status" -ne 0 ]; then
    for log in "$scratch"/sharded/logs/*.out "$cluster"/log/slurmctld.log; do
      [ -f "$log" ] || continue
      echo "---- $log (last 30 lines) ----" >&2
      tail -n 30 "$log" >&2
    done
  fi
  "$here/slurm_cluster" stop "$cluster" || status=1
  if pgrep -a -f -- "$cluster/" >&2; then
    echo "slurm_test: the daemons above outlived 'slurm_cluster stop'" >&2
    status=1
  fi
  exit "$status"
}
trap finish EXIT

started=$SECONDS
"$here/slurm_cluster" start "$cluster"
echo "slurm_test: cluster up in $((SECONDS - started))s"

# A forward pass rounds a document's floats by the rows and threads its GEMMs run with: one
# document per batch on one thread makes every shard compute exactly what the single run does.
exact=(--batch 1 --threads 1)
started=$SECONDS
"$ATTNSCOPE" corpus --model "$model" --conllu "$corpus" "${exact[@]}" -o "$scratch/single"
echo "slurm_test: single-process run took $((SECONDS - started))s"

started=$SECONDS
submitted=$(cd "$scratch" && "$repo/scripts/slurm/submit-corpus" --shards "$SHARDS" \
  --model "$model" --conllu "$corpus" -o "$scratch/sharded" -- "${exact[@]}")
echo "$submitted"
array_job=$(awk '$1 == "shards:" { print $3 }' <<<"$submitted")
merge_job=$(awk '$1 == "merge:" { print $3 }' <<<"$submitted" | tr -d ,)
[[ $array_job =~ ^[0-9]+$ && $merge_job =~ ^[0-9]+$ ]] ||
  fail "could not read both job ids from submit-corpus's output"

# The job states, one per line: every array task's (one line for all tasks still pending), or the
# merge job's. No slurmdbd means no sacct; the cluster's MinJobAge keeps finished jobs in
# scontrol's view.
job_states() {
  local record
  record=$(scontrol show job -o "$1") || fail "scontrol does not know job $1"
  grep -o 'JobState=[A-Z_]*' <<<"$record" | cut -d= -f2
}

waited=0
while :; do
  array_states=$(job_states "$array_job")
  merge_state=$(job_states "$merge_job")
  if grep -qvE '^(PENDING|CONFIGURING|RUNNING|COMPLETING|COMPLETED)$' <<<"$array_states"; then
    fail "a shard of job $array_job did not succeed: $(tr '\n' ' ' <<<"$array_states")"
  fi
  case $merge_state in
    COMPLETED) break ;;
    PENDING | CONFIGURING | RUNNING | COMPLETING) ;;
    *) fail "merge job $merge_job ended $merge_state" ;;
  esac
  ((waited++ < JOB_TIMEOUT_S)) || fail "the jobs did not finish within ${JOB_TIMEOUT_S}s"
  sleep 1
done
[ "$(grep -c '^COMPLETED$' <<<"$array_states")" -eq "$SHARDS" ] ||
  fail "job $array_job should have $SHARDS completed tasks: $(tr '\n' ' ' <<<"$array_states")"
echo "slurm_test: $SHARDS shards and the merge took $((SECONDS - started))s on the cluster"

for ((k = 0; k < SHARDS; k++)); do
  [ -s "$scratch/sharded/shard-$k/state.safetensors" ] ||
    fail "shard $k wrote no state.safetensors"
done
python3 "$here/compare_results.py" "$scratch/single" "$scratch/sharded"
