//! # scour: clean scraped text corpora in bulk
//!
//! scour turns scraped documents in any encoding and state of damage into normalized UTF-8
//! JSONL, one record per document, through an ordered list of stages
//! ([`pipeline::STAGES`]):
//!
//! 1. **decode** ([`decode`]): BOM, valid UTF-8, or a legacy encoding guessed by chardetng.
//! 2. **repair** ([`repair`]): mojibake in many encodings and layers, C1 controls, HTML
//!    entities, judged by a badness measure.
//! 3. **normalize** ([`normalize`]): NFC, LF line ends, plain spaces, no invisible or control
//!    characters, no trailing whitespace, no runs of blank lines.
//! 4. **boilerplate** ([`boilerplate`]): credit lines and furniture at the edges, flagged
//!    (or stripped on request); again after structure, below the title.
//! 5. **tags** ([`tags`]): the site tag line (`toi-allgemeines`); again after structure.
//! 6. **structure** ([`structure`]): the title and its duplicated, transliterated heading.
//! 7. **translit** ([`translit`]): diacritics restored in a transliterated title (and body,
//!    on request) from the document's and the corpus's ([`vocab`]) attested word forms.
//! 8. **emit** ([`record`]): the JSONL record.
//!
//! Every stage records what it changed; what a stage takes out of the text is kept in the
//! record's metadata. Text that is already clean comes out unchanged.
//!
//! Inputs are text files, JSONL (or a JSON array), and WARC files such as Common Crawl's
//! WET files ([`io::WarcReader`]). Inputs and outputs may be gzip or zstd compressed
//! ([`io::decompress`], [`io::Encoder`]); [`batch`] splits many files into shards for
//! cluster schedulers. With the `parquet` feature (on in the binary), Parquet tables are
//! cleaned column by column (`table`), and records go to Parquet and Parquet rows to
//! records (`io::RecordsWriter`, `io::Table`).
//!
//! ```
//! let doc = scour::clean_str("Grüße aus Köln\n\nGruesse aus Koeln\nDer Text.\n", &scour::Config::default()).unwrap();
//! assert_eq!(doc.title.as_deref(), Some("Grüße aus Köln"));
//! assert_eq!(doc.text, "Der Text.");
//! ```
//!
//! # Output format
//!
//! One JSON object per line, in one of two shapes (JSON Schemas of both, of the reject
//! record and of the stats file are in the repository's `schema/`).
//!
//! A JSONL line keeps its own shape ([`config::Layout::Keep`], the default): every field in
//! its place, with its name and its value exactly as the input wrote it; the text field
//! (`--text-field`, `text` by default, or a path such as `content.body`) holds the clean
//! text, a string title field its clean title; scour's report is the last key of the
//! line's `metadata` object:
//!
//! ```text
//! {"id": 7, "source": "…", "text": "…", "added": "…",
//!  "metadata": {…the line's own keys…,
//!               "clean": {"path": "…", "line": 3, "site_tag": "toi-allgemeines", "site": "toi",
//!                         "section": "allgemeines", "encoding": "UTF-8", …the report…}}}
//! ```
//! A line without `metadata` gets one after its fields; when its `metadata` is no object,
//! or already has a `clean` key, the report goes to a new top-level `scour` object
//! (`"scour": {"clean": {…}}`); when `scour` is taken too, the line is a reject (its bytes
//! kept): nothing is overwritten. A line without an id gets scour's (`stem:line`) as its
//! first key; a title found in the text goes to the title field (`--title-field`) when the
//! line has none, or into the report when that name holds something else. See
//! [`document::Kept`].
//!
//! Text and WARC inputs, and JSONL lines with [`config::Layout::Nested`], get scour's own
//! shape:
//!
//! ```text
//! {"id": "…", "title": "…", "text": "…",
//!  "metadata": {"path": "…", "line": 3, "site_tag": "toi-allgemeines", "site": "toi",
//!               "section": "allgemeines", …passthrough fields…,
//!               "clean": {"encoding": "UTF-8", "detected_by": "utf8", "confidence": "certain",
//!                         "replacements": 0,
//!                         "changes": [{"stage": "normalize", "kind": "line ends", "count": 12}],
//!                         "removed": [{"kind": "duplicate_heading", "text": "…"},
//!                                     {"kind": "site_tag", "text": "toi-allgemeines"}]}}}
//! ```
//! `id` is a string (a JSONL number id is written as the input wrote its digits; a WARC
//! page's is its `WARC-Record-ID`); `title` is absent when the document has none; `line`
//! only for JSONL and `--lines` input; `url`, `date` and `site` (the URL's host) after
//! `path` for a WARC page; the site keys only when a tag was found; with `--explain`
//! ([`config::RepairOptions`]'s `explain`), a repair's change also has
//! `"example": {"before": "Ã¼", "after": "ü"}`, the first span it changed. Passthrough
//! fields keep their values exactly as the input wrote them; a name that is taken (one of
//! scour's own keys, or a top-level name that the input's `metadata` object also has) gets
//! `input_` in front until it is free ([`record::passthrough_names`]).
//!
//! A JSONL line that names a field twice (at the top level, in `metadata`, or in an object
//! on the way to the text, id or title field) is a reject.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod batch;
pub mod boilerplate;
pub mod config;
pub mod decode;
pub mod document;
pub mod error;
pub mod io;
pub mod learn;
pub mod normalize;
pub mod pipeline;
pub mod profile;
pub mod record;
pub mod repair;
pub mod report;
pub mod restore;
pub mod run;
pub mod scan;
pub mod settings;
pub mod structure;
#[cfg(feature = "parquet")]
pub mod table;
pub mod tags;
#[cfg(test)]
mod testing;
pub mod translit;
pub mod units;
pub mod vocab;
pub mod words;

pub use config::Config;
pub use document::{Document, Origin};
pub use error::Reject;

/// Clean one text document already in memory.
pub fn clean_str(text: &str, config: &Config) -> Result<Document, Reject> {
    let mut doc = Document::from_text("", Origin::default(), text);
    pipeline::clean_document(&mut doc, config)?;
    Ok(doc)
}

/// Clean one document given as raw bytes in any encoding.
pub fn clean_bytes(bytes: &[u8], config: &Config) -> Result<Document, Reject> {
    let mut doc = Document::from_bytes("", Origin::default(), bytes.to_vec());
    pipeline::clean_document(&mut doc, config)?;
    Ok(doc)
}
