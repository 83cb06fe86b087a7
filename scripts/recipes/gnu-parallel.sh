#!/usr/bin/env bash
# scour over GNU parallel: one batch shard per job, on this machine or across hosts.
#
#   SCOUR=/abs/path/scour HOSTS=4/node1,4/node2 bash gnu-parallel.sh 'in/**/*.jsonl.gz' out/ 16
#
# HOSTS is a GNU parallel --sshlogin list (`4/node1` = 4 jobs on node1); without it the jobs
# run here. Across hosts the input and output folders must be on a shared file system at the
# same path, and SCOUR an absolute path valid on every host. Each job runs one shard; a shard
# that fails is simply run again by rerunning this script (completed shards are skipped).
# Exit 0 when every shard has its `_completions/I` file.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: gnu-parallel.sh GLOB OUT_DIR [SHARDS]" >&2; exit 2; }
pattern=$1 out=$2 shards=${3:-8}
scour=${SCOUR:-$(command -v scour)}

if ! command -v parallel >/dev/null; then
  apt-get update -qq && apt-get install -y -qq parallel >/dev/null
fi

ssh=()
if [ -n "${HOSTS:-}" ]; then ssh=(--sshlogin "$HOSTS" --workdir "$PWD"); fi
# -q: pass the glob to scour unexpanded. Exit 1 from scour means some documents were
# rejected (they are in OUT/_rejects/I.jsonl), so parallel's own status is not the verdict:
# the completion files are.
seq 0 $((shards - 1)) | parallel --will-cite --halt never -j "${JOBS:-2}" "${ssh[@]}" -q \
  "$scour" clean --quiet --threads "${THREADS:-1}" --input "$pattern" --output-dir "$out" \
  --shard "{}/$shards" || true

missing=0
for i in $(seq 0 $((shards - 1))); do
  [ -f "$out/_completions/$i" ] || { echo "gnu-parallel: shard $i/$shards did not complete" >&2; missing=1; }
done
exit $missing
