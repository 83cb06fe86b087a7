//! Typed errors: why a document was rejected, and what stops a whole run.

use crate::units::{count, exact_size};
use std::path::PathBuf;

/// A `--max-doc-bytes` limit as the flag takes it: `64MiB`, or `1000000 bytes`.
fn shown_limit(limit: u64) -> String {
    match exact_size(limit) {
        exact if exact.ends_with('B') => exact,
        _ => count(limit, "byte"),
    }
}

/// Why one document could not be processed. The run goes on without it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Reject {
    /// The bytes are not text.
    #[error("binary data: {0}")]
    Binary(String),
    /// The input could not be read.
    #[error("cannot read: {0}")]
    Unreadable(String),
    /// A JSONL line that is not a JSON object with a string text field.
    #[error("malformed JSONL: {0}")]
    Json(String),
    /// A bug in scour: a stage panicked. Reported, never silent.
    #[error("internal error: {0}")]
    Internal(String),
    /// A WARC record that is cut off or malformed.
    #[error("malformed WARC record: {0}")]
    Warc(String),
    /// A row of a table without text: its text cell is null, or the text column holds no
    /// strings.
    #[error("no text: {0}")]
    NoText(String),
    /// Larger than `--max-doc-bytes`.
    #[error(
        "document of {} exceeds the limit of {} (--max-doc-bytes)",
        count(*size, "byte"),
        shown_limit(*limit)
    )]
    TooLarge {
        /// The document's size in bytes (at least this many).
        size: u64,
        /// The configured limit.
        limit: u64,
    },
}

impl Reject {
    /// A short stable name for statistics and reject records.
    pub fn kind(&self) -> &'static str {
        match self {
            Reject::Binary(_) => "binary",
            Reject::Unreadable(_) => "unreadable",
            Reject::Json(_) => "json",
            Reject::Warc(_) => "warc",
            Reject::NoText(_) => "no_text",
            Reject::TooLarge { .. } => "too_large",
            Reject::Internal(_) => "internal",
        }
    }
}

/// An error that ends the whole run (as opposed to rejecting one document).
#[derive(Debug, thiserror::Error)]
pub enum FatalError {
    /// Writing an output failed.
    #[error("cannot write {target}: {source}")]
    Output {
        /// Which output.
        target: Target,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The run was interrupted (SIGINT, SIGTERM) between two chunks.
    #[error("interrupted")]
    Interrupted,
    /// The pool of worker threads could not be started.
    #[error("cannot start worker threads: {0}")]
    Threads(String),
}

/// The output a failed write was for: the run knows its outputs by role, its caller by path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The records (what the caller gave the run as `out`).
    Records,
    /// The rejects (what the caller gave the run as `rejects`).
    Rejects,
    /// Standard output.
    Stdout,
    /// A file, by its path.
    File(PathBuf),
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Records => f.write_str("the records"),
            Target::Rejects => f.write_str("the rejects"),
            Target::Stdout => f.write_str("standard output"),
            Target::File(path) => write!(f, "{}", path.display()),
        }
    }
}
