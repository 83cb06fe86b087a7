#!/usr/bin/env bash
# Time ftfy 6.3.1 (in a throwaway venv) and scour's repair stage on the same generated input
# (benches/input.rs: 4 MiB of German/English prose, clean and with 10% of lines damaged),
# single thread, and print the ratio. Heavy: a release build and two ftfy runs.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet ftfy==6.3.1
cargo run --quiet --release --example repair_bench_input -- "$work"
cargo build --quiet --release --example repair_throughput

printf '%-10s %12s %12s %8s\n' input "scour MB/s" "ftfy MB/s" ratio
for name in clean damaged; do
    file="$work/$name.txt"
    scour=$(target/release/examples/repair_throughput "$file" | awk '{print $2}')
    ftfy=$("$work/venv/bin/python" - "$file" <<'PY'
import sys, time, ftfy
text = open(sys.argv[1], encoding="utf-8").read()
start = time.perf_counter()
ftfy.fix_text(text)
print(f"{len(text.encode('utf-8')) / (time.perf_counter() - start) / 1e6:.2f}")
PY
)
    ratio=$(awk -v a="$scour" -v b="$ftfy" 'BEGIN { printf "%.0f", a / b }')
    printf '%-10s %12s %12s %7sx\n' "$name" "$scour" "$ftfy" "$ratio"
done
