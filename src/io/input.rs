//! Which inputs a run reads, in which order, and how each is split into documents.

use super::globs::WalkFilter;
use std::path::{Path, PathBuf};

/// How an input is split into documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// By extension for files (`.jsonl`/`.ndjson` are JSONL, `.warc`/`.wet` WARC, `.json`
    /// by its first bytes, the rest text); for stdin, JSONL when the first non-blank byte is `{`, else text.
    #[default]
    Auto,
    /// The whole input is one document.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// Every line is a document.
    Lines,
    /// A rejects file written by `--rejects`: every record is run again from its raw bytes.
    Rejects,
    /// WARC records (`.warc`, `.warc.gz`, `.warc.wet.gz`): every `conversion` record is a
    /// document.
    Warc,
    /// A Parquet table (`.parquet`): every row is a document (needs the `parquet` feature).
    Parquet,
}

/// One input: a file or stdin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The path as shown in records and messages (as the user gave it, or relative to a
    /// fixture case).
    pub shown: String,
    /// Where to read it; `None` for stdin.
    pub path: Option<PathBuf>,
    /// How to split it.
    pub format: InputFormat,
    /// Size in bytes once known: the reader looks it up for a whole-file input when it
    /// comes to it (for chunking and the size limit), [`fill_sizes`] for all at once (for a
    /// progress bar's total).
    pub size: Option<u64>,
}

impl Input {
    /// Standard input.
    pub fn stdin(format: InputFormat) -> Self {
        Self {
            shown: "-".into(),
            path: None,
            format,
            size: None,
        }
    }

    /// A file, shown as `shown`. Its size is not looked up here: on a folder of 50,000
    /// files, doing that for all of them before the first document is cleaned was a serial
    /// twentieth of the run.
    pub fn file(shown: impl Into<String>, path: impl Into<PathBuf>, format: InputFormat) -> Self {
        let path = path.into();
        Self {
            shown: shown.into(),
            format: resolve_format(format, Some(&path)),
            path: Some(path),
            size: None,
        }
    }

    /// The id stem of documents from this input: the file name without its extension(s),
    /// escaped as [`shown_path`] escapes it.
    pub fn stem(&self) -> String {
        match self.path.as_deref().and_then(Path::file_name) {
            Some(name) => stem_of(Path::new(&shown_path(Path::new(name)))),
            None if self.path.is_some() => String::new(),
            None => "stdin".into(),
        }
    }
}

/// A path as records and messages show it: as it is, except that every byte that is not
/// part of a UTF-8 character is written `\xHH` (two uppercase hex digits) and every
/// backslash is doubled (`a\b` → `a\\b`), so that the escape is lossless: names that
/// differ only in such bytes (`x\xff.txt`, `x\xfe.txt`) stay distinct.
pub fn shown_path(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::fmt::Write as _;
        use std::os::unix::ffi::OsStrExt;
        let bytes = path.as_os_str().as_bytes();
        if let Ok(text) = std::str::from_utf8(bytes)
            && !text.contains('\\')
        {
            return text.to_owned();
        }
        let mut out = String::with_capacity(bytes.len() + 8);
        for chunk in bytes.utf8_chunks() {
            for c in chunk.valid().chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    c => out.push(c),
                }
            }
            for b in chunk.invalid() {
                let _ = write!(out, "\\x{b:02X}");
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().into_owned()
    }
}

/// The first of `paths` (given on the command line; `-` is stdin) that does not exist.
pub fn first_missing(paths: &[PathBuf]) -> Option<&Path> {
    paths.iter().map(PathBuf::as_path).find(|path| {
        path.as_os_str() != "-"
            && std::fs::symlink_metadata(path).is_err_and(|e| {
                matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                )
            })
    })
}

/// A file name (as shown) without its extension (and without a compression extension
/// before it): `a/b.jsonl.gz` → `b`.
pub fn stem_of(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let mut stem: &str = &name;
    for ext in [".gz", ".zst"] {
        stem = stem.strip_suffix(ext).unwrap_or(stem);
    }
    match stem.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s.to_owned(),
        _ => stem.to_owned(),
    }
}

fn resolve_format(format: InputFormat, path: Option<&Path>) -> InputFormat {
    match (format, path) {
        (InputFormat::Auto, Some(path)) => {
            let name = path.to_string_lossy();
            let name = name
                .strip_suffix(".gz")
                .or_else(|| name.strip_suffix(".zst"))
                .unwrap_or(&name);
            if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
                InputFormat::Jsonl
            } else if name.ends_with(".warc") || name.ends_with(".wet") {
                InputFormat::Warc
            } else if path.to_string_lossy().ends_with(".parquet") {
                // Not compressed as a whole: its pages are.
                InputFormat::Parquet
            } else if name.ends_with(".json") {
                // JSON Lines, a JSON array or one JSON text: the reader looks at the first bytes.
                InputFormat::Auto
            } else {
                InputFormat::Text
            }
        }
        (format, _) => format,
    }
}

/// Look up the size of every file input that has none yet, and return the total size of
/// all inputs when every one is known (standard input never is).
pub fn fill_sizes(inputs: &mut [Result<Input, ListError>]) -> Option<u64> {
    let mut total = Some(0u64);
    for input in inputs.iter_mut().flatten() {
        if input.size.is_none()
            && let Some(path) = &input.path
        {
            input.size = std::fs::metadata(path).ok().map(|m| m.len());
        }
        total = total.zip(input.size).map(|(t, s)| t + s);
    }
    total
}

/// One input path that could not be listed (it will be reported as a rejected document).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListError {
    /// The path as shown.
    pub shown: String,
    /// Why.
    pub reason: String,
}

/// Expand command-line paths into inputs: `-` is stdin, a folder is walked recursively in
/// sorted path order (hidden entries skipped, symlinks followed, loops reported), anything
/// else is a file. Paths that cannot be listed come back as errors, in their place.
pub fn expand(paths: &[PathBuf], format: InputFormat) -> Vec<Result<Input, ListError>> {
    expand_with(paths, format, &WalkFilter::default())
}

/// [`expand`], with `filter` picking what the walks read (`-g/--glob`, `--hidden`).
pub fn expand_with(
    paths: &[PathBuf],
    format: InputFormat,
    filter: &WalkFilter,
) -> Vec<Result<Input, ListError>> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(Ok(Input::stdin(format)));
            continue;
        }
        let shown = shown_path(path);
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, format, filter, &mut out),
            Ok(_) => out.push(Ok(Input::file(shown, path, format))),
            Err(e) => out.push(Err(ListError {
                shown,
                reason: e.to_string(),
            })),
        }
    }
    out
}

/// Open the folder `dir` for lookups by name, whatever the length of its path: a path
/// longer than the kernel takes at once (PATH_MAX, 4,096 bytes on Linux) is opened a
/// stretch of components at a time, each relative to the one before.
#[cfg(unix)]
pub(crate) fn open_folder(dir: &Path) -> std::io::Result<rustix::fd::OwnedFd> {
    use rustix::fs::{CWD, Mode, OFlags};
    const STRETCH: usize = 2048;
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    if dir.as_os_str().len() < STRETCH {
        return Ok(rustix::fs::open(dir, flags, Mode::empty())?);
    }
    let mut fd: Option<rustix::fd::OwnedFd> = None;
    let mut stretch = PathBuf::new();
    let open = |fd: &Option<rustix::fd::OwnedFd>, path: &Path| match fd {
        Some(fd) => rustix::fs::openat(fd, path, flags, Mode::empty()),
        None => rustix::fs::openat(CWD, path, flags, Mode::empty()),
    };
    for part in dir.components() {
        let part = part.as_os_str();
        if !stretch.as_os_str().is_empty() && stretch.as_os_str().len() + part.len() >= STRETCH {
            fd = Some(open(&fd, &stretch)?);
            stretch = PathBuf::new();
        }
        stretch.push(part);
    }
    if stretch.as_os_str().is_empty() {
        return fd.ok_or_else(|| std::io::ErrorKind::NotFound.into());
    }
    Ok(open(&fd, &stretch)?)
}

/// Open the file at `path` for reading, whatever the length of its path (see
/// [`open_folder`]).
pub(crate) fn open_file(path: &Path) -> std::io::Result<std::fs::File> {
    #[cfg(unix)]
    if path.as_os_str().len() >= 2048
        && let (Some(dir), Some(name)) = (path.parent(), path.file_name())
    {
        use rustix::fs::{Mode, OFlags};
        let dir = open_folder(dir)?;
        let fd = rustix::fs::openat(&dir, name, OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty())?;
        return Ok(std::fs::File::from(fd));
    }
    std::fs::File::open(path)
}

/// The reason given for a file found by a walk that is not a regular file.
fn not_read(kind: &str) -> String {
    format!("{kind}, not a regular file (one named on the command line is read)")
}

/// Walk a folder: every entry is looked up relative to its folder's open handle, so that a
/// tree deeper than PATH_MAX is walked whole (a walk by whole paths fails below that depth
/// and loses the subtree). One handle is open per level of the current branch.
#[cfg(unix)]
fn walk(
    root: &Path,
    format: InputFormat,
    filter: &WalkFilter,
    out: &mut Vec<Result<Input, ListError>>,
) {
    use rustix::fs::{Mode, OFlags};
    let mut found = Vec::new();
    let root_len = root.as_os_str().len();
    let mut walk = Walk {
        format,
        filter,
        root,
        root_len,
        found: &mut found,
        ancestors: Vec::new(),
    };
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    match rustix::fs::open(root, flags, Mode::empty())
        .and_then(|fd| rustix::fs::fstat(&fd).map(|st| (fd, st)))
    {
        Ok((fd, st)) => {
            walk.ancestors.push((st.st_dev, st.st_ino, root.to_owned()));
            walk.folder(&fd, root);
        }
        Err(e) => walk.error(root, std::io::Error::from(e).to_string()),
    }
    // Keys are distinct paths: no order among equals to keep.
    found.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    out.extend(found.into_iter().map(|(_, input)| input));
}

/// A walk in progress (see [`walk`]).
#[cfg(unix)]
struct Walk<'a> {
    format: InputFormat,
    filter: &'a WalkFilter,
    root: &'a Path,
    /// Every path found starts with the root's bytes: the keys leave them out.
    root_len: usize,
    found: &'a mut Vec<(Vec<u8>, Result<Input, ListError>)>,
    /// The folders of the current branch (device, inode, path), to tell symlink loops.
    ancestors: Vec<(u64, u64, PathBuf)>,
}

#[cfg(unix)]
impl Walk<'_> {
    fn key(&self, path: &Path) -> Vec<u8> {
        let bytes = path.as_os_str().as_encoded_bytes();
        order_key(bytes.get(self.root_len..).unwrap_or(bytes))
    }

    /// Whether the filter reads (or walks) `path`, found below the root.
    fn admits(&self, path: &Path, is_folder: bool) -> bool {
        if self.filter.is_default() {
            return true; // hidden names were left out as the folder was read
        }
        below(path, self.root).is_none_or(|rel| self.filter.admits(rel, is_folder))
    }

    fn error(&mut self, path: &Path, reason: String) {
        let shown = shown_path(path);
        let key = self.key(path);
        self.found.push((key, Err(ListError { shown, reason })));
    }

    /// The entries of the open folder `dir` at `path` (hidden ones left out, or as the
    /// filter says), then each in turn: folders walked, regular files listed, anything else
    /// a reject.
    fn folder(&mut self, dir: &rustix::fd::OwnedFd, path: &Path) {
        use rustix::fs::{AtFlags, FileType, Mode, OFlags};
        use std::os::unix::ffi::OsStrExt;
        let mut names = Vec::new();
        // Read the whole folder first, so that its listing handle is closed before the
        // walk goes down.
        match rustix::fs::Dir::read_from(dir) {
            Ok(entries) => {
                for entry in entries {
                    match entry {
                        Ok(entry) => {
                            let name = entry.file_name().to_bytes();
                            // `.` and `..` are never entries to walk; other hidden
                            // names are the filter's to judge, when it has a say.
                            let dots = matches!(name, b"." | b"..");
                            if name.first() != Some(&b'.') || (!dots && !self.filter.is_default()) {
                                names.push((name.to_vec(), entry.file_type()));
                            }
                        }
                        Err(e) => {
                            self.error(path, std::io::Error::from(e).to_string());
                            break;
                        }
                    }
                }
            }
            Err(e) => return self.error(path, std::io::Error::from(e).to_string()),
        }
        for (name, kind) in names {
            let child = path.join(std::ffi::OsStr::from_bytes(&name));
            let name = std::ffi::OsStr::from_bytes(&name);
            // Links are followed; a file system that does not say the type is asked.
            let (kind, stat) = match kind {
                FileType::RegularFile => (kind, None),
                _ => match rustix::fs::statat(dir, name, AtFlags::empty()) {
                    Ok(st) => (FileType::from_raw_mode(st.st_mode), Some(st)),
                    Err(e) => {
                        if self.admits(&child, false) {
                            self.error(&child, std::io::Error::from(e).to_string());
                        }
                        continue;
                    }
                },
            };
            if !self.admits(&child, kind == FileType::Directory) {
                continue;
            }
            let reason = match kind {
                FileType::RegularFile => {
                    let shown = shown_path(&child);
                    let key = self.key(&child);
                    let input = Input::file(shown, &child, self.format);
                    self.found.push((key, Ok(input)));
                    continue;
                }
                FileType::Directory => {
                    let Some(st) = stat else { continue };
                    let ancestor = self
                        .ancestors
                        .iter()
                        .find(|(dev, ino, _)| (*dev, *ino) == (st.st_dev, st.st_ino));
                    if let Some((_, _, a)) = ancestor {
                        let reason = format!("symlink loop back to {}", a.display());
                        self.error(&child, reason);
                        continue;
                    }
                    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
                    match rustix::fs::openat(dir, name, flags, Mode::empty()) {
                        Ok(fd) => {
                            self.ancestors.push((st.st_dev, st.st_ino, child.clone()));
                            self.folder(&fd, &child);
                            self.ancestors.pop();
                        }
                        Err(e) => self.error(&child, std::io::Error::from(e).to_string()),
                    }
                    continue;
                }
                FileType::Fifo => not_read("a FIFO"),
                FileType::Socket => not_read("a socket"),
                FileType::CharacterDevice => not_read("a character device"),
                FileType::BlockDevice => not_read("a block device"),
                _ => not_read("not a regular file"),
            };
            self.error(&child, reason);
        }
    }
}

#[cfg(not(unix))]
fn walk(
    root: &Path,
    format: InputFormat,
    filter: &WalkFilter,
    out: &mut Vec<Result<Input, ListError>>,
) {
    // Entries come in directory order and are sorted once at the end: walkdir's own
    // sorting compares file names that it takes apart from whole paths at every
    // comparison, which cost more than the rest of the walk on 50,000 files.
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || below(e.path(), root)
                    .is_none_or(|rel| filter.admits(rel, e.file_type().is_dir()))
        });
    let mut found = Vec::new();
    // Every path found starts with the root's bytes: the keys leave them out.
    let root_len = root.as_os_str().len();
    let key = |path: &Path| {
        let bytes = path.as_os_str().as_encoded_bytes();
        order_key(bytes.get(root_len..).unwrap_or(bytes))
    };
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => {
                let shown = shown_path(e.path());
                // Only regular files found by a walk are read: a FIFO nobody writes to
                // would block the run forever, and a device has no end.
                let input = if e.file_type().is_file() {
                    Ok(Input::file(shown, e.path(), format))
                } else {
                    Err(ListError {
                        shown,
                        reason: not_read("not a regular file"),
                    })
                };
                found.push((key(e.path()), input));
            }
            Err(e) => {
                let path = e.path().unwrap_or(root);
                let shown = shown_path(path);
                let reason = match e.loop_ancestor() {
                    Some(a) => format!("symlink loop back to {}", a.display()),
                    None => e
                        .io_error()
                        .map_or_else(|| e.to_string(), ToString::to_string),
                };
                found.push((key(path), Err(ListError { shown, reason })));
            }
        }
    }
    // Keys are distinct paths: no order among equals to keep.
    found.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    out.extend(found.into_iter().map(|(_, input)| input));
}

/// `path` below `root` (`None` for the root itself).
fn below<'a>(path: &'a Path, root: &Path) -> Option<&'a Path> {
    path.strip_prefix(root)
        .ok()
        .filter(|rel| !rel.as_os_str().is_empty())
}

/// A key that sorts paths like a walk that visits each folder's entries sorted by name:
/// the path's bytes with the separator below every byte a name can hold, so that `a/z`
/// comes before `a.txt` (`a` < `a.txt`) while plain bytes would put it after.
fn order_key(path: &[u8]) -> Vec<u8> {
    path.iter()
        .map(|&b| {
            if std::path::is_separator(char::from(b)) {
                0
            } else {
                b
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_and_formats() {
        let i = Input::file("a/b.jsonl.gz", "a/b.jsonl.gz", InputFormat::Auto);
        assert_eq!((i.stem().as_str(), i.format), ("b", InputFormat::Jsonl));
        let i = Input::file("x/000_07.txt", "x/000_07.txt", InputFormat::Auto);
        assert_eq!((i.stem().as_str(), i.format), ("000_07", InputFormat::Text));
        for name in ["CC-1.warc.wet.gz", "a.warc", "a.warc.gz", "a.warc.zst"] {
            let i = Input::file(name, name, InputFormat::Auto);
            assert_eq!(i.format, InputFormat::Warc, "{name}");
        }
        let i = Input::file("notes", "notes", InputFormat::Lines);
        assert_eq!((i.stem().as_str(), i.format), ("notes", InputFormat::Lines));
    }

    #[test]
    fn folders_are_walked_in_name_order_at_every_level() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "a.txt",
            "a/z.txt",
            "a/b/c.txt",
            "a-b.txt",
            "B.txt",
            "ä.txt",
            ".hidden",
        ] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let shown: Vec<String> = expand(&[dir.path().to_owned()], InputFormat::Auto)
            .into_iter()
            .map(|i| i.unwrap().shown)
            .collect();
        let rel: Vec<&str> = shown
            .iter()
            .map(|s| s.strip_prefix(&*dir.path().to_string_lossy()).unwrap())
            .collect();
        // `a` < `a-b.txt` < `a.txt` by name (`-` < `.`), so the folder `a` comes first.
        assert_eq!(
            rel,
            [
                "/B.txt",
                "/a/b/c.txt",
                "/a/z.txt",
                "/a-b.txt",
                "/a.txt",
                "/ä.txt"
            ]
        );
    }
}
