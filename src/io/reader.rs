//! Reading inputs into items: one item per document, read lazily in input order.
//!
//! Items carry undecoded bytes; decoding and JSON parsing happen later, in parallel.
//! Every read is bounded by `max_doc_bytes`: an oversized document becomes a failed item
//! (and the reader skips to the next line), so memory does not depend on the input.

use super::file::{Folder, file_span, open, open_stored, read_whole};
use super::input::{Input, InputFormat, ListError};
use super::item::{Item, Payload};
use super::lines::{Line, LineKind, read_bounded, read_element, sniff, trim_line_end};
use super::rejects::reject_item;
use super::span::{Span, Unread};
use super::warc::{Record, WarcReader};
use crate::config::InputOptions;
use crate::document::Origin;
use crate::error::Reject;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

/// A WARC input being read, record by record.
struct WarcSource {
    reader: WarcReader,
    shown: Arc<str>,
    stem: Arc<str>,
}

/// Reads items from a list of inputs, in order.
pub struct ItemReader {
    inputs: std::vec::IntoIter<Result<Input, ListError>>,
    current: Option<LineSource>,
    warc: Option<WarcSource>,
    options: InputOptions,
    buf: Vec<u8>,
    /// The folder of the last whole file, while the next ones are in it too.
    folder: Option<(PathBuf, Folder)>,
    /// The rows of the current Parquet input.
    #[cfg(feature = "parquet")]
    rows: Option<super::parquet::RowSource>,
}

impl ItemReader {
    /// A reader over `inputs`, as listed by [`super::expand`].
    pub fn new(inputs: Vec<Result<Input, ListError>>, options: InputOptions) -> Self {
        Self {
            inputs: inputs.into_iter(),
            current: None,
            warc: None,
            options,
            buf: Vec::new(),
            folder: None,
            #[cfg(feature = "parquet")]
            rows: None,
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
        if input.format == InputFormat::Parquet {
            return self.open_rows(&input, stem);
        }
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
        if input.format == InputFormat::Warc {
            let opened = open_stored(&input)
                .and_then(|raw| WarcReader::new(raw, input.path.as_deref(), max));
            match opened {
                Ok(reader) => {
                    self.warc = Some(WarcSource {
                        reader,
                        shown: Arc::from(input.shown.as_str()),
                        stem,
                    });
                    return None;
                }
                Err(e) => {
                    let unread = Unread {
                        reject: Reject::Unreadable(e.to_string()),
                        raw: None,
                        span: None,
                        input: Some("warc"),
                    };
                    return Some(Self::failed(&input.shown, stem, None, unread));
                }
            }
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

    /// Start reading the rows of a Parquet input; returns an item when it cannot be read.
    fn open_rows(&mut self, input: &Input, stem: Arc<str>) -> Option<Item> {
        let failed = |reason: String| {
            let unread = Unread {
                input: Some("parquet"),
                ..Reject::Unreadable(reason).into()
            };
            Some(Self::failed(&input.shown, stem.clone(), None, unread))
        };
        let Some(path) = input.path.as_deref() else {
            return failed("a Parquet table is read from a file, not standard input".into());
        };
        #[cfg(feature = "parquet")]
        {
            /// Rows decoded at a time (the reader hands them out one by one).
            const BATCH_ROWS: usize = 1024;
            let shown = Arc::from(input.shown.as_str());
            let max = self.options.max_doc_bytes;
            match super::parquet::RowSource::open(path, shown, stem.clone(), BATCH_ROWS, max) {
                Ok(rows) => {
                    self.rows = Some(rows);
                    None
                }
                Err(reason) => failed(reason),
            }
        }
        #[cfg(not(feature = "parquet"))]
        {
            let _ = path;
            failed("this scour was built without Parquet support (the `parquet` feature)".into())
        }
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

impl ItemReader {
    /// The next record of the current WARC input as an item: a page, a record skipped, or
    /// a reject that keeps the record's bytes.
    fn next_record(&mut self) -> Option<Item> {
        let src = self.warc.as_mut()?;
        let payload = match src.reader.next_record()? {
            Record::Page(page) => Payload::Page(page),
            Record::Skipped(kind) => Payload::Skipped(kind),
            Record::Malformed { reject, raw } => Payload::Failed(Unread {
                reject,
                raw: Some(raw),
                span: None,
                input: Some("warc"),
            }),
        };
        Some(Item {
            origin: Origin {
                path: String::from(&*src.shown),
                line: None,
                offset: None,
            },
            stem: src.stem.clone(),
            payload,
        })
    }
}

impl Iterator for ItemReader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if self.warc.is_some() {
                if let Some(item) = self.next_record() {
                    return Some(item);
                }
                self.warc = None;
                continue;
            }
            #[cfg(feature = "parquet")]
            if let Some(rows) = &mut self.rows {
                if let Some(item) = rows.next_item() {
                    return Some(item);
                }
                self.rows = None;
                continue;
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::read_file;

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
}
