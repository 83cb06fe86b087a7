//! The corpus report: one self-contained HTML page that shows a reviewer what cleaning did
//! to a corpus: counts, charts and sampled documents with their changed lines.
//!
//! Data flows one way:
//!
//! 1. **Observations.** One [`Observation`] per document: its encoding report, site,
//!    changes, removed text and lengths. `scour clean --report` makes them from each
//!    document as read and as cleaned ([`Observation::of_document`], fed by the run's
//!    [`Observer`] hook, [`Reporting`]); `scour report` from the records of an earlier run
//!    ([`records::parse_line`]: `metadata.clean`, else `scour.clean`).
//! 2. **Aggregation** ([`Collector`]) streams: it runs on the output thread in input order
//!    and holds counters, a fixed histogram and reservoirs of at most `samples` entries per
//!    change kind and per reject kind ([`sample`]), never the corpus. Names (sites,
//!    sections, kinds) are counted up to a cap; beyond it they count as "other".
//! 3. **Samples** are chosen by the smallest stable hash of (path, line, id), so the same
//!    corpus gives the same samples at any thread count. Only a document that enters a
//!    reservoir is looked at closely: during `clean` it is cleaned again stage by stage
//!    ([`trace::stage_hunks`]) to show its changed lines before and after; from records,
//!    whose text before cleaning is gone, a sample shows what the record keeps: its changes
//!    (with `--explain`, each repair's first example) and every piece of removed text.
//! 4. **Rendering** ([`html`]) writes the page: inline CSS and hand-written SVG bars, every
//!    piece of corpus text made visible ([`trace::visible`]) and HTML-escaped. Nothing
//!    outside the file is referenced and no script runs.

pub mod html;
pub mod records;
pub mod sample;
pub mod trace;

use crate::config::Config;
use crate::document::Document;
use crate::run::{Kept, Observer, Original, Rejected};
use foldhash::HashMap;
use sample::{Reservoir, document_key};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::sync::{Arc, Mutex, OnceLock};
use trace::Hunk;

/// How many names (sites, sections, encodings, kinds of removed text, rejects) a report
/// counts one by one; more count as "other", so memory stays bounded.
pub const MAX_NAMES: usize = 10_000;
/// How many change kinds a report keeps samples for (each holds up to `samples` documents).
pub const MAX_KINDS: usize = 300;
/// Hunks shown per sampled document, lines per hunk and characters per line.
const MAX_HUNKS: usize = 8;
const MAX_HUNK_LINES: usize = 14;
const MAX_LINE_CHARS: usize = 300;
/// Pieces of removed text shown per sample, and examples kept per change kind.
const MAX_REMOVED: usize = 6;
const MAX_EXAMPLES: usize = 3;

/// What the report shows of the run that made the documents.
#[derive(Debug, Clone, Default)]
pub struct RunFacts {
    /// How the report was made (`scour clean …`, `scour report a.jsonl`).
    pub made_by: String,
    /// Documents read (including those rejected).
    pub documents_in: u64,
    /// Records written.
    pub documents_out: u64,
    /// Documents rejected.
    pub rejected: u64,
    /// Input bytes read, when known.
    pub bytes_in: Option<u64>,
    /// Output bytes written (or record bytes read), when known.
    pub bytes_out: Option<u64>,
    /// Wall-clock seconds of the clean run, when known.
    pub seconds: Option<f64>,
    /// Worker threads, when known.
    pub threads: Option<usize>,
    /// The options of the run that differ from the defaults (`--explain`, `--no-tags`).
    pub options: Option<Vec<String>>,
}

/// One change a document's record lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeSeen<'a> {
    /// The stage.
    pub stage: Cow<'a, str>,
    /// The kind, as written (with `--explain`, followed by its example).
    pub kind: Cow<'a, str>,
    /// How many times.
    pub count: u64,
}

/// What the report counts of one document: borrowed from a cleaned document (the output
/// thread sees every document, so it copies nothing) or owned, read from a record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Observation<'a> {
    /// The record id.
    pub id: Cow<'a, str>,
    /// The input path as shown.
    pub path: Cow<'a, str>,
    /// The line, for line-oriented input.
    pub line: Option<u64>,
    /// The encoding's name.
    pub encoding: Cow<'a, str>,
    /// The cascade step that decided the encoding.
    pub detected_by: Cow<'a, str>,
    /// How sure it was.
    pub confidence: Cow<'a, str>,
    /// The site, when a tag was found.
    pub site: Option<Cow<'a, str>>,
    /// The section, when the tag has one.
    pub section: Option<Cow<'a, str>>,
    /// Every change, in stage order.
    pub changes: Vec<ChangeSeen<'a>>,
    /// Every piece of removed text: kind and text.
    pub removed: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    /// Lines flagged as boilerplate but kept.
    pub flagged: u64,
    /// The length of the decoded document (title and text) in UTF-8 bytes, when known.
    pub bytes_before: Option<u64>,
    /// The length of the record's title and text in UTF-8 bytes, when known.
    pub bytes_after: Option<u64>,
}

impl<'a> Observation<'a> {
    /// The observation of a cleaned document; `bytes_before` measures the decoded input.
    pub fn of_document(doc: &'a Document, bytes_before: Option<u64>) -> Self {
        let b = Cow::Borrowed;
        Self {
            id: b(&doc.id),
            path: b(&doc.origin.path),
            line: doc.origin.line,
            encoding: b(doc.encoding.encoding),
            detected_by: b(doc.encoding.detected_by),
            confidence: b(doc.encoding.confidence.as_str()),
            site: doc.site_tag.as_ref().map(|t| b(t.site.as_str())),
            section: doc
                .site_tag
                .as_ref()
                .and_then(|t| t.section.as_deref().map(b)),
            changes: doc
                .changes
                .iter()
                .map(|c| ChangeSeen {
                    stage: b(c.stage),
                    kind: b(&c.kind),
                    count: c.count as u64,
                })
                .collect(),
            removed: doc
                .removed
                .iter()
                .map(|r| (b(r.kind), b(r.text.as_str())))
                .collect(),
            flagged: doc.boilerplate.len() as u64,
            bytes_before,
            bytes_after: Some((doc.title.as_ref().map_or(0, String::len) + doc.text.len()) as u64),
        }
    }

    /// The same, owning what it holds.
    pub fn into_owned(self) -> Observation<'static> {
        let own = |c: Cow<'_, str>| Cow::Owned(c.into_owned());
        Observation {
            id: own(self.id),
            path: own(self.path),
            line: self.line,
            encoding: own(self.encoding),
            detected_by: own(self.detected_by),
            confidence: own(self.confidence),
            site: self.site.map(own),
            section: self.section.map(own),
            changes: self
                .changes
                .into_iter()
                .map(|c| ChangeSeen {
                    stage: own(c.stage),
                    kind: own(c.kind),
                    count: c.count,
                })
                .collect(),
            removed: self
                .removed
                .into_iter()
                .map(|(k, t)| (own(k), own(t)))
                .collect(),
            flagged: self.flagged,
            bytes_before: self.bytes_before,
            bytes_after: self.bytes_after,
        }
    }

    /// Where the document is, as people write it: `path:line` or `path`.
    pub fn place(&self) -> String {
        place(&self.path, self.line)
    }

    /// Whether cleaning changed or took out anything.
    pub fn changed(&self) -> bool {
        !self.changes.is_empty() || !self.removed.is_empty()
    }
}

fn place(path: &str, line: Option<u64>) -> String {
    match line {
        Some(line) => format!("{path}:{line}"),
        None => path.to_owned(),
    }
}

/// A change kind without the example `--explain` adds to a repair's kind: `mojibake: utf-8
/// as windows-1252: "Ã¼" → "ü"` is the kind `mojibake: utf-8 as windows-1252` with the
/// example `"Ã¼" → "ü"`. (A kind's own name holds no quote; the example's quoted strings
/// escape theirs.)
pub fn split_example(kind: &str) -> (&str, Option<&str>) {
    if !kind.ends_with('"') {
        return (kind, None);
    }
    match kind.find('"') {
        Some(quote) if kind.ends_with('"') && kind.contains("\" → \"") => {
            match kind[..quote].strip_suffix(": ") {
                Some(base) => (base, Some(&kind[quote..])),
                None => (kind, None),
            }
        }
        _ => (kind, None),
    }
}

/// A sampled document, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    /// The record id.
    pub id: String,
    /// `path:line` or `path`.
    pub place: String,
    /// Every change of the document: `stage: kind ×count`.
    pub changes: Vec<String>,
    /// Its changed lines, before and after, by stage (empty when only its record was seen).
    pub hunks: Vec<Hunk>,
    /// Hunks and lines left out to keep the page small.
    pub hunks_left_out: usize,
    /// Pieces of removed text: kind and text (cut to a line's length).
    pub removed: Vec<(String, String)>,
    /// Whether the text before cleaning was available (a run of `clean`).
    pub before_known: bool,
}

/// A document in a reservoir: what its record says and, during `clean`, the document as
/// read. Its sample is made once, when the page is written, so that only the documents
/// that stay in a reservoir are cleaned again; a document too large to hold until then
/// gets its sample made at once.
#[derive(Debug)]
pub struct Candidate {
    seen: Observation<'static>,
    original: Option<Original>,
    sample: OnceLock<Sample>,
}

/// The most bytes of a document held in a reservoir until the page is written.
const MAX_HELD_BYTES: usize = 256 << 10;

impl Candidate {
    fn new(seen: &Observation<'_>, original: Option<&Original>, config: Option<&Config>) -> Self {
        let size = original.map_or(0, Original::len);
        let sample = OnceLock::new();
        if size > MAX_HELD_BYTES {
            let _ = sample.set(Sample::new(seen, as_read(original, config)));
        }
        Self {
            seen: seen.clone().into_owned(),
            original: original.filter(|_| size <= MAX_HELD_BYTES).cloned(),
            sample,
        }
    }

    /// The sample, made on first use (with `config`, the run's, when the document as read
    /// is held).
    pub fn sample(&self, config: Option<&Config>) -> &Sample {
        self.sample
            .get_or_init(|| Sample::new(&self.seen, as_read(self.original.as_ref(), config)))
    }
}

/// A line cut to [`MAX_LINE_CHARS`] characters, marked when cut.
fn cut(line: &str) -> String {
    match line.char_indices().nth(MAX_LINE_CHARS) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line.to_owned(),
    }
}

/// The document as read, with the configuration to clean it again.
fn as_read<'c>(
    original: Option<&Original>,
    config: Option<&'c Config>,
) -> Option<(Document, &'c Config)> {
    let config = config?;
    Some((original?.document(config)?, config))
}

impl Sample {
    /// The sample of a document; `original` (the document as read, with the run's
    /// configuration) gives its changed lines.
    fn new(seen: &Observation<'_>, original: Option<(Document, &Config)>) -> Self {
        let mut hunks = Vec::new();
        let mut left_out = 0;
        let before_known = original.is_some();
        if let Some((mut again, config)) = original {
            // The document was cleaned once already, so this does not fail; if it did, the
            // sample shows its changes without lines.
            let all = trace::stage_hunks(&mut again, config, 1).unwrap_or_default();
            left_out = all.len().saturating_sub(MAX_HUNKS);
            for mut hunk in all.into_iter().take(MAX_HUNKS) {
                left_out += hunk.lines.len().saturating_sub(MAX_HUNK_LINES);
                hunk.lines.truncate(MAX_HUNK_LINES);
                for (_, line) in &mut hunk.lines {
                    *line = cut(line);
                }
                hunks.push(hunk);
            }
        }
        Self {
            id: seen.id.clone().into_owned(),
            place: seen.place(),
            changes: seen
                .changes
                .iter()
                .map(|c| format!("{}: {} ×{}", c.stage, c.kind, c.count))
                .collect(),
            hunks,
            hunks_left_out: left_out,
            removed: seen
                .removed
                .iter()
                .take(MAX_REMOVED)
                .map(|(kind, text)| (kind.to_string(), cut(text)))
                .collect(),
            before_known,
        }
    }
}

/// Counts by name, up to [`MAX_NAMES`] names; the rest count as `other`. The names sit in
/// a hash map (one lookup per document on the output thread) and are read out only sorted.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    by_name: HashMap<String, u64>,
    /// The count of names beyond the cap.
    pub other: u64,
}

impl Counts {
    fn add(&mut self, name: &str, n: u64) {
        if let Some(count) = self.by_name.get_mut(name) {
            *count += n;
        } else if self.by_name.len() < MAX_NAMES {
            self.by_name.insert(name.to_owned(), n);
        } else {
            self.other += n;
        }
    }

    /// The count of `name`.
    pub fn get(&self, name: &str) -> Option<u64> {
        self.by_name.get(name).copied()
    }

    /// Every name and its count, sorted by name.
    pub fn by_name(&self) -> Vec<(&str, u64)> {
        let mut all: Vec<(&str, u64)> = self
            .by_name
            .iter()
            .map(|(name, &n)| (name.as_str(), n))
            .collect();
        all.sort_unstable();
        all
    }

    /// The `top` largest, largest first (ties by name), and the sum of the rest (with
    /// the names beyond the cap).
    pub fn top(&self, top: usize) -> (Vec<(&str, u64)>, u64) {
        let mut all: Vec<(&str, u64)> = self
            .by_name
            .iter()
            .map(|(name, &n)| (name.as_str(), n))
            .collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let rest = all.iter().skip(top).map(|(_, n)| n).sum::<u64>() + self.other;
        all.truncate(top);
        (all, rest)
    }

    /// The sum of every count.
    pub fn total(&self) -> u64 {
        self.by_name.values().sum::<u64>() + self.other
    }
}

/// How many documents have a length in each power-of-two band of bytes: band 0 holds
/// the empty ones, band `i` lengths from `2^(i-1)` to `2^i - 1`.
#[derive(Debug, Clone)]
pub struct Lengths {
    /// Documents per band.
    pub bands: [u64; 65],
}

impl Default for Lengths {
    fn default() -> Self {
        Self { bands: [0; 65] }
    }
}

impl Lengths {
    fn add(&mut self, bytes: u64) {
        self.bands[(u64::BITS - bytes.leading_zeros()) as usize] += 1;
    }

    /// How a band is labelled: `0`, `1`, `2–4`, `1K–2K`; a band holds its lower end, not
    /// its upper one.
    pub fn label(band: usize) -> String {
        let short = |n: u64| match n {
            n if n >= 1 << 30 => format!("{}G", n >> 30),
            n if n >= 1 << 20 => format!("{}M", n >> 20),
            n if n >= 1 << 10 => format!("{}K", n >> 10),
            n => n.to_string(),
        };
        match band {
            0 => "0".into(),
            1 => "1".into(),
            b if b >= 64 => format!("{}+", short(1 << 63)),
            b => format!("{}–{}", short(1 << (b - 1)), short(1 << b)),
        }
    }
}

/// What the report knows of one change kind.
#[derive(Debug, Clone)]
pub struct KindTally {
    /// Documents with this kind of change.
    pub documents: u64,
    /// Changes made, in all.
    pub count: u64,
    /// The first examples `--explain` gave, in input order.
    pub examples: Vec<String>,
    /// Sampled documents.
    pub samples: Reservoir<Arc<Candidate>>,
}

/// What the report knows of one kind of removed text.
#[derive(Debug, Clone, Default)]
pub struct RemovedTally {
    /// Documents with text of this kind removed.
    pub documents: u64,
    /// Pieces removed.
    pub pieces: u64,
    /// UTF-8 bytes removed.
    pub bytes: u64,
}

/// What the report knows of one kind of reject.
#[derive(Debug, Clone)]
pub struct RejectTally {
    /// Documents rejected so.
    pub count: u64,
    /// Sampled rejects: where and why.
    pub samples: Reservoir<(String, String)>,
}

/// The streaming aggregation of a report (see the module docs).
#[derive(Debug)]
pub struct Collector<'c> {
    samples: usize,
    /// The run's configuration, to clean a sampled document again.
    pub config: Option<&'c Config>,
    position: u64,
    /// A reused buffer for names made of two parts.
    key: String,
    /// Documents observed (records).
    pub documents: u64,
    /// Documents with a change or a removal.
    pub changed: u64,
    /// Documents with boilerplate flagged.
    pub flagged: u64,
    /// By `stage NUL kind` ([`Collector::kinds`] gives them in pipeline order).
    kinds: HashMap<String, KindTally>,
    /// Change kinds beyond [`MAX_KINDS`]: documents and changes.
    pub kinds_left_out: (u64, u64),
    /// Documents by `encoding\tdetected_by`.
    pub encodings: Counts,
    /// Documents by confidence.
    pub confidence: Counts,
    /// Documents by site (those with a site tag).
    pub sites: Counts,
    /// Documents by `site-section`.
    pub sections: Counts,
    /// Lengths before cleaning (only during `clean`).
    pub before: Lengths,
    /// Lengths after cleaning.
    pub after: Lengths,
    /// Removed text by kind.
    pub removed: BTreeMap<String, RemovedTally>,
    /// Rejects by kind.
    pub rejects: BTreeMap<String, RejectTally>,
}

/// The position of a stage name in the pipeline (unknown names last).
fn stage_rank(stage: &str) -> usize {
    crate::pipeline::STAGES
        .iter()
        .position(|s| s.name == stage)
        .unwrap_or(usize::MAX)
}

impl<'c> Collector<'c> {
    /// A collector that keeps `samples` documents per change kind and reject kind;
    /// `config` (the run's) cleans a sampled document again to show its lines.
    pub fn new(samples: usize, config: Option<&'c Config>) -> Self {
        Self {
            samples,
            config,
            position: 0,
            key: String::new(),
            documents: 0,
            changed: 0,
            flagged: 0,
            kinds: HashMap::default(),
            kinds_left_out: (0, 0),
            encodings: Counts::default(),
            confidence: Counts::default(),
            sites: Counts::default(),
            sections: Counts::default(),
            before: Lengths::default(),
            after: Lengths::default(),
            removed: BTreeMap::new(),
            rejects: BTreeMap::new(),
        }
    }

    /// Count one document; `original` is the document as read (during `clean`), to show
    /// the lines of a sampled one.
    pub fn add(&mut self, seen: &Observation<'_>, original: Option<&Original>) {
        let position = self.position;
        self.position += 1;
        self.documents += 1;
        if seen.changed() {
            self.changed += 1;
        }
        if seen.flagged > 0 {
            self.flagged += 1;
        }
        let key = &mut self.key;
        key.clear();
        key.push_str(&seen.encoding);
        key.push('\t');
        key.push_str(&seen.detected_by);
        self.encodings.add(key, 1);
        self.confidence.add(&seen.confidence, 1);
        if let Some(site) = &seen.site {
            self.sites.add(site, 1);
            if let Some(section) = &seen.section {
                key.clear();
                key.push_str(site);
                key.push('-');
                key.push_str(section);
                self.sections.add(key, 1);
            }
        }
        if let Some(bytes) = seen.bytes_before {
            self.before.add(bytes);
        }
        if let Some(bytes) = seen.bytes_after {
            self.after.add(bytes);
        }
        for (i, (kind, text)) in seen.removed.iter().enumerate() {
            let first = seen.removed[..i].iter().all(|(k, _)| k != kind);
            if !self.removed.contains_key(kind.as_ref()) {
                if self.removed.len() >= MAX_NAMES {
                    continue;
                }
                self.removed
                    .insert(kind.to_string(), RemovedTally::default());
            }
            let Some(tally) = self.removed.get_mut(kind.as_ref()) else {
                continue;
            };
            tally.documents += u64::from(first);
            tally.pieces += 1;
            tally.bytes += text.len() as u64;
        }
        let hash = document_key(&seen.path, seen.line, &seen.id);
        let mut candidate: Option<Arc<Candidate>> = None;
        let config = self.config;
        let mut make = || {
            candidate
                .get_or_insert_with(|| Arc::new(Candidate::new(seen, original, config)))
                .clone()
        };
        let kinds: Vec<(&str, Option<&str>)> = seen
            .changes
            .iter()
            .map(|c| split_example(&c.kind))
            .collect();
        for (i, (change, &(kind, example))) in seen.changes.iter().zip(&kinds).enumerate() {
            // A document counts once per kind, however many examples it has.
            let first = seen.changes[..i]
                .iter()
                .zip(&kinds)
                .all(|(c, (k, _))| c.stage != change.stage || *k != kind);
            key.clear();
            key.push_str(&change.stage);
            key.push('\0');
            key.push_str(kind);
            if !self.kinds.contains_key(key.as_str()) {
                if self.kinds.len() >= MAX_KINDS {
                    self.kinds_left_out.0 += u64::from(first);
                    self.kinds_left_out.1 += change.count;
                    continue;
                }
                let tally = KindTally {
                    documents: 0,
                    count: 0,
                    examples: Vec::new(),
                    samples: Reservoir::new(self.samples),
                };
                self.kinds.insert(key.clone(), tally);
            }
            let Some(tally) = self.kinds.get_mut(key.as_str()) else {
                continue;
            };
            tally.documents += u64::from(first);
            tally.count += change.count;
            if let Some(example) = example
                && tally.examples.len() < MAX_EXAMPLES
                && !tally.examples.iter().any(|e| e == example)
            {
                tally.examples.push(example.to_owned());
            }
            if first {
                tally.samples.offer(hash, position, &mut make);
            }
        }
    }

    /// The change kinds in pipeline order of their stages (then by name): stage, kind and
    /// what the report knows of it.
    pub fn kinds(&self) -> Vec<(&str, &str, &KindTally)> {
        let mut kinds: Vec<(&str, &str, &KindTally)> = self
            .kinds
            .iter()
            .map(|(name, tally)| {
                let (stage, kind) = name.split_once('\0').unwrap_or((name, ""));
                (stage, kind, tally)
            })
            .collect();
        kinds.sort_by(|a, b| (stage_rank(a.0), a.0, a.1).cmp(&(stage_rank(b.0), b.0, b.1)));
        kinds
    }

    /// Count one rejected document.
    pub fn reject(&mut self, path: &str, line: Option<u64>, kind: &str, reason: &str) {
        let position = self.position;
        self.position += 1;
        let samples = self.samples;
        let full = self.rejects.len() >= MAX_NAMES;
        let tally = match self.rejects.entry(kind.to_owned()) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(_) if full => return,
            Entry::Vacant(e) => e.insert(RejectTally {
                count: 0,
                samples: Reservoir::new(samples),
            }),
        };
        tally.count += 1;
        let key = document_key(path, line, "");
        tally
            .samples
            .offer(key, position, || (place(path, line), cut(reason)));
    }

    /// Documents rejected, as counted.
    pub fn rejected(&self) -> u64 {
        self.rejects.values().map(|t| t.count).sum()
    }
}

/// An [`Observer`] that passes everything on to `inner` and collects a report on the way
/// (during `scour clean --report`).
pub struct Reporting<'a, 'c> {
    inner: &'a dyn Observer,
    collector: Mutex<Collector<'c>>,
}

impl<'a, 'c> Reporting<'a, 'c> {
    /// Collect into `collector` while telling `inner`.
    pub fn new(inner: &'a dyn Observer, collector: Collector<'c>) -> Self {
        Self {
            inner,
            collector: Mutex::new(collector),
        }
    }

    /// The collector, once the run is over.
    pub fn into_collector(self) -> Collector<'c> {
        self.collector
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn with(&self, f: impl FnOnce(&mut Collector<'c>)) {
        let mut collector = self
            .collector
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut collector);
    }
}

impl Observer for Reporting<'_, '_> {
    fn rejected(&self, rejected: &Rejected) {
        self.with(|c| {
            c.reject(
                &rejected.path,
                rejected.line,
                rejected.kind,
                &rejected.reason,
            )
        });
        self.inner.rejected(rejected);
    }

    fn progress(&self, documents: u64, bytes: u64) {
        self.inner.progress(documents, bytes);
    }

    fn keeps_documents(&self) -> bool {
        true
    }

    fn cleaned(&self, kept: &Kept) {
        let mut seen = Observation::of_document(&kept.cleaned, Some(kept.bytes_decoded));
        seen.bytes_after = Some(kept.bytes_cleaned);
        self.with(|c| c.add(&seen, Some(&kept.original)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explain_examples_are_split_off_kinds() {
        assert_eq!(
            split_example(r#"mojibake: utf-8 as windows-1252: "Ã¼" → "ü""#),
            ("mojibake: utf-8 as windows-1252", Some(r#""Ã¼" → "ü""#))
        );
        assert_eq!(
            split_example(r#"html entity: "a: \"b" → "a: \"c""#),
            ("html entity", Some(r#""a: \"b" → "a: \"c""#))
        );
        assert_eq!(split_example("line ends"), ("line ends", None));
        assert_eq!(split_example(r#"odd "kind""#), (r#"odd "kind""#, None));
    }

    #[test]
    fn length_bands() {
        let mut l = Lengths::default();
        for n in [0, 1, 2, 3, 4, 1023, 1024, u64::MAX] {
            l.add(n);
        }
        assert_eq!(&l.bands[..4], &[1, 1, 2, 1]);
        assert_eq!((l.bands[10], l.bands[11], l.bands[64]), (1, 1, 1));
        assert_eq!(Lengths::label(0), "0");
        assert_eq!(Lengths::label(3), "4–8");
        assert_eq!(Lengths::label(11), "1K–2K");
        assert_eq!(Lengths::label(64), "8589934592G+");
    }

    #[test]
    fn names_beyond_the_cap_count_as_other() {
        let mut c = Counts::default();
        for i in 0..MAX_NAMES + 5 {
            c.add(&format!("site{i:05}"), 1);
        }
        c.add("site00000", 10);
        let (top, rest) = c.top(2);
        assert_eq!(top, [("site00000", 11), ("site00001", 1)]);
        assert_eq!(rest, (MAX_NAMES as u64 - 2) + 5);
        assert_eq!(c.total(), MAX_NAMES as u64 + 5 + 10);
    }

    #[test]
    fn a_kind_counts_each_document_once() {
        let mut c = Collector::new(2, None);
        let change = |kind: &'static str, count| ChangeSeen {
            stage: "repair".into(),
            kind: kind.into(),
            count,
        };
        let doc = Observation {
            id: "a".into(),
            path: "p".into(),
            changes: vec![
                change(r#"mojibake: x: "Ã¤" → "ä""#, 2),
                change(r#"mojibake: x: "Ã¶" → "ö""#, 1),
            ],
            ..Observation::default()
        };
        c.add(&doc, None);
        let kinds = c.kinds();
        let (stage, kind, tally) = kinds[0];
        assert_eq!((stage, kind), ("repair", "mojibake: x"));
        assert_eq!((tally.documents, tally.count), (1, 3));
        assert_eq!(tally.examples, [r#""Ã¤" → "ä""#, r#""Ã¶" → "ö""#]);
        assert_eq!(tally.samples.len(), 1);
        assert_eq!(c.changed, 1);
    }
}
