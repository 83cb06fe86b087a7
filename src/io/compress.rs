//! Compressed inputs and outputs: gzip and zstd.
//!
//! Reading: a path ending in `.gz` or `.zst` is decompressed by its extension; any other
//! input, stdin included, is decompressed when it starts with the gzip (`1f 8b`) or zstd
//! (`28 b5 2f fd`) magic bytes, and read as it is otherwise. Concatenated gzip members and
//! zstd frames are read as one stream (what `cat a.gz b.gz` and `pigz`/`zstd -T` give).
//!
//! Writing: the output file's extension decides. zstd output is always compressed by zstd's
//! worker threads (at least one): multi-threaded zstd output depends on the job size, not
//! on the number of workers, so the bytes are the same at any `--threads`; single-threaded
//! mode would give different bytes. gzip output has no timestamp or file name in its
//! header, so it too is the same for the same records.

use flate2::bufread::MultiGzDecoder;
use flate2::write::GzEncoder;
use std::io::{self, BufRead, BufReader, Cursor, Read, Write};
use std::path::Path;

const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];
const ZSTD_MAGIC: &[u8] = &[0x28, 0xb5, 0x2f, 0xfd];

/// zstd level for output files (zstd's default: fast, and a good ratio on text).
const ZSTD_LEVEL: i32 = 3;

/// A compression format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Not compressed.
    None,
    /// gzip (`.gz`).
    Gzip,
    /// zstd (`.zst`).
    Zstd,
}

impl Compression {
    /// By the file name's last extension: `.gz`, `.zst`, else none.
    pub fn from_path(path: &Path) -> Self {
        match path.extension().and_then(|e| e.to_str()) {
            Some("gz") => Compression::Gzip,
            Some("zst") => Compression::Zstd,
            _ => Compression::None,
        }
    }

    /// By the first bytes of the data. Needs at least four bytes to tell zstd apart.
    pub fn sniff(head: &[u8]) -> Self {
        if head.starts_with(GZIP_MAGIC) {
            Compression::Gzip
        } else if head.starts_with(ZSTD_MAGIC) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }

    /// The file name extension, with its dot (`""` for none).
    pub fn extension(self) -> &'static str {
        match self {
            Compression::None => "",
            Compression::Gzip => ".gz",
            Compression::Zstd => ".zst",
        }
    }
}

/// Wrap an input in a decompressor: by `path`'s extension when it has `.gz`/`.zst`,
/// otherwise by the magic bytes at its start.
pub fn decompress(
    mut reader: Box<dyn BufRead + Send>,
    path: Option<&Path>,
) -> io::Result<Box<dyn BufRead + Send>> {
    let by_name = path.map_or(Compression::None, Compression::from_path);
    let compression = match by_name {
        Compression::None => {
            let head = reader.fill_buf()?;
            let ambiguous = head.len() < ZSTD_MAGIC.len()
                && !head.is_empty()
                && (ZSTD_MAGIC.starts_with(head) || GZIP_MAGIC.starts_with(head));
            if ambiguous {
                // A short first read (a slow pipe) that could be the start of a magic
                // number: read on until there are enough bytes to tell.
                let mut head = Vec::with_capacity(ZSTD_MAGIC.len());
                (&mut reader)
                    .take(ZSTD_MAGIC.len() as u64)
                    .read_to_end(&mut head)?;
                let compression = Compression::sniff(&head);
                reader = Box::new(BufReader::new(Cursor::new(head).chain(reader)));
                compression
            } else {
                Compression::sniff(head)
            }
        }
        known => known,
    };
    const BUF: usize = 1 << 20;
    Ok(match compression {
        Compression::None => reader,
        Compression::Gzip => Box::new(BufReader::with_capacity(BUF, MultiGzDecoder::new(reader))),
        Compression::Zstd => Box::new(BufReader::with_capacity(
            BUF,
            zstd::stream::read::Decoder::with_buffer(reader)?,
        )),
    })
}

/// A writer that compresses into `W`; [`Encoder::finish`] ends the stream and gives `W`
/// back (a file to commit, say).
pub enum Encoder<W: Write> {
    /// Written as is.
    Plain(W),
    /// gzip.
    Gzip(GzEncoder<W>),
    /// zstd.
    Zstd(zstd::stream::write::Encoder<'static, W>),
}

impl<W: Write> Encoder<W> {
    /// An encoder of `compression` around `inner`. `threads` (0: one per core) bounds the
    /// zstd workers.
    pub fn new(inner: W, compression: Compression, threads: usize) -> io::Result<Self> {
        Ok(match compression {
            Compression::None => Encoder::Plain(inner),
            Compression::Gzip => Encoder::Gzip(
                flate2::GzBuilder::new()
                    .mtime(0)
                    .write(inner, flate2::Compression::default()),
            ),
            Compression::Zstd => {
                let workers = match threads {
                    0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
                    n => n,
                };
                let mut encoder = zstd::stream::write::Encoder::new(inner, ZSTD_LEVEL)?;
                encoder.multithread(u32::try_from(workers).unwrap_or(u32::MAX))?;
                Encoder::Zstd(encoder)
            }
        })
    }

    /// Write the end of the compressed stream and return the inner writer.
    pub fn finish(self) -> io::Result<W> {
        match self {
            Encoder::Plain(mut w) => {
                w.flush()?;
                Ok(w)
            }
            Encoder::Gzip(e) => e.finish(),
            Encoder::Zstd(e) => e.finish(),
        }
    }
}

impl<W: Write> Write for Encoder<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Encoder::Plain(w) => w.write(buf),
            Encoder::Gzip(w) => w.write(buf),
            Encoder::Zstd(w) => w.write(buf),
        }
    }

    fn write_vectored(&mut self, bufs: &[io::IoSlice<'_>]) -> io::Result<usize> {
        match self {
            Encoder::Plain(w) => w.write_vectored(bufs),
            Encoder::Gzip(w) => w.write_vectored(bufs),
            Encoder::Zstd(w) => w.write_vectored(bufs),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Encoder::Plain(w) => w.write_all(buf),
            Encoder::Gzip(w) => w.write_all(buf),
            Encoder::Zstd(w) => w.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Encoder::Plain(w) => w.flush(),
            Encoder::Gzip(w) => w.flush(),
            Encoder::Zstd(w) => w.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compress(data: &[u8], compression: Compression, threads: usize) -> Vec<u8> {
        let mut e = Encoder::new(Vec::new(), compression, threads).unwrap();
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn read_back(bytes: Vec<u8>, path: Option<&Path>) -> Vec<u8> {
        let mut r = decompress(Box::new(Cursor::new(bytes)), path).unwrap();
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        out
    }

    fn sample() -> Vec<u8> {
        (0..20_000)
            .map(|i| format!("{{\"id\":{i},\"text\":\"Grüße Nummer {i}\"}}\n"))
            .collect::<String>()
            .into_bytes()
    }

    #[test]
    fn round_trips_by_extension_and_by_magic() {
        let data = sample();
        for (c, name) in [
            (Compression::Gzip, "a.jsonl.gz"),
            (Compression::Zstd, "a.jsonl.zst"),
        ] {
            let packed = compress(&data, c, 2);
            assert_ne!(packed, data);
            assert_eq!(Compression::sniff(&packed), c);
            assert_eq!(read_back(packed.clone(), Some(Path::new(name))), data);
            // No telling extension: the magic bytes decide.
            assert_eq!(read_back(packed.clone(), Some(Path::new("a.jsonl"))), data);
            assert_eq!(read_back(packed, None), data);
        }
        assert_eq!(read_back(data.clone(), None), data);
        assert_eq!(compress(&data, Compression::None, 1), data);
    }

    #[test]
    fn concatenated_streams_read_as_one() {
        for c in [Compression::Gzip, Compression::Zstd] {
            let mut packed = compress(b"one\n", c, 1);
            packed.extend(compress(b"two\n", c, 1));
            assert_eq!(read_back(packed, None), b"one\ntwo\n");
        }
    }

    #[test]
    fn same_bytes_at_any_thread_count() {
        let data = sample();
        for c in [Compression::Gzip, Compression::Zstd] {
            let one = compress(&data, c, 1);
            assert_eq!(one, compress(&data, c, 4), "{c:?}");
        }
    }

    #[test]
    fn short_and_plain_heads() {
        // Shorter than a magic number, or a prefix of one: passed through untouched.
        for data in [&b""[..], b"\x28", b"\x28\xb5", b"{", b"\x1f"] {
            assert_eq!(read_back(data.to_vec(), None), data);
        }
        // A magic number split over reads of one byte still decides.
        struct Trickle(Vec<u8>, usize);
        impl Read for Trickle {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                match (self.0.get(self.1), buf.first_mut()) {
                    (Some(&b), Some(slot)) => {
                        *slot = b;
                        self.1 += 1;
                        Ok(1)
                    }
                    _ => Ok(0),
                }
            }
        }
        let packed = compress(b"trickled\n", Compression::Zstd, 1);
        let inner = BufReader::with_capacity(1, Trickle(packed, 0));
        let mut r = decompress(Box::new(inner), None).unwrap();
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        assert_eq!(out, b"trickled\n");
    }

    #[test]
    fn a_wrong_extension_is_an_error_not_a_panic() {
        let mut r = decompress(
            Box::new(Cursor::new(b"plain".to_vec())),
            Some(Path::new("x.gz")),
        )
        .unwrap();
        let mut out = Vec::new();
        assert!(r.read_to_end(&mut out).is_err());
    }
}
