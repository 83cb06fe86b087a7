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
    Failed(Reject),
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

/// What each line of a line-oriented input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Json,
    Text,
    Reject,
}

struct LineSource {
    reader: Box<dyn BufRead + Send>,
    shown: Arc<str>,
    stem: Arc<str>,
    kind: LineKind,
    line: u64,
    offset: u64,
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
            Folder {
                fd: super::input::open_folder(dir).ok().map(Arc::new),
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

    fn failed(shown: &str, stem: Arc<str>, line: Option<u64>, reject: Reject) -> Item {
        Item {
            origin: Origin {
                path: shown.to_owned(),
                line,
                offset: None,
            },
            stem,
            payload: Payload::Failed(reject),
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
                    Reject::Unreadable(e.reason),
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
            let reject = match size {
                Err(e) => Some(Reject::Unreadable(e.to_string())),
                Ok(size) if size > max => Some(Reject::TooLarge { size, limit: max }),
                Ok(size) => {
                    input.size = Some(size);
                    None
                }
            };
            if let Some(reject) = reject {
                return Some(Self::failed(&input.shown, stem, None, reject));
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
                    Reject::Unreadable(e.to_string()),
                ));
            }
        };
        let format = match input.format {
            InputFormat::Auto => match sniff_json(&mut reader) {
                Ok(true) => InputFormat::Jsonl,
                Ok(false) => InputFormat::Text,
                Err(e) => {
                    return Some(Self::failed(
                        &input.shown,
                        stem,
                        None,
                        Reject::Unreadable(e.to_string()),
                    ));
                }
            },
            f => f,
        };
        match format {
            InputFormat::Jsonl | InputFormat::Lines | InputFormat::Rejects => {
                self.current = Some(LineSource {
                    reader,
                    shown: Arc::from(input.shown.as_str()),
                    stem,
                    kind: match format {
                        InputFormat::Jsonl => LineKind::Json,
                        InputFormat::Rejects => LineKind::Reject,
                        _ => LineKind::Text,
                    },
                    line: 0,
                    offset: 0,
                });
                None
            }
            InputFormat::Text | InputFormat::Auto => {
                // Standard input (files went to the workers above): no size is known, the
                // read is bounded.
                let payload = match read_whole(reader, input.size, max) {
                    Ok(bytes) => Payload::Bytes(bytes),
                    Err(reject) => Payload::Failed(reject),
                };
                Some(Item {
                    origin: Origin {
                        path: input.shown,
                        line: None,
                        offset: None,
                    },
                    stem,
                    payload,
                })
            }
        }
    }

    /// The next line item of the current line-oriented input, skipping blank lines.
    fn next_line(&mut self) -> Option<Item> {
        let max = self.options.max_doc_bytes;
        let src = self.current.as_mut()?;
        loop {
            self.buf.clear();
            let start = src.offset;
            src.line += 1;
            let origin = |src: &LineSource| Origin {
                path: String::from(&*src.shown),
                line: Some(src.line),
                offset: Some(start),
            };
            match read_line_bounded(&mut src.reader, &mut self.buf, max) {
                Ok(Line::Eof) => {
                    self.current = None;
                    return None;
                }
                Ok(Line::TooLong(size)) => {
                    src.offset += size;
                    return Some(Item {
                        origin: origin(src),
                        stem: src.stem.clone(),
                        payload: Payload::Failed(Reject::TooLarge { size, limit: max }),
                    });
                }
                Ok(Line::Read(size)) => {
                    src.offset += size;
                    let content = trim_line_end(&self.buf);
                    if content.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    let bytes = content.to_vec();
                    let payload = match src.kind {
                        LineKind::Json => Payload::Json(bytes),
                        LineKind::Text => Payload::Bytes(bytes),
                        LineKind::Reject => return Some(reject_item(&bytes, origin(src))),
                    };
                    return Some(Item {
                        origin: origin(src),
                        stem: src.stem.clone(),
                        payload,
                    });
                }
                Err(e) => {
                    let item = Item {
                        origin: origin(src),
                        stem: src.stem.clone(),
                        payload: Payload::Failed(Reject::Unreadable(e.to_string())),
                    };
                    self.current = None;
                    return Some(item);
                }
            }
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
/// were read the first time. A record that cannot be used is itself rejected, with the
/// rejects file's origin.
fn reject_item(record: &[u8], here: Origin) -> Item {
    use base64::Engine as _;
    use serde_json::Value;
    let failed = |why: String| Item {
        origin: here.clone(),
        stem: Arc::from(""),
        payload: Payload::Failed(Reject::Json(why)),
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
    let stem = Arc::from(super::input::stem_of(std::path::Path::new(path)));
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
    let payload = match (raw, r.get("input").and_then(Value::as_str)) {
        (Some(raw), Some("jsonl")) => Payload::Json(raw),
        (Some(raw), _) => Payload::Bytes(raw),
        (None, _) => {
            let reason = r.get("reason").and_then(Value::as_str).unwrap_or("unknown");
            Payload::Failed(Reject::Unreadable(format!(
                "the reject record holds no raw bytes to run again (first rejected: {reason})"
            )))
        }
    };
    Item {
        origin,
        stem,
        payload,
    }
}

fn open(input: &Input) -> std::io::Result<Box<dyn BufRead + Send>> {
    const BUF: usize = 1 << 20;
    let raw: Box<dyn BufRead + Send> = match &input.path {
        None => Box::new(BufReader::with_capacity(BUF, std::io::stdin())),
        Some(path) => {
            let file = super::input::open_file(path)?;
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
/// of it (decompressed).
///
/// A file whose name says it is compressed is streamed through its decompressor. Any
/// other file is read straight into a buffer of its size, without a read buffer between
/// (a copy of every small file), and decompressed from there if it starts with a
/// compression's magic bytes.
pub fn read_file(input: &Input, folder: &Folder, max: u64) -> Result<Vec<u8>, Reject> {
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
    let bytes = read_whole(file, size, max)?;
    match Compression::sniff(&bytes) {
        Compression::None => Ok(bytes),
        _ => {
            let raw: Box<dyn BufRead + Send> = Box::new(std::io::Cursor::new(bytes));
            read_whole(decompress(raw, None).map_err(unreadable)?, None, max)
        }
    }
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

/// Whether the input's first non-blank byte is `{`.
fn sniff_json(reader: &mut Box<dyn BufRead + Send>) -> std::io::Result<bool> {
    let buf = reader.fill_buf()?;
    Ok(buf.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{'))
}

enum Line {
    Eof,
    /// A line of this many bytes (with its newline) is in the buffer.
    Read(u64),
    /// A line of this many bytes was longer than the limit and was skipped.
    TooLong(u64),
}

/// Read one line into `buf`, keeping at most `max` bytes of it; a longer line is consumed
/// to its end without being stored.
fn read_line_bounded(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: u64,
) -> std::io::Result<Line> {
    let mut consumed = 0u64;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        let (take, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        if !too_long {
            if (buf.len() + take) as u64 > max + 1 {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(&available[..take]);
            }
        }
        reader.consume(take);
        consumed += take as u64;
        if done {
            break;
        }
    }
    Ok(match (consumed, too_long) {
        (0, _) => Line::Eof,
        (n, true) => Line::TooLong(n),
        (n, false) => Line::Read(n),
    })
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
            Payload::Failed(Reject::TooLarge {
                size: 2000,
                limit: 1000
            })
        ));
        assert!(matches!(
            items[2].payload,
            Payload::Failed(Reject::Unreadable(_))
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
                    .map_err(|e| e.to_string()),
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
        assert!(matches!(
            read_line_bounded(&mut r, &mut buf, 8).unwrap(),
            Line::Read(6)
        ));
        assert_eq!(buf, b"short\n");
        buf.clear();
        assert!(matches!(
            read_line_bounded(&mut r, &mut buf, 8).unwrap(),
            Line::TooLong(22)
        ));
        buf.clear();
        assert!(matches!(
            read_line_bounded(&mut r, &mut buf, 8).unwrap(),
            Line::Read(2)
        ));
        assert_eq!(buf, b"ok");
        buf.clear();
        assert!(matches!(
            read_line_bounded(&mut r, &mut buf, 8).unwrap(),
            Line::Eof
        ));
    }
}
