//! Conformance with ftfy's own test cases (`tests/data/ftfy-cases/`, Apache-2.0, see its
//! LICENSE and README).
//!
//! # What is compared
//!
//! ftfy's cases give `fixed-encoding`, the result of `ftfy.fix_encoding`, and `fixed`, the
//! result of `ftfy.fix_text`; where `fixed-encoding` is absent, ftfy's own test asserts that
//! `fix_encoding` yields `fixed`. So every case has one expected *encoding* repair:
//! `fixed-encoding` when present, else `fixed`. scour's encoding repair is compared with
//! exactly that, with the options that match what `fix_encoding` does: mojibake, lost bytes,
//! C1 controls — and no HTML entities, ligatures, width or quote changes (those are
//! `fix_text` extras; `10Î&frac14;s` must stay as it is under `fix_encoding`). Both sides
//! are compared after NFC, as the normalize stage runs after repair. The extras are tested
//! in `src/repair.rs`; a separate check below runs `fix_text`-like options against `fixed`
//! and only reports its score, since `fix_text` also does things scour leaves to other
//! stages (control characters, NFC) or does not do.
//!
//! - Every `pass` case of every file except `known-failures.json` must come out as
//!   expected; `negative.json` holds correct text that must come out unchanged.
//! - Each such case damaged once more (its UTF-8 bytes read as Latin-1) must still come out
//!   as expected.
//! - `known-failures.json`: ftfy gets these wrong; we count how many scour gets right
//!   (printed with `--nocapture`) and require that scour's answer is stable. That no fix
//!   of a known failure costs a pass case is what the tests above check.

use scour::config::RepairOptions;
use scour::repair::repair;
use serde::Deserialize;
use std::fmt::Write;

#[derive(Deserialize)]
struct Case {
    label: String,
    original: String,
    fixed: String,
    #[serde(rename = "fixed-encoding")]
    fixed_encoding: Option<String>,
    expect: String,
}

impl Case {
    fn expected(&self) -> &str {
        self.fixed_encoding.as_deref().unwrap_or(&self.fixed)
    }
}

fn load(file: &str) -> Vec<Case> {
    let path = format!(
        "{}/tests/data/ftfy-cases/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The options that do what `ftfy.fix_encoding` does.
fn encoding_only() -> RepairOptions {
    RepairOptions {
        entities: false,
        uncurl_quotes: false,
        fix_width: false,
        ligatures: false,
        explain: false,
    }
}

fn nfc(s: &str) -> String {
    icu_normalizer::ComposingNormalizerBorrowed::new_nfc()
        .normalize(s)
        .into_owned()
}

fn run(text: &str, opts: &RepairOptions) -> String {
    nfc(&repair(text, opts, &mut Vec::new()))
}

/// A readable report of one mismatch: the strings escaped, then an inline character diff.
fn diff(label: &str, input: &str, expected: &str, got: &str) -> String {
    let mut out = format!(
        "--- {label}\n  input:    {input:?}\n  expected: {expected:?}\n  got:      {got:?}\n  diff:     "
    );
    for change in similar::TextDiff::from_chars(expected, got).iter_all_changes() {
        let v = change.value();
        let _ = match change.tag() {
            similar::ChangeTag::Equal => write!(out, "{v}"),
            similar::ChangeTag::Delete => write!(out, "[-{v}-]"),
            similar::ChangeTag::Insert => write!(out, "{{+{v}+}}"),
        };
    }
    out.push('\n');
    out
}

/// UTF-8 bytes read as Latin-1: one more layer of mojibake.
fn damage(s: &str) -> String {
    s.bytes().map(char::from).collect()
}

const PASS_FILES: [&str; 4] = [
    "in-the-wild.json",
    "synthetic.json",
    "language-names.json",
    "negative.json",
];

fn check(mutate: fn(&str) -> String) -> (usize, usize, String) {
    let opts = encoding_only();
    let (mut passed, mut total, mut report) = (0, 0, String::new());
    for file in PASS_FILES {
        for case in load(file).iter().filter(|c| c.expect == "pass") {
            total += 1;
            let input = mutate(&case.original);
            let got = run(&input, &opts);
            let expected = nfc(case.expected());
            if got == expected {
                passed += 1;
            } else {
                report += &diff(&format!("{file}: {}", case.label), &input, &expected, &got);
            }
        }
    }
    (passed, total, report)
}

#[test]
fn pass_cases_are_repaired() {
    let (passed, total, report) = check(str::to_owned);
    eprintln!("ftfy pass cases: {passed}/{total}");
    assert!(report.is_empty(), "{passed}/{total} passed\n{report}");
}

#[test]
fn pass_cases_damaged_again_are_repaired() {
    let (passed, total, report) = check(damage);
    eprintln!("ftfy pass cases, one more layer: {passed}/{total}");
    assert!(report.is_empty(), "{passed}/{total} passed\n{report}");
}

#[test]
fn known_failures_are_counted_and_stable() {
    let opts = encoding_only();
    let cases = load("known-failures.json");
    let mut fixed = 0;
    let mut report = String::new();
    for case in &cases {
        let got = run(&case.original, &opts);
        if got == nfc(case.expected()) {
            fixed += 1;
        }
        // Whatever scour makes of them, it must be its final answer.
        let again = run(&got, &opts);
        if again != got {
            report += &diff(&case.label, &got, &got, &again);
        }
    }
    eprintln!(
        "ftfy known failures fixed by scour: {fixed}/{}",
        cases.len()
    );
    assert!(report.is_empty(), "repairing twice changed:\n{report}");
}

#[test]
fn fix_text_options_score() {
    let opts = RepairOptions {
        uncurl_quotes: true,
        ligatures: true,
        ..RepairOptions::default()
    };
    let mut passed = 0;
    let mut total = 0;
    for file in PASS_FILES {
        for case in load(file).iter().filter(|c| c.expect == "pass") {
            total += 1;
            passed += usize::from(run(&case.original, &opts) == nfc(&case.fixed));
        }
    }
    eprintln!("ftfy fix_text results matched with fix_text-like options: {passed}/{total}");
    assert!(passed > 0);
}
