#!/usr/bin/env bash
# The public encoding table: scour, chardet and charset-normalizer on the same files, in one
# run. Usage: scripts/encoding-public.sh PUBLIC_DIR [--readme]
# PUBLIC_DIR holds char-dataset/ and uchardet/test/ (BENCHMARKS.md says how to get them).
# The detectors' venv is made once, under target/encoding-venv, with pinned versions.
set -euo pipefail
dir=${1:?usage: scripts/encoding-public.sh PUBLIC_DIR [--readme]}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
venv=${CARGO_TARGET_DIR:-$root/target}/encoding-venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet chardet==7.7.0 charset-normalizer==3.5.3
fi
answers=$(mktemp)
trap 'rm -f "$answers"' EXIT
"$venv/bin/python" "$root/scripts/encoding-public.py" "$dir" >"$answers"
versions=$("$venv/bin/python" -c 'import chardet, charset_normalizer as c; print(f"chardet {chardet.__version__}|charset-normalizer {c.__version__}")')
cd "$root"
cargo run --quiet --release --example encoding_eval -- --public "$dir" --others "$answers" --versions "$versions" "$@"
