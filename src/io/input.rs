//! Which inputs a run reads, in which order, and how each is split into documents.

use std::path::{Path, PathBuf};

/// How an input is split into documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// By extension for files (`.jsonl`/`.ndjson` are JSONL, `.json` by its first bytes,
    /// the rest text); for stdin, JSONL when the first non-blank byte is `{`, else text.
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

    /// The id stem of documents from this input: the file name without its extension(s).
    pub fn stem(&self) -> String {
        match &self.path {
            Some(path) => stem_of(path),
            None => "stdin".into(),
        }
    }
}

/// A file name without its extension (and without a compression extension before it):
/// `a/b.jsonl.gz` → `b`.
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
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(Ok(Input::stdin(format)));
            continue;
        }
        let shown = path.to_string_lossy().into_owned();
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, format, &mut out),
            Ok(_) => out.push(Ok(Input::file(shown, path, format))),
            Err(e) => out.push(Err(ListError {
                shown,
                reason: e.to_string(),
            })),
        }
    }
    out
}

fn walk(root: &Path, format: InputFormat, out: &mut Vec<Result<Input, ListError>>) {
    // Entries come in directory order and are sorted once at the end: walkdir's own
    // sorting compares file names that it takes apart from whole paths at every
    // comparison, which cost more than the rest of the walk on 50,000 files.
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || e.file_name().as_encoded_bytes().first() != Some(&b'.')
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
                let shown = match e.path().to_str() {
                    Some(shown) => shown.to_owned(),
                    None => e.path().to_string_lossy().into_owned(),
                };
                let input = Input::file(shown, e.path(), format);
                found.push((key(e.path()), Ok(input)));
            }
            Err(e) => {
                let path = e.path().unwrap_or(root);
                let shown = path.to_string_lossy().into_owned();
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
