//! The run driver: read items in bounded chunks, clean each chunk in parallel, write the
//! records in input order.
//!
//! Reading the next chunk overlaps with cleaning the current one (`rayon::join`). Chunks are
//! bounded in documents and bytes, so memory does not grow with the corpus, and output
//! order never depends on timing: the same input gives the same bytes at any thread count.

use crate::config::Config;
use crate::document::{Document, Origin};
use crate::error::{FatalError, Reject};
use crate::io::{Item, ItemReader, Payload, json_document};
use crate::{pipeline, record};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::panic::AssertUnwindSafe;
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
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            threads: 0,
            chunk_docs: 256,
            chunk_bytes: 4 << 20,
        }
    }
}

/// A document that was not emitted, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    /// The input path as shown.
    pub path: String,
    /// The line, for line-oriented input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The byte offset of the line in its input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// A stable name for the reason (`binary`, `json`, `unreadable`, `too_large`, …).
    pub kind: &'static str,
    /// The reason in words.
    pub reason: String,
}

impl Rejected {
    fn new(origin: Origin, reject: &Reject) -> Self {
        Self {
            path: origin.path,
            line: origin.line,
            offset: origin.offset,
            kind: reject.kind(),
            reason: reject.to_string(),
        }
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
}

impl Summary {
    /// The one-line summary printed at the end of a run.
    pub fn line(&self) -> String {
        let mb = self.bytes_in as f64 / 1e6;
        let rate = if self.seconds > 0.0 {
            mb / self.seconds
        } else {
            0.0
        };
        format!(
            "{} documents in, {} out, {} rejected; {:.1} MB in {:.2} s ({:.0} MB/s, {} threads)",
            self.documents_in,
            self.documents_out,
            self.rejected,
            mb,
            self.seconds,
            rate,
            self.threads
        )
    }
}

enum Outcome {
    Record { line: Vec<u8>, doc: Box<Document> },
    Rejected(Rejected),
}

/// Clean every document the reader yields, writing records to `out` and rejects to
/// `rejects` (JSONL), in input order.
pub fn run(
    mut reader: ItemReader,
    config: &Config,
    options: &RunOptions,
    out: &mut (dyn Write + Send),
    mut rejects: Option<&mut (dyn Write + Send)>,
    observer: &dyn Observer,
) -> Result<Summary, FatalError> {
    let start = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|e| FatalError::Config(format!("cannot start worker threads: {e}")))?;
    let mut summary = Summary {
        threads: pool.current_num_threads(),
        ..Summary::default()
    };
    pool.install(|| -> Result<(), FatalError> {
        let mut chunk = next_chunk(&mut reader, options);
        let mut buf = Vec::new();
        while !chunk.is_empty() {
            summary.bytes_in += chunk.iter().map(|i| i.len() as u64).sum::<u64>();
            let (outcomes, next) = rayon::join(
                || {
                    chunk
                        .into_par_iter()
                        .map(|item| process(item, config))
                        .collect::<Vec<_>>()
                },
                || next_chunk(&mut reader, options),
            );
            buf.clear();
            for outcome in outcomes {
                summary.documents_in += 1;
                match outcome {
                    Outcome::Record { line, doc } => {
                        summary.documents_out += 1;
                        buf.extend_from_slice(&line);
                        tally(&mut summary, &doc);
                    }
                    Outcome::Rejected(r) => {
                        summary.rejected += 1;
                        *summary.rejects.entry(r.kind.to_owned()).or_default() += 1;
                        observer.rejected(&r);
                        if let Some(w) = rejects.as_deref_mut() {
                            let mut line =
                                serde_json::to_vec(&r).expect("serializing JSON into memory");
                            line.push(b'\n');
                            w.write_all(&line).map_err(|source| FatalError::Output {
                                path: "rejects".into(),
                                source,
                            })?;
                        }
                    }
                }
            }
            out.write_all(&buf).map_err(|source| FatalError::Output {
                path: "output".into(),
                source,
            })?;
            summary.bytes_out += buf.len() as u64;
            observer.progress(summary.documents_in, summary.bytes_in);
            chunk = next;
        }
        Ok(())
    })?;
    out.flush().map_err(|source| FatalError::Output {
        path: "output".into(),
        source,
    })?;
    summary.seconds = start.elapsed().as_secs_f64();
    Ok(summary)
}

fn tally(summary: &mut Summary, doc: &Document) {
    for c in &doc.changes {
        *summary
            .changes
            .entry(format!("{}: {}", c.stage, c.kind))
            .or_default() += c.count as u64;
    }
    for r in &doc.removed {
        *summary.removed.entry(r.kind.to_owned()).or_default() += 1;
    }
}

fn next_chunk(reader: &mut ItemReader, options: &RunOptions) -> Vec<Item> {
    let mut chunk = Vec::new();
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

/// Clean one item. A panic in a stage is a bug, but it must not take the run down: the
/// document is rejected with a reason that says so.
fn process(item: Item, config: &Config) -> Outcome {
    let origin = item.origin.clone();
    match std::panic::catch_unwind(AssertUnwindSafe(|| clean_item(item, config))) {
        Ok(outcome) => outcome,
        Err(_) => Outcome::Rejected(Rejected::new(
            origin,
            &Reject::Internal("a stage panicked; this is a bug in scour".into()),
        )),
    }
}

fn clean_item(item: Item, config: &Config) -> Outcome {
    let mut doc = match document(item, config) {
        Ok(doc) => doc,
        Err(rejected) => return Outcome::Rejected(rejected),
    };
    match pipeline::run(&mut doc, config) {
        Ok(()) => {
            let mut line = Vec::with_capacity(doc.text.len() + 256);
            record::write_line(&doc, &mut line);
            Outcome::Record {
                line,
                doc: Box::new(doc),
            }
        }
        Err(reject) => Outcome::Rejected(Rejected::new(doc.origin, &reject)),
    }
}

/// Turn an item into a document ready for the stages (JSONL lines are parsed here).
pub fn document(item: Item, config: &Config) -> Result<Document, Rejected> {
    let Item {
        origin,
        stem,
        payload,
    } = item;
    match payload {
        Payload::Bytes(bytes) => {
            let id = match origin.line {
                Some(line) => format!("{stem}:{line}"),
                None => stem.to_string(),
            };
            Ok(Document::from_bytes(id, origin, bytes))
        }
        Payload::Json(bytes) => json_document(&bytes, origin.clone(), &stem, &config.input)
            .map_err(|reject| Rejected::new(origin, &reject)),
        Payload::Failed(reject) => Err(Rejected::new(origin, &reject)),
    }
}
