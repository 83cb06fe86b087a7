#!/usr/bin/env bash
# Peak memory of `scour clean` on a ~1 GB Parquet table: it must stay bounded (a few chunks
# of batches being read, cleaned and written, each batch a row group of at most 1,024 rows
# or ~8 MB), not grow with the file.
# Not run in CI (minutes and a few GB of disk).
#
#   bash scripts/parquet-rss.sh            # ~1 GB of text, the limit 256 MB
#   DOCS=50000 LIMIT_MB=600 bash scripts/parquet-rss.sh
#
# Environment (defaults in brackets):
#   DOCS [330000]   documents (gen_corpus's, about 3.1 KB of text each: ~1 GB; the table
#                   is written without compression, so the file is ~1 GB too)
#   LIMIT_MB [256]  fail when peak RSS exceeds this (measured with row groups of 1,024
#                   rows / 8 MB: 154 MB at 1 GB; with 256 rows / 4 MB it was 104 MB at
#                   1 GB and 96 MB at 150 MB: it does not grow with the table)
#   DIR [target/parquet-rss]  where the corpus, the table and the output go
#   THREADS [0]     scour's --threads
# Prints the table's size, the run's summary line and peak RSS; exit 1 over the limit.
set -euo pipefail
cd "$(dirname "$0")/.."

DOCS=${DOCS:-330000}
LIMIT_MB=${LIMIT_MB:-256}
DIR=${DIR:-target/parquet-rss}
THREADS=${THREADS:-0}
mkdir -p "$DIR"

if [[ ! -x /usr/bin/time ]]; then
  apt-get install -y time >/dev/null
fi
nice cargo build --release --quiet --bin scour --example gen_corpus --example parquet_table
if [[ ! -f $DIR/table-$DOCS.parquet ]]; then
  nice target/release/examples/gen_corpus --seed 1 --docs "$DOCS" --layout jsonl --out "$DIR/corpus"
  nice target/release/examples/parquet_table "$DIR/corpus/corpus.jsonl" "$DIR/table-$DOCS.parquet" uncompressed
  rm -f "$DIR/corpus/corpus.jsonl"
fi
ls -l "$DIR/table-$DOCS.parquet"
/usr/bin/time -f '%M' -o "$DIR/rss" nice target/release/scour clean --threads "$THREADS" \
  "$DIR/table-$DOCS.parquet" -o "$DIR/out.parquet" || [[ $? == 1 ]]
rss_mb=$(( $(cat "$DIR/rss") / 1024 ))
ls -l "$DIR/out.parquet"
echo "peak RSS: $rss_mb MB (limit $LIMIT_MB MB)"
rm -f "$DIR/out.parquet"
if (( rss_mb > LIMIT_MB )); then
  echo "over the limit" >&2
  exit 1
fi
