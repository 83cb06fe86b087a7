//! Reading the output of an earlier run: records (JSONL lines written by `scour clean`) and
//! reject records (written by `--rejects`), told apart by their shape.
//!
//! scour's report of a document is `metadata.clean`; when the input's `metadata` was not
//! an object, scour's own keys stand in a top-level `scour` object instead, so `scour.clean`
//! is read then. `path`, `line`, `site` and `section` are read beside `clean`. The text
//! (for lengths) is the top-level `text` and `title`, when they are strings.

use super::{ChangeSeen, Observation};
use serde_json::{Map, Value};

/// What one line of an earlier run's output is.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    /// A record.
    Record(Box<Observation<'static>>),
    /// A reject record (from `--rejects`).
    Reject {
        /// The input path.
        path: String,
        /// The line, for line-oriented input.
        line: Option<u64>,
        /// The reject's kind.
        kind: String,
        /// Its reason.
        reason: String,
    },
}

/// Read one line of an earlier run's output; the error says what is wrong with it.
pub fn parse_line(bytes: &[u8]) -> Result<Line, String> {
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| format!("not a JSON line: {e}"))?;
    let Value::Object(top) = value else {
        return Err("not a JSON object".into());
    };
    let str_of = |map: &Map<String, Value>, key: &str| {
        map.get(key).and_then(Value::as_str).map(str::to_owned)
    };
    let scour = ["metadata", "scour"]
        .iter()
        .filter_map(|key| top.get(*key).and_then(Value::as_object))
        .find(|m| m.get("clean").is_some_and(Value::is_object));
    let Some(scour) = scour else {
        // A reject record: path, kind, reason and no record keys.
        if let (Some(path), Some(kind), Some(reason)) = (
            str_of(&top, "path"),
            str_of(&top, "kind"),
            str_of(&top, "reason"),
        ) {
            return Ok(Line::Reject {
                path,
                line: top.get("line").and_then(Value::as_u64),
                kind,
                reason,
            });
        }
        return Err(
            "neither a record of scour clean (no metadata.clean or scour.clean) nor a reject record"
                .into(),
        );
    };
    let clean = scour.get("clean").and_then(Value::as_object);
    let clean = clean.ok_or("no clean report")?;
    let field = |key: &str| str_of(clean, key).unwrap_or_default();
    let bytes = |key: &str| top.get(key).and_then(Value::as_str).map(|s| s.len() as u64);
    let bytes_after = match (bytes("title"), bytes("text")) {
        (None, None) => None,
        (title, text) => Some(title.unwrap_or(0) + text.unwrap_or(0)),
    };
    let list = |key: &str| {
        clean
            .get(key)
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
    };
    let changes = list("changes")
        .iter()
        .filter_map(Value::as_object)
        .map(|c| ChangeSeen {
            stage: str_of(c, "stage").unwrap_or_default().into(),
            kind: str_of(c, "kind").unwrap_or_default().into(),
            count: c.get("count").and_then(Value::as_u64).unwrap_or(1),
        })
        .collect();
    let removed = list("removed")
        .iter()
        .filter_map(Value::as_object)
        .map(|r| {
            (
                str_of(r, "kind").unwrap_or_default().into(),
                str_of(r, "text").unwrap_or_default().into(),
            )
        })
        .collect();
    let id = match top.get("id") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    Ok(Line::Record(Box::new(Observation {
        id: id.into(),
        path: str_of(scour, "path").unwrap_or_default().into(),
        line: scour.get("line").and_then(Value::as_u64),
        encoding: field("encoding").into(),
        detected_by: field("detected_by").into(),
        confidence: field("confidence").into(),
        site: str_of(scour, "site").map(Into::into),
        section: str_of(scour, "section").map(Into::into),
        changes,
        removed,
        flagged: list("boilerplate").len() as u64,
        bytes_before: None,
        bytes_after,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_read_from_metadata_or_scour() {
        let line = br#"{"id":"a","title":"T\u00e4","text":"xyz","metadata":{"path":"in.jsonl","line":3,"site":"toi","section":"sport","clean":{"encoding":"windows-1252","detected_by":"guess","confidence":"high","replacements":0,"changes":[{"stage":"normalize","kind":"line ends","count":2}],"removed":[{"kind":"site_tag","text":"toi-sport"}]}}}"#;
        let Line::Record(seen) = parse_line(line).unwrap() else {
            panic!("a record")
        };
        assert_eq!(seen.place(), "in.jsonl:3");
        assert_eq!(
            (seen.encoding.as_ref(), seen.detected_by.as_ref()),
            ("windows-1252", "guess")
        );
        assert_eq!(
            (seen.site.as_deref(), seen.section.as_deref()),
            (Some("toi"), Some("sport"))
        );
        assert_eq!(seen.changes[0].count, 2);
        assert_eq!(seen.removed, [("site_tag".into(), "toi-sport".into())]);
        assert_eq!((seen.bytes_before, seen.bytes_after), (None, Some(6)));

        let moved = br#"{"id":7,"text":"x","metadata":"kept","scour":{"path":"p","clean":{"encoding":"UTF-8","detected_by":"json","confidence":"certain","changes":[],"removed":[]}}}"#;
        let Line::Record(seen) = parse_line(moved).unwrap() else {
            panic!("a record")
        };
        assert_eq!((seen.id.as_ref(), seen.path.as_ref()), ("7", "p"));
    }

    #[test]
    fn rejects_and_strangers_are_told_apart() {
        let reject =
            br#"{"path":"a.txt","kind":"binary","reason":"binary data: NUL bytes","input":"text"}"#;
        assert_eq!(
            parse_line(reject).unwrap(),
            Line::Reject {
                path: "a.txt".into(),
                line: None,
                kind: "binary".into(),
                reason: "binary data: NUL bytes".into()
            }
        );
        for bad in [
            &b"{\"text\":\"x\"}"[..],
            b"[1]",
            b"{",
            b"{\"metadata\":{\"clean\":1}}",
        ] {
            assert!(parse_line(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
