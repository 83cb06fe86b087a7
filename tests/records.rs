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
    assert_eq!(recs[1]["metadata"]["line"], 2);
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
    let got: Vec<(&str, &str)> = recs
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["text"].as_str().unwrap()))
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
