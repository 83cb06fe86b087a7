//! A JSONL line to a document: text, id and title fields, the rest passed through.

use crate::config::InputOptions;
use crate::document::{Document, Origin};
use crate::error::Reject;
use serde_json::{Map, Value};

/// Parse one JSONL line. The text field must be a string; the id may be a string or a
/// number (else the id is `stem:line`); a string `title` becomes the title; every other
/// field is passed through. A `metadata` object's fields are passed through one level up,
/// so that records from other tools keep their shape.
pub fn document(
    line: &[u8],
    origin: Origin,
    stem: &str,
    opts: &InputOptions,
) -> Result<Document, Reject> {
    // JSON from other tools may hold lone UTF-16 surrogates (`\ud83d`), which no Rust string
    // can: those escapes become U+FFFD, counted, and the line is read after all.
    // A line of valid UTF-8 (nearly all) is checked once by the SIMD validator and parsed
    // as a `str`, which spares serde_json its own per-string validation.
    let parsed = match simdutf8::basic::from_utf8(line) {
        Ok(line) => serde_json::from_str::<Value>(line),
        Err(_) => serde_json::from_slice::<Value>(line),
    };
    let (value, lone_surrogates) = match parsed {
        Ok(value) => (value, 0),
        Err(e) => {
            let (fixed, n) = replace_lone_surrogates(line);
            if n == 0 {
                return Err(Reject::Json(e.to_string()));
            }
            let value = serde_json::from_slice(&fixed).map_err(|e| Reject::Json(e.to_string()))?;
            (value, n)
        }
    };
    let Value::Object(mut fields) = value else {
        return Err(Reject::Json("not a JSON object".into()));
    };
    let text = match fields.shift_remove(&opts.text_field) {
        Some(Value::String(text)) => text,
        Some(other) => {
            return Err(Reject::Json(format!(
                "field `{}` is {}, not a string",
                opts.text_field,
                kind(&other)
            )));
        }
        None => return Err(Reject::Json(format!("no field `{}`", opts.text_field))),
    };
    let id = match fields.get(&opts.id_field) {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    if id.is_some() {
        fields.shift_remove(&opts.id_field);
    }
    let id = id.unwrap_or_else(|| format!("{stem}:{}", origin.line.unwrap_or(0)));
    let title = match fields.get("title") {
        Some(Value::String(_)) => match fields.shift_remove("title") {
            Some(Value::String(t)) => Some(t),
            _ => None,
        },
        _ => None,
    };
    let mut passthrough = Map::new();
    for (key, value) in fields {
        match (key.as_str(), value) {
            ("metadata", Value::Object(inner)) => passthrough.extend(inner),
            (_, value) => {
                passthrough.insert(key, value);
            }
        }
    }
    let mut doc = Document::from_text(id, origin, text);
    doc.title = title;
    doc.passthrough = passthrough;
    doc.encoding.replacements = lone_surrogates;
    doc.log("decode", "lone surrogate", lone_surrogates);
    Ok(doc)
}

/// Replace every `\uXXXX` escape of a surrogate that is not half of a high-low pair by
/// `\ufffd`; returns the new line and how many were replaced.
fn replace_lone_surrogates(line: &[u8]) -> (Vec<u8>, usize) {
    let unit = |at: usize| -> Option<u16> {
        let hex = line.get(at..at + 6)?;
        if hex[0] != b'\\' || hex[1] != b'u' {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&hex[2..]).ok()?, 16).ok()
    };
    let mut out = Vec::with_capacity(line.len());
    let mut replaced = 0;
    let mut i = 0;
    while i < line.len() {
        if line[i] != b'\\' {
            out.push(line[i]);
            i += 1;
            continue;
        }
        match unit(i) {
            Some(0xD800..=0xDBFF) if matches!(unit(i + 6), Some(0xDC00..=0xDFFF)) => {
                out.extend_from_slice(&line[i..i + 12]);
                i += 12;
            }
            Some(0xD800..=0xDFFF) => {
                out.extend_from_slice(b"\\ufffd");
                replaced += 1;
                i += 6;
            }
            // Any other escape (`\\`, `\"`, `\u00e4`): copy its first two bytes, so that an
            // escaped backslash is never read as the start of an escape.
            _ => {
                out.extend_from_slice(&line[i..(i + 2).min(line.len())]);
                i += 2;
            }
        }
    }
    (out, replaced)
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Result<Document, Reject> {
        let origin = Origin {
            path: "a.jsonl".into(),
            line: Some(3),
            offset: Some(10),
        };
        document(line.as_bytes(), origin, "a", &InputOptions::default())
    }

    #[test]
    fn fields() {
        let doc = parse(
            r#"{"id": 7, "title": "T", "text": "x", "url": "u", "metadata": {"lang": "de"}}"#,
        )
        .unwrap();
        assert_eq!(
            (doc.id.as_str(), doc.title.as_deref(), doc.text.as_str()),
            ("7", Some("T"), "x")
        );
        assert_eq!(
            serde_json::to_string(&doc.passthrough).unwrap(),
            r#"{"url":"u","lang":"de"}"#
        );
        assert_eq!(parse(r#"{"text": "x"}"#).unwrap().id, "a:3");
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        let doc = parse(r#"{"text": "a\ud83d b \ud83d\ude00 c\\ud83d \udc00"}"#).unwrap();
        assert_eq!(doc.text, "a\u{FFFD} b 😀 c\\ud83d \u{FFFD}");
        assert_eq!(doc.encoding.replacements, 2);
        assert_eq!(doc.changes[0].kind, "lone surrogate");
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
}
