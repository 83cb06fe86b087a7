//! Input and output at the edges: finding inputs, reading them into items, writing files
//! atomically. Nothing here looks inside a document's text.

mod compress;
mod file;
mod globs;
mod input;
mod item;
mod jsonl;
mod lines;
mod output;
#[cfg(feature = "parquet")]
mod parquet;
mod reader;
mod rejects;
mod span;
mod warc;

pub use compress::{Compression, Encoder, decompress};
pub use file::{Folder, read_file};
pub use globs::{GlobError, WalkFilter};
pub use input::{
    Input, InputFormat, ListError, expand, expand_with, fill_sizes, first_missing, shown_path,
};
pub use item::{Item, Payload};
pub use jsonl::document as json_document;
pub(crate) use jsonl::json_str;
pub use output::{
    AtomicFile, Destination, OUTPUT_BUFFER, Output, destination, remove_temp_files, write_output,
};
#[cfg(feature = "parquet")]
pub(crate) use parquet::encode;
#[cfg(feature = "parquet")]
pub use parquet::{RecordsWriter, Table, json_rows, records_schema, writer, writer_properties};
pub use reader::ItemReader;
pub use span::{Span, Unread};
pub use warc::{Record as WarcRecord, WarcReader, WebPage, host};
