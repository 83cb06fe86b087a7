//! The one driver ([`drive`]): read items in bounded chunks, work on each chunk in parallel,
//! hand the results on in input order. `scour clean` ([`clean_items`]) and `scour learn`
//! ([`crate::learn`]) both run on it.
//!
//! Reading the next chunk overlaps with working on the current one (`rayon::join`). Chunks are
//! bounded in documents and bytes, so memory does not grow with the corpus, and output
//! order never depends on timing: the same input gives the same bytes at any thread count.

use crate::config::{Config, IdFrom};
use crate::document::{Change, Document, Origin, Removed};
use crate::error::{FatalError, Reject, Target};
use crate::io::{Item, ItemReader, Payload, json_document, read_file};
use crate::units::{count, human_size, per_second};
use crate::{pipeline, record};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{IoSlice, Write};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// How a run uses the machine.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// At most this many documents per chunk.
    pub chunk_docs: usize,
    /// At most about this many input bytes per chunk.
    pub chunk_bytes: usize,
    /// Set (by a signal handler) to stop the run after the current chunk.
    pub cancel: Option<Arc<AtomicBool>>,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            threads: 0,
            chunk_docs: 256,
            chunk_bytes: 4 << 20,
            cancel: None,
        }
    }
}

/// A document that was not emitted, and why: enough to find it and to run it again
/// (`scour clean --rejects-in`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The input path as shown.
    pub path: String,
    /// The line, for line-oriented input.
    pub line: Option<u64>,
    /// The byte offset of the line in its input.
    pub offset: Option<u64>,
    /// A stable name for the reason (`binary`, `json`, `unreadable`, `too_large`, …).
    pub kind: &'static str,
    /// The reason in words.
    pub reason: String,
    /// How the document was read: `text` (a whole file), `line` (`--lines`), `jsonl`.
    pub input: &'static str,
    /// The document's raw bytes, when they were read.
    pub raw: Option<Vec<u8>>,
    /// Where its bytes are in its input, when they were not held.
    pub span: Option<crate::io::Span>,
}

impl Rejected {
    /// A reject for a document from `origin`, read as `input`.
    pub fn new(origin: Origin, input: &'static str, reject: &Reject) -> Self {
        Self {
            path: origin.path,
            line: origin.line,
            offset: origin.offset,
            kind: reject.kind(),
            reason: reject.to_string(),
            input,
            raw: None,
            span: None,
        }
    }

    /// The reject of a document that could not be read, with what it keeps of it.
    pub fn unread(origin: Origin, input: &'static str, unread: crate::io::Unread) -> Self {
        Self {
            span: unread.span,
            ..Self::new(origin, input, &unread.reject).with_raw(unread.raw)
        }
    }

    /// The same reject, carrying the raw bytes.
    pub fn with_raw(mut self, raw: Option<Vec<u8>>) -> Self {
        self.raw = raw;
        self
    }

    /// The reject record: `path`, `line`, `offset`, `kind`, `reason`, `input`, and the raw
    /// bytes as `raw` (when valid UTF-8) or `raw_base64`, or where they are: `offset`,
    /// `length` and `crc32` (8 hex digits).
    pub fn to_json(&self) -> serde_json::Value {
        use base64::Engine as _;
        let mut map = serde_json::Map::new();
        map.insert("path".into(), self.path.clone().into());
        if let Some(line) = self.line {
            map.insert("line".into(), line.into());
        }
        if let Some(offset) = self.offset.or(self.span.map(|s| s.offset)) {
            map.insert("offset".into(), offset.into());
        }
        if let Some(span) = self.span {
            map.insert("length".into(), span.length.into());
            map.insert("crc32".into(), format!("{:08x}", span.crc32).into());
        }
        map.insert("kind".into(), self.kind.into());
        map.insert("reason".into(), self.reason.clone().into());
        map.insert("input".into(), self.input.into());
        match self.raw.as_deref().map(std::str::from_utf8) {
            Some(Ok(text)) => {
                map.insert("raw".into(), text.into());
            }
            Some(Err(_)) => {
                let raw = self.raw.as_deref().unwrap_or_default();
                let encoded = base64::engine::general_purpose::STANDARD.encode(raw);
                map.insert("raw_base64".into(), encoded.into());
            }
            None => {}
        }
        serde_json::Value::Object(map)
    }
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.reason),
            None => write!(f, "{}: {}", self.path, self.reason),
        }
    }
}

/// Told about the run as it goes (progress bars, messages). Every method has a default
/// that does nothing.
pub trait Observer: Sync {
    /// A document was rejected (called in input order).
    fn rejected(&self, _rejected: &Rejected) {}
    /// So many documents and input bytes are done so far.
    fn progress(&self, _documents: u64, _bytes: u64) {}
    /// So many files of a batch shard are done, of `total` (batch mode only).
    fn files(&self, _done: u64, _total: u64) {}
    /// Whether [`Observer::cleaned`] is wanted. Each document is then kept as read until
    /// its record is written, which costs a copy of it (a report wants this).
    fn keeps_documents(&self) -> bool {
        false
    }
    /// A document was cleaned (called in input order, only when [`Observer::keeps_documents`]).
    fn cleaned(&self, _kept: &Kept) {}
}

/// A document as read, kept for an observer: a JSONL line's bytes (the line is read again
/// when the document is wanted, so nothing is copied), else a copy of the document.
#[derive(Debug, Clone)]
pub enum Original {
    /// A JSONL line, where it came from, and its input's id stem.
    Json {
        /// The line.
        bytes: Vec<u8>,
        /// Where it came from.
        origin: Origin,
        /// The input's id stem.
        stem: Arc<str>,
    },
    /// A copy of the document before the first stage.
    Document(Box<Document>),
}

impl Original {
    /// The document as read, before the first stage (`None` only if the line no longer
    /// reads, which cannot happen: it was read once).
    pub fn document(&self, config: &Config) -> Option<Document> {
        match self {
            Original::Json {
                bytes,
                origin,
                stem,
            } => json_document(bytes, origin.clone(), stem, &config.input).ok(),
            Original::Document(doc) => Some(Document::clone(doc)),
        }
    }

    /// About how many bytes it holds.
    pub fn len(&self) -> usize {
        match self {
            Original::Json { bytes, .. } => bytes.len(),
            Original::Document(doc) => doc.raw.as_ref().map_or(doc.text.len(), Vec::len),
        }
    }

    /// Whether it holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A document as read and as cleaned, for an observer that keeps documents.
#[derive(Debug)]
pub struct Kept {
    /// The document as read, before the first stage.
    pub original: Original,
    /// The document as the stages left it, but for its text and title, which the record
    /// holds (they are freed by the worker that cleaned it, not by the output thread).
    pub cleaned: Document,
    /// The length in UTF-8 bytes of the decoded document (title and text), before the
    /// stages after decode.
    pub bytes_decoded: u64,
    /// The length in UTF-8 bytes of the cleaned document's title and text.
    pub bytes_cleaned: u64,
}

/// An observer that ignores everything.
pub struct Silent;
impl Observer for Silent {}

/// What a run did. `documents_in == documents_out + rejected`, always.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Documents read (including those rejected).
    pub documents_in: u64,
    /// Records written.
    pub documents_out: u64,
    /// Documents rejected.
    pub rejected: u64,
    /// Input bytes read.
    pub bytes_in: u64,
    /// Output bytes written.
    pub bytes_out: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Worker threads used.
    pub threads: usize,
    /// Changes made, by `stage: kind`.
    pub changes: BTreeMap<String, u64>,
    /// Text removed, by kind.
    pub removed: BTreeMap<String, u64>,
    /// Rejections, by kind.
    pub rejects: BTreeMap<String, u64>,
    /// WARC records skipped (no `conversion` record: `warcinfo`, `request`, …), by type;
    /// they are no documents. Left out of the stats file when there were none.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub skipped: BTreeMap<String, u64>,
}

impl Summary {
    /// The one-line summary printed at the end of a run.
    pub fn line(&self) -> String {
        // WARC records that are no documents, when there were any: `, 3 WARC records
        // skipped (request 1, warcinfo 2)`.
        let skipped = if self.skipped.is_empty() {
            String::new()
        } else {
            let by_type: Vec<String> = self
                .skipped
                .iter()
                .map(|(kind, n)| format!("{kind} {n}"))
                .collect();
            format!(
                ", {} skipped ({})",
                count(self.skipped.values().sum::<u64>(), "WARC record"),
                by_type.join(", ")
            )
        };
        format!(
            "{} in, {} out, {} rejected{skipped}; {} in {:.2} s ({}/s, {})",
            count(self.documents_in, "document"),
            self.documents_out,
            self.rejected,
            human_size(self.bytes_in),
            self.seconds,
            human_size(per_second(self.bytes_in, self.seconds)),
            count(self.threads as u64, "thread")
        )
    }
}

enum Outcome {
    /// The record, and what the summary counts of the document (the rest of the document
    /// is freed by the worker that cleaned it).
    Record {
        line: Vec<u8>,
        changes: Vec<Change>,
        removed: Vec<Removed>,
        /// The document as read and as cleaned, when the observer keeps documents (then
        /// its changes are there, not in `changes` and `removed`).
        kept: Option<Box<Kept>>,
    },
    Rejected(Rejected),
    /// A WARC record that is no document, by its type.
    Skipped(&'static str),
}

/// The one driver of every command that walks documents (`clean`, `learn`): read items in
/// chunks bounded by `options`, hand each chunk to `work` on a pool of `options.threads`
/// workers (0: one per core), and give its result to `done` (with the chunk's input bytes)
/// in input order, while the next chunk is read and worked on. The run stops between
/// chunks, with [`FatalError::Interrupted`], once `options.cancel` is set. `work` catches
/// the panics of its documents (as `clean` and `learn` do). Returns the number of
/// worker threads.
pub fn drive<R: Send>(
    mut reader: ItemReader,
    options: &RunOptions,
    work: impl Fn(Vec<Item>) -> R + Sync,
    done: impl FnMut(R, u64) -> Result<(), FatalError> + Send,
) -> Result<usize, FatalError> {
    let next = || {
        let chunk = next_chunk(&mut reader, options);
        let bytes = chunk.iter().map(|i| i.len() as u64).sum::<u64>();
        (!chunk.is_empty()).then_some((chunk, bytes))
    };
    drive_chunks(next, options, work, done)
}

/// [`drive`] over chunks of any kind: `next` gives the next chunk and its input bytes, or
/// `None` at the end (the Parquet driver, [`crate::table`], reads record batches).
pub fn drive_chunks<C: Send, R: Send>(
    mut next: impl FnMut() -> Option<(C, u64)> + Send,
    options: &RunOptions,
    work: impl Fn(C) -> R + Sync,
    mut done: impl FnMut(R, u64) -> Result<(), FatalError> + Send,
) -> Result<usize, FatalError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|e| FatalError::Threads(e.to_string()))?;
    let threads = pool.current_num_threads();
    pool.install(|| -> Result<(), FatalError> {
        let mut chunk = next();
        // The result of the chunk before, handed on while this one is worked on: the
        // output thread's work overlaps the workers'.
        let mut pending: Option<(R, u64)> = None;
        while let Some((this, bytes)) = chunk {
            if options
                .cancel
                .as_ref()
                .is_some_and(|c| c.load(Ordering::Relaxed))
            {
                return Err(FatalError::Interrupted);
            }
            let (result, (following, handed)) = rayon::join(
                || work(this),
                || {
                    let handed = match pending.take() {
                        Some((result, bytes)) => done(result, bytes),
                        None => Ok(()),
                    };
                    (next(), handed)
                },
            );
            handed?;
            pending = Some((result, bytes));
            chunk = following;
        }
        match pending.take() {
            Some((result, bytes)) => done(result, bytes),
            None => Ok(()),
        }
    })?;
    Ok(threads)
}

fn next_chunk(reader: &mut ItemReader, options: &RunOptions) -> Vec<Item> {
    // Room for a whole chunk of short documents at once, not grown by doubling (an item
    // is moved at every doubling); a bound on it for a large `chunk_docs`.
    let mut chunk = Vec::with_capacity(options.chunk_docs.clamp(1, 4096));
    let mut bytes = 0;
    for item in reader.by_ref() {
        bytes += item.len();
        chunk.push(item);
        if chunk.len() >= options.chunk_docs || bytes >= options.chunk_bytes {
            break;
        }
    }
    chunk
}

/// Clean every document the reader yields, writing records to `out` and rejects to
/// `rejects` (JSONL), in input order.
pub fn clean_items(
    reader: ItemReader,
    config: &Config,
    options: &RunOptions,
    out: &mut (dyn Write + Send),
    rejects: Option<&mut (dyn Write + Send)>,
    observer: &dyn Observer,
) -> Result<Summary, FatalError> {
    let start = Instant::now();
    let mut summary = Summary::default();
    let mut key = String::new();
    let keep = observer.keeps_documents();
    let mut sink = Sink {
        summary: &mut summary,
        out: &mut *out,
        rejects,
        observer,
    };
    let threads = drive(
        reader,
        options,
        |chunk| {
            chunk
                .into_par_iter()
                .map(|item| process(item, config, keep))
                .collect::<Vec<_>>()
        },
        |outcomes, bytes| {
            sink.summary.bytes_in += bytes;
            sink.emit(outcomes, &mut key)
        },
    )?;
    summary.threads = threads;
    out.flush().map_err(|source| FatalError::Output {
        target: Target::Records,
        source,
    })?;
    summary.seconds = start.elapsed().as_secs_f64();
    Ok(summary)
}

/// Where the outcomes go, in input order: records to `out`, rejects to `rejects`, counts to
/// the summary.
pub(crate) struct Sink<'a, 'o, 'r> {
    pub(crate) summary: &'a mut Summary,
    pub(crate) out: &'a mut (dyn Write + Send + 'o),
    pub(crate) rejects: Option<&'a mut (dyn Write + Send + 'r)>,
    pub(crate) observer: &'a dyn Observer,
}

impl Sink<'_, '_, '_> {
    /// Count a reject, tell the observer and write its record.
    pub(crate) fn reject(&mut self, r: &Rejected) -> Result<(), FatalError> {
        self.summary.rejected += 1;
        *self.summary.rejects.entry(r.kind.to_owned()).or_default() += 1;
        self.observer.rejected(r);
        if let Some(w) = self.rejects.as_deref_mut() {
            let mut line = serde_json::to_vec(&r.to_json()).expect("serializing JSON into memory");
            line.push(b'\n');
            w.write_all(&line).map_err(|source| FatalError::Output {
                target: Target::Rejects,
                source,
            })?;
        }
        Ok(())
    }

    /// Write one chunk's outcomes (`key` is a reused buffer). The records go out in one
    /// vectored write, not copied together first.
    fn emit(&mut self, outcomes: Vec<Outcome>, key: &mut String) -> Result<(), FatalError> {
        let mut lines = Vec::with_capacity(outcomes.len());
        for outcome in &outcomes {
            if let Outcome::Skipped(kind) = outcome {
                add(&mut self.summary.skipped, kind, 1);
                continue;
            }
            self.summary.documents_in += 1;
            match outcome {
                Outcome::Record {
                    line,
                    changes,
                    removed,
                    kept,
                } => {
                    self.summary.documents_out += 1;
                    self.summary.bytes_out += line.len() as u64;
                    lines.push(IoSlice::new(line));
                    match kept {
                        Some(kept) => {
                            tally(
                                self.summary,
                                &kept.cleaned.changes,
                                &kept.cleaned.removed,
                                key,
                            );
                            self.observer.cleaned(kept);
                        }
                        None => tally(self.summary, changes, removed, key),
                    }
                }
                Outcome::Skipped(_) => {}
                Outcome::Rejected(r) => self.reject(r)?,
            }
        }
        write_all_vectored(self.out, &mut lines).map_err(|source| FatalError::Output {
            target: Target::Records,
            source,
        })?;
        self.observer
            .progress(self.summary.documents_in, self.summary.bytes_in);
        Ok(())
    }
}

/// Write all of `bufs` (what `Write::write_all_vectored` will do once it is stable).
fn write_all_vectored(out: &mut dyn Write, mut bufs: &mut [IoSlice<'_>]) -> std::io::Result<()> {
    while !bufs.is_empty() {
        match out.write_vectored(bufs) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => IoSlice::advance_slices(&mut bufs, n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Add a document's changes and removals to the summary. This runs on the output thread
/// for every record, so it allocates only for a name it has not seen before (`key` is a
/// reused buffer).
pub(crate) fn tally(
    summary: &mut Summary,
    changes: &[Change],
    removed: &[Removed],
    key: &mut String,
) {
    for c in changes {
        key.clear();
        key.push_str(c.stage);
        key.push_str(": ");
        key.push_str(&c.kind);
        add(&mut summary.changes, key, c.count as u64);
    }
    for r in removed {
        add(&mut summary.removed, r.kind, 1);
    }
}

fn add(counts: &mut BTreeMap<String, u64>, name: &str, n: u64) {
    match counts.get_mut(name) {
        Some(count) => *count += n,
        None => {
            counts.insert(name.to_owned(), n);
        }
    }
}

/// Clean one item. A panic in a stage is a bug, but it must not take the run down: the
/// document is rejected with a reason that says so.
/// With `keep`, the document as read and as cleaned goes with the record.
fn process(item: Item, config: &Config, keep: bool) -> Outcome {
    let origin = item.origin.clone();
    let input = item.input_kind();
    match std::panic::catch_unwind(AssertUnwindSafe(|| clean_item(item, config, keep))) {
        Ok(outcome) => outcome,
        Err(_) => Outcome::Rejected(Rejected::new(
            origin,
            input,
            &Reject::Internal("a stage panicked; this is a bug in scour".into()),
        )),
    }
}

fn clean_item(item: Item, config: &Config, keep: bool) -> Outcome {
    let input = item.input_kind();
    if let Payload::Skipped(kind) = item.payload {
        return Outcome::Skipped(kind);
    }
    let read = if keep {
        read_kept(item, config).map(|(doc, original)| (doc, Some(original)))
    } else {
        read_document(item, config).map(|doc| (doc, None))
    };
    let (mut doc, original) = match read {
        Ok(read) => read,
        Err(rejected) => return Outcome::Rejected(*rejected),
    };
    let mut bytes_decoded = 0;
    let cleaned = if keep {
        pipeline::clean_document_traced(&mut doc, config, |stage, doc| {
            if stage.name == crate::decode::STAGE {
                bytes_decoded = doc.title.as_ref().map_or(0, String::len) + doc.text.len();
            }
        })
    } else {
        pipeline::clean_document(&mut doc, config)
    };
    match cleaned {
        Ok(()) => {
            let mut line = Vec::with_capacity(record::size_hint(&doc));
            record::write_line(&doc, &mut line);
            match original {
                Some(original) => {
                    let bytes_cleaned = doc.title.take().map_or(0, |t| t.len())
                        + std::mem::take(&mut doc.text).len();
                    Outcome::Record {
                        line,
                        changes: Vec::new(),
                        removed: Vec::new(),
                        kept: Some(Box::new(Kept {
                            original,
                            cleaned: doc,
                            bytes_decoded: bytes_decoded as u64,
                            bytes_cleaned: bytes_cleaned as u64,
                        })),
                    }
                }
                None => Outcome::Record {
                    line,
                    changes: std::mem::take(&mut doc.changes),
                    removed: std::mem::take(&mut doc.removed),
                    kept: None,
                },
            }
        }
        Err(reject) => {
            // Text that came as a JSON string is kept as UTF-8 bytes.
            let raw = doc.raw.take().or_else(|| Some(doc.text.into_bytes()));
            Outcome::Rejected(Rejected::new(doc.origin, input, &reject).with_raw(raw))
        }
    }
}

/// [`read_document`], keeping the document as read: a JSONL line's bytes, else a copy.
fn read_kept(item: Item, config: &Config) -> Result<(Document, Original), Box<Rejected>> {
    let Item {
        origin,
        stem,
        payload,
    } = item;
    match payload {
        Payload::Json(bytes) => match json_document(&bytes, origin.clone(), &stem, &config.input) {
            Ok(doc) => Ok((
                doc,
                Original::Json {
                    bytes,
                    origin,
                    stem,
                },
            )),
            Err(reject) => Err(Box::new(
                Rejected::new(origin, "jsonl", &reject).with_raw(Some(bytes)),
            )),
        },
        payload => {
            let item = Item {
                origin,
                stem,
                payload,
            };
            let doc = read_document(item, config)?;
            let copy = Box::new(doc.clone());
            Ok((doc, Original::Document(copy)))
        }
    }
}

/// Turn an item into a document ready for the stages (JSONL lines are parsed here).
pub fn read_document(item: Item, config: &Config) -> Result<Document, Box<Rejected>> {
    let input = item.input_kind();
    let Item {
        origin,
        stem,
        payload,
    } = item;
    // The file part of the id: its stem, or with `--id-from path` its path as shown.
    let stem: Arc<str> = match config.input.id_from {
        IdFrom::Path if origin.path != "-" && !stem.is_empty() => Arc::from(origin.path.as_str()),
        _ => stem,
    };
    match payload {
        Payload::Bytes(bytes) => {
            let id = match origin.line {
                Some(line) => format!("{stem}:{line}"),
                None => stem.to_string(),
            };
            Ok(Document::from_bytes(id, origin, bytes))
        }
        Payload::Json(bytes) => {
            // The line is read with its place but not its path, which the document then
            // takes over (a reject keeps it): no copy of the path for every line.
            let place = Origin {
                path: String::new(),
                ..origin
            };
            match json_document(&bytes, place, &stem, &config.input) {
                Ok(mut doc) => {
                    doc.origin.path = origin.path;
                    Ok(doc)
                }
                Err(reject) => Err(Box::new(
                    Rejected::new(origin, input, &reject).with_raw(Some(bytes)),
                )),
            }
        }
        Payload::File(file, folder) => {
            match read_file(&file, &folder, config.input.max_doc_bytes) {
                Ok(bytes) => Ok(Document::from_bytes(stem.to_string(), origin, bytes)),
                Err(unread) => Err(Box::new(Rejected::unread(origin, input, unread))),
            }
        }
        Payload::Page(page) => {
            let mut doc = Document::from_bytes(page.id, origin, page.body);
            doc.web = Some(page.web);
            Ok(doc)
        }
        Payload::Skipped(kind) => Err(Box::new(Rejected::new(
            origin,
            input,
            &Reject::Internal(format!("a skipped {kind} record reached the stages")),
        ))),
        Payload::Failed(unread) => Err(Box::new(Rejected::unread(origin, input, unread))),
    }
}
