//! Which entries of a walked folder are read: `-g/--glob` patterns and `--hidden`, with
//! ripgrep's meanings (`--hidden` also as fd has it).
//!
//! - A glob includes what it matches; `!GLOB` excludes it. When globs match an entry, the
//!   one given last decides.
//! - When there is an including glob, a file that none matches is left out (a folder is
//!   still walked, so that `-g '*.txt'` finds text files at any depth).
//! - Globs are gitignore's: one without a `/` matches the name at any depth (`*.txt`,
//!   `drafts`); one with a `/` matches the path below the folder walked (`2024/*.jsonl`,
//!   `/top.txt`); a trailing `/` matches only folders (`tmp/`); `*` stops at `/`, `**`
//!   does not. An excluded folder is not walked.
//! - Hidden entries (names that start with `.`) are left out unless `--hidden`, or unless a
//!   glob includes them by name.
//!
//! Paths named on the command line are always read; the filter is for what a walk finds.

use globset::{GlobBuilder, GlobMatcher};
use std::path::Path;

/// A glob that is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid glob {glob:?}: {reason}")]
pub struct GlobError {
    /// The glob as given.
    pub glob: String,
    /// What is wrong with it.
    pub reason: String,
}

/// The rules that pick the entries of walked folders (see the module docs).
#[derive(Debug, Clone, Default)]
pub struct WalkFilter {
    rules: Vec<Rule>,
    /// Whether any rule includes (then files no rule matches are left out).
    includes: bool,
    /// Whether hidden entries are read.
    hidden: bool,
}

#[derive(Debug, Clone)]
struct Rule {
    matcher: GlobMatcher,
    exclude: bool,
    /// A trailing `/`: only folders.
    folders_only: bool,
    /// No `/` in the glob: matched against the entry's name, not its path.
    by_name: bool,
}

impl WalkFilter {
    /// The filter of `globs` (in the order given; `!` in front excludes) and `hidden`.
    pub fn new(globs: &[String], hidden: bool) -> Result<Self, GlobError> {
        let mut rules = Vec::with_capacity(globs.len());
        for given in globs {
            let (exclude, glob) = match given.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, given.as_str()),
            };
            let folders_only = glob.ends_with('/');
            let glob = glob.trim_end_matches('/');
            let by_name = !glob.contains('/');
            let glob = glob.strip_prefix('/').unwrap_or(glob);
            let bad = |reason: String| GlobError {
                glob: given.clone(),
                reason,
            };
            if glob.is_empty() {
                return Err(bad("it matches nothing".into()));
            }
            let matcher = GlobBuilder::new(glob)
                .literal_separator(true)
                .backslash_escape(true)
                .build()
                .map_err(|e| bad(e.kind().to_string()))?
                .compile_matcher();
            rules.push(Rule {
                matcher,
                exclude,
                folders_only,
                by_name,
            });
        }
        Ok(Self {
            includes: rules.iter().any(|r| !r.exclude),
            rules,
            hidden,
        })
    }

    /// Whether every entry but hidden ones is read (no globs, no `--hidden`): the walk
    /// then leaves hidden names out before it looks at them.
    pub fn is_default(&self) -> bool {
        self.rules.is_empty() && !self.hidden
    }

    /// Whether the walk reads (a file) or goes into (a folder) the entry at `path`, below
    /// the folder walked.
    pub fn admits(&self, path: &Path, is_folder: bool) -> bool {
        let name = path.file_name().unwrap_or(path.as_os_str());
        for rule in self.rules.iter().rev() {
            if rule.folders_only && !is_folder {
                continue;
            }
            let matched = if rule.by_name {
                rule.matcher.is_match(name)
            } else {
                rule.matcher.is_match(path)
            };
            if matched {
                return !rule.exclude;
            }
        }
        if self.includes && !is_folder {
            return false;
        }
        self.hidden || name.as_encoded_bytes().first() != Some(&b'.')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(globs: &[&str], hidden: bool) -> WalkFilter {
        let globs: Vec<String> = globs.iter().map(|g| g.to_string()).collect();
        WalkFilter::new(&globs, hidden).unwrap()
    }

    fn admits(f: &WalkFilter, path: &str) -> bool {
        f.admits(Path::new(path), false)
    }

    #[test]
    fn without_globs_hidden_entries_are_left_out() {
        let f = filter(&[], false);
        assert!(f.is_default());
        assert!(admits(&f, "a/b.txt"));
        assert!(!admits(&f, "a/.b.txt"));
        assert!(!f.admits(Path::new(".git"), true));
        let f = filter(&[], true);
        assert!(!f.is_default());
        assert!(admits(&f, "a/.b.txt") && f.admits(Path::new(".git"), true));
    }

    #[test]
    fn an_including_glob_leaves_out_other_files_but_walks_folders() {
        let f = filter(&["*.txt"], false);
        assert!(admits(&f, "a.txt") && admits(&f, "deep/er/a.txt"));
        assert!(!admits(&f, "a.jsonl"));
        assert!(f.admits(Path::new("deep"), true));
        assert!(
            !f.admits(Path::new(".git"), true),
            "hidden folders stay out"
        );
        assert!(
            admits(&f, ".hidden.txt"),
            "a glob that names it includes it"
        );
    }

    #[test]
    fn the_last_glob_that_matches_decides() {
        let f = filter(&["*.txt", "!draft*"], false);
        assert!(admits(&f, "a.txt"));
        assert!(!admits(&f, "draft1.txt"));
        let f = filter(&["!draft*", "*.txt"], false);
        assert!(admits(&f, "draft1.txt"));
        let f = filter(&["!old"], false);
        assert!(
            !f.admits(Path::new("x/old"), true),
            "an excluded folder is not walked"
        );
        assert!(admits(&f, "x/new.txt"), "only excludes: the rest is read");
    }

    #[test]
    fn a_slash_anchors_the_glob_to_the_folder_walked() {
        let f = filter(&["2024/*.jsonl"], false);
        assert!(admits(&f, "2024/a.jsonl"));
        assert!(!admits(&f, "2024/x/a.jsonl"), "* stops at /");
        assert!(!admits(&f, "old/2024/a.jsonl"));
        let f = filter(&["/top.txt"], false);
        assert!(admits(&f, "top.txt") && !admits(&f, "a/top.txt"));
        let f = filter(&["**/b/*.txt"], false);
        assert!(admits(&f, "b/x.txt") && admits(&f, "a/b/x.txt"));
        let f = filter(&["!tmp/"], false);
        assert!(!f.admits(Path::new("a/tmp"), true));
        assert!(admits(&f, "a/tmp"), "a trailing / matches folders only");
    }

    #[test]
    fn a_bad_glob_says_so() {
        let err = WalkFilter::new(&["a[b".into()], false).unwrap_err();
        assert_eq!(err.glob, "a[b");
        assert!(
            err.to_string().starts_with("invalid glob \"a[b\": "),
            "{err}"
        );
        assert!(WalkFilter::new(&["!".into()], false).is_err());
    }
}
