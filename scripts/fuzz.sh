#!/usr/bin/env bash
# Run one fuzz target for SECONDS, one process on one core, then print its executions and
# the crashes it saved.
#   scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]
# Targets: pipeline json_line decode repair normalize structure tags (fuzz/fuzz_targets/).
# The corpus grows in fuzz/corpus/TARGET, crashes land in fuzz/artifacts/TARGET (neither is
# committed); the full libFuzzer log is fuzz/artifacts/TARGET/fuzz.log.
# A crash does not end the run (libFuzzer's fork mode with -ignore_crashes): every crash of
# the time budget is saved. Keep each as a regression test (tests/fuzz_regressions.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
usage="usage: scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]"
target=${1:?$usage}
seconds=${2:?$usage}
shift 2

bash scripts/fuzz-build.sh "$target"

host=$(rustc -vV | sed -n 's/^host: //p')
binary=fuzz/target/$host/release/$target
corpus=fuzz/corpus/$target
artifacts=fuzz/artifacts/$target
mkdir -p "$corpus" "$artifacts"
# Seed an empty corpus from the golden fixtures' inputs: JSONL lines for json_line, whole
# files for the other targets.
if [ -z "$(ls -A "$corpus")" ]; then
  n=0
  while IFS= read -r -d '' file; do
    if [ "$target" = json_line ]; then
      while IFS= read -r line; do
        n=$((n + 1)); printf '%s' "$line" > "$corpus/seed-$n"
      done < "$file"
    elif [[ $file != *.jsonl ]]; then
      n=$((n + 1)); cp "$file" "$corpus/seed-$n"
    fi
  done < <(find fixtures -type f ! -name 'expected*' ! -name '*.md' -print0 | sort -z)
fi
log=$artifacts/fuzz.log
before=$(find "$artifacts" -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' | wc -l)

# 64 KiB inputs reach every stage's long-text paths; an input that takes over 20 s or 2 GiB
# is a finding too.
set +e
"$binary" "$corpus" \
  -artifact_prefix="$artifacts/" \
  -max_len=65536 -timeout=20 -rss_limit_mb=2048 \
  -max_total_time="$seconds" \
  -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
  -print_final_stats=1 "$@" 2>&1 | tee "$log" | grep -E '^(INFO: exiting|==[0-9]+== ERROR|.*panicked at)' 
set -e

after=$(find "$artifacts" -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' | wc -l)
executions=$(grep -oE '^#[0-9]+' "$log" | tail -n 1 | tr -d '#')
echo "fuzz: target=$target seconds=$seconds executions=${executions:-0} new_findings=$((after - before)) (in $artifacts)"
