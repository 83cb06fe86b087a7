//! Where output goes, by one rule for every output (`-o`, `--rejects`, `--stats`,
//! `learn -o`, a batch's files), and files that appear whole or not at all.
//!
//! - `-` is standard output.
//! - A device, FIFO or socket, or a link to one, is written in place: replacing it would
//!   destroy it (`/dev/null` as root) or write where nobody reads (a FIFO).
//! - A link to a descriptor of this process (`/dev/stdout`, `/dev/fd/N`,
//!   `/proc/self/fd/N`) is written in place too: standard output itself for descriptor 1,
//!   else the descriptor's file opened for appending.
//! - A link to a regular file is followed: the target is replaced atomically and the link
//!   kept.
//! - A regular file or a new path is written under a temporary name in the same folder and
//!   renamed into place when complete ([`AtomicFile`]).
//!
//! Temporary names are `.NAME.scour-tmp-PID-HOST`: a run that dies without cleaning up
//! (`kill -9`, a power cut) leaves one, and the next run that writes the same output on
//! the same host removes it once no process PID is alive. Temporary files of the live run
//! are listed for [`remove_temp_files`], which a signal handler calls before it exits.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// The capacity of the buffer in front of an output. Records arrive a chunk at a time
/// (hundreds of KB, in one vectored write), and a write at least this long skips the
/// buffer and goes straight to the file; the buffer only gathers small chunks.
pub const OUTPUT_BUFFER: usize = 64 << 10;

/// Where an output path leads (the module docs give the rule).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Standard output (`-`, or a link to this process's descriptor 1).
    Stdout,
    /// A device, FIFO, socket or descriptor of this process: opened and written as it is.
    /// `append` for a descriptor's file, so that what its owner wrote stays.
    InPlace {
        /// The path to open.
        path: PathBuf,
        /// Open for appending.
        append: bool,
    },
    /// A regular file or a new path, after following links: replaced atomically.
    Replace(PathBuf),
}

/// Links followed at most before giving up, as the kernel does (`ELOOP`).
const MAX_LINKS: usize = 40;

/// Where `path` leads: the one rule for every output.
pub fn destination(path: &Path) -> std::io::Result<Destination> {
    if path.as_os_str() == "-" {
        return Ok(Destination::Stdout);
    }
    let mut here = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        let meta = match std::fs::symlink_metadata(&here) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Destination::Replace(here));
            }
            Err(e) => return Err(e),
        };
        let kind = meta.file_type();
        if kind.is_symlink() {
            if let Some(fd) = own_descriptor(&here) {
                return Ok(if fd == 1 {
                    Destination::Stdout
                } else {
                    Destination::InPlace {
                        path: here,
                        append: true,
                    }
                });
            }
            let target = std::fs::read_link(&here)?;
            here = match here.parent() {
                Some(dir) => dir.join(target),
                None => target,
            };
        } else if kind.is_file() {
            return Ok(Destination::Replace(here));
        } else if kind.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "is a folder",
            ));
        } else {
            return Ok(Destination::InPlace {
                path: here,
                append: false,
            });
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// The descriptor number when `path` names a descriptor of this process: `/dev/fd/N`,
/// `/proc/self/fd/N`, `/proc/thread-self/fd/N` or `/proc/PID/fd/N` with our own PID.
fn own_descriptor(path: &Path) -> Option<u32> {
    let parts: Vec<Component> = path.components().collect();
    let name = |c: &Component| match c {
        Component::Normal(n) => n.to_str().map(str::to_owned),
        _ => None,
    };
    let pid = std::process::id().to_string();
    let fd = match parts.as_slice() {
        [Component::RootDir, dev, fd, n] if name(dev)? == "dev" && name(fd)? == "fd" => n,
        [Component::RootDir, proc, who, fd, n]
            if name(proc)? == "proc"
                && name(fd)? == "fd"
                && matches!(name(who)?.as_str(), w if w == "self" || w == "thread-self" || w == pid) =>
        {
            n
        }
        _ => return None,
    };
    name(fd)?.parse().ok()
}

/// An output opened by the rule in the module docs. Records written to it reach their
/// destination at [`Output::commit`] (a replaced file appears then); dropped without
/// committing, a temporary file is removed and nothing is replaced.
pub struct Output {
    inner: Inner,
}

enum Inner {
    Stdout(BufWriter<std::io::Stdout>),
    InPlace(BufWriter<File>),
    Replace(AtomicFile),
}

impl Output {
    /// Open `path` for writing (`-` is standard output).
    pub fn create(path: &Path) -> std::io::Result<Self> {
        let inner = match destination(path)? {
            Destination::Stdout => {
                Inner::Stdout(BufWriter::with_capacity(OUTPUT_BUFFER, std::io::stdout()))
            }
            Destination::InPlace { path, append } => {
                let file = std::fs::OpenOptions::new()
                    .write(true)
                    .append(append)
                    .open(path)?;
                Inner::InPlace(BufWriter::with_capacity(OUTPUT_BUFFER, file))
            }
            Destination::Replace(target) => Inner::Replace(AtomicFile::create(&target)?),
        };
        Ok(Self { inner })
    }

    /// Standard output.
    pub fn stdout() -> Self {
        Self {
            inner: Inner::Stdout(BufWriter::with_capacity(OUTPUT_BUFFER, std::io::stdout())),
        }
    }

    /// Flush, and for a replaced file sync it and rename it into place.
    pub fn commit(self) -> std::io::Result<()> {
        match self.inner {
            Inner::Stdout(mut w) => w.flush(),
            Inner::InPlace(mut w) => w.flush(),
            Inner::Replace(file) => file.commit(),
        }
    }

    /// Whether this output is standard output.
    pub fn is_stdout(&self) -> bool {
        matches!(self.inner, Inner::Stdout(_))
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.inner {
            Inner::Stdout(w) => w.write(buf),
            Inner::InPlace(w) => w.write(buf),
            Inner::Replace(w) => w.write(buf),
        }
    }

    fn write_vectored(&mut self, bufs: &[std::io::IoSlice<'_>]) -> std::io::Result<usize> {
        match &mut self.inner {
            Inner::Stdout(w) => w.write_vectored(bufs),
            Inner::InPlace(w) => w.write_vectored(bufs),
            Inner::Replace(w) => w.write_vectored(bufs),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match &mut self.inner {
            Inner::Stdout(w) => w.write_all(buf),
            Inner::InPlace(w) => w.write_all(buf),
            Inner::Replace(w) => w.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.inner {
            Inner::Stdout(w) => w.flush(),
            Inner::InPlace(w) => w.flush(),
            Inner::Replace(w) => w.flush(),
        }
    }
}

/// Write `bytes` to `path` by the output rule (for small outputs such as `--stats`).
pub fn write_output(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut out = Output::create(path)?;
    out.write_all(bytes)?;
    out.commit()
}

/// A file written under a temporary name in the same folder and renamed into place by
/// [`AtomicFile::commit`]. Dropped without committing, the temporary file is removed.
/// `target` is replaced as it is: [`Output`] follows links first.
pub struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    file: Option<BufWriter<File>>,
}

/// The temporary files of this process that are not yet committed or removed.
static LIVE_TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Remove every temporary file of this process that is not committed yet (for a signal
/// handler about to exit).
pub fn remove_temp_files() {
    let temps = LIVE_TEMPS
        .lock()
        .map(|t| t.clone())
        .unwrap_or_else(|poisoned| poisoned.into_inner().clone());
    for temp in temps {
        let _ = std::fs::remove_file(temp);
    }
}

fn forget_temp(temp: &Path) {
    if let Ok(mut temps) = LIVE_TEMPS.lock()
        && let Some(i) = temps.iter().position(|t| t == temp)
    {
        temps.swap_remove(i);
    }
}

/// Names longer than this cannot be created on the usual file systems.
const NAME_MAX: usize = 255;

/// The start of every temporary name for a target named `name`: `.NAME.scour-tmp-`, with
/// NAME shortened when the whole would be too long for a file name.
fn temp_prefix(name: &OsStr) -> OsString {
    const TAIL: &str = ".scour-tmp-";
    // Room for the PID, a dash and a host name of up to 64 bytes.
    let room = NAME_MAX - 1 - TAIL.len() - 10 - 1 - 64;
    let bytes = name.as_encoded_bytes();
    let name = if bytes.len() > room {
        // Cut at a character boundary of the OS string's encoding: shortening by whole
        // UTF-8 characters where the name is UTF-8, by bytes otherwise.
        let mut cut = room;
        while cut > 0 && !name.to_str().is_none_or(|s| s.is_char_boundary(cut)) {
            cut -= 1;
        }
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            OsStr::from_bytes(&bytes[..cut]).to_owned()
        }
        #[cfg(not(unix))]
        {
            let _ = cut;
            OsString::from(
                name.to_string_lossy()
                    .chars()
                    .take(room)
                    .collect::<String>(),
            )
        }
    } else {
        name.to_owned()
    };
    let mut prefix = OsString::from(".");
    prefix.push(name);
    prefix.push(TAIL);
    prefix
}

/// This host's name, as it goes into temporary names (a folder shared between machines
/// holds temporary files whose PIDs mean nothing here).
fn host() -> String {
    #[cfg(unix)]
    {
        let uname = rustix::system::uname();
        let name: String = uname
            .nodename()
            .to_string_lossy()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
            .take(64)
            .collect();
        name
    }
    #[cfg(not(unix))]
    {
        String::new()
    }
}

/// Whether a process `pid` is alive on this host (when unsure, it is).
fn alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Some(pid) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return true;
        };
        !matches!(
            rustix::process::test_kill_process(pid),
            Err(rustix::io::Errno::SRCH)
        )
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// The temporary files of dead runs on this host, per folder, listed the first time this
/// process writes an output in that folder: a batch writes thousands of outputs into one
/// folder, and listing it for each would cost the square of its size.
static STALE: Mutex<BTreeMap<PathBuf, Vec<PathBuf>>> = Mutex::new(BTreeMap::new());

/// Remove the temporary files for a target whose temporary names start with `prefix`, in
/// `dir`, that runs on this host left when they died: names `PREFIX PID-HOST` whose PID
/// is not a live process.
fn remove_stale(dir: &Path, prefix: &OsStr, own: &str) {
    let Ok(mut stale) = STALE.lock() else {
        return;
    };
    let found = stale
        .entry(dir.to_path_buf())
        .or_insert_with(|| list_stale(dir, own));
    let prefix = prefix.as_encoded_bytes();
    found.retain(|path| {
        let mine = path
            .file_name()
            .is_some_and(|n| n.as_encoded_bytes().starts_with(prefix));
        if mine {
            let _ = std::fs::remove_file(path);
        }
        !mine
    });
}

/// The temporary files in `dir` of runs on this host whose process is gone.
fn list_stale(dir: &Path, own: &str) -> Vec<PathBuf> {
    const MARK: &[u8] = b".scour-tmp-";
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut stale = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let bytes = name.as_encoded_bytes();
        let Some(at) = bytes.windows(MARK.len()).rposition(|w| w == MARK) else {
            continue;
        };
        let Some((pid, host)) = std::str::from_utf8(&bytes[at + MARK.len()..])
            .ok()
            .and_then(|r| r.split_once('-'))
        else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if bytes.first() == Some(&b'.') && host == own && pid != std::process::id() && !alive(pid) {
            stale.push(entry.path());
        }
    }
    stale
}

impl AtomicFile {
    /// Create the temporary file for `target`, first removing what dead runs left for it.
    pub fn create(target: &Path) -> std::io::Result<Self> {
        let dir = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = target.file_name().unwrap_or_default();
        let prefix = temp_prefix(name);
        let host = host();
        remove_stale(dir, &prefix, &host);
        let mut temp_name = prefix;
        temp_name.push(format!("{}-{host}", std::process::id()));
        let temp = dir.join(temp_name);
        // Registered before it exists, so that a signal in between still removes it.
        if let Ok(mut temps) = LIVE_TEMPS.lock() {
            temps.push(temp.clone());
        }
        let file = match File::create(&temp) {
            Ok(file) => file,
            Err(e) => {
                forget_temp(&temp);
                return Err(e);
            }
        };
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
        forget_temp(&self.temp);
        result
    }

    /// The temporary path.
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
            forget_temp(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptors_of_this_process_are_recognised() {
        let pid = std::process::id();
        for (path, fd) in [
            ("/dev/fd/1", Some(1)),
            ("/proc/self/fd/2", Some(2)),
            ("/proc/thread-self/fd/7", Some(7)),
            (&format!("/proc/{pid}/fd/1"), Some(1)),
            (&format!("/proc/{}/fd/1", pid + 1), None),
            ("/dev/stdout", None),
            ("dev/fd/1", None),
            ("/dev/fd/x", None),
        ] {
            assert_eq!(own_descriptor(Path::new(path)), fd, "{path}");
        }
    }

    #[test]
    fn temporary_names_fit_a_file_name() {
        let long = "n".repeat(255);
        let prefix = temp_prefix(OsStr::new(&long));
        assert!(prefix.len() + 10 + 1 + 64 <= NAME_MAX);
        assert_eq!(temp_prefix(OsStr::new("a.jsonl")), ".a.jsonl.scour-tmp-");
        // A name cut inside a character is cut before it.
        let wide = "ä".repeat(100);
        assert!(temp_prefix(OsStr::new(&wide)).to_str().is_some());
    }

    #[cfg(unix)]
    #[test]
    fn new_paths_files_and_links_to_them_are_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, "x").unwrap();
        let link = dir.path().join("l");
        std::os::unix::fs::symlink("f", &link).unwrap();
        let new = dir.path().join("new");
        assert_eq!(
            destination(&new).unwrap(),
            Destination::Replace(new.clone())
        );
        assert_eq!(
            destination(&file).unwrap(),
            Destination::Replace(file.clone())
        );
        assert_eq!(destination(&link).unwrap(), Destination::Replace(file));
        assert_eq!(destination(Path::new("-")).unwrap(), Destination::Stdout);
        assert!(destination(dir.path()).is_err());
        let looped = dir.path().join("loop");
        std::os::unix::fs::symlink("loop", &looped).unwrap();
        assert!(destination(&looped).is_err());
    }
}
