//! Transliteration: how text with diacritics is spelled in plain ASCII, and matching across it.
//!
//! The folding table is data: each character lists the ASCII spellings it may take
//! (`ä` → `ae` or `a`). One mechanism serves every language; adding a language is adding rows.

/// ASCII spellings of a lowercase character, most specific first. Characters not listed
/// fold to themselves.
const SPELLINGS: &[(char, &[&str])] = &[
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
    SPELLINGS.iter().find(|(k, _)| *k == c).map(|(_, v)| *v)
}

/// How a line relates to a title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingMatch {
    /// The line spells the whole title (verbatim or transliterated).
    Full,
    /// The line spells the start of the title, cut at a word boundary.
    Prefix,
}

/// A prefix shorter than this many characters (or fewer words) could match by chance.
const MIN_PREFIX_CHARS: usize = 24;
const MIN_PREFIX_WORDS: usize = 3;

fn fold_simple(s: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Whether `line` repeats `title`, verbatim or transliterated, whole or cut at a word
/// boundary (and then long enough not to match by chance). Case and whitespace are ignored.
pub fn heading_match(title: &str, line: &str) -> Option<HeadingMatch> {
    let t = fold_simple(title);
    let l = fold_simple(line);
    if l.is_empty() || t.is_empty() {
        return None;
    }
    // reach[j]: the title positions at which the first j characters of the line end.
    // A DP over (title position, line position): each title character matches itself or
    // one of its spellings.
    let mut reach = vec![false; t.len() + 1];
    let mut current: Vec<Vec<bool>> = vec![vec![false; l.len() + 1]; t.len() + 1];
    current[0][0] = true;
    for i in 0..t.len() {
        for j in 0..=l.len() {
            if !current[i][j] {
                continue;
            }
            let c = t[i];
            if j < l.len() && l[j] == c {
                current[i + 1][j + 1] = true;
            }
            if let Some(options) = spellings(c) {
                for spelled in options {
                    let n = spelled.chars().count();
                    if j + n <= l.len()
                        && spelled
                            .chars()
                            .zip(&l[j..j + n])
                            .all(|(a, &b)| a.to_ascii_lowercase() == b)
                    {
                        current[i + 1][j + n] = true;
                    }
                }
            }
        }
    }
    for (i, row) in current.iter().enumerate() {
        reach[i] = row[l.len()];
    }
    if reach[t.len()] {
        return Some(HeadingMatch::Full);
    }
    let words = l.iter().filter(|&&c| c == ' ').count() + 1;
    if l.len() < MIN_PREFIX_CHARS || words < MIN_PREFIX_WORDS {
        return None;
    }
    // A cut at a word boundary: the title goes on with a space after the matched prefix.
    (0..t.len())
        .any(|i| reach[i] && t[i] == ' ')
        .then_some(HeadingMatch::Prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TITLE: &str = "Kim Jong Un verspricht Unterstützung für Russlands Militäraktionen in der Ukraine bei Putins Besuch in Nordkorea";

    #[test]
    fn spellings_lookup() {
        assert_eq!(spellings('ü'), Some(&["ue", "u"][..]));
        assert_eq!(spellings('x'), None);
    }

    #[test]
    fn seed_heading_is_a_truncated_transliteration() {
        let line = "Kim Jong Un verspricht Unterstuetzung fuer Russlands Militaeraktionen in der";
        assert_eq!(heading_match(TITLE, line), Some(HeadingMatch::Prefix));
    }

    #[test]
    fn verbatim_and_stripped_copies() {
        assert_eq!(heading_match(TITLE, TITLE), Some(HeadingMatch::Full));
        let stripped = "kim jong un verspricht unterstutzung fur russlands militaraktionen in der ukraine bei putins besuch in nordkorea";
        assert_eq!(heading_match(TITLE, stripped), Some(HeadingMatch::Full));
        assert_eq!(
            heading_match("Große „Feier“ – heute", "Grosse \"Feier\" - heute"),
            Some(HeadingMatch::Full)
        );
    }

    #[test]
    fn cut_inside_a_word_or_too_short_is_not_a_match() {
        assert_eq!(
            heading_match(TITLE, "Kim Jong Un verspricht Unterstuetzung fuer Russ"),
            None
        );
        assert_eq!(heading_match(TITLE, "Kim Jong"), None);
        assert_eq!(
            heading_match(
                TITLE,
                "Während eines Staatsbesuchs des russischen Präsidenten"
            ),
            None
        );
    }
}
