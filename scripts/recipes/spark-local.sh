#!/usr/bin/env bash
# Runs the Spark recipe in local mode when pyspark is importable (not part of the default
# CI: pyspark is large and needs Java). Compares its records with one scour process over
# the same JSONL files, ignoring `metadata.line`/`metadata.path` (per partition under pipe).
#
#   PYTHON=target/spark-venv/bin/python SCOUR=target/release/scour bash scripts/recipes/spark-local.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
recipes=$root/scripts/recipes
python=${PYTHON:-python3}
case $python in */*) python=$(cd "$(dirname "$python")" && pwd)/$(basename "$python") ;; esac
scour=${SCOUR:-$root/target/release/scour}
scour=$(cd "$(dirname "$scour")" && pwd)/$(basename "$scour")
if ! "$python" -c 'import pyspark' 2>/dev/null; then
  echo "spark-local: pyspark is not installed for $python; skipped" >&2
  exit 0
fi
command -v java >/dev/null || { echo "spark-local: no java; skipped" >&2; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
python3 "$recipes/make_corpus.py" in "${DOCS:-600}" 12
find in -name '*.jsonl*' | sort > files
"$scour" clean --quiet $(cat files) > single.jsonl 2>/dev/null || [ $? -eq 1 ]
start=$(date +%s)
"$python" "$recipes/spark_pipe.py" "$scour" "$(paste -sd, files)" out 2> spark.log \
  || { tail -30 spark.log >&2; exit 1; }
echo "spark-local: Spark run took $(( $(date +%s) - start )) s" >&2
cat out/part-* > spark.jsonl
python3 - single.jsonl spark.jsonl <<'PY'
import json, sys
def load(p):
    recs = {}
    for line in open(p, encoding="utf-8"):
        r = json.loads(line)
        r["metadata"].pop("line", None); r["metadata"].pop("path", None)
        recs[r["id"]] = r
    return recs
a, b = load(sys.argv[1]), load(sys.argv[2])
if a != b:
    sys.exit(f"spark-local: MISMATCH: {len(a)} records from one process, {len(b)} from Spark")
print(f"spark-local: {len(b)} records, the same as one process", file=sys.stderr)
PY
