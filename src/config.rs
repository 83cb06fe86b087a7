//! The validated configuration: every default resolved, no command-line types.

use encoding_rs::Encoding;
use regex::Regex;

/// How the decode stage chooses an encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EncodingMode {
    /// Run the detection cascade.
    #[default]
    Auto,
    /// Use this encoding (a BOM still wins unless `ignore_bom`).
    Forced(&'static Encoding),
    /// Run the detection cascade, leaning towards this hint when the evidence is weak.
    Hint(EncodingHint),
}

/// A soft hint for detection (`--encoding-hint LABEL|lang:xx|tld:xx`), built by
/// [`crate::decode::parse_hint`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EncodingHint {
    /// A two-letter top-level domain given to chardetng (lowercase ASCII).
    pub tld: Option<[u8; 2]>,
    /// An encoding that wins low-confidence ties.
    pub encoding: Option<&'static Encoding>,
}

/// Decode-stage settings.
#[derive(Debug, Clone)]
pub struct DecodeOptions {
    /// Detect or force.
    pub mode: EncodingMode,
    /// With a forced encoding, ignore a BOM too.
    pub ignore_bom: bool,
    /// What to decode with when nothing else decides.
    pub fallback: &'static Encoding,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        Self {
            mode: EncodingMode::Auto,
            ignore_bom: false,
            fallback: encoding_rs::WINDOWS_1252,
        }
    }
}

/// Repair-stage settings.
#[derive(Debug, Clone)]
pub struct RepairOptions {
    /// Decode HTML entities in documents that are not HTML.
    pub entities: bool,
    /// Turn curly quotes into ASCII quotes.
    pub uncurl_quotes: bool,
    /// Turn fullwidth ASCII into ASCII.
    pub fix_width: bool,
    /// Turn Latin ligatures (`ﬁ`) into their letters (NFKC does this too).
    pub ligatures: bool,
    /// Log each repair with an example of what it changed (`"Ã¼" → "ü"`), not only its kind.
    pub explain: bool,
}

impl Default for RepairOptions {
    fn default() -> Self {
        Self {
            entities: true,
            uncurl_quotes: false,
            fix_width: false,
            ligatures: false,
            explain: false,
        }
    }
}

/// Which Unicode normalization form the normalize stage applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Normalization {
    /// Canonical composition (the default).
    #[default]
    Nfc,
    /// Compatibility composition (folds ligatures, fullwidth forms, superscripts…).
    Nfkc,
    /// Leave the normalization form alone.
    None,
}

/// Tags-stage settings.
#[derive(Debug, Clone)]
pub struct TagOptions {
    /// Look for site tags at all.
    pub enabled: bool,
    /// Extra tag shapes (`--tag-pattern`), matched against the whole line.
    pub extra_patterns: Vec<Regex>,
    /// Also look for a tag on the first line (corpora that put it there).
    pub first_line: bool,
}

impl Default for TagOptions {
    fn default() -> Self {
        Self {
            enabled: true,
            extra_patterns: Vec::new(),
            first_line: false,
        }
    }
}

/// Boilerplate-stage settings.
#[derive(Debug, Clone)]
pub struct BoilerplateOptions {
    /// Remove boilerplate lines (else they are only flagged).
    pub strip: bool,
    /// Use the built-in patterns (credit lines, reading tips, newsletter and cookie notices).
    pub builtin: bool,
    /// Exact lines that are boilerplate.
    pub lines: Vec<String>,
    /// Patterns matched against the whole (trimmed) line.
    pub patterns: Vec<Regex>,
}

impl Default for BoilerplateOptions {
    fn default() -> Self {
        Self {
            strip: false,
            builtin: true,
            lines: Vec::new(),
            patterns: Vec::new(),
        }
    }
}

/// How input files become documents.
#[derive(Debug, Clone)]
pub struct InputOptions {
    /// JSONL field holding the text.
    pub text_field: String,
    /// JSONL field holding the id.
    pub id_field: String,
    /// Every text line is a document.
    pub lines: bool,
    /// Documents larger than this are rejected.
    pub max_doc_bytes: u64,
}

/// Default for [`InputOptions::max_doc_bytes`]: 64 MiB.
pub const DEFAULT_MAX_DOC_BYTES: u64 = 64 << 20;

impl Default for InputOptions {
    fn default() -> Self {
        Self {
            text_field: "text".into(),
            id_field: "id".into(),
            lines: false,
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
        }
    }
}

/// What the translit stage restores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RestoreMode {
    /// Only an all-ASCII title (the default).
    #[default]
    Headings,
    /// The title and the body text, for corpora transliterated throughout (needs a
    /// vocabulary: in the body only the corpus can attest a form).
    Body,
}

/// Everything the library needs to clean documents.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Decode stage.
    pub decode: DecodeOptions,
    /// Repair stage.
    pub repair: RepairOptions,
    /// Normalize stage.
    pub normalization: Normalization,
    /// Tags stage.
    pub tags: TagOptions,
    /// Boilerplate stage.
    pub boilerplate: BoilerplateOptions,
    /// What `scour learn` found out about the corpus (edge lines, sites), when loaded.
    pub profile: Option<std::sync::Arc<crate::profile::Profile>>,
    /// Input reading.
    pub input: InputOptions,
    /// What the translit stage restores.
    pub restore: RestoreMode,
    /// The corpus vocabulary (`--vocab`), consulted after the document's own words.
    pub vocab: Option<std::sync::Arc<crate::vocab::Vocab>>,
}
