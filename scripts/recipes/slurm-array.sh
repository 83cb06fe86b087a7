#!/usr/bin/env bash
# scour as a Slurm job array: task I of N runs batch shard I/N.
#
#   sbatch --array=0-63 --export=ALL,SCOUR=/abs/scour,IN='/data/in/**/*.jsonl.zst',OUT=/data/out slurm-array.sh
#
# Not run here (no Slurm on this machine); the body is plain bash, so ci-recipes.sh runs it
# with SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT set by hand. Resubmitting the same array
# reruns only the shards without `OUT/_completions/I`.
#SBATCH --job-name=scour
#SBATCH --cpus-per-task=8
#SBATCH --mem=8G
#SBATCH --time=04:00:00
#SBATCH --output=scour-%A_%a.log
set -euo pipefail
: "${SCOUR:?absolute path of the scour binary}" "${IN:?input glob}" "${OUT:?output folder}"
: "${SLURM_ARRAY_TASK_ID:?run under sbatch --array}" "${SLURM_ARRAY_TASK_COUNT:?run under sbatch --array}"

status=0
"$SCOUR" clean --quiet --threads "${SLURM_CPUS_PER_TASK:-0}" --input "$IN" --output-dir "$OUT" \
  --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" || status=$?
# 1: some documents were rejected (see OUT/_rejects/); the shard is complete. 2: fatal.
[ "$status" -le 1 ]
