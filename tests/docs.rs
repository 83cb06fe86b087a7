//! The stage list is written once, in `src/pipeline.rs` (`STAGES`); the tables of README.md and
//! ARCHITECTURE.md and the crate docs' list follow it, in its order.

use std::path::Path;

fn read(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(name)).expect(name)
}

/// The stage names in the order they first run (a stage that runs again, as tags and
/// boilerplate do after structure, is described once), then the step that emits the record.
fn stages() -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for stage in scour::pipeline::STAGES {
        if !names.iter().any(|n| n == stage.name) {
            names.push(stage.name.to_owned());
        }
    }
    names.push("emit".to_owned());
    names
}

/// The first cell (or the `column`th) of each row of the Markdown table under `heading`.
fn table_column(doc: &str, heading: &str, column: usize) -> Vec<String> {
    let start = doc
        .find(heading)
        .unwrap_or_else(|| panic!("{heading} not found"));
    doc[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2) // the header and its rule
        .map(|l| {
            let cell = l.split('|').nth(column + 1).unwrap_or("").trim();
            cell.trim_matches('`').to_owned()
        })
        .collect()
}

#[test]
fn readme_stage_table_follows_the_pipeline() {
    assert_eq!(
        table_column(&read("README.md"), "## What each stage changes", 0),
        stages()
    );
}

#[test]
fn architecture_stage_table_follows_the_pipeline() {
    let mut want = stages();
    *want.last_mut().unwrap() = "record".to_owned();
    let got = table_column(&read("ARCHITECTURE.md"), "## The stages", 1);
    assert_eq!(got, want);
}

#[test]
fn crate_docs_list_the_stages_in_order() {
    let lib = read("src/lib.rs");
    let listed: Vec<String> = lib
        .lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("//! ")?;
            let (number, rest) = rest.split_once(". **")?;
            number.parse::<usize>().ok()?;
            Some(rest.split("**").next()?.to_owned())
        })
        .collect();
    assert_eq!(listed, stages());
}
