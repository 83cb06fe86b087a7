//! Encoding labels as people type them, and `--encoding-hint` values.
//!
//! Every WHATWG label is accepted (through `encoding_rs`), plus the codec names Python and
//! other tools use (`utf_8`, `latin_1`, `cp932`, `mac_roman`, `sjis`, …). Matching ignores
//! case, surrounding whitespace, and the difference between `-`, `_`, `.` and spaces.

use crate::config::{Charset, DosCodePage, EncodingHint};
use encoding_rs::Encoding;

/// Why a label or hint was not understood. The message lists the closest known labels.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LabelError {
    /// No encoding has this name.
    #[error("unknown encoding {label:?}; closest known: {}", suggestions.join(", "))]
    Unknown {
        /// The label as given.
        label: String,
        /// Known labels that look most like it, best first.
        suggestions: Vec<&'static str>,
    },
    /// A known encoding that scour cannot be told to use.
    #[error("encoding {label:?} cannot be forced: {reason}")]
    Unsupported {
        /// The label as given.
        label: String,
        /// Why.
        reason: &'static str,
    },
    /// An `--encoding-hint` that is neither a label nor `lang:xx` / `tld:xx`.
    #[error("invalid encoding hint {hint:?}: {reason}")]
    Hint {
        /// The hint as given.
        hint: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// Names tools other than browsers use, compacted (lowercase, no `-`, `_`, `.` or spaces).
/// The WHATWG labels themselves are resolved by `encoding_rs`.
const ALIASES: &[(&str, &Encoding)] = &[
    ("utf8", encoding_rs::UTF_8),
    ("u8", encoding_rs::UTF_8),
    ("utf8sig", encoding_rs::UTF_8),
    ("cp65001", encoding_rs::UTF_8),
    ("utf16", encoding_rs::UTF_16LE),
    ("u16", encoding_rs::UTF_16LE),
    ("utf16le", encoding_rs::UTF_16LE),
    ("utf16be", encoding_rs::UTF_16BE),
    ("latin", encoding_rs::WINDOWS_1252),
    ("latin1", encoding_rs::WINDOWS_1252),
    ("iso88591", encoding_rs::WINDOWS_1252),
    ("8859", encoding_rs::WINDOWS_1252),
    ("cp819", encoding_rs::WINDOWS_1252),
    ("ascii", encoding_rs::WINDOWS_1252),
    ("646", encoding_rs::WINDOWS_1252),
    ("latin9", encoding_rs::ISO_8859_15),
    ("iso885915", encoding_rs::ISO_8859_15),
    ("latin10", encoding_rs::ISO_8859_16),
    ("iso885916", encoding_rs::ISO_8859_16),
    ("iso885911", encoding_rs::WINDOWS_874),
    ("tis620", encoding_rs::WINDOWS_874),
    ("cp874", encoding_rs::WINDOWS_874),
    ("cp932", encoding_rs::SHIFT_JIS),
    ("ms932", encoding_rs::SHIFT_JIS),
    ("mskanji", encoding_rs::SHIFT_JIS),
    ("sjis", encoding_rs::SHIFT_JIS),
    ("shiftjis", encoding_rs::SHIFT_JIS),
    ("windows31j", encoding_rs::SHIFT_JIS),
    ("eucjp", encoding_rs::EUC_JP),
    ("ujis", encoding_rs::EUC_JP),
    ("iso2022jp", encoding_rs::ISO_2022_JP),
    ("csiso2022jp", encoding_rs::ISO_2022_JP),
    ("euckr", encoding_rs::EUC_KR),
    ("cp949", encoding_rs::EUC_KR),
    ("uhc", encoding_rs::EUC_KR),
    ("ksc56011987", encoding_rs::EUC_KR),
    ("gb2312", encoding_rs::GBK),
    ("gbk", encoding_rs::GBK),
    ("cp936", encoding_rs::GBK),
    ("ms936", encoding_rs::GBK),
    ("936", encoding_rs::GBK),
    ("gb18030", encoding_rs::GB18030),
    ("big5", encoding_rs::BIG5),
    ("big5tw", encoding_rs::BIG5),
    ("big5hkscs", encoding_rs::BIG5),
    ("cp950", encoding_rs::BIG5),
    ("koi8r", encoding_rs::KOI8_R),
    ("koi8u", encoding_rs::KOI8_U),
    ("cp866", encoding_rs::IBM866),
    ("866", encoding_rs::IBM866),
    ("macroman", encoding_rs::MACINTOSH),
    ("macintosh", encoding_rs::MACINTOSH),
    ("maccyrillic", encoding_rs::X_MAC_CYRILLIC),
];

/// Canonical names offered as suggestions besides the aliases above.
const CANONICAL: &[&str] = &[
    "UTF-8",
    "UTF-16LE",
    "UTF-16BE",
    "windows-1250",
    "windows-1251",
    "windows-1252",
    "windows-1253",
    "windows-1254",
    "windows-1255",
    "windows-1256",
    "windows-1257",
    "windows-1258",
    "windows-874",
    "ISO-8859-2",
    "ISO-8859-3",
    "ISO-8859-4",
    "ISO-8859-5",
    "ISO-8859-6",
    "ISO-8859-7",
    "ISO-8859-8",
    "ISO-8859-10",
    "ISO-8859-13",
    "ISO-8859-14",
    "ISO-8859-15",
    "ISO-8859-16",
    "KOI8-R",
    "KOI8-U",
    "IBM866",
    "IBM437",
    "IBM850",
    "IBM852",
    "IBM855",
    "macintosh",
    "x-mac-cyrillic",
    "Shift_JIS",
    "EUC-JP",
    "ISO-2022-JP",
    "EUC-KR",
    "GBK",
    "gb18030",
    "Big5",
    "latin_1",
    "cp1252",
    "cp932",
    "mac_roman",
    "koi8_r",
    "sjis",
];

/// Lowercase, without separators: the key two spellings of one name share.
fn compact(label: &str) -> String {
    label
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The encoding a label names: a WHATWG label or a common codec name, case and `-`/`_`
/// insensitive. UTF-32 and the WHATWG "replacement" encoding are refused with a reason.
pub fn parse_label(label: &str) -> Result<&'static Encoding, LabelError> {
    let trimmed = label.trim().to_ascii_lowercase();
    let key = compact(&trimmed);
    if key.starts_with("utf32") || key.starts_with("ucs4") {
        return Err(LabelError::Unsupported {
            label: label.to_owned(),
            reason: "UTF-32 is recognised automatically (by its BOM or its NUL-byte pattern)",
        });
    }
    let variants = [
        trimmed.clone(),
        trimmed.replace('_', "-"),
        trimmed.replace('-', "_"),
    ];
    for v in &variants {
        if let Some(enc) = Encoding::for_label(v.as_bytes()) {
            if enc == encoding_rs::REPLACEMENT {
                return Err(LabelError::Unsupported {
                    label: label.to_owned(),
                    reason: "it is unsafe on the Web and encoding_rs only maps it to U+FFFD",
                });
            }
            return Ok(enc);
        }
    }
    if let Some(&(_, enc)) = ALIASES.iter().find(|(name, _)| *name == key) {
        return Ok(enc);
    }
    Err(LabelError::Unknown {
        label: label.to_owned(),
        suggestions: closest(&key),
    })
}

/// The encoding `--encoding` names: a DOS code page (`cp437`, `ibm850`, `852`, …; see
/// [`DosCodePage::from_compact_label`]) or what [`parse_label`] accepts. IBM866 is
/// `encoding_rs`'s.
pub fn parse_charset(label: &str) -> Result<Charset, LabelError> {
    if let Some(page) = DosCodePage::from_compact_label(&compact(label.trim())) {
        return Ok(Charset::Dos(page));
    }
    parse_label(label).map(Charset::Web)
}

/// Up to five known names most like `key`, most alike first: fewest edits (a swap of two
/// neighbours is one), then, among names as many edits away, the most alike by
/// Jaro-Winkler, which weighs a shared beginning: `utf8mb4` is three edits from UTF-8 and
/// from UTF-16BE, and is most like UTF-8 (a tie of edits fell to the alphabet before).
fn closest(key: &str) -> Vec<&'static str> {
    let mut scored: Vec<(usize, f64, &'static str)> = CANONICAL
        .iter()
        .map(|&name| {
            let name_key = compact(name);
            (
                strsim::osa_distance(key, &name_key),
                strsim::jaro_winkler(key, &name_key),
                name,
            )
        })
        .collect();
    scored.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(b.2)));
    let mut names: Vec<&'static str> = Vec::new();
    for (_, _, name) in scored {
        if !names.iter().any(|n| compact(n) == compact(name)) {
            names.push(name);
        }
    }
    names.truncate(5);
    names
}

/// Language codes whose country code top-level domain is spelled differently.
const LANG_TLD: &[(&str, &str)] = &[
    ("ja", "jp"),
    ("ko", "kr"),
    ("zh", "cn"),
    ("el", "gr"),
    ("he", "il"),
    ("iw", "il"),
    ("uk", "ua"),
    ("cs", "cz"),
    ("et", "ee"),
    ("vi", "vn"),
    ("sr", "rs"),
    ("be", "by"),
    ("kk", "kz"),
    ("ar", "sa"),
    ("fa", "ir"),
    ("hy", "am"),
    ("ka", "ge"),
    ("sl", "si"),
    ("sv", "se"),
    ("da", "dk"),
    ("sq", "al"),
    ("bs", "ba"),
    ("ga", "ie"),
    ("ms", "my"),
    ("nb", "no"),
    ("nn", "no"),
    ("ca", "es"),
    ("eu", "es"),
    ("gl", "es"),
    ("en", "us"),
];

/// Parse `--encoding-hint`: an encoding label, `lang:xx` (ISO 639-1, optionally with a
/// region such as `zh-TW`) or `tld:xx` (a two-letter country domain).
pub fn parse_hint(hint: &str) -> Result<EncodingHint, LabelError> {
    let bad = |reason: &str| LabelError::Hint {
        hint: hint.to_owned(),
        reason: reason.to_owned(),
    };
    let lower = hint.trim().to_ascii_lowercase();
    if let Some(tld) = lower.strip_prefix("tld:") {
        let tld = tld.trim_start_matches('.');
        return two_letters(tld)
            .map(|tld| EncodingHint {
                tld: Some(tld),
                encoding: None,
            })
            .ok_or_else(|| bad("expected a two-letter country domain such as tld:ru"));
    }
    if let Some(lang) = lower.strip_prefix("lang:") {
        let (base, region) = match lang.split_once(['-', '_']) {
            Some((b, r)) => (b, Some(r)),
            None => (lang, None),
        };
        let tld = match (base, region) {
            ("zh", Some("tw" | "hk" | "hant" | "mo")) => "tw",
            _ => LANG_TLD
                .iter()
                .find(|(l, _)| *l == base)
                .map_or(base, |(_, t)| t),
        };
        return two_letters(tld)
            .map(|tld| EncodingHint {
                tld: Some(tld),
                encoding: None,
            })
            .ok_or_else(|| bad("expected a two-letter language code such as lang:ru"));
    }
    let encoding = parse_label(hint)?;
    Ok(EncodingHint {
        tld: tld_for(encoding),
        encoding: Some(encoding),
    })
}

/// A domain whose pages chardetng expects in `encoding`, so a label hint steers it too.
fn tld_for(encoding: &'static Encoding) -> Option<[u8; 2]> {
    let tld: &[u8; 2] = match encoding.name() {
        "windows-1250" | "ISO-8859-2" => b"pl",
        "windows-1251" | "KOI8-R" | "IBM866" | "ISO-8859-5" | "x-mac-cyrillic" => b"ru",
        "KOI8-U" => b"ua",
        "windows-1253" | "ISO-8859-7" => b"gr",
        "windows-1254" => b"tr",
        "windows-1255" | "ISO-8859-8" | "ISO-8859-8-I" => b"il",
        "windows-1256" | "ISO-8859-6" => b"sa",
        "windows-1257" | "ISO-8859-13" | "ISO-8859-4" => b"lt",
        "windows-1258" => b"vn",
        "windows-874" => b"th",
        "Shift_JIS" | "EUC-JP" | "ISO-2022-JP" => b"jp",
        "EUC-KR" => b"kr",
        "GBK" | "gb18030" => b"cn",
        "Big5" => b"tw",
        _ => return None,
    };
    Some(*tld)
}

/// `s` as a lowercase two-letter ASCII domain label, the only shape chardetng accepts.
fn two_letters(s: &str) -> Option<[u8; 2]> {
    match s.as_bytes() {
        &[a, b] if a.is_ascii_lowercase() && b.is_ascii_lowercase() => Some([a, b]),
        _ => None,
    }
}

/// Whether a hint points at the Baltic languages (Lithuanian, Latvian, Estonian).
pub(crate) fn is_baltic(hint: &EncodingHint) -> bool {
    matches!(&hint.tld, Some(t) if matches!(t, b"lt" | b"lv" | b"ee"))
        || matches!(
            hint.encoding.map(Encoding::name),
            Some("windows-1257" | "ISO-8859-13" | "ISO-8859-4")
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whatwg_and_python_names() {
        let cases: &[(&str, &Encoding)] = &[
            ("utf-8", encoding_rs::UTF_8),
            ("UTF_8", encoding_rs::UTF_8),
            ("utf8", encoding_rs::UTF_8),
            ("latin_1", encoding_rs::WINDOWS_1252),
            ("Latin-1", encoding_rs::WINDOWS_1252),
            ("cp1252", encoding_rs::WINDOWS_1252),
            ("windows_1251", encoding_rs::WINDOWS_1251),
            ("cp932", encoding_rs::SHIFT_JIS),
            ("SJIS", encoding_rs::SHIFT_JIS),
            ("Shift-JIS", encoding_rs::SHIFT_JIS),
            ("mac_roman", encoding_rs::MACINTOSH),
            ("koi8_r", encoding_rs::KOI8_R),
            ("KOI8-U", encoding_rs::KOI8_U),
            ("iso8859_15", encoding_rs::ISO_8859_15),
            ("euc_jp", encoding_rs::EUC_JP),
            ("utf_16_be", encoding_rs::UTF_16BE),
            ("  x-mac-cyrillic ", encoding_rs::X_MAC_CYRILLIC),
            ("csisolatin2", encoding_rs::ISO_8859_2),
        ];
        for &(label, enc) in cases {
            assert_eq!(parse_label(label), Ok(enc), "{label}");
        }
    }

    #[test]
    fn unknown_label_lists_close_names() {
        let err = parse_label("windows-1525").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("windows-1252"), "{msg}");
        // Ranked by likeness, a shared beginning first.
        for (label, first) in [
            ("utf8mb4", "UTF-8"),
            ("win1251", "windows-1251"),
            ("windosw-1252", "windows-1252"),
            ("shift-jis2", "Shift_JIS"),
            ("koi8x", "KOI8-R"),
        ] {
            match parse_label(label) {
                Err(LabelError::Unknown { suggestions, .. }) => {
                    assert_eq!(suggestions[0], first, "{label}: {suggestions:?}")
                }
                other => panic!("{label}: {other:?}"),
            }
        }
        match parse_label("koi8r-x") {
            Err(LabelError::Unknown { suggestions, .. }) => {
                assert!(suggestions.contains(&"KOI8-R"), "{suggestions:?}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn utf32_and_replacement_are_refused() {
        assert!(matches!(
            parse_label("utf_32"),
            Err(LabelError::Unsupported { .. })
        ));
        assert!(matches!(
            parse_label("iso-2022-kr"),
            Err(LabelError::Unsupported { .. })
        ));
    }

    #[test]
    fn hints() {
        assert_eq!(parse_hint("lang:ja").unwrap().tld, Some(*b"jp"));
        assert_eq!(parse_hint("lang:zh-TW").unwrap().tld, Some(*b"tw"));
        assert_eq!(parse_hint("tld:.RU").unwrap().tld, Some(*b"ru"));
        let h = parse_hint("cp1257").unwrap();
        assert_eq!(h.encoding, Some(encoding_rs::WINDOWS_1257));
        assert!(is_baltic(&h));
        assert!(is_baltic(&parse_hint("lang:lv").unwrap()));
        assert!(!is_baltic(&parse_hint("lang:de").unwrap()));
        assert!(parse_hint("tld:com").is_err());
        assert!(parse_hint("lang:x1").is_err());
        assert!(parse_hint("nonsense").is_err());
    }
}
