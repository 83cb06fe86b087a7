//! What the reader yields: one document as read from its input ([`Item`]) and what it holds
//! ([`Payload`]).

use super::file::Folder;
use super::input::Input;
use super::span::Unread;
use crate::document::Origin;
use std::sync::Arc;

/// What an item holds.
#[derive(Debug)]
pub enum Payload {
    /// A whole text document (or one `--lines` line), still to be decoded.
    Bytes(Vec<u8>),
    /// One JSONL line, still to be parsed.
    Json(Vec<u8>),
    /// A whole file still to be read: the worker that cleans it reads it (see
    /// [`read_file`](super::read_file)), so that opening and reading small files runs on every core.
    File(Input, Folder),
    /// A web page from a WARC `conversion` record.
    Page(super::WebPage),
    /// A WARC record of another type (named), skipped: counted, not a document.
    Skipped(&'static str),
    /// The document could not be read.
    Failed(Unread),
}

/// One document as read from its input.
#[derive(Debug)]
pub struct Item {
    /// Where it came from.
    pub origin: Origin,
    /// The input's id stem (file name without extension).
    pub stem: Arc<str>,
    /// The content.
    pub payload: Payload,
}

impl Item {
    /// How the document was read: `text`, `line`, `jsonl` or `warc` (for reject records).
    pub fn input_kind(&self) -> &'static str {
        match (&self.payload, self.origin.line) {
            (Payload::Json(_), _) => "jsonl",
            (Payload::Page(_) | Payload::Skipped(_), _) => "warc",
            (
                Payload::Failed(Unread {
                    input: Some(kind), ..
                }),
                _,
            ) => kind,
            (_, Some(_)) => "line",
            (_, None) => "text",
        }
    }

    /// Bytes held (for chunking and progress).
    pub fn len(&self) -> usize {
        match &self.payload {
            Payload::Bytes(b) | Payload::Json(b) => b.len(),
            Payload::Page(page) => page.body.len(),
            Payload::Skipped(_) => 0,
            Payload::File(input, _) => input.size.map_or(0, |s| usize::try_from(s).unwrap_or(0)),
            Payload::Failed(_) => 0,
        }
    }

    /// Whether the item holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
