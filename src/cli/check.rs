//! `scour check`: golden fixture cases.
//!
//! A case is a folder holding `expected.jsonl` (the records), optionally
//! `expected-rejects.jsonl` (the rejected documents) and `args` (extra clean options, one
//! argument per line, `#` starts a comment), and its raw inputs: every other file but
//! `README.md`, in name order, shown by file name so expectations hold no machine paths.
//! A folder of inputs without `expected.jsonl` and without subfolders is a new case when it
//! is given, sits directly in a given folder, or stands beside another case: `check`
//! reports it as new (and fails), `--bless` writes its expectation. Cases are found
//! recursively and run in path order; a mismatch prints a unified diff of the records
//! rendered one field per line (text one line per line), so a diff says which field of
//! which record changed.

use super::Status;
use super::args::{CaseArgs, CheckArgs};
use super::paint::Paint;
use anyhow::Context;
use clap::Parser;
use scour::Config;
use scour::io::{Input, InputFormat, ItemReader};
use scour::run::{RunOptions, Silent};
use serde_json::Value;
use std::path::{Path, PathBuf};

const EXPECTED: &str = "expected.jsonl";
const EXPECTED_REJECTS: &str = "expected-rejects.jsonl";
const ARGS: &str = "args";
const NOT_INPUTS: &[&str] = &[EXPECTED, EXPECTED_REJECTS, ARGS, "README.md"];

/// One case found under a given path.
struct Case {
    path: PathBuf,
    /// Its path below the given folder (the given path itself when that is the case).
    name: String,
    /// Whether it has an expectation yet.
    expected: bool,
}

/// A case ready to run: its options were read and validated before any case ran.
struct Prepared {
    case: Case,
    config: Config,
    format: InputFormat,
}

/// What running a case found.
enum Outcome {
    Passed,
    /// The output differs from the expectation: the diff.
    Failed(String),
    /// No expectation yet: the output as a diff against nothing.
    New(String),
    /// The expectation was missing or differed, and was rewritten.
    Blessed,
}

/// Run `scour check`.
pub fn execute(args: &CheckArgs) -> anyhow::Result<Status> {
    super::require_paths(&args.fixtures)?;
    let mut cases: Vec<Case> = Vec::new();
    for root in &args.fixtures {
        for case in find_cases(root)? {
            if !cases.iter().any(|c| c.path == case.path) {
                cases.push(case);
            }
        }
    }
    let shown = || {
        args.fixtures
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if cases.is_empty() {
        anyhow::bail!(
            "{}: no fixture cases (folders with {EXPECTED}, or new ones: folders of inputs)",
            shown()
        );
    }
    if !args.filter.is_empty() {
        cases.retain(|c| args.filter.iter().any(|k| c.name.contains(k.as_str())));
        if cases.is_empty() {
            anyhow::bail!(
                "{}: no fixture case matches -k {}",
                shown(),
                args.filter.join(", -k ")
            );
        }
    }
    // Every case's options are read before any case runs: a bad `args` file is a usage
    // error that names its line, not a failed case among the others.
    let mut prepared = Vec::with_capacity(cases.len());
    for case in cases {
        let (case_args, config) = match read_args(&case.path) {
            Ok(read) => read,
            Err(message) => {
                eprintln!("scour: {message}");
                return Ok(Status::Fatal);
            }
        };
        let format = case_args.clean.input_format();
        prepared.push(Prepared {
            case,
            config,
            format,
        });
    }

    let paint = Paint::new(args.color);
    let (mut passed, mut failed, mut blessed) = (0usize, 0usize, 0usize);
    for Prepared {
        case,
        config,
        format,
    } in &prepared
    {
        let name = &case.name;
        match check_case(case, config, *format, args.bless) {
            Ok(Outcome::Passed) => {
                passed += 1;
                println!("{}     {name}", paint.wrap("32", "ok"));
            }
            Ok(Outcome::Blessed) => {
                blessed += 1;
                println!("{} {name}", paint.wrap("36", "blessed"));
            }
            Ok(Outcome::Failed(diff)) => {
                failed += 1;
                println!(
                    "{} {name}\n{}",
                    paint.wrap("31", "FAILED"),
                    paint.unified_diff(&diff)
                );
            }
            Ok(Outcome::New(output)) => {
                failed += 1;
                println!(
                    "{}    {name}: no {EXPECTED} yet (`scour check --bless` writes it)\n{}",
                    paint.wrap("33", "NEW"),
                    paint.unified_diff(&output)
                );
            }
            Err(e) => {
                failed += 1;
                println!("{} {name}: {e:#}", paint.wrap("31", "FAILED"));
            }
        }
    }
    if args.bless {
        println!("{passed} passed, {blessed} blessed, {failed} failed");
    } else {
        println!("{passed} passed, {failed} failed");
    }
    Ok(if failed > 0 {
        Status::SomeFailed
    } else {
        Status::Ok
    })
}

/// The cases under `root` (or `root` itself), in path order.
fn find_cases(root: &Path) -> anyhow::Result<Vec<Case>> {
    let mut cases = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot walk {}", root.display()))?;
        if !entry.file_type().is_dir() {
            continue;
        }
        let dir = entry.path();
        let expected = dir.join(EXPECTED).is_file();
        if !expected && !is_new_case(dir, root)? {
            continue;
        }
        let name = match dir.strip_prefix(root) {
            Ok(rel) if !rel.as_os_str().is_empty() => rel.display().to_string(),
            _ => dir.display().to_string(),
        };
        cases.push(Case {
            path: dir.to_owned(),
            name,
            expected,
        });
    }
    Ok(cases)
}

/// A folder without `expected.jsonl` is a new case when it holds inputs (files that are
/// not hidden and not a case's other files) and no folder, and is `root` itself, sits
/// directly in `root`, or has a sibling that is a case. (Other folders of inputs, such as
/// the transliteration fixtures with their `expected.json`, are not cases.)
fn is_new_case(dir: &Path, root: &Path) -> anyhow::Result<bool> {
    let cannot = || format!("cannot read {}", dir.display());
    let mut inputs = false;
    for entry in std::fs::read_dir(dir).with_context(cannot)? {
        let entry = entry.with_context(cannot)?;
        let kind = entry.file_type().with_context(cannot)?;
        if kind.is_dir() {
            return Ok(false);
        }
        let name = entry.file_name();
        let name = name.to_string_lossy();
        inputs |= kind.is_file() && !name.starts_with('.') && !NOT_INPUTS.contains(&&*name);
    }
    if !inputs {
        return Ok(false);
    }
    let Some(parent) = dir.parent().filter(|_| dir != root) else {
        return Ok(true);
    };
    if parent == root {
        return Ok(true);
    }
    let siblings =
        std::fs::read_dir(parent).with_context(|| format!("cannot read {}", parent.display()))?;
    Ok(siblings
        .filter_map(Result::ok)
        .any(|s| s.path() != dir && s.path().join(EXPECTED).is_file()))
}

/// Run one case.
fn check_case(
    case: &Case,
    config: &Config,
    format: InputFormat,
    bless: bool,
) -> anyhow::Result<Outcome> {
    let dir = &case.path;
    let mut inputs = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
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
        config,
        &options,
        &mut out,
        Some(&mut rejects),
        &Silent,
    )?;

    let expected_rejects_path = dir.join(EXPECTED_REJECTS);
    let (expected, expected_rejects) = if case.expected {
        (
            std::fs::read(dir.join(EXPECTED))?,
            std::fs::read(&expected_rejects_path).unwrap_or_default(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    if case.expected && expected == out && expected_rejects == rejects {
        return Ok(Outcome::Passed);
    }
    if bless {
        std::fs::write(dir.join(EXPECTED), &out)?;
        if rejects.is_empty() {
            if expected_rejects_path.exists() {
                std::fs::remove_file(&expected_rejects_path)?;
            }
        } else {
            std::fs::write(&expected_rejects_path, &rejects)?;
        }
        return Ok(Outcome::Blessed);
    }
    let mut report = String::new();
    if expected != out {
        report.push_str(&diff(&expected, &out, EXPECTED));
    }
    if expected_rejects != rejects {
        report.push_str(&diff(&expected_rejects, &rejects, EXPECTED_REJECTS));
    }
    Ok(if case.expected {
        Outcome::Failed(report)
    } else {
        Outcome::New(report)
    })
}

/// A case's options from its `args` file, validated; an error names the file and the line
/// of the first argument that cannot stand.
fn read_args(case: &Path) -> Result<(CaseArgs, Config), String> {
    let path = case.join(ARGS);
    let words: Vec<(usize, String)> = match std::fs::read_to_string(&path) {
        Ok(text) => text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.trim()))
            .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
            .map(|(n, l)| (n, l.to_owned()))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let parse = |n: usize| -> Result<(CaseArgs, Config), String> {
        let args = CaseArgs::try_parse_from(words[..n].iter().map(|(_, w)| w))
            .map_err(|e| first_line(&e.to_string()))?;
        let config = args.clean.config()?;
        Ok((args, config))
    };
    parse(words.len()).map_err(|message| {
        // The longest prefix that stands ends just before the argument at fault (an
        // option's missing or bad value points at the option).
        let good = (0..words.len()).rev().find(|&n| parse(n).is_ok());
        let line = words[good.unwrap_or(0)..]
            .first()
            .map_or(0, |(line, _)| *line);
        format!("{}:{line}: {message}", path.display())
    })
}

/// The first line of a clap error, without its `error: `.
fn first_line(error: &str) -> String {
    let line = error.lines().next().unwrap_or_default();
    line.strip_prefix("error: ").unwrap_or(line).to_owned()
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
