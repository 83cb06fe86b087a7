//! What a reject keeps of a document it could not read, so that `--rejects-in` can read it
//! again: why ([`Unread`]), and where its bytes are ([`Span`]).

use crate::error::Reject;

/// A document that could not be read: why, and what the reject keeps of it so that it can
/// be run again (`scour clean --rejects-in`).
#[derive(Debug)]
pub struct Unread {
    /// Why.
    pub reject: Reject,
    /// What was read of it before a read failed (a line cut off by a broken stream).
    pub raw: Option<Vec<u8>>,
    /// Where its bytes are, when they were not held.
    pub span: Option<Span>,
    /// How it was to be read (`jsonl`, `line`) when [`Item::input_kind`](super::Item::input_kind) cannot tell from
    /// the payload: a line over the limit or cut off, an input that could not be opened.
    pub input: Option<&'static str>,
}

impl From<Reject> for Unread {
    fn from(reject: Reject) -> Self {
        Unread {
            reject,
            raw: None,
            span: None,
            input: None,
        }
    }
}

/// Where a document's bytes are in its input, with their checksum: what a reject records
/// instead of bytes it did not hold (a document over `--max-doc-bytes`, a file that could
/// not be decompressed), so that `--rejects-in` can read them back, and can tell when the
/// input changed since.
///
/// For a whole file the bytes are the file's as stored (compressed or not, from offset
/// 0); for a line or an array element they are those of the input as read (decompressed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The first byte.
    pub offset: u64,
    /// How many bytes (a line's with its line end).
    pub length: u64,
    /// Their CRC-32 (IEEE, as gzip's).
    pub crc32: u32,
}
