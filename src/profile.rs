//! What a corpus looks like at its edges: lines that recur at the top and bottom of many
//! documents (boilerplate), and the site tags it carries (which part of a tag is the site).
//!
//! `scour learn` builds a profile beside the vocabulary and writes both to one file;
//! `scour clean --vocab FILE` reads it back. The tags stage uses it to split `rp-online-wissen`
//! into site `rp-online` and section `wissen` when the corpus shows `rp-online-*` with
//! varying sections; the boilerplate stage uses it (with `--strip-boilerplate`, or to flag)
//! for lines that recur verbatim at document edges.
//!
//! # Thresholds
//! A line is boilerplate when it stands among the first or last [`EDGE_LINES`] lines of at
//! least `max(MIN_RECURRENCE, docs × RECURRENCE_SHARE)` documents: 5 documents in a small
//! corpus, 1% of the documents in a large one (1,000 of 100,000).
//!
//! # File format
//! Profile records are lines of the vocabulary file that start with `@`, tab-separated:
//! `@docs\tN` (documents learned from), `@edge\tCOUNT\tLINE`, `@tag\tCOUNT\tTAG`, sorted by
//! kind, then line or tag.

use std::collections::BTreeMap;

/// How many non-empty lines at each edge of a document are counted.
pub const EDGE_LINES: usize = 3;
/// A line must recur in at least this many documents to be boilerplate.
pub const MIN_RECURRENCE: u64 = 5;
/// … and in at least this share of the documents.
pub const RECURRENCE_SHARE: f64 = 0.01;

/// Edge lines and tags counted over a corpus.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    /// Documents counted.
    pub docs: u64,
    /// Edge line → number of documents it stands at the edge of.
    pub edges: BTreeMap<String, u64>,
    /// Site tag → number of documents carrying it.
    pub tags: BTreeMap<String, u64>,
}

impl Profile {
    /// Count one document: its cleaned text (before boilerplate removal) and its site tag.
    pub fn observe(&mut self, text: &str, tag: Option<&str>) {
        self.docs += 1;
        let lines = EdgeLines::of(text);
        let mut edges: Vec<&str> = lines.iter().map(|(_, line)| line.trim()).collect();
        edges.sort_unstable();
        edges.dedup();
        for line in edges {
            *self.edges.entry(line.to_owned()).or_default() += 1;
        }
        if let Some(tag) = tag {
            *self.tags.entry(tag.to_owned()).or_default() += 1;
        }
    }

    /// Add another profile's counts.
    pub fn merge(&mut self, other: Profile) {
        self.docs += other.docs;
        for (k, v) in other.edges {
            *self.edges.entry(k).or_default() += v;
        }
        for (k, v) in other.tags {
            *self.tags.entry(k).or_default() += v;
        }
    }

    /// Drop edge lines seen only once: they cannot be boilerplate, and they are most of the
    /// lines (every title), so keeping them would make the file as large as the corpus.
    pub fn prune(&mut self) {
        self.edges.retain(|_, n| *n > 1);
    }

    /// The recurrence a line needs to count as boilerplate in this corpus.
    pub fn threshold(&self) -> u64 {
        MIN_RECURRENCE.max((self.docs as f64 * RECURRENCE_SHARE).ceil() as u64)
    }

    /// Whether `line` recurs at the edges of enough documents to be boilerplate.
    pub fn is_boilerplate(&self, line: &str) -> bool {
        self.edges
            .get(line.trim())
            .is_some_and(|&n| n >= self.threshold())
    }

    /// The site part of `tag` as the corpus shows it: the longest run of leading parts that
    /// every distinct tag starting with the same first part shares, when there are at least
    /// two such tags. `None` when the corpus gives no evidence.
    pub fn site_of(&self, tag: &str) -> Option<String> {
        let first = tag.split(['-', '_']).next()?;
        let siblings: Vec<Vec<&str>> = self
            .tags
            .keys()
            .filter(|t| t.split(['-', '_']).next() == Some(first))
            .map(|t| t.split(['-', '_']).collect())
            .collect();
        if siblings.len() < 2 {
            return None;
        }
        let mut common = siblings[0].len();
        for parts in &siblings[1..] {
            common = common.min(
                siblings[0]
                    .iter()
                    .zip(parts)
                    .take_while(|(a, b)| a == b)
                    .count(),
            );
        }
        // The site never takes every part of a tag: something must be left as the section.
        let parts: Vec<&str> = tag.split(['-', '_']).collect();
        let n = common.clamp(1, parts.len().saturating_sub(1).max(1));
        // Cut the original tag after `n` parts, keeping its own separators.
        let mut seen = 0;
        let cut = tag
            .char_indices()
            .find(|&(_, c)| {
                if c == '-' || c == '_' {
                    seen += 1;
                    seen == n
                } else {
                    false
                }
            })
            .map_or(tag.len(), |(i, _)| i);
        Some(tag[..cut].to_owned())
    }

    /// The profile's records, one line each (see the module docs).
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![format!("@docs\t{}", self.docs)];
        out.extend(self.edges.iter().map(|(l, n)| format!("@edge\t{n}\t{l}")));
        out.extend(self.tags.iter().map(|(t, n)| format!("@tag\t{n}\t{t}")));
        out
    }

    /// Read one `@` record into the profile.
    pub fn read_line(&mut self, line: &str) -> Result<(), String> {
        let mut fields = line.splitn(3, '\t');
        let kind = fields.next().unwrap_or_default();
        let count: u64 = fields
            .next()
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| format!("`{kind}` record without a count"))?;
        match (kind, fields.next()) {
            ("@docs", None) => self.docs = count,
            ("@edge", Some(text)) => {
                self.edges.insert(text.to_owned(), count);
            }
            ("@tag", Some(tag)) => {
                self.tags.insert(tag.to_owned(), count);
            }
            _ => return Err(format!("unknown record `{kind}`")),
        }
        Ok(())
    }
}

/// The first and last [`EDGE_LINES`] non-blank lines of a text, each once, in text order,
/// with their byte offsets. Found from both ends with memchr, without splitting the whole
/// text: this runs on every document, and a document's middle is most of its bytes.
pub(crate) struct EdgeLines<'a> {
    lines: [(usize, &'a str); 2 * EDGE_LINES],
    len: usize,
}

impl<'a> EdgeLines<'a> {
    /// The edge lines of `text` (lines are separated by `\n`).
    pub(crate) fn of(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut edges = EdgeLines {
            lines: [(0, ""); 2 * EDGE_LINES],
            len: 0,
        };
        let mut push = |start: usize, end: usize| {
            let line = &text[start..end];
            if line.trim().is_empty() {
                return false;
            }
            edges.lines[edges.len] = (start, line);
            edges.len += 1;
            true
        };
        let ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
        let mut start = 0;
        let mut found = 0;
        for end in ends {
            found += usize::from(push(start, end));
            if found == EDGE_LINES {
                break;
            }
            start = end + 1;
        }
        let starts = memchr::memrchr_iter(b'\n', bytes)
            .map(|nl| nl + 1)
            .chain(std::iter::once(0));
        let mut end = bytes.len();
        let mut found = 0;
        for start in starts {
            found += usize::from(push(start, end));
            if found == EDGE_LINES {
                break;
            }
            end = start.saturating_sub(1);
        }
        let lines = &mut edges.lines[..edges.len];
        lines.sort_unstable_by_key(|&(at, _)| at);
        let mut kept = 0;
        for i in 0..lines.len() {
            if kept == 0 || lines[i].0 != lines[kept - 1].0 {
                lines[kept] = lines[i];
                kept += 1;
            }
        }
        edges.len = kept;
        edges
    }

    /// The lines, in text order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (usize, &'a str)> + '_ {
        self.lines[..self.len].iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The edge lines as splitting the text from both ends finds them.
    fn edges_by_splitting(text: &str) -> Vec<(usize, &str)> {
        let offset = |line: &str| line.as_ptr() as usize - text.as_ptr() as usize;
        let non_blank = |line: &&str| !line.trim().is_empty();
        let mut edges: Vec<(usize, &str)> = text
            .split('\n')
            .filter(non_blank)
            .take(EDGE_LINES)
            .chain(text.rsplit('\n').filter(non_blank).take(EDGE_LINES))
            .map(|line| (offset(line), line))
            .collect();
        edges.sort_unstable_by_key(|&(at, _)| at);
        edges.dedup_by_key(|&mut (at, _)| at);
        edges
    }

    #[test]
    fn edge_lines_are_those_splitting_finds() {
        // Every text of up to 6 pieces from these: blank and non-blank lines, line ends
        // at the start, the end and in runs, fewer and more lines than both edges hold.
        let texts = crate::testing::every_text(&["a", "\n", " ", "b\nc d\n", "\u{a0}"], 6);
        for text in &texts {
            let found: Vec<(usize, &str)> = EdgeLines::of(text).iter().collect();
            assert_eq!(found, edges_by_splitting(text), "{text:?}");
        }
    }

    fn with_tags(tags: &[&str]) -> Profile {
        let mut p = Profile::default();
        for t in tags {
            p.observe("x", Some(t));
        }
        p
    }

    #[test]
    fn the_recurring_part_is_the_site() {
        let p = with_tags(&[
            "rp-online-wissen",
            "rp-online-politik",
            "toi-allgemeines",
            "toi-politik",
            "spiegel-politik-ausland",
            "spiegel-sport",
        ]);
        assert_eq!(p.site_of("rp-online-wissen").as_deref(), Some("rp-online"));
        assert_eq!(p.site_of("toi-allgemeines").as_deref(), Some("toi"));
        assert_eq!(
            p.site_of("spiegel-politik-ausland").as_deref(),
            Some("spiegel")
        );
        assert_eq!(p.site_of("faz-feuilleton"), None, "no evidence");
    }

    #[test]
    fn recurring_edge_lines_are_boilerplate_above_the_threshold() {
        let mut p = Profile::default();
        for i in 0..600 {
            p.observe(
                &format!("Titel {i}\n\nText {i}.\nJetzt den Newsletter holen!"),
                None,
            );
        }
        p.prune();
        assert_eq!(p.threshold(), 6);
        assert!(p.is_boilerplate("Jetzt den Newsletter holen!"));
        assert!(!p.is_boilerplate("Titel 3"));
        assert_eq!(p.edges.len(), 1, "lines seen once are pruned");
    }

    #[test]
    fn records_round_trip() {
        let mut p = with_tags(&["toi-a", "toi-b"]);
        p.observe("Kopf\nFuß", None);
        p.observe("Kopf\nFuß", None);
        let mut q = Profile::default();
        for line in p.lines() {
            q.read_line(&line).unwrap();
        }
        assert_eq!(p, q);
        assert!(q.read_line("@what\t1").is_err());
    }
}
