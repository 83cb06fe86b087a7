//! The JSONL reading against serde_json, and cases.

use super::*;

/// Read `line` with `opts`, as the third line of `a.jsonl`.
fn parse_with(line: &str, opts: &InputOptions) -> Result<Document, Reject> {
    let origin = Origin {
        path: "a.jsonl".into(),
        line: Some(3),
        offset: Some(10),
    };
    document(line.as_bytes(), origin, "a", opts)
}

/// Read `line` into passthrough fields ([`Layout::Nested`]).
fn parse(line: &str) -> Result<Document, Reject> {
    let opts = InputOptions {
        layout: Layout::Nested,
        ..InputOptions::default()
    };
    parse_with(line, &opts)
}

/// The record of `line` read with `opts`, uncleaned.
fn record(line: &str, opts: &InputOptions) -> Result<String, Reject> {
    let doc = parse_with(line, opts)?;
    let mut out = Vec::new();
    crate::record::write_line(&doc, &mut out);
    Ok(String::from_utf8(out).unwrap())
}

/// The report of a document read from the third line of `a.jsonl`, uncleaned, after `head`.
fn report(head: &str) -> String {
    format!(
        r#"{{"path":"a.jsonl","line":3{head},"encoding":"UTF-8","detected_by":"json","confidence":"certain","replacements":0,"changes":[],"removed":[]}}"#
    )
}

#[test]
fn kept_lines_keep_every_field_in_place() {
    let opts = InputOptions::default();
    // dolma's fields stay at the top level, the id as written; the report goes last into
    // the input's metadata object, whose keys stay in order.
    let line = r#"{"id":123456789012345678901234567890,"source":"s","text":"x","added":"2024-01-01","metadata":{"b":[1, 2.50],"a":null},"z":1e2}"#;
    assert_eq!(
        record(line, &opts).unwrap(),
        format!(
            r#"{{"id":123456789012345678901234567890,"source":"s","text":"x","added":"2024-01-01","metadata":{{"b":[1, 2.50],"a":null,"clean":{}}},"z":1e2}}"#,
            report("")
        ) + "\n"
    );
    // No metadata: a new one at the end; no id: scour's first; an empty metadata object.
    assert_eq!(
        record(r#"{"text":"x"}"#, &opts).unwrap(),
        format!(
            r#"{{"id":"a:3","text":"x","metadata":{{"clean":{}}}}}"#,
            report("")
        ) + "\n"
    );
    assert_eq!(
        record(r#"{"text":"x","metadata":{ }}"#, &opts).unwrap(),
        format!(
            r#"{{"id":"a:3","text":"x","metadata":{{"clean":{}}}}}"#,
            report("")
        ) + "\n"
    );
    // A title given in place; an id that is no string or number stays, scour's id goes to
    // the report.
    assert_eq!(
        record(r#"{"title":"T","id":null,"text":"x"}"#, &opts).unwrap(),
        format!(
            r#"{{"title":"T","id":null,"text":"x","metadata":{{"clean":{}}}}}"#,
            report(r#","id":"a:3""#)
        ) + "\n"
    );
}

#[test]
fn the_report_never_overwrites_an_input_field() {
    let opts = InputOptions::default();
    // metadata is no object, or has a clean of its own: the report goes to `scour`.
    for metadata in ["\"m\"", "[1]", r#"{"clean":false}"#, "null"] {
        let line = format!(r#"{{"id":"i","text":"x","metadata":{metadata}}}"#);
        assert_eq!(
            record(&line, &opts).unwrap(),
            format!(
                r#"{{"id":"i","text":"x","metadata":{metadata},"scour":{{"clean":{}}}}}"#,
                report("")
            ) + "\n"
        );
    }
    // Both taken: a reject, which keeps the line's bytes.
    let err = record(r#"{"text":"x","metadata":1,"scour":{}}"#, &opts).unwrap_err();
    assert!(
        err.to_string()
            .contains("`metadata.clean` and `scour` are both taken"),
        "{err}"
    );
    // A `scour` field beside a metadata object is just a field.
    assert_eq!(
        record(r#"{"id":"i","text":"x","scour":1,"metadata":{}}"#, &opts).unwrap(),
        format!(
            r#"{{"id":"i","text":"x","scour":1,"metadata":{{"clean":{}}}}}"#,
            report("")
        ) + "\n"
    );
}

#[test]
fn nested_paths_name_fields_inside_objects() {
    let opts = InputOptions {
        text_field: "content.body".into(),
        id_field: "meta.doc\\.id".into(),
        title_field: "content.head".into(),
        ..InputOptions::default()
    };
    let line = r#"{"meta":{"doc.id":"d7","n":1},"content":{"head":"H","body":"x","lang":"de"}}"#;
    let doc = parse_with(line, &opts).unwrap();
    assert_eq!(
        (doc.id.as_str(), doc.title.as_deref(), doc.text.as_str()),
        ("d7", Some("H"), "x")
    );
    assert_eq!(
        record(line, &opts).unwrap(),
        format!(
            r#"{{"meta":{{"doc.id":"d7","n":1}},"content":{{"head":"H","body":"x","lang":"de"}},"metadata":{{"clean":{}}}}}"#,
            report("")
        ) + "\n"
    );
    // Nested: the places read are taken out of their objects, the rest passes through.
    let nested = InputOptions {
        layout: Layout::Nested,
        ..opts.clone()
    };
    let doc = parse_with(line, &nested).unwrap();
    assert_eq!(
        passed(&doc),
        [
            ("meta", r#"{"n":1}"#, false),
            ("content", r#"{"lang":"de"}"#, false)
        ]
    );
    // A path that is missing, or goes through no object, has no text.
    for line in [
        r#"{"content":"x"}"#,
        r#"{"content":{"text":"x"}}"#,
        r#"{"body":"x"}"#,
    ] {
        assert_eq!(
            parse_with(line, &opts).unwrap_err().to_string(),
            "malformed JSONL: no field `content.body`",
            "{line}"
        );
    }
    assert_eq!(
        parse_with(r#"{"content":{"body":1}}"#, &opts)
            .unwrap_err()
            .to_string(),
        "malformed JSONL: field `content.body` is a number, not a string"
    );
    assert_eq!(
        parse_with(r#"{"content":{"body":"x","a":1,"a":2}}"#, &opts)
            .unwrap_err()
            .to_string(),
        "malformed JSONL: duplicate field `content.a`"
    );
    // A name with a dot, at the top level.
    let dotted = InputOptions {
        text_field: "a\\.b".into(),
        ..InputOptions::default()
    };
    let doc = parse_with(r#"{"a.b":"y","a":{"b":"z"}}"#, &dotted).unwrap();
    assert_eq!(doc.text, "y");
}

#[test]
fn a_found_title_goes_to_a_free_title_field_or_the_report() {
    let read = |line: &str, opts: &InputOptions| {
        let mut doc = parse_with(line, opts).unwrap();
        doc.title = Some("Found".into());
        let mut out = Vec::new();
        crate::record::write_line(&doc, &mut out);
        String::from_utf8(out).unwrap()
    };
    let opts = InputOptions::default();
    assert_eq!(
        read(r#"{"id":"i","text":"x","u":1}"#, &opts),
        format!(
            r#"{{"id":"i","text":"x","u":1,"title":"Found","metadata":{{"clean":{}}}}}"#,
            report("")
        ) + "\n"
    );
    // Taken by a value that is no string: kept, and the title goes to the report.
    assert_eq!(
        read(r#"{"id":"i","text":"x","title":7}"#, &opts),
        format!(
            r#"{{"id":"i","text":"x","title":7,"metadata":{{"clean":{}}}}}"#,
            report(r#","title":"Found""#)
        ) + "\n"
    );
    let headline = InputOptions {
        title_field: "headline".into(),
        ..InputOptions::default()
    };
    assert_eq!(
        read(r#"{"id":"i","text":"x","title":"not read"}"#, &headline),
        format!(
            r#"{{"id":"i","text":"x","title":"not read","headline":"Found","metadata":{{"clean":{}}}}}"#,
            report("")
        ) + "\n"
    );
}

/// A document's passthrough fields: name, value as written, whether from `metadata`.
fn passed(doc: &Document) -> Vec<(&str, &str, bool)> {
    doc.passthrough
        .iter()
        .map(|f| (f.name.as_str(), f.value.get(), f.in_metadata))
        .collect()
}

#[test]
fn fields() {
    let doc =
        parse(r#"{"id": 7, "title": "T", "text": "x", "url": "u", "metadata": {"lang": "de"}}"#)
            .unwrap();
    assert_eq!(
        (doc.id.as_str(), doc.title.as_deref(), doc.text.as_str()),
        ("7", Some("T"), "x")
    );
    assert_eq!(
        passed(&doc),
        [("url", r#""u""#, false), ("lang", r#""de""#, true)]
    );
    assert_eq!(parse(r#"{"text": "x"}"#).unwrap().id, "a:3");
    // What passes through keeps its place; an empty or non-object `metadata` passes
    // through as a field of its own.
    let doc = parse(r#"{"a":1,"id":{},"title":2,"text":"x","metadata":{ },"b":3}"#).unwrap();
    assert_eq!(
        passed(&doc),
        [
            ("a", "1", false),
            ("id", "{}", false),
            ("title", "2", false),
            ("metadata", "{ }", false),
            ("b", "3", false)
        ]
    );
    let doc = parse(r#"{"text":"x","metadata":[1]}"#).unwrap();
    assert_eq!(passed(&doc), [("metadata", "[1]", false)]);
}

/// Numbers keep every digit and their notation, as ids and passing through, on the fast
/// reading and the slow one (a tab sends a line there).
#[test]
fn numbers_are_kept_as_written() {
    for sep in [" ", "\t"] {
        let doc = parse(&format!(
            r#"{{"id":{sep}123456789012345678901234567890,"text":"x","n":1e2,"m":{{"f":-0.10,"g":[1E+2, 2]}}}}"#
        ))
        .unwrap();
        assert_eq!(doc.id, "123456789012345678901234567890", "{sep:?}");
        assert_eq!(
            passed(&doc),
            [
                ("n", "1e2", false),
                ("m", r#"{"f":-0.10,"g":[1E+2, 2]}"#, false)
            ],
            "{sep:?}"
        );
        assert_eq!(
            parse(&format!(r#"{{"id":{sep}1e2,"text":"x"}}"#))
                .unwrap()
                .id,
            "1e2"
        );
    }
    // White space other than the space is taken out of a value: no raw line break in a
    // record.
    let doc = parse("{\"text\":\"x\",\"n\":[1,\r\n\t2 ]}").unwrap();
    assert_eq!(passed(&doc), [("n", "[1,2 ]", false)]);
}

/// A name given twice makes the line a reject naming it, at the top level and in
/// `metadata`; deeper down the value passes through as written, both names in it.
#[test]
fn repeated_names_are_rejected() {
    for (line, name) in [
        (r#"{"text":"first","text":"second"}"#, "text"),
        (r#"{"text":5,"text":"b"}"#, "text"),
        (r#"{"id":"a","text":"x","id":"b"}"#, "id"),
        (r#"{"u":1,"text":"x","u":1}"#, "u"),
        ("{\"u\":1,\"text\":\"x\",\t\"u\":2}", "u"),
        (
            r#"{"text":"x","metadata":{"url":"a","url":"b"}}"#,
            "metadata.url",
        ),
        (
            r#"{"text":"x","metadata":{},"metadata":{"a":1}}"#,
            "metadata",
        ),
    ] {
        assert_eq!(
            parse(line).unwrap_err().to_string(),
            format!("malformed JSONL: duplicate field `{name}`"),
            "{line}"
        );
    }
    let many: String = (0..20).map(|i| format!("\"k{i}\":{i},")).collect();
    let line = format!("{{{many}\"text\":\"x\",\"k7\":0}}");
    assert_eq!(
        parse(&line).unwrap_err().to_string(),
        "malformed JSONL: duplicate field `k7`"
    );
    let doc = parse(r#"{"text":"x","v":{"a":1,"a":2}}"#).unwrap();
    assert_eq!(passed(&doc), [("v", r#"{"a":1,"a":2}"#, false)]);
}

#[test]
fn a_crlf_line_end_is_white_space() {
    let doc = parse("{\"text\":\"x\",\"n\":1}\r").unwrap();
    assert_eq!(
        (doc.text.as_str(), passed(&doc)),
        ("x", vec![("n", "1", false)])
    );
}

#[test]
fn lone_surrogates_become_replacement_characters() {
    let doc = parse(r#"{"text": "a\ud83d b \ud83d\ude00 c\\ud83d \udc00"}"#).unwrap();
    assert_eq!(doc.text, "a\u{FFFD} b 😀 c\\ud83d \u{FFFD}");
    assert_eq!(doc.encoding.replacements, 2);
    assert_eq!(doc.changes[0].kind, "lone surrogate");
    // In a field that passes through too.
    let doc = parse(r#"{"text": "a", "u": ["\ud83d"]}"#).unwrap();
    assert_eq!(passed(&doc), [("u", r#"["\ufffd"]"#, false)]);
    assert_eq!(doc.encoding.replacements, 1);
}

/// A line's fields as read, comparable: the text field decoded, every other value as
/// written.
fn view(entries: Entries) -> Vec<(String, String)> {
    entries
        .into_iter()
        .map(|(k, e)| {
            let v = match e {
                Entry::Text(s) => format!("={s}"),
                Entry::Raw(r) if k == "text" => match serde_json::from_str::<String>(r.get()) {
                    Ok(s) => format!("={s}"),
                    Err(_) => r.get().to_owned(),
                },
                Entry::Raw(r) => r.get().to_owned(),
            };
            (k, v)
        })
        .collect()
}

/// The fast reading.
fn fast(line: &[u8]) -> Option<Vec<(String, String)>> {
    with_text_apart(line, &InputOptions::default()).map(view)
}

/// The slow reading, where it takes the line without replacing a surrogate.
fn slow(line: &[u8]) -> Option<Vec<(String, String)>> {
    match object(line) {
        Ok((entries, 0)) => Some(view(entries)),
        _ => None,
    }
}

#[test]
fn common_lines_are_read_fast() {
    let line = "{\"id\":\"a\",\"text\":\"Zeile „eins“\\nzwei \\\"drei\\\" \\u00e4\\ud83d\\ude00\",\"n\":[1,{}],\"title\":\"T\"}";
    let entries = fast(line.as_bytes()).expect("the fast reading");
    assert_eq!(entries[1].1, "=Zeile „eins“\nzwei \"drei\" ä😀");
    assert_eq!(Some(entries), slow(line.as_bytes()));
    let doc = parse(line).unwrap();
    assert_eq!((doc.id.as_str(), doc.title.as_deref()), ("a", Some("T")));
}

#[test]
fn other_lines_are_left_to_serde_json() {
    for line in [
        "{\"text\":\"a\tb\"}",     // a raw control character
        "{\"text\":\"a\"}\r",      // even outside a string
        r#"{"text":"a\ud83d b"}"#, // a lone surrogate
        r#"{"text":"a\udc00"}"#,
        r#"{"u":"a\udc00","text":"a"}"#,
        r#"["text"]"#,       // not an object
        r#"{"text":"a"} x"#, // trailing characters
        r#"{"text":"a""#,    // cut off
    ] {
        assert_eq!(fast(line.as_bytes()), None, "{line}");
    }
    // Invalid UTF-8 in the text or elsewhere.
    assert_eq!(fast(b"{\"text\":\"a\xC3\"}"), None);
    assert_eq!(fast(b"{\"u\":\"\xFF\",\"text\":\"a\"}"), None);
    assert_eq!(fast(b"{\"\xFF\":1,\"text\":\"a\"}"), None);
}

#[test]
fn values_nest_as_deep_as_serde_json_lets_them() {
    for depth in [125, 126, 127, 128, 129] {
        let line = format!(
            "{{\"text\":\"a\",\"n\":{}{}}}",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let serde = serde_json::from_str::<Value>(&line).is_ok();
        assert_eq!(fast(line.as_bytes()).is_some(), serde, "{depth}");
        assert_eq!(parse(&line).is_ok(), serde, "{depth}");
    }
    let deep = format!(
        "{{\"text\":\"a\",\"x\":{}{}}}",
        "[".repeat(200_000),
        "]".repeat(200_000)
    );
    assert!(
        parse(&deep)
            .unwrap_err()
            .to_string()
            .contains("recursion limit exceeded")
    );
}

proptest::proptest! {
    /// Whenever the fast reading takes a line, the slow one reads it the same: the same
    /// fields in the same order, the text decoded the same, every other value as written.
    #[test]
    fn the_fast_reading_is_the_slow_one(pieces in proptest::collection::vec(
        proptest::sample::select(vec![
            "{", "}", "[", "]", ",", ":", " ", "\"", "\"text\"", "\"text\":\"", "\"id\":",
            "\"title\":", "\"title\":\"T\",", "\\", "\\n", "\\\"", "\\u00e4", "\\ud83d",
            "\\ude00", "\\u0000", "\\/", "\\x", "ä", "„", "😀", "\t", "\r", "\u{1}", "\u{7f}",
            "1", "-2.5e3", "true", "null", "a b", "\\b", "\\f", "\\r", "\\t", "\\\\",
            "\\u00C4", "\\uD83D\\uDE00", "\\udbff", "\\u12", "\\ud83d\\u0041", "\\uffff",
            "\"id\":\"", " : ", " , ",
        ]),
        0..24,
    ), wrap in proptest::bool::ANY, invalid in proptest::bool::ANY) {
        let mut line = String::new();
        if wrap {
            line.push_str("{\"text\":\"");
        }
        line.extend(pieces);
        if wrap {
            line.push_str("\"}");
        }
        let mut line = line.into_bytes();
        if invalid {
            line.insert(line.len() / 2, 0xC3);
        }
        if let Some(entries) = fast(&line) {
            proptest::prop_assert_eq!(Some(entries), slow(&line));
        }
    }

    /// Strings of every escape, in the text, the title, another field and a key, are
    /// read fast and as serde_json reads them.
    #[test]
    fn strings_are_read_fast_as_serde_json_reads_them(pieces in proptest::collection::vec(
        proptest::sample::select(vec![
            "a", " ", "ä", "„", "😀", "\\n", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\r",
            "\\t", "\\u00e4", "\\u00C4", "\\u0000", "\\u20ac", "\\uffff", "\\ud83d\\ude00",
            "\\uD83D\\uDE00", "\\udbff\\udfff", "\\ud800\\udc00",
        ]),
        0..40,
    )) {
        let s = pieces.concat();
        // And the same without escapes.
        let plain: String = pieces.iter().filter(|p| !p.starts_with('\\')).copied().collect();
        let line = format!(
            "{{\"text\":\"{s}\",\"title\":\"{plain}\",\"u\":\"{s}\",\"v\":\" {plain} \",\"k{s}\":1}}"
        );
        let entries = fast(line.as_bytes());
        proptest::prop_assert!(entries.is_some(), "{}", line);
        proptest::prop_assert_eq!(entries, slow(line.as_bytes()));
        let Value::Object(serde) = serde_json::from_str::<Value>(&line).unwrap() else {
            unreachable!()
        };
        let doc = parse(&line).unwrap();
        proptest::prop_assert_eq!(Some(&Value::String(doc.text)), serde.get("text"));
        let title = doc.title.map(Value::String);
        proptest::prop_assert_eq!(title.as_ref(), serde.get("title"));
    }

    /// On objects of the fields `document` takes apart, with values of every kind,
    /// repeated fields and fields in any order: a line serde_json reads as an object
    /// with a string text and no repeated name gives a document of that text, id and
    /// title, every other field passing through with its value; any other line is a
    /// reject with a reason.
    #[test]
    fn documents_are_serde_jsons_objects(entries in proptest::collection::vec(
        (
            proptest::sample::select(vec!["text", "id", "title", "u", "metadata"]),
            proptest::sample::select(vec![
                r#""a\nb \"c\"""#, "\"ä„😀\"", r#""\ud83d""#, r#""x\u0001""#, "\"\t\"", "\"\"",
                "5", "-2.5e3", "null", "true", "[]", "{}", r#"{"k":"v"}"#,
            ]),
        ),
        0..6,
    )) {
        let fields: Vec<String> = entries.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
        let line = format!("{{{}}}", fields.join(","));
        if let Some(fast) = fast(line.as_bytes()) {
            proptest::prop_assert_eq!(Some(fast), slow(line.as_bytes()));
        }
        let mut names: Vec<&str> = entries.iter().map(|(k, _)| *k).collect();
        names.sort_unstable();
        let repeated = names.windows(2).any(|w| w[0] == w[1]);
        let serde = serde_json::from_str::<Value>(&line);
        let doc = parse(&line);
        match (&serde, repeated) {
            (Ok(Value::Object(o)), false) if o.get("text").is_some_and(Value::is_string) => {
                let doc = doc.unwrap();
                proptest::prop_assert_eq!(Some(&Value::String(doc.text.clone())), o.get("text"));
                for f in &doc.passthrough {
                    let value: Value = serde_json::from_str(f.value.get()).unwrap();
                    let expected = if f.in_metadata { &o["metadata"][&f.name] } else { &o[&f.name] };
                    proptest::prop_assert_eq!(&value, expected);
                }
            }
            // A lone surrogate serde_json refuses is replaced, counted.
            _ if line.contains(r"\ud83d") && doc.is_ok() => {
                proptest::prop_assert!(doc.unwrap().encoding.replacements > 0);
            }
            _ => proptest::prop_assert!(matches!(doc, Err(Reject::Json(_))), "{}", line),
        }
    }
}

#[test]
fn malformed() {
    assert!(matches!(parse("{\"text\": "), Err(Reject::Json(_))));
    assert!(matches!(parse("[1]"), Err(Reject::Json(_))));
    assert_eq!(
        parse(r#"{"text": 5}"#).unwrap_err().to_string(),
        "malformed JSONL: field `text` is a number, not a string"
    );
}
