//! The named settings of the library (`scour::settings`, what the Python package's keyword
//! arguments go through) against the command line's.

use crate::common::scour;

/// The settings of `scour clean` that do not decide what cleaning does: how files are split
/// into documents, where the output goes, how the run uses the machine.
const RUN_SETTINGS: &[&str] = &[
    "format",
    "output",
    "threads",
    "quiet",
    "max-errors",
    "stats",
    "rejects",
    "rejects-in",
    "input",
    "output-dir",
    "shard",
    "glob",
    "hidden",
    "report",
    "report-samples",
];

/// Every setting `scour config` lists (as `name = value` or `# name is not set`).
fn cli_settings() -> Vec<String> {
    let out = scour().arg("config").output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|line| {
            let name = match line.strip_prefix("# ") {
                Some(rest) => rest.strip_suffix(" is not set")?,
                None => line.split(" = ").next()?,
            };
            Some(name.trim().to_owned())
        })
        .collect()
}

#[test]
fn every_cleaning_flag_is_a_named_setting() {
    let cli = cli_settings();
    let cleaning: Vec<&str> = cli
        .iter()
        .map(String::as_str)
        .filter(|k| !RUN_SETTINGS.contains(k))
        .collect();
    assert_eq!(
        cleaning,
        scour::settings::KEYS,
        "a flag of `scour clean` that changes cleaning must be a key of scour::settings (and so a keyword of the Python package)"
    );
}
