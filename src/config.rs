//! The validated configuration: every default resolved, no command-line types.
//!
//! The rules that make a configuration valid live here, not in the command line, so that a
//! library caller gets what a CLI user gets: user patterns match whole lines ([`LinePattern`]
//! can only be built anchored), a vocabulary file's corpus profile is split off by
//! [`Config::set_vocab`], and [`Config::validate`] checks the options that need each other.

use encoding_rs::Encoding;
use regex::Regex;

/// How the decode stage chooses an encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EncodingMode {
    /// Run the detection cascade.
    #[default]
    Auto,
    /// Use this encoding (a BOM still wins unless `ignore_bom`).
    Forced(Charset),
    /// Run the detection cascade, leaning towards this hint when the evidence is weak.
    Hint(EncodingHint),
}

/// An encoding the decode stage decodes: one of `encoding_rs`'s, or a DOS code page it
/// lacks (built by [`crate::decode::parse_charset`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charset {
    /// An `encoding_rs` encoding (the WHATWG set, with IBM866).
    Web(&'static Encoding),
    /// A DOS (OEM) single-byte code page.
    Dos(DosCodePage),
}

impl From<&'static Encoding> for Charset {
    fn from(enc: &'static Encoding) -> Self {
        Self::Web(enc)
    }
}

/// The DOS (OEM) code pages scour decodes beyond `encoding_rs`'s IBM866; their tables
/// live in `crate::decode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DosCodePage {
    /// US English and the box-drawing set (IBM437).
    Cp437,
    /// Greek (IBM737).
    Cp737,
    /// Baltic (IBM775).
    Cp775,
    /// Western European (IBM850).
    Cp850,
    /// Central European (IBM852).
    Cp852,
    /// Cyrillic, Serbian and Macedonian first (IBM855).
    Cp855,
    /// Turkish (IBM857).
    Cp857,
    /// Portuguese (IBM860).
    Cp860,
    /// Icelandic (IBM861).
    Cp861,
    /// Hebrew (IBM862).
    Cp862,
    /// Canadian French (IBM863).
    Cp863,
    /// Nordic (IBM865).
    Cp865,
    /// Greek with accents (IBM869).
    Cp869,
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
    pub extra_patterns: Vec<LinePattern>,
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
    pub patterns: Vec<LinePattern>,
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

/// Structure-stage settings.
#[derive(Debug, Clone)]
pub struct StructureOptions {
    /// Take a heading-shaped first line as the title (`--no-title` turns it off). A title
    /// the input gives is kept either way, and its duplicate below it removed.
    pub find_title: bool,
}

impl Default for StructureOptions {
    fn default() -> Self {
        Self { find_title: true }
    }
}

/// The shape of the record of a JSONL line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// The input's shape: every field in its place with its value as written, the clean
    /// text in the text field, scour's report in `metadata.clean` (or `scour.clean`).
    #[default]
    Keep,
    /// scour's own shape: `id`, `title`, `text`, and every other field under `metadata`
    /// beside scour's keys (the record of a text input).
    Nested,
}

/// How input files become documents.
#[derive(Debug, Clone)]
pub struct InputOptions {
    /// JSONL field holding the text: a name, or a path of names joined by dots
    /// (`content.body`) into nested objects (see [`field_path`]).
    pub text_field: String,
    /// JSONL field holding the id (a name or a path).
    pub id_field: String,
    /// JSONL field holding the title, and where a title found in the text goes (a name or
    /// a path).
    pub title_field: String,
    /// The shape of the records of JSONL lines.
    pub layout: Layout,
    /// Where record ids come from.
    pub id_from: IdFrom,
    /// Every text line is a document.
    pub lines: bool,
    /// Documents larger than this are rejected.
    pub max_doc_bytes: u64,
}

/// Where a record's id comes from. A line of JSONL or of `--lines` input adds `:LINE` to
/// an id made from its file (`notes:3`, `a/notes.txt:3`); stdin's file part is `stdin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IdFrom {
    /// The JSONL id field where a line has one; else the file name without its extensions
    /// (`a/index.txt` → `index`), as [`IdFrom::Stem`]. The default.
    #[default]
    Field,
    /// The file name without its extensions, for every document; a JSONL id field is
    /// passed through under `metadata` like any other field.
    Stem,
    /// The path as records show it (`a/index.txt`), unique in a run, for every document;
    /// a JSONL id field is passed through under `metadata`.
    Path,
}

/// Default for [`InputOptions::max_doc_bytes`]: 64 MiB.
pub const DEFAULT_MAX_DOC_BYTES: u64 = 64 << 20;

impl Default for InputOptions {
    fn default() -> Self {
        Self {
            text_field: "text".into(),
            id_field: "id".into(),
            title_field: "title".into(),
            layout: Layout::default(),
            id_from: IdFrom::Field,
            lines: false,
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
        }
    }
}

/// The names of a field path: `content.body` is `body` in the object `content`. A dot
/// inside a name is written `\.`, a backslash `\\` (`a\.b` is the one name `a.b`); a
/// backslash before anything else stands for itself. `None` for a path with an empty name
/// (`a..b`, `.a`, the empty path).
pub fn field_path(path: &str) -> Option<Vec<String>> {
    let mut names = vec![String::new()];
    let mut chars = path.chars();
    while let Some(c) = chars.next() {
        let name = names.last_mut().expect("one name at least");
        match c {
            '.' => names.push(String::new()),
            '\\' => match chars.clone().next() {
                Some(next @ ('.' | '\\')) => {
                    name.push(next);
                    chars.next();
                }
                _ => name.push('\\'),
            },
            c => name.push(c),
        }
    }
    names.iter().all(|n| !n.is_empty()).then_some(names)
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
    /// Structure stage.
    pub structure: StructureOptions,
    /// What `scour learn` found out about the corpus (edge lines, sites), when loaded.
    pub profile: Option<std::sync::Arc<crate::profile::Profile>>,
    /// Input reading.
    pub input: InputOptions,
    /// What the translit stage restores.
    pub restore: RestoreMode,
    /// The corpus vocabulary (`--vocab`), consulted after the document's own words.
    pub vocab: Option<std::sync::Arc<crate::vocab::Vocab>>,
}

/// A user's regular expression that must match a whole line (`--tag-pattern`,
/// `--boilerplate-regex`): compiled as `^(?:PATTERN)$`, so that `Foto: .+` cannot match
/// inside a line of body text. The only way to build one is [`LinePattern::new`].
#[derive(Debug, Clone)]
pub struct LinePattern {
    source: String,
    regex: Regex,
}

impl LinePattern {
    /// Compile `pattern` to match whole lines; `option` names where it came from, for the
    /// error.
    pub fn new(option: &'static str, pattern: &str) -> Result<Self, ConfigError> {
        let regex = Regex::new(&format!("^(?:{pattern})$")).map_err(|e| ConfigError::Pattern {
            option,
            pattern: pattern.to_owned(),
            reason: e.to_string(),
        })?;
        Ok(Self {
            source: pattern.to_owned(),
            regex,
        })
    }

    /// Whether the whole of `line` matches.
    pub fn is_match(&self, line: &str) -> bool {
        self.regex.is_match(line)
    }

    /// The pattern as the user wrote it.
    pub fn as_str(&self) -> &str {
        &self.source
    }
}

/// Why a configuration is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// A user pattern does not compile.
    #[error("invalid {option} {pattern:?}: {reason}")]
    Pattern {
        /// The option it was given to (`--tag-pattern`).
        option: &'static str,
        /// The pattern as written.
        pattern: String,
        /// The regex compiler's message.
        reason: String,
    },
    /// A field path with an empty name.
    #[error("invalid {option} {path:?}: a path is names joined by dots, none of them empty")]
    FieldPath {
        /// The option it was given to (`--text-field`).
        option: &'static str,
        /// The path as written.
        path: String,
    },
    /// Two field options name the same field, or one names a field inside the other.
    #[error(
        "{first} {first_path:?} and {second} {second_path:?} overlap: each needs a field of its own"
    )]
    FieldsOverlap {
        /// The first option.
        first: &'static str,
        /// Its path.
        first_path: String,
        /// The second option.
        second: &'static str,
        /// Its path.
        second_path: String,
    },
    /// `RestoreMode::Body` without a vocabulary.
    #[error("--restore body needs --vocab FILE: in the body only the corpus can attest a form")]
    RestoreBodyNeedsVocab,
}

impl Config {
    /// Use `vocab` for restoring words, and the corpus profile it carries (edge lines, site
    /// tags; present when `scour learn` saw documents) for the tags and boilerplate stages.
    pub fn set_vocab(&mut self, vocab: crate::vocab::Vocab) {
        self.profile = (vocab.profile.docs > 0).then(|| std::sync::Arc::new(vocab.profile.clone()));
        self.vocab = Some(std::sync::Arc::new(vocab));
    }

    /// Check the options that depend on each other.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.restore == RestoreMode::Body && self.vocab.is_none() {
            return Err(ConfigError::RestoreBodyNeedsVocab);
        }
        let input = &self.input;
        let fields = [
            ("--text-field", &input.text_field),
            ("--id-field", &input.id_field),
            ("--title-field", &input.title_field),
        ];
        let mut paths = Vec::new();
        for (option, path) in fields {
            let names = field_path(path).ok_or_else(|| ConfigError::FieldPath {
                option,
                path: path.clone(),
            })?;
            paths.push((option, path, names));
        }
        for (i, (first, first_path, a)) in paths.iter().enumerate() {
            for (second, second_path, b) in &paths[i + 1..] {
                if a.starts_with(b) || b.starts_with(a) {
                    return Err(ConfigError::FieldsOverlap {
                        first,
                        first_path: (*first_path).clone(),
                        second,
                        second_path: (*second_path).clone(),
                    });
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_patterns_match_whole_lines_only() {
        let p = LinePattern::new("--boilerplate-regex", "Foto: .+|dpa").unwrap();
        assert!(p.is_match("Foto: Max Muster"));
        assert!(p.is_match("dpa"));
        assert!(!p.is_match("Die dpa meldet"));
        assert!(!p.is_match("Er sagte: Foto: nein"));
        assert_eq!(p.as_str(), "Foto: .+|dpa");
        let err = LinePattern::new("--tag-pattern", "(").unwrap_err();
        assert!(
            err.to_string().starts_with("invalid --tag-pattern \"(\": "),
            "{err}"
        );
    }

    #[test]
    fn field_paths_split_at_dots_but_escaped_ones() {
        let path = |p: &str| field_path(p);
        assert_eq!(path("text"), Some(vec!["text".to_owned()]));
        assert_eq!(
            path("content.body"),
            Some(vec!["content".into(), "body".into()])
        );
        assert_eq!(path(r"a\.b.c"), Some(vec!["a.b".into(), "c".into()]));
        assert_eq!(path(r"a\\.b"), Some(vec![r"a\".into(), "b".into()]));
        assert_eq!(path(r"a\b"), Some(vec![r"a\b".into()]));
        for bad in ["", ".a", "a.", "a..b"] {
            assert_eq!(path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn field_options_need_fields_of_their_own() {
        let mut config = Config::default();
        config.input.title_field = "text".into();
        assert!(matches!(
            config.validate(),
            Err(ConfigError::FieldsOverlap {
                first: "--text-field",
                second: "--title-field",
                ..
            })
        ));
        config.input.title_field = "content".into();
        config.input.text_field = "content.body".into();
        assert!(config.validate().is_err());
        config.input.title_field = "content.title".into();
        assert_eq!(config.validate(), Ok(()));
        config.input.id_field = "a..b".into();
        assert!(matches!(
            config.validate(),
            Err(ConfigError::FieldPath {
                option: "--id-field",
                ..
            })
        ));
    }

    #[test]
    fn restoring_the_body_needs_a_vocabulary() {
        let mut config = Config {
            restore: RestoreMode::Body,
            ..Config::default()
        };
        assert_eq!(config.validate(), Err(ConfigError::RestoreBodyNeedsVocab));
        config.set_vocab(crate::vocab::Vocab::from_texts(&["Grüße"]));
        assert_eq!(config.validate(), Ok(()));
        assert!(
            config.profile.is_none(),
            "a vocabulary without documents has no profile"
        );
    }
}
