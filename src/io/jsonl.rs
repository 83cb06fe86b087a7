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
    // can: those escapes become U+FFFD, counted, and the line is read after all (by
    // [`object`]; the common line takes the fast path, [`with_text_apart`]).
    let (fields, text, id, title, lone_surrogates) = match with_text_apart(line, opts) {
        Some(apart) => (
            apart.fields,
            apart.text.map(Value::String),
            apart.id,
            apart.title,
            0,
        ),
        None => {
            let (mut fields, n) = object(line)?;
            let text = fields.shift_remove(&opts.text_field);
            let (id, title) = id_and_title(&mut fields, &opts.id_field);
            (fields, text, id, title, n)
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
    let id = id.unwrap_or_else(|| format!("{stem}:{}", origin.line.unwrap_or(0)));
    // Without a `metadata` field the fields pass through as they are.
    if !fields.contains_key("metadata") {
        return Ok(finish(id, origin, text, title, fields, lone_surrogates));
    }
    let mut passthrough = Map::new();
    for (key, value) in fields {
        match (key.as_str(), value) {
            ("metadata", Value::Object(inner)) => passthrough.extend(inner),
            (_, value) => {
                passthrough.insert(key, value);
            }
        }
    }
    Ok(finish(
        id,
        origin,
        text,
        title,
        passthrough,
        lone_surrogates,
    ))
}

/// The document of a parsed line.
fn finish(
    id: String,
    origin: Origin,
    text: String,
    title: Option<String>,
    passthrough: Map<String, Value>,
    lone_surrogates: usize,
) -> Document {
    let mut doc = Document::from_text(id, origin, text);
    doc.title = title;
    doc.passthrough = passthrough;
    doc.encoding.replacements = lone_surrogates;
    doc.log("decode", "lone surrogate", lone_surrogates);
    doc
}

/// Take the id (a string or a number) and the title (a string) out of `fields`; fields of
/// other kinds stay where they are and pass through.
fn id_and_title(
    fields: &mut Map<String, Value>,
    id_field: &str,
) -> (Option<String>, Option<String>) {
    let id = match fields.get(id_field) {
        Some(Value::String(_) | Value::Number(_)) => fields.shift_remove(id_field).and_then(id_of),
        _ => None,
    };
    let title = match fields.get("title") {
        Some(Value::String(_)) => match fields.shift_remove("title") {
            Some(Value::String(t)) => Some(t),
            _ => None,
        },
        _ => None,
    };
    (id, title)
}

/// A string or number id as a string.
fn id_of(value: Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
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
/// [`object`] would read it, with the text, id and title fields taken out as [`id_and_title`]
/// takes them. `None` for anything else (a control character anywhere in the line, invalid
/// UTF-8, a lone surrogate, a text field that is not a string, an id or title that would
/// pass through, malformed JSON), which [`object`] then reads.
///
/// The text is most of a line, and serde_json reads a string eight bytes at a time (it
/// must find control characters too) into a scratch buffer that grows from empty, then
/// hands it over to be copied again. Here the line is checked once, for control characters
/// and as UTF-8; strings are then read by memchr for `"` and `\` only, copied once, and
/// their escapes decoded as serde_json decodes them (any escape it would refuse, or a
/// surrogate that is not half of a pair, leaves the line to [`object`]). Values that are
/// not strings (numbers, arrays, objects, literals) are read by serde_json from where they
/// start. Outside strings JSON is ASCII, and without a control character the only white
/// space is the space.
fn with_text_apart(line: &[u8], opts: &InputOptions) -> Option<Apart> {
    if has_control(line) {
        return None;
    }
    let mut at = Cursor {
        line: simdutf8::basic::from_utf8(line).ok()?,
        at: 0,
    };
    let mut fields = Map::new();
    let (mut text, mut id, mut title) = (None, None, None);
    at.skip_spaces();
    at.expect(b'{')?;
    at.skip_spaces();
    if !at.take_if(b'}') {
        loop {
            at.skip_spaces();
            let key = at.string()?;
            at.skip_spaces();
            at.expect(b':')?;
            at.skip_spaces();
            // A repeated field: the last one counts, as in a `Value`.
            if key == opts.text_field {
                text = Some(at.string()?);
            } else if key == opts.id_field {
                id = Some(at.value()?);
            } else if key == "title" {
                title = Some(at.value()?);
            } else {
                let value = at.value()?;
                fields.insert(key, value);
            }
            at.skip_spaces();
            if !at.take_if(b',') {
                at.expect(b'}')?;
                break;
            }
        }
    }
    at.skip_spaces();
    if at.at != at.line.len() {
        return None;
    }
    // An id or title that would pass through would keep its place among the fields: such
    // lines are left to `object`.
    let id = match id {
        Some(Value::String(_) | Value::Number(_)) => id.and_then(id_of),
        Some(_) => return None,
        None => None,
    };
    let title = match title {
        Some(Value::String(t)) => Some(t),
        Some(_) => return None,
        None => None,
    };
    Some(Apart {
        fields,
        text,
        id,
        title,
    })
}

/// Whether some byte is below 0x20. (OR-ing bytes, not bools, is what vectorizes.)
#[multiversion::multiversion(targets("x86_64+avx2"))]
fn has_control(bytes: &[u8]) -> bool {
    bytes.iter().fold(0u8, |any, &b| any | u8::from(b < 0x20)) != 0
}

/// A JSON object's fields but the text, id and title fields, and those.
#[derive(Debug, PartialEq)]
struct Apart {
    fields: Map<String, Value>,
    text: Option<String>,
    id: Option<String>,
    title: Option<String>,
}

/// Where [`with_text_apart`] stands in a line without control characters.
struct Cursor<'a> {
    line: &'a str,
    at: usize,
}

impl Cursor<'_> {
    fn skip_spaces(&mut self) {
        let bytes = self.line.as_bytes();
        while bytes.get(self.at) == Some(&b' ') {
            self.at += 1;
        }
    }

    /// Step over `byte` if it is next.
    fn take_if(&mut self, byte: u8) -> bool {
        let next = self.line.as_bytes().get(self.at) == Some(&byte);
        self.at += usize::from(next);
        next
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.take_if(byte).then_some(())
    }

    /// A value: a string read here, anything else by serde_json.
    fn value(&mut self) -> Option<Value> {
        if self.line.as_bytes().get(self.at) == Some(&b'"') {
            return self.string().map(Value::String);
        }
        let rest = &self.line[self.at..];
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
        let value = values.next()?.ok()?;
        self.at += values.byte_offset();
        // serde_json refuses nesting deeper than 127 levels below the line's object; on its
        // own, a value may go one level deeper.
        (depth(&value) < 127).then_some(value)
    }

    /// A string, its escapes decoded.
    fn string(&mut self) -> Option<String> {
        self.expect(b'"')?;
        let (line, bytes) = (self.line, self.line.as_bytes());
        let first = self.at + memchr::memchr2(b'"', b'\\', &bytes[self.at..])?;
        if bytes[first] == b'"' {
            let s = line[self.at..first].to_owned();
            self.at = first + 1;
            return Some(s);
        }
        // Room for the rest of the line: a string with escapes is most often the text,
        // which is most of the line.
        let mut out = String::with_capacity(line.len() - self.at);
        let mut next = first;
        loop {
            // `"` and `\` are ASCII: the slices end on character boundaries.
            out.push_str(&line[self.at..next]);
            self.at = next;
            if bytes[next] == b'"' {
                self.at += 1;
                break;
            }
            self.at = unescape(bytes, next, &mut out)?;
            next = self.at + memchr::memchr2(b'"', b'\\', &bytes[self.at..])?;
        }
        if out.capacity() - out.len() > 256 {
            out.shrink_to_fit();
        }
        Some(out)
    }
}

/// Decode the escape at `at` (a backslash) onto `out`, as serde_json does; the index after
/// it, or `None` for an escape serde_json refuses or a surrogate that is not half of a pair.
fn unescape(bytes: &[u8], at: usize, out: &mut String) -> Option<usize> {
    let c = match *bytes.get(at + 1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let unit = hex4(bytes, at + 2)?;
            return match unit {
                0xD800..=0xDBFF => {
                    if bytes.get(at + 6..at + 8)? != b"\\u" {
                        return None;
                    }
                    let low = hex4(bytes, at + 8)?;
                    if !(0xDC00..=0xDFFF).contains(&low) {
                        return None;
                    }
                    out.push(char::from_u32(
                        0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00),
                    )?);
                    Some(at + 12)
                }
                _ => {
                    // `None` for a lone low surrogate.
                    out.push(char::from_u32(unit)?);
                    Some(at + 6)
                }
            };
        }
        _ => return None,
    };
    out.push(c);
    Some(at + 2)
}

/// Four hex digits at `at`.
fn hex4(bytes: &[u8], at: usize) -> Option<u32> {
    bytes
        .get(at..at + 4)?
        .iter()
        .try_fold(0, |n, &b| Some(n * 16 + char::from(b).to_digit(16)?))
}

/// How deep arrays and objects nest in `value` (0 for a scalar).
fn depth(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(fields) => 1 + fields.values().map(depth).max().unwrap_or(0),
        _ => 0,
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

    /// The fast reading.
    fn fast(line: &[u8]) -> Option<Apart> {
        with_text_apart(line, &InputOptions::default())
    }

    /// The reading of serde_json's `Value`, taken apart as `document` takes it (`None` where
    /// it refuses the line or the text is not a string).
    fn slow(line: &[u8]) -> Option<Apart> {
        let Ok(Value::Object(mut fields)) = serde_json::from_slice::<Value>(line) else {
            return None;
        };
        let text = match fields.shift_remove("text") {
            Some(Value::String(text)) => Some(text),
            Some(_) => return None,
            None => None,
        };
        let (id, title) = id_and_title(&mut fields, "id");
        Some(Apart {
            fields,
            text,
            id,
            title,
        })
    }

    #[test]
    fn common_lines_are_read_fast() {
        let line = "{\"id\":\"a\",\"text\":\"Zeile „eins“\\nzwei \\\"drei\\\" \\u00e4\\ud83d\\ude00\",\"n\":[1,{}],\"title\":\"T\"}";
        let apart = fast(line.as_bytes()).expect("the fast reading");
        assert_eq!(
            apart.text.as_deref(),
            Some("Zeile „eins“\nzwei \"drei\" ä😀")
        );
        assert_eq!(
            (apart.id.as_deref(), apart.title.as_deref()),
            (Some("a"), Some("T"))
        );
        assert_eq!(Some(apart), slow(line.as_bytes()));
        // A number id; no text field (the document says so).
        let apart = fast(br#"{"id":-1.5e3,"u":null}"#).expect("the fast reading");
        assert_eq!(
            (apart.id.as_deref(), apart.text.as_deref()),
            (Some("-1500.0"), None)
        );
        assert_eq!(Some(apart), slow(br#"{"id":-1.5e3,"u":null}"#));
    }

    #[test]
    fn other_lines_are_left_to_serde_json() {
        for line in [
            "{\"text\":\"a\tb\"}",     // a raw control character
            "{\"text\":\"a\"}\r",      // even outside a string
            r#"{"text":"a\ud83d b"}"#, // a lone surrogate
            r#"{"text":"a\udc00"}"#,
            r#"{"text":5}"#,                      // not a string
            r#"{"text":[97]}"#,                   // bytes as an array
            r#"{"text":"a","text":5}"#,           // the last one counts
            r#"{"id":{},"text":"a"}"#,            // an id that passes through
            r#"{"id":"x","id":null,"text":"a"}"#, // the last one counts
            r#"{"title":5,"text":"a"}"#,          // a title that passes through
            r#"["text"]"#,                        // not an object
            r#"{"text":"a"} x"#,                  // trailing characters
            r#"{"text":"a""#,                     // cut off
        ] {
            assert_eq!(fast(line.as_bytes()), None, "{line}");
        }
        // Invalid UTF-8 in the text or elsewhere.
        assert_eq!(fast(b"{\"text\":\"a\xC3\"}"), None);
        assert_eq!(fast(b"{\"u\":\"\xFF\",\"text\":\"a\"}"), None);
        assert_eq!(fast(b"{\"\xFF\":1,\"text\":\"a\"}"), None);
        // A repeated field: the last one counts, as in a `Value`.
        let apart = fast(br#"{"text":"a","id":1,"text":"b","id":"c"}"#).unwrap();
        assert_eq!(
            (apart.text.as_deref(), apart.id.as_deref()),
            (Some("b"), Some("c"))
        );
        assert_eq!(parse(r#"{"text":5,"text":"b"}"#).unwrap().text, "b");
        // What passes through keeps its place.
        let doc = parse(r#"{"a":1,"id":{},"title":2,"text":"x","b":3}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&doc.passthrough).unwrap(),
            r#"{"a":1,"id":{},"title":2,"b":3}"#
        );
    }

    #[test]
    fn values_nest_as_deep_as_serde_json_lets_them() {
        for depth in [125, 126, 127, 128, 129] {
            let line = format!(
                "{{\"text\":\"a\",\"n\":{}{}}}",
                "[".repeat(depth),
                "]".repeat(depth)
            );
            assert_eq!(
                fast(line.as_bytes()).is_some(),
                slow(line.as_bytes()).is_some(),
                "{depth}"
            );
        }
        assert!(
            fast(format!("{{\"n\":{}{}}}", "[".repeat(126), "]".repeat(126)).as_bytes()).is_some()
        );
    }

    proptest::proptest! {
        /// Whenever the fast reading takes a line, it reads it as serde_json's `Value` does:
        /// the same fields in the same order, the same text, id and title.
        #[test]
        fn the_fast_reading_is_serde_jsons(pieces in proptest::collection::vec(
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
            if let Some(apart) = fast(&line) {
                proptest::prop_assert_eq!(Some(apart), slow(&line));
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
            let apart = fast(line.as_bytes());
            proptest::prop_assert!(apart.is_some(), "{}", line);
            proptest::prop_assert_eq!(apart, slow(line.as_bytes()));
        }

        /// The same on objects of the fields `document` takes apart, with values of every
        /// kind, repeated fields and fields in any order.
        #[test]
        fn the_fast_reading_is_serde_jsons_on_objects(entries in proptest::collection::vec(
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
            match fast(line.as_bytes()) {
                Some(apart) => proptest::prop_assert_eq!(Some(apart), slow(line.as_bytes())),
                // Left to serde_json: a raw control, a lone surrogate, a text field that is not
                // a string (even one a later one replaces), or a field the fast reading does
                // not take apart.
                None => {
                    let left_alone = line.contains('\t')
                        || line.contains(r"\ud83d")
                        || entries.iter().any(|(k, v)| *k == "text" && !v.starts_with('"'))
                        || slow(line.as_bytes()).is_none_or(|a| {
                            a.fields.contains_key("id") || a.fields.contains_key("title")
                        });
                    proptest::prop_assert!(left_alone, "{}", line);
                }
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
