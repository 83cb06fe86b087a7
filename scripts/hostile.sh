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

# ---- issue 20: walks, reject floods, FIFOs, signals, outputs onto devices ----
check() { # NAME EXPECTED-EXIT ACTUAL-EXIT
  if [ "$2" = "$3" ]; then echo "ok: $1 (exit $3)"; else echo "FAIL: $1: exit $3, expected $2"; fi
}

# A tree of 2,100 levels of one-letter folders (a path of 4,200 bytes, over PATH_MAX),
# a file at every level: every file is one document.
deep=$work/deep; rm -rf "$deep"; mkdir -p "$deep"
( cd "$deep"; for i in $(seq 2100); do printf 'Ebene %s.' "$i" > f.txt; mkdir d; cd d; done )
rc=0; "$bin" clean -q "$deep" -o "$work/deep.out.jsonl" || rc=$?
check "deep tree" 0 $rc
echo "   documents: $(wc -l < "$work/deep.out.jsonl") of 2100"

# 100,000 malformed lines: 20 reject lines on stderr, then one line with the rest.
python3 -c 'import sys; sys.stdout.write("not json\n" * 100000)' > "$work/bad.jsonl"
rc=0; "$bin" clean "$work/bad.jsonl" -o "$work/bad.out.jsonl" 2> "$work/bad.err" || rc=$?
check "reject flood" 1 $rc
echo "   stderr lines: $(wc -l < "$work/bad.err") ($(tail -2 "$work/bad.err" | head -1))"
rc=0; "$bin" clean -q "$work/bad.jsonl" -o "$work/bad.out.jsonl" 2> "$work/bad.err" || rc=$?
check "reject flood, -q" 1 $rc
echo "   stderr lines with -q: $(wc -l < "$work/bad.err")"

# A FIFO among 10,000 files of a folder: a reject, and the run ends.
fifo=$work/with-fifo; rm -rf "$fifo"; mkdir -p "$fifo"
python3 - "$fifo" <<'PY'
import sys, os
for i in range(10_000):
    with open(os.path.join(sys.argv[1], f"{i:05}.txt"), "w") as f:
        f.write(f"Text {i}.\n")
PY
mkfifo "$fifo/05000-pipe.txt"
rc=0; timeout 120 "$bin" clean "$fifo" -o "$work/fifo.out.jsonl" 2> "$work/fifo.err" || rc=$?
check "FIFO in a folder" 1 $rc
grep -m1 FIFO "$work/fifo.err" || true

# Signals mid-run: a 1 GB JSONL input, SIGTERM after two seconds: exit 130, no file left.
python3 - "$work/big.jsonl" <<'PY'
import sys
line = '{"text": "Ein Satz, der wieder und wieder kommt, bis das Ende der Datei erreicht ist."}\n'
with open(sys.argv[1], "w") as f:
    for _ in range(100):
        f.write(line * 120_000)
PY
sig=$work/sig; rm -rf "$sig"; mkdir -p "$sig"
"$bin" clean -q "$work/big.jsonl" -o "$sig/out.jsonl" & pid=$!
sleep 2; kill -TERM $pid; rc=0; wait $pid || rc=$?
check "SIGTERM mid-run" 130 $rc
echo "   files left: $(ls -A "$sig" | wc -l)"
# kill -9 leaves a temporary file; the next run writing the same output removes it.
"$bin" clean -q "$work/big.jsonl" -o "$sig/out.jsonl" & pid=$!
sleep 2; kill -KILL $pid; wait $pid || true
echo "   after kill -9: $(ls -A "$sig")"
rc=0; "$bin" clean -q "$work/empty-lines.jsonl" -o "$sig/out.jsonl" || rc=$?
check "rerun after kill -9" 0 $rc
echo "   after the rerun: $(ls -A "$sig")"
# A batch stopped by SIGINT: exit 130, no temporary file, no completion.
bin_in=$work/batch-in; rm -rf "$bin_in" "$work/batch-out"; mkdir -p "$bin_in"
for i in 1 2 3 4; do ln -sf "$work/big.jsonl" "$bin_in/part$i.jsonl"; done
( cd "$bin_in" && exec "$bin" clean -q --input '*.jsonl' --output-dir "$work/batch-out" ) & pid=$!
sleep 3; kill -INT $pid; rc=0; wait $pid || rc=$?
check "batch SIGINT" 130 $rc
echo "   temporary files left: $(find "$work/batch-out" -name '*scour-tmp*' | wc -l)"

# As root, every output onto /dev/null leaves it a character device.
if [ "$(id -u)" = 0 ]; then
  rc=0; "$bin" clean -q "$work/bad.jsonl" -o /dev/null --rejects /dev/null --stats /dev/null || rc=$?
  check "outputs onto /dev/null" 1 $rc
  [ -c /dev/null ] && echo "   /dev/null is still a character device" || echo "FAIL: /dev/null is no longer a device"
fi
