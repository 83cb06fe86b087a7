//! Batch mode: many input files to as many output files, split into shards, so that a
//! cluster scheduler (Slurm, GNU parallel, Spark, Dask…) can run one scour per shard.
//!
//! The files matching a glob are sorted; shard `I/N` takes the files at positions
//! `I, I+N, I+2N, …`. Each input gets its own output under the output folder, at the same
//! path relative to the glob's literal prefix (`in/**/*.jsonl.zst` → base `in/`):
//!
//! | input (relative) | output |
//! |---|---|
//! | `a/b.jsonl`, `a/b.ndjson` | the same name |
//! | `a/b.jsonl.zst`, `a/b.jsonl.gz` | the same name, compressed the same way |
//! | `a/b.txt`, `a/b.txt.gz`, `a/b` | `a/b.jsonl`, `a/b.jsonl.gz`, `a/b.jsonl` |
//! | `a/b.parquet` | the same name: a Parquet table cleaned column by column ([`crate::table`]; feature `parquet`) |
//!
//! Every output is written under a temporary name and renamed into place when complete.
//! When the whole shard is done, `DIR/_rejects/I.jsonl` (its rejected documents),
//! `DIR/_stats/I.json` (its summary, per file and in total) and last `DIR/_completions/I`
//! are written. The completion records the shard, the number of its inputs, a hash of
//! their sorted list and a hash of the cleaning options: a rerun with the same inputs and
//! options skips the shard, one whose inputs or options changed since is an error that
//! says what changed (remove the completion to redo the shard). The same input and options give the same output bytes, whatever the shard
//! count or thread count.
//!
//! The glob is matched against the paths of a walk from its literal prefix, as bytes, so
//! that any file name matches (one that is not UTF-8 too); only regular files are inputs.
//!
//! A document that cannot be cleaned is a reject, as in a single run; an input file that
//! cannot be read at all gives an empty output and a reject. An output that cannot be
//! written fails that file: the others go on, but the shard is not marked complete. A glob
//! that matches nothing is an error, not an empty completed shard.

use crate::config::Config;
use crate::error::{FatalError, Target};
use crate::io::{Compression, Encoder, Input, InputFormat, ItemReader, Output, shown_path};
use crate::run::{self, Observer, Rejected, RunOptions, Summary};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::Instant;

/// Which part of the sorted file list a process takes: files at positions
/// `index, index + count, …`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: usize,
    count: usize,
}

impl Shard {
    /// The whole list.
    pub const ALL: Shard = Shard { index: 0, count: 1 };

    /// Shard `index` of `count`; `None` unless `index < count`.
    pub fn new(index: usize, count: usize) -> Option<Self> {
        (index < count).then_some(Self { index, count })
    }

    /// The shard's index `I`.
    pub fn index(self) -> usize {
        self.index
    }

    /// The number of shards `N`.
    pub fn count(self) -> usize {
        self.count
    }

    /// Whether the file at `position` of the sorted list belongs to this shard.
    pub fn takes(self, position: usize) -> bool {
        position % self.count == self.index
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("{s:?} is not a shard: write I/N with 0 <= I < N, e.g. 0/4");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let i = i.trim().parse().map_err(|_| bad())?;
        let n = n.trim().parse().map_err(|_| bad())?;
        Shard::new(i, n).ok_or_else(bad)
    }
}

/// What stops a batch before or instead of its files.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The glob pattern does not parse.
    #[error("invalid --input pattern {pattern:?}: {reason}")]
    Pattern {
        /// The pattern.
        pattern: String,
        /// Why.
        reason: String,
    },
    /// A folder could not be listed. Every shard must see the same list, so this is fatal.
    #[error(
        "cannot list {path}: {reason}; every shard must see the same files, so nothing was done"
    )]
    List {
        /// The path that failed.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// Nothing matches: most likely a typo, and a shard completed on nothing would be
    /// skipped on every rerun.
    #[error("no file matches --input {pattern:?}")]
    NoMatch {
        /// The pattern.
        pattern: String,
    },
    /// Two inputs would be written to the same output.
    #[error("{first} and {second} would both be written to {output}; rename one of them")]
    Clash {
        /// The first input.
        first: PathBuf,
        /// The second input.
        second: PathBuf,
        /// Their common output.
        output: PathBuf,
    },
    /// The output folder holds a completion from a different shard count.
    #[error(
        "{path} records shard {found}, not {wanted}: the output folder was made with another shard count; use a new folder"
    )]
    ShardCount {
        /// The completion file.
        path: PathBuf,
        /// What it says.
        found: String,
        /// This run's shard.
        wanted: Shard,
    },
    /// The shard completed with other inputs than it has now.
    #[error(
        "{path}: the shard completed with {then} inputs; {change} since the shard completed; remove {path} to redo it"
    )]
    InputsChanged {
        /// The completion file.
        path: PathBuf,
        /// The number of inputs it records.
        then: usize,
        /// What changed, in words.
        change: String,
    },
    /// The shard completed with other cleaning options than this run's.
    #[error(
        "{path}: the shard completed with other cleaning options than these; remove {path} to redo it with these"
    )]
    OptionsChanged {
        /// The completion file.
        path: PathBuf,
    },
    /// Stopped by SIGINT or SIGTERM between two chunks; the shard is not complete and no
    /// temporary file is left.
    #[error("interrupted; the shard is not complete")]
    Interrupted,
    /// The shard's own files (`_rejects`, `_stats`, `_completions`) or folders could not
    /// be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// One input and where its records go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The input path, as the glob matched it.
    pub input: PathBuf,
    /// The output path under the output folder.
    pub output: PathBuf,
}

/// A batch: which files, where to, which shard.
#[derive(Debug, Clone)]
pub struct Batch {
    /// The glob pattern (`**` crosses folders; hidden files are not matched).
    pub pattern: String,
    /// The output folder.
    pub output_dir: PathBuf,
    /// This process's shard.
    pub shard: Shard,
    /// How inputs are split into documents.
    pub format: InputFormat,
    /// What identifies the cleaning options (any text; the CLI gives its parsed clean
    /// options): its hash goes into the completion, and a rerun with other options is an
    /// error rather than a skip.
    pub options: String,
}

/// How one file of the shard went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileReport {
    /// The input path, as records show it ([`shown_path`]).
    pub input: String,
    /// The output path, shown the same way.
    pub output: String,
    /// Documents read.
    pub documents_in: u64,
    /// Records written.
    pub documents_out: u64,
    /// Documents rejected.
    pub rejected: u64,
    /// WARC records skipped, by type (left out when none were).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub skipped: std::collections::BTreeMap<String, u64>,
    /// Why the output could not be written (then the shard is not complete).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// What a shard did: the content of `_stats/I.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShardReport {
    /// `I/N`.
    pub shard: String,
    /// Files matched by the pattern, over all shards.
    pub files_matched: usize,
    /// This shard's files, in order.
    pub files: Vec<FileReport>,
    /// The shard's documents, in total.
    pub summary: Summary,
}

impl ShardReport {
    /// Files whose output could not be written.
    pub fn failed_files(&self) -> impl Iterator<Item = &FileReport> {
        self.files.iter().filter(|f| f.error.is_some())
    }
}

/// What [`run`] did.
#[derive(Debug)]
pub enum Outcome {
    /// The shard was already complete: nothing was done.
    Skipped {
        /// The completion file found.
        completion: PathBuf,
    },
    /// The shard ran; complete unless some file failed.
    Ran(ShardReport),
}

impl Batch {
    /// `DIR/_completions/I`.
    pub fn completion_path(&self) -> PathBuf {
        self.output_dir
            .join("_completions")
            .join(self.shard.index.to_string())
    }

    /// `DIR/_stats/I.json`.
    pub fn stats_path(&self) -> PathBuf {
        self.output_dir
            .join("_stats")
            .join(format!("{}.json", self.shard.index))
    }

    /// `DIR/_rejects/I.jsonl`.
    pub fn rejects_path(&self) -> PathBuf {
        self.output_dir
            .join("_rejects")
            .join(format!("{}.jsonl", self.shard.index))
    }

    /// Every matched file and its output, in sorted order, over all shards. Hidden files
    /// and anything inside the output folder are left out; two inputs with one output are
    /// an error.
    pub fn jobs(&self) -> Result<Vec<Job>, BatchError> {
        // The glob crate yielded `./`-less paths; so do the walk and the pattern here.
        let mut pattern = self.pattern.as_str();
        while let Some(rest) = pattern.strip_prefix("./") {
            pattern = rest.trim_start_matches('/');
        }
        let matcher = globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .backslash_escape(true)
            .build()
            .map_err(|e| BatchError::Pattern {
                pattern: self.pattern.clone(),
                reason: e.kind().to_string(),
            })?
            .compile_matcher();
        let base = literal_base(&self.pattern);
        let root = if base.as_os_str().is_empty() {
            Path::new(".")
        } else {
            base.as_path()
        };
        let out_dir = std::fs::canonicalize(&self.output_dir).ok();
        // Hidden entries below the literal prefix are not matched, nor is anything in the
        // output folder.
        // Without `**` (or alternatives, which may hold separators) a match is exactly as
        // deep as the pattern: the walk goes no deeper.
        let depth = if pattern.contains("**") || pattern.contains('{') {
            usize::MAX
        } else {
            Path::new(pattern)
                .components()
                .count()
                .saturating_sub(base.components().count())
        };
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .max_depth(depth)
            .into_iter()
            .filter_entry(|e| {
                if e.depth() == 0 {
                    return true;
                }
                if e.file_name().as_encoded_bytes().first() == Some(&b'.') {
                    return false;
                }
                !(e.file_type().is_dir()
                    && out_dir.is_some()
                    && std::fs::canonicalize(e.path()).ok() == out_dir)
            });
        let mut inputs = Vec::new();
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                // A dangling link, or a file gone since its folder was read: not a file.
                Err(e)
                    if e.io_error().map(std::io::Error::kind)
                        == Some(std::io::ErrorKind::NotFound) =>
                {
                    continue;
                }
                // The literal prefix does not exist: nothing matches.
                Err(e) if e.depth() == 0 => {
                    let _ = e;
                    continue;
                }
                Err(e) => {
                    return Err(BatchError::List {
                        path: e.path().unwrap_or(root).to_owned(),
                        reason: e
                            .io_error()
                            .map_or_else(|| e.to_string(), ToString::to_string),
                    });
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let path = if base.as_os_str().is_empty() {
                entry.path().strip_prefix(".").unwrap_or(entry.path())
            } else {
                entry.path()
            };
            if matcher.is_match(path) {
                inputs.push(path.to_owned());
            }
        }
        inputs.sort();
        let mut seen: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
        let mut jobs = Vec::with_capacity(inputs.len());
        for input in inputs {
            let relative = input.strip_prefix(&base).unwrap_or(&input);
            let output = self.output_dir.join(output_name(relative));
            if let Some(first) = seen.insert(output.clone(), input.clone()) {
                return Err(BatchError::Clash {
                    first,
                    second: input,
                    output,
                });
            }
            jobs.push(Job { input, output });
        }
        Ok(jobs)
    }
}

/// The glob's folder prefix without wildcards: `in/**/*.zst` → `in`, `*.txt` → ``.
fn literal_base(pattern: &str) -> PathBuf {
    let mut base = PathBuf::new();
    let components: Vec<Component> = Path::new(pattern).components().collect();
    // The last component is a file name pattern even without wildcards.
    for c in components.iter().take(components.len().saturating_sub(1)) {
        // glob drops a leading `./` from what it yields, so the base must too.
        if *c == Component::CurDir {
            continue;
        }
        if c.as_os_str()
            .to_string_lossy()
            .contains(['*', '?', '[', '{'])
        {
            break;
        }
        base.push(c);
    }
    base
}

/// The output's relative path for an input's relative path (the table in the module docs).
/// Only normal components are kept, so an output never leaves the output folder.
pub fn output_name(relative: &Path) -> PathBuf {
    let mut out: PathBuf = relative
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .collect();
    let compression = Compression::from_path(&out);
    let name = out.file_name().unwrap_or_default().as_encoded_bytes();
    if cfg!(feature = "parquet") && name.ends_with(b".parquet") {
        return out;
    }
    let inner = name
        .strip_suffix(compression.extension().as_bytes())
        .unwrap_or(name);
    let mut new = if inner.ends_with(b".jsonl") || inner.ends_with(b".ndjson") {
        inner.to_vec()
    } else {
        let stem = match inner.iter().rposition(|&b| b == b'.') {
            Some(dot) if dot > 0 => &inner[..dot],
            _ => inner,
        };
        [stem, b".jsonl"].concat()
    };
    new.extend_from_slice(compression.extension().as_bytes());
    out.set_file_name(os_string(new));
    out
}

/// Bytes cut from and joined to an OS string's bytes at ASCII dots, back into one.
fn os_string(bytes: Vec<u8>) -> std::ffi::OsString {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        std::ffi::OsString::from_vec(bytes)
    }
    #[cfg(not(unix))]
    {
        String::from_utf8_lossy(&bytes).into_owned().into()
    }
}

/// 64-bit FNV-1a of byte strings, each ended by a zero byte: stable across runs, versions
/// and machines (the std hashers promise none of that).
fn fnv<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.iter().chain(&[0]) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// What the completion file records of the shard's inputs: how many, and a hash of their
/// sorted paths.
fn inputs_line(jobs: &[Job]) -> String {
    let hash = fnv(jobs.iter().map(|j| j.input.as_os_str().as_encoded_bytes()));
    format!("inputs {} {hash:016x}", jobs.len())
}

/// What the completion file records of the cleaning options.
fn options_line(batch: &Batch) -> String {
    let format = format!("{:?}", batch.format);
    let hash = fnv([format.as_bytes(), batch.options.as_bytes()]);
    format!("options {hash:016x}")
}

/// What changed between the inputs a completion records and those of now, or `None`.
fn inputs_change(recorded: &str, now: &str) -> Option<(usize, String)> {
    let count = |line: &str| line.split(' ').nth(1).and_then(|n| n.parse::<usize>().ok());
    let (then, now_count) = (count(recorded)?, count(now)?);
    if recorded == now {
        return None;
    }
    let plural = |n: usize| if n == 1 { "input" } else { "inputs" };
    let change = match now_count.cmp(&then) {
        std::cmp::Ordering::Greater => {
            let n = now_count - then;
            format!("{n} {} added", plural(n))
        }
        std::cmp::Ordering::Less => {
            let n = then - now_count;
            format!("{n} {} removed", plural(n))
        }
        std::cmp::Ordering::Equal => "the list of inputs changed (as many, other names)".into(),
    };
    Some((then, change))
}

/// Progress of one file, shifted by the files before it.
struct Shifted<'a> {
    inner: &'a dyn Observer,
    documents: u64,
    bytes: u64,
}

impl Observer for Shifted<'_> {
    fn rejected(&self, rejected: &Rejected) {
        self.inner.rejected(rejected);
    }

    fn progress(&self, documents: u64, bytes: u64) {
        self.inner
            .progress(self.documents + documents, self.bytes + bytes);
    }
}

/// Run one shard of a batch (see the module docs), or skip it when it is complete.
pub fn run_shard(
    batch: &Batch,
    config: &Config,
    options: &RunOptions,
    observer: &dyn Observer,
) -> Result<Outcome, BatchError> {
    let completion = batch.completion_path();
    let recorded = std::fs::read_to_string(&completion).ok();
    if let Some(found) = &recorded {
        let shard = found.lines().next().unwrap_or_default().trim();
        if shard != batch.shard.to_string() {
            return Err(BatchError::ShardCount {
                path: completion,
                found: shard.to_owned(),
                wanted: batch.shard,
            });
        }
    }
    let start = Instant::now();
    let all = batch.jobs()?;
    let files_matched = all.len();
    if all.is_empty() {
        return Err(BatchError::NoMatch {
            pattern: batch.pattern.clone(),
        });
    }
    let mine: Vec<Job> = all
        .into_iter()
        .enumerate()
        .filter(|(i, _)| batch.shard.takes(*i))
        .map(|(_, job)| job)
        .collect();
    let inputs = inputs_line(&mine);
    if let Some(found) = &recorded {
        // A completion written before inputs were recorded has no second line.
        let then = found.lines().nth(1).unwrap_or_default().trim();
        if let Some((then, change)) = inputs_change(then, &inputs) {
            return Err(BatchError::InputsChanged {
                path: completion,
                then,
                change,
            });
        }
        let options = found.lines().nth(2).unwrap_or_default().trim();
        if !options.is_empty() && options != options_line(batch) {
            return Err(BatchError::OptionsChanged { path: completion });
        }
        return Ok(Outcome::Skipped { completion });
    }

    let rejects_path = batch.rejects_path();
    let mut rejects = create(&rejects_path)?;
    let mut total = Summary::default();
    let mut files = Vec::with_capacity(mine.len());
    let files_total = mine.len() as u64;
    for (done, job) in mine.iter().enumerate() {
        observer.files(done as u64, files_total);
        if options
            .cancel
            .as_ref()
            .is_some_and(|c| c.load(Ordering::Relaxed))
        {
            return Err(BatchError::Interrupted);
        }
        let shifted = Shifted {
            inner: observer,
            documents: total.documents_in,
            bytes: total.bytes_in,
        };
        let result = run_file(job, batch.format, config, options, &mut rejects, &shifted);
        let mut report = FileReport {
            input: shown_path(&job.input),
            output: shown_path(&job.output),
            documents_in: 0,
            documents_out: 0,
            rejected: 0,
            skipped: Default::default(),
            error: None,
        };
        match result {
            Ok(summary) => {
                report.documents_in = summary.documents_in;
                report.documents_out = summary.documents_out;
                report.rejected = summary.rejected;
                report.skipped.clone_from(&summary.skipped);
                add(&mut total, summary);
            }
            Err(FatalError::Interrupted) => return Err(BatchError::Interrupted),
            Err(e) => report.error = Some(e.to_string()),
        }
        files.push(report);
    }
    observer.files(files_total, files_total);
    total.seconds = start.elapsed().as_secs_f64();
    let report = ShardReport {
        shard: batch.shard.to_string(),
        files_matched,
        files,
        summary: total,
    };
    rejects.commit().map_err(|source| BatchError::Write {
        path: rejects_path,
        source,
    })?;
    let mut stats = serde_json::to_vec_pretty(&report).map_err(|e| BatchError::Write {
        path: batch.stats_path(),
        source: e.into(),
    })?;
    stats.push(b'\n');
    write_file(&batch.stats_path(), &stats)?;
    if report.failed_files().next().is_none() {
        let options = options_line(batch);
        let marker = format!("{}\n{inputs}\n{options}\n", batch.shard);
        write_file(&completion, marker.as_bytes())?;
    }
    Ok(Outcome::Ran(report))
}

/// Clean one input into its output file, which appears only when complete.
fn run_file(
    job: &Job,
    format: InputFormat,
    config: &Config,
    options: &RunOptions,
    rejects: &mut Output,
    observer: &dyn Observer,
) -> Result<Summary, FatalError> {
    let fail = |source| FatalError::Output {
        target: Target::File(job.output.clone()),
        source,
    };
    let file = create(&job.output).map_err(|e| match e {
        BatchError::Write { source, .. } => fail(source),
        other => fail(std::io::Error::other(other.to_string())),
    })?;
    let input = Input::file(shown_path(&job.input), &job.input, format);
    #[cfg(feature = "parquet")]
    if input.format == InputFormat::Parquet {
        let (summary, out) = crate::table::clean_tables(
            vec![Ok(input)],
            config,
            options,
            file,
            Some(rejects),
            observer,
        )
        .map_err(|e| match e {
            FatalError::Output {
                target: Target::Records,
                source,
            } => fail(source),
            other => other,
        })?;
        out.commit().map_err(fail)?;
        return Ok(summary);
    }
    let compression = Compression::from_path(&job.output);
    let mut out = Encoder::new(file, compression, options.threads).map_err(fail)?;
    let reader = ItemReader::new(vec![Ok(input)], config.input.clone());
    let summary = run::clean_items(reader, config, options, &mut out, Some(rejects), observer)
        .map_err(|e| match e {
            FatalError::Output {
                target: Target::Records,
                source,
            } => fail(source),
            other => other,
        })?;
    out.finish().and_then(Output::commit).map_err(fail)?;
    Ok(summary)
}

/// Open an output of the batch (by the output rule of [`crate::io::Output`]), making its
/// folder first.
fn create(path: &Path) -> Result<Output, BatchError> {
    let write = |source| BatchError::Write {
        path: path.to_owned(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(write)?;
    }
    Output::create(path).map_err(write)
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), BatchError> {
    let mut file = create(path)?;
    file.write_all(bytes)
        .and_then(|()| file.commit())
        .map_err(|source| BatchError::Write {
            path: path.to_owned(),
            source,
        })
}

fn add(total: &mut Summary, one: Summary) {
    total.documents_in += one.documents_in;
    total.documents_out += one.documents_out;
    total.rejected += one.rejected;
    total.bytes_in += one.bytes_in;
    total.bytes_out += one.bytes_out;
    total.threads = one.threads;
    for (into, from) in [
        (&mut total.changes, one.changes),
        (&mut total.removed, one.removed),
        (&mut total.rejects, one.rejects),
        (&mut total.skipped, one.skipped),
    ] {
        for (k, v) in from {
            *into.entry(k).or_default() += v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_partition() {
        let s: Shard = "1/3".parse().unwrap();
        assert_eq!(
            (s.index(), s.count(), s.to_string()),
            (1, 3, "1/3".to_owned())
        );
        for bad in ["3/3", "1", "a/2", "-1/2", "0/0", "1/2/3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        // Every position is taken by exactly one shard.
        for n in 1..5 {
            for pos in 0..20 {
                let owners = (0..n).filter(|&i| Shard::new(i, n).unwrap().takes(pos));
                assert_eq!(owners.count(), 1);
            }
        }
        let taken: Vec<usize> = (0..10).filter(|&p| s.takes(p)).collect();
        assert_eq!(taken, [1, 4, 7]);
    }

    #[test]
    fn output_names() {
        for (input, output) in [
            ("a/b.jsonl", "a/b.jsonl"),
            ("a/b.ndjson", "a/b.ndjson"),
            ("a/b.jsonl.zst", "a/b.jsonl.zst"),
            ("b.jsonl.gz", "b.jsonl.gz"),
            ("a/b.txt", "a/b.jsonl"),
            ("a/b.txt.gz", "a/b.jsonl.gz"),
            ("README", "README.jsonl"),
            (".hidden", ".hidden.jsonl"),
            ("../x/./y.txt", "x/y.jsonl"),
        ] {
            assert_eq!(output_name(Path::new(input)), Path::new(output), "{input}");
        }
    }

    #[test]
    fn literal_bases() {
        assert_eq!(literal_base("in/**/*.jsonl.zst"), Path::new("in"));
        assert_eq!(literal_base("in/a/*.txt"), Path::new("in/a"));
        assert_eq!(literal_base("*.txt"), Path::new(""));
        assert_eq!(literal_base("in/x[12]/a.txt"), Path::new("in"));
        assert_eq!(literal_base("in/a.txt"), Path::new("in"));
        assert_eq!(literal_base("./in/**/*"), Path::new("in"));
    }
}
