//! The toy ceiling for `scripts/bench.sh`: the least a cleaner must do, in the same harness
//! as `scour clean`. It validates UTF-8 (simdutf8), brings the text to NFC (icu_normalizer)
//! and writes a JSONL record (serde_json), in ordered chunks of 256 documents cleaned in
//! parallel while the next chunk is read, like `scour::run`; a whole file is read by the
//! worker that cleans it, as in scour, and memory comes from the same allocator (mimalloc). scour's throughput is reported
//! as a ratio of this one's, measured in the same run on the same input.
//!
//! ```text
//! cargo run --release --example toy_ceiling -- [--threads N] [-o OUT] PATH...
//! ```
//! A folder is walked (sorted; one document per file); a `.jsonl` file is one document per
//! line (its `text` field). Text that is not UTF-8 is decoded lossily (the toy does no
//! detection).

use icu_normalizer::ComposingNormalizerBorrowed;
use rayon::prelude::*;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

// The allocator scour's binary uses: the ratio then measures the pipeline, not the allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const CHUNK_DOCS: usize = 256;
const CHUNK_BYTES: usize = 4 << 20;

enum Item {
    File {
        path: PathBuf,
    },
    Line {
        path: String,
        line: u64,
        bytes: Vec<u8>,
    },
}

/// Yields items from every input in order, reading lazily.
struct Reader {
    files: std::vec::IntoIter<PathBuf>,
    lines: Option<(String, u64, BufReader<std::fs::File>)>,
    buf: Vec<u8>,
}

impl Reader {
    fn new(paths: &[PathBuf]) -> Self {
        let mut files = Vec::new();
        for path in paths {
            if path.is_dir() {
                let mut found: Vec<PathBuf> = walkdir::WalkDir::new(path)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_map(Result::ok)
                    .filter(|e| e.file_type().is_file())
                    .map(|e| e.into_path())
                    .collect();
                files.append(&mut found);
            } else {
                files.push(path.clone());
            }
        }
        Reader {
            files: files.into_iter(),
            lines: None,
            buf: Vec::with_capacity(1 << 16),
        }
    }
}

impl Iterator for Reader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some((path, line, reader)) = self.lines.as_mut() {
                self.buf.clear();
                match reader.read_until(b'\n', &mut self.buf) {
                    Ok(0) | Err(_) => self.lines = None,
                    Ok(_) => {
                        *line += 1;
                        return Some(Item::Line {
                            path: path.clone(),
                            line: *line,
                            bytes: self.buf.clone(),
                        });
                    }
                }
                continue;
            }
            let path = self.files.next()?;
            if path.extension().is_some_and(|e| e == "jsonl") {
                let Ok(file) = std::fs::File::open(&path) else {
                    continue;
                };
                let shown = path.display().to_string();
                self.lines = Some((shown, 0, BufReader::with_capacity(1 << 20, file)));
                continue;
            }
            return Some(Item::File { path });
        }
    }
}

fn nfc(text: &str) -> String {
    ComposingNormalizerBorrowed::new_nfc()
        .normalize(text)
        .into_owned()
}

fn process(item: Item) -> Vec<u8> {
    let (id, path, line, text) = match item {
        Item::File { path } => {
            let Ok(bytes) = std::fs::read(&path) else {
                return Vec::new();
            };
            let path = path.display().to_string();
            let text = match simdutf8::basic::from_utf8(&bytes) {
                Ok(t) => nfc(t),
                Err(_) => nfc(&String::from_utf8_lossy(&bytes)),
            };
            let id = Path::new(&path)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            (id, path, None, text)
        }
        Item::Line { path, line, bytes } => {
            let value: serde_json::Value = match serde_json::from_slice(&bytes) {
                Ok(v) => v,
                Err(_) => return Vec::new(),
            };
            let text = value.get("text").and_then(|t| t.as_str()).unwrap_or("");
            let id = match value.get("id") {
                Some(serde_json::Value::String(s)) => s.clone(),
                _ => line.to_string(),
            };
            (id, path, Some(line), nfc(text))
        }
    };
    let record = serde_json::json!({
        "id": id,
        "text": text,
        "metadata": {"path": path, "line": line},
    });
    let mut out = serde_json::to_vec(&record).expect("serializing JSON into memory");
    out.push(b'\n');
    out
}

fn next_chunk(reader: &mut Reader) -> Vec<Item> {
    let mut chunk = Vec::new();
    let mut bytes = 0;
    for item in reader.by_ref() {
        // Files are read later, by the workers: a chunk of them is bounded by its count.
        bytes += match &item {
            Item::File { .. } => 0,
            Item::Line { bytes, .. } => bytes.len(),
        };
        chunk.push(item);
        if chunk.len() >= CHUNK_DOCS || bytes >= CHUNK_BYTES {
            break;
        }
    }
    chunk
}

fn main() -> std::io::Result<()> {
    let mut threads = 0;
    let mut output: Option<PathBuf> = None;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--threads" => threads = args.next().and_then(|t| t.parse().ok()).unwrap_or(0),
            "-o" => output = args.next().map(PathBuf::from),
            _ => paths.push(PathBuf::from(arg)),
        }
    }
    let mut out: Box<dyn Write + Send> = match output {
        Some(path) => Box::new(std::io::BufWriter::with_capacity(
            1 << 20,
            std::fs::File::create(path)?,
        )),
        None => Box::new(std::io::BufWriter::with_capacity(
            1 << 20,
            std::io::stdout(),
        )),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(std::io::Error::other)?;
    let mut reader = Reader::new(&paths);
    pool.install(|| -> std::io::Result<()> {
        let mut chunk = next_chunk(&mut reader);
        while !chunk.is_empty() {
            let (lines, next) = rayon::join(
                || chunk.into_par_iter().map(process).collect::<Vec<_>>(),
                || next_chunk(&mut reader),
            );
            for line in lines {
                out.write_all(&line)?;
            }
            chunk = next;
        }
        Ok(())
    })?;
    out.flush()
}
