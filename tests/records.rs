//! Nothing lost on the way in: every value of a JSONL line reaches the record or the
//! rejects, written as the input wrote it (README "Output format", issue 20).

use crate::common::{records, scour};
use proptest::prelude::*;
use scour::io::json_document;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// Run `scour clean` on `input` given on stdin; (stdout, rejects, exit code).
fn clean(input: &str) -> (String, Vec<serde_json::Value>, Option<i32>) {
    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("rejects.jsonl");
    let out = scour()
        .args(["clean", "-q", "--format", "jsonl", "--rejects"])
        .arg(&rejects)
        .write_stdin(input)
        .output()
        .unwrap();
    let rejected = records(&std::fs::read(&rejects).unwrap_or_default());
    (
        String::from_utf8(out.stdout).unwrap(),
        rejected,
        out.status.code(),
    )
}

#[test]
fn colliding_passthrough_names_keep_both_values() {
    let (out, rejected, code) = clean(concat!(
        r#"{"metadata":{"url":"m"},"url":"top","text":"a"}"#,
        "\n",
        r#"{"input_path":"ip","path":"q","text":"b"}"#,
        "\n"
    ));
    assert_eq!((code, rejected.len()), (Some(0), 0));
    let recs = records(out.as_bytes());
    // The input's metadata keeps its name; the top-level field moves aside.
    assert_eq!(recs[0]["metadata"]["url"], "m");
    assert_eq!(recs[0]["metadata"]["input_url"], "top");
    // `path` is scour's: the input's `path` goes past the input's own `input_path`.
    assert_eq!(recs[1]["metadata"]["path"], "-");
    assert_eq!(recs[1]["metadata"]["input_path"], "ip");
    assert_eq!(recs[1]["metadata"]["input_input_path"], "q");
}

#[test]
fn a_name_given_twice_rejects_the_line_with_its_bytes() {
    let line = r#"{"text":"first","text":"second"}"#;
    let (out, rejected, code) = clean(&format!("{line}\n{{\"text\":\"ok\"}}\n"));
    assert_eq!(code, Some(1));
    assert_eq!(records(out.as_bytes()).len(), 1);
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0]["kind"], "json");
    assert_eq!(
        rejected[0]["reason"],
        "malformed JSONL: duplicate field `text`"
    );
    assert_eq!(rejected[0]["raw"], line);
}

#[test]
fn numbers_are_written_as_the_input_wrote_them() {
    let (out, _, code) = clean(concat!(
        r#"{"id":123456789012345678901234567890,"text":"a","n":1e2,"m":{"x":[-0.10,1E+400]}}"#,
        "\n",
        r#"{"id":1e2,"text":"b"}"#,
        "\n"
    ));
    assert_eq!(code, Some(0));
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with(r#"{"id":"123456789012345678901234567890","text":"a","#),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains(r#""n":1e2,"m":{"x":[-0.10,1E+400]},"clean""#),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with(r#"{"id":"1e2","#), "{}", lines[1]);
}

/// A record's top-level string fields and its metadata, values as written.
#[derive(serde::Deserialize)]
struct Written {
    id: String,
    title: Option<String>,
    text: String,
    metadata: BTreeMap<String, Box<RawValue>>,
}

/// Where a field named `name` may stand in a record's metadata: its name, or its name
/// behind one or more `input_`.
fn found(metadata: &BTreeMap<String, Box<RawValue>>, name: &str, value: &str) -> bool {
    let mut key = name.to_owned();
    for _ in 0..8 {
        if metadata.get(&key).is_some_and(|v| v.get() == value) {
            return true;
        }
        key.insert_str(0, "input_");
    }
    false
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "text",
            "id",
            "title",
            "metadata",
            "path",
            "line",
            "clean",
            "site",
            "site_tag",
            "section",
            "url",
            "input_path",
            "input_url",
            "input_input_path",
            "input_clean",
        ])
        .prop_map(String::from),
        "[a-z_]{1,4}",
    ]
}

fn value() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        r#""s""#,
        r#""ä\u00e4\n""#,
        "123456789012345678901234567890",
        "1e2",
        "-0.10",
        "null",
        "true",
        "[1,{\"a\":1,\"a\":2}]",
        "{}",
        r#"{"k":"v"}"#,
    ])
    .prop_map(String::from)
}

proptest! {
    /// Over arbitrary key sets, at the top level and in a `metadata` object: the line is
    /// rejected with a reason naming a name given twice, or every input value is found in
    /// the record (the text, id and title in their places, every other value in
    /// `metadata` under its name or its name behind `input_`, each under a name of its
    /// own).
    #[test]
    fn every_input_value_reaches_the_record_or_the_rejects(
        top in prop::collection::vec((key(), value()), 0..7),
        nested in prop::option::of(prop::collection::vec((key(), value()), 0..5)),
        text in prop::option::of(prop::sample::select(vec![r#""t""#, r#""a\"b""#, "5"])),
    ) {
        let mut fields: Vec<(String, String)> = top;
        if let Some(text) = text {
            fields.insert(fields.len() / 2, ("text".into(), text.into()));
        }
        if let Some(nested) = &nested {
            let inner: Vec<String> = nested.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
            fields.push(("metadata".into(), format!("{{{}}}", inner.join(","))));
        }
        let line = format!(
            "{{{}}}",
            fields.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect::<Vec<_>>().join(",")
        );
        let origin = scour::Origin { path: "in.jsonl".into(), line: Some(1), offset: Some(0) };
        let doc = match json_document(line.as_bytes(), origin, "in", &Default::default()) {
            Ok(doc) => doc,
            Err(reject) => {
                // Rejected with a reason: a name given twice, or a text that is missing or
                // not a string.
                let reason = reject.to_string();
                let twice = |list: &[(String, String)], prefix: &str| {
                    list.iter().enumerate().any(|(i, (k, _))| {
                        list[..i].iter().any(|(j, _)| j == k)
                            && reason.ends_with(&format!("duplicate field `{prefix}{k}`"))
                    })
                };
                let text_ok = fields.iter().any(|(k, v)| k == "text" && v.starts_with('"'));
                prop_assert!(
                    twice(&fields, "")
                        || nested.as_ref().is_some_and(|n| twice(n, "metadata."))
                        || !text_ok && reason.contains("`text`"),
                    "{} -> {}", line, reason
                );
                return Ok(());
            }
        };
        let mut out = Vec::new();
        scour::record::write_line(&doc, &mut out);
        let written: Written = serde_json::from_slice(&out).unwrap();
        let passthrough = written.metadata.len() - 3; // path, line and clean are scour's
        let mut expected = 0;
        for (k, v) in &fields {
            let ok = match k.as_str() {
                "text" => serde_json::from_str::<String>(v).ok() == Some(written.text.clone()),
                "id" if v.starts_with('"') => serde_json::from_str::<String>(v).ok() == Some(written.id.clone()),
                "id" if v.starts_with(['-', '1']) => *v == written.id,
                "title" if v.starts_with('"') => serde_json::from_str::<String>(v).ok() == written.title,
                "metadata" if v != "{}" && v.starts_with('{') => {
                    let inner: BTreeMap<String, Box<RawValue>> = serde_json::from_str(v).unwrap();
                    expected += inner.len();
                    inner.iter().all(|(k, v)| found(&written.metadata, k, v.get()))
                }
                _ => {
                    expected += 1;
                    found(&written.metadata, k, v)
                }
            };
            prop_assert!(ok, "{}: {} lost in {}", line, k, String::from_utf8_lossy(&out));
        }
        // Each value under a name of its own: none merged into another.
        prop_assert_eq!(passthrough, expected, "{}", String::from_utf8_lossy(&out));
    }
}
