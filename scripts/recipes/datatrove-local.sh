#!/usr/bin/env bash
# Runs the datatrove recipe (the in-process step of the scour package) with a local
# executor when datatrove, orjson (which its JsonlReader needs) and scour are importable,
# and checks every cleaned document's text and title against one scour process over the
# same files. scripts/python-test.sh makes such a venv.
#
#   PYTHON=target/python-venv/bin/python SCOUR=target/release/scour bash scripts/recipes/datatrove-local.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
recipes=$root/scripts/recipes
python=${PYTHON:-python3}
case $python in */*) python=$(cd "$(dirname "$python")" && pwd)/$(basename "$python") ;; esac
scour=${SCOUR:-$root/target/release/scour}
scour=$(cd "$(dirname "$scour")" && pwd)/$(basename "$scour")
if ! "$python" -c 'import datatrove, orjson, scour.datatrove' 2>/dev/null; then
  echo "datatrove-local: datatrove/orjson/scour not installed for $python; skipped" >&2
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
python3 "$recipes/make_corpus.py" corpus "${DOCS:-600}" 12
# One flat folder of the corpus's JSONL files (datatrove's reader takes a folder).
mkdir in
find corpus -name '*.jsonl*' | sort | while read -r f; do cp "$f" "in/$(echo "$f" | tr / _)"; done
"$scour" clean --quiet in > single.jsonl 2>/dev/null || [ $? -eq 1 ]
start=$(date +%s)
"$python" "$recipes/datatrove_step.py" in out 2 > datatrove.log 2>&1 || { tail -30 datatrove.log >&2; exit 1; }
echo "datatrove-local: 2 tasks took $(( $(date +%s) - start )) s" >&2
python3 - <<'PY'
import glob, gzip, json, sys
single = {r["id"]: r for r in map(json.loads, open("single.jsonl", encoding="utf-8"))}
n = 0
for f in sorted(glob.glob("out/*.jsonl.gz")):
    for line in gzip.open(f, "rt", encoding="utf-8"):
        d = json.loads(line); n += 1
        s = single[d["id"]]
        title = d["metadata"]["scour"].get("title")
        text = f"{title}\n\n{s['text']}" if title and s["text"] else title or s["text"]
        if d["text"] != text or title != s.get("title"):
            sys.exit(f"datatrove-local: MISMATCH for {d['id']}")
if n != len(single):
    sys.exit(f"datatrove-local: MISMATCH: {n} documents from datatrove, {len(single)} from one process")
print(f"datatrove-local: {n} documents, text and title the same as one process", file=sys.stderr)
PY
