//! Nothing lost on the way in: every value of a JSONL line reaches the record or the
//! rejects, written as the input wrote it (README "Output format", issue 20).

use crate::common::{origin, records, scour};
use proptest::prelude::*;
use scour::config::{InputOptions, Layout};
use scour::io::json_document;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

/// Run `scour clean` on `input` given on stdin; (stdout, rejects, exit code).
fn clean(input: &str) -> (String, Vec<serde_json::Value>, Option<i32>) {
    clean_with(&[], input)
}

/// Run `scour clean ARGS` on `input` given on stdin; (stdout, rejects, exit code).
fn clean_with(args: &[&str], input: &str) -> (String, Vec<serde_json::Value>, Option<i32>) {
    let dir = tempfile::tempdir().unwrap();
    let rejects = dir.path().join("rejects.jsonl");
    let out = scour()
        .args(["clean", "-q", "--format", "jsonl"])
        .args(args)
        .arg("--rejects")
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
    let (out, rejected, code) = clean_with(
        &["--layout", "nested"],
        concat!(
            r#"{"metadata":{"url":"m"},"url":"top","text":"a"}"#,
            "\n",
            r#"{"input_path":"ip","path":"q","text":"b"}"#,
            "\n"
        ),
    );
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

/// In a line's own shape the same names cannot collide: every field stays where it was,
/// scour's report is in `metadata.clean`.
#[test]
fn kept_lines_have_no_colliding_names() {
    let (out, rejected, code) = clean(concat!(
        r#"{"metadata":{"url":"m","path":"p"},"url":"top","text":"a"}"#,
        "\n",
    ));
    assert_eq!((code, rejected.len()), (Some(0), 0));
    let recs = records(out.as_bytes());
    assert_eq!(recs[0]["url"], "top");
    assert_eq!(recs[0]["metadata"]["url"], "m");
    assert_eq!(recs[0]["metadata"]["path"], "p");
    assert_eq!(recs[0]["metadata"]["clean"]["path"], "-");
    assert_eq!(recs[0]["metadata"]["clean"]["line"], 1);
}

#[test]
fn numbers_are_written_as_the_input_wrote_them() {
    let input = concat!(
        r#"{"id":123456789012345678901234567890,"text":"a","n":1e2,"m":{"x":[-0.10,1E+400]}}"#,
        "\n",
        r#"{"id":1e2,"text":"b"}"#,
        "\n"
    );
    // In the line's own shape, the id too.
    let (out, _, code) = clean(input);
    assert_eq!(code, Some(0));
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with(
            r#"{"id":123456789012345678901234567890,"text":"a","n":1e2,"m":{"x":[-0.10,1E+400]},"metadata":{"clean":{"#
        ),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with(r#"{"id":1e2,"text":"b","#),
        "{}",
        lines[1]
    );
    // In scour's shape the id is a string of the digits as written.
    let (out, _, code) = clean_with(&["--layout", "nested"], input);
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
        let opts = InputOptions { layout: Layout::Nested, ..InputOptions::default() };
        let doc = match json_document(line.as_bytes(), origin, "in", &opts) {
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

/// Run `scour clean ARGS` in `dir`; (stdout, stderr, exit code).
/// (Without `-q`, which silences the reject lines these tests read.)
fn clean_in(dir: &std::path::Path, args: &[&str]) -> (String, String, Option<i32>) {
    let out = scour()
        .current_dir(dir)
        .args(["clean"])
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code(),
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// Documents over the limit (a file, a JSONL line, a line of a `.gz`) and files that
/// cannot be decompressed are rejected with where their bytes are; `--rejects-in` runs
/// them again once the limit is raised, and refuses one whose input changed.
#[test]
fn every_reject_can_be_run_again() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let long = "Wort ".repeat(400);
    std::fs::write(d.join("big.txt"), &long).unwrap();
    std::fs::write(
        d.join("lines.jsonl"),
        format!("{{\"text\":\"kurz\"}}\n{{\"id\":\"lang\",\"text\":\"{long}\"}}\r\n"),
    )
    .unwrap();
    std::fs::write(
        d.join("packed.jsonl.gz"),
        gzip(format!("{{\"text\":\"eins\"}}\n{{\"id\":\"gz\",\"text\":\"{long}\"}}\n").as_bytes()),
    )
    .unwrap();
    let mut truncated = gzip(b"Ein Text, der nie ankommt.\n");
    truncated.truncate(truncated.len() - 12);
    std::fs::write(d.join("cut.txt.gz"), truncated).unwrap();
    std::fs::write(d.join("plain.txt.gz"), "Kein gzip.\n").unwrap();
    let inputs = [
        "big.txt",
        "lines.jsonl",
        "packed.jsonl.gz",
        "cut.txt.gz",
        "plain.txt.gz",
    ];
    let mut args = vec!["--max-doc-bytes", "1000", "--rejects", "rejects.jsonl"];
    args.extend(inputs);
    let (out, _, code) = clean_in(d, &args);
    assert_eq!((code, records(out.as_bytes()).len()), (Some(1), 2));
    let rejected = records(&std::fs::read(d.join("rejects.jsonl")).unwrap());
    let kinds: Vec<(&str, &str)> = rejected
        .iter()
        .map(|r| (r["path"].as_str().unwrap(), r["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("big.txt", "too_large"),
            ("lines.jsonl", "too_large"),
            ("packed.jsonl.gz", "too_large"),
            ("cut.txt.gz", "unreadable"),
            ("plain.txt.gz", "unreadable"),
        ]
    );
    for r in &rejected {
        // No bytes held: where they are instead.
        assert!(
            r.get("raw").is_none() && r.get("raw_base64").is_none(),
            "{r}"
        );
        assert!(
            r["length"].as_u64().is_some() && r["crc32"].as_str().is_some(),
            "{r}"
        );
    }
    assert_eq!(rejected[1]["offset"], 16);
    assert_eq!(rejected[1]["length"], long.len() + 25); // with its `\r\n`

    // Run again with a higher limit: the documents over the limit are cleaned; the files
    // that cannot be decompressed are rejected again, as rerunnable as before.
    let (out, stderr, code) = clean_in(
        d,
        &[
            "--max-doc-bytes",
            "100000",
            "--rejects-in",
            "rejects.jsonl",
            "--rejects",
            "again.jsonl",
        ],
    );
    assert_eq!(code, Some(1), "{stderr}");
    let recs = records(out.as_bytes());
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["big", "lang", "gz"]);
    assert_eq!(origin(&recs[1])["line"], 2);
    assert_eq!(recs[0]["text"], long.trim_end());
    let again = records(&std::fs::read(d.join("again.jsonl")).unwrap());
    assert_eq!(again, rejected[3..]);

    // An input that changed since is refused, saying so.
    std::fs::write(d.join("big.txt"), long.replace("Wort", "Satz")).unwrap();
    let (_, stderr, code) = clean_in(
        d,
        &["--max-doc-bytes", "100000", "--rejects-in", "rejects.jsonl"],
    );
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("big.txt: cannot read: big.txt changed since the document was rejected (checksum mismatch"),
        "{stderr}"
    );
}

/// A reject's raw bytes are the line's, a CRLF line's `\r` included.
#[test]
fn raw_bytes_are_the_lines_exactly() {
    let (_, rejected, _) = clean("{\"text\":5}\r\n{\"text\":\"ok\"}\r\n");
    assert_eq!(rejected[0]["raw"], "{\"text\":5}\r");
    // Also when read back from the input, once a limit no longer stands in the way.
    let dir = tempfile::tempdir().unwrap();
    let line = format!("{{\"text\":5,\"pad\":\"{}\"}}\r", "x".repeat(2000));
    std::fs::write(dir.path().join("a.jsonl"), format!("{line}\n")).unwrap();
    let args = ["a.jsonl", "--max-doc-bytes", "1000", "--rejects", "r.jsonl"];
    assert_eq!(clean_in(dir.path(), &args).2, Some(1));
    let args = ["--rejects-in", "r.jsonl", "--rejects", "again.jsonl"];
    assert_eq!(clean_in(dir.path(), &args).2, Some(1));
    let again = records(&std::fs::read(dir.path().join("again.jsonl")).unwrap());
    assert_eq!(
        (&again[0]["kind"], &again[0]["raw"]),
        (&"json".into(), &line.into())
    );
}

/// A UTF-8 BOM before JSON Lines belongs to no line, in a file and on stdin.
#[test]
fn a_bom_before_json_lines_is_skipped() {
    let input = "\u{FEFF}{\"id\":\"a\",\"text\":\"eins\"}\n{\"id\":\"b\",\"text\":\"zwei\"}\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bom.jsonl"), input).unwrap();
    let (out, stderr, code) = clean_in(dir.path(), &["bom.jsonl"]);
    assert_eq!(code, Some(0), "{stderr}");
    let ids: Vec<String> = records(out.as_bytes())
        .iter()
        .map(|r| r["id"].to_string())
        .collect();
    assert_eq!(ids, ["\"a\"", "\"b\""]);
    let out = scour()
        .args(["clean", "-q"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let recs = records(&out.stdout);
    assert_eq!(
        (recs.len(), &recs[0]["text"]),
        (2, &serde_json::json!("eins"))
    );
    // Offsets count the BOM: a reject's span is where the line is.
    std::fs::write(dir.path().join("bom.jsonl"), "\u{FEFF}{\"text\":5}\n").unwrap();
    let (_, _, code) = clean_in(dir.path(), &["bom.jsonl", "--rejects", "r.jsonl"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        records(&std::fs::read(dir.path().join("r.jsonl")).unwrap())[0]["offset"],
        3
    );
}

/// `.json` files: JSON Lines (Hugging Face's naming), a JSON array of documents, or one
/// JSON text (a text document, as before).
#[test]
fn json_files_are_sniffed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("lines.json"),
        "{\"text\":\"eins\"}\n{\"text\":\"zwei\"}\n",
    )
    .unwrap();
    std::fs::write(
        d.join("array.json"),
        "[\n  {\"id\": 1, \"text\": \"drei\"},\n  {\"text\": \"vier\", \"n\": 1e2}\n]\n",
    )
    .unwrap();
    std::fs::write(
        d.join("big.json.gz"),
        gzip(
            format!(
                "[{{\"text\":\"{}\"}},{{\"text\":\"fünf\"}}]",
                "x".repeat(2000)
            )
            .as_bytes(),
        ),
    )
    .unwrap();
    std::fs::write(d.join("one.json"), "{\n  \"text\": \"ein Objekt\"\n}\n").unwrap();
    let (out, stderr, code) = clean_in(
        d,
        &[
            "lines.json",
            "array.json",
            "big.json.gz",
            "one.json",
            "--max-doc-bytes",
            "1000",
            "--rejects",
            "r.jsonl",
        ],
    );
    assert_eq!(code, Some(1), "{stderr}");
    let recs = records(out.as_bytes());
    // An id as the input wrote it: `1` is a number.
    let got: Vec<(String, &str)> = recs
        .iter()
        .map(|r| {
            let id = r["id"].as_str().map_or(r["id"].to_string(), str::to_owned);
            (id, r["text"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        got,
        [
            ("lines:1", "eins"),
            ("lines:2", "zwei"),
            ("1", "drei"),
            ("array:2", "vier"),
            ("big:2", "fünf"),
            ("one", "{\n  \"text\": \"ein Objekt\"\n}"),
        ]
        .map(|(id, text)| (id.to_owned(), text))
    );
    assert!(out.contains(r#""n":1e2"#));
    // An element over the limit is a reject that can be run again.
    let (out, stderr, code) = clean_in(d, &["--rejects-in", "r.jsonl"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(records(out.as_bytes())[0]["id"], "big:1");
}

#[test]
fn empty_stdin_gives_no_record() {
    for args in [&["clean", "-q"][..], &["clean", "-q", "-"]] {
        let out = scour().args(args).write_stdin("").output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert!(
            out.stdout.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    let out = scour().args(["clean"]).write_stdin("").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 documents in, 0 out"));
}

/// A JSONL input that cannot be read at all is not run again as one text document: the
/// rerun says to give its path.
#[test]
fn an_unreadable_jsonl_input_is_not_rerun_as_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.jsonl.gz"),
        "{\"text\":\"kein gzip\"}\n",
    )
    .unwrap();
    let (_, _, code) = clean_in(dir.path(), &["bad.jsonl.gz", "--rejects", "r.jsonl"]);
    assert_eq!(code, Some(1));
    let rejected = records(&std::fs::read(dir.path().join("r.jsonl")).unwrap());
    assert_eq!(
        (&rejected[0]["input"], &rejected[0]["kind"]),
        (&"jsonl".into(), &"unreadable".into())
    );
    let (out, stderr, code) = clean_in(dir.path(), &["--rejects-in", "r.jsonl"]);
    assert_eq!((code, out.as_str()), (Some(1), ""));
    assert!(stderr.contains("bad.jsonl.gz: cannot read: a whole input of lines that could not be read: give its path"), "{stderr}");
}

/// The fields of the JSON object `json` in order, repeated ones included, values as
/// written.
fn entries(json: &str) -> Vec<(String, String)> {
    struct Fields(Vec<(String, String)>);
    impl<'de> serde::Deserialize<'de> for Fields {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct Visitor;
            impl<'de> serde::de::Visitor<'de> for Visitor {
                type Value = Fields;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<Fields, A::Error> {
                    let mut fields = Vec::new();
                    while let Some(name) = map.next_key::<String>()? {
                        let value = map.next_value::<Box<RawValue>>()?;
                        fields.push((name, value.get().to_owned()));
                    }
                    Ok(Fields(fields))
                }
            }
            d.deserialize_map(Visitor)
        }
    }
    serde_json::from_str::<Fields>(json).unwrap().0
}

proptest! {
    /// Over arbitrary key sets, at the top level and in a `metadata` object, read in the
    /// line's own shape: the line is rejected with a reason (a name given twice at the
    /// top level or in `metadata`, a text missing or no string, no place for the report),
    /// or the record
    /// holds every field of the line in order, names and values exactly as written (the
    /// text and a string title the same strings), with only scour's id before them when the line had none,
    /// and scour's report as the last key of the line's `metadata` object, or in a new
    /// `metadata` or `scour` object after them.
    #[test]
    fn kept_lines_round_trip_exactly(
        top in prop::collection::vec((key(), value()), 0..7),
        nested in prop::option::of(prop::collection::vec((key(), value()), 0..5)),
        text in prop::option::of(prop::sample::select(vec![r#""t""#, r#""a\"b""#, "5"])),
        scour_field in prop::option::of(value()),
    ) {
        let mut fields: Vec<(String, String)> = top;
        if let Some(text) = text {
            fields.insert(fields.len() / 2, ("text".into(), text.into()));
        }
        if let Some(nested) = &nested {
            let inner: Vec<String> = nested.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
            fields.push(("metadata".into(), format!("{{{}}}", inner.join(","))));
        }
        if let Some(v) = scour_field {
            fields.insert(fields.len() / 3, ("scour".into(), v));
        }
        let line = format!(
            "{{{}}}",
            fields.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect::<Vec<_>>().join(",")
        );
        let here = scour::Origin { path: "in.jsonl".into(), line: Some(1), offset: Some(0) };
        let get = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let doc = match json_document(line.as_bytes(), here, "in", &InputOptions::default()) {
            Ok(doc) => doc,
            Err(reject) => {
                let reason = reject.to_string();
                let twice_in = |list: &[(String, String)], prefix: &str| {
                    list.iter().enumerate().any(|(i, (k, _))| {
                        list[..i].iter().any(|(j, _)| j == k)
                            && reason.ends_with(&format!("duplicate field `{prefix}{k}`"))
                    })
                };
                let twice = twice_in(&fields, "")
                    || nested.as_ref().is_some_and(|n| twice_in(n, "metadata."));
                let text_ok = get("text").is_some_and(|v| v.starts_with('"'));
                let metadata_taken = get("metadata")
                    .is_some_and(|m| !m.starts_with('{') || entries(m).iter().any(|(k, _)| k == "clean"));
                prop_assert!(
                    twice
                        || !text_ok && reason.contains("`text`")
                        || metadata_taken && get("scour").is_some() && reason.contains("both taken"),
                    "{} -> {}", line, reason
                );
                return Ok(());
            }
        };
        let mut out = Vec::new();
        scour::record::write_line(&doc, &mut out);
        let record = std::str::from_utf8(&out).unwrap();
        let mut written = entries(record.trim_end());
        // scour's id first, when the line had no `id`.
        if get("id").is_none() {
            let (name, id) = written.remove(0);
            prop_assert_eq!((name.as_str(), id.as_str()), ("id", "\"in:1\""));
        }
        // The report: in the line's metadata object, or in a new object at the end.
        let report_in_metadata = get("metadata")
            .is_some_and(|m| m.starts_with('{') && !entries(m).iter().any(|(k, _)| k == "clean"));
        if !report_in_metadata {
            let (name, report) = written.pop().unwrap();
            let expected = if get("metadata").is_none() { "metadata" } else { "scour" };
            prop_assert_eq!(name.as_str(), expected, "{}", record);
            prop_assert_eq!(entries(&report).len(), 1);
            prop_assert_eq!(&entries(&report)[0].0, "clean");
        }
        prop_assert_eq!(written.len(), fields.len(), "{}", record);
        for ((name, value), (k, v)) in written.iter().zip(&fields) {
            prop_assert_eq!(name, k, "{}", record);
            if k == "text" || k == "title" && v.starts_with('"') {
                // The places scour fills in: the same string.
                let text: String = serde_json::from_str(v).unwrap();
                prop_assert_eq!(serde_json::from_str::<String>(value).unwrap(), text);
            } else if k == "metadata" && report_in_metadata {
                let mut inner = entries(value);
                prop_assert_eq!(inner.pop().map(|(k, _)| k), Some("clean".to_owned()));
                prop_assert_eq!(inner, entries(v), "{}", record);
            } else {
                prop_assert_eq!(value, v, "{}", record);
            }
        }
    }
}

/// `--layout` and `--title-field` are scour.toml keys too; a field path with an empty name,
/// or two field options that overlap, are usage errors that write nothing.
#[test]
fn layout_and_field_options_from_the_command_line_and_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("a.jsonl"),
        "{\"id\":\"x\",\"headline\":\"H\",\"text\":\"t\",\"n\":1}\n",
    )
    .unwrap();
    std::fs::write(
        d.join("scour.toml"),
        "layout = \"nested\"\ntitle-field = \"headline\"\n",
    )
    .unwrap();
    let (out, stderr, code) = clean_in(d, &["-q", "a.jsonl"]);
    assert_eq!(code, Some(0), "{stderr}");
    let rec = &records(out.as_bytes())[0];
    assert_eq!(
        (
            &rec["title"],
            &rec["metadata"]["n"],
            &rec["metadata"]["path"]
        ),
        (&"H".into(), &1.into(), &"a.jsonl".into())
    );
    // The flag wins over the file.
    let (out, _, code) = clean_in(d, &["-q", "--layout", "keep", "a.jsonl"]);
    assert_eq!(code, Some(0));
    assert!(
        out.starts_with(r#"{"id":"x","headline":"H","text":"t","n":1,"metadata":{"clean":"#),
        "{out}"
    );
    for bad in [
        &["--text-field", "a..b"][..],
        &["--id-field", "text"],
        &["--text-field", "content.body", "--title-field", "content"],
    ] {
        let mut args = vec!["-q", "-o", "out.jsonl", "a.jsonl"];
        args.extend(bad);
        let (_, stderr, code) = clean_in(d, &args);
        assert_eq!(code, Some(2), "{bad:?}: {stderr}");
        assert!(!d.join("out.jsonl").exists(), "{bad:?}");
    }
}
