//! Which language's transliterations a document can hold, told by its most common words.
//!
//! Restoring a word from the corpus vocabulary undoes a transliteration, and which letters
//! a transliteration stands for depends on the language: `oe` is `ö` in German and `ø` in
//! Norwegian, while Portuguese `anos` is no transliteration of Spanish `años` at all. The
//! guess is deliberately coarse: a handful of function words per language, written with and
//! without their diacritics (a transliterated text writes `fuer` and `paa`), counted over
//! the first words of the text; too few hits and the answer is [`Language::Other`], for which
//! nothing is restored from the vocabulary.

use super::{lowercase_into, words};

/// A language whose transliterations restoration may undo, or none of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// `ae oe ue ss` for `ä ö ü ß`.
    German,
    /// `aa oe ae` for `å ø æ`.
    DanishNorwegian,
    /// `aa ae oe` for `å ä ö`.
    Swedish,
    /// Anything else, or too little text to tell.
    Other,
}

impl Language {
    /// The letters (lowercase) whose transliteration this language's text may hold.
    pub fn letters(self) -> &'static [char] {
        match self {
            Language::German => &['ä', 'ö', 'ü', 'ß'],
            Language::DanishNorwegian => &['å', 'ø', 'æ'],
            Language::Swedish => &['å', 'ä', 'ö'],
            Language::Other => &[],
        }
    }
}

/// Function words, as written and as transliterated.
const GERMAN: &[&str] = &[
    "der", "die", "das", "und", "ist", "nicht", "mit", "von", "den", "auf", "fuer", "für", "sich",
    "dem", "des", "ein", "eine", "auch", "wird", "sind", "oder", "ueber", "über", "zum",
];
const DANISH_NORWEGIAN: &[&str] = &[
    "og", "er", "ikke", "det", "til", "paa", "på", "af", "av", "som", "har", "jeg", "med", "kan",
    "vil", "skal", "fra", "ogsaa", "også", "efter", "etter", "hvor", "eller", "men",
];
const SWEDISH: &[&str] = &[
    "och", "aer", "är", "inte", "att", "det", "som", "paa", "på", "foer", "för", "med", "har",
    "jag", "till", "fraan", "från", "eller", "men", "kan", "ocksaa", "också", "av",
];

/// Words looked at, at most.
const MAX_WORDS: usize = 2000;
/// Hits needed to name a language, and the share of the words looked at that they must be.
const MIN_HITS: usize = 2;
const MIN_SHARE: f64 = 0.05;

/// The language of `texts` (a title and its body, say), as far as transliterations go.
pub fn guess(texts: &[&str]) -> Language {
    let mut hits = [0usize; 3];
    let mut seen = 0;
    let mut lower = String::new();
    let all = texts.iter().flat_map(|t| words(t));
    for (_, word) in all.take(MAX_WORDS) {
        seen += 1;
        if word.len() > 6 {
            continue;
        }
        lowercase_into(word, &mut lower);
        for (i, list) in [GERMAN, DANISH_NORWEGIAN, SWEDISH].iter().enumerate() {
            if list.contains(&lower.as_str()) {
                hits[i] += 1;
            }
        }
    }
    let (best, &count) = hits
        .iter()
        .enumerate()
        .max_by_key(|&(i, n)| (*n, std::cmp::Reverse(i)))
        .unwrap_or((0, &0));
    // A tie between two languages tells nothing.
    let tied = hits.iter().filter(|&&n| n == count).count() > 1;
    if tied || count < MIN_HITS || (count as f64) < MIN_SHARE * seen as f64 {
        return Language::Other;
    }
    [
        Language::German,
        Language::DanishNorwegian,
        Language::Swedish,
    ][best]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_by_their_function_words() {
        let cases = [
            (
                "Die Stadt hat sich für den Plan entschieden, und das ist gut.",
                Language::German,
            ),
            (
                "Die Stadt hat sich fuer den Plan entschieden, und das ist gut.",
                Language::German,
            ),
            (
                "Det er ikke noe nytt, og vi har sett det før på Vestlandet.",
                Language::DanishNorwegian,
            ),
            (
                "Det aer inte nytt och vi har sett det foer paa landet.",
                Language::Swedish,
            ),
            (
                "O governo anunciou hoje um plano de 15 anos para a região.",
                Language::Other,
            ),
            (
                "Le marché de Noël connaît une fréquentation record.",
                Language::Other,
            ),
            ("Kurz.", Language::Other),
            ("Die Wahl", Language::Other),
        ];
        for (text, want) in cases {
            assert_eq!(guess(&[text]), want, "{text}");
        }
    }

    #[test]
    fn a_title_counts_with_its_text() {
        assert_eq!(guess(&["Die Wahl", "ist vorbei."]), Language::German);
    }

    #[test]
    fn letters_are_lowercase_and_beyond_ascii() {
        for lang in [
            Language::German,
            Language::DanishNorwegian,
            Language::Swedish,
        ] {
            for c in lang.letters() {
                assert!(!c.is_ascii() && c.is_lowercase(), "{c}");
            }
        }
        assert!(Language::Other.letters().is_empty());
    }
}
