#!/usr/bin/env bash
# The Python package (python/): build it from source into a venv under target/ (not
# committed), with the real packages it integrates with, and run its pytest suite. The
# suite runs the CLI (target/release/scour, built here) on the golden fixtures and on
# documents of the gen_corpus example, and compares records. Costs a release build of the
# extension, of the CLI and of gen_corpus, and the download of maturin, pytest, datatrove,
# datasets and ftfy (see README, "Python").
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
venv=$root/target/python-venv
python=${PYTHON:-python3}

if [[ ! -x $venv/bin/python ]]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
# The versions the suite was written against (datatrove's PipelineStep and Document,
# orjson for its JSONL reader, datasets' map, ftfy for the benchmark); maturin builds the
# extension.
"$venv/bin/python" -m pip install --quiet \
    'maturin>=1.9.4,<2' 'pytest>=8,<10' 'datatrove>=0.6,<1' 'datasets>=3,<6' 'ftfy>=6.3,<7' 'orjson>=3,<4'
# The extension's Rust: formatted, and clippy-clean (its own workspace and lock file).
export CARGO_TARGET_DIR=$root/target/python
cargo fmt --manifest-path python/Cargo.toml -- --check
cargo clippy --quiet --manifest-path python/Cargo.toml --locked --all-targets -- -D warnings
# `pip install ./python` builds a release wheel from source (with python/Cargo.lock as it
# is); the extension's target folder sits under target/ so that a second run builds little.
MATURIN_PEP517_ARGS=--locked "$venv/bin/python" -m pip install --quiet --force-reinstall --no-deps ./python
unset CARGO_TARGET_DIR
cargo build --quiet --release --locked --bin scour --example gen_corpus
# The datatrove recipe (docs/scale-out.md) on the package, against one scour process.
PYTHON=$venv/bin/python SCOUR=$root/target/release/scour bash scripts/recipes/datatrove-local.sh
SCOUR_BIN=$root/target/release/scour GEN_CORPUS=$root/target/release/examples/gen_corpus \
    "$venv/bin/python" -m pytest -q python/tests "$@"
