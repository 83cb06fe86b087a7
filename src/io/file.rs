//! Opening and reading input files: the folder a whole file is looked up in ([`Folder`]),
//! an input opened as a stream ([`open`]), a whole file read within a bound and
//! decompressed ([`read_file`]), and a file's span with its checksum.

use super::compress::{Compression, decompress};
use super::input::Input;
use super::span::{Span, Unread};
use crate::error::Reject;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;

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
    pub(super) fn open(dir: &Path) -> Self {
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
    pub(super) fn size(&self, path: &Path) -> std::io::Result<u64> {
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

/// Open an input as a stream, decompressed.
pub(super) fn open(input: &Input) -> std::io::Result<Box<dyn BufRead + Send>> {
    decompress(open_stored(input)?, input.path.as_deref())
}

/// Open an input as a stream of its bytes as stored (compressed or not).
pub(super) fn open_stored(input: &Input) -> std::io::Result<Box<dyn BufRead + Send>> {
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
    Ok(raw)
}

/// Read a whole-file input (an item's [`Payload::File`](super::Payload::File), in `folder`), at most `max` bytes
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
pub(super) fn decompressed(path: &Path, bytes: Vec<u8>, max: u64) -> Result<Vec<u8>, Reject> {
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
pub(super) fn read_whole(
    reader: impl Read,
    size: Option<u64>,
    max: u64,
) -> Result<Vec<u8>, Reject> {
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

/// The span of a whole file as stored, read once to take its checksum; `None` when it
/// cannot be read.
pub(super) fn file_span(path: &Path) -> Option<Span> {
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
