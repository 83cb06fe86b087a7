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

/// A JSONL line held in its own shape, to be written back so (`Layout::Keep`): every field
/// in its place, with its name and its value as written, but the places scour fills in.
#[derive(Debug, Clone, Default)]
pub struct Kept {
    /// The line's top-level fields, in input order.
    pub fields: Vec<(String, Node)>,
    /// Where scour's report (the `clean` object) goes.
    pub report: ReportPlace,
    /// The id field's name, when the input had no id and the name is a top-level name the
    /// input does not use: scour's id is written under it as the record's first key.
    pub add_id: Option<String>,
    /// The title field's name, when the input had no title there and the name is a
    /// top-level name the input does not use: a title found in the text is written under
    /// it, after the input's fields.
    pub add_title: Option<String>,
}

/// A value of a [`Kept`] line.
#[derive(Debug, Clone)]
pub enum Node {
    /// A value as the input wrote it.
    Raw(Box<RawValue>),
    /// An object on the way to a place scour fills in, its fields in input order.
    Object(Vec<(String, Node)>),
    /// The text field: the clean text goes here.
    Text,
    /// The input's title (a string): the clean title goes here.
    Title,
    /// The id field (a string or a number), kept as the input wrote it.
    Id(Box<RawValue>),
}

/// Where the report of a [`Kept`] line goes: `metadata.clean` when it can, else
/// `scour.clean`; never over an input field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ReportPlace {
    /// The input has no `metadata`: a new `metadata` object after its fields.
    #[default]
    NewMetadata,
    /// The input's `metadata` object, as its last key `clean`.
    Metadata,
    /// A new top-level `scour` object after the input's fields (the input's `metadata` is
    /// not an object, or already has a `clean` key).
    Scour,
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
    /// With `--explain`, the first span the change made: what stood, what stands.
    pub example: Option<Example>,
}

/// What a change did once: the span before and after (at most 24 characters each).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The span as it stood (`Ã¼`).
    pub before: String,
    /// The span as it stands (`ü`).
    pub after: String,
}

/// Text a stage took out of the document, kept so nothing is lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// What it was (`duplicate_heading`, `site_tag`, `boilerplate`, …).
    pub kind: &'static str,
    /// The text exactly as it stood after normalization.
    pub text: String,
}

/// The WARC headers of a web page that its record keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebOrigin {
    /// `WARC-Target-URI`.
    pub url: Option<String>,
    /// `WARC-Date`.
    pub date: Option<String>,
    /// The URL's host, lowercase.
    pub site: Option<String>,
    /// The `charset` of the record's Content-Type: a hint for the decode stage (not
    /// written in the record).
    pub charset: Option<String>,
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
    /// Record id: the file stem, the input's id field, or `stem:line` (see
    /// [`crate::config::IdFrom`]).
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
    /// them (`Layout::Nested`).
    pub passthrough: Vec<Field>,
    /// The JSONL line in its own shape (`Layout::Keep`); when it is there the record keeps
    /// it and `passthrough` is empty.
    pub kept: Option<Box<Kept>>,
    /// Where a web page came from (WARC input).
    pub web: Option<WebOrigin>,
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
    /// The text as the boilerplate stage left it, when that run removed nothing and the
    /// text is short: its next run finds nothing new in the same text, and skips it (most
    /// short documents, which the structure stage leaves as they are).
    pub edges_judged: Option<String>,
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
    /// Inlined: most calls log nothing (a stage logs each of its counts, most of them 0).
    #[inline]
    pub fn log(&mut self, stage: &'static str, kind: &str, count: usize) {
        if count != 0 {
            self.log_example(stage, kind, count, None);
        }
    }

    /// [`log`](Self::log), with an example of the change (the first one logged stays).
    pub fn log_example(
        &mut self,
        stage: &'static str,
        kind: &str,
        count: usize,
        example: Option<Example>,
    ) {
        if count == 0 {
            return;
        }
        if let Some(c) = self
            .changes
            .iter_mut()
            .find(|c| c.stage == stage && c.kind == kind)
        {
            c.count += count;
            if c.example.is_none() {
                c.example = example;
            }
        } else {
            self.changes.push(Change {
                stage,
                kind: kind.to_owned(),
                count,
                example,
            });
        }
    }
}
