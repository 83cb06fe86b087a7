//! Typed errors: why a document was rejected, and what stops a whole run.

use std::path::PathBuf;

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
    /// Larger than `--max-doc-bytes`.
    #[error("document of {size} bytes exceeds the limit of {limit} bytes (--max-doc-bytes)")]
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
            Reject::TooLarge { .. } => "too_large",
            Reject::Internal(_) => "internal",
        }
    }
}

/// An error that ends the whole run (as opposed to rejecting one document).
#[derive(Debug, thiserror::Error)]
pub enum FatalError {
    /// Writing the output failed.
    #[error("cannot write {path}: {source}")]
    Output {
        /// The output path (`-` for stdout).
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A configuration value is invalid.
    #[error("{0}")]
    Config(String),
}
