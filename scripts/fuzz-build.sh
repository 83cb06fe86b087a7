#!/usr/bin/env bash
# Build the fuzz targets in fuzz/ (all of them, or the ones named): what CI calls.
# Works on a fresh machine of this project's kind, with stable Rust only: installs cargo-fuzz
# when it is missing, and lets cargo-fuzz's nightly-only compiler flags (-Zsanitizer, the
# coverage instrumentation) through with RUSTC_BOOTSTRAP=1.
#   scripts/fuzz-build.sh [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."

command -v cargo >/dev/null || { echo "fuzz-build: cargo not found; install Rust (rustup) first" >&2; exit 1; }
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi

export RUSTC_BOOTSTRAP=1
# Release code with debug assertions and overflow checks (cargo-fuzz's default), address
# sanitizer included (stable toolchains ship its runtime).
if [ "$#" -eq 0 ]; then
  cargo fuzz build
else
  for target in "$@"; do
    cargo fuzz build "$target"
  done
fi
