//! Emit: the JSONL record of a cleaned document.
//!
//! One JSON object per line, raw UTF-8 (no `\u` escapes but for control characters), keys
//! in a fixed order so that the same document always gives the same bytes. Two shapes:
//! the input's own ([`crate::config::Layout::Keep`], a JSONL line read into
//! [`Document::kept`]: its fields in place, scour's report in `metadata.clean` or
//! `scour.clean`), and scour's (`id`, `title`, `text`, `metadata`: text inputs, and JSONL
//! lines read with [`crate::config::Layout::Nested`]).

use crate::document::{Document, Field, Kept, Node, ReportPlace};
use crate::io::json_str;
use std::borrow::Cow;

/// Keys scour writes under `metadata`; passthrough fields never take them (see
/// [`passthrough_names`]).
const OWN_KEYS: &[&str] = &["path", "line", "site_tag", "site", "section", "clean"];

/// The name under `metadata` of each passthrough field, in order, so that no two fields
/// share a name and no input value is lost. A field keeps its name when it is free:
/// scour's own keys (`path`, `line`, `site_tag`, `site`, `section`, `clean`) are never
/// free; a field of the input's `metadata` object comes before a top-level field of the
/// same name (it stays where the input had it). Every other field, in input order, gets
/// `input_` before its name, again and again
/// until the name is free of every other name in the record: `{"path": "p"}` gives
/// `input_path`; `{"input_path": "a", "path": "b"}` gives `input_path` and
/// `input_input_path`; `{"url": "t", "metadata": {"url": "m"}}` gives `url` (`m`) and
/// `input_url` (`t`). (A field named twice at one level is rejected when the line is read.)
pub fn passthrough_names(fields: &[Field]) -> Vec<Cow<'_, str>> {
    let own = |name: &str| OWN_KEYS.contains(&name);
    let nested = |name: &str| fields.iter().any(|f| f.in_metadata && f.name == name);
    let keeps = |f: &Field| !own(&f.name) && (f.in_metadata || !nested(&f.name));
    if fields.iter().all(keeps) {
        return fields
            .iter()
            .map(|f| Cow::Borrowed(f.name.as_str()))
            .collect();
    }
    let mut taken: Vec<String> = OWN_KEYS.iter().map(|k| (*k).to_owned()).collect();
    taken.extend(fields.iter().filter(|f| keeps(f)).map(|f| f.name.clone()));
    fields
        .iter()
        .map(|f| {
            if keeps(f) {
                return Cow::Borrowed(f.name.as_str());
            }
            let mut name = format!("input_{}", f.name);
            while taken.contains(&name) {
                name.insert_str(0, "input_");
            }
            taken.push(name.clone());
            Cow::Owned(name)
        })
        .collect()
}

/// About how many bytes the record of `doc` takes when nothing in it needs escaping: what
/// to reserve for its line, so that writing it seldom grows the buffer (and copies it).
pub fn size_hint(doc: &Document) -> usize {
    const FIXED: usize = 512;
    const PER_CHANGE: usize = 64;
    let strings = |v: &[String]| v.iter().map(String::len).sum::<usize>();
    doc.text.len()
        + doc.title.as_ref().map_or(0, String::len)
        + doc.id.len()
        + doc.origin.path.len()
        + doc
            .passthrough
            .iter()
            .map(|f| f.name.len() + f.value.get().len() + 4)
            .sum::<usize>()
        + doc.kept.as_ref().map_or(0, |k| tree_size(&k.fields))
        + doc.removed.iter().map(|r| r.text.len()).sum::<usize>()
        + strings(&doc.boilerplate)
        + PER_CHANGE * doc.changes.len()
        + doc
            .changes
            .iter()
            .filter_map(|c| c.example.as_ref())
            .map(|e| 32 + e.before.len() + e.after.len())
            .sum::<usize>()
        + FIXED
}

/// About how many bytes the kept fields of a line take (but the text and the title).
fn tree_size(fields: &[(String, Node)]) -> usize {
    fields
        .iter()
        .map(|(name, node)| {
            name.len()
                + 4
                + match node {
                    Node::Raw(raw) | Node::Id(raw) => raw.get().len(),
                    Node::Object(fields) => tree_size(fields) + 2,
                    Node::Text | Node::Title => 0,
                }
        })
        .sum()
}

/// Append the record and a newline to `out`, field by field.
pub fn write_line(doc: &Document, out: &mut Vec<u8>) {
    match &doc.kept {
        Some(kept) => write_kept(doc, kept, out),
        None => write_record(doc, out),
    }
    out.push(b'\n');
}

/// Append `value` as JSON (strings escaped as serde_json escapes them).
fn json<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    // Serializing into a Vec cannot fail.
    serde_json::to_writer(&mut *out, value).expect("serializing JSON into memory");
}

/// One of our own words (an encoding's name, a stage, a kind of removal: `&'static str`s
/// of scour's tables, which hold nothing JSON escapes) as a JSON string, without a
/// serializer's setup and escape table for a few bytes in every record.
fn word(out: &mut Vec<u8>, word: &'static str) {
    debug_assert!(
        !word.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\'),
        "{word:?} needs escapes"
    );
    out.push(b'"');
    out.extend_from_slice(word.as_bytes());
    out.push(b'"');
}

/// A count or a line number in decimal.
fn number(out: &mut Vec<u8>, n: u64) {
    // Most counts are one digit (`"replacements":0`).
    if n < 10 {
        out.push(b'0' + n as u8);
        return;
    }
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// A passthrough field's key (after the fields before it): `,"key":`.
fn key(out: &mut Vec<u8>, name: &str) {
    out.push(b',');
    json(out, name);
    out.push(b':');
}

/// One of our own keys, which need no escape, written as one literal: `own_key!(out,
/// first, "id")` opens an object, `own_key!(out, "title")` follows a field.
macro_rules! own_key {
    ($out:expr, first, $name:literal) => {
        $out.extend_from_slice(concat!("\"", $name, "\":").as_bytes())
    };
    ($out:expr, $name:literal) => {
        $out.extend_from_slice(concat!(",\"", $name, "\":").as_bytes())
    };
}

fn write_record(doc: &Document, out: &mut Vec<u8>) {
    out.reserve(doc.text.len() + 512);
    out.push(b'{');
    own_key!(out, first, "id");
    json(out, &doc.id);
    if let Some(title) = &doc.title {
        own_key!(out, "title");
        json_str(out, title);
    }
    own_key!(out, "text");
    json_str(out, &doc.text);

    own_key!(out, "metadata");
    out.push(b'{');
    own_key!(out, first, "path");
    json(out, &doc.origin.path);
    write_origin(doc, out);
    for (field, name) in doc
        .passthrough
        .iter()
        .zip(passthrough_names(&doc.passthrough))
    {
        key(out, &name);
        out.extend_from_slice(field.value.get().as_bytes());
    }

    own_key!(out, "clean");
    out.push(b'{');
    write_report(doc, out);
    // clean, metadata, record
    out.extend_from_slice(b"}}}");
}

/// Where the document came from, after `path` (the line, the web page's URL, date and
/// site, the site tag); a web page's site is its URL's host, and the site tag is kept
/// whole in `site_tag` beside it.
fn write_origin(doc: &Document, out: &mut Vec<u8>) {
    if let Some(line) = doc.origin.line {
        own_key!(out, "line");
        number(out, line);
    }
    if let Some(web) = &doc.web {
        if let Some(url) = &web.url {
            own_key!(out, "url");
            json(out, url);
        }
        if let Some(date) = &web.date {
            own_key!(out, "date");
            json(out, date);
        }
    }
    write_site(doc, out);
}

/// The site tag, the site and the section, each after a comma, when the document has them.
fn write_site(doc: &Document, out: &mut Vec<u8>) {
    let site = doc.web.as_ref().and_then(|web| web.site.as_deref());
    let tag = doc.site_tag.as_ref();
    if let Some(tag) = tag {
        own_key!(out, "site_tag");
        json(out, &tag.tag);
    }
    if let Some(site) = site.or(tag.map(|t| t.site.as_str())) {
        own_key!(out, "site");
        json(out, site);
    }
    if let Some(section) = tag.and_then(|t| t.section.as_ref()) {
        own_key!(out, "section");
        json(out, section);
    }
}

/// Append the report of a cleaned document as one JSON object, as a Parquet table's
/// `clean` cell holds it: the site tag, the site and the section when there are any, then
/// the members of the record's `clean` object from `encoding` on (so the report and the
/// record cannot differ; no line is written and read back for it).
pub fn write_report_object(doc: &Document, out: &mut Vec<u8>) {
    out.push(b'{');
    let start = out.len();
    write_site(doc, out);
    if out.len() > start {
        // The site keys came each after a comma; the first needs none.
        out.remove(start);
        out.push(b',');
    }
    write_report(doc, out);
    out.push(b'}');
}

/// The record of a line kept in its shape: its fields in order, the text and title in
/// their places, scour's id first when the input had none, a found title after the fields,
/// the report in `metadata.clean` or `scour.clean`.
fn write_kept(doc: &Document, kept: &Kept, out: &mut Vec<u8>) {
    out.reserve(doc.text.len() + 512);
    out.push(b'{');
    let mut first = true;
    let mut key = |out: &mut Vec<u8>, name: &str| {
        if !first {
            out.push(b',');
        }
        first = false;
        json(out, name);
        out.push(b':');
    };
    if let Some(name) = &kept.add_id {
        key(out, name);
        json(out, &doc.id);
    }
    // What has no place of its own goes into the report.
    let id = (kept.add_id.is_none() && !holds(&kept.fields, &|n| matches!(n, Node::Id(_))))
        .then_some(doc.id.as_str());
    let title_placed =
        kept.add_title.is_some() || holds(&kept.fields, &|n| matches!(n, Node::Title));
    let title = doc.title.as_deref().filter(|_| !title_placed);
    for (name, node) in &kept.fields {
        key(out, name);
        if name == "metadata" && kept.report == ReportPlace::Metadata {
            write_metadata(doc, node, id, title, out);
        } else {
            write_node(doc, node, out);
        }
    }
    if let (Some(name), Some(title)) = (&kept.add_title, &doc.title) {
        key(out, name);
        json_str(out, title);
    }
    let report = match kept.report {
        ReportPlace::Metadata => None,
        ReportPlace::NewMetadata => Some("metadata"),
        ReportPlace::Scour => Some("scour"),
    };
    if let Some(name) = report {
        key(out, name);
        out.push(b'{');
        own_key!(out, first, "clean");
        write_clean(doc, id, title, out);
        out.push(b'}');
    }
    out.push(b'}');
}

/// Whether some node of the tree is `what`.
fn holds(fields: &[(String, Node)], what: &dyn Fn(&Node) -> bool) -> bool {
    fields.iter().any(|(_, node)| match node {
        Node::Object(fields) => holds(fields, what),
        node => what(node),
    })
}

fn write_node(doc: &Document, node: &Node, out: &mut Vec<u8>) {
    match node {
        Node::Raw(raw) | Node::Id(raw) => out.extend_from_slice(raw.get().as_bytes()),
        Node::Text => json_str(out, &doc.text),
        // A title the cleaning emptied is the empty string in its place.
        Node::Title => json_str(out, doc.title.as_deref().unwrap_or("")),
        Node::Object(fields) => {
            out.push(b'{');
            for (i, (name, node)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                json(out, name);
                out.push(b':');
                write_node(doc, node, out);
            }
            out.push(b'}');
        }
    }
}

/// The input's `metadata` object with the report as its last key, `clean`.
fn write_metadata(
    doc: &Document,
    node: &Node,
    id: Option<&str>,
    title: Option<&str>,
    out: &mut Vec<u8>,
) {
    let empty = match node {
        Node::Raw(raw) => {
            // A raw object as written: `{`, its members, `}` (white space but the space
            // was taken out when the line was read).
            let json = raw.get().trim_end();
            let body = json.strip_suffix('}').unwrap_or(json).trim_end();
            out.extend_from_slice(body.as_bytes());
            body.trim() == "{"
        }
        Node::Object(fields) => {
            write_node(doc, node, out);
            out.pop();
            fields.is_empty()
        }
        _ => unreachable!("the report goes into an object"),
    };
    if !empty {
        out.push(b',');
    }
    own_key!(out, first, "clean");
    write_clean(doc, id, title, out);
    out.push(b'}');
}

/// The `clean` object of a kept line: where the document came from (with the site tag), an
/// id and a title that have no place in the record, then the report.
fn write_clean(doc: &Document, id: Option<&str>, title: Option<&str>, out: &mut Vec<u8>) {
    out.push(b'{');
    own_key!(out, first, "path");
    json(out, &doc.origin.path);
    write_origin(doc, out);
    if let Some(id) = id {
        own_key!(out, "id");
        json(out, id);
    }
    if let Some(title) = title {
        own_key!(out, "title");
        json_str(out, title);
    }
    out.push(b',');
    write_report(doc, out);
    out.push(b'}');
}

/// scour's report, from `encoding` to `boilerplate`, without its braces.
fn write_report(doc: &Document, out: &mut Vec<u8>) {
    own_key!(out, first, "encoding");
    word(out, doc.encoding.encoding);
    own_key!(out, "detected_by");
    word(out, doc.encoding.detected_by);
    own_key!(out, "confidence");
    word(out, doc.encoding.confidence.as_str());
    own_key!(out, "replacements");
    number(out, doc.encoding.replacements as u64);
    own_key!(out, "changes");
    out.push(b'[');
    for (i, c) in doc.changes.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'{');
        own_key!(out, first, "stage");
        word(out, c.stage);
        own_key!(out, "kind");
        json(out, &c.kind);
        own_key!(out, "count");
        number(out, c.count as u64);
        if let Some(example) = &c.example {
            own_key!(out, "example");
            out.push(b'{');
            own_key!(out, first, "before");
            json(out, &example.before);
            own_key!(out, "after");
            json(out, &example.after);
            out.push(b'}');
        }
        out.push(b'}');
    }
    out.push(b']');
    own_key!(out, "removed");
    out.push(b'[');
    for (i, r) in doc.removed.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'{');
        own_key!(out, first, "kind");
        word(out, r.kind);
        own_key!(out, "text");
        json_str(out, &r.text);
        out.push(b'}');
    }
    out.push(b']');
    if !doc.boilerplate.is_empty() {
        own_key!(out, "boilerplate");
        out.push(b'[');
        for (i, line) in doc.boilerplate.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            json_str(out, line);
        }
        out.push(b']');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Change, Example, Origin, Removed, SiteTag};
    use serde_json::{Map, Value, json};

    /// The record as a JSON value, built key by key (passthrough values parsed, so only
    /// for values that serialize as they were written).
    fn to_value(doc: &Document) -> Value {
        let mut metadata = Map::new();
        metadata.insert("path".into(), Value::String(doc.origin.path.clone()));
        if let Some(line) = doc.origin.line {
            metadata.insert("line".into(), json!(line));
        }
        if let Some(tag) = &doc.site_tag {
            metadata.insert("site_tag".into(), Value::String(tag.tag.clone()));
            metadata.insert("site".into(), Value::String(tag.site.clone()));
            if let Some(section) = &tag.section {
                metadata.insert("section".into(), Value::String(section.clone()));
            }
        }
        for (field, name) in doc
            .passthrough
            .iter()
            .zip(passthrough_names(&doc.passthrough))
        {
            let value: Value = serde_json::from_str(field.value.get()).unwrap();
            metadata.insert(name.into_owned(), value);
        }
        let changes: Vec<Value> = doc
            .changes
            .iter()
            .map(|c| {
                let mut change = json!({"stage": c.stage, "kind": c.kind, "count": c.count});
                if let Some(e) = &c.example {
                    change["example"] = json!({"before": e.before, "after": e.after});
                }
                change
            })
            .collect();
        let removed: Vec<Value> = doc
            .removed
            .iter()
            .map(|r| json!({"kind": r.kind, "text": r.text}))
            .collect();
        let mut clean = Map::new();
        clean.insert("encoding".into(), json!(doc.encoding.encoding));
        clean.insert("detected_by".into(), json!(doc.encoding.detected_by));
        clean.insert("confidence".into(), json!(doc.encoding.confidence.as_str()));
        clean.insert("replacements".into(), json!(doc.encoding.replacements));
        clean.insert("changes".into(), Value::Array(changes));
        clean.insert("removed".into(), Value::Array(removed));
        if !doc.boilerplate.is_empty() {
            clean.insert("boilerplate".into(), json!(doc.boilerplate));
        }
        metadata.insert("clean".into(), Value::Object(clean));
        let mut record = Map::new();
        record.insert("id".into(), Value::String(doc.id.clone()));
        if let Some(title) = &doc.title {
            record.insert("title".into(), Value::String(title.clone()));
        }
        record.insert("text".into(), Value::String(doc.text.clone()));
        record.insert("metadata".into(), Value::Object(metadata));
        Value::Object(record)
    }

    fn via_value(doc: &Document) -> Vec<u8> {
        let mut out = serde_json::to_vec(&to_value(doc)).unwrap();
        out.push(b'\n');
        out
    }

    /// Passthrough fields from `(name, value as written, in metadata)`.
    fn fields(list: &[(&str, &str, bool)]) -> Vec<Field> {
        list.iter()
            .map(|&(name, value, in_metadata)| Field {
                name: name.into(),
                value: serde_json::value::RawValue::from_string(value.into()).unwrap(),
                in_metadata,
            })
            .collect()
    }

    fn written(doc: &Document) -> Vec<u8> {
        let mut out = Vec::new();
        write_line(doc, &mut out);
        out
    }

    /// The size hint covers the record of a cleaned document that has a title, a removed
    /// heading and tag, boilerplate and changes, when its text needs few escapes.
    #[test]
    fn numbers_and_words_are_written_as_serde_json_writes_them() {
        for n in [
            0,
            1,
            9,
            10,
            99,
            100,
            12_345,
            u64::from(u32::MAX),
            u64::MAX - 1,
            u64::MAX,
        ] {
            let mut out = Vec::new();
            number(&mut out, n);
            assert_eq!(out, serde_json::to_vec(&n).unwrap(), "{n}");
        }
        for w in [
            "UTF-8",
            "windows-1252",
            "IBM437",
            "json",
            "certain",
            "repair",
            "",
        ] {
            let mut out = Vec::new();
            word(&mut out, w);
            assert_eq!(out, serde_json::to_vec(w).unwrap(), "{w}");
        }
    }

    #[test]
    fn the_size_hint_covers_a_cleaned_record() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        for file in [
            "pipeline/seed/000_075d2f900ea0f093.txt",
            "pipeline/crlf_nbsp_zero_width_soft_hyphen/bad-whitespace.txt",
            "tags/boilerplate_stripped/a.txt",
        ] {
            let path = fixtures.join(file);
            let bytes = std::fs::read(&path).unwrap();
            let origin = Origin {
                path: path.display().to_string(),
                line: None,
                offset: None,
            };
            let mut doc = Document::from_bytes("id", origin, bytes);
            crate::pipeline::clean_document(&mut doc, &crate::config::Config::default()).unwrap();
            let line = written(&doc);
            assert!(
                line.len() <= size_hint(&doc),
                "{file}: {} bytes written, hint {}",
                line.len(),
                size_hint(&doc)
            );
        }
    }

    #[test]
    fn written_field_by_field_as_the_value_serializes() {
        let mut doc = Document::from_text(
            "id \"7\"",
            Origin {
                path: "a\\b.jsonl".into(),
                line: Some(3),
                offset: Some(9),
            },
            "Zeile\t1\n„Zitat“ \u{1} \u{7F} \u{2028} 😀 </script>",
        );
        assert_eq!(written(&doc), via_value(&doc));
        doc.title = Some("Größe \\ Titel".into());
        doc.site_tag = Some(SiteTag {
            tag: "toi-allgemeines".into(),
            site: "toi".into(),
            section: Some("allgemeines".into()),
        });
        doc.changes.push(Change {
            stage: "normalize",
            kind: "line ends".into(),
            count: 12,
            example: None,
        });
        doc.changes.push(Change {
            stage: "structure",
            kind: "duplicate heading".into(),
            count: 1,
            example: Some(Example {
                before: "Größe\t\"\u{1}".into(),
                after: "</script>".into(),
            }),
        });
        doc.removed.push(Removed {
            kind: "site_tag",
            text: "toi-allgemeines".into(),
        });
        doc.boilerplate.push("Teilen\u{0}".into());
        doc.passthrough = fields(&[
            ("url", r#""u""#, false),
            ("path", r#""p""#, false),
            ("clean", r#"{"x":[1,2.5,null,true]}"#, true),
            ("n", "-3", false),
            ("ü\"", r#""v""#, true),
        ]);
        doc.origin.line = None;
        assert_eq!(written(&doc), via_value(&doc));
        doc.site_tag.as_mut().unwrap().section = None;
        doc.title = None;
        assert_eq!(written(&doc), via_value(&doc));
    }

    #[test]
    fn strings_escape_as_serde_json_escapes_them() {
        let mut samples: Vec<String> = (0u8..0x80).map(|b| char::from(b).to_string()).collect();
        samples.extend(
            [
                "",
                "plain ascii text, long enough for several words",
                "Größe \\ \"Zitat\" \u{1}\u{1f}\u{7f} \u{2028}\u{2029} 😀",
                "1234567\"",
                "12345678\\12345678\n",
                "\u{8}\u{c}\r\t\n\u{0}",
            ]
            .map(String::from),
        );
        for pad in 28..70 {
            let p = "ä".repeat(pad / 3) + &"x".repeat(pad % 3);
            samples.push(format!("{p}\"{p}\\{p}\n\u{1f}{p}"));
        }
        for s in samples {
            let mut out = Vec::new();
            json_str(&mut out, &s);
            assert_eq!(out, serde_json::to_vec(&s).unwrap(), "{s:?}");
        }
    }

    proptest::proptest! {
        /// Escapes anywhere in and across blocks, next to multi-byte characters.
        #[test]
        fn strings_escape_as_serde_json_escapes_them_anywhere(chars in proptest::collection::vec(
            proptest::sample::select(vec![
                'a', ' ', '"', '\\', '\n', '\t', '\r', '\u{0}', '\u{8}', '\u{c}', '\u{1f}', '\u{7f}',
                'ä', '„', '😀', '\u{2028}',
            ]),
            0..80,
        )) {
            let s: String = chars.into_iter().collect();
            let mut out = Vec::new();
            json_str(&mut out, &s);
            proptest::prop_assert_eq!(out, serde_json::to_vec(&s).unwrap());
        }
    }

    #[test]
    fn colliding_names_get_input_prefixes_until_free() {
        let names = |list: &[(&str, &str, bool)]| -> Vec<String> {
            passthrough_names(&fields(list))
                .into_iter()
                .map(Cow::into_owned)
                .collect()
        };
        assert_eq!(
            names(&[
                ("input_path", "1", false),
                ("path", "2", false),
                ("input_line", "3", false)
            ]),
            ["input_path", "input_input_path", "input_line"]
        );
        // The order does not decide who keeps a name; an own key never does.
        assert_eq!(
            names(&[("path", "2", false), ("input_path", "1", false)]),
            ["input_input_path", "input_path"]
        );
        // A field of the input's metadata keeps its name before a top-level one.
        assert_eq!(
            names(&[
                ("url", "1", false),
                ("url", "2", true),
                ("clean", "3", true)
            ]),
            ["input_url", "url", "input_clean"]
        );
        assert_eq!(names(&[("a", "1", false), ("b", "2", true)]), ["a", "b"]);
        // Written with those names, values as they were written.
        let mut doc = Document::from_text("i", Origin::default(), "t");
        doc.passthrough = fields(&[
            ("url", "1e2", false),
            ("url", "123456789012345678901234567890", true),
        ]);
        let text = String::from_utf8(written(&doc)).unwrap();
        assert!(
            text.contains(r#""input_url":1e2,"url":123456789012345678901234567890,"clean""#),
            "{text}"
        );
    }
}
