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
    let value: Value = serde_json::from_slice(line).map_err(|e| Reject::Json(e.to_string()))?;
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
    Ok(doc)
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
    fn malformed() {
        assert!(matches!(parse("{\"text\": "), Err(Reject::Json(_))));
        assert!(matches!(parse("[1]"), Err(Reject::Json(_))));
        assert_eq!(
            parse(r#"{"text": 5}"#).unwrap_err().to_string(),
            "malformed JSONL: field `text` is a number, not a string"
        );
    }
}
