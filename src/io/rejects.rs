//! Reading a rejects file (`scour clean --rejects-in`): each reject record back to the
//! item it was, its raw bytes from the record or, when the record holds none, from its
//! input again.

use super::file::{Folder, decompressed, open, read_file};
use super::input::{Input, InputFormat};
use super::item::{Item, Payload};
use super::lines::trim_line_end;
use super::span::{Span, Unread};
use crate::config::InputOptions;
use crate::document::Origin;
use crate::error::Reject;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::Arc;

/// An item from a reject record: the original origin and raw bytes, read the way they
/// were read the first time. A reject without raw bytes is read from its input again: a
/// whole file from its path, a line or an array element from its span, checked against
/// its length and checksum. A record that cannot be used is itself rejected, with the
/// rejects file's origin.
pub(super) fn reject_item(record: &[u8], here: Origin, options: &InputOptions) -> Item {
    use base64::Engine as _;
    use serde_json::Value;
    let failed = |why: String| Item {
        origin: here.clone(),
        stem: Arc::from(""),
        payload: Payload::Failed(Reject::Json(why).into()),
    };
    let Ok(Value::Object(r)) = serde_json::from_slice::<Value>(record) else {
        return failed("not a reject record (a JSON object)".into());
    };
    let Some(path) = r.get("path").and_then(Value::as_str) else {
        return failed("reject record without `path`".into());
    };
    let origin = Origin {
        path: path.to_owned(),
        line: r.get("line").and_then(Value::as_u64),
        offset: r.get("offset").and_then(Value::as_u64),
    };
    let stem = Arc::from(super::input::stem_of(Path::new(path)));
    let raw = match (
        r.get("raw").and_then(Value::as_str),
        r.get("raw_base64").and_then(Value::as_str),
    ) {
        (Some(text), _) => Some(text.as_bytes().to_vec()),
        (None, Some(b64)) => match base64::engine::general_purpose::STANDARD.decode(b64) {
            Ok(bytes) => Some(bytes),
            Err(e) => return failed(format!("reject record with bad `raw_base64`: {e}")),
        },
        (None, None) => None,
    };
    let span = match (
        r.get("length").and_then(Value::as_u64),
        r.get("crc32").and_then(Value::as_str),
    ) {
        (Some(length), Some(crc)) => match u32::from_str_radix(crc, 16) {
            Ok(crc32) => Some(Span {
                offset: origin.offset.unwrap_or(0),
                length,
                crc32,
            }),
            Err(_) => return failed(format!("reject record with bad `crc32`: {crc}")),
        },
        _ => None,
    };
    let input = r.get("input").and_then(Value::as_str);
    let payload = match (raw, input) {
        (Some(raw), Some("jsonl")) => Payload::Json(raw),
        // A WARC record: read again from its bytes, as one record.
        (Some(raw), Some("warc")) => super::warc::payload_of_record(raw, options.max_doc_bytes),
        (Some(raw), _) => Payload::Bytes(raw),
        (None, Some("text")) if path != "-" => {
            match read_again_whole(Path::new(path), span, options.max_doc_bytes) {
                Ok(bytes) => Payload::Bytes(bytes),
                Err(unread) => Payload::Failed(unread),
            }
        }
        (None, Some("jsonl" | "line")) if origin.line.is_none() => {
            let reason = r.get("reason").and_then(Value::as_str).unwrap_or("unknown");
            Payload::Failed(
                Reject::Unreadable(format!(
                    "a whole input of lines that could not be read: give its path to run it \
                     again (first rejected: {reason})"
                ))
                .into(),
            )
        }
        (None, Some(kind @ ("jsonl" | "line"))) if path != "-" && span.is_some() => {
            let span = span.expect("checked");
            let kind = if kind == "jsonl" { "jsonl" } else { "line" };
            match read_again_span(Path::new(path), span, options.max_doc_bytes, kind) {
                // As the line was read: without its `\n`, a JSONL line with its `\r`.
                Ok(mut bytes) if kind == "jsonl" => {
                    if bytes.last() == Some(&b'\n') {
                        bytes.pop();
                    }
                    Payload::Json(bytes)
                }
                Ok(bytes) => Payload::Bytes(trim_line_end(&bytes).to_vec()),
                Err(unread) => Payload::Failed(unread),
            }
        }
        (None, _) => {
            let reason = r.get("reason").and_then(Value::as_str).unwrap_or("unknown");
            Payload::Failed(
                Reject::Unreadable(format!(
                    "the reject record holds no raw bytes to run again, and no input to read \
                     them from (first rejected: {reason})"
                ))
                .into(),
            )
        }
    };
    Item {
        origin,
        stem,
        payload,
    }
}

/// A rejected whole file read again, checked against its span when the reject has one.
fn read_again_whole(path: &Path, span: Option<Span>, max: u64) -> Result<Vec<u8>, Unread> {
    let failed = |reject: Reject| Unread {
        reject,
        raw: None,
        span,
        input: None,
    };
    let Some(span) = span else {
        // Not read the first time: read it now, as then.
        let input = Input::file(path.display().to_string(), path, InputFormat::Text);
        return read_file(&input, &Folder::default(), max);
    };
    if span.length > max {
        return Err(failed(Reject::TooLarge {
            size: span.length,
            limit: max,
        }));
    }
    let file = File::open(path).map_err(|e| failed(Reject::Unreadable(e.to_string())))?;
    let bytes = read_span(BufReader::new(file), path, span, None)?;
    decompressed(path, bytes, max).map_err(failed)
}

/// A rejected line or array element read again from its span in the input as read
/// (decompressed).
fn read_again_span(
    path: &Path,
    span: Span,
    max: u64,
    kind: &'static str,
) -> Result<Vec<u8>, Unread> {
    let failed = |reject: Reject| Unread {
        reject,
        raw: None,
        span: Some(span),
        input: Some(kind),
    };
    // As when it was read: a line is held with its line end, one byte over the limit.
    if span.length > max.saturating_add(1) {
        return Err(failed(Reject::TooLarge {
            size: span.length,
            limit: max,
        }));
    }
    let input = Input::file(path.display().to_string(), path, InputFormat::Jsonl);
    let reader = open(&input).map_err(|e| failed(Reject::Unreadable(e.to_string())))?;
    read_span(reader, path, span, Some(kind))
}

/// The bytes of `span` in `reader`, or a reject that says the input changed.
fn read_span(
    mut reader: impl Read,
    path: &Path,
    span: Span,
    input: Option<&'static str>,
) -> Result<Vec<u8>, Unread> {
    let failed = |reject: Reject| Unread {
        reject,
        raw: None,
        span: Some(span),
        input,
    };
    let unreadable = |e: std::io::Error| failed(Reject::Unreadable(e.to_string()));
    let skipped = std::io::copy(&mut (&mut reader).take(span.offset), &mut std::io::sink())
        .map_err(unreadable)?;
    let mut bytes = Vec::with_capacity(usize::try_from(span.length).unwrap_or(0));
    (&mut reader)
        .take(span.length)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if skipped != span.offset
        || bytes.len() as u64 != span.length
        || crc32fast::hash(&bytes) != span.crc32
    {
        return Err(failed(Reject::Unreadable(format!(
            "{} changed since the document was rejected (checksum mismatch at bytes {}..{}); \
             not run again",
            path.display(),
            span.offset,
            span.offset + span.length
        ))));
    }
    Ok(bytes)
}
