#!/usr/bin/env bash
# Full-size hostile inputs against the release binary (tests/hostile.rs runs scaled-down
# versions in CI). Prints, per case, the exit code, the summary line and the peak RSS.
# Usage: scripts/hostile.sh [WORKDIR]   (needs ~1.5 GB of free disk)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/scour
work=${1:-$(mktemp -d)}
mkdir -p "$work"
echo "workdir: $work"

python3 - "$work" <<'PY'
import sys, os
w = sys.argv[1]
sentence = "Ein sehr langer Satz ohne Zeilenende, der immer weitergeht. "
with open(os.path.join(w, "long-line.txt"), "w") as f:          # one line of ~300 MB
    for _ in range(50):
        f.write(sentence * 100_000)
with open(os.path.join(w, "empty-lines.jsonl"), "w") as f:      # 10 million empty lines
    f.write("\n" * 10_000_000)
    f.write('{"text": "am Ende"}\n')
with open(os.path.join(w, "huge-line.jsonl"), "w") as f:        # one 100 MB JSONL line, then a small one
    f.write('{"text": "' + "x" * 100_000_000 + '"}\n{"text": "klein"}\n')
with open(os.path.join(w, "array.json"), "w") as f:             # a JSON array of 1 million documents (~80 MB)
    f.write("[\n")
    f.write(",\n".join('{"id": %d, "text": "Dokument Nummer %d, im Array."}' % (i, i) for i in range(1_000_000)))
    f.write("\n]\n")
PY

run() {
  local name=$1; shift
  local rc=0
  /usr/bin/time -f "peak RSS %M KB, %e s" "$bin" clean "$@" -o "$work/$name.out.jsonl" 2>"$work/$name.err" || rc=$?
  echo "== $name: exit $rc"
  cat "$work/$name.err"
}
run long-line --max-doc-bytes 400000000 "$work/long-line.txt"
run long-line-lines --lines --max-doc-bytes 400000000 "$work/long-line.txt"
run empty-lines "$work/empty-lines.jsonl"
run huge-line-default-limit "$work/huge-line.jsonl"
run huge-line-raised-limit --max-doc-bytes 200000000 "$work/huge-line.jsonl"
# Rejected over a small limit, then run again from the rejects file (its bytes read back by
# offset, length and checksum) with a raised one.
run huge-line-rejected --max-doc-bytes 1000000 --rejects "$work/huge.rejects.jsonl" "$work/huge-line.jsonl"
run huge-line-rerun --max-doc-bytes 200000000 --rejects-in "$work/huge.rejects.jsonl"
run json-array "$work/array.json"
