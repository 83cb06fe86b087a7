//! A JSONL line to a document: text, id and title fields, the rest passed through.

use crate::config::InputOptions;
use crate::document::{Document, Origin};
use crate::error::Reject;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

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
    let (mut fields, text, lone_surrogates) = match with_text_apart(line, &opts.text_field) {
        Some((fields, text)) => (fields, text.map(Value::String), 0),
        None => {
            let (mut fields, n) = object(line)?;
            let text = fields.shift_remove(&opts.text_field);
            (fields, text, n)
        }
    };
    let text = match text {
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

/// Parse `line` as a JSON object, with serde_json's own rules and messages. Lone
/// surrogates are replaced (see [`document`]); returns the fields and how many there were.
fn object(line: &[u8]) -> Result<(Map<String, Value>, usize), Reject> {
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
    match value {
        Value::Object(fields) => Ok((fields, lone_surrogates)),
        _ => Err(Reject::Json("not a JSON object".into())),
    }
}

/// The common line, parsed faster: an object whose text field is a string, read as
/// [`object`] would read it, but with the text field taken out as a `String`. `None` for
/// anything else (a control character anywhere in the line, a lone surrogate, a text
/// field that is not a string, malformed JSON), which [`object`] then reads.
///
/// The text is most of a line. serde_json scans a string for its end eight bytes at a time
/// (it must find control characters too); asked for bytes, it scans with memchr for `"`
/// and `\\` only, decodes the escapes, and leaves the bytes unchecked. A line without a byte
/// below 0x20 has no control character in a string, and a decoded text that is valid UTF-8
/// had neither invalid bytes nor a lone surrogate: on such lines the two readings are the
/// same string. (The other strings, keys and values, serde_json checks as always, and
/// outside strings JSON is ASCII: the line needs no check of its own.)
fn with_text_apart(line: &[u8], text_field: &str) -> Option<Apart> {
    if has_control(line) {
        return None;
    }
    let mut de = serde_json::Deserializer::from_slice(line);
    let parsed = TextApart { text_field }.deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(parsed)
}

/// Whether some byte is below 0x20. (OR-ing bytes, not bools, is what vectorizes.)
#[multiversion::multiversion(targets("x86_64+avx2"))]
fn has_control(bytes: &[u8]) -> bool {
    bytes.iter().fold(0u8, |any, &b| any | u8::from(b < 0x20)) != 0
}

/// A JSON object's fields but the text field, and the text field's string.
type Apart = (Map<String, Value>, Option<String>);

/// Reads a JSON object into an [`Apart`].
struct TextApart<'f> {
    text_field: &'f str,
}

impl<'de> DeserializeSeed<'de> for TextApart<'_> {
    type Value = Apart;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<Self::Value, D::Error> {
        de.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TextApart<'_> {
    type Value = Apart;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Map::new();
        let mut text = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == self.text_field {
                // A repeated field: the last one counts, as in a `Value`.
                text = Some(map.next_value_seed(TextBytes)?);
            } else {
                fields.insert(key, map.next_value()?);
            }
        }
        Ok((fields, text))
    }
}

/// A JSON string read as bytes (escapes decoded), kept if it is UTF-8.
struct TextBytes;

impl<'de> DeserializeSeed<'de> for TextBytes {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<String, D::Error> {
        de.deserialize_bytes(self)
    }
}

impl<'de> Visitor<'de> for TextBytes {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<String, E> {
        match simdutf8::basic::from_utf8(bytes) {
            Ok(text) => Ok(text.to_owned()),
            Err(_) => Err(E::custom("a lone surrogate")),
        }
    }
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

    /// The fast reading and serde_json's `Value`, as `document` takes them apart.
    fn both(line: &[u8]) -> (Option<Apart>, Option<Value>) {
        let fast = with_text_apart(line, "text");
        let slow = serde_json::from_slice::<Value>(line).ok();
        (fast, slow)
    }

    #[test]
    fn common_lines_are_read_fast() {
        let line = "{\"id\":\"a\",\"text\":\"Zeile „eins“\\nzwei \\\"drei\\\" \\u00e4\\ud83d\\ude00\",\"n\":[1,{}]}";
        let (fast, slow) = both(line.as_bytes());
        let (fields, text) = fast.expect("the fast reading");
        assert_eq!(text.as_deref(), Some("Zeile „eins“\nzwei \"drei\" ä😀"));
        let mut slow = match slow {
            Some(Value::Object(fields)) => fields,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            slow.shift_remove("text"),
            Some(Value::String(text.unwrap()))
        );
        assert_eq!(fields, slow);
        // No text field: read, and the document says so.
        assert_eq!(
            with_text_apart(br#"{"id":1}"#, "text").map(|r| r.1),
            Some(None)
        );
    }

    #[test]
    fn other_lines_are_left_to_serde_json() {
        for line in [
            "{\"text\":\"a\tb\"}",     // a raw control character
            "{\"text\":\"a\"}\r",      // even outside a string
            r#"{"text":"a\ud83d b"}"#, // a lone surrogate
            r#"{"text":"a\udc00"}"#,
            r#"{"text":5}"#,            // not a string
            r#"{"text":[97]}"#,         // bytes as an array
            r#"{"text":"a","text":5}"#, // the last one counts
            r#"["text"]"#,              // not an object
            r#"{"text":"a"} x"#,        // trailing characters
            r#"{"text":"a""#,           // cut off
        ] {
            assert_eq!(with_text_apart(line.as_bytes(), "text"), None, "{line}");
        }
        // Invalid UTF-8 in the text or elsewhere.
        assert_eq!(with_text_apart(b"{\"text\":\"a\xC3\"}", "text"), None);
        assert_eq!(
            with_text_apart(b"{\"u\":\"\xFF\",\"text\":\"a\"}", "text"),
            None
        );
        assert_eq!(
            with_text_apart(b"{\"\xFF\":1,\"text\":\"a\"}", "text"),
            None
        );
        // A repeated text field: the last one counts, as in a `Value`.
        let (_, text) = with_text_apart(br#"{"text":"a","text":"b"}"#, "text").unwrap();
        assert_eq!(text.as_deref(), Some("b"));
        assert_eq!(with_text_apart(br#"{"text":5,"text":"b"}"#, "text"), None);
        assert_eq!(parse(r#"{"text":5,"text":"b"}"#).unwrap().text, "b");
    }

    proptest::proptest! {
        /// Whenever the fast reading takes a line, it reads it as serde_json's `Value` does:
        /// the same fields in the same order and the same text.
        #[test]
        fn the_fast_reading_is_serde_jsons(pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "{", "}", "[", "]", ",", ":", " ", "\"", "\"text\"", "\"text\":\"", "\"id\"",
                "\\", "\\n", "\\\"", "\\u00e4", "\\ud83d", "\\ude00", "\\u0000", "\\/", "\\x",
                "ä", "„", "😀", "\t", "\r", "\u{1}", "\u{7f}", "1", "-2.5e3", "true", "null", "a b",
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
            let (fast, slow) = both(&line);
            if let Some((fields, text)) = fast {
                let Some(Value::Object(mut slow)) = slow else {
                    return Err(proptest::test_runner::TestCaseError::fail("serde_json refused it"));
                };
                let slow_text = slow.shift_remove("text");
                proptest::prop_assert_eq!(text.map(Value::String), slow_text);
                proptest::prop_assert_eq!(fields, slow);
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
}
