//! The unit of work: one document and the story of what was done to it.

use serde_json::value::RawValue;

/// Where a document came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// The input path as the user gave it (`-` for stdin).
    pub path: String,
    /// 1-based line number for JSONL and `--lines` input.
    pub line: Option<u64>,
    /// Byte offset of the document in its input file, when it is not the whole file.
    pub offset: Option<u64>,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.path, line),
            None => f.write_str(&self.path),
        }
    }
}

/// A field of a JSONL line that scour passes through.
#[derive(Debug, Clone)]
pub struct Field {
    /// Its name in the input.
    pub name: String,
    /// Its value, exactly as the input wrote it (numbers keep every digit and their
    /// notation, strings their escapes); only white space other than the space is dropped.
    pub value: Box<RawValue>,
    /// Whether it stood inside the input's `metadata` object (else at the top level).
    pub in_metadata: bool,
}

/// How the decode stage turned bytes into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodingReport {
    /// The encoding's canonical name (`UTF-8`, `windows-1252`, …; `IBM` and the number for a
    /// DOS code page: `IBM437`, `IBM866`).
    pub encoding: &'static str,
    /// Which step of the detection cascade decided (`bom`, `utf8`, `guess`, `forced`, `json`, …).
    pub detected_by: &'static str,
    /// How sure the deciding step was.
    pub confidence: Confidence,
    /// U+FFFD characters the decoder had to insert for malformed input.
    pub replacements: usize,
}

impl Default for EncodingReport {
    fn default() -> Self {
        Self {
            encoding: "UTF-8",
            detected_by: "utf8",
            confidence: Confidence::Certain,
            replacements: 0,
        }
    }
}

/// Confidence of an encoding decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    /// Weak evidence.
    Low,
    /// Some evidence.
    Medium,
    /// Strong evidence.
    High,
    /// No doubt (a BOM, valid UTF-8, a forced label).
    Certain,
}

impl Confidence {
    /// The lowercase name used in the output.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
            Confidence::Certain => "certain",
        }
    }
}

/// One kind of change a stage made, with how many times it made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The stage's name, as in [`crate::pipeline::STAGES`].
    pub stage: &'static str,
    /// What was done (`crlf`, `nbsp`, `mojibake: utf-8 as windows-1252`, …).
    pub kind: String,
    /// How many times.
    pub count: usize,
}

/// Text a stage took out of the document, kept so nothing is lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// What it was (`duplicate_heading`, `site_tag`, `boilerplate`, …).
    pub kind: &'static str,
    /// The text exactly as it stood after normalization.
    pub text: String,
}

/// A site tag line such as `toi-allgemeines`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteTag {
    /// The whole tag.
    pub tag: String,
    /// The site part (`toi`).
    pub site: String,
    /// The section part (`allgemeines`), when there is one.
    pub section: Option<String>,
}

/// A document on its way through the pipeline.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Record id: the file stem, the input's id field, or `stem:line`.
    pub id: String,
    /// Where it came from.
    pub origin: Origin,
    /// Undecoded bytes; the decode stage turns them into [`Document::text`].
    /// `None` when the input was already text (a JSON string).
    pub raw: Option<Vec<u8>>,
    /// The title, once known (given by JSONL input or found by the structure stage).
    pub title: Option<String>,
    /// The body text.
    pub text: String,
    /// Fields passed through from JSONL input, in input order, values as the input wrote
    /// them.
    pub passthrough: Vec<Field>,
    /// What the decode stage did.
    pub encoding: EncodingReport,
    /// The site tag, when the tags stage found one.
    pub site_tag: Option<SiteTag>,
    /// Every change, in stage order; same (stage, kind) pairs are merged.
    pub changes: Vec<Change>,
    /// Everything a stage took out of the text.
    pub removed: Vec<Removed>,
    /// Lines flagged as boilerplate but left in the text.
    pub boilerplate: Vec<String>,
    /// The evidence for restoring a line from the text, kept by the stage that collected it
    /// for a later one (structure → translit); reused only for the same text and line.
    pub line_words: Option<crate::words::LineWords>,
}

impl Document {
    /// A document from raw bytes that still need decoding.
    pub fn from_bytes(id: impl Into<String>, origin: Origin, raw: Vec<u8>) -> Self {
        Self {
            id: id.into(),
            origin,
            raw: Some(raw),
            ..Self::default()
        }
    }

    /// A document whose text is already a Rust string (JSONL input, library callers).
    pub fn from_text(id: impl Into<String>, origin: Origin, text: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            origin,
            text: text.into(),
            encoding: EncodingReport {
                detected_by: "json",
                ..EncodingReport::default()
            },
            ..Self::default()
        }
    }

    /// Record that `stage` made a change of `kind` `count` times (nothing when `count` is 0).
    pub fn log(&mut self, stage: &'static str, kind: &str, count: usize) {
        if count == 0 {
            return;
        }
        if let Some(c) = self
            .changes
            .iter_mut()
            .find(|c| c.stage == stage && c.kind == kind)
        {
            c.count += count;
        } else {
            self.changes.push(Change {
                stage,
                kind: kind.to_owned(),
                count,
            });
        }
    }
}
