#!/usr/bin/env bash
# Runs the Ray Data recipe (in-process, the scour package) on a local Ray when `ray[data]`
# and scour are importable (not part of the default CI), and checks every cleaned row's
# text and title against one scour process.
#
#   python3 -m venv rv && rv/bin/pip install "ray[data]" ./python
#   PYTHON=rv/bin/python SCOUR=target/release/scour bash scripts/recipes/ray-local.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
recipes=$root/scripts/recipes
python=${PYTHON:-python3}
case $python in */*) python=$(cd "$(dirname "$python")" && pwd)/$(basename "$python") ;; esac
scour=${SCOUR:-$root/target/release/scour}
scour=$(cd "$(dirname "$scour")" && pwd)/$(basename "$scour")
if ! "$python" -c 'import ray.data, scour' 2>/dev/null; then
  echo "ray-local: ray[data]/scour not installed for $python; skipped" >&2
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -n "${KEEP:-}" ] && trap - EXIT && echo "ray-local: work folder $work" >&2
cd "$work"
python3 "$recipes/make_corpus.py" corpus "${DOCS:-600}" 12
# Ray's JSON reader wants well-formed files: the plain JSONL ones without the broken lines.
mkdir in
find corpus -name '*.jsonl' | sort | while read -r f; do grep -v '"broken-' "$f" > "in/$(echo "$f" | tr / _)"; done
"$scour" clean --quiet in > single.jsonl
start=$(date +%s)
RAY_ENABLE_UV_RUN_RUNTIME_ENV=0 "$python" "$recipes/ray_map_batches.py" "$work/in" "$work/out" > ray.log 2>&1 \
  || { tail -30 ray.log >&2; exit 1; }
echo "ray-local: Ray run took $(( $(date +%s) - start )) s" >&2
python3 - <<'PY'
import glob, json, sys
single = {r["id"]: r for r in map(json.loads, open("single.jsonl", encoding="utf-8"))}
n = 0
for f in sorted(glob.glob("out/*.json*")):
    for line in open(f, encoding="utf-8"):
        d = json.loads(line); n += 1
        s = single[d["id"]]
        if d["text"] != s["text"] or d["title"] != s.get("title", ""):
            sys.exit(f"ray-local: MISMATCH for {d['id']}")
if n != len(single):
    sys.exit(f"ray-local: MISMATCH: {n} rows from Ray, {len(single)} from one process")
print(f"ray-local: {n} rows, text and title the same as one process", file=sys.stderr)
PY
