//! Reading inputs into items: one item per document, read lazily in input order.
//!
//! Items carry undecoded bytes; decoding and JSON parsing happen later, in parallel.
//! Every read is bounded by `max_doc_bytes`: an oversized document becomes a failed item
//! (and the reader skips to the next line), so memory does not depend on the input.

use super::compress::{Compression, decompress};
use super::input::{Input, InputFormat, ListError};
use crate::config::InputOptions;
use crate::document::Origin;
use crate::error::Reject;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What an item holds.
#[derive(Debug)]
pub enum Payload {
    /// A whole text document (or one `--lines` line), still to be decoded.
    Bytes(Vec<u8>),
    /// One JSONL line, still to be parsed.
    Json(Vec<u8>),
    /// A whole file still to be read: the worker that cleans it reads it (see
    /// [`read_file`]), so that opening and reading small files runs on every core.
    File(Input, Folder),
    /// The document could not be read.
    Failed(Unread),
}

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
    /// How it was to be read (`jsonl`, `line`) when [`Item::input_kind`] cannot tell from
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
    /// How the document was read: `text`, `line` or `jsonl` (for reject records).
    pub fn input_kind(&self) -> &'static str {
        match (&self.payload, self.origin.line) {
            (Payload::Json(_), _) => "jsonl",
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
            Payload::File(input, _) => input.size.map_or(0, |s| usize::try_from(s).unwrap_or(0)),
            Payload::Failed(_) => 0,
        }
    }

    /// Whether the item holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// How a whole input that could not be opened was to be read, when line by line.
fn line_input(format: InputFormat) -> Option<&'static str> {
    match format {
        InputFormat::Jsonl => Some("jsonl"),
        InputFormat::Lines => Some("line"),
        _ => None,
    }
}

/// The span of a whole input that could not be opened: of a file read as one document
/// (an input of lines is not run again as one).
fn whole_span(input: &Input) -> Option<Span> {
    match line_input(input.format) {
        None => input.path.as_deref().and_then(file_span),
        Some(_) => None,
    }
}

/// What each line of a line-oriented input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Json,
    Text,
    Reject,
    /// Not lines: the elements of one JSON array (`[{…}, {…}]`), each read as a JSONL
    /// line, numbered as lines are.
    Element,
}

impl LineKind {
    /// How a document of this kind is read (as a reject record says).
    fn input(self) -> &'static str {
        match self {
            LineKind::Text => "line",
            _ => "jsonl",
        }
    }
}

struct LineSource {
    reader: Box<dyn BufRead + Send>,
    shown: Arc<str>,
    stem: Arc<str>,
    kind: LineKind,
    line: u64,
    offset: u64,
    /// Whether the source is standard input (whose bytes cannot be read again).
    stdin: bool,
}

/// Reads items from a list of inputs, in order.
pub struct ItemReader {
    inputs: std::vec::IntoIter<Result<Input, ListError>>,
    current: Option<LineSource>,
    options: InputOptions,
    buf: Vec<u8>,
    /// The folder of the last whole file, while the next ones are in it too.
    folder: Option<(PathBuf, Folder)>,
}

/// The folder a whole file is in, held open (on unix) so that the file is looked up by its
/// name alone. The kernel walks a path one component at a time, once for the file's size
/// and again to open it: on a folder of 5,000 small files given by a path of five
/// components, `perf` put those walks at a tenth of the run. Without a handle (not unix,
/// or the folder could not be opened) the file is looked up by its path, and any failure
/// by name is looked up again by path, so errors read the same either way. A folder stays
/// open while items of its files are in flight (the reader's current folder and the
/// chunks being cleaned).
#[derive(Debug, Clone, Default)]
pub struct Folder {
    #[cfg(unix)]
    fd: Option<Arc<std::os::fd::OwnedFd>>,
}

impl Folder {
    /// Open `dir` for lookups by name (an empty handle when that fails).
    fn open(dir: &Path) -> Self {
        #[cfg(unix)]
        {
            use rustix::fs::{Mode, OFlags};
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            Folder {
                fd: rustix::fs::open(dir, flags, Mode::empty())
                    .ok()
                    .map(Arc::new),
            }
        }
        #[cfg(not(unix))]
        {
            let _ = dir;
            Folder {}
        }
    }

    /// The size of the file at `path` (which is in this folder), following symlinks.
    fn size(&self, path: &Path) -> std::io::Result<u64> {
        #[cfg(unix)]
        if let (Some(fd), Some(name)) = (&self.fd, path.file_name())
            && let Ok(stat) = rustix::fs::statat(&**fd, name, rustix::fs::AtFlags::empty())
        {
            return Ok(u64::try_from(stat.st_size).unwrap_or(0));
        }
        std::fs::metadata(path).map(|m| m.len())
    }

    /// Open the file at `path` (which is in this folder) for reading.
    fn open_file(&self, path: &Path) -> std::io::Result<File> {
        #[cfg(unix)]
        if let (Some(fd), Some(name)) = (&self.fd, path.file_name()) {
            use rustix::fs::{Mode, OFlags};
            let flags = OFlags::RDONLY | OFlags::CLOEXEC;
            if let Ok(file) = rustix::fs::openat(&**fd, name, flags, Mode::empty()) {
                return Ok(File::from(file));
            }
        }
        File::open(path)
    }
}

impl ItemReader {
    /// A reader over `inputs`, as listed by [`super::expand`].
    pub fn new(inputs: Vec<Result<Input, ListError>>, options: InputOptions) -> Self {
        Self {
            inputs: inputs.into_iter(),
            current: None,
            options,
            buf: Vec::new(),
            folder: None,
        }
    }

    /// The folder `path` is in, opened once for all the files in it that come in a row.
    fn folder_of(&mut self, path: &Path) -> Folder {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        match &self.folder {
            Some((open, folder)) if open.as_os_str() == dir.as_os_str() => folder.clone(),
            _ => {
                let folder = Folder::open(dir);
                self.folder = Some((dir.to_path_buf(), folder.clone()));
                folder
            }
        }
    }

    fn failed(shown: &str, stem: Arc<str>, line: Option<u64>, unread: Unread) -> Item {
        Item {
            origin: Origin {
                path: shown.to_owned(),
                line,
                offset: None,
            },
            stem,
            payload: Payload::Failed(unread),
        }
    }

    /// Start reading the next input; returns an item for whole-file inputs.
    fn open_next(&mut self) -> Option<Item> {
        let mut input = match self.inputs.next()? {
            Ok(input) => input,
            Err(e) => {
                return Some(Self::failed(
                    &e.shown,
                    Arc::from(""),
                    None,
                    Reject::Unreadable(e.reason).into(),
                ));
            }
        };
        let stem: Arc<str> = Arc::from(input.stem());
        let max = self.options.max_doc_bytes;
        // A whole file is read by the worker that cleans it.
        if let Some(path) = input.path.as_deref()
            && input.format == InputFormat::Text
        {
            // The size bounds the chunk's bytes; looked up here, by the reader, while the
            // workers clean the chunk before.
            let folder = self.folder_of(path);
            let size = match input.size {
                Some(size) => Ok(size),
                None => folder.size(path),
            };
            let unread = match size {
                Err(e) => Some(Reject::Unreadable(e.to_string()).into()),
                Ok(size) if size > max => Some(Unread {
                    reject: Reject::TooLarge { size, limit: max },
                    raw: None,
                    span: file_span(path),
                    input: None,
                }),
                Ok(size) => {
                    input.size = Some(size);
                    None
                }
            };
            if let Some(unread) = unread {
                return Some(Self::failed(&input.shown, stem, None, unread));
            }
            return Some(Item {
                origin: Origin {
                    path: input.shown.clone(),
                    line: None,
                    offset: None,
                },
                stem,
                payload: Payload::File(input, folder),
            });
        }
        let mut reader: Box<dyn BufRead + Send> = match open(&input) {
            Ok(r) => r,
            Err(e) => {
                return Some(Self::failed(
                    &input.shown,
                    stem,
                    None,
                    Unread {
                        reject: Reject::Unreadable(e.to_string()),
                        raw: None,
                        span: whole_span(&input),
                        input: line_input(input.format),
                    },
                ));
            }
        };
        let (kind, skip) = match sniff(&mut reader, input.format, input.path.is_some()) {
            Ok(sniffed) => sniffed,
            Err(e) => {
                return Some(Self::failed(
                    &input.shown,
                    stem,
                    None,
                    Unread {
                        reject: Reject::Unreadable(e.to_string()),
                        raw: None,
                        span: whole_span(&input),
                        input: line_input(input.format),
                    },
                ));
            }
        };
        let Some(kind) = kind else {
            // One text document. Standard input (files went to the workers above, but for
            // a `.json` file that holds neither JSON Lines nor an array): no size is
            // known, the read is bounded.
            let payload = match read_whole(reader, input.size, max) {
                // No input, no document.
                Ok(bytes) if bytes.is_empty() && input.path.is_none() => return None,
                Ok(bytes) => Payload::Bytes(bytes),
                Err(reject) => Payload::Failed(Unread {
                    reject,
                    raw: None,
                    span: input.path.as_deref().and_then(file_span),
                    input: None,
                }),
            };
            return Some(Item {
                origin: Origin {
                    path: input.shown,
                    line: None,
                    offset: None,
                },
                stem,
                payload,
            });
        };
        // A BOM, and an array's `[`, are not part of any document.
        reader.consume(skip);
        self.current = Some(LineSource {
            reader,
            shown: Arc::from(input.shown.as_str()),
            stem,
            kind,
            line: 0,
            offset: skip as u64,
            stdin: input.path.is_none(),
        });
        None
    }

    /// The next line item of the current line-oriented input, skipping blank lines.
    fn next_line(&mut self) -> Option<Item> {
        let max = self.options.max_doc_bytes;
        let src = self.current.as_mut()?;
        loop {
            self.buf.clear();
            src.line += 1;
            let read = match src.kind {
                LineKind::Element => read_element(&mut src.reader, &mut self.buf, max),
                _ => read_bounded(&mut src.reader, &mut self.buf, max, Some(b'\n')),
            };
            let (skipped, size) = match &read {
                Ok(Line::Eof) => {
                    self.current = None;
                    return None;
                }
                Ok(Line::Read { skipped, size } | Line::Malformed { skipped, size, .. }) => {
                    (*skipped, *size)
                }
                Ok(Line::TooLong { skipped, span, .. }) => (*skipped, span.length),
                Err(_) => (0, self.buf.len() as u64),
            };
            let start = src.offset + skipped;
            src.offset = start + size;
            let origin = Origin {
                path: String::from(&*src.shown),
                line: Some(src.line),
                offset: Some(start),
            };
            // Bytes not held are found again by where they are, but not on standard input.
            let span = |span: Span| {
                (!src.stdin).then_some(Span {
                    offset: start,
                    ..span
                })
            };
            let mut end = false;
            let payload = match read {
                Ok(Line::Eof) => unreachable!("handled above"),
                Ok(Line::TooLong { span: s, .. }) => Payload::Failed(Unread {
                    reject: Reject::TooLarge {
                        size: s.length,
                        limit: max,
                    },
                    raw: None,
                    span: span(s),
                    input: Some(src.kind.input()),
                }),
                Ok(Line::Malformed { what, span: s, .. }) => {
                    // The rest of the input, which is no element: a reject with its bytes.
                    end = true;
                    Payload::Failed(Unread {
                        reject: Reject::Json(what),
                        raw: s.is_none().then(|| self.buf.clone()),
                        span: s.and_then(span),
                        input: Some("jsonl"),
                    })
                }
                Ok(Line::Read { .. }) => {
                    // A JSONL line keeps a `\r` before its `\n`, so that a reject's raw bytes
                    // are the line's; the JSON reading takes it as white space.
                    let content = match src.kind {
                        LineKind::Text => trim_line_end(&self.buf),
                        _ => self.buf.strip_suffix(b"\n").unwrap_or(&self.buf),
                    };
                    if content.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let bytes = content.to_vec();
                    match src.kind {
                        LineKind::Json | LineKind::Element => Payload::Json(bytes),
                        LineKind::Text => Payload::Bytes(bytes),
                        LineKind::Reject => {
                            return Some(reject_item(&bytes, origin, &self.options));
                        }
                    }
                }
                Err(e) => {
                    // A broken stream (a truncated or corrupt compressed file): the reject
                    // keeps what was read of the line.
                    end = true;
                    Payload::Failed(Unread {
                        reject: Reject::Unreadable(e.to_string()),
                        raw: (!self.buf.is_empty()).then(|| self.buf.clone()),
                        span: None,
                        input: Some(src.kind.input()),
                    })
                }
            };
            let item = Item {
                origin,
                stem: src.stem.clone(),
                payload,
            };
            if end {
                self.current = None;
            }
            return Some(item);
        }
    }
}

impl Iterator for ItemReader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if self.current.is_some() {
                if let Some(item) = self.next_line() {
                    return Some(item);
                }
                // The line source ended; go on with the next input.
                continue;
            }
            if self.inputs.len() == 0 {
                return None;
            }
            // `None` here means a line source was opened: loop to read from it.
            if let Some(item) = self.open_next() {
                return Some(item);
            }
        }
    }
}

/// An item from a reject record: the original origin and raw bytes, read the way they
/// were read the first time. A reject without raw bytes is read from its input again: a
/// whole file from its path, a line or an array element from its span, checked against
/// its length and checksum. A record that cannot be used is itself rejected, with the
/// rejects file's origin.
fn reject_item(record: &[u8], here: Origin, options: &InputOptions) -> Item {
    use base64::Engine as _;
    use serde_json::Value;
    let failed = |why: String| Item {
        origin: here.clone(),
        stem: Arc::from(""),
        payload: Payload::Failed(Reject::Json(why).into()),
    };
    let Ok(Value::Object(r)) = serde_json::from_slice::<Value>(record) else {
        return failed("not a reject record (a JSON object)".into());
    };
    let Some(path) = r.get("path").and_then(Value::as_str) else {
        return failed("reject record without `path`".into());
    };
    let origin = Origin {
        path: path.to_owned(),
        line: r.get("line").and_then(Value::as_u64),
        offset: r.get("offset").and_then(Value::as_u64),
    };
    let stem = Arc::from(super::input::stem_of(Path::new(path)));
    let raw = match (
        r.get("raw").and_then(Value::as_str),
        r.get("raw_base64").and_then(Value::as_str),
    ) {
        (Some(text), _) => Some(text.as_bytes().to_vec()),
        (None, Some(b64)) => match base64::engine::general_purpose::STANDARD.decode(b64) {
            Ok(bytes) => Some(bytes),
            Err(e) => return failed(format!("reject record with bad `raw_base64`: {e}")),
        },
        (None, None) => None,
    };
    let span = match (
        r.get("length").and_then(Value::as_u64),
        r.get("crc32").and_then(Value::as_str),
    ) {
        (Some(length), Some(crc)) => match u32::from_str_radix(crc, 16) {
            Ok(crc32) => Some(Span {
                offset: origin.offset.unwrap_or(0),
                length,
                crc32,
            }),
            Err(_) => return failed(format!("reject record with bad `crc32`: {crc}")),
        },
        _ => None,
    };
    let input = r.get("input").and_then(Value::as_str);
    let payload = match (raw, input) {
        (Some(raw), Some("jsonl")) => Payload::Json(raw),
        (Some(raw), _) => Payload::Bytes(raw),
        (None, Some("text")) if path != "-" => {
            match read_again_whole(Path::new(path), span, options.max_doc_bytes) {
                Ok(bytes) => Payload::Bytes(bytes),
                Err(unread) => Payload::Failed(unread),
            }
        }
        (None, Some("jsonl" | "line")) if origin.line.is_none() => {
            let reason = r.get("reason").and_then(Value::as_str).unwrap_or("unknown");
            Payload::Failed(
                Reject::Unreadable(format!(
                    "a whole input of lines that could not be read: give its path to run it \
                     again (first rejected: {reason})"
                ))
                .into(),
            )
        }
        (None, Some(kind @ ("jsonl" | "line"))) if path != "-" && span.is_some() => {
            let span = span.expect("checked");
            let kind = if kind == "jsonl" { "jsonl" } else { "line" };
            match read_again_span(Path::new(path), span, options.max_doc_bytes, kind) {
                // As the line was read: without its `\n`, a JSONL line with its `\r`.
                Ok(mut bytes) if kind == "jsonl" => {
                    if bytes.last() == Some(&b'\n') {
                        bytes.pop();
                    }
                    Payload::Json(bytes)
                }
                Ok(bytes) => Payload::Bytes(trim_line_end(&bytes).to_vec()),
                Err(unread) => Payload::Failed(unread),
            }
        }
        (None, _) => {
            let reason = r.get("reason").and_then(Value::as_str).unwrap_or("unknown");
            Payload::Failed(
                Reject::Unreadable(format!(
                    "the reject record holds no raw bytes to run again, and no input to read \
                     them from (first rejected: {reason})"
                ))
                .into(),
            )
        }
    };
    Item {
        origin,
        stem,
        payload,
    }
}

/// A rejected whole file read again, checked against its span when the reject has one.
fn read_again_whole(path: &Path, span: Option<Span>, max: u64) -> Result<Vec<u8>, Unread> {
    let failed = |reject: Reject| Unread {
        reject,
        raw: None,
        span,
        input: None,
    };
    let Some(span) = span else {
        // Not read the first time: read it now, as then.
        let input = Input::file(path.display().to_string(), path, InputFormat::Text);
        return read_file(&input, &Folder::default(), max);
    };
    if span.length > max {
        return Err(failed(Reject::TooLarge {
            size: span.length,
            limit: max,
        }));
    }
    let file = File::open(path).map_err(|e| failed(Reject::Unreadable(e.to_string())))?;
    let bytes = read_span(BufReader::new(file), path, span, None)?;
    decompressed(path, bytes, max).map_err(failed)
}

/// A rejected line or array element read again from its span in the input as read
/// (decompressed).
fn read_again_span(
    path: &Path,
    span: Span,
    max: u64,
    kind: &'static str,
) -> Result<Vec<u8>, Unread> {
    let failed = |reject: Reject| Unread {
        reject,
        raw: None,
        span: Some(span),
        input: Some(kind),
    };
    // As when it was read: a line is held with its line end, one byte over the limit.
    if span.length > max.saturating_add(1) {
        return Err(failed(Reject::TooLarge {
            size: span.length,
            limit: max,
        }));
    }
    let input = Input::file(path.display().to_string(), path, InputFormat::Jsonl);
    let reader = open(&input).map_err(|e| failed(Reject::Unreadable(e.to_string())))?;
    read_span(reader, path, span, Some(kind))
}

/// The bytes of `span` in `reader`, or a reject that says the input changed.
fn read_span(
    mut reader: impl Read,
    path: &Path,
    span: Span,
    input: Option<&'static str>,
) -> Result<Vec<u8>, Unread> {
    let failed = |reject: Reject| Unread {
        reject,
        raw: None,
        span: Some(span),
        input,
    };
    let unreadable = |e: std::io::Error| failed(Reject::Unreadable(e.to_string()));
    let skipped = std::io::copy(&mut (&mut reader).take(span.offset), &mut std::io::sink())
        .map_err(unreadable)?;
    let mut bytes = Vec::with_capacity(usize::try_from(span.length).unwrap_or(0));
    (&mut reader)
        .take(span.length)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if skipped != span.offset
        || bytes.len() as u64 != span.length
        || crc32fast::hash(&bytes) != span.crc32
    {
        return Err(failed(Reject::Unreadable(format!(
            "{} changed since the document was rejected (checksum mismatch at bytes {}..{}); \
             not run again",
            path.display(),
            span.offset,
            span.offset + span.length
        ))));
    }
    Ok(bytes)
}

fn open(input: &Input) -> std::io::Result<Box<dyn BufRead + Send>> {
    const BUF: usize = 1 << 20;
    let raw: Box<dyn BufRead + Send> = match &input.path {
        None => Box::new(BufReader::with_capacity(BUF, std::io::stdin())),
        Some(path) => {
            let file = std::fs::File::open(path)?;
            // A small file gets a buffer its size (plus one byte to see the end in one
            // read): allocating 1 MiB for each of 50,000 small files costs more than
            // reading them. The size of an open file costs no path lookup.
            let size = input.size.or_else(|| file.metadata().ok().map(|m| m.len()));
            let capacity = size.map_or(BUF, |size| {
                usize::try_from(size)
                    .unwrap_or(BUF)
                    .saturating_add(1)
                    .clamp(4096, BUF)
            });
            Box::new(BufReader::with_capacity(capacity, file))
        }
    };
    decompress(raw, input.path.as_deref())
}

/// Read a whole-file input (an item's [`Payload::File`], in `folder`), at most `max` bytes
/// of it (decompressed). A file that cannot be read is found again by its span.
///
/// A file whose name says it is compressed is streamed through its decompressor. Any
/// other file is read straight into a buffer of its size, without a read buffer between
/// (a copy of every small file), and decompressed from there if it starts with a
/// compression's magic bytes.
pub fn read_file(input: &Input, folder: &Folder, max: u64) -> Result<Vec<u8>, Unread> {
    read_file_bytes(input, folder, max).map_err(|reject| Unread {
        reject,
        raw: None,
        span: input.path.as_deref().and_then(file_span),
        input: None,
    })
}

fn read_file_bytes(input: &Input, folder: &Folder, max: u64) -> Result<Vec<u8>, Reject> {
    let unreadable = |e: std::io::Error| Reject::Unreadable(e.to_string());
    let path = match input.path.as_deref() {
        Some(path) if Compression::from_path(path) == Compression::None => path,
        _ => return read_whole(open(input).map_err(unreadable)?, input.size, max),
    };
    let file = folder.open_file(path).map_err(unreadable)?;
    let size = match input.size {
        Some(size) => Some(size),
        None => file.metadata().ok().map(|m| m.len()),
    };
    decompressed(path, read_whole(file, size, max)?, max)
}

/// A whole file's bytes as stored, decompressed as [`read_file`] decompresses them.
fn decompressed(path: &Path, bytes: Vec<u8>, max: u64) -> Result<Vec<u8>, Reject> {
    let by_name = Compression::from_path(path) != Compression::None;
    if !by_name && Compression::sniff(&bytes) == Compression::None {
        return Ok(bytes);
    }
    let unreadable = |e: std::io::Error| Reject::Unreadable(e.to_string());
    let raw: Box<dyn BufRead + Send> = Box::new(std::io::Cursor::new(bytes));
    read_whole(decompress(raw, Some(path)).map_err(unreadable)?, None, max)
}

/// Read `reader` to its end into a buffer sized for `size` bytes, failing when it holds
/// more than `max`.
fn read_whole(reader: impl Read, size: Option<u64>, max: u64) -> Result<Vec<u8>, Reject> {
    let expected = size.unwrap_or(0).min(max);
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0) + 1);
    match reader.take(max + 1).read_to_end(&mut bytes) {
        Ok(n) if n as u64 > max => Err(Reject::TooLarge {
            size: n as u64,
            limit: max,
        }),
        Ok(_) => Ok(bytes),
        Err(e) => Err(Reject::Unreadable(e.to_string())),
    }
}

/// The UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How an input of `format` is read: as one text document (`None`), or line by line (or
/// element by element) after `skip` bytes (a BOM, an array's `[`). The format decides, but
/// for [`InputFormat::Auto`], where the first bytes do:
/// - a UTF-8 BOM is skipped (a line-oriented input is read without it; a text document
///   keeps it, for the decode stage to see);
/// - standard input whose first non-blank byte is `{` is JSONL;
/// - a file (a `.json` file: the only files of no fixed format) is JSONL when its first
///   non-blank byte is `{` and its first line is a JSON object (or is longer than the read
///   buffer), as the JSON Lines that Hugging Face names `.json` are; one JSON object over
///   several lines is a text document;
/// - a file whose first non-blank byte is `[`, then `{` or `]`, is a JSON array of
///   documents, read element by element;
/// - anything else is a text document.
fn sniff(
    reader: &mut Box<dyn BufRead + Send>,
    format: InputFormat,
    file: bool,
) -> std::io::Result<(Option<LineKind>, usize)> {
    let bom = bom_len(reader)?;
    let kind = match format {
        InputFormat::Jsonl => LineKind::Json,
        InputFormat::Rejects => LineKind::Reject,
        // A line keeps its BOM, as its own text document.
        InputFormat::Lines => return Ok((Some(LineKind::Text), 0)),
        InputFormat::Text => return Ok((None, 0)),
        InputFormat::Auto => {
            let head = &reader.fill_buf()?[bom..];
            let blank = head.iter().take_while(|b| b.is_ascii_whitespace()).count();
            let rest = &head[blank..];
            match rest.first() {
                Some(b'{') if !file => LineKind::Json,
                Some(b'{') => {
                    let object = match memchr::memchr(b'\n', rest) {
                        Some(end) => is_object(&rest[..end]),
                        // The whole input, or a first line longer than the buffer: an
                        // object cut off by the buffer's end is taken as one.
                        None => match serde_json::from_slice::<serde::de::IgnoredAny>(rest) {
                            Ok(_) => true,
                            Err(e) => e.is_eof(),
                        },
                    };
                    if !object {
                        return Ok((None, 0));
                    }
                    LineKind::Json
                }
                Some(b'[') if file => {
                    let inner = rest[1..].iter().find(|b| !b.is_ascii_whitespace());
                    if !matches!(inner, Some(b'{' | b']')) {
                        return Ok((None, 0));
                    }
                    return Ok((Some(LineKind::Element), bom + blank + 1));
                }
                _ => return Ok((None, 0)),
            }
        }
    };
    Ok((Some(kind), bom))
}

/// Whether `line` is one JSON object (and white space).
fn is_object(line: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(line).is_ok()
}

/// 3 when the input starts with a UTF-8 BOM, else 0; nothing is consumed. A short first
/// read (a slow pipe) that could be the start of a BOM is read on until it can tell.
fn bom_len(reader: &mut Box<dyn BufRead + Send>) -> std::io::Result<usize> {
    let head = reader.fill_buf()?;
    if head.starts_with(BOM) {
        return Ok(BOM.len());
    }
    if head.is_empty() || head.len() >= BOM.len() || !BOM.starts_with(head) {
        return Ok(0);
    }
    let mut first = Vec::with_capacity(BOM.len());
    (&mut *reader)
        .take(BOM.len() as u64)
        .read_to_end(&mut first)?;
    let is_bom = first == BOM;
    let rest = std::mem::replace(reader, Box::new(std::io::empty()));
    *reader = Box::new(BufReader::new(std::io::Cursor::new(first).chain(rest)));
    Ok(if is_bom { BOM.len() } else { 0 })
}

/// The span of a whole file as stored, read once to take its checksum; `None` when it
/// cannot be read.
fn file_span(path: &Path) -> Option<Span> {
    let mut file = File::open(path).ok()?;
    let mut hasher = crc32fast::Hasher::new();
    let mut block = vec![0u8; 1 << 16];
    let mut length = 0u64;
    loop {
        match file.read(&mut block) {
            Ok(0) => break,
            Ok(n) => {
                hasher.update(&block[..n]);
                length += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some(Span {
        offset: 0,
        length,
        crc32: hasher.finalize(),
    })
}

enum Line {
    Eof,
    /// A document of `size` bytes (a line with its line end) is in the buffer; `skipped`
    /// bytes before it belong to no document (white space and commas between elements).
    Read {
        skipped: u64,
        size: u64,
    },
    /// A document longer than the limit was read past without being stored.
    TooLong {
        skipped: u64,
        span: Span,
    },
    /// An array goes on with something that is no element: the rest of the input, `size`
    /// bytes, is in the buffer, or only its span when it is longer than the limit.
    Malformed {
        skipped: u64,
        size: u64,
        what: String,
        span: Option<Span>,
    },
}

/// Read up to and with the byte `until` (or to the end of the input) into `buf`, keeping
/// at most `max` bytes of it; a longer one is read to its end without being stored, its
/// checksum taken on the way.
fn read_bounded(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: u64,
    until: Option<u8>,
) -> std::io::Result<Line> {
    let mut consumed = 0u64;
    let mut hasher: Option<crc32fast::Hasher> = None;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        let (take, done) = match until.and_then(|b| memchr::memchr(b, available)) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        keep(buf, &mut hasher, &available[..take], max);
        reader.consume(take);
        consumed += take as u64;
        if done {
            break;
        }
    }
    Ok(match (consumed, hasher) {
        (0, _) => Line::Eof,
        (length, Some(h)) => Line::TooLong {
            skipped: 0,
            span: Span {
                offset: 0,
                length,
                crc32: h.finalize(),
            },
        },
        (size, None) => Line::Read { skipped: 0, size },
    })
}

/// Add `bytes` to `buf`, or once it would hold more than `max + 1`, to the checksum of a
/// document too long to hold (of `buf` first, then emptied).
fn keep(buf: &mut Vec<u8>, hasher: &mut Option<crc32fast::Hasher>, bytes: &[u8], max: u64) {
    match hasher {
        Some(h) => h.update(bytes),
        None if (buf.len() + bytes.len()) as u64 > max + 1 => {
            let mut h = crc32fast::Hasher::new();
            h.update(buf);
            h.update(bytes);
            buf.clear();
            *hasher = Some(h);
        }
        None => buf.extend_from_slice(bytes),
    }
}

/// Read the next element of a JSON array whose `[` was read: white space and commas
/// before it are skipped, and `]` ends the array (anything but white space after it is
/// [`Line::Malformed`]). The element's extent is found by brackets and quotes alone; it is
/// parsed later, as a JSONL line is. Bounded as [`read_bounded`] is.
fn read_element(reader: &mut dyn BufRead, buf: &mut Vec<u8>, max: u64) -> std::io::Result<Line> {
    let skipped = skip_while(reader, |b| b.is_ascii_whitespace() || b == b',')?;
    match reader.fill_buf()?.first() {
        None => return Ok(Line::Eof),
        Some(b']') => {
            reader.consume(1);
            let after = 1 + skip_while(reader, |b| b.is_ascii_whitespace())?;
            return Ok(match read_bounded(reader, buf, max, None)? {
                Line::Eof => Line::Eof,
                Line::Read { size, .. } => Line::Malformed {
                    skipped: skipped + after,
                    size,
                    what: "not a JSON array of objects: text after its `]`".into(),
                    span: None,
                },
                Line::TooLong { span, .. }
                | Line::Malformed {
                    span: Some(span), ..
                } => Line::Malformed {
                    skipped: skipped + after,
                    size: span.length,
                    what: "not a JSON array of objects: text after its `]`".into(),
                    span: Some(span),
                },
                Line::Malformed { .. } => unreachable!("read_bounded reads no arrays"),
            });
        }
        Some(_) => {}
    }
    let mut consumed = 0u64;
    let mut hasher: Option<crc32fast::Hasher> = None;
    let (mut depth, mut in_string, mut escaped) = (0u64, false, false);
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            // Cut off: what there is, is the element (and a malformed one).
            break;
        }
        let mut end = None;
        for (i, &b) in available.iter().enumerate() {
            if in_string {
                match (escaped, b) {
                    (true, _) => escaped = false,
                    (false, b'\\') => escaped = true,
                    (false, b'"') => {
                        in_string = false;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                    }
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth > 1 => depth -= 1,
                b'}' | b']' if depth == 1 => {
                    end = Some(i + 1);
                    break;
                }
                // The end of a number or a literal.
                b',' | b']' | b'}' if depth == 0 => {
                    end = Some(i);
                    break;
                }
                b if depth == 0 && b.is_ascii_whitespace() => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let take = end.unwrap_or(available.len());
        keep(buf, &mut hasher, &available[..take], max);
        reader.consume(take);
        consumed += take as u64;
        if end.is_some() {
            break;
        }
    }
    Ok(match hasher {
        Some(h) => Line::TooLong {
            skipped,
            span: Span {
                offset: 0,
                length: consumed,
                crc32: h.finalize(),
            },
        },
        None => Line::Read {
            skipped,
            size: consumed,
        },
    })
}

/// Consume bytes while `skip` holds; how many.
fn skip_while(reader: &mut dyn BufRead, skip: impl Fn(u8) -> bool) -> std::io::Result<u64> {
    let mut skipped = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let n = available.iter().take_while(|&&b| skip(b)).count();
        let more = n == available.len() && n > 0;
        reader.consume(n);
        skipped += n as u64;
        if !more {
            return Ok(skipped);
        }
    }
}

fn trim_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_files_get_their_size_from_the_reader() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "x".repeat(500)).unwrap();
        std::fs::write(dir.path().join("b.txt"), "y".repeat(2000)).unwrap();
        std::fs::write(dir.path().join("c.txt"), "z").unwrap();
        let mut inputs = crate::io::expand(&[dir.path().to_owned()], InputFormat::Auto);
        assert!(inputs.iter().all(|i| i.as_ref().unwrap().size.is_none()));
        // c.txt goes away between the walk and the read.
        std::fs::remove_file(dir.path().join("c.txt")).unwrap();
        let options = InputOptions {
            max_doc_bytes: 1000,
            ..InputOptions::default()
        };
        let items: Vec<Item> = ItemReader::new(inputs.clone(), options).collect();
        assert_eq!(items.len(), 3);
        // A whole file is read later, by a worker; its size bounds the chunk.
        assert!(matches!(items[0].payload, Payload::File(..)));
        assert_eq!(items[0].len(), 500);
        // Too large: rejected with its size, without reading it.
        assert!(matches!(
            items[1].payload,
            Payload::Failed(Unread {
                reject: Reject::TooLarge {
                    size: 2000,
                    limit: 1000
                },
                span: Some(Span {
                    offset: 0,
                    length: 2000,
                    ..
                }),
                ..
            })
        ));
        assert!(matches!(
            items[2].payload,
            Payload::Failed(Unread {
                reject: Reject::Unreadable(_),
                ..
            })
        ));
        assert!(items[2].origin.path.ends_with("c.txt"));
        // For a progress bar's total, sizes are looked up all at once; a missing file has
        // none, and then there is no total.
        assert_eq!(crate::io::fill_sizes(&mut inputs[..2]), Some(2500));
        assert_eq!(crate::io::fill_sizes(&mut inputs), None);
    }

    /// Whole files in several folders are read by name in their folder: plain, compressed
    /// by magic bytes only, through a symlink; a file gone after the reader looked it up
    /// fails with the message a lookup by path gives.
    #[test]
    fn whole_files_are_read_by_name_in_their_folder() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        for sub in ["a", "b"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        std::fs::write(dir.path().join("a/1.txt"), "eins").unwrap();
        std::fs::write(dir.path().join("a/2.txt"), "zwei").unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all("drei, gepackt".as_bytes()).unwrap();
        // The same name in another folder: looked up in the wrong one, it reads `eins`.
        std::fs::write(dir.path().join("b/1.txt"), gz.finish().unwrap()).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("a/1.txt"), dir.path().join("b/4.txt")).unwrap();
        let inputs = crate::io::expand(&[dir.path().to_owned()], InputFormat::Auto);
        let items: Vec<Item> = ItemReader::new(inputs, InputOptions::default()).collect();
        std::fs::remove_file(dir.path().join("a/2.txt")).unwrap();
        let read: Vec<_> = items
            .iter()
            .map(|item| match &item.payload {
                Payload::File(input, folder) => read_file(input, folder, 1000)
                    .map(|b| String::from_utf8(b).unwrap())
                    .map_err(|e| e.reject.to_string()),
                other => panic!("{other:?}"),
            })
            .collect();
        let gone = std::fs::File::open(dir.path().join("a/2.txt")).unwrap_err();
        let mut expected = vec![
            Ok("eins".to_owned()),
            Err(Reject::Unreadable(gone.to_string()).to_string()),
            Ok("drei, gepackt".to_owned()),
        ];
        if cfg!(unix) {
            expected.push(Ok("eins".to_owned()));
        }
        assert_eq!(read, expected);
    }

    #[test]
    fn bounded_lines() {
        let mut r: &[u8] = b"short\nthis line is too long\nok";
        let mut buf = Vec::new();
        let mut next = |buf: &mut Vec<u8>| {
            buf.clear();
            read_bounded(&mut r, buf, 8, Some(b'\n')).unwrap()
        };
        assert!(matches!(
            next(&mut buf),
            Line::Read {
                skipped: 0,
                size: 6
            }
        ));
        assert_eq!(buf, b"short\n");
        let Line::TooLong { span, .. } = next(&mut buf) else {
            panic!("too long")
        };
        assert_eq!(
            (span.length, span.crc32),
            (22, crc32fast::hash(b"this line is too long\n"))
        );
        assert!(matches!(
            next(&mut buf),
            Line::Read {
                skipped: 0,
                size: 2
            }
        ));
        assert_eq!(buf, b"ok");
        assert!(matches!(next(&mut buf), Line::Eof));
    }

    /// The elements of an array, as `(bytes before, the element)`; a long one as its span;
    /// the rest after a `]` as a reject.
    fn elements(mut input: &[u8], max: u64) -> Vec<String> {
        let mut out = Vec::new();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match read_element(&mut input, &mut buf, max).unwrap() {
                Line::Eof => return out,
                Line::Read { skipped, size } => {
                    assert_eq!(size as usize, buf.len());
                    out.push(format!("{skipped} {}", String::from_utf8_lossy(&buf)));
                }
                Line::TooLong { skipped, span } => {
                    out.push(format!("{skipped} long {}", span.length))
                }
                Line::Malformed { what, .. } => {
                    out.push(format!("{what}: {}", String::from_utf8_lossy(&buf)));
                    return out;
                }
            }
        }
    }

    #[test]
    fn array_elements_by_brackets_and_quotes() {
        let input = br#" {"a":"]}\",[{"}, {"b":[1,{}]} ,"s\"x" , 12,true,
 {"long":"0123456789"}, [] ] "#;
        assert_eq!(
            elements(input, 16),
            [
                r#"1 {"a":"]}\",[{"}"#,
                r#"2 {"b":[1,{}]}"#,
                r#"2 "s\"x""#,
                "3 12",
                "1 true",
                "3 long 21",
                "2 []",
            ]
        );
        assert_eq!(
            elements(b"{\"a\":1}] trailing", 100),
            [
                "0 {\"a\":1}",
                "not a JSON array of objects: text after its `]`: trailing"
            ]
        );
        // Cut off: what there is.
        assert_eq!(elements(b"{\"a\":[1", 100), ["0 {\"a\":[1"]);
        assert!(elements(b"  ]  ", 100).is_empty());
    }

    /// How inputs of each kind are read: whether a line source, after how many bytes.
    #[test]
    fn sniffed_by_their_first_bytes() {
        let sniffed = |bytes: &[u8], format: InputFormat, file: bool| {
            let mut reader: Box<dyn BufRead + Send> =
                Box::new(std::io::Cursor::new(bytes.to_vec()));
            sniff(&mut reader, format, file).unwrap()
        };
        use InputFormat::{Auto, Jsonl, Lines, Text};
        let bom_json = b"\xEF\xBB\xBF{\"text\":1}\n";
        assert_eq!(sniffed(bom_json, Jsonl, true), (Some(LineKind::Json), 3));
        assert_eq!(sniffed(bom_json, Auto, false), (Some(LineKind::Json), 3));
        assert_eq!(sniffed(bom_json, Auto, true), (Some(LineKind::Json), 3));
        assert_eq!(sniffed(bom_json, Lines, true), (Some(LineKind::Text), 0));
        assert_eq!(sniffed(bom_json, Text, true), (None, 0));
        // A text document keeps its BOM.
        assert_eq!(sniffed(b"\xEF\xBB\xBFText", Auto, false), (None, 0));
        // A file: `{` and a first line that is an object; or an array.
        assert_eq!(sniffed(b"{\n  \"text\": 1\n}\n", Auto, true), (None, 0));
        assert_eq!(
            sniffed(b"{\n  \"text\": 1\n}\n", Auto, false),
            (Some(LineKind::Json), 0)
        );
        assert_eq!(
            sniffed(b" {\"a\":1}", Auto, true),
            (Some(LineKind::Json), 0)
        );
        assert_eq!(sniffed(b" {\"a\":1", Auto, true), (Some(LineKind::Json), 0));
        assert_eq!(sniffed(b" {\"a\" x", Auto, true), (None, 0));
        assert_eq!(
            sniffed(b"\xEF\xBB\xBF\n[ {", Auto, true),
            (Some(LineKind::Element), 5)
        );
        assert_eq!(sniffed(b"[]", Auto, true), (Some(LineKind::Element), 1));
        assert_eq!(sniffed(b"[Intro] text", Auto, true), (None, 0));
        assert_eq!(sniffed(b"[{", Auto, false), (None, 0));
        assert_eq!(sniffed(b"", Auto, false), (None, 0));
    }

    /// A BOM split over reads of one byte (a slow pipe) is still seen.
    #[test]
    fn a_bom_over_short_reads() {
        for bytes in [&b"\xEF\xBB\xBF{}"[..], b"\xEF\xBBx", b"\xEF"] {
            let mut reader: Box<dyn BufRead + Send> = Box::new(BufReader::with_capacity(
                1,
                std::io::Cursor::new(bytes.to_vec()),
            ));
            let bom = bom_len(&mut reader).unwrap();
            let mut all = Vec::new();
            reader.read_to_end(&mut all).unwrap();
            assert_eq!(
                (bom, &all[..]),
                (if bytes.len() > 3 { 3 } else { 0 }, bytes)
            );
        }
    }
}
