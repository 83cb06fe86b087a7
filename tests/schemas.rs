//! The JSON Schemas of `schema/` (draft 2020-12) against real outputs: records of every
//! fixture in both layouts, text and WARC inputs, rejects, and the stats of a single run
//! and of a batch shard.

use crate::common::{fixtures, records, scour};
use serde_json::{Value, json};
use std::path::Path;

/// The validator of `schema/NAME.schema.json`, the schema itself checked against its
/// meta-schema first.
pub fn validator(name: &str) -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("schema/{name}.schema.json"));
    let schema: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(
        schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
        "{name}"
    );
    if let Err(e) = jsonschema::meta::validate(&schema) {
        panic!("{name}: not a valid schema: {e}");
    }
    jsonschema::validator_for(&schema).unwrap()
}

/// Panic with every error when `value` does not match.
pub fn check(validator: &jsonschema::Validator, value: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}\n{value}");
}

/// Run `scour clean` on the whole fixtures folder with `args`; its records, rejects and
/// stats.
fn clean_fixtures(args: &[&str]) -> (Vec<Value>, Vec<Value>, Value) {
    let dir = tempfile::tempdir().unwrap();
    let (rejects, stats) = (dir.path().join("r.jsonl"), dir.path().join("s.json"));
    let out = scour()
        .args(["clean", "-q", "--rejects"])
        .arg(&rejects)
        .arg("--stats")
        .arg(&stats)
        .args(args)
        .arg(fixtures())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the fixtures hold rejects");
    (
        records(&out.stdout),
        records(&std::fs::read(rejects).unwrap()),
        serde_json::from_slice(&std::fs::read(stats).unwrap()).unwrap(),
    )
}

#[test]
fn records_rejects_and_stats_match_their_schemas() {
    let (record, reject, stats) = (validator("record"), validator("reject"), validator("stats"));
    // Kept lines' reports found in metadata.clean and in scour.clean.
    let mut kept_in = [0usize; 2];
    // `--explain` adds an example to a repair's change.
    for (layout, explain) in [("keep", false), ("nested", false), ("keep", true)] {
        let mut args = vec!["--layout", layout];
        if explain {
            args.push("--explain");
        }
        let (recs, rejects, summary) = clean_fixtures(&args);
        assert!(recs.len() > 50, "{}", recs.len());
        for r in &recs {
            check(&record, r, layout);
            if layout == "keep" && r["metadata"]["clean"].get("path").is_some() {
                kept_in[0] += 1;
            }
            if r["scour"]["clean"].get("path").is_some() {
                kept_in[1] += 1;
            }
        }
        for r in &rejects {
            check(&reject, r, layout);
        }
        // The fixtures hold every kind of input: JSON, text, WARC (whose records skipped
        // the stats count).
        let kinds: Vec<&str> = rejects
            .iter()
            .map(|r| r["input"].as_str().unwrap())
            .collect();
        for kind in ["text", "jsonl", "warc"] {
            assert!(kinds.contains(&kind), "{layout}: no {kind} reject");
        }
        assert!(summary.get("skipped").is_some());
        check(&stats, &summary, layout);
    }
    assert!(kept_in[0] > 0 && kept_in[1] > 0, "{kept_in:?}");
}

#[test]
fn the_expected_outputs_of_the_fixtures_match_their_schemas() {
    let (record, reject) = (validator("record"), validator("reject"));
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(fixtures()).sort_by_file_name() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy();
        let validator = match name.as_ref() {
            "expected.jsonl" => &record,
            "expected-rejects.jsonl" => &reject,
            _ => continue,
        };
        for r in records(&std::fs::read(entry.path()).unwrap()) {
            check(validator, &r, &entry.path().display().to_string());
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked}");
}

#[test]
fn a_batch_shards_stats_match_their_schema() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("a.jsonl"), "{\"text\":\"eins\"}\n{\"text\":5}\n").unwrap();
    std::fs::copy(
        fixtures().join("pipeline/warc_wet_records/crawl.warc.wet"),
        input.join("b.warc.wet"),
    )
    .unwrap();
    let run = scour()
        .current_dir(&input)
        .args(["clean", "-q", "--input", "*", "--output-dir"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    let stats: Value =
        serde_json::from_slice(&std::fs::read(out.join("_stats/0.json")).unwrap()).unwrap();
    check(&validator("stats"), &stats, "shard");
    for r in records(&std::fs::read(out.join("_rejects/0.jsonl")).unwrap()) {
        check(&validator("reject"), &r, "shard rejects");
    }
}

/// The schemas can fail: what scour never writes does not match.
#[test]
fn the_schemas_refuse_what_scour_never_writes() {
    let record = validator("record");
    let report = json!({"encoding": "UTF-8", "detected_by": "utf8", "confidence": "certain",
                        "replacements": 0, "changes": [], "removed": []});
    let mut kept_report = report.clone();
    kept_report["path"] = json!("a.jsonl");
    let good = [
        json!({"id": "a", "text": "t", "metadata": {"path": "a.txt", "clean": report}}),
        json!({"content": {"body": "t"}, "metadata": {"x": 1, "clean": kept_report}}),
        json!({"text": "t", "metadata": "m", "scour": {"clean": kept_report}}),
    ];
    for r in &good {
        check(&record, r, "good");
    }
    let bad = [
        // No report.
        json!({"id": "a", "text": "t"}),
        // A report without where the document came from, in a kept line.
        json!({"text": "t", "metadata": {"clean": report}, "x": 1}),
        // A confidence scour never writes.
        json!({"id": "a", "text": "t", "metadata": {"path": "p",
               "clean": {"encoding": "UTF-8", "detected_by": "utf8", "confidence": "sure",
                         "replacements": 0, "changes": [], "removed": []}}}),
        // A key of its own in the report.
        json!({"text": "t", "scour": {"clean": {"path": "p", "extra": 1, "encoding": "UTF-8",
               "detected_by": "utf8", "confidence": "low", "replacements": 0, "changes": [],
               "removed": []}}}),
    ];
    for r in &bad {
        assert!(!record.is_valid(r), "{r}");
    }
    let reject = validator("reject");
    assert!(
        !reject.is_valid(&json!({"path": "p", "kind": "gone", "reason": "r", "input": "text"}))
    );
    assert!(!reject.is_valid(
        &json!({"path": "p", "kind": "json", "reason": "r", "input": "jsonl",
                                     "raw": "x", "raw_base64": "eA=="})
    ));
    let stats = validator("stats");
    assert!(!stats.is_valid(&json!({"documents_in": 1})));
}
