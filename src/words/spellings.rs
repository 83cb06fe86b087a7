//! The folding table: the ASCII spellings each character with diacritics (or typographic
//! sign) may take. It is data: one mechanism serves every language, and adding a language is
//! adding rows. Restoration ([`crate::restore`]), the vocabulary's keys ([`super::ascii_key`])
//! and the heading matcher of the structure stage read it.

/// ASCII spellings of a lowercase character, most specific first. Characters not listed
/// fold to themselves.
pub(crate) const SPELLINGS: &[(char, &[&str])] = &[
    ('ä', &["ae", "a"]),
    ('ö', &["oe", "o"]),
    ('ü', &["ue", "u"]),
    ('ß', &["ss"]),
    ('ẞ', &["ss"]),
    ('å', &["aa", "a"]),
    ('ø', &["oe", "o"]),
    ('æ', &["ae"]),
    ('œ', &["oe"]),
    ('é', &["e"]),
    ('è', &["e"]),
    ('ê', &["e"]),
    ('ë', &["e"]),
    ('á', &["a"]),
    ('à', &["a"]),
    ('â', &["a"]),
    ('ã', &["a"]),
    ('í', &["i"]),
    ('ì', &["i"]),
    ('î', &["i"]),
    ('ï', &["i"]),
    ('ó', &["o"]),
    ('ò', &["o"]),
    ('ô', &["o"]),
    ('õ', &["o"]),
    ('ú', &["u"]),
    ('ù', &["u"]),
    ('û', &["u"]),
    ('ñ', &["n"]),
    ('ç', &["c"]),
    ('č', &["c"]),
    ('ć', &["c"]),
    ('ď', &["d"]),
    ('ě', &["e"]),
    ('ę', &["e"]),
    ('ł', &["l"]),
    ('ń', &["n"]),
    ('ň', &["n"]),
    ('ř', &["r"]),
    ('š', &["s"]),
    ('ś', &["s"]),
    ('ť', &["t"]),
    ('ů', &["u"]),
    ('ý', &["y"]),
    ('ž', &["z"]),
    ('ź', &["z"]),
    ('ż', &["z"]),
    ('ą', &["a"]),
    ('ő', &["oe", "o"]),
    ('ű', &["ue", "u"]),
    ('ÿ', &["y"]),
    ('ă', &["a"]),
    ('ș', &["s"]),
    ('ş', &["s"]),
    ('ț', &["t"]),
    ('ţ', &["t"]),
    ('ğ', &["g"]),
    ('ı', &["i"]),
    ('ľ', &["l"]),
    ('ĺ', &["l"]),
    ('ŕ', &["r"]),
    ('đ', &["d"]),
    ('ð', &["d"]),
    ('þ', &["th"]),
    ('ā', &["a"]),
    ('ē', &["e"]),
    ('ī', &["i"]),
    ('ū', &["u"]),
    ('ė', &["e"]),
    ('į', &["i"]),
    ('ų', &["u"]),
    ('\u{201E}', &["\""]),
    ('\u{201C}', &["\""]),
    ('\u{201D}', &["\""]),
    ('«', &["\"", "<<"]),
    ('»', &["\"", ">>"]),
    ('\u{201A}', &["'"]),
    ('\u{2018}', &["'"]),
    ('\u{2019}', &["'"]),
    ('‹', &["'", "<"]),
    ('›', &["'", ">"]),
    ('–', &["-"]),
    ('—', &["-", "--"]),
    ('…', &["...", "."]),
    ('€', &["EUR", "euro", "e"]),
];

/// The ASCII spellings `c` may take (lowercase input), or `None` when it folds to itself.
pub fn spellings(c: char) -> Option<&'static [&'static str]> {
    if c.is_ascii() {
        return None;
    }
    // U+0080–U+00FF (most letters with diacritics in European text) by index.
    type Row = Option<&'static [&'static str]>;
    static LATIN1: std::sync::LazyLock<[Row; 128]> = std::sync::LazyLock::new(|| {
        let mut rows = [None; 128];
        for &(c, spelled) in SPELLINGS {
            if let Some(row) = (c as usize).checked_sub(0x80).and_then(|i| rows.get_mut(i)) {
                *row = Some(spelled);
            }
        }
        rows
    });
    if let Some(row) = (c as usize).checked_sub(0x80).and_then(|i| LATIN1.get(i)) {
        return *row;
    }
    static SORTED: std::sync::LazyLock<Vec<(char, &'static [&'static str])>> =
        std::sync::LazyLock::new(|| {
            let mut sorted = SPELLINGS.to_vec();
            sorted.sort_by_key(|&(c, _)| c);
            sorted
        });
    SORTED
        .binary_search_by_key(&c, |&(k, _)| k)
        .ok()
        .map(|i| SORTED[i].1)
}

/// The longest ASCII spelling of any character ([`SPELLINGS`]: `euro`).
pub(crate) const MAX_SPELLING: usize = 4;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_is_short_and_not_empty() {
        // heading_match's length bounds rely on this, and `spellings` on unique keys.
        let mut keys: Vec<char> = SPELLINGS.iter().map(|&(c, _)| c).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), SPELLINGS.len(), "a character listed twice");
        for (c, options) in SPELLINGS {
            for o in *options {
                let n = o.chars().count();
                assert!((1..=MAX_SPELLING).contains(&n), "{c}: {o:?}");
            }
        }
    }

    #[test]
    fn spellings_lookup() {
        assert_eq!(spellings('ü'), Some(&["ue", "u"][..]));
        assert_eq!(spellings('x'), None);
        for &(c, spelled) in SPELLINGS {
            assert_eq!(spellings(c), Some(spelled), "{c}");
        }
        assert_eq!(spellings('\u{A0}'), None);
        assert_eq!(
            spellings('ÿ'),
            SPELLINGS.iter().find(|r| r.0 == 'ÿ').map(|r| r.1)
        );
    }
}
