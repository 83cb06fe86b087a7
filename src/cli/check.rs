//! `scour check`: golden fixture cases.
//!
//! A case is a folder holding `expected.jsonl` (the records), optionally
//! `expected-rejects.jsonl` (the rejected documents) and `args` (extra clean options, one
//! argument per line, `#` starts a comment), and its raw inputs: every other file but
//! `README.md`, in name order, shown by file name so expectations hold no machine paths.
//! Cases are found recursively and run in path order; a mismatch prints a unified diff of
//! the records rendered one field per line (text one line per line), so a diff says which
//! field of which record changed.

use super::Status;
use super::args::{CaseArgs, CheckArgs};
use anyhow::Context;
use clap::Parser;
use scour::io::{Input, ItemReader};
use scour::run::{RunOptions, Silent};
use serde_json::Value;
use std::path::{Path, PathBuf};

const EXPECTED: &str = "expected.jsonl";
const EXPECTED_REJECTS: &str = "expected-rejects.jsonl";
const ARGS: &str = "args";
const NOT_INPUTS: &[&str] = &[EXPECTED, EXPECTED_REJECTS, ARGS, "README.md"];

/// Run `scour check`.
pub fn execute(args: &CheckArgs) -> anyhow::Result<Status> {
    let cases = find_cases(&args.fixtures)?;
    if cases.is_empty() {
        anyhow::bail!(
            "{}: no fixture cases (folders with {EXPECTED})",
            args.fixtures.display()
        );
    }
    let (mut passed, mut failed) = (0, 0);
    for case in &cases {
        let name = case
            .strip_prefix(&args.fixtures)
            .unwrap_or(case)
            .display()
            .to_string();
        match check_case(case, args.bless) {
            Ok(None) => {
                passed += 1;
                println!("ok     {name}");
            }
            Ok(Some(diff)) => {
                failed += 1;
                println!("FAILED {name}\n{diff}");
            }
            Err(e) => {
                failed += 1;
                println!("FAILED {name}: {e:#}");
            }
        }
    }
    if args.bless {
        println!("blessed {} cases", cases.len());
    }
    println!("{passed} passed, {failed} failed");
    Ok(if failed > 0 {
        Status::SomeFailed
    } else {
        Status::Ok
    })
}

fn find_cases(root: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut cases = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot walk {}", root.display()))?;
        if entry.file_type().is_dir() && entry.path().join(EXPECTED).is_file() {
            cases.push(entry.into_path());
        }
    }
    Ok(cases)
}

/// Run one case; `Ok(None)` when it matches (or was blessed), `Ok(Some(diff))` otherwise.
fn check_case(case: &Path, bless: bool) -> anyhow::Result<Option<String>> {
    let case_args = read_args(case)?;
    let config = case_args.clean.config().map_err(anyhow::Error::msg)?;
    let format = case_args.clean.input_format();
    let mut inputs = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(case)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_file() && !NOT_INPUTS.contains(&name.as_str()) {
            inputs.push(Ok(Input::file(name, entry.path(), format)));
        }
    }
    let reader = ItemReader::new(inputs, config.input.clone());
    let (mut out, mut rejects) = (Vec::new(), Vec::new());
    let options = RunOptions {
        threads: 1,
        ..RunOptions::default()
    };
    scour::run::clean_items(
        reader,
        &config,
        &options,
        &mut out,
        Some(&mut rejects),
        &Silent,
    )?;

    let expected_rejects_path = case.join(EXPECTED_REJECTS);
    if bless {
        std::fs::write(case.join(EXPECTED), &out)?;
        if rejects.is_empty() {
            if expected_rejects_path.exists() {
                std::fs::remove_file(&expected_rejects_path)?;
            }
        } else {
            std::fs::write(&expected_rejects_path, &rejects)?;
        }
        return Ok(None);
    }
    let expected = std::fs::read(case.join(EXPECTED))?;
    let expected_rejects = std::fs::read(&expected_rejects_path).unwrap_or_default();
    let mut report = String::new();
    if expected != out {
        report.push_str(&diff(&expected, &out, EXPECTED));
    }
    if expected_rejects != rejects {
        report.push_str(&diff(&expected_rejects, &rejects, EXPECTED_REJECTS));
    }
    Ok((!report.is_empty()).then_some(report))
}

fn read_args(case: &Path) -> anyhow::Result<CaseArgs> {
    let path = case.join(ARGS);
    let words: Vec<String> = match std::fs::read_to_string(&path) {
        Ok(text) => text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    CaseArgs::try_parse_from(words)
        .with_context(|| format!("{}: invalid arguments", path.display()))
}

/// A unified diff of two JSONL texts, each record rendered one field per line.
pub fn diff(expected: &[u8], actual: &[u8], name: &str) -> String {
    let expected = render_jsonl(expected);
    let actual = render_jsonl(actual);
    similar::TextDiff::from_lines(&expected, &actual)
        .unified_diff()
        .context_radius(3)
        .header(&format!("{name} (expected)"), &format!("{name} (actual)"))
        .to_string()
}

/// Render JSONL for reading: one record after another, one field per line, strings with
/// newlines one line per line.
pub fn render_jsonl(jsonl: &[u8]) -> String {
    let mut out = String::new();
    for (i, line) in String::from_utf8_lossy(jsonl).lines().enumerate() {
        match serde_json::from_str::<Value>(line) {
            Ok(value) => {
                out.push_str(&format!("record {}\n", i + 1));
                render_value(&value, 1, &mut out);
            }
            Err(_) => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

fn render_value(value: &Value, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match v {
                    Value::Object(inner) if !inner.is_empty() => {
                        out.push_str(&format!("{indent}{key}:\n"));
                        render_value(v, depth + 1, out);
                    }
                    Value::String(s) if s.contains('\n') => {
                        out.push_str(&format!("{indent}{key}:\n"));
                        for line in s.split('\n') {
                            out.push_str(&format!("{indent}  | {line}\n"));
                        }
                    }
                    Value::Array(items) if items.iter().any(Value::is_object) => {
                        out.push_str(&format!("{indent}{key}:\n"));
                        for item in items {
                            out.push_str(&format!("{indent}  - {item}\n"));
                        }
                    }
                    v => out.push_str(&format!("{indent}{key}: {v}\n")),
                }
            }
        }
        v => out.push_str(&format!("{indent}{v}\n")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendering_puts_text_lines_on_lines() {
        let r = render_jsonl(
            br#"{"id":"a","text":"x\ny","metadata":{"path":"p","clean":{"changes":[{"k":1}]}}}"#,
        );
        assert_eq!(
            r,
            "record 1\n  id: \"a\"\n  text:\n    | x\n    | y\n  metadata:\n    path: \"p\"\n    clean:\n      changes:\n        - {\"k\":1}\n"
        );
    }

    #[test]
    fn diff_names_the_changed_field() {
        let d = diff(
            br#"{"id":"a","text":"x"}"#,
            br#"{"id":"a","text":"z"}"#,
            "expected.jsonl",
        );
        assert!(d.contains("-  text: \"x\"\n+  text: \"z\""), "{d}");
    }
}
