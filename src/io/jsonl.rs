//! A JSONL line to a document: text, id and title fields, the rest passed through.
//!
//! Values that pass through are kept as the input wrote them (serde_json's `RawValue`): a
//! 30-digit id or `1e2` comes out with the same characters, and nothing nested is parsed,
//! so nothing nested can be lost. A field named twice at the top level or in `metadata`
//! makes the line a reject: which of the two values is the document depends on the reader,
//! and scour does not guess.

use crate::config::{IdFrom, InputOptions};
use crate::document::{Document, Field, Origin};
use crate::error::Reject;
use serde_json::Value;
use serde_json::value::RawValue;

/// Parse one JSONL line. The text field must be a string; the id may be a string or a
/// number (a number's id is its digits as written; without an id the id is `stem:line`);
/// a string `title` becomes the title; every other field is passed through, its value as
/// written. A `metadata` object's fields are passed through one level up, so that records
/// from other tools keep their shape ([`crate::record`] says what happens to names that
/// collide). A trailing `\r` (a CRLF line end) is white space.
pub fn document(
    line: &[u8],
    origin: Origin,
    stem: &str,
    opts: &InputOptions,
) -> Result<Document, Reject> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    // JSON from other tools may hold lone UTF-16 surrogates (`\ud83d`), which no Rust string
    // can: those escapes become U+FFFD, counted, and the line is read after all (by
    // [`object`]; the common line takes the fast path, [`with_text_apart`]).
    let (entries, lone_surrogates) = match with_text_apart(line, opts) {
        Some(entries) => (entries, 0),
        None => object(line)?,
    };
    let apart = take_apart(entries, opts)?;
    let id = apart
        .id
        .unwrap_or_else(|| format!("{stem}:{}", origin.line.unwrap_or(0)));
    let mut doc = Document::from_text(id, origin, apart.text);
    doc.title = apart.title;
    doc.passthrough = apart.fields;
    doc.encoding.replacements = lone_surrogates;
    doc.log("decode", "lone surrogate", lone_surrogates);
    Ok(doc)
}

/// A field's value as read: the text field's string decoded by the fast reading, any other
/// value as written.
#[derive(Debug)]
enum Entry {
    Text(String),
    Raw(Box<RawValue>),
}

/// A line's fields in input order, repeated ones included.
type Entries = Vec<(String, Entry)>;

/// A JSON object's fields but the text, id and title fields, and those.
#[derive(Debug)]
struct Apart {
    fields: Vec<Field>,
    text: String,
    id: Option<String>,
    title: Option<String>,
}

/// Take the text (a string), the id (a string or a number) and the title (a string) out of
/// `entries` and spread a `metadata` object; fields of other kinds stay where they are and
/// pass through. A name that occurs twice rejects the line.
fn take_apart(entries: Entries, opts: &InputOptions) -> Result<Apart, Reject> {
    if let Some(name) = repeated(entries.iter().map(|(k, _)| k.as_str())) {
        return Err(Reject::Json(format!("duplicate field `{name}`")));
    }
    let mut fields = Vec::with_capacity(entries.len());
    let (mut text, mut id, mut title) = (None, None, None);
    // With ids from the file, the id field is a field like the others.
    let takes_id = opts.id_from == IdFrom::Field;
    for (name, entry) in entries {
        let raw = match entry {
            // Only the text field is read as a string by the fast reading.
            Entry::Text(s) => {
                text = Some(s);
                continue;
            }
            Entry::Raw(raw) => raw,
        };
        let json = raw.get();
        if name == opts.text_field {
            match serde_json::from_str::<Value>(json).map_err(self::json)? {
                Value::String(s) => text = Some(s),
                other => {
                    return Err(Reject::Json(format!(
                        "field `{}` is {}, not a string",
                        opts.text_field,
                        kind(&other)
                    )));
                }
            }
        } else if takes_id && name == opts.id_field && json.starts_with('"') {
            id = Some(serde_json::from_str::<String>(json).map_err(self::json)?);
        } else if takes_id
            && name == opts.id_field
            && json.starts_with(['-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
        {
            // A number's digits as written: no float in between.
            id = Some(json.to_owned());
        } else if name == "title" && json.starts_with('"') {
            title = Some(serde_json::from_str::<String>(json).map_err(self::json)?);
        } else if name == "metadata"
            && json.starts_with('{')
            && let inner = object_fields(json.as_bytes())?
            && !inner.is_empty()
        {
            if let Some(inner) = repeated(inner.iter().map(|(k, _)| k.as_str())) {
                return Err(Reject::Json(format!("duplicate field `metadata.{inner}`")));
            }
            fields.extend(inner.into_iter().map(|(name, value)| Field {
                name,
                value,
                in_metadata: true,
            }));
        } else {
            fields.push(Field {
                name,
                value: raw,
                in_metadata: false,
            });
        }
    }
    let text = text.ok_or_else(|| Reject::Json(format!("no field `{}`", opts.text_field)))?;
    Ok(Apart {
        fields,
        text,
        id,
        title,
    })
}

fn json(e: serde_json::Error) -> Reject {
    Reject::Json(e.to_string())
}

/// The first name that occurs twice, if any.
fn repeated<'a>(names: impl ExactSizeIterator<Item = &'a str> + Clone) -> Option<&'a str> {
    if names.len() <= 16 {
        // A handful of fields: comparing each pair costs less than sorting.
        let mut rest = names.clone();
        for name in names {
            rest.next();
            if rest.clone().any(|other| other == name) {
                return Some(name);
            }
        }
        return None;
    }
    let mut sorted: Vec<&str> = names.collect();
    sorted.sort_unstable();
    sorted.windows(2).find(|w| w[0] == w[1]).map(|w| w[0])
}

/// Parse `line` as a JSON object, with serde_json's own rules and messages, every value as
/// written. Lone surrogates are replaced (see [`document`]); returns the fields (repeated
/// ones included) and how many surrogates were replaced.
fn object(line: &[u8]) -> Result<(Entries, usize), Reject> {
    let (fixed, lone_surrogates) = replace_lone_surrogates(line);
    let line = if lone_surrogates > 0 {
        &fixed[..]
    } else {
        line
    };
    if line.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(Reject::Json("not a JSON object".into()));
    }
    let fields = object_fields(line)?;
    let mut entries = Vec::with_capacity(fields.len());
    for (name, value) in fields {
        entries.push((name, Entry::Raw(checked(value)?)));
    }
    Ok((entries, lone_surrogates))
}

/// The fields of the JSON object `json` in order, repeated ones included, values as
/// written.
fn object_fields(json: &[u8]) -> Result<Vec<(String, Box<RawValue>)>, Reject> {
    struct Fields(Vec<(String, Box<RawValue>)>);
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
                        fields.push((name, map.next_value::<Box<RawValue>>()?));
                    }
                    Ok(Fields(fields))
                }
            }
            d.deserialize_map(Visitor)
        }
    }
    let parsed = match simdutf8::basic::from_utf8(json) {
        Ok(json) => serde_json::from_str::<Fields>(json),
        Err(_) => serde_json::from_slice::<Fields>(json),
    };
    parsed.map(|f| f.0).map_err(self::json)
}

/// How deep a value may nest: serde_json refuses nesting deeper than 127 levels below a
/// line's object, and records that it could not read would be no use downstream.
const MAX_DEPTH: usize = 127;

/// A value read as written, checked: not nested deeper than [`MAX_DEPTH`], and with white
/// space other than the space taken out (outside strings, where alone a control character
/// can stand in valid JSON), so that a record has no raw `\r` or `\n`.
fn checked(value: Box<RawValue>) -> Result<Box<RawValue>, Reject> {
    let json = value.get();
    if depth(json) >= MAX_DEPTH {
        return Err(Reject::Json(format!(
            "recursion limit exceeded: a value nested deeper than {MAX_DEPTH} levels"
        )));
    }
    if !has_control(json.as_bytes()) {
        return Ok(value);
    }
    let compact: String = json.chars().filter(|&c| c >= ' ').collect();
    RawValue::from_string(compact).map_err(self::json)
}

/// How deep arrays and objects nest in the valid JSON `json` (0 for a scalar).
fn depth(json: &str) -> usize {
    let bytes = json.as_bytes();
    if !matches!(bytes.first(), Some(b'[' | b'{')) {
        return 0;
    }
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0, false, false);
    for &b in bytes {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// The common line, parsed faster: an object whose text field is a string, read as
/// [`object`] would read it. `None` for anything else (a control character anywhere in the
/// line, invalid UTF-8, a lone surrogate, a value nested too deep, malformed JSON), which
/// [`object`] then reads.
///
/// The text is most of a line, and serde_json reads a string eight bytes at a time (it
/// must find control characters too) into a scratch buffer that grows from empty, then
/// hands it over to be copied again. Here the line is checked once, for control characters
/// and as UTF-8; the text string is then read by memchr for `"` and `\` only, copied once,
/// and its escapes decoded as serde_json decodes them (any escape it would refuse, or a
/// surrogate that is not half of a pair, leaves the line to [`object`]). Other values
/// are taken as written, their extent found by serde_json. Outside strings JSON is ASCII,
/// and without a control character the only white space is the space.
fn with_text_apart(line: &[u8], opts: &InputOptions) -> Option<Entries> {
    if has_control(line) {
        return None;
    }
    let mut at = Cursor {
        line: simdutf8::basic::from_utf8(line).ok()?,
        at: 0,
    };
    let mut entries = Vec::new();
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
            let entry = if key == opts.text_field && at.peek() == Some(b'"') {
                Entry::Text(at.string()?)
            } else {
                Entry::Raw(at.raw()?)
            };
            entries.push((key, entry));
            at.skip_spaces();
            if !at.take_if(b',') {
                at.expect(b'}')?;
                break;
            }
        }
    }
    at.skip_spaces();
    (at.at == at.line.len()).then_some(entries)
}

/// Whether some byte is below 0x20. (OR-ing bytes, not bools, is what vectorizes.)
#[multiversion::multiversion(targets("x86_64+avx2"))]
fn has_control(bytes: &[u8]) -> bool {
    bytes.iter().fold(0u8, |any, &b| any | u8::from(b < 0x20)) != 0
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

    fn peek(&self) -> Option<u8> {
        self.line.as_bytes().get(self.at).copied()
    }

    /// A value as written, its extent found by serde_json; `None` for a lone surrogate in
    /// it (left to [`object`], which replaces it) or a value nested too deep.
    fn raw(&mut self) -> Option<Box<RawValue>> {
        let rest = &self.line[self.at..];
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<Box<RawValue>>();
        let value = values.next()?.ok()?;
        self.at += values.byte_offset();
        let json = value.get();
        if memchr::memmem::find(json.as_bytes(), b"\\u").is_some()
            && replace_lone_surrogates(json.as_bytes()).1 > 0
        {
            return None;
        }
        (depth(json) < MAX_DEPTH).then_some(value)
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
mod tests;
