#!/usr/bin/env bash
# CI for the scale-out recipes: generate a small dirty corpus, clean it once in a single
# process, then with the GNU parallel, Dask and (simulated) Slurm recipes, and require the
# same bytes: every recipe's output folders are identical, and their outputs concatenated in
# input order equal the single process's stdout. Installs GNU parallel (apt) and Dask (a
# venv) when missing. Fails loudly on any difference.
#
#   bash scripts/recipes/ci-recipes.sh            # uses target/release/scour (builds it)
#   SCOUR=target/debug/scour bash scripts/recipes/ci-recipes.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
recipes=$root/scripts/recipes
scour=${SCOUR:-$root/target/release/scour}
[ -x "$scour" ] || (cd "$root" && cargo build --release --locked)
scour=$(cd "$(dirname "$scour")" && pwd)/$(basename "$scour")
docs=${DOCS:-600} shards=${SHARDS:-5}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
python3 "$recipes/make_corpus.py" in "$docs" 12
pattern='in/**/*'
step() { printf 'ci-recipes: %-34s' "$1" >&2; }
took() { echo "$(( $(date +%s%N) / 1000000 - $1 )) ms" >&2; }
now() { echo $(( $(date +%s%N) / 1000000 )); }

# The reference: one process, stdout. Exit 1 = some documents rejected (the corpus has some).
step "single process ($docs docs)"; t=$(now)
"$scour" clean --quiet in > single.jsonl 2> single.err || [ $? -eq 1 ] || { cat single.err >&2; exit 1; }
took "$t"

step "GNU parallel ($shards shards)"; t=$(now)
SCOUR=$scour JOBS=2 bash "$recipes/gnu-parallel.sh" "$pattern" out-parallel "$shards"
took "$t"

step "Slurm array body ($shards tasks)"; t=$(now)
for i in $(seq 0 $((shards - 1))); do
  SCOUR=$scour IN=$pattern OUT=out-slurm SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_COUNT=$shards \
    bash "$recipes/slurm-array.sh"
done
took "$t"

step "Dask venv"; t=$(now)
venv=${DASK_VENV:-$root/target/recipes-venv}
if ! "$venv/bin/python" -c 'import dask.bag' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check dask
fi
took "$t"
step "Dask bag ($shards shards)"; t=$(now)
"$venv/bin/python" "$recipes/dask_bag.py" "$scour" "$pattern" out-dask "$shards" >/dev/null
took "$t"

# Same bytes: the recipes' folders agree file by file (the stats hold timings: left out)...
fail() { echo "ci-recipes: MISMATCH: $*" >&2; exit 1; }
for other in out-slurm out-dask; do
  diff -r -x _stats out-parallel "$other" >/dev/null || fail "out-parallel and $other differ: $(diff -rq -x _stats out-parallel "$other" | head -5)"
done
# ...and their outputs, in input order, are the single process's output.
python3 - out-parallel single.jsonl <<'PY' || fail "sharded outputs differ from the single-process run"
import glob, gzip, json, pathlib, sys
out, single = sys.argv[1], sys.argv[2]
files = []
for stats in glob.glob(f"{out}/_stats/*.json"):
    files += json.load(open(stats))["files"]
files.sort(key=lambda f: pathlib.PurePath(f["input"]).parts)
data = b"".join(
    gzip.open(f["output"]).read() if f["output"].endswith(".gz") else open(f["output"], "rb").read()
    for f in files)
want = open(single, "rb").read()
records = want.count(b"\n")
if data != want:
    sys.exit(f"{len(data)} bytes from the shards, {len(want)} from one process")
print(f"ci-recipes: {records} records from {len(files)} files: byte-identical", file=sys.stderr)
PY
rejects=$(cat out-parallel/_rejects/*.jsonl | wc -l)
[ "$rejects" -gt 0 ] && [ "$(sort out-parallel/_rejects/*.jsonl)" = "$(sort out-dask/_rejects/*.jsonl)" ] \
  || fail "rejects differ or are missing"
echo "ci-recipes: $rejects rejects recorded; all recipes agree" >&2
echo "ci-recipes: 4 passed, 0 failed"
