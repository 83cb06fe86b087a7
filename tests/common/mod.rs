//! Shared helpers for the CLI tests.
#![allow(dead_code)] // each test file uses a different subset of the helpers

use assert_cmd::Command;
use std::path::PathBuf;

/// The `scour` binary under test, with a clean environment of its own.
pub fn scour() -> Command {
    let mut cmd = Command::cargo_bin("scour").expect("the scour binary is built");
    cmd.env_remove("RUST_LOG");
    cmd
}

/// The repository's fixtures folder.
pub fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The seed specimen.
pub fn seed() -> PathBuf {
    fixtures().join("pipeline/seed/000_075d2f900ea0f093.txt")
}

/// Parse JSONL output into values.
pub fn records(stdout: &[u8]) -> Vec<serde_json::Value> {
    std::str::from_utf8(stdout)
        .expect("output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

/// Where a record says where its document came from (`path`, `line`, the site tag):
/// `metadata` in scour's own shape (text inputs, `--layout nested`), the report
/// `metadata.clean` (or `scour.clean`) in the shape of a JSONL line kept.
pub fn origin(record: &serde_json::Value) -> &serde_json::Value {
    let metadata = &record["metadata"];
    if metadata.get("path").is_some() {
        metadata
    } else if metadata["clean"].get("path").is_some() {
        &metadata["clean"]
    } else {
        &record["scour"]["clean"]
    }
}
