//! Output files that appear whole or not at all.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The capacity of the buffer in front of an output. Records arrive a chunk at a time
/// (hundreds of KB, in one vectored write), and a write at least this long skips the
/// buffer and goes straight to the file; the buffer only gathers small chunks.
pub const OUTPUT_BUFFER: usize = 64 << 10;

/// A file written under a temporary name in the same folder and renamed into place by
/// [`AtomicFile::commit`]. Dropped without committing, the temporary file is removed.
pub struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    file: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Create the temporary file for `target`.
    pub fn create(target: &Path) -> std::io::Result<Self> {
        let dir = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let temp = dir.join(format!(".{name}.scour-tmp-{}", std::process::id()));
        let file = File::create(&temp)?;
        Ok(Self {
            target: target.to_owned(),
            temp,
            file: Some(BufWriter::with_capacity(OUTPUT_BUFFER, file)),
        })
    }

    /// Flush, sync and rename into place. On failure the temporary file is removed.
    pub fn commit(mut self) -> std::io::Result<()> {
        let result = self.file.take().map_or(Ok(()), |file| {
            let file = file.into_inner().map_err(|e| e.into_error())?;
            file.sync_all()
        });
        let result = result.and_then(|()| std::fs::rename(&self.temp, &self.target));
        if result.is_err() {
            let _ = std::fs::remove_file(&self.temp);
        }
        result
    }

    /// The temporary path (for cleaning up after a signal).
    pub fn temp_path(&self) -> &Path {
        &self.temp
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(std::io::Error::other("file already committed")),
        }
    }

    fn write_vectored(&mut self, bufs: &[std::io::IoSlice<'_>]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write_vectored(bufs),
            None => Err(std::io::Error::other("file already committed")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}
