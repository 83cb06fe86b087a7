//! Stage 6, emit: the JSONL record of a cleaned document.
//!
//! One JSON object per line, raw UTF-8 (no `\u` escapes but for control characters), keys
//! in a fixed order so that the same document always gives the same bytes.

use crate::document::Document;
use serde_json::{Map, Value, json};

/// Keys scour writes under `metadata`; passthrough fields with these names are kept as
/// `input_<name>` so that nothing is lost.
const OWN_KEYS: &[&str] = &["path", "line", "site_tag", "site", "section", "clean"];

/// The record as a JSON value.
pub fn to_value(doc: &Document) -> Value {
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
    for (key, value) in &doc.passthrough {
        let key = if OWN_KEYS.contains(&key.as_str()) {
            format!("input_{key}")
        } else {
            key.clone()
        };
        metadata.insert(key, value.clone());
    }
    let changes: Vec<Value> = doc
        .changes
        .iter()
        .map(|c| json!({"stage": c.stage, "kind": c.kind, "count": c.count}))
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

/// Append the record and a newline to `out`.
pub fn write_line(doc: &Document, out: &mut Vec<u8>) {
    // Serializing a Value into a Vec cannot fail.
    serde_json::to_writer(&mut *out, &to_value(doc)).expect("serializing JSON into memory");
    out.push(b'\n');
}
