//! The integration tests, as modules of one test binary (as ripgrep's `tests/tests.rs`), so
//! that `cargo test` builds and links them once. A new area is a new file here and one line
//! below; `cargo test --test tests AREA` runs one area.

mod common;
mod eval;

mod batch;
mod boilerplate_corpus;
mod check;
mod cli;
mod cli_detect;
mod cli_help;
mod cli_inputs;
mod cli_messages;
mod cli_repair;
mod decode_eval;
mod docs;
mod filter;
mod ftfy;
mod fuzz_regressions;
mod golden;
mod hostile;
#[cfg(feature = "parquet")]
mod parquet;
mod properties;
mod records;
mod repair_inline;
mod repair_props;
mod report;
mod schemas;
mod seed;
mod settings;
mod titles;
mod translit_cli;
mod translit_corpus;
mod warc;
