#!/usr/bin/env bash
# Everything scour needs on a fresh machine of this project's kind (Rust toolchain present):
# checks the toolchain and its components, then fetches and builds the release binary.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v cargo >/dev/null || { echo "setup: cargo not found; install Rust (rustup) first" >&2; exit 1; }
for component in rustfmt clippy; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
    rustup component add "$component"
  fi
done
cargo fetch --locked
cargo build --release --locked
echo "setup: built target/release/scour"
