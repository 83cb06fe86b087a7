#!/usr/bin/env bash
# The Python package's speed (BENCHMARKS.md, "Python"): in one Python process, on the same
# generated documents, in-process `clean_batch` and `clean_arrow`, a `scour clean`
# subprocess and `ftfy.fix_text`. Uses the venv of scripts/python-test.sh (run that first).
# Heavy: a release build of the CLI and the corpus generator.
#
#   bash scripts/python-bench.sh [DOCS]     # default 20000 documents
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/python-venv
[[ -x $venv/bin/python ]] || { echo "python-bench: run scripts/python-test.sh first (it makes $venv)" >&2; exit 2; }
docs=${1:-20000}
out=target/python-bench
nice cargo build --quiet --release --locked --bin scour --example gen_corpus
rm -rf "$out"
target/release/examples/gen_corpus --seed 1 --docs "$docs" --out "$out" --layout jsonl >/dev/null
nice "$venv/bin/python" python/bench.py "$out/corpus.jsonl" --scour target/release/scour
