//! Named settings: the cleaning options by their `scour.toml` names, turned into a [`Config`].
//!
//! A caller that has options as names and values (the Python package's keyword arguments)
//! builds its configuration here, so that it gets what a CLI user with the same flags
//! gets. The names are the long flags of `scour clean` (`uncurl-quotes`, `tag-pattern`;
//! `_` may stand for `-`), and the values follow `scour.toml`: a switch takes a boolean, and
//! the switch `--no-NAME` may also be written `NAME = false` (`title = false`); a repeatable
//! option takes a list (several settings of it add up); numbers may be given as numbers or
//! as their digits.
//!
//! Only the options that decide what cleaning does are here ([`KEYS`]): how files are
//! split into documents (`format`), where output goes and how a run uses the machine
//! (`threads`) belong to whoever reads the files.

use crate::config::{
    Config, DEFAULT_MAX_DOC_BYTES, DecodeOptions, EncodingMode, IdFrom, Layout, LinePattern,
    Normalization, RestoreMode,
};
use std::path::PathBuf;

/// Every setting, by its long name, in the order `scour clean --help` lists them.
pub const KEYS: &[&str] = &[
    "lines",
    "text-field",
    "id-field",
    "title-field",
    "id-from",
    "layout",
    "max-doc-bytes",
    "normalization",
    "uncurl-quotes",
    "fix-width",
    "fix-ligatures",
    "no-entities",
    "explain",
    "no-tags",
    "tag-pattern",
    "tag-first-line",
    "no-title",
    "strip-boilerplate",
    "boilerplate",
    "boilerplate-regex",
    "no-builtin-boilerplate",
    "encoding",
    "encoding-hint",
    "fallback",
    "ignore-bom",
    "vocab",
    "restore",
];

/// The settings that decide how bytes are decoded (all `scour detect` takes).
pub const DECODE_KEYS: &[&str] = &["encoding", "encoding-hint", "fallback", "ignore-bom"];

/// A setting's value as a configuration file or a keyword argument gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `true` or `false`: for switches.
    Bool(bool),
    /// A whole number (`max-doc-bytes`).
    Int(i64),
    /// A string: a name, a label, a pattern, a path.
    Str(String),
    /// Several values, for a repeatable option (or one value, as a list of one).
    List(Vec<Value>),
}

impl Value {
    fn kind(&self) -> &'static str {
        match self {
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "a number",
            Value::Str(_) => "a string",
            Value::List(_) => "a list",
        }
    }
}

/// A setting that is unknown or has a bad value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{key}: {reason}")]
pub struct SettingError {
    /// The setting's name as the caller wrote it.
    pub key: String,
    /// What is wrong, and what would be right.
    pub reason: String,
}

impl SettingError {
    fn new(key: &str, reason: impl Into<String>) -> Self {
        Self {
            key: key.to_owned(),
            reason: reason.into(),
        }
    }
}

/// The cleaning options as named settings, collected one by one with [`Settings::set`] and
/// checked together by [`Settings::config`]. Unset options keep `scour clean`'s defaults.
#[derive(Debug, Clone)]
pub struct Settings {
    lines: bool,
    text_field: String,
    id_field: String,
    title_field: String,
    id_from: IdFrom,
    layout: Layout,
    max_doc_bytes: u64,
    normalization: Normalization,
    uncurl_quotes: bool,
    fix_width: bool,
    fix_ligatures: bool,
    no_entities: bool,
    explain: bool,
    no_tags: bool,
    tag_patterns: Vec<String>,
    tag_first_line: bool,
    no_title: bool,
    strip_boilerplate: bool,
    boilerplate_lines: Vec<String>,
    boilerplate_patterns: Vec<String>,
    no_builtin_boilerplate: bool,
    encoding: Option<String>,
    encoding_hint: Option<String>,
    fallback: String,
    ignore_bom: bool,
    vocab: Option<PathBuf>,
    restore: RestoreMode,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            lines: false,
            text_field: "text".into(),
            id_field: "id".into(),
            title_field: "title".into(),
            id_from: IdFrom::Field,
            layout: Layout::Keep,
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
            normalization: Normalization::Nfc,
            uncurl_quotes: false,
            fix_width: false,
            fix_ligatures: false,
            no_entities: false,
            explain: false,
            no_tags: false,
            tag_patterns: Vec::new(),
            tag_first_line: false,
            no_title: false,
            strip_boilerplate: false,
            boilerplate_lines: Vec::new(),
            boilerplate_patterns: Vec::new(),
            no_builtin_boilerplate: false,
            encoding: None,
            encoding_hint: None,
            fallback: "windows-1252".into(),
            ignore_bom: false,
            vocab: None,
            restore: RestoreMode::Headings,
        }
    }
}

/// `key`'s long name: `_` read as `-`, and `NAME` for a switch `no-NAME` (with the value
/// turned round) when `NAME` itself is not a setting.
fn canonical(key: &str, value: Value) -> (String, Value) {
    let name = key.replace('_', "-");
    if !KEYS.contains(&name.as_str()) {
        let negated = format!("no-{name}");
        if KEYS.contains(&negated.as_str()) {
            if let Value::Bool(b) = value {
                return (negated, Value::Bool(!b));
            }
        }
    }
    (name, value)
}

/// ` (did you mean …?)` for an unknown name close to known ones, written with `_` when
/// the caller wrote `_` (`key`).
fn suggestion(key: &str, name: &str) -> String {
    let close: Vec<String> = KEYS
        .iter()
        .filter(|k| k.contains(name) || name.contains(*k) || strsim::levenshtein(k, name) <= 2)
        .map(|k| match key.contains('_') {
            true => k.replace('-', "_"),
            false => (*k).to_owned(),
        })
        .collect();
    if close.is_empty() {
        String::new()
    } else {
        format!(" (did you mean {}?)", close.join(", "))
    }
}

impl Settings {
    /// Set `key` to `value`. A repeatable option's values add to those set before; any
    /// other setting replaces its earlier value.
    pub fn set(&mut self, key: &str, value: Value) -> Result<(), SettingError> {
        let (name, value) = canonical(key, value);
        let err = |reason: String| SettingError::new(key, reason);
        let switch = |value: &Value| match value {
            Value::Bool(b) => Ok(*b),
            other => Err(err(format!("takes true or false, not {}", other.kind()))),
        };
        let string = |value: Value| match value {
            Value::Str(s) => Ok(s),
            other => Err(err(format!("takes a string, not {}", other.kind()))),
        };
        let strings = |value: Value| match value {
            Value::List(items) => items.into_iter().map(string).collect(),
            one => string(one).map(|s| vec![s]),
        };
        match name.as_str() {
            "lines" => self.lines = switch(&value)?,
            "uncurl-quotes" => self.uncurl_quotes = switch(&value)?,
            "fix-width" => self.fix_width = switch(&value)?,
            "fix-ligatures" => self.fix_ligatures = switch(&value)?,
            "no-entities" => self.no_entities = switch(&value)?,
            "explain" => self.explain = switch(&value)?,
            "no-tags" => self.no_tags = switch(&value)?,
            "tag-first-line" => self.tag_first_line = switch(&value)?,
            "no-title" => self.no_title = switch(&value)?,
            "strip-boilerplate" => self.strip_boilerplate = switch(&value)?,
            "no-builtin-boilerplate" => self.no_builtin_boilerplate = switch(&value)?,
            "ignore-bom" => self.ignore_bom = switch(&value)?,
            "text-field" => self.text_field = string(value)?,
            "id-field" => self.id_field = string(value)?,
            "title-field" => self.title_field = string(value)?,
            "id-from" => {
                self.id_from = match string(value)?.as_str() {
                    "field" => IdFrom::Field,
                    "stem" => IdFrom::Stem,
                    "path" => IdFrom::Path,
                    other => return Err(err(format!("{other:?} is not one of field, stem, path"))),
                }
            }
            "layout" => {
                self.layout = match string(value)?.as_str() {
                    "keep" => Layout::Keep,
                    "nested" => Layout::Nested,
                    other => return Err(err(format!("{other:?} is not one of keep, nested"))),
                }
            }
            "fallback" => self.fallback = string(value)?,
            "encoding" => self.encoding = Some(string(value)?),
            "encoding-hint" => self.encoding_hint = Some(string(value)?),
            "vocab" => self.vocab = Some(PathBuf::from(string(value)?)),
            "tag-pattern" => self.tag_patterns.extend(strings(value)?),
            "boilerplate" => self.boilerplate_lines.extend(strings(value)?),
            "boilerplate-regex" => self.boilerplate_patterns.extend(strings(value)?),
            "max-doc-bytes" => {
                self.max_doc_bytes = match value {
                    Value::Int(n) => u64::try_from(n).ok(),
                    Value::Str(s) => crate::units::parse_size(&s).ok(),
                    _ => None,
                }
                .ok_or_else(|| {
                    err("takes a size: a number of bytes, or with a unit (16M, 64MiB)".into())
                })?;
            }
            "normalization" => {
                self.normalization = match string(value)?.as_str() {
                    "nfc" => Normalization::Nfc,
                    "nfkc" => Normalization::Nfkc,
                    "none" => Normalization::None,
                    other => return Err(err(format!("{other:?} is not one of nfc, nfkc, none"))),
                }
            }
            "restore" => {
                self.restore = match string(value)?.as_str() {
                    "headings" => RestoreMode::Headings,
                    "body" => RestoreMode::Body,
                    other => return Err(err(format!("{other:?} is not one of headings, body"))),
                }
            }
            _ => {
                return Err(err(format!("unknown option{}", suggestion(key, &name))));
            }
        }
        Ok(())
    }

    /// The decode options alone (what `scour detect` takes); an unknown label lists the
    /// closest known ones.
    pub fn decode_options(&self) -> Result<DecodeOptions, SettingError> {
        let mode = match (&self.encoding, &self.encoding_hint) {
            (Some(_), Some(_)) => {
                return Err(SettingError::new(
                    "encoding-hint",
                    "cannot be used with encoding (a forced encoding needs no hint)",
                ));
            }
            (Some(enc), None) => EncodingMode::Forced(
                crate::decode::parse_charset(enc)
                    .map_err(|e| SettingError::new("encoding", e.to_string()))?,
            ),
            (None, Some(hint)) => EncodingMode::Hint(
                crate::decode::parse_hint(hint)
                    .map_err(|e| SettingError::new("encoding-hint", e.to_string()))?,
            ),
            (None, None) => EncodingMode::Auto,
        };
        if self.ignore_bom && self.encoding.is_none() {
            return Err(SettingError::new(
                "ignore-bom",
                "needs encoding (without a forced encoding the BOM decides)",
            ));
        }
        Ok(DecodeOptions {
            mode,
            ignore_bom: self.ignore_bom,
            fallback: crate::decode::parse_label(&self.fallback)
                .map_err(|e| SettingError::new("fallback", e.to_string()))?,
        })
    }

    /// The validated configuration: patterns compiled, the vocabulary read, the options
    /// that need each other checked.
    pub fn config(&self) -> Result<Config, SettingError> {
        let patterns = |key: &'static str, given: &[String]| {
            given
                .iter()
                .map(|p| LinePattern::new(key, p))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| SettingError::new(key, e.to_string()))
        };
        let mut config = Config::default();
        config.input.text_field = self.text_field.clone();
        config.input.id_field = self.id_field.clone();
        config.input.title_field = self.title_field.clone();
        config.input.id_from = self.id_from;
        config.input.layout = self.layout;
        config.input.max_doc_bytes = self.max_doc_bytes;
        config.input.lines = self.lines;
        config.normalization = self.normalization;
        config.decode = self.decode_options()?;
        config.repair.uncurl_quotes = self.uncurl_quotes;
        config.repair.fix_width = self.fix_width;
        config.repair.ligatures = self.fix_ligatures;
        config.repair.entities = !self.no_entities;
        config.repair.explain = self.explain;
        config.tags.enabled = !self.no_tags;
        config.tags.extra_patterns = patterns("tag-pattern", &self.tag_patterns)?;
        config.tags.first_line = self.tag_first_line;
        config.structure.find_title = !self.no_title;
        config.boilerplate.strip = self.strip_boilerplate;
        config.boilerplate.builtin = !self.no_builtin_boilerplate;
        config.boilerplate.lines = self.boilerplate_lines.clone();
        config.boilerplate.patterns = patterns("boilerplate-regex", &self.boilerplate_patterns)?;
        config.restore = self.restore;
        if let Some(path) = &self.vocab {
            let bad = |reason: String| SettingError::new("vocab", reason);
            let file = std::fs::File::open(path)
                .map_err(|e| bad(format!("cannot open {}: {e}", path.display())))?;
            let vocab = crate::vocab::Vocab::read(std::io::BufReader::new(file))
                .map_err(|e| bad(format!("{}: {e}", path.display())))?;
            config.set_vocab(vocab);
        }
        config
            .validate()
            .map_err(|e| SettingError::new("restore", e.to_string()))?;
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, Value)]) -> Result<Settings, SettingError> {
        let mut s = Settings::default();
        for (k, v) in pairs {
            s.set(k, v.clone())?;
        }
        Ok(s)
    }

    #[test]
    fn names_take_underscores_and_switches_their_positive_name() {
        let config = settings(&[
            ("uncurl_quotes", Value::Bool(true)),
            ("title", Value::Bool(false)),
            ("tags", Value::Bool(true)),
            ("no-entities", Value::Bool(true)),
            ("normalization", Value::Str("nfkc".into())),
            ("max_doc_bytes", Value::Str("100".into())),
        ])
        .unwrap()
        .config()
        .unwrap();
        assert!(config.repair.uncurl_quotes);
        assert!(!config.structure.find_title);
        assert!(config.tags.enabled);
        assert!(!config.repair.entities);
        assert_eq!(config.normalization, Normalization::Nfkc);
        assert_eq!(config.input.max_doc_bytes, 100);
    }

    #[test]
    fn repeatable_options_add_up() {
        let config = settings(&[
            (
                "boilerplate",
                Value::Str("Alle Angaben ohne Gewähr.".into()),
            ),
            (
                "boilerplate",
                Value::List(vec![Value::Str("dpa".into()), Value::Str("AFP".into())]),
            ),
            (
                "tag_pattern",
                Value::List(vec![Value::Str("[a-z]+".into())]),
            ),
        ])
        .unwrap()
        .config()
        .unwrap();
        assert_eq!(
            config.boilerplate.lines,
            ["Alle Angaben ohne Gewähr.", "dpa", "AFP"]
        );
        assert!(config.tags.extra_patterns[0].is_match("toi"));
        assert!(!config.tags.extra_patterns[0].is_match("toi toi"));
    }

    #[test]
    fn unknown_names_and_bad_values_name_the_setting() {
        let err = settings(&[("uncurl_quote", Value::Bool(true))]).unwrap_err();
        assert_eq!(err.key, "uncurl_quote");
        assert!(err.reason.contains("did you mean uncurl_quotes"), "{err}");
        let err = settings(&[("uncurl-quote", Value::Bool(true))]).unwrap_err();
        assert!(err.reason.contains("did you mean uncurl-quotes"), "{err}");
        let err = settings(&[("normalization", Value::Str("nfx".into()))]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "normalization: \"nfx\" is not one of nfc, nfkc, none"
        );
        let err = settings(&[("explain", Value::Str("yes".into()))]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "explain: takes true or false, not a string"
        );
        let err = settings(&[("max_doc_bytes", Value::Int(-1))]).unwrap_err();
        assert_eq!(err.key, "max_doc_bytes");
        let err = settings(&[("title", Value::Str("no".into()))]).unwrap_err();
        assert!(err.reason.starts_with("unknown option"), "{err}");
    }

    #[test]
    fn options_are_checked_together_when_the_config_is_built() {
        let built = |pairs: &[(&str, Value)]| settings(pairs).unwrap().config().unwrap_err();
        let err = built(&[("encoding", Value::Str("klingon".into()))]);
        assert_eq!(err.key, "encoding");
        let err = built(&[
            ("encoding", Value::Str("cp1252".into())),
            ("encoding_hint", Value::Str("lang:de".into())),
        ]);
        assert_eq!(err.key, "encoding-hint");
        assert_eq!(
            built(&[("ignore_bom", Value::Bool(true))]).key,
            "ignore-bom"
        );
        let err = built(&[("tag_pattern", Value::Str("(".into()))]);
        assert_eq!(err.key, "tag-pattern");
        let err = built(&[("restore", Value::Str("body".into()))]);
        assert_eq!(err.key, "restore");
        assert!(err.reason.contains("needs --vocab"), "{err}");
        let err = built(&[("vocab", Value::Str("/nonexistent/vocab.txt".into()))]);
        assert!(err.reason.starts_with("cannot open /nonexistent"), "{err}");
    }

    #[test]
    fn forced_encodings_and_dos_code_pages_parse_as_on_the_command_line() {
        let s = settings(&[
            ("encoding", Value::Str("cp437".into())),
            ("ignore_bom", Value::Bool(true)),
        ])
        .unwrap();
        let opts = s.decode_options().unwrap();
        assert!(matches!(opts.mode, EncodingMode::Forced(_)));
        assert!(opts.ignore_bom);
    }
}
