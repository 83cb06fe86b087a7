#!/usr/bin/env bash
# The share of the structure and translit stages in `scour clean --threads 1` on seed-like
# documents, from callgrind instruction counts (deterministic, unlike wall time on a shared
# machine). Issue 5's bar: structure + restoration ≤ 10% of the pipeline.
#
#   bash scripts/structure-share.sh            # builds the release binary first
#   SCOUR=path/to/scour bash scripts/structure-share.sh
#
# Two inputs, COPIES [2000] JSONL records each (and one record of each), written to OUT [target/structure-share]:
#   seed      the seed specimen (fixtures/translit/de_seed_075d2f900ea0f093) as it is:
#             title, blank line, transliterated cut heading, body;
#   heading   the same without its title and blank line: the transliterated heading is the
#             only title, so structure's case 3 and the translit stage restore it.
# The pipeline's cost is that of COPIES − 1 documents: the instructions of the whole run less
# those of a run on one copy (start-up, and one-time costs such as compiling the regexes);
# each stage's cost likewise, from the inclusive costs of `scour::structure::stage` and
# `scour::translit::stage`.
set -euo pipefail
cd "$(dirname "$0")/.."

COPIES=${COPIES:-2000}
OUT=${OUT:-target/structure-share}
SEED=fixtures/translit/de_seed_075d2f900ea0f093/input.txt
if [[ -z ${SCOUR:-} ]]; then
  cargo build --release --quiet
  SCOUR=target/release/scour
fi
command -v valgrind >/dev/null || { echo "valgrind is needed" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is needed" >&2; exit 2; }
mkdir -p "$OUT"

# One JSONL record per copy, the text as the seed file holds it.
jq -Rsc '{text: .}' "$SEED" >"$OUT/seed.one"
jq -Rsc '{text: (split("\n\n") | .[1:] | join("\n\n"))}' "$SEED" >"$OUT/heading.one"
for kind in seed heading; do
  cp "$OUT/$kind.one" "$OUT/$kind-1.jsonl"
  for ((i = 0; i < COPIES; i++)); do cat "$OUT/$kind.one"; done >"$OUT/$kind-n.jsonl"
done

# Total instructions of a run, and the inclusive cost of each stage function.
profile() {
  valgrind --tool=callgrind --callgrind-out-file="$OUT/$1.cg" \
    "$SCOUR" clean --threads 1 --quiet "$OUT/$1.jsonl" -o /dev/null 2>/dev/null
  callgrind_annotate --inclusive=yes --threshold=100 "$OUT/$1.cg" 2>/dev/null >"$OUT/$1.txt"
}
total() { awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }' "$OUT/$1.txt"; }
stage() {
  awk -v f="scour::$2::stage " '
    index($0, f) { gsub(",", "", $1); print $1; found = 1; exit }
    END { if (!found) print 0 }' "$OUT/$1.txt"
}

printf '%-8s %14s %14s %14s %8s\n' input "pipeline Ir" "structure Ir" "translit Ir" share
for kind in seed heading; do
  profile "$kind-1"
  profile "$kind-n"
  whole=$(($(total "$kind-n") - $(total "$kind-1")))
  s=$(($(stage "$kind-n" structure) - $(stage "$kind-1" structure)))
  t=$(($(stage "$kind-n" translit) - $(stage "$kind-1" translit)))
  share=$(awk -v a="$s" -v b="$t" -v w="$whole" 'BEGIN { printf "%.1f%%", 100 * (a + b) / w }')
  printf '%-8s %14d %14d %14d %8s\n' "$kind" "$whole" "$s" "$t" "$share"
done
